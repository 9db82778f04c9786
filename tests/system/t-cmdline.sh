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
done_testing
