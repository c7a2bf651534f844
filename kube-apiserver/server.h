/*
 * server.h - kube-apiserver's HTTPS server and its handler chain (upstream:
 * staging/src/k8s.io/apiserver/pkg/server/config.go DefaultBuildHandlerChain, and the routes of
 * genericapiserver: /version, /healthz, /livez, /readyz, /metrics, discovery).
 *
 * Everything runs on the caller's event loop.  Discovery documents are serialized once at
 * start; the handler answers non-resource paths itself and hands resource requests to the
 * registry (which comes with the storage layer).
 */
#ifndef KUBE_APISERVER_SERVER_H
#define KUBE_APISERVER_SERVER_H

#include <openssl/ssl.h>

struct event_base;
struct apiserver;

struct apiserver_config {
	const char *advertise_address; /* for /api's serverAddressByClientCIDRs */
	int secure_port;
};

/* NULL when out of memory. */
struct apiserver *apiserver_new(struct event_base *base, const struct apiserver_config *cfg);
struct apiserver *apiserver_free(struct apiserver *s);

/* Listens on addr ("host:port", ":port") with tls (NULL: plain HTTP, for tests). */
int apiserver_listen(struct apiserver *s, const char *addr, SSL_CTX *tls);

/* The port of listener i (0 is the first), e.g. after listening on port 0. */
int apiserver_port(const struct apiserver *s, int i);

#endif
