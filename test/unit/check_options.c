/*
 * check_options.c - the five daemons' command lines: real hand-made and kubeadm command lines
 * parse into the expected option values, upstream's startup validation and its messages, and
 * invariants of the flag tables (unique names, usage text, defaults that parse).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/strv.h"
#include "kube-apiserver/options.h"
#include "kube-controller-manager/options.h"
#include "kube-proxy/options.h"
#include "kube-scheduler/options.h"
#include "kubelet/options.h"
#include "test/unit/testutil/testutil.h"

typedef struct kc_flagset *(*flagset_fn)(void);

static const struct {
	const char *name;
	flagset_fn flagset;
} daemons[] = {
	{ "kube-apiserver", kube_apiserver_options_flagset },
	{ "kube-controller-manager", kube_controller_manager_options_flagset },
	{ "kube-scheduler", kube_scheduler_options_flagset },
	{ "kubelet", kubelet_options_flagset },
	{ "kube-proxy", kube_proxy_options_flagset },
};

#define N_DAEMONS ((int)(sizeof(daemons) / sizeof(daemons[0])))

static char err[512];
static struct kc_strv errs = KC_STRV_INIT;

/* Parses a NULL-terminated list of arguments with fs (argv[0] is the command). */
static int
parse(struct kc_flagset *fs, ...)
{
	char *argv[64] = { (char *)fs->cmd };
	int argc = 1;
	va_list ap;
	char *a;

	va_start(ap, fs);
	while ((a = va_arg(ap, char *)) != NULL && argc < 63)
		argv[argc++] = a;
	va_end(ap);
	err[0] = '\0';
	return kc_flags_parse(fs, argc, argv, err, sizeof(err));
}

static int
parse_argv(struct kc_flagset *fs, const char *const *args)
{
	char *argv[64] = { (char *)fs->cmd };
	int argc = 1;

	for (; *args != NULL && argc < 63; args++)
		argv[argc++] = (char *)*args;
	err[0] = '\0';
	return kc_flags_parse(fs, argc, argv, err, sizeof(err));
}

/* Whether any collected validation message contains needle. */
static int
errs_have(const char *needle)
{
	for (size_t i = 0; i < errs.n; i++)
		if (strstr(errs.v[i], needle) != NULL)
			return 1;
	return 0;
}

static void
teardown(void)
{
	for (int i = 0; i < N_DAEMONS; i++)
		kc_flags_release(daemons[i].flagset());
	kc_strv_release(&errs);
}

/* ---- table invariants, one iteration per daemon ---- */

START_TEST(test_table_names_unique)
{
	struct kc_flagset *fs = daemons[_i].flagset();

	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++)
			for (struct kc_flag_section *t = fs->sections; t->title != NULL; t++)
				for (struct kc_flag *g = t->flags; g->name != NULL; g++) {
					if (g == f)
						continue;
					ck_assert_msg(strcmp(f->name, g->name) != 0,
						      "%s: --%s twice", fs->cmd, f->name);
					ck_assert_msg(f->shorthand == 0 ||
							      f->shorthand != g->shorthand,
						      "%s: -%c twice", fs->cmd, f->shorthand);
				}
}
END_TEST

START_TEST(test_table_usage_and_names)
{
	struct kc_flagset *fs = daemons[_i].flagset();
	int n = 0;

	ck_assert_str_eq(fs->cmd, daemons[_i].name);
	ck_assert_ptr_nonnull(fs->description);
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++, n++) {
			ck_assert_msg(f->usage != NULL && strlen(f->usage) > 10,
				      "%s: --%s has no usage", fs->cmd, f->name);
			/* only ignored flags may leave their values to flags.c's sink */
			ck_assert_msg(f->value != NULL || (f->opts & KC_FLAG_IGNORED),
				      "%s: --%s writes nowhere", fs->cmd, f->name);
			ck_assert_msg(strspn(f->name, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
					      strlen(f->name),
				      "%s: --%s is not a kebab-case name", fs->cmd, f->name);
			ck_assert_msg(!(f->opts & KC_FLAG_DEPRECATED) || f->deprecated != NULL,
				      "%s: --%s deprecated without a message", fs->cmd, f->name);
		}
	ck_assert_int_gt(n, 20);
}
END_TEST

START_TEST(test_table_defaults_parse_and_validate)
{
	struct kc_flagset *fs = daemons[_i].flagset();

	/* kc_flags_parse() applies every default first: one that does not parse fails here */
	ck_assert_msg(parse(fs, NULL) == 0, "%s: %s", fs->cmd, err);
	ck_assert_int_eq(fs->args.n, 0);
}
END_TEST

START_TEST(test_table_unknown_flag_is_error)
{
	struct kc_flagset *fs = daemons[_i].flagset();

	ck_assert_int_eq(parse(fs, "--no-such-flag=1", NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, "unknown flag: --no-such-flag");
	/* flags removed upstream long ago stay errors */
	ck_assert_int_eq(parse(fs, "--insecure-port=0", NULL), KC_ERR_INVALID);
	ck_assert_int_eq(parse(fs, "--logtostderr", NULL), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_table_common_flags_present)
{
	struct kc_flagset *fs = daemons[_i].flagset();

	ck_assert_ptr_nonnull(kc_flags_lookup(fs, "help"));
	ck_assert_ptr_nonnull(kc_flags_lookup(fs, "version"));
	ck_assert_ptr_nonnull(kc_flags_lookup(fs, "v"));
	ck_assert_ptr_nonnull(kc_flags_lookup(fs, "vmodule"));
	ck_assert_ptr_nonnull(kc_flags_lookup(fs, "feature-gates"));
	ck_assert_int_eq(parse(fs, "--v=2", "-v", "4", NULL), 0);
	ck_assert_int_eq(*(int *)kc_flags_lookup(fs, "v")->value, 4);
}
END_TEST

START_TEST(test_table_help_lists_sections)
{
	struct kc_flagset *fs = daemons[_i].flagset();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_int_eq(parse(fs, NULL), 0);
	kc_flags_usage(fs, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "Global flags:"));
	ck_assert_ptr_nonnull(strstr(buf, "  -v, --v Level"));
	ck_assert_ptr_nonnull(strstr(buf, "--feature-gates mapStringBool"));
	free(buf);
}
END_TEST

/*
 * Values of upstream's typed flags (pflag's ip, featuregate's mapStringBool, utilflag's IPVar
 * and IPPortVar, portRange, namedCertKey, --eviction-hard's pairs): kc_flags_parse() refuses
 * them with upstream's message, before any validation.
 */
static const struct {
	flagset_fn flagset;
	const char *arg;
	const char *err;
} refused[] = {
	{ kube_apiserver_options_flagset, "--bind-address=10.0.0.300",
	  "invalid argument \"10.0.0.300\" for \"--bind-address\" flag: failed to parse IP: \"10.0.0.300\"" },
	{ kube_apiserver_options_flagset, "--advertise-address=host",
	  "invalid argument \"host\" for \"--advertise-address\" flag: failed to parse IP: \"host\"" },
	{ kube_apiserver_options_flagset, "--advertise-address=",
	  "invalid argument \"\" for \"--advertise-address\" flag: failed to parse IP: \"\"" },
	{ kube_apiserver_options_flagset, "--service-node-port-range=32767-30000",
	  "invalid argument \"32767-30000\" for \"--service-node-port-range\" flag: end port cannot be less than start port: 32767-30000" },
	{ kube_apiserver_options_flagset, "--service-node-port-range=30000-70000",
	  "invalid argument \"30000-70000\" for \"--service-node-port-range\" flag: the port range cannot be greater than 65535: 30000-70000" },
	{ kube_apiserver_options_flagset, "--service-node-port-range=a-b",
	  "invalid argument \"a-b\" for \"--service-node-port-range\" flag: strconv.Atoi: parsing \"a\": invalid syntax" },
	{ kube_apiserver_options_flagset, "--service-node-port-range=1-2+3",
	  "invalid argument \"1-2+3\" for \"--service-node-port-range\" flag: unable to parse port range: 1-2+3" },
	{ kube_apiserver_options_flagset, "--feature-gates=Foo=maybe",
	  "invalid argument \"Foo=maybe\" for \"--feature-gates\" flag: invalid value of Foo=maybe, err: strconv.ParseBool: parsing \"maybe\": invalid syntax" },
	{ kube_apiserver_options_flagset, "--tls-sni-cert-key=a.crt",
	  "invalid argument \"a.crt\" for \"--tls-sni-cert-key\" flag: expected comma separated certificate and key file paths" },
	{ kube_apiserver_options_flagset, "--tls-sni-cert-key=a.crt,a.key: ",
	  "invalid argument \"a.crt,a.key: \" for \"--tls-sni-cert-key\" flag: empty names list is not allowed" },
	{ kube_apiserver_options_flagset, "--audit-log-maxage=month",
	  "invalid argument \"month\" for \"--audit-log-maxage\" flag: invalid syntax" },
	{ kube_scheduler_options_flagset, "--bind-address=localhost",
	  "invalid argument \"localhost\" for \"--bind-address\" flag: failed to parse IP: \"localhost\"" },
	{ kube_scheduler_options_flagset, "--feature-gates=A",
	  "invalid argument \"A\" for \"--feature-gates\" flag: missing bool value for A" },
	{ kube_scheduler_options_flagset, "--tls-sni-cert-key=a,b,c",
	  "invalid argument \"a,b,c\" for \"--tls-sni-cert-key\" flag: expected comma separated certificate and key file paths" },
	{ kube_controller_manager_options_flagset, "--bind-address=::g",
	  "invalid argument \"::g\" for \"--bind-address\" flag: failed to parse IP: \"::g\"" },
	{ kube_controller_manager_options_flagset, "--feature-gates=A=1,B=on",
	  "invalid argument \"A=1,B=on\" for \"--feature-gates\" flag: invalid value of B=on, err: strconv.ParseBool: parsing \"on\": invalid syntax" },
	{ kube_controller_manager_options_flagset, "--tls-sni-cert-key=",
	  "invalid argument \"\" for \"--tls-sni-cert-key\" flag: expected comma separated certificate and key file paths" },
	{ kubelet_options_flagset, "--address=0.0.0.x",
	  "invalid argument \"0.0.0.x\" for \"--address\" flag: \"0.0.0.x\" is not a valid IP address" },
	{ kubelet_options_flagset, "--healthz-bind-address=",
	  "invalid argument \"\" for \"--healthz-bind-address\" flag: \"\" is not a valid IP address" },
	{ kubelet_options_flagset, "--feature-gates=Foo=maybe",
	  "invalid argument \"Foo=maybe\" for \"--feature-gates\" flag: invalid value of Foo=maybe, err: strconv.ParseBool: parsing \"maybe\": invalid syntax" },
	{ kubelet_options_flagset, "--eviction-hard=memory.available=1Gi",
	  "invalid argument \"memory.available=1Gi\" for \"--eviction-hard\" flag: malformed pair, expect string<string" },
	{ kubelet_options_flagset, "--eviction-hard=memory.available<1Gi,",
	  "invalid argument \"memory.available<1Gi,\" for \"--eviction-hard\" flag: malformed pair, expect string<string" },
	{ kubelet_options_flagset, "--cpu-manager-policy-options=full-pcpus-only",
	  "invalid argument \"full-pcpus-only\" for \"--cpu-manager-policy-options\" flag: full-pcpus-only must be formatted as key=value" },
	{ kube_proxy_options_flagset, "--bind-address=10.0.0",
	  "invalid argument \"10.0.0\" for \"--bind-address\" flag: \"10.0.0\" is not a valid IP address" },
	{ kube_proxy_options_flagset, "--healthz-bind-address=0.0.0.0:x",
	  "invalid argument \"0.0.0.0:x\" for \"--healthz-bind-address\" flag: \"x\" is not a valid number" },
	{ kube_proxy_options_flagset, "--metrics-bind-address=host:10249",
	  "invalid argument \"host:10249\" for \"--metrics-bind-address\" flag: \"host\" is not a valid IP address" },
	{ kube_proxy_options_flagset, "--metrics-bind-address=localhost",
	  "invalid argument \"localhost\" for \"--metrics-bind-address\" flag: \"localhost\" is not in a valid format (ip or ip:port): address localhost: missing port in address" },
	{ kube_proxy_options_flagset, "--healthz-bind-address=[::1]:65536",
	  "invalid argument \"[::1]:65536\" for \"--healthz-bind-address\" flag: \"65536\" is not a valid number" },
	{ kube_proxy_options_flagset, "--feature-gates=x=y",
	  "invalid argument \"x=y\" for \"--feature-gates\" flag: invalid value of x=y, err: strconv.ParseBool: parsing \"y\": invalid syntax" },
};

START_TEST(test_typed_flag_refused)
{
	struct kc_flagset *fs = refused[_i].flagset();

	ck_assert_int_eq(parse(fs, refused[_i].arg, NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, refused[_i].err);
}
END_TEST

/* The same flags' good values (upstream's sloppy IPs, "" where it means "off"). */
static const struct {
	flagset_fn flagset;
	const char *arg;
	const char *flag;
	const char *stored; /* what a string flag then holds, or NULL for other types */
} accepted[] = {
	{ kube_apiserver_options_flagset, "--bind-address=::", "bind-address", "::" },
	{ kube_apiserver_options_flagset, "--service-node-port-range= 8080 ",
	  "service-node-port-range", " 8080 " },
	{ kube_apiserver_options_flagset, "--service-node-port-range=", "service-node-port-range",
	  "" },
	{ kube_scheduler_options_flagset, "--tls-sni-cert-key=c,k:a.io", "tls-sni-cert-key", NULL },
	{ kube_controller_manager_options_flagset, "--bind-address=127.0.0.1", "bind-address",
	  "127.0.0.1" },
	{ kubelet_options_flagset, "--address=010.0.0.1", "address", "010.0.0.1" },
	{ kubelet_options_flagset, "--healthz-bind-address=::1", "healthz-bind-address", "::1" },
	{ kube_proxy_options_flagset, "--metrics-bind-address=", "metrics-bind-address", "" },
	{ kube_proxy_options_flagset, "--healthz-bind-address=[fd00::1]:0", "healthz-bind-address",
	  "[fd00::1]:0" },
	{ kube_proxy_options_flagset, "--metrics-bind-address=::1", "metrics-bind-address",
	  "::1" },
	{ kube_proxy_options_flagset, "--bind-address=10.1.2.3", "bind-address", "10.1.2.3" },
};

START_TEST(test_typed_flag_accepted)
{
	struct kc_flagset *fs = accepted[_i].flagset();
	struct kc_flag *f;

	ck_assert_msg(parse(fs, accepted[_i].arg, NULL) == 0, "%s: %s", accepted[_i].arg, err);
	f = kc_flags_lookup(fs, accepted[_i].flag);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->changed, 1);
	if (accepted[_i].stored != NULL)
		ck_assert_str_eq(*(char **)f->value, accepted[_i].stored);
}
END_TEST

/* Flags ckube ignores keep no field: flags.c parses them into its own sink and warns. */
START_TEST(test_ignored_flags_have_no_field)
{
	struct kc_flagset *fs = daemons[_i].flagset();
	struct kc_flag *ignored_bool = NULL;
	char good[128], bad[128];
	int ignored = 0;

	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++) {
			if (!(f->opts & KC_FLAG_IGNORED))
				continue;
			ck_assert_msg(f->value == NULL, "%s: ignored --%s has a field", fs->cmd,
				      f->name);
			if (ignored_bool == NULL && f->type == KC_FLAG_BOOL)
				ignored_bool = f;
			ignored++;
		}
	ck_assert_int_gt(ignored, 0);
	ck_assert_ptr_nonnull(ignored_bool);
	/* still parsed: a bad value is refused as upstream refuses it */
	snprintf(good, sizeof(good), "--%s=false", ignored_bool->name);
	snprintf(bad, sizeof(bad), "--%s=sometimes", ignored_bool->name);
	ck_assert_int_eq(parse(fs, good, NULL), 0);
	ck_assert_int_eq(kc_flags_changed(fs, ignored_bool->name), 1);
	ck_assert_int_eq(parse(fs, bad, NULL), KC_ERR_INVALID);
}
END_TEST

/* The daemons that serve HTTPS with k8s.io/apiserver's options have --tls-sni-cert-key. */
START_TEST(test_tls_sni_cert_key_where_upstream_has_it)
{
	struct kc_flagset *fs = daemons[_i].flagset();
	struct kc_flag *f = kc_flags_lookup(fs, "tls-sni-cert-key");
	int serving = strncmp(fs->cmd, "kube-", 5) == 0 && strcmp(fs->cmd, "kube-proxy") != 0;

	if (!serving) {
		ck_assert_ptr_null(f);
		return;
	}
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->type, KC_FLAG_STRING_ARRAY);
	ck_assert_str_eq(f->type_name, "namedCertKey");
	ck_assert_int_eq(parse(fs, "--tls-sni-cert-key=a.crt,a.key:a.io,b.io",
			       "--tls-sni-cert-key=c.crt,c.key", NULL),
			 0);
	ck_assert_int_eq(((struct kc_strv *)f->value)->n, 2);
	ck_assert_str_eq(((struct kc_strv *)f->value)->v[0], "a.crt,a.key:a.io,b.io");
}
END_TEST

/* ---- kube-apiserver ---- */

/* Kubernetes The Hard Way's kube-apiserver.service, as systemd hands it over. */
static const char *const hard_way_apiserver[] = {
	"--allow-privileged=true",
	"--apiserver-count=1",
	"--audit-log-maxage=30",
	"--audit-log-maxbackup=3",
	"--audit-log-maxsize=100",
	"--audit-log-path=/var/log/audit.log",
	"--authorization-mode=Node,RBAC",
	"--bind-address=0.0.0.0",
	"--client-ca-file=/var/lib/kubernetes/ca.crt",
	"--enable-admission-plugins=NamespaceLifecycle,NodeRestriction,LimitRanger,ServiceAccount,DefaultStorageClass,ResourceQuota",
	"--etcd-servers=http://127.0.0.1:2379",
	"--event-ttl=1h",
	"--encryption-provider-config=/var/lib/kubernetes/encryption-config.yaml",
	"--kubelet-certificate-authority=/var/lib/kubernetes/ca.crt",
	"--kubelet-client-certificate=/var/lib/kubernetes/kube-api-server.crt",
	"--kubelet-client-key=/var/lib/kubernetes/kube-api-server.key",
	"--runtime-config=api/all=true",
	"--service-account-key-file=/var/lib/kubernetes/service-accounts.crt",
	"--service-account-signing-key-file=/var/lib/kubernetes/service-accounts.key",
	"--service-account-issuer=https://server.kubernetes.local:6443",
	"--service-node-port-range=30000-32767",
	"--tls-cert-file=/var/lib/kubernetes/kube-api-server.crt",
	"--tls-private-key-file=/var/lib/kubernetes/kube-api-server.key",
	"--v=2",
	NULL,
};

START_TEST(test_apiserver_hard_way)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();
	struct kube_apiserver_options *o = kube_apiserver_options();

	ck_assert_msg(parse_argv(fs, hard_way_apiserver) == 0, "%s", err);
	ck_assert_int_eq(o->allow_privileged, 1);
	ck_assert_int_eq(o->authorization_mode.n, 2);
	ck_assert_str_eq(o->authorization_mode.v[0], "Node");
	ck_assert_str_eq(o->authorization_mode.v[1], "RBAC");
	ck_assert_int_eq(o->enable_admission_plugins.n, 6);
	ck_assert_str_eq(o->enable_admission_plugins.v[5], "ResourceQuota");
	ck_assert_int_eq(o->etcd_servers.n, 1);
	ck_assert_str_eq(o->etcd_servers.v[0], "http://127.0.0.1:2379");
	ck_assert_int_eq(o->event_ttl, 3600 * KC_NSEC_PER_SEC);
	ck_assert_str_eq(o->encryption_provider_config,
			 "/var/lib/kubernetes/encryption-config.yaml");
	ck_assert_int_eq(o->runtime_config.n, 1);
	ck_assert_str_eq(o->runtime_config.v[0], "api/all=true");
	ck_assert_str_eq(o->service_account_issuer.v[0], "https://server.kubernetes.local:6443");
	ck_assert_str_eq(o->tls_private_key_file, "/var/lib/kubernetes/kube-api-server.key");
	/* defaults of what the unit does not say */
	ck_assert_int_eq(o->secure_port, 6443);
	ck_assert_str_eq(o->etcd_prefix, "/registry");
	ck_assert_str_eq(o->cert_dir, "/var/run/kubernetes");
	ck_assert_int_eq(o->max_requests_inflight, 400);
	ck_assert_int_eq(o->max_mutating_requests_inflight, 200);
	ck_assert_int_eq(o->anonymous_auth, 1);
	ck_assert_int_eq(o->kubelet_timeout, 5 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(o->kubelet_preferred_address_types.n, 5);
	ck_assert_int_eq(kc_flags_lookup(fs, "audit-log-path")->opts & KC_FLAG_IGNORED,
			 KC_FLAG_IGNORED);
	ck_assert_int_eq(kube_apiserver_options_validate(o, &errs), 0);
}
END_TEST

/* kubeadm v1.32's /etc/kubernetes/manifests/kube-apiserver.yaml command. */
static const char *const kubeadm_apiserver[] = {
	"--advertise-address=192.168.0.102",
	"--allow-privileged=true",
	"--authorization-mode=Node,RBAC",
	"--client-ca-file=/etc/kubernetes/pki/ca.crt",
	"--enable-admission-plugins=NodeRestriction",
	"--enable-bootstrap-token-auth=true",
	"--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
	"--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
	"--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
	"--etcd-servers=https://127.0.0.1:2379",
	"--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
	"--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
	"--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
	"--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
	"--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
	"--requestheader-allowed-names=front-proxy-client",
	"--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
	"--requestheader-extra-headers-prefix=X-Remote-Extra-",
	"--requestheader-group-headers=X-Remote-Group",
	"--requestheader-username-headers=X-Remote-User",
	"--secure-port=6443",
	"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
	"--service-account-key-file=/etc/kubernetes/pki/sa.pub",
	"--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
	"--service-cluster-ip-range=10.96.0.0/12",
	"--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
	"--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
	NULL,
};

START_TEST(test_apiserver_kubeadm)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();
	struct kube_apiserver_options *o = kube_apiserver_options();

	ck_assert_msg(parse_argv(fs, kubeadm_apiserver) == 0, "%s", err);
	ck_assert_str_eq(o->advertise_address, "192.168.0.102");
	ck_assert_int_eq(o->enable_bootstrap_token_auth, 1);
	ck_assert_str_eq(o->etcd_cafile, "/etc/kubernetes/pki/etcd/ca.crt");
	ck_assert_str_eq(o->kubelet_preferred_address_types.v[0], "InternalIP");
	ck_assert_int_eq(o->kubelet_preferred_address_types.n, 3);
	ck_assert_str_eq(o->requestheader_allowed_names.v[0], "front-proxy-client");
	ck_assert_str_eq(o->requestheader_username_headers.v[0], "X-Remote-User");
	ck_assert_str_eq(o->service_cluster_ip_range, "10.96.0.0/12");
	ck_assert_str_eq(o->service_account_key_file.v[0], "/etc/kubernetes/pki/sa.pub");
	ck_assert_int_eq(kube_apiserver_options_validate(o, &errs), 0);
}
END_TEST

START_TEST(test_apiserver_required_flags)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();

	ck_assert_int_eq(parse(fs, NULL), 0);
	ck_assert_int_eq(kube_apiserver_options_validate(kube_apiserver_options(), &errs), 4);
	ck_assert_str_eq(errs.v[0], "--etcd-servers must be specified");
	ck_assert(errs_have("service-account-issuer is a required flag"));
	ck_assert(errs_have("service-account-key-file is a required flag"));
	ck_assert(errs_have(
		"--service-account-signing-key-file and --service-account-issuer are required flags"));
}
END_TEST

/* A valid minimal command line plus one bad flag; the expected message. */
static const struct {
	const char *arg;
	const char *message;
} apiserver_bad[] = {
	{ "--secure-port=0",
	  "--secure-port 0 must be between 1 and 65535, inclusive. It cannot be turned off with 0" },
	{ "--secure-port=65536", "--secure-port 65536 must be between 1 and 65535" },
	{ "--service-cluster-ip-range=10.96.0.0/8",
	  "specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12" },
	{ "--service-cluster-ip-range=10.96.0.0",
	  "service-cluster-ip-range[0] is not a valid cidr" },
	{ "--service-cluster-ip-range=10.96.0.0/30", "must be at least 8 IP addresses" },
	{ "--service-cluster-ip-range=10.96.0.0/16,10.97.0.0/16",
	  "must be of different IP family" },
	{ "--service-cluster-ip-range=10.0.0.0/16,fd00::/108,10.1.0.0/16",
	  "must not contain more than two entries" },
	{ "--authorization-mode=RBAC,Foo", "authorization-mode \"Foo\" is not a valid mode" },
	{ "--authorization-mode=Node,RBAC,Node", "has mode specified more than once" },
	{ "--authorization-mode=ABAC", "authorization-mode \"ABAC\" is not supported by ckube" },
	{ "--authorization-mode=", "at least one authorization-mode must be passed" },
	{ "--enable-admission-plugins=NodeRestriction,PodPreset",
	  "enable-admission-plugins plugin \"PodPreset\" is unknown" },
	{ "--disable-admission-plugins=NodeRestriction",
	  "[NodeRestriction] in enable-admission-plugins and disable-admission-plugins overlapped" },
	{ "--storage-backend=etcd2", "--storage-backend invalid, allowed values: etcd3" },
	{ "--storage-media-type=text/plain", "--storage-media-type \"text/plain\" invalid" },
	{ "--encryption-provider-config-automatic-reload",
	  "--encryption-provider-config-automatic-reload must be set with --encryption-provider-config" },
	{ "--goaway-chance=0.5", "--goaway-chance can not be less than 0 or greater than 0.02" },
	{ "--max-requests-inflight=-1", "--max-requests-inflight can not be negative value" },
	{ "--service-account-issuer=https://a",
	  "service-account-issuer \"https://a\" is already specified" },
	{ "--runtime-config=api/all=yes", "invalid value of api/all: yes" },
	{ "--requestheader-uid-headers=X-Remote-Uid",
	  "--requestheader-uid-headers requires the \"RemoteRequestHeaderUID\" feature to be enabled" },
	{ "--kubernetes-service-node-port=80",
	  "kubernetes service port range 30000-32767 doesn't contain 80" },
	{ "--endpoint-reconciler-type=magic", "Reconciler not implemented: magic" },
	{ "--tls-min-version=VersionTLS99", "unknown tls version \"VersionTLS99\"" },
};

START_TEST(test_apiserver_bad_values)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();

	ck_assert_msg(parse(fs, "--etcd-servers=https://127.0.0.1:2379",
			    "--service-account-issuer=https://a",
			    "--service-account-key-file=/sa.pub",
			    "--service-account-signing-key-file=/sa.key",
			    "--enable-admission-plugins=NodeRestriction", apiserver_bad[_i].arg,
			    NULL) == 0,
		      "%s", err);
	ck_assert_int_ge(kube_apiserver_options_validate(kube_apiserver_options(), &errs), 1);
	ck_assert_msg(errs_have(apiserver_bad[_i].message), "%s: got \"%s\"", apiserver_bad[_i].arg,
		      errs.v[0]);
}
END_TEST

START_TEST(test_apiserver_lists_and_repeats)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();
	struct kube_apiserver_options *o = kube_apiserver_options();

	ck_assert_int_eq(parse(fs, "--etcd-servers=https://10.0.0.1:2379,https://10.0.0.2:2379",
			       "--etcd-servers", "https://10.0.0.3:2379",
			       "--service-account-key-file=/a.pub",
			       "--service-account-key-file=/b.pub",
			       "--service-account-issuer=https://new",
			       "--service-account-issuer=https://old,https://older", NULL),
			 0);
	ck_assert_int_eq(o->etcd_servers.n, 3);
	ck_assert_str_eq(o->etcd_servers.v[2], "https://10.0.0.3:2379");
	ck_assert_int_eq(o->service_account_key_file.n, 2);
	/* the first issuer signs, all are accepted */
	ck_assert_str_eq(o->service_account_issuer.v[0], "https://new");
	ck_assert_int_eq(o->service_account_issuer.n, 2);
	/* stringArray flags: never split on commas */
	ck_assert_str_eq(o->service_account_issuer.v[1], "https://old,https://older");
	ck_assert_int_eq(kc_flags_lookup(fs, "etcd-servers")->changed, 2);
	ck_assert_int_eq(kc_flags_changed(fs, "etcd-prefix"), 0);
}
END_TEST

START_TEST(test_apiserver_deprecated_and_left_out)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();
	struct kc_flag *f;

	/* MarkDeprecated() flags: accepted, hidden from --help */
	ck_assert_int_eq(parse(fs, "--kubelet-port=10250", "--enable-logs-handler=false", NULL), 0);
	f = kc_flags_lookup(fs, "kubelet-port");
	ck_assert(f->opts & KC_FLAG_HIDDEN);
	ck_assert(f->opts & KC_FLAG_DEPRECATED);
	/* left out on purpose: an error rather than silently different behaviour */
	ck_assert_int_eq(parse(fs, "--oidc-issuer-url=https://x", NULL), KC_ERR_INVALID);
	ck_assert_int_eq(parse(fs, "--authorization-webhook-config-file=/w", NULL), KC_ERR_INVALID);
	ck_assert_int_eq(parse(fs, "--etcd-servers-overrides=/events#https://e:2379", NULL),
			 KC_ERR_INVALID);
	ck_assert_int_eq(parse(fs, "--insecure-bind-address=0.0.0.0", NULL), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_apiserver_typed_flags)
{
	struct kc_flagset *fs = kube_apiserver_options_flagset();
	struct kube_apiserver_options *o = kube_apiserver_options();
	struct kc_named_cert_key nck;

	ck_assert_msg(parse(fs, "--bind-address=::", "--advertise-address=fd00::10",
			    "--service-node-port-range=30000+99", "--feature-gates=A=true,B=False",
			    "--feature-gates=RemoteRequestHeaderUID=1",
			    "--tls-sni-cert-key=a.crt,a.key",
			    "--tls-sni-cert-key", " b.crt , b.key : *.foo.com, foo.com ", NULL) == 0,
		      "%s", err);
	ck_assert_str_eq(o->bind_address, "::");
	ck_assert_str_eq(o->advertise_address, "fd00::10");
	ck_assert_str_eq(o->service_node_port_range, "30000+99");
	ck_assert_int_eq(o->feature_gates.n, 3);
	ck_assert_str_eq(o->feature_gates.v[1], "B=False");
	/* namedCertKey values are kept whole, one per use, for the HTTPS server to parse */
	ck_assert_int_eq(o->tls_sni_cert_key.n, 2);
	ck_assert_int_eq(kc_flags_parse_named_cert_key(o->tls_sni_cert_key.v[1], &nck, err,
						       sizeof(err)),
			 0);
	ck_assert_str_eq(nck.cert_file, "b.crt");
	ck_assert_str_eq(nck.key_file, "b.key");
	ck_assert_int_eq(nck.names.n, 2);
	ck_assert_str_eq(nck.names.v[0], "*.foo.com");
	ck_assert_str_eq(nck.names.v[1], "foo.com");
	kc_flags_named_cert_key_release(&nck);
	/* the port range and the node port are checked against each other after parsing */
	ck_assert_int_eq(parse(fs, "--service-node-port-range=30000+99",
			       "--kubernetes-service-node-port=30100",
			       "--feature-gates=RemoteRequestHeaderUID=t",
			       "--requestheader-uid-headers=X-Remote-Uid", NULL),
			 0);
	ck_assert_int_ge(kube_apiserver_options_validate(o, &errs), 1);
	ck_assert(errs_have("kubernetes service port range 30000-30099 doesn't contain 30100"));
	ck_assert(!errs_have("RemoteRequestHeaderUID"));
}
END_TEST

/* ---- kube-controller-manager ---- */

/* kubeadm v1.32's kube-controller-manager.yaml command. */
static const char *const kubeadm_kcm[] = {
	"--allocate-node-cidrs=true",
	"--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
	"--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
	"--bind-address=127.0.0.1",
	"--client-ca-file=/etc/kubernetes/pki/ca.crt",
	"--cluster-cidr=10.244.0.0/16",
	"--cluster-name=kubernetes",
	"--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
	"--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
	"--controllers=*,bootstrapsigner,tokencleaner",
	"--kubeconfig=/etc/kubernetes/controller-manager.conf",
	"--leader-elect=true",
	"--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
	"--root-ca-file=/etc/kubernetes/pki/ca.crt",
	"--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
	"--service-cluster-ip-range=10.96.0.0/12",
	"--use-service-account-credentials=true",
	NULL,
};

START_TEST(test_kcm_kubeadm)
{
	struct kc_flagset *fs = kube_controller_manager_options_flagset();
	struct kube_controller_manager_options *o = kube_controller_manager_options();

	ck_assert_msg(parse_argv(fs, kubeadm_kcm) == 0, "%s", err);
	ck_assert_int_eq(o->allocate_node_cidrs, 1);
	ck_assert_str_eq(o->bind_address, "127.0.0.1");
	ck_assert_str_eq(o->cluster_cidr, "10.244.0.0/16");
	ck_assert_str_eq(o->cluster_signing_key_file, "/etc/kubernetes/pki/ca.key");
	ck_assert_int_eq(o->controllers.n, 3);
	ck_assert_str_eq(o->kubeconfig, "/etc/kubernetes/controller-manager.conf");
	ck_assert_str_eq(o->service_account_private_key_file, "/etc/kubernetes/pki/sa.key");
	ck_assert_int_eq(o->use_service_account_credentials, 1);
	/* defaults */
	ck_assert_int_eq(o->secure_port, 10257);
	ck_assert_int_eq(o->leader_elect_lease_duration, 15 * KC_NSEC_PER_SEC);
	ck_assert_str_eq(o->leader_elect_resource_name, "kube-controller-manager");
	ck_assert_int_eq(o->node_monitor_grace_period, 50 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(o->concurrent_deployment_syncs, 5);
	ck_assert_int_eq(o->concurrent_gc_syncs, 20);
	ck_assert_int_eq(o->terminated_pod_gc_threshold, 12500);
	ck_assert(o->kube_api_qps == 20.0);
	ck_assert_int_eq(o->kube_api_burst, 30);
	ck_assert_int_eq(o->cluster_signing_duration, 8760LL * 3600 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(kube_controller_manager_options_validate(o, &errs), 0);
	/* bootstrapsigner is off by default, kubeadm turns it on through its old name */
	ck_assert(kube_controller_manager_controller_enabled(&o->controllers,
							     "bootstrap-signer-controller"));
	ck_assert(kube_controller_manager_controller_enabled(&o->controllers,
							     "deployment-controller"));
}
END_TEST

/* Kubernetes The Hard Way's kube-controller-manager.service. */
static const char *const hard_way_kcm[] = {
	"--bind-address=0.0.0.0",
	"--cluster-cidr=10.200.0.0/16",
	"--cluster-name=kubernetes",
	"--cluster-signing-cert-file=/var/lib/kubernetes/ca.crt",
	"--cluster-signing-key-file=/var/lib/kubernetes/ca.key",
	"--kubeconfig=/var/lib/kubernetes/kube-controller-manager.kubeconfig",
	"--root-ca-file=/var/lib/kubernetes/ca.crt",
	"--service-account-private-key-file=/var/lib/kubernetes/service-accounts.key",
	"--service-cluster-ip-range=10.32.0.0/24",
	"--use-service-account-credentials=true",
	"--v=2",
	NULL,
};

START_TEST(test_kcm_hard_way)
{
	struct kc_flagset *fs = kube_controller_manager_options_flagset();
	struct kube_controller_manager_options *o = kube_controller_manager_options();

	ck_assert_msg(parse_argv(fs, hard_way_kcm) == 0, "%s", err);
	ck_assert_str_eq(o->service_cluster_ip_range, "10.32.0.0/24");
	ck_assert_int_eq(o->allocate_node_cidrs, 0);
	ck_assert_int_eq(o->controllers.n, 1);
	ck_assert_str_eq(o->controllers.v[0], "*");
	ck_assert_int_eq(kube_controller_manager_options_validate(o, &errs), 0);
	ck_assert(!kube_controller_manager_controller_enabled(&o->controllers,
							      "token-cleaner-controller"));
}
END_TEST

static const struct {
	const char *controllers;
	const char *name;
	int enabled;
} controller_cases[] = {
	{ "*", "replicaset-controller", 1 },
	{ "*", "bootstrap-signer-controller", 0 },
	{ "*,-replicaset", "replicaset-controller", 0 },
	{ "*,-replicaset-controller", "replicaset-controller", 0 },
	{ "replicaset", "replicaset-controller", 1 },
	{ "replicaset", "deployment-controller", 0 },
	{ "-deployment,*", "deployment-controller", 0 },
	{ "*,attachdetach", "persistentvolume-attach-detach-controller", 1 },
	{ "*", "no-such-controller", 0 },
	{ "", "deployment-controller", 0 },
};

START_TEST(test_kcm_controller_enabled)
{
	struct kc_strv sv = KC_STRV_INIT;

	if (*controller_cases[_i].controllers != '\0')
		ck_assert_int_eq(kc_strv_split(&sv, controller_cases[_i].controllers, ','), 0);
	ck_assert_int_eq(kube_controller_manager_controller_enabled(&sv, controller_cases[_i].name),
			 controller_cases[_i].enabled);
	kc_strv_release(&sv);
}
END_TEST

START_TEST(test_kcm_bad_values)
{
	struct kc_flagset *fs = kube_controller_manager_options_flagset();
	struct kube_controller_manager_options *o = kube_controller_manager_options();

	ck_assert_int_eq(parse(fs, "--controllers=*,-nope", "--cluster-signing-cert-file=/ca.crt",
			       "--cluster-signing-kubelet-serving-key-file=/k", "--secure-port=-1",
			       "--leader-elect-resource-lock=endpoints", NULL),
			 0);
	ck_assert_int_eq(kube_controller_manager_options_validate(o, &errs), 4);
	ck_assert_str_eq(errs.v[0], "resourceLock value must be \"leases\"");
	ck_assert_str_eq(errs.v[1], "\"nope\" is not in the list of known controllers");
	ck_assert(errs_have("--secure-port -1 must be between 0 and 65535"));
	ck_assert(errs_have(
		"cannot specify --cluster-signing-{cert,key}-file and other --cluster-signing-*-file flags at the same time"));
	kc_strv_release(&errs);
	ck_assert_int_eq(parse(fs, "--cluster-signing-kubelet-client-cert-file=/c",
			       "--allocate-node-cidrs", "--cluster-cidr=10.244.0.0/33",
			       "--service-cluster-ip-range=10.0.0.0/24,fd00::/108,10.1.0.0/24",
			       NULL),
			 0);
	ck_assert_int_eq(kube_controller_manager_options_validate(o, &errs), 3);
	ck_assert(errs_have("--service-cluster-ip-range can not contain more than two entries"));
	ck_assert(errs_have("invalid CIDR address: 10.244.0.0/33"));
	ck_assert(errs_have(
		"cannot specify --cluster-signing-kubelet-client-cert-file without --cluster-signing-kubelet-client-key-file"));
}
END_TEST

/* ---- kube-scheduler ---- */

static const char *const kubeadm_scheduler[] = {
	"--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
	"--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
	"--bind-address=127.0.0.1",
	"--kubeconfig=/etc/kubernetes/scheduler.conf",
	"--leader-elect=true",
	NULL,
};

START_TEST(test_scheduler_kubeadm)
{
	struct kc_flagset *fs = kube_scheduler_options_flagset();
	struct kube_scheduler_options *o = kube_scheduler_options();

	ck_assert_msg(parse_argv(fs, kubeadm_scheduler) == 0, "%s", err);
	ck_assert_str_eq(o->kubeconfig, "/etc/kubernetes/scheduler.conf");
	ck_assert_str_eq(o->authentication_kubeconfig, "/etc/kubernetes/scheduler.conf");
	ck_assert_str_eq(o->bind_address, "127.0.0.1");
	ck_assert_int_eq(o->secure_port, 10259);
	ck_assert_int_eq(o->leader_elect, 1);
	ck_assert_int_eq(o->leader_elect_renew_deadline, 10 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(o->leader_elect_retry_period, 2 * KC_NSEC_PER_SEC);
	ck_assert_str_eq(o->leader_elect_resource_name, "kube-scheduler");
	ck_assert_str_eq(o->leader_elect_resource_namespace, "kube-system");
	ck_assert_int_eq(o->authentication_tolerate_lookup_failure, 1);
	ck_assert_int_eq(o->authorization_always_allow_paths.n, 3);
	ck_assert_str_eq(o->requestheader_username_headers.v[0], "x-remote-user");
	ck_assert(o->kube_api_qps == 50.0);
	ck_assert_int_eq(kube_scheduler_options_validate(o, &errs), 0);
}
END_TEST

START_TEST(test_scheduler_hard_way_and_errors)
{
	struct kc_flagset *fs = kube_scheduler_options_flagset();
	struct kube_scheduler_options *o = kube_scheduler_options();

	ck_assert_int_eq(
		parse(fs, "--config=/etc/kubernetes/config/kube-scheduler.yaml", "--v=2", NULL), 0);
	ck_assert_str_eq(o->config, "/etc/kubernetes/config/kube-scheduler.yaml");
	ck_assert_int_eq(kube_scheduler_options_validate(o, &errs), 0);
	ck_assert_int_eq(parse(fs, "--leader-elect-lease-duration=10s",
			       "--leader-elect-retry-period=0s", "--secure-port=70000",
			       "--leader-elect-resource-lock=configmaps", NULL),
			 0);
	ck_assert_int_eq(kube_scheduler_options_validate(o, &errs), 4);
	ck_assert(errs_have(
		"leaderElection.retryPeriod: Invalid value: \"0s\": must be greater than zero"));
	ck_assert(errs_have("LeaseDuration must be greater than RenewDeadline"));
	ck_assert(errs_have("Invalid lock-type configmaps"));
	/* upstream's precedence: above 65535 is "cannot be turned off" even where 0 is off */
	ck_assert(errs_have(
		"--secure-port 70000 must be between 1 and 65535, inclusive. It cannot be turned off with 0"));
	/* the deprecated flags are plain flags upstream: no warning, shown in --help */
	ck_assert_int_eq(kc_flags_lookup(fs, "kubeconfig")->opts, 0);
}
END_TEST

/* ---- kubelet ---- */

/* kubeadm: 10-kubeadm.conf plus kubeadm-flags.env. */
static const char *const kubeadm_kubelet[] = {
	"--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
	"--kubeconfig=/etc/kubernetes/kubelet.conf",
	"--config=/var/lib/kubelet/config.yaml",
	"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock",
	"--pod-infra-container-image=registry.k8s.io/pause:3.10",
	"--node-ip=192.168.0.102",
	"--hostname-override=node-1",
	NULL,
};

START_TEST(test_kubelet_kubeadm)
{
	struct kc_flagset *fs = kubelet_options_flagset();
	struct kubelet_options *o = kubelet_options();

	ck_assert_msg(parse_argv(fs, kubeadm_kubelet) == 0, "%s", err);
	ck_assert_str_eq(o->bootstrap_kubeconfig, "/etc/kubernetes/bootstrap-kubelet.conf");
	ck_assert_str_eq(o->config, "/var/lib/kubelet/config.yaml");
	ck_assert_str_eq(o->container_runtime_endpoint,
			 "unix:///var/run/containerd/containerd.sock");
	ck_assert_str_eq(o->node_ip, "192.168.0.102");
	ck_assert_str_eq(o->hostname_override, "node-1");
	/* an explicitly given config flag overrides the --config file: the kubelet asks this */
	ck_assert(kc_flags_changed(fs, "container-runtime-endpoint"));
	ck_assert(!kc_flags_changed(fs, "max-pods"));
	/* defaults */
	ck_assert_str_eq(o->root_dir, "/var/lib/kubelet");
	ck_assert_str_eq(o->cert_dir, "/var/lib/kubelet/pki");
	ck_assert_int_eq(o->port, 10250);
	ck_assert_int_eq(o->read_only_port, 10255);
	ck_assert_int_eq(o->healthz_port, 10248);
	ck_assert_int_eq(o->max_pods, 110);
	ck_assert_int_eq(o->register_node, 1);
	ck_assert_int_eq(o->anonymous_auth, 1);
	ck_assert_str_eq(o->authorization_mode, "AlwaysAllow");
	ck_assert_int_eq(o->eviction_hard.n, 4);
	ck_assert_int_eq(o->sync_frequency, 60 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(kubelet_options_validate(o, &errs), 0);
}
END_TEST

START_TEST(test_kubelet_hard_way_and_labels)
{
	struct kc_flagset *fs = kubelet_options_flagset();
	struct kubelet_options *o = kubelet_options();

	ck_assert_int_eq(
		parse(fs, "--config=/var/lib/kubelet/kubelet-config.yaml",
		      "--kubeconfig=/var/lib/kubelet/kubeconfig", "--register-node=true", "--v=2",
		      "--node-labels=node.kubernetes.io/role=worker,topology.kubernetes.io/zone=a",
		      "--node-labels=example.com/team=infra", NULL),
		0);
	ck_assert_int_eq(o->node_labels.n, 3);
	ck_assert_str_eq(o->node_labels.v[2], "example.com/team=infra");
	ck_assert_int_eq(kubelet_options_validate(o, &errs), 0);
	/* the classic mistake: node-role labels cannot be set by the kubelet */
	ck_assert_int_eq(parse(fs, "--node-labels=node-role.kubernetes.io/worker=", NULL), 0);
	ck_assert_int_eq(kubelet_options_validate(o, &errs), 1);
	ck_assert(errs_have(
		"failed to validate kubelet flags: unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [node-role.kubernetes.io/worker]"));
}
END_TEST

static const struct {
	const char *key;
	int allowed;
} label_keys[] = {
	{ "app", 1 },
	{ "example.com/x", 1 },
	{ "kubernetes.io/hostname", 1 },
	{ "kubernetes.io/role", 0 },
	{ "node-role.kubernetes.io/master", 0 },
	{ "node.kubernetes.io/exclude-from-external-load-balancers", 1 },
	{ "kubelet.kubernetes.io/foo", 1 },
	{ "a.kubelet.kubernetes.io/foo", 1 },
	{ "k8s.io/x", 0 },
	{ "foo.k8s.io/x", 0 },
	{ "notkubernetes.io/x", 1 },
	{ "topology.kubernetes.io/zone", 1 },
};

START_TEST(test_kubelet_label_namespaces)
{
	ck_assert_msg(kubelet_node_label_allowed(label_keys[_i].key) == label_keys[_i].allowed,
		      "%s", label_keys[_i].key);
}
END_TEST

START_TEST(test_kubelet_bad_values)
{
	struct kc_flagset *fs = kubelet_options_flagset();
	struct kubelet_options *o = kubelet_options();

	ck_assert_int_eq(parse(fs, "--port=0", "--image-gc-low-threshold=90",
			       "--node-ip=10.0.0.1,fd00::1,10.0.0.2", "--cloud-provider=aws",
			       "--container-runtime-endpoint=", "--authorization-mode=RBAC",
			       "--node-labels=bad_key_=v", NULL),
			 0);
	ck_assert_int_eq(kubelet_options_validate(o, &errs), 7);
	ck_assert(errs_have("must contain either a single IP or a dual-stack pair of IPs"));
	ck_assert(errs_have("built-in cloud providers are disabled"));
	ck_assert(errs_have("invalid node labels: 'bad_key_'"));
	ck_assert(errs_have(
		"imageGCLowThresholdPercent (--image-gc-low-threshold) 90 must be less than imageGCHighThresholdPercent (--image-gc-high-threshold) 85"));
	ck_assert(errs_have("port (--port) 0 must be between 1 and 65535, inclusive"));
	ck_assert(errs_have("the containerRuntimeEndpoint was not specified or empty"));
	ck_assert(errs_have(
		"authorization.mode (--authorization-mode) RBAC must be one of AlwaysAllow or Webhook"));
	/* a map flag without '=' is refused while parsing, as pflag does */
	ck_assert_int_eq(parse(fs, "--node-labels=novalue", NULL), KC_ERR_INVALID);
	ck_assert_int_eq(parse(fs, "--max-pods=many", NULL), KC_ERR_INVALID);
	/* --eviction-hard takes "signal<quantity" pairs, each checked while parsing */
	ck_assert_int_eq(parse(fs, "--eviction-hard=memory.available<1Gi,nodefs.available<5%",
			       NULL),
			 0);
	ck_assert_int_eq(o->eviction_hard.n, 2);
	ck_assert_str_eq(o->eviction_hard.v[1], "nodefs.available<5%");
}
END_TEST

/* ---- kube-proxy ---- */

START_TEST(test_proxy_kubeadm_and_hard_way)
{
	struct kc_flagset *fs = kube_proxy_options_flagset();
	struct kube_proxy_options *o = kube_proxy_options();

	ck_assert_int_eq(parse(fs, "--config=/var/lib/kube-proxy/config.conf",
			       "--hostname-override=node-1", NULL),
			 0);
	ck_assert_str_eq(o->config, "/var/lib/kube-proxy/config.conf");
	ck_assert_str_eq(o->hostname_override, "node-1");
	ck_assert_int_eq(kube_proxy_options_validate(o, &errs), 0);
	/* a flag-only setup */
	ck_assert_int_eq(parse(fs, "--kubeconfig=/var/lib/kube-proxy/kubeconfig",
			       "--cluster-cidr=10.200.0.0/16,fd00:10:200::/56",
			       "--proxy-mode=nftables", "--healthz-bind-address=0.0.0.0:10256",
			       "--metrics-bind-address=[::1]:10249", "--nodeport-addresses=primary",
			       "--iptables-sync-period=10s", "--cleanup=false", NULL),
			 0);
	ck_assert_str_eq(o->proxy_mode, "nftables");
	ck_assert_str_eq(o->nodeport_addresses.v[0], "primary");
	ck_assert_int_eq(o->config_sync_period, 15 * 60 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(o->conntrack_max_per_core, 32768);
	ck_assert_int_eq(o->oom_score_adj, -999);
	ck_assert(o->kube_api_qps == 5.0);
	ck_assert_int_eq(kube_proxy_options_validate(o, &errs), 0);
	ck_assert(kc_flags_lookup(fs, "iptables-sync-period")->opts & KC_FLAG_IGNORED);
}
END_TEST

START_TEST(test_proxy_bad_values)
{
	struct kc_flagset *fs = kube_proxy_options_flagset();
	struct kube_proxy_options *o = kube_proxy_options();

	ck_assert_int_eq(parse(fs, "--proxy-mode=userspace", "--cluster-cidr=10.0.0.0/33",
			       "--nodeport-addresses=10.0.0.0/8,primary", "--oom-score-adj=-1001",
			       "--detect-local-mode=Magic", "--config-sync-period=0s", NULL),
			 0);
	ck_assert_int_eq(kube_proxy_options_validate(o, &errs), 6);
	ck_assert(errs_have("Mode: Invalid value: \"userspace\""));
	ck_assert(errs_have("must be a valid CIDR block"));
	ck_assert(errs_have("NodePortAddresses[1]: Invalid value: \"primary\""));
	ck_assert(errs_have("OOMScoreAdj: Invalid value: -1001"));
	ck_assert(errs_have("DetectLocalMode: Unsupported value: \"Magic\""));
	ck_assert(errs_have("ConfigSyncPeriod: Invalid value: \"0s\": must be greater than 0"));
	/* with --config the file supplies these values, so they are not checked */
	kc_strv_release(&errs);
	ck_assert_int_eq(parse(fs, "--config=/c.yaml", "--proxy-mode=userspace", NULL), 0);
	ck_assert_int_eq(kube_proxy_options_validate(o, &errs), 0);
}
END_TEST

static Suite *
options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc;

	tc = tcase_create("tables");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_table_names_unique, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_table_usage_and_names, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_table_defaults_parse_and_validate, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_table_unknown_flag_is_error, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_table_common_flags_present, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_table_help_lists_sections, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_ignored_flags_have_no_field, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_tls_sni_cert_key_where_upstream_has_it, 0, N_DAEMONS);
	tcase_add_loop_test(tc, test_typed_flag_refused, 0,
			    (int)(sizeof(refused) / sizeof(refused[0])));
	tcase_add_loop_test(tc, test_typed_flag_accepted, 0,
			    (int)(sizeof(accepted) / sizeof(accepted[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("kube-apiserver");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_apiserver_hard_way);
	tcase_add_test(tc, test_apiserver_kubeadm);
	tcase_add_test(tc, test_apiserver_required_flags);
	tcase_add_loop_test(tc, test_apiserver_bad_values, 0,
			    (int)(sizeof(apiserver_bad) / sizeof(apiserver_bad[0])));
	tcase_add_test(tc, test_apiserver_lists_and_repeats);
	tcase_add_test(tc, test_apiserver_deprecated_and_left_out);
	tcase_add_test(tc, test_apiserver_typed_flags);
	suite_add_tcase(s, tc);

	tc = tcase_create("kube-controller-manager");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_kcm_kubeadm);
	tcase_add_test(tc, test_kcm_hard_way);
	tcase_add_loop_test(tc, test_kcm_controller_enabled, 0,
			    (int)(sizeof(controller_cases) / sizeof(controller_cases[0])));
	tcase_add_test(tc, test_kcm_bad_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("kube-scheduler");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_scheduler_kubeadm);
	tcase_add_test(tc, test_scheduler_hard_way_and_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("kubelet");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_kubelet_kubeadm);
	tcase_add_test(tc, test_kubelet_hard_way_and_labels);
	tcase_add_loop_test(tc, test_kubelet_label_namespaces, 0,
			    (int)(sizeof(label_keys) / sizeof(label_keys[0])));
	tcase_add_test(tc, test_kubelet_bad_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("kube-proxy");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_proxy_kubeadm_and_hard_way);
	tcase_add_test(tc, test_proxy_bad_values);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(options_suite)
