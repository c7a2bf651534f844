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
#include "libkcommon/json.h"

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

static const struct sched_image_state *
node_image(const struct sched_node_info *node, const char *image)
{
	char *name = sched_normalized_image_name(image);
	const struct sched_image_state *found = NULL;
	size_t i;

	for (i = 0; name != NULL && i < node->n_images && found == NULL; i++)
		if (strcmp(node->images[i].name, name) == 0)
			found = &node->images[i];
	free(name);
	return found;
}

static int64_t
sum_image_scores(const struct sched_node_info *node, const json_t *containers, size_t total_nodes)
{
	int64_t sum = 0;
	size_t i;
	json_t *c;

	json_array_foreach(containers, i, c) {
		const struct sched_image_state *st = node_image(node, kc_json_get_string(c, "image", ""));

		if (st != NULL && total_nodes > 0)
			sum += (int64_t)((double)st->size * ((double)st->num_nodes / (double)total_nodes));
	}
	return sum;
}

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
	const json_t *init = kc_json_get(pod->pod, "spec", "initContainers", NULL);
	const json_t *ctrs = kc_json_get(pod->pod, "spec", "containers", NULL);
	size_t total = snap != NULL ? snap->n_nodes : 1;
	int64_t sum;

	(void)cs;
	(void)st;
	sum = sum_image_scores(node, init, total) + sum_image_scores(node, ctrs, total);
	*ret_score = sched_image_locality_priority(sum, json_array_size(init) + json_array_size(ctrs));
	return SCHED_SUCCESS;
}

const struct sched_plugin_ops sched_plugin_image_locality = {
	.name = "ImageLocality",
	.new_plugin = image_locality_new,
	.score = image_locality_score,
};
