/*
 * helper.c - helpers shared by the scheduler plugins (upstream:
 * component-helpers/scheduling/corev1/helpers.go and nodeaffinity/nodeaffinity.go,
 * k8s.io/api/core/v1 toleration.go, pkg/scheduler/framework/plugins/helper/normalize_score.go).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/labels.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

char *
sched_normalized_image_name(const char *name)
{
	const char *last = strrchr(name, '/');
	const char *tail = last != NULL ? last + 1 : name;

	if (strchr(tail, ':') == NULL && strchr(name, '@') == NULL)
		return kc_strfmt("%s:latest", name);
	return strdup(name);
}

static int
str_eq(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

int
sched_toleration_tolerates_taint(const json_t *tol, const json_t *taint)
{
	const char *effect = kc_json_get_string(tol, "effect", "");
	const char *key = kc_json_get_string(tol, "key", "");
	const char *op = kc_json_get_string(tol, "operator", "");

	if (*effect != '\0' && !str_eq(effect, kc_json_get_string(taint, "effect", "")))
		return 0;
	if (*key != '\0' && !str_eq(key, kc_json_get_string(taint, "key", "")))
		return 0;
	if (*op == '\0' || strcmp(op, "Equal") == 0)
		return str_eq(kc_json_get_string(tol, "value", ""), kc_json_get_string(taint, "value", ""));
	return strcmp(op, "Exists") == 0;
}

int
sched_tolerations_tolerate_taint(const json_t *tolerations, const json_t *taint)
{
	size_t i;
	json_t *tol;

	json_array_foreach(tolerations, i, tol)
		if (sched_toleration_tolerates_taint(tol, taint))
			return 1;
	return 0;
}

static int
effect_selected(const char *effect, const char *const *effects)
{
	static const char *const hard[] = { "NoSchedule", "NoExecute", NULL };

	for (effects = effects != NULL ? effects : hard; *effects != NULL; effects++)
		if (strcmp(*effects, effect) == 0)
			return 1;
	return 0;
}

const json_t *
sched_find_untolerated_taint(const json_t *taints, const json_t *tolerations, const char *const *effects)
{
	size_t i;
	json_t *taint;

	json_array_foreach(taints, i, taint) {
		if (!effect_selected(kc_json_get_string(taint, "effect", ""), effects))
			continue;
		if (!sched_tolerations_tolerate_taint(tolerations, taint))
			return taint;
	}
	return NULL;
}

/* matchFields supports metadata.name with In/NotIn and exactly one value, as upstream. */
static int
node_fields_parse(const json_t *fields, struct kc_label_selector **ret, char **ret_err)
{
	size_t i;
	json_t *req;

	json_array_foreach(fields, i, req) {
		const char *key = kc_json_get_string(req, "key", "");
		const char *op = kc_json_get_string(req, "operator", "");

		if (strcmp(key, "metadata.name") != 0) {
			*ret_err = kc_strfmt("key: Unsupported value: \"%s\"", key);
			return KC_ERR_INVALID;
		}
		if ((strcmp(op, "In") != 0 && strcmp(op, "NotIn") != 0) ||
		    json_array_size(json_object_get(req, "values")) != 1) {
			*ret_err = kc_strfmt("values: Invalid value: %zu: must have one element",
					     json_array_size(json_object_get(req, "values")));
			return KC_ERR_INVALID;
		}
	}
	return kc_labels_from_node_selector_requirements(fields, ret, ret_err);
}

static int
node_selector_term_parse(struct sched_node_selector_term *t, const json_t *term, char **ret_err)
{
	const json_t *exprs = json_object_get(term, "matchExpressions");
	const json_t *fields = json_object_get(term, "matchFields");
	char *err = NULL;
	int r = 0;

	if (json_array_size(exprs) > 0)
		r = kc_labels_from_node_selector_requirements(exprs, &t->labels, &err);
	if (r >= 0 && json_array_size(fields) > 0)
		r = node_fields_parse(fields, &t->fields, &err);
	t->valid = r >= 0;
	if (r == KC_ERR_INVALID && ret_err != NULL && *ret_err == NULL)
		*ret_err = kc_take_ptr(err);
	free(err);
	return r == KC_ERR_NOMEM ? r : 0;
}

struct sched_node_selector *
sched_node_selector_parse(const json_t *terms, int weighted, char **ret_err)
{
	struct sched_node_selector *s = calloc(1, sizeof(*s));
	size_t i, n = json_array_size(terms);
	json_t *item;

	if (s == NULL)
		return NULL;
	if (n > 0 && (s->terms = calloc(n, sizeof(*s->terms))) == NULL)
		return sched_node_selector_free(s);
	json_array_foreach(terms, i, item) {
		struct sched_node_selector_term *t = &s->terms[s->n++];

		if (weighted)
			t->weight = (int32_t)kc_json_get_int64(item, "weight", 0);
		if (node_selector_term_parse(t, weighted ? json_object_get(item, "preference") : item,
					     ret_err) < 0)
			return sched_node_selector_free(s);
	}
	return s;
}

struct sched_node_selector *
sched_node_selector_free(struct sched_node_selector *s)
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < s->n; i++) {
		kc_label_selector_free(s->terms[i].labels);
		kc_label_selector_free(s->terms[i].fields);
	}
	free(s->terms);
	free(s);
	return NULL;
}

int
sched_node_selector_term_matches(const struct sched_node_selector_term *t, const json_t *node)
{
	if (!t->valid || (t->labels == NULL && t->fields == NULL))
		return 0;
	if (t->labels != NULL && !kc_label_selector_matches(t->labels, kc_meta_labels(node)))
		return 0;
	if (t->fields != NULL) {
		const char *name = kc_meta_name(node);
		json_auto_t *f = json_pack("{ss}", "metadata.name", name != NULL ? name : "");

		if (!kc_label_selector_matches(t->fields, f))
			return 0;
	}
	return 1;
}

int
sched_node_selector_matches(const struct sched_node_selector *s, const json_t *node)
{
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++)
		if (sched_node_selector_term_matches(&s->terms[i], node))
			return 1;
	return 0;
}

int
sched_required_node_affinity_init(struct sched_required_node_affinity *a, const json_t *pod)
{
	const json_t *ns = kc_json_get(pod, "spec", "nodeSelector", NULL);
	const json_t *req = kc_json_get(pod, "spec", "affinity", "nodeAffinity",
					"requiredDuringSchedulingIgnoredDuringExecution", NULL);

	memset(a, 0, sizeof(*a));
	if (json_object_size(ns) > 0 && kc_labels_from_set(ns, &a->node_selector) < 0)
		return KC_ERR_NOMEM;
	if (json_is_object(req)) {
		a->required = sched_node_selector_parse(json_object_get(req, "nodeSelectorTerms"), 0, NULL);
		if (a->required == NULL) {
			sched_required_node_affinity_release(a);
			return KC_ERR_NOMEM;
		}
	}
	return 0;
}

void
sched_required_node_affinity_release(struct sched_required_node_affinity *a)
{
	a->node_selector = kc_label_selector_free(a->node_selector);
	a->required = sched_node_selector_free(a->required);
}

int
sched_required_node_affinity_matches(const struct sched_required_node_affinity *a, const json_t *node)
{
	if (a->node_selector != NULL && !kc_label_selector_matches(a->node_selector, kc_meta_labels(node)))
		return 0;
	return a->required == NULL || sched_node_selector_matches(a->required, node);
}

void
sched_default_normalize_score(int64_t max_priority, int reverse, struct sched_node_score *scores, size_t n)
{
	int64_t max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (scores[i].score > max)
			max = scores[i].score;
	if (max == 0) {
		if (reverse)
			for (i = 0; i < n; i++)
				scores[i].score = max_priority;
		return;
	}
	for (i = 0; i < n; i++) {
		scores[i].score = max_priority * scores[i].score / max;
		if (reverse)
			scores[i].score = max_priority - scores[i].score;
	}
}

int
sched_json_strv_contains(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

int
sched_counts_add(struct kc_strmap *m, const char *key, int64_t delta)
{
	int64_t v = sched_counts_get(m, key) + delta;

	if (v == 0) {
		kc_strmap_remove(m, key, NULL);
		return 0;
	}
	return kc_strmap_put(m, key, (void *)(intptr_t)v, NULL) < 0 ? KC_ERR_NOMEM : 0;
}

int
sched_counts_set(struct kc_strmap *m, const char *key, int64_t value)
{
	return kc_strmap_put(m, key, (void *)(intptr_t)value, NULL) < 0 ? KC_ERR_NOMEM : 0;
}

int64_t
sched_counts_get(const struct kc_strmap *m, const char *key)
{
	return m != NULL ? (int64_t)(intptr_t)kc_strmap_get(m, key) : 0;
}

struct kc_strmap *
sched_counts_clone(const struct kc_strmap *m)
{
	struct kc_strmap *c = kc_strmap_new();
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *key;
	void *v;

	while (c != NULL && m != NULL && kc_strmap_next(m, &it, &key, &v))
		if (kc_strmap_put(c, key, v, NULL) < 0)
			return kc_strmap_free(c, NULL);
	return c;
}

const char *
sched_topology_pair(char *buf, size_t size, const char *key, const char *value)
{
	snprintf(buf, size, "%s\x1f%s", key, value);
	return buf;
}
