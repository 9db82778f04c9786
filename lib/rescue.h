/* SPDX-License-Identifier: MIT */
/* The end of a boot that cannot go on: say why, show what was there, reboot. */
#ifndef ROMINIT_RESCUE_H
#define ROMINIT_RESCUE_H

/* Delay before rebooting, from Kconfig or rominit.reboot_delay=. */
void rescue_set_reboot_delay(int seconds);

/* A shell to offer on the console after a fatal error ("" or NULL: none). */
void rescue_set_shell(const char *path);

/* Log "FATAL: <message>", the MTD partitions and block devices the kernel
 * knows; run the rescue shell if there is one and wait for it to exit; then
 * wait the reboot delay and reboot. Never returns: PID 1 must not exit. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
