/*
 * check_printers.c - kube-apiserver Table printers and transformed responses: HumanDuration,
 * every printer's rows against fixtures (test/unit/fixtures/printers/<resource>.json, cells as
 * upstream's printers compute them at a fixed "now"), column tables and the registry, the
 * default table, Table / PartialObjectMetadata(List) JSON, includeObject, bad input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/meta.h"

#include "kube-apiserver/registry/printers.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/table.h"

#include "test/unit/testutil/testutil.h"

#define SEC  1000000000LL
#define MIN  (60 * SEC)
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

static int64_t
parse_time(const char *s)
{
	int64_t ns = 0;

	ck_assert_int_eq(kc_meta_time_parse(s, &ns), 0);
	return ns;
}

/* ---- HumanDuration ----------------------------------------------------------------------------- */

static const struct {
	int64_t d;
	const char *want;
} durations[] = {
	{ 0, "0s" },
	{ 999 * 1000000LL, "0s" },
	{ -1 * SEC, "0s" },
	{ -1999 * 1000000LL, "0s" }, /* int(-1.999) is -1: still "almost now" */
	{ -2 * SEC, "<invalid>" },
	{ 1 * SEC, "1s" },
	{ 59 * SEC, "59s" },
	{ 60 * SEC, "60s" },
	{ 119 * SEC, "119s" },
	{ 120 * SEC, "2m" },
	{ 123 * SEC, "2m3s" },
	{ 9 * MIN + 59 * SEC, "9m59s" },
	{ 10 * MIN, "10m" },
	{ 10 * MIN + 59 * SEC, "10m" },
	{ 5 * MIN, "5m" },
	{ 179 * MIN + 59 * SEC, "179m" },
	{ 3 * HOUR, "3h" },
	{ 3 * HOUR + 5 * MIN, "3h5m" },
	{ 7 * HOUR + 59 * MIN + 59 * SEC, "7h59m" },
	{ 8 * HOUR, "8h" },
	{ 47 * HOUR + 59 * MIN, "47h" },
	{ 48 * HOUR, "2d" },
	{ 2 * DAY + 3 * HOUR, "2d3h" },
	{ 7 * DAY + 23 * HOUR + 59 * MIN, "7d23h" },
	{ 8 * DAY, "8d" },
	{ 729 * DAY + 23 * HOUR, "729d" },
	{ 730 * DAY, "2y" },
	{ 3 * 365 * DAY + 45 * DAY, "3y45d" },
	{ 8 * 365 * DAY - DAY, "7y364d" },
	{ 8 * 365 * DAY, "8y" },
	{ 100 * 365 * DAY + 100 * DAY, "100y" },
};

START_TEST(test_human_duration)
{
	char buf[PRINTERS_DURATION_BUFSZ];

	ck_assert_str_eq(printers_human_duration(durations[_i].d, buf, sizeof(buf)),
			 durations[_i].want);
}
END_TEST

/* ---- fixtures ------------------------------------------------------------------------------------- */

/* Every case of every fixture file: {"file", "group", "resource", "now", "case"}. */
static const json_t *fixture_cases;

/* The cases of test/unit/fixtures/printers/<name>.json, with their file's "group", "resource", "now". */
static size_t
load_fixtures(void)
{
	static const char *const fields[] = { "group", "resource", "now", NULL };

	fixture_cases = kc_test_fixture_cases("printers", fields);
	return json_array_size(fixture_cases);
}

static char *
dump(const json_t *j)
{
	return j != NULL ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("NULL");
}

START_TEST(test_fixture)
{
	const json_t *fc = json_array_get(fixture_cases, (size_t)_i);
	const json_t *tc = json_object_get(fc, "case");
	const char *group = json_string_value(json_object_get(fc, "group"));
	const char *resource = json_string_value(json_object_get(fc, "resource"));
	const struct api_resource *res = NULL;
	const struct printer *p;
	json_t *cells = NULL, *conditions = NULL;
	KC_AUTOFREE char *got = NULL, *want = NULL, *got_cond = NULL, *want_cond = NULL;
	int r;

	for (const struct api_resource *a = api_resources; a->resource != NULL; a++)
		if (strcmp(a->group, group) == 0 && strcmp(a->resource, resource) == 0)
			res = a;
	ck_assert_msg(res != NULL, "%s: %s/%s is not in the registry",
		      json_string_value(json_object_get(fc, "file")), group, resource);
	p = printers_for(res);
	r = printers_row(p, json_object_get(tc, "object"),
			 parse_time(json_string_value(json_object_get(fc, "now"))), &cells,
			 &conditions);
	ck_assert_msg(r == 0, "%s: %s: printers_row: %d",
		      json_string_value(json_object_get(fc, "file")),
		      json_string_value(json_object_get(tc, "name")), r);
	got = dump(cells);
	want = dump(json_object_get(tc, "cells"));
	got_cond = dump(conditions);
	want_cond = dump(json_object_get(tc, "conditions"));
	json_decref(cells);
	json_decref(conditions);
	ck_assert_msg(strcmp(got, want) == 0, "%s: %s:\n got  %s\n want %s",
		      json_string_value(json_object_get(fc, "file")),
		      json_string_value(json_object_get(tc, "name")), got, want);
	ck_assert_msg(strcmp(got_cond, want_cond) == 0, "%s: %s: conditions\n got  %s\n want %s",
		      json_string_value(json_object_get(fc, "file")),
		      json_string_value(json_object_get(tc, "name")), got_cond, want_cond);
}
END_TEST

static size_t n_fixture_cases;

/* A missing fixture directory must not pass as zero loop iterations. */
START_TEST(test_fixtures_found)
{
	ck_assert_uint_ge(n_fixture_cases, 100);
}
END_TEST

/* ---- the column tables and the registry ------------------------------------------------- */

static const struct api_resource *
registry_find(const char *group, const char *resource)
{
	for (const struct api_resource *a = api_resources; a->resource != NULL; a++)
		if (strcmp(a->group, group) == 0 && strcmp(a->resource, resource) == 0)
			return a;
	return NULL;
}

START_TEST(test_printer_tables)
{
	size_t n = 0;

	for (const struct printer *const *pp = printers; *pp != NULL; pp++, n++) {
		const struct printer *p = *pp;
		const struct api_resource *res = registry_find(p->group, p->resource);
		size_t names = 0;

		ck_assert_msg(res != NULL, "printer %s/%s has no registry row", p->group,
			      p->resource);
		ck_assert_msg(res->verbs & VERB_LIST, "%s is never listed", p->resource);
		ck_assert_ptr_eq(printers_lookup(p->group, p->resource), p);
		ck_assert_uint_gt(p->n_columns, 1);
		ck_assert_ptr_nonnull(p->row);
		for (size_t i = 0; i < p->n_columns; i++) {
			const struct printer_column *c = &p->columns[i];

			ck_assert_msg(strcmp(c->type, "string") == 0 ||
					      strcmp(c->type, "integer") == 0 ||
					      strcmp(c->type, "boolean") == 0 ||
					      strcmp(c->type, "date") == 0,
				      "%s: column %s type %s", p->resource, c->name, c->type);
			ck_assert(c->priority == 0 || c->priority == 1);
			ck_assert_ptr_nonnull(c->description);
			ck_assert_ptr_nonnull(c->format);
			names += strcmp(c->name, "Name") == 0 && strcmp(c->format, "name") == 0;
		}
		ck_assert_msg(names == 1, "%s: one Name column", p->resource);
		/* no two printers for one resource */
		for (const struct printer *const *q = pp + 1; *q != NULL; q++)
			ck_assert(strcmp((*q)->group, p->group) != 0 ||
				  strcmp((*q)->resource, p->resource) != 0);
	}
	ck_assert_uint_ge(n, 35);
}
END_TEST

/* What the brief and upstream give their own columns; everything else gets the default. */
static const char *const with_printer[][2] = {
	{ "", "pods" },
	{ "", "nodes" },
	{ "", "namespaces" },
	{ "", "services" },
	{ "", "endpoints" },
	{ "", "configmaps" },
	{ "", "secrets" },
	{ "", "serviceaccounts" },
	{ "", "events" },
	{ "", "persistentvolumes" },
	{ "", "persistentvolumeclaims" },
	{ "", "resourcequotas" },
	{ "", "replicationcontrollers" },
	{ "", "podtemplates" },
	{ "events.k8s.io", "events" },
	{ "discovery.k8s.io", "endpointslices" },
	{ "apps", "deployments" },
	{ "apps", "replicasets" },
	{ "apps", "statefulsets" },
	{ "apps", "daemonsets" },
	{ "apps", "controllerrevisions" },
	{ "batch", "jobs" },
	{ "batch", "cronjobs" },
	{ "coordination.k8s.io", "leases" },
	{ "scheduling.k8s.io", "priorityclasses" },
	{ "storage.k8s.io", "storageclasses" },
	{ "storage.k8s.io", "csinodes" },
	{ "storage.k8s.io", "csidrivers" },
	{ "policy", "poddisruptionbudgets" },
	{ "rbac.authorization.k8s.io", "rolebindings" },
	{ "rbac.authorization.k8s.io", "clusterrolebindings" },
	{ "certificates.k8s.io", "certificatesigningrequests" },
	{ "node.k8s.io", "runtimeclasses" },
};

START_TEST(test_registry_coverage)
{
	size_t listed = 0;

	for (const struct api_resource *a = api_resources; a->resource != NULL; a++) {
		const struct printer *p = printers_for(a);

		ck_assert_ptr_nonnull(p);
		if (!(a->verbs & VERB_LIST))
			continue;
		listed++;
		ck_assert(p == printers_lookup(a->group, a->resource) || p == &printer_default);
	}
	ck_assert_uint_ge(listed, 35);
	for (size_t i = 0; i < KC_ARRAY_SIZE(with_printer); i++) {
		const struct api_resource *a =
			registry_find(with_printer[i][0], with_printer[i][1]);

		ck_assert_msg(a != NULL, "%s not served", with_printer[i][1]);
		ck_assert_msg(printers_for(a) != &printer_default, "%s/%s has no printer",
			      with_printer[i][0], with_printer[i][1]);
	}
	/* upstream's storage uses rest.NewDefaultTableConvertor for these */
	ck_assert_ptr_eq(printers_for(registry_find("", "limitranges")), &printer_default);
	ck_assert_ptr_eq(printers_for(registry_find("rbac.authorization.k8s.io", "roles")),
			 &printer_default);
	ck_assert_ptr_eq(printers_for(registry_find("rbac.authorization.k8s.io", "clusterroles")),
			 &printer_default);
	ck_assert_ptr_eq(printers_for(NULL), &printer_default);
	ck_assert_ptr_null(printers_lookup("", "nope"));
	ck_assert_ptr_null(printers_lookup(NULL, "pods"));
}
END_TEST

/* Columns of the pod printer: names, types and the wide ones, as kubectl shows them. */
START_TEST(test_pod_columns)
{
	const struct printer *p = printers_lookup("", "pods");
	static const char *const names[] = {
		"Name", "Ready", "Status",         "Restarts",       "Age",
		"IP",   "Node",  "Nominated Node", "Readiness Gates"
	};

	ck_assert_uint_eq(p->n_columns, KC_ARRAY_SIZE(names));
	for (size_t i = 0; i < p->n_columns; i++) {
		ck_assert_str_eq(p->columns[i].name, names[i]);
		ck_assert_int_eq(p->columns[i].priority, i >= 5);
	}
	ck_assert_str_eq(p->columns[3].type, "string"); /* "3 (5m ago)" since 1.28 */
	ck_assert_str_eq(p->columns[0].format, "name");
	ck_assert(strncmp(p->columns[0].description, "Name must be unique within a namespace.",
			  39) == 0);
	ck_assert(strncmp(p->columns[5].description, "podIP address allocated to the pod.", 35) ==
		  0);
	p = printers_lookup("", "events");
	ck_assert_str_eq(p->columns[0].name, "Last Seen");
	ck_assert_str_eq(p->columns[p->n_columns - 1].name, "Name");
	ck_assert_int_eq(p->columns[p->n_columns - 1].priority, 1);
}
END_TEST

/* ---- the default table ------------------------------------------------------------------------ */

START_TEST(test_default_table_row)
{
	json_auto_t *lr =
		kc_test_json("{\"apiVersion\":\"v1\",\"kind\":\"LimitRange\",\"metadata\":{"
			     "\"name\":\"limits\",\"namespace\":\"default\","
			     "\"creationTimestamp\":\"2024-06-01T13:00:00+01:00\"}}");
	json_auto_t *bare = kc_test_json("{\"metadata\":{}}");
	json_t *cells = NULL, *conditions = NULL;
	KC_AUTOFREE char *a = NULL, *b = NULL;

	ck_assert_int_eq(printers_row(&printer_default, lr, 0, &cells, &conditions), 0);
	a = dump(cells);
	ck_assert_str_eq(a, "[\"limits\",\"2024-06-01T12:00:00Z\"]"); /* UTC */
	ck_assert_ptr_null(conditions);
	json_decref(cells);
	ck_assert_int_eq(printers_row(&printer_default, bare, 0, &cells, &conditions), 0);
	b = dump(cells);
	ck_assert_str_eq(b, "[\"\",\"0001-01-01T00:00:00Z\"]"); /* Go's zero time */
	json_decref(cells);
	ck_assert_str_eq(printer_default.columns[1].name, "Created At");
	ck_assert_str_eq(printer_default.columns[1].type, "date");
}
END_TEST

/* ---- Table JSON ----------------------------------------------------------------------------- */

static const char pod_a[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\","
	"\"uid\":\"u1\",\"resourceVersion\":\"7\",\"labels\":{\"app\":\"a\"},"
	"\"creationTimestamp\":\"2024-06-01T11:55:00Z\"},\"spec\":{\"containers\":[{\"name\":\"c\"}]},"
	"\"status\":{\"phase\":\"Succeeded\"}}";
static const char pod_b[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"b\",\"namespace\":\"ns\","
	"\"resourceVersion\":\"9\"},\"spec\":{\"containers\":[]},\"status\":{\"phase\":\"Running\"}}";

static struct table_options
opts_at(enum table_include include)
{
	struct table_options o = { .include_object = include,
				   .now_ns = parse_time("2024-06-01T12:00:00Z") };

	return o;
}

START_TEST(test_table_list)
{
	json_auto_t *a = kc_test_json(pod_a), *b = kc_test_json(pod_b);
	json_t *objs[] = { a, b };
	struct table_list_meta lm = { .resource_version = "42",
				      .continue_token = "tok",
				      .remaining_item_count = 3,
				      .has_remaining_item_count = 1 };
	struct table_options o = opts_at(TABLE_INCLUDE_METADATA);
	json_auto_t *t = NULL;
	json_t *row0, *obj0, *cols;
	KC_AUTOFREE char *meta = NULL;

	ck_assert_int_eq(table_list_new(registry_find("", "pods"), objs, 2, &lm, &o, &t), 0);
	ck_assert_str_eq(json_string_value(json_object_get(t, "kind")), "Table");
	ck_assert_str_eq(json_string_value(json_object_get(t, "apiVersion")), "meta.k8s.io/v1");
	meta = dump(json_object_get(t, "metadata"));
	ck_assert_str_eq(meta, "{\"resourceVersion\":\"42\",\"continue\":\"tok\","
			       "\"remainingItemCount\":3}");
	cols = json_object_get(t, "columnDefinitions");
	ck_assert_uint_eq(json_array_size(cols), 9);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cols, 7), "name")),
			 "Nominated Node");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(cols, 7), "priority")),
			 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cols, 1), "format")), "");
	ck_assert_uint_eq(json_array_size(json_object_get(t, "rows")), 2);
	row0 = json_array_get(json_object_get(t, "rows"), 0);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(row0, "cells"), 2)),
			 "Succeeded");
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(row0, "conditions"), 0), "reason")),
			 "Succeeded");
	ck_assert_ptr_null(
		json_object_get(json_array_get(json_object_get(t, "rows"), 1), "conditions"));
	obj0 = json_object_get(row0, "object");
	ck_assert_str_eq(json_string_value(json_object_get(obj0, "kind")), "PartialObjectMetadata");
	ck_assert_str_eq(json_string_value(json_object_get(obj0, "apiVersion")), "meta.k8s.io/v1");
	/* the whole ObjectMeta: -A needs the namespace, --show-labels the labels */
	ck_assert(json_equal(json_object_get(obj0, "metadata"), json_object_get(a, "metadata")));
	ck_assert_ptr_null(json_object_get(obj0, "spec"));
}
END_TEST

START_TEST(test_table_include_modes)
{
	json_auto_t *a = kc_test_json(pod_a);
	json_t *objs[] = { a };
	struct table_options o = opts_at(TABLE_INCLUDE_NONE);
	json_auto_t *none = NULL, *full = NULL, *beta = NULL, *empty = NULL;
	json_t *obj;

	ck_assert_int_eq(table_list_new(registry_find("", "pods"), objs, 1, NULL, &o, &none), 0);
	obj = json_object_get(json_array_get(json_object_get(none, "rows"), 0), "object");
	ck_assert(json_is_null(obj)); /* RawExtension{} marshals as null */
	ck_assert_uint_eq(json_object_size(json_object_get(none, "metadata")), 0);

	o = opts_at(TABLE_INCLUDE_OBJECT);
	ck_assert_int_eq(table_list_new(registry_find("", "pods"), objs, 1, NULL, &o, &full), 0);
	obj = json_object_get(json_array_get(json_object_get(full, "rows"), 0), "object");
	ck_assert(json_equal(obj, a));

	o = opts_at(TABLE_INCLUDE_METADATA);
	o.v1beta1 = 1;
	ck_assert_int_eq(table_list_new(registry_find("", "pods"), objs, 1, NULL, &o, &beta), 0);
	ck_assert_str_eq(json_string_value(json_object_get(beta, "apiVersion")),
			 "meta.k8s.io/v1beta1");
	obj = json_object_get(json_array_get(json_object_get(beta, "rows"), 0), "object");
	ck_assert_str_eq(json_string_value(json_object_get(obj, "apiVersion")),
			 "meta.k8s.io/v1beta1");

	/* an empty list still has its columns and "rows": [] */
	o = opts_at(TABLE_INCLUDE_METADATA);
	ck_assert_int_eq(
		table_list_new(registry_find("apps", "deployments"), NULL, 0, NULL, &o, &empty), 0);
	ck_assert(json_is_array(json_object_get(empty, "rows")));
	ck_assert_uint_eq(json_array_size(json_object_get(empty, "rows")), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(empty, "columnDefinitions")), 8);
}
END_TEST

/* One object (GET, watch events): resourceVersion from the object; headers once per watch. */
START_TEST(test_table_object)
{
	json_auto_t *b = kc_test_json(pod_b);
	struct table_options o = opts_at(TABLE_INCLUDE_METADATA);
	json_auto_t *t = NULL, *next = NULL;

	ck_assert_int_eq(table_object_new(registry_find("", "pods"), b, &o, &t), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(t, "metadata"),
							   "resourceVersion")),
			 "9");
	ck_assert_uint_eq(json_array_size(json_object_get(t, "rows")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(t, "columnDefinitions")), 9);
	o.no_headers = 1;
	ck_assert_int_eq(table_object_new(registry_find("", "pods"), b, &o, &next), 0);
	ck_assert(json_is_null(json_object_get(next, "columnDefinitions")));
	ck_assert_uint_eq(json_array_size(json_object_get(next, "rows")), 1);
}
END_TEST

/* The exact bytes of a small Table: key order as Go marshals the structs. */
START_TEST(test_table_json_text)
{
	json_auto_t *lr =
		kc_test_json("{\"apiVersion\":\"v1\",\"kind\":\"LimitRange\",\"metadata\":{"
			     "\"name\":\"l\",\"resourceVersion\":\"5\","
			     "\"creationTimestamp\":\"2024-06-01T11:00:00Z\"}}");
	struct table_options o = opts_at(TABLE_INCLUDE_NONE);
	json_auto_t *t = NULL;
	KC_AUTOFREE char *text = NULL;
	static const char want[] =
		"{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{"
		"\"resourceVersion\":\"5\"},\"columnDefinitions\":[{\"name\":\"Name\",\"type\":"
		"\"string\",\"format\":\"name\",\"description\":\"Name must be unique within a "
		"namespace. Is required when creating resources, although some resources may allow a "
		"client to request the generation of an appropriate name automatically. Name is "
		"primarily intended for creation idempotence and configuration definition. Cannot be "
		"updated. More info: "
		"https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names\","
		"\"priority\":0},{\"name\":\"Created At\",\"type\":\"date\",\"format\":\"\","
		"\"description\":\"CreationTimestamp is a timestamp representing the server time when "
		"this object was created. It is not guaranteed to be set in happens-before order "
		"across separate operations. Clients may not set this value. It is represented in "
		"RFC3339 form and is in UTC.\\n\\nPopulated by the system. Read-only. Null for lists. "
		"More info: "
		"https://git.k8s.io/community/contributors/devel/sig-architecture/"
		"api-conventions.md#metadata\",\"priority\":0}],\"rows\":[{\"cells\":[\"l\","
		"\"2024-06-01T11:00:00Z\"],\"object\":null}]}";

	ck_assert_int_eq(table_object_new(registry_find("", "limitranges"), lr, &o, &t), 0);
	text = json_dumps(t, JSON_COMPACT);
	ck_assert_str_eq(text, want);
}
END_TEST

START_TEST(test_table_errors)
{
	json_auto_t *bad_cr = kc_test_json("{\"metadata\":{\"name\":\"r\",\"ownerReferences\":[{"
					   "\"apiVersion\":\"a/b/c\",\"kind\":\"X\",\"name\":\"x\","
					   "\"uid\":\"1\",\"controller\":true}]},\"revision\":1}");
	json_auto_t *str = json_string("pod");
	json_t *objs[] = { bad_cr };
	struct table_options o = opts_at(TABLE_INCLUDE_METADATA);
	json_t *t = NULL;

	/* upstream fails the request when a controller's apiVersion does not parse */
	ck_assert_int_eq(
		table_list_new(registry_find("apps", "controllerrevisions"), objs, 1, NULL, &o, &t),
		KC_ERR_INTERNAL);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(table_object_new(registry_find("", "pods"), str, &o, &t), KC_ERR_INVALID);
	objs[0] = str;
	ck_assert_int_eq(table_list_new(registry_find("", "pods"), objs, 1, NULL, &o, &t),
			 KC_ERR_INVALID);
	ck_assert_ptr_null(t);
}
END_TEST

/* ---- includeObject ------------------------------------------------------------------------------ */

START_TEST(test_include_parse)
{
	enum table_include inc = TABLE_INCLUDE_NONE;
	KC_AUTOFREE char *err = NULL, *err2 = NULL;

	ck_assert_int_eq(table_include_parse(NULL, &inc, NULL), 0);
	ck_assert_int_eq(inc, TABLE_INCLUDE_METADATA);
	ck_assert_int_eq(table_include_parse("None", &inc, NULL), 0);
	ck_assert_int_eq(inc, TABLE_INCLUDE_NONE);
	ck_assert_int_eq(table_include_parse("", &inc, NULL), 0);
	ck_assert_int_eq(inc, TABLE_INCLUDE_METADATA);
	ck_assert_int_eq(table_include_parse("Object", &inc, NULL), 0);
	ck_assert_int_eq(inc, TABLE_INCLUDE_OBJECT);
	ck_assert_int_eq(table_include_parse("Metadata", &inc, NULL), 0);
	ck_assert_int_eq(inc, TABLE_INCLUDE_METADATA);
	ck_assert_int_eq(table_include_parse("object", &inc, &err), KC_ERR_BAD_REQUEST);
	ck_assert_str_eq(err, "Unable to convert to Table as requested: includeObject: Invalid "
			      "value: \"object\": must be 'Metadata', 'Object', 'None', or empty");
	ck_assert_int_eq(table_include_parse("a\"b\n", &inc, &err2), KC_ERR_BAD_REQUEST);
	ck_assert_str_eq(err2, "Unable to convert to Table as requested: includeObject: Invalid "
			       "value: \"a\\\"b\\n\": must be 'Metadata', 'Object', 'None', or "
			       "empty");
	ck_assert_int_eq(table_include_parse("x", &inc, NULL), KC_ERR_BAD_REQUEST);
	ck_assert_int_eq(inc, TABLE_INCLUDE_METADATA); /* untouched on failure */
}
END_TEST

/* ---- PartialObjectMetadata ----------------------------------------------------------------------- */

START_TEST(test_partial_object_metadata)
{
	json_auto_t *a = kc_test_json(pod_a), *b = kc_test_json(pod_b),
		    *bare = kc_test_json("{\"kind\":\"Pod\"}");
	json_auto_t *pom = table_partial_object_metadata_new(a, 0);
	json_auto_t *pom_bare = table_partial_object_metadata_new(bare, 1);
	json_t *objs[] = { a, b };
	struct table_list_meta lm = { .resource_version = "10", .continue_token = "" };
	json_auto_t *list = table_partial_object_metadata_list_new(objs, 2, &lm, 0);
	json_auto_t *empty = table_partial_object_metadata_list_new(NULL, 0, NULL, 0);
	KC_AUTOFREE char *text = NULL, *empty_text = NULL;

	text = json_dumps(pom_bare, JSON_COMPACT);
	ck_assert_str_eq(text, "{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":"
			       "\"meta.k8s.io/v1beta1\",\"metadata\":{}}");
	ck_assert_str_eq(json_string_value(json_object_get(pom, "kind")), "PartialObjectMetadata");
	ck_assert(json_equal(json_object_get(pom, "metadata"), json_object_get(a, "metadata")));
	ck_assert_uint_eq(json_object_size(pom), 3);

	ck_assert_str_eq(json_string_value(json_object_get(list, "kind")),
			 "PartialObjectMetadataList");
	ck_assert_str_eq(json_string_value(json_object_get(list, "apiVersion")), "meta.k8s.io/v1");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(list, "metadata"),
							   "resourceVersion")),
			 "10");
	ck_assert_ptr_null(json_object_get(json_object_get(list, "metadata"), "continue"));
	ck_assert_uint_eq(json_array_size(json_object_get(list, "items")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(json_array_get(json_object_get(list, "items"), 1),
						 "metadata"),
				 "name")),
			 "b");
	empty_text = json_dumps(empty, JSON_COMPACT);
	ck_assert_str_eq(empty_text, "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":"
				     "\"meta.k8s.io/v1\",\"metadata\":{},\"items\":[]}");
}
END_TEST

/* ---- bad input --------------------------------------------------------------------------------- */

static const char *const odd_objects[] = {
	"{}",
	"{\"metadata\":null,\"spec\":null,\"status\":null}",
	"{\"metadata\":[],\"spec\":\"x\",\"status\":5}",
	"{\"metadata\":{\"name\":\"x\",\"labels\":{\"node-role.kubernetes.io/\":\"\",\"a\":1},"
	"\"ownerReferences\":[{\"controller\":true}],\"annotations\":[]},"
	"\"spec\":{\"containers\":[{}],\"selector\":{\"matchLabels\":{\"a\":\"b c\"}},"
	"\"ports\":[{}],\"type\":\"LoadBalancer\",\"claimRef\":{},\"capacity\":{\"storage\":\"zz\"},"
	"\"template\":{\"spec\":{\"containers\":[{\"name\":5}]}},"
	"\"completions\":null,\"tokenRequests\":[{}]},"
	"\"status\":{\"conditions\":[{}],\"hard\":{\"cpu\":\"1\"},\"used\":{},"
	"\"containerStatuses\":[{\"state\":{\"terminated\":{}}}],"
	"\"initContainerStatuses\":[{\"state\":{\"waiting\":{}}}]},"
	"\"subsets\":[{\"addresses\":[{}],\"ports\":[{}]}],\"endpoints\":[{\"addresses\":[1]}],"
	"\"involvedObject\":5,\"series\":{},\"count\":-1,\"capacity\":7}",
};

/* Every printer gives a full row for objects of any shape, and never crashes. */
START_TEST(test_odd_objects)
{
	for (const struct printer *const *pp = printers; *pp != NULL; pp++) {
		for (size_t i = 0; i < KC_ARRAY_SIZE(odd_objects); i++) {
			json_auto_t *o = kc_test_json(odd_objects[i]);
			json_t *cells = NULL, *conditions = NULL;
			int r = printers_row(*pp, o, 0, &cells, &conditions);

			ck_assert_msg(r == 0, "%s on %s: %d", (*pp)->resource, odd_objects[i], r);
			ck_assert_uint_eq(json_array_size(cells), (*pp)->n_columns);
			json_decref(cells);
			json_decref(conditions);
		}
	}
}
END_TEST

START_TEST(test_not_an_object)
{
	json_auto_t *arr = kc_test_json("[1]");
	json_t *cells = NULL, *conditions = NULL;

	for (const struct printer *const *pp = printers; *pp != NULL; pp++) {
		ck_assert_int_eq(printers_row(*pp, arr, 0, &cells, &conditions), KC_ERR_INVALID);
		ck_assert_int_eq(printers_row(*pp, NULL, 0, &cells, &conditions), KC_ERR_INVALID);
	}
	ck_assert_ptr_null(cells);
	ck_assert_ptr_null(conditions);
}
END_TEST

static Suite *
printers_suite(void)
{
	Suite *s = suite_create("printers");
	TCase *tc = tcase_create("printers");

	n_fixture_cases = load_fixtures();
	tcase_add_loop_test(tc, test_human_duration, 0, (int)KC_ARRAY_SIZE(durations));
	tcase_add_loop_test(tc, test_fixture, 0, (int)n_fixture_cases);
	tcase_add_test(tc, test_fixtures_found);
	tcase_add_test(tc, test_printer_tables);
	tcase_add_test(tc, test_registry_coverage);
	tcase_add_test(tc, test_pod_columns);
	tcase_add_test(tc, test_default_table_row);
	tcase_add_test(tc, test_table_list);
	tcase_add_test(tc, test_table_include_modes);
	tcase_add_test(tc, test_table_object);
	tcase_add_test(tc, test_table_json_text);
	tcase_add_test(tc, test_table_errors);
	tcase_add_test(tc, test_include_parse);
	tcase_add_test(tc, test_partial_object_metadata);
	tcase_add_test(tc, test_odd_objects);
	tcase_add_test(tc, test_not_an_object);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(printers_suite)
