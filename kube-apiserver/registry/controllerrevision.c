/*
 * controllerrevision.c - the ControllerRevision strategy (upstream:
 * pkg/registry/apps/controllerrevision/strategy.go, pkg/apis/apps/validation/validation.go
 * ValidateControllerRevision, ValidateControllerRevisionUpdate): data is mandatory and
 * immutable, revision is non-negative.
 */
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static void
cr_validate(const struct api_resource *res, const json_t *cr, struct field_errors *errs)
{
	strategy_validate_object_meta(cr, 1, NAME_DNS1123_SUBDOMAIN, errs);
	if (!jhas(cr, "data"))
		field_errors_required(errs, "data", "data is mandatory");
	strategy_validate_nonnegative(errs, "revision", jint(cr, "revision", 0));
}

static void
cr_validate_update(const struct api_resource *res, const json_t *cr, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(cr, old, errs);
	cr_validate(res, cr, errs);
	strategy_validate_immutable(errs, "data", cr, old, "data", NULL);
}

const struct api_strategy strategy_controllerrevisions = {
	.kind = "ControllerRevision",
	.validate = cr_validate,
	.validate_update = cr_validate_update,
};
