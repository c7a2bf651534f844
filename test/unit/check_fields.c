/*
 * check_fields.c - field selectors: upstream's selector_test.go tables (parse, escape, match,
 * RequiresExactMatch), error texts, getters and canonical ordering.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "test/unit/testutil/testutil.h"

static struct kc_field_selector *
must_parse(const char *s)
{
	struct kc_field_selector *sel = NULL;
	KC_AUTOFREE char *err = NULL;

	if (kc_fields_parse(s, &sel, &err) < 0)
		ck_abort_msg("cannot parse '%s': %s", s, err);
	return sel;
}

/* input, canonical String() (NULL: invalid, with that error) */
static const struct {
	const char *in;
	const char *out;
	const char *err;
} parse_table[] = {
	{ "x=a,y=b,z=c", "x=a,y=b,z=c", NULL },
	{ "", "", NULL },
	{ "x!=a,y=b", "x!=a,y=b", NULL },
	{ "x=a||y\\=b", "x=a||y\\=b", NULL },
	{ "x=a\\=\\=b", "x=a\\=\\=b", NULL },
	{ "x=a,a=x", "a=x,x=a", NULL },
	{ "a=x,x=a", "a=x,x=a", NULL },
	{ "a==b", "a=b", NULL },
	{ "a==z,a=b", "a=b,a=z", NULL },
	{ "a=a,", "a=a", NULL },
	{ ",a=a", "a=a", NULL },
	{ ",,,", "", NULL },
	{ "k=\\,,k2=v2", "k2=v2,k=\\,", NULL },
	{ "k=\\\\,k2=v2", "k2=v2,k=\\\\", NULL },
	{ "k=\\\\\\,,k2=v2", "k2=v2,k=\\\\\\,", NULL },
	{ "\xed\x95\xa8=\xec\x88\x98,\xeb\xaa\xa9=\xeb\xa1\x9d",
	  "\xeb\xaa\xa9=\xeb\xa1\x9d,\xed\x95\xa8=\xec\x88\x98", NULL },
	{ "spec.nodeName=", "spec.nodeName=", NULL },
	{ "=", "", NULL },
	{ "=v", "=v", NULL },
	{ "f=", "f=", NULL },
	{ "metadata.name=foo,metadata.namespace!=kube-system",
	  "metadata.name=foo,metadata.namespace!=kube-system", NULL },
	{ "a=\\=", "a=\\=", NULL },
	{ "a\\,b=c", "a\\,b=c", NULL },
	{ "a = b", "a = b", NULL },
	{ "x=a||y=b", NULL, "invalid field selector: unescaped character in value: 61" },
	{ "x==a==b", NULL, "invalid field selector: unescaped character in value: 61" },
	{ "x=a,b", NULL, "invalid selector: 'x=a,b'; can't understand 'b'" },
	{ "x in (a)", NULL, "invalid selector: 'x in (a)'; can't understand 'x in (a)'" },
	{ "x in (a,b,c)", NULL, "invalid selector: 'x in (a,b,c)'; can't understand 'b'" },
	{ "x", NULL, "invalid selector: 'x'; can't understand 'x'" },
	{ "k=\\a\\b\\", NULL, "invalid field selector: invalid escape sequence: \\a" },
	{ "k=\\", NULL, "invalid field selector: invalid escape sequence: \\" },
	{ "k=\\\\\\", NULL, "invalid field selector: invalid escape sequence: \\" },
	{ "k=\\\xe2\x82\xac", NULL,
	  "invalid field selector: invalid escape sequence: \\\xe2\x82\xac" },
	{ "k=\\\xff", NULL, "invalid field selector: invalid escape sequence: \\\xef\xbf\xbd" },
	{ "b=\\x,a=\\y", NULL, "invalid field selector: invalid escape sequence: \\y" },
};

START_TEST(test_parse_table)
{
	struct kc_field_selector *sel = NULL;
	char *err = NULL;
	int r = kc_fields_parse(parse_table[_i].in, &sel, &err);

	if (parse_table[_i].out == NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_ptr_null(sel);
		ck_assert_str_eq(err, parse_table[_i].err);
		free(err);
	} else {
		KC_AUTOFREE char *s = NULL, *again = NULL;

		ck_assert_msg(r == 0, "%s: %s", parse_table[_i].in, err);
		s = kc_field_selector_string(sel);
		ck_assert_str_eq(s, parse_table[_i].out);
		kc_field_selector_free(sel);
		sel = must_parse(s);
		again = kc_field_selector_string(sel);
		ck_assert_str_eq(again, s);
		kc_field_selector_free(sel);
	}
}
END_TEST

/* TestEscapeValue: value and its escaped form, both ways */
static const struct {
	const char *raw, *escaped;
} escape_table[] = {
	{ "", "" },     { "a", "a" },     { "=", "\\=" },
	{ ",", "\\," }, { "\\", "\\\\" }, { "\\=\\,\\", "\\\\\\=\\\\\\,\\\\" },
};

START_TEST(test_escape)
{
	KC_AUTOFREE char *e = kc_fields_escape_value(escape_table[_i].raw), *u = NULL;

	ck_assert_str_eq(e, escape_table[_i].escaped);
	ck_assert_int_eq(kc_fields_unescape_value(e, &u, NULL), 0);
	ck_assert_str_eq(u, escape_table[_i].raw);
}
END_TEST

START_TEST(test_unescape_invalid)
{
	static const char *const bad[] = { "\\", "\\\\\\", "\\a" };

	for (size_t i = 0; i < KC_ARRAY_SIZE(bad); i++) {
		KC_AUTOFREE char *err = NULL;
		char *u = NULL;

		ck_assert_int_eq(kc_fields_unescape_value(bad[i], &u, &err), KC_ERR_INVALID);
		ck_assert_ptr_null(u);
		ck_assert_ptr_nonnull(strstr(err, "invalid escape sequence"));
	}
}
END_TEST

/* TestSelectorMatches */
static const struct {
	const char *sel;
	const char *set;
	int match;
} match_table[] = {
	{ "", "{\"x\":\"y\"}", 1 },
	{ "x=y", "{\"x\":\"y\"}", 1 },
	{ "x=y,z=w", "{\"x\":\"y\",\"z\":\"w\"}", 1 },
	{ "x!=y,z!=w", "{\"x\":\"z\",\"z\":\"a\"}", 1 },
	{ "notin=in", "{\"notin\":\"in\"}", 1 },
	{ "x=y", "{\"x\":\"z\"}", 0 },
	{ "x=y,z=w", "{\"x\":\"w\",\"z\":\"w\"}", 0 },
	{ "x!=y,z!=w", "{\"x\":\"z\",\"z\":\"w\"}", 0 },
	{ "foo=bar", "{\"foo\":\"bar\",\"baz\":\"blah\",\"complex\":\"=value\\\\,\\\\\"}", 1 },
	{ "foo=bar,baz=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 1 },
	{ "foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\",
	  "{\"foo\":\"bar\",\"baz\":\"blah\",\"complex\":\"=value\\\\,\\\\\"}", 1 },
	{ "foo=blah", "{\"foo\":\"bar\"}", 0 },
	{ "baz=bar", "{\"baz\":\"blah\"}", 0 },
	{ "foo=bar,foobar=bar,baz=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 0 },
	{ "spec.nodeName=", "{}", 1 },
	{ "spec.nodeName=", "{\"spec.nodeName\":\"n1\"}", 0 },
	{ "spec.nodeName!=", "{\"spec.nodeName\":\"n1\"}", 1 },
	{ "x!=y", "null", 1 },
};

START_TEST(test_matches)
{
	struct kc_field_selector *sel = must_parse(match_table[_i].sel);
	json_auto_t *set = kc_test_json(match_table[_i].set);

	ck_assert_int_eq(kc_field_selector_matches_set(sel, set), match_table[_i].match);
	kc_field_selector_free(sel);
}
END_TEST

struct pod {
	const char *name, *node, *phase;
};

static const char *
pod_field(void *ctx, const char *field)
{
	const struct pod *p = ctx;

	if (strcmp(field, "metadata.name") == 0)
		return p->name;
	if (strcmp(field, "spec.nodeName") == 0)
		return p->node;
	if (strcmp(field, "status.phase") == 0)
		return p->phase;
	return NULL;
}

START_TEST(test_getter)
{
	struct pod running = { "web", "node-1", "Running" }, pending = { "db", NULL, "Pending" };
	struct kc_field_selector *sel = must_parse("spec.nodeName=node-1,status.phase!=Failed");

	ck_assert(kc_field_selector_matches(sel, pod_field, &running));
	ck_assert(!kc_field_selector_matches(sel, pod_field, &pending));
	kc_field_selector_free(sel);
	sel = must_parse("spec.nodeName=");
	ck_assert(!kc_field_selector_matches(sel, pod_field, &running));
	ck_assert(kc_field_selector_matches(sel, pod_field, &pending));
	kc_field_selector_free(sel);
}
END_TEST

START_TEST(test_requirements_listed)
{
	struct kc_field_selector *sel = must_parse("status.phase!=Failed,metadata.name==a\\,b");

	ck_assert_int_eq(sel->n, 2);
	ck_assert_str_eq(sel->reqs[0].field, "metadata.name");
	ck_assert_int_eq(sel->reqs[0].op, KC_SELECTION_EQUALS);
	ck_assert_str_eq(sel->reqs[0].value, "a,b");
	ck_assert_str_eq(sel->reqs[1].field, "status.phase");
	ck_assert_int_eq(sel->reqs[1].op, KC_SELECTION_NOT_EQUALS);
	ck_assert_str_eq(sel->reqs[1].value, "Failed");
	kc_field_selector_free(sel);
}
END_TEST

/* TestRequiresExactMatch */
static const struct {
	const char *sel, *field, *value;
} exact_table[] = {
	{ "", "test", NULL },        { "a=b", "test", NULL },           { "test=b", "test", "b" },
	{ "test=", "test", "" },     { "test!=b", "test", NULL },       { "test!=", "test", NULL },
	{ "=,test=b", "test", "b" }, { "test!=c,test=b", "test", "b" },
};

START_TEST(test_requires_exact_match)
{
	struct kc_field_selector *sel = must_parse(exact_table[_i].sel);
	const char *v = kc_field_selector_requires_exact_match(sel, exact_table[_i].field);

	ck_assert_pstr_eq(v, exact_table[_i].value);
	kc_field_selector_free(sel);
}
END_TEST

START_TEST(test_everything_nothing_one_term)
{
	struct kc_field_selector *all = kc_field_selector_everything();
	struct kc_field_selector *none = kc_field_selector_nothing();
	struct kc_field_selector *one =
		kc_field_selector_one_term("x", KC_SELECTION_EQUALS, "a,=b");
	json_auto_t *xy = kc_test_json("{\"x\":\"y\"}"), *xab = kc_test_json("{\"x\":\"a,=b\"}");
	KC_AUTOFREE char *s = kc_field_selector_string(one), *n = kc_field_selector_string(none);

	ck_assert(kc_field_selector_matches_set(all, xy));
	ck_assert(kc_field_selector_is_empty(all));
	ck_assert(!kc_field_selector_matches_set(none, xy));
	ck_assert(!kc_field_selector_is_empty(none));
	ck_assert_str_eq(n, "");
	ck_assert(kc_field_selector_matches_set(one, xab));
	ck_assert(!kc_field_selector_matches_set(one, xy));
	ck_assert(!kc_field_selector_is_empty(one));
	ck_assert_str_eq(s, "x=a\\,\\=b");
	kc_field_selector_free(all);
	kc_field_selector_free(none);
	kc_field_selector_free(one);
	one = kc_field_selector_one_term("x", KC_SELECTION_NOT_EQUALS, "y");
	ck_assert(!kc_field_selector_matches_set(one, xy));
	ck_assert_ptr_null(kc_field_selector_free(one));
}
END_TEST

START_TEST(test_invalid_utf8_escaped_value)
{
	/* Go's UnescapeValue rewrites invalid UTF-8 as U+FFFD once it has to unescape */
	struct kc_field_selector *sel = must_parse("a=\xff\\,");
	KC_AUTOFREE char *s = kc_field_selector_string(sel);

	ck_assert_str_eq(sel->reqs[0].value, "\xef\xbf\xbd,");
	ck_assert_str_eq(s, "a=\xef\xbf\xbd\\,");
	kc_field_selector_free(sel);
	/* without anything to unescape the bytes are kept */
	sel = must_parse("a=\xff");
	ck_assert_str_eq(sel->reqs[0].value, "\xff");
	kc_field_selector_free(sel);
}
END_TEST

static Suite *
fields_suite(void)
{
	Suite *s = suite_create("fields");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_parse_table, 0, (int)KC_ARRAY_SIZE(parse_table));
	tcase_add_loop_test(tc, test_escape, 0, (int)KC_ARRAY_SIZE(escape_table));
	tcase_add_test(tc, test_unescape_invalid);
	tcase_add_test(tc, test_invalid_utf8_escaped_value);
	tcase_add_test(tc, test_requirements_listed);
	suite_add_tcase(s, tc);

	tc = tcase_create("match");
	tcase_add_loop_test(tc, test_matches, 0, (int)KC_ARRAY_SIZE(match_table));
	tcase_add_test(tc, test_getter);
	tcase_add_loop_test(tc, test_requires_exact_match, 0, (int)KC_ARRAY_SIZE(exact_table));
	tcase_add_test(tc, test_everything_nothing_one_term);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(fields_suite)
