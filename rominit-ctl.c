/* SPDX-License-Identifier: MIT */
/*
 * rominit-ctl: the real system's handle on what /init set up.
 *
 *   rominit-ctl done           mark the overlay ready: first-boot work is
 *                              finished (with CONFIG_DATA_READY_BY_INIT=n,
 *                              as OpenWrt's "mount_root done")
 *   rominit-ctl factory-reset  mark the overlay pending: the next boot wipes
 *                              it (keeping sysupgrade.tgz if so configured)
 *   rominit-ctl status         print the boot status (docs/status.md)
 *
 * Exit status: 0 done, 1 failed (with a message), 2 usage.
 */
#include "lib/fsstate.h"
#include "lib/fsutil.h"
#include "lib/status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define OVERLAY "/overlay"

/* Messages: a console that cannot take them changes nothing about what
 * rominit-ctl did, so their own write errors are not reported. */
static void say(FILE *to, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(FILE *to, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vfprintf(to, fmt, ap);
	va_end(ap);
}

static int usage(void)
{
	say(stderr, "usage: rominit-ctl done | factory-reset | status\n");
	return 2;
}

static int print_status(void)
{
	char buf[STATUS_MAX];
	long n = read_file(STATUS_FILE, buf, sizeof(buf));

	if (n < 0) {
		say(stderr, "rominit-ctl: cannot read %s: %s (not booted by rominit?)\n", STATUS_FILE,
		    strerror(errno));
		return 1;
	}
	/* The status is this command's output: a failed write is a failure. */
	return fwrite(buf, 1, (size_t)n, stdout) != (size_t)n || fflush(stdout) != 0;
}

/* The state is only meaningful on a persistent overlay. */
static int persistent_overlay(void)
{
	char buf[STATUS_MAX], overlay[32];
	long n = read_file(STATUS_FILE, buf, sizeof(buf));

	if (n < 0) {
		say(stderr, "rominit-ctl: cannot read %s: %s\n", STATUS_FILE, strerror(errno));
		return 0;
	}

	/* Persistent is any filesystem on a data volume: jffs2, ubifs, ... */
	if (status_value(buf, (size_t)n, "overlay", overlay, sizeof(overlay)) && overlay[0] &&
	    strcmp(overlay, "tmpfs") != 0 && strcmp(overlay, "none") != 0)
		return 1;
	say(stderr, "rominit-ctl: this boot has no persistent overlay (see 'rominit-ctl status'): "
		    "nothing to mark\n");
	return 0;
}

static int set_state(enum fs_state state)
{
	if (!persistent_overlay())
		return 1;
	if (fs_state_write(OVERLAY, state) != 0) {
		say(stderr, "rominit-ctl: cannot write %s/.fs_state: %s\n", OVERLAY, strerror(errno));
		return 1;
	}
	sync();
	say(stdout, "rominit-ctl: overlay marked %s%s\n", fs_state_name(state),
	    state == FS_STATE_PENDING ? ": the next boot wipes it" : "");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return usage();
	if (strcmp(argv[1], "done") == 0)
		return set_state(FS_STATE_READY);
	if (strcmp(argv[1], "factory-reset") == 0)
		return set_state(FS_STATE_PENDING);
	if (strcmp(argv[1], "status") == 0)
		return print_status();
	return usage();
}
