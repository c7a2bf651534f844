/*
 * csi.c - strategies of CSIDriver, CSINode and CSIStorageCapacity (upstream:
 * pkg/registry/storage/{csidriver,csinode,csistoragecapacity}/strategy.go,
 * pkg/apis/storage/v1/defaults.go SetDefaults_CSIDriver, pkg/apis/storage/validation/
 * validation.go ValidateCSIDriver, ValidateCSINode, ValidateCSIStorageCapacity and their
 * updates).  The kubelet creates its CSINode at start and exits when it cannot.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define MAX_NODE_ID 192

/* ValidateCSIDriverName */
static void
validate_driver_name(const char *name, const char *path, struct field_errors *errs)
{
	if (name[0] == '\0') {
		field_errors_required(errs, path, name);
		return;
	}
	if (strlen(name) > 63)
		field_errors_too_long(errs, path, 63);
	strategy_validate_dns1123_subdomain(errs, path, name);
}

/* ---- CSIDriver ---------------------------------------------------------------------------- */

static int
csidriver_defaults(json_t *d)
{
	json_t *spec = strategy_ensure_object(d, "spec");

	if (spec == NULL || strategy_default_bool(spec, "attachRequired", 1) < 0 ||
	    strategy_default_bool(spec, "podInfoOnMount", 0) < 0 ||
	    strategy_default_bool(spec, "storageCapacity", 0) < 0 ||
	    strategy_default_ptr_str(spec, "fsGroupPolicy", "ReadWriteOnceWithFSType") < 0 ||
	    strategy_default_bool(spec, "requiresRepublish", 0) < 0 ||
	    strategy_default_bool(spec, "seLinuxMount", 0) < 0)
		return KC_ERR_NOMEM;
	if (!jhas(spec, "volumeLifecycleModes") &&
	    json_object_set_new(spec, "volumeLifecycleModes", json_pack("[s]", "Persistent")) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static void
csidriver_validate(const struct api_resource *res, const json_t *d, struct field_errors *errs)
{
	static const char *const policies[] = { "File", "None", "ReadWriteOnceWithFSType", NULL };
	static const char *const modes[] = { "Ephemeral", "Persistent", NULL };
	const json_t *spec = jobj(d, "spec");
	char p[FPATH_MAX];
	size_t i;
	json_t *m;

	validate_driver_name(jstr0(jobj(d, "metadata"), "name"), "name", errs);
	if (!jhas(spec, "attachRequired"))
		field_errors_required(errs, "spec.attachedRequired", "");
	if (!jhas(spec, "podInfoOnMount"))
		field_errors_required(errs, "spec.podInfoOnMount", "");
	if (jhas(spec, "fsGroupPolicy") && !streq(jstr0(spec, "fsGroupPolicy"), "File") &&
	    !streq(jstr0(spec, "fsGroupPolicy"), "None") &&
	    !streq(jstr0(spec, "fsGroupPolicy"), "ReadWriteOnceWithFSType"))
		field_errors_not_supported(errs, "spec.fsGroupPolicy", jstr0(spec, "fsGroupPolicy"),
					   policies);
	json_array_foreach(jarr(spec, "volumeLifecycleModes"), i, m)
		if (!streq(json_string_value(m), "Persistent") &&
		    !streq(json_string_value(m), "Ephemeral"))
			field_errors_not_supported(
				errs, fpath_index(p, "spec.volumeLifecycleModes", i),
				json_string_value(m) ? json_string_value(m) : "", modes);
	strategy_validate_object_meta(d, 0, NAME_NONE, errs);
}

static void
csidriver_validate_update(const struct api_resource *res, const json_t *d, const json_t *old,
			  struct field_errors *errs)
{
	static const char *const immutable[] = { "attachRequired", "fsGroupPolicy",
						 "podInfoOnMount", "volumeLifecycleModes" };
	const json_t *spec = jobj(d, "spec"), *ospec = jobj(old, "spec");
	char p[FPATH_MAX];

	strategy_validate_object_meta_update(d, old, errs);
	csidriver_validate(res, d, errs);
	for (size_t i = 0; i < sizeof(immutable) / sizeof(immutable[0]); i++)
		strategy_validate_immutable(errs, fpath_child(p, "spec", immutable[i]), spec, ospec,
					    immutable[i], NULL);
}

/* ---- CSINode ---------------------------------------------------------------------------------- */

static void
csinode_validate(const struct api_resource *res, const json_t *n, struct field_errors *errs)
{
	char dp[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *d, *k;

	strategy_validate_object_meta(n, 0, NAME_DNS1123_SUBDOMAIN, errs);
	json_array_foreach(jarr(jobj(n, "spec"), "drivers"), i, d) {
		const char *id = jstr0(d, "nodeID");

		fpath_index(dp, "spec.drivers", i);
		validate_driver_name(jstr0(d, "name"), fpath_child(p, dp, "name"), errs);
		for (j = 0; j < i; j++)
			if (streq(jstr0(json_array_get(jarr(jobj(n, "spec"), "drivers"), j),
					"name"),
				  jstr0(d, "name"))) {
				field_errors_duplicate(errs, fpath_child(p, dp, "name"),
						       jstr0(d, "name"));
				break;
			}
		if (id[0] == '\0')
			field_errors_required(errs, fpath_child(p, dp, "nodeID"), id);
		else if (strlen(id) > MAX_NODE_ID) {
			char detail[64];

			snprintf(detail, sizeof(detail), "must be %d characters or less",
				 MAX_NODE_ID);
			field_errors_invalid(errs, fpath_child(p, dp, "nodeID"), id, detail);
		}
		if (jhas(jobj(d, "allocatable"), "count"))
			strategy_validate_nonnegative(errs, fpath_child(p, dp, "allocatable.count"),
						      jint(jobj(d, "allocatable"), "count", 0));
		json_array_foreach(jarr(d, "topologyKeys"), j, k) {
			char kp[FPATH_MAX];

			fpath_child(kp, dp, "topologyKeys");
			if (json_string_length(k) == 0)
				field_errors_required(errs, kp, "");
			else
				strategy_validate_qualified_name(errs, kp, json_string_value(k));
		}
	}
}

static void
csinode_validate_update(const struct api_resource *res, const json_t *n, const json_t *old,
			struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i, j;
	json_t *od, *d;

	strategy_validate_object_meta_update(n, old, errs);
	csinode_validate(res, n, errs);
	json_array_foreach(jarr(jobj(old, "spec"), "drivers"), i, od)
		json_array_foreach(jarr(jobj(n, "spec"), "drivers"), j, d) {
			if (!streq(jstr0(d, "name"), jstr0(od, "name")))
				continue;
			fpath_index(p, "spec.drivers", j);
			if (!streq(jstr0(d, "nodeID"), jstr0(od, "nodeID"))) {
				char q[FPATH_MAX];

				field_errors_invalid(errs, fpath_child(q, p, "nodeID"),
						     jstr0(d, "nodeID"), "field is immutable");
			}
			if (!strategy_key_equal(d, od, "topologyKeys")) {
				char q[FPATH_MAX];

				strategy_invalid_rendered(errs, fpath_child(q, p, "topologyKeys"),
							  json_object_get(d, "topologyKeys"),
							  go_string_slice, "field is immutable");
			}
		}
}

/* ---- CSIStorageCapacity ---------------------------------------------------------------------- */

static void
csc_validate(const struct api_resource *res, const json_t *c, struct field_errors *errs)
{
	const char *scn = jstr0(c, "storageClassName");

	strategy_validate_object_meta(c, 1, NAME_DNS1123_SUBDOMAIN, errs);
	strategy_validate_label_selector(json_object_get(c, "nodeTopology"), 0, "nodeTopology",
					 errs);
	if (scn[0] == '\0')
		field_errors_required(errs, "storageClassName", "");
	else
		strategy_validate_name_rule(errs, "storageClassName", NAME_DNS1123_SUBDOMAIN, scn);
	if (jhas(c, "capacity"))
		strategy_validate_resource_quantity(errs, "capacity", "storage",
						    json_object_get(c, "capacity"));
	if (jhas(c, "maximumVolumeSize"))
		strategy_validate_resource_quantity(errs, "maximumVolumeSize", "storage",
						    json_object_get(c, "maximumVolumeSize"));
}

static void
csc_validate_update(const struct api_resource *res, const json_t *c, const json_t *old,
		    struct field_errors *errs)
{
	strategy_validate_object_meta_update(c, old, errs);
	csc_validate(res, c, errs);
	strategy_validate_immutable(errs, "nodeTopology", c, old, "nodeTopology",
				    go_label_selector);
	strategy_validate_immutable(errs, "storageClassName", c, old, "storageClassName", NULL);
}

const struct api_strategy strategy_csidrivers = {
	.kind = "CSIDriver",
	.name_rule = NAME_NONE,
	.defaults = csidriver_defaults,
	.validate = csidriver_validate,
	.validate_update = csidriver_validate_update,
};

const struct api_strategy strategy_csinodes = {
	.kind = "CSINode",
	.validate = csinode_validate,
	.validate_update = csinode_validate_update,
};

const struct api_strategy strategy_csistoragecapacities = {
	.kind = "CSIStorageCapacity",
	.validate = csc_validate,
	.validate_update = csc_validate_update,
};
