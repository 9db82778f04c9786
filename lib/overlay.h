/* The writable layer: rootfs_data (jffs2 on MTD) or a tmpfs fallback, and the
 * overlayfs that joins it with the read-only root. */
#ifndef ROMINIT_OVERLAY_H
#define ROMINIT_OVERLAY_H

#include <stddef.h>

enum overlay_kind { OVERLAY_NONE, OVERLAY_JFFS2, OVERLAY_TMPFS };

struct overlay {
	enum overlay_kind kind;
	char reason[160]; /* why the tmpfs fallback was taken, "" otherwise */
};

const char *overlay_kind_name(enum overlay_kind kind);

/* Mount the jffs2 on the MTD partition named data_name at mnt and prepare
 * upper/ and work/. 0, or -1 with why[] saying what failed. */
int overlay_mount_jffs2(const char *data_name, const char *mnt, char *why, size_t why_size);

/* Mount a tmpfs of the given size ("25%", "16m") at mnt with upper/ and work/. */
int overlay_mount_tmpfs(const char *mnt, const char *size, char *why, size_t why_size);

/* overlayfs on newroot: lowerdir=lower, upper/work below data_mnt. */
int overlay_join(const char *lower, const char *data_mnt, const char *newroot, char *why,
		 size_t why_size);

#endif
