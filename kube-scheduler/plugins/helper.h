/*
 * helper.h - what several scheduler plugins share (upstream:
 * component-helpers/scheduling/corev1 (tolerations, nodeaffinity), pkg/scheduler/framework/
 * plugins/helper (DefaultNormalizeScore), types.go normalizedImageName).
 */
#ifndef KUBE_SCHEDULER_PLUGINS_HELPER_H
#define KUBE_SCHEDULER_PLUGINS_HELPER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-scheduler/framework/interface.h"

/* Image name with ":latest" added when it has neither tag nor digest; malloc()ed, NULL on ENOMEM. */
char *sched_normalized_image_name(const char *name);

/* Toleration.ToleratesTaint: key, effect (empty = any) and operator Equal/Exists. */
int sched_toleration_tolerates_taint(const json_t *toleration, const json_t *taint);
/* Whether any toleration in the array tolerates taint. */
int sched_tolerations_tolerate_taint(const json_t *tolerations, const json_t *taint);
/*
 * FindMatchingUntoleratedTaint: the first taint (borrowed) whose effect passes the filter
 * (NoSchedule and NoExecute when effects = NULL, else the listed NULL-terminated effects) that
 * no toleration tolerates; NULL when all are tolerated.
 */
const json_t *sched_find_untolerated_taint(const json_t *taints, const json_t *tolerations,
					   const char *const *effects);

/* One NodeSelectorTerm (matchExpressions on labels, matchFields on metadata.name). */
struct sched_node_selector_term {
	struct kc_label_selector *labels;  /* NULL: no matchExpressions */
	struct kc_label_selector *fields;  /* NULL: no matchFields */
	int valid;                         /* 0: parse error, never matches */
	int32_t weight;                    /* preferred terms */
};

/* A NodeSelector (terms ORed), or preferred terms when parsed with weights. */
struct sched_node_selector {
	struct sched_node_selector_term *terms;
	size_t n;
};

/*
 * Parses nodeSelectorTerms (weighted = 0) or an array of PreferredSchedulingTerm (weighted = 1:
 * {weight, preference}).  Invalid terms are kept as never matching (upstream's lazy-error node
 * selector); *ret_err, when not NULL, gets the first error.  NULL only on ENOMEM.
 */
struct sched_node_selector *sched_node_selector_parse(const json_t *terms, int weighted, char **ret_err);
struct sched_node_selector *sched_node_selector_free(struct sched_node_selector *s);
int sched_node_selector_term_matches(const struct sched_node_selector_term *t, const json_t *node);
/* Any term matches (an empty selector matches nothing). */
int sched_node_selector_matches(const struct sched_node_selector *s, const json_t *node);

/* RequiredNodeAffinity: spec.nodeSelector and required nodeAffinity of a pod. */
struct sched_required_node_affinity {
	struct kc_label_selector *node_selector;  /* NULL: none */
	struct sched_node_selector *required;     /* NULL: none */
};
int sched_required_node_affinity_init(struct sched_required_node_affinity *a, const json_t *pod);
void sched_required_node_affinity_release(struct sched_required_node_affinity *a);
int sched_required_node_affinity_matches(const struct sched_required_node_affinity *a, const json_t *node);

/* helper.DefaultNormalizeScore: scale to [0, max_priority] by the maximum; reverse flips. */
void sched_default_normalize_score(int64_t max_priority, int reverse, struct sched_node_score *scores,
				   size_t n);

/* Whether a json string array contains s. */
int sched_json_strv_contains(const json_t *arr, const char *s);

#endif

/*
 * Counts keyed by a string (topology pair "key\x1fvalue" or a topology value): a kc_strmap with
 * the int64 count in the value pointer.  A count that drops to 0 is removed, so the size is the
 * number of keys with a non-zero count, as upstream's topologyToMatchedTermCount.
 */
struct kc_strmap;
int sched_counts_add(struct kc_strmap *m, const char *key, int64_t delta);
int64_t sched_counts_get(const struct kc_strmap *m, const char *key);
/* Sets the count without removing zeros (domains that exist with no matching pod). */
int sched_counts_set(struct kc_strmap *m, const char *key, int64_t value);
struct kc_strmap *sched_counts_clone(const struct kc_strmap *m);
/* "key\x1fvalue" into buf (truncated to size). */
const char *sched_topology_pair(char *buf, size_t size, const char *key, const char *value);

/* image_locality.c's calculatePriority, for tests. */
int64_t sched_image_locality_priority(int64_t sum, size_t n_containers);
/* default_binder.c's v1.Binding body (new reference), for tests. */
json_t *sched_default_binder_binding(const struct sched_pod_info *pod, const char *node_name);
