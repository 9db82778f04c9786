# SPDX-License-Identifier: MIT
include $(sort $(wildcard $(BR2_EXTERNAL_ROMINIT_PATH)/package/*/*.mk))

# The kernel embeds rominit's archive (CONFIG_INITRAMFS_SOURCE in the
# kernel's config or a fragment, pointing at
# $(BINARIES_DIR)/rominit/initramfs.cpio): it must exist before the kernel
# is built.
ifeq ($(BR2_PACKAGE_ROMINIT_EMBED),y)
LINUX_DEPENDENCIES += rominit
endif
