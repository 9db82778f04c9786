# SPDX-License-Identifier: MIT
# rominit-ctl in the real root: factory-reset marks the overlay for wiping at
# the next boot; with CONFIG_DATA_READY_BY_INIT=n the real system's
# "rominit-ctl done" is what makes a new overlay stick (OpenWrt's
# "mount_root done"), and a boot interrupted before it is wiped again. In
# failsafe or a tmpfs fallback, factory-reset marks the data volume itself
# (0xdeadc0de) and the next boot formats it: OpenWrt's firstboot.
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

# Failsafe, then rominit-ctl factory-reset: OpenWrt's firstboot. The data
# volume is not the overlay, so it is marked itself (0xdeadc0de at its
# start) and the next boot formats it.
data_dev=/dev/$(board_fact DATA_MTD)
data_head() { dd if="$scratch/$1.img" bs=4 iflag=skip_bytes skip="$(data_offset "$1")" count=1 \
	status=none | od -An -tx1 | tr -d ' \n'; }
boot safe-1 reset "test.do=populate"
boot safe-ctl reset "rominit.failsafe test.do=ctl-reset"
expect_status safe-ctl data_volume "$data_dev"
expect_status safe-ctl data_found ""
expect_log safe-ctl "failsafe: the data volume located, not touched" \
	"overlay: failsafe: rootfs_data \\($DATA_MTD \"$DATA_PART\"\\) is not touched\$"
expect_log safe-ctl "factory-reset in failsafe succeeds" '^ROMINIT-TEST: ctl-status 0$'
expect_log safe-ctl "... and says what it did" \
	"rominit-ctl: $data_dev marked for a factory reset \\(0xdeadc0de at its start\\): the next boot formats it; all of it is lost, sysupgrade.tgz too\$"
check "... the marker is at rootfs_data's start" test "$(data_head reset)" = deadc0de
boot safe-2 reset; status=$?
expect_real_init safe-2 $status "the boot after a failsafe factory reset reaches the real init"
expect_status safe-2 data_found deadc0de
expect_status safe-2 overlay_action formatted
expect_log safe-2 "... its files gone" '^ROMINIT-TEST: exists /etc/config-file no$'
expect_log safe-2 "... a new overlay" '^ROMINIT-TEST: boot-count 1$'

# A tmpfs fallback (an ext4 where this board keeps jffs2: left alone),
# then the same reset: the next boot formats jffs2 over it.
fresh_flash other --data ext4
boot other-1 other "test.do=ctl-reset"
expect_status other-1 overlay tmpfs
expect_log other-1 "factory-reset from a tmpfs fallback succeeds" '^ROMINIT-TEST: ctl-status 0$'
boot other-2 other; status=$?
expect_real_init other-2 $status "the boot after it reaches the real init"
expect_status other-2 data_found deadc0de
expect_status other-2 overlay jffs2
expect_status other-2 overlay_action formatted

boot ramctl reset "rominit.failsafe test.do=ctl-done"
expect_log ramctl "rominit-ctl done refuses without a persistent overlay" '^ROMINIT-TEST: ctl-status 1$'
done_testing
