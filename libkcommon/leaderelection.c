/*
 * leaderelection.c - Lease lock leader election as an event-driven state machine (upstream:
 * client-go tools/leaderelection/leaderelection.go acquire/renew/release/tryAcquireOrRenew,
 * resourcelock/leaselock.go).  The blocking calls of tryAcquireOrRenew (Get, Create, Update) are
 * chained through request callbacks; wait.JitterUntil and wait.PollUntilContextTimeout become
 * timers: a retry timer between attempts and, while leading, a deadline timer per renew round.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/events.h"
#include "libkcommon/leaderelection.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"

static const struct kc_resource lease_resource = {
	.group = "coordination.k8s.io",
	.version = "v1",
	.resource = "leases",
	.kind = "Lease",
	.namespaced = 1,
};

/* resourcelock.LeaderElectionRecord */
struct record {
	char *holder;
	int64_t lease_duration_s;
	char *acquire_time;
	char *renew_time;
	int64_t transitions;
	char *strategy;
	char *preferred_holder;
};

enum phase {
	PHASE_IDLE,
	PHASE_ACQUIRING,
	PHASE_LEADING,
	PHASE_RELEASING,
};

/* Which request of tryAcquireOrRenew (or release) is in flight. */
enum step {
	STEP_OPTIMISTIC_UPDATE,
	STEP_GET,
	STEP_CREATE,
	STEP_UPDATE,
	STEP_RELEASE,
	STEP_RELEASE_GET, /* the release conflicted: re-read, then try once more */
};

struct kc_leaderelection {
	struct event_base *base;
	struct kc_client *client;
	struct kc_events *events;
	char *ns, *lease_name, *identity, *name;
	int64_t lease_duration_ns, renew_deadline_ns, retry_period_ns;
	int release_on_cancel;
	void (*on_started_leading)(void *arg);
	void (*on_stopped_leading)(void *arg);
	void (*on_new_leader)(void *arg, const char *identity);
	void *arg;

	enum phase phase;
	int stopping; /* stop requested or leadership lost: finish the run */
	struct record observed;
	char *observed_raw;       /* the spec as last read, to notice changes */
	int64_t observed_time_ns; /* CLOCK_MONOTONIC */
	char *reported_leader;
	json_t *lease; /* the Lease as last read or written (ll.lease) */

	struct record pending; /* what the attempt in flight will write */
	enum step step;
	int64_t attempt_now_ns;
	int release_reread;
	struct kc_request *req;

	struct event *retry_ev;    /* next attempt / next renew round */
	struct event *deadline_ev; /* renew deadline, release timeout */
	struct event *stopped_ev;  /* deferred on_stopped_leading */
};

static void attempt_start(struct kc_leaderelection *le);
static void finish_run(struct kc_leaderelection *le);

char *
kc_leaderelection_default_identity(void)
{
	char host[256], uuid[KC_META_UID_BUFSZ];
	char *id;

	if (gethostname(host, sizeof(host)) < 0)
		return NULL;
	host[sizeof(host) - 1] = '\0';
	if (kc_meta_new_uid(uuid, sizeof(uuid)) < 0 || asprintf(&id, "%s_%s", host, uuid) < 0)
		return NULL;
	return id;
}

/* ---- records ---- */

static void
record_release(struct record *r)
{
	free(r->holder);
	free(r->acquire_time);
	free(r->renew_time);
	free(r->strategy);
	free(r->preferred_holder);
	memset(r, 0, sizeof(*r));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static int
record_copy(struct record *dst, const struct record *src)
{
	struct record r = {
		.holder = dup_or_null(src->holder),
		.lease_duration_s = src->lease_duration_s,
		.acquire_time = dup_or_null(src->acquire_time),
		.renew_time = dup_or_null(src->renew_time),
		.transitions = src->transitions,
		.strategy = dup_or_null(src->strategy),
		.preferred_holder = dup_or_null(src->preferred_holder),
	};

	if ((src->holder != NULL && r.holder == NULL) ||
	    (src->acquire_time != NULL && r.acquire_time == NULL) ||
	    (src->renew_time != NULL && r.renew_time == NULL) ||
	    (src->strategy != NULL && r.strategy == NULL) ||
	    (src->preferred_holder != NULL && r.preferred_holder == NULL)) {
		record_release(&r);
		return KC_ERR_NOMEM;
	}
	record_release(dst);
	*dst = r;
	return 0;
}

static const char *
spec_string(const json_t *spec, const char *field)
{
	return json_string_value(json_object_get(spec, field));
}

/* LeaseSpecToLeaderElectionRecord */
static int
record_from_spec(struct record *r, const json_t *spec)
{
	struct record tmp = {
		.holder = spec_string(spec, "holderIdentity") != NULL
				  ? strdup(spec_string(spec, "holderIdentity"))
				  : strdup(""),
		.lease_duration_s =
			json_integer_value(json_object_get(spec, "leaseDurationSeconds")),
		.acquire_time = dup_or_null(spec_string(spec, "acquireTime")),
		.renew_time = dup_or_null(spec_string(spec, "renewTime")),
		.transitions = json_integer_value(json_object_get(spec, "leaseTransitions")),
		.strategy = dup_or_null(spec_string(spec, "strategy")),
		.preferred_holder = dup_or_null(spec_string(spec, "preferredHolder")),
	};

	if (tmp.holder == NULL) {
		record_release(&tmp);
		return KC_ERR_NOMEM;
	}
	record_release(r);
	*r = tmp;
	return 0;
}

static int
set_or_null(json_t *o, const char *k, const char *v)
{
	return v != NULL ? json_object_set_new(o, k, json_string(v)) : 0;
}

/* LeaderElectionRecordToLeaseSpec */
static json_t *
spec_from_record(const struct record *r)
{
	json_auto_t *spec =
		json_pack("{s:s, s:I, s:I}", "holderIdentity", r->holder != NULL ? r->holder : "",
			  "leaseDurationSeconds", (json_int_t)r->lease_duration_s,
			  "leaseTransitions", (json_int_t)r->transitions);

	if (spec == NULL || set_or_null(spec, "acquireTime", r->acquire_time) < 0 ||
	    set_or_null(spec, "renewTime", r->renew_time) < 0)
		return NULL;
	if (r->preferred_holder != NULL && *r->preferred_holder != '\0' &&
	    set_or_null(spec, "preferredHolder", r->preferred_holder) < 0)
		return NULL;
	if (r->strategy != NULL && *r->strategy != '\0' &&
	    set_or_null(spec, "strategy", r->strategy) < 0)
		return NULL;
	return kc_take_ptr(spec);
}

/* setObservedRecord(): also restarts observedTime. */
static void
set_observed(struct kc_leaderelection *le, const struct record *r)
{
	if (record_copy(&le->observed, r) < 0)
		kc_v(2, "%s: cannot record the observed lease: out of memory", le->name);
	le->observed_time_ns = kc_clock_mono_ns();
}

int
kc_leaderelection_is_leader(const struct kc_leaderelection *le)
{
	return le->observed.holder != NULL && strcmp(le->observed.holder, le->identity) == 0;
}

const char *
kc_leaderelection_leader(const struct kc_leaderelection *le)
{
	return le->observed.holder != NULL ? le->observed.holder : "";
}

const char *
kc_leaderelection_identity(const struct kc_leaderelection *le)
{
	return le->identity;
}

static int
lease_valid(const struct kc_leaderelection *le, int64_t now)
{
	return le->observed_time_ns + le->observed.lease_duration_s * KC_NSEC_PER_SEC > now;
}

int
kc_leaderelection_check(const struct kc_leaderelection *le, int64_t max_tolerable_expired_ns)
{
	if (!kc_leaderelection_is_leader(le))
		return 0;
	if (kc_clock_mono_ns() - le->observed_time_ns >
	    le->lease_duration_ns + max_tolerable_expired_ns)
		return KC_ERR_TIMEOUT;
	return 0;
}

static void
maybe_report_transition(struct kc_leaderelection *le)
{
	const char *holder = kc_leaderelection_leader(le);

	if (le->reported_leader != NULL && strcmp(le->reported_leader, holder) == 0)
		return;
	free(le->reported_leader);
	le->reported_leader = strdup(holder);
	if (le->on_new_leader != NULL)
		le->on_new_leader(le->arg, holder);
}

static void
record_event(struct kc_leaderelection *le, const char *what)
{
	json_auto_t *subject = NULL;

	if (le->events == NULL)
		return;
	subject =
		json_pack("{s:s, s:s, s:{s:s, s:s, s:O*}}", "apiVersion", "coordination.k8s.io/v1",
			  "kind", "Lease", "metadata", "name", le->lease_name, "namespace", le->ns,
			  "uid", json_object_get(json_object_get(le->lease, "metadata"), "uid"));
	if (subject != NULL)
		kc_events_eventf(le->events, subject, "Normal", "LeaderElection", "%s %s",
				 le->identity, what);
}

/* ---- requests ---- */

static void response_cb(void *arg, const struct kc_response *resp);

static void
keep_lease(struct kc_leaderelection *le, json_t *lease)
{
	if (!json_is_object(lease))
		return;
	json_decref(le->lease);
	le->lease = json_incref(lease);
}

/* Sends the pending record: as a new Lease (create) or into the cached one (update). */
static int
send_record(struct kc_leaderelection *le, enum step step)
{
	json_auto_t *spec = spec_from_record(&le->pending);
	json_auto_t *obj = NULL;

	if (spec == NULL)
		return KC_ERR_NOMEM;
	le->step = step;
	if (step == STEP_CREATE) {
		obj = json_pack("{s:s, s:s, s:{s:s, s:s}, s:O}", "apiVersion",
				"coordination.k8s.io/v1", "kind", "Lease", "metadata", "name",
				le->lease_name, "namespace", le->ns, "spec", spec);
		if (obj == NULL)
			return KC_ERR_NOMEM;
		le->req =
			kc_client_create(le->client, &lease_resource, le->ns, obj, response_cb, le);
	} else {
		if (le->lease == NULL)
			return KC_ERR_INVALID; /* "lease not initialized, call get or create first" */
		obj = json_copy(le->lease);    /* shallow: only spec is replaced */
		if (obj == NULL || json_object_set(obj, "spec", spec) < 0)
			return KC_ERR_NOMEM;
		le->req = kc_client_update(le->client, &lease_resource, le->ns, obj, NULL,
					   response_cb, le);
	}
	return le->req != NULL ? 0 : KC_ERR_NOMEM;
}

static void attempt_done(struct kc_leaderelection *le, int ok);

static void
send_get(struct kc_leaderelection *le)
{
	le->step = STEP_GET;
	le->req =
		kc_client_get(le->client, &lease_resource, le->ns, le->lease_name, response_cb, le);
	if (le->req == NULL) {
		kc_error("error retrieving resource lock %s/%s: out of memory", le->ns,
			 le->lease_name);
		attempt_done(le, 0);
	}
}

/* The new record for this attempt: ours, with the times of now. */
static int
pending_init(struct kc_leaderelection *le)
{
	char now[KC_META_TIME_BUFSZ];

	kc_meta_micro_time_format(kc_clock_real_ns(), now, sizeof(now));
	record_release(&le->pending);
	le->pending.holder = strdup(le->identity);
	le->pending.acquire_time = strdup(now);
	le->pending.renew_time = strdup(now);
	le->pending.lease_duration_s = le->lease_duration_ns / KC_NSEC_PER_SEC;
	if (le->pending.holder == NULL || le->pending.acquire_time == NULL ||
	    le->pending.renew_time == NULL)
		return KC_ERR_NOMEM;
	return 0;
}

static int
pending_keep_acquire(struct kc_leaderelection *le, const struct record *old)
{
	free(le->pending.acquire_time);
	le->pending.acquire_time = dup_or_null(old->acquire_time);
	le->pending.transitions = old->transitions;
	return old->acquire_time != NULL && le->pending.acquire_time == NULL ? KC_ERR_NOMEM : 0;
}

/* tryAcquireOrRenew, first half: the optimistic update or the GET. */
static void
attempt_start(struct kc_leaderelection *le)
{
	le->attempt_now_ns = kc_clock_mono_ns();
	if (pending_init(le) < 0) {
		attempt_done(le, 0);
		return;
	}
	if (kc_leaderelection_is_leader(le) && lease_valid(le, le->attempt_now_ns) &&
	    le->lease != NULL) {
		if (pending_keep_acquire(le, &le->observed) == 0 &&
		    send_record(le, STEP_OPTIMISTIC_UPDATE) == 0)
			return;
	}
	send_get(le);
}

/* tryAcquireOrRenew, after the GET: decide whether we may write. */
static void
after_get(struct kc_leaderelection *le, const struct kc_response *resp)
{
	struct record got = { 0 };
	json_t *spec = json_object_get(resp->body, "spec");
	KC_AUTOFREE char *raw = NULL;
	int r;

	if (resp->r == KC_ERR_NOT_FOUND) {
		if ((r = send_record(le, STEP_CREATE)) < 0) {
			kc_error("error initially creating leader election record: %s",
				 kc_strerror(r));
			attempt_done(le, 0);
		}
		return;
	}
	if (resp->r < 0 || record_from_spec(&got, spec) < 0) {
		kc_error("error retrieving resource lock %s/%s: %s", le->ns, le->lease_name,
			 resp->r < 0 ? resp->message : "out of memory");
		attempt_done(le, 0);
		return;
	}
	keep_lease(le, resp->body);
	raw = json_dumps(spec != NULL ? spec : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
	if (raw == NULL || le->observed_raw == NULL || strcmp(raw, le->observed_raw) != 0) {
		set_observed(le, &got);
		free(le->observed_raw);
		le->observed_raw = kc_take_ptr(raw);
	}
	if (*got.holder != '\0' && lease_valid(le, le->attempt_now_ns) &&
	    !kc_leaderelection_is_leader(le)) {
		kc_v(4, "lock is held by %s and has not yet expired", got.holder);
		record_release(&got);
		attempt_done(le, 0);
		return;
	}
	r = 0;
	if (kc_leaderelection_is_leader(le))
		r = pending_keep_acquire(le, &got);
	else
		le->pending.transitions = got.transitions + 1;
	record_release(&got);
	if (r < 0 || (r = send_record(le, STEP_UPDATE)) < 0) {
		kc_error("Failed to update lock: %s", kc_strerror(r));
		attempt_done(le, 0);
	}
}

static void release_done(struct kc_leaderelection *le, int ok);

static void
response_cb(void *arg, const struct kc_response *resp)
{
	struct kc_leaderelection *le = arg;
	const char *holder;

	le->req = NULL;
	switch (le->step) {
	case STEP_OPTIMISTIC_UPDATE:
		if (resp->r >= 0) {
			keep_lease(le, resp->body);
			set_observed(le, &le->pending);
			attempt_done(le, 1);
			return;
		}
		kc_error("Failed to update lock optimistically: %s, falling back to slow path",
			 resp->message);
		send_get(le);
		return;
	case STEP_GET:
		after_get(le, resp);
		return;
	case STEP_CREATE:
	case STEP_UPDATE:
		if (resp->r < 0) {
			if (le->step == STEP_CREATE)
				kc_error("error initially creating leader election record: %s",
					 resp->message);
			else
				kc_error("Failed to update lock: %s", resp->message);
			attempt_done(le, 0);
			return;
		}
		keep_lease(le, resp->body);
		set_observed(le, &le->pending);
		attempt_done(le, 1);
		return;
	case STEP_RELEASE:
		if (resp->r == KC_ERR_CONFLICT && !le->release_reread) {
			/*
			 * Our cached Lease is stale, typically because a renew canceled by the stop
			 * had already reached the server: re-read, and release if it is still ours.
			 */
			le->release_reread = 1;
			le->step = STEP_RELEASE_GET;
			le->req = kc_client_get(le->client, &lease_resource, le->ns, le->lease_name,
						response_cb, le);
			if (le->req == NULL)
				release_done(le, 0);
			return;
		}
		if (resp->r < 0) {
			kc_error("Failed to release lock: %s", resp->message);
			release_done(le, 0);
			return;
		}
		keep_lease(le, resp->body);
		set_observed(le, &le->pending);
		release_done(le, 1);
		return;
	case STEP_RELEASE_GET:
		holder = spec_string(json_object_get(resp->body, "spec"), "holderIdentity");
		if (resp->r < 0 || holder == NULL || strcmp(holder, le->identity) != 0) {
			kc_error("Failed to release lock: %s",
				 resp->r < 0 ? resp->message : "the lease is held by someone else");
			release_done(le, 0);
			return;
		}
		keep_lease(le, resp->body);
		if (send_record(le, STEP_RELEASE) < 0)
			release_done(le, 0);
		return;
	}
}

/* ---- the run: acquire, renew, release ---- */

static void
arm(struct event *ev, int64_t ns)
{
	struct timeval tv = kc_clock_timeval(ns);

	evtimer_add(ev, &tv);
}

static void
cancel_request(struct kc_leaderelection *le)
{
	if (le->req != NULL) {
		kc_request_cancel(le->req);
		le->req = NULL;
	}
}

static void
start_leading(struct kc_leaderelection *le)
{
	le->phase = PHASE_LEADING;
	record_event(le, "became leader");
	kc_info("successfully acquired lease %s/%s", le->ns, le->lease_name);
	arm(le->retry_ev, 0); /* wait.Until runs the first renew round at once */
	le->on_started_leading(le->arg);
}

static void
lost_leadership(struct kc_leaderelection *le, const char *why)
{
	kc_info("failed to renew lease %s/%s: %s", le->ns, le->lease_name, why);
	evtimer_del(le->retry_ev);
	evtimer_del(le->deadline_ev);
	cancel_request(le);
	finish_run(le);
}

static void
attempt_done(struct kc_leaderelection *le, int ok)
{
	maybe_report_transition(le);
	if (le->phase == PHASE_ACQUIRING) {
		if (!ok) {
			kc_v(4, "failed to acquire lease %s/%s", le->ns, le->lease_name);
			/* wait.JitterUntil(retryPeriod, JitterFactor, sliding) */
			arm(le->retry_ev,
			    kc_clock_jitter(le->retry_period_ns, KC_LEADERELECTION_JITTER_FACTOR));
			return;
		}
		start_leading(le);
		return;
	}
	if (le->phase != PHASE_LEADING)
		return;
	if (ok) {
		kc_v(5, "successfully renewed lease %s/%s", le->ns, le->lease_name);
		evtimer_del(le->deadline_ev);
		arm(le->retry_ev, le->retry_period_ns);
		return;
	}
	/* PollUntilContextTimeout: try again after a retry period, unless the deadline comes. */
	arm(le->retry_ev, le->retry_period_ns);
}

static void
retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_leaderelection *le = arg;

	if (le->phase == PHASE_LEADING && !evtimer_pending(le->deadline_ev, NULL))
		arm(le->deadline_ev, le->renew_deadline_ns); /* a new renew round */
	attempt_start(le);
}

static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_leaderelection *le = arg;

	if (le->phase == PHASE_RELEASING) {
		cancel_request(le);
		kc_error("Failed to release lock: timed out waiting for the condition");
		release_done(le, 0);
		return;
	}
	if (le->phase == PHASE_LEADING)
		lost_leadership(le, "timed out waiting for the condition");
}

static void
stopped_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_leaderelection *le = arg;

	le->on_stopped_leading(le->arg);
}

static void
end_run(struct kc_leaderelection *le)
{
	static const struct timeval zero = { 0, 0 };

	le->phase = PHASE_IDLE;
	le->stopping = 0;
	evtimer_add(le->stopped_ev, &zero);
}

static void
release_done(struct kc_leaderelection *le, int ok)
{
	evtimer_del(le->deadline_ev);
	maybe_report_transition(le);
	end_run(le);
}

/* release(): clear the holder so that another candidate need not wait for expiry. */
static void
release(struct kc_leaderelection *le)
{
	char now[KC_META_TIME_BUFSZ];
	int64_t transitions = le->observed.transitions;

	kc_meta_micro_time_format(kc_clock_real_ns(), now, sizeof(now));
	record_release(&le->pending);
	le->pending.holder = strdup("");
	le->pending.lease_duration_s = 1;
	le->pending.renew_time = strdup(now);
	le->pending.acquire_time = strdup(now);
	le->pending.transitions = transitions;
	le->phase = PHASE_RELEASING;
	le->release_reread = 0;
	arm(le->deadline_ev, le->renew_deadline_ns);
	if (le->pending.holder == NULL || le->pending.renew_time == NULL ||
	    le->pending.acquire_time == NULL || send_record(le, STEP_RELEASE) < 0) {
		kc_error("Failed to release lock: %s", kc_strerror(KC_ERR_NOMEM));
		release_done(le, 0);
	}
}

/* The end of Run(): after leading, record the event and maybe release; then the callback. */
static void
finish_run(struct kc_leaderelection *le)
{
	int was_leading = le->phase == PHASE_LEADING;

	if (was_leading)
		record_event(le, "stopped leading");
	if (was_leading && le->release_on_cancel && kc_leaderelection_is_leader(le) &&
	    le->lease != NULL) {
		release(le);
		return;
	}
	end_run(le);
}

int
kc_leaderelection_run(struct kc_leaderelection *le)
{
	if (le->phase != PHASE_IDLE || evtimer_pending(le->stopped_ev, NULL))
		return KC_ERR_INVALID;
	kc_info("attempting to acquire leader lease %s/%s...", le->ns, le->lease_name);
	le->phase = PHASE_ACQUIRING;
	attempt_start(le);
	return 0;
}

void
kc_leaderelection_stop(struct kc_leaderelection *le)
{
	if (le->phase == PHASE_IDLE || le->phase == PHASE_RELEASING || le->stopping)
		return;
	le->stopping = 1;
	evtimer_del(le->retry_ev);
	evtimer_del(le->deadline_ev);
	cancel_request(le);
	finish_run(le);
}

/* ---- construction ---- */

int
kc_leaderelection_validate(const struct kc_leaderelection_config *cfg, const char **ret_msg)
{
	int64_t lease = cfg->lease_duration_ns > 0 ? cfg->lease_duration_ns
						   : KC_LEADERELECTION_LEASE_DURATION;
	int64_t renew = cfg->renew_deadline_ns > 0 ? cfg->renew_deadline_ns
						   : KC_LEADERELECTION_RENEW_DEADLINE;
	int64_t retry =
		cfg->retry_period_ns > 0 ? cfg->retry_period_ns : KC_LEADERELECTION_RETRY_PERIOD;
	const char *msg = NULL;

	if (cfg->lease_duration_ns < 0)
		msg = "leaseDuration must be greater than zero";
	else if (cfg->renew_deadline_ns < 0)
		msg = "renewDeadline must be greater than zero";
	else if (cfg->retry_period_ns < 0)
		msg = "retryPeriod must be greater than zero";
	else if (lease <= renew)
		msg = "leaseDuration must be greater than renewDeadline";
	else if ((double)renew <= KC_LEADERELECTION_JITTER_FACTOR * (double)retry)
		msg = "renewDeadline must be greater than retryPeriod*JitterFactor";
	else if (lease < KC_NSEC_PER_SEC)
		msg = "leaseDuration must be at least 1s";
	else if (cfg->on_started_leading == NULL)
		msg = "OnStartedLeading callback must not be nil";
	else if (cfg->on_stopped_leading == NULL)
		msg = "OnStoppedLeading callback must not be nil";
	else if (cfg->lease_namespace == NULL || *cfg->lease_namespace == '\0' ||
		 cfg->lease_name == NULL || *cfg->lease_name == '\0')
		msg = "Lock must not be nil.";
	else if (cfg->identity != NULL && *cfg->identity == '\0')
		msg = "Lock identity is empty";
	if (msg == NULL)
		return 0;
	if (ret_msg != NULL)
		*ret_msg = msg;
	return KC_ERR_INVALID;
}

struct kc_leaderelection *
kc_leaderelection_free(struct kc_leaderelection *le)
{
	if (le == NULL)
		return NULL;
	cancel_request(le);
	if (le->retry_ev != NULL)
		event_free(le->retry_ev);
	if (le->deadline_ev != NULL)
		event_free(le->deadline_ev);
	if (le->stopped_ev != NULL)
		event_free(le->stopped_ev);
	record_release(&le->observed);
	record_release(&le->pending);
	json_decref(le->lease);
	free(le->observed_raw);
	free(le->reported_leader);
	free(le->ns);
	free(le->lease_name);
	free(le->identity);
	free(le->name);
	free(le);
	return NULL;
}

struct kc_leaderelection *
kc_leaderelection_new(struct event_base *base, struct kc_client *client,
		      const struct kc_leaderelection_config *cfg)
{
	struct kc_leaderelection *le;

	if (base == NULL || client == NULL || cfg == NULL ||
	    kc_leaderelection_validate(cfg, NULL) < 0)
		return NULL;
	le = calloc(1, sizeof(*le));
	if (le == NULL)
		return NULL;
	le->base = base;
	le->client = client;
	le->events = cfg->events;
	le->ns = strdup(cfg->lease_namespace);
	le->lease_name = strdup(cfg->lease_name);
	le->identity = cfg->identity != NULL ? strdup(cfg->identity)
					     : kc_leaderelection_default_identity();
	le->name = strdup(cfg->name != NULL ? cfg->name : cfg->lease_name);
	le->lease_duration_ns = cfg->lease_duration_ns > 0 ? cfg->lease_duration_ns
							   : KC_LEADERELECTION_LEASE_DURATION;
	le->renew_deadline_ns = cfg->renew_deadline_ns > 0 ? cfg->renew_deadline_ns
							   : KC_LEADERELECTION_RENEW_DEADLINE;
	le->retry_period_ns =
		cfg->retry_period_ns > 0 ? cfg->retry_period_ns : KC_LEADERELECTION_RETRY_PERIOD;
	le->release_on_cancel = cfg->release_on_cancel;
	le->on_started_leading = cfg->on_started_leading;
	le->on_stopped_leading = cfg->on_stopped_leading;
	le->on_new_leader = cfg->on_new_leader;
	le->arg = cfg->arg;
	le->retry_ev = evtimer_new(base, retry_cb, le);
	le->deadline_ev = evtimer_new(base, deadline_cb, le);
	le->stopped_ev = evtimer_new(base, stopped_cb, le);
	if (le->ns == NULL || le->lease_name == NULL || le->identity == NULL || le->name == NULL ||
	    le->retry_ev == NULL || le->deadline_ev == NULL || le->stopped_ev == NULL)
		return kc_leaderelection_free(le);
	return le;
}
