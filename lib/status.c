/* SPDX-License-Identifier: MIT */
#include "status.h"

#include "fmt.h"
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void status_add(struct status *s, const char *key, const char *fmt, ...)
{
	char value[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	fmt_vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	for (char *p = value; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	n = fmt_snprintf(s->text + s->len, sizeof(s->text) - s->len, "%s=%s\n", key, value);
	if (n > 0 && (size_t)n < sizeof(s->text) - s->len)
		s->len += (size_t)n;
}

int status_write(const struct status *s)
{
	const char *tmp = STATUS_FILE ".tmp";
	int fd, saved;

	if (ensure_dir(STATUS_DIR, 0755) != 0)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, s->text, s->len) != (ssize_t)s->len || fchmod(fd, 0644) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, STATUS_FILE) != 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

int status_value(const char *text, size_t len, const char *key, char *value, size_t value_size)
{
	size_t klen = strlen(key);
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;

		if ((size_t)(line_end - p) > klen && memcmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t n = (size_t)(line_end - p) - klen - 1;

			if (value_size == 0)
				return 1;
			if (n >= value_size)
				n = value_size - 1;
			memcpy(value, p + klen + 1, n);
			value[n] = '\0';
			return 1;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (value_size)
		value[0] = '\0';
	return 0;
}
