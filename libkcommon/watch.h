/*
 * watch.h - incremental decoder for the apiserver's watch stream (upstream:
 * apimachinery/pkg/util/framer JSON framer, client-go rest/watch/decoder.go and
 * apimachinery/pkg/watch/streamwatcher.go).
 *
 * The stream is a sequence of JSON objects {"type":"ADDED","object":{...}} separated by optional
 * whitespace; upstream writes one per line, but like client-go's framer the decoder does not
 * need the newlines.  Bytes arrive split at arbitrary boundaries: kc_watch_decoder_feed() takes
 * each chunk as it comes, frames events by scanning braces (string and escape aware, each byte
 * scanned once) and hands every complete event to a callback at once.  An event larger than the
 * configured limit is an error rather than unbounded growth.
 *
 * Errors are final: malformed JSON, a missing or unknown "type", a non-object "object", bytes
 * outside an object, or an oversized event stop the decoder, and every later feed returns the
 * same code.  kc_watch_decoder_error() says what went wrong, in upstream's words where upstream
 * has them ("got invalid watch event type: X").
 */
#ifndef KC_WATCH_H
#define KC_WATCH_H

#include <stddef.h>

#include <jansson.h>

/* Watch event types, as in the stream ("ADDED", ...). */
enum kc_watch_event_type {
	KC_WATCH_ADDED,
	KC_WATCH_MODIFIED,
	KC_WATCH_DELETED,
	KC_WATCH_BOOKMARK,
	KC_WATCH_ERROR,
};

/* Upstream's default MaxRequestBodyBytes-like bound for one event: 16 MiB. */
#define KC_WATCH_MAX_EVENT_SIZE_DEFAULT ((size_t)16 << 20)

struct kc_watch_decoder;

/*
 * One decoded event; `object` is borrowed (valid during the call; json_incref() to keep it).
 * Return 0 to go on, or a negative value to stop: kc_watch_decoder_feed() then returns that value
 * at once and the rest of the chunk is dropped (stopping abandons the stream).
 */
typedef int (*kc_watch_decoder_event_fn)(void *arg, enum kc_watch_event_type type,
					 json_t *object);

/* max_event_size 0 = KC_WATCH_MAX_EVENT_SIZE_DEFAULT.  NULL when out of memory. */
struct kc_watch_decoder *kc_watch_decoder_new(size_t max_event_size);
struct kc_watch_decoder *kc_watch_decoder_free(struct kc_watch_decoder *d);

/*
 * Decodes `len` bytes, calling fn for every event completed by them, in order.  Returns 0, the
 * callback's negative value if it stopped, or a decoder error: KC_ERR_PARSE (bad JSON, bad event
 * shape, garbage between events), KC_ERR_TOO_LARGE (event over the limit), KC_ERR_NOMEM.
 */
int kc_watch_decoder_feed(struct kc_watch_decoder *d, const void *data, size_t len,
			  kc_watch_decoder_event_fn fn, void *arg);

/*
 * The stream ended: 0 when it ended between events, KC_ERR_PARSE ("unexpected EOF") when an
 * event was cut short, or the decoder's earlier error.
 */
int kc_watch_decoder_finish(struct kc_watch_decoder *d);

/* Bytes of an unfinished event held right now (for tests and metrics). */
size_t kc_watch_decoder_pending(const struct kc_watch_decoder *d);

/* Text of the last error; "" when none.  Borrowed, valid until the next feed or free. */
const char *kc_watch_decoder_error(const struct kc_watch_decoder *d);

/* "ADDED", ...; "UNKNOWN" for a value out of range. */
const char *kc_watch_event_type_name(enum kc_watch_event_type type);
/* The type named `name`; KC_ERR_PARSE when it is none of the five. */
int kc_watch_event_type_parse(const char *name);

/*
 * The error a metav1.Status stands for (an ERROR event's object, or an error response body):
 * its "reason" when it is one errors.h knows (so 410 + "Expired" is KC_ERR_EXPIRED and 410 +
 * "Gone" is KC_ERR_GONE), otherwise its "code" through kc_err_from_http_status(), otherwise
 * http_status likewise (0 = none).  0 for a Status whose "status" is "Success";
 * KC_ERR_INTERNAL when nothing tells.
 */
int kc_watch_status_err(const json_t *status, int http_status);

#endif
