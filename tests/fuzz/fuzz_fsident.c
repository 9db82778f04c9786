/* SPDX-License-Identifier: MIT */
/* Fuzz target: filesystem identification from a partition's first bytes
 * (lib/fsident.c, fs_identify and fs_kind_name), and where the space after
 * a root partition's squashfs starts (lib/rootdisk.c, the same bytes read
 * as its superblock, the partition's size from the input's tail).
 *
 * The input is the raw block, in a buffer of exactly its size. The result is
 * compared with a reference written from the contract in lib/fsident.h
 * (magic numbers in their order, then the all-0xff and all-0x00 checks over
 * every byte), and each kind must have its own name. */
#include "lib/fsident.h"
#include "lib/rootdisk.h"
#include "tests/fuzz/fuzz.h"

static int all(const uint8_t *p, size_t len, uint8_t value)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != value)
			return 0;
	return 1;
}

static int has(const uint8_t *p, size_t len, size_t at, const char *magic, size_t n)
{
	return len >= at + n && memcmp(p + at, magic, n) == 0;
}

static enum fs_kind reference(const uint8_t *p, size_t len)
{
	if (len < 4)
		return FS_UNKNOWN;
	if (has(p, len, 0, "\xde\xad\xc0\xde", 4))
		return FS_DEADC0DE;
	if (has(p, len, 0, "\x19\x85", 2) || has(p, len, 0, "\x85\x19", 2))
		return FS_JFFS2;
	if (has(p, len, 0, "\x31\x18\x10\x06", 4))
		return FS_UBIFS;
	if (has(p, len, 0, "hsqs", 4))
		return FS_SQUASHFS;
	if (has(p, len, 0x400, "\x10\x20\xf5\xf2", 4))
		return FS_F2FS;
	if (has(p, len, 0x438, "\x53\xef", 2))
		return FS_EXT4;
	if (all(p, len, 0xff))
		return FS_ERASED;
	if (all(p, len, 0x00))
		return FS_ZEROED;
	return FS_UNKNOWN;
}

/* The region starts 64 KiB-aligned at or past the squashfs's end, with at
 * least ROOTDISK_MIN_BYTES to the partition's end, or is refused with a
 * reason. */
static void check_region(const uint8_t *data, size_t len)
{
	struct fuzz_input tail = { data + (len > 8 ? len - 8 : len), len > 8 ? 8 : 0 };
	unsigned long long part = take_u64(&tail) >> (data[0] & 31), at = 0, bytes = 0, used = 0;
	char why[200] = "";

	if (rootdisk_region(data, len, part, &at, &bytes, why, sizeof(why)) != 0) {
		FUZZ_CHECK(why[0] && memchr(why, '\0', sizeof(why)), "refused without a reason");
		return;
	}
	for (int i = 7; i >= 0; i--)
		used = used << 8 | data[40 + i];
	FUZZ_CHECK(has(data, len, 0, "hsqs", 4), "a region without a squashfs");
	FUZZ_CHECK(at % ROOTDISK_ALIGN == 0 && at >= used && at - used < ROOTDISK_ALIGN,
		   "offset %llu for bytes_used %llu", at, used);
	FUZZ_CHECK(at + bytes == part && bytes >= ROOTDISK_MIN_BYTES, "region %llu+%llu of %llu",
		   at, bytes, part);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const enum fs_kind kinds[] = { FS_UNKNOWN, FS_ERASED, FS_ZEROED,
					      FS_DEADC0DE, FS_JFFS2, FS_UBIFS,
					      FS_EXT4, FS_F2FS, FS_SQUASHFS, FS_BACKUP };
	enum fs_kind got = fs_identify(data, len), want = reference(data, len);
	const char *name = fs_kind_name(got);

	FUZZ_CHECK(got == want, "fs_identify says %s, the reference %s", name, fs_kind_name(want));
	FUZZ_CHECK(name && strcmp(name, "invalid") != 0, "kind %d has no name", (int)got);
	/* Names are distinct: the status file and the log are read by people. */
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		FUZZ_CHECK(kinds[i] == got || strcmp(fs_kind_name(kinds[i]), name) != 0,
			   "kinds %d and %d share the name '%s'", (int)kinds[i], (int)got, name);
	/* A value outside the enum (a corrupted variable) still gets a string. */
	if (len >= 1)
		FUZZ_CHECK(fs_kind_name((enum fs_kind)(data[0] + 10)) != NULL, "no name for %d",
			   data[0] + 10);
	FUZZ_CHECK(fs_is_backup(data, len) ==
			   (len >= 4 && has(data, len, 0, "\x1f\x8b\x08", 3) && !(data[3] & 0xe0)),
		   "fs_is_backup");
	/* A copy of an ext4 superblock is only ever one with the magic. */
	for (unsigned size = 1024; size <= 4096; size *= 2)
		FUZZ_CHECK(!ext4_is_backup_superblock(data, len, size) ||
				   (len >= 0x5c && data[0x38] == 0x53 && data[0x39] == 0xef),
			   "ext4_is_backup_superblock without the magic");
	check_region(data, len);
	return 0;
}
