/*
 * client.h - the REST client every daemon uses to talk to kube-apiserver
 * (upstream: client-go rest.RESTClient, dynamic client, watch.StreamWatcher).
 *
 * Everything runs on the caller's libevent loop (libcurl multi-socket, the hiperfifo pattern):
 * no call blocks, every result arrives through a callback on the loop thread.  Objects are
 * jansson values; the client never interprets them beyond Status errors and watch framing.
 *
 * Paths are built from a resource description (struct kc_resource) so no daemon writes URL
 * strings by hand.  Requests are rate limited (qps/burst token bucket, as client-go's
 * flowcontrol) and retried with backoff on connection errors and on 429/5xx with Retry-After.
 *
 * Ownership: request bodies are copied; response JSON handed to callbacks is borrowed and valid
 * only during the callback (json_incref() to keep it).  A request or watch handle is valid until
 * its final callback has returned, or until it is canceled; after kc_*_cancel() no callback runs.
 * Canceling is allowed anywhere, including inside the handle's own callbacks (then it only stops
 * what follows: no further events, no done callback).  Callbacks may start new requests and
 * watches.  Callbacks never run from inside the call that started the request.
 *
 * Behaviour mirrored from client-go (rest/request.go, rest/with_retry.go, rest/config.go):
 *  - qps 0 means 5 and burst 0 means 10; a negative qps disables the rate limiter.  Waiting
 *    requests queue on the loop in FIFO order; watches are rate limited too.
 *  - Up to 10 retries: on 429 and 5xx responses that carry an integer Retry-After (waiting that
 *    many seconds, every method), and on a broken connection (reset, EOF, HTTP/2 stream error:
 *    1 s) for GET only.  A connection refused is not retried (as upstream).  Each retry goes
 *    through the rate limiter again.
 *  - cfg->timeout_ms bounds each attempt of a non-watch request (KC_ERR_TIMEOUT).
 *  - The User-Agent defaults to "<program>/v1.32.0 (linux/<arch>) kubernetes/ckube"; requests
 *    send "Accept: application/json" and "Accept-Encoding: gzip"; HTTPS negotiates HTTP/2 by ALPN
 *    and falls back to HTTP/1.1.
 *  - TLS: ca_pem replaces the system CAs; insecure_skip_tls_verify together with ca_pem, a cert
 *    without a key (or the reverse), or a bearer token together with basic auth are refused by
 *    kc_client_new(), as by client-go's transport.  tls_server_name is sent as SNI and verified.
 *  - token_file is re-read at most once a minute; the last good token wins over `token`.
 *  - Connections are reused; once the server has answered over HTTP/2, new requests wait to be
 *    multiplexed on its connection (CURLOPT_PIPEWAIT) as Go shares one.  Unlike Go, libcurl
 *    itself resends any request once on a fresh connection when a reused one turns out dead
 *    before the first response byte (a POST too).
 *  - --v=10 turns on libcurl's own trace (stderr).
 */
#ifndef KC_CLIENT_H
#define KC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/restconfig.h"
#include "libkcommon/watch.h"

struct event_base;
struct kc_client;
struct kc_request;
struct kc_watch;

/* An API resource, as upstream's GroupVersionResource plus what a client needs to build URLs. */
struct kc_resource {
	const char *group;    /* "" for core */
	const char *version;  /* "v1" */
	const char *resource; /* "pods" */
	const char *kind;     /* "Pod" */
	int namespaced;
};

/* Query parameters of list/watch/get (upstream metav1.ListOptions); NULL/0 fields are omitted. */
struct kc_list_options {
	const char *label_selector;
	const char *field_selector;
	const char *resource_version;
	const char *resource_version_match; /* "Exact", "NotOlderThan" */
	const char *continue_token;
	int64_t limit;
	int64_t timeout_seconds;
	int allow_watch_bookmarks;
};

/*
 * What a request ended with.  r: 0 for a 2xx; for other statuses the metav1.Status reason when
 * the body is a Status (kc_watch_status_err()), else the HTTP status as client-go's
 * NewGenericServerResponse (409 to a POST is KC_ERR_ALREADY_EXISTS, other 409s KC_ERR_CONFLICT);
 * KC_ERR_PARSE for a 2xx JSON response that does not decode; KC_ERR_TIMEOUT when the request
 * timed out; KC_ERR_UNAVAILABLE for other transport failures (refused, TLS, DNS, reset).
 * message: the Status message, upstream's generic text for the status ("the server could not
 * find the requested resource"), or `<Method> "<url>": <curl's error>`; "" on success.
 */
struct kc_response {
	int r;		     /* 0, or a KC_ERR_* from the Status reason / transport */
	int http_status;     /* 0 when no response arrived */
	json_t *body;	     /* decoded body (the object, list, or Status); may be NULL */
	const char *message; /* Status message or transport error text; never NULL */
	const char *raw;     /* the body as received (decompressed), NUL-terminated; never NULL */
	size_t raw_len;
};

typedef void (*kc_response_cb)(void *arg, const struct kc_response *resp);

/*
 * One event (enum kc_watch_event_type is in watch.h); `object` is borrowed.  For ERROR it is the
 * metav1.Status: the watch then ends, done_cb getting kc_watch_status_err() of it (so a 410
 * "Expired" gives KC_ERR_EXPIRED), as client-go's reflector stops on an ERROR event.
 */
typedef void (*kc_watch_event_cb)(void *arg, enum kc_watch_event_type type, json_t *object);
/*
 * The stream ended; called once.  r is
 *   0                              clean end (server closed the stream, timeoutSeconds passed):
 *                                  watch again from the last resourceVersion seen;
 *   KC_ERR_IO                      the connection broke mid-stream, or the stream ended inside an
 *                                  event (upstream treats both as a normal close): watch again;
 *   KC_ERR_EXPIRED / KC_ERR_GONE   410, as the watch reply or as an ERROR event: relist;
 *   KC_ERR_PARSE, KC_ERR_TOO_LARGE an undecodable stream (upstream: "unable to decode an event
 *                                  from the watch stream"): relist;
 *   another KC_ERR_*               the watch request failed (Status reason / HTTP status, after
 *                                  retries) or the transport did (KC_ERR_UNAVAILABLE).
 */
typedef void (*kc_watch_done_cb)(void *arg, int r);

/*
 * NULL on out of memory or a config it cannot use (bad server URL, conflicting TLS or auth
 * settings, see above).  cfg is copied; it may be released at once.
 */
struct kc_client *kc_client_new(struct event_base *base, const struct kc_rest_config *cfg);
/*
 * Cancels every outstanding request and watch (no callbacks run), then frees.  Not from inside
 * one of this client's callbacks.
 */
struct kc_client *kc_client_free(struct kc_client *c);

/* Requests and watches started and not yet finished or canceled (for tests and metrics). */
size_t kc_client_active(const struct kc_client *c);

/*
 * Builds "/api/v1/namespaces/<ns>/pods/<name>/<sub>?<query>" (or /apis/<group>/<version>/...).
 * ns is ignored for cluster-scoped resources and may be NULL (or "") for "all namespaces".
 * Query parameters are sorted by name and escaped as Go's url.Values.Encode() does
 * (labelSelector=a%3Db%2Cc%21%3Dd).  Returns a malloc()ed string, or NULL when out of memory or
 * when ns, name or subresource is not a valid path segment ("." or "..", or holding '/' or '%':
 * upstream's IsValidPathSegmentName).
 */
char *kc_client_path(const struct kc_resource *res, const char *ns, const char *name,
		     const char *subresource, const struct kc_list_options *opts);

/*
 * Any request: method "GET"/"POST"/"PUT"/"PATCH"/"DELETE", path as from kc_client_path(),
 * body NULL or a JSON value sent with content_type (NULL = application/json).
 */
struct kc_request *kc_client_request(struct kc_client *c, const char *method, const char *path,
				     const char *content_type, const json_t *body,
				     kc_response_cb cb, void *arg);
void kc_request_cancel(struct kc_request *req);

/*
 * Typed shorthands on top of kc_client_request().  NULL when out of memory or when the path
 * cannot be built.  create: ns NULL takes the object's metadata.namespace.  update: PUT to the
 * object's metadata.name (and namespace when ns is NULL); NULL when it has no name.
 */
struct kc_request *kc_client_get(struct kc_client *c, const struct kc_resource *res,
				 const char *ns, const char *name, kc_response_cb cb, void *arg);
struct kc_request *kc_client_list(struct kc_client *c, const struct kc_resource *res,
				  const char *ns, const struct kc_list_options *opts,
				  kc_response_cb cb, void *arg);
struct kc_request *kc_client_create(struct kc_client *c, const struct kc_resource *res,
				    const char *ns, const json_t *obj, kc_response_cb cb,
				    void *arg);
struct kc_request *kc_client_update(struct kc_client *c, const struct kc_resource *res,
				    const char *ns, const json_t *obj, const char *subresource,
				    kc_response_cb cb, void *arg);
/* patch_type: "application/merge-patch+json", "application/json-patch+json", ... */
struct kc_request *kc_client_patch(struct kc_client *c, const struct kc_resource *res,
				   const char *ns, const char *name, const char *subresource,
				   const char *patch_type, const json_t *patch, kc_response_cb cb,
				   void *arg);
/* options: NULL or a DeleteOptions object (propagationPolicy, preconditions, ...). */
struct kc_request *kc_client_delete(struct kc_client *c, const struct kc_resource *res,
				    const char *ns, const char *name, const json_t *options,
				    kc_response_cb cb, void *arg);

/* Opens a watch (`watch=true` is added); events arrive until done_cb runs once. */
struct kc_watch *kc_client_watch(struct kc_client *c, const struct kc_resource *res,
				 const char *ns, const struct kc_list_options *opts,
				 kc_watch_event_cb event_cb, kc_watch_done_cb done_cb, void *arg);
void kc_watch_cancel(struct kc_watch *w);

#endif
