/*
 * tls.c - OpenSSL server/client contexts, client-certificate identities and self-signed serving
 * certificates (upstream: staging/src/k8s.io/apiserver/pkg/server/options/serving.go,
 * client-go/util/cert/cert.go, component-base/cli/flag/ciphersuites_flag.go,
 * apiserver/pkg/authentication/request/x509/x509.go).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/tls.h"

/* Go's default suites for TLS 1.2 (crypto/tls defaultCipherSuites, ECDHE only since Go 1.22). */
static const char default_ciphers[] =
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
	"ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA";

static const struct {
	const char *go;
	const char *openssl;
} cipher_names[] = {
	{ "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "DES-CBC3-SHA" },
	{ "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA" },
	{ "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA" },
	{ "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256" },
	{ "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256" },
	{ "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA" },
	{ "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE-RSA-DES-CBC3-SHA" },
	{ "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA" },
	{ "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256" },
	{ "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256" },
	{ "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256" },
	{ "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384" },
	{ "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384" },
	{ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "ECDHE-RSA-CHACHA20-POLY1305" },
	{ "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305" },
	{ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305" },
	{ "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305" },
	{ "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256" },
	{ "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384" },
	{ "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256" },
};

static const struct {
	const char *name;
	int version;
} tls_versions[] = {
	{ "VersionTLS10", TLS1_VERSION },
	{ "VersionTLS11", TLS1_1_VERSION },
	{ "VersionTLS12", TLS1_2_VERSION },
	{ "VersionTLS13", TLS1_3_VERSION },
};

/* Formats "tls: <what>: <openssl reason>" and clears OpenSSL's error queue. */
static void
set_ssl_err(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char buf[256];

	if (e != 0)
		ERR_error_string_n(e, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "unknown error");
	ERR_clear_error();
	kc_err_printf(err, errlen, "tls: %s: %s", what, buf);
}

const char *
kc_tls_cipher_from_go(const char *go_name)
{
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(cipher_names); i++)
		if (strcmp(cipher_names[i].go, go_name) == 0)
			return cipher_names[i].openssl;
	return NULL;
}

static BIO *
open_pem(const char *pem, const char *file, char *err, size_t errlen)
{
	BIO *bio;

	if (pem != NULL)
		return BIO_new_mem_buf(pem, -1);
	bio = BIO_new_file(file, "r");
	if (bio == NULL) {
		ERR_clear_error();
		kc_err_printf(err, errlen, "tls: open %s: %s", file, strerror(errno));
	}
	return bio;
}

STACK_OF(X509) * kc_tls_load_certs(const char *pem, const char *file, char *err, size_t errlen)
{
	STACK_OF(X509) * certs;
	X509 *x;
	BIO *bio;

	if (pem == NULL && file == NULL) {
		kc_err_printf(err, errlen, "tls: no certificate given");
		return NULL;
	}
	bio = open_pem(pem, file, err, errlen);
	if (bio == NULL)
		return NULL;
	certs = sk_X509_new_null();
	while (certs != NULL && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(certs, x)) {
			X509_free(x);
			break;
		}
	}
	BIO_free(bio);
	ERR_clear_error(); /* the read loop ends on "no start line" */
	if (certs == NULL || sk_X509_num(certs) == 0) {
		sk_X509_pop_free(certs, X509_free);
		kc_err_printf(err, errlen, "tls: %s: no PEM certificate found",
			      file ? file : "PEM data");
		return NULL;
	}
	return certs;
}

static EVP_PKEY *
load_key(const char *pem, const char *file, char *err, size_t errlen)
{
	EVP_PKEY *key;
	BIO *bio;

	bio = open_pem(pem, file, err, errlen);
	if (bio == NULL)
		return NULL;
	key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (key == NULL)
		set_ssl_err(err, errlen, file ? file : "private key");
	return key;
}

static int
use_cert_and_key(SSL_CTX *ctx, const char *cert_pem, const char *cert_file, const char *key_pem,
		 const char *key_file, char *err, size_t errlen)
{
	STACK_OF(X509) * certs;
	EVP_PKEY *key;
	int i, ok;

	certs = kc_tls_load_certs(cert_pem, cert_pem ? NULL : cert_file, err, errlen);
	if (certs == NULL)
		return KC_ERR_INVALID;
	key = load_key(key_pem, key_pem ? NULL : key_file, err, errlen);
	if (key == NULL) {
		sk_X509_pop_free(certs, X509_free);
		return KC_ERR_INVALID;
	}
	ok = SSL_CTX_use_certificate(ctx, sk_X509_value(certs, 0)) == 1;
	for (i = 1; ok && i < sk_X509_num(certs); i++)
		ok = SSL_CTX_add1_chain_cert(ctx, sk_X509_value(certs, i)) == 1;
	ok = ok && SSL_CTX_use_PrivateKey(ctx, key) == 1;
	if (!ok)
		set_ssl_err(err, errlen, "certificate/key");
	else if (SSL_CTX_check_private_key(ctx) != 1) {
		ok = 0;
		set_ssl_err(err, errlen, "private key does not match public key");
	}
	sk_X509_pop_free(certs, X509_free);
	EVP_PKEY_free(key);
	return ok ? 0 : KC_ERR_INVALID;
}

static int
set_min_version(SSL_CTX *ctx, const char *name, char *err, size_t errlen)
{
	size_t i;

	if (name == NULL || name[0] == '\0')
		name = "VersionTLS12";
	for (i = 0; i < KC_ARRAY_SIZE(tls_versions); i++) {
		if (strcmp(tls_versions[i].name, name) == 0) {
			SSL_CTX_set_min_proto_version(ctx, tls_versions[i].version);
			return 0;
		}
	}
	kc_err_printf(err, errlen, "unknown tls version \"%s\"", name);
	return KC_ERR_INVALID;
}

/* Turns --tls-cipher-suites (Go names) into an OpenSSL TLS 1.2 cipher list. */
static int
set_cipher_suites(SSL_CTX *ctx, const char *go_list, char *err, size_t errlen)
{
	struct kc_strv names = KC_STRV_INIT;
	struct kc_strbuf list = KC_STRBUF_INIT;
	int r = 0;
	size_t i;

	if (go_list == NULL || go_list[0] == '\0')
		return SSL_CTX_set_cipher_list(ctx, default_ciphers) == 1 ? 0 : KC_ERR_INTERNAL;
	if (kc_strv_split(&names, go_list, ',') < 0)
		return KC_ERR_NOMEM;
	for (i = 0; i < names.n && r == 0; i++) {
		const char *o = kc_tls_cipher_from_go(names.v[i]);

		if (o == NULL) {
			kc_err_printf(err, errlen, "Cipher suite %s not supported or doesn't exist",
				      names.v[i]);
			r = KC_ERR_INVALID;
		} else if (strncmp(o, "TLS_", 4) != 0) { /* TLS 1.3 suites are not configurable */
			r = kc_strbuf_addf(&list, "%s%s", list.len ? ":" : "", o);
		}
	}
	if (r == 0 && list.len > 0 && SSL_CTX_set_cipher_list(ctx, list.buf) != 1) {
		set_ssl_err(err, errlen, "cipher suites");
		r = KC_ERR_INVALID;
	}
	kc_strv_release(&names);
	kc_strbuf_release(&list);
	return r;
}

static int
alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen, const unsigned char *in,
	    unsigned int inlen, void *arg)
{
	static const unsigned char ours[] = "\x08http/1.1";
	unsigned char *sel;

	if (SSL_select_next_proto(&sel, outlen, ours, sizeof(ours) - 1, in, inlen) !=
	    OPENSSL_NPN_NEGOTIATED)
		return SSL_TLSEXT_ERR_NOACK; /* e.g. a client offering only h2: go on without ALPN */
	*out = sel;
	return SSL_TLSEXT_ERR_OK;
}

/* Client certificates are checked by kc_tls_verify_peer(), per request, as Go's
 * RequestClientCert + x509 authenticator do: the handshake lets every client in. */
static int
accept_any_client(int preverify_ok, X509_STORE_CTX *ctx)
{
	return 1;
}

static int
set_client_ca(SSL_CTX *ctx, const char *pem, const char *file, char *err, size_t errlen)
{
	X509_STORE *store = SSL_CTX_get_cert_store(ctx);
	STACK_OF(X509) * cas;
	int i, ok = 1;

	cas = kc_tls_load_certs(pem, pem ? NULL : file, err, errlen);
	if (cas == NULL)
		return KC_ERR_INVALID;
	for (i = 0; ok && i < sk_X509_num(cas); i++) {
		X509 *ca = sk_X509_value(cas, i);

		ok = X509_STORE_add_cert(store, ca) == 1 && SSL_CTX_add_client_CA(ctx, ca) == 1;
	}
	sk_X509_pop_free(cas, X509_free);
	if (!ok) {
		set_ssl_err(err, errlen, "client CA");
		return KC_ERR_INVALID;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_any_client);
	return 0;
}

SSL_CTX *
kc_tls_server_ctx_new(const struct kc_tls_server_opts *opts, char *err, size_t errlen)
{
	static const unsigned char sid_ctx[] = "ckube";
	SSL_CTX *ctx;

	if (opts == NULL || (opts->cert_pem == NULL && opts->cert_file == NULL) ||
	    (opts->key_pem == NULL && opts->key_file == NULL)) {
		kc_err_printf(err, errlen, "tls: a serving certificate and key are required");
		return NULL;
	}
	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL) {
		set_ssl_err(err, errlen, "SSL_CTX_new");
		return NULL;
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof(sid_ctx) - 1);
	SSL_CTX_set_alpn_select_cb(ctx, alpn_select, NULL);
	if (set_min_version(ctx, opts->min_version, err, errlen) < 0 ||
	    set_cipher_suites(ctx, opts->cipher_suites, err, errlen) < 0 ||
	    use_cert_and_key(ctx, opts->cert_pem, opts->cert_file, opts->key_pem, opts->key_file,
			     err, errlen) < 0 ||
	    ((opts->client_ca_pem != NULL || opts->client_ca_file != NULL) &&
	     set_client_ca(ctx, opts->client_ca_pem, opts->client_ca_file, err, errlen) < 0)) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

int
kc_tls_verify_peer(SSL *ssl, STACK_OF(X509) * *ret_chain, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_get_SSL_CTX(ssl);
	X509 *leaf = SSL_get0_peer_certificate(ssl);
	X509_STORE_CTX *sctx;
	int r;

	*ret_chain = NULL;
	if (leaf == NULL || !(SSL_CTX_get_verify_mode(ctx) & SSL_VERIFY_PEER))
		return 0;
	sctx = X509_STORE_CTX_new();
	if (sctx == NULL || X509_STORE_CTX_init(sctx, SSL_CTX_get_cert_store(ctx), leaf,
						SSL_get_peer_cert_chain(ssl)) != 1) {
		X509_STORE_CTX_free(sctx);
		return KC_ERR_NOMEM;
	}
	X509_STORE_CTX_set_purpose(sctx, X509_PURPOSE_SSL_CLIENT);
	if (X509_verify_cert(sctx) == 1) {
		*ret_chain = X509_STORE_CTX_get1_chain(sctx);
		r = *ret_chain != NULL ? 1 : KC_ERR_NOMEM;
	} else {
		kc_err_printf(err, errlen, "verifying certificate: %s",
			      X509_verify_cert_error_string(X509_STORE_CTX_get_error(sctx)));
		r = KC_ERR_UNAUTHORIZED;
	}
	X509_STORE_CTX_free(sctx);
	ERR_clear_error();
	return r;
}

/* ALPN wire format from "h2,http/1.1". */
static int
set_client_alpn(SSL_CTX *ctx, const char *list)
{
	unsigned char wire[256];
	size_t n = 0;
	const char *p = list;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len == 0 || len > 255 || n + 1 + len > sizeof(wire))
			return KC_ERR_INVALID;
		wire[n++] = (unsigned char)len;
		memcpy(wire + n, p, len);
		n += len;
		p += len;
		if (*p == ',')
			p++;
	}
	return SSL_CTX_set_alpn_protos(ctx, wire, (unsigned)n) == 0 ? 0 : KC_ERR_INVALID;
}

static int
set_trust(SSL_CTX *ctx, const struct kc_tls_client_opts *opts, char *err, size_t errlen)
{
	X509_STORE *store = SSL_CTX_get_cert_store(ctx);
	STACK_OF(X509) * cas;
	int i, ok = 1;

	if (opts->ca_pem == NULL && opts->ca_file == NULL)
		return SSL_CTX_set_default_verify_paths(ctx) == 1 ? 0 : KC_ERR_INTERNAL;
	cas = kc_tls_load_certs(opts->ca_pem, opts->ca_pem ? NULL : opts->ca_file, err, errlen);
	if (cas == NULL)
		return KC_ERR_INVALID;
	for (i = 0; ok && i < sk_X509_num(cas); i++)
		ok = X509_STORE_add_cert(store, sk_X509_value(cas, i)) == 1;
	sk_X509_pop_free(cas, X509_free);
	if (!ok) {
		set_ssl_err(err, errlen, "certificate authority");
		return KC_ERR_INVALID;
	}
	return 0;
}

SSL_CTX *
kc_tls_client_ctx_new(const struct kc_tls_client_opts *opts, char *err, size_t errlen)
{
	static const struct kc_tls_client_opts none;
	SSL_CTX *ctx;
	int r = 0;

	if (opts == NULL)
		opts = &none;
	ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL) {
		set_ssl_err(err, errlen, "SSL_CTX_new");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (opts->insecure_skip_verify)
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	else {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		r = set_trust(ctx, opts, err, errlen);
	}
	if (r == 0 && (opts->cert_pem != NULL || opts->cert_file != NULL))
		r = use_cert_and_key(ctx, opts->cert_pem, opts->cert_file, opts->key_pem,
				     opts->key_file, err, errlen);
	if (r == 0 && opts->alpn != NULL && (r = set_client_alpn(ctx, opts->alpn)) < 0)
		kc_err_printf(err, errlen, "tls: bad ALPN list \"%s\"", opts->alpn);
	if (r < 0) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static int
is_ip(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

SSL *
kc_tls_client_ssl_new(SSL_CTX *ctx, const char *host)
{
	SSL *ssl = SSL_new(ctx);
	int ok = 1;

	if (ssl == NULL || host == NULL)
		return ssl;
	if (is_ip(host))
		ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1;
	else
		ok = SSL_set_tlsext_host_name(ssl, host) == 1 && SSL_set1_host(ssl, host) == 1;
	if (!ok) {
		SSL_free(ssl);
		ERR_clear_error();
		return NULL;
	}
	return ssl;
}

static char *
name_entry_utf8(X509_NAME_ENTRY *e)
{
	unsigned char *utf8 = NULL;
	char *s;
	int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));

	if (len < 0)
		return NULL;
	s = strndup((const char *)utf8, (size_t)len);
	OPENSSL_free(utf8);
	return s;
}

int
kc_tls_cert_identity(X509 *cert, char **ret_user, struct kc_strv *groups)
{
	X509_NAME *name = X509_get_subject_name(cert);
	char *user = NULL;
	int i, r = 0;

	for (i = 0; r == 0 && i < X509_NAME_entry_count(name); i++) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
		int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		char *v;

		if (nid != NID_commonName && nid != NID_organizationName)
			continue;
		v = name_entry_utf8(e);
		if (v == NULL) {
			r = KC_ERR_NOMEM;
		} else if (nid == NID_commonName) { /* Go keeps the last CN */
			free(user);
			user = v;
		} else if (groups != NULL) {
			r = kc_strv_push_steal(groups, v);
		} else {
			free(v);
		}
	}
	if (r == 0 && user == NULL && (user = strdup("")) == NULL)
		r = KC_ERR_NOMEM;
	if (r < 0) {
		free(user);
		return r;
	}
	*ret_user = user;
	return 0;
}

/* --- certificates -------------------------------------------------------------------- */

static int
add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&v3, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (ext == NULL)
		return 0;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

static int
add_general_name(GENERAL_NAMES *gens, const char *value, int is_ip_name)
{
	GENERAL_NAME *gen;

	if (is_ip_name) {
		ASN1_OCTET_STRING *ip = a2i_IPADDRESS(value);

		if (ip == NULL)
			return 0;
		gen = GENERAL_NAME_new();
		if (gen == NULL) {
			ASN1_OCTET_STRING_free(ip);
			return 0;
		}
		GENERAL_NAME_set0_value(gen, GEN_IPADD, ip);
	} else {
		ASN1_IA5STRING *dns = ASN1_IA5STRING_new();

		if (dns == NULL || !ASN1_STRING_set(dns, value, -1) ||
		    (gen = GENERAL_NAME_new()) == NULL) {
			ASN1_IA5STRING_free(dns);
			return 0;
		}
		GENERAL_NAME_set0_value(gen, GEN_DNS, dns);
	}
	if (!sk_GENERAL_NAME_push(gens, gen)) {
		GENERAL_NAME_free(gen);
		return 0;
	}
	return 1;
}

static int
add_sans(X509 *cert, const struct kc_tls_cert_spec *spec)
{
	GENERAL_NAMES *gens;
	size_t i;
	int ok = 1;

	if ((spec->dns_names == NULL || spec->dns_names[0] == NULL) &&
	    (spec->ip_addresses == NULL || spec->ip_addresses[0] == NULL))
		return 1;
	gens = sk_GENERAL_NAME_new_null();
	if (gens == NULL)
		return 0;
	for (i = 0; ok && spec->dns_names != NULL && spec->dns_names[i] != NULL; i++)
		ok = add_general_name(gens, spec->dns_names[i], 0);
	for (i = 0; ok && spec->ip_addresses != NULL && spec->ip_addresses[i] != NULL; i++)
		ok = add_general_name(gens, spec->ip_addresses[i], 1);
	ok = ok && X509_add1_ext_i2d(cert, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) == 1;
	GENERAL_NAMES_free(gens);
	return ok;
}

static int
set_subject(X509 *cert, const struct kc_tls_cert_spec *spec)
{
	X509_NAME *name = X509_get_subject_name(cert);
	size_t i;

	for (i = 0; spec->organizations != NULL && spec->organizations[i] != NULL; i++)
		if (!X509_NAME_add_entry_by_NID(name, NID_organizationName, MBSTRING_UTF8,
						(const unsigned char *)spec->organizations[i], -1,
						-1, 0))
			return 0;
	if (spec->common_name != NULL && spec->common_name[0] != '\0' &&
	    !X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
					(const unsigned char *)spec->common_name, -1, -1, 0))
		return 0;
	return 1;
}

static int
add_usage_exts(X509 *cert, X509 *issuer, enum kc_tls_cert_usage usage)
{
	static const char *const eku[] = {
		[KC_TLS_USAGE_SERVER] = "serverAuth",
		[KC_TLS_USAGE_CLIENT] = "clientAuth",
		[KC_TLS_USAGE_SERVER_CLIENT] = "serverAuth,clientAuth",
	};
	int ok;

	if (usage == KC_TLS_USAGE_CA)
		return add_ext(cert, issuer, NID_basic_constraints, "critical,CA:TRUE") &&
		       add_ext(cert, issuer, NID_key_usage,
			       "critical,digitalSignature,keyEncipherment,keyCertSign") &&
		       add_ext(cert, issuer, NID_subject_key_identifier, "hash");
	ok = add_ext(cert, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
	     add_ext(cert, issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment") &&
	     add_ext(cert, issuer, NID_ext_key_usage, eku[usage]);
	if (ok && issuer != cert)
		ok = add_ext(cert, issuer, NID_authority_key_identifier, "keyid");
	return ok;
}

int
kc_tls_make_cert(const struct kc_tls_cert_spec *spec, X509 **ret_cert, EVP_PKEY **ret_key,
		 char *err, size_t errlen)
{
	time_t from = spec->not_before ? spec->not_before : time(NULL) - 3600;
	long days = spec->valid_days > 0 ? spec->valid_days : 365;
	EVP_PKEY *key, *sign_key;
	X509 *cert, *issuer;
	int ok;

	if ((spec->signer_cert == NULL) != (spec->signer_key == NULL) ||
	    (unsigned)spec->usage > KC_TLS_USAGE_SERVER_CLIENT) {
		kc_err_printf(err, errlen, "tls: bad certificate spec");
		return KC_ERR_INVALID;
	}
	key = EVP_RSA_gen(spec->rsa_bits > 0 ? (unsigned)spec->rsa_bits : 2048);
	cert = X509_new();
	if (key == NULL || cert == NULL) {
		EVP_PKEY_free(key);
		X509_free(cert);
		set_ssl_err(err, errlen, "generating key");
		return KC_ERR_NOMEM;
	}
	issuer = spec->signer_cert ? spec->signer_cert : cert;
	sign_key = spec->signer_key ? spec->signer_key : key;
	ok = X509_set_version(cert, 2) &&
	     ASN1_INTEGER_set(X509_get_serialNumber(cert), spec->serial > 0 ? spec->serial : 1) &&
	     X509_time_adj_ex(X509_getm_notBefore(cert), 0, 0, &from) != NULL &&
	     X509_time_adj_ex(X509_getm_notAfter(cert), (int)days, 0, &from) != NULL &&
	     X509_set_pubkey(cert, key) && set_subject(cert, spec) &&
	     X509_set_issuer_name(cert, X509_get_subject_name(issuer)) &&
	     add_usage_exts(cert, issuer, spec->usage) && add_sans(cert, spec) &&
	     X509_sign(cert, sign_key, EVP_sha256()) > 0;
	if (!ok) {
		set_ssl_err(err, errlen, "making certificate");
		EVP_PKEY_free(key);
		X509_free(cert);
		return KC_ERR_INVALID;
	}
	*ret_cert = cert;
	*ret_key = key;
	return 0;
}

static char *
bio_to_string(BIO *bio)
{
	char *data, *s;
	long len = BIO_get_mem_data(bio, &data);

	s = len >= 0 ? strndup(data, (size_t)len) : NULL;
	BIO_free(bio);
	return s;
}

char *
kc_tls_cert_pem(X509 *cert)
{
	BIO *bio = BIO_new(BIO_s_mem());

	if (bio == NULL || PEM_write_bio_X509(bio, cert) != 1) {
		BIO_free(bio);
		return NULL;
	}
	return bio_to_string(bio);
}

char *
kc_tls_key_pem(EVP_PKEY *key)
{
	BIO *bio = BIO_new(BIO_s_mem());

	if (bio == NULL ||
	    PEM_write_bio_PrivateKey_traditional(bio, key, NULL, NULL, 0, NULL, NULL) != 1) {
		BIO_free(bio);
		return NULL;
	}
	return bio_to_string(bio);
}

/* Appends src (NULL-terminated, may be NULL) to a vector of at most `cap` entries. */
static size_t
append_names(const char **dst, size_t n, size_t cap, const char *const *src)
{
	for (; src != NULL && *src != NULL && n + 1 < cap; src++)
		dst[n++] = *src;
	dst[n] = NULL;
	return n;
}

int
kc_tls_generate_self_signed(const char *host, const char *const *alt_ips,
			    const char *const *alt_dns, char **ret_cert_pem, char **ret_key_pem,
			    char *err, size_t errlen)
{
	const char *ips[64], *dns[64];
	char ca_cn[512], cn[512];
	struct kc_tls_cert_spec ca_spec = { .usage = KC_TLS_USAGE_CA, .serial = 1 };
	struct kc_tls_cert_spec spec = { .usage = KC_TLS_USAGE_SERVER, .serial = 2 };
	X509 *ca = NULL, *cert = NULL;
	EVP_PKEY *ca_key = NULL, *key = NULL;
	char *cert_pem = NULL, *ca_pem = NULL, *key_pem = NULL;
	long now = (long)time(NULL);
	size_t ni = 0, nd = 0;
	int r;

	if (host == NULL || host[0] == '\0') {
		kc_err_printf(err, errlen, "tls: self-signed certificate: empty host");
		return KC_ERR_INVALID;
	}
	ips[0] = dns[0] = NULL;
	if (is_ip(host))
		ni = append_names(ips, ni, KC_ARRAY_SIZE(ips), (const char *const[]){ host, NULL });
	else
		nd = append_names(dns, nd, KC_ARRAY_SIZE(dns), (const char *const[]){ host, NULL });
	append_names(ips, ni, KC_ARRAY_SIZE(ips), alt_ips);
	append_names(dns, nd, KC_ARRAY_SIZE(dns), alt_dns);
	snprintf(ca_cn, sizeof(ca_cn), "%.400s-ca@%ld", host, now);
	snprintf(cn, sizeof(cn), "%.400s@%ld", host, now);
	ca_spec.common_name = ca_cn;
	spec.common_name = cn;
	spec.ip_addresses = ips;
	spec.dns_names = dns;
	r = kc_tls_make_cert(&ca_spec, &ca, &ca_key, err, errlen);
	if (r == 0) {
		spec.signer_cert = ca;
		spec.signer_key = ca_key;
		r = kc_tls_make_cert(&spec, &cert, &key, err, errlen);
	}
	if (r == 0) {
		cert_pem = kc_tls_cert_pem(cert);
		ca_pem = kc_tls_cert_pem(ca);
		key_pem = kc_tls_key_pem(key);
		if (cert_pem == NULL || ca_pem == NULL || key_pem == NULL ||
		    asprintf(ret_cert_pem, "%s%s", cert_pem, ca_pem) < 0) {
			kc_err_printf(err, errlen, "tls: out of memory");
			r = KC_ERR_NOMEM;
			free(key_pem);
		} else {
			*ret_key_pem = key_pem;
		}
	}
	free(cert_pem);
	free(ca_pem);
	X509_free(ca);
	X509_free(cert);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(key);
	return r;
}

static int
mkdir_p(const char *dir, mode_t mode)
{
	KC_AUTOFREE char *copy = strdup(dir);
	char *p;

	if (copy == NULL)
		return KC_ERR_NOMEM;
	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) != 0 && errno != EEXIST)
			return KC_ERR_SYSTEM;
		*p = '/';
	}
	if (mkdir(copy, mode) != 0 && errno != EEXIST)
		return KC_ERR_SYSTEM;
	return 0;
}

/* Writes path through a temporary file and rename(), so a reader never sees half a key. */
static int
write_file_atomic(const char *path, const char *data, mode_t mode)
{
	KC_AUTOFREE char *tmp = NULL;
	size_t len = strlen(data), off = 0;
	int fd;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		return KC_ERR_NOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return KC_ERR_SYSTEM;
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			unlink(tmp);
			return KC_ERR_SYSTEM;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, mode) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return KC_ERR_SYSTEM;
	}
	return 0;
}

int
kc_tls_ensure_self_signed(const char *dir, const char *pair, const char *host,
			  const char *const *alt_ips, const char *const *alt_dns,
			  char **ret_cert_file, char **ret_key_file, char *err, size_t errlen)
{
	KC_AUTOFREE char *cert_file = NULL, *key_file = NULL, *cert_pem = NULL, *key_pem = NULL;
	int cert_ok, key_ok, r;

	if (asprintf(&cert_file, "%s/%s.crt", dir, pair) < 0 ||
	    asprintf(&key_file, "%s/%s.key", dir, pair) < 0)
		return KC_ERR_NOMEM;
	cert_ok = access(cert_file, R_OK) == 0;
	key_ok = access(key_file, R_OK) == 0;
	if (cert_ok != key_ok) {
		kc_err_printf(err, errlen,
			      "error reading %s, certificate and key must be supplied as a pair",
			      cert_ok ? key_file : cert_file);
		return KC_ERR_INVALID;
	}
	r = 0;
	if (!cert_ok) {
		r = kc_tls_generate_self_signed(host, alt_ips, alt_dns, &cert_pem, &key_pem, err,
						errlen);
		if (r == 0 && mkdir_p(dir, 0755) < 0) {
			kc_err_printf(err, errlen, "tls: mkdir %s: %s", dir, strerror(errno));
			r = KC_ERR_SYSTEM;
		}
		if (r == 0 && (write_file_atomic(cert_file, cert_pem, 0644) < 0 ||
			       write_file_atomic(key_file, key_pem, 0600) < 0)) {
			kc_err_printf(err, errlen, "tls: writing %s: %s", cert_file,
				      strerror(errno));
			r = KC_ERR_SYSTEM;
		}
		if (r == 0)
			r = 1;
	}
	if (r >= 0 && ret_cert_file != NULL)
		*ret_cert_file = kc_take_ptr(cert_file);
	if (r >= 0 && ret_key_file != NULL)
		*ret_key_file = kc_take_ptr(key_file);
	return r;
}
