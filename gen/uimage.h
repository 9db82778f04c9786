/* SPDX-License-Identifier: MIT */
/* U-Boot legacy image (uImage) of type ramdisk wrapping the compressed
 * archive, for bootloaders that load an initrd with bootm. */
#ifndef GEN_UIMAGE_H
#define GEN_UIMAGE_H

#include <stdio.h>

/* Is arch one that uimage_write accepts? */
int uimage_arch_known(const char *arch);

/* Write the header and a copy of payload (read from its start) to out.
 * name is truncated to the 31 characters the header holds. 0 or -1. */
int uimage_write(FILE *payload, FILE *out, const char *arch, const char *name,
		 long long timestamp, const char *what);

#endif
