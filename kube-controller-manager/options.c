/*
 * options.c - kube-controller-manager's flag table and startup validation (upstream:
 * cmd/kube-controller-manager/app/options/options.go Flags() and Validate() with the
 * per-controller option files, cmd/kube-controller-manager/names/controller_names.go,
 * k8s.io/controller-manager/options/generic.go and app/helper.go IsControllerEnabled(),
 * k8s.io/cloud-provider/options/kubecloudshared.go).  Names, types, defaults and sections are
 * v1.32's; help texts are upstream's, sometimes shortened.  Controllers and cloud or volume
 * plugins ckube will not run have their flags accepted and ignored (docs/compat.md).
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"
#include "kube-controller-manager/options.h"

static struct kube_controller_manager_options opts;

static struct kc_flag debugging_flags[] = {
	KC_FLAG_IGNORE("contention-profiling", BOOL, "false",
		       "Enable block profiling, if profiling is enabled"),
	KC_FLAG_IGNORE("profiling", BOOL, "true", "Enable profiling via web interface host:port/debug/pprof/"),
	{ NULL },
};

static struct kc_flag leader_migration_flags[] = {
	KC_FLAG_IGNORE("enable-leader-migration", BOOL, "false",
		       "Whether to enable controller leader migration."),
	KC_FLAG_IGNORE("leader-migration-config", STRING, NULL,
		       "Path to the config file for controller leader migration, or empty to use the value that reflects default configuration of the controller manager. The config file should be of type LeaderMigrationConfiguration, group controllermanager.config.k8s.io, version v1alpha1."),
	{ NULL },
};

#define CONTROLLERS_HELP                                                                                 \
	"A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' enables the " \
	"controller named 'foo', '-foo' disables the controller named 'foo'.\nAll controllers: "       \
	"bootstrap-signer-controller, certificatesigningrequest-approving-controller, "                 \
	"certificatesigningrequest-cleaner-controller, certificatesigningrequest-signing-controller, "  \
	"cloud-node-lifecycle-controller, clusterrole-aggregation-controller, cronjob-controller, "     \
	"daemonset-controller, deployment-controller, disruption-controller, endpoints-controller, "    \
	"endpointslice-controller, endpointslice-mirroring-controller, ephemeral-volume-controller, "   \
	"garbage-collector-controller, horizontal-pod-autoscaler-controller, job-controller, "          \
	"legacy-serviceaccount-token-cleaner-controller, namespace-controller, node-ipam-controller, "  \
	"node-lifecycle-controller, node-route-controller, persistentvolume-attach-detach-controller, " \
	"persistentvolume-binder-controller, persistentvolume-expander-controller, "                    \
	"persistentvolume-protection-controller, persistentvolumeclaim-protection-controller, "         \
	"pod-garbage-collector-controller, replicaset-controller, replicationcontroller-controller, "   \
	"resourceclaim-controller, resourcequota-controller, root-ca-certificate-publisher-controller, " \
	"selinux-warning-controller, service-cidr-controller, service-lb-controller, "                  \
	"serviceaccount-controller, serviceaccount-token-controller, statefulset-controller, "          \
	"storage-version-migrator-controller, storageversion-garbage-collector-controller, "            \
	"taint-eviction-controller, token-cleaner-controller, ttl-after-finished-controller, "          \
	"ttl-controller, validatingadmissionpolicy-status-controller\nDisabled-by-default "             \
	"controllers: bootstrap-signer-controller, selinux-warning-controller, token-cleaner-controller"

static struct kc_flag generic_flags[] = {
	KC_FLAG_DEF("allocate-node-cidrs", BOOL, &opts.allocate_node_cidrs, "false",
		    "Should CIDRs for Pods be allocated and set on the cloud provider."),
	KC_FLAG_DEF("cidr-allocator-type", STRING, &opts.cidr_allocator_type, "RangeAllocator",
		    "Type of CIDR allocator to use"),
	KC_FLAG_IGNORE("cloud-config", STRING, NULL,
		       "The path to the cloud provider configuration file. Empty string for no configuration file."),
	KC_FLAG_IGNORE("cloud-provider", STRING, NULL,
		       "The provider for cloud services. Empty string for no provider."),
	KC_FLAG_DEF("cluster-cidr", STRING, &opts.cluster_cidr, NULL,
		    "CIDR Range for Pods in cluster. Only used when --allocate-node-cidrs=true; if false, this option will be ignored."),
	KC_FLAG_DEF("cluster-name", STRING, &opts.cluster_name, "kubernetes",
		    "The instance prefix for the cluster."),
	KC_FLAG_IGNORE("configure-cloud-routes", BOOL, "true",
		       "Should CIDRs allocated by allocate-node-cidrs be configured on the cloud provider."),
	KC_FLAG_DEF("controller-start-interval", DURATION, &opts.controller_start_interval, "0s",
		    "Interval between starting controller managers."),
	KC_FLAG_DEF("controllers", STRINGS, &opts.controllers, "*", CONTROLLERS_HELP),
	KC_FLAG_IGNORE("external-cloud-volume-plugin", STRING, NULL,
		       "The plugin to use when cloud provider is set to external. Can be empty, should only be set when cloud-provider is external. Currently used to allow node-ipam-controller, persistentvolume-binder-controller, persistentvolume-expander-controller and attach-detach-controller to work for in tree cloud providers."),
	KC_FLAG_CHECKED("feature-gates", MAP_BOOL, NULL, &opts.feature_gates, NULL,
			kc_flags_check_feature_gates, KC_FLAG_FEATURE_GATES_USAGE),
	KC_FLAG_DEF("kube-api-burst", INT, &opts.kube_api_burst, "30",
		    "Burst to use while talking with kubernetes apiserver."),
	KC_FLAG_DEF("kube-api-content-type", STRING, &opts.kube_api_content_type,
		    "application/vnd.kubernetes.protobuf", "Content type of requests sent to apiserver."),
	KC_FLAG_DEFT("kube-api-qps", FLOAT, "float32", &opts.kube_api_qps, "20",
		     "QPS to use while talking with kubernetes apiserver."),
	KC_FLAG_DEF("leader-elect", BOOL, &opts.leader_elect, "true",
		    "Start a leader election client and gain leadership before executing the main loop. Enable this when running replicated components for high availability."),
	KC_FLAG_DEF("leader-elect-lease-duration", DURATION, &opts.leader_elect_lease_duration, "15s",
		    "The duration that non-leader candidates will wait after observing a leadership renewal until attempting to acquire leadership of a led but unrenewed leader slot. This is effectively the maximum duration that a leader can be stopped before it is replaced by another candidate. This is only applicable if leader election is enabled."),
	KC_FLAG_DEF("leader-elect-renew-deadline", DURATION, &opts.leader_elect_renew_deadline, "10s",
		    "The interval between attempts by the acting master to renew a leadership slot before it stops leading. This must be less than the lease duration. This is only applicable if leader election is enabled."),
	KC_FLAG_DEF("leader-elect-resource-lock", STRING, &opts.leader_elect_resource_lock, "leases",
		    "The type of resource object that is used for locking during leader election. Supported options are 'leases'."),
	KC_FLAG_DEF("leader-elect-resource-name", STRING, &opts.leader_elect_resource_name,
		    "kube-controller-manager",
		    "The name of resource object that is used for locking during leader election."),
	KC_FLAG_DEF("leader-elect-resource-namespace", STRING, &opts.leader_elect_resource_namespace,
		    "kube-system",
		    "The namespace of resource object that is used for locking during leader election."),
	KC_FLAG_DEF("leader-elect-retry-period", DURATION, &opts.leader_elect_retry_period, "2s",
		    "The duration the clients should wait between attempting acquisition and renewal of a leadership. This is only applicable if leader election is enabled."),
	KC_FLAG_DEF("min-resync-period", DURATION, &opts.min_resync_period, "12h0m0s",
		    "The resync period in reflectors will be random between MinResyncPeriod and 2*MinResyncPeriod."),
	KC_FLAG_DEF("node-monitor-period", DURATION, &opts.node_monitor_period, "5s",
		    "The period for syncing NodeStatus in cloud-node-lifecycle-controller."),
	KC_FLAG_IGNORE("route-reconciliation-period", DURATION, "10s",
		       "The period for reconciling routes created for Nodes by cloud provider."),
	KC_FLAG_DEF("use-service-account-credentials", BOOL, &opts.use_service_account_credentials,
		    "false", "If true, use individual service account credentials for each controller."),
	{ NULL },
};

static struct kc_flag service_lb_flags[] = {
	KC_FLAG_IGNORE("concurrent-service-syncs", INT, "1",
		       "The number of services that are allowed to sync concurrently. Larger number = more responsive service management, but more CPU (and network) load"),
	{ NULL },
};

static struct kc_flag secure_serving_flags[] = {
	KC_FLAG_DEF("bind-address", IP, &opts.bind_address, "0.0.0.0",
		    "The IP address on which to listen for the --secure-port port. The associated interface(s) must be reachable by the rest of the cluster, and by CLI/web clients. If blank or an unspecified address (0.0.0.0 or ::), all interfaces and IP address families will be used."),
	KC_FLAG_DEF("cert-dir", STRING, &opts.cert_dir, NULL,
		    "The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored."),
	KC_FLAG_IGNORE("disable-http2-serving", BOOL, "false",
		       "If true, HTTP2 serving will be disabled [default=false]"),
	KC_FLAG_IGNORE("http2-max-streams-per-connection", INT, "0",
		       "The limit that the server gives to clients for the maximum number of streams in an HTTP/2 connection. Zero means to use golang's default."),
	KC_FLAG_IGNORE("permit-address-sharing", BOOL, "false",
		       "If true, SO_REUSEADDR will be used when binding the port. [default=false]"),
	KC_FLAG_IGNORE("permit-port-sharing", BOOL, "false",
		       "If true, SO_REUSEPORT will be used when binding the port, which allows more than one instance to bind on the same address and port. [default=false]"),
	KC_FLAG_DEF("secure-port", INT, &opts.secure_port, "10257",
		    "The port on which to serve HTTPS with authentication and authorization. If 0, don't serve HTTPS at all."),
	KC_FLAG_DEF("tls-cert-file", STRING, &opts.tls_cert_file, NULL,
		    "File containing the default x509 Certificate for HTTPS. (CA cert, if any, concatenated after server cert). If HTTPS serving is enabled, and --tls-cert-file and --tls-private-key-file are not provided, a self-signed certificate and key are generated for the public address and saved to the directory specified by --cert-dir."),
	KC_FLAG_DEF("tls-cipher-suites", STRINGS, &opts.tls_cipher_suites, NULL,
		    "Comma-separated list of cipher suites for the server. If omitted, the default cipher suites will be used."),
	KC_FLAG_DEF("tls-min-version", STRING, &opts.tls_min_version, NULL,
		    "Minimum TLS version supported. Possible values: VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13"),
	KC_FLAG_DEF("tls-private-key-file", STRING, &opts.tls_private_key_file, NULL,
		    "File containing the default x509 private key matching --tls-cert-file."),
	KC_FLAG_CHECKED("tls-sni-cert-key", STRING_ARRAY, "namedCertKey", &opts.tls_sni_cert_key,
			NULL, kc_flags_check_named_cert_key, KC_FLAG_TLS_SNI_CERT_KEY_USAGE),
	{ NULL },
};

static struct kc_flag authentication_flags[] = {
	KC_FLAG_DEF("authentication-kubeconfig", STRING, &opts.authentication_kubeconfig, NULL,
		    "kubeconfig file pointing at the 'core' kubernetes server with enough rights to create tokenreviews.authentication.k8s.io. This is optional. If empty, all token requests are considered to be anonymous and no client CA is looked up in the cluster."),
	KC_FLAG_DEF("authentication-skip-lookup", BOOL, &opts.authentication_skip_lookup, "false",
		    "If false, the authentication-kubeconfig will be used to lookup missing authentication configuration from the cluster."),
	KC_FLAG_DEF("authentication-token-webhook-cache-ttl", DURATION,
		    &opts.authentication_token_webhook_cache_ttl, "10s",
		    "The duration to cache responses from the webhook token authenticator."),
	KC_FLAG_DEF("authentication-tolerate-lookup-failure", BOOL,
		    &opts.authentication_tolerate_lookup_failure, "false",
		    "If true, failures to look up missing authentication configuration from the cluster are not considered fatal. Note that this can result in authentication that treats all requests as anonymous."),
	KC_FLAG_DEF("client-ca-file", STRING, &opts.client_ca_file, NULL,
		    "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate."),
	KC_FLAG_DEF("requestheader-allowed-names", STRINGS, &opts.requestheader_allowed_names, NULL,
		    "List of client certificate common names to allow to provide usernames in headers specified by --requestheader-username-headers. If empty, any client certificate validated by the authorities in --requestheader-client-ca-file is allowed."),
	KC_FLAG_DEF("requestheader-client-ca-file", STRING, &opts.requestheader_client_ca_file, NULL,
		    "Root certificate bundle to use to verify client certificates on incoming requests before trusting usernames in headers specified by --requestheader-username-headers. WARNING: generally do not depend on authorization being already done for incoming requests."),
	KC_FLAG_DEF("requestheader-extra-headers-prefix", STRINGS,
		    &opts.requestheader_extra_headers_prefix, "x-remote-extra-",
		    "List of request header prefixes to inspect. X-Remote-Extra- is suggested."),
	KC_FLAG_DEF("requestheader-group-headers", STRINGS, &opts.requestheader_group_headers,
		    "x-remote-group", "List of request headers to inspect for groups. X-Remote-Group is suggested."),
	KC_FLAG_DEF("requestheader-uid-headers", STRINGS, &opts.requestheader_uid_headers, NULL,
		    "List of request headers to inspect for UIDs. X-Remote-Uid is suggested. Requires the RemoteRequestHeaderUID feature to be enabled."),
	KC_FLAG_DEF("requestheader-username-headers", STRINGS, &opts.requestheader_username_headers,
		    "x-remote-user", "List of request headers to inspect for usernames. X-Remote-User is common."),
	{ NULL },
};

static struct kc_flag authorization_flags[] = {
	KC_FLAG_DEF("authorization-always-allow-paths", STRINGS, &opts.authorization_always_allow_paths,
		    "/healthz,/readyz,/livez",
		    "A list of HTTP paths to skip during authorization, i.e. these are authorized without contacting the 'core' kubernetes server."),
	KC_FLAG_DEF("authorization-kubeconfig", STRING, &opts.authorization_kubeconfig, NULL,
		    "kubeconfig file pointing at the 'core' kubernetes server with enough rights to create subjectaccessreviews.authorization.k8s.io. This is optional. If empty, all requests not skipped by authorization are forbidden."),
	KC_FLAG_DEF("authorization-webhook-cache-authorized-ttl", DURATION,
		    &opts.authorization_webhook_cache_authorized_ttl, "10s",
		    "The duration to cache 'authorized' responses from the webhook authorizer."),
	KC_FLAG_DEF("authorization-webhook-cache-unauthorized-ttl", DURATION,
		    &opts.authorization_webhook_cache_unauthorized_ttl, "10s",
		    "The duration to cache 'unauthorized' responses from the webhook authorizer."),
	{ NULL },
};

static struct kc_flag attach_detach_flags[] = {
	KC_FLAG_IGNORE("attach-detach-reconcile-sync-period", DURATION, "1m0s",
		       "The reconciler sync wait time between volume attach detach. This duration must be larger than one second, and increasing this value from the default may allow for volumes to be mismatched with pods."),
	KC_FLAG_IGNORE("disable-attach-detach-reconcile-sync", BOOL, "false",
		       "Disable volume attach detach reconciler sync. Disabling this may cause volumes to be mismatched with pods. Use wisely."),
	KC_FLAG_IGNORE("disable-force-detach-on-timeout", BOOL, "false",
		       "Prevent force detaching volumes based on maximum unmount time and node status. If this flag is set to true, the non-graceful node shutdown feature must be used to recover from node failure. See https://k8s.io/docs/storage-disable-force-detach-on-timeout/."),
	{ NULL },
};

#define SIGNER_HELP(what) \
	"Filename containing a PEM-encoded x509 CA " what " used to issue certificates for the "

static struct kc_flag csr_signing_flags[] = {
	KC_FLAG_DEF("cluster-signing-cert-file", STRING, &opts.cluster_signing_cert_file, NULL,
		    "Filename containing a PEM-encoded X509 CA certificate used to issue cluster-scoped certificates.  If specified, no more specific --cluster-signing-* flag may be specified."),
	KC_FLAG_DEF("cluster-signing-duration", DURATION, &opts.cluster_signing_duration, "8760h0m0s",
		    "The max length of duration signed certificates will be given.  Individual CSRs may request shorter certs by setting spec.expirationSeconds."),
	KC_FLAG_DEF("cluster-signing-key-file", STRING, &opts.cluster_signing_key_file, NULL,
		    "Filename containing a PEM-encoded RSA or ECDSA private key used to sign cluster-scoped certificates.  If specified, no more specific --cluster-signing-* flag may be specified."),
	KC_FLAG_DEF("cluster-signing-kube-apiserver-client-cert-file", STRING,
		    &opts.cluster_signing_kube_apiserver_client_cert_file, NULL,
		    SIGNER_HELP("certificate") "kubernetes.io/kube-apiserver-client signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	KC_FLAG_DEF("cluster-signing-kube-apiserver-client-key-file", STRING,
		    &opts.cluster_signing_kube_apiserver_client_key_file, NULL,
		    SIGNER_HELP("private key") "kubernetes.io/kube-apiserver-client signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	KC_FLAG_DEF("cluster-signing-kubelet-client-cert-file", STRING,
		    &opts.cluster_signing_kubelet_client_cert_file, NULL,
		    SIGNER_HELP("certificate") "kubernetes.io/kube-apiserver-client-kubelet signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	KC_FLAG_DEF("cluster-signing-kubelet-client-key-file", STRING,
		    &opts.cluster_signing_kubelet_client_key_file, NULL,
		    SIGNER_HELP("private key") "kubernetes.io/kube-apiserver-client-kubelet signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	KC_FLAG_DEF("cluster-signing-kubelet-serving-cert-file", STRING,
		    &opts.cluster_signing_kubelet_serving_cert_file, NULL,
		    SIGNER_HELP("certificate") "kubernetes.io/kubelet-serving signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	KC_FLAG_DEF("cluster-signing-kubelet-serving-key-file", STRING,
		    &opts.cluster_signing_kubelet_serving_key_file, NULL,
		    SIGNER_HELP("private key") "kubernetes.io/kubelet-serving signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	KC_FLAG_DEF("cluster-signing-legacy-unknown-cert-file", STRING,
		    &opts.cluster_signing_legacy_unknown_cert_file, NULL,
		    SIGNER_HELP("certificate") "kubernetes.io/legacy-unknown signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	KC_FLAG_DEF("cluster-signing-legacy-unknown-key-file", STRING,
		    &opts.cluster_signing_legacy_unknown_key_file, NULL,
		    SIGNER_HELP("private key") "kubernetes.io/legacy-unknown signer.  If specified, --cluster-signing-{cert,key}-file must not be set."),
	{ NULL },
};

#define SYNCS(n, field, d, what)                                                               \
	KC_FLAG_DEF(n, INT, &opts.field, d,                                                           \
		    "The number of " what " objects that are allowed to sync concurrently. Larger number = " \
		    "more responsive " what "s, but more CPU (and network) load")

static struct kc_flag deployment_flags[] = {
	SYNCS("concurrent-deployment-syncs", concurrent_deployment_syncs, "5", "deployment"),
	{ NULL },
};

static struct kc_flag statefulset_flags[] = {
	SYNCS("concurrent-statefulset-syncs", concurrent_statefulset_syncs, "5", "statefulset"),
	{ NULL },
};

static struct kc_flag daemonset_flags[] = {
	SYNCS("concurrent-daemonset-syncs", concurrent_daemonset_syncs, "2", "daemonset"),
	{ NULL },
};

static struct kc_flag endpoints_flags[] = {
	KC_FLAG_DEF("concurrent-endpoint-syncs", INT, &opts.concurrent_endpoint_syncs, "5",
		    "The number of endpoint syncing operations that will be done concurrently. Larger number = faster endpoint updating, but more CPU (and network) load"),
	KC_FLAG_DEF("endpoint-updates-batch-period", DURATION, &opts.endpoint_updates_batch_period, "0s",
		    "The length of endpoint updates batching period. Processing of pod changes will be delayed by this duration to join them with potential upcoming updates and reduce the overall number of endpoints updates. Larger number = higher endpoint programming latency, but lower number of endpoints revision generated"),
	{ NULL },
};

static struct kc_flag endpointslice_flags[] = {
	KC_FLAG_DEF("concurrent-service-endpoint-syncs", INT, &opts.concurrent_service_endpoint_syncs,
		    "5",
		    "The number of service endpoint syncing operations that will be done concurrently. Larger number = faster endpoint slice updating, but more CPU (and network) load. Defaults to 5."),
	KC_FLAG_DEF("endpointslice-updates-batch-period", DURATION,
		    &opts.endpointslice_updates_batch_period, "0s",
		    "The length of endpoint slice updates batching period. Processing of pod changes will be delayed by this duration to join them with potential upcoming updates and reduce the overall number of endpoints updates. Larger number = higher endpoint programming latency, but lower number of endpoints revision generated"),
	KC_FLAG_DEF("max-endpoints-per-slice", INT, &opts.max_endpoints_per_slice, "100",
		    "The maximum number of endpoints that will be added to an EndpointSlice. More endpoints per slice will result in less endpoint slices, but larger resources. Defaults to 100."),
	{ NULL },
};

static struct kc_flag endpointslice_mirroring_flags[] = {
	KC_FLAG_DEF("mirroring-concurrent-service-endpoint-syncs", INT,
		    &opts.mirroring_concurrent_service_endpoint_syncs, "5",
		    "The number of service endpoint syncing operations that will be done concurrently by the endpointslice-mirroring-controller. Larger number = faster endpoint slice updating, but more CPU (and network) load. Defaults to 5."),
	KC_FLAG_DEF("mirroring-endpointslice-updates-batch-period", DURATION,
		    &opts.mirroring_endpointslice_updates_batch_period, "0s",
		    "The length of EndpointSlice updates batching period for endpointslice-mirroring-controller. Processing of EndpointSlice changes will be delayed by this duration to join them with potential upcoming updates and reduce the overall number of EndpointSlice updates. Larger number = higher endpoint programming latency, but lower number of endpoints revision generated"),
	KC_FLAG_DEF("mirroring-max-endpoints-per-subset", INT, &opts.mirroring_max_endpoints_per_subset,
		    "1000",
		    "The maximum number of endpoints that will be added to an EndpointSlice by the endpointslice-mirroring-controller. More endpoints per slice will result in less endpoint slices, but larger resources. Defaults to 100."),
	{ NULL },
};

static struct kc_flag ephemeral_volume_flags[] = {
	KC_FLAG_DEF("concurrent-ephemeralvolume-syncs", INT, &opts.concurrent_ephemeralvolume_syncs, "5",
		    "The number of ephemeral volume syncing operations that will be done concurrently. Larger number = faster ephemeral volume updating, but more CPU (and network) load"),
	{ NULL },
};

static struct kc_flag garbage_collector_flags[] = {
	KC_FLAG_DEF("concurrent-gc-syncs", INT, &opts.concurrent_gc_syncs, "20",
		    "The number of garbage collector workers that are allowed to sync concurrently."),
	KC_FLAG_DEF("enable-garbage-collector", BOOL, &opts.enable_garbage_collector, "true",
		    "Enables the generic garbage collector. MUST be synced with the corresponding flag of the kube-apiserver."),
	{ NULL },
};

static struct kc_flag hpa_flags[] = {
	KC_FLAG_DEF("concurrent-horizontal-pod-autoscaler-syncs", INT,
		    &opts.concurrent_horizontal_pod_autoscaler_syncs, "5",
		    "The number of horizontal pod autoscaler objects that are allowed to sync concurrently. Larger number = more responsive horizontal pod autoscaler objects processing, but more CPU (and network) load."),
	KC_FLAG_IGNORE("horizontal-pod-autoscaler-cpu-initialization-period", DURATION, "5m0s",
		       "The period after pod start when CPU samples might be skipped."),
	KC_FLAG_IGNORE("horizontal-pod-autoscaler-downscale-stabilization", DURATION, "5m0s",
		       "The period for which autoscaler will look backwards and not scale down below any recommendation it made during that period."),
	KC_FLAG_IGNORE("horizontal-pod-autoscaler-initial-readiness-delay", DURATION, "30s",
		       "The period after pod start during which readiness changes will be treated as initial readiness."),
	KC_FLAG_DEF("horizontal-pod-autoscaler-sync-period", DURATION,
		    &opts.horizontal_pod_autoscaler_sync_period, "15s",
		    "The period for syncing the number of pods in horizontal pod autoscaler."),
	KC_FLAG_IGNORET("horizontal-pod-autoscaler-tolerance", FLOAT, "float", "0.1",
			"The minimum change (from 1.0) in the desired-to-actual metrics ratio for the horizontal pod autoscaler to consider scaling."),
	{ NULL },
};

static struct kc_flag job_flags[] = {
	SYNCS("concurrent-job-syncs", concurrent_job_syncs, "5", "job"),
	{ NULL },
};

static struct kc_flag cronjob_flags[] = {
	SYNCS("concurrent-cron-job-syncs", concurrent_cron_job_syncs, "5", "cronjob"),
	{ NULL },
};

static struct kc_flag legacy_sa_token_cleaner_flags[] = {
	KC_FLAG_DEF("legacy-service-account-token-clean-up-period", DURATION,
		    &opts.legacy_service_account_token_clean_up_period, "8760h0m0s",
		    "The period of time since the last usage of an legacy service account token before it can be deleted."),
	{ NULL },
};

static struct kc_flag namespace_flags[] = {
	KC_FLAG_DEF("concurrent-namespace-syncs", INT, &opts.concurrent_namespace_syncs, "10",
		    "The number of namespace objects that are allowed to sync concurrently. Larger number = more responsive namespace termination, but more CPU (and network) load"),
	KC_FLAG_DEF("namespace-sync-period", DURATION, &opts.namespace_sync_period, "5m0s",
		    "The period for syncing namespace life-cycle updates"),
	{ NULL },
};

static struct kc_flag node_ipam_flags[] = {
	KC_FLAG_DEF("node-cidr-mask-size", INT, &opts.node_cidr_mask_size, "0",
		    "Mask size for node cidr in cluster. Default is 24 for IPv4 and 64 for IPv6."),
	KC_FLAG_DEF("node-cidr-mask-size-ipv4", INT, &opts.node_cidr_mask_size_ipv4, "0",
		    "Mask size for IPv4 node cidr in dual-stack cluster. Default is 24."),
	KC_FLAG_DEF("node-cidr-mask-size-ipv6", INT, &opts.node_cidr_mask_size_ipv6, "0",
		    "Mask size for IPv6 node cidr in dual-stack cluster. Default is 64."),
	KC_FLAG_DEF("service-cluster-ip-range", STRING, &opts.service_cluster_ip_range, NULL,
		    "CIDR Range for Services in cluster. Requires --allocate-node-cidrs to be true"),
	{ NULL },
};

static struct kc_flag node_lifecycle_flags[] = {
	KC_FLAG_DEF("large-cluster-size-threshold", INT, &opts.large_cluster_size_threshold, "50",
		    "Number of nodes from which node-lifecycle-controller treats the cluster as large for the eviction logic purposes. --secondary-node-eviction-rate is implicitly overridden to 0 for clusters this size or smaller. Notice: If nodes reside in multiple zones, this threshold will be considered as zone node size threshold for each zone to determine node eviction rate independently."),
	KC_FLAG_DEFT("node-eviction-rate", FLOAT, "float32", &opts.node_eviction_rate, "0.1",
		     "Number of nodes per second on which pods are deleted in case of node failure when a zone is healthy (see --unhealthy-zone-threshold for definition of healthy/unhealthy). Zone refers to entire cluster in non-multizone clusters."),
	KC_FLAG_DEF("node-monitor-grace-period", DURATION, &opts.node_monitor_grace_period, "50s",
		    "Amount of time which we allow running Node to be unresponsive before marking it unhealthy. Must be N times more than kubelet's nodeStatusUpdateFrequency, where N means number of retries allowed for kubelet to post node status. This value should also be greater than the sum of HTTP2_PING_TIMEOUT_SECONDS and HTTP2_READ_IDLE_TIMEOUT_SECONDS"),
	KC_FLAG_DEF("node-startup-grace-period", DURATION, &opts.node_startup_grace_period, "1m0s",
		    "Amount of time which we allow starting Node to be unresponsive before marking it unhealthy."),
	KC_FLAG_DEFT("secondary-node-eviction-rate", FLOAT, "float32", &opts.secondary_node_eviction_rate,
		     "0.01",
		     "Number of nodes per second on which pods are deleted in case of node failure when a zone is unhealthy (see --unhealthy-zone-threshold for definition of healthy/unhealthy). Zone refers to entire cluster in non-multizone clusters. This value is implicitly overridden to 0 if the cluster size is smaller than --large-cluster-size-threshold."),
	KC_FLAG_DEFT("unhealthy-zone-threshold", FLOAT, "float32", &opts.unhealthy_zone_threshold, "0.55",
		     "Fraction of Nodes in a zone which needs to be not Ready (minimum 3) for zone to be treated as unhealthy. "),
	{ NULL },
};

/* PersistentVolumes other than hostPath and local ones are out of ckube's scope. */
static struct kc_flag pv_binder_flags[] = {
	KC_FLAG_IGNORE("enable-dynamic-provisioning", BOOL, "true",
		       "Enable dynamic provisioning for environments that support it."),
	KC_FLAG_IGNORE("enable-hostpath-provisioner", BOOL, "false",
		       "Enable HostPath PV provisioning when running without a cloud provider. This allows testing and development of provisioning features.  HostPath provisioning is not supported in any way, won't work in a multi-node cluster, and should not be used for anything other than testing or development."),
	KC_FLAG_IGNORE("flex-volume-plugin-dir", STRING, "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/",
		       "Full path of the directory in which the flex volume plugin should search for additional third party volume plugins."),
	KC_FLAG_IGNORE("pv-recycler-increment-timeout-nfs", INT, "30",
		       "the increment of time added per Gi to ActiveDeadlineSeconds for an NFS scrubber pod"),
	KC_FLAG_IGNORE("pv-recycler-minimum-timeout-hostpath", INT, "60",
		       "The minimum ActiveDeadlineSeconds to use for a HostPath Recycler pod.  This is for development and testing only and will not work in a multi-node cluster."),
	KC_FLAG_IGNORE("pv-recycler-minimum-timeout-nfs", INT, "300",
		       "The minimum ActiveDeadlineSeconds to use for an NFS Recycler pod"),
	KC_FLAG_IGNORE("pv-recycler-pod-template-filepath-hostpath", STRING, NULL,
		       "The file path to a pod definition used as a template for HostPath persistent volume recycling. This is for development and testing only and will not work in a multi-node cluster."),
	KC_FLAG_IGNORE("pv-recycler-pod-template-filepath-nfs", STRING, NULL,
		       "The file path to a pod definition used as a template for NFS persistent volume recycling"),
	KC_FLAG_IGNORE("pv-recycler-timeout-increment-hostpath", INT, "30",
		       "the increment of time added per Gi to ActiveDeadlineSeconds for a HostPath scrubber pod.  This is for development and testing only and will not work in a multi-node cluster."),
	KC_FLAG_IGNORE("pvclaimbinder-sync-period", DURATION, "15s",
		       "The period for syncing persistent volumes and persistent volume claims"),
	KC_FLAG_IGNORE("volume-host-allow-local-loopback", BOOL, "true",
		       "If false, deny local loopback IPs in addition to any CIDR ranges in --volume-host-cidr-denylist"),
	KC_FLAG_IGNORE("volume-host-cidr-denylist", STRINGS, NULL,
		       "A comma-separated list of CIDR ranges to avoid from volume plugins."),
	{ NULL },
};

static struct kc_flag podgc_flags[] = {
	KC_FLAG_DEF("terminated-pod-gc-threshold", INT, &opts.terminated_pod_gc_threshold, "12500",
		    "Number of terminated pods that can exist before the terminated pod garbage collector starts deleting terminated pods. If <= 0, the terminated pod garbage collector is disabled."),
	{ NULL },
};

static struct kc_flag replicaset_flags[] = {
	SYNCS("concurrent-replicaset-syncs", concurrent_replicaset_syncs, "5", "replica set"),
	{ NULL },
};

static struct kc_flag replicationcontroller_flags[] = {
	SYNCS("concurrent-rc-syncs", concurrent_rc_syncs, "5", "replication controller"),
	{ NULL },
};

static struct kc_flag resourcequota_flags[] = {
	KC_FLAG_DEF("concurrent-resource-quota-syncs", INT, &opts.concurrent_resource_quota_syncs, "5",
		    "The number of resource quotas that are allowed to sync concurrently. Larger number = more responsive quota management, but more CPU (and network) load"),
	KC_FLAG_DEF("resource-quota-sync-period", DURATION, &opts.resource_quota_sync_period, "5m0s",
		    "The period for syncing quota usage status in the system"),
	{ NULL },
};

static struct kc_flag serviceaccount_flags[] = {
	KC_FLAG_DEF("concurrent-serviceaccount-token-syncs", INT,
		    &opts.concurrent_serviceaccount_token_syncs, "5",
		    "The number of service account token objects that are allowed to sync concurrently. Larger number = more responsive token generation, but more CPU (and network) load"),
	KC_FLAG_DEF("root-ca-file", STRING, &opts.root_ca_file, NULL,
		    "If set, this root certificate authority will be included in service account's token secret. This must be a valid PEM-encoded CA bundle."),
	KC_FLAG_DEF("service-account-private-key-file", STRING, &opts.service_account_private_key_file,
		    NULL,
		    "Filename containing a PEM-encoded private RSA or ECDSA key used to sign service account tokens."),
	{ NULL },
};

static struct kc_flag ttl_after_finished_flags[] = {
	KC_FLAG_DEF("concurrent-ttl-after-finished-syncs", INT, &opts.concurrent_ttl_after_finished_syncs,
		    "5", "The number of ttl-after-finished-controller workers that are allowed to sync concurrently."),
	{ NULL },
};

static struct kc_flag vap_status_flags[] = {
	KC_FLAG_DEF("concurrent-validating-admission-policy-status-syncs", INT,
		    &opts.concurrent_validating_admission_policy_status_syncs, "5",
		    "The number of ValidatingAdmissionPolicyStatusController workers that are allowed to sync concurrently."),
	{ NULL },
};

static struct kc_flag metrics_flags[] = {
	KC_FLAG_IGNORET("allow-metric-labels", MAP, "stringToString", NULL,
			"The map from metric-label to value allow-list of this label. The key's format is <MetricName>,<LabelName>. The value's format is <allowed_value>,<allowed_value>..."),
	KC_FLAG_IGNORE("allow-metric-labels-manifest", STRING, NULL,
		       "The path to the manifest file that contains the allow-list mapping. The format of the file is the same as the flag --allow-metric-labels. Note that the flag --allow-metric-labels will override the manifest file."),
	KC_FLAG_IGNORE("disabled-metrics", STRINGS, NULL,
		       "This flag provides an escape hatch for misbehaving metrics. You must provide the fully qualified metric name in order to disable it. Disclaimer: disabling metrics is higher in precedence than showing hidden metrics."),
	KC_FLAG_IGNORE("show-hidden-metrics-for-version", STRING, NULL,
		       "The previous version for which you want to show hidden metrics. Only the previous minor version is meaningful, other values will not be allowed. The format is <major>.<minor>, e.g.: '1.16'."),
	{ NULL },
};

static struct kc_flag misc_flags[] = {
	KC_FLAG_DEF("kubeconfig", STRING, &opts.kubeconfig, NULL,
		    "Path to kubeconfig file with authorization and master location information (the master location can be overridden by the master flag)."),
	KC_FLAG_DEF("master", STRING, &opts.master, NULL,
		    "The address of the Kubernetes API server (overrides any value in kubeconfig)."),
	{ NULL },
};

static struct kc_flag_section sections[] = {
	{ "Debugging", debugging_flags },
	{ "Leader-migration", leader_migration_flags },
	{ "Generic", generic_flags },
	{ "Service-lb-controller", service_lb_flags },
	{ "Secure serving", secure_serving_flags },
	{ "Authentication", authentication_flags },
	{ "Authorization", authorization_flags },
	{ "Persistentvolume-attach-detach-controller", attach_detach_flags },
	{ "Certificatesigningrequest-signing-controller", csr_signing_flags },
	{ "Deployment-controller", deployment_flags },
	{ "Statefulset-controller", statefulset_flags },
	{ "Daemonset-controller", daemonset_flags },
	{ "Endpoints-controller", endpoints_flags },
	{ "Endpointslice-controller", endpointslice_flags },
	{ "Endpointslice-mirroring-controller", endpointslice_mirroring_flags },
	{ "Ephemeral-volume-controller", ephemeral_volume_flags },
	{ "Garbage-collector-controller", garbage_collector_flags },
	{ "Horizontal-pod-autoscaler-controller", hpa_flags },
	{ "Job-controller", job_flags },
	{ "Cronjob-controller", cronjob_flags },
	{ "Legacy-serviceaccount-token-cleaner-controller", legacy_sa_token_cleaner_flags },
	{ "Namespace-controller", namespace_flags },
	{ "Node-ipam-controller", node_ipam_flags },
	{ "Node-lifecycle-controller", node_lifecycle_flags },
	{ "Persistentvolume-binder-controller", pv_binder_flags },
	{ "Pod-garbage-collector-controller", podgc_flags },
	{ "Replicaset-controller", replicaset_flags },
	{ "Replicationcontroller-controller", replicationcontroller_flags },
	{ "Resourcequota-controller", resourcequota_flags },
	{ "Serviceaccount-controller", serviceaccount_flags },
	{ "Ttl-after-finished-controller", ttl_after_finished_flags },
	{ "Validatingadmissionpolicy-status-controller", vap_status_flags },
	{ "Metrics", metrics_flags },
	{ "Misc", misc_flags },
	{ "Global", kc_common_flags },
	{ NULL },
};

static struct kc_flagset flagset = {
	.cmd = "kube-controller-manager",
	.description =
		"The Kubernetes controller manager is a daemon that embeds\nthe core control loops shipped with Kubernetes. In applications of robotics and\nautomation, a control loop is a non-terminating loop that regulates the state of\nthe system. In Kubernetes, a controller is a control loop that watches the shared\nstate of the cluster through the apiserver and makes changes attempting to move the\ncurrent state towards the desired state. Examples of controllers that ship with\nKubernetes today are the replication controller, endpoints controller, namespace\ncontroller, and serviceaccounts controller.",
	.sections = sections,
};

struct kc_flagset *
kube_controller_manager_options_flagset(void)
{
	return &flagset;
}

struct kube_controller_manager_options *
kube_controller_manager_options(void)
{
	return &opts;
}

/* ---- controllers (upstream: NewControllerDescriptors() and each descriptor's aliases) ---- */

static const struct {
	const char *name;
	const char *alias; /* the pre-1.28 name, NULL when none */
	int disabled_by_default;
} known_controllers[] = {
	{ "bootstrap-signer-controller", "bootstrapsigner", 1 },
	{ "certificatesigningrequest-approving-controller", "csrapproving", 0 },
	{ "certificatesigningrequest-cleaner-controller", "csrcleaner", 0 },
	{ "certificatesigningrequest-signing-controller", "csrsigning", 0 },
	{ "cloud-node-lifecycle-controller", "cloud-node-lifecycle", 0 },
	{ "clusterrole-aggregation-controller", "clusterrole-aggregation", 0 },
	{ "cronjob-controller", "cronjob", 0 },
	{ "daemonset-controller", "daemonset", 0 },
	{ "deployment-controller", "deployment", 0 },
	{ "disruption-controller", "disruption", 0 },
	{ "endpoints-controller", "endpoint", 0 },
	{ "endpointslice-controller", "endpointslice", 0 },
	{ "endpointslice-mirroring-controller", "endpointslicemirroring", 0 },
	{ "ephemeral-volume-controller", "ephemeral-volume", 0 },
	{ "garbage-collector-controller", "garbagecollector", 0 },
	{ "horizontal-pod-autoscaler-controller", "horizontalpodautoscaling", 0 },
	{ "job-controller", "job", 0 },
	{ "legacy-serviceaccount-token-cleaner-controller", "legacy-service-account-token-cleaner", 0 },
	{ "namespace-controller", "namespace", 0 },
	{ "node-ipam-controller", "nodeipam", 0 },
	{ "node-lifecycle-controller", "nodelifecycle", 0 },
	{ "node-route-controller", "route", 0 },
	{ "persistentvolume-attach-detach-controller", "attachdetach", 0 },
	{ "persistentvolume-binder-controller", "persistentvolume-binder", 0 },
	{ "persistentvolume-expander-controller", "persistentvolume-expander", 0 },
	{ "persistentvolume-protection-controller", "pv-protection", 0 },
	{ "persistentvolumeclaim-protection-controller", "pvc-protection", 0 },
	{ "pod-garbage-collector-controller", "podgc", 0 },
	{ "replicaset-controller", "replicaset", 0 },
	{ "replicationcontroller-controller", "replicationcontroller", 0 },
	{ "resourceclaim-controller", "resource-claim-controller", 0 },
	{ "resourcequota-controller", "resourcequota", 0 },
	{ "root-ca-certificate-publisher-controller", "root-ca-cert-publisher", 0 },
	{ "selinux-warning-controller", NULL, 1 },
	{ "service-cidr-controller", NULL, 0 },
	{ "service-lb-controller", "service", 0 },
	{ "serviceaccount-controller", "serviceaccount", 0 },
	{ "serviceaccount-token-controller", "serviceaccount-token", 0 },
	{ "statefulset-controller", "statefulset", 0 },
	{ "storage-version-migrator-controller", NULL, 0 },
	{ "storageversion-garbage-collector-controller", "storage-version-gc", 0 },
	{ "taint-eviction-controller", NULL, 0 },
	{ "token-cleaner-controller", "tokencleaner", 1 },
	{ "ttl-after-finished-controller", "ttl-after-finished", 0 },
	{ "ttl-controller", "ttl", 0 },
	{ "validatingadmissionpolicy-status-controller", NULL, 0 },
};

#define N_CONTROLLERS (sizeof(known_controllers) / sizeof(known_controllers[0]))

/* Index of the controller called (or aliased) name, or -1. */
static int
controller_index(const char *name, size_t len)
{
	for (size_t i = 0; i < N_CONTROLLERS; i++) {
		const char *n = known_controllers[i].name;
		const char *a = known_controllers[i].alias;

		if ((strlen(n) == len && memcmp(n, name, len) == 0) ||
		    (a != NULL && strlen(a) == len && memcmp(a, name, len) == 0))
			return (int)i;
	}
	return -1;
}

int
kube_controller_manager_controller_enabled(const struct kc_strv *controllers, const char *name)
{
	int want = controller_index(name, strlen(name));
	int star = 0;

	if (want < 0)
		return 0;
	for (size_t i = 0; i < controllers->n; i++) {
		const char *c = controllers->v[i];
		int negated = c[0] == '-';

		if (strcmp(c, "*") == 0) {
			star = 1;
			continue;
		}
		if (controller_index(c + negated, strlen(c + negated)) == want)
			return !negated;
	}
	return star && !known_controllers[want].disabled_by_default;
}

/* ---- validation ---- */

/* GenericControllerManagerConfigurationOptions.Validate() */
static int
validate_generic(const struct kube_controller_manager_options *o, struct kc_strv *errs)
{
	int r = 0;

	if (o->leader_elect && (o->leader_elect_resource_lock == NULL ||
				strcmp(o->leader_elect_resource_lock, "leases") != 0))
		r = kc_strv_pushf(errs, "resourceLock value must be \"leases\"");
	for (size_t i = 0; r >= 0 && i < o->controllers.n; i++) {
		const char *c = o->controllers.v[i];

		if (strcmp(c, "*") == 0)
			continue;
		if (*c == '-')
			c++;
		if (controller_index(c, strlen(c)) < 0)
			r = kc_strv_pushf(errs, "\"%s\" is not in the list of known controllers", c);
	}
	return r;
}

static int
validate_serving(const struct kube_controller_manager_options *o, struct kc_strv *errs)
{
	return kc_flags_validate_secure_serving(o->secure_port, 0, o->tls_min_version, errs);
}

/* One specific signer's pair: both or neither. */
static int
validate_signer_pair(const char *name, const char *cert, const char *key, struct kc_strv *errs)
{
	if (kc_flags_nonempty(cert) && !kc_flags_nonempty(key))
		return kc_strv_pushf(errs, "cannot specify --cluster-signing-%s-cert-file without --cluster-signing-%s-key-file",
				     name, name);
	if (!kc_flags_nonempty(cert) && kc_flags_nonempty(key))
		return kc_strv_pushf(errs, "cannot specify --cluster-signing-%s-key-file without --cluster-signing-%s-cert-file",
				     name, name);
	return 0;
}

/* CSRSigningControllerOptions.Validate() */
static int
validate_csr_signing(const struct kube_controller_manager_options *o, struct kc_strv *errs)
{
	int specific = kc_flags_nonempty(o->cluster_signing_kubelet_serving_cert_file) ||
		       kc_flags_nonempty(o->cluster_signing_kubelet_serving_key_file) ||
		       kc_flags_nonempty(o->cluster_signing_kubelet_client_cert_file) ||
		       kc_flags_nonempty(o->cluster_signing_kubelet_client_key_file) ||
		       kc_flags_nonempty(o->cluster_signing_kube_apiserver_client_cert_file) ||
		       kc_flags_nonempty(o->cluster_signing_kube_apiserver_client_key_file) ||
		       kc_flags_nonempty(o->cluster_signing_legacy_unknown_cert_file) ||
		       kc_flags_nonempty(o->cluster_signing_legacy_unknown_key_file);
	int generic = kc_flags_nonempty(o->cluster_signing_cert_file) ||
		      kc_flags_nonempty(o->cluster_signing_key_file);
	int r = 0;

	if (generic && specific)
		return kc_strv_pushf(errs, "cannot specify --cluster-signing-{cert,key}-file and other --cluster-signing-*-file flags at the same time");
	if (kc_flags_nonempty(o->cluster_signing_cert_file) &&
	    !kc_flags_nonempty(o->cluster_signing_key_file))
		r = kc_strv_pushf(errs, "cannot specify --cluster-signing-cert-file without --cluster-signing-key-file");
	if (r >= 0 && !kc_flags_nonempty(o->cluster_signing_cert_file) &&
	    kc_flags_nonempty(o->cluster_signing_key_file))
		r = kc_strv_pushf(errs, "cannot specify --cluster-signing-key-file without --cluster-signing-cert-file");
	if (r >= 0)
		r = validate_signer_pair("kubelet-serving", o->cluster_signing_kubelet_serving_cert_file,
					 o->cluster_signing_kubelet_serving_key_file, errs);
	if (r >= 0)
		r = validate_signer_pair("kubelet-client", o->cluster_signing_kubelet_client_cert_file,
					 o->cluster_signing_kubelet_client_key_file, errs);
	if (r >= 0)
		r = validate_signer_pair("kube-apiserver-client",
					 o->cluster_signing_kube_apiserver_client_cert_file,
					 o->cluster_signing_kube_apiserver_client_key_file, errs);
	if (r >= 0)
		r = validate_signer_pair("legacy-unknown", o->cluster_signing_legacy_unknown_cert_file,
					 o->cluster_signing_legacy_unknown_key_file, errs);
	return r;
}

/* NodeIPAMControllerOptions.Validate() and the CIDR parsing startNodeIpamController() does. */
static int
validate_node_ipam(const struct kube_controller_manager_options *o, struct kc_strv *errs)
{
	struct kc_strv list = KC_STRV_INIT;
	unsigned char ip[16];
	int ones, r = 0;

	if (kc_flags_nonempty(o->service_cluster_ip_range)) {
		if (kc_strv_split(&list, o->service_cluster_ip_range, ',') < 0)
			return KC_ERR_NOMEM;
		if (list.n > 2)
			r = kc_strv_pushf(errs, "--service-cluster-ip-range can not contain more than two entries");
		kc_strv_release(&list);
	}
	if (r >= 0 && o->allocate_node_cidrs && kc_flags_nonempty(o->cluster_cidr)) {
		if (kc_strv_split(&list, o->cluster_cidr, ',') < 0)
			return KC_ERR_NOMEM;
		for (size_t i = 0; r >= 0 && i < list.n; i++)
			if (kc_validation_parse_cidr(list.v[i], ip, &ones) < 0)
				r = kc_strv_pushf(errs, "failed to start the node-ipam-controller: error parsing cluster CIDR: invalid CIDR address: %s",
						  list.v[i]);
		kc_strv_release(&list);
	}
	if (r >= 0 && o->node_cidr_mask_size != 0 &&
	    (o->node_cidr_mask_size_ipv4 != 0 || o->node_cidr_mask_size_ipv6 != 0))
		r = kc_strv_pushf(errs, "usage of --node-cidr-mask-size is not allowed with dual-stack clusters");
	return r;
}

int
kube_controller_manager_options_validate(const struct kube_controller_manager_options *o,
					 struct kc_strv *errs)
{
	static int (*const checks[])(const struct kube_controller_manager_options *,
				     struct kc_strv *) = {
		validate_generic,
		validate_serving,
		validate_csr_signing,
		validate_node_ipam,
	};
	size_t before = errs->n;

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		int r = checks[i](o, errs);

		if (r < 0)
			return r;
	}
	return (int)(errs->n - before);
}
