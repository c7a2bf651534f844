/*
 * main.c - kube-proxy's entry point (upstream: cmd/kube-proxy/proxy.go and app/server.go
 * NewProxyCommand()): parse and validate the command line as upstream does, then stop, because
 * the nftables proxier is not built yet.
 */
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strv.h"
#include "kube-proxy/options.h"

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_proxy_options_flagset();
	struct kc_strv errs = KC_STRV_INIT;
	int r;

	kc_flags_parse_or_exit(fs, argc, argv);
	r = kc_log_command_failed(kube_proxy_options_validate(kube_proxy_options(), &errs), &errs);
	if (r == 0)
		kc_error("kube-proxy is not built yet in ckube: the nftables proxier comes with issue #5");
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return 1;
}
