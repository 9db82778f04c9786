/* SPDX-License-Identifier: MIT */
/* A board overlay directory: its tree is added as it is, owned by root.
 * Symlinks are stored as links and never followed, so a link pointing out of
 * the directory cannot pull host files into the image. */
#include "input.h"

#include "diag.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define DIR_DEPTH_MAX 64

struct inode_seen {
	dev_t dev;
	ino_t ino;
	long group;
};

struct walk {
	struct tree *t;
	struct inode_seen *seen; /* host files with several links */
	size_t nseen;
};

/* Host hard links inside the directory become hard links in the image. */
static long link_group_of(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return w->seen[i].group;
	w->seen = xrealloc(w->seen, (w->nseen + 1) * sizeof(*w->seen));
	w->seen[w->nseen] = (struct inode_seen){ st->st_dev, st->st_ino, w->t->next_group++ };
	return w->seen[w->nseen++].group;
}

/* Modes from a checkout depend on the umask of whoever cloned it; the image
 * must not. Directories and executables get 0755, other files 0644, nodes,
 * fifos and sockets their bits without group/other write; never setuid or
 * setgid (a list file can ask for those explicitly). */
static unsigned canonical_mode(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return 0755;
	if (S_ISREG(st->st_mode))
		return (st->st_mode & 0111) ? 0755 : 0644;
	return st->st_mode & 0755;
}

static int fill_entry(struct walk *w, const char *host, const struct stat *st, struct entry *e)
{
	e->mode = canonical_mode(st);
	e->link_group = -1;
	if (S_ISREG(st->st_mode)) {
		e->type = ENTRY_FILE;
		e->source = realpath(host, NULL);
		if (!e->source) {
			diag("%s: %s", host, strerror(errno));
			return -1;
		}
		if (st->st_nlink > 1)
			e->link_group = link_group_of(w, st);
	} else if (S_ISDIR(st->st_mode)) {
		e->type = ENTRY_DIR;
	} else if (S_ISLNK(st->st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(host, target, sizeof(target) - 1);

		if (n < 0) {
			diag("%s: cannot read link: %s", host, strerror(errno));
			return -1;
		}
		target[n] = '\0';
		e->type = ENTRY_SLINK;
		e->mode = 0777;
		e->source = xstrdup(target);
	} else if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
		e->type = ENTRY_NOD;
		e->devtype = S_ISCHR(st->st_mode) ? 'c' : 'b';
		e->major = major(st->st_rdev);
		e->minor = minor(st->st_rdev);
	} else if (S_ISFIFO(st->st_mode)) {
		e->type = ENTRY_PIPE;
	} else if (S_ISSOCK(st->st_mode)) {
		e->type = ENTRY_SOCK;
	} else {
		diag("%s: unsupported file type", host);
		return -1;
	}
	return 0;
}

static int walk_dir(struct walk *w, const char *host, const char *rel, int depth)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (depth > DIR_DEPTH_MAX) {
		diag("%s: deeper than %d levels", host, DIR_DEPTH_MAX);
		return -1;
	}
	d = opendir(host);
	if (!d) {
		diag("%s: cannot open directory: %s", host, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char hpath[PATH_MAX], rpath[PATH_MAX];
		struct entry e = { 0 };
		const char *problem = NULL;
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(hpath, sizeof(hpath), "%s/%s", host, de->d_name) >= (int)sizeof(hpath) ||
		    snprintf(rpath, sizeof(rpath), "%s/%s", rel, de->d_name) >= (int)sizeof(rpath)) {
			diag("%s/%s: name longer than PATH_MAX", host, de->d_name);
			rc = -1;
			break;
		}
		if (lstat(hpath, &st) != 0) {
			diag("%s: %s", hpath, strerror(errno));
			rc = -1;
			break;
		}
		e.name = tree_normalise(rpath, &problem);
		if (!e.name) {
			diag("%s: %s", hpath, problem);
			rc = -1;
			break;
		}
		e.origin = hpath;
		rc = fill_entry(w, hpath, &st, &e);
		if (rc == 0)
			rc = tree_add(w->t, &e);
		if (rc == 0 && e.type == ENTRY_DIR)
			rc = walk_dir(w, hpath, rpath, depth + 1);
		free(e.name);
		free(e.source);
	}
	closedir(d);
	return rc;
}

int input_dir(struct tree *t, const char *dir)
{
	struct walk w = { t, NULL, 0 };
	struct stat st;
	int rc;

	errno = 0;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag("%s: not a directory%s%s", dir, errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	rc = walk_dir(&w, dir, "", 0);
	free(w.seen);
	return rc;
}
