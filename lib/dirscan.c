/* SPDX-License-Identifier: MIT */
#include "dirscan.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The kernel's record (its ABI: every field keeps its place, used or not);
 * d_name is NUL-terminated within d_reclen. */
struct linux_dirent64 {
	unsigned long long d_ino; // cppcheck-suppress unusedStructMember
	long long d_off;          // cppcheck-suppress unusedStructMember
	unsigned short d_reclen;
	unsigned char d_type;     // cppcheck-suppress unusedStructMember
	char d_name[];
};

void dirscan_start(struct dirscan *d, int fd)
{
	d->fd = fd;
	d->error = 0;
	d->pos = 0;
	d->len = 0;
}

static int refill(struct dirscan *d)
{
	long n = syscall(SYS_getdents64, d->fd, d->buf, sizeof(d->buf));

	if (n < 0) {
		d->error = errno;
		return 0;
	}
	d->pos = 0;
	d->len = (unsigned)n;
	return n > 0;
}

static int is_dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

const char *dirscan_next(struct dirscan *d)
{
	for (;;) {
		const struct linux_dirent64 *de;
		size_t name_room;

		if (d->pos >= d->len && !refill(d))
			return NULL;
		de = (const struct linux_dirent64 *)((const char *)d->buf + d->pos);
		/* Bounded even if a record were malformed: it must hold its
		 * header and a terminated name, and end inside the buffer. */
		if (d->len - d->pos < offsetof(struct linux_dirent64, d_name) + 1 ||
		    de->d_reclen <= offsetof(struct linux_dirent64, d_name) ||
		    de->d_reclen > d->len - d->pos) {
			d->error = EIO;
			return NULL;
		}
		name_room = de->d_reclen - offsetof(struct linux_dirent64, d_name);
		d->pos += de->d_reclen;
		if (memchr(de->d_name, '\0', name_room) == NULL) {
			d->error = EIO;
			return NULL;
		}
		if (!is_dot_or_dotdot(de->d_name))
			return de->d_name;
	}
}
