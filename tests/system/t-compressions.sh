# SPDX-License-Identifier: MIT
# Every compression gen writes is unpacked by the real kernel: the board's
# initramfs in each form boots to the real init.
. "$(dirname "$0")/../lib.sh"

fresh_flash flash
for c in none gzip xz zstd lz4 lzma; do
	"$GEN" -c $c -o "$scratch/initramfs.$c" "$O/base.list"
	boot "$c" flash "" "$scratch/initramfs.$c"; status=$?
	expect_real_init "$c" $status "$c: the kernel unpacks it and the real init runs"
	check "$c: no unpack error" sh -c "! grep -qi 'initramfs unpacking failed' '$scratch/$c.log'"
done
done_testing
