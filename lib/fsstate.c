/* SPDX-License-Identifier: MIT */
#include "fsstate.h"

#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#define STATE_NAME ".fs_state"
#define STATE_TMP ".fs_state.tmp"

enum fs_state fs_state_parse(const char *target, size_t len)
{
	if (len != 1)
		return FS_STATE_UNKNOWN;
	switch (target[0]) {
	case '1':
		return FS_STATE_PENDING;
	case '2':
		return FS_STATE_READY;
	default:
		return FS_STATE_UNKNOWN;
	}
}

enum fs_state fs_state_read(const char *dir)
{
	char path[256], target[16];
	ssize_t n;

	fmt_snprintf(path, sizeof(path), "%s/" STATE_NAME, dir);
	n = readlink(path, target, sizeof(target));
	if (n < 0)
		return errno == ENOENT ? FS_STATE_ABSENT : FS_STATE_UNKNOWN;
	return fs_state_parse(target, (size_t)n);
}

int fs_state_write(const char *dir, enum fs_state state)
{
	char tmp[256], path[256], target[2] = { (char)('0' + (state < 0 ? 0 : state)), '\0' };
	int dfd, rc, saved;

	fmt_snprintf(tmp, sizeof(tmp), "%s/" STATE_TMP, dir);
	fmt_snprintf(path, sizeof(path), "%s/" STATE_NAME, dir);
	if (unlink(tmp) != 0 && errno != ENOENT)
		return -1;
	if (symlink(target, tmp) != 0 || rename(tmp, path) != 0)
		return -1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	rc = fsync(dfd);
	saved = errno;
	close(dfd);
	errno = saved;
	return rc;
}

const char *fs_state_name(enum fs_state state)
{
	switch (state) {
	case FS_STATE_ABSENT: return "absent";
	case FS_STATE_UNKNOWN: return "unknown";
	case FS_STATE_PENDING: return "pending";
	case FS_STATE_READY: return "ready";
	}
	return "invalid";
}
