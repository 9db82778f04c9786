/* SPDX-License-Identifier: MIT */
#include "flash_retire.h"

#include "fmt.h"
#include "jffs2.h"
#include "mtdio.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* A window on the flash for the walk's small reads: a block costs a few
 * large reads. One static buffer: /init allocates nothing on the boot path. */
static unsigned char window[64 * 1024];

struct retire_io {
	const struct mtd_dev *m;
	uint32_t start, len; /* what window[] holds */
	uint32_t failed_at;  /* where a read or program failed */
	struct jffs2_retire_plan plan;
};

/* The inode numbers a kept jffs2 (before an upgrade's marker) uses: a
 * sysupgrade archive and a directory or two, so a few. More than this, and
 * every old node is obsoleted instead. */
#define KEPT_INOS_MAX 64
static uint32_t kept_inos[KEPT_INOS_MAX];

static int io_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	struct retire_io *io = ctx;
	uint64_t end = (uint64_t)off + len;

	if (io->len == 0 || off < io->start || end > (uint64_t)io->start + io->len) {
		uint32_t start = off & ~4095u;
		uint32_t left = io->m->size - start;
		uint32_t n = left < sizeof(window) ? left : (uint32_t)sizeof(window);

		io->len = 0;
		if (off >= io->m->size || end > (uint64_t)start + n) {
			errno = EINVAL;
			io->failed_at = off;
			return -1;
		}
		if (mtdio_read(io->m, start, window, n) != 0) {
			io->failed_at = start;
			return -1;
		}
		io->start = start;
		io->len = n;
	}
	memcpy(buf, window + (off - io->start), len);
	return 0;
}

/* Program, then read back: NOR takes only cleared bits, and a chip that
 * did not take them must not be trusted with the rest. */
static int io_program(void *ctx, uint32_t off, const void *bytes, size_t len)
{
	struct retire_io *io = ctx;
	unsigned char back[16];

	if (len > sizeof(back)) {
		errno = EINVAL;
		io->failed_at = off;
		return -1;
	}
	if (mtdio_write(io->m, off, bytes, len) != 0 || mtdio_read(io->m, off, back, len) != 0) {
		io->failed_at = off;
		return -1;
	}
	if (memcmp(back, bytes, len) != 0) {
		errno = EIO;
		io->failed_at = off;
		return -1;
	}
	if (io->len && off >= io->start && (uint64_t)off + len <= (uint64_t)io->start + io->len)
		memcpy(window + (off - io->start), bytes, len);
	return 0;
}

static int io_failed(const struct retire_io *io, const char *what, char *why, size_t why_size)
{
	fmt_snprintf(why, why_size, "mtd%d: %s at 0x%x: %s", io->m->index, what, io->failed_at,
		     strerror(errno));
	return -1;
}

static int retire_blocks(struct retire_io *io, uint32_t first, uint32_t end,
			 struct flash_format_result *res, char *why, size_t why_size)
{
	struct jffs2_retire_count c = { 0, 0, 0 };

	for (uint32_t b = first; b < end; b += io->m->erasesize)
		if (jffs2_retire_block(io_read, io_program, io, b, io->m->erasesize, &io->plan,
				       &c) != 0)
			return io_failed(io, "retiring the block", why, why_size);
	res->nodes += c.nodes;
	res->unlinked += c.unlinked;
	res->summaries += c.summaries;
	return 0;
}

/* The plan for the old nodes from <from> on: the whole volume's old files
 * lose their entries only; behind a marker, the inode numbers the kept
 * jffs2 before it uses lose their old nodes too. */
static int plan_retire(struct retire_io *io, uint32_t from, struct flash_format_result *res,
		       char *why, size_t why_size)
{
	unsigned n = 0;
	int rc = 0;

	io->plan.unlink_only = 1;
	for (uint32_t b = 0; b < from && rc == 0; b += io->m->erasesize)
		rc = jffs2_block_inos(io_read, io, b, io->m->erasesize, kept_inos, KEPT_INOS_MAX, &n);
	if (rc < 0)
		return io_failed(io, "read", why, why_size);
	if (rc == 1) {
		io->plan.unlink_only = 0;
		res->every_node = 1;
		n = 0;
	}
	io->plan.taken = kept_inos;
	io->plan.ntaken = n;
	return 0;
}

/* 1 if block 0 is already an erased block with jffs2's cleanmarker (the
 * cleanmarker is written after the erase: the rest reads 0xff), 0 if not,
 * -1 on a read error. */
static int block0_clean(struct retire_io *io)
{
	unsigned char head[JFFS2_CLEANMARKER_BYTES], word[4];
	const unsigned char ff[4] = { 0xff, 0xff, 0xff, 0xff };

	if (io_read(io, 0, head, sizeof(head)) != 0)
		return -1;
	if (!jffs2_is_clean_block(head, sizeof(head)))
		return 0;
	for (uint32_t o = sizeof(head); o + 4 <= io->m->erasesize; o += 4) {
		if (io_read(io, o, word, 4) != 0)
			return -1;
		if (memcmp(word, ff, 4) != 0)
			return 0;
	}
	return 1;
}

/* The new filesystem: block 0 erased, then its cleanmarker. */
static int fresh_block0(struct retire_io *io, struct flash_format_result *res, char *why,
			size_t why_size)
{
	unsigned char marker[JFFS2_CLEANMARKER_BYTES];
	int clean = block0_clean(io);

	if (clean < 0)
		return io_failed(io, "read", why, why_size);
	if (clean) {
		res->resumed = 1;
		return 0;
	}
	if (mtdio_erase(io->m, 0) != 0) {
		fmt_snprintf(why, why_size, "mtd%d: erase at 0x0: %s", io->m->index, strerror(errno));
		return -1;
	}
	res->erased++;
	io->len = 0; /* the window held the old block */
	if (flash_block_is_erased(io->m, 0) != 1) {
		fmt_snprintf(why, why_size, "mtd%d: block 0 does not read as erased after MEMERASE",
			     io->m->index);
		return -1;
	}
	jffs2_cleanmarker(marker);
	if (io_program(io, 0, marker, sizeof(marker)) != 0)
		return io_failed(io, "writing the cleanmarker", why, why_size);
	return 0;
}

static int retire_from(struct retire_io *io, uint32_t from, struct flash_format_result *res,
		       char *why, size_t why_size)
{
	static const unsigned char zero[4];
	const struct mtd_dev *m = io->m;

	if (plan_retire(io, from, res, why, why_size) != 0)
		return -1;
	if (retire_blocks(io, from + m->erasesize, m->size, res, why, why_size) != 0)
		return -1;
	if (from == 0) {
		/* Every retired node on the flash before block 0 changes:
		 * NOR has programmed them already, a flash behind a page
		 * cache (block2mtd) has not, and would write them back in
		 * any order. */
		sync();
		if (fresh_block0(io, res, why, why_size) != 0)
			return -1;
		sync();
		return 0;
	}
	if (retire_blocks(io, from, from + m->erasesize, res, why, why_size) != 0)
		return -1;
	sync();
	if (io_program(io, from, zero, sizeof(zero)) != 0)
		return io_failed(io, "clearing the marker", why, why_size);
	sync();
	return 0;
}

int flash_retire(int index, uint32_t from, const struct flash_format_opts *opts,
		 struct flash_format_result *res, char *why, size_t why_size)
{
	struct mtd_dev m;
	struct retire_io io = { &m, 0, 0, 0, { 1, NULL, 0 } };
	int rc;

	if (flash_open_range(&m, index, from, res, why, why_size) != 0)
		return -1;
	res->retired = 1;
	rc = flash_check_device(&m, opts, why, why_size);
	if (rc == 0)
		rc = retire_from(&io, from, res, why, why_size);
	res->skipped = res->blocks - res->erased - res->resumed;
	mtdio_close(&m);
	return rc;
}

int flash_can_retire(int index, char *why, size_t why_size)
{
	struct mtd_dev m;
	int can;

	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	can = m.writesize == 1 && m.bit_writeable;
	if (!can)
		fmt_snprintf(why, why_size, "mtd%d programs %u-byte units%s", index, m.writesize,
			     m.bit_writeable ? "" : " and cannot clear bits in place");
	mtdio_close(&m);
	return can;
}

int flash_find_live_jffs2(int index, uint32_t *offset, char *why, size_t why_size)
{
	struct mtd_dev m;
	struct retire_io io = { &m, 0, 0, 0, { 1, NULL, 0 } };
	int found = 0;

	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	for (uint32_t b = 0; b + m.erasesize <= m.size && !found; b += m.erasesize) {
		struct jffs2_retire_count c = { 0, 0, 0 };

		if (jffs2_retire_block(io_read, NULL, &io, b, m.erasesize, &io.plan, &c) != 0) {
			io_failed(&io, "read", why, why_size);
			mtdio_close(&m);
			return -1;
		}
		if (c.nodes || c.summaries) {
			*offset = b;
			found = 1;
		}
	}
	mtdio_close(&m);
	return found;
}
