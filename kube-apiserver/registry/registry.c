/*
 * registry.c - the resource table (upstream: pkg/registry/<group>/rest/storage_<group>.go for what is served,
 * test/integration/etcd/data.go for the etcd key prefixes, `kubectl api-resources -o wide` of a
 * v1.32 server for verbs, short names and categories).
 */
#include <stdio.h>
#include <string.h>

#include "kube-apiserver/registry/registry.h"

#define RW		(VERB_GET | VERB_PATCH | VERB_UPDATE)
#define STATUS		{ "status", NULL, NULL, NULL, RW }
#define SCALE		{ "scale", "autoscaling", "v1", "Scale", RW }
#define PROXY(kind)	{ "proxy", "", "v1", kind, VERB_CREATE | VERB_DELETE | VERB_GET | VERB_PATCH | VERB_UPDATE }
#define CREATE_ONLY(g, v, r, s, k, ns) \
	{ g, v, r, s, k, ns, VERB_CREATE, { NULL }, 0, NULL, { { NULL } } }

const struct api_resource api_resources[] = {
	/* core/v1 */
	{ "", "v1", "bindings", "binding", "Binding", 1, VERB_CREATE, { NULL }, 0, NULL, { { NULL } } },
	{ "", "v1", "configmaps", "configmap", "ConfigMap", 1, VERBS_ALL8, { "cm" }, 0, "configmaps",
	  { { NULL } } },
	{ "", "v1", "endpoints", "endpoints", "Endpoints", 1, VERBS_ALL8, { "ep" }, 0,
	  "services/endpoints", { { NULL } } },
	{ "", "v1", "events", "event", "Event", 1, VERBS_ALL8, { "ev" }, 0, "events", { { NULL } } },
	{ "", "v1", "limitranges", "limitrange", "LimitRange", 1, VERBS_ALL8, { "limits" }, 0,
	  "limitranges", { { NULL } } },
	{ "", "v1", "namespaces", "namespace", "Namespace", 0,
	  VERB_CREATE | VERB_DELETE | VERB_GET | VERB_LIST | VERB_PATCH | VERB_UPDATE | VERB_WATCH,
	  { "ns" }, 0, "namespaces",
	  { { "finalize", NULL, NULL, NULL, VERB_UPDATE }, STATUS } },
	{ "", "v1", "nodes", "node", "Node", 0, VERBS_ALL8, { "no" }, 0, "minions",
	  { PROXY("NodeProxyOptions"), STATUS } },
	{ "", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", 1,
	  VERBS_ALL8, { "pvc" }, 0, "persistentvolumeclaims", { STATUS } },
	{ "", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", 0, VERBS_ALL8,
	  { "pv" }, 0, "persistentvolumes", { STATUS } },
	{ "", "v1", "pods", "pod", "Pod", 1, VERBS_ALL8, { "po" }, 1, "pods",
	  { { "attach", "", "v1", "PodAttachOptions", VERB_CREATE | VERB_GET },
	    { "binding", "", "v1", "Binding", VERB_CREATE },
	    { "ephemeralcontainers", NULL, NULL, NULL, RW },
	    { "eviction", "policy", "v1", "Eviction", VERB_CREATE },
	    { "exec", "", "v1", "PodExecOptions", VERB_CREATE | VERB_GET },
	    { "log", NULL, NULL, NULL, VERB_GET },
	    { "portforward", "", "v1", "PodPortForwardOptions", VERB_CREATE | VERB_GET },
	    PROXY("PodProxyOptions"),
	    STATUS } },
	{ "", "v1", "podtemplates", "podtemplate", "PodTemplate", 1, VERBS_ALL8, { NULL }, 0,
	  "podtemplates", { { NULL } } },
	{ "", "v1", "replicationcontrollers", "replicationcontroller", "ReplicationController", 1,
	  VERBS_ALL8, { "rc" }, 1, "controllers", { SCALE, STATUS } },
	{ "", "v1", "resourcequotas", "resourcequota", "ResourceQuota", 1, VERBS_ALL8, { "quota" }, 0,
	  "resourcequotas", { STATUS } },
	{ "", "v1", "secrets", "secret", "Secret", 1, VERBS_ALL8, { NULL }, 0, "secrets",
	  { { NULL } } },
	{ "", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", 1, VERBS_ALL8, { "sa" }, 0,
	  "serviceaccounts",
	  { { "token", "authentication.k8s.io", "v1", "TokenRequest", VERB_CREATE } } },
	{ "", "v1", "services", "service", "Service", 1, VERBS_ALL8, { "svc" }, 1, "services/specs",
	  { PROXY("ServiceProxyOptions"), STATUS } },

	/* apps/v1 */
	{ "apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", 1,
	  VERBS_ALL8, { NULL }, 0, "controllerrevisions", { { NULL } } },
	{ "apps", "v1", "daemonsets", "daemonset", "DaemonSet", 1, VERBS_ALL8, { "ds" }, 1,
	  "daemonsets", { STATUS } },
	{ "apps", "v1", "deployments", "deployment", "Deployment", 1, VERBS_ALL8, { "deploy" }, 1,
	  "deployments", { SCALE, STATUS } },
	{ "apps", "v1", "replicasets", "replicaset", "ReplicaSet", 1, VERBS_ALL8, { "rs" }, 1,
	  "replicasets", { SCALE, STATUS } },
	{ "apps", "v1", "statefulsets", "statefulset", "StatefulSet", 1, VERBS_ALL8, { "sts" }, 1,
	  "statefulsets", { SCALE, STATUS } },

	/* authentication.k8s.io/v1, authorization.k8s.io/v1: reviews are created, never stored */
	CREATE_ONLY("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview",
		    "SelfSubjectReview", 0),
	CREATE_ONLY("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", 0),
	CREATE_ONLY("authorization.k8s.io", "v1", "localsubjectaccessreviews",
		    "localsubjectaccessreview", "LocalSubjectAccessReview", 1),
	CREATE_ONLY("authorization.k8s.io", "v1", "selfsubjectaccessreviews",
		    "selfsubjectaccessreview", "SelfSubjectAccessReview", 0),
	CREATE_ONLY("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
		    "SelfSubjectRulesReview", 0),
	CREATE_ONLY("authorization.k8s.io", "v1", "subjectaccessreviews", "subjectaccessreview",
		    "SubjectAccessReview", 0),

	/* batch/v1 */
	{ "batch", "v1", "cronjobs", "cronjob", "CronJob", 1, VERBS_ALL8, { "cj" }, 1, "cronjobs",
	  { STATUS } },
	{ "batch", "v1", "jobs", "job", "Job", 1, VERBS_ALL8, { NULL }, 1, "jobs", { STATUS } },

	/* certificates.k8s.io/v1 */
	{ "certificates.k8s.io", "v1", "certificatesigningrequests", "certificatesigningrequest",
	  "CertificateSigningRequest", 0, VERBS_ALL8, { "csr" }, 0, "certificatesigningrequests",
	  { { "approval", NULL, NULL, NULL, RW }, STATUS } },

	/* coordination.k8s.io/v1 */
	{ "coordination.k8s.io", "v1", "leases", "lease", "Lease", 1, VERBS_ALL8, { NULL }, 0,
	  "leases", { { NULL } } },

	/* discovery.k8s.io/v1 */
	{ "discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", 1, VERBS_ALL8,
	  { NULL }, 0, "endpointslices", { { NULL } } },

	/* events.k8s.io/v1: one storage with core/v1 events, two shapes */
	{ "events.k8s.io", "v1", "events", "event", "Event", 1, VERBS_ALL8, { "ev" }, 0, "events",
	  { { NULL } } },

	/* node.k8s.io/v1 */
	{ "node.k8s.io", "v1", "runtimeclasses", "runtimeclass", "RuntimeClass", 0, VERBS_ALL8,
	  { NULL }, 0, "runtimeclasses", { { NULL } } },

	/* policy/v1 */
	{ "policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", 1,
	  VERBS_ALL8, { "pdb" }, 0, "poddisruptionbudgets", { STATUS } },

	/* rbac.authorization.k8s.io/v1 */
	{ "rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
	  "ClusterRoleBinding", 0, VERBS_ALL8, { NULL }, 0, "clusterrolebindings", { { NULL } } },
	{ "rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", 0,
	  VERBS_ALL8, { NULL }, 0, "clusterroles", { { NULL } } },
	{ "rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", 1,
	  VERBS_ALL8, { NULL }, 0, "rolebindings", { { NULL } } },
	{ "rbac.authorization.k8s.io", "v1", "roles", "role", "Role", 1, VERBS_ALL8, { NULL }, 0,
	  "roles", { { NULL } } },

	/* scheduling.k8s.io/v1 */
	{ "scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", "PriorityClass", 0,
	  VERBS_ALL8, { "pc" }, 0, "priorityclasses", { { NULL } } },

	/* storage.k8s.io/v1 */
	{ "storage.k8s.io", "v1", "csidrivers", "csidriver", "CSIDriver", 0, VERBS_ALL8, { NULL }, 0,
	  "csidrivers", { { NULL } } },
	{ "storage.k8s.io", "v1", "csinodes", "csinode", "CSINode", 0, VERBS_ALL8, { NULL }, 0,
	  "csinodes", { { NULL } } },
	{ "storage.k8s.io", "v1", "csistoragecapacities", "csistoragecapacity", "CSIStorageCapacity",
	  1, VERBS_ALL8, { NULL }, 0, "csistoragecapacities", { { NULL } } },
	{ "storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", 0, VERBS_ALL8,
	  { "sc" }, 0, "storageclasses", { { NULL } } },
	{ "storage.k8s.io", "v1", "volumeattachments", "volumeattachment", "VolumeAttachment", 0,
	  VERBS_ALL8, { NULL }, 0, "volumeattachments", { STATUS } },

	{ NULL },
};

const struct api_resource *
registry_lookup(const char *group, const char *version, const char *resource)
{
	for (const struct api_resource *r = api_resources; r->resource != NULL; r++)
		if (strcmp(r->group, group) == 0 && strcmp(r->version, version) == 0 &&
		    strcmp(r->resource, resource) == 0)
			return r;
	return NULL;
}

const struct api_subresource *
registry_subresource(const struct api_resource *res, const char *name)
{
	for (int i = 0; i < API_MAX_SUBRESOURCES && res->subresources[i].name != NULL; i++)
		if (strcmp(res->subresources[i].name, name) == 0)
			return &res->subresources[i];
	return NULL;
}

const char *
registry_group_version(const struct api_resource *res, char *buf, size_t size)
{
	if (*res->group == '\0')
		snprintf(buf, size, "%s", res->version);
	else
		snprintf(buf, size, "%s/%s", res->group, res->version);
	return buf;
}

size_t
registry_groups(const char **groups, size_t max)
{
	size_t n = 0;

	/* The core group first, then the others in table order (the table is grouped). */
	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		size_t i;

		for (i = 0; i < n; i++)
			if (strcmp(groups[i], r->group) == 0)
				break;
		if (i == n && n < max)
			groups[n++] = r->group;
	}
	return n;
}
