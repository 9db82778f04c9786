/* Finding and mounting the read-only root (squashfs) named by root=. */
#ifndef ROMINIT_ROOT_H
#define ROMINIT_ROOT_H

#include <stddef.h>

/* Map a root= value to a device path: "mtd:NAME" -> /dev/mtdblockN,
 * "/dev/..." as given. Returns 0; -1 with why[] when the device is not
 * there (yet); -2 with why[] when spec has a form we do not know. */
int root_resolve(const char *spec, char *dev, size_t dev_size, char *why, size_t why_size);

/* Resolve spec and wait until its device node exists: once when
 * wait_ms is 0, else polling until wait_ms elapsed. 0 or -1 with why[]. */
int root_find(const char *spec, int wait_ms, char *dev, size_t dev_size, char *why,
	      size_t why_size);

/* Mount dev read-only on dir as the first filesystem type of the
 * comma-separated list types that works, as the kernel does with
 * rootfstype=. 0 with the type in used[]; -1 with why[] naming each type
 * tried and its error, and errno from the last. */
int root_mount(const char *dev, const char *dir, const char *types, const char *flags,
	       char *used, size_t used_size, char *why, size_t why_size);

#endif
