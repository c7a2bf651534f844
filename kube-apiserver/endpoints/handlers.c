/*
 * handlers.c - routing a resource request to its verb's handler, and the helpers the verbs
 * share (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/installer.go registerResourceHandlers,
 * handlers/rest.go, apimachinery/pkg/apis/meta/v1 conversion of query parameters,
 * apimachinery/pkg/api/errors NewInvalid, apiserver/pkg/apis/meta/v1/validation ValidateDryRun).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/field_validation.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/metrics.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

static const char not_found_message[] = "the server could not find the requested resource";

const char *
api_list_kind(const struct api_resource *res, char *buf, size_t size)
{
	snprintf(buf, size, "%sList", res->kind);
	return buf;
}

const char *
api_group_version(const struct api_resource *res, char *buf, size_t size)
{
	return registry_group_version(res, buf, size);
}

int
api_query_bool(const struct api_request *r, const char *name, int def)
{
	const char *v = kc_http_query_get(r->http, name);

	if (v == NULL)
		return def;
	if (strcmp(v, "0") == 0 || strcasecmp(v, "f") == 0 || strcasecmp(v, "false") == 0)
		return 0;
	return 1;
}

int
api_query_int64(const struct api_request *r, const char *name, int64_t *ret, int *ret_set,
		char *err, size_t errlen)
{
	const char *v = kc_http_query_get(r->http, name);
	char *end;
	long long n;

	*ret_set = 0;
	if (v == NULL)
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (v[0] == '\0' || *end != '\0' || errno == ERANGE || v[0] == ' ' || v[0] == '\t') {
		snprintf(err, errlen, "strconv.ParseInt: parsing \"%s\": %s", v,
			 errno == ERANGE ? "value out of range" : "invalid syntax");
		return KC_ERR_BAD_REQUEST;
	}
	*ret = n;
	*ret_set = 1;
	return 0;
}

void
api_add_warnings(struct api_request *r, const struct kc_strv *warnings)
{
	char buf[1024];

	for (size_t i = 0; i < warnings->n; i++) {
		/* warning.AddWarning: the text quoted as an HTTP quoted-string */
		size_t o = 0;

		o += (size_t)snprintf(buf, sizeof(buf), "299 - \"");
		for (const char *p = warnings->v[i]; *p != '\0' && o + 4 < sizeof(buf); p++) {
			if (*p == '"' || *p == '\\')
				buf[o++] = '\\';
			buf[o++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
		}
		buf[o++] = '"';
		buf[o] = '\0';
		kc_http_reply_header_add(r->http, "Warning", buf);
	}
}

/* ---- NewInvalid ------------------------------------------------------------------------- */

json_t *
api_invalid_status(const char *group, const char *kind, const char *name, size_t n,
		   const char *const *fields, const char *const *reasons, const char *const *bodies)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf msg = KC_STRBUF_INIT;
	json_t *s = status_new(KC_ERR_INVALID, ""), *causes = json_array(), *details;

	if (s == NULL || causes == NULL)
		goto nomem;
	kc_strbuf_adds(&msg, kind);
	if (group[0] != '\0')
		kc_strbuf_addf(&msg, ".%s", group);
	kc_strbuf_addf(&msg, " \"%s\" is invalid", name);
	if (n > 0)
		kc_strbuf_adds(&msg, n > 1 ? ": [" : ": ");
	for (size_t i = 0; i < n; i++) {
		/* aggregated messages drop duplicates, as utilerrors.NewAggregate */
		int dup = 0;

		for (size_t j = 0; j < i; j++)
			if (strcmp(fields[i], fields[j]) == 0 && strcmp(bodies[i], bodies[j]) == 0)
				dup = 1;
		if (!dup)
			kc_strbuf_addf(&msg, "%s%s: %s", i > 0 ? ", " : "", fields[i], bodies[i]);
		json_array_append_new(causes, json_pack("{s:s, s:s, s:s}", "reason", reasons[i],
							"message", bodies[i], "field", fields[i]));
	}
	if (n > 1)
		kc_strbuf_addch(&msg, ']');
	details = json_object();
	if (details == NULL)
		goto nomem;
	json_object_set_new(details, "name", json_string(name));
	if (group[0] != '\0')
		json_object_set_new(details, "group", json_string(group));
	json_object_set_new(details, "kind", json_string(kind));
	json_object_set_new(details, "causes", causes);
	json_object_set_new(s, "message", json_string(msg.buf));
	json_object_del(s, "code");
	json_object_set_new(s, "details", details);
	json_object_set_new(s, "code", json_integer(422));
	return s;
nomem:
	json_decref(s);
	json_decref(causes);
	return NULL;
}

/* ---- dryRun ------------------------------------------------------------------------------- */

/*
 * The first fieldValidation value sets r->field_validation (the parameter codec reads one);
 * returns 1 with the field error's parts when it is not one upstream allows, else 0.
 */
static size_t
parse_field_validation(struct api_request *r, const char *value, const char **field,
		       const char **reason, const char **body, char **text)
{
	enum field_validation fv;
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (field_validation_parse(value, &fv) == 0) {
		r->field_validation = (int)fv;
		return 0;
	}
	kc_strbuf_addf(&sb, "Unsupported value: \"%s\": supported values: ", value);
	for (size_t i = 0; field_validation_values[i] != NULL; i++)
		kc_strbuf_addf(&sb, "%s\"%s\"", i > 0 ? ", " : "", field_validation_values[i]);
	*text = kc_strbuf_detach(&sb, NULL);
	*field = "fieldValidation";
	*reason = "FieldValueNotSupported";
	*body = *text != NULL ? *text : "Unsupported value";
	return 1;
}

int
api_parse_dry_run(struct api_request *r)
{
	const char *name, *value;
	const char *fields[8], *reasons[8], *bodies[8];
	char *texts[8];
	size_t n = 0;
	int any = 0;

	for (size_t i = 0; kc_http_query_nth(r->http, i, &name, &value) == 0; i++) {
		if (strcmp(name, "fieldValidation") == 0 && r->info.verb[0] != 'd' &&
		    n < KC_ARRAY_SIZE(texts)) {
			n += parse_field_validation(r, value, &fields[n], &reasons[n], &bodies[n],
						    &texts[n]);
			continue;
		}
		if (strcmp(name, "dryRun") != 0)
			continue;
		any = 1;
		if (strcmp(value, "All") == 0 || n == KC_ARRAY_SIZE(texts))
			continue;
		if (asprintf(&texts[n], "Unsupported value: \"%s\": supported values: \"All\"",
			     value) < 0)
			texts[n] = NULL;
		fields[n] = "dryRun";
		reasons[n] = "FieldValueNotSupported";
		bodies[n] = texts[n] != NULL ? texts[n] : "Unsupported value";
		n++;
	}
	if (n > 0) {
		json_t *s = api_invalid_status("meta.k8s.io",
					       r->info.verb[0] == 'd'   ? "DeleteOptions"
					       : r->info.verb[0] == 'c' ? "CreateOptions"
					       : r->info.verb[0] == 'p' ? "PatchOptions"
									: "UpdateOptions",
					       "", n, fields, reasons, bodies);

		for (size_t i = 0; i < n; i++)
			free(texts[i]);
		api_reply_status(r, s);
		return KC_ERR_INVALID;
	}
	if (any)
		r->flags |= STORE_DRY_RUN;
	return 0;
}

/* ---- field selectors ---------------------------------------------------------------------- */

int
api_field_selector(const struct api_resource *res, const char *selector, char **ret, char **ret_err)
{
	struct kc_field_selector *sel = NULL;
	int r;

	*ret = NULL;
	if (selector == NULL || selector[0] == '\0')
		return 0;
	r = kc_fields_parse(selector, &sel, ret_err);
	if (r < 0)
		return r == KC_ERR_INVALID ? KC_ERR_BAD_REQUEST : r;
	r = api_field_selector_convert(res, sel, ret_err);
	if (r == 0) {
		*ret = kc_field_selector_string(sel);
		if (*ret == NULL)
			r = KC_ERR_NOMEM;
	}
	kc_field_selector_free(sel);
	return r;
}

/* ---- metrics -------------------------------------------------------------------------------- */

static const char *const request_labels[] = { "verb",     "dry_run",     "group", "version",
					      "resource", "subresource", "scope", "component",
					      "code",     NULL };

/* apiserver_request_duration_seconds' buckets (endpoints/metrics/metrics.go) */
static const double latency_buckets[] = { 0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8,
					  1.0,   1.25,  1.5,  2,   3,   4,   5,   6,
					  8,     10,    15,   20,  30,  45,  60 };

int
api_metrics_register(struct handler_env *env, struct kc_metrics_registry *reg)
{
	env->requests = kc_metrics_counter(
		reg, "apiserver_request_total",
		"[STABLE] Counter of apiserver requests broken out for each verb, dry run value, "
		"group, version, resource, scope, component, and HTTP response code.",
		request_labels);
	/* the same labels but the code */
	static const char *const lat_labels[] = { "verb",    "dry_run",   "group",
						  "version", "resource",  "subresource",
						  "scope",   "component", NULL };
	env->latency = kc_metrics_histogram(
		reg, "apiserver_request_duration_seconds",
		"[STABLE] Response latency distribution in seconds for each verb, dry run value, "
		"group, version, resource, subresource, scope and component.",
		lat_labels, latency_buckets, KC_ARRAY_SIZE(latency_buckets));
	return env->requests != NULL && env->latency != NULL ? 0 : KC_ERR_NOMEM;
}

/* CleanVerb: LIST and WATCH for collection GETs, else the HTTP method. */
static const char *
clean_verb(const struct api_request *r)
{
	const char *v = r->info.verb;

	if (strcmp(v, "list") == 0)
		return "LIST";
	if (strcmp(v, "watch") == 0)
		return "WATCH";
	if (strcmp(v, "patch") == 0 && strncmp(kc_http_header_get(r->http, "Content-Type") ?: "",
					       "application/apply-patch", 23) == 0)
		return "APPLY";
	return r->http->method;
}

static const char *
metric_scope(const struct api_request *r)
{
	if (r->info.name != NULL && r->info.name[0] != '\0')
		return "resource";
	if (r->res != NULL && r->res->namespaced && r->info.namespace_[0] != '\0')
		return "namespace";
	return "cluster";
}

void
api_metrics_observe(const struct api_request *r)
{
	const struct handler_env *env = r->env;
	const char *verb = clean_verb(r), *dry = (r->flags & STORE_DRY_RUN) ? "All" : "";
	const char *scope = metric_scope(r);
	char code[16];

	if (env == NULL || env->requests == NULL)
		return;
	const char *group = r->info.api_group ?: "", *version = r->info.api_version ?: "";
	const char *resource = r->info.resource ?: "", *sub = r->info.subresource ?: "";

	snprintf(code, sizeof(code), "%d", r->code > 0 ? r->code : 200);
	kc_metric_inc(kc_metric_with(env->requests, verb, dry, group, version, resource, sub, scope,
				     "apiserver", code));
	if (strcmp(verb, "WATCH") != 0)
		kc_metric_observe(kc_metric_with(env->latency, verb, dry, group, version, resource,
						 sub, scope, "apiserver"),
				  (double)(kc_meta_now() - r->start_ns) / 1e9);
}

/* ---- routing ------------------------------------------------------------------------------ */

static unsigned int
verb_bit(const char *verb)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} verbs[] = {
		{ "get", VERB_GET },       { "list", VERB_LIST },
		{ "watch", VERB_WATCH },   { "create", VERB_CREATE },
		{ "update", VERB_UPDATE }, { "patch", VERB_PATCH },
		{ "delete", VERB_DELETE }, { "deletecollection", VERB_DELETECOLLECTION },
	};

	for (size_t i = 0; i < KC_ARRAY_SIZE(verbs); i++)
		if (strcmp(verb, verbs[i].name) == 0)
			return verbs[i].bit;
	return 0;
}

static void
reply_not_found_path(struct api_request *r)
{
	json_t *s = status_new(KC_ERR_NOT_FOUND, not_found_message);

	if (s != NULL) {
		json_object_del(s, "code");
		json_object_set_new(s, "details", json_object());
		json_object_set_new(s, "code", json_integer(404));
	}
	api_reply_status(r, s);
}

static void
reply_method_not_allowed(struct api_request *r)
{
	api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
			"the server does not allow this method on the requested resource");
}

/* Subresources that need the kubelet connection or token signing of later issues. */
static void
reply_not_served(struct api_request *r)
{
	char msg[256];

	snprintf(msg, sizeof(msg),
		 "%s/%s is not served by ckube's kube-apiserver yet (see docs/compat.md)",
		 r->info.resource, r->info.subresource);
	api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED, msg);
}

static void
dispatch(struct api_request *r)
{
	const char *v = r->info.verb;

	if (strcmp(v, "get") == 0)
		handle_get(r);
	else if (strcmp(v, "list") == 0)
		handle_list(r);
	else if (strcmp(v, "watch") == 0)
		handle_watch(r);
	else if (strcmp(v, "create") == 0)
		handle_create(r);
	else if (strcmp(v, "update") == 0)
		handle_update(r);
	else if (strcmp(v, "patch") == 0)
		handle_patch(r);
	else if (strcmp(v, "delete") == 0)
		handle_delete(r);
	else if (strcmp(v, "deletecollection") == 0)
		handle_deletecollection(r);
	else
		reply_method_not_allowed(r);
}

static int
sub_is(const struct api_request *r, const char *name)
{
	return r->sub != NULL && strcmp(r->sub->name, name) == 0;
}

/* Subresources this server implements (the rest is reply_not_served). */
static int
sub_served(const struct api_request *r)
{
	return r->sub == NULL || sub_is(r, "status") || sub_is(r, "scale") ||
	       sub_is(r, "binding") || sub_is(r, "eviction") || sub_is(r, "finalize") ||
	       sub_is(r, "ephemeralcontainers") || sub_is(r, "approval");
}

void
api_request_serve(struct kc_http_request *http, const struct handler_env *env,
		  struct request_info *info)
{
	struct api_request *r = calloc(1, sizeof(*r));
	unsigned int allowed, bit;

	if (r == NULL) {
		request_info_release(info);
		kc_http_reply_error(http, 500, "out of memory");
		return;
	}
	r->http = http;
	r->env = env;
	r->info = *info;
	memset(info, 0, sizeof(*info));
	r->now_ns = kc_meta_now();
	r->start_ns = r->now_ns;
	r->res = registry_lookup(r->info.api_group, r->info.api_version, r->info.resource);
	if (r->res == NULL) {
		reply_not_found_path(r);
		return;
	}
	/* a namespaced resource needs its namespace but for cluster-wide reads; a cluster-scoped
	 * one has none (namespaces are named like one in request info) */
	if (r->res->namespaced && r->info.namespace_[0] == '\0' &&
	    strcmp(r->info.verb, "list") != 0 && strcmp(r->info.verb, "watch") != 0) {
		reply_not_found_path(r);
		return;
	}
	if (!r->res->namespaced && r->info.namespace_[0] != '\0' &&
	    strcmp(r->res->resource, "namespaces") != 0) {
		reply_not_found_path(r);
		return;
	}
	allowed = r->res->verbs;
	if (r->info.subresource[0] != '\0') {
		r->sub = registry_subresource(r->res, r->info.subresource);
		if (r->sub == NULL || r->info.name[0] == '\0') {
			reply_not_found_path(r);
			return;
		}
		allowed = r->sub->verbs;
	}
	bit = verb_bit(r->info.verb);
	if (bit == 0 || !(allowed & bit)) {
		reply_method_not_allowed(r);
		return;
	}
	if (!sub_served(r)) {
		reply_not_served(r);
		return;
	}
	r->store = store_set_get(env->stores, r->res);
	dispatch(r);
}
