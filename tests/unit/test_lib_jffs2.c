/* SPDX-License-Identifier: MIT */
/* Unit tests of the jffs2 checks before mounting (lib/jffs2.c), on images
 * made by the real mkfs.jffs2 and sumtool (mtd-utils) with several erase
 * sizes and both byte orders, and on hand-made nodes for the edge cases. */
#include "lib/jffs2.h"
#include "tests/unit/tap.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FLASH_MAX (4u * 1024 * 1024)

struct image {
	unsigned char *data;
	uint32_t size;
};

static char dir[64];

static int image_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	const struct image *im = ctx;

	if (off > im->size || im->size - off < len) {
		errno = EIO;
		return -1;
	}
	memcpy(buf, im->data + off, len);
	return 0;
}

/* 120 files of 1-3 KiB that do not compress, like a device's settings. */
static void make_tree(void)
{
	char p[128];
	uint32_t x = 12345;

	snprintf(p, sizeof(p), "%s/root", dir);
	mkdir(p, 0755);
	for (int i = 0; i < 120; i++) {
		FILE *f;
		int n = 1024 + (i * 173) % 2048;

		snprintf(p, sizeof(p), "%s/root/file%03d", dir, i);
		f = fopen(p, "w");
		if (!f)
			continue;
		for (int j = 0; j < n; j++) {
			x = x * 1103515245u + 12345u;
			fputc((int)(x >> 16), f);
		}
		fclose(f);
	}
}

/* An image of the tree by mkfs.jffs2 (and sumtool when summary), padded
 * with 0xff to flash bytes, as it would sit in rootfs_data. */
static int make_image(struct image *im, const char *opts, uint32_t erase, int summary,
		      uint32_t flash)
{
	char cmd[512], p[128];
	FILE *f;
	size_t n;

	snprintf(p, sizeof(p), "%s/img", dir);
	if (summary)
		snprintf(cmd, sizeof(cmd), "mkfs.jffs2 %s -e %u -r %s/root -o %s/raw && "
			 "sumtool %s -e %u -i %s/raw -o %s", opts, erase, dir, dir, opts, erase, dir, p);
	else
		snprintf(cmd, sizeof(cmd), "mkfs.jffs2 %s -e %u -r %s/root -o %s", opts, erase, dir, p);
	if (system(cmd) != 0)
		return -1;
	f = fopen(p, "rb");
	if (!f)
		return -1;
	memset(im->data, 0xff, FLASH_MAX);
	n = fread(im->data, 1, FLASH_MAX, f);
	fclose(f);
	im->size = flash;
	return n > 0 && n <= flash ? 0 : -1;
}

static int fit_of(struct image *im, uint32_t erase, struct jffs2_fit *fit)
{
	return jffs2_check_fit(image_read, im, im->size, erase, fit);
}

static void real_images(struct image *im)
{
	const char *native = jffs2_native_order() == JFFS2_ORDER_LITTLE ? "-l" : "-b";
	const char *foreign = jffs2_native_order() == JFFS2_ORDER_LITTLE ? "-b" : "-l";
	struct jffs2_fit fit;
	char opts[32];

	snprintf(opts, sizeof(opts), "%s", native);
	CHECK(make_image(im, opts, 65536, 0, 1u << 20) == 0, "mkfs.jffs2 -e 64KiB image made");
	CHECK(fit_of(im, 65536, &fit) == 0 && !fit.crosses, "64 KiB image on 64 KiB flash fits");
	CHECK(make_image(im, opts, 65536, 1, 1u << 20) == 0, "sumtool -e 64KiB image made");
	CHECK(fit_of(im, 65536, &fit) == 0 && !fit.crosses,
	      "64 KiB image with summaries on 64 KiB flash fits");

	CHECK(make_image(im, opts, 131072, 0, 1u << 20) == 0, "mkfs.jffs2 -e 128KiB image made");
	CHECK(fit_of(im, 65536, &fit) == 0 && fit.crosses && fit.node_at < 65536 &&
		      fit.node_at + fit.node_len > 65536,
	      "128 KiB image on 64 KiB flash: a node crosses 0x10000 (at 0x%x, %u bytes)",
	      fit.node_at, fit.node_len);
	CHECK(fit.image_erasesize == 131072, "... and the image's erase size shows: %u",
	      fit.image_erasesize);
	CHECK(fit_of(im, 131072, &fit) == 0 && !fit.crosses, "the same image fits 128 KiB flash");

	CHECK(make_image(im, opts, 131072, 1, 1u << 20) == 0, "sumtool -e 128KiB image made");
	CHECK(fit_of(im, 65536, &fit) == 0 && fit.crosses && fit.image_erasesize == 131072,
	      "128 KiB image with summaries on 64 KiB flash crosses (image erase size %u)",
	      fit.image_erasesize);

	CHECK(make_image(im, opts, 262144, 0, 1u << 20) == 0, "mkfs.jffs2 -e 256KiB image made");
	CHECK(fit_of(im, 65536, &fit) == 0 && fit.crosses,
	      "256 KiB image on 64 KiB flash crosses (image erase size %u: one block of data "
	      "shows no second block)", fit.image_erasesize);
	CHECK(fit.image_erasesize == 0 || fit.image_erasesize == 262144,
	      "... and never names a wrong size");

	/* Smaller blocks than the flash's: no node crosses (jffs2 takes the
	 * 0xff gaps and mid-block cleanmarkers as dirty space). */
	CHECK(make_image(im, opts, 65536, 0, 1u << 20) == 0 && fit_of(im, 262144, &fit) == 0 &&
		      !fit.crosses,
	      "64 KiB image on 256 KiB flash: no node crosses a boundary");

	snprintf(opts, sizeof(opts), "%s", foreign);
	CHECK(make_image(im, opts, 131072, 0, 1u << 20) == 0, "foreign byte order image made");
	CHECK(jffs2_order_of(im->data, 2) != jffs2_native_order() &&
		      jffs2_order_of(im->data, 2) != JFFS2_ORDER_NONE,
	      "its byte order is told apart: %s", jffs2_order_name(jffs2_order_of(im->data, 2)));
	CHECK(fit_of(im, 65536, &fit) == 0 && !fit.crosses,
	      "the walk reads only native nodes (the order is refused on its own)");
}

/* A native node header at off with a valid header CRC. */
static void put_node(unsigned char *p, uint16_t type, uint32_t totlen)
{
	struct {
		uint16_t magic, type;
		uint32_t totlen, crc;
	} h = { 0x1985, type, totlen, 0 };

	h.crc = jffs2_crc32(0, &h, 8);
	memcpy(p, &h, sizeof(h));
}

static void edge_cases(struct image *im)
{
	struct jffs2_fit fit;
	const uint32_t e = 4096;
	uint16_t type;

	CHECK((jffs2_crc32(0xffffffffu, "123456789", 9) ^ 0xffffffffu) == 0xcbf43926u,
	      "jffs2_crc32 is CRC-32 without zlib's inversions (check value 0xcbf43926)");

	memset(im->data, 0xff, FLASH_MAX);
	im->size = 8 * e;
	CHECK(fit_of(im, e, &fit) == 0 && !fit.crosses, "erased flash: nothing crosses");

	put_node(im->data, 0xe002, 3000);
	put_node(im->data + 3000, 0xe002, 2000); /* 3000..5000 crosses 4096 */
	CHECK(fit_of(im, e, &fit) == 0 && fit.crosses && fit.node_at == 3000 && fit.node_len == 2000,
	      "a hand-made node across the boundary is found");

	/* Obsoleted in place: the ACCURATE bit cleared, the CRC left as it was. */
	put_node(im->data, 0xe002, 3000);
	memcpy(&type, im->data + 2, sizeof(type));
	type &= (uint16_t)~0x2000;
	memcpy(im->data + 2, &type, sizeof(type));
	CHECK(fit_of(im, e, &fit) == 0 && fit.crosses && fit.node_at == 3000,
	      "an obsoleted node (ACCURATE bit cleared) is walked over like jffs2 does");

	put_node(im->data, 0xe002, 4096);
	put_node(im->data + 4096, 0xe002, 4096);
	memset(im->data + 8192, 0xff, 4096);
	CHECK(fit_of(im, e, &fit) == 0 && !fit.crosses, "nodes that end exactly at boundaries fit");

	memset(im->data, 0xff, 8 * e);
	put_node(im->data, 0xe002, 100);
	im->data[5] ^= 0x01; /* totlen no longer matches the CRC */
	CHECK(fit_of(im, e, &fit) == 0 && !fit.crosses, "a header with a bad CRC ends the walk");

	memset(im->data, 0xff, 8 * e);
	put_node(im->data, 0xe002, 0xfffffff0u);
	CHECK(fit_of(im, e, &fit) == 0 && !fit.crosses, "a length past the flash ends the walk");

	put_node(im->data, 0xe002, 4);
	CHECK(fit_of(im, e, &fit) == 0 && !fit.crosses, "a length below a header ends the walk");

	CHECK(jffs2_check_fit(image_read, im, 100, e, &fit) == 0 && !fit.crosses,
	      "a flash smaller than one block is not walked");
	CHECK(jffs2_order_of((const unsigned char *)"\x85\x19", 2) == JFFS2_ORDER_LITTLE &&
		      jffs2_order_of((const unsigned char *)"\x19\x85", 2) == JFFS2_ORDER_BIG &&
		      jffs2_order_of((const unsigned char *)"\xff\xff", 2) == JFFS2_ORDER_NONE &&
		      jffs2_order_of((const unsigned char *)"\x19", 1) == JFFS2_ORDER_NONE,
	      "byte order from the magic's two bytes");
}

/* NOR's programming: a bit goes from 1 to 0 only. A program that would
 * set one fails the test (the flash would not take it). */
static unsigned set_bits;

static int image_program(void *ctx, uint32_t off, const void *bytes, size_t len)
{
	struct image *im = ctx;
	const unsigned char *b = bytes;

	if (off > im->size || im->size - off < len) {
		errno = EIO;
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (b[i] & ~im->data[off + i])
			set_bits++;
		im->data[off + i] &= b[i];
	}
	return 0;
}

static const struct jffs2_retire_plan every_node = { 0, NULL, 0 };
static const struct jffs2_retire_plan unlink_only = { 1, NULL, 0 };

/* Retire (or only count, program NULL) every block of the image. */
static struct jffs2_retire_count retire_plan(struct image *im, uint32_t erase, int program,
					     const struct jffs2_retire_plan *plan)
{
	struct jffs2_retire_count c = { 0, 0, 0 };

	for (uint32_t b = 0; b < im->size; b += erase)
		if (jffs2_retire_block(image_read, program ? image_program : NULL, im, b, erase,
				       plan, &c) != 0)
			c.nodes = c.summaries = 0xffffffffu;
	return c;
}

static struct jffs2_retire_count retire_all(struct image *im, uint32_t erase, int program)
{
	return retire_plan(im, erase, program, &every_node);
}

/* Unlinking only: the entries go, the 120 files' contents stay live for the
 * kernel to drop, and a kept filesystem's numbers are taken from them. */
static void unlink_images(struct image *im)
{
	const char *native = jffs2_native_order() == JFFS2_ORDER_LITTLE ? "-l" : "-b";
	struct jffs2_retire_count all, done, after;
	uint32_t inos[200];
	unsigned n = 0;
	int rc = 0;

	CHECK(make_image(im, native, 65536, 0, 1u << 20) == 0, "image for unlinking made");
	all = retire_all(im, 65536, 0);
	for (uint32_t b = 0; b < im->size && rc == 0; b += 65536)
		rc = jffs2_block_inos(image_read, im, b, 65536, inos, 200, &n);
	CHECK(rc == 0 && n == 121, "the image uses 121 inode numbers: the root and 120 files (%u)",
	      n);
	n = 0;
	rc = 0;
	for (uint32_t b = 0; b < im->size && rc == 0; b += 65536)
		rc = jffs2_block_inos(image_read, im, b, 65536, inos, 10, &n);
	CHECK(rc == 1 && n == 10, "... more numbers than the list holds: said so (%d, %u)", rc, n);
	set_bits = 0;
	done = retire_plan(im, 65536, 1, &unlink_only);
	CHECK(done.nodes >= 120 && done.unlinked >= 120 && done.nodes + done.unlinked == all.nodes &&
		      set_bits == 0,
	      "unlinking: %u entries and markers obsoleted, %u file nodes left (of %u)", done.nodes,
	      done.unlinked, all.nodes);
	after = retire_plan(im, 65536, 0, &unlink_only);
	CHECK(after.nodes == 0 && after.unlinked == done.unlinked,
	      "... a second pass finds no entry left, the same file nodes");
	n = 0;
	rc = 0;
	for (uint32_t b = 0; b < im->size && rc == 0; b += 65536)
		rc = jffs2_block_inos(image_read, im, b, 65536, inos, 200, &n);
	for (unsigned i = 0; i < n; i++)
		if (inos[i] == 1)
			rc = -2;
	CHECK(rc == 0 && n == 120, "... what stays live is the 120 files' contents, not the root's (%u)",
	      n);

	CHECK(make_image(im, native, 65536, 0, 1u << 20) == 0, "image for a kept filesystem made");
	n = 0;
	for (uint32_t b = 0; b < im->size; b += 65536)
		jffs2_block_inos(image_read, im, b, 65536, inos, 200, &n);
	{
		const struct jffs2_retire_plan kept = { 1, inos, n };

		done = retire_plan(im, 65536, 1, &kept);
		CHECK(done.unlinked == 0 && done.nodes == all.nodes,
		      "a kept jffs2 using every number: every node obsoleted (%u, %u)", done.nodes,
		      done.unlinked);
	}
}

static void retire_images(struct image *im)
{
	const char *native = jffs2_native_order() == JFFS2_ORDER_LITTLE ? "-l" : "-b";
	const char *foreign = jffs2_native_order() == JFFS2_ORDER_LITTLE ? "-b" : "-l";
	struct jffs2_retire_count before, done, after;
	unsigned char *copy = malloc(FLASH_MAX);
	unsigned changed;
	char opts[32];

	if (!copy)
		return;
	for (int summary = 0; summary <= 1; summary++) {
		snprintf(opts, sizeof(opts), "%s", native);
		CHECK(make_image(im, opts, 65536, summary, 1u << 20) == 0, "image for retiring made%s",
		      summary ? " (with summaries)" : "");
		memcpy(copy, im->data, im->size);
		before = retire_all(im, 65536, 0);
		CHECK(before.nodes > 120 && memcmp(copy, im->data, im->size) == 0,
		      "... counting changes nothing: %u live nodes, %u summaries", before.nodes,
		      before.summaries);
		CHECK(summary ? before.summaries > 0 : before.summaries == 0,
		      "... summaries where sumtool wrote them (%u)", before.summaries);
		set_bits = 0;
		done = retire_all(im, 65536, 1);
		CHECK(done.nodes == before.nodes && done.summaries == before.summaries && set_bits == 0,
		      "... retired: %u nodes, %u summaries, only bits cleared", done.nodes,
		      done.summaries);
		after = retire_all(im, 65536, 0);
		CHECK(after.nodes == 0 && after.summaries == 0,
		      "... and the scan finds no live node after (%u, %u)", after.nodes,
		      after.summaries);
		changed = 0;
		for (uint32_t i = 0; i < im->size; i++)
			if (copy[i] != im->data[i])
				changed++;
		CHECK(changed <= done.nodes + 4 * done.summaries,
		      "... %u bytes changed: one per node, four per summary", changed);
		after = retire_all(im, 65536, 1);
		CHECK(after.nodes == 0 && after.summaries == 0,
		      "... a second retire (the boot after a power cut) programs nothing");
	}
	/* The kernel does not read the other byte order's nodes: nothing live. */
	snprintf(opts, sizeof(opts), "%s", foreign);
	CHECK(make_image(im, opts, 65536, 0, 1u << 20) == 0 && retire_all(im, 65536, 0).nodes == 0,
	      "a jffs2 of the other byte order has no node this kernel would take");
	free(copy);
}

/* An inode node of number ino at p (the rest of it as erased flash). */
static void put_inode(unsigned char *p, uint32_t totlen, uint32_t ino)
{
	put_node(p, 0xe002, totlen);
	if (totlen >= 16)
		memcpy(p + 12, &ino, 4);
}

static void unlink_edges(struct image *im)
{
	const uint32_t e = 4096;
	const uint32_t five = 5;
	const struct jffs2_retire_plan taken = { 1, &five, 1 };
	struct jffs2_retire_count c = { 0, 0, 0 };
	uint32_t inos[4];
	unsigned n = 0;

	memset(im->data, 0xff, e);
	put_inode(im->data, 68, 1);
	put_inode(im->data + 68, 68, 5);
	put_node(im->data + 136, 0xe001, 40); /* a dirent */
	put_inode(im->data + 176, 12, 0);     /* too short to name a number */
	put_inode(im->data + 188, 68, 7);
	CHECK(jffs2_retire_block(image_read, NULL, im, 0, e, &unlink_only, &c) == 0 &&
		      c.nodes == 3 && c.unlinked == 2,
	      "unlinking: the root's inode, the dirent and a node too short obsoleted, files 5 and "
	      "7 left (%u, %u)", c.nodes, c.unlinked);
	memset(&c, 0, sizeof(c));
	CHECK(jffs2_retire_block(image_read, NULL, im, 0, e, &taken, &c) == 0 && c.nodes == 4 &&
		      c.unlinked == 1,
	      "... with 5 taken by a kept filesystem, its node obsoleted too (%u, %u)", c.nodes,
	      c.unlinked);
	CHECK(jffs2_block_inos(image_read, im, 0, e, inos, 4, &n) == 0 && n == 4,
	      "the numbers a block uses: 1, 5, 7 and the dirent's (%u)", n);
	memset(im->data, 0xff, e);
	put_inode(im->data + 256, 68, 9);
	n = 0;
	CHECK(jffs2_block_inos(image_read, im, 0, e, inos, 4, &n) == 0 && n == 0,
	      "... none in a block the kernel takes for empty");
}

static void retire_edges(struct image *im)
{
	const uint32_t e = 4096;
	struct jffs2_retire_count c = { 0, 0, 0 };
	unsigned char marker[JFFS2_CLEANMARKER_BYTES];

	memset(im->data, 0xff, FLASH_MAX);
	im->size = 4 * e;
	jffs2_cleanmarker(marker);
	memcpy(im->data, marker, sizeof(marker));
	CHECK(jffs2_is_clean_block(im->data, e), "a cleanmarker then 0xff is a clean block");
	CHECK(jffs2_retire_block(image_read, NULL, im, 0, e, &every_node, &c) == 0 && c.nodes == 1,
	      "a block's first cleanmarker is live (the kernel counts it used)");
	put_node(im->data + 100, 0xe001, 200);
	CHECK(!jffs2_is_clean_block(im->data, e), "... and with a node after it, not clean");

	memset(im->data + e, 0xff, e);
	memcpy(im->data + e + 12, marker, sizeof(marker));
	put_node(im->data + e + 24, 0x2004, 64); /* padding */
	c.nodes = 0;
	CHECK(jffs2_retire_block(image_read, NULL, im, e, e, &every_node, &c) == 0 && c.nodes == 0,
	      "a cleanmarker past a block's start and padding are dirt, not live");

	memset(im->data + 2 * e, 0xff, e);
	put_node(im->data + 2 * e + 256, 0xe001, 200);
	c.nodes = 0;
	CHECK(jffs2_retire_block(image_read, NULL, im, 2 * e, e, &every_node, &c) == 0 && c.nodes == 0,
	      "a block whose first 256 bytes are 0xff is one the kernel erases before use");
	put_node(im->data + 2 * e + 252, 0xe001, 200);
	CHECK(jffs2_retire_block(image_read, NULL, im, 2 * e, e, &every_node, &c) == 0 && c.nodes == 1,
	      "... one byte less of 0xff and its node is live");
	memset(im->data + 2 * e, 0xff, e);
	{
		const uint32_t sum_magic = 0x02851885u;

		memcpy(im->data + 3 * e - 4, &sum_magic, 4);
	}
	memset(&c, 0, sizeof(c));
	CHECK(jffs2_retire_block(image_read, image_program, im, 2 * e, e, &every_node, &c) == 0 &&
		      c.summaries == 1 && memcmp(im->data + 3 * e - 4, "\0\0\0\0", 4) == 0,
	      "... but a summary at its end is read first, as the kernel's scan does: cleared");

	memset(im->data + 3 * e, 0xff, e);
	memcpy(im->data + 3 * e, "\xde\xad\xc0\xde", 4);
	put_node(im->data + 3 * e + 4, 0xe001, 100);
	put_node(im->data + 3 * e + 104, 0xe002, 5000); /* runs over the block's end */
	put_node(im->data + 3 * e + 108, 0xe002, 40);
	c.nodes = 0;
	CHECK(jffs2_retire_block(image_read, NULL, im, 3 * e, e, &every_node, &c) == 0 && c.nodes == 2,
	      "behind the upgrade marker: the nodes the scan finds, a node too long for the "
	      "block skipped by a word (%u)", c.nodes);
	CHECK(jffs2_retire_block(image_read, image_program, im, 3 * e, e, &every_node, &c) == 0 &&
		      memcmp(im->data + 3 * e, "\xde\xad\xc0\xde", 4) == 0,
	      "... retiring leaves the marker as it is");
	unlink_edges(im);
}

int main(void)
{
	struct image im = { malloc(FLASH_MAX), 0 };
	char cmd[128];

	strcpy(dir, "/tmp/rominit-jffs2.XXXXXX");
	if (!im.data || !mkdtemp(dir))
		return 1;
	make_tree();
	real_images(&im);
	edge_cases(&im);
	retire_images(&im);
	unlink_images(&im);
	retire_edges(&im);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		perror(cmd);
	free(im.data);
	return tap_done();
}
