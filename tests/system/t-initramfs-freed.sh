# SPDX-License-Identifier: MIT
# switch_root deletes the initramfs's files: with a 16 MiB file in the image,
# the RAM held by ramfs/tmpfs in the real root stays far below 16 MiB.
. "$(dirname "$0")/../lib.sh"

head -c $((16 * 1024 * 1024)) /dev/urandom > "$scratch/canary"
echo "file /canary $scratch/canary 0644 0 0" > "$scratch/canary.list"
"$GEN" -o "$scratch/canary.cpio" "$O/base.list" "$scratch/canary.list"
fresh_flash flash
boot canary flash "" "$scratch/canary.cpio"; status=$?
expect_real_init canary $status "boot with a 16 MiB initramfs reaches the real init"
kb=$(sed -n 's/^ROMINIT-TEST: ramfs-tmpfs-kb \([0-9]*\).*/\1/p' "$scratch/canary.log")
echo "# ramfs+tmpfs in the real root: ${kb:-?} KiB"
check "initramfs RAM released (${kb:-?} KiB held, canary is 16384 KiB)" test "${kb:-99999}" -lt 4096
done_testing
