/*
 * service.c - the Service strategy (upstream: pkg/registry/core/service/strategy.go
 * NormalizeClusterIPs, dropTypeDependentFields; pkg/registry/core/service/storage/storage.go
 * patchAllocatedValues; pkg/registry/core/service/storage/alloc.go initIPFamilyFields;
 * pkg/apis/core/v1/defaults.go SetDefaults_Service; pkg/apis/core/validation/validation.go
 * ValidateService, validateServicePort, ValidateServiceClusterIPsRelatedFields,
 * ValidateServiceUpdate, validateUpgradeDowngradeClusterIPs/IPFamilies).
 *
 * Allocation is not here: the handler's allocator calls service_needs_cluster_ip() /
 * service_needs_node_ports() / service_needs_health_check_node_port() after validation and
 * fills spec.clusterIP(s), ports[].nodePort and healthCheckNodePort from its bitmaps (and
 * answers "provided IP is already allocated" itself).  prepare_for_create fills ipFamilies
 * and ipFamilyPolicy for a single-stack IPv4 cluster; an allocator for another family calls
 * service_init_ip_families() with its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

static int
same_str(const json_t *a, const json_t *b)
{
	return streq(json_string_value(a), json_string_value(b));
}

static const char *
svc_type(const json_t *svc)
{
	return jstr0(jobj(svc, "spec"), "type");
}

/* ExternallyAccessible */
static int
externally_accessible(const json_t *svc)
{
	const char *t = svc_type(svc);

	return streq(t, "LoadBalancer") || streq(t, "NodePort") ||
	       (streq(t, "ClusterIP") && jlen(jobj(svc, "spec"), "externalIPs") > 0);
}

static int
is_headless(const json_t *svc)
{
	const json_t *ips = jarr(jobj(svc, "spec"), "clusterIPs");

	return json_array_size(ips) == 1 &&
	       streq(json_string_value(json_array_get(ips, 0)), "None");
}

int
service_needs_cluster_ip(const json_t *svc)
{
	return !streq(svc_type(svc), "ExternalName");
}

int
service_needs_node_ports(const json_t *svc)
{
	const char *t = svc_type(svc);
	const json_t *alloc = json_object_get(jobj(svc, "spec"), "allocateLoadBalancerNodePorts");

	return streq(t, "NodePort") || (streq(t, "LoadBalancer") && !json_is_false(alloc));
}

int
service_needs_health_check_node_port(const json_t *svc)
{
	return streq(svc_type(svc), "LoadBalancer") &&
	       streq(jstr0(jobj(svc, "spec"), "externalTrafficPolicy"), "Local");
}

/* ---- defaults --------------------------------------------------------------------------------- */

static int
service_defaults(json_t *svc)
{
	json_t *spec = strategy_ensure_object(svc, "spec"), *port;
	const char *t;
	size_t i;
	int r;

	if (spec == NULL)
		return jhas(svc, "spec") ? 0 : KC_ERR_NOMEM;
	if ((r = strategy_default_str(spec, "sessionAffinity", "None")) < 0)
		return r;
	if (streq(jstr(spec, "sessionAffinity"), "None"))
		json_object_del(spec, "sessionAffinityConfig");
	if (streq(jstr(spec, "sessionAffinity"), "ClientIP")) {
		const json_t *cfg = jobj(jobj(spec, "sessionAffinityConfig"), "clientIP");

		if (!jhas(cfg, "timeoutSeconds") &&
		    json_object_set_new(
			    spec, "sessionAffinityConfig",
			    json_pack("{s:{s:i}}", "clientIP", "timeoutSeconds", 10800)) < 0)
			return KC_ERR_NOMEM;
	}
	if ((r = strategy_default_str(spec, "type", "ClusterIP")) < 0)
		return r;
	json_array_foreach(jarr(spec, "ports"), i, port) {
		json_t *tp;

		if (!json_is_object(port))
			continue;
		if ((r = strategy_default_str(port, "protocol", "TCP")) < 0)
			return r;
		tp = json_object_get(port, "targetPort");
		if (tp == NULL || json_is_null(tp) ||
		    (json_is_integer(tp) && json_integer_value(tp) == 0) ||
		    (json_is_string(tp) && json_string_length(tp) == 0))
			if (strategy_set_int(port, "targetPort", jint(port, "port", 0)) < 0)
				return KC_ERR_NOMEM;
	}
	if (externally_accessible(svc) &&
	    (r = strategy_default_str(spec, "externalTrafficPolicy", "Cluster")) < 0)
		return r;
	t = jstr0(spec, "type");
	if ((streq(t, "NodePort") || streq(t, "LoadBalancer") || streq(t, "ClusterIP")) &&
	    (r = strategy_default_ptr_str(spec, "internalTrafficPolicy", "Cluster")) < 0)
		return r;
	if (streq(t, "LoadBalancer") &&
	    (r = strategy_default_bool(spec, "allocateLoadBalancerNodePorts", 1)) < 0)
		return r;
	if (streq(t, "LoadBalancer")) {
		json_t *ing;

		json_array_foreach(jarr(jobj(jobj(svc, "status"), "loadBalancer"), "ingress"), i,
				   ing)
			if (jstr0(ing, "ip")[0] != '\0' &&
			    (r = strategy_default_ptr_str(ing, "ipMode", "VIP")) < 0)
				return r;
	}
	return 0;
}

/* ---- IP families and allocated values --------------------------------------------------------- */

static const char *
family_of(const char *ip)
{
	unsigned char b[16];
	int f = kc_validation_parse_ip(ip, b);

	return f == 6 ? "IPv6" : f == 4 ? "IPv4" : NULL;
}

int
service_init_ip_families(json_t *svc, const char *primary)
{
	json_t *spec = jobj(svc, "spec"), *fams, *ips;
	size_t i;

	if (spec == NULL || !service_needs_cluster_ip(svc))
		return 0;
	fams = jarr(spec, "ipFamilies");
	ips = jarr(spec, "clusterIPs");
	if (fams == NULL) {
		if (json_object_set_new(spec, "ipFamilies", json_array()) < 0)
			return KC_ERR_NOMEM;
		fams = jarr(spec, "ipFamilies");
	}
	if (!is_headless(svc))
		for (i = json_array_size(fams); i < json_array_size(ips); i++) {
			const char *f =
				family_of(json_string_value(json_array_get(ips, i)) != NULL
						  ? json_string_value(json_array_get(ips, i))
						  : "");

			if (f != NULL && json_array_append_new(fams, json_string(f)) < 0)
				return KC_ERR_NOMEM;
		}
	if (json_array_size(fams) == 0 && json_array_append_new(fams, json_string(primary)) < 0)
		return KC_ERR_NOMEM;
	if (!jhas(spec, "ipFamilyPolicy")) {
		const char *policy = "SingleStack";

		if (is_headless(svc) && jlen(spec, "selector") == 0)
			policy = "RequireDualStack";
		else if (json_array_size(fams) == 2 || json_array_size(ips) == 2)
			policy = "RequireDualStack";
		return strategy_set_str(spec, "ipFamilyPolicy", policy);
	}
	return 0;
}

int
service_patch_allocated_values(json_t *svc, const json_t *old)
{
	json_t *spec = jobj(svc, "spec"), *port;
	const json_t *ospec = jobj(old, "spec");
	size_t i, j;

	if (spec == NULL)
		return 0;
	if (service_needs_cluster_ip(old) && service_needs_cluster_ip(svc)) {
		if (jstr0(spec, "clusterIP")[0] == '\0' && jhas(ospec, "clusterIP") &&
		    strategy_copy_key(spec, ospec, "clusterIP") < 0)
			return KC_ERR_NOMEM;
		if (jlen(spec, "clusterIPs") == 0 && jlen(ospec, "clusterIPs") > 0 &&
		    strategy_copy_key(spec, ospec, "clusterIPs") < 0)
			return KC_ERR_NOMEM;
		if (jlen(spec, "ipFamilies") == 0 && jlen(ospec, "ipFamilies") > 0 &&
		    strategy_copy_key(spec, ospec, "ipFamilies") < 0)
			return KC_ERR_NOMEM;
		if (!jhas(spec, "ipFamilyPolicy") && jhas(ospec, "ipFamilyPolicy") &&
		    strategy_copy_key(spec, ospec, "ipFamilyPolicy") < 0)
			return KC_ERR_NOMEM;
	}
	if (service_needs_node_ports(old) && service_needs_node_ports(svc)) {
		json_array_foreach(jarr(spec, "ports"), i, port) {
			int64_t np = 0;
			json_t *op;
			int used = 0;

			if (jint(port, "nodePort", 0) != 0)
				continue;
			json_array_foreach(jarr(ospec, "ports"), j, op)
				if (streq(jstr0(op, "name"), jstr0(port, "name")))
					np = jint(op, "nodePort", 0);
			/* a value still used by another port in both is not reused */
			json_array_foreach(jarr(spec, "ports"), j, op)
				used |= np != 0 && jint(op, "nodePort", 0) == np;
			if (np != 0 && !used && strategy_set_int(port, "nodePort", np) < 0)
				return KC_ERR_NOMEM;
		}
	}
	if (service_needs_health_check_node_port(old) &&
	    service_needs_health_check_node_port(svc) &&
	    jint(spec, "healthCheckNodePort", 0) == 0 && jhas(ospec, "healthCheckNodePort") &&
	    strategy_copy_key(spec, ospec, "healthCheckNodePort") < 0)
		return KC_ERR_NOMEM;
	return 0;
}

/* NormalizeClusterIPs */
static int
normalize_cluster_ips(json_t *svc, const json_t *old)
{
	json_t *spec = jobj(svc, "spec");
	const json_t *ospec = jobj(old, "spec");
	const char *ip = jstr0(spec, "clusterIP");

	if (spec == NULL)
		return 0;
	if (old == NULL) {
		if (ip[0] != '\0' && jlen(spec, "clusterIPs") == 0)
			return json_object_set_new(spec, "clusterIPs", json_pack("[s]", ip)) < 0
				       ? KC_ERR_NOMEM
				       : 0;
		return 0;
	}
	if (jlen(ospec, "clusterIPs") > 0 && jlen(spec, "clusterIPs") == 0 &&
	    streq(jstr0(ospec, "clusterIP"), ip) &&
	    strategy_copy_key(spec, ospec, "clusterIPs") < 0)
		return KC_ERR_NOMEM;
	if (!streq(jstr0(ospec, "clusterIP"), ip)) {
		int same = strategy_key_equal(spec, ospec, "clusterIPs");

		if (jstr0(ospec, "clusterIP")[0] != '\0' && ip[0] == '\0') {
			if (same)
				json_object_del(spec, "clusterIPs");
		} else if (same &&
			   json_object_set_new(spec, "clusterIPs", json_pack("[s]", ip)) < 0) {
			return KC_ERR_NOMEM;
		}
	}
	return 0;
}

/* dropTypeDependentFields */
static void
drop_type_dependent_fields(json_t *svc, const json_t *old)
{
	json_t *spec = jobj(svc, "spec"), *port;
	const json_t *ospec = jobj(old, "spec");
	size_t i;

	if (service_needs_cluster_ip(old) && !service_needs_cluster_ip(svc)) {
		if (strategy_key_equal(spec, ospec, "clusterIPs")) {
			json_object_del(spec, "clusterIP");
			json_object_del(spec, "clusterIPs");
		}
		if (strategy_key_equal(spec, ospec, "ipFamilies"))
			json_object_del(spec, "ipFamilies");
		if (strategy_key_equal(spec, ospec, "ipFamilyPolicy"))
			json_object_del(spec, "ipFamilyPolicy");
	}
	if (service_needs_node_ports(old) && !service_needs_node_ports(svc)) {
		int same = json_array_size(jarr(spec, "ports")) ==
			   json_array_size(jarr(ospec, "ports"));

		json_array_foreach(jarr(spec, "ports"), i, port)
			same &= jint(port, "nodePort", 0) ==
				jint(json_array_get(jarr(ospec, "ports"), i), "nodePort", 0);
		if (same)
			json_array_foreach(jarr(spec, "ports"), i, port)
				json_object_del(port, "nodePort");
	}
	if (service_needs_health_check_node_port(old) &&
	    !service_needs_health_check_node_port(svc) &&
	    jint(spec, "healthCheckNodePort", 0) == jint(ospec, "healthCheckNodePort", 0))
		json_object_del(spec, "healthCheckNodePort");
	if (streq(svc_type(old), "LoadBalancer") && !streq(svc_type(svc), "LoadBalancer")) {
		if (jhas(spec, "allocateLoadBalancerNodePorts") &&
		    strategy_key_equal(spec, ospec, "allocateLoadBalancerNodePorts"))
			json_object_del(spec, "allocateLoadBalancerNodePorts");
		if (strategy_key_equal(spec, ospec, "loadBalancerClass"))
			json_object_del(spec, "loadBalancerClass");
	}
	if (externally_accessible(old) && !externally_accessible(svc) &&
	    strategy_key_equal(spec, ospec, "externalTrafficPolicy"))
		json_object_del(spec, "externalTrafficPolicy");
}

static int
service_prepare_for_create(json_t *svc)
{
	int r;

	if (json_object_set_new(svc, "status", json_pack("{s:{}}", "loadBalancer")) < 0)
		return KC_ERR_NOMEM;
	if ((r = normalize_cluster_ips(svc, NULL)) < 0)
		return r;
	return service_init_ip_families(svc, "IPv4");
}

static int
service_prepare_for_update(json_t *svc, const json_t *old)
{
	int r;

	if ((r = service_patch_allocated_values(svc, old)) < 0 ||
	    (r = normalize_cluster_ips(svc, old)) < 0)
		return r;
	drop_type_dependent_fields(svc, old);
	return 0;
}

/* ---- validation --------------------------------------------------------------------------------- */

static void
validate_service_port(const json_t *port, int require_name, json_t *names, const char *path,
		      struct field_errors *errs)
{
	static const char *const protocols[] = { "SCTP", "TCP", "UDP", NULL };
	const char *name = jstr0(port, "name");
	int64_t num = jint(port, "port", 0);
	struct kc_strv msgs = KC_STRV_INIT;
	char p[FPATH_MAX];

	if (require_name && name[0] == '\0') {
		field_errors_required(errs, fpath_child(p, path, "name"), "");
	} else if (name[0] != '\0') {
		strategy_validate_dns1123_label(errs, fpath_child(p, path, "name"), name);
		if (json_object_get(names, name) != NULL)
			field_errors_duplicate(errs, fpath_child(p, path, "name"), name);
		else
			json_object_set_new(names, name, json_true());
	}
	if (kc_validation_is_valid_port_num(num, &msgs) < 0)
		errs->nomem = 1;
	for (size_t i = 0; i < msgs.n; i++)
		field_errors_invalid_int(errs, fpath_child(p, path, "port"), num, msgs.v[i]);
	kc_strv_release(&msgs);
	if (jstr0(port, "protocol")[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "protocol"), "");
	else if (!streq(jstr0(port, "protocol"), "TCP") && !streq(jstr0(port, "protocol"), "UDP") &&
		 !streq(jstr0(port, "protocol"), "SCTP"))
		field_errors_not_supported(errs, fpath_child(p, path, "protocol"),
					   jstr0(port, "protocol"), protocols);
	strategy_validate_port_num_or_name(errs, fpath_child(p, path, "targetPort"),
					   json_object_get(port, "targetPort"));
	if (jhas(port, "appProtocol"))
		strategy_validate_qualified_name(errs, fpath_child(p, path, "appProtocol"),
						 jstr0(port, "appProtocol"));
}

/* ValidateServiceClusterIPsRelatedFields */
static void
validate_cluster_ips(const json_t *svc, struct field_errors *errs)
{
	static const char *const families[] = { "IPv4", "IPv6", NULL };
	static const char *const policies[] = { "PreferDualStack", "RequireDualStack",
						"SingleStack", NULL };
	const json_t *spec = jobj(svc, "spec"), *ips = jarr(spec, "clusterIPs");
	const json_t *fams = jarr(spec, "ipFamilies");
	const char *ip = jstr0(spec, "clusterIP");
	char p[FPATH_MAX];
	int invalid = 0, v4 = 0, v6 = 0;
	size_t i, j;
	json_t *v;

	if (ip[0] != '\0') {
		if (json_array_size(ips) == 0)
			field_errors_required(errs, "spec.clusterIPs", "");
		else if (!streq(json_string_value(json_array_get(ips, 0)), ip))
			strategy_invalid_rendered(errs, "spec.clusterIPs", ips, go_string_slice,
						  "first value must match `clusterIP`");
	} else if (json_array_size(ips) != 0) {
		strategy_invalid_rendered(errs, "spec.clusterIPs", ips, go_string_slice,
					  "must be empty when `clusterIP` is not specified");
	}
	json_array_foreach((json_t *)fams, i, v) {
		const char *f = json_string_value(v) ? json_string_value(v) : "";

		fpath_index(p, "spec.ipFamilies", i);
		if (!streq(f, "IPv4") && !streq(f, "IPv6"))
			field_errors_not_supported(errs, p, f, families);
		for (j = 0; j < i; j++)
			if (streq(json_string_value(json_array_get(fams, j)), f)) {
				field_errors_duplicate(errs, p, f);
				break;
			}
	}
	if (jhas(spec, "ipFamilyPolicy") && !streq(jstr0(spec, "ipFamilyPolicy"), "SingleStack") &&
	    !streq(jstr0(spec, "ipFamilyPolicy"), "PreferDualStack") &&
	    !streq(jstr0(spec, "ipFamilyPolicy"), "RequireDualStack"))
		field_errors_not_supported(errs, "spec.ipFamilyPolicy",
					   jstr0(spec, "ipFamilyPolicy"), policies);
	json_array_foreach((json_t *)ips, i, v) {
		const char *s = json_string_value(v) ? json_string_value(v) : "";
		size_t before = errs->n;

		if (i == 0 && streq(s, "None")) {
			if (json_array_size(ips) > 1) {
				invalid = 1;
				strategy_invalid_rendered(
					errs, "spec.clusterIPs", ips, go_string_slice,
					"'None' must be the first and only value");
			}
			continue;
		}
		strategy_validate_ip(errs, fpath_index(p, "spec.clusterIPs", i), s);
		invalid |= errs->n != before;
		v4 += family_of(s) != NULL && streq(family_of(s), "IPv4");
		v6 += family_of(s) != NULL && streq(family_of(s), "IPv6");
	}
	if (json_array_size(ips) > 2)
		strategy_invalid_rendered(errs, "spec.clusterIPs", ips, go_string_slice,
					  "may only hold up to 2 values");
	if (invalid)
		return;
	if (json_array_size(ips) > 1 && !(v4 >= 1 && v6 >= 1))
		strategy_invalid_rendered(errs, "spec.clusterIPs", ips, go_string_slice,
					  "may specify no more than one IP for each IP family");
	if (is_headless(svc))
		return;
	json_array_foreach((json_t *)ips, i, v) {
		const char *s = json_string_value(v) ? json_string_value(v) : "";
		const char *f = json_string_value(json_array_get(fams, i));
		const char *actual = family_of(s);
		char detail[96];

		if (i >= json_array_size(fams))
			break;
		fpath_index(p, "spec.clusterIPs", i);
		if (streq(f, "IPv4") && streq(actual, "IPv6")) {
			snprintf(detail, sizeof(detail),
				 "expected an IPv4 value as indicated by `ipFamilies[%zu]`", i);
			field_errors_invalid(errs, p, s, detail);
		}
		if (streq(f, "IPv6") && !streq(actual, "IPv6")) {
			snprintf(detail, sizeof(detail),
				 "expected an IPv6 value as indicated by `ipFamilies[%zu]`", i);
			field_errors_invalid(errs, p, s, detail);
		}
	}
}

static void
validate_external_traffic(const json_t *svc, struct field_errors *errs)
{
	static const char *const etp[] = { "Cluster", "Local", NULL };
	const json_t *spec = jobj(svc, "spec");
	const char *policy = jstr0(spec, "externalTrafficPolicy");
	int64_t hc = jint(spec, "healthCheckNodePort", 0);

	if (!externally_accessible(svc)) {
		if (policy[0] != '\0')
			field_errors_invalid(errs, "spec.externalTrafficPolicy", policy,
					     "may only be set for externally-accessible services");
	} else if (policy[0] == '\0') {
		field_errors_required(errs, "spec.externalTrafficPolicy", "");
	} else if (!streq(policy, "Cluster") && !streq(policy, "Local")) {
		field_errors_not_supported(errs, "spec.externalTrafficPolicy", policy, etp);
	}
	if (!service_needs_health_check_node_port(svc)) {
		if (hc != 0)
			field_errors_invalid_int(
				errs, "spec.healthCheckNodePort", hc,
				"may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
	} else if (hc != 0) {
		/* 0 is allowed: the allocator picks one after validation (BeginCreate) */
		struct kc_strv msgs = KC_STRV_INIT;

		if (kc_validation_is_valid_port_num(hc, &msgs) > 0)
			for (size_t i = 0; i < msgs.n; i++)
				field_errors_invalid_int(errs, "spec.healthCheckNodePort", hc,
							 msgs.v[i]);
		kc_strv_release(&msgs);
	}
}

static void
validate_ports(const json_t *svc, struct field_errors *errs)
{
	const json_t *spec = jobj(svc, "spec"), *ports = jarr(spec, "ports");
	json_t *names = json_object(), *port, *other;
	char p[FPATH_MAX], q[FPATH_MAX];
	size_t i, j;

	json_array_foreach((json_t *)ports, i, port)
		validate_service_port(port, json_array_size(ports) > 1, names,
				      fpath_index(p, "spec.ports", i), errs);
	json_decref(names);
	if (streq(svc_type(svc), "ClusterIP"))
		json_array_foreach((json_t *)ports, i, port)
			if (jint(port, "nodePort", 0) != 0)
				field_errors_forbidden(
					errs,
					fpath_child(p, fpath_index(q, "spec.ports", i), "nodePort"),
					"may not be used when `type` is 'ClusterIP'");
	json_array_foreach((json_t *)ports, i, port) {
		if (jint(port, "nodePort", 0) == 0)
			continue;
		for (j = 0; j < i; j++) {
			other = json_array_get(ports, j);
			if (jint(other, "nodePort", 0) == jint(port, "nodePort", 0) &&
			    streq(jstr0(other, "protocol"), jstr0(port, "protocol"))) {
				char raw[32];

				snprintf(raw, sizeof(raw), "%lld",
					 (long long)jint(port, "nodePort", 0));
				field_errors_duplicate_raw(
					errs,
					fpath_child(p, fpath_index(q, "spec.ports", i), "nodePort"),
					raw, NULL);
				break;
			}
		}
	}
	json_array_foreach((json_t *)ports, i, port)
		for (j = 0; j < i; j++) {
			other = json_array_get(ports, j);
			if (jint(other, "port", 0) == jint(port, "port", 0) &&
			    streq(jstr0(other, "protocol"), jstr0(port, "protocol"))) {
				char raw[256];

				snprintf(
					raw, sizeof(raw),
					"core.ServicePort{Name:\"\", Protocol:\"%s\", AppProtocol:(*string)(nil), Port:%lld, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
					jstr0(port, "protocol"), (long long)jint(port, "port", 0));
				field_errors_duplicate_raw(errs, fpath_index(p, "spec.ports", i),
							   raw, NULL);
				break;
			}
		}
}

static void
validate_service(const json_t *svc, struct field_errors *errs)
{
	static const char *const affinities[] = { "ClientIP", "None", NULL };
	static const char *const types[] = { "ClusterIP", "ExternalName", "LoadBalancer",
					     "NodePort", NULL };
	static const char *const itp[] = { "Cluster", "Local", NULL };
	const json_t *spec = jobj(svc, "spec"), *ips = jarr(spec, "clusterIPs");
	const char *type = jstr0(spec, "type"), *aff = jstr0(spec, "sessionAffinity");
	char p[FPATH_MAX];
	size_t i;
	json_t *v;

	strategy_validate_object_meta(svc, 1, NAME_DNS1035_LABEL, errs);
	if (jlen(spec, "ports") == 0 && !is_headless(svc) && !streq(type, "ExternalName"))
		field_errors_required(errs, "spec.ports", "");
	if (streq(type, "LoadBalancer") && is_headless(svc))
		field_errors_invalid(errs, "spec.clusterIPs[0]", "None",
				     "may not be set to 'None' for LoadBalancer services");
	else if (streq(type, "NodePort") && is_headless(svc))
		field_errors_invalid(errs, "spec.clusterIPs[0]", "None",
				     "may not be set to 'None' for NodePort services");
	else if (streq(type, "ExternalName")) {
		KC_AUTOFREE char *cname = strdup(jstr0(spec, "externalName"));
		size_t len = cname != NULL ? strlen(cname) : 0;

		if (json_array_size(ips) > 0)
			field_errors_forbidden(errs, "spec.clusterIPs",
					       "may not be set for ExternalName services");
		if (jlen(spec, "ipFamilies") > 0)
			field_errors_forbidden(errs, "spec.ipFamilies",
					       "may not be set for ExternalName services");
		if (jhas(spec, "ipFamilyPolicy"))
			field_errors_forbidden(errs, "spec.ipFamilyPolicy",
					       "may not be set for ExternalName services");
		if (len > 0 && cname[len - 1] == '.')
			cname[--len] = '\0';
		if (len > 0)
			strategy_validate_dns1123_subdomain(errs, "spec.externalName", cname);
		else
			field_errors_required(errs, "spec.externalName", "");
	}
	validate_ports(svc, errs);
	if (jhas(spec, "selector"))
		strategy_validate_labels(jobj(spec, "selector"), "spec.selector", errs);
	if (aff[0] == '\0')
		field_errors_required(errs, "spec.sessionAffinity", "");
	else if (!streq(aff, "ClientIP") && !streq(aff, "None"))
		field_errors_not_supported(errs, "spec.sessionAffinity", aff, affinities);
	if (streq(aff, "ClientIP")) {
		const json_t *cfg = jobj(spec, "sessionAffinityConfig"),
			     *cip = jobj(cfg, "clientIP");
		const char *why = "when session affinity type is ClientIP";

		if (cfg == NULL)
			field_errors_required(errs, "spec.sessionAffinityConfig", why);
		else if (cip == NULL)
			field_errors_required(errs, "spec.sessionAffinityConfig.clientIP", why);
		else if (!jhas(cip, "timeoutSeconds"))
			field_errors_required(
				errs, "spec.sessionAffinityConfig.clientIP.timeoutSeconds", why);
		else if (jint(cip, "timeoutSeconds", 0) <= 0 ||
			 jint(cip, "timeoutSeconds", 0) > 86400)
			field_errors_invalid_int(
				errs, "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
				jint(cip, "timeoutSeconds", 0),
				"must be greater than 0 and less than 86400");
	} else if (streq(aff, "None") && jhas(spec, "sessionAffinityConfig")) {
		field_errors_forbidden(errs, "spec.sessionAffinityConfig",
				       "must not be set when session affinity is None");
	}
	validate_cluster_ips(svc, errs);
	json_array_foreach(jarr(spec, "externalIPs"), i, v) {
		const char *s = json_string_value(v) ? json_string_value(v) : "";
		size_t before = errs->n;

		fpath_index(p, "spec.externalIPs", i);
		strategy_validate_ip(errs, p, s);
		if (errs->n == before)
			strategy_validate_non_special_ip(errs, p, s);
	}
	if (type[0] == '\0')
		field_errors_required(errs, "spec.type", "");
	else if (!streq(type, "ClusterIP") && !streq(type, "NodePort") &&
		 !streq(type, "LoadBalancer") && !streq(type, "ExternalName"))
		field_errors_not_supported(errs, "spec.type", type, types);
	if (jlen(spec, "loadBalancerSourceRanges") > 0) {
		if (!streq(type, "LoadBalancer"))
			field_errors_forbidden(errs, "spec.LoadBalancerSourceRanges",
					       "may only be used when `type` is 'LoadBalancer'");
		json_array_foreach(jarr(spec, "loadBalancerSourceRanges"), i, v) {
			KC_AUTOFREE char *t =
				strdup(json_string_value(v) ? json_string_value(v) : "");
			char *s = t, *e;

			if (t == NULL)
				continue;
			while (*s == ' ' || *s == '\t')
				s++;
			e = s + strlen(s);
			while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
				*--e = '\0';
			strategy_validate_cidr(
				errs, fpath_index(p, "spec.LoadBalancerSourceRanges", i), s);
		}
	}
	if (jhas(spec, "allocateLoadBalancerNodePorts") && !streq(type, "LoadBalancer"))
		field_errors_forbidden(errs, "spec.allocateLoadBalancerNodePorts",
				       "may only be used when `type` is 'LoadBalancer'");
	if (streq(type, "LoadBalancer") && !jhas(spec, "allocateLoadBalancerNodePorts"))
		field_errors_required(errs, "allocateLoadBalancerNodePorts", "");
	if (jhas(spec, "loadBalancerClass") && !streq(type, "LoadBalancer"))
		field_errors_forbidden(errs, "spec.loadBalancerClass",
				       "may only be used when service type is 'LoadBalancer'");
	validate_external_traffic(svc, errs);
	if (!jhas(spec, "internalTrafficPolicy")) {
		if (streq(type, "NodePort") || streq(type, "LoadBalancer") ||
		    streq(type, "ClusterIP"))
			field_errors_required(errs, "spec.internalTrafficPolicy", "");
	} else if (!streq(jstr0(spec, "internalTrafficPolicy"), "Cluster") &&
		   !streq(jstr0(spec, "internalTrafficPolicy"), "Local")) {
		field_errors_not_supported(errs, "spec.internalTrafficPolicy",
					   jstr0(spec, "internalTrafficPolicy"), itp);
	}
	if (jhas(spec, "trafficDistribution") &&
	    !streq(jstr0(spec, "trafficDistribution"), "PreferClose")) {
		static const char *const td[] = { "PreferClose", NULL };

		field_errors_not_supported(errs, "spec.trafficDistribution",
					   jstr0(spec, "trafficDistribution"), td);
	}
}

static void
service_validate(const struct api_resource *res, const json_t *svc, struct field_errors *errs)
{
	validate_service(svc, errs);
}

/* validateUpgradeDowngradeClusterIPs */
static void
validate_cluster_ip_changes(const json_t *svc, const json_t *old, struct field_errors *errs)
{
	const json_t *ips = jarr(jobj(svc, "spec"), "clusterIPs");
	const json_t *oips = jarr(jobj(old, "spec"), "clusterIPs");
	const char *policy = jstr0(jobj(svc, "spec"), "ipFamilyPolicy");
	size_t n = json_array_size(ips), on = json_array_size(oips);
	char p[FPATH_MAX];

	if (!service_needs_cluster_ip(svc) || !service_needs_cluster_ip(old))
		return;
	if (is_headless(svc) && is_headless(old))
		return;
	if (n == on) {
		for (size_t i = 0; i < on; i++)
			if (!same_str(json_array_get(oips, i), json_array_get(ips, i)))
				strategy_invalid_rendered(
					errs, fpath_index(p, "spec.clusterIPs", i), ips,
					go_string_slice, "may not change once set");
	} else if (on > n) {
		if (n == 0)
			strategy_invalid_rendered(errs, "spec.clusterIPs[0]", ips, go_string_slice,
						  "primary clusterIP can not be unset");
		if (n > 0 && !same_str(json_array_get(oips, 0), json_array_get(ips, 0)))
			strategy_invalid_rendered(errs, "spec.clusterIPs[0]", ips, go_string_slice,
						  "may not change once set");
		if (n == 1 && !streq(policy, "SingleStack"))
			strategy_invalid_rendered(
				errs, "spec.clusterIPs[0]", ips, go_string_slice,
				"`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP");
	} else if (on > 0 && !same_str(json_array_get(oips, 0), json_array_get(ips, 0))) {
		strategy_invalid_rendered(errs, "spec.clusterIPs[0]", ips, go_string_slice,
					  "may not change once set");
	}
}

/* validateUpgradeDowngradeIPFamilies */
static void
validate_ip_family_changes(const json_t *svc, const json_t *old, struct field_errors *errs)
{
	const json_t *f = jarr(jobj(svc, "spec"), "ipFamilies");
	const json_t *of = jarr(jobj(old, "spec"), "ipFamilies");
	const char *policy = jstr0(jobj(svc, "spec"), "ipFamilyPolicy");
	size_t n = json_array_size(f), on = json_array_size(of);
	char p[FPATH_MAX];

	if (!service_needs_cluster_ip(svc) || !service_needs_cluster_ip(old))
		return;
	if (n == on) {
		for (size_t i = 0; i < on; i++)
			if (!same_str(json_array_get(of, i), json_array_get(f, i)))
				strategy_invalid_rendered(
					errs, fpath_index(p, "spec.ipFamilies", i), f,
					go_string_slice, "may not change once set");
	} else if (on > n) {
		if (n > 0 && !same_str(json_array_get(of, 0), json_array_get(f, 0)))
			strategy_invalid_rendered(errs, "spec.ipFamilies[0]", f, go_string_slice,
						  "may not change once set");
		if (n == 1 && !streq(policy, "SingleStack"))
			strategy_invalid_rendered(
				errs, "spec.ipFamilies", f, go_string_slice,
				"`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary ipFamily");
	} else if (on > 0 && !same_str(json_array_get(of, 0), json_array_get(f, 0))) {
		strategy_invalid_rendered(errs, "spec.ipFamilies[0]", f, go_string_slice,
					  "may not change once set");
	}
}

static void
service_validate_update(const struct api_resource *res, const json_t *svc, const json_t *old,
			struct field_errors *errs)
{
	strategy_validate_object_meta_update(svc, old, errs);
	validate_cluster_ip_changes(svc, old, errs);
	validate_ip_family_changes(svc, old, errs);
	if (streq(svc_type(old), "LoadBalancer") && streq(svc_type(svc), "LoadBalancer") &&
	    jhas(jobj(old, "spec"), "loadBalancerClass") &&
	    !strategy_key_equal(jobj(svc, "spec"), jobj(old, "spec"), "loadBalancerClass"))
		field_errors_invalid(errs, "spec.loadBalancerClass",
				     jstr0(jobj(svc, "spec"), "loadBalancerClass"),
				     "may not change once set");
	if (service_needs_health_check_node_port(old) &&
	    service_needs_health_check_node_port(svc) &&
	    jint(jobj(svc, "spec"), "healthCheckNodePort", 0) !=
		    jint(jobj(old, "spec"), "healthCheckNodePort", 0))
		field_errors_forbidden(errs, "spec.healthCheckNodePort", "field is immutable");
	validate_service(svc, errs);
}

static void
service_validate_status_update(const struct api_resource *res, const json_t *svc, const json_t *old,
			       struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i;
	json_t *ing;

	strategy_validate_object_meta_update(svc, old, errs);
	json_array_foreach(jarr(jobj(jobj(svc, "status"), "loadBalancer"), "ingress"), i, ing) {
		char ip[FPATH_MAX];

		fpath_child_index(ip, "status.loadBalancer", "ingress", i);
		if (jstr0(ing, "ip")[0] != '\0')
			strategy_validate_ip(errs, fpath_child(p, ip, "ip"), jstr0(ing, "ip"));
		if (jstr0(ing, "hostname")[0] != '\0') {
			strategy_validate_dns1123_subdomain(errs, fpath_child(p, ip, "hostname"),
							    jstr0(ing, "hostname"));
			if (family_of(jstr0(ing, "hostname")) != NULL)
				field_errors_invalid(errs, fpath_child(p, ip, "hostname"),
						     jstr0(ing, "hostname"),
						     "must be a DNS name, not an IP address");
		}
	}
}

static const struct strategy_field service_fields[] = {
	{ "spec.clusterIP", NULL, "spec.clusterIP", 's' },
	{ "spec.type", NULL, "spec.type", 's' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_services = {
	.kind = "Service",
	.flags = STRATEGY_STATUS,
	.name_rule = NAME_DNS1035_LABEL,
	.defaults = service_defaults,
	.prepare_for_create = service_prepare_for_create,
	.prepare_for_update = service_prepare_for_update,
	.validate = service_validate,
	.validate_update = service_validate_update,
	.validate_status_update = service_validate_status_update,
	.fields = service_fields,
};
