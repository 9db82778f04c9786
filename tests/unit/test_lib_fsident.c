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
	return tap_done();
}
