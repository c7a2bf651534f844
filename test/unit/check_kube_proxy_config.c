/*
 * check_kube_proxy_config.c - KubeProxyConfiguration: v1alpha1 defaults, decoding of a kubeadm
 * style file, flags-versus-file precedence, decoding errors and validation messages
 * (upstream: pkg/proxy/apis/config/v1alpha1/defaults_test.go, validation_test.go,
 * cmd/kube-proxy/app/options_test.go).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kube-proxy/config.h"
#include "kube-proxy/options.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/strv.h"
#include "test/unit/testutil/testutil.h"

static struct kube_proxy_config cfg;
static struct kc_strv warn = KC_STRV_INIT, errs = KC_STRV_INIT;
static char err[512];

static void
teardown(void)
{
	kube_proxy_config_release(&cfg);
	kc_strv_release(&warn);
	kc_strv_release(&errs);
	kc_flags_release(kube_proxy_options_flagset());
}

static int
load_text(const char *yaml)
{
	char *path = kc_test_write_file(kc_test_tmpdir(), "kube-proxy.yaml", yaml);
	int r = kube_proxy_config_load(path, &cfg, &warn, err, sizeof(err));

	free(path);
	return r;
}

START_TEST(test_defaults)
{
	ck_assert_int_eq(kube_proxy_config_defaults(&cfg), 0);
	ck_assert_str_eq(cfg.bind_address, "0.0.0.0");
	ck_assert_str_eq(cfg.healthz_bind_address, "0.0.0.0:10256");
	ck_assert_str_eq(cfg.metrics_bind_address, "127.0.0.1:10249");
	ck_assert_int_eq(cfg.masquerade_bit, 14);
	ck_assert_int_eq(cfg.sync_period, 30000000000LL);
	ck_assert_int_eq(cfg.min_sync_period, 1000000000LL);
	ck_assert_int_eq(cfg.conntrack_max_per_core, 32768);
	ck_assert_int_eq(cfg.conntrack_min, 131072);
	ck_assert_int_eq(cfg.oom_score_adj, -999);
	ck_assert_str_eq(cfg.detect_local_mode, "ClusterCIDR");
	ck_assert_int_eq(kube_proxy_config_validate(&cfg, &errs), 0);
}
END_TEST

START_TEST(test_kubeadm_file)
{
	ck_assert_int_eq(load_text("apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
				   "kind: KubeProxyConfiguration\n"
				   "mode: nftables\n"
				   "clusterCIDR: 10.244.0.0/16\n"
				   "clientConnection:\n"
				   "  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n"
				   "  qps: 50\n"
				   "  burst: 100\n"
				   "nftables:\n"
				   "  masqueradeAll: true\n"
				   "  masqueradeBit: 13\n"
				   "  syncPeriod: 1m\n"
				   "  minSyncPeriod: 0s\n"
				   "iptables: {masqueradeBit: 14}\n"
				   "nodePortAddresses: [\"10.0.0.0/8\"]\n"
				   "conntrack:\n"
				   "  maxPerCore: 0\n"),
			 0);
	ck_assert_str_eq(cfg.mode, "nftables");
	ck_assert_str_eq(cfg.cluster_cidr, "10.244.0.0/16");
	ck_assert_str_eq(cfg.kubeconfig, "/var/lib/kube-proxy/kubeconfig.conf");
	ck_assert(cfg.qps == 50);
	ck_assert_int_eq(cfg.burst, 100);
	ck_assert_int_eq(cfg.masquerade_all, 1);
	ck_assert_int_eq(cfg.masquerade_bit, 13);
	ck_assert_int_eq(cfg.sync_period, 60000000000LL);
	ck_assert_int_eq(cfg.min_sync_period, 0);
	ck_assert_int_eq(cfg.conntrack_max_per_core, 0);
	ck_assert_int_eq(cfg.conntrack_min, 131072); /* defaulted */
	ck_assert_uint_eq(cfg.nodeport_addresses.n, 1);
	ck_assert_uint_eq(warn.n, 0);
	ck_assert_int_eq(kube_proxy_config_validate(&cfg, &errs), 0);
}
END_TEST

START_TEST(test_unknown_field_warns)
{
	ck_assert_int_eq(load_text("apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
				   "kind: KubeProxyConfiguration\n"
				   "frobnicate: 1\n"
				   "nftables: {bogus: true}\n"),
			 0);
	ck_assert_uint_eq(warn.n, 2);
	ck_assert(kc_strv_contains(&warn, "unknown field \"frobnicate\""));
	ck_assert(kc_strv_contains(&warn, "unknown field \"nftables.bogus\""));
}
END_TEST

static const struct {
	const char *yaml, *want;
} bad_files[] = {
	{ "kind: KubeProxyConfiguration\napiVersion: v1\n",
	  "no kind \"KubeProxyConfiguration\" is registered for version \"v1\"" },
	{ "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n", "Object 'Kind' is missing" },
	{ "", "Object 'Kind' is missing" },
	{ "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nnftables: {syncPeriod: soon}\n",
	  "time: invalid duration \"soon\"" },
	{ "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nnftables: {masqueradeBit: \"14\"}\n",
	  "cannot unmarshal string into Go struct field KubeProxyConfiguration.nftables.masqueradeBit of type int32" },
	{ "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nnodePortAddresses: [1]\n",
	  "cannot unmarshal number into Go struct field KubeProxyConfiguration.nodePortAddresses of type string" },
	{ "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nnftables: 3\n",
	  "cannot unmarshal number into Go struct field KubeProxyConfiguration.nftables of type struct" },
	{ "a: [\n", "failed to decode config file" },
};

START_TEST(test_bad_files)
{
	ck_assert_int_lt(load_text(bad_files[_i].yaml), 0);
	ck_assert_msg(strstr(err, bad_files[_i].want) != NULL, "got: %s", err);
	ck_assert_ptr_nonnull(strstr(err, "kube-proxy.yaml"));
}
END_TEST

START_TEST(test_missing_file)
{
	ck_assert_int_eq(
		kube_proxy_config_load("/nonexistent/kp.yaml", &cfg, &warn, err, sizeof(err)),
		KC_ERR_SYSTEM);
	ck_assert_ptr_nonnull(strstr(err, "failed to read config file \"/nonexistent/kp.yaml\""));
}
END_TEST

static const struct {
	const char *yaml, *want;
} invalid[] = {
	{ "nftables: {masqueradeBit: 32}",
	  "NFTables.MasqueradeBit: Invalid value: 32: must be within the range [0, 31]" },
	{ "nftables: {syncPeriod: 0s}",
	  "NFTables.SyncPeriod: Invalid value: \"0s\": must be greater than 0" },
	{ "nftables: {minSyncPeriod: -1s}",
	  "NFTables.MinSyncPeriod: Invalid value: \"-1s\": must be greater than or equal to 0" },
	{ "mode: userspace", "Mode: Invalid value: \"userspace\"" },
	{ "clusterCIDR: 10.0.0.0/33",
	  "ClusterCIDR: Invalid value: \"10.0.0.0/33\": must be a valid CIDR block" },
	{ "oomScoreAdj: 2000", "OOMScoreAdj: Invalid value: 2000" },
	{ "healthzBindAddress: nope:1", "HealthzBindAddress: Invalid value: \"nope:1\"" },
	{ "nodePortAddresses: [primary, 10.0.0.0/8]",
	  "NodePortAddresses[0]: Invalid value: \"primary\": must be a valid CIDR" },
	{ "configSyncPeriod: 0s",
	  "ConfigSyncPeriod: Invalid value: \"0s\": must be greater than 0" },
};

START_TEST(test_validation)
{
	char doc[512];

	snprintf(doc, sizeof(doc),
		 "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n%s\n",
		 invalid[_i].yaml);
	ck_assert_int_eq(load_text(doc), 0);
	ck_assert_int_eq(kube_proxy_config_validate(&cfg, &errs), 1);
	ck_assert_msg(strstr(errs.v[0], invalid[_i].want) != NULL, "got: %s", errs.v[0]);
}
END_TEST

/* Parses argv with the real flag table and completes the configuration. */
static int
complete(const char *const *args)
{
	struct kc_flagset *fs = kube_proxy_options_flagset();
	char *argv[16];
	int argc = 0;

	argv[argc++] = (char *)"kube-proxy";
	while (*args)
		argv[argc++] = (char *)*args++;
	ck_assert_int_eq(kc_flags_parse(fs, argc, argv, err, sizeof(err)), 0);
	return kube_proxy_config_complete(kube_proxy_options(), &cfg, &warn, err, sizeof(err));
}

START_TEST(test_flags_without_config)
{
	const char *const args[] = { "--cluster-cidr=10.244.0.0/16", "--masquerade-all",
				     "--healthz-bind-address=127.0.0.1:9999",
				     "--hostname-override=Node-A", NULL };

	ck_assert_int_eq(complete(args), 0);
	ck_assert_str_eq(cfg.cluster_cidr, "10.244.0.0/16");
	ck_assert_int_eq(cfg.masquerade_all, 1);
	ck_assert_str_eq(cfg.healthz_bind_address, "127.0.0.1:9999");
	ck_assert_str_eq(cfg.hostname_override, "Node-A");
	ck_assert_int_eq(cfg.sync_period, 30000000000LL);
}
END_TEST

START_TEST(test_config_file_wins_but_hostname_override)
{
	char *path = kc_test_write_file(kc_test_tmpdir(), "kp.yaml",
					"apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
					"kind: KubeProxyConfiguration\n"
					"clusterCIDR: 10.100.0.0/16\n"
					"hostnameOverride: from-file\n");
	char flag[512];
	const char *args[] = { flag, "--cluster-cidr=10.244.0.0/16",
			       "--hostname-override=from-flag", NULL };

	snprintf(flag, sizeof(flag), "--config=%s", path);
	ck_assert_int_eq(complete(args), 0);
	ck_assert_str_eq(cfg.cluster_cidr, "10.100.0.0/16"); /* the flag is ignored */
	ck_assert_str_eq(cfg.hostname_override, "from-flag");
	free(path);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s = suite_create("kube_proxy_config");
	TCase *tc = tcase_create("config");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_kubeadm_file);
	tcase_add_test(tc, test_unknown_field_warns);
	tcase_add_loop_test(tc, test_bad_files, 0, (int)(sizeof(bad_files) / sizeof(bad_files[0])));
	tcase_add_test(tc, test_missing_file);
	tcase_add_loop_test(tc, test_validation, 0, (int)(sizeof(invalid) / sizeof(invalid[0])));
	tcase_add_test(tc, test_flags_without_config);
	tcase_add_test(tc, test_config_file_wins_but_hostname_override);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(config_suite)
