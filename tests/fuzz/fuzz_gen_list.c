/* SPDX-License-Identifier: MIT */
/* Fuzz target: gen's list input (gen/input_list.c), as gen drives it: the
 * built-in entries, then the list, then tree_finish.
 *
 * The input is written as a list file into a private directory that also
 * holds a few files for `file` lines to name (a, b, sub/c; d is a directory,
 * ln a symlink to a, fifo a FIFO), so valid lists parse fully. Environment
 * variables for ${NAME} in locations (FZ_*, set once: see
 * set_environment) name that directory and its files, refer to each other,
 * to themselves, are empty or long. Checked:
 *  - no crash, no leak, no undefined behaviour (the sanitizers);
 *  - a failure prints exactly one line, "gen: ...", and a success none;
 *  - everything accepted is valid: normalised unique names, modes within
 *    07777, device numbers within the list format's bounds, absolute file
 *    sources with nothing left that gen_init_cpio would expand, non-empty
 *    link targets;
 *  - sources_check (gen/source.c, what gen runs before a list output)
 *    reports in one line, and passes only sources that are regular files;
 *  - a finished tree is sorted, every parent a directory, hard links share
 *    an inode whose count is the group's size and only the last name
 *    carries the data;
 *  - the tree written back as a list (gen -l, listout.c) has no field the
 *    kernel's gen_init_cpio would split differently (it splits on every
 *    isspace character), and reading that list again gives the same tree. */
#include "gen/input.h"
#include "gen/listout.h"
#include "gen/source.h"
#include "gen/tree.h"
#include "tests/fuzz/fuzz.h"

#include <ctype.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;
static char list_path[PATH_MAX + 16], relist_path[PATH_MAX + 16];

static void make_file(const char *name, const char *content)
{
	char path[PATH_MAX + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(content, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* What ${NAME} can stand for: the directory and the names in it, a value
 * that refers to others, circles that never end or grow past PATH_MAX, an
 * empty value, one of half a path, a '$' and a "{NAME}" that make a
 * reference when side by side. FZ_UNSET stays unset. */
static void set_environment(void)
{
	static const char *const vars[][2] = {
		{ "FZ_A", "a" },
		{ "FZ_SUB", "sub" },
		{ "FZ_NEST", "${FZ_DIR}/${FZ_SUB}/c" },
		{ "FZ_SELF", "${FZ_SELF}" },
		{ "FZ_PING", "${FZ_PONG}" },
		{ "FZ_PONG", "${FZ_PING}" },
		{ "FZ_GROW", "x${FZ_GROW}" },
		{ "FZ_EMPTY", "" },
		{ "FZ_DOLLAR", "$" },
		{ "FZ_BRACE", "{FZ_A}" },
	};
	char half[PATH_MAX / 2 + 1];

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		setenv(vars[i][0], vars[i][1], 1);
	setenv("FZ_DIR", dir, 1);
	memset(half, 'h', sizeof(half) - 1);
	half[sizeof(half) - 1] = '\0';
	setenv("FZ_HALF", half, 1);
	unsetenv("FZ_UNSET");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[PATH_MAX + 32];

	(void)argc;
	(void)argv;
	dir = fuzz_private_dir("list");
	snprintf(list_path, sizeof(list_path), "%s/in.list", dir);
	snprintf(relist_path, sizeof(relist_path), "%s/out.list", dir);
	make_file("a", "#!/bin/sh\necho a\n");
	make_file("b", "");
	snprintf(path, sizeof(path), "%s/sub", dir);
	mkdir(path, 0755);
	make_file("sub/c", "c\n");
	snprintf(path, sizeof(path), "%s/d", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/ln", dir);
	if (symlink("a", path) != 0)
		perror(path);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	if (mkfifo(path, 0644) != 0)
		perror(path);
	set_environment();
	return 0;
}

/* gen reports on stderr; the harness reads the reports from a memory stream
 * (the sanitizers write to fd 2 directly, so their reports still show). */
static FILE *saved_stderr;
static char *captured;
static size_t captured_len;

static void capture_start(void)
{
	saved_stderr = stderr;
	stderr = open_memstream(&captured, &captured_len);
	if (!stderr)
		abort();
}

/* The number of lines reported since capture_start; *text gets them (free it). */
static int capture_end(char **text)
{
	int lines = 0;

	fclose(stderr);
	stderr = saved_stderr;
	for (size_t i = 0; i < captured_len; i++)
		lines += captured[i] == '\n';
	*text = captured;
	return lines;
}

static void check_reports(int rc, const char *text, int lines, const char *what)
{
	if (rc == 0) {
		FUZZ_CHECK(lines == 0, "%s succeeded but reported: %s", what, text);
		return;
	}
	FUZZ_CHECK(rc == -1, "%s returned %d", what, rc);
	FUZZ_CHECK(lines == 1 && strncmp(text, "gen: ", 5) == 0,
		   "%s failed with %d report lines, not one 'gen: ' line: %s", what, lines, text);
}

/* What input_list may put in a tree. */
static void check_entry(const struct entry *e)
{
	const char *problem = NULL;
	char *again = tree_normalise(e->name, &problem);

	FUZZ_CHECK(again && strcmp(again, e->name) == 0, "name '%s' is not normalised (%s)",
		   e->name, again ? again : problem);
	free(again);
	FUZZ_CHECK(e->mode <= 07777, "/%s: mode %o has more than permission bits", e->name,
		   e->mode);
	switch (e->type) {
	case ENTRY_FILE:
		FUZZ_CHECK(e->source && e->source[0] == '/', "/%s: source not absolute", e->name);
		FUZZ_CHECK(!location_expands(e->source), "/%s: source '%s' still has a '${...}'",
			   e->name, e->source);
		/* The directory of the list, a '/' and a location under PATH_MAX. */
		FUZZ_CHECK(strlen(e->source) < strlen(dir) + 1 + PATH_MAX, "/%s: source of %zu bytes",
			   e->name, strlen(e->source));
		break;
	case ENTRY_SLINK:
		FUZZ_CHECK(e->source && e->source[0] && strlen(e->source) < PATH_MAX,
			   "/%s: bad link target", e->name);
		break;
	case ENTRY_NOD:
		FUZZ_CHECK(e->devtype == 'c' || e->devtype == 'b', "/%s: device type %d", e->name,
			   e->devtype);
		FUZZ_CHECK(e->major <= 4095 && e->minor <= 1048575, "/%s: device %u:%u", e->name,
			   e->major, e->minor);
		break;
	case ENTRY_DIR:
	case ENTRY_PIPE:
	case ENTRY_SOCK:
		FUZZ_CHECK(!e->source, "/%s: a source on a type without one", e->name);
		break;
	default:
		FUZZ_CHECK(0, "/%s: type %d", e->name, (int)e->type);
	}
}

static const struct entry *find_name(const struct tree *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

/* What sources_check promises when it passes a tree. */
static void check_sources(const struct tree *t)
{
	struct stat st;

	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].type == ENTRY_FILE)
			FUZZ_CHECK(stat(t->v[i].source, &st) == 0 && S_ISREG(st.st_mode),
				   "/%s: source %s is not a regular file", t->v[i].name,
				   t->v[i].source);
}

/* What tree_finish promises. */
static void check_finished(const struct tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct entry *e = &t->v[i];
		const char *slash = strrchr(e->name, '/');
		unsigned group = 0, carriers = 0;

		check_entry(e);
		FUZZ_CHECK(i == 0 || strcmp(t->v[i - 1].name, e->name) < 0,
			   "/%s and /%s out of order or the same", t->v[i - 1].name, e->name);
		if (slash) {
			char *parent = strndup(e->name, (size_t)(slash - e->name));
			const struct entry *p = find_name(t, parent);

			FUZZ_CHECK(p && p->type == ENTRY_DIR, "/%s has no parent directory", e->name);
			free(parent);
		}
		if (e->type != ENTRY_FILE || e->link_group < 0) {
			FUZZ_CHECK(e->carries_data, "/%s: no link group, yet no data", e->name);
			for (size_t j = 0; j < t->n; j++)
				FUZZ_CHECK(j == i || t->v[j].ino != e->ino, "/%s and /%s share inode %u",
					   e->name, t->v[j].name, e->ino);
			continue;
		}
		for (size_t j = 0; j < t->n; j++) {
			const struct entry *o = &t->v[j];

			if (o->type == ENTRY_FILE && o->link_group == e->link_group) {
				group++;
				carriers += o->carries_data;
				FUZZ_CHECK(o->ino == e->ino && strcmp(o->source, e->source) == 0,
					   "links /%s and /%s differ", e->name, o->name);
				FUZZ_CHECK(!o->carries_data || j >= i, "data on /%s before /%s",
					   o->name, e->name);
			} else {
				FUZZ_CHECK(o->ino != e->ino, "/%s and /%s share inode %u", e->name,
					   o->name, e->ino);
			}
		}
		FUZZ_CHECK(e->nlink == group && carriers == 1,
			   "/%s: nlink %u, group of %u, %u carry the data", e->name, e->nlink, group,
			   carriers);
	}
}

/* The list gen writes must split the same way for the kernel's sscanf("%s"). */
static void check_kernel_fields(const char *text)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (line[0] != '#')
			for (size_t i = 0; i < len; i++)
				FUZZ_CHECK(line[i] == ' ' || !isspace((unsigned char)line[i]),
					   "list output line '%.*s' has a blank the kernel splits at",
					   (int)len, line);
		line += len + (nl != NULL);
	}
}

static void check_same_tree(const struct tree *a, const struct tree *b)
{
	FUZZ_CHECK(a->n == b->n, "%zu entries, %zu after a round trip", a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct entry *x = &a->v[i], *y = &b->v[i];

		FUZZ_CHECK(strcmp(x->name, y->name) == 0 && x->type == y->type &&
				   x->mode == y->mode && x->uid == y->uid && x->gid == y->gid &&
				   x->ino == y->ino && x->nlink == y->nlink &&
				   x->carries_data == y->carries_data &&
				   !x->source == !y->source &&
				   (!x->source || strcmp(x->source, y->source) == 0) &&
				   (x->type != ENTRY_NOD || (x->devtype == y->devtype &&
							    x->major == y->major &&
							    x->minor == y->minor)),
			   "/%s changed in the list round trip (now /%s)", x->name, y->name);
	}
}

/* gen -l of the tree, read again. */
static void round_trip(const struct tree *t)
{
	struct tree again = { 0 };
	char *text = NULL, *report;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc, lines;

	if (!f)
		abort();
	capture_start();
	rc = listout_write(t, f, "fuzz.list");
	lines = capture_end(&report);
	fclose(f);
	check_reports(rc, report, lines, "listout_write");
	free(report);
	if (rc == 0) {
		check_kernel_fields(text);
		f = fopen(relist_path, "w");
		if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
			abort();
		FUZZ_CHECK(tree_add_builtins(&again) == 0, "built-ins of the second tree");
		capture_start();
		rc = input_list(&again, relist_path);
		if (rc == 0)
			rc = tree_finish(&again);
		lines = capture_end(&report);
		FUZZ_CHECK(rc == 0 && lines == 0, "gen does not read its own list output: %s\n%s",
			   report, text);
		free(report);
		check_same_tree(t, &again);
		tree_free(&again);
	}
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tree t = { 0 };
	FILE *f = fopen(list_path, "w");
	char *report;
	int rc, lines;

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	FUZZ_CHECK(tree_add_builtins(&t) == 0, "built-ins");
	capture_start();
	rc = input_list(&t, list_path);
	lines = capture_end(&report);
	check_reports(rc, report, lines, "input_list");
	free(report);
	if (rc == 0) {
		for (size_t i = 0; i < t.n; i++)
			check_entry(&t.v[i]);
		capture_start();
		rc = tree_finish(&t);
		lines = capture_end(&report);
		check_reports(rc, report, lines, "tree_finish");
		free(report);
		if (rc == 0) {
			check_finished(&t);
			capture_start();
			rc = sources_check(&t);
			lines = capture_end(&report);
			check_reports(rc, report, lines, "sources_check");
			free(report);
			if (rc == 0)
				check_sources(&t);
			round_trip(&t);
		}
	}
	tree_free(&t);
	return 0;
}
