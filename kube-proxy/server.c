/*
 * server.c - kube-proxy's ProxyServer: informers, the bounded-frequency sync runner, health and
 * metrics servers (upstream: cmd/kube-proxy/app/server.go Run(), server_linux.go,
 * pkg/util/async/bounded_frequency_runner.go, pkg/proxy/metrics/metrics.go,
 * pkg/proxy/config/config.go).
 *
 * Everything runs on one libevent loop.  Informer handlers only feed the proxier's change
 * tracker and ask the runner for a sync; the runner runs syncs at most every minSyncPeriod
 * (with a burst of 2, as upstream) and at least every syncPeriod (then a full one); a failed
 * sync is retried after syncPeriod as upstream, and pending stale-chain deletions schedule
 * their own run.  Nothing is synced before both Services and EndpointSlices have been listed,
 * so a restart never programs a partial view.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <ifaddrs.h>
#include <malloc.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "kube-proxy/backend.h"
#include "kube-proxy/config.h"
#include "kube-proxy/conntrack.h"
#include "kube-proxy/healthcheck.h"
#include "kube-proxy/nodeip.h"
#include "kube-proxy/proxier.h"
#include "kube-proxy/proxy.h"
#include "kube-proxy/server.h"
#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/healthz.h"
#include "libkcommon/http_server.h"
#include "libkcommon/informer.h"
#include "libkcommon/json.h"
#include "libkcommon/kubeconfig.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/metrics.h"
#include "libkcommon/netutil.h"
#include "libkcommon/signals.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/validation.h"

static const struct kc_resource services_resource = { "", "v1", "services", "Service", 1 };
static const struct kc_resource slices_resource = { "discovery.k8s.io", "v1", "endpointslices",
						    "EndpointSlice", 1 };
static const struct kc_resource nodes_resource = { "", "v1", "nodes", "Node", 0 };

/* Services and slices that belong to another proxy, or headless ones (server.go). */
#define PROXY_LABEL_SELECTOR \
	"!service.kubernetes.io/headless,!service.kubernetes.io/service-proxy-name"

struct metrics {
	struct kc_metrics_registry *reg;
	struct kc_metric_series *duration, *full_duration, *partial_duration;
	struct kc_metric_series *last_sync, *last_queued, *failures;
	struct kc_metric_series *svc_changes, *ep_changes;
	struct kc_metric_series *no_local_internal, *no_local_external;
	struct kc_metric_series *chains, *rules, *elements, *conntrack_deleted;
};

struct kp_server {
	struct kube_proxy_config *cfg;
	char hostname[256];
	char node_ip[64];
	/* detectLocalMode NodeCIDR: the podCIDRs kube-proxy started with, and the IPv4 one */
	int node_cidr_mode;
	char pod_cidrs[256], pod_cidr4[64];
	struct event_base *base;
	struct kc_signals *signals;
	struct kc_client *client;
	struct kc_informer *services, *slices, *nodes;
	int services_synced, slices_synced;
	struct kp_proxier *proxier;
	struct kp_backend be;
	struct kp_nft *nft;
	struct kc_strv nodeport_ips;
	/* runner */
	struct event *run_ev, *full_ev;
	double tokens;
	int64_t last_refill_ns, last_run_ns;
	int64_t next_at_ns; /* when run_ev fires; 0 = not armed */
	/* servers */
	struct kp_health health;
	struct kc_http_server *healthz_srv, *metrics_srv;
	struct kc_http_route healthz_routes[3], metrics_routes[3];
	struct kp_service_health *svc_health;
	struct metrics m;
	int exit_code;
};

/* ---- node identity ---- */

/* os.Hostname() lower-cased, or --hostname-override (upstream NodeName()). */
static int
node_name(const struct kube_proxy_config *c, char *buf, size_t size)
{
	size_t i;

	if (c->hostname_override && *c->hostname_override)
		snprintf(buf, size, "%s", c->hostname_override);
	else if (gethostname(buf, size) < 0)
		return KC_ERR_SYSTEM;
	buf[size - 1] = '\0';
	for (i = 0; buf[i]; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	return 0;
}

/* Local IPv4 addresses inside the --nodeport-addresses CIDRs (GetNodeIPs). */
static int
nodeport_ips(struct kp_server *s)
{
	const struct kc_strv *cidrs = &s->cfg->nodeport_addresses;
	struct ifaddrs *ifa, *i;
	size_t c;
	int r = 0;

	if (cidrs->n == 0)
		return 0; /* every local address */
	if (cidrs->n == 1 && strcmp(cidrs->v[0], "primary") == 0)
		return kc_strv_push(&s->nodeport_ips, s->node_ip);
	if (getifaddrs(&ifa) < 0)
		return KC_ERR_SYSTEM;
	for (i = ifa; r >= 0 && i; i = i->ifa_next) {
		char ip[INET_ADDRSTRLEN];
		uint32_t a;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    (i->ifa_flags & IFF_LOOPBACK))
			continue;
		a = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
		inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, ip, sizeof(ip));
		for (c = 0; c < cidrs->n; c++) {
			unsigned char net[16];
			int ones;

			if (kc_validation_parse_cidr(cidrs->v[c], net, &ones) != 4)
				continue;
			if (ones == 0 || ((a ^ ((uint32_t)net[0] << 24 | (uint32_t)net[1] << 16 |
						(uint32_t)net[2] << 8 | net[3])) >>
					  (32 - ones)) == 0) {
				if (!kc_strv_contains(&s->nodeport_ips, ip))
					r = kc_strv_push(&s->nodeport_ips, ip);
				break;
			}
		}
	}
	freeifaddrs(ifa);
	return r;
}

/* ---- metrics (pkg/proxy/metrics) ---- */

static int
metrics_init(struct metrics *m)
{
	static const char *const policy[] = { "traffic_policy", NULL };
	double b[15];
	struct kc_metric *np;

	kc_metrics_exponential_buckets(b, 0.001, 2, 15);
	m->reg = kc_metrics_registry_new();
	if (!m->reg)
		return KC_ERR_NOMEM;
	m->duration = kc_metric_with(
		kc_metrics_histogram(m->reg, "kubeproxy_sync_proxy_rules_duration_seconds",
				     "[ALPHA] SyncProxyRules latency in seconds", NULL, b, 15));
	m->full_duration = kc_metric_with(kc_metrics_histogram(
		m->reg, "kubeproxy_sync_full_proxy_rules_duration_seconds",
		"[ALPHA] SyncProxyRules latency in seconds for full resyncs", NULL, b, 15));
	m->partial_duration = kc_metric_with(kc_metrics_histogram(
		m->reg, "kubeproxy_sync_partial_proxy_rules_duration_seconds",
		"[ALPHA] SyncProxyRules latency in seconds for partial resyncs", NULL, b, 15));
	m->last_sync = kc_metric_with(kc_metrics_gauge(
		m->reg, "kubeproxy_sync_proxy_rules_last_timestamp_seconds",
		"[ALPHA] The last time proxy rules were successfully synced", NULL));
	m->last_queued = kc_metric_with(
		kc_metrics_gauge(m->reg, "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds",
				 "[ALPHA] The last time a sync of proxy rules was queued", NULL));
	m->failures = kc_metric_with(kc_metrics_counter(
		m->reg, "kubeproxy_sync_proxy_rules_nftables_sync_failures_total",
		"[ALPHA] Cumulative proxy nftables sync failures", NULL));
	m->svc_changes = kc_metric_with(
		kc_metrics_counter(m->reg, "kubeproxy_sync_proxy_rules_service_changes_total",
				   "[ALPHA] Cumulative proxy rules Service changes", NULL));
	m->ep_changes = kc_metric_with(
		kc_metrics_counter(m->reg, "kubeproxy_sync_proxy_rules_endpoint_changes_total",
				   "[ALPHA] Cumulative proxy rules Endpoint changes", NULL));
	np = kc_metrics_gauge(
		m->reg, "kubeproxy_sync_proxy_rules_no_local_endpoints_total",
		"[ALPHA] Number of services with a Local traffic policy and no endpoints", policy);
	m->no_local_internal = kc_metric_with(np, "internal");
	m->no_local_external = kc_metric_with(np, "external");
	m->chains = kc_metric_with(kc_metrics_gauge(
		m->reg, "kubeproxy_sync_proxy_rules_nftables_chains",
		"[ALPHA] Number of per-service nftables chains programmed by the last sync (ckube)",
		NULL));
	m->rules = kc_metric_with(kc_metrics_gauge(
		m->reg, "kubeproxy_sync_proxy_rules_nftables_rules",
		"[ALPHA] Number of rules in per-service nftables chains after the last sync (ckube)",
		NULL));
	m->elements = kc_metric_with(kc_metrics_gauge(
		m->reg, "kubeproxy_sync_proxy_rules_nftables_elements",
		"[ALPHA] Number of service map elements programmed by the last sync (ckube)",
		NULL));
	m->conntrack_deleted = kc_metric_with(kc_metrics_counter(
		m->reg, "kubeproxy_conntrack_reconciler_deleted_entries_total",
		"[ALPHA] Cumulative conntrack flows deleted by conntrack reconciler", NULL));
	return 0;
}

/* ---- the bounded frequency runner ---- */

static void arm_run(struct kp_server *s, int64_t at_ns);

/* Token bucket of 2 refilled every minSyncPeriod (BoundedFrequencyRunner's limiter). */
static int64_t
next_allowed(struct kp_server *s, int64_t now)
{
	int64_t min = s->cfg->min_sync_period;

	if (min <= 0)
		return now;
	s->tokens += (double)(now - s->last_refill_ns) / (double)min;
	if (s->tokens > 2)
		s->tokens = 2;
	s->last_refill_ns = now;
	if (s->tokens >= 1)
		return now;
	return now + (int64_t)((1 - s->tokens) * (double)min);
}

/* Runner.Run(): a sync as soon as the rate limit allows. */
static void
request_sync(struct kp_server *s)
{
	int64_t now = kc_clock_mono_ns();

	if (!s->services_synced || !s->slices_synced)
		return;
	kp_health_queued(&s->health, now);
	kc_metric_set(s->m.last_queued, (double)kc_clock_real_ns() / 1e9);
	arm_run(s, next_allowed(s, now));
}

static void
arm_run(struct kp_server *s, int64_t at_ns)
{
	int64_t now = kc_clock_mono_ns();
	struct timeval tv;

	if (s->next_at_ns && s->next_at_ns <= at_ns)
		return; /* already due earlier */
	s->next_at_ns = at_ns;
	tv = kc_clock_timeval(at_ns > now ? at_ns - now : 0);
	evtimer_add(s->run_ev, &tv);
}

static void
observe(struct kp_server *s, const struct kp_sync_result *res, double secs)
{
	size_t chains, rules, elements;

	kc_metric_observe(s->m.duration, secs);
	kc_metric_observe(res->full ? s->m.full_duration : s->m.partial_duration, secs);
	kc_metric_set(s->m.last_sync, (double)kc_clock_real_ns() / 1e9);
	kc_metric_set(s->m.no_local_internal, (double)res->no_local_internal);
	kc_metric_set(s->m.no_local_external, (double)res->no_local_external);
	kp_proxier_counts(s->proxier, &chains, &rules, &elements);
	kc_metric_set(s->m.chains, (double)chains);
	kc_metric_set(s->m.rules, (double)rules);
	kc_metric_set(s->m.elements, (double)elements);
}

static void
after_sync(struct kp_server *s, const struct kp_sync_result *res)
{
	char err[256];
	int r;

	if (kp_service_health_sync(s->svc_health, res->health, res->n_health) < 0)
		kc_error("Error syncing healthcheck services: out of memory");
	if (res->n_flushes == 0)
		return;
	r = kp_conntrack_flush(res->flushes, res->n_flushes, 4, err, sizeof(err));
	if (r < 0)
		kc_error("Failed to clear stale UDP conntrack entries: %s", err);
	else {
		kc_metric_add(s->m.conntrack_deleted, r);
		kc_v(2, "Deleted %d stale UDP conntrack entries", r);
	}
}

/* syncProxyRules(). */
static void
sync_now(struct kp_server *s)
{
	struct kp_tracker *t = kp_proxier_tracker(s->proxier);
	uint64_t svc_changes = t->service_changes, ep_changes = t->endpoint_changes;
	struct kp_sync_result res;
	int64_t start = kc_clock_mono_ns(), due;
	char err[512];
	int r;

	s->last_run_ns = start;
	if (s->tokens >= 1)
		s->tokens -= 1;
	r = kp_proxier_sync(s->proxier, &s->be, start, &res, err, sizeof(err));
	if (r < 0) {
		kc_error("nftables sync failed: %s", err);
		kc_metric_inc(s->m.failures);
		kc_info("Sync failed; retrying in %llds",
			(long long)(s->cfg->sync_period / 1000000000));
		arm_run(s, start + s->cfg->sync_period);
		return;
	}
	kc_metric_add(s->m.svc_changes, (double)svc_changes);
	kc_metric_add(s->m.ep_changes, (double)ep_changes);
	t->service_changes = t->endpoint_changes = 0;
	kp_health_updated(&s->health, kc_clock_mono_ns());
	s->health.last_updated_wall_ns = kc_clock_real_ns();
	observe(s, &res, (double)(kc_clock_mono_ns() - start) / 1e9);
	kc_v(2, "SyncProxyRules complete (%s, %zu services) elapsed %.3fms",
	     res.full ? "full" : "partial", res.services_synced,
	     (double)(kc_clock_mono_ns() - start) / 1e6);
	after_sync(s, &res);
	/* A full sync's transaction is tens of MiB at 10,000 services: give it back. */
	if (res.full)
		malloc_trim(0);
	kp_sync_result_release(&res);
	due = kp_proxier_stale_due(s->proxier);
	if (due)
		arm_run(s, due);
}

static void
on_run(evutil_socket_t fd, short what, void *arg)
{
	struct kp_server *s = arg;

	(void)fd;
	(void)what;
	s->next_at_ns = 0;
	if (!s->services_synced || !s->slices_synced)
		return;
	if (kp_proxier_has_work(s->proxier, kc_clock_mono_ns()))
		sync_now(s);
}

/* Every syncPeriod: a full sync (the runner's maxInterval). */
static void
on_full(evutil_socket_t fd, short what, void *arg)
{
	struct kp_server *s = arg;

	(void)fd;
	(void)what;
	kp_proxier_need_full_sync(s->proxier);
	request_sync(s);
}

/* ---- informer handlers (pkg/proxy/config) ---- */

static void
track(struct kp_server *s, int r)
{
	if (r < 0)
		kp_proxier_need_full_sync(s->proxier); /* out of memory: recompute everything */
	if (r != 0)
		request_sync(s);
}

static void
svc_add(void *arg, const json_t *obj, int initial)
{
	struct kp_server *s = arg;

	(void)initial;
	track(s, kp_tracker_service_update(kp_proxier_tracker(s->proxier), NULL, obj));
}

static void
svc_update(void *arg, const json_t *old, const json_t *cur)
{
	struct kp_server *s = arg;

	track(s, kp_tracker_service_update(kp_proxier_tracker(s->proxier), old, cur));
}

static void
svc_delete(void *arg, const json_t *obj, int unknown)
{
	struct kp_server *s = arg;

	(void)unknown;
	track(s, kp_tracker_service_update(kp_proxier_tracker(s->proxier), obj, NULL));
}

static void
slice_add(void *arg, const json_t *obj, int initial)
{
	struct kp_server *s = arg;

	(void)initial;
	track(s, kp_tracker_slice_update(kp_proxier_tracker(s->proxier), NULL, obj));
}

static void
slice_update(void *arg, const json_t *old, const json_t *cur)
{
	struct kp_server *s = arg;

	track(s, kp_tracker_slice_update(kp_proxier_tracker(s->proxier), old, cur));
}

static void
slice_delete(void *arg, const json_t *obj, int unknown)
{
	struct kp_server *s = arg;

	(void)unknown;
	track(s, kp_tracker_slice_update(kp_proxier_tracker(s->proxier), obj, NULL));
}

/*
 * NodePodCIDRHandler: with detectLocalMode NodeCIDR the local-traffic rules are built from the
 * podCIDRs kube-proxy started with; when they change, exit so that the restart picks the new
 * ones up (upstream does the same).
 */
static void
check_pod_cidrs(struct kp_server *s, const json_t *node)
{
	char cidrs[256], cidr4[64];

	if (kp_node_pod_cidrs(node, cidrs, sizeof(cidrs), cidr4, sizeof(cidr4)) < 0 ||
	    strcmp(cidrs, s->pod_cidrs) == 0)
		return;
	kc_error("Using NodeCIDR LocalDetector mode, current PodCIDRs are different than previous PodCIDRs, restarting node=\"%s\" newPodCIDRs=[%s] oldPodCIDRs=[%s]",
		 s->hostname, cidrs, s->pod_cidrs);
	s->exit_code = 1;
	event_base_loopbreak(s->base);
}

/* OnNode*: a node being deleted is not eligible for /healthz (upstream 1.32). */
static void
node_seen(void *arg, const json_t *obj, int initial)
{
	struct kp_server *s = arg;

	(void)initial;
	s->health.node_eligible = !kc_meta_is_being_deleted(obj);
	if (s->node_cidr_mode && s->pod_cidrs[0])
		check_pod_cidrs(s, obj);
}

static void
node_update(void *arg, const json_t *old, const json_t *cur)
{
	(void)old;
	node_seen(arg, cur, 0);
}

static void
node_delete(void *arg, const json_t *obj, int unknown)
{
	struct kp_server *s = arg;

	(void)obj;
	(void)unknown;
	s->health.node_eligible = 1;
}

static void
services_synced(void *arg)
{
	struct kp_server *s = arg;

	s->services_synced = 1;
	kc_v(2, "Services listed");
	request_sync(s);
}

static void
slices_synced(void *arg)
{
	struct kp_server *s = arg;

	s->slices_synced = 1;
	kc_v(2, "EndpointSlices listed");
	request_sync(s);
}

/* The Node informer drops managedFields and annotations (Services and EndpointSlices are
 * reduced further by kp_slim_service() / kp_slim_slice()). */
static json_t *
slim_object(void *arg, const json_t *obj)
{
	json_t *copy, *meta;

	(void)arg;
	meta = json_object_get(obj, "metadata");
	if (!json_object_get(meta, "managedFields") && !json_object_get(meta, "annotations"))
		return json_incref((json_t *)obj);
	copy = json_copy((json_t *)obj);
	meta = copy ? json_copy(json_object_get(copy, "metadata")) : NULL;
	if (!meta) {
		json_decref(copy);
		return NULL;
	}
	json_object_del(meta, "managedFields");
	json_object_del(meta, "annotations");
	json_object_set_new(copy, "metadata", meta);
	return copy;
}

static struct kc_informer *
start_informer(struct kp_server *s, const struct kc_resource *res, const char *label,
	       const char *field, const struct kc_informer_handler *h, void (*synced)(void *),
	       kc_informer_transform_fn transform)
{
	struct kc_informer_config ic = {
		.resource = res,
		.label_selector = label,
		.field_selector = field,
		.resync_period_ns = s->cfg->config_sync_period,
		.transform = transform,
	};
	struct kc_informer *inf = kc_informer_new(s->base, s->client, &ic);

	if (!inf || !kc_informer_add_handler(inf, h, s, -1) || kc_informer_start(inf) < 0)
		return kc_informer_free(inf);
	if (synced && kc_informer_on_synced(inf, synced, s) < 0)
		return kc_informer_free(inf);
	return inf;
}

static int
start_informers(struct kp_server *s)
{
	static const struct kc_informer_handler svc_h = { svc_add, svc_update, svc_delete };
	static const struct kc_informer_handler slice_h = { slice_add, slice_update, slice_delete };

	s->services = start_informer(s, &services_resource, PROXY_LABEL_SELECTOR, NULL, &svc_h,
				     services_synced, kp_slim_service);
	s->slices = kc_informer_new(s->base, s->client,
				    &(struct kc_informer_config){
					    .resource = &slices_resource,
					    .label_selector = PROXY_LABEL_SELECTOR,
					    .resync_period_ns = s->cfg->config_sync_period,
					    .transform = kp_slim_slice,
				    });
	if (!s->services || !s->slices ||
	    kc_informer_add_index(s->slices, KP_SLICE_INDEX, kp_slice_index_fn, NULL) < 0 ||
	    !kc_informer_add_handler(s->slices, &slice_h, s, -1) ||
	    kc_informer_start(s->slices) < 0 ||
	    kc_informer_on_synced(s->slices, slices_synced, s) < 0)
		return KC_ERR_NOMEM;
	kp_proxier_set_stores(s->proxier, kc_informer_store(s->services),
			      kc_informer_store(s->slices));
	return 0;
}

/* ---- HTTP servers ---- */

static void
proxy_mode_handler(struct kc_http_request *req, void *arg)
{
	(void)arg;
	kc_http_reply(req, 200, "text/plain; charset=utf-8", "nftables", 8);
}

static struct kc_http_server *
serve(struct kp_server *s, const char *addr, struct kc_http_route *routes, const char *what)
{
	struct kc_http_server_opts opts = { .handler = kc_http_router_handler,
					    .handler_arg = routes };
	struct kc_http_server *srv;
	char listen_addr[128];

	if (!addr || !*addr)
		return NULL;
	/* "0.0.0.0" alone (an IP without port) gets the default port, as upstream. */
	if (!strchr(addr, ':'))
		snprintf(listen_addr, sizeof(listen_addr), "%s:%s", addr,
			 strcmp(what, "healthz") == 0 ? "10256" : "10249");
	else
		snprintf(listen_addr, sizeof(listen_addr), "%s", addr);
	if (strncmp(listen_addr, "0.0.0.0:", 8) == 0)
		memmove(listen_addr, listen_addr + 7, strlen(listen_addr + 7) + 1);
	srv = kc_http_server_new(s->base, &opts);
	if (!srv || kc_http_server_listen(srv, listen_addr, NULL) < 0) {
		kc_error("Failed to start %s server on %s", what, listen_addr);
		return kc_http_server_free(srv);
	}
	kc_info("Serving %s on %s", what, listen_addr);
	return srv;
}

static int
start_servers(struct kp_server *s)
{
	s->healthz_routes[0] =
		(struct kc_http_route){ "/healthz", kp_health_healthz_handler, &s->health };
	s->healthz_routes[1] =
		(struct kc_http_route){ "/livez", kp_health_livez_handler, &s->health };
	s->metrics_routes[0] = (struct kc_http_route){ "/metrics", kc_metrics_handler, s->m.reg };
	s->metrics_routes[1] = (struct kc_http_route){ "/proxyMode", proxy_mode_handler, NULL };
	s->healthz_srv = serve(s, s->cfg->healthz_bind_address, s->healthz_routes, "healthz");
	s->metrics_srv = serve(s, s->cfg->metrics_bind_address, s->metrics_routes, "metrics");
	s->svc_health = kp_service_health_new(s->base);
	return s->svc_health ? 0 : KC_ERR_NOMEM;
}

/* ---- life cycle ---- */

static void
on_term(void *arg, int sig)
{
	struct kp_server *s = arg;

	kc_info("Received signal %d, shutting down", sig);
	event_base_loopbreak(s->base);
}

static int
make_client(struct kp_server *s, const char *master, char *err, size_t errlen)
{
	struct kc_rest_config rc = { 0 };
	int r = kc_kubeconfig_build_config(master, s->cfg->kubeconfig, &rc, err, errlen);

	if (r < 0)
		return r;
	rc.qps = s->cfg->qps;
	rc.burst = s->cfg->burst;
	s->client = kc_client_new(s->base, &rc);
	kc_rest_config_release(&rc);
	if (!s->client)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "unable to create a client");
	return 0;
}

static int
make_proxier(struct kp_server *s)
{
	struct kp_proxier_config pc = {
		.family = 4,
		.hostname = s->hostname,
		.node_ip = s->node_ip[0] ? s->node_ip : NULL,
		.masquerade_all = s->cfg->masquerade_all,
		.masquerade_bit = s->cfg->masquerade_bit,
		.detect_local_mode = s->cfg->detect_local_mode,
		.local_cidr = s->cfg->cluster_cidr,
		.nodeport_ips = &s->nodeport_ips,
	};
	const char *mode = s->cfg->detect_local_mode ? s->cfg->detect_local_mode : "";

	if (strcmp(mode, "BridgeInterface") == 0)
		pc.local_iface = s->cfg->bridge_interface;
	else if (strcmp(mode, "InterfaceNamePrefix") == 0)
		pc.local_iface = s->cfg->interface_name_prefix;
	if (strcmp(mode, "NodeCIDR") == 0) {
		pc.local_cidr = s->pod_cidr4;
		if (!s->pod_cidr4[0]) {
			kc_info("Detect-local-mode set to NodeCIDR, but no IPv4 PodCIDR defined at node; local traffic detection disabled");
			pc.detect_local_mode = NULL;
		}
	}
	if (strcmp(mode, "ClusterCIDR") == 0 && (!pc.local_cidr || !*pc.local_cidr)) {
		kc_info("Detect-local-mode set to ClusterCIDR, but no cluster CIDR defined; local traffic detection disabled");
		pc.detect_local_mode = NULL;
	}
	s->proxier = kp_proxier_new(&pc);
	return s->proxier ? 0 : KC_ERR_NOMEM;
}

static void
server_free(struct kp_server *s)
{
	kc_informer_free(s->services);
	kc_informer_free(s->slices);
	kc_informer_free(s->nodes);
	kc_client_free(s->client);
	kc_http_server_free(s->healthz_srv);
	kc_http_server_free(s->metrics_srv);
	kp_service_health_free(s->svc_health);
	if (s->run_ev)
		event_free(s->run_ev);
	if (s->full_ev)
		event_free(s->full_ev);
	kc_signals_free(s->signals);
	kp_proxier_free(s->proxier);
	kp_nft_close(s->nft);
	kc_metrics_registry_free(s->m.reg);
	kc_strv_release(&s->nodeport_ips);
	if (s->base)
		event_base_free(s->base);
}

/* getNodeIPs() retries its Get with a backoff of 1 s doubling, 6 steps: about 31 s in all. */
#define NODE_IP_WAIT_NS (31LL * 1000000000LL)
/* waitForPodCIDR()'s timeoutForNodePodCIDR. */
#define POD_CIDR_WAIT_NS (5LL * 60 * 1000000000LL)

static const json_t *
own_node(const struct kp_server *s)
{
	return kc_store_get(kc_informer_store(s->nodes), s->hostname);
}

static void
on_wait_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
}

static void
log_node_ips(const struct kp_server *s, const struct kc_strv *ips, const char *node_err)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	size_t i;

	if (!ips->n) {
		if (node_err[0])
			kc_error("Failed to retrieve node IPs: %s", node_err);
		else
			kc_error("Failed to retrieve node info: nodes \"%s\" not found", s->hostname);
		return;
	}
	for (i = 0; i < ips->n; i++)
		kc_strbuf_addf(&sb, "%s%s", i ? " " : "", ips->v[i]);
	kc_info("Successfully retrieved node IP(s) IPs=[%s]", sb.buf ? sb.buf : "");
	kc_strbuf_release(&sb);
}

/*
 * getNodeIPs() and, with detectLocalMode NodeCIDR, waitForPodCIDR(): runs the loop (only the
 * Node informer and signals are live) until the Node has addresses, or about 31 s have
 * passed, and has its podCIDRs (5 minutes, then an error as upstream).  *ips gets the Node's
 * addresses (none when it never showed them).
 */
static int
wait_for_node(struct kp_server *s, struct kc_strv *ips, char *err, size_t errlen)
{
	struct timeval tv = { 0, 100000 };
	struct event *tick = event_new(s->base, -1, EV_PERSIST, on_wait_tick, s);
	int64_t start = kc_clock_mono_ns();
	int have_ips = 0, have_cidr = !s->node_cidr_mode, r = 0;
	char node_err[512] = "";

	if (!tick || event_add(tick, &tv) < 0) {
		if (tick)
			event_free(tick);
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	}
	if (s->node_cidr_mode)
		kc_info("Watching for node, awaiting podCIDR allocation hostname=\"%s\"", s->hostname);
	for (;;) {
		const json_t *node = own_node(s);
		int64_t waited = kc_clock_mono_ns() - start;

		if (!have_ips && node) {
			kc_strv_release(ips);
			have_ips = kp_node_host_ips(node, ips, node_err, sizeof(node_err)) >= 0;
		}
		if (!have_cidr && kp_node_has_pod_cidr(node))
			have_cidr = kp_node_pod_cidrs(node, s->pod_cidrs, sizeof(s->pod_cidrs),
						      s->pod_cidr4, sizeof(s->pod_cidr4)) >= 0;
		if (have_cidr && (have_ips || waited >= NODE_IP_WAIT_NS))
			break;
		if (!have_cidr && waited >= POD_CIDR_WAIT_NS) {
			r = kc_err_fail(KC_ERR_TIMEOUT, err, errlen,
					"timeout waiting for PodCIDR allocation to configure detect-local-mode NodeCIDR: timed out waiting for the condition");
			break;
		}
		event_base_loop(s->base, EVLOOP_ONCE);
		if (event_base_got_break(s->base)) {
			r = KC_ERR_CANCELED;
			break;
		}
	}
	event_free(tick);
	if (r == 0)
		log_node_ips(s, ips, node_err);
	if (r == 0 && s->node_cidr_mode)
		kc_info("NodeInfo podCIDRs=[%s]", s->pod_cidrs);
	return r;
}

/* detectNodeIPs(): --bind-address, else the Node's address, else the host's primary one. */
static void
pick_node_ip(struct kp_server *s, const struct kc_strv *node_ips)
{
	char host[64] = "";
	enum kp_node_ip_source src;

	if (kc_netutil_host_primary_ip(host, sizeof(host)) < 0)
		host[0] = '\0';
	src = kp_detect_node_ip(node_ips, s->cfg->bind_address, host, s->node_ip,
				sizeof(s->node_ip));
	if (src == KP_NODE_IP_HOST)
		kc_info("Can't determine this node's IP from its Node object, using the host's primary address; if this is incorrect, please set the --bind-address flag");
	else if (src == KP_NODE_IP_LOOPBACK)
		kc_info("Can't determine this node's IP, assuming loopback; if this is incorrect, please set the --bind-address flag");
	kc_info("Using node IP %s (node name \"%s\")", s->node_ip, s->hostname);
}

/* The Node informer (metadata.name=<node name>), started before anything that needs it. */
static int
start_node_informer(struct kp_server *s)
{
	static const struct kc_informer_handler node_h = { node_seen, node_update, node_delete };
	char field[300];

	snprintf(field, sizeof(field), "metadata.name=%s", s->hostname);
	s->nodes = start_informer(s, &nodes_resource, NULL, field, &node_h, NULL, slim_object);
	return s->nodes ? 0 : KC_ERR_NOMEM;
}

/* The client, Node informer and the wait for the Node: the node IP and pod CIDR. */
static int
discover_node(struct kp_server *s, const char *master, char *err, size_t errlen)
{
	struct kc_strv ips = KC_STRV_INIT;
	int r = make_client(s, master, err, errlen);

	if (r >= 0 && start_node_informer(s) < 0)
		r = kc_err_fail(KC_ERR_NOMEM, err, errlen, "starting the Node informer failed");
	if (r >= 0)
		r = wait_for_node(s, &ips, err, errlen);
	if (r >= 0)
		pick_node_ip(s, &ips);
	kc_strv_release(&ips);
	return r;
}

static int
server_setup(struct kp_server *s, const char *master, char *err, size_t errlen)
{
	struct timeval full;
	int r;

	if (node_name(s->cfg, s->hostname, sizeof(s->hostname)) < 0)
		return kc_err_fail(KC_ERR_SYSTEM, err, errlen, "couldn't determine hostname");
	s->node_cidr_mode = s->cfg->detect_local_mode &&
			    strcmp(s->cfg->detect_local_mode, "NodeCIDR") == 0;
	s->base = event_base_new();
	s->signals = s->base ? kc_signals_install(s->base, on_term, s) : NULL;
	if (!s->base || !s->signals)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	r = discover_node(s, master, err, errlen);
	if (r < 0)
		return r;
	if (nodeport_ips(s) < 0)
		return kc_err_fail(KC_ERR_SYSTEM, err, errlen, "listing local addresses failed");
	if (metrics_init(&s->m) < 0 || make_proxier(s) < 0)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	s->nft = kp_nft_open(4, &s->be, err, errlen);
	if (!s->nft)
		return KC_ERR_SYSTEM;
	kp_health_init(&s->health, 2 * s->cfg->sync_period);
	/* the Node informer already ran: keep what it saw */
	s->health.node_eligible = !own_node(s) || !kc_meta_is_being_deleted(own_node(s));
	s->health.clock = kc_clock_mono_ns;
	kp_health_updated(&s->health, kc_clock_mono_ns());
	s->health.last_updated_wall_ns = kc_clock_real_ns();
	s->tokens = 2;
	s->last_refill_ns = kc_clock_mono_ns();
	s->run_ev = evtimer_new(s->base, on_run, s);
	s->full_ev = event_new(s->base, -1, EV_PERSIST, on_full, s);
	if (!s->run_ev || !s->full_ev)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	full = kc_clock_timeval(s->cfg->sync_period);
	evtimer_add(s->full_ev, &full);
	r = start_servers(s) < 0 ? kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory") : 0;
	if (r >= 0 && start_informers(s) < 0)
		r = kc_err_fail(KC_ERR_NOMEM, err, errlen, "starting informers failed");
	return r;
}

int
kp_server_run(struct kube_proxy_config *cfg, const char *master)
{
	struct kp_server s = { .cfg = cfg };
	char err[512] = "";
	int r;

	r = server_setup(&s, master, err, sizeof(err));
	if (r == KC_ERR_CANCELED) {
		server_free(&s); /* a signal while waiting for the Node */
		return 0;
	}
	if (r < 0) {
		kc_error("%s", err);
		server_free(&s);
		return 1;
	}
	kc_sd_notify("READY=1");
	event_base_dispatch(s.base);
	server_free(&s);
	return s.exit_code;
}
