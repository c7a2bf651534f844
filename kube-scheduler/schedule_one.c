/*
 * schedule_one.c - one pod's scheduling cycle and binding cycle (upstream:
 * pkg/scheduler/schedule_one.go scheduleOne, schedulingCycle, bindingCycle, schedulePod,
 * handleSchedulingFailure, updatePod).
 *
 * The scheduling cycle is synchronous: snapshot, PreFilter, Filter (nominated node first),
 * PostFilter on failure, Score, assume into the cache, Reserve, Permit.  The binding cycle is
 * asynchronous (Bind talks to the apiserver): PreBind, Bind, then FinishBinding + PostBind and
 * the Scheduled event, or on failure Unreserve + ForgetPod and the failure handler.  The failure
 * handler requeues the pod with the plugins that rejected it, records the FailedScheduling event
 * and patches PodScheduled=False (and nominatedNodeName after preemption) through pods/status.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-scheduler/scheduler_internal.h"
#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/events.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

static const struct kc_resource pods_resource = { "", "v1", "pods", "Pod", 1 };

#define NO_NODES_MSG "no nodes available to schedule pods"

struct binding_cycle {
	struct scheduler *s;
	struct sched_framework *fw;
	struct sched_cycle_state *cs;
	struct sched_queued_pod *qp;
	char *node;
	int64_t start_ns;
	struct event *permit_timer;
	char *permit_plugin;
	int64_t permit_timeout_ms;
	size_t evaluated, feasible;
};

static void
binding_cycle_free(struct binding_cycle *bc)
{
	if (!bc)
		return;
	if (bc->permit_timer)
		event_free(bc->permit_timer);
	sched_cycle_state_free(bc->cs);
	free(bc->node);
	free(bc->permit_plugin);
	free(bc);
}

static char *
status_message(const struct sched_status *st)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	for (size_t i = 0; i < st->n_reasons; i++)
		kc_strbuf_addf(&sb, "%s%s", i ? ", " : "", st->reasons[i]);
	return kc_strbuf_detach(&sb, NULL);
}

/* ---- the failure handler -------------------------------------------------------------------- */

static void
patch_done(void *arg, const struct kc_response *resp)
{
	char *key = arg;

	if (resp->r < 0 && resp->r != KC_ERR_NOT_FOUND)
		kc_error("Error updating pod %s: %s", key, resp->message);
	free(key);
}

/* podutil.UpdatePodCondition: is the PodScheduled condition already this? */
static int
condition_unchanged(const json_t *pod, const char *reason, const char *msg, const char *nominated)
{
	json_t *cond = kc_meta_find_condition(kc_json_get_array(pod, "status.conditions"), "PodScheduled");
	const char *cur_nominated = kc_json_get_string(pod, "status.nominatedNodeName", "");

	if (nominated && strcmp(nominated, cur_nominated) != 0)
		return 0;
	return cond && strcmp(kc_json_get_string(cond, "status", ""), "False") == 0 &&
	       strcmp(kc_json_get_string(cond, "reason", ""), reason) == 0 &&
	       strcmp(kc_json_get_string(cond, "message", ""), msg) == 0;
}

static void
patch_pod_status(struct scheduler *s, const json_t *pod, const char *reason, const char *msg, const char *nominated)
{
	char now[KC_META_TIME_BUFSZ];
	json_t *patch;

	if (!s->client || condition_unchanged(pod, reason, msg, nominated))
		return;
	kc_meta_time_format(kc_meta_now(), now, sizeof(now));
	patch = json_pack("{s:{s:[{s:s, s:s, s:n, s:s, s:s, s:s}]}}", "status", "conditions", "type", "PodScheduled",
			  "status", "False", "lastProbeTime", "lastTransitionTime", now, "reason", reason, "message", msg);
	if (!patch)
		return;
	if (nominated)
		json_object_set_new(json_object_get(patch, "status"), "nominatedNodeName", json_string(nominated));
	kc_client_patch(s->client, &pods_resource, kc_meta_namespace(pod), kc_meta_name(pod), "status",
			"application/strategic-merge-patch+json", patch, patch_done, kc_meta_key(pod));
	json_decref(patch);
}

/*
 * handleSchedulingFailure: requeue (with the rejecting plugins for the hints), remember a
 * nomination, record the event, patch the condition.  Takes qp back into the queue.
 */
static void
handle_failure(struct scheduler *s, struct sched_framework *fw, struct sched_queued_pod *qp, enum sched_code code,
	       const char *msg, const struct kc_strv *plugins, const char *nominated, int64_t start_ns)
{
	json_t *pod = json_incref(qp->pi->pod);
	const char *reason = code == SCHED_ERROR ? "SchedulerError" : "Unschedulable";

	scheduler_observe_attempt(s, code == SCHED_ERROR ? "error" : "unschedulable", fw->profile_name,
				  (double)(kc_clock_mono_ns() - start_ns) / 1e9);
	if (code == SCHED_ERROR)
		s->stats.errors++;
	else
		s->stats.unschedulable++;
	qp->last_error = code == SCHED_ERROR;
	kc_strv_release(&qp->unschedulable_plugins);
	for (size_t i = 0; plugins && i < plugins->n; i++)
		kc_strv_push(&qp->unschedulable_plugins, plugins->v[i]);
	if (nominated)
		scheduling_queue_nominate(s->queue, qp->pi, nominated);
	kc_v(2, "Unable to schedule pod; no fit; waiting pod=\"%s/%s\" err=\"%s\"", qp->pi->ns, qp->pi->name, msg);
	scheduling_queue_add_unschedulable(s->queue, qp);
	if (s->events)
		kc_events_event(s->events, pod, "Warning", "FailedScheduling", msg);
	patch_pod_status(s, pod, reason, msg, nominated);
	json_decref(pod);
}

/* ---- binding cycle ------------------------------------------------------------------------------ */

static void
binding_failed(struct binding_cycle *bc, enum sched_code code, const char *msg, const char *plugin)
{
	struct scheduler *s = bc->s;
	struct kc_strv plugins = KC_STRV_INIT;
	struct sched_cluster_event ev = { SCHED_EV_ASSIGNED_POD, SCHED_ACT_DELETE };

	sched_framework_run_unreserve(bc->fw, bc->cs, bc->qp->pi, bc->node);
	sched_cache_forget_pod(s->cache, bc->qp->pi->uid);
	/* The resources it held are free again (upstream: AssignedPodDelete). */
	scheduling_queue_move_all(s->queue, &ev, bc->qp->pi->pod, NULL);
	if (plugin && code != SCHED_ERROR)
		kc_strv_push(&plugins, plugin);
	if (code == SCHED_ERROR)
		s->stats.bind_errors++;
	handle_failure(s, bc->fw, bc->qp, code, msg, &plugins, NULL, bc->start_ns);
	kc_strv_release(&plugins);
	binding_cycle_free(bc);
	scheduler_binding_finished(s);
}

static void
bind_done(void *arg, enum sched_code code, const struct sched_status *st)
{
	struct binding_cycle *bc = arg;
	struct scheduler *s = bc->s;
	struct sched_queued_pod *qp = bc->qp;
	int64_t now = kc_clock_mono_ns();

	if (code != SCHED_SUCCESS) {
		char *msg = st ? status_message(st) : NULL;

		binding_failed(bc, SCHED_ERROR, msg && *msg ? msg : "binding failed", st ? st->plugin : NULL);
		free(msg);
		return;
	}
	sched_cache_finish_binding(s->cache, qp->pi->uid);
	scheduler_observe_attempt(s, "scheduled", bc->fw->profile_name, (double)(now - bc->start_ns) / 1e9);
	scheduler_observe_scheduled(s, qp);
	s->stats.scheduled++;
	kc_v(2, "Successfully bound pod to node pod=\"%s/%s\" node=\"%s\" evaluatedNodes=%zu feasibleNodes=%zu attempt=\"%.6fs\" latency=\"%.6fs\"",
	     qp->pi->ns, qp->pi->name, bc->node, bc->evaluated, bc->feasible, (double)(now - bc->start_ns) / 1e9,
	     (double)(now - qp->first_enqueue_ns) / 1e9);
	if (s->events)
		kc_events_eventf(s->events, qp->pi->pod, "Normal", "Scheduled", "Successfully assigned %s/%s to %s",
				 qp->pi->ns, qp->pi->name, bc->node);
	sched_framework_run_post_bind(bc->fw, bc->cs, qp->pi, bc->node);
	scheduling_queue_unnominate(s->queue, qp->pi->uid);
	scheduling_queue_done(s->queue, qp);
	binding_cycle_free(bc);
	scheduler_binding_finished(s);
}

static void
binding_cycle_run(struct binding_cycle *bc)
{
	struct sched_status st = { 0 };

	if (sched_framework_run_pre_bind(bc->fw, bc->cs, bc->qp->pi, bc->node, &st) != SCHED_SUCCESS) {
		char *msg = status_message(&st);

		binding_failed(bc, SCHED_ERROR, msg ? msg : "PreBind failed", st.plugin);
		free(msg);
		sched_status_reset(&st);
		return;
	}
	sched_status_reset(&st);
	sched_framework_run_bind(bc->fw, bc->cs, bc->qp->pi, bc->node, bind_done, bc);
}

static void
permit_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct binding_cycle *bc = arg;
	char msg[512];

	snprintf(msg, sizeof(msg), "rejected due to timeout after waiting %lldms at plugin %s",
		 (long long)bc->permit_timeout_ms, bc->permit_plugin ? bc->permit_plugin : "");
	binding_failed(bc, SCHED_UNSCHEDULABLE, msg, bc->permit_plugin);
}

/* ---- scheduling cycle --------------------------------------------------------------------------- */

struct cycle_result {
	struct sched_node_info *node;
	size_t evaluated, feasible;
	struct sched_diagnosis diag;
	char *error;                 /* set for SCHED_ERROR */
};

static enum sched_code
pre_filter_failed(struct cycle_result *res, enum sched_code code, struct sched_status *st)
{
	char *msg = status_message(st);

	if (code == SCHED_ERROR) {
		res->error = kc_strfmt("running PreFilter plugin %s: %s", st->plugin ? st->plugin : "", msg ? msg : "");
		free(msg);
		return SCHED_ERROR;
	}
	res->diag.pre_filter_msg = msg;
	if (st->plugin)
		kc_strv_push(&res->diag.unschedulable_plugins, st->plugin);
	return code;
}

/* evaluateNominatedNode: a pod nominated by an earlier preemption tries that node first. */
static struct sched_node_info *
try_nominated_node(struct sched_framework *fw, struct sched_cycle_state *cs, const struct sched_pod_info *pi,
		   const struct sched_snapshot *snap)
{
	const char *nn = kc_json_get_string(pi->pod, "status.nominatedNodeName", NULL);
	struct sched_node_info *ni;
	struct sched_status st = { 0 };
	enum sched_code code;

	if (!nn || !*nn || !(ni = sched_snapshot_get(snap, nn)))
		return NULL;
	code = sched_framework_run_filter_with_nominated(fw, cs, pi, ni, &st);
	sched_status_reset(&st);
	return code == SCHED_SUCCESS ? ni : NULL;
}

static enum sched_code
score_and_select(struct sched_framework *fw, struct sched_cycle_state *cs, const struct sched_pod_info *pi,
		 struct sched_node_info **feasible, size_t n, struct cycle_result *res)
{
	struct sched_node_score *scores = NULL;
	struct sched_status st = { 0 };
	enum sched_code code;

	if (n == 1) {
		res->node = feasible[0];
		return SCHED_SUCCESS;
	}
	code = sched_framework_run_score(fw, cs, pi, feasible, n, &scores, &st);
	if (code != SCHED_SUCCESS) {
		char *msg = status_message(&st);

		res->error = kc_strfmt("running Score plugins: %s", msg ? msg : "");
		free(msg);
		sched_status_reset(&st);
		return SCHED_ERROR;
	}
	res->node = feasible[sched_select_host(scores, n)];
	free(scores);
	return SCHED_SUCCESS;
}

/* schedulePod: a node for the pod, or why not. */
static enum sched_code
schedule_pod(struct scheduler *s, struct sched_framework *fw, struct sched_cycle_state *cs,
	     const struct sched_pod_info *pi, struct cycle_result *res)
{
	const struct sched_snapshot *snap = &s->snap->s;
	struct kc_strmap *subset = NULL;
	struct sched_node_info **feasible = NULL, *nominated;
	struct sched_status st = { 0 };
	size_t n = 0;
	enum sched_code code;

	res->diag.n_all_nodes = snap->n_nodes;
	if (snap->n_nodes == 0)
		return SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE;
	code = sched_framework_run_pre_filter(fw, cs, pi, snap, &subset, &st);
	if (code != SCHED_SUCCESS) {
		code = pre_filter_failed(res, code, &st);
		sched_status_reset(&st);
		return code;
	}
	if (subset && kc_strmap_size(subset) == 0) {
		kc_strmap_free(subset, NULL);
		res->diag.pre_filter_msg = strdup("node(s) didn't satisfy plugin(s) PreFilter result");
		return SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE;
	}
	nominated = try_nominated_node(fw, cs, pi, snap);
	if (nominated) {
		kc_strmap_free(subset, NULL);
		res->node = nominated;
		res->evaluated = res->feasible = 1;
		return SCHED_SUCCESS;
	}
	if (sched_framework_find_feasible(fw, cs, pi, snap, subset, &feasible, &n, &res->diag) < 0) {
		kc_strmap_free(subset, NULL);
		res->error = kc_strfmt("running Filter plugins: %s",
				       res->diag.n_statuses ? res->diag.statuses[res->diag.n_statuses - 1].status.reasons
								? res->diag.statuses[res->diag.n_statuses - 1].status.reasons[0] : "error"
							    : "out of memory");
		return SCHED_ERROR;
	}
	kc_strmap_free(subset, NULL);
	res->evaluated = n + res->diag.n_statuses;
	res->feasible = n;
	if (n == 0) {
		free(feasible);
		return SCHED_UNSCHEDULABLE;
	}
	code = score_and_select(fw, cs, pi, feasible, n, res);
	free(feasible);
	return code;
}

/* PostFilter (preemption) after a FitError: its message and the nominated node, if any. */
static char *
run_post_filter(struct sched_framework *fw, struct sched_cycle_state *cs, const struct sched_pod_info *pi,
		struct cycle_result *res)
{
	struct sched_postfilter_result pf = { 0 };
	struct sched_status st = { 0 };
	enum sched_code code;

	if (!sched_framework_has_point(fw, SCHED_EP_POST_FILTER))
		return NULL;
	code = sched_framework_run_post_filter(fw, cs, pi, &res->diag, &pf, &st);
	if (code != SCHED_SUCCESS && st.n_reasons)
		res->diag.post_filter_msg = status_message(&st);
	sched_status_reset(&st);
	if (code != SCHED_SUCCESS) {
		free(pf.nominated_node_name);
		return NULL;
	}
	return pf.nominated_node_name;
}

static void
cycle_failed(struct scheduler *s, struct sched_framework *fw, struct sched_cycle_state *cs,
	     struct sched_queued_pod *qp, enum sched_code code, struct cycle_result *res, int64_t start_ns)
{
	char *nominated = NULL, *msg;

	if (code == SCHED_ERROR) {
		handle_failure(s, fw, qp, code, res->error ? res->error : "internal error", NULL, NULL, start_ns);
		return;
	}
	if (res->diag.n_all_nodes == 0) {
		handle_failure(s, fw, qp, code, NO_NODES_MSG, NULL, NULL, start_ns);
		return;
	}
	nominated = run_post_filter(fw, cs, qp->pi, res);
	msg = sched_diagnosis_message(&res->diag);
	handle_failure(s, fw, qp, code, msg ? msg : "", &res->diag.unschedulable_plugins, nominated, start_ns);
	free(msg);
	free(nominated);
}

/* Assume, Reserve, Permit; then the binding cycle.  Takes cs. */
static void
commit_to_node(struct scheduler *s, struct sched_framework *fw, struct sched_cycle_state *cs,
	       struct sched_queued_pod *qp, const struct cycle_result *res, int64_t start_ns)
{
	struct binding_cycle *bc = calloc(1, sizeof(*bc));
	struct sched_status st = { 0 };
	enum sched_code code;
	int64_t timeout_ms = 0;
	int r;

	if (!bc || !(bc->node = strdup(res->node->name))) {
		free(bc);
		sched_cycle_state_free(cs);
		handle_failure(s, fw, qp, SCHED_ERROR, "out of memory", NULL, NULL, start_ns);
		return;
	}
	*bc = (struct binding_cycle){ .s = s, .fw = fw, .cs = cs, .qp = qp, .node = bc->node,
				      .start_ns = start_ns, .evaluated = res->evaluated, .feasible = res->feasible };
	s->stats.bindings_in_flight++;
	r = sched_cache_assume_pod(s->cache, qp->pi, bc->node);
	if (r < 0) {
		char msg[128];

		snprintf(msg, sizeof(msg), "assuming pod: %s", kc_strerror(r));
		s->stats.bindings_in_flight--;
		handle_failure(s, fw, qp, SCHED_ERROR, msg, NULL, NULL, start_ns);
		binding_cycle_free(bc);
		return;
	}
	code = sched_framework_run_reserve(fw, cs, qp->pi, bc->node, &st);
	if (code == SCHED_SUCCESS)
		code = sched_framework_run_permit(fw, cs, qp->pi, bc->node, &timeout_ms, &st);
	if (code == SCHED_WAIT) {
		bc->permit_plugin = st.plugin ? strdup(st.plugin) : NULL;
		bc->permit_timeout_ms = timeout_ms;
		bc->permit_timer = evtimer_new(s->base, permit_timeout_cb, bc);
		sched_status_reset(&st);
		if (bc->permit_timer) {
			struct timeval tv = kc_clock_timeval(timeout_ms * 1000000LL);

			evtimer_add(bc->permit_timer, &tv);
			return;
		}
		code = sched_status_set(&st, SCHED_ERROR, "out of memory");
	}
	if (code != SCHED_SUCCESS) {
		char *msg = status_message(&st);
		const char *plugin = st.plugin;

		binding_failed(bc, code, msg ? msg : "", plugin);
		free(msg);
		sched_status_reset(&st);
		return;
	}
	sched_status_reset(&st);
	binding_cycle_run(bc);
}

void
schedule_one(struct scheduler *s, struct sched_queued_pod *qp)
{
	const json_t *pod = qp->pi->pod;
	struct sched_framework *fw = scheduler_framework_for(s, kc_json_get_string(pod, "spec.schedulerName", NULL));
	struct cycle_result res = { 0 };
	struct sched_cycle_state *cs;
	int64_t start_ns = kc_clock_mono_ns();
	enum sched_code code;

	s->stats.cycles++;
	/* skipPodSchedule: another scheduler's pod, a pod being deleted, or one already assumed. */
	if (!fw || kc_meta_is_being_deleted(pod) || sched_cache_pod_node(s->cache, qp->pi->uid)) {
		scheduling_queue_done(s->queue, qp);
		return;
	}
	cs = sched_cycle_state_new();
	if (!cs || sched_cache_update_snapshot(s->cache, s->snap) < 0) {
		sched_cycle_state_free(cs);
		handle_failure(s, fw, qp, SCHED_ERROR, "out of memory", NULL, NULL, start_ns);
		return;
	}
	code = schedule_pod(s, fw, cs, qp->pi, &res);
	if (code != SCHED_SUCCESS) {
		cycle_failed(s, fw, cs, qp, code, &res, start_ns);
		sched_cycle_state_free(cs);
	} else {
		commit_to_node(s, fw, cs, qp, &res, start_ns);
	}
	sched_diagnosis_release(&res.diag);
	free(res.error);
}
