/*
 * options.c - the kubelet's flag table and startup validation (upstream:
 * cmd/kubelet/app/options/options.go, container_runtime.go, cmd/kubelet/app/server.go
 * NewKubeletCommand(); pkg/kubelet/apis/config/validation/validation.go;
 * k8s.io/kubelet/pkg/apis/well_known_labels.go).  Names, types and defaults are v1.32's (the
 * defaults of KubeletConfiguration v1beta1 plus upstream's "legacy" flag defaults); help texts
 * are upstream's, sometimes shortened.  Upstream lists all flags in one sorted "Flags:" block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/netutil.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"
#include "kubelet/options.h"

static struct kubelet_options opts;

/* What upstream attaches to every flag that mirrors a KubeletConfiguration field. */
#define CONFIG_DEPRECATED                                                                       \
	"This parameter should be set via the config file specified by the Kubelet's --config " \
	"flag. See https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/ for " \
	"more information."

/* A KubeletConfiguration flag: deprecated but shown, and honoured over the --config file. */
#define CFLAG_CHECKED(n, t, tn, v, d, chk, u)                                                      \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .value = (v), .def = (d), .usage = (u), \
	  .check = (chk), .deprecated = CONFIG_DEPRECATED, .opts = KC_FLAG_DEPRECATED }
#define CFLAG(n, t, tn, v, d, u) CFLAG_CHECKED(n, t, tn, v, d, NULL, u)
/* A deprecated flag for a feature ckube's kubelet does not have: shown in --help, as the kubelet
 * unhides its deprecated flags. */
#define KDEPRECATED_IGNORED(n, t, d, u, msg)                                       \
	{ .name = (n), .type = KC_FLAG_##t, .def = (d), .usage = (u), .deprecated = (msg), \
	  .opts = KC_FLAG_DEPRECATED | KC_FLAG_IGNORED }
/* The same for a KubeletConfiguration flag. */
#define CIGNORED(n, t, tn, d, u)                                                                  \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .def = (d), .usage = (u),          \
	  .deprecated = CONFIG_DEPRECATED, .opts = KC_FLAG_DEPRECATED | KC_FLAG_IGNORED }

#define RESERVED_HELP                                                                          \
	"A set of ResourceName=ResourceQuantity (e.g. cpu=200m,memory=500Mi,ephemeral-storage=1Gi,pid=1000) " \
	"pairs that describe resources reserved for "

/*
 * cliflag.LangleSeparatedMapStringString.Set() (--eviction-hard): "signal<quantity" pairs.
 * Unlike upstream, an empty pair (",,") is refused too: the list would keep it.
 */
static int
check_langle_pairs(const char *value, char *err, size_t errlen)
{
	const char *p = value;

	if (*value == '\0')
		return 0; /* the empty list */
	for (;;) {
		size_t len = strcspn(p, ",");

		if (memchr(p, '<', len) == NULL) {
			if (err != NULL && errlen > 0)
				snprintf(err, errlen, "malformed pair, expect string<string");
			return KC_ERR_INVALID;
		}
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

static struct kc_flag kubelet_flags[] = {
	CFLAG_CHECKED("address", STRING, "ip", &opts.address, "0.0.0.0", kc_netutil_check_ip,
		      "The IP address for the Kubelet to serve on (set to '0.0.0.0' or '::' for listening on all interfaces and IP address families)"),
	CIGNORED("allowed-unsafe-sysctls", STRINGS, NULL, NULL,
		 "Comma-separated whitelist of unsafe sysctls or unsafe sysctl patterns (ending in *). Use these at your own risk."),
	CFLAG("anonymous-auth", BOOL, NULL, &opts.anonymous_auth, "true",
	      "Enables anonymous requests to the Kubelet server. Requests that are not rejected by another authentication method are treated as anonymous requests. Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated."),
	CFLAG("authentication-token-webhook", BOOL, NULL, &opts.authentication_token_webhook,
	      "false", "Use the TokenReview API to determine authentication for bearer tokens."),
	CFLAG("authentication-token-webhook-cache-ttl", DURATION, NULL,
	      &opts.authentication_token_webhook_cache_ttl, "2m0s",
	      "The duration to cache responses from the webhook token authenticator."),
	CFLAG("authorization-mode", STRING, NULL, &opts.authorization_mode, "AlwaysAllow",
	      "Authorization mode for Kubelet server. Valid options are AlwaysAllow or Webhook. Webhook mode uses the SubjectAccessReview API to determine authorization."),
	CFLAG("authorization-webhook-cache-authorized-ttl", DURATION, NULL,
	      &opts.authorization_webhook_cache_authorized_ttl, "5m0s",
	      "The duration to cache 'authorized' responses from the webhook authorizer."),
	CFLAG("authorization-webhook-cache-unauthorized-ttl", DURATION, NULL,
	      &opts.authorization_webhook_cache_unauthorized_ttl, "30s",
	      "The duration to cache 'unauthorized' responses from the webhook authorizer."),
	KC_FLAG_DEF("bootstrap-kubeconfig", STRING, &opts.bootstrap_kubeconfig, NULL,
		    "Path to a kubeconfig file that will be used to get client certificate for kubelet. If the file specified by --kubeconfig does not exist, the bootstrap kubeconfig is used to request a client certificate from the API server. On success, a kubeconfig file referencing the generated client certificate and key is written to the path specified by --kubeconfig. The client certificate and key file will be stored in the directory pointed by --cert-dir."),
	KC_FLAG_DEF("cert-dir", STRING, &opts.cert_dir, "/var/lib/kubelet/pki",
		    "The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored."),
	CFLAG("cgroup-driver", STRING, NULL, &opts.cgroup_driver, "cgroupfs",
	      "Driver that the kubelet uses to manipulate cgroups on the host.  Possible values: 'cgroupfs', 'systemd'"),
	CFLAG("cgroup-root", STRING, NULL, &opts.cgroup_root, NULL,
	      "Optional root cgroup to use for pods. This is handled by the container runtime on a best effort basis. Default: '', which means use the container runtime default."),
	CFLAG("cgroups-per-qos", BOOL, NULL, &opts.cgroups_per_qos, "true",
	      "Enable creation of QoS cgroup hierarchy, if true top level QoS and pod cgroups are created."),
	CFLAG("client-ca-file", STRING, NULL, &opts.client_ca_file, NULL,
	      "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate."),
	KDEPRECATED_IGNORED("cloud-config", STRING, NULL,
			    "The path to the cloud provider configuration file. Empty string for no configuration file.",
			    "will be removed in 1.25 or later, in favor of removing cloud provider code from Kubelet."),
	KC_FLAG_DEF("cloud-provider", STRING, &opts.cloud_provider, NULL,
		    "The provider for cloud services. Set to empty string for running with no cloud provider. Set to 'external' for running with an external cloud provider. If set, the cloud provider determines the name of the node (consult cloud provider documentation to determine if and how the hostname is used)."),
	CFLAG("cluster-dns", STRINGS, NULL, &opts.cluster_dns, NULL,
	      "Comma-separated list of DNS server IP address.  This value is used for containers DNS server in case of Pods with \"dnsPolicy=ClusterFirst\". Note: all DNS servers appearing in the list MUST serve the same set of records otherwise name resolution within the cluster may not work correctly. There is no guarantee as to which DNS server may be contacted for name resolution."),
	CFLAG("cluster-domain", STRING, NULL, &opts.cluster_domain, NULL,
	      "Domain for this cluster.  If set, kubelet will configure all containers to search this domain in addition to the host's search domains"),
	KC_FLAG_DEF("config", STRING, &opts.config, NULL,
		    "The Kubelet will load its initial configuration from this file. The path may be absolute or relative; relative paths start at the Kubelet's current working directory. Omit this flag to use the built-in default configuration values. Command-line flags override configuration from this file."),
	KC_FLAG_DEF("config-dir", STRING, &opts.config_dir, NULL,
		    "Path to a directory to specify drop-ins, allows the user to optionally specify additional configs to overwrite what is provided by default and in the KubeletConfigFile flag. [default='']"),
	CFLAG("container-log-max-files", INT, "int32", &opts.container_log_max_files, "5",
	      "<Warning: Beta feature> Set the maximum number of container log files that can be present for a container. The number must be >= 2."),
	CFLAG("container-log-max-size", STRING, NULL, &opts.container_log_max_size, "10Mi",
	      "<Warning: Beta feature> Set the maximum size (e.g. 10Mi) of container log file before it is rotated."),
	CFLAG("container-runtime-endpoint", STRING, NULL, &opts.container_runtime_endpoint,
	      "unix:///run/containerd/containerd.sock",
	      "The endpoint of container runtime service. Unix Domain Sockets are supported on Linux, while npipe and tcp endpoints are supported on Windows. Examples:'unix:///path/to/runtime.sock', 'npipe:////./pipe/runtime'"),
	CIGNORED("contention-profiling", BOOL, NULL, "false",
		 "Enable block profiling, if profiling is enabled"),
	CIGNORED("cpu-cfs-quota", BOOL, NULL, "true",
		 "Enable CPU CFS quota enforcement for containers that specify CPU limits"),
	CIGNORED("cpu-cfs-quota-period", DURATION, NULL, "100ms",
		 "Sets CPU CFS quota period value, cpu.cfs_period_us, defaults to Linux Kernel default"),
	CIGNORED("cpu-manager-policy", STRING, NULL, "none",
		 "CPU Manager policy to use. Possible values: 'none', 'static'."),
	CIGNORED("cpu-manager-policy-options", MAP, "mapStringString", NULL,
		 "A set of key=value CPU Manager policy options to use, to fine tune their behaviour. If not supplied, keep the default behaviour."),
	CIGNORED("cpu-manager-reconcile-period", DURATION, NULL, "10s",
		 "<Warning: Alpha feature> CPU Manager reconciliation period. Examples: '10s', or '1m'. If not supplied, defaults to 'NodeStatusUpdateFrequency'"),
	CIGNORED("enable-controller-attach-detach", BOOL, NULL, "true",
		 "Enables the Attach/Detach controller to manage attachment/detachment of volumes scheduled to this node, and disables kubelet from executing any attach/detach operations"),
	CFLAG("enable-debugging-handlers", BOOL, NULL, &opts.enable_debugging_handlers, "true",
	      "Enables server endpoints for log collection and local running of containers and commands"),
	CFLAG("enable-server", BOOL, NULL, &opts.enable_server, "true", "Enable the Kubelet's server"),
	CIGNORED("enforce-node-allocatable", STRINGS, NULL, "pods",
		 "A comma separated list of levels of node allocatable enforcement to be enforced by kubelet. Acceptable options are 'none', 'pods', 'system-reserved', and 'kube-reserved'. If the latter two options are specified, '--system-reserved-cgroup' and '--kube-reserved-cgroup' must also be set, respectively. If 'none' is specified, no additional options should be set."),
	CFLAG("event-burst", INT, "int32", &opts.event_burst, "100",
	      "Maximum size of a bursty event records, temporarily allows event records to burst to this number, while still not exceeding event-qps. The number must be >= 0. If 0 will use DefaultBurst: 10."),
	CFLAG("event-qps", INT, "int32", &opts.event_qps, "50",
	      "QPS to limit event creations. The number must be >= 0. If 0 will use DefaultQPS: 5."),
	CFLAG_CHECKED("eviction-hard", STRINGS, "mapStringString", &opts.eviction_hard,
		      "imagefs.available<15%,memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%",
		      check_langle_pairs,
		      "A set of eviction thresholds (e.g. memory.available<1Gi) that if met would trigger a pod eviction."),
	CIGNORED("eviction-max-pod-grace-period", INT, "int32", "0",
		 "Maximum allowed grace period (in seconds) to use when terminating pods in response to a soft eviction threshold being met.  If negative, defer to pod specified value."),
	CIGNORED("eviction-minimum-reclaim", MAP, "mapStringString", NULL,
		 "A set of minimum reclaims (e.g. imagefs.available=2Gi) that describes the minimum amount of resource the kubelet will reclaim when performing a pod eviction if that resource is under pressure."),
	CIGNORED("eviction-pressure-transition-period", DURATION, NULL, "5m0s",
		 "Duration for which the kubelet has to wait before transitioning out of an eviction pressure condition."),
	CIGNORED("eviction-soft", STRINGS, "mapStringString", NULL,
		 "A set of eviction thresholds (e.g. memory.available<1.5Gi) that if met over a corresponding grace period would trigger a pod eviction."),
	CIGNORED("eviction-soft-grace-period", MAP, "mapStringString", NULL,
		 "A set of eviction grace periods (e.g. memory.available=1m30s) that correspond to how long a soft eviction threshold must hold before triggering a pod eviction."),
	KC_FLAG_DEF("exit-on-lock-contention", BOOL, &opts.exit_on_lock_contention, "false",
		    "Whether kubelet should exit upon lock-file contention."),
	KDEPRECATED_IGNORED("experimental-allocatable-ignore-eviction", BOOL, "false",
			    "When set to 'true', Hard Eviction Thresholds will be ignored while calculating Node Allocatable. [default=false]",
			    "will be removed in 1.25 or later."),
	KDEPRECATED_IGNORED("experimental-mounter-path", STRING, NULL,
			    "[Experimental] Path of mounter binary. Leave empty to use the default mount.",
			    "will be removed in 1.25 or later. in favor of using CSI."),
	CFLAG("fail-swap-on", BOOL, NULL, &opts.fail_swap_on, "true",
	      "Makes the Kubelet fail to start if swap is enabled on the node. "),
	CFLAG_CHECKED("feature-gates", MAP_BOOL, NULL, &opts.feature_gates, NULL,
		      kc_flags_check_feature_gates, KC_FLAG_FEATURE_GATES_USAGE),
	CFLAG("file-check-frequency", DURATION, NULL, &opts.file_check_frequency, "20s",
	      "Duration between checking config files for new data"),
	CFLAG("hairpin-mode", STRING, NULL, &opts.hairpin_mode, "promiscuous-bridge",
	      "How should the kubelet setup hairpin NAT. This allows endpoints of a Service to loadbalance back to themselves if they should try to access their own Service. Valid values are \"promiscuous-bridge\", \"hairpin-veth\" and \"none\"."),
	CFLAG_CHECKED("healthz-bind-address", STRING, "ip", &opts.healthz_bind_address, "127.0.0.1",
		      kc_netutil_check_ip,
		      "The IP address for the healthz server to serve on (set to '0.0.0.0' or '::' for listening on all interfaces and IP address families)"),
	CFLAG("healthz-port", INT, "int32", &opts.healthz_port, "10248",
	      "The port of the localhost healthz endpoint (set to 0 to disable)"),
	KC_FLAG_DEF("hostname-override", STRING, &opts.hostname_override, NULL,
		    "If non-empty, will use this string as identification instead of the actual hostname. If --cloud-provider is set, the cloud provider determines the name of the node (consult cloud provider documentation to determine if and how the hostname is used)."),
	CFLAG("http-check-frequency", DURATION, NULL, &opts.http_check_frequency, "20s",
	      "Duration between checking http for new data"),
	KC_FLAG_DEF("image-credential-provider-bin-dir", STRING, &opts.image_credential_provider_bin_dir,
		    NULL, "The path to the directory where credential provider plugin binaries are located."),
	KC_FLAG_DEF("image-credential-provider-config", STRING, &opts.image_credential_provider_config,
		    NULL, "The path to the credential provider plugin config file."),
	CFLAG("image-gc-high-threshold", INT, "int32", &opts.image_gc_high_threshold, "85",
	      "The percent of disk usage after which image garbage collection is always run. Values must be within the range [0, 100], To disable image garbage collection, set to 100. "),
	CFLAG("image-gc-low-threshold", INT, "int32", &opts.image_gc_low_threshold, "80",
	      "The percent of disk usage before which image garbage collection is never run. Lowest disk usage to garbage collect to. Values must be within the range [0, 100] and must be less than that of --image-gc-high-threshold."),
	CFLAG("image-service-endpoint", STRING, NULL, &opts.image_service_endpoint, NULL,
	      "The endpoint of container image service. If not specified, it will be the same with --container-runtime-endpoint by default. Unix Domain Socket are supported on Linux, while npipe and tcp endpoints are supported on Windows. Examples:'unix:///path/to/runtime.sock', 'npipe:////./pipe/runtime'"),
	KC_FLAG_DEPRECATED_IGNORE("iptables-drop-bit", INT, NULL, "15",
				  "Has no effect; kubelet no longer creates a KUBE-MARK-DROP chain",
				  "This flag has no effect and will be removed in a future version."),
	KC_FLAG_DEPRECATED_IGNORE("iptables-masquerade-bit", INT, NULL, "14",
				  "Has no effect; use kube-proxy parameters to configure the KUBE-MARK-MASQ chain.",
				  "This flag has no effect and will be removed in a future version."),
	KDEPRECATED_IGNORED("keep-terminated-pod-volumes", BOOL, "false",
			    "Keep terminated pod volumes mounted to the node after the pod terminates.  Can be useful for debugging volume related issues.",
			    "will be removed in a future version"),
	CIGNORED("kernel-memcg-notification", BOOL, NULL, "false",
		 "If enabled, the kubelet will integrate with the kernel memcg notification to determine if memory eviction thresholds are crossed rather than polling."),
	CFLAG("kube-api-burst", INT, "int32", &opts.kube_api_burst, "100",
	      "Burst to use while talking with kubernetes apiserver. The number must be >= 0. If 0 will use DefaultBurst: 100. Doesn't cover events and node heartbeat apis which rate limiting is controlled by a different set of flags"),
	CFLAG("kube-api-content-type", STRING, NULL, &opts.kube_api_content_type,
	      "application/vnd.kubernetes.protobuf", "Content type of requests sent to apiserver."),
	CFLAG("kube-api-qps", INT, "int32", &opts.kube_api_qps, "50",
	      "QPS to use while talking with kubernetes apiserver. The number must be >= 0. If 0 will use DefaultQPS: 50. Doesn't cover events and node heartbeat apis which rate limiting is controlled by a different set of flags"),
	CIGNORED("kube-reserved", MAP, "mapStringString", NULL,
		 RESERVED_HELP "kubernetes system components. Currently only cpu, memory, pid and local ephemeral storage for root file system are supported. [default=none]"),
	CIGNORED("kube-reserved-cgroup", STRING, NULL, NULL,
		 "Absolute name of the top level cgroup that is used to manage kubernetes components for which compute resources were reserved via '--kube-reserved' flag. Ex. '/kube-reserved'. [default='']"),
	KC_FLAG_DEF("kubeconfig", STRING, &opts.kubeconfig, NULL,
		    "Path to a kubeconfig file, specifying how to connect to the API server. Providing --kubeconfig enables API server mode, omitting --kubeconfig enables standalone mode."),
	CIGNORED("kubelet-cgroups", STRING, NULL, NULL,
		 "Optional absolute name of cgroups to create and run the Kubelet in."),
	CIGNORED("local-storage-capacity-isolation", BOOL, NULL, "true",
		 "If true, local ephemeral storage isolation is enabled. Otherwise, local storage isolation feature will be disabled"),
	KC_FLAG_DEF("lock-file", STRING, &opts.lock_file, NULL,
		    "<Warning: Alpha feature> The path to file for kubelet to use as a lock file."),
	CIGNORED("make-iptables-util-chains", BOOL, NULL, "true",
		 "If true, kubelet will ensure iptables utility rules are present on host."),
	CIGNORED("manifest-url", STRING, NULL, NULL,
		 "URL for accessing additional Pod specifications to run"),
	CIGNORED("manifest-url-header", STRINGS, "colonSeparatedMultimapStringString", NULL,
		 "Comma-separated list of HTTP headers to use when accessing the url provided to --manifest-url. Multiple headers with the same name will be added in the same order provided. This flag can be repeatedly invoked. For example: --manifest-url-header 'a:hello,b:again,c:world' --manifest-url-header 'b:beautiful'"),
	CIGNORED("max-open-files", INT64, "int", "1000000",
		 "Number of files that can be opened by Kubelet process."),
	CFLAG("max-pods", INT, "int32", &opts.max_pods, "110",
	      "Number of Pods that can run on this Kubelet."),
	KDEPRECATED_IGNORED("maximum-dead-containers", INT, "-1",
			    "Maximum number of old instances of containers to retain globally.  Each container takes up some disk space. To disable, set to a negative number.",
			    "Use --eviction-hard or --eviction-soft instead. Will be removed in a future version."),
	KDEPRECATED_IGNORED("maximum-dead-containers-per-container", INT, "1",
			    "Maximum number of old instances to retain per container.  Each container takes up some disk space.",
			    "Use --eviction-hard or --eviction-soft instead. Will be removed in a future version."),
	CIGNORED("memory-manager-policy", STRING, NULL, "None",
		 "Memory Manager policy to use. Possible values: 'None', 'Static'."),
	KDEPRECATED_IGNORED("minimum-container-ttl-duration", DURATION, "0s",
			    "Minimum age for a finished container before it is garbage collected.  Examples: '300ms', '10s' or '2h45m'",
			    "Use --eviction-hard or --eviction-soft instead. Will be removed in a future version."),
	CFLAG("minimum-image-ttl-duration", DURATION, NULL, &opts.minimum_image_ttl_duration, "2m0s",
	      "Minimum age for an unused image before it is garbage collected.  Examples: '300ms', '10s' or '2h45m'."),
	KC_FLAG_DEF("node-ip", STRING, &opts.node_ip, NULL,
		    "IP address (or comma-separated dual-stack IP addresses) of the node. If unset, kubelet will use the node's default IPv4 address, if any, or its default IPv6 address if it has no IPv4 addresses. You can pass '::' to make it prefer the default IPv6 address rather than the default IPv4 address."),
	KC_FLAG_DEF("node-labels", MAP, &opts.node_labels, NULL,
		    "Labels to add when registering the node in the cluster.  Labels must be key=value pairs separated by ','. Labels in the 'kubernetes.io' namespace must begin with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io) or be in the specifically allowed set (beta.kubernetes.io/arch, beta.kubernetes.io/instance-type, beta.kubernetes.io/os, failure-domain.beta.kubernetes.io/region, failure-domain.beta.kubernetes.io/zone, kubernetes.io/arch, kubernetes.io/hostname, kubernetes.io/os, node.kubernetes.io/instance-type, topology.kubernetes.io/region, topology.kubernetes.io/zone)"),
	CIGNORED("node-status-max-images", INT, "int32", "50",
		 "The maximum number of images to report in Node.Status.Images. If -1 is specified, no cap will be applied."),
	CFLAG("node-status-update-frequency", DURATION, NULL, &opts.node_status_update_frequency,
	      "10s",
	      "Specifies how often kubelet posts node status to master. Note: be cautious when changing the constant, it must work with nodeMonitorGracePeriod in nodecontroller."),
	CFLAG("oom-score-adj", INT, "int32", &opts.oom_score_adj, "-999",
	      "The oom-score-adj value for kubelet process. Values must be within the range [-1000, 1000]"),
	CFLAG("pod-cidr", STRING, NULL, &opts.pod_cidr, NULL,
	      "The CIDR to use for pod IP addresses, only used in standalone mode.  In cluster mode, this is obtained from the master. For IPv6, the maximum number of IP's allocated is 65536"),
	{ .name = "pod-infra-container-image", .type = KC_FLAG_STRING,
	  .value = &opts.pod_infra_container_image, .def = "registry.k8s.io/pause:3.10",
	  .usage = "Specified image will not be pruned by the image garbage collector. CRI implementations have their own configuration to set this image.",
	  .deprecated = "will be removed in 1.35. Image garbage collector will get sandbox image information from CRI.",
	  .opts = KC_FLAG_DEPRECATED },
	CFLAG("pod-manifest-path", STRING, NULL, &opts.pod_manifest_path, NULL,
	      "Path to the directory containing static pod files to run, or the path to a single static pod file. Files starting with dots will be ignored."),
	CFLAG("pod-max-pids", INT64, "int", &opts.pod_max_pids, "-1",
	      "Set the maximum number of processes per pod.  If -1, the kubelet defaults to the node allocatable pid capacity."),
	CIGNORED("pods-per-core", INT, "int32", "0",
		 "Number of Pods per core that can run on this Kubelet. The total number of Pods on this Kubelet cannot exceed max-pods, so max-pods will be used if this calculation results in a larger number of Pods allowed on the Kubelet. A value of 0 disables this limit."),
	CFLAG("port", INT, "int32", &opts.port, "10250", "The port for the Kubelet to serve on."),
	CIGNORED("protect-kernel-defaults", BOOL, NULL, "false",
		 "Default kubelet behaviour for kernel tuning. If set, kubelet errors if any of kernel tunables is different than kubelet defaults."),
	KC_FLAG_DEF("provider-id", STRING, &opts.provider_id, NULL,
		    "Unique identifier for identifying the node in a machine database, i.e cloudprovider"),
	CIGNORED("qos-reserved", MAP, "mapStringString", NULL,
		 "<Warning: Alpha feature> A set of ResourceName=Percentage (e.g. memory=50%) pairs that describe how pod resource requests are reserved at the QoS level. Currently only memory is supported. Requires the QOSReserved feature gate to be enabled."),
	CFLAG("read-only-port", INT, "int32", &opts.read_only_port, "10255",
	      "The read-only port for the Kubelet to serve on with no authentication/authorization (set to 0 to disable)"),
	CFLAG("register-node", BOOL, NULL, &opts.register_node, "true",
	      "Register the node with the apiserver. If --kubeconfig is not provided, this flag is irrelevant, as the Kubelet won't have an apiserver to register with."),
	KDEPRECATED_IGNORED("register-schedulable", BOOL, "true",
			    "Register the node as schedulable. Won't have any effect if register-node is false.",
			    "will be removed in a future version"),
	CFLAG("register-with-taints", STRINGS, "[]api.Taint", &opts.register_with_taints, NULL,
	      "Register the node with the given list of taints (comma separated \"<key>=<value>:<effect>\"). No-op if register-node is false."),
	CFLAG("registry-burst", INT, "int32", &opts.registry_burst, "10",
	      "Maximum size of a bursty pulls, temporarily allows pulls to burst to this number, while still not exceeding registry-qps. Only used if --registry-qps > 0"),
	CFLAG("registry-qps", INT, "int32", &opts.registry_qps, "5",
	      "If > 0, limit registry pull QPS to this value.  If 0, unlimited."),
	CIGNORED("reserved-cpus", STRING, NULL, NULL,
		 "A comma-separated list of CPUs or CPU ranges that are reserved for system and kubernetes usage. This specific list will supersede cpu counts in --system-reserved and --kube-reserved."),
	CIGNORED("reserved-memory", STRINGS, "[]v1beta1.MemoryReservation", NULL,
		 "A comma separated list of memory reservations for NUMA nodes. (e.g. --reserved-memory 0:memory=1Gi,hugepages-1M=2Gi --reserved-memory 1:memory=2Gi). The total sum for each memory type should be equal to the sum of kube-reserved, system-reserved and eviction-threshold."),
	CFLAG("resolv-conf", STRING, NULL, &opts.resolv_conf, "/etc/resolv.conf",
	      "Resolver configuration file used as the basis for the container DNS resolution configuration."),
	KC_FLAG_DEF("root-dir", STRING, &opts.root_dir, "/var/lib/kubelet",
		    "Directory path for managing kubelet files (volume mounts,etc)."),
	CFLAG("rotate-certificates", BOOL, NULL, &opts.rotate_certificates, "false",
	      "Auto rotate the kubelet client certificates by requesting new certificates from the kube-apiserver when the certificate expiration approaches."),
	CFLAG("rotate-server-certificates", BOOL, NULL, &opts.rotate_server_certificates, "false",
	      "Auto-request and rotate the kubelet serving certificates by requesting new certificates from the kube-apiserver when the certificate expiration approaches. Requires the RotateKubeletServerCertificate feature gate to be enabled, and approval of the submitted CertificateSigningRequest objects."),
	CIGNORED("runonce", BOOL, NULL, "false",
		 "If true, exit after spawning pods from static pod files or remote urls. Exclusive with --enable-server"),
	KC_FLAG_IGNORE("runtime-cgroups", STRING, NULL,
		       "Optional absolute name of cgroups to create and run the runtime in."),
	CFLAG("runtime-request-timeout", DURATION, NULL, &opts.runtime_request_timeout, "2m0s",
	      "Timeout of all runtime requests except long running request - pull, logs, exec and attach. When timeout exceeded, kubelet will cancel the request, throw out an error and retry later."),
	KC_FLAG_DEF("seccomp-default", BOOL, &opts.seccomp_default, "false",
		    "Enable the use of `RuntimeDefault` as the default seccomp profile for all workloads."),
	CFLAG("serialize-image-pulls", BOOL, NULL, &opts.serialize_image_pulls, "true",
	      "Pull images one at a time. We recommend *not* changing the default value on nodes that run docker daemon with version < 1.9 or an Aufs storage backend. Issue #10959 has more details."),
	CFLAG("streaming-connection-idle-timeout", DURATION, NULL,
	      &opts.streaming_connection_idle_timeout, "4h0m0s",
	      "Maximum time a streaming connection can be idle before the connection is automatically closed. 0 indicates no timeout. Example: '5m'. Note: All connections to the kubelet server have a maximum duration of 4 hours."),
	CFLAG("sync-frequency", DURATION, NULL, &opts.sync_frequency, "1m0s",
	      "Max period between synchronizing running containers and config"),
	CIGNORED("system-cgroups", STRING, NULL, NULL,
		 "Optional absolute name of cgroups in which to place all non-kernel processes that are not already inside a cgroup under '/'. Empty for no container. Rolling back the flag requires a reboot."),
	CIGNORED("system-reserved", MAP, "mapStringString", NULL,
		 RESERVED_HELP "non-kubernetes components. Currently only cpu, memory, pid and local ephemeral storage for root file system are supported. [default=none]"),
	CIGNORED("system-reserved-cgroup", STRING, NULL, NULL,
		 "Absolute name of the top level cgroup that is used to manage non-kubernetes components for which compute resources were reserved via '--system-reserved' flag. Ex. '/system-reserved'. [default='']"),
	CFLAG("tls-cert-file", STRING, NULL, &opts.tls_cert_file, NULL,
	      "File containing x509 Certificate used for serving HTTPS (with intermediate certs, if any, concatenated after server cert). If --tls-cert-file and --tls-private-key-file are not provided, a self-signed certificate and key are generated for the public address and saved to the directory passed to --cert-dir."),
	CFLAG("tls-cipher-suites", STRINGS, NULL, &opts.tls_cipher_suites, NULL,
	      "Comma-separated list of cipher suites for the server. If omitted, the default cipher suites will be used."),
	CFLAG("tls-min-version", STRING, NULL, &opts.tls_min_version, NULL,
	      "Minimum TLS version supported. Possible values: VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13"),
	CFLAG("tls-private-key-file", STRING, NULL, &opts.tls_private_key_file, NULL,
	      "File containing x509 private key matching --tls-cert-file."),
	CIGNORED("topology-manager-policy", STRING, NULL, "none",
		 "Topology Manager policy to use. Possible values: 'none', 'best-effort', 'restricted', 'single-numa-node'."),
	CIGNORED("topology-manager-policy-options", MAP, "mapStringString", NULL,
		 "A set of key=value Topology Manager policy options to use, to fine tune their behaviour. If not supplied, keep the default behaviour."),
	CIGNORED("topology-manager-scope", STRING, NULL, "container",
		 "Scope to which topology hints applied. Topology Manager collects hints from Hint Providers and applies them to defined scope to ensure the pod admission. Possible values: 'container', 'pod'."),
	CIGNORED("volume-plugin-dir", STRING, NULL,
		 "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/",
		 "The full path of the directory in which to search for additional third party volume plugins"),
	CFLAG("volume-stats-agg-period", DURATION, NULL, &opts.volume_stats_agg_period, "1m0s",
	      "Specifies interval for kubelet to calculate and cache the volume disk usage for all pods and volumes.  To disable volume calculations, set to a negative number."),
	{ NULL },
};

static struct kc_flag_section sections[] = {
	{ "Kubelet", kubelet_flags },
	{ "Global", kc_common_flags },
	{ NULL },
};

static struct kc_flagset flagset = {
	.cmd = "kubelet",
	.description =
		"The kubelet is the primary \"node agent\" that runs on each\nnode. It can register the node with the apiserver using one of: the hostname; a flag to\noverride the hostname; or specific logic for a cloud provider.\n\nThe kubelet works in terms of a PodSpec. A PodSpec is a YAML or JSON object\nthat describes a pod. The kubelet takes a set of PodSpecs that are provided through\nvarious mechanisms (primarily through the apiserver) and ensures that the containers\ndescribed in those PodSpecs are running and healthy. The kubelet doesn't manage\ncontainers which were not created by Kubernetes.",
	.sections = sections,
};

struct kc_flagset *
kubelet_options_flagset(void)
{
	return &flagset;
}

struct kubelet_options *
kubelet_options(void)
{
	return &opts;
}

/* ---- validation ---- */

static int
has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* The "a.b/" part of a label key is in namespace ns or one of its subdomains. */
static int
in_namespace(const char *key, size_t nslen, const char *ns)
{
	char dotted[64];

	snprintf(dotted, sizeof(dotted), ".%s", ns);
	return (nslen == strlen(ns) && memcmp(key, ns, nslen) == 0) ||
	       has_suffix(key, nslen, dotted);
}

int
kubelet_node_label_allowed(const char *key)
{
	static const char *const labels[] = {
		"beta.kubernetes.io/arch",
		"beta.kubernetes.io/instance-type",
		"beta.kubernetes.io/os",
		"failure-domain.beta.kubernetes.io/region",
		"failure-domain.beta.kubernetes.io/zone",
		"kubernetes.io/arch",
		"kubernetes.io/hostname",
		"kubernetes.io/os",
		"node.kubernetes.io/instance-type",
		"topology.kubernetes.io/region",
		"topology.kubernetes.io/zone",
	};
	const char *slash = strchr(key, '/');
	size_t nslen;

	if (slash == NULL)
		return 1;
	nslen = slash - key;
	if (!in_namespace(key, nslen, "kubernetes.io") && !in_namespace(key, nslen, "k8s.io"))
		return 1;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(key, labels[i]) == 0)
			return 1;
	return in_namespace(key, nslen, "kubelet.kubernetes.io") ||
	       in_namespace(key, nslen, "node.kubernetes.io");
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], at most 63 characters; empty allowed if empty_ok. */
static int
is_label_name(const char *s, size_t len, int empty_ok)
{
	if (len == 0)
		return empty_ok;
	if (len > 63)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

		if (!alnum && ((i == 0 || i == len - 1) || (c != '-' && c != '_' && c != '.')))
			return 0;
	}
	return 1;
}

/* A DNS-1123 subdomain: lower-case labels joined by dots, at most 253 characters. */
static int
is_dns_subdomain(const char *s, size_t len)
{
	if (len == 0 || len > 253)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (alnum)
			continue;
		if ((c != '-' && c != '.') || i == 0 || i == len - 1)
			return 0;
	}
	return 1;
}

/* ValidateKubeletFlags(): the --node-labels rules. */
static int
validate_node_labels(const struct kubelet_options *o, struct kc_strv *errs)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < o->node_labels.n; i++) {
		const char *kv = o->node_labels.v[i];
		const char *eq = strchr(kv, '=');
		const char *slash = memchr(kv, '/', eq - kv);
		const char *name = slash ? slash + 1 : kv;
		size_t keylen = eq - kv;
		char *key = strndup(kv, keylen);

		if (key == NULL)
			return KC_ERR_NOMEM;
		if (!kubelet_node_label_allowed(key))
			r = kc_strv_pushf(errs, "failed to validate kubelet flags: unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [%s]\n--node-labels in the 'kubernetes.io' namespace must begin with an allowed prefix (kubelet.kubernetes.io, node.kubernetes.io) or be in the specifically allowed set (beta.kubernetes.io/arch, beta.kubernetes.io/instance-type, beta.kubernetes.io/os, failure-domain.beta.kubernetes.io/region, failure-domain.beta.kubernetes.io/zone, kubernetes.io/arch, kubernetes.io/hostname, kubernetes.io/os, node.kubernetes.io/instance-type, topology.kubernetes.io/region, topology.kubernetes.io/zone)",
					  key);
		else if ((slash != NULL && !is_dns_subdomain(kv, slash - kv)) ||
			 !is_label_name(name, kv + keylen - name, 0))
			r = kc_strv_pushf(errs, "failed to validate kubelet flags: invalid node labels: '%s' - name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
					  key);
		else if (!is_label_name(eq + 1, strlen(eq + 1), 1))
			r = kc_strv_pushf(errs, "failed to validate kubelet flags: invalid node labels: '%s' - a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
					  eq + 1);
		free(key);
	}
	return r;
}

#define CONFIG_ERR "failed to validate kubelet configuration, error: invalid configuration: "

/* The checks of ValidateKubeletConfiguration() that flags can trip. */
static int
validate_config_values(const struct kubelet_options *o, struct kc_strv *errs)
{
	int r = 0;

	if (o->healthz_port != 0 && (o->healthz_port < 1 || o->healthz_port > 65535))
		r = kc_strv_pushf(errs, CONFIG_ERR "healthzPort (--healthz-port) %d must be between 1 and 65535, inclusive",
				  o->healthz_port);
	if (r >= 0 && (o->image_gc_high_threshold < 0 || o->image_gc_high_threshold > 100))
		r = kc_strv_pushf(errs, CONFIG_ERR "imageGCHighThresholdPercent (--image-gc-high-threshold) %d must be between 0 and 100, inclusive",
				  o->image_gc_high_threshold);
	if (r >= 0 && (o->image_gc_low_threshold < 0 || o->image_gc_low_threshold > 100))
		r = kc_strv_pushf(errs, CONFIG_ERR "imageGCLowThresholdPercent (--image-gc-low-threshold) %d must be between 0 and 100, inclusive",
				  o->image_gc_low_threshold);
	if (r >= 0 && o->image_gc_low_threshold >= o->image_gc_high_threshold)
		r = kc_strv_pushf(errs, CONFIG_ERR "imageGCLowThresholdPercent (--image-gc-low-threshold) %d must be less than imageGCHighThresholdPercent (--image-gc-high-threshold) %d",
				  o->image_gc_low_threshold, o->image_gc_high_threshold);
	if (r >= 0 && o->max_pods < 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "maxPods (--max-pods) %d must not be a negative number",
				  o->max_pods);
	if (r >= 0 && (o->oom_score_adj < -1000 || o->oom_score_adj > 1000))
		r = kc_strv_pushf(errs, CONFIG_ERR "oomScoreAdj (--oom-score-adj) %d must be between -1000 and 1000, inclusive",
				  o->oom_score_adj);
	if (r >= 0 && (o->port < 1 || o->port > 65535))
		r = kc_strv_pushf(errs, CONFIG_ERR "port (--port) %d must be between 1 and 65535, inclusive",
				  o->port);
	if (r >= 0 && (o->read_only_port < 0 || o->read_only_port > 65535))
		r = kc_strv_pushf(errs, CONFIG_ERR "readOnlyPort (--read-only-port) %d must be between 0 and 65535, inclusive",
				  o->read_only_port);
	if (r >= 0 && o->registry_burst < 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "registryBurst (--registry-burst) %d must not be a negative number",
				  o->registry_burst);
	if (r >= 0 && o->registry_qps < 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "registryPullQPS (--registry-qps) %d must not be a negative number",
				  o->registry_qps);
	if (r >= 0 && o->event_qps < 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "eventRecordQPS (--event-qps) %d must not be a negative number",
				  o->event_qps);
	if (r >= 0 && o->event_burst < 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "eventBurst (--event-burst) %d must not be a negative number",
				  o->event_burst);
	if (r >= 0 && o->container_log_max_files < 2)
		r = kc_strv_pushf(errs, CONFIG_ERR "containerLogMaxFiles (--container-log-max-files) %d must be equal to or greater than 2",
				  o->container_log_max_files);
	if (r >= 0 && !kc_flags_nonempty(o->container_runtime_endpoint))
		r = kc_strv_pushf(errs, CONFIG_ERR "the containerRuntimeEndpoint was not specified or empty");
	if (r >= 0 && o->authorization_mode != NULL &&
	    strcmp(o->authorization_mode, "AlwaysAllow") != 0 &&
	    strcmp(o->authorization_mode, "Webhook") != 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "authorization.mode (--authorization-mode) %s must be one of AlwaysAllow or Webhook",
				  o->authorization_mode);
	if (r >= 0 && o->cgroup_driver != NULL && strcmp(o->cgroup_driver, "cgroupfs") != 0 &&
	    strcmp(o->cgroup_driver, "systemd") != 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "cgroupDriver (--cgroup-driver) %s must be one of cgroupfs or systemd",
				  o->cgroup_driver);
	if (r >= 0 && o->hairpin_mode != NULL && strcmp(o->hairpin_mode, "promiscuous-bridge") != 0 &&
	    strcmp(o->hairpin_mode, "hairpin-veth") != 0 && strcmp(o->hairpin_mode, "none") != 0)
		r = kc_strv_pushf(errs, CONFIG_ERR "option \"%s\" specified for HairpinMode (--hairpin-mode). Valid options are \"promiscuous-bridge\", \"hairpin-veth\" or \"none\"",
				  o->hairpin_mode);
	return r;
}

/* --node-ip and --cloud-provider as Run() checks them. */
static int
validate_node_ip_and_cloud_provider(const struct kubelet_options *o, struct kc_strv *errs)
{
	unsigned char ip[16];
	int r = 0;

	if (kc_flags_nonempty(o->node_ip)) {
		struct kc_strv ips = KC_STRV_INIT;

		if (kc_strv_split(&ips, o->node_ip, ',') < 0)
			return KC_ERR_NOMEM;
		if (ips.n > 2)
			r = kc_strv_pushf(errs, "bad --node-ip \"%s\": must contain either a single IP or a dual-stack pair of IPs",
					  o->node_ip);
		for (size_t i = 0; r >= 0 && i < ips.n; i++)
			if (kc_validation_parse_ip(ips.v[i], ip) < 0)
				r = kc_strv_pushf(errs, "bad --node-ip \"%s\": could not parse \"%s\"", o->node_ip,
						  ips.v[i]);
		kc_strv_release(&ips);
	}
	if (r >= 0 && kc_flags_nonempty(o->cloud_provider) &&
	    strcmp(o->cloud_provider, "external") != 0)
		r = kc_strv_pushf(errs, "unsupported --cloud-provider \"%s\": built-in cloud providers are disabled; set --cloud-provider to an empty string or 'external'",
				  o->cloud_provider);
	return r;
}

int
kubelet_options_validate(const struct kubelet_options *o, struct kc_strv *errs)
{
	size_t before = errs->n;
	int r;

	r = validate_node_ip_and_cloud_provider(o, errs);
	if (r >= 0)
		r = validate_node_labels(o, errs);
	if (r >= 0)
		r = validate_config_values(o, errs);
	return r < 0 ? r : (int)(errs->n - before);
}
