/*
 * replicaset.c - the ReplicaSet strategy and the template rules ReplicaSets and Deployments
 * share (upstream: pkg/registry/apps/replicaset/strategy.go, pkg/apis/apps/v1/defaults.go
 * SetDefaults_ReplicaSet, pkg/apis/apps/validation/validation.go ValidateReplicaSet,
 * ValidatePodTemplateSpecForReplicaSet, ValidateReplicaSetStatus).
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

void
workload_validate_template(const json_t *template, const json_t *selector, const char *path,
			   const char *what, struct field_errors *errs)
{
	static const char *const always[] = { "Always", NULL };
	const json_t *spec = jobj(template, "spec");
	const json_t *labels = jobj(jobj(template, "metadata"), "labels");
	char p[FPATH_MAX], detail[128];
	int m;

	if (template == NULL) {
		field_errors_required(errs, path, "");
		return;
	}
	/* selector NULL: the caller checked it; JSON null is a nil selector, labels.Nothing():
	 * not empty and matching nothing */
	m = selector != NULL ? strategy_selector_matches(selector, labels) : 1;
	if (m == 0 && (!json_is_object(selector) || !strategy_selector_is_empty(selector))) {
		snprintf(p, sizeof(p), "%s.metadata.labels", path);
		strategy_invalid_rendered(errs, p, labels, go_string_map,
					  "`selector` does not match template `labels`");
	}
	podtemplate_validate(template, path, errs);
	if (!streq(jstr0(spec, "restartPolicy"), "Always")) {
		snprintf(p, sizeof(p), "%s.spec.restartPolicy", path);
		field_errors_not_supported(errs, p, jstr0(spec, "restartPolicy"), always);
	}
	if (jhas(spec, "activeDeadlineSeconds")) {
		snprintf(p, sizeof(p), "%s.spec.activeDeadlineSeconds", path);
		snprintf(detail, sizeof(detail), "activeDeadlineSeconds in %s is not Supported",
			 what);
		field_errors_forbidden(errs, p, detail);
	}
}

/* The selector checks of ValidateReplicaSetSpec / ValidateDeploymentSpec; 1 when the
 * selector converts (so the template may be checked against it). */
int
workload_validate_selector(const json_t *spec, const char *what, struct field_errors *errs)
{
	const json_t *sel = json_object_get(spec, "selector");
	char detail[64];

	if (sel == NULL || json_is_null(sel)) {
		field_errors_required(errs, "spec.selector", "");
		return 1;
	}
	strategy_validate_label_selector(sel, 0, "spec.selector", errs);
	if (strategy_selector_is_empty(sel)) {
		snprintf(detail, sizeof(detail), "empty selector is invalid for %s", what);
		strategy_invalid_rendered(errs, "spec.selector", sel, go_label_selector, detail);
	}
	if (strategy_selector_matches(sel, NULL) == KC_ERR_INVALID) {
		strategy_invalid_rendered(errs, "spec.selector", sel, go_label_selector,
					  "invalid label selector");
		return 0;
	}
	return 1;
}

void
workload_validate_collision_count_update(const json_t *status, const json_t *old_status,
					 struct field_errors *errs)
{
	if (jhas(old_status, "collisionCount") &&
	    (!jhas(status, "collisionCount") ||
	     jint(status, "collisionCount", 0) < jint(old_status, "collisionCount", 0)))
		field_errors_invalid_int(errs, "status.collisionCount",
					 jint(status, "collisionCount", 0), "cannot be decremented");
}

/* Status fields that may not exceed status.replicas, and availableReplicas <= readyReplicas. */
void
workload_validate_replica_counts(const json_t *status, const char *const *fields,
				 struct field_errors *errs)
{
	int64_t replicas = jint(status, "replicas", 0);
	char p[FPATH_MAX];

	for (size_t i = 0; fields[i] != NULL; i++)
		if (jint(status, fields[i], 0) > replicas)
			field_errors_invalid_int(errs, fpath_child(p, "status", fields[i]),
						 jint(status, fields[i], 0),
						 "cannot be greater than status.replicas");
	if (jint(status, "availableReplicas", 0) > jint(status, "readyReplicas", 0))
		field_errors_invalid_int(errs, "status.availableReplicas",
					 jint(status, "availableReplicas", 0),
					 "cannot be greater than readyReplicas");
}

void
workload_validate_nonnegative_status(const json_t *status, const char *const *fields,
				     struct field_errors *errs)
{
	char p[FPATH_MAX];

	for (size_t i = 0; fields[i] != NULL; i++)
		strategy_validate_nonnegative(errs, fpath_child(p, "status", fields[i]),
					      jint(status, fields[i], 0));
}

const json_t *
selector_or_nil(const json_t *spec)
{
	const json_t *sel = json_object_get(spec, "selector");

	return sel != NULL ? sel : json_null();
}

/* ---- the ReplicaSet strategy ----------------------------------------------------------------- */

static int
rs_defaults(json_t *rs)
{
	json_t *spec = strategy_ensure_object(rs, "spec");
	int r;

	if (spec == NULL)
		return jhas(rs, "spec") ? 0 : KC_ERR_NOMEM;
	if ((r = strategy_default_int(spec, "replicas", 1)) < 0)
		return r;
	return podtemplate_defaults(strategy_ensure_object(spec, "template"));
}

static int
rs_prepare_for_create(json_t *rs)
{
	/* ReplicaSetStatus.replicas has no omitempty */
	return json_object_set_new(rs, "status", json_pack("{s:i}", "replicas", 0)) < 0
		       ? KC_ERR_NOMEM
		       : 0;
}

static void
rs_validate_spec(const json_t *rs, struct field_errors *errs)
{
	const json_t *spec = jobj(rs, "spec");

	strategy_validate_nonnegative(errs, "spec.replicas", jint(spec, "replicas", 0));
	strategy_validate_nonnegative(errs, "spec.minReadySeconds",
				      jint(spec, "minReadySeconds", 0));
	if (workload_validate_selector(spec, "deployment", errs))
		workload_validate_template(jobj(spec, "template"), selector_or_nil(spec),
					   "spec.template", "ReplicaSet", errs);
}

static void
rs_validate(const struct api_resource *res, const json_t *rs, struct field_errors *errs)
{
	strategy_validate_object_meta(rs, 1, NAME_DNS1123_SUBDOMAIN, errs);
	rs_validate_spec(rs, errs);
}

static void
rs_validate_update(const struct api_resource *res, const json_t *rs, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(rs, old, errs);
	rs_validate_spec(rs, errs);
	strategy_validate_immutable(errs, "spec.selector", jobj(rs, "spec"), jobj(old, "spec"),
				    "selector", go_label_selector);
}

void
workload_validate_replica_status_update(const struct api_resource *res, const json_t *obj,
					const json_t *old, struct field_errors *errs)
{
	static const char *const nonneg[] = { "replicas",           "fullyLabeledReplicas",
					      "readyReplicas",      "availableReplicas",
					      "observedGeneration", NULL };
	static const char *const bounded[] = { "fullyLabeledReplicas", "readyReplicas",
					       "availableReplicas", NULL };
	const json_t *status = jobj(obj, "status");

	strategy_validate_object_meta_update(obj, old, errs);
	workload_validate_nonnegative_status(status, nonneg, errs);
	workload_validate_replica_counts(status, bounded, errs);
}

const struct strategy_field workload_replica_fields[] = {
	{ "status.replicas", NULL, "status.replicas", 'i' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_replicasets = {
	.kind = "ReplicaSet",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.defaults = rs_defaults,
	.prepare_for_create = rs_prepare_for_create,
	.validate = rs_validate,
	.warnings_on_create = workload_warnings_on_create,
	.validate_update = rs_validate_update,
	.validate_status_update = workload_validate_replica_status_update,
	.fields = workload_replica_fields,
};
