#include "overlay_plan.h"

#include <stddef.h>

static const struct datafs datafs_table[] = {
	/* jffs2 reserves a few erase blocks for garbage collection: with less
	 * than 256 KiB free it is full for any practical write. */
	{ "jffs2", VOL_MTD, FS_JFFS2, 1, 1, 0, 256UL * 1024 },
	/* ubifs formats an empty (all LEBs unmapped) volume at its first mount
	 * and refuses one that is not wholly empty; it too keeps LEBs back. It
	 * writes its LPT before its superblock: a power cut between leaves LEB 0
	 * unmapped and the volume not empty, never to mount. */
	{ "ubifs", VOL_UBI, FS_UBIFS, 1, 0, 1, 256UL * 1024 },
};

const struct datafs *datafs_for(enum vol_kind on)
{
	for (size_t i = 0; i < sizeof(datafs_table) / sizeof(datafs_table[0]); i++)
		if (datafs_table[i].on == on)
			return &datafs_table[i];
	return NULL;
}

static struct overlay_plan refuse(struct overlay_plan p, enum plan_reason why)
{
	p.step = PLAN_REFUSE;
	p.reason = why;
	p.erase_from = 0;
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
		p.step = PLAN_MOUNT_ERASED;
		break;
	case FS_JFFS2:
	case FS_UBIFS:
	case FS_EXT4:
	case FS_F2FS:
	case FS_SQUASHFS:
		if (f->kind != p.fs->magic)
			return refuse(p, REASON_OTHER_FS);
		if (f->foreign_order)
			return refuse(p, REASON_FOREIGN_ORDER);
		if (f->crosses)
			return refuse(p, REASON_CROSSES);
		p.step = PLAN_MOUNT;
		break;
	case FS_UNKNOWN:
	default:
		return refuse(p, REASON_UNKNOWN);
	}
	/* What would be mounted: an upgrade's marker further in ends it. */
	p.erase_from = f->marker_at;
	return p;
}

struct overlay_plan overlay_plan(const struct overlay_facts *f)
{
	struct overlay_plan p = { PLAN_LEAVE, REASON_NONE, NULL, 0 };

	if (f->failsafe)
		return p;
	p.fs = datafs_for(f->on);
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
