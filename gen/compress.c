/* SPDX-License-Identifier: MIT */
#include "compress.h"

#include "diag.h"

#include <errno.h>
#include <lz4.h>
#include <lz4hc.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8u << 20) /* the kernel's unlz4 reads 8 MiB blocks */
#define LZMA_DICT_SIZE (1u << 20)   /* as the kernel's own build uses: RAM at boot is dear */

enum codec_kind { PLAIN, LIBARCHIVE, XZ, LZMA_ALONE, LZ4_LEGACY };

struct codec {
	const char *name;
	enum codec_kind kind;
	int (*add_filter)(struct archive *); /* LIBARCHIVE */
	const char *options;                 /* LIBARCHIVE */
};

static const struct codec codecs[] = {
	{ "none", PLAIN, NULL, NULL },
	{ "gzip", LIBARCHIVE, archive_write_add_filter_gzip,
	  "gzip:!timestamp,gzip:compression-level=9" },
	{ "xz", XZ, NULL, NULL },
	{ "zstd", LIBARCHIVE, archive_write_add_filter_zstd, "zstd:compression-level=19" },
	{ "lz4", LZ4_LEGACY, NULL, NULL },
	{ "lzma", LZMA_ALONE, NULL, NULL },
};

const struct codec *compress_find(const char *name)
{
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		if (strcmp(codecs[i].name, name) == 0)
			return &codecs[i];
	return NULL;
}

const char *compress_names(void)
{
	return "none gzip xz zstd lz4 lzma";
}

/* State behind libarchive's write callback. */
struct sink {
	const struct codec *codec;
	FILE *out;
	const char *what;
	lzma_stream xz;
	unsigned char *lz4_in, *lz4_out;
	size_t lz4_used;
	int lz4_bound;
};

static int put(struct sink *s, const void *buf, size_t n)
{
	if (n && fwrite(buf, 1, n, s->out) != n) {
		diag("%s: write failed: %s", s->what, strerror(errno));
		return -1;
	}
	return 0;
}

static int lzma_run(struct sink *s, const void *buf, size_t n, lzma_action action)
{
	unsigned char out[65536];
	lzma_ret ret;

	s->xz.next_in = buf;
	s->xz.avail_in = n;
	do {
		s->xz.next_out = out;
		s->xz.avail_out = sizeof(out);
		ret = lzma_code(&s->xz, action);
		if (ret != LZMA_OK && ret != LZMA_STREAM_END) {
			diag("%s: %s compression failed (liblzma error %d)", s->what, s->codec->name,
			     (int)ret);
			return -1;
		}
		if (put(s, out, sizeof(out) - s->xz.avail_out) != 0)
			return -1;
	} while (s->xz.avail_in > 0 || (action == LZMA_FINISH && ret != LZMA_STREAM_END));
	return 0;
}

static int lzma_start(struct sink *s)
{
	lzma_options_lzma opt;
	lzma_ret ret;

	if (lzma_lzma_preset(&opt, 9)) {
		diag("%s: liblzma has no preset 9", s->what);
		return -1;
	}
	opt.dict_size = LZMA_DICT_SIZE;
	if (s->codec->kind == XZ) {
		lzma_filter filters[] = { { LZMA_FILTER_LZMA2, &opt },
					  { LZMA_VLI_UNKNOWN, NULL } };

		ret = lzma_stream_encoder(&s->xz, filters, LZMA_CHECK_CRC32);
	} else {
		ret = lzma_alone_encoder(&s->xz, &opt);
	}
	if (ret != LZMA_OK) {
		diag("%s: cannot start %s encoder (liblzma error %d)", s->what, s->codec->name,
		     (int)ret);
		return -1;
	}
	return 0;
}

static int lz4_flush_block(struct sink *s)
{
	unsigned char size_le[4];
	int n;

	if (s->lz4_used == 0)
		return 0;
	n = LZ4_compress_HC((const char *)s->lz4_in, (char *)s->lz4_out, (int)s->lz4_used,
			    s->lz4_bound, LZ4HC_CLEVEL_DEFAULT);
	if (n <= 0) {
		diag("%s: lz4 compression failed", s->what);
		return -1;
	}
	for (int i = 0; i < 4; i++)
		size_le[i] = (unsigned char)((uint32_t)n >> (8 * i));
	s->lz4_used = 0;
	return put(s, size_le, 4) || put(s, s->lz4_out, (size_t)n) ? -1 : 0;
}

static int lz4_write(struct sink *s, const unsigned char *buf, size_t n)
{
	while (n > 0) {
		size_t room = LZ4_LEGACY_BLOCK - s->lz4_used;
		size_t take = n < room ? n : room;

		memcpy(s->lz4_in + s->lz4_used, buf, take);
		s->lz4_used += take;
		buf += take;
		n -= take;
		if (s->lz4_used == LZ4_LEGACY_BLOCK && lz4_flush_block(s) != 0)
			return -1;
	}
	return 0;
}

static int lz4_start(struct sink *s)
{
	static const unsigned char magic[4] = { LZ4_LEGACY_MAGIC & 0xff,
						(LZ4_LEGACY_MAGIC >> 8) & 0xff,
						(LZ4_LEGACY_MAGIC >> 16) & 0xff,
						LZ4_LEGACY_MAGIC >> 24 };

	s->lz4_bound = LZ4_compressBound(LZ4_LEGACY_BLOCK);
	s->lz4_in = xmalloc(LZ4_LEGACY_BLOCK);
	s->lz4_out = xmalloc((unsigned long)s->lz4_bound);
	return put(s, magic, sizeof(magic));
}

static int sink_open(struct archive *a, void *ctx)
{
	struct sink *s = ctx;

	(void)a;
	switch (s->codec->kind) {
	case XZ:
	case LZMA_ALONE:
		return lzma_start(s) ? ARCHIVE_FATAL : ARCHIVE_OK;
	case LZ4_LEGACY:
		return lz4_start(s) ? ARCHIVE_FATAL : ARCHIVE_OK;
	case PLAIN:
	case LIBARCHIVE:
		return ARCHIVE_OK;
	}
	return ARCHIVE_FATAL;
}

static la_ssize_t sink_write(struct archive *a, void *ctx, const void *buf, size_t n)
{
	struct sink *s = ctx;
	int rc = -1;

	(void)a;
	switch (s->codec->kind) {
	case XZ:
	case LZMA_ALONE:
		rc = lzma_run(s, buf, n, LZMA_RUN);
		break;
	case LZ4_LEGACY:
		rc = lz4_write(s, buf, n);
		break;
	case PLAIN:
	case LIBARCHIVE:
		rc = put(s, buf, n);
		break;
	}
	return rc == 0 ? (la_ssize_t)n : -1;
}

static int sink_close(struct archive *a, void *ctx)
{
	struct sink *s = ctx;
	int rc = 0;

	(void)a;
	if (s->codec->kind == XZ || s->codec->kind == LZMA_ALONE) {
		rc = lzma_run(s, NULL, 0, LZMA_FINISH);
		lzma_end(&s->xz);
	} else if (s->codec->kind == LZ4_LEGACY) {
		rc = lz4_flush_block(s);
		free(s->lz4_in);
		free(s->lz4_out);
	}
	free(s);
	return rc ? ARCHIVE_FATAL : ARCHIVE_OK;
}

int compress_open(struct archive *a, const struct codec *codec, FILE *out, const char *what)
{
	struct sink *s = xmalloc(sizeof(*s));

	memset(s, 0, sizeof(*s));
	s->codec = codec;
	s->out = out;
	s->what = what;
	s->xz = (lzma_stream)LZMA_STREAM_INIT;
	if (codec->kind == LIBARCHIVE &&
	    (codec->add_filter(a) != ARCHIVE_OK ||
	     archive_write_set_options(a, codec->options) != ARCHIVE_OK)) {
		diag("%s: libarchive cannot write %s: %s", what, codec->name, archive_error_string(a));
		free(s);
		return -1;
	}
	/* No blocking: the archive ends where its data ends (4-byte aligned by newc). */
	archive_write_set_bytes_per_block(a, 0);
	if (archive_write_open(a, s, sink_open, sink_write, sink_close) != ARCHIVE_OK) {
		diag("%s: %s", what, archive_error_string(a));
		return -1;
	}
	return 0;
}
