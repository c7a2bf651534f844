/*
 * check_sched_pod_topology_spread.c - the PodTopologySpread plugin: the skew rule with
 * maxSkew, minDomains, missing topology labels, node inclusion policies, namespaces and
 * terminating pods (upstream filtering_test.go TestSingleConstraint cases), the soft-constraint
 * score and its normalization (scoring_test.go), the system default constraints with a Service
 * selector, args validation and preemption's AddPod/RemovePod.
 */
#include <stdio.h>

#include "libkcommon/store.h"
#include "test/unit/sched_testlib.h"

extern const struct sched_plugin_ops sched_plugin_pod_topology_spread;
#define OPS (&sched_plugin_pod_topology_spread)
#define ERR "node(s) didn't match pod topology spread constraints"
#define ERR_LABEL ERR " (missing required label)"

/* Four nodes a, b (zone1) and x, y (zone2) unless the case gives labels. */
static const char *const std_nodes[4] = {
	"{'metadata':{'name':'node-a','labels':{'zone':'zone1','node':'node-a'}}}",
	"{'metadata':{'name':'node-b','labels':{'zone':'zone1','node':'node-b'}}}",
	"{'metadata':{'name':'node-x','labels':{'zone':'zone2','node':'node-x'}}}",
	"{'metadata':{'name':'node-y','labels':{'zone':'zone2','node':'node-y'}}}",
};

/* pods: "n:ns:labels" entries, n the node index, e.g. "0:default:{'foo':''}". */
static struct tsnap *
cluster(const char *const *nodes, const char *const *pods)
{
	struct sched_node_info *ni[4];
	char text[512];
	size_t i;

	for (i = 0; i < 4; i++)
		ni[i] = tnode(nodes[i] != NULL ? nodes[i] : std_nodes[i]);
	for (i = 0; pods != NULL && pods[i] != NULL; i++) {
		int node = pods[i][0] - '0';
		const char *ns = pods[i] + 2, *labels = strchr(ns, ':') + 1;

		snprintf(text, sizeof(text), "{'metadata':{'name':'p%zu','uid':'u%zu','namespace':'%.*s','labels':%s},"
			 "'spec':{'nodeName':'x'}}", i, i, (int)(labels - 1 - ns), ns, labels);
		tnode_add(ni[node], text);
	}
	return tsnap_new(ni, 4);
}

#define C_ZONE(skew, extra) "{'maxSkew':" #skew ",'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'," \
	"'labelSelector':{'matchExpressions':[{'key':'foo','operator':'Exists'}]}" extra "}"
#define C_NODE(skew) "{'maxSkew':" #skew ",'topologyKey':'node','whenUnsatisfiable':'DoNotSchedule'," \
	"'labelSelector':{'matchExpressions':[{'key':'foo','operator':'Exists'}]}}"
#define FOO "default:{'foo':''}"

static const struct {
	const char *name, *constraints, *pod_extra;
	const char *nodes[4];
	const char *pods[8];
	enum sched_code want[4];
	const char *reason[4];
} filter_cases[] = {
	{ "no existing pods", "[" C_ZONE(1, "") "]", "", { NULL }, { NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
	{ "existing pods in another namespace do not count", "[" C_ZONE(1, "") "]", "", { NULL },
	  { "0:other:{'foo':''}", "0:other:{'foo':''}", NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
	{ "pods spread 3/3 across zones: all fit", "[" C_ZONE(1, "") "]", "", { NULL },
	  { "0:" FOO, "1:" FOO, "1:" FOO, "2:" FOO, "3:" FOO, "3:" FOO, NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
	{ "spread 1/2 because node-b lacks the zone label", "[" C_ZONE(1, "") "]", "",
	  { NULL, "{'metadata':{'name':'node-b','labels':{'zon':'zone1','node':'node-b'}}}", NULL, NULL },
	  { "0:" FOO, "1:" FOO, "2:" FOO, "3:" FOO, NULL },
	  { SCHED_SUCCESS, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE },
	  { "", ERR_LABEL, ERR, ERR } },
	{ "no node has the topology key", "[{'maxSkew':1,'topologyKey':'rack','whenUnsatisfiable':'DoNotSchedule',"
					 "'labelSelector':{'matchExpressions':[{'key':'foo','operator':'Exists'}]}}]", "",
	  { NULL }, { NULL },
	  { SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE,
	    SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE }, { ERR_LABEL, ERR_LABEL, ERR_LABEL, ERR_LABEL } },
	{ "nodes 2/1/0/3: only node-x fits", "[" C_NODE(1) "]", "", { NULL },
	  { "0:" FOO, "0:" FOO, "1:" FOO, "3:" FOO, "3:" FOO, "3:" FOO, NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_UNSCHEDULABLE }, { ERR, ERR, "", ERR } },
	{ "nodes 2/1/0/3 with maxSkew 2: node-b and node-x fit", "[" C_NODE(2) "]", "", { NULL },
	  { "0:" FOO, "0:" FOO, "1:" FOO, "3:" FOO, "3:" FOO, "3:" FOO, NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_UNSCHEDULABLE }, { ERR, "", "", ERR } },
	{ "incoming pod does not match itself", "[{'maxSkew':1,'topologyKey':'node','whenUnsatisfiable':'DoNotSchedule',"
						"'labelSelector':{'matchExpressions':[{'key':'bar','operator':'Exists'}]}}]", "",
	  { NULL }, { "0:default:{'bar':''}", "0:default:{'bar':''}", NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { ERR, "", "", "" } },
	{ "minDomains above the domain count: the global minimum is 0", "[" C_ZONE(1, ",'minDomains':3") "]", "", { NULL },
	  { "0:" FOO, "1:" FOO, NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS }, { ERR, ERR, "", "" } },
	{ "minDomains 3 with zones 2/1 and maxSkew 2", "[" C_ZONE(2, ",'minDomains':3") "]", "", { NULL },
	  { "0:" FOO, "1:" FOO, "2:" FOO, NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS }, { ERR, ERR, "", "" } },
	{ "minDomains met: the real minimum counts", "[" C_ZONE(1, ",'minDomains':2") "]", "", { NULL },
	  { "0:" FOO, "2:" FOO, NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
	{ "nodeAffinityPolicy Honor: zone2 excluded by nodeSelector", "[" C_ZONE(1, "") "]", ",'nodeSelector':{'zone':'zone1'}",
	  { NULL }, { "0:" FOO, NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
	{ "nodeAffinityPolicy Ignore: zone2 counts as an empty domain", "[" C_ZONE(1, ",'nodeAffinityPolicy':'Ignore'") "]",
	  ",'nodeSelector':{'zone':'zone1'}", { NULL }, { "0:" FOO, NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS }, { ERR, ERR, "", "" } },
	{ "nodeTaintsPolicy Honor: tainted zone2 excluded", "[" C_ZONE(1, ",'nodeTaintsPolicy':'Honor'") "]", "",
	  { NULL, NULL, "{'metadata':{'name':'node-x','labels':{'zone':'zone2','node':'node-x'}},'spec':{'taints':[{'key':'t','effect':'NoSchedule'}]}}",
	    "{'metadata':{'name':'node-y','labels':{'zone':'zone2','node':'node-y'}},'spec':{'taints':[{'key':'t','effect':'NoSchedule'}]}}" },
	  { "0:" FOO, NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
	{ "nodeTaintsPolicy Ignore (default): tainted zone2 counts", "[" C_ZONE(1, "") "]", "",
	  { NULL, NULL, "{'metadata':{'name':'node-x','labels':{'zone':'zone2','node':'node-x'}},'spec':{'taints':[{'key':'t','effect':'NoSchedule'}]}}",
	    "{'metadata':{'name':'node-y','labels':{'zone':'zone2','node':'node-y'}},'spec':{'taints':[{'key':'t','effect':'NoSchedule'}]}}" },
	  { "0:" FOO, NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS }, { ERR, ERR, "", "" } },
	{ "two constraints: zone and node", "[" C_ZONE(1, "") "," C_NODE(1) "]", "", { NULL },
	  { "0:" FOO, "2:" FOO, "3:" FOO, NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE }, { ERR, "", ERR, ERR } },
	{ "ScheduleAnyway constraints never filter", "[{'maxSkew':1,'topologyKey':'rack','whenUnsatisfiable':'ScheduleAnyway',"
						     "'labelSelector':{}}]", "", { NULL }, { NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
	{ "matchLabelKeys narrows the selector", "[{'maxSkew':1,'topologyKey':'node','whenUnsatisfiable':'DoNotSchedule',"
						 "'labelSelector':{'matchExpressions':[{'key':'foo','operator':'Exists'}]},"
						 "'matchLabelKeys':['ver']}]", "", { NULL },
	  { "0:default:{'foo':'','ver':'old'}", "0:default:{'foo':'','ver':'old'}", NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "", "" } },
};

START_TEST(test_filter)
{
	void *self = tplugin(OPS, NULL, NULL);
	struct tsnap *t = cluster(filter_cases[_i].nodes, filter_cases[_i].pods);
	struct sched_pod_info *pi;
	char text[2048];

	snprintf(text, sizeof(text), "{'metadata':{'name':'p','namespace':'default','uid':'u','labels':{'foo':'','ver':'new'}},"
		 "'spec':{'topologySpreadConstraints':%s%s}}", filter_cases[_i].constraints, filter_cases[_i].pod_extra);
	pi = tpod(text);
	tfilter_each(OPS, self, pi, &t->s, filter_cases[_i].want, filter_cases[_i].reason, filter_cases[_i].name);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_terminating_pods_do_not_count)
{
	void *self = tplugin(OPS, NULL, NULL);
	struct tsnap *t = cluster((const char *const[4]){ NULL }, NULL);
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'default','uid':'u','labels':{'foo':''}},"
					 "'spec':{'topologySpreadConstraints':[" C_NODE(1) "]}}");
	struct sched_status st = { 0 };

	tnode_add(t->s.nodes[0], "{'metadata':{'name':'d','namespace':'default','uid':'d','labels':{'foo':''},"
				 "'deletionTimestamp':'2024-01-01T00:00:00Z'}}");
	ck_assert_int_eq(tfilter(OPS, self, pi, &t->s, t->s.nodes[0], &st), SCHED_SUCCESS);
	tnode_add(t->s.nodes[0], "{'metadata':{'name':'e','namespace':'default','uid':'e','labels':{'foo':''}}}");
	ck_assert_int_eq(tfilter(OPS, self, pi, &t->s, t->s.nodes[0], &st), SCHED_UNSCHEDULABLE);
	sched_status_reset(&st);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_add_remove_pod)
{
	void *self = tplugin(OPS, NULL, NULL);
	const char *const pods[] = { "0:" FOO, NULL };
	struct tsnap *t = cluster((const char *const[4]){ NULL }, pods);
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'default','uid':'u','labels':{'foo':''}},"
					 "'spec':{'topologySpreadConstraints':[" C_NODE(1) "]}}");
	struct sched_cycle_state *cs = sched_cycle_state_new(), *clone;
	struct sched_status st = { 0 };
	struct sched_pod_info *victim = t->s.nodes[0]->pods[0];

	ck_assert_int_eq(OPS->pre_filter(self, cs, pi, &t->s, NULL, &st), SCHED_SUCCESS);
	ck_assert_int_eq(OPS->filter(self, cs, pi, t->s.nodes[0], &st), SCHED_UNSCHEDULABLE);
	sched_status_reset(&st);
	clone = sched_cycle_state_clone(cs);
	ck_assert_int_eq(OPS->remove_pod(self, clone, pi, victim, t->s.nodes[0], &st), SCHED_SUCCESS);
	ck_assert_int_eq(OPS->filter(self, clone, pi, t->s.nodes[0], &st), SCHED_SUCCESS);
	/* The original state is untouched. */
	ck_assert_int_eq(OPS->filter(self, cs, pi, t->s.nodes[0], &st), SCHED_UNSCHEDULABLE);
	sched_status_reset(&st);
	ck_assert_int_eq(OPS->add_pod(self, clone, pi, victim, t->s.nodes[1], &st), SCHED_SUCCESS);
	ck_assert_int_eq(OPS->filter(self, clone, pi, t->s.nodes[1], &st), SCHED_UNSCHEDULABLE);
	sched_status_reset(&st);
	sched_cycle_state_free(clone);
	sched_cycle_state_free(cs);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

#define S_NODE "{'maxSkew':1,'topologyKey':'node','whenUnsatisfiable':'ScheduleAnyway','labelSelector':{'matchExpressions':[{'key':'foo','operator':'Exists'}]}}"
#define S_ZONE "{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'ScheduleAnyway','labelSelector':{'matchExpressions':[{'key':'foo','operator':'Exists'}]}}"
#define H(n) "{'metadata':{'name':'node-" n "','labels':{'kubernetes.io/hostname':'node-" n "','topology.kubernetes.io/zone':'zone1'}}}"
#define S_HOST "{'maxSkew':1,'topologyKey':'kubernetes.io/hostname','whenUnsatisfiable':'ScheduleAnyway','labelSelector':{'matchExpressions':[{'key':'foo','operator':'Exists'}]}}"

static const struct {
	const char *name, *constraints;
	const char *nodes[4];
	const char *pods[8];
	int64_t want[4];
} score_cases[] = {
	{ "no existing pods: all equal", "[" S_HOST "]", { H("a"), H("b"), H("c"), H("d") }, { NULL }, { 100, 100, 100, 100 } },
	{ "nodes 2/1/0/3", "[" S_HOST "]", { H("a"), H("b"), H("c"), H("d") },
	  { "0:" FOO, "0:" FOO, "1:" FOO, "3:" FOO, "3:" FOO, "3:" FOO, NULL }, { 20, 60, 100, 0 } },
	{ "zones 3/1", "[" S_ZONE "]", { NULL }, { "0:" FOO, "0:" FOO, "1:" FOO, "2:" FOO, NULL }, { 25, 25, 100, 100 } },
	{ "a node without the topology key is ignored", "[" S_ZONE "]",
	  { NULL, "{'metadata':{'name':'node-b','labels':{'node':'node-b'}}}", NULL, NULL },
	  { "2:" FOO, NULL }, { 100, 0, 0, 0 } },
};

START_TEST(test_score)
{
	void *self = tplugin(OPS, NULL, NULL);
	struct tsnap *t = cluster(score_cases[_i].nodes, score_cases[_i].pods);
	struct sched_pod_info *pi;
	int64_t scores[4];
	char text[2048];
	size_t i;

	t->h.snapshot = tsnap_get;
	tplugin_free(OPS, self);
	self = tplugin(OPS, NULL, &t->h);
	snprintf(text, sizeof(text), "{'metadata':{'name':'p','namespace':'default','uid':'u','labels':{'foo':''}},"
		 "'spec':{'topologySpreadConstraints':%s}}", score_cases[_i].constraints);
	pi = tpod(text);
	ck_assert_int_eq(tscore(OPS, self, pi, t->s.nodes, 4, scores), SCHED_SUCCESS);
	for (i = 0; i < 4; i++)
		ck_assert_msg(scores[i] == score_cases[_i].want[i], "%s: node %zu scored %lld", score_cases[_i].name, i,
			      (long long)scores[i]);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_system_default_constraints)
{
	const char *const nodes[4] = { H("a"), H("b"), H("c"), H("d") };
	const char *const pods[] = { "0:default:{'app':'web'}", "0:default:{'app':'web'}", NULL };
	struct tsnap *t = cluster(nodes, pods);
	struct kc_store *services = kc_store_new();
	json_t *svc = tj("{'metadata':{'name':'web','namespace':'default'},'spec':{'selector':{'app':'web'}}}");
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'default','uid':'u','labels':{'app':'web'}}}");
	int64_t scores[4];
	void *self;

	/* Without a Service or controller the default selector is empty: no constraints. */
	self = tplugin(OPS, NULL, &t->h);
	ck_assert_int_eq(tscore(OPS, self, pi, t->s.nodes, 2, scores), SCHED_SKIP);
	tplugin_free(OPS, self);

	ck_assert_int_ge(kc_store_add(services, svc, NULL), 0);
	t->h.services = services;
	self = tplugin(OPS, NULL, &t->h);
	ck_assert_int_eq(tscore(OPS, self, pi, t->s.nodes, 2, scores), SCHED_SUCCESS);
	/*
	 * hostname (maxSkew 3, weight log(2+2)): node-a 2 pods, node-b 0; zone (maxSkew 5, one
	 * domain, weight log(1+2)) 2 pods on both: raw 11 and 8, normalized 72 and 100.
	 */
	ck_assert_int_eq(scores[0], 72);
	ck_assert_int_eq(scores[1], 100);
	tplugin_free(OPS, self);
	kc_store_free(services);
	json_decref(svc);
	sched_pod_info_unref(pi);
	tsnap_free(t);
}
END_TEST

START_TEST(test_list_default_constraints_filter)
{
	const char *const pods[] = { "0:default:{'app':'web'}", NULL };
	struct tsnap *t = cluster((const char *const[4]){ NULL }, pods);
	struct kc_store *services = kc_store_new();
	json_t *svc = tj("{'metadata':{'name':'web','namespace':'default'},'spec':{'selector':{'app':'web'}}}");
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'default','uid':'u','labels':{'app':'web'}}}");
	struct sched_status st = { 0 };
	void *self;

	ck_assert_int_ge(kc_store_add(services, svc, NULL), 0);
	t->h.services = services;
	self = tplugin(OPS, "{'defaultingType':'List','defaultConstraints':[{'maxSkew':1,'topologyKey':'node',"
			    "'whenUnsatisfiable':'DoNotSchedule'}]}", &t->h);
	ck_assert_int_eq(tfilter(OPS, self, pi, &t->s, t->s.nodes[0], &st), SCHED_UNSCHEDULABLE);
	ck_assert_str_eq(treason(&st), ERR);
	sched_status_reset(&st);
	ck_assert_int_eq(tfilter(OPS, self, pi, &t->s, t->s.nodes[1], &st), SCHED_SUCCESS);
	tplugin_free(OPS, self);
	kc_store_free(services);
	json_decref(svc);
	sched_pod_info_unref(pi);
	tsnap_free(t);
}
END_TEST

START_TEST(test_bad_args)
{
	static const char *const bad[] = {
		"{'defaultingType':'Bogus'}",
		"{'defaultingType':'System','defaultConstraints':[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':'DoNotSchedule'}]}",
	};
	size_t i;

	for (i = 0; i < 2; i++) {
		json_t *args = tj(bad[i]);
		char *err = NULL;

		ck_assert_ptr_null(OPS->new_plugin(args, NULL, &err));
		ck_assert_ptr_nonnull(err);
		free(err);
		json_decref(args);
	}
}
END_TEST

START_TEST(test_hints)
{
	json_t *pod = tj("{'metadata':{'name':'p','namespace':'default'},'spec':{'topologySpreadConstraints':[" C_ZONE(1, "") "]}}");
	json_t *match = tj("{'metadata':{'name':'q','namespace':'default','labels':{'foo':''}}}");
	json_t *other_ns = tj("{'metadata':{'name':'q','namespace':'x','labels':{'foo':''}}}");
	json_t *nomatch = tj("{'metadata':{'name':'q','namespace':'default','labels':{'bar':''}}}");
	json_t *n1 = tj("{'metadata':{'name':'n','labels':{'zone':'z1'}}}");
	json_t *n2 = tj("{'metadata':{'name':'n','labels':{'zone':'z2'}}}");
	json_t *n3 = tj("{'metadata':{'name':'n','labels':{'zone':'z2','other':'x'}}}");
	sched_queueing_hint_fn pod_hint = OPS->events[0].hint, node_hint = OPS->events[1].hint;

	ck_assert_int_eq(pod_hint(NULL, pod, match, NULL), SCHED_QUEUE);
	ck_assert_int_eq(pod_hint(NULL, pod, other_ns, NULL), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(pod_hint(NULL, pod, NULL, nomatch), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(node_hint(NULL, pod, NULL, n1), SCHED_QUEUE);
	ck_assert_int_eq(node_hint(NULL, pod, n1, n2), SCHED_QUEUE);
	ck_assert_int_eq(node_hint(NULL, pod, n2, n3), SCHED_QUEUE_SKIP);
	json_decref(pod);
	json_decref(match);
	json_decref(other_ns);
	json_decref(nomatch);
	json_decref(n1);
	json_decref(n2);
	json_decref(n3);
}
END_TEST

static Suite *
pod_topology_spread_suite(void)
{
	Suite *s = suite_create("sched_pod_topology_spread");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_filter, 0, sizeof(filter_cases) / sizeof(filter_cases[0]));
	tcase_add_test(tc, test_terminating_pods_do_not_count);
	tcase_add_test(tc, test_add_remove_pod);
	tcase_add_loop_test(tc, test_score, 0, sizeof(score_cases) / sizeof(score_cases[0]));
	tcase_add_test(tc, test_system_default_constraints);
	tcase_add_test(tc, test_list_default_constraints_filter);
	tcase_add_test(tc, test_bad_args);
	tcase_add_test(tc, test_hints);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(pod_topology_spread_suite)
