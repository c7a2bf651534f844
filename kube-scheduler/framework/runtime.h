/*
 * runtime.h - one profile's framework: its plugin instances and the code that runs every
 * extension point (upstream: pkg/scheduler/framework/runtime/framework.go frameworkImpl, and
 * the parts of schedule_one.go that walk the nodes: findNodesThatPassFilters,
 * numFeasibleNodesToFind, prioritizeNodes, selectHost).
 *
 * sched_framework_new() expands the profile's multiPoint plugins into the extension points they
 * implement (explicit per-point entries first, as upstream's expandMultiPointPlugins), builds one
 * instance per plugin name with its pluginConfig args, and fills the sched_handle plugins see.
 * Every run_* follows upstream: PreFilter results intersected and Skip remembered for Filter;
 * Filter stops at the first failing plugin per node; Score is weight x normalized score;
 * Reserve in order and Unreserve in reverse; Permit collects Wait timeouts; Bind tries plugins in
 * order until one does not Skip.
 *
 * The framework is single-threaded (the loop) and keeps per-cycle state in the CycleState and in
 * a few fields reset by run_pre_filter()/run_pre_score().
 */
#ifndef KUBE_SCHEDULER_FRAMEWORK_RUNTIME_H
#define KUBE_SCHEDULER_FRAMEWORK_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "kube-scheduler/config.h"
#include "kube-scheduler/framework/interface.h"

/* Where plugin implementations come from (plugins/registry.c in the daemon, test tables in unit
 * tests). */
typedef const struct sched_plugin_ops *(*sched_registry_lookup_fn)(const char *name);

struct sched_framework {
	char *profile_name;
	struct sched_handle handle;
	struct sched_plugin *instances;   /* one per plugin name */
	size_t n_instances;
	struct sched_plugin **points[SCHED_EP_COUNT - 1];  /* per extension point, in order */
	size_t n_points[SCHED_EP_COUNT - 1];
	/* Per cycle: PreFilter/PreScore Skip of each Filter/Score plugin (index as points[]). */
	unsigned char *skip_filter, *skip_score, *skip_pre_filter;
	size_t next_start_node_index;
	int32_t percentage;               /* profile's or global; 0 = adaptive */
	unsigned long long filter_calls;  /* Filter plugin calls so far (for tests / metrics) */
	void *owner;                      /* the daemon's scheduler (for the handle callbacks) */
};

/*
 * Builds the framework.  handle_tmpl: what the daemon provides (base, client, stores, snapshot,
 * nominated pods, record_event; parallelism, percentage); the run_* callbacks are filled here.
 * On failure returns NULL with a message like upstream's ("plugin \"X\" does not exist",
 * "only one queue sort plugin required for profile with scheduler name \"x\"").
 */
struct sched_framework *sched_framework_new(const struct sched_config_profile *profile,
					    const struct sched_handle *handle_tmpl,
					    sched_registry_lookup_fn lookup, char *err, size_t errlen);
struct sched_framework *sched_framework_free(struct sched_framework *fw);

/* The framework behind a handle (handle->runtime). */
struct sched_framework *sched_framework_from_handle(struct sched_handle *h);

int sched_framework_has_point(const struct sched_framework *fw, enum sched_ext_point ep);

/* PreEnqueue: the first refusing plugin's status (st->plugin set). */
enum sched_code sched_framework_run_pre_enqueue(struct sched_framework *fw, const struct sched_pod_info *pod,
						struct sched_status *st);
/* QueueSort.Less; falls back to enqueue time when the profile has no QueueSort plugin. */
int sched_framework_less(struct sched_framework *fw, const struct sched_pod_info *a, int64_t a_ns,
			 const struct sched_pod_info *b, int64_t b_ns);
/* Does one of the plugins (names) register ev, with a hint saying Queue? (isPodWorthRequeuing) */
enum sched_hint sched_framework_requeue_hint(struct sched_framework *fw, const struct kc_strv *plugins,
					     const json_t *pod, const struct sched_cluster_event *ev,
					     const json_t *old_obj, const json_t *new_obj);

/* PreFilter: *ret_nodes = the intersection of the results (NULL = all nodes; owned, free with
 * kc_strmap_free(m, NULL)). On failure st says why and names the plugin. */
enum sched_code sched_framework_run_pre_filter(struct sched_framework *fw, struct sched_cycle_state *cs,
					       const struct sched_pod_info *pod, const struct sched_snapshot *snap,
					       struct kc_strmap **ret_nodes, struct sched_status *st);
enum sched_code sched_framework_run_filter(struct sched_framework *fw, struct sched_cycle_state *cs,
					   const struct sched_pod_info *pod, const struct sched_node_info *node,
					   struct sched_status *st);
/* RunFilterPluginsWithNominatedPods: Filter as if the higher-or-equal priority pods nominated to
 * the node were there (twice, as upstream, when there are any). */
enum sched_code sched_framework_run_filter_with_nominated(struct sched_framework *fw, struct sched_cycle_state *cs,
							  const struct sched_pod_info *pod,
							  const struct sched_node_info *node, struct sched_status *st);

/* The failed nodes of a cycle (Diagnosis). */
struct sched_diagnosis {
	struct sched_node_status *statuses;   /* owned reasons */
	size_t n_statuses, alloc;
	struct kc_strv unschedulable_plugins;
	struct kc_strv pending_plugins;
	char *pre_filter_msg;
	char *post_filter_msg;
	size_t n_all_nodes;
};
void sched_diagnosis_release(struct sched_diagnosis *d);
/* FitError.Error(): "0/3 nodes are available: 1 node(s) had ..., 2 Insufficient cpu. preemption: ..." */
char *sched_diagnosis_message(const struct sched_diagnosis *d);

/*
 * findNodesThatPassFilters over the snapshot (or the PreFilter subset), from the rotating start
 * index, stopping at numFeasibleNodesToFind.  *ret_feasible: borrowed node infos (array owned).
 */
int sched_framework_find_feasible(struct sched_framework *fw, struct sched_cycle_state *cs,
				  const struct sched_pod_info *pod, const struct sched_snapshot *snap,
				  const struct kc_strmap *prefilter_nodes, struct sched_node_info ***ret_feasible,
				  size_t *ret_n, struct sched_diagnosis *diag);

enum sched_code sched_framework_run_post_filter(struct sched_framework *fw, struct sched_cycle_state *cs,
						const struct sched_pod_info *pod, const struct sched_diagnosis *diag,
						struct sched_postfilter_result *res, struct sched_status *st);

/* PreScore + Score + NormalizeScore + weights; ret_scores[i] for nodes[i] (caller frees). */
enum sched_code sched_framework_run_score(struct sched_framework *fw, struct sched_cycle_state *cs,
					  const struct sched_pod_info *pod, struct sched_node_info *const *nodes,
					  size_t n, struct sched_node_score **ret_scores, struct sched_status *st);
/* selectHost: the highest total, ties broken uniformly at random (reservoir sampling). */
size_t sched_select_host(const struct sched_node_score *scores, size_t n);

enum sched_code sched_framework_run_reserve(struct sched_framework *fw, struct sched_cycle_state *cs,
					    const struct sched_pod_info *pod, const char *node, struct sched_status *st);
void sched_framework_run_unreserve(struct sched_framework *fw, struct sched_cycle_state *cs,
				   const struct sched_pod_info *pod, const char *node);
/* SCHED_WAIT with *ret_timeout_ms the shortest wait of the waiting plugins. */
enum sched_code sched_framework_run_permit(struct sched_framework *fw, struct sched_cycle_state *cs,
					   const struct sched_pod_info *pod, const char *node,
					   int64_t *ret_timeout_ms, struct sched_status *st);
enum sched_code sched_framework_run_pre_bind(struct sched_framework *fw, struct sched_cycle_state *cs,
					     const struct sched_pod_info *pod, const char *node, struct sched_status *st);
/*
 * Bind through the chain; done(arg, code, st) runs exactly once, possibly before this returns
 * (every plugin skipped, or one failed synchronously).  The framework must outlive the call.
 */
void sched_framework_run_bind(struct sched_framework *fw, struct sched_cycle_state *cs,
			      const struct sched_pod_info *pod, const char *node,
			      void (*done)(void *arg, enum sched_code code, const struct sched_status *st),
			      void *arg);
void sched_framework_run_post_bind(struct sched_framework *fw, struct sched_cycle_state *cs,
				   const struct sched_pod_info *pod, const char *node);

#endif
