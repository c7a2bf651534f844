/*
 * scheduling_queue.h - the scheduler's priority queue (upstream:
 * pkg/scheduler/internal/queue/scheduling_queue.go, nominator.go, heap).
 *
 * Three sub-queues hold every pod waiting to be scheduled, as upstream's PriorityQueue:
 *  - activeQ: a heap ordered by the profile's QueueSort plugin (ops->less); pop() takes its head;
 *  - backoffQ: pods that failed and wait out their backoff (podInitialBackoff doubling per
 *    attempt up to podMaxBackoff), a heap ordered by backoff expiry, flushed every second;
 *  - unschedulablePods: pods the plugins rejected; a cluster event moves them back when the
 *    rejecting plugins' queueing hints say it may help (ops->requeue_hint: upstream's
 *    isPodWorthRequeuing), and the flush moves those older than podMaxInUnschedulablePodsDuration
 *    (5 min) every 30 s regardless.
 * PreEnqueue plugins (scheduling gates) keep a pod out of activeQ: it stays in unschedulablePods
 * as "gated" until an update makes PreEnqueue pass.
 *
 * Ownership: the queue owns every struct sched_queued_pod it holds.  pop() hands one to the
 * caller (the pod is then "in flight"); the caller gives it back exactly once, with
 * scheduling_queue_add_unschedulable() after a failure or scheduling_queue_done() after success
 * (frees it).  The queue is single-threaded: call it from the loop only.
 */
#ifndef KUBE_SCHEDULER_INTERNAL_SCHEDULING_QUEUE_H
#define KUBE_SCHEDULER_INTERNAL_SCHEDULING_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-scheduler/framework/interface.h"
#include "libkcommon/strv.h"

struct event_base;

/* Upstream's defaults (DefaultPodInitialBackoffDuration, ...). */
#define SCHED_QUEUE_INITIAL_BACKOFF_NS (1LL * 1000000000)
#define SCHED_QUEUE_MAX_BACKOFF_NS (10LL * 1000000000)
#define SCHED_QUEUE_MAX_UNSCHEDULABLE_NS (5LL * 60 * 1000000000)
#define SCHED_QUEUE_BACKOFF_FLUSH_NS (1LL * 1000000000)
#define SCHED_QUEUE_UNSCHEDULABLE_FLUSH_NS (30LL * 1000000000)

enum sched_queue_where {
	SCHED_Q_NONE = 0,
	SCHED_Q_ACTIVE,
	SCHED_Q_BACKOFF,
	SCHED_Q_UNSCHEDULABLE,
	SCHED_Q_IN_FLIGHT,
};

/* framework.QueuedPodInfo */
struct sched_queued_pod {
	struct sched_pod_info *pi;          /* reference held */
	int64_t timestamp_ns;               /* last time it was added to a queue (sort + backoff) */
	int64_t initial_attempt_ns;         /* first pop; 0 before (SLI latency start) */
	int64_t first_enqueue_ns;           /* first time the queue saw it */
	int attempts;                       /* pops so far */
	int gated;                          /* a PreEnqueue plugin refused it */
	struct kc_strv unschedulable_plugins;
	struct kc_strv pending_plugins;
	enum sched_queue_where where;
	size_t heap_index;
	int64_t unschedulable_since_ns;
	uint64_t popped_cycle;              /* the scheduling cycle that popped it */
	int last_error;                     /* the last cycle ended with SCHED_ERROR */
};

struct sched_queue_ops {
	/* QueueSort.Less of the pod's profile: nonzero when a goes first. */
	int (*less)(void *arg, const struct sched_queued_pod *a, const struct sched_queued_pod *b);
	/* The profile's PreEnqueue plugins; NULL = always pass.  st->plugin names the refuser. */
	enum sched_code (*pre_enqueue)(void *arg, const struct sched_queued_pod *qp, struct sched_status *st);
	/* isPodWorthRequeuing: SCHED_QUEUE when one of qp's rejecting plugins' hints says the
	 * event may help.  NULL = always queue. */
	enum sched_hint (*requeue_hint)(void *arg, const struct sched_queued_pod *qp,
					const struct sched_cluster_event *ev, const json_t *old_obj,
					const json_t *new_obj);
	void *arg;
};

struct sched_queue_config {
	int64_t initial_backoff_ns;      /* 0 = 1 s */
	int64_t max_backoff_ns;          /* 0 = 10 s */
	int64_t max_unschedulable_ns;    /* 0 = 5 min */
	int64_t (*now_ns)(void);         /* NULL = kc_clock_mono_ns (tests inject a fake clock) */
};

struct scheduling_queue_counts {
	size_t active, backoff, unschedulable, gated, in_flight;
};

struct scheduling_queue;

/* base may be NULL (tests): then no flush timers run; call scheduling_queue_flush_*(). */
struct scheduling_queue *scheduling_queue_new(struct event_base *base, const struct sched_queue_config *cfg,
					      const struct sched_queue_ops *ops);
struct scheduling_queue *scheduling_queue_free(struct scheduling_queue *q);

/* Called whenever activeQ goes from empty to non-empty (the scheduler's wakeup). */
void scheduling_queue_set_wakeup(struct scheduling_queue *q, void (*fn)(void *arg), void *arg);

/* Add a new unscheduled pod (informer add).  0; KC_ERR_ALREADY_EXISTS when queued; KC_ERR_NOMEM. */
int scheduling_queue_add(struct scheduling_queue *q, json_t *pod);
/* Informer update of an unscheduled pod: refresh it where it sits; an unschedulable/gated pod
 * whose spec or labels changed is re-evaluated (PreEnqueue, then backoff/active).  A pod not
 * known yet is added. */
int scheduling_queue_update(struct scheduling_queue *q, const json_t *old_pod, json_t *pod);
/* Informer delete (or the pod got assigned): forget it; the nominator too. */
void scheduling_queue_delete(struct scheduling_queue *q, const char *uid);

/* Head of activeQ (ownership to the caller, now in flight) or NULL when empty. */
struct sched_queued_pod *scheduling_queue_pop(struct scheduling_queue *q, uint64_t cycle);
/* Give back a pod that failed (AddUnschedulableIfNotPresent): to backoffQ when it failed with an
 * error, when a move request arrived since it was popped, or when no plugin rejected it; else to
 * unschedulablePods.  A pod deleted while in flight is freed. */
void scheduling_queue_add_unschedulable(struct scheduling_queue *q, struct sched_queued_pod *qp);
/* The pod in flight was scheduled (or dropped): free it. */
void scheduling_queue_done(struct scheduling_queue *q, struct sched_queued_pod *qp);

/* MoveAllToActiveOrBackoffQueue: a cluster event; moves every unschedulable pod whose hints
 * say so. Returns how many moved. */
size_t scheduling_queue_move_all(struct scheduling_queue *q, const struct sched_cluster_event *ev,
				 const json_t *old_obj, const json_t *new_obj);
/* flushBackoffQCompleted / flushUnschedulablePodsLeftover, for the timers and tests. */
size_t scheduling_queue_flush_backoff(struct scheduling_queue *q);
size_t scheduling_queue_flush_unschedulable(struct scheduling_queue *q);

/* The backoff a pod with that many attempts waits (calculateBackoffDuration). */
int64_t scheduling_queue_backoff_ns(const struct scheduling_queue *q, int attempts);

void scheduling_queue_counts(const struct scheduling_queue *q, struct scheduling_queue_counts *ret);
/* Where the pod is (SCHED_Q_NONE when unknown). */
enum sched_queue_where scheduling_queue_where(const struct scheduling_queue *q, const char *uid);

/* Nominator: pods nominated to a node (status.nominatedNodeName, or set by preemption). */
int scheduling_queue_nominate(struct scheduling_queue *q, struct sched_pod_info *pi, const char *node_name);
void scheduling_queue_unnominate(struct scheduling_queue *q, const char *uid);
/* Borrowed array of the pods nominated to node_name; its length (0 = none). */
size_t scheduling_queue_nominated_pods(const struct scheduling_queue *q, const char *node_name,
				       struct sched_pod_info *const **ret);

#endif
