/* SPDX-License-Identifier: MIT */
/* Leaving the initramfs: move the early mounts into the new root, make it "/",
 * free the initramfs's memory and exec the real init. */
#ifndef ROMINIT_SWITCHROOT_H
#define ROMINIT_SWITCHROOT_H

#include <stddef.h>

/* Move each mount in mounts[] (NULL-terminated, absolute paths) to newroot/<path>. */
int switchroot_move_mounts(const char *newroot, const char *const mounts[], char *why,
			   size_t why_size);

/* Make newroot the root: chdir, MS_MOVE onto "/", chroot. Returns an fd on the
 * old root (the initramfs) for switchroot_free_initramfs, or -1 with why[]. */
int switchroot_enter(const char *newroot, char *why, size_t why_size);

/* Delete every file of the initramfs below old_root_fd, never crossing into
 * another filesystem, after checking it is a ramfs/tmpfs and we are PID 1.
 * Returns the number of entries removed, or -1 with why[]. Closes the fd. */
long switchroot_free_initramfs(int old_root_fd, char *why, size_t why_size);

#endif
