/*
 * node_affinity.c - the NodeAffinity plugin (upstream:
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go).
 *
 * Filter: spec.nodeSelector and the required nodeSelectorTerms (ORed; matchExpressions with
 * In/NotIn/Exists/DoesNotExist/Gt/Lt, matchFields on metadata.name), plus the profile's
 * addedAffinity.  PreFilter narrows the nodes to the metadata.name In values when every term
 * pins names.  Score sums the weights of the matching preferred terms; NormalizeScore scales
 * by the maximum.
 */
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

#define PREFILTER_KEY "PreFilterNodeAffinity"
#define PRESCORE_KEY "PreScoreNodeAffinity"
#define ERR_REASON_POD "node(s) didn't match Pod's node affinity/selector"
#define ERR_REASON_ENFORCED "node(s) didn't match scheduler-enforced node affinity"
#define ERR_REASON_CONFLICT "pod affinity terms conflict"

struct node_affinity {
	struct sched_node_selector *added_required;   /* addedAffinity required terms, or NULL */
	struct sched_node_selector *added_preferred;  /* addedAffinity preferred terms, or NULL */
};

static void
node_affinity_free(void *self)
{
	struct node_affinity *pl = self;

	if (pl == NULL)
		return;
	sched_node_selector_free(pl->added_required);
	sched_node_selector_free(pl->added_preferred);
	free(pl);
}

static void *
node_affinity_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	const json_t *added = json_object_get(args, "addedAffinity");
	const json_t *req = json_object_get(added, "requiredDuringSchedulingIgnoredDuringExecution");
	const json_t *pref = json_object_get(added, "preferredDuringSchedulingIgnoredDuringExecution");
	struct node_affinity *pl = calloc(1, sizeof(*pl));
	char *err = NULL;

	(void)h;
	if (pl == NULL)
		return NULL;
	if (json_is_object(req))
		pl->added_required = sched_node_selector_parse(json_object_get(req, "nodeSelectorTerms"), 0, &err);
	if (err == NULL && json_array_size(pref) > 0)
		pl->added_preferred = sched_node_selector_parse(pref, 1, &err);
	if (err != NULL) {
		if (ret_err != NULL)
			*ret_err = kc_strfmt("addedAffinity: %s", err);
		free(err);
		node_affinity_free(pl);
		return NULL;
	}
	return pl;
}

static void
required_free(void *p)
{
	sched_required_node_affinity_release(p);
	free(p);
}

/* The names a term pins with metadata.name In (intersected), or NULL when it pins none. */
static struct kc_strmap *
term_node_names(const json_t *term)
{
	struct kc_strmap *names = NULL;
	size_t i, j;
	json_t *req, *v;

	json_array_foreach(json_object_get(term, "matchFields"), i, req) {
		struct kc_strmap *s;

		if (strcmp(kc_json_get_string(req, "key", ""), "metadata.name") != 0 ||
		    strcmp(kc_json_get_string(req, "operator", ""), "In") != 0)
			continue;
		s = kc_strmap_new();
		json_array_foreach(json_object_get(req, "values"), j, v)
			if (json_is_string(v) && (names == NULL || kc_strmap_contains(names, json_string_value(v))))
				kc_strmap_put(s, json_string_value(v), (void *)1, NULL);
		kc_strmap_free(names, NULL);
		names = s;
	}
	return names;
}

/*
 * The union of the names each term pins; NULL when some term pins none (all nodes eligible).
 * *ret_any is set when at least one term was seen.
 */
static struct kc_strmap *
required_node_names(const json_t *terms)
{
	struct kc_strmap *all = NULL;
	const char *key;
	size_t i;
	json_t *term;

	json_array_foreach(terms, i, term) {
		struct kc_strmap *names = term_node_names(term);
		struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
		void *v;

		if (names == NULL) {
			kc_strmap_free(all, NULL);
			return NULL;
		}
		if (all == NULL)
			all = kc_strmap_new();
		while (kc_strmap_next(names, &it, &key, &v))
			kc_strmap_put(all, key, (void *)1, NULL);
		kc_strmap_free(names, NULL);
	}
	return all;
}

static enum sched_code
node_affinity_pre_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			 const struct sched_snapshot *snap, struct sched_prefilter_result *res,
			 struct sched_status *st)
{
	struct node_affinity *pl = self;
	const json_t *req = kc_json_get(pod->pod, "spec", "affinity", "nodeAffinity",
					"requiredDuringSchedulingIgnoredDuringExecution", NULL);
	int no_node_affinity = !json_is_object(req);
	struct sched_required_node_affinity *state;
	struct kc_strmap *names;

	(void)snap;
	if (no_node_affinity && pl->added_required == NULL &&
	    !json_is_object(kc_json_get(pod->pod, "spec", "nodeSelector", NULL)))
		return SCHED_SKIP;
	state = calloc(1, sizeof(*state));
	if (state == NULL || sched_required_node_affinity_init(state, pod->pod) < 0) {
		free(state);
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	}
	if (sched_cycle_state_write(cs, PREFILTER_KEY, state, required_free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	if (no_node_affinity || pl->added_required != NULL)
		return SCHED_SUCCESS;
	names = required_node_names(json_object_get(req, "nodeSelectorTerms"));
	if (names == NULL)
		return SCHED_SUCCESS;
	if (kc_strmap_size(names) == 0) {
		kc_strmap_free(names, NULL);
		return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_CONFLICT);
	}
	if (res != NULL) {
		kc_strmap_free(res->node_names, NULL);
		res->node_names = names;
	} else {
		kc_strmap_free(names, NULL);
	}
	return SCHED_SUCCESS;
}

static enum sched_code
node_affinity_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		     const struct sched_node_info *node, struct sched_status *st)
{
	struct node_affinity *pl = self;
	const struct sched_required_node_affinity *state = sched_cycle_state_read(cs, PREFILTER_KEY);
	struct sched_required_node_affinity tmp;
	int match;

	if (node->node == NULL)
		return sched_status_set(st, SCHED_ERROR, "node not found");
	if (pl->added_required != NULL && !sched_node_selector_matches(pl->added_required, node->node))
		return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_ENFORCED);
	if (state != NULL) {
		match = sched_required_node_affinity_matches(state, node->node);
	} else {
		/* PreFilter skipped: nothing required, or a caller that did not run it. */
		if (sched_required_node_affinity_init(&tmp, pod->pod) < 0)
			return sched_status_set(st, SCHED_ERROR, "out of memory");
		match = sched_required_node_affinity_matches(&tmp, node->node);
		sched_required_node_affinity_release(&tmp);
	}
	if (!match)
		return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_POD);
	return SCHED_SUCCESS;
}

static void
selector_free(void *p)
{
	sched_node_selector_free(p);
}

static enum sched_code
node_affinity_pre_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st)
{
	struct node_affinity *pl = self;
	const json_t *pref = kc_json_get(pod->pod, "spec", "affinity", "nodeAffinity",
					 "preferredDuringSchedulingIgnoredDuringExecution", NULL);
	struct sched_node_selector *sel;
	char *err = NULL;

	(void)nodes;
	(void)n_nodes;
	if (json_array_size(pref) == 0 && pl->added_preferred == NULL)
		return SCHED_SKIP;
	sel = sched_node_selector_parse(pref, 1, &err);
	if (sel == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	if (err != NULL) {
		enum sched_code code = sched_status_set(st, SCHED_ERROR, "%s", err);

		free(err);
		sched_node_selector_free(sel);
		return code;
	}
	if (sched_cycle_state_write(cs, PRESCORE_KEY, sel, selector_free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static int64_t
preferred_weight(const struct sched_node_selector *s, const json_t *node)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++)
		if (sched_node_selector_term_matches(&s->terms[i], node))
			sum += s->terms[i].weight;
	return sum;
}

static enum sched_code
node_affinity_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		    const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st)
{
	struct node_affinity *pl = self;
	const struct sched_node_selector *sel = sched_cycle_state_read(cs, PRESCORE_KEY);
	int64_t score;

	(void)pod;
	(void)st;
	score = preferred_weight(pl->added_preferred, node->node) + preferred_weight(sel, node->node);
	*ret_score = score;
	return SCHED_SUCCESS;
}

static enum sched_code
node_affinity_normalize(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			struct sched_node_score *scores, size_t n, struct sched_status *st)
{
	(void)self;
	(void)cs;
	(void)pod;
	(void)st;
	sched_default_normalize_score(SCHED_MAX_NODE_SCORE, 0, scores, n);
	return SCHED_SUCCESS;
}

/* Queue when the changed node matches now and did not before (or is new). */
static enum sched_hint
node_affinity_node_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	struct node_affinity *pl = p != NULL ? p->self : NULL;
	struct sched_required_node_affinity req;
	enum sched_hint hint = SCHED_QUEUE_SKIP;

	if (new_obj == NULL)
		return SCHED_QUEUE_SKIP;
	if (pl != NULL && pl->added_required != NULL && !sched_node_selector_matches(pl->added_required, new_obj))
		return SCHED_QUEUE_SKIP;
	if (sched_required_node_affinity_init(&req, pod) < 0)
		return SCHED_QUEUE;
	if (sched_required_node_affinity_matches(&req, new_obj) &&
	    (old_obj == NULL || !sched_required_node_affinity_matches(&req, old_obj)))
		hint = SCHED_QUEUE;
	sched_required_node_affinity_release(&req);
	return hint;
}

static const struct sched_event_with_hint node_affinity_events[] = {
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_UPDATE_NODE_LABEL }, node_affinity_node_hint },
};

const struct sched_plugin_ops sched_plugin_node_affinity = {
	.name = "NodeAffinity",
	.new_plugin = node_affinity_new,
	.free_plugin = node_affinity_free,
	.events = node_affinity_events,
	.n_events = 1,
	.pre_filter = node_affinity_pre_filter,
	.filter = node_affinity_filter,
	.pre_score = node_affinity_pre_score,
	.score = node_affinity_score,
	.normalize_score = node_affinity_normalize,
};
