/*
 * limitrange.c - the LimitRange strategy (upstream: pkg/registry/core/limitrange/strategy.go,
 * pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem, pkg/apis/core/validation/
 * validation.go ValidateLimitRange).  Container items default limits to max and requests to
 * the default limit, then to min.
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/quantity.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

/* dst[k] = src[k] for keys dst lacks; dst is created only when something is copied. */
static int
fill_missing(json_t *item, const char *dst_key, const json_t *src)
{
	const char *key;
	json_t *v, *dst;

	json_object_foreach((json_t *)src, key, v) {
		dst = strategy_ensure_object(item, dst_key);
		if (dst == NULL)
			return KC_ERR_NOMEM;
		if (json_object_get(dst, key) == NULL &&
		    json_object_set_new(dst, key, json_deep_copy(v)) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static int
limitrange_defaults(json_t *lr)
{
	size_t i;
	json_t *item;

	json_array_foreach(jarr(jobj(lr, "spec"), "limits"), i, item) {
		if (!streq(jstr0(item, "type"), "Container"))
			continue;
		if (fill_missing(item, "default", jobj(item, "max")) < 0 ||
		    fill_missing(item, "defaultRequest", jobj(item, "default")) < 0 ||
		    fill_missing(item, "defaultRequest", jobj(item, "min")) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static int
is_standard_limit_type(const char *t)
{
	return streq(t, "Pod") || streq(t, "Container") || streq(t, "PersistentVolumeClaim");
}

static void
validate_resource_names(const json_t *item, const char *key, const char *type, const char *path,
			struct field_errors *errs)
{
	char p[FPATH_MAX], q[FPATH_MAX];
	const char *name;
	json_t *v;

	json_object_foreach(jobj(item, key), name, v) {
		fpath_key(p, fpath_child(q, path, key), name);
		strategy_validate_resource_name(errs, p, name);
		if ((streq(type, "Pod") || streq(type, "Container")) && strchr(name, '/') == NULL &&
		    !streq(name, "cpu") && !streq(name, "memory") &&
		    !streq(name, "ephemeral-storage") && strncmp(name, "hugepages-", 10) != 0)
			field_errors_invalid(errs, p, name,
					     "must be a standard resource for containers");
	}
}

static int
quantity_of(const json_t *item, const char *list, const char *key, struct kc_quantity *q, char *buf)
{
	json_t *v = json_object_get(jobj(item, list), key);

	if ((!json_is_string(v) && !json_is_number(v)) || kc_quantity_from_json(v, q, NULL) < 0)
		return 0;
	kc_quantity_format(q, buf, KC_QUANTITY_BUFSZ);
	return 1;
}

static void
validate_item_values(const json_t *item, const char *path, struct field_errors *errs)
{
	static const char *const lists[] = { "max", "min", "default", "defaultRequest",
					     "maxLimitRequestRatio" };
	json_t *keys = json_object();
	char p[FPATH_MAX], q[FPATH_MAX], detail[256];
	const char *key;
	json_t *v;

	for (size_t l = 0; l < 5; l++)
		json_object_foreach(jobj(item, lists[l]), key, v)
			json_object_set_new(keys, key, json_true());
	json_object_foreach(keys, key, v) {
		struct kc_quantity min, max, def, req, ratio;
		char mins[KC_QUANTITY_BUFSZ], maxs[KC_QUANTITY_BUFSZ], defs[KC_QUANTITY_BUFSZ];
		char reqs[KC_QUANTITY_BUFSZ], ratios[KC_QUANTITY_BUFSZ];
		int hmin = quantity_of(item, "min", key, &min, mins);
		int hmax = quantity_of(item, "max", key, &max, maxs);
		int hdef = quantity_of(item, "default", key, &def, defs);
		int hreq = quantity_of(item, "defaultRequest", key, &req, reqs);
		int hratio = quantity_of(item, "maxLimitRequestRatio", key, &ratio, ratios);

		if (hmin && hmax && kc_quantity_cmp(&min, &max) > 0) {
			snprintf(detail, sizeof(detail),
				 "min value %s is greater than max value %s", mins, maxs);
			field_errors_invalid(errs, fpath_key(p, fpath_child(q, path, "min"), key),
					     mins, detail);
		}
		if (hreq && hmin && kc_quantity_cmp(&min, &req) > 0) {
			snprintf(detail, sizeof(detail),
				 "min value %s is greater than default request value %s", mins,
				 reqs);
			field_errors_invalid(
				errs, fpath_key(p, fpath_child(q, path, "defaultRequest"), key),
				reqs, detail);
		}
		if (hreq && hmax && kc_quantity_cmp(&req, &max) > 0) {
			snprintf(detail, sizeof(detail),
				 "default request value %s is greater than max value %s", reqs,
				 maxs);
			field_errors_invalid(
				errs, fpath_key(p, fpath_child(q, path, "defaultRequest"), key),
				reqs, detail);
		}
		if (hreq && hdef && kc_quantity_cmp(&req, &def) > 0) {
			snprintf(detail, sizeof(detail),
				 "default request value %s is greater than default limit value %s",
				 reqs, defs);
			field_errors_invalid(
				errs, fpath_key(p, fpath_child(q, path, "defaultRequest"), key),
				reqs, detail);
		}
		if (hdef && hmin && kc_quantity_cmp(&min, &def) > 0) {
			snprintf(detail, sizeof(detail),
				 "min value %s is greater than default value %s", mins, defs);
			field_errors_invalid(errs,
					     fpath_key(p, fpath_child(q, path, "default"), key),
					     mins, detail);
		}
		if (hdef && hmax && kc_quantity_cmp(&def, &max) > 0) {
			snprintf(detail, sizeof(detail),
				 "default value %s is greater than max value %s", defs, maxs);
			field_errors_invalid(errs,
					     fpath_key(p, fpath_child(q, path, "default"), key),
					     maxs, detail);
		}
		if (hratio && kc_quantity_cmp_int64(&ratio, 1) < 0) {
			snprintf(detail, sizeof(detail), "ratio %s is less than 1", ratios);
			field_errors_invalid(
				errs,
				fpath_key(p, fpath_child(q, path, "maxLimitRequestRatio"), key),
				ratios, detail);
		}
	}
	json_decref(keys);
}

static void
limitrange_validate(const struct api_resource *res, const json_t *lr, struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *item;

	strategy_validate_object_meta(lr, 1, NAME_DNS1123_SUBDOMAIN, errs);
	json_array_foreach(jarr(jobj(lr, "spec"), "limits"), i, item) {
		const char *type = jstr0(item, "type");
		size_t before = errs->n;

		fpath_index(ip, "spec.limits", i);
		fpath_child(p, ip, "type");
		strategy_validate_qualified_name(errs, p, type);
		if (errs->n == before && strchr(type, '/') == NULL && !is_standard_limit_type(type))
			field_errors_invalid(errs, p, type,
					     "must be a standard limit type or fully qualified");
		for (j = 0; j < i; j++)
			if (streq(jstr0(json_array_get(jarr(jobj(lr, "spec"), "limits"), j),
					"type"),
				  type)) {
				field_errors_duplicate(errs, p, type);
				break;
			}
		validate_resource_names(item, "max", type, ip, errs);
		validate_resource_names(item, "min", type, ip, errs);
		if (streq(type, "Pod")) {
			if (jlen(item, "default") > 0)
				field_errors_forbidden(errs, fpath_child(p, ip, "default"),
						       "may not be specified when `type` is 'Pod'");
			if (jlen(item, "defaultRequest") > 0)
				field_errors_forbidden(errs, fpath_child(p, ip, "defaultRequest"),
						       "may not be specified when `type` is 'Pod'");
		} else {
			validate_resource_names(item, "default", type, ip, errs);
			validate_resource_names(item, "defaultRequest", type, ip, errs);
		}
		if (streq(type, "PersistentVolumeClaim") &&
		    json_object_get(jobj(item, "min"), "storage") == NULL &&
		    json_object_get(jobj(item, "max"), "storage") == NULL)
			field_errors_required(
				errs, fpath_child(p, ip, "limits"),
				"either minimum or maximum storage value is required, but neither was provided");
		validate_resource_names(item, "maxLimitRequestRatio", type, ip, errs);
		validate_item_values(item, ip, errs);
	}
}

const struct api_strategy strategy_limitranges = {
	.kind = "LimitRange",
	.defaults = limitrange_defaults,
	.validate = limitrange_validate,
};
