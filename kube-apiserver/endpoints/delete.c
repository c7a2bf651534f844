/*
 * delete.c - DELETE of one object and of a collection (upstream: staging/src/k8s.io/apiserver/
 * pkg/endpoints/handlers/delete.go DeleteResource, DeleteCollection; apimachinery/pkg/apis/meta/
 * v1/validation ValidateDeleteOptions; plugin/pkg/admission/namespace/lifecycle for the
 * namespaces that may not be deleted).
 *
 * DeleteOptions come from the query (gracePeriodSeconds, propagationPolicy, orphanDependents,
 * dryRun) and then from the body, which wins.  The answer is the deleted object for the kinds
 * upstream returns it for, else a Success Status with the object's name and UID; an object
 * kept for its finalizers or grace period is returned as it is now (202 when
 * orphanDependents=false asked for cascading deletion).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/registry/store.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"

struct delete_state {
	struct store_delete_opts opts;
	json_t *body; /* owns the option strings */
	char *query_propagation;
	/* deletecollection */
	json_t *items; /* the listed objects */
	struct list_meta lm;
	char *continue_token;
	size_t next;
	int failed;
	json_t *first_error;
};

static void
delete_state_free(void *p)
{
	struct delete_state *st = p;

	json_decref(st->body);
	json_decref(st->items);
	json_decref(st->first_error);
	free(st->query_propagation);
	free(st->continue_token);
	free(st);
}

/* Reads DeleteOptions: 0, or replies (400/422) and returns < 0. */
static int
delete_options(struct api_request *r, struct delete_state *st)
{
	struct store_delete_opts *o = &st->opts;
	const char *fields[3], *reasons[3], *bodies[3];
	char texts[3][256], err[256];
	const char *ctype = kc_http_header_get(r->http, "Content-Type");
	const json_t *v;
	int64_t n;
	int set;
	size_t ne = 0;

	o->grace_period_seconds = -1;
	o->orphan_dependents = -1;
	if (api_query_int64(r, "gracePeriodSeconds", &n, &set, err, sizeof(err)) < 0) {
		api_reply_error(r, KC_ERR_BAD_REQUEST, err);
		return KC_ERR_BAD_REQUEST;
	}
	if (set)
		o->grace_period_seconds = n;
	if (kc_http_query_get(r->http, "orphanDependents") != NULL)
		o->orphan_dependents = api_query_bool(r, "orphanDependents", 0);
	o->propagation_policy = kc_http_query_get(r->http, "propagationPolicy");
	if (r->http->body_len > 0) {
		if (ctype != NULL &&
		    strncmp(ctype, "application/vnd.kubernetes.protobuf", 35) == 0) {
			api_reply_error(
				r, KC_ERR_UNSUPPORTED_MEDIA,
				"the body of the request was in an unknown format - accepted "
				"media types include: application/json, application/yaml");
			return KC_ERR_UNSUPPORTED_MEDIA;
		}
		if (kc_json_loads(r->http->body, r->http->body_len, &st->body, err, sizeof(err)) <
			    0 ||
		    !json_is_object(st->body)) {
			char msg[400];

			snprintf(msg, sizeof(msg),
				 "the object provided is unrecognized (must be of type "
				 "DeleteOptions): %s",
				 st->body == NULL ? err : "not an object");
			api_reply_error(r, KC_ERR_BAD_REQUEST, msg);
			return KC_ERR_BAD_REQUEST;
		}
		v = json_object_get(st->body, "gracePeriodSeconds");
		if (json_is_integer(v))
			o->grace_period_seconds = json_integer_value(v);
		v = json_object_get(st->body, "orphanDependents");
		if (json_is_boolean(v))
			o->orphan_dependents = json_is_true(v);
		v = json_object_get(st->body, "propagationPolicy");
		if (json_is_string(v))
			o->propagation_policy = json_string_value(v);
		o->precondition_uid = kc_json_get_string(st->body, "preconditions.uid", NULL);
		o->precondition_resource_version =
			kc_json_get_string(st->body, "preconditions.resourceVersion", NULL);
		v = json_object_get(st->body, "dryRun");
		if (json_is_array(v) && json_array_size(v) > 0) {
			for (size_t i = 0; i < json_array_size(v); i++)
				if (strcmp(json_string_value(json_array_get(v, i)) ?: "", "All") !=
					    0 &&
				    ne < 3) {
					snprintf(texts[ne], sizeof(texts[ne]),
						 "Unsupported value: \"%.128s\": supported values: "
						 "\"All\"",
						 json_string_value(json_array_get(v, i)) ?: "");
					fields[ne] = "dryRun";
					reasons[ne] = "FieldValueNotSupported";
					bodies[ne] = texts[ne];
					ne++;
				}
			r->flags |= STORE_DRY_RUN;
		}
	}
	/* ValidateDeleteOptions */
	if (o->orphan_dependents >= 0 && o->propagation_policy != NULL && ne < 3) {
		snprintf(
			texts[ne], sizeof(texts[ne]),
			"Invalid value: \"%.64s\": orphanDependents and deletionPropagation cannot "
			"be both set",
			o->propagation_policy);
		fields[ne] = "propagationPolicy";
		reasons[ne] = "FieldValueInvalid";
		bodies[ne] = texts[ne];
		ne++;
	}
	if (o->propagation_policy != NULL && strcmp(o->propagation_policy, "Foreground") != 0 &&
	    strcmp(o->propagation_policy, "Background") != 0 &&
	    strcmp(o->propagation_policy, "Orphan") != 0 && ne < 3) {
		snprintf(texts[ne], sizeof(texts[ne]),
			 "Unsupported value: \"%.64s\": supported values: \"Foreground\", "
			 "\"Background\", \"Orphan\", \"nil\"",
			 o->propagation_policy);
		fields[ne] = "propagationPolicy";
		reasons[ne] = "FieldValueNotSupported";
		bodies[ne] = texts[ne];
		ne++;
	}
	if (ne > 0) {
		api_reply_status(r, api_invalid_status("meta.k8s.io", "DeleteOptions", "", ne,
						       fields, reasons, bodies));
		return KC_ERR_INVALID;
	}
	o->flags = r->flags;
	return 0;
}

/* NamespaceLifecycle: the namespaces the system needs may not be deleted. */
static int
immortal_namespace(struct api_request *r)
{
	static const char *const immortal[] = { "default", "kube-system", "kube-public" };
	char msg[256];
	json_t *s;

	if (r->res->group[0] != '\0' || strcmp(r->res->resource, "namespaces") != 0)
		return 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(immortal); i++) {
		if (strcmp(r->info.name, immortal[i]) != 0)
			continue;
		snprintf(msg, sizeof(msg),
			 "namespaces \"%s\" is forbidden: this namespace may not be deleted",
			 r->info.name);
		s = status_new(KC_ERR_FORBIDDEN, msg);
		if (s != NULL) {
			json_object_del(s, "code");
			json_object_set_new(s, "details",
					    json_pack("{s:s, s:s}", "name", r->info.name, "kind",
						      "namespaces"));
			json_object_set_new(s, "code", json_integer(403));
		}
		api_reply_status(r, s);
		return 1;
	}
	return 0;
}

/* AfterDelete of services: their ClusterIPs and NodePorts go back to the ranges. */
static void
after_delete(struct api_request *r, const struct store_result *res)
{
	if (res->deleted && !(r->flags & STORE_DRY_RUN) && service_alloc_handles(r->res))
		service_alloc_deleted(r->env->services, res->obj);
}

static void
on_deleted(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;
	struct delete_state *st = r->state;

	if (api_reply_if_failed(r, status))
		return;
	after_delete(r, res);
	if (res->deleted && !store_returns_deleted_object(r->res)) {
		api_reply_deleted_status(r, res->obj);
		return;
	}
	api_reply_object(r, !res->deleted && st->opts.orphan_dependents == 0 ? 202 : 200, res->obj,
			 NULL, 0);
}

static struct delete_state *
delete_start(struct api_request *r)
{
	struct delete_state *st;

	if (r->store == NULL) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return NULL;
	}
	if (api_parse_dry_run(r) < 0 ||
	    api_negotiate(r, TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL), 1) < 0)
		return NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	r->state = st;
	r->state_free = delete_state_free;
	if (delete_options(r, st) < 0)
		return NULL;
	return st;
}

void
handle_delete(struct api_request *r)
{
	struct delete_state *st;

	if (immortal_namespace(r))
		return;
	st = delete_start(r);
	if (st == NULL)
		return;
	r->op = store_delete(r->store, r->res, r->info.namespace_, r->info.name, &st->opts,
			     on_deleted, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

/* --- deletecollection ------------------------------------------------------------------------ */

static void collection_next(struct api_request *r);

static void
on_item_deleted(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;
	struct delete_state *st = r->state;

	r->op = NULL;
	if (status == NULL)
		after_delete(r, res);
	if (status != NULL) {
		/* an object deleted in between is not an error */
		if (status_code(status) != 404 && st->first_error == NULL)
			st->first_error = json_incref(status);
		json_decref(status);
	}
	collection_next(r);
}

static void
collection_next(struct api_request *r)
{
	struct delete_state *st = r->state;
	const json_t *obj;

	if (st->first_error != NULL) {
		json_t *s = st->first_error;

		st->first_error = NULL;
		api_reply_status(r, s);
		return;
	}
	if (st->next >= json_array_size(st->items)) {
		json_t *items = json_incref(st->items);

		api_reply_object_list(r, items, &st->lm);
		return;
	}
	obj = json_array_get(st->items, st->next++);
	r->op = store_delete(r->store, r->res, kc_meta_namespace(obj), kc_meta_name(obj) ?: "",
			     &st->opts, on_item_deleted, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

static void
on_collection_listed(void *arg, json_t *status, const struct kc_watch_cache_list_result *list)
{
	struct api_request *r = arg;
	struct delete_state *st = r->state;

	if (api_reply_if_failed(r, status))
		return;
	st->items = json_array();
	if (st->items == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	for (size_t i = 0; i < list->n; i++)
		json_array_append(st->items, (json_t *)kc_watch_cache_object_json(list->items[i]));
	st->lm.resource_version = list->revision;
	st->lm.remaining = -1;
	if (list->continue_token != NULL) {
		st->continue_token = strdup(list->continue_token);
		st->lm.continue_token = st->continue_token;
	}
	collection_next(r);
}

void
handle_deletecollection(struct api_request *r)
{
	struct kc_watch_cache_list_opts lo = { 0 };
	struct list_options o;

	if (delete_start(r) == NULL)
		return;
	if (list_options_read_list(r, &o, &lo) < 0)
		return;
	r->op = store_list(r->store, r->res, &lo, on_collection_listed, r);
	list_options_release(&o);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}
