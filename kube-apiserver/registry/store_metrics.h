/*
 * store_metrics.h - the storage series of /metrics: etcd request latency, counts and errors
 * per operation and resource, and the number of stored objects per resource (upstream:
 * staging/src/k8s.io/apiserver/pkg/storage/etcd3/metrics/metrics.go as of v1.32, fed by
 * etcd3/store.go's RecordEtcdRequest and the storage's object count poll).
 *
 *	etcd_request_duration_seconds{operation,type}  histogram, upstream's buckets
 *	etcd_requests_total{operation,type}            counter
 *	etcd_request_errors_total{operation,type}      counter
 *	apiserver_storage_objects{resource}            gauge, -1 while a cache is not ready
 *
 * type and resource are the group resource ("pods", "deployments.apps").  The object counts
 * come from the watch caches, which hold every stored object, when /metrics is read, so they
 * cost no etcd request (upstream polls etcd every --etcd-count-metric-poll-period).
 */
#ifndef KUBE_APISERVER_REGISTRY_STORE_METRICS_H
#define KUBE_APISERVER_REGISTRY_STORE_METRICS_H

struct kc_metrics_registry;
struct store_set;
struct store_metrics;

/*
 * Registers the families in reg and observes set's etcd client (one observer per client).
 * NULL when out of memory.  Both set and reg must outlive the result.
 */
struct store_metrics *store_metrics_new(struct store_set *set, struct kc_metrics_registry *reg);

/* Updates apiserver_storage_objects from the caches; call before writing the registry. */
void store_metrics_collect(struct store_metrics *m);

/* The group resource of the store whose prefix holds key ("/pods/ns/x" -> "pods"), borrowed;
 * NULL for a key under no store. */
const char *store_metrics_type_of(const struct store_metrics *m, const char *key);

/* Stops observing and frees m (the families stay in the registry); NULL-safe, returns NULL. */
struct store_metrics *store_metrics_free(struct store_metrics *m);

#endif
