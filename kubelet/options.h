/*
 * options.h - the kubelet's command line (upstream: cmd/kubelet/app/options/options.go
 * KubeletFlags.AddFlags() and AddKubeletConfigFlags(), container_runtime.go).
 *
 * Two kinds of flags, as upstream has: KubeletFlags (--kubeconfig, --node-ip, --root-dir, ...)
 * and flags mirroring KubeletConfiguration fields, which upstream deprecates in favour of the
 * --config file but still honours: an explicitly given one overrides the file.  So the kubelet
 * asks kc_flags_changed() for each before merging the file.  Flags ckube accepts but does not act
 * on are KC_FLAG_IGNORED (docs/compat.md) and have no field.  Durations are nanoseconds.
 */
#ifndef KUBELET_OPTIONS_H
#define KUBELET_OPTIONS_H

#include <stdint.h>

#include "libkcommon/flags.h"
#include "libkcommon/strv.h"

struct kubelet_options {
	/* KubeletFlags */
	char *bootstrap_kubeconfig;
	char *cert_dir;
	char *cloud_provider; /* "" or "external" */
	char *config;
	char *config_dir;
	char *hostname_override;
	char *image_credential_provider_bin_dir;
	char *image_credential_provider_config;
	char *kubeconfig;
	char *lock_file;
	int exit_on_lock_contention;
	char *node_ip;		   /* one IP or a dual-stack "ip,ip" */
	struct kc_strv node_labels; /* "key=value" */
	char *pod_infra_container_image; /* deprecated */
	char *root_dir;
	int seccomp_default;

	/* KubeletConfiguration fields (deprecated as flags) */
	char *address;
	int anonymous_auth;
	int authentication_token_webhook;
	int64_t authentication_token_webhook_cache_ttl;
	char *authorization_mode;
	int64_t authorization_webhook_cache_authorized_ttl;
	int64_t authorization_webhook_cache_unauthorized_ttl;
	char *cgroup_driver;
	char *cgroup_root;
	int cgroups_per_qos;
	char *client_ca_file;
	struct kc_strv cluster_dns;
	char *cluster_domain;
	int container_log_max_files;
	char *container_log_max_size;
	char *container_runtime_endpoint;
	int enable_debugging_handlers;
	int enable_server;
	int event_burst;
	int event_qps;
	struct kc_strv eviction_hard; /* "signal<quantity" */
	int fail_swap_on;
	struct kc_strv feature_gates;
	int64_t file_check_frequency;
	char *hairpin_mode;
	char *healthz_bind_address;
	int healthz_port;
	int64_t http_check_frequency;
	int image_gc_high_threshold;
	int image_gc_low_threshold;
	char *image_service_endpoint;
	int kube_api_burst;
	char *kube_api_content_type;
	int kube_api_qps;
	int max_pods;
	int64_t minimum_image_ttl_duration;
	int64_t node_status_update_frequency;
	int oom_score_adj;
	char *pod_cidr;
	char *pod_manifest_path;
	int64_t pod_max_pids;
	int port;
	char *provider_id;
	int read_only_port;
	int register_node;
	struct kc_strv register_with_taints; /* "key=value:Effect" */
	int registry_burst;
	int registry_qps;
	char *resolv_conf;
	int rotate_certificates;
	int rotate_server_certificates;
	int64_t runtime_request_timeout;
	int serialize_image_pulls;
	int64_t streaming_connection_idle_timeout;
	int64_t sync_frequency;
	char *tls_cert_file;
	struct kc_strv tls_cipher_suites;
	char *tls_min_version;
	char *tls_private_key_file;
	int64_t volume_stats_agg_period;
};

/* The flagset (one list, as upstream's --help has it, plus kc_common_flags); static, never NULL.
 * Its flags write into the struct kubelet_options() returns. */
struct kc_flagset *kubelet_options_flagset(void);

/* The parsed options; valid after kc_flags_parse() on the flagset above (borrowed). */
struct kubelet_options *kubelet_options(void);

/*
 * Checks what upstream checks before the kubelet starts (ValidateKubeletFlags(): --node-labels;
 * the flag-settable part of ValidateKubeletConfiguration(); --node-ip and --cloud-provider);
 * values of upstream's typed flags (ip, mapStringBool, --eviction-hard's pairs) are refused
 * earlier, by kc_flags_parse().  Appends one message per problem to errs, worded as upstream's.
 * Returns the number of problems (0 = valid) or KC_ERR_NOMEM.
 */
int kubelet_options_validate(const struct kubelet_options *o, struct kc_strv *errs);

/*
 * Whether a --node-labels key may be set by the kubelet itself (upstream:
 * k8s.io/kubelet/pkg/apis IsKubeletLabel() applied by ValidateKubeletFlags()): keys outside the
 * kubernetes.io and k8s.io namespaces always may; inside them only the kubelet.kubernetes.io and
 * node.kubernetes.io prefixes and a fixed set of well-known labels.  Returns 1 or 0.
 */
int kubelet_node_label_allowed(const char *key);

#endif
