/*
 * scheduling_gates.c - the SchedulingGates PreEnqueue plugin (upstream:
 * pkg/scheduler/framework/plugins/schedulinggates/scheduling_gates.go): a pod with
 * spec.schedulingGates stays out of the activeQ until every gate is removed.
 */
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

static enum sched_code
scheduling_gates_pre_enqueue(void *self, const struct sched_pod_info *pod, struct sched_status *st)
{
	const json_t *gates = kc_json_get(pod->pod, "spec", "schedulingGates", NULL);
	struct kc_strbuf sb = KC_STRBUF_INIT;
	enum sched_code code;
	size_t i;
	json_t *g;

	(void)self;
	if (json_array_size(gates) == 0)
		return SCHED_SUCCESS;
	/* Go's %v of a []string: "[a b]". */
	json_array_foreach(gates, i, g)
		kc_strbuf_addf(&sb, "%s%s", i > 0 ? " " : "", kc_json_get_string(g, "name", ""));
	code = sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, "waiting for scheduling gates: [%s]",
				sb.buf);
	kc_strbuf_release(&sb);
	return code;
}

/* Only the pod's own update that removed its last gate can let it in. */
static enum sched_hint
scheduling_gates_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	const char *uid = kc_meta_uid(pod), *mod = kc_meta_uid(new_obj);

	(void)p;
	(void)old_obj;
	if (uid == NULL || mod == NULL || strcmp(uid, mod) != 0)
		return SCHED_QUEUE_SKIP;
	return json_array_size(kc_json_get(new_obj, "spec", "schedulingGates", NULL)) == 0 ? SCHED_QUEUE
											   : SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint scheduling_gates_events[] = {
	{ { SCHED_EV_POD, SCHED_ACT_UPDATE_POD_SCHEDULING_GATES_ELIMINATED }, scheduling_gates_hint },
};

const struct sched_plugin_ops sched_plugin_scheduling_gates = {
	.name = "SchedulingGates",
	.events = scheduling_gates_events,
	.n_events = 1,
	.pre_enqueue = scheduling_gates_pre_enqueue,
};
