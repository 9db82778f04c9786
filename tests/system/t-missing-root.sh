# SPDX-License-Identifier: MIT
# root= naming no partition: the documented fatal message, the partitions the
# kernel saw, then a reboot — never a bare kernel panic.
. "$(dirname "$0")/../lib.sh"

fresh_flash flash
boot noroot flash "root=mtd:nosuch rominit.reboot_delay=0"; status=$?
check "the guest rebooted by itself (qemu-run status $status)" test $status -eq 0
expect_log noroot "fatal message names the device and the reason" \
	'rominit: .* FATAL: root device mtd:nosuch not found: no MTD partition named "nosuch"$'
expect_log noroot "the MTD partitions are listed" "rominit: .*   $ROOTFS_MTD: [0-9a-f]{8} [0-9a-f]{8} \"$ROOT_PART\"\$"
expect_log noroot "the block devices are listed" 'rominit: .* block devices \(/proc/partitions\):'
expect_log noroot "reboot announced" 'rominit: .* rebooting in 0 s$'
check "no kernel panic" sh -c "! grep -qE 'Kernel panic|Attempted to kill init' '$scratch/noroot.log'"
check "no kmsg line lost to the kernel's rate limit" \
	sh -c "! grep -q 'output lines suppressed' '$scratch/noroot.log'"
check "the real init did not run" sh -c "! grep -q '^ROMINIT-TEST' '$scratch/noroot.log'"
# With a rescue shell built in, the fatal path runs it on the console (here
# fed two commands), then reboots when it exits.
build_variant rescue CONFIG_BUSYBOX=y 'CONFIG_RESCUE_SHELL="/bin/sh"'
# The first line is a sacrifice: busybox's line editor eats the first few
# characters typed while it probes the terminal.
printf ':::::::::\necho RESCUE-SHELL-$((6 * 7))\nexit 3\n' > "$scratch/typed"
"$top/scripts/qemu-run" --board "$BOARD" --kernel "$(test_kernel)" \
	--initrd "$scratch/rescue/initramfs.cpio.gz" --flash "$scratch/flash.img" \
	--append "root=mtd:nosuch rominit.reboot_delay=0" --log "$scratch/rescue.raw" \
	--timeout 60 --input "$scratch/typed"; status=$?
tr -d '\r' < "$scratch/rescue.raw" > "$scratch/rescue.log"
check "rescue shell: the guest reboots after it (status $status)" test $status -eq 0
expect_log rescue "rescue shell: announced" 'starting the rescue shell /bin/sh on the console; exit it to reboot$'
expect_log rescue "rescue shell: it ran the typed command" '^RESCUE-SHELL-42$'
expect_log rescue "rescue shell: its exit is logged" 'rescue shell exited \(status 3\)$'

# A corrupted squashfs: the mount fails, the errno text says why.
fresh_flash corrupt
head -c 4096 /dev/urandom | dd of="$scratch/corrupt.img" conv=notrunc status=none
boot corrupt corrupt "rominit.reboot_delay=0"; status=$?
check "corrupted squashfs: the guest reboots by itself (status $status)" test $status -eq 0
expect_log corrupt "corrupted squashfs: the failed mount is named with its errno text" \
	"FATAL: mount /dev/mtdblock${ROOTFS_MTD#mtd} \\(mtd:$ROOT_PART\\) on /rom as squashfs: Invalid argument\$"
done_testing
