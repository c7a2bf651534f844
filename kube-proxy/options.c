/*
 * options.c - kube-proxy's flag table and startup validation (upstream:
 * cmd/kube-proxy/app/options.go AddFlags() and Validate(),
 * pkg/proxy/apis/config/validation/validation.go, pkg/util/flag IPVar and IPPortVar).  Names,
 * types and defaults are v1.32's (KubeProxyConfiguration v1alpha1 defaults); help texts are
 * upstream's, sometimes shortened.  Upstream lists all flags in one sorted "Flags:" block.
 */
#include <string.h>

#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/netutil.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"
#include "kube-proxy/options.h"

static struct kube_proxy_options opts;

#define CONFIG_IGNORED " This parameter is ignored if a config file is specified by --config."

static struct kc_flag proxy_flags[] = {
	KC_FLAG_CHECKED("bind-address", STRING, "ip", &opts.bind_address, "0.0.0.0", kc_netutil_check_ip,
			"Overrides kube-proxy's idea of what its node's primary IP is. Note that the name is a historical artifact, and kube-proxy does not actually bind any sockets to this IP." CONFIG_IGNORED),
	KC_FLAG_DEF("bind-address-hard-fail", BOOL, &opts.bind_address_hard_fail, "false",
		    "If true kube-proxy will treat failure to bind to a port as fatal and exit"),
	KC_FLAG_DEF("cleanup", BOOL, &opts.cleanup, "false",
		    "If true cleanup iptables and ipvs rules and exit."),
	KC_FLAG_DEF("cluster-cidr", STRING, &opts.cluster_cidr, NULL,
		    "The CIDR range of the pods in the cluster. (For dual-stack clusters, this can be a comma-separated dual-stack pair of CIDR ranges.). When --detect-local-mode is set to ClusterCIDR, kube-proxy will consider traffic to be local if its source IP is in this range. (Otherwise it is not used.)" CONFIG_IGNORED),
	KC_FLAG_DEF("config", STRING, &opts.config, NULL, "The path to the configuration file."),
	KC_FLAG_DEF("config-sync-period", DURATION, &opts.config_sync_period, "15m0s",
		    "How often configuration from the apiserver is refreshed.  Must be greater than 0."),
	KC_FLAG_DEFT("conntrack-max-per-core", INT, "int32", &opts.conntrack_max_per_core, "32768",
		     "Maximum number of NAT connections to track per CPU core (0 to leave the limit as-is and ignore conntrack-min)."),
	KC_FLAG_DEFT("conntrack-min", INT, "int32", &opts.conntrack_min, "131072",
		     "Minimum number of conntrack entries to allocate, regardless of conntrack-max-per-core (set conntrack-max-per-core=0 to leave the limit as-is)."),
	KC_FLAG_DEF("conntrack-tcp-be-liberal", BOOL, &opts.conntrack_tcp_be_liberal, "false",
		    "Enable liberal mode for tracking TCP packets by setting nf_conntrack_tcp_be_liberal to 1"),
	KC_FLAG_DEF("conntrack-tcp-timeout-close-wait", DURATION, &opts.conntrack_tcp_timeout_close_wait,
		    "1h0m0s", "NAT timeout for TCP connections in the CLOSE_WAIT state"),
	KC_FLAG_DEF("conntrack-tcp-timeout-established", DURATION,
		    &opts.conntrack_tcp_timeout_established, "24h0m0s",
		    "Idle timeout for established TCP connections (0 to leave as-is)"),
	KC_FLAG_DEF("conntrack-udp-timeout", DURATION, &opts.conntrack_udp_timeout, "0s",
		    "Idle timeout for UNREPLIED UDP connections (0 to leave as-is)"),
	KC_FLAG_DEF("conntrack-udp-timeout-stream", DURATION, &opts.conntrack_udp_timeout_stream, "0s",
		    "Idle timeout for ASSURED UDP connections (0 to leave as-is)"),
	KC_FLAG_DEFT("detect-local-mode", STRING, "LocalMode", &opts.detect_local_mode, NULL,
		     "Mode to use to detect local traffic." CONFIG_IGNORED),
	KC_FLAG_CHECKED("feature-gates", MAP_BOOL, NULL, &opts.feature_gates, NULL,
			kc_flags_check_feature_gates, KC_FLAG_FEATURE_GATES_USAGE CONFIG_IGNORED),
	KC_FLAG_CHECKED("healthz-bind-address", STRING, "ipport", &opts.healthz_bind_address,
			"0.0.0.0:10256", kc_netutil_check_ip_port,
			"The IP address and port for the health check server to serve on, defaulting to \"0.0.0.0:10256\"." CONFIG_IGNORED),
	KC_FLAG_DEF("hostname-override", STRING, &opts.hostname_override, NULL,
		    "If non-empty, will be used as the name of the Node that kube-proxy is running on. If unset, the node name is assumed to be the same as the node's hostname."),
	KC_FLAG_DEF("init-only", BOOL, &opts.init_only, "false",
		    "If true, perform any initialization steps that must be done with full root privileges, and then exit. After doing this, you can run kube-proxy again with only the CAP_NET_ADMIN capability."),
	KC_FLAG_IGNORE("iptables-localhost-nodeports", BOOL, "true",
		       "If false, kube-proxy will disable the legacy behavior of allowing NodePort services to be accessed via localhost. (Applies only to iptables mode and IPv4; localhost NodePorts are never allowed with other proxy modes or with IPv6.)"),
	KC_FLAG_IGNORE("iptables-masquerade-bit", INT, "14",
		       "If using the iptables or ipvs proxy mode, the bit of the fwmark space to mark packets requiring SNAT with.  Must be within the range [0, 31]."),
	KC_FLAG_IGNORE("iptables-min-sync-period", DURATION, "1s",
		       "The minimum period between iptables rule resyncs (e.g. '5s', '1m', '2h22m'). A value of 0 means every Service or EndpointSlice change will result in an immediate iptables resync."),
	KC_FLAG_IGNORE("iptables-sync-period", DURATION, "30s",
		       "An interval (e.g. '5s', '1m', '2h22m') indicating how frequently various re-synchronizing and cleanup operations are performed. Must be greater than 0."),
	KC_FLAG_IGNORE("ipvs-exclude-cidrs", STRINGS, NULL,
		       "A comma-separated list of CIDRs which the ipvs proxier should not touch when cleaning up IPVS rules."),
	KC_FLAG_IGNORE("ipvs-min-sync-period", DURATION, "0s",
		       "The minimum period between IPVS rule resyncs (e.g. '5s', '1m', '2h22m'). A value of 0 means every Service or EndpointSlice change will result in an immediate IPVS resync."),
	KC_FLAG_IGNORE("ipvs-scheduler", STRING, NULL, "The ipvs scheduler type when proxy mode is ipvs"),
	KC_FLAG_IGNORE("ipvs-strict-arp", BOOL, "false",
		       "Enable strict ARP by setting arp_ignore to 1 and arp_announce to 2"),
	KC_FLAG_IGNORE("ipvs-sync-period", DURATION, "30s",
		       "An interval (e.g. '5s', '1m', '2h22m') indicating how frequently various re-synchronizing and cleanup operations are performed. Must be greater than 0."),
	KC_FLAG_IGNORE("ipvs-tcp-timeout", DURATION, "0s",
		       "The timeout for idle IPVS TCP connections, 0 to leave as-is. (e.g. '5s', '1m', '2h22m')."),
	KC_FLAG_IGNORE("ipvs-tcpfin-timeout", DURATION, "0s",
		       "The timeout for IPVS TCP connections after receiving a FIN packet, 0 to leave as-is. (e.g. '5s', '1m', '2h22m')."),
	KC_FLAG_IGNORE("ipvs-udp-timeout", DURATION, "0s",
		       "The timeout for IPVS UDP packets, 0 to leave as-is. (e.g. '5s', '1m', '2h22m')."),
	KC_FLAG_DEFT("kube-api-burst", INT, "int32", &opts.kube_api_burst, "10",
		     "Burst to use while talking with kubernetes apiserver"),
	KC_FLAG_DEF("kube-api-content-type", STRING, &opts.kube_api_content_type,
		    "application/vnd.kubernetes.protobuf", "Content type of requests sent to apiserver."),
	KC_FLAG_DEFT("kube-api-qps", FLOAT, "float32", &opts.kube_api_qps, "5",
		     "QPS to use while talking with kubernetes apiserver"),
	KC_FLAG_DEF("kubeconfig", STRING, &opts.kubeconfig, NULL,
		    "Path to kubeconfig file with authorization information (the master location can be overridden by the master flag)."),
	KC_FLAG_DEF("masquerade-all", BOOL, &opts.masquerade_all, "false",
		    "SNAT all traffic sent via Service cluster IPs. This may be required with some CNI plugins."),
	KC_FLAG_DEF("master", STRING, &opts.master, NULL,
		    "The address of the Kubernetes API server (overrides any value in kubeconfig)"),
	KC_FLAG_CHECKED("metrics-bind-address", STRING, "ipport", &opts.metrics_bind_address,
			"127.0.0.1:10249", kc_netutil_check_ip_port,
			"The IP address and port for the metrics server to serve on, defaulting to \"127.0.0.1:10249\". (Set to \"0.0.0.0:10249\" / \"[::]:10249\" to bind on all interfaces.) Set empty to disable." CONFIG_IGNORED),
	KC_FLAG_DEF("nodeport-addresses", STRINGS, &opts.nodeport_addresses, NULL,
		    "A list of CIDR ranges that contain valid node IPs, or alternatively, the single string 'primary'. If set to a list of CIDRs, connections to NodePort services will only be accepted on node IPs in one of the indicated ranges. If set to 'primary', NodePort services will only be accepted on the node's primary IP(s) according to the Node object. If unset, NodePort connections will be accepted on all local IPs." CONFIG_IGNORED),
	KC_FLAG_DEFT("oom-score-adj", INT, "int32", &opts.oom_score_adj, "-999",
		     "The oom-score-adj value for kube-proxy process. Values must be within the range [-1000, 1000]." CONFIG_IGNORED),
	KC_FLAG_DEF("pod-bridge-interface", STRING, &opts.pod_bridge_interface, NULL,
		    "A bridge interface name. When --detect-local-mode is set to BridgeInterface, kube-proxy will consider traffic to be local if it originates from this bridge."),
	KC_FLAG_DEF("pod-interface-name-prefix", STRING, &opts.pod_interface_name_prefix, NULL,
		    "An interface name prefix. When --detect-local-mode is set to InterfaceNamePrefix, kube-proxy will consider traffic to be local if it originates from any interface whose name begins with this prefix."),
	KC_FLAG_IGNORE("profiling", BOOL, "false",
		       "If true enables profiling via web interface on /debug/pprof handler." CONFIG_IGNORED),
	KC_FLAG_DEFT("proxy-mode", STRING, "ProxyMode", &opts.proxy_mode, NULL,
		     "Which proxy mode to use: on Linux this can be 'iptables' (default), 'ipvs', or 'nftables'. On Windows the only supported value is 'kernelspace'." CONFIG_IGNORED),
	KC_FLAG_IGNORE("show-hidden-metrics-for-version", STRING, NULL,
		       "The previous version for which you want to show hidden metrics. Only the previous minor version is meaningful, other values will not be allowed. The format is <major>.<minor>, e.g.: '1.16'."),
	KC_FLAG_DEF("write-config-to", STRING, &opts.write_config_to, NULL,
		    "If set, write the default configuration values to this file and exit."),
	{ NULL },
};

static struct kc_flag_section sections[] = {
	{ "Kube-proxy", proxy_flags },
	{ "Global", kc_common_flags },
	{ NULL },
};

static struct kc_flagset flagset = {
	.cmd = "kube-proxy",
	.description =
		"The Kubernetes network proxy runs on each node. This\nreflects services as defined in the Kubernetes API on each node and can do simple\nTCP, UDP, and SCTP stream forwarding or round robin TCP, UDP, and SCTP forwarding across a set of backends.\nService cluster IPs and ports are currently found through Docker-links-compatible\nenvironment variables specifying ports opened by the service proxy. There is an optional\naddon that provides cluster DNS for these cluster IPs. The user must create a service\nwith the apiserver API to configure the proxy.",
	.sections = sections,
};

struct kc_flagset *
kube_proxy_options_flagset(void)
{
	return &flagset;
}

struct kube_proxy_options *
kube_proxy_options(void)
{
	return &opts;
}

/* ---- validation ---- */

/* netutils.ParseCIDRSloppy(): the address family (4 or 6) of a CIDR, or 0 when not one. */
static int
cidr_family(const char *s)
{
	unsigned char ip[16];
	int ones, family = kc_validation_parse_cidr(s, ip, &ones);

	return family < 0 ? 0 : family;
}

#define INVALID "failed validate: KubeProxyConfiguration."

/* The flag-settable part of validation.Validate(KubeProxyConfiguration). */
static int
validate_config_values(const struct kube_proxy_options *o, struct kc_strv *errs)
{
	static const char *const modes[] = { "", "iptables", "ipvs", "nftables" };
	static const char *const local_modes[] = { "", "ClusterCIDR", "NodeCIDR", "BridgeInterface",
						   "InterfaceNamePrefix" };
	const char *mode = o->proxy_mode ? o->proxy_mode : "";
	const char *local = o->detect_local_mode ? o->detect_local_mode : "";
	char buf[64];
	size_t i;
	int r = 0;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && strcmp(mode, modes[i]) != 0; i++)
		;
	if (i == sizeof(modes) / sizeof(modes[0]))
		r = kc_strv_pushf(errs, INVALID "Mode: Invalid value: \"%s\": must be iptables, ipvs, nftables or blank (blank means the best-available proxy [currently iptables])",
				  mode);
	for (i = 0; i < sizeof(local_modes) / sizeof(local_modes[0]) &&
		    strcmp(local, local_modes[i]) != 0;
	     i++)
		;
	if (r >= 0 && i == sizeof(local_modes) / sizeof(local_modes[0]))
		r = kc_strv_pushf(errs, INVALID "DetectLocalMode: Unsupported value: \"%s\": supported values: \"ClusterCIDR\", \"NodeCIDR\", \"BridgeInterface\", \"InterfaceNamePrefix\"",
				  local);
	if (r >= 0 && o->config_sync_period <= 0)
		r = kc_strv_pushf(errs, INVALID "ConfigSyncPeriod: Invalid value: \"%s\": must be greater than 0",
				  kc_duration_format(o->config_sync_period, buf, sizeof(buf)));
	if (r >= 0 && (o->oom_score_adj < -1000 || o->oom_score_adj > 1000))
		r = kc_strv_pushf(errs, INVALID "OOMScoreAdj: Invalid value: %d: must be within the range [-1000, 1000]",
				  o->oom_score_adj);
	if (r >= 0 && o->conntrack_max_per_core < 0)
		r = kc_strv_pushf(errs, INVALID "Conntrack.MaxPerCore: Invalid value: %d: must be greater than or equal to 0",
				  o->conntrack_max_per_core);
	if (r >= 0 && o->conntrack_min < 0)
		r = kc_strv_pushf(errs, INVALID "Conntrack.Min: Invalid value: %d: must be greater than or equal to 0",
				  o->conntrack_min);
	if (r >= 0 && kc_flags_nonempty(o->cluster_cidr)) {
		struct kc_strv cidrs = KC_STRV_INIT;

		if (kc_strv_split(&cidrs, o->cluster_cidr, ',') < 0)
			return KC_ERR_NOMEM;
		if (cidrs.n > 2 || (cidrs.n == 2 && cidr_family(cidrs.v[0]) == cidr_family(cidrs.v[1])))
			r = kc_strv_pushf(errs, INVALID "ClusterCIDR: Invalid value: \"%s\": only one CIDR allowed or a valid DualStack CIDR (e.g. 10.100.0.0/16,fde4:8dba:82e1::/48)",
					  o->cluster_cidr);
		for (i = 0; r >= 0 && i < cidrs.n; i++)
			if (cidr_family(cidrs.v[i]) == 0)
				r = kc_strv_pushf(errs, INVALID "ClusterCIDR: Invalid value: \"%s\": must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)",
						  o->cluster_cidr);
		kc_strv_release(&cidrs);
	}
	for (i = 0; r >= 0 && i < o->nodeport_addresses.n; i++) {
		const char *a = o->nodeport_addresses.v[i];

		if (strcmp(a, "primary") == 0 && o->nodeport_addresses.n == 1)
			continue;
		if (cidr_family(a) == 0)
			r = kc_strv_pushf(errs, INVALID "NodePortAddresses[%zu]: Invalid value: \"%s\": must be a valid CIDR",
					  i, a);
	}
	return r;
}

int
kube_proxy_options_validate(const struct kube_proxy_options *o, struct kc_strv *errs)
{
	size_t before = errs->n;
	int r = 0;

	if (!kc_flags_nonempty(o->config))
		r = validate_config_values(o, errs);
	return r < 0 ? r : (int)(errs->n - before);
}
