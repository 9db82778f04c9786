/* SPDX-License-Identifier: MIT */
/* Test tool: set the update marker of one volume in a ubinize image, in
 * both copies of the volume table, with the records' CRC made anew: the
 * state a power cut leaves when it falls inside a volume update (UBI then
 * refuses every read of the volume until an update completes).
 *
 *   ubi-upd-marker IMAGE OFFSET PEB-SIZE VOL-ID   (OFFSET: where UBI starts)
 *
 * Only for images from `ubinize -m 1` (the volume table at byte 128 of
 * PEBs 0 and 1); each record's CRC is checked before it is changed, so
 * another layout fails instead of writing garbage. UBI's CRC-32 is the
 * kernel's crc32_le seeded with 0xffffffff, as jffs2's (lib/jffs2.c). */
#include "lib/jffs2.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define TABLE_AT 128      /* EC header 64, VID header 64 (min I/O 1) */
#define RECORD 172        /* struct ubi_vtbl_record */
#define RECORD_CRC 168    /* its CRC covers the bytes before it */
#define UPD_MARKER 13     /* reserved_pebs, alignment, data_pad, vol_type, then it */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

int main(int argc, char **argv)
{
	unsigned char rec[RECORD];
	FILE *f;
	long base, peb, vol;

	if (argc != 5) {
		fprintf(stderr, "usage: ubi-upd-marker IMAGE OFFSET PEB-SIZE VOL-ID\n");
		return 2;
	}
	base = strtol(argv[2], NULL, 0);
	peb = strtol(argv[3], NULL, 0);
	vol = strtol(argv[4], NULL, 0);
	f = fopen(argv[1], "r+b");
	if (!f || base < 0 || peb <= 0 || vol < 0 || vol > 127) {
		perror(argv[1]);
		return 1;
	}
	for (int copy = 0; copy < 2; copy++) {
		long at = base + copy * peb + TABLE_AT + vol * RECORD;

		if (fseek(f, at, SEEK_SET) != 0 || fread(rec, 1, RECORD, f) != RECORD ||
		    be32(rec + RECORD_CRC) != jffs2_crc32(0xffffffffu, rec, RECORD_CRC)) {
			fprintf(stderr, "%s: no volume table record %ld at %ld\n", argv[1], vol, at);
			return 1;
		}
		rec[UPD_MARKER] = 1;
		put_be32(rec + RECORD_CRC, jffs2_crc32(0xffffffffu, rec, RECORD_CRC));
		if (fseek(f, at, SEEK_SET) != 0 || fwrite(rec, 1, RECORD, f) != RECORD) {
			perror(argv[1]);
			return 1;
		}
	}
	return fclose(f) == 0 ? 0 : 1;
}
