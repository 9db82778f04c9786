/* SPDX-License-Identifier: MIT */
/* Unit tests of /proc/mtd parsing (lib/mtd.c). */
#include "lib/mtd.h"
#include "tests/unit/tap.h"

#include <string.h>

static const char proc_mtd[] = "dev:    size   erasesize  name\n"
			       "mtd0: 01000000 00010000 \"flash\"\n"
			       "mtd1: 00400000 00010000 \"rootfs\"\n"
			       "mtd2: 00c00000 00010000 \"rootfs_data\"\n"
			       "mtd13: 00010000 00010000 \"odd \"name\" here\"\n";

static int find(const char *name)
{
	return mtd_index_by_name(proc_mtd, strlen(proc_mtd), name);
}

int main(void)
{
	CHECK(find("rootfs") == 1, "rootfs is mtd1");
	CHECK(find("rootfs_data") == 2, "rootfs_data is mtd2, not a prefix match");
	CHECK(find("flash") == 0, "the master device");
	CHECK(find("odd \"name\" here") == 13, "quotes inside a name, two-digit index");
	CHECK(find("root") == -1, "prefix of a name does not match");
	CHECK(find("") == -1, "empty name does not match");
	CHECK(mtd_index_by_name("", 0, "rootfs") == -1, "empty table");
	CHECK(mtd_index_by_name("mtd1: 0 0 \"rootfs", 17, "rootfs") == -1,
	      "unterminated quote does not match");
	CHECK(mtd_index_by_name("mtdx: 0 0 \"rootfs\"\nmtd99999999: 0 0 \"rootfs\"\n", 44,
				"rootfs") == -1,
	      "malformed and absurd indexes skipped");
	CHECK(mtd_index_by_name(proc_mtd, 40, "rootfs") == -1, "length bound respected");
	return tap_done();
}
