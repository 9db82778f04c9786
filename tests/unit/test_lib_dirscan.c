/* SPDX-License-Identifier: MIT */
/* lib/dirscan.c: every entry once, without "." and "..", across buffer
 * refills, with entries unlinked while scanning. */
#include "lib/dirscan.h"
#include "tap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N 300 /* names of ~40 bytes: several getdents64 refills of 1 KiB */

int main(void)
{
	char dir[] = "/tmp/test_dirscan.XXXXXX", path[256];
	static int seen[N];
	struct dirscan d;
	const char *name;
	int fd, extra = 0, total = 0, all_once = 1, left = 0;

	if (!mkdtemp(dir))
		return 1;
	for (int i = 0; i < N; i++) {
		snprintf(path, sizeof(path), "%s/entry-%04d-padding-to-make-it-long", dir, i);
		close(open(path, O_CREAT | O_WRONLY, 0600));
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	dirscan_start(&d, fd);
	while ((name = dirscan_next(&d)) != NULL) {
		int i;

		total++;
		if (sscanf(name, "entry-%d", &i) != 1 || i < 0 || i >= N) {
			extra++;
			continue;
		}
		seen[i]++;
		unlinkat(fd, name, 0); /* as the wipe does */
	}
	for (int i = 0; i < N; i++)
		all_once &= seen[i] == 1;
	CHECK(total == N && extra == 0 && all_once, "%d entries seen once each, no . or ..", total);
	CHECK(d.error == 0, "clean end (error %d)", d.error);
	close(fd);

	fd = open(dir, O_RDONLY | O_DIRECTORY);
	dirscan_start(&d, fd);
	while (dirscan_next(&d) != NULL)
		left++;
	CHECK(left == 0, "unlinking while scanning removed everything (%d left)", left);
	close(fd);

	dirscan_start(&d, -1);
	CHECK(dirscan_next(&d) == NULL && d.error != 0, "a bad fd ends the scan with an error");
	rmdir(dir);
	return tap_done();
}
