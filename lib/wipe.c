/* SPDX-License-Identifier: MIT */
#include "wipe.h"

#include "dirscan.h"
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WIPE_DEPTH_MAX 128

struct wipe {
	dev_t dev;
	long deleted;
	int failed;
	char *why;
	size_t why_size;
};

static void note_failure(struct wipe *w, const char *name, const char *what)
{
	if (!w->failed)
		fmt_snprintf(w->why, w->why_size, "%s %s: %s", what, name, strerror(errno));
	w->failed = 1;
}

static void wipe_entries(struct wipe *w, int dirfd, const char *const keep[], int depth);

static void wipe_entry(struct wipe *w, int dirfd, const char *name, int depth)
{
	struct stat st;
	int is_dir;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		note_failure(w, name, "stat");
		return;
	}
	if (st.st_dev != w->dev)
		return; /* a mount point: not ours to delete */
	is_dir = S_ISDIR(st.st_mode);
	if (is_dir) {
		int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (sub < 0) {
			note_failure(w, name, "open");
			return;
		}
		if (depth >= WIPE_DEPTH_MAX) {
			errno = ELOOP;
			note_failure(w, name, "descend into");
			close(sub);
			return;
		}
		wipe_entries(w, sub, NULL, depth + 1); /* closes sub */
	}
	if (unlinkat(dirfd, name, is_dir ? AT_REMOVEDIR : 0) != 0)
		note_failure(w, name, "delete");
	else
		w->deleted++;
}

static int kept(const char *const keep[], const char *name)
{
	for (; keep && *keep; keep++)
		if (strcmp(name, *keep) == 0)
			return 1;
	return 0;
}

static void wipe_entries(struct wipe *w, int dirfd, const char *const keep[], int depth)
{
	struct dirscan d;
	const char *name;

	dirscan_start(&d, dirfd);
	while ((name = dirscan_next(&d)) != NULL) {
		if (kept(keep, name))
			continue;
		wipe_entry(w, dirfd, name, depth);
	}
	if (d.error) {
		errno = d.error;
		note_failure(w, ".", "read directory");
	}
	close(dirfd);
}

long wipe_tree(int dirfd, const char *const keep[], char *why, size_t why_size)
{
	struct wipe w = { 0, 0, 0, why, why_size };
	struct stat st;

	if (fstat(dirfd, &st) != 0) {
		fmt_snprintf(why, why_size, "stat: %s", strerror(errno));
		close(dirfd);
		return -1;
	}
	w.dev = st.st_dev;
	wipe_entries(&w, dirfd, keep, 0);
	return w.failed ? -1 : w.deleted;
}

long wipe_dir(const char *dir, const char *const keep[], char *why, size_t why_size)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		fmt_snprintf(why, why_size, "open %s: %s", dir, strerror(errno));
		return -1;
	}
	return wipe_tree(fd, keep, why, why_size);
}
