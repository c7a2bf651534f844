/*
 * priorityclass.c - the PriorityClass strategy (upstream:
 * pkg/registry/scheduling/priorityclass/strategy.go, pkg/apis/scheduling/v1/defaults.go,
 * pkg/apis/scheduling/validation/validation.go ValidatePriorityClass,
 * ValidatePriorityClassUpdate, pkg/apis/scheduling/helpers.go IsKnownSystemPriorityClass).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define HIGHEST_USER_PRIORITY 1000000000

static const struct {
	const char *name;
	int64_t value;
} system_classes[] = {
	{ "system-node-critical", 2000001000 },
	{ "system-cluster-critical", 2000000000 },
};

static int
pc_defaults(json_t *pc)
{
	return strategy_default_ptr_str(pc, "preemptionPolicy", "PreemptLowerPriority");
}

static void
validate_preemption(const json_t *pc, struct field_errors *errs)
{
	static const char *const policies[] = { "PreemptLowerPriority", "Never", NULL };
	const char *p = jstr0(pc, "preemptionPolicy");

	if (!jhas(pc, "preemptionPolicy"))
		return;
	if (p[0] == '\0')
		field_errors_required(errs, "preemptionPolicy", "");
	else if (!streq(p, "PreemptLowerPriority") && !streq(p, "Never"))
		field_errors_not_supported(errs, "preemptionPolicy", p, policies);
}

static void
pc_validate(const struct api_resource *res, const json_t *pc, struct field_errors *errs)
{
	const char *name = jstr0(jobj(pc, "metadata"), "name");
	int64_t value = jint(pc, "value", 0);
	int global = jbool(pc, "globalDefault");
	char detail[256], why[160];

	strategy_validate_object_meta(pc, 0, NAME_DNS1123_SUBDOMAIN, errs);
	if (strncmp(name, "system-", 7) == 0) {
		int known = 0;

		snprintf(why, sizeof(why), "%s is not a known system priority class", name);
		for (size_t i = 0; i < sizeof(system_classes) / sizeof(system_classes[0]); i++) {
			if (!streq(system_classes[i].name, name))
				continue;
			if (system_classes[i].value != value)
				snprintf(why, sizeof(why),
					 "value of %s PriorityClass must be %" PRId64, name,
					 system_classes[i].value);
			else if (global)
				snprintf(why, sizeof(why),
					 "globalDefault of %s PriorityClass must be false", name);
			else
				known = 1;
		}
		if (!known) {
			snprintf(
				detail, sizeof(detail),
				"priority class names with 'system-' prefix are reserved for system use only. error: %s",
				why);
			field_errors_forbidden(errs, "metadata.name", detail);
		}
	} else if (value > HIGHEST_USER_PRIORITY) {
		snprintf(detail, sizeof(detail),
			 "maximum allowed value of a user defined priority is %d",
			 HIGHEST_USER_PRIORITY);
		field_errors_forbidden(errs, "value", detail);
	}
	validate_preemption(pc, errs);
}

static void
pc_validate_update(const struct api_resource *res, const json_t *pc, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(pc, old, errs);
	if (jint(pc, "value", 0) != jint(old, "value", 0))
		field_errors_forbidden(errs, "value", "may not be changed in an update.");
	strategy_validate_immutable(errs, "preemptionPolicy", pc, old, "preemptionPolicy", NULL);
}

const struct api_strategy strategy_priorityclasses = {
	.kind = "PriorityClass",
	.defaults = pc_defaults,
	.validate = pc_validate,
	.validate_update = pc_validate_update,
};
