/* SPDX-License-Identifier: MIT */
/* Run a tool of the real root (mkfs.ext4, mkfs.f2fs) before the switch: the
 * initramfs stays small, and the tool is the one the firmware ships.
 *
 * The child gets a private mount namespace with devtmpfs on ROOT/dev and
 * proc on ROOT/proc (both vanish with it), is chrooted to ROOT, reads
 * /dev/null (a tool that asks a question gets no answer, never a hung boot:
 * OpenWrt once hung on a mkfs prompt), and writes both its outputs into a
 * pipe whose first bytes are kept for the log. */
#ifndef ROMINIT_TOOL_H
#define ROMINIT_TOOL_H

#include <stddef.h>

#define TOOL_TIMEOUT (-1)   /* killed at the bound */
#define TOOL_NOT_RUN (-2)   /* no process, or no namespace/chroot for it */
#define TOOL_MISSING 127    /* the exec failed: no such tool in ROOT */

/* Run argv (argv[0]: a path inside root) with a time bound. Its exit
 * status (128 + N for signal N), or TOOL_TIMEOUT / TOOL_NOT_RUN; out[]
 * holds the start of its output, NUL-terminated. */
int tool_run(const char *root, char *const argv[], int timeout_ms, char *out, size_t out_size);

#endif
