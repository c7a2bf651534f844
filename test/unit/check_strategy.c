/*
 * check_strategy.c - kube-apiserver strategies: defaulted objects from real kubectl 1.32
 * output against what upstream stores (test/unit/fixtures/strategy/<kind>.json), the same
 * PodTemplate defaults in every workload, imagePullPolicy by tag, QoS classes, create/update/
 * status resets and generation rules, the 422 Status shape, events.k8s.io <-> core/v1
 * conversion, field selectors and the strategy table.
 */
#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "libkcommon/json.h"
#include "libkcommon/strv.h"

#include "kube-apiserver/registry/field_errors.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"

#include "test/unit/testutil/testutil.h"

#define UID "11111111-2222-4333-8444-555555555555"
#define TS  "2024-01-01T00:00:00Z"

static const struct api_resource *
res_of(const char *group, const char *resource)
{
	const struct api_resource *r = registry_lookup(group, "v1", resource);

	ck_assert_msg(r != NULL, "no resource %s/%s", group, resource);
	return r;
}

static void
assert_json_eq(const json_t *got, const json_t *want)
{
	if (!kc_json_equal(got, want)) {
		KC_AUTOFREE char *g = json_dumps(got, JSON_SORT_KEYS);
		KC_AUTOFREE char *w = json_dumps(want, JSON_SORT_KEYS);

		ck_abort_msg("JSON differs:\n got: %s\nwant: %s", g, w);
	}
}

/* What the create handler does before validation: defaults, system metadata, resets. */
static void
create_steps(const struct api_resource *res, json_t *obj)
{
	json_t *meta;

	ck_assert_int_eq(strategy_defaults(res, obj), 0);
	meta = json_object_get(obj, "metadata");
	ck_assert_ptr_nonnull(meta);
	json_object_set_new(meta, "uid", json_string(UID));
	json_object_set_new(meta, "creationTimestamp", json_string(TS));
	if (res->namespaced && json_object_get(meta, "namespace") == NULL)
		json_object_set_new(meta, "namespace", json_string("default"));
	ck_assert_int_eq(strategy_prepare_for_create(res, obj), 0);
}

static json_t *
created(const char *group, const char *resource, const char *text)
{
	json_t *obj = kc_test_json(text);

	create_steps(res_of(group, resource), obj);
	return obj;
}

/* ---- fixtures ---------------------------------------------------------------------------------- */

static json_t *fixtures; /* [{file, group, resource, input, want}] */

static void
free_fixtures(void)
{
	json_decref(fixtures);
	fixtures = NULL;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t
load_fixtures(void)
{
	KC_AUTOFREE char *src = strdup(__FILE__);
	KC_AUTOFREE char *dir = NULL;
	char *names[64];
	size_t n = 0;
	struct dirent *de;
	DIR *d;

	fixtures = json_array();
	atexit(free_fixtures);
	if (asprintf(&dir, "%s/fixtures/strategy", dirname(src)) < 0)
		abort();
	d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "cannot open %s (run from the repository root)\n", dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL && n < KC_ARRAY_SIZE(names))
		if (strstr(de->d_name, ".json") != NULL &&
		    strcmp(de->d_name, "validation.json") != 0 &&
		    strcmp(de->d_name, "valid.json") != 0 &&
		    strcmp(de->d_name, "warnings.json") != 0)
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), compare_names);
	for (size_t i = 0; i < n; i++) {
		KC_AUTOFREE char *path = NULL;
		json_error_t e;
		json_t *f;

		if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
			abort();
		f = json_load_file(path, 0, &e);
		if (f == NULL) {
			fprintf(stderr, "%s:%d: %s\n", path, e.line, e.text);
			abort();
		}
		json_object_set_new(f, "file", json_string(names[i]));
		json_array_append_new(fixtures, f);
		free(names[i]);
	}
	return json_array_size(fixtures);
}

START_TEST(test_fixtures_found)
{
	ck_assert_uint_ge(json_array_size(fixtures), 15);
}
END_TEST

/* Each kubectl object, defaulted and prepared, is what upstream stores; it validates. */
START_TEST(test_fixture_defaults)
{
	json_t *f = json_array_get(fixtures, (size_t)_i);
	const struct api_resource *res = res_of(json_string_value(json_object_get(f, "group")),
						json_string_value(json_object_get(f, "resource")));
	json_auto_t *obj = json_deep_copy(json_object_get(f, "input"));
	struct field_errors errs = FIELD_ERRORS_INIT;

	create_steps(res, obj);
	assert_json_eq(obj, json_object_get(f, "want"));
	strategy_validate_create(res, obj, &errs);
	if (errs.n > 0) {
		KC_AUTOFREE char *agg = field_errors_aggregate(&errs);

		ck_abort_msg("%s: unexpected errors: %s",
			     json_string_value(json_object_get(f, "file")), agg);
	}
	field_errors_release(&errs);
}
END_TEST

/* Defaults are idempotent: a second pass changes nothing (no-op writes stay no-ops). */
START_TEST(test_fixture_defaults_idempotent)
{
	json_t *f = json_array_get(fixtures, (size_t)_i);
	const struct api_resource *res = res_of(json_string_value(json_object_get(f, "group")),
						json_string_value(json_object_get(f, "resource")));
	json_auto_t *obj = json_deep_copy(json_object_get(f, "want"));

	ck_assert_int_eq(strategy_defaults(res, obj), 0);
	assert_json_eq(obj, json_object_get(f, "want"));
}
END_TEST

/* ---- the same PodTemplate everywhere (DF2) ----------------------------------------------------- */

static const char template_text[] =
	"{\"metadata\":{\"labels\":{\"app\":\"w\"}},\"spec\":{\"restartPolicy\":\"Always\","
	"\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.25\",\"ports\":[{\"containerPort\":80}],"
	"\"env\":[{\"name\":\"N\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}],"
	"\"readinessProbe\":{\"httpGet\":{\"port\":80}},\"resources\":{\"requests\":{\"cpu\":\"0.5\"}}}],"
	"\"volumes\":[{\"name\":\"v\"},{\"name\":\"s\",\"secret\":{\"secretName\":\"x\"}}]}}";

static const struct {
	const char *group, *resource, *pre, *post; /* the template goes between pre and post */
	const char *path;
} workloads[] = {
	{ "apps", "deployments", "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"template\":", "}}",
	  "spec.template" },
	{ "apps", "replicasets", "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"template\":", "}}",
	  "spec.template" },
	{ "apps", "statefulsets", "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"template\":", "}}",
	  "spec.template" },
	{ "apps", "daemonsets", "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"template\":", "}}",
	  "spec.template" },
	{ "batch", "jobs", "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"template\":", "}}",
	  "spec.template" },
	{ "batch", "cronjobs",
	  "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":",
	  "}}}}", "spec.jobTemplate.spec.template" },
	{ "", "replicationcontrollers",
	  "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"template\":", "}}", "spec.template" },
	{ "", "podtemplates", "{\"metadata\":{\"name\":\"a\"},\"template\":", "}", "template" },
};

static char *
wrapped(size_t i)
{
	char *s = NULL;

	ck_assert_int_ge(asprintf(&s, "%s%s%s", workloads[i].pre, template_text, workloads[i].post),
			 0);
	return s;
}

/* Every workload defaults its template exactly as the deployment does. */
START_TEST(test_template_defaults_identical)
{
	KC_AUTOFREE char *a = wrapped(0), *b = wrapped((size_t)_i);
	json_auto_t *ref = NULL, *obj = NULL;

	ref = kc_test_json(a);
	obj = kc_test_json(b);
	ck_assert_int_eq(strategy_defaults(res_of(workloads[0].group, workloads[0].resource), ref),
			 0);
	ck_assert_int_eq(
		strategy_defaults(res_of(workloads[_i].group, workloads[_i].resource), obj), 0);
	assert_json_eq(kc_json_get_path(obj, workloads[_i].path),
		       kc_json_get_path(ref, workloads[0].path));
}
END_TEST

/* What that common template default looks like, field by field. */
START_TEST(test_template_defaults_content)
{
	KC_AUTOFREE char *text = wrapped(0);
	json_auto_t *d = NULL;
	json_t *t;

	d = kc_test_json(text);
	ck_assert_int_eq(strategy_defaults(res_of("apps", "deployments"), d), 0);
	t = kc_json_get_path(d, "spec.template");
	ck_assert(json_is_null(kc_json_get_path(t, "metadata.creationTimestamp")));
	ck_assert_str_eq(kc_json_get_string(t, "spec.containers[0].ports[0].protocol", ""), "TCP");
	ck_assert_str_eq(kc_json_get_string(
				 t, "spec.containers[0].env[0].valueFrom.fieldRef.apiVersion", ""),
			 "v1");
	ck_assert_str_eq(
		kc_json_get_string(t, "spec.containers[0].readinessProbe.httpGet.path", ""), "/");
	ck_assert_str_eq(
		kc_json_get_string(t, "spec.containers[0].readinessProbe.httpGet.scheme", ""),
		"HTTP");
	ck_assert_int_eq(
		kc_json_get_int64(t, "spec.containers[0].readinessProbe.timeoutSeconds", 0), 1);
	ck_assert_int_eq(kc_json_get_int64(t, "spec.containers[0].readinessProbe.periodSeconds", 0),
			 10);
	ck_assert_int_eq(
		kc_json_get_int64(t, "spec.containers[0].readinessProbe.successThreshold", 0), 1);
	ck_assert_int_eq(
		kc_json_get_int64(t, "spec.containers[0].readinessProbe.failureThreshold", 0), 3);
	/* SetDefaults_ResourceList: canonical text */
	ck_assert_str_eq(kc_json_get_string(t, "spec.containers[0].resources.requests.cpu", ""),
			 "500m");
	ck_assert_ptr_nonnull(kc_json_get_object(t, "spec.volumes[0].emptyDir"));
	ck_assert_int_eq(kc_json_get_int64(t, "spec.volumes[1].secret.defaultMode", 0), 420);
	/* pod-only defaults stay out of templates */
	ck_assert_ptr_null(kc_json_get_path(t, "spec.enableServiceLinks"));
	ck_assert_ptr_null(kc_json_get_path(t, "spec.containers[0].resources.limits"));
}
END_TEST

/* ---- imagePullPolicy by tag ------------------------------------------------------------------ */

static const struct {
	const char *image, *policy;
} pull_cases[] = {
	{ "nginx", "Always" },
	{ "nginx:latest", "Always" },
	{ "nginx:1.25", "IfNotPresent" },
	{ "library/nginx", "Always" },
	{ "registry.local:5000/team/app", "Always" },
	{ "registry.local:5000/team/app:v2", "IfNotPresent" },
	{ "localhost/app:latest", "Always" },
	{ "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	  "IfNotPresent" },
	{ "nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	  "IfNotPresent" },
	{ "Nginx", "IfNotPresent" }, /* does not parse: upstream falls back too */
	{ "", "IfNotPresent" },
	{ "ghcr.io/a/b/c", "Always" },
};

START_TEST(test_image_pull_policy)
{
	json_auto_t *pod =
		json_pack("{s:{s:s}, s:{s:[{s:s, s:s}]}}", "metadata", "name", "p", "spec",
			  "containers", "name", "c", "image", pull_cases[_i].image);

	ck_assert_int_eq(strategy_defaults(res_of("", "pods"), pod), 0);
	ck_assert_str_eq(kc_json_get_string(pod, "spec.containers[0].imagePullPolicy", ""),
			 pull_cases[_i].policy);
}
END_TEST

/* An explicit policy is kept. */
START_TEST(test_image_pull_policy_kept)
{
	json_auto_t *pod =
		created("", "pods",
			"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\","
			"\"image\":\"nginx\",\"imagePullPolicy\":\"Never\"}]}}");

	ck_assert_str_eq(kc_json_get_string(pod, "spec.containers[0].imagePullPolicy", ""),
			 "Never");
}
END_TEST

/* ---- QoS -------------------------------------------------------------------------------------- */

static const struct {
	const char *containers, *qos;
} qos_cases[] = {
	{ "[{\"name\":\"a\",\"image\":\"x\"}]", "BestEffort" },
	{ "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]",
	  "Burstable" },
	{ "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]",
	  "Guaranteed" }, /* requests default to limits on pods */
	{ "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},"
	  "\"requests\":{\"cpu\":\"500m\"}}}]",
	  "Burstable" },
	{ "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}},"
	  "{\"name\":\"b\",\"image\":\"x\"}]",
	  "Burstable" },
	{ "[{\"name\":\"a\",\"image\":\"x\",\"resources\":{\"requests\":{\"nvidia.com/gpu\":\"1\"}}}]",
	  "BestEffort" }, /* only cpu and memory count */
};

START_TEST(test_pod_qos)
{
	KC_AUTOFREE char *text = NULL;
	json_auto_t *pod = NULL;

	ck_assert_int_ge(asprintf(&text,
				  "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":%s}}",
				  qos_cases[_i].containers),
			 0);
	pod = created("", "pods", text);
	ck_assert_str_eq(kc_json_get_string(pod, "status.qosClass", ""), qos_cases[_i].qos);
	ck_assert_str_eq(kc_json_get_string(pod, "status.phase", ""), "Pending");
}
END_TEST

/* ---- create resets ------------------------------------------------------------------------------ */

START_TEST(test_create_clears_server_fields)
{
	json_auto_t *d = created(
		"apps", "deployments",
		"{\"metadata\":{\"name\":\"w\",\"generation\":7,\"deletionTimestamp\":\"2024-01-01T00:00:00Z\","
		"\"deletionGracePeriodSeconds\":30,\"managedFields\":[{\"manager\":\"x\",\"operation\":\"Update\"}]},"
		"\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},"
		"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}},"
		"\"status\":{\"replicas\":3,\"readyReplicas\":3}}");

	ck_assert_int_eq(kc_json_get_int64(d, "metadata.generation", 0), 1);
	ck_assert_ptr_null(kc_json_get_path(d, "metadata.deletionTimestamp"));
	ck_assert_ptr_null(kc_json_get_path(d, "metadata.deletionGracePeriodSeconds"));
	ck_assert_ptr_null(kc_json_get_path(d, "metadata.managedFields"));
	ck_assert_uint_eq(json_object_size(kc_json_get_object(d, "status")), 0);
}
END_TEST

/* Pods carry no generation in v1.32; workloads start at 1. */
START_TEST(test_pod_has_no_generation)
{
	json_auto_t *pod = created(
		"", "pods",
		"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\","
		"\"image\":\"x\"}]},\"status\":{\"phase\":\"Running\",\"podIP\":\"1.2.3.4\"}}");

	ck_assert_ptr_null(kc_json_get_path(pod, "metadata.generation"));
	ck_assert_ptr_null(kc_json_get_path(pod, "status.podIP"));
	ck_assert_str_eq(kc_json_get_string(pod, "status.phase", ""), "Pending");
	ck_assert_int_eq(kc_json_get_bool(pod, "spec.enableServiceLinks", 0), 1);
}
END_TEST

START_TEST(test_initial_statuses)
{
	json_auto_t *sts = created(
		"apps", "statefulsets",
		"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		"\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}},"
		"\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"d\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"]}}]}}");
	json_auto_t *ds = created(
		"apps", "daemonsets",
		"{\"metadata\":{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		"\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}");
	json_auto_t *want_sts = kc_test_json("{\"replicas\":0,\"availableReplicas\":0}");
	json_auto_t *want_ds =
		kc_test_json("{\"currentNumberScheduled\":0,\"numberMisscheduled\":0,"
			     "\"desiredNumberScheduled\":0,\"numberReady\":0}");

	assert_json_eq(json_object_get(sts, "status"), want_sts);
	assert_json_eq(json_object_get(ds, "status"), want_ds);
	/* StatefulSet defaults */
	ck_assert_str_eq(kc_json_get_string(sts, "spec.podManagementPolicy", ""), "OrderedReady");
	ck_assert_str_eq(kc_json_get_string(sts, "spec.updateStrategy.type", ""), "RollingUpdate");
	ck_assert_int_eq(kc_json_get_int64(sts, "spec.updateStrategy.rollingUpdate.partition", -1),
			 0);
	ck_assert_str_eq(kc_json_get_string(
				 sts, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted", ""),
			 "Retain");
	ck_assert_str_eq(
		kc_json_get_string(sts, "spec.volumeClaimTemplates[0].spec.volumeMode", ""),
		"Filesystem");
	ck_assert_str_eq(kc_json_get_string(sts, "spec.volumeClaimTemplates[0].status.phase", ""),
			 "Pending");
	/* DaemonSet defaults and its template generation annotation */
	ck_assert_int_eq(
		kc_json_get_int64(ds, "spec.updateStrategy.rollingUpdate.maxUnavailable", -1), 1);
	ck_assert_int_eq(kc_json_get_int64(ds, "spec.updateStrategy.rollingUpdate.maxSurge", -1),
			 0);
	ck_assert_str_eq(
		kc_json_get_string(
			ds, "metadata.annotations.deprecated\\.daemonset\\.template\\.generation",
			""),
		"1");
}
END_TEST

/* ---- updates: generation and status ------------------------------------------------------------ */

static json_t *
stored_deployment(void)
{
	json_t *d = created(
		"apps", "deployments",
		"{\"metadata\":{\"name\":\"w\",\"labels\":{\"l\":\"1\"}},\"spec\":{\"replicas\":2,"
		"\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},"
		"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}");

	json_object_set_new(json_object_get(d, "metadata"), "resourceVersion", json_string("10"));
	json_object_set_new(d, "status",
			    json_pack("{s:i, s:i}", "replicas", 2, "observedGeneration", 1));
	return d;
}

/* Applies an update as the handler does and returns the object to store. */
static json_t *
updated(const char *group, const char *resource, const json_t *old, const char *path, json_t *value,
	int status)
{
	const struct api_resource *res = res_of(group, resource);
	json_t *obj = json_deep_copy(old);
	struct field_errors errs = FIELD_ERRORS_INIT;

	ck_assert_int_eq(kc_json_set_path_steal(obj, path, value), 0);
	ck_assert_int_eq(strategy_defaults(res, obj), 0);
	if (status) {
		ck_assert_int_eq(strategy_prepare_for_status_update(res, obj, old), 0);
		strategy_validate_status_update(res, obj, old, &errs);
	} else {
		ck_assert_int_eq(strategy_prepare_for_update(res, obj, old), 0);
		strategy_validate_update(res, obj, old, &errs);
	}
	if (errs.n > 0) {
		KC_AUTOFREE char *agg = field_errors_aggregate(&errs);

		ck_abort_msg("unexpected errors: %s", agg);
	}
	field_errors_release(&errs);
	return obj;
}

START_TEST(test_generation_bumps_on_spec_change)
{
	json_auto_t *old = stored_deployment();
	json_auto_t *d = updated("apps", "deployments", old, "spec.replicas", json_integer(3), 0);

	ck_assert_int_eq(kc_json_get_int64(d, "metadata.generation", 0), 2);
}
END_TEST

START_TEST(test_generation_kept_on_label_change)
{
	json_auto_t *old = stored_deployment();
	json_auto_t *d =
		updated("apps", "deployments", old, "metadata.labels.l", json_string("2"), 0);

	ck_assert_int_eq(kc_json_get_int64(d, "metadata.generation", 0), 1);
	ck_assert_str_eq(kc_json_get_string(d, "metadata.labels.l", ""), "2");
}
END_TEST

/* Deployments also move generation on annotation changes (copied to ReplicaSets). */
START_TEST(test_generation_bumps_on_deployment_annotation)
{
	json_auto_t *old = stored_deployment();
	json_auto_t *d = updated("apps", "deployments", old, "metadata.annotations",
				 json_pack("{s:s}", "note", "x"), 0);

	ck_assert_int_eq(kc_json_get_int64(d, "metadata.generation", 0), 2);
}
END_TEST

/* Clients cannot set generation themselves. */
START_TEST(test_generation_not_client_settable)
{
	json_auto_t *old = stored_deployment();
	json_auto_t *d =
		updated("apps", "deployments", old, "metadata.generation", json_integer(9), 0);

	ck_assert_int_eq(kc_json_get_int64(d, "metadata.generation", 0), 1);
}
END_TEST

/* The main resource ignores status; no generation bump for it either. */
START_TEST(test_main_update_keeps_status)
{
	json_auto_t *old = stored_deployment();
	json_auto_t *d = updated("apps", "deployments", old, "status.replicas", json_integer(7), 0);

	ck_assert_int_eq(kc_json_get_int64(d, "status.replicas", 0), 2);
	ck_assert_int_eq(kc_json_get_int64(d, "metadata.generation", 0), 1);
}
END_TEST

/* /status ignores spec and (deployments) labels, and never bumps generation. */
START_TEST(test_status_update_keeps_spec)
{
	json_auto_t *old = stored_deployment();
	json_auto_t *a = updated("apps", "deployments", old, "spec.replicas", json_integer(5), 1);
	json_auto_t *b =
		updated("apps", "deployments", old, "status.readyReplicas", json_integer(2), 1);
	json_auto_t *c =
		updated("apps", "deployments", old, "metadata.labels.l", json_string("9"), 1);

	ck_assert_int_eq(kc_json_get_int64(a, "spec.replicas", 0), 2);
	ck_assert_int_eq(kc_json_get_int64(a, "metadata.generation", 0), 1);
	ck_assert_int_eq(kc_json_get_int64(b, "status.readyReplicas", 0), 2);
	ck_assert_str_eq(kc_json_get_string(c, "metadata.labels.l", ""), "1");
}
END_TEST

static json_t *
stored_pod(void)
{
	json_t *p = created(
		"", "pods",
		"{\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"1\"},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\","
		"\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"u\",\"controller\":true}]},"
		"\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}");

	json_object_set_new(json_object_get(p, "metadata"), "resourceVersion", json_string("3"));
	return p;
}

/* The kubelet's pod status writes keep new labels but never change spec or owners. */
START_TEST(test_pod_status_update_rules)
{
	json_auto_t *old = stored_pod();
	json_auto_t *a = updated("", "pods", old, "metadata.labels.a", json_string("2"), 1);
	json_auto_t *b = updated("", "pods", old, "spec.containers[0].image", json_string("y"), 1);
	json_auto_t *c = updated("", "pods", old, "metadata.ownerReferences", json_array(), 1);
	json_auto_t *d = updated("", "pods", old, "status.qosClass", json_string(""), 1);

	ck_assert_str_eq(kc_json_get_string(a, "metadata.labels.a", ""), "2");
	ck_assert_str_eq(kc_json_get_string(b, "spec.containers[0].image", ""), "x");
	ck_assert_uint_eq(json_array_size(kc_json_get_array(c, "metadata.ownerReferences")), 1);
	ck_assert_str_eq(kc_json_get_string(d, "status.qosClass", ""), "BestEffort");
}
END_TEST

/* Image updates are allowed on pods. */
START_TEST(test_pod_image_update_allowed)
{
	json_auto_t *old = stored_pod();
	json_auto_t *p = updated("", "pods", old, "spec.containers[0].image", json_string("y"), 0);

	ck_assert_str_eq(kc_json_get_string(p, "spec.containers[0].image", ""), "y");
	ck_assert_ptr_null(kc_json_get_path(p, "metadata.generation"));
}
END_TEST

START_TEST(test_pod_spec_update_forbidden)
{
	json_auto_t *old = stored_pod();
	json_auto_t *p = json_deep_copy(old);
	struct field_errors errs = FIELD_ERRORS_INIT;
	const char *want =
		"Forbidden: pod updates may not change fields other than "
		"`spec.containers[*].image`,`spec.initContainers[*].image`,"
		"`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
		"tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if "
		"it was previously negative)\n";

	kc_json_set_path_steal(p, "spec.hostname", json_string("h"));
	ck_assert_int_eq(strategy_prepare_for_update(res_of("", "pods"), p, old), 0);
	strategy_validate_update(res_of("", "pods"), p, old, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].field, "spec");
	ck_assert_int_eq(strncmp(errs.v[0].body, want, strlen(want)), 0);
	ck_assert_ptr_nonnull(strstr(errs.v[0].body, "hostname"));
	field_errors_release(&errs);
}
END_TEST

START_TEST(test_update_restores_system_metadata)
{
	json_auto_t *old = stored_deployment();
	json_auto_t *d = json_deep_copy(old);
	json_t *meta = json_object_get(d, "metadata");

	json_object_del(meta, "uid");
	json_object_set_new(meta, "creationTimestamp", json_string("2030-01-01T00:00:00Z"));
	ck_assert_int_eq(strategy_prepare_for_update(res_of("apps", "deployments"), d, old), 0);
	ck_assert_str_eq(kc_json_get_string(d, "metadata.uid", ""), UID);
	ck_assert_str_eq(kc_json_get_string(d, "metadata.creationTimestamp", ""), TS);
}
END_TEST

START_TEST(test_daemonset_template_generation)
{
	json_auto_t *old = created(
		"apps", "daemonsets",
		"{\"metadata\":{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		"\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}");
	json_auto_t *ds = NULL;

	json_object_set_new(json_object_get(old, "metadata"), "resourceVersion", json_string("4"));
	ds = updated("apps", "daemonsets", old, "spec.template.spec.containers[0].image",
		     json_string("y"), 0);
	ck_assert_str_eq(
		kc_json_get_string(
			ds, "metadata.annotations.deprecated\\.daemonset\\.template\\.generation",
			""),
		"2");
	ck_assert_int_eq(kc_json_get_int64(ds, "metadata.generation", 0), 2);
}
END_TEST

START_TEST(test_namespace_finalizers_and_status)
{
	json_auto_t *old = created(
		"", "namespaces",
		"{\"metadata\":{\"name\":\"team\"},\"spec\":{\"finalizers\":[\"a.io/x\"]}}");
	json_auto_t *ns = NULL, *fin = NULL;
	struct field_errors errs = FIELD_ERRORS_INIT;

	json_object_set_new(json_object_get(old, "metadata"), "resourceVersion", json_string("4"));
	/* "kubernetes" is appended, not replacing what the client asked for */
	ck_assert_str_eq(kc_json_get_string(old, "spec.finalizers[1]", ""), "kubernetes");
	/* the main resource cannot drop finalizers; /finalize can */
	ns = updated("", "namespaces", old, "spec.finalizers", json_array(), 0);
	ck_assert_uint_eq(json_array_size(kc_json_get_array(ns, "spec.finalizers")), 2);
	fin = json_deep_copy(old);
	kc_json_set_path_steal(fin, "spec.finalizers", json_array());
	kc_json_set_path_steal(fin, "status.phase", json_string("Terminating"));
	ck_assert_int_eq(namespace_prepare_for_finalize(fin, old), 0);
	namespace_validate_finalize(fin, old, &errs);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_uint_eq(json_array_size(kc_json_get_array(fin, "spec.finalizers")), 0);
	ck_assert_str_eq(kc_json_get_string(fin, "status.phase", ""), "Active");
	ck_assert_str_eq(
		kc_json_get_string(fin, "metadata.labels.kubernetes\\.io/metadata\\.name", ""),
		"team");
	field_errors_release(&errs);
}
END_TEST

START_TEST(test_spec_changed_helper)
{
	json_auto_t *a = kc_test_json(
		"{\"metadata\":{\"name\":\"x\"},\"spec\":{\"a\":1},\"status\":{\"s\":1}}");
	json_auto_t *b = kc_test_json(
		"{\"metadata\":{\"name\":\"y\"},\"spec\":{\"a\":1},\"status\":{\"s\":2}}");
	json_auto_t *c = kc_test_json("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"a\":2}}");
	json_auto_t *d =
		kc_test_json("{\"metadata\":{},\"spec\":{\"a\":1,\"l\":[]},\"data\":null}");

	ck_assert_int_eq(strategy_spec_changed(a, b), 0);
	ck_assert_int_eq(strategy_spec_changed(a, c), 1);
	ck_assert_int_eq(strategy_spec_changed(a, d), 0); /* empty and absent are equal */
}
END_TEST

START_TEST(test_generation_on_delete)
{
	json_auto_t *d = kc_test_json("{\"metadata\":{\"generation\":3}}");
	json_auto_t *p = kc_test_json("{\"metadata\":{}}");

	ck_assert_int_eq(strategy_bump_generation_for_delete(d), 0);
	ck_assert_int_eq(kc_json_get_int64(d, "metadata.generation", 0), 4);
	ck_assert_int_eq(strategy_bump_generation_for_delete(p), 0);
	ck_assert_ptr_null(kc_json_get_path(p, "metadata.generation"));
}
END_TEST

/* ---- v1 conversion mirrors and subresources --------------------------------------------------- */

START_TEST(test_service_account_mirror)
{
	json_auto_t *a =
		created("", "pods",
			"{\"metadata\":{\"name\":\"p\"},\"spec\":{\"serviceAccount\":\"old\","
			"\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}");
	json_auto_t *b = created(
		"apps", "deployments",
		"{\"metadata\":{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		"\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"serviceAccountName\":\"sa\","
		"\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}");

	ck_assert_str_eq(kc_json_get_string(a, "spec.serviceAccountName", ""), "old");
	ck_assert_str_eq(kc_json_get_string(a, "spec.serviceAccount", ""), "old");
	ck_assert_str_eq(kc_json_get_string(b, "spec.template.spec.serviceAccount", ""), "sa");
}
END_TEST

START_TEST(test_pod_ip_mirror)
{
	const struct api_resource *res = res_of("", "pods");
	json_auto_t *a =
		kc_test_json("{\"status\":{\"podIP\":\"10.1.0.5\",\"hostIP\":\"192.168.0.2\"}}");
	json_auto_t *b = kc_test_json(
		"{\"status\":{\"podIPs\":[{\"ip\":\"10.1.0.6\"},{\"ip\":\"fd00::6\"}]}}");

	ck_assert_int_eq(strategy_defaults(res, a), 0);
	ck_assert_int_eq(strategy_defaults(res, b), 0);
	ck_assert_str_eq(kc_json_get_string(a, "status.podIPs[0].ip", ""), "10.1.0.5");
	ck_assert_str_eq(kc_json_get_string(a, "status.hostIPs[0].ip", ""), "192.168.0.2");
	ck_assert_str_eq(kc_json_get_string(b, "status.podIP", ""), "10.1.0.6");
	ck_assert_uint_eq(json_array_size(kc_json_get_array(b, "status.podIPs")), 2);
}
END_TEST

/* SetDefaults_PodFailurePolicyOnPodConditionsPattern reaches Jobs and CronJob templates alike. */
START_TEST(test_pod_failure_policy_defaults)
{
	const char *rules = "\"podFailurePolicy\":{\"rules\":[{\"action\":\"Ignore\","
			    "\"onPodConditions\":[{\"type\":\"DisruptionTarget\"}]}]},"
			    "\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
			    "\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}";
	KC_AUTOFREE char *job = NULL, *cj = NULL;
	json_auto_t *a = NULL, *b = NULL;

	ck_assert_int_ge(asprintf(&job, "{\"metadata\":{\"name\":\"j\"},\"spec\":{%s}}", rules), 0);
	ck_assert_int_ge(
		asprintf(&cj,
			 "{\"metadata\":{\"name\":\"c\"},\"spec\":{\"schedule\":\"@daily\","
			 "\"jobTemplate\":{\"spec\":{%s}}}}",
			 rules),
		0);
	a = kc_test_json(job);
	b = kc_test_json(cj);
	ck_assert_int_eq(strategy_defaults(res_of("batch", "jobs"), a), 0);
	ck_assert_int_eq(strategy_defaults(res_of("batch", "cronjobs"), b), 0);
	ck_assert_str_eq(kc_json_get_string(
				 a, "spec.podFailurePolicy.rules[0].onPodConditions[0].status", ""),
			 "True");
	ck_assert_str_eq(kc_json_get_string(a, "spec.podReplacementPolicy", ""), "Failed");
	ck_assert_str_eq(kc_json_get_string(b,
					    "spec.jobTemplate.spec.podFailurePolicy.rules[0]."
					    "onPodConditions[0].status",
					    ""),
			 "True");
	/* SetDefaults_Job itself does not run on the template */
	ck_assert_ptr_null(kc_json_get_path(b, "spec.jobTemplate.spec.podReplacementPolicy"));
}
END_TEST

/* kubectl replace without the annotation must not fail: clients cannot set it. */
START_TEST(test_daemonset_template_generation_not_settable)
{
	json_auto_t *old = created(
		"apps", "daemonsets",
		"{\"metadata\":{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		"\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}");
	json_auto_t *ds = NULL;

	json_object_set_new(json_object_get(old, "metadata"), "resourceVersion", json_string("4"));
	ds = updated("apps", "daemonsets", old, "metadata.annotations", json_object(), 0);
	ck_assert_str_eq(
		kc_json_get_string(
			ds, "metadata.annotations.deprecated\\.daemonset\\.template\\.generation",
			""),
		"1");
	ck_assert_int_eq(kc_json_get_int64(ds, "metadata.generation", 0), 1);
}
END_TEST

START_TEST(test_claim_templates_print_like_upstream)
{
	json_auto_t *sts = created(
		"apps", "statefulsets",
		"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		"\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}},"
		"\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"d\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
		"\"resources\":{\"requests\":{\"storage\":\"1.5Gi\"}}}}]}}");
	json_t *claim = kc_json_get_path(sts, "spec.volumeClaimTemplates[0]");

	ck_assert(json_is_null(kc_json_get_path(claim, "metadata.creationTimestamp")));
	ck_assert_str_eq(kc_json_get_string(claim, "spec.resources.requests.storage", ""),
			 "1536Mi");
}
END_TEST

START_TEST(test_pod_binding_validation)
{
	json_auto_t *ok = kc_test_json("{\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}");
	json_auto_t *bad = kc_test_json("{\"target\":{\"kind\":\"Pod\"}}");
	struct field_errors errs = FIELD_ERRORS_INIT;

	pod_validate_binding(ok, &errs);
	ck_assert_uint_eq(errs.n, 0);
	pod_validate_binding(bad, &errs);
	ck_assert_uint_eq(errs.n, 2);
	ck_assert_str_eq(errs.v[0].body,
			 "Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\"");
	ck_assert_str_eq(errs.v[1].field, "target.name");
	field_errors_release(&errs);
}
END_TEST

START_TEST(test_ephemeral_containers_update)
{
	json_auto_t *old = stored_pod();
	json_auto_t *p = json_deep_copy(old), *q = NULL;
	struct field_errors errs = FIELD_ERRORS_INIT;

	/* kubectl debug: add one; other changes in the same write are dropped */
	kc_json_set_path_steal(p, "spec.ephemeralContainers",
			       json_pack("[{s:s, s:s}]", "name", "dbg", "image", "busybox"));
	kc_json_set_path_steal(p, "spec.containers[0].image", json_string("changed"));
	kc_json_set_path_steal(p, "metadata.labels.a", json_string("changed"));
	ck_assert_int_eq(strategy_defaults(res_of("", "pods"), p), 0);
	ck_assert_int_eq(pod_prepare_for_ephemeral_containers_update(p, old), 0);
	pod_validate_ephemeral_containers_update(p, old, &errs);
	ck_assert_uint_eq(errs.n, 0);
	ck_assert_str_eq(kc_json_get_string(p, "spec.ephemeralContainers[0].name", ""), "dbg");
	ck_assert_str_eq(kc_json_get_string(p, "spec.containers[0].image", ""), "x");
	ck_assert_str_eq(kc_json_get_string(p, "metadata.labels.a", ""), "1");
	/* then removing it is forbidden */
	q = json_deep_copy(p);
	kc_json_set_path_steal(q, "spec.ephemeralContainers", json_array());
	ck_assert_int_eq(pod_prepare_for_ephemeral_containers_update(q, p), 0);
	pod_validate_ephemeral_containers_update(q, p, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].body,
			 "Forbidden: existing ephemeral containers \"dbg\" may not be removed\n");
	field_errors_release(&errs);
}
END_TEST

/* ---- services ---------------------------------------------------------------------------------- */

START_TEST(test_service_update_keeps_allocations)
{
	json_auto_t *old = created(
		"", "services",
		"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"name\":\"http\",\"port\":80}],"
		"\"clusterIP\":\"10.0.0.9\"}}");
	json_auto_t *s = NULL;

	json_object_set_new(json_object_get(old, "metadata"), "resourceVersion", json_string("4"));
	kc_json_set_path_steal(old, "spec.ports[0].nodePort", json_integer(30080));
	ck_assert_str_eq(kc_json_get_string(old, "spec.clusterIPs[0]", ""), "10.0.0.9");
	/* kubectl replace without clusterIP and nodePort: both come back from old */
	s = updated("", "services", old, "spec",
		    json_pack("{s:s, s:[{s:s, s:i}]}", "type", "NodePort", "ports", "name", "http",
			      "port", 80),
		    0);
	ck_assert_str_eq(kc_json_get_string(s, "spec.clusterIP", ""), "10.0.0.9");
	ck_assert_str_eq(kc_json_get_string(s, "spec.clusterIPs[0]", ""), "10.0.0.9");
	ck_assert_int_eq(kc_json_get_int64(s, "spec.ports[0].nodePort", 0), 30080);
	ck_assert_str_eq(kc_json_get_string(s, "spec.ipFamilies[0]", ""), "IPv4");
	ck_assert_int_eq(service_needs_node_ports(s), 1);
	ck_assert_int_eq(service_needs_cluster_ip(s), 1);
	ck_assert_int_eq(service_needs_health_check_node_port(s), 0);
}
END_TEST

START_TEST(test_service_type_change_drops_allocations)
{
	json_auto_t *old = created(
		"", "services",
		"{\"metadata\":{\"name\":\"s\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30001}],"
		"\"clusterIP\":\"10.0.0.9\"}}");
	json_auto_t *s = NULL;
	json_t *spec = json_deep_copy(json_object_get(old, "spec"));

	json_object_set_new(json_object_get(old, "metadata"), "resourceVersion", json_string("4"));
	/* GET, change the type, PUT: the allocated values come back unchanged */
	json_object_set_new(spec, "type", json_string("ExternalName"));
	json_object_set_new(spec, "externalName", json_string("example.com"));
	s = updated("", "services", old, "spec", spec, 0);
	ck_assert_ptr_null(kc_json_get_path(s, "spec.clusterIP"));
	ck_assert_ptr_null(kc_json_get_path(s, "spec.ipFamilies"));
	ck_assert_ptr_null(kc_json_get_path(s, "spec.ports[0].nodePort"));
	ck_assert_ptr_null(kc_json_get_path(s, "spec.externalTrafficPolicy"));
}
END_TEST

START_TEST(test_service_headless_families)
{
	json_auto_t *h =
		created("", "services",
			"{\"metadata\":{\"name\":\"h\"},\"spec\":{\"clusterIP\":\"None\"}}");
	json_auto_t *v6 = created(
		"", "services",
		"{\"metadata\":{\"name\":\"v\"},\"spec\":{\"clusterIP\":\"fd00::10\",\"ports\":[{\"port\":1}]}}");
	json_auto_t *aff = created(
		"", "services",
		"{\"metadata\":{\"name\":\"a\"},\"spec\":{\"sessionAffinity\":\"ClientIP\",\"ports\":[{\"port\":1}]}}");

	ck_assert_str_eq(kc_json_get_string(h, "spec.ipFamilyPolicy", ""), "RequireDualStack");
	ck_assert_str_eq(kc_json_get_string(v6, "spec.ipFamilies[0]", ""), "IPv6");
	ck_assert_str_eq(kc_json_get_string(v6, "spec.ipFamilyPolicy", ""), "SingleStack");
	ck_assert_int_eq(
		kc_json_get_int64(aff, "spec.sessionAffinityConfig.clientIP.timeoutSeconds", 0),
		10800);
}
END_TEST

/* ---- the 422 Status -------------------------------------------------------------------------- */

START_TEST(test_invalid_status_shape)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_auto_t *st = NULL;
	json_auto_t *want = kc_test_json(
		"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
		"\"message\":\"Deployment.apps \\\"web\\\" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]\","
		"\"reason\":\"Invalid\",\"details\":{\"name\":\"web\",\"group\":\"apps\",\"kind\":\"Deployment\","
		"\"causes\":[{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\",\"field\":\"spec.selector\"},"
		"{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: -1: must be greater than or equal to 0\",\"field\":\"spec.replicas\"}]},"
		"\"code\":422}");

	field_errors_required(&errs, "spec.selector", "");
	field_errors_invalid_int(&errs, "spec.replicas", -1, "must be greater than or equal to 0");
	st = field_errors_to_status(&errs, "apps", "Deployment", "web");
	assert_json_eq(st, want);
	field_errors_release(&errs);
}
END_TEST

/* One error: no brackets; core group: no "group"; duplicates once in the message only. */
START_TEST(test_invalid_status_single_and_duplicates)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_auto_t *one = NULL, *dup = NULL;

	field_errors_required(&errs, "spec.containers", "");
	one = field_errors_to_status(&errs, "", "Pod", "p");
	ck_assert_str_eq(json_string_value(json_object_get(one, "message")),
			 "Pod \"p\" is invalid: spec.containers: Required value");
	ck_assert_ptr_null(kc_json_get_path(one, "details.group"));
	field_errors_required(&errs, "spec.containers", "");
	dup = field_errors_to_status(&errs, "", "Pod", "p");
	ck_assert_str_eq(json_string_value(json_object_get(dup, "message")),
			 "Pod \"p\" is invalid: spec.containers: Required value");
	ck_assert_uint_eq(json_array_size(kc_json_get_array(dup, "details.causes")), 2);
	field_errors_release(&errs);
}
END_TEST

START_TEST(test_field_error_bodies)
{
	static const char *const valid[] = { "a", "b", NULL };
	struct field_errors errs = FIELD_ERRORS_INIT;

	field_errors_not_supported(&errs, "x", "c", valid);
	field_errors_duplicate(&errs, "y[1]", "n");
	field_errors_not_found(&errs, "z", "v", "must be one of the names");
	field_errors_too_many(&errs, "e", 1001, 1000);
	field_errors_forbidden(&errs, "f", "not allowed on this type");
	field_errors_invalid_raw(&errs, "g", "map[string]string{\"a\":\"b\"}", "d");
	field_errors_invalid(&errs, "h", "\"q\"\n", "");
	ck_assert_str_eq(errs.v[0].body,
			 "Unsupported value: \"c\": supported values: \"a\", \"b\"");
	ck_assert_str_eq(errs.v[1].body, "Duplicate value: \"n\"");
	ck_assert_str_eq(errs.v[2].body, "Not found: \"v\": must be one of the names");
	ck_assert_str_eq(errs.v[3].body, "Too many: 1001: must have at most 1000 items");
	ck_assert_str_eq(errs.v[4].body, "Forbidden: not allowed on this type");
	ck_assert_str_eq(errs.v[5].body, "Invalid value: map[string]string{\"a\":\"b\"}: d");
	ck_assert_str_eq(errs.v[6].body, "Invalid value: \"\\\"q\\\"\\n\"");
	ck_assert_str_eq(field_error_reason(errs.v[0].type), "FieldValueNotSupported");
	ck_assert_str_eq(field_error_reason(errs.v[3].type), "FieldValueTooMany");
	ck_assert_int_eq(field_errors_find(&errs, "z", FIELD_ERR_NOT_FOUND), 2);
	ck_assert_int_eq(field_errors_find(&errs, "z", FIELD_ERR_REQUIRED), -1);
	field_errors_release(&errs);
}
END_TEST

START_TEST(test_field_paths)
{
	char p[FPATH_MAX];

	ck_assert_str_eq(fpath_child(p, "", "metadata"), "metadata");
	ck_assert_str_eq(fpath_child(p, "spec", "containers"), "spec.containers");
	ck_assert_str_eq(fpath_index(p, p, 2), "spec.containers[2]");
	ck_assert_str_eq(fpath_child(p, p, "image"), "spec.containers[2].image");
	ck_assert_str_eq(fpath_key(p, "data", "a b"), "data[a b]");
	ck_assert_str_eq(fpath_child_index(p, "spec", "ports", 0), "spec.ports[0]");
}
END_TEST

START_TEST(test_out_of_memory_list_is_internal)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_auto_t *st = NULL;

	errs.nomem = 1;
	st = field_errors_to_status(&errs, "", "Pod", "p");
	ck_assert_int_eq(json_integer_value(json_object_get(st, "code")), 500);
	ck_assert_str_eq(json_string_value(json_object_get(st, "reason")), "InternalError");
}
END_TEST

/* ---- events: one storage, two shapes ------------------------------------------------------------ */

static const char events_v1_text[] =
	"{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"p.17\",\"namespace\":\"default\"},"
	"\"eventTime\":\"2024-01-01T00:00:00.123456Z\",\"reportingController\":\"default-scheduler\","
	"\"reportingInstance\":\"default-scheduler-node1\",\"action\":\"Binding\",\"reason\":\"Scheduled\","
	"\"regarding\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"p\",\"uid\":\"u1\",\"apiVersion\":\"v1\"},"
	"\"note\":\"Successfully assigned default/p to node1\",\"type\":\"Normal\"}";

START_TEST(test_event_v1_to_core)
{
	json_auto_t *ev = kc_test_json(events_v1_text);
	json_auto_t *core = strategy_to_storage(res_of("events.k8s.io", "events"), ev);
	json_auto_t *want = kc_test_json(
		"{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"p.17\",\"namespace\":\"default\"},"
		"\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"p\",\"uid\":\"u1\",\"apiVersion\":\"v1\"},"
		"\"reason\":\"Scheduled\",\"message\":\"Successfully assigned default/p to node1\",\"source\":{},"
		"\"firstTimestamp\":null,\"lastTimestamp\":null,\"type\":\"Normal\",\"eventTime\":\"2024-01-01T00:00:00.123456Z\","
		"\"action\":\"Binding\",\"reportingComponent\":\"default-scheduler\",\"reportingInstance\":\"default-scheduler-node1\"}");
	struct field_errors errs = FIELD_ERRORS_INIT;

	assert_json_eq(core, want);
	ck_assert_int_eq(strategy_defaults(res_of("events.k8s.io", "events"), core), 0);
	strategy_validate_create(res_of("events.k8s.io", "events"), core, &errs);
	ck_assert_uint_eq(errs.n, 0);
	field_errors_release(&errs);
}
END_TEST

START_TEST(test_event_core_to_v1)
{
	json_auto_t *core = kc_test_json(
		"{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"p.18\",\"namespace\":\"default\"},"
		"\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"default\"},\"reason\":\"Pulled\","
		"\"message\":\"pulled\",\"source\":{\"component\":\"kubelet\",\"host\":\"node1\"},"
		"\"firstTimestamp\":\"2024-01-01T00:00:00Z\",\"lastTimestamp\":\"2024-01-01T00:01:00Z\",\"count\":2,"
		"\"type\":\"Normal\",\"eventTime\":null,\"reportingComponent\":\"\",\"reportingInstance\":\"\"}");
	json_auto_t *v1 = strategy_from_storage(res_of("events.k8s.io", "events"), core);
	json_auto_t *same = strategy_from_storage(res_of("", "events"), core);
	json_auto_t *want = kc_test_json(
		"{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"p.18\",\"namespace\":\"default\"},"
		"\"eventTime\":null,\"reason\":\"Pulled\",\"regarding\":{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"default\"},"
		"\"note\":\"pulled\",\"type\":\"Normal\",\"deprecatedSource\":{\"component\":\"kubelet\",\"host\":\"node1\"},"
		"\"deprecatedFirstTimestamp\":\"2024-01-01T00:00:00Z\",\"deprecatedLastTimestamp\":\"2024-01-01T00:01:00Z\","
		"\"deprecatedCount\":2}");

	assert_json_eq(v1, want);
	assert_json_eq(same, core); /* core reads see the stored shape */
}
END_TEST

/* A core/v1 event without eventTime is legacy: only namespace consistency is checked. */
START_TEST(test_event_core_legacy_validation)
{
	json_auto_t *ok = created(
		"", "events",
		"{\"metadata\":{\"name\":\"a.1\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\"}}");
	json_auto_t *bad = created(
		"", "events",
		"{\"metadata\":{\"name\":\"a.2\",\"namespace\":\"dev\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"prod\"}}");
	struct field_errors errs = FIELD_ERRORS_INIT;

	strategy_validate_create(res_of("", "events"), ok, &errs);
	ck_assert_uint_eq(errs.n, 0);
	strategy_validate_create(res_of("", "events"), bad, &errs);
	ck_assert_uint_eq(errs.n, 1);
	ck_assert_str_eq(errs.v[0].field, "involvedObject.namespace");
	ck_assert_str_eq(errs.v[0].body, "Invalid value: \"prod\": does not match event.namespace");
	field_errors_release(&errs);
}
END_TEST

/* ---- field selectors ---------------------------------------------------------------------------- */

static int
select_obj(const char *group, const char *resource, const char *selector, const json_t *obj)
{
	struct kc_field_selector *sel = NULL;
	char *err = NULL;
	int r;

	ck_assert_int_eq(kc_fields_parse(selector, &sel, NULL), 0);
	r = strategy_field_selector_convert(res_of(group, resource), sel, &err);
	if (r < 0) {
		ck_assert_ptr_nonnull(err);
		free(err);
		kc_field_selector_free(sel);
		return r;
	}
	r = strategy_field_selector_matches(res_of(group, resource), sel, obj);
	kc_field_selector_free(sel);
	return r;
}

static const struct {
	const char *group, *resource, *selector, *object;
	int want; /* 1 match, 0 no match, -1 unsupported label */
} select_cases[] = {
	{ "", "pods", "spec.nodeName=n1", "{\"spec\":{\"nodeName\":\"n1\"}}", 1 },
	{ "", "pods", "spec.nodeName=", "{\"spec\":{}}", 1 },
	{ "", "pods", "spec.nodeName!=", "{\"spec\":{}}", 0 },
	{ "", "pods", "spec.host=n1", "{\"spec\":{\"nodeName\":\"n1\"}}", 1 },
	{ "", "pods", "status.phase=Running,spec.schedulerName=default-scheduler",
	  "{\"spec\":{\"schedulerName\":\"default-scheduler\"},\"status\":{\"phase\":\"Running\"}}",
	  1 },
	{ "", "pods", "status.podIP=10.0.0.1",
	  "{\"status\":{\"podIP\":\"10.0.0.1\",\"podIPs\":[{\"ip\":\"10.0.0.1\"}]}}", 1 },
	{ "", "pods", "spec.hostNetwork=false", "{\"spec\":{}}", 1 },
	{ "", "pods",
	  "spec.restartPolicy=Never,spec.serviceAccountName=sa,status.nominatedNodeName=n",
	  "{\"spec\":{\"restartPolicy\":\"Never\",\"serviceAccountName\":\"sa\"},\"status\":{\"nominatedNodeName\":\"n\"}}",
	  1 },
	{ "", "pods", "metadata.name=p,metadata.namespace=default",
	  "{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"}}", 1 },
	{ "", "pods", "spec.image=x", "{}", -1 },
	{ "", "nodes", "spec.unschedulable=false", "{\"spec\":{}}", 1 },
	{ "", "nodes", "spec.unschedulable=true", "{\"spec\":{\"unschedulable\":true}}", 1 },
	{ "", "secrets", "type=kubernetes.io/tls", "{\"type\":\"kubernetes.io/tls\"}", 1 },
	{ "", "namespaces", "status.phase=Active", "{\"status\":{\"phase\":\"Active\"}}", 1 },
	{ "apps", "replicasets", "status.replicas=0", "{\"status\":{}}", 1 },
	{ "", "replicationcontrollers", "status.replicas=2", "{\"status\":{\"replicas\":2}}", 1 },
	{ "batch", "jobs", "status.successful=1", "{\"status\":{\"succeeded\":1}}", 1 },
	{ "", "events", "involvedObject.name=p,involvedObject.kind=Pod,reason=Scheduled",
	  "{\"involvedObject\":{\"name\":\"p\",\"kind\":\"Pod\"},\"reason\":\"Scheduled\"}", 1 },
	{ "", "events", "source=kubelet", "{\"source\":{\"component\":\"kubelet\"}}", 1 },
	{ "", "events", "source=default-scheduler",
	  "{\"source\":{},\"reportingComponent\":\"default-scheduler\"}", 1 },
	{ "", "events", "regarding.name=p", "{}", -1 },
	{ "events.k8s.io", "events", "regarding.name=p,reportingController=k",
	  "{\"involvedObject\":{\"name\":\"p\"},\"reportingComponent\":\"k\"}", 1 },
	{ "apps", "deployments", "metadata.name=web", "{\"metadata\":{\"name\":\"web\"}}", 1 },
	{ "apps", "deployments", "spec.replicas=1", "{}", -1 },
};

START_TEST(test_field_selectors)
{
	json_auto_t *obj = kc_test_json(select_cases[_i].object);
	int r = select_obj(select_cases[_i].group, select_cases[_i].resource,
			   select_cases[_i].selector, obj);

	ck_assert_int_eq(r < 0 ? -1 : r, select_cases[_i].want);
}
END_TEST

START_TEST(test_field_selector_error_message)
{
	struct kc_field_selector *sel = NULL;
	char *err = NULL;
	struct kc_strv labels = KC_STRV_INIT;

	ck_assert_int_eq(kc_fields_parse("spec.foo=bar", &sel, NULL), 0);
	ck_assert_int_eq(strategy_field_selector_convert(res_of("", "pods"), sel, &err),
			 KC_ERR_BAD_REQUEST);
	ck_assert_str_eq(err, "field label not supported: spec.foo");
	free(err);
	kc_field_selector_free(sel);
	ck_assert_int_eq(strategy_field_labels(res_of("", "pods"), &labels), 0);
	ck_assert(kc_strv_contains(&labels, "spec.nodeName"));
	ck_assert(kc_strv_contains(&labels, "metadata.namespace"));
	kc_strv_release(&labels);
}
END_TEST

/* ---- the table ----------------------------------------------------------------------------------- */

/* Every stored resource has its own strategy row whose kind matches the registry's. */
START_TEST(test_table_covers_stored_resources)
{
	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		const struct api_strategy *s = strategy_for(r);

		if (r->etcd_prefix == NULL) {
			ck_assert_msg(s == NULL, "%s has a strategy but is never stored",
				      r->resource);
			continue;
		}
		ck_assert_msg(strategy_has_row(r->group, r->resource), "no strategy for %s/%s",
			      r->group, r->resource);
		ck_assert_str_eq(s->kind, r->kind);
	}
	ck_assert_ptr_nonnull(strategy_lookup("example.com", "widgets"));
	ck_assert_int_eq(strategy_has_row("example.com", "widgets"), 0);
}
END_TEST

/* Hostile input: non-objects and wrong member types never crash. */
START_TEST(test_bad_input_survives)
{
	static const char *const texts[] = {
		"{\"metadata\":{\"name\":5},\"spec\":\"x\",\"status\":[]}",
		"{\"metadata\":null,\"spec\":{\"template\":[],\"selector\":\"a\"}}",
		"{\"spec\":{\"containers\":{\"a\":1},\"volumes\":[1,null,\"x\"],\"ports\":5}}",
		"{\"metadata\":{\"labels\":{\"a\":1},\"annotations\":[]},\"spec\":{\"template\":{\"spec\":{\"containers\":[1,{\"ports\":[\"x\"]}]}}}}",
	};

	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		if (r->etcd_prefix == NULL)
			continue;
		for (size_t i = 0; i < KC_ARRAY_SIZE(texts); i++) {
			json_auto_t *obj = kc_test_json(texts[i]),
				    *old = kc_test_json(texts[(i + 1) % 4]);
			struct field_errors errs = FIELD_ERRORS_INIT;

			(void)strategy_defaults(r, obj);
			(void)strategy_prepare_for_create(r, obj);
			strategy_validate_create(r, obj, &errs);
			(void)strategy_prepare_for_update(r, obj, old);
			strategy_validate_update(r, obj, old, &errs);
			(void)strategy_prepare_for_status_update(r, obj, old);
			strategy_validate_status_update(r, obj, old, &errs);
			field_errors_release(&errs);
		}
	}
	ck_assert_int_eq(strategy_defaults(res_of("", "pods"), NULL), KC_ERR_INVALID);
}
END_TEST

/* ---- cron schedules ------------------------------------------------------------------------------- */

static const struct {
	const char *spec, *err; /* err NULL: valid */
} cron_cases[] = {
	{ "*/1 * * * *", NULL },
	{ "0 0 * * 0", NULL },
	{ "30 2 1-15/2 JAN-jun mon,wed,fri", NULL },
	{ "@hourly", NULL },
	{ "@every 1h30m", NULL },
	{ "", "empty spec string" },
	{ "* * * *", "expected exactly 5 fields, found 4: [* * * *]" },
	{ "60 * * * *", "end of range (60) above maximum (59): 60" },
	{ "* 5-2 * * *", "beginning of range (5) beyond end of range (2): 5-2" },
	{ "* * 0 * *", "beginning of range (0) below minimum (1): 0" },
	{ "*/0 * * * *", "step of range should be a positive number: */0" },
	{ "a * * * *", "failed to parse int from a: strconv.Atoi: parsing \"a\": invalid syntax" },
	{ "1-2-3 * * * *", "too many hyphens: 1-2-3" },
	{ "*/1/2 * * * *", "too many slashes: */1/2" },
	{ "@fortnightly", "unrecognized descriptor: @fortnightly" },
	{ "@every soon", "failed to parse duration @every soon: time: invalid duration \"soon\"" },
};

START_TEST(test_cron_schedules)
{
	char err[512] = "";
	int r = cronjob_parse_schedule(cron_cases[_i].spec, err, sizeof(err));

	if (cron_cases[_i].err == NULL) {
		ck_assert_msg(r == 0, "%s: %s", cron_cases[_i].spec, err);
	} else {
		ck_assert_int_eq(r, -1);
		ck_assert_str_eq(err, cron_cases[_i].err);
	}
}
END_TEST

static Suite *
strategy_suite(void)
{
	Suite *s = suite_create("strategy");
	TCase *tc = tcase_create("core");
	int n = (int)load_fixtures();

	tcase_add_test(tc, test_fixtures_found);
	tcase_add_loop_test(tc, test_fixture_defaults, 0, n);
	tcase_add_loop_test(tc, test_fixture_defaults_idempotent, 0, n);
	tcase_add_loop_test(tc, test_template_defaults_identical, 0, (int)KC_ARRAY_SIZE(workloads));
	tcase_add_test(tc, test_template_defaults_content);
	tcase_add_loop_test(tc, test_image_pull_policy, 0, (int)KC_ARRAY_SIZE(pull_cases));
	tcase_add_test(tc, test_image_pull_policy_kept);
	tcase_add_loop_test(tc, test_pod_qos, 0, (int)KC_ARRAY_SIZE(qos_cases));
	tcase_add_test(tc, test_create_clears_server_fields);
	tcase_add_test(tc, test_pod_has_no_generation);
	tcase_add_test(tc, test_initial_statuses);
	tcase_add_test(tc, test_generation_bumps_on_spec_change);
	tcase_add_test(tc, test_generation_kept_on_label_change);
	tcase_add_test(tc, test_generation_bumps_on_deployment_annotation);
	tcase_add_test(tc, test_generation_not_client_settable);
	tcase_add_test(tc, test_main_update_keeps_status);
	tcase_add_test(tc, test_status_update_keeps_spec);
	tcase_add_test(tc, test_pod_status_update_rules);
	tcase_add_test(tc, test_pod_image_update_allowed);
	tcase_add_test(tc, test_pod_spec_update_forbidden);
	tcase_add_test(tc, test_update_restores_system_metadata);
	tcase_add_test(tc, test_daemonset_template_generation);
	tcase_add_test(tc, test_namespace_finalizers_and_status);
	tcase_add_test(tc, test_spec_changed_helper);
	tcase_add_test(tc, test_generation_on_delete);
	tcase_add_test(tc, test_service_account_mirror);
	tcase_add_test(tc, test_pod_ip_mirror);
	tcase_add_test(tc, test_daemonset_template_generation_not_settable);
	tcase_add_test(tc, test_pod_failure_policy_defaults);
	tcase_add_test(tc, test_claim_templates_print_like_upstream);
	tcase_add_test(tc, test_pod_binding_validation);
	tcase_add_test(tc, test_ephemeral_containers_update);
	tcase_add_test(tc, test_service_update_keeps_allocations);
	tcase_add_test(tc, test_service_type_change_drops_allocations);
	tcase_add_test(tc, test_service_headless_families);
	tcase_add_test(tc, test_invalid_status_shape);
	tcase_add_test(tc, test_invalid_status_single_and_duplicates);
	tcase_add_test(tc, test_field_error_bodies);
	tcase_add_test(tc, test_field_paths);
	tcase_add_test(tc, test_out_of_memory_list_is_internal);
	tcase_add_test(tc, test_event_v1_to_core);
	tcase_add_test(tc, test_event_core_to_v1);
	tcase_add_test(tc, test_event_core_legacy_validation);
	tcase_add_loop_test(tc, test_field_selectors, 0, (int)KC_ARRAY_SIZE(select_cases));
	tcase_add_test(tc, test_field_selector_error_message);
	tcase_add_test(tc, test_table_covers_stored_resources);
	tcase_add_test(tc, test_bad_input_survives);
	tcase_add_loop_test(tc, test_cron_schedules, 0, (int)KC_ARRAY_SIZE(cron_cases));
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(strategy_suite)
