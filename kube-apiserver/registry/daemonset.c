/*
 * daemonset.c - the DaemonSet strategy (upstream: pkg/registry/apps/daemonset/strategy.go,
 * pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet, pkg/apis/apps/v1/conversion.go for the
 * templateGeneration annotation, pkg/apis/apps/validation/validation.go ValidateDaemonSet,
 * ValidateDaemonSetSpec, ValidateDaemonSetUpdateStrategy, ValidateRollingUpdateDaemonSet).
 *
 * apps/v1 keeps the internal spec.templateGeneration in the annotation
 * "deprecated.daemonset.template.generation": 1 on create, +1 whenever the template changes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define TEMPLATE_GENERATION "deprecated.daemonset.template.generation"

static int
ds_defaults(json_t *ds)
{
	json_t *spec = strategy_ensure_object(ds, "spec"), *us, *ru;
	int r;

	if (spec == NULL)
		return jhas(ds, "spec") ? 0 : KC_ERR_NOMEM;
	us = strategy_ensure_object(spec, "updateStrategy");
	if (us == NULL || strategy_default_str(us, "type", "RollingUpdate") < 0)
		return KC_ERR_NOMEM;
	if (streq(jstr(us, "type"), "RollingUpdate")) {
		ru = strategy_ensure_object(us, "rollingUpdate");
		if (ru == NULL || strategy_default_int(ru, "maxUnavailable", 1) < 0 ||
		    strategy_default_int(ru, "maxSurge", 0) < 0)
			return KC_ERR_NOMEM;
	}
	if ((r = strategy_default_int(spec, "revisionHistoryLimit", 10)) < 0)
		return r;
	return podtemplate_defaults(strategy_ensure_object(spec, "template"));
}

static int64_t
template_generation(const json_t *ds)
{
	const char *s = jstr(jobj(jobj(ds, "metadata"), "annotations"), TEMPLATE_GENERATION);

	return s != NULL ? strtoll(s, NULL, 10) : 0;
}

static int
set_template_generation(json_t *ds, int64_t gen)
{
	json_t *ann = strategy_ensure_object(jobj(ds, "metadata"), "annotations");
	char buf[32];

	if (ann == NULL)
		return KC_ERR_NOMEM;
	snprintf(buf, sizeof(buf), "%" PRId64, gen);
	return strategy_set_str(ann, TEMPLATE_GENERATION, buf);
}

static int
ds_prepare_for_create(json_t *ds)
{
	json_t *status =
		json_pack("{s:i, s:i, s:i, s:i}", "currentNumberScheduled", 0, "numberMisscheduled",
			  0, "desiredNumberScheduled", 0, "numberReady", 0);

	if (status == NULL || json_object_set_new(ds, "status", status) < 0)
		return KC_ERR_NOMEM;
	if (template_generation(ds) < 1)
		return set_template_generation(ds, 1);
	return 0;
}

static int
ds_prepare_for_update(json_t *ds, const json_t *old)
{
	json_t *meta = jobj(ds, "metadata");
	int64_t gen = jint(jobj(old, "metadata"), "generation", 0);
	int r;

	/* "update is not allowed to set TemplateGeneration" */
	if ((r = set_template_generation(ds, template_generation(old))) < 0)
		return r;
	if (!strategy_key_equal(jobj(ds, "spec"), jobj(old, "spec"), "template")) {
		if ((r = set_template_generation(ds, template_generation(old) + 1)) < 0)
			return r;
		return strategy_set_int(meta, "generation", gen + 1);
	}
	if (strategy_spec_changed(ds, old))
		return strategy_set_int(meta, "generation", gen + 1);
	return 0;
}

static void
validate_update_strategy(const json_t *us, struct field_errors *errs)
{
	static const char *const types[] = { "RollingUpdate", "OnDelete", NULL };
	const char *type = jstr0(us, "type");
	const json_t *ru = jobj(us, "rollingUpdate");
	const char *mu = "spec.updateStrategy.rollingUpdate.maxUnavailable";
	const char *ms = "spec.updateStrategy.rollingUpdate.maxSurge";
	const json_t *muv, *msv;
	int has_mu, has_ms;

	if (streq(type, "OnDelete"))
		return;
	if (!streq(type, "RollingUpdate")) {
		KC_AUTOFREE char *raw = go_value(us);

		field_errors_not_supported_raw(errs, "spec.updateStrategy", raw, types);
		return;
	}
	if (ru == NULL) {
		field_errors_required(errs, "spec.updateStrategy.rollingUpdate", "");
		return;
	}
	muv = json_object_get(ru, "maxUnavailable");
	msv = json_object_get(ru, "maxSurge");
	workload_validate_int_or_percent(muv, mu, errs);
	workload_validate_int_or_percent(msv, ms, errs);
	workload_validate_not_more_than_100(muv, mu, errs);
	workload_validate_not_more_than_100(msv, ms, errs);
	has_mu = json_is_integer(muv)
			 ? json_integer_value(muv) != 0
			 : json_string_value(muv) != NULL &&
				   kc_validation_is_valid_percent(json_string_value(muv), NULL) ==
					   0 &&
				   strtoll(json_string_value(muv), NULL, 10) != 0;
	has_ms = json_is_integer(msv)
			 ? json_integer_value(msv) != 0
			 : json_string_value(msv) != NULL &&
				   kc_validation_is_valid_percent(json_string_value(msv), NULL) ==
					   0 &&
				   strtoll(json_string_value(msv), NULL, 10) != 0;
	if (has_mu && has_ms)
		strategy_invalid_rendered(errs, ms, msv, go_int_or_string,
					  "may not be set when maxUnavailable is non-zero");
	else if (!has_mu && !has_ms)
		field_errors_required(errs, mu, "cannot be 0 when maxSurge is 0");
}

static void
validate_spec(const json_t *ds, struct field_errors *errs)
{
	static const char *const always[] = { "Always", NULL };
	const json_t *spec = jobj(ds, "spec"), *template = jobj(spec, "template");
	const json_t *sel = json_object_get(spec, "selector"), *tspec = jobj(template, "spec");
	const json_t *labels = jobj(jobj(template, "metadata"), "labels");

	strategy_validate_label_selector(sel, 0, "spec.selector", errs);
	if (strategy_selector_matches(sel, labels) == 0)
		strategy_invalid_rendered(errs, "spec.template.metadata.labels", labels,
					  go_string_map,
					  "`selector` does not match template `labels`");
	if (json_is_object(sel) && strategy_selector_is_empty(sel))
		strategy_invalid_rendered(errs, "spec.selector", sel, go_label_selector,
					  "empty selector is invalid for daemonset");
	podtemplate_validate(template, "spec.template", errs);
	if (!streq(jstr0(tspec, "restartPolicy"), "Always"))
		field_errors_not_supported(errs, "spec.template.spec.restartPolicy",
					   jstr0(tspec, "restartPolicy"), always);
	if (jhas(tspec, "activeDeadlineSeconds"))
		field_errors_invalid_int(errs, "spec.template.spec.activeDeadlineSeconds",
					 jint(tspec, "activeDeadlineSeconds", 0),
					 "activeDeadlineSeconds must be nil for daemons");
	strategy_validate_nonnegative(errs, "spec.minReadySeconds",
				      jint(spec, "minReadySeconds", 0));
	strategy_validate_nonnegative(errs, "spec.templateGeneration", template_generation(ds));
	validate_update_strategy(jobj(spec, "updateStrategy"), errs);
	if (jhas(spec, "revisionHistoryLimit"))
		strategy_validate_nonnegative(errs, "spec.revisionHistoryLimit",
					      jint(spec, "revisionHistoryLimit", 0));
}

static void
ds_validate(const struct api_resource *res, const json_t *ds, struct field_errors *errs)
{
	strategy_validate_object_meta(ds, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_spec(ds, errs);
}

static void
ds_validate_update(const struct api_resource *res, const json_t *ds, const json_t *old,
		   struct field_errors *errs)
{
	int64_t ng = template_generation(ds), og = template_generation(old);
	int changed = !strategy_key_equal(jobj(ds, "spec"), jobj(old, "spec"), "template");

	strategy_validate_object_meta_update(ds, old, errs);
	if (ng < og)
		field_errors_invalid_int(errs, "spec.templateGeneration", ng,
					 "must not be decremented");
	if (ng == og && changed)
		field_errors_invalid_int(errs, "spec.templateGeneration", ng,
					 "must be incremented upon template update");
	else if (ng > og && !changed)
		field_errors_invalid_int(errs, "spec.templateGeneration", ng,
					 "must not be incremented without template update");
	validate_spec(ds, errs);
	strategy_validate_immutable(errs, "spec.selector", jobj(ds, "spec"), jobj(old, "spec"),
				    "selector", go_label_selector);
}

static void
ds_validate_status_update(const struct api_resource *res, const json_t *ds, const json_t *old,
			  struct field_errors *errs)
{
	static const char *const nonneg[] = { "currentNumberScheduled",
					      "numberMisscheduled",
					      "desiredNumberScheduled",
					      "numberReady",
					      "observedGeneration",
					      "updatedNumberScheduled",
					      "numberAvailable",
					      "numberUnavailable",
					      "collisionCount",
					      NULL };
	const json_t *st = jobj(ds, "status"), *ost = jobj(old, "status");

	strategy_validate_object_meta_update(ds, old, errs);
	workload_validate_nonnegative_status(st, nonneg, errs);
	workload_validate_collision_count_update(st, ost, errs);
}

static void
ds_warnings_on_create(const json_t *obj, struct kc_strv *warnings)
{
	workload_template_warnings(obj, "spec.template", warnings);
}

const struct api_strategy strategy_daemonsets = {
	.kind = "DaemonSet",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.defaults = ds_defaults,
	.prepare_for_create = ds_prepare_for_create,
	.prepare_for_update = ds_prepare_for_update,
	.validate = ds_validate,
	.warnings_on_create = ds_warnings_on_create,
	.validate_update = ds_validate_update,
	.validate_status_update = ds_validate_status_update,
};
