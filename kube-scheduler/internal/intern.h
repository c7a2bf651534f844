/*
 * intern.h - one shared copy of the identical subtrees of the pods and nodes the scheduler's
 * informers keep (no upstream file: upstream's pod informer transform in pkg/scheduler/
 * scheduler.go newPodInformer only strips managedFields, and Go would reach for unique.Make;
 * here jansson spends ~250 bytes per object and ~80 per member, so 10k pods of one Deployment
 * would otherwise keep 10k copies of the same labels, containers and tolerations).
 *
 * After the informer transform has trimmed an object, sched_interner_intern_pod() / _node()
 * replace some of its members (labels, containers, tolerations, affinity, ...; a node's taints,
 * capacity and allocatable) by an equal value the interner already holds, keyed by the value's
 * compact, key-sorted JSON text; a value seen for the first time is remembered for the next
 * object.  Only objects, arrays and strings are interned.  Safe because nothing modifies a kept
 * object: updates replace it.
 *
 * Ownership: the interner holds one reference on each value in its table.  Values that only the
 * table still references (refcount 1: every object that used them is gone) are dropped by a sweep
 * that runs when the table reaches twice its size after the previous sweep (at least 1024).
 * Not thread-safe: an interner belongs to the scheduler's loop.
 */
#ifndef KUBE_SCHEDULER_INTERNAL_INTERN_H
#define KUBE_SCHEDULER_INTERNAL_INTERN_H

#include <stddef.h>

#include <jansson.h>

struct sched_interner;

/* An empty interner; NULL on out of memory. */
struct sched_interner *sched_interner_new(void);
/* Drops the table's references (values still used by objects live on).  NULL-safe; NULL. */
struct sched_interner *sched_interner_free(struct sched_interner *in);

/*
 * Shares pod's apiVersion, kind; metadata.namespace, labels, ownerReferences,
 * creationTimestamp; spec.containers, initContainers, tolerations, affinity,
 * topologySpreadConstraints, nodeSelector, schedulerName, overhead, schedulingGates,
 * priorityClassName, preemptionPolicy, securityContext; status.phase, conditions.  pod's
 * metadata, spec and status must be its own (not shared with another object), as the
 * transform's copies are: their members are replaced in place.  Missing members, a NULL pod or
 * interner, and out of memory leave the object as it was.
 */
void sched_interner_intern_pod(struct sched_interner *in, json_t *pod);
/* The same for a node: apiVersion, kind; spec.taints; status.capacity, allocatable. */
void sched_interner_intern_node(struct sched_interner *in, json_t *node);

/* Values in the table (the ones still used and those awaiting the next sweep); 0 for NULL. */
size_t sched_interner_size(const struct sched_interner *in);

#endif
