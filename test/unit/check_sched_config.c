/*
 * check_sched_config.c - KubeSchedulerConfiguration v1 (kube-scheduler/config.c): defaults, the
 * default plugin set and its merge with profiles, strict decoding, validation messages, flags vs
 * --config, numFeasibleNodesToFind (upstream: apis/config/v1/defaults_test.go,
 * default_plugins_test.go, validation_test.go, schedule_one_test.go TestNumFeasibleNodesToFind).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "kube-scheduler/config.h"
#include "kube-scheduler/options.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "test/unit/testutil/testutil.h"

#define HEADER "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"

static struct sched_config *
load_ok(const char *yaml)
{
	struct kc_strv errs = KC_STRV_INIT;
	struct sched_config *cfg = NULL;
	int r = sched_config_load(yaml, strlen(yaml), &cfg, &errs);

	if (r != 0)
		ck_abort_msg("load failed: %s", errs.n ? errs.v[0] : "?");
	kc_strv_release(&errs);
	return cfg;
}

static const struct sched_config_plugin *
find(const struct sched_config_plugin_set *set, const char *name, size_t *ret_idx)
{
	for (size_t i = 0; i < set->n_enabled; i++)
		if (strcmp(set->enabled[i].name, name) == 0) {
			if (ret_idx)
				*ret_idx = i;
			return &set->enabled[i];
		}
	return NULL;
}

START_TEST(test_defaults)
{
	struct sched_config *cfg = load_ok(HEADER);
	const struct sched_config_plugin_set *mp;

	ck_assert_int_eq(cfg->parallelism, 16);
	ck_assert_int_eq(cfg->percentage_of_nodes_to_score, 0);
	ck_assert_int_eq(cfg->pod_initial_backoff_seconds, 1);
	ck_assert_int_eq(cfg->pod_max_backoff_seconds, 10);
	ck_assert(cfg->leader_elect);
	ck_assert_int_eq(cfg->lease_duration_ns, 15000000000LL);
	ck_assert_int_eq(cfg->renew_deadline_ns, 10000000000LL);
	ck_assert_int_eq(cfg->retry_period_ns, 2000000000LL);
	ck_assert_str_eq(cfg->resource_lock, "leases");
	ck_assert_str_eq(cfg->resource_name, "kube-scheduler");
	ck_assert_str_eq(cfg->resource_namespace, "kube-system");
	ck_assert_str_eq(cfg->content_type, "application/vnd.kubernetes.protobuf");
	ck_assert(cfg->qps == 50);
	ck_assert_int_eq(cfg->burst, 100);
	ck_assert_uint_eq(cfg->n_profiles, 1);
	ck_assert_str_eq(cfg->profiles[0].scheduler_name, "default-scheduler");
	mp = &cfg->profiles[0].plugins[SCHED_EP_MULTI_POINT];
	ck_assert_uint_eq(mp->n_enabled, 18);
	ck_assert_str_eq(mp->enabled[0].name, "SchedulingGates");
	ck_assert_str_eq(mp->enabled[17].name, "DefaultBinder");
	sched_config_free(cfg);
}
END_TEST

static const struct {
	const char *name;
	int32_t weight;
} default_weights[] = {
	{ "TaintToleration", 3 }, { "NodeAffinity", 2 }, { "NodeResourcesFit", 1 }, { "PodTopologySpread", 2 },
	{ "InterPodAffinity", 2 }, { "NodeResourcesBalancedAllocation", 1 }, { "ImageLocality", 1 },
};

START_TEST(test_default_weights)
{
	struct sched_config *cfg = sched_config_new_default();
	const struct sched_config_plugin *p = find(&cfg->profiles[0].plugins[SCHED_EP_MULTI_POINT],
						   default_weights[_i].name, NULL);

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->weight, default_weights[_i].weight);
	sched_config_free(cfg);
}
END_TEST

START_TEST(test_merge_reconfigure_weight_in_place)
{
	struct sched_config *cfg = load_ok(HEADER "profiles:\n- plugins:\n    multiPoint:\n      enabled:\n"
					   "      - name: NodeAffinity\n        weight: 7\n      - name: MyPlugin\n");
	const struct sched_config_plugin_set *mp = &cfg->profiles[0].plugins[SCHED_EP_MULTI_POINT];
	size_t idx = 0;

	ck_assert_int_eq(find(mp, "NodeAffinity", &idx)->weight, 7);
	ck_assert_uint_eq(idx, 5); /* its default position */
	ck_assert_uint_eq(mp->n_enabled, 19);
	ck_assert_str_eq(mp->enabled[18].name, "MyPlugin");
	sched_config_free(cfg);
}
END_TEST

START_TEST(test_merge_disable)
{
	struct sched_config *cfg = load_ok(HEADER "profiles:\n- schedulerName: a\n  plugins:\n    multiPoint:\n"
					   "      disabled:\n      - name: ImageLocality\n    score:\n      disabled:\n"
					   "      - name: '*'\n      enabled:\n      - name: NodeResourcesFit\n        weight: 5\n");
	const struct sched_config_profile *p = &cfg->profiles[0];

	ck_assert_str_eq(p->scheduler_name, "a");
	ck_assert_ptr_null(find(&p->plugins[SCHED_EP_MULTI_POINT], "ImageLocality", NULL));
	ck_assert_uint_eq(p->plugins[SCHED_EP_MULTI_POINT].n_enabled, 17);
	ck_assert(kc_strv_contains(&p->plugins[SCHED_EP_SCORE].disabled, "*"));
	ck_assert_uint_eq(p->plugins[SCHED_EP_SCORE].n_enabled, 1);
	ck_assert_int_eq(p->plugins[SCHED_EP_SCORE].enabled[0].weight, 5);
	sched_config_free(cfg);
}
END_TEST

START_TEST(test_merge_disable_all_multipoint)
{
	struct sched_config *cfg = load_ok(HEADER "profiles:\n- plugins:\n    multiPoint:\n      disabled:\n"
					   "      - name: '*'\n      enabled:\n      - name: PrioritySort\n"
					   "      - name: DefaultBinder\n");

	ck_assert_uint_eq(cfg->profiles[0].plugins[SCHED_EP_MULTI_POINT].n_enabled, 2);
	sched_config_free(cfg);
}
END_TEST

START_TEST(test_plugin_config_and_fields)
{
	struct sched_config *cfg = load_ok(HEADER "parallelism: 4\npercentageOfNodesToScore: 30\n"
					   "podInitialBackoffSeconds: 2\npodMaxBackoffSeconds: 20\n"
					   "leaderElection:\n  leaderElect: false\n  leaseDuration: 30s\n"
					   "clientConnection:\n  kubeconfig: /etc/kubernetes/scheduler.conf\n  qps: 100\n  burst: 200\n"
					   "profiles:\n- schedulerName: default-scheduler\n  percentageOfNodesToScore: 70\n"
					   "  pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n"
					   "        type: MostAllocated\n");
	json_t *args;

	ck_assert_int_eq(cfg->parallelism, 4);
	ck_assert_int_eq(cfg->percentage_of_nodes_to_score, 30);
	ck_assert_int_eq(cfg->pod_initial_backoff_seconds, 2);
	ck_assert_int_eq(cfg->pod_max_backoff_seconds, 20);
	ck_assert(!cfg->leader_elect);
	ck_assert_int_eq(cfg->lease_duration_ns, 30000000000LL);
	ck_assert_str_eq(cfg->kubeconfig, "/etc/kubernetes/scheduler.conf");
	ck_assert(cfg->qps == 100);
	ck_assert_int_eq(cfg->burst, 200);
	ck_assert_int_eq(cfg->profiles[0].percentage_of_nodes_to_score, 70);
	args = json_object_get(cfg->profiles[0].plugin_config, "NodeResourcesFit");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(args, "scoringStrategy"), "type")),
			 "MostAllocated");
	sched_config_free(cfg);
}
END_TEST

START_TEST(test_two_profiles)
{
	struct sched_config *cfg = load_ok(HEADER "profiles:\n- schedulerName: default-scheduler\n"
					   "- schedulerName: no-scoring\n  plugins:\n    preScore:\n      disabled:\n"
					   "      - name: '*'\n    score:\n      disabled:\n      - name: '*'\n");

	ck_assert_uint_eq(cfg->n_profiles, 2);
	ck_assert_ptr_nonnull(sched_config_profile(cfg, "no-scoring"));
	ck_assert_ptr_null(sched_config_profile(cfg, "other"));
	sched_config_free(cfg);
}
END_TEST

static const struct {
	const char *yaml;
	const char *want;
} bad_configs[] = {
	{ HEADER "parallelism: 0\n", "parallelism: Invalid value: 0: should be an integer value greater than zero" },
	{ HEADER "percentageOfNodesToScore: 101\n", "percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]" },
	{ HEADER "podInitialBackoffSeconds: 0\n", "podInitialBackoffSeconds: Invalid value: 0: must be greater than 0" },
	{ HEADER "podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 4\n",
	  "podMaxBackoffSeconds: Invalid value: 4: must be greater than or equal to PodInitialBackoffSeconds" },
	{ HEADER "profiles:\n- schedulerName: a\n- schedulerName: a\n", "profiles[1].schedulerName: Duplicate value: \"a\"" },
	{ HEADER "profiles:\n- schedulerName: a\n- {}\n", "profiles[1].schedulerName: Required value" },
	{ HEADER "profiles:\n- schedulerName: a\n  percentageOfNodesToScore: -1\n- schedulerName: b\n"
		 "  percentageOfNodesToScore: 200\n",
	  "profiles[1].percentageOfNodesToScore: Invalid value: 200: not in valid range [0-100]" },
	{ HEADER "profiles:\n- schedulerName: a\n- schedulerName: b\n  plugins:\n    queueSort:\n      enabled:\n"
		 "      - name: Custom\n      disabled:\n      - name: '*'\n",
	  "profiles[1].plugins.queueSort: Invalid value: \"Custom\": queueSort must be the same for all profiles" },
	{ HEADER "profiles:\n- pluginConfig:\n  - name: NodeAffinity\n  - name: NodeAffinity\n",
	  "profiles[0].pluginConfig[1]: Duplicate value: \"NodeAffinity\"" },
	{ HEADER "foo: 1\n", "strict decoding error: unknown field \"foo\"" },
	{ HEADER "profiles:\n- schedulerName: a\n  plugin: {}\n", "strict decoding error: unknown field \"profiles[0].plugin\"" },
	{ HEADER "parallelism: many\n",
	  "json: cannot unmarshal string into Go struct field parallelism of type int32" },
	{ "apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n",
	  "no kind \"KubeSchedulerConfiguration\" is registered for version \"kubescheduler.config.k8s.io/v1beta3\"" },
	{ "apiVersion: kubescheduler.config.k8s.io/v1\n", "Object 'Kind' is missing" },
	{ HEADER "leaderElection:\n  leaseDuration: 5s\n  renewDeadline: 10s\n",
	  "leaderElection.leaseDuration: Invalid value: \"10s\": LeaseDuration must be greater than RenewDeadline" },
	{ HEADER "leaderElection:\n  resourceLock: endpoints\n",
	  "leaderElection.resourceLock: Invalid value: \"endpoints\": resourceLock value must be \"leases\"" },
	{ HEADER "leaderElection:\n  leaseDuration: soon\n", "time: invalid duration \"soon\"" },
	{ HEADER "clientConnection:\n  burst: -1\n", "clientConnection.burst: Invalid value: -1: must be non-negative" },
	{ HEADER "profiles:\n- plugins:\n    score:\n      enabled:\n      - name: X\n        weight: -2\n",
	  "profiles[0].plugins.score.enabled[0].weight: Invalid value: -2: must be greater than zero" },
	{ HEADER "profiles: [\n", "" },
	{ "- 1\n- 2\n", "couldn't decode as KubeSchedulerConfiguration" },
};

START_TEST(test_bad_config)
{
	struct kc_strv errs = KC_STRV_INIT;
	struct sched_config *cfg = NULL;
	const char *yaml = bad_configs[_i].yaml;
	int r = sched_config_load(yaml, strlen(yaml), &cfg, &errs), found = 0;

	ck_assert_int_lt(r, 0);
	ck_assert_ptr_null(cfg);
	ck_assert_uint_ge(errs.n, 1);
	for (size_t i = 0; i < errs.n; i++)
		if (strstr(errs.v[i], bad_configs[_i].want))
			found = 1;
	if (!found)
		ck_abort_msg("want \"%s\", got \"%s\"", bad_configs[_i].want, errs.v[0]);
	kc_strv_release(&errs);
}
END_TEST

static const struct {
	int32_t pct;
	size_t nodes, want;
} feasible_table[] = {
	{ 0, 10, 10 }, { 0, 99, 99 }, { 0, 100, 100 }, { 0, 1000, 420 }, { 0, 5000, 500 },
	{ 0, 6000, 300 }, { 0, 10000, 500 }, { 30, 1000, 300 }, { 5, 1000, 100 }, { 100, 5000, 5000 },
	{ 50, 3000, 1500 },
};

START_TEST(test_num_feasible_nodes)
{
	ck_assert_uint_eq(sched_num_feasible_nodes_to_find(feasible_table[_i].pct, feasible_table[_i].nodes),
			  feasible_table[_i].want);
}
END_TEST

START_TEST(test_load_file)
{
	char path[512];
	FILE *f;
	struct kc_strv errs = KC_STRV_INIT;
	struct sched_config *cfg = NULL;

	snprintf(path, sizeof(path), "%s/sched.yaml", kc_test_tmpdir());
	f = fopen(path, "w");
	fputs(HEADER "parallelism: 3\n", f);
	fclose(f);
	ck_assert_int_eq(sched_config_load_file(path, &cfg, &errs), 0);
	ck_assert_int_eq(cfg->parallelism, 3);
	sched_config_free(cfg);
	ck_assert_int_lt(sched_config_load_file("/nonexistent/sched.yaml", &cfg, &errs), 0);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(errs.v[0], "/nonexistent/sched.yaml"));
	kc_strv_release(&errs);
}
END_TEST

static struct sched_config *
from_args(int argc, const char *const *args)
{
	struct kc_flagset *fs = kube_scheduler_options_flagset();
	struct kc_strv errs = KC_STRV_INIT, argv = KC_STRV_INIT;
	struct sched_config *cfg = NULL;
	char err[256];

	for (int i = 0; i < argc; i++)
		kc_strv_push(&argv, args[i]);
	ck_assert_int_eq(kc_flags_parse(fs, argc, argv.v, err, sizeof(err)), 0);
	if (sched_config_from_options(kube_scheduler_options(), fs, &cfg, &errs) < 0)
		ck_abort_msg("from_options: %s", errs.n ? errs.v[0] : "?");
	kc_strv_release(&errs);
	kc_flags_release(fs);
	kc_strv_release(&argv);
	return cfg;
}

START_TEST(test_flags_without_config)
{
	const char *const argv[] = { "kube-scheduler", "--kubeconfig=/k.conf", "--kube-api-qps=30", "--leader-elect=false", NULL };
	struct sched_config *cfg = from_args(4, argv);

	ck_assert_str_eq(cfg->kubeconfig, "/k.conf");
	ck_assert(cfg->qps == 30);
	ck_assert(!cfg->leader_elect);
	sched_config_free(cfg);
}
END_TEST

START_TEST(test_flags_with_config)
{
	char path[512], arg[600];
	FILE *f;
	struct sched_config *cfg;

	snprintf(path, sizeof(path), "%s/cfg.yaml", kc_test_tmpdir());
	f = fopen(path, "w");
	fputs(HEADER "clientConnection:\n  kubeconfig: /from-file.conf\nleaderElection:\n  leaderElect: true\n"
		     "  leaseDuration: 20s\n", f);
	fclose(f);
	snprintf(arg, sizeof(arg), "--config=%s", path);
	{
		const char *const argv[] = { "kube-scheduler", arg, "--kubeconfig=/ignored.conf", "--kube-api-qps=7",
				 "--leader-elect-lease-duration=40s", NULL };

		cfg = from_args(5, argv);
	}
	/* The deprecated flags are ignored with --config; leader election flags still apply. */
	ck_assert_str_eq(cfg->kubeconfig, "/from-file.conf");
	ck_assert(cfg->qps == 50);
	ck_assert_int_eq(cfg->lease_duration_ns, 40000000000LL);
	ck_assert(cfg->leader_elect);
	sched_config_free(cfg);
}
END_TEST

static Suite *
sched_config_suite(void)
{
	Suite *s = suite_create("sched_config");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_default_weights, 0, sizeof(default_weights) / sizeof(default_weights[0]));
	tcase_add_test(tc, test_merge_reconfigure_weight_in_place);
	tcase_add_test(tc, test_merge_disable);
	tcase_add_test(tc, test_merge_disable_all_multipoint);
	tcase_add_test(tc, test_plugin_config_and_fields);
	tcase_add_test(tc, test_two_profiles);
	tcase_add_loop_test(tc, test_bad_config, 0, sizeof(bad_configs) / sizeof(bad_configs[0]));
	tcase_add_loop_test(tc, test_num_feasible_nodes, 0, sizeof(feasible_table) / sizeof(feasible_table[0]));
	tcase_add_test(tc, test_load_file);
	tcase_add_test(tc, test_flags_without_config);
	tcase_add_test(tc, test_flags_with_config);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(sched_config_suite)
