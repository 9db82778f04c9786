/* SPDX-License-Identifier: MIT */
/* Fuzz target: the volume spec grammar (lib/volspec.c) and the status file
 * reader (lib/status.c, status_value).
 *
 * Input: a spec (a length byte, then that many bytes, cut at a NUL), a key
 * the same way, then status text in a buffer of exactly its size. Checked:
 * a parsed spec's name is NUL-terminated, at most VOL_NAME_MAX bytes and the
 * input's own tail (empty for "rootdisk" only, and only that is rootdisk); ubi_num is -1 or 0-31 and set only for ubiN:; a refused
 * spec leaves a message. status_value agrees with a reference that splits a
 * NUL-terminated copy into lines with strchr. */
#include "lib/status.h"
#include "lib/volspec.h"
#include "tests/fuzz/fuzz.h"

static void check_spec(const char *spec)
{
	struct vol_spec s;
	char why[160];
	size_t len;

	why[0] = '\0';
	if (vol_spec_parse(spec, &s, why, sizeof(why)) != 0) {
		FUZZ_CHECK(why[0] != '\0' && memchr(why, '\0', sizeof(why)), "refused without a reason");
		return;
	}
	len = strnlen(s.name, sizeof(s.name));
	/* rootdisk alone has no name: the whole spec, nothing after it. */
	FUZZ_CHECK((s.kind == VOL_ROOTDISK) == (strcmp(spec, "rootdisk") == 0),
		   "kind %d for '%s'", s.kind, spec);
	FUZZ_CHECK(s.kind == VOL_ROOTDISK ? len == 0 : len > 0 && len <= VOL_NAME_MAX,
		   "name length %zu", len);
	FUZZ_CHECK(strlen(spec) >= len && strcmp(spec + strlen(spec) - len, s.name) == 0,
		   "name '%s' is not the tail of '%s'", s.name, spec);
	FUZZ_CHECK(s.ubi_num >= -1 && s.ubi_num <= 31, "ubi_num %d", s.ubi_num);
	FUZZ_CHECK(s.kind == VOL_UBI || s.ubi_num == -1, "ubi_num set for kind %d", s.kind);
	FUZZ_CHECK(s.kind != VOL_DEV || strncmp(s.name, "/dev/", 5) == 0, "dev '%s'", s.name);
}

static int reference(const uint8_t *data, size_t len, const char *key, char *value, size_t size)
{
	char *text = malloc(len + 1), *line, *nl;
	size_t klen = strlen(key);
	int found = 0;

	if (!text)
		abort();
	memcpy(text, data, len);
	text[len] = '\0';
	for (line = text; !found && line < text + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(text + len - line));
		if (nl)
			*nl = '\0';
		else
			nl = text + len;
		/* the line as bytes: an embedded NUL is part of it */
		if ((size_t)(nl - line) > klen && memcmp(line, key, klen) == 0 && line[klen] == '=') {
			size_t n = (size_t)(nl - line) - klen - 1;

			if (n >= size)
				n = size - 1;
			memcpy(value, line + klen + 1, n);
			value[n] = '\0';
			found = 1;
		}
	}
	free(text);
	return found;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_input in = { data, len };
	char *spec = take_string(&in, 255);
	char *key = take_string(&in, 32);
	char *text = malloc(in.n ? in.n : 1);
	char got[24], want[24];
	int g, w;

	if (!text)
		abort();
	check_spec(spec);
	memcpy(text, in.p, in.n);
	g = status_value(text, in.n, key, got, sizeof(got));
	w = reference(in.p, in.n, key, want, sizeof(want));
	FUZZ_CHECK(g == w, "status_value %d, reference %d (key '%s')", g, w, key);
	FUZZ_CHECK(!g || memcmp(got, want, strnlen(want, sizeof(want)) + 1) == 0,
		   "value differs for key '%s'", key);
	free(text);
	free(key);
	free(spec);
	return 0;
}
