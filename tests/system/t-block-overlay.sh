# SPDX-License-Identifier: MIT
# The overlay on a block partition (CONFIG_BLOCK): rootfs_data found by its
# GPT name, ext4 or f2fs made by the real root's own mkfs (run from /rom,
# non-interactive, bounded), mounted as it is when it holds one, never
# touched when it holds another filesystem, a fallback whose reason names a
# missing tool or a read-only device. The disk is sfdisk's GPT: boot, rootfs
# (the test root with mkfs.ext4 and mkfs.f2fs: scripts/mkrootfs --tools),
# rootfs_data (80 MiB: f2fs needs room).
. "$(dirname "$0")/../lib.sh"

BLOCK='CONFIG_BLOCK=y
CONFIG_DATA_VOLUME="PARTLABEL=rootfs_data"'
build_variant ext4 "$BLOCK" || { fail "an /init with the block overlay builds"; done_testing; }
build_variant f2fs "$BLOCK" CONFIG_BLOCK_DATA_FS_F2FS=y || { fail "the f2fs variant builds"; done_testing; }
"$top/scripts/mkrootfs" --tools "$scratch/tools.squashfs" "$O/rominit-ctl" ||
	{ fail "a test root with mkfs.ext4 and mkfs.f2fs"; done_testing; }
data_start=$((96 * 2048)) # rootfs_data from 96 MiB, in 512-byte sectors

# disk NAME ROOT: a 176 MiB disk (sparse), ROOT's squashfs in partition 2.
disk() {
	truncate -s 176M "$scratch/$1.disk"
	printf 'label: gpt\nstart=2048, size=2048, name=boot\nstart=4096, size=190000, name=rootfs\nstart=%s, name=rootfs_data\n' \
		"$data_start" | sfdisk -q "$scratch/$1.disk" >/dev/null || { fail "sfdisk makes $1"; return 1; }
	dd if="$2" of="$scratch/$1.disk" bs=512 seek=4096 conv=notrunc status=none
}
# put NAME: standard input into disk NAME's rootfs_data.
put() { dd of="$scratch/$1.disk" bs=512 seek=$data_start conv=notrunc status=none; }
data_sum() { tail -c +$((data_start * 512 + 1)) "$scratch/$1.disk" | md5sum; }
fresh_flash flash

# blk NAME DISK VARIANT [APPEND] [--disk-ro]: a boot on the disk.
blk() {
	BOOT_DISKS="${5:---disk} $scratch/$2.disk"
	boot "$1" flash "root=PARTLABEL=rootfs $4" "$scratch/$3/initramfs.cpio.gz"; b_st=$?
	BOOT_DISKS=
	return $b_st
}

disk d "$scratch/tools.squashfs"
blk first d ext4; status=$?
expect_real_init first $status "a zeroed rootfs_data partition: the real init runs"
expect_log first "mkfs.ext4 from the root, with no questions, on the partition named rootfs_data" \
	'overlay: formatting vdb3 \(PARTLABEL=rootfs_data\) \(zeroed\): /usr/sbin/mkfs.ext4 -F -L rootfs_data /dev/vdb3$'
expect_log first "... made in a measured time" 'overlay: ext4 made on /dev/vdb3 in [0-9]+ ms$'
expect_log first "ext4 on /overlay" '^ROMINIT-TEST: mount /overlay ext4 /dev/vdb3$'
expect_status first overlay ext4
expect_status first overlay_action formatted
expect_status first data_volume /dev/vdb3
expect_log first "the new overlay is marked ready" '^ROMINIT-TEST: overlay-state 2$'

blk second d ext4; status=$?
expect_real_init second $status "the second boot reaches the real init"
expect_log second "the boot count went on" '^ROMINIT-TEST: boot-count 2$'
expect_log second "mounted as it was" 'overlay: ext4 from vdb3 on /overlay \(mounted, state was ready\)$'
expect_status second data_found ext4
expect_log second "e2fsck -p from the root checks it first" \
	'overlay: /usr/sbin/e2fsck -p /dev/vdb3: clean in [0-9]+ ms$'

blk reset d ext4 rominit.factory_reset; status=$?
expect_real_init reset $status "a factory reset by argument reaches the real init"
expect_status reset overlay_action wiped
expect_log reset "factory reset: the boot count starts again" '^ROMINIT-TEST: boot-count 1$'

blk populate d ext4 "test.do=populate,ctl-reset"
expect_log populate "rominit-ctl factory-reset works on ext4" '^ROMINIT-TEST: ctl-status 0$'
blk reset-ctl d ext4; status=$?
expect_real_init reset-ctl $status "the boot after rominit-ctl factory-reset reaches the real init"
expect_status reset-ctl overlay_action wiped
expect_log reset-ctl "... settings gone" '^ROMINIT-TEST: exists /etc/config-file no$'
expect_log reset-ctl "... sysupgrade.tgz kept" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'
blk mark d ext4 "test.do=populate,mark-pending"
blk pending d ext4; status=$?
expect_real_init pending $status "PENDING at boot: the real init runs"
expect_status pending overlay_action wiped

printf '\336\255\300\336' | put d
blk marker d ext4; status=$?
expect_real_init marker $status "0xdeadc0de at the partition's start: the real init runs"
expect_status marker data_found deadc0de
expect_status marker overlay_action formatted
expect_log marker "... on a new ext4" '^ROMINIT-TEST: boot-count 1$'

blk f2fs d f2fs; status=$?
expect_real_init f2fs $status "an ext4 where the board makes f2fs: the real init runs"
expect_status f2fs overlay ext4
expect_status f2fs overlay_action mounted
head -c 1048576 /dev/zero | put d
blk f2fs-new d f2fs; status=$?
expect_real_init f2fs-new $status "zeros, the board making f2fs: the real init runs"
expect_log f2fs-new "mkfs.f2fs from the root" \
	'overlay: formatting vdb3 \(PARTLABEL=rootfs_data\) \(zeroed\): /usr/sbin/mkfs.f2fs -f -l rootfs_data /dev/vdb3$'
expect_status f2fs-new overlay f2fs
expect_log f2fs-new "f2fs on /overlay" '^ROMINIT-TEST: mount /overlay f2fs /dev/vdb3$'
blk f2fs-2 d f2fs; status=$?
expect_log f2fs-2 "f2fs: the second boot keeps the first's" '^ROMINIT-TEST: boot-count 2$'
# A stray write over block 0: f2fs's first superblock garbage, its backup
# in the next block. The kernel mounts from the backup; /init must not
# format it.
head -c 1024 /dev/urandom | dd of="$scratch/d.disk" bs=512 seek=$((data_start + 2)) conv=notrunc status=none
blk f2fs-torn d f2fs; status=$?
expect_real_init f2fs-torn $status "f2fs with garbage over its first superblock: the real init runs"
expect_log f2fs-torn "... known by its backup superblock" "f2fs's first superblock is damaged, its backup is there"
expect_status f2fs-torn overlay_action mounted
expect_log f2fs-torn "... and its files kept" '^ROMINIT-TEST: boot-count 3$'
# OpenWrt's sysupgrade without kept settings zeroes the first 4 KiB
# (dd bs=512 count=8): a wipe. The backup behind it must not bring the old
# overlay back.
head -c 4096 /dev/zero | put d
blk f2fs-wiped d f2fs; status=$?
expect_real_init f2fs-wiped $status "f2fs behind OpenWrt's 4 KiB of zeros: the real init runs"
expect_status f2fs-wiped data_found zeroed
expect_status f2fs-wiped overlay_action formatted
expect_log f2fs-wiped "... a new overlay, not the old one" '^ROMINIT-TEST: boot-count 1$'

# An ext4 the host made (a factory image): mounted, its files kept.
mkdir -p "$scratch/factory/upper/etc" "$scratch/factory/work"
echo factory-setting-42 > "$scratch/factory/upper/etc/config-file"
truncate -s 64M "$scratch/factory.img"
mkfs.ext4 -q -F -d "$scratch/factory" "$scratch/factory.img" && put d < "$scratch/factory.img"
blk factory d ext4; status=$?
expect_real_init factory $status "a factory-made ext4: the real init runs"
expect_status factory overlay_action mounted
expect_log factory "... its file is in the root" '^ROMINIT-TEST: exists /etc/config-file yes$'

# fsck before the mount: what e2fsck -p repairs on its own is repaired; what
# it will not is left as it is, and the boot falls back. (Marked not clean,
# as an unclean shutdown leaves it: -p skips a clean filesystem.)
dfs() { printf '%s\n' "$@" | debugfs -w -f - "$scratch/factory.img" >/dev/null 2>&1; }
dfs "ssv free_blocks_count 12345" "ssv state 0" &&
	put d < "$scratch/factory.img"
blk repaired d ext4; status=$?
expect_real_init repaired $status "a wrong free-blocks count: the real init runs"
expect_log repaired "e2fsck -p corrects it" \
	'overlay: /usr/sbin/e2fsck -p /dev/vdb3: errors corrected in [0-9]+ ms$'
expect_status repaired overlay_action mounted
dfs "clri <2>" "ssv state 0" &&
	put d < "$scratch/factory.img"
blk broken d ext4; status=$?
expect_real_init broken $status "a cleared root inode: the real init runs"
expect_status broken overlay tmpfs
expect_log broken "... e2fsck -p will not repair it: a fallback with its status and words" \
	'overlay: /usr/sbin/e2fsck -p /dev/vdb3: errors left \(status 4\): .*; left as it is$'
check "... and the data is not formatted away" \
	sh -c "tail -c +$((data_start * 512 + 1)) '$scratch/d.disk' | head -c 67108864 | grep -qa factory-setting-42"

# Never touched: another filesystem rominit knows; a read-only device.
mkfs.jffs2 -e 65536 -r "$scratch/factory" -o "$scratch/j.img" && put d < "$scratch/j.img"
before=$(data_sum d)
blk jffs2 d ext4; status=$?
expect_real_init jffs2 $status "a jffs2 in rootfs_data: the real init runs"
expect_status jffs2 overlay tmpfs
expect_log jffs2 "... the reason names what is there" 'overlay: vdb3 \(PARTLABEL=rootfs_data\) holds jffs2, not ext4: left untouched$'
check "... the partition is byte for byte as it was" test "$(data_sum d)" = "$before"

head -c 1048576 /dev/zero | put d
before=$(data_sum d)
blk ro d ext4 "" --disk-ro; status=$?
expect_real_init ro $status "a read-only device: the real init runs"
expect_log ro "... a fallback that says so" 'flash not writable: vdb3 \(PARTLABEL=rootfs_data\) is a read-only block device$'
check "... and nothing was written" test "$(data_sum d)" = "$before"

# A root without mkfs: a fallback naming the tool, the partition untouched.
disk plain "$O/test/rootfs.squashfs"
before=$(data_sum plain)
blk notool plain ext4; status=$?
expect_real_init notool $status "a root without mkfs.ext4: the real init runs"
expect_status notool overlay tmpfs
expect_log notool "... the reason names the tool" \
	'cannot format vdb3 \(PARTLABEL=rootfs_data\) as ext4: no /usr/sbin/mkfs.ext4 in the root \(/rom/usr/sbin/mkfs.ext4: No such file or directory\)$'
check "... and the partition is untouched" test "$(data_sum plain)" = "$before"
done_testing
