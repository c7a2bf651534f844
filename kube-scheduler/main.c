/*
 * main.c - kube-scheduler's entry point (upstream: cmd/kube-scheduler/scheduler.go and
 * app/server.go runCommand()): parse and validate the command line as upstream does, then stop,
 * because the scheduling loop is not built yet.
 */
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strv.h"
#include "kube-scheduler/options.h"

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_scheduler_options_flagset();
	struct kc_strv errs = KC_STRV_INIT;
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	r = kc_log_command_failed(kube_scheduler_options_validate(kube_scheduler_options(), &errs), &errs);
	if (r == 0)
		kc_error("kube-scheduler is not built yet in ckube: the scheduling loop comes with issue #4");
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return 1;
}
