# SPDX-License-Identifier: MIT
# Same inputs and SOURCE_DATE_EPOCH give byte-identical outputs; the epoch
# is the mtime of every entry.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$scratch/d/a/b"
echo one > "$scratch/d/a/one"
echo two > "$scratch/d/a/b/two"
for c in none gzip xz zstd lz4 lzma; do
	SOURCE_DATE_EPOCH=1700000000 "$GEN" -c $c -o "$scratch/1.$c" -l "$scratch/1.$c.list" \
		-u "$scratch/1.$c.u" -a x86_64 -d "$scratch/d"
	touch "$scratch/d/a/one" # a newer host mtime must not matter
	sleep 1
	SOURCE_DATE_EPOCH=1700000000 "$GEN" -c $c -o "$scratch/2.$c" -l "$scratch/2.$c.list" \
		-u "$scratch/2.$c.u" -a x86_64 -d "$scratch/d"
	check "$c: two builds byte-identical (cpio, list, uInitrd)" \
		sh -c "cmp -s '$scratch/1.$c' '$scratch/2.$c' && cmp -s '$scratch/1.$c.list' '$scratch/2.$c.list' && cmp -s '$scratch/1.$c.u' '$scratch/2.$c.u'"
done
check "mtime is SOURCE_DATE_EPOCH" \
	sh -c "cpio -itv --numeric-uid-gid < '$scratch/1.none' 2>/dev/null | grep -q 'Nov 14  2023 a/one'"
check "uid/gid 0 for board files" \
	sh -c "! cpio -itv --numeric-uid-gid < '$scratch/1.none' 2>/dev/null | awk '{print \$3, \$4}' | grep -v '^0 0$'"
# A checkout's modes follow the umask of whoever cloned it; the image must not.
for m in 022 002 077; do
	rm -rf "$scratch/u$m" && (umask $m && mkdir -p "$scratch/u$m/etc" &&
		echo x > "$scratch/u$m/etc/f" && echo y > "$scratch/u$m/etc/run" &&
		chmod u+x "$scratch/u$m/etc/run")
	"$GEN" -o "$scratch/umask.$m" -d "$scratch/u$m"
done
check "board trees cloned under umask 022, 002 and 077 give the same archive" \
	sh -c "cmp -s '$scratch/umask.022' '$scratch/umask.002' && cmp -s '$scratch/umask.022' '$scratch/umask.077'"
check "canonical modes: dirs 0755, executables 0755, files 0644" \
	sh -c "cpio -itv < '$scratch/umask.077' 2>/dev/null | grep -q '^-rw-r--r-- .* etc/f$' && cpio -itv < '$scratch/umask.077' 2>/dev/null | grep -q '^-rwxr-xr-x .* etc/run$' && cpio -itv < '$scratch/umask.077' 2>/dev/null | grep -q '^drwxr-xr-x .* etc$'"

SOURCE_DATE_EPOCH=1 "$GEN" -o "$scratch/3" -d "$scratch/d"
check "a different epoch changes the archive" sh -c "! cmp -s '$scratch/1.none' '$scratch/3'"
done_testing
