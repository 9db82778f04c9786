# SPDX-License-Identifier: MIT
# rominit: an example recipe (packaging/README.md). Not built inside Yocto
# by the project: tests/gen/t-packaging.sh drives the same make command
# lines with Debian's toolchain.
SUMMARY = "rominit: an initramfs /init for squashfs roots with a flash overlay"
LICENSE = "MIT & GPL-2.0-only"
LIC_FILES_CHKSUM = "file://LICENSE;md5=${ROMINIT_LICENSE_MD5}"
# Set in local.conf or a bbappend: where your rominit is, and its board.
ROMINIT_GIT ?= "git://example.invalid/rominit.git;protocol=https;branch=main"
ROMINIT_BOARD ?= "qemu-x86_64"
ROMINIT_LICENSE_MD5 ?= "0"
SRC_URI = "${ROMINIT_GIT}"
SRCREV ?= "${AUTOREV}"
PV = "0.0+git${SRCPV}"
S = "${WORKDIR}/git"

# gen is a host program (libarchive and its compressors); kconfig-conf
# reads the board's defconfig.
DEPENDS = "libarchive-native xz-native lz4-native zlib-native zstd-native kconfig-frontends-native"

inherit deploy pkgconfig

EXTRA_OEMAKE = "BOARD=${ROMINIT_BOARD} O=${B} \
	CC='${CC}' CFLAGS='${CFLAGS}' LDFLAGS='${LDFLAGS}' CROSS_COMPILE=${TARGET_PREFIX} \
	HOSTCC='${BUILD_CC}' WERROR="

do_compile() {
	oe_runmake -C ${S} initramfs
}

do_install() {
	oe_runmake -C ${S} DESTDIR=${D} install
}

# The archive for the kernel (CONFIG_INITRAMFS_SOURCE, see
# recipes-kernel/linux) or the bootloader.
do_deploy() {
	oe_runmake -C ${S} DESTDIR=${DEPLOYDIR} IMAGEDIR=/rominit install-images
}
addtask deploy after do_compile before do_build

FILES:${PN} = "${sbindir}/rominit-ctl /rom /overlay"
