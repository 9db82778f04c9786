/* SPDX-License-Identifier: MIT */
/* Unit tests of the overlay state link (lib/fsstate.c), on a host directory. */
#include "lib/fsstate.h"
#include "tests/unit/tap.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char dir[] = "/tmp/rominit-fsstate.XXXXXX";
	char path[64], target[8];
	ssize_t n;

	CHECK(fs_state_parse("1", 1) == FS_STATE_PENDING, "\"1\" is pending");
	CHECK(fs_state_parse("2", 1) == FS_STATE_READY, "\"2\" is ready");
	CHECK(fs_state_parse("0", 1) == FS_STATE_UNKNOWN, "\"0\" is unknown");
	CHECK(fs_state_parse("22", 2) == FS_STATE_UNKNOWN, "\"22\" is unknown");
	CHECK(fs_state_parse("", 0) == FS_STATE_UNKNOWN, "empty is unknown");

	if (!mkdtemp(dir))
		return 1;
	CHECK(fs_state_read(dir) == FS_STATE_ABSENT, "no link: absent");
	CHECK(fs_state_write(dir, FS_STATE_PENDING) == 0, "write pending");
	CHECK(fs_state_read(dir) == FS_STATE_PENDING, "read back pending");
	CHECK(fs_state_write(dir, FS_STATE_READY) == 0, "overwrite with ready");
	snprintf(path, sizeof(path), "%s/.fs_state", dir);
	n = readlink(path, target, sizeof(target));
	CHECK(n == 1 && target[0] == '2', "the link target is \"2\", as OpenWrt writes it");
	snprintf(path, sizeof(path), "%s/.fs_state.tmp", dir);
	CHECK(access(path, F_OK) != 0, "no temporary left behind");
	CHECK(symlink("1", path) == 0 && fs_state_write(dir, FS_STATE_READY) == 0 &&
		      fs_state_read(dir) == FS_STATE_READY,
	      "a stale temporary from a power cut is replaced");
	snprintf(path, sizeof(path), "%s/.fs_state", dir);
	unlink(path);
	CHECK(symlink("garbage", path) == 0 && fs_state_read(dir) == FS_STATE_UNKNOWN,
	      "garbage target reads as unknown");
	unlink(path);
	rmdir(dir);
	return tap_done();
}
