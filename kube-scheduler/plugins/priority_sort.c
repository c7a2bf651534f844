/*
 * priority_sort.c - the PrioritySort QueueSort plugin (upstream:
 * pkg/scheduler/framework/plugins/queuesort/priority_sort.go): higher spec.priority first,
 * then the pod that entered the queue earlier.
 */
#include "kube-scheduler/framework/interface.h"
#include "libkcommon/json.h"

static int
priority_sort_less(void *self, const struct sched_pod_info *a, int64_t a_enqueued_ns,
		   const struct sched_pod_info *b, int64_t b_enqueued_ns)
{
	int64_t pa = kc_json_get_int64(a->pod, "spec.priority", 0);
	int64_t pb = kc_json_get_int64(b->pod, "spec.priority", 0);

	(void)self;
	return pa > pb || (pa == pb && a_enqueued_ns < b_enqueued_ns);
}

const struct sched_plugin_ops sched_plugin_priority_sort = {
	.name = "PrioritySort",
	.less = priority_sort_less,
};
