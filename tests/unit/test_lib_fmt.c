/* SPDX-License-Identifier: MIT */
/* lib/fmt.c against the C library's snprintf: same text, same return value,
 * for every conversion /init uses, at every buffer size that truncates. */
#include "lib/fmt.h"
#include "tap.h"

#include <limits.h>
#include <string.h>

#define SAME(...)                                                                  \
	do {                                                                       \
		char want[128], got[128];                                          \
		int wn = snprintf(want, sizeof(want), __VA_ARGS__);                \
		int gn = fmt_snprintf(got, sizeof(got), __VA_ARGS__);              \
		int cut_ok = 1;                                                    \
		for (size_t sz = 0; sz <= (size_t)wn + 1 && sz < sizeof(got); sz++) { \
			char w2[128], g2[128];                                     \
			memset(w2, 'x', sizeof(w2));                               \
			memset(g2, 'x', sizeof(g2));                               \
			snprintf(w2, sz, __VA_ARGS__);                             \
			if (fmt_snprintf(g2, sz, __VA_ARGS__) != wn ||             \
			    memcmp(w2, g2, sizeof(w2)) != 0)                       \
				cut_ok = 0;                                        \
		}                                                                  \
		CHECK(wn == gn && strcmp(want, got) == 0 && cut_ok, "%s -> \"%s\"", \
		      #__VA_ARGS__, want);                                         \
	} while (0)

int main(void)
{
	char buf[16];

	SAME("plain text");
	SAME("%s and %s", "one", "two");
	SAME("%d %d %d", 0, -42, INT_MAX);
	SAME("%d", INT_MIN);
	SAME("%i", 7);
	SAME("%ld %ld", LONG_MAX, LONG_MIN);
	SAME("%u %u", 0u, UINT_MAX);
	SAME("%lu", ULONG_MAX);
	SAME("%llu %llx", ULLONG_MAX, 0x123456789abcdefULL);
	SAME("%lld %lld", LLONG_MAX, LLONG_MIN);
	SAME("0x%x 0x%lx", 0xdeadc0deu, 0x1234abcdUL);
	SAME("[+%ld.%03lds]", 12L, 7L);
	SAME("%03ld", -5L);
	SAME("%5d|%05d", 42, -42);
	SAME("%.3s|%.40s|%.0s", "abcdef", "short", "gone");
	SAME("%c%c", 'o', 'k');
	SAME("100%%");
	SAME("%s", "");
	SAME("<%d>rominit: %s", 6, "a line");

	/* Outside the supported set: the rest is text, no argument is read. */
	CHECK(fmt_snprintf(buf, sizeof(buf), "a %f b", 1.0) == 6 && strcmp(buf, "a %f b") == 0,
	      "unknown conversion copied as text: \"%s\"", buf);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	CHECK(fmt_snprintf(buf, sizeof(buf), "end %") == 5 && strcmp(buf, "end %") == 0,
	      "a lone '%%' at the end: \"%s\"", buf);
#pragma GCC diagnostic pop
	CHECK(fmt_snprintf(NULL, 0, "%s", "counted") == 7, "size 0 only counts");
	return tap_done();
}
