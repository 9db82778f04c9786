# SPDX-License-Identifier: MIT
# rominit-ctl in the real root: factory-reset marks the overlay for wiping at
# the next boot; with CONFIG_DATA_READY_BY_INIT=n the real system's
# "rominit-ctl done" is what makes a new overlay stick (OpenWrt's
# "mount_root done"), and a boot interrupted before it is wiped again.
. "$(dirname "$0")/../lib.sh"

fresh_flash reset
boot reset-1 reset "test.do=populate,ctl-reset"
expect_log reset-1 "factory-reset succeeds" '^ROMINIT-TEST: ctl-status 0$'
expect_log reset-1 "... and says what happens next" 'overlay marked pending: the next boot wipes it$'
boot reset-2 reset; status=$?
expect_real_init reset-2 $status "after rominit-ctl factory-reset: the boot reaches the real init"
expect_log reset-2 "the overlay was wiped" '^ROMINIT-TEST: exists /etc/config-file no$'
expect_log reset-2 "sysupgrade.tgz kept" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'

build_variant late CONFIG_DATA_READY_BY_INIT=n
fresh_flash late
boot late-1 late "test.do=populate" "$scratch/late/initramfs.cpio.gz"
expect_log late-1 "a new overlay stays pending until the system is done" '^ROMINIT-TEST: overlay-state 1$'
boot late-2 late "test.do=populate,ctl-done" "$scratch/late/initramfs.cpio.gz"
expect_log late-2 "first boot never finished: wiped" '^ROMINIT-TEST: boot-count 1$'
expect_log late-2 "rominit-ctl done succeeds" '^ROMINIT-TEST: ctl-status 0$'
boot late-3 late "" "$scratch/late/initramfs.cpio.gz"
expect_log late-3 "after done, the overlay is kept" '^ROMINIT-TEST: exists /etc/config-file yes$'
expect_log late-3 "... and marked ready" '^ROMINIT-TEST: overlay-state 2$'

boot ramctl reset "rominit.failsafe test.do=ctl-reset"
expect_log ramctl "rominit-ctl refuses without a persistent overlay" '^ROMINIT-TEST: ctl-status 1$'
done_testing
