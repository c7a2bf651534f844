/*
 * field_validation.c - fieldValidation and strict decoding against the OpenAPI schemas
 * (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go fieldValidation,
 * create.go and patch.go strict decoding, sigs.k8s.io/json's UnmarshalStrict, which records
 * unknown and duplicate fields while it decodes, and runtime.NewStrictDecodingError).
 *
 * Go's typed decoding drops a field its struct does not have; here the struct is the schema
 * /openapi/v3 serves for the kind: an object schema with properties knows those fields (and any
 * key when it also has additionalProperties), a map (additionalProperties) knows every key, and
 * a schema with neither (RawExtension, x-kubernetes-preserve-unknown-fields, scalars) takes
 * anything, as Go's json.RawMessage and interface{} fields do.
 *
 * Two walks: one over the request's JSON text, which alone can see duplicate keys (the parsed
 * object keeps only the last), gives the errors in document order as the Go decoder does; one
 * over the parsed object removes the unknown fields so they are never stored.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/field_validation.h"
#include "kube-apiserver/openapi/openapi.h"
#include "kube-apiserver/openapi/schema.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

const char *const field_validation_values[] = { "", "Ignore", "Strict", "Warn", NULL };

int
field_validation_parse(const char *value, enum field_validation *ret)
{
	if (value == NULL || value[0] == '\0' || strcmp(value, "Warn") == 0)
		*ret = FIELD_VALIDATION_WARN;
	else if (strcmp(value, "Ignore") == 0)
		*ret = FIELD_VALIDATION_IGNORE;
	else if (strcmp(value, "Strict") == 0)
		*ret = FIELD_VALIDATION_STRICT;
	else
		return KC_ERR_INVALID;
	return 0;
}

/* --- schemas ------------------------------------------------------------------------------- */

/* Follows $ref (and a described $ref, {"allOf":[{"$ref":...}]}) to the schema it names. */
static const json_t *
resolve(const json_t *s)
{
	for (int depth = 0; s != NULL && depth < 8; depth++) {
		const json_t *ref = json_object_get(s, "$ref");
		const json_t *all_of = json_object_get(s, "allOf");
		const char *name;

		if (ref == NULL && json_is_array(all_of) && json_array_size(all_of) == 1)
			ref = json_object_get(json_array_get(all_of, 0), "$ref");
		if (!json_is_string(ref))
			return s;
		name = json_string_value(ref);
		if (strncmp(name, OPENAPI_SCHEMA_REF_PREFIX, strlen(OPENAPI_SCHEMA_REF_PREFIX)) != 0)
			return NULL;
		s = openapi_schema(name + strlen(OPENAPI_SCHEMA_REF_PREFIX));
	}
	return s;
}

const json_t *
field_validation_schema(const char *group, const char *version, const char *kind)
{
	const char *name = openapi_schema_name_for_kind(group, version, kind);

	return name != NULL ? openapi_schema(name) : NULL;
}

const json_t *
field_validation_schema_of(const json_t *obj)
{
	const char *api_version = json_string_value(json_object_get(obj, "apiVersion"));
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	const char *slash;
	char group[256];

	if (api_version == NULL || kind == NULL)
		return NULL;
	slash = strchr(api_version, '/');
	if (slash == NULL)
		return field_validation_schema("", api_version, kind);
	if ((size_t)(slash - api_version) >= sizeof(group))
		return NULL;
	snprintf(group, sizeof(group), "%.*s", (int)(slash - api_version), api_version);
	return field_validation_schema(group, slash + 1, kind);
}

/*
 * Whether an object of schema s (resolved; NULL takes anything) has the field key: 1 with
 * *child its resolved schema (NULL: anything goes below it), or 0 for an unknown field.
 */
static int
child_of(const json_t *s, const char *key, const json_t **child)
{
	const json_t *props, *extra;

	*child = NULL;
	if (s == NULL || json_is_true(json_object_get(s, "x-kubernetes-preserve-unknown-fields")))
		return 1;
	props = json_object_get(s, "properties");
	extra = json_object_get(s, "additionalProperties");
	if (json_is_object(props) && json_object_get(props, key) != NULL) {
		*child = resolve(json_object_get(props, key));
		return 1;
	}
	if (json_is_object(extra)) {
		*child = resolve(extra);
		return 1;
	}
	if (json_is_true(extra))
		return 1;
	/* neither properties nor a map: free-form (RawExtension) or a scalar */
	return !json_is_object(props);
}

/* The resolved schema of s's list items, NULL for anything. */
static const json_t *
items_of(const json_t *s)
{
	return s != NULL ? resolve(json_object_get(s, "items")) : NULL;
}

/* --- paths and errors ---------------------------------------------------------------------- */

/* Appends ".key" (or "key" at the top) to path; returns the length to restore. */
static size_t
path_push_key(struct kc_strbuf *path, const char *key, size_t key_len)
{
	size_t old = path->len;

	if (old > 0)
		kc_strbuf_addch(path, '.');
	kc_strbuf_add(path, key, key_len);
	return old;
}

static size_t
path_push_index(struct kc_strbuf *path, size_t i)
{
	size_t old = path->len;

	kc_strbuf_addf(path, "[%zu]", i);
	return old;
}

static void
path_pop(struct kc_strbuf *path, size_t len)
{
	path->len = len;
	path->buf[len] = '\0';
}

static int
push_error(struct kc_strv *errs, const char *what, const struct kc_strbuf *path)
{
	return kc_strv_pushf(errs, "%s field \"%s\"", what, path->buf) < 0 ? KC_ERR_NOMEM : 0;
}

/* --- the walk over the JSON text ------------------------------------------------------------ */

struct scan {
	const char *p, *end;
	struct kc_strbuf path;
	struct kc_strv *errs;
};

static void
skip_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* Skips a string at s->p (on its opening quote); *raw and *raw_len its text between the quotes. */
static int
skip_string(struct scan *s, const char **raw, size_t *raw_len, int *escaped)
{
	const char *start = ++s->p;

	*escaped = 0;
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\') {
			*escaped = 1;
			s->p++;
		}
		s->p++;
	}
	if (s->p >= s->end)
		return KC_ERR_PARSE;
	*raw = start;
	*raw_len = (size_t)(s->p - start);
	s->p++;
	return 0;
}

/* The key at s->p decoded (escapes resolved by the JSON parser), malloc()ed. */
static int
read_key(struct scan *s, char **ret, size_t *ret_len)
{
	const char *raw;
	size_t len;
	int escaped, rc;
	json_t *str;

	if (s->p >= s->end || *s->p != '"')
		return KC_ERR_PARSE;
	rc = skip_string(s, &raw, &len, &escaped);
	if (rc < 0)
		return rc;
	if (!escaped) {
		*ret = strndup(raw, len);
		*ret_len = len;
		return *ret != NULL ? 0 : KC_ERR_NOMEM;
	}
	str = json_loadb(raw - 1, len + 2, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (!json_is_string(str)) {
		json_decref(str);
		return KC_ERR_PARSE;
	}
	*ret_len = json_string_length(str);
	*ret = malloc(*ret_len + 1);
	if (*ret != NULL) {
		memcpy(*ret, json_string_value(str), *ret_len);
		(*ret)[*ret_len] = '\0';
	}
	json_decref(str);
	return *ret != NULL ? 0 : KC_ERR_NOMEM;
}

static int scan_value(struct scan *s, const json_t *schema, int check);

/* One member: key, ':', value.  seen holds the keys met so far in this object. */
static int
scan_member(struct scan *s, const json_t *schema, int check, json_t *seen)
{
	KC_AUTOFREE char *key = NULL;
	const json_t *child = NULL;
	size_t key_len, old;
	int known, rc;

	rc = read_key(s, &key, &key_len);
	if (rc < 0)
		return rc;
	skip_ws(s);
	if (s->p >= s->end || *s->p != ':')
		return KC_ERR_PARSE;
	s->p++;
	old = path_push_key(&s->path, key, key_len);
	known = !check || child_of(schema, key, &child);
	if (!known) {
		rc = push_error(s->errs, "unknown", &s->path);
	} else if (json_object_get(seen, key) != NULL) {
		rc = push_error(s->errs, "duplicate", &s->path);
	} else {
		rc = json_object_set_new(seen, key, json_null()) < 0 ? KC_ERR_NOMEM : 0;
	}
	if (rc == 0)
		rc = scan_value(s, child, check && known && child != NULL);
	path_pop(&s->path, old);
	return rc;
}

static int
scan_object(struct scan *s, const json_t *schema, int check)
{
	json_auto_t *seen = json_object();
	int rc;

	if (seen == NULL)
		return KC_ERR_NOMEM;
	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		skip_ws(s);
		rc = scan_member(s, schema, check, seen);
		if (rc < 0)
			return rc;
		skip_ws(s);
		if (s->p >= s->end)
			return KC_ERR_PARSE;
		if (*s->p++ == '}')
			return 0;
	}
}

static int
scan_array(struct scan *s, const json_t *schema, int check)
{
	const json_t *items = check ? items_of(schema) : NULL;
	size_t i = 0, old;
	int rc;

	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (;; i++) {
		skip_ws(s);
		old = path_push_index(&s->path, i);
		rc = scan_value(s, items, check && items != NULL);
		path_pop(&s->path, old);
		if (rc < 0)
			return rc;
		skip_ws(s);
		if (s->p >= s->end)
			return KC_ERR_PARSE;
		if (*s->p++ == ']')
			return 0;
	}
}

/* One value; check says whether schema (resolved) applies, else only duplicates count. */
static int
scan_value(struct scan *s, const json_t *schema, int check)
{
	const char *raw;
	size_t len;
	int escaped;

	skip_ws(s);
	if (s->p >= s->end)
		return KC_ERR_PARSE;
	switch (*s->p) {
	case '{':
		return scan_object(s, schema, check);
	case '[':
		return scan_array(s, schema, check);
	case '"':
		return skip_string(s, &raw, &len, &escaped);
	default:
		while (s->p < s->end && strchr(",]} \t\r\n", *s->p) == NULL)
			s->p++;
		return 0;
	}
}

int
field_validation_scan_json(const char *text, size_t len, const json_t *schema,
			   struct kc_strv *errs)
{
	struct scan s = { .p = text, .end = text + len, .errs = errs };
	int rc;

	kc_strbuf_init(&s.path);
	schema = resolve(schema);
	rc = scan_value(&s, schema, schema != NULL);
	kc_strbuf_release(&s.path);
	return rc;
}

/* --- pruning the parsed object -------------------------------------------------------------- */

static int prune_value(json_t *v, const json_t *schema, struct kc_strbuf *path,
		       struct kc_strv *errs);

static int
prune_object(json_t *obj, const json_t *schema, struct kc_strbuf *path, struct kc_strv *errs)
{
	const char *key;
	json_t *value;
	void *tmp;
	int rc = 0;

	json_object_foreach_safe (obj, tmp, key, value) {
		const json_t *child;
		size_t old = path_push_key(path, key, strlen(key));

		if (!child_of(schema, key, &child)) {
			if (errs != NULL)
				rc = push_error(errs, "unknown", path);
			json_object_del(obj, key);
		} else if (child != NULL) {
			rc = prune_value(value, child, path, errs);
		}
		path_pop(path, old);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
prune_value(json_t *v, const json_t *schema, struct kc_strbuf *path, struct kc_strv *errs)
{
	const json_t *items;
	json_t *item;
	size_t i, old;
	int rc;

	if (json_is_object(v))
		return prune_object(v, schema, path, errs);
	if (!json_is_array(v) || (items = items_of(schema)) == NULL)
		return 0;
	json_array_foreach (v, i, item) {
		old = path_push_index(path, i);
		rc = prune_value(item, items, path, errs);
		path_pop(path, old);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
field_validation_prune(json_t *obj, const json_t *schema, struct kc_strv *errs)
{
	struct kc_strbuf path = KC_STRBUF_INIT;
	int rc;

	schema = resolve(schema);
	if (schema == NULL)
		return 0;
	rc = prune_value(obj, schema, &path, errs);
	kc_strbuf_release(&path);
	return rc;
}

char *
field_validation_message(const struct kc_strv *errs)
{
	KC_AUTOFREE char *joined = kc_strv_join(errs, ", ");
	char *msg = NULL;

	if (joined == NULL || asprintf(&msg, "strict decoding error: %s", joined) < 0)
		return NULL;
	return msg;
}

/* --- Go's %+v of a decoded map ------------------------------------------------------------- */

static int
cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* strconv.FormatFloat(f, 'g', -1, 64) as %v prints it: the shortest text that reads back. */
static void
go_float(struct kc_strbuf *sb, double f)
{
	char buf[40];

	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	kc_strbuf_adds(sb, buf);
}

static int
go_value(struct kc_strbuf *sb, const json_t *v)
{
	const char **keys;
	const char *key;
	json_t *item;
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		n = json_object_size(v);
		keys = calloc(n + 1, sizeof(*keys));
		if (keys == NULL)
			return KC_ERR_NOMEM;
		i = 0;
		json_object_foreach ((json_t *)v, key, item)
			keys[i++] = key;
		qsort(keys, n, sizeof(*keys), cmp_keys);
		kc_strbuf_adds(sb, "map[");
		for (i = 0; i < n; i++) {
			kc_strbuf_addf(sb, "%s%s:", i > 0 ? " " : "", keys[i]);
			if (go_value(sb, json_object_get(v, keys[i])) < 0) {
				free(keys);
				return KC_ERR_NOMEM;
			}
		}
		free(keys);
		return kc_strbuf_addch(sb, ']');
	case JSON_ARRAY:
		kc_strbuf_addch(sb, '[');
		json_array_foreach (v, i, item) {
			if (i > 0)
				kc_strbuf_addch(sb, ' ');
			if (go_value(sb, item) < 0)
				return KC_ERR_NOMEM;
		}
		return kc_strbuf_addch(sb, ']');
	case JSON_STRING:
		return kc_strbuf_add(sb, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return kc_strbuf_addf(sb, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL:
		go_float(sb, json_real_value(v));
		return 0;
	case JSON_TRUE:
		return kc_strbuf_adds(sb, "true");
	case JSON_FALSE:
		return kc_strbuf_adds(sb, "false");
	default:
		return kc_strbuf_adds(sb, "<nil>");
	}
}

char *
field_validation_go_value(const json_t *v)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (go_value(&sb, v) < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}
