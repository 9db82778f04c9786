# SPDX-License-Identifier: MIT
# UBI on NAND with real geometry: the kernel's NAND simulator (nandsim,
# added to the test kernel in a variant) as a 128 MiB chip with 2 KiB pages,
# 128 KiB blocks, 64-byte OOB and one block marked bad. Blank NAND at every
# boot (nandsim keeps its pages in RAM): /init attaches it (UBI formats an
# empty device), creates rootfs_data from the free space, mounts ubifs on
# it and the real init writes to it; UBI skips the bad block. The root stays
# the squashfs on the board's flash.
. "$(dirname "$0")/../lib.sh"

kernel=$("$top/scripts/kernel-variant" "$BOARD" nandsim \
	CONFIG_MTD_RAW_NAND=y CONFIG_MTD_NAND_NANDSIM=y CONFIG_MTD_NAND_ECC_SW_HAMMING=y) ||
	{ fail "the kernel with nandsim builds"; done_testing; }
# nandsim names its partitions "NAND simulator partition N"; parts=1024 is
# one partition of all 1024 blocks.
build_variant nand CONFIG_UBI=y 'CONFIG_UBI_PARTITION="NAND simulator partition 0"' \
	'CONFIG_DATA_VOLUME="ubi:rootfs_data"' || { fail "the NAND variant builds"; done_testing; }
NAND="nandsim.first_id_byte=0x20 nandsim.second_id_byte=0xf1 nandsim.third_id_byte=0x00"
NAND="$NAND nandsim.fourth_id_byte=0x15 nandsim.parts=1024 nandsim.badblocks=5"

fresh_flash flash
boot nand flash "$NAND test.do=populate,big-write" "$scratch/nand/initramfs.cpio.gz" "$kernel"; status=$?
expect_real_init nand $status "blank NAND: the boot reaches the real init"
expect_log nand "the chip has NAND geometry: 2 KiB pages, 128 KiB blocks" \
	'nand: 128 MiB, SLC, erase size: 128 KiB, page size: 2048, OOB size: 64'
expect_log nand "/init attaches the blank NAND and counts the bad block" \
	'ubi: attached mtd[0-9]+ "NAND simulator partition 0" as ubi0 \(1024 blocks: 0 UBI, 1023 erased, 1 bad, 0 other\): empty flash, UBI formats it$'
expect_log nand "UBI skips the bad block" 'ubi0: good PEBs: 1023, bad PEBs: 1,'
expect_log nand "rootfs_data is created from the free space" \
	'ubi: created volume "rootfs_data" on ubi0 from the free space: [0-9]+ KiB$'
expect_status nand overlay ubifs
expect_status nand overlay_action created
expect_status nand data_volume /dev/ubi0_0
expect_log nand "ubifs on the NAND volume" '^ROMINIT-TEST: mount /overlay ubifs ubi0:rootfs_data$'
expect_log nand "ubifs writes in the NAND's 2 KiB pages" \
	'UBIFS \(ubi0:0\): LEB size: [0-9]+ bytes \([0-9]+ KiB\), min\./max\. I/O unit sizes: 2048 bytes/'
expect_log nand "the real init writes 4 MiB to the overlay on NAND" '^ROMINIT-TEST: big-write done$'
done_testing
