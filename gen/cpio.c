/* SPDX-License-Identifier: MIT */
#include "cpio.h"

#include "diag.h"
#include "source.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Reads of up to 1 MiB: stdio then passes most of a large file to write(2)
 * straight from this buffer instead of copying it through its own. */
#define COPY_CHUNK ((size_t)1 << 20)

static mode_t filetype_of(const struct entry *e)
{
	switch (e->type) {
	case ENTRY_FILE:
		return AE_IFREG;
	case ENTRY_DIR:
		return AE_IFDIR;
	case ENTRY_SLINK:
		return AE_IFLNK;
	case ENTRY_PIPE:
		return AE_IFIFO;
	case ENTRY_SOCK:
		return AE_IFSOCK;
	case ENTRY_NOD:
		return e->devtype == 'b' ? AE_IFBLK : AE_IFCHR;
	}
	return 0;
}

/* Copy a source file's bytes into the archive, insisting on the size the
 * header announced: a file that changes under us would corrupt the archive.
 * Each read asks for one byte past the announced end, so a short read there
 * shows the end of the file without one more read() per file. */
static int copy_data(struct archive *a, const struct entry *e, int fd, long long size,
		     char *buf)
{
	long long done = 0;
	ssize_t n;

	for (;;) {
		unsigned long long left = (unsigned long long)(size - done);
		size_t want = left < COPY_CHUNK ? (size_t)left + 1 : COPY_CHUNK;

		n = read(fd, buf, want);
		if (n <= 0)
			break;
		if (done + n > size || archive_write_data(a, buf, (size_t)n) != n) {
			diag("%s: %s: %s", e->origin, e->source,
			     done + n > size ? "file grew while being archived" : archive_error_string(a));
			return -1;
		}
		done += n;
		if (done == size && (size_t)n < want)
			break;
	}
	if (n < 0 || done != size) {
		diag("%s: %s: %s", e->origin, e->source,
		     n < 0 ? strerror(errno) : "file shrank while being archived");
		return -1;
	}
	return 0;
}

static int write_header(struct archive *a, struct archive_entry *ae, const struct entry *e,
			long long mtime, long long size)
{
	archive_entry_clear(ae);
	archive_entry_set_pathname(ae, e->name);
	archive_entry_set_filetype(ae, filetype_of(e));
	archive_entry_set_perm(ae, e->mode);
	archive_entry_set_uid(ae, e->uid);
	archive_entry_set_gid(ae, e->gid);
	archive_entry_set_mtime(ae, mtime, 0);
	archive_entry_set_ino(ae, e->ino);
	archive_entry_set_nlink(ae, e->nlink);
	if (e->type == ENTRY_NOD) {
		archive_entry_set_rdevmajor(ae, e->major);
		archive_entry_set_rdevminor(ae, e->minor);
	}
	if (e->type == ENTRY_SLINK)
		archive_entry_set_symlink(ae, e->source);
	archive_entry_set_size(ae, size);
	if (archive_write_header(a, ae) != ARCHIVE_OK) {
		diag("%s: /%s: %s", e->origin, e->name, archive_error_string(a));
		return -1;
	}
	return 0;
}

/* The header, then the data from the file opened once: its size from the
 * open descriptor, not a second lookup of the path. */
static int write_entry(struct archive *a, struct archive_entry *ae, const struct entry *e,
		       long long mtime, char *buf, struct dir_cache *sources)
{
	struct stat st;
	int fd, rc;

	if (e->type != ENTRY_FILE || !e->carries_data)
		return write_header(a, ae, e, mtime, 0);
	fd = source_open(e, sources, &st);
	if (fd == SOURCE_EMPTY)
		return write_header(a, ae, e, mtime, 0);
	if (fd < 0)
		return -1;
	rc = write_header(a, ae, e, mtime, st.st_size);
	if (rc == 0 && st.st_size > 0)
		rc = copy_data(a, e, fd, st.st_size, buf);
	close(fd);
	return rc;
}

int cpio_write(const struct tree *t, const struct codec *codec, long long mtime, FILE *out,
	       const char *what)
{
	struct archive *a = archive_write_new();
	struct archive_entry *ae = archive_entry_new();
	struct dir_cache sources = DIR_CACHE_INIT;
	char *buf = xmalloc(COPY_CHUNK);
	int rc = -1;

	if (!a || !ae) {
		diag("%s: out of memory", what);
		goto out;
	}
	if (archive_write_set_format_cpio_newc(a) != ARCHIVE_OK) {
		diag("%s: %s", what, archive_error_string(a));
		goto out;
	}
	if (compress_open(a, codec, out, what) != 0)
		goto out;
	for (size_t i = 0; i < t->n; i++)
		if (write_entry(a, ae, &t->v[i], mtime, buf, &sources) != 0)
			goto out;
	if (archive_write_close(a) != ARCHIVE_OK) {
		diag("%s: %s", what, archive_error_string(a));
		goto out;
	}
	rc = 0;
out:
	dir_cache_release(&sources);
	free(buf);
	archive_entry_free(ae);
	archive_write_free(a);
	return rc;
}
