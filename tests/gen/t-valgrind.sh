# SPDX-License-Identifier: MIT
# gen as built for use (-O2, no sanitizer) under valgrind's memcheck, once:
# the sanitizer builds see what the compiler instrumented, memcheck sees
# every read of uninitialised memory and every leak, libarchive's and the
# compressors' included. One run per input kind and per compressor: any
# report fails (--error-exitcode).
. "$(dirname "$0")/../lib.sh"

plain=$O/host/gen
if ! command -v valgrind > /dev/null; then
	fail "valgrind is installed (scripts/install-deps)"
	done_testing
fi
if [ ! -x "$plain" ]; then
	fail "$plain is built (make gen)"
	done_testing
fi

mkdir -p "$scratch/d/sub"
head -c 200000 /dev/urandom > "$scratch/d/random"
printf 'hello\n' > "$scratch/d/sub/text"
ln -s ../random "$scratch/d/sub/link"
ln "$scratch/d/sub/text" "$scratch/d/hardlink"
cat > "$scratch/in.list" <<LIST
dir /etc 0755 0 0
file /etc/text $scratch/d/sub/text 0644 0 0
slink /bin/sh /bin/busybox 0777 0 0
nod /dev/console 0600 0 0 c 5 1
pipe /run/fifo 0600 0 0
LIST

memcheck() { # description gen-arguments...
	desc=$1; shift
	if valgrind -q --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$plain" "$@" > "$scratch/vg.out" 2>&1; then
		ok "memcheck: $desc"
	else
		fail "memcheck: $desc"
		sed 's/^/# /' "$scratch/vg.out" | head -n 30
	fi
}

memcheck "list and directory, uncompressed, with -l and -u" -o "$scratch/a.cpio" \
	-l "$scratch/a.list" -u "$scratch/a.uimg" -a x86_64 -d "$scratch/d" "$scratch/in.list"
for c in gzip xz zstd lz4 lzma; do
	memcheck "$c" -c $c -o "$scratch/a.$c" -d "$scratch/d"
done
# A failing run: the report path and the temporary's removal.
printf 'file /x %s/missing 0644 0 0\n' "$scratch" > "$scratch/bad.list"
if valgrind -q --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--error-exitcode=99 "$plain" -o "$scratch/bad.cpio" "$scratch/bad.list" > "$scratch/vg.out" 2>&1; then
	status=0
else
	status=$?
fi
check "memcheck: a bad list exits 1 with no memcheck report (got $status)" [ "$status" = 1 ]
done_testing
