/*
 * node.c - the Node strategy (upstream: pkg/registry/core/node/strategy.go,
 * pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus, pkg/apis/core/validation/validation.go
 * ValidateNode, validateNodeTaints, ValidateNodeResources, ValidateNodeUpdate).
 *
 * Nodes keep the status they are created with (the kubelet registers with one); main
 * updates keep the old status, /status updates keep the old spec and take all metadata.
 * As upstream, taint errors are reported under "metadata.taints".
 */
#include <stdio.h>
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
node_defaults(json_t *node)
{
	json_t *status = jobj(node, "status");

	if (status != NULL && !jhas(status, "allocatable") && jhas(status, "capacity") &&
	    json_object_set_new(status, "allocatable",
				json_deep_copy(json_object_get(status, "capacity"))) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static int
node_prepare_for_update(json_t *node, const json_t *old)
{
	return strategy_copy_key(node, old, "status");
}

static char *
go_taint(const json_t *t)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	const char *k = jstr0(t, "key"), *v = jstr0(t, "value"), *e = jstr0(t, "effect");
	int r = kc_strbuf_adds(&sb, "core.Taint{Key:");

	if (r >= 0)
		r = kc_validation_quote(&sb, k, strlen(k));
	if (r >= 0)
		r = kc_strbuf_adds(&sb, ", Value:");
	if (r >= 0)
		r = kc_validation_quote(&sb, v, strlen(v));
	if (r >= 0)
		r = kc_strbuf_adds(&sb, ", Effect:");
	if (r >= 0)
		r = kc_validation_quote(&sb, e, strlen(e));
	if (r >= 0)
		r = kc_strbuf_adds(&sb, ", TimeAdded:(*v1.Time)(nil)}");
	return go_render_finish(&sb, r);
}

/* validateNodeTaints */
static void
validate_taints(const json_t *taints, struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *t, *o;

	json_array_foreach((json_t *)taints, i, t) {
		struct kc_strv msgs = KC_STRV_INIT;
		int dup = 0;

		fpath_index(ip, "metadata.taints", i);
		strategy_validate_qualified_name(errs, fpath_child(p, ip, "key"), jstr0(t, "key"));
		if (kc_validation_is_valid_label_value(jstr0(t, "value"), &msgs) > 0) {
			KC_AUTOFREE char *joined = kc_strv_join(&msgs, ";");

			field_errors_invalid(errs, fpath_child(p, ip, "value"), jstr0(t, "value"),
					     joined != NULL ? joined : "");
		}
		kc_strv_release(&msgs);
		pod_validate_taint_effect(jstr0(t, "effect"), 0, fpath_child(p, ip, "effect"),
					  errs);
		for (j = 0; j < i && !dup; j++) {
			o = json_array_get(taints, j);
			dup = streq(jstr0(o, "key"), jstr0(t, "key")) &&
			      streq(jstr0(o, "effect"), jstr0(t, "effect"));
		}
		if (dup) {
			KC_AUTOFREE char *raw = go_taint(t);

			field_errors_duplicate_raw(errs, ip, raw,
						   "taints must be unique by key and effect pair");
		}
	}
}

static void
validate_resources(const json_t *node, struct field_errors *errs)
{
	static const char *const lists[] = { "capacity", "allocatable" };
	char p[FPATH_MAX];

	for (int l = 0; l < 2; l++) {
		const char *key;
		json_t *v;

		json_object_foreach(jobj(jobj(node, "status"), lists[l]), key, v) {
			snprintf(p, sizeof(p), "status.%s.%s", lists[l], key);
			strategy_validate_resource_quantity(errs, p, key, v);
		}
	}
}

static void
validate_pod_cidrs(const json_t *node, struct field_errors *errs)
{
	const json_t *cidrs = jarr(jobj(node, "spec"), "podCIDRs");
	char p[FPATH_MAX];
	size_t i, j;
	json_t *c;
	int v4 = 0, v6 = 0;

	json_array_foreach((json_t *)cidrs, i, c) {
		unsigned char ip[16];
		int len, fam;
		const char *s = json_string_value(c) ? json_string_value(c) : "";

		strategy_validate_cidr(errs, fpath_index(p, "spec.podCIDRs", i), s);
		fam = kc_validation_parse_cidr(s, ip, &len);
		v4 += fam == 4;
		v6 += fam == 6;
	}
	if (json_array_size(cidrs) <= 1)
		return;
	if (!(v4 >= 1 && v6 >= 1) || json_array_size(cidrs) > 2)
		strategy_invalid_rendered(errs, "spec.podCIDRs", cidrs, go_string_slice,
					  "may specify no more than one CIDR for each IP family");
	json_array_foreach((json_t *)cidrs, i, c)
		for (j = 0; j < i; j++)
			if (streq(json_string_value(c),
				  json_string_value(json_array_get(cidrs, j)))) {
				field_errors_duplicate(errs, fpath_index(p, "spec.podCIDRs", i),
						       json_string_value(c));
				break;
			}
}

static void
node_validate(const struct api_resource *res, const json_t *node, struct field_errors *errs)
{
	strategy_validate_object_meta(node, 0, NAME_DNS1123_SUBDOMAIN, errs);
	validate_taints(jarr(jobj(node, "spec"), "taints"), errs);
	validate_resources(node, errs);
	validate_pod_cidrs(node, errs);
}

static void
node_validate_update(const struct api_resource *res, const json_t *node, const json_t *old,
		     struct field_errors *errs)
{
	const json_t *spec = jobj(node, "spec"), *ospec = jobj(old, "spec");
	const json_t *ocidrs = jarr(ospec, "podCIDRs"), *cidrs = jarr(spec, "podCIDRs");
	const char *cidr_msg = "node updates may not change podCIDR except from \"\" to valid";
	char p[FPATH_MAX];
	size_t i, j;
	json_t *a;

	strategy_validate_object_meta_update(node, old, errs);
	validate_resources(node, errs);
	json_array_foreach(jarr(jobj(node, "status"), "addresses"), i, a)
		for (j = 0; j < i; j++)
			if (strategy_semantic_equal(
				    a,
				    json_array_get(jarr(jobj(node, "status"), "addresses"), j))) {
				KC_AUTOFREE char *raw = go_value(a);

				field_errors_duplicate_raw(
					errs, fpath_index(p, "status.addresses", i), raw, NULL);
				break;
			}
	if (json_array_size(ocidrs) > 0) {
		if (json_array_size(ocidrs) != json_array_size(cidrs))
			field_errors_forbidden(errs, "spec.podCIDRs", cidr_msg);
		else
			for (i = 0; i < json_array_size(ocidrs); i++)
				if (!streq(json_string_value(json_array_get(ocidrs, i)),
					   json_string_value(json_array_get(cidrs, i))))
					field_errors_forbidden(errs, "spec.podCIDRs", cidr_msg);
	}
	if (jstr0(ospec, "providerID")[0] != '\0' &&
	    !streq(jstr0(ospec, "providerID"), jstr0(spec, "providerID")))
		field_errors_forbidden(
			errs, "spec.providerID",
			"node updates may not change providerID except from \"\" to valid");
	validate_taints(jarr(spec, "taints"), errs);
	if (!streq(jstr0(spec, "externalID"), jstr0(ospec, "externalID")))
		field_errors_forbidden(errs, "spec.externalID", "may not be updated");
}

static const struct strategy_field node_fields[] = {
	{ "spec.unschedulable", NULL, "spec.unschedulable", 'b' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_nodes = {
	.kind = "Node",
	.defaults = node_defaults,
	.prepare_for_update = node_prepare_for_update,
	.validate = node_validate,
	.validate_update = node_validate_update,
	/* nodeStatusStrategy validates status writes with ValidateNodeUpdate too */
	.validate_status_update = node_validate_update,
	.fields = node_fields,
};
