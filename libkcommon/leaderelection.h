/*
 * leaderelection.h - Lease-based leader election on one libevent loop (upstream: client-go
 * tools/leaderelection/leaderelection.go, resourcelock/leaselock.go).
 *
 * A candidate holds a coordination.k8s.io/v1 Lease (e.g. kube-system/kube-scheduler):
 *   - acquire: every retry period (jittered by up to 1.2x, wait.JitterUntil), GET the Lease;
 *     create it when absent; take it when its holder is empty or the lease has expired;
 *   - expiry is judged as upstream does, on the local monotonic clock: a lease is valid until
 *     leaseDurationSeconds after the moment this candidate last saw the record *change*
 *     (observedTime), never from the renewTime the holder wrote;
 *   - renew: every retry period the leader PUTs a fresh renewTime (first the cached Lease, the
 *     "optimistic" path; on failure a GET then PUT).  Failed renewals are retried every retry
 *     period; when none succeeded within the renew deadline, leadership is lost:
 *     on_stopped_leading runs (upstream daemons then exit);
 *   - a PUT that conflicts (409, someone else wrote the Lease) fails the attempt; the next one
 *     re-reads;
 *   - leaseTransitions grows by one whenever the holder changes; acquireTime and renewTime are
 *     MicroTime ("2006-01-02T15:04:05.000000Z", UTC);
 *   - stop (context cancel): with release_on_cancel a leader clears holderIdentity (and sets
 *     leaseDurationSeconds 1) so another candidate takes over at once; then on_stopped_leading.
 *
 * Callbacks run on the loop thread: on_started_leading once leadership is acquired;
 * on_stopped_leading exactly once per kc_leaderelection_run(), when leadership is lost or the
 * elector is stopped (also if it never led, as upstream's deferred OnStoppedLeading);
 * on_new_leader whenever the observed holder changes (also to "" after a release).  Only
 * on_stopped_leading may free the elector.
 */
#ifndef KC_LEADERELECTION_H
#define KC_LEADERELECTION_H

#include <stdint.h>

struct event_base;
struct kc_client;
struct kc_events;
struct kc_leaderelection;

#define KC_LEADERELECTION_LEASE_DURATION (15 * 1000000000LL)
#define KC_LEADERELECTION_RENEW_DEADLINE (10 * 1000000000LL)
#define KC_LEADERELECTION_RETRY_PERIOD   (2 * 1000000000LL)
#define KC_LEADERELECTION_JITTER_FACTOR  1.2

struct kc_leaderelection_config {
	const char *lease_namespace; /* "kube-system" */
	const char *lease_name;      /* "kube-scheduler" */
	const char *identity;        /* NULL = kc_leaderelection_default_identity() */
	int64_t lease_duration_ns;   /* 0 = 15 s; at least 1 s (the Lease holds whole seconds) */
	int64_t renew_deadline_ns;   /* 0 = 10 s */
	int64_t retry_period_ns;     /* 0 = 2 s */
	int release_on_cancel;
	const char *name;                      /* for log lines; NULL = the lease name */
	void (*on_started_leading)(void *arg); /* required */
	void (*on_stopped_leading)(void *arg); /* required */
	void (*on_new_leader)(void *arg, const char *identity); /* optional */
	void *arg;
	struct kc_events *events; /* optional: "<id> became leader" Events on the Lease */
};

/*
 * Checks a config as NewLeaderElector does; on failure returns KC_ERR_INVALID and *ret_msg
 * (static text, upstream's words, e.g. "leaseDuration must be greater than renewDeadline").
 */
int kc_leaderelection_validate(const struct kc_leaderelection_config *cfg, const char **ret_msg);

/* NULL for an invalid config (see _validate) or out of memory.  Strings are copied. */
struct kc_leaderelection *kc_leaderelection_new(struct event_base *base, struct kc_client *client,
						const struct kc_leaderelection_config *cfg);
/* Cancels requests and timers without callbacks or release; NULL-safe; returns NULL. */
struct kc_leaderelection *kc_leaderelection_free(struct kc_leaderelection *le);

/* Starts trying to acquire (upstream Run).  0; KC_ERR_INVALID when already running. */
int kc_leaderelection_run(struct kc_leaderelection *le);
/* Cancels the run: releases when configured and leading, then on_stopped_leading (from the loop). */
void kc_leaderelection_stop(struct kc_leaderelection *le);

/* 1 when the last observed record names this candidate (upstream IsLeader). */
int kc_leaderelection_is_leader(const struct kc_leaderelection *le);
/* The observed holder identity (borrowed; "" when none known). */
const char *kc_leaderelection_leader(const struct kc_leaderelection *le);
/* This candidate's identity (borrowed). */
const char *kc_leaderelection_identity(const struct kc_leaderelection *le);
/*
 * The healthz check (upstream Check): KC_ERR_TIMEOUT when leading but the lease was last seen
 * renewed more than lease duration + max_tolerable_expired_ns ago; else 0.
 */
int kc_leaderelection_check(const struct kc_leaderelection *le, int64_t max_tolerable_expired_ns);

/* "<hostname>_<uuid v4>" as kube-scheduler/kube-controller-manager build it; malloc()ed. */
char *kc_leaderelection_default_identity(void);

#endif
