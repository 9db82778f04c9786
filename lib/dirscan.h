/* SPDX-License-Identifier: MIT */
/* Directory entries read with getdents64 into a buffer the caller owns.
 *
 * musl's opendir() takes its buffer from malloc, and that one call brings
 * about 7 KB of allocator into a /init that allocates nothing else. Here the
 * buffer lives in the struct, on the caller's stack; recursive walks (wipe,
 * freeing the initramfs) hold one per level, 1 KiB each, and bound their
 * depth. Entries may be unlinked while scanning, as with readdir(). */
#ifndef ROMINIT_DIRSCAN_H
#define ROMINIT_DIRSCAN_H

struct dirscan {
	int fd;
	int error;     /* errno of a failed read; 0 at a clean end */
	unsigned pos;  /* next entry in buf */
	unsigned len;  /* bytes in buf */
	unsigned long long buf[128];
};

/* Scan the directory open on fd (the caller closes it). */
void dirscan_start(struct dirscan *d, int fd);

/* The next name, without "." and ".."; NULL at the end or on a read error
 * (then d->error says why). The name lasts until the next call. */
const char *dirscan_next(struct dirscan *d);

#endif
