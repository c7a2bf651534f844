/*
 * watch_cache.h - one in-memory cache per resource, fed by one etcd watch, serving list, get and
 * watch with upstream's resourceVersion semantics (upstream: staging/src/k8s.io/apiserver/pkg/
 * storage/cacher/cacher.go, watch_cache.go, cache_watcher.go, and storage/etcd3/store.go for the
 * reads it hands to etcd).
 *
 * At start the cache lists the resource's key prefix from etcd, page by page at one revision,
 * then watches the prefix from the revision after.  Each write is parsed once, stamped with
 * metadata.resourceVersion = its mod_revision and serialized once: the resulting object (its JSON
 * bytes and the parsed, immutable json_t) is refcounted and shared by the store (key -> object,
 * in key order), the window of recent events, every watcher queue and list results.
 *
 * Reads (API-COMPAT.md RV1-RV6).  List and get take resourceVersion as the client sent it:
 *	unset	consistent: the cache serves once it is known to equal etcd's current revision
 *		(a one-round-trip check, kc_etcd3_prefix_stat, or the watch catching up), within
 *		fresh_wait_ms; else the read goes to etcd.  Get with RV unset always reads etcd.
 *	"0"	whatever the cache has.
 *	N	not older than N: served once the cache reached N, else after fresh_wait_ms
 *		KC_ERR_TIMEOUT "Too large resource version: N, current: M".
 *	Exact N	(list only) read from etcd at revision N; KC_ERR_EXPIRED when compacted.
 * limit/continue page in key order with upstream's continue token (base64url of
 * {"v":"meta.k8s.io/v1","rv":N,"start":"<next key>"}); a continuation is served from the cache
 * while the cache still holds exactly revision N, else from etcd at N (KC_ERR_EXPIRED with
 * upstream's "The provided continue parameter is too old..." when compacted).
 *
 * Watches.  RV unset or "0": a synthetic ADDED for every current object that matches, then live
 * events.  N: the window's events after N, then live events; N older than the window is
 * KC_ERR_EXPIRED "too old resource version: N (M)".  Label and field selectors filter with
 * upstream's transitions: an object that stops matching is DELETED (its previous state at the
 * event's revision), one that starts matching is ADDED.  Every event is serialized once per type
 * into a refcounted buffer shaped exactly as the wire event, {"type":"MODIFIED","object":...}\n,
 * and that one buffer is handed to every watcher that gets it (kc_http_reply_chunk_ref queues it
 * without a copy).  Watchers that fall behind by more than watcher_queue_max events are ended.
 * With allow_bookmarks a BOOKMARK with the current revision goes out every bookmark_interval_ms
 * and 2 s before the watcher's timeout.
 *
 * Outages.  etcd away: the cache keeps serving RV "0" reads and open watches; consistent reads
 * fail with KC_ERR_UNAVAILABLE; the etcd watch reopens from the last revision when etcd is back,
 * so watchers lose nothing.  A compacted etcd watch (the cache fell too far behind) makes the
 * cache relist; its watchers then get an ERROR event with a 410 Expired Status and end, so their
 * clients relist.
 *
 * Everything runs on the loop of the etcd client; callbacks never run from inside the call that
 * started them.
 */
#ifndef KUBE_APISERVER_STORAGE_WATCH_CACHE_H
#define KUBE_APISERVER_STORAGE_WATCH_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/watch.h"

struct event_base;
struct kc_etcd3;
struct kc_http_shared_buf;
struct kc_watch_cache;
struct kc_watch_cache_object;
struct kc_watch_cache_req;
struct kc_watch_cache_watcher;

/*
 * The value of a field selector field for an object (pods: "spec.nodeName", "status.phase", ...),
 * borrowed from obj, or NULL when it has none (read as "").  metadata.name and
 * metadata.namespace are answered by the cache itself.
 */
typedef const char *(*kc_watch_cache_field_fn)(const json_t *obj, const char *field);

struct kc_watch_cache_options {
	struct kc_etcd3 *etcd;             /* required; the cache runs on its loop */
	const char *resource;              /* "pods", for messages */
	const char *key_prefix;            /* under --etcd-prefix: "/pods", "/services/specs" */
	const char *api_version;           /* of bookmark objects: "v1", "apps/v1" */
	const char *kind;                  /* "Pod" */
	kc_watch_cache_field_fn get_field; /* NULL: only metadata.name/namespace */
	size_t window_min;                 /* events always kept; 0: 1000 */
	size_t window_max;                 /* events never exceeded; 0: 102400 */
	long window_ms;                    /* younger events kept up to window_max; 0: 5 min */
	long fresh_wait_ms;                /* waiting for the cache to catch up; 0: 3 s */
	long bookmark_interval_ms;         /* 0: 1 min */
	size_t watcher_queue_max;          /* live events a watcher may lag by; 0: 1000 */
	size_t sink_backlog_max;           /* bytes a sink may hold before we pause it; 0: 1 MiB */
	int64_t list_page_size;            /* initial list page; 0: 500 */
};

/* Starts the cache (initial list, then the watch).  Returns 0, KC_ERR_INVALID (no etcd, no
 * key_prefix starting with '/'), KC_ERR_NOMEM. */
int kc_watch_cache_new(const struct kc_watch_cache_options *opts, struct kc_watch_cache **ret);

/* Ends every watcher (no sink callbacks), cancels pending reads (no callbacks), frees the cache.
 * NULL-safe; returns NULL. */
struct kc_watch_cache *kc_watch_cache_free(struct kc_watch_cache *wc);

/* Whether the initial list is done (and no relist is running). */
int kc_watch_cache_ready(const struct kc_watch_cache *wc);
/* The revision the cache reflects (events applied up to it). */
int64_t kc_watch_cache_revision(const struct kc_watch_cache *wc);
/* Objects in the store, events in the window, watchers open. */
size_t kc_watch_cache_size(const struct kc_watch_cache *wc);
size_t kc_watch_cache_window_size(const struct kc_watch_cache *wc);
size_t kc_watch_cache_watchers(const struct kc_watch_cache *wc);
/* Times the cache relisted after its etcd watch was compacted. */
long kc_watch_cache_relists(const struct kc_watch_cache *wc);

/* --- cached objects: refcounted, immutable ------------------------------------------------ */

struct kc_watch_cache_object *kc_watch_cache_object_ref(struct kc_watch_cache_object *o);
/* NULL-safe; returns NULL. */
struct kc_watch_cache_object *kc_watch_cache_object_unref(struct kc_watch_cache_object *o);
/* The JSON bytes (metadata.resourceVersion set; NUL-terminated, the NUL not counted). */
const char *kc_watch_cache_object_bytes(const struct kc_watch_cache_object *o, size_t *ret_len);
/* The parsed object: never modify it. */
const json_t *kc_watch_cache_object_json(const struct kc_watch_cache_object *o);
int64_t kc_watch_cache_object_revision(const struct kc_watch_cache_object *o);
/* The key under the resource prefix: "default/web" or "node-1". */
const char *kc_watch_cache_object_key(const struct kc_watch_cache_object *o);

/*
 * value, as kc_json_dumps() writes an object without metadata.resourceVersion, with
 * "resourceVersion":"<rv>" inserted where kc_watch_cache_stamp_resource_version() puts it,
 * without a parse: byte for byte kc_json_dumps() of the stamped object.  Returns a malloc()ed
 * NUL-terminated copy (its length in *ret_len), or NULL when value is not in that form (see
 * watch_cache.c) or out of memory: then parse, stamp and dump.
 */
char *kc_watch_cache_stamp_bytes(const char *value, size_t len, int64_t rv, size_t *ret_len);

/*
 * Sets top.metadata to a shallow copy of meta_in (may be top's own metadata, or NULL) with
 * resourceVersion = rv, placed where upstream's encoder writes it (after uid, before
 * generation: types.go field order).  The one stamping routine of the apiserver: the cache's
 * objects and the registry's responses share it.  0 or KC_ERR_NOMEM (top unchanged).
 */
int kc_watch_cache_stamp_resource_version(json_t *top, const json_t *meta_in, int64_t rv);

/* --- reads -------------------------------------------------------------------------------- */

enum kc_rv_match {
	KC_RV_MATCH_UNSET = 0, /* resourceVersionMatch absent */
	KC_RV_MATCH_NOT_OLDER_THAN,
	KC_RV_MATCH_EXACT,
};

struct kc_watch_cache_list_opts {
	const char *namespace;        /* NULL or "": all namespaces */
	const char *label_selector;   /* labelSelector as sent; NULL or "": everything */
	const char *field_selector;   /* fieldSelector as sent */
	const char *resource_version; /* NULL: unset */
	enum kc_rv_match match;
	int64_t limit;              /* 0: no limit */
	const char *continue_token; /* NULL or "": none */
};

/* Borrowed during the callback; take a reference on items to keep them. */
struct kc_watch_cache_list_result {
	struct kc_watch_cache_object **items; /* in key order */
	size_t n;
	int64_t revision;           /* the list's metadata.resourceVersion */
	const char *continue_token; /* NULL on the last page */
	int64_t remaining;          /* remainingItemCount, -1 when not known (selectors) */
};

/*
 * err 0 and res, or a negative KC_ERR_* and an upstream message: KC_ERR_BAD_REQUEST (bad
 * selector, resourceVersion or continue token), KC_ERR_INVALID (resourceVersionMatch without
 * resourceVersion, Exact with "0"), KC_ERR_EXPIRED (410), KC_ERR_TIMEOUT (RV6, 504),
 * KC_ERR_UNAVAILABLE (etcd away for a consistent read), KC_ERR_NOMEM.
 */
typedef void (*kc_watch_cache_list_cb)(void *arg, int err, const char *message,
				       const struct kc_watch_cache_list_result *res);

/* Starts a list; NULL (no callback) when out of memory. */
struct kc_watch_cache_req *kc_watch_cache_list(struct kc_watch_cache *wc,
					       const struct kc_watch_cache_list_opts *opts,
					       kc_watch_cache_list_cb cb, void *arg);

/* obj borrowed during the callback (NULL on error); KC_ERR_NOT_FOUND when absent. */
typedef void (*kc_watch_cache_get_cb)(void *arg, int err, const char *message,
				      struct kc_watch_cache_object *obj);

/* Gets "namespace/name" (or "name"); resource_version NULL (etcd), "0" or N as above. */
struct kc_watch_cache_req *kc_watch_cache_get(struct kc_watch_cache *wc, const char *key,
					      const char *resource_version,
					      kc_watch_cache_get_cb cb, void *arg);

/* Stops a read: its callback will not run.  NULL-safe, not from its own callback. */
void kc_watch_cache_req_cancel(struct kc_watch_cache_req *req);

/* --- watch -------------------------------------------------------------------------------- */

struct kc_watch_cache_event {
	enum kc_watch_event_type type;
	struct kc_watch_cache_object *object; /* NULL for BOOKMARK and ERROR */
	int64_t revision;
};

/*
 * Where a watcher's events go (the HTTP handler).  send() gets the wire buffer (borrowed: take a
 * reference to keep it; kc_http_reply_chunk_ref does) and the event it holds; it returns 0, or
 * a negative value when the client is gone (the watcher then ends with KC_ERR_IO).  backlog()
 * tells how many bytes the sink still has to write (kc_http_request_output_pending); NULL: 0.
 * end() runs once when the cache ends the watch: 0 (timeout reached), KC_ERR_EXPIRED (an ERROR
 * event with a 410 Status was sent just before), KC_ERR_TOO_MANY_REQUESTS (the watcher fell
 * behind), KC_ERR_IO (send failed), KC_ERR_NOMEM.  The watcher is freed after end(); do not
 * stop it then.
 */
struct kc_watch_sink {
	int (*send)(void *arg, struct kc_http_shared_buf *buf,
		    const struct kc_watch_cache_event *ev);
	size_t (*backlog)(void *arg);
	void (*end)(void *arg, int err);
	void *arg;
};

struct kc_watch_cache_watch_opts {
	const char *namespace;
	const char *label_selector;
	const char *field_selector;
	const char *resource_version; /* NULL or "": unset */
	int allow_bookmarks;
	long timeout_ms; /* 0: until stopped */
	struct kc_watch_sink sink;
};

/*
 * Starts a watcher.  0 and *ret; or KC_ERR_EXPIRED ("too old resource version: N (M)"),
 * KC_ERR_BAD_REQUEST (selector, resourceVersion), KC_ERR_TOO_MANY_REQUESTS (the cache is
 * (re)initializing), KC_ERR_NOMEM, with a malloc()ed upstream message in *ret_message (may be
 * NULL).  Events start flowing from the loop.
 */
int kc_watch_cache_watch(struct kc_watch_cache *wc, const struct kc_watch_cache_watch_opts *opts,
			 struct kc_watch_cache_watcher **ret, char **ret_message);

/* Stops a watcher without calling end().  NULL-safe; allowed from its sink's send(). */
void kc_watch_cache_watcher_stop(struct kc_watch_cache_watcher *w);

/* Live events queued for the watcher and not yet handed to its sink. */
size_t kc_watch_cache_watcher_queued(const struct kc_watch_cache_watcher *w);

/* --- helpers ------------------------------------------------------------------------------ */

/* A wire ERROR event: {"type":"ERROR","object":<metav1 Status code/reason/message>}\n; NULL on
 * ENOMEM.  The caller owns the reference. */
struct kc_http_shared_buf *kc_watch_cache_error_event(int code, const char *reason,
						      const char *message);

/* Upstream's continue token for a list at rv whose next key is start ("ns/name\0"); malloc()ed. */
char *kc_watch_cache_encode_continue(const char *start, size_t start_len, int64_t rv);
/* Decodes one: 0 with *ret_start (malloc()ed, *ret_len bytes) and *ret_rv, or
 * KC_ERR_BAD_REQUEST with upstream's message ("continue key is not valid: ...") in *ret_err. */
int kc_watch_cache_decode_continue(const char *token, char **ret_start, size_t *ret_len,
				   int64_t *ret_rv, char **ret_err);

#endif
