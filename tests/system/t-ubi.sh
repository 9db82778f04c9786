# SPDX-License-Identifier: MIT
# UBI and UBIFS on the board's flash (block2mtd on qemu-x86_64, CFI NOR on
# qemu-arm64): the root in a UBI volume through the ubiblock device /init
# creates, the overlay on ubifs in the volume rootfs_data, UBI attached by
# /init (the test kernel has no ubi.mtd=). The same contract as jffs2: blank
# first boot, files kept, factory reset by argument and by rominit-ctl,
# PENDING wiped, failsafe; a missing volume created or a fallback by board
# option; a partition that holds no UBI, or a UBI that will not attach, is
# a tmpfs fallback with the reason and the flash byte for byte unchanged.
. "$(dirname "$0")/../lib.sh"

UBI_LINES='CONFIG_UBI=y
CONFIG_DEFAULT_ROOT="ubi:rootfs"
CONFIG_DATA_VOLUME="ubi:rootfs_data"'
# shellcheck disable=SC2086
build_variant ubi $UBI_LINES || { fail "UBI variant builds"; done_testing; }
build_variant ubi-nocreate $UBI_LINES CONFIG_UBI_CREATE_DATA=n ||
	{ fail "UBI variant without volume creation builds"; done_testing; }
# The root stays on its MTD partition; UBI only in what was rootfs_data.
build_variant ubi-data CONFIG_UBI=y 'CONFIG_UBI_PARTITION="rootfs_data"' \
	'CONFIG_DATA_VOLUME="ubi:rootfs_data"' || { fail "UBI data-only variant builds"; done_testing; }
UBI=$scratch/ubi/initramfs.cpio.gz

ubi_boot() { boot "$1" "$2" "${3:-}" "${4:-$UBI}"; }

# --- blank first boot, second boot, root from UBI ---------------------------
fresh_flash ubi --ubi
ubi_boot first ubi "test.do=populate"; status=$?
expect_real_init first $status "blank UBI: the first boot reaches the real init"
expect_log first "/init attaches the ubi partition itself (no ubi.mtd= given)" \
	'rominit: .* ubi: attached mtd[0-9]+ "ubi" as ubi0 \([0-9]+ blocks: [0-9]+ UBI, '
expect_log first "the root is the rootfs volume through a ubiblock device /init made" \
	'^ROMINIT-TEST: mount /rom squashfs /dev/ubiblock0_0$'
expect_log first "ubifs on /overlay" '^ROMINIT-TEST: mount /overlay ubifs ubi0:rootfs_data$'
expect_status first overlay ubifs
expect_status first overlay_action mounted
expect_status first data_found erased
expect_status first data_volume /dev/ubi0_1
expect_status first root /dev/ubiblock0_0
expect_log first "the empty volume is a new overlay, marked ready" '^ROMINIT-TEST: overlay-state 2$'

ubi_boot second ubi; status=$?
expect_real_init second $status "UBI: the second boot reaches the real init"
expect_log second "boot 1's files are kept" '^ROMINIT-TEST: exists /etc/config-file yes$'
expect_log second "the boot count went on" '^ROMINIT-TEST: boot-count 2$'
expect_status second data_found ubifs
expect_status second data_state ready
expect_log second "mounted as it was" \
	'overlay: ubifs from ubi0_1 on /overlay \(mounted, state was ready\)$'

# --- factory reset: argument, rominit-ctl, PENDING ---------------------------
expect_wiped() { # NAME DESCRIPTION
	expect_log "$1" "$2: settings gone" '^ROMINIT-TEST: exists /etc/config-file no$'
	expect_log "$1" "$2: dot-directories gone" '^ROMINIT-TEST: exists /root/.ssh/id no$'
	expect_log "$1" "$2: sysupgrade.tgz kept" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'
	expect_status "$1" overlay_action wiped
	expect_status "$1" overlay ubifs
}
ubi_boot reset-arg ubi "rominit.factory_reset"; status=$?
expect_real_init reset-arg $status "factory reset by argument reaches the real init"
expect_wiped reset-arg "factory reset by argument"
expect_log reset-arg "the reset was made durable before the wipe" \
	'overlay: factory reset: wiping /overlay$'

ubi_boot populate ubi "test.do=populate,ctl-reset"; status=$?
expect_log populate "rominit-ctl factory-reset works on ubifs" '^ROMINIT-TEST: ctl-status 0$'
ubi_boot reset-ctl ubi; status=$?
expect_real_init reset-ctl $status "the boot after rominit-ctl factory-reset reaches the real init"
expect_wiped reset-ctl "factory reset by rominit-ctl"
expect_status reset-ctl data_state pending

ubi_boot mark ubi "test.do=populate,mark-pending"; status=$?
ubi_boot pending ubi; status=$?
expect_real_init pending $status "PENDING at boot: reaches the real init"
expect_wiped pending "PENDING at boot"

# --- failsafe ---------------------------------------------------------------
ubi_boot populate-2 ubi "test.do=populate"
ubi_boot failsafe ubi "rominit.failsafe"; status=$?
expect_real_init failsafe $status "failsafe on UBI reaches the real init"
expect_status failsafe overlay tmpfs
expect_status failsafe failsafe 1
expect_status failsafe data_volume ""
expect_log failsafe "failsafe: ubifs not mounted" '^ROMINIT-TEST: exists /etc/config-file no$'
ubi_boot after-failsafe ubi; status=$?
expect_log after-failsafe "after failsafe the overlay is back" '^ROMINIT-TEST: exists /etc/config-file yes$'

# --- a missing volume --------------------------------------------------------
fresh_flash absent --ubi --ubi-data absent
ubi_boot create absent "test.do=populate"; status=$?
expect_real_init create $status "missing rootfs_data: reaches the real init"
expect_log create "the missing volume is created from the free space" \
	'ubi: created volume "rootfs_data" on ubi0 from the free space: [0-9]+ KiB$'
expect_status create overlay ubifs
expect_status create overlay_action created
ubi_boot create-2 absent; status=$?
expect_log create-2 "the created volume keeps files" '^ROMINIT-TEST: exists /etc/config-file yes$'
expect_status create-2 overlay_action mounted

fresh_flash absent-2 --ubi --ubi-data absent
boot nocreate absent-2 "" "$scratch/ubi-nocreate/initramfs.cpio.gz"; status=$?
expect_real_init nocreate $status "missing rootfs_data, no creation: reaches the real init"
expect_status nocreate overlay tmpfs
expect_status nocreate overlay_reason 'no UBI volume named "rootfs_data"'

# --- an interrupted update of rootfs_data ------------------------------------
# What a power cut inside the volume's emptying (UBI_IOCVOLUP) leaves: the
# update marker set, and UBI refusing every read. /init empties it again.
cc -std=gnu11 -Wall -Wextra -Werror -I"$top" -o "$scratch/ubi-upd-marker" \
	"$top/tests/system/tools/ubi-upd-marker.c" "$top/lib/jffs2.c" ||
	fail "the update-marker tool builds"
fresh_flash marker --ubi
check "rootfs_data's update marker set in both volume tables" \
	"$scratch/ubi-upd-marker" "$scratch/marker.img" "$(data_offset marker)" "$ERASE_SIZE" 1
ubi_boot marker marker "test.do=populate"; status=$?
expect_real_init marker $status "an interrupted update: reaches the real init"
expect_log marker "the interrupted update is named" \
	'ubi: /dev/ubi0_1: an interrupted update \(update marker set\): to be emptied$'
expect_status marker overlay ubifs
expect_status marker overlay_action formatted
ubi_boot marker-2 marker; status=$?
expect_log marker-2 "the emptied volume keeps files from then on" '^ROMINIT-TEST: exists /etc/config-file yes$'
expect_status marker-2 overlay_action mounted

# --- what must never be attached, or does not attach: flash unchanged --------
refused() { # NAME DESCRIPTION REASON-REGEX mkflash-options...
	r_name=$1 r_desc=$2 r_why=$3; shift 3
	fresh_flash "$r_name" "$@"
	before=$(data_sum "$r_name")
	boot "$r_name" "$r_name" "" "$scratch/ubi-data/initramfs.cpio.gz"; status=$?
	expect_real_init "$r_name" $status "$r_desc: reaches the real init"
	expect_status "$r_name" overlay tmpfs
	if status_of "$r_name" overlay_reason | grep -qE -- "$r_why"; then
		ok "$r_desc: the reason says why ($(status_of "$r_name" overlay_reason))"
	else
		fail "$r_desc: reason '$(status_of "$r_name" overlay_reason)' does not match '$r_why'"
	fi
	check "$r_desc: the partition is byte for byte unchanged" [ "$(data_sum "$r_name")" = "$before" ]
}
refused jffs2 "a jffs2 where UBI should be" \
	'holds jffs2 at 0x0 \(1 of [0-9]+ blocks start with a filesystem\): not attaching it as UBI, left untouched' \
	--data-image "$(mkdir -p "$scratch/tree" && echo x > "$scratch/tree/f" &&
		mkfs.jffs2 $JFFS2_NATIVE -e "$ERASE_SIZE" -r "$scratch/tree" -o "$scratch/j.img" && echo "$scratch/j.img")"
refused random "random bytes where UBI should be" 'holds no UBI \(unknown at 0x0' --data random

# UBI in the first blocks, a jffs2 further in (a partition only partly
# made UBI): UBI would erase the jffs2's blocks as unreadable headers.
printf '[v]\nmode=ubi\nvol_id=0\nvol_type=dynamic\nvol_name=rootfs_data\nvol_size=1MiB\n' > "$scratch/v.cfg"
ubinize -o "$scratch/part.img" -p "$ERASE_SIZE" -m 1 "$scratch/v.cfg" >/dev/null
{ cat "$scratch/part.img"; tr '\000' '\377' < /dev/zero | head -c $((8 * ERASE_SIZE)); } |
	head -c $((8 * ERASE_SIZE)) > "$scratch/mixed.img"
cat "$scratch/j.img" >> "$scratch/mixed.img"
refused mixed "UBI, then a jffs2 further in" \
	"holds jffs2 at 0x$(printf %x $((8 * ERASE_SIZE))) \\(1 of [0-9]+ blocks start with a filesystem\\): not attaching it as UBI" \
	--data-image "$scratch/mixed.img"

# A UBI whose volume table is destroyed: both copies (PEBs 0 and 1, the
# layout volume ubinize writes first) overwritten after their headers.
printf '[v]\nmode=ubi\nvol_id=0\nvol_type=dynamic\nvol_name=rootfs_data\nvol_size=1MiB\n' > "$scratch/v.cfg"
ubinize -o "$scratch/u.img" -p "$ERASE_SIZE" -m 1 "$scratch/v.cfg" >/dev/null
for peb in 0 1; do
	head -c 4096 /dev/urandom | dd of="$scratch/u.img" bs=1 seek=$((peb * ERASE_SIZE + 128)) \
		conv=notrunc status=none
done
refused corrupt "a UBI with a corrupted volume table" 'cannot attach mtd[0-9]+ "rootfs_data" as UBI: ' \
	--data-image "$scratch/u.img"
done_testing
