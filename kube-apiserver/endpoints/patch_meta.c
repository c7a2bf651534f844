/*
 * patch_meta.c - THE table of the list fields a strategic merge patch merges, per built-in kind
 * (upstream: the `patchStrategy` and `patchMergeKey` struct tags of k8s.io/api v0.32 (core/v1,
 * apps/v1, batch/v1, policy/v1, storage/v1, autoscaling/v2, flowcontrol/v1,
 * admissionregistration/v1, networking/v1beta1, resource/v1beta1, storagemigration/v1alpha1),
 * apimachinery's metav1.ObjectMeta, kube-aggregator's APIService; read by
 * strategicpatch.PatchMetaFromStruct through forked/golang/json LookupPatchMetadataForStruct).
 *
 * Each struct that matters is a `struct patch_meta_type` listing only the fields with tags or
 * with tagged fields below them; every other list is atomic.  Notable upstream choices kept
 * as they are: PodStatus containerStatuses, initContainerStatuses and ephemeralContainerStatuses
 * are atomic (so ContainerStatus' own tags are never reached), as are tolerations, taints,
 * args, command, node images, EndpointSlice endpoints/ports and Endpoints subsets; the
 * conditions of CertificateSigningRequest, CustomResourceDefinition, ValidatingAdmissionPolicy
 * status, StorageVersion, ResourceSlice devices and HPA autoscaling/v1 carry no tag and are
 * atomic too.  "retainKeys" (volumes, resourceClaims, Deployment strategy) only shapes the
 * patches clients compute; the server honours any $retainKeys directive wherever it is sent.
 */
#include <string.h>

#include "kube-apiserver/endpoints/strategic_merge_patch.h"

/* clang-format off */
#define END_FIELDS { NULL, NULL, NULL, NULL, NULL }

/* A list merged on merge key `key` whose elements are `type` (NULL: nothing tagged inside). */
#define MERGE_LIST(name, key, type)             { name, "merge", key, NULL, type }
#define MERGE_RETAIN_LIST(name, key, type)      { name, "merge,retainKeys", key, NULL, type }
/* A list of strings merged as a set. */
#define MERGE_STRINGS(name)                     { name, "merge", NULL, "string", NULL }
/* A field with no tag of its own, leading to a struct that has some. */
#define STRUCT(name, type)                      { name, NULL, NULL, NULL, type }
#define CONDITIONS                              MERGE_LIST("conditions", "type", NULL)
/* clang-format on */

/* ---- metav1.ObjectMeta, in every kind and in templates -------------------------------------- */

static const struct patch_meta_field object_meta_fields[] = {
	MERGE_LIST("ownerReferences", "uid", NULL),
	MERGE_STRINGS("finalizers"),
	END_FIELDS,
};
static const struct patch_meta_type object_meta = { "ObjectMeta", object_meta_fields };

#define METADATA STRUCT("metadata", &object_meta)

/* A kind with nothing tagged outside its metadata. */
static const struct patch_meta_field object_fields[] = { METADATA, END_FIELDS };
static const struct patch_meta_type object = { "Object", object_fields };

/* A kind whose only tagged list, besides metadata, is status.conditions merged by type. */
static const struct patch_meta_field conditions_fields[] = { CONDITIONS, END_FIELDS };
static const struct patch_meta_type conditions_status = { "Status", conditions_fields };
static const struct patch_meta_field with_status_conditions_fields[] = {
	METADATA,
	STRUCT("status", &conditions_status),
	END_FIELDS,
};
static const struct patch_meta_type with_status_conditions = { "ObjectWithConditions",
							       with_status_conditions_fields };

/* ---- core/v1 PodSpec and PodTemplateSpec --------------------------------------------------- */

/* Container, and EphemeralContainer (EphemeralContainerCommon has the same tags). */
static const struct patch_meta_field container_fields[] = {
	MERGE_LIST("ports", "containerPort", NULL),
	MERGE_LIST("env", "name", NULL),
	MERGE_LIST("volumeMounts", "mountPath", NULL),
	MERGE_LIST("volumeDevices", "devicePath", NULL),
	END_FIELDS,
};
static const struct patch_meta_type container = { "Container", container_fields };
static const struct patch_meta_type ephemeral_container = { "EphemeralContainer",
							    container_fields };

/* Volume.ephemeral.volumeClaimTemplate.metadata (PersistentVolumeClaimTemplate). */
static const struct patch_meta_field pvc_template_fields[] = { METADATA, END_FIELDS };
static const struct patch_meta_type pvc_template = { "PersistentVolumeClaimTemplate",
						     pvc_template_fields };
static const struct patch_meta_field ephemeral_volume_fields[] = {
	STRUCT("volumeClaimTemplate", &pvc_template),
	END_FIELDS,
};
static const struct patch_meta_type ephemeral_volume = { "EphemeralVolumeSource",
							 ephemeral_volume_fields };
static const struct patch_meta_field volume_fields[] = {
	STRUCT("ephemeral", &ephemeral_volume),
	END_FIELDS,
};
static const struct patch_meta_type volume = { "Volume", volume_fields };

static const struct patch_meta_field pod_spec_fields[] = {
	MERGE_RETAIN_LIST("volumes", "name", &volume),
	MERGE_LIST("initContainers", "name", &container),
	MERGE_LIST("containers", "name", &container),
	MERGE_LIST("ephemeralContainers", "name", &ephemeral_container),
	MERGE_LIST("imagePullSecrets", "name", NULL),
	MERGE_LIST("hostAliases", "ip", NULL),
	MERGE_LIST("topologySpreadConstraints", "topologyKey", NULL),
	MERGE_LIST("schedulingGates", "name", NULL),
	MERGE_RETAIN_LIST("resourceClaims", "name", NULL),
	END_FIELDS,
};
static const struct patch_meta_type pod_spec = { "PodSpec", pod_spec_fields };

static const struct patch_meta_field pod_status_fields[] = {
	CONDITIONS,
	MERGE_LIST("hostIPs", "ip", NULL),
	MERGE_LIST("podIPs", "ip", NULL),
	MERGE_RETAIN_LIST("resourceClaimStatuses", "name", NULL),
	END_FIELDS,
};
static const struct patch_meta_type pod_status = { "PodStatus", pod_status_fields };

static const struct patch_meta_field pod_fields[] = {
	METADATA,
	STRUCT("spec", &pod_spec),
	STRUCT("status", &pod_status),
	END_FIELDS,
};
static const struct patch_meta_type pod = { "Pod", pod_fields };

static const struct patch_meta_field pod_template_spec_fields[] = {
	METADATA,
	STRUCT("spec", &pod_spec),
	END_FIELDS,
};
static const struct patch_meta_type pod_template_spec = { "PodTemplateSpec",
							  pod_template_spec_fields };

static const struct patch_meta_field pod_template_fields[] = {
	METADATA,
	STRUCT("template", &pod_template_spec),
	END_FIELDS,
};
static const struct patch_meta_type pod_template = { "PodTemplate", pod_template_fields };

/* ---- workloads: a pod template under spec.template, conditions under status ----------------- */

/* ReplicationController, ReplicaSet, StatefulSet, DaemonSet, Job specs. */
static const struct patch_meta_field template_spec_fields[] = {
	STRUCT("template", &pod_template_spec),
	END_FIELDS,
};
static const struct patch_meta_type template_spec = { "WorkloadSpec", template_spec_fields };

static const struct patch_meta_field workload_fields[] = {
	METADATA,
	STRUCT("spec", &template_spec),
	STRUCT("status", &conditions_status),
	END_FIELDS,
};
static const struct patch_meta_type workload = { "Workload", workload_fields };

static const struct patch_meta_field deployment_spec_fields[] = {
	STRUCT("template", &pod_template_spec),
	{ "strategy", "retainKeys", NULL, NULL, NULL },
	END_FIELDS,
};
static const struct patch_meta_type deployment_spec = { "DeploymentSpec", deployment_spec_fields };
static const struct patch_meta_field deployment_fields[] = {
	METADATA,
	STRUCT("spec", &deployment_spec),
	STRUCT("status", &conditions_status),
	END_FIELDS,
};
static const struct patch_meta_type deployment = { "Deployment", deployment_fields };

/* CronJob: spec.jobTemplate is a JobTemplateSpec (metadata + JobSpec); no status conditions. */
static const struct patch_meta_field job_template_spec_fields[] = {
	METADATA,
	STRUCT("spec", &template_spec),
	END_FIELDS,
};
static const struct patch_meta_type job_template_spec = { "JobTemplateSpec",
							  job_template_spec_fields };
static const struct patch_meta_field cron_job_spec_fields[] = {
	STRUCT("jobTemplate", &job_template_spec),
	END_FIELDS,
};
static const struct patch_meta_type cron_job_spec = { "CronJobSpec", cron_job_spec_fields };
static const struct patch_meta_field cron_job_fields[] = {
	METADATA,
	STRUCT("spec", &cron_job_spec),
	END_FIELDS,
};
static const struct patch_meta_type cron_job = { "CronJob", cron_job_fields };

/* ---- other core/v1 kinds -------------------------------------------------------------------- */

static const struct patch_meta_field node_spec_fields[] = {
	MERGE_STRINGS("podCIDRs"),
	END_FIELDS,
};
static const struct patch_meta_type node_spec = { "NodeSpec", node_spec_fields };
static const struct patch_meta_field node_status_fields[] = {
	CONDITIONS,
	MERGE_LIST("addresses", "type", NULL),
	END_FIELDS,
};
static const struct patch_meta_type node_status = { "NodeStatus", node_status_fields };
static const struct patch_meta_field node_fields[] = {
	METADATA,
	STRUCT("spec", &node_spec),
	STRUCT("status", &node_status),
	END_FIELDS,
};
static const struct patch_meta_type node = { "Node", node_fields };

static const struct patch_meta_field service_spec_fields[] = {
	MERGE_LIST("ports", "port", NULL),
	END_FIELDS,
};
static const struct patch_meta_type service_spec = { "ServiceSpec", service_spec_fields };
static const struct patch_meta_field service_fields[] = {
	METADATA,
	STRUCT("spec", &service_spec),
	STRUCT("status", &conditions_status),
	END_FIELDS,
};
static const struct patch_meta_type service = { "Service", service_fields };

static const struct patch_meta_field service_account_fields[] = {
	METADATA,
	MERGE_LIST("secrets", "name", NULL),
	END_FIELDS,
};
static const struct patch_meta_type service_account = { "ServiceAccount", service_account_fields };

/* ComponentStatus keeps its conditions at the top level. */
static const struct patch_meta_field component_status_fields[] = {
	METADATA,
	CONDITIONS,
	END_FIELDS,
};
static const struct patch_meta_type component_status = { "ComponentStatus",
							 component_status_fields };

/* ---- other groups --------------------------------------------------------------------------- */

static const struct patch_meta_field csi_node_spec_fields[] = {
	MERGE_LIST("drivers", "name", NULL),
	END_FIELDS,
};
static const struct patch_meta_type csi_node_spec = { "CSINodeSpec", csi_node_spec_fields };
static const struct patch_meta_field csi_node_fields[] = {
	METADATA,
	STRUCT("spec", &csi_node_spec),
	END_FIELDS,
};
static const struct patch_meta_type csi_node = { "CSINode", csi_node_fields };

/* policy/v1 PodDisruptionBudget: spec.selector is replaced whole. */
static const struct patch_meta_field pdb_spec_fields[] = {
	{ "selector", "replace", NULL, NULL, NULL },
	END_FIELDS,
};
static const struct patch_meta_type pdb_spec = { "PodDisruptionBudgetSpec", pdb_spec_fields };
static const struct patch_meta_field pdb_fields[] = {
	METADATA,
	STRUCT("spec", &pdb_spec),
	STRUCT("status", &conditions_status),
	END_FIELDS,
};
static const struct patch_meta_type pdb = { "PodDisruptionBudget", pdb_fields };

/* admissionregistration: webhooks by name, each with matchConditions by name. */
static const struct patch_meta_field webhook_fields[] = {
	MERGE_LIST("matchConditions", "name", NULL),
	END_FIELDS,
};
static const struct patch_meta_type webhook = { "Webhook", webhook_fields };
static const struct patch_meta_field webhook_configuration_fields[] = {
	METADATA,
	MERGE_LIST("webhooks", "name", &webhook),
	END_FIELDS,
};
static const struct patch_meta_type webhook_configuration = { "WebhookConfiguration",
							      webhook_configuration_fields };

static const struct patch_meta_field admission_policy_spec_fields[] = {
	MERGE_LIST("matchConditions", "name", NULL),
	MERGE_LIST("variables", "name", NULL),
	END_FIELDS,
};
static const struct patch_meta_type admission_policy_spec = { "AdmissionPolicySpec",
							      admission_policy_spec_fields };
static const struct patch_meta_field admission_policy_fields[] = {
	METADATA,
	STRUCT("spec", &admission_policy_spec),
	END_FIELDS,
};
static const struct patch_meta_type admission_policy = { "AdmissionPolicy",
							 admission_policy_fields };

/* resource.k8s.io ResourceClaim: status.reservedFor by uid. */
static const struct patch_meta_field resource_claim_status_fields[] = {
	MERGE_LIST("reservedFor", "uid", NULL),
	END_FIELDS,
};
static const struct patch_meta_type resource_claim_status = { "ResourceClaimStatus",
							      resource_claim_status_fields };
static const struct patch_meta_field resource_claim_fields[] = {
	METADATA,
	STRUCT("status", &resource_claim_status),
	END_FIELDS,
};
static const struct patch_meta_type resource_claim = { "ResourceClaim", resource_claim_fields };

/* ResourceClaimTemplate: spec is a ResourceClaimTemplateSpec with its own ObjectMeta. */
static const struct patch_meta_field claim_template_spec_fields[] = { METADATA, END_FIELDS };
static const struct patch_meta_type claim_template_spec = { "ResourceClaimTemplateSpec",
							    claim_template_spec_fields };
static const struct patch_meta_field claim_template_fields[] = {
	METADATA,
	STRUCT("spec", &claim_template_spec),
	END_FIELDS,
};
static const struct patch_meta_type claim_template = { "ResourceClaimTemplate",
						       claim_template_fields };

/* ---- the kinds ------------------------------------------------------------------------------ */

struct patch_meta_kind {
	const char *group;
	const char *kind;
	const struct patch_meta_type *type;
};

/* Every built-in kind of Kubernetes v1.32 (served by default or behind a feature gate). */
static const struct patch_meta_kind kinds[] = {
	/* core */
	{ "", "Binding", &object },
	{ "", "ComponentStatus", &component_status },
	{ "", "ConfigMap", &object },
	{ "", "Endpoints", &object },
	{ "", "Event", &object },
	{ "", "LimitRange", &object },
	{ "", "Namespace", &with_status_conditions },
	{ "", "Node", &node },
	{ "", "PersistentVolume", &object },
	{ "", "PersistentVolumeClaim", &with_status_conditions },
	{ "", "Pod", &pod },
	{ "", "PodTemplate", &pod_template },
	{ "", "ReplicationController", &workload },
	{ "", "ResourceQuota", &object },
	{ "", "Secret", &object },
	{ "", "Service", &service },
	{ "", "ServiceAccount", &service_account },
	/* admissionregistration.k8s.io */
	{ "admissionregistration.k8s.io", "MutatingAdmissionPolicy", &admission_policy },
	{ "admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding", &object },
	{ "admissionregistration.k8s.io", "MutatingWebhookConfiguration", &webhook_configuration },
	{ "admissionregistration.k8s.io", "ValidatingAdmissionPolicy", &admission_policy },
	{ "admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding", &object },
	{ "admissionregistration.k8s.io", "ValidatingWebhookConfiguration",
	  &webhook_configuration },
	{ "apiextensions.k8s.io", "CustomResourceDefinition", &object },
	{ "apiregistration.k8s.io", "APIService", &with_status_conditions },
	/* apps */
	{ "apps", "ControllerRevision", &object },
	{ "apps", "DaemonSet", &workload },
	{ "apps", "Deployment", &deployment },
	{ "apps", "ReplicaSet", &workload },
	{ "apps", "StatefulSet", &workload },
	/* authentication.k8s.io, authorization.k8s.io */
	{ "authentication.k8s.io", "SelfSubjectReview", &object },
	{ "authentication.k8s.io", "TokenRequest", &object },
	{ "authentication.k8s.io", "TokenReview", &object },
	{ "authorization.k8s.io", "LocalSubjectAccessReview", &object },
	{ "authorization.k8s.io", "SelfSubjectAccessReview", &object },
	{ "authorization.k8s.io", "SelfSubjectRulesReview", &object },
	{ "authorization.k8s.io", "SubjectAccessReview", &object },
	/* autoscaling: v2 status.conditions (v1 has none, so the same entry serves both) */
	{ "autoscaling", "HorizontalPodAutoscaler", &with_status_conditions },
	{ "autoscaling", "Scale", &object },
	/* batch */
	{ "batch", "CronJob", &cron_job },
	{ "batch", "Job", &workload },
	{ "certificates.k8s.io", "CertificateSigningRequest", &object },
	{ "certificates.k8s.io", "ClusterTrustBundle", &object },
	{ "coordination.k8s.io", "Lease", &object },
	{ "coordination.k8s.io", "LeaseCandidate", &object },
	{ "discovery.k8s.io", "EndpointSlice", &object },
	{ "events.k8s.io", "Event", &object },
	{ "flowcontrol.apiserver.k8s.io", "FlowSchema", &with_status_conditions },
	{ "flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", &with_status_conditions },
	{ "internal.apiserver.k8s.io", "StorageVersion", &object },
	{ "networking.k8s.io", "IPAddress", &object },
	{ "networking.k8s.io", "Ingress", &object },
	{ "networking.k8s.io", "IngressClass", &object },
	{ "networking.k8s.io", "NetworkPolicy", &object },
	{ "networking.k8s.io", "ServiceCIDR", &with_status_conditions },
	{ "node.k8s.io", "RuntimeClass", &object },
	{ "policy", "Eviction", &object },
	{ "policy", "PodDisruptionBudget", &pdb },
	{ "rbac.authorization.k8s.io", "ClusterRole", &object },
	{ "rbac.authorization.k8s.io", "ClusterRoleBinding", &object },
	{ "rbac.authorization.k8s.io", "Role", &object },
	{ "rbac.authorization.k8s.io", "RoleBinding", &object },
	{ "resource.k8s.io", "DeviceClass", &object },
	{ "resource.k8s.io", "ResourceClaim", &resource_claim },
	{ "resource.k8s.io", "ResourceClaimTemplate", &claim_template },
	{ "resource.k8s.io", "ResourceSlice", &object },
	{ "scheduling.k8s.io", "PriorityClass", &object },
	{ "storage.k8s.io", "CSIDriver", &object },
	{ "storage.k8s.io", "CSINode", &csi_node },
	{ "storage.k8s.io", "CSIStorageCapacity", &object },
	{ "storage.k8s.io", "StorageClass", &object },
	{ "storage.k8s.io", "VolumeAttachment", &object },
	{ "storage.k8s.io", "VolumeAttributesClass", &object },
	{ "storagemigration.k8s.io", "StorageVersionMigration", &with_status_conditions },
	{ NULL, NULL, NULL },
};

const struct patch_meta_type *
patch_meta_lookup(const char *group, const char *kind)
{
	if (group == NULL || kind == NULL)
		return NULL;
	for (const struct patch_meta_kind *k = kinds; k->kind != NULL; k++)
		if (strcmp(k->kind, kind) == 0 && strcmp(k->group, group) == 0)
			return k->type;
	return NULL;
}

int
patch_meta_supports_smp(const char *group, const char *kind)
{
	return patch_meta_lookup(group, kind) != NULL;
}
