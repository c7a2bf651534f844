/*
 * body.c - request bodies of create and update: JSON, YAML or protobuf into a JSON object of the
 * endpoint's kind, with upstream's errors (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/
 * handlers/create.go and update.go decoding with its strict decoding (field_validation.c),
 * rest.go transformDecodeError and summarizeData,
 * registry/rest/meta.go EnsureObjectNamespaceMatchesRequestNamespace).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/field_validation.h"
#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/negotiation.h"
#include "kube-apiserver/endpoints/protobuf.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strv.h"
#include "libkcommon/yaml.h"

/* summarizeData(body, 30): the start of a JSON body, or of its hex dump. */
static void
summarize(const char *data, size_t len, char *buf, size_t size)
{
	size_t n = len > 30 ? 30 : len, o = 0;

	if (len == 0) {
		snprintf(buf, size, "<empty>");
		return;
	}
	if (data[0] == '{') {
		snprintf(buf, size, "%.*s%s", (int)n, data, len > 30 ? " ..." : "");
		return;
	}
	for (size_t i = 0; i < n && o + 3 < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%02x", (unsigned char)data[i]);
	if (len > 30)
		snprintf(buf + o, size - o, " ...");
}

static void
reply_unrecognized(struct api_request *r, const char *kind, const char *why)
{
	char summary[128], *msg = NULL;

	summarize(r->http->body, r->http->body_len, summary, sizeof(summary));
	if (asprintf(&msg, "the object provided is unrecognized (must be of type %s): %s (%s)",
		     kind, why, summary) < 0)
		msg = NULL;
	api_reply_error(r, KC_ERR_BAD_REQUEST, msg != NULL ? msg : "bad body");
	free(msg);
}

/* The Go package of a group's internal types, as conversion errors name it. */
static const char *
internal_package(const char *group)
{
	static char buf[64];
	size_t n;

	if (group[0] == '\0')
		return "core";
	n = strcspn(group, ".");
	snprintf(buf, sizeof(buf), "%.*s", (int)n, group);
	return buf;
}

/*
 * Fills apiVersion and kind from the endpoint when absent, then checks them: another kind is
 * the decoder's conversion error, another version of the same kind the handler's "API version
 * in the data" error.  0 or replies 400.
 */
static int
check_type(struct api_request *r, json_t *obj, const char *gv, const char *kind)
{
	const char *have_gv = kc_json_get_string(obj, "apiVersion", "");
	const char *have_kind = kc_json_get_string(obj, "kind", "");
	const char *group = strchr(gv, '/') != NULL ? gv : "";
	char msg[512], group_buf[128];
	const char *slash;

	if (have_gv[0] == '\0')
		json_object_set_new(obj, "apiVersion", json_string(gv));
	if (have_kind[0] == '\0')
		json_object_set_new(obj, "kind", json_string(kind));
	have_gv = kc_json_get_string(obj, "apiVersion", "");
	have_kind = kc_json_get_string(obj, "kind", "");
	if (group[0] != '\0') {
		snprintf(group_buf, sizeof(group_buf), "%.*s", (int)(strchr(gv, '/') - gv), gv);
		group = group_buf;
	}
	if (strcmp(have_kind, kind) != 0) {
		slash = strrchr(have_gv, '/');
		snprintf(msg, sizeof(msg),
			 "%s in version \"%s\" cannot be handled as a %s: converting (%s.%s) to "
			 "(%s.%s): unknown conversion",
			 have_kind, slash != NULL ? slash + 1 : have_gv, kind,
			 slash != NULL ? slash + 1 : have_gv, have_kind, internal_package(group),
			 kind);
		api_reply_error(r, KC_ERR_BAD_REQUEST, msg);
		return KC_ERR_BAD_REQUEST;
	}
	if (strcmp(have_gv, gv) != 0) {
		snprintf(msg, sizeof(msg),
			 "the API version in the data (%s) does not match the expected API version "
			 "(%s)",
			 have_gv, gv);
		api_reply_error(r, KC_ERR_BAD_REQUEST, msg);
		return KC_ERR_BAD_REQUEST;
	}
	return 0;
}

/*
 * Strict decoding of obj (the body, decoded as type) of gv/kind: unknown fields are pruned in
 * every mode; unknown and duplicate fields are warnings under Warn and 400 under Strict, with
 * transformDecodeError's message.  0, or replies and returns < 0.
 */
static int
strict_decode(struct api_request *r, json_t *obj, enum body_type type, int has_duplicates,
	      const char *gv, const char *kind)
{
	const char *slash = strchr(gv, '/');
	int report = r->field_validation != FIELD_VALIDATION_IGNORE && type != BODY_PROTOBUF;
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	KC_AUTOFREE char *strict = NULL, *msg = NULL;
	const json_t *schema;
	char group[256];
	int rc = 0;

	snprintf(group, sizeof(group), "%.*s", slash != NULL ? (int)(slash - gv) : 0, gv);
	schema = field_validation_schema(group, slash != NULL ? slash + 1 : gv, kind);
	if (schema == NULL)
		return 0;
	/*
	 * Only the text shows duplicate keys: a body that has some is scanned (unknown and
	 * duplicate fields in document order) and the parsed object then just loses its unknowns.
	 * Without duplicates the object's key order is the document's, so pruning reports the
	 * same errors without a second pass over the text.
	 */
	if (report && has_duplicates)
		rc = field_validation_scan_json(r->http->body, r->http->body_len, schema, &errs);
	if (rc == 0)
		rc = field_validation_prune(obj, schema, report && !has_duplicates ? &errs : NULL);
	if (rc < 0) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return rc;
	}
	if (errs.n == 0)
		return 0;
	if (r->field_validation == FIELD_VALIDATION_WARN) {
		api_add_warnings(r, &errs);
		return 0;
	}
	strict = field_validation_message(&errs);
	if (strict == NULL || asprintf(&msg, "%s in version \"%s\" cannot be handled as a %s: %s",
				       kind, slash != NULL ? slash + 1 : gv, kind, strict) < 0) {
		msg = NULL;
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return KC_ERR_NOMEM;
	}
	api_reply_error(r, KC_ERR_BAD_REQUEST, msg);
	return KC_ERR_BAD_REQUEST;
}

int
api_decode_body(struct api_request *r, const char *gv, const char *kind, json_t **ret)
{
	const char *ctype = kc_http_header_get(r->http, "Content-Type");
	const char *body = r->http->body;
	size_t len = r->http->body_len;
	json_t *obj = NULL;
	char err[512], why[600];
	KC_AUTOFREE char *perr = NULL;
	int rc, has_duplicates = 0;

	enum body_type type = negotiate_body_type(ctype);

	switch (type) {
	case BODY_JSON:
		if (kc_json_loads_dups(body, len, &obj, &has_duplicates, err, sizeof(err)) < 0) {
			snprintf(why, sizeof(why),
				 "couldn't get version/kind; json parse error: %s", err);
			reply_unrecognized(r, kind, why);
			return KC_ERR_BAD_REQUEST;
		}
		break;
	case BODY_YAML:
		if (kc_yaml_load(body, len, 0, &obj, err, sizeof(err)) < 0) {
			snprintf(why, sizeof(why), "error converting YAML to JSON: %s", err);
			reply_unrecognized(r, kind, why);
			return KC_ERR_BAD_REQUEST;
		}
		break;
	case BODY_PROTOBUF:
		rc = protobuf_decode(body, len, gv, kind, &obj, &perr);
		if (rc < 0) {
			api_reply_error(r, rc, perr != NULL ? perr : kc_strerror(rc));
			return rc;
		}
		break;
	default:
		api_reply_error(r, KC_ERR_UNSUPPORTED_MEDIA, negotiation_unsupported_media_message);
		return KC_ERR_UNSUPPORTED_MEDIA;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		reply_unrecognized(r, kind,
				   "couldn't get version/kind; json parse error: json: cannot "
				   "unmarshal into Go value of type struct { APIVersion string "
				   "\"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
				   "\"json:\\\"kind,omitempty\\\"\" }");
		return KC_ERR_BAD_REQUEST;
	}
	if (check_type(r, obj, gv, kind) < 0) {
		json_decref(obj);
		return KC_ERR_BAD_REQUEST;
	}
	rc = strict_decode(r, obj, type, has_duplicates, gv, kind);
	if (rc < 0) {
		json_decref(obj);
		return rc;
	}
	*ret = obj;
	return 0;
}

int
api_ensure_namespace(struct api_request *r, json_t *obj)
{
	const char *want = r->res->namespaced ? r->info.namespace_ : "";
	const char *have = kc_meta_namespace(obj);
	json_t *meta = json_object_get(obj, "metadata");

	if (!json_is_object(meta)) {
		meta = json_object();
		if (meta == NULL || json_object_set_new(obj, "metadata", meta) < 0) {
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
			return KC_ERR_NOMEM;
		}
	}
	if (have == NULL || have[0] == '\0' || want[0] == '\0') {
		if (want[0] == '\0')
			json_object_del(meta, "namespace");
		else
			json_object_set_new(meta, "namespace", json_string(want));
		return 0;
	}
	if (strcmp(have, want) == 0)
		return 0;
	api_reply_error(r, KC_ERR_BAD_REQUEST,
			"the namespace of the provided object does not match the namespace sent on "
			"the request");
	return KC_ERR_BAD_REQUEST;
}

int
api_check_name(struct api_request *r, const json_t *obj)
{
	const char *name = kc_meta_name(obj);
	char msg[600];

	if (name != NULL && strcmp(name, r->info.name) == 0)
		return 0;
	snprintf(msg, sizeof(msg),
		 "the name of the object (%.250s) does not match the name on the URL (%.250s)",
		 name != NULL ? name : "", r->info.name);
	api_reply_error(r, KC_ERR_BAD_REQUEST, msg);
	return KC_ERR_BAD_REQUEST;
}
