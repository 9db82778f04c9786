# SPDX-License-Identifier: MIT
# Power cuts on the disk board (QEMU killed: nothing flushed, nothing
# unmounted): during the first boot's mkfs, on both layouts and both
# filesystems, and during fsync'ed writes into an ext4 and an f2fs overlay.
# Every next boot reaches the real init with a persistent overlay (the
# format done again, or what was made mounted), never a tmpfs; no fsync'ed
# file is lost. DISK_CUT_CYCLES (default 2) cuts per filesystem and layout
# in mkfs, DISK_WRITE_CYCLES (default 6) per filesystem in writes: 20 in all.
. "$(dirname "$0")/../lib.sh"

mkfs_cycles=${DISK_CUT_CYCLES:-2}
formats=0
# mkfs_cuts TAG FS [mkdisk options]: cut a first boot inside its mkfs.
mkfs_cuts() {
	local t=$1 fs=$2 i=1 got count
	shift 2
	while [ $i -le "$mkfs_cycles" ]; do
		fresh_disk "$t$i" "$@" || return
		# mkfs.f2fs takes about 3.5 s here, mkfs.ext4 about 4.5 s.
		if power_cut "$t$i-cut" "$t$i" "fstools_overlay_fstype=$fs" 'overlay: formatting ' 100-4500; then
			ok "$t cut $i: power cut $(cat "$scratch/$t$i-cut.delay") ms into mkfs.$fs"
		else
			fail "$t cut $i: no mkfs within 60 s of the boot"
			show_log "$t$i-cut"
		fi
		boot "$t$i-next" "$t$i" "fstools_overlay_fstype=$fs"
		next_boot_on "$t$i-next" "$t cut $i" "$fs" "$(cut_device "$t")"
		got=$(status_of "$t$i-next" overlay_action)
		case $got in
		formatted) formats=$((formats + 1)); ok "$t cut $i: ... the format done again" ;;
		mounted) ok "$t cut $i: ... mkfs had finished: mounted" ;;
		*) fail "$t cut $i: ... overlay_action '$got'" ;;
		esac
		# A cut late in the window can land after mkfs, even after the
		# real init counted its boot: the boot after the next one counts
		# one more than the next one did.
		count=$(sed -n 's/^ROMINIT-TEST: boot-count //p' "$scratch/$t$i-next.log" | head -n 1)
		boot "$t$i-after" "$t$i" "fstools_overlay_fstype=$fs"
		expect_log "$t$i-after" "$t cut $i: ... and it persists (boot $((${count:-0} + 1)))" \
			"^ROMINIT-TEST: boot-count $((${count:-0} + 1))\$"
		i=$((i + 1))
	done
}
cut_device() { case $1 in x86*) echo /dev/loop0 ;; *) echo /dev/vda3 ;; esac; }

mkfs_cuts x86-f2fs f2fs
mkfs_cuts emmc-ext4 ext4 --layout emmc-gpt
mkfs_cuts x86-ext4 ext4
mkfs_cuts emmc-f2fs f2fs --layout emmc-gpt
echo "# mkfs cuts: $((4 * mkfs_cycles)), $formats formats done again"

write_cycles=${DISK_WRITE_CYCLES:-6}
fresh_disk wf2fs && write_cuts wf2fs "$write_cycles" f2fs /dev/loop0
fresh_disk wext4 --layout emmc-gpt --data-mib 64 && write_cuts wext4 "$write_cycles" ext4 /dev/vda3
echo "# write cuts: $((2 * write_cycles)) next boots on the overlay: $reached of $((4 * mkfs_cycles + 2 * write_cycles)) in all; fsync'ed files verified $verified, lost $lost"
done_testing
