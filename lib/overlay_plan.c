/* SPDX-License-Identifier: MIT */
#include "overlay_plan.h"

#include <stddef.h>

enum vol_medium vol_medium(enum vol_kind kind)
{
	switch (kind) {
	case VOL_MTD:
		return MEDIUM_MTD;
	case VOL_UBI:
		return MEDIUM_UBI;
	case VOL_DEV:
	case VOL_PARTLABEL:
	case VOL_PARTUUID:
	case VOL_ROOTDISK:
		break;
	}
	return MEDIUM_BLOCK;
}

static const struct datafs datafs_table[] = {
	/* jffs2 reserves a few erase blocks for garbage collection: with less
	 * than 256 KiB free it is full for any practical write. */
	{ "jffs2", MEDIUM_MTD, FS_JFFS2, 1, 1, 0, 0, 0, 256UL * 1024 },
	/* ubifs formats an empty (all LEBs unmapped) volume at its first mount
	 * and refuses one that is not wholly empty; it too keeps LEBs back. It
	 * writes its LPT before its superblock: a power cut between leaves LEB 0
	 * unmapped and the volume not empty, never to mount. */
	{ "ubifs", MEDIUM_UBI, FS_UBIFS, 1, 0, 1, 0, 0, 256UL * 1024 },
	/* On a block device nothing mounts as empty: the real root's mkfs
	 * makes the filesystem, its fsck checks it (lib/fstools.c). */
	{ "ext4", MEDIUM_BLOCK, FS_EXT4, 0, 0, 0, 1, 1, 1024UL * 1024 },
	{ "f2fs", MEDIUM_BLOCK, FS_F2FS, 0, 0, 0, 1, 1, 1024UL * 1024 },
};

#define DATAFS_ROWS (sizeof(datafs_table) / sizeof(datafs_table[0]))

const struct datafs *datafs_of(enum vol_kind on, enum fs_kind kind)
{
	enum vol_medium medium = vol_medium(on);

	for (size_t i = 0; i < DATAFS_ROWS; i++)
		if (datafs_table[i].on == medium && (datafs_table[i].magic == kind || kind == FS_UNKNOWN))
			return &datafs_table[i];
	return NULL;
}

const struct datafs *datafs_for(enum vol_kind on, enum fs_kind block_fs)
{
	if (vol_medium(on) != MEDIUM_BLOCK)
		return datafs_of(on, FS_UNKNOWN);
	return block_fs == FS_UNKNOWN ? NULL : datafs_of(on, block_fs); /* no block support */
}

static struct overlay_plan refuse(struct overlay_plan p, enum plan_reason why)
{
	p.step = PLAN_REFUSE;
	p.reason = why;
	p.erase_from = 0;
	p.keep_backup = 0;
	return p;
}

/* What the volume holds, for a volume that is there and writable. */
static struct overlay_plan by_content(const struct overlay_facts *f, struct overlay_plan p)
{
	switch (f->kind) {
	case FS_DEADC0DE:
		p.step = PLAN_FORMAT;
		return p;
	case FS_ZEROED:
		/* On UBI nothing but our own volume's LEB 0 is judged: format. */
		p.step = p.fs->format_if_unmountable ? PLAN_FORMAT_SAFE : PLAN_FORMAT;
		return p;
	case FS_ERASED:
		if (!p.fs->erased_is_empty) {
			p.step = PLAN_FORMAT;
			return p;
		}
		p.step = PLAN_MOUNT_ERASED;
		break;
	case FS_JFFS2:
	case FS_UBIFS:
	case FS_EXT4:
	case FS_F2FS:
	case FS_SQUASHFS:
		/* What is there is mounted as what it is (an ext4 where the
		 * board makes f2fs: still the user's ext4). */
		if (!datafs_of(f->on, f->kind))
			return refuse(p, REASON_OTHER_FS);
		p.fs = datafs_of(f->on, f->kind);
		if (f->foreign_order)
			return refuse(p, REASON_FOREIGN_ORDER);
		if (f->crosses)
			return refuse(p, REASON_CROSSES);
		p.step = PLAN_MOUNT;
		break;
	case FS_BACKUP:
		/* An upgrade's settings where the overlay goes: the region is
		 * the overlay's, so format it, but the backup goes along. */
		if (p.fs->formats_unknown) {
			p.step = PLAN_FORMAT;
			p.keep_backup = 1;
			return p;
		}
		return refuse(p, REASON_UNKNOWN);
	case FS_UNKNOWN:
	default:
		if (p.fs->formats_unknown) {
			p.step = PLAN_FORMAT;
			return p;
		}
		return refuse(p, REASON_UNKNOWN);
	}
	/* What would be mounted: an upgrade's marker further in ends it. */
	p.erase_from = f->marker_at;
	return p;
}

struct overlay_plan overlay_plan(const struct overlay_facts *f)
{
	struct overlay_plan p = { PLAN_LEAVE, REASON_NONE, NULL, 0, 0 };

	if (f->failsafe)
		return p;
	p.fs = datafs_for(f->on, f->block_fs);
	if (!p.fs)
		return refuse(p, REASON_NO_DATAFS);
	if (!f->present) {
		if (!f->may_create || f->on != VOL_UBI) /* MTD partitions are the kernel's */
			return refuse(p, REASON_MISSING);
		p.step = PLAN_CREATE;
		return p;
	}
	if (!f->writeable)
		return refuse(p, REASON_READ_ONLY);
	return by_content(f, p);
}

struct state_plan overlay_state_plan(int fresh, enum fs_state state, int factory_reset,
				     int ready_by_init)
{
	struct state_plan s = { 0, 0, 0, 0 };
	int pending = state == FS_STATE_PENDING;

	s.reset_first = factory_reset && !pending;
	s.wipe = pending || factory_reset;
	if (s.wipe)
		fresh = 1;
	/* A wipe leaves PENDING in place (at boot, or written by reset_first). */
	s.mark_pending = fresh && !s.wipe;
	s.mark_ready = ready_by_init && (fresh || state != FS_STATE_READY);
	return s;
}
