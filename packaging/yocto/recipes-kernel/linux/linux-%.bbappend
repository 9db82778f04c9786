# SPDX-License-Identifier: MIT
# The kernel embeds rominit's archive: build it first, then point
# CONFIG_INITRAMFS_SOURCE at it (the board's CONFIG_COMPRESS_NONE=y: the
# kernel compresses it itself). An example (packaging/README.md).
do_configure[depends] += "rominit:do_deploy"
do_configure:append() {
	${S}/scripts/config --file ${B}/.config \
		--set-str INITRAMFS_SOURCE ${DEPLOY_DIR_IMAGE}/rominit/initramfs.cpio \
		--set-val INITRAMFS_ROOT_UID 0 --set-val INITRAMFS_ROOT_GID 0
	oe_runmake -C ${S} O=${B} olddefconfig
}
