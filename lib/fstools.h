/* SPDX-License-Identifier: MIT */
/* The block overlay's filesystem made and checked by the real root's own
 * tools (mkfs.ext4, mkfs.f2fs, e2fsck, fsck.f2fs), never hand-written code:
 * run from the read-only root through lib/tool.c, asking nothing, bounded
 * in time, their status and first line of output in the log or the reason. */
#ifndef ROMINIT_FSTOOLS_H
#define ROMINIT_FSTOOLS_H

#include "fsident.h"
#include "overlay_plan.h"
#include "volume.h"

#include <stddef.h>

/* 1 when the running kernel has filesystem type (in /proc/filesystems),
 * 0 when not, -1 when that cannot be read. */
int fs_kernel_has(const char *type);

/* Make fs on v (which held found), with the tool under root. 0, or -1 with
 * why[]: the kernel without the filesystem (nothing is written then), the
 * tool missing, failed, or killed at the bound. */
int mkfs_run(const struct datafs *fs, const struct volume *v, enum fs_kind found,
	     const char *root, int timeout_s, char *why, size_t why_size);

/* Check fs on v before it is mounted, repairing what the tool repairs on
 * its own (e2fsck -p, fsck.f2fs -a). 0 when clean or repaired (logged);
 * FSCK_ERRORS_LEFT with why[] when the checker finished and left errors it
 * will not repair unattended (fsck(8)'s status 4); -1 with why[] when the
 * check could not finish. The data is left as it is. A root without the checker is logged and mounts
 * unchecked (the kernel still replays ext4's journal). */
#define FSCK_ERRORS_LEFT (-2)
int fsck_run(const struct datafs *fs, const struct volume *v, const char *root, int timeout_s,
	     char *why, size_t why_size);

#endif
