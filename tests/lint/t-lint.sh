# SPDX-License-Identifier: MIT
# Static analysis is part of the test suite: `make lint` (cppcheck and
# clang-tidy with the checked-in configuration) must report nothing.
. "$(dirname "$0")/../lib.sh"

lint() { # TARGET DESCRIPTION
	if make -C "$top" -s BOARD="$BOARD" O="$O" "$1" > "$scratch/$1.out" 2>&1; then
		ok "$2"
	else
		fail "$2"
		sed 's/^/# /' "$scratch/$1.out" | head -n 60
	fi
}

lint lint-cppcheck "cppcheck reports nothing on /init, rominit-ctl and gen"
lint lint-clang-tidy "clang-tidy reports nothing on /init, rominit-ctl and gen"
done_testing
