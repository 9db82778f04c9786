/* SPDX-License-Identifier: MIT */
/* snprintf for /init, without the C library's printf.
 *
 * musl's printf family costs about 10 KB of a 40 KiB /init (its floating
 * point formatting comes along with any use); rominit's messages need only
 * %s %d %i %u %x %c %%, the 'l' and 'll' lengths, a '0' flag, a field width and a %s
 * precision, which this does in well under 1 KB. The result is what
 * snprintf's would be: the length the whole output needs, the buffer always
 * NUL-terminated (size > 0). A conversion outside that set is copied out as
 * text from its '%' on and no further argument is read: a wrong message, never
 * a wrong memory access. GCC checks every call's arguments (format
 * attribute), and tests/unit/test_lib_fmt.c compares with the C library. */
#ifndef ROMINIT_FMT_H
#define ROMINIT_FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
