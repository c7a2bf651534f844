/*
 * check_kube_proxy_tracker.c - Services and EndpointSlices as kube-proxy reads them, and which
 * changes are pending (upstream: pkg/proxy/servicechangetracker_test.go,
 * endpointschangetracker_test.go, endpointslicecache_test.go, topology_test.go).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kube-proxy/proxy.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/testutil.h"

static struct kp_tracker tr;
static struct kp_service svc;
static struct kp_endpoints eps;

static void
setup(void)
{
	ck_assert_int_eq(kp_tracker_init(&tr, 4), 0);
	memset(&svc, 0, sizeof(svc));
	memset(&eps, 0, sizeof(eps));
}

static void
teardown(void)
{
	kp_tracker_release(&tr);
	kp_service_release(&svc);
	kp_endpoints_release(&eps);
}

static void
parse(const char *text, int family)
{
	json_t *o = kc_test_json(text);

	ck_assert_int_eq(kp_service_parse(o, family, &svc), 0);
	json_decref(o);
}

#define META "\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\"}"

START_TEST(test_parse_ports)
{
	char *name;

	parse("{" META
	      ",\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"10.96.0.5\",\"clusterIPs\":[\"10.96.0.5\",\"fd00::5\"],"
	      "\"externalIPs\":[\"1.1.1.1\",\"fd00::1\"],\"sessionAffinity\":\"ClientIP\","
	      "\"ports\":[{\"name\":\"http\",\"port\":80,\"nodePort\":30080},{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"}]}}",
	      4);
	ck_assert_uint_eq(svc.n, 2);
	ck_assert_str_eq(svc.ports[0]->protocol, "tcp");
	ck_assert_str_eq(svc.ports[1]->protocol, "udp");
	ck_assert_str_eq(svc.ports[0]->cluster_ip, "10.96.0.5");
	ck_assert_int_eq(svc.ports[0]->node_port, 30080);
	ck_assert_uint_eq(svc.ports[0]->external_ips.n, 1); /* the IPv6 one is another family's */
	ck_assert_int_eq(svc.ports[0]->sticky_seconds, 10800);
	name = kp_service_port_name(svc.ports[0]);
	ck_assert_str_eq(name, "ns/s:http");
	free(name);
	ck_assert(kp_service_port_externally_accessible(svc.ports[0]));
	ck_assert(!kp_service_port_externally_accessible(svc.ports[1]) ||
		  svc.ports[1]->external_ips.n);
}
END_TEST

START_TEST(test_parse_ipv6_family)
{
	parse("{" META
	      ",\"spec\":{\"clusterIP\":\"10.96.0.5\",\"clusterIPs\":[\"10.96.0.5\",\"fd00::5\"],"
	      "\"ports\":[{\"port\":80}]}}",
	      6);
	ck_assert_uint_eq(svc.n, 1);
	ck_assert_str_eq(svc.ports[0]->cluster_ip, "fd00::5");
}
END_TEST

static const char *const skipped[] = {
	"{" META ",\"spec\":{\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}}",
	"{" META ",\"spec\":{\"clusterIP\":\"\",\"ports\":[{\"port\":80}]}}",
	"{" META ",\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"x.y\"}}",
	"{" META ",\"spec\":{\"clusterIP\":\"10.96.0.1\"}}",
	"{" META ",\"spec\":{\"clusterIP\":\"fd00::1\",\"ports\":[{\"port\":80}]}}",
};

START_TEST(test_skipped_services)
{
	parse(skipped[_i], 4);
	ck_assert_uint_eq(svc.n, 0);
}
END_TEST

START_TEST(test_policies)
{
	parse("{" META
	      ",\"spec\":{\"type\":\"LoadBalancer\",\"clusterIP\":\"10.96.0.5\",\"externalTrafficPolicy\":\"Local\","
	      "\"healthCheckNodePort\":32000,\"internalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80,\"nodePort\":30001}]},"
	      "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"5.5.5.5\"},{\"ip\":\"6.6.6.6\",\"ipMode\":\"Proxy\"}]}}}",
	      4);
	ck_assert_int_eq(svc.ports[0]->external_policy_local, 1);
	ck_assert_int_eq(svc.ports[0]->internal_policy_local, 1);
	ck_assert_int_eq(svc.ports[0]->health_check_node_port, 32000);
	ck_assert_uint_eq(svc.ports[0]->lb_ips.n, 1);
	ck_assert(!kp_service_port_uses_cluster_endpoints(svc.ports[0]));
	ck_assert(kp_service_port_uses_local_endpoints(svc.ports[0]));
	kp_service_release(&svc);
	/* externalTrafficPolicy only applies to NodePort and LoadBalancer services. */
	parse("{" META
	      ",\"spec\":{\"clusterIP\":\"10.96.0.5\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80}]}}",
	      4);
	ck_assert_int_eq(svc.ports[0]->external_policy_local, 0);
}
END_TEST

/* ---- endpoints ---- */

#define SLICE(eps)                                                                                                   \
	"{\"metadata\":{\"name\":\"s-1\",\"namespace\":\"ns\",\"labels\":{\"kubernetes.io/service-name\":\"s\"}},"   \
	"\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"\",\"port\":8080,\"protocol\":\"TCP\"}],\"endpoints\":" eps \
	"}"

static void
collect(const char *slices_text)
{
	json_t *slices = kc_test_json(slices_text);

	parse("{" META ",\"spec\":{\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":80}]}}", 4);
	ck_assert_int_eq(kp_endpoints_collect(slices, svc.ports[0], 4, "node-1", &eps), 0);
	json_decref(slices);
}

START_TEST(test_collect_conditions)
{
	char buf[64];

	collect("[" SLICE(
		"[{\"addresses\":[\"10.0.0.2\"],\"nodeName\":\"node-1\"},"
		"{\"addresses\":[\"10.0.0.1\"],\"conditions\":{\"ready\":false,\"serving\":true,\"terminating\":true}},"
		"{\"addresses\":[]}]") "]");
	ck_assert_uint_eq(eps.n, 2);
	/* sorted by ip:port */
	ck_assert_str_eq(kp_endpoint_string(&eps.v[0], buf, sizeof(buf)), "10.0.0.1:8080");
	ck_assert_int_eq(eps.v[0].ready, 0);
	ck_assert_int_eq(eps.v[0].serving, 1);
	ck_assert_int_eq(eps.v[0].terminating, 1);
	ck_assert_int_eq(eps.v[1].ready, 1);
	ck_assert_int_eq(eps.v[1].serving, 1); /* nil serving = ready */
	ck_assert_int_eq(eps.v[1].is_local, 1);
}
END_TEST

START_TEST(test_collect_dedup_and_filters)
{
	collect("[" SLICE("[{\"addresses\":[\"10.0.0.1\"],\"conditions\":{\"ready\":false}}]") "," SLICE(
		"[{\"addresses\":[\"10.0.0.1\"],\"conditions\":{\"ready\":true}}]") ","
										    "{\"metadata\":{\"name\":\"v6\",\"namespace\":\"ns\"},\"addressType\":\"IPv6\",\"ports\":[{\"port\":8080}],"
										    "\"endpoints\":[{\"addresses\":[\"fd00::1\"]}]},"
										    "{\"metadata\":{\"name\":\"other\",\"namespace\":\"ns\"},\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"x\",\"port\":1}],"
										    "\"endpoints\":[{\"addresses\":[\"10.0.0.9\"]}]}]");
	ck_assert_uint_eq(eps.n, 1);
	ck_assert_int_eq(eps.v[0].ready, 1); /* the ready copy wins */
}
END_TEST

START_TEST(test_categorize)
{
	size_t cl[4], lo[4], re[4], ncl, nlo, nre;

	collect("[" SLICE(
		"[{\"addresses\":[\"10.0.0.1\"],\"nodeName\":\"node-1\",\"conditions\":{\"ready\":false,\"serving\":true,\"terminating\":true}},"
		"{\"addresses\":[\"10.0.0.2\"],\"nodeName\":\"node-2\"},"
		"{\"addresses\":[\"10.0.0.3\"],\"nodeName\":\"node-2\",\"conditions\":{\"ready\":false}}]") "]");
	ck_assert(kp_categorize_endpoints(&eps, svc.ports[0], cl, &ncl, lo, &nlo, re, &nre));
	ck_assert_uint_eq(ncl, 1);
	ck_assert_uint_eq(cl[0], 1);
	ck_assert_uint_eq(nlo, 0);
	ck_assert_uint_eq(nre, 1);
	/* internalTrafficPolicy Local: the local terminating endpoint is the fallback. */
	svc.ports[0]->internal_policy_local = 1;
	ck_assert(kp_categorize_endpoints(&eps, svc.ports[0], cl, &ncl, lo, &nlo, re, &nre));
	ck_assert_uint_eq(ncl, 0);
	ck_assert_uint_eq(nlo, 1);
	ck_assert_uint_eq(lo[0], 0);
	ck_assert_uint_eq(nre, 1);
	/* Local + externally accessible with Cluster external policy: both lists, merged. */
	svc.ports[0]->node_port = 30000;
	ck_assert(kp_categorize_endpoints(&eps, svc.ports[0], cl, &ncl, lo, &nlo, re, &nre));
	ck_assert_uint_eq(ncl, 1);
	ck_assert_uint_eq(nlo, 1);
	ck_assert_uint_eq(nre, 2);
}
END_TEST

START_TEST(test_categorize_none)
{
	size_t cl[2], lo[2], re[2], ncl, nlo, nre;

	collect("[" SLICE(
		"[{\"addresses\":[\"10.0.0.1\"],\"conditions\":{\"ready\":false,\"serving\":false,\"terminating\":true}}]") "]");
	ck_assert(!kp_categorize_endpoints(&eps, svc.ports[0], cl, &ncl, lo, &nlo, re, &nre));
	ck_assert_uint_eq(nre, 0);
}
END_TEST

/* ---- the tracker ---- */

START_TEST(test_tracker_services)
{
	json_t *a = kc_test_json(
		"{" META ",\"spec\":{\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":80}]}}");
	json_t *b = kc_test_json(
		"{" META ",\"spec\":{\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":81}]}}");
	json_t *h = kc_test_json("{" META
				 ",\"spec\":{\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}}");

	ck_assert_int_eq(kp_tracker_service_update(&tr, NULL, a), 1);
	ck_assert_int_eq(kp_tracker_service_update(&tr, a, a), 0);
	ck_assert_int_eq(kp_tracker_service_update(&tr, a, b), 1);
	ck_assert_uint_eq(kp_tracker_pending(&tr), 1);                /* same key */
	ck_assert_int_eq(kp_tracker_service_update(&tr, NULL, h), 0); /* headless: nothing */
	ck_assert_int_eq(kp_tracker_service_update(&tr, b, NULL), 1);
	ck_assert_uint_eq(tr.service_changes, 3);
	json_decref(a);
	json_decref(b);
	json_decref(h);
}
END_TEST

START_TEST(test_tracker_slices)
{
	json_t *a = kc_test_json(SLICE("[{\"addresses\":[\"10.0.0.1\"]}]"));
	json_t *b = kc_test_json(SLICE("[{\"addresses\":[\"10.0.0.2\"]}]"));
	json_t *nolabel = kc_test_json(
		"{\"metadata\":{\"name\":\"x\",\"namespace\":\"ns\"},\"addressType\":\"IPv4\"}");
	json_t *a2 = json_deep_copy(a);
	char *key;

	json_object_set_new(json_object_get(a2, "metadata"), "resourceVersion", json_string("9"));
	ck_assert_int_eq(kp_tracker_slice_update(&tr, NULL, a), 1);
	ck_assert_int_eq(kp_tracker_slice_update(&tr, a, a2), 0); /* metadata only */
	ck_assert_int_eq(kp_tracker_slice_update(&tr, a, b), 1);
	ck_assert_int_eq(kp_tracker_slice_update(&tr, NULL, nolabel), 0);
	ck_assert_int_eq(kp_tracker_slice_update(&tr, b, NULL), 1);
	key = kp_slice_service_key(a);
	ck_assert_str_eq(key, "ns/s");
	free(key);
	ck_assert_ptr_null(kp_slice_service_key(nolabel));
	json_decref(a);
	json_decref(a2);
	json_decref(b);
	json_decref(nolabel);
}
END_TEST

START_TEST(test_packed_objects)
{
	json_t *full_svc = kc_test_json(
		"{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\","
		"\"resourceVersion\":\"5\",\"annotations\":{\"a\":\"b\"},\"managedFields\":[{}]},"
		"\"spec\":{\"clusterIP\":\"10.96.0.5\",\"selector\":{\"app\":\"x\"},"
		"\"ports\":[{\"name\":\"\",\"port\":80,\"targetPort\":8080,\"protocol\":\"UDP\"}]}}");
	json_t *full_slice = kc_test_json(SLICE(
		"[{\"addresses\":[\"10.0.0.1\"],\"nodeName\":\"node-1\",\"targetRef\":{\"kind\":\"Pod\"}},"
		"{\"addresses\":[\"10.0.0.2\"],\"conditions\":{\"ready\":false,\"serving\":true,\"terminating\":true}}]"));
	json_t *ps = kp_slim_service(NULL, full_svc), *pl = kp_slim_slice(NULL, full_slice), *u,
	       *arr;
	char *key;

	ck_assert_ptr_nonnull(ps);
	ck_assert_ptr_nonnull(pl);
	ck_assert(json_is_string(json_object_get(ps, "kp")));
	ck_assert_ptr_null(json_object_get(ps, "spec"));
	ck_assert_str_eq(json_string_value(json_object_get(pl, "svc")), "s");
	u = kp_unpack(ps);
	ck_assert_str_eq(kc_json_get_string(u, "metadata.resourceVersion", ""), "5");
	ck_assert_ptr_null(kc_json_get_object(u, "metadata.annotations"));
	ck_assert_ptr_null(kc_json_get_object(u, "spec.selector"));
	json_decref(u);
	parse("{" META ",\"spec\":{}}", 4); /* fixture state */
	kp_service_release(&svc);
	ck_assert_int_eq(kp_service_parse(ps, 4, &svc), 0);
	ck_assert_uint_eq(svc.n, 1);
	ck_assert_str_eq(svc.ports[0]->protocol, "udp");
	arr = json_pack("[O]", pl);
	ck_assert_int_eq(kp_endpoints_collect(arr, svc.ports[0], 4, "node-1", &eps), 0);
	ck_assert_uint_eq(eps.n, 0); /* the slice's port is TCP, the service's UDP */
	json_decref(arr);
	kp_service_release(&svc);
	parse("{" META ",\"spec\":{\"clusterIP\":\"10.96.0.5\",\"ports\":[{\"port\":80}]}}", 4);
	arr = json_pack("[O]", pl);
	ck_assert_int_eq(kp_endpoints_collect(arr, svc.ports[0], 4, "node-1", &eps), 0);
	json_decref(arr);
	ck_assert_uint_eq(eps.n, 2);
	ck_assert_int_eq(eps.v[0].is_local, 1);
	ck_assert_int_eq(eps.v[1].ready, 0);
	ck_assert_int_eq(eps.v[1].terminating, 1);
	key = kp_slice_service_key(pl);
	ck_assert_str_eq(key, "ns/s");
	free(key);
	/* a packed update with the same body is no change; a different body is */
	ck_assert_int_eq(kp_tracker_slice_update(&tr, pl, pl), 0);
	{
		json_t *other = kc_test_json(SLICE("[{\"addresses\":[\"10.0.0.3\"]}]"));
		json_t *po = kp_slim_slice(NULL, other);

		ck_assert_int_eq(kp_tracker_slice_update(&tr, pl, po), 1);
		json_decref(po);
		json_decref(other);
	}
	ck_assert_int_eq(kp_tracker_service_update(&tr, ps, ps), 0);
	ck_assert_int_eq(kp_tracker_service_update(&tr, NULL, ps), 1);
	json_decref(ps);
	json_decref(pl);
	json_decref(full_svc);
	json_decref(full_slice);
}
END_TEST

static Suite *
tracker_suite(void)
{
	Suite *s = suite_create("kube_proxy_tracker");
	TCase *tc = tcase_create("tracker");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_parse_ports);
	tcase_add_test(tc, test_parse_ipv6_family);
	tcase_add_loop_test(tc, test_skipped_services, 0,
			    (int)(sizeof(skipped) / sizeof(skipped[0])));
	tcase_add_test(tc, test_policies);
	tcase_add_test(tc, test_collect_conditions);
	tcase_add_test(tc, test_collect_dedup_and_filters);
	tcase_add_test(tc, test_categorize);
	tcase_add_test(tc, test_categorize_none);
	tcase_add_test(tc, test_tracker_services);
	tcase_add_test(tc, test_tracker_slices);
	tcase_add_test(tc, test_packed_objects);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(tracker_suite)
