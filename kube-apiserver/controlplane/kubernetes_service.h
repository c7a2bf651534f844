/*
 * kubernetes_service.h - the default/kubernetes Service, its Endpoints and EndpointSlice, kept
 * by every apiserver (upstream: pkg/controlplane/controller/kubernetesservice/controller.go
 * UpdateKubernetesService / CreateOrUpdateMasterServiceIfNeeded, pkg/controlplane/reconcilers/
 * lease.go (the "lease" endpoint reconciler: /registry/masterleases/<ip> with a 15 s TTL,
 * renewed every 10 s), none.go, instancecount.go, endpointsadapter.go (the EndpointSlice
 * written from the Endpoints)).
 *
 * Every interval: the Service (ClusterIP = the range's first IP, port "https" 443/TCP ->
 * --secure-port, type NodePort when --kubernetes-service-node-port is set) is created when
 * missing through the allocator and corrected when its ports or type differ; then, for the
 * "lease" reconciler, this apiserver's lease is renewed and the Endpoints list every
 * apiserver whose lease has not expired ("master-count": this apiserver only; "none":
 * nothing), and the EndpointSlice "kubernetes" mirrors the Endpoints.  Failures are logged
 * and retried at the next round.
 */
#ifndef KUBE_APISERVER_CONTROLPLANE_KUBERNETES_SERVICE_H
#define KUBE_APISERVER_CONTROLPLANE_KUBERNETES_SERVICE_H

#include <stdint.h>

#include <jansson.h>

struct event_base;
struct kc_etcd3;
struct service_alloc;
struct store_set;
struct kubernetes_service;

#define KUBERNETES_SERVICE_LEASE_PREFIX "/masterleases/"

struct kubernetes_service_options {
	struct store_set *stores;
	struct service_alloc *services;
	struct kc_etcd3 *etcd;
	const char *public_ip; /* this apiserver's address in the Endpoints */
	int secure_port;
	int node_port;          /* --kubernetes-service-node-port; 0: type ClusterIP */
	const char *reconciler; /* "lease" (NULL), "master-count", "none" */
	long interval_ms;       /* 0: 10 s */
	int64_t lease_ttl_s;    /* 0: 15 s */
};

/* Starts at once (first round on the next loop turn).  NULL when out of memory. */
struct kubernetes_service *kubernetes_service_start(struct event_base *base,
						    const struct kubernetes_service_options *opts);
/*
 * Graceful stop: no more rounds, and the lease of a "lease" reconciler is deleted
 * (RemoveEndpoints: the other apiservers drop this one at their next round).  Turn the loop
 * until kubernetes_service_stopped() (or a deadline), then free.
 */
void kubernetes_service_stop(struct kubernetes_service *ks);
int kubernetes_service_stopped(const struct kubernetes_service *ks);
/* Stops (deleting the lease without waiting when not stopped yet) and frees.  NULL-safe. */
struct kubernetes_service *kubernetes_service_free(struct kubernetes_service *ks);
/* Rounds that completed (tests). */
long kubernetes_service_rounds(const struct kubernetes_service *ks);

/* --- the objects, pure (tests) ----------------------------------------------------------- */

/* The Service as created (before defaulting).  New reference. */
json_t *kubernetes_service_object(const char *cluster_ip, int secure_port, int node_port);
/* The Endpoints for the apiserver IPs (sorted here), and the EndpointSlice made from them. */
json_t *kubernetes_endpoints_object(const char *const *ips, size_t n, int secure_port);
json_t *kubernetes_endpointslice_object(const char *const *ips, size_t n, int secure_port);

#endif
