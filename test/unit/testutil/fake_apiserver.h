/*
 * fake_apiserver.h - a small in-process kube-apiserver for unit tests (upstream idea: the
 * apiserver's generic registry + watch cache as seen from a client; client-go's fake clientset
 * works one level higher, this one speaks real HTTP so the REST client is tested too).
 *
 * It runs on the test's own event_base (libevent evhttp), listens on 127.0.0.1 on a free port,
 * plain HTTP or HTTPS, and serves the resources registered with kc_fake_apiserver_add_resource()
 * from an in-memory store.  Everything a client sees is shaped like upstream's:
 *
 *   paths     /api/v1/[namespaces/<ns>/]<resource>[/<name>[/<subresource>]] for the core group,
 *             /apis/<group>/<version>/... otherwise.  Unknown paths: 404 Status.
 *   GET       one object, or a list {"kind":"<Kind>List","metadata":{"resourceVersion",
 *             "continue","remainingItemCount"},"items":[...]} sorted by namespace/name, with
 *             labelSelector (=, ==, !=, exists, !exists, in, notin), fieldSelector (any dotted
 *             path, =, ==, !=), limit/continue paging (continue tokens look like upstream's and
 *             expire with compaction: 410 Expired).  Pages are cut from the current state, not
 *             from a snapshot at the first page's resourceVersion.
 *   POST      create: metadata.name or generateName required and a DNS-1123 subdomain (else 422
 *             Invalid with details.causes), namespace from the URL (400 on mismatch); sets uid,
 *             creationTimestamp, generation 1, resourceVersion; 409 AlreadyExists; 201 + object.
 *   PUT       update: 404 when missing, 400 when the body's name differs from the URL's, 409
 *             Conflict when metadata.resourceVersion is set and stale; "status" subresource
 *             replaces only .status, the main resource keeps the stored .status when the resource
 *             was added with KC_FAKE_STATUS; generation bumps when .spec changes; a no-op write
 *             keeps the resourceVersion and sends no event (as etcd3's GuaranteedUpdate).
 *   PATCH     application/merge-patch+json and application/strategic-merge-patch+json (applied
 *             as a JSON merge patch, RFC 7386); a resourceVersion in the patch is a precondition;
 *             other types 415.
 *   DELETE    immediate (no finalizers or grace periods); DeleteOptions.preconditions uid and
 *             resourceVersion give 409 Conflict; 200 + the deleted object.
 *   watch     GET ...?watch=true: a chunked stream of {"type":...,"object":...}\n lines.
 *             resourceVersion unset or "0": synthetic ADDED events for what exists, then changes;
 *             resourceVersion N: every change after N, or, when N is older than the kept history
 *             (see history_window and kc_fake_apiserver_compact()), an ERROR event with a 410
 *             Expired Status ("too old resource version: N (M)") and the end of the stream (or an
 *             HTTP 410 reply with watch_410_as_http).  Selectors apply, with upstream's
 *             transitions (an object leaving the selection is DELETED, entering it ADDED).
 *             allowWatchBookmarks=true: BOOKMARK events every bookmark_interval_ms and on
 *             kc_fake_apiserver_send_bookmarks().  sendInitialEvents=true: after the synthetic
 *             ADDED events a BOOKMARK annotated "k8s.io/initial-events-end": "true".
 *             timeoutSeconds=N ends the stream cleanly after N seconds.
 *
 * Errors are metav1.Status objects with upstream's messages, reasons, codes and details
 * ({"name","group","kind":<resource>}).  resourceVersions come from one counter shared by all
 * resources, as etcd's revision.
 *
 * Tests steer it through the injection calls below: fail the next N requests (500, 429 with
 * Retry-After, ...), delay every response, drop or end every watch stream, compact the history,
 * write the store behind the client's back, or answer requests themselves with a hook.  Every
 * request is logged (method, URI, headers, client certificate CN, arrival time) for assertions.
 *
 * Ownership: strings returned are borrowed and valid until the next call that changes the
 * fake; JSON returned is borrowed from the store (json_incref() to keep it).  Not thread-safe;
 * call it from the loop thread (the test's main flow between event_base_loop() runs is fine).
 */
#ifndef KC_TEST_FAKE_APISERVER_H
#define KC_TEST_FAKE_APISERVER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/client.h"

struct event_base;
struct evhttp_request;
struct kc_fake_apiserver;

struct kc_fake_apiserver_opts {
	/* HTTPS when cert and key are set (PEM text; the cert may be a chain). */
	const char *tls_cert_pem;
	const char *tls_key_pem;
	/* With HTTPS: require a client certificate signed by this CA (PEM); NULL = none asked. */
	const char *client_ca_pem;
	/* Watch history kept, in events (0 = unlimited); older events are compacted away. */
	size_t history_window;
	/* BOOKMARK period for watches that allow them; 0 = only kc_fake_apiserver_send_bookmarks(). */
	int bookmark_interval_ms;
	/* Too-old watch resourceVersion: reply HTTP 410 instead of 200 + an ERROR event. */
	int watch_410_as_http;
};

/* Flags of kc_fake_apiserver_add_resource(). */
enum {
	KC_FAKE_STATUS = 1 << 0, /* has a "status" subresource: PUT on the main one keeps .status */
};

/* One logged request.  Strings are "" when the header was absent; never NULL. */
struct kc_fake_request {
	char *method;	     /* "GET", ... */
	char *uri;	     /* as sent: path and query, still percent-encoded */
	char *user_agent;
	char *authorization; /* the whole header value ("Bearer x", "Basic ...") */
	char *content_type;
	char *accept;
	char *host;
	char *client_cn;     /* subject CN of the TLS client certificate, "" without one */
	char *body;	     /* request body (NUL-terminated copy) */
	double t;	     /* arrival, seconds on CLOCK_MONOTONIC */
};

/*
 * Hook: called for every request before the fake serves it (after logging, before injected
 * failures and delays).  Return 1 when the hook answered (or will answer) the request itself,
 * 0 to let the fake go on.
 */
typedef int (*kc_fake_apiserver_hook_fn)(void *arg, struct evhttp_request *req);

/* Listens on 127.0.0.1:<free port>.  NULL when the socket or TLS setup fails; opts may be NULL. */
struct kc_fake_apiserver *kc_fake_apiserver_new(struct event_base *base,
						const struct kc_fake_apiserver_opts *opts);
/* Closes every connection (watch streams end abruptly) and frees; NULL-safe, returns NULL. */
struct kc_fake_apiserver *kc_fake_apiserver_free(struct kc_fake_apiserver *f);

/* "http://127.0.0.1:PORT" or "https://...". */
const char *kc_fake_apiserver_url(const struct kc_fake_apiserver *f);
int kc_fake_apiserver_port(const struct kc_fake_apiserver *f);

/* Serves res (strings copied); flags KC_FAKE_*.  KC_ERR_NOMEM, or KC_ERR_ALREADY_EXISTS. */
int kc_fake_apiserver_add_resource(struct kc_fake_apiserver *f, const struct kc_resource *res,
				   unsigned flags);

/* --- the store, behind the client's back ------------------------------------------------ */

/* The current resourceVersion (the last write's). */
int64_t kc_fake_apiserver_resource_version(const struct kc_fake_apiserver *f);
/* Borrowed object, NULL when absent.  ns is ignored for cluster-scoped resources. */
json_t *kc_fake_apiserver_get(struct kc_fake_apiserver *f, const char *resource, const char *ns,
			      const char *name);
/*
 * Creates or replaces obj (copied; metadata.name required, metadata.namespace for namespaced
 * resources) with a new resourceVersion, sending ADDED or MODIFIED to watchers.  Returns the new
 * resourceVersion or a negative KC_ERR_*.
 */
int64_t kc_fake_apiserver_put(struct kc_fake_apiserver *f, const char *resource, const json_t *obj);
/* Deletes and sends DELETED; KC_ERR_NOT_FOUND when absent. */
int kc_fake_apiserver_remove(struct kc_fake_apiserver *f, const char *resource, const char *ns,
			     const char *name);
/* Objects stored for a resource. */
size_t kc_fake_apiserver_count(struct kc_fake_apiserver *f, const char *resource);

/* --- injections ------------------------------------------------------------------------- */

/*
 * The next n requests (any path, watches too) fail with `status` and a matching Status body
 * (500 InternalError, 429 TooManyRequests, 503 ServiceUnavailable, ...), carrying
 * "Retry-After: <retry_after_s>" when retry_after_s >= 0.
 */
void kc_fake_apiserver_fail_next(struct kc_fake_apiserver *f, int n, int status,
				 int retry_after_s);
/* Every response from now on waits delay_ms first (0 = none).  Watches start late too. */
void kc_fake_apiserver_set_delay(struct kc_fake_apiserver *f, int delay_ms);
/* Closes every watch connection abruptly (no terminating chunk): clients see a broken stream. */
void kc_fake_apiserver_drop_watches(struct kc_fake_apiserver *f);
/* Ends every watch stream cleanly (terminating chunk), as an apiserver timeout does. */
void kc_fake_apiserver_end_watches(struct kc_fake_apiserver *f);
/* Forgets the whole history: watches from any resourceVersion before now get 410 Expired. */
void kc_fake_apiserver_compact(struct kc_fake_apiserver *f);
/* Sends a BOOKMARK at the current resourceVersion to every watch that allows bookmarks. */
void kc_fake_apiserver_send_bookmarks(struct kc_fake_apiserver *f);
/* Hook called for every request (NULL to remove). */
void kc_fake_apiserver_set_hook(struct kc_fake_apiserver *f, kc_fake_apiserver_hook_fn fn,
				void *arg);

/* Open watch streams. */
size_t kc_fake_apiserver_watch_count(const struct kc_fake_apiserver *f);

/* --- the request log ---------------------------------------------------------------------- */

size_t kc_fake_apiserver_request_count(const struct kc_fake_apiserver *f);
/* The i-th request since start (or the last reset); NULL when out of range. */
const struct kc_fake_request *kc_fake_apiserver_request(const struct kc_fake_apiserver *f,
							size_t i);
void kc_fake_apiserver_reset_log(struct kc_fake_apiserver *f);

/* --- helpers for hooks ---------------------------------------------------------------------- */

/* Replies with a metav1.Status of `code` (reason from errors.h's table) and message. */
void kc_fake_apiserver_reply_status(struct evhttp_request *req, int code, const char *message);
/* Replies with a JSON body (not stolen). */
void kc_fake_apiserver_reply_json(struct evhttp_request *req, int code, const json_t *body);

#endif
