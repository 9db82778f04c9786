/* SPDX-License-Identifier: MIT */
/* Kernel command line parsing for /init: bounded, allocation-free, pure. */
#ifndef ROMINIT_CMDLINE_H
#define ROMINIT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_VALUE_MAX 256 /* longest value kept; longer ones are rejected */
#define CMDLINE_ERRORS_MAX 8  /* malformed arguments remembered for the log */

/* fstools_overlay_fstype= (OpenWrt's fstools reads the same): the
 * filesystem a new block overlay gets; cmdline_fstype names it. */
enum {
	CMDLINE_FSTYPE_BOARD, /* absent: the board's choice */
	CMDLINE_FSTYPE_AUTO,  /* f2fs above 100 MiB, else ext4 */
	CMDLINE_FSTYPE_EXT4,
	CMDLINE_FSTYPE_F2FS,
};

struct cmdline {
	char root[CMDLINE_VALUE_MAX];       /* root=, "" when absent */
	char rootfstype[CMDLINE_VALUE_MAX]; /* rootfstype= */
	char rootflags[CMDLINE_VALUE_MAX];  /* rootflags= */
	char init[CMDLINE_VALUE_MAX];       /* init= */
	bool rootwait;                      /* rootwait or rootwait=N */
	int rootwait_sec;                   /* rootwait=N, -1 = configured bound */
	int rootdelay_sec;                  /* rootdelay=N, 0 when absent */
	int reboot_delay_sec;               /* rominit.reboot_delay=N, -1 = configured */
	bool failsafe;                      /* rominit.failsafe, or OpenWrt's failsafe= */
	bool factory_reset;                 /* rominit.factory_reset */
	char overlay_fstype[CMDLINE_VALUE_MAX]; /* fstools_overlay_fstype=, as given */
	int nerrors;                        /* malformed arguments of ours */
	char errors[CMDLINE_ERRORS_MAX][96];
};

/* Parse the first len bytes of buf (need not be NUL-terminated). Unknown
 * arguments are ignored; malformed values of the arguments we own are recorded
 * in out->errors and leave the field at its default. Never fails. */
void cmdline_parse(const char *buf, size_t len, struct cmdline *out);

/* fstools_overlay_fstype='s value: CMDLINE_FSTYPE_AUTO, _EXT4 or _F2FS;
 * CMDLINE_FSTYPE_BOARD for "" (absent); -1 for anything else. Kept apart
 * from cmdline_parse so that only an /init with block support carries it. */
int cmdline_fstype(const char *value);

/* The next item of a comma-separated list (rootfstype=squashfs,jffs2) at
 * *cursor, copied into item and *cursor moved past it; empty items are
 * skipped. Returns 1, or 0 at the end of the list. An item longer than
 * size-1 bytes is returned cut to fit (a type that long mounts nothing). */
int cmdline_list_next(const char **cursor, char *item, size_t size);

#endif
