/*
 * cache.c - NodeInfos from nodes and assigned pods, assumed pods, incremental snapshots
 * (upstream: pkg/scheduler/internal/cache/cache.go cacheImpl, snapshot.go).  See cache.h.
 *
 * Every change to a NodeInfo goes through touch(): it takes the next cache generation and moves
 * the node to the head of the recency list, so UpdateSnapshot stops walking at the first node
 * not newer than the snapshot.  The list order for Filter/Score is the order nodes were added
 * (upstream interleaves zones through its nodeTree; ckube keeps insertion order).
 */
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/internal/cache.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"

struct cache_node {
	char *name;
	struct sched_node_info *info;
	int has_node;                     /* a Node object is known */
	struct cache_node *prev, *next;   /* recency list, head = most recent change */
};

struct cache_pod {
	struct sched_pod_info *pi;
	char *node_name;
	int assumed;
	int binding_finished;
	int64_t deadline_ns;
};

struct sched_cache {
	int64_t ttl_ns;
	int64_t (*now_ns)(void);
	struct kc_strmap *nodes;   /* name -> struct cache_node * */
	struct kc_strmap *pods;    /* uid -> struct cache_pod * */
	struct kc_strmap *images;  /* image name -> (uintptr_t) nodes having it */
	struct cache_node *head;
	struct cache_node **order; /* nodes in insertion order (list order of snapshots) */
	size_t n_order, alloc_order;
	size_t n_with_node, n_assumed;
	uint64_t generation;
	uint64_t nodes_version;    /* bumped when the set of nodes with a Node object changes */
	uint64_t cloned, list_rebuilds;
};

static int64_t
cache_now(const struct sched_cache *c)
{
	return c->now_ns ? c->now_ns() : kc_clock_mono_ns();
}

/* ---- recency list -------------------------------------------------------------------------- */

static void
list_unlink(struct sched_cache *c, struct cache_node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (c->head == n)
		c->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->prev = n->next = NULL;
}

static void
touch(struct sched_cache *c, struct cache_node *n)
{
	n->info->generation = ++c->generation;
	if (c->head == n)
		return;
	list_unlink(c, n);
	n->next = c->head;
	if (c->head)
		c->head->prev = n;
	c->head = n;
}

/* ---- nodes --------------------------------------------------------------------------------- */

static void
cache_node_free(struct cache_node *n)
{
	if (!n)
		return;
	sched_node_info_free(n->info);
	free(n->name);
	free(n);
}

static struct cache_node *
node_get_or_create(struct sched_cache *c, const char *name)
{
	struct cache_node *n = kc_strmap_get(c->nodes, name);

	if (n)
		return n;
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->name = strdup(name);
	n->info = sched_node_info_new();
	if (!n->name || !n->info || kc_strmap_put(c->nodes, name, n, NULL) < 0) {
		cache_node_free(n);
		return NULL;
	}
	if (c->n_order == c->alloc_order) {
		size_t alloc = c->alloc_order ? c->alloc_order * 2 : 64;
		struct cache_node **v = realloc(c->order, alloc * sizeof(*v));

		if (!v) {
			kc_strmap_remove(c->nodes, name, NULL);
			cache_node_free(n);
			return NULL;
		}
		c->order = v;
		c->alloc_order = alloc;
	}
	c->order[c->n_order++] = n;
	touch(c, n);
	return n;
}

static void
node_delete(struct sched_cache *c, struct cache_node *n)
{
	for (size_t i = 0; i < c->n_order; i++) {
		if (c->order[i] != n)
			continue;
		memmove(&c->order[i], &c->order[i + 1], (c->n_order - i - 1) * sizeof(*c->order));
		c->n_order--;
		break;
	}
	list_unlink(c, n);
	kc_strmap_remove(c->nodes, n->name, NULL);
	cache_node_free(n);
}

/* Image counts across nodes (upstream cache.imageStates), by the NodeInfo's normalized names. */
static void
images_adjust(struct sched_cache *c, const struct sched_node_info *ni, int delta)
{
	for (size_t i = 0; i < ni->n_images; i++) {
		const char *name = ni->images[i].name;
		uintptr_t count = (uintptr_t)kc_strmap_get(c->images, name);

		if (delta < 0 && count <= 1)
			kc_strmap_remove(c->images, name, NULL);
		else
			kc_strmap_put(c->images, name, (void *)(count + delta), NULL);
	}
}

static int
set_node(struct sched_cache *c, struct cache_node *n, json_t *node)
{
	int r;

	if (n->has_node)
		images_adjust(c, n->info, -1);
	r = sched_node_info_set_node(n->info, node);
	if (r < 0)
		return r;
	images_adjust(c, n->info, +1);
	if (!n->has_node) {
		n->has_node = 1;
		c->n_with_node++;
		c->nodes_version++;
	}
	touch(c, n);
	return 0;
}

int
sched_cache_add_node(struct sched_cache *c, json_t *node)
{
	const char *name = kc_meta_name(node);
	struct cache_node *n;

	if (!name)
		return KC_ERR_INVALID;
	n = node_get_or_create(c, name);
	if (!n)
		return KC_ERR_NOMEM;
	return set_node(c, n, node);
}

int
sched_cache_update_node(struct sched_cache *c, json_t *node)
{
	return sched_cache_add_node(c, node);
}

/* A NodeInfo without its Node: rebuilt from its pods alone (upstream NodeInfo.RemoveNode). */
static int
node_info_drop_node(struct cache_node *n)
{
	struct sched_node_info *fresh = sched_node_info_new();

	if (!fresh)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < n->info->n_pods; i++) {
		if (sched_node_info_add_pod(fresh, n->info->pods[i]) < 0) {
			sched_node_info_free(fresh);
			return KC_ERR_NOMEM;
		}
	}
	sched_node_info_free(n->info);
	n->info = fresh;
	return 0;
}

int
sched_cache_remove_node(struct sched_cache *c, const char *name)
{
	struct cache_node *n = kc_strmap_get(c->nodes, name);

	if (!n || !n->has_node)
		return KC_ERR_NOT_FOUND;
	images_adjust(c, n->info, -1);
	n->has_node = 0;
	c->n_with_node--;
	c->nodes_version++;
	/* Pods still on it keep a NodeInfo until they go, as upstream does. */
	if (n->info->n_pods == 0) {
		node_delete(c, n);
		return 0;
	}
	if (node_info_drop_node(n) < 0)
		return KC_ERR_NOMEM;
	touch(c, n);
	return 0;
}

const struct sched_node_info *
sched_cache_node_info(const struct sched_cache *c, const char *name)
{
	struct cache_node *n = kc_strmap_get(c->nodes, name);

	return n ? n->info : NULL;
}

/* ---- pods ---------------------------------------------------------------------------------- */

static void
cache_pod_free(struct cache_pod *p)
{
	if (!p)
		return;
	sched_pod_info_unref(p->pi);
	free(p->node_name);
	free(p);
}

static int
node_add_pod(struct sched_cache *c, const char *node_name, struct sched_pod_info *pi)
{
	struct cache_node *n = node_get_or_create(c, node_name);
	int r;

	if (!n)
		return KC_ERR_NOMEM;
	r = sched_node_info_add_pod(n->info, pi);
	if (r < 0)
		return r;
	touch(c, n);
	return 0;
}

static void
node_remove_pod(struct sched_cache *c, const char *node_name, const char *uid)
{
	struct cache_node *n = kc_strmap_get(c->nodes, node_name);

	if (!n)
		return;
	if (sched_node_info_remove_pod(n->info, uid) < 0)
		kc_warning("cache: pod %s was not on node %s", uid, node_name);
	if (!n->has_node && n->info->n_pods == 0) {
		node_delete(c, n);
		return;
	}
	touch(c, n);
}

/* Put `pi` on node_name for the entry p (new or moved). */
static int
pod_place(struct sched_cache *c, struct cache_pod *p, struct sched_pod_info *pi, const char *node_name)
{
	char *copy = strdup(node_name);
	int r;

	if (!copy)
		return KC_ERR_NOMEM;
	r = node_add_pod(c, node_name, pi);
	if (r < 0) {
		free(copy);
		return r;
	}
	if (p->pi) {
		node_remove_pod(c, p->node_name, p->pi->uid);
		sched_pod_info_unref(p->pi);
	}
	free(p->node_name);
	p->node_name = copy;
	p->pi = sched_pod_info_ref(pi);
	return 0;
}

static int
pod_add_new(struct sched_cache *c, struct sched_pod_info *pi, const char *node_name, int assumed)
{
	struct cache_pod *p = calloc(1, sizeof(*p));
	int r;

	if (!p)
		return KC_ERR_NOMEM;
	r = pod_place(c, p, pi, node_name);
	if (r == 0)
		r = kc_strmap_put(c->pods, pi->uid, p, NULL);
	if (r < 0) {
		if (p->pi)
			node_remove_pod(c, p->node_name, p->pi->uid);
		cache_pod_free(p);
		return r < 0 ? r : KC_ERR_NOMEM;
	}
	p->assumed = assumed;
	if (assumed)
		c->n_assumed++;
	return 0;
}

/* The informer's view of an assigned pod: new, confirming an assumed one, or an update. */
static int
pod_set(struct sched_cache *c, json_t *pod)
{
	const char *uid = kc_meta_uid(pod);
	const char *node_name = kc_json_get_string(pod, "spec.nodeName", NULL);
	struct cache_pod *p;
	struct sched_pod_info *pi;
	int r;

	if (!uid || !node_name || !*node_name)
		return KC_ERR_INVALID;
	pi = sched_pod_info_new(pod);
	if (!pi)
		return KC_ERR_NOMEM;
	p = kc_strmap_get(c->pods, uid);
	if (!p) {
		r = pod_add_new(c, pi, node_name, 0);
	} else {
		r = pod_place(c, p, pi, node_name);
		if (r == 0 && p->assumed) {
			p->assumed = 0;
			c->n_assumed--;
		}
	}
	sched_pod_info_unref(pi);
	return r;
}

int
sched_cache_add_pod(struct sched_cache *c, json_t *pod)
{
	return pod_set(c, pod);
}

int
sched_cache_update_pod(struct sched_cache *c, json_t *pod)
{
	return pod_set(c, pod);
}

static void
pod_delete(struct sched_cache *c, struct cache_pod *p)
{
	kc_strmap_remove(c->pods, p->pi->uid, NULL);
	node_remove_pod(c, p->node_name, p->pi->uid);
	if (p->assumed)
		c->n_assumed--;
	cache_pod_free(p);
}

int
sched_cache_remove_pod(struct sched_cache *c, const char *uid)
{
	struct cache_pod *p = kc_strmap_get(c->pods, uid);

	if (!p)
		return KC_ERR_NOT_FOUND;
	pod_delete(c, p);
	return 0;
}

int
sched_cache_assume_pod(struct sched_cache *c, const struct sched_pod_info *pi, const char *node_name)
{
	if (kc_strmap_contains(c->pods, pi->uid))
		return KC_ERR_ALREADY_EXISTS;
	/* The pod info is shared: nothing reads spec.nodeName of a pod from its NodeInfo. */
	return pod_add_new(c, (struct sched_pod_info *)pi, node_name, 1);
}

int
sched_cache_finish_binding(struct sched_cache *c, const char *uid)
{
	struct cache_pod *p = kc_strmap_get(c->pods, uid);

	if (!p || !p->assumed)
		return KC_ERR_NOT_FOUND;
	p->binding_finished = 1;
	p->deadline_ns = c->ttl_ns > 0 ? cache_now(c) + c->ttl_ns : 0;
	return 0;
}

int
sched_cache_forget_pod(struct sched_cache *c, const char *uid)
{
	struct cache_pod *p = kc_strmap_get(c->pods, uid);

	if (!p || !p->assumed)
		return KC_ERR_NOT_FOUND;
	pod_delete(c, p);
	return 0;
}

int
sched_cache_is_assumed(const struct sched_cache *c, const char *uid)
{
	struct cache_pod *p = kc_strmap_get(c->pods, uid);

	return p && p->assumed;
}

const char *
sched_cache_pod_node(const struct sched_cache *c, const char *uid)
{
	struct cache_pod *p = kc_strmap_get(c->pods, uid);

	return p ? p->node_name : NULL;
}

size_t
sched_cache_cleanup_assumed(struct sched_cache *c)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	int64_t now = cache_now(c);
	size_t expired = 0;
	void *v;

	if (c->ttl_ns <= 0 || c->n_assumed == 0)
		return 0;
	while (kc_strmap_next(c->pods, &it, NULL, &v)) {
		struct cache_pod *p = v;

		if (!p->assumed || !p->binding_finished || now < p->deadline_ns)
			continue;
		kc_warning("Assumed pod expired: %s/%s on node %s", p->pi->ns, p->pi->name, p->node_name);
		pod_delete(c, p); /* removing the entry just returned is allowed */
		expired++;
	}
	return expired;
}

/* ---- lifecycle ------------------------------------------------------------------------------- */

struct sched_cache *
sched_cache_new(int64_t ttl_ns, int64_t (*now_ns)(void))
{
	struct sched_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->ttl_ns = ttl_ns;
	c->now_ns = now_ns;
	c->nodes = kc_strmap_new();
	c->pods = kc_strmap_new();
	c->images = kc_strmap_new();
	if (!c->nodes || !c->pods || !c->images)
		return sched_cache_free(c);
	return c;
}

static void
cache_pod_free_cb(void *p)
{
	cache_pod_free(p);
}

static void
cache_node_free_cb(void *n)
{
	cache_node_free(n);
}

struct sched_cache *
sched_cache_free(struct sched_cache *c)
{
	if (!c)
		return NULL;
	kc_strmap_free(c->pods, cache_pod_free_cb);
	kc_strmap_free(c->nodes, cache_node_free_cb);
	kc_strmap_free(c->images, NULL);
	free(c->order);
	free(c);
	return NULL;
}

void
sched_cache_stats(const struct sched_cache *c, struct sched_cache_stats *ret)
{
	ret->nodes = c->n_with_node;
	ret->pods = kc_strmap_size(c->pods);
	ret->assumed = c->n_assumed;
	ret->generation = c->generation;
	ret->cloned = c->cloned;
	ret->list_rebuilds = c->list_rebuilds;
}

/* ---- snapshots ------------------------------------------------------------------------------- */

struct sched_cache_snapshot *
sched_cache_snapshot_new(void)
{
	struct sched_cache_snapshot *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->s.by_name = kc_strmap_new();
	if (!s->s.by_name) {
		free(s);
		return NULL;
	}
	return s;
}

static void
node_info_free_cb(void *ni)
{
	sched_node_info_free(ni);
}

struct sched_cache_snapshot *
sched_cache_snapshot_free(struct sched_cache_snapshot *s)
{
	if (!s)
		return NULL;
	kc_strmap_free(s->s.by_name, node_info_free_cb);
	free(s->s.nodes);
	free(s->s.have_pods_with_affinity);
	free(s->s.have_pods_with_required_anti_affinity);
	free(s);
	return NULL;
}

static void
fill_image_counts(const struct sched_cache *c, struct sched_node_info *ni)
{
	for (size_t i = 0; i < ni->n_images; i++) {
		uintptr_t count = (uintptr_t)kc_strmap_get(c->images, ni->images[i].name);

		ni->images[i].num_nodes = count ? (int)count : 1;
	}
}

/*
 * Replace the snapshot's NodeInfo for n with a fresh clone.  An existing one keeps its address
 * (the node list points at it): the clone's contents are swapped in and the old contents freed.
 * Sets *affinity_changed when the node's affinity counts moved (the lists need a rebuild).
 */
static int
snapshot_refresh_node(struct sched_cache *c, struct sched_cache_snapshot *s, struct cache_node *n,
		      int *new_node, int *affinity_changed)
{
	struct sched_node_info *clone = sched_node_info_clone(n->info), *existing, tmp;

	if (!clone)
		return KC_ERR_NOMEM;
	c->cloned++;
	fill_image_counts(c, clone);
	existing = kc_strmap_get(s->s.by_name, n->name);
	if (!existing) {
		if (kc_strmap_put(s->s.by_name, n->name, clone, NULL) < 0) {
			sched_node_info_free(clone);
			return KC_ERR_NOMEM;
		}
		*new_node = 1;
		*affinity_changed |= clone->n_pods_with_affinity > 0;
		return 0;
	}
	if ((existing->n_pods_with_affinity > 0) != (clone->n_pods_with_affinity > 0) ||
	    (existing->n_pods_with_required_anti_affinity > 0) !=
		    (clone->n_pods_with_required_anti_affinity > 0))
		*affinity_changed = 1;
	tmp = *existing;
	*existing = *clone;
	*clone = tmp;
	sched_node_info_free(clone);
	return 0;
}

/* Drop snapshot entries whose node is gone from the cache (or lost its Node object). */
static void
snapshot_remove_deleted(struct sched_cache *c, struct sched_cache_snapshot *s)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *name;
	void *v;

	while (kc_strmap_next(s->s.by_name, &it, &name, &v)) {
		struct cache_node *n = kc_strmap_get(c->nodes, name);

		if (n && n->has_node)
			continue;
		kc_strmap_remove(s->s.by_name, name, NULL);
		sched_node_info_free(v);
	}
}

static int
grow_array(struct sched_node_info ***v, size_t *alloc, size_t want)
{
	struct sched_node_info **nv;

	if (want <= *alloc)
		return 0;
	nv = realloc(*v, want * sizeof(*nv));
	if (!nv)
		return KC_ERR_NOMEM;
	*v = nv;
	*alloc = want;
	return 0;
}

static int
snapshot_rebuild_lists(struct sched_cache *c, struct sched_cache_snapshot *s, int all)
{
	size_t n = kc_strmap_size(s->s.by_name);

	if (grow_array(&s->s.nodes, &s->alloc_nodes, n ? n : 1) < 0 ||
	    grow_array(&s->s.have_pods_with_affinity, &s->alloc_affinity, n ? n : 1) < 0 ||
	    grow_array(&s->s.have_pods_with_required_anti_affinity, &s->alloc_anti_affinity, n ? n : 1) < 0)
		return KC_ERR_NOMEM;
	if (all) {
		s->s.n_nodes = 0;
		for (size_t i = 0; i < c->n_order; i++) {
			struct sched_node_info *ni;

			if (!c->order[i]->has_node)
				continue;
			ni = kc_strmap_get(s->s.by_name, c->order[i]->name);
			if (ni)
				s->s.nodes[s->s.n_nodes++] = ni;
		}
		c->list_rebuilds++;
	}
	s->s.n_have_pods_with_affinity = s->s.n_have_pods_with_required_anti_affinity = 0;
	for (size_t i = 0; i < s->s.n_nodes; i++) {
		struct sched_node_info *ni = s->s.nodes[i];

		if (ni->n_pods_with_affinity > 0)
			s->s.have_pods_with_affinity[s->s.n_have_pods_with_affinity++] = ni;
		if (ni->n_pods_with_required_anti_affinity > 0)
			s->s.have_pods_with_required_anti_affinity[s->s.n_have_pods_with_required_anti_affinity++] = ni;
	}
	return 0;
}

int
sched_cache_update_snapshot(struct sched_cache *c, struct sched_cache_snapshot *s)
{
	int new_nodes = 0, affinity_changed = 0, all, r;

	for (struct cache_node *n = c->head; n && n->info->generation > s->generation; n = n->next) {
		if (!n->has_node)
			continue;
		r = snapshot_refresh_node(c, s, n, &new_nodes, &affinity_changed);
		if (r < 0)
			goto fail;
	}
	all = new_nodes || s->nodes_version != c->nodes_version;
	if (s->nodes_version != c->nodes_version)
		snapshot_remove_deleted(c, s);
	if (all || affinity_changed) {
		r = snapshot_rebuild_lists(c, s, all);
		if (r < 0)
			goto fail;
	}
	s->generation = c->generation;
	s->nodes_version = c->nodes_version;
	return 0;
fail:
	/* Start over next time: generation 0 makes every node "changed". */
	s->generation = 0;
	s->nodes_version = (uint64_t)-1;
	return r;
}
