/* SPDX-License-Identifier: MIT */
/* gen: assemble an initramfs from list files and directories into a cpio
 * newc archive, a gen_init_cpio list and a U-Boot uInitrd, deterministically.
 * See docs/gen.md. */
#include "compress.h"
#include "cpio.h"
#include "diag.h"
#include "input.h"
#include "listout.h"
#include "output.h"
#include "source.h"
#include "tree.h"
#include "uimage.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct options {
	const char *cpio_path, *list_path, *uimage_path;
	const char *uimage_arch, *uimage_name;
	const struct codec *codec;
	long long epoch;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gen [options] [-d DIR | LIST]...\n"
		"Inputs, in order (a later explicit entry for the same path is an error):\n"
		"  LIST                    gen_init_cpio list (file dir nod slink pipe sock);\n"
		"                          - for standard input\n"
		"  -d, --dir DIR           every file below DIR, at the same path, owned by root\n"
		"Outputs (each written to a temporary file and renamed only on success):\n"
		"  -o, --output FILE       cpio newc archive\n"
		"  -c, --compress NAME     compression of FILE: %s (default none)\n"
		"  -l, --list-output FILE  the same content as a gen_init_cpio list\n"
		"  -u, --uimage FILE       U-Boot legacy ramdisk image of the archive (needs -o)\n"
		"  -a, --uimage-arch ARCH  arm arm64 mips mips64 powerpc riscv x86 x86_64\n"
		"  -n, --uimage-name NAME  image name in the header (default \"rominit initramfs\")\n"
		"  -t, --epoch SECONDS     mtime of every entry (default $SOURCE_DATE_EPOCH, else 0)\n",
		compress_names());
}

static int parse_epoch(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return (*s && !*end && !errno && *out >= 0 && *out <= 0xffffffffLL) ? 0 : -1;
}

/* '-' first: non-options come back in place as option 1, so inputs keep
 * their command-line order. */
static const char shortopts[] = "-o:c:l:u:a:n:t:d:h";
static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "compress", required_argument, NULL, 'c' },
	{ "list-output", required_argument, NULL, 'l' },
	{ "uimage", required_argument, NULL, 'u' },
	{ "uimage-arch", required_argument, NULL, 'a' },
	{ "uimage-name", required_argument, NULL, 'n' },
	{ "epoch", required_argument, NULL, 't' },
	{ "dir", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* First pass: options; inputs are read in a second pass, in order. */
static int parse_options(int argc, char **argv, struct options *o)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	int c, stdin_lists = 0;

	o->codec = compress_find("none");
	o->uimage_name = "rominit initramfs";
	if (env && *env && parse_epoch(env, &o->epoch) != 0) {
		diag("SOURCE_DATE_EPOCH: not a time in seconds: '%s'", env);
		return -1;
	}
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->cpio_path = optarg; break;
		case 'l': o->list_path = optarg; break;
		case 'u': o->uimage_path = optarg; break;
		case 'a': o->uimage_arch = optarg; break;
		case 'n': o->uimage_name = optarg; break;
		case 1: stdin_lists += strcmp(optarg, "-") == 0; break; /* inputs: second pass */
		case 'd': break;
		case 'c':
			o->codec = compress_find(optarg);
			if (!o->codec) {
				diag("--compress: unknown compression '%s' (known: %s)", optarg,
				     compress_names());
				return -1;
			}
			break;
		case 't':
			if (parse_epoch(optarg, &o->epoch) != 0) {
				diag("--epoch: not a time in seconds: '%s'", optarg);
				return -1;
			}
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	for (int i = optind; i < argc; i++) /* lists after "--" */
		stdin_lists += strcmp(argv[i], "-") == 0;
	if (stdin_lists > 1) { /* a second read would be an empty list */
		diag("-: standard input given as a list %d times; it can be read once", stdin_lists);
		return -1;
	}
	if (!o->cpio_path && !o->list_path) {
		diag("nothing to write: give --output and/or --list-output");
		return -1;
	}
	if (o->uimage_path && (!o->cpio_path || !o->uimage_arch)) {
		diag("--uimage needs --output and --uimage-arch");
		return -1;
	}
	if (o->uimage_arch && !uimage_arch_known(o->uimage_arch)) {
		diag("--uimage-arch: unknown architecture '%s'", o->uimage_arch);
		return -1;
	}
	return 0;
}

static int read_inputs(int argc, char **argv, struct tree *t)
{
	int c;

	if (tree_add_builtins(t) != 0)
		return -1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 1 && input_list(t, optarg) != 0)
			return -1;
		if (c == 'd' && input_dir(t, optarg) != 0)
			return -1;
	}
	for (; optind < argc; optind++) /* lists after "--" */
		if (input_list(t, argv[optind]) != 0)
			return -1;
	return tree_finish(t);
}

/* The archive, and the U-Boot image wrapped around it when asked for. */
static int write_cpio(const struct tree *t, const struct options *o)
{
	struct output *cpio = output_open(o->cpio_path);
	struct output *uimage;

	if (!cpio || cpio_write(t, o->codec, o->epoch, cpio->f, o->cpio_path) != 0)
		return -1;
	if (o->uimage_path &&
	    (!(uimage = output_open(o->uimage_path)) || fflush(cpio->f) != 0 ||
	     uimage_write(cpio->f, uimage->f, o->uimage_arch, o->uimage_name, o->epoch,
			  o->uimage_path) != 0 ||
	     output_close(uimage) != 0))
		return -1;
	return output_close(cpio);
}

static int write_list(const struct tree *t, const char *path)
{
	struct output *list = output_open(path);

	if (!list || listout_write(t, list->f, path) != 0)
		return -1;
	return output_close(list);
}

/* Every output to its temporary first; renamed only when all are whole. */
static int write_outputs(const struct tree *t, const struct options *o)
{
	if (o->cpio_path && write_cpio(t, o) != 0)
		return -1;
	/* Without an archive no source is read here: check them before the
	 * list goes to a kernel build that would fail on them later. */
	if (!o->cpio_path && sources_check(t) != 0)
		return -1;
	if (o->list_path && write_list(t, o->list_path) != 0)
		return -1;
	return output_commit_all();
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct tree t = { 0 };
	int rc;

	if (parse_options(argc, argv, &o) != 0)
		return 2;
	rc = read_inputs(argc, argv, &t) == 0 && write_outputs(&t, &o) == 0 ? 0 : 1;
	tree_free(&t);
	return rc;
}
