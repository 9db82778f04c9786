/* SPDX-License-Identifier: MIT */
/* Unit tests of how gen finds and opens source files (gen/dircache.c,
 * gen/source.c): the directory cache must give the same file the path
 * names, and a source that is not a readable regular file must be refused
 * with one report, without blocking on a FIFO. */
#include "gen/dircache.h"
#include "gen/source.h"
#include "tests/unit/tap.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/rominit-unit-source.XXXXXX";

static void make(const char *name, const char *content)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(content, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

/* The file dir_cache_at leads to is the one stat(path) names. */
static int same_file(struct dir_cache *c, const char *path)
{
	struct stat a, b;
	const char *base;
	int at = dir_cache_at(c, path, &base);

	return fstatat(at, base, &a, 0) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

static void test_dir_cache(void)
{
	struct dir_cache c = DIR_CACHE_INIT;
	char path[PATH_MAX], other[PATH_MAX];
	const char *base;

	snprintf(path, sizeof(path), "%s/a", dir);
	snprintf(other, sizeof(other), "%s/sub/b", dir);
	CHECK(same_file(&c, path), "a file through the cache");
	CHECK(dir_cache_at(&c, path, &base) == c.fd && strcmp(base, "a") == 0,
	      "the next file in the same directory reuses its descriptor");
	CHECK(same_file(&c, other), "a file in another directory");
	CHECK(dir_cache_at(&c, "relative", &base) == AT_FDCWD && strcmp(base, "relative") == 0,
	      "no directory part: the path as it is");
	CHECK(dir_cache_at(&c, "/etc/", &base) == AT_FDCWD && strcmp(base, "/etc/") == 0,
	      "a trailing slash: the path as it is");
	CHECK(dir_cache_at(&c, "/x", &base) == AT_FDCWD && strcmp(base, "/x") == 0,
	      "a file in / : the path as it is");
	snprintf(path, sizeof(path), "%s/missing/x", dir);
	CHECK(dir_cache_at(&c, path, &base) == AT_FDCWD && strcmp(base, path) == 0,
	      "a missing directory: the whole path, so errors are the path's own");
	dir_cache_release(&c);
	CHECK(c.fd == -1 && c.dir == NULL, "released");
}

/* source_open on dir/NAME: its result, and stderr's line count. */
static int open_source(const char *name, struct stat *st, int *reports)
{
	char path[PATH_MAX];
	struct entry e = { 0 };
	struct dir_cache c = DIR_CACHE_INIT;
	FILE *saved = stderr;
	char *text = NULL;
	size_t len = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	e.type = ENTRY_FILE;
	e.source = path;
	e.origin = "t.list:3";
	e.source_column = 9;
	stderr = open_memstream(&text, &len);
	fd = source_open(&e, &c, st);
	fclose(stderr);
	stderr = saved;
	*reports = 0;
	for (size_t i = 0; i < len; i++)
		*reports += text[i] == '\n';
	if (*reports && !strstr(text, "t.list:3:9: source"))
		*reports = -1; /* a report that does not name line and column */
	free(text);
	dir_cache_release(&c);
	return fd;
}

/* Unreadable files, checked as an unprivileged user (root reads anything):
 * a child drops to nobody when the test runs as root, and answers in its
 * exit status, a bit a check. */
static void unreadable_files(void)
{
	struct stat st;
	int reports, status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int bits = 0;

		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(64);
		bits |= !(open_source("locked-empty", &st, &reports) == SOURCE_EMPTY && reports == 0);
		bits |= !(open_source("locked", &st, &reports) == -1 && reports == 1) << 1;
		_exit(bits);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) != 64, "the check ran unprivileged");
	CHECK(WIFEXITED(status) && !(WEXITSTATUS(status) & 1),
	      "an unreadable empty file: nothing to read, no error");
	CHECK(WIFEXITED(status) && !(WEXITSTATUS(status) & 2),
	      "an unreadable file with data: refused");
}

static void test_source_open(void)
{
	struct stat st;
	int fd, reports;

	fd = open_source("a", &st, &reports);
	CHECK(fd >= 0 && st.st_size == 5 && reports == 0, "a regular file opens, its size known");
	if (fd >= 0)
		close(fd);
	CHECK(open_source("missing", &st, &reports) == -1 && reports == 1,
	      "a missing file: -1, one report naming line and column");
	CHECK(open_source("sub", &st, &reports) == -1 && reports == 1, "a directory: refused");
	CHECK(open_source("fifo", &st, &reports) == -1 && reports == 1,
	      "a FIFO: refused at once, not waited on");
	unreadable_files();
}

int main(void)
{
	char path[PATH_MAX];

	if (!mkdtemp(dir) || chmod(dir, 0755) != 0) {
		perror(dir);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/sub", dir);
	mkdir(path, 0755);
	make("a", "hello");
	make("sub/b", "");
	make("locked-empty", "");
	make("locked", "data");
	snprintf(path, sizeof(path), "%s/locked-empty", dir);
	chmod(path, 0);
	snprintf(path, sizeof(path), "%s/locked", dir);
	chmod(path, 0);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	mkfifo(path, 0644);
	test_dir_cache();
	test_source_open();
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		return 1;
	return tap_done();
}
