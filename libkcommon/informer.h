/*
 * informer.h - reflector + shared informer on one libevent loop (upstream: client-go
 * tools/cache/reflector.go, shared_informer.go, controller.go, and tools/pager/pager.go).
 *
 * An informer keeps a store (store.h) in step with one resource on the apiserver and tells its
 * handlers about every change:
 *   - list (resourceVersion=0, pages of 500 following `continue`; a relist at a known
 *     resourceVersion asks without a limit so the watch cache can answer, unless the first list
 *     came back in pages: client-go's rules), replace the store, then watch from the list's
 *     resourceVersion with allowWatchBookmarks and a random timeoutSeconds in [300, 600);
 *   - every event moves the last-synced resourceVersion (BOOKMARKs only move it);
 *   - a watch that ends cleanly is reopened from that resourceVersion without listing;
 *   - a 410 (ERROR event or HTTP status) or any other watch failure relists after a backoff; the
 *     relist asks for the last resourceVersion and, when that is too old (410 again), lists
 *     again with resourceVersion="" (a consistent read), as the reflector does;
 *   - errors back off exponentially with jitter (800 ms doubling to 30 s, plus up to 100%
 *     jitter; reset after 2 minutes without a backoff), as upstream's backoff manager.
 *
 * Handlers (several per informer, added before or after start) get, on the loop thread:
 *   on_add(obj, is_in_initial_list)	  a new object (is_in_initial_list: from the first list)
 *   on_update(old, cur)			  a change; also every object found again by a relist, and
 *					  every object on a periodic resync (then old == cur)
 *   on_delete(obj, final_state_unknown) a deletion.  From a watch DELETED event obj is the state
 *					  the server sent and final_state_unknown is 0.  When a relist
 *					  finds an object gone, obj is the last state the informer
 *					  knew and final_state_unknown is 1 (upstream wraps it in
 *					  DeletedFinalStateUnknown; here the flag says so and obj is
 *					  always the object itself, never a wrapper).
 * An update whose old and new objects have the same resourceVersion (a relist finding an object
 * unchanged, or a resync) goes only to handlers with a resync period that are due for a resync,
 * as upstream's distribute(sync=true).  List items get the resource's apiVersion and kind when
 * the apiserver left them out (it does in lists), so objects look the same from lists and watches.
 * Objects passed to handlers are borrowed: the store's shared, immutable objects (json_incref()
 * to keep one; never modify).  A handler added to a running informer first gets on_add for every
 * object already in the store (is_in_initial_list 1), as AddEventHandler replays.  Handlers should
 * only enqueue work (STYLE 3.10).  A handler may remove itself or another handler; it must not
 * free the informer.
 *
 * Work per watch event is O(1) in the number of objects (plus O(handlers) and O(index values));
 * only a (re)list or a resync walks the store.
 */
#ifndef KC_INFORMER_H
#define KC_INFORMER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/store.h"

struct event_base;
struct kc_client;
struct kc_resource;
struct kc_informer;
struct kc_informer_handle;

struct kc_informer_handler {
	void (*on_add)(void *arg, const json_t *obj, int is_in_initial_list);
	void (*on_update)(void *arg, const json_t *old, const json_t *cur);
	void (*on_delete)(void *arg, const json_t *obj, int final_state_unknown);
};

/*
 * Transform hook (upstream TransformFunc): obj is borrowed; return a new reference to what the
 * store should keep (json_incref(obj) for "unchanged"), or NULL to keep obj as it is.  Must not
 * modify obj.  Called once per object from a list or watch, before anything else sees it.
 */
typedef json_t *(*kc_informer_transform_fn)(void *arg, const json_t *obj);

/* A transform that drops metadata.managedFields (upstream TransformStripManagedFields). */
json_t *kc_informer_strip_managed_fields(void *arg, const json_t *obj);

struct kc_informer_config {
	const struct kc_resource *resource; /* borrowed; must outlive the informer (a static) */
	const char *name;                   /* for log lines; NULL = the resource name */
	const char *namespace;              /* NULL or "" = all namespaces */
	const char *label_selector;         /* NULL = everything */
	const char *field_selector;         /* e.g. "spec.nodeName=node-1" */
	int64_t resync_period_ns;           /* default for handlers; 0 = no resync */
	int64_t page_size;                  /* upstream WatchListPageSize; 0 = client-go's choice */
	kc_informer_transform_fn transform; /* NULL = keep objects as listed */
	void *transform_arg;
	/* Tuning; 0 = upstream's value.  Tests shorten these. */
	int64_t backoff_initial_ns;   /* 800 ms */
	int64_t backoff_max_ns;       /* 30 s */
	int64_t backoff_reset_ns;     /* 2 min */
	int64_t min_watch_timeout_ns; /* 5 min: timeoutSeconds is drawn from [min, 2 * min) */
};

struct kc_informer_stats {
	uint64_t lists;          /* list requests (pages included) */
	uint64_t relists;        /* complete (re)lists after the first */
	uint64_t watches;        /* watch requests */
	uint64_t watch_events;   /* events received (bookmarks included) */
	uint64_t backoffs;       /* backoff waits */
	int64_t last_backoff_ns; /* length of the last backoff wait */
};

/*
 * Creates an informer (not started).  The config's strings are copied.  NULL on out of memory or
 * a config without resource.  client must outlive the informer.
 */
struct kc_informer *kc_informer_new(struct event_base *base, struct kc_client *client,
				    const struct kc_informer_config *cfg);
/* Cancels the list/watch in flight and every timer; no callback runs afterwards.  NULL-safe. */
struct kc_informer *kc_informer_free(struct kc_informer *inf);

/*
 * Adds an index to the informer's store (see kc_store_add_index); works before and after start.
 */
int kc_informer_add_index(struct kc_informer *inf, const char *name, kc_store_index_fn fn,
			  void *arg);

/*
 * Registers handlers (copied) with arg; resync_period_ns < 0 means the informer's default, 0 no
 * resync, otherwise at least 1 s (upstream minimumResyncPeriod).  Returns a handle for
 * kc_informer_remove_handler(), or NULL on out of memory.
 */
struct kc_informer_handle *kc_informer_add_handler(struct kc_informer *inf,
						   const struct kc_informer_handler *h, void *arg,
						   int64_t resync_period_ns);
/* Unregisters; no callback of that handle runs afterwards.  Safe inside a handler. */
void kc_informer_remove_handler(struct kc_informer *inf, struct kc_informer_handle *handle);

/* Starts listing and watching (upstream Run); 0, or KC_ERR_NOMEM. A second call does nothing. */
int kc_informer_start(struct kc_informer *inf);

/* 1 once the first list has been stored and delivered to the handlers (upstream HasSynced). */
int kc_informer_has_synced(const struct kc_informer *inf);
/*
 * Calls fn(arg) once the informer has synced: from the loop, never from inside this call (also
 * when already synced).  KC_ERR_NOMEM.  (The loop form of cache.WaitForCacheSync.)
 */
int kc_informer_on_synced(struct kc_informer *inf, void (*fn)(void *arg), void *arg);

/* The store (borrowed; read it, never change it).  Objects as in the header comment. */
struct kc_store *kc_informer_store(const struct kc_informer *inf);
/* kc_store_get() on the informer's store: borrowed or NULL. */
const json_t *kc_informer_get(const struct kc_informer *inf, const char *key);
/* The resourceVersion of the last list or event (borrowed; "" before the first list). */
const char *kc_informer_last_sync_resource_version(const struct kc_informer *inf);
void kc_informer_stats(const struct kc_informer *inf, struct kc_informer_stats *ret);

#endif
