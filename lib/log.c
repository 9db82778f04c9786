/* SPDX-License-Identifier: MIT */
#include "log.h"

#include "fmt.h"
#include "fsutil.h"
#include "wait.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#define KMSG_RATELIMIT "/proc/sys/kernel/printk_devkmsg"

static int kmsg_fd = -1;
static char saved_ratelimit[16];
static long start_ms = -1;

long log_elapsed_ms(void)
{
	long now = wait_clock_ms();

	if (start_ms < 0)
		start_ms = now;
	return now - start_ms;
}

/* The kernel drops a writer's kmsg lines past 10 per 5 s unless printk_devkmsg
 * is "on"; a boot story with holes is worse than none, so lift the limit while
 * /init runs and restore it in log_close(). */
static void lift_kmsg_ratelimit(void)
{
	long n = read_file(KMSG_RATELIMIT, saved_ratelimit, sizeof(saved_ratelimit));
	char *nl;

	if (n <= 0) {
		saved_ratelimit[0] = '\0';
		return;
	}
	nl = strchr(saved_ratelimit, '\n');
	if (nl)
		*nl = '\0';
	if (strcmp(saved_ratelimit, "on") == 0 || write_file(KMSG_RATELIMIT, "on\n") != 0)
		saved_ratelimit[0] = '\0'; /* nothing to restore */
}

void log_open(void)
{
	log_elapsed_ms(); /* the start of the boot story */
	kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (kmsg_fd < 0) {
		log_warn("cannot open /dev/kmsg: %s; logging to the console only", strerror(errno));
		return;
	}
	lift_kmsg_ratelimit();
}

void log_close(void)
{
	char value[sizeof(saved_ratelimit) + 1];

	/* The kernel insists on the trailing newline ("ratelimit\n"). */
	fmt_snprintf(value, sizeof(value), "%s\n", saved_ratelimit);
	if (saved_ratelimit[0] && write_file(KMSG_RATELIMIT, value) != 0)
		log_warn("cannot restore %s to '%s': %s", KMSG_RATELIMIT, saved_ratelimit,
			 strerror(errno));
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	kmsg_fd = -1;
}

/* level: kernel log level (3 error, 4 warning, 6 info). */
static void log_line(int level, const char *fmt, va_list ap)
{
	char line[512];
	int head, n;
	long ms = log_elapsed_ms();

	head = fmt_snprintf(line, sizeof(line), "<%d>rominit: [+%ld.%03lds] ", level, ms / 1000, ms % 1000);
	n = fmt_vsnprintf(line + head, sizeof(line) - (size_t)head - 1, fmt, ap);
	if (n < 0)
		return;
	n = head + n;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	/* Level 3 and below reach the console even with "quiet" (loglevel 4). */
	if (kmsg_fd >= 0 && write(kmsg_fd, line, (size_t)n) == n)
		return;
	if (write(STDERR_FILENO, line + 3, (size_t)n - 3) < 0)
		return; /* nowhere left to report to */
}

#define DEFINE_LOG(name, level)                \
	void name(const char *fmt, ...)        \
	{                                      \
		va_list ap;                    \
		int saved = errno;             \
		va_start(ap, fmt);             \
		log_line(level, fmt, ap);      \
		va_end(ap);                    \
		errno = saved;                 \
	}

DEFINE_LOG(log_info, 6)
DEFINE_LOG(log_warn, 4)
DEFINE_LOG(log_error, 3)
