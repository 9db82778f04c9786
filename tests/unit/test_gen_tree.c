/* SPDX-License-Identifier: MIT */
/* Unit tests of gen's path handling and tree ordering (gen/tree.c). */
#include "gen/tree.h"
#include "tests/unit/tap.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int normalises_to(const char *in, const char *want)
{
	const char *problem = NULL;
	char *out = tree_normalise(in, &problem);
	int ok = out && strcmp(out, want) == 0;

	free(out);
	return ok;
}

static const char *problem_of(const char *in)
{
	const char *problem = NULL;
	char *out = tree_normalise(in, &problem);

	free(out);
	return out ? NULL : problem;
}

static void test_normalise(void)
{
	static char longname[PATH_MAX + 8];

	CHECK(normalises_to("/etc//init.d/./rc", "etc/init.d/rc"), "slashes and dots folded");
	CHECK(normalises_to("bin/", "bin"), "trailing slash dropped");
	CHECK(problem_of("/etc/../../x") && strstr(problem_of("/etc/../../x"), ".."),
	      "'..' rejected");
	CHECK(problem_of("/a b") != NULL, "whitespace rejected");
	CHECK(problem_of("/") != NULL, "root itself rejected");
	memset(longname, 'a', sizeof(longname) - 1);
	CHECK(problem_of(longname) && strstr(problem_of(longname), "PATH_MAX"),
	      "name over PATH_MAX rejected");
	CHECK(normalises_to("..a/b..", "..a/b.."), "dots inside names are fine");
}

static void test_finish(void)
{
	struct tree t = { 0 };
	struct entry e = { 0 };
	size_t i;

	tree_add_builtins(&t);
	e.type = ENTRY_FILE;
	e.mode = 0644;
	e.source = "/dev/null";
	e.origin = "test:1";
	e.link_group = 7;
	e.name = "usr/lib/b";
	tree_add(&t, &e);
	e.name = "usr/a";
	tree_add(&t, &e);
	CHECK(tree_add(&t, &e) == -1, "second explicit file for a path is an error");
	e.link_group = -1;
	e.name = "dev";
	e.type = ENTRY_DIR;
	e.mode = 0700;
	CHECK(tree_add(&t, &e) == 0, "explicit entry replaces a built-in one");
	e.mode = 0750;
	CHECK(tree_add(&t, &e) == 0, "directories named twice merge, the later wins");
	CHECK(tree_finish(&t) == 0, "finish");
	for (i = 1; i < t.n; i++)
		if (strcmp(t.v[i - 1].name, t.v[i].name) >= 0)
			break;
	CHECK(i == t.n, "entries sorted by name");
	for (i = 0; i < t.n && strcmp(t.v[i].name, "usr/lib"); i++)
		;
	CHECK(i < t.n && t.v[i].type == ENTRY_DIR, "missing parent usr/lib added");
	{
		struct entry *a = NULL, *b = NULL, *dev = NULL;

		for (i = 0; i < t.n; i++) {
			if (!strcmp(t.v[i].name, "usr/a"))
				a = &t.v[i];
			if (!strcmp(t.v[i].name, "usr/lib/b"))
				b = &t.v[i];
			if (!strcmp(t.v[i].name, "dev"))
				dev = &t.v[i];
		}
		CHECK(a && b && a->ino == b->ino && a->nlink == 2 && b->nlink == 2,
		      "hard links share an inode, nlink 2");
		CHECK(a && b && !a->carries_data && b->carries_data, "the last link carries the data");
		CHECK(dev && dev->mode == 0750, "the later /dev mode kept");
	}
	tree_free(&t);
}

int main(void)
{
	test_normalise();
	test_finish();
	return tap_done();
}
