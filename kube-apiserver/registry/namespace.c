/*
 * namespace.c - the Namespace strategy, with its status and finalize subresources (upstream:
 * pkg/registry/core/namespace/strategy.go, pkg/apis/core/v1/defaults.go SetDefaults_Namespace
 * and SetDefaults_NamespaceStatus, pkg/apis/core/validation/validation.go ValidateNamespace,
 * ValidateNamespaceUpdate, ValidateNamespaceStatusUpdate, ValidateNamespaceFinalizeUpdate).
 *
 * Namespaces always carry the label kubernetes.io/metadata.name=<name> (defaulting and
 * Canonicalize), spec.finalizers gets "kubernetes" on create and changes only through
 * /finalize; status.phase starts Active.
 */
#include <string.h>

#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define NAME_LABEL "kubernetes.io/metadata.name"

static int
set_name_label(json_t *ns)
{
	json_t *meta = jobj(ns, "metadata"), *labels;
	const char *name = jstr0(meta, "name");

	if (name[0] == '\0')
		return 0;
	labels = strategy_ensure_object(meta, "labels");
	return labels == NULL ? KC_ERR_NOMEM : strategy_set_str(labels, NAME_LABEL, name);
}

static int
namespace_defaults(json_t *ns)
{
	json_t *status = jobj(ns, "status");
	int r = set_name_label(ns);

	if (r >= 0 && status != NULL)
		r = strategy_default_str(status, "phase", "Active");
	return r;
}

static int
namespace_prepare_for_create(json_t *ns)
{
	json_t *spec = strategy_ensure_object(ns, "spec"), *finalizers;
	size_t i;
	json_t *f;

	if (spec == NULL ||
	    json_object_set_new(ns, "status", json_pack("{s:s}", "phase", "Active")) < 0)
		return KC_ERR_NOMEM;
	finalizers = jarr(spec, "finalizers");
	json_array_foreach(finalizers, i, f)
		if (streq(json_string_value(f), "kubernetes"))
			return set_name_label(ns);
	if (finalizers == NULL) {
		if (json_object_set_new(spec, "finalizers", json_array()) < 0)
			return KC_ERR_NOMEM;
		finalizers = jarr(spec, "finalizers");
	}
	if (json_array_append_new(finalizers, json_string("kubernetes")) < 0)
		return KC_ERR_NOMEM;
	return set_name_label(ns);
}

static int
namespace_prepare_for_update(json_t *ns, const json_t *old)
{
	json_t *spec = strategy_ensure_object(ns, "spec");

	if (spec == NULL || strategy_copy_key(spec, jobj(old, "spec"), "finalizers") < 0)
		return KC_ERR_NOMEM;
	if (json_object_size(spec) == 0 && !jhas(old, "spec"))
		json_object_del(ns, "spec");
	return set_name_label(ns);
}

int
namespace_prepare_for_finalize(json_t *ns, const json_t *old)
{
	json_t *meta = strategy_ensure_object(ns, "metadata");

	if (meta == NULL || strategy_keep_old_generation(ns, old) < 0 ||
	    strategy_copy_key(ns, old, "status") < 0 || strategy_restore_system_meta(ns, old) < 0)
		return KC_ERR_NOMEM;
	return set_name_label(ns);
}

static void
validate_spec_finalizers(const json_t *ns, int indexed, struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i;
	json_t *f;

	json_array_foreach(jarr(jobj(ns, "spec"), "finalizers"), i, f) {
		const char *s = json_string_value(f) ? json_string_value(f) : "";

		if (indexed)
			fpath_index(p, "spec.finalizers", i);
		else
			fpath_child(p, "spec", "finalizers");
		strategy_validate_finalizer_name(errs, p, s);
	}
}

static void
namespace_validate(const struct api_resource *res, const json_t *ns, struct field_errors *errs)
{
	strategy_validate_object_meta(ns, 0, NAME_DNS1123_LABEL, errs);
	validate_spec_finalizers(ns, 0, errs);
}

static void
namespace_validate_update(const struct api_resource *res, const json_t *ns, const json_t *old,
			  struct field_errors *errs)
{
	strategy_validate_object_meta_update(ns, old, errs);
}

static void
namespace_validate_status_update(const struct api_resource *res, const json_t *ns,
				 const json_t *old, struct field_errors *errs)
{
	const char *phase = jstr0(jobj(ns, "status"), "phase");

	strategy_validate_object_meta_update(ns, old, errs);
	if (!jhas(jobj(ns, "metadata"), "deletionTimestamp")) {
		if (!streq(phase, "Active"))
			field_errors_invalid(
				errs, "status.Phase", phase,
				"may only be 'Active' if `deletionTimestamp` is empty");
	} else if (!streq(phase, "Terminating")) {
		field_errors_invalid(
			errs, "status.Phase", phase,
			"may only be 'Terminating' if `deletionTimestamp` is not empty");
	}
}

void
namespace_validate_finalize(const json_t *ns, const json_t *old, struct field_errors *errs)
{
	strategy_validate_object_meta_update(ns, old, errs);
	validate_spec_finalizers(ns, 1, errs);
}

static const struct strategy_field namespace_fields[] = {
	{ "status.phase", NULL, "status.phase", 's' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_namespaces = {
	.kind = "Namespace",
	.flags = STRATEGY_STATUS,
	.name_rule = NAME_DNS1123_LABEL,
	.defaults = namespace_defaults,
	.prepare_for_create = namespace_prepare_for_create,
	.prepare_for_update = namespace_prepare_for_update,
	.validate = namespace_validate,
	.validate_update = namespace_validate_update,
	.validate_status_update = namespace_validate_status_update,
	.fields = namespace_fields,
};
