/*
 * workqueue.c - de-duplicating work queue with delays and per-key backoff on one libevent loop
 * (upstream: client-go util/workqueue/queue.go, delaying_queue.go, rate_limiting_queue.go,
 * default_rate_limiters.go).  The queue is a FIFO ring of keys plus the dirty and processing
 * sets of queue.go; delayed keys sit in a binary min-heap indexed by key (delaying_queue.go's
 * waitForPriorityQueue and knownEntries); a deferred zero-timeout event hands keys to sync().
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/log.h"
#include "libkcommon/workqueue.h"

/* ---- rate limiters ---- */

enum rl_type {
	RL_EXPONENTIAL,
	RL_BUCKET,
	RL_FAST_SLOW,
	RL_MAX_OF,
};

struct kc_rate_limiter {
	enum rl_type type;
	struct kc_strmap *failures; /* key -> (intptr_t)count; item limiters */
	int64_t base_ns, max_ns;    /* exponential; fast/slow delays for RL_FAST_SLOW */
	int max_fast;
	double qps; /* bucket */
	int burst;
	double tokens;
	int64_t last_ns;
	int started;
	struct kc_rate_limiter **subs; /* max-of */
	size_t nsubs;
};

static struct kc_rate_limiter *
rl_alloc(enum rl_type type, int per_item)
{
	struct kc_rate_limiter *rl = calloc(1, sizeof(*rl));

	if (rl == NULL)
		return NULL;
	rl->type = type;
	if (per_item && (rl->failures = kc_strmap_new()) == NULL) {
		free(rl);
		return NULL;
	}
	return rl;
}

struct kc_rate_limiter *
kc_rate_limiter_exponential_new(int64_t base_ns, int64_t max_ns)
{
	struct kc_rate_limiter *rl = rl_alloc(RL_EXPONENTIAL, 1);

	if (rl != NULL) {
		rl->base_ns = base_ns;
		rl->max_ns = max_ns;
	}
	return rl;
}

struct kc_rate_limiter *
kc_rate_limiter_fast_slow_new(int64_t fast_ns, int64_t slow_ns, int max_fast)
{
	struct kc_rate_limiter *rl = rl_alloc(RL_FAST_SLOW, 1);

	if (rl != NULL) {
		rl->base_ns = fast_ns;
		rl->max_ns = slow_ns;
		rl->max_fast = max_fast;
	}
	return rl;
}

struct kc_rate_limiter *
kc_rate_limiter_bucket_new(double qps, int burst)
{
	struct kc_rate_limiter *rl = rl_alloc(RL_BUCKET, 0);

	if (rl != NULL) {
		rl->qps = qps;
		rl->burst = burst;
	}
	return rl;
}

struct kc_rate_limiter *
kc_rate_limiter_max_of_new(struct kc_rate_limiter **limiters, size_t n)
{
	struct kc_rate_limiter *rl = rl_alloc(RL_MAX_OF, 0);

	if (rl != NULL)
		rl->subs = calloc(n > 0 ? n : 1, sizeof(*rl->subs));
	if (rl == NULL || rl->subs == NULL) {
		for (size_t i = 0; i < n; i++)
			kc_rate_limiter_free(limiters[i]);
		free(rl);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (limiters[i] == NULL) {
			/* A constructor failed while building the list: fail as a whole. */
			for (size_t j = 0; j < n; j++)
				kc_rate_limiter_free(limiters[j]);
			rl->nsubs = 0;
			return kc_rate_limiter_free(rl);
		}
		rl->subs[i] = limiters[i];
	}
	rl->nsubs = n;
	return rl;
}

struct kc_rate_limiter *
kc_rate_limiter_default_new(void)
{
	struct kc_rate_limiter *subs[2] = {
		kc_rate_limiter_exponential_new(5 * 1000000LL, 1000 * 1000000000LL),
		kc_rate_limiter_bucket_new(10, 100),
	};

	return kc_rate_limiter_max_of_new(subs, 2);
}

struct kc_rate_limiter *
kc_rate_limiter_free(struct kc_rate_limiter *rl)
{
	if (rl == NULL)
		return NULL;
	for (size_t i = 0; i < rl->nsubs; i++)
		kc_rate_limiter_free(rl->subs[i]);
	free(rl->subs);
	kc_strmap_free(rl->failures, NULL);
	free(rl);
	return NULL;
}

static int
failures_of(const struct kc_rate_limiter *rl, const char *key)
{
	return (int)(intptr_t)kc_strmap_get(rl->failures, key);
}

/* Records one more failure; returns the count before it. */
static int
failures_bump(struct kc_rate_limiter *rl, const char *key)
{
	int n = failures_of(rl, key);

	if (n < INT32_MAX)
		(void)kc_strmap_put(rl->failures, key, (void *)(intptr_t)(n + 1), NULL);
	return n;
}

static int64_t
exponential_when(struct kc_rate_limiter *rl, const char *key)
{
	int exp = failures_bump(rl, key);
	double backoff = ldexp((double)rl->base_ns, exp);

	if (backoff > (double)INT64_MAX || backoff > (double)rl->max_ns)
		return rl->max_ns;
	return (int64_t)backoff;
}

/*
 * golang.org/x/time/rate Reserve().Delay(): the bucket starts full, refills at qps, and a
 * reservation always succeeds, taking the tokens negative; the delay is the time until they are
 * back to zero.  qps <= 0 means no limit (rate.Inf).
 */
static int64_t
bucket_when(struct kc_rate_limiter *rl, int64_t now)
{
	if (rl->qps <= 0)
		return 0;
	if (!rl->started) {
		rl->tokens = rl->burst;
		rl->last_ns = now;
		rl->started = 1;
	} else if (now > rl->last_ns) {
		rl->tokens += (double)(now - rl->last_ns) * rl->qps / 1e9;
		if (rl->tokens > rl->burst)
			rl->tokens = rl->burst;
		rl->last_ns = now;
	}
	rl->tokens -= 1;
	if (rl->tokens >= 0)
		return 0;
	return (int64_t)ceil(-rl->tokens / rl->qps * 1e9);
}

int64_t
kc_rate_limiter_when(struct kc_rate_limiter *rl, const char *key, int64_t now)
{
	int64_t d = 0, sd;

	switch (rl->type) {
	case RL_EXPONENTIAL:
		return exponential_when(rl, key);
	case RL_FAST_SLOW:
		return failures_bump(rl, key) + 1 <= rl->max_fast ? rl->base_ns : rl->max_ns;
	case RL_BUCKET:
		return bucket_when(rl, now);
	case RL_MAX_OF:
		for (size_t i = 0; i < rl->nsubs; i++)
			if ((sd = kc_rate_limiter_when(rl->subs[i], key, now)) > d)
				d = sd;
		return d;
	}
	return 0;
}

void
kc_rate_limiter_forget(struct kc_rate_limiter *rl, const char *key)
{
	if (rl->failures != NULL)
		kc_strmap_remove(rl->failures, key, NULL);
	for (size_t i = 0; i < rl->nsubs; i++)
		kc_rate_limiter_forget(rl->subs[i], key);
}

int
kc_rate_limiter_num_requeues(const struct kc_rate_limiter *rl, const char *key)
{
	int n = rl->failures != NULL ? failures_of(rl, key) : 0, sn;

	for (size_t i = 0; i < rl->nsubs; i++)
		if ((sn = kc_rate_limiter_num_requeues(rl->subs[i], key)) > n)
			n = sn;
	return n;
}

/* ---- the queue ---- */

struct waiting {
	int64_t ready_ns;
	size_t index; /* in the heap */
	char *key;
};

struct kc_workqueue {
	struct event_base *base;
	char *name;
	kc_workqueue_sync_fn sync;
	void *arg;
	int workers;
	int max_retries;
	struct kc_rate_limiter *rl;

	char **ring; /* FIFO of queued keys (owned) */
	size_t head, len, cap;
	struct kc_strmap *dirty;      /* queued or re-added while processing */
	struct kc_strmap *processing; /* key -> the char * handed to sync (owned) */

	struct waiting **heap; /* min-heap on ready_ns */
	size_t nheap, heapcap;
	struct kc_strmap *waiting; /* key -> struct waiting * */

	struct event *dispatch_ev;
	struct event *delay_ev;
	int shutting_down;
	void (*drained)(void *arg);
	void *drained_arg;
	struct kc_workqueue_stats st;
};

static void dispatch_cb(evutil_socket_t fd, short what, void *arg);
static void delay_cb(evutil_socket_t fd, short what, void *arg);

static void
free_waiting(void *p)
{
	struct waiting *w = p;

	if (w != NULL)
		free(w->key);
	free(w);
}

struct kc_workqueue *
kc_workqueue_free(struct kc_workqueue *q)
{
	if (q == NULL)
		return NULL;
	if (q->dispatch_ev != NULL)
		event_free(q->dispatch_ev);
	if (q->delay_ev != NULL)
		event_free(q->delay_ev);
	for (size_t i = 0; i < q->len; i++)
		free(q->ring[(q->head + i) % q->cap]);
	free(q->ring);
	kc_strmap_free(q->dirty, NULL);
	kc_strmap_free(q->processing, free);
	kc_strmap_free(q->waiting, free_waiting);
	free(q->heap);
	kc_rate_limiter_free(q->rl);
	free(q->name);
	free(q);
	return NULL;
}

struct kc_workqueue *
kc_workqueue_new(struct event_base *base, const struct kc_workqueue_config *cfg)
{
	struct kc_workqueue *q;

	if (cfg == NULL || cfg->sync == NULL || base == NULL) {
		kc_rate_limiter_free(cfg != NULL ? cfg->rate_limiter : NULL);
		return NULL;
	}
	q = calloc(1, sizeof(*q));
	if (q == NULL) {
		kc_rate_limiter_free(cfg->rate_limiter);
		return NULL;
	}
	q->base = base;
	q->rl = cfg->rate_limiter != NULL ? cfg->rate_limiter : kc_rate_limiter_default_new();
	q->sync = cfg->sync;
	q->arg = cfg->arg;
	q->workers = cfg->workers > 0 ? cfg->workers : 1;
	q->max_retries =
		cfg->max_retries == 0 ? KC_WORKQUEUE_DEFAULT_MAX_RETRIES : cfg->max_retries;
	q->name = strdup(cfg->name != NULL ? cfg->name : "");
	q->dirty = kc_strmap_new();
	q->processing = kc_strmap_new();
	q->waiting = kc_strmap_new();
	q->dispatch_ev = evtimer_new(base, dispatch_cb, q);
	q->delay_ev = evtimer_new(base, delay_cb, q);
	if (q->rl == NULL || q->name == NULL || q->dirty == NULL || q->processing == NULL ||
	    q->waiting == NULL || q->dispatch_ev == NULL || q->delay_ev == NULL)
		return kc_workqueue_free(q);
	return q;
}

static void
schedule_dispatch(struct kc_workqueue *q)
{
	static const struct timeval zero = { 0, 0 };

	/* A zero timeout, not event_active(): it runs after the loop has polled for I/O. */
	if (!evtimer_pending(q->dispatch_ev, NULL))
		evtimer_add(q->dispatch_ev, &zero);
}

static int
ring_push(struct kc_workqueue *q, char *key)
{
	if (q->len == q->cap) {
		size_t ncap = q->cap > 0 ? q->cap * 2 : 16;
		char **nr = malloc(ncap * sizeof(*nr));

		if (nr == NULL)
			return KC_ERR_NOMEM;
		for (size_t i = 0; i < q->len; i++)
			nr[i] = q->ring[(q->head + i) % q->cap];
		free(q->ring);
		q->ring = nr;
		q->head = 0;
		q->cap = ncap;
	}
	q->ring[(q->head + q->len) % q->cap] = key;
	q->len++;
	return 0;
}

static char *
ring_pop(struct kc_workqueue *q)
{
	char *key = q->ring[q->head];

	q->head = (q->head + 1) % q->cap;
	q->len--;
	return key;
}

int
kc_workqueue_add(struct kc_workqueue *q, const char *key)
{
	char *copy;
	int r;

	if (q->shutting_down || key == NULL || kc_strmap_contains(q->dirty, key))
		return 0;
	r = kc_strmap_put(q->dirty, key, NULL, NULL);
	if (r < 0)
		return r;
	q->st.adds++;
	if (kc_strmap_contains(q->processing, key))
		return 0;
	copy = strdup(key);
	if (copy == NULL || ring_push(q, copy) < 0) {
		free(copy);
		kc_strmap_remove(q->dirty, key, NULL);
		return KC_ERR_NOMEM;
	}
	schedule_dispatch(q);
	return 1;
}

/* ---- the delay heap ---- */

static void
heap_swap(struct kc_workqueue *q, size_t i, size_t j)
{
	struct waiting *t = q->heap[i];

	q->heap[i] = q->heap[j];
	q->heap[j] = t;
	q->heap[i]->index = i;
	q->heap[j]->index = j;
}

static void
heap_up(struct kc_workqueue *q, size_t i)
{
	while (i > 0 && q->heap[(i - 1) / 2]->ready_ns > q->heap[i]->ready_ns) {
		heap_swap(q, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(struct kc_workqueue *q, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < q->nheap && q->heap[l]->ready_ns < q->heap[m]->ready_ns)
			m = l;
		if (r < q->nheap && q->heap[r]->ready_ns < q->heap[m]->ready_ns)
			m = r;
		if (m == i)
			return;
		heap_swap(q, i, m);
		i = m;
	}
}

static struct waiting *
heap_pop(struct kc_workqueue *q)
{
	struct waiting *top = q->heap[0];

	q->nheap--;
	if (q->nheap > 0) {
		q->heap[0] = q->heap[q->nheap];
		q->heap[0]->index = 0;
		heap_down(q, 0);
	}
	return top;
}

static void
arm_delay(struct kc_workqueue *q)
{
	struct timeval tv;

	if (q->nheap == 0) {
		evtimer_del(q->delay_ev);
		return;
	}
	tv = kc_clock_timeval(q->heap[0]->ready_ns - kc_clock_mono_ns());
	evtimer_add(q->delay_ev, &tv);
}

static int
heap_insert(struct kc_workqueue *q, const char *key, int64_t ready)
{
	struct waiting *w = kc_strmap_get(q->waiting, key);
	int r;

	if (w != NULL) {
		/* Upstream: only an earlier time moves a waiting key. */
		if (ready < w->ready_ns) {
			w->ready_ns = ready;
			heap_up(q, w->index);
			arm_delay(q);
		}
		return 0;
	}
	if (q->nheap == q->heapcap) {
		size_t ncap = q->heapcap > 0 ? q->heapcap * 2 : 16;
		struct waiting **nh = realloc(q->heap, ncap * sizeof(*nh));

		if (nh == NULL)
			return KC_ERR_NOMEM;
		q->heap = nh;
		q->heapcap = ncap;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL || (w->key = strdup(key)) == NULL) {
		free(w);
		return KC_ERR_NOMEM;
	}
	w->ready_ns = ready;
	r = kc_strmap_put(q->waiting, key, w, NULL);
	if (r < 0) {
		free_waiting(w);
		return r;
	}
	w->index = q->nheap;
	q->heap[q->nheap++] = w;
	heap_up(q, w->index);
	arm_delay(q);
	return 0;
}

static void
delay_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_workqueue *q = arg;
	int64_t now = kc_clock_mono_ns();

	while (q->nheap > 0 && q->heap[0]->ready_ns <= now) {
		struct waiting *w = heap_pop(q);

		kc_strmap_remove(q->waiting, w->key, NULL);
		if (kc_workqueue_add(q, w->key) < 0)
			kc_error("workqueue '%s': cannot queue '%s': out of memory, dropping",
				 q->name, w->key);
		free_waiting(w);
	}
	arm_delay(q);
}

int
kc_workqueue_add_after(struct kc_workqueue *q, const char *key, int64_t delay_ns)
{
	if (q->shutting_down || key == NULL)
		return 0;
	q->st.retries++;
	if (delay_ns <= 0) {
		int r = kc_workqueue_add(q, key);

		return r < 0 ? r : 0;
	}
	return heap_insert(q, key, kc_clock_mono_ns() + delay_ns);
}

int
kc_workqueue_add_rate_limited(struct kc_workqueue *q, const char *key)
{
	if (q->shutting_down || key == NULL)
		return 0;
	return kc_workqueue_add_after(q, key, kc_rate_limiter_when(q->rl, key, kc_clock_mono_ns()));
}

void
kc_workqueue_forget(struct kc_workqueue *q, const char *key)
{
	if (key != NULL)
		kc_rate_limiter_forget(q->rl, key);
}

int
kc_workqueue_num_requeues(const struct kc_workqueue *q, const char *key)
{
	return key != NULL ? kc_rate_limiter_num_requeues(q->rl, key) : 0;
}

/* ---- handing keys out ---- */

static void
maybe_drained(struct kc_workqueue *q)
{
	void (*fn)(void *) = q->drained;

	if (fn == NULL || !q->shutting_down || q->len > 0 || q->st.in_flight > 0)
		return;
	q->drained = NULL;
	fn(q->drained_arg);
}

static void
dispatch_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_workqueue *q = arg;
	int handed = 0;

	while (handed < q->workers && q->st.in_flight < (size_t)q->workers && q->len > 0) {
		char *key = ring_pop(q);

		kc_strmap_remove(q->dirty, key, NULL);
		if (kc_strmap_put(q->processing, key, key, NULL) < 0) {
			/* Keep the key: put it back and try on a later turn. */
			(void)kc_strmap_put(q->dirty, key, NULL, NULL);
			if (ring_push(q, key) < 0)
				free(key);
			break;
		}
		q->st.in_flight++;
		q->st.syncs++;
		handed++;
		q->sync(q->arg, key); /* may call kc_workqueue_done() at once */
	}
	if (q->len > 0 && q->st.in_flight < (size_t)q->workers)
		schedule_dispatch(q);
	maybe_drained(q);
}

/* Upstream handleErr(): forget on success, requeue rate-limited on failure up to max_retries. */
static void
handle_err(struct kc_workqueue *q, const char *key, int r)
{
	if (r >= 0) {
		kc_workqueue_forget(q, key);
		return;
	}
	q->st.failures++;
	if (q->max_retries < 0 || kc_workqueue_num_requeues(q, key) < q->max_retries) {
		kc_v(4, "workqueue '%s': error syncing '%s': %s, requeuing", q->name, key,
		     kc_strerror(r));
		if (kc_workqueue_add_rate_limited(q, key) < 0)
			kc_error("workqueue '%s': cannot requeue '%s': out of memory", q->name,
				 key);
		return;
	}
	kc_error("workqueue '%s': dropping '%s' out of the queue: %s", q->name, key,
		 kc_strerror(r));
	q->st.drops++;
	kc_workqueue_forget(q, key);
}

void
kc_workqueue_done(struct kc_workqueue *q, const char *key, int r)
{
	char *k;

	if (key == NULL || (k = kc_strmap_get(q->processing, key)) == NULL) {
		kc_v(4, "workqueue '%s': done for '%s' which is not in flight, ignoring", q->name,
		     key != NULL ? key : "(null)");
		return;
	}
	/* k stays valid until freed below, even when key == k. */
	handle_err(q, k, r);
	kc_strmap_remove(q->processing, k, NULL);
	q->st.in_flight--;
	if (kc_strmap_contains(q->dirty, k)) {
		if (ring_push(q, k) < 0) {
			kc_error("workqueue '%s': cannot requeue '%s': out of memory", q->name, k);
			kc_strmap_remove(q->dirty, k, NULL);
			free(k);
		}
	} else {
		free(k);
	}
	schedule_dispatch(q);
}

size_t
kc_workqueue_len(const struct kc_workqueue *q)
{
	return q->len;
}

void
kc_workqueue_stats(const struct kc_workqueue *q, struct kc_workqueue_stats *ret)
{
	*ret = q->st;
	ret->depth = q->len;
	ret->waiting = q->nheap;
}

void
kc_workqueue_shutdown(struct kc_workqueue *q)
{
	q->shutting_down = 1;
	/* The delaying queue's waiting loop stops: keys still waiting are never added. */
	while (q->nheap > 0) {
		struct waiting *w = heap_pop(q);

		kc_strmap_remove(q->waiting, w->key, NULL);
		free_waiting(w);
	}
	evtimer_del(q->delay_ev);
	schedule_dispatch(q);
}

void
kc_workqueue_shutdown_with_drain(struct kc_workqueue *q, void (*drained)(void *arg), void *arg)
{
	q->drained = drained;
	q->drained_arg = arg;
	kc_workqueue_shutdown(q);
}

int
kc_workqueue_shutting_down(const struct kc_workqueue *q)
{
	return q->shutting_down;
}
