/* SPDX-License-Identifier: MIT */
#include "jffs2.h"

#include <string.h>

#define JFFS2_MAGIC 0x1985
#define NODE_ACCURATE 0x2000 /* cleared in place when a node is obsoleted */
#define HEADER_BYTES 12
#define SUM_MAGIC 0x02851885u
#define SUM_MARKER_BYTES 8
#define IMAGE_ERASESIZE_MAX (16u * 1024 * 1024)

struct node {
	uint16_t type;
	uint32_t len; /* totlen padded to 4, as jffs2 lays nodes out */
};

enum jffs2_order jffs2_order_of(const unsigned char *buf, size_t len)
{
	if (len < 2)
		return JFFS2_ORDER_NONE;
	if (buf[0] == 0x85 && buf[1] == 0x19)
		return JFFS2_ORDER_LITTLE;
	if (buf[0] == 0x19 && buf[1] == 0x85)
		return JFFS2_ORDER_BIG;
	return JFFS2_ORDER_NONE;
}

enum jffs2_order jffs2_native_order(void)
{
	const uint16_t magic = JFFS2_MAGIC;

	return jffs2_order_of((const unsigned char *)&magic, sizeof(magic));
}

const char *jffs2_order_name(enum jffs2_order order)
{
	switch (order) {
	case JFFS2_ORDER_LITTLE: return "little-endian";
	case JFFS2_ORDER_BIG: return "big-endian";
	case JFFS2_ORDER_NONE: break;
	}
	return "no";
}

uint32_t jffs2_crc32(uint32_t seed, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	uint32_t crc = seed;

	while (len--) {
		crc ^= *p++;
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return crc;
}

/* 1 with *n when a valid node header (native order, header CRC as jffs2
 * checks it: with the ACCURATE bit set) starts at off; 0 if not; -1 on a
 * read error. */
static int node_at(jffs2_read_fn read, void *ctx, uint32_t size, uint32_t off, struct node *n)
{
	struct {
		uint16_t magic, type;
		uint32_t totlen, hdr_crc;
	} h;
	uint16_t type;

	if (off > size || size - off < HEADER_BYTES)
		return 0;
	if (read(ctx, off, &h, sizeof(h)) != 0)
		return -1;
	if (h.magic != JFFS2_MAGIC || h.totlen < HEADER_BYTES || h.totlen > size - off)
		return 0;
	type = h.type;
	h.type |= NODE_ACCURATE;
	if (jffs2_crc32(0, &h, 8) != h.hdr_crc)
		return 0;
	n->type = type | NODE_ACCURATE;
	n->len = (h.totlen + 3) & ~3u;
	return n->len <= size - off;
}

/* jffs2 wrote a summary for this block size: the block ends with the
 * summary marker, pointing back at a summary node that ends there. */
static int block_has_summary(jffs2_read_fn read, void *ctx, uint32_t size, uint32_t block,
			     uint32_t erasesize)
{
	uint32_t marker[2];
	struct node n;
	uint32_t end = block + erasesize;

	if (end > size || read(ctx, end - SUM_MARKER_BYTES, marker, sizeof(marker)) != 0)
		return 0;
	if (marker[1] != SUM_MAGIC || marker[0] >= erasesize - SUM_MARKER_BYTES)
		return 0;
	return node_at(read, ctx, size, block + marker[0], &n) == 1 && n.type == JFFS2_NODE_SUMMARY &&
	       block + marker[0] + n.len == end;
}

static int node_crosses(uint32_t off, uint32_t len, uint32_t blocksize)
{
	return off / blocksize != (off + len - 1) / blocksize;
}

/* After a crossing: the image's erase size is the smallest power of two
 * of at least twice this flash's that no node of the run from offset 0
 * crosses, where the run shows one of its boundaries: passing over it, or
 * ending in padding with a node at the next one. 0 when nothing tells
 * (a run shorter than one of the image's blocks). */
static int image_erasesize(jffs2_read_fn read, void *ctx, uint32_t size, uint32_t off,
			   uint32_t erasesize, uint32_t *found)
{
	uint32_t crossed = 0; /* bit k: some node crosses a boundary of erasesize << k */
	struct node n;
	int rc;

	*found = 0;
	while ((rc = node_at(read, ctx, size, off, &n)) == 1 && off < IMAGE_ERASESIZE_MAX) {
		for (unsigned k = 1; k < 24 && erasesize <= (IMAGE_ERASESIZE_MAX >> k); k++)
			if (node_crosses(off, n.len, erasesize << k))
				crossed |= 1u << k;
		off += n.len;
	}
	if (rc < 0)
		return -1;
	for (unsigned k = 1; k < 24 && erasesize <= (IMAGE_ERASESIZE_MAX >> k); k++) {
		uint32_t s = erasesize << k, next = (off + s - 1) & ~(s - 1);

		if (crossed & (1u << k))
			continue;
		if (off > s) {
			*found = s;
			return 0;
		}
		rc = node_at(read, ctx, size, next, &n);
		if (rc == 1)
			*found = s;
		return rc < 0 ? -1 : 0;
	}
	return 0;
}

int jffs2_check_fit(jffs2_read_fn read, void *ctx, uint32_t size, uint32_t erasesize,
		    struct jffs2_fit *fit)
{
	uint32_t off = 0, limit;
	struct node n;
	int rc = 0;

	memset(fit, 0, sizeof(*fit));
	if (erasesize == 0 || size < erasesize)
		return 0;
	if (block_has_summary(read, ctx, size, 0, erasesize))
		return 0;
	limit = size / erasesize < JFFS2_WALK_BLOCKS ? size : JFFS2_WALK_BLOCKS * erasesize;
	while (off < limit && (rc = node_at(read, ctx, size, off, &n)) == 1) {
		if (node_crosses(off, n.len, erasesize)) {
			fit->crosses = 1;
			fit->node_at = off;
			fit->node_len = n.len;
			return image_erasesize(read, ctx, size, off, erasesize, &fit->image_erasesize);
		}
		off += n.len;
		if (off % erasesize == 0 && n.type == JFFS2_NODE_SUMMARY)
			return 0;
	}
	return off < limit && rc < 0 ? -1 : 0;
}
