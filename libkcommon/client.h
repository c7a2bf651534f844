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
 */
#ifndef KC_CLIENT_H
#define KC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/restconfig.h"

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

struct kc_response {
	int r;		     /* 0, or a KC_ERR_* from the Status reason / transport */
	int http_status;     /* 0 when no response arrived */
	json_t *body;	     /* decoded body (the object, list, or Status); may be NULL */
	const char *message; /* Status message or transport error text; never NULL */
};

typedef void (*kc_response_cb)(void *arg, const struct kc_response *resp);

/* Watch event types, as in the stream ("ADDED", ...). */
enum kc_watch_event_type {
	KC_WATCH_ADDED,
	KC_WATCH_MODIFIED,
	KC_WATCH_DELETED,
	KC_WATCH_BOOKMARK,
	KC_WATCH_ERROR,
};

/* One event; `object` is borrowed (for ERROR it is the Status). */
typedef void (*kc_watch_event_cb)(void *arg, enum kc_watch_event_type type, json_t *object);
/*
 * The stream ended: r == 0 for a clean end (server closed, timeoutSeconds passed),
 * KC_ERR_EXPIRED/KC_ERR_GONE when the server said 410 (relist), another KC_ERR_* otherwise.
 */
typedef void (*kc_watch_done_cb)(void *arg, int r);

/* NULL on out of memory or a config it cannot use (bad server URL, unreadable PEM). */
struct kc_client *kc_client_new(struct event_base *base, const struct kc_rest_config *cfg);
/* Cancels every outstanding request and watch (no callbacks run), then frees. */
struct kc_client *kc_client_free(struct kc_client *c);

/*
 * Builds "/api/v1/namespaces/<ns>/pods/<name>/<sub>?<query>" (or /apis/<group>/<version>/...).
 * ns is ignored for cluster-scoped resources and may be NULL for "all namespaces".
 * Returns a malloc()ed string or NULL.
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

/* Typed shorthands on top of kc_client_request(). */
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
