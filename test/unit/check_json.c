/*
 * check_json.c - json.c: path getters and setters, JSON Pointer, RFC 7386 merge patch (apply and
 * create, with evanphx/json-patch's quirks), RFC 6902 JSON patch (the RFC's appendix plus the
 * upstream v4 behaviour kube-apiserver exposes), the Go-compatible encoder, base64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"
#include "test/unit/testutil/testutil.h"

/* A value from JSON text (any top-level type); the test aborts on bad text. */
static const char *doc_text =
	"{\"metadata\":{\"name\":\"web\",\"labels\":{\"app.kubernetes.io/name\":\"web\"},"
	"\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"},\"generation\":7},"
	"\"spec\":{\"replicas\":3,\"paused\":false,\"ratio\":0.5,\"containers\":[{\"name\":\"a\","
	"\"image\":\"nginx\"},{\"name\":\"b\",\"image\":\"busybox\"}],\"empty\":null,"
	"\"\":\"blank\",\"a[b\":\"bracket\"}}";

/* ---- getters ----------------------------------------------------------------------------- */

START_TEST(test_copy_keeps_nul_keys)
{
	json_t *o = json_object(), *c;

	json_object_setn_new_nocheck(o, "a", 1, json_integer(1));
	json_object_setn_new_nocheck(o, "a\0b", 3, json_pack("[{s:s}]", "x", "y"));
	c = kc_json_copy(o);
	ck_assert_int_eq(json_object_size(c), 2);
	ck_assert(kc_json_equal(o, c));
	ck_assert_ptr_ne(json_array_get(json_object_getn(c, "a\0b", 3), 0),
			 json_array_get(json_object_getn(o, "a\0b", 3), 0)); /* deep */
	ck_assert_ptr_null(kc_json_copy(NULL));
	json_decref(o);
	json_decref(c);
}
END_TEST

START_TEST(test_get_varargs)
{
	json_t *doc = kc_test_json(doc_text);

	ck_assert_str_eq(json_string_value(kc_json_get(doc, "metadata", "name", NULL)), "web");
	ck_assert_str_eq(json_string_value(kc_json_get(doc, "metadata", "labels",
						       "app.kubernetes.io/name", NULL)),
			 "web");
	ck_assert_str_eq(
		json_string_value(kc_json_get(doc, "spec", "containers", "1", "image", NULL)),
		"busybox");
	ck_assert_ptr_eq(kc_json_get(doc, NULL), doc);
	ck_assert_ptr_null(kc_json_get(doc, "spec", "containers", "2", NULL));
	ck_assert_ptr_null(kc_json_get(doc, "spec", "containers", "x", NULL));
	ck_assert_ptr_null(kc_json_get(doc, "metadata", "name", "deeper", NULL));
	ck_assert_ptr_null(kc_json_get(NULL, "a", NULL));
	json_decref(doc);
}
END_TEST

static const struct {
	const char *path;
	const char *want; /* JSON text, or NULL for "missing" */
} path_cases[] = {
	{ "metadata.name", "\"web\"" },
	{ "metadata.generation", "7" },
	{ "spec.containers[0].name", "\"a\"" },
	{ "spec.containers[1].image", "\"busybox\"" },
	{ "spec.containers.1.image", "\"busybox\"" },
	{ "spec.containers[2]", NULL },
	{ "spec.containers[-1]", NULL },
	{ "metadata.annotations.deployment\\.kubernetes\\.io/revision", "\"3\"" },
	{ "metadata.labels.app\\.kubernetes\\.io/name", "\"web\"" },
	{ "metadata.annotations.deployment.kubernetes.io/revision", NULL },
	{ "spec.empty", "null" },
	{ "spec.", "\"blank\"" },
	{ "spec.a\\[b", "\"bracket\"" },
	{ "spec.replicas.x", NULL },
	{ "spec.containers[0", NULL },
	{ "spec.containers[0]x", NULL },
	{ "spec[0]", NULL },
	{ "nope", NULL },
};

START_TEST(test_get_path_table)
{
	json_t *doc = kc_test_json(doc_text);
	json_t *got = kc_json_get_path(doc, path_cases[_i].path);

	if (path_cases[_i].want == NULL)
		ck_assert_msg(got == NULL, "%s: want missing", path_cases[_i].path);
	else
		kc_test_assert_json(got, path_cases[_i].want);
	json_decref(doc);
}
END_TEST

START_TEST(test_get_path_root_and_arrays)
{
	json_t *doc = kc_test_json(doc_text);
	json_t *arr = kc_test_json("[[1,2],[3,[4,5]]]");

	ck_assert_ptr_eq(kc_json_get_path(doc, ""), doc);
	ck_assert_ptr_eq(kc_json_get_path(doc, NULL), doc);
	kc_test_assert_json(kc_json_get_path(arr, "[1][1][0]"), "4");
	kc_test_assert_json(kc_json_get_path(arr, "[1].1.1"), "5");
	ck_assert_ptr_null(kc_json_get_path(NULL, "a"));
	json_decref(doc);
	json_decref(arr);
}
END_TEST

START_TEST(test_typed_getters)
{
	json_t *doc = kc_test_json(doc_text);

	ck_assert_str_eq(kc_json_get_string(doc, "metadata.name", "x"), "web");
	ck_assert_str_eq(kc_json_get_string(doc, "spec.replicas", "dflt"), "dflt");
	ck_assert_ptr_null(kc_json_get_string(doc, "missing", NULL));
	ck_assert_int_eq(kc_json_get_int64(doc, "spec.replicas", -1), 3);
	ck_assert_int_eq(kc_json_get_int64(doc, "spec.ratio", -1), -1);
	ck_assert_int_eq(kc_json_get_int64(doc, "metadata.name", 42), 42);
	ck_assert_int_eq(kc_json_get_int64(doc, "spec.empty", 9), 9);
	ck_assert(kc_json_get_number(doc, "spec.ratio", 0) == 0.5);
	ck_assert(kc_json_get_number(doc, "spec.replicas", 0) == 3.0);
	ck_assert(kc_json_get_number(doc, "metadata.name", 1.25) == 1.25);
	ck_assert_int_eq(kc_json_get_bool(doc, "spec.paused", 1), 0);
	ck_assert_int_eq(kc_json_get_bool(doc, "spec.replicas", 1), 1);
	ck_assert_int_eq(kc_json_get_bool(doc, "spec.nothere", 0), 0);
	ck_assert_ptr_nonnull(kc_json_get_object(doc, "metadata.labels"));
	ck_assert_ptr_null(kc_json_get_object(doc, "spec.containers"));
	ck_assert_ptr_nonnull(kc_json_get_array(doc, "spec.containers"));
	ck_assert_ptr_null(kc_json_get_array(doc, "spec"));
	json_decref(doc);
}
END_TEST

/* ---- setters ----------------------------------------------------------------------------- */

START_TEST(test_set_path_creates_intermediates)
{
	json_t *doc = kc_test_json("{\"metadata\":{\"name\":\"x\"}}");

	ck_assert_int_eq(kc_json_set_path_steal(doc, "metadata.labels.app", json_string("web")), 0);
	ck_assert_int_eq(
		kc_json_set_path_steal(doc, "spec.template.spec.nodeName", json_string("n1")), 0);
	ck_assert_int_eq(kc_json_set_path_steal(doc, "metadata.name", json_string("y")), 0);
	ck_assert_int_eq(
		kc_json_set_path_steal(doc, "metadata.annotations.a\\.b/c", json_integer(1)), 0);
	kc_test_assert_json(doc, "{\"metadata\":{\"name\":\"y\",\"labels\":{\"app\":\"web\"},"
				 "\"annotations\":{\"a.b/c\":1}},"
				 "\"spec\":{\"template\":{\"spec\":{\"nodeName\":\"n1\"}}}}");
	json_decref(doc);
}
END_TEST

START_TEST(test_set_path_arrays_and_null)
{
	json_t *doc = kc_test_json("{\"a\":[{\"x\":1},2],\"n\":null}");
	json_t *v = json_string("shared");

	ck_assert_int_eq(kc_json_set_path_steal(doc, "a[0].x", json_integer(5)), 0);
	ck_assert_int_eq(kc_json_set_path_steal(doc, "a[1]", json_integer(6)), 0);
	ck_assert_int_eq(kc_json_set_path_steal(doc, "a[2]", json_integer(7)), 0); /* append */
	ck_assert_int_eq(kc_json_set_path_steal(doc, "n.deep", json_true()), 0);
	ck_assert_int_eq(kc_json_set_path(doc, "s", v), 0);
	ck_assert_int_eq(v->refcount, 2); /* borrowed form took its own reference */
	kc_test_assert_json(doc, "{\"a\":[{\"x\":5},6,7],\"n\":{\"deep\":true},\"s\":\"shared\"}");
	json_decref(v);
	json_decref(doc);
}
END_TEST

START_TEST(test_set_path_errors_leave_root_alone)
{
	const char *orig = "{\"a\":{\"b\":\"scalar\"},\"arr\":[1]}";
	json_t *doc = kc_test_json(orig);
	json_t *v = json_string("v");

	ck_assert_int_eq(kc_json_set_path(doc, "a.b.c", v), KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_set_path(doc, "arr[5]", v), KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_set_path(doc, "arr[3].x", v), KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_set_path(doc, "new.list[0]", v), KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_set_path(doc, "a[0]", v), KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_set_path(doc, "", v), KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_set_path(doc, "x[", v), KC_ERR_INVALID);
	ck_assert_int_eq(kc_json_set_path(doc, "x", NULL), KC_ERR_INVALID);
	ck_assert_int_eq(v->refcount, 1); /* no reference leaked or stolen on failure */
	kc_test_assert_json(doc, orig);
	json_decref(v);
	json_decref(doc);
}
END_TEST

START_TEST(test_remove_path)
{
	json_t *doc = kc_test_json("{\"a\":{\"b\":1,\"c\":2},\"l\":[1,2,3]}");

	ck_assert_int_eq(kc_json_remove_path(doc, "a.b"), 0);
	ck_assert_int_eq(kc_json_remove_path(doc, "a.b"), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(kc_json_remove_path(doc, "l[1]"), 0);
	ck_assert_int_eq(kc_json_remove_path(doc, "l[7]"), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(kc_json_remove_path(doc, "zz.y"), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(kc_json_remove_path(doc, ""), KC_ERR_INVALID);
	kc_test_assert_json(doc, "{\"a\":{\"c\":2},\"l\":[1,3]}");
	json_decref(doc);
}
END_TEST

/* ---- JSON Pointer: RFC 6901 section 5 -------------------------------------------------- */

static const char *rfc6901_doc =
	"{\"foo\":[\"bar\",\"baz\"],\"\":0,\"a/b\":1,\"c%d\":2,\"e^f\":3,\"g|h\":4,\"i\\\\j\":5,"
	"\"k\\\"l\":6,\" \":7,\"m~n\":8}";

static const struct {
	const char *ptr;
	const char *want;
} pointer_cases[] = {
	{ "/foo", "[\"bar\",\"baz\"]" },
	{ "/foo/0", "\"bar\"" },
	{ "/", "0" },
	{ "/a~1b", "1" },
	{ "/c%d", "2" },
	{ "/e^f", "3" },
	{ "/g|h", "4" },
	{ "/i\\j", "5" },
	{ "/k\"l", "6" },
	{ "/ ", "7" },
	{ "/m~0n", "8" },
	{ "/foo/01", NULL }, /* no leading zeros */
	{ "/foo/-", NULL },
	{ "/foo/2", NULL },
	{ "/m~2n", NULL },
	{ "foo", NULL },
};

START_TEST(test_pointer_rfc6901)
{
	json_t *doc = kc_test_json(rfc6901_doc);
	json_t *got = kc_json_pointer_get(doc, pointer_cases[_i].ptr);

	if (pointer_cases[_i].want == NULL)
		ck_assert_msg(got == NULL, "%s: want missing", pointer_cases[_i].ptr);
	else
		kc_test_assert_json(got, pointer_cases[_i].want);
	ck_assert_ptr_eq(kc_json_pointer_get(doc, ""), doc);
	json_decref(doc);
}
END_TEST

START_TEST(test_copy_and_equal)
{
	json_t *a = kc_test_json("{\"x\":[1,{\"y\":2}]}");
	json_t *b = kc_json_copy(a);
	json_t *i = json_integer(1), *r = json_real(1.0);

	ck_assert_ptr_ne(a, b);
	ck_assert(kc_json_equal(a, b));
	json_integer_set(json_object_get(json_array_get(json_object_get(b, "x"), 1), "y"), 3);
	ck_assert(!kc_json_equal(a, b)); /* deep: a is untouched */
	ck_assert(kc_json_equal(NULL, NULL));
	ck_assert(!kc_json_equal(a, NULL));
	ck_assert(!kc_json_equal(i, r));
	ck_assert_ptr_null(kc_json_copy(NULL));
	/* keys holding a NUL: jansson's json_equal() cannot find them, ours can */
	json_t *n1 = json_object(), *n2 = json_object();

	json_object_setn_new(n1, "k\0x", 3, json_integer(1));
	json_object_setn_new(n2, "k\0x", 3, json_integer(1));
	ck_assert(kc_json_equal(n1, n2));
	json_object_setn_new(n2, "k\0x", 3, json_integer(2));
	ck_assert(!kc_json_equal(n1, n2));
	json_decref(n1);
	json_decref(n2);
	json_decref(a);
	json_decref(b);
	json_decref(i);
	json_decref(r);
}
END_TEST

/* ---- merge patch: RFC 7386 appendix A, as evanphx/json-patch applies it ------------------ */

static const struct {
	const char *doc, *patch, *want; /* want NULL: KC_ERR_BAD_REQUEST */
} merge_cases[] = {
	{ "{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}" },
	{ "{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}" },
	{ "{\"a\":\"b\"}", "{\"a\":null}", "{}" },
	{ "{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}" },
	{ "{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}" },
	{ "{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}" },
	{ "{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}" },
	{ "{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}" },
	{ "[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]" },
	{ "{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]" },
	{ "{\"a\":\"foo\"}", "null", NULL },    /* RFC: null; evanphx: Invalid JSON Patch */
	{ "{\"a\":\"foo\"}", "\"bar\"", NULL }, /* RFC: "bar"; evanphx: Invalid JSON Patch */
	{ "{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}" },
	{ "[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}" },
	{ "{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}" },
	/* evanphx: nulls are pruned inside arrays that are added whole */
	{ "{}", "{\"a\":[{\"b\":null,\"c\":1},null]}", "{\"a\":[{\"c\":1},null]}" },
	/* ...but not when an array replaces an object member */
	{ "{\"a\":{\"x\":1}}", "{\"a\":[{\"b\":null}]}", "{\"a\":[{\"b\":null}]}" },
	{ "{\"a\":null}", "{\"a\":{\"b\":null,\"c\":2}}", "{\"a\":{\"c\":2}}" },
	{ "\"str\"", "{\"a\":null,\"b\":1}", "{\"b\":1}" },
	{ "null", "{\"a\":1}", NULL }, /* Invalid JSON Document */
	{ "{\"a\":1}", "3", NULL },
	{ "{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"spec\":{\"replicas\":1}}",
	  "{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}},\"spec\":{\"replicas\":5}}",
	  "{\"metadata\":{\"labels\":{\"b\":\"2\",\"c\":\"3\"}},\"spec\":{\"replicas\":5}}" },
};

START_TEST(test_merge_patch_apply_table)
{
	json_t *doc = kc_test_json(merge_cases[_i].doc),
	       *patch = kc_test_json(merge_cases[_i].patch);
	json_t *before = json_deep_copy(doc), *out = NULL;
	char err[128] = "";
	int r = kc_json_merge_patch_apply(doc, patch, &out, err, sizeof(err));

	if (merge_cases[_i].want == NULL) {
		ck_assert_int_eq(r, KC_ERR_BAD_REQUEST);
		ck_assert(strcmp(err, "Invalid JSON Patch") == 0 ||
			  strcmp(err, "Invalid JSON Document") == 0);
		ck_assert_ptr_null(out);
	} else {
		ck_assert_msg(r == 0, "case %d: %s", _i, err);
		kc_test_assert_json(out, merge_cases[_i].want);
	}
	ck_assert(json_equal(doc, before)); /* the document is never touched */
	json_decref(out);
	json_decref(before);
	json_decref(doc);
	json_decref(patch);
}
END_TEST

static const struct {
	const char *a, *b, *want; /* want NULL: error */
} create_cases[] = {
	{ "{\"a\":1}", "{\"a\":1}", "{}" },
	{ "{\"a\":1}", "{\"a\":2}", "{\"a\":2}" },
	{ "{\"a\":1}", "{\"a\":1.0}", "{}" }, /* numbers compare as numbers */
	{ "{\"a\":1,\"b\":2}", "{\"a\":1}", "{\"b\":null}" },
	{ "{}", "{\"n\":{\"x\":[1]}}", "{\"n\":{\"x\":[1]}}" },
	{ "{\"n\":{\"x\":1,\"y\":2}}", "{\"n\":{\"x\":1,\"y\":3}}", "{\"n\":{\"y\":3}}" },
	{ "{\"n\":{\"x\":1}}", "{\"n\":{\"x\":1}}", "{}" },
	{ "{\"l\":[1,2]}", "{\"l\":[1,2,3]}", "{\"l\":[1,2,3]}" },
	{ "{\"l\":[{\"a\":1}]}", "{\"l\":[{\"a\":1}]}", "{}" },
	{ "{\"t\":\"1\"}", "{\"t\":1}", "{\"t\":1}" },
	{ "{\"t\":true}", "{\"t\":false}", "{\"t\":false}" },
	{ "{\"z\":null}", "{\"z\":null}", "{}" },
	{ "{\"z\":null}", "{\"z\":5}", "{\"z\":5}" },
	{ "null", "{\"a\":1}", "{\"a\":1}" },
	{ "[{\"a\":1},{\"b\":1}]", "[{\"a\":2},{\"b\":1}]", "[{\"a\":2},{}]" },
	{ "[{\"a\":1}]", "[]", NULL },
	{ "[1]", "{\"a\":1}", NULL },
	{ "\"s\"", "{\"a\":1}", NULL },
};

START_TEST(test_merge_patch_create_table)
{
	json_t *a = kc_test_json(create_cases[_i].a), *b = kc_test_json(create_cases[_i].b),
	       *p = NULL, *applied = NULL;
	char err[128] = "";
	int r = kc_json_merge_patch_create(a, b, &p, err, sizeof(err));

	if (create_cases[_i].want == NULL) {
		ck_assert_int_eq(r, KC_ERR_BAD_REQUEST);
		ck_assert(err[0] != '\0');
	} else {
		ck_assert_msg(r == 0, "case %d: %s", _i, err);
		kc_test_assert_json(p, create_cases[_i].want);
		/* applying the created patch to an object reaches b */
		if (json_is_object(a) && json_is_object(b)) {
			ck_assert_int_eq(
				kc_json_merge_patch_apply(a, p, &applied, err, sizeof(err)), 0);
			ck_assert_msg(json_equal(applied, b) || _i == 2 || _i == 11,
				      "case %d round trip", _i);
		}
	}
	json_decref(applied);
	json_decref(p);
	json_decref(a);
	json_decref(b);
}
END_TEST

START_TEST(test_merge_patch_mismatch_message)
{
	json_t *a = kc_test_json("[1]"), *b = kc_test_json("{}"), *p = NULL;
	char err[128];

	ck_assert_int_eq(kc_json_merge_patch_create(a, b, &p, err, sizeof(err)),
			 KC_ERR_BAD_REQUEST);
	ck_assert_str_eq(err, "Mismatched JSON Documents");
	ck_assert_int_eq(kc_json_merge_patch_create(NULL, b, &p, err, sizeof(err)),
			 KC_ERR_BAD_REQUEST);
	ck_assert_ptr_null(p);
	json_decref(a);
	json_decref(b);
}
END_TEST

/* ---- JSON patch: RFC 6902 appendix A and evanphx v4 behaviour ---------------------------- */

static const struct {
	const char *name, *doc, *patch;
	const char *want; /* result, or the error message when r != 0 */
	int r;
} patch_cases[] = {
	{ "A.1 add member", "{\"foo\":\"bar\"}",
	  "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}]",
	  "{\"baz\":\"qux\",\"foo\":\"bar\"}", 0 },
	{ "A.2 add element", "{\"foo\":[\"bar\",\"baz\"]}",
	  "[{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}]",
	  "{\"foo\":[\"bar\",\"qux\",\"baz\"]}", 0 },
	{ "A.3 remove member", "{\"baz\":\"qux\",\"foo\":\"bar\"}",
	  "[{\"op\":\"remove\",\"path\":\"/baz\"}]", "{\"foo\":\"bar\"}", 0 },
	{ "A.4 remove element", "{\"foo\":[\"bar\",\"qux\",\"baz\"]}",
	  "[{\"op\":\"remove\",\"path\":\"/foo/1\"}]", "{\"foo\":[\"bar\",\"baz\"]}", 0 },
	{ "A.5 replace", "{\"baz\":\"qux\",\"foo\":\"bar\"}",
	  "[{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}]",
	  "{\"baz\":\"boo\",\"foo\":\"bar\"}", 0 },
	{ "A.6 move value",
	  "{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},\"qux\":{\"corge\":\"grault\"}}",
	  "[{\"op\":\"move\",\"from\":\"/foo/waldo\",\"path\":\"/qux/thud\"}]",
	  "{\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\",\"thud\":\"fred\"}}", 0 },
	{ "A.7 move element", "{\"foo\":[\"all\",\"grass\",\"cows\",\"eat\"]}",
	  "[{\"op\":\"move\",\"from\":\"/foo/1\",\"path\":\"/foo/3\"}]",
	  "{\"foo\":[\"all\",\"cows\",\"eat\",\"grass\"]}", 0 },
	{ "A.8 test ok", "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}",
	  "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},{\"op\":\"test\",\"path\":\"/foo/1\","
	  "\"value\":2}]",
	  "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}", 0 },
	{ "A.9 test fails", "{\"baz\":\"qux\"}",
	  "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]",
	  "testing value /baz failed: test failed", KC_ERR_INVALID },
	{ "A.10 add nested", "{\"foo\":\"bar\"}",
	  "[{\"op\":\"add\",\"path\":\"/child\",\"value\":{\"grandchild\":{}}}]",
	  "{\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}", 0 },
	{ "A.11 extra members", "{\"foo\":\"bar\"}",
	  "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\",\"xyz\":123}]",
	  "{\"foo\":\"bar\",\"baz\":\"qux\"}", 0 },
	{ "A.12 missing target", "{\"foo\":\"bar\"}",
	  "[{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]",
	  "add operation does not apply: doc is missing path: \"/baz/bat\": missing value",
	  KC_ERR_INVALID },
	{ "A.14 ~ escapes", "{\"/\":9,\"~1\":10}",
	  "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":10}]", "{\"/\":9,\"~1\":10}", 0 },
	{ "A.15 string vs number", "{\"/\":9,\"~1\":10}",
	  "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":\"10\"}]",
	  "testing value /~01 failed: test failed", KC_ERR_INVALID },
	{ "A.16 append array", "{\"foo\":[\"bar\"]}",
	  "[{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":[\"abc\",\"def\"]}]",
	  "{\"foo\":[\"bar\",[\"abc\",\"def\"]]}", 0 },
	/* evanphx v4 behaviour that kube-apiserver shows */
	{ "negative index", "{\"a\":[1,2,3]}", "[{\"op\":\"remove\",\"path\":\"/a/-1\"}]",
	  "{\"a\":[1,2]}", 0 },
	{ "add negative", "{\"a\":[1,2]}", "[{\"op\":\"add\",\"path\":\"/a/-1\",\"value\":9}]",
	  "{\"a\":[1,2,9]}", 0 },
	{ "replace adds key", "{\"a\":{}}", "[{\"op\":\"replace\",\"path\":\"/a/b\",\"value\":1}]",
	  "{\"a\":{\"b\":1}}", 0 },
	{ "replace root", "{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"b\":2}}]",
	  "{\"b\":2}", 0 },
	{ "replace root scalar", "{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\",\"value\":3}]",
	  "replace operation value must be object or array", KC_ERR_INVALID },
	{ "add root", "{\"a\":1}", "[{\"op\":\"add\",\"path\":\"\",\"value\":{}}]",
	  "add operation does not apply: doc is missing path: \"\": missing value",
	  KC_ERR_INVALID },
	{ "remove missing", "{\"a\":1}", "[{\"op\":\"remove\",\"path\":\"/b\"}]",
	  "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
	  KC_ERR_INVALID },
	{ "remove out of range", "{\"a\":[1]}", "[{\"op\":\"remove\",\"path\":\"/a/5\"}]",
	  "error in remove for path: '/a/5': Unable to access invalid index: 5: invalid index "
	  "referenced",
	  KC_ERR_INVALID },
	{ "remove dash", "{\"a\":[1]}", "[{\"op\":\"remove\",\"path\":\"/a/-\"}]",
	  "error in remove for path: '/a/-': strconv.Atoi: parsing \"-\": invalid syntax",
	  KC_ERR_INVALID },
	{ "add bad index", "{\"a\":[1]}", "[{\"op\":\"add\",\"path\":\"/a/x\",\"value\":1}]",
	  "error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: "
	  "parsing \"x\": invalid syntax",
	  KC_ERR_INVALID },
	{ "add past end", "{\"a\":[1]}", "[{\"op\":\"add\",\"path\":\"/a/3\",\"value\":1}]",
	  "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced",
	  KC_ERR_INVALID },
	{ "replace out of range", "{\"a\":[1]}",
	  "[{\"op\":\"replace\",\"path\":\"/a/1\",\"value\":1}]",
	  "replace operation does not apply: doc is missing key: /a/1: missing value",
	  KC_ERR_INVALID },
	{ "test missing vs null", "{\"a\":{}}",
	  "[{\"op\":\"test\",\"path\":\"/a/b\",\"value\":null}]", "{\"a\":{}}", 0 },
	{ "test null value", "{\"a\":null}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":null}]",
	  "{\"a\":null}", 0 },
	{ "test root", "{\"a\":[1]}", "[{\"op\":\"test\",\"path\":\"\",\"value\":{\"a\":[1]}}]",
	  "{\"a\":[1]}", 0 },
	{ "copy", "{\"a\":{\"x\":[1]},\"b\":{}}",
	  "[{\"op\":\"copy\",\"from\":\"/a/x\",\"path\":\"/b/y\"}]",
	  "{\"a\":{\"x\":[1]},\"b\":{\"y\":[1]}}", 0 },
	{ "copy missing key adds null", "{\"a\":{}}",
	  "[{\"op\":\"copy\",\"from\":\"/a/nope\",\"path\":\"/a/c\"}]", "{\"a\":{\"c\":null}}", 0 },
	{ "move missing", "{\"a\":{}}", "[{\"op\":\"move\",\"from\":\"/a/x\",\"path\":\"/a/y\"}]",
	  "error in move for path: 'x': Unable to remove nonexistent key: x: missing value",
	  KC_ERR_INVALID },
	{ "move into own child", "{\"a\":{\"b\":{}}}",
	  "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/b/c\"}]",
	  "move operation does not apply: doc is missing destination path: /a/b/c: missing value",
	  KC_ERR_INVALID },
	{ "unknown op", "{}", "[{\"op\":\"frob\",\"path\":\"/a\"}]", "Unexpected kind: frob",
	  KC_ERR_INVALID },
	{ "missing op", "{}", "[{\"path\":\"/a\"}]", "Unexpected kind: unknown", KC_ERR_INVALID },
	{ "missing path", "{}", "[{\"op\":\"add\",\"value\":1}]",
	  "add operation failed to decode path: missing value", KC_ERR_INVALID },
	{ "missing from", "{}", "[{\"op\":\"move\",\"path\":\"/a\"}]",
	  "move operation failed to decode from: operation, missing from field: missing value",
	  KC_ERR_INVALID },
	{ "add without value", "{}", "[{\"op\":\"add\",\"path\":\"/a\"}]", "{\"a\":null}", 0 },
	{ "escaped path", "{\"metadata\":{\"labels\":{}}}",
	  "[{\"op\":\"add\",\"path\":\"/metadata/labels/app.kubernetes.io~1name\",\"value\":\"x\"},"
	  "{\"op\":\"add\",\"path\":\"/metadata/labels/a~0b\",\"value\":\"y\"}]",
	  "{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"x\",\"a~b\":\"y\"}}}", 0 },
	{ "array document", "[1,2]", "[{\"op\":\"add\",\"path\":\"/0\",\"value\":0}]", "[0,1,2]",
	  0 },
	{ "null patch", "{\"a\":1}", "null", "{\"a\":1}", 0 },
	{ "not an array", "{}", "{\"op\":\"add\"}",
	  "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
	  KC_ERR_BAD_REQUEST },
	{ "element not object", "{}", "[\"add\"]",
	  "json: cannot unmarshal string into Go value of type jsonpatch.Operation",
	  KC_ERR_BAD_REQUEST },
};

START_TEST(test_json_patch_table)
{
	json_t *doc = kc_test_json(patch_cases[_i].doc),
	       *patch = kc_test_json(patch_cases[_i].patch);
	json_t *before = json_deep_copy(doc), *out = NULL;
	char err[256] = "";
	int r = kc_json_patch_apply(doc, patch, &out, err, sizeof(err));

	ck_assert_msg(r == patch_cases[_i].r, "%s: r=%d (%s)", patch_cases[_i].name, r, err);
	if (r == 0)
		kc_test_assert_json(out, patch_cases[_i].want);
	else
		ck_assert_str_eq(err, patch_cases[_i].want);
	if (r != 0)
		ck_assert_ptr_null(out);
	ck_assert(json_equal(doc, before));
	json_decref(out);
	json_decref(before);
	json_decref(doc);
	json_decref(patch);
}
END_TEST

START_TEST(test_json_patch_partial_failure_is_atomic)
{
	json_t *doc = kc_test_json("{\"a\":1,\"l\":[1]}");
	json_t *patch = kc_test_json("[{\"op\":\"add\",\"path\":\"/b\",\"value\":2},"
				     "{\"op\":\"remove\",\"path\":\"/l/0\"},"
				     "{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]");
	json_t *out = NULL;
	char err[128];

	ck_assert_int_eq(kc_json_patch_apply(doc, patch, &out, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_ptr_null(out);
	kc_test_assert_json(doc, "{\"a\":1,\"l\":[1]}");
	json_decref(doc);
	json_decref(patch);
}
END_TEST

START_TEST(test_json_patch_limits)
{
	json_t *doc = kc_test_json(
		"{\"a\":\"0123456789012345678901234567890123456789012345678901234567890123\"}");
	json_t *patch = json_array(), *ops = json_array(), *out = NULL;
	char err[256];

	/* copy doubling: 3 MiB of copies is the apiserver's JSONPatchMaxCopyBytes */
	json_array_append_new(patch, kc_test_json("{\"op\":\"add\",\"path\":\"/l\",\"value\":[]}"));
	json_array_append_new(
		patch,
		kc_test_json("{\"op\":\"add\",\"path\":\"/l/-\",\"value\":\"0123456789abcdef\"}"));
	for (int i = 0; i < 40; i++)
		json_array_append_new(
			patch, kc_test_json("{\"op\":\"copy\",\"from\":\"/l\",\"path\":\"/l/-\"}"));
	ck_assert_int_eq(kc_json_patch_apply(doc, patch, &out, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_msg(strstr(err, "Unable to complete the copy") != NULL, "%s", err);
	ck_assert_ptr_null(out);
	for (int i = 0; i < 10001; i++)
		json_array_append_new(ops, kc_test_json("{\"op\":\"test\",\"path\":\"/a\"}"));
	ck_assert_int_eq(kc_json_patch_apply(doc, ops, &out, err, sizeof(err)), KC_ERR_TOO_LARGE);
	ck_assert_str_eq(err, "The allowed maximum operations in a JSON patch is 10000, got 10001");
	ck_assert_int_eq(kc_json_patch_apply(doc, NULL, &out, err, sizeof(err)),
			 KC_ERR_BAD_REQUEST);
	json_decref(doc);
	json_decref(patch);
	json_decref(ops);
}
END_TEST

/* ---- encoder ----------------------------------------------------------------------------- */

static const struct {
	const char *in;   /* JSON text */
	const char *want; /* what Go's json.Marshal writes */
} dump_cases[] = {
	{ "{\"b\":1,\"a\":[true,false,null]}", "{\"b\":1,\"a\":[true,false,null]}" },
	{ "\"<a href='x'>&amp;</a>\"", "\"\\u003ca href='x'\\u003e\\u0026amp;\\u003c/a\\u003e\"" },
	{ "\"tab\\tnl\\ncr\\rq\\\"bs\\\\\"", "\"tab\\tnl\\ncr\\rq\\\"bs\\\\\"" },
	{ "\"\\u0001\\u001f\\u007f\"", "\"\\u0001\\u001f\x7f\"" },
	{ "\"\\b\\f\"", "\"\\b\\f\"" },
	{ "\"\\u2028\\u2029\"", "\"\\u2028\\u2029\"" },
	{ "\"h\\u00e9llo \\u4e16\\ud83d\\ude00\"",
	  "\"h\xc3\xa9llo \xe4\xb8\x96\xf0\x9f\x98\x80\"" },
	{ "\"/slash\"", "\"/slash\"" },
	{ "1.5", "1.5" },
	{ "3.0", "3" },
	{ "0.1", "0.1" },
	{ "-0.0", "-0" },
	{ "100.0", "100" },
	{ "1e20", "100000000000000000000" },
	{ "1e21", "1e+21" },
	{ "1e-7", "1e-7" },
	{ "0.000001", "0.000001" },
	{ "123456789.125", "123456789.125" },
	{ "-2.5e-10", "-2.5e-10" },
	{ "1.7976931348623157e308", "1.7976931348623157e+308" },
	{ "9007199254740993", "9007199254740993" },
	{ "-9223372036854775808", "-9223372036854775808" },
	{ "{}", "{}" },
	{ "[]", "[]" },
	{ "[[],{}]", "[[],{}]" },
	{ "\"\"", "\"\"" },
};

START_TEST(test_dumps_table)
{
	json_t *v = kc_test_json(dump_cases[_i].in);
	char *s = kc_json_dumps(v);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, dump_cases[_i].want);
	free(s);
	json_decref(v);
}
END_TEST

START_TEST(test_dumps_invalid_utf8_and_nul)
{
	json_t *v = json_stringn_nocheck("a\xff"
					 "b\xc3",
					 4);
	json_t *n = json_stringn("x\0y", 3);
	json_t *o = json_object();
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char *s = kc_json_dumps(v);

	ck_assert_str_eq(s, "\"a\\ufffdb\\ufffd\"");
	free(s);
	s = kc_json_dumps(n);
	ck_assert_str_eq(s, "\"x\\u0000y\"");
	free(s);
	json_object_setn_new(o, "k\0z", 3, json_integer(1));
	ck_assert_int_eq(kc_strbuf_adds(&sb, "prefix:"), 0);
	ck_assert_int_eq(kc_json_dump_strbuf(&sb, o), 0);
	ck_assert_str_eq(sb.buf, "prefix:{\"k\\u0000z\":1}");
	ck_assert_int_eq(kc_json_dump_strbuf(&sb, NULL), KC_ERR_INVALID);
	ck_assert_str_eq(sb.buf, "prefix:{\"k\\u0000z\":1}");
	ck_assert_ptr_null(kc_json_dumps(NULL));
	kc_strbuf_release(&sb);
	json_decref(v);
	json_decref(n);
	json_decref(o);
}
END_TEST

START_TEST(test_dumps_round_trips)
{
	const char *text =
		"{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\"}},"
		"\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":"
		"{\"cpu\":\"100m\"}},\"ports\":[{\"containerPort\":80}]}],\"x\":0.25}}";
	json_t *v = kc_test_json(text), *back = NULL;
	char *s = kc_json_dumps(v);
	char err[128];

	ck_assert_str_eq(s, text);
	ck_assert_int_eq(kc_json_loads(s, strlen(s), &back, err, sizeof(err)), 0);
	ck_assert(json_equal(v, back));
	free(s);
	json_decref(v);
	json_decref(back);
}
END_TEST

START_TEST(test_loads_errors)
{
	json_t *v = NULL;
	char err[256];

	ck_assert_int_eq(kc_json_loads("{\"a\":", 5, &v, err, sizeof(err)), KC_ERR_PARSE);
	ck_assert_msg(strncmp(err, "json: line 1, column ", 21) == 0, "%s", err);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(kc_json_loads("[1,]", 4, &v, err, sizeof(err)), KC_ERR_PARSE);
	ck_assert_int_eq(kc_json_loads("\"s\"  \n", 6, &v, err, sizeof(err)), 0);
	ck_assert_str_eq(json_string_value(v), "s");
	json_decref(v);
}
END_TEST

static const struct {
	double v;
	char fmt;
	int bits;
	const char *want;
} float_cases[] = {
	{ 1e6, 'g', 64, "1e+06" },
	{ 123456, 'g', 64, "123456" },
	{ 0.0001, 'g', 64, "0.0001" },
	{ 0.00001, 'g', 64, "1e-05" },
	{ 1.5, 'g', 64, "1.5" },
	{ 3.14159265, 'g', 32, "3.1415927" },
	{ 0.1, 'g', 32, "0.1" },
	{ 1e6, 'g', 32, "1e+06" },
	{ 1234567.0, 'g', 64, "1.234567e+06" },
	{ 1e21, 'e', 64, "1e+21" },
	{ 1e21, 'f', 64, "1000000000000000000000" },
	{ 0, 'g', 64, "0" },
	{ -1.25, 'f', 64, "-1.25" },
	{ 5e-324, 'e', 64, "5e-324" },
};

START_TEST(test_format_float_table)
{
	char buf[64];

	kc_json_format_float(float_cases[_i].v, float_cases[_i].fmt, float_cases[_i].bits, buf,
			     sizeof(buf));
	ck_assert_str_eq(buf, float_cases[_i].want);
}
END_TEST

/* encoding/json's UnmarshalTypeError names for each JSON type. */
static const struct {
	const char *json, *kind;
} go_kind_cases[] = {
	{ "{}", "object" },  { "[1]", "array" }, { "\"x\"", "string" }, { "3", "number" },
	{ "2.5", "number" }, { "true", "bool" }, { "false", "bool" },   { "null", "null" },
};

START_TEST(test_go_kind_table)
{
	json_auto_t *v = kc_test_json(go_kind_cases[_i].json);

	ck_assert_str_eq(kc_json_go_kind(v), go_kind_cases[_i].kind);
}
END_TEST

static const struct {
	const char *in;
	const char *want; /* NULL: invalid */
	size_t bad;
} b64_cases[] = {
	{ "aGVsbG8=", "hello", 0 },
	{ "aGVs\nbG8=\n", "hello", 0 },
	{ "aGVsbA==", "hell", 0 },
	{ "aGVsbA=\n=", "hell", 0 },
	{ "", "", 0 },
	{ "aGVsbG8", NULL, 4 },
	{ "aGV*bG8=", NULL, 3 },
	{ "aGVsbG8=aGVs", NULL, 8 },
	{ "a===", NULL, 1 },
	{ "aGVsbA=x", NULL, 7 },
};

START_TEST(test_base64_table)
{
	char *out = NULL;
	size_t len = 0, bad = 99;
	int r = kc_json_base64_decode(b64_cases[_i].in, strlen(b64_cases[_i].in), &out, &len, &bad);

	if (b64_cases[_i].want == NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_uint_eq(bad, b64_cases[_i].bad);
	} else {
		ck_assert_int_eq(r, 0);
		ck_assert_uint_eq(len, strlen(b64_cases[_i].want));
		ck_assert_str_eq(out, b64_cases[_i].want);
	}
	free(out);
}
END_TEST

START_TEST(test_string_sanitized)
{
	json_t *a = kc_json_string_sanitized("ok", 2);
	json_t *b = kc_json_string_sanitized("x\xfey\xe2\x82", 5);

	ck_assert_str_eq(json_string_value(a), "ok");
	ck_assert_str_eq(json_string_value(b), "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbd");
	json_decref(a);
	json_decref(b);
}
END_TEST

static Suite *
json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_get_varargs);
	tcase_add_test(tc, test_copy_keeps_nul_keys);
	tcase_add_loop_test(tc, test_get_path_table, 0, KC_ARRAY_SIZE(path_cases));
	tcase_add_test(tc, test_get_path_root_and_arrays);
	tcase_add_test(tc, test_typed_getters);
	tcase_add_test(tc, test_set_path_creates_intermediates);
	tcase_add_test(tc, test_set_path_arrays_and_null);
	tcase_add_test(tc, test_set_path_errors_leave_root_alone);
	tcase_add_test(tc, test_remove_path);
	tcase_add_loop_test(tc, test_pointer_rfc6901, 0, KC_ARRAY_SIZE(pointer_cases));
	tcase_add_test(tc, test_copy_and_equal);
	tcase_add_loop_test(tc, test_merge_patch_apply_table, 0, KC_ARRAY_SIZE(merge_cases));
	tcase_add_loop_test(tc, test_merge_patch_create_table, 0, KC_ARRAY_SIZE(create_cases));
	tcase_add_test(tc, test_merge_patch_mismatch_message);
	tcase_add_loop_test(tc, test_json_patch_table, 0, KC_ARRAY_SIZE(patch_cases));
	tcase_add_test(tc, test_json_patch_partial_failure_is_atomic);
	tcase_add_test(tc, test_json_patch_limits);
	tcase_add_loop_test(tc, test_dumps_table, 0, KC_ARRAY_SIZE(dump_cases));
	tcase_add_test(tc, test_dumps_invalid_utf8_and_nul);
	tcase_add_test(tc, test_dumps_round_trips);
	tcase_add_test(tc, test_loads_errors);
	tcase_add_loop_test(tc, test_format_float_table, 0, KC_ARRAY_SIZE(float_cases));
	tcase_add_loop_test(tc, test_base64_table, 0, KC_ARRAY_SIZE(b64_cases));
	tcase_add_loop_test(tc, test_go_kind_table, 0, KC_ARRAY_SIZE(go_kind_cases));
	tcase_add_test(tc, test_string_sanitized);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(json_suite)
