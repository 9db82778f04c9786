/* SPDX-License-Identifier: MIT */
/* Unit tests of gen's list input (gen/input_list.c) and names (gen/tree.c):
 * the cases the fuzzers (tests/fuzz/fuzz_gen_*.c) found wrong, and their
 * neighbours. */
#include "gen/input.h"
#include "gen/tree.h"
#include "tests/unit/tap.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/rominit-unit-list.XXXXXX";
static char path[sizeof(dir) + 16];

/* Read a list of this text into t: input_list's return value (its report
 * goes to stderr, which the runner shows with the TAP lines). */
static int parse_into(struct tree *t, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		return 99;
	return input_list(t, path);
}

static int parse(const char *text)
{
	struct tree t = { 0 };
	int rc = parse_into(&t, text);

	tree_free(&t);
	return rc;
}

static const struct entry *entry_named(const struct tree *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

/* The kernel's gen_init_cpio reads fields with sscanf("%s"): every isspace
 * character ends one. tests/fuzz/regressions/gen_list/slink-target-form-feed:
 * gen split on space and tab only and kept "/bin/busybox\f" as the target. */
static void test_blanks_as_the_kernel_sees_them(void)
{
	struct tree t = { 0 };
	const struct entry *e;
	int rc;

	rc = parse_into(&t, "slink /bin/sh /bin/busybox\f 0777 0 0\n");
	e = entry_named(&t, "bin/sh");
	CHECK(rc == 0 && e && strcmp(e->source, "/bin/busybox") == 0,
	      "a form feed ends the link target, as in the kernel's parser");
	tree_free(&t);

	memset(&t, 0, sizeof(t));
	rc = parse_into(&t, " \tdir /x\v0755\t0\f0\r\n");
	CHECK(rc == 0 && entry_named(&t, "x") != NULL,
	      "vertical tab, form feed, CR separate fields; space and tab may come first");
	tree_free(&t);
	/* Its strtok(line, " \t") ends the entry type at a space or a tab
	 * only: "dir\v/x" is an unknown type there, and the line is skipped. */
	CHECK(parse("dir\v/x 0755 0 0\n") == -1, "a vertical tab after the entry type is refused");
	CHECK(parse("\fdir /x 0755 0 0\n") == -1, "a form feed before it too");
	CHECK(parse("\f\n\r\n \t\v\n") == 0, "a line of blanks is blank");

	memset(&t, 0, sizeof(t));
	rc = parse_into(&t, "dir /x 0755 0 0\r\nslink /y x 0777 0 0\r\n");
	CHECK(rc == 0 && entry_named(&t, "x") && entry_named(&t, "y"), "CRLF lines");
	tree_free(&t);

	/* A CR inside a line used to cut it there, dropping what followed. */
	CHECK(parse("dir /x 0755 0 0\rjunk\n") == -1, "text after a CR is a field, not dropped");
	memset(&t, 0, sizeof(t));
	rc = parse_into(&t, "file /a in.list 0644 0 0\r/b\n"); /* the list is its own source */
	CHECK(rc == 0 && entry_named(&t, "a") && entry_named(&t, "b"),
	      "a hard link after a CR is kept, as the kernel keeps it");
	tree_free(&t);
}

/* tests/fuzz/regressions/gen_cpio/name-is-trailer: an entry named
 * TRAILER!!! went into the archive, where it reads as the end (cpio and
 * bsdtar saw nothing from there on). */
static void test_trailer_name(void)
{
	const char *problem = NULL;
	char *name = tree_normalise("//TRAILER!!!/.", &problem);

	CHECK(!name && problem && strstr(problem, "end-of-archive"),
	      "TRAILER!!! is refused as a name: %s", problem ? problem : "(accepted)");
	free(name);
	name = tree_normalise("/x/TRAILER!!!", &problem);
	CHECK(name && strcmp(name, "x/TRAILER!!!") == 0, "deeper down it is an ordinary name");
	free(name);
	CHECK(parse("dir /TRAILER!!! 0755 0 0\n") == -1, "a list naming it fails");
	/* tests/fuzz/regressions/gen_list/slink-under-trailer: a name under it
	 * added TRAILER!!! as its parent directory. */
	name = tree_normalise("TRAILER!!!/bin/sh", &problem);
	CHECK(!name && problem && strstr(problem, "end-of-archive"),
	      "a name under TRAILER!!! is refused: %s", problem ? problem : "(accepted)");
	free(name);
	CHECK(parse("slink /TRAILER!!!/bin/sh /bin/busybox 0777 0 0\n") == -1,
	      "a list entry under it fails");
	name = tree_normalise("TRAILER!!!x", &problem);
	CHECK(name && strcmp(name, "TRAILER!!!x") == 0, "a longer name is an ordinary one");
	free(name);
}

static char source_of_text[PATH_MAX + 64];

/* The source the one file line of text gets, or NULL when refused. */
static const char *source_of(const char *text)
{
	struct tree t = { 0 };
	const char *source = NULL;

	if (parse_into(&t, text) == 0 && t.n == 1 && t.v[0].type == ENTRY_FILE) {
		snprintf(source_of_text, sizeof(source_of_text), "%s", t.v[0].source);
		source = source_of_text;
	}
	tree_free(&t);
	return source;
}

static int same(const char *got, const char *want)
{
	return got && strcmp(got, want) == 0;
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* ${NAME} in a location, as the kernel's cpio_replace_env expands it, and
 * the cases where it would name another file, cut the path or never end. */
static void test_environment(void)
{
	char want[PATH_MAX + 64], text[2 * PATH_MAX];
	char *value, *field;
	struct tree t = { 0 };
	int rc;

	setenv("ROMINIT_U_DIR", dir, 1);
	setenv("ROMINIT_U_X", "q", 1);
	setenv("ROMINIT_U_REL", "sub/x", 1);
	setenv("ROMINIT_U_NEST", "${ROMINIT_U_DIR}/n", 1);
	setenv("ROMINIT_U_DOLLAR", "/p$", 1);
	setenv("ROMINIT_U_EMPTY", "", 1);
	unsetenv("ROMINIT_U_UNSET");

	snprintf(want, sizeof(want), "%s/in.list", dir);
	CHECK(same(source_of("file /a ${ROMINIT_U_DIR}/in.list 0644 0 0\n"), want),
	      "a variable in a location");
	snprintf(want, sizeof(want), "%s/sub/x", dir);
	CHECK(same(source_of("file /a ${ROMINIT_U_REL} 0644 0 0\n"), want),
	      "a relative location after expansion is taken from the list's directory");
	snprintf(want, sizeof(want), "%s/n", dir);
	CHECK(same(source_of("file /a ${ROMINIT_U_NEST} 0644 0 0\n"), want),
	      "a value that refers to another variable is expanded again, as the kernel does");
	CHECK(same(source_of("file /a /${ROMINIT_U_X}/${ROMINIT_U_X}x 0644 0 0\n"), "/q/qx"),
	      "two in one location");
	CHECK(same(source_of("file /a ${ROMINIT_U_DOLLAR}{ROMINIT_U_X} 0644 0 0\n"), "/pq"),
	      "a value's '$' and the list's '{' make a reference the kernel's new search finds");
	CHECK(same(source_of("file /a /p${ROMINIT_U_X 0644 0 0\n"), "/p${ROMINIT_U_X"),
	      "an unterminated '${' stays, as in the kernel");
	CHECK(same(source_of("file /a /a}b${ROMINIT_U_X} 0644 0 0\n"), "/a}bq"),
	      "a '}' before the '${' is text");
	CHECK(same(source_of("file /a /$ROMINIT_U_X 0644 0 0\n"), "/$ROMINIT_U_X"),
	      "$NAME without braces is text");

	rc = parse_into(&t, "file /${ROMINIT_U_X} /${ROMINIT_U_X} 0644 0 0 /l${ROMINIT_U_X}\n"
			    "slink /s ${ROMINIT_U_X} 0777 0 0\n");
	CHECK(rc == 0 && entry_named(&t, "${ROMINIT_U_X}") && entry_named(&t, "l${ROMINIT_U_X}") &&
		      entry_named(&t, "s") && strcmp(entry_named(&t, "s")->source, "${ROMINIT_U_X}") == 0,
	      "only the location is expanded: names, link names and link targets are not");
	tree_free(&t);

	CHECK(parse("file /a ${ROMINIT_U_UNSET}/bin/sh 0644 0 0\n") == -1,
	      "an unset variable is refused (the kernel's tool would read the host's /bin/sh)");
	CHECK(parse("file /a ${ROMINIT_U_EMPTY}/bin/sh 0644 0 0\n") == -1, "an empty one too");
	CHECK(parse("file /a /bin/${}sh 0644 0 0\n") == -1, "'${}' is refused");
	setenv("ROMINIT_U_SELF", "${ROMINIT_U_SELF}", 1);
	CHECK(parse("file /a ${ROMINIT_U_SELF} 0644 0 0\n") == -1,
	      "a value that refers to itself ends, refused (the kernel's tool loops for ever)");
	setenv("ROMINIT_U_GROW", "x${ROMINIT_U_GROW}", 1);
	CHECK(parse("file /a ${ROMINIT_U_GROW} 0644 0 0\n") == -1, "one that grows too");

	/* A location fills PATH_MAX - 1 bytes at most, before and after. */
	value = repeat('v', PATH_MAX - 2);
	setenv("ROMINIT_U_LONG", value, 1);
	CHECK(source_of("file /a /${ROMINIT_U_LONG} 0644 0 0\n") != NULL &&
		      strlen(source_of_text) == PATH_MAX - 1,
	      "an expansion to PATH_MAX - 1 bytes is taken");
	CHECK(parse("file /a //${ROMINIT_U_LONG} 0644 0 0\n") == -1,
	      "one to PATH_MAX bytes is refused (the kernel's tool would cut it)");
	CHECK(parse("file /a ${ROMINIT_U_LONG}${ROMINIT_U_LONG} 0644 0 0\n") == -1,
	      "one to twice that is refused");
	free(value);
	field = repeat('l', PATH_MAX - 1);
	field[0] = '/';
	snprintf(text, sizeof(text), "file /a %s 0644 0 0\n", field);
	CHECK(source_of(text) != NULL, "a location field of PATH_MAX - 1 bytes is taken");
	free(field);
	field = repeat('l', PATH_MAX);
	field[0] = '/';
	snprintf(text, sizeof(text), "file /a %s 0644 0 0\n", field);
	CHECK(parse(text) == -1, "one of PATH_MAX is refused (the kernel's tool reads it as two)");
	free(field);

	/* Many references, each replaced once: no limit but the length. */
	text[0] = '\0';
	strcat(text, "file /a /");
	for (int i = 0; i < 280; i++)
		strcat(text, "${ROMINIT_U_X}");
	strcat(text, " 0644 0 0\n");
	CHECK(source_of(text) != NULL && strlen(source_of_text) == 281, "280 references");
}

/* The kernel's tool ORs each entry's file type into its mode: the same
 * type bits given in the list change nothing, others make another type. */
static void test_mode_type_bits(void)
{
	static const struct {
		const char *line, *name;
		unsigned perm;
	} own[] = {
		{ "file /f in.list 0100644 0 0\n", "f", 0644 }, { "dir /d 041777 0 0\n", "d", 01777 },
		{ "nod /c 020600 0 0 c 1 3\n", "c", 0600 }, { "nod /b 060640 0 0 b 31 1\n", "b", 0640 },
		{ "slink /l x 0120777 0 0\n", "l", 0777 }, { "pipe /p 010600 0 0\n", "p", 0600 },
		{ "sock /s 0140604 0 0\n", "s", 0604 },
	};

	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
		struct tree t = { 0 };
		int rc = parse_into(&t, own[i].line);
		const struct entry *e = entry_named(&t, own[i].name);

		CHECK(rc == 0 && e && e->mode == own[i].perm,
		      "the entry's own file type bits are taken, the mode keeps the rest: %.*s",
		      (int)strcspn(own[i].line, "\n"), own[i].line);
		tree_free(&t);
	}
	CHECK(parse("dir /d 0100755 0 0\n") == -1, "a regular file's bits on a directory are refused");
	CHECK(parse("nod /b 020600 0 0 b 31 1\n") == -1, "a character device's on a block device");
	CHECK(parse("file /f in.list 0120644 0 0\n") == -1, "a symbolic link's on a file");
	CHECK(parse("pipe /p 0170600 0 0\n") == -1, "bits of no file type");
	CHECK(parse("sock /s 0200600 0 0\n") == -1, "bits above the file type");
}

/* The kernel's sscanf reads no further than a line's last field: a comment
 * may follow it, except on a file line, where every word after the gid is a
 * hard link name for the kernel's tool. */
static void test_comments(void)
{
	struct tree t = { 0 };
	char text[1024] = "dir /d 0755 0 0 #";
	int rc;

	rc = parse_into(&t, "dir /d 0755 0 0 # a directory\n"
			    "nod /d/n 0600 0 0 c 1 3\t#\n"
			    "slink /d/l #target 0777 0 0 #x\n"
			    "pipe /d/p 0600 0 0 ##\n"
			    "sock /#s 0600 0 0 # x\n");
	CHECK(rc == 0 && t.n == 5 && entry_named(&t, "#s") &&
		      strcmp(entry_named(&t, "d/l")->source, "#target") == 0,
	      "a comment after the fields of dir, nod, slink, pipe and sock; '#' starting a field "
	      "before that is no comment");
	tree_free(&t);
	for (int i = 0; i < 80; i++)
		strcat(text, " w");
	strcat(text, "\n");
	CHECK(parse(text) == 0, "a comment of more words than a line may have fields");
	CHECK(parse("file /a in.list 0644 0 0 # busybox\n") == -1,
	      "a '#' after a file line's gid is refused");
	CHECK(parse("file /a in.list 0644 0 0 /b #\n") == -1, "... and after its links");
	CHECK(parse("dir /d 0755 0 0 x\n") == -1, "another word after the fields is refused");
}

/* Its isgraph() test ends the hard link names at one starting with a byte
 * that is not printable ASCII: gen would make links the kernel's tool drops. */
static void test_link_names(void)
{
	CHECK(parse("file /a in.list 0644 0 0 /b \303\251\n") == -1,
	      "a link name starting with a non-ASCII byte is refused");
	CHECK(parse("file /a in.list 0644 0 0 /b /\303\251\n") == 0, "one containing it is taken");
}

/* "-" is standard input; its relative locations are from the current directory. */
static void test_stdin(void)
{
	struct tree t = { 0 };
	char cwd[PATH_MAX], want[PATH_MAX + 16];
	FILE *f = fopen(path, "w");
	int rc;

	if (!f || fputs("file /a rel 0644 0 0\n", f) < 0 || fclose(f) != 0 ||
	    !freopen(path, "r", stdin) || !getcwd(cwd, sizeof(cwd))) {
		CHECK(0, "standard input from %s", path);
		return;
	}
	rc = input_list(&t, "-");
	snprintf(want, sizeof(want), "%s/rel", cwd);
	CHECK(rc == 0 && entry_named(&t, "a") && strcmp(entry_named(&t, "a")->source, want) == 0,
	      "a list on standard input, its relative location from the current directory");
	tree_free(&t);
}

/* The kernel's fgets buffer holds 8241 characters and the newline's place. */
static void test_line_limit(void)
{
	char text[LIST_LINE_MAX + 8] = "dir /d 0755 0 0 #";
	size_t n = strlen(text);

	memset(text + n, 'c', LIST_LINE_MAX - n);
	strcpy(text + LIST_LINE_MAX, "\n");
	CHECK(LIST_LINE_MAX == 8241 && parse(text) == 0, "a line of 8241 characters is taken");
	strcpy(text + LIST_LINE_MAX, "c\n");
	CHECK(parse(text) == -1, "one of 8242 is refused (the kernel's tool reads it as two)");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/in.list", dir);

	CHECK(parse("nod /dev/x 0600 0 0 c 5 1\n") == 0, "a good nod line");
	/* tests/fuzz/regressions/gen_list/nod-bad-major-returns-1: parse_nod gave
	 * the 1 of '||' for a bad major or minor, not the documented -1. */
	CHECK(parse("nod /dev/x 0600 0 0 c 4096 1\n") == -1, "a bad major number returns -1");
	CHECK(parse("nod /dev/x 0600 0 0 c 1 1048576\n") == -1, "a bad minor number returns -1");
	CHECK(parse("nod /dev/x 0600 0 0 q 1 1\n") == -1, "a bad device type returns -1");
	CHECK(parse("dir /x 08 0 0\n") == -1, "a bad mode returns -1");
	test_blanks_as_the_kernel_sees_them();
	test_trailer_name();
	test_environment();
	test_mode_type_bits();
	test_comments();
	test_link_names();
	test_line_limit();
	test_stdin();

	unlink(path);
	rmdir(dir);
	return tap_done();
}
