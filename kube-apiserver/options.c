/*
 * options.c - kube-apiserver's flag table and startup validation (upstream:
 * cmd/kube-apiserver/app/options/options.go Flags() and validation.go,
 * pkg/controlplane/apiserver/options/options.go AddFlags() and validation.go,
 * pkg/kubeapiserver/options/{authentication,authorization,admission,serving}.go,
 * k8s.io/apiserver/pkg/server/options/{server_run_options,etcd,serving,audit,feature,
 * api_enablement,admission,tracing}.go, k8s.io/component-base/metrics/options.go).
 * Names, types, defaults and sections are v1.32's; help texts are upstream's, sometimes
 * shortened.  Flags ckube will not implement are either KC_FLAG_IGNORED or absent (an error), as
 * docs/compat.md lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/netutil.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"
#include "kube-apiserver/options.h"

static struct kube_apiserver_options opts;

/* pflag's MarkDeprecated() on a flag ckube still honours: hidden from --help, warns when used. */
#define DEPRECATED(n, t, v, d, u, msg)                                                     \
	{ .name = (n), .type = KC_FLAG_##t, .value = (v), .def = (d), .usage = (u), \
	  .deprecated = (msg), .opts = KC_FLAG_DEPRECATED | KC_FLAG_HIDDEN }

static struct kc_flag generic_flags[] = {
	KC_FLAG_DEF("advertise-address", IP, &opts.advertise_address, NULL,
		    "The IP address on which to advertise the apiserver to members of the cluster. This address must be reachable by the rest of the cluster. If blank, the --bind-address will be used. If --bind-address is unspecified, the host's default interface will be used."),
	KC_FLAG_DEF("cors-allowed-origins", STRINGS, &opts.cors_allowed_origins, NULL,
		    "List of allowed origins for CORS, comma separated. An allowed origin can be a regular expression to support subdomain matching. If this list is empty CORS will not be enabled. Please ensure each expression matches the entire hostname by anchoring to the start with '^' or including the '//' prefix, and by anchoring to the end with '$' or including the ':' port separator suffix."),
	KC_FLAG_DEF("default-not-ready-toleration-seconds", INT,
		    &opts.default_not_ready_toleration_seconds, "300",
		    "Indicates the tolerationSeconds of the toleration for notReady:NoExecute that is added by default to every pod that does not already have such a toleration."),
	KC_FLAG_DEF("default-unreachable-toleration-seconds", INT,
		    &opts.default_unreachable_toleration_seconds, "300",
		    "Indicates the tolerationSeconds of the toleration for unreachable:NoExecute that is added by default to every pod that does not already have such a toleration."),
	KC_FLAG_DEF("external-hostname", STRING, &opts.external_hostname, NULL,
		    "The hostname to use when generating externalized URLs for this master (e.g. Swagger API Docs or OpenID Discovery)."),
	KC_FLAG_CHECKED("feature-gates", MAP_BOOL, NULL, &opts.feature_gates, NULL,
			kc_flags_check_feature_gates, KC_FLAG_FEATURE_GATES_USAGE),
	KC_FLAG_DEF("goaway-chance", FLOAT, &opts.goaway_chance, "0",
		    "To prevent HTTP/2 clients from getting stuck on a single apiserver, randomly close a connection (GOAWAY). The client's other in-flight requests won't be affected, and the client will reconnect, likely landing on a different apiserver after going through the load balancer again. This argument sets the fraction of requests that will be sent a GOAWAY. Clusters with single apiservers, or which don't use a load balancer, should NOT enable this. Min is 0 (off), Max is .02 (1/50 requests); .001 (1/1000) is a recommended starting point."),
	KC_FLAG_DEF("livez-grace-period", DURATION, &opts.livez_grace_period, "0s",
		    "This option represents the maximum amount of time it should take for apiserver to complete its startup sequence and become live. From apiserver's start time to when this amount of time has elapsed, /livez will assume that unfinished post-start hooks will complete successfully and therefore return true."),
	KC_FLAG_DEF("max-mutating-requests-inflight", INT, &opts.max_mutating_requests_inflight, "200",
		    "This and --max-requests-inflight are summed to determine the server's total concurrency limit (which must be positive) if --enable-priority-and-fairness is true. Otherwise, this flag limits the maximum number of mutating requests in flight, or a zero value disables the limit completely."),
	KC_FLAG_DEF("max-requests-inflight", INT, &opts.max_requests_inflight, "400",
		    "This and --max-mutating-requests-inflight are summed to determine the server's total concurrency limit (which must be positive) if --enable-priority-and-fairness is true. Otherwise, this flag limits the maximum number of non-mutating requests in flight, or a zero value disables the limit completely."),
	KC_FLAG_DEF("min-request-timeout", INT, &opts.min_request_timeout, "1800",
		    "An optional field indicating the minimum number of seconds a handler must keep a request open before timing it out. Currently only honored by the watch request handler, which picks a randomized value above this number as the connection timeout, to spread out load."),
	KC_FLAG_DEF("request-timeout", DURATION, &opts.request_timeout, "1m0s",
		    "An optional field indicating the duration a handler must keep a request open before timing it out. This is the default request timeout for requests but may be overridden by flags such as --min-request-timeout for specific types of requests."),
	KC_FLAG_DEF("shutdown-delay-duration", DURATION, &opts.shutdown_delay_duration, "0s",
		    "Time to delay the termination. During that time the server keeps serving requests normally. The endpoints /healthz and /livez will return success, but /readyz immediately returns failure. Graceful termination starts after this delay has elapsed. This can be used to allow load balancer to stop sending traffic to this server."),
	KC_FLAG_DEF("shutdown-send-retry-after", BOOL, &opts.shutdown_send_retry_after, "false",
		    "If true the HTTP Server will continue listening until all non long running request(s) in flight have been drained, during this window all incoming requests will be rejected with a status code 429 and a 'Retry-After' response header, in addition 'Connection: close' response header is set in order to tear down the TCP connection when idle."),
	KC_FLAG_DEF("shutdown-watch-termination-grace-period", DURATION,
		    &opts.shutdown_watch_termination_grace_period, "0s",
		    "This option, if set, represents the maximum amount of grace period the apiserver will wait for active watch request(s) to drain during the graceful server shutdown window."),
	KC_FLAG_DEF("storage-initialization-timeout", DURATION, &opts.storage_initialization_timeout,
		    "1m0s",
		    "Maximum amount of time to wait for storage initialization before declaring apiserver ready. Defaults to 1m."),
	KC_FLAG_DEF("strict-transport-security-directives", STRINGS,
		    &opts.strict_transport_security_directives, NULL,
		    "List of directives for HSTS, comma separated. If this list is empty, then HSTS directives will not be added. Example: 'max-age=31536000,includeSubDomains,preload'"),
	{ NULL },
};

static struct kc_flag etcd_flags[] = {
	KC_FLAG_DEPRECATED_IGNORE("default-watch-cache-size", INT, NULL, "100",
				  "Default watch cache size. If zero, watch cache will be disabled for resources that do not have a default watch size set.",
				  "watch caches are sized automatically and this flag will be removed in a future version"),
	KC_FLAG_DEF("delete-collection-workers", INT, &opts.delete_collection_workers, "1",
		    "Number of workers spawned for DeleteCollection call. These are used to speed up namespace cleanup."),
	KC_FLAG_DEF("enable-garbage-collector", BOOL, &opts.enable_garbage_collector, "true",
		    "Enables the generic garbage collector. MUST be synced with the corresponding flag of the kube-controller-manager."),
	KC_FLAG_DEF("encryption-provider-config", STRING, &opts.encryption_provider_config, NULL,
		    "The file containing configuration for encryption providers to be used for storing secrets in etcd"),
	KC_FLAG_DEF("encryption-provider-config-automatic-reload", BOOL,
		    &opts.encryption_provider_config_automatic_reload, "false",
		    "Determines if the file set by --encryption-provider-config should be automatically reloaded if the disk contents change. Setting this to true disables the ability to uniquely identify distinct KMS plugins via the API server healthz endpoints."),
	KC_FLAG_DEF("etcd-cafile", STRING, &opts.etcd_cafile, NULL,
		    "SSL Certificate Authority file used to secure etcd communication."),
	KC_FLAG_DEF("etcd-certfile", STRING, &opts.etcd_certfile, NULL,
		    "SSL certification file used to secure etcd communication."),
	KC_FLAG_DEF("etcd-compaction-interval", DURATION, &opts.etcd_compaction_interval, "5m0s",
		    "The interval of compaction requests. If 0, the compaction request from apiserver is disabled."),
	KC_FLAG_IGNORE("etcd-count-metric-poll-period", DURATION, "1m0s",
		       "Frequency of polling etcd for number of resources per type. 0 disables the metric collection."),
	KC_FLAG_IGNORE("etcd-db-metric-poll-interval", DURATION, "30s",
		       "The interval of requests to poll etcd and update metric. 0 disables the metric collection"),
	KC_FLAG_DEF("etcd-healthcheck-timeout", DURATION, &opts.etcd_healthcheck_timeout, "2s",
		    "The timeout to use when checking etcd health."),
	KC_FLAG_DEF("etcd-keyfile", STRING, &opts.etcd_keyfile, NULL,
		    "SSL key file used to secure etcd communication."),
	KC_FLAG_DEF("etcd-prefix", STRING, &opts.etcd_prefix, "/registry",
		    "The prefix to prepend to all resource paths in etcd."),
	KC_FLAG_DEF("etcd-readycheck-timeout", DURATION, &opts.etcd_readycheck_timeout, "2s",
		    "The timeout to use when checking etcd readiness"),
	KC_FLAG_DEF("etcd-servers", STRINGS, &opts.etcd_servers, NULL,
		    "List of etcd servers to connect with (scheme://ip:port), comma separated."),
	KC_FLAG_DEF("lease-reuse-duration-seconds", INT64, &opts.lease_reuse_duration_seconds, "60",
		    "The time in seconds that each lease is reused. A lower value could avoid large number of objects reusing the same lease. Notice that a too small value may cause performance problems at storage layer."),
	KC_FLAG_DEF("storage-backend", STRING, &opts.storage_backend, NULL,
		    "The storage backend for persistence. Options: 'etcd3' (default)."),
	KC_FLAG_DEF("storage-media-type", STRING, &opts.storage_media_type,
		    "application/vnd.kubernetes.protobuf",
		    "The media type to use to store objects in storage. Some resources or storage backends may only support a specific media type and will ignore this setting. Supported media types: [application/json, application/yaml, application/vnd.kubernetes.protobuf]"),
	KC_FLAG_DEF("watch-cache", BOOL, &opts.watch_cache, "true", "Enable watch caching in the apiserver"),
	KC_FLAG_DEF("watch-cache-sizes", STRINGS, &opts.watch_cache_sizes, NULL,
		    "Watch cache size settings for some resources (pods, nodes, etc.), comma separated. The individual setting format: resource[.group]#size, where resource is lowercase plural (no version), group is omitted for resources of apiVersion v1 (the legacy core API) and included for others, and size is a number. The only meaningful size setting to supply here is zero, which means to disable watch caching for the associated resource."),
	{ NULL },
};

static struct kc_flag secure_serving_flags[] = {
	KC_FLAG_DEF("bind-address", IP, &opts.bind_address, "0.0.0.0",
		    "The IP address on which to listen for the --secure-port port. The associated interface(s) must be reachable by the rest of the cluster, and by CLI/web clients. If blank or an unspecified address (0.0.0.0 or ::), all interfaces and IP address families will be used."),
	KC_FLAG_DEF("cert-dir", STRING, &opts.cert_dir, "/var/run/kubernetes",
		    "The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored."),
	KC_FLAG_IGNORE("disable-http2-serving", BOOL, "false",
		       "If true, HTTP2 serving will be disabled [default=false]"),
	KC_FLAG_IGNORE("http2-max-streams-per-connection", INT, "1000",
		       "The limit that the server gives to clients for the maximum number of streams in an HTTP/2 connection. Zero means to use golang's default."),
	KC_FLAG_IGNORE("permit-address-sharing", BOOL, "false",
		       "If true, SO_REUSEADDR will be used when binding the port. This allows binding to wildcard IPs like 0.0.0.0 and specific IPs in parallel, and it avoids waiting for the kernel to release sockets in TIME_WAIT state. [default=false]"),
	KC_FLAG_IGNORE("permit-port-sharing", BOOL, "false",
		       "If true, SO_REUSEPORT will be used when binding the port, which allows more than one instance to bind on the same address and port. [default=false]"),
	KC_FLAG_DEF("secure-port", INT, &opts.secure_port, "6443",
		    "The port on which to serve HTTPS with authentication and authorization. It cannot be switched off with 0."),
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

#define BATCH_ONLY " Only used in batch mode."
#define AUDIT_MODE_USAGE                                                                           \
	"Strategy for sending audit events. Blocking indicates sending events should block server " \
	"responses. Batch causes the backend to buffer and write events asynchronously. Known "    \
	"modes are batch,blocking,blocking-strict."
#define TRUNCATE_BATCH_USAGE                                                                  \
	"Maximum size of the batch sent to the underlying backend. Actual serialized size can " \
	"be several hundreds of bytes greater. If a batch exceeds this limit, it is split into "  \
	"several batches of smaller size."
#define TRUNCATE_EVENT_USAGE                                                                  \
	"Maximum size of the audit event sent to the underlying backend. If the size of an "    \
	"event is greater than this number, first request and response are removed, and if "    \
	"this doesn't reduce the size enough, event is discarded."

/* Audit logging is not implemented: every flag is accepted and ignored (docs/compat.md). */
static struct kc_flag auditing_flags[] = {
	KC_FLAG_IGNORE("audit-log-batch-buffer-size", INT, "10000",
		       "The size of the buffer to store events before batching and writing." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-log-batch-max-size", INT, "1", "The maximum size of a batch." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-log-batch-max-wait", DURATION, "0s",
		       "The amount of time to wait before force writing the batch that hadn't reached the max size." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-log-batch-throttle-burst", INT, "0",
		       "Maximum number of requests sent at the same moment if ThrottleQPS was not utilized before." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-log-batch-throttle-enable", BOOL, "false",
		       "Whether batching throttling is enabled." BATCH_ONLY),
	KC_FLAG_IGNORET("audit-log-batch-throttle-qps", FLOAT, "float32", "0",
			"Maximum average number of batches per second." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-log-compress", BOOL, "false",
		       "If set, the rotated log files will be compressed using gzip."),
	KC_FLAG_IGNORE("audit-log-format", STRING, "json",
		       "Format of saved audits. \"legacy\" indicates 1-line text format for each event. \"json\" indicates structured json format. Known formats are legacy,json."),
	KC_FLAG_IGNORE("audit-log-maxage", INT, "0",
		       "The maximum number of days to retain old audit log files based on the timestamp encoded in their filename."),
	KC_FLAG_IGNORE("audit-log-maxbackup", INT, "0",
		       "The maximum number of old audit log files to retain. Setting a value of 0 will mean there's no restriction on the number of files."),
	KC_FLAG_IGNORE("audit-log-maxsize", INT, "0",
		       "The maximum size in megabytes of the audit log file before it gets rotated."),
	KC_FLAG_IGNORE("audit-log-mode", STRING, "blocking", AUDIT_MODE_USAGE),
	KC_FLAG_IGNORE("audit-log-path", STRING, NULL,
		       "If set, all requests coming to the apiserver will be logged to this file.  '-' means standard out."),
	KC_FLAG_IGNORE("audit-log-truncate-enabled", BOOL, "false",
		       "Whether event and batch truncating is enabled."),
	KC_FLAG_IGNORET("audit-log-truncate-max-batch-size", INT64, "int", "10485760",
			TRUNCATE_BATCH_USAGE),
	KC_FLAG_IGNORET("audit-log-truncate-max-event-size", INT64, "int", "102400",
			TRUNCATE_EVENT_USAGE),
	KC_FLAG_IGNORE("audit-log-version", STRING, "audit.k8s.io/v1",
		       "API group and version used for serializing audit events written to log."),
	KC_FLAG_IGNORE("audit-policy-file", STRING, NULL,
		       "Path to the file that defines the audit policy configuration."),
	KC_FLAG_IGNORE("audit-webhook-batch-buffer-size", INT, "10000",
		       "The size of the buffer to store events before batching and writing." BATCH_ONLY),
	KC_FLAG_DEPRECATED_IGNORE("audit-webhook-batch-initial-backoff", DURATION, NULL, "10s",
				  "The amount of time to wait before retrying the first failed request.",
				  "Deprecated, use --audit-webhook-initial-backoff instead."),
	KC_FLAG_IGNORE("audit-webhook-batch-max-size", INT, "400",
		       "The maximum size of a batch." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-webhook-batch-max-wait", DURATION, "30s",
		       "The amount of time to wait before force writing the batch that hadn't reached the max size." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-webhook-batch-throttle-burst", INT, "15",
		       "Maximum number of requests sent at the same moment if ThrottleQPS was not utilized before." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-webhook-batch-throttle-enable", BOOL, "true",
		       "Whether batching throttling is enabled." BATCH_ONLY),
	KC_FLAG_IGNORET("audit-webhook-batch-throttle-qps", FLOAT, "float32", "10",
			"Maximum average number of batches per second." BATCH_ONLY),
	KC_FLAG_IGNORE("audit-webhook-config-file", STRING, NULL,
		       "Path to a kubeconfig formatted file that defines the audit webhook configuration."),
	KC_FLAG_IGNORE("audit-webhook-initial-backoff", DURATION, "10s",
		       "The amount of time to wait before retrying the first failed request."),
	KC_FLAG_IGNORE("audit-webhook-mode", STRING, "batch", AUDIT_MODE_USAGE),
	KC_FLAG_IGNORE("audit-webhook-truncate-enabled", BOOL, "false",
		       "Whether event and batch truncating is enabled."),
	KC_FLAG_IGNORET("audit-webhook-truncate-max-batch-size", INT64, "int", "10485760",
			TRUNCATE_BATCH_USAGE),
	KC_FLAG_IGNORET("audit-webhook-truncate-max-event-size", INT64, "int", "102400",
			TRUNCATE_EVENT_USAGE),
	KC_FLAG_IGNORE("audit-webhook-version", STRING, "audit.k8s.io/v1",
		       "API group and version used for serializing audit events written to webhook."),
	{ NULL },
};

static struct kc_flag features_flags[] = {
	KC_FLAG_IGNORE("contention-profiling", BOOL, "false",
		       "Enable block profiling, if profiling is enabled"),
	KC_FLAG_IGNORE("debug-socket-path", STRING, NULL,
		       "Use an unprotected (no authn/authz) unix-domain socket for profiling with the given path"),
	KC_FLAG_DEF("enable-priority-and-fairness", BOOL, &opts.enable_priority_and_fairness, "true",
		    "If true, replace the max-in-flight handler with an enhanced one that queues and dispatches with priority and fairness"),
	KC_FLAG_IGNORE("profiling", BOOL, "true",
		       "Enable profiling via web interface host:port/debug/pprof/"),
	{ NULL },
};

static struct kc_flag authentication_flags[] = {
	KC_FLAG_DEF("anonymous-auth", BOOL, &opts.anonymous_auth, "true",
		    "Enables anonymous requests to the secure port of the API server. Requests that are not rejected by another authentication method are treated as anonymous requests. Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated."),
	KC_FLAG_DEF("api-audiences", STRINGS, &opts.api_audiences, NULL,
		    "Identifiers of the API. The service account token authenticator will validate that tokens used against the API are bound to at least one of these audiences. If the --service-account-issuer flag is configured and this flag is not, this field defaults to a single element list containing the issuer URL."),
	KC_FLAG_DEF("client-ca-file", STRING, &opts.client_ca_file, NULL,
		    "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate."),
	KC_FLAG_DEF("enable-bootstrap-token-auth", BOOL, &opts.enable_bootstrap_token_auth, "false",
		    "Enable to allow secrets of type 'bootstrap.kubernetes.io/token' in the 'kube-system' namespace to be used for TLS bootstrapping authentication."),
	KC_FLAG_DEF("requestheader-allowed-names", STRINGS, &opts.requestheader_allowed_names, NULL,
		    "List of client certificate common names to allow to provide usernames in headers specified by --requestheader-username-headers. If empty, any client certificate validated by the authorities in --requestheader-client-ca-file is allowed."),
	KC_FLAG_DEF("requestheader-client-ca-file", STRING, &opts.requestheader_client_ca_file, NULL,
		    "Root certificate bundle to use to verify client certificates on incoming requests before trusting usernames in headers specified by --requestheader-username-headers. WARNING: generally do not depend on authorization being already done for incoming requests."),
	KC_FLAG_DEF("requestheader-extra-headers-prefix", STRINGS,
		    &opts.requestheader_extra_headers_prefix, NULL,
		    "List of request header prefixes to inspect. X-Remote-Extra- is suggested."),
	KC_FLAG_DEF("requestheader-group-headers", STRINGS, &opts.requestheader_group_headers, NULL,
		    "List of request headers to inspect for groups. X-Remote-Group is suggested."),
	KC_FLAG_DEF("requestheader-uid-headers", STRINGS, &opts.requestheader_uid_headers, NULL,
		    "List of request headers to inspect for UIDs. X-Remote-Uid is suggested. Requires the RemoteRequestHeaderUID feature to be enabled."),
	KC_FLAG_DEF("requestheader-username-headers", STRINGS, &opts.requestheader_username_headers, NULL,
		    "List of request headers to inspect for usernames. X-Remote-User is common."),
	KC_FLAG_DEF("service-account-extend-token-expiration", BOOL,
		    &opts.service_account_extend_token_expiration, "true",
		    "Turns on projected service account expiration extension during token generation, which helps safe transition from legacy token to bound service account token feature. If this flag is enabled, admission injected tokens would be extended up to 1 year to prevent unexpected failure during transition, ignoring value of service-account-max-token-expiration."),
	KC_FLAG_DEF("service-account-issuer", STRING_ARRAY, &opts.service_account_issuer, NULL,
		    "Identifier of the service account token issuer. The issuer will assert this identifier in \"iss\" claim of issued tokens. This value is a string or URI. It is highly recommended that this value comply with the OpenID spec: https://openid.net/specs/openid-connect-discovery-1_0.html. When this flag is specified multiple times, the first is used to generate tokens and all are used to determine which issuers are accepted."),
	KC_FLAG_DEF("service-account-jwks-uri", STRING, &opts.service_account_jwks_uri, NULL,
		    "Overrides the URI for the JSON Web Key Set in the discovery doc served at /.well-known/openid-configuration. This flag is useful if the discovery doc and key set are served to relying parties from a URL other than the API server's external (as auto-detected or overridden with external-hostname)."),
	KC_FLAG_DEF("service-account-key-file", STRING_ARRAY, &opts.service_account_key_file,
		    NULL,
		    "File containing PEM-encoded x509 RSA or ECDSA private or public keys, used to verify ServiceAccount tokens. The specified file can contain multiple keys, and the flag can be specified multiple times with different files. If unspecified, --tls-private-key-file is used. Must be specified when --service-account-signing-key-file is provided"),
	KC_FLAG_DEF("service-account-lookup", BOOL, &opts.service_account_lookup, "true",
		    "If true, validate ServiceAccount tokens exist in etcd as part of authentication."),
	KC_FLAG_DEF("service-account-max-token-expiration", DURATION,
		    &opts.service_account_max_token_expiration, "0s",
		    "The maximum validity duration of a token created by the service account token issuer. If an otherwise valid TokenRequest with a validity duration larger than this value is requested, a token will be issued with a validity duration of this value."),
	KC_FLAG_DEF("token-auth-file", STRING, &opts.token_auth_file, NULL,
		    "If set, the file that will be used to secure the secure port of the API server via token authentication."),
	{ NULL },
};

static struct kc_flag authorization_flags[] = {
	KC_FLAG_DEF("authorization-mode", STRINGS, &opts.authorization_mode, "AlwaysAllow",
		    "Ordered list of plug-ins to do authorization on secure port. Defaults to AlwaysAllow if --authorization-config is not used. Comma-delimited list of: AlwaysAllow,AlwaysDeny,ABAC,Webhook,RBAC,Node."),
	{ NULL },
};

static struct kc_flag api_enablement_flags[] = {
	KC_FLAG_DEF("runtime-config", MAP, &opts.runtime_config, NULL,
		    "A set of key=value pairs that enable or disable built-in APIs. Supported options are:\nv1=true|false for the core API group\n<group>/<version>=true|false for a specific API group and version (e.g. apps/v1=true)\napi/all=true|false controls all API versions\napi/ga=true|false controls all API versions of the form v[0-9]+\napi/beta=true|false controls all API versions of the form v[0-9]+beta[0-9]+\napi/alpha=true|false controls all API versions of the form v[0-9]+alpha[0-9]+\napi/legacy is deprecated, and will be removed in a future version"),
	{ NULL },
};

#define ADMISSION_PLUGINS_TEXT                                                                     \
	"Comma-delimited list of admission plugins: AlwaysAdmit, AlwaysDeny, AlwaysPullImages, "   \
	"CertificateApproval, CertificateSigning, CertificateSubjectRestriction, "                 \
	"ClusterTrustBundleAttest, DefaultIngressClass, DefaultStorageClass, "                     \
	"DefaultTolerationSeconds, DenyServiceExternalIPs, EventRateLimit, "                       \
	"ExtendedResourceToleration, ImagePolicyWebhook, LimitPodHardAntiAffinityTopology, "      \
	"LimitRanger, MutatingAdmissionPolicy, MutatingAdmissionWebhook, NamespaceAutoProvision, " \
	"NamespaceExists, NamespaceLifecycle, NodeRestriction, "                                   \
	"OwnerReferencesPermissionEnforcement, PersistentVolumeClaimResize, PodNodeSelector, "     \
	"PodSecurity, PodTolerationRestriction, Priority, ResourceQuota, RuntimeClass, "           \
	"ServiceAccount, StorageObjectInUseProtection, TaintNodesByCondition, "                    \
	"ValidatingAdmissionPolicy, ValidatingAdmissionWebhook. The order of plugins in this flag " \
	"does not matter."
#define ADMISSION_DEFAULTS                                                                      \
	"(NamespaceLifecycle, LimitRanger, ServiceAccount, TaintNodesByCondition, PodSecurity, " \
	"Priority, DefaultTolerationSeconds, DefaultStorageClass, StorageObjectInUseProtection, " \
	"PersistentVolumeClaimResize, RuntimeClass, CertificateApproval, CertificateSigning, "   \
	"ClusterTrustBundleAttest, CertificateSubjectRestriction, DefaultIngressClass, "          \
	"MutatingAdmissionWebhook, ValidatingAdmissionPolicy, ValidatingAdmissionWebhook, "      \
	"ResourceQuota). "

static struct kc_flag admission_flags[] = {
	DEPRECATED("admission-control", STRINGS, &opts.admission_control, NULL,
		   "Admission is divided into two phases. In the first phase, only mutating admission plugins run. In the second phase, only validating admission plugins run. The names in the below list may represent a validating plugin, a mutating plugin, or both. The order of plugins in which they are passed to this flag does not matter. " ADMISSION_PLUGINS_TEXT,
		   "Use --enable-admission-plugins or --disable-admission-plugins instead. Will be removed in a future version."),
	KC_FLAG_DEF("admission-control-config-file", STRING, &opts.admission_control_config_file, NULL,
		    "File with admission control configuration."),
	KC_FLAG_DEF("disable-admission-plugins", STRINGS, &opts.disable_admission_plugins, NULL,
		    "admission plugins that should be disabled although they are in the default enabled plugins list " ADMISSION_DEFAULTS ADMISSION_PLUGINS_TEXT),
	KC_FLAG_DEF("enable-admission-plugins", STRINGS, &opts.enable_admission_plugins, NULL,
		    "admission plugins that should be enabled in addition to default enabled ones " ADMISSION_DEFAULTS ADMISSION_PLUGINS_TEXT),
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

static struct kc_flag traces_flags[] = {
	KC_FLAG_IGNORE("tracing-config-file", STRING, NULL, "File with apiserver tracing configuration."),
	{ NULL },
};

static struct kc_flag cloud_provider_flags[] = {
	KC_FLAG_IGNORE("cloud-config", STRING, NULL,
		       "The path to the cloud provider configuration file. Empty string for no configuration file."),
	KC_FLAG_IGNORE("cloud-provider", STRING, NULL,
		       "The provider for cloud services. Empty string for no provider."),
	{ NULL },
};

static struct kc_flag misc_flags[] = {
	KC_FLAG_DEF("aggregator-reject-forwarding-redirect", BOOL,
		    &opts.aggregator_reject_forwarding_redirect, "true",
		    "Aggregator reject forwarding redirect response back to client."),
	KC_FLAG_DEF("allow-privileged", BOOL, &opts.allow_privileged, "false",
		    "If true, allow privileged containers. [default=false]"),
	DEPRECATED("apiserver-count", INT, &opts.apiserver_count, "1",
		   "The number of apiservers running in the cluster, must be a positive number. (In use when --endpoint-reconciler-type=master-count is enabled.)",
		   "apiserver-count is deprecated and will be removed in a future version."),
	KC_FLAG_DEF("enable-aggregator-routing", BOOL, &opts.enable_aggregator_routing, "false",
		    "Turns on aggregator routing requests to endpoints IP rather than cluster IP."),
	KC_FLAG_DEPRECATED_IGNORE("enable-logs-handler", BOOL, NULL, "true",
				  "If true, install a /logs handler for the apiserver logs.",
				  "This flag will be removed in v1.19"),
	KC_FLAG_DEF("endpoint-reconciler-type", STRING, &opts.endpoint_reconciler_type, "lease",
		    "Use an endpoint reconciler (master-count, lease, none) master-count is deprecated, and will be removed in a future version."),
	KC_FLAG_DEF("event-ttl", DURATION, &opts.event_ttl, "1h0m0s", "Amount of time to retain events."),
	KC_FLAG_DEF("kubelet-certificate-authority", STRING, &opts.kubelet_certificate_authority, NULL,
		    "Path to a cert file for the certificate authority."),
	KC_FLAG_DEF("kubelet-client-certificate", STRING, &opts.kubelet_client_certificate, NULL,
		    "Path to a client cert file for TLS."),
	KC_FLAG_DEF("kubelet-client-key", STRING, &opts.kubelet_client_key, NULL,
		    "Path to a client key file for TLS."),
	KC_FLAG_DEPRECATED_IGNORE("kubelet-port", INT, "uint", "10250", "DEPRECATED: kubelet port.",
				  "kubelet-port is deprecated and will be removed."),
	KC_FLAG_DEF("kubelet-preferred-address-types", STRINGS, &opts.kubelet_preferred_address_types,
		    "Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP",
		    "List of the preferred NodeAddressTypes to use for kubelet connections."),
	KC_FLAG_DEPRECATED_IGNORE("kubelet-read-only-port", INT, "uint", "10255",
				  "DEPRECATED: kubelet read only port.",
				  "kubelet-read-only-port is deprecated and will be removed."),
	KC_FLAG_DEF("kubelet-timeout", DURATION, &opts.kubelet_timeout, "5s",
		    "Timeout for kubelet operations."),
	KC_FLAG_DEF("kubernetes-service-node-port", INT, &opts.kubernetes_service_node_port, "0",
		    "If non-zero, the Kubernetes master service (which apiserver creates/maintains) will be of type NodePort, using this as the value of the port. If zero, the Kubernetes master service will be of type ClusterIP."),
	KC_FLAG_IGNORET("max-connection-bytes-per-sec", INT64, "int", "0",
			"If non-zero, throttle each user connection to this number of bytes/sec. Currently only applies to long-running requests."),
	KC_FLAG_DEF("proxy-client-cert-file", STRING, &opts.proxy_client_cert_file, NULL,
		    "Client certificate used to prove the identity of the aggregator or kube-apiserver when it must call out during a request. This includes proxying requests to a user api-server and calling out to webhook admission plugins. It is expected that this cert includes a signature from the CA in the --requestheader-client-ca-file flag. That CA is published in the 'extension-apiserver-authentication' configmap in the kube-system namespace. Components receiving calls from kube-aggregator should use that CA to perform their half of the mutual TLS verification."),
	KC_FLAG_DEF("proxy-client-key-file", STRING, &opts.proxy_client_key_file, NULL,
		    "Private key for the client certificate used to prove the identity of the aggregator or kube-apiserver when it must call out during a request. This includes proxying requests to a user api-server and calling out to webhook admission plugins."),
	KC_FLAG_DEF("service-account-signing-key-file", STRING, &opts.service_account_signing_key_file,
		    NULL,
		    "Path to the file that contains the current private key of the service account token issuer. The issuer will sign issued ID tokens with this private key."),
	KC_FLAG_DEF("service-cluster-ip-range", STRING, &opts.service_cluster_ip_range, NULL,
		    "A CIDR notation IP range from which to assign service cluster IPs. This must not overlap with any IP ranges assigned to nodes or pods. Max of two dual-stack CIDRs is allowed."),
	KC_FLAG_CHECKED("service-node-port-range", STRING, "portRange", &opts.service_node_port_range,
			"30000-32767", kc_netutil_check_port_range,
			"A port range to reserve for services with NodePort visibility.  This must not overlap with the ephemeral port range on nodes.  Example: '30000-32767'. Inclusive at both ends of the range."),
	{ NULL },
};

static struct kc_flag_section sections[] = {
	{ "Generic", generic_flags },
	{ "Etcd", etcd_flags },
	{ "Secure serving", secure_serving_flags },
	{ "Auditing", auditing_flags },
	{ "Features", features_flags },
	{ "Authentication", authentication_flags },
	{ "Authorization", authorization_flags },
	{ "API enablement", api_enablement_flags },
	{ "Admission", admission_flags },
	{ "Metrics", metrics_flags },
	{ "Traces", traces_flags },
	{ "Cloud provider", cloud_provider_flags },
	{ "Misc", misc_flags },
	{ "Global", kc_common_flags },
	{ NULL },
};

static struct kc_flagset flagset = {
	.cmd = "kube-apiserver",
	.description =
		"The Kubernetes API server validates and configures data\nfor the api objects which include pods, services, replicationcontrollers, and\nothers. The API Server services REST operations and provides the frontend to the\ncluster's shared state through which all other components interact.",
	.sections = sections,
};

struct kc_flagset *
kube_apiserver_options_flagset(void)
{
	return &flagset;
}

struct kube_apiserver_options *
kube_apiserver_options(void)
{
	return &opts;
}

/* ---- validation ---- */

static const char *const admission_plugins[] = {
	"AlwaysAdmit",
	"AlwaysDeny",
	"AlwaysPullImages",
	"CertificateApproval",
	"CertificateSigning",
	"CertificateSubjectRestriction",
	"ClusterTrustBundleAttest",
	"DefaultIngressClass",
	"DefaultStorageClass",
	"DefaultTolerationSeconds",
	"DenyServiceExternalIPs",
	"EventRateLimit",
	"ExtendedResourceToleration",
	"ImagePolicyWebhook",
	"LimitPodHardAntiAffinityTopology",
	"LimitRanger",
	"MutatingAdmissionPolicy",
	"MutatingAdmissionWebhook",
	"NamespaceAutoProvision",
	"NamespaceExists",
	"NamespaceLifecycle",
	"NodeRestriction",
	"OwnerReferencesPermissionEnforcement",
	"PersistentVolumeClaimResize",
	"PodNodeSelector",
	"PodSecurity",
	"PodTolerationRestriction",
	"Priority",
	"ResourceQuota",
	"RuntimeClass",
	"ServiceAccount",
	"StorageObjectInUseProtection",
	"TaintNodesByCondition",
	"ValidatingAdmissionPolicy",
	"ValidatingAdmissionWebhook",
	NULL,
};

static int
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* The value of feature gate name in --feature-gates (whose values kc_flags_parse() checked), or
 * def when not given. */
static int
feature_enabled(const struct kube_apiserver_options *o, const char *name, int def)
{
	size_t len = strlen(name);
	int v = def;

	for (size_t i = 0; i < o->feature_gates.n; i++) {
		const char *kv = o->feature_gates.v[i];

		if (strncmp(kv, name, len) == 0 && kv[len] == '=')
			(void)kc_parse_bool(kv + len + 1, &v);
	}
	return v;
}

/* ServerRunOptions.Validate() */
static int
validate_generic(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	int r = 0;

	if (o->livez_grace_period < 0)
		r = kc_strv_pushf(errs, "--livez-grace-period can not be a negative value");
	if (r >= 0 && o->max_requests_inflight < 0)
		r = kc_strv_pushf(errs, "--max-requests-inflight can not be negative value");
	if (r >= 0 && o->max_mutating_requests_inflight < 0)
		r = kc_strv_pushf(errs, "--max-mutating-requests-inflight can not be negative value");
	if (r >= 0 && o->request_timeout < 0)
		r = kc_strv_pushf(errs, "--request-timeout can not be negative value");
	if (r >= 0 && (o->goaway_chance < 0 || o->goaway_chance > 0.02))
		r = kc_strv_pushf(errs, "--goaway-chance can not be less than 0 or greater than 0.02");
	if (r >= 0 && o->min_request_timeout < 0)
		r = kc_strv_pushf(errs, "--min-request-timeout can not be negative value");
	if (r >= 0 && o->storage_initialization_timeout < 0)
		r = kc_strv_pushf(errs, "--storage-initialization-timeout can not be negative value");
	if (r >= 0 && o->shutdown_delay_duration < 0)
		r = kc_strv_pushf(errs, "--shutdown-delay-duration can not be negative value");
	if (r >= 0 && o->shutdown_watch_termination_grace_period < 0)
		r = kc_strv_pushf(errs, "shutdown-watch-termination-grace-period, if provided, can not be a negative value");
	for (size_t i = 0; r >= 0 && i < o->cors_allowed_origins.n; i++)
		if (*o->cors_allowed_origins.v[i] == '\0')
			r = kc_strv_pushf(errs, "empty value in --cors-allowed-origins, help: List of allowed origins for CORS, comma separated.");
	return r;
}

/* EtcdOptions.Validate() */
static int
validate_etcd(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	static const char *const media_types[] = { "application/json", "application/yaml",
						   "application/vnd.kubernetes.protobuf", NULL };
	int r = 0;

	if (o->etcd_servers.n == 0)
		r = kc_strv_pushf(errs, "--etcd-servers must be specified");
	if (r >= 0 && kc_flags_nonempty(o->storage_backend) && strcmp(o->storage_backend, "etcd3") != 0)
		r = kc_strv_pushf(errs, "--storage-backend invalid, allowed values: etcd3. If not specified, it will default to 'etcd3'");
	if (r >= 0 && !kc_flags_nonempty(o->encryption_provider_config) &&
	    o->encryption_provider_config_automatic_reload)
		r = kc_strv_pushf(errs, "--encryption-provider-config-automatic-reload must be set with --encryption-provider-config");
	if (r >= 0 && kc_flags_nonempty(o->storage_media_type) &&
	    !in_list(media_types, o->storage_media_type))
		r = kc_strv_pushf(errs, "--storage-media-type \"%s\" invalid, allowed values: application/json, application/vnd.kubernetes.protobuf, application/yaml",
				  o->storage_media_type);
	return r;
}

/* SecureServingOptions.Validate() with Required (kube-apiserver cannot turn HTTPS off). */
static int
validate_secure_serving(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	return kc_flags_validate_secure_serving(o->secure_port, 1, o->tls_min_version, errs);
}

static int
check_blank_entries(const char *flag, const struct kc_strv *sv, struct kc_strv *errs)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strspn(sv->v[i], " \t\n\r") == strlen(sv->v[i]))
			return kc_strv_pushf(errs, "empty value in \"%s\"", flag);
	return 0;
}

/* BuiltInAuthenticationOptions.Validate() for the authenticators ckube has. */
static int
validate_authentication(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < o->service_account_issuer.n; i++) {
		const char *iss = o->service_account_issuer.v[i];
		size_t j;

		for (j = 0; j < i && strcmp(o->service_account_issuer.v[j], iss) != 0; j++)
			;
		if (*iss == '\0')
			r = kc_strv_pushf(errs, "service-account-issuer should not be an empty string");
		else if (j < i)
			r = kc_strv_pushf(errs, "service-account-issuer \"%s\" is already specified", iss);
	}
	if (r >= 0 && o->service_account_issuer.n == 0)
		r = kc_strv_pushf(errs, "service-account-issuer is a required flag");
	if (r >= 0 && o->service_account_key_file.n == 0)
		r = kc_strv_pushf(errs, "service-account-key-file is a required flag");
	if (r >= 0 && kc_flags_nonempty(o->service_account_jwks_uri) &&
	    strncmp(o->service_account_jwks_uri, "https://", 8) != 0)
		r = kc_strv_pushf(errs, "service-account-jwks-uri requires https scheme, parsed as: %s",
				  o->service_account_jwks_uri);
	if (r >= 0)
		r = check_blank_entries("requestheader-username-headers",
					&o->requestheader_username_headers, errs);
	if (r >= 0)
		r = check_blank_entries("requestheader-group-headers", &o->requestheader_group_headers,
					errs);
	if (r >= 0)
		r = check_blank_entries("requestheader-extra-headers-prefix",
					&o->requestheader_extra_headers_prefix, errs);
	if (r >= 0)
		r = check_blank_entries("requestheader-allowed-names", &o->requestheader_allowed_names,
					errs);
	if (r >= 0 && o->requestheader_uid_headers.n > 0 &&
	    !feature_enabled(o, "RemoteRequestHeaderUID", 0))
		r = kc_strv_pushf(errs, "--requestheader-uid-headers requires the \"RemoteRequestHeaderUID\" feature to be enabled");
	return r;
}

/* BuiltInAuthorizationOptions.Validate(); ABAC and Webhook are modes ckube does not have. */
static int
validate_authorization(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	static const char *const modes[] = { "AlwaysAllow", "AlwaysDeny", "Node", "RBAC", NULL };
	static const char *const upstream_only[] = { "ABAC", "Webhook", NULL };
	int r = 0;

	if (o->authorization_mode.n == 0)
		r = kc_strv_pushf(errs, "at least one authorization-mode must be passed");
	for (size_t i = 0; r >= 0 && i < o->authorization_mode.n; i++) {
		const char *m = o->authorization_mode.v[i];

		if (in_list(upstream_only, m))
			r = kc_strv_pushf(errs, "authorization-mode \"%s\" is not supported by ckube (see docs/compat.md)",
					  m);
		else if (!in_list(modes, m))
			r = kc_strv_pushf(errs, "authorization-mode \"%s\" is not a valid mode", m);
	}
	for (size_t i = 0; r >= 0 && i < o->authorization_mode.n; i++)
		for (size_t j = 0; r >= 0 && j < i; j++)
			if (strcmp(o->authorization_mode.v[i], o->authorization_mode.v[j]) == 0) {
				char *list = kc_strv_join(&o->authorization_mode, " ");

				if (list == NULL)
					return KC_ERR_NOMEM;
				r = kc_strv_pushf(errs, "authorization-mode [%s] has mode specified more than once",
						  list);
				free(list);
				i = o->authorization_mode.n;
				break;
			}
	return r;
}

/* AdmissionOptions.Validate() (kube and generic). */
static int
validate_admission(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	int r = 0;

	if (o->admission_control.n > 0 &&
	    (o->enable_admission_plugins.n > 0 || o->disable_admission_plugins.n > 0))
		r = kc_strv_pushf(errs, "admission-control and enable-admission-plugins/disable-admission-plugins flags are mutually exclusive");
	for (size_t i = 0; r >= 0 && i < o->enable_admission_plugins.n; i++)
		if (!in_list(admission_plugins, o->enable_admission_plugins.v[i]))
			r = kc_strv_pushf(errs, "enable-admission-plugins plugin \"%s\" is unknown",
					  o->enable_admission_plugins.v[i]);
	for (size_t i = 0; r >= 0 && i < o->disable_admission_plugins.n; i++)
		if (!in_list(admission_plugins, o->disable_admission_plugins.v[i]))
			r = kc_strv_pushf(errs, "disable-admission-plugins plugin \"%s\" is unknown",
					  o->disable_admission_plugins.v[i]);
	for (size_t i = 0; r >= 0 && i < o->admission_control.n; i++)
		if (!in_list(admission_plugins, o->admission_control.v[i]))
			r = kc_strv_pushf(errs, "admission-control plugin \"%s\" is unknown",
					  o->admission_control.v[i]);
	for (size_t i = 0; r >= 0 && i < o->enable_admission_plugins.n; i++)
		if (kc_strv_contains(&o->disable_admission_plugins, o->enable_admission_plugins.v[i]))
			r = kc_strv_pushf(errs, "[%s] in enable-admission-plugins and disable-admission-plugins overlapped",
					  o->enable_admission_plugins.v[i]);
	return r;
}

/* --runtime-config values are booleans (resourceconfig.getRuntimeConfigValue). */
static int
validate_runtime_config(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	for (size_t i = 0; i < o->runtime_config.n; i++) {
		const char *kv = o->runtime_config.v[i];
		const char *eq = strchr(kv, '=');
		int b;

		if (kc_parse_bool(eq + 1, &b) < 0)
			return kc_strv_pushf(errs, "invalid value of %.*s: %s, err: strconv.ParseBool: parsing \"%s\": invalid syntax",
					     (int)(eq - kv), kv, eq + 1, eq + 1);
	}
	return 0;
}

/* validateTokenRequest(): ckube signs service account tokens, so these are required. */
static int
validate_token_request(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	int issuer = o->service_account_issuer.n > 0 && *o->service_account_issuer.v[0] != '\0';
	int key = kc_flags_nonempty(o->service_account_signing_key_file);

	if (!key && !issuer && o->api_audiences.n == 0)
		return kc_strv_pushf(errs, "--service-account-signing-key-file and --service-account-issuer are required flags");
	if (!key || !issuer)
		return kc_strv_pushf(errs, "--service-account-signing-key-file, --service-account-issuer, and --api-audiences should be specified together");
	return 0;
}

/* netutils.ParseCIDRSloppy(): the address's bit count (32 or 128) and the prefix length. */
static int
parse_cidr(const char *s, int *ret_bits, int *ret_ones)
{
	unsigned char ip[16];
	int family = kc_validation_parse_cidr(s, ip, ret_ones);

	if (family < 0)
		return family;
	*ret_bits = family == 4 ? 32 : 128;
	return 0;
}

/* getServiceIPAndRanges() and validateClusterIPFlags(). */
static int
validate_service_cluster_ip_range(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	struct kc_strv ranges = KC_STRV_INIT;
	int bits[2] = { 0, 0 }, ones[2] = { 0, 0 };
	int r = 0;

	if (!kc_flags_nonempty(o->service_cluster_ip_range))
		return 0; /* upstream warns and defaults to 10.0.0.0/24 */
	if (kc_strv_split(&ranges, o->service_cluster_ip_range, ',') < 0)
		return KC_ERR_NOMEM;
	if (parse_cidr(ranges.v[0], &bits[0], &ones[0]) < 0)
		r = kc_strv_pushf(errs, "service-cluster-ip-range[0] is not a valid cidr");
	else if (bits[0] - ones[0] < 3)
		r = kc_strv_pushf(errs, "error determining service IP ranges for primary service cidr: the service cluster IP range must be at least 8 IP addresses");
	if (r >= 0 && ranges.n > 1 && parse_cidr(ranges.v[1], &bits[1], &ones[1]) < 0)
		r = kc_strv_pushf(errs, "service-cluster-ip-range[1] is not an ip net");
	if (r >= 0 && ranges.n > 2)
		r = kc_strv_pushf(errs, "--service-cluster-ip-range must not contain more than two entries");
	if (r >= 0 && bits[0] != 0 && bits[0] - ones[0] > 20)
		r = kc_strv_pushf(errs, "specified --service-cluster-ip-range is too large; for %d-bit addresses, the mask must be >= %d",
				  bits[0], bits[0] - 20);
	if (r >= 0 && ranges.n == 2 && bits[1] != 0) {
		if (bits[0] == bits[1])
			r = kc_strv_pushf(errs, "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");
		else if (bits[1] - ones[1] > 20)
			r = kc_strv_pushf(errs, "specified --secondary-service-cluster-ip-range is too large; for %d-bit addresses, the mask must be >= %d",
					  bits[1], bits[1] - 20);
	}
	kc_strv_release(&ranges);
	return r;
}

/* validateServiceNodePort() and the misc checks of cmd/kube-apiserver. */
static int
validate_misc(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	static const char *const reconcilers[] = { "master-count", "lease", "none", NULL };
	int base = 0, size = 0, r = 0;

	if (o->kubernetes_service_node_port < 0 || o->kubernetes_service_node_port > 65535)
		r = kc_strv_pushf(errs, "--kubernetes-service-node-port %d must be between 0 and 65535, inclusive. If 0, the Kubernetes master service will be of type ClusterIP",
				  o->kubernetes_service_node_port);
	if (r >= 0 && o->kubernetes_service_node_port > 0 &&
	    kc_netutil_parse_port_range(o->service_node_port_range ? o->service_node_port_range : "",
					&base, &size, NULL, 0) == 0 &&
	    (o->kubernetes_service_node_port < base ||
	     o->kubernetes_service_node_port >= base + size))
		r = kc_strv_pushf(errs, "kubernetes service port range %d-%d doesn't contain %d", base,
				  base + size - 1, o->kubernetes_service_node_port);
	if (r >= 0 && o->apiserver_count <= 0)
		r = kc_strv_pushf(errs, "--apiserver-count should be a positive number, but value '%d' provided",
				  o->apiserver_count);
	if (r >= 0 && !in_list(reconcilers, o->endpoint_reconciler_type ? o->endpoint_reconciler_type : ""))
		r = kc_strv_pushf(errs, "Reconciler not implemented: %s",
				  o->endpoint_reconciler_type ? o->endpoint_reconciler_type : "");
	return r;
}

int
kube_apiserver_options_validate(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	static int (*const checks[])(const struct kube_apiserver_options *, struct kc_strv *) = {
		validate_generic,	 validate_etcd,		  validate_secure_serving,
		validate_authentication, validate_authorization, validate_admission,
		validate_runtime_config, validate_token_request, validate_service_cluster_ip_range,
		validate_misc,
	};
	size_t before = errs->n;

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		int r = checks[i](o, errs);

		if (r < 0)
			return r;
	}
	return (int)(errs->n - before);
}
