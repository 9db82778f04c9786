# SPDX-License-Identifier: MIT
# The fuzz targets in `make test`: each replays its saved regression inputs
# (tests/fuzz/regressions/<target>/: crashes found once, fixed since) and
# then fuzzes for a few seconds (FUZZ_SMOKE_SECONDS, default 4) from its
# seeds. Any crash, leak or sanitizer report fails; the reproducer is kept
# under $O/fuzz-smoke/ and named in the output. Long runs: `make fuzz`.
. "$(dirname "$0")/../lib.sh"

# libFuzzer's leak check is the point here: lib.sh turns it off for gen.
unset ASAN_OPTIONS
seconds=${FUZZ_SMOKE_SECONDS:-4}
bins=$O/host/fuzz
keep=$O/fuzz-smoke

if ! make -C "$top" -s BOARD="$BOARD" O="$O" fuzz-build > "$scratch/build.out" 2>&1; then
	fail "fuzz targets build (clang and libclang-rt-14-dev: scripts/install-deps)"
	sed 's/^/# /' "$scratch/build.out" | head -n 40
	done_testing
fi
rm -rf "$keep"

for src in "$top"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	bin=$bins/fuzz_$name

	# Every saved reproducer runs once; each must pass now.
	regressions=$top/tests/fuzz/regressions/$name
	set --
	if [ -d "$regressions" ]; then
		for f in "$regressions"/*; do
			[ -f "$f" ] && set -- "$@" "$f"
		done
	fi
	if [ $# -gt 0 ]; then
		if "$bin" "$@" > "$scratch/$name.replay" 2>&1; then
			ok "$name: $# regression input(s) pass"
		else
			fail "$name: a regression input fails again"
			grep -E 'Running:|ERROR|invariant|SUMMARY' "$scratch/$name.replay" | sed 's/^/# /' |
				head -n 20
		fi
	fi

	if result=$(sh "$top/tests/fuzz/run-target" --seconds "$seconds" \
		--corpus "$scratch/corpus/$name" --artifacts "$keep/$name" \
		--log "$keep/$name.log" "$bin" "$name"); then
		set -- $result
		ok "$name: ${2#runs=} runs in ${3#seconds=} s, no crash"
		rm -rf "$keep/$name" "$keep/$name.log"
	else
		set -- $result
		fail "$name: ${7#crash=} (log: $keep/$name.log)"
		grep -E 'ERROR|invariant|SUMMARY|^    #[0-9] ' "$keep/$name.log" | sed 's/^/# /' |
			head -n 25
	fi
done
rmdir "$keep" 2>/dev/null
done_testing
