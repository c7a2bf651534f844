/*
 * inter_pod_affinity.c - the InterPodAffinity plugin (upstream:
 * pkg/scheduler/framework/plugins/interpodaffinity/plugin.go, filtering.go, scoring.go).
 *
 * PreFilter counts, per topology pair (label key, value of a node):
 *  - existing pods' required anti-affinity terms that match the incoming pod (symmetry: an
 *    existing pod that refuses the incoming pod keeps it out of its topology domain);
 *  - existing pods matching all of the incoming pod's required affinity terms;
 *  - existing pods matching each of its required anti-affinity terms.
 * Filter then only looks the node's labels up in those maps.  AddPod/RemovePod update the
 * counts for preemption's what-if runs (the state is cloneable).
 *
 * Score sums, per topology pair, the weights of preferred terms in both directions (and the
 * existing pods' required affinity terms times hardPodAffinityWeight); NormalizeScore maps the
 * range [min, max] onto [0, 100].
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"
#include "libkcommon/strbuf.h"

#define PREFILTER_KEY "PreFilterInterPodAffinity"
#define PRESCORE_KEY "PreScoreInterPodAffinity"
#define ERR_AFFINITY "node(s) didn't match pod affinity rules"
#define ERR_ANTI_AFFINITY "node(s) didn't match pod anti-affinity rules"
#define ERR_EXISTING_ANTI_AFFINITY "node(s) didn't satisfy existing pods anti-affinity rules"

struct inter_pod_affinity {
	struct sched_handle *h;
	int64_t hard_pod_affinity_weight;
	int ignore_preferred_terms_of_existing_pods;
};

struct ipa_prefilter_state {
	const struct sched_pod_info *pod;     /* borrowed: lives longer than the cycle */
	json_t *ns_labels;                    /* the incoming pod's namespace's labels (reference) */
	struct kc_strmap *existing_anti_affinity;
	struct kc_strmap *affinity;
	struct kc_strmap *anti_affinity;
};

static void *
ipa_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	struct inter_pod_affinity *pl = calloc(1, sizeof(*pl));
	const json_t *w = json_object_get(args, "hardPodAffinityWeight");

	if (pl == NULL)
		return NULL;
	pl->h = h;
	pl->hard_pod_affinity_weight = json_is_integer(w) ? json_integer_value(w) : 1;
	pl->ignore_preferred_terms_of_existing_pods = kc_json_get_bool(args, "ignorePreferredTermsOfExistingPods", 0);
	if (pl->hard_pod_affinity_weight < 0 || pl->hard_pod_affinity_weight > 100) {
		if (ret_err != NULL)
			*ret_err = kc_strfmt("hardPodAffinityWeight: Invalid value: %lld: not in valid range [0, 100]",
					     (long long)pl->hard_pod_affinity_weight);
		free(pl);
		return NULL;
	}
	return pl;
}

static void
ipa_free(void *self)
{
	free(self);
}

/* The labels of a namespace from the informer store (borrowed), or NULL. */
static const json_t *
namespace_labels(const struct inter_pod_affinity *pl, const char *ns)
{
	if (pl == NULL || pl->h == NULL || pl->h->namespaces == NULL || ns == NULL)
		return NULL;
	return kc_meta_labels(kc_store_get(pl->h->namespaces, ns));
}

/*
 * term.Matches(pod) for the incoming pod's terms against other pods: upstream resolves
 * namespaceSelector to namespace names through the namespace lister, we look the other pod's
 * namespace labels up when the term has a selector.
 */
static int
term_matches_other(const struct inter_pod_affinity *pl, const struct sched_affinity_term *t, const json_t *pod)
{
	const json_t *labels = t->namespace_selector != NULL ? namespace_labels(pl, kc_meta_namespace(pod)) : NULL;

	return sched_affinity_term_matches(t, pod, labels);
}

static const char *
node_label(const struct sched_node_info *ni, const char *key)
{
	const json_t *v = json_object_get(sched_node_info_labels(ni), key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
counts_update(struct kc_strmap *m, const struct sched_node_info *node, const char *key, int64_t delta)
{
	const char *value = node_label(node, key);
	char pair[512];

	if (value != NULL)
		sched_counts_add(m, sched_topology_pair(pair, sizeof(pair), key, value), delta);
}

static int
pod_matches_all_terms(const struct inter_pod_affinity *pl, const struct sched_affinity_term *terms, size_t n,
		      const json_t *pod)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!term_matches_other(pl, &terms[i], pod))
			return 0;
	return 1;
}

/* updateWithPod: one existing pod added (delta 1) or removed (-1) on node. */
static void
ipa_state_update(const struct inter_pod_affinity *pl, struct ipa_prefilter_state *s, const struct sched_pod_info *other,
		 const struct sched_node_info *node, int64_t delta)
{
	size_t i;

	for (i = 0; i < other->n_required_anti_affinity; i++)
		if (sched_affinity_term_matches(&other->required_anti_affinity[i], s->pod->pod, s->ns_labels))
			counts_update(s->existing_anti_affinity, node, other->required_anti_affinity[i].topology_key, delta);
	if (pod_matches_all_terms(pl, s->pod->required_affinity, s->pod->n_required_affinity, other->pod))
		for (i = 0; i < s->pod->n_required_affinity; i++)
			counts_update(s->affinity, node, s->pod->required_affinity[i].topology_key, delta);
	for (i = 0; i < s->pod->n_required_anti_affinity; i++)
		if (term_matches_other(pl, &s->pod->required_anti_affinity[i], other->pod))
			counts_update(s->anti_affinity, node, s->pod->required_anti_affinity[i].topology_key, delta);
}

static void
ipa_prefilter_state_free(void *p)
{
	struct ipa_prefilter_state *s = p;

	if (s == NULL)
		return;
	json_decref(s->ns_labels);
	kc_strmap_free(s->existing_anti_affinity, NULL);
	kc_strmap_free(s->affinity, NULL);
	kc_strmap_free(s->anti_affinity, NULL);
	free(s);
}

static void *
ipa_prefilter_state_clone(const void *p)
{
	const struct ipa_prefilter_state *s = p;
	struct ipa_prefilter_state *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->pod = s->pod;
	c->ns_labels = json_incref(s->ns_labels);
	c->existing_anti_affinity = sched_counts_clone(s->existing_anti_affinity);
	c->affinity = sched_counts_clone(s->affinity);
	c->anti_affinity = sched_counts_clone(s->anti_affinity);
	if (c->existing_anti_affinity == NULL || c->affinity == NULL || c->anti_affinity == NULL) {
		ipa_prefilter_state_free(c);
		return NULL;
	}
	return c;
}

static enum sched_code
ipa_pre_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_snapshot *snap, struct sched_prefilter_result *res, struct sched_status *st)
{
	struct inter_pod_affinity *pl = self;
	struct ipa_prefilter_state *s;
	size_t i, j, k;

	(void)res;
	if (pod->parse_error != NULL)
		return sched_status_set(st, SCHED_ERROR, "parsing pod: %s", pod->parse_error);
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	s->pod = pod;
	s->ns_labels = json_incref((json_t *)namespace_labels(pl, pod->ns));
	s->existing_anti_affinity = kc_strmap_new();
	s->affinity = kc_strmap_new();
	s->anti_affinity = kc_strmap_new();
	if (s->existing_anti_affinity == NULL || s->affinity == NULL || s->anti_affinity == NULL) {
		ipa_prefilter_state_free(s);
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	}
	/* Existing pods' anti-affinity towards the incoming pod: only nodes that have such pods. */
	for (i = 0; snap != NULL && i < snap->n_have_pods_with_required_anti_affinity; i++) {
		const struct sched_node_info *ni = snap->have_pods_with_required_anti_affinity[i];

		for (j = 0; j < ni->n_pods; j++) {
			const struct sched_pod_info *other = ni->pods[j];

			for (k = 0; k < other->n_required_anti_affinity; k++)
				if (sched_affinity_term_matches(&other->required_anti_affinity[k], pod->pod, s->ns_labels))
					counts_update(s->existing_anti_affinity, ni,
						      other->required_anti_affinity[k].topology_key, 1);
		}
	}
	/* The incoming pod's own required terms against every existing pod. */
	if (pod->n_required_affinity > 0 || pod->n_required_anti_affinity > 0) {
		for (i = 0; snap != NULL && i < snap->n_nodes; i++) {
			const struct sched_node_info *ni = snap->nodes[i];

			if (ni->node == NULL)
				continue;
			for (j = 0; j < ni->n_pods; j++) {
				const struct sched_pod_info *other = ni->pods[j];

				if (pod_matches_all_terms(pl, pod->required_affinity, pod->n_required_affinity, other->pod))
					for (k = 0; k < pod->n_required_affinity; k++)
						counts_update(s->affinity, ni, pod->required_affinity[k].topology_key, 1);
				for (k = 0; k < pod->n_required_anti_affinity; k++)
					if (term_matches_other(pl, &pod->required_anti_affinity[k], other->pod))
						counts_update(s->anti_affinity, ni,
							      pod->required_anti_affinity[k].topology_key, 1);
			}
		}
	}
	if (kc_strmap_size(s->existing_anti_affinity) == 0 && pod->n_required_affinity == 0 &&
	    pod->n_required_anti_affinity == 0) {
		ipa_prefilter_state_free(s);
		return SCHED_SKIP;
	}
	if (sched_cycle_state_write_cloneable(cs, PREFILTER_KEY, s, ipa_prefilter_state_free,
					      ipa_prefilter_state_clone) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
ipa_add_remove(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *other,
	       const struct sched_node_info *node, int64_t delta, struct sched_status *st)
{
	struct ipa_prefilter_state *s = sched_cycle_state_read(cs, PREFILTER_KEY);

	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "reading \"%s\" from cycleState: not found", PREFILTER_KEY);
	if (node->node != NULL)
		ipa_state_update(self, s, other, node, delta);
	return SCHED_SUCCESS;
}

static enum sched_code
ipa_add_pod(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	    const struct sched_pod_info *to_add, const struct sched_node_info *node, struct sched_status *st)
{
	(void)pod;
	return ipa_add_remove(self, cs, to_add, node, 1, st);
}

static enum sched_code
ipa_remove_pod(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_pod_info *to_remove, const struct sched_node_info *node, struct sched_status *st)
{
	(void)pod;
	return ipa_add_remove(self, cs, to_remove, node, -1, st);
}

static int
satisfy_pod_affinity(const struct inter_pod_affinity *pl, const struct ipa_prefilter_state *s,
		     const struct sched_node_info *node)
{
	int pods_exist = 1;
	size_t i;
	char pair[512];

	for (i = 0; i < s->pod->n_required_affinity; i++) {
		const struct sched_affinity_term *t = &s->pod->required_affinity[i];
		const char *value = node_label(node, t->topology_key);

		if (value == NULL)
			return 0;   /* every topology label must exist on the node */
		if (sched_counts_get(s->affinity, sched_topology_pair(pair, sizeof(pair), t->topology_key, value)) <= 0)
			pods_exist = 0;
	}
	if (pods_exist)
		return 1;
	/*
	 * The first pod of a group with affinity to itself: no pod anywhere matches, but the pod
	 * matches its own terms, so it may start the group.
	 */
	return kc_strmap_size(s->affinity) == 0 &&
	       pod_matches_all_terms(pl, s->pod->required_affinity, s->pod->n_required_affinity, s->pod->pod);
}

static int
satisfy_pod_anti_affinity(const struct ipa_prefilter_state *s, const struct sched_node_info *node)
{
	size_t i;
	char pair[512];

	if (kc_strmap_size(s->anti_affinity) == 0)
		return 1;
	for (i = 0; i < s->pod->n_required_anti_affinity; i++) {
		const struct sched_affinity_term *t = &s->pod->required_anti_affinity[i];
		const char *value = node_label(node, t->topology_key);

		if (value != NULL &&
		    sched_counts_get(s->anti_affinity, sched_topology_pair(pair, sizeof(pair), t->topology_key, value)) > 0)
			return 0;
	}
	return 1;
}

static int
satisfy_existing_pods_anti_affinity(const struct ipa_prefilter_state *s, const struct sched_node_info *node)
{
	const char *key;
	json_t *value;
	char pair[512];

	if (kc_strmap_size(s->existing_anti_affinity) == 0)
		return 1;
	json_object_foreach((json_t *)sched_node_info_labels(node), key, value) {
		if (!json_is_string(value))
			continue;
		if (sched_counts_get(s->existing_anti_affinity,
				     sched_topology_pair(pair, sizeof(pair), key, json_string_value(value))) > 0)
			return 0;
	}
	return 1;
}

static enum sched_code
ipa_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	   const struct sched_node_info *node, struct sched_status *st)
{
	const struct ipa_prefilter_state *s = sched_cycle_state_read(cs, PREFILTER_KEY);

	(void)pod;
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "reading \"%s\" from cycleState: not found", PREFILTER_KEY);
	if (node->node == NULL)
		return sched_status_set(st, SCHED_ERROR, "node not found");
	if (!satisfy_pod_affinity(self, s, node))
		return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_AFFINITY);
	if (!satisfy_pod_anti_affinity(s, node))
		return sched_status_set(st, SCHED_UNSCHEDULABLE, ERR_ANTI_AFFINITY);
	if (!satisfy_existing_pods_anti_affinity(s, node))
		return sched_status_set(st, SCHED_UNSCHEDULABLE, ERR_EXISTING_ANTI_AFFINITY);
	return SCHED_SUCCESS;
}

/* ---- scoring ---- */

struct ipa_prescore_state {
	struct kc_strmap *topology_score;   /* pair -> summed weight */
};

static void
ipa_prescore_state_free(void *p)
{
	struct ipa_prescore_state *s = p;

	if (s != NULL)
		kc_strmap_free(s->topology_score, NULL);
	free(s);
}

static void
process_term(struct kc_strmap *scores, const struct sched_affinity_term *t, int64_t weight, int matches,
	     const struct sched_node_info *node, int64_t multiplier)
{
	if (matches)
		counts_update(scores, node, t->topology_key, weight * multiplier);
}

static void
process_existing_pod(const struct inter_pod_affinity *pl, struct kc_strmap *scores, const json_t *ns_labels,
		     const struct sched_pod_info *pod, const struct sched_pod_info *other,
		     const struct sched_node_info *node)
{
	size_t i;

	if (json_object_size(sched_node_info_labels(node)) == 0)
		return;
	for (i = 0; i < pod->n_preferred_affinity; i++)
		process_term(scores, &pod->preferred_affinity[i], pod->preferred_affinity[i].weight,
			     term_matches_other(pl, &pod->preferred_affinity[i], other->pod), node, 1);
	for (i = 0; i < pod->n_preferred_anti_affinity; i++)
		process_term(scores, &pod->preferred_anti_affinity[i], pod->preferred_anti_affinity[i].weight,
			     term_matches_other(pl, &pod->preferred_anti_affinity[i], other->pod), node, -1);
	if (pl->hard_pod_affinity_weight > 0)
		for (i = 0; i < other->n_required_affinity; i++)
			process_term(scores, &other->required_affinity[i], pl->hard_pod_affinity_weight,
				     sched_affinity_term_matches(&other->required_affinity[i], pod->pod, ns_labels), node, 1);
	for (i = 0; i < other->n_preferred_affinity; i++)
		process_term(scores, &other->preferred_affinity[i], other->preferred_affinity[i].weight,
			     sched_affinity_term_matches(&other->preferred_affinity[i], pod->pod, ns_labels), node, 1);
	for (i = 0; i < other->n_preferred_anti_affinity; i++)
		process_term(scores, &other->preferred_anti_affinity[i], other->preferred_anti_affinity[i].weight,
			     sched_affinity_term_matches(&other->preferred_anti_affinity[i], pod->pod, ns_labels), node,
			     -1);
}

static int
pod_has_affinity_object(const json_t *pod)
{
	const json_t *aff = kc_json_get(pod, "spec", "affinity", NULL);

	return json_object_get(aff, "podAffinity") != NULL || json_object_get(aff, "podAntiAffinity") != NULL;
}

static enum sched_code
ipa_pre_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	      struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st)
{
	struct inter_pod_affinity *pl = self;
	const struct sched_snapshot *snap = pl->h != NULL && pl->h->snapshot != NULL ? pl->h->snapshot(pl->h) : NULL;
	int has_constraints = pod->n_preferred_affinity > 0 || pod->n_preferred_anti_affinity > 0;
	struct sched_node_info *const *all;
	const json_t *ns_labels;
	struct ipa_prescore_state *s;
	size_t n_all, i, j;

	if (n_nodes == 0)
		return SCHED_SKIP;
	if (pl->ignore_preferred_terms_of_existing_pods && !has_constraints)
		return SCHED_SKIP;
	if (pod->parse_error != NULL)
		return sched_status_set(st, SCHED_ERROR, "parsing pod: %s", pod->parse_error);
	if (snap != NULL) {
		all = has_constraints ? snap->nodes : snap->have_pods_with_affinity;
		n_all = has_constraints ? snap->n_nodes : snap->n_have_pods_with_affinity;
	} else {
		all = nodes;
		n_all = n_nodes;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->topology_score = kc_strmap_new()) == NULL) {
		ipa_prescore_state_free(s);
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	}
	ns_labels = namespace_labels(pl, pod->ns);
	for (i = 0; i < n_all; i++) {
		const struct sched_node_info *ni = all[i];

		if (ni->node == NULL)
			continue;
		for (j = 0; j < ni->n_pods; j++)
			if (has_constraints || pod_has_affinity_object(ni->pods[j]->pod))
				process_existing_pod(pl, s->topology_score, ns_labels, pod, ni->pods[j], ni);
	}
	if (kc_strmap_size(s->topology_score) == 0) {
		ipa_prescore_state_free(s);
		return SCHED_SKIP;
	}
	if (sched_cycle_state_write(cs, PRESCORE_KEY, s, ipa_prescore_state_free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
ipa_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	  const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st)
{
	const struct ipa_prescore_state *s = sched_cycle_state_read(cs, PRESCORE_KEY);
	const char *key;
	json_t *value;
	char pair[512];
	int64_t score = 0;

	(void)self;
	(void)pod;
	(void)st;
	if (s != NULL)
		json_object_foreach((json_t *)sched_node_info_labels(node), key, value)
			if (json_is_string(value))
				score += sched_counts_get(s->topology_score,
							  sched_topology_pair(pair, sizeof(pair), key, json_string_value(value)));
	*ret_score = score;
	return SCHED_SUCCESS;
}

static enum sched_code
ipa_normalize(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	      struct sched_node_score *scores, size_t n, struct sched_status *st)
{
	const struct ipa_prescore_state *s = sched_cycle_state_read(cs, PRESCORE_KEY);
	int64_t min = INT64_MAX, max = INT64_MIN;
	size_t i;

	(void)self;
	(void)pod;
	(void)st;
	if (s == NULL || kc_strmap_size(s->topology_score) == 0)
		return SCHED_SUCCESS;
	for (i = 0; i < n; i++) {
		if (scores[i].score > max)
			max = scores[i].score;
		if (scores[i].score < min)
			min = scores[i].score;
	}
	for (i = 0; i < n; i++) {
		double f = 0;

		if (max - min > 0)
			f = (double)SCHED_MAX_NODE_SCORE * ((double)(scores[i].score - min) / (double)(max - min));
		scores[i].score = (int64_t)f;
	}
	return SCHED_SUCCESS;
}

/* ---- queueing hints ---- */

static enum sched_hint
ipa_pod_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	struct inter_pod_affinity *pl = p != NULL ? p->self : NULL;
	struct sched_pod_info *target = sched_pod_info_new((json_t *)pod);
	struct sched_pod_info *changed = sched_pod_info_new((json_t *)(new_obj != NULL ? new_obj : old_obj));
	enum sched_hint hint = SCHED_QUEUE_SKIP;
	size_t i;

	if (target == NULL || changed == NULL) {
		hint = SCHED_QUEUE;
	} else if (new_obj != NULL) {
		/* Added or relabelled: it may now satisfy one of the pod's affinity terms. */
		for (i = 0; i < target->n_required_affinity && hint == SCHED_QUEUE_SKIP; i++)
			if (term_matches_other(pl, &target->required_affinity[i], new_obj))
				hint = SCHED_QUEUE;
		if (old_obj != NULL && hint == SCHED_QUEUE_SKIP)
			for (i = 0; i < target->n_required_anti_affinity && hint == SCHED_QUEUE_SKIP; i++)
				if (term_matches_other(pl, &target->required_anti_affinity[i], old_obj) &&
				    !term_matches_other(pl, &target->required_anti_affinity[i], new_obj))
					hint = SCHED_QUEUE;
	} else {
		/* Deleted: it no longer blocks the pod by its anti-affinity or the pod's. */
		for (i = 0; i < changed->n_required_anti_affinity && hint == SCHED_QUEUE_SKIP; i++)
			if (sched_affinity_term_matches(&changed->required_anti_affinity[i], pod,
							namespace_labels(pl, kc_meta_namespace(pod))))
				hint = SCHED_QUEUE;
		for (i = 0; i < target->n_required_anti_affinity && hint == SCHED_QUEUE_SKIP; i++)
			if (term_matches_other(pl, &target->required_anti_affinity[i], old_obj))
				hint = SCHED_QUEUE;
	}
	sched_pod_info_unref(target);
	sched_pod_info_unref(changed);
	return hint;
}

static int
has_label(const json_t *node, const char *key)
{
	return json_object_get(kc_meta_labels(node), key) != NULL;
}

/* A node that now carries the topology keys of the pod's affinity terms, or whose anti-affinity
 * topology labels changed, may help. */
static enum sched_hint
ipa_node_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	struct sched_pod_info *target = sched_pod_info_new((json_t *)pod);
	enum sched_hint hint = SCHED_QUEUE_SKIP;
	size_t i;

	(void)p;
	if (target == NULL)
		return SCHED_QUEUE;
	for (i = 0; i < target->n_required_affinity && new_obj != NULL && hint == SCHED_QUEUE_SKIP; i++)
		if (has_label(new_obj, target->required_affinity[i].topology_key))
			hint = SCHED_QUEUE;
	for (i = 0; i < target->n_required_anti_affinity && new_obj != NULL && hint == SCHED_QUEUE_SKIP; i++) {
		const char *key = target->required_anti_affinity[i].topology_key;

		if (old_obj == NULL || !json_equal(json_object_get(kc_meta_labels(old_obj), key),
						   json_object_get(kc_meta_labels(new_obj), key)))
			hint = SCHED_QUEUE;
	}
	if (target->n_required_affinity == 0 && target->n_required_anti_affinity == 0)
		hint = SCHED_QUEUE;   /* rejected by existing pods' anti-affinity: a new domain helps */
	sched_pod_info_unref(target);
	return hint;
}

static const struct sched_event_with_hint ipa_events[] = {
	{ { SCHED_EV_POD, SCHED_ACT_ADD | SCHED_ACT_UPDATE_POD_LABEL | SCHED_ACT_DELETE }, ipa_pod_hint },
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_UPDATE_NODE_LABEL }, ipa_node_hint },
};

const struct sched_plugin_ops sched_plugin_inter_pod_affinity = {
	.name = "InterPodAffinity",
	.new_plugin = ipa_new,
	.free_plugin = ipa_free,
	.events = ipa_events,
	.n_events = 2,
	.pre_filter = ipa_pre_filter,
	.add_pod = ipa_add_pod,
	.remove_pod = ipa_remove_pod,
	.filter = ipa_filter,
	.pre_score = ipa_pre_score,
	.score = ipa_score,
	.normalize_score = ipa_normalize,
};
