/*
 * server.c - kube-apiserver's handler chain and non-resource routes (upstream:
 * apiserver/pkg/server/config.go DefaultBuildHandlerChain, routes/version.go, discovery
 * handlers, healthz).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/event.h>
#include <jansson.h>

#include "kube-apiserver/endpoints/discovery.h"
#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/negotiation.h"
#include "kube-apiserver/endpoints/request_info.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/openapi/openapi.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/registry/store_metrics.h"
#include "kube-apiserver/server.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/healthz.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/metrics.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/version.h"

/* A document serialized once. */
struct doc {
	char *bytes;
	size_t len;
};

struct apiserver {
	struct event_base *base;
	struct kc_http_server *http;
	struct kc_healthz *healthz, *livez, *readyz;
	struct doc version;
	struct doc api_legacy, apis_legacy;                    /* APIVersions, APIGroupList */
	struct doc api_v2, api_v2beta1, apis_v2, apis_v2beta1; /* aggregated */
	struct handler_env env;
	struct kc_metrics_registry *metrics;
	struct store_metrics *store_metrics; /* etcd_request_*, apiserver_storage_objects */
	/* etcd health, probed in the background (checks must not block) */
	struct event *probe_timer;
	struct kc_etcd3_req *probe;
	long probe_interval_ms;
	int etcd_ok;
	char etcd_error[256];
	int shutting_down; /* SIGTERM seen: /readyz fails */
	int rejecting;     /* --shutdown-send-retry-after window: 429 */
	int64_t rejecting_since_ns; /* requests begun before are served */
};

static const char content_type_json[] = "application/json";

static int
doc_set(struct doc *d, json_t *v)
{
	if (v == NULL)
		return KC_ERR_NOMEM;
	d->bytes = kc_json_dumps(v);
	json_decref(v);
	if (d->bytes == NULL)
		return KC_ERR_NOMEM;
	d->len = strlen(d->bytes);
	return 0;
}

static void
reply_json(struct kc_http_request *req, int status, json_t *v)
{
	char *s = v != NULL ? kc_json_dumps(v) : NULL;

	if (s == NULL) {
		kc_http_reply_error(req, 500, "out of memory");
	} else {
		kc_http_reply(req, status, content_type_json, s, strlen(s));
		free(s);
	}
	json_decref(v);
}

/* Answers with a Status (taking the reference). */
static void
reply_status(struct kc_http_request *req, json_t *status)
{
	reply_json(req, status_code(status), status);
}

static void
reply_not_found(struct kc_http_request *req)
{
	/* upstream's NotFound for paths no handler serves: empty details */
	json_t *s =
		status_new(KC_ERR_NOT_FOUND, "the server could not find the requested resource");

	json_object_del(s, "code");
	json_object_set_new(s, "details", json_object());
	json_object_set_new(s, "code", json_integer(404));
	reply_status(req, s);
}

static void
reply_doc(struct kc_http_request *req, const struct doc *d, const char *content_type)
{
	kc_http_reply(req, 200, content_type, d->bytes, d->len);
}

/* /api and /apis: aggregated discovery when the client asks for it, legacy otherwise. */
static void
serve_discovery_root(struct kc_http_request *req, const struct doc *legacy, const struct doc *v2,
		     const struct doc *v2beta1)
{
	struct negotiated n;

	if (negotiate_output(kc_http_header_get(req, "Accept"),
			     TARGETS(TARGET_DISCOVERY_V2) | TARGETS(TARGET_DISCOVERY_V2BETA1), 0,
			     &n) < 0) {
		reply_status(req,
			     status_new(KC_ERR_NOT_ACCEPTABLE, negotiation_not_acceptable_message));
		return;
	}
	kc_http_reply_header_add(req, "Vary", "Accept");
	if (n.target == TARGET_DISCOVERY_V2)
		reply_doc(req, v2,
			  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
	else if (n.target == TARGET_DISCOVERY_V2BETA1)
		reply_doc(
			req, v2beta1,
			"application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
	else
		reply_doc(req, legacy, content_type_json);
}

/* /api/v1, /apis/<group>, /apis/<group>/<version>: built per request (they are small and
 * rarely asked: clients use aggregated discovery). */
static void
serve_discovery_path(struct kc_http_request *req)
{
	char group[128] = "", version[64] = "";
	json_t *doc = NULL;

	if (sscanf(req->path, "/api/%63[^/]", version) == 1 && strchr(req->path + 5, '/') == NULL)
		doc = discovery_resource_list("", version);
	else if (sscanf(req->path, "/apis/%127[^/]/%63[^/]", group, version) == 2 &&
		 strchr(req->path + 6 + strlen(group) + 1, '/') == NULL)
		doc = discovery_resource_list(group, version);
	else if (sscanf(req->path, "/apis/%127[^/]", group) == 1 &&
		 strchr(req->path + 6, '/') == NULL)
		doc = discovery_group(group);
	if (doc == NULL) {
		reply_not_found(req);
		return;
	}
	reply_json(req, 200, doc);
}

/* /openapi/v3[/<gv>]: openapi_respond() decides status, caching headers and body. */
static void
serve_openapi(struct kc_http_request *req)
{
	struct openapi_response out;
	int status = openapi_respond(req->path, kc_http_query_get(req, "hash"),
				     kc_http_header_get(req, "If-None-Match"),
				     kc_http_header_get(req, "Accept"), &out);

	if (status == 404) {
		reply_not_found(req);
		return;
	}
	if (status == 406) {
		reply_status(req,
			     status_new(KC_ERR_NOT_ACCEPTABLE, negotiation_not_acceptable_message));
		return;
	}
	if (out.etag != NULL)
		kc_http_reply_header_add(req, "Etag", out.etag);
	if (out.vary != NULL)
		kc_http_reply_header_add(req, "Vary", out.vary);
	if (out.cache_control != NULL) {
		kc_http_reply_header_add(req, "Cache-Control", out.cache_control);
		kc_http_reply_header_add(req, "Expires", out.expires);
	}
	if (out.location != NULL)
		kc_http_reply_header_add(req, "Location", out.location);
	kc_http_reply(req, status, out.content_type, out.body, out.len);
}

static void
serve_version(struct kc_http_request *req, struct apiserver *s)
{
	reply_doc(req, &s->version, content_type_json);
}

static int
is_get(const struct kc_http_request *req)
{
	return strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
}

static int
path_is(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Non-resource routes.  Returns 1 when it answered. */
static int
serve_non_resource(struct apiserver *s, struct kc_http_request *req)
{
	const char *p = req->path;

	if (strcmp(p, "/metrics") == 0 && s->metrics != NULL && is_get(req)) {
		store_metrics_collect(s->store_metrics);
		kc_metrics_handler(req, s->metrics);
	} else if (path_is(p, "/healthz"))
		kc_healthz_handler(req, s->healthz);
	else if (path_is(p, "/livez"))
		kc_healthz_handler(req, s->livez);
	else if (path_is(p, "/readyz"))
		kc_healthz_handler(req, s->readyz);
	else if (!is_get(req))
		return 0;
	else if (strcmp(p, "/version") == 0 || strcmp(p, "/version/") == 0)
		serve_version(req, s);
	else if (strcmp(p, "/api") == 0 || strcmp(p, "/api/") == 0)
		serve_discovery_root(req, &s->api_legacy, &s->api_v2, &s->api_v2beta1);
	else if (strcmp(p, "/apis") == 0 || strcmp(p, "/apis/") == 0)
		serve_discovery_root(req, &s->apis_legacy, &s->apis_v2, &s->apis_v2beta1);
	else if (path_is(p, "/api") || path_is(p, "/apis"))
		serve_discovery_path(req);
	else if (path_is(p, OPENAPI_V3_PREFIX))
		serve_openapi(req);
	else
		return 0;
	return 1;
}

/* ?watch=... as upstream's parameter codec reads a bool: "0", "f", "false" are false. */
static int
watch_param(const struct kc_http_request *req)
{
	const char *v = kc_http_query_get(req, "watch");

	if (v == NULL)
		return 0;
	return strcmp(v, "0") != 0 && strcasecmp(v, "f") != 0 && strcasecmp(v, "false") != 0;
}

/* isRequestExemptFromRetryAfter's paths. */
static int
exempt_from_retry_after(const char *p)
{
	return path_is(p, "/metrics") || path_is(p, "/livez") || path_is(p, "/readyz") ||
	       path_is(p, "/healthz");
}

static void
handle(struct kc_http_request *req, void *arg)
{
	struct apiserver *s = arg;
	struct request_info ri;

	if (s->rejecting && req->headers_ns >= s->rejecting_since_ns &&
	    !exempt_from_retry_after(req->path)) {
		kc_http_reply_header_add(req, "Retry-After", "5");
		kc_http_reply_header_add(req, "X-Content-Type-Options", "nosniff");
		kc_http_reply(req, 429, "text/plain; charset=utf-8",
			      "The apiserver is shutting down, please try again later.\n", 56);
		return;
	}

	if (request_info_parse(&ri, req->method, req->path, watch_param(req)) < 0) {
		kc_http_reply_error(req, 500, "out of memory");
		return;
	}
	if (!ri.is_resource_request && serve_non_resource(s, req)) {
		request_info_release(&ri);
		return;
	}
	if (!ri.is_resource_request || s->env.stores == NULL) {
		reply_not_found(req);
		request_info_release(&ri);
		return;
	}
	/* authentication (anonymous) and authorization (AlwaysAllow) pass everything for now;
	 * admission runs inside the handlers */
	api_request_serve(req, &s->env, &ri);
}

/* --- health -------------------------------------------------------------------------------- */

static void probe_arm(struct apiserver *s);

static void
on_probe(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct apiserver *s = arg;

	s->probe = NULL;
	s->etcd_ok = err >= 0;
	if (err < 0)
		snprintf(s->etcd_error, sizeof(s->etcd_error), "%s",
			 res != NULL && res->message != NULL && res->message[0] != '\0'
				 ? res->message
				 : kc_strerror(err));
	probe_arm(s);
}

static void
on_probe_timer(evutil_socket_t fd, short what, void *arg)
{
	struct apiserver *s = arg;

	(void)fd;
	(void)what;
	if (s->probe == NULL)
		s->probe = kc_etcd3_current_revision(store_set_etcd(s->env.stores), on_probe, s);
	if (s->probe == NULL)
		probe_arm(s);
}

static void
probe_arm(struct apiserver *s)
{
	struct timeval tv;

	/* once a second while etcd is away, so readiness comes back quickly */
	long ms = s->etcd_ok ? s->probe_interval_ms : 1000;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	event_add(s->probe_timer, &tv);
}

static int
check_etcd(void *arg, struct kc_strbuf *reason)
{
	struct apiserver *s = arg;

	if (s->etcd_ok)
		return 0;
	kc_strbuf_addf(reason, "etcd: %s", s->etcd_error[0] ? s->etcd_error : "not probed yet");
	return KC_ERR_UNAVAILABLE;
}

static int
check_informer_sync(void *arg, struct kc_strbuf *reason)
{
	struct apiserver *s = arg;

	if (store_set_ready(s->env.stores))
		return 0;
	kc_strbuf_adds(reason, "the watch caches have not synced yet");
	return KC_ERR_UNAVAILABLE;
}

/* upstream's readyz "shutdown" check: fails once the shutdown was initiated */
static int
check_shutdown(void *arg, struct kc_strbuf *reason)
{
	struct apiserver *s = arg;

	if (!s->shutting_down)
		return 0;
	kc_strbuf_adds(reason, "process is shutting down");
	return KC_ERR_UNAVAILABLE;
}

static int
add_checks(struct apiserver *s)
{
	int r = 0;

	if (s->env.stores == NULL)
		return 0;
	r |= kc_healthz_add(s->healthz, "ping", kc_healthz_ping, NULL);
	r |= kc_healthz_add(s->healthz, "etcd", check_etcd, s);
	r |= kc_healthz_add(s->livez, "ping", kc_healthz_ping, NULL);
	r |= kc_healthz_add(s->livez, "etcd", check_etcd, s);
	r |= kc_healthz_add(s->readyz, "ping", kc_healthz_ping, NULL);
	r |= kc_healthz_add(s->readyz, "etcd", check_etcd, s);
	r |= kc_healthz_add(s->readyz, "etcd-readiness", check_etcd, s);
	r |= kc_healthz_add(s->readyz, "informer-sync", check_informer_sync, s);
	r |= kc_healthz_add(s->readyz, "shutdown", check_shutdown, s);
	if (r < 0)
		return KC_ERR_NOMEM;
	s->probe_timer = event_new(s->base, -1, 0, on_probe_timer, s);
	if (s->probe_timer == NULL)
		return KC_ERR_NOMEM;
	on_probe_timer(-1, 0, s);
	return 0;
}

/* Watchers open on every watch cache (upstream: apiserver_longrunning_requests for WATCH). */
static double
open_watchers(void *arg)
{
	struct apiserver *s = arg;
	size_t n = 0;

	for (size_t i = 0; i < store_set_size(s->env.stores); i++)
		n += kc_watch_cache_watchers(store_cache(store_set_nth(s->env.stores, i)));
	return (double)n;
}

static int
add_metrics(struct apiserver *s)
{
	if (s->env.stores == NULL)
		return 0;
	s->metrics = kc_metrics_registry_new();
	if (s->metrics == NULL || api_metrics_register(&s->env, s->metrics) < 0 ||
	    kc_metrics_gauge_func(s->metrics, "apiserver_registered_watchers",
				  "[ALPHA] Number of currently registered watchers for all "
				  "resources.",
				  open_watchers, s) == NULL)
		return KC_ERR_NOMEM;
	s->store_metrics = store_metrics_new(s->env.stores, s->metrics);
	return s->store_metrics != NULL ? 0 : KC_ERR_NOMEM;
}

int
apiserver_ready(const struct apiserver *s)
{
	return s->env.stores != NULL && s->etcd_ok && store_set_ready(s->env.stores);
}

void
apiserver_watch_convert_stats(const struct apiserver *s, unsigned long *hits, unsigned long *misses)
{
	*hits = *misses = 0;
	if (s->env.watch_cache != NULL)
		watch_convert_cache_stats(s->env.watch_cache, hits, misses);
}

size_t
apiserver_connections(const struct apiserver *s)
{
	return kc_http_server_connections(s->http);
}

static int
build_docs(struct apiserver *s, const struct apiserver_config *cfg)
{
	char addr[160];
	int r;

	snprintf(addr, sizeof(addr), "%s:%d", cfg->advertise_address, cfg->secure_port);
	r = doc_set(&s->version,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "major",
			      KC_VERSION_MAJOR, "minor", KC_VERSION_MINOR, "gitVersion",
			      KC_GIT_VERSION, "gitCommit", KC_GIT_COMMIT, "gitTreeState", "clean",
			      "buildDate", "1970-01-01T00:00:00Z", "goVersion", "", "compiler",
			      "gcc", "platform", "linux/amd64"));
	if (r == 0)
		r = doc_set(&s->api_legacy, discovery_api_versions(addr));
	if (r == 0)
		r = doc_set(&s->apis_legacy, discovery_group_list());
	if (r == 0)
		r = doc_set(&s->api_v2, discovery_aggregated(1, "v2"));
	if (r == 0)
		r = doc_set(&s->api_v2beta1, discovery_aggregated(1, "v2beta1"));
	if (r == 0)
		r = doc_set(&s->apis_v2, discovery_aggregated(0, "v2"));
	if (r == 0)
		r = doc_set(&s->apis_v2beta1, discovery_aggregated(0, "v2beta1"));
	return r;
}

struct apiserver *
apiserver_new(struct event_base *base, const struct apiserver_config *cfg)
{
	struct apiserver *s = calloc(1, sizeof(*s));
	struct kc_http_server_opts opts = { .handler = handle };

	if (s == NULL)
		return NULL;
	s->base = base;
	opts.handler_arg = s;
	s->http = kc_http_server_new(base, &opts);
	s->healthz = kc_healthz_new("/healthz");
	s->livez = kc_healthz_new("/livez");
	s->readyz = kc_healthz_new("/readyz");
	s->env.stores = cfg->stores;
	s->env.services = cfg->services;
	s->env.min_request_timeout_s = cfg->min_request_timeout_s;
	s->probe_interval_ms = cfg->etcd_probe_interval_ms > 0 ? cfg->etcd_probe_interval_ms : 2000;
	s->env.watch_cache = cfg->stores != NULL ? watch_convert_cache_new() : NULL;
	if (s->http == NULL || s->healthz == NULL || s->livez == NULL || s->readyz == NULL ||
	    (cfg->stores != NULL && s->env.watch_cache == NULL) || build_docs(s, cfg) < 0 ||
	    openapi_build() < 0 || add_checks(s) < 0 || add_metrics(s) < 0)
		return apiserver_free(s);
	return s;
}

static void
doc_release(struct doc *d)
{
	free(d->bytes);
	d->bytes = NULL;
}

void
apiserver_stop(struct apiserver *s)
{
	s->http = kc_http_server_free(s->http);
}

void
apiserver_shutdown_initiated(struct apiserver *s)
{
	s->shutting_down = 1;
}

void
apiserver_reject_new_requests(struct apiserver *s)
{
	s->rejecting = 1;
	s->rejecting_since_ns = kc_clock_mono_ns();
}

struct kc_http_server *
apiserver_http_server(struct apiserver *s)
{
	return s->http;
}

struct apiserver *
apiserver_free(struct apiserver *s)
{
	if (s == NULL)
		return NULL;
	apiserver_stop(s);
	kc_etcd3_req_cancel(s->probe);
	if (s->probe_timer != NULL)
		event_free(s->probe_timer);
	watch_convert_cache_free(s->env.watch_cache);
	store_metrics_free(s->store_metrics);
	kc_metrics_registry_free(s->metrics);
	kc_healthz_free(s->healthz);
	kc_healthz_free(s->livez);
	kc_healthz_free(s->readyz);
	doc_release(&s->version);
	doc_release(&s->api_legacy);
	doc_release(&s->apis_legacy);
	doc_release(&s->api_v2);
	doc_release(&s->api_v2beta1);
	doc_release(&s->apis_v2);
	doc_release(&s->apis_v2beta1);
	openapi_release();
	free(s);
	return NULL;
}

int
apiserver_listen(struct apiserver *s, const char *addr, SSL_CTX *tls)
{
	return kc_http_server_listen(s->http, addr, tls);
}

int
apiserver_port(const struct apiserver *s, int i)
{
	return kc_http_server_port(s->http, i);
}
