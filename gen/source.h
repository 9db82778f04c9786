/* SPDX-License-Identifier: MIT */
/* The host files behind `file` entries: found, checked and opened when gen
 * reads them, the way the kernel's gen_init_cpio does, not when a list is
 * parsed: a stat per file at parse time was an eighth of the time gen took
 * to write a 5,000-file archive. Reports still name the list's file, line
 * and column of the location. */
#ifndef GEN_SOURCE_H
#define GEN_SOURCE_H

#include "dircache.h"
#include "tree.h"

#include <sys/stat.h>

/* source_open's answer for an empty regular file it may not open: there is
 * nothing to read, so no error (st is filled). */
#define SOURCE_EMPTY (-2)

/* Open e's source for reading, non-blocking (a FIFO cannot hang gen), and
 * fill st from the open file. A descriptor; SOURCE_EMPTY; or -1 after a
 * report (missing, unreadable, not a regular file). */
int source_open(const struct entry *e, struct dir_cache *c, struct stat *st);

/* Check without reading that every file entry carrying data has a regular
 * file behind it: for a list output, whose reader (the kernel build) would
 * otherwise fail later. 0, or -1 after a report. */
int sources_check(const struct tree *t);

#endif
