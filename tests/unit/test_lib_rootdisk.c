/* SPDX-License-Identifier: MIT */
/* Unit tests of where the overlay starts after a root partition's squashfs
 * (lib/rootdisk.c): OpenWrt's x86 layout, as fstools computes it. */
#include "lib/rootdisk.h"
#include "tests/unit/tap.h"

#include <string.h>

#define MiB (1024ULL * 1024)

static unsigned char sb[SQUASHFS_SUPER_BYTES];
static char why[200];
static unsigned long long at, bytes;

/* A squashfs superblock that says it uses <used> bytes. */
static void squashfs(unsigned long long used)
{
	memset(sb, 0, sizeof(sb));
	memcpy(sb, "hsqs", 4);
	for (int i = 0; i < 8; i++)
		sb[40 + i] = (unsigned char)(used >> (8 * i));
}

static int region(unsigned long long part)
{
	at = bytes = 0;
	why[0] = '\0';
	return rootdisk_region(sb, sizeof(sb), part, &at, &bytes, why, sizeof(why));
}

int main(void)
{
	squashfs(4096000);
	CHECK(region(120 * MiB) == 0 && at == 4128768 && bytes == 120 * MiB - 4128768,
	      "bytes_used rounded up to 64 KiB: %llu", at);
	squashfs(64 * 1024);
	CHECK(region(120 * MiB) == 0 && at == 64 * 1024, "an aligned end is the start itself");
	squashfs(64 * 1024 + 1);
	CHECK(region(120 * MiB) == 0 && at == 128 * 1024, "one byte past: the next 64 KiB");
	squashfs(5ULL << 32);
	CHECK(region(6ULL << 32) == 0 && at == 5ULL << 32, "a squashfs past 4 GiB (64-bit bytes_used)");
	squashfs(4096000);
	CHECK(region(4128768 + MiB) == 0 && bytes == MiB, "exactly the minimum after it");
	CHECK(region(4128768 + MiB - 1) == -1 && strstr(why, "bytes after its squashfs"),
	      "less than the minimum: refused (%s)", why);
	CHECK(region(4096000) == -1 && strstr(why, "only 0 bytes"), "a squashfs filling the partition");
	CHECK(region(4000000) == -1 && strstr(why, "uses 4096000 bytes of a 4000000-byte"),
	      "a bytes_used past the partition's end: refused (%s)", why);
	squashfs(10);
	CHECK(region(120 * MiB) == -1 && strstr(why, "uses 10 bytes"),
	      "a bytes_used smaller than the superblock: refused");
	squashfs(4096000);
	memcpy(sb, "sqsh", 4);
	CHECK(region(120 * MiB) == -1 && strstr(why, "no squashfs"),
	      "a big-endian squashfs magic (squashfs 3): no squashfs 4 to measure");
	squashfs(4096000);
	CHECK(rootdisk_region(sb, SQUASHFS_SUPER_BYTES - 1, 120 * MiB, &at, &bytes, why,
			      sizeof(why)) == -1, "a short read: refused");
	return tap_done();
}
