/* SPDX-License-Identifier: MIT */
/* Carrying out the overlay plan (overlay_plan.c decides, docs/overlay.md
 * tabulates it): find the data volume, survey it, erase an upgrade's tail
 * or format where the plan says, mount its filesystem, then the write probe
 * (write-protected NOR mounts "fine" and fails later) and the state. Any
 * failure is a fallback (tmpfs, or a read-only root) whose reason is logged
 * as an error and kept for the status file. */
#include "overlay.h"

#include "flash_retire.h"
#include "fmt.h"
#include "fsutil.h"
#include "log.h"
#include "wait.h"
#include "wipe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROBE ".rominit-probe"

const char *overlay_name(const struct overlay *ov)
{
	switch (ov->kind) {
	case OVERLAY_DATA: return ov->fs ? ov->fs->type : "unknown";
	case OVERLAY_TMPFS: return "tmpfs";
	case OVERLAY_NONE: return "none";
	}
	return "unknown";
}

const char *overlay_action_name(enum overlay_action action)
{
	switch (action) {
	case ACTION_FAILSAFE: return "failsafe";
	case ACTION_MOUNTED: return "mounted";
	case ACTION_FORMATTED: return "formatted";
	case ACTION_CREATED: return "created";
	case ACTION_WIPED: return "wiped";
	case ACTION_FALLBACK: return "fallback";
	}
	return "unknown";
}

static int prepare_layers(const char *mnt, char *why, size_t why_size)
{
	static const char *const sub[] = { "upper", "work" };
	char path[256];

	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		fmt_snprintf(path, sizeof(path), "%s/%s", mnt, sub[i]);
		if (ensure_dir(path, 0755) != 0) {
			fmt_snprintf(why, why_size, "cannot create %s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static const char *mount_options(const struct overlay_config *cfg, const struct datafs *fs)
{
	/* The block options are for the board's filesystem, not for the other
	 * one found there (f2fs options fail an ext4's mount). */
	const char *opts = fs->on == MEDIUM_UBI ? cfg->ubifs_options
			   : fs->on == MEDIUM_MTD ? cfg->jffs2_options
			   : fs->magic == cfg->block_fs ? cfg->block_options : NULL;

	return opts && opts[0] ? opts : NULL;
}

/* Mount the data volume's filesystem. 0, or -1 with why[] and errno from
 * mount(2). jffs2 takes the MTD by name (mtd:NAME), ubifs the volume
 * (ubiN:NAME): no block device needed. */
static int mount_datafs(const struct overlay_config *cfg, const struct overlay *ov,
			const char *mnt, char *why, size_t why_size)
{
	const char *type = ov->fs->type;
	int err;

	if (mount(ov->vol.source, mnt, type, MS_NOATIME, mount_options(cfg, ov->fs)) == 0)
		return 0;
	err = errno;
	if (err == ENODEV)
		fmt_snprintf(why, why_size, "the kernel has no %s support: mount %s as %s: %s", type,
			     ov->vol.source, type, strerror(err));
	else
		fmt_snprintf(why, why_size, "mount %s as %s: %s", ov->vol.source, type, strerror(err));
	errno = err; /* the caller decides by it */
	return -1;
}

static int nearly_full(const char *mnt, unsigned long full_bytes)
{
	struct statfs sv; /* not statvfs: musl's converts statfs's answer (240 bytes) */

	return statfs(mnt, &sv) == 0 && (unsigned long long)sv.f_bavail * sv.f_bsize < full_bytes;
}

/* Open the probe file, created if absent. Anything else of that name (a
 * link, a directory someone made) is removed first: never followed. */
static int open_probe(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0 && (errno == ELOOP || errno == EISDIR) && (unlink(path) == 0 || rmdir(path) == 0)) {
		log_warn("overlay: %s was not a plain file: removed", path);
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	}
	return fd;
}

/* Rewrite a counter in a small file, sync, read it back: a write-protected
 * chip (spi-nor WP, a locked MTD) otherwise fails only at the first real
 * write. The file stays in rootfs_data (outside upper/, so the real root's /
 * never shows it): a boot costs jffs2 one data node, where creating and
 * deleting a file cost four (13-23 ms of CFI NOR under TCG). The counter
 * changes every boot, so a stale file cannot pass for a fresh write.
 * A full filesystem is writable flash (the user can delete files), but jffs2
 * also says ENOSPC on flash it cannot write: free space tells them apart. */
static int probe_writable(const char *mnt, unsigned long full_bytes, char *why, size_t why_size)
{
	char path[256];
	const char *step = "open";
	uint32_t was = 0, now, back = 0;
	int fd, ok = 0, err;

	fmt_snprintf(path, sizeof(path), "%s/" PROBE, mnt);
	fd = open_probe(path);
	err = errno;
	if (fd >= 0) {
		if (pread(fd, &was, sizeof(was), 0) != (ssize_t)sizeof(was))
			was = 0; /* new, or cut short by a power cut */
		now = was + 1;
		step = "write";
		ok = pwrite(fd, &now, sizeof(now), 0) == (ssize_t)sizeof(now) && fsync(fd) == 0 &&
		     pread(fd, &back, sizeof(back), 0) == (ssize_t)sizeof(back) && back == now;
		err = errno;
		close(fd);
	}
	if (ok)
		return 0;
	if (err == ENOSPC && nearly_full(mnt, full_bytes)) {
		log_error("overlay: %s is full (write probe: %s); mounting it anyway so files can "
			  "be deleted", mnt, strerror(err));
		return 0;
	}
	fmt_snprintf(why, why_size, "flash not writable: %s %s: %s", step, path, strerror(err));
	return -1;
}

/* The volume's short name for messages: mtd2, ubi0_1. */
static const char *short_name(const struct overlay *ov)
{
	return ov->vol.node + 5; /* past "/dev/" */
}

/* What this boot's formatting did, for the status (docs/status.md): erases
 * issued, nodes obsoleted and left unlinked, added up over a boot that
 * both retires from a marker and formats. */
static void count_format(struct overlay *ov, const struct flash_format_result *res, long ms)
{
	struct flash_format_result *f = &ov->format;

	f->blocks += res->blocks;
	f->erased += res->erased;
	f->skipped += res->skipped;
	f->nodes += res->nodes;
	f->unlinked += res->unlinked;
	f->summaries += res->summaries;
	f->erasesize = res->erasesize;
	f->retired |= res->retired;
	ov->format_ms += ms;
}

/* Blank the data volume from <from> to its end; the result and the time
 * taken for the caller's log line. */
static int erase_data(const struct overlay_config *cfg, struct overlay *ov, uint32_t from,
		      int erase, struct flash_format_result *res, long *ms, char *why,
		      size_t why_size)
{
	struct flash_format_opts opts = cfg->format;
	long start = log_elapsed_ms();
	int rc;

	opts.erase = erase;
	memset(res, 0, sizeof(*res)); /* a volume_blank that fails early fills none */
	rc = volume_blank(&ov->vol, from, &opts, res, why, why_size);

	*ms = log_elapsed_ms() - start;
	count_format(ov, res, *ms);
	return rc;
}

/* What a retire did (lib/flash_retire.h): the erases it issued, and the
 * blocks it left for jffs2 to erase, once each, in the background. */
static void log_retired(const struct overlay *ov, const char *done, long ms,
			const struct flash_format_result *res)
{
	log_info("overlay: %s %s in %ld ms: %u blocks of %u bytes, %u nodes obsoleted, %u file "
		 "nodes left unlinked%s, %u summaries cleared, %u erased%s, %u left for jffs2 to "
		 "erase in the background",
		 short_name(ov), done, ms, res->blocks, res->erasesize, res->nodes, res->unlinked,
		 res->every_node ? " (none: the kept jffs2 uses too many inode numbers to list)" : "",
		 res->summaries, res->erased, res->resumed ? " (block 0 was already: resumed)" : "",
		 res->skipped);
}

/* A block device's filesystem is made by the real root's mkfs (lib/fstools.c,
 * linked only into an /init with CONFIG_BLOCK). */
static int run_mkfs(const struct overlay_config *cfg, struct overlay *ov, char *why,
		    size_t why_size)
{
	if (!cfg->mkfs) {
		fmt_snprintf(why, why_size, "no mkfs runner"); /* datafs_for gave no block row */
		return -1;
	}
	if (cfg->mkfs(ov->fs, &ov->vol, ov->found, cfg->tool_root, cfg->tool_timeout_s, why,
		      why_size) != 0)
		return -1;
	ov->action = ACTION_FORMATTED;
	return 0;
}

/* Does formatting this MTD erase every block: the board asks for it
 * (CONFIG_FLASH_FORMAT_ERASE), or the flash cannot clear bits in place
 * (NAND, DataFlash, NOR with ECC), which a retire needs. */
static int format_erases(const struct overlay_config *cfg, const struct overlay *ov)
{
	char why[160];

	if (cfg->format.erase)
		return 1;
	if (flash_can_retire(ov->vol.mtd, why, sizeof(why)) == 1)
		return 0;
	log_info("overlay: %s cannot be retired in place (%s): erasing instead", short_name(ov),
		 why);
	return 1;
}

static int format_data(const struct overlay_config *cfg, struct overlay *ov, char *why,
		       size_t why_size)
{
	struct flash_format_result res;
	long ms;

	if (ov->fs->root_tools)
		return run_mkfs(cfg, ov, why, why_size);
	if (ov->vol.kind == VOL_UBI) {
		log_info("overlay: formatting %s (%s): emptying the volume", short_name(ov),
			 fs_kind_name(ov->found));
		if (erase_data(cfg, ov, 0, 1, &res, &ms, why, why_size) != 0)
			return -1;
		log_info("overlay: %s emptied in %ld ms: %u LEBs of %u bytes unmapped", short_name(ov),
			 ms, res.blocks, res.erasesize);
	} else if (format_erases(cfg, ov)) {
		log_info("overlay: formatting %s (%s): erasing blocks, last first", short_name(ov),
			 fs_kind_name(ov->found));
		if (erase_data(cfg, ov, 0, 1, &res, &ms, why, why_size) != 0)
			return -1;
		log_info("overlay: %s formatted in %ld ms: %u blocks of %u bytes, %u erased%s, %u "
			 "already erased", short_name(ov), ms, res.blocks, res.erasesize, res.erased,
			 cfg->format.verify ? " and verified" : "", res.skipped);
	} else {
		log_info("overlay: formatting %s (%s): retiring what is there in place, block 0 "
			 "last", short_name(ov), fs_kind_name(ov->found));
		if (erase_data(cfg, ov, 0, 0, &res, &ms, why, why_size) != 0)
			return -1;
		log_retired(ov, "formatted", ms, &res);
	}
	ov->action = ACTION_FORMATTED;
	return 0;
}

/* OpenWrt's sysupgrade keeps settings by writing a small jffs2 and the
 * 0xdeadc0de marker after it: the marker ends the filesystem, what follows
 * is the old firmware's. OpenWrt's patched jffs2 stops its scan there;
 * mainline's reads on and brings the old files back. So retire (or erase)
 * from the marker to the end (marker last: a power cut leaves it for the
 * next boot to find) before the kernel sees the partition. */
static int erase_after_marker(const struct overlay_config *cfg, struct overlay *ov,
			      uint32_t marker_at, char *why, size_t why_size)
{
	struct flash_format_result res;
	long ms;

	if (!format_erases(cfg, ov)) {
		log_info("overlay: %s: 0xdeadc0de marker at 0x%x ends the filesystem: retiring "
			 "from there to the end in place, the marker last", short_name(ov), marker_at);
		if (erase_data(cfg, ov, marker_at, 0, &res, &ms, why, why_size) != 0)
			return -1;
		log_retired(ov, "retired from the marker", ms, &res);
		return 0;
	}
	log_info("overlay: %s: 0xdeadc0de marker at 0x%x ends the filesystem: erasing from "
		 "there to the end, last block first", short_name(ov), marker_at);
	if (erase_data(cfg, ov, marker_at, 1, &res, &ms, why, why_size) != 0)
		return -1;
	log_info("overlay: %s erased from 0x%x in %ld ms: %u blocks, %u erased, %u already "
		 "erased", short_name(ov), marker_at, ms, res.blocks, res.erased, res.skipped);
	return 0;
}

/* The reason of a refusal: the volume is left exactly as it is. */
static void refusal(const struct overlay_plan *p, const struct overlay *ov,
		    const struct flash_survey *s, char *why, size_t why_size)
{
	const struct jffs2_fit *fit = &s->fit;
	const char *label = ov->vol.label;

	switch (p->reason) {
	case REASON_READ_ONLY:
		fmt_snprintf(why, why_size, "flash not writable: %s is a read-only %s", label,
			     ov->vol.kind == VOL_UBI ? "UBI volume"
			     : ov->vol.kind == VOL_MTD ? "MTD" : "block device");
		return;
	case REASON_FOREIGN_ORDER:
		fmt_snprintf(why, why_size, "%s holds a %s jffs2, this kernel reads only %s jffs2: "
			     "left untouched", label, jffs2_order_name(s->order),
			     jffs2_order_name(jffs2_native_order()));
		return;
	case REASON_CROSSES:
		if (fit->image_erasesize)
			fmt_snprintf(why, why_size, "%s holds a jffs2 made for %u-byte erase blocks, "
				     "this flash's are %u (node at 0x%x crosses a block boundary): "
				     "left untouched", label, fit->image_erasesize, s->erasesize,
				     fit->node_at);
		else
			fmt_snprintf(why, why_size, "%s holds a jffs2 made for erase blocks larger than "
				     "this flash's %u bytes (node at 0x%x crosses a block boundary): "
				     "left untouched", label, s->erasesize, fit->node_at);
		return;
	case REASON_OTHER_FS:
		fmt_snprintf(why, why_size, "%s holds %s, not %s: left untouched", label,
			     fs_kind_name(ov->found), p->fs->type);
		return;
	case REASON_UNKNOWN:
		fmt_snprintf(why, why_size, "%s holds no filesystem rominit knows: left untouched",
			     label);
		return;
	case REASON_NO_DATAFS: /* use_data_volume refused it before looking */
	case REASON_MISSING:
	case REASON_NONE:
		break;
	}
	fmt_snprintf(why, why_size, "%s: no plan", label); /* not reached: the caller has why[] */
}

/* Formatting destroys what is there, so a volume not explicitly marked for
 * erasing (deadc0de) is formatted only when no erase block holds a live
 * jffs2 node: a jffs2 whose first block happens to be erased, or that the
 * kernel could not mount for another reason, is somebody's data. Obsolete
 * nodes are nobody's: a retire cut between erasing block 0 and writing its
 * cleanmarker leaves only those, and this finishes it. */
static int safe_to_format(const struct overlay *ov, char *why, size_t why_size)
{
	uint32_t at = 0;
	int rc = flash_find_live_jffs2(ov->vol.mtd, &at, why, why_size);

	if (rc == 1)
		fmt_snprintf(why, why_size,
			 "%s starts %s but holds live jffs2 nodes at 0x%x that do not mount: not "
			 "formatting it", short_name(ov), fs_kind_name(ov->found), at);
	return rc == 0;
}

static int format_then_mount(const struct overlay_config *cfg, const char *mnt, struct overlay *ov,
			     char *why, size_t why_size)
{
	if (format_data(cfg, ov, why, why_size) != 0)
		return -1;
	return mount_datafs(cfg, ov, mnt, why, why_size);
}

/* Mount the data volume as the plan says. 0, or -1 with why[]. */
static int mount_by_plan(const struct overlay_config *cfg, const struct overlay_plan *p,
			 const char *mnt, struct overlay *ov, char *why, size_t why_size)
{
	switch (p->step) {
	case PLAN_MOUNT:
		/* A block filesystem is checked first (lib/fstools.c). */
		if (p->fs->root_tools && cfg->block) {
			int rc = cfg->block->check(cfg, p->fs, &ov->vol, why, why_size);

			if (rc < 0)
				return -1;
			if (rc > 0) /* the board's choice: a new overlay over none */
				return format_then_mount(cfg, mnt, ov, why, why_size);
		}
		return mount_datafs(cfg, ov, mnt, why, why_size);
	case PLAN_CREATE:
		return mount_datafs(cfg, ov, mnt, why, why_size);
	case PLAN_MOUNT_ERASED:
		/* jffs2 and ubifs take an erased volume as an empty filesystem.
		 * jffs2 refuses (EIO) when later blocks hold garbage and no node:
		 * only then format. ubifs refuses a volume without a superblock
		 * that is not wholly empty: its creation was cut short. */
		if (mount_datafs(cfg, ov, mnt, why, why_size) == 0)
			return 0;
		if (p->fs->unfinished_if_unmountable && errno != ENODEV) {
			log_warn("overlay: %s has no superblock and does not mount (%s): %s never "
				 "finished creating itself (a power cut): emptying it", short_name(ov),
				 why, p->fs->type);
			return format_then_mount(cfg, mnt, ov, why, why_size);
		}
		if (errno != EIO || !p->fs->format_if_unmountable)
			return -1; /* no support in the kernel, bad options...: formatting won't help */
		log_warn("overlay: erased %s does not mount (%s)", short_name(ov), why);
		/* fall through */
	case PLAN_FORMAT_SAFE:
		if (p->fs->format_if_unmountable && !safe_to_format(ov, why, why_size))
			return -1;
		/* fall through */
	case PLAN_FORMAT:
		/* (A backup is planned on block devices only: cfg->block is set.) */
		if (p->keep_backup && cfg->block &&
		    cfg->block->keep_backup(cfg, &ov->vol, why, why_size) != 0)
			return -1; /* never formatted away */
		return format_then_mount(cfg, mnt, ov, why, why_size);
	case PLAN_LEAVE:
	case PLAN_REFUSE:
		break;
	}
	fmt_snprintf(why, why_size, "%s: nothing to mount", ov->vol.label);
	return -1;
}

/* A factory reset is made durable before its first deletion: PENDING on
 * flash (written and synced), so a power cut in the middle of the wipe
 * leaves an overlay the next boot wipes again rather than mounts half-wiped.
 * A full jffs2 may refuse the new link (ENOSPC) where deleting still works
 * (jffs2 keeps blocks for deletions): then wipe anyway, and say so. */
static int mark_reset_pending(const char *mnt, char *why, size_t why_size)
{
	if (fs_state_write(mnt, FS_STATE_PENDING) == 0) {
		/* jffs2's fsync reaches NOR and NAND, but not a flash that
		 * writes through a page cache (block2mtd): sync() does. */
		sync();
		return 1;
	}
	if (errno == ENOSPC) {
		log_error("overlay: factory reset: cannot mark %s pending (%s): wiping without "
			  "protection against a power cut", mnt, strerror(errno));
		return 0;
	}
	fmt_snprintf(why, why_size, "factory reset: write %s/.fs_state: %s", mnt, strerror(errno));
	return -1;
}

/* Everything but the state link (the wipe's own record that it is not
 * finished) and the entry the board keeps. */
static int wipe_overlay(const struct overlay_config *cfg, const char *mnt, char *why,
			size_t why_size)
{
	const char *const keep[] = { ".fs_state", cfg->keep, NULL };
	const char *cause = cfg->factory_reset ? "factory reset" :
			    "state was pending (interrupted first boot or reset request)";
	long n;

	log_info("overlay: %s: wiping %s", cause, mnt);
	n = wipe_dir(mnt, keep, why, why_size);
	if (n < 0)
		return -1;
	log_info("overlay: %s: wiped %ld entries%s%s", cause, n, cfg->keep ? ", kept " : "",
		 cfg->keep ? cfg->keep : "");
	return 0;
}

static int write_state(const char *mnt, enum fs_state state, char *why, size_t why_size)
{
	if (fs_state_write(mnt, state) == 0)
		return 0;
	fmt_snprintf(why, why_size, "write %s/.fs_state: %s", mnt, strerror(errno));
	return -1;
}

/* The state after mounting, as overlay_state_plan says: a PENDING state
 * (interrupted first boot, or a requested factory reset) or a factory reset
 * for this boot: wipe. Then make the layers and set the state. */
static int settle_state(const struct overlay_config *cfg, const char *mnt, struct overlay *ov,
			char *why, size_t why_size)
{
	struct state_plan sp;
	int unprotected = 0;

	ov->state = fs_state_read(mnt);
	/* Formatted or created now, or an erased volume never initialised: a
	 * new overlay. An existing filesystem without a state link holds
	 * someone's data: not new. */
	sp = overlay_state_plan(ov->action == ACTION_FORMATTED || ov->action == ACTION_CREATED ||
					(ov->found == FS_ERASED && ov->state == FS_STATE_ABSENT),
				ov->state, cfg->factory_reset, cfg->ready_by_init);
	if (sp.reset_first) {
		int marked = mark_reset_pending(mnt, why, why_size);

		if (marked < 0)
			return -1;
		unprotected = !marked;
	}
	if (sp.wipe) {
		if (wipe_overlay(cfg, mnt, why, why_size) != 0)
			return -1;
		ov->action = ACTION_WIPED;
	}
	/* A wipe that could not be protected leaves no PENDING: write it now
	 * that the wipe has made room. */
	if ((sp.mark_pending || unprotected) && write_state(mnt, FS_STATE_PENDING, why, why_size) != 0)
		return -1;
	if (prepare_layers(mnt, why, why_size) != 0)
		return -1;
	if (sp.mark_ready && write_state(mnt, FS_STATE_READY, why, why_size) != 0)
		return -1;
	return 0;
}

/* The data volume, waiting up to data_wait_ms for a slow probe. 1 found,
 * 0 missing (why[] says what), -1 with why[]. */
static int find_volume(const struct overlay_config *cfg, const struct vol_spec *spec,
		       struct overlay *ov, char *why, size_t why_size)
{
	long waited = 0;
	int rc = volume_find_wait(spec, cfg->env, cfg->data_wait_ms, &ov->vol, &waited, why,
				  why_size);

	if (rc == 1 && waited >= WAIT_POLL_MS)
		log_info("overlay: \"%s\" appeared after %ld ms", spec->name, waited);
	if (rc == 0 && cfg->data_wait_ms) {
		size_t len = strlen(why);

		/* the bound: the clock ran past it by a poll */
		fmt_snprintf(why + len, why_size - len, " (waited %d ms)", cfg->data_wait_ms);
	}
	if (rc != 1)
		ov->vol.node[0] = '\0';
	return rc;
}

/* A missing volume the board lets us create. */
static int create_volume(const struct overlay_config *cfg, const struct vol_spec *spec,
			 struct overlay *ov, char *why, size_t why_size)
{
	log_info("overlay: %s is missing: creating it (CONFIG_UBI_CREATE_DATA)", cfg->volume);
	if (volume_create(spec, cfg->env, why, why_size) != 0 ||
	    find_volume(cfg, spec, ov, why, why_size) != 1)
		return -1;
	ov->action = ACTION_CREATED;
	ov->found = FS_ERASED;
	return 0;
}

static void facts_from(const struct flash_survey *s, struct overlay_facts *f)
{
	f->writeable = s->writeable;
	f->kind = s->kind;
	f->foreign_order = s->kind == FS_JFFS2 && s->order != jffs2_native_order();
	f->crosses = s->fit.crosses;
	f->marker_at = s->marker_at;
}

/* Survey the volume found and decide. 0 with *p, or -1 with why[]. */
static int survey_and_plan(const struct overlay_config *cfg, struct overlay *ov,
			   struct overlay_facts *f, struct overlay_plan *p, char *why,
			   size_t why_size)
{
	struct flash_survey s;

	if (volume_survey(&ov->vol, &s, why, why_size) != 0)
		return -1;
	ov->found = s.kind;
	facts_from(&s, f);
	if (cfg->block && vol_medium(f->on) == MEDIUM_BLOCK)
		f->block_fs = cfg->block->new_fs(cfg, ov->vol.label, s.size);
	*p = overlay_plan(f);
	if (p->step == PLAN_REFUSE) {
		if (p->reason != REASON_READ_ONLY)
			log_info("overlay: %s starts with: %s", ov->vol.label, fs_kind_name(ov->found));
		refusal(p, ov, &s, why, why_size);
		return -1;
	}
	log_info("overlay: %s starts with: %s", ov->vol.label, fs_kind_name(ov->found));
	return 0;
}

/* The data volume, or the board's fallback when it is not there (block
 * devices: OpenWrt's order, a partition named rootfs_data, else the space
 * after the squashfs). 1 found, 0 missing, -1 with why[]. */
static int find_data_volume(const struct overlay_config *cfg, struct vol_spec *spec,
			    struct overlay *ov, char *why, size_t why_size)
{
	int rc;

	if (vol_spec_parse(cfg->volume, spec, why, why_size) != 0)
		return -1;
	rc = find_volume(cfg, spec, ov, why, why_size);
	if (rc != 0 || !cfg->block || !cfg->volume_fallback || !cfg->volume_fallback[0])
		return rc;
	return cfg->block->find_fallback(cfg, spec, &ov->vol, why, why_size);
}

static int mount_data_volume(const struct overlay_config *cfg, const char *mnt,
			     struct overlay *ov, char *why, size_t why_size)
{
	struct vol_spec spec;
	struct overlay_facts f = { 0 };
	struct overlay_plan p;
	int rc = find_data_volume(cfg, &spec, ov, why, why_size);

	if (rc < 0)
		return -1;
	if (!datafs_for(spec.kind, cfg->block_fs)) {
		fmt_snprintf(why, why_size, "%s: no overlay filesystem for a %s volume yet", cfg->volume,
			     vol_kind_name(spec.kind));
		return -1;
	}
	f.on = spec.kind;
	f.block_fs = cfg->block_fs;
	f.may_create = cfg->create_missing;
	f.present = rc == 1;
	ov->action = ACTION_MOUNTED;
	if (f.present) {
		if (survey_and_plan(cfg, ov, &f, &p, why, why_size) != 0)
			return -1;
	} else {
		p = overlay_plan(&f);
		if (p.step != PLAN_CREATE || create_volume(cfg, &spec, ov, why, why_size) != 0)
			return -1; /* why[] says what is missing, or why creating it failed */
	}
	ov->fs = p.fs;
	if (p.erase_from && erase_after_marker(cfg, ov, p.erase_from, why, why_size) != 0)
		return -1;
	if (mount_by_plan(cfg, &p, mnt, ov, why, why_size) != 0)
		return -1;
	if (probe_writable(mnt, p.fs->full_bytes, why, why_size) != 0 ||
	    settle_state(cfg, mnt, ov, why, why_size) != 0) {
		if (umount(mnt) != 0)
			log_error("overlay: cannot unmount %s: %s", mnt, strerror(errno));
		return -1;
	}
	if (cfg->block)
		cfg->block->restore_backup(mnt);
	ov->kind = OVERLAY_DATA;
	log_info("overlay: %s from %s on %s (%s, state was %s)", p.fs->type, short_name(ov), mnt,
		 overlay_action_name(ov->action), fs_state_name(ov->state));
	return 0;
}

/* The volume is let go of whatever happened: a mounted loop stays (the
 * mount holds it), an unmounted one clears itself. */
static int use_data_volume(const struct overlay_config *cfg, const char *mnt, struct overlay *ov,
			   char *why, size_t why_size)
{
	int rc = mount_data_volume(cfg, mnt, ov, why, why_size);

	volume_release(&ov->vol);
	return rc;
}

static int mount_tmpfs(const struct overlay_config *cfg, const char *mnt, char *why,
		       size_t why_size)
{
	char opts[64];

	fmt_snprintf(opts, sizeof(opts), "mode=0755,size=%s", cfg->tmpfs_size);
	if (mount("tmpfs", mnt, "tmpfs", MS_NOATIME | MS_NOSUID | MS_NODEV, opts) != 0) {
		fmt_snprintf(why, why_size, "mount tmpfs (%s) on %s: %s", opts, mnt, strerror(errno));
		return -1;
	}
	return prepare_layers(mnt, why, why_size);
}

static int join(const char *lower, const char *data_mnt, const char *newroot, char *why,
		size_t why_size)
{
	char opts[512];

	fmt_snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s/upper,workdir=%s/work", lower,
		 data_mnt, data_mnt);
	if (mount("overlay", newroot, "overlay", MS_NOATIME, opts) == 0)
		return 0;
	fmt_snprintf(why, why_size, "mount overlay (%s) on %s: %s%s", opts, newroot, strerror(errno),
		 errno == ENODEV ? " (the kernel has no overlayfs support)" : "");
	return -1;
}

/* The last resort: the root as it is in flash, read-only. */
static int mount_readonly_root(const char *lower, const char *newroot, struct overlay *ov,
			       char *why, size_t why_size)
{
	if (mount(lower, newroot, NULL, MS_BIND, NULL) != 0 ||
	    mount(NULL, newroot, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0) {
		fmt_snprintf(why, why_size, "bind %s on %s read-only: %s", lower, newroot,
			 strerror(errno));
		return -1;
	}
	ov->kind = OVERLAY_NONE;
	log_error("overlay: the root is read-only: nothing can be saved on this boot");
	return 0;
}

static void record_fallback(struct overlay *ov, const char *reason)
{
	if (ov->reason[0])
		return; /* the first reason is the one that matters */
	fmt_snprintf(ov->reason, sizeof(ov->reason), "%s", reason);
	ov->action = ACTION_FALLBACK;
}

static int use_tmpfs(const struct overlay_config *cfg, const char *lower, const char *data_mnt,
		     const char *newroot, struct overlay *ov, char *why, size_t why_size)
{
	if (mount_tmpfs(cfg, data_mnt, why, why_size) == 0) {
		if (join(lower, data_mnt, newroot, why, why_size) == 0) {
			ov->kind = OVERLAY_TMPFS;
			log_error("overlay: using a tmpfs overlay (size %s): changes will NOT survive "
				  "a reboot", cfg->tmpfs_size);
			return 0;
		}
		if (umount(data_mnt) != 0)
			log_error("overlay: cannot unmount %s: %s", data_mnt, strerror(errno));
	}
	record_fallback(ov, why);
	log_error("overlay: %s", why);
	return -1;
}

/* Failsafe leaves the data volume alone, but says where it is (the status
 * file's data_volume, or data_backing and data_offset): `rominit-ctl
 * factory-reset` marks it from there, as OpenWrt's firstboot does in
 * failsafe. Nothing is read from it, attached or bound. */
static void locate_data_volume(const struct overlay_config *cfg, struct overlay *ov)
{
	struct vol_spec spec;
	char why[160];
	int rc = vol_spec_parse(cfg->volume, &spec, why, sizeof(why)) == 0
			 ? volume_locate(&spec, cfg->env, &ov->vol, why, sizeof(why)) : -1;

	if (rc == 0 && cfg->block && cfg->volume_fallback && cfg->volume_fallback[0] &&
	    vol_spec_parse(cfg->volume_fallback, &spec, why, sizeof(why)) == 0)
		rc = volume_locate(&spec, cfg->env, &ov->vol, why, sizeof(why));
	volume_release(&ov->vol);
	if (rc != 1) /* a half-found volume (two of that name) is no place to name */
		ov->vol.node[0] = ov->vol.backing[0] = '\0';
	if (rc == 1)
		log_info("overlay: failsafe: rootfs_data (%s) is not touched", ov->vol.label);
	else
		log_info("overlay: failsafe: rootfs_data is not touched (not located: %s)", why);
}

int overlay_setup(const struct overlay_config *cfg, const char *lower, const char *data_mnt,
		  const char *newroot, struct overlay *ov, char *why, size_t why_size)
{
	memset(ov, 0, sizeof(*ov));
	ov->vol.hold_fd = -1;
	ov->found = FS_UNKNOWN;
	ov->state = FS_STATE_ABSENT;
	ov->action = ACTION_FAILSAFE;
	if (cfg->failsafe) {
		if (cfg->factory_reset)
			log_warn("overlay: failsafe: the factory reset asked for is not done (failsafe "
				 "touches nothing; rominit-ctl factory-reset in this boot marks it)");
		locate_data_volume(cfg, ov);
	} else if (use_data_volume(cfg, data_mnt, ov, why, why_size) == 0) {
		if (join(lower, data_mnt, newroot, why, why_size) == 0)
			return 0;
		record_fallback(ov, why);
		if (umount(data_mnt) != 0)
			log_error("overlay: cannot unmount %s: %s", data_mnt, strerror(errno));
	} else {
		record_fallback(ov, why);
	}
	if (ov->reason[0])
		log_error("overlay: %s", ov->reason);
	if (!cfg->fallback_readonly && use_tmpfs(cfg, lower, data_mnt, newroot, ov, why, why_size) == 0) {
		/* A backup copied out for a format that went wrong: the volume
		 * may no longer hold it, so this boot's system gets it. */
		if (cfg->block)
			cfg->block->restore_backup(data_mnt);
		return 0;
	}
	if (cfg->block)
		cfg->block->drop_backup();
	return mount_readonly_root(lower, newroot, ov, why, why_size);
}
