/*
 * resourcequota.c - the ResourceQuota strategy (upstream: pkg/registry/core/resourcequota/
 * strategy.go, pkg/apis/core/validation/validation.go ValidateResourceQuota,
 * ValidateResourceQuotaSpec, validateResourceQuotaScopes, ValidateResourceQuotaUpdate,
 * ValidateResourceQuotaStatusUpdate).
 */
#include <string.h>

#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static const char *const scopes[] = { "Terminating",
				      "NotTerminating",
				      "BestEffort",
				      "NotBestEffort",
				      "PriorityClass",
				      "CrossNamespacePodAffinity",
				      "VolumeAttributesClass",
				      NULL };

static int
in(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (streq(s, list[i]))
			return 1;
	return 0;
}

static int
is_standard_quota_resource(const char *name)
{
	static const char *const names[] = {
		"cpu",
		"memory",
		"ephemeral-storage",
		"requests.cpu",
		"requests.memory",
		"requests.storage",
		"requests.ephemeral-storage",
		"limits.cpu",
		"limits.memory",
		"limits.ephemeral-storage",
		"pods",
		"services",
		"replicationcontrollers",
		"resourcequotas",
		"secrets",
		"persistentvolumeclaims",
		"configmaps",
		"services.nodeports",
		"services.loadbalancers",
		NULL,
	};

	return in(name, names) || strncmp(name, "hugepages-", 10) == 0 ||
	       strncmp(name, "requests.hugepages-", 19) == 0;
}

static void
validate_resource_list(const json_t *list, const char *path, struct field_errors *errs)
{
	char p[FPATH_MAX];
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)list, key, v) {
		size_t before = errs->n;

		fpath_key(p, path, key);
		strategy_validate_resource_name(errs, p, key);
		if (errs->n == before && strchr(key, '/') == NULL &&
		    !is_standard_quota_resource(key))
			field_errors_invalid(errs, p, key, "must be a standard resource for quota");
		strategy_validate_resource_quantity(errs, p, key, v);
	}
}

/* IsResourceQuotaScopeValidForResource */
static int
scope_valid_for(const char *scope, const char *res)
{
	static const char *const pod_compute[] = {
		"pods",
		"cpu",
		"memory",
		"ephemeral-storage",
		"requests.cpu",
		"requests.memory",
		"requests.ephemeral-storage",
		"limits.cpu",
		"limits.memory",
		"limits.ephemeral-storage",
		NULL,
	};

	if (streq(scope, "BestEffort"))
		return streq(res, "pods");
	if (streq(scope, "VolumeAttributesClass"))
		return streq(res, "persistentvolumeclaims") || streq(res, "requests.storage");
	if (streq(scope, "CrossNamespacePodAffinity"))
		return streq(res, "pods");
	return in(res, pod_compute) || strncmp(res, "requests.hugepages-", 19) == 0;
}

static void
validate_spec(const json_t *spec, struct field_errors *errs)
{
	const json_t *list = jarr(spec, "scopes");
	int best = 0, notbest = 0, term = 0, notterm = 0;
	size_t i;
	json_t *s;

	validate_resource_list(jobj(spec, "hard"), "spec.hard", errs);
	json_array_foreach((json_t *)list, i, s) {
		const char *scope = json_string_value(s) ? json_string_value(s) : "";
		const char *key;
		json_t *v;

		if (!in(scope, scopes))
			strategy_invalid_rendered(errs, "spec.scopes", list, go_string_slice,
						  "unsupported scope");
		json_object_foreach(jobj(spec, "hard"), key, v)
			if (is_standard_quota_resource(key) && !scope_valid_for(scope, key))
				strategy_invalid_rendered(errs, "spec.scopes", list,
							  go_string_slice,
							  "unsupported scope applied to resource");
		best |= streq(scope, "BestEffort");
		notbest |= streq(scope, "NotBestEffort");
		term |= streq(scope, "Terminating");
		notterm |= streq(scope, "NotTerminating");
	}
	if (best && notbest)
		strategy_invalid_rendered(errs, "spec.scopes", list, go_string_slice,
					  "conflicting scopes");
	if (term && notterm)
		strategy_invalid_rendered(errs, "spec.scopes", list, go_string_slice,
					  "conflicting scopes");
}

static int
rq_prepare_for_create(json_t *rq)
{
	return json_object_set_new(rq, "status", json_object()) < 0 ? KC_ERR_NOMEM : 0;
}

static void
rq_validate(const struct api_resource *res, const json_t *rq, struct field_errors *errs)
{
	strategy_validate_object_meta(rq, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_spec(jobj(rq, "spec"), errs);
	validate_resource_list(jobj(jobj(rq, "status"), "hard"), "status.hard", errs);
	validate_resource_list(jobj(jobj(rq, "status"), "used"), "status.used", errs);
}

static int
same_scopes(const json_t *a, const json_t *b)
{
	size_t i, j;
	json_t *x, *y;

	json_array_foreach((json_t *)a, i, x) {
		int found = 0;

		json_array_foreach((json_t *)b, j, y)
			found |= streq(json_string_value(x), json_string_value(y));
		if (!found)
			return 0;
	}
	json_array_foreach((json_t *)b, i, x) {
		int found = 0;

		json_array_foreach((json_t *)a, j, y)
			found |= streq(json_string_value(x), json_string_value(y));
		if (!found)
			return 0;
	}
	return 1;
}

static void
rq_validate_update(const struct api_resource *res, const json_t *rq, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(rq, old, errs);
	validate_spec(jobj(rq, "spec"), errs);
	if (!same_scopes(jarr(jobj(rq, "spec"), "scopes"), jarr(jobj(old, "spec"), "scopes")))
		strategy_invalid_rendered(errs, "spec.scopes",
					  json_object_get(jobj(rq, "spec"), "scopes"),
					  go_string_slice, "field is immutable");
}

static void
rq_validate_status_update(const struct api_resource *res, const json_t *rq, const json_t *old,
			  struct field_errors *errs)
{
	strategy_validate_object_meta_update(rq, old, errs);
	if (jstr0(jobj(rq, "metadata"), "resourceVersion")[0] == '\0')
		field_errors_required(errs, "resourceVersion", "");
	validate_resource_list(jobj(jobj(rq, "status"), "hard"), "status.hard", errs);
	validate_resource_list(jobj(jobj(rq, "status"), "used"), "status.used", errs);
}

const struct api_strategy strategy_resourcequotas = {
	.kind = "ResourceQuota",
	.flags = STRATEGY_STATUS,
	.prepare_for_create = rq_prepare_for_create,
	.validate = rq_validate,
	.validate_update = rq_validate_update,
	.validate_status_update = rq_validate_status_update,
};
