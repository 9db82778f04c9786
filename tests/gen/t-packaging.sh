# SPDX-License-Identifier: MIT
# The make interface a build system drives (packaging/: the Buildroot
# package and the Yocto recipe use exactly these command lines): a cross
# build with the packager's CC, CFLAGS and LDFLAGS, O= its build
# directory, no -Werror, then install into a staging root and
# install-images into an images directory. What lands is checked.
. "$(dirname "$0")/../lib.sh"

cross=aarch64-linux-gnu-
if ! command -v ${cross}gcc >/dev/null; then
	fail "${cross}gcc is installed (scripts/install-deps)"
	done_testing
fi
# Without the environment of tests/run or of an outer make.
pmake() { env -u BOARD -u O -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory "$@"; }
opts="BOARD=qemu-arm64 O=$scratch/build CROSS_COMPILE=$cross WERROR="
# shellcheck disable=SC2086 # opts is a list of make arguments
pmake -C "$top" $opts CC="${cross}gcc" CFLAGS="-O2 -pipe" LDFLAGS="-Wl,-O1" HOSTCC=cc V=1 initramfs \
	> "$scratch/build.log" 2>&1
check "a packager's cross build succeeds" test -x "$scratch/build/init"
check "... with the packager's compiler and flags after ours" \
	grep -q "^${cross}gcc .*-Os .* -O2 -pipe .*-Wl,-O1 .*-o $scratch/build/init.tmp" "$scratch/build.log"
check "... and no -Werror outside the project's own builds" \
	sh -c "! grep '^${cross}gcc ' '$scratch/build.log' | grep -q -- -Werror"
check "... /init for the target, static" \
	sh -c "file '$scratch/build/init' | grep -q 'ARM aarch64.*statically linked'"
check "... a glibc toolchain is said loudly (WARNING)" \
	grep -q "WARNING /init links ${cross}gcc's libc, not musl" "$scratch/build.log"
# shellcheck disable=SC2086
pmake -C "$top" $opts CC="${cross}gcc" DESTDIR="$scratch/target" install > "$scratch/install.log" 2>&1
check "install: rominit-ctl in the staging root's /usr/sbin, for the target" \
	sh -c "file '$scratch/target/usr/sbin/rominit-ctl' | grep -q 'ARM aarch64.*statically linked'"
check "... the mount points /init moves into the real root" \
	test -d "$scratch/target/rom" -a -d "$scratch/target/overlay"
check "... and nothing else" \
	test "$(cd "$scratch/target" && find . | sort | tr '\n' ' ')" = ". ./overlay ./rom ./usr ./usr/sbin ./usr/sbin/rominit-ctl "
# shellcheck disable=SC2086
pmake -C "$top" $opts CC="${cross}gcc" DESTDIR="$scratch/images" IMAGEDIR=/rominit install-images \
	> "$scratch/images.log" 2>&1
check "install-images: the archive and uInitrd in IMAGEDIR" \
	test -s "$scratch/images/rominit/initramfs.cpio.gz" -a -s "$scratch/images/rominit/uInitrd"
bsdcpio -it < "$scratch/images/rominit/initramfs.cpio.gz" > "$scratch/images.lst" 2>/dev/null
check "... the archive holds the target's /init" grep -qx 'init' "$scratch/images.lst"
check "... the same /init as the build's" \
	sh -c "bsdtar -xOf '$scratch/images/rominit/initramfs.cpio.gz' init | cmp -s - '$scratch/build/init'"
done_testing
