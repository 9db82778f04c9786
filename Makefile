# SPDX-License-Identifier: MIT
# rominit: `make BOARD=<name> initramfs` builds /init, the host tool gen and
# the board's initramfs under out/<name>/ (or O=DIR). See README.md.

.DEFAULT_GOAL := all
# The board: BOARD=, else the one `make <board>_defconfig` chose last, as
# Kbuild remembers its .config: with O=DIR, the board DIR/.config was made
# for; without, the one in out/.board; else qemu-x86_64.
BOARD_MEMORY := $(CURDIR)/out/.board
O_GIVEN := $(filter command line environment,$(origin O))
REMEMBERED_BOARD := $(if $(O_GIVEN),$(shell sed -n 's/^CONFIG_BOARD="\(.*\)"$$/\1/p' $(O)/.config 2>/dev/null),$(shell cat $(BOARD_MEMORY) 2>/dev/null))
BOARD ?= $(or $(REMEMBERED_BOARD),qemu-x86_64)
O ?= out/$(BOARD)
override O := $(abspath $(O))
BOARD_DIR := $(CURDIR)/board/$(BOARD)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# (<board>_defconfig names its own board: a stale memory must not stop it.)
ifeq ($(wildcard $(BOARD_DIR)/defconfig)$(filter %_defconfig,$(MAKECMDGOALS)),)
$(error unknown board '$(BOARD)'$(if $(filter $(BOARD),$(REMEMBERED_BOARD)), (remembered$(if $(O_GIVEN), in $(O)/.config, in out/.board): make <board>_defconfig chooses another)): no board/$(BOARD)/defconfig (boards: $(notdir $(wildcard board/*))))
endif

# Reproducible by default: every entry gets the time of the last commit.
SOURCE_DATE_EPOCH ?= $(shell git -C $(CURDIR) log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
ROMINIT_VERSION := $(shell git -C $(CURDIR) describe --always --dirty 2>/dev/null || echo unknown)

# /init: static, for the target. A board's board.conf names its target
# toolchain (TARGET_CROSS_COMPILE; `make CROSS_COMPILE=...` overrides, and
# `CROSS_COMPILE=` empty builds natively). Native builds use musl-gcc when
# present (a much smaller static binary than glibc's); cross builds use
# Debian's musl-dev:<arch> through its specs file when that is installed,
# else the cross toolchain's own glibc.
# A packager's compiler (CC= on the command line or in the environment, as
# Buildroot and Yocto pass it) builds /init and rominit-ctl; make's built-in
# "cc" does not count. Its CFLAGS and LDFLAGS come after ours.
board_fact = $(shell $(CURDIR)/scripts/board-fact $(BOARD_DIR) $(1) 2>/dev/null)
CROSS_COMPILE ?= $(call board_fact,TARGET_CROSS_COMPILE)
ifneq ($(filter environment command line,$(origin CC)),)
TARGET_CC ?= $(CC)
PACKAGER_CC := y
endif
ifeq ($(CROSS_COMPILE),)
TARGET_CC ?= $(if $(shell command -v musl-gcc),musl-gcc,cc)
TARGET_MUSL := $(if $(filter musl-gcc,$(notdir $(TARGET_CC))),y)
UAPI_SRC := /usr/include
UAPI_ASM := /usr/include/$(shell gcc -print-multiarch)/asm
else
TARGET_TRIPLET := $(patsubst %-,%,$(notdir $(CROSS_COMPILE)))
MUSL_SPECS := /usr/lib/$(subst -gnu,-musl,$(TARGET_TRIPLET))/musl-gcc.specs
TARGET_MUSL := $(if $(PACKAGER_CC),$(if $(filter musl-gcc,$(notdir $(firstword $(TARGET_CC)))),y),$(if $(wildcard $(MUSL_SPECS)),y))
TARGET_CC ?= $(CROSS_COMPILE)gcc$(if $(TARGET_MUSL), -specs=$(MUSL_SPECS))
UAPI_SRC := /usr/$(TARGET_TRIPLET)/include
UAPI_ASM := $(UAPI_SRC)/asm
endif
# -Werror in the project's own builds (a git checkout: developers, CI), not
# in a packager's, whose compiler may warn about what ours does not:
# WERROR= turns it off, WERROR=-Werror on.
WERROR ?= $(if $(wildcard $(CURDIR)/.git),-Werror)
WARN := -Wall -Wextra $(WERROR)
# /init computes no floating point: where gcc has the option, general
# registers only keeps it from zeroing and copying structs through SSE/NEON
# registers (448 bytes of x86-64 code, 192 of arm64).
INIT_GENERAL_REGS := $(shell $(TARGET_CC) -mgeneral-regs-only -x c -c -o /dev/null /dev/null \
	2>/dev/null && echo -mgeneral-regs-only)
# No unwind tables: nothing in /init unwinds (no C++, no backtraces), and
# aarch64's gcc emits them even without asynchronous ones (5 KiB of
# .eh_frame in a 49 KiB /init).
# -fno-pie: /init is a static ET_EXEC at a fixed address; Debian's default
# PIE code generation only adds GOT-relative addressing (320 bytes, 480 of
# the gzip image). -flto: /init is one program of many small files; seen
# whole, gcc drops what no caller needs and inlines across them (1.6 KiB of
# the x86-64 jffs2-only /init).
INIT_CFLAGS := -Os -flto -fno-pie -std=gnu11 $(WARN) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -I$(O)/include -DROMINIT_VERSION='"$(ROMINIT_VERSION)"' \
	-D_FILE_OFFSET_BITS=64 $(INIT_GENERAL_REGS)
# noseparate-code: no page-aligned padding between the read-only and the
# code segments (up to 8 KiB of zeros in a 40 KiB file), none before the
# RELRO end (a static binary has no dynamic relocations to protect), and
# no build ID. common-page-size=64: ld otherwise starts the data segment on
# a fresh 4 KiB page whenever that saves a page of RAM, which pads the file
# with up to 4 KiB of zeros (3 KiB of a 42 KiB /init when its bss grew).
INIT_LDFLAGS := -static -s -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,-z,common-page-size=64 \
	-Wl,--build-id=none
INIT_CFLAGS += $(CFLAGS)
INIT_LDFLAGS += $(LDFLAGS)

# musl sees only musl's headers; /init also needs the kernel's UAPI headers
# (linux/, mtd/, asm/) that Debian installs for glibc (for a cross target:
# libc6-dev-<arch>-cross). Point at those few directories, not at glibc's
# whole include directory.
ifeq ($(TARGET_MUSL),y)
UAPI := $(O)/include/uapi
INIT_CFLAGS += -isystem $(UAPI)
INIT_DEPS := $(UAPI)/.done
$(UAPI)/.done:
	$(Q)mkdir -p $(UAPI)
	$(Q)for d in linux mtd asm-generic; do ln -sfn $(UAPI_SRC)/$$d $(UAPI)/$$d; done
	$(Q)ln -sfn $(UAPI_ASM) $(UAPI)/asm
	$(Q)touch $@
endif
INIT_SRCS := init.c $(sort $(wildcard lib/*.c))

# gen: always the host compiler, whatever CROSS_COMPILE says.
HOSTCC ?= cc
# A build system's own pkg-config (Buildroot's host one) finds its libraries.
PKG_CONFIG ?= pkg-config
export PKG_CONFIG
GEN_LIBS := libarchive liblzma liblz4 zlib
GEN_CFLAGS := -O2 -g -std=gnu11 $(WARN) $(shell $(PKG_CONFIG) --cflags $(GEN_LIBS) 2>/dev/null)
GEN_LDLIBS := $(shell $(PKG_CONFIG) --libs $(GEN_LIBS) 2>/dev/null)
# The gen that builds images links libarchive and the compressors
# statically: the shared libarchive loads libxml2, ICU, libstdc++, nettle,
# acl and bz2 for formats gen never writes (1.5 ms of a 3 ms run on a small
# initramfs, make bench), and each shared compressor is one more object to
# map and relocate at every start (0.5 ms of 4.6). Only the objects gen
# calls come in; glibc stays shared.
GEN_STATIC_LDLIBS := -Wl,-Bstatic -larchive \
	$(shell $(PKG_CONFIG) --libs liblzma liblz4 zlib libzstd 2>/dev/null) -Wl,-Bdynamic
GEN_SRCS := $(wildcard gen/*.c)
GEN := $(O)/host/gen

KCONFIG_ENV := KCONFIG_CONFIG=$(O)/.config
CONFIG := $(O)/.config
CONFIG_H := $(O)/include/rominit-config.h

# Values from the board's configuration (empty until it exists).
cfg = $(patsubst "%",%,$(shell sed -n 's/^CONFIG_$(1)=//p' $(CONFIG) 2>/dev/null))
COMPRESSION = $(or $(call cfg,COMPRESSION),none)
EXT_none :=
EXT_gzip := .gz
EXT_xz := .xz
EXT_zstd := .zst
EXT_lz4 := .lz4
EXT_lzma := .lzma
CPIO = $(O)/initramfs.cpio$(EXT_$(COMPRESSION))

.PHONY: all initramfs init ctl gen defconfig olddefconfig menuconfig savedefconfig \
	kernel flash run test test-system test-all torture unit bench clean distclean help \
	install install-images
.DELETE_ON_ERROR:

all: initramfs

help:
	@echo "make [BOARD=$(BOARD)] [O=dir] [V=1] [CROSS_COMPILE=prefix] target"
	@echo "  boards: $(sort $(notdir $(patsubst %/defconfig,%,$(wildcard board/*/defconfig))))$(if $(REMEMBERED_BOARD), (remembered: $(REMEMBERED_BOARD)))"
	@echo "  initramfs      /init, gen and the initramfs (cpio, list, uInitrd) in $(O)"
	@echo "  <board>_defconfig, defconfig  start $(O)/.config from board/<board>/defconfig"
	@echo "  menuconfig, olddefconfig, savedefconfig"
	@echo "  run            boot the virtual board in QEMU (interactive; APPEND=\"...\" adds kernel arguments)"
	@echo "  test           every test on this board: unit, gen, lint, fuzz and QEMU system tests"
	@echo "  test-system    this board's QEMU system tests only"
	@echo "  test-all       test on the default board, then test-system on every other board"
	@echo "  torture        CYCLES=N power cuts on the board's NOR flash (pflash boards)"
	@echo "  bench          boot, size, first-boot, RAM and generator numbers beside baselines"
	@echo "  check-kernel KCONFIG=.config  the kernel options this board needs and lacks"
	@echo "  lint           cppcheck and clang-tidy (also part of test)"
	@echo "  install        rominit-ctl and /rom, /overlay into DESTDIR (the real root; PREFIX, SBINDIR)"
	@echo "  install-images the initramfs archive (and uInitrd) into DESTDIR/IMAGEDIR"
	@echo "  CC=, CFLAGS=, LDFLAGS=  a packager's compiler and flags for /init; WERROR= (off outside a git checkout)"
	@echo "  clean, distclean"

# ---- configuration --------------------------------------------------------

# .config follows the board's defconfig (scripts/config-update): made from
# it, remade when it changes and .config has no changes of its own, else a
# stop naming both; kconfig-conf drops what it does not know without a word,
# so check-defconfig names every defconfig line that did not make it.
$(CONFIG): Kconfig $(BOARD_DIR)/defconfig scripts/config-update
	$(Q)scripts/config-update $(BOARD_DIR)/defconfig $@ Kconfig
	$(Q)touch $@

defconfig:
	$(Q)scripts/config-update --force $(BOARD_DIR)/defconfig $(CONFIG) Kconfig

# Also remembers the board for later makes without BOARD=.
%_defconfig:
	$(Q)$(MAKE) --no-print-directory BOARD=$* defconfig
ifeq ($(O_GIVEN),)
	$(Q)mkdir -p $(dir $(BOARD_MEMORY)) && echo $* > $(BOARD_MEMORY).tmp && mv $(BOARD_MEMORY).tmp $(BOARD_MEMORY)
	@echo "board $*: remembered in out/.board for makes without BOARD="
endif

olddefconfig: $(CONFIG)
	$(Q)$(KCONFIG_ENV) kconfig-conf -s --olddefconfig Kconfig

menuconfig: $(CONFIG)
	$(Q)$(KCONFIG_ENV) kconfig-mconf Kconfig

savedefconfig: $(CONFIG)
	$(Q)$(KCONFIG_ENV) kconfig-conf --savedefconfig=$(O)/defconfig Kconfig
	@echo "wrote $(O)/defconfig; copy it to board/$(BOARD)/defconfig to keep it"

$(CONFIG_H): $(CONFIG) scripts/config-header
	$(Q)mkdir -p $(dir $@)
	$(Q)scripts/config-header $< > $@.tmp && mv $@.tmp $@

# ---- /init -----------------------------------------------------------------

init: $(O)/init
# Without musl, /init links glibc statically: about 700 KiB instead of 40.
# Loud, since it still works.
NO_MUSL_WARNING = $(if $(TARGET_MUSL),,@echo "  WARNING /init links $(TARGET_CC)'s libc, not musl: about 700 KiB instead of 40 (install Debian's $(if $(CROSS_COMPILE),musl-dev:<arch>,musl-tools); scripts/install-deps)" >&2)
$(O)/init: $(INIT_SRCS) $(wildcard lib/*.h) $(CONFIG_H) $(INIT_DEPS)
	$(NO_MUSL_WARNING)
	@echo "  CC      $@ ($(TARGET_CC))"
	$(Q)$(TARGET_CC) $(INIT_CFLAGS) $(INIT_LDFLAGS) -o $@.tmp $(INIT_SRCS) && mv $@.tmp $@

# rominit-ctl: for the real root (boards install it there), static like /init.
ctl: $(O)/rominit-ctl
$(O)/rominit-ctl: rominit-ctl.c lib/fsstate.c lib/fsutil.c lib/fmt.c lib/status.c lib/mark.c lib/mtdio.c lib/rootdisk.c \
		$(wildcard lib/*.h) $(INIT_DEPS)
	@echo "  CC      $@ ($(TARGET_CC))"
	$(Q)$(TARGET_CC) $(INIT_CFLAGS) $(INIT_LDFLAGS) -o $@.tmp $(filter %.c,$^) && mv $@.tmp $@

# ---- gen (host) ------------------------------------------------------------

gen: $(GEN)
$(GEN): $(GEN_SRCS) $(wildcard gen/*.h)
	$(Q)scripts/need $(firstword $(HOSTCC)) $(firstword $(PKG_CONFIG)) --pkg $(GEN_LIBS) libzstd
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(GEN_CFLAGS) -o $@.tmp $(GEN_SRCS) $(GEN_STATIC_LDLIBS) && mv $@.tmp $@

# ---- the initramfs ---------------------------------------------------------

# Relative to the board directory, or absolute; ignored when absent.
board_path = $(if $(1),$(wildcard $(if $(filter /%,$(1)),$(1),$(BOARD_DIR)/$(1))))
BOARD_ROOTFS = $(call board_path,$(call cfg,BOARD_ROOTFS_DIR))
BOARD_LIST = $(call board_path,$(call cfg,BOARD_LIST))
BOARD_INPUTS = $(if $(BOARD_ROOTFS),-d $(BOARD_ROOTFS)) $(BOARD_LIST)
UIMAGE_ARGS = $(if $(call cfg,UIMAGE),-u $(O)/uInitrd -a $(call cfg,UIMAGE_ARCH) -n "rominit $(BOARD)")

# What the configuration puts in every image: /init, busybox, stock hooks.
$(O)/base.list: $(CONFIG) scripts/base-list $(wildcard hooks/*)
	$(Q)scripts/base-list $(O) $(CONFIG) > $@.tmp && mv $@.tmp $@

initramfs: $(O)/init $(O)/rominit-ctl $(GEN) $(O)/base.list
	@echo "  GEN     $(CPIO) ($(COMPRESSION))"
	$(Q)$(GEN) -c $(COMPRESSION) -o $(CPIO) -l $(O)/initramfs.list $(UIMAGE_ARGS) \
		$(O)/base.list $(BOARD_INPUTS)

# ---- install: what a build system (Buildroot, Yocto, a distribution) takes --
# install: into the real root at DESTDIR, rominit-ctl (SBINDIR) and the
# mount points /init moves into it (/rom, /overlay). install-images: the
# initramfs outputs into DESTDIR/IMAGEDIR, for the kernel's
# CONFIG_INITRAMFS_SOURCE or the bootloader (docs/outputs.md).
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
IMAGEDIR ?= $(PREFIX)/share/rominit/$(BOARD)
INSTALL ?= install

install: $(O)/rominit-ctl
	$(Q)$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)/rom $(DESTDIR)/overlay
	$(Q)$(INSTALL) -m 0755 $(O)/rominit-ctl $(DESTDIR)$(SBINDIR)/rominit-ctl
	@echo "  INSTALL $(DESTDIR)$(SBINDIR)/rominit-ctl, $(DESTDIR)/rom, $(DESTDIR)/overlay"

install-images: initramfs
	$(Q)$(INSTALL) -d $(DESTDIR)$(IMAGEDIR)
	$(Q)$(INSTALL) -m 0644 $(CPIO) $(if $(call cfg,UIMAGE),$(O)/uInitrd) $(DESTDIR)$(IMAGEDIR)/
	@echo "  INSTALL $(notdir $(CPIO))$(if $(call cfg,UIMAGE), uInitrd) in $(DESTDIR)$(IMAGEDIR)"

# ---- the virtual board: kernel, flash, QEMU --------------------------------

# The targets that boot the board's virtual hardware stop first, with what
# to do instead, on a board that has none (board.conf names no QEMU: a real
# board, docs/porting.md).
.PHONY: virtual-board
virtual-board:
	$(if $(call board_fact,QEMU),,@echo "make $(or $(MAKECMDGOALS),all): board $(BOARD) has no virtual hardware (its board.conf names no QEMU): build it with 'make BOARD=$(BOARD) initramfs', check a kernel with 'make BOARD=$(BOARD) check-kernel KCONFIG=path/.config', test rominit itself with 'make BOARD=qemu-x86_64 test' (docs/porting.md)" >&2; exit 1)

kernel: | virtual-board
	$(Q)scripts/build-kernel $(BOARD)

TEST_DIR := $(O)/test
$(TEST_DIR)/rootfs.squashfs: scripts/mkrootfs scripts/target-file tests/rootfs/init \
		tests/rootfs/bench-init $(O)/rominit-ctl
	$(Q)BUSYBOX="$${BUSYBOX:-$$(scripts/target-file $(BOARD) busybox)}" && export BUSYBOX && \
		scripts/mkrootfs $(if $(filter 1,$(call board_fact,TEST_ROOT_TOOLS)),--tools) \
		$@ $(O)/rominit-ctl

# A flash board's flash image, or a disk board's disk (FLASH_TYPE=disk).
MKFLASH := scripts/$(if $(filter disk,$(call board_fact,FLASH_TYPE)),mkdisk,mkflash)
flash: virtual-board $(TEST_DIR)/rootfs.squashfs
	$(Q)$(MKFLASH) $(BOARD) $(TEST_DIR)/rootfs.squashfs $(O)/flash.img

# The flash image persists between runs (like a device); `make flash` resets it.
run: virtual-board initramfs $(TEST_DIR)/rootfs.squashfs
	$(Q)[ -f $(O)/flash.img ] || $(MKFLASH) $(BOARD) $(TEST_DIR)/rootfs.squashfs $(O)/flash.img
	$(Q)scripts/qemu-run --board $(BOARD) --kernel "$$(scripts/build-kernel $(BOARD))" \
		--initrd $(CPIO) --flash $(O)/flash.img $(if $(APPEND),--append "$(APPEND)") --interactive

# ---- tests -----------------------------------------------------------------

SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
UNIT_TESTS := $(patsubst tests/unit/%.c,$(O)/host/unit/%,$(wildcard tests/unit/test_*.c))
LIB_SRCS := $(filter-out init.c,$(INIT_SRCS))
$(O)/host/unit/test_lib_%: tests/unit/test_lib_%.c tests/unit/tap.h $(LIB_SRCS) $(wildcard lib/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -g -O1 -std=gnu11 $(WARN) $(SAN) -I. -o $@ $< $(LIB_SRCS)
$(O)/host/unit/test_gen_%: tests/unit/test_gen_%.c tests/unit/tap.h $(GEN_SRCS) $(wildcard gen/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -g -O1 -std=gnu11 $(WARN) $(SAN) $(GEN_CFLAGS) -I. -o $@ $< \
		$(filter-out gen/gen.c,$(GEN_SRCS)) $(GEN_LDLIBS)

unit: $(UNIT_TESTS)

$(O)/host/gen-asan: $(GEN_SRCS) $(wildcard gen/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(GEN_CFLAGS) $(SAN) -o $@ $(GEN_SRCS) $(GEN_LDLIBS)

test: virtual-board initramfs unit $(O)/host/gen-asan $(TEST_DIR)/rootfs.squashfs
	$(Q)scripts/build-kernel $(BOARD) >/dev/null
	$(Q)BOARD=$(BOARD) O=$(O) GEN=$(O)/host/gen-asan tests/run

# Only the board's QEMU system tests (board.conf SYSTEM_TESTS).
test-system: virtual-board initramfs $(TEST_DIR)/rootfs.squashfs
	$(Q)scripts/build-kernel $(BOARD) >/dev/null
	$(Q)BOARD=$(BOARD) O=$(O) tests/run system

# The whole suite: every test on the default board, then each other
# board's system tests; one tally at the end (scripts/test-all).
test-all:
	$(Q)scripts/test-all

# Power cuts on the board's NOR flash, CYCLES of them (default 200).
CYCLES ?= 200
torture: virtual-board initramfs $(TEST_DIR)/rootfs.squashfs
	$(Q)scripts/build-kernel $(BOARD) >/dev/null
	$(Q)BOARD=$(BOARD) O=$(O) POWER_CUT_CYCLES=$(CYCLES) sh tests/system/t-power-cut-nor.sh

# ---- benchmarks: numbers beside real baselines, not pass/fail (docs/bench.md)

$(O)/host/runstat: scripts/runstat.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -O2 -std=gnu11 $(WARN) -o $@ $<

bench: virtual-board initramfs $(O)/host/runstat
	$(Q)scripts/build-kernel $(BOARD) >/dev/null
	$(Q)scripts/bench $(BOARD) $(O)

clean:
	rm -rf $(O)
distclean:
	rm -rf out

# Further targets, one concern a file (check-kernel, fuzz, lint).
include $(sort $(wildcard mk/*.mk))
