/* SPDX-License-Identifier: MIT */
/* Unit tests of the volume spec grammar (lib/volspec.c) and the status
 * file reader (lib/status.c's status_value) that rominit-ctl uses. */
#include "lib/status.h"
#include "lib/volspec.h"
#include "tests/unit/tap.h"

#include <string.h>

static struct vol_spec s;
static char why[160];

static int parses(const char *spec, enum vol_kind kind, int ubi_num, const char *name)
{
	return vol_spec_parse(spec, &s, why, sizeof(why)) == 0 && s.kind == kind &&
	       s.ubi_num == ubi_num && strcmp(s.name, name) == 0;
}

static int refused(const char *spec, const char *text)
{
	return vol_spec_parse(spec, &s, why, sizeof(why)) == -1 && strstr(why, text) != NULL;
}

static void specs(void)
{
	char long_name[200];

	CHECK(parses("mtd:rootfs_data", VOL_MTD, -1, "rootfs_data"), "mtd:NAME");
	CHECK(parses("ubi:rootfs_data", VOL_UBI, -1, "rootfs_data"), "ubi:NAME: any UBI device");
	CHECK(parses("ubi0:rootfs", VOL_UBI, 0, "rootfs"), "ubi0:NAME");
	CHECK(parses("ubi31:x", VOL_UBI, 31, "x"), "ubi31:NAME, the highest device number");
	CHECK(parses("/dev/ubiblock0_1", VOL_DEV, -1, "/dev/ubiblock0_1"), "/dev/... as given");
	CHECK(parses("PARTLABEL=rootfs_data", VOL_PARTLABEL, -1, "rootfs_data"), "PARTLABEL=");
	CHECK(parses("PARTUUID=5452574f-02", VOL_PARTUUID, -1, "5452574f-02"), "PARTUUID=");
	CHECK(parses("rootdisk", VOL_ROOTDISK, -1, ""), "rootdisk: no name (the root's partition)");
	CHECK(refused("rootdisk:x", "unsupported form"), "rootdisk takes nothing after it");
	CHECK(refused("ubi32:x", "ubiN:NAME"), "ubi32: no such UBI device number");
	CHECK(refused("ubi0x:a", "ubiN:NAME"), "ubi0x: digits then the colon");
	CHECK(refused("mtd:", "empty name"), "mtd: with no name");
	CHECK(refused("ubi:", "empty name"), "ubi: with no name");
	CHECK(refused("rootfs_data", "unsupported form"), "a bare name is refused with the grammar");
	CHECK(refused("", "unsupported form"), "an empty spec");
	CHECK(refused("ubifoo", "unsupported form"), "ubi then letters is no UBI spec");
	memset(long_name, 'a', sizeof(long_name) - 1);
	memcpy(long_name, "mtd:", 4);
	long_name[sizeof(long_name) - 1] = '\0';
	CHECK(refused(long_name, "longer than"), "a name past %d bytes is refused, not cut",
	      VOL_NAME_MAX);
}

static void status_reader(void)
{
	static const char text[] = "version=1\noverlay=ubifs\noverlay_action=mounted\n"
				   "overlay_reason=\ndata_volume=/dev/ubi0_1";
	char v[16];

	CHECK(status_value(text, strlen(text), "overlay", v, sizeof(v)) == 1 &&
		      strcmp(v, "ubifs") == 0, "overlay= read exactly, not overlay_action=");
	CHECK(status_value(text, strlen(text), "overlay_reason", v, sizeof(v)) == 1 && v[0] == '\0',
	      "an empty value");
	CHECK(status_value(text, strlen(text), "data_volume", v, sizeof(v)) == 1 &&
		      strcmp(v, "/dev/ubi0_1") == 0, "the last line without a newline");
	CHECK(status_value(text, strlen(text), "overlay_", v, sizeof(v)) == 0 && v[0] == '\0',
	      "a key's prefix is no key");
	CHECK(status_value(text, strlen(text), "data_volume", v, 5) == 1 && strcmp(v, "/dev") == 0,
	      "a long value is cut to the buffer");
	CHECK(status_value(text, 20, "overlay_action", v, sizeof(v)) == 0, "the length is a bound");
}

int main(void)
{
	specs();
	status_reader();
	return tap_done();
}
