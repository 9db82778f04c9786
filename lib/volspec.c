/* SPDX-License-Identifier: MIT */
#include "volspec.h"

#include "fmt.h"

#include <string.h>

#define UBI_NUM_MAX 31 /* the kernel's UBI_MAX_DEVICES - 1 */

const char *vol_kind_name(enum vol_kind kind)
{
	switch (kind) {
	case VOL_MTD: return "mtd";
	case VOL_UBI: return "ubi";
	case VOL_DEV: return "dev";
	case VOL_PARTLABEL: return "partlabel";
	case VOL_PARTUUID: return "partuuid";
	case VOL_ROOTDISK: return "rootdisk";
	}
	return "unknown";
}

static int take_name(const char *spec, const char *name, struct vol_spec *out, char *why,
		     size_t why_size)
{
	size_t len = strlen(name);

	if (len == 0) {
		fmt_snprintf(why, why_size, "\"%s\": empty name", spec);
		return -1;
	}
	if (len > VOL_NAME_MAX) {
		fmt_snprintf(why, why_size, "\"%.32s...\": name longer than %d bytes", spec,
			     VOL_NAME_MAX);
		return -1;
	}
	memcpy(out->name, name, len + 1);
	return 0;
}

/* "ubi" then optional digits, then ':'. The device number, -1 for none,
 * or -2 when the digits are no UBI device number. */
static int ubi_prefix(const char *spec, const char **name)
{
	const char *p = spec + 3;
	int n = 0, digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		n = n * 10 + (*p - '0');
		if (n > UBI_NUM_MAX)
			return -2;
	}
	if (*p != ':')
		return -2;
	*name = p + 1;
	return digits ? n : -1;
}

/* The prefixed forms; ubi's number is parsed apart. */
static const struct {
	const char *prefix;
	unsigned char len, keep; /* keep: the name is the whole spec (/dev/...) */
	enum vol_kind kind;
} forms[] = {
	{ "mtd:", 4, 0, VOL_MTD },
	{ "/dev/", 5, 1, VOL_DEV },
	{ "PARTLABEL=", 10, 0, VOL_PARTLABEL },
	{ "PARTUUID=", 9, 0, VOL_PARTUUID },
};

int vol_spec_parse(const char *spec, struct vol_spec *out, char *why, size_t why_size)
{
	const char *name;

	memset(out, 0, sizeof(*out));
	out->ubi_num = -1;
	if (strcmp(spec, "rootdisk") == 0) {
		out->kind = VOL_ROOTDISK;
		return 0;
	}
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (strncmp(spec, forms[i].prefix, forms[i].len) == 0) {
			out->kind = forms[i].kind;
			return take_name(spec, forms[i].keep ? spec : spec + forms[i].len, out, why,
					 why_size);
		}
	}
	if (strncmp(spec, "ubi", 3) == 0 && (spec[3] == ':' || (spec[3] >= '0' && spec[3] <= '9'))) {
		int n = ubi_prefix(spec, &name);

		if (n == -2) {
			fmt_snprintf(why, why_size, "\"%s\": use ubi:NAME or ubiN:NAME (N 0-%d)", spec,
				     UBI_NUM_MAX);
			return -1;
		}
		out->kind = VOL_UBI;
		out->ubi_num = n;
		return take_name(spec, name, out, why, why_size);
	}
	fmt_snprintf(why, why_size, "unsupported form \"%s\" (use mtd:NAME, ubi:NAME, ubiN:NAME, "
		     "PARTLABEL=, PARTUUID=, /dev/... or rootdisk)", spec);
	return -1;
}
