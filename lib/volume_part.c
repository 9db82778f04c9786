/* SPDX-License-Identifier: MIT */
/* The block-partition driver: PARTLABEL=NAME (the GPT name the kernel puts
 * in the partition's uevent as PARTNAME, as OpenWrt's fstools finds its
 * partitions) and PARTUUID= (read from the disk's partition table: the
 * kernel does not export it). Every partition under /sys/class/block is
 * looked at, so a spec that two partitions answer is refused rather than
 * the first one taken: a USB stick carrying another "rootfs" must not be
 * booted by accident. Linked only with CONFIG_BLOCK. */
#include "volume.h"

#include "dirscan.h"
#include "fmt.h"
#include "fsident.h"
#include "fsutil.h"
#include "log.h"
#include "partition.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define SYS_BLOCK "/sys/class/block"

struct part_entry {
	char name[64];    /* vdb2 */
	char uevent[512]; /* its /sys/class/block/<name>/uevent */
};

static int pread_all(void *ctx, unsigned long long off, void *buf, size_t len)
{
	ssize_t n = pread(*(int *)ctx, buf, len, (off_t)off);

	if (n == (ssize_t)len)
		return 0;
	if (n >= 0)
		errno = EIO; /* the table points past the disk's end */
	return -1;
}

/* The PARTUUID of a partition, from its disk's table (the disk is the
 * partition's parent in sysfs). */
static int uuid_of(const struct part_entry *p, char *uuid, size_t uuid_size, char *why,
		   size_t why_size)
{
	char path[128], text[512], disk[64];
	unsigned partn = uevent_partn(p->uevent);
	int fd, sector_size = 0, rc;

	fmt_snprintf(path, sizeof(path), SYS_BLOCK "/%s/../uevent", p->name);
	if (!partn || read_file(path, text, sizeof(text)) < 0 ||
	    !uevent_field(text, "DEVNAME", disk, sizeof(disk))) {
		fmt_snprintf(why, why_size, "%s: no partition number or disk in sysfs", p->name);
		return -1;
	}
	fmt_snprintf(path, sizeof(path), "/dev/%s", disk);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fmt_snprintf(why, why_size, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (ioctl(fd, BLKSSZGET, &sector_size) != 0) {
		fmt_snprintf(why, why_size, "%s: BLKSSZGET: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	rc = part_uuid(pread_all, &fd, (unsigned)sector_size, partn, uuid,
		       uuid_size, text, sizeof(text));
	if (rc != 0)
		fmt_snprintf(why, why_size, "%s: %s", path, text);
	close(fd);
	return rc;
}

/* 1 when the partition answers the spec, 0 when not; a PARTUUID that
 * cannot be read leaves its reason in why[] and does not match. */
static int answers(const struct vol_spec *spec, const struct part_entry *p, char *why,
		   size_t why_size)
{
	char value[VOL_NAME_MAX + 1];

	if (spec->kind == VOL_PARTLABEL)
		return uevent_field(p->uevent, "PARTNAME", value, sizeof(value)) &&
		       strcmp(value, spec->name) == 0;
	return uuid_of(p, value, sizeof(value), why, why_size) == 0 &&
	       strcasecmp(value, spec->name) == 0;
}

static int take(struct volume *v, const struct vol_spec *spec, const struct part_entry *p,
		char *why, size_t why_size)
{
	char dev[64];

	if (v->node[0]) {
		fmt_snprintf(why, why_size, "%s=%s: both %s and %s answer; refusing to choose",
			     spec->kind == VOL_PARTLABEL ? "PARTLABEL" : "PARTUUID", spec->name,
			     v->node + 5, p->name);
		return -1;
	}
	if (!uevent_field(p->uevent, "DEVNAME", dev, sizeof(dev)))
		memcpy(dev, p->name, strlen(p->name) + 1);
	fmt_snprintf(v->node, sizeof(v->node), "/dev/%s", dev);
	fmt_snprintf(v->source, sizeof(v->source), "%s", v->node);
	fmt_snprintf(v->label, sizeof(v->label), "%s (%s=%s)", dev,
		     spec->kind == VOL_PARTLABEL ? "PARTLABEL" : "PARTUUID", spec->name);
	return 0;
}

static int scan(const struct vol_spec *spec, struct volume *v, int fd, char *why, size_t why_size)
{
	struct dirscan d;
	struct part_entry p;
	char path[128], devtype[16];
	const char *name;

	dirscan_start(&d, fd);
	while ((name = dirscan_next(&d))) {
		if (strlen(name) >= sizeof(p.name))
			continue;
		memcpy(p.name, name, strlen(name) + 1);
		fmt_snprintf(path, sizeof(path), SYS_BLOCK "/%s/uevent", p.name);
		if (read_file(path, p.uevent, sizeof(p.uevent)) < 0 ||
		    !uevent_field(p.uevent, "DEVTYPE", devtype, sizeof(devtype)) ||
		    strcmp(devtype, "partition") != 0)
			continue;
		if (answers(spec, &p, why, why_size) && take(v, spec, &p, why, why_size) != 0)
			return -1;
	}
	if (d.error) {
		fmt_snprintf(why, why_size, "cannot read " SYS_BLOCK ": %s", strerror(d.error));
		return -1;
	}
	return 0;
}

static int part_find_volume(const struct vol_spec *spec, const struct volume_env *env,
			    struct volume *v, char *why, size_t why_size)
{
	char unreadable[160] = "";
	int fd = open(SYS_BLOCK, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	(void)env;
	if (fd < 0) {
		fmt_snprintf(why, why_size, "cannot open " SYS_BLOCK ": %s", strerror(errno));
		return -1;
	}
	if (scan(spec, v, fd, unreadable, sizeof(unreadable)) != 0) {
		fmt_snprintf(why, why_size, "%s", unreadable);
		close(fd);
		return -1;
	}
	close(fd);
	if (v->node[0])
		return 1;
	fmt_snprintf(why, why_size, "no partition with %s=%s%s%s",
		     spec->kind == VOL_PARTLABEL ? "PARTLABEL" : "PARTUUID", spec->name,
		     unreadable[0] ? "; " : "", unreadable);
	return 0;
}

/* f2fs keeps a second superblock in the next 4 KiB block, and the kernel
 * mounts from it when the first is damaged (a torn write of block 0): that
 * is still somebody's f2fs, never "unknown" to be formatted. */
#define F2FS_BACKUP_AT (4096 + 0x400)

int volume_ext4_backup(const char *node, unsigned long long *block, unsigned *block_size)
{
	unsigned char sb[1024];
	unsigned long long bytes = 0;
	int fd = open(node, O_RDONLY | O_CLOEXEC), found = 0;

	if (fd < 0)
		return 0;
	if (pread(fd, sb, sizeof(sb), 1024) == (ssize_t)sizeof(sb) && sb[0x38] == 0x53 &&
	    sb[0x39] == 0xef) {
		close(fd);
		return 0; /* the first superblock is there: nothing to fall back on */
	}
	if (ioctl(fd, BLKGETSIZE64, &bytes) != 0)
		bytes = 0;
	for (unsigned size = 1024; size <= 4096 && !found; size *= 2) {
		unsigned long long at = ext4_backup_offset(size);

		if (at + sizeof(sb) > bytes || pread(fd, sb, sizeof(sb), (off_t)at) != (ssize_t)sizeof(sb))
			continue;
		if (ext4_is_backup_superblock(sb, sizeof(sb), size)) {
			*block = at / size;
			*block_size = size;
			found = 1;
		}
	}
	close(fd);
	return found;
}

/* The first block unknown (garbage: a stray write over it), but a
 * filesystem's backup superblock behind it: still somebody's filesystem,
 * never "unknown" to be formatted. f2fs keeps its second superblock in the
 * next 4 KiB block and the kernel mounts from it; ext4 keeps copies in later
 * block groups, which e2fsck checks from (fsck_run asks volume_ext4_backup
 * again). A first block of zeros or 0xff is no accident but a wipe:
 * OpenWrt's sysupgrade without kept settings zeroes the first 4 KiB of
 * rootfs_data (dd bs=512 count=8) to have the next boot start afresh, and
 * a discard reads back as either; the copies behind it must not bring the
 * old overlay back. */
static enum fs_kind backup_superblock(const struct volume *v, enum fs_kind kind,
				      const unsigned char *head, size_t n)
{
	static const unsigned char f2fs_magic[4] = { 0x10, 0x20, 0xf5, 0xf2 };
	unsigned long long block;
	unsigned block_size;

	if (kind != FS_UNKNOWN)
		return kind;
	if (n >= F2FS_BACKUP_AT + 4 && memcmp(head + F2FS_BACKUP_AT, f2fs_magic, 4) == 0) {
		log_warn("overlay: %s: f2fs's first superblock is damaged, its backup is there: "
			 "mounting it as f2fs", v->node);
		return FS_F2FS;
	}
	if (volume_ext4_backup(v->node, &block, &block_size)) {
		log_warn("overlay: %s: ext4's first superblock is damaged, a copy is at block %llu "
			 "(%u-byte blocks): checking it from there", v->node, block, block_size);
		return FS_EXT4;
	}
	return kind;
}

/* What a block device holds: its first bytes, and whether it may be
 * written (BLKROGET: a write-protected SD card, a read-only eMMC area, or
 * the sysfs ro flag). */
int volume_block_survey(const struct volume *v, struct flash_survey *s, char *why, size_t why_size)
{
	static unsigned char head[F2FS_BACKUP_AT + 4];
	unsigned long long bytes = 0;
	int fd = open(v->node, O_RDONLY | O_CLOEXEC), ro = 0;
	ssize_t n;

	memset(s, 0, sizeof(*s));
	s->order = JFFS2_ORDER_NONE;
	if (fd < 0) {
		fmt_snprintf(why, why_size, "cannot open %s: %s", v->node, strerror(errno));
		return -1;
	}
	if (ioctl(fd, BLKROGET, &ro) != 0 || ioctl(fd, BLKGETSIZE64, &bytes) != 0) {
		fmt_snprintf(why, why_size, "%s is no block device: %s", v->node, strerror(errno));
		close(fd);
		return -1;
	}
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	if (n < 0) {
		fmt_snprintf(why, why_size, "cannot read %s: %s", v->node, strerror(errno));
		return -1;
	}
	s->writeable = !ro;
	s->size = bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
	s->kind = n ? fs_identify(head, (size_t)n < FS_IDENT_BYTES ? (size_t)n : FS_IDENT_BYTES)
		    : FS_UNKNOWN;
	/* A gzip at the start was written there after any filesystem was
	 * (mkfs leaves the first KiB zero): an upgrade's settings, over the
	 * old overlay whose superblock may still be behind it. */
	if (fs_is_backup(head, (size_t)n))
		s->kind = FS_BACKUP;
	else
		s->kind = backup_superblock(v, s->kind, head, (size_t)n);
	return 0;
}

/* No blank: a block device's filesystem is made by mkfs (the datafs row),
 * and a wipe is done mounted. */
const struct volume_driver volume_part_driver = {
	VOL_PARTLABEL, part_find_volume, volume_block_survey, NULL, volume_node_device, NULL, NULL,
};

/* /dev/... as a data volume: not there yet (a USB stick, an SD card still
 * probing) is "not yet", for the overlay's bounded wait. */
static int blockdev_find(const struct vol_spec *spec, const struct volume_env *env,
			 struct volume *v, char *why, size_t why_size)
{
	int rc = volume_dev_find(spec, env, v, why, why_size);

	if (rc == 1 && access(v->node, F_OK) != 0) {
		fmt_snprintf(why, why_size, "%s: %s", v->node, strerror(errno));
		return errno == ENOENT ? 0 : -1;
	}
	return rc;
}

/* /dev/... with what a data filesystem needs of it. */
const struct volume_driver volume_blockdev_driver = {
	VOL_DEV, blockdev_find, volume_block_survey, NULL, volume_node_device, NULL, NULL,
};
