/*
 * protobuf.c - the application/vnd.kubernetes.protobuf request-body transcoder (upstream:
 * apimachinery/pkg/runtime/serializer/protobuf/protobuf.go Decode, the gogo-generated Unmarshal
 * methods (generated.pb.go) with skipGenerated, metav1 time_proto.go/micro_time_proto.go,
 * resource quantity_proto.go, and encoding/json on the result).
 *
 * Two passes.  decode_fields() walks the wire bytes of one message with the table of
 * protobuf_types.c and collects what is present into a "raw" JSON object keyed by JSON name:
 * scalars replace, lists append, map entries replace, a repeated singular message merges into
 * the first (protobuf merge semantics), and an inline message's fields land in its parent's raw
 * object, as encoding/json promotes them.  finalize_message() then writes the object as
 * encoding/json would: fields in Go declaration order, omitempty applied, absent fields as Go's
 * zero values, map keys sorted.  Special types (Time, Quantity, ...) become their final JSON in
 * the first pass and are replaced, not merged, when repeated.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "kube-apiserver/endpoints/protobuf.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/quantity.h"

enum wire_type {
	WT_VARINT = 0,
	WT_FIXED64 = 1,
	WT_BYTES = 2,
	WT_START_GROUP = 3,
	WT_END_GROUP = 4,
	WT_FIXED32 = 5,
};

/* time.Unix() seconds of Go's zero time.Time (January 1, year 1, UTC). */
#define GO_ZERO_TIME_UNIX (-62135596800LL)
/* Seconds from 0000-01-01 to 9999-12-31T23:59:59, the years RFC 3339 can write. */
#define YEAR0_UNIX    (-62167219200LL)
#define YEAR9999_UNIX (253402300799LL)

static const char err_eof[] = "unexpected EOF";
static const char err_overflow[] = "proto: integer overflow";
static const char err_negative_len[] = "proto: negative length found during unmarshaling";

struct reader {
	const uint8_t *p;
	const uint8_t *end;
};

struct decoder {
	size_t budget; /* JSON values still allowed */
	int depth;
	int code;  /* the first error */
	char *err; /* its message, malloc()ed */
};

static int fail(struct decoder *d, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records the first error (and its message) and returns code. */
static int
fail(struct decoder *d, int code, const char *fmt, ...)
{
	va_list ap;

	if (d->code < 0)
		return d->code;
	d->code = code;
	if (code != KC_ERR_NOMEM) {
		va_start(ap, fmt);
		if (vasprintf(&d->err, fmt, ap) < 0)
			d->err = NULL;
		va_end(ap);
	}
	return code;
}

static int
nomem(struct decoder *d)
{
	return fail(d, KC_ERR_NOMEM, "out of memory");
}

/* The short Go-ish name of a message for error texts ("ObjectMeta"). */
static const char *
short_name(const struct protobuf_message *m)
{
	const char *dot = strrchr(m->name, '.');

	return dot != NULL ? dot + 1 : m->name;
}

/* Charges n JSON values to the budget. */
static int
charge(struct decoder *d, size_t n)
{
	if (d->budget < n)
		return fail(d, KC_ERR_TOO_LARGE,
			    "protobuf body decodes to too many values for its size");
	d->budget -= n;
	return 0;
}

/* A new JSON value charged to the budget; NULL (with the error recorded) on failure. */
static json_t *
track(struct decoder *d, json_t *v)
{
	if (v == NULL) {
		nomem(d);
		return NULL;
	}
	if (charge(d, 1) < 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* ---- wire reader ------------------------------------------------------------------------- */

static int
read_varint(struct decoder *d, struct reader *r, uint64_t *ret)
{
	uint64_t v = 0;
	unsigned int shift;
	uint8_t b;

	for (shift = 0;; shift += 7) {
		if (shift >= 64)
			return fail(d, KC_ERR_BAD_REQUEST, "%s", err_overflow);
		if (r->p >= r->end)
			return fail(d, KC_ERR_BAD_REQUEST, "%s", err_eof);
		b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (b < 0x80)
			break;
	}
	*ret = v;
	return 0;
}

/* A length-delimited value: *ret points into r's buffer. */
static int
read_bytes(struct decoder *d, struct reader *r, struct reader *ret)
{
	uint64_t n;
	int rc = read_varint(d, r, &n);

	if (rc < 0)
		return rc;
	if (n > INT64_MAX)
		return fail(d, KC_ERR_BAD_REQUEST, "%s", err_negative_len);
	if (n > (uint64_t)(r->end - r->p))
		return fail(d, KC_ERR_BAD_REQUEST, "%s", err_eof);
	ret->p = r->p;
	ret->end = r->p + n;
	r->p += n;
	return 0;
}

static int
read_fixed(struct decoder *d, struct reader *r, size_t n)
{
	if (n > (size_t)(r->end - r->p))
		return fail(d, KC_ERR_BAD_REQUEST, "%s", err_eof);
	r->p += n;
	return 0;
}

/* A field key, checked as the generated Unmarshal methods check it. */
static int
read_key(struct decoder *d, struct reader *r, const char *msg, uint32_t *ret_number,
	 unsigned int *ret_wt)
{
	uint64_t key;
	int32_t number;
	int rc = read_varint(d, r, &key);

	if (rc < 0)
		return rc;
	/* as upstream: fieldNum := int32(wire >> 3), which must be positive */
	number = (int32_t)(uint32_t)(key >> 3);
	*ret_wt = (unsigned int)(key & 7);
	if (*ret_wt == WT_END_GROUP)
		return fail(d, KC_ERR_BAD_REQUEST, "proto: %s: wiretype end group for non-group",
			    msg);
	if (number <= 0)
		return fail(d, KC_ERR_BAD_REQUEST,
			    "proto: %s: illegal tag %" PRId32 " (wire type %u)", msg, number,
			    *ret_wt);
	*ret_number = (uint32_t)number;
	return 0;
}

/*
 * Skips the value of an unknown field whose key was just read (upstream: skipGenerated).  Groups
 * are walked with a counter, not recursion.
 */
static int
skip_value(struct decoder *d, struct reader *r, unsigned int wt)
{
	size_t depth = 0;
	struct reader ignored;
	uint64_t v;
	int rc = 0;

	for (;;) {
		switch (wt) {
		case WT_VARINT:
			rc = read_varint(d, r, &v);
			break;
		case WT_FIXED64:
			rc = read_fixed(d, r, 8);
			break;
		case WT_BYTES:
			rc = read_bytes(d, r, &ignored);
			break;
		case WT_START_GROUP:
			depth++;
			break;
		case WT_END_GROUP:
			if (depth == 0)
				return fail(d, KC_ERR_BAD_REQUEST,
					    "proto: unexpected end of group");
			depth--;
			break;
		case WT_FIXED32:
			rc = read_fixed(d, r, 4);
			break;
		default:
			return fail(d, KC_ERR_BAD_REQUEST, "proto: illegal wireType %u", wt);
		}
		if (rc < 0)
			return rc;
		if (depth == 0)
			return 0;
		rc = read_varint(d, r, &v);
		if (rc < 0)
			return rc;
		wt = (unsigned int)(v & 7);
	}
}

static int
wrong_wire_type(struct decoder *d, const struct protobuf_message *m, const char *field,
		unsigned int wt)
{
	return fail(d, KC_ERR_BAD_REQUEST, "proto: wrong wireType = %u for field %s in %s", wt,
		    field, short_name(m));
}

/* ---- values ------------------------------------------------------------------------------ */

/* Length of a valid UTF-8 sequence at s (Go's utf8.DecodeRune rules), 0 when invalid. */
static size_t
utf8_seq_len(const uint8_t *s, size_t n)
{
	uint8_t b = s[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (b < 0x80)
		return 1;
	if (b >= 0xc2 && b <= 0xdf)
		len = 2;
	else if (b >= 0xe0 && b <= 0xef)
		len = 3;
	else if (b >= 0xf0 && b <= 0xf4)
		len = 4;
	else
		return 0;
	if (b == 0xe0)
		lo = 0xa0;
	else if (b == 0xed)
		hi = 0x9f;
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/*
 * A JSON string of n bytes at s.  encoding/json writes each byte that does not start a valid
 * UTF-8 sequence as U+FFFD; so do we.  A NUL byte is refused: the rest of the server reads
 * strings as C strings, and its JSON decoder refuses "\u0000" too.
 */
static int
make_string(struct decoder *d, const uint8_t *s, size_t n, const char *what, json_t **ret)
{
	KC_AUTOFREE char *fixed = NULL;
	size_t i, len, out = 0;
	bool valid = true;

	if (n == 0)
		s = (const uint8_t *)"";
	if (memchr(s, '\0', n) != NULL)
		return fail(d, KC_ERR_BAD_REQUEST, "proto: %s contains a NUL byte", what);
	for (i = 0; i < n; i += len) {
		len = utf8_seq_len(s + i, n - i);
		if (len == 0) {
			valid = false;
			break;
		}
	}
	if (!valid) {
		if (n > SIZE_MAX / 3 || (fixed = malloc(n * 3)) == NULL)
			return nomem(d);
		for (i = 0; i < n; i += len) {
			len = utf8_seq_len(s + i, n - i);
			if (len == 0) {
				memcpy(fixed + out, "\xef\xbf\xbd", 3);
				out += 3;
				len = 1;
			} else {
				memcpy(fixed + out, s + i, len);
				out += len;
			}
		}
		s = (const uint8_t *)fixed;
		n = out;
	}
	*ret = track(d, json_stringn_nocheck((const char *)s, n));
	return *ret != NULL ? 0 : d->code;
}

/* A malloc()ed C string (sanitized as make_string() does). */
static int
make_cstring(struct decoder *d, const struct reader *v, const char *what, char **ret)
{
	json_auto_t *s = NULL;
	int rc = make_string(d, v->p, (size_t)(v->end - v->p), what, &s);

	if (rc < 0)
		return rc;
	*ret = strdup(json_string_value(s));
	return *ret != NULL ? 0 : nomem(d);
}

/* []byte as encoding/json writes it: standard base64 with padding. */
static int
make_base64(struct decoder *d, const struct reader *v, json_t **ret)
{
	size_t n = (size_t)(v->end - v->p);
	KC_AUTOFREE unsigned char *out = NULL;
	int len;

	if (n > (size_t)INT_MAX / 4 * 3 - 3)
		return fail(d, KC_ERR_TOO_LARGE, "proto: bytes value too large");
	out = malloc(4 * ((n + 2) / 3) + 1);
	if (out == NULL)
		return nomem(d);
	len = EVP_EncodeBlock(out, v->p, (int)n);
	*ret = track(d, json_stringn_nocheck((const char *)out, (size_t)len));
	return *ret != NULL ? 0 : d->code;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
static void
civil_from_days(int64_t z, int64_t *y, unsigned int *m, unsigned int *dd)
{
	int64_t era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*dd = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* RFC 3339 in UTC for secs/nsec ("2006-01-02T15:04:05Z", with micro: ".000000"). */
static int
format_time(struct decoder *d, int64_t secs, int64_t nsec, bool micro, json_t **ret)
{
	char buf[48];
	int64_t days, rem, year;
	unsigned int mon, day;

	if (secs < YEAR0_UNIX || secs > YEAR9999_UNIX)
		return fail(d, KC_ERR_BAD_REQUEST,
			    "proto: time %" PRId64 "s is outside the years 0000 to 9999", secs);
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	rem = secs - days * 86400;
	civil_from_days(days, &year, &mon, &day);
	snprintf(buf, sizeof(buf), "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u", year, mon, day,
		 (unsigned int)(rem / 3600), (unsigned int)(rem / 60 % 60),
		 (unsigned int)(rem % 60));
	if (micro)
		snprintf(buf + 19, sizeof(buf) - 19, ".%06u", (unsigned int)(nsec / 1000));
	strcat(buf, "Z");
	*ret = track(d, json_string(buf));
	return *ret != NULL ? 0 : d->code;
}

/* One field of a small special message (Duration, Quantity, ...): a varint or a slice. */
struct special_field {
	uint32_t number;
	unsigned int wt;
	const char *name; /* Go field name, for errors */
	bool seen;
	uint64_t varint;
	struct reader bytes;
};

/* Reads the fields of a special message; unknown ones are skipped, a repeated one's last wins. */
static int
read_special(struct decoder *d, const struct reader *v, const char *msg,
	     struct special_field *fields, size_t n)
{
	struct reader r = *v;
	uint32_t number;
	unsigned int wt;
	size_t i;
	int rc;

	while (r.p < r.end) {
		if ((rc = read_key(d, &r, msg, &number, &wt)) < 0)
			return rc;
		for (i = 0; i < n && fields[i].number != number; i++)
			;
		if (i == n) {
			if ((rc = skip_value(d, &r, wt)) < 0)
				return rc;
			continue;
		}
		if (wt != fields[i].wt)
			return fail(d, KC_ERR_BAD_REQUEST,
				    "proto: wrong wireType = %u for field %s in %s", wt,
				    fields[i].name, msg);
		rc = wt == WT_VARINT ? read_varint(d, &r, &fields[i].varint)
				     : read_bytes(d, &r, &fields[i].bytes);
		if (rc < 0)
			return rc;
		fields[i].seen = true;
	}
	return 0;
}

/*
 * metav1.Time / MicroTime {1: seconds, 2: nanos}.  An empty message is the zero time (null).
 * Time drops the nanoseconds (time_proto.go); MicroTime truncates them to microseconds and
 * normalizes like time.Unix().
 */
static int
decode_time(struct decoder *d, const struct reader *v, bool micro, json_t **ret)
{
	struct special_field f[] = {
		{ .number = 1, .wt = WT_VARINT, .name = "Seconds" },
		{ .number = 2, .wt = WT_VARINT, .name = "Nanos" },
	};
	int64_t secs, nsec, carry;
	int rc;

	if (v->p == v->end) {
		*ret = track(d, json_null());
		return *ret != NULL ? 0 : d->code;
	}
	if ((rc = read_special(d, v, "Timestamp", f, 2)) < 0)
		return rc;
	secs = (int64_t)f[0].varint;
	nsec = micro ? (int32_t)(uint32_t)f[1].varint : 0;
	nsec -= nsec % 1000;
	carry = nsec / 1000000000;
	nsec -= carry * 1000000000;
	if (nsec < 0) {
		nsec += 1000000000;
		carry--;
	}
	if ((carry < 0 && secs < INT64_MIN - carry) || (carry > 0 && secs > INT64_MAX - carry))
		return fail(d, KC_ERR_BAD_REQUEST, "proto: time out of range");
	secs += carry;
	if (secs == GO_ZERO_TIME_UNIX && nsec == 0) {
		*ret = track(d, json_null());
		return *ret != NULL ? 0 : d->code;
	}
	return format_time(d, secs, nsec, micro, ret);
}

/* metav1.Duration {1: duration ns}: Go's Duration.String(). */
static int
decode_duration(struct decoder *d, const struct reader *v, json_t **ret)
{
	struct special_field f[] = { { .number = 1, .wt = WT_VARINT, .name = "Duration" } };
	char buf[64];
	int rc = read_special(d, v, "Duration", f, 1);

	if (rc < 0)
		return rc;
	kc_duration_format((int64_t)f[0].varint, buf, sizeof(buf));
	*ret = track(d, json_string(buf));
	return *ret != NULL ? 0 : d->code;
}

/* resource.Quantity {1: string}: parsed (errors as upstream) and written as upstream writes it. */
static int
decode_quantity(struct decoder *d, const struct reader *v, json_t **ret)
{
	struct special_field f[] = { { .number = 1, .wt = WT_BYTES, .name = "String_" } };
	KC_AUTOFREE char *s = NULL, *buf = NULL;
	const char *why = NULL;
	size_t n, size;
	int rc = read_special(d, v, "Quantity", f, 1);

	if (rc < 0)
		return rc;
	if (!f[0].seen) {
		*ret = track(d, json_string("0"));
		return *ret != NULL ? 0 : d->code;
	}
	n = (size_t)(f[0].bytes.end - f[0].bytes.p);
	size = n + 1 > KC_QUANTITY_BUFSZ ? n + 1 : KC_QUANTITY_BUFSZ;
	s = malloc(n + 1);
	buf = malloc(size);
	if (s == NULL || buf == NULL)
		return nomem(d);
	memcpy(s, f[0].bytes.p, n);
	s[n] = '\0';
	if (memchr(s, '\0', n) != NULL) { /* "1\0" would otherwise read as "1" */
		rc = KC_ERR_INVALID;
		why = kc_quantity_err_format;
	} else {
		rc = kc_quantity_normalize(s, buf, size, &why);
	}
	if (rc == KC_ERR_NOMEM)
		return nomem(d);
	if (rc < 0)
		return fail(d, KC_ERR_BAD_REQUEST, "%s", why != NULL ? why : "invalid quantity");
	return make_string(d, (const uint8_t *)buf, (size_t)rc, "quantity", ret);
}

/* intstr.IntOrString {1: type, 2: intVal, 3: strVal}: a number (type 0) or a string (type 1). */
static int
decode_int_or_string(struct decoder *d, const struct reader *v, json_t **ret)
{
	struct special_field f[] = {
		{ .number = 1, .wt = WT_VARINT, .name = "Type" },
		{ .number = 2, .wt = WT_VARINT, .name = "IntVal" },
		{ .number = 3, .wt = WT_BYTES, .name = "StrVal" },
	};
	int rc = read_special(d, v, "IntOrString", f, 3);

	if (rc < 0)
		return rc;
	switch ((int64_t)f[0].varint) {
	case 0:
		*ret = track(d, json_integer((int32_t)(uint32_t)f[1].varint));
		return *ret != NULL ? 0 : d->code;
	case 1:
		if (!f[2].seen)
			f[2].bytes.p = f[2].bytes.end = (const uint8_t *)"";
		return make_string(d, f[2].bytes.p, (size_t)(f[2].bytes.end - f[2].bytes.p),
				   "IntOrString", ret);
	default:
		return fail(d, KC_ERR_BAD_REQUEST, "impossible IntOrString.Type");
	}
}

static int decode_envelope(struct decoder *d, const struct reader *body,
			   const char *default_api_version, const char *default_kind,
			   json_t **ret_obj);

/*
 * runtime.RawExtension / metav1.FieldsV1 {1: raw}: the raw bytes are JSON and are embedded as
 * they are (MarshalJSON returns them); a nested "k8s\0" envelope is decoded instead.  No raw is
 * null.
 */
static int
decode_raw_json(struct decoder *d, const struct reader *v, json_t **ret)
{
	struct special_field f[] = { { .number = 1, .wt = WT_BYTES, .name = "Raw" } };
	json_error_t jerr;
	size_t n;
	int rc = read_special(d, v, "RawExtension", f, 1);

	if (rc < 0)
		return rc;
	if (!f[0].seen) {
		*ret = track(d, json_null());
		return *ret != NULL ? 0 : d->code;
	}
	n = (size_t)(f[0].bytes.end - f[0].bytes.p);
	if (protobuf_is_envelope(f[0].bytes.p, n))
		return decode_envelope(d, &f[0].bytes, NULL, NULL, ret);
	/* A JSON value has at most one value per two bytes (bar the first). */
	if ((rc = charge(d, n / 2)) < 0)
		return rc;
	*ret = json_loadb((const char *)f[0].bytes.p, n, JSON_DECODE_ANY, &jerr);
	if (*ret == NULL)
		return fail(d, KC_ERR_BAD_REQUEST, "proto: raw extension is not JSON: %s",
			    jerr.text);
	return 0;
}

/* A named []string ({1: repeated string}): an array, empty when there are no items. */
static int
decode_string_list(struct decoder *d, const struct reader *v, json_t **ret)
{
	json_auto_t *arr = track(d, json_array());
	struct reader r = *v, item;
	json_t *s;
	uint32_t number;
	unsigned int wt;
	int rc;

	if (arr == NULL)
		return d->code;
	while (r.p < r.end) {
		if ((rc = read_key(d, &r, "ExtraValue", &number, &wt)) < 0)
			return rc;
		if (number != 1) {
			if ((rc = skip_value(d, &r, wt)) < 0)
				return rc;
			continue;
		}
		if (wt != WT_BYTES)
			return fail(d, KC_ERR_BAD_REQUEST,
				    "proto: wrong wireType = %u for field Items in ExtraValue", wt);
		if ((rc = read_bytes(d, &r, &item)) < 0)
			return rc;
		if ((rc = make_string(d, item.p, (size_t)(item.end - item.p), "ExtraValue", &s)) <
		    0)
			return rc;
		if (json_array_append_new(arr, s) < 0)
			return nomem(d);
	}
	*ret = kc_take_ptr(arr);
	return 0;
}

static int decode_fields(struct decoder *d, const struct protobuf_message *m,
			 const struct reader *body, json_t *raw);

static bool
is_varint_type(uint8_t type)
{
	return type == PB_BOOL || type == PB_INT32 || type == PB_INT64;
}

static json_t *
varint_json(uint8_t type, uint64_t x)
{
	switch (type) {
	case PB_BOOL:
		return json_boolean(x != 0);
	case PB_INT32:
		return json_integer((int32_t)(uint32_t)x);
	default:
		return json_integer((json_int_t)x);
	}
}

/* One value of field f (a list element, a map value or a singular scalar) from r. */
static int
decode_value(struct decoder *d, const struct protobuf_message *m, const struct protobuf_field *f,
	     const char *name, unsigned int wt, struct reader *r, json_t **ret)
{
	struct reader v;
	uint64_t x;
	int rc;

	if (is_varint_type(f->type)) {
		if (wt != WT_VARINT)
			return wrong_wire_type(d, m, name, wt);
		if ((rc = read_varint(d, r, &x)) < 0)
			return rc;
		*ret = track(d, varint_json(f->type, x));
		return *ret != NULL ? 0 : d->code;
	}
	if (wt != WT_BYTES)
		return wrong_wire_type(d, m, name, wt);
	if ((rc = read_bytes(d, r, &v)) < 0)
		return rc;
	switch (f->type) {
	case PB_STRING:
		return make_string(d, v.p, (size_t)(v.end - v.p), name, ret);
	case PB_BYTES:
		return make_base64(d, &v, ret);
	case PB_MESSAGE:
		if ((*ret = track(d, json_object())) == NULL)
			return d->code;
		if ((rc = decode_fields(d, f->message, &v, *ret)) < 0) {
			json_decref(*ret);
			*ret = NULL;
		}
		return rc;
	case PB_TIME:
	case PB_MICROTIME:
		return decode_time(d, &v, f->type == PB_MICROTIME, ret);
	case PB_DURATION:
		return decode_duration(d, &v, ret);
	case PB_QUANTITY:
		return decode_quantity(d, &v, ret);
	case PB_INTORSTRING:
		return decode_int_or_string(d, &v, ret);
	case PB_RAWJSON:
		return decode_raw_json(d, &v, ret);
	case PB_STRINGLIST:
		return decode_string_list(d, &v, ret);
	default:
		return fail(d, KC_ERR_INTERNAL, "protobuf table: field %s has type %u", name,
			    f->type);
	}
}

/*
 * The value a map entry without one gets (the generated code starts from a zero value):
 * "" for strings and bytes, 0, false, "0", [] (ExtraValue{}), null for times.
 */
static json_t *
map_zero_value(const struct protobuf_field *f)
{
	switch (f->type) {
	case PB_STRING:
	case PB_BYTES:
		return json_string("");
	case PB_BOOL:
		return json_false();
	case PB_INT32:
	case PB_INT64:
	case PB_INTORSTRING:
		return json_integer(0);
	case PB_QUANTITY:
		return json_string("0");
	case PB_DURATION:
		return json_string("0s");
	case PB_STRINGLIST:
		return json_array();
	case PB_MESSAGE:
		return json_object();
	default:
		return json_null();
	}
}

/* One map entry {1: key, 2: value} into the field's object. */
static int
decode_map_entry(struct decoder *d, const struct protobuf_message *m,
		 const struct protobuf_field *f, struct reader *entry, json_t *map)
{
	json_auto_t *key = NULL, *value = NULL;
	struct reader k;
	uint32_t number;
	unsigned int wt;
	int rc;

	while (entry->p < entry->end) {
		if ((rc = read_key(d, entry, short_name(m), &number, &wt)) < 0)
			return rc;
		if (number == 1) {
			if (wt != WT_BYTES)
				return wrong_wire_type(d, m, f->json, wt);
			if ((rc = read_bytes(d, entry, &k)) < 0)
				return rc;
			json_decref(key);
			key = NULL;
			if ((rc = make_string(d, k.p, (size_t)(k.end - k.p), f->json, &key)) < 0)
				return rc;
		} else if (number == 2) {
			json_decref(value);
			value = NULL;
			if ((rc = decode_value(d, m, f, f->json, wt, entry, &value)) < 0)
				return rc;
		} else if ((rc = skip_value(d, entry, wt)) < 0) {
			return rc;
		}
	}
	if (value == NULL && (value = track(d, map_zero_value(f))) == NULL)
		return d->code;
	if (json_object_set(map, key != NULL ? json_string_value(key) : "", value) < 0)
		return nomem(d);
	return 0;
}

/* raw[name] as a container of the given kind (object or array), made when absent. */
static json_t *
container(struct decoder *d, json_t *raw, const char *name, bool array)
{
	json_t *c = json_object_get(raw, name);

	if (c != NULL)
		return c;
	c = track(d, array ? json_array() : json_object());
	if (c == NULL)
		return NULL;
	if (json_object_set_new(raw, name, c) < 0) {
		nomem(d);
		return NULL;
	}
	return c;
}

/* Packed varints of a repeated number field. */
static int
decode_packed(struct decoder *d, const struct protobuf_field *f, struct reader *r, json_t *raw)
{
	struct reader v;
	json_t *arr = NULL, *x;
	uint64_t n;
	int rc;

	if ((rc = read_bytes(d, r, &v)) < 0)
		return rc;
	while (v.p < v.end) {
		if ((rc = read_varint(d, &v, &n)) < 0)
			return rc;
		if (arr == NULL && (arr = container(d, raw, f->json, true)) == NULL)
			return d->code;
		if ((x = track(d, varint_json(f->type, n))) == NULL)
			return d->code;
		if (json_array_append_new(arr, x) < 0)
			return nomem(d);
	}
	return 0;
}

/* One occurrence of a known field into raw. */
static int
decode_field(struct decoder *d, const struct protobuf_message *m, const struct protobuf_field *f,
	     unsigned int wt, struct reader *r, json_t *raw)
{
	const char *name = f->json != NULL ? f->json : short_name(f->message);
	struct reader v;
	json_t *c, *value = NULL;
	int rc;

	if ((f->flags & (PB_MAP | PB_INLINE)) ||
	    (f->type == PB_MESSAGE && !(f->flags & PB_REPEATED))) {
		if (wt != WT_BYTES)
			return wrong_wire_type(d, m, name, wt);
		if ((rc = read_bytes(d, r, &v)) < 0)
			return rc;
		if (f->flags & PB_INLINE)
			return decode_fields(d, f->message, &v, raw);
		if ((c = container(d, raw, f->json, false)) == NULL)
			return d->code;
		if (f->flags & PB_MAP)
			return decode_map_entry(d, m, f, &v, c);
		return decode_fields(d, f->message, &v, c);
	}
	if ((f->flags & PB_REPEATED) && wt == WT_BYTES && is_varint_type(f->type))
		return decode_packed(d, f, r, raw);
	if ((rc = decode_value(d, m, f, name, wt, r, &value)) < 0)
		return rc;
	if (!(f->flags & PB_REPEATED)) {
		if (json_object_set_new(raw, f->json, value) < 0)
			return nomem(d);
		return 0;
	}
	if ((c = container(d, raw, f->json, true)) == NULL) {
		json_decref(value);
		return d->code;
	}
	if (json_array_append_new(c, value) < 0)
		return nomem(d);
	return 0;
}

/* Pass one: the fields of one message of type m in body, collected into raw. */
static int
decode_fields(struct decoder *d, const struct protobuf_message *m, const struct reader *body,
	      json_t *raw)
{
	struct reader r = *body;
	const struct protobuf_field *f;
	uint32_t number;
	unsigned int wt;
	int rc = 0;

	if (d->depth >= PROTOBUF_MAX_DEPTH)
		return fail(d, KC_ERR_BAD_REQUEST, "proto: messages nested deeper than %d",
			    PROTOBUF_MAX_DEPTH);
	d->depth++;
	while (r.p < r.end) {
		if ((rc = read_key(d, &r, short_name(m), &number, &wt)) < 0)
			break;
		f = protobuf_find_field(m, number);
		rc = f != NULL ? decode_field(d, m, f, wt, &r, raw) : skip_value(d, &r, wt);
		if (rc < 0)
			break;
	}
	d->depth--;
	return rc;
}

/* ---- pass two: encoding/json's view ------------------------------------------------------ */

static int finalize_into(struct decoder *d, const struct protobuf_message *m, json_t *raw,
			 json_t *out);

/* A new object with m's fields from raw (NULL: none present). */
static json_t *
finalize_message(struct decoder *d, const struct protobuf_message *m, json_t *raw)
{
	json_t *out = track(d, json_object());

	if (out != NULL && finalize_into(d, m, raw, out) < 0) {
		json_decref(out);
		out = NULL;
	}
	return out;
}

static int
cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A copy of a map object with its keys in Go's (byte-wise sorted) order. */
static json_t *
finalize_map(struct decoder *d, const struct protobuf_field *f, json_t *map)
{
	size_t n = json_object_size(map), i = 0;
	KC_AUTOFREE const char **keys = calloc(n ? n : 1, sizeof(*keys));
	json_auto_t *out = track(d, json_object());
	const char *k;
	json_t *v, *nv;

	if (keys == NULL || out == NULL) {
		if (out != NULL)
			nomem(d);
		return NULL;
	}
	json_object_foreach(map, k, v)
		keys[i++] = k;
	qsort(keys, n, sizeof(*keys), cmp_keys);
	for (i = 0; i < n; i++) {
		v = json_object_get(map, keys[i]);
		nv = f->type == PB_MESSAGE ? finalize_message(d, f->message, v) : json_incref(v);
		if (nv == NULL || json_object_set_new(out, keys[i], nv) < 0) {
			if (nv != NULL)
				nomem(d);
			return NULL;
		}
	}
	return kc_take_ptr(out);
}

static json_t *
finalize_list(struct decoder *d, const struct protobuf_field *f, json_t *list)
{
	json_auto_t *out = NULL;
	json_t *v, *nv;
	size_t i;

	if (f->type != PB_MESSAGE)
		return json_incref(list);
	if ((out = track(d, json_array())) == NULL)
		return NULL;
	json_array_foreach(list, i, v) {
		if ((nv = finalize_message(d, f->message, v)) == NULL)
			return NULL;
		if (json_array_append_new(out, nv) < 0) {
			nomem(d);
			return NULL;
		}
	}
	return kc_take_ptr(out);
}

/* Whether encoding/json's omitempty drops v ("" 0 false, empty list, map or bytes). */
static bool
is_empty_value(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) == 0;
	case JSON_INTEGER:
		return json_integer_value(v) == 0;
	case JSON_FALSE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) == 0;
	case JSON_OBJECT:
		return json_object_size(v) == 0;
	default:
		return false;
	}
}

/* Structs are never empty to omitempty; these are (or behave as) Go structs. */
static bool
is_struct_type(uint8_t type)
{
	return type == PB_MESSAGE || type == PB_TIME || type == PB_MICROTIME ||
	       type == PB_DURATION || type == PB_QUANTITY || type == PB_INTORSTRING ||
	       type == PB_RAWJSON;
}

/*
 * The JSON of a field present in raw; *ret NULL means "omit".  Pointers are written whatever
 * they point at; omitempty drops zero scalars and empty lists, maps and bytes.
 */
static int
finalize_present(struct decoder *d, const struct protobuf_field *f, json_t *v, json_t **ret)
{
	*ret = NULL;
	if (f->flags & PB_MAP)
		*ret = finalize_map(d, f, v);
	else if (f->flags & PB_REPEATED)
		*ret = finalize_list(d, f, v);
	else if (f->type == PB_MESSAGE)
		*ret = finalize_message(d, f->message, v);
	else
		*ret = json_incref(v);
	if (*ret == NULL)
		return d->code < 0 ? d->code : nomem(d);
	if ((f->flags & PB_OMITEMPTY) && !(f->flags & PB_POINTER) &&
	    ((f->flags & (PB_MAP | PB_REPEATED)) || !is_struct_type(f->type)) &&
	    is_empty_value(*ret)) {
		json_decref(*ret);
		*ret = NULL;
	}
	return 0;
}

/* Go's zero value of an absent field as encoding/json writes it; *ret NULL means "omit". */
static int
finalize_absent(struct decoder *d, const struct protobuf_field *f, json_t **ret)
{
	json_t *v;

	*ret = NULL;
	if (f->flags & (PB_POINTER | PB_REPEATED | PB_MAP)) {
		v = json_null();
	} else {
		switch (f->type) {
		case PB_MESSAGE:
			*ret = finalize_message(d, f->message, NULL);
			return *ret != NULL ? 0 : d->code;
		case PB_STRING:
			v = json_string("");
			break;
		case PB_INT32:
		case PB_INT64:
		case PB_INTORSTRING:
			v = json_integer(0);
			break;
		case PB_BOOL:
			v = json_false();
			break;
		case PB_DURATION:
			v = json_string("0s");
			break;
		case PB_QUANTITY:
			v = json_string("0");
			break;
		default: /* bytes, times, raw extensions, string lists: nil or zero is null */
			v = json_null();
			break;
		}
	}
	/* a nil pointer, list or map, and a zero scalar, are empty; a struct never is */
	if ((f->flags & PB_OMITEMPTY) &&
	    ((f->flags & (PB_POINTER | PB_MAP | PB_REPEATED)) || !is_struct_type(f->type))) {
		json_decref(v);
		return 0;
	}
	*ret = track(d, v);
	return *ret != NULL ? 0 : d->code;
}

/* Pass two: m's fields, in Go declaration order, from raw (may be NULL) appended to out. */
static int
finalize_into(struct decoder *d, const struct protobuf_message *m, json_t *raw, json_t *out)
{
	const struct protobuf_field *f;
	json_t *v, *nv;
	size_t i;
	int rc;

	if (d->depth >= PROTOBUF_MAX_DEPTH)
		return fail(d, KC_ERR_BAD_REQUEST, "proto: messages nested deeper than %d",
			    PROTOBUF_MAX_DEPTH);
	d->depth++;
	for (i = 0, rc = 0; i < m->n_fields && rc == 0; i++) {
		f = &m->fields[i];
		if (f->flags & PB_INLINE) {
			rc = finalize_into(d, f->message, raw, out);
			continue;
		}
		v = raw != NULL ? json_object_get(raw, f->json) : NULL;
		rc = v != NULL ? finalize_present(d, f, v, &nv) : finalize_absent(d, f, &nv);
		if (rc == 0 && nv != NULL && json_object_set_new(out, f->json, nv) < 0)
			rc = nomem(d);
	}
	d->depth--;
	return rc;
}

/* ---- the envelope ------------------------------------------------------------------------ */

/* runtime.Unknown {1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: ...}. */
struct unknown {
	struct reader api_version;
	struct reader kind;
	struct reader raw;
};

static int
read_type_meta(struct decoder *d, struct reader *r, struct unknown *u)
{
	uint32_t number;
	unsigned int wt;
	int rc;

	while (r->p < r->end) {
		if ((rc = read_key(d, r, "TypeMeta", &number, &wt)) < 0)
			return rc;
		if (number != 1 && number != 2) {
			if ((rc = skip_value(d, r, wt)) < 0)
				return rc;
			continue;
		}
		if (wt != WT_BYTES)
			return fail(d, KC_ERR_BAD_REQUEST,
				    "proto: wrong wireType = %u for field %s", wt,
				    number == 1 ? "APIVersion" : "Kind");
		if ((rc = read_bytes(d, r, number == 1 ? &u->api_version : &u->kind)) < 0)
			return rc;
	}
	return 0;
}

static int
read_unknown(struct decoder *d, const struct reader *body, struct unknown *u)
{
	struct reader r = *body, v;
	uint32_t number;
	unsigned int wt;
	int rc;

	while (r.p < r.end) {
		if ((rc = read_key(d, &r, "Unknown", &number, &wt)) < 0)
			return rc;
		if (number < 1 || number > 4) {
			if ((rc = skip_value(d, &r, wt)) < 0)
				return rc;
			continue;
		}
		if (wt != WT_BYTES)
			return fail(d, KC_ERR_BAD_REQUEST,
				    "proto: wrong wireType = %u for field %s", wt,
				    number == 1   ? "TypeMeta"
				    : number == 2 ? "Raw"
				    : number == 3 ? "ContentEncoding"
						  : "ContentType");
		if ((rc = read_bytes(d, &r, &v)) < 0)
			return rc;
		if (number == 1 && (rc = read_type_meta(d, &v, u)) < 0)
			return rc;
		if (number == 2)
			u->raw = v;
	}
	return 0;
}

/* A C string of a reader (or of dflt when it is empty and dflt is given). */
static int
type_meta_string(struct decoder *d, const struct reader *v, const char *dflt, const char *what,
		 char **ret)
{
	if (v->p == v->end && dflt != NULL) {
		*ret = strdup(dflt);
		return *ret != NULL ? 0 : nomem(d);
	}
	return make_cstring(d, v, what, ret);
}

/* An envelope (magic included) to its JSON object: kind, apiVersion, then the fields. */
static int
decode_envelope(struct decoder *d, const struct reader *body, const char *default_api_version,
		const char *default_kind, json_t **ret_obj)
{
	struct reader rest = { body->p + PROTOBUF_MAGIC_LEN, body->end };
	struct unknown u = { { NULL, NULL }, { NULL, NULL }, { NULL, NULL } };
	KC_AUTOFREE char *api_version = NULL, *kind = NULL;
	json_auto_t *raw = NULL, *out = NULL;
	const struct protobuf_message *m;
	json_t *s;
	int rc;

	if (rest.p == rest.end)
		return fail(d, KC_ERR_BAD_REQUEST, "empty body");
	if ((rc = read_unknown(d, &rest, &u)) < 0)
		return rc;
	/* copyKindDefaults: the endpoint's group version only when the body names none */
	if ((rc = type_meta_string(d, &u.api_version, default_api_version, "apiVersion",
				   &api_version)) < 0 ||
	    (rc = type_meta_string(d, &u.kind, default_kind, "kind", &kind)) < 0)
		return rc;
	if (kind[0] == '\0')
		return fail(
			d, KC_ERR_BAD_REQUEST,
			"Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:\"%s\", Kind:\"\"}'",
			api_version);
	if (api_version[0] == '\0')
		return fail(
			d, KC_ERR_BAD_REQUEST,
			"Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:\"\", Kind:\"%s\"}'",
			kind);
	m = protobuf_find_kind(api_version, kind);
	/* 415 tells the client to resend as JSON; a nested envelope is just a bad value */
	if (m == NULL)
		return fail(
			d, d->depth == 0 ? KC_ERR_UNSUPPORTED_MEDIA : KC_ERR_BAD_REQUEST,
			"the server cannot decode kind \"%s\" in version \"%s\" from %s; send it as application/json",
			kind, api_version, PROTOBUF_CONTENT_TYPE);
	if ((raw = track(d, json_object())) == NULL)
		return d->code;
	if ((rc = decode_fields(d, m, &u.raw, raw)) < 0)
		return rc;
	if ((out = track(d, json_object())) == NULL)
		return d->code;
	if ((s = track(d, json_string(kind))) == NULL || json_object_set_new(out, "kind", s) < 0 ||
	    (s = track(d, json_string(api_version))) == NULL ||
	    json_object_set_new(out, "apiVersion", s) < 0)
		return d->code < 0 ? d->code : nomem(d);
	if ((rc = finalize_into(d, m, raw, out)) < 0)
		return rc;
	*ret_obj = kc_take_ptr(out);
	return 0;
}

/* ---- public ------------------------------------------------------------------------------ */

bool
protobuf_is_envelope(const void *data, size_t len)
{
	return len >= PROTOBUF_MAGIC_LEN && memcmp(data, PROTOBUF_MAGIC, PROTOBUF_MAGIC_LEN) == 0;
}

const struct protobuf_message *
protobuf_find_kind(const char *api_version, const char *kind)
{
	const struct protobuf_kind *k;

	if (api_version == NULL || kind == NULL)
		return NULL;
	for (k = protobuf_kinds; k->kind != NULL; k++)
		if (strcmp(k->kind, kind) == 0 &&
		    (k->api_version == NULL || strcmp(k->api_version, api_version) == 0))
			return k->message;
	return NULL;
}

const struct protobuf_field *
protobuf_find_field(const struct protobuf_message *m, uint32_t number)
{
	size_t lo = 0, hi = m->n_fields, mid;
	const struct protobuf_field *f;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		f = &m->fields[m->by_number[mid]];
		if (f->number == number)
			return f;
		if (f->number < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
decoder_init(struct decoder *d, size_t len)
{
	memset(d, 0, sizeof(*d));
	d->budget = PROTOBUF_NODES_BASE + len;
}

/* Hands the decoder's error to the caller; returns rc. */
static int
decoder_finish(struct decoder *d, int rc, char **ret_err)
{
	if (rc < 0 && d->code == 0)
		d->code = rc;
	if (rc < 0 && ret_err != NULL)
		*ret_err = kc_take_ptr(d->err);
	free(d->err);
	return rc < 0 ? d->code : rc;
}

int
protobuf_decode(const void *data, size_t len, const char *default_api_version,
		const char *default_kind, json_t **ret_obj, char **ret_err)
{
	struct reader body;
	struct decoder d;
	int rc;

	if (data == NULL) {
		data = "";
		len = 0;
	}
	body.p = data;
	body.end = body.p + len;
	decoder_init(&d, len);
	if (len == 0)
		rc = fail(&d, KC_ERR_BAD_REQUEST, "empty data");
	else if (!protobuf_is_envelope(data, len))
		rc = fail(
			&d, KC_ERR_BAD_REQUEST,
			"provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
	else
		rc = decode_envelope(&d, &body, default_api_version, default_kind, ret_obj);
	return decoder_finish(&d, rc, ret_err);
}

int
protobuf_decode_message(const struct protobuf_message *m, const void *data, size_t len,
			json_t **ret_obj, char **ret_err)
{
	struct reader body;
	json_auto_t *raw = NULL;
	struct decoder d;
	json_t *out;
	int rc;

	if (data == NULL) {
		data = "";
		len = 0;
	}
	body.p = data;
	body.end = body.p + len;
	decoder_init(&d, len);
	if ((raw = track(&d, json_object())) == NULL)
		rc = d.code;
	else if ((rc = decode_fields(&d, m, &body, raw)) == 0) {
		if ((out = finalize_message(&d, m, raw)) != NULL)
			*ret_obj = out;
		else
			rc = d.code;
	}
	return decoder_finish(&d, rc, ret_err);
}
