/*
 * check_flags.c - flags, strv and duration: pflag's forms, defaults, lists, maps, errors, help.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/strv.h"
#include "test/unit/testutil/testutil.h"

static int leader_elect;
static int old_flag;
static int port;
static int64_t big;
static double qps;
static char *kubeconfig;
static struct kc_strv modes;
static int64_t lease;
static struct kc_strv labels;
static struct kc_strv issuers;
static struct kc_strv gates;
static char *bind_address;
static char *even;
static struct kc_strv sni;

/* A flag check: even decimal numbers only ("" too). */
static int
check_even(const char *value, char *err, size_t errlen)
{
	size_t len = strlen(value);

	if (len > 0 && (strspn(value, "0123456789") != len || (value[len - 1] - '0') % 2 != 0)) {
		if (err != NULL)
			snprintf(err, errlen, "%s is not an even number", value);
		return KC_ERR_INVALID;
	}
	return 0;
}

static struct kc_flag test_flags[] = {
	{ .name = "leader-elect", .type = KC_FLAG_BOOL, .value = &leader_elect, .def = "true",
	  .usage = "Start a leader election client" },
	{ .name = "secure-port", .type = KC_FLAG_INT, .value = &port, .def = "10259",
	  .usage = "The port" },
	{ .name = "big", .type = KC_FLAG_INT64, .value = &big, .usage = "a big number" },
	{ .name = "kube-api-qps", .type = KC_FLAG_FLOAT, .value = &qps, .def = "50",
	  .usage = "QPS" },
	{ .name = "kubeconfig", .type = KC_FLAG_STRING, .value = &kubeconfig, .usage = "path" },
	{ .name = "authorization-mode", .type = KC_FLAG_STRINGS, .value = &modes,
	  .def = "AlwaysAllow", .usage = "modes" },
	{ .name = "leader-elect-lease-duration", .type = KC_FLAG_DURATION, .value = &lease,
	  .def = "15s", .usage = "lease" },
	{ .name = "node-labels", .type = KC_FLAG_MAP, .value = &labels, .usage = "labels" },
	{ .name = "service-account-issuer", .type = KC_FLAG_STRING_ARRAY, .value = &issuers,
	  .usage = "issuers" },
	{ .name = "feature-gates", .type = KC_FLAG_MAP_BOOL, .value = &gates, .usage = "gates" },
	{ .name = "bind-address", .type = KC_FLAG_IP, .value = &bind_address, .def = "0.0.0.0",
	  .usage = "address" },
	KC_FLAG_IGNORE("profiling", BOOL, "true", "ignored"),
	KC_FLAG_IGNORE("audit-log-path", STRING, NULL, "ignored"),
	KC_FLAG_DEPRECATED_IGNORE("kubelet-port", INT, "uint", "10250", "DEPRECATED: kubelet port.",
				  "kubelet-port is deprecated and will be removed."),
	KC_FLAG_CHECKED("even", STRING, "evenNumber", &even, "2", check_even, "an even number"),
	KC_FLAG_CHECKED("tls-sni-cert-key", STRING_ARRAY, "namedCertKey", &sni, NULL,
			kc_flags_check_named_cert_key, KC_FLAG_TLS_SNI_CERT_KEY_USAGE),
	{ .name = "old", .type = KC_FLAG_BOOL, .value = &old_flag, .opts = KC_FLAG_HIDDEN,
	  .usage = "hidden" },
	{ NULL },
};

static struct kc_flag_section test_sections[] = {
	{ "Misc", test_flags },
	{ "Logs", kc_common_flags },
	{ NULL },
};

static struct kc_flagset fs = { .cmd = "kube-test", .sections = test_sections };

static int
parse(char *err, size_t errlen, ...)
{
	static char prog[] = "kube-test";
	char *argv[32] = { prog };
	int argc = 1;
	va_list ap;
	char *a;

	va_start(ap, errlen);
	while ((a = va_arg(ap, char *)) != NULL && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	return kc_flags_parse(&fs, argc, argv, err, errlen);
}

static void
teardown(void)
{
	kc_flags_release(&fs);
}

START_TEST(test_defaults)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), NULL), 0);
	ck_assert_int_eq(leader_elect, 1);
	ck_assert_int_eq(port, 10259);
	ck_assert(qps == 50.0);
	ck_assert_ptr_null(kubeconfig);
	ck_assert_int_eq(modes.n, 1);
	ck_assert_str_eq(modes.v[0], "AlwaysAllow");
	ck_assert_int_eq(lease, 15 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(kc_flags_changed(&fs, "secure-port"), 0);
}
END_TEST

START_TEST(test_equals_and_space_forms)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--secure-port=1", "--kubeconfig", "/k", NULL), 0);
	ck_assert_int_eq(port, 1);
	ck_assert_str_eq(kubeconfig, "/k");
	ck_assert_int_eq(kc_flags_changed(&fs, "secure-port"), 1);
	ck_assert_int_eq(kc_flags_changed(&fs, "kubeconfig"), 1);
}
END_TEST

START_TEST(test_bool_forms)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--leader-elect=false", NULL), 0);
	ck_assert_int_eq(leader_elect, 0);
	ck_assert_int_eq(parse(err, sizeof(err), "--leader-elect=false", "--leader-elect", NULL), 0);
	ck_assert_int_eq(leader_elect, 1);
	ck_assert_int_eq(parse(err, sizeof(err), "--leader-elect=F", NULL), 0);
	ck_assert_int_eq(leader_elect, 0);
	/* pflag: a bare word after a bool flag is an argument, not its value */
	ck_assert_int_eq(parse(err, sizeof(err), "--leader-elect", "false", NULL), 0);
	ck_assert_int_eq(leader_elect, 1);
	ck_assert_int_eq(fs.args.n, 1);
	ck_assert_str_eq(fs.args.v[0], "false");
}
END_TEST

START_TEST(test_bool_bad_value)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--leader-elect=maybe", NULL), KC_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "invalid argument \"maybe\" for \"--leader-elect\""));
}
END_TEST

START_TEST(test_list_flag)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--authorization-mode=Node,RBAC", NULL), 0);
	ck_assert_int_eq(modes.n, 2);
	ck_assert_str_eq(modes.v[0], "Node");
	ck_assert_str_eq(modes.v[1], "RBAC");
	/* repeated: the first use replaces the default, later ones append */
	ck_assert_int_eq(parse(err, sizeof(err), "--authorization-mode=Node",
			       "--authorization-mode", "RBAC,Webhook", NULL), 0);
	ck_assert_int_eq(modes.n, 3);
	ck_assert_str_eq(modes.v[2], "Webhook");
}
END_TEST

START_TEST(test_list_empty_clears_default)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--authorization-mode=", NULL), 0);
	ck_assert_int_eq(modes.n, 0);
}
END_TEST

START_TEST(test_map_flag)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--node-labels=a=b,c=d=e", "--node-labels=x=", NULL), 0);
	ck_assert_int_eq(labels.n, 3);
	ck_assert_str_eq(labels.v[1], "c=d=e");
	ck_assert_str_eq(labels.v[2], "x=");
	ck_assert_int_eq(parse(err, sizeof(err), "--node-labels=novalue", NULL), KC_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "must be formatted as key=value"));
	ck_assert_int_eq(parse(err, sizeof(err), "--node-labels==v", NULL), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_unknown_flag)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--no-such-flag=1", NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, "unknown flag: --no-such-flag");
	ck_assert_int_eq(parse(err, sizeof(err), "-q", NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, "unknown shorthand flag: 'q' in -q");
}
END_TEST

START_TEST(test_missing_argument)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--kubeconfig", NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, "flag needs an argument: --kubeconfig");
}
END_TEST

START_TEST(test_int_errors)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--secure-port=12x", NULL), KC_ERR_INVALID);
	ck_assert_int_eq(parse(err, sizeof(err), "--secure-port=99999999999", NULL), KC_ERR_RANGE);
	ck_assert_int_eq(parse(err, sizeof(err), "--secure-port=", NULL), KC_ERR_INVALID);
	ck_assert_int_eq(parse(err, sizeof(err), "--big=0x10", NULL), 0);
	ck_assert_int_eq(big, 16);
	ck_assert_int_eq(parse(err, sizeof(err), "--kube-api-qps=1.5", NULL), 0);
	ck_assert(qps == 1.5);
	ck_assert_int_eq(parse(err, sizeof(err), "--kube-api-qps=fast", NULL), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_shorthand)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "-v", "3", NULL), 0);
	ck_assert_int_eq(kc_flags_lookup(&fs, "v")->changed, 1);
	ck_assert_int_eq(*(int *)kc_flags_lookup(&fs, "v")->value, 3);
	ck_assert_int_eq(parse(err, sizeof(err), "-v5", NULL), 0);
	ck_assert_int_eq(*(int *)kc_flags_lookup(&fs, "v")->value, 5);
	ck_assert_int_eq(parse(err, sizeof(err), "-v=7", NULL), 0);
	ck_assert_int_eq(*(int *)kc_flags_lookup(&fs, "v")->value, 7);
	ck_assert_int_eq(parse(err, sizeof(err), "--v=2", NULL), 0);
	ck_assert_int_eq(*(int *)kc_flags_lookup(&fs, "v")->value, 2);
}
END_TEST

START_TEST(test_double_dash_ends_flags)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--secure-port=5", "--", "--kubeconfig=x", NULL), 0);
	ck_assert_ptr_null(kubeconfig);
	ck_assert_int_eq(fs.args.n, 1);
	ck_assert_str_eq(fs.args.v[0], "--kubeconfig=x");
}
END_TEST

START_TEST(test_noopt_value)
{
	char err[256];
	struct kc_flag *version = kc_flags_lookup(&fs, "version");

	ck_assert_int_eq(parse(err, sizeof(err), "--version", "next", NULL), 0);
	ck_assert_str_eq(*(char **)version->value, "true");
	ck_assert_int_eq(fs.args.n, 1); /* not consumed as the value */
	ck_assert_int_eq(parse(err, sizeof(err), "--version=raw", NULL), 0);
	ck_assert_str_eq(*(char **)version->value, "raw");
}
END_TEST

START_TEST(test_duration_flag)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--leader-elect-lease-duration=1m30s", NULL), 0);
	ck_assert_int_eq(lease, 90 * KC_NSEC_PER_SEC);
	ck_assert_int_eq(parse(err, sizeof(err), "--leader-elect-lease-duration=15", NULL),
			 KC_ERR_INVALID);
}
END_TEST

START_TEST(test_usage_lists_defaults)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), NULL), 0);
	kc_flags_usage(&fs, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "Misc flags:"));
	ck_assert_ptr_nonnull(strstr(buf, "      --secure-port int"));
	ck_assert_ptr_nonnull(strstr(buf, "(default 10259)"));
	ck_assert_ptr_nonnull(strstr(buf, "(default [AlwaysAllow])"));
	ck_assert_ptr_nonnull(strstr(buf, "(default 15s)"));
	ck_assert_ptr_nonnull(strstr(buf, "  -v, --v Level"));
	ck_assert_ptr_nonnull(strstr(buf, "      --leader-elect "));
	ck_assert_ptr_null(strstr(buf, "(default false)"));
	ck_assert_ptr_null(strstr(buf, "--old"));
	free(buf);
}
END_TEST

START_TEST(test_set_counts_changed)
{
	char err[256];
	struct kc_flag *f;

	ck_assert_int_eq(parse(err, sizeof(err), NULL), 0);
	f = kc_flags_lookup(&fs, "secure-port");
	ck_assert_int_eq(kc_flags_set(f, "8443", err, sizeof(err)), 0);
	ck_assert_int_eq(port, 8443);
	ck_assert_int_eq(kc_flags_changed(&fs, "secure-port"), 1);
	ck_assert_ptr_null(kc_flags_lookup(&fs, "missing"));
}
END_TEST

START_TEST(test_string_array_never_splits)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--service-account-issuer=https://a,b",
			       "--service-account-issuer", "https://c", NULL), 0);
	ck_assert_int_eq(issuers.n, 2);
	ck_assert_str_eq(issuers.v[0], "https://a,b");
	ck_assert_str_eq(issuers.v[1], "https://c");
}
END_TEST

START_TEST(test_map_bool)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--feature-gates=A=true,B=False", NULL), 0);
	ck_assert_int_eq(gates.n, 2);
	ck_assert_int_eq(parse(err, sizeof(err), "--feature-gates=A=yes", NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, "invalid argument \"A=yes\" for \"--feature-gates\" flag: A=yes must be formatted as key=bool");
}
END_TEST

START_TEST(test_ip_flag)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), NULL), 0);
	ck_assert_str_eq(bind_address, "0.0.0.0");
	ck_assert_int_eq(parse(err, sizeof(err), "--bind-address=::1", NULL), 0);
	ck_assert_str_eq(bind_address, "::1");
	ck_assert_int_eq(parse(err, sizeof(err), "--bind-address=10.0.0.300", NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, "invalid argument \"10.0.0.300\" for \"--bind-address\" flag: failed to parse IP: \"10.0.0.300\"");
	ck_assert_int_eq(parse(err, sizeof(err), "--bind-address=", NULL), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_ignored_flags_parse_values)
{
	char err[256];

	/* accepted (with a warning), values still checked, nothing stored in the caller's options */
	ck_assert_int_eq(parse(err, sizeof(err), "--profiling=false", "--audit-log-path=/x", NULL), 0);
	ck_assert_int_eq(kc_flags_changed(&fs, "profiling"), 1);
	ck_assert_int_eq(parse(err, sizeof(err), "--profiling=sometimes", NULL), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_deprecated_ignore_macro)
{
	char err[256];
	struct kc_flag *f = kc_flags_lookup(&fs, "kubelet-port");
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_null(f->value);
	ck_assert_int_eq(f->opts, KC_FLAG_DEPRECATED | KC_FLAG_HIDDEN | KC_FLAG_IGNORED);
	ck_assert_str_eq(f->deprecated, "kubelet-port is deprecated and will be removed.");
	ck_assert_int_eq(parse(err, sizeof(err), "--kubelet-port=10251", NULL), 0);
	ck_assert_int_eq(f->changed, 1);
	ck_assert_int_eq(parse(err, sizeof(err), "--kubelet-port=x", NULL), KC_ERR_INVALID);
	out = open_memstream(&buf, &len);
	kc_flags_usage(&fs, out);
	fclose(out);
	ck_assert_ptr_null(strstr(buf, "kubelet-port"));
	ck_assert_ptr_nonnull(strstr(buf, "--tls-sni-cert-key namedCertKey"));
	ck_assert_ptr_nonnull(strstr(buf, "--even evenNumber"));
	free(buf);
}
END_TEST

START_TEST(test_check_hook)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), NULL), 0);
	ck_assert_str_eq(even, "2");
	ck_assert_int_eq(parse(err, sizeof(err), "--even=10", NULL), 0);
	ck_assert_str_eq(even, "10");
	ck_assert_int_eq(parse(err, sizeof(err), "--even", "7", NULL), KC_ERR_INVALID);
	ck_assert_str_eq(err, "invalid argument \"7\" for \"--even\" flag: 7 is not an even number");
	/* a refused value is not stored and does not count as a use */
	ck_assert_str_eq(even, "2");
	ck_assert_int_eq(kc_flags_changed(&fs, "even"), 0);
	ck_assert_int_eq(kc_flags_set(kc_flags_lookup(&fs, "even"), "x", err, sizeof(err)),
			 KC_ERR_INVALID);
	ck_assert_str_eq(err, "invalid argument \"x\" for \"--even\" flag: x is not an even number");
}
END_TEST

static char *odd_slot;
static struct kc_flag bad_default_flags[] = {
	KC_FLAG_CHECKED("odd", STRING, NULL, &odd_slot, "3", check_even, "refuses its own default"),
	{ NULL },
};
static struct kc_flag_section bad_default_sections[] = {
	{ "Misc", bad_default_flags },
	{ NULL },
};

START_TEST(test_check_hook_sees_defaults)
{
	struct kc_flagset bad = { .cmd = "kube-test", .sections = bad_default_sections };
	static char prog[] = "kube-test";
	char *argv[] = { prog, NULL };
	char err[256];

	ck_assert_int_eq(kc_flags_parse(&bad, 1, argv, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_str_eq(err, "bad default \"3\" for flag --odd");
	kc_flags_release(&bad);
}
END_TEST

START_TEST(test_sni_flag_repeats_unsplit)
{
	char err[256];

	ck_assert_int_eq(parse(err, sizeof(err), "--tls-sni-cert-key=a.crt,a.key:a.io,b.io",
			       "--tls-sni-cert-key", "b.crt,b.key", NULL),
			 0);
	ck_assert_int_eq(sni.n, 2);
	ck_assert_str_eq(sni.v[0], "a.crt,a.key:a.io,b.io");
	ck_assert_int_eq(parse(err, sizeof(err), "--tls-sni-cert-key=a.crt:a.io", NULL),
			 KC_ERR_INVALID);
	ck_assert_str_eq(err, "invalid argument \"a.crt:a.io\" for \"--tls-sni-cert-key\" flag: expected comma separated certificate and key file paths");
}
END_TEST

/* cliflag.NamedCertKey.Set() */
static const struct {
	const char *in;
	const char *cert, *key; /* NULL: refused with err */
	const char *names;	/* joined with '|' */
	const char *err;
} cert_keys[] = {
	{ "foo.crt,foo.key", "foo.crt", "foo.key", "", NULL },
	{ "  foo.crt , foo.key  ", "foo.crt", "foo.key", "", NULL },
	{ "foo.crt,foo.key:abc", "foo.crt", "foo.key", "abc", NULL },
	{ "foo.crt,foo.key: *.abc.com, abc.com ", "foo.crt", "foo.key", "*.abc.com|abc.com", NULL },
	{ "foo.crt,foo.key:a,,b", "foo.crt", "foo.key", "a||b", NULL },
	{ "foo.crt,foo.key:10.0.0.1:x", "foo.crt", "foo.key", "10.0.0.1:x", NULL },
	{ ",:x", "", "", "x", NULL },
	{ "foo.crt,foo.key:", NULL, NULL, NULL, "empty names list is not allowed" },
	{ "foo.crt,foo.key:  \t", NULL, NULL, NULL, "empty names list is not allowed" },
	{ "foo.crt", NULL, NULL, NULL, "expected comma separated certificate and key file paths" },
	{ "a,b,c", NULL, NULL, NULL, "expected comma separated certificate and key file paths" },
	{ "", NULL, NULL, NULL, "expected comma separated certificate and key file paths" },
	{ "foo.crt:foo.key,x", NULL, NULL, NULL,
	  "expected comma separated certificate and key file paths" },
};

START_TEST(test_named_cert_key)
{
	struct kc_named_cert_key nck;
	char err[256] = "";
	char *names;
	int r = kc_flags_parse_named_cert_key(cert_keys[_i].in, &nck, err, sizeof(err));

	if (cert_keys[_i].cert == NULL) {
		ck_assert_int_eq(r, KC_ERR_INVALID);
		ck_assert_str_eq(err, cert_keys[_i].err);
		ck_assert_int_eq(kc_flags_check_named_cert_key(cert_keys[_i].in, NULL, 0),
				 KC_ERR_INVALID);
		return;
	}
	ck_assert_msg(r == 0, "%s: %s", cert_keys[_i].in, err);
	ck_assert_str_eq(nck.cert_file, cert_keys[_i].cert);
	ck_assert_str_eq(nck.key_file, cert_keys[_i].key);
	names = kc_strv_join(&nck.names, "|");
	ck_assert_str_eq(names, cert_keys[_i].names);
	free(names);
	kc_flags_named_cert_key_release(&nck);
	ck_assert_ptr_null(nck.cert_file);
	ck_assert_int_eq(kc_flags_check_named_cert_key(cert_keys[_i].in, NULL, 0), 0);
}
END_TEST

/* featuregate.Set()'s syntax */
static const struct {
	const char *in;
	const char *err; /* NULL: accepted */
} gate_values[] = {
	{ "A=true,B=False", NULL },
	{ "", NULL },
	{ "A=1,,B=0,", NULL },
	{ " A = t ", NULL },
	{ "A", "missing bool value for A" },
	{ " B ,A=1", "missing bool value for B" },
	{ "A=yes", "invalid value of A=yes, err: strconv.ParseBool: parsing \"yes\": invalid syntax" },
	{ " A = on ", "invalid value of A=on, err: strconv.ParseBool: parsing \"on\": invalid syntax" },
	{ "A=", "invalid value of A=, err: strconv.ParseBool: parsing \"\": invalid syntax" },
	{ "A=1=2", "invalid value of A=1=2, err: strconv.ParseBool: parsing \"1=2\": invalid syntax" },
	{ "A=\"x\"",
	  "invalid value of A=\"x\", err: strconv.ParseBool: parsing \"\\\"x\\\"\": invalid syntax" },
};

START_TEST(test_feature_gate_values)
{
	char err[256] = "";
	int r = kc_flags_check_feature_gates(gate_values[_i].in, err, sizeof(err));

	if (gate_values[_i].err == NULL) {
		ck_assert_msg(r == 0, "%s: %s", gate_values[_i].in, err);
		return;
	}
	ck_assert_int_eq(r, KC_ERR_INVALID);
	ck_assert_str_eq(err, gate_values[_i].err);
	ck_assert_int_eq(kc_flags_check_feature_gates(gate_values[_i].in, NULL, 0), KC_ERR_INVALID);
}
END_TEST

/* cliflag.TLSVersion() */
static const struct {
	const char *in;
	int version;
} tls_versions[] = {
	{ NULL, 0 },
	{ "", 0 },
	{ "VersionTLS10", 0x0301 },
	{ "VersionTLS11", 0x0302 },
	{ "VersionTLS12", 0x0303 },
	{ "VersionTLS13", 0x0304 },
	{ "VersionTLS99", KC_ERR_INVALID },
	{ "versiontls12", KC_ERR_INVALID },
	{ "TLS1.2", KC_ERR_INVALID },
};

START_TEST(test_nonempty)
{
	char err[256];

	ck_assert(!kc_flags_nonempty(NULL));
	ck_assert(!kc_flags_nonempty(""));
	ck_assert(kc_flags_nonempty(" "));
	/* a string flag without a default is NULL until given, "" when given empty */
	ck_assert_int_eq(parse(err, sizeof(err), NULL), 0);
	ck_assert(!kc_flags_nonempty(kubeconfig));
	ck_assert_int_eq(parse(err, sizeof(err), "--kubeconfig=", NULL), 0);
	ck_assert_ptr_nonnull(kubeconfig);
	ck_assert(!kc_flags_nonempty(kubeconfig));
	ck_assert_int_eq(parse(err, sizeof(err), "--kubeconfig=/k", NULL), 0);
	ck_assert(kc_flags_nonempty(kubeconfig));
}
END_TEST

/* SecureServingOptions.Validate() plus the --tls-min-version check */
static const struct {
	int port, required;
	const char *tls;
	const char *msgs; /* joined with '|' */
} serving[] = {
	{ 6443, 1, NULL, "" },
	{ 0, 0, "VersionTLS13", "" },
	{ 65535, 0, "", "" },
	{ 0, 1, NULL,
	  "--secure-port 0 must be between 1 and 65535, inclusive. It cannot be turned off with 0" },
	{ -1, 0, NULL,
	  "--secure-port -1 must be between 0 and 65535, inclusive. 0 for turning off secure port" },
	{ 65536, 0, NULL,
	  "--secure-port 65536 must be between 1 and 65535, inclusive. It cannot be turned off with 0" },
	{ 10259, 0, "VersionTLS9", "unknown tls version \"VersionTLS9\"" },
	{ -5, 1, "tls1.3",
	  "--secure-port -5 must be between 1 and 65535, inclusive. It cannot be turned off with 0|unknown tls version \"tls1.3\"" },
};

START_TEST(test_validate_secure_serving)
{
	struct kc_strv errs = KC_STRV_INIT;
	int n = kc_flags_validate_secure_serving(serving[_i].port, serving[_i].required,
						 serving[_i].tls, &errs);
	char *joined;

	ck_assert_int_eq(n, (int)errs.n);
	joined = kc_strv_join(&errs, "|");
	ck_assert_str_eq(joined != NULL ? joined : "", serving[_i].msgs);
	free(joined);
	kc_strv_release(&errs);
}
END_TEST

START_TEST(test_tls_version)
{
	char err[256] = "";
	char want[256];

	ck_assert_int_eq(kc_flags_tls_version(tls_versions[_i].in, err, sizeof(err)),
			 tls_versions[_i].version);
	if (tls_versions[_i].version >= 0) {
		ck_assert_str_eq(err, "");
		return;
	}
	snprintf(want, sizeof(want), "unknown tls version \"%s\"", tls_versions[_i].in);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(kc_flags_tls_version(tls_versions[_i].in, NULL, 0), KC_ERR_INVALID);
}
END_TEST

/* ---- duration ---- */

static const struct {
	const char *in;
	int64_t ns;
	const char *out;
} durations[] = {
	{ "0", 0, "0s" },
	{ "1s", KC_NSEC_PER_SEC, "1s" },
	{ "1m30s", 90 * KC_NSEC_PER_SEC, "1m30s" },
	{ "2h45m", (2 * 3600 + 45 * 60) * KC_NSEC_PER_SEC, "2h45m0s" },
	{ "100ms", 100 * KC_NSEC_PER_MSEC, "100ms" },
	{ "1.5s", 1500 * KC_NSEC_PER_MSEC, "1.5s" },
	{ "-1.5h", -(int64_t)5400 * KC_NSEC_PER_SEC, "-1h30m0s" },
	{ "10us", 10 * KC_NSEC_PER_USEC, "10\xc2\xb5s" },
	{ "300ns", 300, "300ns" },
	{ "1h", 3600 * KC_NSEC_PER_SEC, "1h0m0s" },
	{ "+5m", 300 * KC_NSEC_PER_SEC, "5m0s" },
	{ ".5s", 500 * KC_NSEC_PER_MSEC, "500ms" },
};

START_TEST(test_duration_table)
{
	int64_t ns = -42;
	char buf[64];

	ck_assert_int_eq(kc_duration_parse(durations[_i].in, &ns), 0);
	ck_assert_int_eq(ns, durations[_i].ns);
	ck_assert_str_eq(kc_duration_format(ns, buf, sizeof(buf)), durations[_i].out);
}
END_TEST

START_TEST(test_duration_bad)
{
	static const char *const bad[] = { "", "s", "1", "1x", "1.s.", "--1s", "1s2", ".s",
					   "9999999999999h", "1e3s" };
	int64_t ns = 7;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(kc_duration_parse(bad[i], &ns) < 0, "accepted '%s'", bad[i]);
		ck_assert_int_eq(ns, 7);
	}
}
END_TEST

/* ---- strv ---- */

START_TEST(test_strv_split_join)
{
	struct kc_strv sv = KC_STRV_INIT;
	char *j;

	ck_assert_int_eq(kc_strv_split(&sv, "a,,b", ','), 0);
	ck_assert_int_eq(sv.n, 3);
	ck_assert_str_eq(sv.v[1], "");
	ck_assert_ptr_null(sv.v[3]);
	ck_assert(kc_strv_contains(&sv, "b"));
	ck_assert(!kc_strv_contains(&sv, "c"));
	j = kc_strv_join(&sv, "+");
	ck_assert_str_eq(j, "a++b");
	free(j);
	kc_strv_release(&sv);
	ck_assert_ptr_null(sv.v);
	j = kc_strv_join(&sv, ",");
	ck_assert_str_eq(j, "");
	free(j);
}
END_TEST

static Suite *
flags_suite(void)
{
	Suite *s = suite_create("flags");
	TCase *tc = tcase_create("flags");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_equals_and_space_forms);
	tcase_add_test(tc, test_bool_forms);
	tcase_add_test(tc, test_bool_bad_value);
	tcase_add_test(tc, test_list_flag);
	tcase_add_test(tc, test_list_empty_clears_default);
	tcase_add_test(tc, test_map_flag);
	tcase_add_test(tc, test_unknown_flag);
	tcase_add_test(tc, test_missing_argument);
	tcase_add_test(tc, test_int_errors);
	tcase_add_test(tc, test_shorthand);
	tcase_add_test(tc, test_double_dash_ends_flags);
	tcase_add_test(tc, test_noopt_value);
	tcase_add_test(tc, test_duration_flag);
	tcase_add_test(tc, test_usage_lists_defaults);
	tcase_add_test(tc, test_set_counts_changed);
	tcase_add_test(tc, test_string_array_never_splits);
	tcase_add_test(tc, test_map_bool);
	tcase_add_test(tc, test_ip_flag);
	tcase_add_test(tc, test_ignored_flags_parse_values);
	tcase_add_test(tc, test_deprecated_ignore_macro);
	tcase_add_test(tc, test_check_hook);
	tcase_add_test(tc, test_check_hook_sees_defaults);
	tcase_add_test(tc, test_sni_flag_repeats_unsplit);
	tcase_add_test(tc, test_nonempty);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_loop_test(tc, test_named_cert_key, 0,
			    (int)(sizeof(cert_keys) / sizeof(cert_keys[0])));
	tcase_add_loop_test(tc, test_tls_version, 0,
			    (int)(sizeof(tls_versions) / sizeof(tls_versions[0])));
	tcase_add_loop_test(tc, test_feature_gate_values, 0,
			    (int)(sizeof(gate_values) / sizeof(gate_values[0])));
	tcase_add_loop_test(tc, test_validate_secure_serving, 0,
			    (int)(sizeof(serving) / sizeof(serving[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("duration");
	tcase_add_loop_test(tc, test_duration_table, 0, (int)(sizeof(durations) / sizeof(durations[0])));
	tcase_add_test(tc, test_duration_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("strv");
	tcase_add_test(tc, test_strv_split_join);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(flags_suite)
