# rootfs_data that cannot be used: the device still reaches the real init,
# on a tmpfs overlay, and says why, on the console and in the status file.
# Nothing it cannot identify is ever formatted.
. "$(dirname "$0")/../lib.sh"

# fallback NAME DESCRIPTION REASON-REGEX mkflash-options...
fallback() {
	name=$1 desc=$2 reason=$3; shift 3
	fresh_flash "$name" "$@"
	boot "$name" "$name"; status=$?
	expect_real_init "$name" $status "$desc: reaches the real init"
	expect_status "$name" overlay tmpfs
	expect_status "$name" overlay_action fallback
	expect_log "$name" "$desc: the reason is in the status file" "^ROMINIT-TEST: status overlay_reason=$reason"
	expect_log "$name" "$desc: the reason is logged as an error" "rominit: .* overlay: $reason"
	expect_log "$name" "$desc: the tmpfs overlay is on /" '^ROMINIT-TEST: mount /overlay tmpfs tmpfs$'
	expect_log "$name" "$desc: loud warning that changes are lost" 'changes will NOT survive a reboot$'
}

fallback garbage "garbage in rootfs_data" \
	'mtd2 "rootfs_data" holds no filesystem rominit knows: left untouched' --data random
check "garbage: the partition was not formatted" \
	sh -c "! grep -q 'formatting' '$scratch/garbage.log'"
fallback missing "no rootfs_data partition" 'no MTD partition named "rootfs_data"' --no-data
fallback readonly "read-only rootfs_data MTD" 'flash not writable: mtd2 "rootfs_data" is a read-only MTD$' --data-ro
check "tmpfs overlay has a size limit" sh -c "grep -E '^ROMINIT-TEST: mount /overlay tmpfs' '$scratch/garbage.log' >/dev/null && grep -q 'overlay: using a tmpfs overlay (size 25%)' '$scratch/garbage.log'"
done_testing
