/*
 * check_sched_noderesources.c - NodeResourcesFit (Filter reasons, ignored resources, the three
 * scoring strategies) and NodeResourcesBalancedAllocation, with expected scores computed as
 * upstream's pkg/scheduler/framework/plugins/noderesources/ tests expect them.
 */
#include <stdio.h>

#include "kube-scheduler/plugins/resource_allocation.h"
#include "test/unit/sched_testlib.h"

extern const struct sched_plugin_ops sched_plugin_node_resources_fit;
extern const struct sched_plugin_ops sched_plugin_node_resources_balanced_allocation;
#define FIT (&sched_plugin_node_resources_fit)
#define BALANCED (&sched_plugin_node_resources_balanced_allocation)

/* A node with allocatable cpu (millicores), memory (bytes), pods, and extra resources. */
static struct sched_node_info *
node_with(const char *name, int64_t cpu, int64_t mem, int pods, const char *extra)
{
	char text[1024];

	snprintf(text, sizeof(text), "{'metadata':{'name':'%s'},'status':{'allocatable':{'cpu':'%lldm','memory':'%lld',"
		 "'pods':'%d'%s%s}}}", name, (long long)cpu, (long long)mem, pods, extra != NULL ? "," : "",
		 extra != NULL ? extra : "");
	return tnode(text);
}

static char *
pod_text(char *buf, size_t size, const char *uid, const char *requests)
{
	snprintf(buf, size, "{'metadata':{'name':'%s','namespace':'default','uid':'%s'},'spec':{'containers':["
		 "{'name':'c','resources':{'requests':%s}}]}}", uid, uid, requests);
	return buf;
}

static const struct {
	const char *name, *pod, *used, *extra, *args;
	int pods_alloc;
	enum sched_code code;
	const char *reasons[3];
} filter_cases[] = {
	{ "no resources requested always fits", "{}", "{'cpu':'10','memory':'20'}", NULL, NULL, 32, SCHED_SUCCESS, { NULL } },
	{ "fits", "{'cpu':'1','memory':'1'}", "{'cpu':'5','memory':'5'}", NULL, NULL, 32, SCHED_SUCCESS, { NULL } },
	{ "too many resources fail on cpu", "{'cpu':'1','memory':'1'}", "{'cpu':'10','memory':'20'}", NULL, NULL, 32,
	  SCHED_UNSCHEDULABLE, { "Insufficient cpu", "Insufficient memory", NULL } },
	{ "cpu beyond the whole node: unresolvable", "{'cpu':'11','memory':'1'}", "{}", NULL, NULL, 32,
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, { "Insufficient cpu", NULL } },
	{ "memory insufficient", "{'memory':'2'}", "{'memory':'19'}", NULL, NULL, 32, SCHED_UNSCHEDULABLE,
	  { "Insufficient memory", NULL } },
	{ "too many pods", "{'cpu':'1'}", "{}", NULL, NULL, 1, SCHED_UNSCHEDULABLE, { "Too many pods", NULL } },
	{ "too many pods and cpu", "{'cpu':'10'}", "{'cpu':'5'}", NULL, NULL, 1, SCHED_UNSCHEDULABLE,
	  { "Too many pods", "Insufficient cpu", NULL } },
	{ "extended resource fits", "{'example.com/aaa':'1'}", "{}", "'example.com/aaa':'5'", NULL, 32, SCHED_SUCCESS, { NULL } },
	{ "extended resource insufficient", "{'example.com/aaa':'3'}", "{'example.com/aaa':'3'}", "'example.com/aaa':'5'",
	  NULL, 32, SCHED_UNSCHEDULABLE, { "Insufficient example.com/aaa", NULL } },
	{ "extended resource the node lacks", "{'example.com/bbb':'1'}", "{}", NULL, NULL, 32,
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, { "Insufficient example.com/bbb", NULL } },
	{ "ignored extended resource", "{'example.com/bbb':'1'}", "{}", NULL, "{'ignoredResources':['example.com/bbb']}", 32,
	  SCHED_SUCCESS, { NULL } },
	{ "ignored resource group", "{'example.com/bbb':'1'}", "{}", NULL, "{'ignoredResourceGroups':['example.com']}", 32,
	  SCHED_SUCCESS, { NULL } },
	{ "hugepages are not extended: never ignored", "{'hugepages-2Mi':'4Mi'}", "{}", NULL,
	  "{'ignoredResources':['hugepages-2Mi']}", 32, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, { "Insufficient hugepages-2Mi", NULL } },
	{ "ephemeral storage", "{'ephemeral-storage':'10'}", "{'ephemeral-storage':'15'}", "'ephemeral-storage':'20'", NULL, 32,
	  SCHED_UNSCHEDULABLE, { "Insufficient ephemeral-storage", NULL } },
};

START_TEST(test_filter)
{
	struct sched_node_info *ni = node_with("n", 10000, 20, filter_cases[_i].pods_alloc, filter_cases[_i].extra);
	void *self = tplugin(FIT, filter_cases[_i].args, NULL);
	struct sched_status st = { 0 };
	struct sched_pod_info *pi;
	char text[1024];
	size_t i;

	/* The used resources as one pod already there (its cpu in whole cores). */
	tnode_add(ni, pod_text(text, sizeof(text), "existing", filter_cases[_i].used));
	pi = tpod(pod_text(text, sizeof(text), "p", filter_cases[_i].pod));
	ck_assert_msg(tfilter(FIT, self, pi, NULL, ni, &st) == filter_cases[_i].code, "%s: %s", filter_cases[_i].name,
		      sched_code_name(st.code));
	for (i = 0; filter_cases[_i].reasons[i] != NULL; i++) {
		ck_assert_uint_gt(st.n_reasons, i);
		ck_assert_str_eq(st.reasons[i], filter_cases[_i].reasons[i]);
	}
	ck_assert_uint_eq(st.n_reasons, i);
	sched_status_reset(&st);
	sched_pod_info_unref(pi);
	sched_node_info_free(ni);
	tplugin_free(FIT, self);
}
END_TEST

#define LEAST "{'scoringStrategy':{'type':'LeastAllocated','resources':[{'name':'cpu','weight':1},{'name':'memory','weight':1}]}}"
#define MOST "{'scoringStrategy':{'type':'MostAllocated','resources':[{'name':'cpu','weight':1},{'name':'memory','weight':1}]}}"
#define RATIO "{'scoringStrategy':{'type':'RequestedToCapacityRatio','resources':[{'name':'cpu','weight':1},{'name':'memory','weight':1}]," \
	      "'requestedToCapacityRatio':{'shape':[{'utilization':0,'score':10},{'utilization':100,'score':0}]}}}"

/* cpu 3000m + memory 5000, the upstream tests' "resources requested" pod (two containers). */
#define REQ_POD "{'cpu':'3','memory':'5000'}"

static const struct {
	const char *name;
	const struct sched_plugin_ops *ops;
	const char *args, *pod, *used0;
	int64_t cpu[2], mem[2];
	int64_t want[2];
} score_cases[] = {
	{ "least: differently sized nodes", NULL, LEAST, REQ_POD, NULL, { 4000, 6000 }, { 10000, 10000 }, { 37, 50 } },
	{ "least: default args are cpu+memory weight 1", NULL, NULL, REQ_POD, NULL, { 4000, 6000 }, { 10000, 10000 }, { 37, 50 } },
	{ "least: existing pods count", NULL, LEAST, "{'cpu':'1','memory':'2000'}", "{'cpu':'3','memory':'5000'}",
	  { 10000, 10000 }, { 20000, 20000 }, { 62, 90 } },
	{ "least: requested beyond capacity scores 0", NULL, LEAST, "{'cpu':'5','memory':'15000'}", NULL,
	  { 4000, 6000 }, { 10000, 20000 }, { 0, 20 } },
	{ "most: differently sized nodes", NULL, MOST, REQ_POD, NULL, { 4000, 6000 }, { 10000, 10000 }, { 62, 50 } },
	{ "most: capped at capacity", NULL, MOST, "{'cpu':'5','memory':'15000'}", NULL, { 4000, 6000 }, { 10000, 20000 },
	  { 100, 79 } },
	{ "ratio: least-requested shape", NULL, RATIO, REQ_POD, NULL, { 4000, 6000 }, { 10000, 10000 }, { 38, 50 } },
	{ "balanced: differently sized nodes", BALANCED, NULL, REQ_POD, NULL, { 4000, 6000 }, { 10000, 10000 }, { 87, 100 } },
	{ "balanced: existing pods", BALANCED, NULL, "{'cpu':'1','memory':'2000'}", "{'cpu':'3','memory':'5000'}",
	  { 10000, 10000 }, { 20000, 20000 }, { 97, 100 } },
};

START_TEST(test_score)
{
	const struct sched_plugin_ops *ops = score_cases[_i].ops != NULL ? score_cases[_i].ops : FIT;
	void *self = tplugin(ops, score_cases[_i].args, NULL);
	struct sched_node_info *nodes[2];
	int64_t scores[2];
	struct sched_pod_info *pi;
	char text[1024];
	size_t i;

	for (i = 0; i < 2; i++)
		nodes[i] = node_with(i == 0 ? "n0" : "n1", score_cases[_i].cpu[i], score_cases[_i].mem[i], 110, NULL);
	if (score_cases[_i].used0 != NULL)
		tnode_add(nodes[0], pod_text(text, sizeof(text), "existing", score_cases[_i].used0));
	pi = tpod(pod_text(text, sizeof(text), "p", score_cases[_i].pod));
	tscore(ops, self, pi, nodes, 2, scores);
	for (i = 0; i < 2; i++) {
		ck_assert_msg(scores[i] == score_cases[_i].want[i], "%s: node %zu scored %lld", score_cases[_i].name, i,
			      (long long)scores[i]);
		sched_node_info_free(nodes[i]);
	}
	sched_pod_info_unref(pi);
	tplugin_free(ops, self);
}
END_TEST

START_TEST(test_best_effort_skips_balanced)
{
	void *self = tplugin(BALANCED, NULL, NULL);
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','uid':'u'},'spec':{'containers':[{'name':'c'}]}}");
	struct sched_cycle_state *cs = sched_cycle_state_new();
	struct sched_status st = { 0 };

	ck_assert_int_eq(BALANCED->pre_score(self, cs, pi, NULL, 0, &st), SCHED_SKIP);
	sched_cycle_state_free(cs);
	sched_pod_info_unref(pi);
	tplugin_free(BALANCED, self);
}
END_TEST

static const struct {
	const char *args, *err_prefix;
} bad_args[] = {
	{ "{'scoringStrategy':{'type':'Bogus'}}", "scoringStrategy.type: Unsupported value: \"Bogus\"" },
	{ "{'scoringStrategy':{'type':'MostAllocated','resources':[{'name':'cpu','weight':101}]}}",
	  "scoringStrategy.resources[0].weight: Invalid value: 101" },
	{ "{'scoringStrategy':{'type':'RequestedToCapacityRatio'}}", "scoringStrategy.shape: Required value" },
	{ "{'scoringStrategy':{'type':'RequestedToCapacityRatio','requestedToCapacityRatio':{'shape':"
	  "[{'utilization':50,'score':1},{'utilization':10,'score':2}]}}}",
	  "scoringStrategy.shape[1].utilization: Invalid value: 10" },
	{ "{'scoringStrategy':{'type':'RequestedToCapacityRatio','requestedToCapacityRatio':{'shape':"
	  "[{'utilization':50,'score':11}]}}}",
	  "scoringStrategy.shape[0].score: Invalid value: 11" },
};

START_TEST(test_bad_args)
{
	json_t *args = tj(bad_args[_i].args);
	char *err = NULL;

	ck_assert_ptr_null(FIT->new_plugin(args, NULL, &err));
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strncmp(err, bad_args[_i].err_prefix, strlen(bad_args[_i].err_prefix)) == 0, "%s", err);
	free(err);
	json_decref(args);
}
END_TEST

START_TEST(test_broken_linear)
{
	struct sched_shape_point shape[] = { { 10, 10 }, { 20, 30 }, { 50, 100 } };

	ck_assert_int_eq(sched_broken_linear(shape, 3, 0), 10);
	ck_assert_int_eq(sched_broken_linear(shape, 3, 10), 10);
	ck_assert_int_eq(sched_broken_linear(shape, 3, 15), 20);
	ck_assert_int_eq(sched_broken_linear(shape, 3, 35), 65);
	ck_assert_int_eq(sched_broken_linear(shape, 3, 90), 100);
	ck_assert_int_eq(sched_broken_linear(shape, 0, 90), 0);
}
END_TEST

START_TEST(test_hints)
{
	json_t *pod = tj("{'metadata':{'name':'p','uid':'u'},'spec':{'containers':[{'name':'c','resources':{'requests':{'cpu':'2'}}}]}}");
	json_t *small = tj("{'metadata':{'name':'n'},'status':{'allocatable':{'cpu':'1','pods':'10'}}}");
	json_t *big = tj("{'metadata':{'name':'n'},'status':{'allocatable':{'cpu':'4','pods':'10'}}}");
	json_t *assigned = tj("{'metadata':{'name':'x','uid':'x'},'spec':{'nodeName':'n'}}");
	json_t *pending = tj("{'metadata':{'name':'x','uid':'x'},'spec':{}}");
	sched_queueing_hint_fn pod_hint = FIT->events[0].hint, node_hint = FIT->events[1].hint;

	ck_assert_int_eq(node_hint(NULL, pod, NULL, big), SCHED_QUEUE);
	ck_assert_int_eq(node_hint(NULL, pod, NULL, small), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(node_hint(NULL, pod, small, big), SCHED_QUEUE);
	ck_assert_int_eq(node_hint(NULL, pod, big, big), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(node_hint(NULL, pod, big, small), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(pod_hint(NULL, pod, assigned, NULL), SCHED_QUEUE);
	ck_assert_int_eq(pod_hint(NULL, pod, pending, NULL), SCHED_QUEUE_SKIP);
	/* Scale down of an assigned pod's cpu, which the pod asks for. */
	{
		json_t *big_pod = tj("{'metadata':{'name':'x','uid':'x'},'spec':{'nodeName':'n','containers':[{'name':'c',"
				     "'resources':{'requests':{'cpu':'3','memory':'1Gi'}}}]}}");
		json_t *small_pod = tj("{'metadata':{'name':'x','uid':'x'},'spec':{'nodeName':'n','containers':[{'name':'c',"
				       "'resources':{'requests':{'cpu':'1','memory':'1Gi'}}}]}}");
		json_t *less_mem = tj("{'metadata':{'name':'x','uid':'x'},'spec':{'nodeName':'n','containers':[{'name':'c',"
				      "'resources':{'requests':{'cpu':'3','memory':'1Mi'}}}]}}");

		ck_assert_int_eq(pod_hint(NULL, pod, big_pod, small_pod), SCHED_QUEUE);
		ck_assert_int_eq(pod_hint(NULL, pod, big_pod, less_mem), SCHED_QUEUE_SKIP);  /* pod asks no memory */
		ck_assert_int_eq(pod_hint(NULL, pod, pod, pod), SCHED_QUEUE);                /* the pod itself */
		json_decref(big_pod);
		json_decref(small_pod);
		json_decref(less_mem);
	}
	json_decref(pod);
	json_decref(small);
	json_decref(big);
	json_decref(assigned);
	json_decref(pending);
}
END_TEST

static Suite *
noderesources_suite(void)
{
	Suite *s = suite_create("sched_noderesources");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_filter, 0, sizeof(filter_cases) / sizeof(filter_cases[0]));
	tcase_add_loop_test(tc, test_score, 0, sizeof(score_cases) / sizeof(score_cases[0]));
	tcase_add_test(tc, test_best_effort_skips_balanced);
	tcase_add_loop_test(tc, test_bad_args, 0, sizeof(bad_args) / sizeof(bad_args[0]));
	tcase_add_test(tc, test_broken_linear);
	tcase_add_test(tc, test_hints);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(noderesources_suite)
