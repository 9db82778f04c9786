/* SPDX-License-Identifier: MIT */
/* The boot's outcome for the real system: a small key=value file, documented
 * in docs/status.md, and the same facts in the kernel log. */
#ifndef ROMINIT_STATUS_H
#define ROMINIT_STATUS_H

#include <stddef.h>

#define STATUS_DIR "/dev/rominit"
#define STATUS_FILE STATUS_DIR "/status"
#define STATUS_MAX 2048

/* A status under construction: status_add appends "key=value\n", replacing
 * newlines in values so every fact stays one line. */
struct status {
	char text[STATUS_MAX];
	size_t len;
};

void status_add(struct status *s, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Read a key's value from status text (len bytes, not necessarily
 * NUL-terminated): the line "key=value" whose key matches exactly. 1 with
 * the value in value[] (cut to value_size - 1 bytes), 0 if the key is absent. */
int status_value(const char *text, size_t len, const char *key, char *value, size_t value_size);

/* Write it to STATUS_FILE (mode 0644, directory 0755) atomically. 0 or -1. */
int status_write(const struct status *s);

#endif
