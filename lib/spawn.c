/* SPDX-License-Identifier: MIT */
/* The kernel's fork, without musl's fork().
 *
 * musl's fork() runs the atfork protocol: it takes every libc lock so that
 * the child of a multithreaded parent inherits none held, and that brings
 * 2 KiB of locking into /init (1.3 KiB of the gzip image). /init is one
 * thread with no atfork handlers and no signal handlers, and its children
 * (hooks, the rescue shell) only make system calls and exec, so clone with
 * SIGCHLD, which is what fork(2) is, does all it needs. Not vfork: the
 * children call setpgid or setsid first, which POSIX does not allow after
 * vfork. In the child, libc's cached thread id is the parent's: nothing
 * that uses it (raise, pthreads) may run there. */
#include "spawn.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <unistd.h>

pid_t spawn_fork(void)
{
	/* clone(flags, stack, ...): a zero stack is the caller's, copied. */
	return (pid_t)syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L);
}

int spawn_exited(void *child)
{
	struct spawn_child *c = child;
	pid_t r = waitpid(c->pid, &c->status, WNOHANG);

	if (r == c->pid)
		return 1;
	return r < 0 && errno != EINTR ? -1 : 0;
}
