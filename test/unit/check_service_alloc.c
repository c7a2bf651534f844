/*
 * check_service_alloc.c - Service ClusterIP/NodePort allocation around the store, against a
 * real etcd: creates allocate (shared node ports for one port number, health check node
 * ports), refuse taken or foreign values with upstream's messages, revert on a failed write and
 * allocate nothing on dry runs; updates allocate on type changes and release what the new
 * object drops; deletes release; freeing the allocator finishes pending operations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "kube-apiserver/registry/range_store.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
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

static struct event_base *base;
static struct kc_etcd3 *e3;
static struct store_set *set;
static struct service_alloc *sa;
static const struct api_resource *svcs;

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
	ao.cluster_ip_range = "10.0.0.0/29"; /* 6 IPs, no lower band */
	ao.node_port_base = 30000;
	ao.node_port_size = 20; /* lower band 16 */
	ck_assert_int_eq(service_alloc_new(&ao, &sa, err, sizeof(err)), 0);
	svcs = registry_lookup("", "v1", "services");
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

static void
wait_done(const int *flag)
{
	ck_assert_msg(kc_test_run_until(base, kc_test_flag_set, (void *)flag, 10000), "no callback");
}

/* Creates the Service described by spec (JSON) through BeforeCreate and the allocator. */
static void
create(const char *name, const char *spec, unsigned flags, struct store_test_result *out)
{
	char text[1024];
	json_t *obj, *status = NULL;
	unsigned rflags = 0;

	snprintf(text, sizeof(text),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"%s\","
		 "\"namespace\":\"default\"},\"spec\":%s}",
		 name, spec);
	obj = kc_test_json(text);
	memset(out, 0, sizeof(*out));
	ck_assert_int_eq(rest_before_create(svcs, obj, &rflags, NULL, &status), 0);
	ck_assert_int_eq(service_alloc_create(sa, store_set_get(set, svcs), svcs, obj, flags,
					      store_test_on_result, out),
			 0);
	ck_assert_int_eq(out->done, 0);
	wait_done(&out->done);
}

/* A merge patch through BeforeUpdate, as the update handler's function. */
static int
patch_fn(void *arg, const json_t *current, int fresh, json_t **ret, json_t **ret_status)
{
	json_auto_t *p = kc_test_json(arg), *obj = NULL;
	int r;

	(void)fresh;
	if (json_object_get(p, "fail") != NULL) {
		*ret_status = json_pack("{s:s, s:i, s:s}", "kind", "Status", "code", 409, "message",
					"conflict");
		return KC_ERR_CONFLICT;
	}
	if ((r = kc_json_merge_patch_apply(current, p, &obj, NULL, 0)) < 0)
		return r;
	if ((r = rest_before_update(svcs, REST_UPDATE, obj, current, ret_status)) < 0)
		return r;
	*ret = json_incref(obj);
	return 0;
}

static void
update(const char *name, const char *patch, unsigned flags, struct store_test_result *out)
{
	memset(out, 0, sizeof(*out));
	ck_assert_int_eq(service_alloc_update(sa, store_set_get(set, svcs), svcs, "default", name,
					      patch_fn, (void *)patch, flags, store_test_on_result,
					      out),
			 0);
	wait_done(&out->done);
}

struct count {
	int done;
	int n;
};

static void
on_state(void *arg, int err, const struct range_bitmap *state, int64_t rev)
{
	struct count *c = arg;

	(void)rev;
	ck_assert_int_eq(err, 0);
	c->n = state->count;
	c->done = 1;
}

/* Values allocated in a range as etcd has them now. */
static int
used(struct range_store *rs)
{
	struct count c = { 0 };

	/* releases are fire-and-forget: let them land first */
	kc_test_run_for(base, 50);
	ck_assert_ptr_nonnull(range_store_read(rs, on_state, &c));
	wait_done(&c.done);
	return c.n;
}

static int64_t
node_port(const struct store_test_result *r, size_t i)
{
	return kc_json_get_int64(json_array_get(kc_json_get_array(r->obj, "spec.ports"), i),
				 "nodePort", 0);
}

START_TEST(test_create_allocates)
{
	struct store_test_result r;

	create("a", "{\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_str_eq(kc_json_get_string(r.obj, "spec.clusterIP", ""),
			 json_string_value(json_array_get(kc_json_get_array(r.obj, "spec.clusterIPs"), 0)));
	ck_assert_int_eq(strncmp(kc_json_get_string(r.obj, "spec.clusterIP", ""), "10.0.0.", 7), 0);
	ck_assert_int_eq(node_port(&r, 0), 0);
	ck_assert_int_eq(used(service_alloc_ips(sa)), 1);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 0);
	store_test_result_release(&r);
}
END_TEST

START_TEST(test_create_node_ports_shared_and_health_check)
{
	struct store_test_result r;

	/* the same port number for TCP and UDP shares one node port (initNodePorts) */
	create("dns",
	       "{\"type\":\"NodePort\",\"ports\":[{\"name\":\"t\",\"port\":53},{\"name\":\"u\","
	       "\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"h\",\"port\":80}]}",
	       0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_ge(node_port(&r, 0), 30016); /* the upper band first */
	ck_assert_int_eq(node_port(&r, 0), node_port(&r, 1));
	ck_assert_int_ne(node_port(&r, 0), node_port(&r, 2));
	ck_assert_int_eq(used(service_alloc_ports(sa)), 2);
	store_test_result_release(&r);
	create("lb",
	       "{\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{"
	       "\"port\":80,\"nodePort\":30003}]}",
	       0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_eq(node_port(&r, 0), 30003);
	ck_assert_int_ge(kc_json_get_int64(r.obj, "spec.healthCheckNodePort", 0), 30000);
	ck_assert_int_ne(kc_json_get_int64(r.obj, "spec.healthCheckNodePort", 0), 30003);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 4);
	store_test_result_release(&r);
	/* allocateLoadBalancerNodePorts=false: no node port, but still a health check one */
	create("lb2",
	       "{\"type\":\"LoadBalancer\",\"allocateLoadBalancerNodePorts\":false,"
	       "\"ports\":[{\"port\":80}]}",
	       0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_eq(node_port(&r, 0), 0);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 4);
	store_test_result_release(&r);
}
END_TEST

START_TEST(test_create_refusals)
{
	struct store_test_result r;

	create("a", "{\"clusterIP\":\"10.0.0.3\",\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	store_test_result_release(&r);
	create("b", "{\"clusterIP\":\"10.0.0.3\",\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 422);
	ck_assert_str_eq(r.message,
			 "Service \"b\" is invalid: spec.clusterIPs: Invalid value: "
			 "[]string{\"10.0.0.3\"}: failed to allocate IP 10.0.0.3: provided IP is "
			 "already allocated");
	create("b", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":31000}]}", 0, &r);
	ck_assert_int_eq(r.code, 422);
	ck_assert_str_eq(r.message,
			 "Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 31000: "
			 "provided port is not in the valid range. The range of valid ports is "
			 "30000-30019");
	/* the IP of the failed attempt was given back */
	ck_assert_int_eq(used(service_alloc_ips(sa)), 1);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 0);
	create("b", "{\"ipFamilyPolicy\":\"RequireDualStack\",\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 422);
	ck_assert_str_eq(r.message,
			 "Service \"b\" is invalid: spec.ipFamilyPolicy: Invalid value: "
			 "\"RequireDualStack\": this cluster is not configured for dual-stack "
			 "services");
	create("b", "{\"clusterIP\":\"fd00::1\",\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 422);
	ck_assert_str_eq(r.message,
			 "Service \"b\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv6\": "
			 "not configured on this cluster");
}
END_TEST

START_TEST(test_create_exhaustion)
{
	struct store_test_result r;
	char name[16];

	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		create(name, "{\"ports\":[{\"port\":80}]}", 0, &r);
		ck_assert_int_eq(r.code, 0);
		store_test_result_release(&r);
	}
	create("s6", "{\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 500);
	ck_assert_str_eq(r.message,
			 "Internal error occurred: failed to allocate a serviceIP: range is full");
}
END_TEST

START_TEST(test_failed_write_and_dry_run_keep_nothing)
{
	struct store_test_result r;

	/* "a" holds 10.0.0.3, so the second create's 10.0.0.2 is free and the name clash decides */
	create("a", "{\"type\":\"NodePort\",\"clusterIP\":\"10.0.0.3\",\"ports\":[{\"port\":80}]}",
	       0, &r);
	ck_assert_int_eq(r.code, 0);
	store_test_result_release(&r);
	/* AlreadyExists: the allocations are reverted */
	create("a", "{\"type\":\"NodePort\",\"clusterIP\":\"10.0.0.2\",\"ports\":[{\"port\":80}]}",
	       0, &r);
	ck_assert_int_eq(r.code, 409);
	ck_assert_int_eq(used(service_alloc_ips(sa)), 1);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 1);
	create("dry", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80}]}", STORE_DRY_RUN, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_str_eq(kc_json_get_string(r.obj, "spec.clusterIP", ""), "10.0.0.0");
	ck_assert_int_eq(node_port(&r, 0), 30000);
	ck_assert_int_eq(used(service_alloc_ips(sa)), 1);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 1);
	store_test_result_release(&r);
}
END_TEST

START_TEST(test_update_type_changes)
{
	struct store_test_result r;

	create("a", "{\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	store_test_result_release(&r);
	update("a", "{\"spec\":{\"type\":\"NodePort\"}}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_ge(node_port(&r, 0), 30000);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 1);
	store_test_result_release(&r);
	update("a", "{\"spec\":{\"type\":\"ClusterIP\"}}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_eq(node_port(&r, 0), 0);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 0);
	store_test_result_release(&r);
	update("a",
	       "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"x.example\","
	       "\"clusterIP\":null,\"clusterIPs\":null}}",
	       0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_str_eq(kc_json_get_string(r.obj, "spec.clusterIP", ""), "");
	ck_assert_int_eq(used(service_alloc_ips(sa)), 0);
	store_test_result_release(&r);
	update("a", "{\"spec\":{\"type\":\"ClusterIP\",\"externalName\":null}}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_eq(strncmp(kc_json_get_string(r.obj, "spec.clusterIP", ""), "10.0.0.", 7), 0);
	ck_assert_int_eq(used(service_alloc_ips(sa)), 1);
	store_test_result_release(&r);
}
END_TEST

START_TEST(test_update_failures_revert)
{
	struct store_test_result r;

	create("a", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80}]}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	store_test_result_release(&r);
	create("b", "{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30005}]}", 0, &r);
	ck_assert_int_eq(r.code, 0);
	store_test_result_release(&r);
	/* a new port whose node port is taken: nothing of the update stays */
	update("a",
	       "{\"spec\":{\"ports\":[{\"name\":\"a\",\"port\":80,\"protocol\":\"TCP\"},{\"name\":"
	       "\"b\",\"port\":81,\"protocol\":\"TCP\",\"nodePort\":30005}]}}",
	       0, &r);
	ck_assert_int_eq(r.code, 422);
	ck_assert_str_eq(r.message, "Service \"a\" is invalid: spec.ports[1].nodePort: Invalid "
				    "value: 30005: provided port is already allocated");
	ck_assert_int_eq(used(service_alloc_ports(sa)), 2);
	update("a", "{\"fail\":1}", 0, &r);
	ck_assert_int_eq(r.code, 409);
	/* a dry-run update allocates nothing */
	update("a",
	       "{\"spec\":{\"ports\":[{\"name\":\"a\",\"port\":80,\"protocol\":\"TCP\"},{\"name\":"
	       "\"b\",\"port\":81,\"protocol\":\"TCP\"}]}}",
	       STORE_DRY_RUN, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 2);
	store_test_result_release(&r);
}
END_TEST

START_TEST(test_delete_releases)
{
	struct store_test_result r;

	create("a",
	       "{\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{"
	       "\"port\":80}]}",
	       0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_eq(used(service_alloc_ips(sa)), 1);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 2);
	service_alloc_deleted(sa, r.obj);
	ck_assert_int_eq(used(service_alloc_ips(sa)), 0);
	ck_assert_int_eq(used(service_alloc_ports(sa)), 0);
	store_test_result_release(&r);
}
END_TEST

START_TEST(test_free_with_pending)
{
	struct store_test_result r = { 0 };
	json_t *obj = kc_test_json("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{"
				   "\"name\":\"p\",\"namespace\":\"default\"},\"spec\":{\"ports\":"
				   "[{\"port\":80}]}}"),
	       *status = NULL;
	unsigned rflags = 0;

	ck_assert_int_eq(rest_before_create(svcs, obj, &rflags, NULL, &status), 0);
	ck_assert_int_eq(service_alloc_create(sa, store_set_get(set, svcs), svcs, obj, 0,
					      store_test_on_result, &r),
			 0);
	sa = service_alloc_free(sa);
	ck_assert_int_eq(r.done, 1);
	ck_assert_int_eq(r.code, 503);
}
END_TEST

START_TEST(test_new_refuses_ipv6_and_dual_stack)
{
	struct service_alloc_options ao = { .etcd = e3 };
	struct service_alloc *x = NULL;
	char err[256];

	ao.cluster_ip_range = "fd00::/108";
	ck_assert_int_eq(service_alloc_new(&ao, &x, err, sizeof(err)), KC_ERR_UNSUPPORTED);
	ck_assert_ptr_null(x);
	ao.cluster_ip_range = "10.0.0.0/24,fd00::/108";
	ck_assert_int_eq(service_alloc_new(&ao, &x, err, sizeof(err)), KC_ERR_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err, "dual-stack"));
	ao.cluster_ip_range = NULL;
	ck_assert_int_eq(service_alloc_new(&ao, &x, err, sizeof(err)), 0);
	ck_assert_str_eq(service_alloc_first_ip(x, err, sizeof(err)), "10.0.0.1");
	x = service_alloc_free(x);
}
END_TEST

static Suite *
service_alloc_suite(void)
{
	Suite *s = suite_create("service_alloc");
	TCase *tc = tcase_create("etcd");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_allocates);
	tcase_add_test(tc, test_create_node_ports_shared_and_health_check);
	tcase_add_test(tc, test_create_refusals);
	tcase_add_test(tc, test_create_exhaustion);
	tcase_add_test(tc, test_failed_write_and_dry_run_keep_nothing);
	tcase_add_test(tc, test_update_type_changes);
	tcase_add_test(tc, test_update_failures_revert);
	tcase_add_test(tc, test_delete_releases);
	tcase_add_test(tc, test_free_with_pending);
	tcase_add_test(tc, test_new_refuses_ipv6_and_dual_stack);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(service_alloc_suite)
