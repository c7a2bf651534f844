/*
 * restconfig.h - how to reach one apiserver (upstream: client-go rest.Config).
 *
 * Produced by kubeconfig.c (kc_kubeconfig_rest_config) or by hand (in-cluster, tests); consumed
 * by client.c.  Credentials are held as PEM text, whether the kubeconfig named files or inlined
 * `*-data`, so a client never re-reads files and tests can build configs in memory.
 */
#ifndef KC_RESTCONFIG_H
#define KC_RESTCONFIG_H

struct kc_rest_config {
	char *server;		      /* "https://127.0.0.1:6443" (a path prefix is allowed) */
	char *tls_server_name;	      /* SNI and the name verified; NULL = the server's host */
	char *ca_pem;		      /* CA bundle; NULL = the system's */
	char *cert_pem;		      /* client certificate chain */
	char *key_pem;		      /* client private key */
	char *token;		      /* bearer token */
	char *token_file;	      /* re-read on each connection when set, as client-go */
	char *username, *password;    /* basic auth (kubeconfig still allows it) */
	char *proxy_url;
	int insecure_skip_tls_verify;
	double qps;		      /* client-go default 5 */
	int burst;		      /* client-go default 10 */
	char *user_agent;	      /* NULL = "<cmd>/v1.32.0 (linux/amd64) kubernetes/ckube" */
	char *content_type;	      /* request bodies; only application/json is supported */
	long timeout_ms;	      /* per request (not watches); 0 = none */
};

/* Frees every string and zeroes the struct; safe on a zeroed one. */
void kc_rest_config_release(struct kc_rest_config *c);

/* Deep copy; KC_ERR_NOMEM on failure (ret untouched). */
int kc_rest_config_copy(const struct kc_rest_config *src, struct kc_rest_config *ret);

#endif
