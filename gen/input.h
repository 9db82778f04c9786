/* gen's inputs: list files in the kernel's gen_init_cpio format, and board
 * overlay directories. Both add entries to a tree and report bad input as
 * one line naming the file, the line (and column) and the problem. */
#ifndef GEN_INPUT_H
#define GEN_INPUT_H

#include "tree.h"

#define LIST_LINE_MAX 8192

/* Read a list file. Relative source paths are taken relative to the list
 * file's directory and stored absolute. 0, or -1 after a report. */
int input_list(struct tree *t, const char *path);

/* Add every file below dir, at the same path in the image, owned by root.
 * Symbolic links are added as links (never followed). 0 or -1. */
int input_dir(struct tree *t, const char *dir);

#endif
