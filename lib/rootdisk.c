/* SPDX-License-Identifier: MIT */
#include "rootdisk.h"

#include "fmt.h"

#include <stdint.h>

#define SQUASHFS_MAGIC 0x73717368u /* "hsqs" */
#define BYTES_USED_AT 40

static uint64_t le(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

int rootdisk_region(const unsigned char *sb, size_t len, unsigned long long part_bytes,
		    unsigned long long *offset, unsigned long long *bytes, char *why,
		    size_t why_size)
{
	uint64_t used, at;

	if (len < SQUASHFS_SUPER_BYTES || le(sb, 4) != SQUASHFS_MAGIC) {
		fmt_snprintf(why, why_size, "no squashfs at its start to find the end of");
		return -1;
	}
	used = le(sb + BYTES_USED_AT, 8);
	if (used < SQUASHFS_SUPER_BYTES || used > part_bytes) {
		fmt_snprintf(why, why_size, "its squashfs says it uses %llu bytes of a %llu-byte "
			     "partition", (unsigned long long)used, part_bytes);
		return -1;
	}
	at = (used + ROOTDISK_ALIGN - 1) & ~(ROOTDISK_ALIGN - 1);
	if (at > part_bytes || part_bytes - at < ROOTDISK_MIN_BYTES) {
		fmt_snprintf(why, why_size, "only %llu bytes after its squashfs (%llu bytes): an "
			     "overlay needs %llu", at > part_bytes ? 0ULL : part_bytes - at,
			     (unsigned long long)used, ROOTDISK_MIN_BYTES);
		return -1;
	}
	*offset = at;
	*bytes = part_bytes - at;
	return 0;
}
