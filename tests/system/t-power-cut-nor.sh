# SPDX-License-Identifier: MIT
# Power cuts on real NOR semantics (the CFI flash of qemu-arm64: program and
# erase land in the backing file at once, as on a chip, so a killed QEMU
# keeps exactly what the flash had). POWER_CUT_CYCLES cuts (default 20; `make
# torture CYCLES=N` runs more), half during the first-boot erase of an
# OpenWrt-padded image (rootfs_data: the deadc0de marker, then ~62 MiB of
# old data), half during fsync'ed writes into the overlay. After
# every cut the next boot must reach the real init on the jffs2 overlay, the
# status must say what happened, and every file whose fsync returned before
# the cut must come back with its checksum. Ends with a table of the numbers.
. "$(dirname "$0")/../lib.sh"

cycles=${POWER_CUT_CYCLES:-20}
erase_cycles=$((cycles / 2))
write_cycles=$((cycles - erase_cycles))
mid_erase=0 after_erase=0 wiped=0

# A reference first boot, not cut: how long formatting 60 MiB takes here
# sets the range of the cut delays, so the cuts land throughout the erase
# (and a quarter beyond it: the regex is polled every 100 ms).
# The flash is written as an OpenWrt NOR image is: rootfs ends at the
# erase block after the squashfs, padded with 0xdeadc0de markers up to 256
# KiB, so rootfs_data starts with the marker, and the old firmware's bytes
# (random here) fill the rest until the first boot erases them.
fresh_flash ref --openwrt-pad --data random
boot ref ref; status=$?
expect_real_init ref $status "first boot on an OpenWrt-padded NOR image formats rootfs_data and reaches the real init"
expect_log ref "rootfs_data starts with the deadc0de marker at the 256 KiB boundary" \
	"overlay: $DATA_MTD \"$DATA_PART\" starts with: deadc0de\$"
expect_log ref "the board's flash quirk: rootfs_data unlocked through the CFI driver (MEMUNLOCK)" \
	"flash: $DATA_MTD unlocked\$"
expect_log ref "mtdparts names rootfs up to that boundary" \
	"Kernel command line: .*,$(( ($(stat -c %s "$O/test/rootfs.squashfs") + 262143) / 262144 * 256 ))k\\($ROOT_PART\\),-\\($DATA_PART\\)"
format_ms=$(sed -n "s/.*overlay: $DATA_MTD formatted in \([0-9]*\) ms.*/\1/p" "$scratch/ref.log")
check "the reference boot says how long the format took ($format_ms ms)" test -n "$format_ms"
format_ms=${format_ms:-3000}

i=1
while [ $i -le $erase_cycles ]; do
	name=erase$i
	fresh_flash $name --openwrt-pad --data random
	check "erase cycle $i: power cut during the first-boot erase" \
		power_cut $name-cut $name "" "overlay: formatting $DATA_MTD" $((format_ms * 5 / 4))
	boot $name-next $name
	next_boot_on $name-next "erase cycle $i (cut $(cat "$scratch/$name-cut.delay") ms in)" \
		jffs2 mtd:$DATA_PART
	# The status names what the next boot found and did. Cut during the
	# format: the marker is still there (block 0 is erased last), so it
	# formats again. Cut after it: the flash mounts; if the new
	# overlay was still pending (its first boot interrupted), it is wiped.
	found=$(status_of $name-next data_found) action=$(status_of $name-next overlay_action)
	if log_has $name-cut "overlay: $DATA_MTD formatted in"; then
		after_erase=$((after_erase + 1))
		expected='erased/mounted erased/wiped jffs2/mounted jffs2/wiped'
	else
		mid_erase=$((mid_erase + 1))
		# Cut between block 0's erase and its cleanmarker: erased, and no
		# live jffs2 node anywhere, so formatted (the retire finished);
		# after the cleanmarker, before the log line: jffs2, mounted.
		expected='deadc0de/formatted erased/formatted jffs2/mounted erased/mounted'
	fi
	case " $expected " in
	*" $found/$action "*) ok "erase cycle $i: status says data_found=$found, overlay_action=$action" ;;
	*) fail "erase cycle $i: status data_found=$found overlay_action=$action, want one of: $expected" ;;
	esac
	[ "$action" != wiped ] || wiped=$((wiped + 1))
	i=$((i + 1))
done

fresh_flash write
write_cuts write $write_cycles jffs2 mtd:$DATA_PART

check "at least one of the $erase_cycles erase cuts landed mid-erase ($mid_erase did)" test $mid_erase -gt 0
echo "# power cuts on CFI NOR ($BOARD): $cycles cycles ($erase_cycles during the first-boot erase:"
echo "#   $mid_erase cut mid-erase, $after_erase after it ($wiped of those wiped as an interrupted"
echo "#   first boot); $write_cycles during fsync'ed writes)"
echo "#   boots after a cut reaching the real init on jffs2: $reached of $cycles"
echo "#   fsync'ed files verified by checksum: $verified, lost: $lost"
echo "#   reference first-boot format of rootfs_data: $format_ms ms"
done_testing
