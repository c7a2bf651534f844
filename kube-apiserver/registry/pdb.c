/*
 * pdb.c - the PodDisruptionBudget strategy (upstream: pkg/registry/policy/poddisruptionbudget/
 * strategy.go, pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudget,
 * ValidatePodDisruptionBudgetSpec, ValidatePodDisruptionBudgetStatusUpdate).
 */
#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
pdb_prepare_for_create(json_t *pdb)
{
	/* PodDisruptionBudgetStatus's counters have no omitempty */
	return json_object_set_new(pdb, "status",
				   json_pack("{s:i, s:i, s:i, s:i}", "disruptionsAllowed", 0,
					     "currentHealthy", 0, "desiredHealthy", 0,
					     "expectedPods", 0)) < 0
		       ? KC_ERR_NOMEM
		       : 0;
}

static void
pdb_validate_spec(const json_t *pdb, struct field_errors *errs)
{
	static const char *const policies[] = { "AlwaysAllow", "IfHealthyBudget", NULL };
	const json_t *spec = jobj(pdb, "spec");
	const json_t *min = json_object_get(spec, "minAvailable");
	const json_t *max = json_object_get(spec, "maxUnavailable");

	if (jhas(spec, "minAvailable") && jhas(spec, "maxUnavailable"))
		strategy_invalid_rendered(errs, "spec", spec, NULL,
					  "minAvailable and maxUnavailable cannot be both set");
	if (jhas(spec, "minAvailable")) {
		workload_validate_int_or_percent(min, "spec.minAvailable", errs);
		workload_validate_not_more_than_100(min, "spec.minAvailable", errs);
	}
	if (jhas(spec, "maxUnavailable")) {
		workload_validate_int_or_percent(max, "spec.maxUnavailable", errs);
		workload_validate_not_more_than_100(max, "spec.maxUnavailable", errs);
	}
	strategy_validate_label_selector(json_object_get(spec, "selector"), 0, "spec.selector",
					 errs);
	if (jhas(spec, "unhealthyPodEvictionPolicy") &&
	    !streq(jstr0(spec, "unhealthyPodEvictionPolicy"), "AlwaysAllow") &&
	    !streq(jstr0(spec, "unhealthyPodEvictionPolicy"), "IfHealthyBudget"))
		field_errors_not_supported(errs, "spec.unhealthyPodEvictionPolicy",
					   jstr0(spec, "unhealthyPodEvictionPolicy"), policies);
}

static void
pdb_validate(const struct api_resource *res, const json_t *pdb, struct field_errors *errs)
{
	strategy_validate_object_meta(pdb, 1, NAME_DNS1123_SUBDOMAIN, errs);
	pdb_validate_spec(pdb, errs);
}

static void
pdb_validate_update(const struct api_resource *res, const json_t *pdb, const json_t *old,
		    struct field_errors *errs)
{
	strategy_validate_object_meta_update(pdb, old, errs);
	pdb_validate_spec(pdb, errs);
}

static void
pdb_validate_status_update(const struct api_resource *res, const json_t *pdb, const json_t *old,
			   struct field_errors *errs)
{
	static const char *const nonneg[] = { "disruptionsAllowed", "currentHealthy",
					      "desiredHealthy", "expectedPods", NULL };

	strategy_validate_object_meta_update(pdb, old, errs);
	workload_validate_nonnegative_status(jobj(pdb, "status"), nonneg, errs);
}

const struct api_strategy strategy_poddisruptionbudgets = {
	.kind = "PodDisruptionBudget",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.prepare_for_create = pdb_prepare_for_create,
	.validate = pdb_validate,
	.validate_update = pdb_validate_update,
	.validate_status_update = pdb_validate_status_update,
};
