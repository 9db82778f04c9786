/* SPDX-License-Identifier: MIT */
/* Unit tests of the kernel command line parser (lib/cmdline.c). */
#include "lib/cmdline.h"
#include "tests/unit/tap.h"

#include <string.h>

static struct cmdline parse(const char *s)
{
	struct cmdline c;

	cmdline_parse(s, strlen(s), &c);
	return c;
}

static void test_defaults(void)
{
	struct cmdline c = parse("");

	CHECK(c.root[0] == '\0' && c.init[0] == '\0', "empty command line leaves fields empty");
	CHECK(!c.rootwait && c.rootwait_sec == -1 && c.rootdelay_sec == 0, "no waits by default");
	CHECK(c.reboot_delay_sec == -1 && c.nerrors == 0, "no reboot delay, no errors");
}

static void test_typical(void)
{
	struct cmdline c = parse("console=ttyS0 root=mtd:rootfs rootfstype=squashfs rootwait "
				 "rootdelay=2 init=/sbin/procd rootflags=noatime quiet\n");

	CHECK(strcmp(c.root, "mtd:rootfs") == 0, "root= value");
	CHECK(strcmp(c.rootfstype, "squashfs") == 0, "rootfstype= value");
	CHECK(strcmp(c.rootflags, "noatime") == 0, "rootflags= value");
	CHECK(strcmp(c.init, "/sbin/procd") == 0, "init= value");
	CHECK(c.rootwait && c.rootwait_sec == -1, "bare rootwait uses the configured bound");
	CHECK(c.rootdelay_sec == 2, "rootdelay=2");
	CHECK(c.nerrors == 0, "typical line has no errors");
}

static void test_quotes_and_last_wins(void)
{
	struct cmdline c = parse("root=/dev/sda1 root=\"/dev/my disk\" rootwait=5");

	CHECK(strcmp(c.root, "/dev/my disk") == 0, "quoted value with a space, last one wins");
	CHECK(c.rootwait && c.rootwait_sec == 5, "rootwait=5");
}

static void test_malformed(void)
{
	struct cmdline c = parse("rootdelay=abc rootwait=-1 rominit.reboot_delay=99999 root=");

	CHECK(c.rootdelay_sec == 0, "malformed rootdelay keeps the default");
	CHECK(c.rootwait && c.rootwait_sec == -1, "malformed rootwait=N keeps the bound");
	CHECK(c.reboot_delay_sec == -1, "out-of-range reboot delay rejected");
	CHECK(c.nerrors == 4, "four malformed arguments recorded (got %d)", c.nerrors);
	CHECK(strstr(c.errors[0], "rootdelay") != NULL, "error names the argument: %s",
	      c.errors[0]);
}

static void test_bounds(void)
{
	char big[600];
	struct cmdline c;

	memset(big, 'x', sizeof(big));
	memcpy(big, "root=", 5);
	cmdline_parse(big, sizeof(big), &c); /* not NUL-terminated */
	CHECK(c.root[0] == '\0' && c.nerrors == 1, "overlong value rejected, no overflow");

	cmdline_parse("root=/dev/a init=/x", 12, &c); /* length cuts the line */
	CHECK(strcmp(c.root, "/dev/a") == 0 && c.init[0] == '\0', "parser honours len");

	c = parse("root=\"/dev/unterminated");
	CHECK(strcmp(c.root, "/dev/unterminated") == 0, "unterminated quote ends at the end");

	c = parse("rootwaitx rootwai =x init");
	CHECK(!c.rootwait && c.init[0] == '\0', "near-miss names are not ours");

	c = parse("init=sbin/procd");
	CHECK(c.init[0] == '\0' && c.nerrors == 1 && strcmp(c.errors[0], "init: not an absolute path") == 0,
	      "a relative init= is refused with the reason");
}

static void test_flags(void)
{
	struct cmdline c = parse("rominit.failsafe rominit.factory_reset=yes");

	CHECK(c.failsafe && c.factory_reset, "bare flag and =yes set");
	c = parse("rominit.failsafe=1 rominit.failsafe=off");
	CHECK(!c.failsafe && c.nerrors == 0, "last value wins, off clears");
	c = parse("failsafe=true");
	CHECK(c.failsafe, "OpenWrt's failsafe= requests failsafe");
	c = parse("rominit.factory_reset=maybe");
	CHECK(!c.factory_reset && c.nerrors == 1, "a non-boolean is rejected");
}

/* OpenWrt's fstools_overlay_fstype=: the new block overlay's filesystem. */
static void test_fstype(void)
{
	struct cmdline c = parse("quiet");

	CHECK(c.overlay_fstype[0] == '\0' && cmdline_fstype(c.overlay_fstype) == CMDLINE_FSTYPE_BOARD,
	      "fstype: absent, the board decides");
	c = parse("fstools_overlay_fstype=f2fs");
	CHECK(cmdline_fstype(c.overlay_fstype) == CMDLINE_FSTYPE_F2FS && c.nerrors == 0, "fstype: f2fs");
	c = parse("fstools_overlay_fstype=ext4");
	CHECK(cmdline_fstype(c.overlay_fstype) == CMDLINE_FSTYPE_EXT4, "fstype: ext4");
	c = parse("fstools_overlay_fstype=f2fs fstools_overlay_fstype=auto");
	CHECK(cmdline_fstype(c.overlay_fstype) == CMDLINE_FSTYPE_AUTO, "fstype: auto, the last one wins");
	c = parse("fstools_overlay_fstype=btrfs");
	CHECK(cmdline_fstype(c.overlay_fstype) == -1, "fstype: another is no choice");
	CHECK(cmdline_fstype("ext") == -1 && cmdline_fstype("ext4x") == -1 &&
	      cmdline_fstype("F2FS") == -1, "fstype: prefixes, suffixes and capitals are not names");
	c = parse("fstools_overlay_fstype=");
	CHECK(c.nerrors == 1 && c.overlay_fstype[0] == '\0', "fstype: an empty value is an error");
}

/* rootfstype=squashfs,jffs2 as OpenWrt's device command lines give it. */
static void test_list(void)
{
	const char *cur = ",squashfs,,jffs2,";
	char item[9];

	CHECK(cmdline_list_next(&cur, item, sizeof(item)) && strcmp(item, "squashfs") == 0,
	      "list: first item, leading comma skipped");
	CHECK(cmdline_list_next(&cur, item, sizeof(item)) && strcmp(item, "jffs2") == 0,
	      "list: empty item skipped");
	CHECK(!cmdline_list_next(&cur, item, sizeof(item)), "list: trailing comma ends it");
	cur = "verylongtypename";
	CHECK(cmdline_list_next(&cur, item, sizeof(item)) && strcmp(item, "verylong") == 0 && *cur == 0,
	      "list: an item too long is cut to fit and the cursor moves past all of it");
	cur = "";
	CHECK(!cmdline_list_next(&cur, item, sizeof(item)), "list: empty list has no items");
	cur = "squashfs";
	CHECK(cmdline_list_next(&cur, item, sizeof(item)) && strcmp(item, "squashfs") == 0 &&
		      !cmdline_list_next(&cur, item, sizeof(item)),
	      "list: one item");
}

int main(void)
{
	test_list();
	test_flags();
	test_fstype();
	test_defaults();
	test_typical();
	test_quotes_and_last_wins();
	test_malformed();
	test_bounds();
	return tap_done();
}
