/* SPDX-License-Identifier: MIT */
#include "ubi.h"

#include "dirscan.h"
#include "fmt.h"
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <mtd/ubi-user.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYS_UBI "/sys/class/ubi"

/* One number from a sysfs attribute; 0 or -1 with errno. */
static int read_number(const char *path, uint64_t *value)
{
	char buf[32];
	long n = read_file(path, buf, sizeof(buf));
	uint64_t v = 0;
	int digits = 0;

	if (n < 0)
		return -1;
	for (const char *p = buf; *p >= '0' && *p <= '9'; p++, digits++) {
		if (v > (UINT64_MAX - 9) / 10) {
			errno = ERANGE;
			return -1;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (!digits) {
		errno = EINVAL;
		return -1;
	}
	*value = v;
	return 0;
}

static int read_attr(const char *obj, const char *attr, uint64_t *value)
{
	char path[96];

	fmt_snprintf(path, sizeof(path), SYS_UBI "/%s/%s", obj, attr);
	return read_number(path, value);
}

/* "ubiD" (vol NULL) or "ubiD_V": 1 with the numbers, 0 for other names. */
static int parse_entry(const char *name, int *dev, int *vol)
{
	const char *p = name + 3;
	int n = 0, digits = 0;

	if (strncmp(name, "ubi", 3) != 0)
		return 0;
	for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
		n = n * 10 + (*p - '0');
	if (!digits)
		return 0;
	*dev = n;
	*vol = -1;
	if (*p == '\0')
		return 1;
	if (*p++ != '_')
		return 0;
	for (n = 0, digits = 0; *p >= '0' && *p <= '9' && digits < 5; p++, digits++)
		n = n * 10 + (*p - '0');
	if (!digits || *p)
		return 0;
	*vol = n;
	return 1;
}

/* Fill v from sysfs for ubi<dev>_<vol>. 0 or -1. */
static int volume_info(int dev, int vol, struct ubi_volume *v)
{
	char obj[32], type[16];
	uint64_t lebs, leb_size, marker;

	fmt_snprintf(obj, sizeof(obj), "ubi%d_%d", dev, vol);
	if (read_attr(obj, "reserved_ebs", &lebs) != 0 ||
	    read_attr(obj, "usable_eb_size", &leb_size) != 0 ||
	    read_attr(obj, "upd_marker", &marker) != 0)
		return -1;
	fmt_snprintf(obj, sizeof(obj), SYS_UBI "/ubi%d_%d/type", dev, vol);
	if (read_file(obj, type, sizeof(type)) < 0)
		return -1;
	v->dev = dev;
	v->vol = vol;
	v->leb_size = (uint32_t)leb_size;
	v->size = lebs * leb_size;
	v->dynamic = strncmp(type, "dynamic", 7) == 0;
	v->upd_marker = marker != 0;
	return 0;
}

/* Does ubi<dev>_<vol> carry the name? 1, 0, -1. */
static int volume_named(const char *entry, const char *name)
{
	char path[96], got[UBI_MAX_VOLUME_NAME + 2];
	long n;

	fmt_snprintf(path, sizeof(path), SYS_UBI "/%s/name", entry);
	n = read_file(path, got, sizeof(got));
	if (n < 0)
		return -1;
	if (n > 0 && got[n - 1] == '\n')
		got[--n] = '\0';
	return strcmp(got, name) == 0;
}

int ubi_find_volume(int dev, const char *name, struct ubi_volume *v)
{
	struct dirscan d;
	const char *entry;
	int fd = open(SYS_UBI, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int best_dev = -1, best_vol = -1, err = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1; /* no UBI in the kernel, or none attached yet */
	dirscan_start(&d, fd);
	while ((entry = dirscan_next(&d)) != NULL) {
		int edev, evol, named;

		if (!parse_entry(entry, &edev, &evol) || evol < 0 || (dev >= 0 && edev != dev))
			continue;
		if (best_dev >= 0 && edev >= best_dev)
			continue; /* the lowest device number wins, as for ubi:NAME in the kernel */
		named = volume_named(entry, name);
		if (named < 0 && errno != ENOENT)
			err = errno;
		if (named == 1) {
			best_dev = edev;
			best_vol = evol;
		}
	}
	if (d.error)
		err = d.error;
	close(fd);
	if (best_dev >= 0)
		return volume_info(best_dev, best_vol, v) == 0 ? 1 : -1;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

int ubi_device_of_mtd(int mtd)
{
	struct dirscan d;
	const char *entry;
	int fd = open(SYS_UBI, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int found = -1;

	if (fd < 0)
		return errno == ENOENT ? -1 : -2;
	dirscan_start(&d, fd);
	while (found < 0 && (entry = dirscan_next(&d)) != NULL) {
		int dev, vol;
		uint64_t num;

		if (parse_entry(entry, &dev, &vol) && vol < 0 && read_attr(entry, "mtd_num", &num) == 0 &&
		    num == (uint64_t)mtd)
			found = dev;
	}
	if (found < 0 && d.error) {
		errno = d.error;
		found = -2;
	}
	close(fd);
	return found;
}

int ubi_lowest_device(void)
{
	for (int dev = 0; dev <= 31; dev++) /* UBI_MAX_DEVICES */
		if (ubi_device_exists(dev) == 1)
			return dev;
	return -1;
}

int ubi_device_exists(int dev)
{
	char path[48];
	struct stat st;

	fmt_snprintf(path, sizeof(path), SYS_UBI "/ubi%d", dev);
	if (stat(path, &st) == 0)
		return 1;
	return errno == ENOENT ? 0 : -1;
}

/* An ioctl on a device node opened for it; errno kept from the failing step. */
static int node_ioctl(const char *node, int mode, unsigned long req, void *arg)
{
	int fd = open(node, mode | O_CLOEXEC);
	int rc, err;

	if (fd < 0)
		return -1;
	rc = ioctl(fd, req, arg);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

int ubi_attach(int mtd, int dev)
{
	struct ubi_attach_req req;

	memset(&req, 0, sizeof(req));
	req.ubi_num = dev >= 0 ? dev : UBI_DEV_NUM_AUTO;
	req.mtd_num = mtd;
	if (node_ioctl("/dev/ubi_ctrl", O_RDWR, UBI_IOCATT, &req) != 0)
		return -1;
	return req.ubi_num;
}

int ubi_free_bytes(int dev, uint64_t *bytes)
{
	char obj[16];
	uint64_t lebs, leb_size;

	fmt_snprintf(obj, sizeof(obj), "ubi%d", dev);
	if (read_attr(obj, "avail_eraseblocks", &lebs) != 0 ||
	    read_attr(obj, "eraseblock_size", &leb_size) != 0)
		return -1;
	*bytes = lebs * leb_size;
	return 0;
}

int ubi_create_volume(int dev, const char *name, uint64_t bytes)
{
	struct ubi_mkvol_req req;
	char node[24];
	size_t len = strlen(name);

	if (len > UBI_MAX_VOLUME_NAME || bytes > INT64_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(&req, 0, sizeof(req));
	req.vol_id = UBI_VOL_NUM_AUTO;
	req.alignment = 1;
	req.bytes = (int64_t)bytes;
	req.vol_type = UBI_DYNAMIC_VOLUME;
	req.name_len = (int16_t)len;
	memcpy(req.name, name, len + 1);
	fmt_snprintf(node, sizeof(node), "/dev/ubi%d", dev);
	return node_ioctl(node, O_RDWR, UBI_IOCMKVOL, &req);
}

static void volume_node(const struct ubi_volume *v, char *node, size_t size)
{
	fmt_snprintf(node, size, "/dev/ubi%d_%d", v->dev, v->vol);
}

int ubi_truncate_volume(const struct ubi_volume *v)
{
	char node[32];
	int64_t bytes = 0;

	volume_node(v, node, sizeof(node));
	/* An update of 0 bytes finishes at once: every LEB unmapped, the volume
	 * marked updated. UBI requires exclusive access, so nothing has it open. */
	return node_ioctl(node, O_RDWR, UBI_IOCVOLUP, &bytes);
}

int ubi_block_device(const struct ubi_volume *v, char *path, size_t path_size)
{
	struct ubi_blkcreate_req req;
	char node[32];
	struct stat st;

	fmt_snprintf(path, path_size, "/dev/ubiblock%d_%d", v->dev, v->vol);
	if (stat(path, &st) == 0)
		return 0; /* ubi.block= on the command line: the kernel made it */
	memset(&req, 0, sizeof(req));
	volume_node(v, node, sizeof(node));
	/* read-only, as ubiblock(8): a writer elsewhere would make O_RDWR EBUSY */
	if (node_ioctl(node, O_RDONLY, UBI_IOCVOLCRBLK, &req) != 0 && errno != EEXIST)
		return -1;
	return stat(path, &st); /* devtmpfs has made the node by the time the ioctl returns */
}

int ubi_read(const struct ubi_volume *v, uint64_t offset, void *buf, size_t len)
{
	char node[32];
	int fd, err;
	ssize_t n;

	volume_node(v, node, sizeof(node));
	fd = open(node, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = pread(fd, buf, len, (off_t)offset);
	err = errno;
	close(fd);
	if (n == (ssize_t)len)
		return 0;
	errno = n < 0 ? err : EIO;
	return -1;
}
