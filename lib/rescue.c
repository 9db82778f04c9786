#include "rescue.h"

#include "fsutil.h"
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

static int reboot_delay = 10;

void rescue_set_reboot_delay(int seconds)
{
	reboot_delay = seconds;
}

/* Log each line of a /proc table so the reader sees what the kernel saw. */
static void log_table(const char *path, const char *title)
{
	char buf[4096];
	char *line, *save = NULL;
	long n = read_file(path, buf, sizeof(buf));

	if (n < 0) {
		log_error("%s: cannot read %s: %s", title, path, strerror(errno));
		return;
	}
	log_error("%s (%s):%s", title, path, n == 0 ? " none" : "");
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_error("  %s", line);
}

void fatal(const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("FATAL: %s", msg);
	log_table("/proc/mtd", "MTD partitions");
	log_table("/proc/partitions", "block devices");
	log_error("rebooting in %d s", reboot_delay);
	sleep((unsigned)reboot_delay);
	sync();
	reboot(RB_AUTOBOOT);
	log_error("reboot failed: %s; halting here", strerror(errno));
	for (;;)
		pause();
}
