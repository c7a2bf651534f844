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


#endif
