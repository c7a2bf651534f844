/*
 * schema.c - rows to OpenAPI 3.0 schema objects (upstream: kube-openapi
 * pkg/generators/openapi.go for how Go types become schemas, and pkg/builder3 for the
 * v3 shapes: a described $ref is written {"allOf":[{"$ref":...}],"description":...}).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/openapi/schema.h"
#include "kube-apiserver/openapi/schema_rows.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"

struct openapi_type {
	char *name; /* absolute: NS + "." + the row's name */
	const char *ns;
	const struct openapi_row *row; /* the T row; its F/R rows follow it */
	json_t *schema;
	size_t *refs; /* indexes of the types this one names */
	size_t nrefs;
	size_t refs_alloc;
};

struct gvk_entry {
	char *group;
	char *version;
	char *kind;
	size_t type;
};

struct openapi_schemas {
	struct openapi_type *types; /* sorted by name */
	size_t n;
	struct gvk_entry *gvks;
	size_t ngvks;
};

/* Loading state: where errors go and what gvk=* expands to. */
struct loader {
	struct openapi_schemas *s;
	json_t *gvk_all;
	char *err;
	size_t errlen;
};

static const struct openapi_row *const builtin_tables[] = {
	openapi_schemas_meta,     openapi_schemas_core_v1, openapi_schemas_apps_v1,
	openapi_schemas_batch_v1, openapi_schemas_groups,  NULL,
};

static int fail(struct loader *l, int r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct loader *l, int r, const char *fmt, ...)
{
	va_list ap;

	if (l->err != NULL && l->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(l->err, l->errlen, fmt, ap);
		va_end(ap);
	}
	return r;
}

/* Next space-separated token of *p; 0 when none is left. */
static int
next_token(const char **p, const char **tok, size_t *len)
{
	const char *s = *p;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 0;
	*tok = s;
	while (*s != '\0' && *s != ' ')
		s++;
	*len = (size_t)(s - *tok);
	*p = s;
	return 1;
}

static int
tok_eq(const char *tok, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(tok, word, len) == 0;
}

static int
cmp_type_name(const void *a, const void *b)
{
	return strcmp(((const struct openapi_type *)a)->name,
		      ((const struct openapi_type *)b)->name);
}

static long
find_type(const struct openapi_schemas *s, const char *name)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, s->types[mid].name);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Resolves a type token (relative to ns unless it has a dot) to an index, or -1. */
static long
resolve(const struct openapi_schemas *s, const char *ns, const char *tok, size_t len)
{
	char name[256];
	int n;

	if (memchr(tok, '.', len) != NULL)
		n = snprintf(name, sizeof(name), "%.*s", (int)len, tok);
	else
		n = snprintf(name, sizeof(name), "%s.%.*s", ns, (int)len, tok);
	if (n < 0 || (size_t)n >= sizeof(name))
		return -1;
	return find_type(s, name);
}

static int
add_ref(struct openapi_type *t, size_t target)
{
	for (size_t i = 0; i < t->nrefs; i++)
		if (t->refs[i] == target)
			return 0;
	if (t->nrefs == t->refs_alloc) {
		size_t alloc = t->refs_alloc ? 2 * t->refs_alloc : 8;
		size_t *refs = realloc(t->refs, alloc * sizeof(*refs));

		if (refs == NULL)
			return KC_ERR_NOMEM;
		t->refs = refs;
		t->refs_alloc = alloc;
	}
	t->refs[t->nrefs++] = target;
	return 0;
}

/* Collects the T rows of every table into s->types, sorted, and rejects duplicates. */
static int
index_types(struct loader *l, const struct openapi_row *const *tables)
{
	struct openapi_schemas *s = l->s;
	size_t n = 0;

	for (size_t t = 0; tables[t] != NULL; t++)
		for (const struct openapi_row *r = tables[t]; r->kind != OPENAPI_ROW_END; r++)
			n += r->kind == OPENAPI_ROW_TYPE;
	s->types = calloc(n ? n : 1, sizeof(*s->types));
	if (s->types == NULL)
		return KC_ERR_NOMEM;
	for (size_t t = 0; tables[t] != NULL; t++) {
		const char *ns = NULL;

		for (const struct openapi_row *r = tables[t]; r->kind != OPENAPI_ROW_END; r++) {
			struct openapi_type *ty;

			if (r->kind == OPENAPI_ROW_NS) {
				ns = r->name;
				continue;
			}
			if (r->kind != OPENAPI_ROW_TYPE)
				continue;
			if (ns == NULL)
				return fail(l, KC_ERR_PARSE, "type %s before any NS row", r->name);
			ty = &s->types[s->n];
			if (asprintf(&ty->name, "%s.%s", ns, r->name) < 0) {
				ty->name = NULL;
				return KC_ERR_NOMEM;
			}
			ty->ns = ns;
			ty->row = r;
			s->n++;
		}
	}
	qsort(s->types, s->n, sizeof(*s->types), cmp_type_name);
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(s->types[i - 1].name, s->types[i].name) == 0)
			return fail(l, KC_ERR_PARSE, "type %s defined twice", s->types[i].name);
	return 0;
}

/* The attributes of a field spec, each a (pointer, length) into the spec; NULL when absent. */
struct field_attrs {
	const char *list, *keys, *map, *pmk, *ps, *enums, *format;
	size_t list_len, keys_len, map_len, pmk_len, ps_len, enums_len, format_len;
};

static int
parse_field_attrs(struct loader *l, const char *where, const char *p, struct field_attrs *a)
{
	static const struct {
		const char *key;
		size_t vo, lo; /* offsets of the value pointer and length in field_attrs */
	} known[] = {
		{ "list", offsetof(struct field_attrs, list),
		  offsetof(struct field_attrs, list_len) },
		{ "keys", offsetof(struct field_attrs, keys),
		  offsetof(struct field_attrs, keys_len) },
		{ "map", offsetof(struct field_attrs, map), offsetof(struct field_attrs, map_len) },
		{ "pmk", offsetof(struct field_attrs, pmk), offsetof(struct field_attrs, pmk_len) },
		{ "ps", offsetof(struct field_attrs, ps), offsetof(struct field_attrs, ps_len) },
		{ "enum", offsetof(struct field_attrs, enums),
		  offsetof(struct field_attrs, enums_len) },
		{ "format", offsetof(struct field_attrs, format),
		  offsetof(struct field_attrs, format_len) },
	};
	const char *tok;
	size_t len;

	memset(a, 0, sizeof(*a));
	while (next_token(&p, &tok, &len)) {
		const char *eq = memchr(tok, '=', len);
		size_t i;

		for (i = 0; eq != NULL && i < KC_ARRAY_SIZE(known); i++)
			if (tok_eq(tok, (size_t)(eq - tok), known[i].key))
				break;
		if (eq == NULL || i == KC_ARRAY_SIZE(known))
			return fail(l, KC_ERR_PARSE, "%s: unknown attribute \"%.*s\"", where,
				    (int)len, tok);
		/* enum= is last and takes the rest: values may hold spaces ("client auth") */
		if (strcmp(known[i].key, "enum") == 0) {
			len = strlen(tok);
			p = tok + len;
		}
		*(const char **)((char *)a + known[i].vo) = eq + 1;
		*(size_t *)((char *)a + known[i].lo) = len - (size_t)(eq + 1 - tok);
	}
	return 0;
}

/* Splits s[0..len) at sep into a JSON array of strings (empty items kept: "" is an enum). */
static json_t *
split_json(const char *s, size_t len, char sep)
{
	json_t *a = json_array();
	const char *end = s + len;

	while (a != NULL) {
		const char *e = memchr(s, sep, (size_t)(end - s));

		if (e == NULL)
			e = end;
		if (json_array_append_new(a, json_stringn(s, (size_t)(e - s))) < 0) {
			json_decref(a);
			return NULL;
		}
		if (e == end)
			break;
		s = e + 1;
	}
	return a;
}

static const struct {
	const char *name, *type, *format;
} scalars[] = {
	{ "string", "string", NULL },    { "boolean", "boolean", NULL },
	{ "int32", "integer", "int32" }, { "int64", "integer", "int64" },
	{ "float", "number", "float" },  { "double", "number", "double" },
	{ "byte", "string", "byte" },
};

/* A scalar schema, or NULL when tok is no scalar name. */
static json_t *
scalar_json(const char *tok, size_t len, const struct field_attrs *a)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(scalars); i++) {
		json_t *o;

		if (!tok_eq(tok, len, scalars[i].name))
			continue;
		o = json_pack("{s:s}", "type", scalars[i].type);
		if (o == NULL)
			return NULL;
		if (a->format != NULL)
			json_object_set_new(o, "format", json_stringn(a->format, a->format_len));
		else if (scalars[i].format != NULL)
			json_object_set_new(o, "format", json_string(scalars[i].format));
		if (a->enums != NULL)
			json_object_set_new(o, "enum", split_json(a->enums, a->enums_len, '|'));
		return o;
	}
	return NULL;
}

/* The schema of a type token: []T, map[string]T, a scalar or a reference (recorded in t). */
static int
value_json(struct loader *l, struct openapi_type *t, const char *where, const char *tok, size_t len,
	   const struct field_attrs *a, json_t **ret)
{
	json_t *inner = NULL;
	char ref[320];
	long target;
	int r;

	*ret = NULL;
	if (len > 2 && memcmp(tok, "[]", 2) == 0) {
		r = value_json(l, t, where, tok + 2, len - 2, a, &inner);
		if (r < 0)
			return r;
		*ret = json_pack("{s:s, s:o}", "type", "array", "items", inner);
		return *ret != NULL ? 0 : KC_ERR_NOMEM;
	}
	if (len > 11 && memcmp(tok, "map[string]", 11) == 0) {
		r = value_json(l, t, where, tok + 11, len - 11, a, &inner);
		if (r < 0)
			return r;
		*ret = json_pack("{s:s, s:o}", "type", "object", "additionalProperties", inner);
		return *ret != NULL ? 0 : KC_ERR_NOMEM;
	}
	*ret = scalar_json(tok, len, a);
	if (*ret != NULL)
		return 0;
	target = resolve(l->s, t->ns, tok, len);
	if (target < 0)
		return fail(l, KC_ERR_PARSE, "%s: unknown type \"%.*s\"", where, (int)len, tok);
	if (a->enums != NULL || a->format != NULL)
		return fail(l, KC_ERR_PARSE, "%s: enum/format on a reference", where);
	r = add_ref(t, (size_t)target);
	if (r < 0)
		return r;
	snprintf(ref, sizeof(ref), OPENAPI_SCHEMA_REF_PREFIX "%s", l->s->types[target].name);
	*ret = json_pack("{s:s}", "$ref", ref);
	return *ret != NULL ? 0 : KC_ERR_NOMEM;
}

static int
set_str_attr(json_t *o, const char *key, const char *v, size_t len)
{
	if (v == NULL)
		return 0;
	return json_object_set_new(o, key, json_stringn(v, len)) < 0 ? KC_ERR_NOMEM : 0;
}

/* The property schema of one F/R row of type t. */
static int
field_json(struct loader *l, struct openapi_type *t, const struct openapi_row *row, json_t **ret)
{
	struct field_attrs a;
	const char *p = row->spec, *tok;
	char where[320];
	json_t *v = NULL;
	size_t len;
	int r;

	*ret = NULL;
	snprintf(where, sizeof(where), "%s.%s", t->name, row->name);
	if (row->spec == NULL || !next_token(&p, &tok, &len))
		return fail(l, KC_ERR_PARSE, "%s: empty type", where);
	r = parse_field_attrs(l, where, p, &a);
	if (r < 0)
		return r;
	r = value_json(l, t, where, tok, len, &a, &v);
	if (r < 0)
		return r;
	/* OpenAPI 3.0 ignores siblings of $ref, so a described reference goes inside allOf. */
	if (json_object_get(v, "$ref") != NULL &&
	    ((row->desc != NULL && *row->desc != '\0') || a.map != NULL)) {
		v = json_pack("{s:[o]}", "allOf", v);
		if (v == NULL)
			return KC_ERR_NOMEM;
	}
	if (row->desc != NULL && *row->desc != '\0')
		json_object_set_new(v, "description", json_string(row->desc));
	if (a.keys != NULL)
		json_object_set_new(v, "x-kubernetes-list-map-keys",
				    split_json(a.keys, a.keys_len, ','));
	if (set_str_attr(v, "x-kubernetes-list-type", a.list, a.list_len) < 0 ||
	    set_str_attr(v, "x-kubernetes-map-type", a.map, a.map_len) < 0 ||
	    set_str_attr(v, "x-kubernetes-patch-merge-key", a.pmk, a.pmk_len) < 0 ||
	    set_str_attr(v, "x-kubernetes-patch-strategy", a.ps, a.ps_len) < 0) {
		json_decref(v);
		return KC_ERR_NOMEM;
	}
	*ret = v;
	return 0;
}

/* "group/version/Kind" (group may be empty) into the gvk index and the schema's array. */
static int
add_gvk(struct loader *l, size_t type, const char *v, size_t len, json_t *array)
{
	struct openapi_schemas *s = l->s;
	const char *slash1 = memchr(v, '/', len), *slash2;
	struct gvk_entry *e, *gvks;

	slash2 = slash1 != NULL ? memchr(slash1 + 1, '/', len - (size_t)(slash1 + 1 - v)) : NULL;
	if (slash2 == NULL || slash2 == v + len - 1 || slash2 == slash1 + 1)
		return fail(l, KC_ERR_PARSE, "%s: bad gvk \"%.*s\"", s->types[type].name, (int)len,
			    v);
	gvks = realloc(s->gvks, (s->ngvks + 1) * sizeof(*gvks));
	if (gvks == NULL)
		return KC_ERR_NOMEM;
	s->gvks = gvks;
	e = &s->gvks[s->ngvks];
	e->group = strndup(v, (size_t)(slash1 - v));
	e->version = strndup(slash1 + 1, (size_t)(slash2 - slash1 - 1));
	e->kind = strndup(slash2 + 1, len - (size_t)(slash2 + 1 - v));
	e->type = type;
	s->ngvks++;
	if (e->group == NULL || e->version == NULL || e->kind == NULL)
		return KC_ERR_NOMEM;
	return json_array_append_new(array, json_pack("{s:s, s:s, s:s}", "group", e->group, "kind",
						      e->kind, "version", e->version)) < 0
		       ? KC_ERR_NOMEM
		       : 0;
}

/* One {group, kind, version} per served group-version ({group, version} in l->gvk_all). */
static int
add_gvk_all(struct loader *l, const char *kind, json_t *array)
{
	size_t i;
	json_t *gv;

	json_array_foreach(l->gvk_all, i, gv) {
		const char *g = json_string_value(json_object_get(gv, "group"));
		const char *v = json_string_value(json_object_get(gv, "version"));

		if (g == NULL || v == NULL)
			return fail(l, KC_ERR_PARSE, "gvk_all[%zu] lacks group or version", i);
		if (json_array_append_new(array, json_pack("{s:s, s:s, s:s}", "group", g, "kind",
							   kind, "version", v)) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

/* The top of a type's schema from its spec ("object gvk=...", "quantity", ...). */
static int
type_head_json(struct loader *l, size_t type, json_t **ret)
{
	struct openapi_type *t = &l->s->types[type];
	const char *p = t->row->spec, *tok;
	json_t *o, *gvk;
	size_t len;
	int r = 0;

	*ret = NULL;
	if (p == NULL || !next_token(&p, &tok, &len))
		return fail(l, KC_ERR_PARSE, "%s: empty type spec", t->name);
	if (tok_eq(tok, len, "object") || tok_eq(tok, len, "string"))
		o = json_pack("{s:s%}", "type", tok, len);
	else if (tok_eq(tok, len, "quantity"))
		o = json_pack("{s:[{s:s},{s:s}]}", "oneOf", "type", "string", "type", "number");
	else if (tok_eq(tok, len, "int-or-string"))
		o = json_pack("{s:s, s:[{s:s},{s:s}]}", "format", "int-or-string", "oneOf", "type",
			      "integer", "type", "string");
	else
		return fail(l, KC_ERR_PARSE, "%s: unknown type spec \"%.*s\"", t->name, (int)len,
			    tok);
	if (o == NULL)
		return KC_ERR_NOMEM;
	gvk = json_array();
	while (r == 0 && next_token(&p, &tok, &len)) {
		if (tok_eq(tok, len, "gvk=*"))
			r = add_gvk_all(l, t->row->name, gvk);
		else if (len > 4 && memcmp(tok, "gvk=", 4) == 0)
			r = add_gvk(l, type, tok + 4, len - 4, gvk);
		else if (len > 4 && memcmp(tok, "map=", 4) == 0)
			r = set_str_attr(o, "x-kubernetes-map-type", tok + 4, len - 4);
		else if (len > 7 && memcmp(tok, "format=", 7) == 0)
			r = set_str_attr(o, "format", tok + 7, len - 7);
		else
			r = fail(l, KC_ERR_PARSE, "%s: unknown attribute \"%.*s\"", t->name,
				 (int)len, tok);
	}
	if (r == 0 && json_array_size(gvk) > 0)
		r = json_object_set(o, "x-kubernetes-group-version-kind", gvk) < 0 ? KC_ERR_NOMEM
										   : 0;
	json_decref(gvk);
	if (r < 0) {
		json_decref(o);
		return r;
	}
	*ret = o;
	return 0;
}

static int
render_type(struct loader *l, size_t type)
{
	struct openapi_type *t = &l->s->types[type];
	json_t *o = NULL, *props = NULL, *required = NULL;
	int r;

	r = type_head_json(l, type, &o);
	if (r < 0)
		return r;
	if (t->row->desc != NULL && *t->row->desc != '\0')
		json_object_set_new(o, "description", json_string(t->row->desc));
	for (const struct openapi_row *f = t->row + 1;
	     f->kind == OPENAPI_ROW_FIELD || f->kind == OPENAPI_ROW_REQUIRED; f++) {
		json_t *v;

		if (props == NULL && (props = json_object()) == NULL)
			goto nomem;
		r = field_json(l, t, f, &v);
		if (r < 0)
			goto out;
		if (json_object_get(props, f->name) != NULL) {
			json_decref(v);
			r = fail(l, KC_ERR_PARSE, "%s.%s: field listed twice", t->name, f->name);
			goto out;
		}
		if (json_object_set_new(props, f->name, v) < 0)
			goto nomem;
		if (f->kind == OPENAPI_ROW_REQUIRED) {
			if (required == NULL && (required = json_array()) == NULL)
				goto nomem;
			if (json_array_append_new(required, json_string(f->name)) < 0)
				goto nomem;
		}
	}
	if (props != NULL && json_object_set(o, "properties", props) < 0)
		goto nomem;
	if (required != NULL && json_object_set(o, "required", required) < 0)
		goto nomem;
	t->schema = o;
	o = NULL;
	r = 0;
	goto out;
nomem:
	r = KC_ERR_NOMEM;
out:
	json_decref(o);
	json_decref(props);
	json_decref(required);
	return r;
}

int
openapi_schemas_load(struct openapi_schemas **ret, const struct openapi_row *const *tables,
		     json_t *gvk_all, char *err, size_t errlen)
{
	struct loader l = { .gvk_all = gvk_all, .err = err, .errlen = errlen };
	json_t *empty = NULL;
	int r;

	*ret = NULL;
	if (err != NULL && errlen > 0)
		*err = '\0';
	if (l.gvk_all == NULL)
		l.gvk_all = empty = json_array();
	l.s = calloc(1, sizeof(*l.s));
	if (l.s == NULL || l.gvk_all == NULL) {
		r = KC_ERR_NOMEM;
		goto out;
	}
	r = index_types(&l, tables != NULL ? tables : builtin_tables);
	for (size_t i = 0; r == 0 && i < l.s->n; i++)
		r = render_type(&l, i);
	if (r == 0)
		*ret = kc_take_ptr(l.s);
out:
	if (r == KC_ERR_NOMEM)
		fail(&l, r, "out of memory");
	openapi_schemas_free(l.s);
	json_decref(empty);
	return r;
}

struct openapi_schemas *
openapi_schemas_free(struct openapi_schemas *s)
{
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < s->n; i++) {
		free(s->types[i].name);
		json_decref(s->types[i].schema);
		free(s->types[i].refs);
	}
	free(s->types);
	for (size_t i = 0; i < s->ngvks; i++) {
		free(s->gvks[i].group);
		free(s->gvks[i].version);
		free(s->gvks[i].kind);
	}
	free(s->gvks);
	free(s);
	return NULL;
}

size_t
openapi_schemas_count(const struct openapi_schemas *s)
{
	return s->n;
}

long
openapi_schemas_find(const struct openapi_schemas *s, const char *name)
{
	return find_type(s, name);
}

const char *
openapi_schemas_name(const struct openapi_schemas *s, size_t i)
{
	return i < s->n ? s->types[i].name : NULL;
}

json_t *
openapi_schemas_json(const struct openapi_schemas *s, size_t i)
{
	return i < s->n ? s->types[i].schema : NULL;
}

long
openapi_schemas_for_gvk(const struct openapi_schemas *s, const char *group, const char *version,
			const char *kind)
{
	for (size_t i = 0; i < s->ngvks; i++)
		if (strcmp(s->gvks[i].kind, kind) == 0 && strcmp(s->gvks[i].group, group) == 0 &&
		    strcmp(s->gvks[i].version, version) == 0)
			return (long)s->gvks[i].type;
	return -1;
}

void
openapi_schemas_mark(const struct openapi_schemas *s, size_t i, unsigned char *marks)
{
	/* An explicit stack: the reference graph has cycles (JSONSchemaProps-like ones later). */
	size_t *stack, top = 0;

	if (i >= s->n || marks[i])
		return;
	stack = malloc(s->n * sizeof(*stack));
	marks[i] = 1;
	if (stack == NULL) {
		/* Out of memory: fall back to recursion, which needs no allocation. */
		for (size_t k = 0; k < s->types[i].nrefs; k++)
			openapi_schemas_mark(s, s->types[i].refs[k], marks);
		return;
	}
	stack[top++] = i;
	while (top > 0) {
		const struct openapi_type *t = &s->types[stack[--top]];

		for (size_t k = 0; k < t->nrefs; k++)
			if (!marks[t->refs[k]]) {
				marks[t->refs[k]] = 1;
				stack[top++] = t->refs[k];
			}
	}
	free(stack);
}
