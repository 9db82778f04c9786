# SPDX-License-Identifier: MIT
# ---- make fuzz: libFuzzer targets for every parser and probe -----------------
# One target a file, tests/fuzz/fuzz_<name>.c: /init's parsers (lib/) and gen's
# list input and cpio writer (gen/). See docs/fuzzing.md.
#
#   make fuzz-build   the targets, in $(O)/host/fuzz/
#   make fuzz         each for FUZZ_SECONDS (default 600) on a working copy of
#                     its seeds in $(O)/fuzz-corpus/<name>; a table at the end
#                     (make -j2 fuzz: two at a time)
#   make fuzz-smoke   a few seconds each plus every saved regression input:
#                     the `fuzz` suite of tests/run (tests/fuzz/t-fuzz.sh)
#
# clang (Debian's clang-14 with libclang-rt-14-dev) builds them: gcc has no
# libFuzzer. The code under test is compiled once into instrumented objects.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_DIR := $(O)/host/fuzz
FUZZ_OBJ := $(FUZZ_DIR)/obj
FUZZ_BINS := $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_TARGETS))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -g -O1 -std=gnu11 $(WARN) -I.
# The targets themselves: nftw (tests/fuzz/fuzz.h), memmem.
FUZZ_TARGET_CFLAGS := -D_GNU_SOURCE
FUZZ_GEN_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(GEN_LIBS) 2>/dev/null)

# /init's files with the board's configuration, as lint sees them; gen's
# without its main().
FUZZ_LIB_OBJS := $(patsubst lib/%.c,$(FUZZ_OBJ)/lib/%.o,$(LIB_SRCS))
FUZZ_GEN_OBJS := $(patsubst gen/%.c,$(FUZZ_OBJ)/gen/%.o,$(filter-out gen/gen.c,$(GEN_SRCS)))

# clang missing is named once, before any object (order-only: no rebuilds).
.PHONY: fuzz-need
fuzz-need:
	$(Q)scripts/need $(FUZZ_CC)

$(FUZZ_OBJ)/lib/%.o: lib/%.c $(wildcard lib/*.h) $(CONFIG_H) | fuzz-need
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -include $(CONFIG_H) \
		-c -o $@ $<
$(FUZZ_OBJ)/gen/%.o: gen/%.c $(wildcard gen/*.h) | fuzz-need
	$(Q)mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_GEN_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
		-c -o $@ $<

FUZZ_GEN_BINS := $(filter $(FUZZ_DIR)/fuzz_gen_%,$(FUZZ_BINS))
FUZZ_LIB_BINS := $(filter-out $(FUZZ_GEN_BINS),$(FUZZ_BINS))
$(FUZZ_GEN_BINS): $(FUZZ_DIR)/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_GEN_OBJS)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_TARGET_CFLAGS) $(FUZZ_GEN_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ \
		$< $(FUZZ_GEN_OBJS) $(GEN_LDLIBS)
$(FUZZ_LIB_BINS): $(FUZZ_DIR)/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_LIB_OBJS)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_TARGET_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -include $(CONFIG_H) -o $@ \
		$< $(FUZZ_LIB_OBJS)

fuzz-build: $(FUZZ_BINS)

# Each target on its own: `make -j2 fuzz` runs two at once, one worker each.
FUZZ_RUNS := $(addprefix fuzz-run-,$(FUZZ_TARGETS))
$(FUZZ_RUNS): fuzz-run-%: $(FUZZ_DIR)/fuzz_% | fuzz-logs-dir
	$(Q)sh tests/fuzz/run-target --seconds $(FUZZ_SECONDS) --corpus $(O)/fuzz-corpus/$* \
		--artifacts $(O)/fuzz-artifacts/$* --log $(O)/fuzz-logs/$*.log $< $* \
		> $(O)/fuzz-logs/$*.result.tmp || true
	$(Q)mv $(O)/fuzz-logs/$*.result.tmp $(O)/fuzz-logs/$*.result
	$(Q)cat $(O)/fuzz-logs/$*.result

fuzz-logs-dir:
	$(Q)mkdir -p $(O)/fuzz-logs

# The table of every target's result; fails when any target crashed.
fuzz: $(FUZZ_RUNS)
	$(Q)sh tests/fuzz/run-target --table $(addprefix $(O)/fuzz-logs/,$(addsuffix .result,$(FUZZ_TARGETS)))

fuzz-smoke:
	$(Q)BOARD=$(BOARD) O=$(O) sh tests/fuzz/t-fuzz.sh

.PHONY: fuzz fuzz-build fuzz-smoke fuzz-logs-dir $(FUZZ_RUNS)
