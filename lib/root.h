/* SPDX-License-Identifier: MIT */
/* Finding and mounting the read-only root (squashfs) named by root=. */
#ifndef ROMINIT_ROOT_H
#define ROMINIT_ROOT_H

#include "volume.h"

#include <stddef.h>

/* The block device of a root= spec (lib/volspec.h): /dev/mtdblockN for
 * mtd:NAME, /dev/ubiblockD_V for a UBI volume (created when the kernel has
 * not; UBI attached first when needed), /dev/... as given once it is a
 * block device. Looks once when wait_ms is 0, else polls until wait_ms
 * elapsed. 0 or -1 with why[]. */
int root_find(const char *spec, const struct volume_env *env, int wait_ms, char *dev,
	      size_t dev_size, char *why, size_t why_size);

/* Mount dev read-only on dir as the first filesystem type of the
 * comma-separated list types that works, as the kernel does with
 * rootfstype=. 0 with the type in used[]; -1 with why[] naming each type
 * tried and its error, and errno from the last. */
int root_mount(const char *dev, const char *dir, const char *types, const char *flags,
	       char *used, size_t used_size, char *why, size_t why_size);

#endif
