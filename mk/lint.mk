# SPDX-License-Identifier: MIT
# ---- make lint: static analysis of rominit's own C ---------------------------
# cppcheck and clang-tidy with the configuration checked in here and in
# .clang-tidy; every suppression says why (there, or inline beside the code).
# Any report fails the target. tests/lint runs it in `make test` (and so CI).

LINT_INIT_SRCS := init.c rominit-ctl.c $(sort $(wildcard lib/*.c))
LINT_HOST_SRCS := $(GEN_SRCS) scripts/runstat.c $(wildcard tests/system/tools/*.c)
# missingIncludeSystem: cppcheck reads our headers, not the C library's.
CPPCHECK_FLAGS := --enable=warning,style,performance,portability --std=c11 \
	--inline-suppr --error-exitcode=1 --quiet --suppress=missingIncludeSystem \
	-I lib -I $(O)/include
TIDY_INIT_FLAGS := -std=gnu11 -I. -I$(O)/include -include $(CONFIG_H) \
	-DROMINIT_VERSION='"lint"'
TIDY_HOST_FLAGS := -std=gnu11 -I. $(shell $(PKG_CONFIG) --cflags $(GEN_LIBS) 2>/dev/null)

lint-cppcheck: $(CONFIG_H)
	$(Q)scripts/need cppcheck
	@echo "  CPPCHECK $(words $(LINT_INIT_SRCS) $(LINT_HOST_SRCS)) files"
	$(Q)cppcheck $(CPPCHECK_FLAGS) $(LINT_INIT_SRCS) $(LINT_HOST_SRCS)

# clang-tidy's own "N warnings generated" counts headers it was told to skip:
# noise, filtered; its exit status (WarningsAsErrors) is kept.
tidy = out=$$(clang-tidy --quiet $(1) -- $(2) 2>&1); status=$$?; \
	printf '%s\n' "$$out" | grep -v -e ' generated\.$$' -e '^$$' || true; exit $$status

lint-clang-tidy: $(CONFIG_H)
	$(Q)scripts/need clang-tidy
	@echo "  TIDY    $(words $(LINT_INIT_SRCS) $(LINT_HOST_SRCS)) files"
	$(Q)$(call tidy,$(LINT_INIT_SRCS),$(TIDY_INIT_FLAGS))
	$(Q)$(call tidy,$(LINT_HOST_SRCS),$(TIDY_HOST_FLAGS))

lint: lint-cppcheck lint-clang-tidy

.PHONY: lint lint-cppcheck lint-clang-tidy
