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
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/strv.h"
#include "kube-apiserver/options.h"

static struct kube_apiserver_options opts;

/* Where KC_FLAG_IGNORED flags write: their values are parsed (so bad ones are refused as upstream
 * refuses them) and then dropped. */
static struct {
	int i;
	int64_t i64;
	double f;
	char *s;
	struct kc_strv sv;
} sink;

#define SINK_BOOL     (&sink.i)
#define SINK_INT      (&sink.i)
#define SINK_INT64    (&sink.i64)
#define SINK_FLOAT    (&sink.f)
#define SINK_STRING   (&sink.s)
#define SINK_STRINGS  (&sink.sv)
#define SINK_DURATION (&sink.i64)
#define SINK_MAP      (&sink.sv)

#define FLAG(n, t, v, d, u) { .name = (n), .type = KC_FLAG_##t, .value = (v), .def = (d), .usage = (u) }
#define FLAGT(n, t, tn, v, d, u) \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .value = (v), .def = (d), .usage = (u) }
#define IGNORED(n, t, d, u) \
	{ .name = (n), .type = KC_FLAG_##t, .value = SINK_##t, .def = (d), .usage = (u), .opts = KC_FLAG_IGNORED }
#define IGNOREDT(n, t, tn, d, u)                                                                   \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .value = SINK_##t, .def = (d), \
	  .usage = (u), .opts = KC_FLAG_IGNORED }
/* pflag's MarkDeprecated(): hidden from --help, a warning when used. */
#define DEPRECATED(n, t, v, d, u, msg)                                                     \
	{ .name = (n), .type = KC_FLAG_##t, .value = (v), .def = (d), .usage = (u), \
	  .deprecated = (msg), .opts = KC_FLAG_DEPRECATED | KC_FLAG_HIDDEN }
#define DEPRECATED_IGNORED(n, t, tn, d, u, msg)                                                 \
	{ .name = (n), .type = KC_FLAG_##t, .type_name = (tn), .value = SINK_##t, .def = (d), \
	  .usage = (u), .deprecated = (msg),                                                 \
	  .opts = KC_FLAG_DEPRECATED | KC_FLAG_HIDDEN | KC_FLAG_IGNORED }

static struct kc_flag generic_flags[] = {
	FLAGT("advertise-address", STRING, "ip", &opts.advertise_address, NULL,
	      "The IP address on which to advertise the apiserver to members of the cluster. This address must be reachable by the rest of the cluster. If blank, the --bind-address will be used. If --bind-address is unspecified, the host's default interface will be used."),
	FLAG("cors-allowed-origins", STRINGS, &opts.cors_allowed_origins, NULL,
	     "List of allowed origins for CORS, comma separated. An allowed origin can be a regular expression to support subdomain matching. If this list is empty CORS will not be enabled. Please ensure each expression matches the entire hostname by anchoring to the start with '^' or including the '//' prefix, and by anchoring to the end with '$' or including the ':' port separator suffix."),
	FLAG("default-not-ready-toleration-seconds", INT,
	     &opts.default_not_ready_toleration_seconds, "300",
	     "Indicates the tolerationSeconds of the toleration for notReady:NoExecute that is added by default to every pod that does not already have such a toleration."),
	FLAG("default-unreachable-toleration-seconds", INT,
	     &opts.default_unreachable_toleration_seconds, "300",
	     "Indicates the tolerationSeconds of the toleration for unreachable:NoExecute that is added by default to every pod that does not already have such a toleration."),
	FLAG("external-hostname", STRING, &opts.external_hostname, NULL,
	     "The hostname to use when generating externalized URLs for this master (e.g. Swagger API Docs or OpenID Discovery)."),
	FLAGT("feature-gates", MAP, "mapStringBool", &opts.feature_gates, NULL,
	      "A set of key=value pairs that describe feature gates for alpha/experimental features."),
	FLAG("goaway-chance", FLOAT, &opts.goaway_chance, "0",
	     "To prevent HTTP/2 clients from getting stuck on a single apiserver, randomly close a connection (GOAWAY). The client's other in-flight requests won't be affected, and the client will reconnect, likely landing on a different apiserver after going through the load balancer again. This argument sets the fraction of requests that will be sent a GOAWAY. Clusters with single apiservers, or which don't use a load balancer, should NOT enable this. Min is 0 (off), Max is .02 (1/50 requests); .001 (1/1000) is a recommended starting point."),
	FLAG("livez-grace-period", DURATION, &opts.livez_grace_period, "0s",
	     "This option represents the maximum amount of time it should take for apiserver to complete its startup sequence and become live. From apiserver's start time to when this amount of time has elapsed, /livez will assume that unfinished post-start hooks will complete successfully and therefore return true."),
	FLAG("max-mutating-requests-inflight", INT, &opts.max_mutating_requests_inflight, "200",
	     "This and --max-requests-inflight are summed to determine the server's total concurrency limit (which must be positive) if --enable-priority-and-fairness is true. Otherwise, this flag limits the maximum number of mutating requests in flight, or a zero value disables the limit completely."),
	FLAG("max-requests-inflight", INT, &opts.max_requests_inflight, "400",
	     "This and --max-mutating-requests-inflight are summed to determine the server's total concurrency limit (which must be positive) if --enable-priority-and-fairness is true. Otherwise, this flag limits the maximum number of non-mutating requests in flight, or a zero value disables the limit completely."),
	FLAG("min-request-timeout", INT, &opts.min_request_timeout, "1800",
	     "An optional field indicating the minimum number of seconds a handler must keep a request open before timing it out. Currently only honored by the watch request handler, which picks a randomized value above this number as the connection timeout, to spread out load."),
	FLAG("request-timeout", DURATION, &opts.request_timeout, "1m0s",
	     "An optional field indicating the duration a handler must keep a request open before timing it out. This is the default request timeout for requests but may be overridden by flags such as --min-request-timeout for specific types of requests."),
	FLAG("shutdown-delay-duration", DURATION, &opts.shutdown_delay_duration, "0s",
	     "Time to delay the termination. During that time the server keeps serving requests normally. The endpoints /healthz and /livez will return success, but /readyz immediately returns failure. Graceful termination starts after this delay has elapsed. This can be used to allow load balancer to stop sending traffic to this server."),
	FLAG("shutdown-send-retry-after", BOOL, &opts.shutdown_send_retry_after, "false",
	     "If true the HTTP Server will continue listening until all non long running request(s) in flight have been drained, during this window all incoming requests will be rejected with a status code 429 and a 'Retry-After' response header, in addition 'Connection: close' response header is set in order to tear down the TCP connection when idle."),
	FLAG("shutdown-watch-termination-grace-period", DURATION,
	     &opts.shutdown_watch_termination_grace_period, "0s",
	     "This option, if set, represents the maximum amount of grace period the apiserver will wait for active watch request(s) to drain during the graceful server shutdown window."),
	FLAG("storage-initialization-timeout", DURATION, &opts.storage_initialization_timeout,
	     "1m0s",
	     "Maximum amount of time to wait for storage initialization before declaring apiserver ready. Defaults to 1m."),
	FLAG("strict-transport-security-directives", STRINGS,
	     &opts.strict_transport_security_directives, NULL,
	     "List of directives for HSTS, comma separated. If this list is empty, then HSTS directives will not be added. Example: 'max-age=31536000,includeSubDomains,preload'"),
	{ NULL },
};

static struct kc_flag etcd_flags[] = {
	DEPRECATED_IGNORED("default-watch-cache-size", INT, NULL, "100",
			   "Default watch cache size. If zero, watch cache will be disabled for resources that do not have a default watch size set.",
			   "watch caches are sized automatically and this flag will be removed in a future version"),
	FLAG("delete-collection-workers", INT, &opts.delete_collection_workers, "1",
	     "Number of workers spawned for DeleteCollection call. These are used to speed up namespace cleanup."),
	FLAG("enable-garbage-collector", BOOL, &opts.enable_garbage_collector, "true",
	     "Enables the generic garbage collector. MUST be synced with the corresponding flag of the kube-controller-manager."),
	FLAG("encryption-provider-config", STRING, &opts.encryption_provider_config, NULL,
	     "The file containing configuration for encryption providers to be used for storing secrets in etcd"),
	FLAG("encryption-provider-config-automatic-reload", BOOL,
	     &opts.encryption_provider_config_automatic_reload, "false",
	     "Determines if the file set by --encryption-provider-config should be automatically reloaded if the disk contents change. Setting this to true disables the ability to uniquely identify distinct KMS plugins via the API server healthz endpoints."),
	FLAG("etcd-cafile", STRING, &opts.etcd_cafile, NULL,
	     "SSL Certificate Authority file used to secure etcd communication."),
	FLAG("etcd-certfile", STRING, &opts.etcd_certfile, NULL,
	     "SSL certification file used to secure etcd communication."),
	FLAG("etcd-compaction-interval", DURATION, &opts.etcd_compaction_interval, "5m0s",
	     "The interval of compaction requests. If 0, the compaction request from apiserver is disabled."),
	IGNORED("etcd-count-metric-poll-period", DURATION, "1m0s",
		"Frequency of polling etcd for number of resources per type. 0 disables the metric collection."),
	IGNORED("etcd-db-metric-poll-interval", DURATION, "30s",
		"The interval of requests to poll etcd and update metric. 0 disables the metric collection"),
	FLAG("etcd-healthcheck-timeout", DURATION, &opts.etcd_healthcheck_timeout, "2s",
	     "The timeout to use when checking etcd health."),
	FLAG("etcd-keyfile", STRING, &opts.etcd_keyfile, NULL,
	     "SSL key file used to secure etcd communication."),
	FLAG("etcd-prefix", STRING, &opts.etcd_prefix, "/registry",
	     "The prefix to prepend to all resource paths in etcd."),
	FLAG("etcd-readycheck-timeout", DURATION, &opts.etcd_readycheck_timeout, "2s",
	     "The timeout to use when checking etcd readiness"),
	FLAG("etcd-servers", STRINGS, &opts.etcd_servers, NULL,
	     "List of etcd servers to connect with (scheme://ip:port), comma separated."),
	FLAG("lease-reuse-duration-seconds", INT64, &opts.lease_reuse_duration_seconds, "60",
	     "The time in seconds that each lease is reused. A lower value could avoid large number of objects reusing the same lease. Notice that a too small value may cause performance problems at storage layer."),
	FLAG("storage-backend", STRING, &opts.storage_backend, NULL,
	     "The storage backend for persistence. Options: 'etcd3' (default)."),
	FLAG("storage-media-type", STRING, &opts.storage_media_type,
	     "application/vnd.kubernetes.protobuf",
	     "The media type to use to store objects in storage. Some resources or storage backends may only support a specific media type and will ignore this setting. Supported media types: [application/json, application/yaml, application/vnd.kubernetes.protobuf]"),
	FLAG("watch-cache", BOOL, &opts.watch_cache, "true", "Enable watch caching in the apiserver"),
	FLAG("watch-cache-sizes", STRINGS, &opts.watch_cache_sizes, NULL,
	     "Watch cache size settings for some resources (pods, nodes, etc.), comma separated. The individual setting format: resource[.group]#size, where resource is lowercase plural (no version), group is omitted for resources of apiVersion v1 (the legacy core API) and included for others, and size is a number. The only meaningful size setting to supply here is zero, which means to disable watch caching for the associated resource."),
	{ NULL },
};

static struct kc_flag secure_serving_flags[] = {
	FLAGT("bind-address", STRING, "ip", &opts.bind_address, "0.0.0.0",
	      "The IP address on which to listen for the --secure-port port. The associated interface(s) must be reachable by the rest of the cluster, and by CLI/web clients. If blank or an unspecified address (0.0.0.0 or ::), all interfaces and IP address families will be used."),
	FLAG("cert-dir", STRING, &opts.cert_dir, "/var/run/kubernetes",
	     "The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored."),
	IGNORED("disable-http2-serving", BOOL, "false",
		"If true, HTTP2 serving will be disabled [default=false]"),
	IGNORED("http2-max-streams-per-connection", INT, "1000",
		"The limit that the server gives to clients for the maximum number of streams in an HTTP/2 connection. Zero means to use golang's default."),
	IGNORED("permit-address-sharing", BOOL, "false",
		"If true, SO_REUSEADDR will be used when binding the port. This allows binding to wildcard IPs like 0.0.0.0 and specific IPs in parallel, and it avoids waiting for the kernel to release sockets in TIME_WAIT state. [default=false]"),
	IGNORED("permit-port-sharing", BOOL, "false",
		"If true, SO_REUSEPORT will be used when binding the port, which allows more than one instance to bind on the same address and port. [default=false]"),
	FLAG("secure-port", INT, &opts.secure_port, "6443",
	     "The port on which to serve HTTPS with authentication and authorization. It cannot be switched off with 0."),
	FLAG("tls-cert-file", STRING, &opts.tls_cert_file, NULL,
	     "File containing the default x509 Certificate for HTTPS. (CA cert, if any, concatenated after server cert). If HTTPS serving is enabled, and --tls-cert-file and --tls-private-key-file are not provided, a self-signed certificate and key are generated for the public address and saved to the directory specified by --cert-dir."),
	FLAG("tls-cipher-suites", STRINGS, &opts.tls_cipher_suites, NULL,
	     "Comma-separated list of cipher suites for the server. If omitted, the default cipher suites will be used."),
	FLAG("tls-min-version", STRING, &opts.tls_min_version, NULL,
	     "Minimum TLS version supported. Possible values: VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13"),
	FLAG("tls-private-key-file", STRING, &opts.tls_private_key_file, NULL,
	     "File containing the default x509 private key matching --tls-cert-file."),
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
	IGNORED("audit-log-batch-buffer-size", INT, "10000",
		"The size of the buffer to store events before batching and writing." BATCH_ONLY),
	IGNORED("audit-log-batch-max-size", INT, "1", "The maximum size of a batch." BATCH_ONLY),
	IGNORED("audit-log-batch-max-wait", DURATION, "0s",
		"The amount of time to wait before force writing the batch that hadn't reached the max size." BATCH_ONLY),
	IGNORED("audit-log-batch-throttle-burst", INT, "0",
		"Maximum number of requests sent at the same moment if ThrottleQPS was not utilized before." BATCH_ONLY),
	IGNORED("audit-log-batch-throttle-enable", BOOL, "false",
		"Whether batching throttling is enabled." BATCH_ONLY),
	IGNOREDT("audit-log-batch-throttle-qps", FLOAT, "float32", "0",
		 "Maximum average number of batches per second." BATCH_ONLY),
	IGNORED("audit-log-compress", BOOL, "false",
		"If set, the rotated log files will be compressed using gzip."),
	IGNORED("audit-log-format", STRING, "json",
		"Format of saved audits. \"legacy\" indicates 1-line text format for each event. \"json\" indicates structured json format. Known formats are legacy,json."),
	IGNORED("audit-log-maxage", INT, "0",
		"The maximum number of days to retain old audit log files based on the timestamp encoded in their filename."),
	IGNORED("audit-log-maxbackup", INT, "0",
		"The maximum number of old audit log files to retain. Setting a value of 0 will mean there's no restriction on the number of files."),
	IGNORED("audit-log-maxsize", INT, "0",
		"The maximum size in megabytes of the audit log file before it gets rotated."),
	IGNORED("audit-log-mode", STRING, "blocking", AUDIT_MODE_USAGE),
	IGNORED("audit-log-path", STRING, NULL,
		"If set, all requests coming to the apiserver will be logged to this file.  '-' means standard out."),
	IGNORED("audit-log-truncate-enabled", BOOL, "false",
		"Whether event and batch truncating is enabled."),
	IGNOREDT("audit-log-truncate-max-batch-size", INT64, "int", "10485760",
		 TRUNCATE_BATCH_USAGE),
	IGNOREDT("audit-log-truncate-max-event-size", INT64, "int", "102400",
		 TRUNCATE_EVENT_USAGE),
	IGNORED("audit-log-version", STRING, "audit.k8s.io/v1",
		"API group and version used for serializing audit events written to log."),
	IGNORED("audit-policy-file", STRING, NULL,
		"Path to the file that defines the audit policy configuration."),
	IGNORED("audit-webhook-batch-buffer-size", INT, "10000",
		"The size of the buffer to store events before batching and writing." BATCH_ONLY),
	DEPRECATED_IGNORED("audit-webhook-batch-initial-backoff", DURATION, NULL, "10s",
			   "The amount of time to wait before retrying the first failed request.",
			   "Deprecated, use --audit-webhook-initial-backoff instead."),
	IGNORED("audit-webhook-batch-max-size", INT, "400",
		"The maximum size of a batch." BATCH_ONLY),
	IGNORED("audit-webhook-batch-max-wait", DURATION, "30s",
		"The amount of time to wait before force writing the batch that hadn't reached the max size." BATCH_ONLY),
	IGNORED("audit-webhook-batch-throttle-burst", INT, "15",
		"Maximum number of requests sent at the same moment if ThrottleQPS was not utilized before." BATCH_ONLY),
	IGNORED("audit-webhook-batch-throttle-enable", BOOL, "true",
		"Whether batching throttling is enabled." BATCH_ONLY),
	IGNOREDT("audit-webhook-batch-throttle-qps", FLOAT, "float32", "10",
		 "Maximum average number of batches per second." BATCH_ONLY),
	IGNORED("audit-webhook-config-file", STRING, NULL,
		"Path to a kubeconfig formatted file that defines the audit webhook configuration."),
	IGNORED("audit-webhook-initial-backoff", DURATION, "10s",
		"The amount of time to wait before retrying the first failed request."),
	IGNORED("audit-webhook-mode", STRING, "batch", AUDIT_MODE_USAGE),
	IGNORED("audit-webhook-truncate-enabled", BOOL, "false",
		"Whether event and batch truncating is enabled."),
	IGNOREDT("audit-webhook-truncate-max-batch-size", INT64, "int", "10485760",
		 TRUNCATE_BATCH_USAGE),
	IGNOREDT("audit-webhook-truncate-max-event-size", INT64, "int", "102400",
		 TRUNCATE_EVENT_USAGE),
	IGNORED("audit-webhook-version", STRING, "audit.k8s.io/v1",
		"API group and version used for serializing audit events written to webhook."),
	{ NULL },
};

static struct kc_flag features_flags[] = {
	IGNORED("contention-profiling", BOOL, "false",
		"Enable block profiling, if profiling is enabled"),
	IGNORED("debug-socket-path", STRING, NULL,
		"Use an unprotected (no authn/authz) unix-domain socket for profiling with the given path"),
	FLAG("enable-priority-and-fairness", BOOL, &opts.enable_priority_and_fairness, "true",
	     "If true, replace the max-in-flight handler with an enhanced one that queues and dispatches with priority and fairness"),
	IGNORED("profiling", BOOL, "true",
		"Enable profiling via web interface host:port/debug/pprof/"),
	{ NULL },
};

static struct kc_flag authentication_flags[] = {
	FLAG("anonymous-auth", BOOL, &opts.anonymous_auth, "true",
	     "Enables anonymous requests to the secure port of the API server. Requests that are not rejected by another authentication method are treated as anonymous requests. Anonymous requests have a username of system:anonymous, and a group name of system:unauthenticated."),
	FLAG("api-audiences", STRINGS, &opts.api_audiences, NULL,
	     "Identifiers of the API. The service account token authenticator will validate that tokens used against the API are bound to at least one of these audiences. If the --service-account-issuer flag is configured and this flag is not, this field defaults to a single element list containing the issuer URL."),
	FLAG("client-ca-file", STRING, &opts.client_ca_file, NULL,
	     "If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate."),
	FLAG("enable-bootstrap-token-auth", BOOL, &opts.enable_bootstrap_token_auth, "false",
	     "Enable to allow secrets of type 'bootstrap.kubernetes.io/token' in the 'kube-system' namespace to be used for TLS bootstrapping authentication."),
	FLAG("requestheader-allowed-names", STRINGS, &opts.requestheader_allowed_names, NULL,
	     "List of client certificate common names to allow to provide usernames in headers specified by --requestheader-username-headers. If empty, any client certificate validated by the authorities in --requestheader-client-ca-file is allowed."),
	FLAG("requestheader-client-ca-file", STRING, &opts.requestheader_client_ca_file, NULL,
	     "Root certificate bundle to use to verify client certificates on incoming requests before trusting usernames in headers specified by --requestheader-username-headers. WARNING: generally do not depend on authorization being already done for incoming requests."),
	FLAG("requestheader-extra-headers-prefix", STRINGS,
	     &opts.requestheader_extra_headers_prefix, NULL,
	     "List of request header prefixes to inspect. X-Remote-Extra- is suggested."),
	FLAG("requestheader-group-headers", STRINGS, &opts.requestheader_group_headers, NULL,
	     "List of request headers to inspect for groups. X-Remote-Group is suggested."),
	FLAG("requestheader-uid-headers", STRINGS, &opts.requestheader_uid_headers, NULL,
	     "List of request headers to inspect for UIDs. X-Remote-Uid is suggested. Requires the RemoteRequestHeaderUID feature to be enabled."),
	FLAG("requestheader-username-headers", STRINGS, &opts.requestheader_username_headers, NULL,
	     "List of request headers to inspect for usernames. X-Remote-User is common."),
	FLAG("service-account-extend-token-expiration", BOOL,
	     &opts.service_account_extend_token_expiration, "true",
	     "Turns on projected service account expiration extension during token generation, which helps safe transition from legacy token to bound service account token feature. If this flag is enabled, admission injected tokens would be extended up to 1 year to prevent unexpected failure during transition, ignoring value of service-account-max-token-expiration."),
	FLAGT("service-account-issuer", STRINGS, "stringArray", &opts.service_account_issuer, NULL,
	      "Identifier of the service account token issuer. The issuer will assert this identifier in \"iss\" claim of issued tokens. This value is a string or URI. It is highly recommended that this value comply with the OpenID spec: https://openid.net/specs/openid-connect-discovery-1_0.html. When this flag is specified multiple times, the first is used to generate tokens and all are used to determine which issuers are accepted."),
	FLAG("service-account-jwks-uri", STRING, &opts.service_account_jwks_uri, NULL,
	     "Overrides the URI for the JSON Web Key Set in the discovery doc served at /.well-known/openid-configuration. This flag is useful if the discovery doc and key set are served to relying parties from a URL other than the API server's external (as auto-detected or overridden with external-hostname)."),
	FLAGT("service-account-key-file", STRINGS, "stringArray", &opts.service_account_key_file,
	      NULL,
	      "File containing PEM-encoded x509 RSA or ECDSA private or public keys, used to verify ServiceAccount tokens. The specified file can contain multiple keys, and the flag can be specified multiple times with different files. If unspecified, --tls-private-key-file is used. Must be specified when --service-account-signing-key-file is provided"),
	FLAG("service-account-lookup", BOOL, &opts.service_account_lookup, "true",
	     "If true, validate ServiceAccount tokens exist in etcd as part of authentication."),
	FLAG("service-account-max-token-expiration", DURATION,
	     &opts.service_account_max_token_expiration, "0s",
	     "The maximum validity duration of a token created by the service account token issuer. If an otherwise valid TokenRequest with a validity duration larger than this value is requested, a token will be issued with a validity duration of this value."),
	FLAG("token-auth-file", STRING, &opts.token_auth_file, NULL,
	     "If set, the file that will be used to secure the secure port of the API server via token authentication."),
	{ NULL },
};

static struct kc_flag authorization_flags[] = {
	FLAG("authorization-mode", STRINGS, &opts.authorization_mode, "AlwaysAllow",
	     "Ordered list of plug-ins to do authorization on secure port. Defaults to AlwaysAllow if --authorization-config is not used. Comma-delimited list of: AlwaysAllow,AlwaysDeny,ABAC,Webhook,RBAC,Node."),
	{ NULL },
};

static struct kc_flag api_enablement_flags[] = {
	FLAG("runtime-config", MAP, &opts.runtime_config, NULL,
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
	FLAG("admission-control-config-file", STRING, &opts.admission_control_config_file, NULL,
	     "File with admission control configuration."),
	FLAG("disable-admission-plugins", STRINGS, &opts.disable_admission_plugins, NULL,
	     "admission plugins that should be disabled although they are in the default enabled plugins list " ADMISSION_DEFAULTS ADMISSION_PLUGINS_TEXT),
	FLAG("enable-admission-plugins", STRINGS, &opts.enable_admission_plugins, NULL,
	     "admission plugins that should be enabled in addition to default enabled ones " ADMISSION_DEFAULTS ADMISSION_PLUGINS_TEXT),
	{ NULL },
};

static struct kc_flag metrics_flags[] = {
	IGNOREDT("allow-metric-labels", MAP, "stringToString", NULL,
		 "The map from metric-label to value allow-list of this label. The key's format is <MetricName>,<LabelName>. The value's format is <allowed_value>,<allowed_value>..."),
	IGNORED("allow-metric-labels-manifest", STRING, NULL,
		"The path to the manifest file that contains the allow-list mapping. The format of the file is the same as the flag --allow-metric-labels. Note that the flag --allow-metric-labels will override the manifest file."),
	IGNORED("disabled-metrics", STRINGS, NULL,
		"This flag provides an escape hatch for misbehaving metrics. You must provide the fully qualified metric name in order to disable it. Disclaimer: disabling metrics is higher in precedence than showing hidden metrics."),
	IGNORED("show-hidden-metrics-for-version", STRING, NULL,
		"The previous version for which you want to show hidden metrics. Only the previous minor version is meaningful, other values will not be allowed. The format is <major>.<minor>, e.g.: '1.16'."),
	{ NULL },
};

static struct kc_flag traces_flags[] = {
	IGNORED("tracing-config-file", STRING, NULL, "File with apiserver tracing configuration."),
	{ NULL },
};

static struct kc_flag cloud_provider_flags[] = {
	IGNORED("cloud-config", STRING, NULL,
		"The path to the cloud provider configuration file. Empty string for no configuration file."),
	IGNORED("cloud-provider", STRING, NULL,
		"The provider for cloud services. Empty string for no provider."),
	{ NULL },
};

static struct kc_flag misc_flags[] = {
	FLAG("aggregator-reject-forwarding-redirect", BOOL,
	     &opts.aggregator_reject_forwarding_redirect, "true",
	     "Aggregator reject forwarding redirect response back to client."),
	FLAG("allow-privileged", BOOL, &opts.allow_privileged, "false",
	     "If true, allow privileged containers. [default=false]"),
	DEPRECATED("apiserver-count", INT, &opts.apiserver_count, "1",
		   "The number of apiservers running in the cluster, must be a positive number. (In use when --endpoint-reconciler-type=master-count is enabled.)",
		   "apiserver-count is deprecated and will be removed in a future version."),
	FLAG("enable-aggregator-routing", BOOL, &opts.enable_aggregator_routing, "false",
	     "Turns on aggregator routing requests to endpoints IP rather than cluster IP."),
	DEPRECATED_IGNORED("enable-logs-handler", BOOL, NULL, "true",
			   "If true, install a /logs handler for the apiserver logs.",
			   "This flag will be removed in v1.19"),
	FLAG("endpoint-reconciler-type", STRING, &opts.endpoint_reconciler_type, "lease",
	     "Use an endpoint reconciler (master-count, lease, none) master-count is deprecated, and will be removed in a future version."),
	FLAG("event-ttl", DURATION, &opts.event_ttl, "1h0m0s", "Amount of time to retain events."),
	FLAG("kubelet-certificate-authority", STRING, &opts.kubelet_certificate_authority, NULL,
	     "Path to a cert file for the certificate authority."),
	FLAG("kubelet-client-certificate", STRING, &opts.kubelet_client_certificate, NULL,
	     "Path to a client cert file for TLS."),
	FLAG("kubelet-client-key", STRING, &opts.kubelet_client_key, NULL,
	     "Path to a client key file for TLS."),
	DEPRECATED_IGNORED("kubelet-port", INT, "uint", "10250", "DEPRECATED: kubelet port.",
			   "kubelet-port is deprecated and will be removed."),
	FLAG("kubelet-preferred-address-types", STRINGS, &opts.kubelet_preferred_address_types,
	     "Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP",
	     "List of the preferred NodeAddressTypes to use for kubelet connections."),
	DEPRECATED_IGNORED("kubelet-read-only-port", INT, "uint", "10255",
			   "DEPRECATED: kubelet read only port.",
			   "kubelet-read-only-port is deprecated and will be removed."),
	FLAG("kubelet-timeout", DURATION, &opts.kubelet_timeout, "5s",
	     "Timeout for kubelet operations."),
	FLAG("kubernetes-service-node-port", INT, &opts.kubernetes_service_node_port, "0",
	     "If non-zero, the Kubernetes master service (which apiserver creates/maintains) will be of type NodePort, using this as the value of the port. If zero, the Kubernetes master service will be of type ClusterIP."),
	IGNOREDT("max-connection-bytes-per-sec", INT64, "int", "0",
		 "If non-zero, throttle each user connection to this number of bytes/sec. Currently only applies to long-running requests."),
	FLAG("proxy-client-cert-file", STRING, &opts.proxy_client_cert_file, NULL,
	     "Client certificate used to prove the identity of the aggregator or kube-apiserver when it must call out during a request. This includes proxying requests to a user api-server and calling out to webhook admission plugins. It is expected that this cert includes a signature from the CA in the --requestheader-client-ca-file flag. That CA is published in the 'extension-apiserver-authentication' configmap in the kube-system namespace. Components receiving calls from kube-aggregator should use that CA to perform their half of the mutual TLS verification."),
	FLAG("proxy-client-key-file", STRING, &opts.proxy_client_key_file, NULL,
	     "Private key for the client certificate used to prove the identity of the aggregator or kube-apiserver when it must call out during a request. This includes proxying requests to a user api-server and calling out to webhook admission plugins."),
	FLAG("service-account-signing-key-file", STRING, &opts.service_account_signing_key_file,
	     NULL,
	     "Path to the file that contains the current private key of the service account token issuer. The issuer will sign issued ID tokens with this private key."),
	FLAG("service-cluster-ip-range", STRING, &opts.service_cluster_ip_range, NULL,
	     "A CIDR notation IP range from which to assign service cluster IPs. This must not overlap with any IP ranges assigned to nodes or pods. Max of two dual-stack CIDRs is allowed."),
	FLAGT("service-node-port-range", STRING, "portRange", &opts.service_node_port_range,
	      "30000-32767",
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
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

static int
is_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* net.ParseIP: dotted IPv4 or IPv6 text. */
static int
is_ip(const char *s)
{
	unsigned char buf[16];

	return s != NULL && (inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1);
}

/* strconv.ParseBool; -1 when s is not a boolean. */
static int
parse_bool(const char *s)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True", NULL };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False", NULL };

	return in_list(t, s) ? 1 : in_list(f, s) ? 0 : -1;
}

/* The value of feature gate name in --feature-gates, or def when not given. */
static int
feature_enabled(const struct kube_apiserver_options *o, const char *name, int def)
{
	size_t len = strlen(name);
	int v = def;

	for (size_t i = 0; i < o->feature_gates.n; i++) {
		const char *kv = o->feature_gates.v[i];

		if (strncmp(kv, name, len) == 0 && kv[len] == '=' && parse_bool(kv + len + 1) >= 0)
			v = parse_bool(kv + len + 1);
	}
	return v;
}

/*
 * netutils.ParseCIDRSloppy: "ip/prefix".  Stores the address family's bit count and the prefix
 * length.  Returns 0 or KC_ERR_INVALID.
 */
static int
parse_cidr(const char *s, int *ret_bits, int *ret_ones)
{
	unsigned char buf[16];
	char ip[64];
	const char *slash = strchr(s, '/');
	char *end;
	long ones;
	int bits;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(ip) || slash[1] == '\0')
		return KC_ERR_INVALID;
	memcpy(ip, s, slash - s);
	ip[slash - s] = '\0';
	if (inet_pton(AF_INET, ip, buf) == 1)
		bits = 32;
	else if (inet_pton(AF_INET6, ip, buf) == 1)
		bits = 128;
	else
		return KC_ERR_INVALID;
	errno = 0;
	ones = strtol(slash + 1, &end, 10);
	if (*end != '\0' || errno != 0 || ones < 0 || ones > bits || slash[1] == '-' || slash[1] == '+')
		return KC_ERR_INVALID;
	*ret_bits = bits;
	*ret_ones = (int)ones;
	return 0;
}

/* strconv.Atoi for a port-range part. */
static int
atoi_strict(const char *s, size_t len, int *ret)
{
	char buf[32];
	char *end;
	long v;

	if (len == 0 || len >= sizeof(buf))
		return KC_ERR_INVALID;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (*end != '\0' || errno != 0 || v < -2147483647L || v > 2147483647L)
		return KC_ERR_INVALID;
	*ret = (int)v;
	return 0;
}

int
kube_apiserver_parse_port_range(const char *s, int *ret_base, int *ret_size, char *err,
				size_t errlen)
{
	const char *hyphen, *plus;
	char buf[64];
	size_t len;
	int low, high, r;

	/* strings.TrimSpace() */
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && strchr(" \t\n\r", s[len - 1]) != NULL)
		len--;
	if (len >= sizeof(buf)) {
		snprintf(err, errlen, "unable to parse port range: %s", s);
		return KC_ERR_INVALID;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	s = buf;
	if (*s == '\0') {
		*ret_base = *ret_size = 0;
		return 0;
	}
	hyphen = strchr(s, '-');
	plus = strchr(s, '+');
	if (hyphen != NULL && plus != NULL) {
		snprintf(err, errlen, "unable to parse port range: %s", s);
		return KC_ERR_INVALID;
	}
	if (hyphen == NULL && plus == NULL) {
		r = atoi_strict(s, strlen(s), &low);
		high = low;
	} else if (hyphen != NULL) {
		r = atoi_strict(s, hyphen - s, &low);
		if (r == 0)
			r = atoi_strict(hyphen + 1, strlen(hyphen + 1), &high);
	} else {
		int offset = 0;

		r = atoi_strict(s, plus - s, &low);
		if (r == 0)
			r = atoi_strict(plus + 1, strlen(plus + 1), &offset);
		high = low + offset;
	}
	if (r < 0) {
		snprintf(err, errlen, "strconv.Atoi: parsing \"%s\": invalid syntax", s);
		return KC_ERR_INVALID;
	}
	if (low > 65535 || high > 65535) {
		snprintf(err, errlen, "the port range cannot be greater than 65535: %s", s);
		return KC_ERR_INVALID;
	}
	if (high < low) {
		snprintf(err, errlen, "end port cannot be less than start port: %s", s);
		return KC_ERR_INVALID;
	}
	*ret_base = low;
	*ret_size = 1 + high - low;
	return 0;
}

/* Values pflag's typed flags (ip, portRange, mapStringBool) refuse while parsing. */
static int
validate_flag_values(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	char why[160];
	int base, size, r = 0;

	if (!is_empty(o->advertise_address) && !is_ip(o->advertise_address))
		r = errorf(errs, "invalid argument \"%s\" for \"--advertise-address\" flag: failed to parse IP: \"%s\"",
			   o->advertise_address, o->advertise_address);
	if (r >= 0 && !is_ip(o->bind_address))
		r = errorf(errs, "invalid argument \"%s\" for \"--bind-address\" flag: failed to parse IP: \"%s\"",
			   o->bind_address ? o->bind_address : "",
			   o->bind_address ? o->bind_address : "");
	if (r >= 0 && kube_apiserver_parse_port_range(o->service_node_port_range ? o->service_node_port_range : "",
						      &base, &size, why, sizeof(why)) < 0)
		r = errorf(errs, "invalid argument \"%s\" for \"--service-node-port-range\" flag: %s",
			   o->service_node_port_range, why);
	for (size_t i = 0; r >= 0 && i < o->feature_gates.n; i++) {
		const char *kv = o->feature_gates.v[i];
		const char *eq = strchr(kv, '=');

		if (parse_bool(eq + 1) < 0)
			r = errorf(errs, "invalid argument \"%s\" for \"--feature-gates\" flag: invalid value of %.*s: %s, err: strconv.ParseBool: parsing \"%s\": invalid syntax",
				   kv, (int)(eq - kv), kv, eq + 1, eq + 1);
	}
	return r;
}

/* ServerRunOptions.Validate() */
static int
validate_generic(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	int r = 0;

	if (o->livez_grace_period < 0)
		r = errorf(errs, "--livez-grace-period can not be a negative value");
	if (r >= 0 && o->max_requests_inflight < 0)
		r = errorf(errs, "--max-requests-inflight can not be negative value");
	if (r >= 0 && o->max_mutating_requests_inflight < 0)
		r = errorf(errs, "--max-mutating-requests-inflight can not be negative value");
	if (r >= 0 && o->request_timeout < 0)
		r = errorf(errs, "--request-timeout can not be negative value");
	if (r >= 0 && (o->goaway_chance < 0 || o->goaway_chance > 0.02))
		r = errorf(errs, "--goaway-chance can not be less than 0 or greater than 0.02");
	if (r >= 0 && o->min_request_timeout < 0)
		r = errorf(errs, "--min-request-timeout can not be negative value");
	if (r >= 0 && o->storage_initialization_timeout < 0)
		r = errorf(errs, "--storage-initialization-timeout can not be negative value");
	if (r >= 0 && o->shutdown_delay_duration < 0)
		r = errorf(errs, "--shutdown-delay-duration can not be negative value");
	if (r >= 0 && o->shutdown_watch_termination_grace_period < 0)
		r = errorf(errs, "shutdown-watch-termination-grace-period, if provided, can not be a negative value");
	for (size_t i = 0; r >= 0 && i < o->cors_allowed_origins.n; i++)
		if (*o->cors_allowed_origins.v[i] == '\0')
			r = errorf(errs, "empty value in --cors-allowed-origins, help: List of allowed origins for CORS, comma separated.");
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
		r = errorf(errs, "--etcd-servers must be specified");
	if (r >= 0 && !is_empty(o->storage_backend) && strcmp(o->storage_backend, "etcd3") != 0)
		r = errorf(errs, "--storage-backend invalid, allowed values: etcd3. If not specified, it will default to 'etcd3'");
	if (r >= 0 && is_empty(o->encryption_provider_config) &&
	    o->encryption_provider_config_automatic_reload)
		r = errorf(errs, "--encryption-provider-config-automatic-reload must be set with --encryption-provider-config");
	if (r >= 0 && !is_empty(o->storage_media_type) && !in_list(media_types, o->storage_media_type))
		r = errorf(errs, "--storage-media-type \"%s\" invalid, allowed values: application/json, application/vnd.kubernetes.protobuf, application/yaml",
			   o->storage_media_type);
	return r;
}

/* SecureServingOptions.Validate() with Required (kube-apiserver cannot turn HTTPS off). */
static int
validate_secure_serving(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	static const char *const tls_versions[] = { "VersionTLS10", "VersionTLS11", "VersionTLS12",
						    "VersionTLS13", NULL };
	int r = 0;

	if (o->secure_port < 1 || o->secure_port > 65535)
		r = errorf(errs, "--secure-port %d must be between 1 and 65535, inclusive. It cannot be turned off with 0",
			   o->secure_port);
	if (r >= 0 && !is_empty(o->tls_min_version) && !in_list(tls_versions, o->tls_min_version))
		r = errorf(errs, "unknown tls version \"%s\"", o->tls_min_version);
	return r;
}

static int
check_blank_entries(const char *flag, const struct kc_strv *sv, struct kc_strv *errs)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strspn(sv->v[i], " \t\n\r") == strlen(sv->v[i]))
			return errorf(errs, "empty value in \"%s\"", flag);
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
			r = errorf(errs, "service-account-issuer should not be an empty string");
		else if (j < i)
			r = errorf(errs, "service-account-issuer \"%s\" is already specified", iss);
	}
	if (r >= 0 && o->service_account_issuer.n == 0)
		r = errorf(errs, "service-account-issuer is a required flag");
	if (r >= 0 && o->service_account_key_file.n == 0)
		r = errorf(errs, "service-account-key-file is a required flag");
	if (r >= 0 && !is_empty(o->service_account_jwks_uri) &&
	    strncmp(o->service_account_jwks_uri, "https://", 8) != 0)
		r = errorf(errs, "service-account-jwks-uri requires https scheme, parsed as: %s",
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
		r = errorf(errs, "--requestheader-uid-headers requires the \"RemoteRequestHeaderUID\" feature to be enabled");
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
		r = errorf(errs, "at least one authorization-mode must be passed");
	for (size_t i = 0; r >= 0 && i < o->authorization_mode.n; i++) {
		const char *m = o->authorization_mode.v[i];

		if (in_list(upstream_only, m))
			r = errorf(errs, "authorization-mode \"%s\" is not supported by ckube (see docs/compat.md)",
				   m);
		else if (!in_list(modes, m))
			r = errorf(errs, "authorization-mode \"%s\" is not a valid mode", m);
	}
	for (size_t i = 0; r >= 0 && i < o->authorization_mode.n; i++)
		for (size_t j = 0; r >= 0 && j < i; j++)
			if (strcmp(o->authorization_mode.v[i], o->authorization_mode.v[j]) == 0) {
				char *list = kc_strv_join(&o->authorization_mode, " ");

				if (list == NULL)
					return KC_ERR_NOMEM;
				r = errorf(errs, "authorization-mode [%s] has mode specified more than once",
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
		r = errorf(errs, "admission-control and enable-admission-plugins/disable-admission-plugins flags are mutually exclusive");
	for (size_t i = 0; r >= 0 && i < o->enable_admission_plugins.n; i++)
		if (!in_list(admission_plugins, o->enable_admission_plugins.v[i]))
			r = errorf(errs, "enable-admission-plugins plugin \"%s\" is unknown",
				   o->enable_admission_plugins.v[i]);
	for (size_t i = 0; r >= 0 && i < o->disable_admission_plugins.n; i++)
		if (!in_list(admission_plugins, o->disable_admission_plugins.v[i]))
			r = errorf(errs, "disable-admission-plugins plugin \"%s\" is unknown",
				   o->disable_admission_plugins.v[i]);
	for (size_t i = 0; r >= 0 && i < o->admission_control.n; i++)
		if (!in_list(admission_plugins, o->admission_control.v[i]))
			r = errorf(errs, "admission-control plugin \"%s\" is unknown",
				   o->admission_control.v[i]);
	for (size_t i = 0; r >= 0 && i < o->enable_admission_plugins.n; i++)
		if (kc_strv_contains(&o->disable_admission_plugins, o->enable_admission_plugins.v[i]))
			r = errorf(errs, "[%s] in enable-admission-plugins and disable-admission-plugins overlapped",
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

		if (parse_bool(eq + 1) < 0)
			return errorf(errs, "invalid value of %.*s: %s, err: strconv.ParseBool: parsing \"%s\": invalid syntax",
				      (int)(eq - kv), kv, eq + 1, eq + 1);
	}
	return 0;
}

/* validateTokenRequest(): ckube signs service account tokens, so these are required. */
static int
validate_token_request(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	int issuer = o->service_account_issuer.n > 0 && *o->service_account_issuer.v[0] != '\0';
	int key = !is_empty(o->service_account_signing_key_file);

	if (!key && !issuer && o->api_audiences.n == 0)
		return errorf(errs, "--service-account-signing-key-file and --service-account-issuer are required flags");
	if (!key || !issuer)
		return errorf(errs, "--service-account-signing-key-file, --service-account-issuer, and --api-audiences should be specified together");
	return 0;
}

/* getServiceIPAndRanges() and validateClusterIPFlags(). */
static int
validate_service_cluster_ip_range(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	struct kc_strv ranges = KC_STRV_INIT;
	int bits[2] = { 0, 0 }, ones[2] = { 0, 0 };
	int r = 0;

	if (is_empty(o->service_cluster_ip_range))
		return 0; /* upstream warns and defaults to 10.0.0.0/24 */
	if (kc_strv_split(&ranges, o->service_cluster_ip_range, ',') < 0)
		return KC_ERR_NOMEM;
	if (parse_cidr(ranges.v[0], &bits[0], &ones[0]) < 0)
		r = errorf(errs, "service-cluster-ip-range[0] is not a valid cidr");
	else if (bits[0] - ones[0] < 3)
		r = errorf(errs, "error determining service IP ranges for primary service cidr: the service cluster IP range must be at least 8 IP addresses");
	if (r >= 0 && ranges.n > 1 && parse_cidr(ranges.v[1], &bits[1], &ones[1]) < 0)
		r = errorf(errs, "service-cluster-ip-range[1] is not an ip net");
	if (r >= 0 && ranges.n > 2)
		r = errorf(errs, "--service-cluster-ip-range must not contain more than two entries");
	if (r >= 0 && bits[0] != 0 && bits[0] - ones[0] > 20)
		r = errorf(errs, "specified --service-cluster-ip-range is too large; for %d-bit addresses, the mask must be >= %d",
			   bits[0], bits[0] - 20);
	if (r >= 0 && ranges.n == 2 && bits[1] != 0) {
		if (bits[0] == bits[1])
			r = errorf(errs, "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");
		else if (bits[1] - ones[1] > 20)
			r = errorf(errs, "specified --secondary-service-cluster-ip-range is too large; for %d-bit addresses, the mask must be >= %d",
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
	char why[160];
	int base = 0, size = 0, r = 0;

	if (o->kubernetes_service_node_port < 0 || o->kubernetes_service_node_port > 65535)
		r = errorf(errs, "--kubernetes-service-node-port %d must be between 0 and 65535, inclusive. If 0, the Kubernetes master service will be of type ClusterIP",
			   o->kubernetes_service_node_port);
	if (r >= 0 && o->kubernetes_service_node_port > 0 &&
	    kube_apiserver_parse_port_range(o->service_node_port_range ? o->service_node_port_range : "",
					    &base, &size, why, sizeof(why)) == 0 &&
	    (o->kubernetes_service_node_port < base ||
	     o->kubernetes_service_node_port >= base + size))
		r = errorf(errs, "kubernetes service port range %d-%d doesn't contain %d", base,
			   base + size - 1, o->kubernetes_service_node_port);
	if (r >= 0 && o->apiserver_count <= 0)
		r = errorf(errs, "--apiserver-count should be a positive number, but value '%d' provided",
			   o->apiserver_count);
	if (r >= 0 && !in_list(reconcilers, o->endpoint_reconciler_type ? o->endpoint_reconciler_type : ""))
		r = errorf(errs, "Reconciler not implemented: %s",
			   o->endpoint_reconciler_type ? o->endpoint_reconciler_type : "");
	return r;
}

int
kube_apiserver_options_validate(const struct kube_apiserver_options *o, struct kc_strv *errs)
{
	static int (*const checks[])(const struct kube_apiserver_options *, struct kc_strv *) = {
		validate_flag_values,	  validate_generic,	      validate_etcd,
		validate_secure_serving,  validate_authentication,    validate_authorization,
		validate_admission,	  validate_runtime_config,    validate_token_request,
		validate_service_cluster_ip_range, validate_misc,
	};
	size_t before = errs->n;

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		int r = checks[i](o, errs);

		if (r < 0)
			return r;
	}
	return (int)(errs->n - before);
}
