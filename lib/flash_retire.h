/* SPDX-License-Identifier: MIT */
/* Making an old jffs2 on NOR nobody's data without erasing it in the boot.
 * Erasing a 64 MiB rootfs_data takes minutes on a real chip (0.15-2 s per
 * block); programming one byte per directory entry takes a read of the
 * partition and milliseconds of writes. Every directory entry of the old
 * filesystem (and its other non-file nodes) gets its ACCURATE bit cleared,
 * as jffs2 obsoletes nodes itself, and every summary marker its magic; the
 * old files' contents are then named by nothing, the kernel's build drops
 * them, the blocks that held them are all dirty, and jffs2's own thread
 * erases each of them once, in the background, after the boot
 * (lib/jffs2.h says why that is safe). lib/jffs2.c walks the blocks; this
 * file drives the MTD. */
#ifndef ROMINIT_FLASH_RETIRE_H
#define ROMINIT_FLASH_RETIRE_H

#include "flash.h"

#include <stddef.h>
#include <stdint.h>

/* Retire MTD <index> from <from> (an erase block) to its end.
 *
 * from == 0, the whole volume: blocks 1 to the last are retired, then block
 * 0 is erased and given a cleanmarker: the new, empty jffs2 the kernel
 * mounts (it refuses a flash with no valid node at all). Block 0 is done
 * last, so a power cut before it leaves the volume as it was marked
 * (deadc0de, zeros...), and the next boot retires again, finding the nodes
 * already obsolete: nothing is programmed twice and nothing erased twice.
 *
 * from > 0, an upgrade's 0xdeadc0de marker there: the inode numbers the
 * kept jffs2 before it uses are read, the blocks after it are retired
 * (their nodes of those numbers too), then its own block, then the marker's word is programmed to
 * zero, last: the kept jffs2 before it is the filesystem, and nothing is
 * erased at all.
 *
 * Every program is read back. 0 with *res (retired set; erased counts the
 * erase of block 0, skipped the blocks left to jffs2), or -1 with why[]. */
int flash_retire(int index, uint32_t from, const struct flash_format_opts *opts,
		 struct flash_format_result *res, char *why, size_t why_size);

/* Can MTD <index> be retired in place: does it program single bytes
 * (writesize 1) and clear bits of what is there (MTD_BIT_WRITEABLE), as NOR
 * does? jffs2 asks the same before it obsoletes a node in place. Not on
 * NAND, DataFlash or a NOR with ECC: those are erased. 1, or 0 with why[]
 * saying what the flash is, or -1 with why[] when it cannot be opened. */
int flash_can_retire(int index, char *why, size_t why_size);

/* Does any erase block of MTD <index> hold a node that would make a file
 * or directory of the kernel's mount: a live entry, xattr, root inode or
 * cleanmarker (lib/jffs2.c's walk; file contents with no entry are
 * nobody's)? 1 with *offset at that block, 0 if none (erased, garbage, or
 * an old jffs2 already retired), -1 with why[] on a read error. Asked before formatting a volume that is not explicitly
 * marked for erasing: a live node is somebody's data. */
int flash_find_live_jffs2(int index, uint32_t *offset, char *why, size_t why_size);

#endif
