/* SPDX-License-Identifier: MIT */
/* Unit tests of the boot watchdog (lib/watchdog.c) without a watchdog:
 * the feeding period, an absent device, a device node that is not a
 * watchdog (its ioctls fail, the boot goes on), and both hand-overs of
 * such an fd. The feeding itself is tested on QEMU's i6300esb
 * (tests/system/t-watchdog.sh). */
#include "lib/watchdog.h"
#include "tests/unit/tap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fd_is_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags >= 0 && (flags & FD_CLOEXEC);
}

int main(void)
{
	struct watchdog w;
	char why[160], want[24];
	int fd;

	CHECK(watchdog_period_ms(4) == 1000, "a 4 s timeout is fed every second");
	CHECK(watchdog_period_ms(30) == 7500, "30 s: every 7.5 s");
	CHECK(watchdog_period_ms(0) == 250, "an unknown timeout: as for the shortest, 1 s");

	CHECK(watchdog_open(&w, "/nonexistent/watchdog", 5, why, sizeof(why)) == -1 && w.fd == -1,
	      "an absent device: -1, no fd");
	CHECK(strstr(why, "No such file or directory (no watchdog driver in this kernel?)") != NULL,
	      "... and the reason names the likely cause: %s", why);

	/* /dev/null opens like a watchdog but takes none of its ioctls. */
	CHECK(watchdog_open(&w, "/dev/null", 5, why, sizeof(why)) == 0 && w.fd >= 0,
	      "a node that is not a watchdog still opens (its ioctls fail, logged)");
	CHECK(strcmp(w.identity, "unnamed") == 0 && w.timeout_s == 0,
	      "... with no identity and an unknown timeout");
	CHECK(fd_is_cloexec(w.fd), "... close-on-exec until the hand-over");
	fd = w.fd;
	setenv("WDTFD", "99", 1);
	CHECK(watchdog_hand_over(&w, WATCHDOG_HANDOVER_FD, why, sizeof(why)) == 0,
	      "the fd hand-over");
	snprintf(want, sizeof(want), "%d", fd);
	CHECK(!fd_is_cloexec(fd), "... leaves the fd open across exec");
	CHECK(getenv("WDTFD") && strcmp(getenv("WDTFD"), want) == 0,
	      "... and names it in WDTFD, replacing what was there (%s)", getenv("WDTFD"));
	close(fd);

	CHECK(watchdog_open(&w, "/dev/null", 0, why, sizeof(why)) == 0, "opened again");
	fd = w.fd;
	CHECK(watchdog_hand_over(&w, WATCHDOG_HANDOVER_CLOSE, why, sizeof(why)) == 0 && w.fd == -1,
	      "the closed hand-over");
	CHECK(fcntl(fd, F_GETFD) < 0, "... closes it");
	return tap_done();
}
