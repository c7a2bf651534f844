/*
 * check_sched_runtime.c - the framework runtime (kube-scheduler/framework/runtime.c) with tiny
 * test plugins: building profiles (multiPoint expansion, errors), PreFilter Skip and results,
 * Filter order, percentageOfNodesToScore and the rotating start index, the FitError message,
 * Score weights and normalization, selectHost, Reserve/Unreserve, Permit, the Bind chain and
 * queueing hints (upstream: framework/runtime/framework_test.go, schedule_one_test.go).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/runtime.h"
#include "kube-scheduler/internal/cache.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"
#include "test/unit/testutil/testutil.h"

static struct kc_strbuf trace = KC_STRBUF_INIT;
static int count_filter_calls, bind_calls;

static int64_t
node_number(const char *name)
{
	const char *dash = strrchr(name, '-');

	return dash ? atoll(dash + 1) : 0;
}

static int
t_less(void *self, const struct sched_pod_info *a, int64_t an, const struct sched_pod_info *b, int64_t bn)
{
	return an < bn;
}

static enum sched_code
t_bind(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const char *node,
       void (*done)(void *, enum sched_code, const struct sched_status *), void *ctx, struct sched_status *st)
{
	bind_calls++;
	kc_strbuf_addf(&trace, "bind:%s ", node);
	done(ctx, SCHED_SUCCESS, NULL);
	return SCHED_SUCCESS;
}

static enum sched_code
t_skip_bind(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const char *node,
	    void (*done)(void *, enum sched_code, const struct sched_status *), void *ctx, struct sched_status *st)
{
	kc_strbuf_adds(&trace, "skipbind ");
	return SCHED_SKIP;
}

static enum sched_code
t_fail_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	      const struct sched_node_info *node, struct sched_status *st)
{
	if (strncmp(node->name, "bad", 3) == 0)
		return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) were bad");
	if (strncmp(node->name, "small", 5) == 0)
		return sched_status_set(st, SCHED_UNSCHEDULABLE, "Insufficient cpu");
	return SCHED_SUCCESS;
}

static enum sched_code
t_count_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_node_info *node, struct sched_status *st)
{
	count_filter_calls++;
	return SCHED_SUCCESS;
}

static enum sched_code
t_pre_skip(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const struct sched_snapshot *snap,
	   struct sched_prefilter_result *res, struct sched_status *st)
{
	return SCHED_SKIP;
}

static enum sched_code
t_never_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_node_info *node, struct sched_status *st)
{
	return sched_status_set(st, SCHED_UNSCHEDULABLE, "skipped plugin ran");
}

static enum sched_code
t_pre_subset(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const struct sched_snapshot *snap,
	     struct sched_prefilter_result *res, struct sched_status *st)
{
	res->node_names = kc_strmap_new();
	kc_strmap_put(res->node_names, "node-1", (void *)1, NULL);
	kc_strmap_put(res->node_names, "node-2", (void *)1, NULL);
	return SCHED_SUCCESS;
}

static enum sched_code
t_pre_fail(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const struct sched_snapshot *snap,
	   struct sched_prefilter_result *res, struct sched_status *st)
{
	return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "pod has unbound PVCs");
}

static enum sched_code
t_score_idx(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	    const struct sched_node_info *node, int64_t *ret, struct sched_status *st)
{
	*ret = node_number(node->name) % 101;
	return SCHED_SUCCESS;
}

static enum sched_code
t_score_raw(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	    const struct sched_node_info *node, int64_t *ret, struct sched_status *st)
{
	*ret = node_number(node->name) * 1000;
	return SCHED_SUCCESS;
}

static enum sched_code
t_normalize(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, struct sched_node_score *s,
	    size_t n, struct sched_status *st)
{
	int64_t max = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i].score > max)
			max = s[i].score;
	for (size_t i = 0; i < n; i++)
		s[i].score = s[i].score * SCHED_MAX_NODE_SCORE / max;
	return SCHED_SUCCESS;
}

static enum sched_code
t_reserve(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const char *node,
	  struct sched_status *st)
{
	kc_strbuf_addf(&trace, "reserve%s ", (const char *)self);
	if (strcmp(self, "2") == 0 && strcmp(node, "fail") == 0)
		return sched_status_set(st, SCHED_UNSCHEDULABLE, "reserve failed");
	return SCHED_SUCCESS;
}

static void
t_unreserve(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const char *node)
{
	kc_strbuf_addf(&trace, "unreserve%s ", (const char *)self);
}

static void *
t_new_1(const json_t *args, struct sched_handle *h, char **err)
{
	return (void *)"1";
}

static void *
t_new_2(const json_t *args, struct sched_handle *h, char **err)
{
	return (void *)"2";
}

static void *
t_new_args(const json_t *args, struct sched_handle *h, char **err)
{
	if (json_integer_value(json_object_get(args, "bad")) == 1) {
		*err = strdup("bad: Invalid value: 1: must be 0");
		return NULL;
	}
	return (void *)"args";
}

static enum sched_code
t_permit(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod, const char *node,
	 int64_t *ret_timeout_ms, struct sched_status *st)
{
	*ret_timeout_ms = strcmp(self, "1") == 0 ? 500 : 200;
	return SCHED_WAIT;
}

static enum sched_hint
t_hint_labeled(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	return kc_json_get_string(new_obj, "metadata.labels.ready", NULL) ? SCHED_QUEUE : SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint node_events[] = {
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_UPDATE_NODE_LABEL }, t_hint_labeled },
};

static enum sched_code
t_pre_enqueue(void *self, const struct sched_pod_info *pod, struct sched_status *st)
{
	return kc_json_get_path(pod->pod, "spec.schedulingGates") ? SCHED_PENDING : SCHED_SUCCESS;
}

static const struct sched_plugin_ops test_plugins[] = {
	{ .name = "Sort", .less = t_less },
	{ .name = "Sort2", .less = t_less },
	{ .name = "Bind", .bind = t_bind },
	{ .name = "SkipBind", .bind = t_skip_bind },
	{ .name = "FailFilter", .filter = t_fail_filter, .events = node_events, .n_events = 1 },
	{ .name = "CountFilter", .filter = t_count_filter },
	{ .name = "PreSkip", .pre_filter = t_pre_skip, .filter = t_never_filter },
	{ .name = "PreSubset", .pre_filter = t_pre_subset },
	{ .name = "PreFail", .pre_filter = t_pre_fail },
	{ .name = "ScoreIdx", .score = t_score_idx },
	{ .name = "ScoreRaw", .score = t_score_raw, .normalize_score = t_normalize },
	{ .name = "ScoreBad", .score = t_score_raw },
	{ .name = "Res1", .new_plugin = t_new_1, .reserve = t_reserve, .unreserve = t_unreserve, .permit = t_permit },
	{ .name = "Res2", .new_plugin = t_new_2, .reserve = t_reserve, .unreserve = t_unreserve, .permit = t_permit },
	{ .name = "Args", .new_plugin = t_new_args, .filter = t_count_filter },
	{ .name = "Gate", .pre_enqueue = t_pre_enqueue },
};

static const struct sched_plugin_ops *
lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(test_plugins) / sizeof(test_plugins[0]); i++)
		if (strcmp(test_plugins[i].name, name) == 0)
			return &test_plugins[i];
	return NULL;
}

#define PROFILE_HEAD                                                                         \
	"apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n" \
	"profiles:\n- schedulerName: test\n  plugins:\n    multiPoint:\n      disabled:\n      - name: '*'\n"

/* A framework from a profile's plugins section (after PROFILE_HEAD); err gets the failure. */
static struct sched_framework *
framework(const char *yaml_tail, int32_t pct, char *err, size_t errlen)
{
	struct kc_strbuf y = KC_STRBUF_INIT;
	struct kc_strv errs = KC_STRV_INIT;
	struct sched_config *cfg = NULL;
	struct sched_handle h = { .percentage_of_nodes_to_score = pct };
	struct sched_framework *fw;

	kc_strbuf_adds(&y, PROFILE_HEAD);
	kc_strbuf_adds(&y, yaml_tail);
	if (sched_config_load(y.buf, y.len, &cfg, &errs) < 0)
		ck_abort_msg("config: %s", errs.n ? errs.v[0] : "?");
	err[0] = '\0';
	fw = sched_framework_new(&cfg->profiles[0], &h, lookup, err, errlen);
	sched_config_free(cfg);
	kc_strbuf_release(&y);
	kc_strv_release(&errs);
	kc_strbuf_reset(&trace);
	count_filter_calls = bind_calls = 0;
	return fw;
}

#define MP(list) "      enabled:\n" list
#define P(name) "      - name: " name "\n"
#define BASIC P("Sort") P("Bind")

static struct sched_framework *
must_framework(const char *tail, int32_t pct)
{
	char err[512];
	struct sched_framework *fw = framework(tail, pct, err, sizeof(err));

	if (!fw)
		ck_abort_msg("framework: %s", err);
	return fw;
}

/* A cache + snapshot with nodes of the given names. */
struct fixture {
	struct sched_cache *cache;
	struct sched_cache_snapshot *snap;
	struct sched_pod_info *pod;
	struct sched_cycle_state *cs;
};

static void
fixture_init(struct fixture *fx, const char *const *names, size_t n)
{
	json_t *pod = kc_test_json("{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\",\"uid\":\"u1\"},"
				   "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}");

	fx->cache = sched_cache_new(0, NULL);
	fx->snap = sched_cache_snapshot_new();
	for (size_t i = 0; i < n; i++) {
		json_t *node = json_pack("{s:{s:s}, s:{s:{s:s, s:s}}}", "metadata", "name", names[i], "status",
					 "allocatable", "cpu", "4", "pods", "110");

		ck_assert_int_eq(sched_cache_add_node(fx->cache, node), 0);
		json_decref(node);
	}
	ck_assert_int_eq(sched_cache_update_snapshot(fx->cache, fx->snap), 0);
	fx->pod = sched_pod_info_new(pod);
	fx->cs = sched_cycle_state_new();
	json_decref(pod);
}

static void
fixture_numbered(struct fixture *fx, size_t n)
{
	char **names = calloc(n, sizeof(*names));

	for (size_t i = 0; i < n; i++)
		names[i] = kc_strfmt("node-%zu", i);
	fixture_init(fx, (const char *const *)names, n);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void
fixture_release(struct fixture *fx)
{
	sched_cycle_state_free(fx->cs);
	sched_pod_info_unref(fx->pod);
	sched_cache_snapshot_free(fx->snap);
	sched_cache_free(fx->cache);
}

static const struct {
	const char *tail;
	const char *want;
} bad_profiles[] = {
	{ MP(BASIC P("Nope")), "plugin \"Nope\" does not exist" },
	{ MP(P("Bind")), "no queue sort plugin is enabled" },
	{ MP(BASIC P("Sort2")), "only one queue sort plugin required for profile with scheduler name \"test\"" },
	{ MP(P("Sort")), "at least one bind plugin is needed for profile with scheduler name \"test\"" },
	{ MP(BASIC) "    filter:\n      enabled:\n      - name: ScoreIdx\n", "plugin \"ScoreIdx\" does not extend FilterPlugin plugin" },
	{ MP(BASIC P("Args")) "  pluginConfig:\n  - name: Args\n    args: {bad: 1}\n",
	  "initializing plugin \"Args\": bad: Invalid value: 1: must be 0" },
};

START_TEST(test_bad_profile)
{
	char err[512];
	struct sched_framework *fw = framework(bad_profiles[_i].tail, 0, err, sizeof(err));

	ck_assert_ptr_null(fw);
	ck_assert_str_eq(err, bad_profiles[_i].want);
}
END_TEST

START_TEST(test_multipoint_expansion)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("FailFilter") P("CountFilter") P("ScoreIdx") P("VolumeBinding"))
						    "    filter:\n      disabled:\n      - name: CountFilter\n"
						    "    score:\n      enabled:\n      - name: ScoreIdx\n        weight: 5\n", 0);

	/* VolumeBinding is a default plugin ckube does not build: skipped, not an error. */
	ck_assert_uint_eq(fw->n_points[SCHED_EP_FILTER], 1);
	ck_assert_str_eq(fw->points[SCHED_EP_FILTER][0]->ops->name, "FailFilter");
	ck_assert_uint_eq(fw->n_points[SCHED_EP_SCORE], 1);
	ck_assert_int_eq(fw->points[SCHED_EP_SCORE][0]->weight, 5);
	ck_assert_uint_eq(fw->n_points[SCHED_EP_QUEUE_SORT], 1);
	ck_assert_uint_eq(fw->n_points[SCHED_EP_BIND], 1);
	ck_assert(!sched_framework_has_point(fw, SCHED_EP_POST_FILTER));
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_specific_point_goes_first)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("FailFilter") P("CountFilter"))
						    "    filter:\n      enabled:\n      - name: CountFilter\n", 0);

	ck_assert_uint_eq(fw->n_points[SCHED_EP_FILTER], 2);
	ck_assert_str_eq(fw->points[SCHED_EP_FILTER][0]->ops->name, "CountFilter");
	ck_assert_str_eq(fw->points[SCHED_EP_FILTER][1]->ops->name, "FailFilter");
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_fit_error_message)
{
	static const char *const names[] = { "bad-0", "small-1", "small-2" };
	struct sched_framework *fw = must_framework(MP(BASIC P("FailFilter") P("CountFilter")), 0);
	struct fixture fx;
	struct sched_diagnosis diag = { 0 };
	struct sched_node_info **feasible;
	size_t n;
	char *msg;

	fixture_init(&fx, names, 3);
	ck_assert_int_eq(sched_framework_find_feasible(fw, fx.cs, fx.pod, &fx.snap->s, NULL, &feasible, &n, &diag), 0);
	ck_assert_uint_eq(n, 0);
	/* Filter stops at the first failing plugin of a node. */
	ck_assert_int_eq(count_filter_calls, 0);
	msg = sched_diagnosis_message(&diag);
	ck_assert_str_eq(msg, "0/3 nodes are available: 1 node(s) were bad, 2 Insufficient cpu.");
	free(msg);
	ck_assert_uint_eq(diag.unschedulable_plugins.n, 1);
	ck_assert_str_eq(diag.unschedulable_plugins.v[0], "FailFilter");
	diag.post_filter_msg = strdup("preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
	msg = sched_diagnosis_message(&diag);
	ck_assert_str_eq(msg, "0/3 nodes are available: 1 node(s) were bad, 2 Insufficient cpu. preemption: 0/3 nodes "
			      "are available: 3 No preemption victims found for incoming pod..");
	free(msg);
	free(feasible);
	sched_diagnosis_release(&diag);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_prefilter_msg)
{
	struct sched_diagnosis diag = { .n_all_nodes = 5 };
	char *msg;

	diag.pre_filter_msg = strdup("pod has unbound immediate PersistentVolumeClaims");
	msg = sched_diagnosis_message(&diag);
	ck_assert_str_eq(msg, "0/5 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
	free(msg);
	sched_diagnosis_release(&diag);
}
END_TEST

START_TEST(test_prefilter_skip_and_subset)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("PreSkip") P("PreSubset") P("CountFilter")), 0);
	struct fixture fx;
	struct sched_diagnosis diag = { 0 };
	struct sched_node_info **feasible;
	struct kc_strmap *subset = NULL;
	struct sched_status st = { 0 };
	size_t n;

	fixture_numbered(&fx, 5);
	ck_assert_int_eq(sched_framework_run_pre_filter(fw, fx.cs, fx.pod, &fx.snap->s, &subset, &st), SCHED_SUCCESS);
	ck_assert_ptr_nonnull(subset);
	ck_assert_uint_eq(kc_strmap_size(subset), 2);
	ck_assert_int_eq(sched_framework_find_feasible(fw, fx.cs, fx.pod, &fx.snap->s, subset, &feasible, &n, &diag), 0);
	/* PreSkip's Filter never ran; only the two PreFilter nodes were filtered. */
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(count_filter_calls, 2);
	free(feasible);
	kc_strmap_free(subset, NULL);
	sched_diagnosis_release(&diag);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_prefilter_failure)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("PreFail")), 0);
	struct fixture fx;
	struct kc_strmap *subset = NULL;
	struct sched_status st = { 0 };

	fixture_numbered(&fx, 2);
	ck_assert_int_eq(sched_framework_run_pre_filter(fw, fx.cs, fx.pod, &fx.snap->s, &subset, &st),
			 SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE);
	ck_assert_str_eq(st.plugin, "PreFail");
	ck_assert_str_eq(st.reasons[0], "pod has unbound PVCs");
	sched_status_reset(&st);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

static const struct {
	int32_t pct;
	size_t nodes, want_found, want_next;
} rotation_table[] = {
	{ 50, 200, 100, 100 }, { 0, 1000, 420, 420 }, { 100, 150, 150, 0 }, { 0, 50, 50, 0 }, { 10, 300, 100, 100 },
};

START_TEST(test_percentage_and_rotation)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("CountFilter")), rotation_table[_i].pct);
	struct fixture fx;
	struct sched_diagnosis diag = { 0 };
	struct sched_node_info **feasible;
	size_t n;

	fixture_numbered(&fx, rotation_table[_i].nodes);
	ck_assert_int_eq(sched_framework_find_feasible(fw, fx.cs, fx.pod, &fx.snap->s, NULL, &feasible, &n, &diag), 0);
	ck_assert_uint_eq(n, rotation_table[_i].want_found);
	ck_assert_uint_eq(fw->next_start_node_index, rotation_table[_i].want_next);
	ck_assert_str_eq(feasible[0]->name, "node-0");
	free(feasible);
	/* The next cycle starts where this one stopped. */
	ck_assert_int_eq(sched_framework_find_feasible(fw, fx.cs, fx.pod, &fx.snap->s, NULL, &feasible, &n, &diag), 0);
	ck_assert_int_eq(node_number(feasible[0]->name), (int64_t)rotation_table[_i].want_next);
	free(feasible);
	sched_diagnosis_release(&diag);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

static enum sched_code
score_all(struct sched_framework *fw, struct fixture *fx, struct sched_node_score **scores, struct sched_status *st)
{
	return sched_framework_run_score(fw, fx->cs, fx->pod, fx->snap->s.nodes, fx->snap->s.n_nodes, scores, st);
}

START_TEST(test_score_weights_and_normalize)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("ScoreIdx") P("ScoreRaw"))
						    "    score:\n      enabled:\n      - name: ScoreIdx\n        weight: 3\n", 0);
	struct fixture fx;
	struct sched_node_score *scores;
	struct sched_status st = { 0 };

	fixture_numbered(&fx, 5);
	ck_assert_int_eq(score_all(fw, &fx, &scores, &st), SCHED_SUCCESS);
	/* node-4: 3 * 4 + 100 (normalized max); node-2: 3 * 2 + 50 */
	ck_assert_int_eq(scores[4].score, 112);
	ck_assert_int_eq(scores[2].score, 56);
	ck_assert_int_eq(scores[0].score, 0);
	ck_assert_uint_eq(sched_select_host(scores, 5), 4);
	free(scores);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_score_out_of_range)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("ScoreBad")), 0);
	struct fixture fx;
	struct sched_node_score *scores = NULL;
	struct sched_status st = { 0 };

	fixture_numbered(&fx, 3);
	ck_assert_int_eq(score_all(fw, &fx, &scores, &st), SCHED_ERROR);
	ck_assert_ptr_null(scores);
	ck_assert_str_eq(st.plugin, "ScoreBad");
	ck_assert_ptr_nonnull(strstr(st.reasons[0], "returns an invalid score 1000"));
	sched_status_reset(&st);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_no_score_plugins_all_one)
{
	struct sched_framework *fw = must_framework(MP(BASIC), 0);
	struct fixture fx;
	struct sched_node_score *scores;
	struct sched_status st = { 0 };

	fixture_numbered(&fx, 3);
	ck_assert_int_eq(score_all(fw, &fx, &scores, &st), SCHED_SUCCESS);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(scores[i].score, 1);
	free(scores);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_select_host_ties_random)
{
	struct sched_node_score s[3] = { { "a", 10 }, { "b", 50 }, { "c", 50 } };
	int seen[3] = { 0 };

	for (int i = 0; i < 400; i++)
		seen[sched_select_host(s, 3)]++;
	ck_assert_int_eq(seen[0], 0);
	ck_assert_int_gt(seen[1], 100);
	ck_assert_int_gt(seen[2], 100);
}
END_TEST

START_TEST(test_reserve_unreserve_order)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("Res1") P("Res2")), 0);
	struct fixture fx;
	struct sched_status st = { 0 };

	fixture_numbered(&fx, 1);
	ck_assert_int_eq(sched_framework_run_reserve(fw, fx.cs, fx.pod, "fail", &st), SCHED_UNSCHEDULABLE);
	ck_assert_str_eq(st.plugin, "Res2");
	sched_status_reset(&st);
	sched_framework_run_unreserve(fw, fx.cs, fx.pod, "fail");
	ck_assert_str_eq(trace.buf, "reserve1 reserve2 unreserve2 unreserve1 ");
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_permit_wait_shortest)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("Res1") P("Res2")), 0);
	struct fixture fx;
	struct sched_status st = { 0 };
	int64_t timeout = 0;

	fixture_numbered(&fx, 1);
	ck_assert_int_eq(sched_framework_run_permit(fw, fx.cs, fx.pod, "n", &timeout, &st), SCHED_WAIT);
	ck_assert_int_eq(timeout, 200);
	ck_assert_str_eq(st.plugin, "Res2");
	sched_status_reset(&st);
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

static enum sched_code bind_result;
static char bind_msg[256];

static void
bind_result_cb(void *arg, enum sched_code code, const struct sched_status *st)
{
	bind_result = code;
	snprintf(bind_msg, sizeof(bind_msg), "%s", st && st->n_reasons ? st->reasons[0] : "");
}

START_TEST(test_bind_chain_skip)
{
	struct sched_framework *fw = must_framework(MP(P("Sort") P("SkipBind") P("Bind")), 0);
	struct fixture fx;

	fixture_numbered(&fx, 1);
	bind_result = SCHED_ERROR;
	sched_framework_run_bind(fw, fx.cs, fx.pod, "node-0", bind_result_cb, NULL);
	ck_assert_int_eq(bind_result, SCHED_SUCCESS);
	ck_assert_str_eq(trace.buf, "skipbind bind:node-0 ");
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_bind_all_skip)
{
	struct sched_framework *fw = must_framework(MP(P("Sort") P("SkipBind")), 0);
	struct fixture fx;

	fixture_numbered(&fx, 1);
	bind_result = SCHED_SUCCESS;
	sched_framework_run_bind(fw, fx.cs, fx.pod, "node-0", bind_result_cb, NULL);
	ck_assert_int_eq(bind_result, SCHED_ERROR);
	ck_assert_ptr_nonnull(strstr(bind_msg, "all bind plugins skipped"));
	fixture_release(&fx);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_requeue_hints)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("FailFilter") P("CountFilter")), 0);
	struct kc_strv rejectors = KC_STRV_INIT;
	json_t *pod = kc_test_json("{\"metadata\":{\"name\":\"p\"}}");
	json_t *plain = kc_test_json("{\"metadata\":{\"name\":\"n\"}}");
	json_t *ready = kc_test_json("{\"metadata\":{\"name\":\"n\",\"labels\":{\"ready\":\"1\"}}}");
	struct sched_cluster_event node_add = { SCHED_EV_NODE, SCHED_ACT_ADD };
	struct sched_cluster_event pod_delete = { SCHED_EV_ASSIGNED_POD, SCHED_ACT_DELETE };

	kc_strv_push(&rejectors, "FailFilter");
	ck_assert_int_eq(sched_framework_requeue_hint(fw, &rejectors, pod, &node_add, NULL, plain), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(sched_framework_requeue_hint(fw, &rejectors, pod, &node_add, NULL, ready), SCHED_QUEUE);
	/* An event the plugin did not register for never requeues. */
	ck_assert_int_eq(sched_framework_requeue_hint(fw, &rejectors, pod, &pod_delete, NULL, NULL), SCHED_QUEUE_SKIP);
	/* A plugin without EnqueueExtensions: any event. */
	kc_strv_push(&rejectors, "CountFilter");
	ck_assert_int_eq(sched_framework_requeue_hint(fw, &rejectors, pod, &pod_delete, NULL, NULL), SCHED_QUEUE);
	kc_strv_release(&rejectors);
	kc_strv_push(&rejectors, "Unknown");
	ck_assert_int_eq(sched_framework_requeue_hint(fw, &rejectors, pod, &pod_delete, NULL, NULL), SCHED_QUEUE);
	kc_strv_release(&rejectors);
	json_decref(pod);
	json_decref(plain);
	json_decref(ready);
	sched_framework_free(fw);
}
END_TEST

START_TEST(test_pre_enqueue)
{
	struct sched_framework *fw = must_framework(MP(BASIC P("Gate")), 0);
	json_t *gated = kc_test_json("{\"metadata\":{\"name\":\"p\",\"uid\":\"u\"},\"spec\":{\"schedulingGates\":[{\"name\":\"g\"}]}}");
	struct sched_pod_info *pi = sched_pod_info_new(gated);
	struct sched_status st = { 0 };

	ck_assert_int_eq(sched_framework_run_pre_enqueue(fw, pi, &st), SCHED_PENDING);
	ck_assert_str_eq(st.plugin, "Gate");
	sched_status_reset(&st);
	sched_pod_info_unref(pi);
	json_decref(gated);
	sched_framework_free(fw);
}
END_TEST

static void
teardown(void)
{
	kc_strbuf_release(&trace);
}

static Suite *
sched_runtime_suite(void)
{
	Suite *s = suite_create("sched_runtime");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_bad_profile, 0, sizeof(bad_profiles) / sizeof(bad_profiles[0]));
	tcase_add_test(tc, test_multipoint_expansion);
	tcase_add_test(tc, test_specific_point_goes_first);
	tcase_add_test(tc, test_fit_error_message);
	tcase_add_test(tc, test_prefilter_msg);
	tcase_add_test(tc, test_prefilter_skip_and_subset);
	tcase_add_test(tc, test_prefilter_failure);
	tcase_add_loop_test(tc, test_percentage_and_rotation, 0, sizeof(rotation_table) / sizeof(rotation_table[0]));
	tcase_add_test(tc, test_score_weights_and_normalize);
	tcase_add_test(tc, test_score_out_of_range);
	tcase_add_test(tc, test_no_score_plugins_all_one);
	tcase_add_test(tc, test_select_host_ties_random);
	tcase_add_test(tc, test_reserve_unreserve_order);
	tcase_add_test(tc, test_permit_wait_shortest);
	tcase_add_test(tc, test_bind_chain_skip);
	tcase_add_test(tc, test_bind_all_skip);
	tcase_add_test(tc, test_requeue_hints);
	tcase_add_test(tc, test_pre_enqueue);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(sched_runtime_suite)
