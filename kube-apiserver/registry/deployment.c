/*
 * deployment.c - the Deployment strategy (upstream: pkg/registry/apps/deployment/strategy.go,
 * pkg/apis/apps/v1/defaults.go SetDefaults_Deployment, pkg/apis/apps/validation/validation.go
 * ValidateDeployment, ValidateDeploymentSpec, ValidateDeploymentStrategy,
 * ValidateRollingUpdateDeployment, ValidateDeploymentStatus).
 *
 * Generation also moves when annotations change (they are copied to ReplicaSets); the status
 * subresource keeps old spec and labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
deployment_defaults(json_t *d)
{
	json_t *spec = strategy_ensure_object(d, "spec"), *strategy, *ru;
	int r = 0;

	if (spec == NULL)
		return jhas(d, "spec") ? 0 : KC_ERR_NOMEM;
	if ((r = strategy_default_int(spec, "replicas", 1)) < 0)
		return r;
	strategy = strategy_ensure_object(spec, "strategy");
	if (strategy != NULL) {
		if ((r = strategy_default_str(strategy, "type", "RollingUpdate")) < 0)
			return r;
		if (streq(jstr(strategy, "type"), "RollingUpdate")) {
			ru = strategy_ensure_object(strategy, "rollingUpdate");
			if (ru == NULL)
				return KC_ERR_NOMEM;
			if ((r = strategy_default_ptr_str(ru, "maxUnavailable", "25%")) < 0 ||
			    (r = strategy_default_ptr_str(ru, "maxSurge", "25%")) < 0)
				return r;
		}
	}
	if ((r = strategy_default_int(spec, "revisionHistoryLimit", 10)) < 0 ||
	    (r = strategy_default_int(spec, "progressDeadlineSeconds", 600)) < 0)
		return r;
	return podtemplate_defaults(strategy_ensure_object(spec, "template"));
}

static int
deployment_prepare_for_create(json_t *d)
{
	return json_object_set_new(d, "status", json_object()) < 0 ? KC_ERR_NOMEM : 0;
}

static int
deployment_prepare_for_update(json_t *d, const json_t *old)
{
	const json_t *om = jobj(old, "metadata");

	if (strategy_key_equal(d, old, "spec") &&
	    strategy_key_equal(jobj(d, "metadata"), om, "annotations"))
		return 0;
	return strategy_set_int(jobj(d, "metadata"), "generation", jint(om, "generation", 0) + 1);
}

static int
deployment_prepare_for_status_update(json_t *d, const json_t *old)
{
	json_t *meta = strategy_ensure_object(d, "metadata");

	if (meta == NULL || strategy_copy_key(d, old, "spec") < 0 ||
	    strategy_copy_key(meta, jobj(old, "metadata"), "labels") < 0)
		return KC_ERR_NOMEM;
	return 0;
}

/* strconv.Atoi: optional sign and digits only, else 0. */
static int64_t
go_atoi(const char *s)
{
	const char *p = s + (*s == '+' || *s == '-');

	if (*p == '\0' || strspn(p, "0123456789") != strlen(p))
		return 0;
	return strtoll(s, NULL, 10);
}

/* getIntOrPercentValue; *is_percent tells which it was. */
static int64_t
int_or_percent(const json_t *v, int *is_percent)
{
	const char *s = json_string_value(v);

	*is_percent = 0;
	if (json_is_integer(v))
		return json_integer_value(v);
	if (s == NULL)
		return 0;
	if (kc_validation_is_valid_percent(s, NULL) == 0) {
		*is_percent = 1;
		return strtoll(s, NULL, 10);
	}
	return go_atoi(s); /* IntValue(): strconv.Atoi, 0 on error */
}

/* ValidatePositiveIntOrPercent */
void
workload_validate_int_or_percent(const json_t *v, const char *path, struct field_errors *errs)
{
	if (json_is_string(v)) {
		struct kc_strv msgs = KC_STRV_INIT;

		if (kc_validation_is_valid_percent(json_string_value(v), &msgs) < 0)
			errs->nomem = 1;
		for (size_t i = 0; i < msgs.n; i++)
			strategy_invalid_rendered(errs, path, v, go_int_or_string, msgs.v[i]);
		kc_strv_release(&msgs);
	} else if (json_is_integer(v)) {
		strategy_validate_nonnegative(errs, path, json_integer_value(v));
	} else if (v != NULL && !json_is_null(v)) {
		strategy_invalid_rendered(errs, path, v, go_int_or_string,
					  "must be an integer or percentage (e.g '5%')");
	}
}

/* IsNotMoreThan100Percent */
void
workload_validate_not_more_than_100(const json_t *v, const char *path, struct field_errors *errs)
{
	int pct;
	int64_t value = int_or_percent(v, &pct);

	if (pct && value > 100)
		strategy_invalid_rendered(errs, path, v, go_int_or_string,
					  "must not be greater than 100%");
}

static void
validate_rolling_update(const json_t *ru, struct field_errors *errs)
{
	const json_t *mu = json_object_get(ru, "maxUnavailable");
	const json_t *ms = json_object_get(ru, "maxSurge");
	const char *mu_path = "spec.strategy.rollingUpdate.maxUnavailable";
	int pct;

	workload_validate_int_or_percent(mu, mu_path, errs);
	workload_validate_int_or_percent(ms, "spec.strategy.rollingUpdate.maxSurge", errs);
	if (int_or_percent(mu, &pct) == 0 && int_or_percent(ms, &pct) == 0)
		strategy_invalid_rendered(errs, mu_path, mu, go_int_or_string,
					  "may not be 0 when `maxSurge` is 0");
	workload_validate_not_more_than_100(mu, mu_path, errs);
}

static char *
go_deployment_strategy(const json_t *s)
{
	KC_AUTOFREE char *ru = NULL;
	char *out = NULL;
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (kc_strbuf_adds(&sb, "apps.DeploymentStrategy{Type:") < 0 ||
	    kc_validation_quote(&sb, jstr0(s, "type"), strlen(jstr0(s, "type"))) < 0)
		goto out;
	ru = jhas(s, "rollingUpdate") ? go_value(json_object_get(s, "rollingUpdate"))
				      : strdup("(*apps.RollingUpdateDeployment)(nil)");
	if (ru == NULL || kc_strbuf_addf(&sb, ", RollingUpdate:%s}", ru) < 0)
		goto out;
	out = kc_strbuf_detach(&sb, NULL);
out:
	kc_strbuf_release(&sb);
	return out;
}

static void
validate_strategy(const json_t *s, struct field_errors *errs)
{
	static const char *const types[] = { "Recreate", "RollingUpdate", NULL };
	const char *type = jstr0(s, "type");

	if (streq(type, "Recreate")) {
		if (jhas(s, "rollingUpdate"))
			field_errors_forbidden(
				errs, "spec.strategy.rollingUpdate",
				"may not be specified when strategy `type` is 'Recreate'");
	} else if (streq(type, "RollingUpdate")) {
		if (!jhas(s, "rollingUpdate"))
			field_errors_required(errs, "spec.strategy.rollingUpdate",
					      "this should be defaulted and never be nil");
		else
			validate_rolling_update(jobj(s, "rollingUpdate"), errs);
	} else {
		KC_AUTOFREE char *raw = go_deployment_strategy(s);

		field_errors_not_supported_raw(errs, "spec.strategy", raw, types);
	}
}

static void
validate_spec(const json_t *d, struct field_errors *errs)
{
	const json_t *spec = jobj(d, "spec");
	int64_t mrs = jint(spec, "minReadySeconds", 0);

	strategy_validate_nonnegative(errs, "spec.replicas", jint(spec, "replicas", 0));
	if (workload_validate_selector(spec, "deployment", errs))
		workload_validate_template(jobj(spec, "template"), selector_or_nil(spec),
					   "spec.template", "ReplicaSet", errs);
	validate_strategy(jobj(spec, "strategy"), errs);
	strategy_validate_nonnegative(errs, "spec.minReadySeconds", mrs);
	if (jhas(spec, "revisionHistoryLimit"))
		strategy_validate_nonnegative(errs, "spec.revisionHistoryLimit",
					      jint(spec, "revisionHistoryLimit", 0));
	if (jhas(spec, "progressDeadlineSeconds")) {
		int64_t pds = jint(spec, "progressDeadlineSeconds", 0);

		strategy_validate_nonnegative(errs, "spec.progressDeadlineSeconds", pds);
		if (pds <= mrs)
			field_errors_invalid_int(errs, "spec.progressDeadlineSeconds", pds,
						 "must be greater than minReadySeconds");
	}
}

static void
deployment_validate(const struct api_resource *res, const json_t *d, struct field_errors *errs)
{
	strategy_validate_object_meta(d, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_spec(d, errs);
}

static void
deployment_validate_update(const struct api_resource *res, const json_t *d, const json_t *old,
			   struct field_errors *errs)
{
	strategy_validate_object_meta_update(d, old, errs);
	validate_spec(d, errs);
	strategy_validate_immutable(errs, "spec.selector", jobj(d, "spec"), jobj(old, "spec"),
				    "selector", go_label_selector);
}

static void
deployment_validate_status_update(const struct api_resource *res, const json_t *d,
				  const json_t *old, struct field_errors *errs)
{
	static const char *const nonneg[] = { "observedGeneration",
					      "replicas",
					      "updatedReplicas",
					      "readyReplicas",
					      "availableReplicas",
					      "unavailableReplicas",
					      "collisionCount",
					      NULL };
	static const char *const bounded[] = { "updatedReplicas", "readyReplicas",
					       "availableReplicas", NULL };
	const json_t *st = jobj(d, "status"), *ost = jobj(old, "status");

	strategy_validate_object_meta_update(d, old, errs);
	workload_validate_nonnegative_status(st, nonneg, errs);
	workload_validate_replica_counts(st, bounded, errs);
	workload_validate_collision_count_update(st, ost, errs);
}

const struct api_strategy strategy_deployments = {
	.kind = "Deployment",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.defaults = deployment_defaults,
	.prepare_for_create = deployment_prepare_for_create,
	.prepare_for_update = deployment_prepare_for_update,
	.prepare_for_status_update = deployment_prepare_for_status_update,
	.validate = deployment_validate,
	.warnings_on_create = workload_warnings_on_create,
	.validate_update = deployment_validate_update,
	.validate_status_update = deployment_validate_status_update,
};
