/*
 * events.h - the core/v1 Event recorder (upstream: client-go tools/record/event.go,
 * events_cache.go).
 *
 * kc_events_eventf(ev, obj, "Warning", "FailedCreate", "...") records an Event about obj, as
 * recorder.Eventf does: a core/v1 Event named "<object name>.<hex UnixNano>" in the object's
 * namespace ("default" for cluster-scoped objects) with involvedObject, reason, message, type,
 * source {component, host}, firstTimestamp/lastTimestamp, count, reportingComponent and
 * reportingInstance.  Events are written in the background on the loop, one request at a time,
 * through the EventCorrelator's three steps:
 *   - aggregation: after 10 events within 10 minutes that differ only in message for the same
 *     object and reason, one "(combined from similar events): <message>" event stands for them;
 *   - deduplication: an event identical to one already written (same source, object, type,
 *     reason and message) is not created again; its count is raised and lastTimestamp moved by a
 *     strategic merge PATCH (or a create when the old Event is gone);
 *   - spam filter: per source and object a token bucket (burst 25, refilling one every 5 minutes)
 *     drops what exceeds it.
 * At most 1000 events wait (more are dropped, as the broadcaster's queue); an event the server
 * rejects with a Status is not retried; one that cannot reach it is retried up to 12 times,
 * 10 s apart (the first wait randomized).
 *
 * obj is either a full object (with apiVersion, kind, metadata.name/namespace/uid/
 * resourceVersion) or an ObjectReference ({apiVersion, kind, name, namespace, uid, fieldPath}).
 * It is read during the call only.  Everything runs on the loop thread.
 */
#ifndef KC_EVENTS_H
#define KC_EVENTS_H

#include <stdint.h>

#include <jansson.h>

struct event_base;
struct kc_client;
struct kc_events;

struct kc_events_config {
	const char *component; /* source.component, reportingComponent ("kube-scheduler") */
	const char *host;      /* source.host, reportingInstance (kubelet: the node name) */
	/* Tuning; 0 = upstream's value.  Tests shorten these. */
	double spam_qps;               /* 1/300 */
	int spam_burst;                /* 25 */
	int cache_size;                /* 4096 entries per LRU cache */
	int aggregate_max_events;      /* 10 */
	int64_t aggregate_interval_ns; /* 600 s */
	int64_t retry_sleep_ns;        /* 10 s */
	int max_tries;                 /* 12 */
	int max_queued;                /* 1000 */
	/* events written at once (1: tools/record's one at a time; tools/events, which the
	 * scheduler and kube-proxy use upstream, starts a goroutine per event) */
	int max_in_flight;             /* 1 */
};

struct kc_events_stats {
	uint64_t created; /* POSTs that succeeded */
	uint64_t patched; /* count++ PATCHes that succeeded */
	uint64_t skipped; /* dropped by the spam filter */
	uint64_t dropped; /* queue full, bad type, object without a reference */
	uint64_t failed;  /* gave up: rejected by the server or out of tries */
	uint64_t retries; /* sends retried after a transport error */
	size_t queued;    /* waiting, including those being written */
	size_t in_flight; /* being written now */
};

/* NULL on out of memory or without a component.  client must outlive the recorder. */
struct kc_events *kc_events_new(struct event_base *base, struct kc_client *client,
				const struct kc_events_config *cfg);
/* Cancels the request in flight and drops what is queued; NULL-safe; returns NULL. */
struct kc_events *kc_events_free(struct kc_events *ev);

/* type: "Normal" or "Warning" (anything else is dropped with a log line, as upstream). */
void kc_events_event(struct kc_events *ev, const json_t *obj, const char *type, const char *reason,
		     const char *message);
void kc_events_eventf(struct kc_events *ev, const json_t *obj, const char *type, const char *reason,
		      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

void kc_events_stats(const struct kc_events *ev, struct kc_events_stats *ret);

#endif
