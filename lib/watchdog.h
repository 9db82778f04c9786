/* SPDX-License-Identifier: MIT */
/* The hardware watchdog during the boot (docs/watchdog.md): opened as soon
 * as /dev is there, fed by a child process while /init works (a flash
 * erase, a jffs2 scan or mkfs block /init inside one system call for
 * seconds), for at most a board-set time, and handed to the real init
 * armed. */
#ifndef ROMINIT_WATCHDOG_H
#define ROMINIT_WATCHDOG_H

#include <stddef.h>
#include <sys/types.h>

enum watchdog_handover {
	WATCHDOG_HANDOVER_FD,    /* the fd stays open across exec, named by WDTFD= (procd) */
	WATCHDOG_HANDOVER_CLOSE, /* closed without the magic 'V': it keeps running */
};

struct watchdog {
	int fd;           /* -1: none */
	pid_t feeder;     /* 0: none */
	int timeout_s;    /* what the driver says it runs with */
	char identity[32];
};

/* Open DEVICE and set its timeout (timeout_s 0: keep the driver's). 0, or
 * -1 with why[] (w->fd is then -1). */
int watchdog_open(struct watchdog *w, const char *device, int timeout_s, char *why,
		  size_t why_size);

/* The feeder's period: a quarter of the timeout, so that a feeder held up
 * for most of a period by a busy machine still feeds in time. */
int watchdog_period_ms(int timeout_s);

/* Start the feeder: it pings every watchdog_period_ms() until it is stopped,
 * or until limit_ms after /init's start have passed: then it logs that and
 * stops, and the watchdog resets the device (/init hung, or took longer than
 * the board allows). 0, or -1 with why[]: /init then feeds only at its own
 * hand-over, and says so. */
int watchdog_start_feeder(struct watchdog *w, long limit_ms, char *why, size_t why_size);

/* Stop the feeder, ping once, and leave the watchdog to the real init as
 * HOW says: FD clears close-on-exec and exports WDTFD=<fd> (what OpenWrt's
 * procd takes over); CLOSE closes it running, so the real system must open
 * it within one timeout. 0, or -1 with why[] (it is then still armed). */
int watchdog_hand_over(struct watchdog *w, enum watchdog_handover how, char *why,
		       size_t why_size);

#endif
