/*
 * runtime.c - a profile's framework: plugin instances and every extension point (upstream:
 * pkg/scheduler/framework/runtime/framework.go; findNodesThatPassFilters, prioritizeNodes and
 * selectHost of pkg/scheduler/schedule_one.go; FitError of framework/types.go).  See runtime.h.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/runtime.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"

#define MAX_PERMIT_TIMEOUT_MS (15LL * 60 * 1000)

/* ---- building ------------------------------------------------------------------------------ */

static int
implements(const struct sched_plugin_ops *ops, enum sched_ext_point ep)
{
	switch (ep) {
	case SCHED_EP_PRE_ENQUEUE: return ops->pre_enqueue != NULL;
	case SCHED_EP_QUEUE_SORT: return ops->less != NULL;
	case SCHED_EP_PRE_FILTER: return ops->pre_filter != NULL;
	case SCHED_EP_FILTER: return ops->filter != NULL;
	case SCHED_EP_POST_FILTER: return ops->post_filter != NULL;
	case SCHED_EP_PRE_SCORE: return ops->pre_score != NULL;
	case SCHED_EP_SCORE: return ops->score != NULL;
	case SCHED_EP_RESERVE: return ops->reserve != NULL || ops->unreserve != NULL;
	case SCHED_EP_PERMIT: return ops->permit != NULL;
	case SCHED_EP_PRE_BIND: return ops->pre_bind != NULL;
	case SCHED_EP_BIND: return ops->bind != NULL;
	case SCHED_EP_POST_BIND: return ops->post_bind != NULL;
	default: return 0;
	}
}

static const char *const point_type_names[] = {
	"PreEnqueuePlugin", "QueueSortPlugin", "PreFilterPlugin", "FilterPlugin", "PostFilterPlugin",
	"PreScorePlugin", "ScorePlugin", "ReservePlugin", "PermitPlugin", "PreBindPlugin",
	"BindPlugin", "PostBindPlugin",
};

static struct sched_plugin *
find_instance(struct sched_framework *fw, const char *name)
{
	for (size_t i = 0; i < fw->n_instances; i++)
		if (strcmp(fw->instances[i].ops->name, name) == 0)
			return &fw->instances[i];
	return NULL;
}

static int
add_instance(struct sched_framework *fw, const struct sched_config_profile *profile,
	     sched_registry_lookup_fn lookup, const char *name, char *err, size_t errlen)
{
	const struct sched_plugin_ops *ops;
	struct sched_plugin *p;
	char *perr = NULL;

	if (find_instance(fw, name))
		return 0;
	ops = lookup(name);
	if (!ops && sched_config_is_default_plugin(name)) {
		kc_v(2, "profile %s: default plugin %s is not built into ckube; skipped", profile->scheduler_name, name);
		return 0;
	}
	if (!ops)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "plugin \"%s\" does not exist", name);
	p = &fw->instances[fw->n_instances];
	p->ops = ops;
	p->weight = 1;
	if (ops->new_plugin) {
		const json_t *args = profile->plugin_config ? json_object_get(profile->plugin_config, name) : NULL;

		p->self = ops->new_plugin(args, &fw->handle, &perr);
		if (!p->self && perr) {
			kc_err_printf(err, errlen, "initializing plugin \"%s\": %s", name, perr);
			free(perr);
			return KC_ERR_INVALID;
		}
		free(perr);
	}
	fw->n_instances++;
	return 0;
}

/* Every distinct plugin name the profile mentions, so instances can be sized and built. */
static size_t
count_names(const struct sched_config_profile *profile)
{
	size_t n = 0;

	for (int ep = 0; ep < SCHED_EP_COUNT; ep++)
		n += profile->plugins[ep].n_enabled;
	return n;
}

static int
point_append(struct sched_framework *fw, enum sched_ext_point ep, struct sched_plugin *p)
{
	struct sched_plugin **v = realloc(fw->points[ep], (fw->n_points[ep] + 1) * sizeof(*v));

	if (!v)
		return KC_ERR_NOMEM;
	fw->points[ep] = v;
	v[fw->n_points[ep]++] = p;
	return 0;
}

static int
set_in(const struct sched_config_plugin_set *set, const char *name)
{
	for (size_t i = 0; i < set->n_enabled; i++)
		if (strcmp(set->enabled[i].name, name) == 0)
			return 1;
	return 0;
}

/* expandMultiPointPlugins for one extension point, after its explicit entries. */
static int
build_point(struct sched_framework *fw, const struct sched_config_profile *profile,
	    enum sched_ext_point ep, char *err, size_t errlen)
{
	const struct sched_config_plugin_set *set = &profile->plugins[ep];
	const struct sched_config_plugin_set *mp = &profile->plugins[SCHED_EP_MULTI_POINT];
	int r;

	for (size_t i = 0; i < set->n_enabled; i++) {
		struct sched_plugin *p = find_instance(fw, set->enabled[i].name);

		if (!p)
			continue; /* a default plugin ckube does not build */
		if (!implements(p->ops, ep))
			return kc_err_fail(KC_ERR_INVALID, err, errlen, "plugin \"%s\" does not extend %s plugin",
					   p->ops->name, point_type_names[ep]);
		if (ep == SCHED_EP_SCORE && set->enabled[i].weight > 0)
			p->weight = set->enabled[i].weight;
		if ((r = point_append(fw, ep, p)) < 0)
			return r;
	}
	if (kc_strv_contains(&set->disabled, "*"))
		return 0;
	for (size_t i = 0; i < mp->n_enabled; i++) {
		struct sched_plugin *p = find_instance(fw, mp->enabled[i].name);

		if (!p || !implements(p->ops, ep) || kc_strv_contains(&set->disabled, p->ops->name) ||
		    set_in(set, p->ops->name))
			continue;
		if (ep == SCHED_EP_SCORE && mp->enabled[i].weight > 0 && !set_in(&profile->plugins[SCHED_EP_SCORE], p->ops->name))
			p->weight = mp->enabled[i].weight;
		if ((r = point_append(fw, ep, p)) < 0)
			return r;
	}
	return 0;
}

static enum sched_code handle_run_filter(struct sched_handle *h, struct sched_cycle_state *cs,
					 const struct sched_pod_info *pod, const struct sched_node_info *node,
					 struct sched_status *st);
static enum sched_code handle_remove_pod(struct sched_handle *h, struct sched_cycle_state *cs,
					 const struct sched_pod_info *pod, const struct sched_pod_info *to_remove,
					 const struct sched_node_info *node, struct sched_status *st);
static enum sched_code handle_add_pod(struct sched_handle *h, struct sched_cycle_state *cs,
				      const struct sched_pod_info *pod, const struct sched_pod_info *to_add,
				      const struct sched_node_info *node, struct sched_status *st);

struct sched_framework *
sched_framework_new(const struct sched_config_profile *profile, const struct sched_handle *handle_tmpl,
		    sched_registry_lookup_fn lookup, char *err, size_t errlen)
{
	struct sched_framework *fw = calloc(1, sizeof(*fw));
	size_t n = count_names(profile);

	if (!fw || !(fw->profile_name = strdup(profile->scheduler_name)) ||
	    !(fw->instances = calloc(n ? n : 1, sizeof(*fw->instances)))) {
		kc_err_printf(err, errlen, "out of memory");
		return sched_framework_free(fw);
	}
	if (handle_tmpl)
		fw->handle = *handle_tmpl;
	fw->handle.runtime = fw;
	fw->handle.run_filter_plugins_with_nominated_pods = handle_run_filter;
	fw->handle.run_pre_filter_extension_remove_pod = handle_remove_pod;
	fw->handle.run_pre_filter_extension_add_pod = handle_add_pod;
	fw->percentage = profile->percentage_of_nodes_to_score >= 0 ? profile->percentage_of_nodes_to_score
								    : fw->handle.percentage_of_nodes_to_score;
	fw->handle.percentage_of_nodes_to_score = fw->percentage;
	/* Instances in the order plugins first appear (multiPoint first, as upstream). */
	for (int ep = SCHED_EP_MULTI_POINT; ep >= 0; ep--)
		for (size_t i = 0; i < profile->plugins[ep].n_enabled; i++)
			if (add_instance(fw, profile, lookup, profile->plugins[ep].enabled[i].name, err, errlen) < 0)
				return sched_framework_free(fw);
	for (int ep = 0; ep < SCHED_EP_MULTI_POINT; ep++)
		if (build_point(fw, profile, ep, err, errlen) < 0)
			return sched_framework_free(fw);
	if (fw->n_points[SCHED_EP_QUEUE_SORT] == 0) {
		kc_err_printf(err, errlen, "no queue sort plugin is enabled");
		return sched_framework_free(fw);
	}
	if (fw->n_points[SCHED_EP_QUEUE_SORT] > 1) {
		kc_err_printf(err, errlen, "only one queue sort plugin required for profile with scheduler name \"%s\"",
			      profile->scheduler_name);
		return sched_framework_free(fw);
	}
	if (fw->n_points[SCHED_EP_BIND] == 0) {
		kc_err_printf(err, errlen, "at least one bind plugin is needed for profile with scheduler name \"%s\"",
			      profile->scheduler_name);
		return sched_framework_free(fw);
	}
	fw->skip_filter = calloc(fw->n_points[SCHED_EP_FILTER] + 1, 1);
	fw->skip_score = calloc(fw->n_points[SCHED_EP_SCORE] + 1, 1);
	fw->skip_pre_filter = calloc(fw->n_points[SCHED_EP_PRE_FILTER] + 1, 1);
	if (!fw->skip_filter || !fw->skip_score || !fw->skip_pre_filter) {
		kc_err_printf(err, errlen, "out of memory");
		return sched_framework_free(fw);
	}
	return fw;
}

struct sched_framework *
sched_framework_free(struct sched_framework *fw)
{
	if (!fw)
		return NULL;
	for (size_t i = 0; i < fw->n_instances; i++)
		if (fw->instances[i].ops->free_plugin && fw->instances[i].self)
			fw->instances[i].ops->free_plugin(fw->instances[i].self);
	for (int ep = 0; ep < SCHED_EP_MULTI_POINT; ep++)
		free(fw->points[ep]);
	free(fw->instances);
	free(fw->skip_filter);
	free(fw->skip_score);
	free(fw->skip_pre_filter);
	free(fw->profile_name);
	free(fw);
	return NULL;
}

struct sched_framework *
sched_framework_from_handle(struct sched_handle *h)
{
	return h ? h->runtime : NULL;
}

int
sched_framework_has_point(const struct sched_framework *fw, enum sched_ext_point ep)
{
	return ep < SCHED_EP_MULTI_POINT && fw->n_points[ep] > 0;
}

/* ---- helpers --------------------------------------------------------------------------------- */

/* A failure status gets the plugin's name (upstream status.WithPlugin). */
static enum sched_code
failed_by(struct sched_status *st, enum sched_code code, const struct sched_plugin *p)
{
	st->code = code;
	if (!st->plugin)
		st->plugin = p->ops->name;
	return code;
}

static int64_t
pod_priority(const struct sched_pod_info *pi)
{
	return kc_json_get_int64(pi->pod, "spec.priority", 0);
}

/* ---- queue ----------------------------------------------------------------------------------- */

enum sched_code
sched_framework_run_pre_enqueue(struct sched_framework *fw, const struct sched_pod_info *pod,
				struct sched_status *st)
{
	for (size_t i = 0; i < fw->n_points[SCHED_EP_PRE_ENQUEUE]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_PRE_ENQUEUE][i];
		enum sched_code code = p->ops->pre_enqueue(p->self, pod, st);

		if (code != SCHED_SUCCESS)
			return failed_by(st, code, p);
	}
	return SCHED_SUCCESS;
}

int
sched_framework_less(struct sched_framework *fw, const struct sched_pod_info *a, int64_t a_ns,
		     const struct sched_pod_info *b, int64_t b_ns)
{
	struct sched_plugin *p;

	if (fw->n_points[SCHED_EP_QUEUE_SORT] == 0)
		return a_ns < b_ns;
	p = fw->points[SCHED_EP_QUEUE_SORT][0];
	return p->ops->less(p->self, a, a_ns, b, b_ns);
}

static int
event_matches(const struct sched_cluster_event *registered, const struct sched_cluster_event *ev)
{
	unsigned res = registered->resource;

	/* Pod events match the assigned/unscheduled sub-kinds and vice versa (wildcards). */
	if (res & SCHED_EV_POD)
		res |= SCHED_EV_ASSIGNED_POD | SCHED_EV_UNSCHEDULED_POD;
	return (res & ev->resource) && (registered->action & ev->action);
}

enum sched_hint
sched_framework_requeue_hint(struct sched_framework *fw, const struct kc_strv *plugins, const json_t *pod,
			     const struct sched_cluster_event *ev, const json_t *old_obj, const json_t *new_obj)
{
	for (size_t i = 0; i < plugins->n; i++) {
		struct sched_plugin *p = find_instance(fw, plugins->v[i]);

		if (!p)
			return SCHED_QUEUE; /* unknown rejector: be safe, as upstream */
		if (!p->ops->events)
			return SCHED_QUEUE; /* a plugin without EnqueueExtensions: any event */
		for (size_t j = 0; j < p->ops->n_events; j++) {
			const struct sched_event_with_hint *eh = &p->ops->events[j];

			if (!event_matches(&eh->event, ev))
				continue;
			if (!eh->hint || eh->hint(p, pod, old_obj, new_obj) == SCHED_QUEUE)
				return SCHED_QUEUE;
		}
	}
	return SCHED_QUEUE_SKIP;
}

/* ---- filtering ----------------------------------------------------------------------------- */

static int
intersect(struct kc_strmap **acc, struct kc_strmap *next)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *key;

	if (!*acc) {
		*acc = next;
		return 0;
	}
	while (kc_strmap_next(*acc, &it, &key, NULL))
		if (!kc_strmap_contains(next, key))
			kc_strmap_remove(*acc, key, NULL);
	kc_strmap_free(next, NULL);
	return 0;
}

enum sched_code
sched_framework_run_pre_filter(struct sched_framework *fw, struct sched_cycle_state *cs,
			       const struct sched_pod_info *pod, const struct sched_snapshot *snap,
			       struct kc_strmap **ret_nodes, struct sched_status *st)
{
	struct kc_strmap *nodes = NULL;

	*ret_nodes = NULL;
	memset(fw->skip_filter, 0, fw->n_points[SCHED_EP_FILTER] + 1);
	memset(fw->skip_pre_filter, 0, fw->n_points[SCHED_EP_PRE_FILTER] + 1);
	for (size_t i = 0; i < fw->n_points[SCHED_EP_PRE_FILTER]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_PRE_FILTER][i];
		struct sched_prefilter_result res = { 0 };
		enum sched_code code = p->ops->pre_filter(p->self, cs, pod, snap, &res, st);

		if (code == SCHED_SKIP) {
			kc_strmap_free(res.node_names, NULL);
			sched_status_reset(st);
			fw->skip_pre_filter[i] = 1;
			for (size_t j = 0; j < fw->n_points[SCHED_EP_FILTER]; j++)
				if (fw->points[SCHED_EP_FILTER][j] == p)
					fw->skip_filter[j] = 1;
			continue;
		}
		if (code != SCHED_SUCCESS) {
			kc_strmap_free(res.node_names, NULL);
			kc_strmap_free(nodes, NULL);
			return failed_by(st, code, p);
		}
		if (res.node_names)
			intersect(&nodes, res.node_names);
	}
	*ret_nodes = nodes;
	return SCHED_SUCCESS;
}

enum sched_code
sched_framework_run_filter(struct sched_framework *fw, struct sched_cycle_state *cs,
			   const struct sched_pod_info *pod, const struct sched_node_info *node,
			   struct sched_status *st)
{
	for (size_t i = 0; i < fw->n_points[SCHED_EP_FILTER]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_FILTER][i];
		enum sched_code code;

		if (fw->skip_filter[i])
			continue;
		fw->filter_calls++;
		code = p->ops->filter(p->self, cs, pod, node, st);
		if (code != SCHED_SUCCESS) {
			/* Only Unschedulable codes are expected from Filter; anything else is an error. */
			if (code != SCHED_UNSCHEDULABLE && code != SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE)
				code = SCHED_ERROR;
			return failed_by(st, code, p);
		}
	}
	return SCHED_SUCCESS;
}

static enum sched_code
run_extension(struct sched_framework *fw, int add, struct sched_cycle_state *cs,
	      const struct sched_pod_info *pod, const struct sched_pod_info *other,
	      const struct sched_node_info *node, struct sched_status *st)
{
	for (size_t i = 0; i < fw->n_points[SCHED_EP_PRE_FILTER]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_PRE_FILTER][i];
		enum sched_code code;

		/* A plugin that skipped PreFilter has no state to update (SkipFilterPlugins). */
		if ((add ? !p->ops->add_pod : !p->ops->remove_pod) || fw->skip_pre_filter[i])
			continue;
		code = add ? p->ops->add_pod(p->self, cs, pod, other, node, st)
			   : p->ops->remove_pod(p->self, cs, pod, other, node, st);
		if (code != SCHED_SUCCESS)
			return failed_by(st, SCHED_ERROR, p);
	}
	return SCHED_SUCCESS;
}

static enum sched_code
handle_remove_pod(struct sched_handle *h, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		  const struct sched_pod_info *to_remove, const struct sched_node_info *node,
		  struct sched_status *st)
{
	return run_extension(h->runtime, 0, cs, pod, to_remove, node, st);
}

static enum sched_code
handle_add_pod(struct sched_handle *h, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_pod_info *to_add, const struct sched_node_info *node,
	       struct sched_status *st)
{
	return run_extension(h->runtime, 1, cs, pod, to_add, node, st);
}

/*
 * addGENominatedPods: a clone of node and state with the nominated pods of priority >= pod's
 * added.  Returns 1 when some were added (*ret_node and *ret_cs new), 0 when none, < 0 on error.
 */
static int
add_nominated_pods(struct sched_framework *fw, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		   const struct sched_node_info *node, struct sched_node_info **ret_node,
		   struct sched_cycle_state **ret_cs)
{
	struct sched_pod_info *const *nominated = NULL;
	size_t n = 0;
	int added = 0;
	struct sched_status st = { 0 };

	if (fw->handle.nominated_pods && node->name)
		n = fw->handle.nominated_pods(&fw->handle, node->name, &nominated);
	for (size_t i = 0; i < n; i++) {
		const struct sched_pod_info *np = nominated[i];

		if (strcmp(np->uid, pod->uid) == 0 || pod_priority(np) < pod_priority(pod))
			continue;
		if (!added) {
			*ret_node = sched_node_info_clone(node);
			*ret_cs = sched_cycle_state_clone(cs);
			if (!*ret_node || !*ret_cs)
				goto fail;
			added = 1;
		}
		if (sched_node_info_add_pod(*ret_node, (struct sched_pod_info *)np) < 0 ||
		    run_extension(fw, 1, *ret_cs, pod, np, *ret_node, &st) != SCHED_SUCCESS)
			goto fail;
	}
	sched_status_reset(&st);
	return added;
fail:
	sched_status_reset(&st);
	*ret_node = sched_node_info_free(*ret_node);
	*ret_cs = sched_cycle_state_free(*ret_cs);
	return KC_ERR_NOMEM;
}

enum sched_code
sched_framework_run_filter_with_nominated(struct sched_framework *fw, struct sched_cycle_state *cs,
					  const struct sched_pod_info *pod, const struct sched_node_info *node,
					  struct sched_status *st)
{
	struct sched_node_info *with = NULL;
	struct sched_cycle_state *with_cs = NULL;
	enum sched_code code;
	int added = add_nominated_pods(fw, cs, pod, node, &with, &with_cs);

	if (added < 0)
		return sched_status_set(st, SCHED_ERROR, "adding nominated pods: out of memory");
	if (!added)
		return sched_framework_run_filter(fw, cs, pod, node, st);
	/* Once with the nominated pods (they may take what the pod needs), once without (they
	 * may be what the pod's affinity needs). */
	code = sched_framework_run_filter(fw, with_cs, pod, with, st);
	sched_node_info_free(with);
	sched_cycle_state_free(with_cs);
	if (code != SCHED_SUCCESS)
		return code;
	return sched_framework_run_filter(fw, cs, pod, node, st);
}

static enum sched_code
handle_run_filter(struct sched_handle *h, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		  const struct sched_node_info *node, struct sched_status *st)
{
	return sched_framework_run_filter_with_nominated(h->runtime, cs, pod, node, st);
}

/* ---- diagnosis ------------------------------------------------------------------------------ */

void
sched_diagnosis_release(struct sched_diagnosis *d)
{
	for (size_t i = 0; i < d->n_statuses; i++)
		sched_status_reset(&d->statuses[i].status);
	free(d->statuses);
	kc_strv_release(&d->unschedulable_plugins);
	kc_strv_release(&d->pending_plugins);
	free(d->pre_filter_msg);
	free(d->post_filter_msg);
	memset(d, 0, sizeof(*d));
}

/* Record a failed node; takes st's reasons. */
static int
diagnosis_add(struct sched_diagnosis *d, const char *node, struct sched_status *st)
{
	if (d->n_statuses == d->alloc) {
		size_t alloc = d->alloc ? d->alloc * 2 : 16;
		struct sched_node_status *v = realloc(d->statuses, alloc * sizeof(*v));

		if (!v)
			return KC_ERR_NOMEM;
		d->statuses = v;
		d->alloc = alloc;
	}
	d->statuses[d->n_statuses].name = node;
	d->statuses[d->n_statuses].status = *st;
	d->n_statuses++;
	if (st->plugin && !kc_strv_contains(&d->unschedulable_plugins, st->plugin))
		kc_strv_push(&d->unschedulable_plugins, st->plugin);
	memset(st, 0, sizeof(*st));
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The "N reason" histogram, sorted as upstream's sortReasonsHistogram. */
static char *
reasons_histogram(const struct sched_diagnosis *d)
{
	struct kc_strmap *counts = kc_strmap_new();
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	struct kc_strv lines = KC_STRV_INIT;
	const char *reason;
	void *v;
	char *out;

	if (!counts)
		return NULL;
	for (size_t i = 0; i < d->n_statuses; i++) {
		const struct sched_status *st = &d->statuses[i].status;

		for (size_t j = 0; j < st->n_reasons; j++) {
			uintptr_t c = (uintptr_t)kc_strmap_get(counts, st->reasons[j]);

			kc_strmap_put(counts, st->reasons[j], (void *)(c + 1), NULL);
		}
	}
	while (kc_strmap_next(counts, &it, &reason, &v))
		kc_strv_pushf(&lines, "%zu %s", (size_t)(uintptr_t)v, reason);
	if (lines.n)
		qsort(lines.v, lines.n, sizeof(*lines.v), cmp_str);
	out = lines.n ? kc_strv_join(&lines, ", ") : strdup("");
	kc_strv_release(&lines);
	kc_strmap_free(counts, NULL);
	return out;
}

char *
sched_diagnosis_message(const struct sched_diagnosis *d)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char *hist;

	kc_strbuf_addf(&sb, "0/%zu nodes are available:", d->n_all_nodes);
	if (d->pre_filter_msg && *d->pre_filter_msg) {
		kc_strbuf_addf(&sb, " %s.", d->pre_filter_msg);
	} else {
		hist = reasons_histogram(d);
		if (hist && *hist)
			kc_strbuf_addf(&sb, " %s.", hist);
		free(hist);
	}
	if (d->post_filter_msg && *d->post_filter_msg)
		kc_strbuf_addf(&sb, " %s.", d->post_filter_msg);
	return kc_strbuf_detach(&sb, NULL);
}

size_t
sched_num_feasible_nodes_to_find(int32_t percentage, size_t n_nodes)
{
	size_t n;

	if (n_nodes < SCHED_MIN_FEASIBLE_NODES_TO_FIND)
		return n_nodes;
	if (percentage == 0) {
		percentage = 50 - (int32_t)(n_nodes / 125);
		if (percentage < SCHED_MIN_FEASIBLE_NODES_PERCENTAGE)
			percentage = SCHED_MIN_FEASIBLE_NODES_PERCENTAGE;
	}
	if (percentage >= 100)
		return n_nodes;
	n = n_nodes * (size_t)percentage / 100;
	return n < SCHED_MIN_FEASIBLE_NODES_TO_FIND ? SCHED_MIN_FEASIBLE_NODES_TO_FIND : n;
}

int
sched_framework_find_feasible(struct sched_framework *fw, struct sched_cycle_state *cs,
			      const struct sched_pod_info *pod, const struct sched_snapshot *snap,
			      const struct kc_strmap *prefilter_nodes, struct sched_node_info ***ret_feasible,
			      size_t *ret_n, struct sched_diagnosis *diag)
{
	size_t n_all = snap->n_nodes, want, found = 0, processed = 0;
	struct sched_node_info **feasible;
	struct sched_status st = { 0 };
	int r = 0;

	*ret_feasible = NULL;
	*ret_n = 0;
	diag->n_all_nodes = n_all;
	if (n_all == 0)
		return 0;
	want = sched_num_feasible_nodes_to_find(fw->percentage, prefilter_nodes ? kc_strmap_size(prefilter_nodes) : n_all);
	feasible = calloc(want ? want : 1, sizeof(*feasible));
	if (!feasible)
		return KC_ERR_NOMEM;
	for (size_t k = 0; k < n_all && found < want; k++) {
		struct sched_node_info *ni = snap->nodes[(fw->next_start_node_index + k) % n_all];
		enum sched_code code;

		if (prefilter_nodes && !kc_strmap_contains(prefilter_nodes, ni->name))
			continue;
		processed++;
		code = sched_framework_run_filter_with_nominated(fw, cs, pod, ni, &st);
		if (code == SCHED_SUCCESS) {
			feasible[found++] = ni;
			sched_status_reset(&st);
			continue;
		}
		if (code == SCHED_ERROR) {
			r = KC_ERR_INTERNAL;
			diagnosis_add(diag, ni->name, &st);
			break;
		}
		if ((r = diagnosis_add(diag, ni->name, &st)) < 0)
			break;
	}
	sched_status_reset(&st);
	/* Without a PreFilter subset the next cycle starts where this one stopped. */
	if (!prefilter_nodes)
		fw->next_start_node_index = (fw->next_start_node_index + processed) % n_all;
	if (r < 0) {
		free(feasible);
		return r;
	}
	*ret_feasible = feasible;
	*ret_n = found;
	return 0;
}

enum sched_code
sched_framework_run_post_filter(struct sched_framework *fw, struct sched_cycle_state *cs,
				const struct sched_pod_info *pod, const struct sched_diagnosis *diag,
				struct sched_postfilter_result *res, struct sched_status *st)
{
	enum sched_code code = SCHED_UNSCHEDULABLE;

	for (size_t i = 0; i < fw->n_points[SCHED_EP_POST_FILTER]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_POST_FILTER][i];

		sched_status_reset(st);
		code = p->ops->post_filter(p->self, cs, pod, diag->statuses, diag->n_statuses, res, st);
		if (code == SCHED_SUCCESS)
			break;
		if (code != SCHED_UNSCHEDULABLE && code != SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE)
			return failed_by(st, code, p);
		st->plugin = p->ops->name;
	}
	return code;
}

/* ---- scoring -------------------------------------------------------------------------------- */

static enum sched_code
run_pre_score(struct sched_framework *fw, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	      struct sched_node_info *const *nodes, size_t n, struct sched_status *st)
{
	memset(fw->skip_score, 0, fw->n_points[SCHED_EP_SCORE] + 1);
	for (size_t i = 0; i < fw->n_points[SCHED_EP_PRE_SCORE]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_PRE_SCORE][i];
		enum sched_code code = p->ops->pre_score(p->self, cs, pod, nodes, n, st);

		if (code == SCHED_SKIP) {
			sched_status_reset(st);
			for (size_t j = 0; j < fw->n_points[SCHED_EP_SCORE]; j++)
				if (fw->points[SCHED_EP_SCORE][j] == p)
					fw->skip_score[j] = 1;
			continue;
		}
		if (code != SCHED_SUCCESS)
			return failed_by(st, SCHED_ERROR, p);
	}
	return SCHED_SUCCESS;
}

static enum sched_code
score_one_plugin(struct sched_framework *fw, struct sched_plugin *p, struct sched_cycle_state *cs,
		 const struct sched_pod_info *pod, struct sched_node_info *const *nodes, size_t n,
		 struct sched_node_score *tmp, struct sched_node_score *total, struct sched_status *st)
{
	for (size_t k = 0; k < n; k++) {
		tmp[k].name = nodes[k]->name;
		tmp[k].score = 0;
		if (p->ops->score(p->self, cs, pod, nodes[k], &tmp[k].score, st) != SCHED_SUCCESS)
			return failed_by(st, SCHED_ERROR, p);
	}
	if (p->ops->normalize_score &&
	    p->ops->normalize_score(p->self, cs, pod, tmp, n, st) != SCHED_SUCCESS)
		return failed_by(st, SCHED_ERROR, p);
	for (size_t k = 0; k < n; k++) {
		if (tmp[k].score < SCHED_MIN_NODE_SCORE || tmp[k].score > SCHED_MAX_NODE_SCORE) {
			sched_status_set(st, SCHED_ERROR,
					 "plugin \"%s\" returns an invalid score %lld, it should in the range of [%d, %d] after normalizing",
					 p->ops->name, (long long)tmp[k].score, SCHED_MIN_NODE_SCORE,
					 SCHED_MAX_NODE_SCORE);
			return failed_by(st, SCHED_ERROR, p);
		}
		total[k].score += tmp[k].score * p->weight;
	}
	return SCHED_SUCCESS;
}

enum sched_code
sched_framework_run_score(struct sched_framework *fw, struct sched_cycle_state *cs,
			  const struct sched_pod_info *pod, struct sched_node_info *const *nodes, size_t n,
			  struct sched_node_score **ret_scores, struct sched_status *st)
{
	struct sched_node_score *total = calloc(n ? n : 1, sizeof(*total)), *tmp;
	enum sched_code code = SCHED_SUCCESS;

	*ret_scores = NULL;
	if (!total)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	for (size_t k = 0; k < n; k++)
		total[k].name = nodes[k]->name;
	/* prioritizeNodes: without Score plugins every node scores 1. */
	if (fw->n_points[SCHED_EP_SCORE] == 0) {
		for (size_t k = 0; k < n; k++)
			total[k].score = 1;
		*ret_scores = total;
		return SCHED_SUCCESS;
	}
	code = run_pre_score(fw, cs, pod, nodes, n, st);
	tmp = calloc(n ? n : 1, sizeof(*tmp));
	if (!tmp && code == SCHED_SUCCESS)
		code = sched_status_set(st, SCHED_ERROR, "out of memory");
	for (size_t i = 0; code == SCHED_SUCCESS && i < fw->n_points[SCHED_EP_SCORE]; i++)
		if (!fw->skip_score[i])
			code = score_one_plugin(fw, fw->points[SCHED_EP_SCORE][i], cs, pod, nodes, n, tmp,
						total, st);
	free(tmp);
	if (code != SCHED_SUCCESS) {
		free(total);
		return code;
	}
	*ret_scores = total;
	return SCHED_SUCCESS;
}

/*
 * Tie-breaking randomness for selectHost: upstream uses math/rand, not a CSPRNG; a getrandom()
 * per tie showed up at the top of the profile.  xorshift64*, seeded once.
 */
static uint64_t
tie_rand(void)
{
	static uint64_t state;

	if (state == 0)
		state = (uint64_t)(kc_clock_rand_unit() * (double)UINT64_MAX) | 1;
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545F4914F6CDD1DULL;
}

size_t
sched_select_host(const struct sched_node_score *scores, size_t n)
{
	size_t best = 0, ties = 1;

	for (size_t i = 1; i < n; i++) {
		if (scores[i].score > scores[best].score) {
			best = i;
			ties = 1;
		} else if (scores[i].score == scores[best].score) {
			ties++;
			/* Reservoir sampling: each tie wins with probability 1/ties. */
			if (tie_rand() % ties == 0)
				best = i;
		}
	}
	return best;
}

/* ---- reserve, permit, bind -------------------------------------------------------------------- */

enum sched_code
sched_framework_run_reserve(struct sched_framework *fw, struct sched_cycle_state *cs,
			    const struct sched_pod_info *pod, const char *node, struct sched_status *st)
{
	for (size_t i = 0; i < fw->n_points[SCHED_EP_RESERVE]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_RESERVE][i];
		enum sched_code code;

		if (!p->ops->reserve)
			continue;
		code = p->ops->reserve(p->self, cs, pod, node, st);
		if (code != SCHED_SUCCESS)
			return failed_by(st, code == SCHED_UNSCHEDULABLE || code == SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE
						     ? code : SCHED_ERROR, p);
	}
	return SCHED_SUCCESS;
}

void
sched_framework_run_unreserve(struct sched_framework *fw, struct sched_cycle_state *cs,
			      const struct sched_pod_info *pod, const char *node)
{
	for (size_t i = fw->n_points[SCHED_EP_RESERVE]; i-- > 0;) {
		struct sched_plugin *p = fw->points[SCHED_EP_RESERVE][i];

		if (p->ops->unreserve)
			p->ops->unreserve(p->self, cs, pod, node);
	}
}

enum sched_code
sched_framework_run_permit(struct sched_framework *fw, struct sched_cycle_state *cs,
			   const struct sched_pod_info *pod, const char *node, int64_t *ret_timeout_ms,
			   struct sched_status *st)
{
	int64_t wait = -1;

	*ret_timeout_ms = 0;
	for (size_t i = 0; i < fw->n_points[SCHED_EP_PERMIT]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_PERMIT][i];
		int64_t timeout = 0;
		enum sched_code code = p->ops->permit(p->self, cs, pod, node, &timeout, st);

		if (code == SCHED_WAIT) {
			sched_status_reset(st);
			if (timeout > MAX_PERMIT_TIMEOUT_MS)
				timeout = MAX_PERMIT_TIMEOUT_MS;
			if (wait < 0 || timeout < wait) {
				wait = timeout;
				st->plugin = p->ops->name;
			}
			continue;
		}
		if (code != SCHED_SUCCESS)
			return failed_by(st, code == SCHED_UNSCHEDULABLE || code == SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE
						     ? code : SCHED_ERROR, p);
	}
	if (wait >= 0) {
		*ret_timeout_ms = wait;
		st->code = SCHED_WAIT;
		return SCHED_WAIT;
	}
	return SCHED_SUCCESS;
}

enum sched_code
sched_framework_run_pre_bind(struct sched_framework *fw, struct sched_cycle_state *cs,
			     const struct sched_pod_info *pod, const char *node, struct sched_status *st)
{
	for (size_t i = 0; i < fw->n_points[SCHED_EP_PRE_BIND]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_PRE_BIND][i];

		if (p->ops->pre_bind(p->self, cs, pod, node, st) != SCHED_SUCCESS)
			return failed_by(st, SCHED_ERROR, p);
	}
	return SCHED_SUCCESS;
}

struct bind_chain {
	struct sched_framework *fw;
	struct sched_cycle_state *cs;
	const struct sched_pod_info *pod;
	const char *node;
	size_t next;
	void (*done)(void *arg, enum sched_code code, const struct sched_status *st);
	void *arg;
	const char *plugin;
};

static void bind_chain_step(struct bind_chain *bc);

static void
bind_chain_finish(struct bind_chain *bc, enum sched_code code, struct sched_status *st)
{
	void (*done)(void *, enum sched_code, const struct sched_status *) = bc->done;
	void *arg = bc->arg;

	if (code != SCHED_SUCCESS && !st->plugin)
		st->plugin = bc->plugin;
	free(bc);
	done(arg, code, st);
}

static void
bind_plugin_done(void *ctx, enum sched_code code, const struct sched_status *st_in)
{
	struct bind_chain *bc = ctx;
	struct sched_status st = { 0 };

	if (code == SCHED_SKIP) {
		bind_chain_step(bc);
		return;
	}
	if (code != SCHED_SUCCESS) {
		if (st_in && st_in->n_reasons)
			sched_status_set(&st, SCHED_ERROR, "%s", st_in->reasons[0]);
		else
			sched_status_set(&st, SCHED_ERROR, "binding rejected: %s", sched_code_name(code));
		code = SCHED_ERROR;
	}
	bind_chain_finish(bc, code, &st);
	sched_status_reset(&st);
}

static void
bind_chain_step(struct bind_chain *bc)
{
	struct sched_framework *fw = bc->fw;
	struct sched_status st = { 0 };

	while (bc->next < fw->n_points[SCHED_EP_BIND]) {
		struct sched_plugin *p = fw->points[SCHED_EP_BIND][bc->next++];
		enum sched_code code;

		bc->plugin = p->ops->name;
		code = p->ops->bind(p->self, bc->cs, bc->pod, bc->node, bind_plugin_done, bc, &st);
		if (code == SCHED_SKIP) {
			sched_status_reset(&st);
			continue;
		}
		if (code == SCHED_SUCCESS)
			return; /* started: bind_plugin_done() continues */
		st.plugin = p->ops->name;
		bind_chain_finish(bc, SCHED_ERROR, &st);
		sched_status_reset(&st);
		return;
	}
	/* Every Bind plugin skipped: upstream's "bind plugins skipped" error. */
	sched_status_set(&st, SCHED_ERROR, "all bind plugins skipped binding pod %s/%s", bc->pod->ns, bc->pod->name);
	bind_chain_finish(bc, SCHED_ERROR, &st);
	sched_status_reset(&st);
}

void
sched_framework_run_bind(struct sched_framework *fw, struct sched_cycle_state *cs,
			 const struct sched_pod_info *pod, const char *node,
			 void (*done)(void *arg, enum sched_code code, const struct sched_status *st), void *arg)
{
	struct bind_chain *bc = calloc(1, sizeof(*bc));
	struct sched_status st = { 0 };

	if (!bc) {
		sched_status_set(&st, SCHED_ERROR, "out of memory");
		done(arg, SCHED_ERROR, &st);
		sched_status_reset(&st);
		return;
	}
	bc->fw = fw;
	bc->cs = cs;
	bc->pod = pod;
	bc->node = node;
	bc->done = done;
	bc->arg = arg;
	bind_chain_step(bc);
}

void
sched_framework_run_post_bind(struct sched_framework *fw, struct sched_cycle_state *cs,
			      const struct sched_pod_info *pod, const char *node)
{
	for (size_t i = 0; i < fw->n_points[SCHED_EP_POST_BIND]; i++) {
		struct sched_plugin *p = fw->points[SCHED_EP_POST_BIND][i];

		p->ops->post_bind(p->self, cs, pod, node);
	}
}
