/* SPDX-License-Identifier: MIT */
/* The volume drivers for MTD partitions and device nodes, and the lookup
 * that picks a driver by the spec's kind. UBI's is in volume_ubi.c. */
#include "volume.h"

#include "flash_retire.h"
#include "fmt.h"
#include "mtd.h"
#include "wait.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static int mtd_find_volume(const struct vol_spec *spec, const struct volume_env *env,
			   struct volume *v, char *why, size_t why_size)
{
	int n = mtd_find(spec->name);

	(void)env;
	if (n == -2) {
		fmt_snprintf(why, why_size, "cannot read /proc/mtd: %s", strerror(errno));
		return -1;
	}
	if (n < 0) {
		fmt_snprintf(why, why_size, "no MTD partition named \"%s\"", spec->name);
		return 0;
	}
	v->mtd = n;
	fmt_snprintf(v->node, sizeof(v->node), "/dev/mtd%d", n);
	fmt_snprintf(v->label, sizeof(v->label), "mtd%d \"%s\"", n, spec->name);
	fmt_snprintf(v->source, sizeof(v->source), "mtd:%s", spec->name);
	return 1;
}

static int mtd_survey(const struct volume *v, struct flash_survey *s, char *why, size_t why_size)
{
	return flash_survey(v->mtd, s, why, why_size);
}

static int mtd_blank(const struct volume *v, uint32_t from, const struct flash_format_opts *opts,
		     struct flash_format_result *res, char *why, size_t why_size)
{
	if (opts->erase)
		return flash_format(v->mtd, from, opts, res, why, why_size);
	return flash_retire(v->mtd, from, opts, res, why, why_size);
}

static int mtd_block_device(const struct volume *v, char *dev, size_t dev_size, char *why,
			    size_t why_size)
{
	(void)why;
	(void)why_size;
	fmt_snprintf(dev, dev_size, "/dev/mtdblock%d", v->mtd);
	return 0;
}

static const struct volume_driver mtd_driver = {
	VOL_MTD, mtd_find_volume, mtd_survey, mtd_blank, mtd_block_device, NULL, NULL,
};

/* /dev/...: the node as given; whoever mounts it checks it is a block
 * device (root_find waits for it). */
int volume_dev_find(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		    char *why, size_t why_size)
{
	(void)env;
	if (strlen(spec->name) >= sizeof(v->node)) {
		fmt_snprintf(why, why_size, "device path too long: %s", spec->name);
		return -1;
	}
	memcpy(v->node, spec->name, strlen(spec->name) + 1);
	memcpy(v->label, v->node, sizeof(v->node));
	memcpy(v->source, v->node, sizeof(v->node));
	return 1;
}

int volume_node_device(const struct volume *v, char *dev, size_t dev_size, char *why,
		       size_t why_size)
{
	(void)why;
	(void)why_size;
	fmt_snprintf(dev, dev_size, "%s", v->node);
	return 0;
}

static const struct volume_driver dev_driver = {
	/* No survey: an /init without CONFIG_BLOCK has no data filesystem for
	 * a block device (datafs_for), and the overlay asks for none. */
	VOL_DEV, volume_dev_find, NULL, NULL, volume_node_device, NULL, NULL,
};

/* The driver of a kind, or NULL with why[]. */
static const struct volume_driver *driver_of(enum vol_kind kind, const struct volume_env *env,
					     char *why, size_t why_size)
{
	switch (kind) {
	case VOL_MTD:
		return &mtd_driver;
	case VOL_DEV:
		return env->blockdev ? env->blockdev : &dev_driver;
	case VOL_UBI:
		if (env->ubi)
			return env->ubi;
		fmt_snprintf(why, why_size, "this /init is built without UBI support (CONFIG_UBI)");
		return NULL;
	case VOL_ROOTDISK:
		if (env->rootdisk)
			return env->rootdisk;
		break;
	case VOL_PARTLABEL:
	case VOL_PARTUUID:
		if (env->part)
			return env->part;
		break;
	}
	fmt_snprintf(why, why_size, "%s: this /init is built without block partition support "
		     "(CONFIG_BLOCK; or use /dev/...)", kind == VOL_PARTLABEL ? "PARTLABEL="
		     : kind == VOL_PARTUUID ? "PARTUUID=" : "rootdisk");
	return NULL;
}

int volume_find(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		char *why, size_t why_size)
{
	const struct volume_driver *drv = driver_of(spec->kind, env, why, why_size);

	memset(v, 0, sizeof(*v));
	v->kind = spec->kind;
	v->mtd = -1;
	v->hold_fd = -1;
	v->drv = drv;
	if (!drv)
		return -1;
	return drv->find(spec, env, v, why, why_size);
}

int volume_locate(const struct vol_spec *spec, const struct volume_env *env, struct volume *v,
		  char *why, size_t why_size)
{
	const struct volume_driver *drv = driver_of(spec->kind, env, why, why_size);

	if (!drv || !drv->locate)
		return volume_find(spec, env, v, why, why_size);
	memset(v, 0, sizeof(*v));
	v->kind = spec->kind;
	v->mtd = -1;
	v->hold_fd = -1;
	v->drv = drv;
	return drv->locate(spec, env, v, why, why_size);
}

struct find_wait {
	const struct vol_spec *spec;
	const struct volume_env *env;
	struct volume *v;
	char *why;
	size_t why_size;
};

static int found(void *ctx)
{
	struct find_wait *w = ctx;

	return volume_find(w->spec, w->env, w->v, w->why, w->why_size);
}

int volume_find_wait(const struct vol_spec *spec, const struct volume_env *env, int timeout_ms,
		     struct volume *v, long *waited_ms, char *why, size_t why_size)
{
	struct find_wait w = { spec, env, v, why, why_size };

	return wait_for(found, &w, timeout_ms, WAIT_POLL_MS, waited_ms);
}

int volume_survey(const struct volume *v, struct flash_survey *s, char *why, size_t why_size)
{
	return v->drv->survey(v, s, why, why_size);
}

int volume_blank(const struct volume *v, uint32_t from, const struct flash_format_opts *opts,
		 struct flash_format_result *res, char *why, size_t why_size)
{
	return v->drv->blank(v, from, opts, res, why, why_size);
}

void volume_release(struct volume *v)
{
	if (v->hold_fd >= 0)
		close(v->hold_fd);
	v->hold_fd = -1;
}

int volume_block_device(const struct volume *v, char *dev, size_t dev_size, char *why,
			size_t why_size)
{
	return v->drv->block_device(v, dev, dev_size, why, why_size);
}

int volume_create(const struct vol_spec *spec, const struct volume_env *env, char *why,
		  size_t why_size)
{
	const struct volume_driver *drv = driver_of(spec->kind, env, why, why_size);

	if (!drv)
		return -1;
	if (!drv->create) {
		fmt_snprintf(why, why_size, "a missing %s volume cannot be created",
			     vol_kind_name(spec->kind));
		return -1;
	}
	return drv->create(spec, env, why, why_size);
}
