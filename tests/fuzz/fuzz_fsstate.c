/* SPDX-License-Identifier: MIT */
/* Fuzz target: the overlay state (lib/fsstate.c).
 *
 * The input is a .fs_state link target. fs_state_parse on the exact bytes
 * must say PENDING for "1", READY for "2" and UNKNOWN for anything else;
 * then the same target as a real symlink in a private directory must read
 * back (fs_state_read, readlink into a small buffer) as the same state; and
 * fs_state_write of every state must read back as itself. */
#include "lib/fsstate.h"
#include "tests/fuzz/fuzz.h"

#include <limits.h>
#include <unistd.h>

static const char *dir;
static char link_path[PATH_MAX + 16];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dir = fuzz_private_dir("fsstate");
	snprintf(link_path, sizeof(link_path), "%s/.fs_state", dir);
	return 0;
}

static enum fs_state reference(const uint8_t *p, size_t len)
{
	if (len == 1 && p[0] == '1')
		return FS_STATE_PENDING;
	if (len == 1 && p[0] == '2')
		return FS_STATE_READY;
	return FS_STATE_UNKNOWN;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const enum fs_state states[] = { FS_STATE_UNKNOWN, FS_STATE_PENDING, FS_STATE_READY };
	char *target = malloc(len + 1);
	enum fs_state got = fs_state_parse((const char *)data, len), want = reference(data, len);

	FUZZ_CHECK(got == want, "fs_state_parse says %s, the reference %s", fs_state_name(got),
		   fs_state_name(want));
	FUZZ_CHECK(strcmp(fs_state_name(got), "invalid") != 0, "state %d has no name", (int)got);

	/* The same bytes as a symlink's target: what /init reads at boot. */
	if (!target)
		abort();
	memcpy(target, data, len);
	target[len] = '\0';
	unlink(link_path);
	if (len > 0 && len < PATH_MAX && strlen(target) == len && symlink(target, link_path) == 0) {
		got = fs_state_read(dir);
		FUZZ_CHECK(got == want, "fs_state_read of '%s' says %s, want %s", target,
			   fs_state_name(got), fs_state_name(want));
	}
	free(target);

	/* Written states read back. */
	if (len > 0) {
		enum fs_state s = states[data[0] % 3];

		FUZZ_CHECK(fs_state_write(dir, s) == 0, "fs_state_write(%s) failed", fs_state_name(s));
		FUZZ_CHECK(fs_state_read(dir) == s, "wrote %s, read %s", fs_state_name(s),
			   fs_state_name(fs_state_read(dir)));
	}
	unlink(link_path);
	FUZZ_CHECK(fs_state_read(dir) == FS_STATE_ABSENT, "no .fs_state reads as %s",
		   fs_state_name(fs_state_read(dir)));
	return 0;
}
