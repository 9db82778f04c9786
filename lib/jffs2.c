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

/* The kernel's scan takes a block whose first EMPTY_SCAN_SIZE bytes read
 * 0xff for empty (fs/jffs2/nodelist.h, DEFAULT_EMPTY_SCAN_SIZE on NOR). */
#define EMPTY_SCAN_BYTES 256

struct header {
	uint16_t magic, type;
	uint32_t totlen, hdr_crc;
};

static int header_valid(const struct header *h)
{
	struct header crcnode = *h;

	crcnode.type |= NODE_ACCURATE;
	return h->magic == JFFS2_MAGIC && jffs2_crc32(0, &crcnode, 8) == h->hdr_crc;
}

static int starts_empty(jffs2_read_fn read, void *ctx, uint32_t block, uint32_t erasesize)
{
	uint32_t word;

	for (uint32_t o = 0; o < EMPTY_SCAN_BYTES && erasesize - o >= 4; o += 4) {
		if (read(ctx, block + o, &word, 4) != 0)
			return -1;
		if (word != 0xffffffffu)
			return 0;
	}
	return 1;
}

/* The summary marker's magic zeroed: the scan reads the whole block. */
static int retire_summary(jffs2_read_fn read, jffs2_program_fn program, void *ctx, uint32_t block,
			  uint32_t erasesize, struct jffs2_retire_count *count)
{
	static const unsigned char zero[4];
	uint32_t magic;

	if (erasesize < SUM_MARKER_BYTES)
		return 0;
	if (read(ctx, block + erasesize - 4, &magic, 4) != 0)
		return -1;
	if (magic != SUM_MAGIC)
		return 0;
	count->summaries++;
	return program ? program(ctx, block + erasesize - 4, zero, 4) : 0;
}

/* ACCURATE off: the high byte of the type, where the CPU's order keeps it. */
static int obsolete(jffs2_program_fn program, void *ctx, uint32_t at, uint16_t type)
{
	unsigned char hi = (unsigned char)((type & ~NODE_ACCURATE) >> 8);
	uint32_t off = jffs2_native_order() == JFFS2_ORDER_LITTLE ? 3 : 2;

	return program ? program(ctx, at + off, &hi, 1) : 0;
}

/* How far the scan moves past a valid header at o (as fs/jffs2/scan.c does
 * for each kind), and whether it is live: 1 live, 0 not. */
static int live_node(const struct header *h, uint32_t o, uint32_t *advance)
{
	uint32_t padded = (h->totlen + 3) & ~3u;

	*advance = padded;
	if (!(h->type & NODE_ACCURATE))
		return 0; /* obsolete already */
	switch (h->type) {
	case JFFS2_NODE_CLEANMARKER:
		/* Only a block's first node, of its exact size, counts. */
		*advance = JFFS2_CLEANMARKER_BYTES;
		return o == 0 && h->totlen == JFFS2_CLEANMARKER_BYTES;
	case JFFS2_NODE_PADDING:
		return 0;
	default:
		return 1;
	}
}

/* Each live node of a block, in the scan's order: visit(arg, offset, header)
 * for each; a non-zero return ends the walk with it. */
typedef int (*visit_fn)(void *arg, uint32_t at, const struct header *h);

static int walk_live(jffs2_read_fn read, void *ctx, uint32_t block, uint32_t erasesize,
		     visit_fn visit, void *arg)
{
	uint32_t o = 0;

	while (erasesize - o >= HEADER_BYTES) {
		struct header h;
		uint32_t advance = 4;
		int rc;

		if (read(ctx, block + o, &h, sizeof(h)) != 0)
			return -1;
		/* A header that lies, or a node the block cannot hold, is
		 * skipped by a word, as the scan skips it. */
		if (header_valid(&h) && h.totlen >= HEADER_BYTES && h.totlen <= erasesize - o &&
		    live_node(&h, o, &advance) && (rc = visit(arg, block + o, &h)) != 0)
			return rc;
		o += advance;
	}
	return 0;
}

/* A 32-bit field of the node at <at>, word <word> after its header; 0 when
 * the node is too short to have it (the caller's safe answer). */
static int node_word(jffs2_read_fn read, void *ctx, uint32_t at, const struct header *h,
		     unsigned word, uint32_t *value)
{
	uint32_t off = HEADER_BYTES + 4 * word;

	*value = 0;
	return h->totlen < off + 4 ? 0 : read(ctx, at + off, value, 4);
}

struct retire_walk {
	jffs2_read_fn read;
	jffs2_program_fn program;
	void *ctx;
	const struct jffs2_retire_plan *plan;
	struct jffs2_retire_count *count;
};

static int ino_taken(const struct jffs2_retire_plan *plan, uint32_t ino)
{
	if (ino == 1)
		return 1;
	for (unsigned i = 0; i < plan->ntaken; i++)
		if (plan->taken[i] == ino)
			return 1;
	return 0;
}

static int retire_node(void *arg, uint32_t at, const struct header *h)
{
	struct retire_walk *w = arg;
	uint32_t ino;

	if (w->plan->unlink_only && h->type == JFFS2_NODE_INODE) {
		if (node_word(w->read, w->ctx, at, h, 0, &ino) != 0)
			return -1;
		if (ino != 0 && !ino_taken(w->plan, ino)) {
			w->count->unlinked++;
			return 0;
		}
	}
	w->count->nodes++;
	return obsolete(w->program, w->ctx, at, h->type);
}

int jffs2_retire_block(jffs2_read_fn read, jffs2_program_fn program, void *ctx, uint32_t block,
		       uint32_t erasesize, const struct jffs2_retire_plan *plan,
		       struct jffs2_retire_count *count)
{
	struct retire_walk w = { read, program, ctx, plan, count };
	int empty;

	/* The summary first: the kernel's scan trusts a block's summary
	 * before it looks at whether the block starts empty. */
	if (retire_summary(read, program, ctx, block, erasesize, count) != 0)
		return -1;
	empty = starts_empty(read, ctx, block, erasesize);
	if (empty != 0)
		return empty < 0 ? -1 : 0;
	return walk_live(read, ctx, block, erasesize, retire_node, &w);
}

struct ino_walk {
	jffs2_read_fn read;
	void *ctx;
	uint32_t *inos;
	unsigned max, *n, overflow;
};

static void add_ino(struct ino_walk *w, uint32_t ino)
{
	if (ino == 0) /* no number: a deletion entry, a node too short */
		return;
	for (unsigned i = 0; i < *w->n; i++)
		if (w->inos[i] == ino)
			return;
	if (*w->n < w->max)
		w->inos[(*w->n)++] = ino;
	else
		w->overflow = 1;
}

static int collect_inos(void *arg, uint32_t at, const struct header *h)
{
	struct ino_walk *w = arg;
	uint32_t ino;

	if (h->type != JFFS2_NODE_INODE && h->type != JFFS2_NODE_DIRENT)
		return 0;
	/* An inode's own number is word 0; a dirent's parent word 0, its
	 * target word 2 (after the version). */
	if (node_word(w->read, w->ctx, at, h, 0, &ino) != 0)
		return -1;
	add_ino(w, ino);
	if (h->type == JFFS2_NODE_DIRENT) {
		if (node_word(w->read, w->ctx, at, h, 2, &ino) != 0)
			return -1;
		add_ino(w, ino);
	}
	return 0;
}

int jffs2_block_inos(jffs2_read_fn read, void *ctx, uint32_t block, uint32_t erasesize,
		     uint32_t *inos, unsigned max, unsigned *n)
{
	struct ino_walk w = { read, ctx, inos, max, n, 0 };
	int empty = starts_empty(read, ctx, block, erasesize);

	if (empty != 0)
		return empty < 0 ? -1 : 0;
	if (walk_live(read, ctx, block, erasesize, collect_inos, &w) != 0)
		return -1;
	return w.overflow ? 1 : 0;
}

void jffs2_cleanmarker(unsigned char out[JFFS2_CLEANMARKER_BYTES])
{
	struct header h = { JFFS2_MAGIC, JFFS2_NODE_CLEANMARKER, JFFS2_CLEANMARKER_BYTES, 0 };

	h.hdr_crc = jffs2_crc32(0, &h, 8);
	memcpy(out, &h, JFFS2_CLEANMARKER_BYTES);
}

int jffs2_is_clean_block(const unsigned char *buf, size_t len)
{
	unsigned char marker[JFFS2_CLEANMARKER_BYTES];

	if (len < JFFS2_CLEANMARKER_BYTES)
		return 0;
	jffs2_cleanmarker(marker);
	if (memcmp(buf, marker, sizeof(marker)) != 0)
		return 0;
	for (size_t i = JFFS2_CLEANMARKER_BYTES; i < len; i++)
		if (buf[i] != 0xff)
			return 0;
	return 1;
}
