# SPDX-License-Identifier: MIT
# The disk board (qemu-x86_64-disk): the firmware on a disk, in OpenWrt's
# two block layouts (scripts/mkdisk), each with ext4 and f2fs:
#   openwrt-x86  MBR, root=PARTUUID=5452574f-02; the overlay on a loop device
#                after the squashfs in partition 2 (rootdisk)
#   emmc-gpt     GPT, root=PARTLABEL=rootfs; the overlay on rootfs_data
# One initramfs serves both (PARTLABEL=rootfs_data, else rootdisk). Then a
# settings backup at the overlay's start, a late USB stick within rootwait
# and one past it, a root without mkfs, a kernel without f2fs, an ext4 that
# e2fsck will not repair, an ext4 checked from its superblock's copy, a
# read-only disk, failsafe, and a factory reset from failsafe.
. "$(dirname "$0")/../lib.sh"

disk() { fresh_disk "$@"; }
layout_of() { sed -n "s/^$2=//p" "$scratch/$1.img.layout"; }

# rows TAG DISK FS DEVICE [APPEND]: the lifecycle of an overlay on DISK.
rows() {
	local t=$1 d=$2 fs=$3 dev=$4 extra=${5:-} st fsck
	case $fs in ext4) fsck='/usr/sbin/e2fsck -p' ;; *) fsck='/usr/sbin/fsck.f2fs -a' ;; esac
	boot "$t-first" "$d" "$extra"; st=$?
	expect_real_init "$t-first" $st "$t: the first boot on a new disk reaches the real init"
	expect_log "$t-first" "$t: ... mkfs.$fs from the root on $dev" \
		"overlay: formatting .*: /usr/sbin/mkfs.$fs -[fF] -[lL] rootfs_data $dev\$"
	expect_log "$t-first" "$t: ... $fs on /overlay" "^ROMINIT-TEST: mount /overlay $fs $dev\$"
	expect_status "$t-first" overlay_action formatted
	expect_log "$t-first" "$t: ... marked ready" '^ROMINIT-TEST: overlay-state 2$'

	boot "$t-second" "$d" "$extra test.do=populate"; st=$?
	expect_real_init "$t-second" $st "$t: the second boot reaches the real init"
	expect_log "$t-second" "$t: ... checked by the root's fsck" "overlay: $fsck $dev: clean in [0-9]+ ms\$"
	expect_log "$t-second" "$t: ... its files kept" '^ROMINIT-TEST: boot-count 2$'
	expect_status "$t-second" overlay_action mounted

	boot "$t-reset" "$d" "$extra rominit.factory_reset"; st=$?
	expect_real_init "$t-reset" $st "$t: a factory reset by argument reaches the real init"
	expect_status "$t-reset" overlay_action wiped
	expect_log "$t-reset" "$t: ... settings gone" '^ROMINIT-TEST: exists /etc/config-file no$'
	expect_log "$t-reset" "$t: ... sysupgrade.tgz kept" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'

	boot "$t-ctl" "$d" "$extra test.do=populate,ctl-reset"
	expect_log "$t-ctl" "$t: rominit-ctl factory-reset works" '^ROMINIT-TEST: ctl-status 0$'
	boot "$t-reset-ctl" "$d" "$extra"; st=$?
	expect_real_init "$t-reset-ctl" $st "$t: the boot after rominit-ctl factory-reset reaches the real init"
	expect_status "$t-reset-ctl" overlay_action wiped
	expect_log "$t-reset-ctl" "$t: ... the boot count starts again" '^ROMINIT-TEST: boot-count 1$'

	boot "$t-mark" "$d" "$extra test.do=populate,mark-pending"
	boot "$t-pending" "$d" "$extra"; st=$?
	expect_real_init "$t-pending" $st "$t: PENDING at boot: the real init runs"
	expect_status "$t-pending" overlay_action wiped

	printf '\336\255\300\336' | put_data "$d" 0
	boot "$t-marker" "$d" "$extra"; st=$?
	expect_real_init "$t-marker" $st "$t: 0xdeadc0de at the overlay's start: the real init runs"
	expect_status "$t-marker" data_found deadc0de
	expect_status "$t-marker" overlay_action formatted
	expect_log "$t-marker" "$t: ... on a new $fs" '^ROMINIT-TEST: boot-count 1$'
}

# openwrt-x86: the overlay after the squashfs, from the squashfs's end
# rounded up to 64 KiB: where mkdisk says.
disk x86
part2=$((34816 * 512)) # partition 2's first byte (mkdisk: 1 MiB, then 16 MiB of boot)
rows x86-f2fs x86 f2fs /dev/loop0
expect_log x86-f2fs-first "x86-f2fs: the root partition found by its MBR PARTUUID" \
	'root: mounted /dev/vda2 \(PARTUUID=5452574f-02\) as squashfs on /rom$'
expect_log x86-f2fs-first "x86-f2fs: no rootfs_data partition: the space after the squashfs" \
	'overlay: no partition with PARTLABEL=rootfs_data: using rootdisk$'
expect_log x86-f2fs-first "x86-f2fs: ... 101 MiB of it: f2fs by OpenWrt's rule" \
	'has 101 MiB: a new overlay there is f2fs \(auto: f2fs above 100 MiB\)$'
expect_status x86-f2fs-first data_backing /dev/vda2
expect_status x86-f2fs-first data_offset $(($(layout_of x86 DATA_OFFSET) - part2))
check "x86-f2fs: the loop's offset is 64 KiB-aligned" test $(($(status_of x86-f2fs-first data_offset) % 65536)) -eq 0
check "x86-f2fs: ... and the squashfs before it untouched" \
	cmp -s -n "$(stat -c %s "$O/test/rootfs.squashfs")" "$O/test/rootfs.squashfs" "$scratch/x86.img" 0 $part2

disk x86e
rows x86-ext4 x86e ext4 /dev/loop0 fstools_overlay_fstype=ext4

# emmc-gpt: rootfs_data found by its GPT name; 128 MiB: f2fs; 64 MiB: ext4.
disk emmc --layout emmc-gpt
rows emmc-f2fs emmc f2fs /dev/vda3
expect_log emmc-f2fs-first "emmc-f2fs: the root by its GPT name" \
	'root: mounted /dev/vda2 \(PARTLABEL=rootfs\) as squashfs on /rom$'
expect_status emmc-f2fs-first data_volume /dev/vda3
disk emmce --layout emmc-gpt --data-mib 64
rows emmc-ext4 emmce ext4 /dev/vda3
check "emmc-ext4: 64 MiB: ext4 by OpenWrt's rule, no f2fs line" \
	sh -c "! grep -q 'a new overlay there is f2fs' '$scratch/emmc-ext4-first.log'"

# A settings backup where the overlay goes (OpenWrt's emmc_copy_config):
# kept as sysupgrade.tgz in the new overlay, a tar busybox unpacks.
mkdir -p "$scratch/settings/etc/config"
echo "config interface 'lan'" > "$scratch/settings/etc/config/network"
tar -czf "$scratch/settings.tgz" -C "$scratch/settings" etc
for d in x86 emmc; do
	put_data $d 0 < "$scratch/settings.tgz"
	boot $d-backup $d "test.do=list-backup"; st=$?
	expect_real_init $d-backup $st "$d: a settings backup at the overlay's start: the real init runs"
	expect_status $d-backup data_found backup
	expect_status $d-backup overlay_action formatted
	expect_log $d-backup "$d: ... copied out before mkfs" \
		'holds a settings backup \(gzip\): [0-9]+ bytes of it kept for the new overlay.s sysupgrade.tgz$'
	expect_log $d-backup "$d: ... into the new overlay" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'
	expect_log $d-backup "$d: ... whole: busybox tar lists its file" \
		'^ROMINIT-TEST: backup-file etc/config/network$'
done

# A USB stick appears seconds after the kernel starts (usb-storage waits
# delay_use seconds before it scans one): rootwait waits for it, bounded.
disk usb
BOOT_DISKS=--flash-usb
boot late usb "usb-storage.delay_use=3"; st=$?
expect_real_init late $st "a root on a USB stick that appears 3 s late: the real init runs"
expect_log late "... found within rootwait" 'root: PARTUUID=5452574f-02 appeared after [0-9]+ ms$'
expect_log late "... the overlay on the stick" '^ROMINIT-TEST: mount /overlay f2fs /dev/loop0$'
boot too-late usb "usb-storage.delay_use=6 rootwait=2"
expect_log too-late "a stick later than rootwait=2: a fatal error naming the wait" \
	'FATAL: root device PARTUUID=5452574f-02 not found: no partition with PARTUUID=5452574f-02 \(rootwait: 2000 ms\)$'
BOOT_DISKS=

# A root without mkfs: a fallback naming the tool, the disk untouched.
"$top/scripts/mkrootfs" "$scratch/plain.squashfs" "$O/rominit-ctl" >/dev/null ||
	fail "a test root without the tools"
DISK_ROOTFS=$scratch/plain.squashfs disk notool
before=$(data_sum notool)
boot notool notool; st=$?
expect_real_init notool $st "a root without mkfs.f2fs: the real init runs"
expect_status notool overlay tmpfs
expect_log notool "... the reason names the tool" \
	'cannot format loop0 \(rootdisk: /dev/vda2 from [0-9]+\) as f2fs: no /usr/sbin/mkfs.f2fs in the root'
check "... and the disk is untouched" test "$(data_sum notool)" = "$before"

# A kernel without f2fs: auto makes ext4; f2fs asked for is not made; an
# f2fs there is not mounted, and left as it is. (tmpfs ACLs keep
# FS_POSIX_ACL, which f2fs selected: without it most of the kernel is
# rebuilt. Cached: built once.)
nof2fs=$("$top/scripts/kernel-variant" "$BOARD" nof2fs \
	CONFIG_F2FS_FS=n CONFIG_TMPFS_POSIX_ACL=y) ||
	fail "a kernel without f2fs builds"
disk k1
boot nof2fs-auto k1 "" "" "$nof2fs"; st=$?
expect_real_init nof2fs-auto $st "a kernel without f2fs, 101 MiB, auto: the real init runs"
expect_log nof2fs-auto "... auto makes ext4" 'the kernel has no f2fs: a new overlay there is ext4$'
expect_log nof2fs-auto "... on /overlay" '^ROMINIT-TEST: mount /overlay ext4 /dev/loop0$'
disk k2
before=$(data_sum k2)
boot nof2fs-asked k2 fstools_overlay_fstype=f2fs "" "$nof2fs"; st=$?
expect_real_init nof2fs-asked $st "a kernel without f2fs, f2fs asked for: the real init runs"
expect_log nof2fs-asked "... a fallback that says why, nothing made" \
	'as f2fs: the kernel has no f2fs support \(/proc/filesystems\): left untouched$'
check "... and the disk is untouched" test "$(data_sum k2)" = "$before"
before=$(data_sum emmc)
boot nof2fs-there emmc "" "" "$nof2fs"; st=$?
expect_real_init nof2fs-there $st "a kernel without f2fs, an f2fs overlay: the real init runs"
expect_log nof2fs-there "... mount says the kernel lacks it" 'the kernel has no f2fs support: mount /dev/vda3 as f2fs'
check "... and the f2fs is untouched" test "$(data_sum emmc)" = "$before"

# An ext4 that e2fsck -p will not repair (its root inode cleared): the data
# stays (e2fsck -p may repair what is safe before it stops; nothing is
# formatted), on both layouts. Then a board that opts in formats it.
build_variant reformat CONFIG_BLOCK_REFORMAT_UNREPAIRABLE=y ||
	fail "an /init with CONFIG_BLOCK_REFORMAT_UNREPAIRABLE builds"
for d in x86e emmce; do
	boot $d-keep $d "test.do=keepsake"
	off=$(data_offset $d) size=$(data_size $d)
	dd if="$scratch/$d.img" of="$scratch/region.img" bs=1M iflag=skip_bytes,count_bytes \
		skip="$off" count="$size" status=none
	# The journal first, as the guest's e2fsck would replay it (and with
	# it the inode): then the damage is what e2fsck meets.
	e2fsck -E journal_only -y "$scratch/region.img" >/dev/null 2>&1
	printf '%s\n' "clri <2>" "ssv state 0" | debugfs -w -f - "$scratch/region.img" >/dev/null 2>&1
	dd if="$scratch/region.img" of="$scratch/$d.img" bs=1M oflag=seek_bytes seek="$off" \
		conv=notrunc status=none
	boot $d-broken $d; st=$?
	expect_real_init $d-broken $st "$d: an ext4 e2fsck will not repair: the real init runs"
	expect_status $d-broken overlay tmpfs
	expect_log $d-broken "$d: ... a fallback with e2fsck's status" \
		'/usr/sbin/e2fsck -p /dev/(loop0|vda3): errors left \(status 4\): .*; left as it is$'
	dd if="$scratch/$d.img" of="$scratch/region.img" bs=1M iflag=skip_bytes,count_bytes \
		skip="$off" count="$size" status=none
	check "$d: ... not formatted: its root inode still missing" \
		sh -c "! e2fsck -n '$scratch/region.img' >/dev/null 2>&1"
	check "$d: ... and a file's data still there" grep -qa rominit-keepsake-31415 "$scratch/region.img"
	rm -f "$scratch/region.img"
done
boot reformat emmce "" "$scratch/reformat/initramfs.cpio.gz"; st=$?
expect_real_init reformat $st "CONFIG_BLOCK_REFORMAT_UNREPAIRABLE: the real init runs"
expect_log reformat "... the board's choice logged as an error" \
	'errors left \(status 4\): .*; formatting it instead \(CONFIG_BLOCK_REFORMAT_UNREPAIRABLE\): its files are lost$'
expect_status reformat overlay ext4
expect_status reformat overlay_action formatted
expect_log reformat "... a new overlay" '^ROMINIT-TEST: boot-count 1$'

# An ext4 whose first superblock is garbage (a stray write) is still the
# user's: e2fsck -p checks it from group 1's copy and rewrites the first;
# never "unknown", never formatted.
boot sb-keep emmce "test.do=keepsake"
head -c 1024 /dev/urandom | put_data emmce 1024
boot sb-copy emmce; st=$?
expect_real_init sb-copy $st "an ext4 with garbage over its first superblock: the real init runs"
expect_log sb-copy "... the copy found and named" \
	"ext4's first superblock is damaged, a copy is at block 8193 \\(1024-byte blocks\\): checking it from there\$"
expect_log sb-copy "... e2fsck from the copy" '/usr/sbin/e2fsck -p -b 8193 -B 1024 /dev/vda3: from the superblock.s copy$'
expect_log sb-copy "... which corrects it" '/usr/sbin/e2fsck -p /dev/vda3: errors corrected in [0-9]+ ms$'
expect_status sb-copy overlay ext4
expect_status sb-copy overlay_action mounted
expect_log sb-copy "... the files kept" '^ROMINIT-TEST: exists /etc/keepsake yes$'
boot sb-again emmce; st=$?
expect_log sb-again "... and the next boot finds the first superblock again" \
	'/usr/sbin/e2fsck -p /dev/vda3: clean in [0-9]+ ms$'
# OpenWrt's sysupgrade without kept settings zeroes the first 4 KiB: a
# wipe. The copies behind it must not bring the old overlay back.
head -c 4096 /dev/zero | put_data emmce 0
boot sb-wiped emmce; st=$?
expect_real_init sb-wiped $st "an ext4 behind OpenWrt's 4 KiB of zeros: the real init runs"
expect_status sb-wiped data_found zeroed
expect_status sb-wiped overlay_action formatted
expect_log sb-wiped "... a new overlay: the old file is gone" '^ROMINIT-TEST: exists /etc/keepsake no$'

# A read-only disk (a write-protected card): the root mounts, the overlay
# falls back with the reason, nothing is written.
before=$(data_sum x86)
BOOT_DISKS=--flash-ro
boot ro x86; st=$?
BOOT_DISKS=
expect_real_init ro $st "a read-only disk: the real init runs"
expect_log ro "... a fallback that says so" 'flash not writable: loop0 \(rootdisk: /dev/vda2 from [0-9]+\) is a read-only block device$'
check "... and nothing was written" test "$(data_sum x86)" = "$before"

# Failsafe: the overlay's space is never touched.
before=$(data_sum emmc)
boot failsafe emmc rominit.failsafe; st=$?
expect_real_init failsafe $st "failsafe: the real init runs"
expect_status failsafe overlay tmpfs
expect_status failsafe failsafe_by "kernel argument"
check "failsafe: ... rootfs_data untouched" test "$(data_sum emmc)" = "$before"

# Failsafe, then rominit-ctl factory-reset (OpenWrt's firstboot) on the x86
# layout: the space after the squashfs is marked at its start, found from
# the status (the loop device of a normal boot is not there), and the
# next boot formats it.
boot safe-ctl x86 "rominit.failsafe test.do=ctl-reset"
expect_status safe-ctl data_backing /dev/vda2
expect_log safe-ctl "failsafe + factory-reset on rootdisk succeeds" '^ROMINIT-TEST: ctl-status 0$'
expect_log safe-ctl "... and names the region" \
	'rominit-ctl: /dev/vda2 from byte [0-9]+ marked for a factory reset \(0xdeadc0de at its start\)'
check "... the marker at the region's start" test "$(dd if="$scratch/x86.img" bs=4 iflag=skip_bytes \
	skip="$(data_offset x86)" count=1 status=none | od -An -tx1 | tr -d ' \n')" = deadc0de
boot safe-next x86; st=$?
expect_real_init safe-next $st "the boot after it reaches the real init"
expect_status safe-next data_found deadc0de
expect_status safe-next overlay_action formatted
done_testing
