/* SPDX-License-Identifier: MIT */
/* The one wait loop of /init: poll a condition until it holds or a timeout
 * on the monotonic clock passes. The time is measured, not counted in
 * sleeps, so a slow check (a /proc read, a probe under emulation) does not
 * stretch the timeout. */
#ifndef ROMINIT_WAIT_H
#define ROMINIT_WAIT_H

#define WAIT_POLL_MS 20 /* for devices: a probe is not a hurry */

/* Milliseconds on CLOCK_MONOTONIC (from an arbitrary start). */
long wait_clock_ms(void);

/* Sleep ms milliseconds, resuming after signals. */
void wait_sleep_ms(int ms);

/* Call check(ctx) until it returns non-zero, at least once and again every
 * poll_ms while less than timeout_ms have passed. Returns check's last
 * value (0: timed out); the time waited in *waited_ms when not NULL. */
int wait_for(int (*check)(void *ctx), void *ctx, int timeout_ms, int poll_ms, long *waited_ms);

#endif
