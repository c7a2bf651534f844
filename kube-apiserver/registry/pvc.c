/*
 * pvc.c - the PersistentVolumeClaim strategy (upstream: pkg/registry/core/
 * persistentvolumeclaim/strategy.go, pkg/apis/core/v1/defaults.go
 * SetDefaults_PersistentVolumeClaim(Spec), pkg/apis/core/validation/validation.go
 * ValidatePersistentVolumeClaim, ValidatePersistentVolumeClaimSpec,
 * ValidatePersistentVolumeClaimUpdate, ValidatePersistentVolumeClaimStatusUpdate).
 *
 * The spec is immutable after creation except resources.requests (growing only) and, once
 * bound, volumeAttributesClassName; volumeName may be set once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/quantity.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

/* A quantity from JSON; -1 for anything that is not one (absent, wrong type, bad text). */
static int
quantity(const json_t *v, struct kc_quantity *q)
{
	if (!json_is_string(v) && !json_is_number(v))
		return -1;
	return kc_quantity_from_json(v, q, NULL);
}

static int
pvc_defaults(json_t *pvc)
{
	if (strategy_ensure_object(pvc, "spec") == NULL && !jhas(pvc, "spec"))
		return KC_ERR_NOMEM;
	return pvc_defaults_object(pvc);
}

static int
pvc_prepare_for_create(json_t *pvc)
{
	return json_object_set_new(pvc, "status", json_pack("{s:s}", "phase", "Pending")) < 0
		       ? KC_ERR_NOMEM
		       : 0;
}

static void
validate_spec(const json_t *spec, struct field_errors *errs)
{
	const json_t *storage =
		json_object_get(jobj(jobj(spec, "resources"), "requests"), "storage");

	if (jlen(spec, "accessModes") == 0)
		field_errors_required(errs, "spec.accessModes",
				      "at least 1 access mode is required");
	if (jhas(spec, "selector"))
		strategy_validate_label_selector(json_object_get(spec, "selector"), 0,
						 "spec.selector", errs);
	pv_validate_access_modes(spec, "spec.accessModes", errs);
	if (storage == NULL) {
		field_errors_required(errs, "spec.resources[storage]", "");
	} else {
		struct kc_quantity q;
		char buf[KC_QUANTITY_BUFSZ];

		if (quantity(storage, &q) == 0 && kc_quantity_sign(&q) <= 0)
			field_errors_invalid(errs, "spec.resources[storage]",
					     kc_quantity_format(&q, buf, sizeof(buf)),
					     "must be greater than zero");
	}
	pv_validate_class_and_volume_mode(spec, errs);
}

static void
pvc_validate(const struct api_resource *res, const json_t *pvc, struct field_errors *errs)
{
	strategy_validate_object_meta(pvc, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_spec(jobj(pvc, "spec"), errs);
}

static void
pvc_validate_update(const struct api_resource *res, const json_t *pvc, const json_t *old,
		    struct field_errors *errs)
{
	const json_t *spec = jobj(pvc, "spec"), *ospec = jobj(old, "spec");
	json_t *a = json_deep_copy(spec), *b = json_deep_copy(ospec);
	int bound = streq(jstr0(jobj(pvc, "status"), "phase"), "Bound");
	struct kc_quantity nq, oq;

	strategy_validate_object_meta_update(pvc, old, errs);
	pvc_validate(res, pvc, errs);
	if (a == NULL || b == NULL) {
		errs->nomem = 1;
		goto out;
	}
	if (jstr0(ospec, "volumeName")[0] == '\0')
		strategy_copy_key(b, a, "volumeName");
	if (bound) {
		json_t *req = jobj(jobj(a, "resources"), "requests");

		if (req != NULL)
			strategy_copy_key(req, jobj(jobj(b, "resources"), "requests"), "storage");
		strategy_copy_key(a, b, "volumeAttributesClassName");
	}
	if (!strategy_semantic_equal(a, b))
		field_errors_forbidden(
			errs, "spec",
			"spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n");
	if (quantity(json_object_get(jobj(jobj(spec, "resources"), "requests"), "storage"), &nq) ==
		    0 &&
	    quantity(json_object_get(jobj(jobj(ospec, "resources"), "requests"), "storage"), &oq) ==
		    0 &&
	    kc_quantity_cmp(&nq, &oq) < 0)
		field_errors_forbidden(errs, "spec.resources.requests.storage",
				       "field can not be less than previous value");
	strategy_validate_immutable(errs, "volumeMode", spec, ospec, "volumeMode", NULL);
out:
	json_decref(a);
	json_decref(b);
}

static void
pvc_validate_status_update(const struct api_resource *res, const json_t *pvc, const json_t *old,
			   struct field_errors *errs)
{
	char p[FPATH_MAX];
	const char *key;
	json_t *v;

	strategy_validate_object_meta_update(pvc, old, errs);
	if (jstr0(jobj(pvc, "metadata"), "resourceVersion")[0] == '\0')
		field_errors_required(errs, "resourceVersion", "");
	if (jlen(jobj(pvc, "spec"), "accessModes") == 0)
		field_errors_required(errs, "Spec.accessModes", "");
	json_object_foreach(jobj(jobj(pvc, "status"), "capacity"), key, v) {
		struct kc_quantity q;

		fpath_key(p, "status.capacity", key);
		if (quantity(v, &q) == 0 && kc_quantity_value(&q) < 0)
			field_errors_invalid_int(errs, p, kc_quantity_value(&q),
						 "must be a valid resource quantity");
	}
}

/* GetWarningsForPersistentVolumeClaim */
static void
pvc_warnings_on_create(const json_t *obj, struct kc_strv *warnings)
{
	if (json_object_get(jobj(jobj(obj, "metadata"), "annotations"),
			    "volume.beta.kubernetes.io/storage-class") != NULL)
		kc_strv_push(
			warnings,
			"metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use \"storageClassName\" attribute instead");
	pvc_spec_warnings(jobj(obj, "spec"), "spec", warnings);
}

const struct api_strategy strategy_persistentvolumeclaims = {
	.kind = "PersistentVolumeClaim",
	.flags = STRATEGY_STATUS,
	.defaults = pvc_defaults,
	.prepare_for_create = pvc_prepare_for_create,
	.validate = pvc_validate,
	.warnings_on_create = pvc_warnings_on_create,
	.validate_update = pvc_validate_update,
	.validate_status_update = pvc_validate_status_update,
};
