# SPDX-License-Identifier: MIT
# `make check-kernel KCONFIG=path/to/.config`: has that kernel every option
# this board's initramfs, /init and flash need? scripts/check-kernel names each
# one missing (docs/check-kernel.md).
#
# A board whose board.conf names its kernel's config (KERNEL_CONFIG, relative
# to the board directory or absolute) is checked by every `make initramfs`,
# before the image is built; so is any board given KCONFIG= on the command line.

# A variable of the board's board.conf (shell syntax); empty when unset.
board_conf = $(shell [ ! -f '$(BOARD_DIR)/board.conf' ] || { . '$(BOARD_DIR)/board.conf' && printf '%s' "$$$(1)"; })

BOARD_KERNEL_CONFIG := $(call board_conf,KERNEL_CONFIG)
CHECK_KCONFIG := $(if $(KCONFIG),$(abspath $(KCONFIG)),$(if $(BOARD_KERNEL_CONFIG),$(if \
	$(filter /%,$(BOARD_KERNEL_CONFIG)),$(BOARD_KERNEL_CONFIG),$(BOARD_DIR)/$(BOARD_KERNEL_CONFIG))))

# The initramfs compression, the root and the data volume from rominit's
# .config, the rest from board.conf
# (scripts/check-kernel says which board.conf variable is unset or wrong).
CHECK_KERNEL = scripts/check-kernel --compression '$(COMPRESSION)' \
	--squashfs '$(call board_conf,ROOTFS_COMPRESSOR)' \
	--parser '$(call board_conf,FLASH_PARTITION_PARSER)' \
	--root '$(call cfg,DEFAULT_ROOT)' --data '$(call cfg,DATA_VOLUME)' \
	--fallback '$(call cfg,DATA_VOLUME_FALLBACK)' \
	--fstype $(if $(call cfg,BLOCK_DATA_FS_EXT4),ext4,$(if $(call cfg,BLOCK_DATA_FS_F2FS),f2fs,auto)) \
	$(if $(call cfg,BOOT_WATCHDOG),--watchdog) \
	'$(CHECK_KCONFIG)'

.PHONY: check-kernel check-kernel-if-named

check-kernel: $(CONFIG)
	$(Q)$(if $(CHECK_KCONFIG),$(CHECK_KERNEL),echo "check-kernel: no kernel config to check: \
	pass KCONFIG=path/to/.config (board/$(BOARD)/board.conf names no KERNEL_CONFIG)" >&2; exit 2)

initramfs: check-kernel-if-named
check-kernel-if-named: $(CONFIG)
	$(if $(CHECK_KCONFIG),$(Q)$(CHECK_KERNEL))
