/*
 * config.h - KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1) as kube-proxy uses it
 * (upstream: pkg/proxy/apis/config/types.go, v1alpha1/defaults.go, validation/validation.go,
 * cmd/kube-proxy/app/options.go Complete() and loadConfig()).
 *
 * Precedence, as upstream: without --config the flags (with their v1alpha1 defaults) are the
 * configuration; with --config the file, defaulted, is the configuration and the flags that
 * mirror its fields are ignored, except --hostname-override, which wins over the file.  Fields
 * ckube does not act on (iptables, ipvs, winkernel, logging, portRange) are accepted and ignored.
 * Unknown fields are reported (upstream: strict decoding fails, kube-proxy logs it and uses the
 * lenient result): kube_proxy_config_load() appends them to `warnings`.  Durations are
 * nanoseconds.
 */
#ifndef KUBE_PROXY_CONFIG_H
#define KUBE_PROXY_CONFIG_H

#include <stdint.h>

#include <jansson.h>

#include "libkcommon/strv.h"

struct kube_proxy_options;

#define KUBE_PROXY_CONFIG_GROUP_VERSION "kubeproxy.config.k8s.io/v1alpha1"

struct kube_proxy_config {
	char *bind_address;
	char *cluster_cidr;
	int64_t config_sync_period;
	int conntrack_max_per_core;
	int conntrack_min;
	int conntrack_tcp_be_liberal;
	int64_t conntrack_tcp_established_timeout;
	int64_t conntrack_tcp_close_wait_timeout;
	int64_t conntrack_udp_timeout;
	int64_t conntrack_udp_stream_timeout;
	char *detect_local_mode;     /* defaulted to "ClusterCIDR" */
	char *bridge_interface;      /* detectLocal.bridgeInterface */
	char *interface_name_prefix; /* detectLocal.interfaceNamePrefix */
	char *healthz_bind_address;  /* "0.0.0.0:10256"; "" disables */
	char *metrics_bind_address;  /* "127.0.0.1:10249"; "" disables */
	char *hostname_override;
	char *mode;              /* "", "iptables", "ipvs", "nftables" */
	int masquerade_all;      /* nftables.masqueradeAll */
	int masquerade_bit;      /* nftables.masqueradeBit, 14 */
	int64_t sync_period;     /* nftables.syncPeriod, 30 s */
	int64_t min_sync_period; /* nftables.minSyncPeriod, 1 s */
	struct kc_strv nodeport_addresses;
	int oom_score_adj;
	/* clientConnection */
	char *kubeconfig;
	char *content_type;
	double qps;
	int burst;
};

/* Fills c with v1alpha1's defaults (c must be zeroed or released); KC_ERR_NOMEM. */
int kube_proxy_config_defaults(struct kube_proxy_config *c);
void kube_proxy_config_release(struct kube_proxy_config *c);

/*
 * Applies a decoded KubeProxyConfiguration document (borrowed) over c.  KC_ERR_INVALID with a
 * message in err for a wrong kind/apiVersion or a field of the wrong type (upstream's decoder
 * errors); unknown fields go to warnings.
 */
int kube_proxy_config_apply_json(struct kube_proxy_config *c, const json_t *doc,
				 struct kc_strv *warnings, char *err, size_t errlen);

/* Defaults, then the YAML or JSON file at path.  KC_ERR_SYSTEM / KC_ERR_PARSE / KC_ERR_INVALID
 * with upstream's wording ("failed to read config file ...") in err. */
int kube_proxy_config_load(const char *path, struct kube_proxy_config *c, struct kc_strv *warnings,
			   char *err, size_t errlen);

/*
 * options.go Complete(): the effective configuration from the parsed flags (and the --config
 * file they name).  Returns 0 or a negative KC_ERR_* with err set.
 */
int kube_proxy_config_complete(const struct kube_proxy_options *o, struct kube_proxy_config *c,
			       struct kc_strv *warnings, char *err, size_t errlen);

/*
 * validation.Validate(KubeProxyConfiguration) for what ckube uses; one message per problem
 * appended to errs (upstream's wording).  Returns the number of problems or KC_ERR_NOMEM.
 */
int kube_proxy_config_validate(const struct kube_proxy_config *c, struct kc_strv *errs);

#endif
