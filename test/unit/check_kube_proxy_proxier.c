/*
 * check_kube_proxy_proxier.c - the nftables proxier's desired-rules computation without a
 * kernel: Services and EndpointSlices in kc_stores, a fake backend that records transactions
 * and remembers what the "kernel" holds, and checks of exactly which chains and map elements a
 * change rewrites (upstream: pkg/proxy/nftables/proxier_test.go).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kube-proxy/proxier.h"
#include "kube-proxy/proxy.h"
#include "libkcommon/errors.h"
#include "libkcommon/store.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "test/unit/testutil/testutil.h"

/* ---- a fake kernel ---- */

struct fake {
	struct kc_strv chains;
	struct kc_strv sets;
	struct kc_strv elem_keys, elem_values, elem_maps;
	struct kp_tx last; /* copy of the last transaction's rendering, via text */
	struct kc_strbuf text;
	int runs;
	int fail_next;
	int list_unsupported;
};

static void
strv_remove(struct kc_strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0) {
			free(sv->v[i]);
			sv->v[i] = sv->v[--sv->n];
			return;
		}
}

static void
elem_remove(struct fake *f, const char *map, const char *key)
{
	size_t i;

	for (i = 0; i < f->elem_keys.n; i++)
		if (strcmp(f->elem_maps.v[i], map) == 0 && strcmp(f->elem_keys.v[i], key) == 0) {
			free(f->elem_maps.v[i]);
			free(f->elem_keys.v[i]);
			free(f->elem_values.v[i]);
			f->elem_keys.n--;
			f->elem_maps.v[i] = f->elem_maps.v[f->elem_keys.n];
			f->elem_keys.v[i] = f->elem_keys.v[f->elem_keys.n];
			f->elem_values.v[i] = f->elem_values.v[f->elem_keys.n];
			f->elem_maps.n = f->elem_values.n = f->elem_keys.n;
			return;
		}
}

static void
apply_op(struct fake *f, const struct kp_op *op)
{
	switch (op->kind) {
	case KP_TABLE:
		if (op->verb == KP_DELETE) {
			kc_strv_release(&f->chains);
			kc_strv_release(&f->sets);
		}
		break;
	case KP_CHAIN:
		if (op->verb == KP_ADD && !kc_strv_contains(&f->chains, op->name))
			kc_strv_push(&f->chains, op->name);
		else if (op->verb == KP_DELETE)
			strv_remove(&f->chains, op->name);
		break;
	case KP_SET:
	case KP_MAP:
		if (op->verb == KP_ADD && !kc_strv_contains(&f->sets, op->name))
			kc_strv_push(&f->sets, op->name);
		else if (op->verb == KP_DELETE)
			strv_remove(&f->sets, op->name);
		break;
	case KP_ELEMENT:
		if (!op->value && strcmp(op->name, "cluster-ips") != 0)
			break; /* nodeport-ips (refilled by every full sync) is not tracked */
		if (op->verb == KP_ADD) {
			elem_remove(f, op->name, op->text);
			kc_strv_push(&f->elem_maps, op->name);
			kc_strv_push(&f->elem_keys, op->text);
			kc_strv_push(&f->elem_values, op->value ? op->value : "");
		}
		break;
	case KP_RULE:
		break;
	}
	if (op->kind == KP_ELEMENT && op->verb == KP_DELETE)
		elem_remove(f, op->name, op->text);
}

static int
fake_run(void *arg, const struct kp_tx *tx, char *err, size_t errlen)
{
	struct fake *f = arg;
	size_t i;

	kc_strbuf_reset(&f->text);
	kp_tx_render(tx, "ip", &f->text);
	f->runs++;
	if (f->fail_next) {
		f->fail_next = 0;
		snprintf(err, errlen, "injected failure");
		return KC_ERR_INVALID;
	}
	for (i = 0; i < tx->n; i++)
		apply_op(f, &tx->ops[i]);
	return 0;
}

static int
fake_list(void *arg, const char *what, struct kc_strv *ret)
{
	struct fake *f = arg;
	const struct kc_strv *src = strcmp(what, "chains") == 0 ? &f->chains : &f->sets;
	size_t i;

	for (i = 0; i < src->n; i++)
		kc_strv_push(ret, src->v[i]);
	return 0;
}

static int
fake_list_elements(void *arg, const char *map, struct kc_strv *keys, struct kc_strv *values)
{
	struct fake *f = arg;
	size_t i;

	if (f->list_unsupported)
		return KC_ERR_UNSUPPORTED;
	for (i = 0; i < f->elem_keys.n; i++)
		if (strcmp(f->elem_maps.v[i], map) == 0) {
			kc_strv_push(keys, f->elem_keys.v[i]);
			kc_strv_push(values, f->elem_values.v[i]);
		}
	return 0;
}

/* ---- fixture ---- */

static struct fake fk;
static struct kp_backend be;
static struct kc_store *services, *slices;
static struct kp_proxier *px;
static char err[256];
static struct kp_tx tx;

static struct kp_proxier *
new_proxier(int masq_all, const char *cidr)
{
	struct kp_proxier_config cfg = {
		.family = 4,
		.hostname = "node-1",
		.node_ip = "10.0.0.1",
		.masquerade_bit = 14,
		.masquerade_all = masq_all,
		.detect_local_mode = cidr ? "ClusterCIDR" : NULL,
		.local_cidr = cidr,
	};
	struct kp_proxier *p = kp_proxier_new(&cfg);

	ck_assert_ptr_nonnull(p);
	kp_proxier_set_stores(p, services, slices);
	return p;
}

static void
setup(void)
{
	memset(&fk, 0, sizeof(fk));
	kc_strbuf_init(&fk.text);
	be = (struct kp_backend){ fake_list, fake_list_elements, fake_run, &fk };
	services = kc_store_new();
	slices = kc_store_new();
	ck_assert_int_eq(kc_store_add_index(slices, KP_SLICE_INDEX, kp_slice_index_fn, NULL), 0);
	px = new_proxier(0, NULL);
	memset(&tx, 0, sizeof(tx));
}

static void
teardown(void)
{
	kp_tx_release(&tx);
	kp_proxier_free(px);
	kc_store_free(services);
	kc_store_free(slices);
	kc_strv_release(&fk.chains);
	kc_strv_release(&fk.sets);
	kc_strv_release(&fk.elem_keys);
	kc_strv_release(&fk.elem_values);
	kc_strv_release(&fk.elem_maps);
	kc_strbuf_release(&fk.text);
}

/* ---- objects ---- */

static void
add_service_json(const char *text)
{
	json_t *svc = kc_test_json(text);
	json_t *old = NULL;

	ck_assert_int_ge(kc_store_add(services, svc, &old), 0);
	ck_assert_int_ge(kp_tracker_service_update(kp_proxier_tracker(px), old, svc), 0);
	json_decref(old);
	json_decref(svc);
}

static void
add_service(const char *name, const char *ip, int port, const char *extra)
{
	char buf[2048];

	snprintf(
		buf, sizeof(buf),
		"{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"ns1\"},"
		"\"spec\":{\"clusterIP\":\"%s\",\"ports\":[{\"name\":\"p80\",\"port\":%d,\"protocol\":\"TCP\"%s}]%s}}",
		name, ip, port, strstr(extra, "nodePort") ? ",\"nodePort\":30080" : "",
		strstr(extra, "nodePort") ? ",\"type\":\"NodePort\"" : extra);
	add_service_json(buf);
}

static void
delete_service(const char *name)
{
	char key[128];
	json_t *old = NULL;

	snprintf(key, sizeof(key), "ns1/%s", name);
	ck_assert_int_eq(kc_store_delete(services, key, &old), 0);
	ck_assert_int_ge(kp_tracker_service_update(kp_proxier_tracker(px), old, NULL), 0);
	json_decref(old);
}

/* A slice named <svc>-1 with endpoints "ip[:ready[:node]]" ... NULL. */
static void
set_slice(const char *svc, const char *const *eps, const char *conditions)
{
	json_t *slice = kc_test_json(
		"{\"apiVersion\":\"discovery.k8s.io/v1\",\"kind\":\"EndpointSlice\","
		"\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"p80\",\"port\":8080,\"protocol\":\"TCP\"}],"
		"\"endpoints\":[]}");
	json_t *meta = json_object(), *labels = json_object(), *old = NULL;
	char name[128];
	size_t i;

	snprintf(name, sizeof(name), "%s-1", svc);
	json_object_set_new(labels, KP_SERVICE_NAME_LABEL, json_string(svc));
	json_object_set_new(meta, "name", json_string(name));
	json_object_set_new(meta, "namespace", json_string("ns1"));
	json_object_set_new(meta, "labels", labels);
	json_object_set_new(slice, "metadata", meta);
	for (i = 0; eps[i]; i++) {
		json_t *e = json_pack("{s:[s], s:s}", "addresses", eps[i], "nodeName",
				      i == 0 ? "node-1" : "node-2");

		if (conditions)
			json_object_set_new(e, "conditions", kc_test_json(conditions));
		json_array_append_new(json_object_get(slice, "endpoints"), e);
	}
	ck_assert_int_ge(kc_store_add(slices, slice, &old), 0);
	ck_assert_int_ge(kp_tracker_slice_update(kp_proxier_tracker(px), old, slice), 0);
	json_decref(old);
	json_decref(slice);
}

static void
sync_ok(void)
{
	ck_assert_msg(kp_proxier_sync(px, &be, 0, NULL, err, sizeof(err)) == 0, "%s", err);
}

static const char *const two_eps[] = { "10.180.0.1", "10.180.0.2", NULL };
static const char *const one_ep[] = { "10.180.0.1", NULL };

static int
text_has(const char *needle)
{
	return strstr(fk.text.buf, needle) != NULL;
}

/* ---- tests ---- */

START_TEST(test_hash_and_truncate)
{
	/* Upstream's own example: "ns1/svc1/tcp/p80" hashes to ULMVA6XW. */
	char *n = kp_hash_and_truncate("ns1/svc1/tcp/p80");
	char *long_name;
	char big[300];

	ck_assert_str_eq(n, "ULMVA6XW-ns1/svc1/tcp/p80");
	free(n);
	n = kp_hash_and_truncate("ns1/svc1/tcp/p80__10.180.0.1/80");
	ck_assert_str_eq(n, "5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
	free(n);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	long_name = kp_hash_and_truncate(big);
	ck_assert_uint_eq(strlen(long_name), 240);
	ck_assert_str_eq(long_name + 237, "...");
	free(long_name);
}
END_TEST

START_TEST(test_first_sync_structure)
{
	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	ck_assert(text_has("add table ip kube-proxy { comment \"rules for kube-proxy\" ; }"));
	ck_assert(text_has(
		"add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }"));
	ck_assert(text_has(
		"add rule ip kube-proxy filter-input ct state new jump service-endpoints-check"));
	ck_assert(text_has("add element ip kube-proxy cluster-ips { 172.30.0.41 }"));
	ck_assert(text_has("add rule ip kube-proxy mark-for-masquerade mark set mark or 0x004000"));
	ck_assert(text_has("add rule ip kube-proxy masquerading masquerade fully-random"));
	ck_assert(text_has(
		"add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips"));
	ck_assert(text_has(
		"fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports"));
	ck_assert(text_has(
		"add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }"));
	ck_assert(text_has(
		"add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-"));
	ck_assert(text_has("ip saddr 10.180.0.1 jump mark-for-masquerade"));
	ck_assert(text_has("meta l4proto tcp dnat to 10.180.0.1:8080"));
	ck_assert(text_has("meta l4proto tcp dnat to 10.180.0.2:8080"));
	ck_assert(!text_has("affinity-"));
}
END_TEST

START_TEST(test_no_endpoints_reject)
{
	add_service("svc1", "172.30.0.41", 80, "");
	sync_ok();
	ck_assert(text_has(
		"add element ip kube-proxy no-endpoint-services { 172.30.0.41 . tcp . 80 comment \"ns1/svc1:p80\" : goto reject-chain }"));
	ck_assert(!text_has("service-ips { 172.30.0.41"));
	ck_assert(!text_has("add chain ip kube-proxy service-ULMVA6XW"));
}
END_TEST

START_TEST(test_endpoint_change_is_incremental)
{
	long i;

	add_service("svc1", "172.30.0.41", 80, "");
	add_service("svc2", "172.30.0.42", 80, "");
	set_slice("svc1", two_eps, NULL);
	set_slice("svc2", two_eps, NULL);
	sync_ok();
	/* Remove one endpoint of svc1: only svc1's service chain is rewritten, the removed
	 * endpoint's chain flushed; nothing of svc2, no map element, no setup. */
	set_slice("svc1", one_ep, NULL);
	ck_assert_msg(kp_proxier_build(px, &be, 0, &tx) == 0, "build");
	ck_assert_int_eq(kp_tx_count(&tx, KP_ADD, KP_TABLE), 0);
	ck_assert_int_eq(kp_tx_count(&tx, KP_ADD, KP_ELEMENT), 0);
	ck_assert_int_eq(kp_tx_count(&tx, KP_DELETE, KP_ELEMENT), 0);
	ck_assert_int_eq(kp_tx_count(&tx, KP_FLUSH, KP_CHAIN), 2);
	ck_assert_int_ge(
		kp_tx_find(&tx, KP_FLUSH, KP_CHAIN, "service-ULMVA6XW-ns1/svc1/tcp/p80", NULL), 0);
	i = kp_tx_find(&tx, KP_ADD, KP_RULE, "service-ULMVA6XW-ns1/svc1/tcp/p80", NULL);
	ck_assert_int_ge(i, 0);
	ck_assert_ptr_nonnull(strstr(tx.ops[i].text, "numgen random mod 1 vmap"));
	for (i = 0; i < (long)tx.n; i++)
		ck_assert_ptr_null(strstr(tx.ops[i].name ? tx.ops[i].name : "", "svc2"));
	kp_tx_release(&tx);
	sync_ok();
	/* The stale endpoint chain is deleted a second later, by a sync that has nothing else. */
	ck_assert(kp_proxier_stale_due(px) > 0);
	ck_assert(!kp_proxier_has_work(px, 500000000));
	ck_assert(kp_proxier_has_work(px, 1000000000));
	ck_assert_msg(kp_proxier_sync(px, &be, 1000000000, NULL, err, sizeof(err)) == 0, "%s", err);
	ck_assert(text_has("delete chain ip kube-proxy endpoint-"));
	ck_assert(text_has("10.180.0.2/8080"));
	ck_assert_int_eq(kp_proxier_stale_due(px), 0);
}
END_TEST

START_TEST(test_unchanged_update_no_work)
{
	json_t *svc;

	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	/* A label change is not a proxy change. */
	svc = json_deep_copy(kc_store_get(services, "ns1/svc1"));
	json_object_set_new(json_object_get(svc, "metadata"), "labels",
			    json_pack("{s:s}", "a", "b"));
	ck_assert_int_eq(kp_tracker_service_update(kp_proxier_tracker(px),
						   kc_store_get(services, "ns1/svc1"), svc),
			 0);
	json_decref(svc);
	ck_assert(!kp_proxier_has_work(px, 0));
	ck_assert_int_eq(kp_tracker_pending(kp_proxier_tracker(px)), 0);
}
END_TEST

START_TEST(test_service_delete_removes_everything)
{
	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	delete_service("svc1");
	sync_ok();
	ck_assert(text_has("delete element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 }"));
	ck_assert(text_has("flush chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80"));
	ck_assert_int_eq(fk.elem_keys.n, 0);
}
END_TEST

START_TEST(test_endpoints_appear_moves_element)
{
	add_service("svc1", "172.30.0.41", 80, "");
	sync_ok();
	set_slice("svc1", one_ep, NULL);
	sync_ok();
	ck_assert(text_has(
		"delete element ip kube-proxy no-endpoint-services { 172.30.0.41 . tcp . 80 }"));
	ck_assert(text_has(
		"add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-"));
	/* the chain is added before the element that refers to it */
	ck_assert(strstr(fk.text.buf, "add chain ip kube-proxy service-") <
		  strstr(fk.text.buf, "add element ip kube-proxy service-ips"));
}
END_TEST

START_TEST(test_session_affinity)
{
	add_service_json(
		"{\"metadata\":{\"name\":\"svc1\",\"namespace\":\"ns1\"},\"spec\":{\"clusterIP\":\"172.30.0.41\","
		"\"sessionAffinity\":\"ClientIP\",\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":600}},"
		"\"ports\":[{\"name\":\"p80\",\"port\":80}]}}");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	ck_assert(text_has("add set ip kube-proxy affinity-"));
	ck_assert(text_has("flags dynamic,timeout ; timeout 600s ;"));
	ck_assert(text_has("ip saddr @affinity-"));
	ck_assert(text_has("update @affinity-"));
	/* Affinity off again: the sets go, after the chains using them were rewritten. */
	add_service("svc1", "172.30.0.41", 80, "");
	sync_ok();
	ck_assert(text_has("delete set ip kube-proxy affinity-"));
	ck_assert(strstr(fk.text.buf, "flush chain") < strstr(fk.text.buf, "delete set"));
}
END_TEST

START_TEST(test_nodeport_and_masquerade)
{
	add_service("svc1", "172.30.0.41", 80, "nodePort");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	ck_assert(text_has(
		"add element ip kube-proxy service-nodeports { tcp . 30080 : goto external-"));
	ck_assert(text_has("add rule ip kube-proxy external-"));
	ck_assert(text_has("jump mark-for-masquerade\nadd rule ip kube-proxy external-"));
}
END_TEST

START_TEST(test_masquerade_all_and_cluster_cidr)
{
	kp_proxier_free(px);
	px = new_proxier(1, NULL);
	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", one_ep, NULL);
	sync_ok();
	ck_assert(text_has("ip daddr 172.30.0.41 tcp dport 80 jump mark-for-masquerade"));
	kp_proxier_free(px);
	px = new_proxier(0, "10.0.0.0/8");
	kp_tracker_mark(kp_proxier_tracker(px), "ns1/svc1");
	sync_ok();
	ck_assert(text_has(
		"ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade"));
}
END_TEST

START_TEST(test_terminating_fallback)
{
	add_service("svc1", "172.30.0.41", 80, "");
	/* Only serving, terminating endpoints: they are used (upstream's fallback). */
	set_slice("svc1", two_eps, "{\"ready\":false,\"serving\":true,\"terminating\":true}");
	sync_ok();
	ck_assert(text_has("numgen random mod 2 vmap"));
	/* Not serving and terminating: nothing usable, reject. */
	set_slice("svc1", two_eps, "{\"ready\":false,\"serving\":false,\"terminating\":true}");
	sync_ok();
	ck_assert(text_has(
		"no-endpoint-services { 172.30.0.41 . tcp . 80 comment \"ns1/svc1:p80\" : goto reject-chain }"));
}
END_TEST

START_TEST(test_internal_traffic_policy_local)
{
	add_service_json(
		"{\"metadata\":{\"name\":\"svc1\",\"namespace\":\"ns1\"},\"spec\":{\"clusterIP\":\"172.30.0.41\","
		"\"internalTrafficPolicy\":\"Local\",\"ports\":[{\"name\":\"p80\",\"port\":80}]}}");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	/* Only the endpoint on node-1 is used, through the local- chain. */
	ck_assert(text_has("service-ips { 172.30.0.41 . tcp . 80 : goto local-"));
	ck_assert(text_has("numgen random mod 1 vmap"));
	ck_assert(!text_has("dnat to 10.180.0.2:8080"));
	/* No local endpoint: dropped, not rejected. */
	{
		json_t *slice = kc_test_json(
			"{\"metadata\":{\"name\":\"svc1-1\",\"namespace\":\"ns1\",\"labels\":{\"kubernetes.io/service-name\":\"svc1\"}},"
			"\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"p80\",\"port\":8080}],"
			"\"endpoints\":[{\"addresses\":[\"10.180.0.9\"],\"nodeName\":\"node-2\"}]}");

		kc_store_add(slices, slice, NULL);
		kp_tracker_mark(kp_proxier_tracker(px), "ns1/svc1");
		json_decref(slice);
	}
	sync_ok();
	ck_assert(text_has(
		"no-endpoint-services { 172.30.0.41 . tcp . 80 comment \"ns1/svc1:p80\" : drop }"));
}
END_TEST

START_TEST(test_external_policy_local_health)
{
	struct kp_sync_result res;

	add_service_json(
		"{\"metadata\":{\"name\":\"lb\",\"namespace\":\"ns1\"},\"spec\":{\"type\":\"LoadBalancer\","
		"\"clusterIP\":\"172.30.0.50\",\"externalTrafficPolicy\":\"Local\",\"healthCheckNodePort\":31000,"
		"\"ports\":[{\"name\":\"p80\",\"port\":80,\"nodePort\":30080}]},"
		"\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1.2.3.4\"}]}}}");
	set_slice("lb", two_eps, NULL);
	ck_assert_int_eq(kp_proxier_sync(px, &be, 0, &res, err, sizeof(err)), 0);
	ck_assert_uint_eq(res.n_health, 1);
	ck_assert_int_eq(res.health[0].port, 31000);
	ck_assert_int_eq(res.health[0].local_endpoints, 1);
	ck_assert_str_eq(res.health[0].service, "ns1/lb");
	kp_sync_result_release(&res);
	ck_assert(text_has("service-ips { 1.2.3.4 . tcp . 80 : goto external-"));
	ck_assert(text_has("fib saddr type local jump mark-for-masquerade"));
	ck_assert(text_has("goto local-"));
}
END_TEST

START_TEST(test_lb_source_ranges_firewall)
{
	add_service_json(
		"{\"metadata\":{\"name\":\"lb\",\"namespace\":\"ns1\"},\"spec\":{\"type\":\"LoadBalancer\","
		"\"clusterIP\":\"172.30.0.50\",\"loadBalancerSourceRanges\":[\"192.168.0.0/16\"],"
		"\"ports\":[{\"name\":\"p80\",\"port\":80,\"nodePort\":30080}]},"
		"\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1.2.3.4\"}]}}}");
	set_slice("lb", one_ep, NULL);
	sync_ok();
	ck_assert(text_has(
		"firewall-ips { 1.2.3.4 . tcp . 80 comment \"ns1/lb:p80\" : goto firewall-"));
	ck_assert(text_has("ip saddr != { 192.168.0.0/16 } drop"));
}
END_TEST

START_TEST(test_udp_conntrack_flushes)
{
	struct kp_sync_result res;

	add_service_json(
		"{\"metadata\":{\"name\":\"dns\",\"namespace\":\"ns1\"},\"spec\":{\"clusterIP\":\"172.30.0.10\","
		"\"ports\":[{\"name\":\"p80\",\"port\":53,\"protocol\":\"UDP\"}]}}");
	ck_assert_int_eq(kp_proxier_sync(px, &be, 0, &res, err, sizeof(err)), 0);
	ck_assert_uint_eq(res.n_flushes, 0);
	kp_sync_result_release(&res);
	{
		json_t *slice = kc_test_json(
			"{\"metadata\":{\"name\":\"dns-1\",\"namespace\":\"ns1\",\"labels\":{\"kubernetes.io/service-name\":\"dns\"}},"
			"\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"p80\",\"port\":53,\"protocol\":\"UDP\"}],"
			"\"endpoints\":[{\"addresses\":[\"10.180.0.1\"]},{\"addresses\":[\"10.180.0.2\"]}]}");

		kc_store_add(slices, slice, NULL);
		kp_tracker_mark(kp_proxier_tracker(px), "ns1/dns");
		json_decref(slice);
	}
	/* First endpoints of a UDP service: entries to the VIP are flushed (they hold the reject). */
	ck_assert_int_eq(kp_proxier_sync(px, &be, 0, &res, err, sizeof(err)), 0);
	ck_assert_uint_eq(res.n_flushes, 1);
	ck_assert_str_eq(res.flushes[0].orig_dst, "172.30.0.10");
	ck_assert_ptr_null(res.flushes[0].reply_src);
	kp_sync_result_release(&res);
	{
		json_t *slice = kc_test_json(
			"{\"metadata\":{\"name\":\"dns-1\",\"namespace\":\"ns1\",\"labels\":{\"kubernetes.io/service-name\":\"dns\"}},"
			"\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"p80\",\"port\":53,\"protocol\":\"UDP\"}],"
			"\"endpoints\":[{\"addresses\":[\"10.180.0.1\"]}]}");

		kc_store_add(slices, slice, NULL);
		kp_tracker_mark(kp_proxier_tracker(px), "ns1/dns");
		json_decref(slice);
	}
	/* A removed UDP endpoint: its entries go. */
	ck_assert_int_eq(kp_proxier_sync(px, &be, 0, &res, err, sizeof(err)), 0);
	ck_assert_uint_eq(res.n_flushes, 1);
	ck_assert_str_eq(res.flushes[0].orig_dst, "172.30.0.10");
	ck_assert_int_eq(res.flushes[0].orig_port, 53);
	ck_assert_str_eq(res.flushes[0].reply_src, "10.180.0.2");
	kp_sync_result_release(&res);
}
END_TEST

START_TEST(test_failed_sync_retries_full)
{
	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	set_slice("svc1", one_ep, NULL);
	fk.fail_next = 1;
	ck_assert_int_lt(kp_proxier_sync(px, &be, 0, NULL, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "injected failure");
	ck_assert(kp_proxier_needs_full_sync(px));
	sync_ok();
	ck_assert(text_has("add table ip kube-proxy"));
	ck_assert(text_has("numgen random mod 1 vmap"));
}
END_TEST

START_TEST(test_restart_reconciles_kernel)
{
	add_service("svc1", "172.30.0.41", 80, "");
	add_service("svc2", "172.30.0.42", 80, "");
	set_slice("svc1", two_eps, NULL);
	set_slice("svc2", two_eps, NULL);
	sync_ok();
	/* A new kube-proxy while svc2 was deleted: the kernel keeps its state, the new proxier
	 * removes exactly svc2's element and chains, and re-adds nothing already there. */
	delete_service("svc2");
	kp_proxier_free(px);
	px = new_proxier(0, NULL);
	sync_ok();
	ck_assert(text_has("delete element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 }"));
	ck_assert(!text_has("add element ip kube-proxy service-ips { 172.30.0.41"));
	ck_assert(text_has("flush chain ip kube-proxy service-") && text_has("ns1/svc2/tcp/p80\n"));
	ck_assert(!text_has("delete table"));
	ck_assert(!text_has("flush map"));
}
END_TEST

START_TEST(test_full_sync_without_element_listing)
{
	fk.list_unsupported = 1;
	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", one_ep, NULL);
	sync_ok();
	ck_assert(text_has("flush map ip kube-proxy service-ips"));
	ck_assert(text_has("add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80"));
}
END_TEST

START_TEST(test_headless_and_external_name_ignored)
{
	add_service_json(
		"{\"metadata\":{\"name\":\"h\",\"namespace\":\"ns1\"},\"spec\":{\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}}");
	add_service_json(
		"{\"metadata\":{\"name\":\"x\",\"namespace\":\"ns1\"},\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"a.b\"}}");
	ck_assert_int_eq(kp_tracker_pending(kp_proxier_tracker(px)), 0);
	sync_ok();
	ck_assert_int_eq(fk.elem_keys.n, 0);
}
END_TEST

START_TEST(test_cleanup_tx)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	ck_assert_int_eq(kp_cleanup_tx(&tx), 0);
	ck_assert_int_eq(kp_tx_render(&tx, "ip", &sb), 0);
	ck_assert_str_eq(sb.buf, "delete table ip kube-proxy\n");
	kc_strbuf_release(&sb);
}
END_TEST

START_TEST(test_counts)
{
	size_t chains, rules, elements;

	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", two_eps, NULL);
	sync_ok();
	kp_proxier_counts(px, &chains, &rules, &elements);
	ck_assert_uint_eq(chains, 3); /* service + 2 endpoints */
	ck_assert_uint_eq(rules, 1 + 2 * 2);
	ck_assert_uint_eq(elements, 2); /* service-ips + cluster-ips */
}
END_TEST

START_TEST(test_bad_config)
{
	struct kp_proxier_config cfg = { .family = 5, .masquerade_bit = 14 };

	ck_assert_ptr_null(kp_proxier_new(&cfg));
	cfg.family = 4;
	cfg.masquerade_bit = 32;
	ck_assert_ptr_null(kp_proxier_new(&cfg));
}
END_TEST

START_TEST(test_ip_handover_in_one_sync)
{
	add_service("svc1", "172.30.0.41", 80, "");
	set_slice("svc1", one_ep, NULL);
	sync_ok();
	/* svc1 goes and svc2 takes its IP:port before the next sync */
	delete_service("svc1");
	add_service("svc2", "172.30.0.41", 80, "");
	set_slice("svc2", one_ep, NULL);
	sync_ok();
	ck_assert(strstr(fk.text.buf, "delete element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 }") <
		  strstr(fk.text.buf, "add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80"));
	ck_assert_uint_eq(fk.elem_keys.n, 2); /* the service-ips and cluster-ips elements */
	ck_assert_ptr_nonnull(strstr(fk.elem_values.v[0], "ns1/svc2") ? fk.elem_values.v[0]
								      : fk.elem_values.v[1]);
	ck_assert(strstr(fk.elem_values.v[0], "ns1/svc2") || strstr(fk.elem_values.v[1], "ns1/svc2"));
}
END_TEST

/* Asserts that the needles appear in the last transaction's text in this order. */
static void
assert_in_order(const char *const *needles)
{
	const char *at = fk.text.buf;
	size_t i;

	for (i = 0; needles[i]; i++) {
		const char *hit = strstr(at, needles[i]);

		ck_assert_msg(hit, "missing or out of order: %s", needles[i]);
		at = hit + strlen(needles[i]);
	}
}

/* upstream v1.32 setupNFTables(): jump chains, cluster-ips and the two endpoints checks. */
START_TEST(test_v132_setup_layout)
{
	static const char *const order[] = {
		"add chain ip kube-proxy filter-output-post-dnat { type filter hook output priority -90 ; }",
		"add chain ip kube-proxy nodeport-endpoints-check\n",
		"add rule ip kube-proxy filter-input ct state new jump nodeport-endpoints-check\n",
		"add chain ip kube-proxy service-endpoints-check\n",
		"add rule ip kube-proxy filter-input ct state new jump service-endpoints-check\n",
		"add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check\n",
		"add rule ip kube-proxy filter-output ct state new jump service-endpoints-check\n",
		"add rule ip kube-proxy filter-prerouting ct state new jump firewall-check\n",
		"add rule ip kube-proxy filter-output ct state new jump firewall-check\n",
		"add rule ip kube-proxy nat-output jump services\n",
		"add rule ip kube-proxy nat-prerouting jump services\n",
		"add rule ip kube-proxy nat-postrouting jump masquerading\n",
		"add chain ip kube-proxy cluster-ips-check\n",
		"add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check\n",
		"add rule ip kube-proxy filter-output-post-dnat ct state new jump cluster-ips-check\n",
		"add chain ip kube-proxy mark-for-masquerade\n",
		"add rule ip kube-proxy masquerading masquerade fully-random\n",
		"add set ip kube-proxy cluster-ips { type ipv4_addr ; comment \"Active ClusterIPs\" ; }",
		"add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"\n",
		"add set ip kube-proxy nodeport-ips",
		"add rule ip kube-proxy reject-chain reject\n",
		"add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services\n",
		"add rule ip kube-proxy nodeport-endpoints-check ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports\n",
		"add rule ip kube-proxy firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips\n",
		"add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips\n",
		NULL,
	};

	sync_ok();
	assert_in_order(order);
	/* each regular chain is made (and flushed) once; the v1.29 chain is gone */
	ck_assert_ptr_null(strstr(strstr(fk.text.buf, "add chain ip kube-proxy services\n") + 1,
				  "add chain ip kube-proxy services\n"));
	ck_assert(!text_has(" endpoints-check\n") && !text_has("jump endpoints-check"));
	ck_assert(!text_has("fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports"));
	ck_assert(!text_has("ip daddr {")); /* no ServiceCIDR drop rule without ServiceCIDRs */
}
END_TEST

/* The first full sync of a process re-makes the base chains; later full syncs only flush. */
START_TEST(test_base_chains_recreated_once)
{
	sync_ok();
	ck_assert(text_has("add chain ip kube-proxy filter-input\ndelete chain ip kube-proxy filter-input\n"));
	ck_assert(strstr(fk.text.buf, "delete chain ip kube-proxy nat-postrouting\n") <
		  strstr(fk.text.buf, "add chain ip kube-proxy nat-postrouting {"));
	kp_proxier_need_full_sync(px);
	sync_ok();
	ck_assert(text_has("flush chain ip kube-proxy filter-input\n"));
	ck_assert(!text_has("delete chain ip kube-proxy filter-input"));
}
END_TEST

/* cluster-ips holds every ClusterIP once, with or without endpoints, and follows the service. */
START_TEST(test_cluster_ips_set)
{
	add_service_json("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"namespace\":"
			 "\"ns1\",\"name\":\"multi\",\"uid\":\"u-multi\"},\"spec\":{\"clusterIP\":"
			 "\"172.30.0.50\",\"ports\":[{\"name\":\"a\",\"port\":80,\"protocol\":\"TCP\"},"
			 "{\"name\":\"b\",\"port\":53,\"protocol\":\"UDP\"}]}}");
	add_service("svc6", "172.30.0.46", 80, "");
	sync_ok();
	ck_assert(text_has("add element ip kube-proxy cluster-ips { 172.30.0.50 }"));
	ck_assert_ptr_null(strstr(strstr(fk.text.buf, "cluster-ips { 172.30.0.50 }") + 1,
				  "cluster-ips { 172.30.0.50 }"));
	/* no endpoints: still active, so other ports are rejected by cluster-ips-check */
	ck_assert(text_has("add element ip kube-proxy cluster-ips { 172.30.0.46 }"));
	delete_service("svc6");
	sync_ok();
	ck_assert(text_has("delete element ip kube-proxy cluster-ips { 172.30.0.46 }"));
	ck_assert(!text_has("cluster-ips { 172.30.0.50 }"));
	/* a restart's full sync leaves elements that are still right alone */
	kp_proxier_need_full_sync(px);
	sync_ok();
	ck_assert(!text_has("element ip kube-proxy cluster-ips"));
}
END_TEST

/* With nodePortAddresses the nodeport check matches @nodeport-ips. */
START_TEST(test_nodeport_endpoints_check_with_addresses)
{
	struct kc_strv ips = KC_STRV_INIT;
	struct kp_proxier_config cfg = { .family = 4, .hostname = "node-1", .masquerade_bit = 14,
					 .nodeport_ips = &ips };
	struct kp_proxier *p2;
	struct kp_tx t2 = { 0 };
	struct kc_strbuf sb = KC_STRBUF_INIT;

	kc_strv_push(&ips, "192.168.0.2");
	p2 = kp_proxier_new(&cfg);
	ck_assert_ptr_nonnull(p2);
	kp_proxier_set_stores(p2, services, slices);
	ck_assert_int_ge(kp_proxier_build(p2, NULL, 1, &t2), 0);
	ck_assert_int_eq(kp_tx_render(&t2, "ip", &sb), 0);
	ck_assert_ptr_nonnull(strstr(sb.buf, "add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports\n"));
	ck_assert_ptr_nonnull(strstr(sb.buf, "add element ip kube-proxy nodeport-ips { 192.168.0.2 }"));
	kc_strbuf_release(&sb);
	kp_tx_release(&t2);
	kp_proxier_free(p2);
	kc_strv_release(&ips);
}
END_TEST

static Suite *
proxier_suite(void)
{
	Suite *s = suite_create("kube_proxy_proxier");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hash_and_truncate);
	tcase_add_test(tc, test_first_sync_structure);
	tcase_add_test(tc, test_no_endpoints_reject);
	tcase_add_test(tc, test_endpoint_change_is_incremental);
	tcase_add_test(tc, test_unchanged_update_no_work);
	tcase_add_test(tc, test_service_delete_removes_everything);
	tcase_add_test(tc, test_endpoints_appear_moves_element);
	tcase_add_test(tc, test_session_affinity);
	tcase_add_test(tc, test_nodeport_and_masquerade);
	tcase_add_test(tc, test_masquerade_all_and_cluster_cidr);
	tcase_add_test(tc, test_terminating_fallback);
	tcase_add_test(tc, test_internal_traffic_policy_local);
	tcase_add_test(tc, test_external_policy_local_health);
	tcase_add_test(tc, test_lb_source_ranges_firewall);
	tcase_add_test(tc, test_udp_conntrack_flushes);
	tcase_add_test(tc, test_failed_sync_retries_full);
	tcase_add_test(tc, test_restart_reconciles_kernel);
	tcase_add_test(tc, test_full_sync_without_element_listing);
	tcase_add_test(tc, test_headless_and_external_name_ignored);
	tcase_add_test(tc, test_cleanup_tx);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_bad_config);
	tcase_add_test(tc, test_ip_handover_in_one_sync);
	tcase_add_test(tc, test_v132_setup_layout);
	tcase_add_test(tc, test_base_chains_recreated_once);
	tcase_add_test(tc, test_cluster_ips_set);
	tcase_add_test(tc, test_nodeport_endpoints_check_with_addresses);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(proxier_suite)
