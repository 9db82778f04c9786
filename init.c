/* SPDX-License-Identifier: MIT */
/*
 * rominit /init: mount the read-only root from flash, put a writable overlay
 * on rootfs_data over it, and hand over to the real init.
 *
 * The boot story, one function per stage, in the order of stages[] below:
 *
 *   early      console on fds 0-2, /dev /proc /sys, kernel log, cmdline
 *   failsafe   kernel argument, a board hook, or a key on the console
 *   root       find root= (mtd:NAME, ubi:NAME, /dev/...), mount it read-only on /rom
 *   overlay    the data volume identified, formatted or wiped as needed, or a
 *              fallback with its reason; overlayfs on /newroot
 *
 * then switch_to_real_root(): status file, move mounts, free the initramfs,
 * exec the real init. The board's hooks run after early and before each
 * other stage and before switch_root (docs/hooks.md). Anything that cannot go on ends in fatal(): the
 * reason, what the kernel saw, then a reboot. PID 1 never just exits.
 */
#include "rominit-config.h"

#include "lib/cmdline.h"
#include "lib/failsafe.h"
#include "lib/fmt.h"
#include "lib/fsutil.h"
#include "lib/hooks.h"
#include "lib/log.h"
#include "lib/fstools.h"
#include "lib/overlay.h"
#include "lib/rescue.h"
#include "lib/root.h"
#include "lib/status.h"
#include "lib/switchroot.h"
#include "lib/watchdog.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ROM "/rom"

/* The board's storage: UBI's and block partitions' code is linked in only
 * when the board has them. */
#if CONFIG_BLOCK
#define BLOCK_DRIVERS &volume_part_driver, &volume_blockdev_driver, &volume_loop_driver
#define BLOCK_DATA_FS_BOARD \
	(CONFIG_BLOCK_DATA_FS_AUTO ? CMDLINE_FSTYPE_AUTO \
	 : CONFIG_BLOCK_DATA_FS_F2FS ? CMDLINE_FSTYPE_F2FS : CMDLINE_FSTYPE_EXT4)
#define BLOCK_MOUNT_OPTIONS CONFIG_BLOCK_MOUNT_OPTIONS
#define BLOCK_BACKUP_MAX (CONFIG_BLOCK_BACKUP_MAX_KIB * 1024ULL)
#define MKFS_TIMEOUT CONFIG_MKFS_TIMEOUT
#define MKFS_RUNNER mkfs_run
#define REFORMAT_UNREPAIRABLE CONFIG_BLOCK_REFORMAT_UNREPAIRABLE
#define OVERLAY_BLOCK &overlay_block_ops
#define DATA_VOLUME_FALLBACK CONFIG_DATA_VOLUME_FALLBACK
#else
#define BLOCK_DRIVERS NULL, NULL, NULL
#define BLOCK_MOUNT_OPTIONS ""
#define BLOCK_BACKUP_MAX 0
#define MKFS_TIMEOUT 0
#define MKFS_RUNNER NULL
#define REFORMAT_UNREPAIRABLE 0
#define OVERLAY_BLOCK NULL
#define DATA_VOLUME_FALLBACK ""
#endif
#if CONFIG_UBI
static const struct volume_env volume_env = { &volume_ubi_driver, CONFIG_UBI_PARTITION, BLOCK_DRIVERS,
					       ROM };
#define UBI_CREATE_DATA CONFIG_UBI_CREATE_DATA
#define UBIFS_MOUNT_OPTIONS CONFIG_UBIFS_MOUNT_OPTIONS
#else
static const struct volume_env volume_env = { NULL, "", BLOCK_DRIVERS, ROM };
#define UBI_CREATE_DATA 0
#define UBIFS_MOUNT_OPTIONS ""
#endif

/* The hardware watchdog (docs/watchdog.md): its options exist only when the
 * board turns it on. */
#if CONFIG_BOOT_WATCHDOG
#define WATCHDOG_DEVICE CONFIG_BOOT_WATCHDOG_DEVICE
#define WATCHDOG_TIMEOUT CONFIG_BOOT_WATCHDOG_TIMEOUT
#define WATCHDOG_FEED_LIMIT_MS (CONFIG_BOOT_WATCHDOG_FEED_LIMIT * 1000L)
#define WATCHDOG_HANDOVER \
	(CONFIG_BOOT_WATCHDOG_HANDOVER_CLOSE ? WATCHDOG_HANDOVER_CLOSE : WATCHDOG_HANDOVER_FD)
#else
#define WATCHDOG_DEVICE ""
#define WATCHDOG_TIMEOUT 0
#define WATCHDOG_FEED_LIMIT_MS 0L
#define WATCHDOG_HANDOVER WATCHDOG_HANDOVER_FD
#endif

#define DATA "/overlay"
#define NEWROOT "/newroot"

struct boot {
	struct cmdline cmd;
	char root_dev[128];
	char rootfstype[32]; /* the type of rootfstype= that mounted */
	int failsafe;
	const char *failsafe_by;
	struct hooks_result hooks;
	struct overlay overlay;
	struct watchdog watchdog;
	long stage_ms[8];
	char why[256];
};

/* What an I/O error on the root means for the reader of the log. */
static const char *damaged_hint(int err)
{
	return err == EIO ? " (the root filesystem on flash is damaged)" : "";
}

/* The kernel runs /init with no fds when the archive lacks /dev/console.
 * The fcntl system call, not libc's: that is 420 bytes of F_GETOWN and
 * F_DUPFD_CLOEXEC emulation. */
static void attach_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		return; /* nothing to print the failure on; kmsg will still work */
	for (int i = 0; i < 3; i++)
		if (fd != i && syscall(SYS_fcntl, i, F_GETFD) < 0)
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

/* Of the requests new from a stage's hooks, those that come too late to
 * act on: failsafe is decided after the failsafe hooks, the overlay is
 * mounted after the overlay hooks. */
static unsigned late_requests(const char *stage, unsigned fresh)
{
	unsigned late = 0;

	if (strcmp(stage, "early") != 0 && strcmp(stage, "failsafe") != 0)
		late |= fresh & HOOK_REQUEST_FAILSAFE;
	if (strcmp(stage, "switch_root") == 0)
		late |= fresh & HOOK_REQUEST_FACTORY_RESET;
	return late;
}

/* Hooks of a stage; a failure stops the boot only if the board says so. */
static void run_hooks(struct boot *b, const char *stage)
{
	unsigned before = b->hooks.requests;

	if (hooks_run(stage, CONFIG_HOOK_TIMEOUT, CONFIG_HOOK_FAILURE_FATAL, &b->hooks, b->why,
		      sizeof(b->why)) != 0)
		fatal("%s (CONFIG_HOOK_FAILURE_FATAL)", b->why);
	unsigned late = late_requests(stage, b->hooks.requests & ~before);

	if (b->hooks.requests != before)
		log_info("hooks: %s hooks request:%s%s", stage,
			 b->hooks.requests & HOOK_REQUEST_FAILSAFE ? " failsafe" : "",
			 b->hooks.requests & HOOK_REQUEST_FACTORY_RESET ? " factory-reset" : "");
	if (late & HOOK_REQUEST_FAILSAFE)
		log_warn("hooks: the %s hooks ask for failsafe after it was decided: ignored "
			 "(ask from an early or failsafe hook)", stage);
	if (late & HOOK_REQUEST_FACTORY_RESET)
		log_warn("hooks: the %s hooks ask for a factory reset after the overlay was "
			 "mounted: ignored (ask from a hook of the overlay stage or before)", stage);
}

/* As early as the device node exists: the bootloader's watchdog has been
 * running since before the kernel. */
static void arm_watchdog(struct watchdog *w)
{
	char why[160];

	w->fd = -1;
	if (!CONFIG_BOOT_WATCHDOG)
		return;
	if (watchdog_open(w, WATCHDOG_DEVICE, WATCHDOG_TIMEOUT, why, sizeof(why)) != 0) {
		log_error("watchdog: %s: not fed by /init", why);
		return;
	}
	if (watchdog_start_feeder(w, WATCHDOG_FEED_LIMIT_MS, why, sizeof(why)) != 0)
		log_error("watchdog: %s: fed only at the hand-over", why);
	log_info("watchdog: %s (%s), timeout %d s: fed every %d ms for at most %ld s, then "
		 "handed to the real init %s", WATCHDOG_DEVICE, w->identity, w->timeout_s,
		 watchdog_period_ms(w->timeout_s), WATCHDOG_FEED_LIMIT_MS / 1000,
		 WATCHDOG_HANDOVER == WATCHDOG_HANDOVER_CLOSE ? "closed and running" : "as WDTFD");
}

static void early(struct boot *b)
{
	attach_console();
	rescue_set_reboot_delay(CONFIG_REBOOT_DELAY);
	rescue_set_shell(CONFIG_RESCUE_SHELL);
	mount_early("devtmpfs", "/dev", "devtmpfs", MS_NOSUID);
	attach_console(); /* again: an archive without /dev/console has it now */
	/* proc first: log_open() lifts the kmsg rate limit through /proc/sys. */
	mount_early("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
	log_open();
	log_info("rominit " ROMINIT_VERSION " for board " CONFIG_BOARD " starting");
	arm_watchdog(&b->watchdog);
	mount_early("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC);
	read_cmdline(&b->cmd);
	run_hooks(b, "early");
}

static void decide_failsafe(struct boot *b)
{
	if (b->cmd.failsafe)
		b->failsafe_by = "kernel argument";
	else if (b->hooks.requests & HOOK_REQUEST_FAILSAFE)
		b->failsafe_by = "board hook";
	else if (failsafe_ask_console(CONFIG_FAILSAFE_KEY_WAIT))
		b->failsafe_by = "console key";
	b->failsafe = b->failsafe_by != NULL;
	if (b->failsafe)
		log_info("failsafe: requested by %s: squashfs with a tmpfs overlay, rootfs_data "
			 "untouched", b->failsafe_by);
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
	const char *types = b->cmd.rootfstype[0] ? b->cmd.rootfstype : CONFIG_DEFAULT_ROOTFSTYPE;

	if (b->cmd.rootdelay_sec > 0) {
		log_info("root: rootdelay=%d, waiting", b->cmd.rootdelay_sec);
		sleep((unsigned)b->cmd.rootdelay_sec);
	}
	if (root_find(spec, &volume_env, root_wait_ms(&b->cmd), b->root_dev, sizeof(b->root_dev), b->why,
		      sizeof(b->why)) != 0)
		fatal("root device %s not found: %s", spec, b->why);
	if (ensure_dir(ROM, 0755) != 0)
		fatal("cannot create " ROM ": %s", strerror(errno));
	if (root_mount(b->root_dev, ROM, types, flags, b->rootfstype, sizeof(b->rootfstype), b->why,
		       sizeof(b->why)) != 0)
		fatal("mount %s (%s) on " ROM " as %s: %s%s", b->root_dev, spec, types, b->why,
		      damaged_hint(errno));
	log_info("root: mounted %s (%s) as %s on " ROM, b->root_dev, spec, b->rootfstype);
}

/* The filesystem of a new block overlay: fstools_overlay_fstype= (OpenWrt's
 * argument) over the board's choice. */
#if CONFIG_BLOCK
static enum fs_kind block_data_fs(const struct cmdline *cmd, int *automatic)
{
	int choice = cmdline_fstype(cmd->overlay_fstype);

	if (choice < 0)
		log_error("fstools_overlay_fstype=%s is not auto, ext4 or f2fs: ignored",
			  cmd->overlay_fstype);
	if (choice <= CMDLINE_FSTYPE_BOARD)
		choice = BLOCK_DATA_FS_BOARD;
	*automatic = choice == CMDLINE_FSTYPE_AUTO;
	return choice == CMDLINE_FSTYPE_F2FS ? FS_F2FS : FS_EXT4;
}
#else
static enum fs_kind block_data_fs(const struct cmdline *cmd, int *automatic)
{
	(void)cmd;
	*automatic = 0;
	return FS_UNKNOWN; /* no block overlay in this /init */
}
#endif

static void mount_overlay(struct boot *b)
{
	int fs_auto;
	enum fs_kind block_fs = block_data_fs(&b->cmd, &fs_auto);
	const struct overlay_config cfg = {
		.volume = CONFIG_DATA_VOLUME,
		.volume_fallback = DATA_VOLUME_FALLBACK,
		.env = &volume_env,
		.create_missing = UBI_CREATE_DATA,
		.jffs2_options = CONFIG_JFFS2_MOUNT_OPTIONS,
		.ubifs_options = UBIFS_MOUNT_OPTIONS,
		.block_fs = block_fs,
		.block_fs_auto = fs_auto,
		.block_options = BLOCK_MOUNT_OPTIONS,
		.backup_max = BLOCK_BACKUP_MAX,
		.block = OVERLAY_BLOCK,
		.tool_root = ROM,
		.tool_timeout_s = MKFS_TIMEOUT,
		.mkfs = MKFS_RUNNER,
		.reformat_unrepairable = REFORMAT_UNREPAIRABLE,
		.tmpfs_size = CONFIG_TMPFS_OVERLAY_SIZE,
		.fallback_readonly = CONFIG_OVERLAY_FALLBACK_READONLY,
		.ready_by_init = CONFIG_DATA_READY_BY_INIT,
		.keep = CONFIG_FACTORY_RESET_KEEP_SYSUPGRADE ? "sysupgrade.tgz" : NULL,
		.factory_reset = b->cmd.factory_reset ||
				 (b->hooks.requests & HOOK_REQUEST_FACTORY_RESET),
		.data_wait_ms = CONFIG_DATA_WAIT * 1000,
		.failsafe = b->failsafe,
		.format = {
			.expected_erasesize = CONFIG_FLASH_ERASE_SIZE,
			.unlock = CONFIG_FLASH_UNLOCK,
			.whole = CONFIG_FLASH_ERASE_WHOLE,
			.verify = CONFIG_FLASH_VERIFY_ERASE,
			.erase = CONFIG_FLASH_FORMAT_ERASE,
		},
	};

	if (ensure_dir(DATA, 0755) != 0 || ensure_dir(NEWROOT, 0755) != 0)
		fatal("cannot create " DATA " or " NEWROOT ": %s", strerror(errno));
	if (overlay_setup(&cfg, ROM, DATA, NEWROOT, &b->overlay, b->why, sizeof(b->why)) != 0)
		fatal("no root to switch to: %s", b->why);
}

/* Each stage after "early" is preceded by the board's hooks of its name. */
static const struct stage {
	const char *name;
	void (*run)(struct boot *);
} stages[] = {
	{ "early", early },
	{ "failsafe", decide_failsafe },
	{ "root", mount_root },
	{ "overlay", mount_overlay },
};

#define NSTAGES (sizeof(stages) / sizeof(stages[0]))
_Static_assert(NSTAGES <= sizeof(((struct boot *)0)->stage_ms) / sizeof(long), "stage_ms too small");

/* init= wins; when it is not executable in the new root, say so and use the
 * configured default rather than leave the device without an init. */
static const char *choose_init(const struct cmdline *cmd)
{
	if (cmd->init[0]) {
		if (access(cmd->init, X_OK) == 0)
			return cmd->init;
		log_error("init=%s is not executable in the new root (%s%s); trying %s", cmd->init,
			  strerror(errno), damaged_hint(errno), CONFIG_DEFAULT_INIT);
	}
	if (access(CONFIG_DEFAULT_INIT, X_OK) == 0)
		return CONFIG_DEFAULT_INIT;
	fatal("no init to run: %s: %s%s", CONFIG_DEFAULT_INIT, strerror(errno), damaged_hint(errno));
}

/* A damaged squashfs block in the real init fails only when a page of it is
 * first touched: after exec, that is a SIGBUS that kills PID 1 and panics
 * the kernel with no reason given. So read the init, and a script's
 * interpreter, through once now, while the fatal path can still say why. */
static void check_readable(const char *path, char *head, size_t head_size)
{
	if (read_through(path, head, head_size) == 0)
		return;
	if (errno == EIO)
		fatal("cannot read %s: %s%s", path, strerror(errno), damaged_hint(errno));
	head[0] = '\0'; /* exec says what else is wrong */
}

static void check_init_readable(const char *init)
{
	char head[128], interp[128], unused[1];
	size_t at = 2, len = 0;

	check_readable(init, head, sizeof(head));
	if (head[0] != '#' || head[1] != '!')
		return;
	while (head[at] == ' ' || head[at] == '\t')
		at++;
	while (head[at + len] && head[at + len] != ' ' && head[at + len] != '\t' &&
	       head[at + len] != '\n')
		len++;
	if (len == 0 || at + len >= sizeof(head) - 1)
		return; /* no interpreter, or a first line longer than we look at */
	memcpy(interp, head + at, len);
	interp[len] = '\0';
	check_readable(interp, unused, sizeof(unused));
}

/* The facts the real system may want, as documented in docs/status.md. */
static void publish_status(const struct boot *b, const char *init)
{
	static struct status s;
	const struct overlay *ov = &b->overlay;

	status_add(&s, "version", "1");
	status_add(&s, "overlay", "%s", overlay_name(ov));
	status_add(&s, "overlay_action", "%s", overlay_action_name(ov->action));
	status_add(&s, "overlay_reason", "%s", ov->reason);
	/* failsafe: located, never read */
	status_add(&s, "data_found", "%s", ov->vol.node[0] && ov->action != ACTION_FAILSAFE
					       ? fs_kind_name(ov->found) : "");
	status_add(&s, "data_volume", "%s", ov->vol.node);
	if (ov->vol.backing[0]) { /* a loop device (rootdisk): over what, from where */
		status_add(&s, "data_backing", "%s", ov->vol.backing);
		status_add(&s, "data_offset", "%llu", ov->vol.offset);
	}
	status_add(&s, "data_state", "%s", fs_state_name(ov->state));
	status_add(&s, "format_ms", "%ld", ov->format_ms);
	status_add(&s, "format_erased", "%u", ov->format.erased);
	status_add(&s, "format_obsoleted", "%u", ov->format.nodes);
	status_add(&s, "format_unlinked", "%u", ov->format.unlinked);
	status_add(&s, "format_left", "%u", ov->format.retired ? ov->format.skipped : 0);
	status_add(&s, "failsafe", "%d", b->failsafe);
	status_add(&s, "failsafe_by", "%s", b->failsafe_by ? b->failsafe_by : "");
	status_add(&s, "hooks_run", "%d", b->hooks.ran);
	status_add(&s, "hooks_failed", "%d", b->hooks.failed);
	status_add(&s, "root", "%s", b->root_dev);
	status_add(&s, "init", "%s", init);
	if (CONFIG_BOOT_WATCHDOG && b->watchdog.fd >= 0) {
		status_add(&s, "watchdog", "%s", WATCHDOG_DEVICE);
		status_add(&s, "watchdog_timeout_s", "%d", b->watchdog.timeout_s);
		status_add(&s, "watchdog_handover", "%s",
			   WATCHDOG_HANDOVER == WATCHDOG_HANDOVER_CLOSE ? "closed" : "fd");
	} else if (CONFIG_BOOT_WATCHDOG) {
		status_add(&s, "watchdog", "%s", ""); /* none could be opened */
	}
	for (size_t i = 0; i < NSTAGES; i++) {
		char key[32];

		fmt_snprintf(key, sizeof(key), "time_%s_ms", stages[i].name);
		status_add(&s, key, "%ld", b->stage_ms[i]);
	}
	status_add(&s, "time_total_ms", "%ld", log_elapsed_ms());
	if (status_write(&s) != 0)
		log_error("cannot write " STATUS_FILE ": %s", strerror(errno));
	log_info("status: overlay=%s action=%s failsafe=%d%s%s", overlay_name(ov),
		 overlay_action_name(ov->action), b->failsafe, ov->reason[0] ? " reason=" : "", ov->reason);
}

static void hand_over_watchdog(struct watchdog *w)
{
	char why[160];

	if (!CONFIG_BOOT_WATCHDOG || w->fd < 0)
		return;
	int fd = w->fd; /* the hand-over may close it */
	if (watchdog_hand_over(w, WATCHDOG_HANDOVER, why, sizeof(why)) != 0)
		log_error("watchdog: hand-over: %s: it stays armed", why);
	else if (WATCHDOG_HANDOVER == WATCHDOG_HANDOVER_CLOSE)
		log_info("watchdog: fed and closed running: the real system must open %s within "
			 "%d s", WATCHDOG_DEVICE, w->timeout_s);
	else
		log_info("watchdog: fed and handed over as WDTFD=%d", fd);
}

static void switch_to_real_root(struct boot *b, char **argv)
{
	static const char *const with_data[] = { ROM, DATA, "/dev", "/proc", "/sys", NULL };
	static const char *const without_data[] = { ROM, "/dev", "/proc", "/sys", NULL };
	const char *init;
	int old_root;
	long freed;

	if (switchroot_move_mounts(NEWROOT, b->overlay.kind == OVERLAY_NONE ? without_data : with_data,
				   b->why, sizeof(b->why)) != 0)
		fatal("%s%s", b->why, damaged_hint(errno));
	old_root = switchroot_enter(NEWROOT, b->why, sizeof(b->why));
	if (old_root < 0)
		fatal("%s", b->why);
	init = choose_init(&b->cmd);
	check_init_readable(init);
	freed = switchroot_free_initramfs(old_root, b->why, sizeof(b->why));
	if (freed < 0)
		log_warn("initramfs not freed: %s", b->why);
	else
		log_info("switch_root: freed the initramfs (%ld entries)", freed);
	publish_status(b, init);
	hand_over_watchdog(&b->watchdog);
	log_info("switch_root: exec %s (overlay %s)", init, overlay_name(&b->overlay));
	log_close();
	argv[0] = (char *)init;
	execv(init, argv);
	log_open();
	if (strcmp(init, CONFIG_DEFAULT_INIT) != 0) {
		log_error("exec %s: %s; trying %s", init, strerror(errno), CONFIG_DEFAULT_INIT);
		log_close();
		argv[0] = (char *)CONFIG_DEFAULT_INIT;
		execv(CONFIG_DEFAULT_INIT, argv);
		log_open();
	}
	fatal("exec %s: %s%s", argv[0], strerror(errno), damaged_hint(errno));
}

int main(int argc, char **argv)
{
	static struct boot boot;

	(void)argc;
	for (size_t i = 0; i < NSTAGES; i++) {
		long start = log_elapsed_ms();

		if (i > 0)
			run_hooks(&boot, stages[i].name);
		stages[i].run(&boot);
		boot.stage_ms[i] = log_elapsed_ms() - start;
	}
	run_hooks(&boot, "switch_root");
	switch_to_real_root(&boot, argv);
	return 1; /* not reached: switch_to_real_root execs or reboots */
}
