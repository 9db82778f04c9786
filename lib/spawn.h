/* SPDX-License-Identifier: MIT */
/* Child processes for hooks and the rescue shell. */
#ifndef ROMINIT_SPAWN_H
#define ROMINIT_SPAWN_H

#include <sys/types.h>

/* fork(2) as the kernel does it: 0 in the child, its pid in the parent, -1
 * with errno. The child may only make system calls, then exec or _exit. */
pid_t spawn_fork(void);

/* A child being waited for with wait_for (lib/wait.h). */
struct spawn_child {
	pid_t pid;
	int status; /* waitpid's, once it exited */
};

/* wait_for's check: 1 when the child has exited, 0 while it runs, -1 when
 * it cannot be waited for at all. */
int spawn_exited(void *child);

#endif
