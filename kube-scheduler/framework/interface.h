/*
 * interface.h - the scheduling framework's plugin contract (upstream:
 * pkg/scheduler/framework/interface.go, cycle_state.go, events.go, types.go ClusterEvent,
 * QueueingHint).
 *
 * A plugin is one file in kube-scheduler/plugins/ exporting a `const struct sched_plugin_ops`
 * named after it (sched_plugin_node_resources_fit, ...) and listed in plugins/registry.c.  Every
 * extension point is an optional function pointer; the framework runtime (framework/runtime.c)
 * calls the enabled ones in profile order, merges statuses, applies score weights and
 * normalization, and records the plugin name of the first failure in the status.
 *
 * Conventions:
 *  - Extension points return an enum sched_code and, when it is not SCHED_SUCCESS, fill the
 *    caller-provided struct sched_status with reasons (upstream's Status.Reasons, the strings
 *    that end up in "0/3 nodes are available: ..." after counting).  Use sched_status_set().
 *  - Plugins never block and never talk to the apiserver in Filter/Score; what they need from
 *    the cluster comes from the snapshot or from the handle's informer stores.
 *  - Data computed in PreFilter/PreScore for later points goes into the CycleState under the
 *    plugin's own key (sched_cycle_state_write) and is freed with the cycle.
 */
#ifndef KUBE_SCHEDULER_FRAMEWORK_INTERFACE_H
#define KUBE_SCHEDULER_FRAMEWORK_INTERFACE_H

#include <stdint.h>

#include <jansson.h>

#include "kube-scheduler/framework/types.h"

enum sched_code {
	SCHED_SUCCESS = 0,
	SCHED_ERROR,                              /* internal error: retried with backoff */
	SCHED_UNSCHEDULABLE,                      /* preemption may help */
	SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE,     /* preemption cannot help on this node */
	SCHED_WAIT,                               /* Permit: wait */
	SCHED_SKIP,                               /* PreFilter/PreScore: skip my Filter/Score */
	SCHED_PENDING,                            /* PreEnqueue: stay out of activeQ */
};

struct sched_status {
	enum sched_code code;
	char **reasons;         /* NULL-terminated, owned */
	size_t n_reasons;
	const char *plugin;     /* static name of the plugin that failed; set by the runtime */
};

/* Sets code and appends one printf-formatted reason; returns code (for `return sched_status_set(...)`). */
enum sched_code sched_status_set(struct sched_status *st, enum sched_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sched_status_reset(struct sched_status *st);
const char *sched_code_name(enum sched_code code);  /* "Unschedulable", ... as upstream */

/* CycleState: per-cycle scratch data keyed by string; values freed with their free function. */
struct sched_cycle_state;
int sched_cycle_state_write(struct sched_cycle_state *cs, const char *key, void *value,
			    void (*free_value)(void *));
void *sched_cycle_state_read(const struct sched_cycle_state *cs, const char *key);
/* Preemption's what-if runs work on a clone of the state: values written with a clone
 * function are copied, others shared read-only.  State that AddPod/RemovePod mutate (e.g.
 * NodeResourcesFit's, InterPodAffinity's, PodTopologySpread's) must register a clone function. */
int sched_cycle_state_write_cloneable(struct sched_cycle_state *cs, const char *key, void *value,
				      void (*free_value)(void *), void *(*clone_value)(const void *));
struct sched_cycle_state *sched_cycle_state_new(void);
struct sched_cycle_state *sched_cycle_state_clone(const struct sched_cycle_state *cs);
struct sched_cycle_state *sched_cycle_state_free(struct sched_cycle_state *cs);

/* Cluster events for queueing hints (framework.ClusterEvent: resource + action type). */
enum sched_event_resource {
	SCHED_EV_POD = 1 << 0,
	SCHED_EV_ASSIGNED_POD = 1 << 1,
	SCHED_EV_UNSCHEDULED_POD = 1 << 2,
	SCHED_EV_NODE = 1 << 3,
	SCHED_EV_PVC = 1 << 4,
	SCHED_EV_PV = 1 << 5,
	SCHED_EV_STORAGE_CLASS = 1 << 6,
	SCHED_EV_NAMESPACE = 1 << 7,
	SCHED_EV_PDB = 1 << 8,
};

enum sched_action {
	SCHED_ACT_ADD = 1 << 0,
	SCHED_ACT_DELETE = 1 << 1,
	SCHED_ACT_UPDATE_NODE_ALLOCATABLE = 1 << 2,
	SCHED_ACT_UPDATE_NODE_LABEL = 1 << 3,
	SCHED_ACT_UPDATE_NODE_TAINT = 1 << 4,
	SCHED_ACT_UPDATE_NODE_CONDITION = 1 << 5,
	SCHED_ACT_UPDATE_NODE_ANNOTATION = 1 << 6,
	SCHED_ACT_UPDATE_POD_LABEL = 1 << 7,
	SCHED_ACT_UPDATE_POD_SCALE_DOWN = 1 << 8,
	SCHED_ACT_UPDATE_POD_TOLERATION = 1 << 9,
	SCHED_ACT_UPDATE_POD_SCHEDULING_GATES_ELIMINATED = 1 << 10,
	SCHED_ACT_UPDATE = 0x7fc,     /* every UPDATE_* bit */
	SCHED_ACT_ALL = 0x7ff,
};

enum sched_hint { SCHED_QUEUE_SKIP = 0, SCHED_QUEUE = 1 };

struct sched_cluster_event {
	unsigned resource;  /* enum sched_event_resource bits */
	unsigned action;    /* enum sched_action bits */
};

struct sched_plugin;  /* an instance */

/*
 * QueueingHintFn: may the event make `pod` (rejected by this plugin) schedulable?  old/new
 * are the event's objects (NULL for add/delete respectively).  NULL hint = always Queue.
 */
typedef enum sched_hint (*sched_queueing_hint_fn)(struct sched_plugin *p, const json_t *pod,
						  const json_t *old_obj, const json_t *new_obj);

struct sched_event_with_hint {
	struct sched_cluster_event event;
	sched_queueing_hint_fn hint;
};

/* One node's score (NodeScore). */
struct sched_node_score {
	const char *name;     /* borrowed from the snapshot */
	int64_t score;
};

/* Filtered-node statuses handed to PostFilter (NodeToStatusMap). */
struct sched_node_status {
	const char *name;
	struct sched_status status;
};

/* PreFilterResult: NULL node_names = all nodes; otherwise only these are filtered. */
struct sched_prefilter_result {
	struct kc_strmap *node_names;   /* set: name -> (void *)1; freed by the runtime */
};

/* PostFilterResult: the nominated node chosen by preemption (owned string). */
struct sched_postfilter_result {
	char *nominated_node_name;
};

struct sched_handle;  /* the framework as plugins see it, below */

struct sched_plugin_ops {
	const char *name;   /* upstream plugin name: "NodeResourcesFit", ... */

	/* Instance from the profile's pluginConfig args (NULL = defaults); error message owned. */
	void *(*new_plugin)(const json_t *args, struct sched_handle *h, char **ret_err);
	void (*free_plugin)(void *self);

	/* Events that may make a pod rejected by this plugin schedulable (EnqueueExtensions). */
	const struct sched_event_with_hint *events;
	size_t n_events;

	enum sched_code (*pre_enqueue)(void *self, const struct sched_pod_info *pod, struct sched_status *st);
	/* QueueSort: true when a should be popped before b (only one QueueSort plugin per profile). */
	int (*less)(void *self, const struct sched_pod_info *a, int64_t a_enqueued_ns,
		    const struct sched_pod_info *b, int64_t b_enqueued_ns);

	enum sched_code (*pre_filter)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				      const struct sched_snapshot *snap, struct sched_prefilter_result *res,
				      struct sched_status *st);
	/* PreFilterExtensions, used by preemption to simulate removing/adding pods on a node. */
	enum sched_code (*add_pod)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				   const struct sched_pod_info *to_add, const struct sched_node_info *node,
				   struct sched_status *st);
	enum sched_code (*remove_pod)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				      const struct sched_pod_info *to_remove, const struct sched_node_info *node,
				      struct sched_status *st);
	enum sched_code (*filter)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				  const struct sched_node_info *node, struct sched_status *st);
	enum sched_code (*post_filter)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				       const struct sched_node_status *filtered, size_t n_filtered,
				       struct sched_postfilter_result *res, struct sched_status *st);
	enum sched_code (*pre_score)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				     struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st);
	enum sched_code (*score)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				 const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st);
	/* ScoreExtensions.NormalizeScore: rewrite scores in place into [0, SCHED_MAX_NODE_SCORE]. */
	enum sched_code (*normalize_score)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
					   struct sched_node_score *scores, size_t n, struct sched_status *st);
	enum sched_code (*reserve)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				   const char *node_name, struct sched_status *st);
	void (*unreserve)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			  const char *node_name);
	/* SCHED_WAIT with *ret_timeout_ms set makes the pod wait (Permit). */
	enum sched_code (*permit)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				  const char *node_name, int64_t *ret_timeout_ms, struct sched_status *st);
	enum sched_code (*pre_bind)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				    const char *node_name, struct sched_status *st);
	/*
	 * Bind is asynchronous (it talks to the apiserver): start it and call done(ctx, code, st)
	 * later, on the loop; SCHED_SKIP returned synchronously passes to the next Bind plugin.
	 */
	enum sched_code (*bind)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
				const char *node_name,
				void (*done)(void *ctx, enum sched_code code, const struct sched_status *st),
				void *ctx, struct sched_status *st);
	void (*post_bind)(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			  const char *node_name);
};

struct sched_plugin {
	const struct sched_plugin_ops *ops;
	void *self;
	int32_t weight;   /* score weight from the profile (default 1, upstream's defaults applied) */
};

struct kc_client;
struct kc_store;
struct event_base;

/*
 * What a plugin can reach (framework.Handle).  Stores are the scheduler's shared informer
 * stores (NULL when the daemon does not run that informer); the snapshot is the one the
 * current cycle reads.
 */
struct sched_handle {
	struct event_base *base;
	struct kc_client *client;                 /* for Bind and preemption's evictions */
	const struct sched_snapshot *(*snapshot)(struct sched_handle *h);
	struct kc_store *pods, *nodes, *namespaces, *pdbs, *services, *replicasets,
		*statefulsets, *replication_controllers, *pvcs, *pvs, *storage_classes;
	/* Run every Filter plugin of the profile for pod on node (preemption's what-if). */
	enum sched_code (*run_filter_plugins_with_nominated_pods)(struct sched_handle *h,
								  struct sched_cycle_state *cs,
								  const struct sched_pod_info *pod,
								  const struct sched_node_info *node,
								  struct sched_status *st);
	/* PreFilterExtensions of every plugin (preemption). */
	enum sched_code (*run_pre_filter_extension_remove_pod)(struct sched_handle *h, struct sched_cycle_state *cs,
							       const struct sched_pod_info *pod,
							       const struct sched_pod_info *to_remove,
							       const struct sched_node_info *node,
							       struct sched_status *st);
	enum sched_code (*run_pre_filter_extension_add_pod)(struct sched_handle *h, struct sched_cycle_state *cs,
							    const struct sched_pod_info *pod,
							    const struct sched_pod_info *to_add,
							    const struct sched_node_info *node, struct sched_status *st);
	/* Pods nominated to node_name (the queue's nominator), borrowed array. */
	size_t (*nominated_pods)(struct sched_handle *h, const char *node_name,
				 struct sched_pod_info *const **ret);
	/* Event recorder: reason + message on the pod (type Normal/Warning). */
	void (*record_event)(struct sched_handle *h, const json_t *pod, const char *type,
			     const char *reason, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
	int parallelism;
	int percentage_of_nodes_to_score;
	void *runtime;    /* the framework runtime behind the handle */
};

/* Lookup in plugins/registry.c: the built-in plugin of that upstream name, or NULL. */
const struct sched_plugin_ops *sched_plugin_registry_lookup(const char *name);

#endif
