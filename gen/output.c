/* SPDX-License-Identifier: MIT */
#include "output.h"

#include "diag.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTPUTS_MAX 8
#define OUTPUT_BUFFER ((size_t)64 << 10)

/* Static: the exit and signal handlers read these after any caller's frame
 * is gone. */
static struct output outputs[OUTPUTS_MAX];
static volatile sig_atomic_t noutputs;

static void remove_temporaries(void)
{
	for (int i = 0; i < noutputs; i++)
		if (outputs[i].tmp)
			unlink(outputs[i].tmp);
}

static void on_signal(int sig)
{
	remove_temporaries(); /* unlink is async-signal-safe */
	/* Die of the same signal, so the caller sees it. A handler has no one
	 * to report a failure of these to. */
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

static void install_cleanup(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	static int done;

	if (done)
		return;
	done = 1;
	/* Cleanup is best effort: without it a temporary may stay behind
	 * after a crash, but the final path is never half-written. */
	if (atexit(remove_temporaries) != 0)
		diag("warning: cannot register the cleanup of temporary files");
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (signal(sigs[i], on_signal) == SIG_ERR)
			diag("warning: cannot catch signal %d to remove temporaries", sigs[i]);
}

struct output *output_open(const char *path)
{
	struct output *o;
	size_t n = strlen(path) + 16;
	int fd;

	if (noutputs == OUTPUTS_MAX) {
		diag("too many outputs");
		return NULL;
	}
	install_cleanup();
	o = &outputs[noutputs];
	o->path = xstrdup(path);
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s.tmp.XXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		diag("%s: cannot create output: %s", o->tmp, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return NULL;
	}
	noutputs++;
	/* mkstemp makes 0600; outputs are ordinary build products. */
	if (fchmod(fd, 0644) != 0 || !(o->f = fdopen(fd, "w+b"))) {
		diag("%s: %s", o->tmp, strerror(errno));
		close(fd);
		return NULL;
	}
	/* Headers and small files in 64 KiB writes, not stdio's 4 KiB ones
	 * (glibc ignores the size unless given the buffer). */
	o->buf = xmalloc(OUTPUT_BUFFER);
	if (setvbuf(o->f, o->buf, _IOFBF, OUTPUT_BUFFER) != 0) {
		diag("%s: cannot set up its buffer", o->tmp);
		return NULL;
	}
	return o;
}

/* No fsync: like the compiler, the linker and the kernel's gen_init_cpio,
 * gen leaves writeback to the kernel (it cost 40% of gen's time on a 90 MB
 * archive). The rename still shows every reader a whole file or none. */
int output_close(struct output *o)
{
	int rc = 0;

	if (fflush(o->f) != 0) {
		diag("%s: write failed: %s", o->path, strerror(errno));
		rc = -1;
	}
	if (fclose(o->f) != 0 && rc == 0) {
		diag("%s: write failed: %s", o->path, strerror(errno));
		rc = -1;
	}
	o->f = NULL;
	free(o->buf);
	o->buf = NULL;
	return rc;
}

int output_commit_all(void)
{
	struct stat st;

	for (int i = 0; i < noutputs; i++)
		if (lstat(outputs[i].path, &st) == 0 && S_ISDIR(st.st_mode)) {
			diag("%s: is a directory", outputs[i].path);
			return -1;
		}
	for (int i = 0; i < noutputs; i++) {
		if (rename(outputs[i].tmp, outputs[i].path) != 0) {
			diag("%s: cannot rename into place: %s", outputs[i].path, strerror(errno));
			return -1;
		}
		free(outputs[i].tmp);
		outputs[i].tmp = NULL;
	}
	return 0;
}
