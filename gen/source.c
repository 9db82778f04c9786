/* SPDX-License-Identifier: MIT */
#include "source.h"

#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "list:line:column" for a list entry, the origin alone for others. */
static const char *where(const struct entry *e, char *buf, size_t size)
{
	if (!e->source_column)
		return e->origin;
	snprintf(buf, size, "%s:%u", e->origin, e->source_column);
	return buf;
}

static int not_regular(const struct entry *e)
{
	char at[512];

	diag("%s: source " VAL " is not a regular file", where(e, at, sizeof(at)),
	     VALARG(e->source));
	return -1;
}

static int cannot_open(const struct entry *e, int err)
{
	char at[512];

	diag("%s: source file " VAL ": %s", where(e, at, sizeof(at)), VALARG(e->source),
	     strerror(err));
	return -1;
}

int source_open(const struct entry *e, struct dir_cache *c, struct stat *st)
{
	const char *name;
	int at = dir_cache_at(c, e->source, &name);
	int fd = openat(at, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int err = errno;

	if (fd < 0) {
		if (fstatat(at, name, st, 0) != 0)
			return cannot_open(e, err);
		if (!S_ISREG(st->st_mode))
			return not_regular(e);
		if (st->st_size == 0)
			return SOURCE_EMPTY;
		return cannot_open(e, err);
	}
	if (fstat(fd, st) != 0) {
		err = errno;
		close(fd);
		return cannot_open(e, err);
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return not_regular(e);
	}
	return fd;
}

int sources_check(const struct tree *t)
{
	struct dir_cache c = DIR_CACHE_INIT;
	int rc = 0;

	for (size_t i = 0; i < t->n && rc == 0; i++) {
		const struct entry *e = &t->v[i];
		const char *name;
		struct stat st;
		int at;

		if (e->type != ENTRY_FILE || !e->carries_data)
			continue;
		at = dir_cache_at(&c, e->source, &name);
		if (fstatat(at, name, &st, 0) != 0)
			rc = cannot_open(e, errno);
		else if (!S_ISREG(st.st_mode))
			rc = not_regular(e);
	}
	dir_cache_release(&c);
	return rc;
}
