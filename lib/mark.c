/* SPDX-License-Identifier: MIT */
#include "mark.h"

#include "fmt.h"
#include "fsutil.h"
#include "mtdio.h"
#include "rootdisk.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MTD_CHAR_MAJOR 90

static const unsigned char marker[4] = { 0xde, 0xad, 0xc0, 0xde };

/* /dev/mtdN: N, else -1. */
static int mtd_index_of(const char *dev)
{
	int n = 0;
	const char *p = dev + 8;

	if (strncmp(dev, "/dev/mtd", 8) != 0 || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9' && n < 1000; p++)
		n = n * 10 + (*p - '0');
	return *p ? -1 : n;
}

/* A mounted loop device over dev from offset (the overlay's region after
 * the squashfs, mounted by hand)? loop is "/dev/loopN". */
static int loop_over(const char *loop, const char *dev, unsigned long long offset)
{
	char path[64], backing[128], at[32], got[32];
	long n;

	fmt_snprintf(path, sizeof(path), "/sys/block/%s/loop/backing_file", loop + 5);
	n = read_file(path, backing, sizeof(backing) - 1);
	if (n <= 0)
		return 0;
	backing[n - (backing[n - 1] == '\n')] = '\0';
	fmt_snprintf(path, sizeof(path), "/sys/block/%s/loop/offset", loop + 5);
	fmt_snprintf(at, sizeof(at), "%llu\n", offset);
	n = read_file(path, got, sizeof(got) - 1);
	if (n <= 0)
		return 0;
	got[n] = '\0';
	return strcmp(backing, dev) == 0 && strcmp(got, at) == 0;
}

/* Is the volume the source of a mount in /proc/mounts: dev itself (for an
 * MTD also its mtdblock or mtdN), or for a region inside dev (offset > 0:
 * dev is the partition holding the squashfs, mounted as the root) a loop
 * device over it? 1, 0, or -1 when it cannot be told. */
static int is_mounted(const char *dev, int mtd, unsigned long long offset)
{
	static char buf[65536];
	char block[32], name[32], label[80] = "";
	long n = read_file("/proc/mounts", buf, sizeof(buf) - 1);

	if (n < 0 || n == (long)sizeof(buf) - 1) /* unreadable, or more than we read */
		return -1;
	buf[n] = '\0';
	fmt_snprintf(block, sizeof(block), "/dev/mtdblock%d", mtd);
	fmt_snprintf(name, sizeof(name), "mtd%d", mtd);
	/* jffs2 mounted as mtd:NAME (how /init mounts it) */
	if (mtd >= 0) {
		char path[64];
		long len;

		fmt_snprintf(path, sizeof(path), "/sys/class/mtd/mtd%d/name", mtd);
		len = read_file(path, label + 4, sizeof(label) - 5);
		if (len > 0) {
			memcpy(label, "mtd:", 4);
			label[4 + len - (label[4 + len - 1] == '\n')] = '\0';
		}
	}
	for (char *line = buf; *line;) {
		char *end = strchr(line, '\n'), *sp = strchr(line, ' ');

		if (sp && (!end || sp < end)) {
			*sp = '\0';
			if (offset ? strncmp(line, "/dev/loop", 9) == 0 && loop_over(line, dev, offset)
				   : strcmp(line, dev) == 0 ||
					     (mtd >= 0 && (strcmp(line, block) == 0 ||
							   strcmp(line, name) == 0 ||
							   (label[0] && strcmp(line, label) == 0))))
				return 1;
		}
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

/* NOR programs bits from 1 to 0 only and NAND pages are written once
 * between erases: erase the first block, then program the marker and
 * 0xff for the rest of the first write unit. */
static int mark_mtd(const char *dev, int index, char *why, size_t why_size)
{
	static unsigned char unit[4096];
	struct mtd_dev m;
	size_t len;
	int rc = -1;

	if (mtdio_open(&m, index) != 0) {
		fmt_snprintf(why, why_size, "cannot open %s: %s", dev, strerror(errno));
		return -1;
	}
	len = m.writesize < sizeof(marker) ? sizeof(marker) : m.writesize;
	if (!m.writeable)
		fmt_snprintf(why, why_size, "%s is read-only", dev);
	else if (len > sizeof(unit))
		fmt_snprintf(why, why_size, "%s writes %u bytes at a time: more than %zu", dev,
			     m.writesize, sizeof(unit));
	else if (mtdio_unlock(&m) < 0)
		fmt_snprintf(why, why_size, "cannot unlock %s: %s", dev, strerror(errno));
	else if (mtdio_erase(&m, 0) != 0)
		fmt_snprintf(why, why_size, "cannot erase the first block of %s: %s", dev,
			     strerror(errno));
	else {
		memset(unit, 0xff, len);
		memcpy(unit, marker, sizeof(marker));
		if (pwrite(m.fd, unit, len, 0) == (ssize_t)len)
			rc = 0;
		else
			fmt_snprintf(why, why_size, "cannot write the marker to %s: %s", dev,
				     strerror(errno));
	}
	mtdio_close(&m);
	return rc;
}

/* The marker never lands in a squashfs: at 0, dev must not start with one
 * (that is a root, not a data volume); at offset, dev must hold a squashfs
 * whose end, rounded as /init rounds it, is offset (a stale or edited status
 * file is refused, not obeyed). 0, or -1 with why[]. */
static int check_target(int fd, const char *dev, unsigned long long offset, char *why,
			size_t why_size)
{
	unsigned char sb[SQUASHFS_SUPER_BYTES];
	unsigned long long part_bytes = 0, at = 0, bytes;
	char reason[160];
	ssize_t n = pread(fd, sb, sizeof(sb), 0);

	if (n < 0 || ioctl(fd, BLKGETSIZE64, &part_bytes) != 0) {
		fmt_snprintf(why, why_size, "cannot read %s: %s", dev, strerror(errno));
		return -1;
	}
	if (offset == 0) {
		if (n >= 4 && memcmp(sb, "hsqs", 4) == 0) {
			fmt_snprintf(why, why_size, "%s starts with a squashfs: a root, not a data "
				     "volume: not marked", dev);
			return -1;
		}
		return 0;
	}
	if (rootdisk_region(sb, (size_t)n, part_bytes, &at, &bytes, reason, sizeof(reason)) != 0 ||
	    at != offset) {
		fmt_snprintf(why, why_size, "%s: the overlay's space is not at byte %llu (%s): not "
			     "marked", dev, offset, at ? "the squashfs ends elsewhere" : reason);
		return -1;
	}
	return 0;
}

static int mark_block(const char *dev, unsigned long long offset, char *why, size_t why_size)
{
	/* A whole volume is opened exclusively: EBUSY when anything holds it
	 * (a mount under another name, dm, md, swap). A region's partition is
	 * the root's: it is held, and the loop check above stands for it. */
	int fd = open(dev, O_RDWR | O_CLOEXEC | (offset ? 0 : O_EXCL)), ro = 0;

	if (fd < 0) {
		fmt_snprintf(why, why_size, "cannot open %s: %s%s", dev, strerror(errno),
			     errno == EBUSY ? " (it is in use: mounted, or held by another driver)" : "");
		return -1;
	}
	if (ioctl(fd, BLKROGET, &ro) == 0 && ro) {
		fmt_snprintf(why, why_size, "%s is read-only", dev);
		close(fd);
		return -1;
	}
	if (check_target(fd, dev, offset, why, why_size) != 0) {
		close(fd);
		return -1;
	}
	if (pwrite(fd, marker, sizeof(marker), (off_t)offset) != (ssize_t)sizeof(marker) ||
	    fdatasync(fd) != 0) {
		fmt_snprintf(why, why_size, "cannot write the marker to %s at %llu: %s", dev, offset,
			     strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		fmt_snprintf(why, why_size, "cannot write the marker to %s: %s", dev, strerror(errno));
		return -1;
	}
	return 0;
}

/* What dev is: 1 an MTD character device (its index in *mtd), 0 a block
 * device, -1 anything else (a UBI volume: not marked this way). */
static int kind_of(const char *dev, int *mtd, char *why, size_t why_size)
{
	struct stat st;

	if (stat(dev, &st) != 0) {
		fmt_snprintf(why, why_size, "%s: %s", dev, strerror(errno));
		return -1;
	}
	if (S_ISBLK(st.st_mode))
		return 0;
	*mtd = mtd_index_of(dev);
	if (S_ISCHR(st.st_mode) && major(st.st_rdev) == MTD_CHAR_MAJOR && *mtd >= 0 &&
	    minor(st.st_rdev) == (unsigned)*mtd * 2)
		return 1;
	fmt_snprintf(why, why_size, "%s is neither a block device nor an MTD (a UBI volume is not "
		     "marked by rominit-ctl yet): not marked", dev);
	return -1;
}

int mark_for_format(const char *dev, unsigned long long offset, char *why, size_t why_size)
{
	int mtd = -1, kind = kind_of(dev, &mtd, why, why_size), mounted;

	if (kind < 0)
		return -1;
	if (kind == 0)
		mtd = -1;
	mounted = is_mounted(dev, mtd, offset);
	if (mounted != 0) {
		fmt_snprintf(why, why_size, "%s %s: not marked", dev,
			     mounted > 0 ? "is mounted"
					 : "may be mounted (/proc/mounts unreadable, or over 64 KiB)");
		return -1;
	}
	if (mtd < 0)
		return mark_block(dev, offset, why, why_size);
	if (offset) {
		fmt_snprintf(why, why_size, "%s: an MTD is marked at its start, not at %llu", dev,
			     offset);
		return -1;
	}
	return mark_mtd(dev, mtd, why, why_size);
}
