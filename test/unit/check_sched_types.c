/*
 * check_sched_types.c - the scheduler's framework types (types.c: Resource, PodRequests,
 * PodInfo affinity terms, NodeInfo, HostPortInfo), CycleState, Status and the plugin registry
 * (upstream: pkg/scheduler/framework/types_test.go, cycle_state_test.go,
 * component-helpers/resource/helpers_test.go).
 */
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/errors.h"
#include "test/unit/sched_testlib.h"

/* ---- PodRequests ---- */

static const struct {
	const char *name;
	const char *spec;
	int64_t cpu, mem, nz_cpu, nz_mem;
} requests_cases[] = {
	{ "no requests: zero, non-zero gets the defaults",
	  "{'containers':[{'name':'a'}]}", 0, 0, 100, 200 * 1024 * 1024 },
	{ "containers sum",
	  "{'containers':[{'name':'a','resources':{'requests':{'cpu':'1','memory':'1Gi'}}},"
	  "{'name':'b','resources':{'requests':{'cpu':'500m','memory':'512Mi'}}}]}",
	  1500, 1536LL * 1024 * 1024, 1500, 1536LL * 1024 * 1024 },
	{ "init container max rule: the biggest init container wins over the sum",
	  "{'containers':[{'name':'a','resources':{'requests':{'cpu':'1','memory':'1Gi'}}}],"
	  "'initContainers':[{'name':'i1','resources':{'requests':{'cpu':'2','memory':'512Mi'}}},"
	  "{'name':'i2','resources':{'requests':{'cpu':'1','memory':'2Gi'}}}]}",
	  2000, 2048LL * 1024 * 1024, 2000, 2048LL * 1024 * 1024 },
	{ "sidecar adds to the containers and runs next to later init containers",
	  "{'containers':[{'name':'a','resources':{'requests':{'cpu':'1'}}}],"
	  "'initContainers':[{'name':'s','restartPolicy':'Always','resources':{'requests':{'cpu':'500m'}}},"
	  "{'name':'i','resources':{'requests':{'cpu':'2'}}}]}",
	  2500, 0, 2500, 400 * 1024 * 1024 },
	{ "sidecar after the init container: init max is the init alone",
	  "{'containers':[{'name':'a','resources':{'requests':{'cpu':'1'}}}],"
	  "'initContainers':[{'name':'i','resources':{'requests':{'cpu':'2'}}},"
	  "{'name':'s','restartPolicy':'Always','resources':{'requests':{'cpu':'500m'}}}]}",
	  2000, 0, 2000, 400 * 1024 * 1024 },
	{ "overhead is added",
	  "{'containers':[{'name':'a','resources':{'requests':{'cpu':'1','memory':'1Gi'}}}],"
	  "'overhead':{'cpu':'250m','memory':'120Mi'}}",
	  1250, 1144LL * 1024 * 1024, 1250, 1144LL * 1024 * 1024 },
	{ "explicit zero request is not defaulted",
	  "{'containers':[{'name':'a','resources':{'requests':{'cpu':'0','memory':'0'}}}]}", 0, 0, 0, 0 },
	{ "limits are not requests",
	  "{'containers':[{'name':'a','resources':{'limits':{'cpu':'2'}}}]}", 0, 0, 100, 200 * 1024 * 1024 },
};

START_TEST(test_pod_requests)
{
	char text[2048];
	struct sched_pod_info *pi;

	snprintf(text, sizeof(text), "{'metadata':{'name':'p','namespace':'default','uid':'u'},'spec':%s}",
		 requests_cases[_i].spec);
	pi = tpod(text);
	ck_assert_msg(pi->requests.milli_cpu == requests_cases[_i].cpu, "%s: cpu %lld", requests_cases[_i].name,
		      (long long)pi->requests.milli_cpu);
	ck_assert_msg(pi->requests.memory == requests_cases[_i].mem, "%s: memory %lld", requests_cases[_i].name,
		      (long long)pi->requests.memory);
	ck_assert_msg(pi->non_zero_requests.milli_cpu == requests_cases[_i].nz_cpu, "%s: nz cpu %lld",
		      requests_cases[_i].name, (long long)pi->non_zero_requests.milli_cpu);
	ck_assert_msg(pi->non_zero_requests.memory == requests_cases[_i].nz_mem, "%s: nz memory %lld",
		      requests_cases[_i].name, (long long)pi->non_zero_requests.memory);
	sched_pod_info_unref(pi);
}
END_TEST

START_TEST(test_pod_requests_scalars)
{
	struct sched_pod_info *pi = tpod(
		"{'metadata':{'name':'p','uid':'u'},'spec':{'containers':["
		"{'name':'a','resources':{'requests':{'nvidia.com/gpu':'1','ephemeral-storage':'1Gi','hugepages-2Mi':'4Mi'}}},"
		"{'name':'b','resources':{'requests':{'nvidia.com/gpu':'2'}}}]}}");

	ck_assert_int_eq(sched_resource_scalar(&pi->requests, "nvidia.com/gpu"), 3);
	ck_assert_int_eq(sched_resource_scalar(&pi->requests, "hugepages-2Mi"), 4 * 1024 * 1024);
	ck_assert_int_eq(pi->requests.ephemeral_storage, 1024LL * 1024 * 1024);
	ck_assert_int_eq(sched_resource_scalar(&pi->requests, "absent"), 0);
	sched_pod_info_unref(pi);
}
END_TEST

START_TEST(test_resource_arith)
{
	struct sched_resource a = { 0 }, b = { 0 }, c = { 0 };
	json_t *list = tj("{'cpu':'2','memory':'1Ki','pods':'110','example.com/foo':'3','bad':'x y'}");

	ck_assert_int_eq(sched_resource_from_list(&a, list), 0);
	ck_assert_int_eq(a.milli_cpu, 2000);
	ck_assert_int_eq(a.memory, 1024);
	ck_assert_int_eq(a.allowed_pod_number, 110);
	ck_assert_int_eq(sched_resource_scalar(&a, "example.com/foo"), 3);
	ck_assert_int_eq(sched_resource_scalar(&a, "bad"), 0);
	ck_assert_int_eq(sched_resource_set_scalar(&b, "example.com/bar", 5), 0);
	b.milli_cpu = 500;
	ck_assert_int_eq(sched_resource_add(&a, &b), 0);
	ck_assert_int_eq(a.milli_cpu, 2500);
	ck_assert_int_eq(sched_resource_scalar(&a, "example.com/bar"), 5);
	ck_assert_int_eq(sched_resource_copy(&c, &a), 0);
	ck_assert_int_eq(sched_resource_sub(&c, &b), 0);
	ck_assert_int_eq(c.milli_cpu, 2000);
	ck_assert_int_eq(sched_resource_scalar(&c, "example.com/bar"), 0);
	ck_assert_int_eq(sched_resource_scalar(&c, "example.com/foo"), 3);
	sched_resource_release(&a);
	sched_resource_release(&b);
	sched_resource_release(&c);
	sched_resource_release(NULL);
	json_decref(list);
}
END_TEST

/* ---- affinity terms ---- */

START_TEST(test_affinity_terms)
{
	struct sched_pod_info *pi = tpod(
		"{'metadata':{'name':'p','namespace':'ns1','uid':'u','labels':{'app':'web','ver':'v1'}},'spec':{'affinity':{"
		"'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':["
		"{'labelSelector':{'matchLabels':{'app':'db'}},'topologyKey':'zone'}],"
		"'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':7,'podAffinityTerm':"
		"{'labelSelector':{'matchLabels':{'app':'cache'}},'namespaces':['a','b'],'topologyKey':'host'}}]},"
		"'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':["
		"{'labelSelector':{'matchLabels':{'app':'web'}},'matchLabelKeys':['ver'],'topologyKey':'host'},"
		"{'labelSelector':{},'namespaceSelector':{},'topologyKey':'zone'}]}}}}");
	json_t *db = tj("{'metadata':{'namespace':'ns1','labels':{'app':'db'}}}");
	json_t *db_other = tj("{'metadata':{'namespace':'ns2','labels':{'app':'db'}}}");
	json_t *web_v1 = tj("{'metadata':{'namespace':'ns1','labels':{'app':'web','ver':'v1'}}}");
	json_t *web_v2 = tj("{'metadata':{'namespace':'ns1','labels':{'app':'web','ver':'v2'}}}");
	json_t *cache_a = tj("{'metadata':{'namespace':'a','labels':{'app':'cache'}}}");

	ck_assert_ptr_null(pi->parse_error);
	ck_assert_uint_eq(pi->n_required_affinity, 1);
	ck_assert_uint_eq(pi->n_required_anti_affinity, 2);
	ck_assert_uint_eq(pi->n_preferred_affinity, 1);
	ck_assert_uint_eq(pi->n_preferred_anti_affinity, 0);
	ck_assert_str_eq(pi->required_affinity[0].topology_key, "zone");
	/* No namespaces and no selector: the pod's own namespace. */
	ck_assert_int_eq(sched_affinity_term_matches(&pi->required_affinity[0], db, NULL), 1);
	ck_assert_int_eq(sched_affinity_term_matches(&pi->required_affinity[0], db_other, NULL), 0);
	/* matchLabelKeys: ver in (v1) merged into the selector. */
	ck_assert_int_eq(sched_affinity_term_matches(&pi->required_anti_affinity[0], web_v1, NULL), 1);
	ck_assert_int_eq(sched_affinity_term_matches(&pi->required_anti_affinity[0], web_v2, NULL), 0);
	/* An empty namespaceSelector selects every namespace; an empty labelSelector every pod. */
	ck_assert_int_eq(sched_affinity_term_matches(&pi->required_anti_affinity[1], db_other, NULL), 1);
	ck_assert_int_eq(pi->preferred_affinity[0].weight, 7);
	ck_assert_int_eq(sched_affinity_term_matches(&pi->preferred_affinity[0], cache_a, NULL), 1);
	ck_assert_int_eq(sched_affinity_term_matches(&pi->preferred_affinity[0], db, NULL), 0);
	json_decref(db);
	json_decref(db_other);
	json_decref(web_v1);
	json_decref(web_v2);
	json_decref(cache_a);
	sched_pod_info_unref(pi);
}
END_TEST

START_TEST(test_affinity_parse_error)
{
	struct sched_pod_info *pi = tpod(
		"{'metadata':{'name':'p','uid':'u'},'spec':{'affinity':{'podAffinity':{"
		"'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':{'matchExpressions':"
		"[{'key':'a b','operator':'In','values':['x']}]},'topologyKey':'zone'}]}}}}");

	ck_assert_ptr_nonnull(pi->parse_error);
	sched_pod_info_unref(pi);
}
END_TEST

START_TEST(test_pod_info_update_and_refs)
{
	struct sched_pod_info *pi = tpod("{'metadata':{'name':'p','namespace':'x','uid':'u1'},'spec':{'containers':"
					 "[{'name':'a','resources':{'requests':{'cpu':'1'}}}]}}");
	json_t *p2 = tj("{'metadata':{'name':'p','namespace':'x','uid':'u1'},'spec':{'containers':"
			"[{'name':'a','resources':{'requests':{'cpu':'3'}}}]}}");

	ck_assert_str_eq(pi->ns, "x");
	ck_assert_ptr_eq(sched_pod_info_ref(pi), pi);
	ck_assert_int_eq(pi->refs, 2);
	ck_assert_ptr_null(sched_pod_info_unref(pi));
	ck_assert_int_eq(sched_pod_info_update(pi, p2), 0);
	ck_assert_int_eq(pi->requests.milli_cpu, 3000);
	json_decref(p2);
	sched_pod_info_unref(pi);
	ck_assert_ptr_null(sched_pod_info_unref(NULL));
}
END_TEST

/* ---- NodeInfo ---- */

#define POD_WITH_PORT                                                                                       \
	"{'metadata':{'name':'%s','namespace':'default','uid':'%s'},'spec':{'containers':[{'name':'c',"     \
	"'resources':{'requests':{'cpu':'200m','memory':'100Mi'}},'ports':[{'containerPort':80,"            \
	"'hostPort':%d,'hostIP':'%s','protocol':'%s'}]}]%s}}"

START_TEST(test_node_info_add_remove)
{
	struct sched_node_info *ni = tnode("{'metadata':{'name':'n1','labels':{'zone':'z1'}},'status':{"
					   "'allocatable':{'cpu':'4','memory':'8Gi','pods':'110'},"
					   "'images':[{'names':['nginx:1.25','docker.io/nginx@sha256:abc'],'sizeBytes':100}]}}");
	struct sched_node_info *clone;
	char text[1024];
	uint64_t gen = ni->generation;

	ck_assert_str_eq(ni->name, "n1");
	ck_assert_int_eq(ni->allocatable.milli_cpu, 4000);
	ck_assert_int_eq(ni->allocatable.allowed_pod_number, 110);
	ck_assert_uint_eq(ni->n_images, 2);
	ck_assert_str_eq(ni->images[0].name, "nginx:1.25");
	ck_assert_str_eq(kc_json_get_string(sched_node_info_labels(ni), "zone", ""), "z1");
	snprintf(text, sizeof(text), POD_WITH_PORT, "a", "ua", 8080, "", "", "");
	tnode_add(ni, text);
	snprintf(text, sizeof(text), POD_WITH_PORT, "b", "ub", 9090, "127.0.0.1", "UDP",
		 ",'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
		 "[{'labelSelector':{},'topologyKey':'zone'}]}}");
	tnode_add(ni, text);
	ck_assert_uint_gt(ni->generation, gen);
	ck_assert_uint_eq(ni->n_pods, 2);
	ck_assert_int_eq(ni->requested.milli_cpu, 400);
	ck_assert_int_eq(ni->non_zero_requested.milli_cpu, 400);
	ck_assert_uint_eq(ni->n_used_ports, 2);
	ck_assert_str_eq(ni->used_ports[0].ip, "0.0.0.0");
	ck_assert_str_eq(ni->used_ports[0].protocol, "TCP");
	ck_assert_uint_eq(ni->n_pods_with_affinity, 1);
	ck_assert_uint_eq(ni->n_pods_with_required_anti_affinity, 1);

	clone = sched_node_info_clone(ni);
	ck_assert_int_eq(sched_node_info_remove_pod(ni, "ub"), 0);
	ck_assert_int_eq(sched_node_info_remove_pod(ni, "ub"), KC_ERR_NOT_FOUND);
	ck_assert_uint_eq(ni->n_pods, 1);
	ck_assert_int_eq(ni->requested.milli_cpu, 200);
	ck_assert_uint_eq(ni->n_used_ports, 1);
	ck_assert_uint_eq(ni->n_pods_with_affinity, 0);
	ck_assert_uint_eq(ni->n_pods_with_required_anti_affinity, 0);
	/* The clone kept its own copy. */
	ck_assert_uint_eq(clone->n_pods, 2);
	ck_assert_int_eq(clone->requested.milli_cpu, 400);
	ck_assert_uint_eq(clone->n_used_ports, 2);
	ck_assert_uint_eq(clone->n_images, 2);
	ck_assert_int_eq(sched_node_info_remove_pod(ni, "ua"), 0);
	ck_assert_int_eq(ni->requested.milli_cpu, 0);
	ck_assert_int_eq(ni->requested.memory, 0);
	sched_node_info_free(clone);
	sched_node_info_free(ni);
	ck_assert_ptr_null(sched_node_info_free(NULL));
}
END_TEST

/* HostPortInfo.CheckConflict cases (upstream types_test.go TestHostPortInfo_Check). */
static const struct {
	const char *used_ip, *used_proto;
	int used_port;
	const char *ip, *proto;
	int port;
	int conflict;
} port_cases[] = {
	{ "127.0.0.1", "TCP", 80, "127.0.0.1", "TCP", 80, 1 },
	{ "127.0.0.1", "TCP", 80, "127.0.0.1", "UDP", 80, 0 },
	{ "127.0.0.1", "TCP", 80, "127.0.0.2", "TCP", 80, 0 },
	{ "127.0.0.1", "TCP", 80, "127.0.0.1", "TCP", 81, 0 },
	{ "127.0.0.1", "TCP", 80, "0.0.0.0", "TCP", 80, 1 },
	{ "0.0.0.0", "TCP", 80, "127.0.0.1", "TCP", 80, 1 },
	{ "0.0.0.0", "TCP", 80, "", "", 80, 1 },
	{ "0.0.0.0", "UDP", 80, "", "", 80, 0 },
	{ "0.0.0.0", "TCP", 80, "0.0.0.0", "TCP", 0, 0 },
};

START_TEST(test_port_conflict)
{
	struct sched_node_info *ni = tnode("{'metadata':{'name':'n'}}");
	struct sched_host_port want = { .port = port_cases[_i].port };
	char text[1024];

	snprintf(text, sizeof(text), POD_WITH_PORT, "a", "ua", port_cases[_i].used_port, port_cases[_i].used_ip,
		 port_cases[_i].used_proto, "");
	tnode_add(ni, text);
	snprintf(want.ip, sizeof(want.ip), "%s", port_cases[_i].ip);
	snprintf(want.protocol, sizeof(want.protocol), "%s", port_cases[_i].proto);
	ck_assert_int_eq(sched_node_info_port_conflict(ni, &want), port_cases[_i].conflict);
	sched_node_info_free(ni);
}
END_TEST

START_TEST(test_snapshot_get)
{
	struct sched_node_info *nodes[2] = { tnode("{'metadata':{'name':'a'}}"), tnode("{'metadata':{'name':'b'}}") };
	struct tsnap *t = tsnap_new(nodes, 2);

	ck_assert_ptr_eq(sched_snapshot_get(&t->s, "b"), nodes[1]);
	ck_assert_ptr_null(sched_snapshot_get(&t->s, "c"));
	ck_assert_ptr_null(sched_snapshot_get(NULL, "a"));
	ck_assert_ptr_null(sched_snapshot_get(&t->s, NULL));
	tsnap_free(t);
}
END_TEST

START_TEST(test_normalized_image_name)
{
	static const char *const cases[][2] = {
		{ "nginx", "nginx:latest" },
		{ "nginx:1.25", "nginx:1.25" },
		{ "localhost:5000/app", "localhost:5000/app:latest" },
		{ "gcr.io/x/y@sha256:abcd", "gcr.io/x/y@sha256:abcd" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *n = sched_normalized_image_name(cases[i][0]);

		ck_assert_str_eq(n, cases[i][1]);
		free(n);
	}
}
END_TEST

/* ---- CycleState, Status, registry ---- */

static int freed;

static void
count_free(void *p)
{
	freed++;
	free(p);
}

static void *
clone_int(const void *p)
{
	int *c = malloc(sizeof(int));

	*c = *(const int *)p;
	return c;
}

START_TEST(test_cycle_state)
{
	struct sched_cycle_state *cs = sched_cycle_state_new(), *clone;
	int *a = malloc(sizeof(int)), *b = malloc(sizeof(int)), *a2 = malloc(sizeof(int));

	freed = 0;
	*a = 1;
	*b = 2;
	*a2 = 3;
	ck_assert_int_eq(sched_cycle_state_write(cs, "a", a, count_free), 0);
	ck_assert_int_eq(sched_cycle_state_write_cloneable(cs, "b", b, count_free, clone_int), 0);
	ck_assert_ptr_eq(sched_cycle_state_read(cs, "a"), a);
	ck_assert_ptr_null(sched_cycle_state_read(cs, "missing"));
	clone = sched_cycle_state_clone(cs);
	/* Non-cloneable values are shared; cloneable ones copied. */
	ck_assert_ptr_eq(sched_cycle_state_read(clone, "a"), a);
	ck_assert_ptr_ne(sched_cycle_state_read(clone, "b"), b);
	*(int *)sched_cycle_state_read(clone, "b") = 20;
	ck_assert_int_eq(*b, 2);
	sched_cycle_state_free(clone);
	ck_assert_int_eq(freed, 1);   /* only the clone's copy of b */
	/* Overwriting frees the old value. */
	ck_assert_int_eq(sched_cycle_state_write(cs, "a", a2, count_free), 0);
	ck_assert_int_eq(freed, 2);
	ck_assert_int_eq(*(int *)sched_cycle_state_read(cs, "a"), 3);
	sched_cycle_state_free(cs);
	ck_assert_int_eq(freed, 4);
	ck_assert_ptr_null(sched_cycle_state_free(NULL));
}
END_TEST

START_TEST(test_status)
{
	struct sched_status st = { 0 };

	ck_assert_int_eq(sched_status_set(&st, SCHED_UNSCHEDULABLE, "Insufficient %s", "cpu"), SCHED_UNSCHEDULABLE);
	ck_assert_int_eq(sched_status_set(&st, SCHED_UNSCHEDULABLE, "Too many pods"), SCHED_UNSCHEDULABLE);
	ck_assert_uint_eq(st.n_reasons, 2);
	ck_assert_str_eq(st.reasons[0], "Insufficient cpu");
	ck_assert_str_eq(st.reasons[1], "Too many pods");
	ck_assert_ptr_null(st.reasons[2]);
	sched_status_reset(&st);
	ck_assert_int_eq(st.code, SCHED_SUCCESS);
	ck_assert_uint_eq(st.n_reasons, 0);
	ck_assert_str_eq(sched_code_name(SCHED_SUCCESS), "Success");
	ck_assert_str_eq(sched_code_name(SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE), "UnschedulableAndUnresolvable");
	ck_assert_str_eq(sched_code_name(SCHED_PENDING), "Pending");
	ck_assert_str_eq(sched_code_name((enum sched_code)42), "Unknown");
}
END_TEST

START_TEST(test_registry)
{
	static const char *const names[] = {
		"PrioritySort", "SchedulingGates", "NodeUnschedulable", "NodeName", "TaintToleration",
		"NodeAffinity", "NodePorts", "NodeResourcesFit", "NodeResourcesBalancedAllocation",
		"PodTopologySpread", "InterPodAffinity", "ImageLocality", "DefaultPreemption", "DefaultBinder",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct sched_plugin_ops *ops = sched_plugin_registry_lookup(names[i]);

		ck_assert_msg(ops != NULL, "%s missing", names[i]);
		ck_assert_str_eq(ops->name, names[i]);
	}
	ck_assert_ptr_null(sched_plugin_registry_lookup("VolumeBinding"));
	ck_assert_ptr_null(sched_plugin_registry_lookup(NULL));
}
END_TEST

static Suite *
sched_types_suite(void)
{
	Suite *s = suite_create("sched_types");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_pod_requests, 0, sizeof(requests_cases) / sizeof(requests_cases[0]));
	tcase_add_test(tc, test_pod_requests_scalars);
	tcase_add_test(tc, test_resource_arith);
	tcase_add_test(tc, test_affinity_terms);
	tcase_add_test(tc, test_affinity_parse_error);
	tcase_add_test(tc, test_pod_info_update_and_refs);
	tcase_add_test(tc, test_node_info_add_remove);
	tcase_add_loop_test(tc, test_port_conflict, 0, sizeof(port_cases) / sizeof(port_cases[0]));
	tcase_add_test(tc, test_snapshot_get);
	tcase_add_test(tc, test_normalized_image_name);
	tcase_add_test(tc, test_cycle_state);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_registry);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(sched_types_suite)
