/*
 * cronjob.c - the CronJob strategy and a schedule parser with robfig/cron v3's ParseStandard
 * errors (upstream: pkg/registry/batch/cronjob/strategy.go, pkg/apis/batch/v1/defaults.go
 * SetDefaults_CronJob, pkg/apis/batch/validation/validation.go ValidateCronJobCreate,
 * validateCronJobSpec, validateScheduleFormat, validateTimeZone, ValidateJobTemplateSpec;
 * github.com/robfig/cron/v3 parser.go).
 *
 * The job template gets pod-template defaults only (SetDefaults_Job does not apply to it).
 * Time zones are checked for form, not against the zone database (that would be I/O).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

/* ---- cron schedules ---------------------------------------------------------------------------- */

struct cron_bounds {
	unsigned min, max;
	const char *const *names; /* index i names value i + name_base */
	unsigned name_base;
};

static const char *const month_names[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul",
					   "aug", "sep", "oct", "nov", "dec", NULL };
static const char *const dow_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL };

static const struct cron_bounds cron_fields[] = {
	{ 0, 59, NULL, 0 },        /* minute */
	{ 0, 23, NULL, 0 },        /* hour */
	{ 1, 31, NULL, 0 },        /* day of month */
	{ 1, 12, month_names, 1 }, /* month */
	{ 0, 6, dow_names, 0 },    /* day of week */
};

/* strconv.Atoi + mustParseInt; err (size >= 256) gets robfig's message. */
static int
must_parse_int(const char *s, unsigned *ret, char *err, size_t size)
{
	char *end;
	long long v;
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (*p == '\0' || strspn(p, "0123456789") != strlen(p)) {
		snprintf(
			err, size,
			"failed to parse int from %s: strconv.Atoi: parsing \"%s\": invalid syntax",
			s, s);
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE || v > INT_MAX * 2LL * 1024 * 1024 ||
	    v < -(INT_MAX * 2LL * 1024 * 1024)) {
		snprintf(
			err, size,
			"failed to parse int from %s: strconv.Atoi: parsing \"%s\": value out of range",
			s, s);
		return -1;
	}
	if (v < 0) {
		snprintf(err, size, "negative number (%lld) not allowed: %s", v, s);
		return -1;
	}
	*ret = v > UINT_MAX ? UINT_MAX : (unsigned)v;
	return 0;
}

static int
parse_int_or_name(const char *s, const struct cron_bounds *b, unsigned *ret, char *err, size_t size)
{
	for (size_t i = 0; b->names != NULL && b->names[i] != NULL; i++)
		if (strcasecmp(s, b->names[i]) == 0) {
			*ret = (unsigned)i + b->name_base;
			return 0;
		}
	return must_parse_int(s, ret, err, size);
}

/* getRange for one comma-separated term */
static int
cron_range(const char *expr, const struct cron_bounds *b, char *err, size_t size)
{
	KC_AUTOFREE char *copy = strdup(expr);
	char *slash, *dash, *low;
	unsigned start, end, step = 1;
	int single;

	if (copy == NULL)
		return KC_ERR_NOMEM;
	slash = strchr(copy, '/');
	if (slash != NULL) {
		*slash++ = '\0';
		if (strchr(slash, '/') != NULL) {
			snprintf(err, size, "too many slashes: %s", expr);
			return -1;
		}
	}
	low = copy;
	dash = strchr(low, '-');
	single = dash == NULL;
	if (strcmp(low, "*") == 0 || strcmp(low, "?") == 0) {
		start = b->min;
		end = b->max;
	} else {
		if (dash != NULL) {
			*dash++ = '\0';
			if (strchr(dash, '-') != NULL) {
				snprintf(err, size, "too many hyphens: %s", expr);
				return -1;
			}
		}
		if (parse_int_or_name(low, b, &start, err, size) < 0)
			return -1;
		end = start;
		if (dash != NULL && parse_int_or_name(dash, b, &end, err, size) < 0)
			return -1;
	}
	if (slash != NULL) {
		if (must_parse_int(slash, &step, err, size) < 0)
			return -1;
		if (single)
			end = b->max;
	}
	if (start < b->min) {
		snprintf(err, size, "beginning of range (%u) below minimum (%u): %s", start, b->min,
			 expr);
		return -1;
	}
	if (end > b->max) {
		snprintf(err, size, "end of range (%u) above maximum (%u): %s", end, b->max, expr);
		return -1;
	}
	if (start > end) {
		snprintf(err, size, "beginning of range (%u) beyond end of range (%u): %s", start,
			 end, expr);
		return -1;
	}
	if (step == 0) {
		snprintf(err, size, "step of range should be a positive number: %s", expr);
		return -1;
	}
	return 0;
}

/* time.ParseDuration's accepted form, enough for "@every 5m", "@every 1h30m". */
static int
valid_duration(const char *s)
{
	static const char *const units[] = { "ns", "us", "µs", "μs", "ms", "s", "m", "h", NULL };
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (strcmp(p, "0") == 0)
		return 1;
	if (*p == '\0')
		return 0;
	while (*p != '\0') {
		size_t digits = strspn(p, "0123456789"), matched = 0;

		p += digits;
		if (*p == '.') {
			size_t frac = strspn(p + 1, "0123456789");

			if (digits == 0 && frac == 0)
				return 0;
			p += 1 + frac;
		} else if (digits == 0) {
			return 0;
		}
		for (size_t i = 0; units[i] != NULL; i++) {
			size_t n = strlen(units[i]);

			if (strncmp(p, units[i], n) == 0 && n > matched)
				matched = n;
		}
		if (matched == 0)
			return 0;
		p += matched;
	}
	return 1;
}

int
cronjob_parse_schedule(const char *spec, char *err, size_t size)
{
	KC_AUTOFREE char *copy = NULL;
	struct kc_strbuf list = KC_STRBUF_INIT;
	char *fields[16], *save = NULL, *tok;
	size_t n = 0;
	const char *s = spec;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0') {
		snprintf(err, size, "empty spec string");
		return -1;
	}
	if (strncmp(s, "TZ=", 3) == 0 || strncmp(s, "CRON_TZ=", 8) == 0) {
		const char *sp = strchr(s, ' '), *eq = strchr(s, '=');

		if (sp == NULL) {
			/* upstream slices with index -1 and panics; the panic is recovered as: */
			snprintf(err, size, "provided bad location %s: unknown time zone %s",
				 eq + 1, eq + 1);
			return -1;
		}
		s = sp;
		while (isspace((unsigned char)*s))
			s++;
	}
	if (*s == '@') {
		static const char *const descriptors[] = { "@yearly", "@annually", "@monthly",
							   "@weekly", "@daily",    "@midnight",
							   "@hourly", NULL };

		for (size_t i = 0; descriptors[i] != NULL; i++)
			if (strcmp(s, descriptors[i]) == 0)
				return 0;
		if (strncmp(s, "@every ", 7) == 0) {
			if (valid_duration(s + 7))
				return 0;
			snprintf(err, size,
				 "failed to parse duration %s: time: invalid duration \"%s\"", s,
				 s + 7);
			return -1;
		}
		snprintf(err, size, "unrecognized descriptor: %s", s);
		return -1;
	}
	copy = strdup(s);
	if (copy == NULL)
		return KC_ERR_NOMEM;
	for (tok = strtok_r(copy, " \t\n\r\v\f", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\n\r\v\f", &save))
		if (n < KC_ARRAY_SIZE(fields))
			fields[n++] = tok;
		else
			n++;
	if (n != 5) {
		for (size_t i = 0; i < n && i < KC_ARRAY_SIZE(fields); i++)
			kc_strbuf_addf(&list, "%s%s", i ? " " : "", fields[i]);
		snprintf(err, size, "expected exactly 5 fields, found %zu: [%s]", n, list.buf);
		kc_strbuf_release(&list);
		return -1;
	}
	for (size_t f = 0; f < 5; f++) {
		KC_AUTOFREE char *terms = strdup(fields[f]);
		char *tsave = NULL;

		if (terms == NULL)
			return KC_ERR_NOMEM;
		/* strings.FieldsFunc on ',' : empty terms are skipped */
		for (tok = strtok_r(terms, ",", &tsave); tok != NULL;
		     tok = strtok_r(NULL, ",", &tsave)) {
			int r = cron_range(tok, &cron_fields[f], err, size);

			if (r != 0)
				return r;
		}
	}
	return 0;
}

/* ---- the CronJob strategy --------------------------------------------------------------------- */

static int
cronjob_defaults(json_t *cj)
{
	json_t *spec = strategy_ensure_object(cj, "spec"), *jt;
	int r;

	if (spec == NULL)
		return jhas(cj, "spec") ? 0 : KC_ERR_NOMEM;
	if ((r = strategy_default_str(spec, "concurrencyPolicy", "Allow")) < 0 ||
	    (r = strategy_default_bool(spec, "suspend", 0)) < 0 ||
	    (r = strategy_default_int(spec, "successfulJobsHistoryLimit", 3)) < 0 ||
	    (r = strategy_default_int(spec, "failedJobsHistoryLimit", 1)) < 0)
		return r;
	jt = strategy_ensure_object(spec, "jobTemplate");
	if (jt != NULL && json_object_get(jt, "metadata") == NULL &&
	    json_object_set_new(jt, "metadata", json_pack("{s:n}", "creationTimestamp")) < 0)
		return KC_ERR_NOMEM;
	jt = strategy_ensure_object(jt, "spec");
	if (jt == NULL)
		return 0;
	if ((r = job_pod_failure_policy_defaults(jt)) < 0)
		return r;
	return podtemplate_defaults(strategy_ensure_object(jt, "template"));
}

static int
cronjob_prepare_for_create(json_t *cj)
{
	return json_object_set_new(cj, "status", json_object()) < 0 ? KC_ERR_NOMEM : 0;
}

static int
valid_tz_chars(const char *tz)
{
	/* validTimeZoneCharacters: ^[A-Za-z\.\-_0-9+]{1,14}$ per path element */
	const char *p = tz;

	while (*p != '\0') {
		size_t n = strspn(
			p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-_0123456789+");

		if (n == 0 || n > 14)
			return 0;
		p += n;
		if (*p == '/')
			p++;
		else if (*p != '\0')
			return 0;
	}
	return 1;
}

static void
validate_time_zone(const json_t *spec, struct field_errors *errs)
{
	const char *tz = jstr(spec, "timeZone");
	char detail[256];

	if (tz == NULL)
		return;
	if (tz[0] == '\0') {
		field_errors_invalid(errs, "spec.timeZone", tz,
				     "timeZone must be nil or non-empty string");
		return;
	}
	if (strcasecmp(tz, "Local") == 0) {
		field_errors_invalid(
			errs, "spec.timeZone", tz,
			"timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
		return;
	}
	if (!valid_tz_chars(tz)) {
		snprintf(detail, sizeof(detail), "unknown time zone %s", tz);
		field_errors_invalid(errs, "spec.timeZone", tz, detail);
	}
}

static void
validate_job_template(const json_t *spec, struct field_errors *errs)
{
	const json_t *jt = jobj(spec, "jobTemplate"), *js = jobj(jt, "spec");
	static const char *const manual[] = { "nil", "false", NULL };

	job_validate_spec_common(js, "spec.jobTemplate.spec", errs);
	if (jhas(js, "selector"))
		strategy_invalid_rendered(errs, "spec.jobTemplate.spec.selector",
					  json_object_get(js, "selector"), go_label_selector,
					  "`selector` will be auto-generated");
	if (jbool(js, "manualSelector"))
		field_errors_not_supported_raw(errs, "spec.jobTemplate.spec.manualSelector", "true",
					       manual);
}

static void
validate_spec(const json_t *cj, const json_t *old, struct field_errors *errs)
{
	static const char *const policies[] = { "Allow", "Forbid", "Replace", NULL };
	const json_t *spec = jobj(cj, "spec"), *ospec = jobj(old, "spec");
	const char *sched = jstr0(spec, "schedule"), *cp = jstr0(spec, "concurrencyPolicy");
	static const char *const limits[] = { "successfulJobsHistoryLimit",
					      "failedJobsHistoryLimit" };
	char err[512], p[FPATH_MAX];

	if (sched[0] == '\0') {
		field_errors_required(errs, "spec.schedule", "");
	} else {
		int allow_tz = old != NULL && strstr(jstr0(ospec, "schedule"), "TZ") != NULL;

		if (cronjob_parse_schedule(sched, err, sizeof(err)) != 0)
			field_errors_invalid(errs, "spec.schedule", sched, err);
		if (allow_tz && strstr(sched, "TZ") != NULL && jhas(spec, "timeZone"))
			field_errors_invalid(
				errs, "spec.schedule", sched,
				"cannot use both timeZone field and TZ or CRON_TZ in schedule");
		else if (!allow_tz && strstr(sched, "TZ") != NULL)
			field_errors_invalid(
				errs, "spec.schedule", sched,
				"cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
	}
	if (jhas(spec, "startingDeadlineSeconds"))
		strategy_validate_nonnegative(errs, "spec.startingDeadlineSeconds",
					      jint(spec, "startingDeadlineSeconds", 0));
	if (old == NULL || !strategy_key_equal(spec, ospec, "timeZone"))
		validate_time_zone(spec, errs);
	if (cp[0] == '\0')
		field_errors_required(errs, "spec.concurrencyPolicy", "");
	else if (!streq(cp, "Allow") && !streq(cp, "Forbid") && !streq(cp, "Replace"))
		field_errors_not_supported(errs, "spec.concurrencyPolicy", cp, policies);
	validate_job_template(spec, errs);
	for (size_t i = 0; i < 2; i++)
		if (jhas(spec, limits[i]))
			strategy_validate_nonnegative(errs, fpath_child(p, "spec", limits[i]),
						      jint(spec, limits[i], 0));
}

static void
cronjob_validate(const struct api_resource *res, const json_t *cj, struct field_errors *errs)
{
	const char *name = jstr0(jobj(cj, "metadata"), "name");

	strategy_validate_object_meta(cj, 1, NAME_DNS1123_SUBDOMAIN, errs);
	validate_spec(cj, NULL, errs);
	/* the controller appends an 11-character suffix to job names (63 - 11 = 52) */
	if (strlen(name) > 52)
		field_errors_invalid(errs, "metadata.name", name,
				     "must be no more than 52 characters");
}

static void
cronjob_validate_update(const struct api_resource *res, const json_t *cj, const json_t *old,
			struct field_errors *errs)
{
	strategy_validate_object_meta_update(cj, old, errs);
	validate_spec(cj, old, errs);
}

static void
cronjob_warnings_on_create(const json_t *obj, struct kc_strv *warnings)
{
	workload_name_warning(obj, warnings);
	job_spec_warnings(jobj(jobj(jobj(obj, "spec"), "jobTemplate"), "spec"),
			  "spec.jobTemplate.spec", warnings);
}

const struct api_strategy strategy_cronjobs = {
	.kind = "CronJob",
	.flags = STRATEGY_GENERATION | STRATEGY_STATUS,
	.defaults = cronjob_defaults,
	.prepare_for_create = cronjob_prepare_for_create,
	.validate = cronjob_validate,
	.warnings_on_create = cronjob_warnings_on_create,
	.validate_update = cronjob_validate_update,
};
