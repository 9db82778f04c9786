/* SPDX-License-Identifier: MIT */
#include "wait.h"

#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The system call, not libc's clock_gettime: that one first looks the
 * call up in the vDSO (700 bytes of ELF walking in a static musl binary),
 * and /init reads the clock a few dozen times per boot. The kernel's
 * 64-bit timespec: clock_gettime64 on 32-bit targets, where the old call's
 * 32-bit seconds are not musl's time_t. */
long wait_clock_ms(void)
{
	struct { long long sec, nsec; } ts;
#ifdef SYS_clock_gettime64
	long rc = syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, &ts);
#else
	long rc = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
#endif

	if (rc != 0)
		return 0; /* cannot fail for CLOCK_MONOTONIC; a stuck clock only ends waits early */
	return (long)(ts.sec * 1000 + ts.nsec / 1000000);
}

void wait_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int wait_for(int (*check)(void *ctx), void *ctx, int timeout_ms, int poll_ms, long *waited_ms)
{
	long start = wait_clock_ms(), waited = 0;
	int rc;

	while ((rc = check(ctx)) == 0) {
		waited = wait_clock_ms() - start;
		if (waited >= timeout_ms)
			break;
		wait_sleep_ms(timeout_ms - waited < poll_ms ? (int)(timeout_ms - waited) : poll_ms);
	}
	if (rc != 0)
		waited = wait_clock_ms() - start;
	if (waited_ms)
		*waited_ms = waited;
	return rc;
}
