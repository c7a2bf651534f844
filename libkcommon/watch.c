/*
 * watch.c - watch stream framing and event decoding (upstream: apimachinery/pkg/util/framer
 * framer.go NewJSONFramedReader, client-go rest/watch/decoder.go, apimachinery/pkg/watch/
 * streamwatcher.go).  Framing scans each byte once; a frame that arrived whole inside one chunk
 * is parsed in place, only a frame split across chunks is copied.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/watch.h"

struct kc_watch_decoder {
	size_t max_event_size;
	struct kc_strbuf partial; /* bytes of the frame being read that came in earlier chunks */
	size_t depth;             /* open braces and brackets; 0 = between frames */
	int in_string;
	int escaped;
	int err; /* sticky: once set, every feed returns it */
	char errmsg[256];
};

static const char *const event_type_names[] = {
	[KC_WATCH_ADDED] = "ADDED",     [KC_WATCH_MODIFIED] = "MODIFIED",
	[KC_WATCH_DELETED] = "DELETED", [KC_WATCH_BOOKMARK] = "BOOKMARK",
	[KC_WATCH_ERROR] = "ERROR",
};

const char *
kc_watch_event_type_name(enum kc_watch_event_type type)
{
	if ((unsigned)type >= KC_ARRAY_SIZE(event_type_names))
		return "UNKNOWN";
	return event_type_names[type];
}

int
kc_watch_event_type_parse(const char *name)
{
	if (name == NULL)
		return KC_ERR_PARSE;
	for (size_t i = 0; i < KC_ARRAY_SIZE(event_type_names); i++)
		if (strcmp(event_type_names[i], name) == 0)
			return (int)i;
	return KC_ERR_PARSE;
}

struct kc_watch_decoder *
kc_watch_decoder_new(size_t max_event_size)
{
	struct kc_watch_decoder *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->max_event_size = max_event_size != 0 ? max_event_size : KC_WATCH_MAX_EVENT_SIZE_DEFAULT;
	kc_strbuf_init(&d->partial);
	return d;
}

struct kc_watch_decoder *
kc_watch_decoder_free(struct kc_watch_decoder *d)
{
	if (d == NULL)
		return NULL;
	kc_strbuf_release(&d->partial);
	free(d);
	return NULL;
}

size_t
kc_watch_decoder_pending(const struct kc_watch_decoder *d)
{
	return d->partial.len;
}

const char *
kc_watch_decoder_error(const struct kc_watch_decoder *d)
{
	return d->errmsg;
}

static int __attribute__((format(printf, 3, 4)))
fail(struct kc_watch_decoder *d, int r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->errmsg, sizeof(d->errmsg), fmt, ap);
	va_end(ap);
	d->err = r;
	kc_strbuf_release(&d->partial);
	return r;
}

/* Parses one complete frame and hands the event to fn. */
static int
decode_frame(struct kc_watch_decoder *d, const char *frame, size_t len,
	     kc_watch_decoder_event_fn fn, void *arg)
{
	json_error_t jerr;
	json_auto_t *ev = kc_json_loadb(frame, len, JSON_ALLOW_NUL, &jerr);
	json_t *type, *object;
	int t;

	if (ev == NULL)
		return fail(d, KC_ERR_PARSE, "unable to decode watch event: %s (at byte %d)",
			    jerr.text, jerr.position);
	type = json_object_get(ev, "type");
	t = kc_watch_event_type_parse(json_string_value(type));
	if (t < 0) {
		const char *name = json_string_value(type);

		return fail(d, KC_ERR_PARSE, "got invalid watch event type: %.64s",
			    name != NULL ? name : "");
	}
	object = json_object_get(ev, "object");
	if (!json_is_object(object))
		return fail(d, KC_ERR_PARSE,
			    "unable to decode watch event: \"object\" is %s, not a JSON object",
			    object == NULL ? "missing" : "present");
	return fn(arg, (enum kc_watch_event_type)t, object);
}

static int
frame_done(struct kc_watch_decoder *d, const char *chunk, size_t start, size_t end,
	   kc_watch_decoder_event_fn fn, void *arg)
{
	size_t n = end - start;
	int r;

	if (d->partial.len + n > d->max_event_size)
		return fail(d, KC_ERR_TOO_LARGE, "watch event larger than %zu bytes",
			    d->max_event_size);
	if (d->partial.len == 0)
		return decode_frame(d, chunk + start, n, fn, arg);
	if (kc_strbuf_add(&d->partial, chunk + start, n) < 0)
		return fail(d, KC_ERR_NOMEM, "out of memory");
	r = decode_frame(d, d->partial.buf, d->partial.len, fn, arg);
	kc_strbuf_reset(&d->partial);
	return r;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Upstream's json.Decoder words: "invalid character 'x' looking for beginning of value". */
static int
bad_start(struct kc_watch_decoder *d, unsigned char c)
{
	if (c >= 0x20 && c < 0x7f)
		return fail(d, KC_ERR_PARSE,
			    "invalid character '%c' looking for beginning of watch event", c);
	return fail(d, KC_ERR_PARSE, "invalid byte 0x%02x looking for beginning of watch event", c);
}

int
kc_watch_decoder_feed(struct kc_watch_decoder *d, const void *data, size_t len,
		      kc_watch_decoder_event_fn fn, void *arg)
{
	const char *p = data;
	size_t start = 0; /* where the current frame's bytes in this chunk begin */
	int r;

	if (d->err < 0)
		return d->err;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (d->depth == 0) {
			if (is_space(c))
				continue;
			if (c != '{')
				return bad_start(d, c);
			d->depth = 1;
			start = i;
			continue;
		}
		if (d->in_string) {
			if (d->escaped)
				d->escaped = 0;
			else if (c == '\\')
				d->escaped = 1;
			else if (c == '"')
				d->in_string = 0;
			continue;
		}
		if (c == '"') {
			d->in_string = 1;
		} else if (c == '{' || c == '[') {
			d->depth++;
		} else if ((c == '}' || c == ']') && --d->depth == 0) {
			r = frame_done(d, p, start, i + 1, fn, arg);
			if (r < 0)
				return r;
		}
	}
	if (d->depth > 0) {
		if (d->partial.len + (len - start) > d->max_event_size)
			return fail(d, KC_ERR_TOO_LARGE, "watch event larger than %zu bytes",
				    d->max_event_size);
		if (kc_strbuf_add(&d->partial, p + start, len - start) < 0)
			return fail(d, KC_ERR_NOMEM, "out of memory");
	}
	return 0;
}

int
kc_watch_decoder_finish(struct kc_watch_decoder *d)
{
	if (d->err < 0)
		return d->err;
	if (d->depth > 0)
		return fail(d, KC_ERR_PARSE, "unexpected EOF in watch event (%zu bytes read)",
			    d->partial.len);
	return 0;
}

static int
err_from_code(json_int_t code)
{
	int r;

	if (code <= 0 || code > 999)
		return KC_ERR_INTERNAL;
	r = kc_err_from_http_status((int)code);
	return r < 0 ? r : KC_ERR_INTERNAL; /* a failure with a 2xx code is still a failure */
}

int
kc_watch_status_err(const json_t *status, int http_status)
{
	const char *reason = json_string_value(json_object_get(status, "reason"));
	const char *st = json_string_value(json_object_get(status, "status"));
	json_t *code = json_object_get(status, "code");

	if (st != NULL && strcmp(st, "Success") == 0)
		return 0;
	if (reason != NULL && *reason != '\0') {
		int r = kc_err_from_reason(reason);

		/* KC_ERR_INTERNAL also means "unknown reason": then the code decides. */
		if (r != KC_ERR_INTERNAL || strcmp(reason, "InternalError") == 0)
			return r;
	}
	if (json_is_integer(code) && json_integer_value(code) > 0)
		return err_from_code(json_integer_value(code));
	if (http_status > 0)
		return err_from_code(http_status);
	return KC_ERR_INTERNAL;
}
