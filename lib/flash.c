/* SPDX-License-Identifier: MIT */
#include "flash.h"

#include "fmt.h"
#include "jffs2.h"
#include "log.h"
#include "mtdio.h"

#include <errno.h>
#include <string.h>

/* One static buffer: /init allocates nothing on the boot path. Blocks larger
 * than this are read in pieces. */
static unsigned char chunk[64 * 1024];

/* The survey reads through a callback, so that the same code judges an
 * MTD on the device and an image file in the unit tests. */
struct source {
	jffs2_read_fn read;
	void *ctx;
	uint32_t size, erasesize;
};

/* jffs2_check_fit reads node headers one by one: serve them from one
 * window of the chunk buffer, so a block costs a few large reads. */
struct window {
	const struct source *src;
	uint32_t start, len;
};

static int window_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	struct window *w = ctx;
	uint64_t end = (uint64_t)off + len;
	uint32_t size = w->src->size;

	if (w->len == 0 || off < w->start || end > (uint64_t)w->start + w->len) {
		uint32_t start = off & ~4095u;
		uint32_t n = size - start < sizeof(chunk) ? size - start : sizeof(chunk);

		w->len = 0;
		if (off >= size || end > (uint64_t)start + n) {
			errno = EINVAL; /* past the device, or more than a window */
			return -1;
		}
		if (w->src->read(w->src->ctx, start, chunk, n) != 0)
			return -1;
		w->start = start;
		w->len = n;
	}
	memcpy(buf, chunk + (off - w->start), len);
	return 0;
}

/* The first erase block after block 0 that starts with the marker, or 0. */
static int find_marker(const struct source *src, uint32_t *at)
{
	unsigned char word[4];

	*at = 0;
	for (uint32_t off = src->erasesize; off < src->size; off += src->erasesize) {
		if (src->read(src->ctx, off, word, sizeof(word)) != 0)
			return -1;
		if (fs_identify(word, sizeof(word)) == FS_DEADC0DE) {
			*at = off;
			return 0;
		}
	}
	return 0;
}

/* What the kernel would mount as jffs2 gets two more looks: that it is in
 * this kernel's byte order and made for these erase blocks, and whether an
 * upgrade's marker ends it early. */
static int survey_jffs2(const struct source *src, struct flash_survey *s)
{
	struct window w = { src, 0, 0 };

	if (s->kind == FS_JFFS2 && s->order != jffs2_native_order())
		return 0; /* never touched: nothing more to learn */
	if (s->kind == FS_JFFS2 &&
	    jffs2_check_fit(window_read, &w, src->size, src->erasesize, &s->fit) != 0)
		return -1;
	if (s->fit.crosses)
		return 0;
	return find_marker(src, &s->marker_at);
}

int flash_survey_read(jffs2_read_fn read, void *ctx, uint32_t size, uint32_t erasesize,
		      struct flash_survey *s)
{
	const struct source src = { read, ctx, size, erasesize };
	size_t len = FS_IDENT_BYTES;

	memset(s, 0, sizeof(*s));
	s->size = size;
	s->erasesize = erasesize;
	s->writeable = 1;
	if (len > size)
		len = size;
	if (read(ctx, 0, chunk, len) != 0)
		return -1;
	s->kind = fs_identify(chunk, len);
	s->order = jffs2_order_of(chunk, len);
	if (s->kind == FS_JFFS2 || s->kind == FS_ERASED)
		return survey_jffs2(&src, s);
	return 0;
}

static int mtd_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	return mtdio_read(ctx, off, buf, len);
}

int flash_survey(int index, struct flash_survey *s, char *why, size_t why_size)
{
	struct mtd_dev m;
	int rc;

	memset(s, 0, sizeof(*s));
	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	rc = flash_survey_read(mtd_read, &m, m.size, m.erasesize, s);
	s->writeable = m.writeable;
	if (rc != 0)
		fmt_snprintf(why, why_size, "cannot read /dev/mtd%d: %s", index, strerror(errno));
	mtdio_close(&m);
	return rc;
}

int flash_check_ubi(int index, struct flash_ubi_check *c, char *why, size_t why_size)
{
	static const unsigned char ec_magic[4] = { 'U', 'B', 'I', '#' };
	struct mtd_dev m;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	for (uint32_t off = 0; off < m.size && rc == 0; off += m.erasesize) {
		int bad = mtdio_is_bad(&m, off);

		c->blocks++;
		if (bad == 1) {
			c->bad++;
			continue;
		}
		if (bad < 0 || mtdio_read(&m, off, chunk, 4) != 0) {
			fmt_snprintf(why, why_size, "mtd%d: read at 0x%x: %s", index, off, strerror(errno));
			rc = -1;
		} else if (memcmp(chunk, ec_magic, 4) == 0) {
			c->ubi++;
		} else if (fs_identify(chunk, 4) == FS_ERASED) {
			c->erased++;
		} else {
			enum fs_kind kind = fs_identify(chunk, 4);

			if (!c->foreign++) {
				c->foreign_at = off;
				c->foreign_kind = kind;
			}
			if ((kind == FS_JFFS2 || kind == FS_SQUASHFS || kind == FS_UBIFS) &&
			    !c->filesystems++) {
				c->filesystem_at = off;
				c->filesystem_kind = kind;
			}
		}
	}
	mtdio_close(&m);
	return rc;
}

/* 1 if the block at offset reads all 0xff, 0 if not, -1 on a read error. */
int flash_block_is_erased(const struct mtd_dev *m, uint32_t offset)
{
	for (uint32_t done = 0; done < m->erasesize; done += sizeof(chunk)) {
		uint32_t left = m->erasesize - done; /* > 0: done < erasesize */
		size_t len = left < sizeof(chunk) ? left : sizeof(chunk);

		if (mtdio_read(m, offset + done, chunk, len) != 0)
			return -1;
		/* cppcheck takes len for 0 (it is 1 to 64 KiB: left > 0). */
		// cppcheck-suppress knownConditionTrueFalse
		for (size_t i = 0; i < len; i++)
			if (chunk[i] != 0xff)
				return 0;
	}
	return 1;
}

int flash_check_device(const struct mtd_dev *m, const struct flash_format_opts *opts, char *why,
		       size_t why_size)
{
	if (opts->expected_erasesize && opts->expected_erasesize != m->erasesize) {
		fmt_snprintf(why, why_size,
			 "mtd%d erase size is %u bytes, the board declares %u: refusing to format "
			 "(a wrong erase size corrupts jffs2)",
			 m->index, m->erasesize, opts->expected_erasesize);
		return -1;
	}
	if (opts->unlock) {
		int rc = mtdio_unlock(m);

		if (rc < 0) {
			fmt_snprintf(why, why_size, "cannot unlock mtd%d: %s", m->index, strerror(errno));
			return -1;
		}
		log_info("flash: mtd%d %s", m->index,
			 rc == 0 ? "unlocked" : "has no lock support (nothing to unlock)");
	}
	if (!m->writeable) {
		fmt_snprintf(why, why_size, "mtd%d is read-only", m->index);
		return -1;
	}
	return 0;
}

static int erase_block(const struct mtd_dev *m, uint32_t offset, const struct flash_format_opts *opts,
		       struct flash_format_result *res, char *why, size_t why_size)
{
	int erased = opts->whole ? 0 : flash_block_is_erased(m, offset);

	if (erased < 0) {
		fmt_snprintf(why, why_size, "mtd%d: read at 0x%x: %s", m->index, offset, strerror(errno));
		return -1;
	}
	if (erased) {
		res->skipped++;
		return 0;
	}
	if (mtdio_erase(m, offset) != 0) {
		fmt_snprintf(why, why_size, "mtd%d: erase at 0x%x: %s", m->index, offset, strerror(errno));
		return -1;
	}
	res->erased++;
	if (opts->verify && flash_block_is_erased(m, offset) != 1) {
		fmt_snprintf(why, why_size, "mtd%d: block at 0x%x does not read as erased after MEMERASE",
			 m->index, offset);
		return -1;
	}
	return 0;
}

int flash_open_range(struct mtd_dev *m, int index, uint32_t from,
		     struct flash_format_result *res, char *why, size_t why_size)
{
	memset(res, 0, sizeof(*res));
	if (mtdio_open(m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	res->erasesize = m->erasesize;
	if (from % m->erasesize != 0 || from >= m->size) {
		fmt_snprintf(why, why_size, "mtd%d: 0x%x is no erase block of it", index, from);
		mtdio_close(m);
		return -1;
	}
	res->blocks = (m->size - from) / m->erasesize;
	return 0;
}

int flash_format(int index, uint32_t from, const struct flash_format_opts *opts,
		 struct flash_format_result *res, char *why, size_t why_size)
{
	struct mtd_dev m;
	int rc = 0;

	if (flash_open_range(&m, index, from, res, why, why_size) != 0)
		return -1;
	if (flash_check_device(&m, opts, why, why_size) != 0) {
		mtdio_close(&m);
		return -1;
	}
	for (unsigned b = res->blocks; b-- > 0 && rc == 0;)
		rc = erase_block(&m, from + b * m.erasesize, opts, res, why, why_size);
	mtdio_close(&m);
	return rc;
}
