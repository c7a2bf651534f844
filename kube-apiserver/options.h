/*
 * options.h - kube-apiserver's command line (upstream: cmd/kube-apiserver/app/options/options.go,
 * pkg/controlplane/apiserver/options/options.go, pkg/kubeapiserver/options and
 * k8s.io/apiserver/pkg/server/options).
 *
 * The flag table writes into one struct kube_apiserver_options owned by options.c: call
 * kc_flags_parse() (or kc_flags_parse_or_exit()) on kube_apiserver_options_flagset(), then read
 * kube_apiserver_options().  Flags that ckube accepts but does not act on are KC_FLAG_IGNORED and
 * listed in docs/compat.md; they have no field here.  Durations are nanoseconds.
 */
#ifndef KUBE_APISERVER_OPTIONS_H
#define KUBE_APISERVER_OPTIONS_H

#include <stdint.h>

#include "libkcommon/flags.h"
#include "libkcommon/strv.h"

struct kube_apiserver_options {
	/* Generic */
	char *advertise_address;
	struct kc_strv cors_allowed_origins;
	int default_not_ready_toleration_seconds;   /* DefaultTolerationSeconds admission */
	int default_unreachable_toleration_seconds; /* DefaultTolerationSeconds admission */
	char *external_hostname;
	double goaway_chance;
	int64_t livez_grace_period;
	int max_mutating_requests_inflight;
	int max_requests_inflight;
	int min_request_timeout; /* seconds */
	int64_t request_timeout;
	int64_t shutdown_delay_duration;
	int shutdown_send_retry_after;
	int64_t shutdown_watch_termination_grace_period;
	int64_t storage_initialization_timeout;
	struct kc_strv strict_transport_security_directives;
	struct kc_strv feature_gates; /* "Name=bool" */

	/* Etcd */
	int delete_collection_workers;
	int enable_garbage_collector;
	char *encryption_provider_config;
	int encryption_provider_config_automatic_reload;
	char *etcd_cafile;
	char *etcd_certfile;
	int64_t etcd_compaction_interval;
	int64_t etcd_healthcheck_timeout;
	char *etcd_keyfile;
	char *etcd_prefix;
	int64_t etcd_readycheck_timeout;
	struct kc_strv etcd_servers;
	int64_t lease_reuse_duration_seconds;
	char *storage_backend;
	char *storage_media_type; /* accepted; objects are always stored as JSON */
	int watch_cache;
	struct kc_strv watch_cache_sizes;

	/* Secure serving */
	char *bind_address;
	char *cert_dir;
	int secure_port;
	char *tls_cert_file;
	struct kc_strv tls_cipher_suites;
	char *tls_min_version;
	char *tls_private_key_file;
	struct kc_strv tls_sni_cert_key; /* "cert,key[:names]": kc_flags_parse_named_cert_key() */

	/* Features */
	int enable_priority_and_fairness;

	/* Authentication */
	int anonymous_auth;
	struct kc_strv api_audiences;
	char *client_ca_file;
	int enable_bootstrap_token_auth;
	struct kc_strv requestheader_allowed_names;
	char *requestheader_client_ca_file;
	struct kc_strv requestheader_extra_headers_prefix;
	struct kc_strv requestheader_group_headers;
	struct kc_strv requestheader_uid_headers;
	struct kc_strv requestheader_username_headers;
	int service_account_extend_token_expiration;
	struct kc_strv service_account_issuer; /* the first signs, all are accepted */
	char *service_account_jwks_uri;
	struct kc_strv service_account_key_file;
	int service_account_lookup;
	int64_t service_account_max_token_expiration;
	char *token_auth_file;

	/* Authorization */
	struct kc_strv authorization_mode;

	/* API enablement */
	struct kc_strv runtime_config; /* "group/version=bool", "api/all=true", ... */

	/* Admission */
	char *admission_control_config_file;
	struct kc_strv disable_admission_plugins;
	struct kc_strv enable_admission_plugins;
	struct kc_strv admission_control; /* deprecated */

	/* Misc */
	int allow_privileged;
	int enable_aggregator_routing;
	int aggregator_reject_forwarding_redirect;
	char *endpoint_reconciler_type;
	int64_t event_ttl;
	char *kubelet_certificate_authority;
	char *kubelet_client_certificate;
	char *kubelet_client_key;
	struct kc_strv kubelet_preferred_address_types;
	int64_t kubelet_timeout;
	int kubernetes_service_node_port;
	char *proxy_client_cert_file;
	char *proxy_client_key_file;
	char *service_account_signing_key_file;
	char *service_cluster_ip_range; /* "cidr" or a dual-stack "cidr,cidr" */
	char *service_node_port_range;	/* "30000-32767", "30000+2767" or one port */
	int apiserver_count;		/* deprecated */
};

/* The flagset (sections as upstream's --help groups them, plus kc_common_flags); static, never
 * NULL.  Its flags write into the struct kube_apiserver_options() returns. */
struct kc_flagset *kube_apiserver_options_flagset(void);

/* The parsed options; valid after kc_flags_parse() on the flagset above (borrowed). */
struct kube_apiserver_options *kube_apiserver_options(void);

/*
 * Checks what upstream checks at startup (Complete() and Validate(): etcd, service IP range and
 * node ports, secure serving, authentication, authorization, admission, the token-request
 * flags).  Values of upstream's typed flags (ip, portRange, mapStringBool, namedCertKey) are
 * refused earlier, by kc_flags_parse(), as pflag refuses them.  Appends one message per problem
 * to errs, worded as upstream's.  Returns the number of problems (0 = valid) or KC_ERR_NOMEM.
 */
int kube_apiserver_options_validate(const struct kube_apiserver_options *o, struct kc_strv *errs);

#endif
