/*
 * server.h - kube-apiserver's HTTPS server and its handler chain (upstream:
 * staging/src/k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain, and the routes of
 * genericapiserver: /version, /healthz, /livez, /readyz, /metrics, discovery).
 *
 * Everything runs on the caller's event loop.  Discovery documents are serialized once at
 * start; the handler answers non-resource paths itself and hands resource requests to the
 * REST handlers (endpoints/handlers.h), after the request-info stage; authentication,
 * authorization and admission slot in between (AlwaysAllow and anonymous for now).
 *
 * Shutdown, in this order: apiserver_stop() closes the listeners and every connection (watch
 * streams end; requests still waiting for storage stay pending), store_set_free() fails what
 * is pending so those requests finish, then apiserver_free().
 */
#ifndef KUBE_APISERVER_SERVER_H
#define KUBE_APISERVER_SERVER_H

#include <openssl/ssl.h>

struct event_base;
struct apiserver;
struct store_set;
struct service_alloc;

struct apiserver_config {
	const char *advertise_address; /* for /api's serverAddressByClientCIDRs */
	int secure_port;
	/* The resource stores (borrowed; must outlive the server); NULL serves non-resource
	 * routes only.  With them come the etcd checks of /healthz, /livez and /readyz and the
	 * informer-sync check of /readyz. */
	struct store_set *stores;
	/* ClusterIP/NodePort allocation for services (borrowed; NULL: services are stored as
	 * they come) */
	struct service_alloc *services;
	int min_request_timeout_s;   /* --min-request-timeout (watch timeouts); 0: 1800 */
	long etcd_probe_interval_ms; /* how often etcd health is probed; 0: 2 s */
};

/* NULL when out of memory. */
struct apiserver *apiserver_new(struct event_base *base, const struct apiserver_config *cfg);
/* Stops serving: listeners and connections closed (see above).  Idempotent. */
void apiserver_stop(struct apiserver *s);
/* Stops (when not done yet) and frees.  NULL-safe. */
struct apiserver *apiserver_free(struct apiserver *s);

/* Listens on addr ("host:port", ":port") with tls (NULL: plain HTTP, for tests). */
int apiserver_listen(struct apiserver *s, const char *addr, SSL_CTX *tls);

/* The port of listener i (0 is the first), e.g. after listening on port 0. */
int apiserver_port(const struct apiserver *s, int i);

/* Whether /readyz passes now: etcd answers and every watch cache has synced. */
int apiserver_ready(const struct apiserver *s);

/* Watch events converted (Table, PartialObjectMetadata, events.k8s.io) once and reused by
 * another watcher (hits) or built (misses); for tests. */
void apiserver_watch_convert_stats(const struct apiserver *s, unsigned long *hits,
				   unsigned long *misses);

/* Open connections (tests). */
size_t apiserver_connections(const struct apiserver *s);

/*
 * Graceful shutdown (shutdown.c drives it): from apiserver_shutdown_initiated() on, /readyz
 * fails its "shutdown" check; with apiserver_reject_new_requests(), every request but
 * /healthz, /livez, /readyz and /metrics is answered 429 "The apiserver is shutting down,
 * please try again later." with Retry-After: 5, as upstream's WithRetryAfter filter.
 */
void apiserver_shutdown_initiated(struct apiserver *s);
void apiserver_reject_new_requests(struct apiserver *s);
/* The HTTP server (borrowed; NULL after apiserver_stop()), for the drain steps. */
struct kc_http_server *apiserver_http_server(struct apiserver *s);

#endif
