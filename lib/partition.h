/* SPDX-License-Identifier: MIT */
/* Block partitions as the kernel and blkid name them, for root=PARTLABEL=
 * and root=PARTUUID=. The kernel puts a partition's number (PARTN) and its
 * GPT name (PARTNAME) in its uevent, but not its UUID: that is read from
 * the disk's partition table, as blkid does.
 *
 *   GPT: the partition entry's unique GUID, lower-case, as 36 characters
 *        (the kernel compares PARTUUID= without regard to case)
 *   MBR: the disk signature and the partition number, "SSSSSSSS-PP"
 *
 * Pure parsing through a reader: it never looks at the system, and every
 * field of the table is bounded before it is used (the disk is input). */
#ifndef ROMINIT_PARTITION_H
#define ROMINIT_PARTITION_H

#include <stddef.h>

#define PART_UUID_MAX 36 /* a GUID's text; an MBR's is 11 */

/* The value of KEY=value in a uevent's text (lines of KEY=value) into out.
 * 1 when found and it fits, else 0. */
int uevent_field(const char *uevent, const char *key, char *out, size_t out_size);

/* The uevent's PARTN: the partition's number, 1 to 65536; 0 when absent or
 * not such a number. */
unsigned uevent_partn(const char *uevent);

/* Read len bytes at byte offset off; 0, or -1 with errno. */
typedef int (*part_reader)(void *ctx, unsigned long long off, void *buf, size_t len);

/* The PARTUUID of partition partn (1-based, the uevent's PARTN) of a disk
 * with sector_size-byte logical sectors, into out (PART_UUID_MAX + 1
 * bytes). 0, or -1 with why[]: no table, a table that does not hold the
 * partition, a read error. Only the primary GPT header is read. */
int part_uuid(part_reader read, void *ctx, unsigned sector_size, unsigned partn, char *out,
	      size_t out_size, char *why, size_t why_size);

#endif
