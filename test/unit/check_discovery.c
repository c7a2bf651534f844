/*
 * check_discovery.c - the resource table's invariants, discovery documents (legacy and
 * aggregated, API-COMPAT.md §3.1 D1-D4) and Status constructors (§3.6).
 */
#include <ctype.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "kube-apiserver/endpoints/discovery.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "test/unit/testutil/testutil.h"

static json_t *
find_by(json_t *array, const char *key, const char *value)
{
	size_t i;
	json_t *v;

	json_array_foreach(array, i, v)
		if (json_is_string(json_object_get(v, key)) &&
		    strcmp(json_string_value(json_object_get(v, key)), value) == 0)
			return v;
	return NULL;
}

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "<absent>";
}

START_TEST(test_table_invariants)
{
	int n = 0;

	for (const struct api_resource *r = api_resources; r->resource != NULL; r++, n++) {
		char lower[64];
		size_t i;

		ck_assert_msg(isupper((unsigned char)r->kind[0]), "%s kind", r->resource);
		for (i = 0; r->kind[i] != '\0' && i < sizeof(lower) - 1; i++)
			lower[i] = (char)tolower((unsigned char)r->kind[i]);
		lower[i] = '\0';
		ck_assert_str_eq(r->singular, lower);
		for (const char *p = r->resource; *p; p++)
			ck_assert_msg(islower((unsigned char)*p) || *p == '.', "%s", r->resource);
		/* stored resources have an etcd prefix; create-only reviews have none */
		ck_assert_msg((r->etcd_prefix != NULL) == ((r->verbs & VERB_GET) != 0), "%s",
			      r->resource);
		ck_assert_ptr_eq(registry_lookup(r->group, r->version, r->resource), r);
	}
	ck_assert_int_gt(n, 40);
	ck_assert_ptr_null(registry_lookup("", "v1", "nosuch"));
	ck_assert_ptr_null(registry_lookup("apps", "v2", "deployments"));
}
END_TEST

START_TEST(test_legacy_core_resource_list)
{
	json_t *l = discovery_resource_list("", "v1");
	json_t *res = json_object_get(l, "resources");
	json_t *pods = find_by(res, "name", "pods");
	json_t *eviction = find_by(res, "name", "pods/eviction");
	json_t *status = find_by(res, "name", "pods/status");
	json_t *ns = find_by(res, "name", "namespaces");

	ck_assert_str_eq(str(l, "kind"), "APIResourceList");
	ck_assert_str_eq(str(l, "groupVersion"), "v1");
	ck_assert_ptr_nonnull(pods);
	ck_assert_str_eq(str(pods, "kind"), "Pod");
	ck_assert_str_eq(str(pods, "singularName"), "pod");
	ck_assert(json_is_true(json_object_get(pods, "namespaced")));
	ck_assert_int_eq(json_array_size(json_object_get(pods, "verbs")), 8);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(pods, "shortNames"), 0)), "po");
	/* drain looks for pods/eviction with group policy, version v1 (API-COMPAT D3) */
	ck_assert_ptr_nonnull(eviction);
	ck_assert_str_eq(str(eviction, "group"), "policy");
	ck_assert_str_eq(str(eviction, "version"), "v1");
	ck_assert_str_eq(str(eviction, "kind"), "Eviction");
	ck_assert_ptr_null(json_object_get(status, "group"));
	ck_assert_str_eq(str(status, "kind"), "Pod");
	ck_assert(!json_is_true(json_object_get(ns, "namespaced")));
	ck_assert_int_eq(json_array_size(json_object_get(ns, "verbs")), 7); /* no deletecollection */
	json_decref(l);
}
END_TEST

START_TEST(test_legacy_apps_resource_list)
{
	json_t *l = discovery_resource_list("apps", "v1");
	json_t *res = json_object_get(l, "resources");
	json_t *d = find_by(res, "name", "deployments");
	json_t *scale = find_by(res, "name", "deployments/scale");

	ck_assert_str_eq(str(l, "groupVersion"), "apps/v1");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(d, "categories"), 0)), "all");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(d, "shortNames"), 0)), "deploy");
	ck_assert_str_eq(str(scale, "group"), "autoscaling");
	ck_assert_str_eq(str(scale, "kind"), "Scale");
	json_decref(l);
	ck_assert_ptr_null(discovery_resource_list("apps", "v2"));
	ck_assert_ptr_null(discovery_resource_list("nosuch.io", "v1"));
}
END_TEST

START_TEST(test_group_list_and_group)
{
	json_t *gl = discovery_group_list();
	json_t *apps = find_by(json_object_get(gl, "groups"), "name", "apps");
	json_t *g = discovery_group("rbac.authorization.k8s.io");

	ck_assert_str_eq(str(gl, "kind"), "APIGroupList");
	ck_assert_ptr_null(find_by(json_object_get(gl, "groups"), "name", ""));
	ck_assert_str_eq(str(json_object_get(apps, "preferredVersion"), "groupVersion"), "apps/v1");
	ck_assert_str_eq(str(g, "kind"), "APIGroup");
	ck_assert_str_eq(str(json_object_get(g, "preferredVersion"), "version"), "v1");
	ck_assert_ptr_null(discovery_group("nosuch.io"));
	ck_assert_ptr_null(discovery_group(""));
	json_decref(gl);
	json_decref(g);
}
END_TEST

START_TEST(test_aggregated_core)
{
	json_t *a = discovery_aggregated(1, "v2");
	json_t *items = json_object_get(a, "items");
	json_t *core = json_array_get(items, 0);
	json_t *v1 = json_array_get(json_object_get(core, "versions"), 0);
	json_t *pods = find_by(json_object_get(v1, "resources"), "resource", "pods");
	json_t *ev = find_by(json_object_get(pods, "subresources"), "subresource", "eviction");

	ck_assert_str_eq(str(a, "apiVersion"), "apidiscovery.k8s.io/v2");
	ck_assert_int_eq(json_array_size(items), 1);
	ck_assert_str_eq(str(json_object_get(core, "metadata"), "name"), "");
	ck_assert_str_eq(str(v1, "freshness"), "Current");
	ck_assert_str_eq(str(pods, "scope"), "Namespaced");
	ck_assert_str_eq(str(pods, "singularResource"), "pod");
	ck_assert_str_eq(str(json_object_get(pods, "responseKind"), "kind"), "Pod");
	ck_assert_str_eq(str(json_object_get(ev, "responseKind"), "group"), "policy");
	json_decref(a);
}
END_TEST

START_TEST(test_aggregated_groups_v2beta1)
{
	json_t *a = discovery_aggregated(0, "v2beta1");
	json_t *items = json_object_get(a, "items");
	size_t i;
	json_t *g;
	int apps = 0;

	ck_assert_str_eq(str(a, "apiVersion"), "apidiscovery.k8s.io/v2beta1");
	json_array_foreach(items, i, g) {
		ck_assert_str_ne(str(json_object_get(g, "metadata"), "name"), "");
		apps |= strcmp(str(json_object_get(g, "metadata"), "name"), "apps") == 0;
	}
	ck_assert(apps);
	json_decref(a);
}
END_TEST

START_TEST(test_api_versions)
{
	json_t *v = discovery_api_versions("10.0.0.1:6443");

	ck_assert_str_eq(str(v, "kind"), "APIVersions");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(v, "versions"), 0)), "v1");
	ck_assert_str_eq(str(json_array_get(json_object_get(v, "serverAddressByClientCIDRs"), 0),
			     "serverAddress"), "10.0.0.1:6443");
	json_decref(v);
}
END_TEST

START_TEST(test_status_messages)
{
	const struct api_resource *d = registry_lookup("apps", "v1", "deployments");
	const struct api_resource *p = registry_lookup("", "v1", "pods");
	json_t *s = status_not_found(d, "web");

	ck_assert_str_eq(str(s, "message"), "deployments.apps \"web\" not found");
	ck_assert_str_eq(str(s, "reason"), "NotFound");
	ck_assert_str_eq(str(s, "status"), "Failure");
	ck_assert_int_eq(status_code(s), 404);
	ck_assert_str_eq(str(json_object_get(s, "details"), "kind"), "deployments");
	ck_assert_str_eq(str(json_object_get(s, "details"), "group"), "apps");
	json_decref(s);
	s = status_already_exists(p, "x");
	ck_assert_str_eq(str(s, "message"), "pods \"x\" already exists");
	ck_assert_int_eq(status_code(s), 409);
	ck_assert_str_eq(str(s, "reason"), "AlreadyExists");
	json_decref(s);
	s = status_conflict(d, "web", status_optimistic_lock_message);
	ck_assert_str_eq(str(s, "message"), "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again");
	ck_assert_str_eq(str(s, "reason"), "Conflict");
	json_decref(s);
	s = status_new(KC_ERR_TOO_LARGE, "Request entity too large: limit is 3145728");
	ck_assert_int_eq(status_code(s), 413);
	ck_assert_str_eq(str(s, "reason"), "RequestEntityTooLarge");
	json_decref(s);
	s = status_success(201, NULL, NULL, NULL);
	ck_assert_str_eq(str(s, "status"), "Success");
	ck_assert_int_eq(status_code(s), 201);
	ck_assert_ptr_null(json_object_get(s, "details"));
	json_decref(s);
	s = status_success(200, p, "x", "u-1");
	ck_assert_str_eq(str(json_object_get(s, "details"), "uid"), "u-1");
	json_decref(s);
	ck_assert_int_eq(status_code(NULL), 500);
}
END_TEST

static Suite *
discovery_suite(void)
{
	Suite *s = suite_create("discovery");
	TCase *tc = tcase_create("discovery");

	tcase_add_test(tc, test_table_invariants);
	tcase_add_test(tc, test_legacy_core_resource_list);
	tcase_add_test(tc, test_legacy_apps_resource_list);
	tcase_add_test(tc, test_group_list_and_group);
	tcase_add_test(tc, test_aggregated_core);
	tcase_add_test(tc, test_aggregated_groups_v2beta1);
	tcase_add_test(tc, test_api_versions);
	tcase_add_test(tc, test_status_messages);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(discovery_suite)
