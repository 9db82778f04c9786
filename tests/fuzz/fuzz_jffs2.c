/* SPDX-License-Identifier: MIT */
/* Fuzz target: the jffs2 checks before mounting (lib/jffs2.c): byte order
 * from the magic, and the walk that tells whether an image was made for
 * this flash's erase blocks.
 *
 * The input's first byte picks the erase size (512 bytes to 64 KiB, a power
 * of two); the rest is the flash. Every read the walk asks for must lie
 * inside the flash; a crossing it reports must be a real one (a node from
 * inside the flash over one of its block boundaries), and an image erase
 * size it names a power of two of at least twice the flash's. */
#include "lib/jffs2.h"
#include "tests/fuzz/fuzz.h"

struct flash {
	const uint8_t *p;
	uint32_t size;
};

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
	return 0;
}
