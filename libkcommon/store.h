/*
 * store.h - the informer cache: key ("namespace/name") -> immutable json_t, with indexers
 * (upstream: client-go tools/cache/store.go, thread_safe_store.go, index.go).
 *
 * Objects in a store are shared and immutable: the store holds one reference to each and hands
 * out borrowed `const json_t *` pointers, valid until the object is replaced or deleted (or the
 * store freed).  Callers never modify them: json_deep_copy() first, as client-go's "NEVER modify
 * objects from the store".  Get, add, update and delete are O(1) (hash tables); so are index
 * lookups.  One thread: a store lives on its daemon's loop and is never shared across threads.
 *
 * Keys are kc_meta_key()'s ("namespace/name", or "name" for a cluster-scoped object: upstream
 * MetaNamespaceKeyFunc); kc_meta_split_key() takes them apart.  Objects without a metadata.name
 * are not stored.
 *
 * Indexers work as upstream's: an index function maps an object to zero or more values
 * ("spec.nodeName", each label); the index maps each value to the set of keys having it.  The
 * "namespace" index (KC_STORE_INDEX_NAMESPACE, upstream cache.NamespaceIndex) is always present.
 */
#ifndef KC_STORE_H
#define KC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct kc_strv;

/* ---- the store ---- */

struct kc_store;

#define KC_STORE_INDEX_NAMESPACE "namespace"

/*
 * An index function appends the index values of obj to ret_values (none is fine: the object is
 * then simply not in this index).  Returns >= 0, or < 0 on failure (the object is left out of
 * that index).  It must be a pure function of obj: the store calls it again on the old object
 * when the object changes.
 */
typedef int (*kc_store_index_fn)(void *arg, const json_t *obj, struct kc_strv *ret_values);

/* metadata.namespace (upstream MetaNamespaceIndexFunc). */
int kc_store_index_namespace(void *arg, const json_t *obj, struct kc_strv *ret_values);
/* arg: a dotted path (const char *, as kc_json_get_path(): "spec.nodeName"); the non-empty
 * string found there, when any. */
int kc_store_index_field(void *arg, const json_t *obj, struct kc_strv *ret_values);
/* arg NULL: one "key=value" per label; arg a label key (const char *): that label's value. */
int kc_store_index_labels(void *arg, const json_t *obj, struct kc_strv *ret_values);

/* Returns NULL on out of memory. */
struct kc_store *kc_store_new(void);
/* Releases every object reference; NULL-safe; returns NULL. */
struct kc_store *kc_store_free(struct kc_store *s);

/*
 * Adds an index (upstream AddIndexers).  `name` is copied; arg is borrowed and must outlive the
 * store.  Objects already stored are indexed at once.  KC_ERR_ALREADY_EXISTS for a name in use,
 * KC_ERR_INVALID for a NULL name or function, KC_ERR_NOMEM.
 */
int kc_store_add_index(struct kc_store *s, const char *name, kc_store_index_fn fn, void *arg);

size_t kc_store_size(const struct kc_store *s);
/* The object under key (borrowed; see the header comment), or NULL. */
const json_t *kc_store_get(const struct kc_store *s, const char *key);

/*
 * Adds or replaces obj under its key (upstream Add and Update are one operation).  The store
 * takes its own reference to obj.  When ret_old is not NULL it receives the object replaced (a
 * new reference the caller json_decref()s) or NULL when the key was new.  KC_ERR_INVALID when obj
 * has no (or an empty) metadata.name; KC_ERR_NOMEM (store unchanged).
 */
int kc_store_add(struct kc_store *s, json_t *obj, json_t **ret_old);
/*
 * Removes key; ret_old (may be NULL) receives the removed object as a new reference.
 * KC_ERR_NOT_FOUND when absent.
 */
int kc_store_delete(struct kc_store *s, const char *key, json_t **ret_old);

/*
 * Visits every object (in no particular order) until fn returns non-zero; that value is
 * returned, else 0.  The store must not be changed from inside fn.
 */
typedef int (*kc_store_visit_fn)(void *arg, const char *key, const json_t *obj);
int kc_store_foreach(const struct kc_store *s, kc_store_visit_fn fn, void *arg);
/* A new JSON array holding every object (shared references), or NULL on out of memory. */
json_t *kc_store_list(const struct kc_store *s);
/* Appends every key to ret_keys; KC_ERR_NOMEM. */
int kc_store_list_keys(const struct kc_store *s, struct kc_strv *ret_keys);

/*
 * Index lookups.  KC_ERR_NOT_FOUND when the index does not exist (upstream: "Index with name %s
 * does not exist"); an unknown value is simply empty.
 *	kc_store_by_index	visits the objects whose index holds value (fn as kc_store_foreach)
 *	kc_store_by_index_list	*ret_list = a new JSON array of them
 *	kc_store_index_keys	appends their keys to ret_keys
 *	kc_store_index_count	how many objects have value (0 for an unknown index)
 *	kc_store_index_values	appends every value the index knows (ListIndexFuncValues)
 */
int kc_store_by_index(const struct kc_store *s, const char *index, const char *value,
		      kc_store_visit_fn fn, void *arg);
int kc_store_by_index_list(const struct kc_store *s, const char *index, const char *value,
			   json_t **ret_list);
int kc_store_index_keys(const struct kc_store *s, const char *index, const char *value,
			struct kc_strv *ret_keys);
size_t kc_store_index_count(const struct kc_store *s, const char *index, const char *value);
int kc_store_index_values(const struct kc_store *s, const char *index, struct kc_strv *ret_values);

/*
 * What kc_store_replace() did to one key.  Old and new objects are borrowed for the duration of
 * the callback: ADD (old NULL), UPDATE (old = previous, new = listed; sent for every listed
 * object already present, changed or not, as upstream's Replaced/Sync deltas), DELETE (old = the
 * last known state, new NULL: upstream DeletedFinalStateUnknown).
 */
enum kc_store_delta {
	KC_STORE_DELTA_ADD,
	KC_STORE_DELTA_UPDATE,
	KC_STORE_DELTA_DELETE,
};
typedef void (*kc_store_delta_fn)(void *arg, enum kc_store_delta type, const char *key,
				  const json_t *old, const json_t *cur);

/*
 * Replaces the whole content with the objects of `items` (a JSON array; upstream Replace after a
 * relist).  Items without a name are skipped; when two share a key the later wins.  The deltas go
 * to fn (may be NULL) as they are applied: adds and updates in list order, then deletes, after
 * the store has taken each change (so fn sees the store with that delta applied).  On
 * KC_ERR_NOMEM the store may hold a mix of old and new objects, each consistently indexed.
 */
int kc_store_replace(struct kc_store *s, const json_t *items, kc_store_delta_fn fn, void *arg);

#endif
