/*
 * scheduler.h - the scheduler: informers, cache, queue, one framework per profile, the
 * scheduling loop and its metrics (upstream: pkg/scheduler/scheduler.go, eventhandlers.go,
 * schedule_one.go, metrics/metrics.go).
 *
 * scheduler_new() builds the frameworks from the config (through the plugin registry) and the
 * informers the enabled plugins need; scheduler_start_informers() lists and watches;
 * scheduler_run() starts scheduling (after leader election when enabled).  Everything runs on
 * the event loop: a scheduling cycle is synchronous (pop, snapshot, filter, score, assume,
 * reserve, permit), the binding cycle is asynchronous (PreBind, Bind over HTTP, PostBind), so
 * several bindings are in flight while the next pods are scheduled, as upstream's goroutines.
 */
#ifndef KUBE_SCHEDULER_SCHEDULER_H
#define KUBE_SCHEDULER_SCHEDULER_H

#include <stddef.h>
#include <stdint.h>

#include "kube-scheduler/config.h"
#include "kube-scheduler/framework/runtime.h"

struct event_base;
struct kc_client;
struct kc_metrics_registry;
struct scheduler;

struct scheduler_stats {
	uint64_t cycles, scheduled, unschedulable, errors, bind_errors;
	size_t bindings_in_flight;
};

/*
 * cfg is borrowed and must outlive the scheduler; lookup NULL = the built-in registry; metrics
 * may be NULL (no metrics).  NULL on failure with the reason in err.
 */
struct scheduler *scheduler_new(struct event_base *base, struct kc_client *client, const struct sched_config *cfg,
				sched_registry_lookup_fn lookup, struct kc_metrics_registry *metrics, char *err,
				size_t errlen);
struct scheduler *scheduler_free(struct scheduler *s);

int scheduler_start_informers(struct scheduler *s);
/* 1 when every informer has listed (WaitForCacheSync). */
int scheduler_informers_synced(const struct scheduler *s);
/* Start / stop scheduling pods (leadership). */
void scheduler_run(struct scheduler *s);
void scheduler_pause(struct scheduler *s);
void scheduler_stats(const struct scheduler *s, struct scheduler_stats *ret);

/* The framework of a schedulerName (borrowed) or NULL: pods of other schedulers are ignored. */
struct sched_framework *scheduler_framework_for(const struct scheduler *s, const char *scheduler_name);

/* ---- internals shared by scheduler.c and schedule_one.c ---------------------------------- */
struct sched_queued_pod;
/* One scheduling cycle for a popped pod (scheduleOne). */
void schedule_one(struct scheduler *s, struct sched_queued_pod *qp);

#endif
