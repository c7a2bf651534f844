/*
 * statefulset.c - the StatefulSet strategy (upstream: pkg/registry/apps/statefulset/
 * strategy.go, pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet,
 * pkg/apis/apps/validation/validation.go ValidateStatefulSet, ValidateStatefulSetSpec,
 * ValidateStatefulSetUpdate, ValidateStatefulSetStatus).
 *
 * Names are DNS-1123 labels (they become pod hostnames).  As upstream, a StatefulSet's pod
 * template is checked for labels and annotations only: its volumes may come from
 * volumeClaimTemplates, so the PodSpec is not validated here.
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/strv.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
sts_defaults(json_t *sts)
{
	json_t *spec = strategy_ensure_object(sts, "spec"), *us, *ret, *claim;
	size_t i;
	int r;

	if (spec == NULL)
		return jhas(sts, "spec") ? 0 : KC_ERR_NOMEM;
	if ((r = strategy_default_str(spec, "podManagementPolicy", "OrderedReady")) < 0)
		return r;
	us = strategy_ensure_object(spec, "updateStrategy");
	if (us == NULL)
		return KC_ERR_NOMEM;
	if (jstr0(us, "type")[0] == '\0') {
		if (strategy_set_str(us, "type", "RollingUpdate") < 0 ||
		    strategy_ensure_object(us, "rollingUpdate") == NULL)
			return KC_ERR_NOMEM;
	}
	if (streq(jstr(us, "type"), "RollingUpdate") && jobj(us, "rollingUpdate") != NULL &&
	    (r = strategy_default_int(jobj(us, "rollingUpdate"), "partition", 0)) < 0)
		return r;
	ret = strategy_ensure_object(spec, "persistentVolumeClaimRetentionPolicy");
	if (ret == NULL || strategy_default_str(ret, "whenDeleted", "Retain") < 0 ||
	    strategy_default_str(ret, "whenScaled", "Retain") < 0)
		return KC_ERR_NOMEM;
	if ((r = strategy_default_int(spec, "replicas", 1)) < 0 ||
	    (r = strategy_default_int(spec, "revisionHistoryLimit", 10)) < 0)
		return r;
	json_array_foreach(jarr(spec, "volumeClaimTemplates"), i, claim)
		if (json_is_object(claim) && ((r = template_meta_defaults(claim)) < 0 ||
					      (r = pvc_defaults_object(claim)) < 0))
			return r;
	return podtemplate_defaults(strategy_ensure_object(spec, "template"));
}

static int
sts_prepare_for_create(json_t *sts)
{
	/* StatefulSetStatus.replicas and .availableReplicas have no omitempty */
	return json_object_set_new(sts, "status",
				   json_pack("{s:i, s:i}", "replicas", 0, "availableReplicas", 0)) <
			       0
		       ? KC_ERR_NOMEM
		       : 0;
}

static void
validate_retention_type(const json_t *policy, const char *key, const char *path,
			struct field_errors *errs)
{
	static const char *const types[] = { "Retain", "Delete", NULL };
	const char *v = jstr0(policy, key);

	if (!streq(v, "Retain") && !streq(v, "Delete"))
		field_errors_not_supported(errs, path, v, types);
}

static void
validate_template(const json_t *template, const json_t *selector, struct field_errors *errs)
{
	const json_t *meta = jobj(template, "metadata");
	int m = strategy_selector_matches(selector, jobj(meta, "labels"));

	if (m == 0 && (!json_is_object(selector) || !strategy_selector_is_empty(selector)))
		strategy_invalid_rendered(errs, "spec.template.metadata.labels",
					  jobj(meta, "labels"), go_string_map,
					  "`selector` does not match template `labels`");
	strategy_validate_labels(jobj(meta, "labels"), "spec.template.labels", errs);
	strategy_validate_annotations(jobj(meta, "annotations"), "spec.template.annotations", errs);
	pod_validate_specific_annotations(jobj(meta, "annotations"), jobj(template, "spec"),
					  "spec.template.annotations", errs);
}

static void
validate_spec(const json_t *sts, struct field_errors *errs)
{
	static const char *const always[] = { "Always", NULL };
	const json_t *spec = jobj(sts, "spec"), *us = jobj(spec, "updateStrategy");
	const json_t *sel = json_object_get(spec, "selector"), *tspec;
	const char *pmp = jstr0(spec, "podManagementPolicy"), *type = jstr0(us, "type");

	if (pmp[0] == '\0')
		field_errors_required(errs, "spec.podManagementPolicy", "");
	else if (!streq(pmp, "OrderedReady") && !streq(pmp, "Parallel"))
		field_errors_invalid(errs, "spec.podManagementPolicy", pmp,
				     "must be 'OrderedReady' or 'Parallel'");
	if (type[0] == '\0') {
		field_errors_required(errs, "spec.updateStrategy", "");
	} else if (streq(type, "OnDelete")) {
		if (jhas(us, "rollingUpdate"))
			strategy_invalid_rendered(
				errs, "spec.updateStrategy.rollingUpdate",
				json_object_get(us, "rollingUpdate"), NULL,
				"only allowed for updateStrategy 'RollingUpdate'");
	} else if (streq(type, "RollingUpdate")) {
		const json_t *ru = jobj(us, "rollingUpdate");

		if (ru != NULL) {
			strategy_validate_nonnegative(errs,
						      "spec.updateStrategy.rollingUpdate.partition",
						      jint(ru, "partition", 0));
			if (jhas(ru, "maxUnavailable"))
				workload_validate_int_or_percent(
					json_object_get(ru, "maxUnavailable"),
					"spec.updateStrategy.rollingUpdate.maxUnavailable", errs);
		}
	} else {
		strategy_invalid_rendered(errs, "spec.updateStrategy", us, NULL,
					  "must be 'RollingUpdate' or 'OnDelete'");
	}
	if (jhas(spec, "persistentVolumeClaimRetentionPolicy")) {
		const json_t *p = jobj(spec, "persistentVolumeClaimRetentionPolicy");

		validate_retention_type(p, "whenDeleted",
					"spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
					errs);
		validate_retention_type(p, "whenScaled",
					"spec.persistentVolumeClaimRetentionPolicy.whenScaled",
					errs);
	}
	strategy_validate_nonnegative(errs, "spec.replicas", jint(spec, "replicas", 0));
	if (jhas(spec, "ordinals"))
		strategy_validate_nonnegative(errs, "spec.ordinals.start",
					      jint(jobj(spec, "ordinals"), "start", 0));
	strategy_validate_nonnegative(errs, "spec.minReadySeconds",
				      jint(spec, "minReadySeconds", 0));
	if (workload_validate_selector(spec, "statefulset", errs))
		validate_template(jobj(spec, "template"), sel, errs);
	tspec = jobj(jobj(spec, "template"), "spec");
	if (!streq(jstr0(tspec, "restartPolicy"), "Always"))
		field_errors_not_supported(errs, "spec.template.spec.restartPolicy",
					   jstr0(tspec, "restartPolicy"), always);
	if (jhas(tspec, "activeDeadlineSeconds"))
		field_errors_forbidden(errs, "spec.template.spec.activeDeadlineSeconds",
				       "activeDeadlineSeconds in StatefulSet is not Supported");
}

static void
sts_validate(const struct api_resource *res, const json_t *sts, struct field_errors *errs)
{
	strategy_validate_object_meta(sts, 1, NAME_DNS1123_LABEL, errs);
	validate_spec(sts, errs);
}

static void
sts_validate_update(const struct api_resource *res, const json_t *sts, const json_t *old,
		    struct field_errors *errs)
{
	static const char *const mutable[] = { "replicas",
					       "ordinals",
					       "template",
					       "updateStrategy",
					       "minReadySeconds",
					       "revisionHistoryLimit",
					       "persistentVolumeClaimRetentionPolicy" };
	json_t *a = json_deep_copy(jobj(sts, "spec")), *b = json_deep_copy(jobj(old, "spec"));

	strategy_validate_object_meta_update(sts, old, errs);
	validate_spec(sts, errs);
	for (size_t i = 0; i < sizeof(mutable) / sizeof(mutable[0]); i++) {
		json_object_del(a, mutable[i]);
		json_object_del(b, mutable[i]);
	}
	if (!strategy_semantic_equal(a, b))
		field_errors_forbidden(
			errs, "spec",
			"updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
	json_decref(a);
	json_decref(b);
}

static void
sts_validate_status_update(const struct api_resource *res, const json_t *sts, const json_t *old,
			   struct field_errors *errs)
{
	/* observedGeneration and collisionCount are optional: absent reads as 0, no error. */
	static const char *const nonneg[] = { "replicas",          "readyReplicas",
					      "currentReplicas",   "updatedReplicas",
					      "availableReplicas", "observedGeneration",
					      "collisionCount",    NULL };
	static const char *const bounded[] = { "readyReplicas", "currentReplicas",
					       "updatedReplicas", "availableReplicas" };
	const json_t *st = jobj(sts, "status"), *ost = jobj(old, "status");
	int64_t replicas = jint(st, "replicas", 0);
	char p[FPATH_MAX];

	strategy_validate_object_meta_update(sts, old, errs);
	workload_validate_nonnegative_status(st, nonneg, errs);
	for (size_t i = 0; i < sizeof(bounded) / sizeof(bounded[0]); i++)
		if (jint(st, bounded[i], 0) > replicas)
			field_errors_invalid_int(errs, fpath_child(p, "status", bounded[i]),
						 jint(st, bounded[i], 0),
						 "cannot be greater than status.replicas");
	if (jint(st, "availableReplicas", 0) > jint(st, "readyReplicas", 0))
		field_errors_invalid_int(errs, "status.availableReplicas",
					 jint(st, "availableReplicas", 0),
					 "cannot be greater than status.readyReplicas");
	workload_validate_collision_count_update(st, ost, errs);
}

static void
sts_warnings_on_create(const json_t *obj, struct kc_strv *warnings)
{
	char path[FPATH_MAX];
	size_t i;
	json_t *pvc;

	workload_template_warnings(obj, "spec.template", warnings);
	json_array_foreach(jarr(jobj(obj, "spec"), "volumeClaimTemplates"), i, pvc)
		pvc_spec_warnings(jobj(pvc, "spec"),
				  fpath_index(path, "spec.volumeClaimTemplates", i), warnings);
}

const struct api_strategy strategy_statefulsets = {
	.kind = "StatefulSet",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.name_rule = NAME_DNS1123_LABEL,
	.defaults = sts_defaults,
	.prepare_for_create = sts_prepare_for_create,
	.validate = sts_validate,
	.warnings_on_create = sts_warnings_on_create,
	.validate_update = sts_validate_update,
	.validate_status_update = sts_validate_status_update,
};
