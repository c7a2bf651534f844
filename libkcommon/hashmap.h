/*
 * hashmap.h - struct kc_strmap, a string -> pointer hash map (upstream: Go's map[string]T, which
 * client-go's cache.ThreadSafeStore, workqueue sets and record.EventCorrelator caches are).
 *
 * Keys are copied in and owned by the map; values are opaque pointers the map never looks at
 * (kc_strmap_free() can free them).  Get, put and remove are O(1) on average whatever the keys:
 * the hash is SipHash-1-3 under a random per-process key, so API users cannot choose names that
 * collide.  Iteration order is unspecified and differs between processes.  Not thread-safe: a
 * map belongs to one loop.
 */
#ifndef KC_HASHMAP_H
#define KC_HASHMAP_H

#include <stddef.h>

struct kc_strmap;

struct kc_strmap_iter {
	size_t bucket;
	void *node;
};
#define KC_STRMAP_ITER_INIT \
	{                   \
		0, NULL     \
	}

/* NULL on out of memory. */
struct kc_strmap *kc_strmap_new(void);
/* Frees the map and its keys; calls free_value on each value when not NULL.  NULL-safe. */
struct kc_strmap *kc_strmap_free(struct kc_strmap *m, void (*free_value)(void *value));
size_t kc_strmap_size(const struct kc_strmap *m);
/* The value stored under key (borrowed), or NULL (also for a key stored with a NULL value). */
void *kc_strmap_get(const struct kc_strmap *m, const char *key);
/* 1 when key is in the map (with any value, NULL included), else 0. */
int kc_strmap_contains(const struct kc_strmap *m, const char *key);
/*
 * Stores value under a copy of key.  When key was present its value is replaced and the old one
 * goes to *ret_old (ret_old may be NULL); returns 1 when key is new, 0 when it replaced, or
 * KC_ERR_NOMEM (map unchanged).
 */
int kc_strmap_put(struct kc_strmap *m, const char *key, void *value, void **ret_old);
/*
 * Removes key; its value goes to *ret_value (NULL when absent; ret_value may be NULL).  Returns
 * 1 when removed, 0 when absent.
 */
int kc_strmap_remove(struct kc_strmap *m, const char *key, void **ret_value);
/*
 * Iteration: `struct kc_strmap_iter it = KC_STRMAP_ITER_INIT; while (kc_strmap_next(m, &it,
 * &key, &value)) ...`.  Keys are borrowed.  The map must not change during an iteration, except
 * that the entry just returned may be removed with kc_strmap_remove().
 */
int kc_strmap_next(const struct kc_strmap *m, struct kc_strmap_iter *it, const char **ret_key,
		   void **ret_value);

#endif
