# SPDX-License-Identifier: MIT
# The kernel-config check (scripts/check-kernel, `make check-kernel`): the
# test kernel's own .config passes, Debian's packaged kernel config fails,
# copies of the good config with one thing wrong give their exact message and
# status, and `make initramfs` runs the check when the board names its kernel
# config. No boot: the test kernel is here for its .config.
. "$(dirname "$0")/../lib.sh"

check_kernel=$top/scripts/check-kernel
squashfs=$(board_fact ROOTFS_COMPRESSOR)
parser=$(board_fact FLASH_PARTITION_PARSER)
mk() { make -C "$top" -s --no-print-directory BOARD="$BOARD" "$@"; }

# expect DESCRIPTION STATUS OUTPUT COMMAND...: COMMAND exits with STATUS and
# prints exactly OUTPUT (stdout and stderr together).
expect() {
	e_desc=$1 e_status=$2 e_out=$3 e_got=0
	shift 3
	"$@" >"$scratch/out" 2>&1 || e_got=$?
	if [ "$e_got" -eq "$e_status" ] && [ "$(cat "$scratch/out")" = "$e_out" ]; then
		ok "$e_desc"
	else
		fail "$e_desc (status $e_got, want $e_status)"
		echo "# want:"; printf '%s\n' "$e_out" | sed 's/^/#   /'
		echo "# got:"; sed 's/^/#   /' "$scratch/out"
	fi
}

# expect_line DESCRIPTION STATUS LINE COMMAND...: COMMAND exits with STATUS
# (any non-zero one for "fail") and prints LINE among others.
expect_line() {
	l_desc=$1 l_status=$2 l_line=$3 l_got=0
	shift 3
	"$@" >"$scratch/out" 2>&1 || l_got=$?
	if { [ "$l_status" = fail ] && [ "$l_got" -ne 0 ] || [ "$l_got" = "$l_status" ]; } &&
		grep -qxF -- "$l_line" "$scratch/out"; then
		ok "$l_desc"
	else
		fail "$l_desc (status $l_got, want $l_status; no line '$l_line')"
		sed 's/^/#   /' "$scratch/out"
	fi
}

# ---- the board's facts -------------------------------------------------------

check "board.conf says the root's squashfs compressor (ROOTFS_COMPRESSOR)" test -n "$squashfs"
check "board.conf says the partition parser (FLASH_PARTITION_PARSER)" test -n "$parser"
"$top/scripts/mkrootfs" "$scratch/root.squashfs" /bin/true >/dev/null 2>&1
check "ROOTFS_COMPRESSOR=$squashfs is what scripts/mkrootfs builds the root with" \
	sh -c "unsquashfs -s '$scratch/root.squashfs' 2>/dev/null | grep -qx 'Compression $squashfs'"

# ---- the test kernel's own config ------------------------------------------

kernel=$(test_kernel) || { fail "the test kernel builds (scripts/build-kernel $BOARD)"; done_testing; }
good=${kernel%/"$(board_fact KERNEL_IMAGE)"}/.config
check "the test kernel's .config is at the top of its object tree" test -f "$good"

# What check-kernel cannot see in a config, said on every verdict; and the
# fragment of what is missing, on standard output.
nc_other="check-kernel: not checked (no option shows it): the flash or disk controller's own driver and the board's device tree"
nc_mtd="$nc_other; jffs2's RENAME_EXCHANGE patch (kernel/patches/0001-jffs2-support-RENAME_EXCHANGE.patch)"
frag="# rominit needs (merge, then make olddefconfig):"
mk O="$scratch/o" defconfig >/dev/null 2>&1
comp=$(sed -n 's/^CONFIG_COMPRESSION="\(.*\)"$/\1/p' "$scratch/o/.config")
facts="initramfs $comp, squashfs $squashfs, partitions $parser"
expect "make check-kernel: the test kernel has every option this board needs" 0 \
	"check-kernel: $good: OK: 14 needed options, all built in ($facts)
$nc_mtd" \
	mk O="$scratch/o" check-kernel KCONFIG="$good"
gzip -c "$good" > "$scratch/config.gz"
expect "a .gz config (as /proc/config.gz) is read" 0 \
	"check-kernel: $scratch/config.gz: OK: 14 needed options, all built in ($facts)
$nc_mtd" \
	"$check_kernel" --compression "$comp" --squashfs "$squashfs" --parser "$parser" "$scratch/config.gz"

# ---- Debian's packaged kernel config ---------------------------------------

debian=/usr/src/linux-config-6.1/config.amd64_none_amd64.xz
if [ -f "$debian" ]; then
	expect_line "Debian's kernel config fails naming CONFIG_MTD_CMDLINE_PARTS" 1 \
		"check-kernel: $debian: missing CONFIG_MTD_CMDLINE_PARTS (not set): partitions from mtdparts= on the command line (FLASH_PARTITION_PARSER=cmdlinepart)" \
		"$check_kernel" --compression gzip --squashfs xz --parser cmdlinepart "$debian"
	expect_line "... and reports its modular squashfs as a module, not as OK" 1 \
		"check-kernel: $debian: module CONFIG_SQUASHFS=m (an early hook must load it, or build it in): the squashfs root filesystem" \
		"$check_kernel" --compression gzip --squashfs xz --parser cmdlinepart "$debian"
	expect_line "... and make check-kernel fails on it" fail \
		"check-kernel: $debian: missing CONFIG_MTD_CMDLINE_PARTS (not set): partitions from mtdparts= on the command line (FLASH_PARTITION_PARSER=cmdlinepart)" \
		mk O="$scratch/o" check-kernel KCONFIG="$debian"
else
	fail "Debian's kernel config $debian is missing: run scripts/install-deps (package linux-config-6.1)"
fi

# ---- copies of the good config with one thing wrong -------------------------

ck() { "$check_kernel" --compression gzip --squashfs xz --parser cmdlinepart "$@"; }
sum="initramfs gzip, squashfs xz, partitions cmdlinepart"

grep -v '^CONFIG_JFFS2_FS_XATTR=' "$good" > "$scratch/no-xattr"
expect "an option removed: named, with what it is for and the file" 1 \
"check-kernel: $scratch/no-xattr: missing CONFIG_JFFS2_FS_XATTR (absent): xattrs on jffs2: without them overlayfs cannot mark opaque directories
check-kernel: $scratch/no-xattr: FAILED: 1 of 14 needed options missing ($sum)
$nc_mtd
$frag
CONFIG_JFFS2_FS_XATTR=y" \
	ck "$scratch/no-xattr"

sed 's/^CONFIG_OVERLAY_FS=y$/# CONFIG_OVERLAY_FS is not set/' "$good" > "$scratch/no-overlay"
expect "an option not set" 1 \
"check-kernel: $scratch/no-overlay: missing CONFIG_OVERLAY_FS (not set): overlayfs, the writable root over the squashfs
check-kernel: $scratch/no-overlay: FAILED: 1 of 14 needed options missing ($sum)
$nc_mtd
$frag
CONFIG_OVERLAY_FS=y" \
	ck "$scratch/no-overlay"

sed -e '/^CONFIG_MTD_BLOCK=/d' -e 's/^CONFIG_TMPFS=y$/# CONFIG_TMPFS is not set/' "$good" > "$scratch/two"
expect "two options missing: one line each, in boot order" 1 \
"check-kernel: $scratch/two: missing CONFIG_MTD_BLOCK (absent): /dev/mtdblockN, the block device root=mtd:NAME mounts the squashfs from
check-kernel: $scratch/two: missing CONFIG_TMPFS (not set): tmpfs, the overlay of failsafe mode and of the fallback
check-kernel: $scratch/two: FAILED: 2 of 14 needed options missing ($sum)
$nc_mtd
$frag
CONFIG_MTD_BLOCK=y
CONFIG_TMPFS=y" \
	ck "$scratch/two"
ck "$scratch/two" > "$scratch/two.config" 2>/dev/null
check "... standard output is only the fragment, to merge" \
	test "$(cat "$scratch/two.config")" = "$frag
CONFIG_MTD_BLOCK=y
CONFIG_TMPFS=y"

sed 's/^CONFIG_SQUASHFS=y$/CONFIG_SQUASHFS=m/' "$good" > "$scratch/squashfs-m"
expect "an option =m: a module warning, still OK" 0 \
"check-kernel: $scratch/squashfs-m: module CONFIG_SQUASHFS=m (an early hook must load it, or build it in): the squashfs root filesystem
check-kernel: $scratch/squashfs-m: OK: 14 needed options, 1 of them modules ($sum)
$nc_mtd" \
	ck "$scratch/squashfs-m"

sed 's/^CONFIG_RD_XZ=y$/# CONFIG_RD_XZ is not set/' "$good" > "$scratch/no-rd-xz"
expect "RD_ for another compression: a gzip image does not need RD_XZ" 0 \
	"check-kernel: $scratch/no-rd-xz: OK: 14 needed options, all built in ($sum)
$nc_mtd" \
	ck "$scratch/no-rd-xz"
expect "... an xz image does" 1 \
"check-kernel: $scratch/no-rd-xz: missing CONFIG_RD_XZ (not set): an xz initramfs (CONFIG_COMPRESSION=\"xz\")
check-kernel: $scratch/no-rd-xz: FAILED: 1 of 14 needed options missing (initramfs xz, squashfs xz, partitions cmdlinepart)
$nc_mtd
$frag
CONFIG_RD_XZ=y" \
	"$check_kernel" --compression xz --squashfs xz --parser cmdlinepart "$scratch/no-rd-xz"
mk O="$scratch/xz" defconfig >/dev/null 2>&1 && echo CONFIG_COMPRESS_XZ=y >> "$scratch/xz/.config" &&
	mk O="$scratch/xz" olddefconfig >/dev/null 2>&1
expect_line "... make check-kernel takes the compression from rominit's .config" fail \
	"check-kernel: $scratch/no-rd-xz: missing CONFIG_RD_XZ (not set): an xz initramfs (CONFIG_COMPRESSION=\"xz\")" \
	mk O="$scratch/xz" check-kernel KCONFIG="$scratch/no-rd-xz"

grep -v '^CONFIG_RD_' "$good" > "$scratch/no-rd"
expect "an uncompressed image needs no RD_ option" 0 \
	"check-kernel: $scratch/no-rd: OK: 13 needed options, all built in (initramfs none, squashfs xz, partitions cmdlinepart)
$nc_mtd" \
	"$check_kernel" --compression none --squashfs xz --parser cmdlinepart "$scratch/no-rd"

expect_line "a zstd squashfs needs SQUASHFS_ZSTD" 0 \
	"check-kernel: $good: OK: 14 needed options, all built in (initramfs gzip, squashfs zstd, partitions cmdlinepart)" \
	"$check_kernel" --compression gzip --squashfs zstd --parser cmdlinepart "$good"
expect_line "... an lz4 squashfs SQUASHFS_LZ4, which the test kernel lacks" 1 \
	"check-kernel: $good: missing CONFIG_SQUASHFS_LZ4 (not set): an lz4 squashfs (ROOTFS_COMPRESSOR=lz4)" \
	"$check_kernel" --compression gzip --squashfs lz4 --parser cmdlinepart "$good"
expect_line "device-tree partitions need MTD_OF_PARTS" 1 \
	"check-kernel: $good: missing CONFIG_MTD_OF_PARTS (absent): partitions from the device tree (FLASH_PARTITION_PARSER=ofpart)" \
	"$check_kernel" --compression gzip --squashfs xz --parser ofpart "$good"

# A UBI board: root and overlay in UBI volumes need UBI, ubiblock and ubifs
# (with xattrs) instead of mtdblock and jffs2; make takes both specs from
# rominit's .config.
mk O="$scratch/ubi" defconfig >/dev/null 2>&1 &&
	printf '%s\n' CONFIG_UBI=y 'CONFIG_DEFAULT_ROOT="ubi:rootfs"' 'CONFIG_DATA_VOLUME="ubi:rootfs_data"' \
		>> "$scratch/ubi/.config" && mk O="$scratch/ubi" olddefconfig >/dev/null 2>&1
ubi_facts="$facts, root ubi:rootfs, data ubi:rootfs_data"
expect "a UBI board: the test kernel has UBI, ubiblock and ubifs" 0 \
	"check-kernel: $good: OK: 15 needed options, all built in ($ubi_facts)
$nc_other" \
	mk O="$scratch/ubi" check-kernel KCONFIG="$good"
sed 's/^CONFIG_MTD_UBI_BLOCK=y$/# CONFIG_MTD_UBI_BLOCK is not set/' "$good" > "$scratch/no-ubiblock"
expect "... a kernel without ubiblock cannot mount a root in a UBI volume" 1 \
"check-kernel: $scratch/no-ubiblock: missing CONFIG_MTD_UBI_BLOCK (not set): /dev/ubiblockN_M, the block device /init mounts the squashfs of ubi:rootfs from
check-kernel: $scratch/no-ubiblock: FAILED: 1 of 15 needed options missing ($ubi_facts)
$nc_other
$frag
CONFIG_MTD_UBI_BLOCK=y" \
	"$check_kernel" --compression "$comp" --squashfs "$squashfs" --parser "$parser" --root ubi:rootfs \
	--data ubi:rootfs_data "$scratch/no-ubiblock"
expect "... which a jffs2 board does not need" 0 \
	"check-kernel: $scratch/no-ubiblock: OK: 14 needed options, all built in ($facts)
$nc_mtd" \
	mk O="$scratch/o" check-kernel KCONFIG="$scratch/no-ubiblock"
grep -v '^CONFIG_WATCHDOG_CORE=' "$good" > "$scratch/no-watchdog"
expect_line "a board with BOOT_WATCHDOG: a kernel without the watchdog core is named" 1 \
	"check-kernel: $scratch/no-watchdog: missing CONFIG_WATCHDOG_CORE (absent): /dev/watchdog, which /init feeds and hands over (CONFIG_BOOT_WATCHDOG)" \
	ck --watchdog "$scratch/no-watchdog"
grep -v '^CONFIG_UBIFS_FS_XATTR=' "$good" > "$scratch/no-ubifs-xattr"
expect_line "... ubifs without xattrs is named for overlayfs" 1 \
	"check-kernel: $scratch/no-ubifs-xattr: missing CONFIG_UBIFS_FS_XATTR (absent): xattrs on ubifs: without them overlayfs cannot mark opaque directories" \
	"$check_kernel" --compression gzip --squashfs xz --parser cmdlinepart --data ubi:rootfs_data "$scratch/no-ubifs-xattr"
# A disk board (qemu-x86_64-disk's defconfig): no MTD, no parser; the
# partition tables, the filesystem and the loop driver.
disk_facts="initramfs gzip, squashfs xz, root PARTLABEL=rootfs, data PARTLABEL=rootfs_data, else rootdisk, auto"
disk() { "$check_kernel" --compression gzip --squashfs xz --root PARTLABEL=rootfs \
	--data PARTLABEL=rootfs_data --fallback rootdisk "$@"; }
expect "a disk board: the test kernel has GPT, ext4 and loop, and needs no MTD" 0 \
	"check-kernel: $good: OK: 13 needed options, all built in ($disk_facts)
$nc_other" disk "$good"
sed 's/^CONFIG_BLK_DEV_LOOP=y$/# CONFIG_BLK_DEV_LOOP is not set/' "$good" > "$scratch/no-loop"
expect "... a kernel without loop cannot have the overlay after the squashfs" 1 \
"check-kernel: $scratch/no-loop: missing CONFIG_BLK_DEV_LOOP (not set): loop devices: the overlay after the squashfs in the root partition (rootdisk)
check-kernel: $scratch/no-loop: FAILED: 1 of 13 needed options missing ($disk_facts)
$nc_other
$frag
CONFIG_BLK_DEV_LOOP=y" disk "$scratch/no-loop"
sed 's/^CONFIG_MSDOS_PARTITION=y$/# CONFIG_MSDOS_PARTITION is not set/; s/^CONFIG_F2FS_FS=y$/# CONFIG_F2FS_FS is not set/' \
	"$good" > "$scratch/no-mbr"
expect_line "... a root named by its MBR PARTUUID needs the MBR parser" 1 \
	"check-kernel: $scratch/no-mbr: missing CONFIG_MSDOS_PARTITION (not set): MBR partition tables: the root is an MBR partition (PARTUUID=5452574f-02)" \
	"$check_kernel" --compression gzip --squashfs xz --root PARTUUID=5452574f-02 --data rootdisk "$scratch/no-mbr"
expect_line "... an f2fs board needs f2fs" 1 \
	"check-kernel: $scratch/no-mbr: missing CONFIG_F2FS_FS (not set): f2fs, the overlay's filesystem on PARTLABEL=rootfs_data (CONFIG_BLOCK_DATA_FS_F2FS)" \
	disk --fstype f2fs "$scratch/no-mbr"
expect "... a flash root still needs --parser" 2 \
	"check-kernel: --parser is required
usage: check-kernel --compression NAME --squashfs NAME [--parser NAME[,NAME]] [--root SPEC] [--data SPEC] [--fallback SPEC] [--fstype NAME] [--watchdog] KCONFIG" \
	"$check_kernel" --compression gzip --squashfs xz --data rootdisk "$good"
expect "an unknown root form" 2 \
	"check-kernel: --root: unknown form 'rootfs' (mtd:NAME, ubi:NAME, ubiN:NAME, PARTLABEL=, PARTUUID=, /dev/...)" \
	"$check_kernel" --compression gzip --squashfs xz --parser cmdlinepart --root rootfs "$good"

# ---- bad input: exit status 2 and a clear error ----------------------------

expect "a missing KCONFIG file" 2 \
	"check-kernel: $scratch/nowhere/.config: no such file (the kernel's .config: KCONFIG=path/to/.config)" \
	ck "$scratch/nowhere/.config"
expect_line "... through make too" fail \
	"check-kernel: $scratch/nowhere/.config: no such file (the kernel's .config: KCONFIG=path/to/.config)" \
	mk O="$scratch/o" check-kernel KCONFIG="$scratch/nowhere/.config"
expect "a directory" 2 \
	"check-kernel: $scratch: not a regular file (the kernel's .config: KCONFIG=path/to/.config)" \
	ck "$scratch"
echo "not a config" > "$scratch/junk"
expect "a file that is not a kernel config" 2 \
	"check-kernel: $scratch/junk: not a kernel .config (no CONFIG_ lines)" ck "$scratch/junk"
cp "$scratch/junk" "$scratch/junk.xz"
expect_line "a .xz file that is not xz" 2 \
	"check-kernel: $scratch/junk.xz: cannot decompress it with xz" ck "$scratch/junk.xz"
expect "no KCONFIG: the usage line" 2 \
	"usage: check-kernel --compression NAME --squashfs NAME [--parser NAME[,NAME]] [--root SPEC] [--data SPEC] [--fallback SPEC] [--fstype NAME] [--watchdog] KCONFIG" \
	ck
expect "an unknown compression" 2 \
	"check-kernel: --compression: unknown 'bzip2' (none gzip xz zstd lz4 lzma)" \
	"$check_kernel" --compression bzip2 --squashfs xz --parser cmdlinepart "$good"
expect "a board.conf without ROOTFS_COMPRESSOR" 2 \
	"check-kernel: --squashfs: no compressor named (board.conf ROOTFS_COMPRESSOR: gzip xz zstd lz4 lzo)" \
	"$check_kernel" --compression gzip --squashfs "" --parser cmdlinepart "$good"
expect_line "make check-kernel without KCONFIG, on a board naming no kernel config" fail \
	"check-kernel: no kernel config to check: pass KCONFIG=path/to/.config (board/$BOARD/board.conf names no KERNEL_CONFIG)" \
	mk O="$scratch/o" check-kernel

# ---- automatically, when the board names its kernel config -------------------

check "make initramfs does not check a kernel when none is named" \
	sh -c "! make -C '$top' -n BOARD='$BOARD' O='$scratch/o' initramfs 2>&1 | grep -q check-kernel"
# A copy of the board whose board.conf names a kernel config (relative to the
# board directory) lacking overlayfs.
mkdir -p "$scratch/brd"
cp "$top/board/$BOARD/defconfig" "$top/board/$BOARD/board.conf" "$scratch/brd/"
echo "KERNEL_CONFIG=kernel.config" >> "$scratch/brd/board.conf"
cp "$scratch/no-overlay" "$scratch/brd/kernel.config"
expect_line "make initramfs checks the kernel config the board names, and fails" fail \
	"check-kernel: $scratch/brd/kernel.config: missing CONFIG_OVERLAY_FS (not set): overlayfs, the writable root over the squashfs" \
	mk BOARD_DIR="$scratch/brd" O="$scratch/auto" initramfs
check "... without writing an archive" sh -c "! ls '$scratch/auto'/initramfs.cpio* >/dev/null 2>&1"
cp "$good" "$scratch/brd/kernel.config"
expect_line "... and with a good kernel config says OK and builds the archive" 0 \
	"check-kernel: $scratch/brd/kernel.config: OK: 14 needed options, all built in ($facts)" \
	mk BOARD_DIR="$scratch/brd" O="$scratch/auto" initramfs
check "... (the archive is there)" sh -c "ls '$scratch/auto'/initramfs.cpio* >/dev/null 2>&1"

# The kernel cache is keyed by what the kernel is made of, not by the board:
# qemu-x86_64-renamed's kernel.config is a link to qemu-x86_64's, so both
# boards' kernels are one cached build.
renamed=$("$top/scripts/build-kernel" qemu-x86_64-renamed 2>"$scratch/renamed.err")
check "two boards with one kernel fragment share one cached build ($renamed)" \
	test "$renamed" = "$("$top/scripts/build-kernel" qemu-x86_64 2>/dev/null)"
check "... which neither builds again" test ! -s "$scratch/renamed.err"

done_testing
