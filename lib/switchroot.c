/* SPDX-License-Identifier: MIT */
#include "switchroot.h"

#include "fmt.h"
#include "fsutil.h"
#include "wipe.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define RAMFS_MAGIC_ 0x858458f6
#define TMPFS_MAGIC_ 0x01021994

int switchroot_move_mounts(const char *newroot, const char *const mounts[], char *why,
			   size_t why_size)
{
	char target[256];

	for (; *mounts; mounts++) {
		fmt_snprintf(target, sizeof(target), "%s%s", newroot, *mounts);
		if (ensure_dir(target, 0755) != 0) {
			fmt_snprintf(why, why_size, "cannot create mount point %s: %s", target,
				 strerror(errno));
			return -1;
		}
		if (mount(*mounts, target, NULL, MS_MOVE, NULL) != 0) {
			fmt_snprintf(why, why_size, "move mount %s to %s: %s", *mounts, target,
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

int switchroot_enter(const char *newroot, char *why, size_t why_size)
{
	int old_root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (old_root < 0) {
		fmt_snprintf(why, why_size, "open /: %s", strerror(errno));
		return -1;
	}
	if (chdir(newroot) != 0 || mount(".", "/", NULL, MS_MOVE, NULL) != 0 || chroot(".") != 0 ||
	    chdir("/") != 0) {
		fmt_snprintf(why, why_size, "make %s the root: %s", newroot, strerror(errno));
		close(old_root);
		return -1;
	}
	return old_root;
}

long switchroot_free_initramfs(int old_root_fd, char *why, size_t why_size)
{
	struct statfs sfs;

	if (getpid() != 1) {
		fmt_snprintf(why, why_size, "not PID 1: leaving the initramfs in place");
		close(old_root_fd);
		return -1;
	}
	if (fstatfs(old_root_fd, &sfs) != 0) {
		fmt_snprintf(why, why_size, "stat old root: %s", strerror(errno));
		close(old_root_fd);
		return -1;
	}
	if ((unsigned long)sfs.f_type != RAMFS_MAGIC_ && (unsigned long)sfs.f_type != TMPFS_MAGIC_) {
		fmt_snprintf(why, why_size, "old root is not ramfs/tmpfs (0x%lx): not deleting",
			 (unsigned long)sfs.f_type);
		close(old_root_fd);
		return -1;
	}
	/* The wipe's deleter: same device only, symlinks never followed, a
	 * failure reported (the initramfs's RAM stays taken) rather than hidden. */
	return wipe_tree(old_root_fd, NULL, why, why_size);
}
