/*
 * service_alloc.c - ClusterIP and NodePort allocation around the Service store (upstream:
 * pkg/registry/core/service/storage/alloc.go, storage.go beginCreate/beginUpdate/afterDelete).
 * See service_alloc.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/field_errors.h"
#include "kube-apiserver/registry/range_store.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/log.h"

/* Update rounds (run, allocate what is missing, run again) before giving up. */
#define SERVICE_ALLOC_MAX_ROUNDS 4

struct svc_op;

struct service_alloc {
	struct range_store *ips;
	struct range_store *ports;
	struct svc_op *ops; /* in flight, detached on free */
};

/* --- plans: the values a service needs ------------------------------------------------------- */

enum role {
	ROLE_IP,
	ROLE_NODEPORT,
	ROLE_HC,
};

struct want {
	enum role role;
	size_t port_index; /* ROLE_NODEPORT: the ports[] entry the error is about */
	int next;          /* any value; else `value` */
	uint32_t value;
	uint32_t got;
};

struct plan {
	struct want *w;
	size_t n;
	int ip_want; /* index into w, -1: none */
	int hc_want;
	int *port_want; /* per ports[] entry */
	size_t n_ports;
	struct field_errors errs;       /* cluster checks (families) */
	struct service_values released; /* what the write frees (update: commit) */
};

static void
plan_release(struct plan *p)
{
	free(p->w);
	free(p->port_want);
	field_errors_release(&p->errs);
	memset(p, 0, sizeof(*p));
}

static int
plan_init(struct plan *p, const json_t *svc)
{
	size_t n = json_array_size(jarr(jobj(svc, "spec"), "ports"));

	memset(p, 0, sizeof(*p));
	p->ip_want = p->hc_want = -1;
	p->n_ports = n;
	p->w = calloc(n + 2, sizeof(*p->w));
	p->port_want = calloc(n + 1, sizeof(*p->port_want));
	if (p->w == NULL || p->port_want == NULL)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		p->port_want[i] = -1;
	return 0;
}

static int
add_want(struct plan *p, enum role role, size_t port_index, int next, uint32_t value)
{
	struct want *w = &p->w[p->n];

	w->role = role;
	w->port_index = port_index;
	w->next = next;
	w->value = value;
	return (int)p->n++;
}

static int
is_headless(const json_t *svc)
{
	const json_t *ips = jarr(jobj(svc, "spec"), "clusterIPs");

	return streq(jstr0(jobj(svc, "spec"), "clusterIP"), "None") ||
	       streq(json_string_value(json_array_get(ips, 0)), "None");
}

static int
node_port_type(const json_t *svc)
{
	const char *t = jstr0(jobj(svc, "spec"), "type");

	return streq(t, "NodePort") || streq(t, "LoadBalancer");
}

static uint32_t
port_of(const json_t *port)
{
	return (uint32_t)jint(port, "nodePort", 0);
}

/* initIPFamilyFields' checks of what this (single-stack IPv4) cluster can serve. */
static void
check_families(const json_t *svc, struct field_errors *errs)
{
	const json_t *spec = jobj(svc, "spec"), *f;
	size_t i;

	if (streq(jstr0(spec, "ipFamilyPolicy"), "RequireDualStack"))
		field_errors_invalid(errs, "spec.ipFamilyPolicy", "RequireDualStack",
				     "this cluster is not configured for dual-stack services");
	json_array_foreach(jarr(spec, "ipFamilies"), i, f) {
		char p[64];

		if (streq(json_string_value(f), "IPv4"))
			continue;
		snprintf(p, sizeof(p), "spec.ipFamilies[%zu]", i);
		field_errors_invalid(errs, p, json_string_value(f) ? json_string_value(f) : "",
				     "not configured on this cluster");
	}
}

static void
plan_cluster_ip(struct plan *p, const json_t *svc)
{
	const char *ip = jstr0(jobj(svc, "spec"), "clusterIP");
	uint32_t v = 0;

	if (!service_needs_cluster_ip(svc) || is_headless(svc))
		return;
	check_families(svc, &p->errs);
	if (ip[0] == '\0') {
		p->ip_want = add_want(p, ROLE_IP, 0, 1, 0);
		return;
	}
	svc_range_parse_ipv4(ip, &v); /* validation checked it; 0 is then not in the range */
	p->ip_want = add_want(p, ROLE_IP, 0, 0, v);
}

/* A user-given nodePort of a later entry with the same port number (findRequestedNodePort). */
static uint32_t
requested_node_port(const json_t *ports, int64_t number)
{
	size_t i;
	json_t *port;

	json_array_foreach((json_t *)ports, i, port)
		if (jint(port, "port", 0) == number && port_of(port) != 0)
			return port_of(port);
	return 0;
}

/* initNodePorts: entries with the same port number share one node port. */
static void
plan_init_node_ports(struct plan *p, const json_t *svc)
{
	const json_t *ports = jarr(jobj(svc, "spec"), "ports");
	int allocate = service_needs_node_ports(svc);
	size_t i, j;
	json_t *port;

	json_array_foreach((json_t *)ports, i, port) {
		int64_t number = jint(port, "port", 0);
		int shared = -1;
		uint32_t np = port_of(port), req;

		if (np == 0 && !allocate)
			continue;
		for (j = 0; j < i && shared < 0; j++)
			if (jint(json_array_get(ports, j), "port", 0) == number)
				shared = (int)j;
		if (shared < 0 || (p->port_want[shared] < 0 &&
				   port_of(json_array_get(ports, (size_t)shared)) == 0)) {
			req = requested_node_port(ports, number);
			p->port_want[i] = add_want(p, ROLE_NODEPORT, i, req == 0, req);
			continue;
		}
		/* the node port the first entry of this number got (wanted or given) */
		if (np == 0)
			p->port_want[i] = p->port_want[shared];
		else if (p->port_want[shared] < 0 ||
			 p->w[p->port_want[shared]].next || np != p->w[p->port_want[shared]].value)
			p->port_want[i] = add_want(p, ROLE_NODEPORT, i, 0, np);
	}
}

static int
in_list(const uint32_t *v, size_t n, uint32_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static void
add_released(struct service_values *r, uint32_t v)
{
	if (v == 0 || in_list(r->ports, r->n_ports, v))
		return;
	if (r->n_ports == KC_ARRAY_SIZE(r->ports)) {
		kc_warning("\"more node ports than tracked: the repair releases the rest\" "
			   "port=%u",
			   v);
		return;
	}
	r->ports[r->n_ports++] = v;
}

/* updateNodePorts: new numbers are allocated, numbers no longer used released. */
static void
plan_update_node_ports(struct plan *p, const json_t *svc, const json_t *old)
{
	const json_t *ports = jarr(jobj(svc, "spec"), "ports"), *oports = jarr(jobj(old, "spec"), "ports");
	int allocate = service_needs_node_ports(svc);
	size_t i;
	json_t *port;

	json_array_foreach((json_t *)ports, i, port) {
		uint32_t np = port_of(port);
		int seen = 0;
		size_t j;

		if (np == 0 && !allocate)
			continue;
		if (np == 0) {
			p->port_want[i] = add_want(p, ROLE_NODEPORT, i, 1, 0);
			continue;
		}
		for (j = 0; j < json_array_size(oports); j++)
			seen |= port_of(json_array_get(oports, j)) == np;
		for (j = 0; j < p->n; j++)
			seen |= p->w[j].role == ROLE_NODEPORT && !p->w[j].next && p->w[j].value == np;
		if (!seen)
			p->port_want[i] = add_want(p, ROLE_NODEPORT, i, 0, np);
	}
	json_array_foreach((json_t *)oports, i, port) {
		uint32_t np = port_of(port);
		int kept = 0;

		for (size_t j = 0; j < json_array_size(ports); j++)
			kept |= port_of(json_array_get(ports, j)) == np;
		if (np != 0 && !kept)
			add_released(&p->released, np);
	}
}

static void
plan_health_check(struct plan *p, const json_t *svc)
{
	uint32_t hc = (uint32_t)jint(jobj(svc, "spec"), "healthCheckNodePort", 0);

	if (service_needs_health_check_node_port(svc))
		p->hc_want = add_want(p, ROLE_HC, 0, hc == 0, hc);
}

static int
plan_for_create(struct plan *p, const json_t *svc)
{
	int r = plan_init(p, svc);

	if (r < 0)
		return r;
	plan_cluster_ip(p, svc);
	if (node_port_type(svc))
		plan_init_node_ports(p, svc);
	plan_health_check(p, svc);
	return p->errs.nomem ? KC_ERR_NOMEM : 0;
}

static int
plan_for_update(struct plan *p, const json_t *svc, const json_t *old)
{
	int r = plan_init(p, svc);
	uint32_t oip = 0;

	if (r < 0)
		return r;
	/* case A: ExternalName -> a type with ClusterIPs; case B: the reverse */
	if (!service_needs_cluster_ip(old))
		plan_cluster_ip(p, svc);
	else if (!service_needs_cluster_ip(svc) && !is_headless(old) &&
		 svc_range_parse_ipv4(jstr0(jobj(old, "spec"), "clusterIP"), &oip) == 0)
		p->released.ip = oip;
	if (!node_port_type(old) && node_port_type(svc)) {
		plan_init_node_ports(p, svc);
	} else if (node_port_type(old) && node_port_type(svc)) {
		plan_update_node_ports(p, svc, old);
	} else if (node_port_type(old)) {
		size_t i;
		json_t *port;

		json_array_foreach(jarr(jobj(old, "spec"), "ports"), i, port)
			add_released(&p->released, port_of(port));
	}
	if (service_needs_health_check_node_port(old) &&
	    jint(jobj(old, "spec"), "healthCheckNodePort", 0) != 0) {
		if (!service_needs_health_check_node_port(svc))
			add_released(&p->released,
				     (uint32_t)jint(jobj(old, "spec"), "healthCheckNodePort", 0));
	} else {
		plan_health_check(p, svc);
	}
	return p->errs.nomem ? KC_ERR_NOMEM : 0;
}

/* Writes the values got into svc. */
static int
plan_fill(const struct plan *p, json_t *svc)
{
	json_t *spec = jobj(svc, "spec");
	char ip[32];
	size_t i;

	if (p->ip_want >= 0) {
		uint32_t v = p->w[p->ip_want].got;

		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
			 v & 0xff);
		if (json_object_set_new(spec, "clusterIP", json_string(ip)) < 0 ||
		    json_object_set_new(spec, "clusterIPs", json_pack("[s]", ip)) < 0)
			return KC_ERR_NOMEM;
	}
	for (i = 0; i < p->n_ports; i++)
		if (p->port_want[i] >= 0 &&
		    json_object_set_new(json_array_get(jarr(spec, "ports"), i), "nodePort",
					json_integer(p->w[p->port_want[i]].got)) < 0)
			return KC_ERR_NOMEM;
	if (p->hc_want >= 0 &&
	    json_object_set_new(spec, "healthCheckNodePort", json_integer(p->w[p->hc_want].got)) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

void
service_alloc_values_of(const json_t *svc, struct service_values *ret)
{
	const json_t *spec = jobj(svc, "spec");
	size_t i;
	json_t *port;

	memset(ret, 0, sizeof(*ret));
	if (service_needs_cluster_ip(svc) && !is_headless(svc) &&
	    svc_range_parse_ipv4(jstr0(spec, "clusterIP"), &ret->ip) < 0)
		ret->ip = 0;
	json_array_foreach(jarr(spec, "ports"), i, port)
		add_released(ret, port_of(port));
	add_released(ret, (uint32_t)jint(spec, "healthCheckNodePort", 0));
}

/* --- failures ------------------------------------------------------------------------------------ */

static json_t *
internal_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* NewInternalError: "Internal error occurred: <err>" with the cause. */
static json_t *
internal_status(const char *fmt, ...)
{
	char err[512], msg[600];
	va_list ap;
	json_t *s;

	va_start(ap, fmt);
	vsnprintf(err, sizeof(err), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "Internal error occurred: %s", err);
	s = status_new(KC_ERR_INTERNAL, msg);
	if (s != NULL)
		json_object_set_new(s, "details",
				    json_pack("{s:[{s:s}]}", "causes", "message", err));
	return s;
}

static json_t *
invalid_status(const struct api_resource *res, const json_t *svc, struct field_errors *errs)
{
	json_t *s = strategy_invalid_status(res, svc, errs);

	field_errors_release(errs);
	return s;
}

/* The Status of a failed allocation (alloc.go's messages for each value). */
static json_t *
want_failed_status(struct service_alloc *sa, const struct api_resource *res, const json_t *svc,
		   const struct want *w, const struct range_item *item)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	char why[256], detail[320], path[64];

	range_item_error(w->role == ROLE_IP ? sa->ips : sa->ports, item, why, sizeof(why));
	switch (w->role) {
	case ROLE_IP:
		if (w->next)
			return internal_status("failed to allocate a serviceIP: %s", why);
		snprintf(detail, sizeof(detail), "failed to allocate IP %s: %s",
			 jstr0(jobj(svc, "spec"), "clusterIP"), why);
		strategy_invalid_rendered(&errs, "spec.clusterIPs",
					  jarr(jobj(svc, "spec"), "clusterIPs"), go_string_slice,
					  detail);
		return invalid_status(res, svc, &errs);
	case ROLE_NODEPORT:
		if (w->next)
			return internal_status("failed to allocate a nodePort: %s", why);
		snprintf(path, sizeof(path), "spec.ports[%zu].nodePort", w->port_index);
		field_errors_invalid_int(&errs, path, w->value, why);
		return invalid_status(res, svc, &errs);
	case ROLE_HC:
		if (w->next)
			return internal_status("failed to allocate a HealthCheck NodePort 0: %s", why);
		return internal_status("failed to allocate requested HealthCheck NodePort %u: %s",
				       w->value, why);
	}
	return NULL;
}

static json_t *
storage_failed_status(int err)
{
	return internal_status("cannot allocate resources of type %s at this time: %s",
			       "serviceipallocations", kc_strerror(err));
}

/* --- operations ----------------------------------------------------------------------------- */

/* A value allocated for an operation, kept until it is used or released. */
struct pre {
	int port; /* range: 0 IPs, 1 ports */
	uint32_t value;
	int next; /* allocated as "any value" */
	int used;
};

struct svc_op {
	struct service_alloc *sa; /* NULL once the allocator is gone */
	struct svc_op *prev, *next;
	int update;
	struct store *s;
	const struct api_resource *res;
	json_t *obj; /* create: the object; update: the last result, for messages */
	char *ns, *name;
	store_update_fn fn;
	void *fn_arg;
	unsigned flags;
	store_cb cb;
	void *arg;
	struct plan plan;
	struct want *need; /* the round's missing values */
	size_t n_need;
	struct pre *pre;
	size_t n_pre;
	int need_alloc;
	int rounds;
	json_t *fail_status; /* answered from the loop */
	struct service_values to_release; /* commit */
};

static void
op_free(struct svc_op *op)
{
	if (op->sa != NULL) {
		if (op->prev != NULL)
			op->prev->next = op->next;
		else
			op->sa->ops = op->next;
		if (op->next != NULL)
			op->next->prev = op->prev;
	}
	plan_release(&op->plan);
	json_decref(op->obj);
	json_decref(op->fail_status);
	free(op->need);
	free(op->pre);
	free(op->ns);
	free(op->name);
	free(op);
}

static struct svc_op *
op_new(struct service_alloc *sa, struct store *s, const struct api_resource *res, unsigned flags,
       store_cb cb, void *arg)
{
	struct svc_op *op = calloc(1, sizeof(*op));

	if (op == NULL)
		return NULL;
	op->sa = sa;
	op->s = s;
	op->res = res;
	op->flags = flags;
	op->cb = cb;
	op->arg = arg;
	op->next = sa->ops;
	if (sa->ops != NULL)
		sa->ops->prev = op;
	sa->ops = op;
	return op;
}

/* Fire-and-forget releases (nothing for dry runs or once the allocator is gone). */
static void
release_values(struct service_alloc *sa, const uint32_t *ips, size_t n_ips, const uint32_t *ports,
	       size_t n_ports)
{
	struct range_item items[KC_ARRAY_SIZE(((struct service_values *)0)->ports) + 2];
	size_t i, n;

	if (sa == NULL)
		return;
	for (i = n = 0; i < n_ips && n < KC_ARRAY_SIZE(items); i++)
		if (ips[i] != 0)
			items[n++] = (struct range_item){ .op = RANGE_RELEASE, .value = ips[i] };
	if (n > 0 && range_store_apply(sa->ips, items, n, 0, NULL, NULL) == NULL)
		kc_warning("\"cannot release service IPs\" err=\"out of memory\"");
	for (i = n = 0; i < n_ports && n < KC_ARRAY_SIZE(items); i++)
		if (ports[i] != 0)
			items[n++] = (struct range_item){ .op = RANGE_RELEASE, .value = ports[i] };
	if (n > 0 && range_store_apply(sa->ports, items, n, 0, NULL, NULL) == NULL)
		kc_warning("\"cannot release node ports\" err=\"out of memory\"");
}

/* Releases the op's allocations: all of them (revert) or the unused ones. */
static void
release_pre(struct svc_op *op, int only_unused)
{
	uint32_t ips[4], ports[SERVICE_ALLOC_MAX_PORTS];
	size_t ni = 0, np = 0;

	if (op->flags & STORE_DRY_RUN)
		return;
	for (size_t i = 0; i < op->n_pre; i++) {
		if (only_unused && op->pre[i].used)
			continue;
		if (!op->pre[i].port && ni < KC_ARRAY_SIZE(ips))
			ips[ni++] = op->pre[i].value;
		else if (op->pre[i].port && np < KC_ARRAY_SIZE(ports))
			ports[np++] = op->pre[i].value;
	}
	release_values(op->sa, ips, ni, ports, np);
	op->n_pre = 0;
}

static void
op_finish(struct svc_op *op, json_t *status, const struct store_result *res)
{
	if (op->cb != NULL)
		op->cb(op->arg, status, res);
	else
		json_decref(status);
	op_free(op);
}

static void
op_fail(struct svc_op *op, json_t *status)
{
	release_pre(op, 0);
	op_finish(op, status != NULL ? status : status_new(KC_ERR_NOMEM, "out of memory"), NULL);
}

/* Matches the plan's wants with the op's allocations; the missing ones go to op->need. */
static int
cover(struct svc_op *op, struct plan *p)
{
	size_t i, j;

	for (j = 0; j < op->n_pre; j++)
		op->pre[j].used = 0;
	op->n_need = 0;
	free(op->need);
	op->need = calloc(p->n + 1, sizeof(*op->need));
	if (op->need == NULL)
		return KC_ERR_NOMEM;
	for (i = 0; i < p->n; i++) {
		struct want *w = &p->w[i];
		int port = w->role != ROLE_IP, found = 0;

		for (j = 0; j < op->n_pre && !found; j++) {
			struct pre *e = &op->pre[j];

			if (e->used || e->port != port)
				continue;
			if ((w->next && e->next) || (!w->next && !e->next && e->value == w->value)) {
				e->used = found = 1;
				w->got = e->value;
			}
		}
		if (!found)
			op->need[op->n_need++] = *w;
	}
	return 0;
}

static void alloc_step(struct svc_op *op, int port);
static void after_alloc(struct svc_op *op);

static int
add_pre(struct svc_op *op, int port, uint32_t value, int next)
{
	struct pre *n = realloc(op->pre, (op->n_pre + 1) * sizeof(*n));

	if (n == NULL)
		return KC_ERR_NOMEM;
	op->pre = n;
	op->pre[op->n_pre++] = (struct pre){ port, value, next, 0 };
	return 0;
}

/* The wants of one range, in op->need order. */
static size_t
need_items(struct svc_op *op, int port, struct range_item *items, size_t *map)
{
	size_t n = 0;

	for (size_t i = 0; i < op->n_need; i++) {
		struct want *w = &op->need[i];

		if ((w->role != ROLE_IP) != port)
			continue;
		items[n].op = w->next ? RANGE_ALLOCATE_NEXT : RANGE_ALLOCATE;
		items[n].value = w->value;
		map[n++] = i;
	}
	return n;
}

static void
on_allocated(struct svc_op *op, int port, int err, const struct range_item *items, size_t n)
{
	KC_AUTOFREE struct range_item *mine = calloc(op->n_need + 1, sizeof(*mine));
	KC_AUTOFREE size_t *map = calloc(op->n_need + 1, sizeof(*map));

	if (mine == NULL || map == NULL) {
		op_fail(op, NULL);
		return;
	}
	need_items(op, port, mine, map);
	if (op->fail_status != NULL) {
		json_t *st = op->fail_status;

		op->fail_status = NULL;
		op_fail(op, st);
		return;
	}
	if (op->sa == NULL) {
		op_fail(op, status_new(KC_ERR_UNAVAILABLE, "shutting down"));
		return;
	}
	if (err == KC_ERR_INVALID) {
		for (size_t i = 0; i < n; i++)
			if (items[i].result != RANGE_OK) {
				op_fail(op, want_failed_status(op->sa, op->res, op->obj,
							       &op->need[map[i]], &items[i]));
				return;
			}
	}
	if (err < 0) {
		op_fail(op, storage_failed_status(err));
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (add_pre(op, port, items[i].value, op->need[map[i]].next) < 0) {
			op_fail(op, NULL);
			return;
		}
	if (!port)
		alloc_step(op, 1);
	else
		after_alloc(op);
}

static void
on_ips(void *arg, int err, const struct range_item *items, size_t n)
{
	on_allocated(arg, 0, err, items, n);
}

static void
on_ports(void *arg, int err, const struct range_item *items, size_t n)
{
	on_allocated(arg, 1, err, items, n);
}

/* Allocates op->need's values of one range (IPs first, then ports). */
static void
alloc_step(struct svc_op *op, int port)
{
	KC_AUTOFREE struct range_item *items = calloc(op->n_need + 1, sizeof(*items));
	KC_AUTOFREE size_t *map = calloc(op->n_need + 1, sizeof(*map));
	size_t n;

	if (items == NULL || map == NULL) {
		op_fail(op, NULL);
		return;
	}
	n = need_items(op, port, items, map);
	if (n == 0) {
		if (!port)
			alloc_step(op, 1);
		else
			after_alloc(op);
		return;
	}
	if (range_store_apply(port ? op->sa->ports : op->sa->ips, items, n,
			      (op->flags & STORE_DRY_RUN) ? RANGE_DRY_RUN : 0,
			      port ? on_ports : on_ips, op) == NULL)
		op_fail(op, NULL);
}

/* --- create ------------------------------------------------------------------------------------ */

static void
on_created(void *arg, json_t *status, const struct store_result *res)
{
	struct svc_op *op = arg;

	if (status != NULL) {
		op_fail(op, status); /* revert */
		return;
	}
	op_finish(op, NULL, res);
}

static void
create_write(struct svc_op *op)
{
	json_t *obj;

	if (cover(op, &op->plan) < 0 || op->n_need > 0 || plan_fill(&op->plan, op->obj) < 0) {
		op_fail(op, NULL);
		return;
	}
	obj = json_incref(op->obj);
	if (store_create(op->s, op->res, obj, op->flags, on_created, op) == NULL)
		op_fail(op, NULL);
}

int
service_alloc_create(struct service_alloc *sa, struct store *s, const struct api_resource *res,
		     json_t *obj, unsigned flags, store_cb cb, void *arg)
{
	struct svc_op *op = op_new(sa, s, res, flags, cb, arg);

	if (op == NULL) {
		json_decref(obj);
		return KC_ERR_NOMEM;
	}
	op->obj = obj;
	if (plan_for_create(&op->plan, obj) < 0 || cover(op, &op->plan) < 0) {
		op_free(op);
		return KC_ERR_NOMEM;
	}
	if (op->plan.errs.n > 0) {
		/* answered from the loop, as every store callback: an empty batch */
		op->fail_status = invalid_status(res, obj, &op->plan.errs);
		if (op->fail_status == NULL ||
		    range_store_apply(sa->ips, NULL, 0, RANGE_DRY_RUN, on_ips, op) == NULL) {
			op_free(op);
			return KC_ERR_NOMEM;
		}
		return 0;
	}
	alloc_step(op, 0);
	return 0;
}

/* --- update -------------------------------------------------------------------------------------- */

static int
update_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct svc_op *op = arg;
	json_t *obj = NULL;
	int r;

	r = op->fn(op->fn_arg, current, fresh, &obj, ret_status);
	if (r < 0)
		return r;
	plan_release(&op->plan);
	if (current == NULL) {
		/* create on update: what a create allocates */
		r = plan_for_create(&op->plan, obj);
	} else {
		r = plan_for_update(&op->plan, obj, current);
	}
	if (r < 0 || cover(op, &op->plan) < 0) {
		json_decref(obj);
		return KC_ERR_NOMEM;
	}
	json_decref(op->obj);
	op->obj = json_incref(obj);
	if (op->plan.errs.n > 0) {
		*ret_status = invalid_status(op->res, obj, &op->plan.errs);
		json_decref(obj);
		return KC_ERR_INVALID;
	}
	if (op->n_need > 0) {
		/* stop this write; the values are allocated and the update runs again */
		op->need_alloc = 1;
		json_decref(obj);
		*ret_status = json_object();
		return KC_ERR_UNAVAILABLE;
	}
	if (plan_fill(&op->plan, obj) < 0) {
		json_decref(obj);
		return KC_ERR_NOMEM;
	}
	op->to_release = op->plan.released;
	*ret_obj = obj;
	return 0;
}

static void update_run(struct svc_op *op);

static void
on_updated(void *arg, json_t *status, const struct store_result *res)
{
	struct svc_op *op = arg;

	if (op->need_alloc) {
		json_decref(status);
		op->need_alloc = 0;
		if (op->sa == NULL) {
			op_fail(op, status_new(KC_ERR_UNAVAILABLE, "shutting down"));
			return;
		}
		if (++op->rounds > SERVICE_ALLOC_MAX_ROUNDS) {
			op_fail(op, internal_status("the service changed while allocating its "
						    "values; try again"));
			return;
		}
		alloc_step(op, 0);
		return;
	}
	if (status != NULL) {
		op_fail(op, status);
		return;
	}
	release_pre(op, 1);
	if (!(op->flags & STORE_DRY_RUN) && !res->unchanged) {
		if (res->deleted)
			service_alloc_deleted(op->sa, res->obj);
		else
			release_values(op->sa, &op->to_release.ip, 1, op->to_release.ports,
				       op->to_release.n_ports);
	}
	op_finish(op, NULL, res);
}

static void
update_run(struct svc_op *op)
{
	if (store_update(op->s, op->res, op->ns, op->name, update_fn, op, op->flags, on_updated,
			 op) == NULL)
		op_fail(op, NULL);
}

static void
after_alloc(struct svc_op *op)
{
	if (op->update)
		update_run(op);
	else
		create_write(op);
}

int
service_alloc_update(struct service_alloc *sa, struct store *s, const struct api_resource *res,
		     const char *ns, const char *name, store_update_fn fn, void *fn_arg,
		     unsigned flags, store_cb cb, void *arg)
{
	struct svc_op *op = op_new(sa, s, res, flags, cb, arg);

	if (op == NULL)
		return KC_ERR_NOMEM;
	op->update = 1;
	op->fn = fn;
	op->fn_arg = fn_arg;
	if ((ns != NULL && (op->ns = strdup(ns)) == NULL) ||
	    (op->name = strdup(name != NULL ? name : "")) == NULL) {
		op_free(op);
		return KC_ERR_NOMEM;
	}
	if (store_update(s, res, op->ns, op->name, update_fn, op, flags, on_updated, op) == NULL) {
		op_free(op);
		return KC_ERR_NOMEM;
	}
	return 0;
}

/* --- delete and setup ----------------------------------------------------------------------- */

void
service_alloc_deleted(struct service_alloc *sa, const json_t *svc)
{
	struct service_values v;

	if (sa == NULL || svc == NULL)
		return;
	service_alloc_values_of(svc, &v);
	release_values(sa, &v.ip, 1, v.ports, v.n_ports);
}

int
service_alloc_handles(const struct api_resource *res)
{
	return res != NULL && res->group[0] == '\0' && streq(res->resource, "services");
}

int
service_alloc_new(const struct service_alloc_options *opts, struct service_alloc **ret, char *err,
		  size_t errlen)
{
	const char *cidr = opts->cluster_ip_range;
	struct service_alloc *sa;
	struct svc_range ips, ports;
	char first[64];
	int r;

	*ret = NULL;
	if (cidr == NULL || cidr[0] == '\0')
		cidr = SERVICE_ALLOC_DEFAULT_CIDR;
	snprintf(first, sizeof(first), "%.*s", (int)strcspn(cidr, ","), cidr);
	if ((r = svc_range_init_ip(&ips, first, err, errlen)) < 0)
		return r;
	if (strchr(cidr, ',') != NULL) {
		svc_range_release(&ips);
		snprintf(err, errlen,
			 "dual-stack service cluster IP ranges are not supported (%s): only IPv4 "
			 "single-stack",
			 cidr);
		return KC_ERR_UNSUPPORTED;
	}
	if ((r = svc_range_init_ports(&ports, opts->node_port_base > 0 ? opts->node_port_base : 30000,
				      opts->node_port_size > 0 ? opts->node_port_size : 2768)) < 0) {
		svc_range_release(&ips);
		return r;
	}
	sa = calloc(1, sizeof(*sa));
	if (sa == NULL) {
		svc_range_release(&ips);
		svc_range_release(&ports);
		return KC_ERR_NOMEM;
	}
	sa->ips = range_store_new(opts->etcd, SERVICE_ALLOC_IPS_KEY, &ips, opts->rnd);
	sa->ports = range_store_new(opts->etcd, SERVICE_ALLOC_PORTS_KEY, &ports, opts->rnd);
	if (sa->ips == NULL || sa->ports == NULL) {
		if (sa->ips == NULL)
			svc_range_release(&ports);
		service_alloc_free(sa);
		return KC_ERR_NOMEM;
	}
	*ret = sa;
	return 0;
}

struct service_alloc *
service_alloc_free(struct service_alloc *sa)
{
	if (sa == NULL)
		return NULL;
	for (struct svc_op *op = sa->ops; op != NULL; op = op->next)
		op->sa = NULL;
	sa->ips = range_store_free(sa->ips);
	sa->ports = range_store_free(sa->ports);
	free(sa);
	return NULL;
}

struct range_store *
service_alloc_ips(struct service_alloc *sa)
{
	return sa->ips;
}

struct range_store *
service_alloc_ports(struct service_alloc *sa)
{
	return sa->ports;
}

const char *
service_alloc_first_ip(const struct service_alloc *sa, char *buf, size_t size)
{
	const struct svc_range *r = range_store_range(sa->ips);

	return svc_range_format(r, r->base, buf, size);
}
