/*
 * options.c - kube-proxy's flag table and startup validation (upstream:
 * cmd/kube-proxy/app/options.go AddFlags() and Validate(),
 * pkg/proxy/apis/config/validation/validation.go, pkg/util/flag IPVar and IPPortVar).  Names,
 * types and defaults are v1.32's (KubeProxyConfiguration v1alpha1 defaults); help texts are
 * upstream's, sometimes shortened.  Upstream lists all flags in one sorted "Flags:" block.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/strv.h"
#include "kube-proxy/options.h"

static struct kube_proxy_options opts;

/* Where KC_FLAG_IGNORED flags write: parsed (bad values are refused), then dropped. */
static struct {
	int i;
	int64_t i64;
	double f;
	char *s;
	struct kc_strv sv;
} sink;

#define SINK_BOOL     (&sink.i)
#define SINK_INT      (&sink.i)
#define SINK_DURATION (&sink.i64)
#define SINK_STRING   (&sink.s)
#define SINK_STRINGS  (&sink.sv)

#define CONFIG_IGNORED " This parameter is ignored if a config file is specified by --config."

#define FLAG(n, t, v, d, u) { .name = (n), .type = KC_FLAG_##t, .value = (v), .def = (d), .usage = (u) }
#define FLAGT(n, t, tn, v, d, u) \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .value = (v), .def = (d), .usage = (u) }
#define IGNORED(n, t, d, u) \
	{ .name = (n), .type = KC_FLAG_##t, .value = SINK_##t, .def = (d), .usage = (u), .opts = KC_FLAG_IGNORED }

static struct kc_flag proxy_flags[] = {
	FLAGT("bind-address", STRING, "ip", &opts.bind_address, "0.0.0.0",
	      "Overrides kube-proxy's idea of what its node's primary IP is. Note that the name is a historical artifact, and kube-proxy does not actually bind any sockets to this IP." CONFIG_IGNORED),
	FLAG("bind-address-hard-fail", BOOL, &opts.bind_address_hard_fail, "false",
	     "If true kube-proxy will treat failure to bind to a port as fatal and exit"),
	FLAG("cleanup", BOOL, &opts.cleanup, "false",
	     "If true cleanup iptables and ipvs rules and exit."),
	FLAG("cluster-cidr", STRING, &opts.cluster_cidr, NULL,
	     "The CIDR range of the pods in the cluster. (For dual-stack clusters, this can be a comma-separated dual-stack pair of CIDR ranges.). When --detect-local-mode is set to ClusterCIDR, kube-proxy will consider traffic to be local if its source IP is in this range. (Otherwise it is not used.)" CONFIG_IGNORED),
	FLAG("config", STRING, &opts.config, NULL, "The path to the configuration file."),
	FLAG("config-sync-period", DURATION, &opts.config_sync_period, "15m0s",
	     "How often configuration from the apiserver is refreshed.  Must be greater than 0."),
	FLAGT("conntrack-max-per-core", INT, "int32", &opts.conntrack_max_per_core, "32768",
	      "Maximum number of NAT connections to track per CPU core (0 to leave the limit as-is and ignore conntrack-min)."),
	FLAGT("conntrack-min", INT, "int32", &opts.conntrack_min, "131072",
	      "Minimum number of conntrack entries to allocate, regardless of conntrack-max-per-core (set conntrack-max-per-core=0 to leave the limit as-is)."),
	FLAG("conntrack-tcp-be-liberal", BOOL, &opts.conntrack_tcp_be_liberal, "false",
	     "Enable liberal mode for tracking TCP packets by setting nf_conntrack_tcp_be_liberal to 1"),
	FLAG("conntrack-tcp-timeout-close-wait", DURATION, &opts.conntrack_tcp_timeout_close_wait,
	     "1h0m0s", "NAT timeout for TCP connections in the CLOSE_WAIT state"),
	FLAG("conntrack-tcp-timeout-established", DURATION,
	     &opts.conntrack_tcp_timeout_established, "24h0m0s",
	     "Idle timeout for established TCP connections (0 to leave as-is)"),
	FLAG("conntrack-udp-timeout", DURATION, &opts.conntrack_udp_timeout, "0s",
	     "Idle timeout for UNREPLIED UDP connections (0 to leave as-is)"),
	FLAG("conntrack-udp-timeout-stream", DURATION, &opts.conntrack_udp_timeout_stream, "0s",
	     "Idle timeout for ASSURED UDP connections (0 to leave as-is)"),
	FLAGT("detect-local-mode", STRING, "LocalMode", &opts.detect_local_mode, NULL,
	      "Mode to use to detect local traffic." CONFIG_IGNORED),
	FLAGT("feature-gates", MAP, "mapStringBool", &opts.feature_gates, NULL,
	      "A set of key=value pairs that describe feature gates for alpha/experimental features." CONFIG_IGNORED),
	FLAGT("healthz-bind-address", STRING, "ipport", &opts.healthz_bind_address,
	      "0.0.0.0:10256",
	      "The IP address and port for the health check server to serve on, defaulting to \"0.0.0.0:10256\"." CONFIG_IGNORED),
	FLAG("hostname-override", STRING, &opts.hostname_override, NULL,
	     "If non-empty, will be used as the name of the Node that kube-proxy is running on. If unset, the node name is assumed to be the same as the node's hostname."),
	FLAG("init-only", BOOL, &opts.init_only, "false",
	     "If true, perform any initialization steps that must be done with full root privileges, and then exit. After doing this, you can run kube-proxy again with only the CAP_NET_ADMIN capability."),
	IGNORED("iptables-localhost-nodeports", BOOL, "true",
		"If false, kube-proxy will disable the legacy behavior of allowing NodePort services to be accessed via localhost. (Applies only to iptables mode and IPv4; localhost NodePorts are never allowed with other proxy modes or with IPv6.)"),
	IGNORED("iptables-masquerade-bit", INT, "14",
		"If using the iptables or ipvs proxy mode, the bit of the fwmark space to mark packets requiring SNAT with.  Must be within the range [0, 31]."),
	IGNORED("iptables-min-sync-period", DURATION, "1s",
		"The minimum period between iptables rule resyncs (e.g. '5s', '1m', '2h22m'). A value of 0 means every Service or EndpointSlice change will result in an immediate iptables resync."),
	IGNORED("iptables-sync-period", DURATION, "30s",
		"An interval (e.g. '5s', '1m', '2h22m') indicating how frequently various re-synchronizing and cleanup operations are performed. Must be greater than 0."),
	IGNORED("ipvs-exclude-cidrs", STRINGS, NULL,
		"A comma-separated list of CIDRs which the ipvs proxier should not touch when cleaning up IPVS rules."),
	IGNORED("ipvs-min-sync-period", DURATION, "0s",
		"The minimum period between IPVS rule resyncs (e.g. '5s', '1m', '2h22m'). A value of 0 means every Service or EndpointSlice change will result in an immediate IPVS resync."),
	IGNORED("ipvs-scheduler", STRING, NULL, "The ipvs scheduler type when proxy mode is ipvs"),
	IGNORED("ipvs-strict-arp", BOOL, "false",
		"Enable strict ARP by setting arp_ignore to 1 and arp_announce to 2"),
	IGNORED("ipvs-sync-period", DURATION, "30s",
		"An interval (e.g. '5s', '1m', '2h22m') indicating how frequently various re-synchronizing and cleanup operations are performed. Must be greater than 0."),
	IGNORED("ipvs-tcp-timeout", DURATION, "0s",
		"The timeout for idle IPVS TCP connections, 0 to leave as-is. (e.g. '5s', '1m', '2h22m')."),
	IGNORED("ipvs-tcpfin-timeout", DURATION, "0s",
		"The timeout for IPVS TCP connections after receiving a FIN packet, 0 to leave as-is. (e.g. '5s', '1m', '2h22m')."),
	IGNORED("ipvs-udp-timeout", DURATION, "0s",
		"The timeout for IPVS UDP packets, 0 to leave as-is. (e.g. '5s', '1m', '2h22m')."),
	FLAGT("kube-api-burst", INT, "int32", &opts.kube_api_burst, "10",
	      "Burst to use while talking with kubernetes apiserver"),
	FLAG("kube-api-content-type", STRING, &opts.kube_api_content_type,
	     "application/vnd.kubernetes.protobuf", "Content type of requests sent to apiserver."),
	FLAGT("kube-api-qps", FLOAT, "float32", &opts.kube_api_qps, "5",
	      "QPS to use while talking with kubernetes apiserver"),
	FLAG("kubeconfig", STRING, &opts.kubeconfig, NULL,
	     "Path to kubeconfig file with authorization information (the master location can be overridden by the master flag)."),
	FLAG("masquerade-all", BOOL, &opts.masquerade_all, "false",
	     "SNAT all traffic sent via Service cluster IPs. This may be required with some CNI plugins."),
	FLAG("master", STRING, &opts.master, NULL,
	     "The address of the Kubernetes API server (overrides any value in kubeconfig)"),
	FLAGT("metrics-bind-address", STRING, "ipport", &opts.metrics_bind_address,
	      "127.0.0.1:10249",
	      "The IP address and port for the metrics server to serve on, defaulting to \"127.0.0.1:10249\". (Set to \"0.0.0.0:10249\" / \"[::]:10249\" to bind on all interfaces.) Set empty to disable." CONFIG_IGNORED),
	FLAG("nodeport-addresses", STRINGS, &opts.nodeport_addresses, NULL,
	     "A list of CIDR ranges that contain valid node IPs, or alternatively, the single string 'primary'. If set to a list of CIDRs, connections to NodePort services will only be accepted on node IPs in one of the indicated ranges. If set to 'primary', NodePort services will only be accepted on the node's primary IP(s) according to the Node object. If unset, NodePort connections will be accepted on all local IPs." CONFIG_IGNORED),
	FLAGT("oom-score-adj", INT, "int32", &opts.oom_score_adj, "-999",
	      "The oom-score-adj value for kube-proxy process. Values must be within the range [-1000, 1000]." CONFIG_IGNORED),
	FLAG("pod-bridge-interface", STRING, &opts.pod_bridge_interface, NULL,
	     "A bridge interface name. When --detect-local-mode is set to BridgeInterface, kube-proxy will consider traffic to be local if it originates from this bridge."),
	FLAG("pod-interface-name-prefix", STRING, &opts.pod_interface_name_prefix, NULL,
	     "An interface name prefix. When --detect-local-mode is set to InterfaceNamePrefix, kube-proxy will consider traffic to be local if it originates from any interface whose name begins with this prefix."),
	IGNORED("profiling", BOOL, "false",
		"If true enables profiling via web interface on /debug/pprof handler." CONFIG_IGNORED),
	FLAGT("proxy-mode", STRING, "ProxyMode", &opts.proxy_mode, NULL,
	      "Which proxy mode to use: on Linux this can be 'iptables' (default), 'ipvs', or 'nftables'. On Windows the only supported value is 'kernelspace'." CONFIG_IGNORED),
	IGNORED("show-hidden-metrics-for-version", STRING, NULL,
		"The previous version for which you want to show hidden metrics. Only the previous minor version is meaningful, other values will not be allowed. The format is <major>.<minor>, e.g.: '1.16'."),
	FLAG("write-config-to", STRING, &opts.write_config_to, NULL,
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

static int
errorf(struct kc_strv *errs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
errorf(struct kc_strv *errs, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r < 0)
		return KC_ERR_NOMEM;
	return kc_strv_push_steal(errs, msg);
}

static int
is_ip(const char *s)
{
	unsigned char buf[16];

	return s != NULL && (inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1);
}

static int
is_bool(const char *s)
{
	static const char *const words[] = { "1", "t", "T", "TRUE", "true", "True",
					     "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* netutils.ParseCIDRSloppy: "ip/prefix"; returns the family's bit count or 0. */
static int
cidr_bits(const char *s)
{
	unsigned char buf[16];
	char ip[64];
	const char *slash = strchr(s, '/');
	char *end;
	long ones;
	int bits;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(ip) || slash[1] < '0' || slash[1] > '9')
		return 0;
	memcpy(ip, s, slash - s);
	ip[slash - s] = '\0';
	if (inet_pton(AF_INET, ip, buf) == 1)
		bits = 32;
	else if (inet_pton(AF_INET6, ip, buf) == 1)
		bits = 128;
	else
		return 0;
	errno = 0;
	ones = strtol(slash + 1, &end, 10);
	return (*end == '\0' && errno == 0 && ones <= bits) ? bits : 0;
}

/* pkg/util/flag IPPortVar.Set(): "", an IP, or "ip:port" ("[v6]:port"). */
static int
check_ip_port(const char *flag, const char *s, struct kc_strv *errs)
{
	const char *orig = s;
	const char *colon;
	char host[64];
	char *end;
	long port;
	size_t hlen;

	if (s == NULL || *s == '\0' || is_ip(s))
		return 0;
	colon = strrchr(s, ':');
	if (colon == NULL)
		return errorf(errs, "invalid argument \"%s\" for \"--%s\" flag: \"%s\" is not in a valid format (ip or ip:port): address %s: missing port in address",
			      s, flag, s, s);
	hlen = colon - s;
	if (hlen >= 2 && s[0] == '[' && s[hlen - 1] == ']') {
		s++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host))
		hlen = sizeof(host) - 1;
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (!is_ip(host))
		return errorf(errs, "invalid argument \"%s\" for \"--%s\" flag: \"%s\" is not a valid IP address",
			      orig, flag, host);
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || port < 0 || port > 65535)
		return errorf(errs, "invalid argument \"%s\" for \"--%s\" flag: \"%s\" is not a valid number",
			      orig, flag, colon + 1);
	return 0;
}

static int
validate_flag_values(const struct kube_proxy_options *o, struct kc_strv *errs)
{
	int r = 0;

	if (!is_ip(o->bind_address))
		r = errorf(errs, "invalid argument \"%s\" for \"--bind-address\" flag: \"%s\" is not a valid IP address",
			   o->bind_address ? o->bind_address : "", o->bind_address ? o->bind_address : "");
	if (r >= 0)
		r = check_ip_port("healthz-bind-address", o->healthz_bind_address, errs);
	if (r >= 0)
		r = check_ip_port("metrics-bind-address", o->metrics_bind_address, errs);
	for (size_t i = 0; r >= 0 && i < o->feature_gates.n; i++) {
		const char *kv = o->feature_gates.v[i];
		const char *eq = strchr(kv, '=');

		if (!is_bool(eq + 1))
			r = errorf(errs, "invalid argument \"%s\" for \"--feature-gates\" flag: invalid value of %.*s: %s, err: strconv.ParseBool: parsing \"%s\": invalid syntax",
				   kv, (int)(eq - kv), kv, eq + 1, eq + 1);
	}
	return r;
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
		r = errorf(errs, INVALID "Mode: Invalid value: \"%s\": must be iptables, ipvs, nftables or blank (blank means the best-available proxy [currently iptables])",
			   mode);
	for (i = 0; i < sizeof(local_modes) / sizeof(local_modes[0]) &&
		    strcmp(local, local_modes[i]) != 0;
	     i++)
		;
	if (r >= 0 && i == sizeof(local_modes) / sizeof(local_modes[0]))
		r = errorf(errs, INVALID "DetectLocalMode: Unsupported value: \"%s\": supported values: \"ClusterCIDR\", \"NodeCIDR\", \"BridgeInterface\", \"InterfaceNamePrefix\"",
			   local);
	if (r >= 0 && o->config_sync_period <= 0)
		r = errorf(errs, INVALID "ConfigSyncPeriod: Invalid value: \"%s\": must be greater than 0",
			   kc_duration_format(o->config_sync_period, buf, sizeof(buf)));
	if (r >= 0 && (o->oom_score_adj < -1000 || o->oom_score_adj > 1000))
		r = errorf(errs, INVALID "OOMScoreAdj: Invalid value: %d: must be within the range [-1000, 1000]",
			   o->oom_score_adj);
	if (r >= 0 && o->conntrack_max_per_core < 0)
		r = errorf(errs, INVALID "Conntrack.MaxPerCore: Invalid value: %d: must be greater than or equal to 0",
			   o->conntrack_max_per_core);
	if (r >= 0 && o->conntrack_min < 0)
		r = errorf(errs, INVALID "Conntrack.Min: Invalid value: %d: must be greater than or equal to 0",
			   o->conntrack_min);
	if (r >= 0 && o->cluster_cidr != NULL && *o->cluster_cidr != '\0') {
		struct kc_strv cidrs = KC_STRV_INIT;

		if (kc_strv_split(&cidrs, o->cluster_cidr, ',') < 0)
			return KC_ERR_NOMEM;
		if (cidrs.n > 2 || (cidrs.n == 2 && cidr_bits(cidrs.v[0]) == cidr_bits(cidrs.v[1])))
			r = errorf(errs, INVALID "ClusterCIDR: Invalid value: \"%s\": only one CIDR allowed or a valid DualStack CIDR (e.g. 10.100.0.0/16,fde4:8dba:82e1::/48)",
				   o->cluster_cidr);
		for (i = 0; r >= 0 && i < cidrs.n; i++)
			if (cidr_bits(cidrs.v[i]) == 0)
				r = errorf(errs, INVALID "ClusterCIDR: Invalid value: \"%s\": must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)",
					   o->cluster_cidr);
		kc_strv_release(&cidrs);
	}
	for (i = 0; r >= 0 && i < o->nodeport_addresses.n; i++) {
		const char *a = o->nodeport_addresses.v[i];

		if (strcmp(a, "primary") == 0 && o->nodeport_addresses.n == 1)
			continue;
		if (cidr_bits(a) == 0)
			r = errorf(errs, INVALID "NodePortAddresses[%zu]: Invalid value: \"%s\": must be a valid CIDR",
				   i, a);
	}
	return r;
}

int
kube_proxy_options_validate(const struct kube_proxy_options *o, struct kc_strv *errs)
{
	size_t before = errs->n;
	int r;

	r = validate_flag_values(o, errs);
	if (r >= 0 && (o->config == NULL || *o->config == '\0'))
		r = validate_config_values(o, errs);
	return r < 0 ? r : (int)(errs->n - before);
}
