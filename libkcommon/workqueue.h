/*
 * workqueue.h - the controller work queue on one libevent loop (upstream: client-go
 * util/workqueue/{queue.go, delaying_queue.go, rate_limiting_queue.go, default_rate_limiters.go}
 * and the processNextWorkItem/handleErr shape of every controller).
 *
 * Semantics are client-go's:
 *   - a key is queued at most once (the "dirty" set);
 *   - a key being processed is never handed out again: adding it marks it dirty, and it is queued
 *     again when its processing is done;
 *   - kc_workqueue_add_after() keeps a key waiting in a timer heap; adding a waiting key again
 *     with an earlier time moves it earlier, a later time is ignored;
 *   - kc_workqueue_add_rate_limited() waits for the rate limiter's delay (default: the maximum of
 *     a per-key exponential backoff, 5 ms doubling up to 1000 s, and an overall token bucket of
 *     10 qps with a burst of 100 = DefaultControllerRateLimiter).
 *
 * Processing model: instead of worker goroutines calling Get(), the queue calls `sync(arg, key)`
 * from a deferred (zero-timeout) event on the loop, at most `workers` keys per loop turn and with
 * at most `workers` keys in flight.  A sync may finish at once or later (after its API calls):
 * it ends by calling kc_workqueue_done(q, key, r) exactly once.  done(key, r >= 0) forgets the
 * key's backoff; done(key, r < 0) requeues it rate-limited while it has been requeued fewer than
 * max_retries times, and otherwise logs and drops it (controllers' handleErr).  The key string
 * passed to sync is owned by the queue and valid until kc_workqueue_done() for it returns.
 *
 * Shutdown (upstream ShutDown / ShutDownWithDrain): adds are ignored from then on and keys
 * waiting for a delay are dropped; keys already queued are still handed out (as Get() keeps
 * returning queued items after ShutDown) and keys in flight finish normally.  With drain, a
 * callback runs once nothing is queued and nothing is in flight.  kc_workqueue_free() stops at
 * once: nothing more is handed out and later done() calls must not happen; it must not be
 * called from inside sync.
 *
 * Every function runs on the loop thread; none blocks.
 */
#ifndef KC_WORKQUEUE_H
#define KC_WORKQUEUE_H

#include <stddef.h>
#include <stdint.h>

struct event_base;

/* ---- rate limiters (upstream default_rate_limiters.go); times in nanoseconds ---- */

struct kc_rate_limiter;

/* max(item exponential 5 ms..1000 s, bucket 10 qps / burst 100). NULL on out of memory. */
struct kc_rate_limiter *kc_rate_limiter_default_new(void);
/* base * 2^failures, capped at max (upstream ItemExponentialFailureRateLimiter). */
struct kc_rate_limiter *kc_rate_limiter_exponential_new(int64_t base_ns, int64_t max_ns);
/* Token bucket: qps tokens a second, burst at most (upstream BucketRateLimiter). */
struct kc_rate_limiter *kc_rate_limiter_bucket_new(double qps, int burst);
/* fast for the first max_fast attempts, slow after (upstream ItemFastSlowRateLimiter). */
struct kc_rate_limiter *kc_rate_limiter_fast_slow_new(int64_t fast_ns, int64_t slow_ns,
						      int max_fast);
/* The largest delay of the given limiters, which it takes over (even on failure). */
struct kc_rate_limiter *kc_rate_limiter_max_of_new(struct kc_rate_limiter **limiters, size_t n);
struct kc_rate_limiter *kc_rate_limiter_free(struct kc_rate_limiter *rl);

/* How long key should wait at now_ns (CLOCK_MONOTONIC ns); records one more failure. */
int64_t kc_rate_limiter_when(struct kc_rate_limiter *rl, const char *key, int64_t now_ns);
/* Forgets key's failures. */
void kc_rate_limiter_forget(struct kc_rate_limiter *rl, const char *key);
/* Failures recorded for key (the largest over a max_of limiter). */
int kc_rate_limiter_num_requeues(const struct kc_rate_limiter *rl, const char *key);

/* ---- the queue ---- */

struct kc_workqueue;

/* Called on the loop with a key handed out; must lead to exactly one kc_workqueue_done(). */
typedef void (*kc_workqueue_sync_fn)(void *arg, const char *key);

#define KC_WORKQUEUE_DEFAULT_MAX_RETRIES 15 /* deployment_controller.go maxRetries */

struct kc_workqueue_config {
	const char *name;          /* for log lines and metrics ("deployment") */
	kc_workqueue_sync_fn sync; /* required */
	void *arg;
	int workers;     /* max keys in flight and per loop turn; 0 = 1 */
	int max_retries; /* 0 = KC_WORKQUEUE_DEFAULT_MAX_RETRIES, < 0 = forever */
	struct kc_rate_limiter *rate_limiter; /* taken over; NULL = the default one */
};

struct kc_workqueue_stats {
	size_t depth;      /* queued, waiting to be handed out (upstream depth metric) */
	size_t in_flight;  /* handed out, not done */
	size_t waiting;    /* in the delay heap */
	uint64_t adds;     /* adds accepted (upstream adds_total) */
	uint64_t retries;  /* rate-limited adds (upstream retries_total) */
	uint64_t syncs;    /* keys handed out */
	uint64_t failures; /* done() with r < 0 */
	uint64_t drops;    /* keys dropped after max_retries */
};

/*
 * NULL on out of memory or a config without sync.  The rate limiter in cfg is taken over even
 * on failure.
 */
struct kc_workqueue *kc_workqueue_new(struct event_base *base,
				      const struct kc_workqueue_config *cfg);
/* Stops at once (see the header comment) and frees; NULL-safe; returns NULL. */
struct kc_workqueue *kc_workqueue_free(struct kc_workqueue *q);

/* Returns 1 when key was queued, 0 when it already was, is being processed, or the queue is
 * shutting down; KC_ERR_NOMEM. */
int kc_workqueue_add(struct kc_workqueue *q, const char *key);
/* Adds key after delay_ns (<= 0: now). 0 or KC_ERR_NOMEM. */
int kc_workqueue_add_after(struct kc_workqueue *q, const char *key, int64_t delay_ns);
/* kc_workqueue_add_after(key, rate limiter's When(key)). */
int kc_workqueue_add_rate_limited(struct kc_workqueue *q, const char *key);
void kc_workqueue_forget(struct kc_workqueue *q, const char *key);
int kc_workqueue_num_requeues(const struct kc_workqueue *q, const char *key);

/*
 * Ends the processing of key (see the header comment).  r >= 0: success; r < 0: the sync failed
 * with that KC_ERR_* code.  A key that is not in flight is ignored.
 */
void kc_workqueue_done(struct kc_workqueue *q, const char *key, int r);

/* Queued keys (not in flight, not waiting): upstream Len(). */
size_t kc_workqueue_len(const struct kc_workqueue *q);
void kc_workqueue_stats(const struct kc_workqueue *q, struct kc_workqueue_stats *ret);

void kc_workqueue_shutdown(struct kc_workqueue *q);
/* As shutdown; then drained(arg) runs once (from the loop) when nothing is queued or in flight. */
void kc_workqueue_shutdown_with_drain(struct kc_workqueue *q, void (*drained)(void *arg),
				      void *arg);
int kc_workqueue_shutting_down(const struct kc_workqueue *q);

#endif
