/*
 * servicechangetracker.c - Services as kube-proxy sees them, and the pending-change set
 * (upstream: pkg/proxy/servicechangetracker.go, serviceport.go newBaseServiceInfo(),
 * pkg/proxy/util ShouldSkipService()).  Only the fields that shape rules are kept, so two
 * Service versions that differ elsewhere (labels, annotations, status conditions) compare equal
 * and cause no sync.
 */
#include <stdlib.h>
#include <string.h>

#include "kube-proxy/proxy.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/validation.h"

/* The family (4 or 6) of an IP address string, 0 when not one. */
static int
ip_family(const char *s)
{
	unsigned char ip[16];
	int f = s ? kc_validation_parse_ip(s, ip) : -1;

	return f < 0 ? 0 : f;
}

static int
cidr_family(const char *s)
{
	unsigned char ip[16];
	int ones, f = s ? kc_validation_parse_cidr(s, ip, &ones) : -1;

	return f < 0 ? 0 : f;
}

char *
kp_service_port_name(const struct kp_service_port *sp)
{
	return kc_strfmt("%s/%s:%s", sp->namespace, sp->name, sp->port_name);
}

void
kp_service_port_free(struct kp_service_port *sp)
{
	if (!sp)
		return;
	free(sp->namespace);
	free(sp->name);
	free(sp->port_name);
	free(sp->cluster_ip);
	kc_strv_release(&sp->external_ips);
	kc_strv_release(&sp->lb_ips);
	kc_strv_release(&sp->lb_source_ranges);
	free(sp);
}

int
kp_service_port_externally_accessible(const struct kp_service_port *sp)
{
	return sp->node_port != 0 || sp->lb_ips.n > 0 || sp->external_ips.n > 0;
}

int
kp_service_port_uses_cluster_endpoints(const struct kp_service_port *sp)
{
	return !sp->internal_policy_local ||
	       (kp_service_port_externally_accessible(sp) && !sp->external_policy_local);
}

int
kp_service_port_uses_local_endpoints(const struct kp_service_port *sp)
{
	return sp->internal_policy_local ||
	       (kp_service_port_externally_accessible(sp) && sp->external_policy_local);
}

/* The first address of `family` among spec.clusterIPs (or spec.clusterIP), NULL when none. */
static const char *
service_cluster_ip(const json_t *svc, int family)
{
	json_t *ips = kc_json_get_array(svc, "spec.clusterIPs");
	const char *ip = kc_json_get_string(svc, "spec.clusterIP", NULL);
	size_t i;
	json_t *v;

	json_array_foreach(ips, i, v)
		if (ip_family(json_string_value(v)) == family)
			return json_string_value(v);
	return ip_family(ip) == family ? ip : NULL;
}

/* Appends the strings of array `path` having `family` (checked by fam_fn). */
static int
push_family_strings(struct kc_strv *sv, const json_t *obj, const char *path, int family,
		    int (*fam_fn)(const char *))
{
	json_t *arr = kc_json_get_array(obj, path), *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);

		if (fam_fn(s) == family && !kc_strv_contains(sv, s) && kc_strv_push(sv, s) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static int
push_lb_ips(struct kc_strv *sv, const json_t *svc, int family)
{
	json_t *ingress = kc_json_get_array(svc, "status.loadBalancer.ingress"), *v;
	size_t i;

	json_array_foreach(ingress, i, v) {
		const char *ip = kc_json_get_string(v, "ip", NULL);
		const char *mode = kc_json_get_string(v, "ipMode", "VIP");

		/* ipMode Proxy: the load balancer delivers to the node, not to the VIP. */
		if (ip_family(ip) == family && strcmp(mode, "Proxy") != 0 &&
		    kc_strv_push(sv, ip) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

/* The per-service fields shared by every port, filled into sp. */
static int
fill_service_fields(struct kp_service_port *sp, const json_t *svc, int family, const char *ip)
{
	const char *type = kc_json_get_string(svc, "spec.type", "ClusterIP");
	int ext_type = strcmp(type, "NodePort") == 0 || strcmp(type, "LoadBalancer") == 0;

	sp->namespace = strdup(kc_meta_namespace(svc) ? kc_meta_namespace(svc) : "");
	sp->name = strdup(kc_meta_name(svc) ? kc_meta_name(svc) : "");
	sp->cluster_ip = strdup(ip);
	if (!sp->namespace || !sp->name || !sp->cluster_ip)
		return KC_ERR_NOMEM;
	if (strcmp(kc_json_get_string(svc, "spec.sessionAffinity", "None"), "ClientIP") == 0)
		sp->sticky_seconds = (int)kc_json_get_int64(
			svc, "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
			KP_DEFAULT_STICKY_SECONDS);
	sp->external_policy_local =
		ext_type && strcmp(kc_json_get_string(svc, "spec.externalTrafficPolicy", "Cluster"),
				   "Local") == 0;
	sp->internal_policy_local =
		strcmp(kc_json_get_string(svc, "spec.internalTrafficPolicy", "Cluster"), "Local") ==
		0;
	if (sp->external_policy_local && strcmp(type, "LoadBalancer") == 0)
		sp->health_check_node_port =
			(int)kc_json_get_int64(svc, "spec.healthCheckNodePort", 0);
	if (push_family_strings(&sp->external_ips, svc, "spec.externalIPs", family, ip_family) <
		    0 ||
	    push_family_strings(&sp->lb_source_ranges, svc, "spec.loadBalancerSourceRanges", family,
				cidr_family) < 0)
		return KC_ERR_NOMEM;
	if (strcmp(type, "LoadBalancer") == 0 && push_lb_ips(&sp->lb_ips, svc, family) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static const char *
lower_protocol(const char *p)
{
	if (strcmp(p, "UDP") == 0)
		return "udp";
	if (strcmp(p, "SCTP") == 0)
		return "sctp";
	return "tcp";
}

static int
parse_port(const json_t *svc, const json_t *port, int family, const char *ip,
	   struct kp_service_port **ret)
{
	struct kp_service_port *sp = calloc(1, sizeof(*sp));

	if (!sp)
		return KC_ERR_NOMEM;
	strcpy(sp->protocol, lower_protocol(kc_json_get_string(port, "protocol", "TCP")));
	sp->port = (int)kc_json_get_int64(port, "port", 0);
	sp->node_port = (int)kc_json_get_int64(port, "nodePort", 0);
	sp->port_name = strdup(kc_json_get_string(port, "name", ""));
	if (!sp->port_name || fill_service_fields(sp, svc, family, ip) < 0) {
		kp_service_port_free(sp);
		return KC_ERR_NOMEM;
	}
	*ret = sp;
	return 0;
}

static int
parse_service(const json_t *svc, int family, struct kp_service *ret)
{
	const char *type = kc_json_get_string(svc, "spec.type", "ClusterIP");
	json_t *ports = kc_json_get_array(svc, "spec.ports"), *port;
	const char *ip;
	size_t i;

	memset(ret, 0, sizeof(*ret));
	if (!svc || strcmp(type, "ExternalName") == 0)
		return 0;
	ip = service_cluster_ip(svc, family);
	if (!ip)
		return 0; /* headless ("None"), unset, or another family only */
	if (json_array_size(ports) == 0)
		return 0;
	ret->ports = calloc(json_array_size(ports), sizeof(*ret->ports));
	if (!ret->ports)
		return KC_ERR_NOMEM;
	json_array_foreach(ports, i, port) {
		if (parse_port(svc, port, family, ip, &ret->ports[ret->n]) < 0) {
			kp_service_release(ret);
			return KC_ERR_NOMEM;
		}
		ret->n++;
	}
	return 0;
}

int
kp_service_parse(const json_t *svc, int family, struct kp_service *ret)
{
	json_t *u = svc ? kp_unpack(svc) : NULL;
	int r;

	if (svc && !u) {
		memset(ret, 0, sizeof(*ret));
		return KC_ERR_NOMEM;
	}
	r = parse_service(u, family, ret);
	json_decref(u);
	return r;
}

void
kp_service_release(struct kp_service *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		kp_service_port_free(s->ports[i]);
	free(s->ports);
	memset(s, 0, sizeof(*s));
}

static int
strv_equal(const struct kc_strv *a, const struct kc_strv *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

static int
port_equal(const struct kp_service_port *a, const struct kp_service_port *b)
{
	return strcmp(a->port_name, b->port_name) == 0 && strcmp(a->protocol, b->protocol) == 0 &&
	       strcmp(a->cluster_ip, b->cluster_ip) == 0 && a->port == b->port &&
	       a->node_port == b->node_port && a->sticky_seconds == b->sticky_seconds &&
	       a->external_policy_local == b->external_policy_local &&
	       a->internal_policy_local == b->internal_policy_local &&
	       a->health_check_node_port == b->health_check_node_port &&
	       strv_equal(&a->external_ips, &b->external_ips) &&
	       strv_equal(&a->lb_ips, &b->lb_ips) &&
	       strv_equal(&a->lb_source_ranges, &b->lb_source_ranges);
}

int
kp_service_equal(const struct kp_service *a, const struct kp_service *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!port_equal(a->ports[i], b->ports[i]))
			return 0;
	return 1;
}

/* ---- the tracker ---- */

int
kp_tracker_init(struct kp_tracker *t, int family)
{
	memset(t, 0, sizeof(*t));
	t->family = family;
	t->pending = kc_strmap_new();
	return t->pending ? 0 : KC_ERR_NOMEM;
}

void
kp_tracker_release(struct kp_tracker *t)
{
	t->pending = kc_strmap_free(t->pending, NULL);
}

int
kp_tracker_mark(struct kp_tracker *t, const char *key)
{
	return kc_strmap_put(t->pending, key, NULL, NULL) < 0 ? KC_ERR_NOMEM : 1;
}

size_t
kp_tracker_pending(const struct kp_tracker *t)
{
	return kc_strmap_size(t->pending);
}

/*
 * As upstream's ServiceChangeTracker.Update(): a change counts when the service's ports as the
 * proxier sees them differ before and after.
 */
int
kp_tracker_service_update(struct kp_tracker *t, const json_t *old, const json_t *cur)
{
	struct kp_service a, b;
	const json_t *any = cur ? cur : old;
	char *key;
	int changed, r;

	if (!any)
		return 0;
	if (kp_service_parse(old, t->family, &a) < 0)
		return KC_ERR_NOMEM;
	if (kp_service_parse(cur, t->family, &b) < 0) {
		kp_service_release(&a);
		return KC_ERR_NOMEM;
	}
	changed = !kp_service_equal(&a, &b);
	kp_service_release(&a);
	kp_service_release(&b);
	if (!changed)
		return 0;
	key = kc_meta_key(any);
	if (!key)
		return KC_ERR_NOMEM;
	r = kp_tracker_mark(t, key);
	free(key);
	if (r > 0)
		t->service_changes++;
	return r;
}

/* ---- compact store objects ---- */

static json_t *
slim_service(const json_t *obj)
{
	static const char *const spec_keys[] = {
		"type",
		"clusterIP",
		"clusterIPs",
		"ports",
		"sessionAffinity",
		"sessionAffinityConfig",
		"externalTrafficPolicy",
		"internalTrafficPolicy",
		"healthCheckNodePort",
		"externalIPs",
		"loadBalancerSourceRanges",
	};
	const json_t *spec = json_object_get(obj, "spec"), *meta = json_object_get(obj, "metadata");
	json_t *out = json_object(), *s = json_object(), *m = json_object(), *ports = json_array();
	json_t *lb = kc_json_get_object(obj, "status.loadBalancer"), *p;
	size_t i;
	int r = out && s && m && ports ? 0 : -1;

	for (i = 0; r >= 0 && i < sizeof(spec_keys) / sizeof(spec_keys[0]); i++)
		if (json_object_get(spec, spec_keys[i]) && strcmp(spec_keys[i], "ports") != 0)
			r = json_object_set(s, spec_keys[i], json_object_get(spec, spec_keys[i]));
	/* ports without targetPort and appProtocol, which the proxy does not read */
	json_array_foreach(json_object_get(spec, "ports"), i, p) {
		json_t *q = json_object();

		if (r < 0 || !q || json_array_append_new(ports, q) < 0) {
			r = -1;
			break;
		}
		if (json_object_get(p, "name"))
			r = json_object_set(q, "name", json_object_get(p, "name"));
		if (r >= 0 && json_object_get(p, "protocol"))
			r = json_object_set(q, "protocol", json_object_get(p, "protocol"));
		if (r >= 0 && json_object_get(p, "port"))
			r = json_object_set(q, "port", json_object_get(p, "port"));
		if (r >= 0 && json_object_get(p, "nodePort"))
			r = json_object_set(q, "nodePort", json_object_get(p, "nodePort"));
	}
	if (r >= 0)
		r = json_object_set(s, "ports", ports);
	for (i = 0; r >= 0 && i < 4; i++) {
		static const char *const mk[] = { "name", "namespace", "resourceVersion",
						  "deletionTimestamp" };

		if (json_object_get(meta, mk[i]))
			r = json_object_set(m, mk[i], json_object_get(meta, mk[i]));
	}
	if (r >= 0)
		r = json_object_set(out, "metadata", m);
	if (r >= 0)
		r = json_object_set(out, "spec", s);
	if (r >= 0 && lb)
		r = json_object_set_new(out, "status", json_pack("{s:O}", "loadBalancer", lb));
	json_decref(s);
	json_decref(m);
	json_decref(ports);
	if (r < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/*
 * Packing: the slim object's body as one compact JSON string under "kp", next to its metadata
 * (name, namespace, resourceVersion) and, for slices, "svc" (the service-name label).  One
 * string instead of a tree of jansson objects is a fifth of the memory; kp_unpack() turns it
 * back into the object on demand (microseconds, only for services a sync recomputes).
 */
json_t *
kp_pack(json_t *slim, const char *svc_label)
{
	json_t *out = json_object(), *meta = json_object_get(slim, "metadata");
	char *text;
	int r;

	if (!out || !meta) {
		json_decref(out);
		return NULL;
	}
	json_incref(meta);
	json_object_del(slim, "metadata");
	text = json_dumps(slim, JSON_COMPACT | JSON_PRESERVE_ORDER);
	r = text ? json_object_set_new(out, "kp", json_string(text)) : -1;
	if (r >= 0)
		r = json_object_set_new(out, "metadata", meta);
	else
		json_decref(meta);
	if (r >= 0 && svc_label)
		r = json_object_set_new(out, "svc", json_string(svc_label));
	free(text);
	if (r < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *
kp_unpack(const json_t *obj)
{
	const char *text = json_string_value(json_object_get(obj, "kp"));
	json_t *u;

	if (!text)
		return json_incref((json_t *)obj);
	u = json_loads(text, 0, NULL);
	if (!u || json_object_set(u, "metadata", json_object_get(obj, "metadata")) < 0) {
		json_decref(u);
		return NULL;
	}
	return u;
}

json_t *
kp_slim_service(void *arg, const json_t *obj)
{
	json_t *slim = slim_service(obj), *packed;

	(void)arg;
	if (!slim)
		return NULL;
	packed = kp_pack(slim, NULL);
	json_decref(slim);
	return packed;
}
