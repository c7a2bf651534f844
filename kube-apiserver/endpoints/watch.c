/*
 * watch.c - watch streams (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * watch.go serveWatch/WatchServer.ServeHTTP, get.go's watch branch of ListResource, and
 * response.go watchEmbeddedEncoder for Table and PartialObjectMetadata events).
 *
 * A watch is a watcher of the resource's watch cache whose sink writes to the HTTP stream.
 * Plain JSON watches hand the cache's shared event buffer to the connection as it is: one
 * serialization per event, whatever the number of watchers (send_event() says when the bytes
 * are copied and when referenced).
 * Watches that want another shape (a Table row, PartialObjectMetadata, an events.k8s.io
 * Event) get the event converted once per event and shape: the conversions are kept in a
 * small table keyed by the cache's event buffer, so the next watcher of the same shape reuses
 * them.  Only a Table watch's first event (which carries the column definitions) is built per
 * watcher, as upstream sends the columns once per stream.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/registry/table.h"
#include "kube-apiserver/storage/watch_cache.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

/* ---- the conversion table ------------------------------------------------------------- */

#define CONVERT_SLOTS 4096 /* a power of two */

struct convert_slot {
	struct kc_http_shared_buf *src; /* referenced, so its address is not reused */
	unsigned variant;
	struct kc_http_shared_buf *out;
};

struct watch_convert_cache {
	struct convert_slot slots[CONVERT_SLOTS];
	unsigned long hits, misses; /* for tests */
};

struct watch_convert_cache *
watch_convert_cache_new(void)
{
	return calloc(1, sizeof(struct watch_convert_cache));
}

struct watch_convert_cache *
watch_convert_cache_free(struct watch_convert_cache *c)
{
	if (c == NULL)
		return NULL;
	for (size_t i = 0; i < CONVERT_SLOTS; i++) {
		kc_http_shared_buf_unref(c->slots[i].src);
		kc_http_shared_buf_unref(c->slots[i].out);
	}
	free(c);
	return NULL;
}

void
watch_convert_cache_stats(const struct watch_convert_cache *c, unsigned long *hits,
			  unsigned long *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}

static struct convert_slot *
convert_slot(struct watch_convert_cache *c, const struct kc_http_shared_buf *src, unsigned variant)
{
	uintptr_t h = (uintptr_t)src;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	h ^= variant * 0x85ebca6bU;
	return &c->slots[(h >> 20) & (CONVERT_SLOTS - 1)];
}

/* ---- one watch ------------------------------------------------------------------------- */

struct watch_state {
	struct api_request *r;
	struct kc_watch_cache_watcher *w;
	unsigned variant; /* 0: the cache's own bytes */
	int sent_headers; /* a Table watch sent its column definitions */
	int ended;
	struct table_options topts;
};

enum {
	VARIANT_TABLE = 1,
	VARIANT_PARTIAL = 2,
	VARIANT_CONVERTED = 3, /* the object in its API shape (events.k8s.io) */
};

static const char *
event_type_name(enum kc_watch_event_type t)
{
	return kc_watch_event_type_name(t);
}

/* The object of a BOOKMARK in the watch's shape: only its resourceVersion matters. */
static json_t *
bookmark_object(struct watch_state *st, const json_t *orig)
{
	const json_t *rv = kc_json_get(orig, "metadata", "resourceVersion", NULL);
	const char *gv = st->topts.v1beta1 ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1";

	if ((st->variant & 0xf) == VARIANT_TABLE)
		return json_pack("{s:s, s:s, s:{s:O?}, s:n, s:[]}", "kind", "Table", "apiVersion",
				 gv, "metadata", "resourceVersion", rv, "columnDefinitions",
				 "rows");
	return json_pack("{s:s, s:s, s:{s:O?}}", "kind", "PartialObjectMetadata", "apiVersion",
			 "meta.k8s.io/v1", "metadata", "resourceVersion", rv);
}

/* The wire bytes of one event in the watch's shape; NULL when out of memory or when the
 * object cannot be printed (then *ret_err says why). */
static struct kc_http_shared_buf *
convert_event(struct watch_state *st, struct kc_http_shared_buf *src,
	      const struct kc_watch_cache_event *ev, int headers)
{
	struct api_request *r = st->r;
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf sb = KC_STRBUF_INIT;
	json_auto_t *orig = NULL, *obj = NULL, *conv = NULL;
	struct table_options opts = st->topts;
	char *tail;
	int rc = 0;

	if (ev->type == KC_WATCH_ERROR)
		return kc_http_shared_buf_ref(src);
	if (ev->object != NULL) {
		orig = json_incref((json_t *)kc_watch_cache_object_json(ev->object));
	} else {
		/* BOOKMARK: parse the cache's tiny event for its resourceVersion */
		json_auto_t *e = NULL;

		if (kc_json_loads(kc_http_shared_buf_data(src), kc_http_shared_buf_len(src), &e,
				  NULL, 0) < 0)
			return NULL;
		orig = json_incref(json_object_get(e, "object"));
	}
	if (orig == NULL)
		return NULL;
	if (api_needs_conversion(r->res) && ev->object != NULL) {
		conv = api_from_storage(r->res, orig);
		if (conv == NULL)
			return NULL;
	} else {
		conv = json_incref(orig);
	}
	switch (st->variant & 0xf) {
	case VARIANT_TABLE:
		if (ev->object == NULL) {
			obj = bookmark_object(st, conv);
			break;
		}
		opts.no_headers = !headers;
		opts.now_ns = kc_meta_now();
		rc = table_object_new(r->res, conv, &opts, &obj);
		break;
	case VARIANT_PARTIAL:
		obj = ev->object == NULL ? bookmark_object(st, conv)
					 : table_partial_object_metadata_new(conv, 0);
		break;
	default:
		obj = json_incref(conv);
		break;
	}
	if (rc < 0 || obj == NULL)
		return NULL;
	kc_strbuf_addf(&sb, "{\"type\":\"%s\",\"object\":", event_type_name(ev->type));
	if (kc_json_dump_strbuf(&sb, obj) < 0 || kc_strbuf_adds(&sb, "}\n") < 0)
		return NULL;
	tail = kc_strbuf_detach(&sb, NULL);
	return tail != NULL ? kc_http_shared_buf_new_take(tail, strlen(tail)) : NULL;
}

/* The converted event, from the table or built now (and kept). */
static struct kc_http_shared_buf *
converted(struct watch_state *st, struct kc_http_shared_buf *src,
	  const struct kc_watch_cache_event *ev)
{
	struct watch_convert_cache *c = st->r->env->watch_cache;
	struct convert_slot *slot;
	struct kc_http_shared_buf *out;

	if ((st->variant & 0xf) == VARIANT_TABLE && !st->sent_headers) {
		st->sent_headers = 1;
		return convert_event(st, src, ev, 1);
	}
	if (c == NULL)
		return convert_event(st, src, ev, 0);
	slot = convert_slot(c, src, st->variant);
	if (slot->src == src && slot->variant == st->variant) {
		c->hits++;
		return kc_http_shared_buf_ref(slot->out);
	}
	c->misses++;
	out = convert_event(st, src, ev, 0);
	if (out == NULL)
		return NULL;
	kc_http_shared_buf_unref(slot->src);
	kc_http_shared_buf_unref(slot->out);
	slot->src = kc_http_shared_buf_ref(src);
	slot->variant = st->variant;
	slot->out = kc_http_shared_buf_ref(out);
	return out;
}

static void
watch_finish(struct watch_state *st)
{
	struct api_request *r = st->r;

	if (st->ended)
		return;
	st->ended = 1;
	kc_http_request_on_close(r->http, NULL, NULL);
	api_metrics_observe(r);
	kc_http_reply_end(r->http);
	api_request_free(r); /* frees st too */
}

/*
 * Queues one serialized event on the stream.  bufferevent_openssl hands each evbuffer chain to
 * its own SSL_write(), one TLS record and one write(2) each, and a referenced buffer is a chain
 * of its own: 500 watchers sent referenced events cost a system call per event per watcher,
 * three quarters of the server's time in the issue #3 benchmark.  So while the connection's
 * backlog is small, a small event is copied (with its chunk framing) into the last chain, and
 * what one loop turn queues leaves in a few records (creates under 500 watchers: 4x less
 * apiserver CPU).  A watcher that falls behind gets references: its long queue shares the
 * cache's bytes instead of holding copies.
 */
#define WATCH_COPY_MAX     4096
#define WATCH_COPY_BACKLOG (256 * 1024)

static int
send_event(struct kc_http_request *http, struct kc_http_shared_buf *buf)
{
	size_t len = kc_http_shared_buf_len(buf);

	if (len <= WATCH_COPY_MAX && kc_http_request_output_pending(http) < WATCH_COPY_BACKLOG)
		return kc_http_reply_chunk(http, kc_http_shared_buf_data(buf), len);
	return kc_http_reply_chunk_ref(http, buf);
}

static int
sink_send(void *arg, struct kc_http_shared_buf *buf, const struct kc_watch_cache_event *ev)
{
	struct watch_state *st = arg;
	struct kc_http_shared_buf *out;
	int rc;

	if (st->variant == 0)
		return send_event(st->r->http, buf) < 0 ? -1 : 0;
	out = converted(st, buf, ev);
	if (out == NULL) {
		kc_error("watch %s: cannot convert an event; ending the watch", st->r->info.path);
		return -1;
	}
	rc = send_event(st->r->http, out);
	kc_http_shared_buf_unref(out);
	return rc < 0 ? -1 : 0;
}

static size_t
sink_backlog(void *arg)
{
	struct watch_state *st = arg;

	return kc_http_request_output_pending(st->r->http);
}

static void
sink_end(void *arg, int err)
{
	struct watch_state *st = arg;

	st->w = NULL; /* freed by the cache after this */
	if (err < 0 && err != KC_ERR_EXPIRED && err != KC_ERR_IO)
		kc_v(2, "watch %s ended: %s", st->r->info.path, kc_strerror(err));
	watch_finish(st);
}

static void
on_client_gone(struct kc_http_request *req, void *arg)
{
	struct watch_state *st = arg;

	(void)req;
	kc_watch_cache_watcher_stop(st->w);
	st->w = NULL;
	watch_finish(st);
}

static void
watch_state_free(void *p)
{
	struct watch_state *st = p;

	kc_watch_cache_watcher_stop(st->w);
	free(st);
}

/* upstream: a random timeout in [min-request-timeout, 2 x min-request-timeout) */
static long
default_timeout_ms(const struct api_request *r)
{
	long min = r->env->min_request_timeout_s > 0 ? r->env->min_request_timeout_s : 1800;

	return (long)(min * 1000.0 * (1.0 + (double)random() / ((double)RAND_MAX + 1.0)));
}

/* A watch whose start failed with 410: upstream answers 200 with one ERROR event. */
static void
reply_expired_stream(struct api_request *r, const char *message)
{
	struct kc_http_shared_buf *ev = kc_watch_cache_error_event(410, "Expired", message);

	if (ev == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	kc_http_reply_start(r->http, 200, "application/json");
	kc_http_reply_chunk_ref(r->http, ev);
	kc_http_shared_buf_unref(ev);
	api_metrics_observe(r);
	kc_http_reply_end(r->http);
	api_request_free(r);
}

/* What a converted event depends on: the shape, its options, and the resource (core and
 * events.k8s.io events share one cache and its buffers but print and convert differently). */
static unsigned
watch_variant(const struct api_request *r, const struct table_options *topts)
{
	unsigned res = (unsigned)(r->res - api_resources) << 16;

	switch (r->out.target) {
	case TARGET_TABLE:
		return res | VARIANT_TABLE | (topts->v1beta1 ? 0x10 : 0) |
		       ((unsigned)topts->include_object << 8);
	case TARGET_PARTIAL:
		return res | VARIANT_PARTIAL;
	default:
		return api_needs_conversion(r->res) ? res | VARIANT_CONVERTED : 0;
	}
}

void
handle_watch(struct api_request *r)
{
	struct kc_watch_cache_watch_opts wo = { 0 };
	struct list_options o;
	struct watch_state *st;
	KC_AUTOFREE char *msg = NULL, *ierr = NULL, *fsel = NULL;
	int rc;

	if (r->store == NULL) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return;
	}
	if (api_negotiate(r, TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL), 0) < 0)
		return;
	if (list_options_parse(r, &o) < 0)
		return;
	if (list_options_validate(r, &o, 1) < 0) {
		list_options_release(&o);
		return;
	}
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		list_options_release(&o);
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	st->r = r;
	r->state = st;
	r->state_free = watch_state_free;
	if (r->out.target == TARGET_TABLE) {
		rc = table_include_parse(kc_http_query_get(r->http, "includeObject"),
					 &st->topts.include_object, &ierr);
		if (rc < 0) {
			list_options_release(&o);
			api_reply_error(r, rc, ierr != NULL ? ierr : "bad includeObject");
			return;
		}
		st->topts.v1beta1 =
			r->out.version != NULL && strcmp(r->out.version, "v1beta1") == 0;
	}
	st->variant = watch_variant(r, &st->topts);
	/* a watch of one named object (the legacy /watch/ path) selects it by name */
	if (r->info.name[0] != '\0' &&
	    asprintf(&fsel, "metadata.name=%s%s%s", r->info.name,
		     o.field_selector != NULL ? "," : "",
		     o.field_selector != NULL ? o.field_selector : "") < 0)
		fsel = NULL;
	wo.namespace = r->res->namespaced ? r->info.namespace_ : NULL;
	wo.label_selector = o.label_selector;
	wo.field_selector = fsel != NULL ? fsel : o.field_selector;
	wo.resource_version = o.resource_version;
	wo.allow_bookmarks = o.allow_bookmarks;
	wo.timeout_ms = o.has_timeout && o.timeout_seconds > 0 ? o.timeout_seconds * 1000
							       : default_timeout_ms(r);
	wo.sink.send = sink_send;
	wo.sink.backlog = sink_backlog;
	wo.sink.end = sink_end;
	wo.sink.arg = st;
	rc = kc_watch_cache_watch(store_cache(r->store), &wo, &st->w, &msg);
	list_options_release(&o);
	if (rc == KC_ERR_EXPIRED) {
		reply_expired_stream(r, msg != NULL ? msg : "too old resource version");
		return;
	}
	if (rc < 0) {
		api_reply_error(r, rc, msg != NULL ? msg : kc_strerror(rc));
		return;
	}
	kc_http_request_on_close(r->http, on_client_gone, st);
	kc_http_reply_start(r->http, 200, "application/json");
}
