/*
 * bootstrap.h - the objects kube-apiserver creates itself at start when they are missing
 * (upstream: pkg/controlplane/controller/systemnamespaces (default, kube-system, kube-public,
 * kube-node-lease), pkg/registry/scheduling/rest/storage_scheduling.go
 * AddSystemPriorityClasses; API-COMPAT SV4).
 *
 * The default/kubernetes Service, its Endpoints and EndpointSlice are kept by
 * controlplane/kubernetes_service.h, which allocates the Service's ClusterIP.
 */
#ifndef KUBE_APISERVER_REGISTRY_BOOTSTRAP_H
#define KUBE_APISERVER_REGISTRY_BOOTSTRAP_H

struct event_base;
struct store_set;
struct bootstrap;

/*
 * Starts creating the missing bootstrap objects through the stores, retrying every
 * retry_ms (0: 5 s) until all exist (etcd away at start is not an error).  done(arg) runs
 * once when they all exist (may be NULL).  NULL when out of memory.
 */
struct bootstrap *bootstrap_start(struct event_base *base, struct store_set *stores, long retry_ms,
				  void (*done)(void *arg), void *arg);
/* Whether every object exists. */
int bootstrap_done(const struct bootstrap *b);
/* Stops and frees (pending operations are cancelled).  NULL-safe. */
struct bootstrap *bootstrap_free(struct bootstrap *b);

/* The objects, as JSON documents before defaulting (tests): a new array. */
struct json_t;
struct json_t *bootstrap_objects(void);

#endif
