/*
 * types.h - the scheduler's view of the cluster (upstream: pkg/scheduler/framework/types.go:
 * Resource, PodInfo, NodeInfo, ImageStateSummary, HostPortInfo, AffinityTerm).
 *
 * A NodeInfo aggregates what the Filter/Score plugins need about one node: the Node object,
 * the pods on it (bound or assumed), the sum of their requests, used host ports and image
 * states.  The scheduler cache owns NodeInfos; each scheduling cycle works on a snapshot
 * (struct sched_snapshot) whose NodeInfos are the cache's, frozen for the cycle: plugins only
 * read them.  PodInfo precomputes what plugins would otherwise re-derive from the pod JSON on
 * every node of every cycle (requests, parsed affinity terms).
 *
 * Ownership: a sched_pod_info holds a reference on its pod JSON; a sched_node_info holds a
 * reference on its node JSON (NULL while only pods are known, as upstream) and references on
 * its pod infos (pod infos are refcounted because the queue, the cache and snapshots share them).
 */
#ifndef KUBE_SCHEDULER_FRAMEWORK_TYPES_H
#define KUBE_SCHEDULER_FRAMEWORK_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/labels.h"

/* Upstream's DefaultMilliCPURequest / DefaultMemoryRequest, used for non-zero requests. */
#define SCHED_DEFAULT_MILLI_CPU_REQUEST 100
#define SCHED_DEFAULT_MEMORY_REQUEST (200LL * 1024 * 1024)

/* Max node score and the range NormalizeScore maps into (framework.MaxNodeScore). */
#define SCHED_MAX_NODE_SCORE 100
#define SCHED_MIN_NODE_SCORE 0

struct sched_scalar {
	char *name;   /* e.g. "nvidia.com/gpu", "hugepages-2Mi" */
	int64_t value;
};

/* framework.Resource: cpu in millicores, memory and storage in bytes, scalars in units. */
struct sched_resource {
	int64_t milli_cpu;
	int64_t memory;
	int64_t ephemeral_storage;
	int64_t allowed_pod_number;
	struct sched_scalar *scalars;
	size_t n_scalars;
};

void sched_resource_release(struct sched_resource *r);
int sched_resource_copy(struct sched_resource *dst, const struct sched_resource *src);
/* dst += src (scalars merged by name); negative KC_ERR_* only on allocation failure. */
int sched_resource_add(struct sched_resource *dst, const struct sched_resource *src);
int sched_resource_sub(struct sched_resource *dst, const struct sched_resource *src);
int64_t sched_resource_scalar(const struct sched_resource *r, const char *name);
int sched_resource_set_scalar(struct sched_resource *r, const char *name, int64_t value);
/* From a ResourceList JSON object ({"cpu":"500m","memory":"1Gi",...}); unparsable values are
 * skipped (the apiserver validated them). */
int sched_resource_from_list(struct sched_resource *r, const json_t *resource_list);

/*
 * The pod's effective requests as upstream's resource.PodRequests: max(sum of containers,
 * each init container (restartable init containers = sidecars counted as upstream)) +
 * spec.overhead.  *non_zero gets the same with SCHED_DEFAULT_* substituted for a container's
 * missing cpu/memory request (used for scoring, as upstream's GetNonzeroRequests); may be NULL.
 */
int sched_pod_requests(const json_t *pod, struct sched_resource *ret, struct sched_resource *non_zero);

/* framework.AffinityTerm / WeightedAffinityTerm, parsed once per pod. */
struct sched_affinity_term {
	struct kc_label_selector *selector;            /* labelSelector (+ matchLabelKeys merged) */
	struct kc_label_selector *namespace_selector;  /* NULL: only `namespaces` apply */
	char **namespaces;                             /* NULL-terminated; empty = the pod's own */
	char *topology_key;
	int32_t weight;                                /* preferred terms only */
};

struct sched_pod_info {
	int refs;
	json_t *pod;                 /* reference held */
	const char *ns, *name, *uid; /* borrowed from pod */
	/* what Filter reads for every node, looked up once (upstream reads the typed v1.Pod):
	 * borrowed from pod; NULL when absent */
	const json_t *tolerations;   /* spec.tolerations */
	const char *node_name;       /* spec.nodeName, NULL when empty */
	struct sched_resource requests;
	struct sched_resource non_zero_requests;
	struct sched_affinity_term *required_affinity, *required_anti_affinity;
	size_t n_required_affinity, n_required_anti_affinity;
	struct sched_affinity_term *preferred_affinity, *preferred_anti_affinity;
	size_t n_preferred_affinity, n_preferred_anti_affinity;
	char *parse_error;           /* first affinity parse error, NULL when all terms parsed */
};

/* New pod info with one reference; takes its own reference on pod. NULL on ENOMEM. */
struct sched_pod_info *sched_pod_info_new(json_t *pod);
struct sched_pod_info *sched_pod_info_ref(struct sched_pod_info *pi);
struct sched_pod_info *sched_pod_info_unref(struct sched_pod_info *pi); /* returns NULL */
/* Re-derive everything after the pod JSON changed (the cache's update path). */
int sched_pod_info_update(struct sched_pod_info *pi, json_t *pod);
/* Does the term select `pod` (namespace + labels; ns_labels = the pod's namespace's labels)? */
int sched_affinity_term_matches(const struct sched_affinity_term *t, const json_t *pod,
				const json_t *ns_labels);

/* One used host port: "0.0.0.0" ip means every address (HostPortInfo). */
struct sched_host_port {
	char ip[46];
	char protocol[8];
	int32_t port;
};

struct sched_image_state {
	char *name;
	int64_t size;
	int num_nodes;      /* how many nodes have it (ImageStateSummary.NumNodes) */
};

struct sched_node_info {
	json_t *node;                          /* reference held; NULL: pods only, node unknown */
	const char *name;
	/* looked up once per node update, as upstream reads the typed v1.Node: */
	const json_t *taints;                  /* spec.taints, borrowed from node; NULL: none */
	int unschedulable;                     /* spec.unschedulable */
	struct sched_pod_info **pods;          /* each holds a reference */
	size_t n_pods, cap_pods;
	size_t n_pods_with_affinity;           /* pods with any (anti-)affinity term */
	size_t n_pods_with_required_anti_affinity;
	struct sched_host_port *used_ports;
	size_t n_used_ports, cap_used_ports;
	struct sched_resource requested;       /* sum of pod requests */
	struct sched_resource non_zero_requested;
	struct sched_resource allocatable;     /* from status.allocatable */
	struct sched_image_state *images;      /* from status.images, with cluster-wide counts */
	size_t n_images;
	uint64_t generation;                   /* bumped on every change (snapshot updates) */
};

struct sched_node_info *sched_node_info_new(void);
struct sched_node_info *sched_node_info_free(struct sched_node_info *ni);
int sched_node_info_set_node(struct sched_node_info *ni, json_t *node);
int sched_node_info_add_pod(struct sched_node_info *ni, struct sched_pod_info *pi);
/* Removes by uid; KC_ERR_NOT_FOUND when the pod is not on the node. */
int sched_node_info_remove_pod(struct sched_node_info *ni, const char *uid);
/* Deep-enough copy for snapshots/preemption simulation: pod infos shared by reference. */
struct sched_node_info *sched_node_info_clone(const struct sched_node_info *ni);
const json_t *sched_node_info_labels(const struct sched_node_info *ni);
int sched_node_info_port_conflict(const struct sched_node_info *ni, const struct sched_host_port *want);

/*
 * The snapshot one scheduling cycle reads (upstream internal/cache.Snapshot): every NodeInfo in
 * a stable order, a name index, the subsets with affinity pods, and namespace labels for
 * namespaceSelector terms.  Owned by the scheduler cache; plugins borrow it.
 */
struct sched_snapshot {
	struct sched_node_info **nodes;
	size_t n_nodes;
	struct sched_node_info **have_pods_with_affinity;
	size_t n_have_pods_with_affinity;
	struct sched_node_info **have_pods_with_required_anti_affinity;
	size_t n_have_pods_with_required_anti_affinity;
	struct kc_strmap *by_name;             /* node name -> struct sched_node_info * */
};

struct sched_node_info *sched_snapshot_get(const struct sched_snapshot *s, const char *node_name);

#endif
