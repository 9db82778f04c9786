/* SPDX-License-Identifier: MIT */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag(const char *fmt, ...)
{
	va_list ap;

	fputs("gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void *xrealloc(void *p, unsigned long size)
{
	void *q = realloc(p, size ? size : 1);

	if (!q) {
		diag("out of memory (%lu bytes)", size);
		exit(1);
	}
	return q;
}

void *xmalloc(unsigned long size)
{
	return xrealloc(NULL, size);
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}
