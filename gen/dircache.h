/* SPDX-License-Identifier: MIT */
/* Look files up from the directory the previous one was in.
 *
 * A list names every source by its whole path, and the kernel walks every
 * component of it on each stat and open: for a tree of 5,000 files under
 * /home/u/build/board/x/root that is most of what gen spends outside
 * read and write. Lists hold a directory's files together, so remembering
 * the last directory (an open descriptor) turns each lookup into one
 * component. The result is the same file the path names at that moment,
 * unless someone renames a directory while gen runs. */
#ifndef GEN_DIRCACHE_H
#define GEN_DIRCACHE_H

struct dir_cache {
	char *dir; /* the directory part of the last path, or NULL */
	int fd;    /* it, opened; -1 when it could not be opened (then paths are used) */
};

#define DIR_CACHE_INIT { NULL, -1 }

/* The descriptor to pass to fstatat/openat for path, and in *base the name
 * to pass with it. Paths without a directory part, ending in '/', or whose
 * directory cannot be opened give AT_FDCWD and the whole path, so errors
 * are the ones the path itself gives. */
int dir_cache_at(struct dir_cache *c, const char *path, const char **base);

void dir_cache_release(struct dir_cache *c);

#endif
