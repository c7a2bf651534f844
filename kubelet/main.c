/*
 * main.c - the kubelet's entry point (upstream: cmd/kubelet/kubelet.go and app/server.go
 * NewKubeletCommand()): parse and validate the command line as upstream does, then stop, because
 * the node agent is not built yet.
 */
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strv.h"
#include "kubelet/options.h"

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kubelet_options_flagset();
	struct kc_strv errs = KC_STRV_INIT;
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	r = kc_log_command_failed(kubelet_options_validate(kubelet_options(), &errs), &errs);
	if (r == 0)
		kc_error("kubelet is not built yet in ckube: the node agent comes with a later issue");
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return 1;
}
