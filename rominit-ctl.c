/* SPDX-License-Identifier: MIT */
/*
 * rominit-ctl: the real system's handle on what /init set up.
 *
 *   rominit-ctl done           mark the overlay ready: first-boot work is
 *                              finished (with CONFIG_DATA_READY_BY_INIT=n,
 *                              as OpenWrt's "mount_root done")
 *   rominit-ctl factory-reset  mark the overlay pending: the next boot wipes
 *                              it (keeping sysupgrade.tgz if so configured);
 *                              in a boot without it (failsafe, a tmpfs
 *                              fallback), mark the data volume itself
 *                              (0xdeadc0de at its start: the next boot
 *                              formats it), OpenWrt's firstboot
 *   rominit-ctl status         print the boot status (docs/status.md)
 *
 * Exit status: 0 done, 1 failed (with a message), 2 usage.
 */
#include "lib/fsstate.h"
#include "lib/fsutil.h"
#include "lib/mark.h"
#include "lib/status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The status file, or NULL with the reason said. *n its length. */
static const char *read_status(long *n)
{
	static char buf[STATUS_MAX];

	*n = read_file(STATUS_FILE, buf, sizeof(buf));
	if (*n < 0) {
		say(stderr, "rominit-ctl: cannot read %s: %s\n", STATUS_FILE, strerror(errno));
		return NULL;
	}
	return buf;
}

/* Persistent is any filesystem on a data volume: jffs2, ubifs, ext4, f2fs. */
static int persistent_overlay(const char *st, long n)
{
	char overlay[32];

	return status_value(st, (size_t)n, "overlay", overlay, sizeof(overlay)) && overlay[0] &&
	       strcmp(overlay, "tmpfs") != 0 && strcmp(overlay, "none") != 0;
}

static int set_state(enum fs_state state)
{
	long n;
	const char *st = read_status(&n);

	if (!st)
		return 1;
	if (!persistent_overlay(st, n)) {
		say(stderr, "rominit-ctl: this boot has no persistent overlay (see 'rominit-ctl "
			    "status'): nothing to mark\n");
		return 1;
	}
	if (fs_state_write(OVERLAY, state) != 0) {
		say(stderr, "rominit-ctl: cannot write %s/.fs_state: %s\n", OVERLAY, strerror(errno));
		return 1;
	}
	sync();
	say(stdout, "rominit-ctl: overlay marked %s%s\n", fs_state_name(state),
	    state == FS_STATE_PENDING ? ": the next boot wipes it" : "");
	return 0;
}

/* Failsafe or a tmpfs fallback: the data volume is not the overlay, so its
 * state file cannot be written; the volume itself is marked where the
 * status says it is (data_backing and data_offset for the space after the
 * squashfs, whose loop device is gone; else data_volume). */
static int mark_data_volume(const char *st, long n)
{
	char dev[136], offset[24], why[240], overlay[16], version[8];
	unsigned long long at = 0;

	/* Only a status that says plainly there is no persistent overlay:
	 * one from another version, or without the key, is no licence to
	 * write to a device. */
	if (!status_value(st, (size_t)n, "version", version, sizeof(version)) ||
	    strcmp(version, "1") != 0 ||
	    !status_value(st, (size_t)n, "overlay", overlay, sizeof(overlay)) ||
	    (strcmp(overlay, "tmpfs") != 0 && strcmp(overlay, "none") != 0)) {
		say(stderr, "rominit-ctl: %s is not a version 1 status naming a tmpfs or no overlay: "
			    "nothing marked\n", STATUS_FILE);
		return 1;
	}

	if (status_value(st, (size_t)n, "data_backing", dev, sizeof(dev)) && dev[0]) {
		if (!status_value(st, (size_t)n, "data_offset", offset, sizeof(offset)) ||
		    !offset[0] || strspn(offset, "0123456789") != strlen(offset)) {
			say(stderr, "rominit-ctl: %s names data_backing but no data_offset\n",
			    STATUS_FILE);
			return 1;
		}
		errno = 0;
		at = strtoull(offset, NULL, 10);
		if (errno != 0 || at == 0) {
			say(stderr, "rominit-ctl: %s: data_offset=%s is no place to mark\n",
			    STATUS_FILE, offset);
			return 1;
		}
	} else if (!status_value(st, (size_t)n, "data_volume", dev, sizeof(dev)) || !dev[0]) {
		say(stderr, "rominit-ctl: this boot found no data volume (a UBI volume is not looked "
			    "for in failsafe; see 'rominit-ctl status'): nothing to mark\n");
		return 1;
	}
	if (mark_for_format(dev, at, why, sizeof(why)) != 0) {
		say(stderr, "rominit-ctl: %s\n", why);
		return 1;
	}
	sync();
	say(stdout, "rominit-ctl: %s%s%s marked for a factory reset (0xdeadc0de at its start): "
		    "the next boot formats it; all of it is lost, sysupgrade.tgz too\n",
	    dev, at ? " from byte " : "", at ? offset : "");
	return 0;
}

static int factory_reset(void)
{
	long n;
	const char *st = read_status(&n);

	if (!st)
		return 1;
	if (persistent_overlay(st, n))
		return set_state(FS_STATE_PENDING);
	return mark_data_volume(st, n);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return usage();
	if (strcmp(argv[1], "done") == 0)
		return set_state(FS_STATE_READY);
	if (strcmp(argv[1], "factory-reset") == 0)
		return factory_reset();
	if (strcmp(argv[1], "status") == 0)
		return print_status();
	return usage();
}
