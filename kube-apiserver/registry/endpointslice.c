/*
 * endpointslice.c - the EndpointSlice strategy (upstream:
 * pkg/registry/discovery/endpointslice/strategy.go, pkg/apis/discovery/v1/defaults.go
 * SetDefaults_EndpointPort, pkg/apis/discovery/validation/validation.go ValidateEndpointSlice,
 * ValidateEndpointSliceUpdate).
 *
 * Generation is 1 on create and moves when anything but metadata changes, or the labels do.
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define MAX_ENDPOINTS 1000
#define MAX_ADDRESSES 100
#define MAX_PORTS     20000

static int
eps_defaults(json_t *eps)
{
	size_t i;
	json_t *port;

	json_array_foreach(jarr(eps, "ports"), i, port) {
		if (!json_is_object(port))
			continue;
		if (strategy_default_ptr_str(port, "name", "") < 0 ||
		    strategy_default_ptr_str(port, "protocol", "TCP") < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static int
eps_prepare_for_update(json_t *eps, const json_t *old)
{
	if (!strategy_spec_changed(eps, old) &&
	    strategy_key_equal(jobj(eps, "metadata"), jobj(old, "metadata"), "labels"))
		return 0;
	return strategy_set_int(jobj(eps, "metadata"), "generation",
				jint(jobj(old, "metadata"), "generation", 0) + 1);
}

static void
validate_endpoints(const json_t *eps, struct field_errors *errs)
{
	const json_t *list = jarr(eps, "endpoints");
	const char *type = jstr0(eps, "addressType");
	char ip[FPATH_MAX], ap[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *ep, *addr;

	if (json_array_size(list) > MAX_ENDPOINTS)
		field_errors_too_many(errs, "endpoints", (int64_t)json_array_size(list),
				      MAX_ENDPOINTS);
	json_array_foreach((json_t *)list, i, ep) {
		const json_t *addrs = jarr(ep, "addresses");

		fpath_index(ip, "endpoints", i);
		fpath_child(ap, ip, "addresses");
		if (json_array_size(addrs) == 0)
			field_errors_required(errs, ap, "must contain at least 1 address");
		else if (json_array_size(addrs) > MAX_ADDRESSES)
			field_errors_too_many(errs, ap, (int64_t)json_array_size(addrs),
					      MAX_ADDRESSES);
		json_array_foreach((json_t *)addrs, j, addr) {
			const char *a = json_string_value(addr) ? json_string_value(addr) : "";

			fpath_index(p, ap, j);
			if (streq(type, "IPv4")) {
				size_t before = errs->n;

				strategy_check_messages(errs, p, a,
							kc_validation_is_valid_ipv4_address);
				if (errs->n == before)
					strategy_validate_non_special_ip(errs, p, a);
			} else if (streq(type, "IPv6")) {
				size_t before = errs->n;

				strategy_check_messages(errs, p, a,
							kc_validation_is_valid_ipv6_address);
				if (errs->n == before)
					strategy_validate_non_special_ip(errs, p, a);
			} else if (streq(type, "FQDN")) {
				struct kc_strv msgs = KC_STRV_INIT;

				if (kc_validation_is_fully_qualified_domain_name(p, a, &msgs) < 0)
					errs->nomem = 1;
				for (size_t m = 0; m < msgs.n; m++)
					field_errors_add_message(errs, p, msgs.v[m]);
				kc_strv_release(&msgs);
			}
		}
		if (jstr0(ep, "nodeName")[0] != '\0')
			strategy_validate_name_rule(errs, fpath_child(p, ip, "nodeName"),
						    NAME_DNS1123_SUBDOMAIN, jstr0(ep, "nodeName"));
		if (jstr0(ep, "hostname")[0] != '\0')
			strategy_validate_dns1123_label(errs, fpath_child(p, ip, "hostname"),
							jstr0(ep, "hostname"));
	}
}

static void
validate_ports(const json_t *eps, struct field_errors *errs)
{
	static const char *const protocols[] = { "SCTP", "TCP", "UDP", NULL };
	const json_t *ports = jarr(eps, "ports");
	char pp[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *port;

	if (json_array_size(ports) > MAX_PORTS)
		field_errors_too_many(errs, "ports", (int64_t)json_array_size(ports), MAX_PORTS);
	json_array_foreach((json_t *)ports, i, port) {
		const char *name = jstr0(port, "name");

		fpath_index(pp, "ports", i);
		if (name[0] != '\0')
			strategy_validate_dns1123_label(errs, fpath_child(p, pp, "name"), name);
		for (j = 0; j < i; j++)
			if (streq(jstr0(json_array_get(ports, j), "name"), name)) {
				field_errors_duplicate(errs, fpath_child(p, pp, "name"), name);
				break;
			}
		if (!jhas(port, "protocol"))
			field_errors_required(errs, fpath_child(p, pp, "protocol"), "");
		else if (!streq(jstr0(port, "protocol"), "TCP") &&
			 !streq(jstr0(port, "protocol"), "UDP") &&
			 !streq(jstr0(port, "protocol"), "SCTP"))
			field_errors_not_supported(errs, fpath_child(p, pp, "protocol"),
						   jstr0(port, "protocol"), protocols);
		if (jhas(port, "appProtocol"))
			strategy_validate_qualified_name(errs, fpath_child(p, pp, "appProtocol"),
							 jstr0(port, "appProtocol"));
	}
}

static void
eps_validate(const struct api_resource *res, const json_t *eps, struct field_errors *errs)
{
	static const char *const types[] = { "FQDN", "IPv4", "IPv6", NULL };
	const char *type = jstr0(eps, "addressType");

	strategy_validate_object_meta(eps, 1, NAME_DNS1123_SUBDOMAIN, errs);
	if (type[0] == '\0')
		field_errors_required(errs, "addressType", "");
	else if (!streq(type, "IPv4") && !streq(type, "IPv6") && !streq(type, "FQDN"))
		field_errors_not_supported(errs, "addressType", type, types);
	validate_endpoints(eps, errs);
	validate_ports(eps, errs);
}

static void
eps_validate_update(const struct api_resource *res, const json_t *eps, const json_t *old,
		    struct field_errors *errs)
{
	strategy_validate_object_meta_update(eps, old, errs);
	eps_validate(res, eps, errs);
	if (!strategy_key_equal(eps, old, "addressType"))
		field_errors_invalid(errs, "addressType", jstr0(eps, "addressType"),
				     "field is immutable");
}

const struct api_strategy strategy_endpointslices = {
	.kind = "EndpointSlice",
	.flags = STRATEGY_GENERATION,
	.defaults = eps_defaults,
	.prepare_for_update = eps_prepare_for_update,
	.validate = eps_validate,
	.validate_update = eps_validate_update,
};
