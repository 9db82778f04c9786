# Power cuts (QEMU killed) during the first-boot erase and during a large
# write into the overlay: the next boot reaches the real init with the jffs2
# overlay mounted. block2mtd writes through the guest's page cache, so a cut
# here loses more than real NOR would (the arm64 CFI board tests that);
# what it proves is that every state the cut leaves is recoverable.
. "$(dirname "$0")/../lib.sh"

for i in 1 2 3; do
	fresh_flash erase$i --size-kib 65536 --data deadc0de
	check "cycle $i: cut during the first-boot erase of 60 MiB" \
		power_cut erase$i-cut erase$i "" "overlay: formatting $DATA_MTD" 400
	boot erase$i-next erase$i; status=$?
	expect_real_init erase$i-next $status "cycle $i: the boot after the cut reaches the real init"
	expect_status erase$i-next overlay jffs2
done

fresh_flash write
boot write-0 write
for i in 1 2 3; do
	check "cycle $i: cut during a 4 MiB write into the overlay" \
		power_cut write-cut$i write "test.do=big-write" '^ROMINIT-TEST: big-write started' 400
	boot write-next$i write; status=$?
	expect_real_init write-next$i $status "cycle $i: the boot after the cut reaches the real init"
	expect_status write-next$i overlay jffs2
done
done_testing
