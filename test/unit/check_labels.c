/*
 * check_labels.c - label selectors: upstream's selector_test.go tables (parse, String, matches,
 * NewRequirement, RequiresExactMatch), error texts, LabelSelector and node selector conversions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/labels.h"
#include "test/unit/testutil/testutil.h"

#define VALUE_ERR                                                                                   \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or " \
	"'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "          \
	"'my_value',  or '12345', regex used for validation is "                                    \
	"'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
#define NAME_ERR                                                                                    \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " \
	"alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "      \
	"validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

static struct kc_label_selector *
must_parse(const char *s)
{
	struct kc_label_selector *sel = NULL;
	KC_AUTOFREE char *err = NULL;

	if (kc_labels_parse(s, &sel, &err) < 0)
		ck_abort_msg("cannot parse '%s': %s", s, err);
	return sel;
}

/* TestSelectorParse good strings: String() is the input without spaces */
static const char *const good_strings[] = {
	"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5",
};

START_TEST(test_parse_good)
{
	struct kc_label_selector *sel = must_parse(good_strings[_i]);
	KC_AUTOFREE char *s = kc_label_selector_string(sel);
	char want[64];
	size_t n = 0;

	for (const char *p = good_strings[_i]; *p != '\0'; p++)
		if (*p != ' ')
			want[n++] = *p;
	want[n] = '\0';
	ck_assert_str_eq(s, want);
	kc_label_selector_free(sel);
}
END_TEST

/* TestSetSelectorParser: input, canonical String() (NULL: must fail) */
static const struct {
	const char *in;
	const char *out;
} set_parser_table[] = {
	{ "", "" },
	{ "\rx", "x" },
	{ "this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash" },
	{ "this-is-another-dns.domain.com/key-with-dash in (so,what)",
	  "this-is-another-dns.domain.com/key-with-dash in (so,what)" },
	{ "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
	  "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)" },
	{ "foo  in\t (abc)", "foo in (abc)" },
	{ "x notin\n (abc)", "x notin (abc)" },
	{ "x  notin\t\t\t(abc,def)", "x notin (abc,def)" },
	{ "x in (abc,def)", "x in (abc,def)" },
	{ "x in (abc,)", "x in (,abc)" },
	{ "x in ()", "x in ()" },
	{ "x notin (abc,,def),bar,z in (),w", "bar,w,x notin (,abc,def),z in ()" },
	{ "x,y in (a)", "x,y in (a)" },
	{ "x=a", "x=a" },
	{ "x>1", "x>1" },
	{ "x<7", "x<7" },
	{ "x=a,y!=b", "x=a,y!=b" },
	{ "x=a,y!=b,z in (h,i,j)", "x=a,y!=b,z in (h,i,j)" },
	{ "x=a||y=b", NULL },
	{ "x,,y", NULL },
	{ ",x,y", NULL },
	{ "x nott in (y)", NULL },
	{ "x notin ( )", "x notin ()" },
	{ "x notin (, a)", "x notin (,a)" },
	{ "a in (xyz),", NULL },
	{ "a in (xyz)b notin ()", NULL },
	{ "a ", "a" },
	{ "a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)" },
	{ "a in (xyz abc)", NULL },
	{ "a notin(", NULL },
	{ "a (", NULL },
	{ "(", NULL },
	/* more of ours */
	{ "x=a,a=x", "a=x,x=a" },
	{ "a=x,x=a", "a=x,x=a" },
	{ "notin=in", "notin=in" },
	{ "in in (in)", "in in (in)" },
	{ "x==a", "x==a" },
	{ "x in (b,a,b)", "x in (a,b)" },
	{ "z,y,x=1,y=2", "x=1,y,y=2,z" },
	{ "!a,a", "!a,a" },
	{ "example.com/a=b,example.com/a!=c", "example.com/a=b,example.com/a!=c" },
	{ "x==a==b", NULL },
	{ "!x=a", NULL },
	{ "x<a", NULL },
	{ "x=a b", NULL },
	{ "x in", NULL },
	{ "!", NULL },
	{ "a=(", NULL },
};

START_TEST(test_set_parser)
{
	struct kc_label_selector *sel = NULL;
	char *err = NULL;
	int r = kc_labels_parse(set_parser_table[_i].in, &sel, &err);

	if (set_parser_table[_i].out == NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_ptr_nonnull(err);
		ck_assert_ptr_null(sel);
		free(err);
	} else {
		KC_AUTOFREE char *s = NULL;

		ck_assert_msg(r == 0, "%s: %s", set_parser_table[_i].in, err);
		s = kc_label_selector_string(sel);
		ck_assert_str_eq(s, set_parser_table[_i].out);
		kc_label_selector_free(sel);
		/* the canonical text is a fixed point */
		sel = must_parse(s);
		free(s);
		s = kc_label_selector_string(sel);
		ck_assert_str_eq(s, set_parser_table[_i].out);
		kc_label_selector_free(sel);
	}
}
END_TEST

/* The exact upstream messages for bad selectors. */
static const struct {
	const char *in;
	const char *err;
} error_table[] = {
	{ "x=a||y=b",
	  "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " VALUE_ERR },
	{ "x==a==b", "found '==', expected: ',' or 'end of string'" },
	{ "!x=a", "found '=', expected: ',' or 'end of string'" },
	{ "x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' "
		 "operators, the value must be an integer" },
	{ "x,,y", "found ',', expected: identifier after ','" },
	{ ",x,y", "found ',', expected: !, identifier, or 'end of string'" },
	{ "x nott in (y)",
	  "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt" },
	{ "a in (xyz),", "found '', expected: identifier after ','" },
	{ "a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'" },
	{ "a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'" },
	{ "a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier" },
	{ "a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt" },
	{ "(", "found '(', expected: !, identifier, or 'end of string'" },
	{ "a in x", "unable to parse requirement: found 'x' expected: '('" },
	{ "a in (x,", "unable to parse requirement: found '', expected: ',', or identifier" },
	{ "a=(", "unable to parse requirement: found '(', expected: identifier" },
	{ "!", "unable to parse requirement: found '', expected: identifier" },
	{ "!=a", "found '!=', expected: !, identifier, or 'end of string'" },
	{ "! =a", "unable to parse requirement: found '=', expected: identifier" },
	{ "-a", "unable to parse requirement: <nil>: Invalid value: \"-a\": name part " NAME_ERR },
	{ "x/y/z",
	  "unable to parse requirement: <nil>: Invalid value: \"x/y/z\": a qualified name " NAME_ERR
	  " with an optional DNS subdomain prefix and '/' (e.g. "
	  "'example.com/MyName')" },
	{ "Example.com/a",
	  "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": "
	  "prefix part a lowercase RFC 1123 subdomain must consist of lower case "
	  "alphanumeric characters, '-' or '.', and must start and end with an "
	  "alphanumeric character (e.g. 'example.com', regex used for validation is "
	  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
	{ "a/", "unable to parse requirement: <nil>: Invalid value: \"a/\": name part must be "
		"non-empty; name part " NAME_ERR },
	{ "x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	  "unable to parse requirement: values[0][x]: Invalid value: "
	  "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": must be no more "
	  "than 63 characters" },
};

START_TEST(test_parse_errors)
{
	struct kc_label_selector *sel = NULL;
	KC_AUTOFREE char *err = NULL;

	ck_assert_int_eq(kc_labels_parse(error_table[_i].in, &sel, &err), KC_ERR_INVALID);
	ck_assert_str_eq(err, error_table[_i].err);
	ck_assert_ptr_null(sel);
}
END_TEST

/* TestSelectorMatches and TestRequirementSelectorMatching */
static const struct {
	const char *sel;
	const char *labels;
	int match;
} match_table[] = {
	{ "", "{\"x\":\"y\"}", 1 },
	{ "x=y", "{\"x\":\"y\"}", 1 },
	{ "x=y,z=w", "{\"x\":\"y\",\"z\":\"w\"}", 1 },
	{ "x!=y,z!=w", "{\"x\":\"z\",\"z\":\"a\"}", 1 },
	{ "notin=in", "{\"notin\":\"in\"}", 1 },
	{ "x", "{\"x\":\"z\"}", 1 },
	{ "!x", "{\"y\":\"z\"}", 1 },
	{ "x>1", "{\"x\":\"2\"}", 1 },
	{ "x<1", "{\"x\":\"0\"}", 1 },
	{ "x=z", "{}", 0 },
	{ "x=y", "{\"x\":\"z\"}", 0 },
	{ "x=y,z=w", "{\"x\":\"w\",\"z\":\"w\"}", 0 },
	{ "x!=y,z!=w", "{\"x\":\"z\",\"z\":\"w\"}", 0 },
	{ "x", "{\"y\":\"z\"}", 0 },
	{ "!x", "{\"x\":\"z\"}", 0 },
	{ "x>1", "{\"x\":\"0\"}", 0 },
	{ "x<1", "{\"x\":\"2\"}", 0 },
	{ "foo=bar", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 1 },
	{ "baz=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 1 },
	{ "foo=bar,baz=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 1 },
	{ "foo=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 0 },
	{ "baz=bar", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 0 },
	{ "foo=bar,foobar=bar,baz=blah", "{\"foo\":\"bar\",\"baz\":\"blah\"}", 0 },
	{ "x in (foo),y notin (alpha)", "{\"x\":\"foo\",\"y\":\"baz\"}", 1 },
	{ "x in (foo),y in (alpha)", "{\"x\":\"foo\",\"y\":\"baz\"}", 0 },
	{ "x notin (),y", "{\"y\":\"\"}", 1 },
	{ "!x,y", "{\"y\":\"\"}", 1 },
	{ "x notin (),!y", "{\"y\":\"\"}", 0 },
	{ "x in ()", "{\"y\":\"baz\"}", 0 },
	{ "z>1", "{\"z\":\"2\"}", 1 },
	{ "z>1", "{\"z\":\"v2\"}", 0 },
	{ "z>1", "{\"z\":\"99999999999999999999\"}", 0 },
	{ "z<1", "{\"z\":\"-5\"}", 1 },
	{ "x=", "{\"x\":\"\"}", 1 },
	{ "x=", "{}", 0 },
	{ "x!=", "{}", 1 },
	{ "x", "{\"x\":5}", 0 },
	{ "!x", "null", 1 },
	{ "x=y", "null", 0 },
};

START_TEST(test_matches)
{
	struct kc_label_selector *sel = must_parse(match_table[_i].sel);
	json_auto_t *labels = kc_test_json(match_table[_i].labels);

	ck_assert_msg(kc_label_selector_matches(sel, labels) == match_table[_i].match, "%s vs %s",
		      match_table[_i].sel, match_table[_i].labels);
	kc_label_selector_free(sel);
}
END_TEST

START_TEST(test_everything_nothing)
{
	struct kc_label_selector *all = kc_label_selector_everything();
	struct kc_label_selector *none = kc_label_selector_nothing();
	json_auto_t *labels = kc_test_json("{\"x\":\"y\"}");
	KC_AUTOFREE char *s1 = kc_label_selector_string(all);
	KC_AUTOFREE char *s2 = kc_label_selector_string(none);

	ck_assert(kc_label_selector_matches(all, labels));
	ck_assert(kc_label_selector_matches(all, NULL));
	ck_assert(kc_label_selector_is_empty(all));
	ck_assert(!kc_label_selector_matches(none, labels));
	ck_assert(!kc_label_selector_matches(none, NULL));
	ck_assert(!kc_label_selector_is_empty(none));
	ck_assert(kc_label_selector_is_nothing(none));
	ck_assert_str_eq(s1, "");
	ck_assert_str_eq(s2, "");
	/* Add to Nothing stays Nothing */
	ck_assert_int_eq(kc_label_selector_add(none, "a", KC_SELECTION_EXISTS, NULL, 0, NULL), 0);
	ck_assert(kc_label_selector_is_nothing(none));
	ck_assert_ptr_null(kc_label_selector_free(all));
	ck_assert_ptr_null(kc_label_selector_free(none));
	ck_assert_ptr_null(kc_label_selector_free(NULL));
}
END_TEST

/* TestRequirementConstructor through kc_label_selector_add; err NULL: accepted */
static const struct {
	const char *key;
	enum kc_selection_op op;
	const char *vals[3];
	size_t n;
	const char *err;
} constructor_table[] = {
	{ "x1",
	  KC_SELECTION_IN,
	  { NULL },
	  0,
	  "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be "
	  "empty" },
	{ "x2",
	  KC_SELECTION_NOT_IN,
	  { NULL },
	  0,
	  "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be "
	  "empty" },
	{ "x3", KC_SELECTION_IN, { "foo" }, 1, NULL },
	{ "x4", KC_SELECTION_NOT_IN, { "foo" }, 1, NULL },
	{ "x5",
	  KC_SELECTION_EQUALS,
	  { "bar", "foo" },
	  2,
	  "values: Invalid value: []string{\"bar\", \"foo\"}: exact-match compatibility requires "
	  "one single value" },
	{ "x6", KC_SELECTION_EXISTS, { NULL }, 0, NULL },
	{ "x7", KC_SELECTION_DOES_NOT_EXIST, { NULL }, 0, NULL },
	{ "x8",
	  KC_SELECTION_EXISTS,
	  { "foo" },
	  1,
	  "values: Invalid value: []string{\"foo\"}: values set must be empty for exists and does "
	  "not exist" },
	{ "x9", KC_SELECTION_IN, { "bar" }, 1, NULL },
	{ "x11", KC_SELECTION_GREATER_THAN, { "1" }, 1, NULL },
	{ "x12", KC_SELECTION_LESS_THAN, { "6" }, 1, NULL },
	{ "x13",
	  KC_SELECTION_GREATER_THAN,
	  { NULL },
	  0,
	  "values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is "
	  "required" },
	{ "x14",
	  KC_SELECTION_GREATER_THAN,
	  { "bar" },
	  1,
	  "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an "
	  "integer" },
	{ "x15",
	  KC_SELECTION_LESS_THAN,
	  { "bar" },
	  1,
	  "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the value must be an "
	  "integer" },
	{ "x17",
	  KC_SELECTION_EQUALS,
	  { "a b" },
	  1,
	  "values[0][x17]: Invalid value: \"a b\": " VALUE_ERR },
	{ "x18",
	  KC_SELECTION_GREATER_THAN,
	  { "a", "-1" },
	  2,
	  "[values: Invalid value: []string{\"a\", \"-1\"}: for 'Gt', 'Lt' operators, exactly one "
	  "value is required, values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value "
	  "must be an integer, values[1][x18]: Invalid value: \"-1\": " VALUE_ERR "]" },
	{ "bad key",
	  KC_SELECTION_EQUALS,
	  { "a\tb" },
	  1,
	  "[key: Invalid value: \"bad key\": name part " NAME_ERR ", values[0][bad key]: Invalid "
	  "value: \"a\\tb\": " VALUE_ERR "]" },
};

START_TEST(test_requirement_constructor)
{
	struct kc_label_selector *sel = kc_label_selector_everything();
	KC_AUTOFREE char *err = NULL;
	/* the first row passes no vector at all: Go's nil slice */
	int r = kc_label_selector_add(sel, constructor_table[_i].key, constructor_table[_i].op,
				      _i == 0 ? NULL : constructor_table[_i].vals,
				      constructor_table[_i].n, &err);

	if (constructor_table[_i].err == NULL) {
		ck_assert_msg(r == 0, "%s", err);
		ck_assert_int_eq(sel->n, 1);
		ck_assert_str_eq(sel->reqs[0].key, constructor_table[_i].key);
	} else {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_str_eq(err, constructor_table[_i].err);
		ck_assert_int_eq(sel->n, 0);
	}
	kc_label_selector_free(sel);
}
END_TEST

START_TEST(test_key_too_long)
{
	struct kc_label_selector *sel = kc_label_selector_everything();
	KC_AUTOFREE char *err = NULL;
	char key[300];

	memset(key, 'a', 254);
	key[254] = '\0';
	ck_assert_int_eq(kc_label_selector_add(sel, key, KC_SELECTION_EXISTS, NULL, 0, &err),
			 KC_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "key: Invalid value: \"aaaa"));
	ck_assert_ptr_nonnull(strstr(err, "name part must be no more than 63 characters"));
	kc_label_selector_free(sel);
}
END_TEST

/* TestToString and TestAdd: requirements added out of order come out sorted by key */
START_TEST(test_to_string)
{
	static const struct {
		const char *key;
		enum kc_selection_op op;
		const char *vals[2];
		size_t n;
	} reqs[][4] = {
		{ { "z", KC_SELECTION_EXISTS, { NULL }, 0 },
		  { "x", KC_SELECTION_IN, { "def", "abc" }, 2 },
		  { "y", KC_SELECTION_NOT_IN, { "jkl" }, 1 } },
		{ { "x", KC_SELECTION_NOT_IN, { "abc", "def" }, 2 },
		  { "y", KC_SELECTION_NOT_EQUALS, { "jkl" }, 1 },
		  { "z", KC_SELECTION_DOES_NOT_EXIST, { NULL }, 0 } },
		{ { "x", KC_SELECTION_NOT_IN, { "abc" }, 1 },
		  { "y", KC_SELECTION_IN, { "jkl", "mno" }, 2 },
		  { "z", KC_SELECTION_NOT_IN, { "" }, 1 } },
		{ { "x", KC_SELECTION_EQUALS, { "abc" }, 1 },
		  { "y", KC_SELECTION_DOUBLE_EQUALS, { "jkl" }, 1 },
		  { "z", KC_SELECTION_NOT_EQUALS, { "a" }, 1 },
		  { "z", KC_SELECTION_EXISTS, { NULL }, 0 } },
		{ { "y", KC_SELECTION_LESS_THAN, { "8" }, 1 },
		  { "x", KC_SELECTION_GREATER_THAN, { "2" }, 1 },
		  { "z", KC_SELECTION_EXISTS, { NULL }, 0 } },
	};
	static const char *const want[] = {
		"x in (abc,def),y notin (jkl),z",
		"x notin (abc,def),y!=jkl,!z",
		"x notin (abc),y in (jkl,mno),z notin ()",
		"x=abc,y==jkl,z!=a,z",
		"x>2,y<8,z",
	};

	for (size_t i = 0; i < KC_ARRAY_SIZE(want); i++) {
		struct kc_label_selector *sel = kc_label_selector_everything();
		KC_AUTOFREE char *s = NULL;

		for (size_t j = 0; j < 4 && reqs[i][j].key != NULL; j++)
			ck_assert_int_eq(kc_label_selector_add(sel, reqs[i][j].key, reqs[i][j].op,
							       reqs[i][j].vals, reqs[i][j].n, NULL),
					 0);
		s = kc_label_selector_string(sel);
		ck_assert_str_eq(s, want[i]);
		kc_label_selector_free(sel);
	}
}
END_TEST

/* TestRequiresExactMatch */
static const struct {
	const char *sel;
	const char *label;
	const char *value;
} exact_table[] = {
	{ "key in (value)", "key", "value" },
	{ "key in (value,value2)", "key", NULL },
	{ "key in (value,value1),key2 in (value2)", "key2", "value2" },
	{ "key=value", "key", "value" },
	{ "key==value", "key", "value" },
	{ "key!=value", "key", NULL },
	{ "key in (value),key2 in (value2)", "key", "value" },
	{ "key", "key", NULL },
	{ "other=x", "key", NULL },
};

START_TEST(test_requires_exact_match)
{
	struct kc_label_selector *sel = must_parse(exact_table[_i].sel);
	const char *v = kc_label_selector_requires_exact_match(sel, exact_table[_i].label);

	ck_assert_pstr_eq(v, exact_table[_i].value);
	kc_label_selector_free(sel);
}
END_TEST

/* LabelSelectorAsSelector: JSON, String() (NULL: nothing), match against {"a":"1","b":"2"} */
static const struct {
	const char *json;
	const char *str;
	int match;
	const char *err;
} label_selector_table[] = {
	{ "null", NULL, 0, NULL },
	{ "{}", "", 1, NULL },
	{ "{\"matchLabels\":{}}", "", 1, NULL },
	{ "{\"matchLabels\":{\"b\":\"2\",\"a\":\"1\"}}", "a=1,b=2", 1, NULL },
	{ "{\"matchLabels\":{\"a\":\"2\"}}", "a=2", 0, NULL },
	{ "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[\"3\",\"1\"]}]}",
	  "a in (1,3)", 1, NULL },
	{ "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"NotIn\",\"values\":[\"1\"]}]}",
	  "a notin (1)", 0, NULL },
	{ "{\"matchExpressions\":[{\"key\":\"c\",\"operator\":\"DoesNotExist\"}]}", "!c", 1, NULL },
	{ "{\"matchLabels\":{\"b\":\"2\"},\"matchExpressions\":[{\"key\":\"a\",\"operator\":"
	  "\"Exists\"}]}",
	  "a,b=2", 1, NULL },
	{ "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"0\"]}]}", NULL,
	  0, "\"Gt\" is not a valid label selector operator" },
	{ "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}", NULL, 0,
	  "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be "
	  "empty" },
	{ "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}",
	  NULL, 0,
	  "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not "
	  "exist" },
	{ "{\"matchLabels\":{\"a\":\"x y\"}}", NULL, 0,
	  "values[0][a]: Invalid value: \"x y\": " VALUE_ERR },
	{ "{\"matchLabels\":{\"a\":1}}", NULL, 0, "matchLabels: value of \"a\" must be a string" },
	{ "[]", NULL, 0, "label selector must be an object" },
};

START_TEST(test_from_label_selector)
{
	json_auto_t *j = kc_test_json(label_selector_table[_i].json);
	json_auto_t *labels = kc_test_json("{\"a\":\"1\",\"b\":\"2\"}");
	struct kc_label_selector *sel = NULL;
	KC_AUTOFREE char *err = NULL;
	int r = kc_labels_from_label_selector(json_is_null(j) ? NULL : j, &sel, &err);

	if (label_selector_table[_i].err != NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_str_eq(err, label_selector_table[_i].err);
		return;
	}
	ck_assert_msg(r == 0, "%s", err);
	if (label_selector_table[_i].str == NULL) {
		ck_assert(kc_label_selector_is_nothing(sel));
	} else {
		KC_AUTOFREE char *s = kc_label_selector_string(sel);

		ck_assert_str_eq(s, label_selector_table[_i].str);
	}
	ck_assert_int_eq(kc_label_selector_matches(sel, labels), label_selector_table[_i].match);
	kc_label_selector_free(sel);
}
END_TEST

START_TEST(test_from_set)
{
	json_auto_t *set = kc_test_json("{\"app\":\"foo\",\"a\":\"b\",\"n\":1}");
	json_auto_t *labels = kc_test_json("{\"app\":\"foo\",\"a\":\"b\",\"extra\":\"x\"}");
	struct kc_label_selector *sel = NULL;
	KC_AUTOFREE char *s = NULL;

	ck_assert_int_eq(kc_labels_from_set(set, &sel), 0);
	s = kc_label_selector_string(sel);
	ck_assert_str_eq(s, "a=b,app=foo");
	ck_assert(kc_label_selector_matches(sel, labels));
	kc_label_selector_free(sel);
	ck_assert_int_eq(kc_labels_from_set(NULL, &sel), 0);
	ck_assert(kc_label_selector_is_empty(sel));
	kc_label_selector_free(sel);
}
END_TEST

/* NodeSelectorRequirement matching against {"zone":"a","cpus":"8"} */
static const struct {
	const char *req;
	int expect;
} node_req_table[] = {
	{ "{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"a\",\"b\"]}", 1 },
	{ "{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"b\"]}", 0 },
	{ "{\"key\":\"zone\",\"operator\":\"NotIn\",\"values\":[\"b\"]}", 1 },
	{ "{\"key\":\"zone\",\"operator\":\"NotIn\",\"values\":[\"a\"]}", 0 },
	{ "{\"key\":\"gpu\",\"operator\":\"NotIn\",\"values\":[\"a\"]}", 1 },
	{ "{\"key\":\"zone\",\"operator\":\"Exists\"}", 1 },
	{ "{\"key\":\"gpu\",\"operator\":\"Exists\"}", 0 },
	{ "{\"key\":\"gpu\",\"operator\":\"DoesNotExist\"}", 1 },
	{ "{\"key\":\"zone\",\"operator\":\"DoesNotExist\"}", 0 },
	{ "{\"key\":\"cpus\",\"operator\":\"Gt\",\"values\":[\"4\"]}", 1 },
	{ "{\"key\":\"cpus\",\"operator\":\"Gt\",\"values\":[\"8\"]}", 0 },
	{ "{\"key\":\"cpus\",\"operator\":\"Lt\",\"values\":[\"16\"]}", 1 },
	{ "{\"key\":\"cpus\",\"operator\":\"Lt\",\"values\":[\"8\"]}", 0 },
	{ "{\"key\":\"zone\",\"operator\":\"Gt\",\"values\":[\"1\"]}", 0 },
	{ "{\"key\":\"gpu\",\"operator\":\"Lt\",\"values\":[\"1\"]}", 0 },
	{ "{\"key\":\"cpus\",\"operator\":\"Gt\",\"values\":[\"x\"]}", KC_ERR_INVALID },
	{ "{\"key\":\"cpus\",\"operator\":\"Gt\",\"values\":[\"1\",\"2\"]}", KC_ERR_INVALID },
	{ "{\"key\":\"cpus\",\"operator\":\"Gt\",\"values\":[\"-1\"]}", KC_ERR_INVALID },
	{ "{\"key\":\"zone\",\"operator\":\"In\",\"values\":[]}", KC_ERR_INVALID },
	{ "{\"key\":\"zone\",\"operator\":\"Exists\",\"values\":[\"a\"]}", KC_ERR_INVALID },
	{ "{\"key\":\"zone\",\"operator\":\"Foo\"}", KC_ERR_INVALID },
	{ "{\"key\":\"bad key\",\"operator\":\"Exists\"}", KC_ERR_INVALID },
	{ "{\"key\":\"zone\",\"operator\":\"In\",\"values\":[1]}", KC_ERR_INVALID },
};

START_TEST(test_node_selector_requirement)
{
	json_auto_t *req = kc_test_json(node_req_table[_i].req);
	json_auto_t *labels = kc_test_json("{\"zone\":\"a\",\"cpus\":\"8\"}");

	ck_assert_int_eq(kc_labels_match_node_selector_requirement(req, labels),
			 node_req_table[_i].expect);
}
END_TEST

START_TEST(test_node_selector_requirements)
{
	json_auto_t *reqs =
		kc_test_json("[{\"key\":\"zone\",\"operator\":\"In\",\"values\":[\"a\",\"b\"]},"
			     "{\"key\":\"cpus\",\"operator\":\"Gt\",\"values\":[\"4\"]}]");
	json_auto_t *bad =
		kc_test_json("[{\"key\":\"zone\",\"operator\":\"Foo\"},"
			     "{\"key\":\"cpus\",\"operator\":\"Lt\",\"values\":[\"x\"]}]");
	json_auto_t *empty = kc_test_json("[]");
	json_auto_t *labels = kc_test_json("{\"zone\":\"a\",\"cpus\":\"8\"}");
	struct kc_label_selector *sel = NULL;
	KC_AUTOFREE char *s = NULL, *err = NULL;

	ck_assert_int_eq(kc_labels_from_node_selector_requirements(reqs, &sel, NULL), 0);
	s = kc_label_selector_string(sel);
	ck_assert_str_eq(s, "cpus>4,zone in (a,b)");
	ck_assert(kc_label_selector_matches(sel, labels));
	kc_label_selector_free(sel);
	ck_assert_int_eq(kc_labels_from_node_selector_requirements(empty, &sel, NULL), 0);
	ck_assert(kc_label_selector_is_nothing(sel));
	ck_assert(!kc_label_selector_matches(sel, labels));
	kc_label_selector_free(sel);
	sel = NULL;
	ck_assert_int_eq(kc_labels_from_node_selector_requirements(bad, &sel, &err),
			 KC_ERR_INVALID);
	ck_assert_ptr_null(sel);
	ck_assert_str_eq(err, "[matchExpressions[0].operator: Unsupported value: \"Foo\", "
			      "matchExpressions[1].values[0]: Invalid value: \"x\": for 'Gt', 'Lt' "
			      "operators, the value must be an integer]");
}
END_TEST

START_TEST(test_op_names)
{
	ck_assert_str_eq(kc_selection_op_name(KC_SELECTION_IN), "in");
	ck_assert_str_eq(kc_selection_op_name(KC_SELECTION_DOES_NOT_EXIST), "!");
	ck_assert_str_eq(kc_selection_op_name(KC_SELECTION_GREATER_THAN), "gt");
	ck_assert_str_eq(kc_selection_op_name((enum kc_selection_op)99), "");
}
END_TEST

START_TEST(test_many_requirements_sorted_stably)
{
	char text[4096];
	size_t n = 0;
	struct kc_label_selector *sel;

	/* more requirements than a small-sort threshold, equal keys keep their input order */
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%sk%d=v%d", i ? "," : "",
				      (199 - i) % 20, i);
	sel = must_parse(text);
	ck_assert_int_eq(sel->n, 200);
	for (size_t i = 1; i < sel->n; i++) {
		int c = strcmp(sel->reqs[i - 1].key, sel->reqs[i].key);

		ck_assert_int_le(c, 0);
		if (c == 0)
			ck_assert_int_lt(atoi(sel->reqs[i - 1].values.v[0] + 1),
					 atoi(sel->reqs[i].values.v[0] + 1));
	}
	kc_label_selector_free(sel);
}
END_TEST

static Suite *
labels_suite(void)
{
	Suite *s = suite_create("labels");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_parse_good, 0, (int)KC_ARRAY_SIZE(good_strings));
	tcase_add_loop_test(tc, test_set_parser, 0, (int)KC_ARRAY_SIZE(set_parser_table));
	tcase_add_loop_test(tc, test_parse_errors, 0, (int)KC_ARRAY_SIZE(error_table));
	tcase_add_test(tc, test_many_requirements_sorted_stably);
	suite_add_tcase(s, tc);

	tc = tcase_create("match");
	tcase_add_loop_test(tc, test_matches, 0, (int)KC_ARRAY_SIZE(match_table));
	tcase_add_test(tc, test_everything_nothing);
	tcase_add_loop_test(tc, test_requires_exact_match, 0, (int)KC_ARRAY_SIZE(exact_table));
	suite_add_tcase(s, tc);

	tc = tcase_create("requirements");
	tcase_add_loop_test(tc, test_requirement_constructor, 0,
			    (int)KC_ARRAY_SIZE(constructor_table));
	tcase_add_test(tc, test_key_too_long);
	tcase_add_test(tc, test_to_string);
	tcase_add_test(tc, test_op_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("convert");
	tcase_add_loop_test(tc, test_from_label_selector, 0,
			    (int)KC_ARRAY_SIZE(label_selector_table));
	tcase_add_test(tc, test_from_set);
	tcase_add_loop_test(tc, test_node_selector_requirement, 0,
			    (int)KC_ARRAY_SIZE(node_req_table));
	tcase_add_test(tc, test_node_selector_requirements);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(labels_suite)
