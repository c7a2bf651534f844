/*
 * check_tls.c - TLS contexts, certificate making, self-signed serving certificates, and the HTTP
 * server over TLS with and without client certificates (CN/O read back as upstream's x509
 * authenticator does).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/tls.h"
#include "test/unit/testutil/http_testutil.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

/* Test PKI, made once per process in the unchecked fixture. */
static char *ca_file, *server_crt, *server_key, *client_crt, *client_key;
static char *rogue_crt, *rogue_key;
static char *server_crt_pem, *server_key_pem, *ca_pem;

/* Writes pem to the temp dir and frees it; returns the path. */
static char *
write_pem_free(const char *name, char *pem)
{
	char *path = kc_test_write_file(kc_test_tmpdir(), name, pem);

	free(pem);
	return path;
}

static char *
write_pem(const char *name, const char *pem)
{
	return kc_test_write_file(kc_test_tmpdir(), name, pem);
}

static void
make_pki(void)
{
	static const char *const orgs[] = { "system:masters", "dev", NULL };
	static const char *const sans_ip[] = { "127.0.0.1", NULL };
	static const char *const sans_dns[] = { "localhost", NULL };
	struct kc_tls_cert_spec ca = { .common_name = "test-ca", .usage = KC_TLS_USAGE_CA };
	struct kc_tls_cert_spec rogue_ca = { .common_name = "rogue-ca", .usage = KC_TLS_USAGE_CA };
	struct kc_tls_cert_spec srv = { .common_name = "kube-apiserver",
					.usage = KC_TLS_USAGE_SERVER,
					.ip_addresses = sans_ip,
					.dns_names = sans_dns,
					.serial = 2 };
	struct kc_tls_cert_spec cli = { .common_name = "alice",
					.organizations = orgs,
					.usage = KC_TLS_USAGE_CLIENT,
					.serial = 3 };
	X509 *ca_c, *rca_c, *c;
	EVP_PKEY *ca_k, *rca_k, *k;
	char err[256];

	if (ca_file != NULL)
		return;
	ck_assert_int_eq(kc_tls_make_cert(&ca, &ca_c, &ca_k, err, sizeof(err)), 0);
	ck_assert_int_eq(kc_tls_make_cert(&rogue_ca, &rca_c, &rca_k, err, sizeof(err)), 0);
	ca_pem = kc_tls_cert_pem(ca_c);
	ca_file = write_pem("ca.crt", ca_pem);
	srv.signer_cert = ca_c;
	srv.signer_key = ca_k;
	ck_assert_int_eq(kc_tls_make_cert(&srv, &c, &k, err, sizeof(err)), 0);
	server_crt_pem = kc_tls_cert_pem(c);
	server_key_pem = kc_tls_key_pem(k);
	server_crt = write_pem("server.crt", server_crt_pem);
	server_key = write_pem("server.key", server_key_pem);
	X509_free(c);
	EVP_PKEY_free(k);
	cli.signer_cert = ca_c;
	cli.signer_key = ca_k;
	ck_assert_int_eq(kc_tls_make_cert(&cli, &c, &k, err, sizeof(err)), 0);
	client_crt = write_pem_free("client.crt", kc_tls_cert_pem(c));
	client_key = write_pem_free("client.key", kc_tls_key_pem(k));
	X509_free(c);
	EVP_PKEY_free(k);
	cli.signer_cert = rca_c;
	cli.signer_key = rca_k;
	cli.common_name = "mallory";
	ck_assert_int_eq(kc_tls_make_cert(&cli, &c, &k, err, sizeof(err)), 0);
	rogue_crt = write_pem_free("rogue.crt", kc_tls_cert_pem(c));
	rogue_key = write_pem_free("rogue.key", kc_tls_key_pem(k));
	X509_free(c);
	EVP_PKEY_free(k);
	X509_free(ca_c);
	X509_free(rca_c);
	EVP_PKEY_free(ca_k);
	EVP_PKEY_free(rca_k);
}

/* --- contexts ------------------------------------------------------------------------- */

START_TEST(test_server_ctx_files)
{
	struct kc_tls_server_opts o = { .cert_file = server_crt,
					.key_file = server_key,
					.client_ca_file = ca_file };
	char err[256] = "";
	SSL_CTX *ctx = kc_tls_server_ctx_new(&o, err, sizeof(err));

	ck_assert_msg(ctx != NULL, "%s", err);
	ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
	ck_assert_int_ne(SSL_CTX_get_verify_mode(ctx) & SSL_VERIFY_PEER, 0);
	ck_assert_int_eq(SSL_CTX_get_verify_mode(ctx) & SSL_VERIFY_FAIL_IF_NO_PEER_CERT, 0);
	ck_assert_int_eq(sk_X509_NAME_num(SSL_CTX_get_client_CA_list(ctx)), 1);
	SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_server_ctx_pem)
{
	struct kc_tls_server_opts o = { .cert_pem = server_crt_pem,
					.key_pem = server_key_pem,
					.client_ca_pem = ca_pem,
					.min_version = "VersionTLS13" };
	char err[256] = "";
	SSL_CTX *ctx = kc_tls_server_ctx_new(&o, err, sizeof(err));

	ck_assert_msg(ctx != NULL, "%s", err);
	ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_3_VERSION);
	SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_server_ctx_missing_file)
{
	struct kc_tls_server_opts o = { .cert_file = "/nonexistent/x.crt", .key_file = server_key };
	char err[256] = "";

	ck_assert_ptr_null(kc_tls_server_ctx_new(&o, err, sizeof(err)));
	ck_assert_str_eq(err, "tls: open /nonexistent/x.crt: No such file or directory");
}
END_TEST

START_TEST(test_server_ctx_key_mismatch)
{
	struct kc_tls_server_opts o = { .cert_file = server_crt, .key_file = client_key };
	char err[256] = "";

	ck_assert_ptr_null(kc_tls_server_ctx_new(&o, err, sizeof(err)));
	ck_assert_msg(strstr(err, "does not match") != NULL || strstr(err, "mismatch") != NULL,
		      "%s", err);
}
END_TEST

START_TEST(test_server_ctx_required)
{
	struct kc_tls_server_opts o = { .cert_file = server_crt };
	char err[256] = "";

	ck_assert_ptr_null(kc_tls_server_ctx_new(&o, err, sizeof(err)));
	ck_assert_str_eq(err, "tls: a serving certificate and key are required");
	ck_assert_ptr_null(kc_tls_server_ctx_new(NULL, NULL, 0));
}
END_TEST

START_TEST(test_server_ctx_bad_version)
{
	struct kc_tls_server_opts o = { .cert_file = server_crt,
					.key_file = server_key,
					.min_version = "VersionTLS14" };
	char err[256] = "";

	ck_assert_ptr_null(kc_tls_server_ctx_new(&o, err, sizeof(err)));
	ck_assert_str_eq(err, "unknown tls version \"VersionTLS14\"");
}
END_TEST

START_TEST(test_server_ctx_ciphers)
{
	struct kc_tls_server_opts o = {
		.cert_file = server_crt,
		.key_file = server_key,
		.cipher_suites = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
				 "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_AES_128_GCM_SHA256",
	};
	char err[256] = "";
	SSL_CTX *ctx = kc_tls_server_ctx_new(&o, err, sizeof(err));

	ck_assert_msg(ctx != NULL, "%s", err);
	SSL_CTX_free(ctx);
	o.cipher_suites = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_FOO";
	ck_assert_ptr_null(kc_tls_server_ctx_new(&o, err, sizeof(err)));
	ck_assert_str_eq(err, "Cipher suite TLS_FOO not supported or doesn't exist");
}
END_TEST

static const char *const go_ciphers[][2] = {
	{ "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384" },
	{ "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA" },
	{ "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305" },
	{ "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256" },
	{ "TLS_RSA_WITH_RC4_128_SHA", NULL },
};

START_TEST(test_cipher_from_go)
{
	const char *o = kc_tls_cipher_from_go(go_ciphers[_i][0]);

	ck_assert_pstr_eq(o, go_ciphers[_i][1]);
}
END_TEST

START_TEST(test_load_certs_bad)
{
	char err[256] = "";

	ck_assert_ptr_null(kc_tls_load_certs("not a pem", NULL, err, sizeof(err)));
	ck_assert_str_eq(err, "tls: PEM data: no PEM certificate found");
	ck_assert_ptr_null(kc_tls_load_certs(NULL, NULL, err, sizeof(err)));
}
END_TEST

START_TEST(test_client_ctx_errors)
{
	struct kc_tls_client_opts o = { .ca_file = "/nonexistent/ca.crt" };
	char err[256] = "";

	ck_assert_ptr_null(kc_tls_client_ctx_new(&o, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/ca.crt"));
	o = (struct kc_tls_client_opts){ .insecure_skip_verify = 1, .alpn = "h2,,x" };
	ck_assert_ptr_null(kc_tls_client_ctx_new(&o, err, sizeof(err)));
	ck_assert_str_eq(err, "tls: bad ALPN list \"h2,,x\"");
}
END_TEST

/* --- certificates --------------------------------------------------------------------- */

START_TEST(test_identity)
{
	X509 *c = NULL;
	BIO *bio = BIO_new_file(client_crt, "r");
	struct kc_strv groups = KC_STRV_INIT;
	char *user = NULL;

	c = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(kc_tls_cert_identity(c, &user, &groups), 0);
	ck_assert_str_eq(user, "alice");
	ck_assert_uint_eq(groups.n, 2);
	ck_assert_str_eq(groups.v[0], "system:masters");
	ck_assert_str_eq(groups.v[1], "dev");
	free(user);
	kc_strv_release(&groups);
	X509_free(c);
}
END_TEST

START_TEST(test_identity_no_cn)
{
	static const char *const orgs[] = { "g", NULL };
	struct kc_tls_cert_spec s = { .organizations = orgs,
				      .usage = KC_TLS_USAGE_CLIENT,
				      .rsa_bits = 1024 };
	X509 *c;
	EVP_PKEY *k;
	char *user;

	ck_assert_int_eq(kc_tls_make_cert(&s, &c, &k, NULL, 0), 0);
	ck_assert_int_eq(kc_tls_cert_identity(c, &user, NULL), 0);
	ck_assert_str_eq(user, "");
	free(user);
	X509_free(c);
	EVP_PKEY_free(k);
}
END_TEST

START_TEST(test_make_cert_bad_spec)
{
	struct kc_tls_cert_spec s = { .common_name = "x",
				      .usage = KC_TLS_USAGE_SERVER,
				      .signer_cert = (X509 *)1 };
	X509 *c;
	EVP_PKEY *k;
	char err[128];

	ck_assert_int_eq(kc_tls_make_cert(&s, &c, &k, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_str_eq(err, "tls: bad certificate spec");
}
END_TEST

/* Names (DNS and IP) in a certificate's SAN, as "DNS:x" / "IP:1.2.3.4" joined by ','. */
static void
san_string(X509 *c, char *out, size_t size)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(c, NID_subject_alt_name, NULL, NULL);
	int i;

	out[0] = '\0';
	for (i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		size_t n = strlen(out);

		if (g->type == GEN_DNS)
			snprintf(out + n, size - n, "%sDNS:%s", n ? "," : "",
				 (const char *)ASN1_STRING_get0_data(g->d.dNSName));
		else if (g->type == GEN_IPADD && ASN1_STRING_length(g->d.iPAddress) == 4) {
			const unsigned char *a = ASN1_STRING_get0_data(g->d.iPAddress);

			snprintf(out + n, size - n, "%sIP:%d.%d.%d.%d", n ? "," : "", a[0], a[1],
				 a[2], a[3]);
		}
	}
	GENERAL_NAMES_free(gens);
}

static char *
subject_cn(X509 *c)
{
	char *user;

	kc_tls_cert_identity(c, &user, NULL);
	return user;
}

START_TEST(test_self_signed)
{
	static const char *const ips[] = { "127.0.0.1", "10.96.0.1", NULL };
	static const char *const dns[] = { "kubernetes.default.svc", "localhost", NULL };
	char *cert_pem = NULL, *key_pem = NULL, san[512], *cn;
	STACK_OF(X509) * certs;
	X509_STORE *store;
	X509_STORE_CTX *sctx;
	char err[256] = "";

	ck_assert_int_eq(kc_tls_generate_self_signed("master-1", ips, dns, &cert_pem, &key_pem, err,
						     sizeof(err)),
			 0);
	ck_assert_ptr_nonnull(strstr(key_pem, "-----BEGIN RSA PRIVATE KEY-----"));
	certs = kc_tls_load_certs(cert_pem, NULL, err, sizeof(err));
	ck_assert_int_eq(sk_X509_num(certs), 2); /* serving cert, then its CA */
	cn = subject_cn(sk_X509_value(certs, 0));
	ck_assert_ptr_nonnull(strstr(cn, "master-1@"));
	free(cn);
	cn = subject_cn(sk_X509_value(certs, 1));
	ck_assert_ptr_nonnull(strstr(cn, "master-1-ca@"));
	free(cn);
	san_string(sk_X509_value(certs, 0), san, sizeof(san));
	ck_assert_str_eq(san, "DNS:master-1,DNS:kubernetes.default.svc,DNS:localhost,"
			      "IP:127.0.0.1,IP:10.96.0.1");
	ck_assert_int_eq(X509_check_ca(sk_X509_value(certs, 1)), 1);
	ck_assert_int_eq(X509_check_ca(sk_X509_value(certs, 0)), 0);
	/* the serving cert verifies against its CA, for TLS servers */
	store = X509_STORE_new();
	X509_STORE_add_cert(store, sk_X509_value(certs, 1));
	sctx = X509_STORE_CTX_new();
	X509_STORE_CTX_init(sctx, store, sk_X509_value(certs, 0), NULL);
	X509_STORE_CTX_set_purpose(sctx, X509_PURPOSE_SSL_SERVER);
	ck_assert_int_eq(X509_verify_cert(sctx), 1);
	X509_STORE_CTX_free(sctx);
	X509_STORE_free(store);
	sk_X509_pop_free(certs, X509_free);
	free(cert_pem);
	free(key_pem);
}
END_TEST

START_TEST(test_self_signed_ip_host)
{
	char *cert_pem, *key_pem, san[256];
	STACK_OF(X509) * certs;

	ck_assert_int_eq(kc_tls_generate_self_signed("192.168.1.10", NULL, NULL, &cert_pem,
						     &key_pem, NULL, 0),
			 0);
	certs = kc_tls_load_certs(cert_pem, NULL, NULL, 0);
	san_string(sk_X509_value(certs, 0), san, sizeof(san));
	ck_assert_str_eq(san, "IP:192.168.1.10");
	ck_assert_int_eq(kc_tls_generate_self_signed("", NULL, NULL, &cert_pem, &key_pem, NULL, 0),
			 KC_ERR_INVALID);
	sk_X509_pop_free(certs, X509_free);
	free(cert_pem);
	free(key_pem);
}
END_TEST

START_TEST(test_ensure_self_signed)
{
	static const char *const ips[] = { "127.0.0.1", NULL };
	static const char *const dns[] = { "localhost", NULL };
	char dir[512], *cf = NULL, *kf = NULL, err[600] = "";
	struct stat st;
	struct kc_tls_server_opts o = { 0 };
	SSL_CTX *ctx;

	snprintf(dir, sizeof(dir), "%s/pki/apiserver", kc_test_tmpdir());
	ck_assert_int_eq(kc_tls_ensure_self_signed(dir, "apiserver", "node-1", ips, dns, &cf, &kf,
						   err, sizeof(err)),
			 1);
	ck_assert_int_eq(stat(cf, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_int_eq(stat(kf, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	o.cert_file = cf;
	o.key_file = kf;
	ctx = kc_tls_server_ctx_new(&o, err, sizeof(err));
	ck_assert_msg(ctx != NULL, "%s", err);
	SSL_CTX_free(ctx);
	free(cf);
	free(kf);
	/* present: kept */
	ck_assert_int_eq(kc_tls_ensure_self_signed(dir, "apiserver", "node-1", ips, dns, NULL, NULL,
						   err, sizeof(err)),
			 0);
	/* half a pair is an error, as upstream's CanReadCertAndKey */
	snprintf(err, sizeof(err), "%s/apiserver.key", dir);
	unlink(err);
	ck_assert_int_eq(kc_tls_ensure_self_signed(dir, "apiserver", "node-1", ips, dns, NULL, NULL,
						   err, sizeof(err)),
			 KC_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "certificate and key must be supplied as a pair"));
}
END_TEST

/* --- the HTTP server over TLS ------------------------------------------------------------ */

static struct event_base *base;
static struct kc_http_server *srv;
static int port;
static struct {
	int n, is_tls, has_cert, has_chain, chain_len;
	char user[64], groups[128];
} seen;

/* A watch over TLS: chunks from shared buffers go through bufferevent_openssl too. */
static void
serve_tls_watch(struct kc_http_request *req)
{
	struct kc_http_shared_buf *sb = kc_http_shared_buf_new("{\"type\":\"ADDED\"}\n", 17);
	int i;

	kc_http_reply_start(req, 200, "application/json");
	for (i = 0; i < 3; i++)
		kc_http_reply_chunk_ref(req, sb);
	kc_http_shared_buf_unref(sb);
	kc_http_reply_end(req);
}

static void
h_whoami(struct kc_http_request *req, void *arg)
{
	X509 *cert = kc_http_request_peer_cert(req);
	STACK_OF(X509) *chain = kc_http_request_peer_chain(req);

	if (strcmp(req->path, "/watch") == 0) {
		serve_tls_watch(req);
		return;
	}
	seen.n++;
	seen.is_tls = kc_http_request_is_tls(req);
	seen.has_cert = cert != NULL;
	seen.has_chain = chain != NULL;
	seen.chain_len = chain ? sk_X509_num(chain) : 0;
	if (chain != NULL) {
		struct kc_strv groups = KC_STRV_INIT;
		char *user, *joined;

		kc_tls_cert_identity(sk_X509_value(chain, 0), &user, &groups);
		joined = kc_strv_join(&groups, ",");
		snprintf(seen.user, sizeof(seen.user), "%s", user);
		snprintf(seen.groups, sizeof(seen.groups), "%s", joined ? joined : "");
		free(user);
		free(joined);
		kc_strv_release(&groups);
	}
	kc_http_reply(req, chain != NULL || cert == NULL ? 200 : 401, "text/plain", "hi", 2);
}

static void
start_tls_server(const char *min_version)
{
	struct kc_tls_server_opts to = { .cert_file = server_crt,
					 .key_file = server_key,
					 .client_ca_file = ca_file,
					 .min_version = min_version };
	struct kc_http_server_opts o = { .handler = h_whoami };
	char err[256] = "";
	SSL_CTX *ctx = kc_tls_server_ctx_new(&to, err, sizeof(err));
	int idx;

	ck_assert_msg(ctx != NULL, "%s", err);
	memset(&seen, 0, sizeof(seen));
	base = event_base_new();
	srv = kc_http_server_new(base, &o);
	idx = kc_http_server_listen(srv, "127.0.0.1:0", ctx);
	SSL_CTX_free(ctx); /* the server holds its own reference */
	ck_assert_int_ge(idx, 0);
	port = kc_http_server_port(srv, idx);
}

static void
tls_setup(void)
{
	start_tls_server(NULL);
}

static void
tls_teardown(void)
{
	srv = kc_http_server_free(srv);
	event_base_free(base);
}

struct tls_job {
	const char *path;
	const char *cert, *key;
	long http_version; /* asked */
	long ssl_version;
	struct http_test_result res;
};

static void
tls_setup_curl(CURL *e, void *arg)
{
	struct tls_job *j = arg;

	curl_easy_setopt(e, CURLOPT_CAINFO, ca_file);
	if (j->cert != NULL) {
		curl_easy_setopt(e, CURLOPT_SSLCERT, j->cert);
		curl_easy_setopt(e, CURLOPT_SSLKEY, j->key);
	}
	if (j->http_version != 0)
		curl_easy_setopt(e, CURLOPT_HTTP_VERSION, j->http_version);
	if (j->ssl_version != 0)
		curl_easy_setopt(e, CURLOPT_SSLVERSION, j->ssl_version);
}

static void
tls_client(void *arg)
{
	struct tls_job *j = arg;
	char url[128];

	snprintf(url, sizeof(url), "https://127.0.0.1:%d%s", port, j->path ? j->path : "/whoami");
	http_test_curl("GET", url, NULL, 0, NULL, tls_setup_curl, j, &j->res);
}

START_TEST(test_tls_no_client_cert)
{
	struct tls_job j = { 0 };

	ck_assert_int_eq(http_test_run(base, tls_client, &j, 8000), 0);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_int_eq(seen.is_tls, 1);
	ck_assert_int_eq(seen.has_cert, 0);
	ck_assert_int_eq(seen.has_chain, 0);
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_tls_client_cert)
{
	struct tls_job j = { .cert = client_crt, .key = client_key };

	ck_assert_int_eq(http_test_run(base, tls_client, &j, 8000), 0);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_int_eq(seen.has_cert, 1);
	ck_assert_int_eq(seen.has_chain, 1);
	ck_assert_int_eq(seen.chain_len, 2);
	ck_assert_str_eq(seen.user, "alice");
	ck_assert_str_eq(seen.groups, "system:masters,dev");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_tls_untrusted_client_cert)
{
	struct tls_job j = { .cert = rogue_crt, .key = rogue_key };

	ck_assert_int_eq(http_test_run(base, tls_client, &j, 8000), 0);
	ck_assert_int_eq(j.res.rc, CURLE_OK); /* let in at the handshake ... */
	ck_assert_int_eq(seen.has_cert, 1);
	ck_assert_int_eq(seen.has_chain, 0); /* ... but not authenticated */
	ck_assert_int_eq(j.res.status, 401);
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_tls_alpn_http11)
{
	struct tls_job j = { .http_version = CURL_HTTP_VERSION_2TLS };

	ck_assert_int_eq(http_test_run(base, tls_client, &j, 8000), 0);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	ck_assert_int_eq(j.res.http_version, CURL_HTTP_VERSION_1_1);
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_tls_stream)
{
	struct tls_job j = { .path = "/watch" };

	ck_assert_int_eq(http_test_run(base, tls_client, &j, 8000), 0);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "Transfer-Encoding: chunked"));
	ck_assert_str_eq(j.res.body.buf, "{\"type\":\"ADDED\"}\n{\"type\":\"ADDED\"}\n"
					 "{\"type\":\"ADDED\"}\n");
	http_test_result_release(&j.res);
}
END_TEST

static void
tls13_setup(void)
{
	start_tls_server("VersionTLS13");
}

START_TEST(test_tls_min_version)
{
	struct tls_job j = { .ssl_version = CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2 };

	ck_assert_int_eq(http_test_run(base, tls_client, &j, 8000), 0);
	ck_assert_int_ne(j.res.rc, CURLE_OK);
	ck_assert_int_eq(seen.n, 0);
	http_test_result_release(&j.res);
	j = (struct tls_job){ .ssl_version = CURL_SSLVERSION_TLSv1_3 };
	ck_assert_int_eq(http_test_run(base, tls_client, &j, 8000), 0);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	http_test_result_release(&j.res);
}
END_TEST

/* A raw OpenSSL client built from kc_tls_client_ctx_new / kc_tls_client_ssl_new. */
struct ossl_job {
	const char *host;
	int handshake;
	char reply[256];
};

static void
ossl_client(void *arg)
{
	struct ossl_job *j = arg;
	struct kc_tls_client_opts o = { .ca_file = ca_file,
					.cert_file = client_crt,
					.key_file = client_key,
					.alpn = "h2,http/1.1" };
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	SSL_CTX *ctx = kc_tls_client_ctx_new(&o, NULL, 0);
	SSL *ssl = kc_tls_client_ssl_new(ctx, j->host);
	int fd = socket(AF_INET, SOCK_STREAM, 0), n;
	static const char req[] = "GET /whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0) {
		SSL_set_fd(ssl, fd);
		j->handshake = SSL_connect(ssl) == 1;
		if (j->handshake && SSL_write(ssl, req, sizeof(req) - 1) > 0) {
			n = SSL_read(ssl, j->reply, sizeof(j->reply) - 1);
			j->reply[n > 0 ? n : 0] = '\0';
		}
	}
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	ERR_clear_error();
}

START_TEST(test_tls_client_ctx)
{
	struct ossl_job j = { .host = "127.0.0.1" };

	ck_assert_int_eq(http_test_run(base, ossl_client, &j, 8000), 0);
	ck_assert_int_eq(j.handshake, 1);
	ck_assert_ptr_nonnull(strstr(j.reply, "HTTP/1.1 200 OK\r\n"));
	ck_assert_str_eq(seen.user, "alice");
	j = (struct ossl_job){ .host = "wrong.example" };
	ck_assert_int_eq(http_test_run(base, ossl_client, &j, 8000), 0);
	ck_assert_int_eq(j.handshake, 0); /* the name is not in the certificate */
}
END_TEST

static void
plain_to_tls_client(void *arg)
{
	struct http_test_conn c;
	struct http_test_resp r;
	int *rc = arg;

	http_test_resp_init(&r);
	http_test_connect(&c, port);
	http_test_sends(&c, "GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
	*rc = http_test_read_response(&c, &r, NULL);
	http_test_close(&c);
	http_test_resp_release(&r);
}

START_TEST(test_tls_plain_client_refused)
{
	int rc = 0;

	ck_assert_int_eq(http_test_run(base, plain_to_tls_client, &rc, 8000), 0);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(seen.n, 0);
	kc_test_run_for(base, 50);
	ck_assert_uint_eq(kc_http_server_connections(srv), 0);
}
END_TEST

static Suite *
tls_suite(void)
{
	Suite *s = suite_create("tls");
	TCase *ctx = tcase_create("contexts");
	TCase *certs = tcase_create("certificates");
	TCase *srvc = tcase_create("server");
	TCase *v13 = tcase_create("tls13");

	tcase_add_unchecked_fixture(ctx, make_pki, NULL);
	tcase_add_test(ctx, test_server_ctx_files);
	tcase_add_test(ctx, test_server_ctx_pem);
	tcase_add_test(ctx, test_server_ctx_missing_file);
	tcase_add_test(ctx, test_server_ctx_key_mismatch);
	tcase_add_test(ctx, test_server_ctx_required);
	tcase_add_test(ctx, test_server_ctx_bad_version);
	tcase_add_test(ctx, test_server_ctx_ciphers);
	tcase_add_loop_test(ctx, test_cipher_from_go, 0,
			    (int)(sizeof(go_ciphers) / sizeof(go_ciphers[0])));
	tcase_add_test(ctx, test_load_certs_bad);
	tcase_add_test(ctx, test_client_ctx_errors);
	suite_add_tcase(s, ctx);

	tcase_add_unchecked_fixture(certs, make_pki, NULL);
	tcase_set_timeout(certs, 30);
	tcase_add_test(certs, test_identity);
	tcase_add_test(certs, test_identity_no_cn);
	tcase_add_test(certs, test_make_cert_bad_spec);
	tcase_add_test(certs, test_self_signed);
	tcase_add_test(certs, test_self_signed_ip_host);
	tcase_add_test(certs, test_ensure_self_signed);
	suite_add_tcase(s, certs);

	tcase_add_unchecked_fixture(srvc, make_pki, NULL);
	tcase_add_checked_fixture(srvc, tls_setup, tls_teardown);
	tcase_set_timeout(srvc, 30);
	tcase_add_test(srvc, test_tls_no_client_cert);
	tcase_add_test(srvc, test_tls_client_cert);
	tcase_add_test(srvc, test_tls_untrusted_client_cert);
	tcase_add_test(srvc, test_tls_alpn_http11);
	tcase_add_test(srvc, test_tls_client_ctx);
	tcase_add_test(srvc, test_tls_stream);
	tcase_add_test(srvc, test_tls_plain_client_refused);
	suite_add_tcase(s, srvc);

	tcase_add_unchecked_fixture(v13, make_pki, NULL);
	tcase_add_checked_fixture(v13, tls13_setup, tls_teardown);
	tcase_set_timeout(v13, 30);
	tcase_add_test(v13, test_tls_min_version);
	suite_add_tcase(s, v13);
	return s;
}

KC_TEST_MAIN(tls_suite)
