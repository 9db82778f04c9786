/* Making a block overlay's filesystem with the real root's own mkfs
 * (mkfs.ext4, mkfs.f2fs), never hand-written code: run from the read-only
 * root through lib/tool.c, with its "no questions" option, bounded in time,
 * its status and first line of output in the log or the reason. */
#ifndef ROMINIT_MKFS_H
#define ROMINIT_MKFS_H

#include "fsident.h"
#include "overlay_plan.h"
#include "volume.h"

#include <stddef.h>

/* Make fs on v (which held found), with the tool under root. 0, or -1 with
 * why[]: the tool missing, failed, or killed at the bound. */
int mkfs_run(const struct datafs *fs, const struct volume *v, enum fs_kind found,
	     const char *root, int timeout_s, char *why, size_t why_size);

#endif
