/*
 * pod_topology_spread.c - the PodTopologySpread plugin (upstream:
 * pkg/scheduler/framework/plugins/podtopologyspread/plugin.go, common.go, filtering.go,
 * scoring.go, helper/spread.go DefaultSelector).
 *
 * Filter (DoNotSchedule constraints): for each constraint the node must carry the topology
 * key, and placing the pod in the node's domain must keep
 *	matching pods in that domain + (1 if the pod matches itself) - global minimum <= maxSkew,
 * where the global minimum is taken over the eligible domains (nodes passing the pod's node
 * affinity / taints per nodeAffinityPolicy / nodeTaintsPolicy) and counts as 0 while there
 * are fewer domains than minDomains.
 * Score (ScheduleAnyway constraints): fewer matching pods in the node's domains scores
 * higher, each constraint weighted by log(number of domains + 2).
 * A pod without constraints gets the profile's default ones (System: hostname maxSkew 3 and
 * zone maxSkew 5, ScheduleAnyway) with a selector built from its Services and controller.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/labels.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"
#include "libkcommon/strbuf.h"

#define PREFILTER_KEY "PreFilterPodTopologySpread"
#define PRESCORE_KEY "PreScorePodTopologySpread"
#define ERR_CONSTRAINTS "node(s) didn't match pod topology spread constraints"
#define ERR_NODE_LABEL ERR_CONSTRAINTS " (missing required label)"
#define LABEL_HOSTNAME "kubernetes.io/hostname"

struct pod_topology_spread {
	struct sched_handle *h;
	json_t *default_constraints;   /* array of v1.TopologySpreadConstraint */
	int system_defaulted;
};

struct pts_constraint {
	int32_t max_skew;
	int32_t min_domains;
	char *topology_key;
	struct kc_label_selector *selector;
	int honor_node_affinity;   /* nodeAffinityPolicy Honor (default) */
	int honor_taints;          /* nodeTaintsPolicy Honor (default Ignore) */
};

struct pts_constraints {
	int refs;
	struct pts_constraint *items;
	size_t n;
	struct sched_required_node_affinity affinity;   /* the pod's, for inclusion policies */
	const json_t *tolerations;                      /* borrowed from the pod */
};

static struct pts_constraints *
constraints_unref(struct pts_constraints *c)
{
	size_t i;

	if (c == NULL || --c->refs > 0)
		return NULL;
	for (i = 0; i < c->n; i++) {
		free(c->items[i].topology_key);
		kc_label_selector_free(c->items[i].selector);
	}
	free(c->items);
	sched_required_node_affinity_release(&c->affinity);
	free(c);
	return NULL;
}

static void *
pts_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	struct pod_topology_spread *pl = calloc(1, sizeof(*pl));
	const char *type = kc_json_get_string(args, "defaultingType", "System");
	const json_t *defaults = kc_json_get_array(args, "defaultConstraints");

	if (pl == NULL)
		return NULL;
	pl->h = h;
	if (strcmp(type, "System") == 0 || *type == '\0') {
		if (json_array_size(defaults) > 0) {
			if (ret_err != NULL)
				*ret_err = kc_strfmt("defaultConstraints: Invalid value: \"%s\": when .defaultingType is "
						     "\"System\", .defaultConstraints must be empty", "...");
			free(pl);
			return NULL;
		}
		pl->system_defaulted = 1;
		pl->default_constraints = json_pack("[{sissss},{sissss}]", "maxSkew", 3, "topologyKey", LABEL_HOSTNAME,
						    "whenUnsatisfiable", "ScheduleAnyway", "maxSkew", 5, "topologyKey",
						    "topology.kubernetes.io/zone", "whenUnsatisfiable", "ScheduleAnyway");
	} else if (strcmp(type, "List") == 0) {
		pl->default_constraints = defaults != NULL ? json_incref((json_t *)defaults) : json_array();
	} else {
		if (ret_err != NULL)
			*ret_err = kc_strfmt("defaultingType: Unsupported value: \"%s\": supported values: \"List\", \"System\"",
					     type);
		free(pl);
		return NULL;
	}
	if (pl->default_constraints == NULL) {
		free(pl);
		return NULL;
	}
	return pl;
}

static void
pts_free(void *self)
{
	struct pod_topology_spread *pl = self;

	if (pl != NULL)
		json_decref(pl->default_constraints);
	free(pl);
}

/* matchLabelKeys: "key in (pod's value)" for each key the pod has. */
static int
merge_match_label_keys(struct kc_label_selector *sel, const json_t *c, const json_t *pod)
{
	size_t i;
	json_t *k;

	json_array_foreach(json_object_get(c, "matchLabelKeys"), i, k) {
		const char *value = json_is_string(k) ? kc_meta_label(pod, json_string_value(k)) : NULL;

		if (value != NULL && kc_label_selector_add(sel, json_string_value(k), KC_SELECTION_IN, &value, 1, NULL) < 0)
			return KC_ERR_INVALID;
	}
	return 0;
}

static int
constraint_parse(struct pts_constraint *t, const json_t *c, const json_t *pod, char **ret_err)
{
	const json_t *min = json_object_get(c, "minDomains");
	int r;

	t->max_skew = (int32_t)kc_json_get_int64(c, "maxSkew", 1);
	t->min_domains = json_is_integer(min) ? (int32_t)json_integer_value(min) : 1;
	t->honor_node_affinity = strcmp(kc_json_get_string(c, "nodeAffinityPolicy", "Honor"), "Ignore") != 0;
	t->honor_taints = strcmp(kc_json_get_string(c, "nodeTaintsPolicy", "Ignore"), "Honor") == 0;
	t->topology_key = strdup(kc_json_get_string(c, "topologyKey", ""));
	if (t->topology_key == NULL)
		return KC_ERR_NOMEM;
	if ((r = kc_labels_from_label_selector(json_object_get(c, "labelSelector"), &t->selector, ret_err)) < 0)
		return r;
	return merge_match_label_keys(t->selector, c, pod);
}

struct default_selector_ctx {
	const json_t *pod;
	json_t *set;
};

static int
merge_service_selector(void *arg, const char *key, const json_t *svc)
{
	struct default_selector_ctx *ctx = arg;
	const json_t *sel = kc_json_get(svc, "spec", "selector", NULL);
	struct kc_label_selector *s = NULL;
	const char *k;
	json_t *v;

	(void)key;
	if (!json_is_object(sel) || kc_labels_from_set(sel, &s) < 0)
		return 0;
	if (kc_label_selector_matches(s, kc_meta_labels(ctx->pod)))
		json_object_foreach((json_t *)sel, k, v)
			json_object_set(ctx->set, k, v);
	kc_label_selector_free(s);
	return 0;
}

static const json_t *
store_get_ns(struct kc_store *store, const char *ns, const char *name)
{
	char key[512];

	if (store == NULL || name == NULL)
		return NULL;
	snprintf(key, sizeof(key), "%s/%s", ns, name);
	return kc_store_get(store, key);
}

/* Adds every requirement of a metav1.LabelSelector to sel. */
static void
add_label_selector(struct kc_label_selector *sel, const json_t *ls)
{
	struct kc_label_selector *other = NULL;
	size_t i;

	if (ls == NULL || kc_labels_from_label_selector(ls, &other, NULL) < 0)
		return;
	for (i = 0; i < other->n; i++)
		kc_label_selector_add(sel, other->reqs[i].key, other->reqs[i].op,
				      (const char *const *)other->reqs[i].values.v, other->reqs[i].values.n, NULL);
	kc_label_selector_free(other);
}

/* helper.DefaultSelector: the Services' selectors merged, and the controller's selector. */
static struct kc_label_selector *
default_selector(const struct pod_topology_spread *pl, const json_t *pod)
{
	struct default_selector_ctx ctx = { pod, json_object() };
	const char *ns = kc_meta_namespace(pod);
	const json_t *owner = kc_meta_controller_of(pod);
	struct kc_label_selector *sel = NULL;
	const char *kind = kc_json_get_string(owner, "kind", "");
	const char *api = kc_json_get_string(owner, "apiVersion", "");
	const char *name = kc_json_get_string(owner, "name", NULL);

	if (ctx.set == NULL)
		return NULL;
	if (pl->h != NULL && pl->h->services != NULL && ns != NULL)
		kc_store_by_index(pl->h->services, KC_STORE_INDEX_NAMESPACE, ns, merge_service_selector, &ctx);
	if (owner != NULL && strcmp(kind, "ReplicationController") == 0 && strcmp(api, "v1") == 0 && pl->h != NULL) {
		const json_t *rc = store_get_ns(pl->h->replication_controllers, ns, name);
		const char *k;
		json_t *v;

		json_object_foreach(kc_json_get(rc, "spec", "selector", NULL), k, v)
			json_object_set(ctx.set, k, v);
	}
	kc_labels_from_set(ctx.set, &sel);
	json_decref(ctx.set);
	if (sel == NULL || owner == NULL || pl->h == NULL || strcmp(api, "apps/v1") != 0)
		return sel;
	if (strcmp(kind, "ReplicaSet") == 0)
		add_label_selector(sel, kc_json_get(store_get_ns(pl->h->replicasets, ns, name), "spec", "selector", NULL));
	else if (strcmp(kind, "StatefulSet") == 0)
		add_label_selector(sel, kc_json_get(store_get_ns(pl->h->statefulsets, ns, name), "spec", "selector", NULL));
	return sel;
}

/*
 * The pod's constraints with whenUnsatisfiable == action (its own, else the defaults with the
 * default selector).  NULL with *ret_err on a bad selector; an empty set on ENOMEM is not
 * distinguished from "none" except through the return code in *ret_r.
 */
static struct pts_constraints *
constraints_build(const struct pod_topology_spread *pl, const json_t *pod, const char *action, int *ret_r,
		  char **ret_err)
{
	const json_t *own = kc_json_get(pod, "spec", "topologySpreadConstraints", NULL);
	const json_t *list = json_array_size(own) > 0 ? own : pl->default_constraints;
	struct pts_constraints *c = calloc(1, sizeof(*c));
	struct kc_label_selector *defsel = NULL;
	size_t i;
	json_t *item;
	int r = 0;

	*ret_r = 0;
	if (c == NULL || (c->items = calloc(json_array_size(list) + 1, sizeof(*c->items))) == NULL) {
		free(c);
		*ret_r = KC_ERR_NOMEM;
		return NULL;
	}
	c->refs = 1;
	c->tolerations = kc_json_get(pod, "spec", "tolerations", NULL);
	if ((r = sched_required_node_affinity_init(&c->affinity, pod)) < 0)
		goto fail;
	json_array_foreach(list, i, item) {
		if (strcmp(kc_json_get_string(item, "whenUnsatisfiable", ""), action) != 0)
			continue;
		if ((r = constraint_parse(&c->items[c->n++], item, pod, ret_err)) < 0)
			goto fail;
	}
	if (list != own && c->n > 0) {
		defsel = default_selector(pl, pod);
		if (defsel == NULL || kc_label_selector_is_empty(defsel)) {
			kc_label_selector_free(defsel);
			for (i = 0; i < c->n; i++) {
				free(c->items[i].topology_key);
				kc_label_selector_free(c->items[i].selector);
			}
			c->n = 0;
			return c;
		}
		for (i = 0; i < c->n; i++) {
			char *text = kc_label_selector_string(defsel);

			kc_label_selector_free(c->items[i].selector);
			c->items[i].selector = NULL;
			r = text != NULL ? kc_labels_parse(text, &c->items[i].selector, NULL) : KC_ERR_NOMEM;
			free(text);
			if (r < 0)
				break;
		}
		kc_label_selector_free(defsel);
		if (r < 0)
			goto fail;
	}
	return c;
fail:
	*ret_r = r;
	constraints_unref(c);
	return NULL;
}

static const char *
label_of(const json_t *node, const char *key)
{
	const json_t *v = json_object_get(kc_meta_labels(node), key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
node_has_all_keys(const json_t *node, const struct pts_constraints *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (label_of(node, c->items[i].topology_key) == NULL)
			return 0;
	return 1;
}

/* matchNodeInclusionPolicies. */
static int
node_included(const struct pts_constraints *c, const struct pts_constraint *t, const json_t *node)
{
	if (t->honor_node_affinity && !sched_required_node_affinity_matches(&c->affinity, node))
		return 0;
	if (t->honor_taints &&
	    sched_find_untolerated_taint(kc_json_get(node, "spec", "taints", NULL), c->tolerations, NULL) != NULL)
		return 0;
	return 1;
}

static int64_t
count_matching_pods(const struct sched_node_info *ni, const struct kc_label_selector *sel, const char *ns)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < ni->n_pods; i++) {
		const json_t *p = ni->pods[i]->pod;

		if (kc_meta_is_being_deleted(p) || strcmp(ni->pods[i]->ns, ns) != 0)
			continue;
		if (kc_label_selector_matches(sel, kc_meta_labels(p)))
			n++;
	}
	return n;
}

/* ---- filtering ---- */

struct pts_prefilter_state {
	struct pts_constraints *c;
	struct kc_strmap **counts;   /* per constraint: domain value -> matching pods (zeros kept) */
	int64_t *min_match;          /* per constraint: the minimum over its domains */
};

/* Frees a per-constraint array of count maps (NULL-safe). */
static void
counts_free(struct kc_strmap **counts, size_t n)
{
	size_t i;

	for (i = 0; counts != NULL && i < n; i++)
		kc_strmap_free(counts[i], NULL);
	free(counts);
}

static void
pts_prefilter_state_free(void *p)
{
	struct pts_prefilter_state *s = p;

	if (s == NULL)
		return;
	counts_free(s->counts, s->c->n);
	free(s->min_match);
	constraints_unref(s->c);
	free(s);
}

static struct pts_prefilter_state *
pts_prefilter_state_new(struct pts_constraints *c)
{
	struct pts_prefilter_state *s = calloc(1, sizeof(*s));
	size_t i;

	if (s == NULL)
		return NULL;
	c->refs++;
	s->c = c;
	s->counts = calloc(c->n + 1, sizeof(*s->counts));
	s->min_match = calloc(c->n + 1, sizeof(*s->min_match));
	if (s->counts == NULL || s->min_match == NULL) {
		pts_prefilter_state_free(s);
		return NULL;
	}
	for (i = 0; i < c->n; i++)
		if ((s->counts[i] = kc_strmap_new()) == NULL) {
			pts_prefilter_state_free(s);
			return NULL;
		}
	return s;
}

static void
update_min(struct pts_prefilter_state *s, size_t i)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	int64_t min = INT64_MAX;
	const char *key;
	void *v;

	while (kc_strmap_next(s->counts[i], &it, &key, &v))
		if ((int64_t)(intptr_t)v < min)
			min = (int64_t)(intptr_t)v;
	s->min_match[i] = min == INT64_MAX ? 0 : min;
}

static void *
pts_prefilter_state_clone(const void *p)
{
	const struct pts_prefilter_state *s = p;
	struct pts_prefilter_state *c = pts_prefilter_state_new(s->c);
	size_t i;

	if (c == NULL)
		return NULL;
	for (i = 0; i < s->c->n; i++) {
		kc_strmap_free(c->counts[i], NULL);
		if ((c->counts[i] = sched_counts_clone(s->counts[i])) == NULL) {
			pts_prefilter_state_free(c);
			return NULL;
		}
		c->min_match[i] = s->min_match[i];
	}
	return c;
}

static enum sched_code
pts_pre_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_snapshot *snap, struct sched_prefilter_result *res, struct sched_status *st)
{
	struct pod_topology_spread *pl = self;
	struct pts_prefilter_state *s;
	struct pts_constraints *c;
	char *err = NULL;
	size_t i, k;
	int r;

	(void)res;
	c = constraints_build(pl, pod->pod, "DoNotSchedule", &r, &err);
	if (c == NULL) {
		enum sched_code code = sched_status_set(st, SCHED_ERROR, "%s", err != NULL ? err : "out of memory");

		free(err);
		return code;
	}
	if (c->n == 0) {
		constraints_unref(c);
		return SCHED_SKIP;
	}
	s = pts_prefilter_state_new(c);
	constraints_unref(c);
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	for (i = 0; snap != NULL && i < snap->n_nodes; i++) {
		const struct sched_node_info *ni = snap->nodes[i];

		if (ni->node == NULL || !node_has_all_keys(ni->node, c))
			continue;
		for (k = 0; k < c->n; k++) {
			const char *value;

			if (!node_included(c, &c->items[k], ni->node))
				continue;
			value = label_of(ni->node, c->items[k].topology_key);
			sched_counts_set(s->counts[k], value,
					 sched_counts_get(s->counts[k], value) +
						 count_matching_pods(ni, c->items[k].selector, pod->ns));
		}
	}
	for (k = 0; k < c->n; k++)
		update_min(s, k);
	if (sched_cycle_state_write_cloneable(cs, PREFILTER_KEY, s, pts_prefilter_state_free,
					      pts_prefilter_state_clone) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
pts_update(struct sched_cycle_state *cs, const struct sched_pod_info *pod, const struct sched_pod_info *other,
	   const struct sched_node_info *node, int64_t delta, struct sched_status *st)
{
	struct pts_prefilter_state *s = sched_cycle_state_read(cs, PREFILTER_KEY);
	size_t k;

	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "reading \"%s\" from cycleState: not found", PREFILTER_KEY);
	if (node->node == NULL || strcmp(other->ns, pod->ns) != 0 || !node_has_all_keys(node->node, s->c))
		return SCHED_SUCCESS;
	for (k = 0; k < s->c->n; k++) {
		const char *value = label_of(node->node, s->c->items[k].topology_key);

		if (!kc_label_selector_matches(s->c->items[k].selector, kc_meta_labels(other->pod)) ||
		    !node_included(s->c, &s->c->items[k], node->node))
			continue;
		sched_counts_set(s->counts[k], value, sched_counts_get(s->counts[k], value) + delta);
		update_min(s, k);
	}
	return SCHED_SUCCESS;
}

static enum sched_code
pts_add_pod(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	    const struct sched_pod_info *to_add, const struct sched_node_info *node, struct sched_status *st)
{
	(void)self;
	return pts_update(cs, pod, to_add, node, 1, st);
}

static enum sched_code
pts_remove_pod(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	       const struct sched_pod_info *to_remove, const struct sched_node_info *node, struct sched_status *st)
{
	(void)self;
	return pts_update(cs, pod, to_remove, node, -1, st);
}

static enum sched_code
pts_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	   const struct sched_node_info *node, struct sched_status *st)
{
	const struct pts_prefilter_state *s = sched_cycle_state_read(cs, PREFILTER_KEY);
	size_t k;

	(void)self;
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "reading \"%s\" from cycleState: not found", PREFILTER_KEY);
	for (k = 0; k < s->c->n; k++) {
		const struct pts_constraint *t = &s->c->items[k];
		const char *value = label_of(node->node, t->topology_key);
		int64_t self_match, min, skew;

		if (value == NULL)
			return sched_status_set(st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_NODE_LABEL);
		self_match = kc_label_selector_matches(t->selector, kc_meta_labels(pod->pod)) ? 1 : 0;
		min = s->min_match[k];
		/* Fewer eligible domains than minDomains: the global minimum counts as 0. */
		if ((int64_t)kc_strmap_size(s->counts[k]) < t->min_domains)
			min = 0;
		skew = sched_counts_get(s->counts[k], value) + self_match - min;
		if (skew > t->max_skew)
			return sched_status_set(st, SCHED_UNSCHEDULABLE, ERR_CONSTRAINTS);
	}
	return SCHED_SUCCESS;
}

/* ---- scoring ---- */

struct pts_prescore_state {
	struct pts_constraints *c;
	struct kc_strmap **counts;     /* per constraint: candidate domain -> matching pods */
	double *weights;               /* per constraint: log(domains + 2) */
	struct kc_strmap *ignored;     /* nodes missing a topology key */
};

static void
pts_prescore_state_free(void *p)
{
	struct pts_prescore_state *s = p;

	if (s == NULL)
		return;
	counts_free(s->counts, s->c->n);
	free(s->weights);
	kc_strmap_free(s->ignored, NULL);
	constraints_unref(s->c);
	free(s);
}

static struct pts_prescore_state *
prescore_state_init(struct pts_constraints *c, struct sched_node_info *const *nodes, size_t n_nodes,
		    int require_all)
{
	struct pts_prescore_state *s = calloc(1, sizeof(*s));
	size_t i, k;

	if (s == NULL)
		return NULL;
	c->refs++;
	s->c = c;
	s->counts = calloc(c->n, sizeof(*s->counts));
	s->weights = calloc(c->n, sizeof(*s->weights));
	s->ignored = kc_strmap_new();
	if (s->counts == NULL || s->weights == NULL || s->ignored == NULL)
		goto fail;
	for (k = 0; k < c->n; k++)
		if ((s->counts[k] = kc_strmap_new()) == NULL)
			goto fail;
	for (i = 0; i < n_nodes; i++) {
		const json_t *node = nodes[i]->node;

		if (require_all && !node_has_all_keys(node, c)) {
			kc_strmap_put(s->ignored, nodes[i]->name, (void *)1, NULL);
			continue;
		}
		for (k = 0; k < c->n; k++) {
			const char *value = label_of(node, c->items[k].topology_key);

			if (strcmp(c->items[k].topology_key, LABEL_HOSTNAME) != 0)
				sched_counts_set(s->counts[k], value != NULL ? value : "", 0);
		}
	}
	for (k = 0; k < c->n; k++) {
		size_t size = kc_strmap_size(s->counts[k]);

		if (strcmp(c->items[k].topology_key, LABEL_HOSTNAME) == 0)
			size = n_nodes - kc_strmap_size(s->ignored);
		s->weights[k] = log((double)size + 2);
	}
	return s;
fail:
	pts_prescore_state_free(s);
	return NULL;
}

static enum sched_code
pts_pre_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	      struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st)
{
	struct pod_topology_spread *pl = self;
	const struct sched_snapshot *snap = pl->h != NULL && pl->h->snapshot != NULL ? pl->h->snapshot(pl->h) : NULL;
	struct sched_node_info *const *all = snap != NULL ? snap->nodes : nodes;
	size_t n_all = snap != NULL ? snap->n_nodes : n_nodes, i, k;
	int require_all = json_array_size(kc_json_get(pod->pod, "spec", "topologySpreadConstraints", NULL)) > 0 ||
			  !pl->system_defaulted;
	struct pts_prescore_state *s;
	struct pts_constraints *c;
	char *err = NULL;
	int r;

	if (n_nodes == 0 || n_all == 0)
		return SCHED_SKIP;
	c = constraints_build(pl, pod->pod, "ScheduleAnyway", &r, &err);
	if (c == NULL) {
		enum sched_code code = sched_status_set(st, SCHED_ERROR, "%s", err != NULL ? err : "out of memory");

		free(err);
		return code;
	}
	if (c->n == 0) {
		constraints_unref(c);
		return SCHED_SKIP;
	}
	s = prescore_state_init(c, nodes, n_nodes, require_all);
	constraints_unref(c);
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	for (i = 0; i < n_all; i++) {
		const struct sched_node_info *ni = all[i];

		if (ni->node == NULL || (require_all && !node_has_all_keys(ni->node, c)))
			continue;
		for (k = 0; k < c->n; k++) {
			const char *value = label_of(ni->node, c->items[k].topology_key);

			if (!node_included(c, &c->items[k], ni->node) || value == NULL ||
			    !kc_strmap_contains(s->counts[k], value))
				continue;
			sched_counts_set(s->counts[k], value,
					 sched_counts_get(s->counts[k], value) +
						 count_matching_pods(ni, c->items[k].selector, pod->ns));
		}
	}
	if (sched_cycle_state_write(cs, PRESCORE_KEY, s, pts_prescore_state_free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static enum sched_code
pts_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	  const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st)
{
	const struct pts_prescore_state *s = sched_cycle_state_read(cs, PRESCORE_KEY);
	double score = 0;
	size_t k;

	(void)self;
	*ret_score = 0;
	if (s == NULL)
		return sched_status_set(st, SCHED_ERROR, "reading \"%s\" from cycleState: not found", PRESCORE_KEY);
	if (kc_strmap_contains(s->ignored, node->name))
		return SCHED_SUCCESS;
	for (k = 0; k < s->c->n; k++) {
		const struct pts_constraint *t = &s->c->items[k];
		const char *value = label_of(node->node, t->topology_key);
		int64_t cnt;

		if (value == NULL)
			continue;
		if (strcmp(t->topology_key, LABEL_HOSTNAME) == 0)
			cnt = count_matching_pods(node, t->selector, pod->ns);
		else
			cnt = sched_counts_get(s->counts[k], value);
		score += (double)cnt * s->weights[k] + (double)(t->max_skew - 1);
	}
	*ret_score = llround(score);
	return SCHED_SUCCESS;
}

static enum sched_code
pts_normalize(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	      struct sched_node_score *scores, size_t n, struct sched_status *st)
{
	const struct pts_prescore_state *s = sched_cycle_state_read(cs, PRESCORE_KEY);
	int64_t min = INT64_MAX, max = 0;
	size_t i;

	(void)self;
	(void)pod;
	(void)st;
	if (s == NULL)
		return SCHED_SUCCESS;
	for (i = 0; i < n; i++) {
		if (kc_strmap_contains(s->ignored, scores[i].name))
			continue;
		if (scores[i].score < min)
			min = scores[i].score;
		if (scores[i].score > max)
			max = scores[i].score;
	}
	for (i = 0; i < n; i++) {
		if (kc_strmap_contains(s->ignored, scores[i].name))
			scores[i].score = 0;
		else if (max == 0)
			scores[i].score = SCHED_MAX_NODE_SCORE;
		else
			scores[i].score = SCHED_MAX_NODE_SCORE * (max + min - scores[i].score) / max;
	}
	return SCHED_SUCCESS;
}

/* ---- queueing hints ---- */

static enum sched_hint
pts_pod_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	const json_t *changed = new_obj != NULL ? new_obj : old_obj;
	const json_t *own = kc_json_get(pod, "spec", "topologySpreadConstraints", NULL);
	size_t i;
	json_t *c;

	(void)p;
	if (changed == NULL || strcmp(kc_json_get_string(changed, "metadata.namespace", ""),
				      kc_json_get_string(pod, "metadata.namespace", "")) != 0)
		return SCHED_QUEUE_SKIP;
	if (json_array_size(own) == 0)
		return SCHED_QUEUE;   /* default constraints: selectors live in other objects */
	json_array_foreach(own, i, c) {
		struct kc_label_selector *sel = NULL;
		int match;

		if (kc_labels_from_label_selector(json_object_get(c, "labelSelector"), &sel, NULL) < 0)
			return SCHED_QUEUE;
		match = kc_label_selector_matches(sel, kc_meta_labels(changed)) ||
			(old_obj != NULL && kc_label_selector_matches(sel, kc_meta_labels(old_obj)));
		kc_label_selector_free(sel);
		if (match)
			return SCHED_QUEUE;
	}
	return SCHED_QUEUE_SKIP;
}

static enum sched_hint
pts_node_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	const json_t *own = kc_json_get(pod, "spec", "topologySpreadConstraints", NULL);
	size_t i;
	json_t *c;

	(void)p;
	if (json_array_size(own) == 0)
		return SCHED_QUEUE;
	json_array_foreach(own, i, c) {
		const char *key = kc_json_get_string(c, "topologyKey", "");
		const json_t *ov = old_obj != NULL ? json_object_get(kc_meta_labels(old_obj), key) : NULL;
		const json_t *nv = new_obj != NULL ? json_object_get(kc_meta_labels(new_obj), key) : NULL;

		if ((ov != NULL || nv != NULL) && !json_equal(ov, nv))
			return SCHED_QUEUE;
	}
	if (old_obj != NULL && new_obj != NULL) {
		const json_t *ot = kc_json_get(old_obj, "spec", "taints", NULL);
		const json_t *nt = kc_json_get(new_obj, "spec", "taints", NULL);

		if ((ot != NULL || nt != NULL) && !json_equal(ot, nt))
			return SCHED_QUEUE;
	}
	return SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint pts_events[] = {
	{ { SCHED_EV_POD, SCHED_ACT_ADD | SCHED_ACT_UPDATE_POD_LABEL | SCHED_ACT_DELETE }, pts_pod_hint },
	{ { SCHED_EV_NODE, SCHED_ACT_ADD | SCHED_ACT_DELETE | SCHED_ACT_UPDATE_NODE_LABEL | SCHED_ACT_UPDATE_NODE_TAINT },
	  pts_node_hint },
};

const struct sched_plugin_ops sched_plugin_pod_topology_spread = {
	.name = "PodTopologySpread",
	.new_plugin = pts_new,
	.free_plugin = pts_free,
	.events = pts_events,
	.n_events = 2,
	.pre_filter = pts_pre_filter,
	.add_pod = pts_add_pod,
	.remove_pod = pts_remove_pod,
	.filter = pts_filter,
	.pre_score = pts_pre_score,
	.score = pts_score,
	.normalize_score = pts_normalize,
};
