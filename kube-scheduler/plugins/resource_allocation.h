/*
 * resource_allocation.h - the scorer NodeResourcesFit and NodeResourcesBalancedAllocation
 * share (upstream: pkg/scheduler/framework/plugins/noderesources/resource_allocation.go,
 * least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go, balanced_allocation.go,
 * helper/shape_score.go).
 */
#ifndef KUBE_SCHEDULER_PLUGINS_RESOURCE_ALLOCATION_H
#define KUBE_SCHEDULER_PLUGINS_RESOURCE_ALLOCATION_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-scheduler/framework/types.h"

enum sched_scoring_strategy {
	SCHED_LEAST_ALLOCATED,
	SCHED_MOST_ALLOCATED,
	SCHED_REQUESTED_TO_CAPACITY_RATIO,
	SCHED_BALANCED_ALLOCATION,
};

/* Which sched_resource field a scored resource reads (decided once, not per node). */
enum sched_resource_kind {
	SCHED_RES_CPU,
	SCHED_RES_MEMORY,
	SCHED_RES_EPHEMERAL_STORAGE,
	SCHED_RES_PODS,
	SCHED_RES_SCALAR,
};

struct sched_resource_spec {
	char *name;
	int64_t weight;
	enum sched_resource_kind kind;
};

struct sched_shape_point {
	int64_t utilization;  /* 0..100 */
	int64_t score;        /* already scaled to 0..SCHED_MAX_NODE_SCORE */
};

struct sched_resource_scorer {
	enum sched_scoring_strategy strategy;
	struct sched_resource_spec *resources;
	size_t n_resources;
	struct sched_shape_point *shape;
	size_t n_shape;
	int use_requested;   /* node's Requested instead of NonZeroRequested (BalancedAllocation) */
};

/*
 * Parses the resources list ([{name, weight}], default cpu=1 memory=1, weight 0 -> 1) and, for
 * RequestedToCapacityRatio, the shape ([{utilization, score 0..10}]).  KC_ERR_INVALID with an
 * upstream-worded *ret_err for bad args.
 */
int sched_resource_scorer_init(struct sched_resource_scorer *s, enum sched_scoring_strategy strategy,
			       const json_t *resources, const json_t *shape, char **ret_err);
void sched_resource_scorer_release(struct sched_resource_scorer *s);
/* The pod's request for each scorer resource (non-zero defaults unless use_requested); malloc()ed. */
int64_t *sched_resource_scorer_pod_requests(const struct sched_resource_scorer *s, const struct sched_pod_info *pod);
/* The node's score for a pod with those requests. */
int64_t sched_resource_scorer_score(const struct sched_resource_scorer *s, const struct sched_node_info *node,
				    const int64_t *pod_requests);
/* helper.BuildBrokenLinearFunction evaluated at p. */
int64_t sched_broken_linear(const struct sched_shape_point *shape, size_t n, int64_t p);

#endif
