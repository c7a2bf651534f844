/*
 * response.c - writing objects, lists and Status answers in the representation the client
 * negotiated (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go
 * transformResponseObject, responsewriters/writers.go WriteObjectNegotiated, ErrorNegotiated).
 *
 * Plain JSON answers are built from the watch cache's bytes without parsing or
 * re-serializing: a list is the concatenation of its items' cached bytes inside the ListMeta
 * envelope.  Everything else (YAML, Table, PartialObjectMetadata, events in their
 * events.k8s.io shape) is built from the parsed objects.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/scale.h"
#include "kube-apiserver/registry/table.h"
#include "kube-apiserver/storage/watch_cache.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/yaml.h"

static const char content_json[] = "application/json";
static const char content_yaml[] = "application/yaml";
/* What is left to say when even a Status cannot be built (no allocation needed). */
static const char oom_status[] =
	"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
	"\"message\":\"out of memory\",\"reason\":\"InternalError\",\"code\":500}\n";

void
api_request_free(struct api_request *r)
{
	if (r == NULL)
		return;
	if (r->state_free != NULL)
		r->state_free(r->state);
	request_info_release(&r->info);
	free(r);
}

void
api_reply_raw(struct api_request *r, int code, const char *content_type, const char *body,
	      size_t len)
{
	r->code = code;
	api_metrics_observe(r); /* the request is gone once answered */
	kc_http_reply(r->http, code, content_type, body, len);
	api_request_free(r);
}

/* Sends a JSON value (borrowed) with a trailing newline, as Go's json.Encoder writes it. */
static void
reply_json_value(struct api_request *r, int code, const json_t *v)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf sb = KC_STRBUF_INIT;

	if (kc_json_dump_strbuf(&sb, v) < 0 || kc_strbuf_addch(&sb, '\n') < 0) {
		kc_http_reply(r->http, 500, content_json, oom_status, sizeof(oom_status) - 1);
		api_request_free(r);
		return;
	}
	api_reply_raw(r, code, content_json, sb.buf, sb.len);
}

static void
reply_yaml_value(struct api_request *r, int code, const json_t *v)
{
	KC_AUTOFREE char *y = kc_yaml_emit(v);

	if (y == NULL) {
		api_reply_error(r, KC_ERR_INTERNAL, "cannot encode the object as YAML");
		return;
	}
	api_reply_raw(r, code, content_yaml, y, strlen(y));
}

void
api_reply_status(struct api_request *r, json_t *status)
{
	if (status == NULL)
		status = status_new(KC_ERR_INTERNAL, "out of memory");
	if (status == NULL) {
		kc_http_reply(r->http, 500, content_json, oom_status, sizeof(oom_status) - 1);
		api_request_free(r);
		return;
	}
	reply_json_value(r, status_code(status), status);
	json_decref(status);
}

void
api_reply_scale(struct api_request *r, const json_t *parent)
{
	json_auto_t *scale = scale_from_object(r->res, parent);

	if (scale == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	api_reply_object(r, 200, scale, NULL, 0);
}

int
api_reply_if_failed(struct api_request *r, json_t *status)
{
	r->op = NULL;
	if (status == NULL)
		return 0;
	api_reply_status(r, status);
	return 1;
}

void
api_reply_error(struct api_request *r, int err, const char *message)
{
	api_reply_status(r, status_new(err, message));
}

static int
table_options(struct api_request *r, struct table_options *opts, int no_headers)
{
	KC_AUTOFREE char *err = NULL;
	int rc;

	memset(opts, 0, sizeof(*opts));
	rc = table_include_parse(kc_http_query_get(r->http, "includeObject"), &opts->include_object,
				 &err);
	if (rc < 0) {
		api_reply_error(r, rc, err != NULL ? err : "bad includeObject");
		return rc;
	}
	opts->v1beta1 = r->out.version != NULL && strcmp(r->out.version, "v1beta1") == 0;
	opts->no_headers = no_headers;
	opts->now_ns = r->now_ns;
	return 0;
}

void
api_reply_object(struct api_request *r, int code, const json_t *obj, const char *bytes, size_t len)
{
	json_auto_t *conv = NULL, *out = NULL;
	struct table_options opts;
	int rc;

	if (api_needs_conversion(r->res) && r->sub == NULL) {
		conv = api_from_storage(r->res, obj);
		if (conv == NULL) {
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
			return;
		}
		obj = conv;
		bytes = NULL;
	}
	switch (r->out.target) {
	case TARGET_TABLE:
		if (table_options(r, &opts, 0) < 0)
			return;
		rc = table_object_new(r->res, obj, &opts, &out);
		if (rc < 0) {
			api_reply_error(r, rc, "unable to convert the object to a Table");
			return;
		}
		reply_json_value(r, code, out);
		return;
	case TARGET_PARTIAL:
		out = table_partial_object_metadata_new(obj, 0);
		if (out == NULL) {
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
			return;
		}
		reply_json_value(r, code, out);
		return;
	case TARGET_PARTIAL_LIST:
		api_reply_error(r, KC_ERR_NOT_ACCEPTABLE,
				"you requested PartialObjectMetadataList, but the requested object "
				"is not a list");
		return;
	default:
		break;
	}
	if (r->out.format == FORMAT_YAML) {
		reply_yaml_value(r, code, obj);
		return;
	}
	if (bytes != NULL) {
		KC_CLEANUP(kc_strbuf_release) struct kc_strbuf sb = KC_STRBUF_INIT;

		if (kc_strbuf_add(&sb, bytes, len) < 0 || kc_strbuf_addch(&sb, '\n') < 0) {
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
			return;
		}
		api_reply_raw(r, code, content_json, sb.buf, sb.len);
		return;
	}
	reply_json_value(r, code, obj);
}

void
api_reply_deleted_status(struct api_request *r, const json_t *obj)
{
	json_t *s = json_pack("{s:s, s:s, s:{}, s:s}", "kind", "Status", "apiVersion", "v1",
			      "metadata", "status", "Success");
	json_t *d = json_object();
	const char *uid = kc_meta_uid(obj);

	if (s == NULL || d == NULL) {
		json_decref(s);
		json_decref(d);
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	json_object_set_new(d, "name", json_string(kc_meta_name(obj) ?: r->info.name));
	if (r->res->group[0] != '\0')
		json_object_set_new(d, "group", json_string(r->res->group));
	json_object_set_new(d, "kind", json_string(r->res->resource));
	if (uid != NULL)
		json_object_set_new(d, "uid", json_string(uid));
	json_object_set_new(s, "details", d);
	reply_json_value(r, 200, s);
	json_decref(s);
}

/* ---- lists ------------------------------------------------------------------------------ */

static json_t *
list_meta_json(const struct list_meta *lm)
{
	json_t *m = json_object();
	char rv[24];

	if (m == NULL)
		return NULL;
	snprintf(rv, sizeof(rv), "%" PRId64, lm->resource_version);
	json_object_set_new(m, "resourceVersion", json_string(rv));
	if (lm->continue_token != NULL && lm->continue_token[0] != '\0')
		json_object_set_new(m, "continue", json_string(lm->continue_token));
	if (lm->remaining > 0)
		json_object_set_new(m, "remainingItemCount", json_integer(lm->remaining));
	return m;
}

/* The JSON of a list from cached bytes: no parsing, no re-serializing. */
static int
list_json_from_bytes(struct api_request *r, struct kc_watch_cache_object *const *items, size_t n,
		     const struct list_meta *lm, struct kc_strbuf *sb)
{
	char kind[160], gv[128];
	json_auto_t *meta = list_meta_json(lm);
	const char *b;
	size_t len;

	if (meta == NULL)
		return KC_ERR_NOMEM;
	kc_strbuf_addf(sb, "{\"kind\":\"%s\",\"apiVersion\":\"%s\",\"metadata\":",
		       api_list_kind(r->res, kind, sizeof(kind)),
		       api_group_version(r->res, gv, sizeof(gv)));
	kc_json_dump_strbuf(sb, meta);
	kc_strbuf_adds(sb, ",\"items\":[");
	for (size_t i = 0; i < n; i++) {
		b = kc_watch_cache_object_bytes(items[i], &len);
		if (i > 0)
			kc_strbuf_addch(sb, ',');
		if (kc_strbuf_add(sb, b, len) < 0)
			return KC_ERR_NOMEM;
	}
	return kc_strbuf_adds(sb, "]}\n");
}

/* The items as JSON values in the requested shape (new array). */
static json_t *
list_values(struct api_request *r, struct kc_watch_cache_object *const *items, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < n; i++) {
		const json_t *o = kc_watch_cache_object_json(items[i]);
		json_t *v = api_needs_conversion(r->res) ? api_from_storage(r->res, o)
							 : json_incref((json_t *)o);

		if (v == NULL || json_array_append_new(arr, v) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

/* {"kind":"<Kind>List","apiVersion":..,"metadata":..,"items":items} (items taken). */
static json_t *
list_object(struct api_request *r, json_t *items, const struct list_meta *lm)
{
	char kind[160], gv[128];
	json_t *l = json_object();

	if (l == NULL || items == NULL) {
		json_decref(l);
		json_decref(items);
		return NULL;
	}
	json_object_set_new(l, "kind", json_string(api_list_kind(r->res, kind, sizeof(kind))));
	json_object_set_new(l, "apiVersion",
			    json_string(api_group_version(r->res, gv, sizeof(gv))));
	json_object_set_new(l, "metadata", list_meta_json(lm));
	json_object_set_new(l, "items", items);
	return l;
}

static void
reply_list_values(struct api_request *r, json_t *items, const struct list_meta *lm)
{
	struct table_list_meta tlm = { 0 };
	struct table_options opts;
	json_auto_t *out = NULL;
	json_t **v;
	char rv[24];
	int rc;

	if (items == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	snprintf(rv, sizeof(rv), "%" PRId64, lm->resource_version);
	tlm.resource_version = rv;
	tlm.continue_token = lm->continue_token;
	tlm.has_remaining_item_count = lm->remaining > 0;
	tlm.remaining_item_count = lm->remaining;
	v = malloc((json_array_size(items) + 1) * sizeof(*v));
	if (v == NULL) {
		json_decref(items);
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	for (size_t i = 0; i < json_array_size(items); i++)
		v[i] = json_array_get(items, i);
	switch (r->out.target) {
	case TARGET_TABLE:
		rc = table_options(r, &opts, 0);
		if (rc == 0) {
			rc = table_list_new(r->res, v, json_array_size(items), &tlm, &opts, &out);
			if (rc < 0)
				api_reply_error(r, rc, "unable to convert the list to a Table");
		}
		free(v);
		json_decref(items);
		if (rc == 0)
			reply_json_value(r, 200, out);
		return;
	case TARGET_PARTIAL_LIST:
		out = table_partial_object_metadata_list_new(v, json_array_size(items), &tlm, 0);
		free(v);
		json_decref(items);
		if (out == NULL) {
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
			return;
		}
		reply_json_value(r, 200, out);
		return;
	case TARGET_PARTIAL:
		free(v);
		json_decref(items);
		api_reply_error(
			r, KC_ERR_NOT_ACCEPTABLE,
			"you requested PartialObjectMetadata, but the requested object is a "
			"list");
		return;
	default:
		break;
	}
	free(v);
	out = list_object(r, items, lm);
	if (out == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	if (r->out.format == FORMAT_YAML)
		reply_yaml_value(r, 200, out);
	else
		reply_json_value(r, 200, out);
}

void
api_reply_list(struct api_request *r, struct kc_watch_cache_object *const *items, size_t n,
	       const struct list_meta *lm)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf sb = KC_STRBUF_INIT;

	if (r->out.target == TARGET_OBJECT && r->out.format == FORMAT_JSON &&
	    !api_needs_conversion(r->res)) {
		if (list_json_from_bytes(r, items, n, lm, &sb) < 0) {
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
			return;
		}
		api_reply_raw(r, 200, content_json, sb.buf, sb.len);
		return;
	}
	reply_list_values(r, list_values(r, items, n), lm);
}

void
api_reply_object_list(struct api_request *r, json_t *items, const struct list_meta *lm)
{
	reply_list_values(r, items, lm);
}
