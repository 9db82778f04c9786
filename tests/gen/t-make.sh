# The build system: O= output directories, reproducible initramfs across
# builds, savedefconfig round trip, olddefconfig for new options, V=1.
. "$(dirname "$0")/../lib.sh"

mk() { make -C "$top" --no-print-directory BOARD="$BOARD" "$@"; }

mk O="$scratch/a" initramfs >"$scratch/a.out" 2>&1
check "make O=DIR initramfs builds into DIR" \
	sh -c "test -x '$scratch/a/init' && test -s '$scratch/a/initramfs.list' && ls '$scratch/a'/initramfs.cpio* >/dev/null"
mk O="$scratch/b" V=1 initramfs >"$scratch/b.out" 2>&1
check "V=1 shows the commands" grep -q -- '-static' "$scratch/b.out"
check "quiet build does not" sh -c "! grep -q -- '-static' '$scratch/a.out'"
check "two builds give a byte-identical archive" \
	sh -c "cmp '$scratch/a'/initramfs.cpio* '$scratch/b'/initramfs.cpio*"
check "/init is statically linked" sh -c "file '$scratch/a/init' 2>/dev/null | grep -q 'statically linked' || ! ldd '$scratch/a/init' >/dev/null 2>&1"

mk O="$scratch/a" savedefconfig >/dev/null 2>&1
check "savedefconfig reproduces the board defconfig" \
	sh -c "diff -u '$top/board/$BOARD/defconfig' '$scratch/a/defconfig'"

# An option added to Kconfig after .config was made takes its default.
sed -i '/^CONFIG_REBOOT_DELAY=/d' "$scratch/a/.config"
mk O="$scratch/a" olddefconfig >/dev/null 2>&1
check "olddefconfig fills an option missing from .config with its Kconfig default" \
	grep -qx 'CONFIG_REBOOT_DELAY=10' "$scratch/a/.config"
mk O="$scratch/a" initramfs >/dev/null 2>&1
check "the generated header follows .config" \
	grep -qx '#define CONFIG_REBOOT_DELAY 10' "$scratch/a/include/rominit-config.h"

# Board inputs: an overlay directory and a list, wired through Kconfig.
mkdir -p "$scratch/brd/etc"
echo quirk > "$scratch/brd/etc/quirk"
echo "slink /bin/flash-tool /rom/usr/bin/flash-tool 0777 0 0" > "$scratch/brd.list"
sed -i -e "s|^CONFIG_BOARD_ROOTFS_DIR=.*|CONFIG_BOARD_ROOTFS_DIR=\"$scratch/brd\"|" \
	-e "s|^CONFIG_BOARD_LIST=.*|CONFIG_BOARD_LIST=\"$scratch/brd.list\"|" "$scratch/a/.config"
mk O="$scratch/a" initramfs >/dev/null 2>&1
# bsdcpio reads any compression.
bsdcpio -it < "$(ls "$scratch"/a/initramfs.cpio*)" > "$scratch/a.lst" 2>/dev/null
check "the board's overlay directory is in the image" grep -qx 'etc/quirk' "$scratch/a.lst"
check "the board's list is in the image" grep -qx 'bin/flash-tool' "$scratch/a.lst"

if command -v aarch64-linux-gnu-gcc >/dev/null; then
	mk O="$scratch/x" CROSS_COMPILE=aarch64-linux-gnu- initramfs >/dev/null 2>&1
	check "CROSS_COMPILE builds /init for the target" \
		sh -c "file '$scratch/x/init' | grep -q 'ARM aarch64.*statically linked'"
	check "... while gen stays a host program" \
		sh -c "file '$scratch/x/host/gen' | grep -q 'x86-64'"
else
	ok "CROSS_COMPILE builds /init for the target # SKIP aarch64-linux-gnu-gcc not installed"
fi

mk O="$scratch/c" qemu-x86_64_defconfig >/dev/null 2>&1
check "<board>_defconfig writes .config" grep -qx 'CONFIG_BOARD="qemu-x86_64"' "$scratch/c/.config"

# A defconfig line Kconfig does not take is an error naming file and line,
# never a silent default: an unknown symbol (a typo), and a value whose
# dependency is unmet.
bad_defconfig() { # NAME DESCRIPTION EXPECTED-LINE DEFCONFIG-LINE...
	bd_name=$1 bd_desc=$2 bd_want=$3 bd_status=0
	shift 3
	mkdir -p "$scratch/$bd_name"
	cp "$top/board/$BOARD/defconfig" "$top/board/$BOARD/board.conf" "$scratch/$bd_name/"
	printf '%s\n' "$@" >> "$scratch/$bd_name/defconfig"
	mk BOARD_DIR="$scratch/$bd_name" O="$scratch/$bd_name.out" initramfs \
		>"$scratch/$bd_name.log" 2>&1 || bd_status=$?
	check "$bd_desc: make fails (status 2)" test $bd_status -eq 2
	check "$bd_desc: one line names file, line and symbol" \
		grep -qxF "$scratch/$bd_name/$bd_want" "$scratch/$bd_name.log"
	check "$bd_desc: no .config and no image left" \
		sh -c "test ! -e '$scratch/$bd_name.out/.config' && ! ls '$scratch/$bd_name.out'/initramfs.cpio* 2>/dev/null"
}
n=$(($(wc -l < "$top/board/$BOARD/defconfig") + 1))
bad_defconfig typo "a defconfig with an unknown symbol" \
	"defconfig:$n: CONFIG_REBOOT_DELAYY: unknown symbol (Kconfig has no REBOOT_DELAYY)" \
	CONFIG_REBOOT_DELAYY=3
bad_defconfig renamed "a defconfig with the old DATA_PARTITION" \
	"defconfig:$n: CONFIG_DATA_PARTITION: renamed: CONFIG_DATA_VOLUME=\"mtd:data\" (a volume spec, docs/overlay.md)" \
	'CONFIG_DATA_PARTITION="data"'
bad_defconfig unmet "a defconfig value whose dependency is unmet" \
	"defconfig:$((n + 1)): CONFIG_UIMAGE_ARCH=\"arm\" not taken: the configuration has nothing (not visible) (a dependency unmet, or a value out of range)" \
	"# CONFIG_UIMAGE is not set" 'CONFIG_UIMAGE_ARCH="arm"'

check "an unknown board is refused with its name" \
	sh -c "make -C '$top' BOARD=no-such-board O='$scratch/d' initramfs 2>&1 | grep -q \"unknown board 'no-such-board'\""
done_testing
