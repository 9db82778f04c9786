# SPDX-License-Identifier: MIT
# First boot on every kind of rootfs_data a device leaves the factory or an
# upgrade with: each boots to the real init with the right overlay, says
# what it found and did, and the second boot keeps what the first wrote.
. "$(dirname "$0")/../lib.sh"

# first_and_second NAME DESCRIPTION EXPECTED-LOG-REGEX mkflash-options...
first_and_second() {
	name=$1 desc=$2 want=$3; shift 3
	fresh_flash "$name" "$@"
	boot "$name-1" "$name"; status=$?
	expect_real_init "$name-1" $status "$desc: boot 1 reaches the real init"
	expect_log "$name-1" "$desc: $want" "$want"
	expect_status "$name-1" overlay jffs2
	expect_status "$name-1" overlay_reason ""
	expect_log "$name-1" "$desc: the new overlay is marked ready" '^ROMINIT-TEST: overlay-state 2$'
	boot "$name-2" "$name"; status=$?
	expect_real_init "$name-2" $status "$desc: boot 2 reaches the real init"
	expect_log "$name-2" "$desc: boot 2 keeps boot 1's file" '^ROMINIT-TEST: boot-count 2$'
	expect_log "$name-2" "$desc: boot 2 mounts, formats nothing" "overlay: jffs2 from $DATA_MTD on /overlay \\(mounted, state was ready\\)\$"
}

first_and_second erased "erased flash" \
	"overlay: jffs2 from $DATA_MTD on /overlay \\(mounted, state was absent\\)\$"
# The board's rootfs_data in erase blocks, as mkflash lays it out.
fresh_flash geometry
blocks=$(($(data_size geometry) / ERASE_SIZE))
first_and_second zero "all-zero rootfs_data" \
	"overlay: $DATA_MTD formatted in [0-9]+ ms: $blocks blocks of $ERASE_SIZE bytes, 0 nodes obsoleted, 0 file nodes left unlinked, 0 summaries cleared, 1 erased, $((blocks - 1)) left for jffs2 to erase in the background\$" \
	--data zero

# OpenWrt's image: squashfs, then padjffs2's markers at 4, 8, 16, 64, 128
# and 256 KiB boundaries, then the previous firmware's leftovers. With each
# erase size, rootfs_data starts at one of the markers.
for kib in 4 8 16 64 128 256; do
	first_and_second "deadc0de-$kib" "deadc0de, ${kib} KiB erase blocks" \
		"overlay: $DATA_MTD formatted in [0-9]+ ms: [0-9]+ blocks of $((kib * 1024)) bytes" \
		--openwrt-pad --erase-size $((kib * 1024)) --data random
	expect_log "deadc0de-$kib-1" "deadc0de, ${kib} KiB: identified by the marker" \
		"overlay: $DATA_MTD \"$DATA_PART\" starts with: deadc0de\$"
done
done_testing
