/*
 * range_store.h - a Service IP or NodePort range persisted in etcd as a v1 RangeAllocation
 * (upstream: pkg/registry/core/service/allocator/storage/storage.go Etcd: every change is a
 * GuaranteedUpdate of /registry/ranges/serviceips or /registry/ranges/servicenodeports).
 *
 * Requests are batches of items (allocate this value, allocate any value, release this value)
 * applied all or nothing: the batch runs on the last known state and is written with a
 * compare-on-mod_revision transaction; when another writer (a concurrent request of another
 * apiserver, the repair) got there first, the state etcd returns is loaded and the batch runs
 * again on it.  Requests of one store run one after the other, so this process never conflicts
 * with itself.  A dry run checks the range only, writes nothing and gives the network address
 * (IPs) or the first port for "any value", as upstream's DryRun() allocators.
 *
 * Callbacks run once, from the loop, never inside the starting call.
 */
#ifndef KUBE_APISERVER_REGISTRY_RANGE_STORE_H
#define KUBE_APISERVER_REGISTRY_RANGE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "kube-apiserver/registry/range_allocator.h"

struct kc_etcd3;
struct range_store;
struct range_req;

enum range_op {
	RANGE_ALLOCATE = 1, /* value */
	RANGE_ALLOCATE_NEXT,
	RANGE_RELEASE, /* value; a no-op when not allocated or not in the range */
};

enum range_item_result {
	RANGE_OK = 0,
	RANGE_ALLOCATED,    /* ErrAllocated */
	RANGE_NOT_IN_RANGE, /* ErrNotInRange */
	RANGE_FULL,         /* ErrFull */
};

struct range_item {
	enum range_op op;
	uint32_t value;               /* in: ALLOCATE/RELEASE; out: ALLOCATE_NEXT's value */
	enum range_item_result result; /* out */
};

enum {
	RANGE_DRY_RUN = 1 << 0,
};

/*
 * err 0: every item applied (and written); KC_ERR_INVALID: an item failed (its result says
 * why; nothing was written); KC_ERR_UNAVAILABLE/KC_ERR_TIMEOUT/...: etcd trouble; KC_ERR_CONFLICT
 * for a replace whose revision is stale.  items are borrowed for the call.
 */
typedef void (*range_store_cb)(void *arg, int err, const struct range_item *items, size_t n);

/* key relative to the etcd prefix ("/ranges/serviceips"); range is taken over.  rnd NULL:
 * kc_clock_rand_unit.  NULL when out of memory (range is then released). */
struct range_store *range_store_new(struct kc_etcd3 *etcd, const char *key,
				    struct svc_range *range, range_rand_fn rnd);
/* Fails queued requests with KC_ERR_UNAVAILABLE ("shutting down") and frees.  NULL-safe. */
struct range_store *range_store_free(struct range_store *rs);

/* The range (spec, base; its bitmap is the last state known, for messages and tests). */
const struct svc_range *range_store_range(const struct range_store *rs);

/* Applies items (copied).  NULL when out of memory (no callback). */
struct range_req *range_store_apply(struct range_store *rs, const struct range_item *items,
				    size_t n, unsigned flags, range_store_cb cb, void *arg);
/* The callback will not run; the request still completes (allocations land). NULL-safe. */
void range_req_cancel(struct range_req *req);

/* The repair's two steps: read the state from etcd (state borrowed for the call;
 * mod_revision 0 when the key is absent), and replace it when its mod_revision is still that. */
typedef void (*range_store_read_cb)(void *arg, int err, const struct range_bitmap *state,
				    int64_t mod_revision);
struct range_req *range_store_read(struct range_store *rs, range_store_read_cb cb, void *arg);
struct range_req *range_store_replace(struct range_store *rs, const struct range_bitmap *state,
				      int64_t mod_revision, range_store_cb cb, void *arg);

/* "provided IP is already allocated", "the provided IP (10.1.2.3) is not in the valid range.
 * The range of valid IPs is 10.0.0.0/24", "range is full", and the port forms. */
const char *range_item_error(const struct range_store *rs, const struct range_item *item,
			     char *buf, size_t size);

#endif
