/* SPDX-License-Identifier: MIT */
/* The data partition on raw flash: what it holds, and making it erased. */
#ifndef ROMINIT_FLASH_H
#define ROMINIT_FLASH_H

#include "fsident.h"
#include "jffs2.h"

#include <stddef.h>
#include <stdint.h>

struct flash_survey {
	enum fs_kind kind;      /* what block 0 holds */
	int writeable;          /* MTD_WRITEABLE */
	uint32_t size, erasesize;
	enum jffs2_order order; /* a jffs2's byte order, JFFS2_ORDER_NONE otherwise */
	struct jffs2_fit fit;   /* a jffs2 of this byte order: made for these erase blocks? */
	uint32_t marker_at;     /* what jffs2 would mount (jffs2, erased): the first erase
				 * block after block 0 starting with 0xdeadc0de, 0 if none */
};

/* Look at MTD <index> once before deciding anything: what block 0 holds,
 * whether the MTD is writable, and for what would be mounted as jffs2 its
 * byte order, its fit to the erase blocks and an upgrade's marker further in.
 * 0, or -1 with why[] when it cannot be read (an I/O error is its own
 * outcome, never "unknown"). */
int flash_survey(int index, struct flash_survey *s, char *why, size_t why_size);

/* The same judgement of a flash read through read(ctx, ...), size bytes
 * in erasesize-byte blocks (an MTD above; an image file in the unit
 * tests). writeable is set to 1. 0, or -1 with errno from read. */
int flash_survey_read(jffs2_read_fn read, void *ctx, uint32_t size, uint32_t erasesize,
		      struct flash_survey *s);

struct flash_ubi_check {
	unsigned blocks, ubi, erased, bad; /* erase blocks, and how each starts */
	int foreign;                        /* a block that is none of those: */
	uint32_t foreign_at;                /*   the first one's offset */
	enum fs_kind foreign_kind;          /*   and what it looks like */
	int filesystems;                    /* blocks starting with a filesystem's magic
					     * (jffs2, squashfs, ubifs): never UBI's own */
	uint32_t filesystem_at;             /*   the first one's offset */
	enum fs_kind filesystem_kind;
};

/* Before UBI attaches an MTD (and may write to it): does every good erase
 * block start with a UBI erase-counter header ("UBI#") or read erased?
 * Bad blocks (NAND) are counted and skipped; blocks that start with a
 * filesystem's magic are counted apart. 0 with *c filled, -1 with
 * why[] on a read error. */
int flash_check_ubi(int index, struct flash_ubi_check *c, char *why, size_t why_size);

struct flash_format_opts {
	uint32_t expected_erasesize; /* 0: do not check */
	int unlock;                  /* MEMUNLOCK first */
	int whole;                   /* erase every block, even ones reading 0xff */
	int verify;                  /* read each erased block back as all 0xff */
	int erase;                   /* jffs2 on MTD: erase every block in the boot
				      * (flash_format) instead of retiring the old
				      * filesystem in place (flash_retire) */
};

struct flash_format_result {
	unsigned blocks, erased, skipped;
	uint32_t erasesize;
	int retired;        /* flash_retire did it: */
	unsigned nodes;     /*   live nodes obsoleted */
	unsigned unlinked;  /*   live inode nodes left unlinked (lib/jffs2.h) */
	int every_node;     /*   1: every live node obsoleted (a kept jffs2 uses
			     *   too many inode numbers to list) */
	unsigned summaries; /*   summary markers cleared */
	unsigned resumed;   /*   block 0 already erased with its cleanmarker (an earlier
			     *   boot was cut after it): not erased again */
};

/* Make every block of MTD <index> from offset <from> (an erase block) to
 * the end erased. Blocks go from the last to the first, so a power cut
 * leaves the block at <from> (with its deadc0de marker or zeros) as it was
 * and the next boot erases again. 0, or -1 with why[]. */
int flash_format(int index, uint32_t from, const struct flash_format_opts *opts,
		 struct flash_format_result *res, char *why, size_t why_size);

struct mtd_dev;

/* Open MTD <index> into *m for blanking from <from> (an erase block) to
 * its end: *res zeroed with erasesize and blocks set. 0, or -1 with why[]
 * (nothing left open). */
int flash_open_range(struct mtd_dev *m, int index, uint32_t from,
		     struct flash_format_result *res, char *why, size_t why_size);

/* Before writing to MTD m: its erase size is the board's (when opts names
 * one), it is unlocked (when opts asks), and writable. 0, or -1 with why[]. */
int flash_check_device(const struct mtd_dev *m, const struct flash_format_opts *opts, char *why,
		       size_t why_size);

/* 1 if the block at offset reads all 0xff, 0 if not, -1 on a read error. */
int flash_block_is_erased(const struct mtd_dev *m, uint32_t offset);

#endif
