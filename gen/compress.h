/* SPDX-License-Identifier: MIT */
/* Compressors the kernel's initramfs unpacker understands, in the exact
 * variant it expects. gzip and zstd are libarchive's own filters; xz and
 * lzma go through liblzma because libarchive's xz writer always uses a
 * CRC64 check (the kernel's XZ decoder takes CRC32 only) and its lzma
 * writer gives no control of the dictionary (the kernel allocates all of it);
 * lz4 goes through liblz4 because the kernel reads only the legacy frame,
 * which libarchive cannot write. */
#ifndef GEN_COMPRESS_H
#define GEN_COMPRESS_H

#include <archive.h>
#include <stddef.h>
#include <stdio.h>

struct codec;

/* Look a compression up by name ("none", "gzip", "xz", "zstd", "lz4", "lzma").
 * NULL if unknown. */
const struct codec *compress_find(const char *name);

/* Names, for usage messages: "none gzip xz zstd lz4 lzma". */
const char *compress_names(void);

/* Prepare the archive a to produce codec's output into out, then open it.
 * 0, or -1 after a report. */
int compress_open(struct archive *a, const struct codec *codec, FILE *out, const char *what);

#endif
