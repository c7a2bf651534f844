/*
 * default_preemption.c - the DefaultPreemption PostFilter plugin (upstream:
 * pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go).
 *
 * When no node fits, look for nodes where evicting pods of lower priority would let the pod
 * in: on a clone of each node (and of the cycle state), remove every lower-priority pod, check
 * the pod fits, then add the victims back from the most important down, keeping each one that
 * still lets the pod fit (PDB-violating victims are reprieved first).  Among the candidates
 * pick, in upstream's order: fewest PDB violations, lowest highest-victim priority, lowest sum
 * of priorities, fewest victims, latest start time of the most important victims.  Then evict
 * the victims (DisruptionTarget condition, then DELETE; asynchronous), clear the nominations
 * of lower-priority pods on that node, and return the node as nominatedNodeName.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/labels.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

#define NOT_HELPFUL "Preemption is not helpful for scheduling"
#define NO_VICTIMS "No preemption victims found for incoming pod"

static const struct kc_resource pods_resource = { "", "v1", "pods", "Pod", 1 };

struct default_preemption {
	struct sched_handle *h;
	int64_t min_candidate_nodes_percentage;
	int64_t min_candidate_nodes_absolute;
};

struct candidate {
	const char *node;                  /* borrowed from the snapshot */
	struct sched_pod_info **victims;   /* references; most important first */
	size_t n_victims;
	int64_t num_pdb_violations;
};

static void *
preemption_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	struct default_preemption *pl = calloc(1, sizeof(*pl));

	if (pl == NULL)
		return NULL;
	pl->h = h;
	pl->min_candidate_nodes_percentage = kc_json_get_int64(args, "minCandidateNodesPercentage", 10);
	pl->min_candidate_nodes_absolute = kc_json_get_int64(args, "minCandidateNodesAbsolute", 100);
	if (pl->min_candidate_nodes_percentage < 0 || pl->min_candidate_nodes_percentage > 100) {
		if (ret_err != NULL)
			*ret_err = kc_strfmt("minCandidateNodesPercentage: Invalid value: %lld: not in valid range [0, 100]",
					     (long long)pl->min_candidate_nodes_percentage);
		free(pl);
		return NULL;
	}
	if (pl->min_candidate_nodes_absolute < 0) {
		if (ret_err != NULL)
			*ret_err = kc_strfmt("minCandidateNodesAbsolute: Invalid value: %lld: not in valid range [0, inf)",
					     (long long)pl->min_candidate_nodes_absolute);
		free(pl);
		return NULL;
	}
	if (pl->min_candidate_nodes_percentage == 0 && pl->min_candidate_nodes_absolute == 0) {
		if (ret_err != NULL)
			*ret_err = kc_strfmt("minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same "
					     "time as minCandidateNodesAbsolute");
		free(pl);
		return NULL;
	}
	return pl;
}

static void
preemption_free(void *self)
{
	free(self);
}

static int64_t
pod_priority(const json_t *pod)
{
	return kc_json_get_int64(pod, "spec.priority", 0);
}

/* GetPodStartTime: status.startTime, or now when the pod has not started. */
static int64_t
pod_start_time(const json_t *pod)
{
	const char *s = kc_json_get_string(pod, "status.startTime", NULL);
	int64_t ns;

	if (s == NULL || kc_meta_time_parse(s, &ns) < 0)
		return kc_meta_now();
	return ns;
}

/* MoreImportantPod: higher priority, then the one that started earlier. */
static int
more_important(const struct sched_pod_info *a, const struct sched_pod_info *b)
{
	int64_t pa = pod_priority(a->pod), pb = pod_priority(b->pod);

	if (pa != pb)
		return pa > pb;
	return pod_start_time(a->pod) < pod_start_time(b->pod);
}

static int
cmp_importance(const void *x, const void *y)
{
	const struct sched_pod_info *a = *(struct sched_pod_info *const *)x;
	const struct sched_pod_info *b = *(struct sched_pod_info *const *)y;

	if (more_important(a, b))
		return -1;
	return more_important(b, a) ? 1 : 0;
}

/* ---- eligibility ---- */

static const struct sched_node_status *
find_status(const struct sched_node_status *filtered, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (filtered[i].name != NULL && strcmp(filtered[i].name, name) == 0)
			return &filtered[i];
	return NULL;
}

/* PodEligibleToPreemptOthers: NULL when eligible, else the reason. */
static const char *
not_eligible_reason(const struct default_preemption *pl, const struct sched_pod_info *pod,
		    const struct sched_node_status *filtered, size_t n_filtered)
{
	const char *nominated = kc_json_get_string(pod->pod, "status.nominatedNodeName", "");
	const struct sched_snapshot *snap;
	const struct sched_node_status *ns;
	const struct sched_node_info *ni;
	size_t i;

	if (strcmp(kc_json_get_string(pod->pod, "spec.preemptionPolicy", ""), "Never") == 0)
		return "not eligible due to preemptionPolicy=Never.";
	if (*nominated == '\0')
		return NULL;
	/* The nominated node became unusable: preempting elsewhere is fine. */
	ns = find_status(filtered, n_filtered, nominated);
	if (ns != NULL && ns->status.code == SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE)
		return NULL;
	snap = pl->h != NULL && pl->h->snapshot != NULL ? pl->h->snapshot(pl->h) : NULL;
	ni = sched_snapshot_get(snap, nominated);
	for (i = 0; ni != NULL && i < ni->n_pods; i++)
		if (kc_meta_is_being_deleted(ni->pods[i]->pod) && pod_priority(ni->pods[i]->pod) < pod_priority(pod->pod))
			return "not eligible due to a terminating pod on the nominated node.";
	return NULL;
}

/* ---- PDBs ---- */

struct pdb {
	const json_t *obj;
	struct kc_label_selector *selector;
	int64_t allowed;
};

struct pdb_list {
	struct pdb *items;
	size_t n, cap;
};

static int
collect_pdb(void *arg, const char *key, const json_t *obj)
{
	struct pdb_list *l = arg;
	struct kc_label_selector *sel = NULL;

	(void)key;
	if (kc_labels_from_label_selector(kc_json_get(obj, "spec", "selector", NULL), &sel, NULL) < 0)
		return 0;
	/* A PDB with a nil or empty selector matches nothing. */
	if (kc_label_selector_is_empty(sel) || kc_label_selector_is_nothing(sel)) {
		kc_label_selector_free(sel);
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		struct pdb *grown = realloc(l->items, cap * sizeof(*grown));

		if (grown == NULL) {
			kc_label_selector_free(sel);
			return KC_ERR_NOMEM;
		}
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->n].obj = obj;
	l->items[l->n].selector = sel;
	l->items[l->n].allowed = kc_json_get_int64(obj, "status.disruptionsAllowed", 0);
	l->n++;
	return 0;
}

static void
pdb_list_release(struct pdb_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		kc_label_selector_free(l->items[i].selector);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/*
 * filterPodsWithPDBViolation: splits pods (most important first) into violating[] and
 * non_violating[], decrementing each matching budget's allowance as it goes.
 */
static void
split_by_pdb_violation(const struct pdb_list *pdbs, struct sched_pod_info **pods, size_t n,
		       struct sched_pod_info **violating, size_t *n_violating,
		       struct sched_pod_info **non_violating, size_t *n_non_violating)
{
	int64_t *allowed = calloc(pdbs->n + 1, sizeof(*allowed));
	size_t i, j;

	*n_violating = *n_non_violating = 0;
	for (j = 0; allowed != NULL && j < pdbs->n; j++)
		allowed[j] = pdbs->items[j].allowed;
	for (i = 0; i < n; i++) {
		const json_t *labels = kc_meta_labels(pods[i]->pod);
		int violated = 0;

		for (j = 0; allowed != NULL && json_object_size(labels) > 0 && j < pdbs->n; j++) {
			const struct pdb *p = &pdbs->items[j];

			if (strcmp(kc_json_get_string(p->obj, "metadata.namespace", ""), pods[i]->ns) != 0 ||
			    !kc_label_selector_matches(p->selector, labels))
				continue;
			/* Already being disrupted: the apiserver counted it. */
			if (json_object_get(kc_json_get(p->obj, "status", "disruptedPods", NULL), pods[i]->name) != NULL)
				continue;
			if (--allowed[j] < 0)
				violated = 1;
		}
		if (violated)
			violating[(*n_violating)++] = pods[i];
		else
			non_violating[(*n_non_violating)++] = pods[i];
	}
	free(allowed);
}

/* ---- dry run on one node ---- */

struct dry_run {
	struct default_preemption *pl;
	const struct sched_pod_info *pod;
	struct sched_cycle_state *cs;      /* a clone */
	struct sched_node_info *node;      /* a clone */
	struct sched_status st;
};

static int
dry_remove(struct dry_run *d, struct sched_pod_info *pi)
{
	struct sched_status st = { 0 };
	enum sched_code code = SCHED_SUCCESS;

	if (sched_node_info_remove_pod(d->node, pi->uid) < 0)
		return KC_ERR_NOT_FOUND;
	if (d->pl->h->run_pre_filter_extension_remove_pod != NULL)
		code = d->pl->h->run_pre_filter_extension_remove_pod(d->pl->h, d->cs, d->pod, pi, d->node, &st);
	sched_status_reset(&st);
	return code == SCHED_SUCCESS ? 0 : KC_ERR_INTERNAL;
}

static int
dry_add(struct dry_run *d, struct sched_pod_info *pi)
{
	struct sched_status st = { 0 };
	enum sched_code code = SCHED_SUCCESS;

	if (sched_node_info_add_pod(d->node, pi) < 0)
		return KC_ERR_NOMEM;
	if (d->pl->h->run_pre_filter_extension_add_pod != NULL)
		code = d->pl->h->run_pre_filter_extension_add_pod(d->pl->h, d->cs, d->pod, pi, d->node, &st);
	sched_status_reset(&st);
	return code == SCHED_SUCCESS ? 0 : KC_ERR_INTERNAL;
}

/* Whether the pod fits the simulated node; the failure stays in d->st. */
static int
dry_fits(struct dry_run *d)
{
	sched_status_reset(&d->st);
	if (d->pl->h->run_filter_plugins_with_nominated_pods == NULL)
		return 1;
	return d->pl->h->run_filter_plugins_with_nominated_pods(d->pl->h, d->cs, d->pod, d->node, &d->st) ==
	       SCHED_SUCCESS;
}

/* Adds pi back; when the pod then no longer fits, takes it out again and makes it a victim. */
static int
reprieve(struct dry_run *d, struct sched_pod_info *pi, struct candidate *c, int *ret_fits)
{
	int r;

	if ((r = dry_add(d, pi)) < 0)
		return r;
	*ret_fits = dry_fits(d);
	if (*ret_fits)
		return 0;
	if ((r = dry_remove(d, pi)) < 0)
		return r;
	c->victims[c->n_victims++] = sched_pod_info_ref(pi);
	return 0;
}

/*
 * SelectVictimsOnNode on d->node: fills c (victims, violations) and returns SCHED_SUCCESS, or
 * a failure with the reason in d->st.
 */
static enum sched_code
select_victims_on_node(struct dry_run *d, const struct pdb_list *pdbs, struct candidate *c)
{
	int64_t prio = pod_priority(d->pod->pod);
	struct sched_pod_info **potential, **violating, **non_violating;
	size_t n = 0, nv = 0, nnv = 0, i, total = d->node->n_pods;
	enum sched_code code = SCHED_SUCCESS;
	int fits;

	potential = calloc(3 * (total + 1), sizeof(*potential));
	if (potential == NULL)
		return sched_status_set(&d->st, SCHED_ERROR, "out of memory");
	violating = potential + total + 1;
	non_violating = violating + total + 1;
	c->victims = calloc(total + 1, sizeof(*c->victims));
	if (c->victims == NULL) {
		code = sched_status_set(&d->st, SCHED_ERROR, "out of memory");
		goto out;
	}
	for (i = 0; i < total; i++)
		if (pod_priority(d->node->pods[i]->pod) < prio)
			potential[n++] = sched_pod_info_ref(d->node->pods[i]);
	for (i = 0; i < n; i++)
		if (dry_remove(d, potential[i]) < 0) {
			code = sched_status_set(&d->st, SCHED_ERROR, "removing pod %s/%s from the simulation failed",
						potential[i]->ns, potential[i]->name);
			goto out;
		}
	if (n == 0) {
		code = sched_status_set(&d->st, SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE, NO_VICTIMS);
		goto out;
	}
	if (!dry_fits(d)) {
		code = d->st.code != SCHED_SUCCESS ? d->st.code : SCHED_UNSCHEDULABLE;
		goto out;
	}
	qsort(potential, n, sizeof(*potential), cmp_importance);
	split_by_pdb_violation(pdbs, potential, n, violating, &nv, non_violating, &nnv);
	for (i = 0; i < nv; i++) {
		if (reprieve(d, violating[i], c, &fits) < 0) {
			code = sched_status_set(&d->st, SCHED_ERROR, "simulating preemption failed");
			goto out;
		}
		if (!fits)
			c->num_pdb_violations++;
	}
	for (i = 0; i < nnv; i++)
		if (reprieve(d, non_violating[i], c, &fits) < 0) {
			code = sched_status_set(&d->st, SCHED_ERROR, "simulating preemption failed");
			goto out;
		}
	/* Keep victims ordered from the most important down (the selection reads victims[0]). */
	qsort(c->victims, c->n_victims, sizeof(*c->victims), cmp_importance);
	sched_status_reset(&d->st);
out:
	for (i = 0; i < n; i++)
		sched_pod_info_unref(potential[i]);
	free(potential);
	return code;
}

static void
candidate_release(struct candidate *c)
{
	size_t i;

	for (i = 0; i < c->n_victims; i++)
		sched_pod_info_unref(c->victims[i]);
	free(c->victims);
	memset(c, 0, sizeof(*c));
}

/* ---- candidate choice ---- */

/* GetEarliestPodStartTime over the highest-priority victims. */
static int64_t
earliest_start_of_most_important(const struct candidate *c)
{
	int64_t prio, earliest;
	size_t i;

	if (c->n_victims == 0)
		return INT64_MIN;
	prio = pod_priority(c->victims[0]->pod);
	earliest = pod_start_time(c->victims[0]->pod);
	for (i = 1; i < c->n_victims; i++) {
		int64_t p = pod_priority(c->victims[i]->pod), t = pod_start_time(c->victims[i]->pod);

		if (p == prio && t < earliest) {
			earliest = t;
		} else if (p > prio) {
			prio = p;
			earliest = t;
		}
	}
	return earliest;
}

static int64_t
candidate_score(const struct candidate *c, int criterion)
{
	int64_t sum = 0;
	size_t i;

	switch (criterion) {
	case 0:
		return -c->num_pdb_violations;
	case 1:
		return c->n_victims > 0 ? -pod_priority(c->victims[0]->pod) : 0;
	case 2:
		/* Priorities shifted to >= 0 so that more negative-priority victims never win. */
		for (i = 0; i < c->n_victims; i++)
			sum += pod_priority(c->victims[i]->pod) + (int64_t)INT32_MAX + 1;
		return -sum;
	case 3:
		return -(int64_t)c->n_victims;
	default:
		return earliest_start_of_most_important(c);
	}
}

/* pickOneNodeForPreemption: the index of the chosen candidate. */
static size_t
pick_candidate(const struct candidate *cands, size_t n)
{
	size_t *sel = calloc(n + 1, sizeof(*sel)), n_sel = n, i, chosen;
	int criterion;

	if (sel == NULL)
		return 0;
	for (i = 0; i < n; i++)
		sel[i] = i;
	for (criterion = 0; criterion < 5 && n_sel > 1; criterion++) {
		int64_t max = INT64_MIN;
		size_t k = 0;

		for (i = 0; i < n_sel; i++) {
			int64_t s = candidate_score(&cands[sel[i]], criterion);

			if (s > max) {
				max = s;
				k = 0;
			}
			if (s == max)
				sel[k++] = sel[i];
		}
		n_sel = k;
	}
	chosen = sel[0];
	free(sel);
	return chosen;
}

/* ---- eviction ---- */

struct eviction {
	struct kc_client *client;
	char *ns, *name;
};

static void
eviction_free(struct eviction *e)
{
	free(e->ns);
	free(e->name);
	free(e);
}

static void
eviction_deleted(void *arg, const struct kc_response *resp)
{
	struct eviction *e = arg;

	if (resp->r < 0 && resp->r != KC_ERR_NOT_FOUND)
		kc_error("preemption: deleting victim %s/%s: %s", e->ns, e->name, resp->message);
	eviction_free(e);
}

static void
eviction_condition_set(void *arg, const struct kc_response *resp)
{
	struct eviction *e = arg;

	if (resp->r == KC_ERR_NOT_FOUND) {
		eviction_free(e);
		return;
	}
	if (kc_client_delete(e->client, &pods_resource, e->ns, e->name, NULL, eviction_deleted, e) == NULL)
		eviction_free(e);
}

/* DisruptionTarget=True (PreemptionByScheduler), then DELETE. */
static void
evict(struct default_preemption *pl, const struct sched_pod_info *victim)
{
	struct eviction *e;
	json_auto_t *patch = NULL;
	char now[64];

	if (pl->h->client == NULL || (e = calloc(1, sizeof(*e))) == NULL)
		return;
	e->client = pl->h->client;
	e->ns = strdup(victim->ns);
	e->name = strdup(victim->name);
	kc_meta_time_format(kc_meta_now(), now, sizeof(now));
	patch = json_pack("{s{s[{ssssssssss}]}}", "status", "conditions", "type", "DisruptionTarget", "status", "True",
			  "reason", "PreemptionByScheduler", "message",
			  "default-scheduler: preempting to accommodate a higher priority pod", "lastTransitionTime", now);
	if (e->ns == NULL || e->name == NULL || patch == NULL ||
	    kc_client_patch(e->client, &pods_resource, e->ns, e->name, "status", "application/strategic-merge-patch+json",
			    patch, eviction_condition_set, e) == NULL)
		eviction_free(e);
}

static void
nomination_cleared(void *arg, const struct kc_response *resp)
{
	(void)arg;
	(void)resp;
}

/* Lower-priority pods nominated to the node lose the nomination (they would not fit anyway). */
static void
clear_lower_priority_nominations(struct default_preemption *pl, const struct sched_pod_info *pod, const char *node)
{
	struct sched_pod_info *const *nominated = NULL;
	size_t n, i;

	if (pl->h->nominated_pods == NULL || pl->h->client == NULL)
		return;
	n = pl->h->nominated_pods(pl->h, node, &nominated);
	for (i = 0; i < n; i++) {
		json_auto_t *patch = NULL;

		if (pod_priority(nominated[i]->pod) >= pod_priority(pod->pod) || strcmp(nominated[i]->uid, pod->uid) == 0)
			continue;
		patch = json_pack("{s{sn}}", "status", "nominatedNodeName");
		if (patch != NULL)
			kc_client_patch(pl->h->client, &pods_resource, nominated[i]->ns, nominated[i]->name, "status",
					"application/merge-patch+json", patch, nomination_cleared, NULL);
	}
}

static void
prepare_candidate(struct default_preemption *pl, const struct sched_pod_info *pod, const struct candidate *c)
{
	size_t i;

	for (i = 0; i < c->n_victims; i++) {
		const struct sched_pod_info *v = c->victims[i];

		evict(pl, v);
		if (pl->h->record_event != NULL)
			pl->h->record_event(pl->h, v->pod, "Normal", "Preempted", "Preempted by pod %s on node %s", pod->uid,
					    c->node);
	}
	clear_lower_priority_nominations(pl, pod, c->node);
}

/* ---- the failure message (FitError.Error over the preemption statuses) ---- */

struct reason_count {
	char *reason;
	size_t n;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
count_reasons(struct kc_strmap *hist, const struct sched_status *st)
{
	size_t i;

	for (i = 0; i < st->n_reasons; i++)
		kc_strmap_put(hist, st->reasons[i], (void *)((intptr_t)kc_strmap_get(hist, st->reasons[i]) + 1), NULL);
}

static enum sched_code
no_candidates(struct sched_status *st, struct kc_strmap *hist, size_t n_nodes)
{
	struct kc_strv lines = KC_STRV_INIT;
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	struct kc_strbuf sb = KC_STRBUF_INIT;
	const char *key;
	enum sched_code code;
	void *v;
	size_t i;

	while (kc_strmap_next(hist, &it, &key, &v))
		kc_strv_pushf(&lines, "%ld %s", (long)(intptr_t)v, key);
	if (lines.n > 0)
		qsort(lines.v, lines.n, sizeof(char *), cmp_str);
	kc_strbuf_addf(&sb, "0/%zu nodes are available:", n_nodes);
	for (i = 0; i < lines.n; i++)
		kc_strbuf_addf(&sb, "%s%s", i == 0 ? " " : ", ", lines.v[i]);
	code = sched_status_set(st, SCHED_UNSCHEDULABLE, "%s.", sb.buf);
	kc_strbuf_release(&sb);
	kc_strv_release(&lines);
	return code;
}

/* ---- PostFilter ---- */

struct preemption_run {
	struct default_preemption *pl;
	struct sched_cycle_state *cs;
	const struct sched_pod_info *pod;
	struct pdb_list pdbs;
	struct kc_strmap *hist;
	struct candidate *cands;
	size_t n_cands, n_non_violating;
};

/* Dry-runs one node; a found candidate is appended (non-violating ones stay in front). */
static int
try_node(struct preemption_run *run, const struct sched_node_info *ni)
{
	struct dry_run d = { run->pl, run->pod, NULL, NULL, { 0 } };
	struct candidate c = { ni->name, NULL, 0, 0 };
	enum sched_code code;

	d.cs = sched_cycle_state_clone(run->cs);
	d.node = sched_node_info_clone(ni);
	if (d.cs == NULL || d.node == NULL) {
		sched_cycle_state_free(d.cs);
		sched_node_info_free(d.node);
		return KC_ERR_NOMEM;
	}
	code = select_victims_on_node(&d, &run->pdbs, &c);
	if (code == SCHED_SUCCESS && c.n_victims == 0) {
		code = sched_status_set(&d.st, SCHED_ERROR, "expected at least one victim pod on node %s", ni->name);
	}
	if (code == SCHED_SUCCESS) {
		if (c.num_pdb_violations == 0) {
			memmove(&run->cands[run->n_non_violating + 1], &run->cands[run->n_non_violating],
				(run->n_cands - run->n_non_violating) * sizeof(*run->cands));
			run->cands[run->n_non_violating++] = c;
		} else {
			run->cands[run->n_cands] = c;
		}
		run->n_cands++;
	} else {
		count_reasons(run->hist, &d.st);
		candidate_release(&c);
	}
	sched_status_reset(&d.st);
	sched_cycle_state_free(d.cs);
	sched_node_info_free(d.node);
	return 0;
}

static size_t
num_candidates(const struct default_preemption *pl, size_t n_nodes)
{
	size_t n = n_nodes * (size_t)pl->min_candidate_nodes_percentage / 100;

	if (n < (size_t)pl->min_candidate_nodes_absolute)
		n = (size_t)pl->min_candidate_nodes_absolute;
	return n > n_nodes ? n_nodes : n;
}

static enum sched_code
preempt(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
	const struct sched_node_status *filtered, size_t n_filtered, struct sched_postfilter_result *res,
	struct sched_status *st)
{
	struct default_preemption *pl = self;
	const struct sched_snapshot *snap = pl->h != NULL && pl->h->snapshot != NULL ? pl->h->snapshot(pl->h) : NULL;
	struct preemption_run run = { pl, cs, pod, { 0 }, NULL, NULL, 0, 0 };
	const char *reason = not_eligible_reason(pl, pod, filtered, n_filtered);
	enum sched_code code;
	size_t i, want, chosen;

	if (reason != NULL)
		return sched_status_set(st, SCHED_UNSCHEDULABLE, "%s", reason);
	if (snap == NULL || snap->n_nodes == 0)
		return sched_status_set(st, SCHED_ERROR, "no nodes available");
	run.hist = kc_strmap_new();
	run.cands = calloc(snap->n_nodes + 1, sizeof(*run.cands));
	if (run.hist == NULL || run.cands == NULL ||
	    (pl->h->pdbs != NULL && kc_store_foreach(pl->h->pdbs, collect_pdb, &run.pdbs) < 0)) {
		code = sched_status_set(st, SCHED_ERROR, "out of memory");
		goto out;
	}
	want = num_candidates(pl, snap->n_nodes);
	for (i = 0; i < snap->n_nodes; i++) {
		const struct sched_node_info *ni = snap->nodes[i];
		const struct sched_node_status *ns = ni->name != NULL ? find_status(filtered, n_filtered, ni->name) : NULL;

		/* Only nodes that failed as Unschedulable can be helped by evicting pods. */
		if (ni->node == NULL || ns == NULL || ns->status.code == SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE) {
			kc_strmap_put(run.hist, NOT_HELPFUL,
				      (void *)((intptr_t)kc_strmap_get(run.hist, NOT_HELPFUL) + 1), NULL);
			continue;
		}
		if (run.n_non_violating > 0 && run.n_cands >= want)
			break;
		if (try_node(&run, ni) < 0) {
			code = sched_status_set(st, SCHED_ERROR, "out of memory");
			goto out;
		}
	}
	if (run.n_cands == 0) {
		res->nominated_node_name = NULL;
		code = no_candidates(st, run.hist, snap->n_nodes);
		goto out;
	}
	chosen = pick_candidate(run.cands, run.n_cands);
	prepare_candidate(pl, pod, &run.cands[chosen]);
	res->nominated_node_name = strdup(run.cands[chosen].node);
	code = res->nominated_node_name != NULL ? SCHED_SUCCESS : sched_status_set(st, SCHED_ERROR, "out of memory");
out:
	for (i = 0; i < run.n_cands; i++)
		candidate_release(&run.cands[i]);
	free(run.cands);
	kc_strmap_free(run.hist, NULL);
	pdb_list_release(&run.pdbs);
	return code;
}

/* DefaultPreemption.PostFilter: Preempt(), its message prefixed with "preemption: " as upstream. */
static enum sched_code
preemption_post_filter(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		       const struct sched_node_status *filtered, size_t n_filtered,
		       struct sched_postfilter_result *res, struct sched_status *st)
{
	enum sched_code code = preempt(self, cs, pod, filtered, n_filtered, res, st);
	char *prefixed;

	if (code != SCHED_SUCCESS && st->n_reasons > 0 &&
	    asprintf(&prefixed, "preemption: %s", st->reasons[0]) >= 0) {
		free(st->reasons[0]);
		st->reasons[0] = prefixed;
	}
	return code;
}

/* A deleted assigned pod of lower priority may free room. */
static enum sched_hint
preemption_pod_hint(struct sched_plugin *p, const json_t *pod, const json_t *old_obj, const json_t *new_obj)
{
	(void)p;
	(void)pod;
	(void)new_obj;
	return *kc_json_get_string(old_obj, "spec.nodeName", "") != '\0' ? SCHED_QUEUE : SCHED_QUEUE_SKIP;
}

static const struct sched_event_with_hint preemption_events[] = {
	{ { SCHED_EV_ASSIGNED_POD, SCHED_ACT_DELETE }, preemption_pod_hint },
};

const struct sched_plugin_ops sched_plugin_default_preemption = {
	.name = "DefaultPreemption",
	.new_plugin = preemption_new,
	.free_plugin = preemption_free,
	.events = preemption_events,
	.n_events = 1,
	.post_filter = preemption_post_filter,
};
