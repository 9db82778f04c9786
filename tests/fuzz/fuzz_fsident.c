/* Fuzz target: filesystem identification from a partition's first bytes
 * (lib/fsident.c, fs_identify and fs_kind_name).
 *
 * The input is the raw block, in a buffer of exactly its size. The result is
 * compared with a reference written from the contract in lib/fsident.h
 * (magic numbers in their order, then the all-0xff and all-0x00 checks over
 * every byte), and each kind must have its own name. */
#include "lib/fsident.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const enum fs_kind kinds[] = { FS_UNKNOWN, FS_ERASED, FS_ZEROED,
					      FS_DEADC0DE, FS_JFFS2, FS_UBIFS,
					      FS_EXT4, FS_F2FS, FS_SQUASHFS };
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
		FUZZ_CHECK(fs_kind_name((enum fs_kind)(data[0] + 9)) != NULL, "no name for %d",
			   data[0] + 9);
	return 0;
}
