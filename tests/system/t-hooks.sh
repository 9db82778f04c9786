# SPDX-License-Identifier: MIT
# Board hooks run at their stages with the documented environment; a failing
# or hanging hook is logged (and killed) and the boot goes on; a hook can ask
# for failsafe; a board can make hook failures fatal. The stock failsafe-gpio
# hook reads a real (simulated) GPIO line.
. "$(dirname "$0")/../lib.sh"

hook() { # STAGE NAME BODY
	mkdir -p "$scratch/hooktree/lib/rominit/hooks/$1"
	printf '#!/bin/sh\n%s\n' "$3" > "$scratch/hooktree/lib/rominit/hooks/$1/$2"
	chmod 755 "$scratch/hooktree/lib/rominit/hooks/$1/$2"
}
hook early 10-hello 'echo "HOOK-RAN stage=$ROMINIT_STAGE arg=$1 request=$ROMINIT_REQUEST"'
hook failsafe 10-request 'echo failsafe >> "$ROMINIT_REQUEST"'
hook root 10-fail 'exit 3'
hook overlay 10-hang 'sleep 100'
hook switch_root 10-touch 'echo hook > "$ROMINIT_NEWROOT/etc/from-hook"'
build_variant hooks CONFIG_BUSYBOX=y "CONFIG_BOARD_ROOTFS_DIR=\"$scratch/hooktree\"" CONFIG_HOOK_TIMEOUT=1
fresh_flash flash
boot hooks flash "" "$scratch/hooks/initramfs.cpio.gz"; status=$?
expect_real_init hooks $status "hooks: the boot reaches the real init"
expect_log hooks "early hook ran with ROMINIT_STAGE, its argument and ROMINIT_REQUEST" \
	'^HOOK-RAN stage=early arg=early request=/.rominit-request$'
expect_log hooks "a failing hook is logged and the boot goes on" \
	'hooks: hook /lib/rominit/hooks/root/10-fail failed with status 3; going on$'
expect_log hooks "a hanging hook is killed after the timeout" \
	'hooks: hook /lib/rominit/hooks/overlay/10-hang killed after 1 s \(timeout\); going on$'
expect_status hooks failsafe 1
expect_status hooks failsafe_by "board hook"
expect_status hooks hooks_run 5
expect_status hooks hooks_failed 2
expect_log hooks "a switch_root hook can write into the new root" '^ROMINIT-TEST: exists /etc/from-hook yes$'

build_variant fatal CONFIG_BUSYBOX=y "CONFIG_BOARD_ROOTFS_DIR=\"$scratch/hooktree\"" \
	CONFIG_HOOK_TIMEOUT=1 CONFIG_HOOK_FAILURE_FATAL=y
boot fatal flash "rominit.reboot_delay=0" "$scratch/fatal/initramfs.cpio.gz"; status=$?
check "fatal hook failure: the guest reboots (status $status)" test $status -eq 0
expect_log fatal "fatal hook failure: the documented message" \
	'FATAL: hook /lib/rominit/hooks/root/10-fail failed with status 3 \(CONFIG_HOOK_FAILURE_FATAL\)$'
check "fatal hook failure: the real init did not run" sh -c "! grep -q '^ROMINIT-TEST' '$scratch/fatal.log'"

# A hook asks for a factory reset (e.g. a reset button held at boot).
mkdir -p "$scratch/resettree/lib/rominit/hooks/root"
printf '#!/bin/sh\necho factory-reset >> "$ROMINIT_REQUEST"\n' > "$scratch/resettree/lib/rominit/hooks/root/10-reset"
chmod 755 "$scratch/resettree/lib/rominit/hooks/root/10-reset"
build_variant hookreset CONFIG_BUSYBOX=y "CONFIG_BOARD_ROOTFS_DIR=\"$scratch/resettree\""
fresh_flash reset
boot reset-1 reset "test.do=populate"
boot reset-2 reset "" "$scratch/hookreset/initramfs.cpio.gz"; status=$?
expect_real_init reset-2 $status "hook factory reset: the boot reaches the real init"
expect_log reset-2 "hook factory reset: requested" 'hooks: root hooks request: factory-reset$'
expect_log reset-2 "hook factory reset: wiped" '^ROMINIT-TEST: exists /etc/config-file no$'
expect_log reset-2 "hook factory reset: sysupgrade.tgz kept" '^ROMINIT-TEST: exists /overlay/sysupgrade.tgz yes$'

# Requests that come too late are logged as ignored, and are: failsafe
# from a root hook (decided after the failsafe hooks), a factory reset
# from a switch_root hook (the overlay is mounted by then).
for st in root switch_root; do mkdir -p "$scratch/latetree/lib/rominit/hooks/$st"; done
printf '#!/bin/sh\necho failsafe >> "$ROMINIT_REQUEST"\n' > "$scratch/latetree/lib/rominit/hooks/root/10-late"
printf '#!/bin/sh\necho factory-reset >> "$ROMINIT_REQUEST"\n' > "$scratch/latetree/lib/rominit/hooks/switch_root/10-late"
chmod 755 "$scratch/latetree/lib/rominit/hooks/root/10-late" "$scratch/latetree/lib/rominit/hooks/switch_root/10-late"
build_variant hooklate CONFIG_BUSYBOX=y "CONFIG_BOARD_ROOTFS_DIR=\"$scratch/latetree\""
boot late-1 reset "test.do=populate"
boot late-2 reset "" "$scratch/hooklate/initramfs.cpio.gz"; status=$?
expect_real_init late-2 $status "late hook requests: the boot reaches the real init"
expect_log late-2 "... failsafe from a root hook: logged as ignored" \
	'hooks: the root hooks ask for failsafe after it was decided: ignored \(ask from an early or failsafe hook\)$'
expect_status late-2 failsafe 0
expect_log late-2 "... a factory reset from a switch_root hook: logged as ignored" \
	'hooks: the switch_root hooks ask for a factory reset after the overlay was mounted: ignored'
expect_status late-2 overlay_action mounted
expect_log late-2 "... and nothing wiped" '^ROMINIT-TEST: exists /etc/config-file yes$'

# failsafe-gpio on gpio-mockup line 3 (reads 0): pressed when active-low.
gpio_variant() { # NAME ACTIVE_LOW
	mkdir -p "$scratch/gpio-$1/etc/rominit"
	printf 'FAILSAFE_GPIO=3\nFAILSAFE_GPIO_ACTIVE_LOW=%s\n' "$2" > "$scratch/gpio-$1/etc/rominit/hooks.conf"
	build_variant "$1" CONFIG_BUSYBOX=y 'CONFIG_STOCK_HOOKS="failsafe:failsafe-gpio"' \
		"CONFIG_BOARD_ROOTFS_DIR=\"$scratch/gpio-$1\""
}
gpio_variant pressed 1
boot pressed flash "gpio_mockup.gpio_mockup_ranges=0,8" "$scratch/pressed/initramfs.cpio.gz"; status=$?
expect_real_init pressed $status "failsafe-gpio: the boot reaches the real init"
expect_log pressed "failsafe-gpio: the button is seen" '^failsafe-gpio: button on GPIO 3 pressed$'
expect_status pressed failsafe_by "board hook"
gpio_variant released 0
boot released flash "gpio_mockup.gpio_mockup_ranges=0,8" "$scratch/released/initramfs.cpio.gz"; status=$?
expect_status released failsafe 0
expect_status released hooks_failed 0
done_testing
