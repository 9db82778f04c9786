# root= naming no partition: the documented fatal message, the partitions the
# kernel saw, then a reboot — never a bare kernel panic.
. "$(dirname "$0")/../lib.sh"

fresh_flash flash
boot noroot flash "root=mtd:nosuch rominit.reboot_delay=0"; status=$?
check "the guest rebooted by itself (qemu-run status $status)" test $status -eq 0
expect_log noroot "fatal message names the device and the reason" \
	'rominit: .* FATAL: root device mtd:nosuch not found: no MTD partition named "nosuch"$'
expect_log noroot "the MTD partitions are listed" 'rominit: .*   mtd1: 00400000 00010000 "rootfs"$'
expect_log noroot "the block devices are listed" 'rominit: .* block devices \(/proc/partitions\):'
expect_log noroot "reboot announced" 'rominit: .* rebooting in 0 s$'
check "no kernel panic" sh -c "! grep -qE 'Kernel panic|Attempted to kill init' '$scratch/noroot.log'"
check "no kmsg line lost to the kernel's rate limit" \
	sh -c "! grep -q 'output lines suppressed' '$scratch/noroot.log'"
check "the real init did not run" sh -c "! grep -q '^ROMINIT-TEST' '$scratch/noroot.log'"
done_testing
