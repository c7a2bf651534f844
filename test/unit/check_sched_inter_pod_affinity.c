/*
 * check_sched_inter_pod_affinity.c - the InterPodAffinity plugin: required affinity and
 * anti-affinity, the existing pods' anti-affinity symmetry, the first pod of a self-affine
 * group, namespaces, preemption's AddPod/RemovePod, and preferred scoring with
 * hardPodAffinityWeight (upstream interpodaffinity/filtering_test.go, scoring_test.go).
 */
#include <stdio.h>

#include "test/unit/sched_testlib.h"

extern const struct sched_plugin_ops sched_plugin_inter_pod_affinity;
#define OPS (&sched_plugin_inter_pod_affinity)
#define ERR_AFF "node(s) didn't match pod affinity rules"
#define ERR_ANTI "node(s) didn't match pod anti-affinity rules"
#define ERR_EXISTING "node(s) didn't satisfy existing pods anti-affinity rules"

/* Nodes: n1 region r1 zone z11, n2 region r1 zone z12, n3 region r2 zone z21. */
static const char *const nodes_json[3] = {
	"{'metadata':{'name':'n1','labels':{'region':'r1','zone':'z11','kubernetes.io/hostname':'n1'}}}",
	"{'metadata':{'name':'n2','labels':{'region':'r1','zone':'z12','kubernetes.io/hostname':'n2'}}}",
	"{'metadata':{'name':'n3','labels':{'region':'r2','zone':'z21','kubernetes.io/hostname':'n3'}}}",
};

#define SEL(k, v) "{'matchExpressions':[{'key':'" k "','operator':'In','values':['" v "']}]}"
#define REQ_AFF(sel, key) "'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':" sel ",'topologyKey':'" key "'}]}"
#define REQ_ANTI(sel, key) "'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':" sel ",'topologyKey':'" key "'}]}"

/* Existing pods: "<node index>|<metadata extra>|<spec>". */
static struct tsnap *
cluster(const char *const *pods)
{
	struct sched_node_info *ni[3];
	char text[2048];
	size_t i;

	for (i = 0; i < 3; i++)
		ni[i] = tnode(nodes_json[i]);
	for (i = 0; pods != NULL && pods[i] != NULL; i++) {
		const char *meta = pods[i] + 2, *spec = strchr(meta, '|') + 1;

		snprintf(text, sizeof(text), "{'metadata':{'name':'e%zu','uid':'e%zu','namespace':'default'%.*s},'spec':%s}", i, i,
			 (int)(spec - 1 - meta), meta, spec);
		tnode_add(ni[pods[i][0] - '0'], text);
	}
	return tsnap_new(ni, 3);
}

static const struct {
	const char *name, *labels, *affinity;
	const char *pods[4];
	enum sched_code want[3];
	const char *reason[3];
} filter_cases[] = {
	{ "no affinity anywhere", "{}", "{}", { "0|,'labels':{'service':'securityscan'}|{}", NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "" } },
	{ "affinity satisfied in the region", "{}", "{" REQ_AFF(SEL("service", "securityscan"), "region") "}",
	  { "0|,'labels':{'service':'securityscan'}|{}", NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE }, { "", "", ERR_AFF } },
	{ "affinity with no matching pod", "{}", "{" REQ_AFF(SEL("service", "securityscan"), "region") "}",
	  { "0|,'labels':{'service':'other'}|{}", NULL },
	  { SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE },
	  { ERR_AFF, ERR_AFF, ERR_AFF } },
	{ "first pod of a self-affine group", "{'service':'securityscan'}", "{" REQ_AFF(SEL("service", "securityscan"), "region") "}",
	  { NULL }, { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "" } },
	{ "self-affine but the node lacks the topology key", "{'service':'securityscan'}",
	  "{" REQ_AFF(SEL("service", "securityscan"), "rack") "}", { NULL },
	  { SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE },
	  { ERR_AFF, ERR_AFF, ERR_AFF } },
	{ "affinity matching a pod in another namespace does not count", "{}",
	  "{" REQ_AFF(SEL("service", "securityscan"), "region") "}",
	  { "0|,'namespace':'other','labels':{'service':'securityscan'}|{}", NULL },
	  { SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE },
	  { ERR_AFF, ERR_AFF, ERR_AFF } },
	{ "affinity with namespaces listing the other namespace", "{}",
	  "{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':" SEL("service", "securityscan")
	  ",'namespaces':['other'],'topologyKey':'region'}]}}",
	  { "2|,'namespace':'other','labels':{'service':'securityscan'}|{}", NULL },
	  { SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_SUCCESS }, { ERR_AFF, ERR_AFF, "" } },
	{ "anti-affinity on the hostname", "{}", "{" REQ_ANTI(SEL("service", "securityscan"), "kubernetes.io/hostname") "}",
	  { "0|,'labels':{'service':'securityscan'}|{}", NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS }, { ERR_ANTI, "", "" } },
	{ "anti-affinity on the region", "{}", "{" REQ_ANTI(SEL("service", "securityscan"), "region") "}",
	  { "1|,'labels':{'service':'securityscan'}|{}", NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE, SCHED_SUCCESS }, { ERR_ANTI, ERR_ANTI, "" } },
	{ "existing pod's anti-affinity (symmetry)", "{'security':'S1'}", "{}",
	  { "0||{'affinity':{" REQ_ANTI(SEL("security", "S1"), "zone") "}}", NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_SUCCESS, SCHED_SUCCESS }, { ERR_EXISTING, "", "" } },
	{ "existing pod's anti-affinity over the region", "{'security':'S1'}", "{}",
	  { "0||{'affinity':{" REQ_ANTI(SEL("security", "S1"), "region") "}}", NULL },
	  { SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE, SCHED_SUCCESS }, { ERR_EXISTING, ERR_EXISTING, "" } },
	{ "existing pod's anti-affinity does not match the pod", "{'security':'S2'}", "{}",
	  { "0||{'affinity':{" REQ_ANTI(SEL("security", "S1"), "region") "}}", NULL },
	  { SCHED_SUCCESS, SCHED_SUCCESS, SCHED_SUCCESS }, { "", "", "" } },
	{ "affinity and anti-affinity together", "{}",
	  "{" REQ_AFF(SEL("service", "securityscan"), "region") "," REQ_ANTI(SEL("service", "web"), "kubernetes.io/hostname") "}",
	  { "0|,'labels':{'service':'securityscan'}|{}", "1|,'labels':{'service':'web'}|{}", NULL },
	  { SCHED_SUCCESS, SCHED_UNSCHEDULABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE }, { "", ERR_ANTI, ERR_AFF } },
	{ "all affinity terms must match the same pod", "{}",
	  "{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':["
	  "{'labelSelector':" SEL("a", "1") ",'topologyKey':'region'},{'labelSelector':" SEL("b", "1") ",'topologyKey':'region'}]}}",
	  { "0|,'labels':{'a':'1'}|{}", "1|,'labels':{'b':'1'}|{}", NULL },
	  { SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE },
	  { ERR_AFF, ERR_AFF, ERR_AFF } },
};

START_TEST(test_filter)
{
	struct tsnap *t = cluster(filter_cases[_i].pods);
	void *self = tplugin(OPS, NULL, &t->h);
	struct sched_pod_info *pi;
	char text[2048];

	snprintf(text, sizeof(text), "{'metadata':{'name':'p','namespace':'default','uid':'u','labels':%s},"
		 "'spec':{'affinity':%s}}", filter_cases[_i].labels, filter_cases[_i].affinity);
	pi = tpod(text);
	tfilter_each(OPS, self, pi, &t->s, filter_cases[_i].want, filter_cases[_i].reason, filter_cases[_i].name);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_remove_pod_lifts_symmetry)
{
	const char *const pods[] = { "0||{'affinity':{" REQ_ANTI(SEL("security", "S1"), "zone") "}}", NULL };
	struct tsnap *t = cluster(pods);
	void *self = tplugin(OPS, NULL, &t->h);
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'default','uid':'u','labels':{'security':'S1'}}}");
	struct sched_cycle_state *cs = sched_cycle_state_new(), *clone;
	struct sched_status st = { 0 };

	ck_assert_int_eq(OPS->pre_filter(self, cs, pi, &t->s, NULL, &st), SCHED_SUCCESS);
	ck_assert_int_eq(OPS->filter(self, cs, pi, t->s.nodes[0], &st), SCHED_UNSCHEDULABLE);
	sched_status_reset(&st);
	clone = sched_cycle_state_clone(cs);
	ck_assert_int_eq(OPS->remove_pod(self, clone, pi, t->s.nodes[0]->pods[0], t->s.nodes[0], &st), SCHED_SUCCESS);
	ck_assert_int_eq(OPS->filter(self, clone, pi, t->s.nodes[0], &st), SCHED_SUCCESS);
	ck_assert_int_eq(OPS->filter(self, cs, pi, t->s.nodes[0], &st), SCHED_UNSCHEDULABLE);
	sched_status_reset(&st);
	ck_assert_int_eq(OPS->add_pod(self, clone, pi, t->s.nodes[0]->pods[0], t->s.nodes[2], &st), SCHED_SUCCESS);
	ck_assert_int_eq(OPS->filter(self, clone, pi, t->s.nodes[2], &st), SCHED_UNSCHEDULABLE);
	sched_status_reset(&st);
	sched_cycle_state_free(clone);
	sched_cycle_state_free(cs);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_skip_without_terms)
{
	struct tsnap *t = cluster(NULL);
	void *self = tplugin(OPS, NULL, &t->h);
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'default','uid':'u'}}");
	struct sched_cycle_state *cs = sched_cycle_state_new();
	struct sched_status st = { 0 };

	ck_assert_int_eq(OPS->pre_filter(self, cs, pi, &t->s, NULL, &st), SCHED_SKIP);
	sched_cycle_state_free(cs);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

#define PREF_AFF(w, sel, key) "'podAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':" #w ",'podAffinityTerm':{'labelSelector':" sel ",'topologyKey':'" key "'}}]}"
#define PREF_ANTI(w, sel, key) "'podAntiAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':" #w ",'podAffinityTerm':{'labelSelector':" sel ",'topologyKey':'" key "'}}]}"

static const struct {
	const char *name, *labels, *affinity, *args;
	const char *pods[4];
	int64_t want[3];
} score_cases[] = {
	{ "no affinity: all zero", "{}", "{}", NULL, { "0|,'labels':{'service':'securityscan'}|{}", NULL }, { 0, 0, 0 } },
	{ "preferred affinity to the pod's region", "{}", "{" PREF_AFF(5, SEL("service", "securityscan"), "region") "}", NULL,
	  { "0|,'labels':{'service':'securityscan'}|{}", NULL }, { 100, 100, 0 } },
	{ "preferred affinity to the zone", "{}", "{" PREF_AFF(5, SEL("service", "securityscan"), "zone") "}", NULL,
	  { "0|,'labels':{'service':'securityscan'}|{}", NULL }, { 100, 0, 0 } },
	{ "preferred anti-affinity", "{}", "{" PREF_ANTI(5, SEL("service", "securityscan"), "region") "}", NULL,
	  { "0|,'labels':{'service':'securityscan'}|{}", NULL }, { 0, 0, 100 } },
	{ "affinity and anti-affinity weigh against each other", "{}",
	  "{" PREF_AFF(8, SEL("service", "securityscan"), "region") "," PREF_ANTI(2, SEL("service", "web"), "zone") "}", NULL,
	  { "0|,'labels':{'service':'securityscan'}|{}", "0|,'labels':{'service':'web'}|{}", NULL }, { 75, 100, 0 } },
	{ "existing pod's required affinity with hardPodAffinityWeight 1", "{'app':'x'}", "{}", NULL,
	  { "0||{'affinity':{" REQ_AFF(SEL("app", "x"), "region") "}}", NULL }, { 100, 100, 0 } },
	{ "hardPodAffinityWeight 0 ignores it", "{'app':'x'}", "{}", "{'hardPodAffinityWeight':0}",
	  { "0||{'affinity':{" REQ_AFF(SEL("app", "x"), "region") "}}", NULL }, { 0, 0, 0 } },
	{ "existing pod's preferred anti-affinity", "{'app':'x'}", "{}", NULL,
	  { "2||{'affinity':{" PREF_ANTI(3, SEL("app", "x"), "zone") "}}", NULL }, { 100, 100, 0 } },
	{ "ignorePreferredTermsOfExistingPods skips the symmetric terms", "{'app':'x'}", "{}",
	  "{'ignorePreferredTermsOfExistingPods':true}",
	  { "2||{'affinity':{" PREF_ANTI(3, SEL("app", "x"), "zone") "}}", NULL }, { 0, 0, 0 } },
};

START_TEST(test_score)
{
	struct tsnap *t = cluster(score_cases[_i].pods);
	void *self = tplugin(OPS, score_cases[_i].args, &t->h);
	struct sched_pod_info *pi;
	int64_t scores[3];
	char text[2048];
	size_t i;

	snprintf(text, sizeof(text), "{'metadata':{'name':'p','namespace':'default','uid':'u','labels':%s},"
		 "'spec':{'affinity':%s}}", score_cases[_i].labels, score_cases[_i].affinity);
	pi = tpod(text);
	tscore(OPS, self, pi, t->s.nodes, 3, scores);
	for (i = 0; i < 3; i++)
		ck_assert_msg(scores[i] == score_cases[_i].want[i], "%s: node %zu scored %lld", score_cases[_i].name, i,
			      (long long)scores[i]);
	sched_pod_info_unref(pi);
	tsnap_free(t);
	tplugin_free(OPS, self);
}
END_TEST

START_TEST(test_bad_args)
{
	json_t *args = tj("{'hardPodAffinityWeight':101}");
	char *err = NULL;

	ck_assert_ptr_null(OPS->new_plugin(args, NULL, &err));
	ck_assert_str_eq(err, "hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]");
	free(err);
	json_decref(args);
}
END_TEST

START_TEST(test_pod_hint)
{
	json_t *pod = tj("{'metadata':{'name':'p','namespace':'default','uid':'u'},'spec':{'affinity':{"
			 REQ_AFF(SEL("service", "db"), "region") "}}}");
	json_t *db = tj("{'metadata':{'name':'d','namespace':'default','labels':{'service':'db'}}}");
	json_t *web = tj("{'metadata':{'name':'w','namespace':'default','labels':{'service':'web'}}}");
	struct sched_plugin p = { OPS, tplugin(OPS, NULL, NULL), 1 };

	ck_assert_int_eq(OPS->events[0].hint(&p, pod, NULL, db), SCHED_QUEUE);
	ck_assert_int_eq(OPS->events[0].hint(&p, pod, NULL, web), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(OPS->events[0].hint(&p, pod, web, NULL), SCHED_QUEUE_SKIP);
	tplugin_free(OPS, p.self);
	json_decref(pod);
	json_decref(db);
	json_decref(web);
}
END_TEST

static Suite *
inter_pod_affinity_suite(void)
{
	Suite *s = suite_create("sched_inter_pod_affinity");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_filter, 0, sizeof(filter_cases) / sizeof(filter_cases[0]));
	tcase_add_test(tc, test_remove_pod_lifts_symmetry);
	tcase_add_test(tc, test_skip_without_terms);
	tcase_add_loop_test(tc, test_score, 0, sizeof(score_cases) / sizeof(score_cases[0]));
	tcase_add_test(tc, test_bad_args);
	tcase_add_test(tc, test_pod_hint);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(inter_pod_affinity_suite)
