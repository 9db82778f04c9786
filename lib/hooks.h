/* SPDX-License-Identifier: MIT */
/* Board hook files: executables in /lib/rominit/hooks/<stage>/, run in name
 * order at named points of the boot, each bounded by a timeout. A hook asks
 * /init for something by writing a line to $ROMINIT_REQUEST. See docs/hooks.md. */
#ifndef ROMINIT_HOOKS_H
#define ROMINIT_HOOKS_H

#define HOOKS_DIR "/lib/rominit/hooks"
#define HOOKS_REQUEST_FILE "/.rominit-request"

/* Requests a hook can make (bit flags). */
#define HOOK_REQUEST_FAILSAFE 1u      /* "failsafe" */
#define HOOK_REQUEST_FACTORY_RESET 2u /* "factory-reset" */

struct hooks_result {
	int ran, failed;
	unsigned requests;
};

/* Run the hooks of stage (none is fine). timeout_s bounds each hook; a hook
 * that fails, is killed or times out is logged. Returns 0, or -1 when a hook
 * failed and fail_fatal says that stops the boot (why[] says which). */
int hooks_run(const char *stage, int timeout_s, int fail_fatal, struct hooks_result *res,
	      char *why, unsigned long why_size);

/* Parse request lines (pure): "failsafe", "factory-reset"; unknown lines are
 * counted in *unknown. Returns the request bits. */
unsigned hooks_parse_requests(const char *text, unsigned long len, int *unknown);

#endif
