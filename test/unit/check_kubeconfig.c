/*
 * check_kubeconfig.c - kubeconfig.c and restconfig.c against clientcmd: loading, field types,
 * base64 data, path resolution, merging KUBECONFIG, context selection and upstream's validation
 * messages, the rest config that comes out.  Fixtures are written into kc_test_tmpdir().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/kubeconfig.h"
#include "libkcommon/restconfig.h"
#include "test/unit/testutil/testutil.h"

#define CA_PEM   "-----BEGIN CERTIFICATE-----\nQ0EgY2VydA==\n-----END CERTIFICATE-----\n"
#define CERT_PEM "-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n"
#define KEY_PEM  "-----BEGIN EC PRIVATE KEY-----\na2V5\n-----END EC PRIVATE KEY-----\n"
/* base64 of CA_PEM */
#define CA_B64                                                                                 \
	"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tClEwRWdZMlZ5ZEE9PQotLS0tLUVORCBDRVJUSUZJQ0FURS0t" \
	"LS0tCg=="

/* A fresh directory with the PEM files and a token file; returned path is static per call. */
static const char *
fixture_dir(void)
{
	static char dir[600];
	static int n;
	KC_AUTOFREE char *pki = NULL;

	snprintf(dir, sizeof(dir), "%s/kc%d", kc_test_tmpdir(), n++);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	ck_assert_int_ne(asprintf(&pki, "%s/pki", dir), -1);
	ck_assert_int_eq(mkdir(pki, 0700), 0);
	free(kc_test_write_file(dir, "ca.crt", CA_PEM));
	free(kc_test_write_file(pki, "client.crt", CERT_PEM));
	free(kc_test_write_file(pki, "client.key", KEY_PEM));
	free(kc_test_write_file(dir, "token", "  s3cr3t-token\n\n"));
	return dir;
}

static const char *full_config =
	"apiVersion: v1\n"
	"kind: Config\n"
	"preferences: {}\n"
	"current-context: admin@local\n"
	"clusters:\n"
	"- name: local\n"
	"  cluster:\n"
	"    server: https://127.0.0.1:6443\n"
	"    certificate-authority: ca.crt\n"
	"    tls-server-name: kubernetes\n"
	"    proxy-url: socks5://127.0.0.1:1080\n"
	"- name: inline\n"
	"  cluster:\n"
	"    server: https://10.0.0.1:443/prefix\n"
	"    certificate-authority-data: " CA_B64 "\n"
	"- name: plain\n"
	"  cluster:\n"
	"    server: http://127.0.0.1:8080\n"
	"- name: insecure\n"
	"  cluster:\n"
	"    server: https://127.0.0.2:6443\n"
	"    insecure-skip-tls-verify: true\n"
	"users:\n"
	"- name: admin\n"
	"  user:\n"
	"    client-certificate: ./pki/../pki/client.crt\n"
	"    client-key: pki/client.key\n"
	"- name: bot\n"
	"  user:\n"
	"    tokenFile: token\n"
	"- name: inline-token\n"
	"  user:\n"
	"    token: abc.def\n"
	"- name: basic\n"
	"  user: {username: u, password: p}\n"
	"contexts:\n"
	"- name: admin@local\n"
	"  context: {cluster: local, user: admin, namespace: kube-system}\n"
	"- name: bot@inline\n"
	"  context: {cluster: inline, user: bot}\n"
	"- name: token@plain\n"
	"  context: {cluster: plain, user: inline-token}\n"
	"- name: basic@insecure\n"
	"  context: {cluster: insecure, user: basic}\n";

static struct kc_kubeconfig *
load_full(const char **ret_dir)
{
	const char *dir = fixture_dir();
	KC_AUTOFREE char *path = kc_test_write_file(dir, "config", full_config);
	struct kc_kubeconfig *kc = NULL;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_load_file(path, &kc, err, sizeof(err)) == 0, "%s", err);
	*ret_dir = dir;
	return kc;
}

static char *
join(const char *dir, const char *name)
{
	char *p;

	ck_assert_int_ne(asprintf(&p, "%s/%s", dir, name), -1);
	return p;
}

START_TEST(test_load_file_entries_and_paths)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	KC_AUTOFREE char *ca = join(dir, "ca.crt");
	KC_AUTOFREE char *crt = join(dir, "pki/client.crt");
	KC_AUTOFREE char *key = join(dir, "pki/client.key");
	KC_AUTOFREE char *tok = join(dir, "token");
	KC_AUTOFREE char *cfg = join(dir, "config");
	const struct kc_kubeconfig_cluster *c;
	const struct kc_kubeconfig_user *u;

	ck_assert_uint_eq(kc->n_clusters, 4);
	ck_assert_uint_eq(kc->n_users, 4);
	ck_assert_uint_eq(kc->n_contexts, 4);
	ck_assert_str_eq(kc->current_context, "admin@local");
	c = kc_kubeconfig_find_cluster(kc, "local");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->server, "https://127.0.0.1:6443");
	ck_assert_str_eq(c->certificate_authority, ca); /* resolved against the file's dir */
	ck_assert_str_eq(c->tls_server_name, "kubernetes");
	ck_assert_str_eq(c->origin, cfg);
	c = kc_kubeconfig_find_cluster(kc, "inline");
	ck_assert_uint_eq(c->certificate_authority_data_len, strlen(CA_PEM));
	ck_assert_str_eq(c->certificate_authority_data, CA_PEM);
	ck_assert_int_eq(kc_kubeconfig_find_cluster(kc, "insecure")->insecure_skip_tls_verify, 1);
	u = kc_kubeconfig_find_user(kc, "admin");
	ck_assert_str_eq(u->client_certificate, crt); /* cleaned like filepath.Join */
	ck_assert_str_eq(u->client_key, key);
	ck_assert_str_eq(kc_kubeconfig_find_user(kc, "bot")->token_file, tok);
	ck_assert_str_eq(kc_kubeconfig_find_context(kc, "bot@inline")->cluster, "inline");
	ck_assert_ptr_null(kc_kubeconfig_find_context(kc, "nope"));
	ck_assert_ptr_null(kc_kubeconfig_find_user(NULL, "admin"));
	kc_kubeconfig_free(kc);
}
END_TEST

START_TEST(test_rest_config_client_cert_from_files)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	struct kc_rest_config rc;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_rest_config(kc, NULL, &rc, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(rc.server, "https://127.0.0.1:6443");
	ck_assert_str_eq(rc.ca_pem, CA_PEM);
	ck_assert_str_eq(rc.cert_pem, CERT_PEM);
	ck_assert_str_eq(rc.key_pem, KEY_PEM);
	ck_assert_str_eq(rc.tls_server_name, "kubernetes");
	ck_assert_str_eq(rc.proxy_url, "socks5://127.0.0.1:1080");
	ck_assert_ptr_null(rc.token);
	ck_assert_int_eq(rc.insecure_skip_tls_verify, 0);
	ck_assert_str_eq(kc_kubeconfig_namespace(kc, NULL), "kube-system");
	kc_rest_config_release(&rc);
	ck_assert_ptr_null(rc.server);
	kc_kubeconfig_free(kc);
}
END_TEST

START_TEST(test_rest_config_context_override_token_file)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	struct kc_kubeconfig_overrides ov = { .context = "bot@inline" };
	KC_AUTOFREE char *tok = join(dir, "token");
	struct kc_rest_config rc;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_rest_config(kc, &ov, &rc, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(rc.server, "https://10.0.0.1:443/prefix");
	ck_assert_str_eq(rc.ca_pem, CA_PEM); /* from certificate-authority-data */
	ck_assert_str_eq(rc.token, "s3cr3t-token");
	ck_assert_str_eq(rc.token_file, tok);
	ck_assert_ptr_null(rc.cert_pem);
	ck_assert_str_eq(kc_kubeconfig_namespace(kc, &ov), "default");
	kc_rest_config_release(&rc);
	kc_kubeconfig_free(kc);
}
END_TEST

START_TEST(test_rest_config_plain_http_ignores_credentials)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	struct kc_kubeconfig_overrides ov = { .context = "token@plain" };
	struct kc_rest_config rc;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_rest_config(kc, &ov, &rc, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(rc.server, "http://127.0.0.1:8080");
	ck_assert_ptr_null(rc.token); /* client-go reads auth only for TLS servers */
	ck_assert_ptr_null(rc.ca_pem);
	kc_rest_config_release(&rc);
	kc_kubeconfig_free(kc);
}
END_TEST

START_TEST(test_rest_config_basic_auth_insecure)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	struct kc_kubeconfig_overrides ov = { .context = "basic@insecure" };
	struct kc_rest_config rc;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_rest_config(kc, &ov, &rc, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(rc.username, "u");
	ck_assert_str_eq(rc.password, "p");
	ck_assert_int_eq(rc.insecure_skip_tls_verify, 1);
	ck_assert_ptr_null(rc.ca_pem);
	kc_rest_config_release(&rc);
	kc_kubeconfig_free(kc);
}
END_TEST

START_TEST(test_overrides_user_cluster_server)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	struct kc_kubeconfig_overrides ov = { .user = "inline-token", .cluster = "inline" };
	struct kc_kubeconfig_overrides master = { .server = "https://192.168.1.1:6443" };
	struct kc_rest_config rc;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_rest_config(kc, &ov, &rc, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(rc.server, "https://10.0.0.1:443/prefix");
	ck_assert_str_eq(rc.token, "abc.def");
	ck_assert_ptr_null(rc.token_file);
	kc_rest_config_release(&rc);
	ck_assert_msg(kc_kubeconfig_rest_config(kc, &master, &rc, err, sizeof(err)) == 0, "%s",
		      err);
	ck_assert_str_eq(rc.server, "https://192.168.1.1:6443");
	ck_assert_ptr_null(rc.tls_server_name); /* --server clears tls-server-name */
	ck_assert_str_eq(rc.ca_pem, CA_PEM);
	ck_assert_str_eq(rc.cert_pem, CERT_PEM);
	kc_rest_config_release(&rc);
	kc_kubeconfig_free(kc);
}
END_TEST

static const struct {
	struct kc_kubeconfig_overrides ov;
	int r;
	const char *err;
} override_errors[] = {
	{ { .context = "nope" }, KC_ERR_NOT_FOUND, "context \"nope\" does not exist" },
	{ { .user = "ghost" }, KC_ERR_NOT_FOUND, "auth info \"ghost\" does not exist" },
	{ { .cluster = "far" }, KC_ERR_NOT_FOUND, "cluster \"far\" does not exist" },
	{ { .user = "ghost", .context = "nope" },
	  KC_ERR_NOT_FOUND,
	  "auth info \"ghost\" does not exist" },
};

START_TEST(test_override_errors)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	struct kc_rest_config rc = { .server = NULL };
	char err[512] = "";

	ck_assert_int_eq(
		kc_kubeconfig_rest_config(kc, &override_errors[_i].ov, &rc, err, sizeof(err)),
		override_errors[_i].r);
	ck_assert_str_eq(err, override_errors[_i].err);
	ck_assert_ptr_null(rc.server);
	kc_kubeconfig_free(kc);
}
END_TEST

/* Configs whose selected context fails ConfirmUsable(); %s is the fixture directory. */
static const struct {
	const char *config;
	int r;
	const char *err;
} usable_cases[] = {
	{ "", KC_ERR_INVALID,
	  "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER "
	  "environment variable" },
	{ "current-context: gone\nclusters:\n- name: a\n  cluster: {server: https://x}\n",
	  KC_ERR_INVALID,
	  "invalid configuration: [context was not found for specified context: gone, cluster has "
	  "no server defined]" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c9, user: u}\n",
	  KC_ERR_INVALID, "invalid configuration: cluster \"c9\" was not found for context \"x\"" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n"
	  "  cluster: {insecure-skip-tls-verify: true}\n",
	  KC_ERR_INVALID, "invalid configuration: no server found for cluster \"c\"" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n"
	  "  cluster: {server: 'https://a', certificate-authority: ca.crt, "
	  "certificate-authority-data: " CA_B64 "}\n",
	  KC_ERR_INVALID,
	  "invalid configuration: certificate-authority-data and certificate-authority are both "
	  "specified for c. certificate-authority-data will override." },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n"
	  "  cluster: {server: 'https://a', certificate-authority: /nonexistent/ca.crt}\n",
	  KC_ERR_INVALID,
	  "invalid configuration: unable to read certificate-authority /nonexistent/ca.crt for c due "
	  "to open /nonexistent/ca.crt: no such file or directory" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a'}\nusers:\n- name: u\n"
	  "  user: {client-certificate: pki/client.crt}\n",
	  KC_ERR_INVALID,
	  "invalid configuration: client-key-data or client-key must be specified for u to use the "
	  "clientCert authentication method." },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a'}\nusers:\n- name: u\n"
	  "  user: {token: t, username: a, password: b}\n",
	  KC_ERR_INVALID,
	  "invalid configuration: more than one authentication method found for u; found [token "
	  "basicAuth], only one is allowed" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a', proxy-url: 'ftp://p'}\nusers:\n- name: u\n"
	  "  user: {client-certificate: missing.crt, client-key: pki/client.key}\n",
	  KC_ERR_INVALID, NULL /* two errors: checked by prefix below */ },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a'}\nusers:\n- name: u\n"
	  "  user: {as-groups: [system:masters]}\n",
	  KC_ERR_INVALID,
	  "invalid configuration: requesting uid, groups or user-extra for u without impersonating "
	  "a user" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a'}\nusers:\n- name: u\n"
	  "  user: {exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}}\n",
	  KC_ERR_UNSUPPORTED, "user \"u\": exec credential plugins are not supported" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a'}\nusers:\n- name: u\n"
	  "  user: {auth-provider: {name: oidc, config: {}}}\n",
	  KC_ERR_UNSUPPORTED, "user \"u\": auth-provider \"oidc\" is not supported" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a'}\nusers:\n- name: u\n"
	  "  user: {as: admin, token: t}\n",
	  KC_ERR_UNSUPPORTED, "user \"u\": impersonation (as: \"admin\") is not supported" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a', insecure-skip-tls-verify: true, "
	  "certificate-authority: ca.crt}\n",
	  KC_ERR_INVALID,
	  "specifying a root certificates file with the insecure flag is not allowed" },
	{ "current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\nclusters:\n"
	  "- name: c\n  cluster: {server: 'https://a'}\nusers:\n- name: u\n"
	  "  user: {tokenFile: /nonexistent/token}\n",
	  KC_ERR_SYSTEM, "open /nonexistent/token: no such file or directory" },
};

START_TEST(test_confirm_usable_table)
{
	const char *dir = fixture_dir();
	struct kc_kubeconfig *kc = NULL;
	struct kc_rest_config rc = { .server = NULL };
	const char *text = usable_cases[_i].config;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_load_buffer(text, strlen(text), dir, &kc, err, sizeof(err)) ==
			      0,
		      "%s", err);
	ck_assert_int_eq(kc_kubeconfig_rest_config(kc, NULL, &rc, err, sizeof(err)),
			 usable_cases[_i].r);
	if (usable_cases[_i].err != NULL) {
		ck_assert_str_eq(err, usable_cases[_i].err);
	} else {
		ck_assert_msg(strstr(err, "invalid configuration: [unable to read client-cert ") ==
				      err,
			      "%s", err);
		ck_assert_msg(strstr(err, "invalid 'proxy-url' \"ftp://p\" for cluster \"c\": "
					  "unsupported scheme \"ftp\", must be http, https, or "
					  "socks5]") != NULL,
			      "%s", err);
	}
	ck_assert_ptr_null(rc.server);
	kc_kubeconfig_free(kc);
}
END_TEST

/* Documents that are not a usable v1 Config, from kc_kubeconfig_load_buffer(). */
static const struct {
	const char *config;
	int r;
	const char *err;
} decode_cases[] = {
	{ "clusters: [", KC_ERR_PARSE,
	  "error converting YAML to JSON: yaml: line 1, column 12: did not find expected node "
	  "content" },
	{ "clusters:\n- name: a\n  cluster: {server: 8080}\n", KC_ERR_INVALID,
	  "json: cannot unmarshal number into Go struct field Cluster.clusters.cluster.server of type "
	  "string" },
	{ "clusters:\n- name: a\n  cluster: {insecure-skip-tls-verify: \"true\"}\n", KC_ERR_INVALID,
	  "json: cannot unmarshal string into Go struct field "
	  "Cluster.clusters.cluster.insecure-skip-tls-verify of type bool" },
	{ "clusters:\n- name: a\n  cluster: {certificate-authority-data: [1]}\n", KC_ERR_INVALID,
	  "json: cannot unmarshal array into Go struct field "
	  "Cluster.clusters.cluster.certificate-authority-data of type []uint8" },
	{ "clusters:\n- name: a\n  cluster: {certificate-authority-data: 'not*base64'}\n",
	  KC_ERR_INVALID,
	  "illegal base64 data at input byte 3 (Go struct field "
	  "Cluster.clusters.cluster.certificate-authority-data)" },
	{ "clusters: {a: b}\n", KC_ERR_INVALID,
	  "json: cannot unmarshal object into Go struct field Config.clusters of type "
	  "[]v1.NamedCluster" },
	{ "users:\n- just-a-string\n", KC_ERR_INVALID,
	  "json: cannot unmarshal string into Go struct field Config.users of type v1.NamedAuthInfo" },
	{ "users:\n- name: 5\n", KC_ERR_INVALID,
	  "json: cannot unmarshal number into Go struct field NamedAuthInfo.users.name of type "
	  "string" },
	{ "users:\n- name: u\n  user: {token: 12345}\n", KC_ERR_INVALID,
	  "json: cannot unmarshal number into Go struct field AuthInfo.users.user.token of type "
	  "string" },
	{ "users:\n- name: u\n  user: {as-groups: [1]}\n", KC_ERR_INVALID,
	  "json: cannot unmarshal number into Go struct field AuthInfo.users.user.as-groups of type "
	  "string" },
	{ "contexts:\n- name: c\n  context: [a]\n", KC_ERR_INVALID,
	  "json: cannot unmarshal array into Go struct field NamedContext.contexts.context of type "
	  "Context" },
	{ "current-context: 3\n", KC_ERR_INVALID,
	  "json: cannot unmarshal number into Go struct field Config.current-context of type string" },
	{ "clusters:\n- name: a\n- name: a\n", KC_ERR_INVALID,
	  "error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name \"a\" in "
	  "list" },
	{ "contexts:\n- name: x\n- name: x\n", KC_ERR_INVALID,
	  "error converting *[]NamedContext into *map[string]*api.Context: duplicate name \"x\" in "
	  "list" },
	{ "kind: Pod\napiVersion: v1\n", KC_ERR_INVALID,
	  "no kind \"Pod\" is registered for version \"v1\" in scheme "
	  "\"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\"" },
	{ "kind: Config\napiVersion: v2\n", KC_ERR_INVALID,
	  "no kind \"Config\" is registered for version \"v2\" in scheme "
	  "\"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\"" },
	{ "- a\n- b\n", KC_ERR_INVALID,
	  "couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value "
	  "of type struct { APIVersion string; Kind string }" },
};

START_TEST(test_decode_errors_table)
{
	struct kc_kubeconfig *kc = NULL;
	const char *text = decode_cases[_i].config;
	char err[512] = "";

	ck_assert_int_eq(kc_kubeconfig_load_buffer(text, strlen(text), NULL, &kc, err, sizeof(err)),
			 decode_cases[_i].r);
	ck_assert_str_eq(err, decode_cases[_i].err);
	ck_assert_ptr_null(kc);
}
END_TEST

START_TEST(test_load_buffer_variants)
{
	const char *json =
		"{\"apiVersion\":\"v1\",\"kind\":\"Config\",\"clusters\":[{\"name\":\"j\","
		"\"cluster\":{\"server\":\"https://j:1\",\"certificate-authority\":\"x/ca\","
		"\"unknown-field\":1}}],\"users\":null,\"contexts\":[null]}";
	struct kc_kubeconfig *kc = NULL;
	char err[512] = "";

	ck_assert_msg(kc_kubeconfig_load_buffer(json, strlen(json), "/etc/kube/../kubernetes", &kc,
						err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_str_eq(kc->clusters[0].certificate_authority, "/etc/kubernetes/x/ca");
	ck_assert_ptr_null(kc->clusters[0].origin);
	ck_assert_uint_eq(kc->n_users, 0);
	ck_assert_uint_eq(kc->n_contexts, 1); /* a null entry is an empty, unnamed context */
	ck_assert_str_eq(kc->contexts[0].name, "");
	kc = kc_kubeconfig_free(kc);
	ck_assert_ptr_null(kc);
	ck_assert_int_eq(kc_kubeconfig_load_buffer(json, strlen(json), NULL, &kc, err, sizeof(err)),
			 0);
	ck_assert_str_eq(kc->clusters[0].certificate_authority,
			 "x/ca"); /* no dir: left as written */
	kc_kubeconfig_free(kc);
	ck_assert_int_eq(kc_kubeconfig_load_buffer("null\n", 5, NULL, &kc, err, sizeof(err)), 0);
	ck_assert_uint_eq(kc->n_clusters, 0);
	ck_assert_ptr_null(kc->current_context);
	kc_kubeconfig_free(kc);
	ck_assert_int_eq(kc_kubeconfig_load_buffer(NULL, 0, NULL, &kc, err, sizeof(err)), 0);
	kc_kubeconfig_free(kc);
	ck_assert_ptr_null(kc_kubeconfig_free(NULL));
}
END_TEST

START_TEST(test_load_file_errors)
{
	const char *dir = fixture_dir();
	KC_AUTOFREE char *missing = join(dir, "missing");
	KC_AUTOFREE char *bad = kc_test_write_file(dir, "bad", "clusters: [\n");
	KC_AUTOFREE char *want = NULL;
	struct kc_kubeconfig *kc = NULL;
	char err[512] = "";

	ck_assert_int_eq(kc_kubeconfig_load_file(missing, &kc, err, sizeof(err)), KC_ERR_NOT_FOUND);
	ck_assert_int_ne(asprintf(&want, "stat %s: no such file or directory", missing), -1);
	ck_assert_str_eq(err, want);
	free(want);
	ck_assert_int_eq(kc_kubeconfig_load_file(dir, &kc, err, sizeof(err)), KC_ERR_SYSTEM);
	ck_assert_int_ne(asprintf(&want,
				  "error loading config file \"%s\": read %s: is a directory", dir,
				  dir),
			 -1);
	ck_assert_str_eq(err, want);
	free(want);
	ck_assert_int_eq(kc_kubeconfig_load_file(bad, &kc, err, sizeof(err)), KC_ERR_PARSE);
	ck_assert_int_ne(
		asprintf(&want,
			 "error loading config file \"%s\": error converting YAML to JSON: "
			 "yaml: line 2, column 1: did not find expected node content",
			 bad),
		-1);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(kc_kubeconfig_load_file("", &kc, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_ptr_null(kc);
}
END_TEST

START_TEST(test_relative_kubeconfig_path)
{
	const char *dir = fixture_dir();
	KC_AUTOFREE char *sub = join(dir, "sub");
	KC_AUTOFREE char *want = join(dir, "ca.crt");
	KC_AUTOFREE char *f = NULL;
	struct kc_kubeconfig *kc = NULL;
	char err[512] = "", cwd[4096];

	ck_assert_int_eq(mkdir(sub, 0700), 0);
	f = kc_test_write_file(
		sub, "cfg",
		"clusters:\n- name: c\n  cluster: {certificate-authority: ../ca.crt}\n");
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_msg(kc_kubeconfig_load_file("sub/cfg", &kc, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_str_eq(kc->clusters[0].certificate_authority, want);
	ck_assert_str_eq(kc->clusters[0].origin, "sub/cfg");
	kc_kubeconfig_free(kc);
}
END_TEST

static void
write_chain(const char *dir)
{
	free(kc_test_write_file(
		dir, "one",
		"clusters:\n- name: shared\n  cluster: {server: 'https://one:1', "
		"certificate-authority: ca.crt}\ncontexts:\n- name: ctx1\n  context: {cluster: shared, "
		"user: u1}\nusers:\n- name: u1\n  user: {token: first}\n"));
	free(kc_test_write_file(
		dir, "two",
		"current-context: ctx1\nclusters:\n- name: shared\n  cluster: {server: "
		"'https://two:2'}\n- name: only-two\n  cluster: {server: 'https://two:3'}\n"
		"users:\n- name: u1\n  user: {token: second}\n"));
	free(kc_test_write_file(dir, "three", "current-context: ctx3\n"));
}

START_TEST(test_load_default_kubeconfig_chain)
{
	const char *dir = fixture_dir();
	KC_AUTOFREE char *env = NULL;
	KC_AUTOFREE char *ca = join(dir, "ca.crt");
	struct kc_kubeconfig *kc = NULL;
	struct kc_rest_config rc;
	char err[512] = "";

	write_chain(dir);
	ck_assert_int_ne(asprintf(&env, "%s/missing::%s/one:%s/two:%s/one:%s/three", dir, dir, dir,
				  dir, dir),
			 -1);
	setenv("KUBECONFIG", env, 1);
	ck_assert_msg(kc_kubeconfig_load_default(&kc, err, sizeof(err)) == 0, "%s", err);
	unsetenv("KUBECONFIG");
	ck_assert_uint_eq(kc->n_clusters, 2);
	/* the first file to name "shared" wins it whole */
	ck_assert_str_eq(kc_kubeconfig_find_cluster(kc, "shared")->server, "https://one:1");
	ck_assert_str_eq(kc_kubeconfig_find_cluster(kc, "shared")->certificate_authority, ca);
	ck_assert_str_eq(kc_kubeconfig_find_cluster(kc, "only-two")->server, "https://two:3");
	ck_assert_str_eq(kc->current_context, "ctx1"); /* first non-empty current-context */
	ck_assert_msg(kc_kubeconfig_rest_config(kc, NULL, &rc, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(rc.token, "first");
	ck_assert_str_eq(rc.ca_pem, CA_PEM);
	kc_rest_config_release(&rc);
	kc_kubeconfig_free(kc);
}
END_TEST

START_TEST(test_load_default_errors_and_home)
{
	const char *dir = fixture_dir();
	KC_AUTOFREE char *kube = join(dir, ".kube");
	KC_AUTOFREE char *env = NULL;
	KC_AUTOFREE char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	struct kc_kubeconfig *kc = NULL;
	char err[512] = "";

	free(kc_test_write_file(dir, "broken", "a: [\n"));
	ck_assert_int_ne(asprintf(&env, "%s/broken", dir), -1);
	setenv("KUBECONFIG", env, 1);
	ck_assert_int_eq(kc_kubeconfig_load_default(&kc, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_msg(strstr(err, "error loading config file \"") == err, "%s", err);
	ck_assert_ptr_null(kc);
	free(env);
	ck_assert_int_ne(asprintf(&env, "%s/none1:%s/none2", dir, dir), -1);
	setenv("KUBECONFIG", env, 1);
	ck_assert_int_eq(kc_kubeconfig_load_default(&kc, err, sizeof(err)), 0);
	ck_assert_uint_eq(kc->n_clusters + kc->n_users + kc->n_contexts, 0);
	kc = kc_kubeconfig_free(kc);
	/* no KUBECONFIG: $HOME/.kube/config */
	unsetenv("KUBECONFIG");
	ck_assert_int_eq(mkdir(kube, 0700), 0);
	free(kc_test_write_file(kube, "config", "current-context: home\n"));
	setenv("HOME", dir, 1);
	ck_assert_int_eq(kc_kubeconfig_load_default(&kc, err, sizeof(err)), 0);
	if (old_home != NULL)
		setenv("HOME", old_home, 1);
	ck_assert_str_eq(kc->current_context, "home");
	kc_kubeconfig_free(kc);
}
END_TEST

START_TEST(test_build_config)
{
	const char *dir;
	struct kc_kubeconfig *kc = load_full(&dir);
	KC_AUTOFREE char *path = join(dir, "config");
	struct kc_rest_config rc;
	char err[512] = "";

	kc_kubeconfig_free(kc);
	ck_assert_msg(kc_kubeconfig_build_config(NULL, path, &rc, err, sizeof(err)) == 0, "%s",
		      err);
	ck_assert_str_eq(rc.server, "https://127.0.0.1:6443");
	kc_rest_config_release(&rc);
	ck_assert_int_eq(kc_kubeconfig_build_config("127.0.0.1:8080", NULL, &rc, err, sizeof(err)),
			 0);
	ck_assert_str_eq(rc.server, "http://127.0.0.1:8080"); /* no scheme: http, as client-go */
	kc_rest_config_release(&rc);
	ck_assert_int_eq(kc_kubeconfig_build_config(NULL, NULL, &rc, err, sizeof(err)),
			 KC_ERR_INVALID);
	ck_assert_str_eq(err, "invalid configuration: no configuration has been provided, try "
			      "setting KUBERNETES_MASTER environment variable");
	ck_assert_int_eq(kc_kubeconfig_build_config("https://m", "/nonexistent/kubeconfig", &rc,
						    err, sizeof(err)),
			 KC_ERR_NOT_FOUND);
	ck_assert_str_eq(err, "stat /nonexistent/kubeconfig: no such file or directory");
}
END_TEST

START_TEST(test_rest_config_copy_release)
{
	struct kc_rest_config a = { 0 }, b;

	a.server = strdup("https://s");
	a.token = strdup("tok");
	a.key_pem = strdup(KEY_PEM);
	a.qps = 5;
	a.burst = 10;
	a.insecure_skip_tls_verify = 1;
	a.timeout_ms = 1500;
	ck_assert_int_eq(kc_rest_config_copy(&a, &b), 0);
	ck_assert_str_eq(b.server, "https://s");
	ck_assert_ptr_ne(b.server, a.server);
	ck_assert_str_eq(b.token, "tok");
	ck_assert_str_eq(b.key_pem, KEY_PEM);
	ck_assert_ptr_null(b.ca_pem);
	ck_assert(b.qps == 5);
	ck_assert_int_eq(b.burst, 10);
	ck_assert_int_eq(b.insecure_skip_tls_verify, 1);
	ck_assert_int_eq(b.timeout_ms, 1500);
	kc_rest_config_release(&a);
	ck_assert_ptr_null(a.server);
	ck_assert_int_eq(a.burst, 0);
	ck_assert_str_eq(b.token, "tok"); /* the copy does not share memory */
	kc_rest_config_release(&b);
	kc_rest_config_release(&b); /* release of a zeroed struct is fine */
	kc_rest_config_release(NULL);
}
END_TEST

static Suite *
kubeconfig_suite(void)
{
	Suite *s = suite_create("kubeconfig");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_load_file_entries_and_paths);
	tcase_add_test(tc, test_rest_config_client_cert_from_files);
	tcase_add_test(tc, test_rest_config_context_override_token_file);
	tcase_add_test(tc, test_rest_config_plain_http_ignores_credentials);
	tcase_add_test(tc, test_rest_config_basic_auth_insecure);
	tcase_add_test(tc, test_overrides_user_cluster_server);
	tcase_add_loop_test(tc, test_override_errors, 0, KC_ARRAY_SIZE(override_errors));
	tcase_add_loop_test(tc, test_confirm_usable_table, 0, KC_ARRAY_SIZE(usable_cases));
	tcase_add_loop_test(tc, test_decode_errors_table, 0, KC_ARRAY_SIZE(decode_cases));
	tcase_add_test(tc, test_load_buffer_variants);
	tcase_add_test(tc, test_load_file_errors);
	tcase_add_test(tc, test_relative_kubeconfig_path);
	tcase_add_test(tc, test_load_default_kubeconfig_chain);
	tcase_add_test(tc, test_load_default_errors_and_home);
	tcase_add_test(tc, test_build_config);
	tcase_add_test(tc, test_rest_config_copy_release);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(kubeconfig_suite)
