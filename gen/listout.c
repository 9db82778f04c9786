/* SPDX-License-Identifier: MIT */
#include "listout.h"

#include "diag.h"
#include "input.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

/* A hard-link group is one "file" line, written where its last name sorts:
 * gen_init_cpio emits every name of the line at once, so the directories of
 * all of them must come earlier in the list. The line names the group's
 * first name, then the others. */
static void write_file_line(const struct tree *t, size_t last, FILE *out)
{
	const struct entry *e = &t->v[last];
	size_t first = last;

	if (e->link_group >= 0)
		for (size_t j = 0; j < last; j++)
			if (t->v[j].type == ENTRY_FILE && t->v[j].link_group == e->link_group) {
				first = j;
				break;
			}
	fprintf(out, "file /%s %s 0%o %u %u", t->v[first].name, e->source, e->mode, e->uid,
		e->gid);
	for (size_t j = first + 1; j <= last; j++)
		if (t->v[j].type == ENTRY_FILE && e->link_group >= 0 &&
		    t->v[j].link_group == e->link_group)
			fprintf(out, " /%s", t->v[j].name);
	fputc('\n', out);
}

/* gen_init_cpio expands ${NAME} in a location (and only there), and reads
 * a field of at most PATH_MAX characters. */
static int location_unwritable(const struct entry *e, const char *what)
{
	if (location_expands(e->source)) {
		diag("%s: %s: the list format cannot express '${...}' in a location: "
		     "gen_init_cpio would expand it: '%s'", what, e->origin, e->source);
		return 1;
	}
	if (strlen(e->source) >= PATH_MAX) {
		diag("%s: %s: the list format cannot express a location longer than PATH_MAX: " VAL,
		     what, e->origin, VALARG(e->source));
		return 1;
	}
	return 0;
}

int listout_write(const struct tree *t, FILE *out, const char *what)
{
	fprintf(out, "# gen_init_cpio list written by rominit gen; see docs/outputs.md\n");
	for (size_t i = 0; i < t->n; i++) {
		const struct entry *e = &t->v[i];

		if (e->source && strpbrk(e->source, " \t\n")) {
			diag("%s: %s: the list format cannot express whitespace in '%s'", what,
			     e->origin, e->source);
			return -1;
		}
		if (e->type == ENTRY_FILE && e->source && location_unwritable(e, what))
			return -1;
		switch (e->type) {
		case ENTRY_FILE:
			if (e->carries_data) /* the last name of a group, or a lone file */
				write_file_line(t, i, out);
			break;
		case ENTRY_DIR:
			fprintf(out, "dir /%s 0%o %u %u\n", e->name, e->mode, e->uid, e->gid);
			break;
		case ENTRY_NOD:
			fprintf(out, "nod /%s 0%o %u %u %c %u %u\n", e->name, e->mode, e->uid, e->gid,
				e->devtype, e->major, e->minor);
			break;
		case ENTRY_SLINK:
			fprintf(out, "slink /%s %s 0%o %u %u\n", e->name, e->source, e->mode, e->uid,
				e->gid);
			break;
		case ENTRY_PIPE:
			fprintf(out, "pipe /%s 0%o %u %u\n", e->name, e->mode, e->uid, e->gid);
			break;
		case ENTRY_SOCK:
			fprintf(out, "sock /%s 0%o %u %u\n", e->name, e->mode, e->uid, e->gid);
			break;
		}
	}
	if (ferror(out)) {
		diag("%s: write failed: %s", what, strerror(errno));
		return -1;
	}
	return 0;
}
