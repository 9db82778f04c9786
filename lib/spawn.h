/* Child processes for hooks and the rescue shell. */
#ifndef ROMINIT_SPAWN_H
#define ROMINIT_SPAWN_H

#include <sys/types.h>

/* fork(2) as the kernel does it: 0 in the child, its pid in the parent, -1
 * with errno. The child may only make system calls, then exec or _exit. */
pid_t spawn_fork(void);

#endif
