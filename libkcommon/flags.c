/*
 * flags.c - command-line flags as spf13/pflag parses them, with cobra's --help and errors
 * (upstream: github.com/spf13/pflag flag.go, string_slice.go; k8s.io/component-base/cli and its
 * flag/namedcertkey_flag.go, flag/ciphersuites_flag.go TLSVersion(); k8s.io/apiserver
 * pkg/server/options/serving.go SecureServingOptions.Validate()).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/flags.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/validation.h"
#include "libkcommon/version.h"

static int common_help;
static char *common_version;
static int common_v;
static char *common_vmodule;
static int64_t common_log_flush;
static char *common_logging_format;

struct kc_flag kc_common_flags[] = {
	{ .name = "help", .shorthand = 'h', .type = KC_FLAG_BOOL, .value = &common_help,
	  .usage = "help for this command" },
	{ .name = "version", .type = KC_FLAG_STRING, .value = &common_version, .def = "false",
	  .noopt = "true", .type_name = "version[=true]",
	  .usage = "--version, --version=raw prints version information and quits" },
	{ .name = "v", .shorthand = 'v', .type = KC_FLAG_INT, .value = &common_v, .def = "0",
	  .type_name = "Level", .usage = "number for the log level verbosity" },
	{ .name = "vmodule", .type = KC_FLAG_STRING, .value = &common_vmodule,
	  .type_name = "pattern=N,...",
	  .usage = "comma-separated list of pattern=N settings for file-filtered logging (only works for text log format)" },
	{ .name = "log-flush-frequency", .type = KC_FLAG_DURATION, .value = &common_log_flush,
	  .def = "5s", .usage = "Maximum number of seconds between log flushes" },
	{ .name = "logging-format", .type = KC_FLAG_STRING, .value = &common_logging_format,
	  .def = "text", .usage = "Sets the log format. Permitted formats: \"text\"." },
	{ NULL },
};

/* Where KC_FLAG_IGNORED flags without a `value` write: parsed, then dropped. */
static union {
	int i;
	int64_t i64;
	double f;
	char *s;
	struct kc_strv sv;
} ignored_sink[KC_FLAG_IP + 1];

static void *
flag_value(const struct kc_flag *f)
{
	return f->value != NULL ? f->value : &ignored_sink[f->type];
}

static void
errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int
kc_flags_nonempty(const char *value)
{
	return value != NULL && *value != '\0';
}

int
kc_parse_bool(const char *s, int *ret)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (strcmp(s, t[i]) == 0) {
			*ret = 1;
			return 0;
		}
		if (strcmp(s, f[i]) == 0) {
			*ret = 0;
			return 0;
		}
	}
	return KC_ERR_INVALID;
}

static int
parse_int64(const char *s, int64_t min, int64_t max, int64_t *ret)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (*s == '\0' || *end != '\0')
		return KC_ERR_INVALID;
	if (errno == ERANGE || v < min || v > max)
		return KC_ERR_RANGE;
	*ret = v;
	return 0;
}

static int
store_string(char **slot, const char *value)
{
	char *copy = strdup(value);

	if (copy == NULL)
		return KC_ERR_NOMEM;
	free(*slot);
	*slot = copy;
	return 0;
}

/* "k1=v1,k2=v2" appended to a list; every pair needs '=' and a non-empty key (and a Go bool
 * value when bool_values). */
static int
parse_map(struct kc_strv *sv, const char *s, int bool_values)
{
	struct kc_strv parts = KC_STRV_INIT;
	int r = 0;

	if (*s == '\0')
		return 0;
	if (kc_strv_split(&parts, s, ',') < 0)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < parts.n && r == 0; i++) {
		const char *eq = strchr(parts.v[i], '=');

		int b;

		if (eq == NULL || eq == parts.v[i] || (bool_values && kc_parse_bool(eq + 1, &b) < 0))
			r = KC_ERR_INVALID;
		else
			r = kc_strv_push(sv, parts.v[i]);
	}
	kc_strv_release(&parts);
	return r;
}

static int
flag_store(struct kc_flag *f, const char *value, int replace_list)
{
	void *v = flag_value(f);
	int64_t i64;
	double d;
	char *end;
	int b, r;

	switch (f->type) {
	case KC_FLAG_BOOL:
		if (kc_parse_bool(value, &b) < 0)
			return KC_ERR_INVALID;
		*(int *)v = b;
		return 0;
	case KC_FLAG_INT:
		r = parse_int64(value, INT32_MIN, INT32_MAX, &i64);
		if (r < 0)
			return r;
		*(int *)v = (int)i64;
		return 0;
	case KC_FLAG_INT64:
		r = parse_int64(value, INT64_MIN, INT64_MAX, &i64);
		if (r < 0)
			return r;
		*(int64_t *)v = i64;
		return 0;
	case KC_FLAG_FLOAT:
		errno = 0;
		d = strtod(value, &end);
		if (*value == '\0' || *end != '\0' || errno == ERANGE || isnan(d))
			return KC_ERR_INVALID;
		*(double *)v = d;
		return 0;
	case KC_FLAG_STRING:
		return store_string(v, value);
	case KC_FLAG_STRINGS: {
		struct kc_strv *sv = v;

		if (replace_list)
			kc_strv_release(sv);
		return *value == '\0' ? 0 : kc_strv_split(sv, value, ',');
	}
	case KC_FLAG_DURATION:
		return kc_duration_parse(value, (int64_t *)v);
	case KC_FLAG_IP: {
		unsigned char addr[16];

		if (inet_pton(AF_INET, value, addr) != 1 && inet_pton(AF_INET6, value, addr) != 1)
			return KC_ERR_INVALID;
		return store_string(v, value);
	}
	case KC_FLAG_STRING_ARRAY:
		if (replace_list)
			kc_strv_release(v);
		return kc_strv_push(v, value);
	case KC_FLAG_MAP_BOOL:
	case KC_FLAG_MAP: {
		struct kc_strv tmp = KC_STRV_INIT;

		r = parse_map(&tmp, value, f->type == KC_FLAG_MAP_BOOL);
		if (r < 0) {
			kc_strv_release(&tmp);
			return r;
		}
		if (replace_list)
			kc_strv_release(v);
		for (size_t i = 0; i < tmp.n && r == 0; i++)
			r = kc_strv_push(v, tmp.v[i]);
		kc_strv_release(&tmp);
		return r;
	}
	}
	return KC_ERR_INVALID;
}

static const char *
type_name(const struct kc_flag *f)
{
	static const char *const names[] = {
		[KC_FLAG_BOOL] = "",	       [KC_FLAG_INT] = "int",
		[KC_FLAG_INT64] = "int",       [KC_FLAG_FLOAT] = "float",
		[KC_FLAG_STRING] = "string",   [KC_FLAG_STRINGS] = "strings",
		[KC_FLAG_DURATION] = "duration", [KC_FLAG_MAP] = "mapStringString",
		[KC_FLAG_MAP_BOOL] = "mapStringBool", [KC_FLAG_STRING_ARRAY] = "stringArray",
		[KC_FLAG_IP] = "ip",
	};

	return f->type_name != NULL ? f->type_name : names[f->type];
}

int
kc_flags_set(struct kc_flag *f, const char *value, char *err, size_t errlen)
{
	char why[256] = "";
	int r = f->check != NULL ? f->check(value, why, sizeof(why)) : 0;

	if (r >= 0)
		r = flag_store(f, value, f->changed == 0);
	if (r < 0) {
		if (why[0] != '\0')
			errf(err, errlen, "invalid argument \"%s\" for \"--%s\" flag: %s", value,
			     f->name, why);
		else if (f->type == KC_FLAG_MAP || f->type == KC_FLAG_MAP_BOOL)
			errf(err, errlen, "invalid argument \"%s\" for \"--%s\" flag: %s must be formatted as key=%s",
			     value, f->name, value, f->type == KC_FLAG_MAP ? "value" : "bool");
		else if (f->type == KC_FLAG_IP)
			errf(err, errlen, "invalid argument \"%s\" for \"--%s\" flag: failed to parse IP: \"%s\"",
			     value, f->name, value);
		else
			errf(err, errlen, "invalid argument \"%s\" for \"--%s\" flag: %s", value, f->name,
			     r == KC_ERR_RANGE ? "value out of range" : "invalid syntax");
		return r;
	}
	f->changed++;
	if (f->opts & KC_FLAG_IGNORED)
		kc_warning("flag --%s is accepted but ignored by ckube (see docs/compat.md)", f->name);
	if (f->opts & KC_FLAG_DEPRECATED)
		kc_warning("flag --%s has been deprecated, %s", f->name,
			   f->deprecated ? f->deprecated : "it will be removed in a future release");
	return 0;
}

static void
flag_reset(struct kc_flag *f)
{
	void *v = flag_value(f);

	f->changed = 0;
	switch (f->type) {
	case KC_FLAG_BOOL:
	case KC_FLAG_INT:
		*(int *)v = 0;
		break;
	case KC_FLAG_INT64:
	case KC_FLAG_DURATION:
		*(int64_t *)v = 0;
		break;
	case KC_FLAG_FLOAT:
		*(double *)v = 0;
		break;
	case KC_FLAG_STRING:
	case KC_FLAG_IP:
		free(*(char **)v);
		*(char **)v = NULL;
		break;
	case KC_FLAG_STRINGS:
	case KC_FLAG_STRING_ARRAY:
	case KC_FLAG_MAP_BOOL:
	case KC_FLAG_MAP:
		kc_strv_release(v);
		break;
	}
}

struct kc_flag *
kc_flags_lookup(struct kc_flagset *fs, const char *name)
{
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++)
			if (strcmp(f->name, name) == 0)
				return f;
	return NULL;
}

static struct kc_flag *
lookup_n(struct kc_flagset *fs, const char *name, size_t len)
{
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++)
			if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
				return f;
	return NULL;
}

static struct kc_flag *
lookup_short(struct kc_flagset *fs, char c)
{
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++)
			if (f->shorthand == c)
				return f;
	return NULL;
}

int
kc_flags_changed(struct kc_flagset *fs, const char *name)
{
	struct kc_flag *f = kc_flags_lookup(fs, name);

	return f != NULL && f->changed > 0;
}

void
kc_flags_release(struct kc_flagset *fs)
{
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++)
			flag_reset(f);
	kc_strv_release(&fs->args);
}

static int
apply_defaults(struct kc_flagset *fs, char *err, size_t errlen)
{
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++)
		for (struct kc_flag *f = s->flags; f->name != NULL; f++) {
			flag_reset(f);
			if (f->def != NULL &&
			    ((f->check != NULL && f->check(f->def, NULL, 0) < 0) ||
			     flag_store(f, f->def, 1) < 0)) {
				errf(err, errlen, "bad default \"%s\" for flag --%s", f->def, f->name);
				return KC_ERR_INVALID;
			}
		}
	return 0;
}

/* One "-abc" / "-n value" / "-n=value" argument; *i advances past a consumed value. */
static int
parse_short(struct kc_flagset *fs, int argc, char **argv, int *i, char *err, size_t errlen)
{
	const char *a = argv[*i] + 1;

	while (*a != '\0') {
		struct kc_flag *f = lookup_short(fs, *a);

		if (f == NULL) {
			errf(err, errlen, "unknown shorthand flag: '%c' in %s", *a, argv[*i]);
			return KC_ERR_INVALID;
		}
		if (a[1] == '=')
			return kc_flags_set(f, a + 2, err, errlen);
		if (f->type == KC_FLAG_BOOL || f->noopt != NULL) {
			int r = kc_flags_set(f, f->noopt ? f->noopt : "true", err, errlen);

			if (r < 0)
				return r;
			a++;
			continue;
		}
		if (a[1] != '\0')
			return kc_flags_set(f, a + 1, err, errlen);
		if (*i + 1 >= argc) {
			errf(err, errlen, "flag needs an argument: '%c' in -%c", *a, *a);
			return KC_ERR_INVALID;
		}
		return kc_flags_set(f, argv[++*i], err, errlen);
	}
	return 0;
}

static int
parse_long(struct kc_flagset *fs, int argc, char **argv, int *i, char *err, size_t errlen)
{
	const char *name = argv[*i] + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	struct kc_flag *f = lookup_n(fs, name, len);

	if (f == NULL || len == 0) {
		errf(err, errlen, "unknown flag: --%.*s", (int)len, name);
		return KC_ERR_INVALID;
	}
	if (eq != NULL)
		return kc_flags_set(f, eq + 1, err, errlen);
	if (f->noopt != NULL)
		return kc_flags_set(f, f->noopt, err, errlen);
	if (f->type == KC_FLAG_BOOL)
		return kc_flags_set(f, "true", err, errlen);
	if (*i + 1 >= argc) {
		errf(err, errlen, "flag needs an argument: --%s", f->name);
		return KC_ERR_INVALID;
	}
	return kc_flags_set(f, argv[++*i], err, errlen);
}

int
kc_flags_parse(struct kc_flagset *fs, int argc, char **argv, char *err, size_t errlen)
{
	int r = apply_defaults(fs, err, errlen);

	kc_strv_release(&fs->args);
	for (int i = 1; i < argc && r == 0; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			for (i++; i < argc && r == 0; i++)
				r = kc_strv_push(&fs->args, argv[i]);
			break;
		}
		if (a[0] == '-' && a[1] == '-')
			r = parse_long(fs, argc, argv, &i, err, errlen);
		else if (a[0] == '-' && a[1] != '\0')
			r = parse_short(fs, argc, argv, &i, err, errlen);
		else
			r = kc_strv_push(&fs->args, a);
	}
	return r;
}

static void
format_default(const struct kc_flag *f, struct kc_strbuf *sb)
{
	if (f->def == NULL || *f->def == '\0')
		return;
	if (f->type == KC_FLAG_BOOL && strcmp(f->def, "false") == 0)
		return;
	if ((f->type == KC_FLAG_INT || f->type == KC_FLAG_INT64) && strcmp(f->def, "0") == 0)
		return;
	if (f->type == KC_FLAG_STRING || f->type == KC_FLAG_IP)
		kc_strbuf_addf(sb, " (default \"%s\")", f->def);
	else if (f->type == KC_FLAG_STRINGS || f->type == KC_FLAG_STRING_ARRAY)
		kc_strbuf_addf(sb, " (default [%s])", f->def);
	else
		kc_strbuf_addf(sb, " (default %s)", f->def);
}

void
kc_flags_usage(struct kc_flagset *fs, FILE *out)
{
	if (fs->description != NULL)
		fprintf(out, "%s\n\n", fs->description);
	fprintf(out, "Usage:\n  %s [flags]\n", fs->cmd);
	for (struct kc_flag_section *s = fs->sections; s->title != NULL; s++) {
		size_t width = 0;

		for (struct kc_flag *f = s->flags; f->name != NULL; f++) {
			size_t w = 6 + 2 + strlen(f->name) + 1 + strlen(type_name(f));

			if (!(f->opts & KC_FLAG_HIDDEN) && w > width)
				width = w;
		}
		fprintf(out, "\n%s flags:\n\n", s->title);
		for (struct kc_flag *f = s->flags; f->name != NULL; f++) {
			struct kc_strbuf sb = KC_STRBUF_INIT;

			if (f->opts & KC_FLAG_HIDDEN)
				continue;
			if (f->shorthand)
				kc_strbuf_addf(&sb, "  -%c, --%s", f->shorthand, f->name);
			else
				kc_strbuf_addf(&sb, "      --%s", f->name);
			if (*type_name(f) != '\0')
				kc_strbuf_addf(&sb, " %s", type_name(f));
			while (sb.len < width + 3)
				kc_strbuf_addch(&sb, ' ');
			kc_strbuf_adds(&sb, f->usage ? f->usage : "");
			format_default(f, &sb);
			if (f->opts & KC_FLAG_DEPRECATED)
				kc_strbuf_addf(&sb, " (DEPRECATED: %s)",
					       f->deprecated ? f->deprecated : "will be removed");
			fprintf(out, "%s\n", sb.buf);
			kc_strbuf_release(&sb);
		}
	}
}

int
kc_flags_tls_version(const char *name, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		int version;
	} versions[] = {
		{ "VersionTLS10", 0x0301 },
		{ "VersionTLS11", 0x0302 },
		{ "VersionTLS12", 0x0303 },
		{ "VersionTLS13", 0x0304 },
	};

	if (name == NULL || *name == '\0')
		return 0;
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		if (strcmp(name, versions[i].name) == 0)
			return versions[i].version;
	errf(err, errlen, "unknown tls version \"%s\"", name);
	return KC_ERR_INVALID;
}

int
kc_flags_validate_secure_serving(int port, int required, const char *tls_min_version,
				 struct kc_strv *errs)
{
	size_t before = errs->n;
	char why[160];
	int r = 0;

	/* upstream: `s.Required && s.BindPort < 1 || s.BindPort > 65535` */
	if ((required && port < 1) || port > 65535)
		r = kc_strv_pushf(errs, "--secure-port %d must be between 1 and 65535, inclusive. It cannot be turned off with 0",
				  port);
	else if (port < 0)
		r = kc_strv_pushf(errs, "--secure-port %d must be between 0 and 65535, inclusive. 0 for turning off secure port",
				  port);
	if (r >= 0 && kc_flags_tls_version(tls_min_version, why, sizeof(why)) < 0)
		r = kc_strv_push(errs, why);
	return r < 0 ? r : (int)(errs->n - before);
}

/* Go's strings.TrimSpace() of s[0..*len), ASCII white space. */
static const char *
trim_space(const char *s, size_t *len)
{
	while (*len > 0 && strchr(" \t\n\v\f\r", *s) != NULL) {
		s++;
		(*len)--;
	}
	while (*len > 0 && strchr(" \t\n\v\f\r", s[*len - 1]) != NULL)
		(*len)--;
	return s;
}

static int
push_trimmed(struct kc_strv *sv, const char *s, size_t len)
{
	s = trim_space(s, &len);
	return kc_strv_pushn(sv, s, len);
}

/* "a,b:x,y": the names after the first ':' (trimmed, none empty as a whole). */
static int
parse_cert_key_names(const char *names, struct kc_strv *ret, char *err, size_t errlen)
{
	size_t len = strlen(names);
	const char *end;

	names = trim_space(names, &len);
	if (len == 0) {
		errf(err, errlen, "empty names list is not allowed");
		return KC_ERR_INVALID;
	}
	end = names + len;
	for (const char *p = names;; p++) {
		const char *comma = memchr(p, ',', end - p);
		const char *stop = comma != NULL ? comma : end;

		if (push_trimmed(ret, p, stop - p) < 0)
			return KC_ERR_NOMEM;
		if (comma == NULL)
			return 0;
		p = comma;
	}
}

/* One "key=value" of --feature-gates (trimmed as upstream trims them). */
static int
check_feature_gate(const char *kv, size_t len, char *err, size_t errlen)
{
	const char *eq = memchr(kv, '=', len);
	size_t klen = eq != NULL ? (size_t)(eq - kv) : len;
	size_t vlen = eq != NULL ? (size_t)(kv + len - eq - 1) : 0;
	const char *k = trim_space(kv, &klen);
	const char *v = eq != NULL ? trim_space(eq + 1, &vlen) : NULL;
	struct kc_strbuf quoted = KC_STRBUF_INIT;
	char *value;
	int b, r;

	if (v == NULL) {
		errf(err, errlen, "missing bool value for %.*s", (int)klen, k);
		return KC_ERR_INVALID;
	}
	value = strndup(v, vlen);
	if (value == NULL)
		return KC_ERR_NOMEM;
	r = kc_parse_bool(value, &b);
	if (r < 0 && kc_validation_quote(&quoted, v, vlen) >= 0)
		errf(err, errlen, "invalid value of %.*s=%s, err: strconv.ParseBool: parsing %s: invalid syntax",
		     (int)klen, k, value, quoted.buf);
	kc_strbuf_release(&quoted);
	free(value);
	return r;
}

int
kc_flags_check_feature_gates(const char *value, char *err, size_t errlen)
{
	for (const char *p = value;;) {
		size_t len = strcspn(p, ",");
		int r = len > 0 ? check_feature_gate(p, len, err, errlen) : 0;

		if (r < 0)
			return r;
		if (p[len] == '\0')
			return 0;
		p += len + 1;
	}
}

int
kc_flags_parse_named_cert_key(const char *value, struct kc_named_cert_key *ret, char *err,
			      size_t errlen)
{
	struct kc_named_cert_key nck = { NULL, NULL, KC_STRV_INIT };
	const char *colon = strchr(value, ':');
	size_t len = colon != NULL ? (size_t)(colon - value) : strlen(value);
	const char *keycert = trim_space(value, &len);
	const char *comma = memchr(keycert, ',', len);
	int r = 0;

	if (colon != NULL)
		r = parse_cert_key_names(colon + 1, &nck.names, err, errlen);
	if (r == 0 &&
	    (comma == NULL || memchr(comma + 1, ',', keycert + len - comma - 1) != NULL)) {
		errf(err, errlen, "expected comma separated certificate and key file paths");
		r = KC_ERR_INVALID;
	}
	if (r == 0) {
		size_t clen = comma - keycert, klen = keycert + len - comma - 1;
		const char *cert = trim_space(keycert, &clen);
		const char *key = trim_space(comma + 1, &klen);

		nck.cert_file = strndup(cert, clen);
		nck.key_file = strndup(key, klen);
		if (nck.cert_file == NULL || nck.key_file == NULL)
			r = KC_ERR_NOMEM;
	}
	if (r < 0) {
		kc_flags_named_cert_key_release(&nck);
		return r;
	}
	*ret = nck;
	return 0;
}

void
kc_flags_named_cert_key_release(struct kc_named_cert_key *nck)
{
	free(nck->cert_file);
	free(nck->key_file);
	nck->cert_file = nck->key_file = NULL;
	kc_strv_release(&nck->names);
}

int
kc_flags_check_named_cert_key(const char *value, char *err, size_t errlen)
{
	struct kc_named_cert_key nck;
	int r = kc_flags_parse_named_cert_key(value, &nck, err, errlen);

	if (r == 0)
		kc_flags_named_cert_key_release(&nck);
	return r;
}

void
kc_flags_parse_or_exit(struct kc_flagset *fs, int argc, char **argv)
{
	char err[512] = "";

	if (kc_flags_parse(fs, argc, argv, err, sizeof(err)) < 0) {
		fprintf(stderr, "Error: %s\n", err);
		exit(1);
	}
	if (common_help) {
		kc_flags_usage(fs, stdout);
		exit(0);
	}
	if (common_version != NULL && strcmp(common_version, "false") != 0) {
		if (strcmp(common_version, "raw") == 0)
			printf("version.Info{Major:\"%s\", Minor:\"%s\", GitVersion:\"%s\", GitCommit:\"%s\", GitTreeState:\"clean\", Compiler:\"gcc\", Platform:\"linux/amd64\"}\n",
			       KC_VERSION_MAJOR, KC_VERSION_MINOR, KC_GIT_VERSION, KC_GIT_COMMIT);
		else if (strcmp(common_version, "true") == 0)
			printf("Kubernetes %s\n", KC_GIT_VERSION);
		else {
			fprintf(stderr, "Error: invalid argument \"%s\" for \"--version\" flag: only true, false and raw are supported\n",
				common_version);
			exit(1);
		}
		exit(0);
	}
	if (fs->args.n > 0) {
		fprintf(stderr, "Error: \"%s\" does not take any arguments, got [\"%s\"]\n", fs->cmd,
			fs->args.v[0]);
		exit(1);
	}
	if (common_logging_format != NULL && strcmp(common_logging_format, "text") != 0) {
		fprintf(stderr, "Error: invalid argument \"%s\" for \"--logging-format\" flag: format %s is not supported, use \"text\"\n",
			common_logging_format, common_logging_format);
		exit(1);
	}
	kc_log_set_verbosity(common_v);
	if (common_vmodule != NULL && kc_log_set_vmodule(common_vmodule) < 0) {
		fprintf(stderr, "Error: invalid argument \"%s\" for \"--vmodule\" flag: expected pattern=N,...\n",
			common_vmodule);
		exit(1);
	}
}
