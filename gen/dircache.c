/* SPDX-License-Identifier: MIT */
#include "dircache.h"

#include "diag.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void dir_cache_release(struct dir_cache *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->dir);
	c->dir = NULL;
	c->fd = -1;
}

int dir_cache_at(struct dir_cache *c, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t len;

	*base = path;
	if (!slash || slash == path || slash[1] == '\0')
		return AT_FDCWD;
	len = (size_t)(slash - path);
	if (!c->dir || strncmp(c->dir, path, len) != 0 || c->dir[len] != '\0') {
		dir_cache_release(c);
		c->dir = xmalloc(len + 1);
		memcpy(c->dir, path, len);
		c->dir[len] = '\0';
		c->fd = open(c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (c->fd < 0)
		return AT_FDCWD;
	*base = slash + 1;
	return c->fd;
}
