/*
 * sched_testlib.h - what the scheduler plugin tests share: pods, nodes and snapshots from JSON
 * text (single quotes stand for double quotes, so tables stay readable), a fake framework
 * handle, and runners for one plugin's Filter and Score paths as the framework would call
 * them (PreFilter, then Filter unless PreFilter said Skip; PreScore, Score, NormalizeScore).
 */
#ifndef TEST_UNIT_SCHED_TESTLIB_H
#define TEST_UNIT_SCHED_TESTLIB_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "kube-scheduler/framework/interface.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/testutil.h"

/* JSON text with ' for " (no test string needs a literal quote). */
static inline json_t *
tj(const char *text)
{
	char *s = strdup(text), *p;
	json_t *v;

	for (p = s; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	v = kc_test_json(s);
	free(s);
	return v;
}

static inline struct sched_pod_info *
tpod(const char *text)
{
	json_t *j = tj(text);
	struct sched_pod_info *pi = sched_pod_info_new(j);

	json_decref(j);
	ck_assert_ptr_nonnull(pi);
	return pi;
}

/* A node from JSON text, with the pods (each "text" of a pod bound there) added. */
static inline struct sched_node_info *
tnode(const char *text)
{
	struct sched_node_info *ni = sched_node_info_new();
	json_t *j = tj(text);

	ck_assert_int_eq(sched_node_info_set_node(ni, j), 0);
	json_decref(j);
	return ni;
}

static inline void
tnode_add(struct sched_node_info *ni, const char *pod_text)
{
	struct sched_pod_info *pi = tpod(pod_text);

	ck_assert_int_eq(sched_node_info_add_pod(ni, pi), 0);
	sched_pod_info_unref(pi);
}

struct tsnap {
	struct sched_snapshot s;
	struct sched_handle h;
};

static inline const struct sched_snapshot *
tsnap_get(struct sched_handle *h)
{
	return &((struct tsnap *)((char *)h - offsetof(struct tsnap, h)))->s;
}

/* Takes the node infos; the handle's snapshot() returns the snapshot. */
static inline struct tsnap *
tsnap_new(struct sched_node_info **nodes, size_t n)
{
	struct tsnap *t = calloc(1, sizeof(*t));
	size_t i;

	t->s.nodes = calloc(n + 1, sizeof(*t->s.nodes));
	t->s.have_pods_with_affinity = calloc(n + 1, sizeof(*t->s.nodes));
	t->s.have_pods_with_required_anti_affinity = calloc(n + 1, sizeof(*t->s.nodes));
	t->s.by_name = kc_strmap_new();
	for (i = 0; i < n; i++) {
		t->s.nodes[t->s.n_nodes++] = nodes[i];
		kc_strmap_put(t->s.by_name, nodes[i]->name, nodes[i], NULL);
		if (nodes[i]->n_pods_with_affinity > 0)
			t->s.have_pods_with_affinity[t->s.n_have_pods_with_affinity++] = nodes[i];
		if (nodes[i]->n_pods_with_required_anti_affinity > 0)
			t->s.have_pods_with_required_anti_affinity[t->s.n_have_pods_with_required_anti_affinity++] =
				nodes[i];
	}
	t->h.snapshot = tsnap_get;
	return t;
}

static inline void
tsnap_free(struct tsnap *t)
{
	size_t i;

	for (i = 0; i < t->s.n_nodes; i++)
		sched_node_info_free(t->s.nodes[i]);
	free(t->s.nodes);
	free(t->s.have_pods_with_affinity);
	free(t->s.have_pods_with_required_anti_affinity);
	kc_strmap_free(t->s.by_name, NULL);
	free(t);
}

/* A plugin instance from args text (NULL = defaults); fails the test when it does not build. */
static inline void *
tplugin(const struct sched_plugin_ops *ops, const char *args, struct sched_handle *h)
{
	json_t *a = args != NULL ? tj(args) : NULL;
	char *err = NULL;
	void *self = NULL;

	if (ops->new_plugin != NULL) {
		self = ops->new_plugin(a, h, &err);
		ck_assert_msg(self != NULL, "new_plugin: %s", err != NULL ? err : "NULL");
	}
	json_decref(a);
	return self;
}

static inline void
tplugin_free(const struct sched_plugin_ops *ops, void *self)
{
	if (ops->free_plugin != NULL)
		ops->free_plugin(self);
}

/*
 * PreFilter (on snap) then Filter on node; the code, with the first reason in st.  A
 * PreFilter Skip means Success; a PreFilterResult that excludes the node, UnschedulableAndUnresolvable.
 */
static inline enum sched_code
tfilter(const struct sched_plugin_ops *ops, void *self, const struct sched_pod_info *pod,
	const struct sched_snapshot *snap, const struct sched_node_info *node, struct sched_status *st)
{
	struct sched_cycle_state *cs = sched_cycle_state_new();
	struct sched_prefilter_result res = { NULL };
	enum sched_code code = SCHED_SUCCESS;

	if (ops->pre_filter != NULL)
		code = ops->pre_filter(self, cs, pod, snap, &res, st);
	if (code == SCHED_SUCCESS && res.node_names != NULL && !kc_strmap_contains(res.node_names, node->name))
		code = SCHED_UNSCHEDULABLE_AND_UNRESOLVABLE;
	if (code == SCHED_SUCCESS && ops->filter != NULL)
		code = ops->filter(self, cs, pod, node, st);
	if (code == SCHED_SKIP)
		code = SCHED_SUCCESS;
	kc_strmap_free(res.node_names, NULL);
	sched_cycle_state_free(cs);
	return code;
}

/* PreScore + Score + NormalizeScore over nodes; scores[i] for nodes[i]. */
static inline enum sched_code
tscore(const struct sched_plugin_ops *ops, void *self, const struct sched_pod_info *pod,
       struct sched_node_info *const *nodes, size_t n, int64_t *scores)
{
	struct sched_cycle_state *cs = sched_cycle_state_new();
	struct sched_node_score *ns = calloc(n + 1, sizeof(*ns));
	struct sched_status st = { 0 };
	enum sched_code code = SCHED_SUCCESS;
	size_t i;

	if (ops->pre_score != NULL)
		code = ops->pre_score(self, cs, pod, nodes, n, &st);
	for (i = 0; i < n; i++) {
		ns[i].name = nodes[i]->name;
		ns[i].score = 0;
		if (code == SCHED_SUCCESS)
			ck_assert_int_eq(ops->score(self, cs, pod, nodes[i], &ns[i].score, &st), SCHED_SUCCESS);
	}
	if (code == SCHED_SUCCESS && ops->normalize_score != NULL)
		ck_assert_int_eq(ops->normalize_score(self, cs, pod, ns, n, &st), SCHED_SUCCESS);
	for (i = 0; i < n; i++)
		scores[i] = ns[i].score;
	free(ns);
	sched_status_reset(&st);
	sched_cycle_state_free(cs);
	return code;
}

static inline const char *
treason(const struct sched_status *st)
{
	return st->n_reasons > 0 ? st->reasons[0] : "";
}

/* tfilter() on every node of the snapshot, against the expected codes and first reasons. */
static inline void
tfilter_each(const struct sched_plugin_ops *ops, void *self, const struct sched_pod_info *pod,
	     const struct sched_snapshot *snap, const enum sched_code *want, const char *const *reason,
	     const char *what)
{
	size_t i;

	for (i = 0; i < snap->n_nodes; i++) {
		struct sched_status st = { 0 };
		enum sched_code code = tfilter(ops, self, pod, snap, snap->nodes[i], &st);

		ck_assert_msg(code == want[i], "%s: node %zu: %s", what, i, sched_code_name(code));
		ck_assert_str_eq(treason(&st), reason[i]);
		sched_status_reset(&st);
	}
}

#endif
