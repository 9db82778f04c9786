/* SPDX-License-Identifier: MIT */
#include "tree.h"

#include "diag.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *tree_normalise(const char *path, const char **problem)
{
	size_t len = strlen(path);
	char *out, *o;
	const char *p = path;

	if (len >= PATH_MAX) {
		*problem = "name longer than PATH_MAX";
		return NULL;
	}
	out = o = xmalloc(len + 1);
	while (*p) {
		const char *end;
		size_t clen;

		while (*p == '/')
			p++;
		end = p + strcspn(p, "/");
		clen = (size_t)(end - p);
		if (clen == 2 && p[0] == '.' && p[1] == '.') {
			*problem = "path escapes with '..'";
			free(out);
			return NULL;
		}
		if (clen > 0 && !(clen == 1 && p[0] == '.')) {
			if (o != out)
				*o++ = '/';
			memcpy(o, p, clen);
			o += clen;
		}
		p = end;
	}
	*o = '\0';
	for (o = out; *o; o++) {
		if ((unsigned char)*o <= ' ' || *o == 0x7f) {
			*problem = "name contains whitespace or a control character";
			free(out);
			return NULL;
		}
	}
	if (out[0] == '\0') {
		*problem = "name is the root directory itself";
		free(out);
		return NULL;
	}
	/* newc ends an archive with an entry of this name: cpio and bsdtar stop
	 * reading there, the kernel forgets the hard links seen so far. A name
	 * under it is refused too: the tree adds its parent directory by name. */
	if (strncmp(out, "TRAILER!!!", 10) == 0 && (out[10] == '\0' || out[10] == '/')) {
		*problem = "name is the cpio end-of-archive marker";
		free(out);
		return NULL;
	}
	return out;
}

static size_t name_hash(const char *s) /* FNV-1a */
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot holding name, or the empty one where it would go. */
static size_t *slot_of(const struct tree *t, const char *name)
{
	size_t mask = t->nslots - 1;

	for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask)
		if (t->slot[i] == 0 || strcmp(t->v[t->slot[i] - 1].name, name) == 0)
			return &t->slot[i];
}

/* Index every entry again, in a table with room for twice as many. */
static void index_rebuild(struct tree *t)
{
	size_t n = 64;

	while (n < 2 * t->n)
		n *= 2;
	free(t->slot);
	t->slot = xmalloc(n * sizeof(*t->slot));
	memset(t->slot, 0, n * sizeof(*t->slot));
	t->nslots = n;
	for (size_t i = 0; i < t->n; i++)
		*slot_of(t, t->v[i].name) = i + 1;
}

static struct entry *find(struct tree *t, const char *name)
{
	size_t *slot;

	if (t->nslots == 0)
		return NULL;
	slot = slot_of(t, name);
	return *slot ? &t->v[*slot - 1] : NULL;
}

static void entry_free(struct entry *e)
{
	free(e->name);
	free(e->source);
	free(e->origin);
}

static void entry_copy(struct entry *dst, const struct entry *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->source = src->source ? xstrdup(src->source) : NULL;
	dst->origin = xstrdup(src->origin ? src->origin : "built-in");
}

int tree_add(struct tree *t, const struct entry *e)
{
	struct entry *old = find(t, e->name);

	if (old) {
		/* Directories merge (a list and a board tree both name etc/);
		 * the later one's mode and owner win. */
		int both_dirs = old->type == ENTRY_DIR && e->type == ENTRY_DIR;

		if (!old->implicit && !e->implicit && !both_dirs) {
			diag("%s: /%s already defined at %s", e->origin, e->name, old->origin);
			return -1;
		}
		if (e->implicit)
			return 0; /* an explicit entry is already there */
		entry_free(old);
		entry_copy(old, e);
		return 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	entry_copy(&t->v[t->n++], e);
	if (2 * t->n > t->nslots)
		index_rebuild(t);
	else
		*slot_of(t, e->name) = t->n;
	return 0;
}

int tree_add_builtins(struct tree *t)
{
	static const char *const dirs[] = { "dev", "proc", "sys", "rom", "overlay", "newroot" };
	struct entry e = { 0 };

	e.implicit = 1;
	e.link_group = -1;
	e.type = ENTRY_DIR;
	e.mode = 0755;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		e.name = (char *)dirs[i];
		if (tree_add(t, &e) != 0)
			return -1;
	}
	/* The kernel opens /dev/console for /init's fds before devtmpfs exists. */
	e.name = "dev/console";
	e.type = ENTRY_NOD;
	e.mode = 0600;
	e.devtype = 'c';
	e.major = 5;
	e.minor = 1;
	return tree_add(t, &e);
}

static int same_parent(const char *a, const char *b)
{
	const char *a_end = strrchr(a, '/'), *b_end = strrchr(b, '/');

	return a_end && b_end && a_end - a == b_end - b && memcmp(a, b, (size_t)(a_end - a)) == 0;
}

static int add_parents(struct tree *t)
{
	size_t n = t->n; /* parents added now have their own parents added too */
	size_t walked = n; /* the last entry whose parents were checked */

	for (size_t i = 0; i < n; i++) {
		char *name, *slash;

		/* Lists and directory walks give a directory's entries one after
		 * another: the parents of the last one walked are checked already. */
		if (!strchr(t->v[i].name, '/') ||
		    (walked < n && same_parent(t->v[walked].name, t->v[i].name)))
			continue;
		walked = i;
		name = xstrdup(t->v[i].name);

		while ((slash = strrchr(name, '/')) != NULL) {
			struct entry *p;

			*slash = '\0';
			p = find(t, name);
			if (p && p->type != ENTRY_DIR) {
				diag("%s: /%s needs /%s to be a directory, but %s makes it something else",
				     t->v[i].origin, t->v[i].name, name, p->origin);
				free(name);
				return -1;
			}
			if (!p) {
				struct entry d = { 0 };

				d.name = name;
				d.type = ENTRY_DIR;
				d.mode = 0755;
				d.link_group = -1;
				d.implicit = 1;
				d.origin = "parent directory";
				tree_add(t, &d);
			}
		}
		free(name);
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Inode numbers follow sorted order, so they only change when content does. */
static void number_inodes(struct tree *t)
{
	unsigned next = 1;

	for (size_t i = 0; i < t->n; i++) {
		struct entry *e = &t->v[i];
		size_t j;

		e->nlink = e->type == ENTRY_DIR ? 2 : 1;
		e->carries_data = 1;
		if (e->type != ENTRY_FILE || e->link_group < 0) {
			e->ino = next++;
			continue;
		}
		for (j = 0; j < i; j++)
			if (t->v[j].type == ENTRY_FILE && t->v[j].link_group == e->link_group)
				break;
		e->ino = j < i ? t->v[j].ino : next++;
	}
	/* Link counts, and the data on the last link (the kernel's unpacker
	 * links the earlier names and fills the shared inode from the last). */
	for (size_t i = 0; i < t->n; i++) {
		struct entry *e = &t->v[i];

		if (e->type != ENTRY_FILE || e->link_group < 0)
			continue;
		e->nlink = 0;
		for (size_t j = 0; j < t->n; j++)
			if (t->v[j].type == ENTRY_FILE && t->v[j].link_group == e->link_group) {
				e->nlink++;
				if (j > i)
					e->carries_data = 0;
			}
	}
}

int tree_finish(struct tree *t)
{
	if (add_parents(t) != 0)
		return -1;
	qsort(t->v, t->n, sizeof(*t->v), by_name);
	index_rebuild(t); /* the entries moved */
	number_inodes(t);
	return 0;
}

void tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		entry_free(&t->v[i]);
	free(t->v);
	free(t->slot);
	t->v = NULL;
	t->slot = NULL;
	t->n = t->cap = t->nslots = 0;
}
