# Power cuts (QEMU killed) during the first-boot erase and during a large
# write into the overlay: the next boot reaches the real init with the jffs2
# overlay mounted. block2mtd writes through the guest's page cache, so a cut
# here loses more than real NOR would (the arm64 CFI board tests that);
# what it proves is that every state the cut leaves is recoverable.
. "$(dirname "$0")/../lib.sh"

# cut NAME FLASH APPEND REGEX: boot, and kill QEMU a random 0-400 ms after the
# console shows REGEX (or after 60 s).
cut() {
	local name=$1 flash=$2 append=$3 regex=$4 waited=0
	rm -f "$scratch/$name.pid" "$scratch/$name.raw"
	"$top/scripts/qemu-run" --board "$BOARD" --kernel "$(test_kernel)" \
		--initrd "$O/initramfs.cpio.gz" --flash "$scratch/$flash.img" \
		--append "test.reboot $append" --log "$scratch/$name.raw" --timeout 90 \
		--pidfile "$scratch/$name.pid" &
	while [ $waited -lt 600 ] && ! grep -aqE "$regex" "$scratch/$name.raw" 2>/dev/null; do
		sleep 0.1
		waited=$((waited + 1))
	done
	sleep "0.$(shuf -i 0-400 -n 1 | xargs printf '%03d')"
	kill -9 "$(cat "$scratch/$name.pid")" 2>/dev/null
	wait
	tr -d '\r' < "$scratch/$name.raw" > "$scratch/$name.log"
	grep -aqE "$regex" "$scratch/$name.log"
}

for i in 1 2 3; do
	fresh_flash erase$i --size-kib 65536 --data deadc0de
	check "cycle $i: cut during the first-boot erase of 60 MiB" \
		cut erase$i-cut erase$i "" 'overlay: formatting mtd2'
	boot erase$i-next erase$i; status=$?
	expect_real_init erase$i-next $status "cycle $i: the boot after the cut reaches the real init"
	expect_status erase$i-next overlay jffs2
done

fresh_flash write
boot write-0 write
for i in 1 2 3; do
	check "cycle $i: cut during a 4 MiB write into the overlay" \
		cut write-cut$i write "test.do=big-write" '^ROMINIT-TEST: big-write started'
	boot write-next$i write; status=$?
	expect_real_init write-next$i $status "cycle $i: the boot after the cut reaches the real init"
	expect_status write-next$i overlay jffs2
done
done_testing
