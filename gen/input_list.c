/* SPDX-License-Identifier: MIT */
/* The list format of linux/usr/gen_init_cpio.c, one entry per line:
 *
 *   file  <name> <location> <mode> <uid> <gid> [<hard link name>...]
 *   dir   <name> <mode> <uid> <gid>
 *   nod   <name> <mode> <uid> <gid> <c|b> <major> <minor>
 *   slink <name> <target> <mode> <uid> <gid>
 *   pipe  <name> <mode> <uid> <gid>
 *   sock  <name> <mode> <uid> <gid>
 *
 * '#' starts a comment line, and a comment after the last field of any but
 * a file line; blank lines are ignored. ${NAME} in a location is an
 * environment variable. One table row per type. Where gen and the kernel's
 * tool read a list differently, docs/gen.md says why. */
#include "input.h"

#include "diag.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIELDS_MAX 64

/* Replacements of ${NAME} in one location. A location under PATH_MAX holds
 * fewer than PATH_MAX / 4 references; more replacements mean values that
 * refer to each other in a circle, where the kernel's gen_init_cpio loops
 * for ever. */
#define EXPANSIONS_MAX PATH_MAX

/* Blanks as the kernel's gen_init_cpio sees them between fields: its
 * sscanf("%s") stops at every isspace character, so a form feed in a link
 * target must end the field here too, or gen and the kernel (reading gen's
 * -l output) would make different links of one line. A CRLF line's CR is a
 * trailing blank. The entry type is different: strtok(line, " \t") ends it. */
#define BLANKS " \t\v\f\r"
#define TYPE_BLANKS " \t"

struct line {
	const char *file;
	unsigned lineno;
	char *field[FIELDS_MAX];
	unsigned column[FIELDS_MAX];
	int nfields;
	int comment; /* the last field starts a comment after the line's fields */
	char origin[PATH_MAX + 32];
	const char *base_dir; /* for relative locations */
};

static int vbad(const struct line *l, unsigned column, const char *fmt, va_list ap)
{
	char problem[512];

	vsnprintf(problem, sizeof(problem), fmt, ap);
	diag("%s:%u:%u: %s", l->file, l->lineno, column, problem);
	return -1;
}

/* Report "FILE:LINE:COL: problem" at a column; long values are cut in the message. */
static int bad_at(const struct line *l, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad_at(const struct line *l, unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vbad(l, column, fmt, ap);
	va_end(ap);
	return -1;
}

/* The same at field f. */
static int bad(const struct line *l, int f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(const struct line *l, int f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vbad(l, f < l->nfields ? l->column[f] : 1, fmt, ap);
	va_end(ap);
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

static const struct {
	unsigned bits;
	const char *name;
} file_types[] = {
	{ S_IFREG, "a regular file" }, { S_IFDIR, "a directory" },
	{ S_IFCHR, "a character device" }, { S_IFBLK, "a block device" },
	{ S_IFLNK, "a symbolic link" }, { S_IFIFO, "a named pipe" },
	{ S_IFSOCK, "a socket" },
};

static const char *file_type_name(unsigned bits)
{
	for (size_t i = 0; i < sizeof(file_types) / sizeof(file_types[0]); i++)
		if (file_types[i].bits == bits)
			return file_types[i].name;
	return NULL;
}

/* The file type bits gen_init_cpio ORs into an entry's mode. */
static unsigned type_bits(const struct entry *e)
{
	switch (e->type) {
	case ENTRY_FILE: return S_IFREG;
	case ENTRY_DIR: return S_IFDIR;
	case ENTRY_NOD: return e->devtype == 'b' ? S_IFBLK : S_IFCHR;
	case ENTRY_SLINK: return S_IFLNK;
	case ENTRY_PIPE: return S_IFIFO;
	case ENTRY_SOCK: return S_IFSOCK;
	}
	return 0;
}

/* Permission bits, optionally with the entry's own file type bits: the
 * kernel's tool ORs the type in, so "dir /x 040755" is "dir /x 0755"
 * there. Other type bits it would OR into a different type (a directory
 * with 0100000 becomes a socket): refused. */
static int parse_mode(const struct line *l, int f, struct entry *e)
{
	unsigned mode = 0, given, want;

	if (parse_number(l, f, 8, 0177777, "mode (octal, at most 07777)", &mode))
		return -1;
	given = mode & S_IFMT;
	want = type_bits(e);
	if (given && given != want) {
		const char *given_name = file_type_name(given);

		if (!given_name)
			return bad(l, f, "mode " VAL " has file type bits 0%o, which are no file type's",
				   VALARG(l->field[f]), given);
		return bad(l, f, "mode " VAL " has the file type bits of %s, not of %s (0%o, or none)",
			   VALARG(l->field[f]), given_name, file_type_name(want), want);
	}
	e->mode = mode & 07777;
	return 0;
}

/* name mode uid gid, starting at field f: common to every type. */
static int parse_common(const struct line *l, int name_f, int mode_f, struct entry *e)
{
	const char *problem = NULL;

	e->name = tree_normalise(l->field[name_f], &problem);
	if (!e->name)
		return bad(l, name_f, "%s: " VAL, problem, VALARG(l->field[name_f]));
	if (parse_mode(l, mode_f, e) ||
	    parse_number(l, mode_f + 1, 10, 0xffffffffUL, "uid", &e->uid) ||
	    parse_number(l, mode_f + 2, 10, 0xffffffffUL, "gid", &e->gid))
		return -1;
	return 0;
}

int location_expands(const char *location)
{
	const char *ref = strstr(location, "${");

	return ref && strchr(ref + 2, '}');
}

/* The location of field f with its ${NAME}s replaced, into out (PATH_MAX
 * bytes), as the kernel's cpio_replace_env does it: the first "${" with a
 * "}" after it becomes getenv(NAME) and the search starts again, so a value
 * may refer to further variables; a "${" with no "}" after it stays. Where
 * the kernel takes an unset or empty variable for "" (then "${O}/bin/sh" is
 * the build host's own /bin/sh), cuts a long result at PATH_MAX or loops
 * for ever on values that refer back to themselves, gen reports. */
static int expand_location(const struct line *l, int f, char *out)
{
	size_t field_len = strlen(l->field[f]);
	size_t from = 0; /* out has no "${" before this */
	size_t own_tail = field_len; /* the end of out, as the list wrote it */
	unsigned column = l->column[f];

	out[0] = '\0'; /* a string even after a report */
	if (field_len >= PATH_MAX)
		return bad(l, f, "location longer than PATH_MAX");
	memcpy(out, l->field[f], field_len + 1);
	for (int n = 0; location_expands(out + from); n++) {
		char *ref = strstr(out + from, "${"), *close = strchr(ref + 2, '}');
		size_t at = (size_t)(ref - out), name_len = (size_t)(close - ref - 2);
		size_t tail_len = strlen(close + 1), value_len;
		char name[PATH_MAX];
		const char *value;

		/* Point at the reference where the list has it; one a value
		 * brought in is reported where that value's reference was. */
		if (strlen(ref) <= own_tail)
			column = l->column[f] + (unsigned)(field_len - strlen(ref));
		memcpy(name, ref + 2, name_len);
		name[name_len] = '\0';
		if (n == EXPANSIONS_MAX)
			return bad_at(l, column, "environment variables in the location expand without "
				      "end: a value refers back to itself ('${%.60s}')", name);
		if (name_len == 0)
			return bad_at(l, column, "'${}' names no environment variable");
		value = getenv(name);
		if (!value || !*value)
			return bad_at(l, column, "environment variable " VAL " is %s", VALARG(name),
				      value ? "empty" : "not set");
		value_len = strlen(value);
		if (at + value_len + tail_len >= PATH_MAX)
			return bad_at(l, column, "location longer than PATH_MAX with '${%.60s}' expanded",
				      name);
		memmove(out + at + value_len, close + 1, tail_len + 1);
		memcpy(out + at, value, value_len);
		if (tail_len < own_tail)
			own_tail = tail_len;
		/* The prefix has no "${"; its last '$' and the value's first
		 * '{' may make one, which the kernel's new search finds. */
		from = at ? at - 1 : 0;
	}
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
	char location[PATH_MAX];

	if (l->comment)
		return bad(l, l->nfields - 1, "'#' here starts no comment: gen_init_cpio takes "
			   "every word after a file line's gid for a hard link name");
	if (parse_common(l, 1, 3, e) || expand_location(l, 2, location))
		return -1;
	/* Checked when read (gen/source.c): a stat here cost an eighth of
	 * writing a big archive. */
	e->source = resolve_location(l, location);
	e->source_column = l->column[2];
	if (l->nfields > 6) {
		e->link_group = t->next_group++;
		for (int f = 6; f < l->nfields; f++) {
			struct entry link = *e;
			const char *problem = NULL;

			/* Its isgraph() test ends the list of links there. */
			if ((unsigned char)l->field[f][0] >= 0x80)
				return bad(l, f, "gen_init_cpio ignores a hard link name starting with a "
					   "non-ASCII byte, and every one after it: " VAL,
					   VALARG(l->field[f]));
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
	/* First: the device type decides which file type bits the mode may have. */
	if (strcmp(l->field[5], "c") != 0 && strcmp(l->field[5], "b") != 0)
		return bad(l, 5, "device type must be c or b, not " VAL, VALARG(l->field[5]));
	e->devtype = l->field[5][0];
	if (parse_common(l, 1, 2, e) ||
	    parse_number(l, 6, 10, 4095, "major number", &e->major) ||
	    parse_number(l, 7, 10, 1048575, "minor number", &e->minor))
		return -1; /* not the 1 of ||: input_list promises 0 or -1 */
	return 0;
}

/* A link target of PATH_MAX bytes never arrives whole, and without a word:
 * the kernel's unpacker skips it in gen_init_cpio's archive (whose size
 * counts the NUL); from gen's, tmpfs refuses it and ramfs reads it back cut
 * to PATH_MAX - 1. symlink(2) could not make it either. */
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
#define NTYPES (sizeof(types) / sizeof(types[0]))

static size_t type_index(const char *keyword, size_t len)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (strlen(types[i].keyword) == len && strncmp(keyword, types[i].keyword, len) == 0)
			break;
	return i;
}

/* Split what follows the entry type (field 0) on blanks. A field starting
 * with '#' at index comment_at or later ends the line, kept as its last
 * field with l->comment set: the kernel's sscanf reads no further than a
 * line's last field. -1 when there are more than FIELDS_MAX fields. */
static int split_fields(struct line *l, const char *text, char *p, int comment_at)
{
	while (*p) {
		p += strspn(p, BLANKS);
		if (!*p)
			break;
		if (l->nfields == FIELDS_MAX)
			return -1;
		l->column[l->nfields] = (unsigned)(p - text) + 1;
		l->field[l->nfields++] = p;
		if (*p == '#' && l->nfields > comment_at) {
			l->comment = 1;
			break;
		}
		p += strcspn(p, BLANKS);
		if (*p)
			*p++ = '\0';
	}
	return 0;
}

static int parse_line(struct tree *t, struct line *l, char *text)
{
	struct entry e = { 0 };
	char *keyword = text + strspn(text, TYPE_BLANKS), *rest;
	size_t len = strcspn(keyword, TYPE_BLANKS), i;
	int rc;

	if (text[strspn(text, BLANKS)] == '\0' || keyword[0] == '#')
		return 0;
	l->nfields = 1;
	l->comment = 0;
	l->field[0] = keyword;
	l->column[0] = (unsigned)(keyword - text) + 1;
	rest = keyword + len + (keyword[len] != '\0');
	keyword[len] = '\0';
	i = type_index(keyword, len);
	if (i == NTYPES) {
		const char *word = keyword + strspn(keyword, BLANKS);
		size_t word_len = strcspn(word, BLANKS);

		if (word_len < len && type_index(word, word_len) < NTYPES)
			return bad(l, 0, "entry type '%.*s' must be set off by spaces or tabs "
				   "(gen_init_cpio splits it off at those alone)", (int)word_len, word);
		return bad(l, 0, "unknown entry type " VAL " (file dir nod slink pipe sock)",
			   VALARG(keyword));
	}
	if (split_fields(l, text, rest, types[i].min_fields) != 0)
		return bad(l, 0, "more than %d fields", FIELDS_MAX);
	if (l->comment && types[i].type != ENTRY_FILE) {
		l->nfields--;
		l->comment = 0;
	}
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
	int from_stdin = strcmp(path, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(path, "r");
	char *text = NULL, *base;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	if (!f) {
		diag("%s: cannot open list: %s", path, strerror(errno));
		return -1;
	}
	l.file = from_stdin ? "<stdin>" : path;
	base = from_stdin ? realpath(".", NULL) : dir_of(path);
	l.base_dir = base ? base : ".";
	errno = 0;
	while (rc == 0 && (n = getline(&text, &cap, f)) >= 0) {
		size_t content = (size_t)n - (n > 0 && text[n - 1] == '\n');

		l.lineno++;
		if (content > LIST_LINE_MAX) {
			diag("%s:%u: line longer than %d characters", l.file, l.lineno, LIST_LINE_MAX);
			rc = -1;
			break;
		}
		if (strlen(text) != (size_t)n) {
			diag("%s:%u: line contains a NUL byte", l.file, l.lineno);
			rc = -1;
			break;
		}
		text[strcspn(text, "\n")] = '\0';
		snprintf(l.origin, sizeof(l.origin), "%s:%u", l.file, l.lineno);
		rc = parse_line(t, &l, text);
	}
	if (rc == 0 && ferror(f)) {
		diag("%s: read error: %s", l.file, strerror(errno));
		rc = -1;
	}
	free(text);
	if (!from_stdin)
		(void)fclose(f); /* read only: nothing a failed close could lose */
	free(base);
	return rc;
}
