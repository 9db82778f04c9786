/* SPDX-License-Identifier: MIT */
/* Volumes: where the root and the overlay live, whatever carries them. A
 * spec (lib/volspec.h) is looked up by the driver of its kind, in a static
 * table (OpenWrt fstools' struct driver is the model): an MTD partition by
 * its name in /proc/mtd, a UBI volume by its name under /sys/class/ubi
 * (attaching the board's UBI partition first when the kernel has not), a
 * block partition by its GPT label or PARTUUID (lib/volume_part.c), the
 * space after the squashfs in the root partition through a loop device
 * (lib/volume_loop.c).
 * Each driver says what the volume holds and how to make it blank. */
#ifndef ROMINIT_VOLUME_H
#define ROMINIT_VOLUME_H

#include "flash.h"
#include "ubi.h"
#include "volspec.h"

#include <stddef.h>
#include <stdint.h>

struct volume_driver;

struct volume {
	const struct volume_driver *drv;
	enum vol_kind kind;
	int mtd;                /* VOL_MTD: the MTD index */
	struct ubi_volume ubi;  /* VOL_UBI */
	char node[VOL_NAME_MAX + 1]; /* its device: /dev/mtd2, /dev/ubi0_1, a /dev/... as given */
	char label[VOL_NAME_MAX + 24]; /* for messages: mtd2 "rootfs_data" */
	char source[VOL_NAME_MAX + 8]; /* what mount(2) takes: mtd:NAME, ubi0:NAME */
	/* VOL_ROOTDISK: the loop device's backing partition, where in it the
	 * region starts, and the loop's fd, held until the filesystem is
	 * mounted (the loop is set to clear itself when its last user goes:
	 * closed before the mount, it would vanish). -1 when none. */
	char backing[64];
	unsigned long long offset;
	int hold_fd;
};

struct volume_env;

/* One kind of volume. The UBI driver is linked only into boards that
 * enable it (CONFIG_UBI): a jffs2-only /init carries none of its code.
 * survey and blank are NULL for a kind no data filesystem lives on
 * (datafs_for): they are never asked for it. */
struct volume_driver {
	enum vol_kind kind;
	int (*find)(const struct vol_spec *, const struct volume_env *, struct volume *, char *,
		    size_t);
	int (*survey)(const struct volume *, struct flash_survey *, char *, size_t);
	int (*blank)(const struct volume *, uint32_t, const struct flash_format_opts *,
		     struct flash_format_result *, char *, size_t);
	int (*block_device)(const struct volume *, char *, size_t, char *, size_t);
	int (*create)(const struct vol_spec *, const struct volume_env *, char *, size_t);
	/* Where the volume is without attaching or binding anything (failsafe):
	 * NULL means find itself touches nothing. */
	int (*locate)(const struct vol_spec *, const struct volume_env *, struct volume *, char *,
		      size_t);
};

extern const struct volume_driver volume_ubi_driver;
extern const struct volume_driver volume_part_driver;
extern const struct volume_driver volume_blockdev_driver;
extern const struct volume_driver volume_loop_driver;

/* Where spec is, touching nothing, for a boot that does not use it
 * (failsafe): what find gives for MTD partitions, block partitions and
 * /dev nodes; for rootdisk the partition and the offset only (no loop
 * device: v->node stays empty, v->backing is set); a UBI volume is not
 * looked for (that would attach UBI). 1 located, 0 not (why[] says), -1. */
int volume_locate(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		  char *why, size_t why_size);

/* A block device's survey (volume_part.c): its first bytes, BLKROGET. */
int volume_block_survey(const struct volume *v, struct flash_survey *s, char *why,
			size_t why_size);

/* The block device at node has no ext4 magic in its first superblock but a
 * copy of an ext4 superblock at the start of group 1 (block sizes 1, 2 and
 * 4 KiB): 1 with that copy's block number and block size (e2fsck -b -B),
 * else 0 (also when node cannot be read: the caller has read it already). */
int volume_ext4_backup(const char *node, unsigned long long *block, unsigned *block_size);

/* /dev/...: the node as given (the /dev driver's find, shared). */
int volume_dev_find(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		    char *why, size_t why_size);
/* The node itself is the block device (the /dev and partition drivers). */
int volume_node_device(const struct volume *v, char *dev, size_t dev_size, char *why,
		       size_t why_size);

/* What the board says about its storage. */
struct volume_env {
	const struct volume_driver *ubi; /* &volume_ubi_driver, or NULL: no UBI on this board */
	const char *ubi_partition;       /* the MTD UBI lives on, attached when the kernel has not */
	const struct volume_driver *part; /* &volume_part_driver, or NULL: no block partitions */
	const struct volume_driver *blockdev; /* &volume_blockdev_driver: /dev/... that a data
					       * filesystem can live on; NULL: the plain one */
	const struct volume_driver *rootdisk; /* &volume_loop_driver, or NULL */
	const char *root_mount; /* where the root is mounted (rootdisk's partition is its) */
};

/* Look spec up once. 1 with *v filled; 0 when it is not there (yet), with
 * why[] saying what is missing; -1 with why[] when looking again will not
 * help (a malformed spec, an attach that failed, a read error). */
int volume_find(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		char *why, size_t why_size);

/* volume_find, again every poll until timeout_ms passed; *waited_ms. */
int volume_find_wait(const struct vol_spec *spec, const struct volume_env *env, int timeout_ms,
		     struct volume *v, long *waited_ms, char *why, size_t why_size);

/* What the volume holds. For an MTD: flash_survey (byte order, fit and
 * marker of what jffs2 would mount); for a UBI volume: its first bytes. */
int volume_survey(const struct volume *v, struct flash_survey *s, char *why, size_t why_size);

/* Make the volume blank from byte <from> on (MTD: erase the blocks, last
 * first; UBI: unmap every LEB, from must be 0). 0, or -1 with why[]. */
int volume_blank(const struct volume *v, uint32_t from, const struct flash_format_opts *opts,
		 struct flash_format_result *res, char *why, size_t why_size);

/* Create a volume that volume_find did not find, from all the free space
 * (a UBI volume; MTD partitions are the kernel's to make). 0 or -1 with why[]. */
int volume_create(const struct vol_spec *spec, const struct volume_env *env, char *why,
		  size_t why_size);

/* Let go of what the volume holds open (a loop's fd: the loop then clears
 * itself unless a mount holds it). Safe to call twice. */
void volume_release(struct volume *v);

/* The block device a filesystem is mounted from: /dev/mtdblockN for an MTD,
 * /dev/ubiblockD_V (created if needed) for a UBI volume, the node itself
 * for /dev/... 0 or -1 with why[]. */
int volume_block_device(const struct volume *v, char *dev, size_t dev_size, char *why,
			size_t why_size);

#endif
