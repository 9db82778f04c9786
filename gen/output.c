#include "output.h"

#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTPUTS_MAX 8

static struct output *pending[OUTPUTS_MAX];
static int npending;
static int cleanup_registered;

static void remove_temporaries(void)
{
	for (int i = 0; i < npending; i++)
		if (pending[i]->tmp)
			unlink(pending[i]->tmp);
}

int output_open(struct output *o, const char *path)
{
	size_t n = strlen(path) + 16;
	int fd;

	if (npending == OUTPUTS_MAX) {
		diag("too many outputs");
		return -1;
	}
	if (!cleanup_registered) {
		atexit(remove_temporaries);
		cleanup_registered = 1;
	}
	o->path = xstrdup(path);
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		diag("%s: cannot create output: %s", o->tmp, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	/* mkstemp makes 0600; outputs are ordinary build products. */
	if (fchmod(fd, 0644) != 0 || !(o->f = fdopen(fd, "w+b"))) {
		diag("%s: %s", o->tmp, strerror(errno));
		close(fd);
		unlink(o->tmp);
		return -1;
	}
	pending[npending++] = o;
	return 0;
}

int output_close(struct output *o)
{
	int rc = 0;

	if (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0) {
		diag("%s: write failed: %s", o->path, strerror(errno));
		rc = -1;
	}
	if (fclose(o->f) != 0 && rc == 0) {
		diag("%s: write failed: %s", o->path, strerror(errno));
		rc = -1;
	}
	o->f = NULL;
	return rc;
}

int output_commit_all(void)
{
	for (int i = 0; i < npending; i++) {
		if (rename(pending[i]->tmp, pending[i]->path) != 0) {
			diag("%s: cannot rename into place: %s", pending[i]->path, strerror(errno));
			return -1;
		}
		free(pending[i]->tmp);
		pending[i]->tmp = NULL;
	}
	return 0;
}
