/*
 * scheduler.c - the scheduler's setup, informer event handlers and metrics (upstream:
 * pkg/scheduler/scheduler.go New/Run, eventhandlers.go addAllEventHandlers, metrics/metrics.go).
 *
 * Pods: assigned ones (spec.nodeName set) feed the cache, unassigned non-terminal ones of one of
 * our profiles feed the queue; pods of other schedulerNames are ignored.  Nodes feed the cache.
 * Every change that may make a pod schedulable becomes a cluster event for
 * scheduling_queue_move_all(), whose hints decide which unschedulable pods move.  The other
 * informers (PDBs, namespaces, services, ...) run only when an enabled plugin needs them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-scheduler/internal/intern.h"
#include "kube-scheduler/scheduler_internal.h"
#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/events.h"
#include "libkcommon/informer.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/metrics.h"

/* Pods a cycle batch schedules before letting the loop run I/O (bindings, watches). */
#define SCHEDULE_BATCH 32
/*
 * Bindings in flight at most: upstream runs each binding cycle in a goroutine and its client's
 * QPS limit paces them; here the window keeps the requests (and their buffers) bounded, and
 * the next pods are popped as bindings finish.
 */
#define MAX_BINDINGS_IN_FLIGHT 64

static const struct kc_resource resources[SCHED_INF_COUNT] = {
	[SCHED_INF_PODS] = { "", "v1", "pods", "Pod", 1 },
	[SCHED_INF_NODES] = { "", "v1", "nodes", "Node", 0 },
	[SCHED_INF_NAMESPACES] = { "", "v1", "namespaces", "Namespace", 0 },
	[SCHED_INF_PDBS] = { "policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", 1 },
	[SCHED_INF_SERVICES] = { "", "v1", "services", "Service", 1 },
	[SCHED_INF_REPLICASETS] = { "apps", "v1", "replicasets", "ReplicaSet", 1 },
	[SCHED_INF_STATEFULSETS] = { "apps", "v1", "statefulsets", "StatefulSet", 1 },
	[SCHED_INF_RCS] = { "", "v1", "replicationcontrollers", "ReplicationController", 1 },
	[SCHED_INF_PVCS] = { "", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", 1 },
	[SCHED_INF_PVS] = { "", "v1", "persistentvolumes", "PersistentVolume", 0 },
	[SCHED_INF_STORAGE_CLASSES] = { "storage.k8s.io", "v1", "storageclasses", "StorageClass", 0 },
};

/* Which informers a plugin needs (upstream: what each plugin's factory asks the handle for). */
static const struct {
	const char *plugin;
	unsigned informers; /* 1 << enum sched_informer_kind */
} plugin_informers[] = {
	{ "DefaultPreemption", 1u << SCHED_INF_PDBS },
	{ "InterPodAffinity", 1u << SCHED_INF_NAMESPACES },
	{ "PodTopologySpread", (1u << SCHED_INF_SERVICES) | (1u << SCHED_INF_REPLICASETS) |
				       (1u << SCHED_INF_STATEFULSETS) | (1u << SCHED_INF_RCS) },
	{ "VolumeBinding", (1u << SCHED_INF_PVCS) | (1u << SCHED_INF_PVS) | (1u << SCHED_INF_STORAGE_CLASSES) },
	{ "VolumeZone", (1u << SCHED_INF_PVCS) | (1u << SCHED_INF_PVS) | (1u << SCHED_INF_STORAGE_CLASSES) },
	{ "VolumeRestrictions", 1u << SCHED_INF_PVCS },
	{ "NodeVolumeLimits", (1u << SCHED_INF_PVCS) | (1u << SCHED_INF_PVS) | (1u << SCHED_INF_STORAGE_CLASSES) },
};

/* ---- metrics --------------------------------------------------------------------------------- */

static void
metrics_init(struct scheduler *s, struct kc_metrics_registry *reg)
{
	static const char *const result_profile[] = { "result", "profile", NULL };
	static const char *const queue_label[] = { "queue", NULL };
	static const char *const attempts_label[] = { "attempts", NULL };
	double attempt_buckets[15], sli_buckets[20], count_buckets[5];

	if (!reg)
		return;
	kc_metrics_exponential_buckets(attempt_buckets, 0.001, 2, 15);
	kc_metrics_exponential_buckets(sli_buckets, 0.01, 2, 20);
	kc_metrics_exponential_buckets(count_buckets, 1, 2, 5);
	s->m_attempts = kc_metrics_counter(reg, "scheduler_schedule_attempts_total",
					   "Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.",
					   result_profile);
	s->m_attempt_duration = kc_metrics_histogram(reg, "scheduler_scheduling_attempt_duration_seconds",
						     "Scheduling attempt latency in seconds (scheduling algorithm + binding)",
						     result_profile, attempt_buckets, 15);
	s->m_pending = kc_metrics_gauge(reg, "scheduler_pending_pods",
					"Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the number of unschedulable pods that the scheduler never attempted to schedule because they are gated.",
					queue_label);
	s->m_sli = kc_metrics_histogram(reg, "scheduler_pod_scheduling_sli_duration_seconds",
					"E2e latency for a pod being scheduled, from the time the pod enters the scheduling queue and might involve multiple scheduling attempts.",
					attempts_label, sli_buckets, 20);
	s->m_e2e_attempts = kc_metrics_histogram(reg, "scheduler_pod_scheduling_attempts",
						 "Number of attempts to successfully schedule a pod.", NULL,
						 count_buckets, 5);
}

void
scheduler_observe_attempt(struct scheduler *s, const char *result, const char *profile, double seconds)
{
	if (!s->m_attempts)
		return;
	kc_metric_inc(kc_metric_with(s->m_attempts, result, profile));
	kc_metric_observe(kc_metric_with(s->m_attempt_duration, result, profile), seconds);
}

void
scheduler_observe_scheduled(struct scheduler *s, const struct sched_queued_pod *qp)
{
	char attempts[24];

	if (!s->m_sli)
		return;
	snprintf(attempts, sizeof(attempts), "%d", qp->attempts);
	kc_metric_observe(kc_metric_with(s->m_sli, attempts),
			  (double)(kc_clock_mono_ns() - qp->first_enqueue_ns) / 1e9);
	kc_metric_observe(kc_metric_with(s->m_e2e_attempts), qp->attempts);
}

void
scheduler_update_pending(struct scheduler *s)
{
	struct scheduling_queue_counts c;

	if (!s->m_pending)
		return;
	scheduling_queue_counts(s->queue, &c);
	kc_metric_set(kc_metric_with(s->m_pending, "active"), (double)c.active);
	kc_metric_set(kc_metric_with(s->m_pending, "backoff"), (double)c.backoff);
	kc_metric_set(kc_metric_with(s->m_pending, "unschedulable"), (double)c.unschedulable);
	kc_metric_set(kc_metric_with(s->m_pending, "gated"), (double)c.gated);
}

/* ---- queue callbacks ------------------------------------------------------------------------ */

struct sched_framework *
scheduler_framework_for(const struct scheduler *s, const char *scheduler_name)
{
	if (!scheduler_name || !*scheduler_name)
		scheduler_name = SCHED_DEFAULT_SCHEDULER_NAME;
	for (size_t i = 0; i < s->n_fws; i++)
		if (strcmp(s->fws[i]->profile_name, scheduler_name) == 0)
			return s->fws[i];
	return NULL;
}

static struct sched_framework *
framework_of_pod(const struct scheduler *s, const json_t *pod)
{
	return scheduler_framework_for(s, kc_json_get_string(pod, "spec.schedulerName", NULL));
}

static int
queue_less(void *arg, const struct sched_queued_pod *a, const struct sched_queued_pod *b)
{
	struct scheduler *s = arg;

	/* Every profile has the same QueueSort (validated), so the first one orders the queue. */
	return sched_framework_less(s->fws[0], a->pi, a->timestamp_ns, b->pi, b->timestamp_ns);
}

static enum sched_code
queue_pre_enqueue(void *arg, const struct sched_queued_pod *qp, struct sched_status *st)
{
	struct sched_framework *fw = framework_of_pod(arg, qp->pi->pod);

	return fw ? sched_framework_run_pre_enqueue(fw, qp->pi, st) : SCHED_SUCCESS;
}

static enum sched_hint
queue_requeue_hint(void *arg, const struct sched_queued_pod *qp, const struct sched_cluster_event *ev,
		   const json_t *old_obj, const json_t *new_obj)
{
	struct sched_framework *fw = framework_of_pod(arg, qp->pi->pod);

	if (!fw)
		return SCHED_QUEUE;
	if (qp->gated)
		return sched_framework_requeue_hint(fw, &qp->pending_plugins, qp->pi->pod, ev, old_obj, new_obj);
	if (sched_framework_requeue_hint(fw, &qp->unschedulable_plugins, qp->pi->pod, ev, old_obj, new_obj) ==
	    SCHED_QUEUE)
		return SCHED_QUEUE;
	return sched_framework_requeue_hint(fw, &qp->pending_plugins, qp->pi->pod, ev, old_obj, new_obj);
}

/* ---- the loop ------------------------------------------------------------------------------- */

static void
kick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct scheduler *s = arg;
	struct sched_queued_pod *qp;

	for (int i = 0; i < SCHEDULE_BATCH && s->running && s->stats.bindings_in_flight < MAX_BINDINGS_IN_FLIGHT; i++) {
		qp = scheduling_queue_pop(s->queue, ++s->cycle);
		if (!qp)
			break;
		schedule_one(s, qp);
	}
	scheduler_update_pending(s);
	if (s->running) {
		struct scheduling_queue_counts c;

		scheduling_queue_counts(s->queue, &c);
		if (c.active > 0 && s->stats.bindings_in_flight < MAX_BINDINGS_IN_FLIGHT)
			event_active(s->kick, EV_TIMEOUT, 0);
	}
}

void
scheduler_binding_finished(struct scheduler *s)
{
	s->stats.bindings_in_flight--;
	if (s->running && s->kick)
		event_active(s->kick, EV_TIMEOUT, 0);
}

static void
queue_wakeup(void *arg)
{
	struct scheduler *s = arg;

	if (s->running && s->kick)
		event_active(s->kick, EV_TIMEOUT, 0);
}

static void
cleanup_cb(evutil_socket_t fd, short what, void *arg)
{
	struct scheduler *s = arg;

	sched_cache_cleanup_assumed(s->cache);
	scheduler_update_pending(s);
}

void
scheduler_run(struct scheduler *s)
{
	s->running = 1;
	kc_info("Starting scheduling (%zu profiles)", s->n_fws);
	event_active(s->kick, EV_TIMEOUT, 0);
}

void
scheduler_pause(struct scheduler *s)
{
	s->running = 0;
}

/* ---- pod events ------------------------------------------------------------------------------- */

static int
pod_assigned(const json_t *pod)
{
	const char *node = kc_json_get_string(pod, "spec.nodeName", NULL);

	return node && *node;
}

static int
pod_terminal(const json_t *pod)
{
	const char *phase = kc_json_get_string(pod, "status.phase", "");

	return strcmp(phase, "Succeeded") == 0 || strcmp(phase, "Failed") == 0;
}

static void
move_all(struct scheduler *s, unsigned resource, unsigned action, const json_t *old_obj, const json_t *new_obj)
{
	struct sched_cluster_event ev = { resource, action };

	if (scheduling_queue_move_all(s->queue, &ev, old_obj, new_obj) > 0)
		scheduler_update_pending(s);
}

static void
on_pod_add(void *arg, const json_t *obj, int initial)
{
	struct scheduler *s = arg;
	json_t *pod = (json_t *)obj; /* shared and never modified: the references keep it alive */
	int r;

	if (pod_assigned(pod)) {
		r = sched_cache_add_pod(s->cache, pod);
		if (r < 0)
			kc_error("cache: adding pod %s/%s: %s", kc_meta_namespace(pod), kc_meta_name(pod), kc_strerror(r));
		move_all(s, SCHED_EV_ASSIGNED_POD, SCHED_ACT_ADD, NULL, pod);
		return;
	}
	if (pod_terminal(pod) || !framework_of_pod(s, pod))
		return;
	r = scheduling_queue_add(s->queue, pod);
	if (r < 0 && r != KC_ERR_ALREADY_EXISTS)
		kc_error("queue: adding pod %s/%s: %s", kc_meta_namespace(pod), kc_meta_name(pod), kc_strerror(r));
}

static int
labels_changed(const json_t *a, const json_t *b)
{
	return !json_equal(kc_json_get_object(a, "metadata.labels"), kc_json_get_object(b, "metadata.labels")) &&
	       (kc_json_get_object(a, "metadata.labels") || kc_json_get_object(b, "metadata.labels"));
}

static void
on_pod_update(void *arg, const json_t *old_obj, const json_t *cur)
{
	struct scheduler *s = arg;
	json_t *pod = (json_t *)cur;

	if (pod_assigned(pod)) {
		if (!pod_assigned(old_obj))
			scheduling_queue_delete(s->queue, kc_meta_uid(pod));
		if (sched_cache_update_pod(s->cache, pod) < 0)
			kc_error("cache: updating pod %s/%s failed", kc_meta_namespace(pod), kc_meta_name(pod));
		if (!pod_assigned(old_obj))
			move_all(s, SCHED_EV_ASSIGNED_POD, SCHED_ACT_ADD, NULL, pod);
		else if (labels_changed(old_obj, cur))
			move_all(s, SCHED_EV_ASSIGNED_POD, SCHED_ACT_UPDATE_POD_LABEL, old_obj, cur);
		return;
	}
	if (pod_terminal(pod) || !framework_of_pod(s, pod)) {
		scheduling_queue_delete(s->queue, kc_meta_uid(pod));
		return;
	}
	if (scheduling_queue_update(s->queue, old_obj, pod) < 0)
		kc_error("queue: updating pod %s/%s failed", kc_meta_namespace(pod), kc_meta_name(pod));
}

static void
on_pod_delete(void *arg, const json_t *obj, int unknown)
{
	struct scheduler *s = arg;
	const char *uid = kc_meta_uid(obj);

	if (!uid)
		return;
	scheduling_queue_delete(s->queue, uid);
	if (sched_cache_remove_pod(s->cache, uid) == 0)
		move_all(s, SCHED_EV_ASSIGNED_POD, SCHED_ACT_DELETE, obj, NULL);
}

/* ---- node events ----------------------------------------------------------------------------- */

static void
on_node_add(void *arg, const json_t *obj, int initial)
{
	struct scheduler *s = arg;

	if (sched_cache_add_node(s->cache, (json_t *)obj) < 0)
		kc_error("cache: adding node %s failed", kc_meta_name(obj));
	move_all(s, SCHED_EV_NODE, SCHED_ACT_ADD, NULL, obj);
}

static int
field_changed(const json_t *a, const json_t *b, const char *path)
{
	json_t *x = kc_json_get_path(a, path), *y = kc_json_get_path(b, path);

	if (!x && !y)
		return 0;
	return !x || !y || !json_equal(x, y);
}

/* nodeSchedulingPropertiesChange: which parts of the node that matter to plugins changed. */
static unsigned
node_update_actions(const json_t *old_node, const json_t *node)
{
	unsigned a = 0;

	if (field_changed(old_node, node, "status.allocatable"))
		a |= SCHED_ACT_UPDATE_NODE_ALLOCATABLE;
	if (field_changed(old_node, node, "metadata.labels"))
		a |= SCHED_ACT_UPDATE_NODE_LABEL;
	if (field_changed(old_node, node, "spec.taints") || field_changed(old_node, node, "spec.unschedulable"))
		a |= SCHED_ACT_UPDATE_NODE_TAINT;
	if (field_changed(old_node, node, "status.conditions"))
		a |= SCHED_ACT_UPDATE_NODE_CONDITION;
	if (field_changed(old_node, node, "metadata.annotations"))
		a |= SCHED_ACT_UPDATE_NODE_ANNOTATION;
	return a;
}

static void
on_node_update(void *arg, const json_t *old_obj, const json_t *cur)
{
	struct scheduler *s = arg;
	unsigned actions;

	if (sched_cache_update_node(s->cache, (json_t *)cur) < 0)
		kc_error("cache: updating node %s failed", kc_meta_name(cur));
	actions = node_update_actions(old_obj, cur);
	if (actions)
		move_all(s, SCHED_EV_NODE, actions, old_obj, cur);
}

static void
on_node_delete(void *arg, const json_t *obj, int unknown)
{
	struct scheduler *s = arg;

	sched_cache_remove_node(s->cache, kc_meta_name(obj));
}

/* ---- other resources: only cluster events -------------------------------------------------- */

struct other_handler {
	struct scheduler *s;
	unsigned resource;
};

static void
on_other_add(void *arg, const json_t *obj, int initial)
{
	struct other_handler *h = arg;

	if (h->resource)
		move_all(h->s, h->resource, SCHED_ACT_ADD, NULL, obj);
}

static void
on_other_update(void *arg, const json_t *old_obj, const json_t *cur)
{
	struct other_handler *h = arg;

	if (h->resource)
		move_all(h->s, h->resource, SCHED_ACT_UPDATE, old_obj, cur);
}

static void
on_other_delete(void *arg, const json_t *obj, int unknown)
{
	struct other_handler *h = arg;

	if (h->resource)
		move_all(h->s, h->resource, SCHED_ACT_DELETE, obj, NULL);
}

static struct other_handler other_handlers[SCHED_INF_COUNT];

static unsigned
event_resource_of(enum sched_informer_kind k)
{
	switch (k) {
	case SCHED_INF_NAMESPACES: return SCHED_EV_NAMESPACE;
	case SCHED_INF_PDBS: return SCHED_EV_PDB;
	case SCHED_INF_PVCS: return SCHED_EV_PVC;
	case SCHED_INF_PVS: return SCHED_EV_PV;
	case SCHED_INF_STORAGE_CLASSES: return SCHED_EV_STORAGE_CLASS;
	default: return 0;
	}
}

/* ---- setup ------------------------------------------------------------------------------------- */

static unsigned
needed_informers(const struct sched_config *cfg)
{
	unsigned need = (1u << SCHED_INF_PODS) | (1u << SCHED_INF_NODES);

	for (size_t p = 0; p < cfg->n_profiles; p++)
		for (int ep = 0; ep < SCHED_EP_COUNT; ep++)
			for (size_t i = 0; i < cfg->profiles[p].plugins[ep].n_enabled; i++)
				for (size_t k = 0; k < sizeof(plugin_informers) / sizeof(plugin_informers[0]); k++)
					if (strcmp(plugin_informers[k].plugin, cfg->profiles[p].plugins[ep].enabled[i].name) == 0)
						need |= plugin_informers[k].informers;
	return need;
}

/*
 * What the informers keep is trimmed of fields no plugin reads: managedFields and the
 * last-applied annotation everywhere; for pods the container fields and pod-level settings
 * that only the kubelet uses; for nodes nodeInfo, daemonEndpoints and addresses.  Each
 * jansson member costs ~100 bytes, and 10k pods / 5k nodes are the memory budget.  Copies are
 * shallow: the informer's decoded original is never modified.
 */
static const char *const pod_spec_drop[] = { "dnsPolicy", "restartPolicy", "terminationGracePeriodSeconds",
					     "enableServiceLinks", NULL };
static const char *const container_drop[] = { "terminationMessagePath", "terminationMessagePolicy",
					      "imagePullPolicy", NULL };
static const char *const node_status_drop[] = { "nodeInfo", "daemonEndpoints", "addresses", NULL };

/* parent[key] replaced by a shallow copy without `drop` keys; the copy (borrowed) or NULL. */
static json_t *
replace_without(json_t *parent, const char *key, const char *const *drop)
{
	json_t *orig = json_object_get(parent, key), *copy;

	if (!json_is_object(orig))
		return NULL;
	copy = json_copy(orig);
	if (!copy)
		return NULL;
	for (size_t i = 0; drop && drop[i]; i++)
		json_object_del(copy, drop[i]);
	json_object_set_new(parent, key, copy);
	return copy;
}

static void
trim_containers(json_t *spec, const char *key)
{
	json_t *orig = json_object_get(spec, key), *arr, *c;
	size_t i;

	if (!json_is_array(orig) || !(arr = json_array()))
		return;
	json_array_foreach(orig, i, c) {
		json_t *copy = json_copy(c);

		for (size_t k = 0; copy && container_drop[k]; k++)
			json_object_del(copy, container_drop[k]);
		json_array_append_new(arr, copy ? copy : json_incref(c));
	}
	json_object_set_new(spec, key, arr);
}

static json_t *
transform_object(void *arg, const json_t *obj)
{
	const struct sched_transform *t = arg;
	json_t *copy = json_copy((json_t *)obj), *meta, *spec;

	if (!copy)
		return NULL;
	meta = replace_without(copy, "metadata", NULL);
	if (meta) {
		json_object_del(meta, "managedFields");
		if (kc_meta_annotation(obj, "kubectl.kubernetes.io/last-applied-configuration")) {
			json_t *ann = replace_without(meta, "annotations", NULL);

			json_object_del(ann, "kubectl.kubernetes.io/last-applied-configuration");
		}
	}
	if (t->kind == SCHED_INF_PODS) {
		spec = replace_without(copy, "spec", pod_spec_drop);
		if (spec) {
			trim_containers(spec, "containers");
			trim_containers(spec, "initContainers");
		}
		if (json_object_get(json_object_get(copy, "status"), "qosClass")) {
			json_t *status = replace_without(copy, "status", NULL);

			json_object_del(status, "qosClass");
		} else {
			replace_without(copy, "status", NULL);
		}
	} else if (t->kind == SCHED_INF_NODES) {
		replace_without(copy, "spec", NULL);
		replace_without(copy, "status", node_status_drop);
	}
	/* The kept copy's members (already copies of their own) share equal subtrees. */
	if (t->kind == SCHED_INF_PODS)
		sched_interner_intern_pod(t->s->interner, copy);
	else if (t->kind == SCHED_INF_NODES)
		sched_interner_intern_node(t->s->interner, copy);
	return copy;
}

static int
create_informers(struct scheduler *s, unsigned need)
{
	for (int k = 0; k < SCHED_INF_COUNT; k++) {
		struct kc_informer_config ic = {
			.resource = &resources[k],
			.transform = transform_object,
			.transform_arg = &s->transforms[k],
			/* Pages keep the first list's peak memory down at 10k pods / 5k nodes. */
			.page_size = 500,
		};

		if (!(need & (1u << k)))
			continue;
		/* Upstream's pod informer leaves terminated pods out. */
		if (k == SCHED_INF_PODS)
			ic.field_selector = "status.phase!=Succeeded,status.phase!=Failed";
		s->informers[k] = kc_informer_new(s->base, s->client, &ic);
		if (!s->informers[k])
			return KC_ERR_NOMEM;
	}
	return 0;
}

static void
add_handlers(struct scheduler *s)
{
	static const struct kc_informer_handler pod_h = { on_pod_add, on_pod_update, on_pod_delete };
	static const struct kc_informer_handler node_h = { on_node_add, on_node_update, on_node_delete };
	static const struct kc_informer_handler other_h = { on_other_add, on_other_update, on_other_delete };

	kc_informer_add_handler(s->informers[SCHED_INF_PODS], &pod_h, s, 0);
	kc_informer_add_handler(s->informers[SCHED_INF_NODES], &node_h, s, 0);
	for (int k = SCHED_INF_NAMESPACES; k < SCHED_INF_COUNT; k++) {
		if (!s->informers[k] || !event_resource_of(k))
			continue;
		other_handlers[k].s = s;
		other_handlers[k].resource = event_resource_of(k);
		kc_informer_add_handler(s->informers[k], &other_h, &other_handlers[k], 0);
	}
}

static struct kc_store *
store_of(struct scheduler *s, enum sched_informer_kind k)
{
	return s->informers[k] ? kc_informer_store(s->informers[k]) : NULL;
}

/* The handle's callbacks reach the scheduler through the framework behind the handle. */
static struct scheduler *
handle_owner(struct sched_handle *h)
{
	struct sched_framework *fw = sched_framework_from_handle(h);

	return fw ? fw->owner : NULL;
}

static const struct sched_snapshot *
handle_snapshot_impl(struct sched_handle *h)
{
	struct scheduler *sched = handle_owner(h);

	return sched ? &sched->snap->s : NULL;
}

static size_t
handle_nominated_pods(struct sched_handle *h, const char *node, struct sched_pod_info *const **ret)
{
	struct scheduler *sched = handle_owner(h);

	*ret = NULL;
	return sched ? scheduling_queue_nominated_pods(sched->queue, node, ret) : 0;
}

static void __attribute__((format(printf, 5, 6)))
handle_record_event(struct sched_handle *h, const json_t *pod, const char *type, const char *reason,
		    const char *fmt, ...)
{
	struct scheduler *sched = handle_owner(h);
	char msg[1024];
	va_list ap;

	if (!sched || !sched->events)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kc_events_event(sched->events, pod, type, reason, msg);
}

static int
build_frameworks(struct scheduler *s, sched_registry_lookup_fn lookup, char *err, size_t errlen)
{
	struct sched_handle tmpl = {
		.base = s->base,
		.client = s->client,
		.snapshot = handle_snapshot_impl,
		.nominated_pods = handle_nominated_pods,
		.record_event = handle_record_event,
		.parallelism = s->cfg->parallelism,
		.percentage_of_nodes_to_score = s->cfg->percentage_of_nodes_to_score,
	};

	tmpl.pods = store_of(s, SCHED_INF_PODS);
	tmpl.nodes = store_of(s, SCHED_INF_NODES);
	tmpl.namespaces = store_of(s, SCHED_INF_NAMESPACES);
	tmpl.pdbs = store_of(s, SCHED_INF_PDBS);
	tmpl.services = store_of(s, SCHED_INF_SERVICES);
	tmpl.replicasets = store_of(s, SCHED_INF_REPLICASETS);
	tmpl.statefulsets = store_of(s, SCHED_INF_STATEFULSETS);
	tmpl.replication_controllers = store_of(s, SCHED_INF_RCS);
	tmpl.pvcs = store_of(s, SCHED_INF_PVCS);
	tmpl.pvs = store_of(s, SCHED_INF_PVS);
	tmpl.storage_classes = store_of(s, SCHED_INF_STORAGE_CLASSES);
	s->fws = calloc(s->cfg->n_profiles, sizeof(*s->fws));
	if (!s->fws)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < s->cfg->n_profiles; i++) {
		char ferr[512];

		s->fws[i] = sched_framework_new(&s->cfg->profiles[i], &tmpl, lookup, ferr, sizeof(ferr));
		if (!s->fws[i]) {
			kc_err_printf(err, errlen, "initializing profiles: creating profile for scheduler name %s: %s",
				      s->cfg->profiles[i].scheduler_name, ferr);
			return KC_ERR_INVALID;
		}
		s->fws[i]->owner = s;
		s->n_fws++;
	}
	return 0;
}

struct scheduler *
scheduler_new(struct event_base *base, struct kc_client *client, const struct sched_config *cfg,
	      sched_registry_lookup_fn lookup, struct kc_metrics_registry *metrics, char *err, size_t errlen)
{
	struct scheduler *s = calloc(1, sizeof(*s));
	struct sched_queue_config qc = { 0 };
	struct sched_queue_ops qops = { queue_less, queue_pre_enqueue, queue_requeue_hint, NULL };
	/*
	 * A smaller event cache than upstream's 4096 entries: the spam filter and correlator keep an
	 * entry per pod, and 10k pods would hold ~10 MiB of Event objects.  Upstream records
	 * through tools/events, a goroutine per event: written one at a time, a burst of
	 * Scheduled events overflows the 1000-event queue and most are dropped.  Its goroutines
	 * never drop one; here a burst of binds may still outrun 64 writes, so the queue is deeper.
	 */
	struct kc_events_config ec = {
		.component = "default-scheduler",
		.cache_size = 512,
		.max_in_flight = MAX_BINDINGS_IN_FLIGHT,
		.max_queued = 4096,
	};
	struct timeval one_sec = { 1, 0 };

	if (!s) {
		kc_err_printf(err, errlen, "out of memory");
		return NULL;
	}
	s->base = base;
	s->client = client;
	s->cfg = cfg;
	qops.arg = s;
	qc.initial_backoff_ns = cfg->pod_initial_backoff_seconds * 1000000000LL;
	qc.max_backoff_ns = cfg->pod_max_backoff_seconds * 1000000000LL;
	for (int k = 0; k < SCHED_INF_COUNT; k++)
		s->transforms[k] = (struct sched_transform){ s, (enum sched_informer_kind)k };
	s->interner = sched_interner_new();
	if (!s->interner || create_informers(s, needed_informers(cfg)) < 0 ||
	    build_frameworks(s, lookup ? lookup : sched_plugin_registry_lookup, err, errlen) < 0) {
		if (!*err)
			kc_err_printf(err, errlen, "out of memory");
		return scheduler_free(s);
	}
	s->queue = scheduling_queue_new(base, &qc, &qops);
	s->cache = sched_cache_new(0, NULL);
	s->snap = sched_cache_snapshot_new();
	s->kick = event_new(base, -1, 0, kick_cb, s);
	s->cleanup_timer = event_new(base, -1, EV_PERSIST, cleanup_cb, s);
	s->events = client ? kc_events_new(base, client, &ec) : NULL;
	if (!s->queue || !s->cache || !s->snap || !s->kick || !s->cleanup_timer || (client && !s->events)) {
		kc_err_printf(err, errlen, "out of memory");
		return scheduler_free(s);
	}
	event_add(s->cleanup_timer, &one_sec);
	scheduling_queue_set_wakeup(s->queue, queue_wakeup, s);
	metrics_init(s, metrics);
	add_handlers(s);
	return s;
}

struct scheduler *
scheduler_free(struct scheduler *s)
{
	if (!s)
		return NULL;
	for (int k = 0; k < SCHED_INF_COUNT; k++)
		kc_informer_free(s->informers[k]);
	sched_interner_free(s->interner);
	if (s->kick)
		event_free(s->kick);
	if (s->cleanup_timer)
		event_free(s->cleanup_timer);
	kc_events_free(s->events);
	scheduling_queue_free(s->queue);
	sched_cache_snapshot_free(s->snap);
	sched_cache_free(s->cache);
	for (size_t i = 0; i < s->n_fws; i++)
		sched_framework_free(s->fws[i]);
	free(s->fws);
	free(s);
	return NULL;
}

int
scheduler_start_informers(struct scheduler *s)
{
	for (int k = 0; k < SCHED_INF_COUNT; k++)
		if (s->informers[k] && kc_informer_start(s->informers[k]) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

int
scheduler_informers_synced(const struct scheduler *s)
{
	for (int k = 0; k < SCHED_INF_COUNT; k++)
		if (s->informers[k] && !kc_informer_has_synced(s->informers[k]))
			return 0;
	return 1;
}

void
scheduler_stats(const struct scheduler *s, struct scheduler_stats *ret)
{
	*ret = s->stats;
}
