# SPDX-License-Identifier: MIT
# Bad input: one line naming file, line, column and problem; a non-zero
# exit; and no output file (nor temporary) left behind.
. "$(dirname "$0")/../lib.sh"

cd "$scratch" || exit 1
mkdir out

# expect_error NAME EXPECTED-STDERR GEN-ARGS...: exit status 1 (bad input),
# or $want_status (2 for a bad command line).
expect_error() {
	name=$1 want=$2; shift 2
	"$GEN" "$@" 2>err >/dev/null
	status=$?
	got=$(cat err)
	if [ $status -eq "${want_status:-1}" ] && [ "$got" = "$want" ] && [ -z "$(ls -A out)" ]; then
		ok "$name"
	else
		fail "$name: status $status, stderr '$got', want '$want', left: $(ls -A out | tr '\n' ' ')"
	fi
}

line() { printf '%s\n' "$1" > "$2"; }

line 'file /x missing 0644 0 0' missing.list
expect_error "missing source file" \
	"gen: missing.list:1:9: source file '$scratch/missing': No such file or directory" \
	-o out/a.cpio -l out/a.list missing.list

expect_error "missing source file, list output only (checked before the kernel build reads the list)" \
	"gen: missing.list:1:9: source file '$scratch/missing': No such file or directory" \
	-l out/a.list missing.list

# Sources are checked when read, after the whole list parsed: a later
# syntax error is reported first, and only one line either way.
printf 'file /x missing 0644 0 0\ndir /y 0755 0\n' > order.list
expect_error "syntax errors before missing sources" \
	"gen: order.list:2:1: wrong number of fields; expected: dir <name> <mode> <uid> <gid>" \
	-o out/a.cpio order.list

mkfifo afifo
line 'file /x afifo 0644 0 0' fifo.list
expect_error "a FIFO where a file is expected: refused, not waited on" \
	"gen: fifo.list:1:9: source '$scratch/afifo' is not a regular file" -o out/a.cpio fifo.list
expect_error "a FIFO, list output only" \
	"gen: fifo.list:1:9: source '$scratch/afifo' is not a regular file" -l out/a.list fifo.list

mkdir adir
line 'file /x adir 0644 0 0' dir.list
expect_error "directory where a file is expected" \
	"gen: dir.list:1:9: source '$scratch/adir' is not a regular file" -o out/a.cpio dir.list

line 'dir /x 08x4 0 0' mode.list
expect_error "bad mode" \
	"gen: mode.list:1:8: bad mode (octal, at most 07777) '08x4'" -o out/a.cpio mode.list

# File type bits: the entry's own are accepted (tests/gen/t-kernel.sh); others
# the kernel's tool would OR into another type.
line 'dir /x 17777 0 0' mode2.list
expect_error "mode with a named pipe's file type bits on a directory" \
	"gen: mode2.list:1:8: mode '17777' has the file type bits of a named pipe, not of a directory (040000, or none)" \
	-o out/a.cpio mode2.list
line 'nod /x 020600 0 0 b 1 3' mode3.list
expect_error "mode with a character device's type bits on a block device" \
	"gen: mode3.list:1:8: mode '020600' has the file type bits of a character device, not of a block device (060000, or none)" \
	-o out/a.cpio mode3.list
line 'file /x ok.list 0170644 0 0' mode4.list
expect_error "mode with file type bits of no type" \
	"gen: mode4.list:1:17: mode '0170644' has file type bits 0170000, which are no file type's" \
	-o out/a.cpio mode4.list
line 'pipe /x 0200644 0 0' mode5.list
expect_error "mode beyond the file type bits" \
	"gen: mode5.list:1:9: bad mode (octal, at most 07777) '0200644'" -o out/a.cpio mode5.list

line 'fifo /x 0644 0 0' type.list
expect_error "unknown entry type" \
	"gen: type.list:1:1: unknown entry type 'fifo' (file dir nod slink pipe sock)" \
	-o out/a.cpio type.list

line 'dir /tmp 0777 0 0' ww.list
expect_error "world-writable directory without the sticky bit" \
	"gen: ww.list:1:10: world-writable directory without the sticky bit: 0777 (1777, as /tmp has, if that is meant)" \
	-o out/a.cpio ww.list

line 'dir /etc/../../x 0755 0 0' dotdot.list
expect_error "path escaping with .." \
	"gen: dotdot.list:1:5: path escapes with '..': '/etc/../../x'" -o out/a.cpio dotdot.list

long=$(head -c 4200 /dev/zero | tr '\0' a)
line "dir /$long 0755 0 0" long.list
expect_error "name longer than PATH_MAX" \
	"gen: long.list:1:5: name longer than PATH_MAX: '/$(echo "$long" | cut -c1-59)...'" \
	-o out/a.cpio long.list

line "dir /$(head -c 9000 /dev/zero | tr '\0' a) 0755 0 0" huge.list
expect_error "list line over the line limit" \
	"gen: huge.list:1: line longer than 8241 characters" -o out/a.cpio huge.list
# The kernel's tool reads 8241 characters at a time (tests/gen/t-kernel.sh
# has a line of 8241).
line "dir /x 0755 0 0 #$(head -c 8225 /dev/zero | tr '\0' c)" huge2.list
expect_error "a line of 8242 characters, which the kernel's tool would read as two" \
	"gen: huge2.list:1: line longer than 8241 characters" -o out/a.cpio huge2.list

line "slink /x /$(head -c 4095 /dev/zero | tr '\0' t) 0777 0 0" target.list
expect_error "a link target of 4096 bytes, which the kernel's unpacker drops" \
	"gen: target.list:1:10: link target longer than PATH_MAX" -o out/a.cpio target.list

line 'dir /x 0755 0' fields.list
expect_error "wrong number of fields" \
	"gen: fields.list:1:1: wrong number of fields; expected: dir <name> <mode> <uid> <gid>" \
	-o out/a.cpio fields.list

printf 'dir /x 0755 0 0\nnod /x 0600 0 0 c 1 3\n' > dup.list
expect_error "the same path twice" \
	"gen: dup.list:2: /x already defined at dup.list:1" -o out/a.cpio dup.list

printf 'file /x %s/ok.list 0644 0 0' "$scratch" > fields.list
i=0; while [ $i -lt 70 ]; do printf ' /l%d' $i >> fields.list; i=$((i + 1)); done
echo >> fields.list
line 'dir /x 0755 0 0' ok.list
expect_error "more fields than the parser keeps (hard links are never dropped silently)" \
	"gen: fields.list:1:1: more than 64 fields" -o out/a.cpio fields.list

line "file /bin/x $scratch/ok.list 0755 0 0 # busybox" hash.list
expect_error "a comment after a file line's fields, which the kernel's tool takes for link names" \
	"gen: hash.list:1:$(( ${#scratch} + 31 )): '#' here starts no comment: gen_init_cpio takes every word after a file line's gid for a hard link name" \
	-o out/a.cpio hash.list
line "file /bin/x $scratch/ok.list 0755 0 0 /bin/y #" hash2.list
expect_error "... nor after its link names" \
	"gen: hash2.list:1:$(( ${#scratch} + 38 )): '#' here starts no comment: gen_init_cpio takes every word after a file line's gid for a hard link name" \
	-o out/a.cpio hash2.list
line 'dir /x 0755 0 0 extra' extra.list
expect_error "a word after a dir line's fields that starts no comment" \
	"gen: extra.list:1:1: wrong number of fields; expected: dir <name> <mode> <uid> <gid>" \
	-o out/a.cpio extra.list
line 'dir /x 0755 0 #0' early.list
expect_error "a '#' in the place of a field is that field" \
	"gen: early.list:1:15: bad gid '#0'" -o out/a.cpio early.list
line "file /bin/x $scratch/ok.list 0755 0 0 /bin/y $(printf '\303\251')" utf8.list
expect_error "a link name starting with a non-ASCII byte, where the kernel's tool stops reading links" \
	"gen: utf8.list:1:$(( ${#scratch} + 38 )): gen_init_cpio ignores a hard link name starting with a non-ASCII byte, and every one after it: '$(printf '\303\251')'" \
	-o out/a.cpio utf8.list
printf 'dir\v/x 0755 0 0\n' > vtab.list
expect_error "a vertical tab after the entry type, where the kernel's tool skips the line" \
	"gen: vtab.list:1:1: entry type 'dir' must be set off by spaces or tabs (gen_init_cpio splits it off at those alone)" \
	-o out/a.cpio vtab.list

# ${NAME} in a location: where the kernel's tool puts nothing for a
# variable (and so names another file), cuts the path or never ends.
line 'file /x ${ROMINIT_T_UNSET}/bin/sh 0755 0 0' unset.list
expect_error "an unset environment variable in a location" \
	"gen: unset.list:1:9: environment variable 'ROMINIT_T_UNSET' is not set" -o out/a.cpio unset.list
line 'file /x /usr${ROMINIT_T_EMPTY}/bin/sh 0755 0 0' empty.list
export ROMINIT_T_EMPTY=
expect_error "an empty one" \
	"gen: empty.list:1:13: environment variable 'ROMINIT_T_EMPTY' is empty" -o out/a.cpio empty.list
line 'file /x /usr/${}sh 0755 0 0' noname.list
expect_error "'\${}'" "gen: noname.list:1:14: '\${}' names no environment variable" \
	-o out/a.cpio noname.list
line 'file /x a${ROMINIT_T_A} 0755 0 0' self.list
export ROMINIT_T_A='${ROMINIT_T_B}' ROMINIT_T_B='${ROMINIT_T_A}'
expect_error "variables whose values refer to each other" \
	"gen: self.list:1:10: environment variables in the location expand without end: a value refers back to itself ('\${ROMINIT_T_A}')" \
	-o out/a.cpio self.list
export ROMINIT_T_BIG="/$(head -c 3000 /dev/zero | tr '\0' b)"
line 'file /x ${ROMINIT_T_BIG}${ROMINIT_T_BIG} 0755 0 0' big.list
expect_error "an expansion past PATH_MAX, which the kernel's tool would cut" \
	"gen: big.list:1:25: location longer than PATH_MAX with '\${ROMINIT_T_BIG}' expanded" \
	-o out/a.cpio big.list
line "file /x /$(head -c 4095 /dev/zero | tr '\0' l) 0755 0 0" longloc.list
expect_error "a location field of 4096 characters, which the kernel's tool reads as two fields" \
	"gen: longloc.list:1:9: location longer than PATH_MAX" -o out/a.cpio longloc.list

# A list on standard input.
printf 'dir /x 0755 0 0\nfile /y missing 0644 0 0\n' > stdin.list
expect_error "a list on standard input is named <stdin>; its relative location is from the current directory" \
	"gen: <stdin>:2:9: source file '$scratch/missing': No such file or directory" \
	-o out/a.cpio - < stdin.list
want_status=2
expect_error "standard input named twice (usage error, status 2)" \
	"gen: -: standard input given as a list 2 times; it can be read once" \
	-o out/a.cpio - -- - < stdin.list
want_status=1

printf 'dir /a 0755 0 0\n#\000\ndir /evil 0755 0 0\n' > nul.list
expect_error "a NUL byte in a line" "gen: nul.list:2: line contains a NUL byte" -o out/a.cpio nul.list

mkdir isdir.list.d
expect_error "an output that is a directory replaces no other output" \
	"gen: isdir.list.d: is a directory" -o out/a.cpio -l isdir.list.d ok.list

line 'nod /x 0600 0 0 q 1 3' nod.list
expect_error "bad device type" \
	"gen: nod.list:1:17: device type must be c or b, not 'q'" -o out/a.cpio nod.list

want_status=2
expect_error "unknown compression (usage error, status 2)" \
	"gen: --compress: unknown compression 'bzip2' (known: none gzip xz zstd lz4 lzma)" \
	-c bzip2 -o out/a.cpio nod.list
want_status=1

# A fatal signal removes the temporaries.
head -c 40000000 /dev/urandom > big
line "file /big $scratch/big 0644 0 0" big.list
"$GEN" -c xz -o out/big.cpio.xz big.list 2>/dev/null &
pid=$!
sleep 1
kill -TERM $pid 2>/dev/null
wait $pid
check "SIGTERM leaves no temporary file behind" test -z "$(ls -A out)"

# An unwritable output directory: a read-only mount when we are root (root
# ignores permission bits), else a directory without write permission.
line 'dir /x 0755 0 0' ok.list
mkdir ro
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o ro,size=64k tmpfs ro 2>/dev/null; then
	why="Read-only file system"
else
	chmod 555 ro
	why="Permission denied"
fi
"$GEN" -o ro/a.cpio ok.list 2>err
status=$?
got=$(cat err)
case $got in
"gen: ro/a.cpio.tmp."??????": cannot create output: $why") ok_msg=1 ;;
*) ok_msg= ;;
esac
if [ $status -eq 1 ] && [ -n "$ok_msg" ] && [ -z "$(ls -A ro)" ]; then
	ok "unwritable output directory"
else
	fail "unwritable output directory: status $status, stderr '$got'"
fi

# A second output failing must not leave the first one behind.
"$GEN" -o out/a.cpio -l ro/a.list ok.list 2>/dev/null
check "no partial set of outputs when a later one fails" test -z "$(ls -A out)"
mountpoint -q ro && umount ro
chmod 755 ro

# A full disk: the write itself fails.
mkdir full
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
	head -c 300000 /dev/urandom > big
	line "file /big $scratch/big 0644 0 0" big.list
	"$GEN" -o full/a.cpio big.list 2>err
	status=$?
	if [ $status -eq 1 ] && grep -q 'No space left on device' err && [ -z "$(ls -A full)" ]; then
		ok "full disk"
	else
		fail "full disk: status $status, stderr '$(cat err)', left: $(ls -A full)"
	fi
	umount full
else
	ok "full disk # SKIP needs root to mount a small tmpfs"
fi
done_testing
