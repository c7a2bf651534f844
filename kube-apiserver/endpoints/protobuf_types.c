/*
 * protobuf_types.c - the message tables of the protobuf request-body transcoder: for each
 * message reachable from the kinds at the end, its fields in Go declaration (JSON) order with
 * their field numbers (upstream: k8s.io/api/<group>/<version>/generated.proto and types.go,
 * apimachinery pkg/apis/meta/v1, pkg/runtime, pkg/api/resource, pkg/util/intstr, v1.32).
 *
 * Written by test/tools/protobuf_tables.py from those sources; edit the generator and re-run it
 * rather than this file.  protobuf.h describes the row format.
 */
#include <stddef.h>

#include "kube-apiserver/endpoints/protobuf.h"

/* clang-format off */
static const struct protobuf_message m_meta_v1_OwnerReference;
static const struct protobuf_message m_meta_v1_ManagedFieldsEntry;
static const struct protobuf_message m_meta_v1_ObjectMeta;
static const struct protobuf_message m_core_v1_ObjectReference;
static const struct protobuf_message m_core_v1_Binding;
static const struct protobuf_message m_core_v1_ConfigMap;
static const struct protobuf_message m_core_v1_EndpointAddress;
static const struct protobuf_message m_core_v1_EndpointPort;
static const struct protobuf_message m_core_v1_EndpointSubset;
static const struct protobuf_message m_core_v1_Endpoints;
static const struct protobuf_message m_core_v1_EventSource;
static const struct protobuf_message m_core_v1_EventSeries;
static const struct protobuf_message m_core_v1_Event;
static const struct protobuf_message m_core_v1_LimitRangeItem;
static const struct protobuf_message m_core_v1_LimitRangeSpec;
static const struct protobuf_message m_core_v1_LimitRange;
static const struct protobuf_message m_core_v1_NamespaceSpec;
static const struct protobuf_message m_core_v1_NamespaceCondition;
static const struct protobuf_message m_core_v1_NamespaceStatus;
static const struct protobuf_message m_core_v1_Namespace;
static const struct protobuf_message m_core_v1_Taint;
static const struct protobuf_message m_core_v1_ConfigMapNodeConfigSource;
static const struct protobuf_message m_core_v1_NodeConfigSource;
static const struct protobuf_message m_core_v1_NodeSpec;
static const struct protobuf_message m_core_v1_NodeCondition;
static const struct protobuf_message m_core_v1_NodeAddress;
static const struct protobuf_message m_core_v1_DaemonEndpoint;
static const struct protobuf_message m_core_v1_NodeDaemonEndpoints;
static const struct protobuf_message m_core_v1_NodeSystemInfo;
static const struct protobuf_message m_core_v1_ContainerImage;
static const struct protobuf_message m_core_v1_AttachedVolume;
static const struct protobuf_message m_core_v1_NodeConfigStatus;
static const struct protobuf_message m_core_v1_NodeRuntimeHandlerFeatures;
static const struct protobuf_message m_core_v1_NodeRuntimeHandler;
static const struct protobuf_message m_core_v1_NodeFeatures;
static const struct protobuf_message m_core_v1_NodeStatus;
static const struct protobuf_message m_core_v1_Node;
static const struct protobuf_message m_core_v1_GCEPersistentDiskVolumeSource;
static const struct protobuf_message m_core_v1_AWSElasticBlockStoreVolumeSource;
static const struct protobuf_message m_core_v1_HostPathVolumeSource;
static const struct protobuf_message m_core_v1_GlusterfsPersistentVolumeSource;
static const struct protobuf_message m_core_v1_NFSVolumeSource;
static const struct protobuf_message m_core_v1_SecretReference;
static const struct protobuf_message m_core_v1_RBDPersistentVolumeSource;
static const struct protobuf_message m_core_v1_ISCSIPersistentVolumeSource;
static const struct protobuf_message m_core_v1_CinderPersistentVolumeSource;
static const struct protobuf_message m_core_v1_CephFSPersistentVolumeSource;
static const struct protobuf_message m_core_v1_FCVolumeSource;
static const struct protobuf_message m_core_v1_FlockerVolumeSource;
static const struct protobuf_message m_core_v1_FlexPersistentVolumeSource;
static const struct protobuf_message m_core_v1_AzureFilePersistentVolumeSource;
static const struct protobuf_message m_core_v1_VsphereVirtualDiskVolumeSource;
static const struct protobuf_message m_core_v1_QuobyteVolumeSource;
static const struct protobuf_message m_core_v1_AzureDiskVolumeSource;
static const struct protobuf_message m_core_v1_PhotonPersistentDiskVolumeSource;
static const struct protobuf_message m_core_v1_PortworxVolumeSource;
static const struct protobuf_message m_core_v1_ScaleIOPersistentVolumeSource;
static const struct protobuf_message m_core_v1_LocalVolumeSource;
static const struct protobuf_message m_core_v1_StorageOSPersistentVolumeSource;
static const struct protobuf_message m_core_v1_CSIPersistentVolumeSource;
static const struct protobuf_message m_core_v1_PersistentVolumeSource;
static const struct protobuf_message m_core_v1_NodeSelectorRequirement;
static const struct protobuf_message m_core_v1_NodeSelectorTerm;
static const struct protobuf_message m_core_v1_NodeSelector;
static const struct protobuf_message m_core_v1_VolumeNodeAffinity;
static const struct protobuf_message m_core_v1_PersistentVolumeSpec;
static const struct protobuf_message m_core_v1_PersistentVolumeStatus;
static const struct protobuf_message m_core_v1_PersistentVolume;
static const struct protobuf_message m_meta_v1_LabelSelectorRequirement;
static const struct protobuf_message m_meta_v1_LabelSelector;
static const struct protobuf_message m_core_v1_VolumeResourceRequirements;
static const struct protobuf_message m_core_v1_TypedLocalObjectReference;
static const struct protobuf_message m_core_v1_TypedObjectReference;
static const struct protobuf_message m_core_v1_PersistentVolumeClaimSpec;
static const struct protobuf_message m_core_v1_PersistentVolumeClaimCondition;
static const struct protobuf_message m_core_v1_ModifyVolumeStatus;
static const struct protobuf_message m_core_v1_PersistentVolumeClaimStatus;
static const struct protobuf_message m_core_v1_PersistentVolumeClaim;
static const struct protobuf_message m_core_v1_EmptyDirVolumeSource;
static const struct protobuf_message m_core_v1_GitRepoVolumeSource;
static const struct protobuf_message m_core_v1_KeyToPath;
static const struct protobuf_message m_core_v1_SecretVolumeSource;
static const struct protobuf_message m_core_v1_LocalObjectReference;
static const struct protobuf_message m_core_v1_ISCSIVolumeSource;
static const struct protobuf_message m_core_v1_GlusterfsVolumeSource;
static const struct protobuf_message m_core_v1_PersistentVolumeClaimVolumeSource;
static const struct protobuf_message m_core_v1_RBDVolumeSource;
static const struct protobuf_message m_core_v1_FlexVolumeSource;
static const struct protobuf_message m_core_v1_CinderVolumeSource;
static const struct protobuf_message m_core_v1_CephFSVolumeSource;
static const struct protobuf_message m_core_v1_ObjectFieldSelector;
static const struct protobuf_message m_core_v1_ResourceFieldSelector;
static const struct protobuf_message m_core_v1_DownwardAPIVolumeFile;
static const struct protobuf_message m_core_v1_DownwardAPIVolumeSource;
static const struct protobuf_message m_core_v1_AzureFileVolumeSource;
static const struct protobuf_message m_core_v1_ConfigMapVolumeSource;
static const struct protobuf_message m_core_v1_SecretProjection;
static const struct protobuf_message m_core_v1_DownwardAPIProjection;
static const struct protobuf_message m_core_v1_ConfigMapProjection;
static const struct protobuf_message m_core_v1_ServiceAccountTokenProjection;
static const struct protobuf_message m_core_v1_ClusterTrustBundleProjection;
static const struct protobuf_message m_core_v1_VolumeProjection;
static const struct protobuf_message m_core_v1_ProjectedVolumeSource;
static const struct protobuf_message m_core_v1_ScaleIOVolumeSource;
static const struct protobuf_message m_core_v1_StorageOSVolumeSource;
static const struct protobuf_message m_core_v1_CSIVolumeSource;
static const struct protobuf_message m_core_v1_PersistentVolumeClaimTemplate;
static const struct protobuf_message m_core_v1_EphemeralVolumeSource;
static const struct protobuf_message m_core_v1_ImageVolumeSource;
static const struct protobuf_message m_core_v1_VolumeSource;
static const struct protobuf_message m_core_v1_Volume;
static const struct protobuf_message m_core_v1_ContainerPort;
static const struct protobuf_message m_core_v1_ConfigMapEnvSource;
static const struct protobuf_message m_core_v1_SecretEnvSource;
static const struct protobuf_message m_core_v1_EnvFromSource;
static const struct protobuf_message m_core_v1_ConfigMapKeySelector;
static const struct protobuf_message m_core_v1_SecretKeySelector;
static const struct protobuf_message m_core_v1_EnvVarSource;
static const struct protobuf_message m_core_v1_EnvVar;
static const struct protobuf_message m_core_v1_ResourceClaim;
static const struct protobuf_message m_core_v1_ResourceRequirements;
static const struct protobuf_message m_core_v1_ContainerResizePolicy;
static const struct protobuf_message m_core_v1_VolumeMount;
static const struct protobuf_message m_core_v1_VolumeDevice;
static const struct protobuf_message m_core_v1_ExecAction;
static const struct protobuf_message m_core_v1_HTTPHeader;
static const struct protobuf_message m_core_v1_HTTPGetAction;
static const struct protobuf_message m_core_v1_TCPSocketAction;
static const struct protobuf_message m_core_v1_GRPCAction;
static const struct protobuf_message m_core_v1_ProbeHandler;
static const struct protobuf_message m_core_v1_Probe;
static const struct protobuf_message m_core_v1_SleepAction;
static const struct protobuf_message m_core_v1_LifecycleHandler;
static const struct protobuf_message m_core_v1_Lifecycle;
static const struct protobuf_message m_core_v1_Capabilities;
static const struct protobuf_message m_core_v1_SELinuxOptions;
static const struct protobuf_message m_core_v1_WindowsSecurityContextOptions;
static const struct protobuf_message m_core_v1_SeccompProfile;
static const struct protobuf_message m_core_v1_AppArmorProfile;
static const struct protobuf_message m_core_v1_SecurityContext;
static const struct protobuf_message m_core_v1_Container;
static const struct protobuf_message m_core_v1_EphemeralContainerCommon;
static const struct protobuf_message m_core_v1_EphemeralContainer;
static const struct protobuf_message m_core_v1_Sysctl;
static const struct protobuf_message m_core_v1_PodSecurityContext;
static const struct protobuf_message m_core_v1_PreferredSchedulingTerm;
static const struct protobuf_message m_core_v1_NodeAffinity;
static const struct protobuf_message m_core_v1_PodAffinityTerm;
static const struct protobuf_message m_core_v1_WeightedPodAffinityTerm;
static const struct protobuf_message m_core_v1_PodAffinity;
static const struct protobuf_message m_core_v1_PodAntiAffinity;
static const struct protobuf_message m_core_v1_Affinity;
static const struct protobuf_message m_core_v1_Toleration;
static const struct protobuf_message m_core_v1_HostAlias;
static const struct protobuf_message m_core_v1_PodDNSConfigOption;
static const struct protobuf_message m_core_v1_PodDNSConfig;
static const struct protobuf_message m_core_v1_PodReadinessGate;
static const struct protobuf_message m_core_v1_TopologySpreadConstraint;
static const struct protobuf_message m_core_v1_PodOS;
static const struct protobuf_message m_core_v1_PodSchedulingGate;
static const struct protobuf_message m_core_v1_PodResourceClaim;
static const struct protobuf_message m_core_v1_PodSpec;
static const struct protobuf_message m_core_v1_PodCondition;
static const struct protobuf_message m_core_v1_HostIP;
static const struct protobuf_message m_core_v1_PodIP;
static const struct protobuf_message m_core_v1_ContainerStateWaiting;
static const struct protobuf_message m_core_v1_ContainerStateRunning;
static const struct protobuf_message m_core_v1_ContainerStateTerminated;
static const struct protobuf_message m_core_v1_ContainerState;
static const struct protobuf_message m_core_v1_VolumeMountStatus;
static const struct protobuf_message m_core_v1_LinuxContainerUser;
static const struct protobuf_message m_core_v1_ContainerUser;
static const struct protobuf_message m_core_v1_ResourceHealth;
static const struct protobuf_message m_core_v1_ResourceStatus;
static const struct protobuf_message m_core_v1_ContainerStatus;
static const struct protobuf_message m_core_v1_PodResourceClaimStatus;
static const struct protobuf_message m_core_v1_PodStatus;
static const struct protobuf_message m_core_v1_Pod;
static const struct protobuf_message m_core_v1_PodTemplateSpec;
static const struct protobuf_message m_core_v1_PodTemplate;
static const struct protobuf_message m_core_v1_ReplicationControllerSpec;
static const struct protobuf_message m_core_v1_ReplicationControllerCondition;
static const struct protobuf_message m_core_v1_ReplicationControllerStatus;
static const struct protobuf_message m_core_v1_ReplicationController;
static const struct protobuf_message m_core_v1_ScopedResourceSelectorRequirement;
static const struct protobuf_message m_core_v1_ScopeSelector;
static const struct protobuf_message m_core_v1_ResourceQuotaSpec;
static const struct protobuf_message m_core_v1_ResourceQuotaStatus;
static const struct protobuf_message m_core_v1_ResourceQuota;
static const struct protobuf_message m_core_v1_Secret;
static const struct protobuf_message m_core_v1_ServicePort;
static const struct protobuf_message m_core_v1_ClientIPConfig;
static const struct protobuf_message m_core_v1_SessionAffinityConfig;
static const struct protobuf_message m_core_v1_ServiceSpec;
static const struct protobuf_message m_core_v1_PortStatus;
static const struct protobuf_message m_core_v1_LoadBalancerIngress;
static const struct protobuf_message m_core_v1_LoadBalancerStatus;
static const struct protobuf_message m_meta_v1_Condition;
static const struct protobuf_message m_core_v1_ServiceStatus;
static const struct protobuf_message m_core_v1_Service;
static const struct protobuf_message m_core_v1_ServiceAccount;
static const struct protobuf_message m_apps_v1_ControllerRevision;
static const struct protobuf_message m_apps_v1_RollingUpdateDaemonSet;
static const struct protobuf_message m_apps_v1_DaemonSetUpdateStrategy;
static const struct protobuf_message m_apps_v1_DaemonSetSpec;
static const struct protobuf_message m_apps_v1_DaemonSetCondition;
static const struct protobuf_message m_apps_v1_DaemonSetStatus;
static const struct protobuf_message m_apps_v1_DaemonSet;
static const struct protobuf_message m_apps_v1_RollingUpdateDeployment;
static const struct protobuf_message m_apps_v1_DeploymentStrategy;
static const struct protobuf_message m_apps_v1_DeploymentSpec;
static const struct protobuf_message m_apps_v1_DeploymentCondition;
static const struct protobuf_message m_apps_v1_DeploymentStatus;
static const struct protobuf_message m_apps_v1_Deployment;
static const struct protobuf_message m_apps_v1_ReplicaSetSpec;
static const struct protobuf_message m_apps_v1_ReplicaSetCondition;
static const struct protobuf_message m_apps_v1_ReplicaSetStatus;
static const struct protobuf_message m_apps_v1_ReplicaSet;
static const struct protobuf_message m_apps_v1_RollingUpdateStatefulSetStrategy;
static const struct protobuf_message m_apps_v1_StatefulSetUpdateStrategy;
static const struct protobuf_message m_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy;
static const struct protobuf_message m_apps_v1_StatefulSetOrdinals;
static const struct protobuf_message m_apps_v1_StatefulSetSpec;
static const struct protobuf_message m_apps_v1_StatefulSetCondition;
static const struct protobuf_message m_apps_v1_StatefulSetStatus;
static const struct protobuf_message m_apps_v1_StatefulSet;
static const struct protobuf_message m_batch_v1_PodFailurePolicyOnExitCodesRequirement;
static const struct protobuf_message m_batch_v1_PodFailurePolicyOnPodConditionsPattern;
static const struct protobuf_message m_batch_v1_PodFailurePolicyRule;
static const struct protobuf_message m_batch_v1_PodFailurePolicy;
static const struct protobuf_message m_batch_v1_SuccessPolicyRule;
static const struct protobuf_message m_batch_v1_SuccessPolicy;
static const struct protobuf_message m_batch_v1_JobSpec;
static const struct protobuf_message m_batch_v1_JobTemplateSpec;
static const struct protobuf_message m_batch_v1_CronJobSpec;
static const struct protobuf_message m_batch_v1_CronJobStatus;
static const struct protobuf_message m_batch_v1_CronJob;
static const struct protobuf_message m_batch_v1_JobCondition;
static const struct protobuf_message m_batch_v1_UncountedTerminatedPods;
static const struct protobuf_message m_batch_v1_JobStatus;
static const struct protobuf_message m_batch_v1_Job;
static const struct protobuf_message m_rbac_v1_PolicyRule;
static const struct protobuf_message m_rbac_v1_AggregationRule;
static const struct protobuf_message m_rbac_v1_ClusterRole;
static const struct protobuf_message m_rbac_v1_Subject;
static const struct protobuf_message m_rbac_v1_RoleRef;
static const struct protobuf_message m_rbac_v1_ClusterRoleBinding;
static const struct protobuf_message m_rbac_v1_Role;
static const struct protobuf_message m_rbac_v1_RoleBinding;
static const struct protobuf_message m_scheduling_v1_PriorityClass;
static const struct protobuf_message m_meta_v1_Preconditions;
static const struct protobuf_message m_meta_v1_DeleteOptions;
static const struct protobuf_message m_policy_v1_Eviction;
static const struct protobuf_message m_policy_v1_PodDisruptionBudgetSpec;
static const struct protobuf_message m_policy_v1_PodDisruptionBudgetStatus;
static const struct protobuf_message m_policy_v1_PodDisruptionBudget;
static const struct protobuf_message m_networking_v1_ServiceBackendPort;
static const struct protobuf_message m_networking_v1_IngressServiceBackend;
static const struct protobuf_message m_networking_v1_IngressBackend;
static const struct protobuf_message m_networking_v1_IngressTLS;
static const struct protobuf_message m_networking_v1_HTTPIngressPath;
static const struct protobuf_message m_networking_v1_HTTPIngressRuleValue;
static const struct protobuf_message m_networking_v1_IngressRuleValue;
static const struct protobuf_message m_networking_v1_IngressRule;
static const struct protobuf_message m_networking_v1_IngressSpec;
static const struct protobuf_message m_networking_v1_IngressPortStatus;
static const struct protobuf_message m_networking_v1_IngressLoadBalancerIngress;
static const struct protobuf_message m_networking_v1_IngressLoadBalancerStatus;
static const struct protobuf_message m_networking_v1_IngressStatus;
static const struct protobuf_message m_networking_v1_Ingress;
static const struct protobuf_message m_networking_v1_IngressClassParametersReference;
static const struct protobuf_message m_networking_v1_IngressClassSpec;
static const struct protobuf_message m_networking_v1_IngressClass;
static const struct protobuf_message m_networking_v1_NetworkPolicyPort;
static const struct protobuf_message m_networking_v1_IPBlock;
static const struct protobuf_message m_networking_v1_NetworkPolicyPeer;
static const struct protobuf_message m_networking_v1_NetworkPolicyIngressRule;
static const struct protobuf_message m_networking_v1_NetworkPolicyEgressRule;
static const struct protobuf_message m_networking_v1_NetworkPolicySpec;
static const struct protobuf_message m_networking_v1_NetworkPolicy;
static const struct protobuf_message m_meta_v1_FieldSelectorRequirement;
static const struct protobuf_message m_authorization_v1_FieldSelectorAttributes;
static const struct protobuf_message m_authorization_v1_LabelSelectorAttributes;
static const struct protobuf_message m_authorization_v1_ResourceAttributes;
static const struct protobuf_message m_authorization_v1_NonResourceAttributes;
static const struct protobuf_message m_authorization_v1_SubjectAccessReviewSpec;
static const struct protobuf_message m_authorization_v1_SubjectAccessReviewStatus;
static const struct protobuf_message m_authorization_v1_LocalSubjectAccessReview;
static const struct protobuf_message m_authorization_v1_SelfSubjectAccessReviewSpec;
static const struct protobuf_message m_authorization_v1_SelfSubjectAccessReview;
static const struct protobuf_message m_authorization_v1_SelfSubjectRulesReviewSpec;
static const struct protobuf_message m_authorization_v1_ResourceRule;
static const struct protobuf_message m_authorization_v1_NonResourceRule;
static const struct protobuf_message m_authorization_v1_SubjectRulesReviewStatus;
static const struct protobuf_message m_authorization_v1_SelfSubjectRulesReview;
static const struct protobuf_message m_authorization_v1_SubjectAccessReview;
static const struct protobuf_message m_authentication_v1_UserInfo;
static const struct protobuf_message m_authentication_v1_SelfSubjectReviewStatus;
static const struct protobuf_message m_authentication_v1_SelfSubjectReview;
static const struct protobuf_message m_authentication_v1_BoundObjectReference;
static const struct protobuf_message m_authentication_v1_TokenRequestSpec;
static const struct protobuf_message m_authentication_v1_TokenRequestStatus;
static const struct protobuf_message m_authentication_v1_TokenRequest;
static const struct protobuf_message m_authentication_v1_TokenReviewSpec;
static const struct protobuf_message m_authentication_v1_TokenReviewStatus;
static const struct protobuf_message m_authentication_v1_TokenReview;
static const struct protobuf_message m_autoscaling_v1_CrossVersionObjectReference;
static const struct protobuf_message m_autoscaling_v1_HorizontalPodAutoscalerSpec;
static const struct protobuf_message m_autoscaling_v1_HorizontalPodAutoscalerStatus;
static const struct protobuf_message m_autoscaling_v1_HorizontalPodAutoscaler;
static const struct protobuf_message m_autoscaling_v1_ScaleSpec;
static const struct protobuf_message m_autoscaling_v1_ScaleStatus;
static const struct protobuf_message m_autoscaling_v1_Scale;
static const struct protobuf_message m_certificates_v1_CertificateSigningRequestSpec;
static const struct protobuf_message m_certificates_v1_CertificateSigningRequestCondition;
static const struct protobuf_message m_certificates_v1_CertificateSigningRequestStatus;
static const struct protobuf_message m_certificates_v1_CertificateSigningRequest;

static const struct protobuf_field f_meta_v1_OwnerReference[] = {
	{ "apiVersion", NULL, 5, PB_STRING, 0 },
	{ "kind", NULL, 1, PB_STRING, 0 },
	{ "name", NULL, 3, PB_STRING, 0 },
	{ "uid", NULL, 4, PB_STRING, 0 },
	{ "controller", NULL, 6, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "blockOwnerDeletion", NULL, 7, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_meta_v1_OwnerReference[] = { 1, 2, 3, 0, 4, 5 };
static const struct protobuf_message m_meta_v1_OwnerReference = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference", f_meta_v1_OwnerReference, n_meta_v1_OwnerReference, 6,
};

static const struct protobuf_field f_meta_v1_ManagedFieldsEntry[] = {
	{ "manager", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "operation", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "apiVersion", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "time", NULL, 4, PB_TIME, PB_OMITEMPTY | PB_POINTER },
	{ "fieldsType", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "fieldsV1", NULL, 7, PB_RAWJSON, PB_OMITEMPTY | PB_POINTER },
	{ "subresource", NULL, 8, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_meta_v1_ManagedFieldsEntry[] = { 0, 1, 2, 3, 4, 5, 6 };
static const struct protobuf_message m_meta_v1_ManagedFieldsEntry = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", f_meta_v1_ManagedFieldsEntry, n_meta_v1_ManagedFieldsEntry, 7,
};

static const struct protobuf_field f_meta_v1_ObjectMeta[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "generateName", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "namespace", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "selfLink", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "uid", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "resourceVersion", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "generation", NULL, 7, PB_INT64, PB_OMITEMPTY },
	{ "creationTimestamp", NULL, 8, PB_TIME, PB_OMITEMPTY },
	{ "deletionTimestamp", NULL, 9, PB_TIME, PB_OMITEMPTY | PB_POINTER },
	{ "deletionGracePeriodSeconds", NULL, 10, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "labels", NULL, 11, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "annotations", NULL, 12, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "ownerReferences", &m_meta_v1_OwnerReference, 13, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "finalizers", NULL, 14, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "managedFields", &m_meta_v1_ManagedFieldsEntry, 17, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_meta_v1_ObjectMeta[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
static const struct protobuf_message m_meta_v1_ObjectMeta = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta", f_meta_v1_ObjectMeta, n_meta_v1_ObjectMeta, 15,
};

static const struct protobuf_field f_core_v1_ObjectReference[] = {
	{ "kind", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "namespace", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "name", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "uid", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "apiVersion", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "resourceVersion", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "fieldPath", NULL, 7, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ObjectReference[] = { 0, 1, 2, 3, 4, 5, 6 };
static const struct protobuf_message m_core_v1_ObjectReference = {
	"k8s.io.api.core.v1.ObjectReference", f_core_v1_ObjectReference, n_core_v1_ObjectReference, 7,
};

static const struct protobuf_field f_core_v1_Binding[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "target", &m_core_v1_ObjectReference, 2, PB_MESSAGE, 0 },
};
static const uint8_t n_core_v1_Binding[] = { 0, 1 };
static const struct protobuf_message m_core_v1_Binding = {
	"k8s.io.api.core.v1.Binding", f_core_v1_Binding, n_core_v1_Binding, 2,
};

static const struct protobuf_field f_core_v1_ConfigMap[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "immutable", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "data", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "binaryData", NULL, 3, PB_BYTES, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_core_v1_ConfigMap[] = { 0, 2, 3, 1 };
static const struct protobuf_message m_core_v1_ConfigMap = {
	"k8s.io.api.core.v1.ConfigMap", f_core_v1_ConfigMap, n_core_v1_ConfigMap, 4,
};

static const struct protobuf_field f_core_v1_EndpointAddress[] = {
	{ "ip", NULL, 1, PB_STRING, 0 },
	{ "hostname", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "nodeName", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "targetRef", &m_core_v1_ObjectReference, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_EndpointAddress[] = { 0, 3, 1, 2 };
static const struct protobuf_message m_core_v1_EndpointAddress = {
	"k8s.io.api.core.v1.EndpointAddress", f_core_v1_EndpointAddress, n_core_v1_EndpointAddress, 4,
};

static const struct protobuf_field f_core_v1_EndpointPort[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "port", NULL, 2, PB_INT32, 0 },
	{ "protocol", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "appProtocol", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_EndpointPort[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_EndpointPort = {
	"k8s.io.api.core.v1.EndpointPort", f_core_v1_EndpointPort, n_core_v1_EndpointPort, 4,
};

static const struct protobuf_field f_core_v1_EndpointSubset[] = {
	{ "addresses", &m_core_v1_EndpointAddress, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "notReadyAddresses", &m_core_v1_EndpointAddress, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "ports", &m_core_v1_EndpointPort, 3, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_EndpointSubset[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_EndpointSubset = {
	"k8s.io.api.core.v1.EndpointSubset", f_core_v1_EndpointSubset, n_core_v1_EndpointSubset, 3,
};

static const struct protobuf_field f_core_v1_Endpoints[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "subsets", &m_core_v1_EndpointSubset, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_Endpoints[] = { 0, 1 };
static const struct protobuf_message m_core_v1_Endpoints = {
	"k8s.io.api.core.v1.Endpoints", f_core_v1_Endpoints, n_core_v1_Endpoints, 2,
};

static const struct protobuf_field f_core_v1_EventSource[] = {
	{ "component", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "host", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_EventSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_EventSource = {
	"k8s.io.api.core.v1.EventSource", f_core_v1_EventSource, n_core_v1_EventSource, 2,
};

static const struct protobuf_field f_core_v1_EventSeries[] = {
	{ "count", NULL, 1, PB_INT32, PB_OMITEMPTY },
	{ "lastObservedTime", NULL, 2, PB_MICROTIME, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_EventSeries[] = { 0, 1 };
static const struct protobuf_message m_core_v1_EventSeries = {
	"k8s.io.api.core.v1.EventSeries", f_core_v1_EventSeries, n_core_v1_EventSeries, 2,
};

static const struct protobuf_field f_core_v1_Event[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, 0 },
	{ "involvedObject", &m_core_v1_ObjectReference, 2, PB_MESSAGE, 0 },
	{ "reason", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "source", &m_core_v1_EventSource, 5, PB_MESSAGE, PB_OMITEMPTY },
	{ "firstTimestamp", NULL, 6, PB_TIME, PB_OMITEMPTY },
	{ "lastTimestamp", NULL, 7, PB_TIME, PB_OMITEMPTY },
	{ "count", NULL, 8, PB_INT32, PB_OMITEMPTY },
	{ "type", NULL, 9, PB_STRING, PB_OMITEMPTY },
	{ "eventTime", NULL, 10, PB_MICROTIME, PB_OMITEMPTY },
	{ "series", &m_core_v1_EventSeries, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "action", NULL, 12, PB_STRING, PB_OMITEMPTY },
	{ "related", &m_core_v1_ObjectReference, 13, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "reportingComponent", NULL, 14, PB_STRING, 0 },
	{ "reportingInstance", NULL, 15, PB_STRING, 0 },
};
static const uint8_t n_core_v1_Event[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
static const struct protobuf_message m_core_v1_Event = {
	"k8s.io.api.core.v1.Event", f_core_v1_Event, n_core_v1_Event, 15,
};

static const struct protobuf_field f_core_v1_LimitRangeItem[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "max", NULL, 2, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "min", NULL, 3, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "default", NULL, 4, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "defaultRequest", NULL, 5, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "maxLimitRequestRatio", NULL, 6, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_core_v1_LimitRangeItem[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_LimitRangeItem = {
	"k8s.io.api.core.v1.LimitRangeItem", f_core_v1_LimitRangeItem, n_core_v1_LimitRangeItem, 6,
};

static const struct protobuf_field f_core_v1_LimitRangeSpec[] = {
	{ "limits", &m_core_v1_LimitRangeItem, 1, PB_MESSAGE, PB_REPEATED },
};
static const uint8_t n_core_v1_LimitRangeSpec[] = { 0 };
static const struct protobuf_message m_core_v1_LimitRangeSpec = {
	"k8s.io.api.core.v1.LimitRangeSpec", f_core_v1_LimitRangeSpec, n_core_v1_LimitRangeSpec, 1,
};

static const struct protobuf_field f_core_v1_LimitRange[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_LimitRangeSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_LimitRange[] = { 0, 1 };
static const struct protobuf_message m_core_v1_LimitRange = {
	"k8s.io.api.core.v1.LimitRange", f_core_v1_LimitRange, n_core_v1_LimitRange, 2,
};

static const struct protobuf_field f_core_v1_NamespaceSpec[] = {
	{ "finalizers", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_NamespaceSpec[] = { 0 };
static const struct protobuf_message m_core_v1_NamespaceSpec = {
	"k8s.io.api.core.v1.NamespaceSpec", f_core_v1_NamespaceSpec, n_core_v1_NamespaceSpec, 1,
};

static const struct protobuf_field f_core_v1_NamespaceCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastTransitionTime", NULL, 4, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_NamespaceCondition[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_NamespaceCondition = {
	"k8s.io.api.core.v1.NamespaceCondition", f_core_v1_NamespaceCondition, n_core_v1_NamespaceCondition, 5,
};

static const struct protobuf_field f_core_v1_NamespaceStatus[] = {
	{ "phase", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "conditions", &m_core_v1_NamespaceCondition, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_NamespaceStatus[] = { 0, 1 };
static const struct protobuf_message m_core_v1_NamespaceStatus = {
	"k8s.io.api.core.v1.NamespaceStatus", f_core_v1_NamespaceStatus, n_core_v1_NamespaceStatus, 2,
};

static const struct protobuf_field f_core_v1_Namespace[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_NamespaceSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_NamespaceStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_Namespace[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_Namespace = {
	"k8s.io.api.core.v1.Namespace", f_core_v1_Namespace, n_core_v1_Namespace, 3,
};

static const struct protobuf_field f_core_v1_Taint[] = {
	{ "key", NULL, 1, PB_STRING, 0 },
	{ "value", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "effect", NULL, 3, PB_STRING, 0 },
	{ "timeAdded", NULL, 4, PB_TIME, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_Taint[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_Taint = {
	"k8s.io.api.core.v1.Taint", f_core_v1_Taint, n_core_v1_Taint, 4,
};

static const struct protobuf_field f_core_v1_ConfigMapNodeConfigSource[] = {
	{ "namespace", NULL, 1, PB_STRING, 0 },
	{ "name", NULL, 2, PB_STRING, 0 },
	{ "uid", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "resourceVersion", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "kubeletConfigKey", NULL, 5, PB_STRING, 0 },
};
static const uint8_t n_core_v1_ConfigMapNodeConfigSource[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_ConfigMapNodeConfigSource = {
	"k8s.io.api.core.v1.ConfigMapNodeConfigSource", f_core_v1_ConfigMapNodeConfigSource, n_core_v1_ConfigMapNodeConfigSource, 5,
};

static const struct protobuf_field f_core_v1_NodeConfigSource[] = {
	{ "configMap", &m_core_v1_ConfigMapNodeConfigSource, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_NodeConfigSource[] = { 0 };
static const struct protobuf_message m_core_v1_NodeConfigSource = {
	"k8s.io.api.core.v1.NodeConfigSource", f_core_v1_NodeConfigSource, n_core_v1_NodeConfigSource, 1,
};

static const struct protobuf_field f_core_v1_NodeSpec[] = {
	{ "podCIDR", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "podCIDRs", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "providerID", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "unschedulable", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "taints", &m_core_v1_Taint, 5, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "configSource", &m_core_v1_NodeConfigSource, 6, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "externalID", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_NodeSpec[] = { 0, 6, 2, 3, 4, 5, 1 };
static const struct protobuf_message m_core_v1_NodeSpec = {
	"k8s.io.api.core.v1.NodeSpec", f_core_v1_NodeSpec, n_core_v1_NodeSpec, 7,
};

static const struct protobuf_field f_core_v1_NodeCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastHeartbeatTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "lastTransitionTime", NULL, 4, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_NodeCondition[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_NodeCondition = {
	"k8s.io.api.core.v1.NodeCondition", f_core_v1_NodeCondition, n_core_v1_NodeCondition, 6,
};

static const struct protobuf_field f_core_v1_NodeAddress[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "address", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_NodeAddress[] = { 0, 1 };
static const struct protobuf_message m_core_v1_NodeAddress = {
	"k8s.io.api.core.v1.NodeAddress", f_core_v1_NodeAddress, n_core_v1_NodeAddress, 2,
};

static const struct protobuf_field f_core_v1_DaemonEndpoint[] = {
	{ "Port", NULL, 1, PB_INT32, 0 },
};
static const uint8_t n_core_v1_DaemonEndpoint[] = { 0 };
static const struct protobuf_message m_core_v1_DaemonEndpoint = {
	"k8s.io.api.core.v1.DaemonEndpoint", f_core_v1_DaemonEndpoint, n_core_v1_DaemonEndpoint, 1,
};

static const struct protobuf_field f_core_v1_NodeDaemonEndpoints[] = {
	{ "kubeletEndpoint", &m_core_v1_DaemonEndpoint, 1, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_NodeDaemonEndpoints[] = { 0 };
static const struct protobuf_message m_core_v1_NodeDaemonEndpoints = {
	"k8s.io.api.core.v1.NodeDaemonEndpoints", f_core_v1_NodeDaemonEndpoints, n_core_v1_NodeDaemonEndpoints, 1,
};

static const struct protobuf_field f_core_v1_NodeSystemInfo[] = {
	{ "machineID", NULL, 1, PB_STRING, 0 },
	{ "systemUUID", NULL, 2, PB_STRING, 0 },
	{ "bootID", NULL, 3, PB_STRING, 0 },
	{ "kernelVersion", NULL, 4, PB_STRING, 0 },
	{ "osImage", NULL, 5, PB_STRING, 0 },
	{ "containerRuntimeVersion", NULL, 6, PB_STRING, 0 },
	{ "kubeletVersion", NULL, 7, PB_STRING, 0 },
	{ "kubeProxyVersion", NULL, 8, PB_STRING, 0 },
	{ "operatingSystem", NULL, 9, PB_STRING, 0 },
	{ "architecture", NULL, 10, PB_STRING, 0 },
};
static const uint8_t n_core_v1_NodeSystemInfo[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const struct protobuf_message m_core_v1_NodeSystemInfo = {
	"k8s.io.api.core.v1.NodeSystemInfo", f_core_v1_NodeSystemInfo, n_core_v1_NodeSystemInfo, 10,
};

static const struct protobuf_field f_core_v1_ContainerImage[] = {
	{ "names", NULL, 1, PB_STRING, PB_REPEATED },
	{ "sizeBytes", NULL, 2, PB_INT64, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ContainerImage[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ContainerImage = {
	"k8s.io.api.core.v1.ContainerImage", f_core_v1_ContainerImage, n_core_v1_ContainerImage, 2,
};

static const struct protobuf_field f_core_v1_AttachedVolume[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "devicePath", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_AttachedVolume[] = { 0, 1 };
static const struct protobuf_message m_core_v1_AttachedVolume = {
	"k8s.io.api.core.v1.AttachedVolume", f_core_v1_AttachedVolume, n_core_v1_AttachedVolume, 2,
};

static const struct protobuf_field f_core_v1_NodeConfigStatus[] = {
	{ "assigned", &m_core_v1_NodeConfigSource, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "active", &m_core_v1_NodeConfigSource, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "lastKnownGood", &m_core_v1_NodeConfigSource, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "error", NULL, 4, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_NodeConfigStatus[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_NodeConfigStatus = {
	"k8s.io.api.core.v1.NodeConfigStatus", f_core_v1_NodeConfigStatus, n_core_v1_NodeConfigStatus, 4,
};

static const struct protobuf_field f_core_v1_NodeRuntimeHandlerFeatures[] = {
	{ "recursiveReadOnlyMounts", NULL, 1, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "userNamespaces", NULL, 2, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_NodeRuntimeHandlerFeatures[] = { 0, 1 };
static const struct protobuf_message m_core_v1_NodeRuntimeHandlerFeatures = {
	"k8s.io.api.core.v1.NodeRuntimeHandlerFeatures", f_core_v1_NodeRuntimeHandlerFeatures, n_core_v1_NodeRuntimeHandlerFeatures, 2,
};

static const struct protobuf_field f_core_v1_NodeRuntimeHandler[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "features", &m_core_v1_NodeRuntimeHandlerFeatures, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_NodeRuntimeHandler[] = { 0, 1 };
static const struct protobuf_message m_core_v1_NodeRuntimeHandler = {
	"k8s.io.api.core.v1.NodeRuntimeHandler", f_core_v1_NodeRuntimeHandler, n_core_v1_NodeRuntimeHandler, 2,
};

static const struct protobuf_field f_core_v1_NodeFeatures[] = {
	{ "supplementalGroupsPolicy", NULL, 1, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_NodeFeatures[] = { 0 };
static const struct protobuf_message m_core_v1_NodeFeatures = {
	"k8s.io.api.core.v1.NodeFeatures", f_core_v1_NodeFeatures, n_core_v1_NodeFeatures, 1,
};

static const struct protobuf_field f_core_v1_NodeStatus[] = {
	{ "capacity", NULL, 1, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "allocatable", NULL, 2, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "phase", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "conditions", &m_core_v1_NodeCondition, 4, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "addresses", &m_core_v1_NodeAddress, 5, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "daemonEndpoints", &m_core_v1_NodeDaemonEndpoints, 6, PB_MESSAGE, PB_OMITEMPTY },
	{ "nodeInfo", &m_core_v1_NodeSystemInfo, 7, PB_MESSAGE, PB_OMITEMPTY },
	{ "images", &m_core_v1_ContainerImage, 8, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "volumesInUse", NULL, 9, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "volumesAttached", &m_core_v1_AttachedVolume, 10, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "config", &m_core_v1_NodeConfigStatus, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "runtimeHandlers", &m_core_v1_NodeRuntimeHandler, 12, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "features", &m_core_v1_NodeFeatures, 13, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_NodeStatus[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
static const struct protobuf_message m_core_v1_NodeStatus = {
	"k8s.io.api.core.v1.NodeStatus", f_core_v1_NodeStatus, n_core_v1_NodeStatus, 13,
};

static const struct protobuf_field f_core_v1_Node[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_NodeSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_NodeStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_Node[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_Node = {
	"k8s.io.api.core.v1.Node", f_core_v1_Node, n_core_v1_Node, 3,
};

static const struct protobuf_field f_core_v1_GCEPersistentDiskVolumeSource[] = {
	{ "pdName", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "partition", NULL, 3, PB_INT32, PB_OMITEMPTY },
	{ "readOnly", NULL, 4, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_GCEPersistentDiskVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_GCEPersistentDiskVolumeSource = {
	"k8s.io.api.core.v1.GCEPersistentDiskVolumeSource", f_core_v1_GCEPersistentDiskVolumeSource, n_core_v1_GCEPersistentDiskVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_AWSElasticBlockStoreVolumeSource[] = {
	{ "volumeID", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "partition", NULL, 3, PB_INT32, PB_OMITEMPTY },
	{ "readOnly", NULL, 4, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_AWSElasticBlockStoreVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_AWSElasticBlockStoreVolumeSource = {
	"k8s.io.api.core.v1.AWSElasticBlockStoreVolumeSource", f_core_v1_AWSElasticBlockStoreVolumeSource, n_core_v1_AWSElasticBlockStoreVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_HostPathVolumeSource[] = {
	{ "path", NULL, 1, PB_STRING, 0 },
	{ "type", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_HostPathVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_HostPathVolumeSource = {
	"k8s.io.api.core.v1.HostPathVolumeSource", f_core_v1_HostPathVolumeSource, n_core_v1_HostPathVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_GlusterfsPersistentVolumeSource[] = {
	{ "endpoints", NULL, 1, PB_STRING, 0 },
	{ "path", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "endpointsNamespace", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_GlusterfsPersistentVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_GlusterfsPersistentVolumeSource = {
	"k8s.io.api.core.v1.GlusterfsPersistentVolumeSource", f_core_v1_GlusterfsPersistentVolumeSource, n_core_v1_GlusterfsPersistentVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_NFSVolumeSource[] = {
	{ "server", NULL, 1, PB_STRING, 0 },
	{ "path", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_NFSVolumeSource[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_NFSVolumeSource = {
	"k8s.io.api.core.v1.NFSVolumeSource", f_core_v1_NFSVolumeSource, n_core_v1_NFSVolumeSource, 3,
};

static const struct protobuf_field f_core_v1_SecretReference[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "namespace", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_SecretReference[] = { 0, 1 };
static const struct protobuf_message m_core_v1_SecretReference = {
	"k8s.io.api.core.v1.SecretReference", f_core_v1_SecretReference, n_core_v1_SecretReference, 2,
};

static const struct protobuf_field f_core_v1_RBDPersistentVolumeSource[] = {
	{ "monitors", NULL, 1, PB_STRING, PB_REPEATED },
	{ "image", NULL, 2, PB_STRING, 0 },
	{ "fsType", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "pool", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "user", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "keyring", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_SecretReference, 7, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readOnly", NULL, 8, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_RBDPersistentVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const struct protobuf_message m_core_v1_RBDPersistentVolumeSource = {
	"k8s.io.api.core.v1.RBDPersistentVolumeSource", f_core_v1_RBDPersistentVolumeSource, n_core_v1_RBDPersistentVolumeSource, 8,
};

static const struct protobuf_field f_core_v1_ISCSIPersistentVolumeSource[] = {
	{ "targetPortal", NULL, 1, PB_STRING, 0 },
	{ "iqn", NULL, 2, PB_STRING, 0 },
	{ "lun", NULL, 3, PB_INT32, 0 },
	{ "iscsiInterface", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "fsType", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 6, PB_BOOL, PB_OMITEMPTY },
	{ "portals", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "chapAuthDiscovery", NULL, 8, PB_BOOL, PB_OMITEMPTY },
	{ "chapAuthSession", NULL, 11, PB_BOOL, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_SecretReference, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "initiatorName", NULL, 12, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ISCSIPersistentVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7, 9, 8, 10 };
static const struct protobuf_message m_core_v1_ISCSIPersistentVolumeSource = {
	"k8s.io.api.core.v1.ISCSIPersistentVolumeSource", f_core_v1_ISCSIPersistentVolumeSource, n_core_v1_ISCSIPersistentVolumeSource, 11,
};

static const struct protobuf_field f_core_v1_CinderPersistentVolumeSource[] = {
	{ "volumeID", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_SecretReference, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_CinderPersistentVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_CinderPersistentVolumeSource = {
	"k8s.io.api.core.v1.CinderPersistentVolumeSource", f_core_v1_CinderPersistentVolumeSource, n_core_v1_CinderPersistentVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_CephFSPersistentVolumeSource[] = {
	{ "monitors", NULL, 1, PB_STRING, PB_REPEATED },
	{ "path", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "user", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "secretFile", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_SecretReference, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readOnly", NULL, 6, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_CephFSPersistentVolumeSource[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_CephFSPersistentVolumeSource = {
	"k8s.io.api.core.v1.CephFSPersistentVolumeSource", f_core_v1_CephFSPersistentVolumeSource, n_core_v1_CephFSPersistentVolumeSource, 6,
};

static const struct protobuf_field f_core_v1_FCVolumeSource[] = {
	{ "targetWWNs", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "lun", NULL, 2, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "fsType", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "wwids", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_FCVolumeSource[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_FCVolumeSource = {
	"k8s.io.api.core.v1.FCVolumeSource", f_core_v1_FCVolumeSource, n_core_v1_FCVolumeSource, 5,
};

static const struct protobuf_field f_core_v1_FlockerVolumeSource[] = {
	{ "datasetName", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "datasetUUID", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_FlockerVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_FlockerVolumeSource = {
	"k8s.io.api.core.v1.FlockerVolumeSource", f_core_v1_FlockerVolumeSource, n_core_v1_FlockerVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_FlexPersistentVolumeSource[] = {
	{ "driver", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_SecretReference, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readOnly", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "options", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_core_v1_FlexPersistentVolumeSource[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_FlexPersistentVolumeSource = {
	"k8s.io.api.core.v1.FlexPersistentVolumeSource", f_core_v1_FlexPersistentVolumeSource, n_core_v1_FlexPersistentVolumeSource, 5,
};

static const struct protobuf_field f_core_v1_AzureFilePersistentVolumeSource[] = {
	{ "secretName", NULL, 1, PB_STRING, 0 },
	{ "shareName", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "secretNamespace", NULL, 4, PB_STRING, PB_POINTER },
};
static const uint8_t n_core_v1_AzureFilePersistentVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_AzureFilePersistentVolumeSource = {
	"k8s.io.api.core.v1.AzureFilePersistentVolumeSource", f_core_v1_AzureFilePersistentVolumeSource, n_core_v1_AzureFilePersistentVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_VsphereVirtualDiskVolumeSource[] = {
	{ "volumePath", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "storagePolicyName", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "storagePolicyID", NULL, 4, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_VsphereVirtualDiskVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_VsphereVirtualDiskVolumeSource = {
	"k8s.io.api.core.v1.VsphereVirtualDiskVolumeSource", f_core_v1_VsphereVirtualDiskVolumeSource, n_core_v1_VsphereVirtualDiskVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_QuobyteVolumeSource[] = {
	{ "registry", NULL, 1, PB_STRING, 0 },
	{ "volume", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "user", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "group", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "tenant", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_QuobyteVolumeSource[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_QuobyteVolumeSource = {
	"k8s.io.api.core.v1.QuobyteVolumeSource", f_core_v1_QuobyteVolumeSource, n_core_v1_QuobyteVolumeSource, 6,
};

static const struct protobuf_field f_core_v1_AzureDiskVolumeSource[] = {
	{ "diskName", NULL, 1, PB_STRING, 0 },
	{ "diskURI", NULL, 2, PB_STRING, 0 },
	{ "cachingMode", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "fsType", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "readOnly", NULL, 5, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "kind", NULL, 6, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_AzureDiskVolumeSource[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_AzureDiskVolumeSource = {
	"k8s.io.api.core.v1.AzureDiskVolumeSource", f_core_v1_AzureDiskVolumeSource, n_core_v1_AzureDiskVolumeSource, 6,
};

static const struct protobuf_field f_core_v1_PhotonPersistentDiskVolumeSource[] = {
	{ "pdID", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PhotonPersistentDiskVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PhotonPersistentDiskVolumeSource = {
	"k8s.io.api.core.v1.PhotonPersistentDiskVolumeSource", f_core_v1_PhotonPersistentDiskVolumeSource, n_core_v1_PhotonPersistentDiskVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_PortworxVolumeSource[] = {
	{ "volumeID", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PortworxVolumeSource[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_PortworxVolumeSource = {
	"k8s.io.api.core.v1.PortworxVolumeSource", f_core_v1_PortworxVolumeSource, n_core_v1_PortworxVolumeSource, 3,
};

static const struct protobuf_field f_core_v1_ScaleIOPersistentVolumeSource[] = {
	{ "gateway", NULL, 1, PB_STRING, 0 },
	{ "system", NULL, 2, PB_STRING, 0 },
	{ "secretRef", &m_core_v1_SecretReference, 3, PB_MESSAGE, PB_POINTER },
	{ "sslEnabled", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "protectionDomain", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "storagePool", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "storageMode", NULL, 7, PB_STRING, PB_OMITEMPTY },
	{ "volumeName", NULL, 8, PB_STRING, PB_OMITEMPTY },
	{ "fsType", NULL, 9, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 10, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ScaleIOPersistentVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const struct protobuf_message m_core_v1_ScaleIOPersistentVolumeSource = {
	"k8s.io.api.core.v1.ScaleIOPersistentVolumeSource", f_core_v1_ScaleIOPersistentVolumeSource, n_core_v1_ScaleIOPersistentVolumeSource, 10,
};

static const struct protobuf_field f_core_v1_LocalVolumeSource[] = {
	{ "path", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_LocalVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_LocalVolumeSource = {
	"k8s.io.api.core.v1.LocalVolumeSource", f_core_v1_LocalVolumeSource, n_core_v1_LocalVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_StorageOSPersistentVolumeSource[] = {
	{ "volumeName", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "volumeNamespace", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "fsType", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_ObjectReference, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_StorageOSPersistentVolumeSource[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_StorageOSPersistentVolumeSource = {
	"k8s.io.api.core.v1.StorageOSPersistentVolumeSource", f_core_v1_StorageOSPersistentVolumeSource, n_core_v1_StorageOSPersistentVolumeSource, 5,
};

static const struct protobuf_field f_core_v1_CSIPersistentVolumeSource[] = {
	{ "driver", NULL, 1, PB_STRING, 0 },
	{ "volumeHandle", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "fsType", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "volumeAttributes", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "controllerPublishSecretRef", &m_core_v1_SecretReference, 6, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "nodeStageSecretRef", &m_core_v1_SecretReference, 7, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "nodePublishSecretRef", &m_core_v1_SecretReference, 8, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "controllerExpandSecretRef", &m_core_v1_SecretReference, 9, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "nodeExpandSecretRef", &m_core_v1_SecretReference, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_CSIPersistentVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const struct protobuf_message m_core_v1_CSIPersistentVolumeSource = {
	"k8s.io.api.core.v1.CSIPersistentVolumeSource", f_core_v1_CSIPersistentVolumeSource, n_core_v1_CSIPersistentVolumeSource, 10,
};

static const struct protobuf_field f_core_v1_PersistentVolumeSource[] = {
	{ "gcePersistentDisk", &m_core_v1_GCEPersistentDiskVolumeSource, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "awsElasticBlockStore", &m_core_v1_AWSElasticBlockStoreVolumeSource, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "hostPath", &m_core_v1_HostPathVolumeSource, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "glusterfs", &m_core_v1_GlusterfsPersistentVolumeSource, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "nfs", &m_core_v1_NFSVolumeSource, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "rbd", &m_core_v1_RBDPersistentVolumeSource, 6, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "iscsi", &m_core_v1_ISCSIPersistentVolumeSource, 7, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "cinder", &m_core_v1_CinderPersistentVolumeSource, 8, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "cephfs", &m_core_v1_CephFSPersistentVolumeSource, 9, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "fc", &m_core_v1_FCVolumeSource, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "flocker", &m_core_v1_FlockerVolumeSource, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "flexVolume", &m_core_v1_FlexPersistentVolumeSource, 12, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "azureFile", &m_core_v1_AzureFilePersistentVolumeSource, 13, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "vsphereVolume", &m_core_v1_VsphereVirtualDiskVolumeSource, 14, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "quobyte", &m_core_v1_QuobyteVolumeSource, 15, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "azureDisk", &m_core_v1_AzureDiskVolumeSource, 16, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "photonPersistentDisk", &m_core_v1_PhotonPersistentDiskVolumeSource, 17, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "portworxVolume", &m_core_v1_PortworxVolumeSource, 18, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "scaleIO", &m_core_v1_ScaleIOPersistentVolumeSource, 19, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "local", &m_core_v1_LocalVolumeSource, 20, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "storageos", &m_core_v1_StorageOSPersistentVolumeSource, 21, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "csi", &m_core_v1_CSIPersistentVolumeSource, 22, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PersistentVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 };
static const struct protobuf_message m_core_v1_PersistentVolumeSource = {
	"k8s.io.api.core.v1.PersistentVolumeSource", f_core_v1_PersistentVolumeSource, n_core_v1_PersistentVolumeSource, 22,
};

static const struct protobuf_field f_core_v1_NodeSelectorRequirement[] = {
	{ "key", NULL, 1, PB_STRING, 0 },
	{ "operator", NULL, 2, PB_STRING, 0 },
	{ "values", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_NodeSelectorRequirement[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_NodeSelectorRequirement = {
	"k8s.io.api.core.v1.NodeSelectorRequirement", f_core_v1_NodeSelectorRequirement, n_core_v1_NodeSelectorRequirement, 3,
};

static const struct protobuf_field f_core_v1_NodeSelectorTerm[] = {
	{ "matchExpressions", &m_core_v1_NodeSelectorRequirement, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "matchFields", &m_core_v1_NodeSelectorRequirement, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_NodeSelectorTerm[] = { 0, 1 };
static const struct protobuf_message m_core_v1_NodeSelectorTerm = {
	"k8s.io.api.core.v1.NodeSelectorTerm", f_core_v1_NodeSelectorTerm, n_core_v1_NodeSelectorTerm, 2,
};

static const struct protobuf_field f_core_v1_NodeSelector[] = {
	{ "nodeSelectorTerms", &m_core_v1_NodeSelectorTerm, 1, PB_MESSAGE, PB_REPEATED },
};
static const uint8_t n_core_v1_NodeSelector[] = { 0 };
static const struct protobuf_message m_core_v1_NodeSelector = {
	"k8s.io.api.core.v1.NodeSelector", f_core_v1_NodeSelector, n_core_v1_NodeSelector, 1,
};

static const struct protobuf_field f_core_v1_VolumeNodeAffinity[] = {
	{ "required", &m_core_v1_NodeSelector, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_VolumeNodeAffinity[] = { 0 };
static const struct protobuf_message m_core_v1_VolumeNodeAffinity = {
	"k8s.io.api.core.v1.VolumeNodeAffinity", f_core_v1_VolumeNodeAffinity, n_core_v1_VolumeNodeAffinity, 1,
};

static const struct protobuf_field f_core_v1_PersistentVolumeSpec[] = {
	{ "capacity", NULL, 1, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ NULL, &m_core_v1_PersistentVolumeSource, 2, PB_MESSAGE, PB_INLINE },
	{ "accessModes", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "claimRef", &m_core_v1_ObjectReference, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "persistentVolumeReclaimPolicy", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "storageClassName", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "mountOptions", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "volumeMode", NULL, 8, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "nodeAffinity", &m_core_v1_VolumeNodeAffinity, 9, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "volumeAttributesClassName", NULL, 10, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PersistentVolumeSpec[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const struct protobuf_message m_core_v1_PersistentVolumeSpec = {
	"k8s.io.api.core.v1.PersistentVolumeSpec", f_core_v1_PersistentVolumeSpec, n_core_v1_PersistentVolumeSpec, 10,
};

static const struct protobuf_field f_core_v1_PersistentVolumeStatus[] = {
	{ "phase", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "reason", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "lastPhaseTransitionTime", NULL, 4, PB_TIME, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PersistentVolumeStatus[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_PersistentVolumeStatus = {
	"k8s.io.api.core.v1.PersistentVolumeStatus", f_core_v1_PersistentVolumeStatus, n_core_v1_PersistentVolumeStatus, 4,
};

static const struct protobuf_field f_core_v1_PersistentVolume[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_PersistentVolumeSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_PersistentVolumeStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PersistentVolume[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_PersistentVolume = {
	"k8s.io.api.core.v1.PersistentVolume", f_core_v1_PersistentVolume, n_core_v1_PersistentVolume, 3,
};

static const struct protobuf_field f_meta_v1_LabelSelectorRequirement[] = {
	{ "key", NULL, 1, PB_STRING, 0 },
	{ "operator", NULL, 2, PB_STRING, 0 },
	{ "values", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_meta_v1_LabelSelectorRequirement[] = { 0, 1, 2 };
static const struct protobuf_message m_meta_v1_LabelSelectorRequirement = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement", f_meta_v1_LabelSelectorRequirement, n_meta_v1_LabelSelectorRequirement, 3,
};

static const struct protobuf_field f_meta_v1_LabelSelector[] = {
	{ "matchLabels", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "matchExpressions", &m_meta_v1_LabelSelectorRequirement, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_meta_v1_LabelSelector[] = { 0, 1 };
static const struct protobuf_message m_meta_v1_LabelSelector = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector", f_meta_v1_LabelSelector, n_meta_v1_LabelSelector, 2,
};

static const struct protobuf_field f_core_v1_VolumeResourceRequirements[] = {
	{ "limits", NULL, 1, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "requests", NULL, 2, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_core_v1_VolumeResourceRequirements[] = { 0, 1 };
static const struct protobuf_message m_core_v1_VolumeResourceRequirements = {
	"k8s.io.api.core.v1.VolumeResourceRequirements", f_core_v1_VolumeResourceRequirements, n_core_v1_VolumeResourceRequirements, 2,
};

static const struct protobuf_field f_core_v1_TypedLocalObjectReference[] = {
	{ "apiGroup", NULL, 1, PB_STRING, PB_POINTER },
	{ "kind", NULL, 2, PB_STRING, 0 },
	{ "name", NULL, 3, PB_STRING, 0 },
};
static const uint8_t n_core_v1_TypedLocalObjectReference[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_TypedLocalObjectReference = {
	"k8s.io.api.core.v1.TypedLocalObjectReference", f_core_v1_TypedLocalObjectReference, n_core_v1_TypedLocalObjectReference, 3,
};

static const struct protobuf_field f_core_v1_TypedObjectReference[] = {
	{ "apiGroup", NULL, 1, PB_STRING, PB_POINTER },
	{ "kind", NULL, 2, PB_STRING, 0 },
	{ "name", NULL, 3, PB_STRING, 0 },
	{ "namespace", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_TypedObjectReference[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_TypedObjectReference = {
	"k8s.io.api.core.v1.TypedObjectReference", f_core_v1_TypedObjectReference, n_core_v1_TypedObjectReference, 4,
};

static const struct protobuf_field f_core_v1_PersistentVolumeClaimSpec[] = {
	{ "accessModes", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "selector", &m_meta_v1_LabelSelector, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "resources", &m_core_v1_VolumeResourceRequirements, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "volumeName", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "storageClassName", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "volumeMode", NULL, 6, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "dataSource", &m_core_v1_TypedLocalObjectReference, 7, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "dataSourceRef", &m_core_v1_TypedObjectReference, 8, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "volumeAttributesClassName", NULL, 9, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PersistentVolumeClaimSpec[] = { 0, 2, 3, 1, 4, 5, 6, 7, 8 };
static const struct protobuf_message m_core_v1_PersistentVolumeClaimSpec = {
	"k8s.io.api.core.v1.PersistentVolumeClaimSpec", f_core_v1_PersistentVolumeClaimSpec, n_core_v1_PersistentVolumeClaimSpec, 9,
};

static const struct protobuf_field f_core_v1_PersistentVolumeClaimCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastProbeTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "lastTransitionTime", NULL, 4, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PersistentVolumeClaimCondition[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_PersistentVolumeClaimCondition = {
	"k8s.io.api.core.v1.PersistentVolumeClaimCondition", f_core_v1_PersistentVolumeClaimCondition, n_core_v1_PersistentVolumeClaimCondition, 6,
};

static const struct protobuf_field f_core_v1_ModifyVolumeStatus[] = {
	{ "targetVolumeAttributesClassName", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "status", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_ModifyVolumeStatus[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ModifyVolumeStatus = {
	"k8s.io.api.core.v1.ModifyVolumeStatus", f_core_v1_ModifyVolumeStatus, n_core_v1_ModifyVolumeStatus, 2,
};

static const struct protobuf_field f_core_v1_PersistentVolumeClaimStatus[] = {
	{ "phase", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "accessModes", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "capacity", NULL, 3, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "conditions", &m_core_v1_PersistentVolumeClaimCondition, 4, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "allocatedResources", NULL, 5, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "allocatedResourceStatuses", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "currentVolumeAttributesClassName", NULL, 8, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "modifyVolumeStatus", &m_core_v1_ModifyVolumeStatus, 9, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PersistentVolumeClaimStatus[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const struct protobuf_message m_core_v1_PersistentVolumeClaimStatus = {
	"k8s.io.api.core.v1.PersistentVolumeClaimStatus", f_core_v1_PersistentVolumeClaimStatus, n_core_v1_PersistentVolumeClaimStatus, 8,
};

static const struct protobuf_field f_core_v1_PersistentVolumeClaim[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_PersistentVolumeClaimSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_PersistentVolumeClaimStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PersistentVolumeClaim[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_PersistentVolumeClaim = {
	"k8s.io.api.core.v1.PersistentVolumeClaim", f_core_v1_PersistentVolumeClaim, n_core_v1_PersistentVolumeClaim, 3,
};

static const struct protobuf_field f_core_v1_EmptyDirVolumeSource[] = {
	{ "medium", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "sizeLimit", NULL, 2, PB_QUANTITY, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_EmptyDirVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_EmptyDirVolumeSource = {
	"k8s.io.api.core.v1.EmptyDirVolumeSource", f_core_v1_EmptyDirVolumeSource, n_core_v1_EmptyDirVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_GitRepoVolumeSource[] = {
	{ "repository", NULL, 1, PB_STRING, 0 },
	{ "revision", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "directory", NULL, 3, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_GitRepoVolumeSource[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_GitRepoVolumeSource = {
	"k8s.io.api.core.v1.GitRepoVolumeSource", f_core_v1_GitRepoVolumeSource, n_core_v1_GitRepoVolumeSource, 3,
};

static const struct protobuf_field f_core_v1_KeyToPath[] = {
	{ "key", NULL, 1, PB_STRING, 0 },
	{ "path", NULL, 2, PB_STRING, 0 },
	{ "mode", NULL, 3, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_KeyToPath[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_KeyToPath = {
	"k8s.io.api.core.v1.KeyToPath", f_core_v1_KeyToPath, n_core_v1_KeyToPath, 3,
};

static const struct protobuf_field f_core_v1_SecretVolumeSource[] = {
	{ "secretName", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "items", &m_core_v1_KeyToPath, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "defaultMode", NULL, 3, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "optional", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_SecretVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_SecretVolumeSource = {
	"k8s.io.api.core.v1.SecretVolumeSource", f_core_v1_SecretVolumeSource, n_core_v1_SecretVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_LocalObjectReference[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_LocalObjectReference[] = { 0 };
static const struct protobuf_message m_core_v1_LocalObjectReference = {
	"k8s.io.api.core.v1.LocalObjectReference", f_core_v1_LocalObjectReference, n_core_v1_LocalObjectReference, 1,
};

static const struct protobuf_field f_core_v1_ISCSIVolumeSource[] = {
	{ "targetPortal", NULL, 1, PB_STRING, 0 },
	{ "iqn", NULL, 2, PB_STRING, 0 },
	{ "lun", NULL, 3, PB_INT32, 0 },
	{ "iscsiInterface", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "fsType", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 6, PB_BOOL, PB_OMITEMPTY },
	{ "portals", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "chapAuthDiscovery", NULL, 8, PB_BOOL, PB_OMITEMPTY },
	{ "chapAuthSession", NULL, 11, PB_BOOL, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_LocalObjectReference, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "initiatorName", NULL, 12, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ISCSIVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7, 9, 8, 10 };
static const struct protobuf_message m_core_v1_ISCSIVolumeSource = {
	"k8s.io.api.core.v1.ISCSIVolumeSource", f_core_v1_ISCSIVolumeSource, n_core_v1_ISCSIVolumeSource, 11,
};

static const struct protobuf_field f_core_v1_GlusterfsVolumeSource[] = {
	{ "endpoints", NULL, 1, PB_STRING, 0 },
	{ "path", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_GlusterfsVolumeSource[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_GlusterfsVolumeSource = {
	"k8s.io.api.core.v1.GlusterfsVolumeSource", f_core_v1_GlusterfsVolumeSource, n_core_v1_GlusterfsVolumeSource, 3,
};

static const struct protobuf_field f_core_v1_PersistentVolumeClaimVolumeSource[] = {
	{ "claimName", NULL, 1, PB_STRING, 0 },
	{ "readOnly", NULL, 2, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PersistentVolumeClaimVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PersistentVolumeClaimVolumeSource = {
	"k8s.io.api.core.v1.PersistentVolumeClaimVolumeSource", f_core_v1_PersistentVolumeClaimVolumeSource, n_core_v1_PersistentVolumeClaimVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_RBDVolumeSource[] = {
	{ "monitors", NULL, 1, PB_STRING, PB_REPEATED },
	{ "image", NULL, 2, PB_STRING, 0 },
	{ "fsType", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "pool", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "user", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "keyring", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_LocalObjectReference, 7, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readOnly", NULL, 8, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_RBDVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const struct protobuf_message m_core_v1_RBDVolumeSource = {
	"k8s.io.api.core.v1.RBDVolumeSource", f_core_v1_RBDVolumeSource, n_core_v1_RBDVolumeSource, 8,
};

static const struct protobuf_field f_core_v1_FlexVolumeSource[] = {
	{ "driver", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_LocalObjectReference, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readOnly", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "options", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_core_v1_FlexVolumeSource[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_FlexVolumeSource = {
	"k8s.io.api.core.v1.FlexVolumeSource", f_core_v1_FlexVolumeSource, n_core_v1_FlexVolumeSource, 5,
};

static const struct protobuf_field f_core_v1_CinderVolumeSource[] = {
	{ "volumeID", NULL, 1, PB_STRING, 0 },
	{ "fsType", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_LocalObjectReference, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_CinderVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_CinderVolumeSource = {
	"k8s.io.api.core.v1.CinderVolumeSource", f_core_v1_CinderVolumeSource, n_core_v1_CinderVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_CephFSVolumeSource[] = {
	{ "monitors", NULL, 1, PB_STRING, PB_REPEATED },
	{ "path", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "user", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "secretFile", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_LocalObjectReference, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readOnly", NULL, 6, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_CephFSVolumeSource[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_CephFSVolumeSource = {
	"k8s.io.api.core.v1.CephFSVolumeSource", f_core_v1_CephFSVolumeSource, n_core_v1_CephFSVolumeSource, 6,
};

static const struct protobuf_field f_core_v1_ObjectFieldSelector[] = {
	{ "apiVersion", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "fieldPath", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_ObjectFieldSelector[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ObjectFieldSelector = {
	"k8s.io.api.core.v1.ObjectFieldSelector", f_core_v1_ObjectFieldSelector, n_core_v1_ObjectFieldSelector, 2,
};

static const struct protobuf_field f_core_v1_ResourceFieldSelector[] = {
	{ "containerName", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "resource", NULL, 2, PB_STRING, 0 },
	{ "divisor", NULL, 3, PB_QUANTITY, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ResourceFieldSelector[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ResourceFieldSelector = {
	"k8s.io.api.core.v1.ResourceFieldSelector", f_core_v1_ResourceFieldSelector, n_core_v1_ResourceFieldSelector, 3,
};

static const struct protobuf_field f_core_v1_DownwardAPIVolumeFile[] = {
	{ "path", NULL, 1, PB_STRING, 0 },
	{ "fieldRef", &m_core_v1_ObjectFieldSelector, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "resourceFieldRef", &m_core_v1_ResourceFieldSelector, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "mode", NULL, 4, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_DownwardAPIVolumeFile[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_DownwardAPIVolumeFile = {
	"k8s.io.api.core.v1.DownwardAPIVolumeFile", f_core_v1_DownwardAPIVolumeFile, n_core_v1_DownwardAPIVolumeFile, 4,
};

static const struct protobuf_field f_core_v1_DownwardAPIVolumeSource[] = {
	{ "items", &m_core_v1_DownwardAPIVolumeFile, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "defaultMode", NULL, 2, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_DownwardAPIVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_DownwardAPIVolumeSource = {
	"k8s.io.api.core.v1.DownwardAPIVolumeSource", f_core_v1_DownwardAPIVolumeSource, n_core_v1_DownwardAPIVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_AzureFileVolumeSource[] = {
	{ "secretName", NULL, 1, PB_STRING, 0 },
	{ "shareName", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_AzureFileVolumeSource[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_AzureFileVolumeSource = {
	"k8s.io.api.core.v1.AzureFileVolumeSource", f_core_v1_AzureFileVolumeSource, n_core_v1_AzureFileVolumeSource, 3,
};

static const struct protobuf_field f_core_v1_ConfigMapVolumeSource[] = {
	{ NULL, &m_core_v1_LocalObjectReference, 1, PB_MESSAGE, PB_INLINE },
	{ "items", &m_core_v1_KeyToPath, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "defaultMode", NULL, 3, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "optional", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ConfigMapVolumeSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_ConfigMapVolumeSource = {
	"k8s.io.api.core.v1.ConfigMapVolumeSource", f_core_v1_ConfigMapVolumeSource, n_core_v1_ConfigMapVolumeSource, 4,
};

static const struct protobuf_field f_core_v1_SecretProjection[] = {
	{ NULL, &m_core_v1_LocalObjectReference, 1, PB_MESSAGE, PB_INLINE },
	{ "items", &m_core_v1_KeyToPath, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "optional", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_SecretProjection[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_SecretProjection = {
	"k8s.io.api.core.v1.SecretProjection", f_core_v1_SecretProjection, n_core_v1_SecretProjection, 3,
};

static const struct protobuf_field f_core_v1_DownwardAPIProjection[] = {
	{ "items", &m_core_v1_DownwardAPIVolumeFile, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_DownwardAPIProjection[] = { 0 };
static const struct protobuf_message m_core_v1_DownwardAPIProjection = {
	"k8s.io.api.core.v1.DownwardAPIProjection", f_core_v1_DownwardAPIProjection, n_core_v1_DownwardAPIProjection, 1,
};

static const struct protobuf_field f_core_v1_ConfigMapProjection[] = {
	{ NULL, &m_core_v1_LocalObjectReference, 1, PB_MESSAGE, PB_INLINE },
	{ "items", &m_core_v1_KeyToPath, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "optional", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ConfigMapProjection[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ConfigMapProjection = {
	"k8s.io.api.core.v1.ConfigMapProjection", f_core_v1_ConfigMapProjection, n_core_v1_ConfigMapProjection, 3,
};

static const struct protobuf_field f_core_v1_ServiceAccountTokenProjection[] = {
	{ "audience", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "expirationSeconds", NULL, 2, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "path", NULL, 3, PB_STRING, 0 },
};
static const uint8_t n_core_v1_ServiceAccountTokenProjection[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ServiceAccountTokenProjection = {
	"k8s.io.api.core.v1.ServiceAccountTokenProjection", f_core_v1_ServiceAccountTokenProjection, n_core_v1_ServiceAccountTokenProjection, 3,
};

static const struct protobuf_field f_core_v1_ClusterTrustBundleProjection[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "signerName", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "labelSelector", &m_meta_v1_LabelSelector, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "optional", NULL, 5, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "path", NULL, 4, PB_STRING, 0 },
};
static const uint8_t n_core_v1_ClusterTrustBundleProjection[] = { 0, 1, 2, 4, 3 };
static const struct protobuf_message m_core_v1_ClusterTrustBundleProjection = {
	"k8s.io.api.core.v1.ClusterTrustBundleProjection", f_core_v1_ClusterTrustBundleProjection, n_core_v1_ClusterTrustBundleProjection, 5,
};

static const struct protobuf_field f_core_v1_VolumeProjection[] = {
	{ "secret", &m_core_v1_SecretProjection, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "downwardAPI", &m_core_v1_DownwardAPIProjection, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "configMap", &m_core_v1_ConfigMapProjection, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "serviceAccountToken", &m_core_v1_ServiceAccountTokenProjection, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "clusterTrustBundle", &m_core_v1_ClusterTrustBundleProjection, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_VolumeProjection[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_VolumeProjection = {
	"k8s.io.api.core.v1.VolumeProjection", f_core_v1_VolumeProjection, n_core_v1_VolumeProjection, 5,
};

static const struct protobuf_field f_core_v1_ProjectedVolumeSource[] = {
	{ "sources", &m_core_v1_VolumeProjection, 1, PB_MESSAGE, PB_REPEATED },
	{ "defaultMode", NULL, 2, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ProjectedVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ProjectedVolumeSource = {
	"k8s.io.api.core.v1.ProjectedVolumeSource", f_core_v1_ProjectedVolumeSource, n_core_v1_ProjectedVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_ScaleIOVolumeSource[] = {
	{ "gateway", NULL, 1, PB_STRING, 0 },
	{ "system", NULL, 2, PB_STRING, 0 },
	{ "secretRef", &m_core_v1_LocalObjectReference, 3, PB_MESSAGE, PB_POINTER },
	{ "sslEnabled", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "protectionDomain", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "storagePool", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "storageMode", NULL, 7, PB_STRING, PB_OMITEMPTY },
	{ "volumeName", NULL, 8, PB_STRING, PB_OMITEMPTY },
	{ "fsType", NULL, 9, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 10, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ScaleIOVolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const struct protobuf_message m_core_v1_ScaleIOVolumeSource = {
	"k8s.io.api.core.v1.ScaleIOVolumeSource", f_core_v1_ScaleIOVolumeSource, n_core_v1_ScaleIOVolumeSource, 10,
};

static const struct protobuf_field f_core_v1_StorageOSVolumeSource[] = {
	{ "volumeName", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "volumeNamespace", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "fsType", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "readOnly", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "secretRef", &m_core_v1_LocalObjectReference, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_StorageOSVolumeSource[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_StorageOSVolumeSource = {
	"k8s.io.api.core.v1.StorageOSVolumeSource", f_core_v1_StorageOSVolumeSource, n_core_v1_StorageOSVolumeSource, 5,
};

static const struct protobuf_field f_core_v1_CSIVolumeSource[] = {
	{ "driver", NULL, 1, PB_STRING, 0 },
	{ "readOnly", NULL, 2, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "fsType", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "volumeAttributes", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "nodePublishSecretRef", &m_core_v1_LocalObjectReference, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_CSIVolumeSource[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_CSIVolumeSource = {
	"k8s.io.api.core.v1.CSIVolumeSource", f_core_v1_CSIVolumeSource, n_core_v1_CSIVolumeSource, 5,
};

static const struct protobuf_field f_core_v1_PersistentVolumeClaimTemplate[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_PersistentVolumeClaimSpec, 2, PB_MESSAGE, 0 },
};
static const uint8_t n_core_v1_PersistentVolumeClaimTemplate[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PersistentVolumeClaimTemplate = {
	"k8s.io.api.core.v1.PersistentVolumeClaimTemplate", f_core_v1_PersistentVolumeClaimTemplate, n_core_v1_PersistentVolumeClaimTemplate, 2,
};

static const struct protobuf_field f_core_v1_EphemeralVolumeSource[] = {
	{ "volumeClaimTemplate", &m_core_v1_PersistentVolumeClaimTemplate, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_EphemeralVolumeSource[] = { 0 };
static const struct protobuf_message m_core_v1_EphemeralVolumeSource = {
	"k8s.io.api.core.v1.EphemeralVolumeSource", f_core_v1_EphemeralVolumeSource, n_core_v1_EphemeralVolumeSource, 1,
};

static const struct protobuf_field f_core_v1_ImageVolumeSource[] = {
	{ "reference", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "pullPolicy", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ImageVolumeSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ImageVolumeSource = {
	"k8s.io.api.core.v1.ImageVolumeSource", f_core_v1_ImageVolumeSource, n_core_v1_ImageVolumeSource, 2,
};

static const struct protobuf_field f_core_v1_VolumeSource[] = {
	{ "hostPath", &m_core_v1_HostPathVolumeSource, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "emptyDir", &m_core_v1_EmptyDirVolumeSource, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "gcePersistentDisk", &m_core_v1_GCEPersistentDiskVolumeSource, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "awsElasticBlockStore", &m_core_v1_AWSElasticBlockStoreVolumeSource, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "gitRepo", &m_core_v1_GitRepoVolumeSource, 5, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "secret", &m_core_v1_SecretVolumeSource, 6, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "nfs", &m_core_v1_NFSVolumeSource, 7, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "iscsi", &m_core_v1_ISCSIVolumeSource, 8, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "glusterfs", &m_core_v1_GlusterfsVolumeSource, 9, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "persistentVolumeClaim", &m_core_v1_PersistentVolumeClaimVolumeSource, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "rbd", &m_core_v1_RBDVolumeSource, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "flexVolume", &m_core_v1_FlexVolumeSource, 12, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "cinder", &m_core_v1_CinderVolumeSource, 13, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "cephfs", &m_core_v1_CephFSVolumeSource, 14, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "flocker", &m_core_v1_FlockerVolumeSource, 15, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "downwardAPI", &m_core_v1_DownwardAPIVolumeSource, 16, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "fc", &m_core_v1_FCVolumeSource, 17, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "azureFile", &m_core_v1_AzureFileVolumeSource, 18, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "configMap", &m_core_v1_ConfigMapVolumeSource, 19, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "vsphereVolume", &m_core_v1_VsphereVirtualDiskVolumeSource, 20, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "quobyte", &m_core_v1_QuobyteVolumeSource, 21, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "azureDisk", &m_core_v1_AzureDiskVolumeSource, 22, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "photonPersistentDisk", &m_core_v1_PhotonPersistentDiskVolumeSource, 23, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "projected", &m_core_v1_ProjectedVolumeSource, 26, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "portworxVolume", &m_core_v1_PortworxVolumeSource, 24, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "scaleIO", &m_core_v1_ScaleIOVolumeSource, 25, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "storageos", &m_core_v1_StorageOSVolumeSource, 27, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "csi", &m_core_v1_CSIVolumeSource, 28, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "ephemeral", &m_core_v1_EphemeralVolumeSource, 29, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "image", &m_core_v1_ImageVolumeSource, 30, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_VolumeSource[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 23, 26, 27, 28, 29 };
static const struct protobuf_message m_core_v1_VolumeSource = {
	"k8s.io.api.core.v1.VolumeSource", f_core_v1_VolumeSource, n_core_v1_VolumeSource, 30,
};

static const struct protobuf_field f_core_v1_Volume[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ NULL, &m_core_v1_VolumeSource, 2, PB_MESSAGE, PB_INLINE },
};
static const uint8_t n_core_v1_Volume[] = { 0, 1 };
static const struct protobuf_message m_core_v1_Volume = {
	"k8s.io.api.core.v1.Volume", f_core_v1_Volume, n_core_v1_Volume, 2,
};

static const struct protobuf_field f_core_v1_ContainerPort[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "hostPort", NULL, 2, PB_INT32, PB_OMITEMPTY },
	{ "containerPort", NULL, 3, PB_INT32, 0 },
	{ "protocol", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "hostIP", NULL, 5, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ContainerPort[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_ContainerPort = {
	"k8s.io.api.core.v1.ContainerPort", f_core_v1_ContainerPort, n_core_v1_ContainerPort, 5,
};

static const struct protobuf_field f_core_v1_ConfigMapEnvSource[] = {
	{ NULL, &m_core_v1_LocalObjectReference, 1, PB_MESSAGE, PB_INLINE },
	{ "optional", NULL, 2, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ConfigMapEnvSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ConfigMapEnvSource = {
	"k8s.io.api.core.v1.ConfigMapEnvSource", f_core_v1_ConfigMapEnvSource, n_core_v1_ConfigMapEnvSource, 2,
};

static const struct protobuf_field f_core_v1_SecretEnvSource[] = {
	{ NULL, &m_core_v1_LocalObjectReference, 1, PB_MESSAGE, PB_INLINE },
	{ "optional", NULL, 2, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_SecretEnvSource[] = { 0, 1 };
static const struct protobuf_message m_core_v1_SecretEnvSource = {
	"k8s.io.api.core.v1.SecretEnvSource", f_core_v1_SecretEnvSource, n_core_v1_SecretEnvSource, 2,
};

static const struct protobuf_field f_core_v1_EnvFromSource[] = {
	{ "prefix", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "configMapRef", &m_core_v1_ConfigMapEnvSource, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "secretRef", &m_core_v1_SecretEnvSource, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_EnvFromSource[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_EnvFromSource = {
	"k8s.io.api.core.v1.EnvFromSource", f_core_v1_EnvFromSource, n_core_v1_EnvFromSource, 3,
};

static const struct protobuf_field f_core_v1_ConfigMapKeySelector[] = {
	{ NULL, &m_core_v1_LocalObjectReference, 1, PB_MESSAGE, PB_INLINE },
	{ "key", NULL, 2, PB_STRING, 0 },
	{ "optional", NULL, 3, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ConfigMapKeySelector[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ConfigMapKeySelector = {
	"k8s.io.api.core.v1.ConfigMapKeySelector", f_core_v1_ConfigMapKeySelector, n_core_v1_ConfigMapKeySelector, 3,
};

static const struct protobuf_field f_core_v1_SecretKeySelector[] = {
	{ NULL, &m_core_v1_LocalObjectReference, 1, PB_MESSAGE, PB_INLINE },
	{ "key", NULL, 2, PB_STRING, 0 },
	{ "optional", NULL, 3, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_SecretKeySelector[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_SecretKeySelector = {
	"k8s.io.api.core.v1.SecretKeySelector", f_core_v1_SecretKeySelector, n_core_v1_SecretKeySelector, 3,
};

static const struct protobuf_field f_core_v1_EnvVarSource[] = {
	{ "fieldRef", &m_core_v1_ObjectFieldSelector, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "resourceFieldRef", &m_core_v1_ResourceFieldSelector, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "configMapKeyRef", &m_core_v1_ConfigMapKeySelector, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "secretKeyRef", &m_core_v1_SecretKeySelector, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_EnvVarSource[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_EnvVarSource = {
	"k8s.io.api.core.v1.EnvVarSource", f_core_v1_EnvVarSource, n_core_v1_EnvVarSource, 4,
};

static const struct protobuf_field f_core_v1_EnvVar[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "value", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "valueFrom", &m_core_v1_EnvVarSource, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_EnvVar[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_EnvVar = {
	"k8s.io.api.core.v1.EnvVar", f_core_v1_EnvVar, n_core_v1_EnvVar, 3,
};

static const struct protobuf_field f_core_v1_ResourceClaim[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "request", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ResourceClaim[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ResourceClaim = {
	"k8s.io.api.core.v1.ResourceClaim", f_core_v1_ResourceClaim, n_core_v1_ResourceClaim, 2,
};

static const struct protobuf_field f_core_v1_ResourceRequirements[] = {
	{ "limits", NULL, 1, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "requests", NULL, 2, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "claims", &m_core_v1_ResourceClaim, 3, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ResourceRequirements[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ResourceRequirements = {
	"k8s.io.api.core.v1.ResourceRequirements", f_core_v1_ResourceRequirements, n_core_v1_ResourceRequirements, 3,
};

static const struct protobuf_field f_core_v1_ContainerResizePolicy[] = {
	{ "resourceName", NULL, 1, PB_STRING, 0 },
	{ "restartPolicy", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_ContainerResizePolicy[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ContainerResizePolicy = {
	"k8s.io.api.core.v1.ContainerResizePolicy", f_core_v1_ContainerResizePolicy, n_core_v1_ContainerResizePolicy, 2,
};

static const struct protobuf_field f_core_v1_VolumeMount[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "readOnly", NULL, 2, PB_BOOL, PB_OMITEMPTY },
	{ "recursiveReadOnly", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "mountPath", NULL, 3, PB_STRING, 0 },
	{ "subPath", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "mountPropagation", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "subPathExpr", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_VolumeMount[] = { 0, 1, 3, 4, 5, 6, 2 };
static const struct protobuf_message m_core_v1_VolumeMount = {
	"k8s.io.api.core.v1.VolumeMount", f_core_v1_VolumeMount, n_core_v1_VolumeMount, 7,
};

static const struct protobuf_field f_core_v1_VolumeDevice[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "devicePath", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_VolumeDevice[] = { 0, 1 };
static const struct protobuf_message m_core_v1_VolumeDevice = {
	"k8s.io.api.core.v1.VolumeDevice", f_core_v1_VolumeDevice, n_core_v1_VolumeDevice, 2,
};

static const struct protobuf_field f_core_v1_ExecAction[] = {
	{ "command", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ExecAction[] = { 0 };
static const struct protobuf_message m_core_v1_ExecAction = {
	"k8s.io.api.core.v1.ExecAction", f_core_v1_ExecAction, n_core_v1_ExecAction, 1,
};

static const struct protobuf_field f_core_v1_HTTPHeader[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "value", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_HTTPHeader[] = { 0, 1 };
static const struct protobuf_message m_core_v1_HTTPHeader = {
	"k8s.io.api.core.v1.HTTPHeader", f_core_v1_HTTPHeader, n_core_v1_HTTPHeader, 2,
};

static const struct protobuf_field f_core_v1_HTTPGetAction[] = {
	{ "path", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "port", NULL, 2, PB_INTORSTRING, 0 },
	{ "host", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "scheme", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "httpHeaders", &m_core_v1_HTTPHeader, 5, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_HTTPGetAction[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_HTTPGetAction = {
	"k8s.io.api.core.v1.HTTPGetAction", f_core_v1_HTTPGetAction, n_core_v1_HTTPGetAction, 5,
};

static const struct protobuf_field f_core_v1_TCPSocketAction[] = {
	{ "port", NULL, 1, PB_INTORSTRING, 0 },
	{ "host", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_TCPSocketAction[] = { 0, 1 };
static const struct protobuf_message m_core_v1_TCPSocketAction = {
	"k8s.io.api.core.v1.TCPSocketAction", f_core_v1_TCPSocketAction, n_core_v1_TCPSocketAction, 2,
};

static const struct protobuf_field f_core_v1_GRPCAction[] = {
	{ "port", NULL, 1, PB_INT32, 0 },
	{ "service", NULL, 2, PB_STRING, PB_POINTER },
};
static const uint8_t n_core_v1_GRPCAction[] = { 0, 1 };
static const struct protobuf_message m_core_v1_GRPCAction = {
	"k8s.io.api.core.v1.GRPCAction", f_core_v1_GRPCAction, n_core_v1_GRPCAction, 2,
};

static const struct protobuf_field f_core_v1_ProbeHandler[] = {
	{ "exec", &m_core_v1_ExecAction, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "httpGet", &m_core_v1_HTTPGetAction, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "tcpSocket", &m_core_v1_TCPSocketAction, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "grpc", &m_core_v1_GRPCAction, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ProbeHandler[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_ProbeHandler = {
	"k8s.io.api.core.v1.ProbeHandler", f_core_v1_ProbeHandler, n_core_v1_ProbeHandler, 4,
};

static const struct protobuf_field f_core_v1_Probe[] = {
	{ NULL, &m_core_v1_ProbeHandler, 1, PB_MESSAGE, PB_INLINE },
	{ "initialDelaySeconds", NULL, 2, PB_INT32, PB_OMITEMPTY },
	{ "timeoutSeconds", NULL, 3, PB_INT32, PB_OMITEMPTY },
	{ "periodSeconds", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "successThreshold", NULL, 5, PB_INT32, PB_OMITEMPTY },
	{ "failureThreshold", NULL, 6, PB_INT32, PB_OMITEMPTY },
	{ "terminationGracePeriodSeconds", NULL, 7, PB_INT64, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_Probe[] = { 0, 1, 2, 3, 4, 5, 6 };
static const struct protobuf_message m_core_v1_Probe = {
	"k8s.io.api.core.v1.Probe", f_core_v1_Probe, n_core_v1_Probe, 7,
};

static const struct protobuf_field f_core_v1_SleepAction[] = {
	{ "seconds", NULL, 1, PB_INT64, 0 },
};
static const uint8_t n_core_v1_SleepAction[] = { 0 };
static const struct protobuf_message m_core_v1_SleepAction = {
	"k8s.io.api.core.v1.SleepAction", f_core_v1_SleepAction, n_core_v1_SleepAction, 1,
};

static const struct protobuf_field f_core_v1_LifecycleHandler[] = {
	{ "exec", &m_core_v1_ExecAction, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "httpGet", &m_core_v1_HTTPGetAction, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "tcpSocket", &m_core_v1_TCPSocketAction, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "sleep", &m_core_v1_SleepAction, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_LifecycleHandler[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_LifecycleHandler = {
	"k8s.io.api.core.v1.LifecycleHandler", f_core_v1_LifecycleHandler, n_core_v1_LifecycleHandler, 4,
};

static const struct protobuf_field f_core_v1_Lifecycle[] = {
	{ "postStart", &m_core_v1_LifecycleHandler, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "preStop", &m_core_v1_LifecycleHandler, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_Lifecycle[] = { 0, 1 };
static const struct protobuf_message m_core_v1_Lifecycle = {
	"k8s.io.api.core.v1.Lifecycle", f_core_v1_Lifecycle, n_core_v1_Lifecycle, 2,
};

static const struct protobuf_field f_core_v1_Capabilities[] = {
	{ "add", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "drop", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_Capabilities[] = { 0, 1 };
static const struct protobuf_message m_core_v1_Capabilities = {
	"k8s.io.api.core.v1.Capabilities", f_core_v1_Capabilities, n_core_v1_Capabilities, 2,
};

static const struct protobuf_field f_core_v1_SELinuxOptions[] = {
	{ "user", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "role", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "type", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "level", NULL, 4, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_SELinuxOptions[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_SELinuxOptions = {
	"k8s.io.api.core.v1.SELinuxOptions", f_core_v1_SELinuxOptions, n_core_v1_SELinuxOptions, 4,
};

static const struct protobuf_field f_core_v1_WindowsSecurityContextOptions[] = {
	{ "gmsaCredentialSpecName", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "gmsaCredentialSpec", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "runAsUserName", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "hostProcess", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_WindowsSecurityContextOptions[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_WindowsSecurityContextOptions = {
	"k8s.io.api.core.v1.WindowsSecurityContextOptions", f_core_v1_WindowsSecurityContextOptions, n_core_v1_WindowsSecurityContextOptions, 4,
};

static const struct protobuf_field f_core_v1_SeccompProfile[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "localhostProfile", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_SeccompProfile[] = { 0, 1 };
static const struct protobuf_message m_core_v1_SeccompProfile = {
	"k8s.io.api.core.v1.SeccompProfile", f_core_v1_SeccompProfile, n_core_v1_SeccompProfile, 2,
};

static const struct protobuf_field f_core_v1_AppArmorProfile[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "localhostProfile", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_AppArmorProfile[] = { 0, 1 };
static const struct protobuf_message m_core_v1_AppArmorProfile = {
	"k8s.io.api.core.v1.AppArmorProfile", f_core_v1_AppArmorProfile, n_core_v1_AppArmorProfile, 2,
};

static const struct protobuf_field f_core_v1_SecurityContext[] = {
	{ "capabilities", &m_core_v1_Capabilities, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "privileged", NULL, 2, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "seLinuxOptions", &m_core_v1_SELinuxOptions, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "windowsOptions", &m_core_v1_WindowsSecurityContextOptions, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "runAsUser", NULL, 4, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "runAsGroup", NULL, 8, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "runAsNonRoot", NULL, 5, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "readOnlyRootFilesystem", NULL, 6, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "allowPrivilegeEscalation", NULL, 7, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "procMount", NULL, 9, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "seccompProfile", &m_core_v1_SeccompProfile, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "appArmorProfile", &m_core_v1_AppArmorProfile, 12, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_SecurityContext[] = { 0, 1, 2, 4, 6, 7, 8, 5, 9, 3, 10, 11 };
static const struct protobuf_message m_core_v1_SecurityContext = {
	"k8s.io.api.core.v1.SecurityContext", f_core_v1_SecurityContext, n_core_v1_SecurityContext, 12,
};

static const struct protobuf_field f_core_v1_Container[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "image", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "command", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "args", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "workingDir", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "ports", &m_core_v1_ContainerPort, 6, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "envFrom", &m_core_v1_EnvFromSource, 19, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "env", &m_core_v1_EnvVar, 7, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "resources", &m_core_v1_ResourceRequirements, 8, PB_MESSAGE, PB_OMITEMPTY },
	{ "resizePolicy", &m_core_v1_ContainerResizePolicy, 23, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "restartPolicy", NULL, 24, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "volumeMounts", &m_core_v1_VolumeMount, 9, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "volumeDevices", &m_core_v1_VolumeDevice, 21, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "livenessProbe", &m_core_v1_Probe, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readinessProbe", &m_core_v1_Probe, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "startupProbe", &m_core_v1_Probe, 22, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "lifecycle", &m_core_v1_Lifecycle, 12, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "terminationMessagePath", NULL, 13, PB_STRING, PB_OMITEMPTY },
	{ "terminationMessagePolicy", NULL, 20, PB_STRING, PB_OMITEMPTY },
	{ "imagePullPolicy", NULL, 14, PB_STRING, PB_OMITEMPTY },
	{ "securityContext", &m_core_v1_SecurityContext, 15, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "stdin", NULL, 16, PB_BOOL, PB_OMITEMPTY },
	{ "stdinOnce", NULL, 17, PB_BOOL, PB_OMITEMPTY },
	{ "tty", NULL, 18, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_Container[] = { 0, 1, 2, 3, 4, 5, 7, 8, 11, 13, 14, 16, 17, 19, 20, 21, 22, 23, 6, 18, 12, 15, 9, 10 };
static const struct protobuf_message m_core_v1_Container = {
	"k8s.io.api.core.v1.Container", f_core_v1_Container, n_core_v1_Container, 24,
};

static const struct protobuf_field f_core_v1_EphemeralContainerCommon[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "image", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "command", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "args", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "workingDir", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "ports", &m_core_v1_ContainerPort, 6, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "envFrom", &m_core_v1_EnvFromSource, 19, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "env", &m_core_v1_EnvVar, 7, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "resources", &m_core_v1_ResourceRequirements, 8, PB_MESSAGE, PB_OMITEMPTY },
	{ "resizePolicy", &m_core_v1_ContainerResizePolicy, 23, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "restartPolicy", NULL, 24, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "volumeMounts", &m_core_v1_VolumeMount, 9, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "volumeDevices", &m_core_v1_VolumeDevice, 21, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "livenessProbe", &m_core_v1_Probe, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readinessProbe", &m_core_v1_Probe, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "startupProbe", &m_core_v1_Probe, 22, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "lifecycle", &m_core_v1_Lifecycle, 12, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "terminationMessagePath", NULL, 13, PB_STRING, PB_OMITEMPTY },
	{ "terminationMessagePolicy", NULL, 20, PB_STRING, PB_OMITEMPTY },
	{ "imagePullPolicy", NULL, 14, PB_STRING, PB_OMITEMPTY },
	{ "securityContext", &m_core_v1_SecurityContext, 15, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "stdin", NULL, 16, PB_BOOL, PB_OMITEMPTY },
	{ "stdinOnce", NULL, 17, PB_BOOL, PB_OMITEMPTY },
	{ "tty", NULL, 18, PB_BOOL, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_EphemeralContainerCommon[] = { 0, 1, 2, 3, 4, 5, 7, 8, 11, 13, 14, 16, 17, 19, 20, 21, 22, 23, 6, 18, 12, 15, 9, 10 };
static const struct protobuf_message m_core_v1_EphemeralContainerCommon = {
	"k8s.io.api.core.v1.EphemeralContainerCommon", f_core_v1_EphemeralContainerCommon, n_core_v1_EphemeralContainerCommon, 24,
};

static const struct protobuf_field f_core_v1_EphemeralContainer[] = {
	{ NULL, &m_core_v1_EphemeralContainerCommon, 1, PB_MESSAGE, PB_INLINE },
	{ "targetContainerName", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_EphemeralContainer[] = { 0, 1 };
static const struct protobuf_message m_core_v1_EphemeralContainer = {
	"k8s.io.api.core.v1.EphemeralContainer", f_core_v1_EphemeralContainer, n_core_v1_EphemeralContainer, 2,
};

static const struct protobuf_field f_core_v1_Sysctl[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "value", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_core_v1_Sysctl[] = { 0, 1 };
static const struct protobuf_message m_core_v1_Sysctl = {
	"k8s.io.api.core.v1.Sysctl", f_core_v1_Sysctl, n_core_v1_Sysctl, 2,
};

static const struct protobuf_field f_core_v1_PodSecurityContext[] = {
	{ "seLinuxOptions", &m_core_v1_SELinuxOptions, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "windowsOptions", &m_core_v1_WindowsSecurityContextOptions, 8, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "runAsUser", NULL, 2, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "runAsGroup", NULL, 6, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "runAsNonRoot", NULL, 3, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "supplementalGroups", NULL, 4, PB_INT64, PB_OMITEMPTY | PB_REPEATED },
	{ "supplementalGroupsPolicy", NULL, 12, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "fsGroup", NULL, 5, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "sysctls", &m_core_v1_Sysctl, 7, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "fsGroupChangePolicy", NULL, 9, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "seccompProfile", &m_core_v1_SeccompProfile, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "appArmorProfile", &m_core_v1_AppArmorProfile, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "seLinuxChangePolicy", NULL, 13, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PodSecurityContext[] = { 0, 2, 4, 5, 7, 3, 8, 1, 9, 10, 11, 6, 12 };
static const struct protobuf_message m_core_v1_PodSecurityContext = {
	"k8s.io.api.core.v1.PodSecurityContext", f_core_v1_PodSecurityContext, n_core_v1_PodSecurityContext, 13,
};

static const struct protobuf_field f_core_v1_PreferredSchedulingTerm[] = {
	{ "weight", NULL, 1, PB_INT32, 0 },
	{ "preference", &m_core_v1_NodeSelectorTerm, 2, PB_MESSAGE, 0 },
};
static const uint8_t n_core_v1_PreferredSchedulingTerm[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PreferredSchedulingTerm = {
	"k8s.io.api.core.v1.PreferredSchedulingTerm", f_core_v1_PreferredSchedulingTerm, n_core_v1_PreferredSchedulingTerm, 2,
};

static const struct protobuf_field f_core_v1_NodeAffinity[] = {
	{ "requiredDuringSchedulingIgnoredDuringExecution", &m_core_v1_NodeSelector, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "preferredDuringSchedulingIgnoredDuringExecution", &m_core_v1_PreferredSchedulingTerm, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_NodeAffinity[] = { 0, 1 };
static const struct protobuf_message m_core_v1_NodeAffinity = {
	"k8s.io.api.core.v1.NodeAffinity", f_core_v1_NodeAffinity, n_core_v1_NodeAffinity, 2,
};

static const struct protobuf_field f_core_v1_PodAffinityTerm[] = {
	{ "labelSelector", &m_meta_v1_LabelSelector, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "namespaces", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "topologyKey", NULL, 3, PB_STRING, 0 },
	{ "namespaceSelector", &m_meta_v1_LabelSelector, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "matchLabelKeys", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "mismatchLabelKeys", NULL, 6, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_PodAffinityTerm[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_PodAffinityTerm = {
	"k8s.io.api.core.v1.PodAffinityTerm", f_core_v1_PodAffinityTerm, n_core_v1_PodAffinityTerm, 6,
};

static const struct protobuf_field f_core_v1_WeightedPodAffinityTerm[] = {
	{ "weight", NULL, 1, PB_INT32, 0 },
	{ "podAffinityTerm", &m_core_v1_PodAffinityTerm, 2, PB_MESSAGE, 0 },
};
static const uint8_t n_core_v1_WeightedPodAffinityTerm[] = { 0, 1 };
static const struct protobuf_message m_core_v1_WeightedPodAffinityTerm = {
	"k8s.io.api.core.v1.WeightedPodAffinityTerm", f_core_v1_WeightedPodAffinityTerm, n_core_v1_WeightedPodAffinityTerm, 2,
};

static const struct protobuf_field f_core_v1_PodAffinity[] = {
	{ "requiredDuringSchedulingIgnoredDuringExecution", &m_core_v1_PodAffinityTerm, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "preferredDuringSchedulingIgnoredDuringExecution", &m_core_v1_WeightedPodAffinityTerm, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_PodAffinity[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PodAffinity = {
	"k8s.io.api.core.v1.PodAffinity", f_core_v1_PodAffinity, n_core_v1_PodAffinity, 2,
};

static const struct protobuf_field f_core_v1_PodAntiAffinity[] = {
	{ "requiredDuringSchedulingIgnoredDuringExecution", &m_core_v1_PodAffinityTerm, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "preferredDuringSchedulingIgnoredDuringExecution", &m_core_v1_WeightedPodAffinityTerm, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_PodAntiAffinity[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PodAntiAffinity = {
	"k8s.io.api.core.v1.PodAntiAffinity", f_core_v1_PodAntiAffinity, n_core_v1_PodAntiAffinity, 2,
};

static const struct protobuf_field f_core_v1_Affinity[] = {
	{ "nodeAffinity", &m_core_v1_NodeAffinity, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "podAffinity", &m_core_v1_PodAffinity, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "podAntiAffinity", &m_core_v1_PodAntiAffinity, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_Affinity[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_Affinity = {
	"k8s.io.api.core.v1.Affinity", f_core_v1_Affinity, n_core_v1_Affinity, 3,
};

static const struct protobuf_field f_core_v1_Toleration[] = {
	{ "key", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "operator", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "value", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "effect", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "tolerationSeconds", NULL, 5, PB_INT64, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_Toleration[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_Toleration = {
	"k8s.io.api.core.v1.Toleration", f_core_v1_Toleration, n_core_v1_Toleration, 5,
};

static const struct protobuf_field f_core_v1_HostAlias[] = {
	{ "ip", NULL, 1, PB_STRING, 0 },
	{ "hostnames", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_HostAlias[] = { 0, 1 };
static const struct protobuf_message m_core_v1_HostAlias = {
	"k8s.io.api.core.v1.HostAlias", f_core_v1_HostAlias, n_core_v1_HostAlias, 2,
};

static const struct protobuf_field f_core_v1_PodDNSConfigOption[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "value", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PodDNSConfigOption[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PodDNSConfigOption = {
	"k8s.io.api.core.v1.PodDNSConfigOption", f_core_v1_PodDNSConfigOption, n_core_v1_PodDNSConfigOption, 2,
};

static const struct protobuf_field f_core_v1_PodDNSConfig[] = {
	{ "nameservers", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "searches", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "options", &m_core_v1_PodDNSConfigOption, 3, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_PodDNSConfig[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_PodDNSConfig = {
	"k8s.io.api.core.v1.PodDNSConfig", f_core_v1_PodDNSConfig, n_core_v1_PodDNSConfig, 3,
};

static const struct protobuf_field f_core_v1_PodReadinessGate[] = {
	{ "conditionType", NULL, 1, PB_STRING, 0 },
};
static const uint8_t n_core_v1_PodReadinessGate[] = { 0 };
static const struct protobuf_message m_core_v1_PodReadinessGate = {
	"k8s.io.api.core.v1.PodReadinessGate", f_core_v1_PodReadinessGate, n_core_v1_PodReadinessGate, 1,
};

static const struct protobuf_field f_core_v1_TopologySpreadConstraint[] = {
	{ "maxSkew", NULL, 1, PB_INT32, 0 },
	{ "topologyKey", NULL, 2, PB_STRING, 0 },
	{ "whenUnsatisfiable", NULL, 3, PB_STRING, 0 },
	{ "labelSelector", &m_meta_v1_LabelSelector, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "minDomains", NULL, 5, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "nodeAffinityPolicy", NULL, 6, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "nodeTaintsPolicy", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "matchLabelKeys", NULL, 8, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_TopologySpreadConstraint[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const struct protobuf_message m_core_v1_TopologySpreadConstraint = {
	"k8s.io.api.core.v1.TopologySpreadConstraint", f_core_v1_TopologySpreadConstraint, n_core_v1_TopologySpreadConstraint, 8,
};

static const struct protobuf_field f_core_v1_PodOS[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
};
static const uint8_t n_core_v1_PodOS[] = { 0 };
static const struct protobuf_message m_core_v1_PodOS = {
	"k8s.io.api.core.v1.PodOS", f_core_v1_PodOS, n_core_v1_PodOS, 1,
};

static const struct protobuf_field f_core_v1_PodSchedulingGate[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
};
static const uint8_t n_core_v1_PodSchedulingGate[] = { 0 };
static const struct protobuf_message m_core_v1_PodSchedulingGate = {
	"k8s.io.api.core.v1.PodSchedulingGate", f_core_v1_PodSchedulingGate, n_core_v1_PodSchedulingGate, 1,
};

static const struct protobuf_field f_core_v1_PodResourceClaim[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "resourceClaimName", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "resourceClaimTemplateName", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PodResourceClaim[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_PodResourceClaim = {
	"k8s.io.api.core.v1.PodResourceClaim", f_core_v1_PodResourceClaim, n_core_v1_PodResourceClaim, 3,
};

static const struct protobuf_field f_core_v1_PodSpec[] = {
	{ "volumes", &m_core_v1_Volume, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "initContainers", &m_core_v1_Container, 20, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "containers", &m_core_v1_Container, 2, PB_MESSAGE, PB_REPEATED },
	{ "ephemeralContainers", &m_core_v1_EphemeralContainer, 34, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "restartPolicy", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "terminationGracePeriodSeconds", NULL, 4, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "activeDeadlineSeconds", NULL, 5, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "dnsPolicy", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "nodeSelector", NULL, 7, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "serviceAccountName", NULL, 8, PB_STRING, PB_OMITEMPTY },
	{ "serviceAccount", NULL, 9, PB_STRING, PB_OMITEMPTY },
	{ "automountServiceAccountToken", NULL, 21, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "nodeName", NULL, 10, PB_STRING, PB_OMITEMPTY },
	{ "hostNetwork", NULL, 11, PB_BOOL, PB_OMITEMPTY },
	{ "hostPID", NULL, 12, PB_BOOL, PB_OMITEMPTY },
	{ "hostIPC", NULL, 13, PB_BOOL, PB_OMITEMPTY },
	{ "shareProcessNamespace", NULL, 27, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "securityContext", &m_core_v1_PodSecurityContext, 14, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "imagePullSecrets", &m_core_v1_LocalObjectReference, 15, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "hostname", NULL, 16, PB_STRING, PB_OMITEMPTY },
	{ "subdomain", NULL, 17, PB_STRING, PB_OMITEMPTY },
	{ "affinity", &m_core_v1_Affinity, 18, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "schedulerName", NULL, 19, PB_STRING, PB_OMITEMPTY },
	{ "tolerations", &m_core_v1_Toleration, 22, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "hostAliases", &m_core_v1_HostAlias, 23, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "priorityClassName", NULL, 24, PB_STRING, PB_OMITEMPTY },
	{ "priority", NULL, 25, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "dnsConfig", &m_core_v1_PodDNSConfig, 26, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "readinessGates", &m_core_v1_PodReadinessGate, 28, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "runtimeClassName", NULL, 29, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "enableServiceLinks", NULL, 30, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "preemptionPolicy", NULL, 31, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "overhead", NULL, 32, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "topologySpreadConstraints", &m_core_v1_TopologySpreadConstraint, 33, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "setHostnameAsFQDN", NULL, 35, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "os", &m_core_v1_PodOS, 36, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "hostUsers", NULL, 37, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "schedulingGates", &m_core_v1_PodSchedulingGate, 38, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "resourceClaims", &m_core_v1_PodResourceClaim, 39, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "resources", &m_core_v1_ResourceRequirements, 40, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PodSpec[] = { 0, 2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 1, 11, 23, 24, 25, 26, 27, 16, 28, 29, 30, 31, 32, 33, 3, 34, 35, 36, 37, 38, 39 };
static const struct protobuf_message m_core_v1_PodSpec = {
	"k8s.io.api.core.v1.PodSpec", f_core_v1_PodSpec, n_core_v1_PodSpec, 40,
};

static const struct protobuf_field f_core_v1_PodCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastProbeTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "lastTransitionTime", NULL, 4, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PodCondition[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_core_v1_PodCondition = {
	"k8s.io.api.core.v1.PodCondition", f_core_v1_PodCondition, n_core_v1_PodCondition, 6,
};

static const struct protobuf_field f_core_v1_HostIP[] = {
	{ "ip", NULL, 1, PB_STRING, 0 },
};
static const uint8_t n_core_v1_HostIP[] = { 0 };
static const struct protobuf_message m_core_v1_HostIP = {
	"k8s.io.api.core.v1.HostIP", f_core_v1_HostIP, n_core_v1_HostIP, 1,
};

static const struct protobuf_field f_core_v1_PodIP[] = {
	{ "ip", NULL, 1, PB_STRING, 0 },
};
static const uint8_t n_core_v1_PodIP[] = { 0 };
static const struct protobuf_message m_core_v1_PodIP = {
	"k8s.io.api.core.v1.PodIP", f_core_v1_PodIP, n_core_v1_PodIP, 1,
};

static const struct protobuf_field f_core_v1_ContainerStateWaiting[] = {
	{ "reason", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ContainerStateWaiting[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ContainerStateWaiting = {
	"k8s.io.api.core.v1.ContainerStateWaiting", f_core_v1_ContainerStateWaiting, n_core_v1_ContainerStateWaiting, 2,
};

static const struct protobuf_field f_core_v1_ContainerStateRunning[] = {
	{ "startedAt", NULL, 1, PB_TIME, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ContainerStateRunning[] = { 0 };
static const struct protobuf_message m_core_v1_ContainerStateRunning = {
	"k8s.io.api.core.v1.ContainerStateRunning", f_core_v1_ContainerStateRunning, n_core_v1_ContainerStateRunning, 1,
};

static const struct protobuf_field f_core_v1_ContainerStateTerminated[] = {
	{ "exitCode", NULL, 1, PB_INT32, 0 },
	{ "signal", NULL, 2, PB_INT32, PB_OMITEMPTY },
	{ "reason", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "startedAt", NULL, 5, PB_TIME, PB_OMITEMPTY },
	{ "finishedAt", NULL, 6, PB_TIME, PB_OMITEMPTY },
	{ "containerID", NULL, 7, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ContainerStateTerminated[] = { 0, 1, 2, 3, 4, 5, 6 };
static const struct protobuf_message m_core_v1_ContainerStateTerminated = {
	"k8s.io.api.core.v1.ContainerStateTerminated", f_core_v1_ContainerStateTerminated, n_core_v1_ContainerStateTerminated, 7,
};

static const struct protobuf_field f_core_v1_ContainerState[] = {
	{ "waiting", &m_core_v1_ContainerStateWaiting, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "running", &m_core_v1_ContainerStateRunning, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "terminated", &m_core_v1_ContainerStateTerminated, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ContainerState[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ContainerState = {
	"k8s.io.api.core.v1.ContainerState", f_core_v1_ContainerState, n_core_v1_ContainerState, 3,
};

static const struct protobuf_field f_core_v1_VolumeMountStatus[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "mountPath", NULL, 2, PB_STRING, 0 },
	{ "readOnly", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "recursiveReadOnly", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_VolumeMountStatus[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_VolumeMountStatus = {
	"k8s.io.api.core.v1.VolumeMountStatus", f_core_v1_VolumeMountStatus, n_core_v1_VolumeMountStatus, 4,
};

static const struct protobuf_field f_core_v1_LinuxContainerUser[] = {
	{ "uid", NULL, 1, PB_INT64, 0 },
	{ "gid", NULL, 2, PB_INT64, 0 },
	{ "supplementalGroups", NULL, 3, PB_INT64, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_LinuxContainerUser[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_LinuxContainerUser = {
	"k8s.io.api.core.v1.LinuxContainerUser", f_core_v1_LinuxContainerUser, n_core_v1_LinuxContainerUser, 3,
};

static const struct protobuf_field f_core_v1_ContainerUser[] = {
	{ "linux", &m_core_v1_LinuxContainerUser, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ContainerUser[] = { 0 };
static const struct protobuf_message m_core_v1_ContainerUser = {
	"k8s.io.api.core.v1.ContainerUser", f_core_v1_ContainerUser, n_core_v1_ContainerUser, 1,
};

static const struct protobuf_field f_core_v1_ResourceHealth[] = {
	{ "resourceID", NULL, 1, PB_STRING, 0 },
	{ "health", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ResourceHealth[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ResourceHealth = {
	"k8s.io.api.core.v1.ResourceHealth", f_core_v1_ResourceHealth, n_core_v1_ResourceHealth, 2,
};

static const struct protobuf_field f_core_v1_ResourceStatus[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "resources", &m_core_v1_ResourceHealth, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ResourceStatus[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ResourceStatus = {
	"k8s.io.api.core.v1.ResourceStatus", f_core_v1_ResourceStatus, n_core_v1_ResourceStatus, 2,
};

static const struct protobuf_field f_core_v1_ContainerStatus[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "state", &m_core_v1_ContainerState, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "lastState", &m_core_v1_ContainerState, 3, PB_MESSAGE, PB_OMITEMPTY },
	{ "ready", NULL, 4, PB_BOOL, 0 },
	{ "restartCount", NULL, 5, PB_INT32, 0 },
	{ "image", NULL, 6, PB_STRING, 0 },
	{ "imageID", NULL, 7, PB_STRING, 0 },
	{ "containerID", NULL, 8, PB_STRING, PB_OMITEMPTY },
	{ "started", NULL, 9, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "allocatedResources", NULL, 10, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "resources", &m_core_v1_ResourceRequirements, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "volumeMounts", &m_core_v1_VolumeMountStatus, 12, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "user", &m_core_v1_ContainerUser, 13, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "allocatedResourcesStatus", &m_core_v1_ResourceStatus, 14, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ContainerStatus[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
static const struct protobuf_message m_core_v1_ContainerStatus = {
	"k8s.io.api.core.v1.ContainerStatus", f_core_v1_ContainerStatus, n_core_v1_ContainerStatus, 14,
};

static const struct protobuf_field f_core_v1_PodResourceClaimStatus[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "resourceClaimName", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PodResourceClaimStatus[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PodResourceClaimStatus = {
	"k8s.io.api.core.v1.PodResourceClaimStatus", f_core_v1_PodResourceClaimStatus, n_core_v1_PodResourceClaimStatus, 2,
};

static const struct protobuf_field f_core_v1_PodStatus[] = {
	{ "phase", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "conditions", &m_core_v1_PodCondition, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "message", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "reason", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "nominatedNodeName", NULL, 11, PB_STRING, PB_OMITEMPTY },
	{ "hostIP", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "hostIPs", &m_core_v1_HostIP, 16, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "podIP", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "podIPs", &m_core_v1_PodIP, 12, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "startTime", NULL, 7, PB_TIME, PB_OMITEMPTY | PB_POINTER },
	{ "initContainerStatuses", &m_core_v1_ContainerStatus, 10, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "containerStatuses", &m_core_v1_ContainerStatus, 8, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "qosClass", NULL, 9, PB_STRING, PB_OMITEMPTY },
	{ "ephemeralContainerStatuses", &m_core_v1_ContainerStatus, 13, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "resize", NULL, 14, PB_STRING, PB_OMITEMPTY },
	{ "resourceClaimStatuses", &m_core_v1_PodResourceClaimStatus, 15, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_PodStatus[] = { 0, 1, 2, 3, 5, 7, 9, 11, 12, 10, 4, 8, 13, 14, 15, 6 };
static const struct protobuf_message m_core_v1_PodStatus = {
	"k8s.io.api.core.v1.PodStatus", f_core_v1_PodStatus, n_core_v1_PodStatus, 16,
};

static const struct protobuf_field f_core_v1_Pod[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_PodSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_PodStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_Pod[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_Pod = {
	"k8s.io.api.core.v1.Pod", f_core_v1_Pod, n_core_v1_Pod, 3,
};

static const struct protobuf_field f_core_v1_PodTemplateSpec[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_PodSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PodTemplateSpec[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PodTemplateSpec = {
	"k8s.io.api.core.v1.PodTemplateSpec", f_core_v1_PodTemplateSpec, n_core_v1_PodTemplateSpec, 2,
};

static const struct protobuf_field f_core_v1_PodTemplate[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "template", &m_core_v1_PodTemplateSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_PodTemplate[] = { 0, 1 };
static const struct protobuf_message m_core_v1_PodTemplate = {
	"k8s.io.api.core.v1.PodTemplate", f_core_v1_PodTemplate, n_core_v1_PodTemplate, 2,
};

static const struct protobuf_field f_core_v1_ReplicationControllerSpec[] = {
	{ "replicas", NULL, 1, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "minReadySeconds", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "selector", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "template", &m_core_v1_PodTemplateSpec, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ReplicationControllerSpec[] = { 0, 2, 3, 1 };
static const struct protobuf_message m_core_v1_ReplicationControllerSpec = {
	"k8s.io.api.core.v1.ReplicationControllerSpec", f_core_v1_ReplicationControllerSpec, n_core_v1_ReplicationControllerSpec, 4,
};

static const struct protobuf_field f_core_v1_ReplicationControllerCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastTransitionTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 5, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ReplicationControllerCondition[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_core_v1_ReplicationControllerCondition = {
	"k8s.io.api.core.v1.ReplicationControllerCondition", f_core_v1_ReplicationControllerCondition, n_core_v1_ReplicationControllerCondition, 5,
};

static const struct protobuf_field f_core_v1_ReplicationControllerStatus[] = {
	{ "replicas", NULL, 1, PB_INT32, 0 },
	{ "fullyLabeledReplicas", NULL, 2, PB_INT32, PB_OMITEMPTY },
	{ "readyReplicas", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "availableReplicas", NULL, 5, PB_INT32, PB_OMITEMPTY },
	{ "observedGeneration", NULL, 3, PB_INT64, PB_OMITEMPTY },
	{ "conditions", &m_core_v1_ReplicationControllerCondition, 6, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ReplicationControllerStatus[] = { 0, 1, 4, 2, 3, 5 };
static const struct protobuf_message m_core_v1_ReplicationControllerStatus = {
	"k8s.io.api.core.v1.ReplicationControllerStatus", f_core_v1_ReplicationControllerStatus, n_core_v1_ReplicationControllerStatus, 6,
};

static const struct protobuf_field f_core_v1_ReplicationController[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_ReplicationControllerSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_ReplicationControllerStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ReplicationController[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ReplicationController = {
	"k8s.io.api.core.v1.ReplicationController", f_core_v1_ReplicationController, n_core_v1_ReplicationController, 3,
};

static const struct protobuf_field f_core_v1_ScopedResourceSelectorRequirement[] = {
	{ "scopeName", NULL, 1, PB_STRING, 0 },
	{ "operator", NULL, 2, PB_STRING, 0 },
	{ "values", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ScopedResourceSelectorRequirement[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ScopedResourceSelectorRequirement = {
	"k8s.io.api.core.v1.ScopedResourceSelectorRequirement", f_core_v1_ScopedResourceSelectorRequirement, n_core_v1_ScopedResourceSelectorRequirement, 3,
};

static const struct protobuf_field f_core_v1_ScopeSelector[] = {
	{ "matchExpressions", &m_core_v1_ScopedResourceSelectorRequirement, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ScopeSelector[] = { 0 };
static const struct protobuf_message m_core_v1_ScopeSelector = {
	"k8s.io.api.core.v1.ScopeSelector", f_core_v1_ScopeSelector, n_core_v1_ScopeSelector, 1,
};

static const struct protobuf_field f_core_v1_ResourceQuotaSpec[] = {
	{ "hard", NULL, 1, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "scopes", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "scopeSelector", &m_core_v1_ScopeSelector, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ResourceQuotaSpec[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ResourceQuotaSpec = {
	"k8s.io.api.core.v1.ResourceQuotaSpec", f_core_v1_ResourceQuotaSpec, n_core_v1_ResourceQuotaSpec, 3,
};

static const struct protobuf_field f_core_v1_ResourceQuotaStatus[] = {
	{ "hard", NULL, 1, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
	{ "used", NULL, 2, PB_QUANTITY, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_core_v1_ResourceQuotaStatus[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ResourceQuotaStatus = {
	"k8s.io.api.core.v1.ResourceQuotaStatus", f_core_v1_ResourceQuotaStatus, n_core_v1_ResourceQuotaStatus, 2,
};

static const struct protobuf_field f_core_v1_ResourceQuota[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_ResourceQuotaSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_ResourceQuotaStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ResourceQuota[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_ResourceQuota = {
	"k8s.io.api.core.v1.ResourceQuota", f_core_v1_ResourceQuota, n_core_v1_ResourceQuota, 3,
};

static const struct protobuf_field f_core_v1_Secret[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "immutable", NULL, 5, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "data", NULL, 2, PB_BYTES, PB_OMITEMPTY | PB_MAP },
	{ "stringData", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "type", NULL, 3, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_Secret[] = { 0, 2, 4, 3, 1 };
static const struct protobuf_message m_core_v1_Secret = {
	"k8s.io.api.core.v1.Secret", f_core_v1_Secret, n_core_v1_Secret, 5,
};

static const struct protobuf_field f_core_v1_ServicePort[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "protocol", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "appProtocol", NULL, 6, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "port", NULL, 3, PB_INT32, 0 },
	{ "targetPort", NULL, 4, PB_INTORSTRING, PB_OMITEMPTY },
	{ "nodePort", NULL, 5, PB_INT32, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_ServicePort[] = { 0, 1, 3, 4, 5, 2 };
static const struct protobuf_message m_core_v1_ServicePort = {
	"k8s.io.api.core.v1.ServicePort", f_core_v1_ServicePort, n_core_v1_ServicePort, 6,
};

static const struct protobuf_field f_core_v1_ClientIPConfig[] = {
	{ "timeoutSeconds", NULL, 1, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ClientIPConfig[] = { 0 };
static const struct protobuf_message m_core_v1_ClientIPConfig = {
	"k8s.io.api.core.v1.ClientIPConfig", f_core_v1_ClientIPConfig, n_core_v1_ClientIPConfig, 1,
};

static const struct protobuf_field f_core_v1_SessionAffinityConfig[] = {
	{ "clientIP", &m_core_v1_ClientIPConfig, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_SessionAffinityConfig[] = { 0 };
static const struct protobuf_message m_core_v1_SessionAffinityConfig = {
	"k8s.io.api.core.v1.SessionAffinityConfig", f_core_v1_SessionAffinityConfig, n_core_v1_SessionAffinityConfig, 1,
};

static const struct protobuf_field f_core_v1_ServiceSpec[] = {
	{ "ports", &m_core_v1_ServicePort, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "selector", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_MAP },
	{ "clusterIP", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "clusterIPs", NULL, 18, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "type", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "externalIPs", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "sessionAffinity", NULL, 7, PB_STRING, PB_OMITEMPTY },
	{ "loadBalancerIP", NULL, 8, PB_STRING, PB_OMITEMPTY },
	{ "loadBalancerSourceRanges", NULL, 9, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "externalName", NULL, 10, PB_STRING, PB_OMITEMPTY },
	{ "externalTrafficPolicy", NULL, 11, PB_STRING, PB_OMITEMPTY },
	{ "healthCheckNodePort", NULL, 12, PB_INT32, PB_OMITEMPTY },
	{ "publishNotReadyAddresses", NULL, 13, PB_BOOL, PB_OMITEMPTY },
	{ "sessionAffinityConfig", &m_core_v1_SessionAffinityConfig, 14, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "ipFamilies", NULL, 19, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "ipFamilyPolicy", NULL, 17, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "allocateLoadBalancerNodePorts", NULL, 20, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "loadBalancerClass", NULL, 21, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "internalTrafficPolicy", NULL, 22, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "trafficDistribution", NULL, 23, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ServiceSpec[] = { 0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 3, 14, 16, 17, 18, 19 };
static const struct protobuf_message m_core_v1_ServiceSpec = {
	"k8s.io.api.core.v1.ServiceSpec", f_core_v1_ServiceSpec, n_core_v1_ServiceSpec, 20,
};

static const struct protobuf_field f_core_v1_PortStatus[] = {
	{ "port", NULL, 1, PB_INT32, 0 },
	{ "protocol", NULL, 2, PB_STRING, 0 },
	{ "error", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_PortStatus[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_PortStatus = {
	"k8s.io.api.core.v1.PortStatus", f_core_v1_PortStatus, n_core_v1_PortStatus, 3,
};

static const struct protobuf_field f_core_v1_LoadBalancerIngress[] = {
	{ "ip", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "hostname", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "ipMode", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "ports", &m_core_v1_PortStatus, 4, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_LoadBalancerIngress[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_LoadBalancerIngress = {
	"k8s.io.api.core.v1.LoadBalancerIngress", f_core_v1_LoadBalancerIngress, n_core_v1_LoadBalancerIngress, 4,
};

static const struct protobuf_field f_core_v1_LoadBalancerStatus[] = {
	{ "ingress", &m_core_v1_LoadBalancerIngress, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_LoadBalancerStatus[] = { 0 };
static const struct protobuf_message m_core_v1_LoadBalancerStatus = {
	"k8s.io.api.core.v1.LoadBalancerStatus", f_core_v1_LoadBalancerStatus, n_core_v1_LoadBalancerStatus, 1,
};

static const struct protobuf_field f_meta_v1_Condition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "observedGeneration", NULL, 3, PB_INT64, PB_OMITEMPTY },
	{ "lastTransitionTime", NULL, 4, PB_TIME, 0 },
	{ "reason", NULL, 5, PB_STRING, 0 },
	{ "message", NULL, 6, PB_STRING, 0 },
};
static const uint8_t n_meta_v1_Condition[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_meta_v1_Condition = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.Condition", f_meta_v1_Condition, n_meta_v1_Condition, 6,
};

static const struct protobuf_field f_core_v1_ServiceStatus[] = {
	{ "loadBalancer", &m_core_v1_LoadBalancerStatus, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "conditions", &m_meta_v1_Condition, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_core_v1_ServiceStatus[] = { 0, 1 };
static const struct protobuf_message m_core_v1_ServiceStatus = {
	"k8s.io.api.core.v1.ServiceStatus", f_core_v1_ServiceStatus, n_core_v1_ServiceStatus, 2,
};

static const struct protobuf_field f_core_v1_Service[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_core_v1_ServiceSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_core_v1_ServiceStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_core_v1_Service[] = { 0, 1, 2 };
static const struct protobuf_message m_core_v1_Service = {
	"k8s.io.api.core.v1.Service", f_core_v1_Service, n_core_v1_Service, 3,
};

static const struct protobuf_field f_core_v1_ServiceAccount[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "secrets", &m_core_v1_ObjectReference, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "imagePullSecrets", &m_core_v1_LocalObjectReference, 3, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "automountServiceAccountToken", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_core_v1_ServiceAccount[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_core_v1_ServiceAccount = {
	"k8s.io.api.core.v1.ServiceAccount", f_core_v1_ServiceAccount, n_core_v1_ServiceAccount, 4,
};

static const struct protobuf_field f_apps_v1_ControllerRevision[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "data", NULL, 2, PB_RAWJSON, PB_OMITEMPTY },
	{ "revision", NULL, 3, PB_INT64, 0 },
};
static const uint8_t n_apps_v1_ControllerRevision[] = { 0, 1, 2 };
static const struct protobuf_message m_apps_v1_ControllerRevision = {
	"k8s.io.api.apps.v1.ControllerRevision", f_apps_v1_ControllerRevision, n_apps_v1_ControllerRevision, 3,
};

static const struct protobuf_field f_apps_v1_RollingUpdateDaemonSet[] = {
	{ "maxUnavailable", NULL, 1, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
	{ "maxSurge", NULL, 2, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_RollingUpdateDaemonSet[] = { 0, 1 };
static const struct protobuf_message m_apps_v1_RollingUpdateDaemonSet = {
	"k8s.io.api.apps.v1.RollingUpdateDaemonSet", f_apps_v1_RollingUpdateDaemonSet, n_apps_v1_RollingUpdateDaemonSet, 2,
};

static const struct protobuf_field f_apps_v1_DaemonSetUpdateStrategy[] = {
	{ "type", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "rollingUpdate", &m_apps_v1_RollingUpdateDaemonSet, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_DaemonSetUpdateStrategy[] = { 0, 1 };
static const struct protobuf_message m_apps_v1_DaemonSetUpdateStrategy = {
	"k8s.io.api.apps.v1.DaemonSetUpdateStrategy", f_apps_v1_DaemonSetUpdateStrategy, n_apps_v1_DaemonSetUpdateStrategy, 2,
};

static const struct protobuf_field f_apps_v1_DaemonSetSpec[] = {
	{ "selector", &m_meta_v1_LabelSelector, 1, PB_MESSAGE, PB_POINTER },
	{ "template", &m_core_v1_PodTemplateSpec, 2, PB_MESSAGE, 0 },
	{ "updateStrategy", &m_apps_v1_DaemonSetUpdateStrategy, 3, PB_MESSAGE, PB_OMITEMPTY },
	{ "minReadySeconds", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "revisionHistoryLimit", NULL, 6, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_DaemonSetSpec[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_apps_v1_DaemonSetSpec = {
	"k8s.io.api.apps.v1.DaemonSetSpec", f_apps_v1_DaemonSetSpec, n_apps_v1_DaemonSetSpec, 5,
};

static const struct protobuf_field f_apps_v1_DaemonSetCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastTransitionTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 5, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_DaemonSetCondition[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_apps_v1_DaemonSetCondition = {
	"k8s.io.api.apps.v1.DaemonSetCondition", f_apps_v1_DaemonSetCondition, n_apps_v1_DaemonSetCondition, 5,
};

static const struct protobuf_field f_apps_v1_DaemonSetStatus[] = {
	{ "currentNumberScheduled", NULL, 1, PB_INT32, 0 },
	{ "numberMisscheduled", NULL, 2, PB_INT32, 0 },
	{ "desiredNumberScheduled", NULL, 3, PB_INT32, 0 },
	{ "numberReady", NULL, 4, PB_INT32, 0 },
	{ "observedGeneration", NULL, 5, PB_INT64, PB_OMITEMPTY },
	{ "updatedNumberScheduled", NULL, 6, PB_INT32, PB_OMITEMPTY },
	{ "numberAvailable", NULL, 7, PB_INT32, PB_OMITEMPTY },
	{ "numberUnavailable", NULL, 8, PB_INT32, PB_OMITEMPTY },
	{ "collisionCount", NULL, 9, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "conditions", &m_apps_v1_DaemonSetCondition, 10, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_apps_v1_DaemonSetStatus[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const struct protobuf_message m_apps_v1_DaemonSetStatus = {
	"k8s.io.api.apps.v1.DaemonSetStatus", f_apps_v1_DaemonSetStatus, n_apps_v1_DaemonSetStatus, 10,
};

static const struct protobuf_field f_apps_v1_DaemonSet[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_apps_v1_DaemonSetSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_apps_v1_DaemonSetStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_DaemonSet[] = { 0, 1, 2 };
static const struct protobuf_message m_apps_v1_DaemonSet = {
	"k8s.io.api.apps.v1.DaemonSet", f_apps_v1_DaemonSet, n_apps_v1_DaemonSet, 3,
};

static const struct protobuf_field f_apps_v1_RollingUpdateDeployment[] = {
	{ "maxUnavailable", NULL, 1, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
	{ "maxSurge", NULL, 2, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_RollingUpdateDeployment[] = { 0, 1 };
static const struct protobuf_message m_apps_v1_RollingUpdateDeployment = {
	"k8s.io.api.apps.v1.RollingUpdateDeployment", f_apps_v1_RollingUpdateDeployment, n_apps_v1_RollingUpdateDeployment, 2,
};

static const struct protobuf_field f_apps_v1_DeploymentStrategy[] = {
	{ "type", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "rollingUpdate", &m_apps_v1_RollingUpdateDeployment, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_DeploymentStrategy[] = { 0, 1 };
static const struct protobuf_message m_apps_v1_DeploymentStrategy = {
	"k8s.io.api.apps.v1.DeploymentStrategy", f_apps_v1_DeploymentStrategy, n_apps_v1_DeploymentStrategy, 2,
};

static const struct protobuf_field f_apps_v1_DeploymentSpec[] = {
	{ "replicas", NULL, 1, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "selector", &m_meta_v1_LabelSelector, 2, PB_MESSAGE, PB_POINTER },
	{ "template", &m_core_v1_PodTemplateSpec, 3, PB_MESSAGE, 0 },
	{ "strategy", &m_apps_v1_DeploymentStrategy, 4, PB_MESSAGE, PB_OMITEMPTY },
	{ "minReadySeconds", NULL, 5, PB_INT32, PB_OMITEMPTY },
	{ "revisionHistoryLimit", NULL, 6, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "paused", NULL, 7, PB_BOOL, PB_OMITEMPTY },
	{ "progressDeadlineSeconds", NULL, 9, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_DeploymentSpec[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const struct protobuf_message m_apps_v1_DeploymentSpec = {
	"k8s.io.api.apps.v1.DeploymentSpec", f_apps_v1_DeploymentSpec, n_apps_v1_DeploymentSpec, 8,
};

static const struct protobuf_field f_apps_v1_DeploymentCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastUpdateTime", NULL, 6, PB_TIME, PB_OMITEMPTY },
	{ "lastTransitionTime", NULL, 7, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 5, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_DeploymentCondition[] = { 0, 1, 4, 5, 2, 3 };
static const struct protobuf_message m_apps_v1_DeploymentCondition = {
	"k8s.io.api.apps.v1.DeploymentCondition", f_apps_v1_DeploymentCondition, n_apps_v1_DeploymentCondition, 6,
};

static const struct protobuf_field f_apps_v1_DeploymentStatus[] = {
	{ "observedGeneration", NULL, 1, PB_INT64, PB_OMITEMPTY },
	{ "replicas", NULL, 2, PB_INT32, PB_OMITEMPTY },
	{ "updatedReplicas", NULL, 3, PB_INT32, PB_OMITEMPTY },
	{ "readyReplicas", NULL, 7, PB_INT32, PB_OMITEMPTY },
	{ "availableReplicas", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "unavailableReplicas", NULL, 5, PB_INT32, PB_OMITEMPTY },
	{ "conditions", &m_apps_v1_DeploymentCondition, 6, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "collisionCount", NULL, 8, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_DeploymentStatus[] = { 0, 1, 2, 4, 5, 6, 3, 7 };
static const struct protobuf_message m_apps_v1_DeploymentStatus = {
	"k8s.io.api.apps.v1.DeploymentStatus", f_apps_v1_DeploymentStatus, n_apps_v1_DeploymentStatus, 8,
};

static const struct protobuf_field f_apps_v1_Deployment[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_apps_v1_DeploymentSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_apps_v1_DeploymentStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_Deployment[] = { 0, 1, 2 };
static const struct protobuf_message m_apps_v1_Deployment = {
	"k8s.io.api.apps.v1.Deployment", f_apps_v1_Deployment, n_apps_v1_Deployment, 3,
};

static const struct protobuf_field f_apps_v1_ReplicaSetSpec[] = {
	{ "replicas", NULL, 1, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "minReadySeconds", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "selector", &m_meta_v1_LabelSelector, 2, PB_MESSAGE, PB_POINTER },
	{ "template", &m_core_v1_PodTemplateSpec, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_ReplicaSetSpec[] = { 0, 2, 3, 1 };
static const struct protobuf_message m_apps_v1_ReplicaSetSpec = {
	"k8s.io.api.apps.v1.ReplicaSetSpec", f_apps_v1_ReplicaSetSpec, n_apps_v1_ReplicaSetSpec, 4,
};

static const struct protobuf_field f_apps_v1_ReplicaSetCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastTransitionTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 5, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_ReplicaSetCondition[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_apps_v1_ReplicaSetCondition = {
	"k8s.io.api.apps.v1.ReplicaSetCondition", f_apps_v1_ReplicaSetCondition, n_apps_v1_ReplicaSetCondition, 5,
};

static const struct protobuf_field f_apps_v1_ReplicaSetStatus[] = {
	{ "replicas", NULL, 1, PB_INT32, 0 },
	{ "fullyLabeledReplicas", NULL, 2, PB_INT32, PB_OMITEMPTY },
	{ "readyReplicas", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "availableReplicas", NULL, 5, PB_INT32, PB_OMITEMPTY },
	{ "observedGeneration", NULL, 3, PB_INT64, PB_OMITEMPTY },
	{ "conditions", &m_apps_v1_ReplicaSetCondition, 6, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_apps_v1_ReplicaSetStatus[] = { 0, 1, 4, 2, 3, 5 };
static const struct protobuf_message m_apps_v1_ReplicaSetStatus = {
	"k8s.io.api.apps.v1.ReplicaSetStatus", f_apps_v1_ReplicaSetStatus, n_apps_v1_ReplicaSetStatus, 6,
};

static const struct protobuf_field f_apps_v1_ReplicaSet[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_apps_v1_ReplicaSetSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_apps_v1_ReplicaSetStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_ReplicaSet[] = { 0, 1, 2 };
static const struct protobuf_message m_apps_v1_ReplicaSet = {
	"k8s.io.api.apps.v1.ReplicaSet", f_apps_v1_ReplicaSet, n_apps_v1_ReplicaSet, 3,
};

static const struct protobuf_field f_apps_v1_RollingUpdateStatefulSetStrategy[] = {
	{ "partition", NULL, 1, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "maxUnavailable", NULL, 2, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_RollingUpdateStatefulSetStrategy[] = { 0, 1 };
static const struct protobuf_message m_apps_v1_RollingUpdateStatefulSetStrategy = {
	"k8s.io.api.apps.v1.RollingUpdateStatefulSetStrategy", f_apps_v1_RollingUpdateStatefulSetStrategy, n_apps_v1_RollingUpdateStatefulSetStrategy, 2,
};

static const struct protobuf_field f_apps_v1_StatefulSetUpdateStrategy[] = {
	{ "type", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "rollingUpdate", &m_apps_v1_RollingUpdateStatefulSetStrategy, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_StatefulSetUpdateStrategy[] = { 0, 1 };
static const struct protobuf_message m_apps_v1_StatefulSetUpdateStrategy = {
	"k8s.io.api.apps.v1.StatefulSetUpdateStrategy", f_apps_v1_StatefulSetUpdateStrategy, n_apps_v1_StatefulSetUpdateStrategy, 2,
};

static const struct protobuf_field f_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy[] = {
	{ "whenDeleted", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "whenScaled", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy[] = { 0, 1 };
static const struct protobuf_message m_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy = {
	"k8s.io.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy", f_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, n_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, 2,
};

static const struct protobuf_field f_apps_v1_StatefulSetOrdinals[] = {
	{ "start", NULL, 1, PB_INT32, 0 },
};
static const uint8_t n_apps_v1_StatefulSetOrdinals[] = { 0 };
static const struct protobuf_message m_apps_v1_StatefulSetOrdinals = {
	"k8s.io.api.apps.v1.StatefulSetOrdinals", f_apps_v1_StatefulSetOrdinals, n_apps_v1_StatefulSetOrdinals, 1,
};

static const struct protobuf_field f_apps_v1_StatefulSetSpec[] = {
	{ "replicas", NULL, 1, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "selector", &m_meta_v1_LabelSelector, 2, PB_MESSAGE, PB_POINTER },
	{ "template", &m_core_v1_PodTemplateSpec, 3, PB_MESSAGE, 0 },
	{ "volumeClaimTemplates", &m_core_v1_PersistentVolumeClaim, 4, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "serviceName", NULL, 5, PB_STRING, 0 },
	{ "podManagementPolicy", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "updateStrategy", &m_apps_v1_StatefulSetUpdateStrategy, 7, PB_MESSAGE, PB_OMITEMPTY },
	{ "revisionHistoryLimit", NULL, 8, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "minReadySeconds", NULL, 9, PB_INT32, PB_OMITEMPTY },
	{ "persistentVolumeClaimRetentionPolicy", &m_apps_v1_StatefulSetPersistentVolumeClaimRetentionPolicy, 10, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "ordinals", &m_apps_v1_StatefulSetOrdinals, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_apps_v1_StatefulSetSpec[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static const struct protobuf_message m_apps_v1_StatefulSetSpec = {
	"k8s.io.api.apps.v1.StatefulSetSpec", f_apps_v1_StatefulSetSpec, n_apps_v1_StatefulSetSpec, 11,
};

static const struct protobuf_field f_apps_v1_StatefulSetCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastTransitionTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 5, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_StatefulSetCondition[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_apps_v1_StatefulSetCondition = {
	"k8s.io.api.apps.v1.StatefulSetCondition", f_apps_v1_StatefulSetCondition, n_apps_v1_StatefulSetCondition, 5,
};

static const struct protobuf_field f_apps_v1_StatefulSetStatus[] = {
	{ "observedGeneration", NULL, 1, PB_INT64, PB_OMITEMPTY },
	{ "replicas", NULL, 2, PB_INT32, 0 },
	{ "readyReplicas", NULL, 3, PB_INT32, PB_OMITEMPTY },
	{ "currentReplicas", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "updatedReplicas", NULL, 5, PB_INT32, PB_OMITEMPTY },
	{ "currentRevision", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "updateRevision", NULL, 7, PB_STRING, PB_OMITEMPTY },
	{ "collisionCount", NULL, 9, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "conditions", &m_apps_v1_StatefulSetCondition, 10, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "availableReplicas", NULL, 11, PB_INT32, 0 },
};
static const uint8_t n_apps_v1_StatefulSetStatus[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static const struct protobuf_message m_apps_v1_StatefulSetStatus = {
	"k8s.io.api.apps.v1.StatefulSetStatus", f_apps_v1_StatefulSetStatus, n_apps_v1_StatefulSetStatus, 10,
};

static const struct protobuf_field f_apps_v1_StatefulSet[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_apps_v1_StatefulSetSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_apps_v1_StatefulSetStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_apps_v1_StatefulSet[] = { 0, 1, 2 };
static const struct protobuf_message m_apps_v1_StatefulSet = {
	"k8s.io.api.apps.v1.StatefulSet", f_apps_v1_StatefulSet, n_apps_v1_StatefulSet, 3,
};

static const struct protobuf_field f_batch_v1_PodFailurePolicyOnExitCodesRequirement[] = {
	{ "containerName", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "operator", NULL, 2, PB_STRING, 0 },
	{ "values", NULL, 3, PB_INT32, PB_REPEATED },
};
static const uint8_t n_batch_v1_PodFailurePolicyOnExitCodesRequirement[] = { 0, 1, 2 };
static const struct protobuf_message m_batch_v1_PodFailurePolicyOnExitCodesRequirement = {
	"k8s.io.api.batch.v1.PodFailurePolicyOnExitCodesRequirement", f_batch_v1_PodFailurePolicyOnExitCodesRequirement, n_batch_v1_PodFailurePolicyOnExitCodesRequirement, 3,
};

static const struct protobuf_field f_batch_v1_PodFailurePolicyOnPodConditionsPattern[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
};
static const uint8_t n_batch_v1_PodFailurePolicyOnPodConditionsPattern[] = { 0, 1 };
static const struct protobuf_message m_batch_v1_PodFailurePolicyOnPodConditionsPattern = {
	"k8s.io.api.batch.v1.PodFailurePolicyOnPodConditionsPattern", f_batch_v1_PodFailurePolicyOnPodConditionsPattern, n_batch_v1_PodFailurePolicyOnPodConditionsPattern, 2,
};

static const struct protobuf_field f_batch_v1_PodFailurePolicyRule[] = {
	{ "action", NULL, 1, PB_STRING, 0 },
	{ "onExitCodes", &m_batch_v1_PodFailurePolicyOnExitCodesRequirement, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "onPodConditions", &m_batch_v1_PodFailurePolicyOnPodConditionsPattern, 3, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_batch_v1_PodFailurePolicyRule[] = { 0, 1, 2 };
static const struct protobuf_message m_batch_v1_PodFailurePolicyRule = {
	"k8s.io.api.batch.v1.PodFailurePolicyRule", f_batch_v1_PodFailurePolicyRule, n_batch_v1_PodFailurePolicyRule, 3,
};

static const struct protobuf_field f_batch_v1_PodFailurePolicy[] = {
	{ "rules", &m_batch_v1_PodFailurePolicyRule, 1, PB_MESSAGE, PB_REPEATED },
};
static const uint8_t n_batch_v1_PodFailurePolicy[] = { 0 };
static const struct protobuf_message m_batch_v1_PodFailurePolicy = {
	"k8s.io.api.batch.v1.PodFailurePolicy", f_batch_v1_PodFailurePolicy, n_batch_v1_PodFailurePolicy, 1,
};

static const struct protobuf_field f_batch_v1_SuccessPolicyRule[] = {
	{ "succeededIndexes", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "succeededCount", NULL, 2, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_batch_v1_SuccessPolicyRule[] = { 0, 1 };
static const struct protobuf_message m_batch_v1_SuccessPolicyRule = {
	"k8s.io.api.batch.v1.SuccessPolicyRule", f_batch_v1_SuccessPolicyRule, n_batch_v1_SuccessPolicyRule, 2,
};

static const struct protobuf_field f_batch_v1_SuccessPolicy[] = {
	{ "rules", &m_batch_v1_SuccessPolicyRule, 1, PB_MESSAGE, PB_REPEATED },
};
static const uint8_t n_batch_v1_SuccessPolicy[] = { 0 };
static const struct protobuf_message m_batch_v1_SuccessPolicy = {
	"k8s.io.api.batch.v1.SuccessPolicy", f_batch_v1_SuccessPolicy, n_batch_v1_SuccessPolicy, 1,
};

static const struct protobuf_field f_batch_v1_JobSpec[] = {
	{ "parallelism", NULL, 1, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "completions", NULL, 2, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "activeDeadlineSeconds", NULL, 3, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "podFailurePolicy", &m_batch_v1_PodFailurePolicy, 11, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "successPolicy", &m_batch_v1_SuccessPolicy, 16, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "backoffLimit", NULL, 7, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "backoffLimitPerIndex", NULL, 12, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "maxFailedIndexes", NULL, 13, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "selector", &m_meta_v1_LabelSelector, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "manualSelector", NULL, 5, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "template", &m_core_v1_PodTemplateSpec, 6, PB_MESSAGE, 0 },
	{ "ttlSecondsAfterFinished", NULL, 8, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "completionMode", NULL, 9, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "suspend", NULL, 10, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "podReplacementPolicy", NULL, 14, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "managedBy", NULL, 15, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_batch_v1_JobSpec[] = { 0, 1, 2, 8, 9, 10, 5, 11, 12, 13, 3, 6, 7, 14, 15, 4 };
static const struct protobuf_message m_batch_v1_JobSpec = {
	"k8s.io.api.batch.v1.JobSpec", f_batch_v1_JobSpec, n_batch_v1_JobSpec, 16,
};

static const struct protobuf_field f_batch_v1_JobTemplateSpec[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_batch_v1_JobSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_batch_v1_JobTemplateSpec[] = { 0, 1 };
static const struct protobuf_message m_batch_v1_JobTemplateSpec = {
	"k8s.io.api.batch.v1.JobTemplateSpec", f_batch_v1_JobTemplateSpec, n_batch_v1_JobTemplateSpec, 2,
};

static const struct protobuf_field f_batch_v1_CronJobSpec[] = {
	{ "schedule", NULL, 1, PB_STRING, 0 },
	{ "timeZone", NULL, 8, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "startingDeadlineSeconds", NULL, 2, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "concurrencyPolicy", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "suspend", NULL, 4, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "jobTemplate", &m_batch_v1_JobTemplateSpec, 5, PB_MESSAGE, 0 },
	{ "successfulJobsHistoryLimit", NULL, 6, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "failedJobsHistoryLimit", NULL, 7, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_batch_v1_CronJobSpec[] = { 0, 2, 3, 4, 5, 6, 7, 1 };
static const struct protobuf_message m_batch_v1_CronJobSpec = {
	"k8s.io.api.batch.v1.CronJobSpec", f_batch_v1_CronJobSpec, n_batch_v1_CronJobSpec, 8,
};

static const struct protobuf_field f_batch_v1_CronJobStatus[] = {
	{ "active", &m_core_v1_ObjectReference, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "lastScheduleTime", NULL, 4, PB_TIME, PB_OMITEMPTY | PB_POINTER },
	{ "lastSuccessfulTime", NULL, 5, PB_TIME, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_batch_v1_CronJobStatus[] = { 0, 1, 2 };
static const struct protobuf_message m_batch_v1_CronJobStatus = {
	"k8s.io.api.batch.v1.CronJobStatus", f_batch_v1_CronJobStatus, n_batch_v1_CronJobStatus, 3,
};

static const struct protobuf_field f_batch_v1_CronJob[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_batch_v1_CronJobSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_batch_v1_CronJobStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_batch_v1_CronJob[] = { 0, 1, 2 };
static const struct protobuf_message m_batch_v1_CronJob = {
	"k8s.io.api.batch.v1.CronJob", f_batch_v1_CronJob, n_batch_v1_CronJob, 3,
};

static const struct protobuf_field f_batch_v1_JobCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 2, PB_STRING, 0 },
	{ "lastProbeTime", NULL, 3, PB_TIME, PB_OMITEMPTY },
	{ "lastTransitionTime", NULL, 4, PB_TIME, PB_OMITEMPTY },
	{ "reason", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_batch_v1_JobCondition[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_batch_v1_JobCondition = {
	"k8s.io.api.batch.v1.JobCondition", f_batch_v1_JobCondition, n_batch_v1_JobCondition, 6,
};

static const struct protobuf_field f_batch_v1_UncountedTerminatedPods[] = {
	{ "succeeded", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "failed", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_batch_v1_UncountedTerminatedPods[] = { 0, 1 };
static const struct protobuf_message m_batch_v1_UncountedTerminatedPods = {
	"k8s.io.api.batch.v1.UncountedTerminatedPods", f_batch_v1_UncountedTerminatedPods, n_batch_v1_UncountedTerminatedPods, 2,
};

static const struct protobuf_field f_batch_v1_JobStatus[] = {
	{ "conditions", &m_batch_v1_JobCondition, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "startTime", NULL, 2, PB_TIME, PB_OMITEMPTY | PB_POINTER },
	{ "completionTime", NULL, 3, PB_TIME, PB_OMITEMPTY | PB_POINTER },
	{ "active", NULL, 4, PB_INT32, PB_OMITEMPTY },
	{ "succeeded", NULL, 5, PB_INT32, PB_OMITEMPTY },
	{ "failed", NULL, 6, PB_INT32, PB_OMITEMPTY },
	{ "terminating", NULL, 11, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "completedIndexes", NULL, 7, PB_STRING, PB_OMITEMPTY },
	{ "failedIndexes", NULL, 10, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "uncountedTerminatedPods", &m_batch_v1_UncountedTerminatedPods, 8, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "ready", NULL, 9, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_batch_v1_JobStatus[] = { 0, 1, 2, 3, 4, 5, 7, 9, 10, 8, 6 };
static const struct protobuf_message m_batch_v1_JobStatus = {
	"k8s.io.api.batch.v1.JobStatus", f_batch_v1_JobStatus, n_batch_v1_JobStatus, 11,
};

static const struct protobuf_field f_batch_v1_Job[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_batch_v1_JobSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_batch_v1_JobStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_batch_v1_Job[] = { 0, 1, 2 };
static const struct protobuf_message m_batch_v1_Job = {
	"k8s.io.api.batch.v1.Job", f_batch_v1_Job, n_batch_v1_Job, 3,
};

static const struct protobuf_field f_rbac_v1_PolicyRule[] = {
	{ "verbs", NULL, 1, PB_STRING, PB_REPEATED },
	{ "apiGroups", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "resources", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "resourceNames", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "nonResourceURLs", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_rbac_v1_PolicyRule[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_rbac_v1_PolicyRule = {
	"k8s.io.api.rbac.v1.PolicyRule", f_rbac_v1_PolicyRule, n_rbac_v1_PolicyRule, 5,
};

static const struct protobuf_field f_rbac_v1_AggregationRule[] = {
	{ "clusterRoleSelectors", &m_meta_v1_LabelSelector, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_rbac_v1_AggregationRule[] = { 0 };
static const struct protobuf_message m_rbac_v1_AggregationRule = {
	"k8s.io.api.rbac.v1.AggregationRule", f_rbac_v1_AggregationRule, n_rbac_v1_AggregationRule, 1,
};

static const struct protobuf_field f_rbac_v1_ClusterRole[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "rules", &m_rbac_v1_PolicyRule, 2, PB_MESSAGE, PB_REPEATED },
	{ "aggregationRule", &m_rbac_v1_AggregationRule, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_rbac_v1_ClusterRole[] = { 0, 1, 2 };
static const struct protobuf_message m_rbac_v1_ClusterRole = {
	"k8s.io.api.rbac.v1.ClusterRole", f_rbac_v1_ClusterRole, n_rbac_v1_ClusterRole, 3,
};

static const struct protobuf_field f_rbac_v1_Subject[] = {
	{ "kind", NULL, 1, PB_STRING, 0 },
	{ "apiGroup", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "name", NULL, 3, PB_STRING, 0 },
	{ "namespace", NULL, 4, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_rbac_v1_Subject[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_rbac_v1_Subject = {
	"k8s.io.api.rbac.v1.Subject", f_rbac_v1_Subject, n_rbac_v1_Subject, 4,
};

static const struct protobuf_field f_rbac_v1_RoleRef[] = {
	{ "apiGroup", NULL, 1, PB_STRING, 0 },
	{ "kind", NULL, 2, PB_STRING, 0 },
	{ "name", NULL, 3, PB_STRING, 0 },
};
static const uint8_t n_rbac_v1_RoleRef[] = { 0, 1, 2 };
static const struct protobuf_message m_rbac_v1_RoleRef = {
	"k8s.io.api.rbac.v1.RoleRef", f_rbac_v1_RoleRef, n_rbac_v1_RoleRef, 3,
};

static const struct protobuf_field f_rbac_v1_ClusterRoleBinding[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "subjects", &m_rbac_v1_Subject, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "roleRef", &m_rbac_v1_RoleRef, 3, PB_MESSAGE, 0 },
};
static const uint8_t n_rbac_v1_ClusterRoleBinding[] = { 0, 1, 2 };
static const struct protobuf_message m_rbac_v1_ClusterRoleBinding = {
	"k8s.io.api.rbac.v1.ClusterRoleBinding", f_rbac_v1_ClusterRoleBinding, n_rbac_v1_ClusterRoleBinding, 3,
};

static const struct protobuf_field f_rbac_v1_Role[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "rules", &m_rbac_v1_PolicyRule, 2, PB_MESSAGE, PB_REPEATED },
};
static const uint8_t n_rbac_v1_Role[] = { 0, 1 };
static const struct protobuf_message m_rbac_v1_Role = {
	"k8s.io.api.rbac.v1.Role", f_rbac_v1_Role, n_rbac_v1_Role, 2,
};

static const struct protobuf_field f_rbac_v1_RoleBinding[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "subjects", &m_rbac_v1_Subject, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "roleRef", &m_rbac_v1_RoleRef, 3, PB_MESSAGE, 0 },
};
static const uint8_t n_rbac_v1_RoleBinding[] = { 0, 1, 2 };
static const struct protobuf_message m_rbac_v1_RoleBinding = {
	"k8s.io.api.rbac.v1.RoleBinding", f_rbac_v1_RoleBinding, n_rbac_v1_RoleBinding, 3,
};

static const struct protobuf_field f_scheduling_v1_PriorityClass[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "value", NULL, 2, PB_INT32, 0 },
	{ "globalDefault", NULL, 3, PB_BOOL, PB_OMITEMPTY },
	{ "description", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "preemptionPolicy", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_scheduling_v1_PriorityClass[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_scheduling_v1_PriorityClass = {
	"k8s.io.api.scheduling.v1.PriorityClass", f_scheduling_v1_PriorityClass, n_scheduling_v1_PriorityClass, 5,
};

static const struct protobuf_field f_meta_v1_Preconditions[] = {
	{ "uid", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "resourceVersion", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_meta_v1_Preconditions[] = { 0, 1 };
static const struct protobuf_message m_meta_v1_Preconditions = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.Preconditions", f_meta_v1_Preconditions, n_meta_v1_Preconditions, 2,
};

static const struct protobuf_field f_meta_v1_DeleteOptions[] = {
	{ "gracePeriodSeconds", NULL, 1, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "preconditions", &m_meta_v1_Preconditions, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "orphanDependents", NULL, 3, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
	{ "propagationPolicy", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "dryRun", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "ignoreStoreReadErrorWithClusterBreakingPotential", NULL, 6, PB_BOOL, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_meta_v1_DeleteOptions[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_meta_v1_DeleteOptions = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions", f_meta_v1_DeleteOptions, n_meta_v1_DeleteOptions, 6,
};

static const struct protobuf_field f_policy_v1_Eviction[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "deleteOptions", &m_meta_v1_DeleteOptions, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_policy_v1_Eviction[] = { 0, 1 };
static const struct protobuf_message m_policy_v1_Eviction = {
	"k8s.io.api.policy.v1.Eviction", f_policy_v1_Eviction, n_policy_v1_Eviction, 2,
};

static const struct protobuf_field f_policy_v1_PodDisruptionBudgetSpec[] = {
	{ "minAvailable", NULL, 1, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
	{ "selector", &m_meta_v1_LabelSelector, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "maxUnavailable", NULL, 3, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
	{ "unhealthyPodEvictionPolicy", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_policy_v1_PodDisruptionBudgetSpec[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_policy_v1_PodDisruptionBudgetSpec = {
	"k8s.io.api.policy.v1.PodDisruptionBudgetSpec", f_policy_v1_PodDisruptionBudgetSpec, n_policy_v1_PodDisruptionBudgetSpec, 4,
};

static const struct protobuf_field f_policy_v1_PodDisruptionBudgetStatus[] = {
	{ "observedGeneration", NULL, 1, PB_INT64, PB_OMITEMPTY },
	{ "disruptedPods", NULL, 2, PB_TIME, PB_OMITEMPTY | PB_MAP },
	{ "disruptionsAllowed", NULL, 3, PB_INT32, 0 },
	{ "currentHealthy", NULL, 4, PB_INT32, 0 },
	{ "desiredHealthy", NULL, 5, PB_INT32, 0 },
	{ "expectedPods", NULL, 6, PB_INT32, 0 },
	{ "conditions", &m_meta_v1_Condition, 7, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_policy_v1_PodDisruptionBudgetStatus[] = { 0, 1, 2, 3, 4, 5, 6 };
static const struct protobuf_message m_policy_v1_PodDisruptionBudgetStatus = {
	"k8s.io.api.policy.v1.PodDisruptionBudgetStatus", f_policy_v1_PodDisruptionBudgetStatus, n_policy_v1_PodDisruptionBudgetStatus, 7,
};

static const struct protobuf_field f_policy_v1_PodDisruptionBudget[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_policy_v1_PodDisruptionBudgetSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_policy_v1_PodDisruptionBudgetStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_policy_v1_PodDisruptionBudget[] = { 0, 1, 2 };
static const struct protobuf_message m_policy_v1_PodDisruptionBudget = {
	"k8s.io.api.policy.v1.PodDisruptionBudget", f_policy_v1_PodDisruptionBudget, n_policy_v1_PodDisruptionBudget, 3,
};

static const struct protobuf_field f_networking_v1_ServiceBackendPort[] = {
	{ "name", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "number", NULL, 2, PB_INT32, PB_OMITEMPTY },
};
static const uint8_t n_networking_v1_ServiceBackendPort[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_ServiceBackendPort = {
	"k8s.io.api.networking.v1.ServiceBackendPort", f_networking_v1_ServiceBackendPort, n_networking_v1_ServiceBackendPort, 2,
};

static const struct protobuf_field f_networking_v1_IngressServiceBackend[] = {
	{ "name", NULL, 1, PB_STRING, 0 },
	{ "port", &m_networking_v1_ServiceBackendPort, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_networking_v1_IngressServiceBackend[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_IngressServiceBackend = {
	"k8s.io.api.networking.v1.IngressServiceBackend", f_networking_v1_IngressServiceBackend, n_networking_v1_IngressServiceBackend, 2,
};

static const struct protobuf_field f_networking_v1_IngressBackend[] = {
	{ "service", &m_networking_v1_IngressServiceBackend, 4, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "resource", &m_core_v1_TypedLocalObjectReference, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_networking_v1_IngressBackend[] = { 1, 0 };
static const struct protobuf_message m_networking_v1_IngressBackend = {
	"k8s.io.api.networking.v1.IngressBackend", f_networking_v1_IngressBackend, n_networking_v1_IngressBackend, 2,
};

static const struct protobuf_field f_networking_v1_IngressTLS[] = {
	{ "hosts", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "secretName", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_networking_v1_IngressTLS[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_IngressTLS = {
	"k8s.io.api.networking.v1.IngressTLS", f_networking_v1_IngressTLS, n_networking_v1_IngressTLS, 2,
};

static const struct protobuf_field f_networking_v1_HTTPIngressPath[] = {
	{ "path", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "pathType", NULL, 3, PB_STRING, PB_POINTER },
	{ "backend", &m_networking_v1_IngressBackend, 2, PB_MESSAGE, 0 },
};
static const uint8_t n_networking_v1_HTTPIngressPath[] = { 0, 2, 1 };
static const struct protobuf_message m_networking_v1_HTTPIngressPath = {
	"k8s.io.api.networking.v1.HTTPIngressPath", f_networking_v1_HTTPIngressPath, n_networking_v1_HTTPIngressPath, 3,
};

static const struct protobuf_field f_networking_v1_HTTPIngressRuleValue[] = {
	{ "paths", &m_networking_v1_HTTPIngressPath, 1, PB_MESSAGE, PB_REPEATED },
};
static const uint8_t n_networking_v1_HTTPIngressRuleValue[] = { 0 };
static const struct protobuf_message m_networking_v1_HTTPIngressRuleValue = {
	"k8s.io.api.networking.v1.HTTPIngressRuleValue", f_networking_v1_HTTPIngressRuleValue, n_networking_v1_HTTPIngressRuleValue, 1,
};

static const struct protobuf_field f_networking_v1_IngressRuleValue[] = {
	{ "http", &m_networking_v1_HTTPIngressRuleValue, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_networking_v1_IngressRuleValue[] = { 0 };
static const struct protobuf_message m_networking_v1_IngressRuleValue = {
	"k8s.io.api.networking.v1.IngressRuleValue", f_networking_v1_IngressRuleValue, n_networking_v1_IngressRuleValue, 1,
};

static const struct protobuf_field f_networking_v1_IngressRule[] = {
	{ "host", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ NULL, &m_networking_v1_IngressRuleValue, 2, PB_MESSAGE, PB_INLINE },
};
static const uint8_t n_networking_v1_IngressRule[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_IngressRule = {
	"k8s.io.api.networking.v1.IngressRule", f_networking_v1_IngressRule, n_networking_v1_IngressRule, 2,
};

static const struct protobuf_field f_networking_v1_IngressSpec[] = {
	{ "ingressClassName", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "defaultBackend", &m_networking_v1_IngressBackend, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "tls", &m_networking_v1_IngressTLS, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "rules", &m_networking_v1_IngressRule, 3, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_networking_v1_IngressSpec[] = { 1, 2, 3, 0 };
static const struct protobuf_message m_networking_v1_IngressSpec = {
	"k8s.io.api.networking.v1.IngressSpec", f_networking_v1_IngressSpec, n_networking_v1_IngressSpec, 4,
};

static const struct protobuf_field f_networking_v1_IngressPortStatus[] = {
	{ "port", NULL, 1, PB_INT32, 0 },
	{ "protocol", NULL, 2, PB_STRING, 0 },
	{ "error", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_networking_v1_IngressPortStatus[] = { 0, 1, 2 };
static const struct protobuf_message m_networking_v1_IngressPortStatus = {
	"k8s.io.api.networking.v1.IngressPortStatus", f_networking_v1_IngressPortStatus, n_networking_v1_IngressPortStatus, 3,
};

static const struct protobuf_field f_networking_v1_IngressLoadBalancerIngress[] = {
	{ "ip", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "hostname", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "ports", &m_networking_v1_IngressPortStatus, 4, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_networking_v1_IngressLoadBalancerIngress[] = { 0, 1, 2 };
static const struct protobuf_message m_networking_v1_IngressLoadBalancerIngress = {
	"k8s.io.api.networking.v1.IngressLoadBalancerIngress", f_networking_v1_IngressLoadBalancerIngress, n_networking_v1_IngressLoadBalancerIngress, 3,
};

static const struct protobuf_field f_networking_v1_IngressLoadBalancerStatus[] = {
	{ "ingress", &m_networking_v1_IngressLoadBalancerIngress, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_networking_v1_IngressLoadBalancerStatus[] = { 0 };
static const struct protobuf_message m_networking_v1_IngressLoadBalancerStatus = {
	"k8s.io.api.networking.v1.IngressLoadBalancerStatus", f_networking_v1_IngressLoadBalancerStatus, n_networking_v1_IngressLoadBalancerStatus, 1,
};

static const struct protobuf_field f_networking_v1_IngressStatus[] = {
	{ "loadBalancer", &m_networking_v1_IngressLoadBalancerStatus, 1, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_networking_v1_IngressStatus[] = { 0 };
static const struct protobuf_message m_networking_v1_IngressStatus = {
	"k8s.io.api.networking.v1.IngressStatus", f_networking_v1_IngressStatus, n_networking_v1_IngressStatus, 1,
};

static const struct protobuf_field f_networking_v1_Ingress[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_networking_v1_IngressSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_networking_v1_IngressStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_networking_v1_Ingress[] = { 0, 1, 2 };
static const struct protobuf_message m_networking_v1_Ingress = {
	"k8s.io.api.networking.v1.Ingress", f_networking_v1_Ingress, n_networking_v1_Ingress, 3,
};

static const struct protobuf_field f_networking_v1_IngressClassParametersReference[] = {
	{ "apiGroup", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "kind", NULL, 2, PB_STRING, 0 },
	{ "name", NULL, 3, PB_STRING, 0 },
	{ "scope", NULL, 4, PB_STRING, PB_POINTER },
	{ "namespace", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_networking_v1_IngressClassParametersReference[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_networking_v1_IngressClassParametersReference = {
	"k8s.io.api.networking.v1.IngressClassParametersReference", f_networking_v1_IngressClassParametersReference, n_networking_v1_IngressClassParametersReference, 5,
};

static const struct protobuf_field f_networking_v1_IngressClassSpec[] = {
	{ "controller", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "parameters", &m_networking_v1_IngressClassParametersReference, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_networking_v1_IngressClassSpec[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_IngressClassSpec = {
	"k8s.io.api.networking.v1.IngressClassSpec", f_networking_v1_IngressClassSpec, n_networking_v1_IngressClassSpec, 2,
};

static const struct protobuf_field f_networking_v1_IngressClass[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_networking_v1_IngressClassSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_networking_v1_IngressClass[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_IngressClass = {
	"k8s.io.api.networking.v1.IngressClass", f_networking_v1_IngressClass, n_networking_v1_IngressClass, 2,
};

static const struct protobuf_field f_networking_v1_NetworkPolicyPort[] = {
	{ "protocol", NULL, 1, PB_STRING, PB_OMITEMPTY | PB_POINTER },
	{ "port", NULL, 2, PB_INTORSTRING, PB_OMITEMPTY | PB_POINTER },
	{ "endPort", NULL, 3, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_networking_v1_NetworkPolicyPort[] = { 0, 1, 2 };
static const struct protobuf_message m_networking_v1_NetworkPolicyPort = {
	"k8s.io.api.networking.v1.NetworkPolicyPort", f_networking_v1_NetworkPolicyPort, n_networking_v1_NetworkPolicyPort, 3,
};

static const struct protobuf_field f_networking_v1_IPBlock[] = {
	{ "cidr", NULL, 1, PB_STRING, 0 },
	{ "except", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_networking_v1_IPBlock[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_IPBlock = {
	"k8s.io.api.networking.v1.IPBlock", f_networking_v1_IPBlock, n_networking_v1_IPBlock, 2,
};

static const struct protobuf_field f_networking_v1_NetworkPolicyPeer[] = {
	{ "podSelector", &m_meta_v1_LabelSelector, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "namespaceSelector", &m_meta_v1_LabelSelector, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "ipBlock", &m_networking_v1_IPBlock, 3, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_networking_v1_NetworkPolicyPeer[] = { 0, 1, 2 };
static const struct protobuf_message m_networking_v1_NetworkPolicyPeer = {
	"k8s.io.api.networking.v1.NetworkPolicyPeer", f_networking_v1_NetworkPolicyPeer, n_networking_v1_NetworkPolicyPeer, 3,
};

static const struct protobuf_field f_networking_v1_NetworkPolicyIngressRule[] = {
	{ "ports", &m_networking_v1_NetworkPolicyPort, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "from", &m_networking_v1_NetworkPolicyPeer, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_networking_v1_NetworkPolicyIngressRule[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_NetworkPolicyIngressRule = {
	"k8s.io.api.networking.v1.NetworkPolicyIngressRule", f_networking_v1_NetworkPolicyIngressRule, n_networking_v1_NetworkPolicyIngressRule, 2,
};

static const struct protobuf_field f_networking_v1_NetworkPolicyEgressRule[] = {
	{ "ports", &m_networking_v1_NetworkPolicyPort, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "to", &m_networking_v1_NetworkPolicyPeer, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_networking_v1_NetworkPolicyEgressRule[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_NetworkPolicyEgressRule = {
	"k8s.io.api.networking.v1.NetworkPolicyEgressRule", f_networking_v1_NetworkPolicyEgressRule, n_networking_v1_NetworkPolicyEgressRule, 2,
};

static const struct protobuf_field f_networking_v1_NetworkPolicySpec[] = {
	{ "podSelector", &m_meta_v1_LabelSelector, 1, PB_MESSAGE, 0 },
	{ "ingress", &m_networking_v1_NetworkPolicyIngressRule, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "egress", &m_networking_v1_NetworkPolicyEgressRule, 3, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "policyTypes", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_networking_v1_NetworkPolicySpec[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_networking_v1_NetworkPolicySpec = {
	"k8s.io.api.networking.v1.NetworkPolicySpec", f_networking_v1_NetworkPolicySpec, n_networking_v1_NetworkPolicySpec, 4,
};

static const struct protobuf_field f_networking_v1_NetworkPolicy[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_networking_v1_NetworkPolicySpec, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_networking_v1_NetworkPolicy[] = { 0, 1 };
static const struct protobuf_message m_networking_v1_NetworkPolicy = {
	"k8s.io.api.networking.v1.NetworkPolicy", f_networking_v1_NetworkPolicy, n_networking_v1_NetworkPolicy, 2,
};

static const struct protobuf_field f_meta_v1_FieldSelectorRequirement[] = {
	{ "key", NULL, 1, PB_STRING, 0 },
	{ "operator", NULL, 2, PB_STRING, 0 },
	{ "values", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_meta_v1_FieldSelectorRequirement[] = { 0, 1, 2 };
static const struct protobuf_message m_meta_v1_FieldSelectorRequirement = {
	"k8s.io.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement", f_meta_v1_FieldSelectorRequirement, n_meta_v1_FieldSelectorRequirement, 3,
};

static const struct protobuf_field f_authorization_v1_FieldSelectorAttributes[] = {
	{ "rawSelector", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "requirements", &m_meta_v1_FieldSelectorRequirement, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_authorization_v1_FieldSelectorAttributes[] = { 0, 1 };
static const struct protobuf_message m_authorization_v1_FieldSelectorAttributes = {
	"k8s.io.api.authorization.v1.FieldSelectorAttributes", f_authorization_v1_FieldSelectorAttributes, n_authorization_v1_FieldSelectorAttributes, 2,
};

static const struct protobuf_field f_authorization_v1_LabelSelectorAttributes[] = {
	{ "rawSelector", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "requirements", &m_meta_v1_LabelSelectorRequirement, 2, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_authorization_v1_LabelSelectorAttributes[] = { 0, 1 };
static const struct protobuf_message m_authorization_v1_LabelSelectorAttributes = {
	"k8s.io.api.authorization.v1.LabelSelectorAttributes", f_authorization_v1_LabelSelectorAttributes, n_authorization_v1_LabelSelectorAttributes, 2,
};

static const struct protobuf_field f_authorization_v1_ResourceAttributes[] = {
	{ "namespace", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "verb", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "group", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "version", NULL, 4, PB_STRING, PB_OMITEMPTY },
	{ "resource", NULL, 5, PB_STRING, PB_OMITEMPTY },
	{ "subresource", NULL, 6, PB_STRING, PB_OMITEMPTY },
	{ "name", NULL, 7, PB_STRING, PB_OMITEMPTY },
	{ "fieldSelector", &m_authorization_v1_FieldSelectorAttributes, 8, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "labelSelector", &m_authorization_v1_LabelSelectorAttributes, 9, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_authorization_v1_ResourceAttributes[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
static const struct protobuf_message m_authorization_v1_ResourceAttributes = {
	"k8s.io.api.authorization.v1.ResourceAttributes", f_authorization_v1_ResourceAttributes, n_authorization_v1_ResourceAttributes, 9,
};

static const struct protobuf_field f_authorization_v1_NonResourceAttributes[] = {
	{ "path", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "verb", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_NonResourceAttributes[] = { 0, 1 };
static const struct protobuf_message m_authorization_v1_NonResourceAttributes = {
	"k8s.io.api.authorization.v1.NonResourceAttributes", f_authorization_v1_NonResourceAttributes, n_authorization_v1_NonResourceAttributes, 2,
};

static const struct protobuf_field f_authorization_v1_SubjectAccessReviewSpec[] = {
	{ "resourceAttributes", &m_authorization_v1_ResourceAttributes, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "nonResourceAttributes", &m_authorization_v1_NonResourceAttributes, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "user", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "groups", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "extra", NULL, 5, PB_STRINGLIST, PB_OMITEMPTY | PB_MAP },
	{ "uid", NULL, 6, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_SubjectAccessReviewSpec[] = { 0, 1, 2, 3, 4, 5 };
static const struct protobuf_message m_authorization_v1_SubjectAccessReviewSpec = {
	"k8s.io.api.authorization.v1.SubjectAccessReviewSpec", f_authorization_v1_SubjectAccessReviewSpec, n_authorization_v1_SubjectAccessReviewSpec, 6,
};

static const struct protobuf_field f_authorization_v1_SubjectAccessReviewStatus[] = {
	{ "allowed", NULL, 1, PB_BOOL, 0 },
	{ "denied", NULL, 4, PB_BOOL, PB_OMITEMPTY },
	{ "reason", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "evaluationError", NULL, 3, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_SubjectAccessReviewStatus[] = { 0, 2, 3, 1 };
static const struct protobuf_message m_authorization_v1_SubjectAccessReviewStatus = {
	"k8s.io.api.authorization.v1.SubjectAccessReviewStatus", f_authorization_v1_SubjectAccessReviewStatus, n_authorization_v1_SubjectAccessReviewStatus, 4,
};

static const struct protobuf_field f_authorization_v1_LocalSubjectAccessReview[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_authorization_v1_SubjectAccessReviewSpec, 2, PB_MESSAGE, 0 },
	{ "status", &m_authorization_v1_SubjectAccessReviewStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_LocalSubjectAccessReview[] = { 0, 1, 2 };
static const struct protobuf_message m_authorization_v1_LocalSubjectAccessReview = {
	"k8s.io.api.authorization.v1.LocalSubjectAccessReview", f_authorization_v1_LocalSubjectAccessReview, n_authorization_v1_LocalSubjectAccessReview, 3,
};

static const struct protobuf_field f_authorization_v1_SelfSubjectAccessReviewSpec[] = {
	{ "resourceAttributes", &m_authorization_v1_ResourceAttributes, 1, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
	{ "nonResourceAttributes", &m_authorization_v1_NonResourceAttributes, 2, PB_MESSAGE, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_authorization_v1_SelfSubjectAccessReviewSpec[] = { 0, 1 };
static const struct protobuf_message m_authorization_v1_SelfSubjectAccessReviewSpec = {
	"k8s.io.api.authorization.v1.SelfSubjectAccessReviewSpec", f_authorization_v1_SelfSubjectAccessReviewSpec, n_authorization_v1_SelfSubjectAccessReviewSpec, 2,
};

static const struct protobuf_field f_authorization_v1_SelfSubjectAccessReview[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_authorization_v1_SelfSubjectAccessReviewSpec, 2, PB_MESSAGE, 0 },
	{ "status", &m_authorization_v1_SubjectAccessReviewStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_SelfSubjectAccessReview[] = { 0, 1, 2 };
static const struct protobuf_message m_authorization_v1_SelfSubjectAccessReview = {
	"k8s.io.api.authorization.v1.SelfSubjectAccessReview", f_authorization_v1_SelfSubjectAccessReview, n_authorization_v1_SelfSubjectAccessReview, 3,
};

static const struct protobuf_field f_authorization_v1_SelfSubjectRulesReviewSpec[] = {
	{ "namespace", NULL, 1, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_SelfSubjectRulesReviewSpec[] = { 0 };
static const struct protobuf_message m_authorization_v1_SelfSubjectRulesReviewSpec = {
	"k8s.io.api.authorization.v1.SelfSubjectRulesReviewSpec", f_authorization_v1_SelfSubjectRulesReviewSpec, n_authorization_v1_SelfSubjectRulesReviewSpec, 1,
};

static const struct protobuf_field f_authorization_v1_ResourceRule[] = {
	{ "verbs", NULL, 1, PB_STRING, PB_REPEATED },
	{ "apiGroups", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "resources", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "resourceNames", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_authorization_v1_ResourceRule[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_authorization_v1_ResourceRule = {
	"k8s.io.api.authorization.v1.ResourceRule", f_authorization_v1_ResourceRule, n_authorization_v1_ResourceRule, 4,
};

static const struct protobuf_field f_authorization_v1_NonResourceRule[] = {
	{ "verbs", NULL, 1, PB_STRING, PB_REPEATED },
	{ "nonResourceURLs", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_authorization_v1_NonResourceRule[] = { 0, 1 };
static const struct protobuf_message m_authorization_v1_NonResourceRule = {
	"k8s.io.api.authorization.v1.NonResourceRule", f_authorization_v1_NonResourceRule, n_authorization_v1_NonResourceRule, 2,
};

static const struct protobuf_field f_authorization_v1_SubjectRulesReviewStatus[] = {
	{ "resourceRules", &m_authorization_v1_ResourceRule, 1, PB_MESSAGE, PB_REPEATED },
	{ "nonResourceRules", &m_authorization_v1_NonResourceRule, 2, PB_MESSAGE, PB_REPEATED },
	{ "incomplete", NULL, 3, PB_BOOL, 0 },
	{ "evaluationError", NULL, 4, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_SubjectRulesReviewStatus[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_authorization_v1_SubjectRulesReviewStatus = {
	"k8s.io.api.authorization.v1.SubjectRulesReviewStatus", f_authorization_v1_SubjectRulesReviewStatus, n_authorization_v1_SubjectRulesReviewStatus, 4,
};

static const struct protobuf_field f_authorization_v1_SelfSubjectRulesReview[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_authorization_v1_SelfSubjectRulesReviewSpec, 2, PB_MESSAGE, 0 },
	{ "status", &m_authorization_v1_SubjectRulesReviewStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_SelfSubjectRulesReview[] = { 0, 1, 2 };
static const struct protobuf_message m_authorization_v1_SelfSubjectRulesReview = {
	"k8s.io.api.authorization.v1.SelfSubjectRulesReview", f_authorization_v1_SelfSubjectRulesReview, n_authorization_v1_SelfSubjectRulesReview, 3,
};

static const struct protobuf_field f_authorization_v1_SubjectAccessReview[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_authorization_v1_SubjectAccessReviewSpec, 2, PB_MESSAGE, 0 },
	{ "status", &m_authorization_v1_SubjectAccessReviewStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authorization_v1_SubjectAccessReview[] = { 0, 1, 2 };
static const struct protobuf_message m_authorization_v1_SubjectAccessReview = {
	"k8s.io.api.authorization.v1.SubjectAccessReview", f_authorization_v1_SubjectAccessReview, n_authorization_v1_SubjectAccessReview, 3,
};

static const struct protobuf_field f_authentication_v1_UserInfo[] = {
	{ "username", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "uid", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "groups", NULL, 3, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "extra", NULL, 4, PB_STRINGLIST, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_authentication_v1_UserInfo[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_authentication_v1_UserInfo = {
	"k8s.io.api.authentication.v1.UserInfo", f_authentication_v1_UserInfo, n_authentication_v1_UserInfo, 4,
};

static const struct protobuf_field f_authentication_v1_SelfSubjectReviewStatus[] = {
	{ "userInfo", &m_authentication_v1_UserInfo, 1, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authentication_v1_SelfSubjectReviewStatus[] = { 0 };
static const struct protobuf_message m_authentication_v1_SelfSubjectReviewStatus = {
	"k8s.io.api.authentication.v1.SelfSubjectReviewStatus", f_authentication_v1_SelfSubjectReviewStatus, n_authentication_v1_SelfSubjectReviewStatus, 1,
};

static const struct protobuf_field f_authentication_v1_SelfSubjectReview[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_authentication_v1_SelfSubjectReviewStatus, 2, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authentication_v1_SelfSubjectReview[] = { 0, 1 };
static const struct protobuf_message m_authentication_v1_SelfSubjectReview = {
	"k8s.io.api.authentication.v1.SelfSubjectReview", f_authentication_v1_SelfSubjectReview, n_authentication_v1_SelfSubjectReview, 2,
};

static const struct protobuf_field f_authentication_v1_BoundObjectReference[] = {
	{ "kind", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "apiVersion", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "name", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "uid", NULL, 4, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_authentication_v1_BoundObjectReference[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_authentication_v1_BoundObjectReference = {
	"k8s.io.api.authentication.v1.BoundObjectReference", f_authentication_v1_BoundObjectReference, n_authentication_v1_BoundObjectReference, 4,
};

static const struct protobuf_field f_authentication_v1_TokenRequestSpec[] = {
	{ "audiences", NULL, 1, PB_STRING, PB_REPEATED },
	{ "expirationSeconds", NULL, 4, PB_INT64, PB_POINTER },
	{ "boundObjectRef", &m_authentication_v1_BoundObjectReference, 3, PB_MESSAGE, PB_POINTER },
};
static const uint8_t n_authentication_v1_TokenRequestSpec[] = { 0, 2, 1 };
static const struct protobuf_message m_authentication_v1_TokenRequestSpec = {
	"k8s.io.api.authentication.v1.TokenRequestSpec", f_authentication_v1_TokenRequestSpec, n_authentication_v1_TokenRequestSpec, 3,
};

static const struct protobuf_field f_authentication_v1_TokenRequestStatus[] = {
	{ "token", NULL, 1, PB_STRING, 0 },
	{ "expirationTimestamp", NULL, 2, PB_TIME, 0 },
};
static const uint8_t n_authentication_v1_TokenRequestStatus[] = { 0, 1 };
static const struct protobuf_message m_authentication_v1_TokenRequestStatus = {
	"k8s.io.api.authentication.v1.TokenRequestStatus", f_authentication_v1_TokenRequestStatus, n_authentication_v1_TokenRequestStatus, 2,
};

static const struct protobuf_field f_authentication_v1_TokenRequest[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_authentication_v1_TokenRequestSpec, 2, PB_MESSAGE, 0 },
	{ "status", &m_authentication_v1_TokenRequestStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authentication_v1_TokenRequest[] = { 0, 1, 2 };
static const struct protobuf_message m_authentication_v1_TokenRequest = {
	"k8s.io.api.authentication.v1.TokenRequest", f_authentication_v1_TokenRequest, n_authentication_v1_TokenRequest, 3,
};

static const struct protobuf_field f_authentication_v1_TokenReviewSpec[] = {
	{ "token", NULL, 1, PB_STRING, PB_OMITEMPTY },
	{ "audiences", NULL, 2, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
};
static const uint8_t n_authentication_v1_TokenReviewSpec[] = { 0, 1 };
static const struct protobuf_message m_authentication_v1_TokenReviewSpec = {
	"k8s.io.api.authentication.v1.TokenReviewSpec", f_authentication_v1_TokenReviewSpec, n_authentication_v1_TokenReviewSpec, 2,
};

static const struct protobuf_field f_authentication_v1_TokenReviewStatus[] = {
	{ "authenticated", NULL, 1, PB_BOOL, PB_OMITEMPTY },
	{ "user", &m_authentication_v1_UserInfo, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "audiences", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "error", NULL, 3, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_authentication_v1_TokenReviewStatus[] = { 0, 1, 3, 2 };
static const struct protobuf_message m_authentication_v1_TokenReviewStatus = {
	"k8s.io.api.authentication.v1.TokenReviewStatus", f_authentication_v1_TokenReviewStatus, n_authentication_v1_TokenReviewStatus, 4,
};

static const struct protobuf_field f_authentication_v1_TokenReview[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_authentication_v1_TokenReviewSpec, 2, PB_MESSAGE, 0 },
	{ "status", &m_authentication_v1_TokenReviewStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_authentication_v1_TokenReview[] = { 0, 1, 2 };
static const struct protobuf_message m_authentication_v1_TokenReview = {
	"k8s.io.api.authentication.v1.TokenReview", f_authentication_v1_TokenReview, n_authentication_v1_TokenReview, 3,
};

static const struct protobuf_field f_autoscaling_v1_CrossVersionObjectReference[] = {
	{ "kind", NULL, 1, PB_STRING, 0 },
	{ "name", NULL, 2, PB_STRING, 0 },
	{ "apiVersion", NULL, 3, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_autoscaling_v1_CrossVersionObjectReference[] = { 0, 1, 2 };
static const struct protobuf_message m_autoscaling_v1_CrossVersionObjectReference = {
	"k8s.io.api.autoscaling.v1.CrossVersionObjectReference", f_autoscaling_v1_CrossVersionObjectReference, n_autoscaling_v1_CrossVersionObjectReference, 3,
};

static const struct protobuf_field f_autoscaling_v1_HorizontalPodAutoscalerSpec[] = {
	{ "scaleTargetRef", &m_autoscaling_v1_CrossVersionObjectReference, 1, PB_MESSAGE, 0 },
	{ "minReplicas", NULL, 2, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "maxReplicas", NULL, 3, PB_INT32, 0 },
	{ "targetCPUUtilizationPercentage", NULL, 4, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_autoscaling_v1_HorizontalPodAutoscalerSpec[] = { 0, 1, 2, 3 };
static const struct protobuf_message m_autoscaling_v1_HorizontalPodAutoscalerSpec = {
	"k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec", f_autoscaling_v1_HorizontalPodAutoscalerSpec, n_autoscaling_v1_HorizontalPodAutoscalerSpec, 4,
};

static const struct protobuf_field f_autoscaling_v1_HorizontalPodAutoscalerStatus[] = {
	{ "observedGeneration", NULL, 1, PB_INT64, PB_OMITEMPTY | PB_POINTER },
	{ "lastScaleTime", NULL, 2, PB_TIME, PB_OMITEMPTY | PB_POINTER },
	{ "currentReplicas", NULL, 3, PB_INT32, 0 },
	{ "desiredReplicas", NULL, 4, PB_INT32, 0 },
	{ "currentCPUUtilizationPercentage", NULL, 5, PB_INT32, PB_OMITEMPTY | PB_POINTER },
};
static const uint8_t n_autoscaling_v1_HorizontalPodAutoscalerStatus[] = { 0, 1, 2, 3, 4 };
static const struct protobuf_message m_autoscaling_v1_HorizontalPodAutoscalerStatus = {
	"k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerStatus", f_autoscaling_v1_HorizontalPodAutoscalerStatus, n_autoscaling_v1_HorizontalPodAutoscalerStatus, 5,
};

static const struct protobuf_field f_autoscaling_v1_HorizontalPodAutoscaler[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_autoscaling_v1_HorizontalPodAutoscalerSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_autoscaling_v1_HorizontalPodAutoscalerStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_autoscaling_v1_HorizontalPodAutoscaler[] = { 0, 1, 2 };
static const struct protobuf_message m_autoscaling_v1_HorizontalPodAutoscaler = {
	"k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler", f_autoscaling_v1_HorizontalPodAutoscaler, n_autoscaling_v1_HorizontalPodAutoscaler, 3,
};

static const struct protobuf_field f_autoscaling_v1_ScaleSpec[] = {
	{ "replicas", NULL, 1, PB_INT32, PB_OMITEMPTY },
};
static const uint8_t n_autoscaling_v1_ScaleSpec[] = { 0 };
static const struct protobuf_message m_autoscaling_v1_ScaleSpec = {
	"k8s.io.api.autoscaling.v1.ScaleSpec", f_autoscaling_v1_ScaleSpec, n_autoscaling_v1_ScaleSpec, 1,
};

static const struct protobuf_field f_autoscaling_v1_ScaleStatus[] = {
	{ "replicas", NULL, 1, PB_INT32, 0 },
	{ "selector", NULL, 2, PB_STRING, PB_OMITEMPTY },
};
static const uint8_t n_autoscaling_v1_ScaleStatus[] = { 0, 1 };
static const struct protobuf_message m_autoscaling_v1_ScaleStatus = {
	"k8s.io.api.autoscaling.v1.ScaleStatus", f_autoscaling_v1_ScaleStatus, n_autoscaling_v1_ScaleStatus, 2,
};

static const struct protobuf_field f_autoscaling_v1_Scale[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_autoscaling_v1_ScaleSpec, 2, PB_MESSAGE, PB_OMITEMPTY },
	{ "status", &m_autoscaling_v1_ScaleStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_autoscaling_v1_Scale[] = { 0, 1, 2 };
static const struct protobuf_message m_autoscaling_v1_Scale = {
	"k8s.io.api.autoscaling.v1.Scale", f_autoscaling_v1_Scale, n_autoscaling_v1_Scale, 3,
};

static const struct protobuf_field f_certificates_v1_CertificateSigningRequestSpec[] = {
	{ "request", NULL, 1, PB_BYTES, 0 },
	{ "signerName", NULL, 7, PB_STRING, 0 },
	{ "expirationSeconds", NULL, 8, PB_INT32, PB_OMITEMPTY | PB_POINTER },
	{ "usages", NULL, 5, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "username", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "uid", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "groups", NULL, 4, PB_STRING, PB_OMITEMPTY | PB_REPEATED },
	{ "extra", NULL, 6, PB_STRINGLIST, PB_OMITEMPTY | PB_MAP },
};
static const uint8_t n_certificates_v1_CertificateSigningRequestSpec[] = { 0, 4, 5, 6, 3, 7, 1, 2 };
static const struct protobuf_message m_certificates_v1_CertificateSigningRequestSpec = {
	"k8s.io.api.certificates.v1.CertificateSigningRequestSpec", f_certificates_v1_CertificateSigningRequestSpec, n_certificates_v1_CertificateSigningRequestSpec, 8,
};

static const struct protobuf_field f_certificates_v1_CertificateSigningRequestCondition[] = {
	{ "type", NULL, 1, PB_STRING, 0 },
	{ "status", NULL, 6, PB_STRING, 0 },
	{ "reason", NULL, 2, PB_STRING, PB_OMITEMPTY },
	{ "message", NULL, 3, PB_STRING, PB_OMITEMPTY },
	{ "lastUpdateTime", NULL, 4, PB_TIME, PB_OMITEMPTY },
	{ "lastTransitionTime", NULL, 5, PB_TIME, PB_OMITEMPTY },
};
static const uint8_t n_certificates_v1_CertificateSigningRequestCondition[] = { 0, 2, 3, 4, 5, 1 };
static const struct protobuf_message m_certificates_v1_CertificateSigningRequestCondition = {
	"k8s.io.api.certificates.v1.CertificateSigningRequestCondition", f_certificates_v1_CertificateSigningRequestCondition, n_certificates_v1_CertificateSigningRequestCondition, 6,
};

static const struct protobuf_field f_certificates_v1_CertificateSigningRequestStatus[] = {
	{ "conditions", &m_certificates_v1_CertificateSigningRequestCondition, 1, PB_MESSAGE, PB_OMITEMPTY | PB_REPEATED },
	{ "certificate", NULL, 2, PB_BYTES, PB_OMITEMPTY },
};
static const uint8_t n_certificates_v1_CertificateSigningRequestStatus[] = { 0, 1 };
static const struct protobuf_message m_certificates_v1_CertificateSigningRequestStatus = {
	"k8s.io.api.certificates.v1.CertificateSigningRequestStatus", f_certificates_v1_CertificateSigningRequestStatus, n_certificates_v1_CertificateSigningRequestStatus, 2,
};

static const struct protobuf_field f_certificates_v1_CertificateSigningRequest[] = {
	{ "metadata", &m_meta_v1_ObjectMeta, 1, PB_MESSAGE, PB_OMITEMPTY },
	{ "spec", &m_certificates_v1_CertificateSigningRequestSpec, 2, PB_MESSAGE, 0 },
	{ "status", &m_certificates_v1_CertificateSigningRequestStatus, 3, PB_MESSAGE, PB_OMITEMPTY },
};
static const uint8_t n_certificates_v1_CertificateSigningRequest[] = { 0, 1, 2 };
static const struct protobuf_message m_certificates_v1_CertificateSigningRequest = {
	"k8s.io.api.certificates.v1.CertificateSigningRequest", f_certificates_v1_CertificateSigningRequest, n_certificates_v1_CertificateSigningRequest, 3,
};

const struct protobuf_kind protobuf_kinds[] = {
	{ "v1", "Binding", &m_core_v1_Binding },
	{ "v1", "ConfigMap", &m_core_v1_ConfigMap },
	{ "v1", "Endpoints", &m_core_v1_Endpoints },
	{ "v1", "Event", &m_core_v1_Event },
	{ "v1", "LimitRange", &m_core_v1_LimitRange },
	{ "v1", "Namespace", &m_core_v1_Namespace },
	{ "v1", "Node", &m_core_v1_Node },
	{ "v1", "PersistentVolume", &m_core_v1_PersistentVolume },
	{ "v1", "PersistentVolumeClaim", &m_core_v1_PersistentVolumeClaim },
	{ "v1", "Pod", &m_core_v1_Pod },
	{ "v1", "PodTemplate", &m_core_v1_PodTemplate },
	{ "v1", "ReplicationController", &m_core_v1_ReplicationController },
	{ "v1", "ResourceQuota", &m_core_v1_ResourceQuota },
	{ "v1", "Secret", &m_core_v1_Secret },
	{ "v1", "Service", &m_core_v1_Service },
	{ "v1", "ServiceAccount", &m_core_v1_ServiceAccount },
	{ "apps/v1", "ControllerRevision", &m_apps_v1_ControllerRevision },
	{ "apps/v1", "DaemonSet", &m_apps_v1_DaemonSet },
	{ "apps/v1", "Deployment", &m_apps_v1_Deployment },
	{ "apps/v1", "ReplicaSet", &m_apps_v1_ReplicaSet },
	{ "apps/v1", "StatefulSet", &m_apps_v1_StatefulSet },
	{ "batch/v1", "CronJob", &m_batch_v1_CronJob },
	{ "batch/v1", "Job", &m_batch_v1_Job },
	{ "rbac.authorization.k8s.io/v1", "ClusterRole", &m_rbac_v1_ClusterRole },
	{ "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", &m_rbac_v1_ClusterRoleBinding },
	{ "rbac.authorization.k8s.io/v1", "Role", &m_rbac_v1_Role },
	{ "rbac.authorization.k8s.io/v1", "RoleBinding", &m_rbac_v1_RoleBinding },
	{ "scheduling.k8s.io/v1", "PriorityClass", &m_scheduling_v1_PriorityClass },
	{ "policy/v1", "Eviction", &m_policy_v1_Eviction },
	{ "policy/v1", "PodDisruptionBudget", &m_policy_v1_PodDisruptionBudget },
	{ "networking.k8s.io/v1", "Ingress", &m_networking_v1_Ingress },
	{ "networking.k8s.io/v1", "IngressClass", &m_networking_v1_IngressClass },
	{ "networking.k8s.io/v1", "NetworkPolicy", &m_networking_v1_NetworkPolicy },
	{ "authorization.k8s.io/v1", "LocalSubjectAccessReview", &m_authorization_v1_LocalSubjectAccessReview },
	{ "authorization.k8s.io/v1", "SelfSubjectAccessReview", &m_authorization_v1_SelfSubjectAccessReview },
	{ "authorization.k8s.io/v1", "SelfSubjectRulesReview", &m_authorization_v1_SelfSubjectRulesReview },
	{ "authorization.k8s.io/v1", "SubjectAccessReview", &m_authorization_v1_SubjectAccessReview },
	{ "authentication.k8s.io/v1", "SelfSubjectReview", &m_authentication_v1_SelfSubjectReview },
	{ "authentication.k8s.io/v1", "TokenRequest", &m_authentication_v1_TokenRequest },
	{ "authentication.k8s.io/v1", "TokenReview", &m_authentication_v1_TokenReview },
	{ "autoscaling/v1", "HorizontalPodAutoscaler", &m_autoscaling_v1_HorizontalPodAutoscaler },
	{ "autoscaling/v1", "Scale", &m_autoscaling_v1_Scale },
	{ "certificates.k8s.io/v1", "CertificateSigningRequest", &m_certificates_v1_CertificateSigningRequest },
	{ NULL, "DeleteOptions", &m_meta_v1_DeleteOptions },
	{ NULL, NULL, NULL },
};
/* clang-format on */
