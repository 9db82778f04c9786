# SPDX-License-Identifier: MIT
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

make -C "$top" --no-print-directory O="$scratch/c" qemu-x86_64_defconfig >/dev/null 2>&1
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

# The board's defconfig edited after a build: taken when .config has no
# changes of its own, else a stop that names both, .config left as it is.
mkdir -p "$scratch/edit"
cp "$top/board/$BOARD/defconfig" "$top/board/$BOARD/board.conf" "$scratch/edit/"
mk BOARD_DIR="$scratch/edit" O="$scratch/edit.out" initramfs >/dev/null 2>&1
sed -i 's/^CONFIG_REBOOT_DELAY=.*/CONFIG_REBOOT_DELAY=3/' "$scratch/edit/defconfig"
mk BOARD_DIR="$scratch/edit" O="$scratch/edit.out" initramfs >"$scratch/edit.log" 2>&1
check "a defconfig edited after the build is taken" grep -qx 'CONFIG_REBOOT_DELAY=3' "$scratch/edit.out/.config"
check "... and said" grep -q "config-update: $scratch/edit/defconfig changed since .* was made: remade from it" "$scratch/edit.log"
check "... into the build" grep -qx '#define CONFIG_REBOOT_DELAY 3' "$scratch/edit.out/include/rominit-config.h"
sed -i 's/^CONFIG_REBOOT_DELAY=3$/CONFIG_REBOOT_DELAY=7/' "$scratch/edit.out/.config"
sed -i 's/^CONFIG_REBOOT_DELAY=.*/CONFIG_REBOOT_DELAY=4/' "$scratch/edit/defconfig"
st=0
mk BOARD_DIR="$scratch/edit" O="$scratch/edit.out" initramfs >"$scratch/edit2.log" 2>&1 || st=$?
check "a defconfig edit over a .config with changes of its own stops the build" test $st -eq 2
check "... with a line naming both and the way out" grep -q \
	"config-update: $scratch/edit/defconfig changed since .* was made, and .* has changes of its own (menuconfig or an edit): 'make defconfig' takes the board's" \
	"$scratch/edit2.log"
check "... and the .config's own change kept" grep -qx 'CONFIG_REBOOT_DELAY=7' "$scratch/edit.out/.config"
mk BOARD_DIR="$scratch/edit" O="$scratch/edit.out" defconfig >/dev/null 2>&1
check "make defconfig then takes the board's" grep -qx 'CONFIG_REBOOT_DELAY=4' "$scratch/edit.out/.config"

# The board remembered: <board>_defconfig, then make without BOARD= (in a
# copy of the tree: the memory is its out/.board). plain_make: a make that
# inherits no BOARD or O (tests/run exports them; an outer make passes its
# command line down in MAKEFLAGS).
plain_make() { env -u BOARD -u O -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory "$@"; }
mkdir -p "$scratch/tree"
tar -C "$top" --exclude=./out --exclude=./.git -cf - . | tar -C "$scratch/tree" -xf -
plain_make -C "$scratch/tree" qemu-x86_64-disk_defconfig >"$scratch/remember.log" 2>&1
check "<board>_defconfig says it remembers the board" \
	grep -qx 'board qemu-x86_64-disk: remembered in out/.board for makes without BOARD=' "$scratch/remember.log"
plain_make -C "$scratch/tree" init >/dev/null 2>&1
check "... and make without BOARD= builds that board" \
	sh -c "test -x '$scratch/tree/out/qemu-x86_64-disk/init' && test ! -e '$scratch/tree/out/qemu-x86_64'"
plain_make -C "$scratch/tree" -s help > "$scratch/help-remembered" 2>&1
check "... make help names it" grep -q '(remembered: qemu-x86_64-disk)' "$scratch/help-remembered"
plain_make -C "$scratch/tree" -s BOARD=qemu-x86_64 help > "$scratch/help-board" 2>&1
check "... BOARD= still wins" grep -q '^make \[BOARD=qemu-x86_64\]' "$scratch/help-board"
plain_make -C "$top" -s O="$scratch/o-board" qemu-x86_64-disk_defconfig >/dev/null 2>&1
plain_make -C "$top" -s O="$scratch/o-board" help > "$scratch/help-o" 2>&1
check "with O=, the board is the one O/.config was made for" \
	grep -q '^make \[BOARD=qemu-x86_64-disk\]' "$scratch/help-o"
rm -rf "$scratch/tree"

# A machine without a tool: one line naming its Debian package.
# path_without NAME TOOL...: $scratch/NAME, a PATH directory with every
# program of this machine but TOOLs.
path_without() {
	pw_dir=$scratch/$1
	shift
	mkdir -p "$pw_dir"
	for d in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
		for f in "$d"/*; do
			[ -x "$f" ] && [ ! -e "$pw_dir/${f##*/}" ] && ln -s "$f" "$pw_dir/${f##*/}"
		done
	done
	for t; do rm -f "$pw_dir/$t"; done
}
# expect_missing DESCRIPTION PATH-DIR LINE COMMAND...: COMMAND fails under
# that PATH, with LINE in its output.
expect_missing() {
	em_desc=$1 em_path=$2 em_line=$3 em_status=0
	shift 3
	(PATH=$em_path; "$@") > "$scratch/missing.log" 2>&1 || em_status=$?
	if [ $em_status -ne 0 ] && grep -qxF "$em_line" "$scratch/missing.log"; then
		ok "$em_desc"
	else
		fail "$em_desc (status $em_status; wanted the line '$em_line')"
		sed 's/^/# /' "$scratch/missing.log" | tail -n 5
	fi
}
path_without no-kconfig kconfig-conf
expect_missing "no kconfig-conf: named with its package" "$scratch/no-kconfig" \
	"rominit: kconfig-conf missing: install Debian's kconfig-frontends-nox (scripts/install-deps installs what rominit needs)" \
	plain_make -C "$top" BOARD="$BOARD" O="$scratch/m1" initramfs
path_without no-pkgconfig pkg-config
expect_missing "no pkg-config: named before gen fails to compile" "$scratch/no-pkgconfig" \
	"rominit: pkg-config missing: install Debian's pkg-config (scripts/install-deps installs what rominit needs)" \
	plain_make -C "$top" BOARD="$BOARD" O="$scratch/m2" initramfs
path_without no-squashfs mksquashfs
expect_missing "no mksquashfs: the test root says which package" "$scratch/no-squashfs" \
	"rominit: mksquashfs missing: install Debian's squashfs-tools (scripts/install-deps installs what rominit needs)" \
	"$top/scripts/mkrootfs" "$scratch/m3.squashfs" "$O/rominit-ctl"
qemu=$(board_fact QEMU)
path_without no-qemu "$qemu"
case $qemu in qemu-system-x86_64) qemu_pkg=qemu-system-x86 ;; *) qemu_pkg=qemu-system-arm ;; esac
touch "$scratch/m5.img"
expect_missing "no $qemu: qemu-run names the package" "$scratch/no-qemu" \
	"rominit: $qemu missing: install Debian's $qemu_pkg (scripts/install-deps installs what rominit needs)" \
	"$top/scripts/qemu-run" --board "$BOARD" --kernel "$scratch/m5.img" --flash "$scratch/m5.img"
if command -v musl-gcc >/dev/null; then
	path_without no-musl musl-gcc
	(PATH=$scratch/no-musl; plain_make -C "$top" BOARD="$BOARD" O="$scratch/m4" init) \
		> "$scratch/no-musl.log" 2>&1
	check "no musl-gcc: a loud warning naming the size and the package" \
		grep -q "WARNING /init links cc's libc, not musl: about 700 KiB instead of 40 (install Debian's musl-tools" \
		"$scratch/no-musl.log"
	check "... and /init still builds (static glibc)" test -x "$scratch/m4/init"
fi
rm -rf "$scratch"/no-* "$scratch"/m[1-5]*

# A real board, as docs/porting.md writes it: a defconfig and a board.conf
# with no virtual hardware. It builds; the targets that boot QEMU say why
# they cannot, and what to do instead.
mkdir -p "$scratch/myboard"
printf '%s\n' 'CONFIG_BOARD="myboard"' 'CONFIG_DEFAULT_ROOT="mtd:rootfs"' \
	'CONFIG_DATA_VOLUME="mtd:rootfs_data"' 'CONFIG_FLASH_ERASE_SIZE=65536' > "$scratch/myboard/defconfig"
printf '%s\n' 'TARGET_CROSS_COMPILE=' 'ROOTFS_COMPRESSOR=xz' 'FLASH_PARTITION_PARSER=cmdlinepart' \
	> "$scratch/myboard/board.conf"
mk BOARD=myboard BOARD_DIR="$scratch/myboard" O="$scratch/myboard.out" initramfs > "$scratch/myboard.log" 2>&1
check "the porting guide's minimal board builds" test -x "$scratch/myboard.out/init"
for target in run test; do
	st=0
	mk BOARD=myboard BOARD_DIR="$scratch/myboard" O="$scratch/myboard.out" $target \
		> "$scratch/myboard-$target.log" 2>&1 || st=$?
	check "make $target on a board without virtual hardware stops (status $st) and says why" \
		sh -c "test $st -ne 0 && grep -q \"^make $target: board myboard has no virtual hardware (its board.conf names no QEMU): build it with 'make BOARD=myboard initramfs'\" '$scratch/myboard-$target.log'"
	check "... and not with a script's failure" \
		sh -c "! grep -q 'parameter not set\|scripts/' '$scratch/myboard-$target.log'"
done

check "an unknown board is refused with its name" \
	sh -c "make -C '$top' BOARD=no-such-board O='$scratch/d' initramfs 2>&1 | grep -q \"unknown board 'no-such-board'\""
done_testing
