#include "overlay.h"

#include "fsutil.h"
#include "mtd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

const char *overlay_kind_name(enum overlay_kind kind)
{
	switch (kind) {
	case OVERLAY_JFFS2:
		return "jffs2";
	case OVERLAY_TMPFS:
		return "tmpfs";
	case OVERLAY_NONE:
		return "none";
	}
	return "unknown";
}

static int prepare_layers(const char *mnt, char *why, size_t why_size)
{
	static const char *const sub[] = { "upper", "work" };
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", mnt, sub[i]);
		if (ensure_dir(path, 0755) != 0) {
			snprintf(why, why_size, "cannot create %s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int overlay_mount_jffs2(const char *data_name, const char *mnt, char *why, size_t why_size)
{
	char source[128];
	int n = mtd_find(data_name);

	if (n == -2) {
		snprintf(why, why_size, "cannot read /proc/mtd: %s", strerror(errno));
		return -1;
	}
	if (n < 0) {
		snprintf(why, why_size, "no MTD partition named \"%s\"", data_name);
		return -1;
	}
	/* jffs2 takes the MTD by name; no block device needed. */
	snprintf(source, sizeof(source), "mtd:%s", data_name);
	if (mount(source, mnt, "jffs2", MS_NOATIME, NULL) != 0) {
		snprintf(why, why_size, "mount %s (mtd%d) as jffs2 on %s: %s", source, n, mnt,
			 strerror(errno));
		return -1;
	}
	if (prepare_layers(mnt, why, why_size) != 0) {
		umount(mnt);
		return -1;
	}
	return 0;
}

int overlay_mount_tmpfs(const char *mnt, const char *size, char *why, size_t why_size)
{
	char opts[64];

	snprintf(opts, sizeof(opts), "mode=0755,size=%s", size);
	if (mount("tmpfs", mnt, "tmpfs", MS_NOATIME | MS_NOSUID | MS_NODEV, opts) != 0) {
		snprintf(why, why_size, "mount tmpfs (%s) on %s: %s", opts, mnt, strerror(errno));
		return -1;
	}
	return prepare_layers(mnt, why, why_size);
}

int overlay_join(const char *lower, const char *data_mnt, const char *newroot, char *why,
		 size_t why_size)
{
	char opts[512];

	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s/upper,workdir=%s/work", lower,
		 data_mnt, data_mnt);
	if (mount("overlay", newroot, "overlay", MS_NOATIME, opts) != 0) {
		snprintf(why, why_size, "mount overlay (%s) on %s: %s", opts, newroot,
			 strerror(errno));
		return -1;
	}
	return 0;
}
