# SPDX-License-Identifier: MIT
# A factory reset cut by a power loss: the reset is on flash (state PENDING,
# synced) before the first file is deleted, so the boot after any cut
# finishes it (a cut before it was on flash leaves every file: all or
# nothing), whether the reset came from the kernel argument or a hook.
# RESET_CUT_CYCLES cuts (default 6), each at a random point from the
# partition's identification to the end of the wipe of ~600 files, the span
# measured by a reference reset that is not cut.
. "$(dirname "$0")/../lib.sh"

cycles=${RESET_CUT_CYCLES:-6}
mid_wipe=0 before_reset=0

# stamp NAME REGEX: the [+s.mmm] of the first rominit line matching REGEX, in ms.
stamp() {
	grep -E -- "rominit: \[\+[0-9]+\.[0-9]+s\] .*$2" "$scratch/$1.log" | head -n 1 |
		sed 's/.*rominit: \[+\([0-9]*\)\.\([0-9]*\)s\].*/\1\2/; s/^0*//'
}

# One overlay with user files, a dot-directory, 600 small files and
# sysupgrade.tgz; every cycle starts from a copy of it.
fresh_flash base
boot base base "test.do=populate,many-files"; status=$?
expect_real_init base $status "the overlay to reset is written"
seed() { cp "$scratch/base.img" "$scratch/$1.img" && cp "$scratch/base.img.layout" "$scratch/$1.img.layout"; }

# wiped_clean NAME DESCRIPTION: the user's files are gone, sysupgrade.tgz kept.
wiped_clean() {
	expect_log "$1" "$2: the 600 files are gone" '^ROMINIT-TEST: many-files 0$'
	expect_log "$1" "$2: the user file is gone" '^ROMINIT-TEST: exists /etc/config-file no$'
	expect_log "$1" "$2: the dot-directory is gone" '^ROMINIT-TEST: exists /root/.ssh/id no$'
	expect_log "$1" "$2: sysupgrade.tgz kept" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'
	expect_log "$1" "$2: marked ready" '^ROMINIT-TEST: overlay-state 2$'
}

seed ref
boot ref ref "rominit.factory_reset"; status=$?
expect_real_init ref $status "a reset that is not cut reaches the real init"
wiped_clean ref "reset not cut"
expect_log ref "the reset is made durable before the wipe" \
	'overlay: factory reset: wiping /overlay$'
from=$(stamp ref "overlay: $DATA_MTD \"$DATA_PART\" starts with")
to=$(stamp ref 'overlay: factory reset: wiped [0-9]+ entries')
span=$(( ${to:-0} - ${from:-0} ))
check "the reference reset says how long identification to the end of the wipe took ($span ms)" \
	test "$span" -gt 0
[ "$span" -gt 0 ] || span=2000

i=1
while [ $i -le $cycles ]; do
	seed cut$i
	# The regex is polled every 100 ms: the cuts range a little past the span.
	check "cycle $i: power cut during the factory reset" \
		power_cut cut$i-cut cut$i "rominit.factory_reset" "overlay: $DATA_MTD \"$DATA_PART\" starts with" \
		$((span + 100))
	boot cut$i-next cut$i; status=$?
	expect_real_init cut$i-next $status "cycle $i (cut $(cat "$scratch/cut$i-cut.delay") ms in): the next boot, without the argument, reaches the real init"
	expect_status cut$i-next overlay jffs2
	if log_has cut$i-cut 'overlay: factory reset: wip(ing|ed)'; then
		# The reset had begun (or even ended): the next boot finishes it.
		log_has cut$i-cut 'factory reset: wiped [0-9]+ entries' || mid_wipe=$((mid_wipe + 1))
		wiped_clean cut$i-next "cycle $i, cut after the reset began"
	elif log_has cut$i-next '^ROMINIT-TEST: many-files 600$'; then
		# Cut before the reset was on flash: nothing was deleted.
		before_reset=$((before_reset + 1))
		expect_log cut$i-next "cycle $i, cut before the reset began: the user file is intact" \
			'^ROMINIT-TEST: exists /etc/config-file yes$'
		expect_log cut$i-next "cycle $i, cut before the reset began: the dot-directory is intact" \
			'^ROMINIT-TEST: exists /root/.ssh/id yes$'
	else
		# Cut between the state's write and its log line: wiped.
		wiped_clean cut$i-next "cycle $i, cut as the reset began (all or nothing)"
	fi
	rm -f "$scratch/cut$i.img"
	i=$((i + 1))
done
echo "# factory resets cut: $cycles; $mid_wipe in the middle of the wipe, $before_reset before the"
echo "#   reset was on flash (nothing deleted); identification to the end of the wipe: $span ms"
done_testing
