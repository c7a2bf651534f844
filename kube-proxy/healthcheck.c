/*
 * healthcheck.c - kube-proxy's health servers (upstream: pkg/proxy/healthcheck/proxy_health.go
 * ProxierHealthServer, service_health.go ServiceHealthServer).
 *
 * The proxier health server answers /healthz and /livez on healthzBindAddress (:10256): 200
 * with {"lastUpdated": ..., "currentTime": ..., "nodeEligible": ...} while syncs keep up, 503
 * once an update has been queued and not programmed for longer than the health timeout
 * (2 * syncPeriod, as upstream's server.go passes).  /healthz is also 503 when the node is being
 * deleted (nodeEligible false).  Service health servers listen on each healthCheckNodePort of
 * externalTrafficPolicy=Local LoadBalancer services and answer 200 while the node has local
 * endpoints, 503 otherwise, with the count in X-Load-Balancing-Endpoint-Weight.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kube-proxy/healthcheck.h"
#include "kube-proxy/proxier.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/http_server.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

/* ---- proxier health ---- */

void
kp_health_init(struct kp_health *h, int64_t timeout_ns)
{
	memset(h, 0, sizeof(*h));
	h->timeout_ns = timeout_ns;
	h->node_eligible = 1;
}

void
kp_health_queued(struct kp_health *h, int64_t now_ns)
{
	/* Only the oldest unprogrammed change matters (upstream QueuedUpdate keeps the first). */
	if (h->last_queued_ns <= h->last_updated_ns)
		h->last_queued_ns = now_ns;
}

void
kp_health_updated(struct kp_health *h, int64_t now_ns)
{
	h->last_updated_ns = now_ns;
}

int
kp_health_is_healthy(const struct kp_health *h, int64_t now_ns)
{
	if (h->last_queued_ns > h->last_updated_ns && now_ns - h->last_queued_ns > h->timeout_ns)
		return 0;
	return 1;
}

static void
reply_health(struct kc_http_request *req, struct kp_health *h, int check_node)
{
	int64_t now = kc_meta_now();
	char updated[KC_META_TIME_BUFSZ], current[KC_META_TIME_BUFSZ];
	int healthy = kp_health_is_healthy(h, h->clock ? h->clock() : now);
	json_t *body;
	char *text;

	if (check_node && !h->node_eligible)
		healthy = 0;
	body = json_pack(
		"{s:s, s:s}", "lastUpdated",
		kc_meta_micro_time_format(h->last_updated_wall_ns, updated, sizeof(updated)),
		"currentTime", kc_meta_micro_time_format(now, current, sizeof(current)));
	if (body && check_node)
		json_object_set_new(body, "nodeEligible", json_boolean(h->node_eligible));
	text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	kc_http_reply_header_add(req, "X-Content-Type-Options", "nosniff");
	if (!text) {
		kc_http_reply_error(req, 500, "out of memory");
		return;
	}
	kc_http_reply(req, healthy ? 200 : 503, "application/json", text, strlen(text));
	free(text);
}

void
kp_health_healthz_handler(struct kc_http_request *req, void *arg)
{
	reply_health(req, arg, 1);
}

void
kp_health_livez_handler(struct kc_http_request *req, void *arg)
{
	reply_health(req, arg, 0);
}

/* ---- service health servers ---- */

struct svc_server {
	struct kc_http_server *srv;
	char *service;
	int local_endpoints;
};

static void
svc_server_free(void *v)
{
	struct svc_server *s = v;

	if (!s)
		return;
	kc_http_server_free(s->srv);
	free(s->service);
	free(s);
}

struct kp_service_health *
kp_service_health_new(struct event_base *base)
{
	struct kp_service_health *sh = calloc(1, sizeof(*sh));

	if (!sh)
		return NULL;
	sh->base = base;
	sh->servers = kc_strmap_new();
	if (!sh->servers) {
		free(sh);
		return NULL;
	}
	return sh;
}

struct kp_service_health *
kp_service_health_free(struct kp_service_health *sh)
{
	if (!sh)
		return NULL;
	kc_strmap_free(sh->servers, svc_server_free);
	free(sh);
	return NULL;
}

static void
svc_handler(struct kc_http_request *req, void *arg)
{
	struct svc_server *s = arg;
	const char *slash = strchr(s->service, '/');
	char weight[16], *text;
	json_t *body;

	body = json_pack("{s:{s:s%, s:s}, s:i, s:b}", "service", "namespace", s->service,
			 (size_t)(slash ? slash - s->service : 0), "name",
			 slash ? slash + 1 : s->service, "localEndpoints", s->local_endpoints,
			 "serviceProxyHealthy", 1);
	text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	snprintf(weight, sizeof(weight), "%d", s->local_endpoints);
	kc_http_reply_header_add(req, "X-Content-Type-Options", "nosniff");
	kc_http_reply_header_add(req, "X-Load-Balancing-Endpoint-Weight", weight);
	if (!text) {
		kc_http_reply_error(req, 500, "out of memory");
		return;
	}
	kc_http_reply(req, s->local_endpoints > 0 ? 200 : 503, "application/json", text,
		      strlen(text));
	free(text);
}

static struct svc_server *
svc_server_start(struct kp_service_health *sh, const struct kp_health_port *hp)
{
	struct svc_server *s = calloc(1, sizeof(*s));
	struct kc_http_server_opts opts = { .handler = svc_handler };
	char addr[32];

	if (!s || !(s->service = strdup(hp->service))) {
		free(s);
		return NULL;
	}
	opts.handler_arg = s;
	s->srv = kc_http_server_new(sh->base, &opts);
	snprintf(addr, sizeof(addr), ":%d", hp->port);
	if (!s->srv || kc_http_server_listen(s->srv, addr, NULL) < 0) {
		kc_error("Failed to start healthcheck server for service %s on port %d",
			 hp->service, hp->port);
		svc_server_free(s);
		return NULL;
	}
	kc_info("Opened healthcheck server for service %s on port %d", hp->service, hp->port);
	return s;
}

int
kp_service_health_sync(struct kp_service_health *sh, const struct kp_health_port *ports, size_t n)
{
	struct kc_strmap *want = kc_strmap_new();
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;
	size_t i;
	int r = 0;

	if (!want)
		return KC_ERR_NOMEM;
	for (i = 0; r >= 0 && i < n; i++) {
		char key[16];
		struct svc_server *s;

		snprintf(key, sizeof(key), "%d", ports[i].port);
		r = kc_strmap_put(want, key, NULL, NULL);
		s = kc_strmap_get(sh->servers, key);
		if (s && strcmp(s->service, ports[i].service) != 0) {
			kc_strmap_remove(sh->servers, key, NULL);
			svc_server_free(s);
			s = NULL;
		}
		if (!s && (s = svc_server_start(sh, &ports[i])) &&
		    kc_strmap_put(sh->servers, key, s, NULL) < 0) {
			svc_server_free(s);
			s = NULL;
		}
		if (s)
			s->local_endpoints = ports[i].local_endpoints;
	}
	while (kc_strmap_next(sh->servers, &it, &k, &v))
		if (!kc_strmap_contains(want, k)) {
			kc_info("Closing healthcheck server for service %s",
				((struct svc_server *)v)->service);
			kc_strmap_remove(sh->servers, k, NULL);
			svc_server_free(v);
		}
	kc_strmap_free(want, NULL);
	return r < 0 ? KC_ERR_NOMEM : 0;
}

size_t
kp_service_health_count(const struct kp_service_health *sh)
{
	return kc_strmap_size(sh->servers);
}
