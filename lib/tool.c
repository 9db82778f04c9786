/* SPDX-License-Identifier: MIT */
#include "tool.h"

#include "fmt.h"
#include "log.h"
#include "spawn.h"
#include "wait.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h> /* CLONE_NEWNS: musl has it only for _GNU_SOURCE */
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define KILL_GRACE_MS 2000

static void child_fail(const char *what)
{
	static const char prefix[] = "rominit: cannot prepare the tool's root: ";

	(void)!write(1, prefix, sizeof(prefix) - 1);
	(void)!write(1, what, strlen(what));
	(void)!write(1, "\n", 1);
	_exit(126);
}

struct tool_root {
	const char *root;
	char dev[128], proc[128], sys[128]; /* ROOT/dev, ROOT/proc, ROOT/sys */
};

/* In the child: only system calls, then exec (lib/spawn.c). */
static void child(const struct tool_root *r, char *const argv[], int fds[2])
{
	static char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", NULL };
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	/* The pipe's ends are above 2 (tool_run); /dev/null may not be. */
	if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[1], 2) < 0)
		_exit(126);
	if (null > 2)
		close(null);
	close(fds[0]);
	close(fds[1]);
	if (syscall(SYS_unshare, CLONE_NEWNS) != 0)
		child_fail("unshare(CLONE_NEWNS)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		child_fail("a private /");
	if (mount("devtmpfs", r->dev, "devtmpfs", MS_NOSUID, NULL) != 0)
		child_fail("devtmpfs on its /dev");
	if (mount("proc", r->proc, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
		child_fail("proc on its /proc");
	/* sysfs where the root has a /sys: mke2fs looks there for the kernel's
	 * ext4 features (lazy_itable_init; without it every inode table is
	 * written: minutes on a large card). */
	(void)mount("sysfs", r->sys, "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	if (chroot(r->root) != 0 || chdir("/") != 0)
		child_fail("chroot");
	execve(argv[0], argv, envp);
	_exit(TOOL_MISSING);
}

/* Keep what fits of the output; read on to the end so the tool never
 * blocks on a full pipe. 1 at the end of the output, 0 for more, -1 when
 * the bound passed. */
static int collect(int fd, long deadline, char *out, size_t out_size, size_t *have)
{
	char buf[512];
	struct pollfd p = { fd, POLLIN, 0 };
	long left = deadline - wait_clock_ms();
	ssize_t n;

	if (left <= 0)
		return -1;
	if (poll(&p, 1, (int)left) <= 0)
		return errno == EINTR ? 0 : -1;
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EINTR ? 0 : 1;
	if (n == 0)
		return 1;
	if (*have + 1 < out_size) {
		size_t take = out_size - 1 - *have < (size_t)n ? out_size - 1 - *have : (size_t)n;

		memcpy(out + *have, buf, take);
		*have += take;
		out[*have] = '\0';
	}
	return 0;
}

/* Move *fd above 0-2: when /init runs without a console those are free,
 * pipe() hands them out, and the child's dup2 onto 1 and 2 would then
 * close its own output (and mkfs could open the disk as its stdout). */
static int above_stdio(int *fd)
{
	long moved;

	if (*fd > 2)
		return 0;
	moved = syscall(SYS_fcntl, *fd, F_DUPFD, 3);
	if (moved < 0)
		return -1;
	close(*fd);
	*fd = (int)moved;
	return 0;
}

int tool_run(const char *root, char *const argv[], int timeout_ms, char *out, size_t out_size)
{
	long deadline = wait_clock_ms() + timeout_ms;
	int fds[2], status = 0, rc;
	size_t have = 0;
	pid_t pid;
	struct tool_root r = { root, "", "", "" };

	out[0] = '\0';
	if (fmt_snprintf(r.dev, sizeof(r.dev), "%s/dev", root) >= (int)sizeof(r.dev) ||
	    fmt_snprintf(r.proc, sizeof(r.proc), "%s/proc", root) >= (int)sizeof(r.proc) ||
	    fmt_snprintf(r.sys, sizeof(r.sys), "%s/sys", root) >= (int)sizeof(r.sys) ||
	    pipe(fds) != 0)
		return TOOL_NOT_RUN;
	if (above_stdio(&fds[0]) != 0 || above_stdio(&fds[1]) != 0) {
		close(fds[0]);
		close(fds[1]);
		return TOOL_NOT_RUN;
	}
	pid = spawn_fork();
	if (pid == 0)
		child(&r, argv, fds);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return TOOL_NOT_RUN;
	}
	setpgid(pid, pid);
	while ((rc = collect(fds[0], deadline, out, out_size, &have)) == 0)
		;
	close(fds[0]);
	/* Its output ended; it may still run (the bound holds for that too). */
	if (rc > 0) {
		struct spawn_child child_reap = { pid, 0 };
		long left = deadline - wait_clock_ms();

		rc = left > 0 ? wait_for(spawn_exited, &child_reap, (int)left, 10, NULL) : 0;
		status = child_reap.status;
		if (rc < 0)
			return TOOL_NOT_RUN;
		rc = rc > 0 ? 1 : -1;
	}
	if (rc < 0) {
		struct spawn_child killed = { pid, 0 };

		kill(-pid, SIGKILL); /* the bound passed: the whole group */
		/* A tool in uninterruptible I/O (a failing card) dies only when
		 * its I/O ends: wait a little, then leave it to the real init. */
		if (wait_for(spawn_exited, &killed, KILL_GRACE_MS, 10, NULL) != 1)
			log_warn("tool: %s still running %d ms after SIGKILL: left behind", argv[0],
				 KILL_GRACE_MS);
		return TOOL_TIMEOUT;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 126 ? TOOL_NOT_RUN : WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
