# SPDX-License-Identifier: MIT
# Flash quirks as board options: erase-size cross-check, MEMUNLOCK, erasing
# every block, verified erases, jffs2 mount options, waiting for a slowly
# probed partition.
. "$(dirname "$0")/../lib.sh"

build_variant esize CONFIG_FLASH_ERASE_SIZE=$((ERASE_SIZE * 2))
fresh_flash esize --data deadc0de
boot esize esize "" "$scratch/esize/initramfs.cpio.gz"; status=$?
expect_real_init esize $status "erase size mismatch: still boots"
expect_log esize "erase size mismatch: refuses to format" \
	"overlay: $DATA_MTD erase size is $ERASE_SIZE bytes, the board declares $((ERASE_SIZE * 2)): refusing to format \\(a wrong erase size corrupts jffs2\\)\$"
expect_status esize overlay tmpfs

build_variant unlock CONFIG_FLASH_UNLOCK=y CONFIG_FLASH_FORMAT_ERASE=y CONFIG_FLASH_ERASE_WHOLE=y CONFIG_FLASH_ERASE_SIZE=$ERASE_SIZE
fresh_flash unlock --data deadc0de
blocks=$(($(data_size unlock) / ERASE_SIZE))
boot unlock unlock "" "$scratch/unlock/initramfs.cpio.gz"; status=$?
expect_real_init unlock $status "unlock + format by erasing every block: boots"
expect_log unlock "MEMUNLOCK tried (block2mtd has no locking)" "flash: $DATA_MTD has no lock support \\(nothing to unlock\\)\$"
expect_log unlock "every block erased, none skipped" "$blocks blocks of $ERASE_SIZE bytes, $blocks erased and verified, 0 already erased\$"
expect_status unlock overlay jffs2

fresh_flash skip --data deadc0de
boot skip skip; status=$?
expect_log skip "default: the old data retired in place, block 0 alone erased, the rest left to jffs2" \
	"overlay: $DATA_MTD formatted in [0-9]+ ms: $blocks blocks of $ERASE_SIZE bytes, [0-9]+ nodes obsoleted, [0-9]+ file nodes left unlinked, [0-9]+ summaries cleared, 1 erased, $((blocks - 1)) left for jffs2 to erase in the background\$"

build_variant rpsize 'CONFIG_JFFS2_MOUNT_OPTIONS="rp_size=128"'
fresh_flash rpsize
boot rpsize rpsize "" "$scratch/rpsize/initramfs.cpio.gz"; status=$?
expect_real_init rpsize $status "jffs2 mount options: boots"
expect_log rpsize "jffs2 mounted with the board's options" "^ROMINIT-TEST: mount /overlay jffs2 mtd:$DATA_PART\$"
expect_log rpsize "rp_size=128 in the jffs2 mount options" '^ROMINIT-TEST: mount-options /overlay .*rp_size=128'


build_variant wait CONFIG_DATA_WAIT=1
fresh_flash wait --no-data
boot wait wait "" "$scratch/wait/initramfs.cpio.gz"; status=$?
expect_real_init wait $status "data wait: boots when the partition never comes"
expect_log wait "data wait: bounded, and said" "overlay: no MTD partition named \"$DATA_PART\" \\(waited 1000 ms\\)\$"
done_testing
