# SPDX-License-Identifier: MIT
# Shared helpers for the shell test suites (sourced). Writes TAP lines.
top=$(cd "$(dirname "$0")/../.." && pwd)
BOARD=${BOARD:-qemu-x86_64}
O=${O:-$top/out/$BOARD}
GEN=${GEN:-$O/host/gen-asan}
# ASan's leak checker needs ptrace-like access some sandboxes deny; leaks are
# checked in the unit runs, the generator runs check memory errors.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
failures=0

# board_fact KEY: a fact of the board (scripts/board-env).
board_fact() { "$top/scripts/board-fact" "$top/board/$BOARD" "$1"; }
# The MTD numbers the kernel gives the board's rootfs and rootfs_data
# (after its fixed partitions, and the whole chip where it is partitioned).
ROOTFS_MTD=$(board_fact ROOTFS_MTD)
DATA_MTD=$(board_fact DATA_MTD)
# The names the board's defconfig gives its root and overlay partitions.
ROOT_PART=$(board_fact ROOT_PART)
DATA_PART=$(board_fact DATA_PART)

ok() { echo "ok - $*"; }
fail() { echo "not ok - $*"; failures=$((failures + 1)); }

# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}

# Scratch directory removed at exit.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rominit-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

done_testing() { exit $((failures > 0)); }

# ---- system tests: QEMU boots of the virtual board --------------------------

# The board's cached test kernel (built on first use: a few minutes, once).
test_kernel() {
	[ -n "${KERNEL:-}" ] || KERNEL=$("$top/scripts/build-kernel" "$BOARD") || return 1
	echo "$KERNEL"
}

# fresh_flash NAME [mkflash options]: a new flash image (squashfs root,
# rootfs_data erased unless the options say otherwise) at $scratch/NAME.img.
fresh_flash() {
	local f_name=$1; shift
	"$top/scripts/mkflash" "$@" "$BOARD" "$O/test/rootfs.squashfs" "$scratch/$f_name.img"
}

# fresh_disk NAME [mkdisk options]: a disk board's new disk image at
# $scratch/NAME.img (scripts/mkdisk), of the test root or $DISK_ROOTFS.
fresh_disk() {
	local d_name=$1; shift
	"$top/scripts/mkdisk" "$@" "$BOARD" "${DISK_ROOTFS:-$O/test/rootfs.squashfs}" \
		"$scratch/$d_name.img" || { fail "mkdisk $*"; return 1; }
}

# Where rootfs_data is in flash image NAME (from mkflash's layout file).
data_offset() { sed -n 's/^DATA_OFFSET=//p' "$scratch/$1.img.layout"; }
data_size() { sed -n 's/^DATA_BYTES=//p' "$scratch/$1.img.layout"; }
# data_sum NAME: a checksum of rootfs_data in flash image NAME.
data_sum() { tail -c +$(($(data_offset "$1") + 1)) "$scratch/$1.img" | head -c "$(data_size "$1")" | md5sum; }
# put_data NAME OFFSET: standard input written into rootfs_data of image
# NAME at OFFSET, as a flash programmer (or an upgrade) would.
put_data() {
	dd of="$scratch/$1.img" bs=4096 seek=$(($(data_offset "$1") + $2)) oflag=seek_bytes \
		conv=notrunc status=none
}
# The byte order of the board's CPU (board.conf TARGET_ENDIAN, default
# little) as mkfs.jffs2 spells it, and the other one.
case $(board_fact TARGET_ENDIAN) in
big) JFFS2_NATIVE=-b JFFS2_FOREIGN=-l ;;
*) JFFS2_NATIVE=-l JFFS2_FOREIGN=-b ;;
esac
ERASE_SIZE=$(board_fact FLASH_ERASE_SIZE)

# status_of NAME KEY: the value the status file gave for KEY in boot NAME.
status_of() { sed -n "s/^ROMINIT-TEST: status $2=//p" "$scratch/$1.log"; }

# expect_status NAME KEY VALUE
expect_status() {
	local got
	got=$(status_of "$1" "$2")
	if [ "$got" = "$3" ]; then ok "$1: status $2=$3"; else fail "$1: status $2 is '$got', want '$3'"; fi
}

# boot NAME FLASH-NAME [APPEND] [INITRD|-] [KERNEL]: boot once, console log in
# $scratch/NAME.log; returns qemu-run's status (0: the guest ended by itself).
# BOOT_UBOOT=1: through the board's U-Boot (qemu-run --uboot; give the
# uInitrd as INITRD).
# "test.reboot" makes the test root's init reboot, which ends QEMU.
# BOOT_DISKS: further qemu-run options for the boot, e.g. "--disk FILE".
BOOT_DISKS=
boot() {
	local b_name=$1 b_flash=$2 b_append=${3:-} b_initrd=${4:-$O/initramfs.cpio.gz}
	local b_kernel=${5:-$(test_kernel)} b_status=0
	[ "$b_initrd" = - ] && b_initrd=
	# shellcheck disable=SC2086 # BOOT_DISKS is a list of options
	"$top/scripts/qemu-run" --board "$BOARD" --kernel "$b_kernel" ${b_initrd:+--initrd "$b_initrd"} \
		--flash "$scratch/$b_flash.img" --append "test.reboot $b_append" \
		--log "$scratch/$b_name.raw" --timeout "${BOOT_TIMEOUT:-120}" \
		${BOOT_UBOOT:+--uboot} $BOOT_DISKS || b_status=$?
	tr -d '\r' < "$scratch/$b_name.raw" > "$scratch/$b_name.log" # the serial console ends lines with CRLF
	return $b_status
}

# power_cut NAME FLASH-NAME APPEND REGEX [MIN-]MAX-MS: a power cut. Boot, and
# kill QEMU (SIGKILL: nothing is flushed or unmounted) a random MIN..MAX ms
# (MIN defaults to 0) after the console shows REGEX, or after 60 s without
# it. The delay it chose is in $scratch/NAME.delay. Ok (0) when REGEX was seen.
# CUT_INITRD: another initramfs than the board's.
power_cut() {
	local c_name=$1 c_flash=$2 c_append=$3 c_regex=$4 c_max=$5 c_waited=0 c_ms
	rm -f "$scratch/$c_name.pid" "$scratch/$c_name.raw"
	"$top/scripts/qemu-run" --board "$BOARD" --kernel "$(test_kernel)" \
		--initrd "${CUT_INITRD:-$O/initramfs.cpio.gz}" --flash "$scratch/$c_flash.img" \
		--append "test.reboot $c_append" --log "$scratch/$c_name.raw" --timeout 120 \
		--pidfile "$scratch/$c_name.pid" &
	while [ $c_waited -lt 600 ] && ! grep -aqE -- "$c_regex" "$scratch/$c_name.raw" 2>/dev/null; do
		sleep 0.1
		c_waited=$((c_waited + 1))
	done
	case $c_max in *-*) ;; *) c_max=0-$c_max ;; esac
	c_ms=$(shuf -i "$c_max" -n 1)
	echo "$c_ms" > "$scratch/$c_name.delay"
	sleep "$(printf '%d.%03d' $((c_ms / 1000)) $((c_ms % 1000)))"
	kill -9 "$(cat "$scratch/$c_name.pid" 2>/dev/null)" 2>/dev/null
	wait
	tr -d '\r' < "$scratch/$c_name.raw" > "$scratch/$c_name.log"
	grep -aqE -- "$c_regex" "$scratch/$c_name.log"
}

# log_has NAME REGEX: the console log of boot NAME has a line matching REGEX.
log_has() { grep -qE -- "$2" "$scratch/$1.log"; }

# expect_log NAME DESCRIPTION REGEX
expect_log() {
	if log_has "$1" "$3"; then ok "$2"; else fail "$2 (no line matching '$3' in the $1 log)"; fi
}

# Show the end of a boot log as TAP comments, to explain a failure.
show_log() { echo "# --- last lines of the $1 boot log:"; tail -n "${2:-25}" "$scratch/$1.log" | sed 's/^/# /'; }

# build_variant NAME CONFIG-LINE...: the board's defconfig plus these lines,
# built into $scratch/NAME; its initramfs is $scratch/NAME/initramfs.cpio.gz.
build_variant() {
	local v=$scratch/$1
	shift
	make -C "$top" -s BOARD="$BOARD" O="$v" defconfig >/dev/null || return 1
	printf '%s\n' "$@" >> "$v/.config"
	make -C "$top" -s BOARD="$BOARD" O="$v" olddefconfig >/dev/null 2>&1 || return 1
	make -C "$top" -s BOARD="$BOARD" O="$v" initramfs >/dev/null
}

# The real init ran and the boot ended cleanly.
expect_real_init() { # NAME STATUS DESCRIPTION
	if [ "$2" -eq 0 ] && log_has "$1" '^ROMINIT-TEST: done'; then
		ok "$3"
	else
		fail "$3 (qemu-run status $2)"
		show_log "$1"
	fi
}

# next_boot_on NAME DESC FS SOURCE: the boot after a cut reached the real
# init with FS from SOURCE as its overlay. Adds to $reached.
reached=0
next_boot_on() {
	if log_has "$1" '^ROMINIT-TEST: real-init pid=1$' &&
		log_has "$1" "^ROMINIT-TEST: mount /overlay $3 $4\$"; then
		reached=$((reached + 1))
		ok "$2: the next boot reaches the real init on the $3 overlay"
	else
		fail "$2: the next boot reaches the real init on the $3 overlay"
		show_log "$1"
	fi
}

# write_cuts FLASH CYCLES FS SOURCE: boot flash image FLASH (with
# $CUT_INITRD), then CYCLES power cuts during fsync'ed writes into the
# overlay; every next boot is on FS from SOURCE, mounts the overlay as it was
# and has every file the cut boot reported fsync'ed (synced_then_summed).
write_cuts() {
	local w_flash=$1 w_cycles=$2 w_fs=$3 w_source=$4 w_i=1 w_status=0
	boot "$w_flash-0" "$w_flash" "" "${CUT_INITRD:-}" || w_status=$?
	expect_real_init "$w_flash-0" $w_status "the write cycles' flash boots"
	# A 64 KiB file takes about 50 ms to write and fsync here (longer while
	# the filesystem collects the garbage of the files deleted before): a
	# cut up to 6 s after the first fsync leaves one to a hundred files.
	while [ $w_i -le "$w_cycles" ]; do
		if power_cut "$w_flash$w_i" "$w_flash" "test.do=check-files,synced-files" \
			'^ROMINIT-TEST: synced /data/f[0-9]+ ' 6000; then
			ok "write cycle $w_i: power cut during fsync'ed writes into the $w_fs overlay"
		else
			fail "write cycle $w_i: no fsync'ed write within 60 s of the boot; cut then"
			show_log "$w_flash$w_i" 40
		fi
		# The boot that was cut checked the files of the cut before it.
		[ $w_i -eq 1 ] || after_write_cut "$w_flash$w_i" "$w_flash$((w_i - 1))" "write cycle $((w_i - 1))"
		w_i=$((w_i + 1))
	done
	w_status=0
	boot "$w_flash-last" "$w_flash" "test.do=check-files" "${CUT_INITRD:-}" || w_status=$?
	expect_real_init "$w_flash-last" $w_status "the boot after the last cut reaches the real init"
	after_write_cut "$w_flash-last" "$w_flash$w_cycles" "write cycle $w_cycles"
}
after_write_cut() { # NEXT CUT DESC
	next_boot_on "$1" "$3" "$w_fs" "$w_source"
	expect_status "$1" overlay_action mounted
	synced_then_summed "$2" "$1" "$3"
}

# synced_then_summed CUT NEXT DESC: every file the cut boot reported as
# fsync'ed (the test root's synced-files) has the same checksum in the next
# boot (its check-files). Adds to $verified and $lost.
verified=0 lost=0
synced_then_summed() {
	local want got n=0 missing=0
	# Only whole lines: the cut kills QEMU in the middle of printing one,
	# and a checksum cut short (CI: 41 of its 64 digits) was never reported.
	want=$(sed -n 's/^ROMINIT-TEST: synced \(\/data\/f[0-9]*\) \([0-9a-f]\{64\}\)$/\1 \2/p' "$scratch/$1.log")
	got=$(sed -n 's/^ROMINIT-TEST: sum \(\/data\/f[0-9]*\) \([0-9a-f]\{64\}\)$/\1 \2/p' "$scratch/$2.log")
	while read -r f sum; do
		[ -n "$f" ] || continue
		n=$((n + 1))
		echo "$got" | grep -qxF "$f $sum" || { missing=$((missing + 1)); echo "# $f: $sum lost"; }
	done <<EOF
$want
EOF
	verified=$((verified + n - missing)) lost=$((lost + missing))
	if [ $n -eq 0 ]; then
		fail "$3: no file was reported fsync'ed before the cut: nothing to verify"
	elif [ $missing -eq 0 ]; then
		ok "$3: all $n fsync'ed files have their checksums"
	else
		fail "$3: $missing of $n fsync'ed files lost or changed"
	fi
}
