# SPDX-License-Identifier: MIT
# rootfs_data and the root as devices in the field leave them, on every
# board: an upgrade that kept settings (a small jffs2, the 0xdeadc0de marker,
# the old firmware's nodes behind it), a jffs2 made for another erase size
# or byte order, OpenWrt's rootfstype= lists, a squashfs damaged in flash.
. "$(dirname "$0")/../lib.sh"

ff() { tr '\000' '\377' < /dev/zero | head -c "$1"; }

# ---- an upgrade that kept settings ------------------------------------------
# What OpenWrt's sysupgrade leaves: a jffs2 holding sysupgrade.tgz at the
# start of rootfs_data, the marker at the next erase block, and behind it
# the previous firmware's overlay as it was (old files written first, so
# they sit in the blocks after the marker).
fresh_flash upgrade
boot upgrade-1 upgrade "test.do=old-files,populate"; status=$?
expect_real_init upgrade-1 $status "upgrade: the old firmware's overlay is written"
mkdir -p "$scratch/keep"
echo "new settings" > "$scratch/keep/sysupgrade.tgz"
mkfs.jffs2 $JFFS2_NATIVE -e "$ERASE_SIZE" -r "$scratch/keep" -o "$scratch/keep.jffs2"
keep_bytes=$(stat -c %s "$scratch/keep.jffs2")
marker_at=$(( (keep_bytes + ERASE_SIZE - 1) / ERASE_SIZE * ERASE_SIZE ))
{ cat "$scratch/keep.jffs2"; ff $((marker_at - keep_bytes)); printf '\336\255\300\336'; } |
	put_data upgrade 0
boot upgrade-2 upgrade; status=$?
expect_real_init upgrade-2 $status "upgrade: the first boot after it reaches the real init"
expect_log upgrade-2 "upgrade: the marker is found and ends the filesystem" \
	"overlay: $DATA_MTD: 0xdeadc0de marker at 0x$(printf %x $marker_at) ends the filesystem: retiring from there to the end in place, the marker last"
expect_log upgrade-2 "upgrade: the old firmware's nodes retired, nothing erased" \
	"overlay: $DATA_MTD retired from the marker in [0-9]+ ms: [0-9]+ blocks of $ERASE_SIZE bytes, [1-9][0-9]* nodes obsoleted, [0-9]+ file nodes left unlinked, [0-9]+ summaries cleared, 0 erased, [0-9]+ left for jffs2"
expect_status upgrade-2 overlay jffs2
expect_status upgrade-2 data_found jffs2
expect_log upgrade-2 "upgrade: none of the old firmware's files come back" '^ROMINIT-TEST: old-files 0$'
expect_log upgrade-2 "upgrade: the old settings file does not come back" '^ROMINIT-TEST: exists /etc/config-file no$'
expect_log upgrade-2 "upgrade: the old key does not come back" '^ROMINIT-TEST: exists /root/.ssh/id no$'
expect_log upgrade-2 "upgrade: sysupgrade.tgz is the one the upgrade wrote" \
	'^ROMINIT-TEST: sysupgrade-content new settings$'
boot upgrade-3 upgrade; status=$?
expect_real_init upgrade-3 $status "upgrade: the next boot reaches the real init"
expect_log upgrade-3 "upgrade: still no old files a boot later" '^ROMINIT-TEST: old-files 0$'
expect_log upgrade-3 "upgrade: the overlay kept its own files (boot 2 since the upgrade)" \
	'^ROMINIT-TEST: boot-count 2$'
check "upgrade: no marker left to erase a boot later" \
	sh -c "! grep -q 'deadc0de marker at' '$scratch/upgrade-3.log'"
rm -f "$scratch/upgrade.img"

# ---- a jffs2 the kernel would misread: left exactly as it is -----------------
# untouched NAME DESCRIPTION REASON-REGEX: two boots on a tmpfs overlay with
# the reason, rootfs_data byte for byte as it was.
untouched() {
	local before
	before=$(data_sum "$1")
	boot "$1-1" "$1"; status=$?
	expect_real_init "$1-1" $status "$2: reaches the real init"
	expect_status "$1-1" overlay tmpfs
	expect_status "$1-1" data_found jffs2
	expect_log "$1-1" "$2: the reason names both sides" "^ROMINIT-TEST: status overlay_reason=$3"
	boot "$1-2" "$1"; status=$?
	expect_log "$1-2" "$2: the next boot says the same" "^ROMINIT-TEST: status overlay_reason=$3"
	check "$2: rootfs_data byte for byte as it was after two boots" [ "$(data_sum "$1")" = "$before" ]
	check "$2: never mounted, formatted or wiped" \
		sh -c "! grep -qE 'formatting|wiped|erasing from' '$scratch/$1-1.log' '$scratch/$1-2.log'"
}
# 120 incompressible files of 4-12 KiB: several of the image's blocks.
mkdir -p "$scratch/files"
i=0
while [ $i -lt 120 ]; do
	head -c $((4096 + (i * 613) % 8192)) /dev/urandom > "$scratch/files/f$i"
	i=$((i + 1))
done
double=$((ERASE_SIZE * 2))
mkfs.jffs2 $JFFS2_NATIVE -e "$double" -r "$scratch/files" -o "$scratch/double.jffs2"
fresh_flash wrongsize --data-image "$scratch/double.jffs2"
untouched wrongsize "jffs2 made for twice this flash's erase size" \
	"mtd[0-9]+ \"$DATA_PART\" holds a jffs2 made for $double-byte erase blocks, this flash's are $ERASE_SIZE \\(node at 0x[0-9a-f]+ crosses a block boundary\\): left untouched\$"
rm -f "$scratch/wrongsize.img"

mkfs.jffs2 $JFFS2_FOREIGN -e "$ERASE_SIZE" -r "$scratch/files" -o "$scratch/foreign.jffs2"
fresh_flash foreign --data-image "$scratch/foreign.jffs2"
case $JFFS2_NATIVE in -l) mine=little theirs=big ;; *) mine=big theirs=little ;; esac
untouched foreign "jffs2 of the other byte order" \
	"mtd[0-9]+ \"$DATA_PART\" holds a $theirs-endian jffs2, this kernel reads only $mine-endian jffs2: left untouched\$"
rm -f "$scratch/foreign.img"

# The same files in an image made for this flash mount, as a factory-
# programmed overlay would.
mkfs.jffs2 $JFFS2_NATIVE -e "$ERASE_SIZE" -r "$scratch/files" -o "$scratch/right.jffs2"
fresh_flash right --data-image "$scratch/right.jffs2"
boot right right; status=$?
expect_real_init right $status "jffs2 made for this erase size: reaches the real init"
expect_status right overlay jffs2
expect_status right overlay_action mounted
rm -f "$scratch/right.img"

# ---- rootfstype= as a list --------------------------------------------------
fresh_flash types
boot types-1 types "rootfstype=squashfs,jffs2"; status=$?
expect_real_init types-1 $status "rootfstype=squashfs,jffs2 (OpenWrt's): reaches the real init"
expect_log types-1 "rootfstype list: the first type mounts" "root: mounted /dev/mtdblock[0-9]+ \\(mtd:$ROOT_PART\\) as squashfs on /rom\$"
boot types-2 types "rootfstype=xfs,squashfs"; status=$?
expect_real_init types-2 $status "rootfstype=xfs,squashfs: the type the kernel lacks is passed over"
expect_log types-2 "rootfstype list: the second type mounts" "root: mounted /dev/mtdblock[0-9]+ \\(mtd:$ROOT_PART\\) as squashfs on /rom\$"
boot types-3 types "rootfstype=xfs,,nosuchfs rominit.reboot_delay=0"; status=$?
check "rootfstype with no usable type: the guest reboots by itself (status $status)" test $status -eq 0
expect_log types-3 "rootfstype with no usable type: every type tried is named with its error" \
	"FATAL: mount /dev/mtdblock[0-9]+ \\(mtd:$ROOT_PART\\) on /rom as xfs,,nosuchfs: xfs: No such device; nosuchfs: No such device\$"

# ---- a squashfs damaged in flash ---------------------------------------------
# 16 bytes changed at a quarter and at three quarters of the image (file
# data): the fatal path says the root is damaged, never a bare panic after
# the exec (SIGBUS in the real init).
fresh_flash damaged
sq_bytes=$(stat -c %s "$O/test/rootfs.squashfs")
fixed_kib=$(board_fact FLASH_FIXED_KIB)
base=$((${fixed_kib:-0} * 1024))
for at in $((sq_bytes / 4)) $((sq_bytes * 3 / 4)); do
	printf '\252\252\252\252\252\252\252\252\252\252\252\252\252\252\252\252' |
		dd of="$scratch/damaged.img" bs=4096 seek=$((base + at)) oflag=seek_bytes conv=notrunc status=none
done
boot damaged damaged "rominit.reboot_delay=0"; status=$?
check "damaged squashfs: the guest reboots by itself (status $status)" test $status -eq 0
check "damaged squashfs: no kernel panic" sh -c "! grep -q 'Kernel panic' '$scratch/damaged.log'"
expect_log damaged "damaged squashfs: the fatal message says the root is damaged" \
	'FATAL: .*: I/O error \(the root filesystem on flash is damaged\)$'
grep -h 'FATAL' "$scratch/damaged.log" | sed 's/^/# /'
log_has damaged 'FATAL' || show_log damaged 40
done_testing
