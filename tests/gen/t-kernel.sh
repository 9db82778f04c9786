# SPDX-License-Identifier: MIT
# gen and the kernel's own usr/gen_init_cpio on the same lists. Where gen
# takes a list, the kernel's tool makes an archive of the same entries (type,
# mode, owner, device, link target, content); where gen refuses what the
# kernel's tool takes, the kernel's result shows why (docs/gen.md,
# "Differences from the kernel's gen_init_cpio").
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/kernel-tool.sh"

if ! KTOOL=$(kernel_tool); then
	fail "the kernel's gen_init_cpio builds"
	done_testing
fi
cd "$scratch" || exit 1
mkdir src
echo hello > src/hello
echo other > src/other
echo odd > 'src/odd${'

# gen's built-in entries, given to both tools so that both archives have them.
cat > builtins.list <<'EOF'
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /rom 0755 0 0
dir /overlay 0755 0 0
dir /newroot 0755 0 0
EOF

# The entries of an archive, one line each, without times (the kernel's
# tool gives files their source's mtime), inode numbers or link counts.
content() {
	bsdtar -cf - --format=mtree --options 'mtree:!time,!nlink,!uname,!gname,!flags,sha256' \
		"@$1" | sort
}

# same DESCRIPTION LIST: both tools take the list (after the built-ins) and
# their archives hold the same entries. With via_stdin=1 both read it from
# standard input ("-").
same() {
	cat builtins.list "$2" > both.list
	if [ "${via_stdin:-}" = 1 ]; then
		"$KTOOL" -t 0 - < both.list > k.cpio 2> k.err
		k_status=$?
		"$GEN" -t 0 -o g.cpio - < both.list 2> g.err
		g_status=$?
	else
		"$KTOOL" -t 0 both.list > k.cpio 2> k.err
		k_status=$?
		"$GEN" -t 0 -o g.cpio both.list 2> g.err
		g_status=$?
	fi
	if [ $k_status -ne 0 ] || [ $g_status -ne 0 ]; then
		fail "$1: kernel's tool status $k_status ($(cat k.err)), gen's $g_status ($(cat g.err))"
	elif ! content k.cpio > k.mtree || ! content g.cpio > g.mtree; then
		fail "$1: bsdtar cannot read an archive"
	elif [ ! -s g.mtree ] || ! cmp -s k.mtree g.mtree; then
		fail "$1: the archives differ"
		diff k.mtree g.mtree | sed 's/^/# /' | head -n 20
	else
		ok "$1"
	fi
}

cat > types.list <<'EOF'
# every entry type
dir /bin 0755 0 0
file /bin/hello src/hello 0755 0 0 /bin/hello-link
slink /bin/sh busybox 0777 0 0
nod /dev/null 0666 0 0 c 1 3
nod /dev/mtdblock1 0600 0 0 b 31 1
dir /run 0755 0 0
pipe /run/fifo 0600 1 2
sock /run/sock 0600 0 0
dir /tmp 1777 0 0
EOF
same "every entry type" types.list

export ROMINIT_T_SRC="$scratch/src" ROMINIT_T_NAME=hello ROMINIT_T_NEST='${ROMINIT_T_SRC}/other'
cat > env.list <<'EOF'
file /a ${ROMINIT_T_SRC}/hello 0644 0 0
file /b ${ROMINIT_T_SRC}/${ROMINIT_T_NAME} 0644 0 0
file /c ${ROMINIT_T_NEST} 0644 0 0
file /d src/odd${ 0644 0 0
file /e src/odd${ 0644 0 0 /f
EOF
same "\${NAME} in a location: one, two, one whose value holds another, an unterminated '\${' kept" \
	env.list

# gen's list output goes to the kernel's tool with the variables expanded.
cat builtins.list env.list > both.list
"$GEN" -t 0 -o g.cpio -l g.list both.list 2> g.err
"$KTOOL" -t 0 g.list > k.cpio 2> k.err
content g.cpio > g.mtree
content k.cpio > k.mtree
check "gen -l of that list: the kernel's tool makes the same archive of it" cmp -s g.mtree k.mtree
check "... with every location expanded" sh -c "! grep -F '\${ROMINIT' g.list"

printf 'file /x src/hello 0644 0 0\n' > stdin.list
via_stdin=1 same "a list on standard input ('-'), its relative location from the current directory" \
	stdin.list

cat > typebits.list <<'EOF'
dir /d 040755 0 0
file /d/f src/hello 0100644 0 0
slink /d/l f 0120777 0 0
nod /d/c 020600 0 0 c 1 3
nod /d/b 060600 0 0 b 31 1
pipe /d/p 010600 0 0
sock /d/s 0140600 0 0
EOF
same "modes with the entry's own file type bits" typebits.list

cat > comment.list <<'EOF'
dir /d 0755 0 0 # the kernel's sscanf stops after the gid
nod /d/n 0600 0 0 c 1 3	#tab, then no blank after '#'
slink /d/l n 0777 0 0 # a comment of many words: one two three four five six seven
pipe /d/p 0600 0 0 #
sock /d/s 0600 0 0 # x
EOF
same "a comment after the fields of dir, nod, slink, pipe and sock lines" comment.list

# A line of LIST_LINE_MAX (8241) characters: a name and a target of 4,095
# each, then a comment; the kernel's fgets buffer holds it whole.
seg=$(head -c 199 /dev/zero | tr '\0' a)
name= target=
i=0
while [ $i -lt 20 ]; do name=$name/$seg; target=$target/$seg; i=$((i + 1)); done
name=$name/$(head -c 94 /dev/zero | tr '\0' n)
target=$target/$(head -c 94 /dev/zero | tr '\0' t)
long="slink $name $target 0777 0 0 #"
pad=$((8241 - ${#long}))
long="$long$(head -c $pad /dev/zero | tr '\0' c)"
printf '%s\n' "$long" > long.list
check "that line is 8241 characters long, its name and target 4095" \
	test "${#long}" = 8241 -a "${#name}" = 4095 -a "${#target}" = 4095
# Its parent directories: the kernel's tool adds none.
p=
for d in $(echo "$name" | tr '/' ' '); do
	p=$p/$d
	[ "$p" = "$name" ] || echo "dir $p 0755 0 0"
done > long-dirs.list
cat long-dirs.list long.list > long-all.list
same "a line of 8241 characters, a name and a link target of 4095" long-all.list

# What the kernel's tool does with lists gen refuses.
printf 'file /bin/sh ${ROMINIT_T_UNSET}/bin/sh 0755 0 0\n' > unset.list
"$KTOOL" -t 0 unset.list > k.cpio 2>/dev/null
host_sh=$(sha256sum < /bin/sh | cut -d' ' -f1)
content k.cpio > k.mtree
check "an unset variable: the kernel's tool archives the build host's /bin/sh" \
	grep -q "^./bin/sh .*sha256digest=$host_sh" k.mtree
"$GEN" -o g.cpio unset.list 2>/dev/null
check "... gen refuses it" test $? = 1

printf 'file /a ${ROMINIT_T_SELF} 0644 0 0\n' > self.list
ROMINIT_T_SELF='${ROMINIT_T_SELF}' timeout 2 "$KTOOL" self.list > /dev/null 2>&1
check "a value that refers to itself: the kernel's tool never ends" test $? = 124
check "... gen refuses it" sh -c "ROMINIT_T_SELF='\${ROMINIT_T_SELF}' timeout 10 '$GEN' -o g.cpio self.list 2>/dev/null; test \$? = 1"

printf 'dir /d 0100755 0 0\n' > contra.list
"$KTOOL" -t 0 contra.list > k.cpio 2>/dev/null
content k.cpio > k.mtree
check "a directory's mode with a regular file's type bits: the kernel's tool writes a socket" \
	grep -q '^./d .*type=socket' k.mtree

printf 'file /bin/x src/hello 0755 0 0 # busybox\n' > hash.list
"$KTOOL" -t 0 hash.list > k.cpio 2>/dev/null
check "a comment after a file line: the kernel's tool makes hard links named '#' and 'busybox'" \
	sh -c "bsdtar -tf k.cpio | grep -qx '#' && bsdtar -tf k.cpio | grep -qx busybox"

printf 'fiel /x src/hello 0644 0 0\n' > typo.list
"$KTOOL" -t 0 typo.list > k.cpio 2>/dev/null
k_status=$?
check "an unknown entry type: the kernel's tool succeeds without the entry" \
	sh -c "[ $k_status = 0 ] && ! bsdtar -tf k.cpio | grep -qx x"
printf 'dir\v/x 0755 0 0\n' > vtab.list
"$KTOOL" -t 0 vtab.list > k.cpio 2>/dev/null
check "a vertical tab after the entry type: the kernel's tool skips the line" \
	sh -c "! bsdtar -tf k.cpio | grep -q x"

printf 'dir /x 0755 0 0\nnod /x 0600 0 0 c 1 3\n' > dup.list
"$KTOOL" -t 0 dup.list > k.cpio 2>/dev/null
check "the same path twice: the kernel's tool writes both (the unpacker keeps the last)" \
	test "$(bsdtar -tf k.cpio | grep -cx x)" = 2
done_testing
