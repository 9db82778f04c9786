# SPDX-License-Identifier: MIT
# Kernel arguments: malformed values of ours are logged and ignored; init=
# pointing nowhere falls back to the configured default; the boot goes on.
. "$(dirname "$0")/../lib.sh"

fresh_flash flash
boot args flash "rootdelay=abc rootwait=5 init=/no/such/init"; status=$?
expect_real_init args $status "the boot reaches the real init"
expect_log args "malformed rootdelay= is named" \
	'rominit: .* ignoring malformed kernel argument rootdelay: not a number of seconds \(0-3600\)$'
expect_log args "init= not executable: logged, default used" \
	'rominit: .* init=/no/such/init is not executable in the new root \(No such file or directory\); trying /sbin/init$'
# Every malformed value of an argument of ours is named and ignored, the
# rest of the line still used: the boot is an ordinary one on jffs2.
fresh_flash bad
boot bad bad "rootwait=99999 rominit.reboot_delay=-1 rominit.failsafe=maybe rominit.factory_reset=2 rootfstype= init=" ; status=$?
expect_real_init bad $status "malformed values: the boot reaches the real init"
for m in 'rootwait: not a number of seconds \(0-3600\)' \
	'rominit.reboot_delay: not a number of seconds \(0-3600\)' \
	'rominit.failsafe: not a boolean \(1/0, yes/no, true/false, on/off\)' \
	'rominit.factory_reset: not a boolean \(1/0, yes/no, true/false, on/off\)' \
	'rootfstype: empty value' 'init: empty value'; do
	expect_log bad "malformed ${m%%:*}= is named" \
		"rominit: .* ignoring malformed kernel argument $m\$"
done
expect_status bad overlay jffs2
expect_status bad failsafe 0
check "malformed values: nothing wiped" sh -c "! grep -q 'wiped' '$scratch/bad.log'"
# init= must be absolute (the kernel's own rule): a relative one is named
# and the default runs.
boot relinit flash "init=bin/sh"; status=$?
expect_real_init relinit $status "a relative init=: the default init runs"
expect_log relinit "... the argument named as malformed" \
	'rominit: .* ignoring malformed kernel argument init: not an absolute path$'
expect_status relinit init /sbin/init
# No init anywhere: init= and the configured default both missing is fatal,
# with the reason, before the initramfs is freed.
build_variant noinit 'CONFIG_DEFAULT_INIT="/sbin/nothing"'
boot noinit flash "init=/also/nothing rominit.reboot_delay=0" "$scratch/noinit/initramfs.cpio.gz"; status=$?
check "no init: the guest reboots by itself (status $status)" test $status -eq 0
expect_log noinit "no init: init= fallback tried" 'init=/also/nothing is not executable in the new root \(No such file or directory\); trying /sbin/nothing$'
expect_log noinit "no init: the documented fatal message" 'FATAL: no init to run: /sbin/nothing: No such file or directory$'
done_testing
