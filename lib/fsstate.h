/* SPDX-License-Identifier: MIT */
/* The overlay's state, OpenWrt-compatible: a symlink <dir>/.fs_state whose
 * target is "0" (unknown), "1" (pending: initialisation not finished, or a
 * factory reset requested) or "2" (ready). */
#ifndef ROMINIT_FSSTATE_H
#define ROMINIT_FSSTATE_H

#include <stddef.h>

enum fs_state {
	FS_STATE_ABSENT = -1, /* no .fs_state at all */
	FS_STATE_UNKNOWN = 0,
	FS_STATE_PENDING = 1,
	FS_STATE_READY = 2,
};

/* Parse a link target; anything but "0", "1", "2" is UNKNOWN. */
enum fs_state fs_state_parse(const char *target, size_t len);

/* Read <dir>/.fs_state; ABSENT when there is none. */
enum fs_state fs_state_read(const char *dir);

/* Write it atomically: a symlink under a temporary name, renamed over the old
 * one, then the directory fsync'ed. 0 or -1 with errno. */
int fs_state_write(const char *dir, enum fs_state state);

const char *fs_state_name(enum fs_state state);

#endif
