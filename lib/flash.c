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

/* jffs2_check_fit reads node headers one by one: serve them from one
 * window of the chunk buffer, so a block costs a few large reads. */
struct window {
	const struct mtd_dev *m;
	uint32_t start, len;
};

static int window_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	struct window *w = ctx;
	uint64_t end = (uint64_t)off + len;

	if (w->len == 0 || off < w->start || end > (uint64_t)w->start + w->len) {
		uint32_t start = off & ~4095u;
		uint32_t n = w->m->size - start < sizeof(chunk) ? w->m->size - start : sizeof(chunk);

		w->len = 0;
		if (off >= w->m->size || end > (uint64_t)start + n) {
			errno = EINVAL; /* past the device, or more than a window */
			return -1;
		}
		if (mtdio_read(w->m, start, chunk, n) != 0)
			return -1;
		w->start = start;
		w->len = n;
	}
	memcpy(buf, chunk + (off - w->start), len);
	return 0;
}

/* The first erase block after block 0 that starts with the marker, or 0. */
static int find_marker(const struct mtd_dev *m, uint32_t *at)
{
	unsigned char word[4];

	*at = 0;
	for (uint32_t off = m->erasesize; off < m->size; off += m->erasesize) {
		if (mtdio_read(m, off, word, sizeof(word)) != 0)
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
static int survey_jffs2(const struct mtd_dev *m, struct flash_survey *s)
{
	struct window w = { m, 0, 0 };

	if (s->kind == FS_JFFS2 && s->order != jffs2_native_order())
		return 0; /* never touched: nothing more to learn */
	if (s->kind == FS_JFFS2 &&
	    jffs2_check_fit(window_read, &w, m->size, m->erasesize, &s->fit) != 0)
		return -1;
	if (s->fit.crosses)
		return 0;
	return find_marker(m, &s->marker_at);
}

int flash_survey(int index, struct flash_survey *s, char *why, size_t why_size)
{
	struct mtd_dev m;
	size_t len = FS_IDENT_BYTES;

	memset(s, 0, sizeof(*s));
	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	s->size = m.size;
	s->erasesize = m.erasesize;
	s->writeable = m.writeable;
	if (len > m.size)
		len = m.size;
	if (mtdio_read(&m, 0, chunk, len) != 0) {
		fmt_snprintf(why, why_size, "cannot read /dev/mtd%d: %s", index, strerror(errno));
		mtdio_close(&m);
		return -1;
	}
	s->kind = fs_identify(chunk, len);
	s->order = jffs2_order_of(chunk, len);
	if ((s->kind == FS_JFFS2 || s->kind == FS_ERASED) && survey_jffs2(&m, s) != 0) {
		fmt_snprintf(why, why_size, "cannot read /dev/mtd%d: %s", index, strerror(errno));
		mtdio_close(&m);
		return -1;
	}
	mtdio_close(&m);
	return 0;
}

int flash_find_jffs2_block(int index, uint32_t *offset, char *why, size_t why_size)
{
	struct mtd_dev m;
	int found = 0;

	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	for (uint32_t off = 0; off < m.size && !found; off += m.erasesize) {
		if (mtdio_read(&m, off, chunk, 4) != 0) {
			fmt_snprintf(why, why_size, "mtd%d: read at 0x%x: %s", index, off, strerror(errno));
			mtdio_close(&m);
			return -1;
		}
		if (fs_identify(chunk, 4) == FS_JFFS2) {
			*offset = off;
			found = 1;
		}
	}
	mtdio_close(&m);
	return found;
}

/* 1 if the block at offset reads all 0xff, 0 if not, -1 on a read error. */
static int block_is_erased(const struct mtd_dev *m, uint32_t offset)
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

static int check_device(const struct mtd_dev *m, const struct flash_format_opts *opts, char *why,
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
	int erased = opts->whole ? 0 : block_is_erased(m, offset);

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
	if (opts->verify && block_is_erased(m, offset) != 1) {
		fmt_snprintf(why, why_size, "mtd%d: block at 0x%x does not read as erased after MEMERASE",
			 m->index, offset);
		return -1;
	}
	return 0;
}

int flash_format(int index, uint32_t from, const struct flash_format_opts *opts,
		 struct flash_format_result *res, char *why, size_t why_size)
{
	struct mtd_dev m;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open /dev/mtd%d: %s", index, strerror(errno));
		return -1;
	}
	res->erasesize = m.erasesize;
	if (from % m.erasesize != 0 || from >= m.size) {
		fmt_snprintf(why, why_size, "mtd%d: 0x%x is no erase block of it", index, from);
		mtdio_close(&m);
		return -1;
	}
	res->blocks = (m.size - from) / m.erasesize;
	if (check_device(&m, opts, why, why_size) != 0) {
		mtdio_close(&m);
		return -1;
	}
	for (unsigned b = res->blocks; b-- > 0 && rc == 0;)
		rc = erase_block(&m, from + b * m.erasesize, opts, res, why, why_size);
	mtdio_close(&m);
	return rc;
}
