/* SPDX-License-Identifier: MIT */
/* The tree as a gen_init_cpio list, for a kernel built with
 * CONFIG_INITRAMFS_SOURCE pointing at it. */
#ifndef GEN_LISTOUT_H
#define GEN_LISTOUT_H

#include "tree.h"

#include <stdio.h>

int listout_write(const struct tree *t, FILE *out, const char *what);

#endif
