/* SPDX-License-Identifier: MIT */
/* runstat: run a command, or a pipeline of commands, and say how long it
 * took and how much memory it used, for scripts/bench-gen.
 *
 *   cc -O2 -Wall -Wextra -Werror -o runstat scripts/runstat.c
 *
 *   runstat [-C DIR] [-i IN] [-o OUT] [--] CMD [ARG...] [| CMD [ARG...]]...
 *
 * Each '|' argument starts the next stage of a pipeline; stages are exec'd
 * directly (no shell), the first reads IN (default: runstat's stdin), the
 * last writes OUT (default: runstat's stdout), all run in DIR. Prints one
 * line to stderr:
 *
 *   runstat: WALL_SECONDS CPU_SECONDS PEAK_RSS_KIB
 *
 * WALL is from the first fork to the last wait (CLOCK_MONOTONIC); CPU is
 * user + system time of every stage; PEAK_RSS is the sum over the stages of
 * each one's peak RSS (wait4): the stages of a pipeline run side by side, so
 * that is what the pipeline needs. Exit status: the first failing stage's,
 * 1 when runstat itself fails, 2 on a bad command line. */
/* pipe2() and wait4() are GNU extensions in glibc: the feature macro is the
 * documented way to ask for them. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STAGES_MAX 8

static void die(const char *what, const char *object)
{
	fprintf(stderr, "runstat: unable to %s %s: %s\n", what, object, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fputs("usage: runstat [-C DIR] [-i IN] [-o OUT] [--] CMD [ARG...] [| CMD [ARG...]]...\n",
	      stderr);
	exit(2);
}

static double seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/* In the child: put fd on target (0 or 1) and exec the stage. */
static void exec_stage(char **argv, int in, int out)
{
	if ((in != 0 && (dup2(in, 0) < 0 || close(in) != 0)) ||
	    (out != 1 && (dup2(out, 1) < 0 || close(out) != 0))) {
		fprintf(stderr, "runstat: unable to redirect for %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "runstat: unable to run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *in_path = NULL, *out_path = NULL;
	char **stage[STAGES_MAX];
	pid_t pid[STAGES_MAX];
	int nstages = 0, status = 0, in = 0, c;
	long rss_kib = 0;
	double cpu = 0;
	struct timespec t0, t1;

	while ((c = getopt(argc, argv, "+C:i:o:")) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'i': in_path = optarg; break;
		case 'o': out_path = optarg; break;
		default: usage();
		}
	}
	if (optind == argc)
		usage();
	/* Cut argv at each "|" into NULL-terminated stages. */
	stage[nstages++] = &argv[optind];
	for (int i = optind; i < argc; i++) {
		if (strcmp(argv[i], "|") != 0)
			continue;
		if (nstages == STAGES_MAX)
			usage();
		argv[i] = NULL;
		stage[nstages++] = &argv[i + 1];
	}
	for (int s = 0; s < nstages; s++)
		if (!stage[s][0]) /* a leading, trailing or doubled '|' */
			usage();

	if (in_path && (in = open(in_path, O_RDONLY | O_CLOEXEC)) < 0)
		die("open", in_path);
	if (dir && chdir(dir) != 0)
		die("enter", dir);
	if (clock_gettime(CLOCK_MONOTONIC, &t0) != 0)
		die("read", "the clock");
	for (int s = 0; s < nstages; s++) {
		int pipefd[2] = { -1, 1 }; /* [1]: this stage's stdout */

		if (s + 1 < nstages && pipe2(pipefd, O_CLOEXEC) != 0)
			die("create", "a pipe");
		if (s + 1 == nstages && out_path &&
		    (pipefd[1] = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
			die("create", out_path);
		pid[s] = fork();
		if (pid[s] < 0)
			die("fork for", stage[s][0]);
		if (pid[s] == 0)
			exec_stage(stage[s], in, pipefd[1]);
		if ((in != 0 && close(in) != 0) || (pipefd[1] != 1 && close(pipefd[1]) != 0))
			die("close", "a pipe");
		in = pipefd[0]; /* the next stage reads it; -1 after the last */
	}
	for (int s = 0; s < nstages; s++) {
		struct rusage ru;
		int st;

		while (wait4(pid[s], &st, 0, &ru) < 0)
			if (errno != EINTR)
				die("wait for", stage[s][0]);
		rss_kib += ru.ru_maxrss; /* Linux: KiB */
		cpu += seconds(&ru.ru_utime) + seconds(&ru.ru_stime);
		if (status == 0 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
			status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	if (clock_gettime(CLOCK_MONOTONIC, &t1) != 0)
		die("read", "the clock");
	fprintf(stderr, "runstat: %.9f %.3f %ld\n",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, cpu,
		rss_kib);
	return status;
}
