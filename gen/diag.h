/* SPDX-License-Identifier: MIT */
/* gen's error reporting: one line, "gen: WHERE: PROBLEM", to stderr. */
#ifndef GEN_DIAG_H
#define GEN_DIAG_H

void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A value quoted in a report, cut at 60 characters: diag(VAL, VALARG(s)).
 * Needs <string.h>. */
#define VAL "'%.60s%s'"
#define VALARG(s) (s), strlen(s) > 60 ? "..." : ""

/* Allocation that reports and exits on failure: gen has nothing to save then. */
void *xmalloc(unsigned long size);
void *xrealloc(void *p, unsigned long size);
char *xstrdup(const char *s);

#endif
