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
SOURCE_DATE_EPOCH=1 "$GEN" -o "$scratch/3" -d "$scratch/d"
check "a different epoch changes the archive" sh -c "! cmp -s '$scratch/1.none' '$scratch/3'"
done_testing
