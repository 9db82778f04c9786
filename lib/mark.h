/* SPDX-License-Identifier: MIT */
/* A factory reset of a data volume that is not mounted (a failsafe boot, a
 * tmpfs fallback): OpenWrt's marker, 0xdeadc0de at the volume's start,
 * which the next boot's /init reads as "erased from here on" and formats
 * (docs/overlay.md). What rominit-ctl does where the overlay's own state
 * file cannot be written. */
#ifndef ROMINIT_MARK_H
#define ROMINIT_MARK_H

#include <stddef.h>

/* Mark dev (/dev/mtdN: its first erase block erased, the marker written;
 * a block device: the marker written at offset and synced). Refused when
 * dev is mounted. 0, or -1 with why[]. */
int mark_for_format(const char *dev, unsigned long long offset, char *why, size_t why_size);

#endif
