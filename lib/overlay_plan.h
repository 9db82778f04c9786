/* SPDX-License-Identifier: MIT */
/* The overlay decision as a pure function: what was found on the data
 * volume (and the boot's failsafe and factory-reset requests) in, what to do
 * out. docs/overlay.md's table is this function; tests/unit/test_lib_overlay_plan.c
 * checks it row by row. lib/overlay.c carries the plan out. */
#ifndef ROMINIT_OVERLAY_PLAN_H
#define ROMINIT_OVERLAY_PLAN_H

#include "fsident.h"
#include "fsstate.h"
#include "volspec.h"

#include <stdint.h>

/* What a volume is made of: the data filesystems of each differ. */
enum vol_medium {
	MEDIUM_MTD,   /* mtd:NAME */
	MEDIUM_UBI,   /* ubi:NAME, ubiN:NAME */
	MEDIUM_BLOCK, /* PARTLABEL=, PARTUUID=, /dev/..., rootdisk */
};

enum vol_medium vol_medium(enum vol_kind kind);

/* What can carry the overlay: one row per filesystem. */
struct datafs {
	const char *type;        /* mount(2)'s type, and the status's overlay= */
	enum vol_medium on;      /* the volumes it lives on */
	enum fs_kind magic;      /* what fs_identify calls it */
	int erased_is_empty;     /* an erased volume mounts as a new, empty filesystem */
	int format_if_unmountable; /* an erased-looking volume that does not mount (EIO) may
				    * be formatted when no erase block holds its nodes (jffs2) */
	int unfinished_if_unmountable; /* an erased-looking volume (no superblock) that does
					* not mount was never finished: empty it (ubifs, whose
					* superblock is only ever replaced atomically) */
	int formats_unknown;     /* the volume is the overlay's whatever it holds (a block
				  * partition or region named for it): what no row knows is
				  * formatted, as OpenWrt's fstools do; other filesystems
				  * rominit knows (jffs2, squashfs...) are still refused */
	int root_tools;          /* made (mkfs) and checked (fsck) by the real root's tools
				  * (lib/fstools.c); else a blank volume is the format */
	unsigned long full_bytes; /* less free than this is "full" (the write probe's ENOSPC) */
};

/* The filesystem a new overlay on this kind of volume gets: for block
 * devices the board's choice, block_fs (FS_EXT4 or FS_F2FS; FS_UNKNOWN in
 * an /init without block support); NULL when none serves it. */
const struct datafs *datafs_for(enum vol_kind on, enum fs_kind block_fs);

/* The row that mounts filesystem kind on this kind of volume (FS_UNKNOWN:
 * the medium's first row), or NULL. */
const struct datafs *datafs_of(enum vol_kind on, enum fs_kind kind);

struct overlay_facts {
	int failsafe;
	int present;         /* the volume was found */
	int may_create;      /* a missing volume may be created (UBI, board option) */
	enum vol_kind on;
	enum fs_kind block_fs; /* the board's filesystem for a new block overlay */
	int writeable;
	enum fs_kind kind;   /* what it starts with */
	int foreign_order;   /* a jffs2 of the other byte order */
	int crosses;         /* jffs2 nodes cross this flash's erase blocks */
	uint32_t marker_at;  /* an upgrade's 0xdeadc0de further in, 0 if none */
};

enum plan_step {
	PLAN_LEAVE,         /* failsafe: not touched at all */
	PLAN_CREATE,        /* create the volume, then mount it as a new filesystem */
	PLAN_MOUNT,         /* mount what is there */
	PLAN_MOUNT_ERASED,  /* mount (an erased volume is an empty filesystem); if that
			     * fails with EIO and the datafs allows, format when safe */
	PLAN_FORMAT,        /* marked for erasing: blank it (or run the datafs's mkfs), mount */
	PLAN_FORMAT_SAFE,   /* blank it unless an erase block holds the fs's nodes, mount */
	PLAN_REFUSE,        /* fallback; the volume left exactly as it is */
};

enum plan_reason {
	REASON_NONE,
	REASON_MISSING,       /* no such volume */
	REASON_NO_DATAFS,     /* no overlay filesystem for this kind of volume */
	REASON_READ_ONLY,     /* the volume is read-only */
	REASON_FOREIGN_ORDER, /* a jffs2 of the other byte order */
	REASON_CROSSES,       /* a jffs2 made for larger erase blocks */
	REASON_OTHER_FS,      /* another filesystem than the one that goes here */
	REASON_UNKNOWN,       /* nothing rominit knows */
};

struct overlay_plan {
	enum plan_step step;
	enum plan_reason reason;    /* PLAN_REFUSE: why */
	const struct datafs *fs;    /* what is mounted (NULL: PLAN_LEAVE, or none serves it) */
	uint32_t erase_from;        /* before mounting: erase from this marker to the end (0: no) */
	int keep_backup;            /* PLAN_FORMAT over a settings backup: copy it out first,
				     * into the new overlay as sysupgrade.tgz after */
};

struct overlay_plan overlay_plan(const struct overlay_facts *f);

/* After mounting: what to do with the state. */
struct state_plan {
	int reset_first;   /* a factory reset: make it durable (PENDING, synced) before wiping */
	int wipe;          /* wipe the overlay */
	int mark_pending;  /* a new overlay: PENDING until initialised */
	int mark_ready;    /* then READY (by /init, CONFIG_DATA_READY_BY_INIT) */
};

/* fresh: the filesystem was made new by this boot (formatted, created, or
 * erased flash without a state). */
struct state_plan overlay_state_plan(int fresh, enum fs_state state, int factory_reset,
				     int ready_by_init);

#endif
