/* SPDX-License-Identifier: MIT */
/* Fuzz target: rominit's own snprintf (lib/fmt.c) against the C library's.
 *
 * The input picks a buffer size (0 to 511, the buffer allocated at exactly
 * that size so ASan sees a write past it), two conversions from the set
 * lib/fmt.h documents (%s %d %i %u %x %c %%, the 'l' length, the '0' flag, a
 * width for numbers, a precision for %s; widths and precisions fuzzed),
 * literal text around them, and the arguments. fmt_snprintf must give the
 * same return value and the same bytes in the buffer as snprintf. A third of
 * the inputs use one of the formats /init really has instead. */
#include "lib/fmt.h"
#include "tests/fuzz/fuzz.h"

#include <limits.h>
#include <stdarg.h>

enum arg_type { A_NONE, A_STR, A_INT, A_LONG, A_UINT, A_ULONG, A_CHAR };

struct arg {
	enum arg_type type;
	const char *s;
	int i;
	long l;
	unsigned u;
	unsigned long ul;
};

static size_t buf_size;

/* Both formatters on the same arguments; crash on any difference. */
static void compare(const char *fmt, ...)
{
	char *want = malloc(buf_size ? buf_size : 1), *got = malloc(buf_size ? buf_size : 1);
	va_list ap, ap2;
	int wn, gn;

	if (!want || !got)
		abort();
	memset(want, 0xa5, buf_size);
	memset(got, 0xa5, buf_size);
	va_start(ap, fmt);
	va_copy(ap2, ap);
	wn = vsnprintf(buf_size ? want : NULL, buf_size, fmt, ap);
	gn = fmt_vsnprintf(buf_size ? got : NULL, buf_size, fmt, ap2);
	va_end(ap2);
	va_end(ap);
	/* A width past INT_MAX makes snprintf fail (EOVERFLOW); ours saturates. */
	if (wn >= 0) {
		FUZZ_CHECK(gn == wn, "format \"%s\" size %zu: returns %d, snprintf %d", fmt, buf_size,
			   gn, wn);
		FUZZ_CHECK(memcmp(want, got, buf_size) == 0,
			   "format \"%s\" size %zu: \"%.*s\", snprintf \"%.*s\"", fmt, buf_size,
			   (int)buf_size, got, (int)buf_size, want);
	}
	free(want);
	free(got);
}

/* Second argument dispatch: the first is already typed as A. */
#define WITH_SECOND(fmt, b, ...)                                               \
	do {                                                                   \
		switch ((b)->type) {                                           \
		case A_NONE: compare(fmt, __VA_ARGS__); break;                 \
		case A_STR: compare(fmt, __VA_ARGS__, (b)->s); break;          \
		case A_INT: case A_CHAR: compare(fmt, __VA_ARGS__, (b)->i); break; \
		case A_LONG: compare(fmt, __VA_ARGS__, (b)->l); break;         \
		case A_UINT: compare(fmt, __VA_ARGS__, (b)->u); break;         \
		case A_ULONG: compare(fmt, __VA_ARGS__, (b)->ul); break;       \
		}                                                              \
	} while (0)

static void compare2(const char *fmt, const struct arg *a, const struct arg *b)
{
	switch (a->type) {
	case A_NONE:
		switch (b->type) {
		case A_NONE: compare(fmt); break;
		case A_STR: compare(fmt, b->s); break;
		case A_INT: case A_CHAR: compare(fmt, b->i); break;
		case A_LONG: compare(fmt, b->l); break;
		case A_UINT: compare(fmt, b->u); break;
		case A_ULONG: compare(fmt, b->ul); break;
		}
		break;
	case A_STR: WITH_SECOND(fmt, b, a->s); break;
	case A_INT: case A_CHAR: WITH_SECOND(fmt, b, a->i); break;
	case A_LONG: WITH_SECOND(fmt, b, a->l); break;
	case A_UINT: WITH_SECOND(fmt, b, a->u); break;
	case A_ULONG: WITH_SECOND(fmt, b, a->ul); break;
	}
}

/* Interesting numbers more often than uniform bytes would give them. */
static uint64_t take_number(struct fuzz_input *in)
{
	static const uint64_t edges[] = { 0, 1, (uint64_t)-1, INT_MAX, (uint64_t)INT_MIN,
					  UINT_MAX, LONG_MAX, (uint64_t)LONG_MIN, 9, 10, 15, 16 };
	uint8_t how = take_u8(in);

	if (how < 64)
		return edges[how % (sizeof(edges) / sizeof(edges[0]))];
	return take_u64(in);
}

static void append(char *fmt, size_t size, const char *s)
{
	size_t n = strlen(fmt);

	snprintf(fmt + n, size - n, "%s", s);
}

/* Literal text without '%' or NUL. */
static void append_text(char *fmt, size_t size, struct fuzz_input *in)
{
	char *t = take_string(in, 24);

	for (char *p = t; *p; p++)
		if (*p == '%')
			*p = '_';
	append(fmt, size, t);
	free(t);
}

/* One conversion, its argument taken from the input. */
static void append_conversion(char *fmt, size_t size, struct fuzz_input *in, struct arg *a,
			      char **owned)
{
	static const struct {
		const char *letters;
		enum arg_type type;
	} convs[] = { { "s", A_STR }, { "d", A_INT }, { "i", A_INT }, { "ld", A_LONG },
		      { "li", A_LONG }, { "u", A_UINT }, { "x", A_UINT }, { "lu", A_ULONG },
		      { "lx", A_ULONG }, { "c", A_CHAR }, { "%", A_NONE } };
	uint8_t pick = take_u8(in), shape = take_u8(in);
	const char *letters = convs[pick % (sizeof(convs) / sizeof(convs[0]))].letters;
	char spec[32] = "%";
	uint64_t v;

	a->type = convs[pick % (sizeof(convs) / sizeof(convs[0]))].type;
	if (a->type == A_STR) {
		/* A precision: none, ".", or a number (cut to 3 digits). */
		if (shape % 3 == 1)
			append(spec, sizeof(spec), ".");
		else if (shape % 3 == 2)
			snprintf(spec + 1, sizeof(spec) - 1, ".%u", take_u32(in) % 1000);
		*owned = take_string(in, 300);
		a->s = *owned;
	} else if (a->type != A_CHAR && a->type != A_NONE) {
		/* The '0' flag and a width (up to 3 digits, leading zeros kept). */
		if (shape & 1)
			append(spec, sizeof(spec), "0");
		if (shape & 2)
			snprintf(spec + strlen(spec), sizeof(spec) - strlen(spec), "%u",
				 take_u32(in) % 1000);
		v = take_number(in);
		a->i = (int)(uint32_t)v;
		a->u = (unsigned)v;
		a->l = (long)v;
		a->ul = (unsigned long)v;
	} else if (a->type == A_CHAR) {
		a->i = take_u8(in);
	}
	append(spec, sizeof(spec), letters);
	append(fmt, size, spec);
}

/* Formats /init uses, each with its argument types. */
static const struct {
	const char *fmt;
	enum arg_type a, b;
} real_formats[] = {
	{ "%.40s: %s", A_STR, A_STR },
	{ "%.127s/%.63s", A_STR, A_STR },
	{ "[+%ld.%03lds] ", A_LONG, A_LONG },
	{ "cannot open /dev/mtd%d: %s", A_INT, A_STR },
	{ "mtd%d: read at 0x%x: ", A_INT, A_UINT },
	{ "hook %s killed after %d s (timeout)", A_STR, A_INT },
	{ "hooks: %s ran (%ld ms)", A_STR, A_LONG },
	{ "mtd%d erase size is %u bytes", A_INT, A_UINT },
	{ "overlay: %s: wiped %ld entries", A_STR, A_LONG },
	{ "%s%s", A_STR, A_STR },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_input in = { data, len };
	struct arg a = { 0 }, b = { 0 };
	char fmt[256] = "", *sa = NULL, *sb = NULL;
	uint8_t mode = take_u8(&in);

	buf_size = (take_u8(&in) << 8 | take_u8(&in)) % 512;
	if (mode % 3 == 0) {
		size_t r = (mode / 3) % (sizeof(real_formats) / sizeof(real_formats[0]));
		struct arg *args[2] = { &a, &b };
		enum arg_type types[2] = { real_formats[r].a, real_formats[r].b };
		char **owned[2] = { &sa, &sb };

		snprintf(fmt, sizeof(fmt), "%s", real_formats[r].fmt);
		for (int k = 0; k < 2; k++) {
			args[k]->type = types[k];
			if (types[k] == A_STR) {
				*owned[k] = take_string(&in, 300);
				args[k]->s = *owned[k];
			} else {
				uint64_t v = take_number(&in);

				args[k]->i = (int)(uint32_t)v;
				args[k]->u = (unsigned)v;
				args[k]->l = (long)v;
				args[k]->ul = (unsigned long)v;
			}
		}
	} else {
		append_text(fmt, sizeof(fmt), &in);
		append_conversion(fmt, sizeof(fmt), &in, &a, &sa);
		append_text(fmt, sizeof(fmt), &in);
		append_conversion(fmt, sizeof(fmt), &in, &b, &sb);
		append_text(fmt, sizeof(fmt), &in);
	}
	compare2(fmt, &a, &b);
	free(sa);
	free(sb);
	return 0;
}
