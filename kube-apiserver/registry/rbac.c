/*
 * rbac.c - strategies of Role, ClusterRole, RoleBinding and ClusterRoleBinding (upstream:
 * pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/strategy.go,
 * pkg/apis/rbac/v1/defaults.go, pkg/apis/rbac/validation/validation.go).  Names are path
 * segments (ValidateRBACName); a binding's roleRef cannot change.
 */
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define GROUP "rbac.authorization.k8s.io"

static int
binding_defaults(json_t *b)
{
	json_t *ref = strategy_ensure_object(b, "roleRef"), *s;
	size_t i;

	if (ref != NULL && strategy_default_str(ref, "apiGroup", GROUP) < 0)
		return KC_ERR_NOMEM;
	json_array_foreach(jarr(b, "subjects"), i, s) {
		const char *kind = jstr0(s, "kind");

		if (!json_is_object(s) || jstr0(s, "apiGroup")[0] != '\0')
			continue;
		if (streq(kind, "ServiceAccount")
			    ? strategy_set_str(s, "apiGroup", "") < 0
			    : (streq(kind, "User") || streq(kind, "Group")) &&
				      strategy_set_str(s, "apiGroup", GROUP) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static void
validate_rule(const json_t *rule, int namespaced, const char *path, struct field_errors *errs)
{
	char p[FPATH_MAX];

	if (jlen(rule, "verbs") == 0)
		field_errors_required(errs, fpath_child(p, path, "verbs"),
				      "verbs must contain at least one value");
	if (jlen(rule, "nonResourceURLs") > 0) {
		if (namespaced)
			strategy_invalid_rendered(
				errs, fpath_child(p, path, "nonResourceURLs"),
				json_object_get(rule, "nonResourceURLs"), go_string_slice,
				"namespaced rules cannot apply to non-resource URLs");
		if (jlen(rule, "apiGroups") > 0 || jlen(rule, "resources") > 0 ||
		    jlen(rule, "resourceNames") > 0)
			strategy_invalid_rendered(
				errs, fpath_child(p, path, "nonResourceURLs"),
				json_object_get(rule, "nonResourceURLs"), go_string_slice,
				"rules cannot apply to both regular resources and non-resource URLs");
		return;
	}
	if (jlen(rule, "apiGroups") == 0)
		field_errors_required(errs, fpath_child(p, path, "apiGroups"),
				      "resource rules must supply at least one api group");
	if (jlen(rule, "resources") == 0)
		field_errors_required(errs, fpath_child(p, path, "resources"),
				      "resource rules must supply at least one resource");
}

static void
validate_rules(const json_t *role, int namespaced, struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i;
	json_t *rule;

	json_array_foreach(jarr(role, "rules"), i, rule)
		validate_rule(rule, namespaced, fpath_index(p, "rules", i), errs);
}

static void
role_validate(const struct api_resource *res, const json_t *role, struct field_errors *errs)
{
	strategy_validate_object_meta(role, 1, NAME_PATH_SEGMENT, errs);
	validate_rules(role, 1, errs);
}

static void
clusterrole_validate(const struct api_resource *res, const json_t *role, struct field_errors *errs)
{
	const json_t *agg = jobj(role, "aggregationRule");
	char p[FPATH_MAX];
	size_t i;
	json_t *sel;

	strategy_validate_object_meta(role, 0, NAME_PATH_SEGMENT, errs);
	validate_rules(role, 0, errs);
	if (agg == NULL)
		return;
	if (jlen(agg, "clusterRoleSelectors") == 0)
		field_errors_required(
			errs, "aggregationRule.clusterRoleSelectors",
			"at least one clusterRoleSelector required if aggregationRule is non-nil");
	json_array_foreach(jarr(agg, "clusterRoleSelectors"), i, sel)
		strategy_validate_label_selector(
			sel, 0, fpath_index(p, "aggregationRule.clusterRoleSelectors", i), errs);
}

static void
validate_subject(const json_t *s, int namespaced, const char *path, struct field_errors *errs)
{
	static const char *const kinds[] = { "ServiceAccount", "User", "Group", NULL };
	static const char *const empty[] = { "", NULL };
	static const char *const group[] = { GROUP, NULL };
	const char *kind = jstr0(s, "kind"), *name = jstr0(s, "name");
	char p[FPATH_MAX];

	if (name[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "name"), "");
	if (streq(kind, "ServiceAccount")) {
		if (name[0] != '\0')
			strategy_validate_name_rule(errs, fpath_child(p, path, "name"),
						    NAME_DNS1123_SUBDOMAIN, name);
		if (jstr0(s, "apiGroup")[0] != '\0')
			field_errors_not_supported(errs, fpath_child(p, path, "apiGroup"),
						   jstr0(s, "apiGroup"), empty);
		if (!namespaced && jstr0(s, "namespace")[0] == '\0')
			field_errors_required(errs, fpath_child(p, path, "namespace"), "");
	} else if (streq(kind, "User") || streq(kind, "Group")) {
		if (!streq(jstr0(s, "apiGroup"), GROUP))
			field_errors_not_supported(errs, fpath_child(p, path, "apiGroup"),
						   jstr0(s, "apiGroup"), group);
	} else {
		field_errors_not_supported(errs, fpath_child(p, path, "kind"), kind, kinds);
	}
}

static void
validate_binding(const json_t *b, int namespaced, struct field_errors *errs)
{
	static const char *const both[] = { "Role", "ClusterRole", NULL };
	static const char *const cluster[] = { "ClusterRole", NULL };
	static const char *const group[] = { GROUP, NULL };
	const json_t *ref = jobj(b, "roleRef");
	const char *kind = jstr0(ref, "kind");
	char p[FPATH_MAX];
	size_t i;
	json_t *s;

	strategy_validate_object_meta(b, namespaced, NAME_PATH_SEGMENT, errs);
	if (!streq(jstr0(ref, "apiGroup"), GROUP))
		field_errors_not_supported(errs, "roleRef.apiGroup", jstr0(ref, "apiGroup"), group);
	if (namespaced ? !streq(kind, "Role") && !streq(kind, "ClusterRole")
		       : !streq(kind, "ClusterRole"))
		field_errors_not_supported(errs, "roleRef.kind", kind, namespaced ? both : cluster);
	if (jstr0(ref, "name")[0] == '\0')
		field_errors_required(errs, "roleRef.name", "");
	else
		strategy_validate_name_rule(errs, "roleRef.name", NAME_PATH_SEGMENT,
					    jstr0(ref, "name"));
	json_array_foreach(jarr(b, "subjects"), i, s)
		validate_subject(s, namespaced, fpath_index(p, "subjects", i), errs);
}

static char *
go_role_ref(const json_t *ref)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	static const char *const keys[] = { "apiGroup", "kind", "name" };
	static const char *const names[] = { "APIGroup", "Kind", "Name" };
	int r = kc_strbuf_adds(&sb, "rbac.RoleRef{");

	for (int i = 0; r >= 0 && i < 3; i++) {
		const char *v = jstr0(ref, keys[i]);

		r = kc_strbuf_addf(&sb, "%s%s:", i ? ", " : "", names[i]);
		if (r >= 0)
			r = kc_validation_quote(&sb, v, strlen(v));
	}
	if (r >= 0)
		r = kc_strbuf_addch(&sb, '}');
	return go_render_finish(&sb, r);
}

static void
binding_validate_update_common(const json_t *b, const json_t *old, int namespaced,
			       struct field_errors *errs)
{
	validate_binding(b, namespaced, errs);
	strategy_validate_object_meta_update(b, old, errs);
	if (!strategy_key_equal(b, old, "roleRef"))
		strategy_invalid_rendered(errs, "roleRef", jobj(b, "roleRef"), go_role_ref,
					  "cannot change roleRef");
}

static void
rb_validate(const struct api_resource *res, const json_t *b, struct field_errors *errs)
{
	validate_binding(b, 1, errs);
}

static void
crb_validate(const struct api_resource *res, const json_t *b, struct field_errors *errs)
{
	validate_binding(b, 0, errs);
}

static void
rb_validate_update(const struct api_resource *res, const json_t *b, const json_t *old,
		   struct field_errors *errs)
{
	binding_validate_update_common(b, old, 1, errs);
}

static void
crb_validate_update(const struct api_resource *res, const json_t *b, const json_t *old,
		    struct field_errors *errs)
{
	binding_validate_update_common(b, old, 0, errs);
}

const struct api_strategy strategy_roles = {
	.kind = "Role",
	.name_rule = NAME_PATH_SEGMENT,
	.validate = role_validate,
};

const struct api_strategy strategy_clusterroles = {
	.kind = "ClusterRole",
	.name_rule = NAME_PATH_SEGMENT,
	.validate = clusterrole_validate,
};

const struct api_strategy strategy_rolebindings = {
	.kind = "RoleBinding",
	.name_rule = NAME_PATH_SEGMENT,
	.defaults = binding_defaults,
	.validate = rb_validate,
	.validate_update = rb_validate_update,
};

const struct api_strategy strategy_clusterrolebindings = {
	.kind = "ClusterRoleBinding",
	.name_rule = NAME_PATH_SEGMENT,
	.defaults = binding_defaults,
	.validate = crb_validate,
	.validate_update = crb_validate_update,
};
