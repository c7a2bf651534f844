/*
 * main.c - kube-controller-manager's entry point (upstream: cmd/kube-controller-manager/
 * controller-manager.go and app/controllermanager.go NewControllerManagerCommand()): parse and
 * validate the command line as upstream does, then stop, because the controllers are not built
 * yet.
 */
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strv.h"
#include "kube-controller-manager/options.h"

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_controller_manager_options_flagset();
	struct kc_strv errs = KC_STRV_INIT;
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	r = kc_log_command_failed(kube_controller_manager_options_validate(kube_controller_manager_options(), &errs), &errs);
	if (r == 0)
		kc_error("kube-controller-manager is not built yet in ckube: the controllers come with a later issue");
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return 1;
}
