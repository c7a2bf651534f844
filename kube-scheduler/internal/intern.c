/*
 * intern.c - sharing identical subtrees among the pods and nodes the scheduler keeps (no upstream
 * file; upstream's informer transform is newPodInformer's in pkg/scheduler/scheduler.go).  A
 * table maps each value's compact, key-sorted JSON text to the one json_t kept for it; a sweep
 * drops the values nothing but the table uses any more.  See intern.h.
 */
#include <stdlib.h>

#include "kube-scheduler/internal/intern.h"
#include "libkcommon/hashmap.h"

/* The table is swept when it reaches this many values at least (and twice its swept size). */
#define SWEEP_MIN 1024

struct sched_interner {
	struct kc_strmap *table; /* JSON text -> json_t * (one reference each) */
	size_t sweep_at;         /* table size that triggers the next sweep */
};

static const char *const pod_top_keys[] = { "apiVersion", "kind", NULL };
static const char *const pod_meta_keys[] = { "namespace", "labels", "ownerReferences",
					     "creationTimestamp", NULL };
static const char *const pod_spec_keys[] = { "containers",
					     "initContainers",
					     "tolerations",
					     "affinity",
					     "topologySpreadConstraints",
					     "nodeSelector",
					     "schedulerName",
					     "overhead",
					     "schedulingGates",
					     "priorityClassName",
					     "preemptionPolicy",
					     "securityContext",
					     NULL };
static const char *const pod_status_keys[] = { "phase", "conditions", NULL };
static const char *const node_top_keys[] = { "apiVersion", "kind", NULL };
static const char *const node_spec_keys[] = { "taints", NULL };
static const char *const node_status_keys[] = { "capacity", "allocatable", NULL };

struct sched_interner *
sched_interner_new(void)
{
	struct sched_interner *in = calloc(1, sizeof(*in));

	if (!in)
		return NULL;
	in->table = kc_strmap_new();
	if (!in->table) {
		free(in);
		return NULL;
	}
	in->sweep_at = SWEEP_MIN;
	return in;
}

static void
json_decref_value(void *v)
{
	json_decref(v);
}

struct sched_interner *
sched_interner_free(struct sched_interner *in)
{
	if (!in)
		return NULL;
	kc_strmap_free(in->table, json_decref_value);
	free(in);
	return NULL;
}

size_t
sched_interner_size(const struct sched_interner *in)
{
	return in ? kc_strmap_size(in->table) : 0;
}

/*
 * Whether the table's own reference is the only one left.  Interned values are never nested in
 * one another (only direct members of an object's top level, metadata, spec and status are
 * interned, and those four never are), so a table value cannot keep another alive, and a count
 * of 1 means no kept object uses it.  jansson has no getter for the count; the loop is the only
 * thread touching these values, so a relaxed load is exact.
 */
static int
held_only_by_table(json_t *v)
{
	return __atomic_load_n(&v->refcount, __ATOMIC_RELAXED) == 1;
}

/* Drops the values nothing but the table holds any more, and sets the next sweep's size. */
static void
sweep(struct sched_interner *in)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *key;
	void *v;

	while (kc_strmap_next(in->table, &it, &key, &v)) {
		if (held_only_by_table(v)) {
			kc_strmap_remove(in->table, key, NULL);
			json_decref(v);
		}
	}
	in->sweep_at = 2 * kc_strmap_size(in->table);
	if (in->sweep_at < SWEEP_MIN)
		in->sweep_at = SWEEP_MIN;
}

/* parent[key] replaced by the equal value the table holds, or remembered when there is none. */
static void
intern_member(struct sched_interner *in, json_t *parent, const char *key)
{
	json_t *v = json_object_get(parent, key), *have;
	char *text;

	if (!json_is_object(v) && !json_is_array(v) && !json_is_string(v))
		return;
	text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!text)
		return;
	have = kc_strmap_get(in->table, text);
	if (have) {
		if (have != v)
			json_object_set(parent, key, have);
	} else if (kc_strmap_put(in->table, text, json_incref(v), NULL) < 0) {
		json_decref(v);
	} else if (kc_strmap_size(in->table) >= in->sweep_at) {
		/* v is referenced by parent too, so this sweep keeps it. */
		sweep(in);
	}
	free(text);
}

static void
intern_members(struct sched_interner *in, json_t *parent, const char *const *keys)
{
	if (!json_is_object(parent))
		return;
	for (size_t i = 0; keys[i]; i++)
		intern_member(in, parent, keys[i]);
}

void
sched_interner_intern_pod(struct sched_interner *in, json_t *pod)
{
	if (!in || !json_is_object(pod))
		return;
	intern_members(in, pod, pod_top_keys);
	intern_members(in, json_object_get(pod, "metadata"), pod_meta_keys);
	intern_members(in, json_object_get(pod, "spec"), pod_spec_keys);
	intern_members(in, json_object_get(pod, "status"), pod_status_keys);
}

void
sched_interner_intern_node(struct sched_interner *in, json_t *node)
{
	if (!in || !json_is_object(node))
		return;
	intern_members(in, node, node_top_keys);
	intern_members(in, json_object_get(node, "spec"), node_spec_keys);
	intern_members(in, json_object_get(node, "status"), node_status_keys);
}
