/* SPDX-License-Identifier: MIT */
/* Minimal TAP output for the C unit tests: CHECK(cond, name) prints
 * "ok - name" or "not ok - name (file:line)"; tap_done() returns the exit code. */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <stdio.h>

static int tap_failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		int tap_ok_ = (cond) ? 1 : 0;                                  \
		printf("%s - ", tap_ok_ ? "ok" : "not ok");                    \
		printf(__VA_ARGS__);                                           \
		if (!tap_ok_) {                                                \
			printf(" (%s:%d: %s)", __FILE__, __LINE__, #cond);     \
			tap_failures++;                                        \
		}                                                              \
		printf("\n");                                                  \
	} while (0)

static inline int tap_done(void)
{
	return tap_failures ? 1 : 0;
}

#endif
