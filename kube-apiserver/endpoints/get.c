/*
 * get.c - GET of one object and of a collection (upstream: staging/src/k8s.io/apiserver/pkg/
 * endpoints/handlers/get.go GetResource, ListResource; apimachinery/pkg/apis/meta/internalversion/
 * validation ValidateListOptions).
 *
 * Both are served from the watch cache: a JSON answer is the cached bytes of the object (or
 * the concatenation of the items' bytes), never parsed or re-serialized.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/negotiation.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/scale.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/storage/watch_cache.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"

/* Negotiates the representation; replies 406 and returns < 0 when none fits. */
int
api_negotiate(struct api_request *r, unsigned int allowed, int yaml_ok)
{
	if (negotiate_output(kc_http_header_get(r->http, "Accept"), allowed, yaml_ok, &r->out) <
	    0) {
		api_reply_error(r, KC_ERR_NOT_ACCEPTABLE, negotiation_not_acceptable_message);
		return KC_ERR_NOT_ACCEPTABLE;
	}
	return 0;
}

/* --- get ------------------------------------------------------------------------------------ */

static void
on_get(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;
	const char *bytes = NULL;
	size_t len = 0;

	if (api_reply_if_failed(r, status))
		return;
	if (r->sub != NULL && strcmp(r->sub->name, "scale") == 0) {
		api_reply_scale(r, res->obj);
		return;
	}
	if (res->cached != NULL)
		bytes = kc_watch_cache_object_bytes(res->cached, &len);
	api_reply_object(r, 200, res->obj, bytes, len);
}

void
handle_get(struct api_request *r)
{
	unsigned int allowed = TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL);

	if (r->store == NULL) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return;
	}
	if (r->sub != NULL && strcmp(r->sub->name, "scale") == 0) {
		if (!scale_supported(r->res)) {
			api_reply_error(r, KC_ERR_NOT_FOUND,
					"the server could not find the requested resource");
			return;
		}
		allowed = 0;
	}
	if (api_negotiate(r, allowed, 1) < 0)
		return;
	r->op = store_get(r->store, r->res, r->info.namespace_, r->info.name,
			  kc_http_query_get(r->http, "resourceVersion"), on_get, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

/* --- list ----------------------------------------------------------------------------------- */

void
list_options_release(struct list_options *o)
{
	free(o->field_selector);
	o->field_selector = NULL;
}

int
list_options_read_list(struct api_request *r, struct list_options *o,
		       struct kc_watch_cache_list_opts *lo)
{
	if (list_options_parse(r, o) < 0)
		return -1;
	if (list_options_validate(r, o, 0) < 0) {
		list_options_release(o);
		return -1;
	}
	lo->namespace = r->res->namespaced ? r->info.namespace_ : NULL;
	lo->label_selector = o->label_selector;
	lo->field_selector = o->field_selector;
	lo->resource_version = o->resource_version;
	lo->limit = o->limit;
	lo->continue_token = o->continue_token;
	return 0;
}

/* Decodes the query into o (DecodeParameters): 0, or replies 400 and returns < 0. */
int
list_options_parse(struct api_request *r, struct list_options *o)
{
	char err[256];
	KC_AUTOFREE char *ferr = NULL;
	int set, rc;

	memset(o, 0, sizeof(*o));
	o->label_selector = kc_http_query_get(r->http, "labelSelector");
	o->resource_version = kc_http_query_get(r->http, "resourceVersion");
	o->match = kc_http_query_get(r->http, "resourceVersionMatch");
	o->continue_token = kc_http_query_get(r->http, "continue");
	o->allow_bookmarks = api_query_bool(r, "allowWatchBookmarks", 0);
	o->has_send_initial_events = kc_http_query_get(r->http, "sendInitialEvents") != NULL;
	o->send_initial_events = api_query_bool(r, "sendInitialEvents", 0);
	if (api_query_int64(r, "limit", &o->limit, &set, err, sizeof(err)) < 0 ||
	    api_query_int64(r, "timeoutSeconds", &o->timeout_seconds, &o->has_timeout, err,
			    sizeof(err)) < 0) {
		api_reply_error(r, KC_ERR_BAD_REQUEST, err);
		return KC_ERR_BAD_REQUEST;
	}
	if (o->limit < 0)
		o->limit = 0;
	rc = api_field_selector(r->res, kc_http_query_get(r->http, "fieldSelector"),
				&o->field_selector, &ferr);
	if (rc < 0) {
		api_reply_error(r, rc, ferr != NULL ? ferr : "invalid field selector");
		return rc;
	}
	return 0;
}

/*
 * ValidateListOptions: 0, or replies 422 `ListOptions.meta.k8s.io "" is invalid: ...` and
 * returns < 0.  The WatchList feature is off, as in a default v1.32 server (API-COMPAT W6).
 */
int
list_options_validate(struct api_request *r, const struct list_options *o, int watch)
{
	const char *fields[6], *reasons[6], *bodies[6];
	char buf[6][256];
	size_t n = 0;
	const char *m = o->match;

#define ADD(f, reason, ...)                                    \
	do {                                                   \
		snprintf(buf[n], sizeof(buf[n]), __VA_ARGS__); \
		fields[n] = f;                                 \
		reasons[n] = reason;                           \
		bodies[n] = buf[n];                            \
		n++;                                           \
	} while (0)

	if (watch) {
		if (o->has_send_initial_events) {
			if (m == NULL || strcmp(m, "NotOlderThan") != 0)
				ADD("resourceVersionMatch", "FieldValueForbidden",
				    "Forbidden: sendInitialEvents requires setting "
				    "resourceVersionMatch to NotOlderThan");
			ADD("sendInitialEvents", "FieldValueForbidden",
			    "Forbidden: sendInitialEvents is forbidden for watch unless the "
			    "WatchList feature gate is enabled");
		}
		if (m != NULL && m[0] != '\0' && !o->has_send_initial_events)
			ADD("resourceVersionMatch", "FieldValueForbidden",
			    "Forbidden: resourceVersionMatch is forbidden for watch unless "
			    "sendInitialEvents is provided");
	} else {
		if (m != NULL && m[0] != '\0') {
			if (o->resource_version == NULL || o->resource_version[0] == '\0')
				ADD("resourceVersionMatch", "FieldValueForbidden",
				    "Forbidden: resourceVersionMatch is forbidden unless "
				    "resourceVersion is provided");
			if (o->continue_token != NULL && o->continue_token[0] != '\0')
				ADD("resourceVersionMatch", "FieldValueForbidden",
				    "Forbidden: resourceVersionMatch is forbidden when continue is "
				    "provided");
			if (strcmp(m, "Exact") != 0 && strcmp(m, "NotOlderThan") != 0)
				ADD("resourceVersionMatch", "FieldValueNotSupported",
				    "Unsupported value: \"%.128s\": supported values: \"Exact\", "
				    "\"NotOlderThan\", \"\"",
				    m);
			if (strcmp(m, "Exact") == 0 && o->resource_version != NULL &&
			    strcmp(o->resource_version, "0") == 0)
				ADD("resourceVersionMatch", "FieldValueForbidden",
				    "Forbidden: resourceVersionMatch \"exact\" is forbidden for "
				    "resourceVersion \"0\"");
		}
		if (o->has_send_initial_events)
			ADD("sendInitialEvents", "FieldValueForbidden",
			    "Forbidden: sendInitialEvents is forbidden for list");
	}
#undef ADD
	if (n == 0)
		return 0;
	api_reply_status(r, api_invalid_status("meta.k8s.io", "ListOptions", "", n, fields, reasons,
					       bodies));
	return KC_ERR_INVALID;
}

static void
on_list(void *arg, json_t *status, const struct kc_watch_cache_list_result *list)
{
	struct api_request *r = arg;
	struct list_meta lm;

	if (api_reply_if_failed(r, status))
		return;
	lm.resource_version = list->revision;
	lm.continue_token = list->continue_token;
	lm.remaining = list->continue_token != NULL ? list->remaining : -1;
	api_reply_list(r, list->items, list->n, &lm);
}

void
handle_list(struct api_request *r)
{
	struct kc_watch_cache_list_opts lo = { 0 };
	struct list_options o;

	if (r->store == NULL) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return;
	}
	if (api_negotiate(r, TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL_LIST), 1) < 0)
		return;
	if (list_options_read_list(r, &o, &lo) < 0)
		return;
	lo.match = o.match == NULL || o.match[0] == '\0' ? KC_RV_MATCH_UNSET
		   : strcmp(o.match, "Exact") == 0       ? KC_RV_MATCH_EXACT
							 : KC_RV_MATCH_NOT_OLDER_THAN;
	r->op = store_list(r->store, r->res, &lo, on_list, r);
	list_options_release(&o);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}
