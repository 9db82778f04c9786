# SPDX-License-Identifier: MIT
# rootfs_data that cannot be used: the device still reaches the real init,
# on a tmpfs overlay, and says why, on the console and in the status file.
# Nothing it cannot identify is ever formatted.
. "$(dirname "$0")/../lib.sh"

. "$top/scripts/board-env"
board_load "$top/board/$BOARD"

# fallback NAME DESCRIPTION REASON-REGEX mkflash-options...
fallback() {
	name=$1 fb_desc=$2 reason=$3; shift 3
	fresh_flash "$name" "$@"
	before=$(data_sum "$name")
	boot "$name" "$name"; status=$?
	expect_real_init "$name" $status "$fb_desc: reaches the real init"
	expect_status "$name" overlay tmpfs
	expect_status "$name" overlay_action fallback
	expect_log "$name" "$fb_desc: the reason is in the status file" "^ROMINIT-TEST: status overlay_reason=$reason"
	expect_log "$name" "$fb_desc: the reason is logged as an error" "rominit: .* overlay: $reason"
	expect_log "$name" "$fb_desc: the tmpfs overlay is on /" '^ROMINIT-TEST: mount /overlay tmpfs tmpfs$'
	expect_log "$name" "$fb_desc: loud warning that changes are lost" 'changes will NOT survive a reboot$'
	check "$fb_desc: the partition is byte for byte as it was" [ "$(data_sum "$name")" = "$before" ]
}

fallback garbage "garbage in rootfs_data" \
	"$DATA_MTD \"$DATA_PART\" holds no filesystem rominit knows: left untouched" --data random
check "garbage: the partition was not formatted" \
	sh -c "! grep -q 'formatting' '$scratch/garbage.log'"
fallback badjffs2 "jffs2 magic on garbage (mount fails)" \
	"mount mtd:$DATA_PART as jffs2: I/O error" --data jffs2-garbage
check "jffs2 that does not mount: not formatted" sh -c "! grep -q 'formatting' '$scratch/badjffs2.log'"
# Every filesystem /init identifies but does not mount (a real empty one of
# each, made by its own mkfs): tmpfs, with the kind named.
for kind in ext4 ubifs squashfs f2fs; do
	fallback "$kind" "$kind in rootfs_data" \
		"$DATA_MTD \"$DATA_PART\" holds $kind, not jffs2: left untouched" --data "$kind"
	rm -f "$scratch/$kind.img"
done
fallback missing "no rootfs_data partition" "no MTD partition named \"$DATA_PART\"" --no-data
fallback readonly "read-only rootfs_data MTD" "flash not writable: $DATA_MTD \"$DATA_PART\" is a read-only MTD\$" --data-ro
tmpfs_size=$(sed -n 's/^CONFIG_TMPFS_OVERLAY_SIZE="\(.*\)"$/\1/p' "$O/.config")
check "tmpfs overlay has a size limit" sh -c "grep -E '^ROMINIT-TEST: mount /overlay tmpfs' '$scratch/garbage.log' >/dev/null && grep -qF 'overlay: using a tmpfs overlay (size $tmpfs_size)' '$scratch/garbage.log'"
# The limit as the kernel applied it: size= in the options of the tmpfs on
# /overlay as the real root's /proc/mounts has them, against
# CONFIG_TMPFS_OVERLAY_SIZE worked out as tmpfs does: a percentage of the
# guest's RAM (MemTotal) or a size, rounded up to whole 4 KiB pages. tmpfs
# shows size= only when it is not its default, half the RAM.
mem_kb=$(sed -n 's/^ROMINIT-TEST: memtotal-kb \([0-9]*\)$/\1/p' "$scratch/garbage.log")
tmpfs_opts=$(sed -n 's|^ROMINIT-TEST: mount-options /overlay ||p' "$scratch/garbage.log")
got_kb=$(echo ",$tmpfs_opts," | sed -n 's/.*,size=\([0-9]*\)k,.*/\1/p')
case $tmpfs_size in
*%) want_kb=$(( (${mem_kb:-0} / 4 * ${tmpfs_size%\%} + 99) / 100 * 4 )) ;;
*[kK]) want_kb=$(( (${tmpfs_size%?} + 3) / 4 * 4 )) ;;
*[mM]) want_kb=$(( ${tmpfs_size%?} * 1024 )) ;;
*[gG]) want_kb=$(( ${tmpfs_size%?} * 1024 * 1024 )) ;;
*) want_kb=$(( (${tmpfs_size:-0} + 4095) / 4096 * 4 )) ;;
esac
[ "$want_kb" -ne $(( ${mem_kb:-0} / 8 * 4 )) ] || want_kb= # the default: no size=
size_opt() { if [ -n "$1" ]; then echo "size=${1}k"; else echo "no size= (the default)"; fi; }
if [ -n "$mem_kb" ] && [ "${got_kb:-default}" = "${want_kb:-default}" ]; then
	ok "tmpfs overlay: the kernel applied size=$tmpfs_size: $(size_opt "$got_kb") in its mount options (MemTotal $mem_kb kB)"
else
	fail "tmpfs overlay: mount options '$tmpfs_opts', want $(size_opt "$want_kb") for size=$tmpfs_size of MemTotal ${mem_kb:-unknown} kB"
fi

# CONFIG_OVERLAY_FALLBACK_READONLY: the root as it is in flash, read-only.
build_variant rofall CONFIG_OVERLAY_FALLBACK_READONLY=y
fresh_flash rofall --data random
boot rofall rofall "" "$scratch/rofall/initramfs.cpio.gz"; status=$?
expect_log rofall "read-only fallback: the real init runs" '^ROMINIT-TEST: real-init pid=1$'
expect_status rofall overlay none
expect_log rofall "read-only fallback: / is the squashfs, read-only" '^ROMINIT-TEST: mount-options / ro,'
expect_log rofall "read-only fallback: said loudly" 'overlay: the root is read-only: nothing can be saved on this boot$'

# A kernel without jffs2 and overlayfs: jffs2 fails, tmpfs cannot be joined
# without overlayfs either, and the device still reaches the real init on a
# read-only root, saying why. Without jffs2 nothing selects FS_POSIX_ACL,
# which <linux/fs.h> tests: nearly the whole kernel would be rebuilt (12
# minutes here). tmpfs ACLs select it too and touch only mm/shmem.c.
kernel=$("$top/scripts/kernel-variant" "$BOARD" nofs \
	CONFIG_JFFS2_FS=n CONFIG_OVERLAY_FS=n CONFIG_TMPFS_POSIX_ACL=y)
check "a kernel without jffs2 and overlayfs builds" test -f "$kernel"
fresh_flash nofs
boot nofs nofs "" "$O/initramfs.cpio.gz" "$kernel"; status=$?
expect_log nofs "no jffs2/overlayfs: the real init runs" '^ROMINIT-TEST: real-init pid=1$'
expect_status nofs overlay none
expect_log nofs "no jffs2: the reason says so" \
	"^ROMINIT-TEST: status overlay_reason=the kernel has no jffs2 support: mount mtd:$DATA_PART as jffs2: No such device\$"
expect_log nofs "no overlayfs: said too" 'the kernel has no overlayfs support'
done_testing
