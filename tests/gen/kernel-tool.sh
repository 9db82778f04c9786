# SPDX-License-Identifier: MIT
# Sourced by tests/gen/t-*.sh: the kernel's own usr/gen_init_cpio, built on
# the host from Debian's linux-source-6.1 (scripts/install-deps installs it).
# kernel_tool prints the program's path, or a reason on stderr and fails.
# Built once into $O/host (reading the tarball takes some 12 s).
KERNEL_SOURCE_TARBALL=${KERNEL_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}

kernel_tool() {
	k_bin=$O/host/kernel-gen_init_cpio
	if [ ! -f "$KERNEL_SOURCE_TARBALL" ]; then
		echo "no $KERNEL_SOURCE_TARBALL: scripts/install-deps installs linux-source-6.1" >&2
		return 1
	fi
	if [ ! -x "$k_bin" ] || [ "$KERNEL_SOURCE_TARBALL" -nt "$k_bin" ]; then
		mkdir -p "$O/host" &&
			tar -xJf "$KERNEL_SOURCE_TARBALL" --wildcards --occurrence=1 \
				'*/usr/gen_init_cpio.c' -O > "$k_bin.c" &&
			[ -s "$k_bin.c" ] &&
			cc -O1 -o "$k_bin.tmp" "$k_bin.c" &&
			mv "$k_bin.tmp" "$k_bin" || {
			echo "cannot build usr/gen_init_cpio.c from $KERNEL_SOURCE_TARBALL" >&2
			rm -f "$k_bin.tmp"
			return 1
		}
	fi
	echo "$k_bin"
}
