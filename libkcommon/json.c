/*
 * json.c - jansson helpers: dotted-path get/set, JSON Pointer, RFC 7386 merge patch, RFC 6902
 * JSON patch and a Go-compatible compact encoder (upstream: apimachinery unstructured helpers;
 * gopkg.in/evanphx/json-patch.v4 merge.go and patch.go, which kube-apiserver's patch handler
 * uses; encoding/json encode.go for the text form).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"

/* kube-apiserver's limits on JSON patch (maxJSONPatchOperations, JSONPatchMaxCopyBytes). */
#define KC_JSON_PATCH_MAX_OPS        10000
#define KC_JSON_PATCH_MAX_COPY_BYTES (3 * 1024 * 1024)

/* ---- dotted paths ------------------------------------------------------------------------ */

enum path_state {
	PATH_START,
	PATH_KEY,
	PATH_AFTER
};

struct path_iter {
	const char *p;
	enum path_state state;
	char *heap; /* unescaped key when the segment had backslashes */
};

struct path_seg {
	const char *key;
	size_t len;
	int bracket; /* came from "[n]" */
};

static void
path_iter_release(struct path_iter *it)
{
	free(it->heap);
	it->heap = NULL;
}

static int
path_parse_index(struct path_iter *it, struct path_seg *seg)
{
	const char *q = it->p + 1;

	while (*q >= '0' && *q <= '9')
		q++;
	if (q == it->p + 1 || *q != ']')
		return -1;
	seg->key = it->p + 1;
	seg->len = (size_t)(q - (it->p + 1));
	seg->bracket = 1;
	it->p = q + 1;
	it->state = PATH_AFTER;
	return 1;
}

static int
path_parse_key(struct path_iter *it, struct path_seg *seg)
{
	const char *q = it->p;
	int escaped = 0;

	while (*q != '\0' && *q != '.' && *q != '[') {
		if (*q == '\\' && q[1] != '\0') {
			escaped = 1;
			q += 2;
		} else {
			q++;
		}
	}
	seg->bracket = 0;
	if (!escaped) {
		seg->key = it->p;
		seg->len = (size_t)(q - it->p);
	} else {
		char *out = malloc((size_t)(q - it->p) + 1);
		size_t n = 0;

		if (out == NULL)
			return -2;
		for (const char *s = it->p; s < q; s++) {
			if (*s == '\\' && s + 1 < q)
				s++;
			out[n++] = *s;
		}
		out[n] = '\0';
		free(it->heap);
		it->heap = out;
		seg->key = out;
		seg->len = n;
	}
	it->p = q;
	it->state = PATH_AFTER;
	return 1;
}

/* 1 with seg filled, 0 at the end, -1 malformed, -2 out of memory. */
static int
path_next(struct path_iter *it, struct path_seg *seg)
{
	switch (it->state) {
	case PATH_START:
		if (*it->p == '\0')
			return 0;
		if (*it->p == '[')
			return path_parse_index(it, seg);
		return path_parse_key(it, seg);
	case PATH_KEY:
		return path_parse_key(it, seg);
	case PATH_AFTER:
		if (*it->p == '\0')
			return 0;
		if (*it->p == '[')
			return path_parse_index(it, seg);
		if (*it->p != '.')
			return -1;
		it->p++;
		it->state = PATH_KEY;
		return path_parse_key(it, seg);
	}
	return -1;
}

/* Parses a decimal array index of exactly len digits; -1 when it is not one. */
static long long
parse_index(const char *s, size_t len)
{
	long long v = 0;

	if (len == 0 || len > 18)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static json_t *
step(const json_t *cur, const struct path_seg *seg)
{
	long long idx;

	if (json_is_object(cur)) {
		if (seg->bracket)
			return NULL;
		return json_object_getn(cur, seg->key, seg->len);
	}
	if (json_is_array(cur)) {
		idx = parse_index(seg->key, seg->len);
		if (idx < 0)
			return NULL;
		return json_array_get(cur, (size_t)idx);
	}
	return NULL;
}

json_t *
kc_json_get_path(const json_t *root, const char *path)
{
	struct path_iter it = { .p = path ? path : "", .state = PATH_START };
	struct path_seg seg;
	json_t *cur = (json_t *)root;
	int r;

	while (cur != NULL && (r = path_next(&it, &seg)) != 0) {
		if (r < 0) {
			cur = NULL;
			break;
		}
		cur = step(cur, &seg);
	}
	path_iter_release(&it);
	return cur;
}

json_t *
kc_json_get(const json_t *root, ...)
{
	json_t *cur = (json_t *)root;
	const char *key;
	va_list ap;

	va_start(ap, root);
	while (cur != NULL && (key = va_arg(ap, const char *)) != NULL) {
		struct path_seg seg = { .key = key, .len = strlen(key), .bracket = 0 };

		cur = step(cur, &seg);
	}
	va_end(ap);
	return cur;
}

const char *
kc_json_get_string(const json_t *root, const char *path, const char *def)
{
	json_t *v = kc_json_get_path(root, path);

	return json_is_string(v) ? json_string_value(v) : def;
}

int64_t
kc_json_get_int64(const json_t *root, const char *path, int64_t def)
{
	json_t *v = kc_json_get_path(root, path);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

double
kc_json_get_number(const json_t *root, const char *path, double def)
{
	json_t *v = kc_json_get_path(root, path);

	return json_is_number(v) ? json_number_value(v) : def;
}

int
kc_json_get_bool(const json_t *root, const char *path, int def)
{
	json_t *v = kc_json_get_path(root, path);

	return json_is_boolean(v) ? json_is_true(v) : def;
}

json_t *
kc_json_get_object(const json_t *root, const char *path)
{
	json_t *v = kc_json_get_path(root, path);

	return json_is_object(v) ? v : NULL;
}

json_t *
kc_json_get_array(const json_t *root, const char *path)
{
	json_t *v = kc_json_get_path(root, path);

	return json_is_array(v) ? v : NULL;
}

/* ---- path setters ------------------------------------------------------------------------ */

struct seg_vec {
	struct path_seg *v;
	char **owned; /* unescaped keys to free */
	size_t n, alloc;
};

static void
seg_vec_release(struct seg_vec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->owned[i]);
	free(sv->v);
	free(sv->owned);
	memset(sv, 0, sizeof(*sv));
}

static int
seg_vec_split(struct seg_vec *sv, const char *path)
{
	struct path_iter it = { .p = path ? path : "", .state = PATH_START };
	struct path_seg seg;
	int r;

	while ((r = path_next(&it, &seg)) > 0) {
		if (sv->n == sv->alloc) {
			size_t na = sv->alloc ? sv->alloc * 2 : 8;
			struct path_seg *nv = realloc(sv->v, na * sizeof(*nv));
			char **no;

			if (nv == NULL) {
				r = -2;
				break;
			}
			sv->v = nv;
			no = realloc(sv->owned, na * sizeof(*no));
			if (no == NULL) {
				r = -2;
				break;
			}
			sv->owned = no;
			sv->alloc = na;
		}
		sv->owned[sv->n] = NULL;
		if (seg.key == it.heap) {
			sv->owned[sv->n] = it.heap; /* the vector now owns it */
			it.heap = NULL;
		}
		sv->v[sv->n++] = seg;
	}
	path_iter_release(&it);
	if (r == -2)
		return KC_ERR_NOMEM;
	return r < 0 ? KC_ERR_INVALID : 0;
}

/* Sets cur[seg] = value (stolen). */
static int
set_child_steal(json_t *cur, const struct path_seg *seg, json_t *value)
{
	long long idx;

	if (json_is_object(cur) && !seg->bracket)
		return json_object_setn_new(cur, seg->key, seg->len, value) == 0 ? 0 : KC_ERR_NOMEM;
	if (json_is_array(cur)) {
		idx = parse_index(seg->key, seg->len);
		if (idx >= 0 && (size_t)idx < json_array_size(cur))
			return json_array_set_new(cur, (size_t)idx, value) == 0 ? 0 : KC_ERR_NOMEM;
		if (idx >= 0 && (size_t)idx == json_array_size(cur))
			return json_array_append_new(cur, value) == 0 ? 0 : KC_ERR_NOMEM;
	}
	json_decref(value);
	return KC_ERR_INVALID;
}

/* Wraps value (stolen) in new objects for segs[from..n-1]; NULL when out of memory. */
static json_t *
build_chain_steal(const struct seg_vec *sv, size_t from, json_t *value)
{
	json_t *inner = value, *obj;
	size_t j = sv->n;

	while (j-- > from) {
		obj = json_object();
		if (obj == NULL) {
			json_decref(inner);
			return NULL;
		}
		if (json_object_setn_new(obj, sv->v[j].key, sv->v[j].len, inner) != 0) {
			json_decref(obj);
			return NULL;
		}
		inner = obj;
	}
	return inner;
}

int
kc_json_set_path_steal(json_t *root, const char *path, json_t *value)
{
	KC_CLEANUP(seg_vec_release) struct seg_vec sv = { 0 };
	json_t *cur = root, *child, *chain;
	int r;

	if (value == NULL)
		return KC_ERR_INVALID;
	r = seg_vec_split(&sv, path);
	if (r < 0 || sv.n == 0 || (!json_is_object(root) && !json_is_array(root))) {
		json_decref(value);
		return r < 0 ? r : KC_ERR_INVALID;
	}
	for (size_t i = 0; i + 1 < sv.n; i++) {
		child = step(cur, &sv.v[i]);
		if (json_is_object(child) || json_is_array(child)) {
			cur = child;
			continue;
		}
		if (child != NULL && !json_is_null(child)) {
			json_decref(value);
			return KC_ERR_INVALID;
		}
		if (child == NULL && json_is_array(cur)) {
			json_decref(value);
			return KC_ERR_INVALID;
		}
		/* Missing or null from here on: build the rest detached, attach once. */
		for (size_t j = i + 1; j < sv.n; j++) {
			if (sv.v[j].bracket) {
				json_decref(value);
				return KC_ERR_INVALID;
			}
		}
		chain = build_chain_steal(&sv, i + 1, value);
		if (chain == NULL)
			return KC_ERR_NOMEM;
		return set_child_steal(cur, &sv.v[i], chain);
	}
	return set_child_steal(cur, &sv.v[sv.n - 1], value);
}

int
kc_json_set_path(json_t *root, const char *path, json_t *value)
{
	if (value == NULL)
		return KC_ERR_INVALID;
	return kc_json_set_path_steal(root, path, json_incref(value));
}

int
kc_json_remove_path(json_t *root, const char *path)
{
	KC_CLEANUP(seg_vec_release) struct seg_vec sv = { 0 };
	json_t *parent = root;
	const struct path_seg *last;
	long long idx;
	int r;

	r = seg_vec_split(&sv, path);
	if (r < 0)
		return r;
	if (sv.n == 0)
		return KC_ERR_INVALID;
	for (size_t i = 0; i + 1 < sv.n && parent != NULL; i++)
		parent = step(parent, &sv.v[i]);
	last = &sv.v[sv.n - 1];
	if (json_is_object(parent) && !last->bracket)
		return json_object_deln(parent, last->key, last->len) == 0 ? 0 : KC_ERR_NOT_FOUND;
	if (json_is_array(parent)) {
		idx = parse_index(last->key, last->len);
		if (idx >= 0 && json_array_remove(parent, (size_t)idx) == 0)
			return 0;
	}
	return KC_ERR_NOT_FOUND;
}

/* ---- JSON Pointer (RFC 6901) ------------------------------------------------------------- */

/* Unescapes one reference token of len bytes into out (>= len + 1); -1 on a bad "~x". */
static int
pointer_unescape(const char *s, size_t len, char *out, size_t *ret_len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] != '~') {
			out[n++] = s[i];
			continue;
		}
		if (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1'))
			return -1;
		out[n++] = s[i + 1] == '0' ? '~' : '/';
		i++;
	}
	out[n] = '\0';
	*ret_len = n;
	return 0;
}

json_t *
kc_json_pointer_get(const json_t *root, const char *pointer)
{
	json_t *cur = (json_t *)root;
	const char *p = pointer;
	char small[256];

	if (root == NULL || pointer == NULL)
		return NULL;
	if (*p == '\0')
		return cur;
	if (*p != '/')
		return NULL;
	while (cur != NULL && *p == '/') {
		const char *tok = ++p;
		const char *end = strchr(tok, '/');
		size_t len = end ? (size_t)(end - tok) : strlen(tok);
		char *buf = len < sizeof(small) ? small : malloc(len + 1);
		size_t klen;

		if (buf == NULL)
			return NULL;
		if (pointer_unescape(tok, len, buf, &klen) < 0) {
			cur = NULL;
		} else if (json_is_object(cur)) {
			cur = json_object_getn(cur, buf, klen);
		} else if (json_is_array(cur)) {
			long long idx = parse_index(buf, klen);

			/* RFC 6901: no leading zeros. */
			if (idx < 0 || (klen > 1 && buf[0] == '0'))
				cur = NULL;
			else
				cur = json_array_get(cur, (size_t)idx);
		} else {
			cur = NULL;
		}
		if (buf != small)
			free(buf);
		p = tok + len;
	}
	return cur;
}

json_t *
kc_json_copy(const json_t *v)
{
	json_t *out, *e;
	const char *key;
	size_t key_len, i;

	/* Not json_deep_copy(): jansson 2.14's cuts object keys at an embedded NUL. */
	switch (v == NULL ? JSON_NULL : json_typeof(v)) {
	case JSON_OBJECT:
		out = json_object();
		json_object_keylen_foreach((json_t *)v, key, key_len, e)
		{
			if (out == NULL ||
			    json_object_setn_new_nocheck(out, key, key_len, kc_json_copy(e)) < 0) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, e) {
			if (out == NULL || json_array_append_new(out, kc_json_copy(e)) < 0) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	default:
		return v == NULL ? NULL : json_copy((json_t *)v); /* scalars: a fresh value */
	}
}

/* json_equal() with object keys compared by length: jansson's misses keys holding a NUL. */
/*
 * Structural equality that, unlike json_equal(), compares object keys holding a NUL byte
 * correctly.  numbers_by_value: an integer and a real are equal when their values are, as Go
 * compares numbers decoded into interface{} (json patch's matchesValue); else they differ, as
 * in json_equal().
 */
static int
deep_equal(const json_t *a, const json_t *b, int numbers_by_value)
{
	const char *key;
	size_t key_len, i;
	json_t *av, *bv;

	if (a == b)
		return 1;
	if (numbers_by_value && json_is_number(a) && json_is_number(b)) {
		if (json_is_integer(a) && json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return json_number_value(a) == json_number_value(b);
	}
	if (json_typeof(a) != json_typeof(b))
		return 0;
	switch (json_typeof(a)) {
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return 0;
		json_object_keylen_foreach((json_t *)a, key, key_len, av)
		{
			bv = json_object_getn(b, key, key_len);
			if (bv == NULL || !deep_equal(av, bv, numbers_by_value))
				return 0;
		}
		return 1;
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return 0;
		json_array_foreach(a, i, av) {
			if (!deep_equal(av, json_array_get(b, i), numbers_by_value))
				return 0;
		}
		return 1;
	default: /* strings (NULs included), numbers of one type, true, false, null */
		return json_equal(a, b);
	}
}

int
kc_json_equal(const json_t *a, const json_t *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return deep_equal(a, b, 0);
}

/* ---- RFC 7386 merge patch (evanphx merge.go) --------------------------------------------- */

/* Removes null members from objects, recursively; arrays keep null elements (pruneAryNulls). */
static void
prune_nulls(json_t *v)
{
	const char *key;
	json_t *member;
	void *tmp;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach_safe(v, tmp, key, member) {
			if (json_is_null(member))
				json_object_del(v, key);
			else
				prune_nulls(member);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, member)
			prune_nulls(member);
	}
}

static json_t *
copy_pruned(const json_t *v)
{
	json_t *c = json_deep_copy(v);

	if (c != NULL)
		prune_nulls(c);
	return c;
}

static int merge_docs(json_t *doc, const json_t *patch);

/* The new value of a member: cur (in doc, mutable) merged with patch (evanphx merge()). */
static json_t *
merge_value(json_t *cur, const json_t *patch)
{
	if (!json_is_object(cur))
		return copy_pruned(patch);
	if (!json_is_object(patch))
		return json_deep_copy(patch);
	if (merge_docs(cur, patch) < 0)
		return NULL;
	return json_incref(cur);
}

static int
merge_docs(json_t *doc, const json_t *patch)
{
	const char *key;
	size_t key_len;
	json_t *pv, *cur, *nv;

	json_object_keylen_foreach((json_t *)patch, key, key_len, pv)
	{
		if (json_is_null(pv)) {
			(void)json_object_deln(doc, key, key_len);
			continue;
		}
		cur = json_object_getn(doc, key, key_len);
		if (cur == NULL || json_is_null(cur))
			nv = copy_pruned(pv);
		else
			nv = merge_value(cur, pv);
		if (nv == NULL || json_object_setn_new(doc, key, key_len, nv) != 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

int
kc_json_merge_patch_apply(const json_t *doc, const json_t *patch, json_t **ret, char *err,
			  size_t errlen)
{
	json_auto_t *out = NULL;

	if (doc == NULL || json_is_null(doc)) {
		kc_err_printf(err, errlen, "Invalid JSON Document");
		return KC_ERR_BAD_REQUEST;
	}
	if (patch == NULL || (!json_is_object(patch) && !json_is_array(patch))) {
		kc_err_printf(err, errlen, "Invalid JSON Patch");
		return KC_ERR_BAD_REQUEST;
	}
	if (json_is_object(patch) && json_is_object(doc)) {
		out = json_deep_copy(doc);
		if (out == NULL || merge_docs(out, patch) < 0)
			goto nomem;
	} else {
		/* A non-object document, or an array patch: the result is the pruned patch. */
		out = copy_pruned(patch);
		if (out == NULL)
			goto nomem;
	}
	*ret = kc_take_ptr(out);
	return 0;
nomem:
	kc_err_printf(err, errlen, "out of memory");
	return KC_ERR_NOMEM;
}

/* Equality as Go's matchesValue on decoded interface{} values: numbers compare as numbers. */
static int
matches_value(const json_t *a, const json_t *b)
{
	return deep_equal(a, b, 1);
}

static int
same_kind(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return 1;
	if (json_is_boolean(a) && json_is_boolean(b))
		return 1;
	return json_typeof(a) == json_typeof(b);
}

/* evanphx getDiff(): what turns a into b, into `into` (both objects). */
static int
merge_diff(const json_t *a, const json_t *b, json_t *into)
{
	const char *key;
	size_t key_len;
	json_t *av, *bv, *sub;

	json_object_keylen_foreach((json_t *)b, key, key_len, bv)
	{
		av = json_object_getn(a, key, key_len);
		if (av != NULL && same_kind(av, bv)) {
			if (json_is_object(av)) {
				sub = json_object();
				if (sub == NULL || merge_diff(av, bv, sub) < 0) {
					json_decref(sub);
					return KC_ERR_NOMEM;
				}
				if (json_object_size(sub) == 0) {
					json_decref(sub);
					continue;
				}
				if (json_object_setn_new(into, key, key_len, sub) != 0)
					return KC_ERR_NOMEM;
				continue;
			}
			if (matches_value(av, bv))
				continue;
		}
		if (json_object_setn_new(into, key, key_len, json_deep_copy(bv)) != 0)
			return KC_ERR_NOMEM;
	}
	json_object_keylen_foreach((json_t *)a, key, key_len, av)
	{
		if (json_object_getn(b, key, key_len) == NULL &&
		    json_object_setn_new(into, key, key_len, json_null()) != 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static int
merge_create_object(const json_t *a, const json_t *b, json_t **ret)
{
	json_auto_t *into = NULL;
	json_auto_t *none = NULL;

	/* encoding/json decodes null into a map as "no change": null is the empty object. */
	if ((!json_is_object(a) && !json_is_null(a)) || (!json_is_object(b) && !json_is_null(b)))
		return KC_ERR_BAD_REQUEST;
	none = json_object();
	into = json_object();
	if (none == NULL || into == NULL)
		return KC_ERR_NOMEM;
	if (merge_diff(json_is_null(a) ? none : a, json_is_null(b) ? none : b, into) < 0)
		return KC_ERR_NOMEM;
	*ret = kc_take_ptr(into);
	return 0;
}

int
kc_json_merge_patch_create(const json_t *original, const json_t *modified, json_t **ret, char *err,
			   size_t errlen)
{
	json_auto_t *out = NULL;
	json_t *a, *b, *p;
	size_t i;
	int r;

	if (original == NULL || modified == NULL) {
		kc_err_printf(err, errlen, "Invalid JSON Document");
		return KC_ERR_BAD_REQUEST;
	}
	if (json_is_array(original) != json_is_array(modified)) {
		kc_err_printf(err, errlen, "Mismatched JSON Documents");
		return KC_ERR_BAD_REQUEST;
	}
	if (!json_is_array(original)) {
		r = merge_create_object(original, modified, &out);
	} else if (json_array_size(original) != json_array_size(modified)) {
		r = KC_ERR_BAD_REQUEST;
	} else if ((out = json_array()) == NULL) {
		r = KC_ERR_NOMEM;
	} else {
		r = 0;
		json_array_foreach(original, i, a) {
			b = json_array_get(modified, i);
			r = merge_create_object(a, b, &p);
			if (r < 0)
				break;
			if (json_array_append_new(out, p) != 0) {
				r = KC_ERR_NOMEM;
				break;
			}
		}
	}
	if (r < 0) {
		kc_err_printf(err, errlen, "%s",
			      r == KC_ERR_NOMEM ? "out of memory" : "Invalid JSON Document");
		return r;
	}
	*ret = kc_take_ptr(out);
	return 0;
}

/* ---- RFC 6902 JSON patch (evanphx patch.go, v4) ------------------------------------------ */

struct patch_ctx {
	json_t *doc; /* the working copy; replaced by "replace" at "" */
	int64_t copied;
	char *err;
	size_t errlen;
};

/* Go's strconv.Atoi: optional sign, decimal digits, int64 range. */
static int
go_atoi(const char *s, long long *ret, char *msg, size_t msglen)
{
	const char *p = s;
	int neg = 0;
	unsigned long long v = 0, limit;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p == '\0')
		goto syntax;
	limit = neg ? (unsigned long long)INT64_MAX + 1 : (unsigned long long)INT64_MAX;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto syntax;
		if (v > (limit - (unsigned long long)(*p - '0')) / 10) {
			snprintf(msg, msglen, "strconv.Atoi: parsing \"%s\": value out of range",
				 s);
			return -1;
		}
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	*ret = neg ? (long long)(0 - v) : (long long)v;
	return 0;
syntax:
	snprintf(msg, msglen, "strconv.Atoi: parsing \"%s\": invalid syntax", s);
	return -1;
}

/* partialArray index rules: negative counts from the end; n is the size the index ranges over. */
static int
array_index(const char *key, size_t n, size_t *ret, char *msg, size_t msglen)
{
	long long idx;

	if (go_atoi(key, &idx, msg, msglen) < 0)
		return -1;
	if (idx < 0) {
		if (idx < -(long long)n) {
			snprintf(msg, msglen,
				 "Unable to access invalid index: %lld: invalid index referenced",
				 idx);
			return -1;
		}
		idx += (long long)n;
	}
	if ((size_t)idx >= n) {
		snprintf(msg, msglen,
			 "Unable to access invalid index: %lld: invalid index referenced", idx);
		return -1;
	}
	*ret = (size_t)idx;
	return 0;
}

/* container.get: borrowed value (NULL for a missing object key) or -1 with msg. */
static int
con_get(json_t *con, const char *key, json_t **ret, char *msg, size_t msglen)
{
	size_t idx;

	if (json_is_object(con)) {
		*ret = json_object_get(con, key);
		return 0;
	}
	if (array_index(key, json_array_size(con), &idx, msg, msglen) < 0)
		return -1;
	*ret = json_array_get(con, idx);
	return 0;
}

/* container.add: val stolen. */
static int
con_add(json_t *con, const char *key, json_t *val, char *msg, size_t msglen)
{
	size_t idx;
	long long i;

	if (json_is_object(con))
		return json_object_set_new(con, key, val) == 0 ? 0 : -2;
	if (strcmp(key, "-") == 0)
		return json_array_append_new(con, val) == 0 ? 0 : -2;
	if (go_atoi(key, &i, msg, msglen) < 0) {
		char inner[200];

		snprintf(inner, sizeof(inner), "%s", msg);
		snprintf(msg, msglen, "value was not a proper array index: '%s': %s", key, inner);
		json_decref(val);
		return -1;
	}
	if (array_index(key, json_array_size(con) + 1, &idx, msg, msglen) < 0) {
		json_decref(val);
		return -1;
	}
	return json_array_insert_new(con, idx, val) == 0 ? 0 : -2;
}

static int
con_remove(json_t *con, const char *key, char *msg, size_t msglen)
{
	size_t idx;

	if (json_is_object(con)) {
		if (json_object_del(con, key) == 0)
			return 0;
		snprintf(msg, msglen, "Unable to remove nonexistent key: %s: missing value", key);
		return -1;
	}
	if (array_index(key, json_array_size(con), &idx, msg, msglen) < 0)
		return -1;
	return json_array_remove(con, idx) == 0 ? 0 : -2;
}

/* container.set (replace): the index was checked by con_get. val stolen. */
static int
con_set(json_t *con, const char *key, json_t *val)
{
	size_t idx;
	char msg[8];

	if (json_is_object(con))
		return json_object_set_new(con, key, val) == 0 ? 0 : -2;
	if (array_index(key, json_array_size(con), &idx, msg, sizeof(msg)) < 0) {
		json_decref(val);
		return -1;
	}
	return json_array_set_new(con, idx, val) == 0 ? 0 : -2;
}

/* RFC 6901 decoding as evanphx: "~1" to '/', then "~0" to '~' (one pass, left to right). */
static char *
decode_patch_key(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t n = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '~' && i + 1 < len && (s[i + 1] == '0' || s[i + 1] == '1')) {
			out[n++] = s[i + 1] == '1' ? '/' : '~';
			i++;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	return out;
}

/*
 * evanphx findObject(): the container holding the last token of path, and that token
 * (malloc()ed, in *ret_key).  NULL when the path has no '/' or a step is missing; the text
 * before the first '/' is ignored, as upstream.
 */
static json_t *
find_object(json_t *doc, const char *path, char **ret_key)
{
	const char *p = strchr(path, '/');
	json_t *con = doc, *next;
	char msg[160];

	*ret_key = NULL;
	if (p == NULL)
		return NULL;
	for (;;) {
		const char *tok = p + 1;
		const char *end = strchr(tok, '/');
		char *key = decode_patch_key(tok, end ? (size_t)(end - tok) : strlen(tok));

		if (key == NULL)
			return NULL;
		if (end == NULL) {
			*ret_key = key;
			return con;
		}
		next = NULL;
		if (con_get(con, key, &next, msg, sizeof(msg)) < 0)
			next = NULL;
		free(key);
		if (!json_is_object(next) && !json_is_array(next))
			return NULL;
		con = next;
		p = end;
	}
}

/* Operation.Path()/From(): 0 with the borrowed string, -1 with the reason in msg. */
static int
op_string(const json_t *op, const char *field, const char **ret, char *msg, size_t msglen)
{
	json_t *v = json_object_get(op, field);

	if (v == NULL || json_is_null(v)) {
		if (strcmp(field, "path") == 0)
			snprintf(msg, msglen, "operation missing path field: missing value");
		else
			snprintf(msg, msglen, "operation, missing from field: missing value");
		return -1;
	}
	if (!json_is_string(v)) {
		snprintf(msg, msglen, "json: cannot unmarshal %s into Go value of type string",
			 json_is_number(v)    ? "number"
			 : json_is_boolean(v) ? "bool"
			 : json_is_object(v)  ? "object"
					      : "array");
		return -1;
	}
	*ret = json_string_value(v);
	return 0;
}

/* A copy of the operation's value; null when absent (evanphx stores a nil node). */
static json_t *
op_value_copy(const json_t *op)
{
	json_t *v = json_object_get(op, "value");

	return v == NULL ? json_null() : json_deep_copy(v);
}

static int patch_fail(struct patch_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
patch_fail(struct patch_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = kc_err_vfail(KC_ERR_INVALID, ctx->err, ctx->errlen, fmt, ap);
	va_end(ap);
	return r;
}

static int
patch_nomem(struct patch_ctx *ctx)
{
	kc_err_printf(ctx->err, ctx->errlen, "out of memory");
	return KC_ERR_NOMEM;
}

static int
op_add(struct patch_ctx *ctx, const json_t *op)
{
	KC_AUTOFREE char *key = NULL;
	const char *path;
	char msg[300];
	json_t *con;
	int r;

	if (op_string(op, "path", &path, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "add operation failed to decode path: missing value");
	con = find_object(ctx->doc, path, &key);
	if (con == NULL)
		return patch_fail(
			ctx,
			"add operation does not apply: doc is missing path: \"%s\": missing value",
			path);
	r = con_add(con, key, op_value_copy(op), msg, sizeof(msg));
	if (r == -2)
		return patch_nomem(ctx);
	if (r < 0)
		return patch_fail(ctx, "error in add for path: '%s': %s", path, msg);
	return 0;
}

static int
op_remove(struct patch_ctx *ctx, const json_t *op)
{
	KC_AUTOFREE char *key = NULL;
	const char *path;
	char msg[300];
	json_t *con;
	int r;

	if (op_string(op, "path", &path, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "remove operation failed to decode path: missing value");
	con = find_object(ctx->doc, path, &key);
	if (con == NULL)
		return patch_fail(
			ctx,
			"remove operation does not apply: doc is missing path: \"%s\": missing value",
			path);
	r = con_remove(con, key, msg, sizeof(msg));
	if (r == -2)
		return patch_nomem(ctx);
	if (r < 0)
		return patch_fail(ctx, "error in remove for path: '%s': %s", path, msg);
	return 0;
}

static int
op_replace(struct patch_ctx *ctx, const json_t *op)
{
	KC_AUTOFREE char *key = NULL;
	const char *path;
	char msg[300];
	json_t *con, *cur, *val;
	int r;

	if (op_string(op, "path", &path, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "replace operation failed to decode path: %s", msg);
	if (path[0] == '\0') {
		val = json_object_get(op, "value");
		if (!json_is_object(val) && !json_is_array(val))
			return patch_fail(ctx, "replace operation value must be object or array");
		if ((val = json_deep_copy(val)) == NULL)
			return patch_nomem(ctx);
		json_decref(ctx->doc);
		ctx->doc = val;
		return 0;
	}
	con = find_object(ctx->doc, path, &key);
	if (con == NULL)
		return patch_fail(
			ctx,
			"replace operation does not apply: doc is missing path: %s: missing value",
			path);
	if (con_get(con, key, &cur, msg, sizeof(msg)) < 0)
		return patch_fail(
			ctx,
			"replace operation does not apply: doc is missing key: %s: missing value",
			path);
	r = con_set(con, key, op_value_copy(op));
	if (r == -2)
		return patch_nomem(ctx);
	return r < 0 ? patch_fail(ctx, "error in remove for path: '%s'", path) : 0;
}

static int
op_move(struct patch_ctx *ctx, const json_t *op)
{
	KC_AUTOFREE char *from_key = NULL;
	KC_AUTOFREE char *key = NULL;
	json_auto_t *val = NULL;
	const char *from, *path;
	char msg[300];
	json_t *con, *v;
	int r;

	if (op_string(op, "from", &from, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "move operation failed to decode from: %s", msg);
	con = find_object(ctx->doc, from, &from_key);
	if (con == NULL)
		return patch_fail(
			ctx,
			"move operation does not apply: doc is missing from path: %s: missing value",
			from);
	if (con_get(con, from_key, &v, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "error in move for path: '%s': %s", from_key, msg);
	val = v != NULL ? json_incref(v) : json_null();
	r = con_remove(con, from_key, msg, sizeof(msg));
	if (r == -2)
		return patch_nomem(ctx);
	if (r < 0)
		return patch_fail(ctx, "error in move for path: '%s': %s", from_key, msg);
	if (op_string(op, "path", &path, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "move operation failed to decode path: %s", msg);
	con = find_object(ctx->doc, path, &key);
	if (con == NULL)
		return patch_fail(
			ctx,
			"move operation does not apply: doc is missing destination path: %s: "
			"missing value",
			path);
	r = con_add(con, key, kc_take_ptr(val), msg, sizeof(msg));
	if (r == -2)
		return patch_nomem(ctx);
	if (r < 0)
		return patch_fail(ctx, "error in move for path: '%s': %s", path, msg);
	return 0;
}

static int
op_test(struct patch_ctx *ctx, const json_t *op)
{
	KC_AUTOFREE char *key = NULL;
	json_t *want = json_object_get(op, "value");
	const char *path;
	char msg[300];
	json_t *con, *val;

	if (op_string(op, "path", &path, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "test operation failed to decode path: %s", msg);
	if (path[0] == '\0') {
		if (want != NULL && kc_json_equal(ctx->doc, want))
			return 0;
		return patch_fail(ctx, "testing value %s failed: test failed", path);
	}
	con = find_object(ctx->doc, path, &key);
	if (con == NULL)
		return patch_fail(
			ctx, "test operation does not apply: is missing path: %s: missing value",
			path);
	if (con_get(con, key, &val, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "error in test for path: '%s': %s", path, msg);
	/* A missing key and a null value are both "nil" upstream, as is an absent or null value. */
	if (val == NULL || json_is_null(val)) {
		if (want == NULL || json_is_null(want))
			return 0;
		return patch_fail(ctx, "testing value %s failed: test failed", path);
	}
	if (want != NULL && kc_json_equal(val, want))
		return 0;
	return patch_fail(ctx, "testing value %s failed: test failed", path);
}

/* Bytes of the compact encoding of v (what evanphx adds to the copy budget). */
static int
encoded_size(const json_t *v, int64_t *ret)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = kc_json_dump_strbuf(&sb, v);

	*ret = (int64_t)sb.len;
	kc_strbuf_release(&sb);
	return r;
}

static int
op_copy(struct patch_ctx *ctx, const json_t *op)
{
	KC_AUTOFREE char *from_key = NULL;
	KC_AUTOFREE char *key = NULL;
	const char *from, *path;
	char msg[300];
	json_t *con, *v, *copy;
	int64_t sz = 4; /* "null" */
	int r;

	if (op_string(op, "from", &from, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "copy operation failed to decode from: %s", msg);
	con = find_object(ctx->doc, from, &from_key);
	if (con == NULL)
		return patch_fail(
			ctx,
			"copy operation does not apply: doc is missing from path: %s: missing value",
			from);
	if (con_get(con, from_key, &v, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "error in copy for from: '%s': %s", from, msg);
	if (op_string(op, "path", &path, msg, sizeof(msg)) < 0)
		return patch_fail(ctx, "copy operation failed to decode path: missing value");
	con = find_object(ctx->doc, path, &key);
	if (con == NULL)
		return patch_fail(
			ctx,
			"copy operation does not apply: doc is missing destination path: %s: "
			"missing value",
			path);
	if (v != NULL && encoded_size(v, &sz) < 0)
		return patch_nomem(ctx);
	ctx->copied += sz;
	if (ctx->copied > KC_JSON_PATCH_MAX_COPY_BYTES)
		return patch_fail(
			ctx,
			"Unable to complete the copy, the accumulated size increase of copy is "
			"%" PRId64 ", exceeding the limit %d",
			ctx->copied, KC_JSON_PATCH_MAX_COPY_BYTES);
	copy = v != NULL ? json_deep_copy(v) : json_null();
	if (copy == NULL)
		return patch_nomem(ctx);
	r = con_add(con, key, copy, msg, sizeof(msg));
	if (r == -2)
		return patch_nomem(ctx);
	if (r < 0)
		return patch_fail(ctx, "error while adding value during copy: %s", msg);
	return 0;
}

static const struct {
	const char *name;
	int (*apply)(struct patch_ctx *ctx, const json_t *op);
} patch_ops[] = {
	{ "add", op_add },   { "remove", op_remove }, { "replace", op_replace },
	{ "move", op_move }, { "test", op_test },     { "copy", op_copy },
};

const char *
kc_json_go_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
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
		return "null";
	}
}

/* DecodePatch: an array (or null) of objects. */
static int
patch_check(const json_t *patch, char *err, size_t errlen)
{
	const json_t *op;
	size_t i;

	if (patch == NULL) {
		kc_err_printf(err, errlen, "unexpected end of JSON input");
		return KC_ERR_BAD_REQUEST;
	}
	if (json_is_null(patch))
		return 0;
	if (!json_is_array(patch)) {
		kc_err_printf(err, errlen,
			      "json: cannot unmarshal %s into Go value of type jsonpatch.Patch",
			      kc_json_go_kind(patch));
		return KC_ERR_BAD_REQUEST;
	}
	json_array_foreach(patch, i, op) {
		if (!json_is_object(op) && !json_is_null(op)) {
			kc_err_printf(
				err, errlen,
				"json: cannot unmarshal %s into Go value of type jsonpatch.Operation",
				kc_json_go_kind(op));
			return KC_ERR_BAD_REQUEST;
		}
	}
	if (json_array_size(patch) > KC_JSON_PATCH_MAX_OPS) {
		kc_err_printf(err, errlen,
			      "The allowed maximum operations in a JSON patch is %d, got %zu",
			      KC_JSON_PATCH_MAX_OPS, json_array_size(patch));
		return KC_ERR_TOO_LARGE;
	}
	return 0;
}

int
kc_json_patch_apply(const json_t *doc, const json_t *patch, json_t **ret, char *err, size_t errlen)
{
	struct patch_ctx ctx = { .err = err, .errlen = errlen };
	const json_t *op;
	const char *kind;
	size_t i, k;
	int r;

	r = patch_check(patch, err, errlen);
	if (r < 0)
		return r;
	if (!json_is_object(doc) && !json_is_array(doc)) {
		kc_err_printf(
			err, errlen,
			"json: cannot unmarshal %s into Go value of type jsonpatch.partialDoc",
			doc ? kc_json_go_kind(doc) : "null");
		return KC_ERR_BAD_REQUEST;
	}
	ctx.doc = json_deep_copy(doc);
	if (ctx.doc == NULL)
		return patch_nomem(&ctx);
	r = 0;
	json_array_foreach(patch, i, op) {
		kind = json_string_value(json_object_get(op, "op"));
		if (kind == NULL)
			kind = "unknown";
		for (k = 0; k < KC_ARRAY_SIZE(patch_ops); k++) {
			if (strcmp(kind, patch_ops[k].name) == 0)
				break;
		}
		if (k == KC_ARRAY_SIZE(patch_ops))
			r = patch_fail(&ctx, "Unexpected kind: %s", kind);
		else
			r = patch_ops[k].apply(&ctx, op);
		if (r < 0)
			break;
	}
	if (r < 0) {
		json_decref(ctx.doc);
		return r;
	}
	*ret = ctx.doc;
	return 0;
}

/* ---- Go-compatible encoder --------------------------------------------------------------- */

/*
 * Shortest decimal form of v that reads back as the same double (bits 64) or float (bits 32):
 * the significant digits into digs (no dot, no sign) and the decimal exponent of the first one.
 * Returns the number of digits.
 */
static int
shortest_digits(double v, int bits, char *digs, int *ret_exp)
{
	char buf[40];
	int nd = 0;
	char *e;

	if (bits == 32)
		v = (float)v; /* Go formats the float32 the value rounds to */
	for (int prec = 0; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec, v);
		if (bits == 32 ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v)
			break;
	}
	for (const char *p = buf; *p != '\0' && *p != 'e'; p++) {
		if (*p >= '0' && *p <= '9')
			digs[nd++] = *p;
	}
	e = strchr(buf, 'e');
	*ret_exp = e ? atoi(e + 1) : 0;
	while (nd > 1 && digs[nd - 1] == '0')
		nd--;
	digs[nd] = '\0';
	return nd;
}

void
kc_json_format_float(double v, char fmt, int bits, char *out, size_t size)
{
	char digs[40];
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int nd, exp, dp;
	size_t n;

	if (bits == 32)
		v = (float)v;
	if (v == 0) {
		snprintf(out, size, "%s%s", signbit(v) ? "-" : "", fmt == 'e' ? "0e+00" : "0");
		return;
	}
	nd = shortest_digits(fabs(v), bits, digs, &exp);
	dp = exp + 1; /* digits before the decimal point */
	/* Go's 'g' with the shortest precision switches to %e below 1e-4 and from 1e+06 on. */
	if (fmt == 'g')
		fmt = (exp < -4 || exp >= 6) ? 'e' : 'f';
	if (v < 0)
		(void)kc_strbuf_addch(&sb, '-');
	if (fmt == 'e') {
		(void)kc_strbuf_addch(&sb, digs[0]);
		if (nd > 1) {
			(void)kc_strbuf_addch(&sb, '.');
			(void)kc_strbuf_add(&sb, digs + 1, (size_t)nd - 1);
		}
		(void)kc_strbuf_addf(&sb, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	} else {
		if (dp <= 0) {
			(void)kc_strbuf_adds(&sb, "0.");
			for (int i = 0; i < -dp; i++)
				(void)kc_strbuf_addch(&sb, '0');
			(void)kc_strbuf_add(&sb, digs, (size_t)nd);
		} else {
			for (int i = 0; i < dp; i++)
				(void)kc_strbuf_addch(&sb, i < nd ? digs[i] : '0');
			if (nd > dp) {
				(void)kc_strbuf_addch(&sb, '.');
				(void)kc_strbuf_add(&sb, digs + dp, (size_t)(nd - dp));
			}
		}
	}
	n = sb.len < size - 1 ? sb.len : size - 1;
	memcpy(out, sb.buf, n);
	out[n] = '\0';
	kc_strbuf_release(&sb);
}

/* encoding/json floatEncoder: 'f' unless tiny or huge, then 'e' with "e-07" cleaned to "e-7". */
static void
format_json_real(double v, char *out, size_t size)
{
	double a = fabs(v);
	size_t n;

	if (a != 0 && (a < 1e-6 || a >= 1e21)) {
		kc_json_format_float(v, 'e', 64, out, size);
		n = strlen(out);
		if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') {
			out[n - 2] = out[n - 1];
			out[n - 1] = '\0';
		}
	} else {
		kc_json_format_float(v, 'f', 64, out, size);
	}
}

/* Length of a valid UTF-8 sequence at s (n bytes left) and its code point; 0 when invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

const unsigned char kc_json_go_plain[256] = {
	[0x20 ... 0x21] = 1, /* '"' 0x22 */
	[0x23 ... 0x25] = 1, /* '&' 0x26 */
	[0x27 ... 0x3b] = 1, /* '<' 0x3c */
	[0x3d] = 1,	     /* '>' 0x3e */
	[0x3f ... 0x5b] = 1, /* '\\' 0x5c */
	[0x5d ... 0x7f] = 1,
};

/* encodeState.string with escapeHTML: what Go writes for a string. */
static int
dump_string(struct kc_strbuf *sb, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t start = 0, i = 0;
	int r = kc_strbuf_addch(sb, '"');

	while (r == 0 && i < len) {
		unsigned char c = s[i];
		const char *esc = NULL;
		char ubuf[8];
		uint32_t cp;
		size_t n;

		if (kc_json_go_plain[c]) {
			i++;
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case '"':
				esc = "\\\"";
				break;
			case '\\':
				esc = "\\\\";
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
			default:
				snprintf(ubuf, sizeof(ubuf), "\\u00%c%c", hex[c >> 4],
					 hex[c & 0xf]);
				esc = ubuf;
			}
			n = 1;
		} else {
			n = utf8_decode(s + i, len - i, &cp);
			if (n != 0 && cp != 0x2028 && cp != 0x2029) {
				i += n;
				continue;
			}
			if (n == 0) {
				esc = "\\ufffd";
				n = 1;
			} else {
				esc = cp == 0x2028 ? "\\u2028" : "\\u2029";
			}
		}
		r = kc_strbuf_add(sb, s + start, i - start);
		if (r == 0)
			r = kc_strbuf_adds(sb, esc);
		i += n;
		start = i;
	}
	if (r == 0)
		r = kc_strbuf_add(sb, s + start, i - start);
	if (r == 0)
		r = kc_strbuf_addch(sb, '"');
	return r;
}

static int
dump_value(struct kc_strbuf *sb, const json_t *v)
{
	const char *key;
	size_t key_len, i;
	json_t *m;
	char num[64];
	int r = 0, first = 1;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		r = kc_strbuf_addch(sb, '{');
		json_object_keylen_foreach((json_t *)v, key, key_len, m)
		{
			if (r == 0 && !first)
				r = kc_strbuf_addch(sb, ',');
			first = 0;
			if (r == 0)
				r = dump_string(sb, key, key_len);
			if (r == 0)
				r = kc_strbuf_addch(sb, ':');
			if (r == 0)
				r = dump_value(sb, m);
			if (r < 0)
				return r;
		}
		return r == 0 ? kc_strbuf_addch(sb, '}') : r;
	case JSON_ARRAY:
		r = kc_strbuf_addch(sb, '[');
		json_array_foreach(v, i, m) {
			if (r == 0 && i > 0)
				r = kc_strbuf_addch(sb, ',');
			if (r == 0)
				r = dump_value(sb, m);
			if (r < 0)
				return r;
		}
		return r == 0 ? kc_strbuf_addch(sb, ']') : r;
	case JSON_STRING:
		return dump_string(sb, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return kc_strbuf_addf(sb, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL:
		format_json_real(json_real_value(v), num, sizeof(num));
		return kc_strbuf_adds(sb, num);
	case JSON_TRUE:
		return kc_strbuf_adds(sb, "true");
	case JSON_FALSE:
		return kc_strbuf_adds(sb, "false");
	case JSON_NULL:
		return kc_strbuf_adds(sb, "null");
	}
	return KC_ERR_INVALID;
}

int
kc_json_dump_strbuf(struct kc_strbuf *sb, const json_t *v)
{
	size_t old = sb->len;
	int r;

	if (v == NULL)
		return KC_ERR_INVALID;
	r = dump_value(sb, v);
	if (r < 0 && sb->alloc != 0) {
		sb->len = old;
		sb->buf[old] = '\0';
	}
	return r;
}

char *
kc_json_dumps(const json_t *v)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	if (v == NULL || kc_json_dump_strbuf(&sb, v) < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}

int
kc_json_loads_dups(const char *buf, size_t len, json_t **ret, int *ret_has_duplicates,
		   char *err, size_t errlen)
{
	size_t duplicates = 0;
	json_error_t jerr;
	json_t *v;
	int r = kc_json_parse(buf, len, JSON_DECODE_ANY, ret, &duplicates);

	if (ret_has_duplicates != NULL)
		*ret_has_duplicates = r == 0 && duplicates > 0;
	if (r == 0)
		return 0;
	if (r != KC_ERR_NOMEM) {
		/* refused: jansson's own message (and its value, should it accept the text) */
		v = json_loadb(buf, len, JSON_DECODE_ANY, &jerr);
		if (v != NULL) {
			*ret = v;
			if (ret_has_duplicates != NULL)
				*ret_has_duplicates = 1; /* not counted: let the caller look */
			return 0;
		}
		if (json_error_code(&jerr) != json_error_out_of_memory) {
			kc_err_printf(err, errlen, "json: line %d, column %d: %s", jerr.line,
				      jerr.column, jerr.text);
			return KC_ERR_PARSE;
		}
	}
	kc_err_printf(err, errlen, "out of memory");
	return KC_ERR_NOMEM;
}

int
kc_json_loads(const char *buf, size_t len, json_t **ret, char *err, size_t errlen)
{
	return kc_json_loads_dups(buf, len, ret, NULL, err, errlen);
}

json_t *
kc_json_string_sanitized(const char *s, size_t len)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = 0, n;
	uint32_t cp;
	json_t *v;

	while (i < len) {
		n = utf8_decode(u + i, len - i, &cp);
		if (n != 0) {
			i += n;
			continue;
		}
		if (kc_strbuf_add(&sb, s + start, i - start) < 0 ||
		    kc_strbuf_add(&sb, "\xef\xbf\xbd", 3) < 0) {
			kc_strbuf_release(&sb);
			return NULL;
		}
		start = ++i;
	}
	if (start == 0)
		return json_stringn(s, len);
	if (kc_strbuf_add(&sb, s + start, len - start) < 0) {
		kc_strbuf_release(&sb);
		return NULL;
	}
	v = json_stringn(sb.buf, sb.len);
	kc_strbuf_release(&sb);
	return v;
}

static int
base64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
kc_json_base64_decode(const char *s, size_t len, char **ret, size_t *ret_len, size_t *ret_bad)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char *out = malloc(len / 4 * 3 + 4);
	unsigned int q = 0;
	size_t n = 0, i, qstart = 0, bad = 0;
	int j = 0, done = 0, v;

	if (out == NULL)
		return KC_ERR_NOMEM;
	for (i = 0; i < len; i++) {
		if (u[i] == '\r' || u[i] == '\n')
			continue;
		if (done)
			goto invalid_here;
		if (u[i] == '=') {
			if (j < 2)
				goto invalid_here;
			if (j == 2) {
				/* "xx==": the second '=' must follow (newlines may come between) */
				do
					i++;
				while (i < len && (u[i] == '\r' || u[i] == '\n'));
				if (i >= len || u[i] != '=')
					goto invalid_here;
				out[n++] = (unsigned char)(q >> 4);
			} else {
				out[n++] = (unsigned char)(q >> 10);
				out[n++] = (unsigned char)(q >> 2);
			}
			j = 0;
			done = 1;
			continue;
		}
		v = base64_value(u[i]);
		if (v < 0)
			goto invalid_here;
		if (j == 0)
			qstart = i;
		q = (q << 6) | (unsigned int)v;
		if (++j == 4) {
			out[n++] = (unsigned char)(q >> 16);
			out[n++] = (unsigned char)(q >> 8);
			out[n++] = (unsigned char)q;
			q = 0;
			j = 0;
		}
	}
	if (j != 0) {
		bad = qstart;
		goto invalid;
	}
	out[n] = '\0';
	*ret = (char *)out;
	*ret_len = n;
	return 0;
invalid_here:
	bad = i;
invalid:
	free(out);
	if (ret_bad != NULL)
		*ret_bad = bad;
	return KC_ERR_INVALID;
}
