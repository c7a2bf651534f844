/*
 * options.h - kube-scheduler's command line (upstream: cmd/kube-scheduler/app/options/options.go,
 * deprecated.go; the secure serving, delegated authn/authz and leader election flags come from
 * k8s.io/apiserver and k8s.io/component-base as upstream's do).
 *
 * The flag table writes into one struct kube_scheduler_options owned by options.c: call
 * kc_flags_parse() (or kc_flags_parse_or_exit()) on kube_scheduler_options_flagset(), then read
 * kube_scheduler_options().  Flags that ckube accepts but does not act on are KC_FLAG_IGNORED and
 * listed in docs/compat.md; they have no field here.
 */
#ifndef KUBE_SCHEDULER_OPTIONS_H
#define KUBE_SCHEDULER_OPTIONS_H

#include <stdint.h>

#include "libkcommon/flags.h"
#include "libkcommon/strv.h"

struct kube_scheduler_options {
	/* Misc */
	char *config;	       /* --config: KubeSchedulerConfiguration file */
	char *write_config_to; /* --write-config-to */
	char *master;	       /* --master: overrides the kubeconfig's server */

	/* Secure serving (port 10259) */
	char *bind_address;
	int secure_port;
	char *cert_dir;
	char *tls_cert_file;
	char *tls_private_key_file;
	struct kc_strv tls_sni_cert_key; /* "cert,key[:names]": kc_flags_parse_named_cert_key() */
	struct kc_strv tls_cipher_suites;
	char *tls_min_version;

	/* Authentication (delegated to kube-apiserver) */
	char *authentication_kubeconfig;
	int64_t authentication_token_webhook_cache_ttl;
	char *client_ca_file;
	struct kc_strv requestheader_username_headers;
	struct kc_strv requestheader_uid_headers;
	struct kc_strv requestheader_group_headers;
	struct kc_strv requestheader_extra_headers_prefix;
	char *requestheader_client_ca_file;
	struct kc_strv requestheader_allowed_names;
	int authentication_skip_lookup;
	int authentication_tolerate_lookup_failure;

	/* Authorization (delegated to kube-apiserver) */
	char *authorization_kubeconfig;
	int64_t authorization_webhook_cache_authorized_ttl;
	int64_t authorization_webhook_cache_unauthorized_ttl;
	struct kc_strv authorization_always_allow_paths;

	/* Deprecated: still honoured when --config is not given, as upstream does */
	char *kubeconfig;
	char *kube_api_content_type;
	double kube_api_qps;
	int kube_api_burst;
	int64_t pod_max_in_unschedulable_pods_duration;

	/* Leader election */
	int leader_elect;
	int64_t leader_elect_lease_duration;
	int64_t leader_elect_renew_deadline;
	int64_t leader_elect_retry_period;
	char *leader_elect_resource_lock;
	char *leader_elect_resource_name;
	char *leader_elect_resource_namespace;

	/* Feature gate */
	struct kc_strv feature_gates; /* "Name=true" pairs */
};

/* The flagset (sections as upstream's --help groups them, plus kc_common_flags); static, never
 * NULL.  Its flags write into the struct kube_scheduler_options() returns. */
struct kc_flagset *kube_scheduler_options_flagset(void);

/* The parsed options; valid after kc_flags_parse() on the flagset above (borrowed). */
struct kube_scheduler_options *kube_scheduler_options(void);

/*
 * Checks what upstream checks before the scheduler starts (Options.Validate(): secure serving,
 * leader election, client connection); values of pflag's typed flags (ip, mapStringBool,
 * namedCertKey) are refused earlier, by kc_flags_parse().  Appends one message per problem to
 * errs, worded as upstream's.  Returns the number of problems (0 = valid) or KC_ERR_NOMEM.
 */
int kube_scheduler_options_validate(const struct kube_scheduler_options *o, struct kc_strv *errs);

#endif
