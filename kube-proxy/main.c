/*
 * main.c - kube-proxy's entry point (upstream: cmd/kube-proxy/proxy.go and app/server.go
 * NewProxyCommand(), Options.Complete(), Validate(), Run()): parse the flags, build the
 * effective KubeProxyConfiguration (--config or flags), validate it, then either --cleanup
 * (delete our nftables tables and exit), --write-config-to, --init-only, or run the proxy.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "kube-proxy/backend.h"
#include "kube-proxy/config.h"
#include "kube-proxy/options.h"
#include "kube-proxy/server.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strv.h"
#include "libkcommon/yaml.h"

/* --write-config-to: the defaults as a v1alpha1 document (upstream writes the defaulted config). */
static int
write_config(const char *path)
{
	static const char doc[] = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
				  "kind: KubeProxyConfiguration\n"
				  "bindAddress: 0.0.0.0\n"
				  "clientConnection:\n"
				  "  contentType: application/vnd.kubernetes.protobuf\n"
				  "  kubeconfig: \"\"\n"
				  "  qps: 5\n"
				  "  burst: 10\n"
				  "clusterCIDR: \"\"\n"
				  "configSyncPeriod: 15m0s\n"
				  "conntrack:\n"
				  "  maxPerCore: 32768\n"
				  "  min: 131072\n"
				  "  tcpCloseWaitTimeout: 1h0m0s\n"
				  "  tcpEstablishedTimeout: 24h0m0s\n"
				  "detectLocalMode: ClusterCIDR\n"
				  "healthzBindAddress: 0.0.0.0:10256\n"
				  "metricsBindAddress: 127.0.0.1:10249\n"
				  "mode: nftables\n"
				  "nftables:\n"
				  "  masqueradeAll: false\n"
				  "  masqueradeBit: 14\n"
				  "  minSyncPeriod: 1s\n"
				  "  syncPeriod: 30s\n"
				  "nodePortAddresses: null\n"
				  "oomScoreAdj: -999\n";
	FILE *f = fopen(path, "w");

	if (!f || fputs(doc, f) < 0 || fclose(f) != 0) {
		kc_error("failed to write config file \"%s\"", path);
		return 1;
	}
	kc_info("Wrote configuration to %s", path);
	return 0;
}

static int
cleanup(void)
{
	char err[256];

	if (kp_nft_cleanup(err, sizeof(err)) < 0) {
		kc_error("Error cleaning up nftables rules: %s", err);
		return 1;
	}
	return 0;
}

static int
run(const struct kube_proxy_options *o)
{
	struct kube_proxy_config cfg;
	struct kc_strv warn = KC_STRV_INIT, errs = KC_STRV_INIT;
	char err[512];
	size_t i;
	int r, code = 1;

	r = kube_proxy_config_complete(o, &cfg, &warn, err, sizeof(err));
	for (i = 0; i < warn.n; i++)
		kc_info("Using lenient decoding as strict decoding failed: strict decoding error: %s",
			warn.v[i]);
	if (r < 0) {
		kc_error("%s", err);
		goto out;
	}
	r = kube_proxy_config_validate(&cfg, &errs);
	if (r != 0) {
		kc_log_command_failed(r, &errs);
		goto out;
	}
	if (cfg.mode && *cfg.mode && strcmp(cfg.mode, "nftables") != 0)
		kc_info("Proxy mode \"%s\" is not supported by ckube; using nftables", cfg.mode);
	if (o->cleanup)
		code = cleanup();
	else if (o->init_only)
		code = 0;
	else
		code = kp_server_run(&cfg, o->master);
out:
	kc_strv_release(&warn);
	kc_strv_release(&errs);
	kube_proxy_config_release(&cfg);
	return code;
}

int
main(int argc, char **argv)
{
	struct kc_flagset *fs = kube_proxy_options_flagset();
	struct kube_proxy_options *o;
	struct kc_strv errs = KC_STRV_INIT;
	int code;

	kc_flags_parse_or_exit(fs, argc, argv);
	o = kube_proxy_options();
	if (kc_log_command_failed(kube_proxy_options_validate(o, &errs), &errs) != 0) {
		code = 1;
	} else if (kc_flags_nonempty(o->write_config_to)) {
		code = write_config(o->write_config_to);
	} else {
		code = run(o);
	}
	kc_strv_release(&errs);
	kc_flags_release(fs);
	return code;
}
