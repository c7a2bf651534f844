/*
 * strategies.c - THE table mapping group/resource to its strategy (upstream: the Strategy
 * each pkg/registry/<group>/<resource>/storage/storage.go NewREST wires into its
 * genericregistry.Store).  A stored resource without a row gets the generic strategy
 * (DNS-1123 subdomain names, metadata rules only); resources that are never stored
 * (reviews, bindings: no etcd prefix in registry.c) have none.
 */
#include <string.h>

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"

extern const struct api_strategy strategy_certificatesigningrequests;
extern const struct api_strategy strategy_clusterrolebindings;
extern const struct api_strategy strategy_clusterroles;
extern const struct api_strategy strategy_configmaps;
extern const struct api_strategy strategy_controllerrevisions;
extern const struct api_strategy strategy_cronjobs;
extern const struct api_strategy strategy_csidrivers;
extern const struct api_strategy strategy_csinodes;
extern const struct api_strategy strategy_csistoragecapacities;
extern const struct api_strategy strategy_daemonsets;
extern const struct api_strategy strategy_deployments;
extern const struct api_strategy strategy_endpoints;
extern const struct api_strategy strategy_endpointslices;
extern const struct api_strategy strategy_events;
extern const struct api_strategy strategy_events_v1;
extern const struct api_strategy strategy_jobs;
extern const struct api_strategy strategy_leases;
extern const struct api_strategy strategy_limitranges;
extern const struct api_strategy strategy_namespaces;
extern const struct api_strategy strategy_nodes;
extern const struct api_strategy strategy_persistentvolumeclaims;
extern const struct api_strategy strategy_persistentvolumes;
extern const struct api_strategy strategy_poddisruptionbudgets;
extern const struct api_strategy strategy_pods;
extern const struct api_strategy strategy_podtemplates;
extern const struct api_strategy strategy_priorityclasses;
extern const struct api_strategy strategy_replicasets;
extern const struct api_strategy strategy_replicationcontrollers;
extern const struct api_strategy strategy_resourcequotas;
extern const struct api_strategy strategy_rolebindings;
extern const struct api_strategy strategy_roles;
extern const struct api_strategy strategy_runtimeclasses;
extern const struct api_strategy strategy_secrets;
extern const struct api_strategy strategy_serviceaccounts;
extern const struct api_strategy strategy_services;
extern const struct api_strategy strategy_statefulsets;
extern const struct api_strategy strategy_storageclasses;
extern const struct api_strategy strategy_volumeattachments;

static const struct api_strategy strategy_generic = {
	.kind = "",
	.name_rule = NAME_DNS1123_SUBDOMAIN,
};

static const struct {
	const char *group;
	const char *resource;
	const struct api_strategy *strategy;
} strategies[] = {
	{ "", "configmaps", &strategy_configmaps },
	{ "", "endpoints", &strategy_endpoints },
	{ "", "events", &strategy_events },
	{ "", "limitranges", &strategy_limitranges },
	{ "", "namespaces", &strategy_namespaces },
	{ "", "nodes", &strategy_nodes },
	{ "", "persistentvolumeclaims", &strategy_persistentvolumeclaims },
	{ "", "persistentvolumes", &strategy_persistentvolumes },
	{ "", "pods", &strategy_pods },
	{ "", "podtemplates", &strategy_podtemplates },
	{ "", "replicationcontrollers", &strategy_replicationcontrollers },
	{ "", "resourcequotas", &strategy_resourcequotas },
	{ "", "secrets", &strategy_secrets },
	{ "", "serviceaccounts", &strategy_serviceaccounts },
	{ "", "services", &strategy_services },
	{ "apps", "controllerrevisions", &strategy_controllerrevisions },
	{ "apps", "daemonsets", &strategy_daemonsets },
	{ "apps", "deployments", &strategy_deployments },
	{ "apps", "replicasets", &strategy_replicasets },
	{ "apps", "statefulsets", &strategy_statefulsets },
	{ "batch", "cronjobs", &strategy_cronjobs },
	{ "batch", "jobs", &strategy_jobs },
	{ "certificates.k8s.io", "certificatesigningrequests",
	  &strategy_certificatesigningrequests },
	{ "coordination.k8s.io", "leases", &strategy_leases },
	{ "discovery.k8s.io", "endpointslices", &strategy_endpointslices },
	{ "events.k8s.io", "events", &strategy_events_v1 },
	{ "node.k8s.io", "runtimeclasses", &strategy_runtimeclasses },
	{ "policy", "poddisruptionbudgets", &strategy_poddisruptionbudgets },
	{ "rbac.authorization.k8s.io", "clusterrolebindings", &strategy_clusterrolebindings },
	{ "rbac.authorization.k8s.io", "clusterroles", &strategy_clusterroles },
	{ "rbac.authorization.k8s.io", "rolebindings", &strategy_rolebindings },
	{ "rbac.authorization.k8s.io", "roles", &strategy_roles },
	{ "scheduling.k8s.io", "priorityclasses", &strategy_priorityclasses },
	{ "storage.k8s.io", "csidrivers", &strategy_csidrivers },
	{ "storage.k8s.io", "csinodes", &strategy_csinodes },
	{ "storage.k8s.io", "csistoragecapacities", &strategy_csistoragecapacities },
	{ "storage.k8s.io", "storageclasses", &strategy_storageclasses },
	{ "storage.k8s.io", "volumeattachments", &strategy_volumeattachments },
};

static const struct api_strategy *
find(const char *group, const char *resource)
{
	for (size_t i = 0; i < sizeof(strategies) / sizeof(strategies[0]); i++)
		if (strcmp(strategies[i].group, group) == 0 &&
		    strcmp(strategies[i].resource, resource) == 0)
			return strategies[i].strategy;
	return NULL;
}

int
strategy_has_row(const char *group, const char *resource)
{
	return find(group, resource) != NULL;
}

const struct api_strategy *
strategy_lookup(const char *group, const char *resource)
{
	const struct api_strategy *s = find(group, resource);

	return s != NULL ? s : &strategy_generic;
}

const struct api_strategy *
strategy_for(const struct api_resource *res)
{
	if (res == NULL || res->etcd_prefix == NULL)
		return NULL;
	return strategy_lookup(res->group, res->resource);
}
