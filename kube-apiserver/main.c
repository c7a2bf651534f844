/*
 * main.c - kube-apiserver's entry point (upstream: cmd/kube-apiserver/apiserver.go and
 * app/server.go NewAPIServerCommand()): parse, complete and validate the command line as upstream
 * does, then stop, because the API server itself is not built yet.
 */
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strv.h"
#include "kube-apiserver/options.h"

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();
	struct kc_strv errs = KC_STRV_INIT;
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	r = kc_log_command_failed(kube_apiserver_options_validate(kube_apiserver_options(), &errs), &errs);
	if (r == 0)
		kc_error("kube-apiserver is not built yet in ckube: the API server comes with issue #3");
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return 1;
}
