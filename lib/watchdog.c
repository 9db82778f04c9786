/* SPDX-License-Identifier: MIT */
#include "watchdog.h"

#include "fmt.h"
#include "log.h"
#include "spawn.h"
#include "wait.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/watchdog.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void read_identity(struct watchdog *w)
{
	struct watchdog_info info;

	memset(&info, 0, sizeof(info));
	if (ioctl(w->fd, WDIOC_GETSUPPORT, &info) != 0) {
		fmt_snprintf(w->identity, sizeof(w->identity), "unnamed");
		return;
	}
	/* The kernel's string is 32 bytes, not always terminated. */
	memcpy(w->identity, info.identity, sizeof(w->identity) - 1);
	w->identity[sizeof(w->identity) - 1] = '\0';
}

/* The timeout the driver runs with, after asking for timeout_s (0: none). */
static int settle_timeout(int fd, int timeout_s)
{
	int t = timeout_s;

	if (timeout_s > 0 && ioctl(fd, WDIOC_SETTIMEOUT, &t) != 0)
		log_warn("watchdog: cannot set a %d s timeout (%s): keeping the driver's", timeout_s,
			 strerror(errno));
	if (ioctl(fd, WDIOC_GETTIMEOUT, &t) != 0 || t <= 0)
		return 0; /* unknown */
	return t;
}

int watchdog_open(struct watchdog *w, const char *device, int timeout_s, char *why,
		  size_t why_size)
{
	w->feeder = 0;
	w->timeout_s = 0;
	w->identity[0] = '\0';
	/* Opening starts a watchdog that the bootloader did not. */
	w->fd = open(device, O_WRONLY | O_CLOEXEC);
	if (w->fd < 0) {
		int err = errno;

		fmt_snprintf(why, why_size, "cannot open %s: %s%s", device, strerror(err),
			     err == ENOENT ? " (no watchdog driver in this kernel?)" : "");
		return -1;
	}
	read_identity(w);
	w->timeout_s = settle_timeout(w->fd, timeout_s);
	if (ioctl(w->fd, WDIOC_KEEPALIVE, 0) != 0)
		log_warn("watchdog: %s does not take a keepalive ioctl (%s)", device, strerror(errno));
	return 0;
}

int watchdog_period_ms(int timeout_s)
{
	/* An unknown timeout: the shortest a driver offers is 1 s. */
	int ms = timeout_s > 0 ? timeout_s * 1000 / 4 : 250;

	return ms < 100 ? 100 : ms;
}

/* The feeder, a child of PID 1: system calls only (lib/spawn.c). */
static void feed_until(int fd, int period_ms, long limit_ms)
{
	(void)prctl(PR_SET_NAME, "rominit-wdt", 0, 0, 0);
	for (;;) {
		if (log_elapsed_ms() >= limit_ms) {
			log_error("watchdog: /init has worked for %ld s, the board's limit "
				  "(CONFIG_BOOT_WATCHDOG_FEED_LIMIT): no longer feeding the watchdog, "
				  "which will reset the device", limit_ms / 1000);
			_exit(0);
		}
		if (ioctl(fd, WDIOC_KEEPALIVE, 0) != 0 && errno != EINTR)
			_exit(1);
		wait_sleep_ms(period_ms);
	}
}

int watchdog_start_feeder(struct watchdog *w, long limit_ms, char *why, size_t why_size)
{
	pid_t pid = spawn_fork();

	if (pid < 0) {
		fmt_snprintf(why, why_size, "cannot fork the feeder: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		feed_until(w->fd, watchdog_period_ms(w->timeout_s), limit_ms);
	w->feeder = pid;
	return 0;
}

static void stop_feeder(struct watchdog *w)
{
	int status;

	if (w->feeder <= 0)
		return;
	if (kill(w->feeder, SIGKILL) != 0 && errno != ESRCH)
		log_warn("watchdog: cannot stop the feeder (pid %d): %s", (int)w->feeder,
			 strerror(errno));
	while (waitpid(w->feeder, &status, 0) < 0 && errno == EINTR)
		;
	w->feeder = 0;
}

/* WDTFD=<fd> in the environment execv passes on, in place of any the
 * kernel gave /init. Not setenv(): that brings malloc into /init. */
static int export_fd(struct watchdog *w, char *why, size_t why_size)
{
	static char *env[64];
	static char wdtfd[24];
	size_t n = 0;

	if (syscall(SYS_fcntl, w->fd, F_SETFD, 0) != 0) { /* not libc's fcntl: init.c says why */
		fmt_snprintf(why, why_size, "cannot pass fd %d on: %s", w->fd, strerror(errno));
		return -1;
	}
	fmt_snprintf(wdtfd, sizeof(wdtfd), "WDTFD=%d", w->fd);
	for (char **e = environ; e && *e && n < sizeof(env) / sizeof(env[0]) - 2; e++)
		if (strncmp(*e, "WDTFD=", 6) != 0)
			env[n++] = *e;
	env[n++] = wdtfd;
	env[n] = NULL;
	environ = env;
	return 0;
}

int watchdog_hand_over(struct watchdog *w, enum watchdog_handover how, char *why,
		       size_t why_size)
{
	if (w->fd < 0)
		return 0;
	stop_feeder(w);
	/* A full timeout for the real init to take it over. */
	if (ioctl(w->fd, WDIOC_KEEPALIVE, 0) != 0)
		log_warn("watchdog: the last keepalive failed: %s", strerror(errno));
	if (how == WATCHDOG_HANDOVER_FD)
		return export_fd(w, why, why_size);
	/* No magic close: the driver keeps it running ("watchdog did not stop!"). */
	if (close(w->fd) != 0) {
		fmt_snprintf(why, why_size, "close: %s", strerror(errno));
		return -1;
	}
	w->fd = -1;
	return 0;
}
