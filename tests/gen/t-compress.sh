# SPDX-License-Identifier: MIT
# Each compression is in the form the kernel's decompressors take: xz with a
# CRC32 check, lz4 legacy frame; every one unpacks back to the same archive.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$scratch/d"
head -c 300000 /dev/urandom > "$scratch/d/random"
"$GEN" -o "$scratch/plain" -d "$scratch/d"
decompress() { # compression file
	case $1 in
	gzip) gzip -dc "$2" ;;
	xz) xz -dc "$2" ;;
	zstd) zstd -qdc "$2" ;;
	lz4) lz4 -qdc "$2" ;;
	lzma) xz --format=lzma -dc "$2" ;;
	esac
}
for c in gzip xz zstd lz4 lzma; do
	"$GEN" -c $c -o "$scratch/a.$c" -d "$scratch/d"
	decompress $c "$scratch/a.$c" > "$scratch/back.$c" 2>"$scratch/err.$c"
	check "$c: round trip equal" cmp -s "$scratch/back.$c" "$scratch/plain"
done
check "xz: integrity check is CRC32" sh -c "xz --robot -lv '$scratch/a.xz' | grep -q CRC32"
check "lz4: legacy frame magic 02 21 4c 18" \
	sh -c "od -An -tx1 -N4 '$scratch/a.lz4' | grep -q '02 21 4c 18'"
check "gzip: no timestamp in the header" \
	sh -c "od -An -tx1 -j4 -N4 '$scratch/a.gzip' | grep -q '00 00 00 00'"
done_testing
