/* SPDX-License-Identifier: MIT */
/* Fuzz target: the hook request file (lib/hooks.c, hooks_parse_requests).
 *
 * The input is the file's bytes, in a buffer of exactly that size. The
 * result is compared with a reference written from docs/hooks.md: one
 * request a line, trailing spaces and CRs ignored, "failsafe" and
 * "factory-reset" known, every other non-empty line counted as unknown. */
#include "lib/hooks.h"
#include "tests/fuzz/fuzz.h"

static unsigned reference(const uint8_t *p, size_t len, int *unknown)
{
	unsigned req = 0;

	*unknown = 0;
	for (size_t start = 0; start < len;) {
		const uint8_t *nl = memchr(p + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - p) : len;
		size_t n = end - start;

		while (n > 0 && (p[start + n - 1] == ' ' || p[start + n - 1] == '\r'))
			n--;
		if (n == strlen("failsafe") && memcmp(p + start, "failsafe", n) == 0)
			req |= HOOK_REQUEST_FAILSAFE;
		else if (n == strlen("factory-reset") && memcmp(p + start, "factory-reset", n) == 0)
			req |= HOOK_REQUEST_FACTORY_RESET;
		else if (n > 0)
			(*unknown)++;
		start = end + 1;
	}
	return req;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	int unknown = -1, want_unknown;
	unsigned got = hooks_parse_requests((const char *)data, len, &unknown);
	unsigned want = reference(data, len, &want_unknown);

	FUZZ_CHECK((got & ~(HOOK_REQUEST_FAILSAFE | HOOK_REQUEST_FACTORY_RESET)) == 0,
		   "unknown request bits %#x", got);
	FUZZ_CHECK(got == want && unknown == want_unknown,
		   "requests %#x, %d unknown; the reference says %#x, %d", got, unknown, want,
		   want_unknown);
	return 0;
}
