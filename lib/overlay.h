/* SPDX-License-Identifier: MIT */
/* The writable layer: the data volume (jffs2 on an MTD partition, ubifs on
 * a UBI volume) after identifying and, where needed, formatting or wiping
 * it; or a fallback that says why. Then the overlayfs that joins it with the
 * read-only root. The decision itself is overlay_plan.c's. */
#ifndef ROMINIT_OVERLAY_H
#define ROMINIT_OVERLAY_H

#include "flash.h"
#include "fsident.h"
#include "fsstate.h"
#include "overlay_plan.h"
#include "volume.h"

#include <stddef.h>

enum overlay_kind {
	OVERLAY_NONE,  /* read-only root: no writable layer at all */
	OVERLAY_DATA,  /* the data volume: ov->fs says which filesystem */
	OVERLAY_TMPFS, /* RAM: lost at reboot */
};

enum overlay_action {
	ACTION_FAILSAFE,  /* rootfs_data not touched (failsafe asked for) */
	ACTION_MOUNTED,   /* mounted as it was */
	ACTION_FORMATTED, /* erased, then mounted as a new overlay */
	ACTION_CREATED,   /* the volume was missing: created, mounted as a new overlay */
	ACTION_WIPED,     /* mounted and wiped (pending state, factory reset) */
	ACTION_FALLBACK,  /* not usable: the fallback, with ov->reason */
};

struct overlay_config {
	const char *volume;     /* the data volume's spec: mtd:rootfs_data, ubi:rootfs_data */
	const char *volume_fallback; /* block: tried when volume is not there ("rootdisk"), or "" */
	const struct volume_env *env;
	int create_missing;     /* a missing UBI volume is created from the free space */
	const char *jffs2_options;
	const char *ubifs_options;
	enum fs_kind block_fs;  /* a new overlay on a block device: FS_EXT4 or FS_F2FS */
	int block_fs_auto;      /* ...or by the volume's size: f2fs above 100 MiB (OpenWrt) */
	unsigned long long backup_max; /* a settings backup kept: at most this many bytes */
	const struct overlay_block *block; /* &overlay_block_ops, or NULL: no block support */
	const char *block_options; /* its mount options */
	const char *tool_root;  /* where mkfs runs from: the read-only root, /rom */
	int tool_timeout_s;     /* the bound on each mkfs */
	int (*mkfs)(const struct datafs *, const struct volume *, enum fs_kind, const char *root,
		    int timeout_s, char *why, size_t why_size); /* mkfs_run, or NULL */
	int reformat_unrepairable; /* the board prefers a new overlay to none: errors fsck
				    * leaves are formatted away (the data is lost) */
	const char *tmpfs_size; /* size= of the tmpfs fallback */
	int fallback_readonly;  /* read-only root instead of a tmpfs fallback */
	int ready_by_init;      /* mark a fresh overlay ready (else the real system does) */
	const char *keep;       /* entry kept by a wipe ("sysupgrade.tgz"), or NULL */
	int factory_reset;      /* wipe requested for this boot */
	int failsafe;           /* never touch rootfs_data */
	int data_wait_ms;       /* wait this long for the volume to appear */
	struct flash_format_opts format;
};

struct overlay_config;

/* The block-only steps (lib/overlay_block.c), linked with CONFIG_BLOCK. */
struct overlay_block {
	/* Check fs on v before it is mounted (the root's fsck): 0 mount it, 1
	 * format it (errors left and cfg->reformat_unrepairable), -1 with why[]. */
	int (*check)(const struct overlay_config *cfg, const struct datafs *fs,
		     const struct volume *v, char *why, size_t why_size);
	/* Find cfg->volume_fallback into *spec and *v: 1, 0 missing, -1 with why[]. */
	int (*find_fallback)(const struct overlay_config *cfg, struct vol_spec *spec,
			     struct volume *v, char *why, size_t why_size);
	/* The filesystem a new overlay of this many bytes gets. */
	enum fs_kind (*new_fs)(const struct overlay_config *cfg, const char *label,
			       unsigned long long bytes);
	/* Copy the settings backup at the start of v to RAM. 0 or -1 with why[]. */
	int (*keep_backup)(const struct overlay_config *cfg, const struct volume *v, char *why,
			   size_t why_size);
	/* Put a kept backup into the overlay on mnt as sysupgrade.tgz. */
	void (*restore_backup)(const char *mnt);
	/* Forget a kept backup (the boot ends without an overlay to put it in). */
	void (*drop_backup)(void);
};

extern const struct overlay_block overlay_block_ops;

struct overlay {
	enum overlay_kind kind;
	const struct datafs *fs; /* OVERLAY_DATA: the filesystem mounted */
	enum fs_kind found;      /* what it held */
	enum fs_state state;     /* .fs_state found at mount */
	struct volume vol;       /* the data volume (vol.node is "" when not found) */
	enum overlay_action action;
	char reason[200];        /* why a fallback was taken, "" otherwise */
	struct flash_format_result format; /* what formatting (or retiring from a
					    * marker) did to flash, this boot */
	long format_ms;
};

/* The status file's overlay value: "jffs2", "ubifs", "tmpfs", "none". */
const char *overlay_name(const struct overlay *ov);
/* The status file's overlay_action value: "mounted", "formatted", ... */
const char *overlay_action_name(enum overlay_action action);

/* Make data_mnt the writable layer (upper/ and work/ inside) and mount the
 * overlayfs of lower and it on newroot; on any failure fall back (tmpfs, or
 * a read-only root) with ov->reason set and logged. Returns 0, or -1 with
 * why[] only when even the fallback failed. */
int overlay_setup(const struct overlay_config *cfg, const char *lower, const char *data_mnt,
		  const char *newroot, struct overlay *ov, char *why, size_t why_size);

#endif
