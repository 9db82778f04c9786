#include "listout.h"

#include "diag.h"

#include <errno.h>
#include <string.h>

/* A hard-link group is one "file" line: the first name, then the others. */
static void write_file_line(const struct tree *t, size_t i, FILE *out)
{
	const struct entry *e = &t->v[i];

	fprintf(out, "file /%s %s 0%o %u %u", e->name, e->source, e->mode, e->uid, e->gid);
	if (e->link_group >= 0)
		for (size_t j = i + 1; j < t->n; j++)
			if (t->v[j].type == ENTRY_FILE && t->v[j].link_group == e->link_group)
				fprintf(out, " /%s", t->v[j].name);
	fputc('\n', out);
}

static int first_of_group(const struct tree *t, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (t->v[j].type == ENTRY_FILE && t->v[j].link_group == t->v[i].link_group)
			return 0;
	return 1;
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
		switch (e->type) {
		case ENTRY_FILE:
			if (e->link_group < 0 || first_of_group(t, i))
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
