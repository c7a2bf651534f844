/*
 * check_sched_intern.c - the scheduler's subtree interner (kube-scheduler/internal/intern.c):
 * every interned pod and node member is shared between equal objects, other members and
 * scalar values are left alone, values are keyed by their key-sorted text, the sweep drops only
 * the values no kept object uses (at 1024 values, then at twice the swept size), reference
 * counts stay balanced, and NULL or odd objects are harmless.
 */
#include <stdio.h>

#include "kube-scheduler/internal/intern.h"
#include "libkcommon/cleanup.h"
#include "test/unit/testutil/testutil.h"

enum obj_kind {
	POD,
	NODE
};

/* One member: parent (NULL = the object itself) . key, and a value for it. */
struct member_case {
	enum obj_kind kind;
	const char *parent;
	const char *key;
	const char *value;
};

static const struct member_case interned_cases[] = {
	{ POD, NULL, "apiVersion", "\"v1\"" },
	{ POD, NULL, "kind", "\"Pod\"" },
	{ POD, "metadata", "namespace", "\"default\"" },
	{ POD, "metadata", "labels", "{\"app\":\"web\",\"pod-template-hash\":\"5d4f\"}" },
	{ POD, "metadata", "ownerReferences",
	  "[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-5d4f\",\"controller\":true}]" },
	{ POD, "metadata", "creationTimestamp", "\"2024-05-01T10:00:00Z\"" },
	{ POD, "spec", "containers",
	  "[{\"name\":\"web\",\"image\":\"nginx:1.27\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]" },
	{ POD, "spec", "initContainers", "[{\"name\":\"init\",\"image\":\"busybox\"}]" },
	{ POD, "spec", "tolerations",
	  "[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]" },
	{ POD, "spec", "affinity",
	  "{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":"
	  "[{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"a\"]}]}]}}}" },
	{ POD, "spec", "topologySpreadConstraints",
	  "[{\"maxSkew\":1,\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoNotSchedule\"}]" },
	{ POD, "spec", "nodeSelector", "{\"disktype\":\"ssd\"}" },
	{ POD, "spec", "schedulerName", "\"default-scheduler\"" },
	{ POD, "spec", "overhead", "{\"cpu\":\"250m\"}" },
	{ POD, "spec", "schedulingGates", "[{\"name\":\"example.com/gate\"}]" },
	{ POD, "spec", "priorityClassName", "\"high\"" },
	{ POD, "spec", "preemptionPolicy", "\"Never\"" },
	{ POD, "spec", "securityContext", "{\"runAsUser\":1000}" },
	{ POD, "status", "phase", "\"Pending\"" },
	{ POD, "status", "conditions", "[{\"type\":\"PodScheduled\",\"status\":\"False\"}]" },
	{ NODE, NULL, "apiVersion", "\"v1\"" },
	{ NODE, NULL, "kind", "\"Node\"" },
	{ NODE, "spec", "taints",
	  "[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]" },
	{ NODE, "status", "capacity", "{\"cpu\":\"8\",\"memory\":\"32Gi\",\"pods\":\"110\"}" },
	{ NODE, "status", "allocatable",
	  "{\"cpu\":\"7800m\",\"memory\":\"31Gi\",\"pods\":\"110\"}" },
};

/* Members the interner must not touch, though equal: not in its tables for that kind. */
static const struct member_case untouched_cases[] = {
	{ POD, "metadata", "annotations", "{\"a\":\"b\"}" },
	{ POD, "metadata", "generateName", "\"web-5d4f-\"" },
	{ POD, "spec", "nodeName", "\"node-1\"" },
	{ POD, "spec", "volumes", "[{\"name\":\"data\",\"emptyDir\":{}}]" },
	{ POD, "status", "podIP", "\"10.0.0.1\"" },
	{ POD, "status", "capacity", "{\"cpu\":\"1\"}" },
	{ POD, NULL, "extra", "{\"x\":1}" },
	{ NODE, "metadata", "labels", "{\"zone\":\"a\"}" },
	{ NODE, "metadata", "namespace", "\"default\"" },
	{ NODE, "spec", "podCIDR", "\"10.244.0.0/24\"" },
	{ NODE, "status", "conditions", "[{\"type\":\"Ready\",\"status\":\"True\"}]" },
	{ NODE, "status", "images", "[{\"names\":[\"nginx\"],\"sizeBytes\":1}]" },
};

static size_t
refs(const json_t *v)
{
	return v->refcount;
}

static void
intern(struct sched_interner *in, enum obj_kind kind, json_t *obj)
{
	if (kind == POD)
		sched_interner_intern_pod(in, obj);
	else
		sched_interner_intern_node(in, obj);
}

/* A pod or node named name, with the case's member set to a freshly parsed value. */
static json_t *
object_with(const struct member_case *c, const char *name)
{
	json_t *obj = json_pack("{s:{s:s},s:{},s:{}}", "metadata", "name", name, "spec", "status");
	json_t *parent;

	ck_assert_ptr_nonnull(obj);
	parent = c->parent ? json_object_get(obj, c->parent) : obj;
	json_object_set_new(parent, c->key, kc_test_json(c->value));
	return obj;
}

static json_t *
member_of(json_t *obj, const struct member_case *c)
{
	return json_object_get(c->parent ? json_object_get(obj, c->parent) : obj, c->key);
}

/* A pod whose only interned member is metadata.labels = {"id": id}. */
static json_t *
pod_labelled(const char *id)
{
	json_t *pod = json_pack("{s:{s:s,s:{s:s}}}", "metadata", "name", id, "labels", "id", id);

	ck_assert_ptr_nonnull(pod);
	return pod;
}

static json_t *
labels_of(json_t *pod)
{
	return json_object_get(json_object_get(pod, "metadata"), "labels");
}

START_TEST(test_interned_member_shared)
{
	const struct member_case *c = &interned_cases[_i];
	struct sched_interner *in = sched_interner_new();
	json_t *a = object_with(c, "a"), *b = object_with(c, "b");
	json_t *va = member_of(a, c), *want = kc_test_json(c->value);

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_ne(va, member_of(b, c));
	intern(in, c->kind, a);
	intern(in, c->kind, b);
	ck_assert_msg(member_of(b, c) == va, "%s.%s not shared", c->parent ? c->parent : "",
		      c->key);
	ck_assert_ptr_eq(member_of(a, c), va);
	ck_assert(json_equal(member_of(b, c), want));
	ck_assert_uint_eq(sched_interner_size(in), 1);
	ck_assert_uint_eq(refs(va), 3); /* a, b and the table */
	json_decref(want);
	json_decref(a);
	json_decref(b);
	ck_assert_uint_eq(refs(va), 1);
	sched_interner_free(in);
}
END_TEST

START_TEST(test_other_member_untouched)
{
	const struct member_case *c = &untouched_cases[_i];
	struct sched_interner *in = sched_interner_new();
	json_t *a = object_with(c, "a"), *b = object_with(c, "b");
	json_t *va = member_of(a, c), *vb = member_of(b, c);

	intern(in, c->kind, a);
	intern(in, c->kind, b);
	ck_assert_msg(member_of(a, c) == va && member_of(b, c) == vb, "%s.%s was replaced",
		      c->parent ? c->parent : "", c->key);
	ck_assert_uint_eq(sched_interner_size(in), 0);
	ck_assert_uint_eq(refs(va), 1);
	ck_assert_uint_eq(refs(vb), 1);
	json_decref(a);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

START_TEST(test_different_values_not_shared)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a = kc_test_json(
		"{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
		"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.26\"}]}}");
	json_t *b = kc_test_json(
		"{\"metadata\":{\"labels\":{\"app\":\"db\"}},"
		"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.27\"}]}}");
	json_t *la = labels_of(a), *lb = labels_of(b);
	json_t *ca = json_object_get(json_object_get(a, "spec"), "containers");
	json_t *cb = json_object_get(json_object_get(b, "spec"), "containers");

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	ck_assert_ptr_eq(labels_of(a), la);
	ck_assert_ptr_eq(labels_of(b), lb);
	ck_assert_ptr_eq(json_object_get(json_object_get(b, "spec"), "containers"), cb);
	ck_assert_ptr_ne(ca, cb);
	ck_assert_str_eq(json_string_value(json_object_get(lb, "app")), "db");
	ck_assert_uint_eq(sched_interner_size(in), 4);
	json_decref(a);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

/* Members of another JSON type share nothing: "[]" vs "{}", "\"1\"" vs a one-element array. */
START_TEST(test_types_kept_apart)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a = kc_test_json("{\"spec\":{\"nodeSelector\":{},\"tolerations\":[\"1\"]}}");
	json_t *b = kc_test_json("{\"spec\":{\"nodeSelector\":[],\"tolerations\":\"1\"}}");
	json_t *spec_b = json_object_get(b, "spec");

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	ck_assert(json_is_array(json_object_get(spec_b, "nodeSelector")));
	ck_assert(json_is_string(json_object_get(spec_b, "tolerations")));
	ck_assert(json_is_object(json_object_get(json_object_get(a, "spec"), "nodeSelector")));
	ck_assert_uint_eq(sched_interner_size(in), 4);
	json_decref(a);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

/* The key is the key-sorted text: the same labels written in another order are shared. */
START_TEST(test_member_order_ignored)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a =
		kc_test_json("{\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"front\"}}}");
	json_t *b =
		kc_test_json("{\"metadata\":{\"labels\":{\"tier\":\"front\",\"app\":\"web\"}}}");

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	ck_assert_ptr_eq(labels_of(b), labels_of(a));
	ck_assert_uint_eq(sched_interner_size(in), 1);
	json_decref(a);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

/* Values are shared by content whatever the member: a namespace and a schedulerName "x". */
START_TEST(test_shared_across_members)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a = kc_test_json("{\"metadata\":{\"namespace\":\"x\"}}");
	json_t *b = kc_test_json("{\"spec\":{\"schedulerName\":\"x\"}}");
	json_t *node = kc_test_json("{\"kind\":\"x\"}");
	json_t *ns = json_object_get(json_object_get(a, "metadata"), "namespace");

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	sched_interner_intern_node(in, node);
	ck_assert_ptr_eq(json_object_get(json_object_get(b, "spec"), "schedulerName"), ns);
	ck_assert_ptr_eq(json_object_get(node, "kind"), ns);
	ck_assert_uint_eq(refs(ns), 4);
	json_decref(a);
	json_decref(b);
	json_decref(node);
	sched_interner_free(in);
}
END_TEST

/* Numbers, booleans and null in interned members are left as they are. */
START_TEST(test_scalars_ignored)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a = kc_test_json(
		"{\"kind\":7,\"metadata\":{\"labels\":null,\"namespace\":true},"
		"\"spec\":{\"overhead\":1.5,\"schedulerName\":false,\"containers\":null},"
		"\"status\":{\"phase\":3}}");
	json_t *b = json_deep_copy(a);
	json_t *overhead = json_object_get(json_object_get(b, "spec"), "overhead");

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	ck_assert_uint_eq(sched_interner_size(in), 0);
	ck_assert(json_equal(a, b));
	ck_assert_ptr_eq(json_object_get(json_object_get(b, "spec"), "overhead"), overhead);
	ck_assert_ptr_ne(json_object_get(json_object_get(a, "spec"), "overhead"), overhead);
	json_decref(a);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

START_TEST(test_null_and_missing_safe)
{
	struct sched_interner *in = sched_interner_new();
	json_t *empty = kc_test_json("{}");
	json_t *odd = kc_test_json("{\"metadata\":\"x\",\"spec\":[1],\"status\":null}");
	json_t *arr = kc_test_json("[{\"kind\":\"Pod\"}]");
	json_t *str = kc_test_json("\"Pod\"");
	json_t *pod = kc_test_json("{\"kind\":\"Pod\"}");

	ck_assert_ptr_null(sched_interner_free(NULL));
	ck_assert_uint_eq(sched_interner_size(NULL), 0);
	sched_interner_intern_pod(NULL, pod);
	sched_interner_intern_node(NULL, pod);
	sched_interner_intern_pod(in, NULL);
	sched_interner_intern_node(in, NULL);
	sched_interner_intern_pod(in, empty);
	sched_interner_intern_node(in, empty);
	sched_interner_intern_pod(in, odd);
	sched_interner_intern_node(in, odd);
	sched_interner_intern_pod(in, arr);
	sched_interner_intern_node(in, str);
	ck_assert_uint_eq(sched_interner_size(in), 0);
	ck_assert_uint_eq(refs(json_object_get(pod, "kind")), 1);
	kc_test_assert_json(odd, "{\"metadata\":\"x\",\"spec\":[1],\"status\":null}");
	kc_test_assert_json(arr, "[{\"kind\":\"Pod\"}]");
	json_decref(empty);
	json_decref(odd);
	json_decref(arr);
	json_decref(str);
	json_decref(pod);
	ck_assert_ptr_null(sched_interner_free(in));
}
END_TEST

START_TEST(test_intern_twice_idempotent)
{
	const struct member_case *c = &interned_cases[6]; /* spec.containers */
	struct sched_interner *in = sched_interner_new();
	json_t *a = object_with(c, "a"), *b = object_with(c, "b"), *va, *before;

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	va = member_of(a, c);
	before = json_deep_copy(b);
	sched_interner_intern_pod(in, b);
	sched_interner_intern_pod(in, a);
	ck_assert_ptr_eq(member_of(a, c), va);
	ck_assert_ptr_eq(member_of(b, c), va);
	ck_assert_uint_eq(refs(va), 3);
	ck_assert_uint_eq(sched_interner_size(in), 1);
	ck_assert(json_equal(before, b));
	json_decref(before);
	json_decref(a);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

/* The table outlives the objects that used a value until a sweep: a later equal pod reuses it. */
START_TEST(test_value_reused_after_owner_gone)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a = pod_labelled("x"), *b = pod_labelled("x");
	json_t *la = labels_of(a);

	sched_interner_intern_pod(in, a);
	json_incref(la);
	json_decref(a);
	ck_assert_uint_eq(refs(la), 2); /* the table and this test */
	sched_interner_intern_pod(in, b);
	ck_assert_ptr_eq(labels_of(b), la);
	ck_assert_uint_eq(refs(la), 3);
	json_decref(la);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

/* Freeing the interner drops only its own references: objects keep valid members. */
START_TEST(test_free_keeps_used_values)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a = pod_labelled("x"), *b = pod_labelled("x");

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	ck_assert_uint_eq(refs(labels_of(a)), 3);
	ck_assert_ptr_null(sched_interner_free(in));
	ck_assert_uint_eq(refs(labels_of(a)), 2);
	ck_assert_str_eq(json_string_value(json_object_get(labels_of(b), "id")), "x");
	json_decref(a);
	json_decref(b);
}
END_TEST

/* Interns a pod labelled {"id": "<prefix><i>"} for i in [from, to), kept in pods[i] (or freed). */
static void
intern_labelled(struct sched_interner *in, json_t **pods, const char *prefix, int from, int to)
{
	char id[32];

	for (int i = from; i < to; i++) {
		json_t *pod;

		snprintf(id, sizeof(id), "%s%d", prefix, i);
		pod = pod_labelled(id);
		sched_interner_intern_pod(in, pod);
		if (pods)
			pods[i] = pod;
		else
			json_decref(pod);
	}
}

static void
decref_range(json_t **pods, int from, int to)
{
	for (int i = from; i < to; i++)
		pods[i] = (json_decref(pods[i]), NULL);
}

/* At 1024 values the sweep drops the 1000 whose pods are gone and keeps the 24 still used. */
START_TEST(test_sweep_drops_unused_keeps_used)
{
	struct sched_interner *in = sched_interner_new();
	json_t *pods[1024] = { NULL }, *again, *fresh;

	intern_labelled(in, pods, "p", 0, 1023);
	ck_assert_uint_eq(sched_interner_size(in), 1023);
	decref_range(pods, 0, 1000);
	ck_assert_uint_eq(sched_interner_size(in), 1023); /* nothing sweeps before the threshold */
	intern_labelled(in, pods, "p", 1023, 1024);
	ck_assert_uint_eq(sched_interner_size(in), 24);
	for (int i = 1000; i < 1024; i++)
		ck_assert_uint_eq(refs(labels_of(pods[i])), 2);
	/* A kept value is still shared; a dropped one comes back as a new entry. */
	again = pod_labelled("p1010");
	sched_interner_intern_pod(in, again);
	ck_assert_ptr_eq(labels_of(again), labels_of(pods[1010]));
	ck_assert_uint_eq(sched_interner_size(in), 24);
	fresh = pod_labelled("p5");
	sched_interner_intern_pod(in, fresh);
	ck_assert_uint_eq(sched_interner_size(in), 25);
	ck_assert_uint_eq(refs(labels_of(fresh)), 2);
	json_decref(again);
	json_decref(fresh);
	decref_range(pods, 1000, 1024);
	sched_interner_free(in);
}
END_TEST

/* After a sweep leaves a small table the next one still waits for 1024 values, not 2x. */
START_TEST(test_sweep_minimum_threshold)
{
	struct sched_interner *in = sched_interner_new();
	json_t *pods[1024] = { NULL };

	intern_labelled(in, pods, "p", 0, 1023);
	decref_range(pods, 0, 1013);
	intern_labelled(in, pods, "p", 1023, 1024);
	ck_assert_uint_eq(sched_interner_size(in), 11);
	/* 2 * 11 = 22 would sweep these freed ones; the minimum keeps them until 1024. */
	intern_labelled(in, NULL, "q", 0, 1012);
	ck_assert_uint_eq(sched_interner_size(in), 1023);
	intern_labelled(in, NULL, "q", 1012, 1013);
	/* The 1024th was still held by its pod during the sweep, then freed: it stays. */
	ck_assert_uint_eq(sched_interner_size(in), 12);
	decref_range(pods, 1013, 1024);
	sched_interner_free(in);
}
END_TEST

/* With 701 values in use after a sweep, the next sweep comes at 1402 values. */
START_TEST(test_sweep_threshold_doubles)
{
	struct sched_interner *in = sched_interner_new();
	json_t *pods[1024] = { NULL }, *last;

	intern_labelled(in, pods, "p", 0, 1023);
	decref_range(pods, 0, 323);
	intern_labelled(in, pods, "p", 1023, 1024);
	ck_assert_uint_eq(sched_interner_size(in), 701);
	intern_labelled(in, NULL, "q", 0, 700);
	ck_assert_uint_eq(sched_interner_size(in), 1401); /* a sweep at 1024 would have made 701 */
	last = pod_labelled("last");
	sched_interner_intern_pod(in, last);
	ck_assert_uint_eq(sched_interner_size(in), 702);
	ck_assert_uint_eq(refs(labels_of(last)), 2);
	for (int i = 323; i < 1024; i++)
		ck_assert_uint_eq(refs(labels_of(pods[i])), 2);
	json_decref(last);
	decref_range(pods, 323, 1024);
	sched_interner_free(in);
}
END_TEST

/* A value shared by several pods survives a sweep while any one of them is left. */
START_TEST(test_sweep_keeps_value_shared_by_survivor)
{
	struct sched_interner *in = sched_interner_new();
	json_t *a = pod_labelled("shared"), *b = pod_labelled("shared"), *shared;

	sched_interner_intern_pod(in, a);
	sched_interner_intern_pod(in, b);
	shared = labels_of(a);
	json_decref(a);
	ck_assert_uint_eq(refs(shared), 2);
	intern_labelled(in, NULL, "q", 0, 1023); /* the 1023rd new value triggers the sweep */
	ck_assert_uint_eq(sched_interner_size(in), 2);
	ck_assert_ptr_eq(labels_of(b), shared);
	ck_assert_uint_eq(refs(shared), 2);
	a = pod_labelled("shared");
	sched_interner_intern_pod(in, a);
	ck_assert_ptr_eq(labels_of(a), shared);
	json_decref(a);
	json_decref(b);
	sched_interner_free(in);
}
END_TEST

/* A whole pod as the informer keeps it: every interned member of an identical pod is shared. */
START_TEST(test_whole_pod_and_node)
{
	static const char pod_text[] =
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"ns\","
		"\"labels\":{\"app\":\"web\"},\"creationTimestamp\":\"2024-05-01T10:00:00Z\"},"
		"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}],\"schedulerName\":"
		"\"default-scheduler\",\"nodeName\":\"n1\"},\"status\":{\"phase\":\"Running\"}}";
	static const char node_text[] =
		"{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"%s\"},"
		"\"spec\":{\"taints\":[{\"key\":\"k\",\"effect\":\"NoSchedule\"}]},"
		"\"status\":{\"capacity\":{\"cpu\":\"4\"},\"allocatable\":{\"cpu\":\"4\"}}}";
	struct sched_interner *in = sched_interner_new();
	char buf[1024];
	json_t *p1, *p2, *n1, *n2;

	snprintf(buf, sizeof(buf), pod_text, "p1");
	p1 = kc_test_json(buf);
	snprintf(buf, sizeof(buf), pod_text, "p2");
	p2 = kc_test_json(buf);
	snprintf(buf, sizeof(buf), node_text, "n1");
	n1 = kc_test_json(buf);
	snprintf(buf, sizeof(buf), node_text, "n2");
	n2 = kc_test_json(buf);
	sched_interner_intern_pod(in, p1);
	sched_interner_intern_pod(in, p2);
	sched_interner_intern_node(in, n1);
	sched_interner_intern_node(in, n2);
	/* pod: "v1" "Pod" "ns" labels timestamp containers scheduler "Running"; node: "Node"
	 * taints capacity (allocatable has the same text: shared with capacity). */
	ck_assert_uint_eq(sched_interner_size(in), 11);
	ck_assert_ptr_eq(json_object_get(n2, "apiVersion"), json_object_get(p1, "apiVersion"));
	ck_assert_ptr_eq(json_object_get(json_object_get(n2, "status"), "allocatable"),
			 json_object_get(json_object_get(n1, "status"), "capacity"));
	ck_assert_ptr_ne(json_object_get(json_object_get(p2, "metadata"), "name"),
			 json_object_get(json_object_get(p1, "metadata"), "name"));
	ck_assert_ptr_ne(json_object_get(json_object_get(p2, "spec"), "nodeName"),
			 json_object_get(json_object_get(p1, "spec"), "nodeName"));
	snprintf(buf, sizeof(buf), pod_text, "p2");
	kc_test_assert_json(p2, buf);
	json_decref(p1);
	json_decref(p2);
	json_decref(n1);
	json_decref(n2);
	sched_interner_free(in);
}
END_TEST

static Suite *
sched_intern_suite(void)
{
	Suite *s = suite_create("sched_intern");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_interned_member_shared, 0, (int)KC_ARRAY_SIZE(interned_cases));
	tcase_add_loop_test(tc, test_other_member_untouched, 0,
			    (int)KC_ARRAY_SIZE(untouched_cases));
	tcase_add_test(tc, test_different_values_not_shared);
	tcase_add_test(tc, test_types_kept_apart);
	tcase_add_test(tc, test_member_order_ignored);
	tcase_add_test(tc, test_shared_across_members);
	tcase_add_test(tc, test_scalars_ignored);
	tcase_add_test(tc, test_null_and_missing_safe);
	tcase_add_test(tc, test_intern_twice_idempotent);
	tcase_add_test(tc, test_value_reused_after_owner_gone);
	tcase_add_test(tc, test_free_keeps_used_values);
	tcase_add_test(tc, test_sweep_drops_unused_keeps_used);
	tcase_add_test(tc, test_sweep_minimum_threshold);
	tcase_add_test(tc, test_sweep_threshold_doubles);
	tcase_add_test(tc, test_sweep_keeps_value_shared_by_survivor);
	tcase_add_test(tc, test_whole_pod_and_node);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(sched_intern_suite)
