/* SPDX-License-Identifier: MIT */
#include "mtdio.h"

#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <mtd/mtd-user.h>
#include <sys/ioctl.h>
#include <unistd.h>

int mtdio_open(struct mtd_dev *m, int index)
{
	char path[32];
	struct mtd_info_user info;

	fmt_snprintf(path, sizeof(path), "/dev/mtd%d", index);
	m->index = index;
	m->fd = open(path, O_RDWR | O_CLOEXEC);
	if (m->fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM))
		m->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (m->fd < 0)
		return -1;
	if (ioctl(m->fd, MEMGETINFO, &info) != 0) {
		int saved = errno;

		close(m->fd);
		m->fd = -1;
		errno = saved;
		return -1;
	}
	m->size = info.size;
	m->erasesize = info.erasesize;
	m->writesize = info.writesize;
	m->type = info.type;
	m->writeable = (info.flags & MTD_WRITEABLE) != 0;
	m->bit_writeable = (info.flags & MTD_BIT_WRITEABLE) != 0;
	if (m->erasesize == 0 || m->size % m->erasesize != 0) {
		close(m->fd);
		m->fd = -1;
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void mtdio_close(struct mtd_dev *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

int mtdio_read(const struct mtd_dev *m, uint32_t offset, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(m->fd, (char *)buf + done, len - done, (off_t)offset + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO; /* short device */
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

int mtdio_write(const struct mtd_dev *m, uint32_t offset, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pwrite(m->fd, (const char *)buf + done, len - done,
				   (off_t)offset + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

int mtdio_erase(const struct mtd_dev *m, uint32_t offset)
{
	struct erase_info_user ei = { offset, m->erasesize };

	return ioctl(m->fd, MEMERASE, &ei) == 0 ? 0 : -1;
}

int mtdio_unlock(const struct mtd_dev *m)
{
	struct erase_info_user ei = { 0, m->size };

	if (ioctl(m->fd, MEMUNLOCK, &ei) == 0)
		return 0;
	return (errno == EOPNOTSUPP || errno == ENOTTY) ? 1 : -1;
}

int mtdio_is_bad(const struct mtd_dev *m, uint32_t offset)
{
	long long at = offset; /* __kernel_loff_t */
	int rc = ioctl(m->fd, MEMGETBADBLOCK, &at);

	if (rc >= 0)
		return rc > 0;
	return (errno == EOPNOTSUPP || errno == ENOTTY) ? 0 : -1; /* NOR: no bad blocks */
}
