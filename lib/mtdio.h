/* SPDX-License-Identifier: MIT */
/* Raw MTD access for /init: geometry, reading, erasing, unlocking, through
 * the /dev/mtdN character device. Every call reports failure with errno. */
#ifndef ROMINIT_MTDIO_H
#define ROMINIT_MTDIO_H

#include <stddef.h>
#include <stdint.h>

struct mtd_dev {
	int fd;
	int index;
	uint32_t size;      /* bytes */
	uint32_t erasesize; /* bytes */
	uint32_t writesize; /* bytes: the unit a write programs (1 on NOR, a page on NAND) */
	uint8_t type;       /* MTD_NORFLASH, MTD_NANDFLASH, ... */
	int writeable;      /* MTD_WRITEABLE set */
	int bit_writeable;  /* MTD_BIT_WRITEABLE set: single bits can be cleared in place */
};

/* Open /dev/mtd<index> read-write (read-only when the MTD is). 0 or -1. */
int mtdio_open(struct mtd_dev *m, int index);
void mtdio_close(struct mtd_dev *m);

/* Read len bytes at offset (pread, all or nothing). 0 or -1. */
int mtdio_read(const struct mtd_dev *m, uint32_t offset, void *buf, size_t len);

/* Write len bytes at offset (pwrite, all or nothing): on NOR it programs
 * them, clearing bits only. 0 or -1. */
int mtdio_write(const struct mtd_dev *m, uint32_t offset, const void *buf, size_t len);

/* Erase the block at offset (a multiple of erasesize). 0 or -1. */
int mtdio_erase(const struct mtd_dev *m, uint32_t offset);

/* Is the block at offset marked bad (MEMGETBADBLOCK)? 1, 0 (also for
 * flash without bad blocks), or -1. */
int mtdio_is_bad(const struct mtd_dev *m, uint32_t offset);

/* MEMUNLOCK the whole device. 0, 1 when the driver has no locking, or -1. */
int mtdio_unlock(const struct mtd_dev *m);

#endif
