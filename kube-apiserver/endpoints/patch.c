/*
 * patch.c - PATCH with a JSON merge patch, a JSON patch or a strategic merge patch
 * (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go PatchResource,
 * jsonPatcher, smpPatcher, applyPatch, interpretStrategicMergePatchError, and the strict
 * decoding of the patched object that fieldValidation asks for).
 *
 * The patch is applied to the current object inside the update pipeline (update.c), so a
 * conflicting write in between applies it again to the new state, as upstream's patcher
 * retries.  A metadata.resourceVersion in the patch becomes the object's and so a
 * precondition; a patch that changes nothing writes nothing.  Server-side apply
 * (application/apply-patch+yaml) is not served yet: 415.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/field_validation.h"
#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/negotiation.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/field_errors.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strv.h"

static const char patch_types_message[] =
	"the body of the request was in an unknown format - accepted media types include: "
	"application/json-patch+json, application/merge-patch+json, "
	"application/strategic-merge-patch+json";

/* A Status for an error a patch function reported. */
static json_t *
patch_error_status(int rc, const char *msg)
{
	if (rc == KC_ERR_NOMEM)
		return status_new(KC_ERR_INTERNAL, "out of memory");
	return status_new(rc, msg[0] != '\0' ? msg : kc_strerror(rc));
}

static int
apply(struct api_request *r, enum body_type type, const json_t *current, json_t **ret, char *err,
      size_t errlen)
{
	const json_t *patch = api_update_body(r);

	switch (type) {
	case BODY_JSON_PATCH:
		return kc_json_patch_apply(current, patch, ret, err, errlen);
	case BODY_STRATEGIC_MERGE_PATCH:
		return api_strategic_merge_patch(r->res, current, patch, ret, err, errlen);
	default:
		return kc_json_merge_patch_apply(current, patch, ret, err, errlen);
	}
}

/*
 * The patched object is decoded as its type again: unknown fields are pruned, and under
 * Warn/Strict they (after the patch's own duplicate fields, for merge and strategic merge
 * patches) are warnings or upstream's 422 `patch: Invalid value: ...: strict decoding error`.
 * The invalid value is the patched JSON for JSON and merge patches, the patch as Go prints its
 * map for strategic merge patches.  0, or < 0 with *ret_status.
 */
static int
strict_decode_patched(struct api_request *r, enum body_type type, json_t *patched,
		      json_t **ret_status)
{
	const json_t *schema = field_validation_schema_of(patched);
	int report = r->field_validation != FIELD_VALIDATION_IGNORE;
	KC_CLEANUP(kc_strv_release) struct kc_strv errs = KC_STRV_INIT;
	KC_CLEANUP(field_errors_release) struct field_errors fe = FIELD_ERRORS_INIT;
	KC_AUTOFREE char *value = NULL, *strict = NULL;
	int rc = 0;

	if (schema == NULL)
		return 0;
	if (report && type != BODY_JSON_PATCH)
		rc = field_validation_scan_json(r->http->body, r->http->body_len, NULL, &errs);
	if (rc == 0 && report && r->field_validation == FIELD_VALIDATION_STRICT)
		value = type == BODY_STRATEGIC_MERGE_PATCH
				? field_validation_go_value(api_update_body(r))
				: json_dumps(patched, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (rc == 0)
		rc = field_validation_prune(patched, schema, report ? &errs : NULL);
	if (rc < 0) {
		*ret_status = status_new(KC_ERR_INTERNAL, "out of memory");
		return KC_ERR_NOMEM;
	}
	if (errs.n == 0)
		return 0;
	if (r->field_validation == FIELD_VALIDATION_WARN) {
		if (!r->field_warned)
			api_add_warnings(r, &errs);
		r->field_warned = 1;
		return 0;
	}
	strict = field_validation_message(&errs);
	field_errors_invalid(&fe, "patch", value != NULL ? value : "",
			     strict != NULL ? strict : "strict decoding error");
	*ret_status = field_errors_to_status(&fe, "", "", "");
	/* NewInvalid of an empty GroupKind: details carry no kind (omitempty) */
	json_object_del(json_object_get(*ret_status, "details"), "kind");
	return KC_ERR_INVALID;
}

static int
make_patched(struct api_request *r, const json_t *current, json_t **ret, json_t **ret_status)
{
	enum body_type type = negotiate_body_type(kc_http_header_get(r->http, "Content-Type"));
	json_t *patched = NULL;
	char err[512] = "";
	int rc;

	rc = apply(r, type, current, &patched, err, sizeof(err));
	if (rc < 0) {
		*ret_status = patch_error_status(rc, err);
		return rc;
	}
	if (!json_is_object(patched)) {
		json_decref(patched);
		*ret_status = status_new(KC_ERR_BAD_REQUEST, "the patch does not give an object");
		return KC_ERR_BAD_REQUEST;
	}
	/* the patched object is decoded as the endpoint's type again */
	if (!kc_json_equal(json_object_get(patched, "kind"), json_object_get(current, "kind")) ||
	    !kc_json_equal(json_object_get(patched, "apiVersion"),
			   json_object_get(current, "apiVersion"))) {
		json_decref(patched);
		*ret_status = status_new(KC_ERR_INVALID,
					 "patch: Invalid value: the patch changes apiVersion or "
					 "kind, which is not allowed");
		return KC_ERR_INVALID;
	}
	if (strcmp(kc_meta_name(patched) ?: "", kc_meta_name(current) ?: "") != 0) {
		char msg[600];

		snprintf(msg, sizeof(msg),
			 "the name of the object (%.250s) does not match the name on the URL "
			 "(%.250s)",
			 kc_meta_name(patched) ?: "", r->info.name);
		json_decref(patched);
		*ret_status = status_new(KC_ERR_BAD_REQUEST, msg);
		return KC_ERR_BAD_REQUEST;
	}
	if (strcmp(kc_meta_namespace(patched) ?: "", kc_meta_namespace(current) ?: "") != 0) {
		json_decref(patched);
		*ret_status = status_new(KC_ERR_BAD_REQUEST,
					 "the namespace of the provided object does not match the "
					 "namespace sent on the request");
		return KC_ERR_BAD_REQUEST;
	}
	rc = strict_decode_patched(r, type, patched, ret_status);
	if (rc < 0) {
		json_decref(patched);
		return rc;
	}
	*ret = patched;
	return 0;
}

void
handle_patch(struct api_request *r)
{
	struct api_update u = { .make = make_patched };
	enum body_type type = negotiate_body_type(kc_http_header_get(r->http, "Content-Type"));
	json_t *patch = NULL;
	char err[512];

	if (r->store == NULL) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return;
	}
	if (type == BODY_APPLY_PATCH) {
		api_reply_error(
			r, KC_ERR_UNSUPPORTED_MEDIA,
			"server-side apply (application/apply-patch+yaml) is not served by "
			"ckube's kube-apiserver yet; "
			"the body of the request was in an unknown format - accepted media "
			"types include: application/json-patch+json, "
			"application/merge-patch+json, application/strategic-merge-patch+json");
		return;
	}
	if (type != BODY_MERGE_PATCH && type != BODY_JSON_PATCH &&
	    type != BODY_STRATEGIC_MERGE_PATCH) {
		api_reply_error(r, KC_ERR_UNSUPPORTED_MEDIA, patch_types_message);
		return;
	}
	if (api_update_kind(r, &u) < 0 || api_parse_dry_run(r) < 0 ||
	    api_negotiate(r, u.scale ? 0 : TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL), 1) <
		    0 ||
	    api_update_prepare(r, &u) < 0)
		return;
	if (kc_json_loads(r->http->body, r->http->body_len, &patch, err, sizeof(err)) < 0) {
		char msg[600];

		snprintf(msg, sizeof(msg), "error decoding patch: %s", err);
		api_reply_error(r, KC_ERR_BAD_REQUEST, msg);
		return;
	}
	if (type == BODY_JSON_PATCH && !json_is_array(patch)) {
		json_decref(patch);
		api_reply_error(r, KC_ERR_BAD_REQUEST,
				"json: cannot unmarshal object into Go value of type "
				"jsonpatch.Patch");
		return;
	}
	api_update_set_body(r, patch);
	api_update_run(r);
}
