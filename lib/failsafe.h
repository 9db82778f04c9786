/* SPDX-License-Identifier: MIT */
/* Failsafe mode: the squashfs with a tmpfs overlay, rootfs_data untouched. */
#ifndef ROMINIT_FAILSAFE_H
#define ROMINIT_FAILSAFE_H

/* Offer failsafe on the console: "press f and Enter within N s". Input is
 * not flushed first: an "f" typed since /init opened the console counts, for
 * users who keep pressing it through the boot. Returns 1 when the user asked for it, 0 when the
 * time ran out or there is no console. */
int failsafe_ask_console(int seconds);

#endif
