/*
 * check_json_parse.c - json_parse.c, the fast JSON parser, held against jansson's json_loadb():
 * for every text both accept or both refuse it, and accepted texts give equal values with the
 * same key order and number types.  Tables of valid and invalid texts (jansson's own test
 * suite's edge cases: escapes, surrogates, UTF-8, numbers, depth), repeated keys, NUL bytes,
 * and a few thousand seeded random mutations of Kubernetes objects.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/testutil.h"

/* The text of v with its key order and number types (jansson's own encoder). */
static char *
dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
}

static void
assert_same(const json_t *want, const json_t *have)
{
	char *a = dump(want), *b = dump(have);

	ck_assert_msg(a != NULL && b != NULL && strcmp(a, b) == 0, "%s != %s", a, b);
	ck_assert(json_equal(want, have));
	free(a);
	free(b);
}

/*
 * Parses text (len bytes) with json_loadb() and kc_json_loadb() under flags; fails the test
 * when they disagree, or when the fast parser accepts what jansson refuses.  (It may refuse a
 * text jansson accepts by accident, "1\0", or a number too long for it: kc_json_loadb() then
 * answers with jansson's value.)  Returns 1 when the text was accepted.
 */
static int
agree(const char *text, size_t len, unsigned flags)
{
	json_error_t jerr, jerr2;
	json_t *want = json_loadb(text, len, flags, &jerr), *have = NULL;
	int r = kc_json_parse(text, len, flags, &have, NULL);

	if (want == NULL) {
		ck_assert_msg(r == KC_ERR_PARSE, "accepted what jansson refuses (%s): %.*s",
			      jerr.text, (int)len, text);
		ck_assert_ptr_null(kc_json_loadb(text, len, flags, &jerr2));
		ck_assert_str_eq(jerr2.text, jerr.text);
		return 0;
	}
	if (r == 0) {
		assert_same(want, have);
		json_decref(have);
	}
	have = kc_json_loadb(text, len, flags, &jerr2);
	ck_assert_ptr_nonnull(have);
	assert_same(want, have);
	json_decref(want);
	json_decref(have);
	return 1;
}

static const char *const valid[] = {
	"{}",
	"[]",
	" \t\r\n{ \"a\" : 1 , \"b\" : [ true , false , null ] } \n",
	"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},"
	"\"data\":{\"k\":\"v\"}}",
	"\"plain\"",
	"\"\"",
	"0",
	"-0",
	"-0.0",
	"1.5e3",
	"1E-2",
	"1e+2",
	"9223372036854775807",
	"-9223372036854775808",
	"123456789012345678901234567890.5",
	"1e-400",
	"0.1",
	"true",
	"null",
	"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
	"\"\\u00e9\\u20AC\\ud83d\\ude00\"",
	"\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
	"{\"\\u006bey\":\"v\",\"k\\ney\":\"w\"}",
	"{\"\xc3\xa9\":{\"\":[]}}",
	"[1,2.5,\"3\",[4,[5,{\"6\":7}]]]",
	"{\"a\":\"x\\u0041y\",\"b\":\"\\\\u0000\"}",
	"\"\xed\x9f\xbf\"",	/* U+D7FF, just below the surrogates */
	"\"\xee\x80\x80\"",	/* U+E000 */
	"\"\xf4\x8f\xbf\xbf\"", /* U+10FFFF */
	"\"\x7f\"",
};

static const char *const invalid[] = {
	"",
	" ",
	"{",
	"[1,]",
	"{\"a\":1,}",
	"{\"a\" 1}",
	"{a:1}",
	"{1:2}",
	"[1 2]",
	"01",
	"-",
	"+1",
	".5",
	"1.",
	"1e",
	"1e+",
	"-a",
	"9223372036854775808",
	"-9223372036854775809",
	"1e400",
	"-1e400",
	"tru",
	"truex",
	"nul",
	"\"abc",
	"\"a\tb\"",
	"\"a\nb\"",
	"\"\\x\"",
	"\"\\u12\"",
	"\"\\u12g4\"",
	"\"\\ud83d\"",
	"\"\\ud83dx\"",
	"\"\\ud83d\\u0041\"",
	"\"\\ude00\"",
	"\"\\u0000\"",
	"\"\xc3\"",
	"\"\xc3\x28\"",
	"\"\xc0\xaf\"",
	"\"\xe0\x80\xaf\"",
	"\"\xed\xa0\x80\"",
	"\"\xf4\x90\x80\x80\"",
	"\"\xf5\x80\x80\x80\"",
	"\"\x80\"",
	"\xef\xbb\xbf{}",
	"{} {}",
	"{}x",
	"[\"a\"]]",
	"NaN",
	"Infinity",
	"'a'",
	"[1,,2]",
};

START_TEST(test_valid_table)
{
	const char *t = valid[_i];
	json_t *v = NULL;

	ck_assert_msg(agree(t, strlen(t), JSON_DECODE_ANY), "refused: %s", t);
	/* the fast parser itself took it */
	ck_assert_int_eq(kc_json_parse(t, strlen(t), JSON_DECODE_ANY, &v, NULL), 0);
	json_decref(v);
}
END_TEST

START_TEST(test_invalid_table)
{
	const char *t = invalid[_i];
	json_t *v = NULL;

	ck_assert_msg(!agree(t, strlen(t), JSON_DECODE_ANY), "accepted: %s", t);
	ck_assert_int_eq(kc_json_parse(t, strlen(t), JSON_DECODE_ANY, &v, NULL), KC_ERR_PARSE);
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(test_top_level_scalar_needs_decode_any)
{
	json_t *v = NULL;

	ck_assert_int_eq(kc_json_parse("1", 1, 0, &v, NULL), KC_ERR_PARSE);
	ck_assert_int_eq(kc_json_parse("\"s\"", 3, 0, &v, NULL), KC_ERR_PARSE);
	ck_assert_int_eq(kc_json_parse("[1]", 3, 0, &v, NULL), 0);
	json_decref(v);
	ck_assert(!agree("1", 1, 0));
	ck_assert(agree("{\"a\":1}", 7, 0));
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char esc[] = "{\"a\":\"x\\u0000y\"}";
	static const char key[] = "{\"a\\u0000\":1}";
	static const char raw[] = "{\"a\":\"x\0y\"}";
	json_t *v = NULL;

	ck_assert(!agree(esc, strlen(esc), JSON_DECODE_ANY));
	ck_assert(agree(esc, strlen(esc), JSON_DECODE_ANY | JSON_ALLOW_NUL));
	ck_assert_int_eq(kc_json_parse(esc, strlen(esc), JSON_ALLOW_NUL, &v, NULL), 0);
	ck_assert_uint_eq(json_string_length(json_object_get(v, "a")), 3);
	ck_assert_mem_eq(json_string_value(json_object_get(v, "a")), "x\0y", 3);
	json_decref(v);
	/* never in a key, and never raw in the text */
	ck_assert(!agree(key, strlen(key), JSON_DECODE_ANY | JSON_ALLOW_NUL));
	ck_assert(!agree(raw, sizeof(raw) - 1, JSON_DECODE_ANY | JSON_ALLOW_NUL));
	/* jansson's lexer swallows a NUL right after a number; the fast parser refuses, so the
	 * text goes to jansson and the answer is jansson's */
	ck_assert_int_eq(kc_json_parse("1\0", 2, JSON_DECODE_ANY, &v, NULL), KC_ERR_PARSE);
	ck_assert(agree("1\0", 2, JSON_DECODE_ANY));
	ck_assert(!agree("{}\0", 3, JSON_DECODE_ANY));
}
END_TEST

START_TEST(test_repeated_keys)
{
	static const char t[] = "{\"b\":1,\"a\":{\"x\":1,\"x\":2},\"b\":3}";
	json_error_t jerr;
	size_t dups = 99;
	json_t *v = NULL;
	char *s;

	ck_assert(agree(t, strlen(t), JSON_DECODE_ANY));
	ck_assert_int_eq(kc_json_parse(t, strlen(t), 0, &v, &dups), 0);
	ck_assert_uint_eq(dups, 2);
	s = dump(v);
	ck_assert_str_eq(s, "{\"b\":3,\"a\":{\"x\":2}}"); /* first position, last value */
	free(s);
	json_decref(v);
	ck_assert_int_eq(kc_json_parse("{\"a\":1,\"b\":1}", 13, 0, &v, &dups), 0);
	ck_assert_uint_eq(dups, 0);
	json_decref(v);

	/* kc_json_loadb() under JSON_REJECT_DUPLICATES refuses with jansson's message */
	ck_assert_ptr_null(kc_json_loadb(t, strlen(t), JSON_REJECT_DUPLICATES, &jerr));
	ck_assert_int_eq(json_error_code(&jerr), json_error_duplicate_key);
	v = kc_json_loadb("{\"a\":1}", 7, JSON_REJECT_DUPLICATES, &jerr);
	ck_assert_ptr_nonnull(v);
	json_decref(v);
}
END_TEST

START_TEST(test_escaped_keys_survive_their_values)
{
	/* the key's unescaped text lives in the scratch buffer the value's string reuses */
	static const char t[] = "{\"k\\u00e9y\":\"v\\u00e0l\",\"\\n\":{\"\\t\":\"\\r\"}}";

	ck_assert(agree(t, strlen(t), JSON_DECODE_ANY));
}
END_TEST

/* "[[...[1]...]]" with n arrays */
static char *
nested(int n)
{
	char *s = malloc((size_t)n * 2 + 2);

	memset(s, '[', (size_t)n);
	s[n] = '1';
	memset(s + n + 1, ']', (size_t)n);
	s[2 * n + 1] = '\0';
	return s;
}

START_TEST(test_depth_limit_as_jansson)
{
	/* jansson counts the scalar too: 2047 arrays + 1 = 2048 levels pass, 2048 + 1 do not */
	for (int n = JSON_PARSER_MAX_DEPTH - 2; n <= JSON_PARSER_MAX_DEPTH + 1; n++) {
		char *s = nested(n);

		ck_assert_int_eq(agree(s, strlen(s), JSON_DECODE_ANY), n < JSON_PARSER_MAX_DEPTH);
		free(s);
	}
}
END_TEST

START_TEST(test_long_numbers_fall_back)
{
	char t[200];
	json_error_t jerr;
	json_t *v;

	/* a 150-digit real: the fast parser hands it to jansson, which takes it */
	memset(t, '1', 150);
	memcpy(t + 150, ".5", 3);
	ck_assert(agree(t, strlen(t), JSON_DECODE_ANY));
	v = kc_json_loadb(t, strlen(t), JSON_DECODE_ANY, &jerr);
	ck_assert(json_is_real(v));
	json_decref(v);
}
END_TEST

START_TEST(test_loads_messages_are_janssons)
{
	json_t *v = NULL;
	char err[256];
	int dups = -1;

	ck_assert_int_eq(kc_json_loads("{\"a\":tru}", 9, &v, err, sizeof(err)), KC_ERR_PARSE);
	ck_assert_str_eq(err, "json: line 1, column 8: invalid token near 'tru'");
	ck_assert_int_eq(kc_json_loads_dups("{\"a\":1,\"a\":2}", 13, &v, &dups, err, sizeof(err)),
			 0);
	ck_assert_int_eq(dups, 1);
	ck_assert_int_eq(json_integer_value(json_object_get(v, "a")), 2);
	json_decref(v);
	ck_assert_int_eq(kc_json_loads_dups("[1]", 3, &v, &dups, err, sizeof(err)), 0);
	ck_assert_int_eq(dups, 0);
	json_decref(v);
	/* a text only jansson takes: duplicates not counted, so reported as possible */
	ck_assert_int_eq(kc_json_loads_dups("1\0", 2, &v, &dups, err, sizeof(err)), 0);
	ck_assert_int_eq(dups, 1);
	json_decref(v);
}
END_TEST

/* A tiny deterministic PRNG (xorshift64*), so failures reproduce. */
static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static const char *const seeds[] = {
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-0\",\"labels\":"
	"{\"app\":\"web\"},\"annotations\":{\"note\":\"caf\xc3\xa9 \\u20ac\\\"q\\\"\"}},"
	"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.27\",\"resources\":"
	"{\"requests\":{\"cpu\":\"100m\"}},\"ports\":[{\"containerPort\":80}]}],"
	"\"terminationGracePeriodSeconds\":30,\"priority\":-5,\"ratio\":1.25e-3,"
	"\"hostNetwork\":false,\"nodeName\":null}}",
	"{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Node\",\"status\":{\"capacity\":"
	"{\"cpu\":\"4\",\"memory\":\"16Gi\"},\"conditions\":[{\"type\":\"Ready\",\"status\":"
	"\"True\"}],\"images\":[{\"names\":[\"a\\/b\",\"\\ud83d\\ude00\"],\"sizeBytes\":123}]}}}",
};

/* Bytes that steer mutations towards JSON's special characters. */
static const char mutation_bytes[] = "{}[],:\"\\0123456789-+.eEtrufalsn u\t\n\x80\xc3\xa9\xed\xf4";

START_TEST(test_random_mutations_agree)
{
	uint64_t rnd = 0x9e3779b97f4a7c15ULL + (uint64_t)_i;
	int accepted = 0, refused = 0;

	for (int round = 0; round < 2000; round++) {
		const char *seed = seeds[round % KC_ARRAY_SIZE(seeds)];
		size_t len = strlen(seed), edits = 1 + next_rand(&rnd) % 3;
		char buf[1024];

		memcpy(buf, seed, len);
		for (size_t e = 0; e < edits; e++) {
			size_t at = next_rand(&rnd) % len;
			char c = mutation_bytes[next_rand(&rnd) % (sizeof(mutation_bytes) - 1)];

			switch (next_rand(&rnd) % 3) {
			case 0: /* replace */
				buf[at] = c;
				break;
			case 1: /* delete */
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
				break;
			default: /* insert */
				if (len + 1 < sizeof(buf)) {
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = c;
					len++;
				}
			}
		}
		if (agree(buf, len, JSON_DECODE_ANY | (round & 1 ? JSON_ALLOW_NUL : 0)))
			accepted++;
		else
			refused++;
	}
	/* both outcomes were exercised */
	ck_assert_int_gt(accepted, 50);
	ck_assert_int_gt(refused, 50);
}
END_TEST

static Suite *
json_parse_suite(void)
{
	Suite *s = suite_create("json_parse");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_valid_table, 0, KC_ARRAY_SIZE(valid));
	tcase_add_loop_test(tc, test_invalid_table, 0, KC_ARRAY_SIZE(invalid));
	tcase_add_test(tc, test_top_level_scalar_needs_decode_any);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_repeated_keys);
	tcase_add_test(tc, test_escaped_keys_survive_their_values);
	tcase_add_test(tc, test_depth_limit_as_jansson);
	tcase_add_test(tc, test_long_numbers_fall_back);
	tcase_add_test(tc, test_loads_messages_are_janssons);
	tcase_add_loop_test(tc, test_random_mutations_agree, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(json_parse_suite)
