/*
 * runtimeclass.c - the RuntimeClass strategy (upstream: pkg/registry/node/runtimeclass/
 * strategy.go, pkg/apis/node/validation/validation.go ValidateRuntimeClass,
 * ValidateRuntimeClassUpdate): the handler is a DNS-1123 label and immutable.
 */
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static void
rc_validate(const struct api_resource *res, const json_t *rc, struct field_errors *errs)
{
	const json_t *overhead = jobj(rc, "overhead");
	const json_t *sched = jobj(rc, "scheduling");

	strategy_validate_object_meta(rc, 0, NAME_DNS1123_SUBDOMAIN, errs);
	strategy_validate_name_rule(errs, "handler", NAME_DNS1123_LABEL, jstr0(rc, "handler"));
	if (overhead != NULL) {
		const char *key;
		json_t *v;
		char p[FPATH_MAX];

		json_object_foreach(jobj(overhead, "podFixed"), key, v) {
			fpath_key(p, "overhead.podFixed", key);
			strategy_validate_resource_quantity(errs, p, key, v);
		}
	}
	if (sched != NULL) {
		strategy_validate_labels(jobj(sched, "nodeSelector"), "scheduling.nodeSelector",
					 errs);
		pod_validate_tolerations(jarr(sched, "tolerations"), "scheduling.tolerations",
					 errs);
	}
}

static void
rc_validate_update(const struct api_resource *res, const json_t *rc, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(rc, old, errs);
	strategy_validate_immutable(errs, "handler", rc, old, "handler", NULL);
}

const struct api_strategy strategy_runtimeclasses = {
	.kind = "RuntimeClass",
	.validate = rc_validate,
	.validate_update = rc_validate_update,
};
