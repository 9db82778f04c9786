/* SPDX-License-Identifier: MIT */
#include "hooks.h"

#include "dirscan.h"
#include "fmt.h"
#include "fsutil.h"
#include "log.h"
#include "spawn.h"
#include "wait.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define HOOKS_MAX 32 /* per stage */
#define HOOK_NAME_MAX 64
#define POLL_MS 10

unsigned hooks_parse_requests(const char *text, unsigned long len, int *unknown)
{
	unsigned req = 0;
	unsigned long i = 0;

	*unknown = 0;
	while (i < len) {
		unsigned long start = i, n;

		while (i < len && text[i] != '\n')
			i++;
		n = i - start;
		while (n > 0 && (text[start + n - 1] == ' ' || text[start + n - 1] == '\r'))
			n--;
		if (n == 8 && memcmp(text + start, "failsafe", 8) == 0)
			req |= HOOK_REQUEST_FAILSAFE;
		else if (n == 13 && memcmp(text + start, "factory-reset", 13) == 0)
			req |= HOOK_REQUEST_FACTORY_RESET;
		else if (n > 0)
			(*unknown)++;
		i++;
	}
	return req;
}

/* Insertion sort: at most HOOKS_MAX names, and no qsort in /init. */
static void sort_names(char names[][HOOK_NAME_MAX], int n)
{
	char tmp[HOOK_NAME_MAX];

	for (int i = 1; i < n; i++) {
		int j = i;

		memcpy(tmp, names[i], sizeof(tmp));
		for (; j > 0 && strcmp(names[j - 1], tmp) > 0; j--)
			memcpy(names[j], names[j - 1], sizeof(tmp));
		memcpy(names[j], tmp, sizeof(tmp));
	}
}

/* The stage's hook names, sorted; at most HOOKS_MAX. */
static int list_hooks(const char *dir, char names[][HOOK_NAME_MAX])
{
	struct dirscan d;
	const char *name;
	int n = 0, fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	dirscan_start(&d, fd);
	while ((name = dirscan_next(&d)) != NULL) {
		size_t len = strlen(name);

		if (name[0] == '.')
			continue;
		if (n == HOOKS_MAX || len >= HOOK_NAME_MAX) {
			log_error("hooks: %s/%s ignored (more than %d hooks, or a name over %d "
				  "characters)", dir, name, HOOKS_MAX, HOOK_NAME_MAX - 1);
			continue;
		}
		memcpy(names[n++], name, len + 1);
	}
	if (d.error)
		log_error("hooks: cannot read %s: %s", dir, strerror(d.error));
	close(fd);
	sort_names(names, n);
	return n;
}

/* Run one hook in its own process group; the exit status, or -1 on a
 * timeout (the group is killed), -2 when it could not be started. */
static int run_one(const char *path, const char *stage, int timeout_s)
{
	char stage_env[64];
	char *const argv[] = { (char *)path, (char *)stage, NULL };
	static char request_env[] = "ROMINIT_REQUEST=" HOOKS_REQUEST_FILE;
	char *const envp[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", stage_env, request_env,
			       "ROMINIT_ROM=/rom",
			       "ROMINIT_OVERLAY=/overlay", "ROMINIT_NEWROOT=/newroot", NULL };
	struct spawn_child c = { -1, 0 };
	int status;
	pid_t pid;

	fmt_snprintf(stage_env, sizeof(stage_env), "ROMINIT_STAGE=%s", stage);
	pid = spawn_fork(); /* lib/spawn.c: why not fork() */
	if (pid < 0)
		return -2;
	if (pid == 0) {
		setpgid(0, 0);
		execve(path, argv, envp);
		_exit(127);
	}
	setpgid(pid, pid);
	c.pid = pid;
	switch (wait_for(spawn_exited, &c, timeout_s * 1000, POLL_MS, NULL)) {
	case 1:
		return WIFEXITED(c.status) ? WEXITSTATUS(c.status) : 128 + WTERMSIG(c.status);
	case -1:
		return -2; /* no child to wait for: as good as never started */
	default:
		break; /* timed out */
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return -1;
}

static void collect_requests(struct hooks_result *res)
{
	char buf[512];
	long n = read_file(HOOKS_REQUEST_FILE, buf, sizeof(buf));
	int unknown;

	if (n <= 0)
		return;
	res->requests |= hooks_parse_requests(buf, (unsigned long)n, &unknown);
	if (unknown)
		log_error("hooks: %d unknown request line(s) in " HOOKS_REQUEST_FILE " ignored",
			  unknown);
	unlink(HOOKS_REQUEST_FILE);
}

int hooks_run(const char *stage, int timeout_s, int fail_fatal, struct hooks_result *res,
	      char *why, unsigned long why_size)
{
	static char names[HOOKS_MAX][HOOK_NAME_MAX];
	char dir[128], path[192];
	int n, rc = 0;

	fmt_snprintf(dir, sizeof(dir), HOOKS_DIR "/%s", stage);
	n = list_hooks(dir, names);
	for (int i = 0; i < n; i++) {
		int status;
		long start = log_elapsed_ms();

		fmt_snprintf(path, sizeof(path), "%.127s/%.63s", dir, names[i]);
		status = run_one(path, stage, timeout_s);
		res->ran++;
		if (status == 0) {
			log_info("hooks: %s ran (%ld ms)", path, log_elapsed_ms() - start);
			continue;
		}
		res->failed++;
		if (status == -1)
			fmt_snprintf(why, why_size, "hook %s killed after %d s (timeout)", path, timeout_s);
		else if (status == -2)
			fmt_snprintf(why, why_size, "hook %s: cannot start: %s", path, strerror(errno));
		else if (status == 127)
			fmt_snprintf(why, why_size, "hook %s could not be executed (status 127)", path);
		else
			fmt_snprintf(why, why_size, "hook %s failed with status %d", path, status);
		log_error("hooks: %s%s", why, fail_fatal ? "" : "; going on");
		if (fail_fatal) {
			rc = -1;
			break;
		}
	}
	collect_requests(res);
	return rc;
}
