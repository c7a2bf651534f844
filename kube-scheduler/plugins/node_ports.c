/*
 * node_ports.c - the NodePorts plugin (upstream:
 * pkg/scheduler/framework/plugins/nodeports/node_ports.go): the pod's host ports must be free
 * on the node (same protocol and port, with 0.0.0.0 overlapping every address).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"

#define ERR_REASON "node(s) didn't have free ports for the requested pod ports"
#define STATE_KEY "PreFilterNodePorts"

struct node_ports_state {
	struct sched_host_port *ports;
	size_t n;
};

static void
node_ports_state_free(void *p)
{
	struct node_ports_state *s = p;

	if (s != NULL)
		free(s->ports);
	free(s);
}

/* The pod's host ports (containers only, as upstream's getContainerPorts). */
static struct node_ports_state *
node_ports_of(const json_t *pod)
{
	struct node_ports_state *s = calloc(1, sizeof(*s));
	size_t i, j, n = 0;
	json_t *c, *p;

	if (s == NULL)
		return NULL;
	json_array_foreach(kc_json_get(pod, "spec", "containers", NULL), i, c)
		n += json_array_size(json_object_get(c, "ports"));
	if (n > 0 && (s->ports = calloc(n, sizeof(*s->ports))) == NULL) {
		node_ports_state_free(s);
		return NULL;
	}
	json_array_foreach(kc_json_get(pod, "spec", "containers", NULL), i, c) {
		json_array_foreach(json_object_get(c, "ports"), j, p) {
			struct sched_host_port *hp = &s->ports[s->n];
			const char *ip = kc_json_get_string(p, "hostIP", "");
			const char *proto = kc_json_get_string(p, "protocol", "");

			hp->port = (int32_t)kc_json_get_int64(p, "hostPort", 0);
			if (hp->port <= 0)
				continue;
			snprintf(hp->ip, sizeof(hp->ip), "%s", *ip != '\0' ? ip : "0.0.0.0");
			snprintf(hp->protocol, sizeof(hp->protocol), "%s", *proto != '\0' ? proto : "TCP");
			s->n++;
		}
	}
	return s;
}

static enum sched_code
node_ports_pre_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		      const struct sched_snapshot *snap, struct sched_prefilter_result *res,
		      struct sched_status *st)
{
	struct node_ports_state *s = node_ports_of(pod->pod);

	(void)self;
	(void)snap;
	(void)res;
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	if (s->n == 0) {
		node_ports_state_free(s);
		return SCHED_SKIP;
	}
	if (sched_cycle_state_write(cs, STATE_KEY, s, node_ports_state_free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
node_ports_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		  const struct sched_node_info *node, struct sched_status *st)
{
	const struct node_ports_state *s = sched_cycle_state_read(cs, STATE_KEY);
	size_t i;

	(void)self;
	(void)pod;
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "reading \"%s\" from cycleState: not found", STATE_KEY);
	for (i = 0; i < s->n; i++)
		if (sched_node_info_port_conflict(node, &s->ports[i]))
			return sched_status_set(st, SCHED_UNSCHEDULABLE, ERR_REASON);
	return SCHED_SUCCESS;
}

/* A deleted assigned pod frees the host ports it used: worth a retry when they overlap. */
static enum sched_hint
node_ports_pod_deleted_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj,
			    const json_t *new_obj)
{
	struct node_ports_state *want, *freed;
	enum sched_hint hint = SCHED_QUEUE_SKIP;
	size_t i, j;

	(void)p;
	(void)new_obj;
	if (*kc_json_get_string(old_obj, "spec.nodeName", "") == '\0')
		return SCHED_QUEUE_SKIP;
	want = node_ports_of(pod);
	freed = node_ports_of(old_obj);
	if (want == NULL || freed == NULL) {
		hint = SCHED_QUEUE;
		goto out;
	}
	for (i = 0; i < want->n && hint == SCHED_QUEUE_SKIP; i++)
		for (j = 0; j < freed->n; j++)
			if (want->ports[i].port == freed->ports[j].port &&
			    strcmp(want->ports[i].protocol, freed->ports[j].protocol) == 0)
				hint = SCHED_QUEUE;
out:
	node_ports_state_free(want);
	node_ports_state_free(freed);
	return hint;
}

static const struct sched_event_with_hint node_ports_events[] = {
	{ { SCHED_EV_ASSIGNED_POD, SCHED_ACT_DELETE }, node_ports_pod_deleted_hint },
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_UPDATE }, NULL },
};

const struct sched_plugin_ops sched_plugin_node_ports = {
	.name = "NodePorts",
	.events = node_ports_events,
	.n_events = 2,
	.pre_filter = node_ports_pre_filter,
	.filter = node_ports_filter,
};
