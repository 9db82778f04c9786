/* SPDX-License-Identifier: MIT */
/* What a jffs2 on raw flash says about itself before the kernel mounts it:
 * its byte order, and whether it was made for this flash's erase blocks.
 * The kernel's jffs2 never writes a node across an erase-block boundary, so
 * a node that crosses one of this flash's boundaries belongs to an image
 * made for larger blocks; mounting it lets jffs2 erase blocks that hold
 * halves of live nodes (seen: 117 of 120 files after the first boot, none
 * after the second). Pure: the flash is read through a callback. */
#ifndef ROMINIT_JFFS2_H
#define ROMINIT_JFFS2_H

#include <stddef.h>
#include <stdint.h>

/* Node types the walk knows (linux/jffs2.h). */
#define JFFS2_NODE_DIRENT 0xe001
#define JFFS2_NODE_INODE 0xe002
#define JFFS2_NODE_SUMMARY 0x2006
#define JFFS2_NODE_CLEANMARKER 0x2003
#define JFFS2_NODE_PADDING 0x2004
#define JFFS2_CLEANMARKER_BYTES 12

enum jffs2_order {
	JFFS2_ORDER_NONE,   /* no jffs2 magic */
	JFFS2_ORDER_LITTLE, /* 0x1985 stored 85 19 */
	JFFS2_ORDER_BIG,    /* 0x1985 stored 19 85 */
};

/* Byte order of the jffs2 node that starts at buf (at least 2 bytes). */
enum jffs2_order jffs2_order_of(const unsigned char *buf, size_t len);

/* The order this program (and so the kernel it runs on) reads and writes. */
enum jffs2_order jffs2_native_order(void);

const char *jffs2_order_name(enum jffs2_order order);

/* jffs2's CRC-32: the reflected 0xEDB88320 polynomial without the pre- and
 * post-inversion of zlib's crc32() (the kernel's crc32_le(seed, ...)). */
uint32_t jffs2_crc32(uint32_t seed, const void *buf, size_t len);

/* Reads len bytes at off of the flash into buf: 0, or -1 with errno. */
typedef int (*jffs2_read_fn)(void *ctx, uint32_t off, void *buf, size_t len);

struct jffs2_fit {
	int crosses;              /* 1: a node crosses this flash's erase-block boundary */
	uint32_t node_at;         /* that node's offset and padded length */
	uint32_t node_len;
	uint32_t image_erasesize; /* the image's erase size where it shows, else 0 */
};

/* Walk the nodes in native order from offset 0 of a flash of size bytes
 * and erasesize-byte blocks, as long as they follow each other, and say
 * whether one crosses a block boundary. The walk stops at the first word
 * that is not a valid node header (erased space, the end of the written
 * part), at a block that ends with a summary (jffs2 wrote it for this block
 * size), or after JFFS2_WALK_BLOCKS blocks. 0 with *fit, or -1 with errno
 * from read(). */
#define JFFS2_WALK_BLOCKS 4
int jffs2_check_fit(jffs2_read_fn read, void *ctx, uint32_t size, uint32_t erasesize,
		    struct jffs2_fit *fit);

/* Retiring an old jffs2 in place. NOR programs bits from 1 to 0 without an
 * erase, and jffs2 itself obsoletes a node by clearing its ACCURATE bit
 * (the header CRC is computed with the bit set, so the node stays
 * readable as obsolete). A block whose every node is obsolete is "all
 * dirty" to the kernel's mount-time scan: it goes on jffs2's erase-pending
 * list, and jffs2's own thread erases it, once, in the background. So an
 * old filesystem becomes nobody's data in the time it takes to read it and
 * write one byte per directory entry (struct jffs2_retire_plan), where
 * erasing it takes tenths of a second per block. */

/* Programs len bytes at off, each a subset of the bits already there. 0, or
 * -1 with errno. NULL: count only. */
typedef int (*jffs2_program_fn)(void *ctx, uint32_t off, const void *bytes, size_t len);

/* Which live nodes a retire programs obsolete.
 *
 * Every one (unlink_only 0): nothing of the old filesystem is left live.
 *
 * Or all but the inode nodes (unlink_only 1): every directory entry, xattr
 * and other node is obsoleted, and the file contents are left live. No
 * entry names their inodes any more, so the kernel's build drops them at
 * each mount (fs/jffs2/build.c: an inode with no link is removed, as after
 * a delete on NAND, where nothing is obsoleted in place) and jffs2 erases
 * their blocks in the background. A typical old overlay has one entry for
 * tens of data nodes, so this programs tens of times fewer bytes. The
 * inode numbers in taken[] are obsoleted all the same: a kept filesystem
 * (an upgrade's settings before its marker) uses them, and the old nodes
 * of a number it uses would join its files. The root's (1) always is. The
 * kernel allocates new numbers above every one it scans, live or unlinked,
 * so no new file takes an old file's number while its nodes remain. */
struct jffs2_retire_plan {
	int unlink_only;
	const uint32_t *taken;
	unsigned ntaken;
};

struct jffs2_retire_count {
	unsigned nodes;     /* live nodes programmed obsolete (or, counting, to be) */
	unsigned unlinked;  /* live inode nodes left for the kernel to drop */
	unsigned summaries; /* summary markers, which make the scan trust a summary */
};

/* Walk the block at <block> (erasesize bytes) node by node as the kernel's
 * scan walks it (fs/jffs2/scan.c: a valid header is skipped by its padded
 * length, anything else by 4 bytes) and program ACCURATE off the live nodes
 * the plan names and the magic off the summary marker; with program NULL
 * only count them. A block whose first 256 bytes read 0xff is one the
 * kernel takes for empty and erases before use: nothing to do. Counts are
 * added to *count. 0, or -1 with errno from read or program. */
int jffs2_retire_block(jffs2_read_fn read, jffs2_program_fn program, void *ctx, uint32_t block,
		       uint32_t erasesize, const struct jffs2_retire_plan *plan,
		       struct jffs2_retire_count *count);

/* Add the inode numbers the block's live nodes use (an inode node's own, a
 * directory entry's parent and target) to inos[], each once; *n of max are
 * used. 0; 1 when a number did not fit; -1 with errno from read. */
int jffs2_block_inos(jffs2_read_fn read, void *ctx, uint32_t block, uint32_t erasesize,
		     uint32_t *inos, unsigned max, unsigned *n);

/* A cleanmarker in this program's byte order: what jffs2 writes at the start
 * of a block it has erased. */
void jffs2_cleanmarker(unsigned char out[JFFS2_CLEANMARKER_BYTES]);

/* 1 if buf (a whole block) is a freshly erased jffs2 block: a cleanmarker,
 * then nothing but 0xff. */
int jffs2_is_clean_block(const unsigned char *buf, size_t len);

#endif
