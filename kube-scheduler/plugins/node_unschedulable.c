/*
 * node_unschedulable.c - the NodeUnschedulable Filter plugin (upstream:
 * pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go): a node with
 * spec.unschedulable only takes pods tolerating node.kubernetes.io/unschedulable:NoSchedule.
 */
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"

#define ERR_REASON_UNKNOWN_CONDITION "node(s) had unknown conditions"
#define ERR_REASON_UNSCHEDULABLE "node(s) were unschedulable"

static int
tolerates_unschedulable(const json_t *pod)
{
	json_auto_t *taint = json_pack("{ssss}", "key", "node.kubernetes.io/unschedulable",
				       "effect", "NoSchedule");

	return sched_tolerations_tolerate_taint(kc_json_get(pod, "spec", "tolerations", NULL), taint);
}

static enum sched_code
node_unschedulable_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			  const struct sched_node_info *node, struct sched_status *st)
{
	(void)self;
	(void)cs;
	if (node->node == NULL)
		return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_UNKNOWN_CONDITION);
	if (!node->unschedulable || tolerates_unschedulable(pod->pod))
		return SCHED_SUCCESS;
	return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_UNSCHEDULABLE);
}

/* A node that is (now) schedulable may take the pod: added so, or its flag cleared. */
static enum sched_hint
node_unschedulable_node_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj,
			     const json_t *new_obj)
{
	(void)p;
	(void)pod;
	if (new_obj == NULL || kc_json_get_bool(new_obj, "spec.unschedulable", 0))
		return SCHED_QUEUE_SKIP;
	if (old_obj == NULL || kc_json_get_bool(old_obj, "spec.unschedulable", 0))
		return SCHED_QUEUE;
	return SCHED_QUEUE_SKIP;
}

/* The pod's own toleration update may add the toleration. */
static enum sched_hint
node_unschedulable_pod_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj,
			    const json_t *new_obj)
{
	const char *uid = kc_meta_uid(pod), *mod = kc_meta_uid(new_obj);

	(void)p;
	if (uid == NULL || mod == NULL || strcmp(uid, mod) != 0)
		return SCHED_QUEUE_SKIP;
	return !tolerates_unschedulable(old_obj) && tolerates_unschedulable(new_obj) ? SCHED_QUEUE
										     : SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint node_unschedulable_events[] = {
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_UPDATE_NODE_TAINT }, node_unschedulable_node_hint },
	{ { SCHED_EV_POD, SCHED_ACT_UPDATE_POD_TOLERATION }, node_unschedulable_pod_hint },
};

const struct sched_plugin_ops sched_plugin_node_unschedulable = {
	.name = "NodeUnschedulable",
	.events = node_unschedulable_events,
	.n_events = 2,
	.filter = node_unschedulable_filter,
};
