/*
 * scale.c - the scale subresource (upstream: pkg/registry/apps/deployment/storage/storage.go
 * ScaleREST and scaleFromDeployment, replicaset/storage, statefulset/storage,
 * core/replicationcontroller/storage; pkg/apis/autoscaling/validation ValidateScale).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/scale.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/labels.h"
#include "libkcommon/meta.h"

int
scale_supported(const struct api_resource *res)
{
	if (strcmp(res->group, "apps") == 0)
		return strcmp(res->resource, "deployments") == 0 ||
		       strcmp(res->resource, "replicasets") == 0 ||
		       strcmp(res->resource, "statefulsets") == 0;
	return res->group[0] == '\0' && strcmp(res->resource, "replicationcontrollers") == 0;
}

/* The selector text: a metav1.LabelSelector for apps kinds, a map for RCs. */
static char *
selector_text(const struct api_resource *res, const json_t *parent)
{
	const json_t *sel = kc_json_get(parent, "spec", "selector", NULL);
	struct kc_label_selector *ls = NULL;
	char *s;
	int r;

	if (res->group[0] == '\0')
		r = kc_labels_from_set(sel, &ls);
	else
		r = sel == NULL ? 0 : kc_labels_from_label_selector(sel, &ls, NULL);
	if (r < 0 || ls == NULL)
		return strdup("");
	s = kc_label_selector_string(ls);
	kc_label_selector_free(ls);
	return s;
}

json_t *
scale_from_object(const struct api_resource *res, const json_t *parent)
{
	static const char *const meta_keys[] = { "name", "namespace", "uid", "resourceVersion",
						 "creationTimestamp" };
	const json_t *pm = json_object_get(parent, "metadata");
	json_t *scale, *meta = json_object(), *spec = json_object(), *status = json_object();
	const json_t *replicas = kc_json_get(parent, "spec", "replicas", NULL);
	KC_AUTOFREE char *sel = selector_text(res, parent);

	scale = json_pack("{s:s, s:s}", "kind", "Scale", "apiVersion", "autoscaling/v1");
	if (scale == NULL || meta == NULL || spec == NULL || status == NULL || sel == NULL) {
		json_decref(scale);
		json_decref(meta);
		json_decref(spec);
		json_decref(status);
		return NULL;
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(meta_keys); i++) {
		json_t *v = json_object_get(pm, meta_keys[i]);

		if (v != NULL)
			json_object_set(meta, meta_keys[i], v);
	}
	/* ScaleSpec.Replicas is omitempty */
	if (json_is_integer(replicas) && json_integer_value(replicas) != 0)
		json_object_set(spec, "replicas", (json_t *)replicas);
	json_object_set_new(status, "replicas",
			    json_integer(kc_json_get_int64(parent, "status.replicas", 0)));
	if (sel[0] != '\0')
		json_object_set_new(status, "selector", json_string(sel));
	json_object_set_new(scale, "metadata", meta);
	json_object_set_new(scale, "spec", spec);
	json_object_set_new(scale, "status", status);
	return scale;
}

int
scale_apply(const struct api_resource *res, const json_t *parent, const json_t *scale,
	    json_t **ret_obj, json_t **ret_status)
{
	const json_t *replicas = kc_json_get(scale, "spec", "replicas", NULL);
	const char *name = kc_meta_name(parent);
	const char *rv = kc_meta_resource_version(scale);
	json_int_t n = 0;
	json_t *obj;

	(void)res;
	if (!json_is_object(scale)) {
		*ret_status = status_new(KC_ERR_BAD_REQUEST, "the body is not a Scale object");
		return KC_ERR_BAD_REQUEST;
	}
	if (replicas != NULL && !json_is_null(replicas)) {
		if (!json_is_integer(replicas)) {
			*ret_status = status_new(KC_ERR_BAD_REQUEST,
						 "json: cannot unmarshal spec.replicas of type "
						 "autoscaling.ScaleSpec: not an int32");
			return KC_ERR_BAD_REQUEST;
		}
		n = json_integer_value(replicas);
	}
	if (n < 0) {
		char msg[256];
		json_t *s;

		snprintf(msg, sizeof(msg),
			 "Scale.autoscaling \"%s\" is invalid: spec.replicas: Invalid value: %lld: "
			 "must be greater than or equal to 0",
			 name != NULL ? name : "", (long long)n);
		s = status_new(KC_ERR_INVALID, msg);
		if (s != NULL) {
			json_object_del(s, "code");
			json_object_set_new(
				s, "details",
				json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s}]}", "name",
					  name != NULL ? name : "", "group", "autoscaling", "kind",
					  "Scale", "causes", "reason", "FieldValueInvalid",
					  "message",
					  strchr(strstr(msg, "spec.replicas: ") + 14, 'I'), "field",
					  "spec.replicas"));
			json_object_set_new(s, "code", json_integer(422));
		}
		*ret_status = s;
		return KC_ERR_INVALID;
	}
	obj = json_deep_copy(parent);
	if (obj == NULL)
		return KC_ERR_NOMEM;
	if (kc_json_set_path_steal(obj, "spec.replicas", json_integer(n)) < 0 ||
	    kc_json_set_path_steal(obj, "metadata.resourceVersion", json_string(rv ? rv : "")) <
		    0) {
		json_decref(obj);
		return KC_ERR_NOMEM;
	}
	*ret_obj = obj;
	return 0;
}
