/*
 * check_sched_simple_plugins.c - the small plugins: PrioritySort, SchedulingGates,
 * NodeUnschedulable, NodeName, NodePorts, ImageLocality and DefaultBinder's Binding body
 * (upstream: queuesort/priority_sort_test.go, schedulinggates/scheduling_gates_test.go,
 * nodeunschedulable/node_unschedulable_test.go, nodename/node_name_test.go,
 * nodeports/node_ports_test.go, imagelocality/image_locality_test.go).
 */
#include <stdio.h>

#include "kube-scheduler/plugins/helper.h"
#include "test/unit/sched_testlib.h"

extern const struct sched_plugin_ops sched_plugin_priority_sort;
extern const struct sched_plugin_ops sched_plugin_scheduling_gates;
extern const struct sched_plugin_ops sched_plugin_node_unschedulable;
extern const struct sched_plugin_ops sched_plugin_node_name;
extern const struct sched_plugin_ops sched_plugin_node_ports;
extern const struct sched_plugin_ops sched_plugin_image_locality;
extern const struct sched_plugin_ops sched_plugin_default_binder;

static const struct {
	int64_t pa, ta, pb, tb;
	int less;
} sort_cases[] = {
	{ 100, 1, 50, 2, 1 },   /* higher priority first */
	{ 50, 1, 100, 2, 0 },
	{ 100, 1, 100, 2, 1 },  /* same priority: earlier first */
	{ 100, 2, 100, 1, 0 },
	{ 0, 5, -10, 1, 1 },    /* negative priorities */
};

START_TEST(test_priority_sort)
{
	char text[256];
	struct sched_pod_info *a, *b;

	snprintf(text, sizeof(text), "{'metadata':{'name':'a','uid':'a'},'spec':{'priority':%lld}}", (long long)sort_cases[_i].pa);
	a = tpod(text);
	snprintf(text, sizeof(text), "{'metadata':{'name':'b','uid':'b'},'spec':{'priority':%lld}}", (long long)sort_cases[_i].pb);
	b = tpod(text);
	ck_assert_int_eq(sched_plugin_priority_sort.less(NULL, a, sort_cases[_i].ta, b, sort_cases[_i].tb), sort_cases[_i].less);
	sched_pod_info_unref(a);
	sched_pod_info_unref(b);
}
END_TEST

START_TEST(test_scheduling_gates)
{
	struct sched_pod_info *gated = tpod("{'metadata':{'name':'p','uid':'u'},'spec':{'schedulingGates':[{'name':'foo'},{'name':'bar'}]}}");
	struct sched_pod_info *free_pod = tpod("{'metadata':{'name':'q','uid':'v'},'spec':{}}");
	json_t *ungated = tj("{'metadata':{'name':'p','uid':'u'},'spec':{}}");
	json_t *other = tj("{'metadata':{'name':'x','uid':'x'},'spec':{}}");
	struct sched_status st = { 0 };
	sched_queueing_hint_fn hint = sched_plugin_scheduling_gates.events[0].hint;

	ck_assert_int_eq(sched_plugin_scheduling_gates.pre_enqueue(NULL, gated, &st), SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE);
	ck_assert_str_eq(treason(&st), "waiting for scheduling gates: [foo bar]");
	sched_status_reset(&st);
	ck_assert_int_eq(sched_plugin_scheduling_gates.pre_enqueue(NULL, free_pod, &st), SCHED_SUCCESS);
	ck_assert_int_eq(hint(NULL, gated->pod, gated->pod, ungated), SCHED_QUEUE);
	ck_assert_int_eq(hint(NULL, gated->pod, NULL, other), SCHED_QUEUE_SKIP);
	json_decref(ungated);
	json_decref(other);
	sched_pod_info_unref(gated);
	sched_pod_info_unref(free_pod);
}
END_TEST

static const struct {
	const char *tolerations;
	int unschedulable;
	enum sched_code code;
} unsched_cases[] = {
	{ "[]", 0, SCHED_SUCCESS },
	{ "[]", 1, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE },
	{ "[{'key':'node.kubernetes.io/unschedulable','operator':'Exists','effect':'NoSchedule'}]", 1, SCHED_SUCCESS },
	{ "[{'operator':'Exists'}]", 1, SCHED_SUCCESS },
	{ "[{'key':'node.kubernetes.io/unschedulable','operator':'Exists','effect':'NoExecute'}]", 1,
	  SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE },
};

START_TEST(test_node_unschedulable)
{
	char text[512];
	struct sched_status st = { 0 };
	struct sched_pod_info *pi;
	struct sched_node_info *ni;

	snprintf(text, sizeof(text), "{'metadata':{'name':'p','uid':'u'},'spec':{'tolerations':%s}}", unsched_cases[_i].tolerations);
	pi = tpod(text);
	snprintf(text, sizeof(text), "{'metadata':{'name':'n'},'spec':{'unschedulable':%s}}",
		 unsched_cases[_i].unschedulable ? "true" : "false");
	ni = tnode(text);
	ck_assert_int_eq(tfilter(&sched_plugin_node_unschedulable, NULL, pi, NULL, ni, &st), unsched_cases[_i].code);
	if (unsched_cases[_i].code != SCHED_SUCCESS)
		ck_assert_str_eq(treason(&st), "node(s) were unschedulable");
	sched_status_reset(&st);
	sched_pod_info_unref(pi);
	sched_node_info_free(ni);
}
END_TEST

START_TEST(test_node_unschedulable_hint)
{
	json_t *pod = tj("{'metadata':{'name':'p'}}");
	json_t *on = tj("{'metadata':{'name':'n'},'spec':{'unschedulable':true}}");
	json_t *off = tj("{'metadata':{'name':'n'},'spec':{}}");
	sched_queueing_hint_fn hint = sched_plugin_node_unschedulable.events[0].hint;

	ck_assert_int_eq(hint(NULL, pod, NULL, off), SCHED_QUEUE);
	ck_assert_int_eq(hint(NULL, pod, NULL, on), SCHED_QUEUE_SKIP);
	ck_assert_int_eq(hint(NULL, pod, on, off), SCHED_QUEUE);
	ck_assert_int_eq(hint(NULL, pod, off, off), SCHED_QUEUE_SKIP);
	json_decref(pod);
	json_decref(on);
	json_decref(off);
}
END_TEST

START_TEST(test_node_name)
{
	struct sched_pod_info *none = tpod("{'metadata':{'name':'p','uid':'u'},'spec':{}}");
	struct sched_pod_info *pinned = tpod("{'metadata':{'name':'p','uid':'u'},'spec':{'nodeName':'foo'}}");
	struct sched_node_info *foo = tnode("{'metadata':{'name':'foo'}}"), *bar = tnode("{'metadata':{'name':'bar'}}");
	struct sched_status st = { 0 };

	ck_assert_int_eq(tfilter(&sched_plugin_node_name, NULL, none, NULL, foo, &st), SCHED_SUCCESS);
	ck_assert_int_eq(tfilter(&sched_plugin_node_name, NULL, pinned, NULL, foo, &st), SCHED_SUCCESS);
	ck_assert_int_eq(tfilter(&sched_plugin_node_name, NULL, pinned, NULL, bar, &st), SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE);
	ck_assert_str_eq(treason(&st), "node(s) didn't match the requested node name");
	ck_assert_int_eq(sched_plugin_node_name.events[0].hint(NULL, pinned->pod, NULL, foo->node), SCHED_QUEUE);
	ck_assert_int_eq(sched_plugin_node_name.events[0].hint(NULL, pinned->pod, NULL, bar->node), SCHED_QUEUE_SKIP);
	sched_status_reset(&st);
	sched_pod_info_unref(none);
	sched_pod_info_unref(pinned);
	sched_node_info_free(foo);
	sched_node_info_free(bar);
}
END_TEST

#define PORT(ip, proto, port) "{'containerPort':80,'hostIP':'" ip "','protocol':'" proto "','hostPort':" #port "}"

static const struct {
	const char *name, *want, *used;
	enum sched_code code;
} port_cases[] = {
	{ "nothing running", "[" PORT("", "UDP", 8080) "]", "[]", SCHED_SUCCESS },
	{ "other port", "[" PORT("", "UDP", 8080) "]", "[" PORT("", "UDP", 9090) "]", SCHED_SUCCESS },
	{ "same udp port", "[" PORT("", "UDP", 8080) "]", "[" PORT("", "UDP", 8080) "]", SCHED_UNSCHEDULABLE },
	{ "same tcp port", "[" PORT("", "TCP", 8001) "]", "[" PORT("", "TCP", 8001) "]", SCHED_UNSCHEDULABLE },
	{ "different host ip", "[" PORT("127.0.0.1", "TCP", 8001) "]", "[" PORT("127.0.0.2", "TCP", 8001) "]", SCHED_SUCCESS },
	{ "different protocol", "[" PORT("", "UDP", 8001) "]", "[" PORT("", "TCP", 8001) "]", SCHED_SUCCESS },
	{ "second port conflicts", "[" PORT("", "TCP", 8001) "," PORT("", "UDP", 8002) "]", "[" PORT("", "UDP", 8002) "]",
	  SCHED_UNSCHEDULABLE },
	{ "0.0.0.0 used: every address conflicts", "[" PORT("127.0.0.1", "TCP", 8001) "]", "[" PORT("0.0.0.0", "TCP", 8001) "]",
	  SCHED_UNSCHEDULABLE },
	{ "0.0.0.0 wanted conflicts with a specific address", "[" PORT("0.0.0.0", "TCP", 8001) "]",
	  "[" PORT("127.0.0.1", "TCP", 8001) "]", SCHED_UNSCHEDULABLE },
	{ "no host port: skipped", "[{'containerPort':80}]", "[" PORT("", "TCP", 80) "]", SCHED_SUCCESS },
};

START_TEST(test_node_ports)
{
	char text[1024];
	struct sched_status st = { 0 };
	struct sched_pod_info *pi;
	struct sched_node_info *ni = tnode("{'metadata':{'name':'n'}}");

	snprintf(text, sizeof(text), "{'metadata':{'name':'e','uid':'e'},'spec':{'containers':[{'name':'c','ports':%s}]}}",
		 port_cases[_i].used);
	tnode_add(ni, text);
	snprintf(text, sizeof(text), "{'metadata':{'name':'p','uid':'p'},'spec':{'containers':[{'name':'c','ports':%s}]}}",
		 port_cases[_i].want);
	pi = tpod(text);
	ck_assert_msg(tfilter(&sched_plugin_node_ports, NULL, pi, NULL, ni, &st) == port_cases[_i].code, "%s",
		      port_cases[_i].name);
	if (port_cases[_i].code != SCHED_SUCCESS)
		ck_assert_str_eq(treason(&st), "node(s) didn't have free ports for the requested pod ports");
	sched_status_reset(&st);
	sched_pod_info_unref(pi);
	sched_node_info_free(ni);
}
END_TEST

START_TEST(test_node_ports_hint)
{
	json_t *pod = tj("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','ports':[" PORT("", "TCP", 8001) "]}]}}");
	json_t *same = tj("{'metadata':{'name':'q'},'spec':{'nodeName':'n','containers':[{'name':'c','ports':[" PORT("", "TCP", 8001) "]}]}}");
	json_t *other = tj("{'metadata':{'name':'q'},'spec':{'nodeName':'n','containers':[{'name':'c','ports':[" PORT("", "TCP", 9) "]}]}}");
	sched_queueing_hint_fn hint = sched_plugin_node_ports.events[0].hint;

	ck_assert_int_eq(hint(NULL, pod, same, NULL), SCHED_QUEUE);
	ck_assert_int_eq(hint(NULL, pod, other, NULL), SCHED_QUEUE_SKIP);
	json_decref(pod);
	json_decref(same);
	json_decref(other);
}
END_TEST


START_TEST(test_image_locality)
{
	struct sched_node_info *nodes[2] = {
		tnode("{'metadata':{'name':'machine1'},'status':{'images':["
		      "{'names':['gcr.io/40:latest','gcr.io/40:v1'],'sizeBytes':41943040},"
		      "{'names':['gcr.io/300:latest','gcr.io/300:v1'],'sizeBytes':314572800},"
		      "{'names':['gcr.io/2000:latest'],'sizeBytes':2097152000}]}}"),
		tnode("{'metadata':{'name':'machine2'},'status':{'images':["
		      "{'names':['gcr.io/250:latest'],'sizeBytes':262144000},"
		      "{'names':['gcr.io/10:latest','gcr.io/10:v1'],'sizeBytes':10485760}]}}"),
	};
	struct tsnap *t = tsnap_new(nodes, 2);
	void *self = tplugin(&sched_plugin_image_locality, NULL, &t->h);
	struct sched_pod_info *p40_250 = tpod("{'metadata':{'name':'p','uid':'u'},'spec':{'containers':"
					      "[{'name':'a','image':'gcr.io/40'},{'name':'b','image':'gcr.io/250'}]}}");
	struct sched_pod_info *p300_2000 = tpod("{'metadata':{'name':'p','uid':'u'},'spec':{'containers':"
						"[{'name':'a','image':'gcr.io/300'},{'name':'b','image':'gcr.io/2000'}]}}");
	int64_t scores[2];

	/* 40M/2 is under the 23M threshold: 0; 250M/2: 100 * (125M - 23M) / (2000M - 23M) = 5. */
	tscore(&sched_plugin_image_locality, self, p40_250, t->s.nodes, 2, scores);
	ck_assert_int_eq(scores[0], 0);
	ck_assert_int_eq(scores[1], 5);
	/* (300M + 2000M) / 2 = 1150M: 100 * (1150M - 23M) / (2000M - 23M) = 57. */
	tscore(&sched_plugin_image_locality, self, p300_2000, t->s.nodes, 2, scores);
	ck_assert_int_eq(scores[0], 57);
	ck_assert_int_eq(scores[1], 0);
	sched_pod_info_unref(p40_250);
	sched_pod_info_unref(p300_2000);
	tsnap_free(t);
}
END_TEST

START_TEST(test_image_locality_priority)
{
	ck_assert_int_eq(sched_image_locality_priority(0, 1), 0);
	ck_assert_int_eq(sched_image_locality_priority(5000LL * 1048576, 1), 100);
	ck_assert_int_eq(sched_image_locality_priority(1000LL * 1048576, 1), 100);
	ck_assert_int_eq(sched_image_locality_priority(1000LL * 1048576, 2), 49);
	ck_assert_int_eq(sched_image_locality_priority(1000LL * 1048576, 0), 0);
}
END_TEST

START_TEST(test_default_binder)
{
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'ns','uid':'u1'}}");
	json_t *b = sched_default_binder_binding(pi, "node1");
	struct sched_status st = { 0 };
	struct sched_handle h = { 0 };

	kc_test_assert_json(b, "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"namespace\":\"ns\",\"name\":\"p\","
			       "\"uid\":\"u1\"},\"target\":{\"kind\":\"Node\",\"name\":\"node1\"}}");
	/* Without a client the bind fails synchronously and done() is never called. */
	ck_assert_int_eq(sched_plugin_default_binder.bind(&h, NULL, pi, "node1", NULL, NULL, &st), SCHED_ERROR);
	sched_status_reset(&st);
	json_decref(b);
	sched_pod_info_unref(pi);
}
END_TEST

static Suite *
simple_plugins_suite(void)
{
	Suite *s = suite_create("sched_simple_plugins");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_priority_sort, 0, sizeof(sort_cases) / sizeof(sort_cases[0]));
	tcase_add_test(tc, test_scheduling_gates);
	tcase_add_loop_test(tc, test_node_unschedulable, 0, sizeof(unsched_cases) / sizeof(unsched_cases[0]));
	tcase_add_test(tc, test_node_unschedulable_hint);
	tcase_add_test(tc, test_node_name);
	tcase_add_loop_test(tc, test_node_ports, 0, sizeof(port_cases) / sizeof(port_cases[0]));
	tcase_add_test(tc, test_node_ports_hint);
	tcase_add_test(tc, test_image_locality);
	tcase_add_test(tc, test_image_locality_priority);
	tcase_add_test(tc, test_default_binder);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(simple_plugins_suite)
