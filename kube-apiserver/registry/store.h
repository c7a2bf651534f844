/*
 * store.h - the generic registry store: one per etcd key prefix, owning that prefix's watch
 * cache, and the storage half of every REST verb (upstream: staging/src/k8s.io/apiserver/pkg/
 * registry/generic/registry/store.go genericregistry.Store, dryrun.go, and the GuaranteedUpdate
 * loop of storage/etcd3/store.go).
 *
 * A store serves every registry row whose etcd_prefix it owns: core/v1 and events.k8s.io/v1
 * events share "/events".  Keys under the prefix are "<namespace>/<name>" or "<name>", as the
 * watch cache keys them and upstream's NamespaceKeyFunc/NoNamespaceKeyFunc lay them out.
 *
 * Reads go to the watch cache (storage/watch_cache.h) with the resourceVersion semantics it
 * implements.  Writes go to etcd with upstream's transactions: create on "key absent", update
 * on "mod_revision unchanged" (retrying from the current state on a conflict, as
 * GuaranteedUpdate does), delete with preconditions.  What changes an object (defaults,
 * validation, metadata rules) is the caller's update function or prepared object: the store
 * only knows storage, dry runs, no-op detection, generated-name retries and the
 * delete-during-update rule.
 *
 * Calls.  Every operation returns a handle (NULL and no callback when out of memory) and calls
 * back exactly once from the loop, never from inside the starting call.  Callbacks get either
 * a Status to answer with (a new reference the callback takes over: 404, 409, 410, 503, ...,
 * upstream's messages) or a result whose pointers are borrowed for the callback's duration.
 * store_set_free() fails every pending operation with a 503 "shutting down" Status, so
 * handlers always get to finish their requests.
 */
#ifndef KUBE_APISERVER_REGISTRY_STORE_H
#define KUBE_APISERVER_REGISTRY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-apiserver/storage/watch_cache.h"

struct api_resource;
struct kc_etcd3;
struct store;
struct store_set;
struct store_op;

struct store_set_options {
	struct kc_etcd3 *etcd;     /* required; stores run on its loop */
	int64_t event_ttl_seconds; /* --event-ttl: events are written with a lease; 0: 1 h */
	long cache_fresh_wait_ms;  /* watch cache option (tests); 0: the cache's default */
	long bookmark_interval_ms; /* watch cache option (tests); 0: the cache's default */
};

/* One store per distinct etcd prefix of the registry table; caches start listing at once. */
int store_set_new(const struct store_set_options *opts, struct store_set **ret);
/* Fails pending operations (503), ends watchers, frees every store.  NULL-safe. */
struct store_set *store_set_free(struct store_set *set);

/* The store serving res, or NULL for resources that are never stored (reviews, bindings). */
struct store *store_set_get(struct store_set *set, const struct api_resource *res);
/* Whether every cache finished its initial list. */
int store_set_ready(const struct store_set *set);
/* Stores in the set, and the i-th (for readiness reports). */
size_t store_set_size(const struct store_set *set);
struct store *store_set_nth(struct store_set *set, size_t i);
struct kc_etcd3 *store_set_etcd(struct store_set *set);

struct kc_watch_cache *store_cache(struct store *s);
/* "/pods", "/services/specs": the key prefix under --etcd-prefix. */
const char *store_prefix(const struct store *s);
/* The first resource stored under the store's prefix (core events for /events). */
const struct api_resource *store_resource(const struct store *s);

/*
 * The key of an object under the store's prefix: "<ns>/<name>" for namespaced resources, else
 * "<name>"; malloc()ed, NULL when out of memory.
 */
char *store_key(const struct api_resource *res, const char *ns, const char *name);

/*
 * Stamps metadata.resourceVersion = rv into obj, where upstream's encoder writes it (after
 * uid, before generation), exactly as the watch cache stamps the objects it serves.  0 or
 * KC_ERR_NOMEM.
 */
int store_set_resource_version(json_t *obj, int64_t rv);

/* --- callbacks ------------------------------------------------------------------------------ */

struct store_result {
	const json_t *obj; /* the object as stored now (resourceVersion set), or as deleted */
	int created;       /* create, or an update that created */
	int deleted;       /* the key is gone (delete, or a delete during update) */
	int unchanged;     /* update: no-op, nothing written */
	int graceful;      /* delete: kept with deletionTimestamp (finalizers or a grace period) */
	/* get: the cache's object, whose bytes can be sent as they are (borrowed); else NULL */
	struct kc_watch_cache_object *cached;
	/* create: obj serialized (borrowed), when it could be made from the bytes written to
	 * etcd without another dump; else NULL */
	const char *bytes;
	size_t len;
};

typedef void (*store_cb)(void *arg, json_t *status, const struct store_result *res);

/* Operation flags. */
enum {
	STORE_DRY_RUN = 1 << 0,        /* dryRun=All: everything but the write */
	STORE_NAME_GENERATED = 1 << 1, /* create: the name came from generateName; retry */
	STORE_ALLOW_CREATE = 1 << 2,   /* update: create when absent (AllowCreateOnUpdate) */
};

/* Abandons an operation: its callback will not run (a write in flight still lands). */
void store_op_cancel(struct store_op *op);

/* --- reads ---------------------------------------------------------------------------------- */

/* Gets one object through the cache: resource_version NULL (etcd), "0" or N. */
struct store_op *store_get(struct store *s, const struct api_resource *res, const char *ns,
			   const char *name, const char *resource_version, store_cb cb, void *arg);

/*
 * Lists through the cache.  On success status is NULL and list holds the page; on failure
 * list is NULL.
 */
typedef void (*store_list_cb)(void *arg, json_t *status,
			      const struct kc_watch_cache_list_result *list);
struct store_op *store_list(struct store *s, const struct api_resource *res,
			    const struct kc_watch_cache_list_opts *opts, store_list_cb cb,
			    void *arg);

/* --- writes ---------------------------------------------------------------------------------- */

/*
 * Creates obj (stolen; metadata complete, resourceVersion absent) at its key.  With
 * STORE_NAME_GENERATED an AlreadyExists is retried with a new name from generateName (up to
 * 8 tries, as upstream's RetryGenerateName).  With STORE_DRY_RUN nothing is written: an
 * existing key is still AlreadyExists, and the object comes back without resourceVersion.
 * Errors: 409 AlreadyExists, 503 etcd away, 500.
 */
struct store_op *store_create(struct store *s, const struct api_resource *res, json_t *obj,
			      unsigned flags, store_cb cb, void *arg);

/*
 * The update function of a GuaranteedUpdate: the new object for current (borrowed, immutable,
 * resourceVersion set; NULL when absent and STORE_ALLOW_CREATE).  Returns 0 with *ret_obj (a
 * new reference the store takes; its resourceVersion is ignored), or a negative value with a
 * Status in *ret_status (the update stops and the callback gets it).  `fresh` says whether
 * current was read from etcd in this attempt (a precondition that fails on a cached state is
 * retried on a fresh one by returning KC_ERR_CONFLICT with no status).
 */
typedef int (*store_update_fn)(void *arg, const json_t *current, int fresh, json_t **ret_obj,
			       json_t **ret_status);

/*
 * GuaranteedUpdate: reads the current object (the cache first, etcd when that is stale), calls
 * fn, and writes the result on "mod_revision unchanged"; a conflict re-reads and calls fn
 * again.  A result equal to the current object is not written (no new resourceVersion, no
 * event: API-COMPAT M5) once the current state is known fresh.  When the result has no
 * finalizers left and the current object was being deleted without a grace period pending, the
 * object is deleted instead (ShouldDeleteDuringUpdate; namespaces also need an empty
 * spec.finalizers).  Errors: fn's Status, 404 NotFound, 409 Conflict (from fn), 503, 500.
 */
struct store_op *store_update(struct store *s, const struct api_resource *res, const char *ns,
			      const char *name, store_update_fn fn, void *fn_arg, unsigned flags,
			      store_cb cb, void *arg);

/* DeleteOptions as the handler read them from the body and the query. */
struct store_delete_opts {
	const char *precondition_uid;              /* NULL: none */
	const char *precondition_resource_version; /* NULL: none */
	int64_t grace_period_seconds;              /* -1: unset */
	const char *propagation_policy;            /* NULL: the resource's default */
	int orphan_dependents;                     /* -1 unset, 0 false, 1 true */
	unsigned flags;                            /* STORE_DRY_RUN */
};

/*
 * Deletes as genericregistry.Store.Delete: preconditions (409 "Precondition failed: UID in
 * precondition: ..."), graceful deletion (pods: DL5), propagation finalizers (orphan,
 * foregroundDeletion), objects with finalizers only get deletionTimestamp (MODIFIED), and
 * namespaces go Terminating first (DL6).  res->graceful tells the object is still there.
 */
struct store_op *store_delete(struct store *s, const struct api_resource *res, const char *ns,
			      const char *name, const struct store_delete_opts *opts, store_cb cb,
			      void *arg);

/* The resources whose delete answers with the deleted object rather than a Success Status
 * (Store.ReturnDeletedObject). */
int store_returns_deleted_object(const struct api_resource *res);

/* --- pure helpers, exposed for the handlers and the tests ---------------------------------- */

/*
 * Whether two stored objects are the same write: equal JSON apart from
 * metadata.resourceVersion and the managedFields timestamps.
 */
int store_objects_equal(const json_t *a, const json_t *b);

/*
 * ShouldDeleteDuringUpdate: obj has no finalizers, old was being deleted and has no grace
 * period pending (deletionGracePeriodSeconds absent or 0); namespaces also need an empty
 * spec.finalizers.
 */
int store_should_delete_during_update(const struct api_resource *res, const json_t *obj,
				      const json_t *old);

/*
 * Checks DeleteOptions.preconditions against obj: 0, or KC_ERR_CONFLICT with *ret_msg
 * (malloc()ed) "Precondition failed: UID in precondition: X, UID in object meta: Y" or the
 * ResourceVersion form.
 */
int store_check_preconditions(const json_t *obj, const char *uid, const char *resource_version,
			      char **ret_msg);

/*
 * The pod grace period of a delete (registry/core/pod CheckGracefulDeleteStrategy): 0 for
 * unscheduled or terminal pods, else the requested grace (-1: unset) or
 * spec.terminationGracePeriodSeconds (0 when absent: creation defaults it to 30); a negative
 * result counts as 1.
 */
int64_t store_pod_grace_period(const json_t *pod, int64_t requested);

#endif
