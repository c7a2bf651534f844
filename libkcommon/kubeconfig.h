/*
 * kubeconfig.h - load kubeconfig files (v1 Config, YAML or JSON) and pick the rest config a
 * daemon connects with (upstream: client-go tools/clientcmd loader.go, client_config.go,
 * validation.go, api/v1/types.go).
 *
 * Loading mirrors clientcmd: unknown fields are ignored, field types are checked ("json: cannot
 * unmarshal number into Go struct field Cluster.clusters.cluster.server of type string"), `*-data`
 * fields are base64 and kept decoded, a name listed twice is an error, and relative file paths
 * (certificate-authority, client-certificate, client-key, tokenFile) are made absolute against
 * the directory of the file that named them.  Several files merge as upstream: the first file to
 * define a cluster, user or context name wins it whole, and the first non-empty current-context
 * wins.
 *
 * Selecting mirrors DirectClientConfig.ClientConfig(): the --context/--cluster/--user overrides
 * must exist ("context \"x\" does not exist"); otherwise current-context is used and validated as
 * ConfirmUsable() does, with upstream's messages ("invalid configuration: context was not found
 * for specified context: x", "... no configuration has been provided, try setting
 * KUBERNETES_MASTER environment variable").  exec and auth-provider credential plugins and
 * impersonation are not supported: KC_ERR_UNSUPPORTED naming the user.
 *
 * All functions that fail write one line into err (may be NULL) and leave their outputs alone.
 */
#ifndef KC_KUBECONFIG_H
#define KC_KUBECONFIG_H

#include <stddef.h>

#include "libkcommon/restconfig.h"

struct kc_kubeconfig_cluster {
	char *name;
	char *server;
	char *tls_server_name;
	char *certificate_authority;      /* a path, absolute once resolved; NULL when unset */
	char *certificate_authority_data; /* decoded bytes, NUL-terminated; NULL when unset */
	size_t certificate_authority_data_len;
	int insecure_skip_tls_verify;
	char *proxy_url;
	int disable_compression;
	char *origin; /* the file this came from; NULL when loaded from a buffer */
};

struct kc_kubeconfig_user {
	char *name;
	char *client_certificate; /* paths, absolute once resolved */
	char *client_key;
	char *token_file;
	char *client_certificate_data; /* decoded bytes, NUL-terminated */
	size_t client_certificate_data_len;
	char *client_key_data;
	size_t client_key_data_len;
	char *token;
	char *username;
	char *password;
	char *impersonate;     /* "as" */
	int impersonate_extra; /* as-uid, as-groups or as-user-extra given */
	int has_exec;          /* an exec credential plugin is configured */
	char *auth_provider;   /* auth-provider name ("" when unnamed), NULL when none */
	char *origin;
};

struct kc_kubeconfig_context {
	char *name;
	char *cluster;
	char *user;
	char *namespace;
	char *origin;
};

struct kc_kubeconfig {
	struct kc_kubeconfig_cluster *clusters;
	size_t n_clusters;
	struct kc_kubeconfig_user *users;
	size_t n_users;
	struct kc_kubeconfig_context *contexts;
	size_t n_contexts;
	char *current_context; /* NULL when unset */
};

/* Command-line overrides (upstream ConfigOverrides); NULL or "" fields are not set. */
struct kc_kubeconfig_overrides {
	const char *context; /* --context */
	const char *cluster; /* --cluster */
	const char *user;    /* --user */
	const char *server;  /* --server / --master: replaces the cluster's server, clears its
				tls-server-name */
};

/*
 * Parses a kubeconfig held in memory.  Relative paths in it are resolved against dir (made
 * absolute against the working directory if relative); dir NULL leaves them as written.  Empty
 * input is an empty config.  KC_ERR_PARSE for bad YAML ("error converting YAML to JSON: yaml:
 * line 3, column 5: ..."), KC_ERR_INVALID for a well-formed document that is not a v1 Config.
 */
int kc_kubeconfig_load_buffer(const void *data, size_t len, const char *dir,
			      struct kc_kubeconfig **ret, char *err, size_t errlen);

/*
 * Loads one file (the --kubeconfig flag, upstream ExplicitPath).  A missing file is
 * KC_ERR_NOT_FOUND "stat <path>: no such file or directory"; other failures are prefixed
 * "error loading config file \"<path>\": ".
 */
int kc_kubeconfig_load_file(const char *path, struct kc_kubeconfig **ret, char *err, size_t errlen);

/*
 * The default loading rules: each file of $KUBECONFIG (':'-separated, empty entries and repeats
 * dropped) merged in order, or $HOME/.kube/config when KUBECONFIG is unset or empty.  Missing
 * files are skipped (all missing gives an empty config); a file that cannot be read or parsed
 * is an error.
 */
int kc_kubeconfig_load_default(struct kc_kubeconfig **ret, char *err, size_t errlen);

/* Frees everything; NULL-safe; returns NULL. */
struct kc_kubeconfig *kc_kubeconfig_free(struct kc_kubeconfig *kc);

/* Lookups by name (borrowed), NULL when absent. */
const struct kc_kubeconfig_cluster *kc_kubeconfig_find_cluster(const struct kc_kubeconfig *kc,
							       const char *name);
const struct kc_kubeconfig_user *kc_kubeconfig_find_user(const struct kc_kubeconfig *kc,
							 const char *name);
const struct kc_kubeconfig_context *kc_kubeconfig_find_context(const struct kc_kubeconfig *kc,
							       const char *name);

/*
 * The rest config for the selected context (ov may be NULL), with PEM text read from files or
 * taken from `*-data`, and a token read from tokenFile (token_file keeps the path).  A server
 * without a scheme gets "http://", and, as upstream, credentials and CA are only used for https
 * servers.  qps, burst, user_agent, content_type and timeout are left zero for the caller.
 * Errors: KC_ERR_NOT_FOUND (an override names nothing), KC_ERR_INVALID (validation; also a CA
 * together with insecure-skip-tls-verify), KC_ERR_UNSUPPORTED, KC_ERR_SYSTEM (a file named in
 * the config cannot be read), KC_ERR_NOMEM.  *ret is filled only on success; release it with
 * kc_rest_config_release().
 */
int kc_kubeconfig_rest_config(const struct kc_kubeconfig *kc,
			      const struct kc_kubeconfig_overrides *ov, struct kc_rest_config *ret,
			      char *err, size_t errlen);

/*
 * clientcmd.BuildConfigFromFlags(master, kubeconfig) without its in-cluster fallback: loads the
 * file when kubeconfig_path is non-empty (nothing otherwise) and uses master as the server
 * override.  With neither set the result is the "no configuration has been provided" error;
 * callers that want in-cluster config check that case first.
 */
int kc_kubeconfig_build_config(const char *master, const char *kubeconfig_path,
			       struct kc_rest_config *ret, char *err, size_t errlen);

/* The selected context's namespace, "default" when it has none (borrowed from kc). */
const char *kc_kubeconfig_namespace(const struct kc_kubeconfig *kc,
				    const struct kc_kubeconfig_overrides *ov);

#endif
