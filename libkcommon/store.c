/*
 * store.c - key -> immutable object cache with indexers (upstream: client-go tools/cache/store.go,
 * thread_safe_store.go, index.go).  Built on kc_strmap (hashmap.h), whose seeded hash keeps
 * object names chosen by API users from degrading lookups.  An index maps each value to a hash
 * set of keys, so adding, updating or deleting one object costs O(number of its index values),
 * never O(objects).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"
#include "libkcommon/strv.h"

/* ---- keys (kc_meta_key(): MetaNamespaceKeyFunc) ---- */

/* Only named objects are stored: an empty metadata.name is no name (Go's omitempty). */
static int
has_name(const json_t *obj)
{
	const char *name = kc_meta_name(obj);

	return name != NULL && *name != '\0';
}

/* ---- index functions ---- */

int
kc_store_index_namespace(void *arg, const json_t *obj, struct kc_strv *ret_values)
{
	const char *ns = kc_meta_namespace(obj);

	return ns != NULL ? kc_strv_push(ret_values, ns) : 0;
}

int
kc_store_index_field(void *arg, const json_t *obj, struct kc_strv *ret_values)
{
	const json_t *v = kc_json_get_path(obj, arg);

	if (json_is_string(v) && json_string_length(v) > 0)
		return kc_strv_push(ret_values, json_string_value(v));
	return 0;
}

int
kc_store_index_labels(void *arg, const json_t *obj, struct kc_strv *ret_values)
{
	const json_t *labels = kc_meta_labels(obj);
	const char *k;
	json_t *v;
	int r;

	if (arg != NULL) {
		v = json_object_get(labels, arg);
		return json_is_string(v) ? kc_strv_push(ret_values, json_string_value(v)) : 0;
	}
	json_object_foreach((json_t *)labels, k, v) {
		KC_AUTOFREE char *kv = NULL;

		if (!json_is_string(v))
			continue;
		if (asprintf(&kv, "%s=%s", k, json_string_value(v)) < 0)
			return KC_ERR_NOMEM;
		r = kc_strv_push_steal(ret_values, kc_take_ptr(kv));
		if (r < 0)
			return r;
	}
	return 0;
}

/* ---- the store ---- */

struct store_index {
	char *name;
	kc_store_index_fn fn;
	void *arg;
	struct kc_strmap *values; /* index value -> struct kc_strmap * (set of keys) */
};

struct kc_store {
	struct kc_strmap *objects; /* key -> json_t * (one reference held) */
	struct store_index *indices;
	size_t nindices;
};

static void
keyset_free(void *p)
{
	kc_strmap_free(p, NULL);
}

static void
object_free(void *p)
{
	json_decref(p);
}

struct kc_store *
kc_store_free(struct kc_store *s)
{
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < s->nindices; i++) {
		free(s->indices[i].name);
		kc_strmap_free(s->indices[i].values, keyset_free);
	}
	free(s->indices);
	kc_strmap_free(s->objects, object_free);
	free(s);
	return NULL;
}

struct kc_store *
kc_store_new(void)
{
	struct kc_store *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->objects = kc_strmap_new();
	if (s->objects == NULL ||
	    kc_store_add_index(s, KC_STORE_INDEX_NAMESPACE, kc_store_index_namespace, NULL) < 0)
		return kc_store_free(s);
	return s;
}

static const struct store_index *
find_index(const struct kc_store *s, const char *name)
{
	for (size_t i = 0; i < s->nindices; i++)
		if (strcmp(s->indices[i].name, name) == 0)
			return &s->indices[i];
	return NULL;
}

static int
index_values(const struct store_index *idx, const json_t *obj, struct kc_strv *ret)
{
	if (obj == NULL)
		return 0;
	return idx->fn(idx->arg, obj, ret);
}

static int
keyset_add(struct store_index *idx, const char *value, const char *key)
{
	struct kc_strmap *set = kc_strmap_get(idx->values, value);
	int r;

	if (set == NULL) {
		set = kc_strmap_new();
		if (set == NULL)
			return KC_ERR_NOMEM;
		r = kc_strmap_put(idx->values, value, set, NULL);
		if (r < 0) {
			kc_strmap_free(set, NULL);
			return r;
		}
	}
	r = kc_strmap_put(set, key, NULL, NULL);
	return r < 0 ? r : 0;
}

static void
keyset_remove(struct store_index *idx, const char *value, const char *key)
{
	struct kc_strmap *set = kc_strmap_get(idx->values, value);

	if (set == NULL)
		return;
	kc_strmap_remove(set, key, NULL);
	if (kc_strmap_size(set) == 0) {
		kc_strmap_remove(idx->values, value, NULL);
		kc_strmap_free(set, NULL);
	}
}

static int
strv_has(const struct kc_strv *sv, const char *s)
{
	return sv->n > 0 && kc_strv_contains(sv, s);
}

/*
 * Moves key from old's index values to cur's (upstream updateIndices).  A failing index function
 * leaves the object out of that index, as upstream leaves it unindexed.
 */
static int
update_index(struct store_index *idx, const char *key, const json_t *old, const json_t *cur)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv ov = KC_STRV_INIT;
	KC_CLEANUP(kc_strv_release) struct kc_strv nv = KC_STRV_INIT;
	int r = 0, r2;

	(void)index_values(idx, old, &ov);
	r2 = index_values(idx, cur, &nv);
	for (size_t i = 0; i < ov.n; i++)
		if (r2 < 0 || !strv_has(&nv, ov.v[i]))
			keyset_remove(idx, ov.v[i], key);
	if (r2 < 0)
		return r2 == KC_ERR_NOMEM ? r2 : 0;
	for (size_t i = 0; i < nv.n; i++)
		if (!strv_has(&ov, nv.v[i]) && (r2 = keyset_add(idx, nv.v[i], key)) < 0)
			r = r2;
	return r;
}

static int
update_indices(struct kc_store *s, const char *key, const json_t *old, const json_t *cur)
{
	int r = 0, r2;

	for (size_t i = 0; i < s->nindices; i++)
		if ((r2 = update_index(&s->indices[i], key, old, cur)) < 0)
			r = r2;
	return r;
}

int
kc_store_add_index(struct kc_store *s, const char *name, kc_store_index_fn fn, void *arg)
{
	struct store_index *v, *idx;
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *key;
	void *obj;
	int r;

	if (name == NULL || fn == NULL)
		return KC_ERR_INVALID;
	if (find_index(s, name) != NULL)
		return KC_ERR_ALREADY_EXISTS;
	v = realloc(s->indices, (s->nindices + 1) * sizeof(*v));
	if (v == NULL)
		return KC_ERR_NOMEM;
	s->indices = v;
	idx = &v[s->nindices];
	idx->name = strdup(name);
	idx->values = kc_strmap_new();
	idx->fn = fn;
	idx->arg = arg;
	if (idx->name == NULL || idx->values == NULL) {
		free(idx->name);
		kc_strmap_free(idx->values, NULL);
		return KC_ERR_NOMEM;
	}
	s->nindices++;
	while (kc_strmap_next(s->objects, &it, &key, &obj))
		if ((r = update_index(idx, key, NULL, obj)) < 0)
			return r;
	return 0;
}

size_t
kc_store_size(const struct kc_store *s)
{
	return kc_strmap_size(s->objects);
}

const json_t *
kc_store_get(const struct kc_store *s, const char *key)
{
	return key != NULL ? kc_strmap_get(s->objects, key) : NULL;
}

/* Stores obj under key; *ret_old gets the reference the store held (or NULL). */
static int
store_put(struct kc_store *s, const char *key, json_t *obj, json_t **ret_old)
{
	void *old = NULL;
	int r;

	r = kc_strmap_put(s->objects, key, json_incref(obj), &old);
	if (r < 0) {
		json_decref(obj);
		return r;
	}
	r = update_indices(s, key, old, obj);
	if (ret_old != NULL)
		*ret_old = old;
	else
		json_decref(old);
	return r;
}

int
kc_store_add(struct kc_store *s, json_t *obj, json_t **ret_old)
{
	KC_AUTOFREE char *key = NULL;

	if (!has_name(obj))
		return KC_ERR_INVALID;
	key = kc_meta_key(obj);
	if (key == NULL)
		return KC_ERR_NOMEM;
	return store_put(s, key, obj, ret_old);
}

int
kc_store_delete(struct kc_store *s, const char *key, json_t **ret_old)
{
	void *old = NULL;

	if (key == NULL || !kc_strmap_remove(s->objects, key, &old))
		return KC_ERR_NOT_FOUND;
	(void)update_indices(s, key, old, NULL);
	if (ret_old != NULL)
		*ret_old = old;
	else
		json_decref(old);
	return 0;
}

int
kc_store_foreach(const struct kc_store *s, kc_store_visit_fn fn, void *arg)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *key;
	void *obj;
	int r;

	while (kc_strmap_next(s->objects, &it, &key, &obj))
		if ((r = fn(arg, key, obj)) != 0)
			return r;
	return 0;
}

static int
append_to_array(void *arg, const char *key, const json_t *obj)
{
	return json_array_append((json_t *)arg, (json_t *)obj) < 0 ? KC_ERR_NOMEM : 0;
}

static int
append_key(void *arg, const char *key, const json_t *obj)
{
	return kc_strv_push(arg, key) < 0 ? KC_ERR_NOMEM : 0;
}

json_t *
kc_store_list(const struct kc_store *s)
{
	json_auto_t *list = json_array();

	if (list == NULL || kc_store_foreach(s, append_to_array, list) != 0)
		return NULL;
	return kc_take_ptr(list);
}

int
kc_store_list_keys(const struct kc_store *s, struct kc_strv *ret_keys)
{
	return kc_store_foreach(s, append_key, ret_keys);
}

int
kc_store_by_index(const struct kc_store *s, const char *index, const char *value,
		  kc_store_visit_fn fn, void *arg)
{
	const struct store_index *idx = index != NULL ? find_index(s, index) : NULL;
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const struct kc_strmap *set;
	const char *key;
	int r;

	if (idx == NULL)
		return KC_ERR_NOT_FOUND;
	set = value != NULL ? kc_strmap_get(idx->values, value) : NULL;
	if (set == NULL)
		return 0;
	while (kc_strmap_next(set, &it, &key, NULL)) {
		const json_t *obj = kc_strmap_get(s->objects, key);

		if (obj != NULL && (r = fn(arg, key, obj)) != 0)
			return r;
	}
	return 0;
}

int
kc_store_by_index_list(const struct kc_store *s, const char *index, const char *value,
		       json_t **ret_list)
{
	json_auto_t *list = json_array();
	int r;

	if (list == NULL)
		return KC_ERR_NOMEM;
	r = kc_store_by_index(s, index, value, append_to_array, list);
	if (r < 0)
		return r;
	*ret_list = kc_take_ptr(list);
	return 0;
}

int
kc_store_index_keys(const struct kc_store *s, const char *index, const char *value,
		    struct kc_strv *ret_keys)
{
	return kc_store_by_index(s, index, value, append_key, ret_keys);
}

size_t
kc_store_index_count(const struct kc_store *s, const char *index, const char *value)
{
	const struct store_index *idx = index != NULL ? find_index(s, index) : NULL;
	const struct kc_strmap *set;

	if (idx == NULL || value == NULL)
		return 0;
	set = kc_strmap_get(idx->values, value);
	return set != NULL ? kc_strmap_size(set) : 0;
}

int
kc_store_index_values(const struct kc_store *s, const char *index, struct kc_strv *ret_values)
{
	const struct store_index *idx = index != NULL ? find_index(s, index) : NULL;
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *value;
	int r;

	if (idx == NULL)
		return KC_ERR_NOT_FOUND;
	while (kc_strmap_next(idx->values, &it, &value, NULL))
		if ((r = kc_strv_push(ret_values, value)) < 0)
			return r;
	return 0;
}

/* Adds or updates one listed item, recording its key in `seen`, and reports the delta. */
static int
replace_one(struct kc_store *s, json_t *item, struct kc_strmap *seen, kc_store_delta_fn fn,
	    void *arg)
{
	KC_AUTOFREE char *key = NULL;
	json_t *old = NULL;
	int r;

	if (!has_name(item))
		return 0;
	key = kc_meta_key(item);
	if (key == NULL)
		return KC_ERR_NOMEM;
	r = kc_strmap_put(seen, key, NULL, NULL);
	if (r < 0)
		return r;
	r = store_put(s, key, item, &old);
	if (r >= 0 && fn != NULL)
		fn(arg, old != NULL ? KC_STORE_DELTA_UPDATE : KC_STORE_DELTA_ADD, key, old, item);
	json_decref(old);
	return r;
}

/* Deletes every stored key not in `seen`, reporting each with its last known state. */
static int
replace_prune(struct kc_store *s, const struct kc_strmap *seen, kc_store_delta_fn fn, void *arg)
{
	KC_CLEANUP(kc_strv_release) struct kc_strv gone = KC_STRV_INIT;
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *key;
	int r;

	while (kc_strmap_next(s->objects, &it, &key, NULL))
		if (!kc_strmap_contains(seen, key) && (r = kc_strv_push(&gone, key)) < 0)
			return r;
	for (size_t i = 0; i < gone.n; i++) {
		json_t *old = NULL;

		if (kc_store_delete(s, gone.v[i], &old) < 0)
			continue;
		if (fn != NULL)
			fn(arg, KC_STORE_DELTA_DELETE, gone.v[i], old, NULL);
		json_decref(old);
	}
	return 0;
}

int
kc_store_replace(struct kc_store *s, const json_t *items, kc_store_delta_fn fn, void *arg)
{
	struct kc_strmap *seen = kc_strmap_new();
	size_t i;
	json_t *item;
	int r = 0;

	if (seen == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(items, i, item) {
		r = replace_one(s, item, seen, fn, arg);
		if (r < 0)
			goto out;
	}
	r = replace_prune(s, seen, fn, arg);
out:
	kc_strmap_free(seen, NULL);
	return r;
}
