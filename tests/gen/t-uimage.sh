# SPDX-License-Identifier: MIT
# uInitrd: a U-Boot legacy ramdisk image that U-Boot's own tools accept, whose
# payload is the archive and whose two CRC32s are right.
. "$(dirname "$0")/../lib.sh"

cd "$scratch" || exit 1
mkdir d && echo x > d/x
"$GEN" -c gzip -o a.cpio.gz -u uInitrd -a arm64 -n "rominit test" -t 1700000000 -d d
dumpimage -l uInitrd > info 2>&1
check "dumpimage reads the header" grep -q 'Image Name:   rominit test' info
check "type: arm64 Linux ramdisk, uncompressed wrapper" \
	grep -q 'Image Type:   AArch64 Linux RAMDisk Image (uncompressed)' info
check "data size is the archive's" grep -q "Data Size:    $(stat -c %s a.cpio.gz) Bytes" info
check "created time is the epoch" grep -q 'Created:      Tue Nov 14 22:13:20 2023' info
tail -c +65 uInitrd > payload
check "payload is the compressed archive" cmp -s payload a.cpio.gz

# CRC32 via gzip's trailer (little-endian CRC32 of its input).
crc_of() { gzip -c | tail -c 8 | head -c 4 | od -An -tx1 | awk '{print $4 $3 $2 $1}'; }
be32_at() { od -An -tx1 -j "$1" -N4 uInitrd | tr -d ' \n'; }
check "data CRC32 matches" test "$(crc_of < payload)" = "$(be32_at 24)"
hdr=$( { head -c 4 uInitrd; printf '\000\000\000\000'; tail -c +9 uInitrd | head -c 56; } | crc_of)
check "header CRC32 matches" test "$hdr" = "$(be32_at 4)"

check "--uimage without --uimage-arch is refused" \
	sh -c "! '$GEN' -o b.cpio -u b.u -d d 2>/dev/null && ! test -e b.cpio"
done_testing
