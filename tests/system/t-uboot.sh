# SPDX-License-Identifier: MIT
# Boot path (c): a real bootloader. Debian's U-Boot for the machine runs
# from flash bank 0, reads its environment from the u-boot-env partition
# (board/<board>/uboot-env.txt plus bootargs, written by qemu-run --uboot),
# loads the kernel and gen's uInitrd and boots them with booti, checking the
# uInitrd's header and data CRC itself. A corrupted uInitrd never starts.
. "$(dirname "$0")/../lib.sh"

fresh_flash flash
BOOT_UBOOT=1 BOOT_TIMEOUT=60 boot uboot flash "" "$O/uInitrd"; status=$?
expect_real_init uboot $status "U-Boot boots the kernel and uInitrd to the real init"
expect_log uboot "U-Boot read its environment from flash (CRC good)" '^Loading Environment from Flash\.\.\. OK'
expect_log uboot "U-Boot took the uInitrd as a legacy ramdisk image" '## Loading init Ramdisk from Legacy Image at 44000000'
expect_log uboot "... with the image name gen gave it" "Image Name: +rominit $BOARD\$"
expect_log uboot "... and its data CRC verified" 'Verifying Checksum \.\.\. OK'
expect_log uboot "the kernel's command line is U-Boot's bootargs" "Kernel command line: console=.* mtdparts=$(board_fact FLASH_MTD):"
expect_log uboot "the kernel unpacked the initramfs U-Boot passed" 'Run /init as init process'
expect_log uboot "the jffs2 overlay is mounted" "^ROMINIT-TEST: mount /overlay jffs2 mtd:$DATA_PART\$"
expect_log uboot "the kernel took the initrd U-Boot handed over" 'Freeing initrd memory: [0-9]+K$'

# One flipped byte in the archive: U-Boot refuses it, Linux never starts
# (U-Boot then waits at its prompt: the hard timeout ends QEMU).
cp "$O/uInitrd" "$scratch/bad-uInitrd"
printf '\377' | dd of="$scratch/bad-uInitrd" bs=1 seek=200 conv=notrunc status=none
BOOT_UBOOT=1 BOOT_TIMEOUT=25 boot badcrc flash "" "$scratch/bad-uInitrd"; status=$?
expect_log badcrc "a corrupted uInitrd fails U-Boot's data CRC check" 'Bad Data CRC'
check "... and no kernel starts" sh -c "! grep -q 'Booting Linux' '$scratch/badcrc.log'"
done_testing
