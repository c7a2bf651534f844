/*
 * check_strategic_merge_patch.c - kube-apiserver/endpoints/strategic_merge_patch.c and
 * patch_meta.c: the apply-side cases of apimachinery's strategicpatch/patch_test.go (ported to
 * test/unit/fixtures/smp/upstream_*.json, run against the test's MergeItem struct tags),
 * kubectl and kubelet shaped patches on built-in kinds (fixtures/smp/kubectl.json), random
 * cases whose outcome upstream's code fixes (fixtures/smp/differential_*.json), error cases
 * with upstream's codes and messages, and the table itself.  Every expected value in the
 * fixtures is what apimachinery v0.32.1 gives (kubectl.json with patch_meta.c's tags).
 *
 * Every fixture case also checks that neither input was modified.  Results compare with list
 * order significant and object key order not (as upstream's tests compare Go maps).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/testutil.h"

#include "kube-apiserver/endpoints/strategic_merge_patch.h"
#include "kube-apiserver/registry/registry.h"

/* ---- the MergeItem struct of upstream's patch_test.go ----------------------------------------- */

static const struct patch_meta_type merge_item;
static const struct patch_meta_type retain_keys_merge_item;

static const struct patch_meta_field merge_item_fields[] = {
	{ "mergingList", "merge", "name", NULL, &merge_item },
	{ "nonMergingList", NULL, NULL, NULL, &merge_item },
	{ "mergingIntList", "merge", NULL, "int", NULL },
	{ "nonMergingIntList", NULL, NULL, "int", NULL },
	{ "mergeItemPtr", "merge", "name", NULL, &merge_item },
	{ "replacingItem", "replace", NULL, NULL, NULL },
	{ "retainKeysMap", "retainKeys", NULL, NULL, &retain_keys_merge_item },
	{ "retainKeysMergingList", "merge,retainKeys", "name", NULL, &merge_item },
	{ NULL, NULL, NULL, NULL, NULL },
};
static const struct patch_meta_type merge_item = { "MergeItem", merge_item_fields };

static const struct patch_meta_field retain_keys_merge_item_fields[] = {
	{ "mergingIntList", "merge", NULL, "int", NULL },
	{ "mergingList", "merge", "name", NULL, &merge_item },
	{ "nonMergingList", NULL, NULL, NULL, &merge_item },
	{ NULL, NULL, NULL, NULL, NULL },
};
static const struct patch_meta_type retain_keys_merge_item = { "RetainKeysMergeItem",
							       retain_keys_merge_item_fields };

/* ---- helpers ---------------------------------------------------------------------------------- */

static char *
dump(const json_t *v)
{
	return v != NULL ? kc_json_dumps(v) : strdup("NULL");
}

/* Applies patch text to original text under schema; returns the code, *ret the result. */
static int
apply_text(const char *original, const char *patch, const struct patch_meta_type *schema,
	   json_t **ret, char *err, size_t errlen)
{
	json_auto_t *o = kc_test_json(original), *p = kc_test_json(patch);

	*ret = NULL;
	return strategic_merge_patch_apply(o, p, schema, ret, err, errlen);
}

static void
assert_applies(const char *original, const char *patch, const struct patch_meta_type *schema,
	       const char *want)
{
	json_auto_t *got = NULL, *w = kc_test_json(want);
	char err[512];
	int r = apply_text(original, patch, schema, &got, err, sizeof(err));
	KC_AUTOFREE char *g = dump(got);

	ck_assert_msg(r == 0, "apply %s: %d %s", patch, r, err);
	ck_assert_msg(kc_json_equal(got, w), "apply %s to %s:\n got  %s\n want %s", patch, original,
		      g, want);
}

static void
assert_fails(const char *original, const char *patch, const struct patch_meta_type *schema,
	     int code, const char *message)
{
	json_auto_t *got = NULL;
	char err[512] = "untouched";
	int r = apply_text(original, patch, schema, &got, err, sizeof(err));

	ck_assert_msg(r == code, "apply %s: got %d (%s), want %d", patch, r, err, code);
	ck_assert_ptr_null(got);
	ck_assert_str_eq(err, message);
}

/* ---- fixtures ------------------------------------------------------------------------------- */

/* Every case of every fixture file: {"file", "schema", "case"}. */
static const json_t *fixture_cases;
static size_t n_fixture_cases;

/* The cases of test/unit/fixtures/smp/<name>.json, with their file's "schema". */
static size_t
load_fixtures(void)
{
	static const char *const fields[] = { "schema", NULL };

	fixture_cases = kc_test_fixture_cases("smp", fields);
	return json_array_size(fixture_cases);
}

/* "MergeItem", null with a per-case {"group", "kind"}, or {"group", "kind"} for the file. */
static const struct patch_meta_type *
fixture_schema(const json_t *fc)
{
	const json_t *schema = json_object_get(fc, "schema");
	const json_t *kind = json_object_get(json_object_get(fc, "case"), "kind");

	if (json_is_string(schema) && strcmp(json_string_value(schema), "MergeItem") == 0)
		return &merge_item;
	if (kind == NULL)
		kind = schema;
	ck_assert_msg(json_is_object(kind), "fixture without a schema");
	return patch_meta_lookup(json_string_value(json_object_get(kind, "group")),
				 json_string_value(json_object_get(kind, "kind")));
}

static const char *
code_name(int r)
{
	switch (r) {
	case KC_ERR_BAD_REQUEST:
		return "BadRequest";
	case KC_ERR_INVALID:
		return "Invalid";
	case KC_ERR_INTERNAL:
		return "InternalError";
	default:
		return kc_strerror(r);
	}
}

START_TEST(test_fixture)
{
	const json_t *fc = json_array_get(fixture_cases, (size_t)_i);
	const json_t *tc = json_object_get(fc, "case");
	const char *file = json_string_value(json_object_get(fc, "file"));
	const char *name = json_string_value(json_object_get(tc, "name"));
	const json_t *original = json_object_get(tc, "original");
	const json_t *patch = json_object_get(tc, "patch");
	const json_t *want = json_object_get(tc, "result");
	const char *want_err = json_string_value(json_object_get(tc, "error"));
	json_auto_t *orig_copy = kc_json_copy(original), *patch_copy = kc_json_copy(patch);
	json_auto_t *got = NULL;
	char err[1024] = "";
	int r;

	r = strategic_merge_patch_apply(original, patch, fixture_schema(fc), &got, err,
					sizeof(err));
	ck_assert_msg(kc_json_equal(original, orig_copy), "%s: %s: original modified", file, name);
	ck_assert_msg(kc_json_equal(patch, patch_copy), "%s: %s: patch modified", file, name);
	if (want_err != NULL) {
		const char *want_code = json_string_value(json_object_get(tc, "code"));

		ck_assert_msg(r < 0, "%s: %s: no error, want %s", file, name, want_err);
		ck_assert_ptr_null(got);
		/* Upstream's tests match a part of the message; ours give the whole of it. */
		ck_assert_msg(strstr(err, want_err) != NULL, "%s: %s:\n got  %s\n want %s", file,
			      name, err, want_err);
		if (want_code != NULL)
			ck_assert_msg(strcmp(code_name(r), want_code) == 0,
				      "%s: %s: code %s, want %s", file, name, code_name(r),
				      want_code);
		return;
	}
	ck_assert_msg(r == 0, "%s: %s: error %d: %s", file, name, r, err);
	if (!kc_json_equal(got, want)) {
		KC_AUTOFREE char *g = dump(got);
		KC_AUTOFREE char *w = dump(want);

		ck_abort_msg("%s: %s:\n got  %s\n want %s", file, name, g, w);
	}
}
END_TEST

/* A missing fixture directory must not pass as zero loop iterations. */
START_TEST(test_fixtures_found)
{
	ck_assert_uint_ge(n_fixture_cases, 600);
}
END_TEST

/* ---- the entry points' contract ------------------------------------------------------------- */

START_TEST(test_patch_not_an_object)
{
	static const struct {
		const char *patch, *word;
	} cases[] = {
		{ "[]", "array" },   { "[{\"a\":1}]", "array" }, { "\"x\"", "string" },
		{ "1", "number" },   { "1.5", "number" },        { "true", "bool" },
		{ "false", "bool" },
	};

	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char want[128];

		snprintf(want, sizeof(want),
			 "json: cannot unmarshal %s into Go value of type map[string]interface {}",
			 cases[i].word);
		assert_fails("{\"a\":1}", cases[i].patch, NULL, KC_ERR_BAD_REQUEST, want);
	}
}
END_TEST

START_TEST(test_original_not_an_object)
{
	assert_fails("[1]", "{}", NULL, KC_ERR_BAD_REQUEST, "invalid JSON document");
	assert_fails("\"s\"", "{}", NULL, KC_ERR_BAD_REQUEST, "invalid JSON document");
}
END_TEST

START_TEST(test_null_inputs)
{
	json_auto_t *o = kc_test_json("{\"a\":{\"b\":1}}"), *p = kc_test_json("{\"a\":{\"c\":2}}"),
		    *got = NULL;

	/* A null patch changes nothing but still gives a copy. */
	assert_applies("{\"a\":1,\"l\":[1]}", "null", &merge_item, "{\"a\":1,\"l\":[1]}");
	/* A missing or null original is {}. */
	assert_applies("null", "{\"a\":{\"b\":null,\"c\":1}}", NULL, "{\"a\":{\"c\":1}}");
	ck_assert_int_eq(strategic_merge_patch_apply(NULL, p, NULL, &got, NULL, 0), 0);
	ck_assert(kc_json_equal(got, p));
	json_decref(kc_take_ptr(got));
	/* No patch at all is a bad request; err may be NULL. */
	ck_assert_int_eq(strategic_merge_patch_apply(o, NULL, NULL, &got, NULL, 0),
			 KC_ERR_BAD_REQUEST);
	ck_assert_ptr_null(got);
}
END_TEST

/* The result shares nothing the caller could see change. */
START_TEST(test_result_is_independent)
{
	json_auto_t *o = kc_test_json(
		"{\"spec\":{\"containers\":[{\"name\":\"a\",\"env\":[{\"name\":\"X\"}]}]}}");
	json_auto_t *p = kc_test_json(
		"{\"spec\":{\"containers\":[{\"name\":\"b\",\"env\":[{\"name\":\"Y\"}]}]}}");
	json_auto_t *o_copy = kc_json_copy(o), *p_copy = kc_json_copy(p), *got = NULL;
	json_t *c;

	ck_assert_int_eq(
		strategic_merge_patch_apply(o, p, patch_meta_lookup("", "Pod"), &got, NULL, 0), 0);
	c = kc_json_get_path(got, "spec.containers");
	ck_assert_uint_eq(json_array_size(c), 2);
	json_object_set_new(json_array_get(c, 0), "image", json_string("changed"));
	json_object_set_new(json_array_get(c, 1), "image", json_string("changed"));
	ck_assert(kc_json_equal(o, o_copy));
	ck_assert(kc_json_equal(p, p_copy));
}
END_TEST

/* Keys keep the original's order; new ones follow in patch order (jansson keeps insertion). */
START_TEST(test_key_order)
{
	json_auto_t *got = NULL;
	KC_AUTOFREE char *s = NULL;

	ck_assert_int_eq(
		apply_text("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"uid\":\"u\"},"
			   "\"spec\":{}}",
			   "{\"spec\":{\"z\":1,\"b\":2},\"metadata\":{\"labels\":{\"x\":\"y\"},"
			   "\"name\":\"a\"},\"apiVersion\":\"v1\"}",
			   patch_meta_lookup("", "Pod"), &got, NULL, 0),
		0);
	s = kc_json_dumps(got);
	ck_assert_str_eq(s, "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"uid\":\"u\","
			    "\"labels\":{\"x\":\"y\"}},\"spec\":{\"z\":1,\"b\":2},"
			    "\"apiVersion\":\"v1\"}");
}
END_TEST

/* Keys that hold NUL bytes (jansson allows them) are handled by length, not as C strings. */
START_TEST(test_nul_in_keys)
{
	json_auto_t *o = json_object(), *p = json_object(), *got = NULL;

	json_object_setn_new(o, "a\0b", 3, json_integer(1));
	json_object_setn_new(o, "a", 1, json_integer(2));
	json_object_setn_new(p, "a\0b", 3, json_null());
	json_object_setn_new(p, "$setElementOrder/l\0x", 20, json_pack("[i]", 1));
	json_object_setn_new(p, "l\0x", 3, json_pack("[i]", 1));
	ck_assert_int_eq(strategic_merge_patch_apply(o, p, NULL, &got, NULL, 0), 0);
	ck_assert_ptr_null(json_object_getn(got, "a\0b", 3));
	ck_assert_int_eq(json_integer_value(json_object_getn(got, "a", 1)), 2);
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_getn(got, "l\0x", 3), 0)),
			 1);
}
END_TEST

/* ---- directives and their errors ------------------------------------------------------------- */

START_TEST(test_patch_merge_directive_is_an_error)
{
	/* Upstream accepts only replace and delete on maps, and no "merge" in lists. */
	assert_fails("{\"simpleMap\":{\"a\":\"1\"}}",
		     "{\"simpleMap\":{\"$patch\":\"merge\",\"b\":\"2\"}}", &merge_item,
		     KC_ERR_INTERNAL, "unknown patch type: merge in map: map[$patch:merge b:2]");
	assert_fails("{\"mergingList\":[{\"name\":\"a\"}]}",
		     "{\"mergingList\":[{\"name\":\"a\",\"$patch\":\"merge\"}]}", &merge_item,
		     KC_ERR_INTERNAL, "merging lists cannot yet be specified in the patch");
}
END_TEST

START_TEST(test_unknown_patch_values)
{
	assert_fails("{}", "{\"$patch\":1}", NULL, KC_ERR_INTERNAL,
		     "unknown patch type: %!s(int64=1) in map: map[$patch:1]");
	assert_fails("{}", "{\"$patch\":null,\"a\":[true,1.5,null,{\"x\":\"y\"}]}", NULL,
		     KC_ERR_INTERNAL,
		     "unknown patch type: %!s(<nil>) in map: map[$patch:<nil> a:[true 1.5 <nil> "
		     "map[x:y]]]");
	assert_fails("{\"mergingList\":[{\"name\":\"a\"}]}",
		     "{\"mergingList\":[{\"name\":\"a\",\"$patch\":\"bogus\"}]}", &merge_item,
		     KC_ERR_INTERNAL, "unknown patch type: bogus in map: map[$patch:bogus name:a]");
}
END_TEST

START_TEST(test_directive_formats)
{
	assert_fails("{}", "{\"$retainKeys\":\"a\"}", NULL, KC_ERR_BAD_REQUEST,
		     "invalid patch format of retainKeys");
	assert_fails("{\"a\":1}", "{\"$retainKeys\":[\"b\"],\"a\":2}", NULL, KC_ERR_BAD_REQUEST,
		     "invalid patch format of retainKeys");
	assert_fails("{}", "{\"$deleteFromPrimitiveList\":[1]}", NULL, KC_ERR_BAD_REQUEST,
		     "invalid patch format of primitive list");
	assert_fails("{}", "{\"$deleteFromPrimitiveListX/a\":[1]}", NULL, KC_ERR_BAD_REQUEST,
		     "invalid patch format of primitive list");
	assert_fails("{}", "{\"$setElementOrderX/a\":[1]}", NULL, KC_ERR_BAD_REQUEST,
		     "invalid patch format of setElementOrder list");
	assert_fails("{}", "{\"$setElementOrder/a\":{\"x\":1}}", NULL, KC_ERR_INTERNAL,
		     "expected a []interface {}, but received a map[string]interface {}");
	assert_fails("{\"a\":\"s\"}", "{\"$setElementOrder/a\":[\"s\"]}", NULL, KC_ERR_INTERNAL,
		     "expected a []interface {}, but received a string");
	assert_fails("{\"mergingList\":[[1]]}", "{\"mergingList\":[[2]]}", &merge_item,
		     KC_ERR_INVALID, "lists of lists are not supported");
}
END_TEST

START_TEST(test_merge_key_errors)
{
	assert_fails("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}",
		     "{\"spec\":{\"containers\":[{\"image\":\"nginx:1.25\"}]}}",
		     patch_meta_lookup("", "Pod"), KC_ERR_INTERNAL,
		     "map: map[image:nginx:1.25] does not contain declared merge key: name");
	assert_fails("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}",
		     "{\"spec\":{\"containers\":[{\"$patch\":\"delete\"}]}}",
		     patch_meta_lookup("", "Pod"), KC_ERR_INTERNAL,
		     "map: map[$patch:delete] does not contain declared merge key: name");
	assert_fails("{\"metadata\":{\"finalizers\":[\"a\"]}}",
		     "{\"metadata\":{\"finalizers\":[{\"a\":1}]}}", patch_meta_lookup("", "Pod"),
		     KC_ERR_INTERNAL, "list element types are not identical: [[a] [map[a:1]]]");
	assert_fails("{\"metadata\":{\"finalizers\":[]}}",
		     "{\"metadata\":{\"finalizers\":[{\"a\":1}]}}", patch_meta_lookup("", "Pod"),
		     KC_ERR_INTERNAL, "cannot merge lists without merge key for string");
	assert_fails("{\"spec\":{\"containers\":[]}}", "{\"spec\":{\"containers\":[\"a\"]}}",
		     patch_meta_lookup("", "Pod"), KC_ERR_INTERNAL,
		     "expected a map[string]interface {}, but received a string");
}
END_TEST

START_TEST(test_set_element_order_errors)
{
	assert_fails(
		"{\"mergingList\":[{\"name\":\"1\"},{\"name\":\"3\"},{\"name\":\"2\"}]}",
		"{\"$setElementOrder/mergingList\":[{\"name\":\"1\"},{\"name\":\"2\"},"
		"{\"name\":\"3\"}],\"mergingList\":[{\"name\":\"3\",\"value\":\"3\"},"
		"{\"name\":\"1\",\"value\":\"1\"}]}",
		&merge_item, KC_ERR_INTERNAL,
		"The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n "
		"doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n");
	/* An empty original list and no patch list: upstream finds no element type. */
	assert_fails("{\"mergingList\":[]}",
		     "{\"$setElementOrder/mergingList\":[{\"name\":\"1\"}]}", &merge_item,
		     KC_ERR_INTERNAL, "no elements in any of the given slices");
	assert_fails(
		"{\"mergingList\":[{\"name\":\"1\"}]}",
		"{\"$setElementOrder/mergingList\":[\"1\"],\"mergingList\":[{\"name\":\"1\"}]}",
		&merge_item, KC_ERR_INTERNAL,
		"expected a map[string]interface {}, but received a string");
}
END_TEST

/* Where upstream's Go code panics, we fail with the runtime's message. */
START_TEST(test_upstream_panics)
{
	assert_fails("{\"mergingIntList\":[null]}", "{\"mergingIntList\":[1]}", &merge_item,
		     KC_ERR_INTERNAL,
		     "runtime error: invalid memory address or nil pointer dereference");
	assert_fails("{\"a\":1}", "{\"$retainKeys\":[{\"x\":1}]}", NULL, KC_ERR_INTERNAL,
		     "runtime error: hash of unhashable type map[string]interface {}");
	assert_fails("{\"mergingList\":[{\"name\":{\"x\":1}}]}",
		     "{\"mergingList\":[{\"name\":{\"x\":1}}]}", &merge_item, KC_ERR_INTERNAL,
		     "runtime error: comparing uncomparable type map[string]interface {}");
	assert_fails("{\"l\":[1]}", "{\"$setElementOrder/l\":[[1]]}", NULL, KC_ERR_INTERNAL,
		     "runtime error: hash of unhashable type []interface {}");
}
END_TEST

/* ---- semantics that are easy to get wrong ------------------------------------------------- */

START_TEST(test_upstream_quirks)
{
	/* "$patch": "replace" hands back the rest of the patch map verbatim (nulls included). */
	assert_applies("{\"simpleMap\":{\"a\":\"1\"}}",
		       "{\"simpleMap\":{\"$patch\":\"replace\",\"b\":null}}", &merge_item,
		       "{\"simpleMap\":{\"b\":null}}");
	/* A new key whose value carries "$patch" is not added at all. */
	assert_applies("{}", "{\"m\":{\"$patch\":\"replace\",\"a\":1}}", NULL, "{}");
	/* A null deletion list deletes the list. */
	assert_applies("{\"mergingIntList\":[1,2]}",
		       "{\"$deleteFromPrimitiveList/mergingIntList\":null}", &merge_item, "{}");
	/* An empty list name leaves the key as it is, and it is ignored. */
	assert_applies("{\"a\":1}", "{\"$deleteFromPrimitiveList/\":[1]}", NULL, "{\"a\":1}");
	/* Integers and reals differ, as int64 and float64 do (and print alike). */
	assert_fails("{\"mergingIntList\":[1]}", "{\"mergingIntList\":[1.0]}", &merge_item,
		     KC_ERR_INTERNAL, "list element types are not identical: [[1] [1]]");
	/* $retainKeys works on any map, with or without a retainKeys tag. */
	assert_applies("{\"m\":{\"a\":1,\"b\":2,\"c\":3}}",
		       "{\"m\":{\"$retainKeys\":[\"a\",\"c\"]}}", NULL,
		       "{\"m\":{\"a\":1,\"c\":3}}");
	/* Atomic lists are replaced as sent, nulls and directives included. */
	assert_applies("{\"nonMergingList\":[{\"name\":\"a\"}]}",
		       "{\"nonMergingList\":[{\"name\":\"b\",\"x\":null}]}", &merge_item,
		       "{\"nonMergingList\":[{\"name\":\"b\",\"x\":null}]}");
	/* A "replace" field takes the patch map whole. */
	assert_applies("{\"replacingItem\":{\"a\":1,\"b\":2}}",
		       "{\"replacingItem\":{\"b\":3,\"c\":null}}", &merge_item,
		       "{\"replacingItem\":{\"b\":3,\"c\":null}}");
	/* Unknown fields merge maps and replace lists (upstream: "unable to find api field"). */
	assert_applies("{\"complex\":{\"nested\":true,\"l\":[1,2]}}",
		       "{\"complex\":{\"nested\":false,\"l\":[3]}}", &merge_item,
		       "{\"complex\":{\"nested\":false,\"l\":[3]}}");
}
END_TEST

/* mergeSortedSlice and its stable sort: the orders upstream produces, including odd ones. */
START_TEST(test_list_order)
{
	/* Patch items first in patch order, server-only items kept before later ones. */
	assert_applies("{\"mergingList\":[{\"name\":\"1\"},{\"name\":\"2\"},{\"name\":\"3\"}]}",
		       "{\"mergingList\":[{\"name\":\"3\",\"value\":\"c\"},{\"name\":\"1\"}]}",
		       &merge_item,
		       "{\"mergingList\":[{\"name\":\"2\"},{\"name\":\"3\",\"value\":\"c\"},"
		       "{\"name\":\"1\"}]}");
	/* Duplicate merge keys in the original: only the first merges. */
	assert_applies("{\"mergingList\":[{\"name\":\"1\",\"value\":\"a\"},{\"name\":\"1\"}]}",
		       "{\"mergingList\":[{\"name\":\"1\",\"other\":\"x\"}]}", &merge_item,
		       "{\"mergingList\":[{\"name\":\"1\",\"value\":\"a\",\"other\":\"x\"},"
		       "{\"name\":\"1\"}]}");
	/* deduplicateScalars moves the last element into a duplicate's place. */
	assert_applies("{\"mergingIntList\":[5,1,5,2]}", "{\"mergingIntList\":[3]}", &merge_item,
		       "{\"mergingIntList\":[3,5,1,2]}");
}
END_TEST

/* More than 20 elements take the SymMerge path of Go's stable sort. */
START_TEST(test_long_list_order)
{
	json_auto_t *o = json_pack("{s:[]}", "mergingIntList"),
		    *p = json_pack("{s:[]}", "mergingIntList");
	json_auto_t *order = json_array(), *got = NULL;
	json_t *ol = json_object_get(o, "mergingIntList"),
	       *pl = json_object_get(p, "mergingIntList");

	for (int i = 0; i < 45; i++) {
		json_array_append_new(ol, json_integer(i));
		json_array_append_new(pl, json_integer(44 - i));
		json_array_append_new(order, json_integer(44 - i));
	}
	json_object_set(p, "$setElementOrder/mergingIntList", order);
	ck_assert_int_eq(strategic_merge_patch_apply(o, p, &merge_item, &got, NULL, 0), 0);
	ck_assert(kc_json_equal(json_object_get(got, "mergingIntList"), order));
}
END_TEST

/* ---- the table ------------------------------------------------------------------------------ */

static const struct patch_meta_field *
field_at(const char *group, const char *kind, const char *path)
{
	const struct patch_meta_type *t = patch_meta_lookup(group, kind);
	const struct patch_meta_field *f = NULL;
	KC_AUTOFREE char *copy = strdup(path);
	char *save = NULL;

	for (char *part = strtok_r(copy, ".", &save); part != NULL;
	     part = strtok_r(NULL, ".", &save)) {
		f = patch_meta_field(t, part, strlen(part));
		if (f == NULL)
			return NULL;
		t = f->type;
	}
	return f;
}

static const struct {
	const char *group, *kind, *path, *strategy, *merge_key;
} tagged[] = {
	{ "", "Pod", "metadata.ownerReferences", "merge", "uid" },
	{ "", "Pod", "metadata.finalizers", "merge", NULL },
	{ "", "Pod", "spec.containers", "merge", "name" },
	{ "", "Pod", "spec.initContainers", "merge", "name" },
	{ "", "Pod", "spec.ephemeralContainers.env", "merge", "name" },
	{ "", "Pod", "spec.containers.ports", "merge", "containerPort" },
	{ "", "Pod", "spec.containers.env", "merge", "name" },
	{ "", "Pod", "spec.containers.volumeMounts", "merge", "mountPath" },
	{ "", "Pod", "spec.containers.volumeDevices", "merge", "devicePath" },
	{ "", "Pod", "spec.volumes", "merge,retainKeys", "name" },
	{ "", "Pod", "spec.volumes.ephemeral.volumeClaimTemplate.metadata.finalizers", "merge",
	  NULL },
	{ "", "Pod", "spec.imagePullSecrets", "merge", "name" },
	{ "", "Pod", "spec.hostAliases", "merge", "ip" },
	{ "", "Pod", "spec.topologySpreadConstraints", "merge", "topologyKey" },
	{ "", "Pod", "spec.schedulingGates", "merge", "name" },
	{ "", "Pod", "spec.resourceClaims", "merge,retainKeys", "name" },
	{ "", "Pod", "status.conditions", "merge", "type" },
	{ "", "Pod", "status.podIPs", "merge", "ip" },
	{ "", "Pod", "status.hostIPs", "merge", "ip" },
	{ "", "PodTemplate", "template.spec.containers.env", "merge", "name" },
	{ "", "ReplicationController", "spec.template.spec.volumes", "merge,retainKeys", "name" },
	{ "", "ReplicationController", "status.conditions", "merge", "type" },
	{ "apps", "Deployment", "spec.template.spec.containers", "merge", "name" },
	{ "apps", "Deployment", "spec.template.metadata.finalizers", "merge", NULL },
	{ "apps", "Deployment", "spec.strategy", "retainKeys", NULL },
	{ "apps", "Deployment", "status.conditions", "merge", "type" },
	{ "apps", "ReplicaSet", "spec.template.spec.containers", "merge", "name" },
	{ "apps", "StatefulSet", "spec.template.spec.initContainers", "merge", "name" },
	{ "apps", "DaemonSet", "spec.template.spec.containers.ports", "merge", "containerPort" },
	{ "apps", "DaemonSet", "status.conditions", "merge", "type" },
	{ "batch", "Job", "spec.template.spec.containers", "merge", "name" },
	{ "batch", "Job", "status.conditions", "merge", "type" },
	{ "batch", "CronJob", "spec.jobTemplate.spec.template.spec.containers", "merge", "name" },
	{ "batch", "CronJob", "spec.jobTemplate.metadata.ownerReferences", "merge", "uid" },
	{ "", "Node", "spec.podCIDRs", "merge", NULL },
	{ "", "Node", "status.conditions", "merge", "type" },
	{ "", "Node", "status.addresses", "merge", "type" },
	{ "", "Service", "spec.ports", "merge", "port" },
	{ "", "Service", "status.conditions", "merge", "type" },
	{ "", "Namespace", "status.conditions", "merge", "type" },
	{ "", "PersistentVolumeClaim", "status.conditions", "merge", "type" },
	{ "", "ServiceAccount", "secrets", "merge", "name" },
	{ "", "ComponentStatus", "conditions", "merge", "type" },
	{ "policy", "PodDisruptionBudget", "spec.selector", "replace", NULL },
	{ "policy", "PodDisruptionBudget", "status.conditions", "merge", "type" },
	{ "storage.k8s.io", "CSINode", "spec.drivers", "merge", "name" },
	{ "autoscaling", "HorizontalPodAutoscaler", "status.conditions", "merge", "type" },
	{ "admissionregistration.k8s.io", "ValidatingWebhookConfiguration",
	  "webhooks.matchConditions", "merge", "name" },
	{ "admissionregistration.k8s.io", "MutatingWebhookConfiguration", "webhooks", "merge",
	  "name" },
	{ "admissionregistration.k8s.io", "ValidatingAdmissionPolicy", "spec.variables", "merge",
	  "name" },
	{ "flowcontrol.apiserver.k8s.io", "FlowSchema", "status.conditions", "merge", "type" },
	{ "apiregistration.k8s.io", "APIService", "status.conditions", "merge", "type" },
	{ "resource.k8s.io", "ResourceClaim", "status.reservedFor", "merge", "uid" },
	{ "discovery.k8s.io", "EndpointSlice", "metadata.finalizers", "merge", NULL },
};

START_TEST(test_table_tags)
{
	const struct patch_meta_field *f =
		field_at(tagged[_i].group, tagged[_i].kind, tagged[_i].path);

	ck_assert_msg(f != NULL, "%s/%s %s missing", tagged[_i].group, tagged[_i].kind,
		      tagged[_i].path);
	ck_assert_str_eq(f->strategy, tagged[_i].strategy);
	if (tagged[_i].merge_key != NULL)
		ck_assert_str_eq(f->merge_key, tagged[_i].merge_key);
	else
		ck_assert_ptr_null(f->merge_key);
}
END_TEST

/* Lists upstream leaves atomic must not be in the table. */
static const struct {
	const char *group, *kind, *path;
} atomic[] = {
	{ "", "Pod", "spec.tolerations" },
	{ "", "Pod", "spec.containers.args" },
	{ "", "Pod", "spec.containers.command" },
	{ "", "Pod", "status.containerStatuses" },
	{ "", "Pod", "status.initContainerStatuses" },
	{ "", "Node", "spec.taints" },
	{ "", "Node", "status.images" },
	{ "", "Endpoints", "subsets" },
	{ "discovery.k8s.io", "EndpointSlice", "endpoints" },
	{ "discovery.k8s.io", "EndpointSlice", "ports" },
	{ "certificates.k8s.io", "CertificateSigningRequest", "status.conditions" },
	{ "apiextensions.k8s.io", "CustomResourceDefinition", "status.conditions" },
	{ "apps", "StatefulSet", "spec.volumeClaimTemplates" },
	{ "", "Pod", "metadata.managedFields" },
};

START_TEST(test_table_atomic)
{
	ck_assert_msg(field_at(atomic[_i].group, atomic[_i].kind, atomic[_i].path) == NULL,
		      "%s/%s %s should be atomic", atomic[_i].group, atomic[_i].kind,
		      atomic[_i].path);
}
END_TEST

/* Every kind the registry serves (and every subresource kind) takes a strategic merge patch. */
START_TEST(test_registry_kinds_supported)
{
	size_t n = 0;

	for (const struct api_resource *a = api_resources; a->resource != NULL; a++) {
		ck_assert_msg(patch_meta_supports_smp(a->group, a->kind), "%s/%s", a->group,
			      a->kind);
		for (const struct api_subresource *s = a->subresources; s->name != NULL; s++)
			if (s->kind != NULL && strstr(s->kind, "Options") == NULL)
				ck_assert_msg(patch_meta_supports_smp(s->group, s->kind), "%s/%s",
					      s->group, s->kind);
		n++;
	}
	ck_assert_uint_ge(n, 30);
}
END_TEST

START_TEST(test_custom_resources_not_supported)
{
	ck_assert(!patch_meta_supports_smp("stable.example.com", "CronTab"));
	ck_assert(!patch_meta_supports_smp("apps", "CronTab"));
	ck_assert(!patch_meta_supports_smp("example.com", "Pod"));
	ck_assert(!patch_meta_supports_smp(NULL, "Pod"));
	ck_assert(!patch_meta_supports_smp("", NULL));
	ck_assert_ptr_null(patch_meta_lookup("stable.example.com", "CronTab"));
	ck_assert(patch_meta_supports_smp("", "ConfigMap"));
	ck_assert(patch_meta_supports_smp("autoscaling", "Scale"));
}
END_TEST

/* Custom resources take the patch as an RFC 7386 merge patch; built-in kinds as SMP. */
START_TEST(test_apply_kind)
{
	json_auto_t *o = kc_test_json("{\"spec\":{\"list\":[1,2],\"finalizers\":[\"a\"]},"
				      "\"metadata\":{\"finalizers\":[\"a\"]}}");
	json_auto_t *p =
		kc_test_json("{\"spec\":{\"list\":[3]},\"metadata\":{\"finalizers\":[\"b\"]}}");
	json_auto_t *crd = NULL, *pod = NULL;
	json_auto_t *want_crd = kc_test_json("{\"spec\":{\"list\":[3],\"finalizers\":[\"a\"]},"
					     "\"metadata\":{\"finalizers\":[\"b\"]}}");
	json_auto_t *want_pod = kc_test_json("{\"spec\":{\"list\":[3],\"finalizers\":[\"a\"]},"
					     "\"metadata\":{\"finalizers\":[\"b\",\"a\"]}}");
	char err[256];

	ck_assert_int_eq(strategic_merge_patch_apply_kind("stable.example.com", "CronTab", o, p,
							  &crd, err, sizeof(err)),
			 0);
	ck_assert(kc_json_equal(crd, want_crd));
	ck_assert_int_eq(strategic_merge_patch_apply_kind("", "Pod", o, p, &pod, err, sizeof(err)),
			 0);
	ck_assert(kc_json_equal(pod, want_pod));
}
END_TEST

static Suite *
strategic_merge_patch_suite(void)
{
	Suite *s = suite_create("strategic_merge_patch");
	TCase *tc = tcase_create("core");

	n_fixture_cases = load_fixtures();
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_fixture, 0, (int)n_fixture_cases);
	tcase_add_test(tc, test_fixtures_found);
	tcase_add_test(tc, test_patch_not_an_object);
	tcase_add_test(tc, test_original_not_an_object);
	tcase_add_test(tc, test_null_inputs);
	tcase_add_test(tc, test_result_is_independent);
	tcase_add_test(tc, test_key_order);
	tcase_add_test(tc, test_nul_in_keys);
	tcase_add_test(tc, test_patch_merge_directive_is_an_error);
	tcase_add_test(tc, test_unknown_patch_values);
	tcase_add_test(tc, test_directive_formats);
	tcase_add_test(tc, test_merge_key_errors);
	tcase_add_test(tc, test_set_element_order_errors);
	tcase_add_test(tc, test_upstream_panics);
	tcase_add_test(tc, test_upstream_quirks);
	tcase_add_test(tc, test_list_order);
	tcase_add_test(tc, test_long_list_order);
	tcase_add_loop_test(tc, test_table_tags, 0, (int)KC_ARRAY_SIZE(tagged));
	tcase_add_loop_test(tc, test_table_atomic, 0, (int)KC_ARRAY_SIZE(atomic));
	tcase_add_test(tc, test_registry_kinds_supported);
	tcase_add_test(tc, test_custom_resources_not_supported);
	tcase_add_test(tc, test_apply_kind);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(strategic_merge_patch_suite)
