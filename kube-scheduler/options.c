/*
 * options.c - kube-scheduler's flag table and startup validation (upstream:
 * cmd/kube-scheduler/app/options/options.go initFlags() and Validate(), deprecated.go;
 * k8s.io/apiserver/pkg/server/options serving.go, authentication.go, authorization.go;
 * k8s.io/component-base/config/options/leaderelectionconfig.go).  Names, types, defaults and
 * sections are v1.32's; help texts are upstream's, sometimes shortened.
 */
#include <stdio.h>
#include <string.h>

#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/strv.h"
#include "kube-scheduler/options.h"

static struct kube_scheduler_options opts;

static struct kc_flag misc_flags[] = {
	KC_FLAG_DEF("config", STRING, &opts.config, NULL, "The path to the configuration file."),
	KC_FLAG_DEF("master", STRING, &opts.master, NULL,
		    "The address of the Kubernetes API server (overrides any value in kubeconfig)"),
	KC_FLAG_DEF("write-config-to", STRING, &opts.write_config_to, NULL,
		    "If set, write the configuration values to this file and exit."),
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
	KC_FLAG_DEF("secure-port", INT, &opts.secure_port, "10259",
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
		    &opts.authentication_tolerate_lookup_failure, "true",
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

static struct kc_flag deprecated_flags[] = {
	KC_FLAG_IGNORE("contention-profiling", BOOL, "true",
		       "DEPRECATED: enable block profiling, if profiling is enabled. This parameter is ignored if a config file is specified in --config."),
	KC_FLAG_DEF("kube-api-burst", INT, &opts.kube_api_burst, "100",
		    "DEPRECATED: burst to use while talking with kubernetes apiserver. This parameter is ignored if a config file is specified in --config."),
	KC_FLAG_DEF("kube-api-content-type", STRING, &opts.kube_api_content_type,
		    "application/vnd.kubernetes.protobuf",
		    "DEPRECATED: content type of requests sent to apiserver. This parameter is ignored if a config file is specified in --config."),
	KC_FLAG_DEFT("kube-api-qps", FLOAT, "float32", &opts.kube_api_qps, "50",
		     "DEPRECATED: QPS to use while talking with kubernetes apiserver. This parameter is ignored if a config file is specified in --config."),
	KC_FLAG_DEF("kubeconfig", STRING, &opts.kubeconfig, NULL,
		    "DEPRECATED: path to kubeconfig file with authorization and master location information. This parameter is ignored if a config file is specified in --config."),
	KC_FLAG_DEF("pod-max-in-unschedulable-pods-duration", DURATION,
		    &opts.pod_max_in_unschedulable_pods_duration, "5m0s",
		    "DEPRECATED: the maximum time a pod can stay in unschedulablePods. If a pod stays in unschedulablePods for longer than this value, the pod will be moved from unschedulablePods to backoffQ or activeQ. This flag is deprecated and will be removed in a future version."),
	KC_FLAG_IGNORE("profiling", BOOL, "true",
		       "DEPRECATED: enable profiling via web interface host:port/debug/pprof/. This parameter is ignored if a config file is specified in --config."),
	{ NULL },
};

static struct kc_flag leader_election_flags[] = {
	KC_FLAG_DEF("leader-elect", BOOL, &opts.leader_elect, "true",
		    "Start a leader election client and gain leadership before executing the main loop. Enable this when running replicated components for high availability."),
	KC_FLAG_DEF("leader-elect-lease-duration", DURATION, &opts.leader_elect_lease_duration, "15s",
		    "The duration that non-leader candidates will wait after observing a leadership renewal until attempting to acquire leadership of a led but unrenewed leader slot. This is effectively the maximum duration that a leader can be stopped before it is replaced by another candidate. This is only applicable if leader election is enabled."),
	KC_FLAG_DEF("leader-elect-renew-deadline", DURATION, &opts.leader_elect_renew_deadline, "10s",
		    "The interval between attempts by the acting master to renew a leadership slot before it stops leading. This must be less than the lease duration. This is only applicable if leader election is enabled."),
	KC_FLAG_DEF("leader-elect-resource-lock", STRING, &opts.leader_elect_resource_lock, "leases",
		    "The type of resource object that is used for locking during leader election. Supported options are 'leases'."),
	KC_FLAG_DEF("leader-elect-resource-name", STRING, &opts.leader_elect_resource_name,
		    "kube-scheduler",
		    "The name of resource object that is used for locking during leader election."),
	KC_FLAG_DEF("leader-elect-resource-namespace", STRING, &opts.leader_elect_resource_namespace,
		    "kube-system",
		    "The namespace of resource object that is used for locking during leader election."),
	KC_FLAG_DEF("leader-elect-retry-period", DURATION, &opts.leader_elect_retry_period, "2s",
		    "The duration the clients should wait between attempting acquisition and renewal of a leadership. This is only applicable if leader election is enabled."),
	{ NULL },
};

static struct kc_flag feature_gate_flags[] = {
	KC_FLAG_CHECKED("feature-gates", MAP_BOOL, NULL, &opts.feature_gates, NULL,
			kc_flags_check_feature_gates, KC_FLAG_FEATURE_GATES_USAGE),
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

static struct kc_flag_section sections[] = {
	{ "Misc", misc_flags },
	{ "Secure serving", secure_serving_flags },
	{ "Authentication", authentication_flags },
	{ "Authorization", authorization_flags },
	{ "Deprecated", deprecated_flags },
	{ "Leader election", leader_election_flags },
	{ "Feature gate", feature_gate_flags },
	{ "Metrics", metrics_flags },
	{ "Global", kc_common_flags },
	{ NULL },
};

static struct kc_flagset flagset = {
	.cmd = "kube-scheduler",
	.description =
		"The Kubernetes scheduler is a control plane process which assigns\nPods to Nodes. The scheduler determines which Nodes are valid placements for\neach Pod in the scheduling queue according to constraints and available\nresources. The scheduler then ranks each valid Node and binds the Pod to a\nsuitable Node. Multiple different schedulers may be used within a cluster;\nkube-scheduler is the reference implementation.\nSee [scheduling](https://kubernetes.io/docs/concepts/scheduling-eviction/)\nfor more information about scheduling and the kube-scheduler component.",
	.sections = sections,
};

struct kc_flagset *
kube_scheduler_options_flagset(void)
{
	return &flagset;
}

struct kube_scheduler_options *
kube_scheduler_options(void)
{
	return &opts;
}

/* componentbaseconfig validation.ValidateLeaderElectionConfiguration, field paths as the
 * KubeSchedulerConfiguration names them. */
static int
validate_leader_election(const struct kube_scheduler_options *o, struct kc_strv *errs)
{
	char a[64];
	int r = 0;

	if (!o->leader_elect)
		return 0;
	if (o->leader_elect_lease_duration <= 0)
		r = kc_strv_pushf(errs, "leaderElection.leaseDuration: Invalid value: \"%s\": must be greater than zero",
				  kc_duration_format(o->leader_elect_lease_duration, a, sizeof(a)));
	if (r >= 0 && o->leader_elect_renew_deadline <= 0)
		r = kc_strv_pushf(errs, "leaderElection.renewDeadline: Invalid value: \"%s\": must be greater than zero",
				  kc_duration_format(o->leader_elect_renew_deadline, a, sizeof(a)));
	if (r >= 0 && o->leader_elect_retry_period <= 0)
		r = kc_strv_pushf(errs, "leaderElection.retryPeriod: Invalid value: \"%s\": must be greater than zero",
				  kc_duration_format(o->leader_elect_retry_period, a, sizeof(a)));
	if (r >= 0 && o->leader_elect_lease_duration <= o->leader_elect_renew_deadline)
		r = kc_strv_pushf(errs, "leaderElection.leaseDuration: Invalid value: \"%s\": LeaseDuration must be greater than RenewDeadline",
				  kc_duration_format(o->leader_elect_renew_deadline, a, sizeof(a)));
	if (r >= 0 && !kc_flags_nonempty(o->leader_elect_resource_lock))
		r = kc_strv_pushf(errs, "leaderElection.resourceLock: Invalid value: \"\": resourceLock is required");
	if (r >= 0 && !kc_flags_nonempty(o->leader_elect_resource_namespace))
		r = kc_strv_pushf(errs, "leaderElection.resourceNamespace: Invalid value: \"\": resourceNamespace is required");
	if (r >= 0 && !kc_flags_nonempty(o->leader_elect_resource_name))
		r = kc_strv_pushf(errs, "leaderElection.resourceName: Invalid value: \"\": resourceName is required");
	/* resourcelock.New() refuses anything but "leases" since v1.24 */
	if (r >= 0 && kc_flags_nonempty(o->leader_elect_resource_lock) &&
	    strcmp(o->leader_elect_resource_lock, "leases") != 0)
		r = kc_strv_pushf(errs, "couldn't create resource lock: Invalid lock-type %s",
				  o->leader_elect_resource_lock);
	return r;
}

int
kube_scheduler_options_validate(const struct kube_scheduler_options *o, struct kc_strv *errs)
{
	size_t before = errs->n;
	int r = 0;

	if (!o->config)
		r = validate_leader_election(o, errs);
	if (r >= 0)
		r = kc_flags_validate_secure_serving(o->secure_port, 0, o->tls_min_version, errs);
	if (r >= 0 && o->kube_api_qps < 0)
		r = kc_strv_pushf(errs, "clientConnection.qps: Invalid value: %g: must be greater than or equal to 0",
				  o->kube_api_qps);
	if (r >= 0 && o->kube_api_burst < 0)
		r = kc_strv_pushf(errs, "clientConnection.burst: Invalid value: %d: must be greater than or equal to 0",
				  o->kube_api_burst);
	return r < 0 ? r : (int)(errs->n - before);
}
