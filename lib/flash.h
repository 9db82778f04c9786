/* The data partition on raw flash: what it holds, and making it erased. */
#ifndef ROMINIT_FLASH_H
#define ROMINIT_FLASH_H

#include "fsident.h"

#include <stddef.h>
#include <stdint.h>

/* Identify MTD <index> from its first bytes, and say whether the MTD is
 * writable (MTD_WRITEABLE), from one open of the device. 0, or -1 with why[]
 * when it cannot be read (an I/O error is its own outcome, never "unknown"). */
int flash_identify(int index, enum fs_kind *kind, int *writeable, char *why, size_t why_size);

/* Does any erase block of MTD <index> start with a jffs2 node (0x1985)?
 * 1 with *offset set, 0 if none, -1 with why[] on a read error. Used before
 * formatting anything that is not explicitly marked for erasing. */
int flash_find_jffs2_block(int index, uint32_t *offset, char *why, size_t why_size);

struct flash_format_opts {
	uint32_t expected_erasesize; /* 0: do not check */
	int unlock;                  /* MEMUNLOCK first */
	int whole;                   /* erase every block, even ones reading 0xff */
	int verify;                  /* read each erased block back as all 0xff */
};

struct flash_format_result {
	unsigned blocks, erased, skipped;
	uint32_t erasesize;
};

/* Make every block of MTD <index> erased. Blocks go from the last to the
 * first, so a power cut leaves block 0 (with its deadc0de marker or zeros)
 * as it was and the next boot formats again. 0, or -1 with why[]. */
int flash_format(int index, const struct flash_format_opts *opts, struct flash_format_result *res,
		 char *why, size_t why_size);

#endif
