/*
 * check_quantity.c - resource.Quantity: upstream's quantity_test.go tables (parse, String,
 * ParseEmit, Cmp, Add/Sub/Mul, RoundUp, New/Set/Scaled values, floats) plus our limits.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/quantity.h"
#include "test/unit/testutil/testutil.h"

#define DSI KC_QUANTITY_DECIMAL_SI
#define BSI KC_QUANTITY_BINARY_SI
#define DEX KC_QUANTITY_DECIMAL_EXPONENT

static struct kc_quantity
dq(int64_t v, int32_t exp, int format)
{
	return kc_quantity_from_scaled(v, exp, (enum kc_quantity_format)format);
}

static struct kc_quantity
must_parse(const char *s)
{
	struct kc_quantity q;
	const char *err = NULL;

	if (kc_quantity_parse(s, &q, &err) < 0)
		ck_abort_msg("cannot parse '%s': %s", s, err);
	return q;
}

static const char *
str(const struct kc_quantity *q)
{
	static char bufs[4][KC_QUANTITY_BUFSZ];
	static int n;

	return kc_quantity_format(q, bufs[n++ % 4], KC_QUANTITY_BUFSZ);
}

/* TestQuantityParse */
static const struct {
	const char *in;
	int64_t v;
	int32_t exp;
	int format;
} parse_table[] = {
	{ "0", 0, 0, DSI },
	{ "0n", 0, 0, DSI },
	{ "0u", 0, 0, DSI },
	{ "0m", 0, 0, DSI },
	{ "0Ki", 0, 0, BSI },
	{ "0k", 0, 0, DSI },
	{ "0Mi", 0, 0, BSI },
	{ "0M", 0, 0, DSI },
	{ "0Gi", 0, 0, BSI },
	{ "0G", 0, 0, DSI },
	{ "0Ti", 0, 0, BSI },
	{ "0T", 0, 0, DSI },
	{ "1", 1, 0, DSI },
	{ "1Ki", 1024, 0, BSI },
	{ "8Ki", 8 * 1024, 0, BSI },
	{ "7Mi", 7 * 1024 * 1024, 0, BSI },
	{ "6Gi", 6LL * 1024 * 1024 * 1024, 0, BSI },
	{ "5Ti", 5LL * 1024 * 1024 * 1024 * 1024, 0, BSI },
	{ "4Pi", 4LL * 1024 * 1024 * 1024 * 1024 * 1024, 0, BSI },
	{ "3Ei", 3LL * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, BSI },
	{ "10Ti", 10LL * 1024 * 1024 * 1024 * 1024, 0, BSI },
	{ "100Ti", 100LL * 1024 * 1024 * 1024 * 1024, 0, BSI },
	{ "5n", 5, -9, DSI },
	{ "4u", 4, -6, DSI },
	{ "3m", 3, -3, DSI },
	{ "9", 9, 0, DSI },
	{ "8k", 8, 3, DSI },
	{ "50k", 5, 4, DSI },
	{ "7M", 7, 6, DSI },
	{ "6G", 6, 9, DSI },
	{ "5T", 5, 12, DSI },
	{ "40T", 4, 13, DSI },
	{ "300T", 3, 14, DSI },
	{ "2P", 2, 15, DSI },
	{ "1E", 1, 18, DSI },
	{ "1E-3", 1, -3, DEX },
	{ "1e3", 1, 3, DEX },
	{ "1E6", 1, 6, DEX },
	{ "1e9", 1, 9, DEX },
	{ "1E12", 1, 12, DEX },
	{ "1e15", 1, 15, DEX },
	{ "1E18", 1, 18, DEX },
	{ "1e14", 1, 14, DEX },
	{ "1e13", 1, 13, DEX },
	{ "100.035k", 100035, 0, DSI },
	{ "0.001", 1, -3, DSI },
	{ "0.0005k", 5, -1, DSI },
	{ "0.005", 5, -3, DSI },
	{ "0.05", 5, -2, DSI },
	{ "0.5", 5, -1, DSI },
	{ "0.00050k", 5, -1, DSI },
	{ "0.00500", 5, -3, DSI },
	{ "0.05000", 5, -2, DSI },
	{ "0.50000", 5, -1, DSI },
	{ "0.5e0", 5, -1, DEX },
	{ "0.5e-1", 5, -2, DEX },
	{ "0.5e-2", 5, -3, DEX },
	{ "10.035M", 10035, 3, DSI },
	{ "1.2e3", 12, 2, DEX },
	{ "1.3E+6", 13, 5, DEX },
	{ "1.40e9", 14, 8, DEX },
	{ "1.53E12", 153, 10, DEX },
	{ "1.6e15", 16, 14, DEX },
	{ "1.7E18", 17, 17, DEX },
	{ "9.01", 901, -2, DSI },
	{ "8.1k", 81, 2, DSI },
	{ "7.123456M", 7123456, 0, DSI },
	{ "6.987654321G", 6987654321LL, 0, DSI },
	{ "5.444T", 5444, 9, DSI },
	{ "40.1T", 401, 11, DSI },
	{ "300.2T", 3002, 11, DSI },
	{ "2.5P", 25, 14, DSI },
	{ "1.01E", 101, 16, DSI },
	{ "3.001n", 4, -9, DSI },
	{ "1.1E-9", 2, -9, DEX },
	{ "0.0000000001", 1, -9, DSI },
	{ "0.0000000005", 1, -9, DSI },
	{ "0.00000000050", 1, -9, DSI },
	{ "0.5e-9", 1, -9, DEX },
	{ "0.9n", 1, -9, DSI },
	{ "0.00000012345", 124, -9, DSI },
	{ "0.00000012354", 124, -9, DSI },
	{ "9Ei", INT64_MAX, 0, BSI },
	{ "9223372036854775807Ki", INT64_MAX, 0, BSI },
	{ "12E", 12, 18, DSI },
	{ "100.035Ki", 10243584, -2, BSI },
	{ "0.5Mi", 512 * 1024, 0, BSI },
	{ "0.05Gi", 536870912, -1, BSI },
	{ "0.025Ti", 274877906944LL, -1, BSI },
	{ "0.000000000001Ki", 2, -9, DSI },
	{ ".001", 1, -3, DSI },
	{ ".0001k", 100, -3, DSI },
	{ "1.", 1, 0, DSI },
	{ "1.G", 1, 9, DSI },
	/* ours: the sign and zero quirks of parseQuantityString */
	{ ".", 0, 0, DSI },
	{ "00100m", 1, -1, DSI },
	{ ".Ti", 0, 0, BSI },
	{ "1.5Gi", 1610612736, 0, BSI },
};

START_TEST(test_parse_table)
{
	struct kc_quantity want =
		dq(parse_table[_i].v, parse_table[_i].exp, parse_table[_i].format);
	const char *in = parse_table[_i].in;
	char buf[64];
	struct kc_quantity got = must_parse(in), neg;

	ck_assert_msg(kc_quantity_cmp(&got, &want) == 0, "%s: got %s want %s", in, str(&got),
		      str(&want));
	ck_assert_msg(got.format == parse_table[_i].format, "%s: format %d", in, got.format);

	/* the negative and the explicitly positive spelling of everything */
	snprintf(buf, sizeof(buf), "-%s", in);
	got = must_parse(buf);
	neg = want;
	kc_quantity_neg(&neg);
	ck_assert_msg(kc_quantity_cmp(&got, &neg) == 0, "%s: got %s", buf, str(&got));
	ck_assert_int_eq(got.format, parse_table[_i].format);
	snprintf(buf, sizeof(buf), "+%s", in);
	got = must_parse(buf);
	ck_assert_msg(kc_quantity_cmp(&got, &want) == 0, "%s: got %s", buf, str(&got));
	ck_assert_int_eq(got.format, parse_table[_i].format);
}
END_TEST

static const struct {
	const char *in;
	const char *err;
} invalid_table[] = {
	{ "", kc_quantity_err_format },
	{ "1.1.M", kc_quantity_err_format },
	{ "1+1.0M", kc_quantity_err_format },
	{ "0.1mi", kc_quantity_err_suffix },
	{ "0.1am", kc_quantity_err_format },
	{ "aoeu", kc_quantity_err_format },
	{ ".5i", kc_quantity_err_suffix },
	{ "1i", kc_quantity_err_suffix },
	{ "-3.01i", kc_quantity_err_suffix },
	{ "-3.01e-", kc_quantity_err_suffix },
	{ " 1", kc_quantity_err_format },
	{ "1 ", kc_quantity_err_format },
	{ "Non-Numeric", kc_quantity_err_format },
	{ "1e", kc_quantity_err_suffix },
	{ "1ee5", kc_quantity_err_suffix },
	{ "1e5i", kc_quantity_err_format },
	{ "1Ki5", kc_quantity_err_suffix },
	{ "1e99999999999999999999", kc_quantity_err_suffix },
	{ ".e-10", kc_quantity_err_numeric },
	{ "-.Ei", kc_quantity_err_numeric },
	{ "1KI", kc_quantity_err_format },
	{ "1K", kc_quantity_err_suffix },
};

START_TEST(test_parse_invalid)
{
	struct kc_quantity q = dq(7, 0, DSI);
	const char *err = NULL;

	ck_assert_int_eq(kc_quantity_parse(invalid_table[_i].in, &q, &err), KC_ERR_INVALID);
	ck_assert_str_eq(err, invalid_table[_i].err);
	ck_assert_int_eq(kc_quantity_value(&q), 7); /* untouched */
}
END_TEST

START_TEST(test_parse_error_text)
{
	const char *err = NULL;
	struct kc_quantity q;

	ck_assert_int_eq(kc_quantity_parse("x", &q, &err), KC_ERR_INVALID);
	ck_assert_str_eq(err, "quantities must match the regular expression "
			      "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
	ck_assert_int_eq(kc_quantity_parse("1Qi", &q, NULL), KC_ERR_INVALID);
	/* an embedded NUL is not part of any valid quantity */
	ck_assert_int_eq(kc_quantity_parsen("1\0", 2, &q, &err), KC_ERR_INVALID);
}
END_TEST

/* TestQuantityString: value, canonical text, an alternate spelling of the same value */
static const struct {
	int64_t v;
	int32_t exp;
	int format;
	const char *expect;
	const char *alternate;
} string_table[] = {
	{ 1024 * 1024 * 1024, 0, BSI, "1Gi", "1024Mi" },
	{ 300 * 1024 * 1024, 0, BSI, "300Mi", "307200Ki" },
	{ 6 * 1024, 0, BSI, "6Ki", "" },
	{ 1001LL * 1024 * 1024 * 1024, 0, BSI, "1001Gi", "1025024Mi" },
	{ 1024LL * 1024 * 1024 * 1024, 0, BSI, "1Ti", "1024Gi" },
	{ 5, 0, BSI, "5", "5000m" },
	{ 500, -3, BSI, "500m", "0.5" },
	{ 1, 9, DSI, "1G", "1000M" },
	{ 1000, 6, DSI, "1G", "0.001T" },
	{ 1000000, 3, DSI, "1G", "" },
	{ 1000000000, 0, DSI, "1G", "" },
	{ 1, -3, DSI, "1m", "1000u" },
	{ 80, -3, DSI, "80m", "" },
	{ 1080, -3, DSI, "1080m", "1.08" },
	{ 108, -2, DSI, "1080m", "1080000000n" },
	{ 10800, -4, DSI, "1080m", "" },
	{ 300, 6, DSI, "300M", "" },
	{ 1, 12, DSI, "1T", "" },
	{ 1234567, 6, DSI, "1234567M", "" },
	{ 1234567, -3, BSI, "1234567m", "" },
	{ 3, 3, DSI, "3k", "" },
	{ 1025, 0, BSI, "1025", "" },
	{ 0, 0, DSI, "0", "" },
	{ 0, 0, BSI, "0", "" },
	{ 1, 9, DEX, "1e9", ".001e12" },
	{ 1, -3, DEX, "1e-3", "0.001e0" },
	{ 1, -9, DEX, "1e-9", "1000e-12" },
	{ 80, -3, DEX, "80e-3", "" },
	{ 300, 6, DEX, "300e6", "" },
	{ 1, 12, DEX, "1e12", "" },
	{ 1, 3, DEX, "1e3", "" },
	{ 3, 3, DEX, "3e3", "" },
	{ 3, 3, DSI, "3k", "" },
	{ 0, 0, DEX, "0", "00" },
	{ 1, -9, DSI, "1n", "" },
	{ 80, -9, DSI, "80n", "" },
	{ 1080, -9, DSI, "1080n", "" },
	{ 108, -8, DSI, "1080n", "" },
	{ 10800, -10, DSI, "1080n", "" },
	{ 1, -6, DSI, "1u", "" },
	{ 80, -6, DSI, "80u", "" },
	{ 1080, -6, DSI, "1080u", "" },
};

START_TEST(test_string_table)
{
	struct kc_quantity q =
		dq(string_table[_i].v, string_table[_i].exp, string_table[_i].format);
	const char *expect = string_table[_i].expect, *alt = string_table[_i].alternate;
	char buf[KC_QUANTITY_BUFSZ], want[80];
	struct kc_quantity p;

	ck_assert_str_eq(str(&q), expect);
	/* the canonical text parses back to itself, kept verbatim as upstream caches it */
	ck_assert_int_eq(kc_quantity_normalize(expect, buf, sizeof(buf), NULL),
			 (int)strlen(expect));
	ck_assert_str_eq(buf, expect);
	p = must_parse(expect);
	ck_assert_int_eq(kc_quantity_cmp(&p, &q), 0);
	if (alt[0] != '\0') {
		p = must_parse(alt);
		ck_assert_str_eq(str(&p), expect);
		ck_assert_int_ge(kc_quantity_normalize(alt, buf, sizeof(buf), NULL), 0);
		ck_assert_str_eq(buf, expect);
	}
	if (!kc_quantity_is_zero(&q)) {
		kc_quantity_neg(&q);
		snprintf(want, sizeof(want), "-%s", expect);
		ck_assert_str_eq(str(&q), want);
	}
}
END_TEST

/* TestQuantityParseEmit and the canonical forms quoted in the API docs */
static const struct {
	const char *in;
	const char *expect;
} emit_table[] = {
	{ "1Ki", "1Ki" },
	{ "1Mi", "1Mi" },
	{ "1Gi", "1Gi" },
	{ "1024Mi", "1Gi" },
	{ "1000M", "1G" },
	{ ".001Ki", "1024m" },
	{ ".000001Ki", "1024u" },
	{ ".000000001Ki", "1024n" },
	{ ".000000000001Ki", "2n" },
	{ "1.5Gi", "1536Mi" },
	{ "1.5", "1500m" },
	{ "0.5", "500m" },
	{ "1000m", "1" },
	{ "1e3", "1e3" },
	{ "100m", "100m" },
	{ "0.1m", "100u" },
	{ "0.0001m", "100n" },
	{ "0.00000000001m", "1n" },
	{ "1.1Ki", "1126400m" },
	{ "1.5Ki", "1536" },
	{ "1023.5Ki", "1048064" },
	{ "7Ei", "7Ei" },
	{ "8Ei", "9223372036854775807" },
	{ "9Ei", "9223372036854775807" },
	{ "1e1", "10" },
	{ "1.5e1", "15" },
	{ "12e6", "12e6" },
	{ "1000e0", "1e3" },
	{ "1e0", "1" },
	{ "2k", "2k" },
	{ "2000k", "2M" },
	{ "1000E", "1e21" },
	{ "123456789012345678901234567890", "123456789012345678901234567890" },
	{ "0.000000000000000000000000001", "1n" },
};

START_TEST(test_parse_emit)
{
	struct kc_quantity q = must_parse(emit_table[_i].in);
	char want[80];

	ck_assert_str_eq(str(&q), emit_table[_i].expect);
	if (!kc_quantity_is_zero(&q)) {
		char in[80];

		snprintf(in, sizeof(in), "-%s", emit_table[_i].in);
		snprintf(want, sizeof(want), "-%s", emit_table[_i].expect);
		q = must_parse(in);
		ck_assert_str_eq(str(&q), want);
	}
}
END_TEST

/* What upstream serializes: the input when its fast path keeps the parsed text. */
static const struct {
	const char *in;
	const char *out;
} normalize_table[] = {
	{ "0", "0" },       { "0m", "0" },    { "+1", "+1" },        { "01", "01" },
	{ "1E3", "1E3" },   { "1000", "1k" }, { "100", "100" },      { "1024Ki", "1Mi" },
	{ "8Ki", "8Ki" },   { "1Ki", "1Ki" }, { "-1Ki", "-1Ki" },    { "1.0", "1" },
	{ "0.5", "500m" },  { "1e1", "10" },  { "1.5Gi", "1536Mi" }, { "10e3", "10e3" },
	{ "250m", "250m" }, { "1000m", "1" }, { "1Ei", "1Ei" },      { "1Pi", "1Pi" },
};

START_TEST(test_normalize)
{
	char buf[KC_QUANTITY_BUFSZ];

	ck_assert_int_eq(kc_quantity_normalize(normalize_table[_i].in, buf, sizeof(buf), NULL),
			 (int)strlen(normalize_table[_i].out));
	ck_assert_str_eq(buf, normalize_table[_i].out);
}
END_TEST

static const struct {
	const char *x, *y;
	int expect;
} cmp_table[] = {
	{ "0", "0", 0 },
	{ "100m", "50m", 1 },
	{ "50m", "100m", -1 },
	{ "10000T", "100Gi", 1 },
	{ "1", "1000m", 0 },
	{ "1Ki", "1024", 0 },
	{ "1k", "1Ki", -1 },
	{ "-1", "1n", -1 },
	{ "-2", "-1", -1 },
	{ "1e30", "1n", 1 },
	{ "1n", "1e30", -1 },
	{ "-1e30", "-1n", -1 },
	{ "1e2000000", "99999999999999999999999999999999999999", 1 },
	{ "9Ei", "8Ei", 0 },
	{ "7Ei", "8Ei", -1 },
	{ "0Ki", "0", 0 },
};

START_TEST(test_cmp_table)
{
	struct kc_quantity x = must_parse(cmp_table[_i].x), y = must_parse(cmp_table[_i].y);

	ck_assert_int_eq(kc_quantity_cmp(&x, &y), cmp_table[_i].expect);
	ck_assert_int_eq(kc_quantity_cmp(&y, &x), -cmp_table[_i].expect);
}
END_TEST

/* TestQuantityCmpInt64AndDec */
static const struct {
	int64_t av;
	int32_t as;
	int64_t bv;
	int32_t bs;
	int cmp;
} cmp_scaled_table[] = {
	{ 901, -2, 901, -2, 0 },
	{ 90, -1, 901, -2, -1 },
	{ 901, -2, 900, -2, 1 },
	{ 0, 0, 0, 0, 0 },
	{ 0, 1, 0, -1, 0 },
	{ 0, -1, 0, 1, 0 },
	{ 800, -3, 1, 0, -1 },
	{ 800, -3, 79, -2, 1 },
	{ INT64_MAX, 0, 1, -1, 1 },
	{ INT64_MAX, 1, 1, 0, 1 },
	{ INT64_MAX, 1, 1, 1, 1 },
	{ INT64_MAX, 1, 0, 1, 1 },
	{ INT64_MAX, -16, 1, 3, -1 },
	{ INT64_MIN, 0, 0, 0, -1 },
	{ INT64_MIN, -9, -1, 0, -1 },
	{ 1000000000000000000LL, -9, 1, 9, 0 },
	{ 1000000000000000000LL, -9, -10, 0, 1 },
	{ -1000000000000000000LL, -9, -1, 9, 0 },
	{ 1000000000000000001LL, -9, 1, 9, 1 },
	{ 999999999999999999LL, -9, 1, 9, -1 },
};

START_TEST(test_cmp_scaled)
{
	struct kc_quantity a = dq(cmp_scaled_table[_i].av, cmp_scaled_table[_i].as, DSI);
	struct kc_quantity b = dq(cmp_scaled_table[_i].bv, cmp_scaled_table[_i].bs, DSI);

	ck_assert_int_eq(kc_quantity_cmp(&a, &b), cmp_scaled_table[_i].cmp);
	ck_assert_int_eq(kc_quantity_cmp(&b, &a), -cmp_scaled_table[_i].cmp);
}
END_TEST

/* TestAdd and TestSub */
static const struct {
	struct {
		int64_t v;
		int32_t e;
		int f;
	} a, b, sum, diff;
} addsub_table[] = {
	{ { 10, 0, DSI }, { 1, 1, DSI }, { 20, 0, DSI }, { 0, 0, DSI } },
	{ { 10, 0, DSI }, { 1, 0, BSI }, { 11, 0, DSI }, { 9, 0, DSI } },
	{ { 10, 0, BSI }, { 1, 0, DSI }, { 11, 0, BSI }, { 9, 0, BSI } },
	{ { 0, 0, DSI }, { 50, 0, DSI }, { 50, 0, DSI }, { -50, 0, DSI } },
	{ { 50, 0, DSI }, { 0, 0, DSI }, { 50, 0, DSI }, { 50, 0, DSI } },
	{ { 0, 0, DSI }, { 0, 0, DSI }, { 0, 0, DSI }, { 0, 0, DSI } },
	{ { 100, -3, DSI }, { 1, 0, DSI }, { 1100, -3, DSI }, { -900, -3, DSI } },
	{ { 0, 0, DSI }, { 1, 0, BSI }, { 1, 0, BSI }, { -1, 0, BSI } },
	{ { INT64_MAX, 0, DSI }, { INT64_MAX, 0, DSI }, { 0, 0, 0 }, { 0, 0, DSI } },
};

START_TEST(test_add_sub)
{
	struct kc_quantity a = dq(addsub_table[_i].a.v, addsub_table[_i].a.e, addsub_table[_i].a.f);
	struct kc_quantity b = dq(addsub_table[_i].b.v, addsub_table[_i].b.e, addsub_table[_i].b.f);
	struct kc_quantity sum =
		dq(addsub_table[_i].sum.v, addsub_table[_i].sum.e, addsub_table[_i].sum.f);
	struct kc_quantity diff =
		dq(addsub_table[_i].diff.v, addsub_table[_i].diff.e, addsub_table[_i].diff.f);
	struct kc_quantity x = a;

	ck_assert_int_eq(kc_quantity_add(&x, &b), 0);
	if (addsub_table[_i].sum.v == 0 && addsub_table[_i].a.v == INT64_MAX) {
		/* beyond int64 (upstream's inf.Dec path): 2 * (2^63 - 1) */
		ck_assert_str_eq(str(&x), "18446744073709551614");
	} else {
		ck_assert_msg(kc_quantity_cmp(&x, &sum) == 0, "sum %s", str(&x));
		ck_assert_int_eq(x.format, sum.format);
	}
	x = a;
	ck_assert_int_eq(kc_quantity_sub(&x, &b), 0);
	ck_assert_msg(kc_quantity_cmp(&x, &diff) == 0, "diff %s", str(&x));
	ck_assert_int_eq(x.format, diff.format);
}
END_TEST

/* TestQuantityAddZeroPreservesSuffix, TestQuantitySubZeroPreservesSuffix */
START_TEST(test_zero_preserves_suffix)
{
	static const char *const values[] = { "100m", "1Gi" };

	for (size_t i = 0; i < KC_ARRAY_SIZE(values); i++) {
		struct kc_quantity zero = must_parse("0"), v = must_parse(values[i]), x;
		char want[16];

		x = v;
		ck_assert_int_eq(kc_quantity_add(&x, &zero), 0);
		ck_assert_str_eq(str(&x), values[i]);
		x = zero;
		ck_assert_int_eq(kc_quantity_add(&x, &v), 0);
		ck_assert_str_eq(str(&x), values[i]);
		x = v;
		ck_assert_int_eq(kc_quantity_sub(&x, &zero), 0);
		ck_assert_str_eq(str(&x), values[i]);
		x = zero;
		ck_assert_int_eq(kc_quantity_sub(&x, &v), 0);
		snprintf(want, sizeof(want), "-%s", values[i]);
		ck_assert_str_eq(str(&x), want);
	}
}
END_TEST

/* TestMul (the cases that stay within 38 digits) */
static const struct {
	int64_t v;
	int64_t n;
	const char *expect;
} mul_table[] = {
	{ 10, 10, "100" },
	{ 10, 1, "10" },
	{ 0, 50, "0" },
	{ 50, 0, "0" },
	{ 10, -10, "-100" },
	{ -50, -50, "2500" },
	{ INT64_MAX, 1, "9223372036854775807" },
	{ INT64_MAX, -1, "-9223372036854775807" },
	{ INT64_MAX, 2, "18446744073709551614" },
	{ INT64_MAX, 10, "92233720368547758070" },
	{ INT64_MIN, -1, "9223372036854775808" },
	{ INT64_MIN, 2, "-18446744073709551616" },
	{ INT64_MIN, -10, "92233720368547758080" },
};

START_TEST(test_mul)
{
	struct kc_quantity q = dq(mul_table[_i].v, 0, DSI);

	ck_assert_int_eq(kc_quantity_mul(&q, mul_table[_i].n), 0);
	ck_assert_str_eq(str(&q), mul_table[_i].expect);
}
END_TEST

/* TestQuantityRoundUp */
static const struct {
	const char *in;
	int32_t scale;
	int64_t v;
	int32_t e;
	int ok;
} round_table[] = {
	{ "9.01", -3, 901, -2, 1 },   { "9.01", -2, 901, -2, 1 },   { "9.01", -1, 91, -1, 0 },
	{ "9.01", 0, 10, 0, 0 },      { "9.01", 1, 10, 0, 0 },      { "9.01", 2, 100, 0, 0 },
	{ "-9.01", -3, -901, -2, 1 }, { "-9.01", -2, -901, -2, 1 }, { "-9.01", -1, -91, -1, 0 },
	{ "-9.01", 0, -10, 0, 0 },    { "-9.01", 1, -10, 0, 0 },    { "-9.01", 2, -100, 0, 0 },
};

START_TEST(test_round_up)
{
	struct kc_quantity q = must_parse(round_table[_i].in);
	struct kc_quantity want = dq(round_table[_i].v, round_table[_i].e, DSI);

	ck_assert_int_eq(kc_quantity_round_up(&q, round_table[_i].scale), round_table[_i].ok);
	ck_assert_msg(kc_quantity_cmp(&q, &want) == 0, "got %s", str(&q));
}
END_TEST

/* TestMilliNewSet, TestNewSet, TestNewScaledSet */
START_TEST(test_new_set)
{
	static const struct {
		int64_t v;
		int f;
		const char *expect;
	} milli[] = { { 1, DSI, "1m" },         { 1000, DSI, "1" },
		      { 1234000, DSI, "1234" }, { 1024, BSI, "1024m" },
		      { 1000000, DEX, "1e3" },  { 1024 * 1024, BSI, "1048576m" } },
	  whole[] = { { 1, DSI, "1" },      { 1000, DSI, "1k" },     { 1234000, DSI, "1234k" },
		      { 1024, BSI, "1Ki" }, { 1000000, DEX, "1e6" }, { 1024 * 1024, BSI, "1Mi" } };

	for (size_t i = 0; i < KC_ARRAY_SIZE(milli); i++) {
		struct kc_quantity q = kc_quantity_from_milli(milli[i].v, milli[i].f), p;

		ck_assert_str_eq(str(&q), milli[i].expect);
		p = must_parse(str(&q));
		ck_assert_int_eq(kc_quantity_milli_value(&p), milli[i].v);
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(whole); i++) {
		struct kc_quantity q = kc_quantity_from_int64(whole[i].v, whole[i].f), p;

		ck_assert_str_eq(str(&q), whole[i].expect);
		p = must_parse(str(&q));
		ck_assert_int_eq(kc_quantity_value(&p), whole[i].v);
	}
}
END_TEST

static const struct {
	int64_t v;
	int32_t scale;
	const char *expect;
} scaled_table[] = {
	{ 1, -9, "1n" }, { 1000, -9, "1u" }, { 1, -6, "1u" }, { 1000, -6, "1m" },
	{ 1, -3, "1m" }, { 1000, -3, "1" },  { 1, 0, "1" },   { 0, -9, "0" },
	{ 0, -6, "0" },  { 0, -3, "0" },     { 0, 0, "0" },   { 1, -12, "1n" },
};

START_TEST(test_new_scaled)
{
	struct kc_quantity q =
		kc_quantity_from_scaled(scaled_table[_i].v, scaled_table[_i].scale, DSI);
	struct kc_quantity p;

	ck_assert_str_eq(str(&q), scaled_table[_i].expect);
	p = must_parse(str(&q));
	if (scaled_table[_i].scale >= -9)
		ck_assert_int_eq(kc_quantity_scaled_value(&p, scaled_table[_i].scale),
				 scaled_table[_i].v);
}
END_TEST

/* TestScaledValue */
static const struct {
	int32_t from, to;
	int64_t expect;
} scaled_value_table[] = {
	{ -9, -9, 1 },         { -9, -6, 1 },      { -9, -3, 1 },   { -9, 0, 1 },
	{ -6, -9, 1000 },      { -6, -6, 1 },      { -6, -3, 1 },   { -6, 0, 1 },
	{ -3, -9, 1000000 },   { -3, -6, 1000 },   { -3, -3, 1 },   { -3, 0, 1 },
	{ 0, -9, 1000000000 }, { 0, -6, 1000000 }, { 0, -3, 1000 }, { 0, 0, 1 },
	{ 2, -2, 10000 },
};

START_TEST(test_scaled_value)
{
	struct kc_quantity q = kc_quantity_from_scaled(1, scaled_value_table[_i].from, DSI);

	ck_assert_int_eq(kc_quantity_scaled_value(&q, scaled_value_table[_i].to),
			 scaled_value_table[_i].expect);
}
END_TEST

START_TEST(test_value_rounding)
{
	struct kc_quantity q;

	q = must_parse("1.5");
	ck_assert_int_eq(kc_quantity_value(&q), 2);
	ck_assert_int_eq(kc_quantity_milli_value(&q), 1500);
	q = must_parse("-1.5");
	ck_assert_int_eq(kc_quantity_value(&q), -2);
	q = must_parse("100m");
	ck_assert_int_eq(kc_quantity_value(&q), 1);
	ck_assert_int_eq(kc_quantity_milli_value(&q), 100);
	q = must_parse("1.0001");
	ck_assert_int_eq(kc_quantity_milli_value(&q), 1001);
	q = must_parse("1n");
	ck_assert_int_eq(kc_quantity_milli_value(&q), 1);
	q = must_parse("1Gi");
	ck_assert_int_eq(kc_quantity_value(&q), 1073741824);
	ck_assert_int_eq(kc_quantity_milli_value(&q), 1073741824000LL);
	/* beyond int64: saturates */
	q = must_parse("9Ei");
	ck_assert_int_eq(kc_quantity_value(&q), INT64_MAX);
	ck_assert_int_eq(kc_quantity_milli_value(&q), INT64_MAX);
	q = must_parse("-1e30");
	ck_assert_int_eq(kc_quantity_value(&q), INT64_MIN);
	q = must_parse("1e1000000");
	ck_assert_int_eq(kc_quantity_value(&q), INT64_MAX);
}
END_TEST

START_TEST(test_as_int64)
{
	struct kc_quantity q;
	int64_t v = 0;

	q = must_parse("1000m");
	ck_assert_int_eq(kc_quantity_as_int64(&q, &v), 0);
	ck_assert_int_eq(v, 1);
	q = must_parse("1500m");
	ck_assert_int_eq(kc_quantity_as_int64(&q, &v), KC_ERR_RANGE);
	q = must_parse("-9223372036854775808");
	ck_assert_int_eq(kc_quantity_as_int64(&q, &v), 0);
	ck_assert_int_eq(v, INT64_MIN);
	q = must_parse("9223372036854775808");
	ck_assert_int_eq(kc_quantity_as_int64(&q, &v), KC_ERR_RANGE);
	q = must_parse("12E");
	ck_assert_int_eq(kc_quantity_as_int64(&q, &v), KC_ERR_RANGE);
	ck_assert_int_eq(kc_quantity_cmp_int64(&q, INT64_MAX), 1);
	q = must_parse("5k");
	ck_assert_int_eq(kc_quantity_cmp_int64(&q, 5000), 0);
	ck_assert_int_eq(kc_quantity_cmp_int64(&q, 5001), -1);
}
END_TEST

/* TestQuantityAsApproximateFloat64 */
static const struct {
	int64_t v;
	int32_t e;
	double out;
} float_table[] = {
	{ 0, 0, 0.0 },
	{ 1, 0, 1 },
	{ 1024, 0, 1024 },
	{ 7 * 1024 * 1024, 1, (7 * 1024 * 1024) * 10.0 },
	{ 7 * 1024 * 1024, 4, (7 * 1024 * 1024) * 10000.0 },
	{ 7 * 1024 * 1024, 8, (7 * 1024 * 1024) * 100000000.0 },
	{ 7 * 1024 * 1024, -1, (7 * 1024 * 1024) * 0.1 },
	{ 7 * 1024 * 1024, -8, (7 * 1024 * 1024) * 1e-8 },
	{ INT64_MAX, 0, 9223372036854775807.0 },
	{ 12, 18, 1.2e19 },
	{ 12, 500, INFINITY },
	{ -12, 500, -INFINITY },
};

START_TEST(test_to_double)
{
	struct kc_quantity q = dq(float_table[_i].v, float_table[_i].e, DSI);

	ck_assert(kc_quantity_to_double(&q) == float_table[_i].out);
}
END_TEST

START_TEST(test_string_to_double)
{
	struct kc_quantity q;

	q = must_parse("2Ki");
	ck_assert(kc_quantity_to_double(&q) == 2048);
	q = must_parse("1.1Ki");
	ck_assert(kc_quantity_to_double(&q) == 1126.4);
	q = must_parse("1Mi");
	ck_assert(kc_quantity_to_double(&q) == 1.048576e+06);
	q = must_parse("2Gi");
	ck_assert(kc_quantity_to_double(&q) == 2.147483648e+09);
}
END_TEST

/* TestAddSubRoundTrip / AcrossScales: random adds then subs cancel exactly */
START_TEST(test_add_sub_round_trip)
{
	int64_t order[100];
	unsigned seed = 42;

	for (int k = -10; k <= 10; k++) {
		struct kc_quantity q = KC_QUANTITY_INIT;

		for (int i = 0; i < 100; i++) {
			struct kc_quantity x;

			order[i] = ((int64_t)rand_r(&seed) << 31) ^ rand_r(&seed);
			x = kc_quantity_from_scaled(order[i], k, DSI);
			ck_assert_int_eq(kc_quantity_add(&q, &x), 0);
		}
		for (int i = 0; i < 100; i++) {
			struct kc_quantity x = kc_quantity_from_scaled(order[i], k, DSI);

			ck_assert_int_eq(kc_quantity_sub(&q, &x), 0);
		}
		ck_assert_msg(kc_quantity_is_zero(&q), "scale %d: %s", k, str(&q));
	}
	{
		struct kc_quantity q = KC_QUANTITY_INIT;

		for (int i = 0; i < 100; i++) {
			struct kc_quantity x;

			order[i] = ((int64_t)rand_r(&seed) << 31) ^ rand_r(&seed);
			x = kc_quantity_from_scaled(order[i], (int32_t)(order[i] % 20 - 10), DSI);
			ck_assert_int_eq(kc_quantity_add(&q, &x), 0);
		}
		for (int i = 0; i < 100; i++) {
			struct kc_quantity x = kc_quantity_from_scaled(
				order[i], (int32_t)(order[i] % 20 - 10), DSI);

			ck_assert_int_eq(kc_quantity_sub(&q, &x), 0);
		}
		ck_assert(kc_quantity_is_zero(&q));
	}
}
END_TEST

START_TEST(test_limits)
{
	struct kc_quantity q, big, tiny;
	const char *err = NULL;

	/* 38 significant digits fit, 39 do not */
	ck_assert_int_eq(kc_quantity_parse("99999999999999999999999999999999999999", &q, NULL), 0);
	ck_assert_str_eq(str(&q), "99999999999999999999999999999999999999");
	ck_assert_int_eq(kc_quantity_parse("999999999999999999999999999999999999999", &q, &err),
			 KC_ERR_RANGE);
	ck_assert_ptr_nonnull(err);
	/* trailing zeros move into the scale */
	ck_assert_int_eq(kc_quantity_parse("1000000000000000000000000000000000000000000", &q, NULL),
			 0);
	ck_assert_str_eq(str(&q), "1e42");
	ck_assert_int_eq(kc_quantity_parse("1e2147483647", &q, NULL), 0);
	ck_assert_str_eq(str(&q), "10e2147483646");
	ck_assert_int_eq(kc_quantity_parse("1e2147483648", &q, NULL), KC_ERR_RANGE);
	ck_assert_int_eq(kc_quantity_parse("1e-2147483648", &q, NULL), 0);
	ck_assert_str_eq(str(&q), "1e-9");
	/* add that cannot be exact in 38 digits */
	big = must_parse("1e40");
	tiny = must_parse("1n");
	q = big;
	ck_assert_int_eq(kc_quantity_add(&q, &tiny), KC_ERR_RANGE);
	ck_assert_int_eq(kc_quantity_cmp(&q, &big), 0);
	/* but one that only needs the zeros moved is fine */
	big = must_parse("1e30");
	q = must_parse("1000000000n");
	ck_assert_int_eq(kc_quantity_add(&q, &big), 0);
	ck_assert_str_eq(str(&q), "1000000000000000000000000000001");
	q = must_parse("99999999999999999999999999999999999999");
	ck_assert_int_eq(kc_quantity_mul(&q, 10), 0);
	ck_assert_int_eq(kc_quantity_mul(&q, 3), KC_ERR_RANGE);
	/* the binary fraction path with a long fraction (scratch buffer) stays exact */
	ck_assert_int_eq(kc_quantity_parse("0.0000000000000000000000000000000000000000000000000000"
					   "00000000000000000000000000000000000000000000000000000"
					   "000000000000000000000000000000000000000000001Ei",
					   &q, NULL),
			 0);
	ck_assert_str_eq(str(&q), "1n");
	{
		char in[160] = "0.";

		memset(in + 2, '1', 120);
		strcpy(in + 122, "Ki");
		ck_assert_int_eq(kc_quantity_parse(in, &q, NULL), 0);
		ck_assert_str_eq(str(&q), "113777777778n");
	}
	/* parseQuantityString's quirks: a lone sign is zero, a doubled one is a bad suffix */
	ck_assert_int_eq(kc_quantity_parse("-", &q, NULL), 0);
	ck_assert(kc_quantity_is_zero(&q));
	ck_assert_int_eq(kc_quantity_parse("--", &q, &err), KC_ERR_INVALID);
	ck_assert_str_eq(err, kc_quantity_err_suffix);
	ck_assert_int_eq(kc_quantity_parse("0.0000000000009765625Ki", &q, NULL), 0);
	ck_assert_str_eq(str(&q), "1n");
	ck_assert_int_eq(kc_quantity_parse("0.00000000000097656251Ki", &q, NULL), 0);
	ck_assert_str_eq(str(&q), "2n");
}
END_TEST

START_TEST(test_json)
{
	json_auto_t *s = json_string(" 1 "), *i = json_integer(-1), *r = json_real(0.1),
		    *n = json_null(), *b = json_true(), *out = NULL;
	struct kc_quantity q;
	const char *err = NULL;

	ck_assert_int_eq(kc_quantity_from_json(s, &q, NULL), 0);
	ck_assert_str_eq(str(&q), "1");
	ck_assert_int_eq(kc_quantity_from_json(i, &q, NULL), 0);
	ck_assert_str_eq(str(&q), "-1");
	ck_assert_int_eq(kc_quantity_from_json(r, &q, NULL), 0);
	ck_assert_str_eq(str(&q), "100m");
	ck_assert_int_eq(kc_quantity_from_json(n, &q, NULL), 0);
	ck_assert(kc_quantity_is_zero(&q));
	ck_assert_int_eq(kc_quantity_from_json(b, &q, &err), KC_ERR_INVALID);
	ck_assert_str_eq(err, kc_quantity_err_format);
	q = must_parse("1.5Gi");
	out = kc_quantity_to_json(&q);
	ck_assert_str_eq(json_string_value(out), "1536Mi");
	ck_assert_int_eq(json_string_set(s, "\xc2\xa0"
					    "2Gi\t\n"),
			 0);
	ck_assert_int_eq(kc_quantity_from_json(s, &q, NULL), 0);
	ck_assert_str_eq(str(&q), "2Gi");
}
END_TEST

START_TEST(test_format_small_buffer)
{
	struct kc_quantity q = must_parse("1");
	char buf[4] = "xyz";

	ck_assert_str_eq(kc_quantity_format(&q, buf, sizeof(buf)), "");
	ck_assert_int_eq(kc_quantity_normalize("1000", buf, sizeof(buf), NULL), KC_ERR_RANGE);
}
END_TEST

static Suite *
quantity_suite(void)
{
	Suite *s = suite_create("quantity");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_parse_table, 0, (int)KC_ARRAY_SIZE(parse_table));
	tcase_add_loop_test(tc, test_parse_invalid, 0, (int)KC_ARRAY_SIZE(invalid_table));
	tcase_add_test(tc, test_parse_error_text);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);

	tc = tcase_create("format");
	tcase_add_loop_test(tc, test_string_table, 0, (int)KC_ARRAY_SIZE(string_table));
	tcase_add_loop_test(tc, test_parse_emit, 0, (int)KC_ARRAY_SIZE(emit_table));
	tcase_add_loop_test(tc, test_normalize, 0, (int)KC_ARRAY_SIZE(normalize_table));
	tcase_add_test(tc, test_format_small_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("arith");
	tcase_add_loop_test(tc, test_cmp_table, 0, (int)KC_ARRAY_SIZE(cmp_table));
	tcase_add_loop_test(tc, test_cmp_scaled, 0, (int)KC_ARRAY_SIZE(cmp_scaled_table));
	tcase_add_loop_test(tc, test_add_sub, 0, (int)KC_ARRAY_SIZE(addsub_table));
	tcase_add_test(tc, test_zero_preserves_suffix);
	tcase_add_loop_test(tc, test_mul, 0, (int)KC_ARRAY_SIZE(mul_table));
	tcase_add_loop_test(tc, test_round_up, 0, (int)KC_ARRAY_SIZE(round_table));
	tcase_add_test(tc, test_add_sub_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, test_new_set);
	tcase_add_loop_test(tc, test_new_scaled, 0, (int)KC_ARRAY_SIZE(scaled_table));
	tcase_add_loop_test(tc, test_scaled_value, 0, (int)KC_ARRAY_SIZE(scaled_value_table));
	tcase_add_test(tc, test_value_rounding);
	tcase_add_test(tc, test_as_int64);
	tcase_add_loop_test(tc, test_to_double, 0, (int)KC_ARRAY_SIZE(float_table));
	tcase_add_test(tc, test_string_to_double);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(quantity_suite)
