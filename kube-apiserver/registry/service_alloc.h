/*
 * service_alloc.h - ClusterIP and NodePort allocation around the Service store (upstream:
 * pkg/registry/core/service/storage/alloc.go RESTAllocStuff: txnAllocClusterIPs,
 * txnUpdateClusterIPs, txnAllocNodePorts, initNodePorts, updateNodePorts,
 * allocateHealthCheckNodePort, initIPFamilyFields' cluster checks; storage.go beginCreate,
 * beginUpdate and afterDelete; their transactions' commit/revert).
 *
 * The handlers call service_alloc_create()/service_alloc_update() in place of store_create()/
 * store_update() for services (same arguments, same callback contract).  Creates allocate
 * after validation (BeginCreate) and before the write; a failed write (or a dry run) releases
 * (reverts) what was allocated.  Updates run the update function, and when the result needs
 * values (type ExternalName -> ClusterIP, new node ports, a health check node port) allocate
 * them outside the write loop and run the update again with them; values the update frees
 * (type ExternalName, ClusterIP without node ports, ...) are released once it is written
 * (commit), the allocations of a failed update are released (revert).  Deletes release after
 * the object is gone (service_alloc_deleted()).  Leaks (an apiserver that dies between the
 * allocation and the write) are the repair's (controlplane/repair.h).
 */
#ifndef KUBE_APISERVER_REGISTRY_SERVICE_ALLOC_H
#define KUBE_APISERVER_REGISTRY_SERVICE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-apiserver/registry/range_allocator.h"
#include "kube-apiserver/registry/store.h"

struct api_resource;
struct kc_etcd3;
struct range_store;
struct service_alloc;

/* The etcd keys (relative to --etcd-prefix) upstream uses. */
#define SERVICE_ALLOC_IPS_KEY   "/ranges/serviceips"
#define SERVICE_ALLOC_PORTS_KEY "/ranges/servicenodeports"
/* Upstream's defaults when the flags are empty (kubeoptions.DefaultServiceIPCIDR and
 * DefaultServiceNodePortRange). */
#define SERVICE_ALLOC_DEFAULT_CIDR "10.0.0.0/24"

struct service_alloc_options {
	struct kc_etcd3 *etcd;
	const char *cluster_ip_range; /* --service-cluster-ip-range (the first CIDR); NULL/"" default */
	int node_port_base;           /* --service-node-port-range; 0: 30000 + 2768 */
	int node_port_size;
	range_rand_fn rnd; /* NULL: kc_clock_rand_unit */
};

/*
 * 0; KC_ERR_UNSUPPORTED for an IPv6 (or dual-stack) range and KC_ERR_INVALID for one that does
 * not parse, with the one-line reason in err; KC_ERR_NOMEM.
 */
int service_alloc_new(const struct service_alloc_options *opts, struct service_alloc **ret,
		      char *err, size_t errlen);
/* Pending operations finish without touching the ranges again.  NULL-safe. */
struct service_alloc *service_alloc_free(struct service_alloc *sa);

struct range_store *service_alloc_ips(struct service_alloc *sa);
struct range_store *service_alloc_ports(struct service_alloc *sa);
/* The first IP of the range (the kubernetes Service's), dotted. */
const char *service_alloc_first_ip(const struct service_alloc *sa, char *buf, size_t size);

/* Whether res is core/v1 services. */
int service_alloc_handles(const struct api_resource *res);

/*
 * store_create() of a validated Service with its ClusterIP, NodePorts and healthCheckNodePort
 * allocated first.  obj is taken.  Errors besides the store's: 422 "failed to allocate IP
 * X: provided IP is already allocated" (spec.clusterIPs), "spec.ports[i].nodePort: Invalid
 * value: N: provided port is already allocated", "spec.ipFamilies[0]: Invalid value: \"IPv6\":
 * not configured on this cluster"; 500 "failed to allocate a serviceIP: range is full",
 * "failed to allocate a nodePort: range is full"; 503 when etcd is away.  0, or KC_ERR_NOMEM
 * (no callback).
 */
int service_alloc_create(struct service_alloc *sa, struct store *s, const struct api_resource *res,
			 json_t *obj, unsigned flags, store_cb cb, void *arg);

/* store_update() with the allocation steps described above.  0 or KC_ERR_NOMEM. */
int service_alloc_update(struct service_alloc *sa, struct store *s, const struct api_resource *res,
			 const char *ns, const char *name, store_update_fn fn, void *fn_arg,
			 unsigned flags, store_cb cb, void *arg);

/* After a delete that removed svc (not for dry runs): releases its values (afterDelete). */
void service_alloc_deleted(struct service_alloc *sa, const json_t *svc);

/* --- pure parts, for the tests ---------------------------------------------------------- */

/* Node ports one operation tracks; a Service with more leaves the rest to the repair. */
#define SERVICE_ALLOC_MAX_PORTS 256

/* What a service holds: its ClusterIP (0: none) and node ports (incl. the health check one). */
struct service_values {
	uint32_t ip;
	uint32_t ports[SERVICE_ALLOC_MAX_PORTS];
	size_t n_ports;
};
void service_alloc_values_of(const json_t *svc, struct service_values *ret);

#endif
