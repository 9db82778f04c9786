/* SPDX-License-Identifier: MIT */
/* Small file-system helpers for /init, bounded and errno-preserving. */
#ifndef ROMINIT_FSUTIL_H
#define ROMINIT_FSUTIL_H

#include <stddef.h>

/* Read up to size-1 bytes of path into buf and NUL-terminate it.
 * Returns the byte count, or -1 with errno set. */
long read_file(const char *path, char *buf, size_t size);

/* Write the whole string to path (O_WRONLY, no create). 0 or -1 with errno. */
int write_file(const char *path, const char *text);

/* Read the whole of path (to fault in every page it has, and so find an
 * I/O error now rather than as a SIGBUS in whoever maps it), keeping its
 * first head_size-1 bytes NUL-terminated in head. 0 or -1 with errno. */
int read_through(const char *path, char *head, size_t head_size);

/* mkdir that accepts an existing directory. 0 or -1 with errno. */
int ensure_dir(const char *path, unsigned mode);

#endif
