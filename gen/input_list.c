/* The list format of linux/usr/gen_init_cpio.c, one entry per line:
 *
 *   file  <name> <location> <mode> <uid> <gid> [<hard link name>...]
 *   dir   <name> <mode> <uid> <gid>
 *   nod   <name> <mode> <uid> <gid> <c|b> <major> <minor>
 *   slink <name> <target> <mode> <uid> <gid>
 *   pipe  <name> <mode> <uid> <gid>
 *   sock  <name> <mode> <uid> <gid>
 *
 * '#' starts a comment line; blank lines are ignored. One table row per type. */
#include "input.h"

#include "diag.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELDS_MAX 64

struct line {
	const char *file;
	unsigned lineno;
	char *field[FIELDS_MAX];
	unsigned column[FIELDS_MAX];
	int nfields;
	char origin[PATH_MAX + 32];
	const char *base_dir; /* for relative locations */
};

/* Report "FILE:LINE:COL: problem" for field f; long values are cut in the message. */
static int bad(const struct line *l, int f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(const struct line *l, int f, const char *fmt, ...)
{
	char problem[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	diag("%s:%u:%u: %s", l->file, l->lineno, f < l->nfields ? l->column[f] : 1, problem);
	return -1;
}

static int parse_number(const struct line *l, int f, int base, unsigned long max,
			const char *what, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(l->field[f], &end, base);
	if (*l->field[f] == '\0' || *l->field[f] == '-' || *end || errno || v > max) {
		return bad(l, f, "bad %s " VAL, what, VALARG(l->field[f]));
	}
	*out = (unsigned)v;
	return 0;
}

/* name mode uid gid, starting at field f: common to every type. */
static int parse_common(const struct line *l, int name_f, int mode_f, struct entry *e)
{
	const char *problem = NULL;

	e->name = tree_normalise(l->field[name_f], &problem);
	if (!e->name)
		return bad(l, name_f, "%s: " VAL, problem, VALARG(l->field[name_f]));
	if (parse_number(l, mode_f, 8, 07777, "mode (octal, at most 07777)", &e->mode) ||
	    parse_number(l, mode_f + 1, 10, 0xffffffffUL, "uid", &e->uid) ||
	    parse_number(l, mode_f + 2, 10, 0xffffffffUL, "gid", &e->gid))
		return -1;
	return 0;
}

static char *resolve_location(const struct line *l, const char *loc)
{
	size_t n;
	char *p;

	if (loc[0] == '/')
		return xstrdup(loc);
	n = strlen(l->base_dir) + strlen(loc) + 2;
	p = xmalloc(n);
	snprintf(p, n, "%s/%s", l->base_dir, loc);
	return p;
}

static int parse_file(const struct line *l, struct tree *t, struct entry *e)
{
	if (parse_common(l, 1, 3, e))
		return -1;
	/* Checked when read (gen/source.c): a stat here cost an eighth of
	 * writing a big archive. */
	e->source = resolve_location(l, l->field[2]);
	e->source_column = l->column[2];
	if (l->nfields > 6) {
		e->link_group = t->next_group++;
		for (int f = 6; f < l->nfields; f++) {
			struct entry link = *e;
			const char *problem = NULL;

			if (l->field[f][0] == '#')
				return bad(l, f, "'#' starts a comment only at the start of a line");
			link.name = tree_normalise(l->field[f], &problem);
			if (!link.name)
				return bad(l, f, "%s: " VAL, problem, VALARG(l->field[f]));
			if (tree_add(t, &link) != 0) {
				free(link.name);
				return -1;
			}
			free(link.name);
		}
	}
	return 0;
}

/* In a directory anyone may write to, anyone may delete or replace anyone's
 * files unless the sticky bit is set: /tmp is 1777, never 0777. */
static int parse_dir(const struct line *l, struct tree *t, struct entry *e)
{
	(void)t;
	if (parse_common(l, 1, 2, e))
		return -1;
	if ((e->mode & 0002) && !(e->mode & 01000))
		return bad(l, 2, "world-writable directory without the sticky bit: %04o (1777, as "
			   "/tmp has, if that is meant)", e->mode);
	return 0;
}

static int parse_nod(const struct line *l, struct tree *t, struct entry *e)
{
	(void)t;
	if (parse_common(l, 1, 2, e))
		return -1;
	if (strcmp(l->field[5], "c") != 0 && strcmp(l->field[5], "b") != 0)
		return bad(l, 5, "device type must be c or b, not " VAL, VALARG(l->field[5]));
	e->devtype = l->field[5][0];
	if (parse_number(l, 6, 10, 4095, "major number", &e->major) ||
	    parse_number(l, 7, 10, 1048575, "minor number", &e->minor))
		return -1; /* not the 1 of ||: input_list promises 0 or -1 */
	return 0;
}

static int parse_slink(const struct line *l, struct tree *t, struct entry *e)
{
	(void)t;
	if (strlen(l->field[2]) >= PATH_MAX)
		return bad(l, 2, "link target longer than PATH_MAX");
	e->source = xstrdup(l->field[2]); /* kept verbatim, absolute or not */
	return parse_common(l, 1, 3, e);
}

static int parse_special(const struct line *l, struct tree *t, struct entry *e)
{
	(void)t;
	return parse_common(l, 1, 2, e);
}

static const struct {
	const char *keyword;
	enum entry_type type;
	int min_fields, max_fields;
	int (*parse)(const struct line *, struct tree *, struct entry *);
	const char *usage;
} types[] = {
	{ "file", ENTRY_FILE, 6, FIELDS_MAX, parse_file,
	  "file <name> <location> <mode> <uid> <gid> [<hard links>...]" },
	{ "dir", ENTRY_DIR, 5, 5, parse_dir, "dir <name> <mode> <uid> <gid>" },
	{ "nod", ENTRY_NOD, 8, 8, parse_nod,
	  "nod <name> <mode> <uid> <gid> <c|b> <major> <minor>" },
	{ "slink", ENTRY_SLINK, 6, 6, parse_slink,
	  "slink <name> <target> <mode> <uid> <gid>" },
	{ "pipe", ENTRY_PIPE, 5, 5, parse_special, "pipe <name> <mode> <uid> <gid>" },
	{ "sock", ENTRY_SOCK, 5, 5, parse_special, "sock <name> <mode> <uid> <gid>" },
};

/* Blanks as the kernel's gen_init_cpio sees them: its sscanf("%s") stops at
 * every isspace character, so a form feed in a link target must end the
 * field here too, or gen and the kernel (reading gen's -l output) would make
 * different links of one line. A CRLF line's CR is a trailing blank. */
static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* Split on blanks; -1 when there are more than FIELDS_MAX fields. */
static int split_fields(struct line *l, char *text)
{
	char *p = text;

	l->nfields = 0;
	while (*p) {
		while (is_blank(*p))
			p++;
		if (!*p)
			break;
		if (l->nfields == FIELDS_MAX)
			return -1;
		l->column[l->nfields] = (unsigned)(p - text) + 1;
		l->field[l->nfields++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	return 0;
}

static int parse_line(struct tree *t, struct line *l, char *text)
{
	struct entry e = { 0 };
	size_t i;
	int rc;

	if (split_fields(l, text) != 0)
		return bad(l, 0, "more than %d fields", FIELDS_MAX);
	if (l->nfields == 0 || l->field[0][0] == '#')
		return 0;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(l->field[0], types[i].keyword) == 0)
			break;
	if (i == sizeof(types) / sizeof(types[0]))
		return bad(l, 0, "unknown entry type " VAL " (file dir nod slink pipe sock)",
			   VALARG(l->field[0]));
	if (l->nfields < types[i].min_fields || l->nfields > types[i].max_fields)
		return bad(l, 0, "wrong number of fields; expected: %s", types[i].usage);
	e.type = types[i].type;
	e.link_group = -1;
	e.origin = l->origin;
	rc = types[i].parse(l, t, &e);
	if (rc == 0)
		rc = tree_add(t, &e);
	free(e.name);
	free(e.source);
	return rc;
}

static char *dir_of(const char *path)
{
	char *copy = xstrdup(path);
	char *slash = strrchr(copy, '/');

	if (!slash) {
		free(copy);
		return realpath(".", NULL);
	}
	*slash = '\0';
	if (slash == copy)
		return (free(copy), xstrdup("/"));
	{
		char *abs = realpath(copy, NULL);

		free(copy);
		return abs;
	}
}

int input_list(struct tree *t, const char *path)
{
	struct line l = { 0 };
	FILE *f = fopen(path, "r");
	char *text = NULL, *base;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f) {
		diag("%s: cannot open list: %s", path, strerror(errno));
		return -1;
	}
	base = dir_of(path);
	l.file = path;
	l.base_dir = base ? base : ".";
	errno = 0;
	while (rc == 0 && (n = getline(&text, &cap, f)) >= 0) {
		size_t content = (size_t)n - (n > 0 && text[n - 1] == '\n');

		l.lineno++;
		if (content > LIST_LINE_MAX) {
			diag("%s:%u: line longer than %d characters", path, l.lineno, LIST_LINE_MAX);
			rc = -1;
			break;
		}
		if (strlen(text) != (size_t)n) {
			diag("%s:%u: line contains a NUL byte", path, l.lineno);
			rc = -1;
			break;
		}
		text[strcspn(text, "\n")] = '\0';
		snprintf(l.origin, sizeof(l.origin), "%s:%u", path, l.lineno);
		rc = parse_line(t, &l, text);
	}
	if (rc == 0 && ferror(f)) {
		diag("%s: read error: %s", path, strerror(errno));
		rc = -1;
	}
	free(text);
	(void)fclose(f); /* read only: nothing a failed close could lose */
	free(base);
	return rc;
}
