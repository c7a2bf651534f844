/*
 * cycle_state.c - CycleState, the per-cycle scratch space plugins share between their
 * extension points (upstream: pkg/scheduler/framework/cycle_state.go).
 *
 * A handful of keys per cycle (one or two per plugin), so a small array searched linearly
 * beats a hash map.  Clone copies the values registered with a clone function (the state that
 * preemption's AddPod/RemovePod simulations mutate) and shares the others read-only: only the
 * state that wrote a value frees it.
 */
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "libkcommon/errors.h"

struct cycle_state_entry {
	char *key;
	const char *key_id; /* the pointer the writer passed: plugins use one constant per key */
	void *value;
	void (*free_value)(void *);
	void *(*clone_value)(const void *);
	int owned;   /* 0: borrowed from the state this one was cloned from */
};

struct sched_cycle_state {
	struct cycle_state_entry *entries;
	size_t n, cap;
};

struct sched_cycle_state *
sched_cycle_state_new(void)
{
	return calloc(1, sizeof(struct sched_cycle_state));
}

static void
entry_release(struct cycle_state_entry *e)
{
	if (e->owned && e->free_value != NULL && e->value != NULL)
		e->free_value(e->value);
	free(e->key);
}

struct sched_cycle_state *
sched_cycle_state_free(struct sched_cycle_state *cs)
{
	size_t i;

	if (cs == NULL)
		return NULL;
	for (i = 0; i < cs->n; i++)
		entry_release(&cs->entries[i]);
	free(cs->entries);
	free(cs);
	return NULL;
}

static struct cycle_state_entry *
cycle_state_find(const struct sched_cycle_state *cs, const char *key)
{
	size_t i;

	/* Score reads its PreScore state for every node: a pointer compare finds the constant
	 * the plugin wrote with, skipping strcmp on the other keys (which share long prefixes);
	 * one strcmp confirms it, should a writer's key buffer have been reused */
	for (i = 0; i < cs->n; i++)
		if (cs->entries[i].key_id == key && strcmp(cs->entries[i].key, key) == 0)
			return &cs->entries[i];
	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->entries[i].key, key) == 0)
			return &cs->entries[i];
	return NULL;
}

/* Appends an empty entry for key; NULL on ENOMEM. */
static struct cycle_state_entry *
cycle_state_append(struct sched_cycle_state *cs, const char *key)
{
	struct cycle_state_entry *e;

	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? 2 * cs->cap : 8;
		struct cycle_state_entry *grown = realloc(cs->entries, cap * sizeof(*grown));

		if (grown == NULL)
			return NULL;
		cs->entries = grown;
		cs->cap = cap;
	}
	e = &cs->entries[cs->n];
	memset(e, 0, sizeof(*e));
	e->key = strdup(key);
	if (e->key == NULL)
		return NULL;
	e->key_id = key;
	cs->n++;
	return e;
}

int
sched_cycle_state_write_cloneable(struct sched_cycle_state *cs, const char *key, void *value,
				  void (*free_value)(void *), void *(*clone_value)(const void *))
{
	struct cycle_state_entry *e;

	if (cs == NULL || key == NULL) {
		if (free_value != NULL && value != NULL)
			free_value(value);
		return KC_ERR_INVALID;
	}
	e = cycle_state_find(cs, key);
	if (e != NULL) {
		if (e->owned && e->free_value != NULL && e->value != NULL && e->value != value)
			e->free_value(e->value);
	} else if ((e = cycle_state_append(cs, key)) == NULL) {
		if (free_value != NULL && value != NULL)
			free_value(value);
		return KC_ERR_NOMEM;
	}
	e->value = value;
	e->free_value = free_value;
	e->clone_value = clone_value;
	e->owned = 1;
	return 0;
}

int
sched_cycle_state_write(struct sched_cycle_state *cs, const char *key, void *value,
			void (*free_value)(void *))
{
	return sched_cycle_state_write_cloneable(cs, key, value, free_value, NULL);
}

void *
sched_cycle_state_read(const struct sched_cycle_state *cs, const char *key)
{
	const struct cycle_state_entry *e;

	if (cs == NULL || key == NULL)
		return NULL;
	e = cycle_state_find(cs, key);
	return e != NULL ? e->value : NULL;
}

struct sched_cycle_state *
sched_cycle_state_clone(const struct sched_cycle_state *cs)
{
	struct sched_cycle_state *c;
	size_t i;

	if (cs == NULL || (c = sched_cycle_state_new()) == NULL)
		return NULL;
	for (i = 0; i < cs->n; i++) {
		const struct cycle_state_entry *src = &cs->entries[i];
		struct cycle_state_entry *e = cycle_state_append(c, src->key);

		if (e == NULL)
			return sched_cycle_state_free(c);
		e->key_id = src->key_id;
		e->free_value = src->free_value;
		e->clone_value = src->clone_value;
		if (src->clone_value != NULL && src->value != NULL) {
			e->value = src->clone_value(src->value);
			if (e->value == NULL)
				return sched_cycle_state_free(c);
			e->owned = 1;
		} else {
			e->value = src->value;
		}
	}
	return c;
}
