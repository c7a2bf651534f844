/*
 * healthz.h - /healthz, /livez and /readyz with named checks, and /metrics, for every daemon's
 * HTTP server (upstream: staging/src/k8s.io/apiserver/pkg/server/healthz/healthz.go,
 * k8s.io/component-base/metrics/legacyregistry handler).
 *
 * GET <path> runs every check: "ok" when all pass; with ?verbose one "[+]name ok" line per check
 * and "<name> check passed"; any failure gives 500 with "[-]name failed: reason withheld" lines
 * (the reasons go to the log at --v=2, as upstream) and "<name> check failed".  ?exclude=name
 * (repeatable) skips a check ("[+]name excluded: ok"), and names that match nothing are listed in
 * a "warn:" line.  GET <path>/<check> runs one check: "ok", or 500 "internal server error: <why>".
 * Checks run on the loop thread and must not block: one that needs I/O keeps its state current in
 * the background and reports it.
 */
#ifndef KC_HEALTHZ_H
#define KC_HEALTHZ_H

#include "libkcommon/http_server.h"

struct kc_strbuf;
struct kc_metrics_registry;
struct kc_healthz;

/* A check: 0 when healthy, < 0 with a human reason written to `reason` otherwise. */
typedef int (*kc_healthz_check_fn)(void *arg, struct kc_strbuf *reason);

/* A check set served at `path` ("/healthz", "/livez", "/readyz").  NULL when out of memory. */
struct kc_healthz *kc_healthz_new(const char *path);
struct kc_healthz *kc_healthz_free(struct kc_healthz *h);

/* Adds a named check (upstream NamedCheck); names are unique.  0, KC_ERR_ALREADY_EXISTS,
 * KC_ERR_INVALID (empty or with '/'), KC_ERR_NOMEM.  With no check added, "ping" serves. */
int kc_healthz_add(struct kc_healthz *h, const char *name, kc_healthz_check_fn fn, void *arg);

/* Calls fn(arg) once, the first time the root check passes (InstallPathHandlerWithHealthyFunc). */
void kc_healthz_on_first_healthy(struct kc_healthz *h, void (*fn)(void *arg), void *arg);

/* The upstream "ping" check: always healthy. */
int kc_healthz_ping(void *arg, struct kc_strbuf *reason);

/*
 * A kc_http_handler_fn for <path> and <path>/<check>; pass the kc_healthz as arg.  Route both
 * "<path>" and "<path>/" to it (see kc_healthz_routes).  Other paths get 404.
 */
void kc_healthz_handler(struct kc_http_request *req, void *h);

/* Fills two router entries, "<path>" and "<path>/", for kc_http_route tables. */
void kc_healthz_routes(struct kc_healthz *h, struct kc_http_route out[2]);

/* A kc_http_handler_fn serving the registry (arg) in the Prometheus text format. */
void kc_metrics_handler(struct kc_http_request *req, void *registry);

#endif
