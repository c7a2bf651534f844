/*
 * registry.c - THE table of built-in scheduler plugins (upstream:
 * pkg/scheduler/framework/plugins/registry.go NewInTreeRegistry).  A profile names plugins by
 * their upstream name; sched_plugin_registry_lookup() finds the ops.
 *
 * Not built (volume plugins, whose cluster objects this scheduler does not watch):
 * VolumeRestrictions, NodeVolumeLimits, VolumeBinding, VolumeZone, DynamicResources.
 */
#include <string.h>

#include "kube-scheduler/framework/interface.h"

extern const struct sched_plugin_ops sched_plugin_priority_sort;
extern const struct sched_plugin_ops sched_plugin_scheduling_gates;
extern const struct sched_plugin_ops sched_plugin_node_unschedulable;
extern const struct sched_plugin_ops sched_plugin_node_name;
extern const struct sched_plugin_ops sched_plugin_taint_toleration;
extern const struct sched_plugin_ops sched_plugin_node_affinity;
extern const struct sched_plugin_ops sched_plugin_node_ports;
extern const struct sched_plugin_ops sched_plugin_node_resources_fit;
extern const struct sched_plugin_ops sched_plugin_node_resources_balanced_allocation;
extern const struct sched_plugin_ops sched_plugin_pod_topology_spread;
extern const struct sched_plugin_ops sched_plugin_inter_pod_affinity;
extern const struct sched_plugin_ops sched_plugin_image_locality;
extern const struct sched_plugin_ops sched_plugin_default_preemption;
extern const struct sched_plugin_ops sched_plugin_default_binder;

static const struct sched_plugin_ops *const sched_plugins[] = {
	&sched_plugin_priority_sort,
	&sched_plugin_scheduling_gates,
	&sched_plugin_node_unschedulable,
	&sched_plugin_node_name,
	&sched_plugin_taint_toleration,
	&sched_plugin_node_affinity,
	&sched_plugin_node_ports,
	&sched_plugin_node_resources_fit,
	&sched_plugin_node_resources_balanced_allocation,
	&sched_plugin_pod_topology_spread,
	&sched_plugin_inter_pod_affinity,
	&sched_plugin_image_locality,
	&sched_plugin_default_preemption,
	&sched_plugin_default_binder,
	NULL,
};

const struct sched_plugin_ops *
sched_plugin_registry_lookup(const char *name)
{
	const struct sched_plugin_ops *const *p;

	if (name == NULL)
		return NULL;
	for (p = sched_plugins; *p != NULL; p++)
		if (strcmp((*p)->name, name) == 0)
			return *p;
	return NULL;
}
