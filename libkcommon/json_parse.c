/*
 * json_parse.c - a fast parser from JSON text to jansson values.
 *
 * jansson's own decoder reads its input a character at a time through a stream callback and
 * appends each character of a string to a growing buffer: about 10 ns a byte, the largest
 * single cost of an apiserver create (a 1 KiB body) and of every watch event an informer
 * decodes.  This parser makes the same values from the same texts, scanning strings a run of
 * plain bytes at a time.  It never accepts a text json_loadb() refuses (with the flags it
 * supports) and gives the same value, key order and number types for what both accept.  For
 * any text it refuses, kc_json_loadb() asks json_loadb() again, so errors keep jansson's
 * messages (line, column, text), and the few texts jansson takes that this parser does not
 * (numbers longer than 63 characters; a NUL byte right after a number, a quirk of jansson's
 * lexer) still decode as jansson decodes them.
 *
 * Mirrors jansson 2.14 load.c: whitespace " \t\n\r"; strings must be valid UTF-8 (no overlong
 * forms, surrogates or code points above U+10FFFF), no control characters, \u escapes with
 * surrogate pairs, \u0000 only with JSON_ALLOW_NUL and never in a key; integers that fit
 * json_int_t (else an error), reals through strtod (an overflow is an error); a repeated key
 * keeps its first position and its last value; JSON_PARSER_MAX_DEPTH nested arrays/objects.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"

struct parser {
	const unsigned char *p, *end;
	unsigned flags;
	int depth;
	size_t duplicates;
	struct kc_strbuf scratch; /* a string with escapes or multi-byte characters */
	int nomem;
};

static json_t *parse_value(struct parser *ps);

/* Bytes a string holds as they are: printable ASCII but for '"' and '\\'. */
static const unsigned char plain[256] = {
	[0x20 ... 0x21] = 1, /* '"' is 0x22 */
	[0x23 ... 0x5b] = 1, /* '\\' is 0x5c */
	[0x5d ... 0x7f] = 1,
};

static void
skip_space(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static int
hex4(const unsigned char *p, uint32_t *ret)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*ret = v;
	return 0;
}

/* The length of the valid UTF-8 sequence at p (first byte >= 0x80), or 0 (jansson's
 * utf8_check_first/utf8_check_full). */
static size_t
utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = *p;
	uint32_t cp;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0; /* a continuation byte, 0xc0/0xc1, or above 0xf4 */
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (n == 3 && cp < 0x800) ||
	    (n == 4 && cp < 0x10000))
		return 0;
	return n;
}

static int
put_utf8(struct kc_strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return kc_strbuf_add(sb, b, n);
}

/* A \uXXXX escape (with its low surrogate when it is a high one) at ps->p (after the 'u'). */
static int
unescape_unicode(struct parser *ps, struct kc_strbuf *sb)
{
	uint32_t cp, lo;

	if (ps->end - ps->p < 4 || hex4(ps->p, &cp) < 0)
		return -1;
	ps->p += 4;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return -1; /* a lone low surrogate */
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
		    hex4(ps->p + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		ps->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (cp == 0 && !(ps->flags & JSON_ALLOW_NUL))
		return -1;
	if (put_utf8(sb, cp) < 0) {
		ps->nomem = 1;
		return -1;
	}
	return 0;
}

static int
unescape(struct parser *ps, struct kc_strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *at;

	if (ps->p >= ps->end)
		return -1;
	if (*ps->p == 'u') {
		ps->p++;
		return unescape_unicode(ps, sb);
	}
	at = *ps->p != '\0' ? strchr(from, *ps->p) : NULL;
	if (at == NULL)
		return -1;
	ps->p++;
	if (kc_strbuf_addch(sb, to[at - from]) < 0) {
		ps->nomem = 1;
		return -1;
	}
	return 0;
}

/*
 * The string after the opening quote at ps->p: its text in *ret (the input itself when it has
 * no escapes, else ps->scratch) and length in *ret_len.  0 or -1.
 */
static int
scan_string(struct parser *ps, const char **ret, size_t *ret_len)
{
	const unsigned char *start = ps->p, *run;
	struct kc_strbuf *sb = &ps->scratch;
	size_t n;

	/* the common case: printable ASCII up to the closing quote */
	while (ps->p < ps->end && plain[*ps->p])
		ps->p++;
	if (ps->p < ps->end && *ps->p == '"') {
		*ret = (const char *)start;
		*ret_len = (size_t)(ps->p - start);
		ps->p++;
		return 0;
	}
	kc_strbuf_reset(sb);
	run = start;
	while (ps->p < ps->end) {
		unsigned char c = *ps->p;

		if (plain[c]) {
			ps->p++;
			continue;
		}
		if (c < 0x20)
			return -1;
		if (c >= 0x80) {
			n = utf8_sequence(ps->p, ps->end);
			if (n == 0)
				return -1;
			ps->p += n;
			continue;
		}
		if (ps->p > run && kc_strbuf_add(sb, run, (size_t)(ps->p - run)) < 0) {
			ps->nomem = 1;
			return -1;
		}
		if (c == '"') {
			ps->p++;
			/* the buffer is never empty here unless the string is: "" has no escape */
			*ret = sb->buf != NULL ? sb->buf : "";
			*ret_len = sb->len;
			return 0;
		}
		ps->p++; /* the backslash */
		if (unescape(ps, sb) < 0)
			return -1;
		run = ps->p;
	}
	return -1; /* no closing quote */
}

static json_t *
parse_string(struct parser *ps)
{
	const char *s;
	size_t n;
	json_t *v;

	if (scan_string(ps, &s, &n) < 0)
		return NULL;
	v = json_stringn_nocheck(s, n);
	if (v == NULL)
		ps->nomem = 1;
	return v;
}

/* A number as jansson lexes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static json_t *
parse_number(struct parser *ps)
{
	const unsigned char *start = ps->p, *p = ps->p;
	char buf[64], *endp;
	int is_real = 0;
	json_t *v;

	if (p < ps->end && *p == '-')
		p++;
	if (p < ps->end && *p == '0') {
		p++;
	} else if (p < ps->end && *p >= '1' && *p <= '9') {
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	} else {
		return NULL;
	}
	if (p < ps->end && *p == '.') {
		is_real = 1;
		if (++p >= ps->end || *p < '0' || *p > '9')
			return NULL;
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		is_real = 1;
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= ps->end || *p < '0' || *p > '9')
			return NULL;
		while (p < ps->end && *p >= '0' && *p <= '9')
			p++;
	}
	/* "01", "1x", "-": jansson stops there and fails on what follows; so do we */
	if ((size_t)(p - start) >= sizeof(buf))
		return NULL; /* json_loadb() copes with very long numbers */
	memcpy(buf, start, (size_t)(p - start));
	buf[p - start] = '\0';
	errno = 0;
	if (is_real) {
		double d = strtod(buf, &endp);

		if (errno == ERANGE && (d > 1.0 || d < -1.0))
			return NULL; /* overflow: jansson's "real number overflow" */
		v = json_real(d);
	} else {
		long long i = strtoll(buf, &endp, 10);

		if (errno == ERANGE)
			return NULL; /* jansson's "too big integer" */
		v = json_integer((json_int_t)i);
	}
	if (v == NULL)
		ps->nomem = 1;
	ps->p = p;
	return v;
}

static json_t *
parse_literal(struct parser *ps, const char *word, size_t len, json_t *v)
{
	if ((size_t)(ps->end - ps->p) < len || memcmp(ps->p, word, len) != 0)
		return NULL;
	ps->p += len;
	return v;
}

/* Adds key = value to obj (value's reference is taken, also on failure). */
static int
object_put(struct parser *ps, json_t *obj, const char *key, size_t key_len, json_t *value)
{
	size_t before = json_object_size(obj);

	if (json_object_setn_new_nocheck(obj, key, key_len, value) < 0) {
		ps->nomem = 1;
		return -1;
	}
	if (json_object_size(obj) == before)
		ps->duplicates++; /* replaced: a repeated key */
	return 0;
}

/* A key may hold no NUL even with JSON_ALLOW_NUL (jansson: "NUL byte in object key not
 * supported"); an escaped key lives in scratch, which parsing its value reuses: copy it. */
static json_t *
parse_object(struct parser *ps)
{
	json_t *obj = json_object(), *value;
	const char *key;
	char *owned = NULL;
	size_t key_len;

	if (obj == NULL) {
		ps->nomem = 1;
		return NULL;
	}
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		if (ps->p >= ps->end || *ps->p != '"')
			goto fail;
		ps->p++;
		if (scan_string(ps, &key, &key_len) < 0 || memchr(key, '\0', key_len) != NULL)
			goto fail;
		if (key == ps->scratch.buf) {
			owned = strndup(key, key_len);
			if (owned == NULL) {
				ps->nomem = 1;
				goto fail;
			}
			key = owned;
		}
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			goto fail;
		ps->p++;
		value = parse_value(ps);
		if (value == NULL || object_put(ps, obj, key, key_len, value) < 0)
			goto fail;
		free(owned);
		owned = NULL;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		if (ps->p >= ps->end || *ps->p != ',')
			goto fail;
		ps->p++;
		skip_space(ps);
	}
fail:
	free(owned);
	json_decref(obj);
	return NULL;
}

static json_t *
parse_array(struct parser *ps)
{
	json_t *arr = json_array(), *value;

	if (arr == NULL) {
		ps->nomem = 1;
		return NULL;
	}
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		value = parse_value(ps);
		if (value == NULL)
			break;
		if (json_array_append_new(arr, value) < 0) {
			ps->nomem = 1;
			break;
		}
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		if (ps->p >= ps->end || *ps->p != ',')
			break;
		ps->p++;
	}
	json_decref(arr);
	return NULL;
}

static json_t *
parse_scalar_or_nested(struct parser *ps)
{
	switch (*ps->p) {
	case '{':
		ps->p++;
		return parse_object(ps);
	case '[':
		ps->p++;
		return parse_array(ps);
	case '"':
		ps->p++;
		return parse_string(ps);
	case 't':
		return parse_literal(ps, "true", 4, json_true());
	case 'f':
		return parse_literal(ps, "false", 5, json_false());
	case 'n':
		return parse_literal(ps, "null", 4, json_null());
	default:
		return parse_number(ps);
	}
}

/* jansson counts every value, scalars too, against JSON_PARSER_MAX_DEPTH. */
static json_t *
parse_value(struct parser *ps)
{
	json_t *v;

	skip_space(ps);
	if (ps->p >= ps->end || ++ps->depth > JSON_PARSER_MAX_DEPTH)
		return NULL;
	v = parse_scalar_or_nested(ps);
	ps->depth--;
	return v;
}

int
kc_json_parse(const char *buf, size_t len, unsigned flags, json_t **ret, size_t *ret_duplicates)
{
	struct parser ps = {
		.p = (const unsigned char *)buf,
		.end = (const unsigned char *)buf + len,
		.flags = flags,
		.scratch = KC_STRBUF_INIT,
	};
	json_t *v = buf != NULL ? parse_value(&ps) : NULL;

	kc_strbuf_release(&ps.scratch);
	if (v != NULL) {
		skip_space(&ps);
		if (ps.p != ps.end || (!(flags & JSON_DECODE_ANY) && !json_is_object(v) &&
				       !json_is_array(v))) {
			json_decref(v);
			v = NULL;
		}
	}
	if (v == NULL)
		return ps.nomem ? KC_ERR_NOMEM : KC_ERR_PARSE;
	*ret = v;
	if (ret_duplicates != NULL)
		*ret_duplicates = ps.duplicates;
	return 0;
}

json_t *
kc_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *error)
{
	json_t *v = NULL;
	size_t duplicates = 0;

	if ((flags & ~(size_t)(JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES)) == 0 &&
	    kc_json_parse(buf, len, (unsigned)flags, &v, &duplicates) == 0) {
		if (!(flags & JSON_REJECT_DUPLICATES) || duplicates == 0)
			return v;
		json_decref(v);
	}
	/* refused, a repeated key under JSON_REJECT_DUPLICATES or flags we do not handle:
	 * jansson's own answer and message */
	return json_loadb(buf, len, flags, error);
}
