/*
 * flags.c - command-line flags as spf13/pflag parses them, with cobra's --help and errors
 * (upstream: github.com/spf13/pflag flag.go, string_slice.go; k8s.io/component-base/cli).
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
	int r = flag_store(f, value, f->changed == 0);

	if (r < 0) {
		if (f->type == KC_FLAG_MAP || f->type == KC_FLAG_MAP_BOOL)
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
			if (f->def != NULL && flag_store(f, f->def, 1) < 0) {
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
