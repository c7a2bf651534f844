/*
 * image_locality.c - the ImageLocality Score plugin (upstream:
 * pkg/scheduler/framework/plugins/imagelocality/image_locality.go): favours nodes that already
 * have the pod's images, each image's size scaled by the share of nodes having it (so an
 * image everywhere does not pull every pod to the same node), clamped between a minimum and a
 * per-container maximum threshold.
 */
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strv.h"

#define MB (1024LL * 1024)
#define MIN_THRESHOLD (23 * MB)
#define MAX_CONTAINER_THRESHOLD (1000 * MB)

static void *
image_locality_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	(void)args;
	(void)ret_err;
	return h;
}

#define PRESCORE_KEY "PreScoreImageLocality"

/* The pod's images, normalized once per cycle (init containers and containers). */
struct image_locality_state {
	struct kc_strv images;
};

static void
image_locality_state_free(void *p)
{
	struct image_locality_state *s = p;

	if (s != NULL)
		kc_strv_release(&s->images);
	free(s);
}

static int
add_images(struct kc_strv *images, const json_t *containers)
{
	size_t i;
	json_t *c;

	json_array_foreach(containers, i, c) {
		char *name = sched_normalized_image_name(kc_json_get_string(c, "image", ""));

		if (name == NULL || kc_strv_push_steal(images, name) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static struct image_locality_state *
image_locality_state_new(const json_t *pod)
{
	struct image_locality_state *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if (add_images(&s->images, kc_json_get(pod, "spec", "initContainers", NULL)) < 0 ||
	    add_images(&s->images, kc_json_get(pod, "spec", "containers", NULL)) < 0) {
		image_locality_state_free(s);
		return NULL;
	}
	return s;
}

static enum sched_code
image_locality_pre_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
			 struct sched_node_info *const *nodes, size_t n_nodes, struct sched_status *st)
{
	struct image_locality_state *s = image_locality_state_new(pod->pod);

	(void)self;
	(void)nodes;
	(void)n_nodes;
	if (s == NULL || sched_cycle_state_write(cs, PRESCORE_KEY, s, image_locality_state_free) < 0)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	return SCHED_SUCCESS;
}

static const struct sched_image_state *
node_image(const struct sched_node_info *node, const char *name)
{
	size_t i;

	for (i = 0; i < node->n_images; i++)
		if (strcmp(node->images[i].name, name) == 0)
			return &node->images[i];
	return NULL;
}

/* sumImageScores: each image's size scaled by the share of nodes that have it. */
static int64_t
sum_image_scores(const struct sched_node_info *node, const struct kc_strv *images, size_t total_nodes)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < images->n && total_nodes > 0; i++) {
		const struct sched_image_state *st = node_image(node, images->v[i]);

		if (st != NULL)
			sum += (int64_t)((double)st->size * ((double)st->num_nodes / (double)total_nodes));
	}
	return sum;
}

/* calculatePriority: clamp to [min, max * containers], then scale to [0, MaxNodeScore]. */
int64_t
sched_image_locality_priority(int64_t sum, size_t n_containers)
{
	int64_t max = MAX_CONTAINER_THRESHOLD * (int64_t)n_containers;

	if (sum < MIN_THRESHOLD)
		sum = MIN_THRESHOLD;
	else if (sum > max)
		sum = max;
	if (max <= MIN_THRESHOLD)
		return 0;
	return SCHED_MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
}

static enum sched_code
image_locality_score(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		     const struct sched_node_info *node, int64_t *ret_score, struct sched_status *st)
{
	struct sched_handle *h = self;
	const struct sched_snapshot *snap = h != NULL && h->snapshot != NULL ? h->snapshot(h) : NULL;
	const struct image_locality_state *s = sched_cycle_state_read(cs, PRESCORE_KEY);
	struct image_locality_state *own = NULL;
	size_t total = snap != NULL ? snap->n_nodes : 1;

	if (s == NULL && (s = own = image_locality_state_new(pod->pod)) == NULL)
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	*ret_score = sched_image_locality_priority(sum_image_scores(node, &s->images, total), s->images.n);
	image_locality_state_free(own);
	return SCHED_SUCCESS;
}

const struct sched_plugin_ops sched_plugin_image_locality = {
	.name = "ImageLocality",
	.new_plugin = image_locality_new,
	.pre_score = image_locality_pre_score,
	.score = image_locality_score,
};
