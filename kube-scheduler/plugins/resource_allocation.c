/*
 * resource_allocation.c - the resource-allocation scorer of the noderesources plugins
 * (upstream: pkg/scheduler/framework/plugins/noderesources/resource_allocation.go and the
 * strategies' *_allocated.go, requested_to_capacity_ratio.go, balanced_allocation.go).
 *
 * For each configured resource the scorer takes the node's allocatable and what the node
 * would have requested with the pod on it, skips resources the node does not have (and
 * extended resources the pod does not ask for), and combines the per-resource scores with the
 * configured weights.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/plugins/resource_allocation.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/strbuf.h"

#define MAX_UTILIZATION 100
#define MAX_CUSTOM_PRIORITY_SCORE 10

#define MAX_STACK_RESOURCES 8

static enum sched_resource_kind
resource_kind(const char *name)
{
	if (strcmp(name, "cpu") == 0)
		return SCHED_RES_CPU;
	if (strcmp(name, "memory") == 0)
		return SCHED_RES_MEMORY;
	if (strcmp(name, "ephemeral-storage") == 0)
		return SCHED_RES_EPHEMERAL_STORAGE;
	if (strcmp(name, "pods") == 0)
		return SCHED_RES_PODS;
	return SCHED_RES_SCALAR;
}

static int
fail(char **ret_err, char *msg)
{
	return kc_err_invalid_steal(ret_err, msg);
}

static int
parse_resources(struct sched_resource_scorer *s, const json_t *resources, char **ret_err)
{
	static const char *const defaults[] = { "cpu", "memory" };
	size_t i, n = json_array_size(resources);
	json_t *r;

	s->resources = calloc(n > 0 ? n : 2, sizeof(*s->resources));
	if (s->resources == NULL)
		return KC_ERR_NOMEM;
	if (n == 0) {
		for (i = 0; i < 2; i++) {
			if ((s->resources[i].name = strdup(defaults[i])) == NULL)
				return KC_ERR_NOMEM;
			s->resources[i].weight = 1;
			s->resources[i].kind = resource_kind(defaults[i]);
			s->n_resources++;
		}
		return 0;
	}
	json_array_foreach(resources, i, r) {
		const char *name = kc_json_get_string(r, "name", "");
		int64_t weight = kc_json_get_int64(r, "weight", 0);

		if (weight == 0)
			weight = 1;
		if (weight < 1 || weight > 100)
			return fail(ret_err, kc_strfmt("resources[%zu].weight: Invalid value: %lld: resource weight of %s should be in the range [1, 100]",
						       i, (long long)weight, name));
		if (*name == '\0')
			return fail(ret_err, kc_strfmt("resources[%zu].name: Required value", i));
		if ((s->resources[i].name = strdup(name)) == NULL)
			return KC_ERR_NOMEM;
		s->resources[i].weight = weight;
		s->resources[i].kind = resource_kind(name);
		s->n_resources++;
	}
	return 0;
}

static int
parse_shape(struct sched_resource_scorer *s, const json_t *shape, char **ret_err)
{
	size_t i, n = json_array_size(shape);
	json_t *p;

	if (n == 0)
		return fail(ret_err, kc_strfmt("shape: Required value: at least one point must be specified"));
	s->shape = calloc(n, sizeof(*s->shape));
	if (s->shape == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(shape, i, p) {
		int64_t u = kc_json_get_int64(p, "utilization", 0), sc = kc_json_get_int64(p, "score", 0);

		if (u < 0 || u > 100)
			return fail(ret_err, kc_strfmt("shape[%zu].utilization: Invalid value: %lld: not in valid range [0, 100]",
						       i, (long long)u));
		if (i > 0 && u <= s->shape[i - 1].utilization)
			return fail(ret_err, kc_strfmt("shape[%zu].utilization: Invalid value: %lld: utilization values must be sorted in increasing order",
						       i, (long long)u));
		if (sc < 0 || sc > MAX_CUSTOM_PRIORITY_SCORE)
			return fail(ret_err, kc_strfmt("shape[%zu].score: Invalid value: %lld: not in valid range [0, 10]",
						       i, (long long)sc));
		s->shape[i].utilization = u;
		s->shape[i].score = sc * (SCHED_MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE);
		s->n_shape++;
	}
	return 0;
}

int
sched_resource_scorer_init(struct sched_resource_scorer *s, enum sched_scoring_strategy strategy,
			   const json_t *resources, const json_t *shape, char **ret_err)
{
	int r;

	memset(s, 0, sizeof(*s));
	s->strategy = strategy;
	s->use_requested = strategy == SCHED_BALANCED_ALLOCATION;
	r = parse_resources(s, resources, ret_err);
	if (r >= 0 && strategy == SCHED_REQUESTED_TO_CAPACITY_RATIO)
		r = parse_shape(s, shape, ret_err);
	if (r < 0)
		sched_resource_scorer_release(s);
	return r;
}

void
sched_resource_scorer_release(struct sched_resource_scorer *s)
{
	size_t i;

	for (i = 0; i < s->n_resources; i++)
		free(s->resources[i].name);
	free(s->resources);
	free(s->shape);
	memset(s, 0, sizeof(*s));
}

static int64_t
resource_value(const struct sched_resource *r, const struct sched_resource_spec *spec)
{
	switch (spec->kind) {
	case SCHED_RES_CPU:
		return r->milli_cpu;
	case SCHED_RES_MEMORY:
		return r->memory;
	case SCHED_RES_EPHEMERAL_STORAGE:
		return r->ephemeral_storage;
	case SCHED_RES_PODS:
		return r->allowed_pod_number;
	default:
		return sched_resource_scalar(r, spec->name);
	}
}

int64_t *
sched_resource_scorer_pod_requests(const struct sched_resource_scorer *s, const struct sched_pod_info *pod)
{
	const struct sched_resource *req = s->use_requested ? &pod->requests : &pod->non_zero_requests;
	int64_t *ret = calloc(s->n_resources > 0 ? s->n_resources : 1, sizeof(*ret));
	size_t i;

	for (i = 0; ret != NULL && i < s->n_resources; i++)
		ret[i] = resource_value(req, &s->resources[i]);
	return ret;
}

/* calculateResourceAllocatableRequest: 0 allocatable means "do not score this resource". */
static void
allocatable_request(const struct sched_resource_scorer *s, const struct sched_node_info *node,
		    const struct sched_resource_spec *spec, int64_t pod_request, int64_t *ret_alloc, int64_t *ret_req)
{
	const struct sched_resource *requested = s->use_requested ? &node->requested : &node->non_zero_requested;
	const char *name = spec->name;

	*ret_alloc = *ret_req = 0;
	if (pod_request == 0 && spec->kind == SCHED_RES_SCALAR)
		return;
	if (spec->kind == SCHED_RES_CPU || spec->kind == SCHED_RES_MEMORY) {
		*ret_alloc = resource_value(&node->allocatable, spec);
		*ret_req = resource_value(requested, spec) + pod_request;
	} else if (spec->kind == SCHED_RES_EPHEMERAL_STORAGE) {
		*ret_alloc = node->allocatable.ephemeral_storage;
		*ret_req = node->requested.ephemeral_storage + pod_request;
	} else {
		size_t i;

		for (i = 0; i < node->allocatable.n_scalars; i++) {
			if (strcmp(node->allocatable.scalars[i].name, name) == 0) {
				*ret_alloc = node->allocatable.scalars[i].value;
				*ret_req = sched_resource_scalar(&node->requested, name) + pod_request;
			}
		}
	}
}

static int64_t
least_requested_score(int64_t requested, int64_t capacity)
{
	if (capacity == 0 || requested > capacity)
		return 0;
	return (capacity - requested) * SCHED_MAX_NODE_SCORE / capacity;
}

static int64_t
most_requested_score(int64_t requested, int64_t capacity)
{
	if (capacity == 0)
		return 0;
	if (requested > capacity)
		requested = capacity;
	return requested * SCHED_MAX_NODE_SCORE / capacity;
}

int64_t
sched_broken_linear(const struct sched_shape_point *shape, size_t n, int64_t p)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p <= shape[i].utilization) {
			if (i == 0)
				return shape[0].score;
			return shape[i - 1].score + (shape[i].score - shape[i - 1].score) *
							    (p - shape[i - 1].utilization) /
							    (shape[i].utilization - shape[i - 1].utilization);
		}
	}
	return n > 0 ? shape[n - 1].score : 0;
}

static int64_t
ratio_score(const struct sched_resource_scorer *s, int64_t requested, int64_t capacity)
{
	if (capacity == 0 || requested > capacity)
		return sched_broken_linear(s->shape, s->n_shape, MAX_UTILIZATION);
	return sched_broken_linear(s->shape, s->n_shape, requested * MAX_UTILIZATION / capacity);
}

static int64_t
balanced_score(const int64_t *requested, const int64_t *alloc, size_t n)
{
	double stack[MAX_STACK_RESOURCES], total = 0, sd = 0;
	double *fractions = n <= MAX_STACK_RESOURCES ? stack : calloc(n, sizeof(double));
	size_t i, k = 0;

	if (fractions == NULL)
		return 0;

	for (i = 0; i < n; i++) {
		double f;

		if (alloc[i] == 0)
			continue;
		f = (double)requested[i] / (double)alloc[i];
		if (f > 1)
			f = 1;
		total += f;
		fractions[k++] = f;
	}
	if (k == 2) {
		sd = fabs((fractions[0] - fractions[1]) / 2);
	} else if (k > 2) {
		double mean = total / (double)k, sum = 0;

		for (i = 0; i < k; i++)
			sum += (fractions[i] - mean) * (fractions[i] - mean);
		sd = sqrt(sum / (double)k);
	}
	if (fractions != stack)
		free(fractions);
	return (int64_t)((1 - sd) * SCHED_MAX_NODE_SCORE);
}

int64_t
sched_resource_scorer_score(const struct sched_resource_scorer *s, const struct sched_node_info *node,
			    const int64_t *pod_requests)
{
	/* Called for every scored node: the usual few resources stay on the stack. */
	int64_t stack[2 * (MAX_STACK_RESOURCES + 1)];
	int64_t *requested = s->n_resources <= MAX_STACK_RESOURCES ? stack
								   : calloc(2 * (s->n_resources + 1), sizeof(int64_t));
	int64_t *alloc = requested + s->n_resources + 1;
	int64_t node_score = 0, weight_sum = 0, score;
	size_t i;

	if (requested == NULL)
		return 0;
	for (i = 0; i < s->n_resources; i++)
		allocatable_request(s, node, &s->resources[i], pod_requests[i], &alloc[i], &requested[i]);
	if (s->strategy == SCHED_BALANCED_ALLOCATION) {
		score = balanced_score(requested, alloc, s->n_resources);
		if (requested != stack)
			free(requested);
		return score;
	}
	for (i = 0; i < s->n_resources; i++) {
		int64_t w = s->resources[i].weight, rs;

		if (alloc[i] == 0)
			continue;
		switch (s->strategy) {
		case SCHED_MOST_ALLOCATED:
			rs = most_requested_score(requested[i], alloc[i]);
			break;
		case SCHED_REQUESTED_TO_CAPACITY_RATIO:
			rs = ratio_score(s, requested[i], alloc[i]);
			/* Only resources with a positive score weigh in, as upstream. */
			if (rs <= 0)
				continue;
			break;
		default:
			rs = least_requested_score(requested[i], alloc[i]);
			break;
		}
		node_score += rs * w;
		weight_sum += w;
	}
	if (requested != stack)
		free(requested);
	if (weight_sum == 0)
		return 0;
	if (s->strategy == SCHED_REQUESTED_TO_CAPACITY_RATIO)
		return (int64_t)llround((double)node_score / (double)weight_sum);
	return node_score / weight_sum;
}
