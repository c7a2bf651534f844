/*
 * check_strategy_validation.c - kube-apiserver validation messages: every case of
 * test/unit/fixtures/strategy/validation.json (create, update and status writes per kind) must
 * give upstream's 422 message word for word, plus the causes of a multi-error Status.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/json.h"
#include "libkcommon/strv.h"

#include "kube-apiserver/registry/field_errors.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"

#include "test/unit/testutil/testutil.h"

static json_t *cases;      /* validation.json: invalid objects and their messages */
static json_t *valid;      /* valid.json: real objects that must validate clean */
static json_t *warn_cases; /* warnings.json: objects and their WarningsOnCreate texts */

static void
free_cases(void)
{
	json_decref(cases);
	json_decref(valid);
	json_decref(warn_cases);
	cases = valid = warn_cases = NULL;
}

static json_t *
load_file(const char *name)
{
	KC_AUTOFREE char *src = strdup(__FILE__);
	KC_AUTOFREE char *path = NULL;
	json_error_t e;
	json_t *j;

	if (asprintf(&path, "%s/fixtures/strategy/%s", dirname(src), name) < 0)
		abort();
	j = json_load_file(path, 0, &e);
	if (j == NULL) {
		fprintf(stderr, "%s:%d: %s (run from the repository root)\n", path, e.line, e.text);
		j = json_array();
	}
	return j;
}

static size_t
load_cases(void)
{
	atexit(free_cases);
	cases = load_file("validation.json");
	valid = load_file("valid.json");
	warn_cases = load_file("warnings.json");
	return json_array_size(cases);
}

/* Runs case c as the handler would and returns the 422 Status (new reference). */
static json_t *
run_case(const json_t *c, struct field_errors *errs)
{
	const struct api_resource *res =
		registry_lookup(json_string_value(json_object_get(c, "group")), "v1",
				json_string_value(json_object_get(c, "resource")));
	const char *op = json_string_value(json_object_get(c, "op"));
	json_auto_t *obj = NULL;
	const json_t *old = json_object_get(c, "old");

	ck_assert_ptr_nonnull(res);
	obj = strategy_to_storage(res, json_object_get(c, "object"));
	ck_assert_int_eq(strategy_defaults(res, obj), 0);
	if (strcmp(op, "create") == 0) {
		json_t *meta = json_object_get(obj, "metadata");

		json_object_set_new(meta, "uid", json_string("u-1"));
		json_object_set_new(meta, "creationTimestamp", json_string("2024-01-01T00:00:00Z"));
		if (res->namespaced && json_object_get(meta, "namespace") == NULL)
			json_object_set_new(meta, "namespace", json_string("default"));
		ck_assert_int_eq(strategy_prepare_for_create(res, obj), 0);
		strategy_validate_create(res, obj, errs);
	} else if (strcmp(op, "status") == 0) {
		ck_assert_int_eq(strategy_prepare_for_status_update(res, obj, old), 0);
		strategy_validate_status_update(res, obj, old, errs);
	} else {
		ck_assert_int_eq(strategy_prepare_for_update(res, obj, old), 0);
		strategy_validate_update(res, obj, old, errs);
	}
	return strategy_invalid_status(res, obj, errs);
}

START_TEST(test_cases_found)
{
	ck_assert_uint_ge(json_array_size(cases), 60);
}
END_TEST

START_TEST(test_validation_message)
{
	const json_t *c = json_array_get(cases, (size_t)_i);
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_auto_t *st = run_case(c, &errs);
	const char *want = json_string_value(json_object_get(c, "message"));
	const char *got = json_string_value(json_object_get(st, "message"));

	ck_assert_msg(errs.n > 0, "%s: no errors", json_string_value(json_object_get(c, "name")));
	ck_assert_msg(strcmp(got, want) == 0, "%s:\n got: %s\nwant: %s",
		      json_string_value(json_object_get(c, "name")), got, want);
	ck_assert_int_eq(json_integer_value(json_object_get(st, "code")), 422);
	ck_assert_str_eq(json_string_value(json_object_get(st, "reason")), "Invalid");
	field_errors_release(&errs);
}
END_TEST

/* Objects as the kubelet, controllers and users really send them raise no error. */
START_TEST(test_valid_object)
{
	json_t *v = json_array_get(valid, (size_t)_i);
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_auto_t *st = NULL;

	json_object_set_new(v, "op", json_string("create"));
	st = run_case(v, &errs);
	ck_assert_msg(errs.n == 0, "%s: %s", json_string_value(json_object_get(v, "name")),
		      json_string_value(json_object_get(st, "message")));
	field_errors_release(&errs);
}
END_TEST

/* Every error is a cause with its own path, reason and body. */
START_TEST(test_causes_list_every_error)
{
	const json_t *c = NULL;
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_auto_t *st = NULL;
	json_t *causes;
	size_t i;
	json_t *v;

	json_array_foreach(cases, i, v)
		if (strcmp(json_string_value(json_object_get(v, "name")),
			   "deployment bad name and missing image") == 0)
			c = v;
	ck_assert_ptr_nonnull(c);
	st = run_case(c, &errs);
	causes = kc_json_get_array(st, "details.causes");
	ck_assert_uint_eq(json_array_size(causes), 2);
	ck_assert_str_eq(kc_json_get_string(st, "details.kind", ""), "Deployment");
	ck_assert_str_eq(kc_json_get_string(st, "details.group", ""), "apps");
	ck_assert_str_eq(kc_json_get_string(st, "details.name", ""), "Web_1");
	ck_assert_str_eq(kc_json_get_string(causes, "0.field", ""), "metadata.name");
	ck_assert_str_eq(kc_json_get_string(causes, "0.reason", ""), "FieldValueInvalid");
	ck_assert_str_eq(kc_json_get_string(causes, "1.field", ""),
			 "spec.template.spec.containers[0].image");
	ck_assert_str_eq(kc_json_get_string(causes, "1.reason", ""), "FieldValueRequired");
	ck_assert_str_eq(kc_json_get_string(causes, "1.message", ""), "Required value");
	field_errors_release(&errs);
}
END_TEST

/* Generic checks run only when the kind's own validation passed (BeforeCreate's order). */
START_TEST(test_generic_meta_after_kind)
{
	const struct api_resource *res =
		registry_lookup("rbac.authorization.k8s.io", "v1", "roles");
	json_auto_t *role =
		json_pack("{s:{s:s, s:s}}", "metadata", "name", "a/b", "namespace", "d");
	json_auto_t *cm = json_pack("{s:{s:s}}", "metadata", "name", "cm");
	struct field_errors errs = FIELD_ERRORS_INIT;

	strategy_validate_create(res, role, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].body, "Invalid value: \"a/b\": may not contain '/'");
	field_errors_release(&errs);
	/* a namespaced kind without a namespace */
	strategy_validate_create(registry_lookup("", "v1", "configmaps"), cm, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].field, "metadata.namespace");
	ck_assert_str_eq(errs.v[0].body, "Required value");
	field_errors_release(&errs);
}
END_TEST

/* Privileged containers follow --allow-privileged (upstream default: false). */
START_TEST(test_allow_privileged)
{
	const struct api_resource *res = registry_lookup("", "v1", "pods");
	json_auto_t *pod = json_pack(
		"{s:{s:s, s:s}, s:{s:i, s:[{s:s, s:s, s:s, s:s, s:s, s:{}, s:{s:b}}], s:s, s:s}}",
		"metadata", "name", "p", "namespace", "d", "spec", "terminationGracePeriodSeconds",
		30, "containers", "name", "c", "image", "x", "imagePullPolicy", "Always",
		"terminationMessagePath", "/t", "terminationMessagePolicy", "File", "resources",
		"securityContext", "privileged", 1, "restartPolicy", "Always", "dnsPolicy",
		"ClusterFirst");
	struct field_errors errs = FIELD_ERRORS_INIT;

	podspec_set_allow_privileged(0);
	strategy_validate_create(res, pod, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].field, "spec.containers[0].securityContext.privileged");
	ck_assert_str_eq(errs.v[0].body, "Forbidden: disallowed by cluster policy");
	field_errors_release(&errs);
	podspec_set_allow_privileged(1);
	strategy_validate_create(res, pod, &errs);
	ck_assert_uint_eq(errs.n, 0);
	podspec_set_allow_privileged(0);
}
END_TEST

/* WarningsOnCreate on the defaulted object: the exact texts, in upstream's order. */
START_TEST(test_warnings_on_create)
{
	const json_t *c = json_array_get(warn_cases, (size_t)_i);
	const char *name = json_string_value(json_object_get(c, "name"));
	const json_t *want = json_object_get(c, "want");
	const struct api_resource *res =
		registry_lookup(json_string_value(json_object_get(c, "group")), "v1",
				json_string_value(json_object_get(c, "resource")));
	struct kc_strv got = KC_STRV_INIT;
	json_auto_t *obj = NULL;

	ck_assert_ptr_nonnull(res);
	obj = strategy_to_storage(res, json_object_get(c, "object"));
	ck_assert_int_eq(strategy_defaults(res, obj), 0);
	strategy_warnings_on_create(res, obj, &got);
	for (size_t i = 0; i < got.n || i < json_array_size(want); i++) {
		const char *w = json_string_value(json_array_get(want, i));
		const char *g = i < got.n ? got.v[i] : NULL;

		ck_assert_msg(w != NULL && g != NULL && strcmp(w, g) == 0,
			      "%s: warning %zu:\n got: %s\nwant: %s", name, i, g ? g : "(none)",
			      w ? w : "(none)");
	}
	kc_strv_release(&got);
}
END_TEST

static Suite *
strategy_validation_suite(void)
{
	Suite *s = suite_create("strategy_validation");
	TCase *tc = tcase_create("messages");
	int n = (int)load_cases();

	tcase_add_test(tc, test_cases_found);
	tcase_add_loop_test(tc, test_validation_message, 0, n);
	tcase_add_loop_test(tc, test_valid_object, 0, (int)json_array_size(valid));
	tcase_add_loop_test(tc, test_warnings_on_create, 0, (int)json_array_size(warn_cases));
	tcase_add_test(tc, test_causes_list_every_error);
	tcase_add_test(tc, test_generic_meta_after_kind);
	tcase_add_test(tc, test_allow_privileged);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(strategy_validation_suite)
