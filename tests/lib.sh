# Shared helpers for the shell test suites (sourced). Writes TAP lines.
top=$(cd "$(dirname "$0")/../.." && pwd)
BOARD=${BOARD:-qemu-x86_64}
O=${O:-$top/out/$BOARD}
GEN=${GEN:-$O/host/gen-asan}
# ASan's leak checker needs ptrace-like access some sandboxes deny; leaks are
# checked in the unit runs, the generator runs check memory errors.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
failures=0

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

# A fresh flash image (squashfs root, erased rootfs_data) at $scratch/NAME.img.
fresh_flash() {
	"$top/scripts/mkflash" "$BOARD" "$O/test/rootfs.squashfs" "$scratch/$1.img"
}

# boot NAME FLASH-NAME [APPEND] [INITRD|-] [KERNEL]: boot once, console log in
# $scratch/NAME.log; returns qemu-run's status (0: the guest ended by itself).
# "test.reboot" makes the test root's init reboot, which ends QEMU.
boot() {
	name=$1 flash=$2 append=${3:-} initrd=${4:-$O/initramfs.cpio.gz} kernel=${5:-$(test_kernel)}
	[ "$initrd" = - ] && initrd=
	"$top/scripts/qemu-run" --board "$BOARD" --kernel "$kernel" ${initrd:+--initrd "$initrd"} \
		--flash "$scratch/$flash.img" --append "test.reboot $append" \
		--log "$scratch/$name.raw" --timeout "${BOOT_TIMEOUT:-120}"
	status=$?
	tr -d '\r' < "$scratch/$name.raw" > "$scratch/$name.log" # the serial console ends lines with CRLF
	return $status
}

# log_has NAME REGEX: the console log of boot NAME has a line matching REGEX.
log_has() { grep -qE -- "$2" "$scratch/$1.log"; }

# expect_log NAME DESCRIPTION REGEX
expect_log() {
	if log_has "$1" "$3"; then ok "$2"; else fail "$2 (no line matching '$3' in the $1 log)"; fi
}

# Show the end of a boot log as TAP comments, to explain a failure.
show_log() { echo "# --- last lines of the $1 boot log:"; tail -n "${2:-25}" "$scratch/$1.log" | sed 's/^/# /'; }

# The real init ran and the boot ended cleanly.
expect_real_init() { # NAME STATUS DESCRIPTION
	if [ "$2" -eq 0 ] && log_has "$1" '^ROMINIT-TEST: done'; then
		ok "$3"
	else
		fail "$3 (qemu-run status $2)"
		show_log "$1"
	fi
}
