/*
 * validation.c - apimachinery's util/validation checks, hand-written matchers for its regular
 * expressions, and field.Error text (upstream: staging/src/k8s.io/apimachinery/pkg/util/
 * validation/validation.go, field/errors.go; k8s.io/utils/net/parse.go for the sloppy IP
 * parsers that accept leading zeros, as Kubernetes keeps doing for compatibility).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#define QNAME_FMT "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
#define QNAME_ERR \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
#define LABEL_FMT "(" QNAME_FMT ")?"
#define LABEL_ERR \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
#define DNS1123_FMT "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
#define DNS1123_ERR \
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
#define SUBDOMAIN_FMT DNS1123_FMT "(\\." DNS1123_FMT ")*"
#define SUBDOMAIN_ERR \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
#define DNS1035_FMT "[a-z]([-a-z0-9]*[a-z0-9])?"
#define DNS1035_ERR \
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
#define WILDCARD_FMT "\\*\\." SUBDOMAIN_FMT
#define WILDCARD_ERR \
	"a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character"
#define CIDENT_FMT "[A-Za-z_][A-Za-z0-9_]*"
#define CIDENT_ERR \
	"a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'"
#define PERCENT_FMT "[0-9]+%"
#define PERCENT_ERR "a valid percent string must be a numeric string followed by an ending '%'"
#define HEADER_FMT  "[-A-Za-z0-9]+"
#define HEADER_ERR  "a valid HTTP header must consist of alphanumeric characters or '-'"
#define ENVVAR_FMT  "[-._a-zA-Z][-._a-zA-Z0-9]*"
#define ENVVAR_ERR \
	"a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit"
#define CMKEY_FMT "[-._a-zA-Z0-9]+"
#define CMKEY_ERR "a valid config key must consist of alphanumeric characters, '-', '_' or '.'"
#define IP_ERR    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
#define CIDR_ERR  "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"

const char kc_validation_empty_error[] = "must be non-empty";

/* ---- messages ----------------------------------------------------------------------------- */

char *
kc_validation_max_len_error(int length)
{
	char *s;

	return asprintf(&s, "must be no more than %d characters", length) < 0 ? NULL : s;
}

char *
kc_validation_inclusive_range_error(int64_t lo, int64_t hi)
{
	char *s;

	return asprintf(&s, "must be between %" PRId64 " and %" PRId64 ", inclusive", lo, hi) < 0
		       ? NULL
		       : s;
}

char *
kc_validation_regex_error(const char *msg, const char *fmt, const char *const *examples)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = kc_strbuf_adds(&sb, msg);

	if (examples == NULL || examples[0] == NULL) {
		if (r >= 0)
			r = kc_strbuf_addf(&sb, " (regex used for validation is '%s')", fmt);
	} else {
		if (r >= 0)
			r = kc_strbuf_adds(&sb, " (e.g. ");
		for (size_t i = 0; r >= 0 && examples[i] != NULL; i++)
			r = kc_strbuf_addf(&sb, "%s'%s', ", i > 0 ? " or " : "", examples[i]);
		if (r >= 0)
			r = kc_strbuf_addf(&sb, "regex used for validation is '%s')", fmt);
	}
	if (r < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}

/* Appends msg (taken) to errs; counts it in *n. */
static int
add_steal(struct kc_strv *errs, int *n, char *msg)
{
	if (msg == NULL)
		return KC_ERR_NOMEM;
	(*n)++;
	if (errs == NULL) {
		free(msg);
		return 0;
	}
	return kc_strv_push_steal(errs, msg);
}

static int
add(struct kc_strv *errs, int *n, const char *msg)
{
	return add_steal(errs, n, strdup(msg));
}

static int
add_prefixed(struct kc_strv *errs, int *n, const char *prefix, const char *msg)
{
	char *s;

	if (asprintf(&s, "%s%s", prefix, msg) < 0)
		return KC_ERR_NOMEM;
	return add_steal(errs, n, s);
}

/* RegexError(msg, fmt, examples...) with the examples as arguments. */
#define REGEX_ERROR(msg, fmt, ...) \
	kc_validation_regex_error(msg, fmt, (const char *const[]){ __VA_ARGS__, NULL })

/* ---- matchers for upstream's regular expressions ------------------------------------------ */

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$ on [s, s + len) */
static int
match_qname_part(const char *s, size_t len)
{
	if (len == 0 || !is_alnum(s[0]) || !is_alnum(s[len - 1]))
		return 0;
	for (size_t i = 1; i + 1 < len; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

/* ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ (first_alpha: ^[a-z]... for DNS-1035) */
static int
match_dns_label(const char *s, size_t len, int first_alpha)
{
	if (len == 0 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[len - 1]))
		return 0;
	if (first_alpha && !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 1; i + 1 < len; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-')
			return 0;
	return 1;
}

static int
match_subdomain(const char *s, size_t len)
{
	const char *end = s + len;

	for (;;) {
		const char *dot = memchr(s, '.', (size_t)(end - s));
		size_t n = dot != NULL ? (size_t)(dot - s) : (size_t)(end - s);

		if (!match_dns_label(s, n, 0))
			return 0;
		if (dot == NULL)
			return 1;
		s = dot + 1;
	}
}

/* ^[first][rest]*$ with character-class predicates; min_len 0 or 1 */
static int
match_class(const char *s, int (*first)(char), int (*rest)(char))
{
	if (s[0] == '\0' || !first(s[0]))
		return 0;
	for (s++; *s != '\0'; s++)
		if (!rest(*s))
			return 0;
	return 1;
}

static int
cident_first(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
cident_rest(char c)
{
	return is_alnum(c) || c == '_';
}

static int
header_char(char c)
{
	return is_alnum(c) || c == '-';
}

static int
envvar_first(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_';
}

static int
envvar_rest(char c)
{
	return envvar_first(c) || (c >= '0' && c <= '9');
}

static int
cmkey_char(char c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == '_';
}

/* ---- the checks ---------------------------------------------------------------------------- */

static int
subdomain_errors(const char *value, size_t len, const char *prefix, struct kc_strv *errs, int *n)
{
	int r = 0;

	if (len > KC_VALIDATION_DNS1123_SUBDOMAIN_MAX)
		r = add_prefixed(errs, n, prefix, "must be no more than 253 characters");
	if (r >= 0 && !match_subdomain(value, len)) {
		KC_AUTOFREE char *m = REGEX_ERROR(SUBDOMAIN_ERR, SUBDOMAIN_FMT, "example.com");

		r = m == NULL ? KC_ERR_NOMEM : add_prefixed(errs, n, prefix, m);
	}
	return r;
}

int
kc_validation_is_qualified_name(const char *value, struct kc_strv *errs)
{
	const char *slash = strchr(value, '/'), *name = value;
	int n = 0, r = 0;

	if (slash != NULL && strchr(slash + 1, '/') != NULL) {
		KC_AUTOFREE char *m =
			REGEX_ERROR(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc");

		if (m == NULL)
			return KC_ERR_NOMEM;
		r = add_steal(
			errs, &n,
			kc_strfmt(
				"a qualified name %s with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
				m));
		return r < 0 ? r : n;
	}
	if (slash != NULL) {
		size_t plen = (size_t)(slash - value);

		if (plen == 0)
			r = add(errs, &n, "prefix part must be non-empty");
		else
			r = subdomain_errors(value, plen, "prefix part ", errs, &n);
		name = slash + 1;
	}
	if (r >= 0 && name[0] == '\0')
		r = add(errs, &n, "name part must be non-empty");
	else if (r >= 0 && strlen(name) > KC_VALIDATION_QUALIFIED_NAME_MAX)
		r = add(errs, &n, "name part must be no more than 63 characters");
	if (r >= 0 && !match_qname_part(name, strlen(name))) {
		KC_AUTOFREE char *m =
			REGEX_ERROR(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc");

		r = m == NULL ? KC_ERR_NOMEM : add_prefixed(errs, &n, "name part ", m);
	}
	return r < 0 ? r : n;
}

int
kc_validation_is_valid_label_value(const char *value, struct kc_strv *errs)
{
	size_t len = strlen(value);
	int n = 0, r = 0;

	if (len > KC_VALIDATION_LABEL_VALUE_MAX)
		r = add(errs, &n, "must be no more than 63 characters");
	if (r >= 0 && len > 0 && !match_qname_part(value, len))
		r = add_steal(errs, &n,
			      REGEX_ERROR(LABEL_ERR, LABEL_FMT, "MyValue", "my_value", "12345"));
	return r < 0 ? r : n;
}

int
kc_validation_is_dns1123_label(const char *value, struct kc_strv *errs)
{
	size_t len = strlen(value);
	int n = 0, r = 0;

	if (len > KC_VALIDATION_DNS1123_LABEL_MAX)
		r = add(errs, &n, "must be no more than 63 characters");
	if (r >= 0 && !match_dns_label(value, len, 0)) {
		if (match_subdomain(value, len))
			r = add(errs, &n, "must not contain dots");
		else
			r = add_steal(errs, &n,
				      REGEX_ERROR(DNS1123_ERR, DNS1123_FMT, "my-name", "123-abc"));
	}
	return r < 0 ? r : n;
}

int
kc_validation_is_dns1123_subdomain(const char *value, struct kc_strv *errs)
{
	int n = 0, r = subdomain_errors(value, strlen(value), "", errs, &n);

	return r < 0 ? r : n;
}

int
kc_validation_is_dns1035_label(const char *value, struct kc_strv *errs)
{
	size_t len = strlen(value);
	int n = 0, r = 0;

	if (len > KC_VALIDATION_DNS1035_LABEL_MAX)
		r = add(errs, &n, "must be no more than 63 characters");
	if (r >= 0 && !match_dns_label(value, len, 1))
		r = add_steal(errs, &n,
			      REGEX_ERROR(DNS1035_ERR, DNS1035_FMT, "my-name", "abc-123"));
	return r < 0 ? r : n;
}

int
kc_validation_is_wildcard_dns1123_subdomain(const char *value, struct kc_strv *errs)
{
	size_t len = strlen(value);
	int n = 0, r = 0;

	if (len > KC_VALIDATION_DNS1123_SUBDOMAIN_MAX)
		r = add(errs, &n, "must be no more than 253 characters");
	if (r >= 0 &&
	    !(len > 2 && value[0] == '*' && value[1] == '.' && match_subdomain(value + 2, len - 2)))
		r = add_steal(errs, &n, REGEX_ERROR(WILDCARD_ERR, WILDCARD_FMT, "*.example.com"));
	return r < 0 ? r : n;
}

int
kc_validation_is_c_identifier(const char *value, struct kc_strv *errs)
{
	int n = 0, r = 0;

	if (!match_class(value, cident_first, cident_rest))
		r = add_steal(errs, &n,
			      REGEX_ERROR(CIDENT_ERR, CIDENT_FMT, "my_name", "MY_NAME", "MyName"));
	return r < 0 ? r : n;
}

int
kc_validation_is_in_range(int64_t value, int64_t min, int64_t max, struct kc_strv *errs)
{
	int n = 0, r = 0;

	if (value < min || value > max)
		r = add_steal(errs, &n, kc_validation_inclusive_range_error(min, max));
	return r < 0 ? r : n;
}

int
kc_validation_is_valid_port_num(int64_t port, struct kc_strv *errs)
{
	return kc_validation_is_in_range(port, 1, 65535, errs);
}

int
kc_validation_is_valid_group_id(int64_t gid, struct kc_strv *errs)
{
	return kc_validation_is_in_range(gid, 0, INT32_MAX, errs);
}

int
kc_validation_is_valid_user_id(int64_t uid, struct kc_strv *errs)
{
	return kc_validation_is_in_range(uid, 0, INT32_MAX, errs);
}

int
kc_validation_is_valid_port_name(const char *port, struct kc_strv *errs)
{
	size_t len = strlen(port);
	int n = 0, r = 0, charset_ok = len > 0, letter = 0;

	for (size_t i = 0; i < len; i++) {
		charset_ok &= is_lower_alnum(port[i]) || port[i] == '-';
		letter |= port[i] >= 'a' && port[i] <= 'z';
	}
	if (len > 15)
		r = add(errs, &n, "must be no more than 15 characters");
	if (r >= 0 && !charset_ok)
		r = add(errs, &n,
			"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
	if (r >= 0 && !letter)
		r = add(errs, &n, "must contain at least one letter (a-z)");
	if (r >= 0 && strstr(port, "--") != NULL)
		r = add(errs, &n, "must not contain consecutive hyphens");
	if (r >= 0 && len > 0 && (port[0] == '-' || port[len - 1] == '-'))
		r = add(errs, &n, "must not begin or end with a hyphen");
	return r < 0 ? r : n;
}

int
kc_validation_is_valid_percent(const char *value, struct kc_strv *errs)
{
	size_t len = strlen(value), digits = strspn(value, "0123456789");
	int n = 0, r = 0;

	if (!(digits > 0 && digits + 1 == len && value[digits] == '%'))
		r = add_steal(errs, &n, REGEX_ERROR(PERCENT_ERR, PERCENT_FMT, "1%", "93%"));
	return r < 0 ? r : n;
}

int
kc_validation_is_http_header_name(const char *value, struct kc_strv *errs)
{
	int n = 0, r = 0;

	if (!match_class(value, header_char, header_char))
		r = add_steal(errs, &n, REGEX_ERROR(HEADER_ERR, HEADER_FMT, "X-Header-Name"));
	return r < 0 ? r : n;
}

/* hasChDirPrefix */
static int
chdir_prefix_errors(const char *value, struct kc_strv *errs, int *n)
{
	if (strcmp(value, ".") == 0)
		return add(errs, n, "must not be '.'");
	if (strcmp(value, "..") == 0)
		return add(errs, n, "must not be '..'");
	if (strncmp(value, "..", 2) == 0)
		return add(errs, n, "must not start with '..'");
	return 0;
}

int
kc_validation_is_env_var_name(const char *value, struct kc_strv *errs)
{
	int n = 0, r = 0;

	if (!match_class(value, envvar_first, envvar_rest))
		r = add_steal(errs, &n,
			      REGEX_ERROR(ENVVAR_ERR, ENVVAR_FMT, "my.env-name", "MY_ENV.NAME",
					  "MyEnvName1"));
	if (r >= 0)
		r = chdir_prefix_errors(value, errs, &n);
	return r < 0 ? r : n;
}

int
kc_validation_is_config_map_key(const char *value, struct kc_strv *errs)
{
	int n = 0, r = 0;

	if (strlen(value) > KC_VALIDATION_DNS1123_SUBDOMAIN_MAX)
		r = add(errs, &n, "must be no more than 253 characters");
	if (r >= 0 && !match_class(value, cmkey_char, cmkey_char))
		r = add_steal(
			errs, &n,
			REGEX_ERROR(CMKEY_ERR, CMKEY_FMT, "key.name", "KEY_NAME", "key-name"));
	if (r >= 0)
		r = chdir_prefix_errors(value, errs, &n);
	return r < 0 ? r : n;
}

int
kc_validation_is_relaxed_env_var_name(const char *value, struct kc_strv *errs)
{
	int n = 0, r = 0;

	if (value[0] == '\0')
		r = add(errs, &n, "environment variable name must be non-empty");
	for (const unsigned char *p = (const unsigned char *)value; r >= 0 && *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f || *p == '=') {
			r = add(errs, &n,
				"a valid environment variable name must consist only of printable ASCII characters other than '='");
			break;
		}
	}
	return r < 0 ? r : n;
}

/* The messages of a count-only check, joined with sep; NULL when out of memory. */
static char *
joined_errors(int (*check)(const char *, struct kc_strv *), const char *value, const char *sep,
	      int *count)
{
	struct kc_strv msgs = KC_STRV_INIT;
	char *s = NULL;
	int r = check(value, &msgs);

	*count = r;
	if (r > 0)
		s = kc_strv_join(&msgs, sep);
	kc_strv_release(&msgs);
	if (r > 0 && s == NULL)
		*count = KC_ERR_NOMEM;
	return s;
}

/* field.Invalid(path, value, strings.Join(check(value), ",")) when check fails. */
static int
invalid_if(struct kc_strv *errs, int *n, const char *path,
	   int (*check)(const char *, struct kc_strv *), const char *value)
{
	int count;
	KC_AUTOFREE char *msg = joined_errors(check, value, ",", &count);

	if (count <= 0)
		return count;
	(*n)++;
	return kc_validation_field_invalid(errs, path, value, msg);
}

static size_t
count_segments(const char *s)
{
	size_t n = 1;

	for (; *s != '\0'; s++)
		n += *s == '.';
	return n;
}

int
kc_validation_is_fully_qualified_name(const char *path, const char *name, struct kc_strv *errs)
{
	int n = 0, r;

	if (name[0] == '\0') {
		r = kc_validation_field_required(errs, path, "");
		return r < 0 ? r : 1;
	}
	r = invalid_if(errs, &n, path, kc_validation_is_dns1123_subdomain, name);
	if (r != 0 || n > 0)
		return r < 0 ? r : n;
	if (count_segments(name) < 3) {
		r = kc_validation_field_invalid(
			errs, path, name,
			"should be a domain with at least three segments separated by dots");
		return r < 0 ? r : 1;
	}
	return 0;
}

int
kc_validation_is_fully_qualified_domain_name(const char *path, const char *name,
					     struct kc_strv *errs)
{
	KC_AUTOFREE char *host = strdup(name);
	size_t len;
	int n = 0, r;

	if (host == NULL)
		return KC_ERR_NOMEM;
	if (host[0] == '\0') {
		r = kc_validation_field_required(errs, path, "");
		return r < 0 ? r : 1;
	}
	len = strlen(host);
	if (host[len - 1] == '.')
		host[len - 1] = '\0';
	r = invalid_if(errs, &n, path, kc_validation_is_dns1123_subdomain, host);
	if (r != 0 || n > 0)
		return r < 0 ? r : n;
	if (count_segments(host) < 2) {
		r = kc_validation_field_invalid(
			errs, path, host,
			"should be a domain with at least two segments separated by dots");
		return r < 0 ? r : 1;
	}
	for (char *label = host, *dot;; label = dot + 1) {
		dot = strchr(label, '.');
		if (dot != NULL)
			*dot = '\0';
		r = invalid_if(errs, &n, path, kc_validation_is_dns1123_label, label);
		if (r != 0 || n > 0)
			return r < 0 ? r : n;
		if (dot == NULL)
			return 0;
	}
}

static int
http_path_char(char c)
{
	return is_alnum(c) || (c != '\0' && strchr("/-._~%!$&'()*+,;=:", c) != NULL);
}

int
kc_validation_is_domain_prefixed_path(const char *path, const char *value, struct kc_strv *errs)
{
	const char *slash = strchr(value, '/');
	KC_AUTOFREE char *host = NULL;
	struct kc_strv msgs = KC_STRV_INIT;
	int n = 0, r = 0;

	if (value[0] == '\0') {
		r = kc_validation_field_required(errs, path, "");
		return r < 0 ? r : 1;
	}
	if (slash == NULL || slash == value || slash[1] == '\0') {
		r = kc_validation_field_invalid(
			errs, path, value,
			"must be a domain-prefixed path (such as \"acme.io/foo\")");
		return r < 0 ? r : 1;
	}
	host = strndup(value, (size_t)(slash - value));
	if (host == NULL)
		return KC_ERR_NOMEM;
	r = kc_validation_is_dns1123_subdomain(host, &msgs);
	for (size_t i = 0; r >= 0 && i < msgs.n; i++, n++)
		r = kc_validation_field_invalid(errs, path, host, msgs.v[i]);
	kc_strv_release(&msgs);
	if (r >= 0 && !match_class(slash + 1, http_path_char, http_path_char)) {
		KC_AUTOFREE char *m = kc_validation_regex_error(
			"Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+", NULL);

		r = m == NULL ? KC_ERR_NOMEM
			      : kc_validation_field_invalid(errs, path, slash + 1, m);
		n++;
	}
	return r < 0 ? r : n;
}

/* ---- IP addresses (k8s.io/utils/net parse.go, Go 1.16's net parser) ------------------------ */

#define IP_BIG 0xFFFFFF

/* dtoi: decimal digits at s; the value and the count, or -1 when none or too big. */
static long
dtoi(const char *s, size_t *ret_len)
{
	long v = 0;
	size_t i;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (s[i] - '0');
		if (v >= IP_BIG)
			return -1;
	}
	*ret_len = i;
	return i == 0 ? -1 : v;
}

static long
xtoi(const char *s, size_t *ret_len)
{
	long v = 0;
	size_t i;

	for (i = 0;; i++) {
		char c = s[i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			break;
		v = v * 16 + d;
		if (v >= IP_BIG)
			return -1;
	}
	*ret_len = i;
	return i == 0 ? -1 : v;
}

/* parseIPv4 on the whole of [s, end): 4 decimal fields <= 255, leading zeros allowed. */
static int
parse_ipv4(const char *s, const char *end, unsigned char out[4])
{
	for (int i = 0; i < 4; i++) {
		size_t len;
		long v;

		if (s >= end)
			return -1;
		if (i > 0) {
			if (*s != '.')
				return -1;
			s++;
		}
		v = dtoi(s, &len);
		if (v < 0 || v > 0xFF || s + len > end)
			return -1;
		s += len;
		out[i] = (unsigned char)v;
	}
	return s == end ? 0 : -1;
}

static void
v4_mapped(const unsigned char v4[4], unsigned char out[16])
{
	memset(out, 0, 10);
	out[10] = out[11] = 0xff;
	memcpy(out + 12, v4, 4);
}

static int
parse_ipv6(const char *s, const char *end, unsigned char ip[16])
{
	int ellipsis = -1, i = 0;

	memset(ip, 0, 16);
	if (end - s >= 2 && s[0] == ':' && s[1] == ':') {
		ellipsis = 0;
		s += 2;
		if (s == end)
			return 0;
	}
	while (i < 16) {
		size_t len;
		long v = xtoi(s, &len);

		if (v < 0 || v > 0xFFFF || s + len > end)
			return -1;
		if (s + len < end && s[len] == '.') {
			unsigned char v4[4];

			if ((ellipsis < 0 && i != 12) || i + 4 > 16 || parse_ipv4(s, end, v4) < 0)
				return -1;
			memcpy(ip + i, v4, 4);
			s = end;
			i += 4;
			break;
		}
		ip[i] = (unsigned char)(v >> 8);
		ip[i + 1] = (unsigned char)v;
		i += 2;
		s += len;
		if (s == end)
			break;
		if (*s != ':' || s + 1 == end)
			return -1;
		s++;
		if (*s == ':') {
			if (ellipsis >= 0)
				return -1;
			ellipsis = i;
			if (++s == end)
				break;
		}
	}
	if (s != end)
		return -1;
	if (i < 16) {
		int n = 16 - i;

		if (ellipsis < 0)
			return -1;
		memmove(ip + ellipsis + n, ip + ellipsis, (size_t)(i - ellipsis));
		memset(ip + ellipsis, 0, (size_t)n);
	} else if (ellipsis >= 0) {
		return -1;
	}
	return 0;
}

static int
is_v4_mapped(const unsigned char ip[16])
{
	static const unsigned char prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return memcmp(ip, prefix, 12) == 0;
}

static int
parse_ip_range(const char *s, const char *end, unsigned char ip[16])
{
	for (const char *p = s; p < end; p++) {
		if (*p == '.') {
			unsigned char v4[4];

			if (parse_ipv4(s, end, v4) < 0)
				return KC_ERR_INVALID;
			v4_mapped(v4, ip);
			return 4;
		}
		if (*p == ':') {
			if (parse_ipv6(s, end, ip) < 0)
				return KC_ERR_INVALID;
			return is_v4_mapped(ip) ? 4 : 6;
		}
	}
	return KC_ERR_INVALID;
}

int
kc_validation_parse_ip(const char *s, unsigned char ret[16])
{
	unsigned char ip[16];
	int r = parse_ip_range(s, s + strlen(s), ip);

	if (r > 0)
		memcpy(ret, ip, 16);
	return r;
}

int
kc_validation_parse_cidr(const char *s, unsigned char ret_ip[16], int *ret_prefix_len)
{
	const char *slash = strchr(s, '/');
	unsigned char ip[16], v4[4];
	int family = 4;
	size_t len;
	long bits;

	if (slash == NULL)
		return KC_ERR_INVALID;
	if (parse_ipv4(s, slash, v4) == 0) {
		v4_mapped(v4, ip);
	} else if (parse_ipv6(s, slash, ip) == 0) {
		family = 6;
	} else {
		return KC_ERR_INVALID;
	}
	bits = dtoi(slash + 1, &len);
	if (bits < 0 || slash[1 + len] != '\0' || bits > (family == 4 ? 32 : 128))
		return KC_ERR_INVALID;
	memcpy(ret_ip, ip, 16);
	*ret_prefix_len = (int)bits;
	return family;
}

static int
ip_check(int ok, const char *detail, struct kc_strv *errs)
{
	int n = 0, r = 0;

	if (!ok)
		r = add(errs, &n, detail);
	return r < 0 ? r : n;
}

int
kc_validation_is_valid_ip(const char *value, struct kc_strv *errs)
{
	unsigned char ip[16];

	return ip_check(kc_validation_parse_ip(value, ip) > 0, IP_ERR, errs);
}

int
kc_validation_is_valid_ipv4_address(const char *value, struct kc_strv *errs)
{
	unsigned char ip[16];

	return ip_check(kc_validation_parse_ip(value, ip) == 4, "must be a valid IPv4 address",
			errs);
}

int
kc_validation_is_valid_ipv6_address(const char *value, struct kc_strv *errs)
{
	unsigned char ip[16];

	return ip_check(kc_validation_parse_ip(value, ip) == 6, "must be a valid IPv6 address",
			errs);
}

int
kc_validation_is_valid_cidr(const char *value, struct kc_strv *errs)
{
	unsigned char ip[16];
	int bits;

	return ip_check(kc_validation_parse_cidr(value, ip, &bits) > 0, CIDR_ERR, errs);
}

/* ---- Go quoting and field.Error ------------------------------------------------------------ */

size_t
kc_validation_decode_rune(const char *str, size_t len, uint32_t *ret_rune)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t r, min;
	size_t n;

	if (s[0] < 0x80) {
		*ret_rune = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2, r = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3, r = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4, r = s[0] & 0x07, min = 0x10000;
	} else {
		goto bad;
	}
	if (len < n)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		r = (r << 6) | (s[i] & 0x3f);
	}
	if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		goto bad;
	*ret_rune = r;
	return n;
bad:
	*ret_rune = 0xfffd;
	return 1;
}

/* unicode.IsPrint, for the runes that matter in API text: letters, marks, symbols, punctuation. */
static int
is_go_print(uint32_t r)
{
	if (r < 0x20 || (r >= 0x7f && r <= 0x9f))
		return 0;
	switch (r) {
	case 0xa0:
	case 0xad:
	case 0x61c:
	case 0x1680:
	case 0x180e:
	case 0x202f:
	case 0x205f:
	case 0x3000:
	case 0xfeff:
		return 0;
	}
	if ((r >= 0x2000 && r <= 0x200f) || (r >= 0x2028 && r <= 0x202e) ||
	    (r >= 0x2060 && r <= 0x206f) || (r >= 0xfff9 && r <= 0xfffb) ||
	    (r >= 0xe000 && r <= 0xf8ff) || r >= 0xf0000 || (r & 0xfffe) == 0xfffe ||
	    (r >= 0xfdd0 && r <= 0xfdef))
		return 0;
	return 1;
}

int
kc_validation_quote(struct kc_strbuf *sb, const char *s, size_t len)
{
	int r = kc_strbuf_addch(sb, '"');
	size_t i = 0;

	while (r >= 0 && i < len) {
		uint32_t c;
		size_t n = kc_validation_decode_rune(s + i, len - i, &c);
		const char *esc = NULL;

		switch (c) {
		case '\a':
			esc = "\\a";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\v':
			esc = "\\v";
			break;
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		}
		if (esc != NULL)
			r = kc_strbuf_adds(sb, esc);
		else if (c == 0xfffd && n == 1)
			r = kc_strbuf_addf(sb, "\\x%02x", (unsigned char)s[i]);
		else if (c < 0x80 && is_go_print(c))
			r = kc_strbuf_addch(sb, (char)c);
		else if (c < 0x80)
			r = kc_strbuf_addf(sb, "\\x%02x", (unsigned)c);
		else if (is_go_print(c))
			r = kc_strbuf_add(sb, s + i, n);
		else if (c < 0x10000)
			r = kc_strbuf_addf(sb, "\\u%04x", (unsigned)c);
		else
			r = kc_strbuf_addf(sb, "\\U%08x", (unsigned)c);
		i += n;
	}
	return r < 0 ? r : kc_strbuf_addch(sb, '"');
}

/* "<path>: <type>" then optionally ": <quoted value>" and ": <detail>". */
static int
field_error(struct kc_strv *errs, const char *path, const char *type, const char *value,
	    const char *detail)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = kc_strbuf_addf(&sb, "%s: %s", path != NULL ? path : "<nil>", type);

	if (r >= 0 && value != NULL) {
		r = kc_strbuf_adds(&sb, ": ");
		if (r >= 0)
			r = kc_validation_quote(&sb, value, strlen(value));
	}
	if (r >= 0 && detail != NULL && detail[0] != '\0')
		r = kc_strbuf_addf(&sb, ": %s", detail);
	if (r < 0) {
		kc_strbuf_release(&sb);
		return r;
	}
	if (errs == NULL) {
		kc_strbuf_release(&sb);
		return 1;
	}
	r = kc_strv_push_steal(errs, kc_strbuf_detach(&sb, NULL));
	return r < 0 ? r : 1;
}

int
kc_validation_field_invalid(struct kc_strv *errs, const char *path, const char *value,
			    const char *detail)
{
	return field_error(errs, path, "Invalid value", value != NULL ? value : "", detail);
}

int
kc_validation_field_invalid_int(struct kc_strv *errs, const char *path, int64_t value,
				const char *detail)
{
	char type[64];

	snprintf(type, sizeof(type), "Invalid value: %" PRId64, value);
	return field_error(errs, path, type, NULL, detail);
}

int
kc_validation_field_required(struct kc_strv *errs, const char *path, const char *detail)
{
	return field_error(errs, path, "Required value", NULL, detail);
}

int
kc_validation_field_forbidden(struct kc_strv *errs, const char *path, const char *detail)
{
	return field_error(errs, path, "Forbidden", NULL, detail);
}

int
kc_validation_field_duplicate(struct kc_strv *errs, const char *path, const char *value)
{
	return field_error(errs, path, "Duplicate value", value, NULL);
}

int
kc_validation_field_not_found(struct kc_strv *errs, const char *path, const char *value)
{
	return field_error(errs, path, "Not found", value, NULL);
}

int
kc_validation_field_not_supported(struct kc_strv *errs, const char *path, const char *value,
				  const char *const *valid)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = 0;

	for (size_t i = 0; r >= 0 && valid != NULL && valid[i] != NULL; i++) {
		r = kc_strbuf_adds(&sb, i == 0 ? "supported values: " : ", ");
		if (r >= 0)
			r = kc_validation_quote(&sb, valid[i], strlen(valid[i]));
	}
	if (r >= 0)
		r = field_error(errs, path, "Unsupported value", value, sb.buf);
	kc_strbuf_release(&sb);
	return r;
}

int
kc_validation_field_too_long(struct kc_strv *errs, const char *path, int64_t max)
{
	char detail[64];

	if (max >= 0)
		snprintf(detail, sizeof(detail), "may not be more than %" PRId64 " bytes", max);
	else
		snprintf(detail, sizeof(detail), "value is too long");
	return field_error(errs, path, "Too long", NULL, detail);
}

int
kc_validation_field_too_many(struct kc_strv *errs, const char *path, int64_t actual, int64_t max)
{
	char type[64], detail[64];

	if (actual >= 0)
		snprintf(type, sizeof(type), "Too many: %" PRId64, actual);
	else
		snprintf(type, sizeof(type), "Too many");
	if (max >= 0)
		snprintf(detail, sizeof(detail), "must have at most %" PRId64 " items", max);
	else
		snprintf(detail, sizeof(detail), "has too many items");
	return field_error(errs, path, type, NULL, detail);
}

int
kc_validation_field_internal(struct kc_strv *errs, const char *path, const char *detail)
{
	return field_error(errs, path, "Internal error", NULL, detail);
}

char *
kc_validation_aggregate(const struct kc_strv *msgs)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	size_t shown = 0;
	int r = 0;

	for (size_t i = 0; r >= 0 && i < msgs->n; i++) {
		int seen = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(msgs->v[i], msgs->v[j]) == 0;
		if (seen)
			continue;
		if (shown++ > 0)
			r = kc_strbuf_adds(&sb, ", ");
		if (r >= 0)
			r = kc_strbuf_adds(&sb, msgs->v[i]);
	}
	if (r >= 0 && shown > 1) {
		char *s = NULL;

		if (asprintf(&s, "[%s]", sb.buf) < 0) {
			kc_strbuf_release(&sb);
			return NULL;
		}
		kc_strbuf_release(&sb);
		return s;
	}
	if (r < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}
