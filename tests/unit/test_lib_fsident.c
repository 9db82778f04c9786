/* SPDX-License-Identifier: MIT */
/* Unit tests of filesystem identification (lib/fsident.c). */
#include "lib/fsident.h"
#include "tests/unit/tap.h"

#include <string.h>

static unsigned char buf[FS_IDENT_BYTES];

static enum fs_kind with(const void *bytes, size_t at, size_t n, unsigned char fill)
{
	memset(buf, fill, sizeof(buf));
	memcpy(buf + at, bytes, n);
	return fs_identify(buf, sizeof(buf));
}

/* Group 1's superblock copy as mke2fs writes it: the magic, the block
 * size as a log, 8 * block size blocks a group, its own group number. */
static void ext4_copy(unsigned log_size, unsigned per_group, unsigned group)
{
	memset(buf, 0, 1024);
	buf[0x18] = (unsigned char)log_size;
	buf[0x20] = per_group & 0xff, buf[0x21] = (per_group >> 8) & 0xff;
	buf[0x22] = (per_group >> 16) & 0xff;
	buf[0x38] = 0x53, buf[0x39] = 0xef;
	buf[0x5a] = (unsigned char)group;
}

static void check_ext4_backup(void)
{
	CHECK(ext4_backup_offset(1024) == 8193ull * 1024, "1 KiB blocks: group 1 at block 8193");
	CHECK(ext4_backup_offset(4096) == 32768ull * 4096, "4 KiB blocks: group 1 at block 32768");
	ext4_copy(0, 8192, 1);
	CHECK(ext4_is_backup_superblock(buf, 1024, 1024), "mke2fs's copy, 1 KiB blocks");
	CHECK(!ext4_is_backup_superblock(buf, 1024, 4096), "... not a copy for 4 KiB blocks");
	CHECK(!ext4_is_backup_superblock(buf, 0x5b, 1024), "... cut before its group number");
	ext4_copy(2, 32768, 1);
	CHECK(ext4_is_backup_superblock(buf, 1024, 4096), "mke2fs's copy, 4 KiB blocks");
	ext4_copy(2, 32768, 0);
	CHECK(!ext4_is_backup_superblock(buf, 1024, 4096), "group 0's superblock is no copy of group 1");
	ext4_copy(2, 16384, 1);
	CHECK(!ext4_is_backup_superblock(buf, 1024, 4096), "another group size: not where we looked");
	ext4_copy(31, 8192, 1);
	CHECK(!ext4_is_backup_superblock(buf, 1024, 1024), "a huge log block size is refused, not shifted");
	ext4_copy(0, 8192, 1);
	buf[0x39] = 0;
	CHECK(!ext4_is_backup_superblock(buf, 1024, 1024), "no magic: no copy");
}

int main(void)
{
	CHECK(with("", 0, 0, 0xff) == FS_ERASED, "all 0xff is erased");
	CHECK(with("", 0, 0, 0x00) == FS_ZEROED, "all 0x00 is zeroed");
	CHECK(with("\xde\xad\xc0\xde", 0, 4, 0xff) == FS_DEADC0DE, "deadc0de, big-endian, at 0");
	CHECK(with("\xde\xc0\xad\xde", 0, 4, 0xff) == FS_UNKNOWN, "byte-swapped deadc0de is not the marker");
	CHECK(with("\x85\x19\x03\x20", 0, 4, 0xff) == FS_JFFS2, "jffs2 little-endian 0x1985");
	CHECK(with("\x19\x85\x20\x03", 0, 4, 0xff) == FS_JFFS2, "jffs2 big-endian 0x1985");
	CHECK(with("\x31\x18\x10\x06", 0, 4, 0x00) == FS_UBIFS, "ubifs magic");
	CHECK(with("hsqs", 0, 4, 0x00) == FS_SQUASHFS, "squashfs magic");
	CHECK(with("\x10\x20\xf5\xf2", 0x400, 4, 0x00) == FS_F2FS, "f2fs magic at 0x400");
	CHECK(with("\x1f\x8b\x08\x00", 0, 4, 0x00) == FS_UNKNOWN && fs_is_backup(buf, sizeof(buf)),
	      "tar | gzip: unknown as a filesystem, a settings backup");
	CHECK(with("\x1f\x8b\x08\x08", 0, 4, 0x00) == FS_UNKNOWN && fs_is_backup(buf, sizeof(buf)),
	      "gzip with a file name: a backup");
	with("\x1f\x8b\x08\x20", 0, 4, 0x00);
	CHECK(!fs_is_backup(buf, sizeof(buf)), "gzip's reserved flag bits: no gzip");
	with("\x1f\x8b\x07\x00", 0, 4, 0x00);
	CHECK(!fs_is_backup(buf, sizeof(buf)), "gzip magic without deflate: no gzip");
	CHECK(!fs_is_backup(buf, 3), "fewer than 4 bytes: no gzip");
	CHECK(strcmp(fs_kind_name(FS_BACKUP), "backup") == 0, "a backup's name");
	CHECK(with("\x53\xef", 0x438, 2, 0x00) == FS_EXT4, "ext4 magic at 0x438");
	CHECK(with("\x53\xef", 0x438, 2, 0xff) == FS_EXT4, "magic wins over the erased check");
	CHECK(with("x", 100, 1, 0xff) == FS_UNKNOWN, "one stray byte in erased flash is unknown");
	CHECK(with("x", 0, 1, 0x00) == FS_UNKNOWN, "garbage is unknown");
	CHECK(fs_identify(buf, 3) == FS_UNKNOWN, "fewer than 4 bytes is unknown");
	memset(buf, 0, sizeof(buf));
	buf[0x438] = 0x53;
	buf[0x439] = 0xef;
	CHECK(fs_identify(buf, 0x438) == FS_ZEROED, "ext4 magic beyond len is not read");
	CHECK(strcmp(fs_kind_name(FS_DEADC0DE), "deadc0de") == 0, "kind names");
	check_ext4_backup();
	return tap_done();
}
