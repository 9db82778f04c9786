# SPDX-License-Identifier: MIT
# Power cuts on ubifs over UBI on real NOR semantics (qemu-arm64's CFI
# flash: program and erase land in the backing file at once, so a killed
# QEMU keeps exactly what the chip had). UBI_POWER_CUT_CYCLES cuts during
# fsync'ed writes into the ubifs overlay (default 20), and 4 during the first
# boot on a freshly flashed UBI image (UBI's first attach, the autoresize of
# rootfs_data, ubifs creating itself at its first mount). After every cut the
# next boot must reach the real init on ubifs, and every file whose fsync
# returned before the cut must come back with its checksum.
. "$(dirname "$0")/../lib.sh"

cycles=${UBI_POWER_CUT_CYCLES:-20}
first_cycles=4
unfinished=0

build_variant ubi CONFIG_UBI=y 'CONFIG_DEFAULT_ROOT="ubi:rootfs"' \
	'CONFIG_DATA_VOLUME="ubi:rootfs_data"' || { fail "UBI variant builds"; done_testing; }
UBI=$scratch/ubi/initramfs.cpio.gz

ubi_cut() { CUT_INITRD=$UBI power_cut "$@"; }

# A reference first boot: how long from UBI's attach to the real init.
fresh_flash ref --ubi
boot ref ref "" "$UBI"; status=$?
expect_real_init ref $status "first boot on a fresh UBI image reaches the real init"
first_ms=$(status_of ref time_total_ms)
first_ms=${first_ms:-2000}
i=1
while [ $i -le $first_cycles ]; do
	fresh_flash first$i --ubi
	check "first-boot cycle $i: power cut from UBI's attach on" \
		ubi_cut first$i-cut first$i "" 'ubi: attached mtd' "$first_ms"
	boot first$i-next first$i "" "$UBI"
	next_boot_on first$i-next "first-boot cycle $i (cut $(cat "$scratch/first$i-cut.delay") ms in)" \
		ubifs ubi0:rootfs_data
	# A cut inside ubifs's creation of itself leaves a volume that never
	# mounts: the next boot empties it ("never finished", formatted).
	[ "$(status_of first$i-next overlay_action)" != formatted ] || unfinished=$((unfinished + 1))
	i=$((i + 1))
done

fresh_flash write --ubi
CUT_INITRD=$UBI write_cuts write "$cycles" ubifs ubi0:rootfs_data

echo "# power cuts on ubifs/UBI over CFI NOR ($BOARD): $first_cycles during the first boot,"
echo "#   ($unfinished of those cut ubifs's creation of itself: emptied and made again), $cycles during"
echo "#   fsync'ed writes"
echo "#   boots after a cut reaching the real init on ubifs: $reached of $((first_cycles + cycles))"
echo "#   fsync'ed files verified by checksum: $verified, lost: $lost"
echo "#   reference first boot on a fresh UBI image: $first_ms ms to the exec of the real init"
done_testing
