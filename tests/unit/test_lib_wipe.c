/* SPDX-License-Identifier: MIT */
/* Unit tests of the overlay wipe (lib/wipe.c), on a host directory tree. */
#include "lib/wipe.h"
#include "tests/unit/tap.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char top[64];

static void put(const char *rel, const char *text)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			perror(p);
		close(fd);
	}
}

static void dir(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	mkdir(p, 0755);
}

static int exists(const char *rel)
{
	char p[256];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	return lstat(p, &st) == 0;
}

int main(void)
{
	char outside[] = "/tmp/rominit-wipe-outside.XXXXXX";
	static const char *const keep[] = { ".fs_state", "sysupgrade.tgz", NULL };
	char p[256], why[256];
	long n;

	strcpy(top, "/tmp/rominit-wipe.XXXXXX");
	if (!mkdtemp(top) || !mkdtemp(outside))
		return 1;
	snprintf(p, sizeof(p), "%s/precious", outside);
	close(open(p, O_WRONLY | O_CREAT, 0644));

	dir("upper");
	dir("upper/etc");
	put("upper/etc/config", "x");
	dir("upper/.ssh");
	put("upper/.ssh/id", "secret");
	put(".hidden", "x");
	dir("work");
	dir("work/work");
	put("sysupgrade.tgz", "keep me");
	snprintf(p, sizeof(p), "%s/upper/escape", top);
	if (symlink(outside, p) != 0)
		perror("symlink");
	snprintf(p, sizeof(p), "%s/upper/escape-file", top);
	if (symlink("/tmp", p) != 0)
		perror("symlink");

	snprintf(p, sizeof(p), "%s/.fs_state", top);
	if (symlink("1", p) != 0)
		perror("symlink");
	snprintf(p, sizeof(p), "%s/upper/.fs_state", top);
	if (symlink("1", p) != 0)
		perror("symlink");

	n = wipe_dir(top, keep, why, sizeof(why));
	CHECK(n == 11, "every entry deleted and counted (got %ld)", n);
	CHECK(!exists("upper") && !exists("work"), "directories gone");
	CHECK(!exists(".hidden") && !exists("upper/.ssh"), "dot-files and dot-directories gone");
	CHECK(exists("sysupgrade.tgz"), "sysupgrade.tgz kept when asked");
	CHECK(exists(".fs_state"), "every name in keep[] is kept (the state link)");
	snprintf(p, sizeof(p), "%s/precious", outside);
	CHECK(access(p, F_OK) == 0, "a symlink out of the tree is deleted, not followed");

	n = wipe_dir(top, NULL, why, sizeof(why));
	CHECK(n == 2 && !exists("sysupgrade.tgz"), "without keep, sysupgrade.tgz goes too");
	CHECK(wipe_dir("/nonexistent-rominit", NULL, why, sizeof(why)) == -1 &&
		      strstr(why, "nonexistent") != NULL,
	      "a missing directory is reported: %s", why);
	unlink(p);
	rmdir(outside);
	rmdir(top);
	return tap_done();
}
