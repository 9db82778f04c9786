/* SPDX-License-Identifier: MIT */
/* Unit tests of the overlay decision (lib/overlay_plan.c), one check per
 * row of docs/overlay.md's table. The facts come from a file-backed test
 * volume: images made by the real tools (mkfs.jffs2 in both byte orders and
 * two erase sizes, mkfs.ubifs, mkfs.ext4, mksquashfs, mkfs.f2fs), read by
 * the same survey /init runs on an MTD (flash_survey_read). */
#include "lib/flash.h"
#include "lib/overlay_plan.h"
#include "tests/unit/tap.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ERASE 65536u
#define FLASH (16u * ERASE)

static unsigned char flash[FLASH];
static char dir[64];
static int fail_reads; /* the test volume's read error */

static int flash_read(void *ctx, uint32_t off, void *buf, size_t len)
{
	(void)ctx;
	if (fail_reads || off > FLASH || FLASH - off < len) {
		errno = EIO;
		return -1;
	}
	memcpy(buf, flash + off, len);
	return 0;
}

/* The test volume holds the output of cmd (run in dir, writing dir/img),
 * padded with 0xff. 0 or -1. */
static int load(const char *cmd)
{
	char full[768], path[96];
	FILE *f;
	size_t n;

	snprintf(full, sizeof(full), "cd %s && rm -f img && { %s; } >/dev/null 2>&1", dir, cmd);
	if (system(full) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/img", dir);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	memset(flash, 0xff, sizeof(flash));
	n = fread(flash, 1, sizeof(flash), f);
	fclose(f);
	return n > 0 ? 0 : -1;
}

static void fill(unsigned char value)
{
	memset(flash, value, sizeof(flash));
}

static void put_marker(uint32_t at)
{
	memcpy(flash + at, "\xde\xad\xc0\xde", 4);
}

/* Survey the test volume and plan for a present, writable volume of kind on. */
static struct overlay_plan plan_for(enum vol_kind on, struct flash_survey *s)
{
	struct overlay_facts f = { 0 };

	if (flash_survey_read(flash_read, NULL, FLASH, ERASE, s) != 0)
		s->kind = FS_UNKNOWN;
	f.present = 1;
	f.on = on;
	f.writeable = s->writeable;
	f.kind = s->kind;
	f.foreign_order = s->kind == FS_JFFS2 && s->order != jffs2_native_order();
	f.crosses = s->fit.crosses;
	f.marker_at = s->marker_at;
	return overlay_plan(&f);
}

static int is(struct overlay_plan p, enum plan_step step, enum plan_reason reason, uint32_t from)
{
	return p.step == step && p.reason == reason && p.erase_from == from;
}

static const char *native(void)
{
	return jffs2_native_order() == JFFS2_ORDER_LITTLE ? "-l" : "-b";
}

static const char *foreign(void)
{
	return jffs2_native_order() == JFFS2_ORDER_LITTLE ? "-b" : "-l";
}

static void jffs2_rows(void)
{
	struct flash_survey s;
	struct overlay_plan p;
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "mkfs.jffs2 %s -e %u -r tree -o img", native(), ERASE);
	CHECK(load(cmd) == 0, "mkfs.jffs2 image for this flash made");
	p = plan_for(VOL_MTD, &s);
	CHECK(is(p, PLAN_MOUNT, REASON_NONE, 0) && p.fs && strcmp(p.fs->type, "jffs2") == 0,
	      "jffs2 in this CPU's byte order, made for these erase blocks: mount it as jffs2");
	put_marker(8 * ERASE);
	p = plan_for(VOL_MTD, &s);
	CHECK(is(p, PLAN_MOUNT, REASON_NONE, 8 * ERASE),
	      "... with an upgrade's 0xdeadc0de marker further in: erase from it (0x%x), then mount",
	      p.erase_from);

	snprintf(cmd, sizeof(cmd), "mkfs.jffs2 %s -e %u -r tree -o img", foreign(), ERASE);
	CHECK(load(cmd) == 0, "foreign byte order image made");
	CHECK(is(plan_for(VOL_MTD, &s), PLAN_REFUSE, REASON_FOREIGN_ORDER, 0),
	      "jffs2 of the other byte order: never touched");

	snprintf(cmd, sizeof(cmd), "mkfs.jffs2 %s -e %u -r tree -o img", native(), 4 * ERASE);
	CHECK(load(cmd) == 0, "image for 256 KiB blocks made");
	CHECK(is(plan_for(VOL_MTD, &s), PLAN_REFUSE, REASON_CROSSES, 0) && s.fit.crosses,
	      "jffs2 whose nodes cross this flash's erase blocks: never touched");

	fill(0xff);
	CHECK(is(plan_for(VOL_MTD, &s), PLAN_MOUNT_ERASED, REASON_NONE, 0),
	      "erased flash: mount it (format only if that fails with EIO and no node is found)");
	put_marker(3 * ERASE);
	CHECK(is(plan_for(VOL_MTD, &s), PLAN_MOUNT_ERASED, REASON_NONE, 3 * ERASE),
	      "erased flash with a marker further in: erase from it, then mount");

	fill(0x5a);
	put_marker(0);
	CHECK(is(plan_for(VOL_MTD, &s), PLAN_FORMAT, REASON_NONE, 0),
	      "0xdeadc0de at the start: format, mount");
	fill(0);
	CHECK(is(plan_for(VOL_MTD, &s), PLAN_FORMAT_SAFE, REASON_NONE, 0),
	      "all zeros: format unless an erase block holds a jffs2 node, mount");
}

/* Other filesystems and garbage, on an MTD: never touched. */
static void foreign_rows(void)
{
	static const struct {
		const char *cmd, *what;
	} images[] = {
		{ "mkfs.ubifs -m 1 -e 65408 -c 64 -r tree -o img", "ubifs" },
		{ "truncate -s 1M img && mkfs.ext4 -q -F img", "ext4" },
		{ "mksquashfs tree img -quiet -noappend", "squashfs" },
		{ "truncate -s 64M img && mkfs.f2fs -q img", "f2fs" },
		{ "head -c 1048576 /dev/urandom > img", "random bytes" },
	};
	struct flash_survey s;

	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		struct overlay_plan p;
		int made = load(images[i].cmd) == 0;

		p = plan_for(VOL_MTD, &s);
		CHECK(made && p.step == PLAN_REFUSE &&
			      p.reason == (i == 4 ? REASON_UNKNOWN : REASON_OTHER_FS),
		      "%s on the MTD: never touched (%s)", images[i].what, fs_kind_name(s.kind));
	}
	fail_reads = 1;
	CHECK(flash_survey_read(flash_read, NULL, FLASH, ERASE, &s) != 0 && errno == EIO,
	      "a read error is its own outcome (the caller falls back with it), never \"unknown\"");
	fail_reads = 0;
}

static struct overlay_facts present(enum vol_kind on, enum fs_kind kind)
{
	struct overlay_facts f = { 0 };

	f.present = 1;
	f.writeable = 1;
	f.on = on;
	f.kind = kind;
	return f;
}

static void volume_rows(void)
{
	struct overlay_facts f = present(VOL_MTD, FS_JFFS2);
	struct flash_survey s;
	struct overlay_plan p;

	f.writeable = 0;
	CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_READ_ONLY, 0), "a read-only volume: fallback");
	f = present(VOL_MTD, FS_JFFS2);
	f.failsafe = 1;
	p = overlay_plan(&f);
	CHECK(p.step == PLAN_LEAVE && !p.fs, "failsafe: the volume is not touched at all");
	f = present(VOL_MTD, FS_JFFS2);
	f.present = 0;
	f.may_create = 1;
	CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_MISSING, 0),
	      "a missing MTD partition: fallback (only the kernel makes partitions)");
	f.on = VOL_UBI;
	CHECK(is(overlay_plan(&f), PLAN_CREATE, REASON_NONE, 0),
	      "a missing UBI volume, the board allowing it: create it, mount as new");
	f.may_create = 0;
	CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_MISSING, 0),
	      "a missing UBI volume, the board not allowing it: fallback");
	f = present(VOL_DEV, FS_EXT4);
	f.block_fs = FS_UNKNOWN;
	CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_NO_DATAFS, 0),
	      "a block device, /init without block support: no overlay filesystem for it, fallback");

	CHECK(load("mkfs.ubifs -m 1 -e 65408 -c 64 -r tree -o img") == 0, "mkfs.ubifs image made");
	p = plan_for(VOL_UBI, &s);
	CHECK(is(p, PLAN_MOUNT, REASON_NONE, 0) && strcmp(p.fs->type, "ubifs") == 0,
	      "ubifs in a UBI volume: mount it as ubifs");
	fill(0xff);
	p = plan_for(VOL_UBI, &s);
	CHECK(is(p, PLAN_MOUNT_ERASED, REASON_NONE, 0) && !p.fs->format_if_unmountable &&
		      p.fs->unfinished_if_unmountable,
	      "an empty UBI volume: mount (ubifs formats it); if that fails, its creation was cut "
	      "short: empty it and mount again");
	CHECK(!datafs_for(VOL_MTD, FS_UNKNOWN)->unfinished_if_unmountable,
	      "... which jffs2 never assumes (an erased first block may hide somebody's data)");
	put_marker(0);
	CHECK(is(plan_for(VOL_UBI, &s), PLAN_FORMAT, REASON_NONE, 0),
	      "0xdeadc0de in a UBI volume: empty it, mount");
	fill(0);
	CHECK(is(plan_for(VOL_UBI, &s), PLAN_FORMAT, REASON_NONE, 0),
	      "zeros in a UBI volume: empty it, mount");
	f = present(VOL_UBI, FS_JFFS2);
	CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_OTHER_FS, 0),
	      "jffs2 in a UBI volume: never touched");
	f = present(VOL_UBI, FS_UNKNOWN);
	CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_UNKNOWN, 0),
	      "garbage in a UBI volume: never touched");
}

/* Block devices: what is there decides, the board's filesystem is made
 * where nothing mounts (OpenWrt's rule for its rootfs_data). */
static void block_rows(void)
{
	static const struct {
		enum fs_kind kind;
		enum plan_step step;
		enum plan_reason reason;
		const char *type, *what;
	} rows[] = {
		{ FS_EXT4, PLAN_MOUNT, REASON_NONE, "ext4", "an ext4: mount it" },
		{ FS_F2FS, PLAN_MOUNT, REASON_NONE, "f2fs",
		  "an f2fs where the board makes ext4: still mounted, as f2fs" },
		{ FS_ZEROED, PLAN_FORMAT, REASON_NONE, "ext4", "zeros (a new partition): mkfs, mount" },
		{ FS_ERASED, PLAN_FORMAT, REASON_NONE, "ext4",
		  "0xff (an erased eMMC): mkfs, mount (nothing mounts as empty on a block device)" },
		{ FS_DEADC0DE, PLAN_FORMAT, REASON_NONE, "ext4", "0xdeadc0de: mkfs, mount" },
		{ FS_UNKNOWN, PLAN_FORMAT, REASON_NONE, "ext4",
		  "bytes no filesystem rominit knows: the volume is the overlay's, mkfs" },
		{ FS_JFFS2, PLAN_REFUSE, REASON_OTHER_FS, NULL, "a jffs2: never touched" },
		{ FS_SQUASHFS, PLAN_REFUSE, REASON_OTHER_FS, NULL,
		  "a squashfs (a root image where data was expected): never touched" },
		{ FS_BACKUP, PLAN_FORMAT, REASON_NONE, "ext4",
		  "an upgrade's settings backup (gzip): mkfs, the backup kept" },
	};
	static const enum vol_kind kinds[] = { VOL_PARTLABEL, VOL_PARTUUID, VOL_DEV, VOL_ROOTDISK };

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			struct overlay_facts f = present(kinds[k], rows[i].kind);
			struct overlay_plan p;

			f.block_fs = FS_EXT4;
			p = overlay_plan(&f);
			CHECK(is(p, rows[i].step, rows[i].reason, 0) &&
				      (!rows[i].type || (p.fs && strcmp(p.fs->type, rows[i].type) == 0)) &&
				      p.keep_backup == (rows[i].kind == FS_BACKUP),
			      "%s, on %s: %s", fs_kind_name(rows[i].kind), vol_kind_name(kinds[k]),
			      rows[i].what);
		}
	{
		struct overlay_facts f = present(VOL_PARTLABEL, FS_ZEROED);
		struct overlay_plan p;

		f.block_fs = FS_F2FS;
		p = overlay_plan(&f);
		CHECK(p.step == PLAN_FORMAT && p.fs && strcmp(p.fs->type, "f2fs") == 0 &&
			      p.fs->root_tools,
		      "a board that makes f2fs: f2fs, by the root's tools");
		f = present(VOL_PARTLABEL, FS_EXT4);
		f.block_fs = FS_EXT4;
		f.writeable = 0;
		CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_READ_ONLY, 0),
		      "a read-only block device (BLKROGET): fallback, untouched");
		f = present(VOL_PARTLABEL, FS_EXT4);
		f.block_fs = FS_EXT4;
		f.present = 0;
		f.may_create = 1;
		CHECK(is(overlay_plan(&f), PLAN_REFUSE, REASON_MISSING, 0),
		      "a missing partition: fallback (only UBI volumes are created)");
		f = present(VOL_ROOTDISK, FS_BACKUP);
		f.block_fs = FS_EXT4;
		f.writeable = 0;
		p = overlay_plan(&f);
		CHECK(is(p, PLAN_REFUSE, REASON_READ_ONLY, 0) && !p.keep_backup,
		      "a backup on a read-only device: fallback, nothing copied");
		f = present(VOL_MTD, FS_BACKUP);
		p = overlay_plan(&f);
		CHECK(is(p, PLAN_REFUSE, REASON_UNKNOWN, 0) && !p.keep_backup,
		      "a raw gzip on an MTD partition is no jffs2: left untouched");
	}
}

static int state_is(struct state_plan p, int reset_first, int wipe, int pending, int ready)
{
	return p.reset_first == reset_first && p.wipe == wipe && p.mark_pending == pending &&
	       p.mark_ready == ready;
}

static void state_rows(void)
{
	CHECK(state_is(overlay_state_plan(1, FS_STATE_ABSENT, 0, 1), 0, 0, 1, 1),
	      "a new overlay: pending, layers, then ready");
	CHECK(state_is(overlay_state_plan(1, FS_STATE_ABSENT, 0, 0), 0, 0, 1, 0),
	      "... left pending for the real system with CONFIG_DATA_READY_BY_INIT=n");
	CHECK(state_is(overlay_state_plan(0, FS_STATE_READY, 0, 1), 0, 0, 0, 0),
	      "a ready overlay: mounted as it is");
	CHECK(state_is(overlay_state_plan(0, FS_STATE_ABSENT, 0, 1), 0, 0, 0, 1),
	      "an existing filesystem without a state is somebody's data: kept, marked ready");
	CHECK(state_is(overlay_state_plan(0, FS_STATE_PENDING, 0, 1), 0, 1, 0, 1),
	      "pending at boot: wiped (the state link stays pending through it), then ready");
	CHECK(state_is(overlay_state_plan(0, FS_STATE_READY, 1, 1), 1, 1, 0, 1),
	      "a factory reset: made durable (pending, synced) first, wiped, then ready");
	CHECK(state_is(overlay_state_plan(0, FS_STATE_PENDING, 1, 1), 0, 1, 0, 1),
	      "a factory reset on a pending overlay: already durable, wiped");
	CHECK(state_is(overlay_state_plan(1, FS_STATE_ABSENT, 1, 1), 1, 1, 0, 1),
	      "a factory reset on a new overlay: the same contract");
}

int main(void)
{
	char cmd[320];

	snprintf(dir, sizeof(dir), "/tmp/test-overlay-plan.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "mkdir %s/tree && head -c 200000 /dev/urandom > %s/tree/a && "
		 "echo settings > %s/tree/b", dir, dir, dir);
	CHECK(system(cmd) == 0, "a small tree for the images");
	jffs2_rows();
	foreign_rows();
	volume_rows();
	block_rows();
	state_rows();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return tap_done();
}
