/*
 * healthcheck.h - the proxier health server (/healthz, /livez on :10256) and the per-service
 * healthCheckNodePort servers (upstream: pkg/proxy/healthcheck/proxy_health.go,
 * service_health.go).  Everything runs on the daemon's loop.
 */
#ifndef KUBE_PROXY_HEALTHCHECK_H
#define KUBE_PROXY_HEALTHCHECK_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct kc_http_request;
struct kc_strmap;
struct kp_health_port;

/* Proxier health: times are monotonic ns except last_updated_wall_ns (for the JSON). */
struct kp_health {
	int64_t timeout_ns;
	int64_t last_queued_ns;
	int64_t last_updated_ns;
	int64_t last_updated_wall_ns;
	int node_eligible;
	int64_t (*clock)(void); /* monotonic clock; NULL = wall clock (tests set both) */
};

void kp_health_init(struct kp_health *h, int64_t timeout_ns);
/* A change was queued for syncing (QueuedUpdate). */
void kp_health_queued(struct kp_health *h, int64_t now_ns);
/* A sync succeeded (Updated). */
void kp_health_updated(struct kp_health *h, int64_t now_ns);
/* Healthy unless a queued change has waited longer than the timeout. */
int kp_health_is_healthy(const struct kp_health *h, int64_t now_ns);
/* kc_http_handler_fn's; arg is the struct kp_health. */
void kp_health_healthz_handler(struct kc_http_request *req, void *arg);
void kp_health_livez_handler(struct kc_http_request *req, void *arg);

struct kp_service_health {
	struct event_base *base;
	struct kc_strmap *servers; /* "port" -> server */
};

struct kp_service_health *kp_service_health_new(struct event_base *base);
struct kp_service_health *kp_service_health_free(struct kp_service_health *sh);
/* Opens, updates and closes servers so exactly `ports` are served (SyncServices +
 * SyncEndpoints).  A port that cannot be bound is logged and skipped.  KC_ERR_NOMEM. */
int kp_service_health_sync(struct kp_service_health *sh, const struct kp_health_port *ports,
			   size_t n);
size_t kp_service_health_count(const struct kp_service_health *sh);

#endif
