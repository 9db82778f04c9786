/* gen's error reporting: one line, "gen: WHERE: PROBLEM", to stderr. */
#ifndef GEN_DIAG_H
#define GEN_DIAG_H

void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that reports and exits on failure: gen has nothing to save then. */
void *xmalloc(unsigned long size);
void *xrealloc(void *p, unsigned long size);
char *xstrdup(const char *s);

#endif
