/*
 * quantity.c - resource.Quantity parse, arithmetic and canonical text (upstream:
 * staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go, suffix.go, amount.go, math.go).
 *
 * Upstream keeps an int64 mantissa with a base-10 scale and falls back to inf.Dec; we keep a
 * 128-bit mantissa with an int32 scale, which covers every amount upstream's fast path handles
 * and most of what its inf.Dec path handles, with KC_ERR_RANGE beyond (see quantity.h).
 * Parsing follows parseQuantityString() byte for byte so that the same strings are accepted
 * and rejected with the same errors; the value is then computed exactly and rounded away from
 * zero to 1n, as ParseQuantity's inf.Dec path does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/quantity.h"

typedef unsigned __int128 u128;
typedef __int128 i128;

#define MAX_DIGITS     38
#define QFLAG_VERBATIM 0x01 /* upstream would keep the parsed text as String() */
#define INT64_MAX_U128 ((u128)INT64_MAX)

const char kc_quantity_err_format[] =
	"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const char kc_quantity_err_numeric[] = "unable to parse numeric part of quantity";
const char kc_quantity_err_suffix[] = "unable to parse quantity's suffix";
static const char err_range[] = "quantity is out of the supported range";

static const uint64_t pow10_u64[20] = {
	1ULL,
	10ULL,
	100ULL,
	1000ULL,
	10000ULL,
	100000ULL,
	1000000ULL,
	10000000ULL,
	100000000ULL,
	1000000000ULL,
	10000000000ULL,
	100000000000ULL,
	1000000000000ULL,
	10000000000000ULL,
	100000000000000ULL,
	1000000000000000ULL,
	10000000000000000ULL,
	100000000000000000ULL,
	1000000000000000000ULL,
	10000000000000000000ULL,
};

/* 10^k for 0 <= k <= 38. */
static u128
p10(unsigned k)
{
	if (k <= 19)
		return pow10_u64[k];
	return (u128)pow10_u64[19] * pow10_u64[k - 19];
}

/* 10^38 - 1 */
static u128
max_mantissa(void)
{
	return ((u128)0x4b3b4ca85a86c47aULL << 64) | 0x098a223fffffffffULL;
}

/* |v| < 2^64: then v * 10^k for k <= 18, and a sum of two such, stay below 10^38. */
static int
is_small(i128 v)
{
	return v > -(i128)UINT64_MAX && v < (i128)UINT64_MAX;
}

static u128
mag(i128 v)
{
	return v < 0 ? -(u128)v : (u128)v;
}

/* m * 10^k into *ret; false when it does not fit in 128 bits. */
static int
mul_p10(u128 m, int64_t k, u128 *ret)
{
	if (m == 0) {
		*ret = 0;
		return 1;
	}
	if (k < 0 || k > MAX_DIGITS)
		return 0;
	return !__builtin_mul_overflow(m, p10((unsigned)k), ret);
}

/* m / 10^k rounded away from zero; *exact says whether nothing was dropped. */
static u128
div_p10_up(u128 m, int64_t k, int *exact)
{
	u128 d, q;

	if (k <= 0) {
		*exact = 1;
		return m;
	}
	if (k > MAX_DIGITS) {
		*exact = m == 0;
		return m != 0;
	}
	d = p10((unsigned)k);
	q = m / d;
	*exact = m % d == 0;
	return q + !*exact;
}

/* Strips trailing decimal zeros from v into the scale while the scale stays in range. */
static void
strip_zeros(i128 *v, int32_t *scale)
{
	if (*v == 0)
		return;
	while (*v % 10 == 0 && *scale < INT32_MAX) {
		*v /= 10;
		(*scale)++;
	}
}

/* ---- parsing ---------------------------------------------------------------------------- */

struct qtext {
	const char *s;
	size_t len;
	int negative;
	int has_digits; /* any digit in the numeric part (else inf.Dec cannot parse it) */
	size_t int_off; /* integer digits after leading zeros */
	size_t int_len;
	size_t frac_off; /* digits after '.' */
	size_t frac_len;
	size_t suffix_off;
	size_t suffix_len;
};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_suffix_char(char c)
{
	return c != '\0' && strchr("eEinumkKMGTP", c) != NULL;
}

/* parseQuantityString(): splits sign, integer, fraction and suffix; 0 or -1 (ErrFormatWrong). */
static int
scan_text(const char *s, size_t len, struct qtext *t)
{
	size_t pos = 0;

	memset(t, 0, sizeof(*t));
	t->s = s;
	t->len = len;
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		t->negative = s[0] == '-';
		pos++;
	}
	while (pos < len && s[pos] == '0') {
		t->has_digits = 1;
		pos++;
	}
	t->int_off = pos;
	if (pos >= len)
		return 0;
	while (pos < len && is_digit(s[pos]))
		pos++;
	t->int_len = pos - t->int_off;
	t->has_digits |= t->int_len > 0;
	t->frac_off = pos;
	if (pos >= len)
		return 0;
	if (s[pos] == '.') {
		pos++;
		t->frac_off = pos;
		while (pos < len && is_digit(s[pos]))
			pos++;
		t->frac_len = pos - t->frac_off;
		t->has_digits |= t->frac_len > 0;
		if (pos >= len)
			return 0;
	}
	t->suffix_off = pos;
	while (pos < len && is_suffix_char(s[pos]))
		pos++;
	if (pos < len && (s[pos] == '-' || s[pos] == '+'))
		pos++;
	while (pos < len && is_digit(s[pos]))
		pos++;
	if (pos < len)
		return -1;
	t->suffix_len = len - t->suffix_off;
	return 0;
}

/* Digit k of the integer digits followed by the fraction digits. */
static int
digit_at(const struct qtext *t, size_t k)
{
	if (k < t->int_len)
		return t->s[t->int_off + k] - '0';
	return t->s[t->frac_off + k - t->int_len] - '0';
}

struct qsuffix {
	int base;    /* 10 or 2 */
	int64_t exp; /* power of base */
	enum kc_quantity_format format;
};

/* strconv.ParseInt(s, 10, 64): optional sign, at least one digit, no overflow. */
static int
parse_go_int64(const char *s, size_t len, int64_t *ret)
{
	size_t i = 0;
	int neg = 0;
	u128 v = 0;

	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (u128)(s[i] - '0');
		if (v > (u128)INT64_MAX + 1)
			return -1;
	}
	if (!neg && v > (u128)INT64_MAX)
		return -1;
	*ret = neg ? (int64_t)(-(i128)v) : (int64_t)v;
	return 0;
}

/* quantitySuffixer.interpret(); 0, KC_ERR_INVALID (ErrSuffix) or KC_ERR_RANGE. */
static int
interpret_suffix(const char *s, size_t len, struct qsuffix *ret)
{
	static const struct {
		const char *name;
		int base;
		int exp;
	} table[] = {
		{ "", 10, 0 },   { "n", 10, -9 }, { "u", 10, -6 }, { "m", 10, -3 },
		{ "k", 10, 3 },  { "M", 10, 6 },  { "G", 10, 9 },  { "T", 10, 12 },
		{ "P", 10, 15 }, { "E", 10, 18 }, { "Ki", 2, 10 }, { "Mi", 2, 20 },
		{ "Gi", 2, 30 }, { "Ti", 2, 40 }, { "Pi", 2, 50 }, { "Ei", 2, 60 },
	};
	int64_t e;

	for (size_t i = 0; i < KC_ARRAY_SIZE(table); i++) {
		if (strlen(table[i].name) == len && memcmp(table[i].name, s, len) == 0) {
			ret->base = table[i].base;
			ret->exp = table[i].exp;
			ret->format =
				table[i].base == 2 ? KC_QUANTITY_BINARY_SI : KC_QUANTITY_DECIMAL_SI;
			return 0;
		}
	}
	if (len < 2 || (s[0] != 'e' && s[0] != 'E') || parse_go_int64(s + 1, len - 1, &e) < 0)
		return KC_ERR_INVALID;
	if (e < INT32_MIN || e > INT32_MAX)
		return KC_ERR_RANGE;
	ret->base = 10;
	ret->exp = e;
	ret->format = KC_QUANTITY_DECIMAL_EXPONENT;
	return 0;
}

/*
 * Upstream's int64 fast path in ParseQuantity: whether it is taken (else the inf.Dec path,
 * which fails with ErrNumeric on a number without digits) and whether it keeps the input as
 * the cached String().
 */
static void
upstream_fast_path(const struct qtext *t, const struct qsuffix *sfx, int *fast, int *verbatim)
{
	size_t num_len = t->int_len > 0 ? t->int_len : 1; /* "0" when all digits were zeros */
	size_t n = num_len + t->frac_len;

	*fast = 0;
	*verbatim = 0;
	if (sfx->base == 2) {
		uint64_t v = 0;

		if (t->frac_len != 0 || 15 - (int64_t)num_len - sfx->exp * 3 / 10 - 1 < 0)
			return;
		for (size_t i = 0; i < t->int_len; i++)
			v = v * 10 + (uint64_t)digit_at(t, i);
		*fast = 1;
		*verbatim = (v & 7) != 0;
		return;
	}
	if (18 - (int64_t)n < 0 || sfx->exp - (int64_t)t->frac_len < -9)
		return;
	*fast = 1;
	if ((sfx->exp - (int64_t)t->frac_len) % 3 != 0 || t->int_len == 0)
		return;
	if (n >= 3 && digit_at(t, n - 1) == 0 && digit_at(t, n - 2) == 0 && digit_at(t, n - 3) == 0)
		return;
	*verbatim = 1;
}

/* The significant digits [lo, hi] of integer+fraction; false when they are all zeros. */
static int
significant_digits(const struct qtext *t, size_t *lo, size_t *hi)
{
	size_t total = t->int_len + t->frac_len, i;

	for (i = 0; i < total && digit_at(t, i) == 0; i++)
		;
	if (i == total)
		return 0;
	*lo = i;
	for (i = total - 1; digit_at(t, i) == 0; i--)
		;
	*hi = i;
	return 1;
}

static u128
digits_value(const struct qtext *t, size_t from, size_t n)
{
	u128 v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (u128)digit_at(t, from + i);
	return v;
}

/* A decimal amount D * 10^e10, rounded away from zero to 1n. */
static int
decimal_amount(const struct qtext *t, size_t lo, size_t hi, int64_t e10, struct kc_quantity *q)
{
	int64_t n = (int64_t)(hi - lo + 1);
	int64_t keep;
	u128 v;

	if (e10 >= KC_QUANTITY_NANO) {
		if (n > MAX_DIGITS || e10 > INT32_MAX)
			return KC_ERR_RANGE;
		q->value = (i128)digits_value(t, lo, (size_t)n);
		q->scale = (int32_t)e10;
		return 0;
	}
	keep = n + e10 - KC_QUANTITY_NANO; /* digits at or above 10^-9 */
	if (keep <= 0) {
		v = 1;
	} else {
		if (keep > MAX_DIGITS)
			return KC_ERR_RANGE;
		/* the dropped digits end in a non-zero one: round up */
		v = digits_value(t, lo, (size_t)keep) + 1;
		if (v > max_mantissa())
			return KC_ERR_RANGE;
	}
	q->value = (i128)v;
	q->scale = KC_QUANTITY_NANO;
	return 0;
}

/* (2^63 - 1) * 10^9: upstream's BinarySI cap in nano units. */
static u128
binary_cap_nano(void)
{
	return INT64_MAX_U128 * 1000000000U;
}

/*
 * ceil(D * 2^b / 10^j) for the digits [lo, hi], exactly, with a scratch digit array; sets *capped
 * when the result exceeds the BinarySI cap in nano units.
 */
static int
binary_fraction_nano(const struct qtext *t, size_t lo, size_t hi, int b, int64_t j, u128 *ret,
		     int *capped)
{
	size_t n = hi - lo + 1, len = n + 20, i, qlen, first;
	unsigned char stackbuf[128];
	KC_AUTOFREE unsigned char *heap = NULL;
	unsigned char *d = stackbuf;
	int sticky = 0;
	u128 v = 0;

	if (len > sizeof(stackbuf)) {
		heap = malloc(len);
		if (heap == NULL)
			return KC_ERR_NOMEM;
		d = heap;
	}
	memset(d, 0, len - n);
	for (i = 0; i < n; i++)
		d[len - n + i] = (unsigned char)digit_at(t, lo + i);
	while (b > 0) {
		int step = b > 30 ? 30 : b;
		uint64_t carry = 0;

		for (i = len; i-- > 0;) {
			uint64_t x = ((uint64_t)d[i] << step) + carry;

			d[i] = (unsigned char)(x % 10);
			carry = x / 10;
		}
		b -= step;
	}
	*capped = 0;
	qlen = (int64_t)len > j ? len - (size_t)j : 0;
	for (i = qlen; i < len; i++)
		sticky |= d[i] != 0;
	for (first = 0; first < qlen && d[first] == 0; first++)
		;
	if (qlen - first > 29) { /* >= 10^29 > the cap */
		*capped = 1;
		return 0;
	}
	for (i = first; i < qlen; i++)
		v = v * 10 + d[i];
	v += (u128)sticky;
	if (v > binary_cap_nano())
		*capped = 1;
	*ret = v;
	return 0;
}

/* A binary-suffixed amount D * 10^e10 * 2^b, rounded up to 1n and capped at 2^63-1. */
static int
binary_amount(const struct qtext *t, size_t lo, size_t hi, int64_t e10, int b,
	      struct kc_quantity *q)
{
	int64_t n = (int64_t)(hi - lo + 1);
	int capped = 0;
	u128 v = 0;

	if (n + e10 > 20) {
		capped = 1;
	} else if (e10 >= 0) {
		v = digits_value(t, lo, (size_t)n) * p10((unsigned)e10);
		capped = v > (INT64_MAX_U128 >> b);
		q->value = capped ? 0 : (i128)(v << b);
		q->scale = 0;
	} else if (e10 >= KC_QUANTITY_NANO) {
		v = digits_value(t, lo, (size_t)n) * p10((unsigned)(e10 - KC_QUANTITY_NANO));
		capped = v > (binary_cap_nano() >> b);
		q->value = capped ? 0 : (i128)(v << b);
		q->scale = KC_QUANTITY_NANO;
	} else {
		int r = binary_fraction_nano(t, lo, hi, b, KC_QUANTITY_NANO - e10, &v, &capped);

		if (r < 0)
			return r;
		q->value = (i128)v;
		q->scale = KC_QUANTITY_NANO;
	}
	if (capped) {
		q->value = INT64_MAX;
		q->scale = 0;
	} else if (q->scale < 0 && mag(q->value) < p10((unsigned)-q->scale)) {
		/* a non-zero amount below 1 is shown in DecimalSI to avoid rounding it */
		q->format = KC_QUANTITY_DECIMAL_SI;
	}
	return 0;
}

static int
parse_fail(int r, const char *msg, const char **ret_err)
{
	if (ret_err != NULL)
		*ret_err = msg;
	return r;
}

int
kc_quantity_parsen(const char *s, size_t len, struct kc_quantity *ret, const char **ret_err)
{
	struct kc_quantity q = KC_QUANTITY_INIT;
	struct qtext t;
	struct qsuffix sfx;
	size_t lo, hi;
	int fast, verbatim, r;

	if (len == 0 || scan_text(s, len, &t) < 0)
		return parse_fail(KC_ERR_INVALID, kc_quantity_err_format, ret_err);
	r = interpret_suffix(s + t.suffix_off, t.suffix_len, &sfx);
	if (r == KC_ERR_RANGE)
		return parse_fail(r, err_range, ret_err);
	if (r < 0)
		return parse_fail(KC_ERR_INVALID, kc_quantity_err_suffix, ret_err);
	upstream_fast_path(&t, &sfx, &fast, &verbatim);
	if (!t.has_digits && !fast)
		return parse_fail(KC_ERR_INVALID, kc_quantity_err_numeric, ret_err);

	q.format = (uint8_t)sfx.format;
	if (significant_digits(&t, &lo, &hi)) {
		int64_t e10 = (int64_t)(t.int_len + t.frac_len - 1 - hi) - (int64_t)t.frac_len;

		if (sfx.base == 10)
			r = decimal_amount(&t, lo, hi, e10 + sfx.exp, &q);
		else
			r = binary_amount(&t, lo, hi, e10, (int)sfx.exp, &q);
		if (r < 0)
			return parse_fail(r, r == KC_ERR_NOMEM ? "out of memory" : err_range,
					  ret_err);
		if (t.negative)
			q.value = -q.value;
	}
	if (verbatim || (len == 1 && s[0] == '0'))
		q.flags |= QFLAG_VERBATIM;
	*ret = q;
	return 0;
}

int
kc_quantity_parse(const char *s, struct kc_quantity *ret, const char **ret_err)
{
	return kc_quantity_parsen(s, strlen(s), ret, ret_err);
}

/* ---- formatting ------------------------------------------------------------------------- */

/* Decimal digits of v into out (no NUL); returns their count. */
static size_t
u128_digits(u128 v, char *out)
{
	char tmp[40];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static int
cmp_mag(u128 a, int64_t sa, u128 b, int64_t sb)
{
	u128 x;

	if (sa > sb) {
		if (!mul_p10(a, sa - sb, &x))
			return 1;
		a = x;
	} else if (sb > sa) {
		if (!mul_p10(b, sb - sa, &x))
			return -1;
		b = x;
	}
	return a < b ? -1 : a > b;
}

/* BinarySI text "<n><Ki..Ei>" when q is an exact integer in [1024, 2^63); else 0. */
static size_t
format_binary(const struct kc_quantity *q, char *out)
{
	static const char *const suffixes[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	u128 m = mag(q->value), v;
	size_t n = 0;
	int exact, e = 0;

	if (cmp_mag(m, q->scale, 1024, 0) < 0)
		return 0;
	if (q->scale >= 0) {
		if (!mul_p10(m, q->scale, &v))
			return 0;
	} else {
		v = div_p10_up(m, -(int64_t)q->scale, &exact);
		if (!exact)
			return 0;
	}
	/* beyond upstream's BinarySI cap a binary text would not parse back to the same amount */
	if (v > INT64_MAX_U128)
		return 0;
	while (v % 1024 == 0) {
		v /= 1024;
		e++;
	}
	if (q->value < 0)
		out[n++] = '-';
	n += u128_digits(v, out + n);
	memcpy(out + n, suffixes[e], strlen(suffixes[e]));
	return n + strlen(suffixes[e]);
}

/* DecimalSI / DecimalExponent text: mantissa with the exponent a multiple of 3. */
static size_t
format_decimal(const struct kc_quantity *q, int format, char *out)
{
	static const char *const si[] = { "n", "u", "m", "", "k", "M", "G", "T", "P", "E" };
	i128 v = q->value;
	int32_t scale = q->scale;
	int64_t exp;
	size_t n = 0;
	int pad;

	/* zeros that cannot move into the scale (it is at INT32_MAX) stay digits */
	strip_zeros(&v, &scale);
	if (q->value < 0)
		out[n++] = '-';
	n += u128_digits(mag(v), out + n);
	exp = scale;
	pad = (int)(((exp % 3) + 3) % 3);
	memset(out + n, '0', (size_t)pad);
	n += (size_t)pad;
	exp -= pad;
	if (format == KC_QUANTITY_DECIMAL_SI && exp >= -9 && exp <= 18) {
		const char *sfx = si[(exp + 9) / 3];

		memcpy(out + n, sfx, strlen(sfx));
		return n + strlen(sfx);
	}
	if (exp != 0)
		n += (size_t)sprintf(out + n, "e%lld", (long long)exp);
	return n;
}

const char *
kc_quantity_format(const struct kc_quantity *q, char *buf, size_t size)
{
	size_t n = 0;
	int format = q->format;

	if (size < KC_QUANTITY_BUFSZ) {
		if (size > 0)
			buf[0] = '\0';
		return buf;
	}
	if (q->value == 0) {
		strcpy(buf, "0");
		return buf;
	}
	if (format == KC_QUANTITY_BINARY_SI) {
		n = format_binary(q, buf);
		format = KC_QUANTITY_DECIMAL_SI;
	} else if (format != KC_QUANTITY_DECIMAL_SI) {
		format = KC_QUANTITY_DECIMAL_EXPONENT;
	}
	if (n == 0)
		n = format_decimal(q, format, buf);
	buf[n] = '\0';
	return buf;
}

int
kc_quantity_normalize(const char *s, char *buf, size_t size, const char **ret_err)
{
	struct kc_quantity q;
	size_t len = strlen(s);
	int r = kc_quantity_parsen(s, len, &q, ret_err);

	if (r < 0)
		return r;
	if (q.flags & QFLAG_VERBATIM) {
		if (len >= size)
			return parse_fail(KC_ERR_RANGE, err_range, ret_err);
		memcpy(buf, s, len + 1);
		return (int)len;
	}
	if (size < KC_QUANTITY_BUFSZ)
		return parse_fail(KC_ERR_RANGE, err_range, ret_err);
	return (int)strlen(kc_quantity_format(&q, buf, size));
}

/* ---- construction and arithmetic -------------------------------------------------------- */

struct kc_quantity
kc_quantity_from_scaled(int64_t value, int32_t scale, enum kc_quantity_format format)
{
	struct kc_quantity q = { .value = value, .scale = scale, .format = (uint8_t)format };

	if (scale < KC_QUANTITY_NANO) {
		int exact;
		u128 m = div_p10_up(mag(value), (int64_t)KC_QUANTITY_NANO - scale, &exact);

		q.value = value < 0 ? -(i128)m : (i128)m;
		q.scale = KC_QUANTITY_NANO;
	}
	return q;
}

struct kc_quantity
kc_quantity_from_int64(int64_t value, enum kc_quantity_format format)
{
	return kc_quantity_from_scaled(value, 0, format);
}

struct kc_quantity
kc_quantity_from_milli(int64_t milli, enum kc_quantity_format format)
{
	return kc_quantity_from_scaled(milli, KC_QUANTITY_MILLI, format);
}

int
kc_quantity_is_zero(const struct kc_quantity *q)
{
	return q->value == 0;
}

int
kc_quantity_sign(const struct kc_quantity *q)
{
	return q->value < 0 ? -1 : q->value > 0;
}

int
kc_quantity_cmp(const struct kc_quantity *a, const struct kc_quantity *b)
{
	int sa = kc_quantity_sign(a), sb = kc_quantity_sign(b), c;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	if (a->scale == b->scale)
		return a->value < b->value ? -1 : a->value > b->value;
	c = cmp_mag(mag(a->value), a->scale, mag(b->value), b->scale);
	return sa > 0 ? c : -c;
}

int
kc_quantity_cmp_int64(const struct kc_quantity *q, int64_t v)
{
	struct kc_quantity b = kc_quantity_from_int64(v, KC_QUANTITY_DECIMAL_SI);

	return kc_quantity_cmp(q, &b);
}

/* a*10^(sa-s) + b*10^(sb-s) at s = min(sa, sb); false when it does not fit. */
static int
add_aligned(i128 a, int32_t sa, i128 b, int32_t sb, i128 *ret, int32_t *ret_scale)
{
	int32_t s = sa < sb ? sa : sb;
	u128 ma, mb;
	i128 sum;

	if (!mul_p10(mag(a), (int64_t)sa - s, &ma) || !mul_p10(mag(b), (int64_t)sb - s, &mb) ||
	    ma > max_mantissa() || mb > max_mantissa())
		return 0;
	if (__builtin_add_overflow(a < 0 ? -(i128)ma : (i128)ma, b < 0 ? -(i128)mb : (i128)mb,
				   &sum))
		return 0;
	while (mag(sum) > max_mantissa()) {
		if (sum % 10 != 0 || s == INT32_MAX)
			return 0;
		sum /= 10;
		s++;
	}
	*ret = sum;
	*ret_scale = s;
	return 1;
}

int
kc_quantity_add(struct kc_quantity *q, const struct kc_quantity *y)
{
	i128 a = q->value, b = y->value, sum;
	int32_t sa = q->scale, sb = y->scale, s;

	if (q->value == 0) {
		q->format = y->format;
		q->value = y->value;
		q->scale = y->value == 0 ? 0 : y->scale;
		q->flags = 0;
		return 0;
	}
	if (y->value == 0) {
		q->flags = 0;
		return 0;
	}
	if (is_small(a) && is_small(b) && (sa > sb ? sa - sb : sb - sa) <= 18) {
		/* the common case (requests summed per node): no overflow is possible */
		s = sa < sb ? sa : sb;
		sum = a * (i128)pow10_u64[sa - s] + b * (i128)pow10_u64[sb - s];
	} else if (!add_aligned(a, sa, b, sb, &sum, &s)) {
		/* trailing zeros moved into the scales may make the aligned sum fit */
		strip_zeros(&a, &sa);
		strip_zeros(&b, &sb);
		if (!add_aligned(a, sa, b, sb, &sum, &s))
			return KC_ERR_RANGE;
	}
	q->value = sum;
	q->scale = sum == 0 ? 0 : s;
	q->flags = 0;
	return 0;
}

int
kc_quantity_sub(struct kc_quantity *q, const struct kc_quantity *y)
{
	struct kc_quantity neg = *y;

	neg.value = -neg.value;
	return kc_quantity_add(q, &neg);
}

int
kc_quantity_mul(struct kc_quantity *q, int64_t n)
{
	i128 v = q->value, p;
	int32_t s = q->scale;

	if (n == 0 || v == 0) {
		q->value = 0;
		q->scale = 0;
		q->flags = 0;
		return 0;
	}
	if (__builtin_mul_overflow(v, (i128)n, &p) || mag(p) > max_mantissa()) {
		i128 m = n;

		/* move the factors of ten of both operands into the scale, then retry */
		strip_zeros(&v, &s);
		while (m % 10 == 0 && s < INT32_MAX) {
			m /= 10;
			s++;
		}
		if (__builtin_mul_overflow(v, m, &p))
			return KC_ERR_RANGE;
		while (mag(p) > max_mantissa()) {
			if (p % 10 != 0 || s == INT32_MAX)
				return KC_ERR_RANGE;
			p /= 10;
			s++;
		}
	}
	q->value = p;
	q->scale = s;
	q->flags = 0;
	return 0;
}

void
kc_quantity_neg(struct kc_quantity *q)
{
	q->value = -q->value;
	q->flags = 0;
}

int
kc_quantity_round_up(struct kc_quantity *q, int32_t scale)
{
	int exact;
	u128 m;

	if (q->scale >= scale)
		return 1;
	m = div_p10_up(mag(q->value), (int64_t)scale - q->scale, &exact);
	q->value = q->value < 0 ? -(i128)m : (i128)m;
	q->scale = scale;
	q->flags = 0;
	return exact;
}

int64_t
kc_quantity_scaled_value(const struct kc_quantity *q, int32_t scale)
{
	u128 m = mag(q->value), v;
	int exact;

	if (q->scale >= scale) {
		if (!mul_p10(m, (int64_t)q->scale - scale, &v))
			v = (u128)INT64_MAX + 1;
	} else {
		v = div_p10_up(m, (int64_t)scale - q->scale, &exact);
	}
	if (q->value < 0)
		return v > (u128)INT64_MAX + 1 ? INT64_MIN : (int64_t)(-(i128)v);
	return v > (u128)INT64_MAX ? INT64_MAX : (int64_t)v;
}

int64_t
kc_quantity_value(const struct kc_quantity *q)
{
	return kc_quantity_scaled_value(q, 0);
}

int64_t
kc_quantity_milli_value(const struct kc_quantity *q)
{
	return kc_quantity_scaled_value(q, KC_QUANTITY_MILLI);
}

int
kc_quantity_as_int64(const struct kc_quantity *q, int64_t *ret)
{
	u128 m = mag(q->value), v;
	int exact = 1;

	if (q->scale >= 0) {
		if (!mul_p10(m, q->scale, &v))
			return KC_ERR_RANGE;
	} else {
		v = div_p10_up(m, -(int64_t)q->scale, &exact);
	}
	if (!exact || v > (u128)INT64_MAX + (q->value < 0))
		return KC_ERR_RANGE;
	*ret = q->value < 0 ? (int64_t)(-(i128)v) : (int64_t)v;
	return 0;
}

double
kc_quantity_to_double(const struct kc_quantity *q)
{
	double base = (double)q->value;

	if (q->value == 0 || q->scale == 0)
		return base;
	return base * pow(10.0, (double)q->scale);
}

/* ---- JSON -------------------------------------------------------------------------------- */

/* Length of the Unicode white space (unicode.IsSpace) character starting at s, or 0. */
static size_t
space_len_at(const unsigned char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
		return 1;
	if (len >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (len >= 3 && s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80) /* U+1680 */
		return 3;
	if (len >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf))
		return 3; /* U+2000..U+200A, U+2028, U+2029, U+202F */
	if (len >= 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f) /* U+205F */
		return 3;
	if (len >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80) /* U+3000 */
		return 3;
	return 0;
}

/* strings.TrimSpace on [*s, *s + *len). */
static void
trim_space(const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = *len, k;

	while (n > 0 && (k = space_len_at(p, n)) > 0) {
		p += k;
		n -= k;
	}
	for (;;) {
		size_t found = 0;

		for (k = 1; k <= 3 && k <= n; k++)
			if (space_len_at(p + n - k, k) == k)
				found = k;
		if (found == 0)
			break;
		n -= found;
	}
	*s = (const char *)p;
	*len = n;
}

int
kc_quantity_from_json(const json_t *v, struct kc_quantity *ret, const char **ret_err)
{
	char buf[40];
	const char *s;
	size_t len;

	switch (json_typeof(v)) {
	case JSON_NULL:
		*ret = (struct kc_quantity)KC_QUANTITY_INIT;
		return 0;
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		trim_space(&s, &len);
		return kc_quantity_parsen(s, len, ret, ret_err);
	case JSON_INTEGER:
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return kc_quantity_parse(buf, ret, ret_err);
	case JSON_REAL:
		/* the shortest text that reads back as the same double, as the JSON had it */
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, json_real_value(v));
			if (strtod(buf, NULL) == json_real_value(v))
				break;
		}
		return kc_quantity_parse(buf, ret, ret_err);
	default:
		return parse_fail(KC_ERR_INVALID, kc_quantity_err_format, ret_err);
	}
}

json_t *
kc_quantity_to_json(const struct kc_quantity *q)
{
	char buf[KC_QUANTITY_BUFSZ];

	return json_string(kc_quantity_format(q, buf, sizeof(buf)));
}
