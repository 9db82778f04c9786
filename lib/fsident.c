/* SPDX-License-Identifier: MIT */
#include "fsident.h"

#include <stdint.h>

#define DEADC0DE 0xdeadc0deu
#define UBIFS_MAGIC 0x06101831u
#define F2FS_MAGIC 0xf2f52010u
#define F2FS_OFFSET 0x400
#define EXT4_MAGIC 0xef53u
#define EXT4_OFFSET 0x438

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int all_bytes(const unsigned char *buf, size_t len, unsigned char value)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != value)
			return 0;
	return 1;
}

enum fs_kind fs_identify(const unsigned char *buf, size_t len)
{
	if (len < 4)
		return FS_UNKNOWN;
	if (be32(buf) == DEADC0DE)
		return FS_DEADC0DE;
	/* jffs2 writes its nodes in the CPU's byte order. */
	if ((buf[0] == 0x19 && buf[1] == 0x85) || (buf[0] == 0x85 && buf[1] == 0x19))
		return FS_JFFS2;
	if (le32(buf) == UBIFS_MAGIC)
		return FS_UBIFS;
	if (buf[0] == 'h' && buf[1] == 's' && buf[2] == 'q' && buf[3] == 's')
		return FS_SQUASHFS;
	if (len >= F2FS_OFFSET + 4 && le32(buf + F2FS_OFFSET) == F2FS_MAGIC)
		return FS_F2FS;
	if (len >= EXT4_OFFSET + 2 && (buf[EXT4_OFFSET] | buf[EXT4_OFFSET + 1] << 8) == EXT4_MAGIC)
		return FS_EXT4;
	if (all_bytes(buf, len, 0xff))
		return FS_ERASED;
	if (all_bytes(buf, len, 0x00))
		return FS_ZEROED;
	return FS_UNKNOWN;
}

/* gzip's magic and deflate, no reserved flag bits: how sysupgrade's
 * tar | gzip starts (fstools looks for 1f 8b 08 00; a name flag too is still
 * a backup, never to be formatted away). */
int fs_is_backup(const unsigned char *buf, size_t len)
{
	return len >= 4 && buf[0] == 0x1f && buf[1] == 0x8b && buf[2] == 0x08 && (buf[3] & 0xe0) == 0;
}

unsigned long long ext4_backup_offset(unsigned block_size)
{
	unsigned long long first_block = block_size == 1024 ? 1 : 0;

	return (first_block + 8ull * block_size) * block_size;
}

/* Offsets in an ext4 superblock (the kernel's struct ext4_super_block). */
#define EXT4_SB_LOG_BLOCK_SIZE 0x18
#define EXT4_SB_BLOCKS_PER_GROUP 0x20
#define EXT4_SB_MAGIC 0x38
#define EXT4_SB_BLOCK_GROUP_NR 0x5a

int ext4_is_backup_superblock(const unsigned char *sb, size_t len, unsigned block_size)
{
	uint32_t log_size;

	if (len < EXT4_SB_BLOCK_GROUP_NR + 2 ||
	    (sb[EXT4_SB_MAGIC] | sb[EXT4_SB_MAGIC + 1] << 8) != EXT4_MAGIC)
		return 0;
	log_size = le32(sb + EXT4_SB_LOG_BLOCK_SIZE);
	return log_size <= 6 && (1024u << log_size) == block_size &&
	       le32(sb + EXT4_SB_BLOCKS_PER_GROUP) == 8u * block_size &&
	       (sb[EXT4_SB_BLOCK_GROUP_NR] | sb[EXT4_SB_BLOCK_GROUP_NR + 1] << 8) == 1;
}

const char *fs_kind_name(enum fs_kind kind)
{
	switch (kind) {
	case FS_UNKNOWN: return "unknown";
	case FS_ERASED: return "erased";
	case FS_ZEROED: return "zeroed";
	case FS_DEADC0DE: return "deadc0de";
	case FS_JFFS2: return "jffs2";
	case FS_UBIFS: return "ubifs";
	case FS_EXT4: return "ext4";
	case FS_F2FS: return "f2fs";
	case FS_SQUASHFS: return "squashfs";
	case FS_BACKUP: return "backup";
	}
	return "invalid";
}
