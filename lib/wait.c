#include "wait.h"

#include <errno.h>
#include <time.h>

long wait_clock_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0; /* cannot fail for CLOCK_MONOTONIC; a stuck clock only ends waits early */
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
