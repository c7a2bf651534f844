/*
 * strategy.c - the generic strategy and the metadata rules every kind shares (upstream:
 * staging/src/k8s.io/apiserver/pkg/registry/rest/create.go BeforeCreate, update.go
 * BeforeUpdate and validateCommonFields, apimachinery pkg/api/validation/objectmeta.go,
 * pkg/api/validation/path/name.go, pkg/apis/meta/v1/validation/validation.go,
 * pkg/apis/core/validation/validation.go ValidateObjectMeta/ValidateObjectMetaUpdate), plus the
 * JSON helpers and Go value renderers of strategy_util.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/labels.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define TOTAL_ANNOTATION_SIZE_LIMIT (256 * 1024)
#define IS_NEGATIVE_MSG             "must be greater than or equal to 0"

/* ---- JSON helpers -------------------------------------------------------------------------- */

json_t *
strategy_ensure_object(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_object(v))
		return v;
	if (v != NULL && !json_is_null(v))
		return NULL;
	if (!json_is_object(o) || json_object_set_new(o, key, json_object()) < 0)
		return NULL;
	return json_object_get(o, key);
}

int
strategy_set_str(json_t *o, const char *key, const char *value)
{
	return json_object_set_new(o, key, json_string(value)) < 0 ? KC_ERR_NOMEM : 0;
}

int
strategy_set_int(json_t *o, const char *key, int64_t value)
{
	return json_object_set_new(o, key, json_integer(value)) < 0 ? KC_ERR_NOMEM : 0;
}

int
strategy_default_str(json_t *o, const char *key, const char *value)
{
	const char *s = jstr(o, key);

	if (s != NULL && s[0] != '\0')
		return 0;
	if (s == NULL && jhas(o, key))
		return 0; /* another type: decoding rejects it, leave it */
	return strategy_set_str(o, key, value);
}

int
strategy_default_ptr_str(json_t *o, const char *key, const char *value)
{
	return jhas(o, key) ? 0 : strategy_set_str(o, key, value);
}

int
strategy_default_int(json_t *o, const char *key, int64_t value)
{
	return jhas(o, key) ? 0 : strategy_set_int(o, key, value);
}

int
strategy_default_bool(json_t *o, const char *key, int value)
{
	if (jhas(o, key))
		return 0;
	return json_object_set_new(o, key, json_boolean(value)) < 0 ? KC_ERR_NOMEM : 0;
}

int
strategy_copy_key(json_t *o, const json_t *src, const char *key)
{
	json_t *v = json_object_get(src, key);

	if (v == NULL) {
		json_object_del(o, key);
		return 0;
	}
	return json_object_set_new(o, key, json_deep_copy(v)) < 0 ? KC_ERR_NOMEM : 0;
}

/* Go's zero values: what an absent JSON member decodes to. */
int
strategy_is_zero(const json_t *v)
{
	if (v == NULL || json_is_null(v) || json_is_false(v))
		return 1;
	if (json_is_string(v))
		return json_string_length(v) == 0;
	if (json_is_array(v))
		return json_array_size(v) == 0;
	if (json_is_object(v))
		return json_object_size(v) == 0;
	return 0;
}

int
strategy_semantic_equal(const json_t *a, const json_t *b)
{
	const char *key;
	json_t *v;

	if (strategy_is_zero(a) && strategy_is_zero(b))
		return 1;
	if (a == NULL || b == NULL)
		return 0;
	if (json_is_object(a) && json_is_object(b)) {
		json_object_foreach((json_t *)a, key, v)
			if (!strategy_semantic_equal(v, json_object_get(b, key)))
				return 0;
		json_object_foreach((json_t *)b, key, v)
			if (json_object_get(a, key) == NULL && !strategy_is_zero(v))
				return 0;
		return 1;
	}
	if (json_is_array(a) && json_is_array(b)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!strategy_semantic_equal(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	return kc_json_equal(a, b);
}

int
strategy_key_equal(const json_t *a, const json_t *b, const char *key)
{
	return strategy_semantic_equal(json_object_get(a, key), json_object_get(b, key));
}

/* ---- Go %#v renderers ------------------------------------------------------------------------ */

static int
add_quoted(struct kc_strbuf *sb, const char *s)
{
	return kc_validation_quote(sb, s, strlen(s));
}

static int
render_string_map(struct kc_strbuf *sb, const json_t *m)
{
	const char **keys;
	const char *key;
	json_t *v;
	size_t n = 0;
	int r;

	if (!json_is_object(m))
		return kc_strbuf_adds(sb, "map[string]string(nil)");
	keys = calloc(json_object_size(m) + 1, sizeof(*keys));
	if (keys == NULL)
		return KC_ERR_NOMEM;
	json_object_foreach((json_t *)m, key, v)
		keys[n++] = key;
	/* fmt prints maps sorted by key */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];

			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	r = kc_strbuf_adds(sb, "map[string]string{");
	for (size_t i = 0; r >= 0 && i < n; i++) {
		if (i > 0)
			r = kc_strbuf_adds(sb, ", ");
		if (r >= 0)
			r = add_quoted(sb, keys[i]);
		if (r >= 0)
			r = kc_strbuf_addch(sb, ':');
		if (r >= 0)
			r = add_quoted(sb, jstr0(m, keys[i]));
	}
	free(keys);
	return r < 0 ? r : kc_strbuf_addch(sb, '}');
}

static int
render_string_slice(struct kc_strbuf *sb, const json_t *a)
{
	int r;

	if (!json_is_array(a))
		return kc_strbuf_adds(sb, "[]string(nil)");
	r = kc_strbuf_adds(sb, "[]string{");
	for (size_t i = 0; r >= 0 && i < json_array_size(a); i++) {
		const char *s = json_string_value(json_array_get(a, i));

		if (i > 0)
			r = kc_strbuf_adds(sb, ", ");
		if (r >= 0)
			r = add_quoted(sb, s != NULL ? s : "");
	}
	return r < 0 ? r : kc_strbuf_addch(sb, '}');
}

char *
go_render_finish(struct kc_strbuf *sb, int r)
{
	if (r < 0) {
		kc_strbuf_release(sb);
		return NULL;
	}
	return kc_strbuf_detach(sb, NULL);
}

char *
go_string_map(const json_t *m)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	return go_render_finish(&sb, render_string_map(&sb, m));
}

char *
go_string_slice(const json_t *a)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	return go_render_finish(&sb, render_string_slice(&sb, a));
}

char *
go_label_selector(const json_t *sel)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	json_t *exprs = jarr(sel, "matchExpressions");
	int r;

	if (!json_is_object(sel))
		return strdup("null");
	r = kc_strbuf_adds(&sb, "v1.LabelSelector{MatchLabels:");
	if (r >= 0)
		r = render_string_map(&sb, jobj(sel, "matchLabels"));
	if (r >= 0)
		r = kc_strbuf_adds(&sb, ", MatchExpressions:");
	if (r >= 0 && exprs == NULL)
		r = kc_strbuf_adds(&sb, "[]v1.LabelSelectorRequirement(nil)");
	else if (r >= 0) {
		r = kc_strbuf_adds(&sb, "[]v1.LabelSelectorRequirement{");
		for (size_t i = 0; r >= 0 && i < json_array_size(exprs); i++) {
			json_t *e = json_array_get(exprs, i);

			r = kc_strbuf_addf(&sb,
					   "%sv1.LabelSelectorRequirement{Key:", i ? ", " : "");
			if (r >= 0)
				r = add_quoted(&sb, jstr0(e, "key"));
			if (r >= 0)
				r = kc_strbuf_adds(&sb, ", Operator:");
			if (r >= 0)
				r = add_quoted(&sb, jstr0(e, "operator"));
			if (r >= 0)
				r = kc_strbuf_adds(&sb, ", Values:");
			if (r >= 0)
				r = render_string_slice(&sb, jarr(e, "values"));
			if (r >= 0)
				r = kc_strbuf_addch(&sb, '}');
		}
		if (r >= 0)
			r = kc_strbuf_addch(&sb, '}');
	}
	if (r >= 0)
		r = kc_strbuf_addch(&sb, '}');
	return go_render_finish(&sb, r);
}

char *
go_int_or_string(const json_t *v)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r;

	if (json_is_integer(v))
		r = kc_strbuf_addf(&sb,
				   "intstr.IntOrString{Type:0, IntVal:%" PRId64 ", StrVal:\"\"}",
				   (int64_t)json_integer_value(v));
	else {
		r = kc_strbuf_adds(&sb, "intstr.IntOrString{Type:1, IntVal:0, StrVal:");
		if (r >= 0)
			r = add_quoted(&sb, json_is_string(v) ? json_string_value(v) : "");
		if (r >= 0)
			r = kc_strbuf_addch(&sb, '}');
	}
	return go_render_finish(&sb, r);
}

char *
go_value(const json_t *v)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r;

	if (v == NULL || json_is_null(v))
		return strdup("null");
	if (json_is_string(v))
		r = add_quoted(&sb, json_string_value(v));
	else
		r = kc_json_dump_strbuf(&sb, v);
	return go_render_finish(&sb, r);
}

void
strategy_invalid_rendered(struct field_errors *errs, const char *path, const json_t *v,
			  char *(*render)(const json_t *v), const char *detail)
{
	KC_AUTOFREE char *raw = NULL;

	if (render == NULL && json_is_string(v)) {
		field_errors_invalid(errs, path, json_string_value(v), detail);
		return;
	}
	raw = (render != NULL ? render : go_value)(v);
	if (raw == NULL) {
		errs->nomem = 1;
		return;
	}
	field_errors_invalid_raw(errs, path, raw, detail);
}

void
strategy_validate_immutable(struct field_errors *errs, const char *path, const json_t *obj,
			    const json_t *old, const char *key, char *(*render)(const json_t *v))
{
	if (strategy_key_equal(obj, old, key))
		return;
	strategy_invalid_rendered(errs, path, json_object_get(obj, key), render,
				  "field is immutable");
}

/* ---- names -------------------------------------------------------------------------------------- */

/* maskTrailingDash: upstream replaces the last two characters with "a" (sic). */
static char *
mask_trailing_dash(const char *name)
{
	size_t len = strlen(name);
	char *s;

	if (len > 1 && name[len - 1] == '-') {
		s = malloc(len);
		if (s == NULL)
			return NULL;
		memcpy(s, name, len - 2);
		s[len - 2] = 'a';
		s[len - 1] = '\0';
		return s;
	}
	return strdup(name);
}

static int
path_segment_messages(const char *name, int prefix, struct kc_strv *msgs)
{
	int n = 0;

	if (!prefix && (strcmp(name, ".") == 0 || strcmp(name, "..") == 0))
		return kc_strv_pushf(msgs, "may not be '%s'", name) < 0 ? KC_ERR_NOMEM : 1;
	if (strchr(name, '/') != NULL) {
		if (kc_strv_push(msgs, "may not contain '/'") < 0)
			return KC_ERR_NOMEM;
		n++;
	}
	if (strchr(name, '%') != NULL) {
		if (kc_strv_push(msgs, "may not contain '%'") < 0)
			return KC_ERR_NOMEM;
		n++;
	}
	return n;
}

int
strategy_name_messages(enum strategy_name_rule rule, const char *name, int prefix,
		       struct kc_strv *msgs)
{
	KC_AUTOFREE char *masked = NULL;

	if (rule == NAME_NONE)
		return 0;
	if (rule == NAME_PATH_SEGMENT)
		return path_segment_messages(name, prefix, msgs);
	if (prefix) {
		masked = mask_trailing_dash(name);
		if (masked == NULL)
			return KC_ERR_NOMEM;
		name = masked;
	}
	switch (rule) {
	case NAME_DNS1123_LABEL:
		return kc_validation_is_dns1123_label(name, msgs);
	case NAME_DNS1035_LABEL:
		return kc_validation_is_dns1035_label(name, msgs);
	default:
		return kc_validation_is_dns1123_subdomain(name, msgs);
	}
}

/*
 * Adds one Invalid error at path per message of a validation check that returned rc (< 0: out
 * of memory, recorded in errs) and releases msgs.
 */
static void
add_invalid_messages(struct field_errors *errs, const char *path, const char *value, int rc,
		     struct kc_strv *msgs)
{
	if (rc < 0)
		errs->nomem = 1;
	for (size_t i = 0; i < msgs->n; i++)
		field_errors_invalid(errs, path, value, msgs->v[i]);
	kc_strv_release(msgs);
}

void
strategy_check_messages(struct field_errors *errs, const char *path, const char *value,
			int (*check)(const char *, struct kc_strv *))
{
	struct kc_strv msgs = KC_STRV_INIT;

	add_invalid_messages(errs, path, value, check(value, &msgs), &msgs);
}

void
strategy_validate_dns1123_label(struct field_errors *errs, const char *path, const char *value)
{
	strategy_check_messages(errs, path, value, kc_validation_is_dns1123_label);
}

void
strategy_validate_dns1123_subdomain(struct field_errors *errs, const char *path, const char *value)
{
	strategy_check_messages(errs, path, value, kc_validation_is_dns1123_subdomain);
}

void
strategy_validate_qualified_name(struct field_errors *errs, const char *path, const char *value)
{
	strategy_check_messages(errs, path, value, kc_validation_is_qualified_name);
}

void
strategy_validate_name_rule(struct field_errors *errs, const char *path,
			    enum strategy_name_rule rule, const char *value)
{
	struct kc_strv msgs = KC_STRV_INIT;

	add_invalid_messages(errs, path, value, strategy_name_messages(rule, value, 0, &msgs),
			     &msgs);
}

void
strategy_validate_ip(struct field_errors *errs, const char *path, const char *value)
{
	strategy_check_messages(errs, path, value, kc_validation_is_valid_ip);
}

void
strategy_validate_cidr(struct field_errors *errs, const char *path, const char *value)
{
	strategy_check_messages(errs, path, value, kc_validation_is_valid_cidr);
}

void
strategy_validate_non_special_ip(struct field_errors *errs, const char *path, const char *value)
{
	unsigned char ip[16];
	int fam = kc_validation_parse_ip(value, ip);
	char detail[128];

	if (fam < 0) {
		field_errors_invalid(errs, path, value, "must be a valid IP address");
		return;
	}
	if (fam == 4) {
		const unsigned char *v4 = ip + 12;

		if (v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && v4[3] == 0) {
			snprintf(detail, sizeof(detail), "may not be unspecified (%s)", value);
			field_errors_invalid(errs, path, value, detail);
		}
		if (v4[0] == 127)
			field_errors_invalid(
				errs, path, value,
				"may not be in the loopback range (127.0.0.0/8, ::1/128)");
		if (v4[0] == 169 && v4[1] == 254)
			field_errors_invalid(
				errs, path, value,
				"may not be in the link-local range (169.254.0.0/16, fe80::/10)");
		if (v4[0] == 224 && v4[1] == 0 && v4[2] == 0)
			field_errors_invalid(
				errs, path, value,
				"may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
		return;
	}
	static const unsigned char zero[16];
	static const unsigned char one[16] = { [15] = 1 };

	if (memcmp(ip, zero, 16) == 0) {
		snprintf(detail, sizeof(detail), "may not be unspecified (%s)", value);
		field_errors_invalid(errs, path, value, detail);
	}
	if (memcmp(ip, one, 16) == 0)
		field_errors_invalid(errs, path, value,
				     "may not be in the loopback range (127.0.0.0/8, ::1/128)");
	if (ip[0] == 0xfe && (ip[1] & 0xc0) == 0x80)
		field_errors_invalid(
			errs, path, value,
			"may not be in the link-local range (169.254.0.0/16, fe80::/10)");
	if (ip[0] == 0xff && (ip[1] & 0x0f) == 0x02)
		field_errors_invalid(
			errs, path, value,
			"may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
}

/* ---- metadata validation ---------------------------------------------------------------------- */

void
strategy_validate_nonnegative(struct field_errors *errs, const char *path, int64_t value)
{
	if (value < 0)
		field_errors_invalid_int(errs, path, value, IS_NEGATIVE_MSG);
}

void
strategy_validate_labels(const json_t *labels, const char *path, struct field_errors *errs)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)labels, key, v) {
		const char *value = json_string_value(v);

		strategy_validate_qualified_name(errs, path, key);
		if (value != NULL)
			strategy_check_messages(errs, path, value,
						kc_validation_is_valid_label_value);
	}
}

void
strategy_validate_annotations(const json_t *annotations, const char *path,
			      struct field_errors *errs)
{
	const char *key;
	json_t *v;
	int64_t total = 0;

	json_object_foreach((json_t *)annotations, key, v) {
		struct kc_strv msgs = KC_STRV_INIT;
		KC_AUTOFREE char *lower = strdup(key);

		if (lower == NULL) {
			errs->nomem = 1;
			continue;
		}
		/* QualifiedName, except that case does not matter */
		for (char *p = lower; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		add_invalid_messages(errs, path, key, kc_validation_is_qualified_name(lower, &msgs),
				     &msgs);
		total += (int64_t)strlen(key) + (int64_t)json_string_length(v);
	}
	if (total > TOTAL_ANNOTATION_SIZE_LIMIT)
		field_errors_too_long(errs, path, TOTAL_ANNOTATION_SIZE_LIMIT);
}

static void
validate_selector_requirement(const json_t *req, int allow_invalid_values, const char *path,
			      struct field_errors *errs)
{
	const char *op = jstr0(req, "operator");
	char p[FPATH_MAX], q[FPATH_MAX];
	json_t *values = jarr(req, "values");
	size_t nvalues = json_array_size(values);

	if (streq(op, "In") || streq(op, "NotIn")) {
		if (nvalues == 0)
			field_errors_required(
				errs, fpath_child(p, path, "values"),
				"must be specified when `operator` is 'In' or 'NotIn'");
	} else if (streq(op, "Exists") || streq(op, "DoesNotExist")) {
		if (nvalues > 0)
			field_errors_forbidden(
				errs, fpath_child(p, path, "values"),
				"may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
	} else {
		field_errors_invalid(errs, fpath_child(p, path, "operator"), op,
				     "not a valid selector operator");
	}
	strategy_validate_qualified_name(errs, fpath_child(p, path, "key"), jstr0(req, "key"));
	if (allow_invalid_values)
		return;
	fpath_child(q, path, "values");
	for (size_t i = 0; i < nvalues; i++) {
		const char *v = json_string_value(json_array_get(values, i));

		strategy_check_messages(errs, fpath_index(p, q, i), v != NULL ? v : "",
					kc_validation_is_valid_label_value);
	}
}

void
strategy_validate_label_selector(const json_t *selector, int allow_invalid_values, const char *path,
				 struct field_errors *errs)
{
	char p[FPATH_MAX], q[FPATH_MAX];
	json_t *exprs;

	if (!json_is_object(selector))
		return;
	strategy_validate_labels(jobj(selector, "matchLabels"), fpath_child(p, path, "matchLabels"),
				 errs);
	exprs = jarr(selector, "matchExpressions");
	fpath_child(q, path, "matchExpressions");
	for (size_t i = 0; i < json_array_size(exprs); i++)
		validate_selector_requirement(json_array_get(exprs, i), allow_invalid_values,
					      fpath_index(p, q, i), errs);
}

int
strategy_selector_matches(const json_t *selector, const json_t *labels)
{
	struct kc_label_selector *sel = NULL;
	int r = kc_labels_from_label_selector(json_is_object(selector) ? selector : NULL, &sel,
					      NULL);

	if (r < 0)
		return r == KC_ERR_NOMEM ? r : KC_ERR_INVALID;
	r = kc_label_selector_matches(sel, labels);
	kc_label_selector_free(sel);
	return r;
}

int
strategy_selector_is_empty(const json_t *selector)
{
	return jlen(selector, "matchLabels") + jlen(selector, "matchExpressions") == 0;
}

static int
is_standard_finalizer(const char *name)
{
	return streq(name, "kubernetes") || streq(name, "orphan") ||
	       streq(name, "foregroundDeletion");
}

/* validateKubeFinalizerName */
static void
validate_kube_finalizer_name(struct field_errors *errs, const char *path, const char *value)
{
	if (strchr(value, '/') == NULL && !is_standard_finalizer(value))
		field_errors_invalid(
			errs, path, value,
			"name is neither a standard finalizer name nor is it fully qualified");
}

void
strategy_validate_finalizer_name(struct field_errors *errs, const char *path, const char *value)
{
	strategy_validate_qualified_name(errs, path, value);
	validate_kube_finalizer_name(errs, path, value);
}

/* ValidateFinalizers: qualified names at the list's path, orphan/foreground conflict. */
static void
validate_finalizers(const json_t *finalizers, const char *path, struct field_errors *errs)
{
	int orphan = 0, foreground = 0;
	size_t i;
	json_t *f;

	json_array_foreach((json_t *)finalizers, i, f) {
		const char *s = json_string_value(f);

		if (s == NULL)
			continue;
		strategy_validate_qualified_name(errs, path, s);
		orphan |= streq(s, "orphan");
		foreground |= streq(s, "foregroundDeletion");
	}
	if (orphan && foreground)
		strategy_invalid_rendered(
			errs, path, finalizers, go_string_slice,
			"finalizer orphan and foregroundDeletion cannot be both set");
}

/* schema.FromAPIVersionAndKind: group and version of "g/v" or "v" ("" and "" when invalid). */
static void
split_api_version(const char *api_version, char *group, char *version, size_t size)
{
	const char *slash = strchr(api_version, '/');

	group[0] = version[0] = '\0';
	if (slash == NULL) {
		snprintf(version, size, "%s", api_version);
		return;
	}
	if (strchr(slash + 1, '/') != NULL)
		return;
	snprintf(group, size, "%.*s", (int)(slash - api_version), api_version);
	snprintf(version, size, "%s", slash + 1);
}

static void
validate_owner_references(const json_t *refs, const char *path, struct field_errors *errs)
{
	char first[FPATH_MAX] = "", p[FPATH_MAX];
	size_t i;
	json_t *ref;

	json_array_foreach((json_t *)refs, i, ref) {
		char group[256], version[256], detail[2 * FPATH_MAX + 128];
		const char *kind = jstr0(ref, "kind");

		split_api_version(jstr0(ref, "apiVersion"), group, version, sizeof(group));
		if (version[0] == '\0')
			field_errors_invalid(errs, fpath_child(p, path, "apiVersion"),
					     jstr0(ref, "apiVersion"), "version must not be empty");
		if (kind[0] == '\0')
			field_errors_invalid(errs, fpath_child(p, path, "kind"), kind,
					     "must not be empty");
		if (jstr0(ref, "name")[0] == '\0')
			field_errors_invalid(errs, fpath_child(p, path, "name"), "",
					     "must not be empty");
		if (jstr0(ref, "uid")[0] == '\0')
			field_errors_invalid(errs, fpath_child(p, path, "uid"), "",
					     "must not be empty");
		if (group[0] == '\0' && streq(version, "v1") && streq(kind, "Event"))
			strategy_invalid_rendered(
				errs, path, ref, NULL,
				"/v1, Kind=Event is disallowed from being an owner");
		if (jbool(ref, "controller")) {
			char cur[FPATH_MAX];

			snprintf(cur, sizeof(cur), "%s/%s", kind, jstr0(ref, "name"));
			if (first[0] != '\0') {
				snprintf(
					detail, sizeof(detail),
					"Only one reference can have Controller set to true. Found \"true\" in references for %s and %s",
					first, cur);
				strategy_invalid_rendered(errs, path, refs, NULL, detail);
			} else {
				snprintf(first, sizeof(first), "%s", cur);
			}
		}
	}
}

static void
validate_managed_fields(const json_t *fields, const char *path, struct field_errors *errs)
{
	char p[FPATH_MAX], q[FPATH_MAX];
	size_t i;
	json_t *f;

	json_array_foreach((json_t *)fields, i, f) {
		const char *op = jstr0(f, "operation");
		const char *type = jstr0(f, "fieldsType");

		fpath_index(q, path, i);
		if (!streq(op, "Apply") && !streq(op, "Update"))
			field_errors_invalid(errs, fpath_child(p, q, "operation"), op,
					     "must be `Apply` or `Update`");
		if (type[0] != '\0' && !streq(type, "FieldsV1"))
			field_errors_invalid(errs, fpath_child(p, q, "fieldsType"), type,
					     "must be `FieldsV1`");
		if (strlen(jstr0(f, "manager")) > 128)
			field_errors_too_long(errs, fpath_child(p, q, "manager"), 128);
		if (strlen(jstr0(f, "subresource")) > 256)
			field_errors_too_long(errs, fpath_child(p, q, "subresource"), 256);
	}
}

/* validateObjectMetaAccessorWithOptsCommon */
static void
validate_meta_common(const json_t *meta, int namespaced, struct field_errors *errs)
{
	const char *ns = jstr0(meta, "namespace");

	if (namespaced) {
		if (ns[0] == '\0')
			field_errors_required(errs, "metadata.namespace", "");
		else
			strategy_validate_name_rule(errs, "metadata.namespace", NAME_DNS1123_LABEL,
						    ns);
	} else if (ns[0] != '\0') {
		field_errors_forbidden(errs, "metadata.namespace", "not allowed on this type");
	}
	strategy_validate_nonnegative(errs, "metadata.generation", jint(meta, "generation", 0));
	strategy_validate_labels(jobj(meta, "labels"), "metadata.labels", errs);
	strategy_validate_annotations(jobj(meta, "annotations"), "metadata.annotations", errs);
	validate_owner_references(jarr(meta, "ownerReferences"), "metadata.ownerReferences", errs);
	validate_finalizers(jarr(meta, "finalizers"), "metadata.finalizers", errs);
	validate_managed_fields(jarr(meta, "managedFields"), "metadata.managedFields", errs);
}

/* apimachinery ValidateObjectMetaAccessor(meta, namespaced, nameFn, "metadata") */
static void
validate_meta_accessor(const json_t *obj, int namespaced, enum strategy_name_rule rule,
		       struct field_errors *errs)
{
	const json_t *meta = jobj(obj, "metadata");
	const char *gen = jstr0(meta, "generateName");
	const char *name = jstr0(meta, "name");
	struct kc_strv msgs = KC_STRV_INIT;

	if (gen[0] != '\0')
		add_invalid_messages(errs, "metadata.generateName", gen,
				     strategy_name_messages(rule, gen, 1, &msgs), &msgs);
	if (name[0] == '\0')
		field_errors_required(errs, "metadata.name", "name or generateName is required");
	else
		strategy_validate_name_rule(errs, "metadata.name", rule, name);
	validate_meta_common(meta, namespaced, errs);
}

void
strategy_validate_object_meta(const json_t *obj, int namespaced, enum strategy_name_rule rule,
			      struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i;
	json_t *f;

	validate_meta_accessor(obj, namespaced, rule, errs);
	json_array_foreach(jarr(jobj(obj, "metadata"), "finalizers"), i, f)
		if (json_is_string(f))
			validate_kube_finalizer_name(errs, fpath_index(p, "metadata.finalizers", i),
						     json_string_value(f));
}

/* Go's time.Time.String() for an RFC 3339 text; the text itself if it does not parse. */
static char *
go_time(const json_t *v)
{
	char buf[KC_META_TIME_BUFSZ + 32];
	int64_t ns;
	time_t secs;
	struct tm tm;

	if (!json_is_string(v))
		return go_value(v);
	if (kc_meta_time_parse(json_string_value(v), &ns) < 0)
		return go_value(v);
	secs = (time_t)(ns / 1000000000LL);
	if (gmtime_r(&secs, &tm) == NULL)
		return go_value(v);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
	return strdup(buf);
}

static void
validate_no_new_finalizers(const json_t *meta, const json_t *old_meta, struct field_errors *errs)
{
	json_t *extra = json_array(), *f;
	KC_AUTOFREE char *list = NULL, *detail = NULL;
	size_t i;

	if (extra == NULL) {
		errs->nomem = 1;
		return;
	}
	json_array_foreach(jarr(meta, "finalizers"), i, f) {
		int found = 0;
		size_t j;
		json_t *o;

		json_array_foreach(jarr(old_meta, "finalizers"), j, o)
			found |= kc_json_equal(f, o);
		for (j = 0; j < json_array_size(extra) && !found; j++)
			found = kc_json_equal(f, json_array_get(extra, j));
		if (!found)
			json_array_append(extra, f);
	}
	if (json_array_size(extra) > 0) {
		/* sets.List: sorted */
		for (size_t a = 1; a < json_array_size(extra); a++)
			for (size_t b = a; b > 0; b--) {
				json_t *x = json_array_get(extra, b - 1),
				       *y = json_array_get(extra, b);

				if (strcmp(json_string_value(x) != NULL ? json_string_value(x) : "",
					   json_string_value(y) != NULL ? json_string_value(y)
									: "") <= 0)
					break;
				json_incref(x);
				json_array_set(extra, b - 1, y);
				json_array_set_new(extra, b, x);
			}
		list = go_string_slice(extra);
		if (list == NULL ||
		    asprintf(
			    &detail,
			    "no new finalizers can be added if the object is being deleted, found new finalizers %s",
			    list) < 0) {
			errs->nomem = 1;
			detail = NULL;
		} else {
			field_errors_forbidden(errs, "metadata.finalizers", detail);
		}
	}
	json_decref(extra);
}

/* apimachinery ValidateObjectMetaAccessorUpdate */
static void
validate_meta_accessor_update(const json_t *obj, const json_t *old, struct field_errors *errs)
{
	const json_t *meta = jobj(obj, "metadata"), *old_meta = jobj(old, "metadata");
	int64_t gen = jint(meta, "generation", 0);

	if (jhas(old_meta, "deletionTimestamp"))
		validate_no_new_finalizers(meta, old_meta, errs);
	if (jstr0(meta, "resourceVersion")[0] == '\0')
		field_errors_invalid(errs, "metadata.resourceVersion", "",
				     "must be specified for an update");
	if (gen < jint(old_meta, "generation", 0))
		field_errors_invalid_int(errs, "metadata.generation", gen,
					 "must not be decremented");
	strategy_validate_immutable(errs, "metadata.name", meta, old_meta, "name", NULL);
	strategy_validate_immutable(errs, "metadata.namespace", meta, old_meta, "namespace", NULL);
	strategy_validate_immutable(errs, "metadata.uid", meta, old_meta, "uid", NULL);
	strategy_validate_immutable(errs, "metadata.creationTimestamp", meta, old_meta,
				    "creationTimestamp", go_time);
	strategy_validate_immutable(errs, "metadata.deletionTimestamp", meta, old_meta,
				    "deletionTimestamp", go_time);
	strategy_validate_immutable(errs, "metadata.deletionGracePeriodSeconds", meta, old_meta,
				    "deletionGracePeriodSeconds", NULL);
	strategy_validate_labels(jobj(meta, "labels"), "metadata.labels", errs);
	strategy_validate_annotations(jobj(meta, "annotations"), "metadata.annotations", errs);
	validate_owner_references(jarr(meta, "ownerReferences"), "metadata.ownerReferences", errs);
	validate_managed_fields(jarr(meta, "managedFields"), "metadata.managedFields", errs);
}

void
strategy_validate_object_meta_update(const json_t *obj, const json_t *old,
				     struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i;
	json_t *f;

	validate_meta_accessor_update(obj, old, errs);
	json_array_foreach(jarr(jobj(obj, "metadata"), "finalizers"), i, f)
		if (json_is_string(f))
			validate_kube_finalizer_name(errs, fpath_index(p, "metadata.finalizers", i),
						     json_string_value(f));
}

/* ---- generic steps ------------------------------------------------------------------------- */

/* Metadata members that omitempty drops when empty. */
static void
prune_empty_metadata(json_t *meta)
{
	static const char *const keys[] = { "labels",          "annotations",   "finalizers",
					    "ownerReferences", "managedFields", "generateName",
					    "namespace",       "uid",           "resourceVersion" };

	for (size_t i = 0; i < KC_ARRAY_SIZE(keys); i++) {
		json_t *v = json_object_get(meta, keys[i]);

		if (v != NULL && (json_is_null(v) || (strategy_is_zero(v) && !json_is_false(v))))
			json_object_del(meta, keys[i]);
	}
}

int
strategy_defaults(const struct api_resource *res, json_t *obj)
{
	const struct api_strategy *s = strategy_for(res);
	json_t *meta;

	if (!json_is_object(obj))
		return KC_ERR_INVALID;
	meta = jobj(obj, "metadata");
	if (meta != NULL)
		prune_empty_metadata(meta);
	if (s != NULL && s->defaults != NULL)
		return s->defaults(obj);
	return 0;
}

int
strategy_prepare_for_create(const struct api_resource *res, json_t *obj)
{
	const struct api_strategy *s = strategy_for(res);
	json_t *meta = strategy_ensure_object(obj, "metadata");

	if (meta == NULL)
		return KC_ERR_NOMEM;
	json_object_del(meta, "deletionTimestamp");
	json_object_del(meta, "deletionGracePeriodSeconds");
	json_object_del(meta, "managedFields");
	if (s == NULL)
		return 0;
	if (s->flags & STRATEGY_STATUS)
		json_object_del(obj, "status");
	if ((s->flags & STRATEGY_GENERATION) && strategy_set_int(meta, "generation", 1) < 0)
		return KC_ERR_NOMEM;
	return s->prepare_for_create != NULL ? s->prepare_for_create(obj) : 0;
}

/* What BeforeUpdate restores from old after the strategy ran. */
int
strategy_restore_system_meta(json_t *obj, const json_t *old)
{
	json_t *meta = strategy_ensure_object(obj, "metadata");
	const json_t *old_meta = jobj(old, "metadata");

	if (meta == NULL)
		return KC_ERR_NOMEM;
	if (jstr0(meta, "uid")[0] == '\0' && strategy_copy_key(meta, old_meta, "uid") < 0)
		return KC_ERR_NOMEM;
	if (jhas(old_meta, "creationTimestamp") &&
	    strategy_copy_key(meta, old_meta, "creationTimestamp") < 0)
		return KC_ERR_NOMEM;
	if (jhas(old_meta, "deletionTimestamp") &&
	    strategy_copy_key(meta, old_meta, "deletionTimestamp") < 0)
		return KC_ERR_NOMEM;
	if (jhas(old_meta, "deletionGracePeriodSeconds") &&
	    !jhas(meta, "deletionGracePeriodSeconds") &&
	    strategy_copy_key(meta, old_meta, "deletionGracePeriodSeconds") < 0)
		return KC_ERR_NOMEM;
	return 0;
}

int
strategy_keep_old_generation(json_t *obj, const json_t *old)
{
	json_t *meta = strategy_ensure_object(obj, "metadata");

	if (meta == NULL)
		return KC_ERR_NOMEM;
	return strategy_copy_key(meta, jobj(old, "metadata"), "generation");
}

int
strategy_spec_changed(const json_t *obj, const json_t *old)
{
	static const char *const skip[] = { "metadata", "status", "kind", "apiVersion" };
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		int skipped = 0;

		for (size_t i = 0; i < KC_ARRAY_SIZE(skip); i++)
			skipped |= strcmp(key, skip[i]) == 0;
		if (!skipped && !strategy_semantic_equal(v, json_object_get(old, key)))
			return 1;
	}
	json_object_foreach((json_t *)old, key, v) {
		int skipped = 0;

		for (size_t i = 0; i < KC_ARRAY_SIZE(skip); i++)
			skipped |= strcmp(key, skip[i]) == 0;
		if (!skipped && json_object_get(obj, key) == NULL && !strategy_is_zero(v))
			return 1;
	}
	return 0;
}

int
strategy_bump_generation_for_delete(json_t *obj)
{
	json_t *meta = jobj(obj, "metadata");
	int64_t gen = jint(meta, "generation", 0);

	if (gen > 0)
		return strategy_set_int(meta, "generation", gen + 1);
	return 0;
}

int
strategy_prepare_for_update(const struct api_resource *res, json_t *obj, const json_t *old)
{
	const struct api_strategy *s = strategy_for(res);
	int r;

	if (!json_is_object(obj) || !json_is_object(old))
		return KC_ERR_INVALID;
	if ((r = strategy_keep_old_generation(obj, old)) < 0)
		return r;
	if (s != NULL && (s->flags & STRATEGY_STATUS) && strategy_copy_key(obj, old, "status") < 0)
		return KC_ERR_NOMEM;
	if (s != NULL && s->prepare_for_update != NULL)
		r = s->prepare_for_update(obj, old);
	else if (s != NULL && (s->flags & STRATEGY_GENERATION) && strategy_spec_changed(obj, old))
		r = strategy_set_int(jobj(obj, "metadata"), "generation",
				     jint(jobj(old, "metadata"), "generation", 0) + 1);
	if (r < 0)
		return r;
	return strategy_restore_system_meta(obj, old);
}

int
strategy_prepare_for_status_update(const struct api_resource *res, json_t *obj, const json_t *old)
{
	const struct api_strategy *s = strategy_for(res);
	int r;

	if (!json_is_object(obj) || !json_is_object(old))
		return KC_ERR_INVALID;
	if ((r = strategy_keep_old_generation(obj, old)) < 0)
		return r;
	if (s != NULL && s->prepare_for_status_update != NULL)
		r = s->prepare_for_status_update(obj, old);
	else
		r = strategy_copy_key(obj, old, "spec");
	if (r < 0)
		return r;
	return strategy_restore_system_meta(obj, old);
}

void
strategy_validate_create(const struct api_resource *res, const json_t *obj,
			 struct field_errors *errs)
{
	const struct api_strategy *s = strategy_for(res);
	size_t before = errs->n;

	if (s != NULL && s->validate != NULL)
		s->validate(res, obj, errs);
	else
		strategy_validate_object_meta(obj, res->namespaced,
					      s != NULL ? s->name_rule : NAME_DNS1123_SUBDOMAIN,
					      errs);
	/* "Custom validation (including name validation) passed. Now run common validation on
	 * object meta. Do this *after* custom validation so that specific error messages are
	 * shown whenever possible." */
	if (errs->n == before)
		validate_meta_accessor(obj, res->namespaced, NAME_PATH_SEGMENT, errs);
}

/* validateCommonFields */
static void
validate_common_fields(const struct api_resource *res, const json_t *obj, const json_t *old,
		       struct field_errors *errs)
{
	validate_meta_accessor(obj, res->namespaced, NAME_PATH_SEGMENT, errs);
	validate_meta_accessor_update(obj, old, errs);
}

void
strategy_validate_update(const struct api_resource *res, const json_t *obj, const json_t *old,
			 struct field_errors *errs)
{
	const struct api_strategy *s = strategy_for(res);

	validate_common_fields(res, obj, old, errs);
	if (s != NULL && s->validate_update != NULL) {
		s->validate_update(res, obj, old, errs);
		return;
	}
	strategy_validate_object_meta_update(obj, old, errs);
	if (s != NULL && s->validate != NULL)
		s->validate(res, obj, errs);
	else
		strategy_validate_object_meta(obj, res->namespaced,
					      s != NULL ? s->name_rule : NAME_DNS1123_SUBDOMAIN,
					      errs);
}

void
strategy_validate_status_update(const struct api_resource *res, const json_t *obj,
				const json_t *old, struct field_errors *errs)
{
	const struct api_strategy *s = strategy_for(res);

	validate_common_fields(res, obj, old, errs);
	if (s != NULL && s->validate_status_update != NULL)
		s->validate_status_update(res, obj, old, errs);
	else
		strategy_validate_object_meta_update(obj, old, errs);
}

void
strategy_warnings_on_create(const struct api_resource *res, const json_t *obj,
			    struct kc_strv *warnings)
{
	const struct api_strategy *s = strategy_for(res);

	if (s != NULL && s->warnings_on_create != NULL)
		s->warnings_on_create(obj, warnings);
}

json_t *
strategy_invalid_status(const struct api_resource *res, const json_t *obj,
			const struct field_errors *errs)
{
	return field_errors_to_status(errs, res->group, res->kind,
				      jstr0(jobj(obj, "metadata"), "name"));
}

json_t *
strategy_to_storage(const struct api_resource *res, const json_t *obj)
{
	const struct api_strategy *s = strategy_for(res);

	if (s != NULL && s->to_storage != NULL)
		return s->to_storage(res, obj);
	return json_deep_copy(obj);
}

json_t *
strategy_from_storage(const struct api_resource *res, const json_t *obj)
{
	const struct api_strategy *s = strategy_for(res);

	if (s != NULL && s->from_storage != NULL)
		return s->from_storage(res, obj);
	return json_deep_copy(obj);
}
