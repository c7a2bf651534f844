/*
 * options.h - kube-proxy's command line (upstream: cmd/kube-proxy/app/options.go AddFlags(),
 * server.go).
 *
 * As upstream: when --config names a KubeProxyConfiguration file, the flags that mirror its
 * fields are ignored, except --hostname-override (kubeadm's DaemonSet passes both).  The flag
 * table writes into one struct kube_proxy_options owned by options.c: call kc_flags_parse() (or
 * kc_flags_parse_or_exit()) on kube_proxy_options_flagset(), then read kube_proxy_options().
 * Flags ckube accepts but does not act on (iptables and IPVS tuning: ckube's proxy is nftables
 * only) are KC_FLAG_IGNORED, listed in docs/compat.md, and have no field.  Durations are
 * nanoseconds.
 */
#ifndef KUBE_PROXY_OPTIONS_H
#define KUBE_PROXY_OPTIONS_H

#include <stdint.h>

#include "libkcommon/flags.h"
#include "libkcommon/strv.h"

struct kube_proxy_options {
	char *bind_address;
	int bind_address_hard_fail;
	int cleanup; /* remove the rules and exit */
	char *cluster_cidr;
	char *config;
	int64_t config_sync_period;
	int conntrack_max_per_core;
	int conntrack_min;
	int conntrack_tcp_be_liberal;
	int64_t conntrack_tcp_timeout_close_wait;
	int64_t conntrack_tcp_timeout_established;
	int64_t conntrack_udp_timeout;
	int64_t conntrack_udp_timeout_stream;
	char *detect_local_mode;
	struct kc_strv feature_gates;
	char *healthz_bind_address; /* "ip:port" or "ip" */
	char *hostname_override;
	int init_only;
	int kube_api_burst;
	char *kube_api_content_type;
	double kube_api_qps;
	char *kubeconfig;
	int masquerade_all;
	char *master;
	char *metrics_bind_address; /* "ip:port", "ip" or "" (disabled) */
	struct kc_strv nodeport_addresses; /* CIDRs, or "primary" */
	int oom_score_adj;
	char *pod_bridge_interface;
	char *pod_interface_name_prefix;
	char *proxy_mode; /* "", "iptables", "ipvs" or "nftables"; ckube always programs nftables */
	char *write_config_to;
};

/* The flagset (one list, as upstream's --help has it, plus kc_common_flags); static, never NULL.
 * Its flags write into the struct kube_proxy_options() returns. */
struct kc_flagset *kube_proxy_options_flagset(void);

/* The parsed options; valid after kc_flags_parse() on the flagset above (borrowed). */
struct kube_proxy_options *kube_proxy_options(void);

/*
 * Checks what upstream checks before kube-proxy starts (the flag-settable part of
 * KubeProxyConfiguration validation, skipped when --config is given because the file then
 * supplies those values); values of upstream's typed flags (ip, ip:port, mapStringBool) are
 * refused earlier, by kc_flags_parse().  Appends one message per problem to errs, worded as
 * upstream's.  Returns the number of problems (0 = valid) or KC_ERR_NOMEM.
 */
int kube_proxy_options_validate(const struct kube_proxy_options *o, struct kc_strv *errs);

#endif
