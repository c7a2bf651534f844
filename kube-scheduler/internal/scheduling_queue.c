/*
 * scheduling_queue.c - activeQ, backoffQ, unschedulablePods and the nominator (upstream:
 * pkg/scheduler/internal/queue/scheduling_queue.go PriorityQueue, nominator.go,
 * backend/heap).  See scheduling_queue.h for the contract.
 *
 * Both heaps are binary heaps of struct sched_queued_pod pointers that keep each pod's index
 * (heap_index), so update/delete are O(log n).  Every pod the queue knows is in `pods` (uid ->
 * queued pod, in flight included); `unschedulable` indexes only unschedulablePods so a cluster
 * event walks those and nothing else.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-scheduler/internal/scheduling_queue.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"

struct pod_heap {
	struct sched_queued_pod **v;
	size_t n, alloc;
	/* nonzero when a goes above b */
	int (*before)(const struct scheduling_queue *q, const struct sched_queued_pod *a,
		      const struct sched_queued_pod *b);
};

struct nominated_node {
	struct sched_pod_info **pods;
	size_t n, alloc;
};

struct scheduling_queue {
	struct sched_queue_config cfg;
	struct sched_queue_ops ops;
	struct pod_heap active, backoff;
	struct kc_strmap *pods;          /* uid -> struct sched_queued_pod * (owned) */
	struct kc_strmap *unschedulable; /* uid -> struct sched_queued_pod * (borrowed) */
	size_t n_gated, n_in_flight;
	uint64_t move_request_cycle;
	uint64_t last_cycle;
	struct kc_strmap *nominated_by_node; /* node -> struct nominated_node * */
	struct kc_strmap *nominated_node_of; /* uid -> node name (strdup) */
	struct event *backoff_timer, *unschedulable_timer;
	void (*wakeup)(void *arg);
	void *wakeup_arg;
};

static int64_t
queue_now(const struct scheduling_queue *q)
{
	return q->cfg.now_ns ? q->cfg.now_ns() : kc_clock_mono_ns();
}

/* ---- heap ------------------------------------------------------------------------------- */

static void
heap_swap(struct pod_heap *h, size_t i, size_t j)
{
	struct sched_queued_pod *t = h->v[i];

	h->v[i] = h->v[j];
	h->v[j] = t;
	h->v[i]->heap_index = i;
	h->v[j]->heap_index = j;
}

static void
heap_up(const struct scheduling_queue *q, struct pod_heap *h, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!h->before(q, h->v[i], h->v[parent]))
			break;
		heap_swap(h, i, parent);
		i = parent;
	}
}

static void
heap_down(const struct scheduling_queue *q, struct pod_heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;

		if (l < h->n && h->before(q, h->v[l], h->v[best]))
			best = l;
		if (r < h->n && h->before(q, h->v[r], h->v[best]))
			best = r;
		if (best == i)
			return;
		heap_swap(h, i, best);
		i = best;
	}
}

static int
heap_push(const struct scheduling_queue *q, struct pod_heap *h, struct sched_queued_pod *qp)
{
	if (h->n == h->alloc) {
		size_t alloc = h->alloc ? h->alloc * 2 : 64;
		struct sched_queued_pod **v = realloc(h->v, alloc * sizeof(*v));

		if (!v)
			return KC_ERR_NOMEM;
		h->v = v;
		h->alloc = alloc;
	}
	qp->heap_index = h->n;
	h->v[h->n++] = qp;
	heap_up(q, h, qp->heap_index);
	return 0;
}

static void
heap_remove(const struct scheduling_queue *q, struct pod_heap *h, struct sched_queued_pod *qp)
{
	size_t i = qp->heap_index;

	if (i >= h->n || h->v[i] != qp)
		return;
	h->n--;
	if (i != h->n) {
		h->v[i] = h->v[h->n];
		h->v[i]->heap_index = i;
		heap_down(q, h, i);
		heap_up(q, h, i);
	}
}

static void
heap_fix(const struct scheduling_queue *q, struct pod_heap *h, struct sched_queued_pod *qp)
{
	heap_down(q, h, qp->heap_index);
	heap_up(q, h, qp->heap_index);
}

static int
active_before(const struct scheduling_queue *q, const struct sched_queued_pod *a,
	      const struct sched_queued_pod *b)
{
	if (q->ops.less)
		return q->ops.less(q->ops.arg, a, b);
	return a->timestamp_ns < b->timestamp_ns;
}

static int64_t
backoff_expiry(const struct scheduling_queue *q, const struct sched_queued_pod *qp)
{
	return qp->timestamp_ns + scheduling_queue_backoff_ns(q, qp->attempts);
}

static int
backoff_before(const struct scheduling_queue *q, const struct sched_queued_pod *a,
	       const struct sched_queued_pod *b)
{
	return backoff_expiry(q, a) < backoff_expiry(q, b);
}

/* ---- queued pods -------------------------------------------------------------------------- */

static void
queued_pod_free(struct sched_queued_pod *qp)
{
	if (!qp)
		return;
	sched_pod_info_unref(qp->pi);
	kc_strv_release(&qp->unschedulable_plugins);
	kc_strv_release(&qp->pending_plugins);
	free(qp);
}

int64_t
scheduling_queue_backoff_ns(const struct scheduling_queue *q, int attempts)
{
	int64_t d = q->cfg.initial_backoff_ns;

	for (int i = 1; i < attempts; i++) {
		if (d > q->cfg.max_backoff_ns / 2)
			return q->cfg.max_backoff_ns;
		d *= 2;
	}
	return d > q->cfg.max_backoff_ns ? q->cfg.max_backoff_ns : d;
}

static int
is_backing_off(const struct scheduling_queue *q, const struct sched_queued_pod *qp)
{
	return qp->attempts > 0 && backoff_expiry(q, qp) > queue_now(q);
}

/* Takes qp out of whatever sub-queue holds it (the `pods` index stays). */
static void
detach(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	switch (qp->where) {
	case SCHED_Q_ACTIVE:
		heap_remove(q, &q->active, qp);
		break;
	case SCHED_Q_BACKOFF:
		heap_remove(q, &q->backoff, qp);
		break;
	case SCHED_Q_UNSCHEDULABLE:
		kc_strmap_remove(q->unschedulable, qp->pi->uid, NULL);
		if (qp->gated)
			q->n_gated--;
		break;
	case SCHED_Q_IN_FLIGHT:
		q->n_in_flight--;
		break;
	case SCHED_Q_NONE:
		break;
	}
	qp->where = SCHED_Q_NONE;
}

static int
to_unschedulable(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	int r = kc_strmap_put(q->unschedulable, qp->pi->uid, qp, NULL);

	if (r < 0)
		return r;
	qp->where = SCHED_Q_UNSCHEDULABLE;
	qp->unschedulable_since_ns = queue_now(q);
	if (qp->gated)
		q->n_gated++;
	return 0;
}

static void
wake(struct scheduling_queue *q)
{
	if (q->wakeup)
		q->wakeup(q->wakeup_arg);
}

/*
 * moveToActiveQ: PreEnqueue first (a refused pod waits gated in unschedulablePods), then the
 * activeQ heap.  qp must be detached.
 */
static int
to_active(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	struct sched_status st = { 0 };
	enum sched_code code = SCHED_SUCCESS;
	int r;

	if (q->ops.pre_enqueue)
		code = q->ops.pre_enqueue(q->ops.arg, qp, &st);
	if (code != SCHED_SUCCESS) {
		qp->gated = 1;
		kc_strv_release(&qp->pending_plugins);
		r = st.plugin ? kc_strv_push(&qp->pending_plugins, st.plugin) : 0;
		kc_v(4, "Pod %s/%s is gated by PreEnqueue plugin %s", qp->pi->ns, qp->pi->name,
		     st.plugin ? st.plugin : "?");
		sched_status_reset(&st);
		return r < 0 ? r : to_unschedulable(q, qp);
	}
	sched_status_reset(&st);
	qp->gated = 0;
	r = heap_push(q, &q->active, qp);
	if (r < 0)
		return r;
	qp->where = SCHED_Q_ACTIVE;
	if (q->active.n == 1)
		wake(q);
	return 0;
}

static int
to_backoff(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	int r = heap_push(q, &q->backoff, qp);

	if (r == 0)
		qp->where = SCHED_Q_BACKOFF;
	return r;
}

/* Requeue a detached pod: backoffQ while it backs off, else activeQ. */
static int
to_active_or_backoff(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	if (is_backing_off(q, qp))
		return to_backoff(q, qp);
	return to_active(q, qp);
}

/* ---- nominator ------------------------------------------------------------------------------- */

static void
nominated_node_free(void *p)
{
	struct nominated_node *nn = p;

	if (!nn)
		return;
	for (size_t i = 0; i < nn->n; i++)
		sched_pod_info_unref(nn->pods[i]);
	free(nn->pods);
	free(nn);
}

void
scheduling_queue_unnominate(struct scheduling_queue *q, const char *uid)
{
	char *node = NULL;
	struct nominated_node *nn;

	if (kc_strmap_remove(q->nominated_node_of, uid, (void **)&node) < 0 || !node)
		return;
	nn = kc_strmap_get(q->nominated_by_node, node);
	for (size_t i = 0; nn && i < nn->n; i++) {
		if (strcmp(nn->pods[i]->uid, uid) != 0)
			continue;
		sched_pod_info_unref(nn->pods[i]);
		memmove(&nn->pods[i], &nn->pods[i + 1], (nn->n - i - 1) * sizeof(*nn->pods));
		nn->n--;
		break;
	}
	if (nn && nn->n == 0) {
		kc_strmap_remove(q->nominated_by_node, node, NULL);
		nominated_node_free(nn);
	}
	free(node);
}

int
scheduling_queue_nominate(struct scheduling_queue *q, struct sched_pod_info *pi, const char *node_name)
{
	struct nominated_node *nn;
	char *copy;

	scheduling_queue_unnominate(q, pi->uid);
	if (!node_name || !*node_name)
		return 0;
	nn = kc_strmap_get(q->nominated_by_node, node_name);
	if (!nn) {
		nn = calloc(1, sizeof(*nn));
		if (!nn || kc_strmap_put(q->nominated_by_node, node_name, nn, NULL) < 0) {
			free(nn);
			return KC_ERR_NOMEM;
		}
	}
	if (nn->n == nn->alloc) {
		size_t alloc = nn->alloc ? nn->alloc * 2 : 4;
		struct sched_pod_info **v = realloc(nn->pods, alloc * sizeof(*v));

		if (!v)
			return KC_ERR_NOMEM;
		nn->pods = v;
		nn->alloc = alloc;
	}
	copy = strdup(node_name);
	if (!copy || kc_strmap_put(q->nominated_node_of, pi->uid, copy, NULL) < 0) {
		free(copy);
		return KC_ERR_NOMEM;
	}
	nn->pods[nn->n++] = sched_pod_info_ref(pi);
	return 0;
}

size_t
scheduling_queue_nominated_pods(const struct scheduling_queue *q, const char *node_name,
				struct sched_pod_info *const **ret)
{
	/* Asked for every filtered node: without any nomination skip the lookup. */
	struct nominated_node *nn = kc_strmap_size(q->nominated_by_node) == 0
					    ? NULL : kc_strmap_get(q->nominated_by_node, node_name);

	*ret = nn ? nn->pods : NULL;
	return nn ? nn->n : 0;
}

/* The pod's status.nominatedNodeName keeps (or drops) its nomination. */
static void
nominate_from_status(struct scheduling_queue *q, struct sched_pod_info *pi)
{
	const char *node = kc_json_get_string(pi->pod, "status.nominatedNodeName", NULL);

	if (node && *node)
		scheduling_queue_nominate(q, pi, node);
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

static void
backoff_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	scheduling_queue_flush_backoff(arg);
}

static void
unschedulable_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	scheduling_queue_flush_unschedulable(arg);
}

static int
start_timers(struct scheduling_queue *q, struct event_base *base)
{
	struct timeval b = kc_clock_timeval(SCHED_QUEUE_BACKOFF_FLUSH_NS);
	struct timeval u = kc_clock_timeval(SCHED_QUEUE_UNSCHEDULABLE_FLUSH_NS);

	q->backoff_timer = event_new(base, -1, EV_PERSIST, backoff_timer_cb, q);
	q->unschedulable_timer = event_new(base, -1, EV_PERSIST, unschedulable_timer_cb, q);
	if (!q->backoff_timer || !q->unschedulable_timer)
		return KC_ERR_NOMEM;
	event_add(q->backoff_timer, &b);
	event_add(q->unschedulable_timer, &u);
	return 0;
}

struct scheduling_queue *
scheduling_queue_new(struct event_base *base, const struct sched_queue_config *cfg,
		     const struct sched_queue_ops *ops)
{
	struct scheduling_queue *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	if (cfg)
		q->cfg = *cfg;
	if (q->cfg.initial_backoff_ns <= 0)
		q->cfg.initial_backoff_ns = SCHED_QUEUE_INITIAL_BACKOFF_NS;
	if (q->cfg.max_backoff_ns <= 0)
		q->cfg.max_backoff_ns = SCHED_QUEUE_MAX_BACKOFF_NS;
	if (q->cfg.max_unschedulable_ns <= 0)
		q->cfg.max_unschedulable_ns = SCHED_QUEUE_MAX_UNSCHEDULABLE_NS;
	if (ops)
		q->ops = *ops;
	q->active.before = active_before;
	q->backoff.before = backoff_before;
	q->pods = kc_strmap_new();
	q->unschedulable = kc_strmap_new();
	q->nominated_by_node = kc_strmap_new();
	q->nominated_node_of = kc_strmap_new();
	if (!q->pods || !q->unschedulable || !q->nominated_by_node || !q->nominated_node_of ||
	    (base && start_timers(q, base) < 0))
		return scheduling_queue_free(q);
	return q;
}

struct scheduling_queue *
scheduling_queue_free(struct scheduling_queue *q)
{
	if (!q)
		return NULL;
	if (q->backoff_timer)
		event_free(q->backoff_timer);
	if (q->unschedulable_timer)
		event_free(q->unschedulable_timer);
	/* In-flight pods belong to the caller until given back; the rest are ours. */
	if (q->pods) {
		struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
		void *v;

		while (kc_strmap_next(q->pods, &it, NULL, &v))
			if (((struct sched_queued_pod *)v)->where != SCHED_Q_IN_FLIGHT)
				queued_pod_free(v);
	}
	kc_strmap_free(q->pods, NULL);
	kc_strmap_free(q->unschedulable, NULL);
	kc_strmap_free(q->nominated_by_node, nominated_node_free);
	kc_strmap_free(q->nominated_node_of, free);
	free(q->active.v);
	free(q->backoff.v);
	free(q);
	return NULL;
}

void
scheduling_queue_set_wakeup(struct scheduling_queue *q, void (*fn)(void *arg), void *arg)
{
	q->wakeup = fn;
	q->wakeup_arg = arg;
}

int
scheduling_queue_add(struct scheduling_queue *q, json_t *pod)
{
	struct sched_queued_pod *qp;
	const char *uid = kc_meta_uid(pod);
	int r;

	if (!uid)
		return KC_ERR_INVALID;
	if (kc_strmap_contains(q->pods, uid))
		return KC_ERR_ALREADY_EXISTS;
	qp = calloc(1, sizeof(*qp));
	if (!qp)
		return KC_ERR_NOMEM;
	qp->pi = sched_pod_info_new(pod);
	if (!qp->pi) {
		free(qp);
		return KC_ERR_NOMEM;
	}
	qp->timestamp_ns = qp->first_enqueue_ns = queue_now(q);
	r = kc_strmap_put(q->pods, qp->pi->uid, qp, NULL);
	if (r < 0) {
		queued_pod_free(qp);
		return r;
	}
	nominate_from_status(q, qp->pi);
	r = to_active(q, qp);
	if (r < 0) {
		kc_strmap_remove(q->pods, qp->pi->uid, NULL);
		scheduling_queue_unnominate(q, qp->pi->uid);
		queued_pod_free(qp);
	}
	return r;
}

static int
key_in(const char *key, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/* json_equal of two objects leaving out the `skip` members (both absent: equal). */
static int
equal_except(const json_t *a, const json_t *b, const char *const *skip)
{
	const char *key;
	json_t *v;
	size_t na = 0, nb = 0;

	if (!a || !b)
		return a == b;
	if (!json_is_object(a) || !json_is_object(b))
		return json_equal(a, b);
	json_object_foreach((json_t *)a, key, v) {
		if (key_in(key, skip))
			continue;
		if (!json_equal(v, json_object_get(b, key)))
			return 0;
		na++;
	}
	json_object_foreach((json_t *)b, key, v)
		if (!key_in(key, skip))
			nb++;
	return na == nb;
}

/*
 * isPodUpdated: anything but status, resourceVersion, generation and managedFields changed.
 * Compared in place (every bound pod comes back once as an update).
 */
static int
pod_spec_changed(const json_t *old_pod, const json_t *pod)
{
	static const char *const top_skip[] = { "status", "metadata", NULL };
	static const char *const meta_skip[] = { "resourceVersion", "generation", "managedFields", NULL };

	if (!old_pod)
		return 1;
	return !equal_except(old_pod, pod, top_skip) ||
	       !equal_except(json_object_get(old_pod, "metadata"), json_object_get(pod, "metadata"), meta_skip);
}

int
scheduling_queue_update(struct scheduling_queue *q, const json_t *old_pod, json_t *pod)
{
	const char *uid = kc_meta_uid(pod);
	struct sched_queued_pod *qp = uid ? kc_strmap_get(q->pods, uid) : NULL;
	int r;

	if (!qp)
		return scheduling_queue_add(q, pod);
	/* An in-flight pod's info may be shared with the cache (assumed): never change it under
	 * the NodeInfo that counted it.  The informer's next event brings the new state. */
	if (qp->where == SCHED_Q_IN_FLIGHT || qp->where == SCHED_Q_NONE)
		return 0;
	r = sched_pod_info_update(qp->pi, pod);
	if (r < 0)
		return r;
	nominate_from_status(q, qp->pi);
	switch (qp->where) {
	case SCHED_Q_ACTIVE:
		heap_fix(q, &q->active, qp);
		return 0;
	case SCHED_Q_BACKOFF:
		heap_fix(q, &q->backoff, qp);
		return 0;
	case SCHED_Q_UNSCHEDULABLE:
		if (!pod_spec_changed(old_pod, pod))
			return 0;
		/* An update of the pod itself may make it schedulable (UnscheduledPodUpdate). */
		detach(q, qp);
		return qp->gated ? to_active(q, qp) : to_active_or_backoff(q, qp);
	default:
		return 0;
	}
}

void
scheduling_queue_delete(struct scheduling_queue *q, const char *uid)
{
	struct sched_queued_pod *qp = kc_strmap_get(q->pods, uid);

	scheduling_queue_unnominate(q, uid);
	if (!qp)
		return;
	kc_strmap_remove(q->pods, uid, NULL);
	if (qp->where == SCHED_Q_IN_FLIGHT) {
		/* The caller still holds it; it is freed when given back. */
		q->n_in_flight--;
		qp->where = SCHED_Q_NONE;
		return;
	}
	detach(q, qp);
	queued_pod_free(qp);
}

struct sched_queued_pod *
scheduling_queue_pop(struct scheduling_queue *q, uint64_t cycle)
{
	struct sched_queued_pod *qp;

	if (q->active.n == 0)
		return NULL;
	qp = q->active.v[0];
	heap_remove(q, &q->active, qp);
	qp->where = SCHED_Q_IN_FLIGHT;
	q->n_in_flight++;
	qp->attempts++;
	qp->popped_cycle = cycle;
	if (cycle > q->last_cycle)
		q->last_cycle = cycle;
	if (!qp->initial_attempt_ns)
		qp->initial_attempt_ns = queue_now(q);
	return qp;
}

/* A pod given back after the informer deleted it is no longer indexed: free it. */
static int
forget_if_deleted(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	if (kc_strmap_get(q->pods, qp->pi->uid) == qp)
		return 0;
	queued_pod_free(qp);
	return 1;
}

void
scheduling_queue_add_unschedulable(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	int r;

	if (!qp || forget_if_deleted(q, qp))
		return;
	detach(q, qp);
	qp->timestamp_ns = queue_now(q);
	/*
	 * An error, a cluster event that arrived while the pod was in flight, or a rejection no
	 * plugin claimed (so no event could ever requeue it): backoffQ.  Else unschedulablePods.
	 */
	if (qp->last_error || q->move_request_cycle >= qp->popped_cycle ||
	    (qp->unschedulable_plugins.n == 0 && qp->pending_plugins.n == 0))
		r = to_backoff(q, qp);
	else
		r = to_unschedulable(q, qp);
	if (r < 0) {
		kc_error("scheduling queue: out of memory requeueing pod %s/%s", qp->pi->ns, qp->pi->name);
		kc_strmap_remove(q->pods, qp->pi->uid, NULL);
		queued_pod_free(qp);
	}
}

void
scheduling_queue_done(struct scheduling_queue *q, struct sched_queued_pod *qp)
{
	if (!qp || forget_if_deleted(q, qp))
		return;
	detach(q, qp);
	kc_strmap_remove(q->pods, qp->pi->uid, NULL);
	queued_pod_free(qp);
}

/* Collect the unschedulable pods first: moving them edits the map being walked. */
static size_t
collect_unschedulable(struct scheduling_queue *q, struct sched_queued_pod ***ret)
{
	size_t n = kc_strmap_size(q->unschedulable), i = 0;
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	void *v;

	*ret = NULL;
	if (n == 0)
		return 0;
	*ret = malloc(n * sizeof(**ret));
	if (!*ret)
		return 0;
	while (i < n && kc_strmap_next(q->unschedulable, &it, NULL, &v))
		(*ret)[i++] = v;
	return i;
}

static int
worth_requeuing(struct scheduling_queue *q, const struct sched_queued_pod *qp,
		const struct sched_cluster_event *ev, const json_t *old_obj, const json_t *new_obj)
{
	if (!ev)
		return 1; /* the unschedulable-timeout flush */
	if (qp->unschedulable_plugins.n == 0 && qp->pending_plugins.n == 0)
		return 1;
	if (!q->ops.requeue_hint)
		return 1;
	return q->ops.requeue_hint(q->ops.arg, qp, ev, old_obj, new_obj) == SCHED_QUEUE;
}

static size_t
move_pods(struct scheduling_queue *q, struct sched_queued_pod **pods, size_t n,
	  const struct sched_cluster_event *ev, const json_t *old_obj, const json_t *new_obj)
{
	size_t moved = 0;

	for (size_t i = 0; i < n; i++) {
		struct sched_queued_pod *qp = pods[i];

		if (!worth_requeuing(q, qp, ev, old_obj, new_obj))
			continue;
		detach(q, qp);
		/* A gated pod only goes back through PreEnqueue; others may still back off. */
		if ((qp->gated ? to_active(q, qp) : to_active_or_backoff(q, qp)) < 0) {
			kc_strmap_remove(q->pods, qp->pi->uid, NULL);
			queued_pod_free(qp);
			continue;
		}
		if (qp->where != SCHED_Q_UNSCHEDULABLE)
			moved++;
	}
	return moved;
}

size_t
scheduling_queue_move_all(struct scheduling_queue *q, const struct sched_cluster_event *ev,
			  const json_t *old_obj, const json_t *new_obj)
{
	struct sched_queued_pod **pods;
	size_t n = collect_unschedulable(q, &pods), moved;

	q->move_request_cycle = q->last_cycle;
	moved = move_pods(q, pods, n, ev, old_obj, new_obj);
	free(pods);
	return moved;
}

size_t
scheduling_queue_flush_backoff(struct scheduling_queue *q)
{
	size_t moved = 0;
	int64_t now = queue_now(q);

	while (q->backoff.n > 0 && backoff_expiry(q, q->backoff.v[0]) <= now) {
		struct sched_queued_pod *qp = q->backoff.v[0];

		detach(q, qp);
		if (to_active(q, qp) < 0) {
			kc_strmap_remove(q->pods, qp->pi->uid, NULL);
			queued_pod_free(qp);
			continue;
		}
		moved++;
	}
	return moved;
}

size_t
scheduling_queue_flush_unschedulable(struct scheduling_queue *q)
{
	struct sched_queued_pod **pods;
	size_t n = collect_unschedulable(q, &pods), k = 0, moved;
	int64_t now = queue_now(q);

	/* Gated pods wait for an update, never for the clock (as upstream). */
	for (size_t i = 0; i < n; i++)
		if (!pods[i]->gated && now - pods[i]->unschedulable_since_ns > q->cfg.max_unschedulable_ns)
			pods[k++] = pods[i];
	moved = move_pods(q, pods, k, NULL, NULL, NULL);
	free(pods);
	return moved;
}

void
scheduling_queue_counts(const struct scheduling_queue *q, struct scheduling_queue_counts *ret)
{
	ret->active = q->active.n;
	ret->backoff = q->backoff.n;
	ret->gated = q->n_gated;
	ret->unschedulable = kc_strmap_size(q->unschedulable) - q->n_gated;
	ret->in_flight = q->n_in_flight;
}

enum sched_queue_where
scheduling_queue_where(const struct scheduling_queue *q, const char *uid)
{
	struct sched_queued_pod *qp = kc_strmap_get(q->pods, uid);

	return qp ? qp->where : SCHED_Q_NONE;
}
