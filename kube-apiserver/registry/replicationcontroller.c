/*
 * replicationcontroller.c - the ReplicationController strategy (upstream:
 * pkg/registry/core/replicationcontroller/strategy.go, pkg/apis/core/v1/defaults.go
 * SetDefaults_ReplicationController, pkg/apis/core/validation/validation.go
 * ValidateReplicationController, ValidatePodTemplateSpecForRC,
 * ValidateReplicationControllerStatus).
 *
 * The selector and the object's labels default to the template's labels.
 */
#include <string.h>

#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
rc_defaults(json_t *rc)
{
	json_t *spec = strategy_ensure_object(rc, "spec"), *template, *labels, *meta;
	int r;

	if (spec == NULL)
		return jhas(rc, "spec") ? 0 : KC_ERR_NOMEM;
	template = jobj(spec, "template");
	labels = jobj(jobj(template, "metadata"), "labels");
	if (labels != NULL) {
		if (jlen(spec, "selector") == 0 &&
		    json_object_set_new(spec, "selector", json_deep_copy(labels)) < 0)
			return KC_ERR_NOMEM;
		meta = strategy_ensure_object(rc, "metadata");
		if (meta != NULL && jlen(meta, "labels") == 0 &&
		    json_object_set_new(meta, "labels", json_deep_copy(labels)) < 0)
			return KC_ERR_NOMEM;
	}
	if ((r = strategy_default_int(spec, "replicas", 1)) < 0)
		return r;
	return template != NULL ? podtemplate_defaults(template) : 0;
}

static int
rc_prepare_for_create(json_t *rc)
{
	return json_object_set_new(rc, "status", json_pack("{s:i}", "replicas", 0)) < 0
		       ? KC_ERR_NOMEM
		       : 0;
}

static void
validate_spec(const json_t *rc, struct field_errors *errs)
{
	const json_t *spec = jobj(rc, "spec"), *sel = jobj(spec, "selector");
	const json_t *template = jobj(spec, "template");

	strategy_validate_nonnegative(errs, "spec.minReadySeconds",
				      jint(spec, "minReadySeconds", 0));
	if (jlen(spec, "selector") == 0)
		field_errors_required(errs, "spec.selector", "");
	strategy_validate_nonnegative(errs, "spec.replicas", jint(spec, "replicas", 0));
	if (template == NULL) {
		field_errors_required(errs, "spec.template", "");
		return;
	}
	/* a map selector: an empty one selects everything and is not checked */
	if (jlen(spec, "selector") > 0) {
		json_t *ls = json_pack("{s:O}", "matchLabels", sel);

		if (strategy_selector_matches(ls, jobj(jobj(template, "metadata"), "labels")) ==
		    0) {
			json_decref(ls);
			ls = NULL;
			strategy_invalid_rendered(errs, "spec.template.metadata.labels",
						  jobj(jobj(template, "metadata"), "labels"),
						  go_string_map,
						  "`selector` does not match template `labels`");
		}
		json_decref(ls);
	}
	workload_validate_template(template, NULL, "spec.template", "ReplicationController", errs);
}

static void
rc_validate(const struct api_resource *res, const json_t *rc, struct field_errors *errs)
{
	strategy_validate_object_meta(rc, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_spec(rc, errs);
}

static void
rc_validate_update(const struct api_resource *res, const json_t *rc, const json_t *old,
		   struct field_errors *errs)
{
	strategy_validate_object_meta_update(rc, old, errs);
	validate_spec(rc, errs);
}

const struct api_strategy strategy_replicationcontrollers = {
	.kind = "ReplicationController",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.defaults = rc_defaults,
	.prepare_for_create = rc_prepare_for_create,
	.validate = rc_validate,
	.warnings_on_create = workload_warnings_on_create,
	.validate_update = rc_validate_update,
	.validate_status_update = workload_validate_replica_status_update,
	.fields = workload_replica_fields,
};
