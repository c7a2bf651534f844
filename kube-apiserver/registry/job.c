/*
 * job.c - the Job strategy and the JobSpec validation CronJob templates share (upstream:
 * pkg/registry/batch/job/strategy.go generateSelector, pkg/apis/batch/v1/defaults.go
 * SetDefaults_Job, pkg/apis/batch/validation/validation.go ValidateJob, validateJobSpec,
 * ValidateJobSpec, validateGeneratedSelector, ValidateJobSpecUpdate).
 *
 * Unless spec.manualSelector is true, create adds the labels batch.kubernetes.io/controller-uid,
 * batch.kubernetes.io/job-name, controller-uid and job-name to the template and selects on
 * batch.kubernetes.io/controller-uid: metadata.uid must be set before prepare_for_create.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define MAX_PARALLELISM_INDEXED 100000

int
job_pod_failure_policy_defaults(json_t *spec)
{
	json_t *rule, *cond;
	size_t i, j;
	int r;

	json_array_foreach(jarr(jobj(spec, "podFailurePolicy"), "rules"), i, rule)
		json_array_foreach(jarr(rule, "onPodConditions"), j, cond)
			if (json_is_object(cond) &&
			    (r = strategy_default_str(cond, "status", "True")) < 0)
				return r;
	return 0;
}

static int
job_defaults(json_t *job)
{
	json_t *spec = strategy_ensure_object(job, "spec"), *template, *labels, *meta;
	int r;

	if (spec == NULL)
		return jhas(job, "spec") ? 0 : KC_ERR_NOMEM;
	if (!jhas(spec, "completions") && !jhas(spec, "parallelism") &&
	    (strategy_set_int(spec, "completions", 1) < 0 ||
	     strategy_set_int(spec, "parallelism", 1) < 0))
		return KC_ERR_NOMEM;
	if ((r = strategy_default_int(spec, "parallelism", 1)) < 0 ||
	    (r = strategy_default_int(spec, "backoffLimit",
				      jhas(spec, "backoffLimitPerIndex") ? 2147483647 : 6)) < 0)
		return r;
	template = strategy_ensure_object(spec, "template");
	labels = jobj(jobj(template, "metadata"), "labels");
	meta = strategy_ensure_object(job, "metadata");
	if (labels != NULL && meta != NULL && jlen(meta, "labels") == 0 &&
	    json_object_set_new(meta, "labels", json_deep_copy(labels)) < 0)
		return KC_ERR_NOMEM;
	if ((r = strategy_default_ptr_str(spec, "completionMode", "NonIndexed")) < 0 ||
	    (r = strategy_default_bool(spec, "suspend", 0)) < 0 ||
	    (r = strategy_default_bool(spec, "manualSelector", 0)) < 0)
		return r;
	if ((r = job_pod_failure_policy_defaults(spec)) < 0)
		return r;
	if ((r = strategy_default_ptr_str(
		     spec, "podReplacementPolicy",
		     jhas(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed")) < 0)
		return r;
	return podtemplate_defaults(template);
}

/* generateSelector */
static int
generate_selector(json_t *job)
{
	static const char *const name_labels[] = { "job-name", "batch.kubernetes.io/job-name" };
	static const char *const uid_labels[] = { "controller-uid",
						  "batch.kubernetes.io/controller-uid" };
	json_t *spec = strategy_ensure_object(job, "spec");
	json_t *tmeta =
		strategy_ensure_object(strategy_ensure_object(spec, "template"), "metadata");
	json_t *labels = strategy_ensure_object(tmeta, "labels"), *sel, *ml;
	const json_t *meta = jobj(job, "metadata");

	if (labels == NULL)
		return KC_ERR_NOMEM;
	for (int i = 0; i < 2; i++) {
		if (json_object_get(labels, name_labels[i]) == NULL &&
		    strategy_set_str(labels, name_labels[i], jstr0(meta, "name")) < 0)
			return KC_ERR_NOMEM;
		if (json_object_get(labels, uid_labels[i]) == NULL &&
		    strategy_set_str(labels, uid_labels[i], jstr0(meta, "uid")) < 0)
			return KC_ERR_NOMEM;
	}
	sel = strategy_ensure_object(spec, "selector");
	ml = strategy_ensure_object(sel, "matchLabels");
	if (ml == NULL)
		return KC_ERR_NOMEM;
	if (json_object_get(ml, "batch.kubernetes.io/controller-uid") == NULL &&
	    strategy_set_str(ml, "batch.kubernetes.io/controller-uid", jstr0(meta, "uid")) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static int
job_prepare_for_create(json_t *job)
{
	json_t *spec = jobj(job, "spec"), *meta = jobj(job, "metadata");
	json_t *labels;
	int r;

	if (!jbool(spec, "manualSelector") && (r = generate_selector(job)) < 0)
		return r;
	/* SetDefaults_Job copies template labels to the Job; upstream runs it again on every
	 * read, after the generated ones were added, so store them that way. */
	labels = jobj(jobj(jobj(spec, "template"), "metadata"), "labels");
	if (labels != NULL && jlen(meta, "labels") == 0 &&
	    json_object_set_new(meta, "labels", json_deep_copy(labels)) < 0)
		return KC_ERR_NOMEM;
	return json_object_set_new(job, "status", json_object()) < 0 ? KC_ERR_NOMEM : 0;
}

/* validateJobSpec: everything but the selector (CronJob templates use it too). */
void
job_validate_spec_common(const json_t *spec, const char *path, struct field_errors *errs)
{
	static const char *const modes[] = { "NonIndexed", "Indexed", NULL };
	static const char *const restart[] = { "OnFailure", "Never", NULL };
	static const char *const ints[] = { "parallelism", "completions", "activeDeadlineSeconds",
					    "backoffLimit", "ttlSecondsAfterFinished" };
	const json_t *tspec = jobj(jobj(spec, "template"), "spec");
	const char *mode = jstr(spec, "completionMode");
	char p[FPATH_MAX], t[FPATH_MAX], detail[160];

	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (jhas(spec, ints[i]))
			strategy_validate_nonnegative(errs, fpath_child(p, path, ints[i]),
						      jint(spec, ints[i], 0));
	if (mode != NULL) {
		if (!streq(mode, "NonIndexed") && !streq(mode, "Indexed"))
			field_errors_not_supported(errs, fpath_child(p, path, "completionMode"),
						   mode, modes);
		if (streq(mode, "Indexed")) {
			if (!jhas(spec, "completions"))
				field_errors_required(errs, fpath_child(p, path, "completions"),
						      "when completion mode is Indexed");
			if (jint(spec, "parallelism", 0) > MAX_PARALLELISM_INDEXED) {
				snprintf(
					detail, sizeof(detail),
					"must be less than or equal to %d when completion mode is Indexed",
					MAX_PARALLELISM_INDEXED);
				field_errors_invalid_int(errs, fpath_child(p, path, "parallelism"),
							 jint(spec, "parallelism", 0), detail);
			}
		}
	}
	if (jhas(spec, "backoffLimitPerIndex") && !streq(mode, "Indexed"))
		field_errors_forbidden(errs, fpath_child(p, path, "backoffLimitPerIndex"),
				       "requires indexed completion mode");
	fpath_child(t, path, "template");
	podtemplate_validate(jobj(spec, "template"), t, errs);
	fpath_child(p, t, "spec");
	fpath_child(p, p, "restartPolicy");
	if (!streq(jstr0(tspec, "restartPolicy"), "OnFailure") &&
	    !streq(jstr0(tspec, "restartPolicy"), "Never"))
		field_errors_not_supported(errs, p, jstr0(tspec, "restartPolicy"), restart);
	else if (streq(jstr0(tspec, "restartPolicy"), "OnFailure") &&
		 jhas(spec, "podFailurePolicy"))
		field_errors_invalid(
			errs, p, "OnFailure",
			"only \"Never\" is supported when podFailurePolicy is specified");
}

/* ValidateJobSpec */
static void
validate_job_spec(const json_t *spec, struct field_errors *errs)
{
	const json_t *sel = json_object_get(spec, "selector");
	const json_t *labels = jobj(jobj(jobj(spec, "template"), "metadata"), "labels");

	job_validate_spec_common(spec, "spec", errs);
	if (sel == NULL || json_is_null(sel))
		field_errors_required(errs, "spec.selector", "");
	else
		strategy_validate_label_selector(sel, 0, "spec.selector", errs);
	if (strategy_selector_matches(sel, labels) == 0)
		strategy_invalid_rendered(errs, "spec.template.metadata.labels", labels,
					  go_string_map,
					  "`selector` does not match template `labels`");
}

/* ValidateHasLabel */
static void
validate_has_label(const json_t *labels, const char *key, const char *expected,
		   struct field_errors *errs)
{
	const char *v = jstr(labels, key);
	char p[FPATH_MAX], detail[FPATH_MAX];

	fpath_key(p, "spec.template.metadata.labels", key);
	snprintf(detail, sizeof(detail), "must be '%s'", expected);
	if (v == NULL)
		field_errors_required(errs, p, detail);
	else if (strcmp(v, expected) != 0)
		strategy_invalid_rendered(errs, p, labels, go_string_map, detail);
}

/* validateGeneratedSelector */
static void
validate_generated_selector(const json_t *job, struct field_errors *errs)
{
	const json_t *meta = jobj(job, "metadata"), *spec = jobj(job, "spec");
	const json_t *labels = jobj(jobj(jobj(spec, "template"), "metadata"), "labels");
	const char *uid = jstr0(meta, "uid"), *name = jstr0(meta, "name");
	json_t *expected;

	if (jbool(spec, "manualSelector"))
		return;
	if (uid[0] == '\0')
		field_errors_required(errs, "metadata.uid", "");
	validate_has_label(labels, "controller-uid", uid, errs);
	validate_has_label(labels, "job-name", name, errs);
	validate_has_label(labels, "batch.kubernetes.io/controller-uid", uid, errs);
	validate_has_label(labels, "batch.kubernetes.io/job-name", name, errs);
	expected = json_pack("{s:s, s:s, s:s, s:s}", "batch.kubernetes.io/controller-uid", uid,
			     "batch.kubernetes.io/job-name", name, "controller-uid", uid,
			     "job-name", name);
	if (expected == NULL) {
		errs->nomem = 1;
		return;
	}
	if (strategy_selector_matches(json_object_get(spec, "selector"), expected) == 0)
		strategy_invalid_rendered(errs, "spec.selector", json_object_get(spec, "selector"),
					  go_label_selector, "`selector` not auto-generated");
	json_decref(expected);
}

static void
job_validate(const struct api_resource *res, const json_t *job, struct field_errors *errs)
{
	const json_t *spec = jobj(job, "spec");
	const char *name = jstr0(jobj(job, "metadata"), "name");

	strategy_validate_object_meta(job, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_generated_selector(job, errs);
	validate_job_spec(spec, errs);
	if (streq(jstr(spec, "completionMode"), "Indexed") && jint(spec, "completions", 0) > 0) {
		char host[320], detail[400];

		snprintf(host, sizeof(host), "%s-%" PRId64, name, jint(spec, "completions", 0) - 1);
		if (kc_validation_is_dns1123_label(host, NULL) > 0) {
			snprintf(detail, sizeof(detail),
				 "will not able to create pod with invalid DNS label: %s", host);
			field_errors_invalid(errs, "metadata.name", name, detail);
		}
	}
}

/* The template copy that must equal old's when scheduling directives may change. */
static json_t *
mutable_template_view(const json_t *old_spec, const json_t *new_spec, int allow_scheduling)
{
	json_t *ot = json_deep_copy(jobj(old_spec, "template"));
	const json_t *nt = jobj(new_spec, "template");
	json_t *ots, *om;

	if (ot == NULL || !allow_scheduling)
		return ot;
	ots = strategy_ensure_object(ot, "spec");
	om = strategy_ensure_object(ot, "metadata");
	if (ots == NULL || om == NULL) {
		json_decref(ot);
		return NULL;
	}
	strategy_copy_key(ots, jobj(nt, "spec"), "nodeSelector");
	strategy_copy_key(ots, jobj(nt, "spec"), "tolerations");
	strategy_copy_key(ots, jobj(nt, "spec"), "schedulingGates");
	strategy_copy_key(om, jobj(nt, "metadata"), "annotations");
	strategy_copy_key(om, jobj(nt, "metadata"), "labels");
	if (jhas(jobj(nt, "spec"), "affinity") || jhas(ots, "affinity")) {
		json_t *aff = strategy_ensure_object(ots, "affinity");

		strategy_copy_key(aff, jobj(jobj(nt, "spec"), "affinity"), "nodeAffinity");
		if (!jhas(jobj(nt, "spec"), "affinity") && json_object_size(aff) == 0)
			json_object_del(ots, "affinity");
	}
	return ot;
}

static void
job_validate_update(const struct api_resource *res, const json_t *job, const json_t *old,
		    struct field_errors *errs)
{
	const json_t *spec = jobj(job, "spec"), *os = jobj(old, "spec");
	int allow = jbool(os, "suspend") && !jhas(jobj(old, "status"), "startTime");
	json_t *ot;

	strategy_validate_object_meta_update(job, old, errs);
	validate_job_spec(spec, errs);
	if (!strategy_key_equal(spec, os, "completions")) {
		if (!streq(jstr(spec, "completionMode"), "Indexed"))
			strategy_validate_immutable(errs, "spec.completions", spec, os,
						    "completions", NULL);
		else if (jhas(spec, "completions") &&
			 jint(spec, "completions", 0) != jint(spec, "parallelism", 0))
			field_errors_invalid_int(
				errs, "spec.completions", jint(spec, "completions", 0),
				"can only be modified in tandem with spec.parallelism");
	}
	strategy_validate_immutable(errs, "spec.selector", spec, os, "selector", go_label_selector);
	ot = mutable_template_view(os, spec, allow);
	if (ot == NULL) {
		errs->nomem = 1;
	} else {
		if (!strategy_semantic_equal(jobj(spec, "template"), ot))
			strategy_invalid_rendered(errs, "spec.template",
						  json_object_get(spec, "template"), NULL,
						  "field is immutable");
		json_decref(ot);
	}
	strategy_validate_immutable(errs, "spec.completionMode", spec, os, "completionMode", NULL);
	strategy_validate_immutable(errs, "spec.podFailurePolicy", spec, os, "podFailurePolicy",
				    NULL);
	strategy_validate_immutable(errs, "spec.backoffLimitPerIndex", spec, os,
				    "backoffLimitPerIndex", NULL);
	strategy_validate_immutable(errs, "spec.managedBy", spec, os, "managedBy", NULL);
	strategy_validate_immutable(errs, "spec.successPolicy", spec, os, "successPolicy", NULL);
}

static void
job_validate_status_update(const struct api_resource *res, const json_t *job, const json_t *old,
			   struct field_errors *errs)
{
	static const char *const nonneg[] = { "active", "succeeded", "failed", "ready",
					      "terminating" };
	const json_t *st = jobj(job, "status");
	char p[FPATH_MAX];

	strategy_validate_object_meta_update(job, old, errs);
	for (size_t i = 0; i < sizeof(nonneg) / sizeof(nonneg[0]); i++)
		if (jhas(st, nonneg[i]))
			strategy_validate_nonnegative(errs, fpath_child(p, "status", nonneg[i]),
						      jint(st, nonneg[i], 0));
}

static const struct strategy_field job_fields[] = {
	{ "status.successful", NULL, "status.succeeded", 'i' },
	{ NULL, NULL, NULL, 0 },
};

void
job_spec_warnings(const json_t *spec, const char *path, struct kc_strv *warnings)
{
	char base[FPATH_MAX];

	if (streq(jstr0(spec, "completionMode"), "Indexed") &&
	    jint(spec, "completions", 0) > 100000 && jint(spec, "parallelism", 0) > 10000)
		kc_strv_pushf(
			warnings,
			"%s: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail",
			path);
	snprintf(base, sizeof(base), "%s.template.", path);
	pod_template_warnings(jobj(spec, "template"), base, warnings);
}

static void
job_warnings_on_create(const json_t *obj, struct kc_strv *warnings)
{
	workload_name_warning(obj, warnings);
	job_spec_warnings(jobj(obj, "spec"), "spec", warnings);
}

const struct api_strategy strategy_jobs = {
	.kind = "Job",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.defaults = job_defaults,
	.prepare_for_create = job_prepare_for_create,
	.validate = job_validate,
	.warnings_on_create = job_warnings_on_create,
	.validate_update = job_validate_update,
	.validate_status_update = job_validate_status_update,
	.fields = job_fields,
};
