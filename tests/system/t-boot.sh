# SPDX-License-Identifier: MIT
# The core path on the virtual board: boot 1 on a fresh flash writes into the
# jffs2 overlay; boot 2 on the same flash sees it. The squashfs is on /rom,
# the overlay on /, the initramfs is freed, and /init says each step. Runs on every board.
. "$(dirname "$0")/../lib.sh"
rootblk=/dev/mtdblock${ROOTFS_MTD#mtd}

fresh_flash flash
boot first flash; status=$?
expect_real_init first $status "boot 1 reaches the real init"
expect_log first "kernel ran /init from the initramfs" 'Run /init as init process'
expect_log first "/init logs its start to the kernel log" "rominit: \\[\\+0\\.[0-9]{3}s\\] rominit .* for board $BOARD starting"
expect_log first "root found by mtd:$ROOT_PART and mounted" "rominit: .* root: mounted $rootblk \\(mtd:$ROOT_PART\\) as squashfs on /rom\$"
expect_log first "rootfs_data identified as erased flash" "rominit: .* overlay: $DATA_MTD \"$DATA_PART\" starts with: erased\$"
expect_log first "jffs2 mounted from rootfs_data" "rominit: .* overlay: jffs2 from $DATA_MTD on /overlay \\(mounted, state was absent\\)\$"
expect_log first "status file: jffs2 overlay, no fallback" '^ROMINIT-TEST: status overlay=jffs2$'
expect_log first "status file: empty fallback reason" '^ROMINIT-TEST: status overlay_reason=$'
expect_log first "status file: stage times" '^ROMINIT-TEST: status time_overlay_ms=[0-9]+$'
expect_log first "status file: root's, writable by nobody else" '^ROMINIT-TEST: status-file 644 0:0 in 755 0:0$'
expect_log first "the new overlay is marked ready" '^ROMINIT-TEST: overlay-state 2$'
expect_log first "/dev and the root device are intact in the real root" '^ROMINIT-TEST: dev-intact yes$'
check "the kmsg rate limit: no failed restore logged" sh -c "! grep -q 'cannot restore' '$scratch/first.log'"
expect_log first "the real init finds the kernel's default kmsg rate limit, as before /init lifted it" \
	'^ROMINIT-TEST: printk-devkmsg ratelimit$'
expect_log first "switch_root freed the initramfs" 'rominit: .* switch_root: freed the initramfs \([0-9]+ entries\)'
expect_log first "exec of the real init logged" 'rominit: .* switch_root: exec /sbin/init \(overlay jffs2\)$'
expect_log first "the squashfs is on /rom" "^ROMINIT-TEST: mount /rom squashfs $rootblk\$"
expect_log first "the jffs2 is on /overlay" "^ROMINIT-TEST: mount /overlay jffs2 mtd:$DATA_PART\$"
expect_log first "the overlay is on /" '^ROMINIT-TEST: mount / overlay overlay$'
expect_log first "/dev, /proc, /sys moved into the new root" '^ROMINIT-TEST: mount /dev devtmpfs'
expect_log first "the real init is PID 1" '^ROMINIT-TEST: real-init pid=1$'
expect_log first "boot 1 counts 1" '^ROMINIT-TEST: boot-count 1$'
check "no kmsg lines lost to the rate limit" sh -c "! grep -q 'output lines suppressed' '$scratch/first.log'"

boot second flash; status=$?
expect_real_init second $status "boot 2 on the same flash reaches the real init"
expect_log second "a file written in boot 1 persisted in the overlay" '^ROMINIT-TEST: boot-count 2$'
expect_log second "the overlay found ready is mounted as it is" "rominit: .* overlay: jffs2 from $DATA_MTD on /overlay \\(mounted, state was ready\\)\$"

# The kmsg rate limit's restore, seen to be made. Above, the real init finds
# the kernel's default, as it also would if /init had never lifted the limit
# (nothing to restore): an ordinary boot logs fewer lines than the limit's
# burst (10 a writer per 5 s, then dropped). So one boot whose /init logs
# more: five malformed arguments of ours, each named in a line (t-cmdline.sh)
# and otherwise ignored. More than 10 of its lines through /dev/kmsg (those
# with the kernel's timestamp) within 5 s show the limit was lifted, so there
# was a value to restore; the real init finding "ratelimit" shows the
# restore was made.
boot kmsg flash "rootdelay=abc rootwait=99999 rominit.reboot_delay=-1 rominit.failsafe=maybe rominit.factory_reset=2"; status=$?
expect_real_init kmsg $status "a boot logging more than the kmsg burst reaches the real init"
# N MS: /init's lines through /dev/kmsg, and the time from its first to its last.
set -- $(sed -n 's/^\[ *[0-9]*\.[0-9]*\] rominit: \[+\([0-9]*\.[0-9]*\)s\] .*/\1/p' "$scratch/kmsg.log" |
	awk 'NR == 1 { first = $1 } { last = $1 } END { printf "%d %d\n", NR, (last - first) * 1000 + 0.5 }')
kmsg_n=$1 kmsg_ms=$2
devkmsg=$(sed -n 's/^ROMINIT-TEST: printk-devkmsg //p' "$scratch/kmsg.log")
if [ "$kmsg_n" -gt 10 ] && [ "$kmsg_ms" -lt 5000 ] && [ "$devkmsg" = ratelimit ] &&
	! log_has kmsg 'output lines suppressed|cannot restore'; then
	ok "the kmsg rate limit is lifted ($kmsg_n lines of /init in $kmsg_ms ms through /dev/kmsg) and restored before exec (the real init finds '$devkmsg')"
else
	fail "the kmsg rate limit is lifted and restored before exec: $kmsg_n lines of /init in $kmsg_ms ms through /dev/kmsg (want over 10 in under 5000), the real init finds '$devkmsg' (want 'ratelimit')"
	show_log kmsg
fi
# make run, as a newcomer types it, with kernel arguments through APPEND=
# (its own output directory; stdin closed; test.reboot ends it).
timeout -s KILL 300 env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$top" --no-print-directory \
	BOARD="$BOARD" O="$scratch/run-o" run APPEND="test.reboot test.do=populate" \
	</dev/null > "$scratch/make-run.log" 2>&1
check "make run APPEND=...: the arguments reach the kernel" \
	grep -q 'Kernel command line: .* test.reboot test.do=populate' "$scratch/make-run.log"
check "... and the real init runs" grep -q '^ROMINIT-TEST: boot-count 1' "$scratch/make-run.log"
rm -rf "$scratch/run-o"
# A person's boot (no test.reboot): a summary, not the tests' facts; a
# typed reboot -f ends it (the first line is eaten by the line editor).
printf ':::::::::\nreboot -f\n' > "$scratch/typed"
"$top/scripts/qemu-run" --board "$BOARD" --kernel "$(test_kernel)" --initrd "$O/initramfs.cpio.gz" \
	--flash "$scratch/flash.img" --log "$scratch/person.raw" --timeout 120 --input "$scratch/typed"
tr -d '\r' < "$scratch/person.raw" > "$scratch/person.log"
expect_log person "an interactive boot prints a one-line summary" \
	'^rominit test root: overlay jffs2 \(mounted\) on /dev/mtd[0-9]+, boot [0-9]+, root /dev/mtdblock[0-9]+, /init took [0-9]+ ms$'
check "... and none of the tests' ROMINIT-TEST lines" sh -c "! grep -q '^ROMINIT-TEST:' '$scratch/person.log'"
done_testing
