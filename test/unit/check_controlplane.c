/*
 * check_controlplane.c - the default/kubernetes Service, Endpoints and EndpointSlice (their
 * shapes, then two apiservers' lease reconcilers against a real etcd: both listed, one gone
 * when it stops), the "none" reconciler, and the repair of the ranges from Services written
 * behind the allocator's back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "kube-apiserver/controlplane/kubernetes_service.h"
#include "kube-apiserver/controlplane/repair.h"
#include "kube-apiserver/registry/range_store.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/store_testutil.h"
#include "test/unit/testutil/testutil.h"

static char *
dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

START_TEST(test_service_object)
{
	json_auto_t *svc = kubernetes_service_object("10.96.0.1", 6443, 0);
	json_auto_t *np = kubernetes_service_object("10.96.0.1", 6443, 30443);
	KC_AUTOFREE char *a = dump(svc), *b = dump(np);

	ck_assert_str_eq(a, "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"labels\":"
			    "{\"component\":\"apiserver\",\"provider\":\"kubernetes\"},\"name\":"
			    "\"kubernetes\",\"namespace\":\"default\"},\"spec\":{\"clusterIP\":"
			    "\"10.96.0.1\",\"ports\":[{\"name\":\"https\",\"port\":443,\"protocol\":"
			    "\"TCP\",\"targetPort\":6443}],\"sessionAffinity\":\"None\",\"type\":"
			    "\"ClusterIP\"}}");
	ck_assert_ptr_nonnull(strstr(b, "\"nodePort\":30443"));
	ck_assert_ptr_nonnull(strstr(b, "\"type\":\"NodePort\""));
}
END_TEST

START_TEST(test_endpoints_objects)
{
	static const char *const ips[] = { "10.0.0.9", "10.0.0.10", "10.0.0.9" };
	json_auto_t *ep = kubernetes_endpoints_object(ips, 3, 6443);
	json_auto_t *sl = kubernetes_endpointslice_object(ips, 3, 6443);
	KC_AUTOFREE char *a = dump(ep), *b = dump(sl);

	/* sorted, without duplicates */
	ck_assert_str_eq(a, "{\"apiVersion\":\"v1\",\"kind\":\"Endpoints\",\"metadata\":{\"labels\":"
			    "{\"endpointslice.kubernetes.io/skip-mirror\":\"true\"},\"name\":"
			    "\"kubernetes\",\"namespace\":\"default\"},\"subsets\":[{\"addresses\":["
			    "{\"ip\":\"10.0.0.10\"},{\"ip\":\"10.0.0.9\"}],\"ports\":[{\"name\":"
			    "\"https\",\"port\":6443,\"protocol\":\"TCP\"}]}]}");
	ck_assert_str_eq(b, "{\"addressType\":\"IPv4\",\"apiVersion\":\"discovery.k8s.io/v1\","
			    "\"endpoints\":[{\"addresses\":[\"10.0.0.10\"],\"conditions\":{\"ready\":"
			    "true}},{\"addresses\":[\"10.0.0.9\"],\"conditions\":{\"ready\":true}}],"
			    "\"kind\":\"EndpointSlice\",\"metadata\":{\"labels\":{\"kubernetes.io/"
			    "service-name\":\"kubernetes\"},\"name\":\"kubernetes\",\"namespace\":"
			    "\"default\"},\"ports\":[{\"name\":\"https\",\"port\":6443,\"protocol\":"
			    "\"TCP\"}]}");
}
END_TEST

START_TEST(test_endpoints_objects_empty)
{
	json_auto_t *ep = kubernetes_endpoints_object(NULL, 0, 6443);
	json_auto_t *sl = kubernetes_endpointslice_object(NULL, 0, 6443);

	ck_assert_int_eq(json_array_size(json_object_get(ep, "subsets")), 0);
	ck_assert_int_eq(json_array_size(json_object_get(sl, "endpoints")), 0);
	ck_assert_ptr_null(json_object_get(sl, "ports"));
}
END_TEST

/* --- against etcd --------------------------------------------------------------------------------- */

static struct event_base *base;
static struct kc_etcd3 *e3;
static struct store_set *set;
static struct service_alloc *sa;

static void
setup(void)
{
	struct store_set_options so = { 0 };
	struct service_alloc_options ao = { 0 };
	char err[256] = "";

	base = event_base_new();
	e3 = etcd_test_client(base, etcd_test, 5000);
	so.etcd = e3;
	so.cache_fresh_wait_ms = 500;
	ck_assert_int_eq(store_set_new(&so, &set), 0);
	ao.etcd = e3;
	ao.cluster_ip_range = "10.96.0.0/24";
	ck_assert_int_eq(service_alloc_new(&ao, &sa, err, sizeof(err)), 0);
	(void)store_test_wait_ready(base, set, 5000);
}

static void
teardown(void)
{
	sa = service_alloc_free(sa);
	set = store_set_free(set);
	e3 = kc_etcd3_free(e3);
	event_base_loop(base, EVLOOP_NONBLOCK);
	event_base_free(base);
	base = NULL;
}

/* The object from etcd; NULL when absent. */
static json_t *
get(const char *group, const char *resource, const char *name)
{
	const struct api_resource *res = registry_lookup(group, "v1", resource);
	struct store_test_result r = { 0 };

	ck_assert_ptr_nonnull(store_get(store_set_get(set, res), res, "default", name, NULL,
					store_test_on_result, &r));
	ck_assert(kc_test_run_until(base, kc_test_flag_set, &r.done, 5000));
	return r.obj;
}

static struct kubernetes_service *
start(const char *ip, const char *reconciler)
{
	struct kubernetes_service_options o = {
		.stores = set,
		.services = sa,
		.etcd = e3,
		.public_ip = ip,
		.secure_port = 6443,
		.reconciler = reconciler,
		.interval_ms = 100,
		.lease_ttl_s = 15,
	};
	struct kubernetes_service *ks = kubernetes_service_start(base, &o);

	ck_assert_ptr_nonnull(ks);
	return ks;
}

static void
run_rounds(struct kubernetes_service *ks, long n)
{
	long want = kubernetes_service_rounds(ks) + n;

	for (long end = kc_test_mono_ms() + 10000;
	     kubernetes_service_rounds(ks) < want && kc_test_mono_ms() < end;)
		event_base_loop(base, EVLOOP_ONCE);
	ck_assert_int_ge(kubernetes_service_rounds(ks), want);
}

static char *
endpoint_ips(void)
{
	json_auto_t *ep = get("", "endpoints", "kubernetes");
	json_t *a;
	size_t i;
	char buf[256] = "";

	json_array_foreach(kc_json_get_array(json_array_get(kc_json_get_array(ep, "subsets"), 0),
					     "addresses"),
			   i, a)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? "," : "",
			 kc_json_get_string(a, "ip", ""));
	return strdup(buf);
}

static void
on_count(void *arg, int err, const struct kc_etcd3_result *res)
{
	int *n = arg;

	*n = err < 0 ? -2 : (int)res->n_kvs;
}

/* The master leases in etcd now. */
static int
lease_count(void)
{
	struct kc_etcd3_range_opts ro = { .prefix = KUBERNETES_SERVICE_LEASE_PREFIX };
	int n = -1;

	ck_assert_ptr_nonnull(kc_etcd3_range(e3, &ro, on_count, &n));
	for (long end = kc_test_mono_ms() + 5000; n == -1 && kc_test_mono_ms() < end;)
		event_base_loop(base, EVLOOP_ONCE);
	return n;
}

START_TEST(test_lease_reconciler_two_apiservers)
{
	struct kubernetes_service *a = start("10.1.0.1", "lease"), *b;
	json_auto_t *svc = NULL, *slice = NULL;
	KC_AUTOFREE char *ips1 = NULL, *ips2 = NULL, *ips3 = NULL;

	run_rounds(a, 1);
	svc = get("", "services", "kubernetes");
	ck_assert_str_eq(kc_json_get_string(svc, "spec.clusterIP", ""), "10.96.0.1");
	ck_assert_int_eq(kc_json_get_int64(json_array_get(kc_json_get_array(svc, "spec.ports"), 0),
					   "targetPort", 0),
			 6443);
	ips1 = endpoint_ips();
	ck_assert_str_eq(ips1, "10.1.0.1");
	b = start("10.1.0.2", "lease");
	run_rounds(b, 1);
	run_rounds(a, 1);
	ips2 = endpoint_ips();
	ck_assert_str_eq(ips2, "10.1.0.1,10.1.0.2");
	ck_assert_int_eq(lease_count(), 2);
	slice = get("discovery.k8s.io", "endpointslices", "kubernetes");
	ck_assert_int_eq(json_array_size(kc_json_get_array(slice, "endpoints")), 2);
	/* a stops: its lease goes (RemoveEndpoints), b drops it */
	kubernetes_service_free(a);
	kc_test_run_for(base, 100);
	run_rounds(b, 1);
	ips3 = endpoint_ips();
	ck_assert_str_eq(ips3, "10.1.0.2");
	/* the graceful stop waits for its lease delete */
	kubernetes_service_stop(b);
	ck_assert_int_eq(kubernetes_service_stopped(b), 0);
	for (long end = kc_test_mono_ms() + 5000;
	     !kubernetes_service_stopped(b) && kc_test_mono_ms() < end;)
		event_base_loop(base, EVLOOP_ONCE);
	ck_assert_int_eq(kubernetes_service_stopped(b), 1);
	ck_assert_int_eq(lease_count(), 0);
	kubernetes_service_free(b);
}
END_TEST

static int
retarget_fn(void *arg, const json_t *current, int fresh, json_t **ret, json_t **ret_status)
{
	json_t *obj = json_deep_copy(current);

	(void)arg;
	(void)fresh;
	(void)ret_status;
	json_object_set_new(json_array_get(kc_json_get_array(obj, "spec.ports"), 0), "targetPort",
			    json_integer(1234));
	*ret = obj;
	return 0;
}

START_TEST(test_service_corrected_and_none_reconciler)
{
	struct kubernetes_service *ks = start("10.1.0.1", "none");
	const struct api_resource *res = registry_lookup("", "v1", "services");
	json_auto_t *svc = NULL, *ep = NULL;
	struct store_test_result r = { 0 };

	run_rounds(ks, 1);
	ep = get("", "endpoints", "kubernetes");
	ck_assert_ptr_null(ep); /* "none": no endpoints */
	/* a changed port is put back at the next round */
	ck_assert_ptr_nonnull(store_update(store_set_get(set, res), res, "default", "kubernetes",
					   retarget_fn, NULL, 0, store_test_on_result, &r));
	ck_assert(kc_test_run_until(base, kc_test_flag_set, &r.done, 5000));
	ck_assert_int_eq(r.code, 0);
	json_decref(r.obj);
	run_rounds(ks, 2);
	svc = get("", "services", "kubernetes");
	ck_assert_str_eq(kc_json_get_string(svc, "spec.type", ""), "ClusterIP");
	ck_assert_int_eq(kc_json_get_int64(json_array_get(kc_json_get_array(svc, "spec.ports"), 0),
					   "targetPort", 0),
			 6443);
	kubernetes_service_free(ks);
}
END_TEST

/* --- repair ------------------------------------------------------------------------------------ */

struct count {
	int done;
	int n;
	int has_port;
};

static uint32_t want_port;

static void
on_state(void *arg, int err, const struct range_bitmap *state, int64_t rev)
{
	struct count *c = arg;

	(void)rev;
	ck_assert_int_eq(err, 0);
	c->n = state->count;
	c->has_port = want_port >= 30000 && range_bitmap_has(state, (int)(want_port - 30000));
	c->done = 1;
}

static struct count
state_of(struct range_store *rs)
{
	struct count c = { 0 };

	ck_assert_ptr_nonnull(range_store_read(rs, on_state, &c));
	ck_assert(kc_test_run_until(base, kc_test_flag_set, &c.done, 5000));
	return c;
}

START_TEST(test_repair_from_services)
{
	const struct api_resource *res = registry_lookup("", "v1", "services");
	struct store_test_result r = { 0 };
	struct service_repair *rp;
	struct count c;

	/* written straight to the store: the ranges know nothing of it */
	ck_assert_ptr_nonnull(store_create(
		store_set_get(set, res), res,
		kc_test_json("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
			     "\"x\",\"namespace\":\"default\"},\"spec\":{\"type\":\"NodePort\","
			     "\"clusterIP\":\"10.96.0.50\",\"clusterIPs\":[\"10.96.0.50\"],"
			     "\"ports\":[{\"port\":80,\"nodePort\":30123}]}}"),
		0, store_test_on_result, &r));
	ck_assert(kc_test_run_until(base, kc_test_flag_set, &r.done, 5000));
	ck_assert_int_eq(r.code, 0);
	json_decref(r.obj);
	rp = service_repair_start(base, e3, sa, 60000);
	ck_assert_ptr_nonnull(rp);
	for (long end = kc_test_mono_ms() + 10000;
	     service_repair_rounds(rp) < 1 && kc_test_mono_ms() < end;)
		event_base_loop(base, EVLOOP_ONCE);
	ck_assert_int_eq(service_repair_rounds(rp), 1);
	want_port = 0;
	c = state_of(service_alloc_ips(sa));
	ck_assert_int_eq(c.n, 1);
	want_port = 30123;
	c = state_of(service_alloc_ports(sa));
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(c.has_port, 1);
	service_repair_free(rp);
}
END_TEST

static Suite *
controlplane_suite(void)
{
	Suite *s = suite_create("controlplane");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, test_service_object);
	tcase_add_test(tc, test_endpoints_objects);
	tcase_add_test(tc, test_endpoints_objects_empty);
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lease_reconciler_two_apiservers);
	tcase_add_test(tc, test_service_corrected_and_none_reconciler);
	tcase_add_test(tc, test_repair_from_services);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(controlplane_suite)
