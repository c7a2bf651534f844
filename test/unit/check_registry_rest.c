/*
 * check_registry_rest.c - the pure registry pieces under the REST handlers: BeforeCreate and
 * BeforeUpdate around the strategies (system fields, generateName, defaults, generation,
 * status/finalize/ephemeral-container rules, 422 with causes), the events.k8s.io storage shape,
 * Scale views and their writes, pod binding and eviction rules, and the bootstrap objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/registry/bootstrap.h"
#include "kube-apiserver/registry/pod_storage.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
#include "kube-apiserver/registry/scale.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strv.h"
#include "test/unit/testutil/testutil.h"

static const struct api_resource *
R(const char *group, const char *version, const char *resource)
{
	const struct api_resource *r = registry_lookup(group, version, resource);

	ck_assert_ptr_nonnull(r);
	return r;
}

static const char *
str(const json_t *v, const char *path)
{
	return kc_json_get_string(v, path, "<absent>");
}

/* ---- BeforeCreate ------------------------------------------------------------------------- */

START_TEST(test_create_system_fields)
{
	json_auto_t *cm = kc_test_json(
		"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
		"\"a\",\"namespace\":\"d\",\"uid\":\"client\",\"resourceVersion\":\"5\","
		"\"deletionTimestamp\":\"2020-01-01T00:00:00Z\"}}");
	json_t *status = NULL;
	unsigned flags = 9;

	ck_assert_int_eq(rest_before_create(R("", "v1", "configmaps"), cm, &flags, NULL, &status),
			 0);
	ck_assert_uint_eq(flags, 0);
	ck_assert_str_ne(str(cm, "metadata.uid"), "client");
	ck_assert_uint_eq(strlen(str(cm, "metadata.uid")), 36);
	ck_assert_str_ne(str(cm, "metadata.creationTimestamp"), "<absent>");
	ck_assert_ptr_null(kc_json_get(cm, "metadata", "resourceVersion", NULL));
	ck_assert_ptr_null(kc_json_get(cm, "metadata", "deletionTimestamp", NULL));
}
END_TEST

START_TEST(test_create_generate_name)
{
	json_auto_t *cm =
		kc_test_json("{\"metadata\":{\"generateName\":\"web-\",\"namespace\":\"d\"}}");
	json_t *status = NULL;
	unsigned flags = 0;

	ck_assert_int_eq(rest_before_create(R("", "v1", "configmaps"), cm, &flags, NULL, &status),
			 0);
	ck_assert_uint_eq(flags, REST_NAME_GENERATED);
	ck_assert_int_eq(strncmp(str(cm, "metadata.name"), "web-", 4), 0);
	ck_assert_uint_eq(strlen(str(cm, "metadata.name")), 9);
}
END_TEST

START_TEST(test_create_defaults_and_generation)
{
	json_auto_t *d = kc_test_json(
		"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{"
		"\"name\":\"w\",\"namespace\":\"d\"},\"spec\":{\"selector\":{"
		"\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{"
		"\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":"
		"\"nginx\"}]}}},\"status\":{\"replicas\":3}}");
	json_t *status = NULL;
	unsigned flags;

	ck_assert_int_eq(
		rest_before_create(R("apps", "v1", "deployments"), d, &flags, NULL, &status), 0);
	ck_assert_int_eq(kc_json_get_int64(d, "spec.replicas", 0), 1);
	ck_assert_int_eq(kc_json_get_int64(d, "spec.revisionHistoryLimit", 0), 10);
	ck_assert_str_eq(str(d, "spec.strategy.type"), "RollingUpdate");
	ck_assert_str_eq(str(d, "spec.template.spec.schedulerName"), "default-scheduler");
	ck_assert_int_eq(kc_meta_generation(d), 1);
	ck_assert_ptr_null(kc_json_get(d, "status", "replicas", NULL)); /* status is server-owned */
}
END_TEST

static const struct {
	const char *resource;
	const char *body;
	const char *message;
} invalid_cases[] = {
	{ "configmaps", "{\"metadata\":{\"namespace\":\"d\"}}",
	  "ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is "
	  "required" },
	{ "namespaces", "{\"metadata\":{\"name\":\"Bad_Name\"}}",
	  "Namespace \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a "
	  "lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
	  "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
	  "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
	{ "pods", "{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"},\"spec\":{}}",
	  "Pod \"p\" is invalid: spec.containers: Required value" },
};

START_TEST(test_create_invalid)
{
	json_auto_t *obj = kc_test_json(invalid_cases[_i].body), *status = NULL;
	unsigned flags;

	ck_assert_int_eq(rest_before_create(R("", "v1", invalid_cases[_i].resource), obj, &flags,
					    NULL, &status),
			 KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_get_int64(status, "code", 0), 422);
	ck_assert_str_eq(str(status, "reason"), "Invalid");
	ck_assert_str_eq(str(status, "message"), invalid_cases[_i].message);
	ck_assert_int_ge(json_array_size(kc_json_get(status, "details", "causes", NULL)), 1);
}
END_TEST

START_TEST(test_create_warnings)
{
	json_auto_t *p = kc_test_json(
		"{\"metadata\":{\"name\":\"p\",\"namespace\":\"d\"},\"spec\":{"
		"\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}],\"nodeSelector\":{"
		"\"beta.kubernetes.io/arch\":\"amd64\"}}}");
	struct kc_strv w = KC_STRV_INIT;
	json_t *status = NULL;
	unsigned flags;

	ck_assert_int_eq(rest_before_create(R("", "v1", "pods"), p, &flags, &w, &status), 0);
	ck_assert_uint_ge(w.n, 1);
	ck_assert_ptr_nonnull(strstr(w.v[0], "beta.kubernetes.io/arch"));
	kc_strv_release(&w);
}
END_TEST

/* ---- BeforeUpdate ------------------------------------------------------------------------- */

static json_t *
created_deployment(void)
{
	json_t *d = kc_test_json(
		"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":"
		"\"w\",\"namespace\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":"
		"\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{"
		"\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}");
	json_t *status = NULL;
	unsigned flags;

	ck_assert_int_eq(
		rest_before_create(R("apps", "v1", "deployments"), d, &flags, NULL, &status), 0);
	kc_json_set_path_steal(d, "metadata.resourceVersion", json_string("10"));
	return d;
}

START_TEST(test_update_generation_and_status)
{
	json_auto_t *old = created_deployment(), *spec = json_deep_copy(old),
		    *meta = json_deep_copy(old), *st = json_deep_copy(old);
	json_t *status = NULL;

	/* a spec change bumps generation, status stays the stored one */
	kc_json_set_path_steal(spec, "spec.replicas", json_integer(5));
	kc_json_set_path_steal(spec, "status.replicas", json_integer(7));
	ck_assert_int_eq(
		rest_before_update(R("apps", "v1", "deployments"), REST_UPDATE, spec, old, &status),
		0);
	ck_assert_int_eq(kc_meta_generation(spec), 2);
	ck_assert_ptr_null(kc_json_get(spec, "status", "replicas", NULL));
	/* a metadata-only change does not */
	kc_json_set_path_steal(meta, "metadata.labels.x", json_string("y"));
	ck_assert_int_eq(
		rest_before_update(R("apps", "v1", "deployments"), REST_UPDATE, meta, old, &status),
		0);
	ck_assert_int_eq(kc_meta_generation(meta), 1);
	/* the status subresource keeps the stored spec */
	kc_json_set_path_steal(st, "spec.replicas", json_integer(9));
	kc_json_set_path_steal(st, "status.replicas", json_integer(3));
	ck_assert_int_eq(rest_before_update(R("apps", "v1", "deployments"), REST_UPDATE_STATUS, st,
					    old, &status),
			 0);
	ck_assert_int_eq(kc_json_get_int64(st, "spec.replicas", 0), 1);
	ck_assert_int_eq(kc_json_get_int64(st, "status.replicas", 0), 3);
	ck_assert_int_eq(kc_meta_generation(st), 1);
}
END_TEST

START_TEST(test_update_immutable_uid)
{
	json_auto_t *old = created_deployment(), *obj = json_deep_copy(old), *status = NULL;

	kc_json_set_path_steal(obj, "metadata.uid", json_string("another"));
	ck_assert_int_eq(
		rest_before_update(R("apps", "v1", "deployments"), REST_UPDATE, obj, old, &status),
		KC_ERR_INVALID);
	ck_assert_str_eq(str(status, "details.causes.0.field"), "metadata.uid");
}
END_TEST

START_TEST(test_update_finalize)
{
	json_auto_t *old =
		kc_test_json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":"
			     "\"t\",\"uid\":\"u\",\"resourceVersion\":\"3\",\"deletionTimestamp\":"
			     "\"2024-01-01T00:00:00Z\"},\"spec\":{\"finalizers\":[\"kubernetes\"]},"
			     "\"status\":{\"phase\":\"Terminating\"}}");
	json_auto_t *obj = json_deep_copy(old);
	json_t *status = NULL;

	kc_json_set_path_steal(obj, "spec.finalizers", json_array());
	kc_json_set_path_steal(obj, "status.phase", json_string("Active"));
	ck_assert_int_eq(rest_before_update(R("", "v1", "namespaces"), REST_UPDATE_FINALIZE, obj,
					    old, &status),
			 0);
	ck_assert_int_eq(json_array_size(kc_json_get(obj, "spec", "finalizers", NULL)), 0);
	ck_assert_str_eq(str(obj, "status.phase"), "Terminating");
}
END_TEST

/* ---- storage shapes ------------------------------------------------------------------------ */

START_TEST(test_events_storage_shape)
{
	const struct api_resource *v1 = R("events.k8s.io", "v1", "events");
	const struct api_resource *core = R("", "v1", "events");
	json_auto_t *ev = kc_test_json(
		"{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{"
		"\"name\":\"e\",\"namespace\":\"d\"},\"eventTime\":"
		"\"2024-01-01T00:00:00.000000Z\",\"regarding\":{\"kind\":\"Pod\","
		"\"name\":\"p\"},\"note\":\"hello\",\"reason\":\"Scheduled\","
		"\"reportingController\":\"sched\",\"reportingInstance\":\"i\","
		"\"action\":\"Binding\",\"type\":\"Normal\"}");
	json_auto_t *stored = NULL, *back = NULL, *same = NULL;

	ck_assert_int_eq(rest_converts(v1), 1);
	ck_assert_int_eq(rest_converts(core), 0);
	stored = rest_to_storage(v1, ev);
	ck_assert_str_eq(str(stored, "apiVersion"), "v1");
	ck_assert_str_eq(str(stored, "message"), "hello");
	ck_assert_str_eq(str(stored, "involvedObject.name"), "p");
	back = rest_from_storage(v1, stored);
	ck_assert_str_eq(str(back, "note"), "hello");
	same = rest_from_storage(core, stored);
	ck_assert_ptr_eq(same, stored); /* no conversion, no copy */
}
END_TEST

/* ---- scale ---------------------------------------------------------------------------------- */

START_TEST(test_scale_views)
{
	json_auto_t *d = created_deployment(), *rc = NULL, *s1 = NULL, *s2 = NULL;

	kc_json_set_path_steal(d, "status.replicas", json_integer(2));
	s1 = scale_from_object(R("apps", "v1", "deployments"), d);
	ck_assert_str_eq(str(s1, "kind"), "Scale");
	ck_assert_str_eq(str(s1, "apiVersion"), "autoscaling/v1");
	ck_assert_str_eq(str(s1, "metadata.resourceVersion"), "10");
	ck_assert_int_eq(kc_json_get_int64(s1, "spec.replicas", 0), 1);
	ck_assert_int_eq(kc_json_get_int64(s1, "status.replicas", -1), 2);
	ck_assert_str_eq(str(s1, "status.selector"), "a=b");
	rc = kc_test_json(
		"{\"metadata\":{\"name\":\"rc\"},\"spec\":{\"selector\":{\"app\":\"x\",\"tier\":"
		"\"y\"}}}");
	s2 = scale_from_object(R("", "v1", "replicationcontrollers"), rc);
	ck_assert_str_eq(str(s2, "status.selector"), "app=x,tier=y");
	ck_assert_ptr_null(kc_json_get(s2, "spec", "replicas", NULL)); /* omitempty */
	ck_assert_int_eq(kc_json_get_int64(s2, "status.replicas", -1), 0);
	ck_assert_int_eq(scale_supported(R("apps", "v1", "statefulsets")), 1);
	ck_assert_int_eq(scale_supported(R("apps", "v1", "daemonsets")), 0);
}
END_TEST

START_TEST(test_scale_apply)
{
	json_auto_t *d = created_deployment(), *ok = NULL, *neg = NULL, *out = NULL, *st = NULL;
	json_t *status = NULL;

	ok = kc_test_json(
		"{\"kind\":\"Scale\",\"metadata\":{\"name\":\"w\",\"resourceVersion\":\"10\"},"
		"\"spec\":{\"replicas\":4}}");
	ck_assert_int_eq(scale_apply(R("apps", "v1", "deployments"), d, ok, &out, &status), 0);
	ck_assert_int_eq(kc_json_get_int64(out, "spec.replicas", 0), 4);
	ck_assert_str_eq(str(out, "metadata.resourceVersion"), "10");
	ck_assert_int_eq(kc_json_get_int64(d, "spec.replicas", 0), 1); /* parent untouched */
	neg = kc_test_json(
		"{\"kind\":\"Scale\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"replicas\":-2}}");
	ck_assert_int_eq(scale_apply(R("apps", "v1", "deployments"), d, neg, &out, &st),
			 KC_ERR_INVALID);
	ck_assert_str_eq(
		str(st, "message"),
		"Scale.autoscaling \"w\" is invalid: spec.replicas: Invalid value: -2: must "
		"be greater than or equal to 0");
	ck_assert_str_eq(str(st, "details.causes.0.field"), "spec.replicas");
}
END_TEST

/* ---- binding and eviction ------------------------------------------------------------------ */

static const struct {
	const char *binding;
	const char *url_name;
	int code;
	const char *message;
} binding_checks[] = {
	{ "{\"metadata\":{\"name\":\"p\"},\"target\":{\"kind\":\"Node\",\"name\":\"n\"}}", "p", 0,
	  NULL },
	{ "{\"metadata\":{\"name\":\"p\"},\"target\":{\"name\":\"n\"}}", "p", 0, NULL },
	{ "{\"metadata\":{\"name\":\"q\"},\"target\":{\"name\":\"n\"}}", "p", 400,
	  "name in URL does not match name in Binding object" },
	{ "{\"metadata\":{\"name\":\"p\"},\"target\":{\"kind\":\"Pod\",\"name\":\"n\"}}", "p", 500,
	  "Internal error occurred: target.kind: Unsupported value: \"Pod\": supported values: "
	  "\"Node\"" },
	{ "{\"metadata\":{\"name\":\"p\"},\"target\":{}}", "p", 500,
	  "Internal error occurred: target.name: Required value" },
};

START_TEST(test_binding_check)
{
	json_auto_t *b = kc_test_json(binding_checks[_i].binding), *status = NULL;
	int rc = pod_binding_check(b, binding_checks[_i].url_name, &status);

	if (binding_checks[_i].code == 0) {
		ck_assert_int_eq(rc, 0);
		return;
	}
	ck_assert_int_lt(rc, 0);
	ck_assert_int_eq(kc_json_get_int64(status, "code", 0), binding_checks[_i].code);
	ck_assert_str_eq(str(status, "message"), binding_checks[_i].message);
}
END_TEST

static const struct {
	const char *pod;
	const char *err;
} assign_cases[] = {
	{ "{\"metadata\":{\"name\":\"p\"},\"spec\":{}}", NULL },
	{ "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"nodeName\":\"m\"}}",
	  "pod p is already assigned to node \"m\"" },
	{ "{\"metadata\":{\"name\":\"p\",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\"},"
	  "\"spec\":{}}",
	  "pod p is being deleted, cannot be assigned to a host" },
	{ "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"schedulingGates\":[{\"name\":\"g\"}]}}",
	  "pod p has non-empty .spec.schedulingGates" },
	{ "{\"metadata\":{\"name\":\"p\",\"annotations\":{\"keep\":\"1\"}},\"spec\":{},\"status\":{"
	  "\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":"
	  "\"Unschedulable\"}]}}",
	  NULL },
};

START_TEST(test_binding_assign)
{
	json_auto_t *pod = kc_test_json(assign_cases[_i].pod), *out = NULL;
	json_auto_t *b =
		kc_test_json("{\"metadata\":{\"name\":\"p\",\"annotations\":{\"sched\":\"x\"}},"
			     "\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}");
	KC_AUTOFREE char *err = NULL;
	int rc = pod_binding_assign(pod, b, 1700000000000000000LL, &out, &err);

	if (assign_cases[_i].err != NULL) {
		ck_assert_int_eq(rc, KC_ERR_CONFLICT);
		ck_assert_str_eq(err, assign_cases[_i].err);
		return;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(str(out, "spec.nodeName"), "n1");
	ck_assert_str_eq(str(out, "metadata.annotations.sched"), "x");
	ck_assert_int_eq(json_array_size(kc_json_get(out, "status", "conditions", NULL)), 1);
	ck_assert_str_eq(str(out, "status.conditions.0.type"), "PodScheduled");
	ck_assert_str_eq(str(out, "status.conditions.0.status"), "True");
	ck_assert_ptr_null(kc_json_get(out, "status", "conditions", "0", "reason", NULL));
	ck_assert_str_eq(str(out, "status.conditions.0.lastTransitionTime"),
			 "2023-11-14T22:13:20Z");
	ck_assert_ptr_null(kc_json_get(pod, "spec", "nodeName", NULL)); /* input untouched */
}
END_TEST

START_TEST(test_eviction_rules)
{
	json_auto_t *ev = kc_test_json("{\"metadata\":{\"name\":\"p\"}}"), *status = NULL;
	static const struct {
		const char *pod;
		int ignores;
	} pods[] = {
		{ "{\"status\":{\"phase\":\"Running\"}}", 0 },
		{ "{\"status\":{\"phase\":\"Pending\"}}", 1 },
		{ "{\"status\":{\"phase\":\"Succeeded\"}}", 1 },
		{ "{\"status\":{\"phase\":\"Failed\"}}", 1 },
		{ "{\"metadata\":{\"deletionTimestamp\":\"t\"},\"status\":{\"phase\":\"Running\"}}",
		  1 },
	};

	ck_assert_int_eq(pod_eviction_check(ev, "p", &status), 0);
	ck_assert_int_eq(pod_eviction_check(ev, "q", &status), KC_ERR_BAD_REQUEST);
	ck_assert_str_eq(str(status, "message"),
			 "name in URL does not match name in Eviction object");
	for (size_t i = 0; i < KC_ARRAY_SIZE(pods); i++) {
		json_auto_t *p = kc_test_json(pods[i].pod);

		ck_assert_int_eq(pod_eviction_ignores_pdb(p), pods[i].ignores);
	}
}
END_TEST

/* ---- bootstrap ------------------------------------------------------------------------------ */

START_TEST(test_bootstrap_objects_validate)
{
	json_auto_t *objs = bootstrap_objects();
	size_t i;
	json_t *o;

	ck_assert_uint_eq(json_array_size(objs), 6);
	json_array_foreach(objs, i, o) {
		const char *gv = str(o, "apiVersion");
		const char *kind = str(o, "kind");
		const struct api_resource *res =
			strcmp(kind, "Namespace") == 0
				? R("", "v1", "namespaces")
				: R("scheduling.k8s.io", "v1", "priorityclasses");
		json_t *status = NULL;
		unsigned flags;

		(void)gv;
		ck_assert_msg(rest_before_create(res, o, &flags, NULL, &status) == 0, "%s",
			      str(status, "message"));
	}
	ck_assert_str_eq(str(objs, "3.metadata.name"), "kube-node-lease");
	ck_assert_str_eq(str(objs, "3.status.phase"), "Active");
	ck_assert_int_eq(kc_json_get_int64(objs, "4.value", 0), 2000001000);
	ck_assert_int_eq(kc_json_get_int64(objs, "5.value", 0), 2000000000);
}
END_TEST

static Suite *
registry_rest_suite(void)
{
	Suite *s = suite_create("registry_rest");
	TCase *tc = tcase_create("rest");

	tcase_add_test(tc, test_create_system_fields);
	tcase_add_test(tc, test_create_generate_name);
	tcase_add_test(tc, test_create_defaults_and_generation);
	tcase_add_loop_test(tc, test_create_invalid, 0, (int)KC_ARRAY_SIZE(invalid_cases));
	tcase_add_test(tc, test_create_warnings);
	tcase_add_test(tc, test_update_generation_and_status);
	tcase_add_test(tc, test_update_immutable_uid);
	tcase_add_test(tc, test_update_finalize);
	tcase_add_test(tc, test_events_storage_shape);
	suite_add_tcase(s, tc);

	tc = tcase_create("subresources");
	tcase_add_test(tc, test_scale_views);
	tcase_add_test(tc, test_scale_apply);
	tcase_add_loop_test(tc, test_binding_check, 0, (int)KC_ARRAY_SIZE(binding_checks));
	tcase_add_loop_test(tc, test_binding_assign, 0, (int)KC_ARRAY_SIZE(assign_cases));
	tcase_add_test(tc, test_eviction_rules);
	tcase_add_test(tc, test_bootstrap_objects_validate);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(registry_rest_suite)
