/*
 * taint_toleration.c - the TaintToleration plugin (upstream:
 * pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 *
 * Filter rejects nodes with a NoSchedule or NoExecute taint the pod does not tolerate
 * (tolerationSeconds only matters to the taint manager's eviction, not here).  Score counts
 * the PreferNoSchedule taints the pod does not tolerate; NormalizeScore reverses, so the node
 * with the fewest gets SCHED_MAX_NODE_SCORE.
 */
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"

#define STATE_KEY "PreScoreTaintToleration"

static const json_t *
node_taints(const json_t *node)
{
	return kc_json_get(node, "spec", "taints", NULL);
}

static const json_t *
pod_tolerations(const json_t *pod)
{
	return kc_json_get(pod, "spec", "tolerations", NULL);
}

static enum sched_code
taint_toleration_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			const struct sched_node_info *node, struct sched_status *st)
{
	const json_t *taint = sched_find_untolerated_taint(node->taints, pod->tolerations, NULL);

	(void)self;
	(void)cs;
	if (taint == NULL)
		return SCHED_SUCCESS;
	return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) had untolerated taint {%s: %s}",
				kc_json_get_string(taint, "key", ""), kc_json_get_string(taint, "value", ""));
}

static void
json_free(void *p)
{
	json_decref(p);
}

/* The tolerations that count for scoring: effect PreferNoSchedule or empty. */
static enum sched_code
taint_toleration_pre_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			   struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st)
{
	json_t *prefer = json_array();
	size_t i;
	json_t *tol;

	(void)self;
	(void)nodes;
	(void)n_nodes;
	if (prefer == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	json_array_foreach(pod->tolerations, i, tol) {
		const char *effect = kc_json_get_string(tol, "effect", "");

		if (*effect == '\0' || strcmp(effect, "PreferNoSchedule") == 0)
			json_array_append(prefer, tol);
	}
	if (sched_cycle_state_write(cs, STATE_KEY, prefer, json_free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
taint_toleration_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		       const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st)
{
	const json_t *prefer = sched_cycle_state_read(cs, STATE_KEY);
	int64_t count = 0;
	size_t i;
	json_t *taint;

	(void)self;
	(void)pod;
	if (prefer == NULL)
		return sched_status_set(st, SCHED_ERROR, "reading \"%s\" from cycleState: not found", STATE_KEY);
	json_array_foreach(node->taints, i, taint) {
		if (strcmp(kc_json_get_string(taint, "effect", ""), "PreferNoSchedule") != 0)
			continue;
		if (!sched_tolerations_tolerate_taint(prefer, taint))
			count++;
	}
	*ret_score = count;
	return SCHED_SUCCESS;
}

static enum sched_code
taint_toleration_normalize(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			   struct sched_node_score *scores, size_t n, struct sched_status *st)
{
	(void)self;
	(void)cs;
	(void)pod;
	(void)st;
	sched_default_normalize_score(SCHED_MAX_NODE_SCORE, 1, scores, n);
	return SCHED_SUCCESS;
}

/* Queue when the node went from an untolerated taint (or absent) to all tolerated. */
static enum sched_hint
taint_toleration_node_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj,
			   const json_t *new_obj)
{
	const json_t *tols = pod_tolerations(pod);
	int was_untolerated, is_untolerated;

	(void)p;
	if (new_obj == NULL)
		return SCHED_QUEUE_SKIP;
	was_untolerated = old_obj == NULL || sched_find_untolerated_taint(node_taints(old_obj), tols, NULL) != NULL;
	is_untolerated = sched_find_untolerated_taint(node_taints(new_obj), tols, NULL) != NULL;
	return was_untolerated && !is_untolerated ? SCHED_QUEUE : SCHED_QUEUE_SKIP;
}

/* The pod's own toleration change may make it schedulable. */
static enum sched_hint
taint_toleration_pod_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj,
			  const json_t *new_obj)
{
	const char *uid = kc_meta_uid(pod), *mod = kc_meta_uid(new_obj);

	(void)p;
	(void)old_obj;
	return uid != NULL && mod != NULL && strcmp(uid, mod) == 0 ? SCHED_QUEUE : SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint taint_toleration_events[] = {
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_UPDATE_NODE_TAINT }, taint_toleration_node_hint },
	{ { SCHED_EV_POD, SCHED_ACT_UPDATE_POD_TOLERATION }, taint_toleration_pod_hint },
};

const struct sched_plugin_ops sched_plugin_taint_toleration = {
	.name = "TaintToleration",
	.events = taint_toleration_events,
	.n_events = 2,
	.filter = taint_toleration_filter,
	.pre_score = taint_toleration_pre_score,
	.score = taint_toleration_score,
	.normalize_score = taint_toleration_normalize,
};
