/*
 * check_sched_taint_toleration.c - the TaintToleration plugin: Filter, Score + NormalizeScore
 * and the node-change queueing hint, with the cases of upstream's
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go.
 */
#include <stdio.h>

#include "kube-scheduler/plugins/helper.h"
#include "test/unit/sched_testlib.h"

extern const struct sched_plugin_ops sched_plugin_taint_toleration;
#define OPS (&sched_plugin_taint_toleration)

static const struct {
	const char *name, *tolerations, *taints;
	enum sched_code code;
	const char *reason;
} filter_cases[] = {
	{ "no tolerations, a NoSchedule taint", "[]", "[{'key':'dedicated','value':'user1','effect':'NoSchedule'}]",
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) had untolerated taint {dedicated: user1}" },
	{ "tolerates the dedicated node", "[{'key':'dedicated','value':'user1','effect':'NoSchedule'}]",
	  "[{'key':'dedicated','value':'user1','effect':'NoSchedule'}]", SCHED_SUCCESS, "" },
	{ "toleration for another user", "[{'key':'dedicated','operator':'Equal','value':'user2','effect':'NoSchedule'}]",
	  "[{'key':'dedicated','value':'user1','effect':'NoSchedule'}]", SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE,
	  "node(s) had untolerated taint {dedicated: user1}" },
	{ "operator Exists tolerates any value", "[{'key':'foo','operator':'Exists','effect':'NoSchedule'}]",
	  "[{'key':'foo','value':'bar','effect':'NoSchedule'}]", SCHED_SUCCESS, "" },
	{ "multiple tolerations, all taints tolerated",
	  "[{'key':'dedicated','operator':'Equal','value':'user2','effect':'NoSchedule'},"
	  "{'key':'foo','operator':'Exists','effect':'NoSchedule'}]",
	  "[{'key':'dedicated','value':'user2','effect':'NoSchedule'},{'key':'foo','value':'bar','effect':'NoSchedule'}]",
	  SCHED_SUCCESS, "" },
	{ "key and value match but the effect does not",
	  "[{'key':'foo','operator':'Equal','value':'bar','effect':'PreferNoSchedule'}]",
	  "[{'key':'foo','value':'bar','effect':'NoSchedule'}]", SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE,
	  "node(s) had untolerated taint {foo: bar}" },
	{ "empty toleration effect tolerates every effect", "[{'key':'foo','operator':'Equal','value':'bar'}]",
	  "[{'key':'foo','value':'bar','effect':'NoSchedule'}]", SCHED_SUCCESS, "" },
	{ "PreferNoSchedule taints never filter",
	  "[{'key':'dedicated','operator':'Equal','value':'user2','effect':'NoSchedule'}]",
	  "[{'key':'dedicated','value':'user1','effect':'PreferNoSchedule'}]", SCHED_SUCCESS, "" },
	{ "no tolerations, only PreferNoSchedule", "[]",
	  "[{'key':'dedicated','value':'user1','effect':'PreferNoSchedule'}]", SCHED_SUCCESS, "" },
	{ "NoExecute tolerated with tolerationSeconds",
	  "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}]",
	  "[{'key':'node.kubernetes.io/not-ready','effect':'NoExecute'}]", SCHED_SUCCESS, "" },
	{ "NoExecute not tolerated", "[{'key':'other','operator':'Exists','effect':'NoExecute'}]",
	  "[{'key':'node.kubernetes.io/not-ready','effect':'NoExecute'}]", SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE,
	  "node(s) had untolerated taint {node.kubernetes.io/not-ready: }" },
	{ "empty key with Exists tolerates everything", "[{'operator':'Exists'}]",
	  "[{'key':'a','value':'b','effect':'NoSchedule'},{'key':'c','effect':'NoExecute'}]", SCHED_SUCCESS, "" },
	{ "empty key with Exists and an effect tolerates only that effect", "[{'operator':'Exists','effect':'NoSchedule'}]",
	  "[{'key':'a','value':'b','effect':'NoSchedule'},{'key':'c','value':'d','effect':'NoExecute'}]",
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) had untolerated taint {c: d}" },
	{ "Equal with an empty value matches an empty taint value", "[{'key':'k','operator':'Equal','effect':'NoSchedule'}]",
	  "[{'key':'k','effect':'NoSchedule'}]", SCHED_SUCCESS, "" },
	{ "unknown operator tolerates nothing", "[{'key':'k','operator':'Gt','value':'1','effect':'NoSchedule'}]",
	  "[{'key':'k','value':'1','effect':'NoSchedule'}]", SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE,
	  "node(s) had untolerated taint {k: 1}" },
};

START_TEST(test_filter)
{
	char pod[1024], node[1024];
	struct sched_status st = { 0 };
	struct sched_pod_info *pi;
	struct sched_node_info *ni;

	snprintf(pod, sizeof(pod), "{'metadata':{'name':'p','uid':'u'},'spec':{'tolerations':%s}}",
		 filter_cases[_i].tolerations);
	snprintf(node, sizeof(node), "{'metadata':{'name':'n'},'spec':{'taints':%s}}", filter_cases[_i].taints);
	pi = tpod(pod);
	ni = tnode(node);
	ck_assert_msg(tfilter(OPS, NULL, pi, NULL, ni, &st) == filter_cases[_i].code, "%s: code %s", filter_cases[_i].name,
		      sched_code_name(st.code));
	ck_assert_str_eq(treason(&st), filter_cases[_i].reason);
	sched_status_reset(&st);
	sched_pod_info_unref(pi);
	sched_node_info_free(ni);
}
END_TEST

static const struct {
	const char *name, *tolerations;
	const char *taints[3];
	int64_t want[3];
} score_cases[] = {
	{ "tolerated taints score higher than untolerated ones",
	  "[{'key':'foo','operator':'Equal','value':'bar','effect':'PreferNoSchedule'}]",
	  { "[{'key':'foo','value':'bar','effect':'PreferNoSchedule'}]",
	    "[{'key':'foo','value':'blah','effect':'PreferNoSchedule'}]", NULL },
	  { 100, 0 } },
	{ "all taints tolerated: same score however many",
	  "[{'key':'cpu-type','operator':'Equal','value':'arm64','effect':'PreferNoSchedule'},"
	  "{'key':'disk-type','operator':'Equal','value':'ssd','effect':'PreferNoSchedule'}]",
	  { "[]", "[{'key':'cpu-type','value':'arm64','effect':'PreferNoSchedule'}]",
	    "[{'key':'cpu-type','value':'arm64','effect':'PreferNoSchedule'},"
	    "{'key':'disk-type','value':'ssd','effect':'PreferNoSchedule'}]" },
	  { 100, 100, 100 } },
	{ "more intolerable taints, lower score",
	  "[{'key':'foo','operator':'Equal','value':'bar','effect':'PreferNoSchedule'}]",
	  { "[]", "[{'key':'cpu-type','value':'arm64','effect':'PreferNoSchedule'}]",
	    "[{'key':'cpu-type','value':'arm64','effect':'PreferNoSchedule'},"
	    "{'key':'disk-type','value':'ssd','effect':'PreferNoSchedule'}]" },
	  { 100, 50, 0 } },
	{ "only PreferNoSchedule taints and tolerations count",
	  "[{'key':'cpu-type','operator':'Equal','value':'arm64','effect':'NoSchedule'},"
	  "{'key':'disk-type','operator':'Equal','value':'ssd','effect':'NoSchedule'}]",
	  { "[]", "[{'key':'cpu-type','value':'arm64','effect':'NoSchedule'}]",
	    "[{'key':'cpu-type','value':'arm64','effect':'PreferNoSchedule'}]" },
	  { 100, 100, 0 } },
	{ "no taints and tolerations: the untainted node wins", "[]",
	  { "[]", "[{'key':'cpu-type','value':'arm64','effect':'PreferNoSchedule'}]", NULL },
	  { 100, 0 } },
};

START_TEST(test_score)
{
	struct sched_node_info *nodes[3];
	int64_t scores[3];
	char text[1024];
	struct sched_pod_info *pi;
	size_t n = 0, i;

	snprintf(text, sizeof(text), "{'metadata':{'name':'p','uid':'u'},'spec':{'tolerations':%s}}",
		 score_cases[_i].tolerations);
	pi = tpod(text);
	for (n = 0; n < 3 && score_cases[_i].taints[n] != NULL; n++) {
		snprintf(text, sizeof(text), "{'metadata':{'name':'n%zu'},'spec':{'taints':%s}}", n, score_cases[_i].taints[n]);
		nodes[n] = tnode(text);
	}
	ck_assert_int_eq(tscore(OPS, NULL, pi, nodes, n, scores), SCHED_SUCCESS);
	for (i = 0; i < n; i++) {
		ck_assert_msg(scores[i] == score_cases[_i].want[i], "%s: node %zu scored %lld", score_cases[_i].name, i,
			      (long long)scores[i]);
		sched_node_info_free(nodes[i]);
	}
	sched_pod_info_unref(pi);
}
END_TEST

START_TEST(test_node_hint)
{
	json_t *pod = tj("{'metadata':{'name':'p','uid':'u'},'spec':{'tolerations':[{'key':'foo','operator':'Exists',"
			 "'effect':'NoSchedule'}]}}");
	json_t *bad = tj("{'metadata':{'name':'n'},'spec':{'taints':[{'key':'bar','effect':'NoSchedule'}]}}");
	json_t *good = tj("{'metadata':{'name':'n'},'spec':{'taints':[{'key':'foo','effect':'NoSchedule'}]}}");
	const struct sched_event_with_hint *ev = &OPS->events[0];

	ck_assert(ev->event.resource == SCHED_EV_NODE);
	ck_assert(ev->event.action & SCHED_ACT_UPDATE_NODE_TAINT);
	ck_assert_int_eq(ev->hint(NULL, pod, NULL, good), SCHED_QUEUE);       /* added, tolerated */
	ck_assert_int_eq(ev->hint(NULL, pod, NULL, bad), SCHED_QUEUE_SKIP);   /* added, untolerated */
	ck_assert_int_eq(ev->hint(NULL, pod, bad, good), SCHED_QUEUE);        /* taint fixed */
	ck_assert_int_eq(ev->hint(NULL, pod, good, good), SCHED_QUEUE_SKIP);  /* was already fine */
	ck_assert_int_eq(ev->hint(NULL, pod, good, bad), SCHED_QUEUE_SKIP);
	json_decref(pod);
	json_decref(bad);
	json_decref(good);
}
END_TEST

START_TEST(test_find_untolerated_taint)
{
	json_t *taints = tj("[{'key':'a','effect':'PreferNoSchedule'},{'key':'b','effect':'NoSchedule'}]");
	json_t *tols = tj("[]");
	static const char *const prefer[] = { "PreferNoSchedule", NULL };

	ck_assert_str_eq(kc_json_get_string(sched_find_untolerated_taint(taints, tols, NULL), "key", ""), "b");
	ck_assert_str_eq(kc_json_get_string(sched_find_untolerated_taint(taints, tols, prefer), "key", ""), "a");
	ck_assert_ptr_null(sched_find_untolerated_taint(NULL, tols, NULL));
	json_decref(taints);
	json_decref(tols);
}
END_TEST

static Suite *
taint_toleration_suite(void)
{
	Suite *s = suite_create("sched_taint_toleration");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_filter, 0, sizeof(filter_cases) / sizeof(filter_cases[0]));
	tcase_add_loop_test(tc, test_score, 0, sizeof(score_cases) / sizeof(score_cases[0]));
	tcase_add_test(tc, test_node_hint);
	tcase_add_test(tc, test_find_untolerated_taint);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(taint_toleration_suite)
