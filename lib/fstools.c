/* SPDX-License-Identifier: MIT */
#include "fstools.h"

#include "fmt.h"
#include "fsutil.h"
#include "log.h"
#include "tool.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* OpenWrt's tools at OpenWrt's paths, with the options that make them ask
 * nothing: mkfs's "force" (it would prompt over an old filesystem) and
 * fsck's "repair what is safe". */
static const struct fs_tools {
	enum fs_kind kind;
	const char *mkfs, *force, *label, *fsck, *fix;
} tools_table[] = {
	{ FS_EXT4, "/usr/sbin/mkfs.ext4", "-F", "-L", "/usr/sbin/e2fsck", "-p" },
	{ FS_F2FS, "/usr/sbin/mkfs.f2fs", "-f", "-l", "/usr/sbin/fsck.f2fs", "-a" },
};

/* The tools of fs, or NULL with why[]. */
static const struct fs_tools *tools_of(const struct datafs *fs, char *why, size_t why_size)
{
	for (size_t i = 0; i < sizeof(tools_table) / sizeof(tools_table[0]); i++)
		if (tools_table[i].kind == fs->magic)
			return &tools_table[i];
	fmt_snprintf(why, why_size, "no tools known for %s", fs->type);
	return NULL;
}

/* The tools of fs and the full path of one of them (the checker when
 * fsck): 1 when the root can run it, 0 when it has none (errno says why),
 * -1 with why[] when rominit knows no tools for fs. */
static int find_tool(const struct datafs *fs, const char *root, int fsck,
		     const struct fs_tools **t, char *path, size_t path_size, char *why,
		     size_t why_size)
{
	*t = tools_of(fs, why, why_size);
	if (!*t)
		return -1;
	fmt_snprintf(path, path_size, "%s%s", root, fsck ? (*t)->fsck : (*t)->mkfs);
	return access(path, X_OK) == 0;
}

/* A failed tool's output, line by line (as much as was kept), into the
 * log; then its first line for a one-line reason. */
static const char *first_line(char *text)
{
	const char *line = text;
	char one[160];

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len > 0) {
			fmt_snprintf(one, sizeof(one), "%s", line);
			if (len < sizeof(one))
				one[len] = '\0';
			log_warn("overlay:   | %s", one);
		}
		line += len + (end != NULL);
	}
	char *nl = strchr(text, '\n');

	if (nl)
		*nl = '\0';
	return text[0] ? text : "no output";
}

int fs_kernel_has(const char *type)
{
	static char text[2048]; /* a kernel lists a few dozen: "nodev\tproc\n", "\text4\n" */
	char want[24];

	if (read_file("/proc/filesystems", text, sizeof(text)) < 0)
		return -1;
	fmt_snprintf(want, sizeof(want), "\t%s\n", type);
	return strstr(text, want) != NULL;
}

int mkfs_run(const struct datafs *fs, const struct volume *v, enum fs_kind found,
	     const char *root, int timeout_s, char *why, size_t why_size)
{
	const struct fs_tools *t;
	char tool[160], out[512];
	long start = log_elapsed_ms();
	int rc = find_tool(fs, root, 0, &t, tool, sizeof(tool), why, why_size);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		fmt_snprintf(why, why_size, "cannot format %s as %s: no %s in the root (%s: %s)",
			     v->label, fs->type, t->mkfs, tool, strerror(errno));
		return -1;
	}
	/* A filesystem the kernel cannot mount is not made: what is there
	 * stays (a format would destroy it for nothing). */
	if (fs_kernel_has(fs->type) == 0) {
		fmt_snprintf(why, why_size, "cannot format %s as %s: the kernel has no %s support "
			     "(/proc/filesystems): left untouched", v->label, fs->type, fs->type);
		return -1;
	}
	log_info("overlay: formatting %s (%s): %s %s %s rootfs_data %s", v->label,
		 fs_kind_name(found), t->mkfs, t->force, t->label, v->node);
	char *const argv[] = { (char *)t->mkfs, (char *)t->force, (char *)t->label, "rootfs_data",
			       (char *)v->node, NULL };
	rc = tool_run(root, argv, timeout_s * 1000, out, sizeof(out));
	if (rc == TOOL_TIMEOUT) {
		fmt_snprintf(why, why_size, "%s %s: killed after %d s (CONFIG_MKFS_TIMEOUT): %s",
			     t->mkfs, v->node, timeout_s, first_line(out));
		return -1;
	}
	if (rc != 0) {
		fmt_snprintf(why, why_size, "%s %s %s (status %d): %s", t->mkfs, v->node,
			     rc == TOOL_NOT_RUN ? "could not be run" : "failed", rc, first_line(out));
		return -1;
	}
	log_info("overlay: %s made on %s in %ld ms", fs->type, v->node, log_elapsed_ms() - start);
	return 0;
}

int fsck_run(const struct datafs *fs, const struct volume *v, const char *root, int timeout_s,
	     char *why, size_t why_size)
{
	const struct fs_tools *t;
	char tool[160], out[512], block[24], size[12];
	unsigned long long copy_at;
	unsigned copy_size;
	long start = log_elapsed_ms();
	int rc = find_tool(fs, root, 1, &t, tool, sizeof(tool), why, why_size);

	if (rc < 0)
		return -1;
	if (rc == 0) {
		/* Unchecked is fine for an intact ext4, not for one the kernel
		 * cannot mount until e2fsck rewrites its first superblock. */
		if (t->kind == FS_EXT4 && volume_ext4_backup(v->node, &copy_at, &copy_size)) {
			fmt_snprintf(why, why_size, "%s: ext4's first superblock is damaged and the root "
				     "has no %s to repair it from its copy: left as it is", v->node,
				     t->fsck);
			return -1;
		}
		log_warn("overlay: no %s in the root: %s mounted unchecked", t->fsck, v->node);
		return 0;
	}
	/* An ext4 whose first superblock is damaged: e2fsck -p alone stops at
	 * it (status 8); from a copy it checks and rewrites the first. */
	char *argv[8] = { (char *)t->fsck, (char *)t->fix, (char *)v->node, NULL };

	if (t->kind == FS_EXT4 && volume_ext4_backup(v->node, &copy_at, &copy_size)) {
		fmt_snprintf(block, sizeof(block), "%llu", copy_at);
		fmt_snprintf(size, sizeof(size), "%u", copy_size);
		argv[2] = (char *)"-b", argv[3] = block, argv[4] = (char *)"-B", argv[5] = size;
		argv[6] = (char *)v->node;
		log_info("overlay: %s %s -b %s -B %s %s: from the superblock's copy", t->fsck,
			 t->fix, block, size, v->node);
	}
	rc = tool_run(root, argv, timeout_s * 1000, out, sizeof(out));
	/* fsck(8)'s status: 1 errors corrected, 2 corrected, reboot advised;
	 * 4 and up errors left, or the check failed. */
	if (rc >= 0 && rc <= 3) {
		log_info("overlay: %s %s %s: %s in %ld ms", t->fsck, t->fix, v->node,
			 rc ? "errors corrected" : "clean", log_elapsed_ms() - start);
		return 0;
	}
	fmt_snprintf(why, why_size, "%s %s %s: %s (status %d): %s; left as it is", t->fsck,
		     t->fix, v->node,
		     rc == TOOL_TIMEOUT ? "killed at its bound"
		     : rc == TOOL_NOT_RUN ? "could not be run (the root needs /dev and /proc)"
		     : "errors left", rc, first_line(out));
	/* 4: errors left uncorrected; 8 and up: the check itself failed. */
	return rc >= 4 && rc < 8 ? FSCK_ERRORS_LEFT : -1;
}
