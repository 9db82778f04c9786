# SPDX-License-Identifier: MIT
################################################################################
#
# rominit: an example Buildroot package (packaging/README.md). Not built
# inside Buildroot by the project: tests/gen/t-packaging.sh drives the same
# make command lines with Debian's toolchain.
#
################################################################################

ROMINIT_VERSION = local
ROMINIT_SITE = $(call qstrip,$(BR2_PACKAGE_ROMINIT_SRC))
ROMINIT_SITE_METHOD = local
ROMINIT_LICENSE = MIT, GPL-2.0 (kernel patches)
ROMINIT_LICENSE_FILES = LICENSE
# gen (a host program) links libarchive and its compressors; kconfig-conf
# reads the board's defconfig.
ROMINIT_DEPENDENCIES = host-pkgconf host-libarchive host-xz host-lz4 host-zlib host-zstd
ROMINIT_INSTALL_IMAGES = YES

ROMINIT_BOARD = $(call qstrip,$(BR2_PACKAGE_ROMINIT_BOARD))
ROMINIT_MAKE_OPTS = \
	$(if $(filter /%,$(ROMINIT_BOARD)),BOARD_DIR=$(ROMINIT_BOARD) BOARD=$(notdir $(ROMINIT_BOARD)),BOARD=$(ROMINIT_BOARD)) \
	O=$(@D)/out \
	CC="$(TARGET_CC)" CFLAGS="$(TARGET_CFLAGS)" LDFLAGS="$(TARGET_LDFLAGS)" \
	CROSS_COMPILE="$(TARGET_CROSS)" \
	HOSTCC="$(HOSTCC)" PKG_CONFIG="$(HOST_DIR)/bin/pkg-config" \
	WERROR=

define ROMINIT_BUILD_CMDS
	$(HOST_MAKE_ENV) $(MAKE) -C $(@D) $(ROMINIT_MAKE_OPTS) initramfs
endef

define ROMINIT_INSTALL_TARGET_CMDS
	$(HOST_MAKE_ENV) $(MAKE) -C $(@D) $(ROMINIT_MAKE_OPTS) DESTDIR=$(TARGET_DIR) install
endef

define ROMINIT_INSTALL_IMAGES_CMDS
	$(HOST_MAKE_ENV) $(MAKE) -C $(@D) $(ROMINIT_MAKE_OPTS) DESTDIR=$(BINARIES_DIR) \
		IMAGEDIR=/rominit install-images
endef

$(eval $(generic-package))
