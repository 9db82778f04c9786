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

line 'dir /x 17777 0 0' mode2.list
expect_error "mode with file-type bits" \
	"gen: mode2.list:1:8: bad mode (octal, at most 07777) '17777'" -o out/a.cpio mode2.list

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
	"gen: huge.list:1: line longer than 8192 characters" -o out/a.cpio huge.list

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
expect_error "a trailing comment is not taken for link names" \
	"gen: hash.list:1:$(( ${#scratch} + 31 )): '#' starts a comment only at the start of a line" \
	-o out/a.cpio hash.list

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
