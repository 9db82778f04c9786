/* SPDX-License-Identifier: MIT */
/* Fuzz target: a cpio round trip through gen's own writer (gen/tree.c,
 * gen/cpio.c, gen/compress.c), read back by libarchive.
 *
 * The input decodes to a compression byte (248-251: gzip xz lz4 lzma, else
 * none), a 32-bit epoch, then entries until the input ends (at most 32):
 *   kind    type = (kind & 0x3f) % 6: file dir nod slink pipe sock;
 *           file: 0x40 starts a hard-link group, 0x80 joins the last group;
 *           nod: 0x40 a block device
 *   name    16-bit length, bytes (through tree_normalise; refused names skip)
 *   mode    16 bits & 07777;  uid, gid: a byte < 128 is id % 4, else 32 bits
 *   then    file: 16-bit length and content (written into a private
 *           directory); slink: 8-bit length and target; nod: major, minor
 * added with tree_add after gen's built-ins, the way its inputs do. After
 * tree_finish, cpio_write writes the archive into memory; libarchive reads it
 * back and every entry must come back as it was given: name, type,
 * permissions, owner, mtime, inode and link count, device numbers, link
 * target, and the bytes of each file (on the last name of a hard-link group,
 * as the kernel's unpacker wants), in name order, nothing more. */
#include "gen/compress.h"
#include "gen/cpio.h"
#include "gen/tree.h"
#include "tests/fuzz/fuzz.h"

#include <archive.h>
#include <archive_entry.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRIES_MAX 32
#define CONTENT_MAX 4096

static const char *dir;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dir = fuzz_private_dir("cpio");
	return 0;
}

/* What the harness gave, to compare the archive with (not the tree's copy). */
struct expected {
	char *name;
	enum entry_type type;
	unsigned mode, uid, gid;
	const uint8_t *content; /* FILE: points into the input */
	size_t content_len;
	long group;             /* FILE: hard-link group, -1 none */
	char *target;           /* SLINK */
	char devtype;
	unsigned major, minor;
	int seen;
};

static struct expected *expected_of(struct expected *x, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(x[i].name, name) == 0)
			return &x[i];
	return NULL;
}

static unsigned take_id(struct fuzz_input *in)
{
	uint8_t how = take_u8(in);

	return how < 128 ? how % 4 : take_u32(in); /* mostly root and a few small ids */
}

/* Mostly none: a compressor costs 10 to 60 ms a run under ASan, the cpio
 * is the point. zstd is left out: libarchive's own filter, at level 19 about
 * a second a run; tests/gen/t-compress.sh round-trips it. */
static const struct codec *take_codec(struct fuzz_input *in)
{
	static const char *const names[] = { "gzip", "xz", "lz4", "lzma" };
	uint8_t pick = take_u8(in);

	return compress_find(pick < 248 ? "none" : names[pick % 4]);
}

static mode_t filetype_of(enum entry_type type, char devtype)
{
	switch (type) {
	case ENTRY_FILE: return AE_IFREG;
	case ENTRY_DIR: return AE_IFDIR;
	case ENTRY_SLINK: return AE_IFLNK;
	case ENTRY_PIPE: return AE_IFIFO;
	case ENTRY_SOCK: return AE_IFSOCK;
	case ENTRY_NOD: return devtype == 'b' ? AE_IFBLK : AE_IFCHR;
	}
	return 0;
}

/* Decode one entry and add it: 0 when it is a new one, 1 when it merged into
 * an earlier directory, -1 when the tree refused it (the same path twice) or
 * the name was not one an input would give. */
static int add_entry(struct tree *t, struct fuzz_input *in, struct expected *x, int nx,
		     int index, long *last_group, char *last_source)
{
	uint8_t kind = take_u8(in);
	char *raw = take_string(in, 300), origin[32], source[PATH_MAX + 32];
	const char *problem;
	struct entry e = { 0 };
	struct expected *same = NULL, *merged = NULL, want = { 0 };
	int rc;

	e.name = tree_normalise(raw, &problem);
	free(raw);
	if (!e.name)
		return -1;
	snprintf(origin, sizeof(origin), "fuzz:%d", index);
	e.origin = origin;
	e.type = (enum entry_type)((kind & 0x3f) % 6); /* 0x40, 0x80: flags below */
	e.mode = (take_u8(in) << 8 | take_u8(in)) & 07777;
	e.uid = take_id(in);
	e.gid = take_id(in);
	e.link_group = -1;
	want.group = -1;
	switch (e.type) {
	case ENTRY_FILE:
		for (int i = 0; i < nx && (kind & 0x80) && *last_group >= 0 && !same; i++)
			if (x[i].group == *last_group)
				same = &x[i];
		if (same) {
			/* Another name of the last linked file: its source, its group. */
			e.link_group = same->group;
			e.source = last_source;
			want.content = same->content;
			want.content_len = same->content_len;
		} else {
			FILE *f;

			want.content = take_bytes(in, CONTENT_MAX, &want.content_len);
			snprintf(source, sizeof(source), "%s/f%d", dir, index);
			f = fopen(source, "w");
			if (!f || fwrite(want.content, 1, want.content_len, f) != want.content_len ||
			    fclose(f) != 0)
				abort();
			e.source = source;
			if (kind & 0x40) /* a group that later entries may join */
				e.link_group = t->next_group++;
		}
		want.group = e.link_group;
		break;
	case ENTRY_SLINK:
		e.source = take_string(in, 255);
		if (!e.source[0]) {
			free(e.source);
			e.source = strdup("target");
		}
		want.target = strdup(e.source);
		break;
	case ENTRY_NOD:
		e.devtype = kind & 0x40 ? 'b' : 'c';
		e.major = take_u32(in) % 4096;
		e.minor = take_u32(in) % 1048576;
		break;
	default:
		break;
	}
	rc = tree_add(t, &e);
	if (rc == 0) {
		want.name = e.name;
		want.type = e.type;
		want.mode = e.mode;
		want.uid = e.uid;
		want.gid = e.gid;
		want.devtype = e.devtype;
		want.major = e.major;
		want.minor = e.minor;
		merged = expected_of(x, nx, e.name);
		if (merged) { /* two directories merged: the later one wins */
			free(merged->name);
			free(merged->target);
			*merged = want;
		} else {
			x[nx] = want;
		}
		if (e.link_group >= 0 && !same) { /* a new group: the one to join next */
			*last_group = e.link_group;
			snprintf(last_source, PATH_MAX + 32, "%s", e.source);
		}
	} else {
		free(e.name);
		free(want.target);
	}
	if (e.type == ENTRY_SLINK)
		free(e.source);
	if (rc != 0)
		return -1;
	return merged ? 1 : 0;
}

/* The data of the entry libarchive is at: all of it, in order. */
static void check_data(struct archive *a, const char *name, const uint8_t *want, size_t len)
{
	uint8_t buf[1024];
	size_t done = 0;
	la_ssize_t n;

	while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
		FUZZ_CHECK(done + (size_t)n <= len && memcmp(buf, want + done, (size_t)n) == 0,
			   "/%s: data differs at byte %zu", name, done);
		done += (size_t)n;
	}
	FUZZ_CHECK(n == 0 && done == len, "/%s: %zu data bytes of %zu (%s)", name, done, len,
		   n < 0 ? archive_error_string(a) : "end");
}

static void check_archive(const struct tree *t, struct expected *x, int nx, long long mtime,
			  const void *archive, size_t size)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ae;
	int r;

	if (!a)
		abort();
	archive_read_support_filter_all(a);
	archive_read_support_format_cpio(a);
	FUZZ_CHECK(archive_read_open_memory(a, archive, size) == ARCHIVE_OK, "cannot open: %s",
		   archive_error_string(a));
	for (size_t i = 0; i < t->n; i++) {
		const struct entry *e = &t->v[i];
		struct expected *w = expected_of(x, nx, e->name), fallback = { 0 };
		const char *link;

		r = archive_read_next_header(a, &ae);
		FUZZ_CHECK(r == ARCHIVE_OK, "entry %zu (/%s): %s", i, e->name,
			   archive_error_string(a));
		FUZZ_CHECK(strcmp(archive_entry_pathname(ae), e->name) == 0,
			   "entry %zu is /%s, want /%s", i, archive_entry_pathname(ae), e->name);
		if (!w) {
			/* Not one of ours: a built-in or an added parent directory. */
			FUZZ_CHECK(e->implicit, "/%s is in the tree but was never added", e->name);
			fallback.name = e->name;
			fallback.type = e->type;
			fallback.mode = e->mode;
			fallback.uid = e->uid;
			fallback.gid = e->gid;
			fallback.devtype = e->devtype;
			fallback.major = e->major;
			fallback.minor = e->minor;
			fallback.group = -1;
			w = &fallback;
		}
		FUZZ_CHECK(!w->seen, "/%s twice", e->name);
		w->seen = 1;
		FUZZ_CHECK(archive_entry_filetype(ae) == filetype_of(w->type, w->devtype),
			   "/%s: file type %o, want %o", e->name, archive_entry_filetype(ae),
			   filetype_of(w->type, w->devtype));
		FUZZ_CHECK(archive_entry_perm(ae) == w->mode, "/%s: mode %o, want %o", e->name,
			   archive_entry_perm(ae), w->mode);
		FUZZ_CHECK(archive_entry_uid(ae) == w->uid && archive_entry_gid(ae) == w->gid,
			   "/%s: owner %lld:%lld, want %u:%u", e->name,
			   (long long)archive_entry_uid(ae), (long long)archive_entry_gid(ae), w->uid,
			   w->gid);
		FUZZ_CHECK(archive_entry_mtime(ae) == mtime, "/%s: mtime %lld, want %lld", e->name,
			   (long long)archive_entry_mtime(ae), mtime);
		FUZZ_CHECK(archive_entry_ino64(ae) == e->ino && archive_entry_nlink(ae) == e->nlink,
			   "/%s: inode %lld links %u, the tree says %u and %u", e->name,
			   (long long)archive_entry_ino64(ae), archive_entry_nlink(ae), e->ino, e->nlink);
		if (w->type == ENTRY_NOD)
			FUZZ_CHECK(archive_entry_rdevmajor(ae) == w->major &&
					   archive_entry_rdevminor(ae) == w->minor,
				   "/%s: device %u:%u, want %u:%u", e->name,
				   (unsigned)archive_entry_rdevmajor(ae),
				   (unsigned)archive_entry_rdevminor(ae), w->major, w->minor);
		if (w->type == ENTRY_SLINK) {
			link = archive_entry_symlink(ae);
			FUZZ_CHECK(link && strcmp(link, w->target) == 0, "/%s: link to '%s', want '%s'",
				   e->name, link ? link : "(none)", w->target);
		}
		if (w->type == ENTRY_FILE && w->group >= 0) {
			/* Every name of the group: one inode; the data on the last name only. */
			unsigned members = 0;
			size_t last = 0;

			for (size_t j = 0; j < t->n; j++)
				if (t->v[j].type == ENTRY_FILE && t->v[j].link_group == w->group) {
					members++;
					last = j;
				}
			FUZZ_CHECK(archive_entry_nlink(ae) == members, "/%s: %u links, group of %u",
				   e->name, archive_entry_nlink(ae), members);
			check_data(a, e->name, w->content, i == last ? w->content_len : 0);
		} else if (w->type == ENTRY_FILE) {
			FUZZ_CHECK(archive_entry_nlink(ae) == 1, "/%s: %u links", e->name,
				   archive_entry_nlink(ae));
			check_data(a, e->name, w->content, w->content_len);
		} else {
			check_data(a, e->name, NULL, 0);
		}
	}
	r = archive_read_next_header(a, &ae);
	FUZZ_CHECK(r == ARCHIVE_EOF, "more than the tree's %zu entries (%d: %s)", t->n, r,
		   r == ARCHIVE_OK ? archive_entry_pathname(ae) : archive_error_string(a));
	for (int i = 0; i < nx; i++)
		FUZZ_CHECK(x[i].seen, "/%s was added but is not in the archive", x[i].name);
	archive_read_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fuzz_input in = { data, len };
	const struct codec *codec = take_codec(&in);
	long long mtime = take_u32(&in);
	struct expected x[ENTRIES_MAX] = { { 0 } };
	struct tree t = { 0 };
	FILE *saved = stderr, *out;
	char *archive = NULL, *reports = NULL, last_source[PATH_MAX + 32] = "";
	size_t archive_len = 0, reports_len = 0;
	long last_group = -1;
	int nx = 0, rc;

	/* Refusals (the same path twice, a file under a file) are expected: the
	 * tree reports them; keep them off the terminal. */
	stderr = open_memstream(&reports, &reports_len);
	if (!stderr)
		abort();
	FUZZ_CHECK(tree_add_builtins(&t) == 0, "built-ins");
	for (int i = 0; in.n > 0 && nx < ENTRIES_MAX; i++)
		if (add_entry(&t, &in, x, nx, i, &last_group, last_source) == 0)
			nx++;
	rc = tree_finish(&t);
	if (rc == 0) {
		out = open_memstream(&archive, &archive_len);
		if (!out)
			abort();
		rc = cpio_write(&t, codec, mtime, out, "fuzz.cpio");
		fclose(out);
		fclose(stderr);
		stderr = saved;
		FUZZ_CHECK(rc == 0, "cpio_write failed: %s", reports);
		check_archive(&t, x, nx, mtime, archive, archive_len);
	} else {
		fclose(stderr);
		stderr = saved;
	}
	free(archive);
	free(reports);
	for (int i = 0; i < nx; i++) {
		free(x[i].name);
		free(x[i].target);
	}
	tree_free(&t);
	return 0;
}
