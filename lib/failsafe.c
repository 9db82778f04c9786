/* SPDX-License-Identifier: MIT */
#include "failsafe.h"

#include "fmt.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

int failsafe_ask_console(int seconds)
{
	char msg[96], buf[16];
	struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
	int n, rc;

	if (seconds <= 0)
		return 0;
	n = fmt_snprintf(msg, sizeof(msg), "rominit: press f and Enter within %d s for failsafe mode\n",
		     seconds);
	if (write(STDOUT_FILENO, msg, (size_t)n) != n)
		return 0; /* no console to ask on */
	do
		rc = poll(&pfd, 1, seconds * 1000);
	while (rc < 0 && errno == EINTR);
	if (rc <= 0)
		return 0;
	n = (int)read(STDIN_FILENO, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return buf[0] == 'f' || buf[0] == 'F';
}
