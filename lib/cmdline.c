/* SPDX-License-Identifier: MIT */
/* Kernel command line parsing. The kernel splits on spaces outside double
 * quotes and strips the quotes around a value (root="a b"); we do the same,
 * bounded by len and by CMDLINE_VALUE_MAX, and never allocate. */

#include "cmdline.h"
#include "fmt.h"

#include <string.h>

#define MAX_SECONDS 3600 /* larger waits are a typo, not a wish */

static void record_error(struct cmdline *c, const char *key, const char *why)
{
	if (c->nerrors < CMDLINE_ERRORS_MAX)
		fmt_snprintf(c->errors[c->nerrors], sizeof(c->errors[0]), "%.40s: %s", key, why);
	c->nerrors++;
}

/* Parse a decimal number of seconds in [0, MAX_SECONDS]; -1 when malformed. */
static int parse_seconds(const char *s)
{
	int v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > MAX_SECONDS)
			return -1;
	}
	return v;
}

static void set_string(struct cmdline *c, char *field, const char *key, const char *val,
		       size_t vlen)
{
	if (vlen == 0) {
		record_error(c, key, "empty value");
		return;
	}
	if (vlen >= CMDLINE_VALUE_MAX) {
		record_error(c, key, "value too long");
		return;
	}
	memcpy(field, val, vlen);
	field[vlen] = '\0';
}

static void set_seconds(struct cmdline *c, int *field, const char *key, const char *val,
			size_t vlen)
{
	char tmp[16];
	int v;

	if (vlen >= sizeof(tmp)) {
		record_error(c, key, "not a number of seconds (0-3600)");
		return;
	}
	memcpy(tmp, val, vlen);
	tmp[vlen] = '\0';
	v = parse_seconds(tmp);
	if (v < 0) {
		record_error(c, key, "not a number of seconds (0-3600)");
		return;
	}
	*field = v;
}

/* A flag of ours: bare, or =1/=0 (yes/no, true/false, on/off). */
static void set_flag(struct cmdline *c, bool *field, const char *key, const char *val, size_t vlen)
{
	static const char *const yes[] = { "1", "y", "yes", "true", "on" };
	static const char *const no[] = { "0", "n", "no", "false", "off" };

	if (!val) {
		*field = true;
		return;
	}
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strlen(yes[i]) == vlen && memcmp(val, yes[i], vlen) == 0) {
			*field = true;
			return;
		}
		if (strlen(no[i]) == vlen && memcmp(val, no[i], vlen) == 0) {
			*field = false;
			return;
		}
	}
	record_error(c, key, "not a boolean (1/0, yes/no, true/false, on/off)");
}

/* Handle one argument: key[=value]; val is NULL for a bare flag. */
static void apply_argument(struct cmdline *c, const char *key, size_t klen, const char *val,
			   size_t vlen)
{
	char name[32];

	if (klen >= sizeof(name))
		return; /* longer than any argument we own */
	memcpy(name, key, klen);
	name[klen] = '\0';

	if (strcmp(name, "rominit.failsafe") == 0) {
		set_flag(c, &c->failsafe, name, val, vlen);
		return;
	}
	if (strcmp(name, "rominit.factory_reset") == 0) {
		set_flag(c, &c->factory_reset, name, val, vlen);
		return;
	}
	if (strcmp(name, "failsafe") == 0) {
		/* OpenWrt passes failsafe=<anything>: its presence is the request. */
		c->failsafe = true;
		return;
	}
	if (strcmp(name, "rootwait") == 0) {
		c->rootwait = true;
		if (val)
			set_seconds(c, &c->rootwait_sec, name, val, vlen);
		return;
	}
	if (!val)
		return;
	if (strcmp(name, "root") == 0)
		set_string(c, c->root, name, val, vlen);
	else if (strcmp(name, "rootfstype") == 0)
		set_string(c, c->rootfstype, name, val, vlen);
	else if (strcmp(name, "rootflags") == 0)
		set_string(c, c->rootflags, name, val, vlen);
	else if (strcmp(name, "init") == 0 && vlen > 0 && val[0] != '/')
		/* Resolved against whatever the working directory is at exec:
		 * what the kernel's own init= expects is an absolute path. */
		record_error(c, name, "not an absolute path");
	else if (strcmp(name, "init") == 0)
		set_string(c, c->init, name, val, vlen);
	else if (strcmp(name, "rootdelay") == 0)
		set_seconds(c, &c->rootdelay_sec, name, val, vlen);
	else if (strcmp(name, "rominit.reboot_delay") == 0)
		set_seconds(c, &c->reboot_delay_sec, name, val, vlen);
	else if (strcmp(name, "fstools_overlay_fstype") == 0)
		set_string(c, c->overlay_fstype, name, val, vlen);
}

int cmdline_fstype(const char *value)
{
	static const char names[][5] = { "auto", "ext4", "f2fs" };

	if (!value[0])
		return CMDLINE_FSTYPE_BOARD;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(value, names[i]) == 0)
			return CMDLINE_FSTYPE_AUTO + (int)i;
	return -1;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

void cmdline_parse(const char *buf, size_t len, struct cmdline *out)
{
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	out->rootwait_sec = -1;
	out->reboot_delay_sec = -1;

	while (i < len && buf[i] != '\0') {
		size_t kstart, klen, vstart = 0, vlen = 0;
		int has_val = 0;

		while (i < len && is_space(buf[i]))
			i++;
		if (i >= len || buf[i] == '\0')
			break;
		kstart = i;
		while (i < len && buf[i] && buf[i] != '=' && !is_space(buf[i]))
			i++;
		klen = i - kstart;
		if (i < len && buf[i] == '=') {
			int quoted = 0;

			has_val = 1;
			i++;
			if (i < len && buf[i] == '"') {
				quoted = 1;
				i++;
			}
			vstart = i;
			while (i < len && buf[i] && (quoted ? buf[i] != '"' : !is_space(buf[i])))
				i++;
			vlen = i - vstart;
			if (quoted && i < len && buf[i] == '"')
				i++;
		}
		apply_argument(out, buf + kstart, klen, has_val ? buf + vstart : NULL, vlen);
	}
}

int cmdline_list_next(const char **cursor, char *item, size_t size)
{
	const char *p = *cursor;
	size_t len = 0;

	while (*p == ',')
		p++;
	if (*p == '\0' || size == 0) {
		*cursor = p;
		return 0;
	}
	while (p[len] && p[len] != ',')
		len++;
	*cursor = p + len;
	if (len >= size)
		len = size - 1;
	memcpy(item, p, len);
	item[len] = '\0';
	return 1;
}
