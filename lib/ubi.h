/* SPDX-License-Identifier: MIT */
/* UBI for /init: find volumes by name under /sys/class/ubi, attach an MTD
 * through /dev/ubi_ctrl, create and empty volumes, and put a read-only
 * block device (ubiblock) on a volume for a squashfs root. The kernel's
 * UBI does the work; this is only its user interface (mtd/ubi-user.h). */
#ifndef ROMINIT_UBI_H
#define ROMINIT_UBI_H

#include <stddef.h>
#include <stdint.h>

struct ubi_volume {
	int dev, vol;       /* ubi<dev>_<vol> */
	uint64_t size;      /* reserved bytes: reserved_ebs * usable_eb_size */
	uint32_t leb_size;  /* usable_eb_size */
	int dynamic;        /* a dynamic volume (ubifs lives on those) */
	int upd_marker;     /* an update was interrupted: UBI refuses to read it */
};

/* The volume called name on UBI device dev (-1: any attached device, the
 * lowest number first). 1 with *v filled, 0 if there is none, -1 with
 * errno when sysfs cannot be read. */
int ubi_find_volume(int dev, const char *name, struct ubi_volume *v);

/* The UBI device attached to MTD mtd, -1 if none, -2 with errno on a read error. */
int ubi_device_of_mtd(int mtd);

/* The lowest-numbered UBI device attached, or -1. */
int ubi_lowest_device(void);

/* Is there a UBI device numbered dev? 1, 0, or -1 with errno. */
int ubi_device_exists(int dev);

/* Attach MTD mtd (UBI_IOCATT); dev is the number wanted or -1 for any.
 * The new device's number, or -1 with errno. */
int ubi_attach(int mtd, int dev);

/* Bytes free on UBI device dev (available eraseblocks * LEB size), or -1. */
int ubi_free_bytes(int dev, uint64_t *bytes);

/* Create a dynamic volume called name of bytes on device dev (UBI_IOCMKVOL). 0 or -1. */
int ubi_create_volume(int dev, const char *name, uint64_t bytes);

/* Empty a volume: an update of 0 bytes unmaps every LEB (UBI_IOCVOLUP). 0 or -1. */
int ubi_truncate_volume(const struct ubi_volume *v);

/* The read-only block device /dev/ubiblock<dev>_<vol> of the volume,
 * created (UBI_IOCVOLCRBLK) when the kernel has not. 0 or -1 with errno. */
int ubi_block_device(const struct ubi_volume *v, char *path, size_t path_size);

/* Read len bytes at offset from the volume's character device. 0 or -1. */
int ubi_read(const struct ubi_volume *v, uint64_t offset, void *buf, size_t len);

#endif
