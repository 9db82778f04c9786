/* SPDX-License-Identifier: MIT */
/* Fuzz target: partition tables and uevents (lib/partition.c).
 *
 * Input: a byte choosing the sector size (512, 4096, or one no disk has),
 * two bytes of partition number, then the disk's first bytes (a uevent is
 * the same bytes as text). Checked: the reader is never asked for bytes
 * outside the disk (it fails those, as a short disk does); a PARTUUID is a
 * GUID's 36 lower-case characters, or an MBR's SSSSSSSS-PP when the table has
 * no GPT type; a refusal has a reason; a uevent value is a whole line's tail.
 */
#include "lib/partition.h"
#include "tests/fuzz/fuzz.h"

#include <errno.h>

struct disk {
	const uint8_t *p;
	size_t n;
};

static int read_disk(void *ctx, unsigned long long off, void *buf, size_t len)
{
	const struct disk *d = ctx;

	FUZZ_CHECK(len <= 4096, "a read of %zu bytes", len);
	if (off > d->n || len > d->n - off) {
		errno = EIO;
		return -1;
	}
	memcpy(buf, d->p + off, len);
	return 0;
}

static int is_guid_text(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	}
	return 1;
}

static void check_uuid(const struct disk *d, unsigned sector, unsigned partn)
{
	char uuid[PART_UUID_MAX + 1], why[200];
	int gpt = 0;

	why[0] = '\0';
	if (part_uuid(read_disk, (void *)d, sector, partn, uuid, sizeof(uuid), why, sizeof(why)) != 0) {
		FUZZ_CHECK(why[0] && memchr(why, '\0', sizeof(why)), "refused without a reason");
		return;
	}
	for (int i = 0; i < 4 && d->n >= 512; i++)
		gpt |= d->p[446 + 16 * i + 4] == 0xee;
	if (gpt)
		FUZZ_CHECK(is_guid_text(uuid), "GPT PARTUUID '%s'", uuid);
	else
		FUZZ_CHECK(strlen(uuid) == 11 && uuid[8] == '-', "MBR PARTUUID '%s'", uuid);
}

static void check_uevent(const uint8_t *data, size_t len)
{
	static const char *const keys[] = { "PARTN", "PARTNAME", "DEVNAME", "DEVTYPE" };
	char *text = malloc(len + 1), value[64];

	if (!text)
		abort();
	memcpy(text, data, len);
	text[len] = '\0';
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		if (!uevent_field(text, keys[k], value, sizeof(value)))
			continue;
		FUZZ_CHECK(strlen(value) < sizeof(value) && !strchr(value, '\n'), "value '%s'", value);
		FUZZ_CHECK(strstr(text, value) != NULL, "value '%s' not in the text", value);
	}
	FUZZ_CHECK(uevent_partn(text) <= 65536, "PARTN %u", uevent_partn(text));
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_input in = { data, len };
	static const unsigned sectors[] = { 512, 4096, 1000 };
	unsigned sector = sectors[take_u8(&in) % 3];
	unsigned partn = take_u8(&in) << 8;
	struct disk d;

	partn |= take_u8(&in);
	d.p = in.p;
	d.n = in.n;
	check_uuid(&d, sector, partn);
	check_uevent(in.p, in.n);
	return 0;
}
