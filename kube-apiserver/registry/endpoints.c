/*
 * endpoints.c - the Endpoints strategy (upstream: pkg/registry/core/endpoint/strategy.go,
 * pkg/api/v1/endpoints/util.go RepackSubsets/SortSubsets, pkg/apis/core/v1/defaults.go
 * SetDefaults_Endpoints, pkg/apis/core/validation/validation.go ValidateEndpoints,
 * validateEndpointSubsets, validateEndpointAddress, validateEndpointPort).
 *
 * Canonicalize repacks subsets: subsets with the same ports are merged and addresses are
 * sorted by IP (upstream also orders ports and subsets by a hash; we keep their order).
 */
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
endpoints_defaults(json_t *ep)
{
	size_t i, j;
	json_t *ss, *port;

	json_array_foreach(jarr(ep, "subsets"), i, ss)
		json_array_foreach(jarr(ss, "ports"), j, port)
			if (json_is_object(port) &&
			    strategy_default_str(port, "protocol", "TCP") < 0)
				return KC_ERR_NOMEM;
	return 0;
}

static int
cmp_address(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(jstr0(x, "ip"), jstr0(y, "ip"));

	if (c != 0)
		return c;
	return strcmp(jstr0(jobj(x, "targetRef"), "uid"), jstr0(jobj(y, "targetRef"), "uid"));
}

static int
sort_addresses(json_t *ss, const char *key)
{
	json_t *list = jarr(ss, key), **v;
	size_t n = json_array_size(list);

	if (n < 2)
		return 0;
	v = calloc(n, sizeof(*v));
	if (v == NULL)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(list, i));
	qsort(v, n, sizeof(*v), cmp_address);
	for (size_t i = 0; i < n; i++)
		json_array_set_new(list, i, v[i]);
	free(v);
	return 0;
}

static int
append_all(json_t *dst, const json_t *src)
{
	return json_array_extend(dst, (json_t *)src) < 0 ? KC_ERR_NOMEM : 0;
}

/* RepackSubsets (merging by port set) and the address order of SortSubsets. */
static int
repack(json_t *ep)
{
	json_t *subsets = jarr(ep, "subsets"), *ss;
	size_t i;

	for (i = 0; i < json_array_size(subsets); i++) {
		ss = json_array_get(subsets, i);
		for (size_t j = i + 1; j < json_array_size(subsets);) {
			json_t *other = json_array_get(subsets, j);
			static const char *const keys[] = { "addresses", "notReadyAddresses" };

			if (!strategy_key_equal(ss, other, "ports")) {
				j++;
				continue;
			}
			for (int k = 0; k < 2; k++) {
				json_t *dst;

				if (jlen(other, keys[k]) == 0)
					continue;
				dst = jarr(ss, keys[k]);
				if (dst == NULL) {
					if (json_object_set_new(ss, keys[k], json_array()) < 0)
						return KC_ERR_NOMEM;
					dst = jarr(ss, keys[k]);
				}
				if (append_all(dst, jarr(other, keys[k])) < 0)
					return KC_ERR_NOMEM;
			}
			json_array_remove(subsets, j);
		}
	}
	json_array_foreach(subsets, i, ss)
		if (sort_addresses(ss, "addresses") < 0 ||
		    sort_addresses(ss, "notReadyAddresses") < 0)
			return KC_ERR_NOMEM;
	return 0;
}

static int
endpoints_prepare_for_create(json_t *ep)
{
	return repack(ep);
}

static int
endpoints_prepare_for_update(json_t *ep, const json_t *old)
{
	return repack(ep);
}

static void
validate_address(const json_t *addr, const char *path, struct field_errors *errs)
{
	char p[FPATH_MAX];

	strategy_validate_ip(errs, fpath_child(p, path, "ip"), jstr0(addr, "ip"));
	if (jstr0(addr, "hostname")[0] != '\0')
		strategy_validate_dns1123_label(errs, fpath_child(p, path, "hostname"),
						jstr0(addr, "hostname"));
	if (jhas(addr, "nodeName"))
		strategy_validate_name_rule(errs, fpath_child(p, path, "nodeName"),
					    NAME_DNS1123_SUBDOMAIN, jstr0(addr, "nodeName"));
	strategy_validate_non_special_ip(errs, fpath_child(p, path, "ip"), jstr0(addr, "ip"));
}

static void
validate_port(const json_t *port, int require_name, const char *path, struct field_errors *errs)
{
	static const char *const protocols[] = { "SCTP", "TCP", "UDP", NULL };
	const char *name = jstr0(port, "name"), *proto = jstr0(port, "protocol");
	int64_t num = jint(port, "port", 0);
	char p[FPATH_MAX];

	if (require_name && name[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "name"), "");
	else if (name[0] != '\0')
		strategy_validate_dns1123_label(errs, fpath_child(p, path, "name"), name);
	if (num < 1 || num > 65535)
		field_errors_invalid_int(errs, fpath_child(p, path, "port"), num,
					 "must be between 1 and 65535, inclusive");
	if (proto[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "protocol"), "");
	else if (!streq(proto, "TCP") && !streq(proto, "UDP") && !streq(proto, "SCTP"))
		field_errors_not_supported(errs, fpath_child(p, path, "protocol"), proto,
					   protocols);
	if (jhas(port, "appProtocol"))
		strategy_validate_qualified_name(errs, fpath_child(p, path, "appProtocol"),
						 jstr0(port, "appProtocol"));
}

static void
endpoints_validate(const struct api_resource *res, const json_t *ep, struct field_errors *errs)
{
	char sp[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *ss, *v;

	strategy_validate_object_meta(ep, 1, NAME_DNS1123_SUBDOMAIN, errs);
	json_array_foreach(jarr(ep, "subsets"), i, ss) {
		fpath_index(sp, "subsets", i);
		if (jlen(ss, "addresses") == 0 && jlen(ss, "notReadyAddresses") == 0)
			field_errors_required(errs, sp,
					      "must specify `addresses` or `notReadyAddresses`");
		json_array_foreach(jarr(ss, "addresses"), j, v)
			validate_address(v, fpath_child_index(p, sp, "addresses", j), errs);
		json_array_foreach(jarr(ss, "notReadyAddresses"), j, v)
			validate_address(v, fpath_child_index(p, sp, "notReadyAddresses", j), errs);
		json_array_foreach(jarr(ss, "ports"), j, v)
			validate_port(v, jlen(ss, "ports") > 1,
				      fpath_child_index(p, sp, "ports", j), errs);
	}
}

const struct api_strategy strategy_endpoints = {
	.kind = "Endpoints",
	.defaults = endpoints_defaults,
	.prepare_for_create = endpoints_prepare_for_create,
	.prepare_for_update = endpoints_prepare_for_update,
	.validate = endpoints_validate,
};
