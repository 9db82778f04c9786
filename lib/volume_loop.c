/* SPDX-License-Identifier: MIT */
/* The rootdisk driver: the overlay in the root partition itself, after its
 * squashfs (OpenWrt's x86 and many eMMC images, fstools'
 * libfstools/rootdisk.c), through a loop device over the partition at the
 * offset lib/rootdisk.c computes. The loop is set to clear itself when its
 * last user goes (LO_FLAGS_AUTOCLEAR): the mounted filesystem holds it for
 * the life of the system, and a boot that falls back leaves no loop behind.
 * Linked only with CONFIG_BLOCK. */
#include "volume.h"

#include "fmt.h"
#include "fsutil.h"
#include "log.h"
#include "partition.h"
#include "rootdisk.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define LOOP_CONTROL "/dev/loop-control"
#define LOOP_TRIES 4 /* another opener may take the free loop first */

/* The partition the root is mounted from (on env->root_mount): its device
 * number, named by sysfs, as fstools takes the rootfs's device. */
static int root_partition(const char *mnt, char *dev, size_t dev_size, char *why, size_t why_size)
{
	struct stat st, top;
	char path[64], text[512], name[48];

	if (stat(mnt, &st) != 0 || stat("/", &top) != 0 || st.st_dev == top.st_dev) {
		fmt_snprintf(why, why_size, "rootdisk is the space after the root's squashfs, and no "
			     "root is mounted on %s", mnt);
		return -1;
	}
	fmt_snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent", major(st.st_dev),
		     minor(st.st_dev));
	if (read_file(path, text, sizeof(text)) < 0 ||
	    !uevent_field(text, "DEVNAME", name, sizeof(name))) {
		fmt_snprintf(why, why_size, "rootdisk: the root on %s is on no block device (%s)", mnt,
			     path);
		return -1;
	}
	fmt_snprintf(dev, dev_size, "/dev/%s", name);
	return 0;
}

/* The root partition, writable when it can be (a write-protected one is
 * opened read-only: the loop then says so, and the overlay falls back with
 * the reason). */
static int open_backing(const char *dev, int *ro, char *why, size_t why_size)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC), flag = 0;

	*ro = 0;
	if (fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM)) {
		fd = open(dev, O_RDONLY | O_CLOEXEC);
		*ro = 1;
	}
	if (fd < 0) {
		fmt_snprintf(why, why_size, "cannot open the root partition %s: %s", dev,
			     strerror(errno));
		return -1;
	}
	if (ioctl(fd, BLKROGET, &flag) == 0 && flag)
		*ro = 1;
	return fd;
}

static int region_of(int fd, const char *dev, unsigned long long *offset, char *why,
		     size_t why_size)
{
	unsigned char sb[SQUASHFS_SUPER_BYTES];
	unsigned long long part_bytes = 0, bytes;
	char reason[160];
	ssize_t n;

	if (ioctl(fd, BLKGETSIZE64, &part_bytes) != 0) {
		fmt_snprintf(why, why_size, "%s is no block device: %s", dev, strerror(errno));
		return -1;
	}
	n = pread(fd, sb, sizeof(sb), 0);
	if (n < 0) {
		fmt_snprintf(why, why_size, "cannot read %s: %s", dev, strerror(errno));
		return -1;
	}
	if (rootdisk_region(sb, (size_t)n, part_bytes, offset, &bytes, reason, sizeof(reason)) != 0) {
		fmt_snprintf(why, why_size, "rootdisk: %s: %s", dev, reason);
		return -1;
	}
	return 0;
}

/* Bind the loop at node to backing from offset. LOOP_CONFIGURE (5.8 and
 * later) does it in one step; older kernels take LOOP_SET_FD and then
 * LOOP_SET_STATUS64. 0, or -1 with errno (EBUSY: someone took it first). */
static int bind_loop(int loop, int backing, unsigned long long offset, int ro, const char *dev)
{
	struct loop_config c;
	int err;

	memset(&c, 0, sizeof(c));
	c.fd = (unsigned)backing;
	c.info.lo_offset = offset;
	c.info.lo_flags = LO_FLAGS_AUTOCLEAR | (ro ? LO_FLAGS_READ_ONLY : 0);
	fmt_snprintf((char *)c.info.lo_file_name, sizeof(c.info.lo_file_name), "%s", dev);
	if (ioctl(loop, LOOP_CONFIGURE, &c) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOTTY)
		return -1;
	if (ioctl(loop, LOOP_SET_FD, backing) != 0)
		return -1;
	if (ioctl(loop, LOOP_SET_STATUS64, &c.info) == 0)
		return 0;
	err = errno;
	if (ioctl(loop, LOOP_CLR_FD, 0) != 0)
		log_warn("rootdisk: cannot unbind the loop again: %s", strerror(errno));
	errno = err;
	return -1;
}

/* A free loop device bound to the region: its fd, with v->node named. */
static int attach_loop(struct volume *v, int backing, int ro, const char *dev, char *why,
		       size_t why_size)
{
	int ctl = open(LOOP_CONTROL, O_RDWR | O_CLOEXEC), loop = -1, n = -1;

	if (ctl < 0) {
		fmt_snprintf(why, why_size, "cannot open " LOOP_CONTROL ": %s%s", strerror(errno),
			     errno == ENOENT ? " (the kernel has no loop device support: "
			     "CONFIG_BLK_DEV_LOOP)" : "");
		return -1;
	}
	for (int tries = 0; tries < LOOP_TRIES && loop < 0; tries++) {
		n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0)
			break;
		fmt_snprintf(v->node, sizeof(v->node), "/dev/loop%d", n);
		loop = open(v->node, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (loop < 0)
			break;
		if (bind_loop(loop, backing, v->offset, ro, dev) == 0)
			break;
		close(loop);
		loop = -1;
		if (errno != EBUSY)
			break;
	}
	if (loop < 0)
		fmt_snprintf(why, why_size, "rootdisk: cannot set up a loop device over %s at %llu%s%s: %s",
			     dev, v->offset, n >= 0 ? " on " : "", n >= 0 ? v->node : "",
			     strerror(errno));
	close(ctl);
	return loop;
}

/* A region not found (or not there): the status names no backing for it. */
static int no_region(struct volume *v)
{
	v->backing[0] = '\0';
	v->offset = 0;
	return -1;
}

static int loop_find(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		     char *why, size_t why_size)
{
	int ro, backing, loop;
	char *dev = v->backing;

	(void)spec;
	if (root_partition(env->root_mount, dev, sizeof(v->backing), why, why_size) != 0)
		return no_region(v);
	backing = open_backing(dev, &ro, why, why_size);
	if (backing < 0)
		return no_region(v);
	if (region_of(backing, dev, &v->offset, why, why_size) != 0) {
		close(backing);
		return no_region(v);
	}
	loop = attach_loop(v, backing, ro, dev, why, why_size);
	close(backing); /* the loop holds its own reference */
	if (loop < 0)
		return -1;
	v->hold_fd = loop;
	fmt_snprintf(v->source, sizeof(v->source), "%s", v->node);
	fmt_snprintf(v->label, sizeof(v->label), "%s (rootdisk: %s from %llu)", v->node + 5, dev,
		     v->offset);
	log_info("rootdisk: %s is %s from byte %llu (after its squashfs, 64 KiB aligned)%s",
		 v->node, dev, v->offset, ro ? ", read-only" : "");
	return 1;
}

/* The partition and the region's offset, no loop device. Read-only:
 * nothing is written, and a kernel that refuses writers to a mounted
 * device (CONFIG_BLK_DEV_WRITE_MOUNTED=n) still lets us read. */
static int loop_locate(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		       char *why, size_t why_size)
{
	int backing, rc;

	(void)spec;
	if (root_partition(env->root_mount, v->backing, sizeof(v->backing), why, why_size) != 0)
		return no_region(v);
	backing = open(v->backing, O_RDONLY | O_CLOEXEC);
	if (backing < 0) {
		fmt_snprintf(why, why_size, "cannot open the root partition %s: %s", v->backing,
			     strerror(errno));
		return no_region(v);
	}
	rc = region_of(backing, v->backing, &v->offset, why, why_size);
	close(backing);
	if (rc != 0)
		return no_region(v);
	fmt_snprintf(v->label, sizeof(v->label), "rootdisk: %s from %llu", v->backing, v->offset);
	return 1;
}

/* No blank: mkfs makes the filesystem (the datafs row), a wipe is done
 * mounted. */
const struct volume_driver volume_loop_driver = {
	VOL_ROOTDISK, loop_find, volume_block_survey, NULL, volume_node_device, NULL, loop_locate,
};
