/*
 * check_field_validation.c - fieldValidation and strict decoding (kube-apiserver/endpoints/
 * field_validation.c): the directive values, unknown and duplicate fields of JSON texts in
 * document order with sigs.k8s.io/json's paths, pruning of parsed objects, and that the
 * OpenAPI schemas know every field of every kind (cross-checked against the protobuf tables,
 * which are generated from upstream's generated.proto, and the printer fixtures), so pruning
 * never drops a real field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "kube-apiserver/endpoints/field_validation.h"
#include "kube-apiserver/endpoints/protobuf.h"
#include "kube-apiserver/openapi/openapi.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strv.h"
#include "test/unit/testutil/testutil.h"

static void
setup(void)
{
	ck_assert_int_eq(openapi_build(), 0);
}

static void
teardown(void)
{
	openapi_release();
}

/* --- the directive ------------------------------------------------------------------------- */

static const struct {
	const char *value;
	int rc;
	enum field_validation want;
} parse_cases[] = {
	{ NULL, 0, FIELD_VALIDATION_WARN },
	{ "", 0, FIELD_VALIDATION_WARN },
	{ "Warn", 0, FIELD_VALIDATION_WARN },
	{ "Ignore", 0, FIELD_VALIDATION_IGNORE },
	{ "Strict", 0, FIELD_VALIDATION_STRICT },
	{ "strict", KC_ERR_INVALID, FIELD_VALIDATION_WARN }, /* case-sensitive, as upstream */
	{ "Foo", KC_ERR_INVALID, FIELD_VALIDATION_WARN },
	{ "All", KC_ERR_INVALID, FIELD_VALIDATION_WARN },
};

START_TEST(test_parse)
{
	enum field_validation fv = FIELD_VALIDATION_WARN;

	ck_assert_int_eq(field_validation_parse(parse_cases[_i].value, &fv), parse_cases[_i].rc);
	ck_assert_int_eq(fv, parse_cases[_i].want);
}
END_TEST

/* --- the JSON text: unknown and duplicate fields in document order -------------------------- */

static const struct {
	const char *api_version, *kind; /* NULL: no schema, duplicates only */
	const char *text;
	const char *want; /* errors joined with " | " */
} scan_cases[] = {
	{ "v1", "ConfigMap", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"a\":\"b\"}}",
	  "" },
	{ "v1", "ConfigMap", "{\"metadata\":{\"name\":\"a\",\"nmae\":\"b\"},\"dataa\":{}}",
	  "unknown field \"metadata.nmae\" | unknown field \"dataa\"" },
	{ "v1", "ConfigMap", "{\"metadata\":{\"name\":\"a\",\"name\":\"b\"}}",
	  "duplicate field \"metadata.name\"" },
	/* map keys: any key is known, duplicates still count */
	{ "v1", "ConfigMap", "{\"metadata\":{\"labels\":{\"x\":\"1\",\"y\":\"2\",\"x\":\"3\"}}}",
	  "duplicate field \"metadata.labels.x\"" },
	/* document order across kinds of errors; nothing below an unknown field is walked */
	{ "apps/v1", "Deployment",
	  "{\"spec\":{\"replicas\":1,\"replicas\":2,\"foo\":{\"bar\":1},\"template\":{\"spec\":"
	  "{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\",\"imagePullPolice\":\"x\"}]}}}}",
	  "duplicate field \"spec.replicas\" | unknown field \"spec.foo\" | unknown field "
	  "\"spec.template.spec.containers[1].imagePullPolice\"" },
	/* escaped keys are compared decoded */
	{ "v1", "ConfigMap", "{\"d\\u0061ta\":{},\"data\":{}}", "duplicate field \"data\"" },
	/* a RawExtension takes anything */
	{ "apps/v1", "ControllerRevision", "{\"data\":{\"spec\":{\"anything\":[1,{\"x\":2}]}}}",
	  "" },
	/* int-or-string and quantities are scalars */
	{ "v1", "Service", "{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":\"http\"}]}}", "" },
	{ NULL, NULL, "{\"a\":1,\"b\":{\"c\":1,\"c\":2},\"a\":[{\"x\":1,\"x\":1}]}",
	  "duplicate field \"b.c\" | duplicate field \"a\" | duplicate field \"a[0].x\"" },
	{ NULL, NULL, "[{\"a\":1},{\"a\":1,\"a\":2}]", "duplicate field \"[1].a\"" },
	{ NULL, NULL, "  {}  ", "" },
	{ "v1", "Pod", "{\"spec\":{\"containers\":[],\"volumes\":null},\"status\":{}}", "" },
};

static char *
joined(const struct kc_strv *errs)
{
	char *s = errs->n > 0 ? kc_strv_join(errs, " | ") : strdup("");

	ck_assert_ptr_nonnull(s);
	return s;
}

static const json_t *
schema_for(const char *api_version, const char *kind)
{
	json_auto_t *obj = NULL;
	const json_t *schema;

	if (kind == NULL)
		return NULL;
	obj = json_pack("{s:s, s:s}", "apiVersion", api_version, "kind", kind);
	schema = field_validation_schema_of(obj);
	ck_assert_msg(schema != NULL, "no schema for %s %s", api_version, kind);
	return schema;
}

START_TEST(test_scan_json)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	KC_AUTOFREE char *got = NULL;
	const char *text = scan_cases[_i].text;

	ck_assert_int_eq(field_validation_scan_json(text, strlen(text),
						    schema_for(scan_cases[_i].api_version,
							       scan_cases[_i].kind),
						    &errs),
			 0);
	got = joined(&errs);
	ck_assert_str_eq(got, scan_cases[_i].want);
}
END_TEST

START_TEST(test_scan_json_bad_text)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;

	ck_assert_int_eq(field_validation_scan_json("{\"a\":", 5, NULL, &errs), KC_ERR_PARSE);
	ck_assert_int_eq(field_validation_scan_json("{\"a\" 1}", 7, NULL, &errs), KC_ERR_PARSE);
	ck_assert_int_eq(field_validation_scan_json("", 0, NULL, &errs), KC_ERR_PARSE);
}
END_TEST

/* --- pruning ------------------------------------------------------------------------------- */

static const struct {
	const char *api_version, *kind, *in, *want, *errs;
} prune_cases[] = {
	{ "v1", "ConfigMap",
	  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"x\":1},"
	  "\"data\":{\"k\":\"v\"},\"foo\":[1]}",
	  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"},"
	  "\"data\":{\"k\":\"v\"}}",
	  "unknown field \"metadata.x\" | unknown field \"foo\"" },
	{ "apps/v1", "Deployment",
	  "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"bad\":1,"
	  "\"ports\":[{\"containerPort\":80,\"nope\":true}]}]}}}}",
	  "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\","
	  "\"ports\":[{\"containerPort\":80}]}]}}}}",
	  "unknown field \"spec.template.spec.containers[0].bad\" | unknown field "
	  "\"spec.template.spec.containers[0].ports[0].nope\"" },
	{ "apps/v1", "ControllerRevision", "{\"data\":{\"x\":{\"y\":1}},\"revision\":2}",
	  "{\"data\":{\"x\":{\"y\":1}},\"revision\":2}", "" },
	{ "v1", "Pod",
	  "{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"1\"},"
	  "\"limitz\":{}}}]},\"status\":{\"phase\":\"Running\",\"fase\":1}}",
	  "{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"1\"}}}]},"
	  "\"status\":{\"phase\":\"Running\"}}",
	  "unknown field \"spec.containers[0].resources.limitz\" | unknown field "
	  "\"status.fase\"" },
	{ "autoscaling/v1", "Scale", "{\"spec\":{\"replicas\":3,\"x\":1}}",
	  "{\"spec\":{\"replicas\":3}}", "unknown field \"spec.x\"" },
};

START_TEST(test_prune)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	json_auto_t *obj = kc_test_json(prune_cases[_i].in);
	const json_t *schema = schema_for(prune_cases[_i].api_version, prune_cases[_i].kind);
	json_auto_t *again = kc_test_json(prune_cases[_i].in);
	KC_AUTOFREE char *got = NULL;

	ck_assert_int_eq(field_validation_prune(obj, schema, &errs), 0);
	kc_test_assert_json(obj, prune_cases[_i].want);
	got = joined(&errs);
	ck_assert_str_eq(got, prune_cases[_i].errs);
	/* without an error list it prunes the same, silently */
	ck_assert_int_eq(field_validation_prune(again, schema, NULL), 0);
	kc_test_assert_json(again, prune_cases[_i].want);
}
END_TEST

START_TEST(test_prune_without_schema)
{
	json_auto_t *obj = kc_test_json("{\"a\":{\"b\":1}}");

	ck_assert_int_eq(field_validation_prune(obj, NULL, NULL), 0);
	kc_test_assert_json(obj, "{\"a\":{\"b\":1}}");
	ck_assert_ptr_null(field_validation_schema("", "v1", "NoSuchKind"));
	ck_assert_ptr_null(field_validation_schema("nope.example.com", "v1", "ConfigMap"));
}
END_TEST

START_TEST(test_message)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	KC_AUTOFREE char *one = NULL, *two = NULL;

	kc_strv_push(&errs, "unknown field \"spec.foo\"");
	one = field_validation_message(&errs);
	ck_assert_str_eq(one, "strict decoding error: unknown field \"spec.foo\"");
	kc_strv_push(&errs, "duplicate field \"x\"");
	two = field_validation_message(&errs);
	ck_assert_str_eq(two, "strict decoding error: unknown field \"spec.foo\", duplicate "
			      "field \"x\"");
}
END_TEST

static const struct {
	const char *json, *want;
} go_cases[] = {
	{ "{\"spec\":{\"foo\":1}}", "map[spec:map[foo:1]]" },
	{ "{\"b\":[1,\"x\",true],\"a\":null}", "map[a:<nil> b:[1 x true]]" },
	{ "{\"f\":1.5,\"g\":0.1,\"e\":false}", "map[e:false f:1.5 g:0.1]" },
	{ "{}", "map[]" },
	{ "[]", "[]" },
};

START_TEST(test_go_value)
{
	json_auto_t *v = kc_test_json(go_cases[_i].json);
	KC_AUTOFREE char *got = field_validation_go_value(v);

	ck_assert_str_eq(got, go_cases[_i].want);
}
END_TEST

/* --- the schemas know every field upstream's types have ------------------------------------ */

/* An object with every field of m (inline members joined), depth-limited on recursive types. */
static json_t *sample_message(const struct protobuf_message *m, int depth);

static json_t *
sample_scalar(const struct protobuf_field *f, int depth)
{
	switch (f->type) {
	case PB_MESSAGE:
		return sample_message(f->message, depth + 1);
	case PB_BOOL:
		return json_true();
	case PB_INT32:
	case PB_INT64:
	case PB_INTORSTRING:
		return json_integer(1);
	case PB_RAWJSON:
		return json_object();
	case PB_STRINGLIST:
		return json_pack("[s]", "x");
	default:
		return json_string("x");
	}
}

static void
sample_fields(json_t *obj, const struct protobuf_message *m, int depth)
{
	for (size_t i = 0; i < m->n_fields; i++) {
		const struct protobuf_field *f = &m->fields[i];
		json_t *v;

		if (f->flags & PB_INLINE) {
			sample_fields(obj, f->message, depth);
			continue;
		}
		if (f->type == PB_MESSAGE && depth > 12)
			continue;
		v = sample_scalar(f, depth);
		if (f->flags & PB_MAP)
			v = json_pack("{s:o}", "k", v);
		else if (f->flags & PB_REPEATED)
			v = json_pack("[o]", v);
		json_object_set_new(obj, f->json, v);
	}
}

static json_t *
sample_message(const struct protobuf_message *m, int depth)
{
	json_t *obj = json_object();

	sample_fields(obj, m, depth);
	return obj;
}

static size_t
n_protobuf_kinds(void)
{
	size_t n = 0;

	while (protobuf_kinds[n].kind != NULL)
		n++;
	return n;
}

START_TEST(test_schemas_know_protobuf_fields)
{
	const struct protobuf_kind *k = &protobuf_kinds[_i];
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	KC_AUTOFREE char *got = NULL;
	json_auto_t *obj = NULL;
	json_auto_t *kind_obj = NULL;
	const json_t *schema;

	if (k->api_version == NULL)
		return; /* DeleteOptions of every group */
	kind_obj = json_pack("{s:s, s:s}", "apiVersion", k->api_version, "kind", k->kind);
	schema = field_validation_schema_of(kind_obj);
	if (schema == NULL)
		return; /* a kind only the protobuf decoder knows (not stored, no document) */
	obj = sample_message(k->message, 0);
	ck_assert_int_eq(field_validation_prune(obj, schema, &errs), 0);
	got = joined(&errs);
	ck_assert_msg(errs.n == 0, "%s %s: the schema lacks %s", k->api_version, k->kind, got);
}
END_TEST

START_TEST(test_schemas_know_fixture_fields)
{
	const json_t *cases = kc_test_fixture_cases("printers", NULL), *c;
	size_t i, checked = 0;

	json_array_foreach (cases, i, c) {
		json_t *obj = json_object_get(json_object_get(c, "case"), "object");
		KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
		json_auto_t *copy = NULL;
		const json_t *schema = field_validation_schema_of(obj);
		KC_AUTOFREE char *got = NULL;

		if (schema == NULL)
			continue;
		copy = json_deep_copy(obj);
		ck_assert_int_eq(field_validation_prune(copy, schema, &errs), 0);
		got = joined(&errs);
		ck_assert_msg(errs.n == 0, "%s: %s", json_string_value(json_object_get(c, "file")),
			      got);
		checked++;
	}
	ck_assert_uint_gt(checked, 30);
}
END_TEST

static Suite *
field_validation_suite(void)
{
	Suite *s = suite_create("field_validation");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_loop_test(tc, test_parse, 0, (int)KC_ARRAY_SIZE(parse_cases));
	tcase_add_loop_test(tc, test_scan_json, 0, (int)KC_ARRAY_SIZE(scan_cases));
	tcase_add_test(tc, test_scan_json_bad_text);
	tcase_add_loop_test(tc, test_prune, 0, (int)KC_ARRAY_SIZE(prune_cases));
	tcase_add_test(tc, test_prune_without_schema);
	tcase_add_test(tc, test_message);
	tcase_add_loop_test(tc, test_go_value, 0, (int)KC_ARRAY_SIZE(go_cases));
	tcase_add_loop_test(tc, test_schemas_know_protobuf_fields, 0, (int)n_protobuf_kinds());
	tcase_add_test(tc, test_schemas_know_fixture_fields);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(field_validation_suite)
