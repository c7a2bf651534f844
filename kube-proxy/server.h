/*
 * server.h - kube-proxy's long-running part (upstream: cmd/kube-proxy/app/server.go
 * ProxyServer.Run()).
 */
#ifndef KUBE_PROXY_SERVER_H
#define KUBE_PROXY_SERVER_H

#include <stddef.h>

struct kube_proxy_config;

/* Runs until SIGTERM/SIGINT.  master may be NULL (--master).  Returns the exit code. */
int kp_server_run(struct kube_proxy_config *cfg, const char *master);

/* The host's primary IPv4 address (default route's interface, else the first non-loopback
 * address), read from local state only.  KC_ERR_NOT_FOUND when there is none. */
int kp_host_primary_ip(char *buf, size_t size);

#endif
