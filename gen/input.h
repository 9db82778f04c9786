/* SPDX-License-Identifier: MIT */
/* gen's inputs: list files in the kernel's gen_init_cpio format, and board
 * overlay directories. Both add entries to a tree and report bad input as
 * one line naming the file, the line (and column) and the problem. */
#ifndef GEN_INPUT_H
#define GEN_INPUT_H

#include "tree.h"

#include <limits.h>

/* The kernel's gen_init_cpio reads lines with fgets into 2 * PATH_MAX + 50
 * bytes: this many characters and the newline's place. It reads a longer
 * line as two, so gen refuses one. */
#define LIST_LINE_MAX (2 * PATH_MAX + 49)

/* Read a list file; "-" is standard input, named <stdin> in reports.
 * Relative source paths are taken relative to the list file's directory
 * (standard input's: the current directory) and stored absolute. 0, or -1
 * after a report. */
int input_list(struct tree *t, const char *path);

/* Whether gen_init_cpio would expand an environment variable in this
 * location: a "${" with a "}" somewhere after it. */
int location_expands(const char *location);

/* Add every file below dir, at the same path in the image, owned by root.
 * Symbolic links are added as links (never followed). 0 or -1. */
int input_dir(struct tree *t, const char *dir);

#endif
