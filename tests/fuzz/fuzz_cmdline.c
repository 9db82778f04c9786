/* SPDX-License-Identifier: MIT */
/* Fuzz target: the kernel command line parser (lib/cmdline.c).
 *
 * The input is the raw /proc/cmdline bytes, in a buffer of exactly that size
 * (not NUL-terminated: ASan sees any read past len). Checked on the result:
 * every string field and error text NUL-terminated inside its array, values
 * within their documented ranges, string values copied from the input, and
 * the parse deterministic and stopped by the first NUL as documented. */
#include "lib/cmdline.h"
#include "tests/fuzz/fuzz.h"

static void check_string(const char *field, size_t size, const uint8_t *data, size_t len,
			 const char *what)
{
	const char *end = memchr(field, '\0', size);

	FUZZ_CHECK(end != NULL, "%s not NUL-terminated within its %zu bytes", what, size);
	/* A kept value is a piece of the command line, never made up. */
	if (end != field)
		FUZZ_CHECK(memmem(data, len, field, (size_t)(end - field)) != NULL,
			   "%s '%s' is not in the input", what, field);
}

static void check_seconds(int v, int lowest, const char *what)
{
	FUZZ_CHECK(v >= lowest && v <= 3600, "%s = %d outside [%d, 3600]", what, v, lowest);
}

/* rootfstype= as a list: items are non-empty, comma-free, NUL-terminated
 * within the buffer, and the walk ends. */
static void check_list(const char *list)
{
	const char *cur = list;
	char item[16];
	size_t items = 0;

	while (cmdline_list_next(&cur, item, sizeof(item))) {
		FUZZ_CHECK(memchr(item, '\0', sizeof(item)) != NULL, "list item not terminated");
		FUZZ_CHECK(item[0] != '\0' && strchr(item, ',') == NULL, "list item '%s'", item);
		FUZZ_CHECK(cur >= list && cur <= list + strlen(list), "cursor left the list");
		FUZZ_CHECK(++items <= strlen(list), "more items than bytes");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct cmdline c, again;
	const char *nul = memchr(data, '\0', len);

	cmdline_parse((const char *)data, len, &c);

	check_string(c.root, sizeof(c.root), data, len, "root");
	check_string(c.rootfstype, sizeof(c.rootfstype), data, len, "rootfstype");
	check_string(c.rootflags, sizeof(c.rootflags), data, len, "rootflags");
	check_string(c.init, sizeof(c.init), data, len, "init");
	check_list(c.rootfstype);
	check_seconds(c.rootwait_sec, -1, "rootwait_sec");
	check_seconds(c.rootdelay_sec, 0, "rootdelay_sec");
	check_seconds(c.reboot_delay_sec, -1, "reboot_delay_sec");
	FUZZ_CHECK(c.rootwait || c.rootwait_sec == -1, "rootwait=%d without rootwait",
		   c.rootwait_sec);
	FUZZ_CHECK(c.nerrors >= 0 && (size_t)c.nerrors <= len, "nerrors = %d for %zu bytes",
		   c.nerrors, len);
	for (int i = 0; i < c.nerrors && i < CMDLINE_ERRORS_MAX; i++) {
		FUZZ_CHECK(memchr(c.errors[i], '\0', sizeof(c.errors[i])) != NULL,
			   "errors[%d] not NUL-terminated", i);
		FUZZ_CHECK(c.errors[i][0] != '\0', "errors[%d] empty", i);
	}

	/* Same input, same result (the struct is cleared first, padding too). */
	cmdline_parse((const char *)data, len, &again);
	FUZZ_CHECK(memcmp(&c, &again, sizeof(c)) == 0, "two parses of one input differ");

	/* The line ends at the first NUL, as if len said so. */
	if (nul) {
		cmdline_parse((const char *)data, (size_t)(nul - (const char *)data), &again);
		FUZZ_CHECK(memcmp(&c, &again, sizeof(c)) == 0, "bytes after a NUL changed the result");
	}
	return 0;
}
