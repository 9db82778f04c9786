/* SPDX-License-Identifier: MIT */
#include "partition.h"

#include "fmt.h"
#include "status.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define MBR_SIGNATURE_AT 440
#define MBR_ENTRIES_AT 446
#define MBR_TYPE_GPT 0xee     /* a protective (or hybrid) MBR: the disk is GPT */
#define GPT_ENTRIES_MAX 65536 /* far over any tool's 128; bounds the offset */
#define GPT_ENTRY_MAX 4096
#define UEVENT_VALUE_MAX 255  /* PARTNAME: a GPT name is 36 UTF-16 units, at most 108 bytes */    /* an entry's size: 128 in practice, a multiple of 8 */

/* status_value reads KEY=value lines already; a uevent is the same text.
 * A value that does not fit is no value (never cut): read into room for
 * one byte more than any uevent field rominit needs. */
int uevent_field(const char *uevent, const char *key, char *out, size_t out_size)
{
	char value[UEVENT_VALUE_MAX + 2];
	size_t len;

	if (!status_value(uevent, strlen(uevent), key, value, sizeof(value)))
		return 0;
	len = strlen(value);
	if (len >= out_size || len > UEVENT_VALUE_MAX)
		return 0;
	memcpy(out, value, len + 1);
	return 1;
}

unsigned uevent_partn(const char *uevent)
{
	char text[8];
	unsigned n = 0;

	if (!uevent_field(uevent, "PARTN", text, sizeof(text)) || !text[0])
		return 0;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		n = n * 10 + (unsigned)(*p - '0'); /* at most 7 digits: no overflow */
	}
	return n <= GPT_ENTRIES_MAX ? n : 0;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void hex_bytes(char **out, const unsigned char *b, const int *order, int n)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < n; i++) {
		*(*out)++ = digits[b[order[i]] >> 4];
		*(*out)++ = digits[b[order[i]] & 15];
	}
}

/* A GUID's text: its first three fields are stored little-endian. */
static void guid_text(const unsigned char *g, char *out)
{
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const int groups[5] = { 4, 2, 2, 2, 6 };
	const int *o = order;

	for (int i = 0; i < 5; i++) {
		if (i)
			*out++ = '-';
		hex_bytes(&out, g, o, groups[i]);
		o += groups[i];
	}
	*out = '\0';
}

static int read_at(part_reader read, void *ctx, unsigned long long off, void *buf, size_t len,
		   const char *what, char *why, size_t why_size)
{
	if (read(ctx, off, buf, len) == 0)
		return 0;
	fmt_snprintf(why, why_size, "cannot read the %s: %s", what, strerror(errno));
	return -1;
}

static int gpt_uuid(part_reader read, void *ctx, unsigned sector_size, unsigned partn, char *out,
		    char *why, size_t why_size)
{
	unsigned char h[92], guid[16];
	uint64_t entries_lba;
	uint32_t count, entry_size;

	if (read_at(read, ctx, sector_size, h, sizeof(h), "GPT header", why, why_size) != 0)
		return -1;
	if (memcmp(h, "EFI PART", 8) != 0) {
		fmt_snprintf(why, why_size, "a protective MBR but no GPT header at LBA 1");
		return -1;
	}
	entries_lba = le64(h + 72);
	count = le32(h + 80);
	entry_size = le32(h + 84);
	if (entry_size < 128 || entry_size > GPT_ENTRY_MAX || entry_size % 8 || count > GPT_ENTRIES_MAX ||
	    entries_lba < 2 || entries_lba > UINT64_MAX / sector_size / 2) {
		fmt_snprintf(why, why_size, "GPT header out of bounds (entries at LBA %u, %u of %u bytes)",
			     (unsigned)entries_lba, (unsigned)count, (unsigned)entry_size);
		return -1;
	}
	if (partn > count) {
		fmt_snprintf(why, why_size, "GPT has %u entries, no partition %u", (unsigned)count, partn);
		return -1;
	}
	if (read_at(read, ctx, entries_lba * sector_size + (uint64_t)(partn - 1) * entry_size + 16, guid,
		    sizeof(guid), "GPT entry", why, why_size) != 0)
		return -1;
	guid_text(guid, out);
	return 0;
}

int part_uuid(part_reader read, void *ctx, unsigned sector_size, unsigned partn, char *out,
	      size_t out_size, char *why, size_t why_size)
{
	unsigned char mbr[512];

	if (out_size < PART_UUID_MAX + 1 || partn == 0 || partn > GPT_ENTRIES_MAX ||
	    sector_size < 512 || sector_size > 65536 || (sector_size & (sector_size - 1))) {
		fmt_snprintf(why, why_size, "bad request: partition %u, %u-byte sectors", partn,
			     sector_size);
		return -1;
	}
	if (read_at(read, ctx, 0, mbr, sizeof(mbr), "MBR", why, why_size) != 0)
		return -1;
	if (mbr[510] != 0x55 || mbr[511] != 0xaa) {
		fmt_snprintf(why, why_size, "no partition table (no MBR signature)");
		return -1;
	}
	for (int i = 0; i < 4; i++)
		if (mbr[MBR_ENTRIES_AT + 16 * i + 4] == MBR_TYPE_GPT)
			return gpt_uuid(read, ctx, sector_size, partn, out, why, why_size);
	if (partn > 255) {
		fmt_snprintf(why, why_size, "MBR: no partition %u", partn);
		return -1;
	}
	fmt_snprintf(out, out_size, "%08x-%02x", (unsigned)le32(mbr + MBR_SIGNATURE_AT), partn);
	return 0;
}
