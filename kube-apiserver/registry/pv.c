/*
 * pv.c - the PersistentVolume strategy (upstream: pkg/registry/core/persistentvolume/
 * strategy.go, pkg/apis/core/v1/defaults.go SetDefaults_PersistentVolume,
 * pkg/apis/core/validation/validation.go ValidatePersistentVolume,
 * ValidatePersistentVolumeSpec, ValidatePersistentVolumeUpdate,
 * ValidatePersistentVolumeStatusUpdate).
 *
 * status.lastPhaseTransitionTime is set on create (to metadata.creationTimestamp, which the
 * handler set just before) and whenever a status write changes the phase (the only place a
 * strategy reads the clock).
 */
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/meta.h"
#include "libkcommon/quantity.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static const char *const pv_sources[] = {
	"gcePersistentDisk",
	"awsElasticBlockStore",
	"hostPath",
	"glusterfs",
	"nfs",
	"rbd",
	"quobyte",
	"iscsi",
	"cinder",
	"cephfs",
	"fc",
	"flocker",
	"flexVolume",
	"azureFile",
	"vsphereVolume",
	"azureDisk",
	"photonPersistentDisk",
	"portworxVolume",
	"scaleIO",
	"local",
	"storageos",
	"csi",
	NULL,
};

static int
pv_defaults(json_t *pv)
{
	json_t *spec = strategy_ensure_object(pv, "spec"), *status = jobj(pv, "status");

	if (spec == NULL)
		return jhas(pv, "spec") ? 0 : KC_ERR_NOMEM;
	if (status != NULL && strategy_default_str(status, "phase", "Pending") < 0)
		return KC_ERR_NOMEM;
	if (strategy_default_str(spec, "persistentVolumeReclaimPolicy", "Retain") < 0 ||
	    strategy_default_ptr_str(spec, "volumeMode", "Filesystem") < 0)
		return KC_ERR_NOMEM;
	return volume_source_defaults(spec, 0);
}

static int
pv_prepare_for_create(json_t *pv)
{
	const char *created = jstr(jobj(pv, "metadata"), "creationTimestamp");
	json_t *status = json_pack("{s:s}", "phase", "Pending");

	if (status == NULL || json_object_set_new(pv, "status", status) < 0)
		return KC_ERR_NOMEM;
	if (created != NULL && strategy_set_str(status, "lastPhaseTransitionTime", created) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static int
pv_prepare_for_status_update(json_t *pv, const json_t *old)
{
	json_t *st = jobj(pv, "status");
	const json_t *ost = jobj(old, "status");

	if (strategy_copy_key(pv, old, "spec") < 0)
		return KC_ERR_NOMEM;
	if (st != NULL && !streq(jstr0(st, "phase"), jstr0(ost, "phase")) &&
	    (!jhas(st, "lastPhaseTransitionTime") ||
	     strategy_key_equal(st, ost, "lastPhaseTransitionTime"))) {
		json_t *now = kc_meta_time_now_json();

		if (now == NULL || json_object_set_new(st, "lastPhaseTransitionTime", now) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

void
pv_validate_class_and_volume_mode(const json_t *spec, struct field_errors *errs)
{
	static const char *const vmodes[] = { "Block", "Filesystem", NULL };

	if (jstr0(spec, "storageClassName")[0] != '\0')
		strategy_validate_name_rule(errs, "spec.storageClassName", NAME_DNS1123_SUBDOMAIN,
					    jstr0(spec, "storageClassName"));
	if (jhas(spec, "volumeMode") && !streq(jstr0(spec, "volumeMode"), "Block") &&
	    !streq(jstr0(spec, "volumeMode"), "Filesystem"))
		field_errors_not_supported(errs, "spec.volumeMode", jstr0(spec, "volumeMode"),
					   vmodes);
}

void
pv_validate_access_modes(const json_t *spec, const char *path, struct field_errors *errs)
{
	static const char *const modes[] = { "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
					     "ReadWriteOncePod", NULL };
	int rwop = 0, other = 0;
	size_t i;
	json_t *m;

	json_array_foreach(jarr(spec, "accessModes"), i, m) {
		const char *s = json_string_value(m) ? json_string_value(m) : "";
		int known = 0;

		for (size_t k = 0; modes[k] != NULL; k++)
			known |= streq(s, modes[k]);
		if (!known)
			field_errors_not_supported(errs, path, s, modes);
		if (streq(s, "ReadWriteOncePod"))
			rwop = 1;
		else if (known)
			other = 1;
	}
	if (rwop && other)
		field_errors_forbidden(errs, path,
				       "may not use ReadWriteOncePod with other access modes");
}

static void
pv_validate(const struct api_resource *res, const json_t *pv, struct field_errors *errs)
{
	static const char *const reclaim[] = { "Delete", "Recycle", "Retain", NULL };
	static const char *const storage[] = { "storage", NULL };
	const json_t *spec = jobj(pv, "spec"), *cap = jobj(spec, "capacity");
	const char *rp = jstr0(spec, "persistentVolumeReclaimPolicy");
	char p[FPATH_MAX];
	const char *key;
	json_t *v;
	int n = 0;

	strategy_validate_object_meta(pv, 0, NAME_DNS1123_SUBDOMAIN, errs);
	if (jlen(spec, "accessModes") == 0)
		field_errors_required(errs, "spec.accessModes", "");
	pv_validate_access_modes(spec, "spec.accessModes", errs);
	if (jlen(spec, "capacity") == 0)
		field_errors_required(errs, "spec.capacity", "");
	if (json_object_get(cap, "storage") == NULL || json_object_size(cap) > 1) {
		KC_AUTOFREE char *raw = go_value(cap);

		field_errors_not_supported_raw(errs, "spec.capacity", raw, storage);
	}
	json_object_foreach((json_t *)cap, key, v) {
		struct kc_quantity q;

		fpath_key(p, "spec.capacity", key);
		strategy_validate_resource_quantity(errs, p, key, v);
		if ((json_is_string(v) || json_is_number(v)) &&
		    kc_quantity_from_json(v, &q, NULL) == 0 && kc_quantity_sign(&q) <= 0) {
			char buf[KC_QUANTITY_BUFSZ];

			field_errors_invalid(errs, p, kc_quantity_format(&q, buf, sizeof(buf)),
					     "must be greater than zero");
		}
	}
	pv_validate_class_and_volume_mode(spec, errs);
	if (rp[0] != '\0' && !streq(rp, "Delete") && !streq(rp, "Recycle") && !streq(rp, "Retain"))
		field_errors_not_supported(errs, "spec.persistentVolumeReclaimPolicy", rp, reclaim);
	for (size_t i = 0; pv_sources[i] != NULL; i++) {
		if (!jhas(spec, pv_sources[i]))
			continue;
		if (n++ > 0)
			field_errors_forbidden(errs, fpath_child(p, "spec", pv_sources[i]),
					       "may not specify more than 1 volume type");
	}
	if (n == 0)
		field_errors_required(errs, "spec", "must specify a volume type");
	if (jhas(spec, "hostPath") && streq(rp, "Recycle") &&
	    streq(jstr0(jobj(spec, "hostPath"), "path"), "/"))
		field_errors_forbidden(errs, "spec.persistentVolumeReclaimPolicy",
				       "may not be 'recycle' for a hostPath mount of '/'");
}

static void
pv_validate_update(const struct api_resource *res, const json_t *pv, const json_t *old,
		   struct field_errors *errs)
{
	const json_t *spec = jobj(pv, "spec"), *ospec = jobj(old, "spec");
	int same = 1;

	strategy_validate_object_meta_update(pv, old, errs);
	pv_validate(res, pv, errs);
	for (size_t i = 0; pv_sources[i] != NULL; i++)
		same &= strategy_key_equal(spec, ospec, pv_sources[i]);
	if (!same)
		field_errors_forbidden(errs, "spec.persistentvolumesource",
				       "spec.persistentvolumesource is immutable after creation\n");
	strategy_validate_immutable(errs, "volumeMode", spec, ospec, "volumeMode", NULL);
	if (jhas(ospec, "nodeAffinity"))
		strategy_validate_immutable(errs, "nodeAffinity", spec, ospec, "nodeAffinity",
					    NULL);
}

const struct api_strategy strategy_persistentvolumes = {
	.kind = "PersistentVolume",
	.flags = STRATEGY_STATUS,
	.defaults = pv_defaults,
	.prepare_for_create = pv_prepare_for_create,
	.prepare_for_status_update = pv_prepare_for_status_update,
	.validate = pv_validate,
	.validate_update = pv_validate_update,
};
