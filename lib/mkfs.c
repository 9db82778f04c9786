#include "mkfs.h"

#include "fmt.h"
#include "log.h"
#include "tool.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* The first line of a tool's output, for a one-line reason. */
static const char *first_line(char *text)
{
	char *nl = strchr(text, '\n');

	if (nl)
		*nl = '\0';
	return text[0] ? text : "no output";
}

int mkfs_run(const struct datafs *fs, const struct volume *v, enum fs_kind found,
	     const char *root, int timeout_s, char *why, size_t why_size)
{
	char tool[160], out[512];
	char *const argv[] = { (char *)fs->mkfs, (char *)fs->mkfs_force, (char *)fs->mkfs_label,
			       "rootfs_data", (char *)v->node, NULL };
	long start = log_elapsed_ms();
	int rc;

	fmt_snprintf(tool, sizeof(tool), "%s%s", root, fs->mkfs);
	if (access(tool, X_OK) != 0) {
		fmt_snprintf(why, why_size, "cannot format %s as %s: no %s in the root (%s: %s)",
			     v->label, fs->type, fs->mkfs, tool, strerror(errno));
		return -1;
	}
	log_info("overlay: formatting %s (%s): %s %s %s rootfs_data %s", v->label,
		 fs_kind_name(found), fs->mkfs, fs->mkfs_force, fs->mkfs_label, v->node);
	rc = tool_run(root, argv, timeout_s * 1000, out, sizeof(out));
	if (rc == TOOL_TIMEOUT) {
		fmt_snprintf(why, why_size, "%s %s: killed after %d s (CONFIG_MKFS_TIMEOUT): %s",
			     fs->mkfs, v->node, timeout_s, first_line(out));
		return -1;
	}
	if (rc != 0) {
		fmt_snprintf(why, why_size, "%s %s %s (status %d): %s", fs->mkfs, v->node,
			     rc == TOOL_NOT_RUN ? "could not be run" : "failed", rc, first_line(out));
		return -1;
	}
	log_info("overlay: %s made on %s in %ld ms", fs->type, v->node, log_elapsed_ms() - start);
	return 0;
}
