/* SPDX-License-Identifier: MIT */
#include "rescue.h"

#include "fmt.h"
#include "fsutil.h"
#include "log.h"
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <stdarg.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

static int reboot_delay = 10;
static const char *shell;

void rescue_set_shell(const char *path)
{
	shell = path && path[0] ? path : NULL;
}

/* The shell on the console as its controlling terminal, so job control and
 * Ctrl-C work; /init waits for it, then reboots. */
static void run_shell(void)
{
	int status;
	pid_t pid;

	if (!shell)
		return;
	if (access(shell, X_OK) != 0) {
		log_error("rescue shell %s not available: %s", shell, strerror(errno));
		return;
	}
	log_error("starting the rescue shell %s on the console; exit it to reboot", shell);
	pid = spawn_fork(); /* lib/spawn.c: why not fork() */
	if (pid < 0) {
		log_error("cannot start the rescue shell: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		int fd;

		setsid();
		fd = open("/dev/console", O_RDWR);
		if (fd >= 0) {
			ioctl(fd, TIOCSCTTY, 1);
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		char *const argv[] = { (char *)shell, NULL };

		execv(shell, argv); /* not execl: its varargs copy is 320 bytes */
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	log_error("rescue shell exited (status %d)", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

void rescue_set_reboot_delay(int seconds)
{
	reboot_delay = seconds;
}

/* Log each line of a /proc table so the reader sees what the kernel saw. */
static void log_table(const char *path, const char *title)
{
	char buf[4096];
	char *line, *end;
	long n = read_file(path, buf, sizeof(buf));

	if (n < 0) {
		log_error("%s: cannot read %s: %s", title, path, strerror(errno));
		return;
	}
	log_error("%s (%s):%s", title, path, n == 0 ? " none" : "");
	/* Not strtok_r: it brings strspn and strcspn, 420 bytes. */
	for (line = buf; *line; line = end) {
		end = strchr(line, '\n');
		if (end)
			*end++ = '\0';
		else
			end = line + strlen(line);
		if (*line)
			log_error("  %s", line);
	}
}

void fatal(const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("FATAL: %s", msg);
	log_table("/proc/mtd", "MTD partitions");
	log_table("/proc/partitions", "block devices");
	run_shell();
	log_error("rebooting in %d s", reboot_delay);
	sleep((unsigned)reboot_delay);
	sync();
	reboot(RB_AUTOBOOT);
	log_error("reboot failed: %s; halting here", strerror(errno));
	for (;;)
		pause();
}
