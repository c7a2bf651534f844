/*
 * cache.h - the scheduler cache (upstream: pkg/scheduler/internal/cache/cache.go, snapshot.go,
 * node_tree.go).
 *
 * The cache aggregates Node objects and the pods assigned to them into NodeInfos.  A pod the
 * scheduler just placed is "assumed" onto its node (so the next cycle sees its requests before
 * the binding lands); when the binding call finishes, finish_binding() starts the assumed pod's
 * TTL (0 = never expire, upstream's durationToExpireAssumedPod since #106361), and the informer's
 * add of the bound pod confirms it.  forget() drops an assumed pod after a failed binding.
 *
 * Snapshots: sched_cache_update_snapshot() brings a snapshot up to date incrementally, as
 * upstream's UpdateSnapshot does: every NodeInfo change takes a new cache generation and the
 * cache keeps its nodes in most-recently-changed order, so only nodes changed since the
 * snapshot's generation are cloned (O(changed nodes) per cycle, not O(nodes)).  The node list is
 * rebuilt only when nodes come or go.
 *
 * Ownership: the cache takes its own references on the JSON it is given.  A snapshot owns clones
 * of the NodeInfos (sharing pod infos by reference) and is only read by plugins.
 */
#ifndef KUBE_SCHEDULER_INTERNAL_CACHE_H
#define KUBE_SCHEDULER_INTERNAL_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-scheduler/framework/types.h"

struct sched_cache;

struct sched_cache_snapshot {
	struct sched_snapshot s;   /* what plugins read */
	uint64_t generation;       /* the cache generation it reflects */
	size_t alloc_nodes, alloc_affinity, alloc_anti_affinity;
	uint64_t nodes_version;    /* the cache's node-set version the node list was built from */
};

struct sched_cache_stats {
	size_t nodes;          /* NodeInfos with a Node object */
	size_t pods;           /* pods known, assumed included */
	size_t assumed;
	uint64_t generation;
	uint64_t cloned;       /* NodeInfos cloned into snapshots so far */
	uint64_t list_rebuilds;
};

/* ttl_ns: how long an assumed pod lives after its binding finished; 0 = forever. */
struct sched_cache *sched_cache_new(int64_t ttl_ns, int64_t (*now_ns)(void));
struct sched_cache *sched_cache_free(struct sched_cache *c);

int sched_cache_add_node(struct sched_cache *c, json_t *node);
int sched_cache_update_node(struct sched_cache *c, json_t *node);
/* KC_ERR_NOT_FOUND when unknown.  The NodeInfo stays while pods still point at it. */
int sched_cache_remove_node(struct sched_cache *c, const char *name);

/* An assigned pod from the informer (spec.nodeName set): add, or confirm an assumed one. */
int sched_cache_add_pod(struct sched_cache *c, json_t *pod);
int sched_cache_update_pod(struct sched_cache *c, json_t *pod);
int sched_cache_remove_pod(struct sched_cache *c, const char *uid);

/* AssumePod: the pod (not yet bound) counts on node_name from now on.  KC_ERR_ALREADY_EXISTS
 * when the cache knows the pod. */
int sched_cache_assume_pod(struct sched_cache *c, const struct sched_pod_info *pi, const char *node_name);
/* FinishBinding: starts the TTL of an assumed pod. */
int sched_cache_finish_binding(struct sched_cache *c, const char *uid);
/* ForgetPod: undo an assume (binding failed). KC_ERR_NOT_FOUND unless assumed. */
int sched_cache_forget_pod(struct sched_cache *c, const char *uid);
int sched_cache_is_assumed(const struct sched_cache *c, const char *uid);
/* The node the cache has the pod on (borrowed) or NULL. */
const char *sched_cache_pod_node(const struct sched_cache *c, const char *uid);
/* cleanupAssumedPods: expire assumed pods whose TTL passed; returns how many. */
size_t sched_cache_cleanup_assumed(struct sched_cache *c);

/* The cache's live NodeInfo (borrowed) or NULL; for tests and the debugger. */
const struct sched_node_info *sched_cache_node_info(const struct sched_cache *c, const char *name);

struct sched_cache_snapshot *sched_cache_snapshot_new(void);
struct sched_cache_snapshot *sched_cache_snapshot_free(struct sched_cache_snapshot *s);
/* UpdateSnapshot. 0 or KC_ERR_NOMEM (the snapshot is then reset to force a full rebuild). */
int sched_cache_update_snapshot(struct sched_cache *c, struct sched_cache_snapshot *s);

void sched_cache_stats(const struct sched_cache *c, struct sched_cache_stats *ret);

#endif
