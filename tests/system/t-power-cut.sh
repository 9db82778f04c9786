# SPDX-License-Identifier: MIT
# Power cuts (QEMU killed) during the first-boot erase and during a large
# write into the overlay: the next boot reaches the real init with the jffs2
# overlay mounted. block2mtd writes through the guest's page cache, so a cut
# here loses more than real NOR would (the arm64 CFI board tests that);
# what it proves is that every state the cut leaves is recoverable.
# Each cut is classified by what its boot's console showed before it (as in
# t-power-cut-nor.sh): before the erase or write began, in the middle of it,
# or after it ended; the test fails if no cut of a kind landed in the middle.
. "$(dirname "$0")/../lib.sh"

mid_erase=0 after_erase=0 mid_write=0 after_write=0 not_begun=0

for i in 1 2 3; do
	fresh_flash erase$i --size-kib 65536 --data deadc0de
	check "cycle $i: cut during the first-boot erase of 60 MiB" \
		power_cut erase$i-cut erase$i "" "overlay: formatting $DATA_MTD" 400
	boot erase$i-next erase$i; status=$?
	expect_real_init erase$i-next $status "cycle $i: the boot after the cut reaches the real init"
	expect_status erase$i-next overlay jffs2
	# Where the cut fell, and what the next boot must have found and done.
	# Mid-format: block 0, with the marker, is erased last, so the next
	# boot finds the marker and formats again (or, cut after that erase,
	# finds it erased and finishes the format, or finds its cleanmarker
	# and mounts). After the
	# erase: it depends on how much of the erase and the new jffs2
	# block2mtd had written back from the page cache: formatted again,
	# mounted, or wiped if the new overlay was still pending (an
	# interrupted first boot).
	found=$(status_of erase$i-next data_found) action=$(status_of erase$i-next overlay_action)
	delay=$(cat "$scratch/erase$i-cut.delay")
	if ! log_has erase$i-cut "overlay: formatting $DATA_MTD"; then
		not_begun=$((not_begun + 1)) where="before the erase began" expected=
	elif log_has erase$i-cut "overlay: $DATA_MTD formatted in"; then
		after_erase=$((after_erase + 1)) where="after the erase ended"
		! log_has erase$i-cut '^ROMINIT-TEST: done$' || where="$where (so did the boot: nothing cut)"
		expected='deadc0de/formatted erased/mounted erased/wiped jffs2/mounted jffs2/wiped'
	else
		mid_erase=$((mid_erase + 1)) where="mid-erase"
		expected='deadc0de/formatted erased/formatted jffs2/mounted erased/mounted'
	fi
	case " $expected " in
	*" $found/$action "*)
		ok "cycle $i: cut $where ($delay ms after its first line): status data_found=$found, overlay_action=$action" ;;
	*) fail "cycle $i: cut $where ($delay ms in): status data_found=$found overlay_action=$action, want one of: ${expected:-none (no erase to cut)}" ;;
	esac
done
check "the erase cycles: $mid_erase of 3 cuts landed mid-erase ($after_erase after it, $not_begun before it)" \
	test $mid_erase -gt 0

fresh_flash write
boot write-0 write; status=$?
expect_real_init write-0 $status "the write cycles' flash boots"
for i in 1 2 3; do
	check "cycle $i: cut during a 4 MiB write into the overlay" \
		power_cut write-cut$i write "test.do=big-write" '^ROMINIT-TEST: big-write started' 400
	boot write-next$i write; status=$?
	expect_real_init write-next$i $status "cycle $i: the boot after the cut reaches the real init"
	expect_status write-next$i overlay jffs2
	# The overlay was ready before the cut (write-0): mounted as it is.
	expect_status write-next$i overlay_action mounted
	delay=$(cat "$scratch/write-cut$i.delay")
	if ! log_has write-cut$i '^ROMINIT-TEST: big-write started$'; then
		not_begun=$((not_begun + 1))
		fail "cycle $i: cut before the write began ($delay ms after 60 s without it)"
	elif log_has write-cut$i '^ROMINIT-TEST: big-write done$'; then
		after_write=$((after_write + 1)) where="after the write ended"
		! log_has write-cut$i '^ROMINIT-TEST: done$' || where="$where (so did the boot: nothing cut)"
		ok "cycle $i: cut $where ($delay ms after its first line)"
	else
		mid_write=$((mid_write + 1))
		ok "cycle $i: cut mid-write ($delay ms after its first line, before its last)"
	fi
done
check "the write cycles: $mid_write of 3 cuts landed mid-write ($after_write after it)" \
	test $mid_write -gt 0

echo "# power cuts on block2mtd ($BOARD): 3 during the first-boot erase ($mid_erase mid-erase,"
echo "#   $after_erase after it), 3 during a 4 MiB write ($mid_write mid-write, $after_write after it);"
echo "#   $not_begun before what they were to cut had begun"
done_testing
