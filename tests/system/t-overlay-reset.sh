# SPDX-License-Identifier: MIT
# State and factory reset: a PENDING overlay at boot (an interrupted first
# boot, or a reset request) is wiped, dot-directories included, keeping
# sysupgrade.tgz; rominit.factory_reset does the same; failsafe never touches
# rootfs_data; overlayfs semantics survive reboots on jffs2.
. "$(dirname "$0")/../lib.sh"

wiped_ok() { # NAME DESCRIPTION
	expect_log "$1" "$2: user file gone" '^ROMINIT-TEST: exists /etc/config-file no$'
	expect_log "$1" "$2: dot-directory gone" '^ROMINIT-TEST: exists /root/.ssh/id no$'
	expect_log "$1" "$2: sysupgrade.tgz kept" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'
	expect_log "$1" "$2: boot counter restarted" '^ROMINIT-TEST: boot-count 1$'
	expect_status "$1" overlay_action wiped
	expect_log "$1" "$2: marked ready again" '^ROMINIT-TEST: overlay-state 2$'
}

fresh_flash pending
boot pending-1 pending "test.do=populate,mark-pending"
expect_log pending-1 "populated and marked pending" '^ROMINIT-TEST: did mark-pending$'
boot pending-2 pending; status=$?
expect_real_init pending-2 $status "pending state: the boot reaches the real init"
expect_log pending-2 "pending state: wipe logged" 'overlay: state was pending \(interrupted first boot or reset request\): wiped [0-9]+ entries, kept sysupgrade.tgz$'
wiped_ok pending-2 "pending state"

fresh_flash reset
boot reset-1 reset "test.do=populate,escape-links"
expect_log reset-1 "links to /dev and /rom made in rootfs_data" '^ROMINIT-TEST: did escape-links$'
boot reset-2 reset "rominit.factory_reset"; status=$?
expect_real_init reset-2 $status "factory reset argument: the boot reaches the real init"
expect_log reset-2 "factory reset logged" 'overlay: factory reset: wiped [0-9]+ entries, kept sysupgrade.tgz$'
wiped_ok reset-2 "factory reset argument"
# The wipe deleted the links and did not go through them.
expect_log reset-2 "factory reset: links out of rootfs_data deleted" '^ROMINIT-TEST: escape-links 0$'
expect_log reset-2 "factory reset: /dev not wiped through a link" '^ROMINIT-TEST: dev-intact yes$'
expect_log reset-2 "factory reset: /rom not wiped through a link" '^ROMINIT-TEST: rom-has-init yes$'

fresh_flash failsafe
boot failsafe-1 failsafe "test.do=populate"
boot failsafe-2 failsafe "rominit.failsafe"; status=$?
expect_real_init failsafe-2 $status "failsafe: the boot reaches the real init"
expect_status failsafe-2 failsafe 1
expect_status failsafe-2 failsafe_by "kernel argument"
expect_status failsafe-2 overlay tmpfs
expect_log failsafe-2 "failsafe: rootfs_data not even mounted" '^ROMINIT-TEST: exists /etc/config-file no$'
boot failsafe-3 failsafe "failsafe=true"; status=$?
expect_real_init failsafe-3 $status "OpenWrt's failsafe=true: the boot reaches the real init"
expect_status failsafe-3 failsafe 1
expect_status failsafe-3 failsafe_by "kernel argument"
expect_status failsafe-3 overlay tmpfs
boot failsafe-4 failsafe; status=$?
expect_real_init failsafe-4 $status "after failsafe boots: the boot reaches the real init"
expect_log failsafe-4 "after failsafe boots, the data is intact" '^ROMINIT-TEST: exists /etc/config-file yes$'
expect_log failsafe-4 "... and the counter continues from boot 1" '^ROMINIT-TEST: boot-count 2$'

# A key on the console: "f" and Enter typed on the serial line once the
# question is on the screen (through a FIFO on QEMU's stdio).
build_variant key CONFIG_FAILSAFE_KEY_WAIT=3
key_boot() { # NAME TEXT-TO-TYPE; returns qemu-run's status
	local waited=0 k_pid k_status=0
	rm -f "$scratch/$1.fifo" && mkfifo "$scratch/$1.fifo"
	"$top/scripts/qemu-run" --board "$BOARD" --kernel "$(test_kernel)" \
		--initrd "$scratch/key/initramfs.cpio.gz" --flash "$scratch/failsafe.img" \
		--append "test.reboot" --log "$scratch/$1.raw" --timeout 60 \
		--input "$scratch/$1.fifo" &
	k_pid=$!
	exec 3>"$scratch/$1.fifo"
	while [ $waited -lt 300 ] && ! grep -aq 'press f and Enter' "$scratch/$1.raw" 2>/dev/null; do
		sleep 0.1
		waited=$((waited + 1))
	done
	# QEMU gone (no reader): EPIPE, not a SIGPIPE that ends this test.
	(trap '' PIPE; printf "$2" >&3) 2>/dev/null
	wait $k_pid || k_status=$?
	exec 3>&-
	tr -d '\r' < "$scratch/$1.raw" > "$scratch/$1.log"
	return $k_status
}
key_boot key 'f\n'; status=$?
expect_real_init key $status "console key: the boot reaches the real init"
expect_log key "console key: the question is asked" '^rominit: press f and Enter within 3 s for failsafe mode$'
expect_status key failsafe 1
expect_status key failsafe_by "console key"
expect_status key overlay tmpfs
key_boot nokey '\n'; status=$?
expect_real_init nokey $status "console key not pressed: the boot reaches the real init"
expect_status nokey failsafe 0
expect_log nokey "console key not pressed: no failsafe reason in the status file" '^ROMINIT-TEST: status failsafe_by=$'
expect_status nokey overlay jffs2

fresh_flash lower
boot lower-1 lower "test.do=delete-lower,replace-lower-dir"
boot lower-2 lower; status=$?
expect_real_init lower-2 $status "overlay semantics: the boot reaches the real init"
expect_log lower-2 "a deleted squashfs file stays deleted after reboot" '^ROMINIT-TEST: exists /etc/issue no$'
expect_log lower-2 "a replaced squashfs directory keeps only its new content" '^ROMINIT-TEST: exists /etc/lower-dir/file no$'
expect_log lower-2 "... and the new file is there" '^ROMINIT-TEST: exists /etc/lower-dir/new yes$'

# A full overlay: the next boot's write probe gets ENOSPC, and /init tells
# that from flash it cannot write by the free space (under 256 KiB is full)
# and mounts it anyway, saying so.
fresh_flash full
boot full-1 full "test.do=fill"
expect_log full-1 "the overlay was filled" '^ROMINIT-TEST: did fill$'
left=$(sed -n 's/^ROMINIT-TEST: fill \([0-9]*\) KiB left$/\1/p' "$scratch/full-1.log")
check "the fill really filled the overlay: ${left:-no} KiB left, under /init's 256 KiB for full" \
	test "${left:-256}" -lt 256
boot full-2 full; status=$?
expect_real_init full-2 $status "a full overlay still boots"
expect_status full-2 overlay jffs2
expect_log full-2 "a full overlay: the write probe's ENOSPC is logged, the overlay mounted anyway" \
	'rominit: .* overlay: /overlay is full \(write probe: No space left on device\); mounting it anyway so files can be deleted$'
done_testing
