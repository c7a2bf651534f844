/*
 * node_resources_fit.c - the NodeResourcesFit plugin (upstream:
 * pkg/scheduler/framework/plugins/noderesources/fit.go).
 *
 * Filter: the node must have room for the pod's effective requests (containers, init
 * containers, sidecars, overhead: sched_pod_requests) next to what its pods already request,
 * and one more pod slot.  Reasons are upstream's ("Too many pods", "Insufficient cpu",
 * "Insufficient memory", "Insufficient <resource>"); a request beyond the node's whole
 * allocatable cannot be fixed by preemption, so the code is then UnschedulableAndUnresolvable.
 * Score: the configured strategy (LeastAllocated by default, MostAllocated,
 * RequestedToCapacityRatio) over the configured resources.
 */
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "kube-scheduler/plugins/resource_allocation.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

#define PRESCORE_KEY "PreScoreNodeResourcesFit"

struct node_resources_fit {
	json_t *ignored_resources;        /* array of names */
	json_t *ignored_resource_groups;  /* array of prefixes */
	struct sched_resource_scorer scorer;
};

static void
fit_free(void *self)
{
	struct node_resources_fit *f = self;

	if (f == NULL)
		return;
	json_decref(f->ignored_resources);
	json_decref(f->ignored_resource_groups);
	sched_resource_scorer_release(&f->scorer);
	free(f);
}

static int
strategy_from_name(const char *name, enum sched_scoring_strategy *ret)
{
	if (strcmp(name, "LeastAllocated") == 0)
		*ret = SCHED_LEAST_ALLOCATED;
	else if (strcmp(name, "MostAllocated") == 0)
		*ret = SCHED_MOST_ALLOCATED;
	else if (strcmp(name, "RequestedToCapacityRatio") == 0)
		*ret = SCHED_REQUESTED_TO_CAPACITY_RATIO;
	else
		return KC_ERR_INVALID;
	return 0;
}

static void *
fit_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	const json_t *ss = json_object_get(args, "scoringStrategy");
	const char *type = kc_json_get_string(ss, "type", "LeastAllocated");
	struct node_resources_fit *f = calloc(1, sizeof(*f));
	enum sched_scoring_strategy strategy;
	char *err = NULL;

	(void)h;
	if (f == NULL)
		return NULL;
	f->ignored_resources = json_incref(kc_json_get_array(args, "ignoredResources"));
	f->ignored_resource_groups = json_incref(kc_json_get_array(args, "ignoredResourceGroups"));
	if (strategy_from_name(*type != '\0' ? type : "LeastAllocated", &strategy) < 0) {
		if (ret_err != NULL)
			*ret_err = kc_strfmt("scoringStrategy.type: Unsupported value: \"%s\": supported values: "
					     "\"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\"", type);
		fit_free(f);
		return NULL;
	}
	if (sched_resource_scorer_init(&f->scorer, strategy, json_object_get(ss, "resources"),
				       kc_json_get(ss, "requestedToCapacityRatio", "shape", NULL), &err) < 0) {
		if (ret_err != NULL)
			*ret_err = err != NULL ? kc_strfmt("scoringStrategy.%s", err) : NULL;
		free(err);
		fit_free(f);
		return NULL;
	}
	return f;
}

/* IsExtendedResourceName: a domain-prefixed name outside kubernetes.io (not "requests."). */
static int
is_extended_resource(const char *name)
{
	return strchr(name, '/') != NULL && strstr(name, "kubernetes.io/") == NULL &&
	       strncmp(name, "requests.", 9) != 0;
}

static int
ignored(const struct node_resources_fit *f, const char *name)
{
	const char *slash;
	char prefix[256];

	if (!is_extended_resource(name))
		return 0;
	if (sched_json_strv_contains(f->ignored_resources, name))
		return 1;
	slash = strchr(name, '/');
	if (slash == NULL || (size_t)(slash - name) >= sizeof(prefix))
		return 0;
	memcpy(prefix, name, (size_t)(slash - name));
	prefix[slash - name] = '\0';
	return sched_json_strv_contains(f->ignored_resource_groups, prefix);
}

/* One insufficient resource: appends the reason, remembers whether it is unresolvable. */
static void
insufficient(struct sched_status *st, int *unresolvable, int beyond_capacity, const char *reason)
{
	sched_status_set(st, SCHED_UNSCHEDULABLE, "%s", reason);
	if (beyond_capacity)
		*unresolvable = 1;
}

/* fitsRequest; returns the number of insufficient resources (reasons go to st). */
static size_t
fits_request(const struct node_resources_fit *f, const struct sched_resource *req,
	     const struct sched_node_info *node, struct sched_status *st, int *unresolvable)
{
	const struct sched_resource *alloc = &node->allocatable, *used = &node->requested;
	size_t before = st->n_reasons, i;

	if ((int64_t)node->n_pods + 1 > alloc->allowed_pod_number)
		insufficient(st, unresolvable, 0, "Too many pods");
	if (req->milli_cpu == 0 && req->memory == 0 && req->ephemeral_storage == 0 && req->n_scalars == 0)
		return st->n_reasons - before;
	if (req->milli_cpu > 0 && req->milli_cpu > alloc->milli_cpu - used->milli_cpu)
		insufficient(st, unresolvable, req->milli_cpu > alloc->milli_cpu, "Insufficient cpu");
	if (req->memory > 0 && req->memory > alloc->memory - used->memory)
		insufficient(st, unresolvable, req->memory > alloc->memory, "Insufficient memory");
	if (req->ephemeral_storage > 0 && req->ephemeral_storage > alloc->ephemeral_storage - used->ephemeral_storage)
		insufficient(st, unresolvable, req->ephemeral_storage > alloc->ephemeral_storage, "Insufficient ephemeral-storage");
	for (i = 0; i < req->n_scalars; i++) {
		const struct sched_scalar *s = &req->scalars[i];
		int64_t cap = sched_resource_scalar(alloc, s->name);

		if (s->value == 0 || (f != NULL && ignored(f, s->name)))
			continue;
		if (s->value > cap - sched_resource_scalar(used, s->name)) {
			sched_status_set(st, SCHED_UNSCHEDULABLE, "Insufficient %s", s->name);
			if (s->value > cap)
				*unresolvable = 1;
		}
	}
	return st->n_reasons - before;
}

static enum sched_code
fit_pre_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_snapshot *snap, struct sched_prefilter_result *res, struct sched_status *st)
{
	/* The requests were computed with the pod info (computePodResourceRequest). */
	(void)self;
	(void)cs;
	(void)pod;
	(void)snap;
	(void)res;
	(void)st;
	return SCHED_SUCCESS;
}

static enum sched_code
fit_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	   const struct sched_node_info *node, struct sched_status *st)
{
	int unresolvable = 0;

	(void)cs;
	if (fits_request(self, &pod->requests, node, st, &unresolvable) == 0)
		return SCHED_SUCCESS;
	st->code = unresolvable ? SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE : SCHED_UNSCHEDULABLE;
	return st->code;
}

static enum sched_code
fit_pre_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	      struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st)
{
	struct node_resources_fit *f = self;
	int64_t *req = sched_resource_scorer_pod_requests(&f->scorer, pod);

	(void)nodes;
	(void)n_nodes;
	if (req == NULL || sched_cycle_state_write(cs, PRESCORE_KEY, req, free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
fit_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	  const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st)
{
	struct node_resources_fit *f = self;
	const int64_t *req = sched_cycle_state_read(cs, PRESCORE_KEY);
	int64_t *own = NULL;

	if (req == NULL && (req = own = sched_resource_scorer_pod_requests(&f->scorer, pod)) == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	*ret_score = sched_resource_scorer_score(&f->scorer, node, req);
	free(own);
	return SCHED_SUCCESS;
}

/* isFit: the pod alone on an empty node built from the Node object. */
static int
fits_node_json(const struct sched_pod_info *pi, const json_t *node_json)
{
	struct sched_node_info *ni = sched_node_info_new();
	struct sched_status st = { 0 };
	int unresolvable = 0, fits = 1;

	if (ni != NULL && sched_node_info_set_node(ni, (json_t *)node_json) >= 0)
		fits = fits_request(NULL, &pi->requests, ni, &st, &unresolvable) == 0;
	sched_status_reset(&st);
	sched_node_info_free(ni);
	return fits;
}

/* haveAnyRequestedResourcesIncreased: more pod slots, or more of something the pod asks for. */
static int
requested_resources_increased(const struct sched_pod_info *pi, const json_t *old_node, const json_t *new_node)
{
	const struct sched_resource *req = &pi->requests;
	struct sched_resource a = { 0 }, b = { 0 };
	int increased = 0;
	size_t i;

	sched_resource_from_list(&a, kc_json_get(old_node, "status", "allocatable", NULL));
	sched_resource_from_list(&b, kc_json_get(new_node, "status", "allocatable", NULL));
	if (b.allowed_pod_number > a.allowed_pod_number ||
	    (req->milli_cpu > 0 && b.milli_cpu > a.milli_cpu) || (req->memory > 0 && b.memory > a.memory) ||
	    (req->ephemeral_storage > 0 && b.ephemeral_storage > a.ephemeral_storage))
		increased = 1;
	for (i = 0; i < req->n_scalars && !increased; i++)
		if (req->scalars[i].value != 0 &&
		    sched_resource_scalar(&b, req->scalars[i].name) > sched_resource_scalar(&a, req->scalars[i].name))
			increased = 1;
	sched_resource_release(&a);
	sched_resource_release(&b);
	return increased;
}

/* A new node the pod fits, or an updated one whose allocatable grew where the pod asks. */
static enum sched_hint
fit_node_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	struct sched_pod_info *pi;
	enum sched_hint hint = SCHED_QUEUE;

	(void)p;
	if (new_obj == NULL)
		return SCHED_QUEUE_SKIP;
	if ((pi = sched_pod_info_new((json_t *)pod)) == NULL)
		return SCHED_QUEUE;
	if (!fits_node_json(pi, new_obj))
		hint = SCHED_QUEUE_SKIP;
	else if (old_obj != NULL && !requested_resources_increased(pi, old_obj, new_obj))
		hint = SCHED_QUEUE_SKIP;
	sched_pod_info_unref(pi);
	return hint;
}

/* isSchedulableAfterPodScaleDown: the pod itself, or an assigned pod that shrank where the pod asks. */
static int
scaled_down_for(const json_t *target, const json_t *old_obj, const json_t *new_obj)
{
	struct sched_resource want = { 0 }, before = { 0 }, after = { 0 };
	const char *uid = kc_meta_uid(target), *mod = kc_meta_uid(new_obj);
	int freed = 0;
	size_t i;

	if (uid != NULL && mod != NULL && strcmp(uid, mod) == 0)
		return 1;
	if (*kc_json_get_string(new_obj, "spec.nodeName", "") == '\0')
		return 0;
	if (sched_pod_requests(target, &want, NULL) < 0 || sched_pod_requests(old_obj, &before, NULL) < 0 ||
	    sched_pod_requests(new_obj, &after, NULL) < 0) {
		freed = 1;
		goto out;
	}
	freed = (want.milli_cpu > 0 && before.milli_cpu > after.milli_cpu) ||
		(want.memory > 0 && before.memory > after.memory) ||
		(want.ephemeral_storage > 0 && before.ephemeral_storage > after.ephemeral_storage);
	for (i = 0; i < want.n_scalars && !freed; i++)
		if (want.scalars[i].value != 0 && sched_resource_scalar(&before, want.scalars[i].name) >
							 sched_resource_scalar(&after, want.scalars[i].name))
			freed = 1;
out:
	sched_resource_release(&want);
	sched_resource_release(&before);
	sched_resource_release(&after);
	return freed;
}

/* A deleted pod that was assigned (or nominated) frees room; so may a scaled-down one. */
static enum sched_hint
fit_pod_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	(void)p;
	if (new_obj == NULL) {
		if (*kc_json_get_string(old_obj, "spec.nodeName", "") == '\0' &&
		    *kc_json_get_string(old_obj, "status.nominatedNodeName", "") == '\0')
			return SCHED_QUEUE_SKIP;
		return SCHED_QUEUE;
	}
	return scaled_down_for(pod, old_obj, new_obj) ? SCHED_QUEUE : SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint fit_events[] = {
	{ { SCHED_EV_POD, SCHED_ACT_DELETE | SCHED_ACT_UPDATE_POD_SCALE_DOWN }, fit_pod_hint },
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_UPDATE_NODE_ALLOCATABLE }, fit_node_hint },
};

const struct sched_plugin_ops sched_plugin_node_resources_fit = {
	.name = "NodeResourcesFit",
	.new_plugin = fit_new,
	.free_plugin = fit_free,
	.events = fit_events,
	.n_events = 2,
	.pre_filter = fit_pre_filter,
	.filter = fit_filter,
	.pre_score = fit_pre_score,
	.score = fit_score,
};
