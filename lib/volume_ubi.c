/* SPDX-License-Identifier: MIT */
/* The UBI volume driver: ubi:NAME and ubiN:NAME. A mainline kernel attaches
 * UBI only when told (ubi.mtd=); OpenWrt's attaches the MTD named "ubi" by
 * a patch. So when the volume's device is not there, /init attaches the
 * board's UBI partition itself (/dev/ubi_ctrl), after checking that it holds
 * UBI or erased flash and nothing else, and says which way it went. */
#include "volume.h"

#include "fmt.h"
#include "log.h"
#include "mtd.h"

#include <errno.h>
#include <string.h>

/* Log once per boot how the UBI device came to be. */
static int reported;

/* UBI itself erases blocks whose headers it cannot read (attach.c puts
 * them on its erase list) and formats a partition it finds empty. So it is
 * not given a partition with no UBI block and some data, nor one where a
 * block starts with another filesystem (the tail of a partition that was
 * only partly made UBI). Other non-UBI blocks beside UBI ones are the
 * debris of an interrupted erase (on NOR, UBI zeroes the headers first),
 * UBI's to handle. */
static int refuse_foreign(int mtd, const char *name, const struct flash_ubi_check *c, char *why,
			  size_t why_size)
{
	if (c->filesystems)
		fmt_snprintf(why, why_size, "mtd%d \"%s\" holds %s at 0x%x (%u of %u blocks start "
			     "with a filesystem): not attaching it as UBI, left untouched", mtd, name,
			     fs_kind_name(c->filesystem_kind), c->filesystem_at, c->filesystems,
			     c->blocks);
	else
		fmt_snprintf(why, why_size, "mtd%d \"%s\" holds no UBI (%s at 0x%x, %u of %u blocks "
			     "neither UBI nor erased): not attaching it, left untouched", mtd, name,
			     fs_kind_name(c->foreign_kind), c->foreign_at, c->foreign, c->blocks);
	return -1;
}

/* Attach the board's UBI partition unless a UBI device already sits on it.
 * 1 attached (now or before), 0 when the partition is not there (yet), -1
 * with why[] when attaching failed or was refused. */
static int ensure_attached(const struct volume_env *env, int want, char *why, size_t why_size)
{
	const char *name = env->ubi_partition;
	struct flash_ubi_check c;
	int mtd, dev;

	if (!name || !name[0]) {
		if (want >= 0 ? ubi_device_exists(want) == 1 : ubi_lowest_device() >= 0)
			return 1; /* the kernel's (ubi.mtd=): nothing for us to attach */
		fmt_snprintf(why, why_size, "no UBI device, and the board names no UBI partition to "
			     "attach (CONFIG_UBI_PARTITION)");
		return 0;
	}
	mtd = mtd_find(name);
	if (mtd < 0) {
		fmt_snprintf(why, why_size, mtd == -2 ? "cannot read /proc/mtd" :
			     "no MTD partition named \"%s\" to attach UBI from", name);
		return mtd == -2 ? -1 : 0;
	}
	dev = ubi_device_of_mtd(mtd);
	if (dev >= 0) {
		if (!reported++)
			log_info("ubi: mtd%d \"%s\" is ubi%d, attached by the kernel", mtd, name, dev);
		return 1;
	}
	if (flash_check_ubi(mtd, &c, why, why_size) != 0)
		return -1;
	if ((c.ubi == 0 && c.foreign) || c.filesystems)
		return refuse_foreign(mtd, name, &c, why, why_size);
	dev = ubi_attach(mtd, want);
	if (dev < 0) {
		fmt_snprintf(why, why_size, "cannot attach mtd%d \"%s\" as UBI: %s (the kernel log "
			     "says why)", mtd, name, strerror(errno));
		return -1;
	}
	reported++;
	log_info("ubi: attached mtd%d \"%s\" as ubi%d (%u blocks: %u UBI, %u erased, %u bad, %u "
		 "other)%s", mtd, name, dev, c.blocks, c.ubi, c.erased, c.bad, c.foreign,
		 c.ubi ? "" : ": empty flash, UBI formats it");
	return 1;
}

static void describe(struct volume *v, const char *name)
{
	fmt_snprintf(v->node, sizeof(v->node), "/dev/ubi%d_%d", v->ubi.dev, v->ubi.vol);
	fmt_snprintf(v->label, sizeof(v->label), "ubi%d_%d \"%s\"", v->ubi.dev, v->ubi.vol, name);
	fmt_snprintf(v->source, sizeof(v->source), "ubi%d:%s", v->ubi.dev, name);
}

static int lookup(const struct vol_spec *spec, struct volume *v, char *why, size_t why_size)
{
	int rc = ubi_find_volume(spec->ubi_num, spec->name, &v->ubi);

	if (rc == 1)
		describe(v, spec->name);
	else if (rc == 0 && spec->ubi_num >= 0)
		fmt_snprintf(why, why_size, "no UBI volume named \"%s\" on ubi%d", spec->name,
			     spec->ubi_num);
	else if (rc == 0)
		fmt_snprintf(why, why_size, "no UBI volume named \"%s\"", spec->name);
	else
		fmt_snprintf(why, why_size, "cannot read /sys/class/ubi: %s", strerror(errno));
	return rc;
}

static int ubi_find_spec(const struct vol_spec *spec, const struct volume_env *env,
			 struct volume *v, char *why, size_t why_size)
{
	int rc;

	if (spec->ubi_num >= 0 && ubi_device_exists(spec->ubi_num) == 1)
		return lookup(spec, v, why, why_size);
	if (spec->ubi_num < 0) {
		rc = lookup(spec, v, why, why_size);
		if (rc != 0)
			return rc;
	}
	rc = ensure_attached(env, spec->ubi_num, why, why_size);
	if (rc != 1)
		return rc;
	return lookup(spec, v, why, why_size);
}

/* ubifs creates itself at its first mount on an empty volume: superblock
 * (LEB 0) first, then its root inode and index, then the two master nodes
 * (LEBs 1 and 2), then the log. A power cut before the first master node
 * leaves a superblock that never mounts, and no file was ever written to
 * it: that volume is marked for erasing. A ubifs that ever mounted always
 * keeps a master node in LEB 1 or 2 (they are rewritten atomically). */
static int ubifs_unfinished(const struct volume *v)
{
	unsigned char word[4];
	int empty = 0;

	if (v->ubi.leb_size == 0 || v->ubi.size < 3ULL * v->ubi.leb_size)
		return 0;
	for (uint64_t leb = 1; leb <= 2; leb++)
		if (ubi_read(&v->ubi, leb * v->ubi.leb_size, word, sizeof(word)) == 0 &&
		    fs_identify(word, sizeof(word)) == FS_ERASED)
			empty++;
	if (empty == 2)
		log_warn("ubi: %s: ubifs was never finished (a superblock, no master node: a power "
			 "cut while it created itself): to be emptied", v->node);
	return empty == 2;
}

static int ubi_survey(const struct volume *v, struct flash_survey *s, char *why, size_t why_size)
{
	static unsigned char head[FS_IDENT_BYTES];
	size_t len = v->ubi.size < sizeof(head) ? (size_t)v->ubi.size : sizeof(head);

	memset(s, 0, sizeof(*s));
	s->writeable = v->ubi.dynamic;
	s->erasesize = v->ubi.leb_size;
	s->size = v->ubi.size > UINT32_MAX ? UINT32_MAX : (uint32_t)v->ubi.size;
	s->order = JFFS2_ORDER_NONE;
	if (len == 0) {
		s->kind = FS_ERASED; /* nothing reserved: nothing written */
		return 0;
	}
	if (v->ubi.upd_marker) {
		/* An update (our own emptying, cut by a power loss) never finished:
		 * UBI refuses every read until one does. It is marked for erasing. */
		log_warn("ubi: %s: an interrupted update (update marker set): to be emptied", v->node);
		s->kind = FS_DEADC0DE;
		return 0;
	}
	if (ubi_read(&v->ubi, 0, head, len) != 0) {
		fmt_snprintf(why, why_size, "cannot read %s: %s", v->node, strerror(errno));
		return -1;
	}
	s->kind = fs_identify(head, len); /* unmapped LEBs read as 0xff: "erased" */
	if (s->kind == FS_UBIFS && ubifs_unfinished(v))
		s->kind = FS_DEADC0DE;
	return 0;
}

static int ubi_blank(const struct volume *v, uint32_t from, const struct flash_format_opts *opts,
		     struct flash_format_result *res, char *why, size_t why_size)
{
	(void)opts; /* erase sizes, locks and verification are UBI's business */
	memset(res, 0, sizeof(*res));
	if (from != 0) {
		fmt_snprintf(why, why_size, "%s: a UBI volume is emptied whole", v->node);
		return -1;
	}
	if (ubi_truncate_volume(&v->ubi) != 0) {
		fmt_snprintf(why, why_size, "cannot empty %s (UBI_IOCVOLUP 0): %s", v->node,
			     strerror(errno));
		return -1;
	}
	res->erasesize = v->ubi.leb_size;
	res->blocks = v->ubi.leb_size ? (unsigned)(v->ubi.size / v->ubi.leb_size) : 0;
	res->erased = res->blocks; /* unmapped: UBI erases them in the background */
	return 0;
}

static int ubi_block(const struct volume *v, char *dev, size_t dev_size, char *why, size_t why_size)
{
	if (ubi_block_device(&v->ubi, dev, dev_size) == 0)
		return 0;
	int missing = errno == ENOSYS || errno == ENOTTY; /* the stub, or an old kernel */

	fmt_snprintf(why, why_size, "cannot create the block device of %s (UBI_IOCVOLCRBLK): %s%s",
		     v->node, strerror(errno),
		     missing ? " (the kernel has no CONFIG_MTD_UBI_BLOCK)" : "");
	return -1;
}

/* The device a missing volume goes on: the one asked for, the one on the
 * board's UBI partition, or (none named) the kernel's lowest. */
static int device_for(const struct vol_spec *spec, const struct volume_env *env, char *why,
		      size_t why_size)
{
	int mtd, dev;

	if (spec->ubi_num >= 0)
		return spec->ubi_num;
	mtd = env->ubi_partition && env->ubi_partition[0] ? mtd_find(env->ubi_partition) : -1;
	dev = mtd >= 0 ? ubi_device_of_mtd(mtd) : ubi_lowest_device();
	if (dev < 0)
		fmt_snprintf(why, why_size, "no UBI device to create \"%s\" on", spec->name);
	return dev;
}

static int ubi_create(const struct vol_spec *spec, const struct volume_env *env, char *why,
		      size_t why_size)
{
	int dev = device_for(spec, env, why, why_size);
	uint64_t bytes;

	if (dev < 0)
		return -1;
	if (ubi_free_bytes(dev, &bytes) != 0) {
		fmt_snprintf(why, why_size, "cannot read ubi%d's free space: %s", dev, strerror(errno));
		return -1;
	}
	if (bytes == 0) {
		fmt_snprintf(why, why_size, "no free space on ubi%d for a volume \"%s\"", dev, spec->name);
		return -1;
	}
	if (ubi_create_volume(dev, spec->name, bytes) != 0) {
		fmt_snprintf(why, why_size, "cannot create volume \"%s\" on ubi%d: %s", spec->name, dev,
			     strerror(errno));
		return -1;
	}
	log_info("ubi: created volume \"%s\" on ubi%d from the free space: %lu KiB", spec->name, dev,
		 (unsigned long)(bytes / 1024));
	return 0;
}

/* Finding a UBI volume may attach UBI, which writes to the flash. */
static int ubi_locate(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		      char *why, size_t why_size)
{
	(void)spec, (void)env, (void)v;
	fmt_snprintf(why, why_size, "a UBI volume is not looked for (that would attach UBI)");
	return 0;
}

const struct volume_driver volume_ubi_driver = {
	VOL_UBI, ubi_find_spec, ubi_survey, ubi_blank, ubi_block, ubi_create, ubi_locate,
};
