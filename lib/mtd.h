/* SPDX-License-Identifier: MIT */
/* /proc/mtd parsing: find an MTD partition's index by its name. */
#ifndef ROMINIT_MTD_H
#define ROMINIT_MTD_H

#include <stddef.h>

/* Return N of the "mtdN" whose quoted name equals name, -1 if none.
 * buf holds len bytes of /proc/mtd (need not be NUL-terminated). Lines are
 *   mtd1: 000f0000 00010000 "rootfs"
 * Malformed lines are skipped. */
int mtd_index_by_name(const char *buf, size_t len, const char *name);

/* Read /proc/mtd and look name up: N, -1 if absent, -2 if /proc/mtd is unreadable. */
int mtd_find(const char *name);

#endif
