/*
 * check_store.c - the informer cache: keys, add/update/delete, indexers (namespace,
 * field, labels, custom multi-value), replace with deltas, bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"
#include "libkcommon/strv.h"
#include "test/unit/testutil/testutil.h"

static json_t *
pod(const char *ns, const char *name, const char *node, const char *rv)
{
	json_t *o = json_pack("{s:{s:s, s:s}, s:{}}", "metadata", "name", name, "resourceVersion",
			      rv != NULL ? rv : "1", "spec");

	ck_assert_ptr_nonnull(o);
	if (ns != NULL)
		json_object_set_new(json_object_get(o, "metadata"), "namespace", json_string(ns));
	if (node != NULL)
		json_object_set_new(json_object_get(o, "spec"), "nodeName", json_string(node));
	return o;
}

static json_t *
with_labels(json_t *o, const char *labels_json)
{
	json_object_set_new(json_object_get(o, "metadata"), "labels",
			    json_loads(labels_json, 0, NULL));
	return o;
}

/* Objects are stored under kc_meta_key(): "namespace/name", or "name" when cluster-scoped. */
START_TEST(test_key_of_objects)
{
	struct kc_store *s = kc_store_new();
	json_auto_t *namespaced = pod("default", "web", NULL, NULL);
	json_auto_t *cluster = pod(NULL, "node-1", NULL, NULL);
	json_auto_t *emptyns = pod("", "node-2", NULL, NULL);
	KC_CLEANUP(kc_strv_release) struct kc_strv keys = KC_STRV_INIT;

	ck_assert_int_eq(kc_store_add(s, namespaced, NULL), 0);
	ck_assert_int_eq(kc_store_add(s, cluster, NULL), 0);
	ck_assert_int_eq(kc_store_add(s, emptyns, NULL), 0);
	ck_assert_ptr_eq(kc_store_get(s, "default/web"), namespaced);
	ck_assert_ptr_eq(kc_store_get(s, "node-1"), cluster);
	ck_assert_ptr_eq(kc_store_get(s, "node-2"), emptyns);
	ck_assert_ptr_null(kc_store_get(s, "web"));
	ck_assert_int_eq(kc_store_list_keys(s, &keys), 0);
	ck_assert_uint_eq(keys.n, 3);
	for (size_t i = 0; i < keys.n; i++) {
		KC_AUTOFREE char *key = kc_meta_key(kc_store_get(s, keys.v[i]));

		ck_assert_str_eq(key, keys.v[i]);
	}
	kc_store_free(s);
}
END_TEST

START_TEST(test_add_get_update_delete)
{
	struct kc_store *s = kc_store_new();
	json_auto_t *p1 = pod("default", "web", NULL, "1");
	json_auto_t *p2 = pod("default", "web", NULL, "2");
	json_t *old = (json_t *)1;

	ck_assert_int_eq(kc_store_add(s, p1, &old), 0);
	ck_assert_ptr_null(old);
	ck_assert_int_eq(p1->refcount, 2); /* shared, not copied */
	ck_assert_ptr_eq(kc_store_get(s, "default/web"), p1);
	ck_assert_int_eq(kc_store_add(s, p2, &old), 0);
	ck_assert_ptr_eq(old, p1);
	json_decref(old);
	ck_assert_int_eq(p1->refcount, 1);
	ck_assert_ptr_eq(kc_store_get(s, "default/web"), p2);
	ck_assert_uint_eq(kc_store_size(s), 1);
	ck_assert_int_eq(kc_store_delete(s, "default/web", &old), 0);
	ck_assert_ptr_eq(old, p2);
	json_decref(old);
	ck_assert_int_eq(kc_store_delete(s, "default/web", NULL), KC_ERR_NOT_FOUND);
	ck_assert_ptr_null(kc_store_get(s, "default/web"));
	ck_assert_ptr_null(kc_store_get(s, NULL));
	ck_assert_uint_eq(kc_store_size(s), 0);
	ck_assert_ptr_null(kc_store_free(s));
	ck_assert_ptr_null(kc_store_free(NULL));
}
END_TEST

START_TEST(test_add_bad_objects)
{
	struct kc_store *s = kc_store_new();
	json_auto_t *noname = json_pack("{s:{s:s}}", "metadata", "namespace", "x");
	json_auto_t *emptyname =
		json_pack("{s:{s:s, s:s}}", "metadata", "namespace", "x", "name", "");
	json_auto_t *notobj = json_string("pod");

	ck_assert_int_eq(kc_store_add(s, noname, NULL), KC_ERR_INVALID);
	ck_assert_int_eq(kc_store_add(s, emptyname, NULL), KC_ERR_INVALID);
	ck_assert_int_eq(kc_store_add(s, notobj, NULL), KC_ERR_INVALID);
	ck_assert_int_eq(kc_store_add(s, NULL, NULL), KC_ERR_INVALID);
	ck_assert_int_eq(noname->refcount, 1);
	ck_assert_uint_eq(kc_store_size(s), 0);
	kc_store_free(s);
}
END_TEST

START_TEST(test_namespace_index)
{
	struct kc_store *s = kc_store_new();
	KC_CLEANUP(kc_strv_release) struct kc_strv keys = KC_STRV_INIT;
	KC_CLEANUP(kc_strv_release) struct kc_strv values = KC_STRV_INIT;
	json_auto_t *list = NULL;
	const char *names[] = { "a", "b", "c" };

	for (size_t i = 0; i < 3; i++) {
		json_auto_t *p = pod(i < 2 ? "default" : "kube-system", names[i], NULL, NULL);

		ck_assert_int_eq(kc_store_add(s, p, NULL), 0);
	}
	ck_assert_uint_eq(kc_store_index_count(s, KC_STORE_INDEX_NAMESPACE, "default"), 2);
	ck_assert_uint_eq(kc_store_index_count(s, KC_STORE_INDEX_NAMESPACE, "kube-system"), 1);
	ck_assert_uint_eq(kc_store_index_count(s, KC_STORE_INDEX_NAMESPACE, "nope"), 0);
	ck_assert_int_eq(kc_store_index_keys(s, "namespace", "default", &keys), 0);
	ck_assert_uint_eq(keys.n, 2);
	ck_assert(kc_strv_contains(&keys, "default/a") && kc_strv_contains(&keys, "default/b"));
	ck_assert_int_eq(kc_store_by_index_list(s, "namespace", "kube-system", &list), 0);
	ck_assert_uint_eq(json_array_size(list), 1);
	ck_assert_ptr_eq(json_array_get(list, 0), kc_store_get(s, "kube-system/c"));
	ck_assert_int_eq(kc_store_index_values(s, "namespace", &values), 0);
	ck_assert_uint_eq(values.n, 2);
	/* Deleting the last object of a value drops the value. */
	ck_assert_int_eq(kc_store_delete(s, "kube-system/c", NULL), 0);
	kc_strv_release(&values);
	ck_assert_int_eq(kc_store_index_values(s, "namespace", &values), 0);
	ck_assert_uint_eq(values.n, 1);
	ck_assert_str_eq(values.v[0], "default");
	kc_store_free(s);
}
END_TEST

START_TEST(test_unknown_index)
{
	struct kc_store *s = kc_store_new();
	KC_CLEANUP(kc_strv_release) struct kc_strv keys = KC_STRV_INIT;
	json_t *list = NULL;

	ck_assert_int_eq(kc_store_index_keys(s, "byNode", "n1", &keys), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(kc_store_by_index_list(s, "byNode", "n1", &list), KC_ERR_NOT_FOUND);
	ck_assert_ptr_null(list);
	ck_assert_int_eq(kc_store_index_values(s, "byNode", &keys), KC_ERR_NOT_FOUND);
	ck_assert_uint_eq(kc_store_index_count(s, "byNode", "n1"), 0);
	ck_assert_int_eq(kc_store_add_index(s, "namespace", kc_store_index_namespace, NULL),
			 KC_ERR_ALREADY_EXISTS);
	ck_assert_int_eq(kc_store_add_index(s, NULL, kc_store_index_namespace, NULL),
			 KC_ERR_INVALID);
	ck_assert_int_eq(kc_store_add_index(s, "x", NULL, NULL), KC_ERR_INVALID);
	kc_store_free(s);
}
END_TEST

START_TEST(test_field_index_follows_updates)
{
	struct kc_store *s = kc_store_new();
	char path[] = "spec.nodeName";
	json_auto_t *pending = pod("default", "web", NULL, "1");
	json_auto_t *bound = pod("default", "web", "node-a", "2");
	json_auto_t *moved = pod("default", "web", "node-b", "3");
	json_auto_t *other = pod("default", "db", "node-a", "1");

	ck_assert_int_eq(kc_store_add(s, pending, NULL), 0);
	ck_assert_int_eq(kc_store_add(s, other, NULL), 0);
	ck_assert_int_eq(kc_store_add_index(s, "nodeName", kc_store_index_field, path), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "nodeName", "node-a"), 1);
	ck_assert_int_eq(kc_store_add(s, bound, NULL), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "nodeName", "node-a"), 2);
	ck_assert_int_eq(kc_store_add(s, moved, NULL), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "nodeName", "node-a"), 1);
	ck_assert_uint_eq(kc_store_index_count(s, "nodeName", "node-b"), 1);
	ck_assert_int_eq(kc_store_delete(s, "default/web", NULL), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "nodeName", "node-b"), 0);
	kc_store_free(s);
}
END_TEST

START_TEST(test_label_index_multi_value)
{
	struct kc_store *s = kc_store_new();
	char app[] = "app";
	json_auto_t *v1 = with_labels(pod("default", "web", NULL, "1"),
				      "{\"app\":\"web\",\"tier\":\"front\"}");
	json_auto_t *v2 = with_labels(pod("default", "web", NULL, "2"),
				      "{\"app\":\"web\",\"tier\":\"back\"}");
	KC_CLEANUP(kc_strv_release) struct kc_strv values = KC_STRV_INIT;

	ck_assert_int_eq(kc_store_add_index(s, "labels", kc_store_index_labels, NULL), 0);
	ck_assert_int_eq(kc_store_add_index(s, "app", kc_store_index_labels, app), 0);
	ck_assert_int_eq(kc_store_add(s, v1, NULL), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "labels", "app=web"), 1);
	ck_assert_uint_eq(kc_store_index_count(s, "labels", "tier=front"), 1);
	ck_assert_uint_eq(kc_store_index_count(s, "app", "web"), 1);
	ck_assert_int_eq(kc_store_add(s, v2, NULL), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "labels", "app=web"), 1);
	ck_assert_uint_eq(kc_store_index_count(s, "labels", "tier=front"), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "labels", "tier=back"), 1);
	ck_assert_int_eq(kc_store_index_values(s, "labels", &values), 0);
	ck_assert_uint_eq(values.n, 2);
	kc_store_free(s);
}
END_TEST

/* A custom index whose function fails for some objects: they are simply not indexed. */
static int
failing_index(void *arg, const json_t *obj, struct kc_strv *ret)
{
	const char *node =
		json_string_value(json_object_get(json_object_get(obj, "spec"), "nodeName"));

	if (node == NULL)
		return KC_ERR_INVALID;
	return kc_strv_push(ret, node);
}

START_TEST(test_index_function_failure)
{
	struct kc_store *s = kc_store_new();
	json_auto_t *a = pod("default", "a", "n1", "1");
	json_auto_t *a2 = pod("default", "a", NULL, "2");

	ck_assert_int_eq(kc_store_add_index(s, "node", failing_index, NULL), 0);
	ck_assert_int_eq(kc_store_add(s, a, NULL), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "node", "n1"), 1);
	ck_assert_int_eq(kc_store_add(s, a2, NULL), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "node", "n1"), 0);
	ck_assert_ptr_eq(kc_store_get(s, "default/a"), a2);
	kc_store_free(s);
}
END_TEST

struct delta_log {
	char lines[16][96];
	int n;
};

static void
log_delta(void *arg, enum kc_store_delta type, const char *key, const json_t *old,
	  const json_t *cur)
{
	static const char *const names[] = { "add", "update", "delete" };
	struct delta_log *l = arg;
	const json_t *rvsrc = cur != NULL ? cur : old;
	const char *rv = json_string_value(
		json_object_get(json_object_get(rvsrc, "metadata"), "resourceVersion"));

	ck_assert_int_lt(l->n, 16);
	snprintf(l->lines[l->n++], sizeof(l->lines[0]), "%s %s %s%s", names[type], key,
		 old != NULL ? "old=" : "", rv != NULL ? rv : "?");
}

START_TEST(test_replace_deltas)
{
	struct kc_store *s = kc_store_new();
	struct delta_log log = { .n = 0 };
	json_auto_t *a1 = pod("default", "a", NULL, "1");
	json_auto_t *b1 = pod("default", "b", NULL, "1");
	json_auto_t *items = json_array();

	ck_assert_int_eq(kc_store_add(s, a1, NULL), 0);
	ck_assert_int_eq(kc_store_add(s, b1, NULL), 0);
	json_array_append_new(items, pod("default", "a", NULL, "5"));
	json_array_append_new(items, pod("default", "c", NULL, "6"));
	json_array_append_new(items, json_pack("{s:{}}", "metadata")); /* no name: skipped */
	json_array_append_new(items, json_pack("{s:{s:s}}", "metadata", "name", "")); /* same */
	ck_assert_int_eq(kc_store_replace(s, items, log_delta, &log), 0);
	ck_assert_int_eq(log.n, 3);
	ck_assert_str_eq(log.lines[0], "update default/a old=5");
	ck_assert_str_eq(log.lines[1], "add default/c 6");
	/* The delete carries the last known state (upstream DeletedFinalStateUnknown). */
	ck_assert_str_eq(log.lines[2], "delete default/b old=1");
	ck_assert_uint_eq(kc_store_size(s), 2);
	ck_assert_ptr_null(kc_store_get(s, "default/b"));
	ck_assert_uint_eq(kc_store_index_count(s, "namespace", "default"), 2);
	ck_assert_int_eq(b1->refcount, 1);
	kc_store_free(s);
}
END_TEST

START_TEST(test_replace_empty_and_null_fn)
{
	struct kc_store *s = kc_store_new();
	json_auto_t *items = json_array();

	for (int i = 0; i < 50; i++) {
		char name[16];
		json_auto_t *p = NULL;

		snprintf(name, sizeof(name), "p%d", i);
		p = pod("ns", name, NULL, NULL);
		ck_assert_int_eq(kc_store_add(s, p, NULL), 0);
	}
	ck_assert_int_eq(kc_store_replace(s, items, NULL, NULL), 0);
	ck_assert_uint_eq(kc_store_size(s), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "namespace", "ns"), 0);
	kc_store_free(s);
}
END_TEST

static int
count_until_three(void *arg, const char *key, const json_t *obj)
{
	int *n = arg;

	return ++*n == 3 ? 42 : 0;
}

START_TEST(test_list_foreach)
{
	struct kc_store *s = kc_store_new();
	KC_CLEANUP(kc_strv_release) struct kc_strv keys = KC_STRV_INIT;
	json_auto_t *list = NULL;
	int n = 0;

	for (int i = 0; i < 10; i++) {
		char name[16];
		json_auto_t *p = NULL;

		snprintf(name, sizeof(name), "p%d", i);
		p = pod(NULL, name, NULL, NULL);
		ck_assert_int_eq(kc_store_add(s, p, NULL), 0);
	}
	list = kc_store_list(s);
	ck_assert_uint_eq(json_array_size(list), 10);
	ck_assert_int_eq(kc_store_list_keys(s, &keys), 0);
	ck_assert_uint_eq(keys.n, 10);
	ck_assert(kc_strv_contains(&keys, "p7"));
	ck_assert_int_eq(kc_store_foreach(s, count_until_three, &n), 42);
	ck_assert_int_eq(n, 3);
	kc_store_free(s);
}
END_TEST

/* Ten thousand pods over 100 nodes: every lookup stays exact after churn. */
START_TEST(test_many_objects)
{
	struct kc_store *s = kc_store_new();
	char path[] = "spec.nodeName";
	char name[32], node[32];

	ck_assert_int_eq(kc_store_add_index(s, "node", kc_store_index_field, path), 0);
	for (int i = 0; i < 10000; i++) {
		json_auto_t *p = NULL;

		snprintf(name, sizeof(name), "pod-%d", i);
		snprintf(node, sizeof(node), "node-%d", i % 100);
		p = pod("default", name, node, NULL);
		ck_assert_int_eq(kc_store_add(s, p, NULL), 0);
	}
	ck_assert_uint_eq(kc_store_size(s), 10000);
	ck_assert_uint_eq(kc_store_index_count(s, "node", "node-42"), 100);
	for (int i = 0; i < 10000; i += 2) {
		snprintf(name, sizeof(name), "default/pod-%d", i);
		ck_assert_int_eq(kc_store_delete(s, name, NULL), 0);
	}
	ck_assert_uint_eq(kc_store_index_count(s, "node", "node-42"), 0);
	ck_assert_uint_eq(kc_store_index_count(s, "node", "node-43"), 100);
	ck_assert_uint_eq(kc_store_index_count(s, "namespace", "default"), 5000);
	kc_store_free(s);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_key_of_objects);
	tcase_add_test(tc, test_add_get_update_delete);
	tcase_add_test(tc, test_add_bad_objects);
	tcase_add_test(tc, test_namespace_index);
	tcase_add_test(tc, test_unknown_index);
	tcase_add_test(tc, test_field_index_follows_updates);
	tcase_add_test(tc, test_label_index_multi_value);
	tcase_add_test(tc, test_index_function_failure);
	tcase_add_test(tc, test_replace_deltas);
	tcase_add_test(tc, test_replace_empty_and_null_fn);
	tcase_add_test(tc, test_list_foreach);
	tcase_add_test(tc, test_many_objects);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(store_suite)
