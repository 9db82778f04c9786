/* SPDX-License-Identifier: MIT */
/* Helpers shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): taking typed
 * values from the front of a fuzz input, a check that aborts with a message,
 * so that a broken invariant is a crash libFuzzer saves, and a private
 * directory for targets that need files. mk/fuzz.mk compiles the targets
 * with _GNU_SOURCE (nftw, memmem). */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <ftw.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Abort (a crash libFuzzer records) when an invariant does not hold. */
#define FUZZ_CHECK(cond, ...)                                                  \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant broken: %s: ",       \
				__FILE__, __LINE__, #cond);                    \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* The unread part of an input. Taking past the end gives zeros, so every
 * input, however short, decodes to something. */
struct fuzz_input {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t take_u8(struct fuzz_input *in)
{
	uint8_t v = 0;

	if (in->n) {
		v = *in->p++;
		in->n--;
	}
	return v;
}

static inline uint32_t take_u32(struct fuzz_input *in)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | take_u8(in);
	return v;
}

static inline uint64_t take_u64(struct fuzz_input *in)
{
	uint64_t hi = take_u32(in);

	return hi << 32 | take_u32(in);
}

/* Up to max bytes, their count from the next byte (a short input gives
 * what is left). Points into the input; *len is set. */
static inline const uint8_t *take_bytes(struct fuzz_input *in, size_t max, size_t *len)
{
	const uint8_t *p;
	size_t want = take_u8(in);

	if (max > 255)
		want = want << 8 | take_u8(in);
	want %= max + 1;
	p = in->p;
	*len = want < in->n ? want : in->n;
	in->p += *len;
	in->n -= *len;
	return p;
}

/* A NUL-terminated copy of up to max bytes (cut at an embedded NUL); free it. */
static inline char *take_string(struct fuzz_input *in, size_t max)
{
	size_t len;
	const uint8_t *p = take_bytes(in, max, &len);
	char *s = malloc(len + 1);

	if (!s)
		abort();
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

static inline char *fuzz_dir_buffer(void)
{
	static char dir[PATH_MAX];

	return dir;
}

static inline int fuzz_remove_one(const char *path, const struct stat *st, int flag,
				  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void fuzz_remove_dir(void)
{
	nftw(fuzz_dir_buffer(), fuzz_remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Make the target's private directory (once, from LLVMFuzzerInitialize), on
 * tmpfs when there is one (fs_state_write fsyncs); removed with everything
 * in it at exit. Its path. */
static inline const char *fuzz_private_dir(const char *name)
{
	char *dir = fuzz_dir_buffer();

	snprintf(dir, PATH_MAX, "%s/rominit-fuzz-%s.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", name);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	atexit(fuzz_remove_dir);
	return dir;
}

#endif
