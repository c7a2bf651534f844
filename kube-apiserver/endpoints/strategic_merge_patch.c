/*
 * strategic_merge_patch.c - the server side of application/strategic-merge-patch+json
 * (upstream: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go, the functions
 * StrategicMergeMapPatch reaches with MergeParallelList and IgnoreUnmatchedNulls set: mergeMap,
 * applyRetainKeysDirective, mergePatchIntoOriginal, mergeSliceHandler, mergeSlice,
 * mergeSliceWithSpecialElements, normalizeElementOrder, mergeSortedSlice, and the errors of
 * pkg/util/mergepatch/errors.go).
 *
 * The functions keep upstream's names and order of operations, because the result (list order
 * above all) is defined by that code rather than by a specification.  Go values map onto
 * jansson as: map[string]interface{} = object, []interface{} = array, nil = null or absent,
 * int64 = integer, float64 = real.  Upstream mutates the original and the patch as it goes;
 * we do the same on private deep copies, so jansson's shared references behave like Go's map
 * references.  Go slices are values, so where upstream builds a new slice we build a new array;
 * the two places where a Go slice shares its backing array with the caller's in a way the
 * result depends on are emulated explicitly (struct orig_slice, deduplicate_scalars).  We take
 * the apiserver's original to hold slices with len == cap, as ToUnstructured makes them when
 * the typed object's slices were allocated exactly.
 *
 * Maps iterate in the patch's key order.  Go's order is random (for patches of up to eight keys
 * it is the patch's order most of the time), which shows only when a patch has two errors (which
 * one is reported) or names one list both as <list> and as $deleteFromPrimitiveList/<list>.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"

#include "kube-apiserver/endpoints/strategic_merge_patch.h"

#define DIRECTIVE_MARKER                  "$patch"
#define DELETE_DIRECTIVE                  "delete"
#define REPLACE_DIRECTIVE                 "replace"
#define MERGE_DIRECTIVE                   "merge"
#define RETAIN_KEYS_DIRECTIVE             "$retainKeys"
#define DELETE_FROM_PRIMITIVE_LIST_PREFIX "$deleteFromPrimitiveList"
#define SET_ELEMENT_ORDER_PREFIX          "$setElementOrder"

/* mergepatch's sentinel errors, which the PATCH handler maps to 400 and 422. */
#define ERR_BAD_JSON_DOC          "invalid JSON document"
#define ERR_NO_LIST_OF_LISTS      "lists of lists are not supported"
#define ERR_BAD_PRIMITIVE_LIST    "invalid patch format of primitive list"
#define ERR_BAD_RETAIN_KEYS       "invalid patch format of retainKeys"
#define ERR_BAD_SET_ELEMENT_ORDER "invalid patch format of setElementOrder list"

#define GO_MAP_TYPE   "map[string]interface {}"
#define GO_SLICE_TYPE "[]interface {}"

/* One application: the first failure is kept (later ones never overwrite it). */
struct smp {
	int err;
	char *msg;
	size_t msglen;
};

/* The patch metadata of one field, as PatchMeta plus the subschema. */
struct field_meta {
	const char *strategy;  /* "merge", "replace" or "": the tag without retainKeys */
	const char *merge_key; /* "" when none */
	const char *elem_kind; /* schema.Name() for a list's elements */
	const struct patch_meta_type *type;
};

/* ---- errors ---------------------------------------------------------------------------------- */

static int smp_fail(struct smp *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
smp_fail(struct smp *s, int code, const char *fmt, ...)
{
	va_list ap;

	if (s->err != 0)
		return s->err;
	s->err = code;
	if (s->msg != NULL && s->msglen > 0) {
		va_start(ap, fmt);
		vsnprintf(s->msg, s->msglen, fmt, ap);
		va_end(ap);
	}
	return code;
}

static int
smp_nomem(struct smp *s)
{
	return smp_fail(s, KC_ERR_NOMEM, "out of memory");
}

/* ---- Go's view of JSON values ---------------------------------------------------------------- */

enum go_kind {
	GO_NIL,
	GO_BOOL,
	GO_INT,
	GO_FLOAT,
	GO_STRING,
	GO_MAP,
	GO_SLICE
};

/* The dynamic type a value has after upstream's decoding; NULL (absent) is nil. */
static enum go_kind
go_kind(const json_t *v)
{
	switch (v != NULL ? json_typeof(v) : JSON_NULL) {
	case JSON_OBJECT:
		return GO_MAP;
	case JSON_ARRAY:
		return GO_SLICE;
	case JSON_STRING:
		return GO_STRING;
	case JSON_INTEGER:
		return GO_INT;
	case JSON_REAL:
		return GO_FLOAT;
	case JSON_TRUE:
	case JSON_FALSE:
		return GO_BOOL;
	case JSON_NULL:
	default:
		return GO_NIL;
	}
}

/* reflect.TypeOf(v) as %s prints it. */
static const char *
go_type_name(const json_t *v)
{
	static const char *const names[] = {
		[GO_NIL] = "%!s(<nil>)",    [GO_BOOL] = "bool",     [GO_INT] = "int64",
		[GO_FLOAT] = "float64",     [GO_STRING] = "string", [GO_MAP] = GO_MAP_TYPE,
		[GO_SLICE] = GO_SLICE_TYPE,
	};

	return names[go_kind(v)];
}

struct key_ref {
	const char *key;
	size_t len;
};

static int
compare_keys(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static int go_fmt(struct kc_strbuf *sb, const json_t *v, char verb);

/* fmt's map printing: keys sorted, "map[k:v k2:v2]". */
static int
go_fmt_map(struct kc_strbuf *sb, const json_t *v, char verb)
{
	KC_AUTOFREE struct key_ref *keys = NULL;
	size_t n = 0, key_len;
	const char *key;
	json_t *val;
	int r = 0;

	keys = calloc(json_object_size(v) + 1, sizeof(*keys));
	if (keys == NULL)
		return KC_ERR_NOMEM;
	json_object_keylen_foreach((json_t *)v, key, key_len, val)
	{
		keys[n++] = (struct key_ref){ key, key_len };
	}
	qsort(keys, n, sizeof(*keys), compare_keys);
	r |= kc_strbuf_adds(sb, "map[");
	for (size_t i = 0; i < n && r == 0; i++) {
		if (i > 0)
			r |= kc_strbuf_addch(sb, ' ');
		r |= kc_strbuf_add(sb, keys[i].key, keys[i].len);
		r |= kc_strbuf_addch(sb, ':');
		if (r == 0)
			r = go_fmt(sb, json_object_getn(v, keys[i].key, keys[i].len), verb);
	}
	r |= kc_strbuf_addch(sb, ']');
	return r < 0 ? KC_ERR_NOMEM : 0;
}

/* A value as fmt's %v (verb 'v') or %s (verb 's') prints an interface{} holding it. */
static int
go_fmt(struct kc_strbuf *sb, const json_t *v, char verb)
{
	char num[64];
	size_t i;
	json_t *e;
	int r = 0;

	switch (go_kind(v)) {
	case GO_NIL:
		return kc_strbuf_adds(sb, verb == 's' ? "%!s(<nil>)" : "<nil>");
	case GO_BOOL:
		return kc_strbuf_addf(sb, verb == 's' ? "%%!s(bool=%s)" : "%s",
				      json_is_true(v) ? "true" : "false");
	case GO_INT:
		return kc_strbuf_addf(sb, verb == 's' ? "%%!s(int64=%" PRId64 ")" : "%" PRId64,
				      (int64_t)json_integer_value(v));
	case GO_FLOAT:
		kc_json_format_float(json_real_value(v), 'g', 64, num, sizeof(num));
		return kc_strbuf_addf(sb, verb == 's' ? "%%!s(float64=%s)" : "%s", num);
	case GO_STRING:
		return kc_strbuf_add(sb, json_string_value(v), json_string_length(v));
	case GO_MAP:
		return go_fmt_map(sb, v, verb);
	case GO_SLICE:
		r |= kc_strbuf_addch(sb, '[');
		json_array_foreach(v, i, e) {
			if (i > 0)
				r |= kc_strbuf_addch(sb, ' ');
			if (r == 0)
				r = go_fmt(sb, e, verb);
		}
		r |= kc_strbuf_addch(sb, ']');
		return r < 0 ? KC_ERR_NOMEM : 0;
	}
	return 0;
}

/*
 * Fails with a message made of fmt, each "%s" in it replaced by the Go rendering of the next
 * value argument; the values follow n, each preceded by its verb as an int ('v' or 's').
 */
static int
smp_fail_values(struct smp *s, int code, const char *fmt, int n, ...)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	va_list ap;
	int r = 0;

	va_start(ap, n);
	for (const char *p = fmt; *p != '\0' && r == 0; p++) {
		if (p[0] == '%' && p[1] == 's' && n > 0) {
			int verb = va_arg(ap, int);
			const json_t *v = va_arg(ap, const json_t *);

			r = go_fmt(&sb, v, (char)verb);
			n--;
			p++;
		} else {
			r = kc_strbuf_addch(&sb, *p);
		}
	}
	va_end(ap);
	r = r < 0 ? smp_nomem(s) : smp_fail(s, code, "%s", sb.buf);
	kc_strbuf_release(&sb);
	return r;
}

/* mergepatch.ErrBadArgType(expected, actual). */
static int
err_bad_arg_type(struct smp *s, const char *expected, const json_t *actual)
{
	return smp_fail(s, KC_ERR_INTERNAL, "expected a %s, but received a %s", expected,
			go_type_name(actual));
}

/* mergepatch.ErrNoMergeKey(m, k). */
static int
err_no_merge_key(struct smp *s, const json_t *m, const char *merge_key)
{
	json_auto_t *k = json_string(merge_key);

	if (k == NULL)
		return smp_nomem(s);
	return smp_fail_values(s, KC_ERR_INTERNAL,
			       "map: %s does not contain declared merge key: %s", 2, 'v', m, 'v',
			       k);
}

/* mergepatch.ErrBadPatchType(t, m). */
static int
err_bad_patch_type(struct smp *s, const json_t *t, const json_t *m)
{
	return smp_fail_values(s, KC_ERR_INTERNAL, "unknown patch type: %s in map: %s", 2, 's', t,
			       'v', m);
}

/* A Go runtime panic upstream (recovered by the apiserver into a 500). */
static int
smp_panic(struct smp *s, const char *what, const json_t *v)
{
	return smp_fail(s, KC_ERR_INTERNAL, "runtime error: %s %s", what, go_type_name(v));
}

/* ---- Go comparisons ------------------------------------------------------------------------- */

/*
 * Go's == on two interface{} values.  Comparing two maps or two slices panics in Go: that is
 * recorded as the failure and the values compare unequal, so callers check s->err afterwards.
 */
static bool
go_equal(struct smp *s, const json_t *a, const json_t *b)
{
	enum go_kind k = go_kind(a);

	if (k != go_kind(b))
		return false;
	switch (k) {
	case GO_NIL:
		return true;
	case GO_BOOL:
		return json_is_true(a) == json_is_true(b);
	case GO_INT:
		return json_integer_value(a) == json_integer_value(b);
	case GO_FLOAT:
		return json_real_value(a) == json_real_value(b);
	case GO_STRING:
		return json_string_length(a) == json_string_length(b) &&
		       memcmp(json_string_value(a), json_string_value(b), json_string_length(a)) ==
			       0;
	case GO_MAP:
	case GO_SLICE:
		smp_panic(s, "comparing uncomparable type", a);
		return false;
	}
	return false;
}

/* Using v as a Go map key panics for maps and slices. */
static bool
go_hashable(struct smp *s, const json_t *v)
{
	enum go_kind k = go_kind(v);

	if (k == GO_MAP || k == GO_SLICE) {
		smp_panic(s, "hash of unhashable type", v);
		return false;
	}
	return true;
}

/* Whether v equals a member of set, as a Go map[interface{}] lookup. */
static bool
go_set_has(struct smp *s, const json_t *set, const json_t *v)
{
	size_t i;
	json_t *e;

	if (!go_hashable(s, v))
		return false;
	json_array_foreach(set, i, e)
		if (go_equal(s, e, v))
			return true;
	return false;
}

/* Every member of a list used as a Go map's keys must be hashable. */
static int
go_check_hashable(struct smp *s, const json_t *list)
{
	size_t i;
	json_t *e;

	json_array_foreach(list, i, e)
		if (!go_hashable(s, e))
			return s->err;
	return 0;
}

/* ---- small helpers -------------------------------------------------------------------------- */

static bool
has_prefix(const char *key, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(key, prefix, n) == 0;
}

static bool
is_string(const json_t *v, const char *s)
{
	return json_is_string(v) && json_string_length(v) == strlen(s) &&
	       memcmp(json_string_value(v), s, json_string_length(v)) == 0;
}

/* A new array holding the same elements (Go: copying a slice header's contents). */
static json_t *
array_copy(const json_t *a)
{
	json_t *out = json_array();
	size_t i;
	json_t *e;

	if (out == NULL || a == NULL)
		return out;
	json_array_foreach(a, i, e)
		if (json_array_append(out, e) < 0) {
			json_decref(out);
			return NULL;
		}
	return out;
}

static size_t
array_size(const json_t *a)
{
	return a != NULL ? json_array_size(a) : 0;
}

/*
 * extractKey: "$setElementOrder/containers" -> "containers".  The part before the first '/'
 * must be exactly the prefix.
 */
static int
extract_key(struct smp *s, const char *key, size_t len, const char *prefix, const char **ret,
	    size_t *ret_len)
{
	const char *slash = memchr(key, '/', len);
	size_t n = strlen(prefix);

	if (slash == NULL || (size_t)(slash - key) != n || memcmp(key, prefix, n) != 0)
		return smp_fail(s, KC_ERR_BAD_REQUEST, "%s",
				strcmp(prefix, SET_ELEMENT_ORDER_PREFIX) == 0
					? ERR_BAD_SET_ELEMENT_ORDER
					: ERR_BAD_PRIMITIVE_LIST);
	*ret = slash + 1;
	*ret_len = len - n - 1;
	return 0;
}

/* ---- patch metadata ------------------------------------------------------------------------- */

const struct patch_meta_field *
patch_meta_field(const struct patch_meta_type *type, const char *name, size_t name_len)
{
	if (type == NULL || type->fields == NULL)
		return NULL;
	for (const struct patch_meta_field *f = type->fields; f->name != NULL; f++)
		if (strlen(f->name) == name_len && memcmp(f->name, name, name_len) == 0)
			return f;
	return NULL;
}

/*
 * LookupPatchMetadataForStruct/ForSlice and extractRetainKeysPatchStrategy.  A name the type
 * does not list has no tags and nothing below it (upstream would fail on a field the Go struct
 * lacks; see the header).
 */
static void
lookup_meta(const struct patch_meta_type *schema, const char *key, size_t len, struct field_meta *m)
{
	const struct patch_meta_field *f = patch_meta_field(schema, key, len);
	const char *st = f != NULL && f->strategy != NULL ? f->strategy : "";

	m->strategy = "";
	if (strncmp(st, MERGE_DIRECTIVE, strlen(MERGE_DIRECTIVE)) == 0)
		m->strategy = MERGE_DIRECTIVE;
	else if (strcmp(st, REPLACE_DIRECTIVE) == 0)
		m->strategy = REPLACE_DIRECTIVE;
	m->merge_key = f != NULL && f->merge_key != NULL ? f->merge_key : "";
	m->elem_kind = f != NULL && f->elem_kind != NULL ? f->elem_kind : "struct";
	m->type = f != NULL ? f->type : NULL;
}

/* ---- removeDirectives and discardNullValuesFromPatch ---------------------------------------- */

/*
 * removeDirectives: a map holding "$patch" is dropped (*keep = false), other maps lose the
 * members that are such maps (in place), lists lose such elements (a new list).  Returns a new
 * reference, NULL when dropped or out of memory (*keep tells which).
 */
static json_t *
remove_directives(json_t *obj, bool *keep)
{
	*keep = true;
	if (json_is_object(obj)) {
		const char *key;
		size_t key_len;
		json_t *v, *nv;
		void *tmp;

		if (json_object_get(obj, DIRECTIVE_MARKER) != NULL) {
			*keep = false;
			return NULL;
		}
		json_object_keylen_foreach_safe(obj, tmp, key, key_len, v)
		{
			bool k;

			nv = remove_directives(v, &k);
			if (!k) {
				json_object_deln(obj, key, key_len);
			} else if (nv == NULL) {
				return NULL;
			} else if (nv != v) {
				if (json_object_setn_new_nocheck(obj, key, key_len, nv) < 0)
					return NULL;
			} else {
				json_decref(nv);
			}
		}
		return json_incref(obj);
	}
	if (json_is_array(obj)) {
		json_t *res = json_array(), *v, *nv;
		size_t i;

		if (res == NULL)
			return NULL;
		json_array_foreach(obj, i, v) {
			bool k;

			nv = remove_directives(v, &k);
			if (!k)
				continue;
			if (nv == NULL || json_array_append_new(res, nv) < 0) {
				json_decref(res);
				return NULL;
			}
		}
		return res;
	}
	return json_incref(obj);
}

/* discardNullValuesFromPatch: null members go, recursively through maps and lists. */
static void
discard_null_values(json_t *v)
{
	const char *key;
	size_t key_len, i;
	json_t *e;
	void *tmp;

	if (json_is_object(v)) {
		json_object_keylen_foreach_safe(v, tmp, key, key_len, e)
		{
			if (json_is_null(e))
				json_object_deln(v, key, key_len);
			else
				discard_null_values(e);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			discard_null_values(e);
	}
}

/* The value a patch gives a key the original lacks (or holds with another type). */
static int
take_patch_value(struct smp *s, json_t *original, const char *key, size_t len, json_t *pv)
{
	json_t *nv;
	bool keep;

	discard_null_values(pv);
	nv = remove_directives(pv, &keep);
	if (!keep) {
		json_object_deln(original, key, len);
		return 0;
	}
	if (nv == NULL || json_object_setn_new_nocheck(original, key, len, nv) < 0)
		return smp_nomem(s);
	return 0;
}

/* ---- list element helpers ------------------------------------------------------------------- */

/*
 * sliceElementType(a, b): the kind of every element of both lists (either may be NULL, which
 * is Go's nil slice).  Mixed kinds, nested lists and two empty lists fail as upstream.
 */
static int
slice_element_type(struct smp *s, const json_t *a, const json_t *b, enum go_kind *kind)
{
	const json_t *lists[] = { a, b };
	bool have = false;
	enum go_kind prev = GO_NIL;

	for (size_t l = 0; l < KC_ARRAY_SIZE(lists); l++) {
		size_t i;
		json_t *v;

		if (lists[l] == NULL)
			continue;
		json_array_foreach(lists[l], i, v) {
			enum go_kind k = go_kind(v);

			if (!have) {
				/* reflect.TypeOf(nil).Kind() dereferences a nil Type. */
				if (k == GO_NIL)
					return smp_fail(
						s, KC_ERR_INTERNAL,
						"runtime error: invalid memory address or nil "
						"pointer dereference");
				if (k == GO_SLICE)
					return smp_fail(s, KC_ERR_INVALID, ERR_NO_LIST_OF_LISTS);
				prev = k;
				have = true;
			} else if (k != prev) {
				json_auto_t *empty = json_array();

				return smp_fail_values(
					s, KC_ERR_INTERNAL,
					"list element types are not identical: [%s %s]", 2, 'v',
					a != NULL ? a : empty, 'v', b != NULL ? b : empty);
			}
		}
	}
	if (!have)
		return smp_fail(s, KC_ERR_INTERNAL, "no elements in any of the given slices");
	*kind = prev;
	return 0;
}

/* findMapInSliceBasedOnKeyValue: index of the first map whose key equals value, or -1. */
static int
find_map_in_slice(struct smp *s, const json_t *list, const char *key, const json_t *value,
		  long *ret)
{
	size_t i;
	json_t *v, *m;

	*ret = -1;
	json_array_foreach(list, i, v) {
		if (!json_is_object(v))
			return smp_fail(s, KC_ERR_INTERNAL, "value for key %zu is not a map", i);
		m = json_object_get(v, key);
		if (m != NULL && go_equal(s, m, value)) {
			*ret = (long)i;
			return 0;
		}
		if (s->err != 0)
			return s->err;
	}
	return 0;
}

/* index(): what a list element is compared by (the merge key's value for maps). */
static const json_t *
index_value(const json_t *item, const char *merge_key, enum go_kind kind)
{
	if (kind != GO_MAP)
		return item;
	return json_is_object(item) ? json_object_get(item, merge_key) : NULL;
}

/* index(l, val, mergeKey, kind): position of val in l, or -1. */
static long
index_of(struct smp *s, const json_t *l, const json_t *val, const char *merge_key,
	 enum go_kind kind)
{
	const json_t *want = index_value(val, merge_key, kind);
	size_t i;
	json_t *v;

	json_array_foreach(l, i, v)
		if (go_equal(s, want, index_value(v, merge_key, kind)))
			return (long)i;
	return -1;
}

/* validateMergeKeyInLists for one list (NULL is empty). */
static int
validate_merge_key_in_list(struct smp *s, const char *merge_key, const json_t *list)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v) {
		if (!json_is_object(v))
			return err_bad_arg_type(s, GO_MAP_TYPE, v);
		if (json_object_get(v, merge_key) == NULL)
			return err_no_merge_key(s, v, merge_key);
	}
	return 0;
}

/* extractToDeleteItems: the elements without and with "$patch": "delete". */
static int
extract_to_delete_items(struct smp *s, const json_t *l, json_t *non_delete, json_t *to_delete)
{
	size_t i;
	json_t *v;

	json_array_foreach(l, i, v) {
		if (!json_is_object(v))
			return err_bad_arg_type(s, GO_MAP_TYPE, v);
		if (json_array_append(
			    is_string(json_object_get(v, DIRECTIVE_MARKER), DELETE_DIRECTIVE)
				    ? to_delete
				    : non_delete,
			    v) < 0)
			return smp_nomem(s);
	}
	return 0;
}

/* ---- ordering: Go's sort.SliceStable, normalizeElementOrder, mergeSortedSlice --------------- */

/* The less function of normalizeSliceOrder over an array of borrowed elements. */
struct order_sort {
	struct smp *s;
	json_t **v;
	const json_t *order;
	const char *merge_key;
	enum go_kind kind;
};

static bool
order_less(struct order_sort *o, long i, long j)
{
	long ii = index_of(o->s, o->order, o->v[i], o->merge_key, o->kind), ij;

	if (ii >= 0) {
		ij = index_of(o->s, o->order, o->v[j], o->merge_key, o->kind);
		if (ij >= 0)
			return ii < ij;
	}
	return true;
}

static void
order_swap(struct order_sort *o, long i, long j)
{
	json_t *t = o->v[i];

	o->v[i] = o->v[j];
	o->v[j] = t;
}

/*
 * Go's stable sort (sort/zsortfunc.go: insertion sort on blocks of 20, then SymMerge), step for
 * step: normalizeSliceOrder's less is not a strict weak order when an element is missing from
 * the order list, so only the same algorithm gives the same result.
 */
static void
insertion_sort(struct order_sort *o, long a, long b)
{
	for (long i = a + 1; i < b; i++)
		for (long j = i; j > a && order_less(o, j, j - 1); j--)
			order_swap(o, j, j - 1);
}

static void
swap_range(struct order_sort *o, long a, long b, long n)
{
	for (long i = 0; i < n; i++)
		order_swap(o, a + i, b + i);
}

static void
rotate(struct order_sort *o, long a, long m, long b)
{
	long i = m - a, j = b - m;

	while (i != j) {
		if (i > j) {
			swap_range(o, m - i, m, j);
			i -= j;
		} else {
			swap_range(o, m - i, m + j - i, i);
			j -= i;
		}
	}
	swap_range(o, m - i, m, i);
}

static void
sym_merge(struct order_sort *o, long a, long m, long b)
{
	long mid, n, start, r, p, end;

	if (m - a == 1) {
		long i = m, j = b;

		while (i < j) {
			long h = (long)((unsigned long)(i + j) >> 1);

			if (order_less(o, h, a))
				i = h + 1;
			else
				j = h;
		}
		for (long k = a; k < i - 1; k++)
			order_swap(o, k, k + 1);
		return;
	}
	if (b - m == 1) {
		long i = a, j = m;

		while (i < j) {
			long h = (long)((unsigned long)(i + j) >> 1);

			if (!order_less(o, m, h))
				i = h + 1;
			else
				j = h;
		}
		for (long k = m; k > i; k--)
			order_swap(o, k, k - 1);
		return;
	}
	mid = (long)((unsigned long)(a + b) >> 1);
	n = mid + m;
	if (m > mid) {
		start = n - b;
		r = mid;
	} else {
		start = a;
		r = m;
	}
	p = n - 1;
	while (start < r) {
		long c = (long)((unsigned long)(start + r) >> 1);

		if (!order_less(o, p - c, c))
			start = c + 1;
		else
			r = c;
	}
	end = n - start;
	if (start < m && m < end)
		rotate(o, start, m, end);
	if (a < start && start < mid)
		sym_merge(o, a, start, mid);
	if (mid < end && end < b)
		sym_merge(o, mid, end, b);
}

static void
stable_sort(struct order_sort *o, long n)
{
	long block = 20, a = 0, b = block;

	while (b <= n) {
		insertion_sort(o, a, b);
		a = b;
		b += block;
	}
	insertion_sort(o, a, n);
	while (block < n) {
		a = 0;
		b = 2 * block;
		while (b <= n) {
			sym_merge(o, a, a + block, b);
			a = b;
			b += 2 * block;
		}
		if (a + block < n)
			sym_merge(o, a, a + block, n);
		block *= 2;
	}
}

/* normalizeSliceOrder: to_sort ordered by order, "$patch": "delete" elements last.  New list. */
static int
normalize_slice_order(struct smp *s, const json_t *to_sort, const json_t *order,
		      const char *merge_key, enum go_kind kind, json_t **ret)
{
	json_auto_t *items = json_array(), *to_delete = json_array(), *out = json_array();
	KC_AUTOFREE json_t **v = NULL;
	struct order_sort o;
	size_t n, i;
	json_t *e;
	int r;

	if (items == NULL || to_delete == NULL || out == NULL)
		return smp_nomem(s);
	if (kind == GO_MAP) {
		if ((r = validate_merge_key_in_list(s, merge_key, to_sort)) < 0 ||
		    (r = validate_merge_key_in_list(s, merge_key, order)) < 0 ||
		    (r = extract_to_delete_items(s, to_sort, items, to_delete)) < 0)
			return r;
	} else {
		json_array_foreach(to_sort, i, e)
			if (json_array_append(items, e) < 0)
				return smp_nomem(s);
	}
	n = json_array_size(items);
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		return smp_nomem(s);
	for (i = 0; i < n; i++)
		v[i] = json_array_get(items, i);
	o = (struct order_sort){ s, v, order, merge_key, kind };
	stable_sort(&o, (long)n);
	if (s->err != 0)
		return s->err;
	for (i = 0; i < n; i++)
		if (json_array_append(out, v[i]) < 0)
			return smp_nomem(s);
	if (json_array_extend(out, to_delete) < 0)
		return smp_nomem(s);
	*ret = kc_take_ptr(out);
	return 0;
}

/*
 * mergeSortedSlice: interleaves left (server-only items) into right (patch items), both
 * already ordered; a left item goes first only when both positions in server_order are known
 * and it comes earlier there.
 */
static int
merge_sorted_slice(struct smp *s, const json_t *left, const json_t *right,
		   const json_t *server_order, const char *merge_key, enum go_kind kind,
		   json_t **ret)
{
	json_auto_t *out = json_array();
	size_t nl = json_array_size(left), nr = json_array_size(right), i = 0, j = 0;

	if (out == NULL)
		return smp_nomem(s);
	for (size_t k = 0; k < nl + nr; k++) {
		json_t *pick;

		if (i >= nl) {
			pick = json_array_get(right, j++);
		} else if (j >= nr) {
			pick = json_array_get(left, i++);
		} else {
			long li =
				index_of(s, server_order, json_array_get(left, i), merge_key, kind);
			long ri = index_of(s, server_order, json_array_get(right, j), merge_key,
					   kind);

			if (li >= 0 && ri >= 0 && li < ri)
				pick = json_array_get(left, i++);
			else
				pick = json_array_get(right, j++);
		}
		if (json_array_append(out, pick) < 0)
			return smp_nomem(s);
	}
	if (s->err != 0)
		return s->err;
	*ret = kc_take_ptr(out);
	return 0;
}

/* normalizeElementOrder. */
static int
normalize_element_order(struct smp *s, const json_t *patch, const json_t *server_only,
			const json_t *patch_order, const json_t *server_order,
			const char *merge_key, enum go_kind kind, json_t **ret)
{
	json_auto_t *p = NULL, *so = NULL;
	int r;

	if ((r = normalize_slice_order(s, patch, patch_order, merge_key, kind, &p)) < 0 ||
	    (r = normalize_slice_order(s, server_only, server_order, merge_key, kind, &so)) < 0)
		return r;
	return merge_sorted_slice(s, so, p, server_order, merge_key, kind, ret);
}

/* partitionPrimitivesByPresentInList. */
static int
partition_primitives(struct smp *s, const json_t *list, const json_t *by, json_t *in, json_t *out)
{
	size_t i;
	json_t *v;

	if (go_check_hashable(s, by) < 0)
		return s->err;
	json_array_foreach(list, i, v) {
		bool found = go_set_has(s, by, v);

		if (s->err != 0)
			return s->err;
		if (json_array_append(found ? in : out, v) < 0)
			return smp_nomem(s);
	}
	return 0;
}

/* partitionMapsByPresentInList. */
static int
partition_maps(struct smp *s, const json_t *list, const json_t *by, const char *merge_key,
	       json_t *in, json_t *out)
{
	size_t i;
	json_t *v, *mv;
	long at;
	int r;

	json_array_foreach(list, i, v) {
		if (!json_is_object(v))
			return err_bad_arg_type(s, GO_MAP_TYPE, v);
		mv = json_object_get(v, merge_key);
		if (mv == NULL)
			return err_no_merge_key(s, v, merge_key);
		if (by != NULL && (r = find_map_in_slice(s, by, merge_key, mv, &at)) < 0)
			return r;
		if (json_array_append(by != NULL && at >= 0 ? in : out, v) < 0)
			return smp_nomem(s);
	}
	return 0;
}

/* Splits merged by presence in `by` (NULL: none) and orders the result (end of mergeSlice). */
static int
enforce_order(struct smp *s, const json_t *merged, const json_t *by, const json_t *server_order,
	      const char *merge_key, enum go_kind kind, json_t **ret)
{
	json_auto_t *in = json_array(), *out = json_array(), *empty = json_array();
	int r;

	if (in == NULL || out == NULL || empty == NULL)
		return smp_nomem(s);
	if (*merge_key == '\0')
		r = partition_primitives(s, merged, by != NULL ? by : empty, in, out);
	else
		r = partition_maps(s, merged, by, merge_key, in, out);
	if (r < 0)
		return r;
	return normalize_element_order(s, in, out, by != NULL ? by : empty, server_order, merge_key,
				       kind, ret);
}

/* ---- mergeSlice ----------------------------------------------------------------------------- */

/*
 * The `original` slice of mergeSlice for a list of maps.  Upstream removes deleted elements
 * with append(original[:i], original[i+1:]...), which shifts them inside the caller's backing
 * array, and then appends new elements into the freed cells; the caller
 * (mergePatchIntoOriginal) goes on using its own slice header over that array as the server's
 * order.  `view` is what that header shows: the original's n cells while `cur` still shares
 * them (its capacity is n: the apiserver's original comes from ToUnstructured, which allocates
 * slices with len == cap).
 */
struct orig_slice {
	json_t *cur;
	json_t *view;
	bool shared;
};

static void
orig_slice_release(struct orig_slice *os)
{
	json_decref(os->cur);
	json_decref(os->view);
}

static int
orig_slice_delete(struct orig_slice *os, size_t at)
{
	if (json_array_remove(os->cur, at) < 0)
		return KC_ERR_NOMEM;
	for (size_t j = at; os->shared && j < json_array_size(os->cur); j++)
		if (json_array_set(os->view, j, json_array_get(os->cur, j)) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

static int
orig_slice_set(struct orig_slice *os, size_t at, json_t *v)
{
	if (json_array_set(os->cur, at, v) < 0)
		return KC_ERR_NOMEM;
	if (os->shared && json_array_set(os->view, at, v) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

static int
orig_slice_append(struct orig_slice *os, json_t *v)
{
	size_t len = json_array_size(os->cur);

	if (os->shared && len < json_array_size(os->view)) {
		if (json_array_set(os->view, len, v) < 0)
			return KC_ERR_NOMEM;
	} else {
		os->shared = false; /* append reallocates */
	}
	return json_array_append(os->cur, v) < 0 ? KC_ERR_NOMEM : 0;
}

/* deleteMatchingEntries: every element whose merge key equals value goes. */
static int
delete_matching_entries(struct smp *s, struct orig_slice *os, const char *merge_key,
			const json_t *value)
{
	long at;
	int r;

	for (;;) {
		if ((r = find_map_in_slice(s, os->cur, merge_key, value, &at)) < 0)
			return r;
		if (at < 0)
			return 0;
		if (orig_slice_delete(os, (size_t)at) < 0)
			return smp_nomem(s);
	}
}

/*
 * mergeSliceWithSpecialElements: applies the "$patch" elements of patch to os and returns the
 * other elements in *rest (NULL, Go's nil, after a "replace", which makes them the original).
 */
static int
merge_slice_with_special_elements(struct smp *s, struct orig_slice *os, const json_t *patch,
				  const char *merge_key, json_t **rest)
{
	json_auto_t *without = json_array();
	bool replace = false;
	size_t i;
	json_t *v, *d, *mv;
	int r;

	if (without == NULL)
		return smp_nomem(s);
	json_array_foreach(patch, i, v) {
		d = json_object_get(v, DIRECTIVE_MARKER);
		if (d == NULL) {
			if (json_array_append(without, v) < 0)
				return smp_nomem(s);
		} else if (is_string(d, DELETE_DIRECTIVE)) {
			mv = json_object_get(v, merge_key);
			if (mv == NULL)
				return err_no_merge_key(s, v, merge_key);
			if ((r = delete_matching_entries(s, os, merge_key, mv)) < 0)
				return r;
		} else if (is_string(d, REPLACE_DIRECTIVE)) {
			replace = true; /* later "$patch" elements are still pruned */
		} else if (is_string(d, MERGE_DIRECTIVE)) {
			return smp_fail(s, KC_ERR_INTERNAL,
					"merging lists cannot yet be specified in the patch");
		} else {
			return err_bad_patch_type(s, d, v);
		}
	}
	if (replace) {
		json_decref(os->cur);
		os->cur = kc_take_ptr(without);
		os->shared = false;
		*rest = NULL;
		return 0;
	}
	*rest = kc_take_ptr(without);
	return 0;
}

static int merge_map(struct smp *s, json_t *original, json_t *patch,
		     const struct patch_meta_type *schema, json_t **ret);

/* mergeSliceWithoutSpecialElements: merges elements by key, appends the others. */
static int
merge_slice_without_special_elements(struct smp *s, struct orig_slice *os, const json_t *patch,
				     const char *merge_key, const struct patch_meta_type *schema)
{
	size_t i;
	json_t *v, *mv;
	long at;
	int r;

	json_array_foreach(patch, i, v) {
		mv = json_object_get(v, merge_key);
		if (mv == NULL)
			return err_no_merge_key(s, v, merge_key);
		if ((r = find_map_in_slice(s, os->cur, merge_key, mv, &at)) < 0)
			return r;
		if (at >= 0) {
			json_auto_t *merged = NULL;

			if ((r = merge_map(s, json_array_get(os->cur, (size_t)at), v, schema,
					   &merged)) < 0)
				return r;
			if (orig_slice_set(os, (size_t)at, merged) < 0)
				return smp_nomem(s);
		} else if (orig_slice_append(os, v) < 0) {
			return smp_nomem(s);
		}
	}
	return 0;
}

/* The list-of-maps half of mergeSlice. */
static int
merge_slice_of_maps(struct smp *s, const json_t *original, const json_t *patch,
		    const struct field_meta *m, json_t **ret, json_t **view)
{
	KC_CLEANUP(orig_slice_release)
	struct orig_slice os = { array_copy(original), array_copy(original), true };
	json_auto_t *rest = NULL, *order = NULL;
	int r;

	if (os.cur == NULL || os.view == NULL)
		return smp_nomem(s);
	if (*m->merge_key == '\0')
		return smp_fail(s, KC_ERR_INTERNAL, "cannot merge lists without merge key for %s",
				m->elem_kind);
	if ((r = merge_slice_with_special_elements(s, &os, patch, m->merge_key, &rest)) < 0)
		return r;
	/* The server's order is `original` as it stands now (merges do not move keys). */
	order = array_copy(os.cur);
	if (order == NULL)
		return smp_nomem(s);
	if ((r = merge_slice_without_special_elements(s, &os, rest, m->merge_key, m->type)) < 0)
		return r;
	if ((r = enforce_order(s, os.cur, rest, order, m->merge_key, GO_MAP, ret)) < 0)
		return r;
	if (view != NULL)
		*view = kc_take_ptr(os.view);
	return 0;
}

/* deleteFromSlice: current without the values in to_delete. */
static int
delete_from_slice(struct smp *s, const json_t *current, const json_t *to_delete, json_t **ret)
{
	json_auto_t *out = json_array();
	size_t i;
	json_t *v;

	if (out == NULL)
		return smp_nomem(s);
	if (go_check_hashable(s, to_delete) < 0)
		return s->err;
	json_array_foreach(current, i, v) {
		bool found = go_set_has(s, to_delete, v);

		if (s->err != 0)
			return s->err;
		if (!found && json_array_append(out, v) < 0)
			return smp_nomem(s);
	}
	*ret = kc_take_ptr(out);
	return 0;
}

/*
 * deduplicateScalars, in place and with its own way of moving elements.  `alias` (or NULL) is
 * the original list when `append(original, patch...)` appended nothing and so returned the
 * original slice itself: every move shows there too, the truncations do not.
 */
static int
deduplicate_scalars(struct smp *s, json_t *a, json_t *alias)
{
	long length = (long)json_array_size(a) - 1;

	for (long i = 0; i < length; i++)
		for (long j = i + 1; j <= length; j++) {
			json_t *last = json_array_get(a, (size_t)length);

			if (!go_equal(s, json_array_get(a, (size_t)i),
				      json_array_get(a, (size_t)j)))
				continue;
			if (alias != NULL && json_array_set(alias, (size_t)j, last) < 0)
				return smp_nomem(s);
			if (json_array_set(a, (size_t)j, last) < 0 ||
			    json_array_remove(a, (size_t)length) < 0)
				return smp_nomem(s);
			length--;
			j--;
		}
	return s->err;
}

/*
 * mergeSlice.  *ret is the merged list; *view (when asked for) what the caller's original
 * slice holds afterwards (see struct orig_slice).
 */
static int
merge_slice(struct smp *s, json_t *original, json_t *patch, const struct field_meta *m,
	    bool is_delete_list, json_t **ret, json_t **view)
{
	json_auto_t *both = NULL, *order = NULL;
	enum go_kind kind;
	int r;

	if (json_array_size(original) == 0 && json_array_size(patch) == 0) {
		*ret = json_incref(original);
		if (view != NULL)
			*view = json_incref(original);
		return 0;
	}
	if ((r = slice_element_type(s, original, patch, &kind)) < 0)
		return r;
	if (kind == GO_MAP)
		return merge_slice_of_maps(s, original, patch, m, ret, view);
	if (is_delete_list) {
		r = delete_from_slice(s, original, patch, ret);
		if (r == 0 && view != NULL)
			*view = json_incref(original);
		return r;
	}
	/* With nothing to append, `both` is the original slice (and its server order). */
	order = json_array_size(patch) == 0 ? array_copy(original) : json_incref(original);
	both = array_copy(original);
	if (order == NULL || both == NULL || json_array_extend(both, patch) < 0)
		return smp_nomem(s);
	if ((r = deduplicate_scalars(s, both, json_array_size(patch) == 0 ? order : NULL)) < 0 ||
	    (r = enforce_order(s, both, patch, order, m->merge_key, kind, ret)) < 0)
		return r;
	if (view != NULL)
		*view = kc_take_ptr(order);
	return 0;
}

/* mergeSliceHandler: lists merge only under the merge strategy (or as a deletion list). */
static int
merge_slice_handler(struct smp *s, json_t *original, json_t *patch, const struct field_meta *m,
		    bool is_delete_list, json_t **ret, json_t **view)
{
	if (strcmp(m->strategy, MERGE_DIRECTIVE) == 0 || is_delete_list)
		return merge_slice(s, original, patch, m, is_delete_list, ret, view);
	*ret = json_incref(patch);
	if (view != NULL)
		*view = json_incref(original);
	return 0;
}

/* ---- $setElementOrder: mergePatchIntoOriginal ------------------------------------------------ */

/* mergeKeyValueEqual. */
static int
merge_key_value_equal(struct smp *s, const json_t *left, const json_t *right, const char *merge_key,
		      bool *ret)
{
	json_t *l, *r;

	if (*merge_key == '\0') {
		*ret = go_equal(s, left, right);
		return s->err;
	}
	if (!json_is_object(left))
		return err_bad_arg_type(s, GO_MAP_TYPE, left);
	if (!json_is_object(right))
		return err_bad_arg_type(s, GO_MAP_TYPE, right);
	l = json_object_get(left, merge_key);
	if (l == NULL)
		return err_no_merge_key(s, left, merge_key);
	r = json_object_get(right, merge_key);
	if (r == NULL)
		return err_no_merge_key(s, right, merge_key);
	*ret = go_equal(s, l, r);
	return s->err;
}

/*
 * validatePatchWithSetOrderList: the patch's elements (deletions and other "$patch" elements
 * aside) must appear in the $setElementOrder list, in the same relative order.
 */
static int
validate_patch_with_set_order_list(struct smp *s, const json_t *patch_list, const json_t *set_order,
				   const char *merge_key)
{
	json_auto_t *non_delete = NULL, *to_delete = NULL;
	size_t pi = 0, si = 0, np, ns = json_array_size(set_order);
	int r;

	if (ns == 0 || array_size(patch_list) == 0)
		return 0;
	if (*merge_key != '\0') {
		non_delete = json_array();
		to_delete = json_array();
		if (non_delete == NULL || to_delete == NULL)
			return smp_nomem(s);
		if ((r = extract_to_delete_items(s, patch_list, non_delete, to_delete)) < 0)
			return r;
	} else {
		non_delete = json_incref((json_t *)patch_list);
	}
	np = json_array_size(non_delete);
	while (pi < np && si < ns) {
		json_t *item = json_array_get(non_delete, pi);
		bool eq = false;

		if (json_is_object(item) && json_object_get(item, DIRECTIVE_MARKER) != NULL) {
			pi++;
			continue;
		}
		if ((r = merge_key_value_equal(s, item, json_array_get(set_order, si), merge_key,
					       &eq)) < 0)
			return r;
		if (eq)
			pi++;
		si++;
	}
	if (pi < np && si >= ns)
		return smp_fail_values(s, KC_ERR_INTERNAL,
				       "The order in patch list:\n%s\n doesn't match "
				       "$setElementOrder list:\n%s\n",
				       2, 'v', patch_list, 'v', set_order);
	return 0;
}

/* One "$setElementOrder/<list>" directive (the body of mergePatchIntoOriginal's loop). */
static int
merge_set_element_order(struct smp *s, json_t *original, json_t *patch, const char *key,
			size_t key_len, const struct patch_meta_type *schema)
{
	json_auto_t *order = NULL, *merged = NULL, *view = NULL, *both = NULL;
	json_auto_t *in = json_array(), *out = json_array();
	const char *okey;
	size_t olen;
	json_t *ol, *pl;
	struct field_meta m;
	enum go_kind kind;
	int r;

	if (in == NULL || out == NULL)
		return smp_nomem(s);
	order = json_incref(json_object_getn(patch, key, key_len));
	json_object_deln(patch, key, key_len);
	if (!json_is_array(order))
		return err_bad_arg_type(s, GO_SLICE_TYPE, order);
	if ((r = extract_key(s, key, key_len, SET_ELEMENT_ORDER_PREFIX, &okey, &olen)) < 0)
		return r;
	ol = json_object_getn(original, okey, olen);
	pl = json_object_getn(patch, okey, olen);
	if (ol != NULL && !json_is_array(ol))
		return err_bad_arg_type(s, GO_SLICE_TYPE, ol);
	if (pl != NULL && !json_is_array(pl))
		return err_bad_arg_type(s, GO_SLICE_TYPE, pl);
	lookup_meta(schema, okey, olen, &m);
	if ((r = validate_patch_with_set_order_list(s, pl, order, m.merge_key)) < 0)
		return r;
	if (ol != NULL && pl == NULL) {
		merged = json_incref(ol); /* no change to the list's contents */
		view = json_incref(ol);
	} else if (ol == NULL && pl != NULL) {
		bool keep;

		merged = remove_directives(pl, &keep);
		if (merged == NULL)
			return smp_nomem(s);
	} else if (ol != NULL && pl != NULL) {
		if ((r = merge_slice_handler(s, ol, pl, &m, false, &merged, &view)) < 0)
			return r;
	} else {
		return 0;
	}
	if (*m.merge_key == '\0')
		r = partition_primitives(s, merged, order, in, out);
	else
		r = partition_maps(s, merged, order, m.merge_key, in, out);
	if (r < 0 || (r = slice_element_type(s, view, pl, &kind)) < 0)
		return r;
	if ((r = normalize_element_order(s, in, out, order, view, m.merge_key, kind, &both)) < 0)
		return r;
	/* okey points into the caller's copy of the key, not into patch. */
	if (json_object_setn_nocheck(original, okey, olen, both) < 0)
		return smp_nomem(s);
	json_object_deln(patch, okey, olen);
	return 0;
}

/*
 * mergePatchIntoOriginal: every "$setElementOrder/<list>" key, with the list it orders, is
 * merged and removed from the patch before the other keys are.
 */
static int
merge_patch_into_original(struct smp *s, json_t *original, json_t *patch,
			  const struct patch_meta_type *schema)
{
	json_auto_t *keys = json_array();
	const char *key;
	size_t key_len, i;
	json_t *v;
	int r;

	if (keys == NULL)
		return smp_nomem(s);
	json_object_keylen_foreach(patch, key, key_len, v)
	{
		if (has_prefix(key, key_len, SET_ELEMENT_ORDER_PREFIX) &&
		    json_array_append_new(keys, json_stringn_nocheck(key, key_len)) < 0)
			return smp_nomem(s);
	}
	json_array_foreach(keys, i, v) {
		const char *k = json_string_value(v);
		size_t n = json_string_length(v);

		if (k == NULL)
			return smp_nomem(s);
		/* An entry deleted before it is reached is not produced by Go's range. */
		if (json_object_getn(patch, k, n) == NULL)
			continue;
		if ((r = merge_set_element_order(s, original, patch, k, n, schema)) < 0)
			return r;
	}
	return 0;
}

/* ---- $retainKeys and $patch on maps ---------------------------------------------------------- */

/* Whether the $retainKeys list names key (only its string members can equal a map key). */
static bool
retains(const json_t *keep, const char *key, size_t len)
{
	size_t i;
	json_t *v;

	json_array_foreach(keep, i, v)
		if (json_is_string(v) && json_string_length(v) == len &&
		    memcmp(json_string_value(v), key, len) == 0)
			return true;
	return false;
}

/*
 * applyRetainKeysDirective: every key the patch sets (nulls and parallel lists aside) must be
 * listed, and the original keeps only the listed keys.
 */
static int
apply_retain_keys(struct smp *s, json_t *original, json_t *patch)
{
	json_auto_t *keep = json_incref(json_object_get(patch, RETAIN_KEYS_DIRECTIVE));
	const char *key;
	size_t key_len;
	json_t *v;
	void *tmp;

	if (keep == NULL)
		return 0;
	json_object_del(patch, RETAIN_KEYS_DIRECTIVE);
	if (!json_is_array(keep))
		return smp_fail(s, KC_ERR_BAD_REQUEST, ERR_BAD_RETAIN_KEYS);
	/* Upstream builds a Go set of the list first. */
	if (go_check_hashable(s, keep) < 0)
		return s->err;
	json_object_keylen_foreach(patch, key, key_len, v)
	{
		if (json_is_null(v) ||
		    has_prefix(key, key_len, DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
		    has_prefix(key, key_len, SET_ELEMENT_ORDER_PREFIX))
			continue;
		if (!retains(keep, key, key_len))
			return smp_fail(s, KC_ERR_BAD_REQUEST, ERR_BAD_RETAIN_KEYS);
	}
	json_object_keylen_foreach_safe(original, tmp, key, key_len, v)
	{
		if (!retains(keep, key, key_len))
			json_object_deln(original, key, key_len);
	}
	return 0;
}

/* handleDirectiveInMergeMap: "$patch" on a map. */
static int
handle_directive_in_merge_map(struct smp *s, json_t *directive, json_t *patch, json_t **ret)
{
	if (is_string(directive, REPLACE_DIRECTIVE)) {
		json_object_del(patch, DIRECTIVE_MARKER);
		*ret = json_incref(patch);
		return 0;
	}
	if (is_string(directive, DELETE_DIRECTIVE)) {
		*ret = json_object();
		return *ret != NULL ? 0 : smp_nomem(s);
	}
	return err_bad_patch_type(s, directive, patch);
}

/* ---- mergeMap ------------------------------------------------------------------------------- */

/* One key of the patch (the body of mergeMap's final loop). */
static int
merge_map_key(struct smp *s, json_t *original, const char *key, size_t len, json_t *pv,
	      const struct patch_meta_type *schema)
{
	json_auto_t *nv = NULL;
	struct field_meta m;
	bool is_delete_list = false;
	json_t *ov;
	int r;

	if (has_prefix(key, len, DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
		const char *k;
		size_t n;

		if ((r = extract_key(s, key, len, DELETE_FROM_PRIMITIVE_LIST_PREFIX, &k, &n)) < 0)
			return r;
		is_delete_list = true;
		if (n > 0) {
			key = k;
			len = n;
		}
	}
	if (json_is_null(pv)) {
		json_object_deln(original, key, len);
		return 0;
	}
	ov = json_object_getn(original, key, len);
	if (ov == NULL || go_kind(ov) != go_kind(pv))
		return is_delete_list ? 0 : take_patch_value(s, original, key, len, pv);
	switch (go_kind(ov)) {
	case GO_MAP:
		lookup_meta(schema, key, len, &m);
		if (strcmp(m.strategy, REPLACE_DIRECTIVE) == 0)
			nv = json_incref(pv);
		else if ((r = merge_map(s, ov, pv, m.type, &nv)) < 0)
			return r;
		break;
	case GO_SLICE:
		lookup_meta(schema, key, len, &m);
		if ((r = merge_slice_handler(s, ov, pv, &m, is_delete_list, &nv, NULL)) < 0)
			return r;
		break;
	default:
		nv = json_incref(pv);
		break;
	}
	if (json_object_setn_nocheck(original, key, len, nv) < 0)
		return smp_nomem(s);
	return 0;
}

/*
 * mergeMap: merges patch into original (NULL: an empty map) in place; *ret is the result,
 * which is original itself unless the patch carries "$patch".
 */
static int
merge_map(struct smp *s, json_t *original, json_t *patch, const struct patch_meta_type *schema,
	  json_t **ret)
{
	json_auto_t *orig = NULL;
	json_t *directive = json_object_get(patch, DIRECTIVE_MARKER), *pv;
	const char *key;
	size_t key_len;
	int r;

	if (directive != NULL)
		return handle_directive_in_merge_map(s, directive, patch, ret);
	orig = original != NULL ? json_incref(original) : json_object();
	if (orig == NULL)
		return smp_nomem(s);
	if ((r = apply_retain_keys(s, orig, patch)) < 0 ||
	    (r = merge_patch_into_original(s, orig, patch, schema)) < 0)
		return r;
	json_object_keylen_foreach(patch, key, key_len, pv)
	{
		if ((r = merge_map_key(s, orig, key, key_len, pv, schema)) < 0)
			return r;
	}
	*ret = kc_take_ptr(orig);
	return 0;
}

/* ---- entry points --------------------------------------------------------------------------- */

/* encoding/json's name for what a non-object body holds. */
static const char *
json_kind_word(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "bool";
	default:
		return "object";
	}
}

int
strategic_merge_patch_apply(const json_t *original, const json_t *patch,
			    const struct patch_meta_type *schema, json_t **ret, char *err,
			    size_t errlen)
{
	struct smp s = { .err = 0, .msg = err, .msglen = errlen };
	json_auto_t *orig = NULL, *p = NULL, *out = NULL;
	int r;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (original != NULL && !json_is_null(original) && !json_is_object(original))
		return smp_fail(&s, KC_ERR_BAD_REQUEST, ERR_BAD_JSON_DOC);
	if (patch == NULL)
		return smp_fail(&s, KC_ERR_BAD_REQUEST, ERR_BAD_JSON_DOC);
	if (!json_is_object(patch) && !json_is_null(patch))
		return smp_fail(&s, KC_ERR_BAD_REQUEST,
				"json: cannot unmarshal %s into Go value of type " GO_MAP_TYPE,
				json_kind_word(patch));
	orig = json_is_object(original) ? kc_json_copy(original) : json_object();
	if (orig == NULL)
		return smp_nomem(&s);
	if (json_is_null(patch)) {
		*ret = kc_take_ptr(orig);
		return 0;
	}
	p = kc_json_copy(patch);
	if (p == NULL)
		return smp_nomem(&s);
	r = merge_map(&s, orig, p, schema, &out);
	if (r < 0 || s.err != 0)
		return s.err != 0 ? s.err : r;
	*ret = kc_take_ptr(out);
	return 0;
}

int
strategic_merge_patch_apply_kind(const char *group, const char *kind, const json_t *original,
				 const json_t *patch, json_t **ret, char *err, size_t errlen)
{
	if (!patch_meta_supports_smp(group, kind))
		return kc_json_merge_patch_apply(original, patch, ret, err, errlen);
	return strategic_merge_patch_apply(original, patch, patch_meta_lookup(group, kind), ret,
					   err, errlen);
}
