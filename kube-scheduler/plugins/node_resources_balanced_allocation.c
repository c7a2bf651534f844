/*
 * node_resources_balanced_allocation.c - the NodeResourcesBalancedAllocation Score plugin
 * (upstream: pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go): favours
 * nodes whose requested fractions of the configured resources (cpu and memory by default)
 * stay close to each other once the pod is placed: score = (1 - std deviation) * 100.
 */
#include <stdlib.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/resource_allocation.h"
#include "libkcommon/json.h"

#define PRESCORE_KEY "PreScoreNodeResourcesBalancedAllocation"

static void
balanced_free(void *self)
{
	if (self != NULL)
		sched_resource_scorer_release(self);
	free(self);
}

static void *
balanced_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	struct sched_resource_scorer *s = calloc(1, sizeof(*s));

	(void)h;
	if (s == NULL)
		return NULL;
	if (sched_resource_scorer_init(s, SCHED_BALANCED_ALLOCATION, json_object_get(args, "resources"), NULL,
				       ret_err) < 0) {
		free(s);
		return NULL;
	}
	return s;
}

static enum sched_code
balanced_pre_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		   struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st)
{
	struct sched_resource_scorer *s = self;
	int64_t *req = sched_resource_scorer_pod_requests(s, pod);
	size_t i;
	int best_effort = 1;

	(void)nodes;
	(void)n_nodes;
	if (req == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	for (i = 0; i < s->n_resources; i++)
		if (req[i] != 0)
			best_effort = 0;
	if (best_effort) {
		free(req);
		return SCHED_SKIP;
	}
	if (sched_cycle_state_write(cs, PRESCORE_KEY, req, free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
balanced_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st)
{
	struct sched_resource_scorer *s = self;
	const int64_t *req = sched_cycle_state_read(cs, PRESCORE_KEY);
	int64_t *own = NULL;

	if (req == NULL && (req = own = sched_resource_scorer_pod_requests(s, pod)) == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	*ret_score = sched_resource_scorer_score(s, node, req);
	free(own);
	return SCHED_SUCCESS;
}

const struct sched_plugin_ops sched_plugin_node_resources_balanced_allocation = {
	.name = "NodeResourcesBalancedAllocation",
	.new_plugin = balanced_new,
	.free_plugin = balanced_free,
	.pre_score = balanced_pre_score,
	.score = balanced_score,
};
