/*
 * check_sched_default_preemption.c - the DefaultPreemption PostFilter plugin on a fake
 * framework handle whose Filter is NodeResourcesFit: victim selection with reprieval, the
 * candidate ordering (PDB violations, highest victim priority, sum of priorities, number of
 * victims), preemptionPolicy Never, nodes where preemption cannot help, and the failure
 * message (upstream defaultpreemption/default_preemption_test.go).
 */
#include <stdarg.h>
#include <stdio.h>

#include "libkcommon/store.h"
#include "libkcommon/strv.h"
#include "test/unit/sched_testlib.h"

extern const struct sched_plugin_ops sched_plugin_default_preemption;
extern const struct sched_plugin_ops sched_plugin_node_resources_fit;
#define OPS (&sched_plugin_default_preemption)
#define FIT (&sched_plugin_node_resources_fit)

static void *fit;
static struct kc_strv evicted;

static enum sched_code
fake_filter(struct sched_handle *h, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	    const struct sched_node_info *node, struct sched_status *st)
{
	(void)h;
	return FIT->filter(fit, cs, pod, node, st);
}

static enum sched_code
fake_extension(struct sched_handle *h, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_pod_info *other, const struct sched_node_info *node, struct sched_status *st)
{
	(void)h;
	(void)cs;
	(void)pod;
	(void)other;
	(void)node;
	(void)st;
	return SCHED_SUCCESS;
}

static void
fake_record_event(struct sched_handle *h, const json_t *pod, const char *type, const char *reason, const char *fmt, ...)
{
	(void)h;
	(void)type;
	(void)fmt;
	ck_assert_str_eq(reason, "Preempted");
	kc_strv_push(&evicted, kc_json_get_string(pod, "metadata.name", ""));
}

/* A node with 1000m cpu named n<i>; its pods "name:priority:cpu millis[:labels]". */
static struct sched_node_info *
node_with_pods(int i, const char *const *pods)
{
	struct sched_node_info *ni;
	char text[1024];

	snprintf(text, sizeof(text), "{'metadata':{'name':'n%d'},'status':{'allocatable':{'cpu':'1000m','pods':'10'}}}", i);
	ni = tnode(text);
	for (; pods != NULL && *pods != NULL; pods++) {
		char name[32], labels[128] = "{}";
		int prio, cpu;

		ck_assert_int_ge(sscanf(*pods, "%31[^:]:%d:%d:%127s", name, &prio, &cpu, labels), 3);
		snprintf(text, sizeof(text), "{'metadata':{'name':'%s','namespace':'default','uid':'%s','labels':%s},"
			 "'spec':{'nodeName':'n%d','priority':%d,'containers':[{'name':'c','resources':{'requests':{'cpu':'%dm'}}}]},"
			 "'status':{'startTime':'2024-01-01T00:00:00Z'}}", name, name, labels, i, prio, cpu);
		tnode_add(ni, text);
	}
	return ni;
}

struct scenario {
	struct tsnap *t;
	void *self;
	struct sched_node_status *statuses;
	struct kc_store *pdbs;
};

static void
scenario_start(struct scenario *sc, const char *const *pods0, const char *const *pods1, const char *pdb)
{
	struct sched_node_info *nodes[2] = { node_with_pods(0, pods0), node_with_pods(1, pods1) };
	size_t i;

	memset(sc, 0, sizeof(*sc));
	kc_strv_release(&evicted);
	fit = tplugin(FIT, NULL, NULL);
	sc->t = tsnap_new(nodes, 2);
	sc->t->h.run_filter_plugins_with_nominated_pods = fake_filter;
	sc->t->h.run_pre_filter_extension_remove_pod = fake_extension;
	sc->t->h.run_pre_filter_extension_add_pod = fake_extension;
	sc->t->h.record_event = fake_record_event;
	if (pdb != NULL) {
		json_t *obj = tj(pdb);

		sc->pdbs = kc_store_new();
		ck_assert_int_ge(kc_store_add(sc->pdbs, obj, NULL), 0);
		json_decref(obj);
		sc->t->h.pdbs = sc->pdbs;
	}
	sc->self = tplugin(OPS, NULL, &sc->t->h);
	sc->statuses = calloc(2, sizeof(*sc->statuses));
	for (i = 0; i < 2; i++) {
		sc->statuses[i].name = nodes[i]->name;
		sched_status_set(&sc->statuses[i].status, SCHED_UNSCHEDULABLE, "Insufficient cpu");
	}
}

static void
scenario_end(struct scenario *sc)
{
	size_t i;

	for (i = 0; i < 2; i++)
		sched_status_reset(&sc->statuses[i].status);
	free(sc->statuses);
	tplugin_free(OPS, sc->self);
	tplugin_free(FIT, fit);
	tsnap_free(sc->t);
	kc_store_free(sc->pdbs);
	kc_strv_release(&evicted);
}

/* Runs PostFilter for a pod of priority prio asking cpu millis; returns the code. */
static enum sched_code
preempt(struct scenario *sc, const char *extra_spec, int prio, int cpu, char **ret_node, struct sched_status *st)
{
	struct sched_postfilter_result res = { NULL };
	struct sched_cycle_state *cs = sched_cycle_state_new();
	struct sched_pod_info *pi;
	enum sched_code code;
	char text[1024];

	snprintf(text, sizeof(text), "{'metadata':{'name':'preemptor','namespace':'default','uid':'pu'},"
		 "'spec':{'priority':%d%s,'containers':[{'name':'c','resources':{'requests':{'cpu':'%dm'}}}]}}",
		 prio, extra_spec, cpu);
	pi = tpod(text);
	code = OPS->post_filter(sc->self, cs, pi, sc->statuses, 2, &res, st);
	*ret_node = res.nominated_node_name;
	sched_cycle_state_free(cs);
	sched_pod_info_unref(pi);
	return code;
}

static const struct {
	const char *name;
	const char *pods0[4], *pods1[4];
	const char *pdb;
	int prio, cpu;
	const char *want_node;
	const char *want_victims;   /* comma-joined, in eviction order */
} cases[] = {
	{ "only n0 has a lower-priority pod", { "low:0:800", NULL }, { "high:10:800", NULL }, NULL, 5, 500, "n0", "low" },
	{ "the node whose highest victim has the lowest priority", { "a:3:800", NULL }, { "b:1:800", NULL }, NULL, 5, 500,
	  "n1", "b" },
	{ "the lowest sum of priorities", { "a:1:300", "b:1:300", "e:1:300", NULL }, { "c:1:800", NULL }, NULL, 5, 500,
	  "n1", "c" },
	{ "reprieve the more important pod when it still fits", { "keep:2:300", "go:1:300", NULL }, { "high:10:900", NULL },
	  NULL, 5, 500, "n0", "go" },
	{ "a PDB violation is avoided", { "guarded:0:800:{'app':'db'}", NULL }, { "free:1:800", NULL },
	  "{'metadata':{'name':'pdb','namespace':'default'},'spec':{'selector':{'matchLabels':{'app':'db'}}},"
	  "'status':{'disruptionsAllowed':0}}", 5, 500, "n1", "free" },
	{ "a PDB with budget left is no violation", { "guarded:0:800:{'app':'db'}", NULL }, { "free:1:800", NULL },
	  "{'metadata':{'name':'pdb','namespace':'default'},'spec':{'selector':{'matchLabels':{'app':'db'}}},"
	  "'status':{'disruptionsAllowed':1}}", 5, 500, "n0", "guarded" },
};

START_TEST(test_preemption)
{
	struct scenario sc;
	struct sched_status st = { 0 };
	char *node = NULL, *victims;

	scenario_start(&sc, cases[_i].pods0, cases[_i].pods1, cases[_i].pdb);
	ck_assert_msg(preempt(&sc, "", cases[_i].prio, cases[_i].cpu, &node, &st) == SCHED_SUCCESS, "%s: %s",
		      cases[_i].name, treason(&st));
	ck_assert_ptr_nonnull(node);
	ck_assert_msg(strcmp(node, cases[_i].want_node) == 0, "%s: chose %s", cases[_i].name, node);
	victims = kc_strv_join(&evicted, ",");
	ck_assert_msg(strcmp(victims, cases[_i].want_victims) == 0, "%s: victims %s", cases[_i].name, victims);
	free(victims);
	free(node);
	sched_status_reset(&st);
	scenario_end(&sc);
}
END_TEST

START_TEST(test_latest_start_time_wins_ties)
{
	struct scenario sc;
	struct sched_status st = { 0 };
	char *node = NULL;

	scenario_start(&sc, NULL, NULL, NULL);
	tnode_add(sc.t->s.nodes[0], "{'metadata':{'name':'old','namespace':'default','uid':'old'},'spec':{'priority':0,"
				    "'containers':[{'name':'c','resources':{'requests':{'cpu':'800m'}}}]},"
				    "'status':{'startTime':'2020-01-01T00:00:00Z'}}");
	tnode_add(sc.t->s.nodes[1], "{'metadata':{'name':'new','namespace':'default','uid':'new'},'spec':{'priority':0,"
				    "'containers':[{'name':'c','resources':{'requests':{'cpu':'800m'}}}]},"
				    "'status':{'startTime':'2024-01-01T00:00:00Z'}}");
	ck_assert_int_eq(preempt(&sc, "", 5, 500, &node, &st), SCHED_SUCCESS);
	ck_assert_str_eq(node, "n1");
	ck_assert_str_eq(evicted.v[0], "new");
	free(node);
	scenario_end(&sc);
}
END_TEST

START_TEST(test_preemption_policy_never)
{
	const char *const pods[] = { "low:0:800", NULL };
	struct scenario sc;
	struct sched_status st = { 0 };
	char *node = NULL;

	scenario_start(&sc, pods, pods, NULL);
	ck_assert_int_eq(preempt(&sc, ",'preemptionPolicy':'Never'", 5, 500, &node, &st), SCHED_UNSCHEDULABLE);
	ck_assert_str_eq(treason(&st), "preemption: not eligible due to preemptionPolicy=Never.");
	ck_assert_ptr_null(node);
	ck_assert_uint_eq(evicted.n, 0);
	sched_status_reset(&st);
	scenario_end(&sc);
}
END_TEST

START_TEST(test_no_victims_message)
{
	const char *const pods[] = { "high:10:800", NULL };
	struct scenario sc;
	struct sched_status st = { 0 };
	char *node = NULL;

	scenario_start(&sc, pods, pods, NULL);
	/* n1 failed in a way preemption cannot fix. */
	sched_status_reset(&sc.statuses[1].status);
	sched_status_set(&sc.statuses[1].status, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) had untolerated taint {a: b}");
	ck_assert_int_eq(preempt(&sc, "", 5, 500, &node, &st), SCHED_UNSCHEDULABLE);
	ck_assert_str_eq(treason(&st), "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, "
				       "1 Preemption is not helpful for scheduling.");
	ck_assert_ptr_null(node);
	sched_status_reset(&st);
	scenario_end(&sc);
}
END_TEST

START_TEST(test_does_not_fit_even_without_victims)
{
	const char *const pods[] = { "low:0:100", NULL };
	struct scenario sc;
	struct sched_status st = { 0 };
	char *node = NULL;

	scenario_start(&sc, pods, pods, NULL);
	ck_assert_int_eq(preempt(&sc, "", 5, 1500, &node, &st), SCHED_UNSCHEDULABLE);
	ck_assert_str_eq(treason(&st), "preemption: 0/2 nodes are available: 2 Insufficient cpu.");
	ck_assert_uint_eq(evicted.n, 0);
	sched_status_reset(&st);
	scenario_end(&sc);
}
END_TEST

START_TEST(test_terminating_pod_on_nominated_node)
{
	const char *const pods[] = { "low:0:800", NULL };
	struct scenario sc;
	struct sched_status st = { 0 };
	char *node = NULL;

	scenario_start(&sc, pods, pods, NULL);
	tnode_add(sc.t->s.nodes[0], "{'metadata':{'name':'dying','namespace':'default','uid':'dying',"
				    "'deletionTimestamp':'2024-01-01T00:00:00Z'},'spec':{'priority':0}}");
	{
		struct sched_postfilter_result res = { NULL };
		struct sched_cycle_state *cs = sched_cycle_state_new();
		struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'default','uid':'pu'},"
						 "'spec':{'priority':5},'status':{'nominatedNodeName':'n0'}}");

		ck_assert_int_eq(OPS->post_filter(sc.self, cs, pi, sc.statuses, 2, &res, &st), SCHED_UNSCHEDULABLE);
		ck_assert_str_eq(treason(&st), "preemption: not eligible due to a terminating pod on the nominated node.");
		sched_cycle_state_free(cs);
		sched_pod_info_unref(pi);
	}
	(void)node;
	sched_status_reset(&st);
	scenario_end(&sc);
}
END_TEST

START_TEST(test_bad_args)
{
	static const char *const bad[] = {
		"{'minCandidateNodesPercentage':101}",
		"{'minCandidateNodesAbsolute':-1}",
		"{'minCandidateNodesPercentage':0,'minCandidateNodesAbsolute':0}",
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		json_t *args = tj(bad[i]);
		char *err = NULL;

		ck_assert_ptr_null(OPS->new_plugin(args, NULL, &err));
		ck_assert_ptr_nonnull(err);
		free(err);
		json_decref(args);
	}
}
END_TEST

static Suite *
default_preemption_suite(void)
{
	Suite *s = suite_create("sched_default_preemption");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_preemption, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_latest_start_time_wins_ties);
	tcase_add_test(tc, test_preemption_policy_never);
	tcase_add_test(tc, test_no_victims_message);
	tcase_add_test(tc, test_does_not_fit_even_without_victims);
	tcase_add_test(tc, test_terminating_pod_on_nominated_node);
	tcase_add_test(tc, test_bad_args);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(default_preemption_suite)
