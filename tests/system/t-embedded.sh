# SPDX-License-Identifier: MIT
# The same initramfs embedded in the kernel: a kernel built with
# CONFIG_INITRAMFS_SOURCE pointing at gen's list file boots with no -initrd.
. "$(dirname "$0")/../lib.sh"

kdir=$scratch/kernel-embedded
kernel=$("$top/scripts/build-kernel" "$BOARD" --initramfs "$O/initramfs.list" "$kdir")
check "kernel with CONFIG_INITRAMFS_SOURCE=gen's list builds" test -f "$kernel"
fresh_flash flash
boot embedded flash "" - "$kernel"; status=$?
expect_real_init embedded $status "the embedded initramfs boots to the real init"
expect_log embedded "the jffs2 overlay is mounted" "^ROMINIT-TEST: mount /overlay jffs2 mtd:$DATA_PART\$"
check "no external initrd was unpacked" \
	sh -c "! grep -q 'Trying to unpack rootfs image as initramfs' '$scratch/embedded.log'"
expect_log embedded "rominit ran from the built-in archive" 'rominit: .* switch_root: exec /sbin/init \(overlay jffs2\)$'
done_testing
