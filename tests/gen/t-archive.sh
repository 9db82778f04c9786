# SPDX-License-Identifier: MIT
# gen writes a newc archive that bsdcpio and GNU cpio list and extract as given.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/kernel-tool.sh"

mkdir -p "$scratch/src/board/etc"
echo hello > "$scratch/src/hello"
echo conf > "$scratch/src/board/etc/app.conf"
ln -s /rom/etc/passwd "$scratch/src/board/etc/passwd"
# Security: what the board directory holds on the build machine does not
# leak into the image: setuid/setgid bits and loose modes of the builder's
# files, or files behind a symlink pointing out of the board directory.
mkdir -p "$scratch/outside" "$scratch/src/board/tmp" && echo secret > "$scratch/outside/secret"
echo tool > "$scratch/src/board/etc/suid-tool" && chmod 6777 "$scratch/src/board/etc/suid-tool"
chmod 0777 "$scratch/src/board/tmp"
ln -s "$scratch/outside" "$scratch/src/board/etc/escape"
cat > "$scratch/src/extra.list" <<LIST
# comment, then entries of every type
dir /etc 0755 0 0
file /bin/hello hello 0755 0 0 /bin/hello-link
slink /bin/sh /bin/busybox 0777 0 0
nod /dev/null 0666 0 0 c 1 3
nod /dev/mtdblock1 0600 0 0 b 31 1
pipe /run/fifo 0600 0 0
sock /run/sock 0600 0 0
LIST

out=$scratch/out.cpio
check "gen exits 0 on good input" \
	"$GEN" -o "$out" -l "$scratch/out.list" "$scratch/src/extra.list" -d "$scratch/src/board"

bsdcpio -itv < "$out" > "$scratch/bsd.txt" 2>/dev/null
cpio -itv < "$out" > "$scratch/gnu.txt" 2>/dev/null
check "bsdcpio lists the archive" test -s "$scratch/bsd.txt"
check "GNU cpio lists the archive" test -s "$scratch/gnu.txt"

has() { grep -qE "$2" "$scratch/$1.txt"; }
check "dev/console is c 5,1 owned by root" has gnu '^crw------- +1 root +root +5, +1 .* dev/console$'
check "built-in mount points present" \
	sh -c "for d in proc sys rom overlay newroot; do grep -qE \" \$d\$\" '$scratch/gnu.txt' || exit 1; done"
check "block device node" has gnu '^brw------- .* 31, +1 .* dev/mtdblock1$'
check "symlink target verbatim" has gnu 'bin/sh -> /bin/busybox$'
check "absolute symlink from the board dir kept verbatim" has gnu 'etc/passwd -> /rom/etc/passwd$'
check "fifo" has gnu '^prw------- .* run/fifo$'
check "socket" has gnu '^srw------- .* run/sock$'
check "missing parent /run added as a directory" has gnu '^drwxr-xr-x .* run$'
check "board dir file added with its path" has gnu ' etc/app.conf$'
check "every entry owned by root" sh -c "! awk '\$3 != \"root\" || \$4 != \"root\"' '$scratch/gnu.txt' | grep -q ."
check "a setuid/setgid 6777 file of the board dir comes in as 0755" has gnu '^-rwxr-xr-x .* etc/suid-tool$'
check "a 0777 directory of the board dir comes in as 0755" has gnu '^drwxr-xr-x .* tmp$'
check "no setuid, setgid or world-writable entry but symlinks" \
	sh -c "! grep -E '^(...[sS]|......[sS]|-.......w|d.......w)' '$scratch/gnu.txt' | grep -q ."
check "a symlink out of the board dir stays a symlink" has gnu 'etc/escape -> '"$scratch"'/outside$'
check "... and nothing behind it is archived" sh -c "! grep -q 'secret' '$scratch/gnu.txt'"

mkdir "$scratch/x" && (cd "$scratch/x" && cpio -idm --no-absolute-filenames < "$out" 2>/dev/null)
check "file content survives" cmp -s "$scratch/x/bin/hello" "$scratch/src/hello"
check "hard link extracted as the same inode" \
	test "$(stat -c %i "$scratch/x/bin/hello")" = "$(stat -c %i "$scratch/x/bin/hello-link")"
check "entries sorted by name" sh -c "cpio -it < '$out' 2>/dev/null | LC_ALL=C sort -c"

"$GEN" --output "$scratch/long.cpio" --dir "$scratch/src/board" 2>/dev/null
check "long options: --dir adds the tree" sh -c "cpio -it < '$scratch/long.cpio' 2>/dev/null | grep -qx etc/app.conf"

check "list output names every type" \
	sh -c "for t in file dir nod slink pipe sock; do grep -q \"^\$t \" '$scratch/out.list' || exit 1; done"
check "list output keeps the hard link on the file line" \
	grep -qE '^file /bin/hello /.*/hello 0755 0 0 /bin/hello-link$' "$scratch/out.list"
# A hard-link group whose names sit in directories that sort after the
# first name: the list must still define every directory before the line.
printf 'file /z/b hello 0644 0 0 /a/x /m\n' > "$scratch/src/links.list"
"$GEN" -l "$scratch/links.out" "$scratch/src/links.list"
check "list output: the link line comes after all its directories" \
	sh -c "awk '/^dir \\/z / { d = NR } /^file / { f = NR } END { exit !(d && f > d) }' '$scratch/links.out'"
if ktool=$(kernel_tool); then
	"$ktool" "$scratch/links.out" > "$scratch/links.cpio" 2>/dev/null
	mkdir "$scratch/lx" && (cd "$scratch/lx" && cpio -idm < "$scratch/links.cpio" 2>/dev/null)
	check "the kernel's gen_init_cpio turns the list into an archive whose every link has the data" \
		sh -c "for f in a/x m z/b; do cmp -s '$scratch/lx/'\$f '$scratch/src/hello' || exit 1; done"
else
	fail "the kernel's gen_init_cpio builds"
fi
done_testing
