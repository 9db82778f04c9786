/* SPDX-License-Identifier: MIT */
/* Fuzz target: the jffs2 checks before mounting (lib/jffs2.c): byte order
 * from the magic, and the walk that tells whether an image was made for
 * this flash's erase blocks.
 *
 * The input's first byte picks the erase size (512 bytes to 64 KiB, a power
 * of two); the rest is the flash. Every read the walk asks for must lie
 * inside the flash; a crossing it reports must be a real one (a node from
 * inside the flash over one of its block boundaries), and an image erase
 * size it names a power of two of at least twice the flash's.
 *
 * Then the retire walk, on a copy: every program it asks for lies inside
 * the block it walks and only clears bits (all a NOR flash can do), a
 * counting walk before it finds what the retiring walk programs, and a
 * counting walk after it finds no live node and no summary marker left;
 * with the plan that only unlinks (the inode numbers the input's own
 * blocks use taken), the same, the file nodes it leaves unchanged. */
#include "lib/jffs2.h"
#include "tests/fuzz/fuzz.h"

struct flash {
	const uint8_t *p;
	uint32_t size;
};

struct nor {
	uint8_t *p;
	uint32_t size, block, erasesize;
};

static int nor_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	const struct nor *f = ctx;

	FUZZ_CHECK(off >= f->block && off - f->block <= f->erasesize &&
			   f->erasesize - (off - f->block) >= len,
		   "read of %zu bytes at 0x%x outside block 0x%x", len, off, f->block);
	memcpy(buf, f->p + off, len);
	return 0;
}

static int nor_program(void *ctx, uint32_t off, const void *bytes, size_t len)
{
	const struct nor *f = ctx;
	const uint8_t *b = bytes;

	FUZZ_CHECK(off >= f->block && off - f->block <= f->erasesize &&
			   f->erasesize - (off - f->block) >= len,
		   "program of %zu bytes at 0x%x outside block 0x%x", len, off, f->block);
	for (size_t i = 0; i < len; i++) {
		FUZZ_CHECK((b[i] & ~f->p[off + i]) == 0, "program sets bits at 0x%zx", off + i);
		f->p[off + i] &= b[i];
	}
	return 0;
}

static void check_plan(struct nor *f, const uint8_t *data, const struct jffs2_retire_plan *plan)
{
	memcpy(f->p, data, f->size);
	for (f->block = 0; f->size - f->block >= f->erasesize; f->block += f->erasesize) {
		struct jffs2_retire_count before = { 0, 0, 0 }, done = { 0, 0, 0 },
					  after = { 0, 0, 0 };
		uint32_t e = f->erasesize;

		FUZZ_CHECK(jffs2_retire_block(nor_read, NULL, f, f->block, e, plan, &before) == 0 &&
				   jffs2_retire_block(nor_read, nor_program, f, f->block, e, plan,
						      &done) == 0 &&
				   jffs2_retire_block(nor_read, NULL, f, f->block, e, plan, &after) == 0,
			   "a walk failed");
		FUZZ_CHECK(before.nodes == done.nodes && before.summaries == done.summaries &&
				   before.unlinked == done.unlinked,
			   "counted %u/%u/%u, retired %u/%u/%u", before.nodes, before.unlinked,
			   before.summaries, done.nodes, done.unlinked, done.summaries);
		FUZZ_CHECK(after.nodes == 0 && after.summaries == 0 && after.unlinked == done.unlinked,
			   "block 0x%x: %u live nodes, %u summaries after retiring (%s)", f->block,
			   after.nodes, after.summaries, plan->unlink_only ? "unlinking" : "every node");
	}
}

static void check_retire(const uint8_t *data, uint32_t size, uint32_t erasesize)
{
	static const struct jffs2_retire_plan every = { 0, NULL, 0 };
	struct nor f = { malloc(size ? size : 1), size, 0, erasesize };
	uint32_t inos[8];
	unsigned n = 0;

	FUZZ_CHECK(f.p != NULL, "out of memory");
	memcpy(f.p, data, size);
	for (f.block = 0; size - f.block >= erasesize; f.block += erasesize)
		FUZZ_CHECK(jffs2_block_inos(nor_read, &f, f.block, erasesize, inos, 8, &n) >= 0 &&
				   n <= 8,
			   "inode numbers: %u of 8", n);
	check_plan(&f, data, &every);
	{
		const struct jffs2_retire_plan unlink = { 1, inos, n };

		check_plan(&f, data, &unlink);
	}
	free(f.p);
}

static int flash_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	const struct flash *f = ctx;

	FUZZ_CHECK(off <= f->size && f->size - off >= len, "read of %zu bytes at 0x%x past 0x%x",
		   len, off, f->size);
	memcpy(buf, f->p + off, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_input in = { data, len };
	uint32_t erasesize = 512u << (take_u8(&in) % 8);
	struct flash f = { in.p, (uint32_t)in.n };
	struct jffs2_fit fit;
	enum jffs2_order order = jffs2_order_of(in.p, in.n);

	FUZZ_CHECK(jffs2_order_name(order) != NULL, "order %d has no name", (int)order);
	FUZZ_CHECK(jffs2_check_fit(flash_read, &f, f.size, erasesize, &fit) == 0,
		   "a read that cannot fail failed");
	if (fit.crosses) {
		FUZZ_CHECK(fit.node_at < f.size && fit.node_len >= 12 && fit.node_len <= f.size - fit.node_at,
			   "node 0x%x+%u outside the flash", fit.node_at, fit.node_len);
		FUZZ_CHECK(fit.node_at / erasesize != (fit.node_at + fit.node_len - 1) / erasesize,
			   "node 0x%x+%u crosses no boundary", fit.node_at, fit.node_len);
	} else {
		FUZZ_CHECK(fit.image_erasesize == 0, "an erase size without a crossing");
	}
	FUZZ_CHECK(fit.image_erasesize == 0 ||
			   (fit.image_erasesize >= 2 * erasesize &&
			    (fit.image_erasesize & (fit.image_erasesize - 1)) == 0),
		   "image erase size %u for a flash of %u", fit.image_erasesize, erasesize);
	check_retire(in.p, f.size, erasesize);
	return 0;
}
