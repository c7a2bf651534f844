/*
 * check_sched_node_affinity.c - the NodeAffinity plugin: Filter (nodeSelector, required terms
 * with every operator, matchFields, addedAffinity), the PreFilter node-name narrowing, Score +
 * NormalizeScore and the queueing hint, with cases from upstream's
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go.
 */
#include <stdio.h>

#include "libkcommon/hashmap.h"
#include "test/unit/sched_testlib.h"

extern const struct sched_plugin_ops sched_plugin_node_affinity;
#define OPS (&sched_plugin_node_affinity)

#define REQ(terms) "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':" terms "}}}"
#define ERR_POD "node(s) didn't match Pod's node affinity/selector"

static const struct {
	const char *name, *spec, *labels, *node_name, *args;
	enum sched_code code;
	const char *reason;
} filter_cases[] = {
	{ "no selector", "{}", "{}", "n", NULL, SCHED_SUCCESS, "" },
	{ "missing labels", "{'nodeSelector':{'foo':'bar'}}", "{}", "n", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "same labels", "{'nodeSelector':{'foo':'bar'}}", "{'foo':'bar'}", "n", NULL, SCHED_SUCCESS, "" },
	{ "node labels are a superset", "{'nodeSelector':{'foo':'bar'}}", "{'foo':'bar','baz':'blah'}", "n", NULL,
	  SCHED_SUCCESS, "" },
	{ "node labels are a subset", "{'nodeSelector':{'foo':'bar','baz':'blah'}}", "{'foo':'bar'}", "n", NULL,
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "In matches", "{" REQ("[{'matchExpressions':[{'key':'foo','operator':'In','values':['bar','value2']}]}]") "}",
	  "{'foo':'bar'}", "n", NULL, SCHED_SUCCESS, "" },
	{ "Gt matches", "{" REQ("[{'matchExpressions':[{'key':'kernel-version','operator':'Gt','values':['0204']}]}]") "}",
	  "{'kernel-version':'0206'}", "n", NULL, SCHED_SUCCESS, "" },
	{ "Gt does not match", "{" REQ("[{'matchExpressions':[{'key':'kernel-version','operator':'Gt','values':['0204']}]}]") "}",
	  "{'kernel-version':'0200'}", "n", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "Lt matches", "{" REQ("[{'matchExpressions':[{'key':'mem','operator':'Lt','values':['10']}]}]") "}",
	  "{'mem':'9'}", "n", NULL, SCHED_SUCCESS, "" },
	{ "Gt on a non-integer label does not match", "{" REQ("[{'matchExpressions':[{'key':'v','operator':'Gt','values':['1']}]}]") "}",
	  "{'v':'abc'}", "n", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "NotIn and DoesNotExist", "{" REQ("[{'matchExpressions':[{'key':'mem','operator':'NotIn','values':['AB','YZ']},"
					    "{'key':'GPU','operator':'DoesNotExist'}]}]") "}",
	  "{'mem':'middle'}", "n", NULL, SCHED_SUCCESS, "" },
	{ "NotIn excludes", "{" REQ("[{'matchExpressions':[{'key':'mem','operator':'NotIn','values':['AB','YZ']}]}]") "}",
	  "{'mem':'AB'}", "n", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "Exists", "{" REQ("[{'matchExpressions':[{'key':'GPU','operator':'Exists'}]}]") "}", "{'GPU':'NVIDIA-GRID-K1'}", "n",
	  NULL, SCHED_SUCCESS, "" },
	{ "Exists without the label", "{" REQ("[{'matchExpressions':[{'key':'GPU','operator':'Exists'}]}]") "}", "{'foo':'x'}",
	  "n", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "empty nodeSelectorTerms match nothing", "{" REQ("[]") "}", "{'foo':'bar'}", "n", NULL,
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "an empty term matches nothing", "{" REQ("[{}]") "}", "{'foo':'bar'}", "n", NULL,
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "terms are ORed", "{" REQ("[{'matchExpressions':[{'key':'foo','operator':'In','values':['x']}]},"
				    "{'matchExpressions':[{'key':'diffkey','operator':'In','values':['wrong','value2']}]}]") "}",
	  "{'diffkey':'value2'}", "n", NULL, SCHED_SUCCESS, "" },
	{ "expressions within a term are ANDed", "{" REQ("[{'matchExpressions':[{'key':'foo','operator':'In','values':['bar']},"
							 "{'key':'baz','operator':'In','values':['x']}]}]") "}",
	  "{'foo':'bar'}", "n", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "nodeSelector and affinity must both match", "{'nodeSelector':{'foo':'bar'}," REQ("[{'matchExpressions':[{'key':'foo','operator':'Exists'}]}]") "}",
	  "{'foo':'barrrrrr'}", "n", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "an invalid term does not match, others still may", "{" REQ("[{'matchExpressions':[{'key':'foo','operator':'Gt','values':['x']}]},"
									"{'matchExpressions':[{'key':'foo','operator':'Exists'}]}]") "}",
	  "{'foo':'1'}", "n", NULL, SCHED_SUCCESS, "" },
	{ "matchFields metadata.name In matches", "{" REQ("[{'matchFields':[{'key':'metadata.name','operator':'In','values':['node1']}]}]") "}",
	  "{}", "node1", NULL, SCHED_SUCCESS, "" },
	{ "matchFields on another node (narrowed by PreFilter)", "{" REQ("[{'matchFields':[{'key':'metadata.name','operator':'In','values':['node1']}]}]") "}",
	  "{}", "node2", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "" },
	{ "matchFields NotIn", "{" REQ("[{'matchFields':[{'key':'metadata.name','operator':'NotIn','values':['node1']}]}]") "}",
	  "{}", "node1", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "matchFields and matchExpressions are ANDed",
	  "{" REQ("[{'matchFields':[{'key':'metadata.name','operator':'In','values':['node1']}],"
		  "'matchExpressions':[{'key':'foo','operator':'In','values':['bar']}]}]") "}",
	  "{'foo':'baz'}", "node1", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_POD },
	{ "conflicting matchFields terms", "{" REQ("[{'matchFields':[{'key':'metadata.name','operator':'In','values':['node1']},"
						   "{'key':'metadata.name','operator':'In','values':['node2']}]}]") "}",
	  "{}", "node1", NULL, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "pod affinity terms conflict" },
	{ "addedAffinity enforced", "{}", "{'zone':'foo'}", "n",
	  "{'addedAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
	  "[{'matchExpressions':[{'key':'zone','operator':'In','values':['bar']}]}]}}}",
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) didn't match scheduler-enforced node affinity" },
	{ "addedAffinity and the pod's both pass", "{'nodeSelector':{'foo':'bar'}}", "{'zone':'bar','foo':'bar'}", "n",
	  "{'addedAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
	  "[{'matchExpressions':[{'key':'zone','operator':'In','values':['bar']}]}]}}}",
	  SCHED_SUCCESS, "" },
};

START_TEST(test_filter)
{
	char pod[2048], node[512];
	struct sched_status st = { 0 };
	struct sched_pod_info *pi;
	struct sched_node_info *ni;
	void *self = tplugin(OPS, filter_cases[_i].args, NULL);

	snprintf(pod, sizeof(pod), "{'metadata':{'name':'p','uid':'u'},'spec':%s}", filter_cases[_i].spec);
	snprintf(node, sizeof(node), "{'metadata':{'name':'%s','labels':%s}}", filter_cases[_i].node_name,
		 filter_cases[_i].labels);
	pi = tpod(pod);
	ni = tnode(node);
	ck_assert_msg(tfilter(OPS, self, pi, NULL, ni, &st) == filter_cases[_i].code, "%s", filter_cases[_i].name);
	ck_assert_str_eq(treason(&st), filter_cases[_i].reason);
	sched_status_reset(&st);
	sched_pod_info_unref(pi);
	sched_node_info_free(ni);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_prefilter_node_names)
{
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','uid':'u'},'spec':{" REQ(
		"[{'matchFields':[{'key':'metadata.name','operator':'In','values':['a','b']}]},"
		"{'matchFields':[{'key':'metadata.name','operator':'In','values':['c']}]}]") "}}");
	struct sched_cycle_state *cs = sched_cycle_state_new();
	struct sched_prefilter_result res = { NULL };
	struct sched_status st = { 0 };
	void *self = tplugin(OPS, NULL, NULL);

	ck_assert_int_eq(OPS->pre_filter(self, cs, pi, NULL, &res, &st), SCHED_SUCCESS);
	ck_assert_ptr_nonnull(res.node_names);
	ck_assert_uint_eq(kc_strmap_size(res.node_names), 3);
	ck_assert(kc_strmap_contains(res.node_names, "c"));
	kc_strmap_free(res.node_names, NULL);
	sched_cycle_state_free(cs);
	sched_pod_info_unref(pi);
	tplugin_free(OPS, self);
}
END_TEST

#define PREF1 "[{'weight':2,'preference':{'matchExpressions':[{'key':'foo','operator':'In','values':['bar']}]}}]"
#define PREF2                                                                                                  \
	"[{'weight':2,'preference':{'matchExpressions':[{'key':'foo','operator':'In','values':['bar']}]}},"   \
	"{'weight':4,'preference':{'matchExpressions':[{'key':'key','operator':'In','values':['value']}]}},"  \
	"{'weight':5,'preference':{'matchExpressions':[{'key':'foo','operator':'In','values':['bar']},"       \
	"{'key':'key','operator':'In','values':['value']},{'key':'az','operator':'In','values':['az1']}]}}]"
#define L1 "{'foo':'bar'}"
#define L2 "{'key':'value'}"
#define L3 "{'az':'az1'}"
#define L4 "{'abc':'az11','def':'az22'}"
#define L5 "{'foo':'bar','key':'value','az':'az1'}"

static const struct {
	const char *name, *preferred, *args;
	const char *labels[3];
	int64_t want[3];
} score_cases[] = {
	{ "no affinity: all zero", NULL, NULL, { L1, L2, L3 }, { 0, 0, 0 } },
	{ "no node matches: all zero", PREF1, NULL, { L4, L2, L3 }, { 0, 0, 0 } },
	{ "only node1 matches", PREF1, NULL, { L1, L2, L3 }, { 100, 0, 0 } },
	{ "all match with different priorities", PREF2, NULL, { L1, L5, L2 }, { 18, 100, 36 } },
	{ "added affinity only", NULL,
	  "{'addedAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':" PREF1 "}}", { L1, L2, L3 }, { 100, 0, 0 } },
	{ "added affinity and the pod's", PREF2,
	  "{'addedAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':"
	  "[{'weight':3,'preference':{'matchExpressions':[{'key':'az','operator':'In','values':['az1']}]}}]}}",
	  { L1, L5, L3 }, { 14, 100, 21 } },
};

START_TEST(test_score)
{
	struct sched_node_info *nodes[3];
	int64_t scores[3];
	char text[2048];
	struct sched_pod_info *pi;
	void *self = tplugin(OPS, score_cases[_i].args, NULL);
	size_t i;

	if (score_cases[_i].preferred != NULL)
		snprintf(text, sizeof(text), "{'metadata':{'name':'p','uid':'u'},'spec':{'affinity':{'nodeAffinity':"
			 "{'preferredDuringSchedulingIgnoredDuringExecution':%s}}}}", score_cases[_i].preferred);
	else
		snprintf(text, sizeof(text), "{'metadata':{'name':'p','uid':'u'}}");
	pi = tpod(text);
	for (i = 0; i < 3; i++) {
		snprintf(text, sizeof(text), "{'metadata':{'name':'m%zu','labels':%s}}", i, score_cases[_i].labels[i]);
		nodes[i] = tnode(text);
	}
	tscore(OPS, self, pi, nodes, 3, scores);
	for (i = 0; i < 3; i++) {
		ck_assert_msg(scores[i] == score_cases[_i].want[i], "%s: node %zu scored %lld", score_cases[_i].name, i,
			      (long long)scores[i]);
		sched_node_info_free(nodes[i]);
	}
	sched_pod_info_unref(pi);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_bad_args)
{
	json_t *args = tj("{'addedAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
			  "[{'matchExpressions':[{'key':'a b','operator':'In','values':['x']}]}]}}}");
	char *err = NULL;

	ck_assert_ptr_null(OPS->new_plugin(args, NULL, &err));
	ck_assert_ptr_nonnull(err);
	ck_assert(strncmp(err, "addedAffinity: ", 15) == 0);
	free(err);
	json_decref(args);
}
END_TEST

START_TEST(test_node_hint)
{
	json_t *pod = tj("{'metadata':{'name':'p'},'spec':{'nodeSelector':{'foo':'bar'}}}");
	json_t *match = tj("{'metadata':{'name':'n','labels':{'foo':'bar'}}}");
	json_t *nomatch = tj("{'metadata':{'name':'n','labels':{'foo':'baz'}}}");
	struct sched_plugin p = { OPS, tplugin(OPS, NULL, NULL), 1 };
	sched_queueing_hint_fn hint = OPS->events[0].hint;

	ck_assert_int_eq(hint(&p, pod, NULL, match), SCHED_QUEUE);
	ck_assert_int_eq(hint(&p, pod, NULL, nomatch), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(hint(&p, pod, nomatch, match), SCHED_QUEUE);
	ck_assert_int_eq(hint(&p, pod, match, match), SCHED_QUEUE_SKIP);
	tplugin_free(OPS, p.self);
	json_decref(pod);
	json_decref(match);
	json_decref(nomatch);
}
END_TEST

static Suite *
node_affinity_suite(void)
{
	Suite *s = suite_create("sched_node_affinity");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_filter, 0, sizeof(filter_cases) / sizeof(filter_cases[0]));
	tcase_add_test(tc, test_prefilter_node_names);
	tcase_add_loop_test(tc, test_score, 0, sizeof(score_cases) / sizeof(score_cases[0]));
	tcase_add_test(tc, test_bad_args);
	tcase_add_test(tc, test_node_hint);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(node_affinity_suite)
