/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/partition.c: uevent fields, and PARTUUID= read from
 * partition tables that sfdisk (util-linux, the tool that makes them on
 * real systems) wrote, checked against sfdisk's own --part-uuid. */
#include "lib/partition.h"
#include "tests/unit/tap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DISK_MAX (64 * 1024)

static unsigned char disk[DISK_MAX];
static size_t disk_len;
static char dir[] = "/tmp/rominit-part.XXXXXX";
static char uuid[PART_UUID_MAX + 1], why[200];

static int read_disk(void *ctx, unsigned long long off, void *buf, size_t len)
{
	(void)ctx;
	if (off > disk_len || len > disk_len - off) {
		errno = EIO;
		return -1;
	}
	memcpy(buf, disk + off, len);
	return 0;
}

/* The first DISK_MAX bytes (the tables) of an 8 MiB disk sfdisk partitioned
 * from script (a printf format with no arguments). 0 or -1. */
static int sfdisk(const char *script)
{
	char cmd[512], path[64];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "cd %s && rm -f img && truncate -s 8M img && printf '%s' | "
		 "sfdisk -q img >/dev/null 2>&1", dir, script);
	if (system(cmd) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/img", dir);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	disk_len = fread(disk, 1, sizeof(disk), f);
	fclose(f);
	return disk_len == sizeof(disk) ? 0 : -1;
}

/* sfdisk's own answer for partition n. */
static const char *sfdisk_uuid(int n)
{
	static char out[64];
	char cmd[160];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "sfdisk --part-uuid %s/img %d", dir, n);
	out[0] = '\0';
	p = popen(cmd, "r");
	if (!p)
		return out;
	if (!fgets(out, sizeof(out), p))
		out[0] = '\0';
	pclose(p);
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static int uuid_is(unsigned sector, unsigned n, const char *want)
{
	return part_uuid(read_disk, NULL, sector, n, uuid, sizeof(uuid), why, sizeof(why)) == 0 &&
	       want[0] && strcasecmp(uuid, want) == 0;
}

static int refused(unsigned sector, unsigned n, const char *text)
{
	return part_uuid(read_disk, NULL, sector, n, uuid, sizeof(uuid), why, sizeof(why)) == -1 &&
	       strstr(why, text) != NULL;
}

static void uevents(void)
{
	static const char ev[] = "MAJOR=254\nMINOR=18\nDEVNAME=vdb2\nDEVTYPE=partition\nDISKSEQ=2\n"
				 "PARTN=2\nPARTNAME=rootfs";
	char v[16];

	CHECK(uevent_field(ev, "DEVNAME", v, sizeof(v)) && strcmp(v, "vdb2") == 0, "DEVNAME");
	CHECK(uevent_field(ev, "PARTNAME", v, sizeof(v)) && strcmp(v, "rootfs") == 0,
	      "the last line, without a newline");
	CHECK(uevent_field(ev, "PART", v, sizeof(v)) == 0, "a key's prefix is no key");
	CHECK(uevent_field(ev, "DEVNAME", v, 4) == 0, "a value that does not fit is not cut");
	CHECK(uevent_field("", "PARTN", v, sizeof(v)) == 0, "an empty uevent");
	CHECK(uevent_partn(ev) == 2, "PARTN=2");
	CHECK(uevent_partn("PARTN=\n") == 0, "an empty PARTN");
	CHECK(uevent_partn("PARTN=2x\n") == 0, "PARTN with letters");
	CHECK(uevent_partn("PARTN=9999999\n") == 0, "PARTN past GPT's bound");
	CHECK(uevent_partn("DEVTYPE=disk\n") == 0, "a disk has no PARTN");
}

static void gpt(void)
{
	static unsigned char wide[DISK_MAX];
	char want[3][64];

	CHECK(sfdisk("label: gpt\\n size=1M, name=boot\\n size=2M, name=rootfs\\n name=rootfs_data\\n") == 0,
	      "sfdisk writes a GPT with three partitions");
	for (int i = 0; i < 3; i++)
		snprintf(want[i], sizeof(want[i]), "%s", sfdisk_uuid(i + 1));
	for (int i = 0; i < 3; i++)
		CHECK(uuid_is(512, (unsigned)i + 1, want[i]), "GPT partition %d: %s (sfdisk: %s)", i + 1,
		      uuid, want[i]);
	CHECK(strlen(uuid) == 36 && strspn(uuid, "0123456789abcdef-") == 36, "lower-case, 36 characters");
	CHECK(refused(512, 129, "no partition 129"), "past the GPT's 128 entries");

	/* The same table on a disk of 4096-byte sectors: the header at byte
	 * 4096, the entries from LBA 2 (byte 8192) on. */
	memcpy(wide, disk, 512);
	memset(wide + 512, 0, sizeof(wide) - 512);
	memcpy(wide + 4096, disk + 512, 92);
	wide[4096 + 72] = 2;
	memset(wide + 4096 + 73, 0, 7);
	memcpy(wide + 8192, disk + 1024, 128 * 128);
	memcpy(disk, wide, sizeof(disk));
	CHECK(uuid_is(4096, 2, want[1]), "4096-byte sectors: partition 2 read at the right offsets");
	CHECK(refused(512, 2, "no GPT header"), "... and not as a disk of 512-byte sectors");

	CHECK(sfdisk("label: gpt\\n size=1M, name=boot\\n") == 0, "a GPT again");
	disk[512 + 84] = 0; /* entry size 0 */
	CHECK(refused(512, 1, "out of bounds"), "an entry size under 128 is refused");
	CHECK(sfdisk("label: gpt\\n size=1M, name=boot\\n") == 0, "a GPT again");
	memset(disk + 512 + 72, 0xff, 8); /* entries at LBA 2^64-1 */
	CHECK(refused(512, 1, "out of bounds"), "entries past any disk are refused, no overflow");
	CHECK(sfdisk("label: gpt\\n size=1M, name=boot\\n") == 0, "a GPT again");
	disk[512 + 72] = 200; /* entries at LBA 200: past the bytes the test disk has */
	CHECK(refused(512, 1, "cannot read the GPT entry"), "a read past the disk's end is an error");
}

static void mbr(void)
{
	CHECK(sfdisk("label: dos\\nlabel-id: 0x5452574f\\n size=1M\\n size=2M\\n") == 0,
	      "sfdisk writes an MBR with disk signature 5452574f");
	/* sfdisk --part-uuid answers only for GPT; the kernel's form is the
	 * signature sfdisk was told, then the number. */
	CHECK(uuid_is(512, 2, "5452574f-02"), "MBR partition 2: %s", uuid);
	CHECK(uuid_is(512, 5, "5452574f-05"), "a logical partition's number as the kernel gives it");
	disk[510] = 0;
	CHECK(refused(512, 1, "no partition table"), "no 55 aa signature: no table");
	memset(disk, 0, 512);
	disk[510] = 0x55, disk[511] = 0xaa, disk[446 + 4] = 0xee;
	CHECK(refused(512, 1, "no GPT header"), "a protective MBR with no GPT behind it");
	CHECK(refused(512, 0, "bad request"), "partition 0");
	CHECK(refused(1000, 1, "bad request"), "a sector size that is no power of two");
	disk_len = 100;
	CHECK(refused(512, 1, "cannot read the MBR"), "a disk shorter than a sector");
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	uevents();
	gpt();
	mbr();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
