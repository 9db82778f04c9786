/* SPDX-License-Identifier: MIT */
/* Unit tests of the wait loop (lib/wait.c): the timeout is time on the
 * monotonic clock, not a count of sleeps, so a slow check cannot stretch
 * it. The bounds below only ever fail the other way on a slow machine. */
#include "lib/wait.h"
#include "tests/unit/tap.h"

struct counter {
	int calls, ready_at, sleep_ms;
};

static int check(void *ctx)
{
	struct counter *c = ctx;

	c->calls++;
	if (c->sleep_ms)
		wait_sleep_ms(c->sleep_ms);
	if (c->ready_at < 0 && c->calls == -c->ready_at)
		return -1;
	return c->ready_at > 0 && c->calls >= c->ready_at;
}

int main(void)
{
	struct counter c = { 0, 1, 0 };
	long waited = -1, start;
	int rc;

	rc = wait_for(check, &c, 0, WAIT_POLL_MS, &waited);
	CHECK(rc == 1 && c.calls == 1, "ready at once: one call, even with no time to wait");

	c = (struct counter){ 0, 0, 0 };
	rc = wait_for(check, &c, 0, WAIT_POLL_MS, &waited);
	CHECK(rc == 0 && c.calls == 1 && waited >= 0, "never ready, no time: one call, timed out");

	c = (struct counter){ 0, 3, 0 };
	rc = wait_for(check, &c, 5000, 5, &waited);
	CHECK(rc == 1 && c.calls == 3 && waited >= 10, "ready at the third call, after two polls (%ld ms)",
	      waited);

	c = (struct counter){ 0, -2, 0 };
	rc = wait_for(check, &c, 5000, 5, NULL);
	CHECK(rc == -1 && c.calls == 2, "a check that gives up ends the wait with its value");

	/* Each check takes 150 ms: a loop counting 20 ms sleeps would call it
	 * 15 times in a 300 ms budget (over 2.5 s); the clock allows about 3. */
	c = (struct counter){ 0, 0, 150 };
	start = wait_clock_ms();
	rc = wait_for(check, &c, 300, WAIT_POLL_MS, &waited);
	CHECK(rc == 0 && c.calls <= 4, "a slow check does not stretch the timeout (%d calls)", c.calls);
	CHECK(waited >= 300 && wait_clock_ms() - start < 1500,
	      "timed out after the timeout, not a multiple of it (%ld ms)", waited);
	return tap_done();
}
