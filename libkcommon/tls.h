/*
 * tls.h - OpenSSL contexts for ckube's servers and clients, x509 client identities, and the
 * self-signed serving certificates that kube-apiserver (--cert-dir) and the kubelet make when
 * given no certificate (upstream: staging/src/k8s.io/apiserver/pkg/server/options/serving.go,
 * k8s.io/client-go/util/cert/cert.go GenerateSelfSignedCertKeyWithFixtures,
 * k8s.io/component-base/cli/flag/ciphersuites_flag.go).
 *
 * Functions that can fail for reasons a person must read (a missing file, a key that does not
 * match its certificate) take `char *err, size_t errlen` (err may be NULL) and write one line
 * there ("tls: open /x.crt: No such file or directory").  Contexts are reference counted by
 * OpenSSL: free them with SSL_CTX_free() (the HTTP server takes its own reference).
 */
#ifndef KC_TLS_H
#define KC_TLS_H

#include <stddef.h>
#include <time.h>

#include <openssl/ssl.h>
#include <openssl/x509.h>

struct kc_strv;

/*
 * Server context options.  Certificates and keys come from a file or from PEM text (the PEM
 * wins when both are set).  A certificate file may hold the chain after the leaf.
 */
struct kc_tls_server_opts {
	const char *cert_file; /* --tls-cert-file */
	const char *key_file;  /* --tls-private-key-file */
	const char *cert_pem;
	const char *key_pem;
	const char *client_ca_file; /* --client-ca-file: request (never require) client certs */
	const char *client_ca_pem;
	const char *min_version; /* --tls-min-version: "VersionTLS12" (default), "VersionTLS13" */
	const char
		*cipher_suites; /* --tls-cipher-suites: Go names, comma separated; NULL: defaults */
};

/*
 * A server SSL_CTX: TLS >= 1.2, ALPN "http/1.1" only, upstream's default cipher suites (ECDHE
 * with AES-GCM, ChaCha20-Poly1305 and AES-CBC-SHA; TLS 1.3's own), and with a client CA a
 * certificate request that lets clients without one (or with a bad one) in, so that the
 * request layer decides (kc_tls_verify_peer) as Go's tls.RequestClientCert does.
 * NULL on failure with the reason in err.
 */
SSL_CTX *kc_tls_server_ctx_new(const struct kc_tls_server_opts *opts, char *err, size_t errlen);

/*
 * Verifies the peer certificate of an established server-side connection against the context's
 * client CA, for client authentication (purpose sslclient).  Returns 1 with *ret_chain (a new
 * stack, leaf first; free with sk_X509_pop_free(chain, X509_free)) when it verifies; 0 when the
 * peer sent no certificate or the context has no client CA; KC_ERR_UNAUTHORIZED when it does not
 * verify (reason in err).
 */
int kc_tls_verify_peer(SSL *ssl, STACK_OF(X509) * *ret_chain, char *err, size_t errlen);

struct kc_tls_client_opts {
	const char *ca_file; /* trust these (certificate-authority); NULL: system store */
	const char *ca_pem;
	const char *cert_file; /* client certificate (client-certificate) */
	const char *key_file;
	const char *cert_pem;
	const char *key_pem;
	int insecure_skip_verify;
	const char *alpn; /* a comma-separated ALPN list ("h2"); NULL: none */
};

/* A client SSL_CTX (TLS >= 1.2, peer verification unless insecure).  NULL on failure. */
SSL_CTX *kc_tls_client_ctx_new(const struct kc_tls_client_opts *opts, char *err, size_t errlen);

/* A client SSL for `host` (SNI unless an IP; the certificate must match the name or IP unless
 * the context is insecure).  NULL when out of memory. */
SSL *kc_tls_client_ssl_new(SSL_CTX *ctx, const char *host);

/*
 * The x509 identity of a client certificate as upstream's x509 authenticator reads it
 * (CommonNameUserConversion): user = subject CN, groups = subject O values in order.  *ret_user
 * is malloc()ed ("" when there is no CN); groups are appended to `groups` (may be NULL).
 */
int kc_tls_cert_identity(X509 *cert, char **ret_user, struct kc_strv *groups);

/* Loads every certificate in PEM text or a PEM file into a new stack; NULL on failure. */
STACK_OF(X509) * kc_tls_load_certs(const char *pem, const char *file, char *err, size_t errlen);

/* --- making certificates ------------------------------------------------------------- */

enum kc_tls_cert_usage {
	KC_TLS_USAGE_CA,     /* CA:TRUE, keyCertSign + digitalSignature + keyEncipherment */
	KC_TLS_USAGE_SERVER, /* serverAuth */
	KC_TLS_USAGE_CLIENT, /* clientAuth */
	KC_TLS_USAGE_SERVER_CLIENT,
};

struct kc_tls_cert_spec {
	const char *common_name;
	const char *const *organizations; /* NULL-terminated (groups for a client) or NULL */
	const char *const *dns_names;     /* SANs, NULL-terminated or NULL */
	const char *const *ip_addresses;  /* SANs ("127.0.0.1", "::1"), NULL-terminated or NULL */
	enum kc_tls_cert_usage usage;
	long serial;
	time_t not_before; /* 0: now - 1 h (as upstream, against clock skew) */
	long valid_days;   /* 0: 365 */
	int rsa_bits;      /* 0: 2048 */
	X509 *signer_cert; /* NULL: self-signed */
	EVP_PKEY *signer_key;
};

/* Generates an RSA key and a certificate per spec.  0, or < 0 with the reason in err. */
int kc_tls_make_cert(const struct kc_tls_cert_spec *spec, X509 **ret_cert, EVP_PKEY **ret_key,
		     char *err, size_t errlen);

/* PEM text of a certificate / of a key (PKCS#1 "RSA PRIVATE KEY" for RSA keys, as upstream's
 * keyutil); malloc()ed, NULL on failure. */
char *kc_tls_cert_pem(X509 *cert);
char *kc_tls_key_pem(EVP_PKEY *key);

/*
 * GenerateSelfSignedCertKey: a CA ("<host>-ca@<unix time>") and a serving certificate
 * ("<host>@<unix time>", valid from an hour ago for a year) signed by it, with SANs: host (as
 * an IP if it parses as one, else a DNS name), then alt_ips, then alt_dns.  *ret_cert_pem holds
 * the serving certificate then the CA; *ret_key_pem the serving key.  Both malloc()ed.
 */
int kc_tls_generate_self_signed(const char *host, const char *const *alt_ips,
				const char *const *alt_dns, char **ret_cert_pem, char **ret_key_pem,
				char *err, size_t errlen);

/*
 * MaybeDefaultWithSelfSignedCerts for --cert-dir: when <dir>/<pair>.crt and .key cannot both be
 * read, generates them as above and writes them (directory 0755, cert 0644, key 0600).  Returns
 * 1 when it generated, 0 when readable ones were there, < 0 on failure.  The paths are written
 * to ret_cert_file / ret_key_file (malloc()ed) when non-NULL.
 */
int kc_tls_ensure_self_signed(const char *dir, const char *pair, const char *host,
			      const char *const *alt_ips, const char *const *alt_dns,
			      char **ret_cert_file, char **ret_key_file, char *err, size_t errlen);

/* The OpenSSL name of a Go cipher suite name ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), NULL
 * when unknown.  TLS 1.3 names map to themselves. */
const char *kc_tls_cipher_from_go(const char *go_name);

#endif
