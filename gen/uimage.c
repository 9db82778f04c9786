/* SPDX-License-Identifier: MIT */
/* The legacy header is 64 bytes, all numbers big-endian, two CRC32s (zlib's
 * crc32 is U-Boot's): one over the payload, one over the header itself with
 * its own CRC field zero. Values from U-Boot's include/image.h. */
#include "uimage.h"

#include "diag.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#define IH_MAGIC 0x27051956u
#define IH_OS_LINUX 5
#define IH_TYPE_RAMDISK 3
#define IH_COMP_NONE 0 /* the kernel, not U-Boot, decompresses the initramfs */
#define IH_NMLEN 32
#define HEADER_SIZE 64

static const struct {
	const char *name;
	uint8_t code;
} arches[] = {
	{ "arm", 2 },	{ "x86", 3 },	  { "mips", 5 },   { "powerpc", 7 },
	{ "mips64", 6 }, { "arm64", 22 }, { "x86_64", 24 }, { "riscv", 26 },
};

static int arch_code(const char *arch)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (strcmp(arches[i].name, arch) == 0)
			return arches[i].code;
	return -1;
}

int uimage_arch_known(const char *arch)
{
	return arch_code(arch) >= 0;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One pass over the payload for its size and CRC. */
static int payload_crc(FILE *payload, uint32_t *crc, uint32_t *size, const char *what)
{
	unsigned char buf[65536];
	unsigned long long total = 0;
	uLong c = crc32(0L, Z_NULL, 0);
	size_t n;

	rewind(payload);
	while ((n = fread(buf, 1, sizeof(buf), payload)) > 0) {
		c = crc32(c, buf, (uInt)n);
		total += n;
	}
	if (ferror(payload)) {
		diag("%s: cannot read back the archive: %s", what, strerror(errno));
		return -1;
	}
	if (total > 0xffffffffULL) {
		diag("%s: archive larger than a uImage can hold (4 GiB)", what);
		return -1;
	}
	*crc = (uint32_t)c;
	*size = (uint32_t)total;
	return 0;
}

static int copy_payload(FILE *payload, FILE *out, const char *what)
{
	unsigned char buf[65536];
	size_t n;

	rewind(payload);
	while ((n = fread(buf, 1, sizeof(buf), payload)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			diag("%s: write failed: %s", what, strerror(errno));
			return -1;
		}
	return ferror(payload) ? -1 : 0;
}

int uimage_write(FILE *payload, FILE *out, const char *arch, const char *name,
		 long long timestamp, const char *what)
{
	unsigned char h[HEADER_SIZE] = { 0 };
	uint32_t dcrc, size;
	int code = arch_code(arch);

	if (code < 0) {
		diag("%s: unknown U-Boot architecture '%s'", what, arch);
		return -1;
	}
	if (payload_crc(payload, &dcrc, &size, what) != 0)
		return -1;
	put_be32(h + 0, IH_MAGIC);
	/* h + 4: header CRC, computed last */
	put_be32(h + 8, (uint32_t)timestamp);
	put_be32(h + 12, size);
	put_be32(h + 16, 0); /* load address: the bootloader chooses */
	put_be32(h + 20, 0); /* entry point: none for a ramdisk */
	put_be32(h + 24, dcrc);
	h[28] = IH_OS_LINUX;
	h[29] = (unsigned char)code;
	h[30] = IH_TYPE_RAMDISK;
	h[31] = IH_COMP_NONE;
	strncpy((char *)h + 32, name, IH_NMLEN - 1);
	put_be32(h + 4, (uint32_t)crc32(crc32(0L, Z_NULL, 0), h, HEADER_SIZE));
	if (fwrite(h, 1, sizeof(h), out) != sizeof(h)) {
		diag("%s: write failed: %s", what, strerror(errno));
		return -1;
	}
	return copy_payload(payload, out, what);
}
