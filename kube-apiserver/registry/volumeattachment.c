/*
 * volumeattachment.c - the VolumeAttachment strategy (upstream: pkg/registry/storage/
 * volumeattachment/strategy.go, pkg/apis/storage/validation/validation.go
 * ValidateVolumeAttachment, ValidateVolumeAttachmentUpdate).  The spec is immutable; the
 * status subresource resets metadata as ResetObjectMetaForStatus does.
 */
#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
va_prepare_for_status_update(json_t *va, const json_t *old)
{
	static const char *const keep[] = { "deletionTimestamp", "generation", "labels",
					    "annotations",       "finalizers", "ownerReferences" };
	json_t *meta = strategy_ensure_object(va, "metadata");

	if (meta == NULL || strategy_copy_key(va, old, "spec") < 0)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (strategy_copy_key(meta, jobj(old, "metadata"), keep[i]) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

static void
va_validate(const struct api_resource *res, const json_t *va, struct field_errors *errs)
{
	const json_t *spec = jobj(va, "spec"), *src = jobj(spec, "source");
	int n = jhas(src, "persistentVolumeName") + jhas(src, "inlineVolumeSpec");

	strategy_validate_object_meta(va, 0, NAME_DNS1123_SUBDOMAIN, errs);
	if (jstr0(spec, "attacher")[0] == '\0')
		field_errors_required(errs, "spec.attacher", "");
	else
		strategy_validate_dns1123_subdomain(errs, "spec.attacher", jstr0(spec, "attacher"));
	if (n != 1)
		field_errors_required(
			errs, "spec.source",
			"must specify exactly one of inlineVolumeSpec and persistentVolumeName");
	if (jstr0(spec, "nodeName")[0] == '\0')
		field_errors_required(errs, "spec.nodeName", "");
	else
		strategy_validate_name_rule(errs, "spec.nodeName", NAME_DNS1123_SUBDOMAIN,
					    jstr0(spec, "nodeName"));
}

static void
va_validate_update(const struct api_resource *res, const json_t *va, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(va, old, errs);
	va_validate(res, va, errs);
	strategy_validate_immutable(errs, "spec", va, old, "spec", NULL);
}

const struct api_strategy strategy_volumeattachments = {
	.kind = "VolumeAttachment",
	.flags = STRATEGY_STATUS,
	.prepare_for_status_update = va_prepare_for_status_update,
	.validate = va_validate,
	.validate_update = va_validate_update,
};
