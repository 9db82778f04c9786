/* SPDX-License-Identifier: MIT */
/* Fuzz target: /proc/mtd parsing (lib/mtd.c, mtd_index_by_name).
 *
 * Input: a name (a length byte, then that many bytes, cut at a NUL), then the
 * /proc/mtd text, in a buffer of exactly its size. The result is compared
 * with a reference written differently (NUL-terminated copy, one line at a
 * time, strchr/strrchr) from the contract in lib/mtd.h:
 *   the first line "mtdN: ... "NAME"" (N decimal, at most 4096; NAME between
 *   the first and the last '"' after the colon) whose NAME equals name;
 *   the text ends at the first NUL. */
#include "lib/mtd.h"
#include "tests/fuzz/fuzz.h"

#define INDEX_MAX 4096

static int reference_line(char *line, const char *name)
{
	char *p = line + 3, *open, *close;
	long n = 0;

	if (strncmp(line, "mtd", 3) != 0 || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((n = n * 10 + (*p - '0')) > INDEX_MAX)
			return -1;
	if (*p != ':')
		return -1;
	open = strchr(p + 1, '"');
	close = strrchr(p + 1, '"');
	if (!open || close == open)
		return -1;
	*close = '\0';
	return strcmp(open + 1, name) == 0 ? (int)n : -1;
}

static int reference(const uint8_t *data, size_t len, const char *name)
{
	char *text = malloc(len + 1), *line, *nl;
	int found = -1;

	if (!text)
		abort();
	memcpy(text, data, len);
	text[len] = '\0';
	for (line = text; found < 0 && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		found = reference_line(line, name);
		if (!nl)
			break;
	}
	free(text);
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_input in = { data, len };
	char *name = take_string(&in, 255);
	/* The table in a buffer of its own exact size, so ASan sees any over-read. */
	char *table = malloc(in.n ? in.n : 1);
	int got, want;

	if (!table)
		abort();
	memcpy(table, in.p, in.n);
	got = mtd_index_by_name(table, in.n, name);
	want = reference(in.p, in.n, name);
	FUZZ_CHECK(got >= -1 && got <= INDEX_MAX, "index %d out of range", got);
	FUZZ_CHECK(got == want, "mtd_index_by_name gives %d, the reference %d (name '%s')", got,
		   want, name);
	free(table);
	free(name);
	return 0;
}
