/* SPDX-License-Identifier: MIT */
/* Where the overlay starts in a root partition that holds a squashfs and
 * free space after it (OpenWrt's x86 and eMMC images; fstools'
 * libfstools/rootdisk.c): at the squashfs's bytes_used, rounded up to
 * 64 KiB. Pure: the caller reads the superblock and the partition's size. */
#ifndef ROMINIT_ROOTDISK_H
#define ROMINIT_ROOTDISK_H

#include <stddef.h>

#define ROOTDISK_ALIGN (64ULL * 1024)
#define ROOTDISK_MIN_BYTES (1024ULL * 1024) /* less is no room for an overlay */
#define SQUASHFS_SUPER_BYTES 96

/* From the first len bytes of the partition (its squashfs superblock) and
 * the partition's size: 0 with *offset and *bytes (the region's size), or
 * -1 with why[] (no squashfs, a bytes_used past the end, too little room). */
int rootdisk_region(const unsigned char *sb, size_t len, unsigned long long part_bytes,
		    unsigned long long *offset, unsigned long long *bytes, char *why,
		    size_t why_size);

#endif
