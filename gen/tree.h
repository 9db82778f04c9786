/* SPDX-License-Identifier: MIT */
/* The content of an initramfs: a set of entries, validated, sorted and
 * numbered so that every output form (cpio, list, uInitrd) is deterministic. */
#ifndef GEN_TREE_H
#define GEN_TREE_H

#include <stddef.h>

enum entry_type { ENTRY_FILE, ENTRY_DIR, ENTRY_NOD, ENTRY_SLINK, ENTRY_PIPE, ENTRY_SOCK };

struct entry {
	char *name;        /* relative, normalised: "dev/console" */
	enum entry_type type;
	unsigned mode;     /* permission bits only (07777) */
	unsigned uid, gid;
	char *source;      /* FILE: host path; SLINK: link target, verbatim */
	char devtype;      /* NOD: 'c' or 'b' */
	unsigned major, minor;
	long link_group;   /* FILE: entries sharing a group are hard links; -1 none */
	char *origin;      /* "file:line" for messages */
	unsigned source_column; /* FILE from a list: column of its location, for messages */
	int implicit;      /* built-in or parent directory: explicit entries replace it */
	/* Filled by tree_finish(): */
	unsigned ino;      /* stable inode number, shared by a link group */
	unsigned nlink;
	int carries_data;  /* FILE: the last link of a group carries the data */
};

struct tree {
	struct entry *v;
	size_t n, cap;
	long next_group;
	/* Name index (open addressing), so that adding n entries is not n^2
	 * name comparisons: each slot an index into v plus one, 0 when empty. */
	size_t *slot;
	size_t nslots;     /* a power of two, at least 2n */
};

/* Check and normalise a path from an input ("/etc//x" -> "etc/x"); on a bad
 * path return NULL with *problem set (".." escape, too long, whitespace). */
char *tree_normalise(const char *path, const char **problem);

/* Add an entry (fields copied; strings duplicated). An explicit entry that
 * names the same path as an earlier explicit one is an error, reported with
 * both origins, unless both are directories (the later one wins); over an
 * implicit one it wins. Returns 0 or -1 (reported). */
int tree_add(struct tree *t, const struct entry *e);

/* Add the directories and nodes /init needs (dev, dev/console c 5 1, proc,
 * sys, rom, overlay, newroot) as implicit entries. */
int tree_add_builtins(struct tree *t);

/* Add missing parent directories (0755, root), sort by name, number inodes,
 * count links and pick which link carries the data. 0 or -1 (reported). */
int tree_finish(struct tree *t);

void tree_free(struct tree *t);

#endif
