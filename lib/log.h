/* SPDX-License-Identifier: MIT */
/* Logging for /init: every line goes to /dev/kmsg as "rominit: ..." with the
 * milliseconds since /init started, so the kernel log tells the boot story. */
#ifndef ROMINIT_LOG_H
#define ROMINIT_LOG_H

/* Open /dev/kmsg (after devtmpfs is mounted). Until then, and if it cannot be
 * opened, lines go to stderr (the console). */
void log_open(void);

/* Put the kernel's /dev/kmsg rate limit back as we found it (before exec). */
void log_close(void);

/* Milliseconds since /init started (CLOCK_MONOTONIC). */
long log_elapsed_ms(void);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
