/* SPDX-License-Identifier: MIT */
/* What is on a partition, judged from its first bytes, the way OpenWrt's
 * fstools does: the overlay decision in /init branches on the result. */
#ifndef ROMINIT_FSIDENT_H
#define ROMINIT_FSIDENT_H

#include <stddef.h>

enum fs_kind {
	FS_UNKNOWN,   /* none of the below: garbage, or a filesystem we do not know */
	FS_ERASED,    /* all 0xff: erased NOR/NAND */
	FS_ZEROED,    /* all 0x00: a wiped or never-programmed image */
	FS_DEADC0DE,  /* OpenWrt's "erased from here to the end" marker */
	FS_JFFS2,     /* jffs2 node magic 0x1985, either byte order */
	FS_UBIFS,     /* ubifs node magic 0x06101831 (little-endian) */
	FS_EXT4,      /* ext2/3/4 superblock magic 0xEF53 at 0x438 */
	FS_F2FS,      /* f2fs superblock magic 0xF2F52010 at 0x400 */
	FS_SQUASHFS,  /* "hsqs": a root image where data was expected */
	FS_BACKUP,    /* a gzip stream (1f 8b 08): the settings an upgrade wrote where
		       * the new overlay goes (OpenWrt's emmc_copy_config). Told by
		       * fs_is_backup, which only the block survey asks: no other
		       * medium has a backup to keep. */
};

/* Bytes fs_identify wants to see: enough for the ext4 and f2fs superblocks. */
#define FS_IDENT_BYTES 4096

/* Identify from the first len bytes of a partition. Magic numbers win over
 * the all-0xff/all-0x00 checks, which look at all len bytes. */
enum fs_kind fs_identify(const unsigned char *buf, size_t len);

/* The first len bytes start a gzip stream (a settings backup). On a block
 * device this wins over a superblock behind it: mkfs leaves the first KiB
 * zero, so the gzip was written after the filesystem. */
int fs_is_backup(const unsigned char *buf, size_t len);

/* ext4 keeps copies of its superblock at the start of block group 1 and of
 * later groups: when the first one is damaged (a bad sector, a stray
 * write), e2fsck can still check the filesystem from a copy. Group 1 of a
 * filesystem with block_size-byte blocks starts at this byte (8 blocks per
 * byte of bitmap per group; 1 KiB blocks start at block 1). */
unsigned long long ext4_backup_offset(unsigned block_size);

/* The len bytes read from ext4_backup_offset(block_size) are group 1's copy
 * of the superblock of a filesystem with block_size-byte blocks: the magic,
 * that block size, its own group number 1, and 8 * block_size blocks a
 * group (what the offset assumed). */
int ext4_is_backup_superblock(const unsigned char *sb, size_t len, unsigned block_size);

const char *fs_kind_name(enum fs_kind kind);

#endif
