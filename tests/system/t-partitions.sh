# SPDX-License-Identifier: MIT
# The root on a disk partition named the ways OpenWrt's block images and
# eMMC boards name it: root=PARTLABEL= (the GPT name, the uevent's PARTNAME)
# and root=PARTUUID= (a GPT partition's GUID, an MBR's SSSSSSSS-PP), on
# disks that sfdisk partitions, the squashfs written into the partition with
# dd. The overlay stays on the board's flash. A label two disks answer is
# refused, not guessed; an /init built without CONFIG_BLOCK says so.
. "$(dirname "$0")/../lib.sh"

build_variant part CONFIG_BLOCK=y || { fail "an /init with CONFIG_BLOCK builds"; done_testing; }
part_initrd=$scratch/part/initramfs.cpio.gz
squashfs=$O/test/rootfs.squashfs
root_sectors=$(( ($(stat -c %s "$squashfs") + 511) / 512 + 64))

# disk NAME SFDISK-SCRIPT: a 32 MiB disk; partition 2 (from sector 4096) holds
# the test root's squashfs.
disk() {
	truncate -s 32M "$scratch/$1.disk"
	printf '%b' "$2" | sfdisk -q "$scratch/$1.disk" >/dev/null || { fail "sfdisk makes $1"; return 1; }
	dd if="$squashfs" of="$scratch/$1.disk" bs=512 seek=4096 conv=notrunc status=none
}
disk gpt "label: gpt\nstart=2048, size=2048, name=boot\nstart=4096, size=$root_sectors, name=rootfs\nname=rootfs_data\n"
disk mbr "label: dos\nlabel-id: 0x5452574f\nstart=2048, size=2048\nstart=4096, size=$root_sectors\n"
gpt_uuid=$(sfdisk --part-uuid "$scratch/gpt.disk" 2)
fresh_flash flash

# root_from NAME SPEC DISK...: boots with root=SPEC and the disks, and the
# root is the squashfs in the disk's partition 2.
root_from() {
	r_name=$1 r_spec=$2; shift 2
	BOOT_DISKS=$(for d in "$@"; do printf -- '--disk %s ' "$scratch/$d.disk"; done)
	boot "$r_name" flash "root=$r_spec" "$part_initrd"; r_status=$?
	BOOT_DISKS=
}

root_from label PARTLABEL=rootfs gpt
expect_real_init label $r_status "root=PARTLABEL=rootfs: the real init runs"
expect_log label "root=PARTLABEL=rootfs: mounted from the GPT partition named rootfs" \
	'root: mounted /dev/vdb2 \(PARTLABEL=rootfs\) as squashfs on /rom$'
expect_status label root /dev/vdb2
expect_status label overlay jffs2

root_from uuid "PARTUUID=$gpt_uuid" gpt
expect_real_init uuid $r_status "root=PARTUUID=<GPT GUID, as sfdisk prints it: upper case>: the real init runs"
expect_log uuid "root=PARTUUID=: the GPT partition with that GUID" \
	"root: mounted /dev/vdb2 \\(PARTUUID=$gpt_uuid\\) as squashfs on /rom\$"

root_from mbr PARTUUID=5452574f-02 mbr
expect_real_init mbr $r_status "root=PARTUUID=5452574f-02: the real init runs"
expect_log mbr "root=PARTUUID=SSSSSSSS-PP: partition 2 of the MBR disk with that signature" \
	'root: mounted /dev/vdb2 \(PARTUUID=5452574f-02\) as squashfs on /rom$'

root_from mbr-wrong PARTUUID=5452574f-03 mbr
expect_log mbr-wrong "an MBR PARTUUID no partition has: fatal, named" \
	'FATAL: root device PARTUUID=5452574f-03 not found: no partition with PARTUUID=5452574f-03$'

root_from nolabel PARTLABEL=nosuch gpt
expect_log nolabel "a PARTLABEL no partition has: fatal, named" \
	'FATAL: root device PARTLABEL=nosuch not found: no partition with PARTLABEL=nosuch$'

cp "$scratch/gpt.disk" "$scratch/stick.disk"
root_from twice PARTLABEL=rootfs gpt stick
expect_log twice "a label two disks answer is refused, not guessed" \
	'FATAL: root device PARTLABEL=rootfs not found: PARTLABEL=rootfs: both vd[bc]2 and vd[bc]2 answer; refusing to choose$'

BOOT_DISKS="--disk $scratch/gpt.disk"
boot noblock flash root=PARTLABEL=rootfs
BOOT_DISKS=
expect_log noblock "an /init without CONFIG_BLOCK names the option" \
	'FATAL: root device PARTLABEL=rootfs not found: PARTLABEL=: this /init is built without block partition support \(CONFIG_BLOCK; or use /dev/...\)$'
done_testing
