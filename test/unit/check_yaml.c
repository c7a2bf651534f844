/*
 * check_yaml.c - yaml.c against go-yaml v2 / sigs.k8s.io/yaml: the plain-scalar resolution
 * table, tags, keys, anchors and merge keys, alias bombs, multi-document streams, errors with
 * positions, strict mode, and the emitter (quoting rules, round trips).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/yaml.h"
#include "test/unit/testutil/testutil.h"

/* Loads text (must succeed) and returns the value. */
static json_t *
Y(const char *text)
{
	json_t *v = NULL;
	char err[256] = "";
	int r = kc_yaml_load(text, strlen(text), 0, &v, err, sizeof(err));

	ck_assert_msg(r == 0, "load %s: %s", text, err);
	return v;
}

/* ---- plain scalar resolution (goyaml.v2 resolve.go) -------------------------------------- */

static const struct {
	const char *yaml; /* the value of key v */
	const char *json;
} resolve_cases[] = {
	/* null */
	{ "~", "null" },
	{ "null", "null" },
	{ "Null", "null" },
	{ "NULL", "null" },
	{ "", "null" },
	{ "nULL", "\"nULL\"" },
	/* YAML 1.1 booleans */
	{ "y", "true" },
	{ "Y", "true" },
	{ "yes", "true" },
	{ "Yes", "true" },
	{ "YES", "true" },
	{ "true", "true" },
	{ "True", "true" },
	{ "TRUE", "true" },
	{ "on", "true" },
	{ "On", "true" },
	{ "ON", "true" },
	{ "n", "false" },
	{ "N", "false" },
	{ "no", "false" },
	{ "No", "false" },
	{ "NO", "false" },
	{ "false", "false" },
	{ "False", "false" },
	{ "FALSE", "false" },
	{ "off", "false" },
	{ "Off", "false" },
	{ "OFF", "false" },
	{ "yES", "\"yES\"" },
	{ "tRUE", "\"tRUE\"" },
	{ "oN", "\"oN\"" },
	/* integers */
	{ "0", "0" },
	{ "42", "42" },
	{ "-17", "-17" },
	{ "+5", "5" },
	{ "0x1F", "31" },
	{ "0X1f", "31" },
	{ "-0x10", "-16" },
	{ "0o17", "15" },
	{ "017", "15" },
	{ "0b101", "5" },
	{ "-0b11", "-3" },
	{ "1_000_000", "1000000" },
	{ "08", "8" },
	{ "0b2", "\"0b2\"" },
	{ "0x", "\"0x\"" },
	{ "9223372036854775807", "9223372036854775807" },
	{ "-9223372036854775808", "-9223372036854775808" },
	{ "9223372036854775808", "9223372036854775808.0" },
	{ "18446744073709551616", "18446744073709551616.0" },
	{ "0x10000000000000000", "18446744073709551616.0" },
	/* floats */
	{ "1.5", "1.5" },
	{ "-1.5e-3", "-0.0015" },
	{ "1e3", "1000" },
	{ "1.", "1" },
	{ ".5", "0.5" },
	{ "+.5", "0.5" },
	{ "-.5", "-0.5" },
	{ "1_0.5", "10.5" },
	{ "6.02e23", "6.02e23" },
	{ "1e400", "\"1e400\"" },
	/* strings */
	{ "1.2.3", "\"1.2.3\"" },
	{ "abc", "\"abc\"" },
	{ "1a", "\"1a\"" },
	{ "-x", "\"-x\"" },
	{ "._5", "\"._5\"" },
	{ "12:30", "\"12:30\"" },
	{ "2001-12-14", "\"2001-12-14\"" },
	{ "2001-12-14T21:59:43.10-05:00", "\"2001-12-14T21:59:43.10-05:00\"" },
	{ "Infinity", "\"Infinity\"" },
	{ "NaN", "\"NaN\"" },
	{ "<<", "\"<<\"" },
	{ "100m", "\"100m\"" },
	{ "1Gi", "\"1Gi\"" },
	/* quoted and block scalars are strings */
	{ "'yes'", "\"yes\"" },
	{ "\"1\"", "\"1\"" },
	{ "'~'", "\"~\"" },
	{ "\"\"", "\"\"" },
	{ "\"a\\tb\\u00e9\"", "\"a\\tb\\u00e9\"" },
	{ "|\n  123\n", "\"123\\n\"" },
	{ ">-\n  folded\n  text", "\"folded text\"" },
	/* tags */
	{ "!!str 1", "\"1\"" },
	{ "!!str true", "\"true\"" },
	{ "!!int \"12\"", "12" },
	{ "!!float 1", "1" },
	{ "!!float 1.25", "1.25" },
	{ "!!bool yes", "true" },
	{ "!!null ~", "null" },
	{ "!custom 5", "\"5\"" },
	{ "! 12", "\"12\"" },
	{ "!!binary aGk=", "\"hi\"" },
	{ "!!timestamp 2001-01-01", "\"2001-01-01\"" },
	{ "!<tag:yaml.org,2002:int> 7", "7" },
};

START_TEST(test_resolve_table)
{
	char doc[128];
	json_t *v;

	snprintf(doc, sizeof(doc), "v: %s\n", resolve_cases[_i].yaml);
	v = Y(doc);
	ck_assert_msg(json_object_get(v, "v") != NULL, "%s", doc);
	kc_test_assert_json(json_object_get(v, "v"), resolve_cases[_i].json);
	json_decref(v);
}
END_TEST

START_TEST(test_resolve_types)
{
	json_t *v = Y("a: 1.5\nb: 1e3\nc: 9223372036854775808\nd: 12\n");

	ck_assert(json_is_real(json_object_get(v, "a")));
	ck_assert(json_is_integer(json_object_get(v, "b"))); /* Go writes 1e3 as 1000 */
	ck_assert(json_is_real(json_object_get(v, "c")));
	ck_assert(json_is_integer(json_object_get(v, "d")));
	json_decref(v);
}
END_TEST

/* ---- mapping keys (sigs.k8s.io/yaml convertToJSONableObject) ----------------------------- */

static const struct {
	const char *key;
	const char *want;
} key_cases[] = {
	{ "1", "1" },           { "0x10", "16" },
	{ "-3", "-3" },         { "1.5", "1.5" },
	{ "1e3", "1000" },      { "1e6", "1e+06" },
	{ "0.00001", "1e-05" }, { "3.14159265", "3.1415927" },
	{ ".inf", ".inf" },     { "-.inf", "-.inf" },
	{ ".nan", ".nan" },     { "true", "true" },
	{ "yes", "true" },      { "n", "false" },
	{ "\"1\"", "1" },       { "'yes'", "yes" },
	{ "plain", "plain" },   { "!!str 5", "5" },
};

START_TEST(test_key_table)
{
	char doc[128];
	json_t *v;

	snprintf(doc, sizeof(doc), "%s: x\n", key_cases[_i].key);
	v = Y(doc);
	ck_assert_msg(json_object_get(v, key_cases[_i].want) != NULL, "key %s", key_cases[_i].key);
	ck_assert_uint_eq(json_object_size(v), 1);
	json_decref(v);
}
END_TEST

/* ---- errors ------------------------------------------------------------------------------ */

static const struct {
	const char *yaml;
	const char *err; /* the whole message */
} error_cases[] = {
	{ "a: b: c", "yaml: line 1, column 5: mapping values are not allowed in this context" },
	{ "a:\n  b: 1\n  c: d: e",
	  "yaml: line 3, column 7: mapping values are not allowed in this context" },
	{ "a: 1\n b: 2", "yaml: line 2, column 3: mapping values are not allowed in this context" },
	{ "- a\nb: c", "yaml: line 2, column 1: did not find expected '-' indicator" },
	{ "a: [1, 2", "yaml: line 1, column 9: did not find expected ',' or ']'" },
	{ "{a: 1", "yaml: line 1, column 6: did not find expected ',' or '}'" },
	{ "'unterminated", "yaml: line 1, column 14: found unexpected end of stream" },
	{ "a: \"x\\q\"", "yaml: line 1, column 6: found unknown escape character" },
	{ "a:\n\tb: 1", "yaml: line 2, column 1: found character that cannot start any token" },
	{ "a: @x", "yaml: line 1, column 4: found character that cannot start any token" },
	{ "a: \"\xff\"", "yaml: line 1, column 5: invalid leading UTF-8 octet" },
	{ "a: &x [*x]", "yaml: line 1, column 8: anchor 'x' value contains itself" },
	{ "a: *nope", "yaml: line 1, column 4: unknown anchor 'nope' referenced" },
	{ "a: !!int abc", "yaml: line 1, column 4: cannot decode !!str `abc` as a !!int" },
	{ "a: !!bool 1", "yaml: line 1, column 4: cannot decode !!int `1` as a !!bool" },
	{ "a: !!null x", "yaml: line 1, column 4: cannot decode !!str `x` as a !!null" },
	{ "a: !!int 1.5", "yaml: line 1, column 4: cannot decode !!float `1.5` as a !!int" },
	{ "a: .nan", "yaml: line 1, column 4: json: unsupported value: NaN" },
	{ "a: .inf", "yaml: line 1, column 4: json: unsupported value: +Inf" },
	{ "a: [-.Inf]", "yaml: line 1, column 5: json: unsupported value: -Inf" },
	{ "~: 1", "yaml: line 1, column 1: unsupported map key of type: null" },
	{ "18446744073709551615: 1",
	  "yaml: line 1, column 1: unsupported map key of type: uint64" },
	{ "[1]: 2", "yaml: line 1, column 1: invalid map key: a sequence" },
	{ "? {a: 1}\n: 2", "yaml: line 1, column 3: invalid map key: a mapping" },
	{ "a: !!binary '%%%'",
	  "yaml: line 1, column 4: !!binary value contains invalid base64 data" },
	{ "a:\n  <<: 1",
	  "yaml: line 2, column 7: map merge requires map or sequence of maps as the value" },
	{ "a: &s 1\nb:\n  <<: *s",
	  "yaml: line 3, column 7: map merge requires map or sequence of maps as the value" },
	{ "a:\n  <<: [1]",
	  "yaml: line 2, column 8: map merge requires map or sequence of maps as the value" },
	{ "%YAML 1.1\n%YAML 1.1\n---\na",
	  "yaml: line 2, column 1: found duplicate %YAML directive" },
	{ "key: [\n", "yaml: line 2, column 1: did not find expected node content" },
};

START_TEST(test_error_table)
{
	json_t *v = NULL;
	char err[256] = "";
	int r = kc_yaml_load(error_cases[_i].yaml, strlen(error_cases[_i].yaml), 0, &v, err,
			     sizeof(err));

	ck_assert_int_eq(r, KC_ERR_PARSE);
	ck_assert_ptr_null(v);
	ck_assert_str_eq(err, error_cases[_i].err);
}
END_TEST

START_TEST(test_error_null_err_buffer)
{
	json_t *v = NULL;

	ck_assert_int_eq(kc_yaml_load("a: b: c", 7, 0, &v, NULL, 0), KC_ERR_PARSE);
	ck_assert_int_eq(kc_yaml_load("a: .nan", 7, 0, &v, NULL, 0), KC_ERR_PARSE);
	ck_assert_ptr_null(v);
}
END_TEST

/* ---- documents and streams --------------------------------------------------------------- */

START_TEST(test_load_first_document_only)
{
	json_t *v;

	v = Y("a: 1\n---\nb: [");
	kc_test_assert_json(v, "{\"a\":1}");
	json_decref(v);
	v = Y("");
	ck_assert(json_is_null(v));
	json_decref(v);
	v = Y("# only a comment\n");
	ck_assert(json_is_null(v));
	json_decref(v);
	v = Y("---\n");
	ck_assert(json_is_null(v));
	json_decref(v);
	v = Y("plain words");
	kc_test_assert_json(v, "\"plain words\"");
	json_decref(v);
	v = NULL;
	ck_assert_int_eq(kc_yaml_load(NULL, 5, 0, &v, NULL, 0), 0);
	ck_assert(json_is_null(v));
	json_decref(v);
}
END_TEST

START_TEST(test_load_all_skips_empty)
{
	const char *text =
		"---\n---\na: 1\n---\n# comment\n---\nnull\n---\n~\n---\nb: 2\n...\n---\n"
		"[1]\n---\n\"\"\n";
	json_t *v = NULL;
	char err[128];

	ck_assert_int_eq(kc_yaml_load_all(text, strlen(text), 0, &v, err, sizeof(err)), 0);
	kc_test_assert_json(v, "[{\"a\":1},{\"b\":2},[1],\"\"]");
	json_decref(v);
	ck_assert_int_eq(kc_yaml_load_all("", 0, 0, &v, err, sizeof(err)), 0);
	kc_test_assert_json(v, "[]");
	json_decref(v);
}
END_TEST

START_TEST(test_load_all_json_documents)
{
	const char *text = "{\"kind\":\"A\"}\n---\n{\"kind\":\"B\",\"l\":[1,2]}\n";
	json_t *v = NULL;
	char err[128];

	ck_assert_int_eq(kc_yaml_load_all(text, strlen(text), 0, &v, err, sizeof(err)), 0);
	kc_test_assert_json(v, "[{\"kind\":\"A\"},{\"kind\":\"B\",\"l\":[1,2]}]");
	json_decref(v);
}
END_TEST

struct collect {
	json_t *seen;
	size_t stop_at;
	size_t calls;
};

static int
collect_cb(void *arg, json_t *doc, size_t index)
{
	struct collect *c = arg;

	ck_assert_uint_eq(index, c->calls);
	c->calls++;
	json_array_append(c->seen, doc);
	return c->calls == c->stop_at ? -77 : 0;
}

START_TEST(test_stream_callback)
{
	const char *text = "a: 1\n---\n---\nb: 2\n---\nc: 3\n";
	struct collect c = { .seen = json_array() };
	char err[128];

	ck_assert_int_eq(
		kc_yaml_load_stream(text, strlen(text), 0, collect_cb, &c, err, sizeof(err)), 0);
	kc_test_assert_json(c.seen, "[{\"a\":1},{\"b\":2},{\"c\":3}]");
	json_array_clear(c.seen);
	c.calls = 0;
	c.stop_at = 2;
	ck_assert_int_eq(
		kc_yaml_load_stream(text, strlen(text), 0, collect_cb, &c, err, sizeof(err)), -77);
	ck_assert_uint_eq(c.calls, 2);
	json_decref(c.seen);
}
END_TEST

START_TEST(test_stream_error_after_documents)
{
	const char *text = "a: 1\n---\nb: [\n";
	struct collect c = { .seen = json_array() };
	json_t *all = NULL;
	char err[128];

	ck_assert_int_eq(
		kc_yaml_load_stream(text, strlen(text), 0, collect_cb, &c, err, sizeof(err)),
		KC_ERR_PARSE);
	ck_assert_uint_eq(c.calls, 1);
	ck_assert_str_eq(err, "yaml: line 4, column 1: did not find expected node content");
	ck_assert_int_eq(kc_yaml_load_all(text, strlen(text), 0, &all, err, sizeof(err)),
			 KC_ERR_PARSE);
	ck_assert_ptr_null(all);
	json_decref(c.seen);
}
END_TEST

/* ---- anchors, aliases, merge keys -------------------------------------------------------- */

START_TEST(test_aliases_are_copies)
{
	json_t *v = Y("base: &b {x: [1, 2]}\ncopy: *b\nscalar: &s hello\nagain: *s\n");

	kc_test_assert_json(v,
			    "{\"base\":{\"x\":[1,2]},\"copy\":{\"x\":[1,2]},\"scalar\":\"hello\","
			    "\"again\":\"hello\"}");
	ck_assert_ptr_ne(json_object_get(v, "base"), json_object_get(v, "copy"));
	json_array_append_new(kc_json_get(v, "copy", "x", NULL), json_integer(3));
	kc_test_assert_json(json_object_get(v, "base"), "{\"x\":[1,2]}");
	json_decref(v);
}
END_TEST

static const struct {
	const char *yaml;
	const char *json;
} merge_cases[] = {
	{ "<<: {a: 1}\nb: 2", "{\"a\":1,\"b\":2}" },
	{ "base: &b {x: 1, z: 2}\nd:\n  <<: *b\n  z: 3",
	  "{\"base\":{\"x\":1,\"z\":2},\"d\":{\"x\":1,\"z\":3}}" },
	/* YAML 1.1 keys: y and n are booleans, as go-yaml v2 reads them */
	{ "y: 1\nn: 2\non: 3", "{\"true\":3,\"false\":2}" },
	{ "a: &a {x: 1}\nb: &b {x: 2, z: 3}\nc:\n  <<: [*a, *b]",
	  "{\"a\":{\"x\":1},\"b\":{\"x\":2,\"z\":3},\"c\":{\"x\":1,\"z\":3}}" },
	{ "a: 1\n<<: {a: 2}", "{\"a\":2}" }, /* go-yaml v2: a later merge overrides */
	{ "!!merge <<: {a: 1}", "{\"a\":1}" },
	{ "\"<<\": {a: 1}", "{\"<<\":{\"a\":1}}" },
	{ "a: &a {p: 1}\nb: &b {<<: *a, q: 2}\nc: {<<: *b, r: 3}",
	  "{\"a\":{\"p\":1},\"b\":{\"p\":1,\"q\":2},\"c\":{\"p\":1,\"q\":2,\"r\":3}}" },
	{ "x:\n  <<: [{a: 1}, {a: 2, b: 2}]", "{\"x\":{\"a\":1,\"b\":2}}" },
};

START_TEST(test_merge_table)
{
	json_t *v = Y(merge_cases[_i].yaml);

	kc_test_assert_json(v, merge_cases[_i].json);
	json_decref(v);
}
END_TEST

START_TEST(test_billion_laughs)
{
	const char *bomb =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	json_t *v = NULL;
	char err[128];

	ck_assert_int_eq(kc_yaml_load(bomb, strlen(bomb), 0, &v, err, sizeof(err)), KC_ERR_PARSE);
	ck_assert_str_eq(err, "yaml: document contains excessive aliasing");
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(test_modest_aliasing_is_fine)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	json_t *v = NULL;
	char err[128];

	/* a shared block used by 200 entries: go-yaml accepts this, so must we */
	kc_strbuf_adds(&sb,
		       "common: &c {image: nginx, ports: [80, 443], env: {A: a, B: b}}\nitems:\n");
	for (int i = 0; i < 200; i++)
		kc_strbuf_addf(&sb, "- {name: n%d, spec: *c}\n", i);
	ck_assert_int_eq(kc_yaml_load(sb.buf, sb.len, 0, &v, err, sizeof(err)), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(v, "items")), 200);
	kc_test_assert_json(kc_json_get(v, "items", "199", "spec", "ports", NULL), "[80,443]");
	json_decref(v);
	kc_strbuf_release(&sb);
}
END_TEST

START_TEST(test_depth_limit)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	json_t *v = NULL;
	char *s;
	char err[128];

	for (int i = 0; i < KC_YAML_MAX_DEPTH + 1; i++)
		kc_strbuf_addch(&sb, '[');
	ck_assert_int_eq(kc_yaml_load(sb.buf, sb.len, 0, &v, err, sizeof(err)), KC_ERR_PARSE);
	ck_assert_msg(strstr(err, "exceeded max depth of 2048") != NULL, "%s", err);
	kc_strbuf_reset(&sb);
	for (int i = 0; i < 500; i++)
		kc_strbuf_adds(&sb, "- ");
	kc_strbuf_adds(&sb, "x\n");
	ck_assert_int_eq(kc_yaml_load(sb.buf, sb.len, 0, &v, err, sizeof(err)), 0);
	ck_assert(json_is_array(v));
	json_decref(v);
	/* block mappings just inside the limit: deep recursion must fit the stack (ASan too) */
	kc_strbuf_reset(&sb);
	for (int i = 0; i < KC_YAML_MAX_DEPTH - 1; i++)
		kc_strbuf_addf(&sb, "%*sk%d:\n", i, "", i);
	kc_strbuf_addf(&sb, "%*sx\n", KC_YAML_MAX_DEPTH - 1, "");
	ck_assert_msg(kc_yaml_load(sb.buf, sb.len, 0, &v, err, sizeof(err)) == 0, "%s", err);
	s = kc_yaml_emit(v);
	ck_assert_ptr_nonnull(s);
	free(s);
	json_decref(v);
	kc_strbuf_release(&sb);
}
END_TEST

/* ---- duplicate keys ---------------------------------------------------------------------- */

START_TEST(test_duplicates_and_strict)
{
	const char *dup = "a: 1\nb: 2\na: 3\n";
	const char *merged = "base: &b {x: 1}\nd:\n  <<: *b\n  x: 3\n";
	json_t *v = NULL;
	char err[128];

	ck_assert_int_eq(kc_yaml_load(dup, strlen(dup), 0, &v, err, sizeof(err)), 0);
	kc_test_assert_json(v, "{\"a\":3,\"b\":2}"); /* YAMLToJSON: the last one wins */
	json_decref(v);
	v = NULL;
	ck_assert_int_eq(kc_yaml_load(dup, strlen(dup), KC_YAML_STRICT, &v, err, sizeof(err)),
			 KC_ERR_PARSE);
	ck_assert_str_eq(err, "yaml: unmarshal errors:\n  line 3: key \"a\" already set in map");
	ck_assert_ptr_null(v);
	ck_assert_int_eq(kc_yaml_load("1: a\n0x1: b", 11, KC_YAML_STRICT, &v, err, sizeof(err)),
			 KC_ERR_PARSE);
	ck_assert_str_eq(err, "yaml: unmarshal errors:\n  line 2: key 1 already set in map");
	ck_assert_int_eq(kc_yaml_load(merged, strlen(merged), KC_YAML_STRICT, &v, err, sizeof(err)),
			 0);
	kc_test_assert_json(json_object_get(v, "d"), "{\"x\":3}");
	json_decref(v);
}
END_TEST

START_TEST(test_json_is_yaml)
{
	const char *text = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\","
			   "\"labels\":{\"a/b\":\"c\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
			   "\"args\":[\"-v\",\"caf\\u00e9\",\"a\\/b\",\"tab\\t\"],\"x\":-2.5,"
			   "\"y\":null,\"z\":[true,false],\"n\":12345678901}]}}";
	json_t *want = kc_test_json(text), *v = Y(text);

	ck_assert(json_equal(v, want));
	json_decref(v);
	json_decref(want);
}
END_TEST

START_TEST(test_kubernetes_manifest)
{
	const char *text = "apiVersion: apps/v1\n"
			   "kind: Deployment\n"
			   "metadata:\n"
			   "  name: web\n"
			   "  labels: {app: web, tier: \"1\"}\n"
			   "  annotations:\n"
			   "    note: |\n"
			   "      first\n"
			   "      second\n"
			   "spec:\n"
			   "  replicas: 3\n"
			   "  template:\n"
			   "    spec:\n"
			   "      containers:\n"
			   "      - name: web\n"
			   "        image: nginx:1.25\n"
			   "        ports:\n"
			   "        - containerPort: 80\n"
			   "        resources:\n"
			   "          limits: {cpu: 100m, memory: 128Mi}\n"
			   "        env:\n"
			   "        - {name: DEBUG, value: \"false\"}\n";
	json_t *v = Y(text);

	ck_assert_str_eq(kc_json_get_string(v, "metadata.labels.tier", ""), "1");
	ck_assert_str_eq(kc_json_get_string(v, "metadata.annotations.note", ""), "first\nsecond\n");
	ck_assert_int_eq(kc_json_get_int64(v, "spec.replicas", 0), 3);
	ck_assert_str_eq(kc_json_get_string(v, "spec.template.spec.containers[0].image", ""),
			 "nginx:1.25");
	ck_assert_int_eq(
		kc_json_get_int64(v, "spec.template.spec.containers[0].ports[0].containerPort", 0),
		80);
	ck_assert_str_eq(
		kc_json_get_string(v, "spec.template.spec.containers[0].resources.limits.cpu", ""),
		"100m");
	ck_assert_str_eq(kc_json_get_string(v, "spec.template.spec.containers[0].env[0].value", ""),
			 "false");
	json_decref(v);
}
END_TEST

START_TEST(test_load_file)
{
	const char *dir = kc_test_tmpdir();
	KC_AUTOFREE char *path = kc_test_write_file(dir, "cfg.yaml", "kind: Config\nnum: 1\n");
	KC_AUTOFREE char *missing = NULL;
	json_t *v = NULL;
	char err[256];

	ck_assert_int_eq(kc_yaml_load_file(path, 0, &v, err, sizeof(err)), 0);
	kc_test_assert_json(v, "{\"kind\":\"Config\",\"num\":1}");
	json_decref(v);
	v = NULL;
	ck_assert_int_ne(asprintf(&missing, "%s/nope.yaml", dir), -1);
	ck_assert_int_eq(kc_yaml_load_file(missing, 0, &v, err, sizeof(err)), KC_ERR_SYSTEM);
	ck_assert_msg(strstr(err, "open ") == err && strstr(err, ": no such file or directory"),
		      "%s", err);
	ck_assert_int_eq(kc_yaml_load_file(dir, 0, &v, err, sizeof(err)), KC_ERR_SYSTEM);
	ck_assert_msg(strstr(err, ": is a directory") != NULL, "%s", err);
	ck_assert_ptr_null(v);
}
END_TEST

/* ---- emitting ---------------------------------------------------------------------------- */

START_TEST(test_emit_styles)
{
	json_t *v = kc_test_json(
		"{\"a\":1,\"b\":\"yes\",\"c\":\"\",\"d\":\"123\",\"e\":\"a: b\","
		"\"f\":\"line1\\nline2\\n\",\"g\":[],\"h\":{},\"i\":[1,{\"x\":null,\"y\":[2]}],"
		"\"j\":true,\"k\":1.5,\"l\":\"2001-12-14\",\"m\":\" lead\",\"n\":\"12:30\","
		"\"o\":\"caf\\u00e9\",\"p\":\"null\",\"q\":\"- item\",\"r\":\"#x\",\"s\":1e21,"
		"\"1\":\"numeric key\",\"t\":\"0x1F\",\"u\":\"1e3\",\"w\":\"plain text\"}");
	char *s = kc_yaml_emit(v);

	ck_assert_str_eq(s, "a: 1\n"
			    "b: \"yes\"\n"
			    "c: \"\"\n"
			    "d: \"123\"\n"
			    "e: 'a: b'\n"
			    "f: |\n"
			    "  line1\n"
			    "  line2\n"
			    "g: []\n"
			    "h: {}\n"
			    "i:\n"
			    "- 1\n"
			    "- x: null\n"
			    "  \"y\":\n"
			    "  - 2\n"
			    "j: true\n"
			    "k: 1.5\n"
			    "l: \"2001-12-14\"\n"
			    "m: ' lead'\n"
			    "\"n\": \"12:30\"\n"
			    "o: café\n"
			    "p: \"null\"\n"
			    "q: '- item'\n"
			    "r: '#x'\n"
			    "s: 1e+21\n"
			    "\"1\": numeric key\n"
			    "t: \"0x1F\"\n"
			    "u: \"1e3\"\n"
			    "w: plain text\n");
	free(s);
	json_decref(v);
}
END_TEST

static const char *emit_round_trips[] = {
	"{\"apiVersion\":\"v1\",\"kind\":\"Config\",\"clusters\":[{\"name\":\"c\",\"cluster\":"
	"{\"server\":\"https://127.0.0.1:6443\",\"certificate-authority-data\":\"LS0tLS1CRUdJTi"
	"BDRVJUSUZJQ0FURS0tLS0tCg==\"}}],\"current-context\":\"\"}",
	"[\"true\",\"~\",\"\",\" \",\"a\\tb\",\"trailing \",\"x\\n\\ny\",\"\\u0000nul\",\"'\",\"\\\"\","
	"\"\\\\\",\"@at\",\"`tick\",\"%pct\",\"!bang\",\"&amp\",\"*star\",\"|pipe\",\">gt\","
	"\"{brace\",\"[bracket\",\"? q\",\": c\",\"-\",\"---\",\"...\",\"a #b\",\"=\",\"<<\"]",
	"{\"nested\":{\"deep\":{\"deeper\":[[1,[2,[3]]],{\"k\":{}}]}},\"n\":-0.5,\"big\":1e300}",
	"\"just a string\"",
	"42",
	"null",
	"[]",
	"{\"\":\"empty key\",\"multi\\nline key\":1,\"x\":\"\\u2028sep\"}",
	"{\"<<\":[1],\"m\":{\"<<\":{\"a\":1}}}",
	("{\"long\":\"aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg "
	 "hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk llllllllll\"}"),
};

START_TEST(test_emit_round_trip)
{
	json_t *v = kc_test_json(emit_round_trips[_i]), *back = NULL;
	char *s = kc_yaml_emit(v);
	char err[256] = "";

	ck_assert_ptr_nonnull(s);
	ck_assert_msg(kc_yaml_load(s, strlen(s), KC_YAML_STRICT, &back, err, sizeof(err)) == 0,
		      "%s\n%s", err, s);
	ck_assert_msg(json_equal(v, back), "round trip of %s via\n%s", emit_round_trips[_i], s);
	free(s);
	json_decref(v);
	json_decref(back);
}
END_TEST

START_TEST(test_emit_scalars_and_strbuf)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	json_t *v = json_string("foo"), *t = json_string("true"), *o = json_object();
	char *s;

	s = kc_yaml_emit(v);
	ck_assert_str_eq(s, "foo\n");
	free(s);
	s = kc_yaml_emit(t);
	ck_assert_str_eq(s, "\"true\"\n");
	free(s);
	s = kc_yaml_emit(o);
	ck_assert_str_eq(s, "{}\n");
	free(s);
	ck_assert_ptr_null(kc_yaml_emit(NULL));
	kc_strbuf_adds(&sb, "# head\n");
	ck_assert_int_eq(kc_yaml_emit_strbuf(&sb, t), 0);
	ck_assert_str_eq(sb.buf, "# head\n\"true\"\n");
	kc_strbuf_release(&sb);
	json_decref(v);
	json_decref(t);
	json_decref(o);
}
END_TEST

static Suite *
yaml_suite(void)
{
	Suite *s = suite_create("yaml");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_loop_test(tc, test_resolve_table, 0, KC_ARRAY_SIZE(resolve_cases));
	tcase_add_test(tc, test_resolve_types);
	tcase_add_loop_test(tc, test_key_table, 0, KC_ARRAY_SIZE(key_cases));
	tcase_add_loop_test(tc, test_error_table, 0, KC_ARRAY_SIZE(error_cases));
	tcase_add_test(tc, test_error_null_err_buffer);
	tcase_add_test(tc, test_load_first_document_only);
	tcase_add_test(tc, test_load_all_skips_empty);
	tcase_add_test(tc, test_load_all_json_documents);
	tcase_add_test(tc, test_stream_callback);
	tcase_add_test(tc, test_stream_error_after_documents);
	tcase_add_test(tc, test_aliases_are_copies);
	tcase_add_loop_test(tc, test_merge_table, 0, KC_ARRAY_SIZE(merge_cases));
	tcase_add_test(tc, test_billion_laughs);
	tcase_add_test(tc, test_modest_aliasing_is_fine);
	tcase_add_test(tc, test_depth_limit);
	tcase_add_test(tc, test_duplicates_and_strict);
	tcase_add_test(tc, test_json_is_yaml);
	tcase_add_test(tc, test_kubernetes_manifest);
	tcase_add_test(tc, test_load_file);
	tcase_add_test(tc, test_emit_styles);
	tcase_add_loop_test(tc, test_emit_round_trip, 0, KC_ARRAY_SIZE(emit_round_trips));
	tcase_add_test(tc, test_emit_scalars_and_strbuf);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(yaml_suite)
