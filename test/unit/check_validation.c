/*
 * check_validation.c - util/validation: upstream's good/bad value tables for every check, the
 * exact messages that reach 422 responses, IP/CIDR parsing, field.Error text, Go quoting.
 */
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"
#include "test/unit/testutil/testutil.h"

typedef int (*check_fn)(const char *, struct kc_strv *);

#define A63  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define A64  A63 "a"
#define B63  "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define A253 A63 A63 A63 A63 "a"
#define A254 A253 "a"

/* Every upstream good/bad value for the string checks: function, value, valid. */
static const struct {
	const char *name;
	check_fn fn;
	const char *value;
	int valid;
} value_table[] = {
#define GOOD(fn, v)           \
	{                     \
#fn, fn, v, 1 \
	}
#define BAD(fn, v)            \
	{                     \
#fn, fn, v, 0 \
	}
	/* TestIsDNS1123Label */
	GOOD(kc_validation_is_dns1123_label, "a"),
	GOOD(kc_validation_is_dns1123_label, "ab"),
	GOOD(kc_validation_is_dns1123_label, "a-1"),
	GOOD(kc_validation_is_dns1123_label, "a--1--2--b"),
	GOOD(kc_validation_is_dns1123_label, "0"),
	GOOD(kc_validation_is_dns1123_label, "012"),
	GOOD(kc_validation_is_dns1123_label, "1-a"),
	GOOD(kc_validation_is_dns1123_label, "1--a--b--2"),
	GOOD(kc_validation_is_dns1123_label, A63),
	BAD(kc_validation_is_dns1123_label, ""),
	BAD(kc_validation_is_dns1123_label, "A"),
	BAD(kc_validation_is_dns1123_label, "aBc"),
	BAD(kc_validation_is_dns1123_label, "1-A"),
	BAD(kc_validation_is_dns1123_label, "-"),
	BAD(kc_validation_is_dns1123_label, "a-"),
	BAD(kc_validation_is_dns1123_label, "-a"),
	BAD(kc_validation_is_dns1123_label, "a_b"),
	BAD(kc_validation_is_dns1123_label, "_1"),
	BAD(kc_validation_is_dns1123_label, "."),
	BAD(kc_validation_is_dns1123_label, "a.b"),
	BAD(kc_validation_is_dns1123_label, "1.2"),
	BAD(kc_validation_is_dns1123_label, " "),
	BAD(kc_validation_is_dns1123_label, "a b"),
	BAD(kc_validation_is_dns1123_label, A64),
	/* TestIsDNS1123Subdomain */
	GOOD(kc_validation_is_dns1123_subdomain, "a"),
	GOOD(kc_validation_is_dns1123_subdomain, "a--1--2--b"),
	GOOD(kc_validation_is_dns1123_subdomain, "a.a"),
	GOOD(kc_validation_is_dns1123_subdomain, "a-1.a"),
	GOOD(kc_validation_is_dns1123_subdomain, "0.a"),
	GOOD(kc_validation_is_dns1123_subdomain, "012.1"),
	GOOD(kc_validation_is_dns1123_subdomain, "1--a--b--2.1"),
	GOOD(kc_validation_is_dns1123_subdomain, "a.b.c.d.e"),
	GOOD(kc_validation_is_dns1123_subdomain, "11.22.33.44.55"),
	GOOD(kc_validation_is_dns1123_subdomain, A253),
	BAD(kc_validation_is_dns1123_subdomain, ""),
	BAD(kc_validation_is_dns1123_subdomain, "A"),
	BAD(kc_validation_is_dns1123_subdomain, "a-"),
	BAD(kc_validation_is_dns1123_subdomain, "_a"),
	BAD(kc_validation_is_dns1123_subdomain, "."),
	BAD(kc_validation_is_dns1123_subdomain, "a."),
	BAD(kc_validation_is_dns1123_subdomain, ".a"),
	BAD(kc_validation_is_dns1123_subdomain, "a..b"),
	BAD(kc_validation_is_dns1123_subdomain, "1 2"),
	BAD(kc_validation_is_dns1123_subdomain, "A.a"),
	BAD(kc_validation_is_dns1123_subdomain, "ab.A"),
	BAD(kc_validation_is_dns1123_subdomain, "a.B.c.d.e"),
	BAD(kc_validation_is_dns1123_subdomain, "a@b"),
	BAD(kc_validation_is_dns1123_subdomain, "a,b"),
	BAD(kc_validation_is_dns1123_subdomain, "a:b"),
	BAD(kc_validation_is_dns1123_subdomain, A254),
	/* TestIsDNS1035Label */
	GOOD(kc_validation_is_dns1035_label, "a"),
	GOOD(kc_validation_is_dns1035_label, "a1"),
	GOOD(kc_validation_is_dns1035_label, "a--1--2--b"),
	GOOD(kc_validation_is_dns1035_label, A63),
	BAD(kc_validation_is_dns1035_label, "0"),
	BAD(kc_validation_is_dns1035_label, "1a"),
	BAD(kc_validation_is_dns1035_label, "1-a"),
	BAD(kc_validation_is_dns1035_label, ""),
	BAD(kc_validation_is_dns1035_label, "A1"),
	BAD(kc_validation_is_dns1035_label, "a-"),
	BAD(kc_validation_is_dns1035_label, "a_"),
	BAD(kc_validation_is_dns1035_label, "a.b"),
	BAD(kc_validation_is_dns1035_label, A64),
	/* TestIsCIdentifier */
	GOOD(kc_validation_is_c_identifier, "a"),
	GOOD(kc_validation_is_c_identifier, "_a"),
	GOOD(kc_validation_is_c_identifier, "a__1__2__b"),
	GOOD(kc_validation_is_c_identifier, "__123_ABC"),
	BAD(kc_validation_is_c_identifier, ""),
	BAD(kc_validation_is_c_identifier, "1a"),
	BAD(kc_validation_is_c_identifier, "a-"),
	BAD(kc_validation_is_c_identifier, "a.b"),
	BAD(kc_validation_is_c_identifier, "#a#"),
	/* TestIsValidPortName */
	GOOD(kc_validation_is_valid_port_name, "telnet"),
	GOOD(kc_validation_is_valid_port_name, "re-mail-ck"),
	GOOD(kc_validation_is_valid_port_name, "pop3"),
	GOOD(kc_validation_is_valid_port_name, "a-1-b-2-c"),
	GOOD(kc_validation_is_valid_port_name, "1-a-2-b-3"),
	BAD(kc_validation_is_valid_port_name, "longerthan15characters"),
	BAD(kc_validation_is_valid_port_name, ""),
	BAD(kc_validation_is_valid_port_name, "12345"),
	BAD(kc_validation_is_valid_port_name, "1-2-3-4"),
	BAD(kc_validation_is_valid_port_name, "-begin"),
	BAD(kc_validation_is_valid_port_name, "end-"),
	BAD(kc_validation_is_valid_port_name, "two--hyphens"),
	BAD(kc_validation_is_valid_port_name, "whois++"),
	/* TestIsQualifiedName */
	GOOD(kc_validation_is_qualified_name, "simple"),
	GOOD(kc_validation_is_qualified_name, "now-with-dashes"),
	GOOD(kc_validation_is_qualified_name, "1-starts-with-num"),
	GOOD(kc_validation_is_qualified_name, "1234"),
	GOOD(kc_validation_is_qualified_name, "simple/simple"),
	GOOD(kc_validation_is_qualified_name, "now.with.dots/simple"),
	GOOD(kc_validation_is_qualified_name, "1.2.3.4/5678"),
	GOOD(kc_validation_is_qualified_name, "Uppercase_Is_OK_123"),
	GOOD(kc_validation_is_qualified_name, "example.com/Uppercase_Is_OK_123"),
	GOOD(kc_validation_is_qualified_name, "requests.storage-foo"),
	GOOD(kc_validation_is_qualified_name, A63),
	GOOD(kc_validation_is_qualified_name, A253 "/" B63),
	BAD(kc_validation_is_qualified_name, "nospecialchars%^=@"),
	BAD(kc_validation_is_qualified_name, "cantendwithadash-"),
	BAD(kc_validation_is_qualified_name, "-cantstartwithadash-"),
	BAD(kc_validation_is_qualified_name, "only/one/slash"),
	BAD(kc_validation_is_qualified_name, "Example.com/abc"),
	BAD(kc_validation_is_qualified_name, "example_com/abc"),
	BAD(kc_validation_is_qualified_name, "example.com/"),
	BAD(kc_validation_is_qualified_name, "/simple"),
	BAD(kc_validation_is_qualified_name, A64),
	BAD(kc_validation_is_qualified_name, A254 "/abc"),
	/* TestIsValidLabelValue */
	GOOD(kc_validation_is_valid_label_value, "simple"),
	GOOD(kc_validation_is_valid_label_value, "end-with-num-1"),
	GOOD(kc_validation_is_valid_label_value, "1234"),
	GOOD(kc_validation_is_valid_label_value, A63),
	GOOD(kc_validation_is_valid_label_value, ""),
	BAD(kc_validation_is_valid_label_value, "nospecialchars%^=@"),
	BAD(kc_validation_is_valid_label_value, "Tama-nui-te-r\xc4\x81.is.M\xc4\x81ori.sun"),
	BAD(kc_validation_is_valid_label_value, "\\backslashes\\are\\bad"),
	BAD(kc_validation_is_valid_label_value, "-starts-with-dash"),
	BAD(kc_validation_is_valid_label_value, "ends-with-dash-"),
	BAD(kc_validation_is_valid_label_value, ".starts.with.dot"),
	BAD(kc_validation_is_valid_label_value, "ends.with.dot."),
	BAD(kc_validation_is_valid_label_value, A64),
	/* TestIsHTTPHeaderName */
	GOOD(kc_validation_is_http_header_name, "Accept-Encoding"),
	GOOD(kc_validation_is_http_header_name, "X-Forwarded-For"),
	GOOD(kc_validation_is_http_header_name, "-a"),
	GOOD(kc_validation_is_http_header_name, "--123-ABC"),
	BAD(kc_validation_is_http_header_name, "Host:"),
	BAD(kc_validation_is_http_header_name, "X-@Home"),
	BAD(kc_validation_is_http_header_name, ""),
	BAD(kc_validation_is_http_header_name, "a_"),
	BAD(kc_validation_is_http_header_name, "a b"),
	BAD(kc_validation_is_http_header_name, "{"),
	/* TestIsValidPercent */
	GOOD(kc_validation_is_valid_percent, "0%"),
	GOOD(kc_validation_is_valid_percent, "00000%"),
	GOOD(kc_validation_is_valid_percent, "101%"),
	BAD(kc_validation_is_valid_percent, ""),
	BAD(kc_validation_is_valid_percent, "0"),
	BAD(kc_validation_is_valid_percent, "0.0%"),
	BAD(kc_validation_is_valid_percent, " 1%"),
	BAD(kc_validation_is_valid_percent, "1% "),
	BAD(kc_validation_is_valid_percent, "-1%"),
	BAD(kc_validation_is_valid_percent, "+1%"),
	BAD(kc_validation_is_valid_percent, "%"),
	/* TestIsConfigMapKey */
	GOOD(kc_validation_is_config_map_key, "a"),
	GOOD(kc_validation_is_config_map_key, "good-good"),
	GOOD(kc_validation_is_config_map_key, ".so.is.this"),
	GOOD(kc_validation_is_config_map_key, "THIS_IS_GOOD"),
	BAD(kc_validation_is_config_map_key, "."),
	BAD(kc_validation_is_config_map_key, ".."),
	BAD(kc_validation_is_config_map_key, "..bad"),
	BAD(kc_validation_is_config_map_key, "b*d"),
	BAD(kc_validation_is_config_map_key, "bad!&bad"),
	/* TestIsWildcardDNS1123Subdomain */
	GOOD(kc_validation_is_wildcard_dns1123_subdomain, "*.example.com"),
	GOOD(kc_validation_is_wildcard_dns1123_subdomain, "*.foo.bar.com"),
	BAD(kc_validation_is_wildcard_dns1123_subdomain, "*.*.bar.com"),
	BAD(kc_validation_is_wildcard_dns1123_subdomain, "*.foo.*.com"),
	BAD(kc_validation_is_wildcard_dns1123_subdomain, "*bar.com"),
	BAD(kc_validation_is_wildcard_dns1123_subdomain, "f*.bar.com"),
	BAD(kc_validation_is_wildcard_dns1123_subdomain, "*"),
	/* IsEnvVarName / TestIsRelaxedEnvVarName */
	GOOD(kc_validation_is_env_var_name, "MY_ENV.NAME"),
	GOOD(kc_validation_is_env_var_name, "-.a"),
	BAD(kc_validation_is_env_var_name, "1a"),
	BAD(kc_validation_is_env_var_name, ".."),
	BAD(kc_validation_is_env_var_name, "a=b"),
	GOOD(kc_validation_is_relaxed_env_var_name, "0 a"),
	GOOD(kc_validation_is_relaxed_env_var_name, "~a"),
	GOOD(kc_validation_is_relaxed_env_var_name, "a "),
	BAD(kc_validation_is_relaxed_env_var_name, ""),
	BAD(kc_validation_is_relaxed_env_var_name, "a=b"),
	BAD(kc_validation_is_relaxed_env_var_name, "\x01"
						   "abc"),
	BAD(kc_validation_is_relaxed_env_var_name, "\xc3\x87 \xc3\xa7"),
	/* TestIsValidIP: good, non-canonical and "bad values we currently consider good" */
	GOOD(kc_validation_is_valid_ip, "1.2.3.4"),
	GOOD(kc_validation_is_valid_ip, "0.0.0.0"),
	GOOD(kc_validation_is_valid_ip, "255.255.255.255"),
	GOOD(kc_validation_is_valid_ip, "1234::abcd"),
	GOOD(kc_validation_is_valid_ip, "::"),
	GOOD(kc_validation_is_valid_ip, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
	GOOD(kc_validation_is_valid_ip, "0:0:0:0:0:0:0:0"),
	GOOD(kc_validation_is_valid_ip, "0001:002:03:4::"),
	GOOD(kc_validation_is_valid_ip, "1234::ABCD"),
	GOOD(kc_validation_is_valid_ip, "1.1.1.01"),
	GOOD(kc_validation_is_valid_ip, "::ffff:1.1.1.1"),
	GOOD(kc_validation_is_valid_ip, "::ffff:1.1.1.01"),
	BAD(kc_validation_is_valid_ip, ""),
	BAD(kc_validation_is_valid_ip, "aaaaaaa"),
	BAD(kc_validation_is_valid_ip, "myhost.mydomain"),
	BAD(kc_validation_is_valid_ip, "1.2.3.0/24"),
	BAD(kc_validation_is_valid_ip, "1.2.3.400"),
	BAD(kc_validation_is_valid_ip, "-1.0.0.0"),
	BAD(kc_validation_is_valid_ip, "2001:db8::10005"),
	BAD(kc_validation_is_valid_ip, "1.2.3.4:80"),
	BAD(kc_validation_is_valid_ip, "[2001:db8::1]"),
	BAD(kc_validation_is_valid_ip, "[2001:db8::1]:80"),
	BAD(kc_validation_is_valid_ip, "example.com:80"),
	BAD(kc_validation_is_valid_ip, "1234::abcd%eth0"),
	BAD(kc_validation_is_valid_ip, "169.254.0.0%eth0"),
	BAD(kc_validation_is_valid_ip, "1::2::3"),
	BAD(kc_validation_is_valid_ip, "1:2:3:4:5:6:7:8:9"),
	BAD(kc_validation_is_valid_ip, "1:2:3:4:5:6:7::8"),
	BAD(kc_validation_is_valid_ip, "1.2.3"),
	GOOD(kc_validation_is_valid_ipv4_address, "1.2.3.4"),
	GOOD(kc_validation_is_valid_ipv4_address, "::ffff:1.1.1.1"),
	BAD(kc_validation_is_valid_ipv4_address, "1234::abcd"),
	GOOD(kc_validation_is_valid_ipv6_address, "::"),
	BAD(kc_validation_is_valid_ipv6_address, "::ffff:1.1.1.1"),
	BAD(kc_validation_is_valid_ipv6_address, "1.2.3.4"),
	/* TestIsValidCIDR */
	GOOD(kc_validation_is_valid_cidr, "1.0.0.0/8"),
	GOOD(kc_validation_is_valid_cidr, "0.0.0.0/0"),
	GOOD(kc_validation_is_valid_cidr, "1.1.1.1/32"),
	GOOD(kc_validation_is_valid_cidr, "2001:4860:4860::/48"),
	GOOD(kc_validation_is_valid_cidr, "::/0"),
	GOOD(kc_validation_is_valid_cidr, "::1/128"),
	GOOD(kc_validation_is_valid_cidr, "2a00:79e0:2:0::/64"),
	GOOD(kc_validation_is_valid_cidr, "2001:DB8::/64"),
	GOOD(kc_validation_is_valid_cidr, "1.1.01.0/24"),
	GOOD(kc_validation_is_valid_cidr, "::ffff:1.1.1.0/24"),
	GOOD(kc_validation_is_valid_cidr, "::ffff:1.1.1.0/120"),
	GOOD(kc_validation_is_valid_cidr, "1.2.3.4/24"),
	GOOD(kc_validation_is_valid_cidr, "2001:db8::1/64"),
	GOOD(kc_validation_is_valid_cidr, "192.168.0.0/016"),
	BAD(kc_validation_is_valid_cidr, ""),
	BAD(kc_validation_is_valid_cidr, "aaaaaaa"),
	BAD(kc_validation_is_valid_cidr, "1.2.3.4"),
	BAD(kc_validation_is_valid_cidr, "192.168.0.1/healthz"),
	BAD(kc_validation_is_valid_cidr, "192.168.0.1/0/99"),
	BAD(kc_validation_is_valid_cidr, "192.168.0.0/-16"),
	BAD(kc_validation_is_valid_cidr, "192.168.0.0/+16"),
	BAD(kc_validation_is_valid_cidr, "1.2.3.0/33"),
	BAD(kc_validation_is_valid_cidr, "::/129"),
#undef GOOD
#undef BAD
};

START_TEST(test_values)
{
	struct kc_strv errs = KC_STRV_INIT;
	int n = value_table[_i].fn(value_table[_i].value, &errs);

	if (value_table[_i].valid) {
		ck_assert_msg(n == 0, "%s(\"%s\"): %s", value_table[_i].name, value_table[_i].value,
			      errs.n > 0 ? errs.v[0] : "?");
	} else {
		ck_assert_msg(n > 0, "%s(\"%s\") accepted", value_table[_i].name,
			      value_table[_i].value);
		ck_assert_int_eq((size_t)n, errs.n);
		/* the same count without a vector */
		ck_assert_int_eq(value_table[_i].fn(value_table[_i].value, NULL), n);
	}
	kc_strv_release(&errs);
}
END_TEST

/* Exact messages, joined with " | " */
static const struct {
	check_fn fn;
	const char *value;
	const char *msgs;
} message_table[] = {
	{ kc_validation_is_dns1123_label, "a.b", "must not contain dots" },
	{ kc_validation_is_dns1123_label, "A",
	  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
	  "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
	  "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
	{ kc_validation_is_dns1123_label, A64, "must be no more than 63 characters" },
	{ kc_validation_is_dns1123_subdomain, "Foo",
	  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
	  "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
	  "regex used for validation is "
	  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
	{ kc_validation_is_dns1035_label, "1a",
	  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
	  "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
	  "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')" },
	{ kc_validation_is_qualified_name, "/a", "prefix part must be non-empty" },
	{ kc_validation_is_qualified_name, "a/",
	  "name part must be non-empty | name part must consist of alphanumeric characters, '-', "
	  "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
	  "'my.name',  or '123-abc', regex used for validation is "
	  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')" },
	{ kc_validation_is_qualified_name, A64, "name part must be no more than 63 characters" },
	{ kc_validation_is_valid_label_value, A64, "must be no more than 63 characters" },
	{ kc_validation_is_valid_port_name, "--",
	  "must contain at least one letter (a-z) | must not contain consecutive hyphens | must "
	  "not begin or end with a hyphen" },
	{ kc_validation_is_valid_port_name, "UPPER",
	  "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-) | must contain "
	  "at least one letter (a-z)" },
	{ kc_validation_is_valid_percent, "x",
	  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  "
	  "or '93%', regex used for validation is '[0-9]+%')" },
	{ kc_validation_is_config_map_key, "..", "must not be '..'" },
	{ kc_validation_is_env_var_name, "..x", "must not start with '..'" },
	{ kc_validation_is_valid_ip, "x",
	  "must be a valid IP address, (e.g. 10.9.8.7 or "
	  "2001:db8::ffff)" },
	{ kc_validation_is_valid_cidr, "x",
	  "must be a valid CIDR value, (e.g. 10.9.8.0/24 or "
	  "2001:db8::/64)" },
};

START_TEST(test_messages)
{
	struct kc_strv errs = KC_STRV_INIT;
	KC_AUTOFREE char *joined = NULL;

	ck_assert_int_gt(message_table[_i].fn(message_table[_i].value, &errs), 0);
	joined = kc_strv_join(&errs, " | ");
	ck_assert_str_eq(joined, message_table[_i].msgs);
	kc_strv_release(&errs);
}
END_TEST

START_TEST(test_numbers)
{
	static const int64_t good_ports[] = { 1, 2, 1000, 16384, 32768, 65535 };
	static const int64_t bad_ports[] = { 0, -1, 65536, 100000 };
	static const int64_t good_ids[] = { 0, 1, 1000, 65535, 2147483647 };
	static const int64_t bad_ids[] = { -1, -1003, 2147483648LL, 4147483647LL };
	struct kc_strv errs = KC_STRV_INIT;

	for (size_t i = 0; i < KC_ARRAY_SIZE(good_ports); i++)
		ck_assert_int_eq(kc_validation_is_valid_port_num(good_ports[i], NULL), 0);
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad_ports); i++)
		ck_assert_int_eq(kc_validation_is_valid_port_num(bad_ports[i], NULL), 1);
	for (size_t i = 0; i < KC_ARRAY_SIZE(good_ids); i++) {
		ck_assert_int_eq(kc_validation_is_valid_group_id(good_ids[i], NULL), 0);
		ck_assert_int_eq(kc_validation_is_valid_user_id(good_ids[i], NULL), 0);
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad_ids); i++) {
		ck_assert_int_eq(kc_validation_is_valid_group_id(bad_ids[i], NULL), 1);
		ck_assert_int_eq(kc_validation_is_valid_user_id(bad_ids[i], NULL), 1);
	}
	ck_assert_int_eq(kc_validation_is_in_range(1, 0, 10, NULL), 0);
	ck_assert_int_eq(kc_validation_is_in_range(25, 10, 25, NULL), 0);
	ck_assert_int_eq(kc_validation_is_in_range(5, -4, 2, &errs), 1);
	ck_assert_str_eq(errs.v[0], "must be between -4 and 2, inclusive");
	ck_assert_int_eq(kc_validation_is_valid_port_num(0, &errs), 1);
	ck_assert_str_eq(errs.v[1], "must be between 1 and 65535, inclusive");
	kc_strv_release(&errs);
}
END_TEST

START_TEST(test_parse_ip)
{
	unsigned char ip[16];
	static const unsigned char v4[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3
	};
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					      0,    0,    0,    0,    0, 0, 0, 1 };
	int bits = 0;

	ck_assert_int_eq(kc_validation_parse_ip("10.1.2.3", ip), 4);
	ck_assert_mem_eq(ip, v4, 16);
	ck_assert_int_eq(kc_validation_parse_ip("010.001.2.03", ip), 4);
	ck_assert_mem_eq(ip, v4, 16);
	ck_assert_int_eq(kc_validation_parse_ip("2001:db8::1", ip), 6);
	ck_assert_mem_eq(ip, v6, 16);
	ck_assert_int_eq(kc_validation_parse_ip("2001:db8:0:0:0:0:0:1", ip), 6);
	ck_assert_mem_eq(ip, v6, 16);
	ck_assert_int_eq(kc_validation_parse_ip("::ffff:10.1.2.3", ip), 4);
	ck_assert_mem_eq(ip, v4, 16);
	ck_assert_int_eq(kc_validation_parse_ip("::10.1.2.3", ip), 6);
	ck_assert_int_eq(kc_validation_parse_ip("1:2:3:4:5:6:10.1.2.3", ip), 6);
	ck_assert_int_eq(kc_validation_parse_ip("1:2:3:4:5:10.1.2.3", ip), KC_ERR_INVALID);
	ck_assert_int_eq(kc_validation_parse_ip("1:2:3:4:5:6:7:", ip), KC_ERR_INVALID);
	ck_assert_int_eq(kc_validation_parse_ip(":1::", ip), KC_ERR_INVALID);
	ck_assert_int_eq(kc_validation_parse_cidr("10.1.2.3/24", ip, &bits), 4);
	ck_assert_int_eq(bits, 24);
	ck_assert_int_eq(kc_validation_parse_cidr("2001:db8::1/64", ip, &bits), 6);
	ck_assert_int_eq(bits, 64);
	ck_assert_mem_eq(ip, v6, 16);
}
END_TEST

START_TEST(test_field_errors)
{
	struct kc_strv errs = KC_STRV_INIT;
	static const char *const valid[] = { "Always", "Never", NULL };
	static const char *const want[] = {
		"metadata.name: Invalid value: \"Foo\": must be lower case",
		"spec.replicas: Invalid value: -1: must be greater than or equal to 0",
		"spec.containers: Required value",
		"spec.containers[0].name: Required value: a name is needed",
		"spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
		"\"Never\"",
		"spec.x: Unsupported value: \"y\"",
		"metadata.annotations: Too long: may not be more than 262144 bytes",
		"spec.list: Too many: 5: must have at most 3 items",
		"spec.nodeName: Forbidden: may not be set",
		"spec.ports[1].name: Duplicate value: \"http\"",
		"spec.a: Not found: \"b\"",
		"spec: Internal error: boom",
		"<nil>: Invalid value: \"a\\\"\\\\\\n\": x",
		": Invalid value: \"\"",
	};

	ck_assert_int_eq(
		kc_validation_field_invalid(&errs, "metadata.name", "Foo", "must be lower case"),
		1);
	ck_assert_int_eq(kc_validation_field_invalid_int(&errs, "spec.replicas", -1,
							 "must be greater than or equal to 0"),
			 1);
	ck_assert_int_eq(kc_validation_field_required(&errs, "spec.containers", ""), 1);
	ck_assert_int_eq(
		kc_validation_field_required(&errs, "spec.containers[0].name", "a name is needed"),
		1);
	ck_assert_int_eq(
		kc_validation_field_not_supported(&errs, "spec.restartPolicy", "Sometimes", valid),
		1);
	ck_assert_int_eq(kc_validation_field_not_supported(&errs, "spec.x", "y", NULL), 1);
	ck_assert_int_eq(kc_validation_field_too_long(&errs, "metadata.annotations", 262144), 1);
	ck_assert_int_eq(kc_validation_field_too_many(&errs, "spec.list", 5, 3), 1);
	ck_assert_int_eq(kc_validation_field_forbidden(&errs, "spec.nodeName", "may not be set"),
			 1);
	ck_assert_int_eq(kc_validation_field_duplicate(&errs, "spec.ports[1].name", "http"), 1);
	ck_assert_int_eq(kc_validation_field_not_found(&errs, "spec.a", "b"), 1);
	ck_assert_int_eq(kc_validation_field_internal(&errs, "spec", "boom"), 1);
	ck_assert_int_eq(kc_validation_field_invalid(&errs, NULL, "a\"\\\n", "x"), 1);
	ck_assert_int_eq(kc_validation_field_invalid(&errs, "", "", NULL), 1);
	ck_assert_int_eq(errs.n, KC_ARRAY_SIZE(want));
	for (size_t i = 0; i < errs.n; i++)
		ck_assert_str_eq(errs.v[i], want[i]);
	kc_strv_release(&errs);
}
END_TEST

START_TEST(test_fqdn_and_paths)
{
	static const struct {
		int (*fn)(const char *, const char *, struct kc_strv *);
		const char *value;
		const char *msg; /* NULL: valid */
	} rows[] = {
		{ kc_validation_is_fully_qualified_name, "dev.k8s.io", NULL },
		{ kc_validation_is_fully_qualified_name, "10.0.0.1", NULL },
		{ kc_validation_is_fully_qualified_name, "k8s.io",
		  "spec.group: Invalid value: \"k8s.io\": should be a domain with at least three "
		  "segments separated by dots" },
		{ kc_validation_is_fully_qualified_name, "", "spec.group: Required value" },
		{ kc_validation_is_fully_qualified_name, "dev.k8s.io.", "" },
		{ kc_validation_is_fully_qualified_domain_name, "a.com", NULL },
		{ kc_validation_is_fully_qualified_domain_name, "dev.k8s.io.", NULL },
		{ kc_validation_is_fully_qualified_domain_name, "com",
		  "spec.group: Invalid value: \"com\": should be a domain with at least two segments "
		  "separated by dots" },
		{ kc_validation_is_fully_qualified_domain_name, A64 ".k8s.io",
		  "spec.group: Invalid value: \"" A64 "\": must be no more than 63 characters" },
		{ kc_validation_is_fully_qualified_domain_name, "*.bar.com", "" },
		{ kc_validation_is_domain_prefixed_path, "k8s.io/foo/bar", NULL },
		{ kc_validation_is_domain_prefixed_path, "a/b", NULL },
		{ kc_validation_is_domain_prefixed_path, "/b",
		  "spec.group: Invalid value: \"/b\": must be a domain-prefixed path (such as "
		  "\"acme.io/foo\")" },
		{ kc_validation_is_domain_prefixed_path, "a.b.c.d/foo?a=b",
		  "spec.group: Invalid value: \"foo?a=b\": Invalid path (regex used for validation "
		  "is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')" },
		{ kc_validation_is_domain_prefixed_path, "Dev.k8s.io", "" },
	};

	for (size_t i = 0; i < KC_ARRAY_SIZE(rows); i++) {
		struct kc_strv errs = KC_STRV_INIT;
		int n = rows[i].fn("spec.group", rows[i].value, &errs);

		if (rows[i].msg == NULL) {
			ck_assert_msg(n == 0, "%s: %s", rows[i].value, errs.n ? errs.v[0] : "");
		} else {
			ck_assert_msg(n > 0, "%s accepted", rows[i].value);
			if (rows[i].msg[0] != '\0')
				ck_assert_str_eq(errs.v[0], rows[i].msg);
		}
		kc_strv_release(&errs);
	}
}
END_TEST

static const struct {
	const char *in;
	size_t len;
	const char *out;
} quote_table[] = {
	{ "abc", 3, "\"abc\"" },
	{ "a\"b\\", 4, "\"a\\\"b\\\\\"" },
	{ "\t\n\r\a\b\f\v", 7, "\"\\t\\n\\r\\a\\b\\f\\v\"" },
	{ "\x00\x01\x7f", 3, "\"\\x00\\x01\\x7f\"" },
	{ "\xc3\xa9", 2, "\"\xc3\xa9\"" },
	{ "\xff", 1, "\"\\xff\"" },
	{ "\xc3", 1, "\"\\xc3\"" },
	{ "\xc2\xa0", 2, "\"\\u00a0\"" },
	{ "\xc2\x85", 2, "\"\\u0085\"" },
	{ "\xef\xbb\xbf", 3, "\"\\ufeff\"" },
	{ "\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"" },
	{ "\xed\xa0\x80", 3, "\"\\xed\\xa0\\x80\"" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 6, "\"\xe6\x97\xa5\xe6\x9c\xac\"" },
};

START_TEST(test_quote)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	ck_assert_int_eq(kc_validation_quote(&sb, quote_table[_i].in, quote_table[_i].len), 0);
	ck_assert_str_eq(sb.buf, quote_table[_i].out);
	kc_strbuf_release(&sb);
}
END_TEST

START_TEST(test_aggregate)
{
	struct kc_strv msgs = KC_STRV_INIT;
	KC_AUTOFREE char *none = NULL, *one = NULL, *two = NULL;

	none = kc_validation_aggregate(&msgs);
	ck_assert_str_eq(none, "");
	kc_strv_push(&msgs, "a");
	one = kc_validation_aggregate(&msgs);
	ck_assert_str_eq(one, "a");
	kc_strv_push(&msgs, "b");
	kc_strv_push(&msgs, "a");
	two = kc_validation_aggregate(&msgs);
	ck_assert_str_eq(two, "[a, b]");
	kc_strv_release(&msgs);
	kc_strv_push(&msgs, "x");
	kc_strv_push(&msgs, "x");
	free(one);
	one = kc_validation_aggregate(&msgs);
	ck_assert_str_eq(one, "x");
	kc_strv_release(&msgs);
}
END_TEST

START_TEST(test_decode_rune)
{
	uint32_t r;

	ck_assert_int_eq(kc_validation_decode_rune("a", 1, &r), 1);
	ck_assert_int_eq(r, 'a');
	ck_assert_int_eq(kc_validation_decode_rune("\xe2\x82\xac", 3, &r), 3);
	ck_assert_int_eq(r, 0x20ac);
	ck_assert_int_eq(kc_validation_decode_rune("\xe2\x82", 2, &r), 1);
	ck_assert_int_eq(r, 0xfffd);
	ck_assert_int_eq(kc_validation_decode_rune("\xc0\x80", 2, &r), 1); /* overlong */
	ck_assert_int_eq(r, 0xfffd);
	ck_assert_int_eq(kc_validation_decode_rune("\xf4\x90\x80\x80", 4, &r), 1); /* > U+10FFFF */
	ck_assert_int_eq(r, 0xfffd);
}
END_TEST

START_TEST(test_regex_error)
{
	static const char *const ex[] = { "a", "b", NULL };
	KC_AUTOFREE char *with = kc_validation_regex_error("msg", "re", ex);
	KC_AUTOFREE char *without = kc_validation_regex_error("msg", "re", NULL);
	KC_AUTOFREE char *max = kc_validation_max_len_error(15);

	ck_assert_str_eq(with, "msg (e.g. 'a',  or 'b', regex used for validation is 're')");
	ck_assert_str_eq(without, "msg (regex used for validation is 're')");
	ck_assert_str_eq(max, "must be no more than 15 characters");
	ck_assert_str_eq(kc_validation_empty_error, "must be non-empty");
}
END_TEST

static Suite *
validation_suite(void)
{
	Suite *s = suite_create("validation");
	TCase *tc = tcase_create("checks");

	tcase_add_loop_test(tc, test_values, 0, (int)KC_ARRAY_SIZE(value_table));
	tcase_add_loop_test(tc, test_messages, 0, (int)KC_ARRAY_SIZE(message_table));
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_parse_ip);
	tcase_add_test(tc, test_fqdn_and_paths);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_field_errors);
	tcase_add_loop_test(tc, test_quote, 0, (int)KC_ARRAY_SIZE(quote_table));
	tcase_add_test(tc, test_aggregate);
	tcase_add_test(tc, test_decode_rune);
	tcase_add_test(tc, test_regex_error);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(validation_suite)
