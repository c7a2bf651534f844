/*
 * handlers.h - the REST handlers of resource requests, one file per verb family as upstream
 * (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{get.go,watch.go,create.go,
 * update.go,patch.go,delete.go,response.go,rest.go} and installer.go's routing of verbs and
 * subresources).
 *
 * server.c builds one struct api_request per resource request, after request info and (later)
 * authentication, authorization and admission, and calls api_request_serve().  The verb's
 * handler then owns it: every path ends in exactly one api_reply_*() call, which answers the
 * HTTP request and frees the api_request (watches end with api_watch_end() in watch.c).  All of
 * it runs on the server's loop; store callbacks come back there.
 *
 *	get.c		get, list (JSON straight from the cached bytes; Table, PartialObjectMetadata,
 *			YAML when negotiated)
 *	watch.c		watch streams from the watch cache's shared buffers
 *	create.c	create (POST), pods/binding, pods/eviction
 *	update.c	update (PUT), status, scale and namespaces/finalize
 *	patch.c		merge, JSON and strategic merge patches
 *	delete.c	delete, deletecollection
 *	response.c	replies: objects, lists, Status
 *	body.c		request bodies: JSON, YAML, protobuf; kind/apiVersion/namespace checks
 */
#ifndef KUBE_APISERVER_ENDPOINTS_HANDLERS_H
#define KUBE_APISERVER_ENDPOINTS_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-apiserver/endpoints/negotiation.h"
#include "kube-apiserver/endpoints/request_info.h"

struct api_resource;
struct api_subresource;
struct kc_http_request;
struct kc_http_shared_buf;
struct kc_watch_cache_object;
struct store;
struct store_op;
struct store_set;
struct service_alloc;

/* What handlers need from the server; lives as long as the server. */
struct handler_env {
	struct store_set *stores;
	struct service_alloc *services; /* ClusterIP/NodePort allocation (NULL: none) */
	int min_request_timeout_s; /* --min-request-timeout: watch timeouts when none is asked */
	struct watch_convert_cache *watch_cache; /* watch.c: per-event conversions, shared */
	/* apiserver_request_total and apiserver_request_duration_seconds (may be NULL) */
	struct kc_metric *requests;
	struct kc_metric *latency;
};

/* Registers the request metrics of env in reg (upstream's names and labels); 0 or
 * KC_ERR_NOMEM. */
struct kc_metrics_registry;
int api_metrics_register(struct handler_env *env, struct kc_metrics_registry *reg);

struct api_request {
	struct kc_http_request *http;
	const struct handler_env *env;
	struct request_info info;
	const struct api_resource *res;
	const struct api_subresource *sub; /* NULL for the resource itself */
	struct store *store;               /* NULL for resources that are never stored */
	struct store_op *op;               /* the storage operation in flight */
	struct negotiated out;             /* the representation the client accepts */
	int64_t now_ns;
	unsigned flags; /* STORE_DRY_RUN, ... for writes */
	int field_validation; /* enum field_validation of create/update/patch (default Warn) */
	int field_warned;     /* its warnings are sent (a patch retried on conflict: once) */
	int64_t start_ns;
	int code;    /* the answer's status, for the metrics */
	void *state; /* the verb's own */
	void (*state_free)(void *state);
};

/*
 * Serves a resource request: info is taken over (released with the request).  Looks the
 * resource up (404 "the server could not find the requested resource"), checks the verb
 * (405), and calls the verb's handler.
 */
void api_request_serve(struct kc_http_request *http, const struct handler_env *env,
		       struct request_info *info);

/*
 * The watch conversion table (watch.c): per event buffer and shape, the converted event, so
 * Table, PartialObjectMetadata and events.k8s.io watchers convert each event once.
 */
struct watch_convert_cache;
struct watch_convert_cache *watch_convert_cache_new(void);
struct watch_convert_cache *watch_convert_cache_free(struct watch_convert_cache *c);
void watch_convert_cache_stats(const struct watch_convert_cache *c, unsigned long *hits,
			       unsigned long *misses);

/* --- the verbs -------------------------------------------------------------------------- */

void handle_get(struct api_request *r);
void handle_list(struct api_request *r);
void handle_watch(struct api_request *r);
void handle_create(struct api_request *r);
void handle_update(struct api_request *r);
void handle_patch(struct api_request *r);
void handle_delete(struct api_request *r);
void handle_deletecollection(struct api_request *r);
/* pod_subresources.c: pods/binding (and the bindings resource), pods/eviction */
void handle_pod_binding(struct api_request *r);
void handle_pod_eviction(struct api_request *r);
/* review.c: the access and identity reviews, answered by the authorizer (AlwaysAllow) */
void handle_review(struct api_request *r);

/* --- replies (response.c): each finishes the HTTP request and frees r --------------------- */

/* A Status (taken; NULL means out of memory) with its code. */
void api_reply_status(struct api_request *r, json_t *status);
/*
 * The first step of a storage callback: clears r->op (the operation is over); when status is
 * not NULL (the operation failed) replies it (taken) and returns 1, r then freed; else 0.
 */
int api_reply_if_failed(struct api_request *r, json_t *status);
/* A Status for a KC_ERR_* with message. */
void api_reply_error(struct api_request *r, int err, const char *message);
/*
 * One object in the negotiated representation.  bytes/len, when given, are obj's JSON
 * (cached bytes) and are sent as they are for plain JSON; obj is borrowed.
 */
void api_reply_object(struct api_request *r, int code, const json_t *obj, const char *bytes,
		      size_t len);
/* 200 with the autoscaling/v1 Scale of parent (borrowed), a scale subresource's answer. */
void api_reply_scale(struct api_request *r, const json_t *parent);
/* A Success Status of a delete ({"kind":"Status",...,"details":{name,group,kind,uid}}). */
void api_reply_deleted_status(struct api_request *r, const json_t *obj);

/*
 * The body of a list: items in the negotiated representation with ListMeta.  Writes status
 * code, content type and body for api_reply_raw; returns 0 or a KC_ERR_* (r not finished).
 */
struct list_meta {
	int64_t resource_version;
	const char *continue_token;
	int64_t remaining; /* -1: unknown */
};
void api_reply_list(struct api_request *r, struct kc_watch_cache_object *const *items, size_t n,
		    const struct list_meta *lm);
/* A list of plain objects (deletecollection), JSON or YAML. */
void api_reply_object_list(struct api_request *r, json_t *items, const struct list_meta *lm);

/* Sends bytes as they are and finishes. */
void api_reply_raw(struct api_request *r, int code, const char *content_type, const char *body,
		   size_t len);

/* Counts the request in the metrics (handlers.c): call it just before the last reply call,
 * while r->http is still valid. */
void api_metrics_observe(const struct api_request *r);

/* Frees r without replying (after kc_http_reply_end of a stream). */
void api_request_free(struct api_request *r);

/* --- shared helpers (handlers.c) -------------------------------------------------------- */

/* Adds a `Warning: 299 - "<text>"` header per warning (kubectl prints them to stderr). */
struct kc_strv;
void api_add_warnings(struct api_request *r, const struct kc_strv *warnings);

/* "<Kind>List". */
const char *api_list_kind(const struct api_resource *res, char *buf, size_t size);
/* "v1" / "apps/v1" of res (the resource's own, not the subresource's). */
const char *api_group_version(const struct api_resource *res, char *buf, size_t size);

/*
 * Query parameters as upstream's parameter codec reads them: booleans ("0", "f", "false" in
 * any case are false; anything else, "" included, true), int64 (strconv.ParseInt; the
 * error text of a bad one in err).
 */
int api_query_bool(const struct api_request *r, const char *name, int def);
int api_query_int64(const struct api_request *r, const char *name, int64_t *ret, int *ret_set,
		    char *err, size_t errlen);

/*
 * dryRun: absent or "All" (several values are allowed, each must be "All"); anything else is
 * 400/422 as ValidateDryRun: returns 0 and sets STORE_DRY_RUN in r->flags, or replies and
 * returns < 0.  For create, update and patch also fieldValidation (Ignore, Warn, Strict; ""
 * is Warn) into r->field_validation, another value being part of the same 422 as upstream's
 * Validate{Create,Update,Patch}Options.
 */
int api_parse_dry_run(struct api_request *r);

/*
 * NewInvalid for a list of field errors: `<Kind>.<group> "<name>" is invalid: <field>: <body>`
 * (aggregated as "[a, b]" when several) with details {name, group, kind, causes}.  fields,
 * reasons (metav1.CauseType) and bodies have n entries.  New reference.
 */
json_t *api_invalid_status(const char *group, const char *kind, const char *name, size_t n,
			   const char *const *fields, const char *const *reasons,
			   const char *const *bodies);

/*
 * Checks a field selector against the resource's field labels and writes its canonical text
 * (labels converted) to *ret (malloc()ed; NULL for none).  0, or KC_ERR_BAD_REQUEST with
 * upstream's message in *ret_err ("field label not supported: x", parse errors).
 */
int api_field_selector(const struct api_resource *res, const char *selector, char **ret,
		       char **ret_err);

/* ConvertFieldLabel on every requirement of sel (conversion.c): 0, or KC_ERR_BAD_REQUEST with
 * "field label not supported: <label>" in *ret_err. */
struct kc_field_selector;
int api_field_selector_convert(const struct api_resource *res, struct kc_field_selector *sel,
			       char **ret_err);

/* Negotiates the representation (get.c); replies 406 and returns < 0 when none fits. */
int api_negotiate(struct api_request *r, unsigned int allowed, int yaml_ok);

/* ListOptions as read from the query (get.c, shared with watch.c and delete.c). */
struct list_options {
	const char *label_selector;
	char *field_selector; /* canonical text, labels converted; NULL for none */
	const char *resource_version;
	const char *match;
	const char *continue_token;
	int64_t limit;
	int has_send_initial_events;
	int send_initial_events;
	int allow_bookmarks;
	int64_t timeout_seconds;
	int has_timeout;
};
/* DecodeParameters: 0, or replies 400 and returns < 0 (nothing to release then). */
int list_options_parse(struct api_request *r, struct list_options *o);
/* ValidateListOptions (WatchList off): 0, or replies 422 and returns < 0. */
int list_options_validate(struct api_request *r, const struct list_options *o, int watch);
void list_options_release(struct list_options *o);
/*
 * Parse and validate (not a watch) for list and deletecollection, then lo's namespace,
 * selectors, resourceVersion, limit and continue token, borrowed from o (release o once lo
 * is used).  0, or replies and returns < 0 (nothing to release then).
 */
struct kc_watch_cache_list_opts;
int list_options_read_list(struct api_request *r, struct list_options *o,
			   struct kc_watch_cache_list_opts *lo);

/*
 * The request body (body.c) per Content-Type (JSON, YAML, protobuf; anything else 415) as a
 * JSON object of gv/kind: absent apiVersion/kind are filled in, others are 400 as upstream's
 * decoder says.  0 with *ret (new reference), or replies and returns < 0.
 */
int api_decode_body(struct api_request *r, const char *gv, const char *kind, json_t **ret);
/* EnsureObjectNamespaceMatchesRequestNamespace: fills or clears metadata.namespace; a
 * different one is 400.  0, or replies and returns < 0. */
int api_ensure_namespace(struct api_request *r, json_t *obj);
/* The object's name must be the URL's: 0, or replies 400 and returns < 0. */
int api_check_name(struct api_request *r, const json_t *obj);

/*
 * The update pipeline (update.c) that PUT, PATCH and the status, scale and finalize
 * subresources share.  make() gives the object the client asks for from current (the stored
 * object in the request's API shape, resourceVersion set; for scale the Scale view): 0 with
 * *ret, or < 0 with a Status in *ret_status.
 */
typedef int (*api_update_make_fn)(struct api_request *r, const json_t *current, json_t **ret,
				  json_t **ret_status);
struct api_update {
	api_update_make_fn make;
	int kind;  /* enum rest_update_kind */
	int scale; /* make() works on the Scale view; the answer is a Scale */
};
/* Sets u's kind/scale from r's subresource; replies 405 and returns < 0 when not writable. */
int api_update_kind(struct api_request *r, struct api_update *u);
/* Attaches the pipeline's state to r; replies and returns < 0 when out of memory. */
int api_update_prepare(struct api_request *r, const struct api_update *u);
/* The body (PUT) or patch (PATCH) the pipeline keeps (taken). */
void api_update_set_body(struct api_request *r, json_t *body);
const json_t *api_update_body(const struct api_request *r);
/* Starts the GuaranteedUpdate; the request is answered when it ends. */
void api_update_run(struct api_request *r);

/*
 * A strategic merge patch of current for res's kind (conversion.c): 0 with *ret, or
 * KC_ERR_BAD_REQUEST / KC_ERR_INVALID / KC_ERR_INTERNAL with upstream's message in err.
 */
int api_strategic_merge_patch(const struct api_resource *res, const json_t *current,
			      const json_t *patch, json_t **ret, char *err, size_t errlen);

/* The object in the shape of the requested API (events.k8s.io/v1 from stored core/v1
 * events); a new reference, or obj itself with a reference when no conversion applies. */
json_t *api_from_storage(const struct api_resource *res, const json_t *obj);
/* Whether api_from_storage() changes objects of res. */
int api_needs_conversion(const struct api_resource *res);

#endif
