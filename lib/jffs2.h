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
#define JFFS2_NODE_SUMMARY 0x2006
#define JFFS2_NODE_CLEANMARKER 0x2003

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

#endif
