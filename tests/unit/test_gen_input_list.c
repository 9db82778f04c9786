/* Unit tests of gen's list input (gen/input_list.c) and names (gen/tree.c):
 * the cases the fuzzers (tests/fuzz/fuzz_gen_*.c) found wrong, and their
 * neighbours. */
#include "gen/input.h"
#include "gen/tree.h"
#include "tests/unit/tap.h"

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
	rc = parse_into(&t, "dir\v/x\t0755 0\f0\r\n");
	CHECK(rc == 0 && entry_named(&t, "x") != NULL, "vertical tab, form feed, CR separate fields");
	tree_free(&t);

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

	unlink(path);
	rmdir(dir);
	return tap_done();
}
