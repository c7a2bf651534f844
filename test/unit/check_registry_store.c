/*
 * check_registry_store.c - the generic registry store: its pure rules (keys, where the
 * resourceVersion goes, no-op detection, ShouldDeleteDuringUpdate, preconditions, pod grace
 * periods) and, against a real etcd, create / GuaranteedUpdate / delete with upstream's
 * semantics: AlreadyExists, dry runs, no-op updates that write nothing, conflicts retried,
 * finalizers, graceful pods, namespaces going Terminating and the finalize update, and pending
 * operations failed with 503 when the set is freed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/store_testutil.h"
#include "test/unit/testutil/testutil.h"

static const struct api_resource *
R(const char *group, const char *resource)
{
	const struct api_resource *r = registry_lookup(group, "v1", resource);

	ck_assert_ptr_nonnull(r);
	return r;
}

/* ---- pure ------------------------------------------------------------------------------- */

START_TEST(test_keys)
{
	KC_AUTOFREE char *a = store_key(R("", "pods"), "default", "web");
	KC_AUTOFREE char *b = store_key(R("", "nodes"), "", "node-1");
	KC_AUTOFREE char *c = store_key(R("", "namespaces"), "ignored", "team");

	ck_assert_str_eq(a, "default/web");
	ck_assert_str_eq(b, "node-1");
	ck_assert_str_eq(c, "team");
}
END_TEST

static const struct {
	const char *in;
	const char *out;
} rv_cases[] = {
	/* after uid, before generation and the rest, as upstream's encoder writes ObjectMeta */
	{ "{\"metadata\":{\"name\":\"a\",\"uid\":\"u\",\"generation\":2,\"labels\":{}}}",
	  "{\"metadata\":{\"name\":\"a\",\"uid\":\"u\",\"resourceVersion\":\"42\",\"generation\":2,"
	  "\"labels\":{}}}" },
	{ "{\"metadata\":{\"name\":\"a\",\"creationTimestamp\":\"t\"}}",
	  "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"42\",\"creationTimestamp\":\"t\"}}" },
	{ "{\"metadata\":{\"name\":\"a\"}}",
	  "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"42\"}}" },
	{ "{\"metadata\":{\"resourceVersion\":\"7\",\"name\":\"a\"}}",
	  "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"42\"}}" },
	{ "{\"kind\":\"X\"}", "{\"kind\":\"X\",\"metadata\":{\"resourceVersion\":\"42\"}}" },
};

START_TEST(test_resource_version_placement)
{
	json_auto_t *obj = kc_test_json(rv_cases[_i].in);
	KC_AUTOFREE char *s = NULL;

	ck_assert_int_eq(store_set_resource_version(obj, 42), 0);
	s = kc_json_dumps(obj);
	ck_assert_str_eq(s, rv_cases[_i].out);
}
END_TEST

static const struct {
	const char *a;
	const char *b;
	int equal;
} eq_cases[] = {
	{ "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"1\"},\"data\":{\"k\":\"v\"}}",
	  "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"9\"},\"data\":{\"k\":\"v\"}}", 1 },
	{ "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"}}",
	  "{\"data\":{\"k\":\"v\"},\"metadata\":{\"name\":\"a\"}}", 1 },
	{ "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"}}",
	  "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"w\"}}", 0 },
	{ "{\"metadata\":{\"name\":\"a\",\"labels\":{\"x\":\"1\"}}}",
	  "{\"metadata\":{\"name\":\"a\"}}", 0 },
	/* the managedFields timestamp alone is not a change (API-COMPAT M5) */
	{ "{\"metadata\":{\"managedFields\":[{\"manager\":\"m\",\"time\":\"t1\"}]}}",
	  "{\"metadata\":{\"managedFields\":[{\"manager\":\"m\",\"time\":\"t2\"}]}}", 1 },
	{ "{\"metadata\":{\"managedFields\":[{\"manager\":\"m\"}]}}",
	  "{\"metadata\":{\"managedFields\":[{\"manager\":\"n\"}]}}", 0 },
	{ "{\"spec\":{\"replicas\":1}}", "{\"spec\":{\"replicas\":1.0}}", 0 },
};

START_TEST(test_objects_equal)
{
	json_auto_t *a = kc_test_json(eq_cases[_i].a), *b = kc_test_json(eq_cases[_i].b);

	ck_assert_int_eq(store_objects_equal(a, b), eq_cases[_i].equal);
	ck_assert_int_eq(store_objects_equal(b, a), eq_cases[_i].equal);
}
END_TEST

START_TEST(test_objects_equal_null)
{
	json_auto_t *a = kc_test_json("{}");

	ck_assert_int_eq(store_objects_equal(NULL, NULL), 1);
	ck_assert_int_eq(store_objects_equal(a, NULL), 0);
}
END_TEST

static const struct {
	const char *resource;
	const char *obj;
	const char *old;
	int want;
} sdu_cases[] = {
	/* the last finalizer removed from an object being deleted without a grace period */
	{ "configmaps", "{\"metadata\":{}}",
	  "{\"metadata\":{\"deletionTimestamp\":\"t\",\"deletionGracePeriodSeconds\":0,"
	  "\"finalizers\":[\"f\"]}}",
	  1 },
	{ "configmaps", "{\"metadata\":{\"finalizers\":[\"f\"]}}",
	  "{\"metadata\":{\"deletionTimestamp\":\"t\",\"finalizers\":[\"f\",\"g\"]}}", 0 },
	{ "configmaps", "{\"metadata\":{}}", "{\"metadata\":{\"finalizers\":[\"f\"]}}", 0 },
	/* a graceful pod is removed by the kubelet's delete, not by an update */
	{ "pods", "{\"metadata\":{}}",
	  "{\"metadata\":{\"deletionTimestamp\":\"t\",\"deletionGracePeriodSeconds\":30,"
	  "\"finalizers\":[\"f\"]}}",
	  0 },
	{ "configmaps", "{\"metadata\":{\"finalizers\":[]}}",
	  "{\"metadata\":{\"deletionTimestamp\":\"t\"}}", 1 },
	/* namespaces also wait for spec.finalizers (the namespace controller's finalize) */
	{ "namespaces", "{\"metadata\":{},\"spec\":{\"finalizers\":[\"kubernetes\"]}}",
	  "{\"metadata\":{\"deletionTimestamp\":\"t\"},\"spec\":{\"finalizers\":[\"kubernetes\"]}}",
	  0 },
	{ "namespaces", "{\"metadata\":{},\"spec\":{}}",
	  "{\"metadata\":{\"deletionTimestamp\":\"t\"},\"spec\":{\"finalizers\":[\"kubernetes\"]}}",
	  1 },
};

START_TEST(test_should_delete_during_update)
{
	json_auto_t *obj = kc_test_json(sdu_cases[_i].obj), *old = kc_test_json(sdu_cases[_i].old);

	ck_assert_int_eq(store_should_delete_during_update(R("", sdu_cases[_i].resource), obj, old),
			 sdu_cases[_i].want);
}
END_TEST

START_TEST(test_preconditions)
{
	json_auto_t *obj =
		kc_test_json("{\"metadata\":{\"uid\":\"u1\",\"resourceVersion\":\"5\"}}");
	KC_AUTOFREE char *m1 = NULL, *m2 = NULL;

	ck_assert_int_eq(store_check_preconditions(obj, "u1", "5", NULL), 0);
	ck_assert_int_eq(store_check_preconditions(obj, NULL, NULL, NULL), 0);
	ck_assert_int_eq(store_check_preconditions(obj, "u2", NULL, &m1), KC_ERR_CONFLICT);
	ck_assert_str_eq(m1,
			 "Precondition failed: UID in precondition: u2, UID in object meta: u1");
	ck_assert_int_eq(store_check_preconditions(obj, "u1", "4", &m2), KC_ERR_CONFLICT);
	ck_assert_str_eq(m2, "Precondition failed: ResourceVersion in precondition: 4, "
			     "ResourceVersion in object meta: 5");
}
END_TEST

static const struct {
	const char *pod;
	int64_t requested;
	int64_t want;
} grace_cases[] = {
	{ "{\"spec\":{\"nodeName\":\"n\",\"terminationGracePeriodSeconds\":30}}", -1, 30 },
	{ "{\"spec\":{\"nodeName\":\"n\",\"terminationGracePeriodSeconds\":30}}", 10, 10 },
	{ "{\"spec\":{\"nodeName\":\"n\",\"terminationGracePeriodSeconds\":30}}", 0, 0 },
	/* unscheduled or terminal pods go at once (API-COMPAT DL5) */
	{ "{\"spec\":{\"terminationGracePeriodSeconds\":30}}", -1, 0 },
	{ "{\"spec\":{\"nodeName\":\"n\",\"terminationGracePeriodSeconds\":30},"
	  "\"status\":{\"phase\":\"Succeeded\"}}",
	  -1, 0 },
	{ "{\"spec\":{\"nodeName\":\"n\"},\"status\":{\"phase\":\"Failed\"}}", 60, 0 },
	{ "{\"spec\":{\"nodeName\":\"n\"}}", -1, 0 },
	{ "{\"spec\":{\"nodeName\":\"n\",\"terminationGracePeriodSeconds\":-5}}", -1, 1 },
};

START_TEST(test_pod_grace_period)
{
	json_auto_t *pod = kc_test_json(grace_cases[_i].pod);

	ck_assert_int_eq(store_pod_grace_period(pod, grace_cases[_i].requested),
			 grace_cases[_i].want);
}
END_TEST

START_TEST(test_returns_deleted_object)
{
	ck_assert_int_eq(store_returns_deleted_object(R("", "pods")), 1);
	ck_assert_int_eq(store_returns_deleted_object(R("", "namespaces")), 1);
	ck_assert_int_eq(store_returns_deleted_object(R("", "configmaps")), 0);
	ck_assert_int_eq(store_returns_deleted_object(R("storage.k8s.io", "storageclasses")), 1);
	ck_assert_int_eq(store_returns_deleted_object(registry_lookup("apps", "v1", "deployments")),
			 0);
}
END_TEST

/* ---- against etcd ------------------------------------------------------------------------ */

static struct event_base *base;
static struct kc_etcd3 *e3;
static struct store_set *set;

/* Turns the loop until *flag or ms passed. */
static void
run_until(const int *flag, long ms)
{
	long end = kc_test_mono_ms() + ms;

	while ((flag == NULL || !*flag) && kc_test_mono_ms() < end)
		event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
}

static void
store_setup(void)
{
	struct store_set_options so = { 0 };

	base = event_base_new();
	e3 = etcd_test_client_at(base, etcd_test, 3000, NULL);
	so.etcd = e3;
	so.cache_fresh_wait_ms = 500;
	ck_assert_int_eq(store_set_new(&so, &set), 0);
	ck_assert(store_test_wait_ready(base, set, 5000));
}

static void
store_teardown(void)
{
	set = store_set_free(set);
	e3 = kc_etcd3_free(e3);
	event_base_loop(base, EVLOOP_NONBLOCK);
	event_base_free(base);
	base = NULL;
}

static void
wait_result(struct store_test_result *r)
{
	run_until(&r->done, 5000);
	ck_assert_msg(r->done, "no callback");
}

static const char *
rv_of(const struct store_test_result *r)
{
	return kc_meta_resource_version(r->obj);
}

static void
create(const struct api_resource *res, const char *json, unsigned flags,
       struct store_test_result *out)
{
	memset(out, 0, sizeof(*out));
	ck_assert_ptr_nonnull(store_create(store_set_get(set, res), res, kc_test_json(json), flags,
					   store_test_on_result, out));
	wait_result(out);
}

static void
get_etcd(const struct api_resource *res, const char *ns, const char *name,
	 struct store_test_result *out)
{
	memset(out, 0, sizeof(*out));
	ck_assert_ptr_nonnull(
		store_get(store_set_get(set, res), res, ns, name, NULL, store_test_on_result, out));
	wait_result(out);
}

/* An update function applying a merge patch (the test's arg) to the current object. */
static int
patch_fn(void *arg, const json_t *current, int fresh, json_t **ret, json_t **ret_status)
{
	const char *patch = arg;
	json_auto_t *p = kc_test_json(patch);

	(void)fresh;
	(void)ret_status;
	return kc_json_merge_patch_apply(current, p, ret, NULL, 0);
}

static void
update(const struct api_resource *res, const char *ns, const char *name, const char *patch,
       unsigned flags, struct store_test_result *out)
{
	memset(out, 0, sizeof(*out));
	ck_assert_ptr_nonnull(store_update(store_set_get(set, res), res, ns, name, patch_fn,
					   (void *)patch, flags, store_test_on_result, out));
	wait_result(out);
}

static void delete (const struct api_resource *res, const char *ns, const char *name,
		    const struct store_delete_opts *opts, struct store_test_result *out)
{
	struct store_delete_opts d = { .grace_period_seconds = -1, .orphan_dependents = -1 };

	memset(out, 0, sizeof(*out));
	ck_assert_ptr_nonnull(store_delete(store_set_get(set, res), res, ns, name,
					   opts != NULL ? opts : &d, store_test_on_result, out));
	wait_result(out);
}

START_TEST(test_create_get_exists)
{
	const struct api_resource *cm = R("", "configmaps");
	struct store_test_result r, g, again;

	create(cm,
	       "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\","
	       "\"namespace\":\"t1\",\"resourceVersion\":\"99\"},\"data\":{\"a\":\"b\"}}",
	       0, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_int_eq(r.created, 1);
	ck_assert_ptr_nonnull(rv_of(&r));
	ck_assert_str_ne(rv_of(&r), "99");
	get_etcd(cm, "t1", "c1", &g);
	ck_assert_int_eq(g.code, 0);
	ck_assert_str_eq(rv_of(&g), rv_of(&r));
	ck_assert_str_eq(kc_json_get_string(g.obj, "data.a", ""), "b");
	create(cm,
	       "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\","
	       "\"namespace\":\"t1\"}}",
	       0, &again);
	ck_assert_int_eq(again.code, 409);
	ck_assert_str_eq(again.message, "configmaps \"c1\" already exists");
	store_test_result_release(&r);
	store_test_result_release(&g);
	store_test_result_release(&again);
}
END_TEST

START_TEST(test_create_dry_run)
{
	const struct api_resource *cm = R("", "configmaps");
	struct store_test_result r, g;

	create(cm, "{\"metadata\":{\"name\":\"dry\",\"namespace\":\"t2\"}}", STORE_DRY_RUN, &r);
	ck_assert_int_eq(r.code, 0);
	ck_assert_ptr_null(rv_of(&r));
	get_etcd(cm, "t2", "dry", &g);
	ck_assert_int_eq(g.code, 404);
	ck_assert_str_eq(g.message, "configmaps \"dry\" not found");
	store_test_result_release(&r);
	store_test_result_release(&g);
}
END_TEST

START_TEST(test_update_and_noop)
{
	const struct api_resource *cm = R("", "configmaps");
	struct store_test_result c, u, same, dry, g;

	create(cm, "{\"metadata\":{\"name\":\"u\",\"namespace\":\"t3\"},\"data\":{\"a\":\"1\"}}", 0,
	       &c);
	update(cm, "t3", "u", "{\"data\":{\"a\":\"2\"}}", 0, &u);
	ck_assert_int_eq(u.code, 0);
	ck_assert_int_gt(atoll(rv_of(&u)), atoll(rv_of(&c)));
	/* a no-op: nothing written, the same resourceVersion (API-COMPAT M5) */
	update(cm, "t3", "u", "{\"data\":{\"a\":\"2\"}}", 0, &same);
	ck_assert_int_eq(same.code, 0);
	ck_assert_int_eq(same.unchanged, 1);
	ck_assert_str_eq(rv_of(&same), rv_of(&u));
	/* dry run: the result, but no write and no new resourceVersion */
	update(cm, "t3", "u", "{\"data\":{\"a\":\"3\"}}", STORE_DRY_RUN, &dry);
	ck_assert_int_eq(dry.code, 0);
	ck_assert_str_eq(kc_json_get_string(dry.obj, "data.a", ""), "3");
	ck_assert_str_eq(rv_of(&dry), rv_of(&u));
	get_etcd(cm, "t3", "u", &g);
	ck_assert_str_eq(kc_json_get_string(g.obj, "data.a", ""), "2");
	ck_assert_str_eq(rv_of(&g), rv_of(&u));
	store_test_result_release(&c);
	store_test_result_release(&u);
	store_test_result_release(&same);
	store_test_result_release(&dry);
	store_test_result_release(&g);
}
END_TEST

START_TEST(test_update_missing)
{
	struct store_test_result u;

	update(R("", "configmaps"), "t4", "none", "{}", 0, &u);
	ck_assert_int_eq(u.code, 404);
	ck_assert_str_eq(u.message, "configmaps \"none\" not found");
}
END_TEST

static void
on_raw(void *arg, int err, const struct kc_etcd3_result *res)
{
	int *done = arg;

	(void)res;
	*done = err < 0 ? -1 : 1;
}

START_TEST(test_update_conflict_retried)
{
	const struct api_resource *cm = R("", "configmaps");
	const char *raw = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
			  "\"r\",\"namespace\":\"t5\"},\"data\":{\"x\":\"raw\"}}";
	struct store_test_result c, u, g;
	int done = 0;

	create(cm, "{\"metadata\":{\"name\":\"r\",\"namespace\":\"t5\"},\"data\":{\"x\":\"1\"}}", 0,
	       &c);
	/* a write behind the cache's back, then at once an update: whether the cache saw it or
	 * not, the update lands on it (conflict, re-read, apply again) */
	ck_assert_ptr_nonnull(kc_etcd3_update(e3, "/configmaps/t5/r", raw, strlen(raw),
					      KC_ETCD3_ANY_REVISION, 0, on_raw, &done));
	run_until(&done, 3000);
	ck_assert_int_eq(done, 1);
	update(cm, "t5", "r", "{\"data\":{\"y\":\"2\"}}", 0, &u);
	ck_assert_int_eq(u.code, 0);
	get_etcd(cm, "t5", "r", &g);
	ck_assert_str_eq(kc_json_get_string(g.obj, "data.x", ""), "raw");
	ck_assert_str_eq(kc_json_get_string(g.obj, "data.y", ""), "2");
	store_test_result_release(&c);
	store_test_result_release(&u);
	store_test_result_release(&g);
}
END_TEST

static int
fail_fn(void *arg, const json_t *current, int fresh, json_t **ret, json_t **ret_status)
{
	int *calls = arg;

	(void)current;
	(void)ret;
	(*calls)++;
	if (!fresh)
		return KC_ERR_CONFLICT; /* "my precondition failed on a cached state": re-read */
	*ret_status =
		json_pack("{s:s, s:i, s:s}", "kind", "Status", "code", 409, "message", "stale");
	return KC_ERR_CONFLICT;
}

START_TEST(test_update_fn_status)
{
	const struct api_resource *cm = R("", "configmaps");
	struct store_test_result c, u = { 0 };
	int calls = 0;

	create(cm, "{\"metadata\":{\"name\":\"f\",\"namespace\":\"t6\"}}", 0, &c);
	ck_assert_ptr_nonnull(store_update(store_set_get(set, cm), cm, "t6", "f", fail_fn, &calls,
					   0, store_test_on_result, &u));
	wait_result(&u);
	ck_assert_int_eq(u.code, 409);
	ck_assert_str_eq(u.message, "stale");
	ck_assert_int_ge(calls, 1);
	store_test_result_release(&c);
}
END_TEST

START_TEST(test_delete_plain_and_preconditions)
{
	const struct api_resource *cm = R("", "configmaps");
	struct store_delete_opts bad = { .grace_period_seconds = -1,
					 .orphan_dependents = -1,
					 .precondition_uid = "other" };
	struct store_test_result c, d, d2, g;
	char want[256];

	create(cm, "{\"metadata\":{\"name\":\"d\",\"namespace\":\"t7\",\"uid\":\"uid-d\"}}", 0, &c);
	delete (cm, "t7", "d", &bad, &d);
	ck_assert_int_eq(d.code, 409);
	snprintf(want, sizeof(want),
		 "Operation cannot be fulfilled on ConfigMap \"d\": the UID in the precondition "
		 "(other) does not match the UID in record (uid-d). The object might have been "
		 "deleted and then recreated");
	ck_assert_str_eq(d.message, want);
	delete (cm, "t7", "d", NULL, &d2);
	ck_assert_int_eq(d2.code, 0);
	ck_assert_int_eq(d2.deleted, 1);
	ck_assert_str_eq(kc_meta_uid(d2.obj), "uid-d");
	get_etcd(cm, "t7", "d", &g);
	ck_assert_int_eq(g.code, 404);
	store_test_result_release(&c);
	store_test_result_release(&d);
	store_test_result_release(&d2);
	store_test_result_release(&g);
}
END_TEST

START_TEST(test_delete_finalizers)
{
	const struct api_resource *cm = R("", "configmaps");
	struct store_test_result c, d, u, g;

	create(cm,
	       "{\"metadata\":{\"name\":\"fz\",\"namespace\":\"t8\",\"generation\":1,"
	       "\"finalizers\":[\"example.com/hold\"]}}",
	       0, &c);
	delete (cm, "t8", "fz", NULL, &d);
	ck_assert_int_eq(d.code, 0);
	ck_assert_int_eq(d.deleted, 0);
	ck_assert_int_eq(d.graceful, 1);
	ck_assert(kc_meta_is_being_deleted(d.obj));
	ck_assert_int_eq(kc_json_get_int64(d.obj, "metadata.deletionGracePeriodSeconds", -1), 0);
	ck_assert_int_eq(kc_meta_generation(d.obj), 2);
	/* the update that removes the last finalizer deletes it for real */
	update(cm, "t8", "fz", "{\"metadata\":{\"finalizers\":null}}", 0, &u);
	ck_assert_int_eq(u.code, 0);
	ck_assert_int_eq(u.deleted, 1);
	get_etcd(cm, "t8", "fz", &g);
	ck_assert_int_eq(g.code, 404);
	store_test_result_release(&c);
	store_test_result_release(&d);
	store_test_result_release(&u);
	store_test_result_release(&g);
}
END_TEST

START_TEST(test_delete_orphan_finalizer)
{
	const struct api_resource *cm = R("", "configmaps");
	struct store_delete_opts o = { .grace_period_seconds = -1,
				       .orphan_dependents = -1,
				       .propagation_policy = "Orphan" };
	struct store_test_result c, d;

	create(cm, "{\"metadata\":{\"name\":\"or\",\"namespace\":\"t9\"}}", 0, &c);
	delete (cm, "t9", "or", &o, &d);
	ck_assert_int_eq(d.code, 0);
	ck_assert_int_eq(d.graceful, 1);
	ck_assert(kc_meta_has_finalizer(d.obj, "orphan"));
	store_test_result_release(&c);
	store_test_result_release(&d);
}
END_TEST

START_TEST(test_delete_graceful_pod)
{
	const struct api_resource *pods = R("", "pods");
	struct store_delete_opts shorter = { .grace_period_seconds = 5, .orphan_dependents = -1 };
	struct store_delete_opts now = { .grace_period_seconds = 0, .orphan_dependents = -1 };
	struct store_test_result c, d, again, d5, d0, u;

	create(pods,
	       "{\"metadata\":{\"name\":\"p\",\"namespace\":\"t10\"},\"spec\":{\"nodeName\":"
	       "\"n1\",\"terminationGracePeriodSeconds\":30}}",
	       0, &c);
	delete (pods, "t10", "p", NULL, &d);
	ck_assert_int_eq(d.code, 0);
	ck_assert_int_eq(d.graceful, 1);
	ck_assert_int_eq(kc_json_get_int64(d.obj, "metadata.deletionGracePeriodSeconds", -1), 30);
	/* a second delete without a grace period changes nothing */
	delete (pods, "t10", "p", NULL, &again);
	ck_assert_int_eq(again.graceful, 1);
	ck_assert_str_eq(rv_of(&again), rv_of(&d));
	/* only a shorter grace period is taken */
	delete (pods, "t10", "p", &shorter, &d5);
	ck_assert_int_eq(kc_json_get_int64(d5.obj, "metadata.deletionGracePeriodSeconds", -1), 5);
	/* an update emptying finalizers does not remove a pod with a grace period pending */
	update(pods, "t10", "p", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", 0, &u);
	ck_assert_int_eq(u.deleted, 0);
	/* the kubelet's final delete */
	delete (pods, "t10", "p", &now, &d0);
	ck_assert_int_eq(d0.code, 0);
	ck_assert_int_eq(d0.deleted, 1);
	store_test_result_release(&c);
	store_test_result_release(&d);
	store_test_result_release(&again);
	store_test_result_release(&d5);
	store_test_result_release(&d0);
	store_test_result_release(&u);
}
END_TEST

START_TEST(test_delete_unscheduled_pod)
{
	const struct api_resource *pods = R("", "pods");
	struct store_test_result c, d;

	create(pods,
	       "{\"metadata\":{\"name\":\"q\",\"namespace\":\"t11\"},\"spec\":{"
	       "\"terminationGracePeriodSeconds\":30}}",
	       0, &c);
	delete (pods, "t11", "q", NULL, &d);
	ck_assert_int_eq(d.code, 0);
	ck_assert_int_eq(d.deleted, 1);
	store_test_result_release(&c);
	store_test_result_release(&d);
}
END_TEST

START_TEST(test_delete_namespace)
{
	const struct api_resource *ns = R("", "namespaces");
	struct store_test_result c, d, d2, fin;

	create(ns,
	       "{\"metadata\":{\"name\":\"gone-ns\"},\"spec\":{\"finalizers\":[\"kubernetes\"]},"
	       "\"status\":{\"phase\":\"Active\"}}",
	       0, &c);
	delete (R("", "namespaces"), NULL, "gone-ns", NULL, &d);
	ck_assert_int_eq(d.code, 0);
	ck_assert_int_eq(d.graceful, 1);
	ck_assert_str_eq(kc_json_get_string(d.obj, "status.phase", ""), "Terminating");
	ck_assert(kc_meta_is_being_deleted(d.obj));
	/* a second delete waits for the namespace controller */
	delete (ns, NULL, "gone-ns", NULL, &d2);
	ck_assert_int_eq(d2.graceful, 1);
	/* its finalize update empties spec.finalizers: the namespace goes */
	update(ns, NULL, "gone-ns", "{\"spec\":{\"finalizers\":[]}}", 0, &fin);
	ck_assert_int_eq(fin.code, 0);
	ck_assert_int_eq(fin.deleted, 1);
	store_test_result_release(&c);
	store_test_result_release(&d);
	store_test_result_release(&d2);
	store_test_result_release(&fin);
}
END_TEST

START_TEST(test_free_fails_pending)
{
	struct store_test_result g = { 0 };

	ck_assert_ptr_nonnull(store_get(store_set_get(set, R("", "configmaps")),
					R("", "configmaps"), "t12", "x", NULL, store_test_on_result,
					&g));
	set = store_set_free(set);
	ck_assert_int_eq(g.done, 1);
	ck_assert_int_eq(g.code, 503);
	ck_assert_str_eq(g.message, "the apiserver is shutting down");
}
END_TEST

static Suite *
registry_store_suite(void)
{
	Suite *s = suite_create("registry_store");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, test_keys);
	tcase_add_loop_test(tc, test_resource_version_placement, 0, (int)KC_ARRAY_SIZE(rv_cases));
	tcase_add_loop_test(tc, test_objects_equal, 0, (int)KC_ARRAY_SIZE(eq_cases));
	tcase_add_test(tc, test_objects_equal_null);
	tcase_add_loop_test(tc, test_should_delete_during_update, 0, (int)KC_ARRAY_SIZE(sdu_cases));
	tcase_add_test(tc, test_preconditions);
	tcase_add_loop_test(tc, test_pod_grace_period, 0, (int)KC_ARRAY_SIZE(grace_cases));
	tcase_add_test(tc, test_returns_deleted_object);
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, store_setup, store_teardown);
	tcase_add_test(tc, test_create_get_exists);
	tcase_add_test(tc, test_create_dry_run);
	tcase_add_test(tc, test_update_and_noop);
	tcase_add_test(tc, test_update_missing);
	tcase_add_test(tc, test_update_conflict_retried);
	tcase_add_test(tc, test_update_fn_status);
	tcase_add_test(tc, test_delete_plain_and_preconditions);
	tcase_add_test(tc, test_delete_finalizers);
	tcase_add_test(tc, test_delete_orphan_finalizer);
	tcase_add_test(tc, test_delete_graceful_pod);
	tcase_add_test(tc, test_delete_unscheduled_pod);
	tcase_add_test(tc, test_delete_namespace);
	tcase_add_test(tc, test_free_fails_pending);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(registry_store_suite)
