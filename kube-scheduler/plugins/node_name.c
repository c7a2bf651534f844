/*
 * node_name.c - the NodeName Filter plugin (upstream:
 * pkg/scheduler/framework/plugins/nodename/node_name.go): a pod with spec.nodeName fits only
 * that node.
 */
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"

#define ERR_REASON "node(s) didn't match the requested node name"

/* Fits: the pod asks for no node (want NULL or empty) or for this one. */
static int
node_name_fits(const char *want, const char *node_name)
{
	return want == NULL || *want == '\0' || (node_name != NULL && strcmp(want, node_name) == 0);
}

static enum sched_code
node_name_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		 const struct sched_node_info *node, struct sched_status *st)
{
	(void)self;
	(void)cs;
	if (node_name_fits(pod->node_name, node->name))
		return SCHED_SUCCESS;
	return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON);
}

static enum sched_hint
node_name_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	const char *want = json_string_value(kc_json_get(pod, "spec", "nodeName", NULL));

	(void)p;
	(void)old_obj;
	return new_obj != NULL && node_name_fits(want, kc_meta_name(new_obj)) ? SCHED_QUEUE : SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint node_name_events[] = {
	{ { SCHED_EV_NODE, SCHED_ACT_ADD }, node_name_hint },
};

const struct sched_plugin_ops sched_plugin_node_name = {
	.name = "NodeName",
	.events = node_name_events,
	.n_events = 1,
	.filter = node_name_filter,
};
