/* SPDX-License-Identifier: MIT */
/* The one grammar for naming storage, used by root= and by the data volume:
 *
 *   mtd:NAME        the MTD partition of that name
 *   ubi:NAME        the UBI volume of that name on any attached UBI device
 *   ubiN:NAME       the UBI volume of that name on UBI device N
 *   /dev/...        a device node as given
 *   PARTLABEL=, PARTUUID=   block partitions by GPT label or UUID (served by
 *                   lib/volume_part.c when /init has CONFIG_BLOCK)
 *   rootdisk        the data volume only: the space after the squashfs in the
 *                   root's own partition, through a loop device (OpenWrt's
 *                   x86 layout; lib/volume_loop.c, CONFIG_BLOCK). No name:
 *                   the partition is the one the root is mounted from.
 *
 * Parsing is pure: it never looks at the system. */
#ifndef ROMINIT_VOLSPEC_H
#define ROMINIT_VOLSPEC_H

#include <stddef.h>

enum vol_kind {
	VOL_MTD,
	VOL_UBI,
	VOL_DEV,
	VOL_PARTLABEL,
	VOL_PARTUUID,
	VOL_ROOTDISK,
};

#define VOL_NAME_MAX 127 /* UBI's volume names: 127; MTD names in practice far less */

struct vol_spec {
	enum vol_kind kind;
	int ubi_num;                  /* ubiN:NAME: N; -1 for ubi:NAME and the others */
	char name[VOL_NAME_MAX + 1];  /* the NAME, the /dev path, or the label/UUID */
};

/* 0, or -1 with why[] naming the problem. */
int vol_spec_parse(const char *spec, struct vol_spec *out, char *why, size_t why_size);

const char *vol_kind_name(enum vol_kind kind);

#endif
