/*
 * rominit /init: mount the read-only root from flash, put a writable overlay
 * on rootfs_data over it, and hand over to the real init.
 *
 * The boot story, one function per stage, in the order it happens:
 *
 *   early()       console on fds 0-2, /proc /sys /dev, kernel log, cmdline
 *   mount_root()  find root= (mtd:NAME, /dev/...), mount it read-only on /rom
 *   mount_overlay() jffs2 on rootfs_data (or tmpfs, saying why), overlayfs
 *   switch_to_real_root() move mounts, free the initramfs, exec the real init
 *
 * Anything that cannot go on ends in fatal(): the reason, what the kernel
 * saw, then a reboot. PID 1 never just exits.
 */
#include "rominit-config.h"

#include "lib/cmdline.h"
#include "lib/fsutil.h"
#include "lib/log.h"
#include "lib/overlay.h"
#include "lib/rescue.h"
#include "lib/root.h"
#include "lib/switchroot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROM "/rom"
#define DATA "/overlay"
#define NEWROOT "/newroot"

struct boot {
	struct cmdline cmd;
	char root_dev[128];
	const char *rootfstype;
	struct overlay overlay;
	char why[256];
};

/* The kernel runs /init with no fds when the archive lacks /dev/console. */
static void attach_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return; /* nothing to print the failure on; kmsg will still work */
	for (int i = 0; i < 3; i++)
		if (fd != i && fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static void mount_early(const char *src, const char *dir, const char *type, unsigned long flags)
{
	if (ensure_dir(dir, 0755) != 0)
		fatal("cannot create %s: %s", dir, strerror(errno));
	if (mount(src, dir, type, flags, NULL) != 0 && errno != EBUSY)
		fatal("mount %s on %s: %s", type, dir, strerror(errno));
}

static void read_cmdline(struct cmdline *cmd)
{
	char buf[4096];
	long n = read_file("/proc/cmdline", buf, sizeof(buf));

	if (n < 0) {
		log_warn("cannot read /proc/cmdline: %s; using built-in defaults", strerror(errno));
		n = 0;
	}
	cmdline_parse(buf, (size_t)n, cmd);
	for (int i = 0; i < cmd->nerrors && i < CMDLINE_ERRORS_MAX; i++)
		log_warn("ignoring malformed kernel argument %s", cmd->errors[i]);
	if (cmd->reboot_delay_sec >= 0)
		rescue_set_reboot_delay(cmd->reboot_delay_sec);
}

static void early(struct boot *b)
{
	attach_console();
	rescue_set_reboot_delay(CONFIG_REBOOT_DELAY);
	mount_early("devtmpfs", "/dev", "devtmpfs", MS_NOSUID);
	/* proc first: log_open() lifts the kmsg rate limit through /proc/sys. */
	mount_early("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
	log_open();
	log_info("rominit " ROMINIT_VERSION " for board " CONFIG_BOARD " starting");
	mount_early("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC);
	read_cmdline(&b->cmd);
}

static int root_wait_ms(const struct cmdline *cmd)
{
	if (!cmd->rootwait)
		return 0;
	if (cmd->rootwait_sec >= 0)
		return cmd->rootwait_sec * 1000;
	return CONFIG_ROOTWAIT_TIMEOUT * 1000;
}

static void mount_root(struct boot *b)
{
	const char *spec = b->cmd.root[0] ? b->cmd.root : CONFIG_DEFAULT_ROOT;
	const char *flags = b->cmd.rootflags[0] ? b->cmd.rootflags : NULL;

	b->rootfstype = b->cmd.rootfstype[0] ? b->cmd.rootfstype : CONFIG_DEFAULT_ROOTFSTYPE;
	if (b->cmd.rootdelay_sec > 0) {
		log_info("root: rootdelay=%d, waiting", b->cmd.rootdelay_sec);
		sleep((unsigned)b->cmd.rootdelay_sec);
	}
	if (root_find(spec, root_wait_ms(&b->cmd), b->root_dev, sizeof(b->root_dev), b->why,
		      sizeof(b->why)) != 0)
		fatal("root device %s not found: %s", spec, b->why);
	if (ensure_dir(ROM, 0755) != 0)
		fatal("cannot create " ROM ": %s", strerror(errno));
	if (mount(b->root_dev, ROM, b->rootfstype, MS_RDONLY, flags) != 0)
		fatal("mount %s (%s) as %s on " ROM ": %s", b->root_dev, spec, b->rootfstype,
		      strerror(errno));
	log_info("root: mounted %s (%s) as %s on " ROM, b->root_dev, spec, b->rootfstype);
}

/* The tmpfs overlay keeps the device booting; the reason is logged loudly,
 * because settings written now are lost at the next reboot. */
static void fall_back_to_tmpfs(struct boot *b, const char *reason)
{
	snprintf(b->overlay.reason, sizeof(b->overlay.reason), "%s", reason);
	log_error("overlay: %s; falling back to a tmpfs overlay (size %s): changes will NOT "
		  "survive a reboot", reason, CONFIG_TMPFS_OVERLAY_SIZE);
	if (overlay_mount_tmpfs(DATA, CONFIG_TMPFS_OVERLAY_SIZE, b->why, sizeof(b->why)) != 0)
		fatal("tmpfs overlay: %s", b->why);
	b->overlay.kind = OVERLAY_TMPFS;
}

static void mount_overlay(struct boot *b)
{
	if (ensure_dir(DATA, 0755) != 0 || ensure_dir(NEWROOT, 0755) != 0)
		fatal("cannot create " DATA " or " NEWROOT ": %s", strerror(errno));
	if (overlay_mount_jffs2(CONFIG_DATA_PARTITION, DATA, b->why, sizeof(b->why)) == 0) {
		b->overlay.kind = OVERLAY_JFFS2;
		log_info("overlay: mounted jffs2 from mtd:%s on " DATA, CONFIG_DATA_PARTITION);
	} else {
		fall_back_to_tmpfs(b, b->why);
	}
	if (overlay_join(ROM, DATA, NEWROOT, b->why, sizeof(b->why)) == 0) {
		log_info("overlay: %s over " ROM " mounted on " NEWROOT,
			 overlay_kind_name(b->overlay.kind));
		return;
	}
	if (b->overlay.kind != OVERLAY_JFFS2)
		fatal("%s", b->why);
	if (umount(DATA) != 0)
		fatal("%s, and cannot unmount " DATA ": %s", b->why, strerror(errno));
	fall_back_to_tmpfs(b, b->why);
	if (overlay_join(ROM, DATA, NEWROOT, b->why, sizeof(b->why)) != 0)
		fatal("%s", b->why);
}

/* init= wins; when it is not executable in the new root, say so and use the
 * configured default rather than leave the device without an init. */
static const char *choose_init(const struct cmdline *cmd)
{
	if (cmd->init[0]) {
		if (access(cmd->init, X_OK) == 0)
			return cmd->init;
		log_error("init=%s is not executable in the new root (%s); trying %s", cmd->init,
			  strerror(errno), CONFIG_DEFAULT_INIT);
	}
	if (access(CONFIG_DEFAULT_INIT, X_OK) == 0)
		return CONFIG_DEFAULT_INIT;
	fatal("no init to run: %s: %s", CONFIG_DEFAULT_INIT, strerror(errno));
}

static void switch_to_real_root(struct boot *b, char **argv)
{
	static const char *const moves[] = { ROM, DATA, "/dev", "/proc", "/sys", NULL };
	const char *init;
	int old_root;
	long freed;

	if (switchroot_move_mounts(NEWROOT, moves, b->why, sizeof(b->why)) != 0)
		fatal("%s", b->why);
	old_root = switchroot_enter(NEWROOT, b->why, sizeof(b->why));
	if (old_root < 0)
		fatal("%s", b->why);
	init = choose_init(&b->cmd);
	freed = switchroot_free_initramfs(old_root, b->why, sizeof(b->why));
	if (freed < 0)
		log_warn("initramfs not freed: %s", b->why);
	else
		log_info("switch_root: freed the initramfs (%ld entries)", freed);
	log_info("switch_root: exec %s (overlay %s%s%s)", init, overlay_kind_name(b->overlay.kind),
		 b->overlay.reason[0] ? ", because: " : "", b->overlay.reason);
	log_close();
	argv[0] = (char *)init;
	execv(init, argv);
	log_open();
	fatal("exec %s: %s", init, strerror(errno));
}

int main(int argc, char **argv)
{
	static struct boot boot;

	(void)argc;
	early(&boot);
	mount_root(&boot);
	mount_overlay(&boot);
	switch_to_real_root(&boot, argv);
	return 1; /* not reached: switch_to_real_root execs or reboots */
}
