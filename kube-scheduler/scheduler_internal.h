/*
 * scheduler_internal.h - struct scheduler, shared by scheduler.c (setup, informer handlers,
 * metrics) and schedule_one.c (the cycle); not for other files (upstream: the Scheduler struct
 * of pkg/scheduler/scheduler.go).
 */
#ifndef KUBE_SCHEDULER_SCHEDULER_INTERNAL_H
#define KUBE_SCHEDULER_SCHEDULER_INTERNAL_H

#include "kube-scheduler/internal/cache.h"
#include "kube-scheduler/internal/scheduling_queue.h"
#include "kube-scheduler/scheduler.h"

struct event;
struct kc_events;
struct kc_informer;
struct kc_metric;
struct sched_interner;

enum sched_informer_kind {
	SCHED_INF_PODS,
	SCHED_INF_NODES,
	SCHED_INF_NAMESPACES,
	SCHED_INF_PDBS,
	SCHED_INF_SERVICES,
	SCHED_INF_REPLICASETS,
	SCHED_INF_STATEFULSETS,
	SCHED_INF_RCS,
	SCHED_INF_PVCS,
	SCHED_INF_PVS,
	SCHED_INF_STORAGE_CLASSES,
	SCHED_INF_COUNT,
};

struct scheduler {
	struct event_base *base;
	struct kc_client *client;
	const struct sched_config *cfg;
	struct sched_framework **fws;
	size_t n_fws;
	struct scheduling_queue *queue;
	struct sched_cache *cache;
	struct sched_cache_snapshot *snap;
	struct kc_events *events;
	struct kc_informer *informers[SCHED_INF_COUNT];
	/* What each informer's transform is told: the scheduler and which informer it is. */
	struct sched_transform {
		struct scheduler *s;
		enum sched_informer_kind kind;
	} transforms[SCHED_INF_COUNT];
	/* Identical subtrees of kept pods and nodes, shared (internal/intern.h). */
	struct sched_interner *interner;
	struct event *kick, *cleanup_timer;
	int running;
	uint64_t cycle;
	struct scheduler_stats stats;
	/* metrics (NULL without a registry) */
	struct kc_metric *m_attempts, *m_attempt_duration, *m_pending, *m_sli, *m_e2e_attempts;
};

/* Metrics helpers (scheduler.c). */
void scheduler_observe_attempt(struct scheduler *s, const char *result, const char *profile, double seconds);
void scheduler_observe_scheduled(struct scheduler *s, const struct sched_queued_pod *qp);
void scheduler_update_pending(struct scheduler *s);
/* A binding cycle ended: one less in flight; schedules more pods. */
void scheduler_binding_finished(struct scheduler *s);

#endif
