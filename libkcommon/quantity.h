/*
 * quantity.h - resource.Quantity: fixed-point amounts such as "100m", "1.5Gi", "12e6"
 * (upstream: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go, suffix.go, amount.go).
 *
 * A quantity is value * 10^scale with a signed 128-bit value and a 32-bit base-10 scale, plus
 * the format it was written in (so "1Gi" prints back as "1Gi" and "1G" as "1G").  It is a
 * plain 32-byte value: copy it with '=', nothing to free, and every operation below is
 * allocation-free (only kc_quantity_parse() of a binary-suffixed number with more than nine
 * fractional digits, e.g. "0.0000000001Ki", allocates a scratch buffer).  The zero-initialised
 * struct is the quantity 0 in DecimalSI format.
 *
 * Semantics follow upstream: parsing rounds away from zero to nano precision (1n), BinarySI
 * amounts are capped at 2^63-1, the canonical text is Quantity.String()/CanonicalizeBytes.
 *
 * Limits (upstream falls back to arbitrary precision inf.Dec; we do not):
 *   - |value| <= 10^38 - 1 after parsing rounds to 1n: at most 38 significant digits at the
 *     scale the number needs (e.g. 29 integer digits plus 9 fractional ones);
 *   - an exponent ("1e<N>") must fit in int32 (upstream silently truncates it to int32);
 *   - add/sub/mul that would need more than 38 digits return KC_ERR_RANGE and leave the
 *     quantity unchanged;
 *   - value()/milli_value()/scaled_value() saturate at INT64_MIN/INT64_MAX where upstream
 *     returns an unspecified (wrapped) number.
 * Beyond these limits functions return KC_ERR_RANGE; there is no undefined behaviour.
 *
 * Two deliberate fixes of upstream String() bugs, so that the canonical text always parses
 * back to the same amount: a DecimalSI amount whose canonical exponent is above 18 ("1000E")
 * prints in exponent form ("1e21") where upstream drops the suffix, and a BinarySI amount above
 * the 2^63-1 cap (reachable by add/mul) prints as DecimalSI, since a "Ki".."Ei" text of it would
 * be capped when parsed.
 */
#ifndef KC_QUANTITY_H
#define KC_QUANTITY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

enum kc_quantity_format {
	KC_QUANTITY_DECIMAL_SI = 0,       /* 12M, 100m, 1.5 (the default) */
	KC_QUANTITY_BINARY_SI = 1,        /* 12Mi (12 * 2^20) */
	KC_QUANTITY_DECIMAL_EXPONENT = 2, /* 12e6 */
};

/* Scales (powers of ten) for kc_quantity_from_scaled() and kc_quantity_scaled_value(). */
#define KC_QUANTITY_NANO  (-9)
#define KC_QUANTITY_MICRO (-6)
#define KC_QUANTITY_MILLI (-3)
#define KC_QUANTITY_KILO  3
#define KC_QUANTITY_MEGA  6
#define KC_QUANTITY_GIGA  9

/* A buffer this large always holds kc_quantity_format()'s output and its NUL. */
#define KC_QUANTITY_BUFSZ 64

struct kc_quantity {
	__int128 value; /* the amount is value * 10^scale; |value| <= 10^38 - 1 */
	int32_t scale;  /* >= KC_QUANTITY_NANO */
	uint8_t format; /* enum kc_quantity_format */
	uint8_t flags;  /* private: how the text was written, for kc_quantity_normalize() */
};

#define KC_QUANTITY_INIT \
	{                \
		0        \
	}

/*
 * Parses s (ParseQuantity): "<sign><digits>[.<digits>]<suffix>" with the suffixes
 * n u m "" k M G T P E, Ki Mi Gi Ti Pi Ei, or e<int>/E<int>.  No surrounding whitespace.
 * On failure returns KC_ERR_INVALID with *ret_err set to upstream's message
 * ("quantities must match the regular expression '...'", "unable to parse numeric part of
 * quantity", "unable to parse quantity's suffix"), KC_ERR_RANGE beyond the limits above, or
 * KC_ERR_NOMEM.  ret_err (a static string) may be NULL.  *ret is set only on success.
 */
int kc_quantity_parse(const char *s, struct kc_quantity *ret, const char **ret_err);
/* The same for len bytes at s (which need not be NUL-terminated; a NUL byte is invalid). */
int kc_quantity_parsen(const char *s, size_t len, struct kc_quantity *ret, const char **ret_err);

/* Upstream's error strings, for callers that build their own messages. */
extern const char kc_quantity_err_format[];  /* ErrFormatWrong */
extern const char kc_quantity_err_numeric[]; /* ErrNumeric */
extern const char kc_quantity_err_suffix[];  /* ErrSuffix */

/*
 * Writes the canonical text (Quantity.String(): "1536Mi" for 1.5Gi, "500m" for 0.5, "1e3" for
 * 1e3) into buf and returns buf.  size must be >= KC_QUANTITY_BUFSZ (else "" is written, or
 * nothing at all when size is 0).
 */
const char *kc_quantity_format(const struct kc_quantity *q, char *buf, size_t size);

/*
 * What upstream serializes for a quantity parsed from s: s itself where upstream keeps the
 * parsed text (already-canonical input such as "100m" or "1Gi", and its quirks: "+1", "1E3",
 * "01" are kept too), the canonical text otherwise.  Returns the length written to buf (size
 * >= KC_QUANTITY_BUFSZ, and s must fit), or a kc_quantity_parse() error.
 */
int kc_quantity_normalize(const char *s, char *buf, size_t size, const char **ret_err);

/* Constructors (NewQuantity, NewMilliQuantity, NewScaledQuantity with a format). */
struct kc_quantity kc_quantity_from_int64(int64_t value, enum kc_quantity_format format);
struct kc_quantity kc_quantity_from_milli(int64_t milli, enum kc_quantity_format format);
/* value * 10^scale; a scale below KC_QUANTITY_NANO is rounded away from zero to 1n. */
struct kc_quantity kc_quantity_from_scaled(int64_t value, int32_t scale,
					   enum kc_quantity_format format);

int kc_quantity_is_zero(const struct kc_quantity *q);
/* -1, 0 or 1. */
int kc_quantity_sign(const struct kc_quantity *q);
/* -1, 0 or 1 as a < b, a == b, a > b (Cmp); exact at any scale. */
int kc_quantity_cmp(const struct kc_quantity *a, const struct kc_quantity *b);
int kc_quantity_cmp_int64(const struct kc_quantity *q, int64_t v);

/*
 * q += y (Add) and q -= y (Sub).  When q is zero it takes y's format, as upstream.  Returns 0,
 * or KC_ERR_RANGE (q unchanged) when the exact result does not fit.
 */
int kc_quantity_add(struct kc_quantity *q, const struct kc_quantity *y);
int kc_quantity_sub(struct kc_quantity *q, const struct kc_quantity *y);
/* q *= n; KC_ERR_RANGE (q unchanged) when the result does not fit. */
int kc_quantity_mul(struct kc_quantity *q, int64_t n);
void kc_quantity_neg(struct kc_quantity *q);
/*
 * RoundUp: rounds q away from zero to a multiple of 10^scale when q is finer than that.
 * Returns 1 when no precision was lost, 0 when it was.
 */
int kc_quantity_round_up(struct kc_quantity *q, int32_t scale);

/* ceil(|q|) with q's sign (Value: rounds away from zero), saturating at INT64_MIN/MAX. */
int64_t kc_quantity_value(const struct kc_quantity *q);
/* ceil(q * 1000) away from zero (MilliValue), saturating. */
int64_t kc_quantity_milli_value(const struct kc_quantity *q);
/* ceil(q / 10^scale) away from zero (ScaledValue), saturating. */
int64_t kc_quantity_scaled_value(const struct kc_quantity *q, int32_t scale);
/* 0 and *ret when q is an integer that fits in int64, else KC_ERR_RANGE. */
int kc_quantity_as_int64(const struct kc_quantity *q, int64_t *ret);
/* AsApproximateFloat64: may lose precision; +-inf beyond double's range. */
double kc_quantity_to_double(const struct kc_quantity *q);

/*
 * From a JSON value as Quantity.UnmarshalJSON: a string (surrounding whitespace trimmed), a
 * number, or null (zero).  Errors as kc_quantity_parse().
 */
int kc_quantity_from_json(const json_t *v, struct kc_quantity *ret, const char **ret_err);
/* A new JSON string with the canonical text; NULL when out of memory. */
json_t *kc_quantity_to_json(const struct kc_quantity *q);

#endif
