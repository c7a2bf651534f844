/*
 * etcd3.h - kube-apiserver's etcd v3 client: CRUD with compare-and-swap on revisions, paged
 * range reads at a revision, prefix watches, compaction and leases, over libkcommon's gRPC
 * client on the daemon's libevent loop (upstream: staging/src/k8s.io/apiserver/pkg/storage/
 * etcd3/store.go, watcher.go, compact.go, lease_manager.go, and go.etcd.io/etcd/client/v3's
 * endpoint failover, retry_interceptor.go and watch.go resumption).
 *
 * Endpoints.  --etcd-servers gives one or more http:// or https:// URLs (the TLS files apply to
 * every https:// one).  One gRPC channel per endpoint; calls go to the "active" endpoint, and a
 * call that fails with UNAVAILABLE makes the next endpoint active.  The failed call is tried on
 * the next endpoint when that is safe, as clientv3's retry interceptor decides: reads, leases and
 * compaction always; writes (Txn, DeleteRange) only when the request never left (the connection
 * could not be made), since a write whose connection broke may have been applied.  When every
 * endpoint is down the caller gets KC_ERR_UNAVAILABLE; service resumes by itself when one comes
 * back (channels reconnect on the next call).
 *
 * Keys.  Callers name keys relative to --etcd-prefix (default "/registry"): "/pods/default/web"
 * is stored as "/registry/pods/default/web", exactly upstream's layout.  Keys handed back
 * (kvs, events) are relative the same way.  Values are stored as given (our objects' JSON; the
 * callers clear metadata.resourceVersion first, as upstream).
 *
 * Calls.  Each operation starts a request and returns it (NULL, and no callback, when out of
 * memory or a key does not start with '/').  Its callback runs exactly once, always from the
 * loop, never from inside the starting function, unless kc_etcd3_req_cancel() came first.  The
 * result and everything it points to are borrowed for the duration of the callback.
 *
 * Errors (the `err` of callbacks): KC_ERR_NOT_FOUND (get, update and delete of an absent key),
 * KC_ERR_ALREADY_EXISTS (create of a present key; res->kvs holds the current kv),
 * KC_ERR_CONFLICT (update/delete whose expected mod_revision is stale; res->kvs holds the
 * current kv, so callers can retry GuaranteedUpdate-style), KC_ERR_EXPIRED (a read at a
 * compacted revision; a watch whose start revision was compacted, res->compact_revision set),
 * KC_ERR_UNAVAILABLE (no endpoint answered), KC_ERR_TIMEOUT (the per-call deadline passed),
 * other KC_ERR_* as kc_grpc_code_to_err() maps etcd's statuses.  res->message then says why.
 */
#ifndef KUBE_APISERVER_STORAGE_ETCD3_H
#define KUBE_APISERVER_STORAGE_ETCD3_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct kc_etcd3;
struct kc_etcd3_req;
struct kc_etcd3_watch;

#define KC_ETCD3_DEFAULT_PREFIX             "/registry"
#define KC_ETCD3_DEFAULT_REQUEST_TIMEOUT_MS 30000
/* The apiserver's etcd client keepalive (storagebackend/factory/etcd3.go). */
#define KC_ETCD3_KEEPALIVE_TIME_MS    30000
#define KC_ETCD3_KEEPALIVE_TIMEOUT_MS 10000
/* The key compactors of all apiservers of a cluster coordinate on (compact.go); it lives at
 * the root of the keyspace, outside --etcd-prefix. */
#define KC_ETCD3_COMPACT_REV_KEY "compact_rev_key"

/* update()/delete() without a revision precondition. */
#define KC_ETCD3_ANY_REVISION 0

struct kc_etcd3_options {
	const char *const *servers; /* --etcd-servers, n_servers of them (at least one) */
	size_t n_servers;
	const char *prefix;  /* --etcd-prefix; NULL: "/registry" */
	const char *ca_file; /* --etcd-cafile, --etcd-certfile, --etcd-keyfile */
	const char *cert_file;
	const char *key_file;
	long request_timeout_ms;   /* deadline of one attempt; 0: 30 s */
	long keepalive_time_ms;    /* 0: 30 s; -1: no keepalive pings */
	long keepalive_timeout_ms; /* 0: 10 s */
	long watch_retry_max_ms;   /* longest pause between watch reconnects; 0: 2 s */
};

/*
 * A client on `base`.  No connection is made until the first call.  Returns 0 and sets *ret,
 * or KC_ERR_INVALID with a message in err (no servers, a URL that is not http(s)://host:port,
 * TLS files that do not load), KC_ERR_NOMEM.
 */
int kc_etcd3_new(struct event_base *base, const struct kc_etcd3_options *opts,
		 struct kc_etcd3 **ret, char *err, size_t errlen);

/* Cancels every request and watch (no callbacks) and frees the client.  Not from inside one of
 * its callbacks.  Run the loop once more before event_base_free() (see grpc.h).  NULL-safe;
 * returns NULL. */
struct kc_etcd3 *kc_etcd3_free(struct kc_etcd3 *e);

/* The loop the client runs on. */
struct event_base *kc_etcd3_event_base(const struct kc_etcd3 *e);
/* The key prefix without a trailing '/' ("/registry"; "" when --etcd-prefix is "/"). */
const char *kc_etcd3_prefix(const struct kc_etcd3 *e);
/* The endpoint calls go to now, and how many endpoints there are. */
const char *kc_etcd3_active_endpoint(const struct kc_etcd3 *e);
size_t kc_etcd3_endpoints(const struct kc_etcd3 *e);
/* Times the active endpoint changed (failovers), for tests and metrics. */
long kc_etcd3_failovers(const struct kc_etcd3 *e);

/* A key-value pair as etcd keeps it (mvccpb.KeyValue).  Borrowed during the callback. */
struct kc_etcd3_kv {
	const char *key;   /* relative to the prefix, NUL-terminated */
	const char *value; /* value_len bytes, not NUL-terminated (may be NULL when empty) */
	size_t value_len;
	int64_t create_revision;
	int64_t mod_revision; /* the object's resourceVersion */
	int64_t version;
	int64_t lease;
};

struct kc_etcd3_result {
	int64_t revision;              /* the store revision the answer was read at (header) */
	const struct kc_etcd3_kv *kvs; /* range/get: what was read; conflicts: the current kv */
	size_t n_kvs;
	int more;                          /* range: more keys after the last one returned */
	int64_t count;                     /* range: keys in the whole range (not only this page) */
	const struct kc_etcd3_kv *prev_kv; /* delete: the deleted kv; NULL when none */
	int64_t lease_id;                  /* lease grant */
	int64_t ttl;                       /* lease grant: the TTL etcd granted */
	int64_t changed;          /* prefix_stat: 1 when a live key changed after since, else 0 */
	int64_t compact_revision; /* KC_ERR_EXPIRED of a watch: the oldest revision left */
	const char *message;      /* why it failed; "" on success */
};

typedef void (*kc_etcd3_cb)(void *arg, int err, const struct kc_etcd3_result *res);

/* Stops a request: its callback will not run.  NULL-safe; from anywhere but its own callback. */
void kc_etcd3_req_cancel(struct kc_etcd3_req *req);

/* One key, linearizable: res->kvs[0], or KC_ERR_NOT_FOUND. */
struct kc_etcd3_req *kc_etcd3_get(struct kc_etcd3 *e, const char *key, kc_etcd3_cb cb, void *arg);

struct kc_etcd3_range_opts {
	const char *prefix;    /* every key below it ("/pods/" or "/pods/default/") */
	const char *start_key; /* NULL: from the first key of prefix; else from this key
				  * (inclusive, must be within prefix): paging continues here */
	int start_after;       /* start just after start_key (at start_key + "\0") */
	int64_t limit;         /* 0: all */
	int64_t revision;      /* 0: latest (linearizable); N: the store as it was at N */
	int keys_only;
	int count_only;
};

/*
 * A range of keys in key order, with res->revision the revision it was read at (pass it back as
 * opts.revision to read the next page from the same snapshot), res->more and res->count.  A
 * compacted revision is KC_ERR_EXPIRED.
 */
struct kc_etcd3_req *kc_etcd3_range(struct kc_etcd3 *e, const struct kc_etcd3_range_opts *opts,
				    kc_etcd3_cb cb, void *arg);

/*
 * Creates key (Txn If(create_revision==0) Then Put Else Range): res->revision is the new object's
 * resourceVersion.  lease 0 for none.  KC_ERR_ALREADY_EXISTS with the current kv in res->kvs.
 */
struct kc_etcd3_req *kc_etcd3_create(struct kc_etcd3 *e, const char *key, const void *value,
				     size_t len, int64_t lease, kc_etcd3_cb cb, void *arg);

/*
 * Replaces key's value when its mod_revision is still expected_mod_revision (Txn If(mod==N) Then
 * Put Else Range); KC_ETCD3_ANY_REVISION only requires that the key exists.  res->revision is
 * the new resourceVersion.  KC_ERR_CONFLICT with the current kv in res->kvs, KC_ERR_NOT_FOUND
 * when the key is gone.
 */
struct kc_etcd3_req *kc_etcd3_update(struct kc_etcd3 *e, const char *key, const void *value,
				     size_t len, int64_t expected_mod_revision, int64_t lease,
				     kc_etcd3_cb cb, void *arg);

/*
 * Deletes key (Txn If(mod==N) Then DeleteRange(prev_kv) Else Range; KC_ETCD3_ANY_REVISION: no
 * condition).  res->prev_kv is the deleted kv and res->revision the delete's revision.
 * KC_ERR_CONFLICT with the current kv in res->kvs, KC_ERR_NOT_FOUND.
 */
struct kc_etcd3_req *kc_etcd3_delete(struct kc_etcd3 *e, const char *key,
				     int64_t expected_mod_revision, kc_etcd3_cb cb, void *arg);

/* The store's current revision (res->revision), linearizable, as upstream's
 * GetCurrentResourceVersion: a count-only read of the prefix. */
struct kc_etcd3_req *kc_etcd3_current_revision(struct kc_etcd3 *e, kc_etcd3_cb cb, void *arg);

/*
 * One linearizable snapshot of a prefix: res->revision (current), res->count (keys under
 * prefix) and res->changed (0 when no key under prefix has a mod_revision after since_revision,
 * else 1; etcd scans the prefix's keys for it, but sends back one at most).  With changed 0
 * and count equal to what a cache built from events up to since_revision holds, that cache
 * equals the store at res->revision (deleted keys lower the count, new or changed ones raise
 * changed), which is how the watch cache serves consistent reads without a progress request.
 */
struct kc_etcd3_req *kc_etcd3_prefix_stat(struct kc_etcd3 *e, const char *prefix,
					  int64_t since_revision, kc_etcd3_cb cb, void *arg);

/* Compacts the history up to revision (exclusive).  Compacting an already compacted revision
 * is KC_ERR_EXPIRED. */
struct kc_etcd3_req *kc_etcd3_compact(struct kc_etcd3 *e, int64_t revision, kc_etcd3_cb cb,
				      void *arg);

/* A new lease of ttl_seconds: res->lease_id, res->ttl. */
struct kc_etcd3_req *kc_etcd3_lease_grant(struct kc_etcd3 *e, int64_t ttl_seconds, kc_etcd3_cb cb,
					  void *arg);

/*
 * A lease for an object that should live ttl_seconds (events: --event-ttl, 1 h), as upstream's
 * leaseManager: one lease is shared by the objects written within 5% of its TTL (at most 60 s)
 * and at most 1000 objects; it is granted with that reuse time added.  res->lease_id.
 */
struct kc_etcd3_req *kc_etcd3_lease_for_ttl(struct kc_etcd3 *e, int64_t ttl_seconds, kc_etcd3_cb cb,
					    void *arg);

/*
 * Starts upstream's compactor: every interval_ms, compact to the revision seen one interval
 * earlier, coordinating with other apiservers through KC_ETCD3_COMPACT_REV_KEY (compact.go).
 * interval_ms 0 stops it (--etcd-compaction-interval=0).  Errors are logged and retried at the
 * next interval.  Returns 0.
 */
int kc_etcd3_compactor_start(struct kc_etcd3 *e, long interval_ms);

/*
 * Called when a keyed request (get, range, create, update, delete, prefix stat) ends, for
 * upstream's etcd_request_* metrics (storage/etcd3/metrics): operation is store.go's name
 * ("get", "list", "listWithCount", "create", "update", "delete"), key the request's key under
 * the prefix ("/pods/ns/name"), seconds its latency, err 0 or the KC_ERR_* it ended with.
 * Runs on the loop, before the request's own callback.
 */
typedef void (*kc_etcd3_observe_fn)(void *arg, const char *operation, const char *key,
				    double seconds, int err);
/* Sets (fn NULL: clears) the observer. */
void kc_etcd3_set_observer(struct kc_etcd3 *e, kc_etcd3_observe_fn fn, void *arg);

/* --- watch ---------------------------------------------------------------------------- */

enum kc_etcd3_event_type {
	KC_ETCD3_PUT = 0,
	KC_ETCD3_DELETE = 1,
};

struct kc_etcd3_event {
	enum kc_etcd3_event_type type;
	struct kc_etcd3_kv kv; /* PUT: the new kv; DELETE: key and the delete's revision */
	const struct kc_etcd3_kv *prev_kv; /* with prev_kv, when etcd still had it; else NULL */
};

/*
 * Events of one watch response, all of revision `revision` or older, in order; n 0 is a
 * progress notification: every later event has a revision above `revision`.  Borrowed.
 */
typedef void (*kc_etcd3_watch_events_cb)(void *arg, int64_t revision,
					 const struct kc_etcd3_event *events, size_t n);
/* The watch ended for good: KC_ERR_EXPIRED (res->compact_revision: the start revision was
 * compacted: relist), or another error etcd answered that a retry would not fix. */
typedef void (*kc_etcd3_watch_end_cb)(void *arg, int err, const struct kc_etcd3_result *res);

struct kc_etcd3_watch_opts {
	const char *prefix;     /* keys below this prefix ("/pods/") */
	int64_t start_revision; /* first revision to deliver; 0: from now on */
	int prev_kv;            /* events carry the previous kv */
	int progress_notify;    /* etcd sends progress notifications when idle */
};

/*
 * Watches a prefix until canceled.  When the stream breaks (etcd restarted, endpoint down),
 * the watch is opened again, on the next endpoint after an UNAVAILABLE, from the revision after
 * the last one delivered, so no event is lost or repeated (clientv3's watch resumption);
 * pauses between tries grow to watch_retry_max_ms.  end_cb runs at most once.  Callbacks may
 * cancel the watch.  NULL when out of memory or the prefix does not start with '/'.
 */
struct kc_etcd3_watch *kc_etcd3_watch(struct kc_etcd3 *e, const struct kc_etcd3_watch_opts *opts,
				      kc_etcd3_watch_events_cb on_events,
				      kc_etcd3_watch_end_cb on_end, void *arg);

/* Stops a watch (no more callbacks).  NULL-safe; allowed from its own callbacks. */
void kc_etcd3_watch_cancel(struct kc_etcd3_watch *w);

/* The last revision delivered (events or progress), 0 before any. */
int64_t kc_etcd3_watch_revision(const struct kc_etcd3_watch *w);
/* Times the watch stream was opened again after a break. */
long kc_etcd3_watch_reconnects(const struct kc_etcd3_watch *w);

/* --- helpers exposed for tests ----------------------------------------------------------- */

/* The end of the range of keys with `prefix` (clientv3.GetPrefixRangeEnd): the prefix with its
 * last byte below 0xff incremented and the rest dropped; "\0" (length 1) when there is none.
 * malloc()ed, length in *ret_len; NULL when out of memory. */
char *kc_etcd3_prefix_end(const char *prefix, size_t len, size_t *ret_len);

#endif
