/* SPDX-License-Identifier: MIT */
/* What the overlay does on block devices only (CONFIG_BLOCK): choosing
 * between ext4 and f2fs by the volume's size, and keeping a settings backup
 * found where a new overlay is to be made (an upgrade's tar.gz written over
 * the start of rootfs_data, as OpenWrt's emmc_copy_config does): copied out
 * before mkfs, into the new overlay after as sysupgrade.tgz, so a format
 * never destroys it. Reached through overlay_block_ops only, so an /init
 * for flash carries none of it. */
#include "overlay.h"

#include "fmt.h"
#include "fstools.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 16384
#define BACKUP_TMP "/.rominit-backup" /* in the initramfs: RAM */
#define BACKUP_NAME "sysupgrade.tgz"
#define F2FS_ABOVE (100ULL * 1024 * 1024) /* OpenWrt's rule: f2fs above 100 MiB */

/* Copy up to max bytes from in to out. The count, or -1 with errno and
 * *step naming the side that failed. */
static long long copy_fd(int in, int out, unsigned long long max, const char **step)
{
	static char buf[CHUNK];
	unsigned long long done = 0;

	while (done < max) {
		size_t want = max - done < CHUNK ? (size_t)(max - done) : CHUNK;
		ssize_t n = read(in, buf, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*step = "read";
			return n < 0 ? -1 : (long long)done;
		}
		for (ssize_t at = 0; at < n;) {
			ssize_t w = write(out, buf + at, (size_t)(n - at));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				*step = "write";
				if (w == 0)
					errno = ENOSPC;
				return -1;
			}
			at += w;
		}
		done += (unsigned long long)n;
	}
	return (long long)done;
}

/* Copy the first max bytes of dev (fewer if it is smaller) to the file tmp.
 * The gzip stream's own end is not searched for: what follows it on the
 * device comes along, and gzip and tar stop at the stream's end. The byte
 * count, or -1 with why[]. */
static long long backup_save(const char *dev, unsigned long long max, const char *tmp, char *why,
			     size_t why_size)
{
	const char *step = "";
	int in = open(dev, O_RDONLY | O_CLOEXEC), out;
	long long n;

	if (in < 0) {
		fmt_snprintf(why, why_size, "cannot open %s: %s", dev, strerror(errno));
		return -1;
	}
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0) {
		fmt_snprintf(why, why_size, "cannot create %s: %s", tmp, strerror(errno));
		close(in);
		return -1;
	}
	n = copy_fd(in, out, max, &step);
	if (n < 0)
		fmt_snprintf(why, why_size, "copy %s to %s: %s: %s", dev, tmp, step, strerror(errno));
	close(in);
	if (close(out) != 0 && n >= 0) {
		fmt_snprintf(why, why_size, "close %s: %s", tmp, strerror(errno));
		n = -1;
	}
	if (n < 0)
		unlink(tmp);
	return n;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Move tmp to dir/name, written through a temporary name, synced, then
 * renamed: a power cut leaves the whole file or none. 0 or -1 with why[];
 * tmp is removed either way. */
static int backup_restore(const char *tmp, const char *dir, const char *name, char *why,
			  size_t why_size)
{
	char part[256], final[256];
	const char *step = "";
	int in = open(tmp, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;

	fmt_snprintf(part, sizeof(part), "%s/.%s.part", dir, name);
	fmt_snprintf(final, sizeof(final), "%s/%s", dir, name);
	if (in < 0) {
		fmt_snprintf(why, why_size, "cannot open %s: %s", tmp, strerror(errno));
		return -1;
	}
	out = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (out < 0)
		fmt_snprintf(why, why_size, "cannot create %s: %s", part, strerror(errno));
	else if (copy_fd(in, out, ~0ULL, &step) < 0)
		fmt_snprintf(why, why_size, "copy %s to %s: %s: %s", tmp, part, step, strerror(errno));
	else if (fsync(out) != 0)
		fmt_snprintf(why, why_size, "fsync %s: %s", part, strerror(errno));
	else if (rename(part, final) != 0)
		fmt_snprintf(why, why_size, "rename %s to %s: %s", part, final, strerror(errno));
	else if (sync_dir(dir) != 0)
		fmt_snprintf(why, why_size, "fsync %s: %s", dir, strerror(errno));
	else
		rc = 0;
	if (out >= 0)
		close(out);
	if (rc != 0)
		unlink(part);
	close(in);
	unlink(tmp);
	return rc;
}

/* The board's filesystem for a new block overlay, or OpenWrt's rule by the
 * volume's size (fstools' F2FS_MINSIZE): f2fs is made for flash but wants
 * room (its own minimum is about 40 MiB, and a small one fills up). */
static enum fs_kind new_fs(const struct overlay_config *cfg, const char *label,
			   unsigned long long bytes)
{
	if (!cfg->block_fs_auto)
		return cfg->block_fs;
	if (bytes <= F2FS_ABOVE)
		return FS_EXT4;
	/* auto is what works: f2fs only where the kernel mounts it. */
	if (fs_kernel_has("f2fs") == 0) {
		log_warn("overlay: %s has %llu MiB, but the kernel has no f2fs: a new overlay "
			 "there is ext4", label, bytes >> 20);
		return FS_EXT4;
	}
	log_info("overlay: %s has %llu MiB: a new overlay there is f2fs (auto: f2fs above 100 "
		 "MiB)", label, bytes >> 20);
	return FS_F2FS;
}

/* An upgrade's settings where the new overlay goes: copied to RAM first.
 * A backup that cannot be copied is not formatted away either. */
static int keep_backup(const struct overlay_config *cfg, const struct volume *v, char *why,
		       size_t why_size)
{
	char reason[160];
	long long n = backup_save(v->node, cfg->backup_max, BACKUP_TMP, reason, sizeof(reason));

	if (n < 0) {
		fmt_snprintf(why, why_size, "%s holds a settings backup that cannot be kept (%s): "
			     "not formatting it", v->label, reason);
		return -1;
	}
	log_info("overlay: %s holds a settings backup (gzip): %lld bytes of it kept for the new "
		 "overlay's " BACKUP_NAME, v->label, n);
	return 0;
}

/* Into the overlay mounted on mnt (the new one, or this boot's tmpfs when
 * the format went wrong and the volume may no longer hold it). A failure
 * loses no more than a format would have, but the user must see it. */
static void restore_backup(const char *mnt)
{
	char why[200];

	if (access(BACKUP_TMP, F_OK) != 0)
		return; /* none kept: the usual case */
	if (backup_restore(BACKUP_TMP, mnt, BACKUP_NAME, why, sizeof(why)) == 0)
		log_info("overlay: the settings backup is %s/" BACKUP_NAME, mnt);
	else
		log_error("overlay: the settings backup is lost: %s", why);
}

static void drop_backup(void)
{
	if (access(BACKUP_TMP, F_OK) == 0 && unlink(BACKUP_TMP) != 0)
		log_warn("overlay: cannot remove " BACKUP_TMP ": %s", strerror(errno));
}

static int check(const struct overlay_config *cfg, const struct datafs *fs,
		 const struct volume *v, char *why, size_t why_size)
{
	int rc = fsck_run(fs, v, cfg->tool_root, cfg->tool_timeout_s, why, why_size);

	if (rc == FSCK_ERRORS_LEFT && cfg->reformat_unrepairable) {
		log_error("overlay: %s; formatting it instead (CONFIG_BLOCK_REFORMAT_UNREPAIRABLE): "
			  "its files are lost", why);
		return 1;
	}
	return rc == 0 ? 0 : -1;
}

static int find_fallback(const struct overlay_config *cfg, struct vol_spec *spec,
			 struct volume *v, char *why, size_t why_size)
{
	const char *fallback = cfg->volume_fallback;

	log_info("overlay: %s: using %s", why, fallback);
	if (vol_spec_parse(fallback, spec, why, why_size) != 0)
		return -1;
	return volume_find(spec, cfg->env, v, why, why_size);
}

const struct overlay_block overlay_block_ops = {
	check, find_fallback, new_fs, keep_backup, restore_backup, drop_backup,
};
