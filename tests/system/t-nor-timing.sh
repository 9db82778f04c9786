# SPDX-License-Identifier: MIT
# The first boot after an upgrade on real NOR timing (docs/overlay.md,
# "Formatting jffs2 on NOR"). The flash test device (kernel/patches/0002,
# docs/boards.md) erases a block in as long as a chip does and logs each
# erase it is asked for. rootfs_data is what sysupgrade leaves: the
# 0xdeadc0de marker in its first block, then the previous firmware's jffs2,
# full of files. Asserted on the board's flash kind (block2mtd over a disk
# with write-through on qemu-x86_64, QEMU's CFI NOR on qemu-arm64, both in
# CI):
#   - the real init starts long before the erases of the whole partition
#     could have ended (the bound: half of them, from the log's timestamps),
#     with the jffs2 overlay formatted and none of the old files;
#   - a file written in the first boot is there after a clean reboot, and
#     files fsync'ed in a first boot survive a power cut during jffs2's
#     background erase;
#   - power cuts in the middle of the format: the next boot resumes and
#     reaches the real init with no old file;
#   - no block is erased twice over all the boots of a flash, but the one
#     whose erase a power cut interrupted (its state is unknown: jffs2 and
#     rominit erase it again), counted from the test device's erase lines;
#     the boots that end cleanly remount jffs2 read-only first (the test
#     root's quiesce), as a shutdown does, since reboot -f would cut an
#     erase of its background thread.
# CI sizes: 4 MiB of rootfs_data. The 64 MiB figure is in `make bench`.
. "$(dirname "$0")/../lib.sh"

case $(board_fact FLASH_TYPE) in
pflash) # parallel NOR, 128-256 KiB sectors: 0.5-1 s a sector erase. 500 ms, for
	# CI's time (QEMU's lost timer wakeup that stopped boots dead here:
	# board/qemu-arm64/board.conf).
	dev=cfi_cmdset_0001 erase_ms=500 through= ;;
*) # SPI NOR, 64 KiB blocks: 0.15-0.5 s a block; programs reach the disk at once
	dev=block2mtd erase_ms=250 through=block2mtd.write_through=1 ;;
esac
timing="$dev.erase_delay_ms=$erase_ms $dev.erase_log=1 $through"
data_kib=4096
blocks=$((data_kib * 1024 / ERASE_SIZE))
bound_ms=$((blocks * erase_ms / 2))

# The previous firmware's overlay: settings, a key, and files of random data
# filling about half the partition, as the kernel's jffs2 lays
# them out (mkfs.jffs2 for this flash's erase size and byte order).
mkdir -p "$scratch/old/upper/etc/old" "$scratch/old/upper/root/.ssh" "$scratch/old/work"
echo "old setting" > "$scratch/old/upper/etc/config-file"
echo "old key" > "$scratch/old/upper/root/.ssh/id"
n=0
while [ $n -lt $((data_kib / 2 / 64)) ]; do
	head -c 65536 /dev/urandom > "$scratch/old/upper/etc/old/f$n"
	n=$((n + 1))
done
mkfs.jffs2 $JFFS2_NATIVE -e "$ERASE_SIZE" -r "$scratch/old" -o "$scratch/old.jffs2"

# upgraded NAME: a flash as the upgrade leaves it: the marker in block 0
# (erased and written by sysupgrade), the old jffs2 whole behind it. Whole:
# the image's first block holds the entries of /upper and /work, and the
# kernel would drop every old file without them whatever the retire did.
{ printf '\336\255\300\336'; tr '\000' '\377' < /dev/zero | head -c $((ERASE_SIZE - 4))
	cat "$scratch/old.jffs2"; } > "$scratch/upgraded.data"
upgraded() {
	fresh_flash "$1" --data-kib $data_kib --data-image "$scratch/upgraded.data"
	: > "$scratch/$1.erases" # the erase lines of all its boots
	: > "$scratch/$1.cut-erases" # the last of each boot a cut ended
}

# ms_of NAME REGEX: the kernel's timestamp of the first line matching REGEX, in ms.
ms_of() {
	sed -n "s|^\[ *\([0-9]*\)\.\([0-9]\{3\}\)[0-9]*\] .*$2.*|\1\2|p" "$scratch/$1.log" |
		head -n 1 | sed 's/^0*\([0-9]\)/\1/'
}

# erases_of NAME FLASH [cut]: add boot NAME's erase lines to FLASH's count;
# after a cut, its last one was maybe interrupted (and a line the cut ended
# in the middle of printing is not one).
erases_of() {
	local lines=$scratch/$1.erase-lines
	if [ "${3:-}" = cut ] && [ -n "$(tail -c 1 "$scratch/$1.log")" ]; then
		sed '$d' "$scratch/$1.log"
	else
		cat "$scratch/$1.log"
	fi | grep -o '[^ ]*: erase 0x[0-9a-f]*$' > "$lines"
	cat "$lines" >> "$scratch/$2.erases"
	[ "${3:-}" != cut ] || tail -n 1 "$lines" >> "$scratch/$2.cut-erases"
}

# once_each FLASH DESC: no block of FLASH erased twice but after a cut's
# interrupted erase.
once_each() {
	local twice
	twice=$(sort "$scratch/$1.erases" | uniq -c | while read -r n line; do
		allowed=$((1 + $(grep -cxF "$line" "$scratch/$1.cut-erases")))
		[ "$n" -le $allowed ] || echo "$line ($n times)"
	done)
	if [ -z "$twice" ]; then
		ok "$2: $(sort -u "$scratch/$1.erases" | wc -l) blocks erased, none twice ($(wc -l < "$scratch/$1.cut-erases") cut erases allowed again)"
	else
		fail "$2: erased more than once: $(echo $twice)"
	fi
}

# first_boot NAME: the checks of a first boot after the upgrade.
first_boot() {
	local start exec took
	start=$(ms_of "$1" 'Run /init as init process')
	exec=$(ms_of "$1" 'rominit: .*switch_root: exec ')
	took=$((${exec:-999999} - ${start:-0}))
	check "$1: the real init starts $took ms after 'Run /init' (bound: $bound_ms ms, half the partition's $blocks erases of $erase_ms ms)" \
		test -n "$start" -a -n "$exec" -a $took -lt $bound_ms
	expect_log "$1" "$1: the old jffs2 retired in place, block 0 erased" \
		"overlay: $DATA_MTD formatted in [0-9]+ ms: $blocks blocks of $ERASE_SIZE bytes, [1-9][0-9]* nodes obsoleted, [1-9][0-9]* file nodes left unlinked, [0-9]+ summaries cleared, 1 erased, $((blocks - 1)) left for jffs2"
	expect_status "$1" overlay jffs2
	expect_status "$1" overlay_action formatted
	expect_status "$1" format_erased 1
	expect_status "$1" format_left $((blocks - 1))
	no_old_files "$1"
}

no_old_files() {
	expect_log "$1" "$1: none of the old firmware's files" '^ROMINIT-TEST: old-files 0$'
	expect_log "$1" "$1: nor its settings" '^ROMINIT-TEST: exists /etc/config-file no$'
	expect_log "$1" "$1: nor its key" '^ROMINIT-TEST: exists /root/.ssh/id no$'
}

# ---- the control: the same old jffs2, not marked ------------------------------
# Mounted as it is, its files show: what the checks below would see had the
# format left them reachable.
fresh_flash control --data-kib $data_kib --data-image "$scratch/old.jffs2"
boot control control; status=$?
expect_real_init control $status "control: the old jffs2 without a marker reaches the real init"
expect_status control overlay_action mounted
expect_log control "control: mounted as it is, the old firmware's $n files show" \
	"^ROMINIT-TEST: old-files $n\$"
expect_log control "control: and its settings" '^ROMINIT-TEST: exists /etc/config-file yes$'
rm -f "$scratch/control.img"

# ---- a first boot, then a clean reboot ---------------------------------------
upgraded clean
boot clean-1 clean "$timing test.do=keepsake,quiesce"; status=$?
expect_real_init clean-1 $status "the first boot after the upgrade reaches the real init"
expect_log clean-1 "clean-1: jffs2 stopped between erases before the reboot" '^ROMINIT-TEST: quiesced$'
first_boot clean-1
erases_of clean-1 clean
boot clean-2 clean "$timing test.do=settle,quiesce"; status=$?
expect_real_init clean-2 $status "the clean reboot reaches the real init"
expect_status clean-2 overlay_action mounted
expect_status clean-2 format_erased 0
expect_log clean-2 "clean-2: the first boot's file is there" '^ROMINIT-TEST: exists /etc/keepsake yes$'
no_old_files clean-2
expect_log clean-2 "clean-2: jffs2's background erase ran to its end" \
	'^ROMINIT-TEST: settled after [0-9]+ s: [0-9]+ erases logged$'
erases_of clean-2 clean
once_each clean "a first boot and a reboot"
# Blocks the mount's build finds dirty go to jffs2's erase-pending list, but
# in one mount in 128 (jiffies & 127, fs/jffs2/nodemgmt.c) to its erasable
# list, erased when the space is needed: the erased ones at least.
check "... jffs2 erased the blocks it found erased without a cleanmarker, or more ($(sort -u "$scratch/clean.erases" | wc -l) of $blocks)" \
	test "$(sort -u "$scratch/clean.erases" | wc -l)" -ge $((blocks / 4))
boot clean-3 clean "$timing test.do=quiesce"; status=$?
expect_real_init clean-3 $status "a third boot reaches the real init"
no_old_files clean-3
erases_of clean-3 clean
once_each clean "three boots"
format_ms=$(status_of clean-1 format_ms)

# ---- power cuts in the middle of the format ------------------------------------
# A cut 0 ms to twice the format's time after its first line: while the old
# nodes are obsoleted, during block 0's erase, or just after.
for i in 1 2 3; do
	upgraded fcut$i
	check "format cut $i: power cut during the first boot's format" \
		power_cut fcut$i-cut fcut$i "$timing" "overlay: formatting $DATA_MTD" $((2 * ${format_ms:-500}))
	erases_of fcut$i-cut fcut$i cut
	if log_has fcut$i-cut "overlay: $DATA_MTD formatted in"; then where="after the format"
	elif grep -q ': erase 0x' "$scratch/fcut$i-cut.log"; then
		where="during block 0's erase"
	else where="while the old nodes were obsoleted"
	fi
	boot fcut$i-next fcut$i "$timing test.do=settle,quiesce"; status=$?
	expect_real_init fcut$i-next $status "format cut $i ($where, $(cat "$scratch/fcut$i-cut.delay") ms in): the next boot reaches the real init"
	expect_status fcut$i-next overlay jffs2
	no_old_files fcut$i-next
	erases_of fcut$i-next fcut$i
	once_each fcut$i "format cut $i and the boot after it"
done

# ---- a power cut during fsync'ed writes, with jffs2 erasing behind them -------
upgraded wcut
check "a first boot's fsync'ed writes, cut while jffs2 erases the old blocks" \
	power_cut wcut-cut wcut "$timing test.do=synced-files" '^ROMINIT-TEST: synced /data/f[0-9]+ ' 1500
erases_of wcut-cut wcut cut
check "... the cut came before jffs2 had erased every block" \
	test "$(grep -c ': erase 0x' "$scratch/wcut-cut.log")" -lt $blocks
boot wcut-next wcut "$timing test.do=check-files,settle,quiesce"; status=$?
expect_real_init wcut-next $status "the boot after the cut reaches the real init"
expect_status wcut-next overlay_action mounted
synced_then_summed wcut-cut wcut-next "the cut first boot"
no_old_files wcut-next
erases_of wcut-next wcut
once_each wcut "a cut first boot and the boot after it"

done_testing
