/* SPDX-License-Identifier: MIT */
/* Factory reset of the overlay: delete everything below a directory. */
#ifndef ROMINIT_WIPE_H
#define ROMINIT_WIPE_H

#include <stddef.h>

/* Delete every entry below dir — dot-files and dot-directories included,
 * which fstools' reset misses — except the top-level entries named in keep[]
 * (NULL-terminated; NULL: keep nothing). Never follows a symlink and never enters another
 * filesystem, so a link to /rom or /dev cannot make the wipe escape.
 * Returns the number of entries deleted, or -1 with why[] (deletion goes on
 * past single failures; the first is reported). */
long wipe_dir(const char *dir, const char *const keep[], char *why, size_t why_size);

/* The same below the directory open on dirfd (closed here): the one
 * recursive deleter of /init, also freeing the initramfs at switch_root. */
long wipe_tree(int dirfd, const char *const keep[], char *why, size_t why_size);

#endif
