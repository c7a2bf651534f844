/*
 * options.h - kube-controller-manager's command line (upstream:
 * cmd/kube-controller-manager/app/options/options.go and the per-controller option files beside
 * it; k8s.io/controller-manager/options/generic.go; serving, delegated authn/authz and leader
 * election from k8s.io/apiserver and k8s.io/component-base).
 *
 * The flag table writes into one struct kube_controller_manager_options owned by options.c: call
 * kc_flags_parse() (or kc_flags_parse_or_exit()) on kube_controller_manager_options_flagset(),
 * then read kube_controller_manager_options().  Flags that ckube accepts but does not act on are
 * KC_FLAG_IGNORED and listed in docs/compat.md; they have no field here.  Durations are
 * nanoseconds.
 */
#ifndef KUBE_CONTROLLER_MANAGER_OPTIONS_H
#define KUBE_CONTROLLER_MANAGER_OPTIONS_H

#include <stdint.h>

#include "libkcommon/flags.h"
#include "libkcommon/strv.h"

struct kube_controller_manager_options {
	/* Generic */
	int allocate_node_cidrs;
	char *cidr_allocator_type;
	char *cluster_cidr;
	char *cluster_name;
	int64_t controller_start_interval;
	struct kc_strv controllers; /* "*", "foo", "-foo" */
	struct kc_strv feature_gates;
	int kube_api_burst;
	char *kube_api_content_type;
	double kube_api_qps;
	int64_t min_resync_period;
	int64_t node_monitor_period;
	int use_service_account_credentials;

	/* Leader election (in upstream's "Generic" section) */
	int leader_elect;
	int64_t leader_elect_lease_duration;
	int64_t leader_elect_renew_deadline;
	int64_t leader_elect_retry_period;
	char *leader_elect_resource_lock;
	char *leader_elect_resource_name;
	char *leader_elect_resource_namespace;

	/* Secure serving (port 10257) */
	char *bind_address;
	char *cert_dir;
	int secure_port;
	char *tls_cert_file;
	struct kc_strv tls_cipher_suites;
	char *tls_min_version;
	char *tls_private_key_file;
	struct kc_strv tls_sni_cert_key; /* "cert,key[:names]": kc_flags_parse_named_cert_key() */

	/* Authentication and authorization (delegated to kube-apiserver) */
	char *authentication_kubeconfig;
	int authentication_skip_lookup;
	int64_t authentication_token_webhook_cache_ttl;
	int authentication_tolerate_lookup_failure;
	char *client_ca_file;
	struct kc_strv requestheader_allowed_names;
	char *requestheader_client_ca_file;
	struct kc_strv requestheader_extra_headers_prefix;
	struct kc_strv requestheader_group_headers;
	struct kc_strv requestheader_uid_headers;
	struct kc_strv requestheader_username_headers;
	struct kc_strv authorization_always_allow_paths;
	char *authorization_kubeconfig;
	int64_t authorization_webhook_cache_authorized_ttl;
	int64_t authorization_webhook_cache_unauthorized_ttl;

	/* certificatesigningrequest-signing-controller */
	char *cluster_signing_cert_file;
	char *cluster_signing_key_file;
	int64_t cluster_signing_duration;
	char *cluster_signing_kube_apiserver_client_cert_file;
	char *cluster_signing_kube_apiserver_client_key_file;
	char *cluster_signing_kubelet_client_cert_file;
	char *cluster_signing_kubelet_client_key_file;
	char *cluster_signing_kubelet_serving_cert_file;
	char *cluster_signing_kubelet_serving_key_file;
	char *cluster_signing_legacy_unknown_cert_file;
	char *cluster_signing_legacy_unknown_key_file;

	/* per-controller workers and periods */
	int concurrent_cron_job_syncs;
	int concurrent_daemonset_syncs;
	int concurrent_deployment_syncs;
	int concurrent_endpoint_syncs;
	int concurrent_ephemeralvolume_syncs;
	int concurrent_gc_syncs;
	int concurrent_horizontal_pod_autoscaler_syncs;
	int concurrent_job_syncs;
	int concurrent_namespace_syncs;
	int concurrent_rc_syncs;
	int concurrent_replicaset_syncs;
	int concurrent_resource_quota_syncs;
	int concurrent_service_endpoint_syncs;
	int concurrent_serviceaccount_token_syncs;
	int concurrent_statefulset_syncs;
	int concurrent_ttl_after_finished_syncs;
	int concurrent_validating_admission_policy_status_syncs;
	int enable_garbage_collector;
	int64_t endpoint_updates_batch_period;
	int64_t endpointslice_updates_batch_period;
	int64_t horizontal_pod_autoscaler_sync_period;
	int max_endpoints_per_slice;
	int mirroring_concurrent_service_endpoint_syncs;
	int64_t mirroring_endpointslice_updates_batch_period;
	int mirroring_max_endpoints_per_subset;
	int64_t namespace_sync_period;
	int64_t resource_quota_sync_period;
	int terminated_pod_gc_threshold;
	int64_t legacy_service_account_token_clean_up_period;

	/* node-ipam-controller */
	int node_cidr_mask_size;
	int node_cidr_mask_size_ipv4;
	int node_cidr_mask_size_ipv6;
	char *service_cluster_ip_range;

	/* node-lifecycle-controller */
	int large_cluster_size_threshold;
	double node_eviction_rate;
	int64_t node_monitor_grace_period;
	int64_t node_startup_grace_period;
	double secondary_node_eviction_rate;
	double unhealthy_zone_threshold;

	/* serviceaccount-controller */
	char *root_ca_file;
	char *service_account_private_key_file;

	/* Misc */
	char *kubeconfig;
	char *master;
};

/* The flagset (sections as upstream's --help groups them, plus kc_common_flags); static, never
 * NULL.  Its flags write into the struct kube_controller_manager_options() returns. */
struct kc_flagset *kube_controller_manager_options_flagset(void);

/* The parsed options; valid after kc_flags_parse() on the flagset above (borrowed). */
struct kube_controller_manager_options *kube_controller_manager_options(void);

/*
 * Checks what upstream checks at startup (KubeControllerManagerOptions.Validate(): --controllers
 * names, leader election lock, secure serving, CSR signing files, node IPAM); values of pflag's
 * typed flags (ip, mapStringBool, namedCertKey) are refused earlier, by kc_flags_parse().
 * Appends one message per problem to errs, worded as upstream's.  Returns the number of problems
 * (0 = valid) or KC_ERR_NOMEM.
 */
int kube_controller_manager_options_validate(const struct kube_controller_manager_options *o,
					     struct kc_strv *errs);

/*
 * Whether --controllers enables controller `name` (a canonical name, e.g.
 * "deployment-controller"), as upstream's IsControllerEnabled(): an explicit "name" or "-name"
 * (or its pre-1.28 alias) wins, then "*" enables every controller not disabled by default.
 * Returns 1 or 0; 0 as well for a name that is not a known controller.
 */
int kube_controller_manager_controller_enabled(const struct kc_strv *controllers,
					       const char *name);

#endif
