/* SPDX-License-Identifier: MIT */
#include "root.h"

#include "cmdline.h"
#include "fmt.h"
#include "log.h"
#include "wait.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

static int device_present(const char *dev, char *why, size_t why_size)
{
	struct stat st;

	if (stat(dev, &st) != 0) {
		fmt_snprintf(why, why_size, "%s: %s", dev, strerror(errno));
		return 0;
	}
	if (!S_ISBLK(st.st_mode)) {
		fmt_snprintf(why, why_size, "%s is not a block device", dev);
		return 0;
	}
	return 1;
}

struct root_wait {
	const struct vol_spec *spec;
	const struct volume_env *env;
	char *dev, *why;
	size_t dev_size, why_size;
};

/* 1: the block device is there; -1: waiting will not help; 0: not yet. */
static int root_ready(void *ctx)
{
	struct root_wait *w = ctx;
	struct volume v;
	int rc = volume_find(w->spec, w->env, &v, w->why, w->why_size);

	if (rc != 1)
		return rc;
	if (volume_block_device(&v, w->dev, w->dev_size, w->why, w->why_size) != 0)
		return -1;
	return device_present(w->dev, w->why, w->why_size);
}

int root_find(const char *spec, const struct volume_env *env, int wait_ms, char *dev,
	      size_t dev_size, char *why, size_t why_size)
{
	struct vol_spec vs;
	struct root_wait w = { &vs, env, dev, why, dev_size, why_size };
	long waited = 0;
	int rc;

	if (vol_spec_parse(spec, &vs, why, why_size) != 0)
		return -1;
	rc = wait_for(root_ready, &w, wait_ms, WAIT_POLL_MS, &waited);
	if (rc == 1 && waited >= WAIT_POLL_MS)
		log_info("root: %s appeared after %ld ms", spec, waited);
	if (rc == 0 && wait_ms) {
		size_t len = strlen(why);

		fmt_snprintf(why + len, why_size - len, " (rootwait: %d ms)", wait_ms);
	}
	return rc == 1 ? 0 : -1;
}

int root_mount(const char *dev, const char *dir, const char *types, const char *flags,
	       char *used, size_t used_size, char *why, size_t why_size)
{
	const char *cursor = types;
	size_t at = 0;
	int err = EINVAL, tried = 0;

	why[0] = '\0';
	while (cmdline_list_next(&cursor, used, used_size)) {
		if (mount(dev, dir, used, MS_RDONLY, flags) == 0)
			return 0;
		err = errno;
		tried++;
		at += (size_t)fmt_snprintf(why + at, at < why_size ? why_size - at : 0, "%s%s: %s",
					   at ? "; " : "", used, strerror(err));
		if (at >= why_size)
			at = why_size; /* full: later types are tried, not named */
	}
	if (tried == 1)
		fmt_snprintf(why, why_size, "%s", strerror(err)); /* the type is in the caller's text */
	else if (!tried)
		fmt_snprintf(why, why_size, "no filesystem type given (rootfstype=\"%s\")", types);
	used[0] = '\0';
	errno = err;
	return -1;
}
