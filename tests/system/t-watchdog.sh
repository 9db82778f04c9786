# SPDX-License-Identifier: MIT
# The hardware watchdog during the boot (docs/watchdog.md), with QEMU's
# Intel 6300ESB (qemu-run --watchdog: it resets the machine when it expires,
# which under -no-reboot ends QEMU without the kernel's "reboot:" line that
# a reboot of the guest prints). The flash test device erases at real NOR
# speed (kernel/patches/0002), and the board's choice of erasing in the boot
# (CONFIG_FLASH_FORMAT_ERASE) makes the first boot's format seconds of work
# inside single MEMERASE calls:
#   - control: with no BOOT_WATCHDOG the device is there but stopped: the test
#     root starves it and lives on (so the checks below can fail);
#   - a format several times the timeout long reaches the real init with no
#     reset: the feeder child fed it;
#   - WDTFD hand-over: the real init gets the open device as fd WDTFD, feeds
#     it through that, and when it stops, the watchdog resets the machine;
#   - closed hand-over: the real init never opens it, and it resets the
#     machine, since /init left it running;
#   - feed limit: a format longer than the board allows (CONFIG_BOOT_WATCHDOG_
#     FEED_LIMIT) is reset by the watchdog in the middle; the next boot resumes
#     it (blocks erased before are read, not erased) and never starts over:
#     no block erased twice by /init but the one each reset cut.
. "$(dirname "$0")/../lib.sh"

timeout_s=5
erase_ms=250
data_kib=4096
blocks=$((data_kib * 1024 / ERASE_SIZE))
timing="block2mtd.erase_delay_ms=$erase_ms block2mtd.write_through=1 block2mtd.erase_log=1"
BOOT_DISKS=--watchdog

build_variant wdt-fd CONFIG_BOOT_WATCHDOG=y CONFIG_BOOT_WATCHDOG_TIMEOUT=$timeout_s \
	CONFIG_FLASH_FORMAT_ERASE=y || fail "the BOOT_WATCHDOG /init builds"
build_variant wdt-close CONFIG_BOOT_WATCHDOG=y CONFIG_BOOT_WATCHDOG_TIMEOUT=$timeout_s \
	CONFIG_BOOT_WATCHDOG_HANDOVER_CLOSE=y || fail "the closed hand-over /init builds"
build_variant wdt-limit CONFIG_BOOT_WATCHDOG=y CONFIG_BOOT_WATCHDOG_TIMEOUT=$timeout_s \
	CONFIG_BOOT_WATCHDOG_FEED_LIMIT=8 CONFIG_FLASH_FORMAT_ERASE=y ||
	fail "the feed-limited /init builds"

# upgraded NAME: rootfs_data as sysupgrade leaves it, the marker in block 0
# over the previous firmware's bytes: the whole partition to format.
upgraded() {
	{ printf '\336\255\300\336'; head -c $((data_kib * 1024 - 4)) /dev/urandom; } > "$scratch/$1.data"
	fresh_flash "$1" --data-kib $data_kib --data-image "$scratch/$1.data"
}

# reset_by_watchdog NAME DESC: QEMU ended by itself (no hard timeout), with
# no kernel "reboot:" line and before the test root's last word.
reset_by_watchdog() { # NAME STATUS DESC
	if [ "$2" -eq 0 ] && ! log_has "$1" '^\[ *[0-9.]*\] reboot: ' &&
		! log_has "$1" '^ROMINIT-TEST: alive after 40 s without feeding'; then
		ok "$3"
	else
		fail "$3 (qemu-run status $2)"
		show_log "$1"
	fi
}

# ---- control: a stopped watchdog does not reset -------------------------------
fresh_flash none
boot none none "test.do=watchdog-starve" "$O/initramfs.cpio.gz"; status=$?
expect_real_init none $status "control: without BOOT_WATCHDOG, the boot with the watchdog device reaches the real init"
expect_log none "control: /init leaves the watchdog alone" '^ROMINIT-TEST: watchdog-fd none none$'
expect_log none "control: nothing resets the machine while the test root starves it" \
	'^ROMINIT-TEST: alive after 40 s without feeding the watchdog$'
expect_log none "control: which then reboots itself" '^\[ *[0-9.]*\] reboot: '

# ---- a long format, fed; the WDTFD hand-over ----------------------------------
upgraded fd
boot fd fd "$timing test.do=watchdog-starve" "$scratch/wdt-fd/initramfs.cpio.gz"; status=$?
expect_log fd "fd: /init opens the watchdog and feeds it every quarter of its timeout" \
	"rominit: .*watchdog: /dev/watchdog \\(i6300ESB timer\\), timeout $timeout_s s: fed every $((timeout_s * 250)) ms for at most 600 s, then handed to the real init as WDTFD"
expect_log fd "fd: the erase-all format ran" "overlay: $DATA_MTD formatted in [0-9]+ ms: $blocks blocks"
format_ms=$(status_of fd format_ms)
check "fd: the format (${format_ms:-?} ms) took over 2 timeouts of $timeout_s s, inside MEMERASE calls" \
	test "${format_ms:-0}" -gt $((2 * timeout_s * 1000))
expect_log fd "fd: the real init starts: no reset during the format" '^ROMINIT-TEST: real-init pid=1$'
expect_status fd watchdog /dev/watchdog
expect_status fd watchdog_timeout_s $timeout_s
expect_status fd watchdog_handover fd
expect_log fd "fd: /init hands it over as WDTFD" 'rominit: .*watchdog: fed and handed over as WDTFD=[0-9]+$'
expect_log fd "fd: the real init has the open watchdog as WDTFD" \
	'^ROMINIT-TEST: watchdog-fd [0-9]+ /dev/watchdog$'
expect_log fd "fd: and feeds it through that fd" \
	'^ROMINIT-TEST: watchdog fed through WDTFD=[0-9]+ 8 times$'
expect_log fd "fd: then starves it" '^ROMINIT-TEST: starving the watchdog$'
reset_by_watchdog fd $status "fd: the watchdog, armed through the hand-over, resets the machine"

# ---- the closed hand-over ------------------------------------------------------
fresh_flash close
boot close close "test.do=watchdog-starve" "$scratch/wdt-close/initramfs.cpio.gz"; status=$?
expect_log close "close: the real init starts" '^ROMINIT-TEST: real-init pid=1$'
expect_status close watchdog_handover closed
expect_log close "close: no fd is passed on" '^ROMINIT-TEST: watchdog-fd none none$'
expect_log close "close: the kernel says it was closed running" 'watchdog did not stop!'
expect_log close "close: the test root never opens it" '^ROMINIT-TEST: starving the watchdog$'
reset_by_watchdog close $status "close: left running, the watchdog resets the machine"

# ---- the feed limit: reset in the middle of the format, resumed ----------------
# Each boot's /init erases (the lines before its "formatted" line; jffs2's
# background erase comes after), the last one of a reset boot maybe cut.
upgraded limit
: > "$scratch/limit.erases"
: > "$scratch/limit.cut-erases"
n=0 resets=0 done_at=
while [ $n -lt 5 ] && [ -z "$done_at" ]; do
	n=$((n + 1))
	boot limit-$n limit "$timing" "$scratch/wdt-limit/initramfs.cpio.gz"; status=$?
	sed -n "1,/overlay: $DATA_MTD formatted in/p" "$scratch/limit-$n.log" |
		grep -o '[^ ]*: erase 0x[0-9a-f]*$' > "$scratch/limit-$n.erases"
	cat "$scratch/limit-$n.erases" >> "$scratch/limit.erases"
	if log_has limit-$n '^ROMINIT-TEST: real-init pid=1$'; then
		done_at=$n
	else
		resets=$((resets + 1))
		tail -n 1 "$scratch/limit-$n.erases" >> "$scratch/limit.cut-erases"
		reset_by_watchdog limit-$n $status "limit: boot $n: the watchdog resets the machine"
		expect_log limit-$n "limit: boot $n: /init says it stopped feeding at its limit" \
			'watchdog: /init has worked for 8 s, the board.s limit \(CONFIG_BOOT_WATCHDOG_FEED_LIMIT\): no longer feeding'
		check "limit: boot $n was reset in the middle of the format ($(wc -l < "$scratch/limit-$n.erases") erases)" \
			test -s "$scratch/limit-$n.erases"
	fi
done
check "limit: the format finishes after $resets watchdog resets (boot ${done_at:-none})" \
	test -n "$done_at" -a $resets -ge 1
[ -z "$done_at" ] || {
	expect_log limit-$done_at "limit: the last boot resumes: blocks erased before are read, not erased" \
		"overlay: $DATA_MTD formatted in [0-9]+ ms: $blocks blocks of $ERASE_SIZE bytes, [0-9]+ erased( and verified)?, [1-9][0-9]* already erased"
	expect_status limit-$done_at overlay_action formatted
}
twice=$(sort "$scratch/limit.erases" | uniq -c | while read -r c line; do
	allowed=$((1 + $(grep -cxF "$line" "$scratch/limit.cut-erases")))
	[ "$c" -le $allowed ] || echo "$line ($c times)"
done)
check "limit: /init erased $(sort -u "$scratch/limit.erases" | wc -l) of $blocks blocks over $n boots, none twice but the $resets a reset cut${twice:+: $twice}" \
	test -z "$twice" -a "$(sort -u "$scratch/limit.erases" | wc -l)" -eq $blocks

done_testing
