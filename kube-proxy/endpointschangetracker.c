/*
 * endpointschangetracker.c - endpoints from EndpointSlices, and which EndpointSlice changes
 * matter (upstream: pkg/proxy/endpointschangetracker.go, endpointslicecache.go, endpoint.go,
 * topology.go CategorizeEndpoints()).  Topology hints are not used (upstream without the
 * TopologyAwareHints data falls back to the same behaviour).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-proxy/proxy.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

const char *
kp_endpoint_string(const struct kp_endpoint *ep, char *buf, size_t size)
{
	if (strchr(ep->ip, ':'))
		snprintf(buf, size, "[%s]:%d", ep->ip, ep->port);
	else
		snprintf(buf, size, "%s:%d", ep->ip, ep->port);
	return buf;
}

void
kp_endpoints_release(struct kp_endpoints *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].node_name);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

char *
kp_slice_service_key(const json_t *slice)
{
	const char *packed = json_string_value(json_object_get(slice, "svc"));
	const char *svc = packed ? packed : kc_meta_label(slice, KP_SERVICE_NAME_LABEL);
	const char *ns = kc_meta_namespace(slice);

	if (!svc || !*svc)
		return NULL;
	return kc_strfmt("%s/%s", ns ? ns : "", svc);
}

static const char *
family_address_type(int family)
{
	return family == 6 ? "IPv6" : "IPv4";
}

/* The slice port matching sp (same name and protocol), or -1. */
static int
slice_port_for(const json_t *slice, const struct kp_service_port *sp)
{
	json_t *ports = kc_json_get_array(slice, "ports"), *p;
	size_t i;

	json_array_foreach(ports, i, p) {
		const char *proto = kc_json_get_string(p, "protocol", "TCP");
		char lower[8];
		size_t k;

		for (k = 0; proto[k] && k < sizeof(lower) - 1; k++)
			lower[k] = (char)(proto[k] | 0x20);
		lower[k] = '\0';
		if (!json_is_integer(json_object_get(p, "port")))
			continue;
		if (strcmp(kc_json_get_string(p, "name", ""), sp->port_name) == 0 &&
		    strcmp(lower, sp->protocol) == 0)
			return (int)json_integer_value(json_object_get(p, "port"));
	}
	return -1;
}

static struct kp_endpoint *
find_endpoint(struct kp_endpoints *e, const char *ip, int port)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->v[i].port == port && strcmp(e->v[i].ip, ip) == 0)
			return &e->v[i];
	return NULL;
}

/* Upstream's conditions: ready nil = true, serving nil = ready, terminating nil = false. */
static void
read_conditions(struct kp_endpoint *ep, const json_t *e)
{
	json_t *c = json_object_get(e, "conditions");
	json_t *ready = json_object_get(c, "ready"), *serving = json_object_get(c, "serving");
	json_t *term = json_object_get(c, "terminating");

	ep->ready = json_is_boolean(ready) ? json_is_true(ready) : 1;
	ep->serving = json_is_boolean(serving) ? json_is_true(serving) : ep->ready;
	ep->terminating = json_is_true(term);
}

/*
 * An endpoint in kp_slim_slice()'s compact form "<ip> <R|-><S|-><T|-> [node]" (conditions
 * already resolved).  0, or -1 when malformed.
 */
static int
read_compact(struct kp_endpoint *ep, const char *s, const char **ret_node)
{
	const char *sp = strchr(s, ' ');

	if (!sp || (size_t)(sp - s) >= sizeof(ep->ip) || strlen(sp) < 4)
		return -1;
	memcpy(ep->ip, s, (size_t)(sp - s));
	ep->ip[sp - s] = '\0';
	ep->ready = sp[1] == 'R';
	ep->serving = sp[2] == 'S';
	ep->terminating = sp[3] == 'T';
	*ret_node = sp[4] == ' ' && sp[5] ? sp + 5 : NULL;
	return 0;
}

static int
add_endpoint(struct kp_endpoints *ret, const json_t *e, int port, const char *hostname)
{
	const char *ip = json_string_value(json_array_get(json_object_get(e, "addresses"), 0));
	const char *node = kc_json_get_string(e, "nodeName", NULL);
	struct kp_endpoint ep = { 0 }, *old;

	if (json_is_string(e)) {
		if (read_compact(&ep, json_string_value(e), &node) < 0)
			return 0;
	} else {
		if (!ip || strlen(ip) >= sizeof(ep.ip))
			return 0;
		strcpy(ep.ip, ip);
		read_conditions(&ep, e);
	}
	ep.port = port;
	ep.is_local = node && hostname && strcmp(node, hostname) == 0;
	old = find_endpoint(ret, ep.ip, port);
	if (old) {
		/* The same endpoint in two slices (a slice being replaced): a ready copy wins. */
		if (!old->ready && ep.ready) {
			old->ready = ep.ready;
			old->serving = ep.serving;
			old->terminating = ep.terminating;
		}
		return 0;
	}
	if (node && !(ep.node_name = strdup(node)))
		return KC_ERR_NOMEM;
	if (ret->n == ret->cap) {
		size_t cap = ret->cap ? ret->cap * 2 : 8;
		struct kp_endpoint *v = realloc(ret->v, cap * sizeof(*v));

		if (!v) {
			free(ep.node_name);
			return KC_ERR_NOMEM;
		}
		ret->v = v;
		ret->cap = cap;
	}
	ret->v[ret->n++] = ep;
	return 0;
}

static int
compare_endpoints(const void *a, const void *b)
{
	char sa[64], sb[64];

	return strcmp(kp_endpoint_string(a, sa, sizeof(sa)), kp_endpoint_string(b, sb, sizeof(sb)));
}

int
kp_endpoints_collect(const json_t *slices, const struct kp_service_port *sp, int family,
		     const char *hostname, struct kp_endpoints *ret)
{
	size_t i, j;
	json_t *slice, *e;

	memset(ret, 0, sizeof(*ret));
	json_array_foreach(slices, i, slice) {
		json_t *u = kp_unpack(slice);
		int port, r = 0;

		if (!u) {
			kp_endpoints_release(ret);
			return KC_ERR_NOMEM;
		}
		port = strcmp(kc_json_get_string(u, "addressType", ""), family_address_type(family))
			       ? -1
			       : slice_port_for(u, sp);
		json_array_foreach(port < 0 ? NULL : json_object_get(u, "endpoints"), j, e)
			if (r >= 0)
				r = add_endpoint(ret, e, port, hostname);
		json_decref(u);
		if (r < 0) {
			kp_endpoints_release(ret);
			return KC_ERR_NOMEM;
		}
	}
	if (ret->n > 1)
		qsort(ret->v, ret->n, sizeof(*ret->v), compare_endpoints);
	return 0;
}

/* ---- CategorizeEndpoints ---- */

static size_t
filter(const struct kp_endpoints *eps, size_t *out, int (*keep)(const struct kp_endpoint *))
{
	size_t i, n = 0;

	for (i = 0; i < eps->n; i++)
		if (keep(&eps->v[i]))
			out[n++] = i;
	return n;
}

static int
is_ready(const struct kp_endpoint *ep)
{
	return ep->ready;
}

static int
is_serving_terminating(const struct kp_endpoint *ep)
{
	return ep->serving && ep->terminating;
}

static int
is_local_ready(const struct kp_endpoint *ep)
{
	return ep->is_local && ep->ready;
}

static int
is_local_serving_terminating(const struct kp_endpoint *ep)
{
	return ep->is_local && ep->serving && ep->terminating;
}

/* Merges cluster and local index lists (both sorted) into reachable, without duplicates. */
static size_t
merge_sorted(const size_t *a, size_t na, const size_t *b, size_t nb, size_t *out)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i] < b[j]))
			out[n++] = a[i++];
		else if (i == na || b[j] < a[i])
			out[n++] = b[j++];
		else {
			out[n++] = a[i++];
			j++;
		}
	}
	return n;
}

int
kp_categorize_endpoints(const struct kp_endpoints *eps, const struct kp_service_port *sp,
			size_t *cluster, size_t *ret_n_cluster, size_t *local, size_t *ret_n_local,
			size_t *reachable, size_t *ret_n_reachable)
{
	int has_any = 0, local_ready = 0, local_term = 0;
	size_t i, nc = 0, nl = 0;

	if (kp_service_port_uses_cluster_endpoints(sp)) {
		nc = filter(eps, cluster, is_ready);
		/* No ready endpoint anywhere: fall back to serving, terminating ones. */
		if (nc == 0)
			nc = filter(eps, cluster, is_serving_terminating);
		has_any = nc > 0;
	}
	*ret_n_cluster = nc;
	*ret_n_local = 0;
	if (!kp_service_port_uses_local_endpoints(sp)) {
		memcpy(reachable, cluster, nc * sizeof(*cluster));
		*ret_n_reachable = nc;
		return has_any;
	}
	for (i = 0; i < eps->n; i++) {
		const struct kp_endpoint *ep = &eps->v[i];

		if (ep->ready) {
			has_any = 1;
			local_ready |= ep->is_local;
		} else if (ep->serving && ep->terminating) {
			has_any = 1;
			local_term |= ep->is_local;
		}
	}
	if (local_ready)
		nl = filter(eps, local, is_local_ready);
	else if (local_term)
		nl = filter(eps, local, is_local_serving_terminating);
	*ret_n_local = nl;
	if (!kp_service_port_uses_cluster_endpoints(sp)) {
		memcpy(reachable, local, nl * sizeof(*local));
		*ret_n_reachable = nl;
		return has_any;
	}
	*ret_n_reachable = merge_sorted(cluster, nc, local, nl, reachable);
	return has_any;
}

/* ---- slice change tracking ---- */

/*
 * As upstream's EndpointsChangeTracker.EndpointSliceUpdate(): a slice change counts unless the
 * slice has no service label.  An update that changes only metadata (same endpoints, ports and
 * address type) is dropped here, so informer resyncs cost nothing.
 */
int
kp_tracker_slice_update(struct kp_tracker *t, const json_t *old, const json_t *cur)
{
	const json_t *any = cur ? cur : old;
	char *key;
	int r;

	if (!any)
		return 0;
	/* packed slices (kp_slim_slice): the same body text is the same slice for the proxy */
	if (old && cur && json_is_string(json_object_get(old, "kp")) &&
	    kc_json_equal(json_object_get(old, "kp"), json_object_get(cur, "kp")) &&
	    kc_json_equal(json_object_get(old, "svc"), json_object_get(cur, "svc")))
		return 0;
	if (old && cur && !json_object_get(old, "kp") && !json_object_get(cur, "kp") &&
	    kc_json_equal(json_object_get(old, "endpoints"), json_object_get(cur, "endpoints")) &&
	    kc_json_equal(json_object_get(old, "ports"), json_object_get(cur, "ports")) &&
	    kc_json_equal(json_object_get(old, "addressType"), json_object_get(cur, "addressType")))
		return 0;
	/* A slice moved to another service (label changed): both services change. */
	if (old && cur && (key = kp_slice_service_key(old)) != NULL) {
		r = kp_tracker_mark(t, key);
		free(key);
		if (r < 0)
			return r;
	}
	key = kp_slice_service_key(any);
	if (!key)
		return 0;
	r = kp_tracker_mark(t, key);
	free(key);
	if (r > 0)
		t->endpoint_changes++;
	return r;
}

/* ---- compact store objects ---- */

static int
copy_key(json_t *dst, const json_t *src, const char *key)
{
	json_t *v = json_object_get(src, key);

	return v ? json_object_set(dst, key, v) : 0;
}

/* name, namespace, resourceVersion, and the labels kube-proxy reads. */
static json_t *
slim_metadata(const json_t *obj, int keep_service_label)
{
	const json_t *meta = json_object_get(obj, "metadata");
	const char *svc = kc_meta_label(obj, KP_SERVICE_NAME_LABEL);
	json_t *m = json_object();

	if (!m || copy_key(m, meta, "name") < 0 || copy_key(m, meta, "namespace") < 0 ||
	    copy_key(m, meta, "resourceVersion") < 0 || copy_key(m, meta, "deletionTimestamp") < 0)
		goto fail;
	if (keep_service_label && svc &&
	    json_object_set_new(m, "labels", json_pack("{s:s}", KP_SERVICE_NAME_LABEL, svc)) < 0)
		goto fail;
	return m;
fail:
	json_decref(m);
	return NULL;
}

static json_t *
compact_endpoint(const json_t *e)
{
	struct kp_endpoint ep;
	const char *ip = json_string_value(json_array_get(json_object_get(e, "addresses"), 0));
	const char *node = kc_json_get_string(e, "nodeName", "");

	if (!ip)
		return json_null();
	read_conditions(&ep, e);
	return json_sprintf("%s %c%c%c%s%s", ip, ep.ready ? 'R' : '-', ep.serving ? 'S' : '-',
			    ep.terminating ? 'T' : '-', *node ? " " : "", node);
}

static json_t *
slim_slice(const json_t *obj)
{
	json_t *out = json_object(), *eps = json_array(), *e;
	size_t i;

	if (!out || !eps)
		goto fail;
	json_array_foreach(json_object_get(obj, "endpoints"), i, e) {
		json_t *c = compact_endpoint(e);

		if (!c || (!json_is_null(c) && json_array_append(eps, c) < 0)) {
			json_decref(c);
			goto fail;
		}
		json_decref(c);
	}
	if (json_object_set_new(out, "metadata", slim_metadata(obj, 1)) < 0 ||
	    copy_key(out, obj, "addressType") < 0 || copy_key(out, obj, "ports") < 0 ||
	    json_object_set(out, "endpoints", eps) < 0)
		goto fail;
	json_decref(eps);
	return out;
fail:
	json_decref(eps);
	json_decref(out);
	return NULL;
}

json_t *
kp_slim_slice(void *arg, const json_t *obj)
{
	json_t *slim = slim_slice(obj), *packed;

	(void)arg;
	if (!slim)
		return NULL;
	packed = kp_pack(slim, kc_meta_label(obj, KP_SERVICE_NAME_LABEL));
	json_decref(slim);
	return packed;
}
