/* SPDX-License-Identifier: MIT */
/* The tree as a cpio "newc" archive (the kernel's initramfs format). */
#ifndef GEN_CPIO_H
#define GEN_CPIO_H

#include "compress.h"
#include "tree.h"

#include <stdio.h>

/* Write t to out, compressed by codec; every entry gets mtime. "what" names
 * the output in messages. 0, or -1 after a report. */
int cpio_write(const struct tree *t, const struct codec *codec, long long mtime, FILE *out,
	       const char *what);

#endif
