/* The overlay decision, one branch per thing rootfs_data can hold:
 *
 *   jffs2            mount it (a PENDING state or a factory reset: wipe it);
 *                    of the other byte order, or made for another erase
 *                    size: never touched, tmpfs fallback with the reason
 *   erased (0xff)    mount it (jffs2 takes erased flash as empty); if that
 *                    fails, format and mount
 *   deadc0de, zeros  format (every block erased, last block first), mount
 *   anything else    never touched: tmpfs fallback, with the reason
 *   read error       tmpfs fallback, with the reason
 *
 * What would be mounted as jffs2 is first erased from an upgrade's
 * 0xdeadc0de marker further in to the end.
 * After mounting: a write probe (write-protected NOR mounts "fine" and fails
 * later), then the state. Every fallback is logged as an error. */
#include "overlay.h"

#include "fmt.h"
#include "fsutil.h"
#include "log.h"
#include "mtd.h"
#include "wait.h"
#include "wipe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define PROBE ".rominit-probe"

const char *overlay_kind_name(enum overlay_kind kind)
{
	switch (kind) {
	case OVERLAY_JFFS2: return "jffs2";
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

/* 0, or -1 with why[] and errno from mount(2). */
static int mount_jffs2(const struct overlay_config *cfg, const char *mnt, char *why, size_t why_size)
{
	char source[128];
	const char *opts = cfg->jffs2_options[0] ? cfg->jffs2_options : NULL;

	/* jffs2 takes the MTD by name; no block device needed. */
	int err;

	fmt_snprintf(source, sizeof(source), "mtd:%s", cfg->partition);
	if (mount(source, mnt, "jffs2", MS_NOATIME, opts) == 0)
		return 0;
	err = errno;
	fmt_snprintf(why, why_size, "%smount %s as jffs2: %s",
		 err == ENODEV ? "the kernel has no jffs2 support: " : "", source, strerror(err));
	errno = err; /* the caller decides by it */
	return -1;
}

/* Less than this free means "full" (jffs2 keeps a few blocks for itself). */
#define FULL_BYTES (256ULL * 1024)

static int nearly_full(const char *mnt)
{
	struct statvfs sv;

	return statvfs(mnt, &sv) == 0 && (unsigned long long)sv.f_bavail * sv.f_bsize < FULL_BYTES;
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
static int probe_writable(const char *mnt, char *why, size_t why_size)
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
	if (err == ENOSPC && nearly_full(mnt)) {
		log_error("overlay: %s is full (write probe: %s); mounting it anyway so files can "
			  "be deleted", mnt, strerror(err));
		return 0;
	}
	fmt_snprintf(why, why_size, "flash not writable: %s %s: %s", step, path, strerror(err));
	return -1;
}

/* Erase rootfs_data from <from> to its end; the result and the time taken
 * for the caller's log line. */
static int erase_data(const struct overlay_config *cfg, const struct overlay *ov, uint32_t from,
		      struct flash_format_result *res, long *ms, char *why, size_t why_size)
{
	long start = log_elapsed_ms();

	if (flash_format(ov->mtd, from, &cfg->format, res, why, why_size) != 0)
		return -1;
	*ms = log_elapsed_ms() - start;
	return 0;
}

static int format_data(const struct overlay_config *cfg, struct overlay *ov, char *why,
		       size_t why_size)
{
	struct flash_format_result res;
	long ms;

	log_info("overlay: formatting mtd%d (%s): erasing blocks, last first", ov->mtd,
		 fs_kind_name(ov->found));
	if (erase_data(cfg, ov, 0, &res, &ms, why, why_size) != 0)
		return -1;
	log_info("overlay: mtd%d formatted in %ld ms: %u blocks of %u bytes, %u erased%s, %u "
		 "already erased",
		 ov->mtd, ms, res.blocks, res.erasesize, res.erased,
		 cfg->format.verify ? " and verified" : "", res.skipped);
	ov->action = ACTION_FORMATTED;
	return 0;
}

/* OpenWrt's sysupgrade keeps settings by writing a small jffs2 and the
 * 0xdeadc0de marker after it: the marker ends the filesystem, what follows
 * is the old firmware's. OpenWrt's patched jffs2 stops its scan there;
 * mainline's reads on and brings the old files back. So erase from the
 * marker to the end (marker block last: a power cut leaves it for the next
 * boot to find) before the kernel sees the partition. */
static int erase_after_marker(const struct overlay_config *cfg, const struct overlay *ov,
			      uint32_t marker_at, char *why, size_t why_size)
{
	struct flash_format_result res;
	long ms;

	log_info("overlay: mtd%d: 0xdeadc0de marker at 0x%x ends the filesystem: erasing from "
		 "there to the end, last block first", ov->mtd, marker_at);
	if (erase_data(cfg, ov, marker_at, &res, &ms, why, why_size) != 0)
		return -1;
	log_info("overlay: mtd%d erased from 0x%x in %ld ms: %u blocks, %u erased, %u already "
		 "erased", ov->mtd, marker_at, ms, res.blocks, res.erased, res.skipped);
	return 0;
}

/* A jffs2 the kernel would misread is left exactly as it is. */
static int check_jffs2_fits(const struct overlay_config *cfg, const struct overlay *ov,
			    const struct flash_survey *s, char *why, size_t why_size)
{
	const struct jffs2_fit *fit = &s->fit;

	if (s->kind == FS_JFFS2 && s->order != jffs2_native_order()) {
		fmt_snprintf(why, why_size, "mtd%d \"%s\" holds a %s jffs2, this kernel reads only "
			 "%s jffs2: left untouched", ov->mtd, cfg->partition,
			 jffs2_order_name(s->order), jffs2_order_name(jffs2_native_order()));
		return -1;
	}
	if (!fit->crosses)
		return 0;
	if (fit->image_erasesize)
		fmt_snprintf(why, why_size, "mtd%d \"%s\" holds a jffs2 made for %u-byte erase "
			 "blocks, this flash's are %u (node at 0x%x crosses a block boundary): left "
			 "untouched", ov->mtd, cfg->partition, fit->image_erasesize, s->erasesize,
			 fit->node_at);
	else
		fmt_snprintf(why, why_size, "mtd%d \"%s\" holds a jffs2 made for erase blocks "
			 "larger than this flash's %u bytes (node at 0x%x crosses a block boundary): "
			 "left untouched", ov->mtd, cfg->partition, s->erasesize, fit->node_at);
	return -1;
}

/* Formatting destroys what is there, so a partition not explicitly marked
 * for erasing (deadc0de) is formatted only when no erase block holds a jffs2
 * node: a jffs2 whose first block happens to be erased, or that the kernel
 * could not mount for another reason, is somebody's data. */
static int safe_to_format(const struct overlay *ov, char *why, size_t why_size)
{
	uint32_t at = 0;
	int rc = flash_find_jffs2_block(ov->mtd, &at, why, why_size);

	if (rc == 1)
		fmt_snprintf(why, why_size,
			 "mtd%d starts %s but holds jffs2 nodes at 0x%x that do not mount: not "
			 "formatting it", ov->mtd, fs_kind_name(ov->found), at);
	return rc == 0;
}

/* Mount rootfs_data according to what it holds. 0, or -1 with why[]. */
static int mount_data(const struct overlay_config *cfg, const char *mnt, struct overlay *ov,
		      char *why, size_t why_size)
{
	switch (ov->found) {
	case FS_JFFS2:
		return mount_jffs2(cfg, mnt, why, why_size);
	case FS_ERASED:
		/* jffs2 takes erased flash as an empty filesystem. It refuses (EIO)
		 * when later blocks hold garbage and no node: only then format. */
		if (mount_jffs2(cfg, mnt, why, why_size) == 0)
			return 0;
		if (errno != EIO)
			return -1; /* no jffs2 in the kernel, bad options...: formatting won't help */
		log_warn("overlay: erased mtd%d does not mount (%s)", ov->mtd, why);
		/* fall through */
	case FS_ZEROED:
		if (!safe_to_format(ov, why, why_size))
			return -1;
		/* fall through */
	case FS_DEADC0DE:
		if (format_data(cfg, ov, why, why_size) != 0)
			return -1;
		return mount_jffs2(cfg, mnt, why, why_size);
	case FS_UBIFS:
	case FS_EXT4:
	case FS_F2FS:
	case FS_SQUASHFS:
		fmt_snprintf(why, why_size, "mtd%d \"%s\" holds %s, not jffs2: left untouched", ov->mtd,
			 cfg->partition, fs_kind_name(ov->found));
		return -1;
	case FS_UNKNOWN:
		break;
	}
	fmt_snprintf(why, why_size, "mtd%d \"%s\" holds no filesystem rominit knows: left untouched",
		 ov->mtd, cfg->partition);
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

/* A PENDING state (interrupted first boot, or a requested factory reset) or
 * a factory reset for this boot: wipe. Then make the layers and set the state. */
static int settle_state(const struct overlay_config *cfg, const char *mnt, struct overlay *ov,
			char *why, size_t why_size)
{
	int fresh, pending;

	ov->state = fs_state_read(mnt);
	pending = ov->state == FS_STATE_PENDING;
	/* Formatted now, or erased flash never initialised: a new overlay. An
	 * existing jffs2 without a state link holds someone's data: not new. */
	fresh = ov->action == ACTION_FORMATTED ||
		(ov->found == FS_ERASED && ov->state == FS_STATE_ABSENT);
	if (cfg->factory_reset && !pending) {
		pending = mark_reset_pending(mnt, why, why_size);
		if (pending < 0)
			return -1;
	}
	if (pending || cfg->factory_reset) {
		if (wipe_overlay(cfg, mnt, why, why_size) != 0)
			return -1;
		ov->action = ACTION_WIPED;
		fresh = 1;
	}
	if (fresh && !pending && fs_state_write(mnt, FS_STATE_PENDING) != 0) {
		fmt_snprintf(why, why_size, "write %s/.fs_state: %s", mnt, strerror(errno));
		return -1;
	}
	if (prepare_layers(mnt, why, why_size) != 0)
		return -1;
	if ((fresh || ov->state != FS_STATE_READY) && cfg->ready_by_init &&
	    fs_state_write(mnt, FS_STATE_READY) != 0) {
		fmt_snprintf(why, why_size, "write %s/.fs_state: %s", mnt, strerror(errno));
		return -1;
	}
	return 0;
}

struct partition_wait {
	const char *name;
	int mtd;
};

static int partition_present(void *ctx)
{
	struct partition_wait *w = ctx;

	w->mtd = mtd_find(w->name);
	return w->mtd != -1; /* found, or -2: /proc/mtd unreadable */
}

/* The partition's MTD index, waiting up to data_wait_ms for a slow probe. */
static int find_partition(const struct overlay_config *cfg, struct overlay *ov, char *why,
			  size_t why_size)
{
	struct partition_wait w = { cfg->partition, -1 };
	long waited;

	wait_for(partition_present, &w, cfg->data_wait_ms, WAIT_POLL_MS, &waited);
	ov->mtd = w.mtd;
	if (ov->mtd >= 0) {
		if (waited >= WAIT_POLL_MS)
			log_info("overlay: \"%s\" appeared after %ld ms", cfg->partition, waited);
		return 0;
	}
	if (ov->mtd == -2)
		fmt_snprintf(why, why_size, "cannot read /proc/mtd");
	else if (cfg->data_wait_ms)
		fmt_snprintf(why, why_size, "no MTD partition named \"%s\" (waited %d ms)",
			 cfg->partition, cfg->data_wait_ms); /* the bound: the clock ran past it by a poll */
	else
		fmt_snprintf(why, why_size, "no MTD partition named \"%s\"", cfg->partition);
	return -1;
}

static int use_data_partition(const struct overlay_config *cfg, const char *mnt, struct overlay *ov,
			      char *why, size_t why_size)
{
	struct flash_survey s;

	if (find_partition(cfg, ov, why, why_size) != 0)
		return -1;
	if (flash_survey(ov->mtd, &s, why, why_size) != 0)
		return -1;
	ov->found = s.kind;
	if (!s.writeable) {
		fmt_snprintf(why, why_size, "flash not writable: mtd%d \"%s\" is a read-only MTD",
			 ov->mtd, cfg->partition);
		return -1;
	}
	log_info("overlay: mtd%d \"%s\" starts with: %s", ov->mtd, cfg->partition,
		 fs_kind_name(ov->found));
	if (check_jffs2_fits(cfg, ov, &s, why, why_size) != 0)
		return -1;
	if (s.marker_at && erase_after_marker(cfg, ov, s.marker_at, why, why_size) != 0)
		return -1;
	ov->action = ACTION_MOUNTED;
	if (mount_data(cfg, mnt, ov, why, why_size) != 0)
		return -1;
	if (probe_writable(mnt, why, why_size) != 0 || settle_state(cfg, mnt, ov, why, why_size) != 0) {
		if (umount(mnt) != 0)
			log_error("overlay: cannot unmount %s: %s", mnt, strerror(errno));
		return -1;
	}
	ov->kind = OVERLAY_JFFS2;
	log_info("overlay: jffs2 from mtd%d on %s (%s, state was %s)", ov->mtd, mnt,
		 overlay_action_name(ov->action),
		 fs_state_name(ov->state));
	return 0;
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

int overlay_setup(const struct overlay_config *cfg, const char *lower, const char *data_mnt,
		  const char *newroot, struct overlay *ov, char *why, size_t why_size)
{
	memset(ov, 0, sizeof(*ov));
	ov->mtd = -1;
	ov->found = FS_UNKNOWN;
	ov->state = FS_STATE_ABSENT;
	ov->action = ACTION_FAILSAFE;
	if (cfg->failsafe) {
		log_info("overlay: failsafe: rootfs_data is not touched");
	} else if (use_data_partition(cfg, data_mnt, ov, why, why_size) == 0) {
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
	if (!cfg->fallback_readonly && use_tmpfs(cfg, lower, data_mnt, newroot, ov, why, why_size) == 0)
		return 0;
	return mount_readonly_root(lower, newroot, ov, why, why_size);
}
