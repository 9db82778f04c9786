/* SPDX-License-Identifier: MIT */
#include "mtd.h"

#include "fsutil.h"

#include <string.h>

#define MTD_INDEX_MAX 4096 /* far above any real flash layout */

/* Parse "mtdN:" at p (bounded by end); return N or -1. */
static int parse_mtd_prefix(const char *p, const char *end, const char **after)
{
	int n = 0, digits = 0;

	if (end - p < 4 || memcmp(p, "mtd", 3) != 0)
		return -1;
	for (p += 3; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		n = n * 10 + (*p - '0');
		if (n > MTD_INDEX_MAX)
			return -1;
	}
	if (!digits || p >= end || *p != ':')
		return -1;
	*after = p + 1;
	return n;
}

/* Does the line [p, end) carry the quoted name? The name is the text between
 * the first '"' and the last '"' of the line. */
static int line_has_name(const char *p, const char *end, const char *name)
{
	const char *open = memchr(p, '"', (size_t)(end - p));
	const char *close = end;
	size_t nlen = strlen(name);

	if (!open)
		return 0;
	while (close > open + 1 && close[-1] != '"')
		close--;
	if (close <= open + 1)
		return 0;
	close--; /* at the closing quote */
	return (size_t)(close - open - 1) == nlen && memcmp(open + 1, name, nlen) == 0;
}

int mtd_index_by_name(const char *buf, size_t len, const char *name)
{
	const char *p = buf, *end = buf + len;

	while (p < end && *p) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		const char *nul = memchr(p, '\0', (size_t)(line_end - p));
		const char *after;
		int n;

		if (nul)
			line_end = nul;
		n = parse_mtd_prefix(p, line_end, &after);
		if (n >= 0 && line_has_name(after, line_end, name))
			return n;
		if (!nl || nul)
			break;
		p = nl + 1;
	}
	return -1;
}

int mtd_find(const char *name)
{
	char buf[8192];
	long n = read_file("/proc/mtd", buf, sizeof(buf));

	if (n < 0)
		return -2;
	return mtd_index_by_name(buf, (size_t)n, name);
}
