/*
 * types.c - the scheduler's cluster-view types (upstream: pkg/scheduler/framework/types.go
 * Resource, PodInfo, AffinityTerm, NodeInfo, HostPortInfo; component-helpers/resource
 * PodRequests for the pod's effective requests).
 *
 * Everything here is computed once when a pod or node enters the cache, so that Filter and
 * Score (run for every node in every cycle) only read precomputed numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-scheduler/framework/types.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/quantity.h"
#include "libkcommon/strbuf.h"

/* ---- Resource ---- */

void
sched_resource_release(struct sched_resource *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_scalars; i++)
		free(r->scalars[i].name);
	free(r->scalars);
	memset(r, 0, sizeof(*r));
}

int
sched_resource_copy(struct sched_resource *dst, const struct sched_resource *src)
{
	struct sched_resource tmp = *src;
	size_t i;

	tmp.scalars = NULL;
	tmp.n_scalars = 0;
	for (i = 0; i < src->n_scalars; i++) {
		if (sched_resource_set_scalar(&tmp, src->scalars[i].name, src->scalars[i].value) < 0) {
			sched_resource_release(&tmp);
			return KC_ERR_NOMEM;
		}
	}
	sched_resource_release(dst);
	*dst = tmp;
	return 0;
}

static struct sched_scalar *
resource_find_scalar(const struct sched_resource *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n_scalars; i++)
		if (strcmp(r->scalars[i].name, name) == 0)
			return &r->scalars[i];
	return NULL;
}

int64_t
sched_resource_scalar(const struct sched_resource *r, const char *name)
{
	const struct sched_scalar *s = resource_find_scalar(r, name);

	return s != NULL ? s->value : 0;
}

int
sched_resource_set_scalar(struct sched_resource *r, const char *name, int64_t value)
{
	struct sched_scalar *s = resource_find_scalar(r, name), *grown;

	if (s != NULL) {
		s->value = value;
		return 0;
	}
	grown = realloc(r->scalars, (r->n_scalars + 1) * sizeof(*grown));
	if (grown == NULL)
		return KC_ERR_NOMEM;
	r->scalars = grown;
	r->scalars[r->n_scalars].name = strdup(name);
	if (r->scalars[r->n_scalars].name == NULL)
		return KC_ERR_NOMEM;
	r->scalars[r->n_scalars++].value = value;
	return 0;
}

static int
resource_add_signed(struct sched_resource *dst, const struct sched_resource *src, int sign)
{
	size_t i;

	dst->milli_cpu += sign * src->milli_cpu;
	dst->memory += sign * src->memory;
	dst->ephemeral_storage += sign * src->ephemeral_storage;
	dst->allowed_pod_number += sign * src->allowed_pod_number;
	for (i = 0; i < src->n_scalars; i++) {
		const struct sched_scalar *s = &src->scalars[i];

		if (sched_resource_set_scalar(dst, s->name,
					      sched_resource_scalar(dst, s->name) + sign * s->value) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

int
sched_resource_add(struct sched_resource *dst, const struct sched_resource *src)
{
	return resource_add_signed(dst, src, 1);
}

int
sched_resource_sub(struct sched_resource *dst, const struct sched_resource *src)
{
	return resource_add_signed(dst, src, -1);
}

/* dst = max(dst, src) per resource (upstream maxResourceList). */
static int
resource_max(struct sched_resource *dst, const struct sched_resource *src)
{
	size_t i;

	if (src->milli_cpu > dst->milli_cpu)
		dst->milli_cpu = src->milli_cpu;
	if (src->memory > dst->memory)
		dst->memory = src->memory;
	if (src->ephemeral_storage > dst->ephemeral_storage)
		dst->ephemeral_storage = src->ephemeral_storage;
	if (src->allowed_pod_number > dst->allowed_pod_number)
		dst->allowed_pod_number = src->allowed_pod_number;
	for (i = 0; i < src->n_scalars; i++) {
		const struct sched_scalar *s = &src->scalars[i];
		const struct sched_scalar *d = resource_find_scalar(dst, s->name);

		if ((d == NULL || s->value > d->value) &&
		    sched_resource_set_scalar(dst, s->name, s->value) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

int
sched_resource_from_list(struct sched_resource *r, const json_t *resource_list)
{
	const char *name;
	json_t *v;

	if (!json_is_object(resource_list))
		return 0;
	json_object_foreach((json_t *)resource_list, name, v) {
		struct kc_quantity q;

		if (kc_quantity_from_json(v, &q, NULL) < 0)
			continue;
		if (strcmp(name, "cpu") == 0)
			r->milli_cpu = kc_quantity_milli_value(&q);
		else if (strcmp(name, "memory") == 0)
			r->memory = kc_quantity_value(&q);
		else if (strcmp(name, "ephemeral-storage") == 0)
			r->ephemeral_storage = kc_quantity_value(&q);
		else if (strcmp(name, "pods") == 0)
			r->allowed_pod_number = kc_quantity_value(&q);
		else if (sched_resource_set_scalar(r, name, kc_quantity_value(&q)) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

/* ---- PodRequests ---- */

/*
 * One container's requests; with defaults, a missing cpu/memory request counts as the
 * scheduler's default (upstream's NonMissingContainerRequests, applied to missing keys only:
 * an explicit "0" stays 0).
 */
static int
container_requests(const json_t *c, int with_defaults, struct sched_resource *ret)
{
	const json_t *reqs = kc_json_get(c, "resources", "requests", NULL);

	memset(ret, 0, sizeof(*ret));
	if (sched_resource_from_list(ret, reqs) < 0)
		return KC_ERR_NOMEM;
	if (with_defaults) {
		if (json_object_get(reqs, "cpu") == NULL)
			ret->milli_cpu = SCHED_DEFAULT_MILLI_CPU_REQUEST;
		if (json_object_get(reqs, "memory") == NULL)
			ret->memory = SCHED_DEFAULT_MEMORY_REQUEST;
	}
	return 0;
}

static int
is_restartable_init_container(const json_t *c)
{
	const char *policy = kc_json_get_string(c, "restartPolicy", NULL);

	return policy != NULL && strcmp(policy, "Always") == 0;
}

/* Upstream resource.PodRequests for one flavour (plain or with non-missing defaults). */
static int
pod_requests_one(const json_t *pod, int with_defaults, struct sched_resource *ret)
{
	const json_t *spec = json_object_get(pod, "spec");
	struct sched_resource sidecars = { 0 }, init_max = { 0 }, c = { 0 };
	size_t i;
	json_t *ctr;
	int r = 0;

	memset(ret, 0, sizeof(*ret));
	json_array_foreach(json_object_get(spec, "containers"), i, ctr) {
		if ((r = container_requests(ctr, with_defaults, &c)) < 0 ||
		    (r = sched_resource_add(ret, &c)) < 0)
			goto out;
		sched_resource_release(&c);
	}
	/*
	 * Init containers run one after the other, each next to the sidecars started before it;
	 * sidecars keep running next to the regular containers, so they add to the sum too.
	 */
	json_array_foreach(json_object_get(spec, "initContainers"), i, ctr) {
		if ((r = container_requests(ctr, with_defaults, &c)) < 0)
			goto out;
		if (is_restartable_init_container(ctr)) {
			if ((r = sched_resource_add(ret, &c)) < 0 ||
			    (r = sched_resource_add(&sidecars, &c)) < 0 ||
			    (r = sched_resource_copy(&c, &sidecars)) < 0)
				goto out;
		} else if ((r = sched_resource_add(&c, &sidecars)) < 0) {
			goto out;
		}
		if ((r = resource_max(&init_max, &c)) < 0)
			goto out;
		sched_resource_release(&c);
	}
	if ((r = resource_max(ret, &init_max)) < 0)
		goto out;
	sched_resource_release(&c);
	if ((r = sched_resource_from_list(&c, json_object_get(spec, "overhead"))) < 0 ||
	    (r = sched_resource_add(ret, &c)) < 0)
		goto out;
out:
	sched_resource_release(&c);
	sched_resource_release(&sidecars);
	sched_resource_release(&init_max);
	if (r < 0)
		sched_resource_release(ret);
	return r;
}

int
sched_pod_requests(const json_t *pod, struct sched_resource *ret, struct sched_resource *non_zero)
{
	int r = pod_requests_one(pod, 0, ret);

	if (r < 0 || non_zero == NULL)
		return r;
	if ((r = pod_requests_one(pod, 1, non_zero)) < 0)
		sched_resource_release(ret);
	return r;
}

/* ---- AffinityTerm ---- */

static void
affinity_term_release(struct sched_affinity_term *t)
{
	char **ns;

	kc_label_selector_free(t->selector);
	kc_label_selector_free(t->namespace_selector);
	for (ns = t->namespaces; ns != NULL && *ns != NULL; ns++)
		free(*ns);
	free(t->namespaces);
	free(t->topology_key);
	memset(t, 0, sizeof(*t));
}

static void
affinity_terms_free(struct sched_affinity_term *terms, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		affinity_term_release(&terms[i]);
	free(terms);
}

/*
 * matchLabelKeys / mismatchLabelKeys: "key in (the pod's value)" / "key notin (...)" ANDed into
 * the selector for each key the pod has (upstream merges them at pod creation; doing it here
 * too is idempotent).
 */
static int
affinity_term_add_label_keys(struct sched_affinity_term *t, const json_t *term, const json_t *pod,
			     const char *field, enum kc_selection_op op, char **ret_err)
{
	size_t i;
	json_t *k;

	json_array_foreach(json_object_get(term, field), i, k) {
		const char *value = json_is_string(k) ? kc_meta_label(pod, json_string_value(k)) : NULL;
		int r;

		if (value == NULL)
			continue;
		r = kc_label_selector_add(t->selector, json_string_value(k), op, &value, 1, ret_err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int
affinity_term_parse(struct sched_affinity_term *t, const json_t *term, const json_t *pod,
		    char **ret_err)
{
	const json_t *nss = json_object_get(term, "namespaces");
	const json_t *ns_sel = json_object_get(term, "namespaceSelector");
	size_t i, n = 0;
	json_t *v;
	int r;

	t->topology_key = strdup(kc_json_get_string(term, "topologyKey", ""));
	if (t->topology_key == NULL)
		return KC_ERR_NOMEM;
	if ((r = kc_labels_from_label_selector(json_object_get(term, "labelSelector"), &t->selector,
					       ret_err)) < 0)
		return r;
	if (!kc_label_selector_is_nothing(t->selector) &&
	    ((r = affinity_term_add_label_keys(t, term, pod, "matchLabelKeys", KC_SELECTION_IN, ret_err)) < 0 ||
	     (r = affinity_term_add_label_keys(t, term, pod, "mismatchLabelKeys", KC_SELECTION_NOT_IN,
					       ret_err)) < 0))
		return r;
	if (ns_sel != NULL && !json_is_null(ns_sel) &&
	    (r = kc_labels_from_label_selector(ns_sel, &t->namespace_selector, ret_err)) < 0)
		return r;
	t->namespaces = calloc(json_array_size(nss) + 2, sizeof(char *));
	if (t->namespaces == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(nss, i, v) {
		if (json_is_string(v) && (t->namespaces[n++] = strdup(json_string_value(v))) == NULL)
			return KC_ERR_NOMEM;
	}
	/* Neither namespaces nor a namespaceSelector: the pod's own namespace. */
	if (n == 0 && t->namespace_selector == NULL &&
	    (t->namespaces[0] = strdup(kc_json_get_string(pod, "metadata.namespace", ""))) == NULL)
		return KC_ERR_NOMEM;
	return 0;
}

/*
 * Parses a required (weighted = 0) or preferred (weighted = 1, {weight, podAffinityTerm})
 * term list.  Stops at the first bad term, which goes to *ret_err.
 */
static int
affinity_terms_parse(const json_t *list, int weighted, const json_t *pod,
		     struct sched_affinity_term **ret, size_t *ret_n, char **ret_err)
{
	size_t i, n = json_array_size(list);
	json_t *item;
	int r;

	*ret = NULL;
	*ret_n = 0;
	if (n == 0)
		return 0;
	*ret = calloc(n, sizeof(**ret));
	if (*ret == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(list, i, item) {
		const json_t *term = weighted ? json_object_get(item, "podAffinityTerm") : item;

		(*ret_n)++;
		if (weighted)
			(*ret)[i].weight = (int32_t)kc_json_get_int64(item, "weight", 0);
		if ((r = affinity_term_parse(&(*ret)[i], term, pod, ret_err)) < 0)
			return r;
	}
	return 0;
}

int
sched_affinity_term_matches(const struct sched_affinity_term *t, const json_t *pod,
			    const json_t *ns_labels)
{
	const char *ns = kc_json_get_string(pod, "metadata.namespace", "");
	char **p;
	int in_ns = 0;

	for (p = t->namespaces; p != NULL && *p != NULL && !in_ns; p++)
		in_ns = strcmp(*p, ns) == 0;
	if (!in_ns && t->namespace_selector != NULL)
		in_ns = kc_label_selector_matches(t->namespace_selector, ns_labels);
	return in_ns && kc_label_selector_matches(t->selector, kc_meta_labels(pod));
}

/* ---- PodInfo ---- */

static void
pod_info_release(struct sched_pod_info *pi)
{
	json_decref(pi->pod);
	pi->pod = NULL;
	sched_resource_release(&pi->requests);
	sched_resource_release(&pi->non_zero_requests);
	affinity_terms_free(pi->required_affinity, pi->n_required_affinity);
	affinity_terms_free(pi->required_anti_affinity, pi->n_required_anti_affinity);
	affinity_terms_free(pi->preferred_affinity, pi->n_preferred_affinity);
	affinity_terms_free(pi->preferred_anti_affinity, pi->n_preferred_anti_affinity);
	free(pi->parse_error);
	pi->required_affinity = pi->required_anti_affinity = NULL;
	pi->preferred_affinity = pi->preferred_anti_affinity = NULL;
	pi->n_required_affinity = pi->n_required_anti_affinity = 0;
	pi->n_preferred_affinity = pi->n_preferred_anti_affinity = 0;
	pi->parse_error = NULL;
}

/* Parses the four term lists; a bad term is kept as parse_error, not as a failure. */
static int
pod_info_parse_affinity(struct sched_pod_info *pi)
{
	const json_t *aff = kc_json_get(pi->pod, "spec", "affinity", NULL);
	const json_t *pa = json_object_get(aff, "podAffinity");
	const json_t *paa = json_object_get(aff, "podAntiAffinity");
	char *err = NULL;
	int r;

	r = affinity_terms_parse(json_object_get(pa, "requiredDuringSchedulingIgnoredDuringExecution"), 0,
				 pi->pod, &pi->required_affinity, &pi->n_required_affinity, &err);
	if (r >= 0)
		r = affinity_terms_parse(json_object_get(paa, "requiredDuringSchedulingIgnoredDuringExecution"), 0,
					 pi->pod, &pi->required_anti_affinity, &pi->n_required_anti_affinity,
					 &err);
	if (r >= 0)
		r = affinity_terms_parse(json_object_get(pa, "preferredDuringSchedulingIgnoredDuringExecution"), 1,
					 pi->pod, &pi->preferred_affinity, &pi->n_preferred_affinity, &err);
	if (r >= 0)
		r = affinity_terms_parse(json_object_get(paa, "preferredDuringSchedulingIgnoredDuringExecution"), 1,
					 pi->pod, &pi->preferred_anti_affinity, &pi->n_preferred_anti_affinity,
					 &err);
	if (r == KC_ERR_INVALID) {
		pi->parse_error = err != NULL ? err : strdup("invalid affinity term");
		return pi->parse_error != NULL ? 0 : KC_ERR_NOMEM;
	}
	free(err);
	return r;
}

int
sched_pod_info_update(struct sched_pod_info *pi, json_t *pod)
{
	json_incref(pod);
	pod_info_release(pi);
	pi->pod = pod;
	pi->ns = kc_json_get_string(pod, "metadata.namespace", "");
	pi->name = kc_json_get_string(pod, "metadata.name", "");
	pi->uid = kc_json_get_string(pod, "metadata.uid", "");
	pi->tolerations = kc_json_get(pod, "spec", "tolerations", NULL);
	pi->node_name = json_string_value(kc_json_get(pod, "spec", "nodeName", NULL));
	if (pi->node_name != NULL && pi->node_name[0] == '\0')
		pi->node_name = NULL;
	if (sched_pod_requests(pod, &pi->requests, &pi->non_zero_requests) < 0)
		return KC_ERR_NOMEM;
	return pod_info_parse_affinity(pi);
}

struct sched_pod_info *
sched_pod_info_new(json_t *pod)
{
	struct sched_pod_info *pi = calloc(1, sizeof(*pi));

	if (pi == NULL)
		return NULL;
	pi->refs = 1;
	if (sched_pod_info_update(pi, pod) < 0)
		return sched_pod_info_unref(pi);
	return pi;
}

struct sched_pod_info *
sched_pod_info_ref(struct sched_pod_info *pi)
{
	if (pi != NULL)
		pi->refs++;
	return pi;
}

struct sched_pod_info *
sched_pod_info_unref(struct sched_pod_info *pi)
{
	if (pi == NULL || --pi->refs > 0)
		return NULL;
	pod_info_release(pi);
	free(pi);
	return NULL;
}

/* ---- NodeInfo ---- */

struct sched_node_info *
sched_node_info_new(void)
{
	struct sched_node_info *ni = calloc(1, sizeof(*ni));

	if (ni != NULL)
		ni->generation = 1;
	return ni;
}

static void
node_info_clear_images(struct sched_node_info *ni)
{
	size_t i;

	for (i = 0; i < ni->n_images; i++)
		free(ni->images[i].name);
	free(ni->images);
	ni->images = NULL;
	ni->n_images = 0;
}

struct sched_node_info *
sched_node_info_free(struct sched_node_info *ni)
{
	size_t i;

	if (ni == NULL)
		return NULL;
	json_decref(ni->node);
	for (i = 0; i < ni->n_pods; i++)
		sched_pod_info_unref(ni->pods[i]);
	free(ni->pods);
	free(ni->used_ports);
	sched_resource_release(&ni->requested);
	sched_resource_release(&ni->non_zero_requested);
	sched_resource_release(&ni->allocatable);
	node_info_clear_images(ni);
	free(ni);
	return NULL;
}

static int
node_info_set_images(struct sched_node_info *ni, const json_t *images)
{
	size_t i, j, n = 0;
	json_t *img, *name;

	json_array_foreach(images, i, img)
		n += json_array_size(json_object_get(img, "names"));
	if (n == 0)
		return 0;
	ni->images = calloc(n, sizeof(*ni->images));
	if (ni->images == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(images, i, img) {
		int64_t size = kc_json_get_int64(img, "sizeBytes", 0);

		json_array_foreach(json_object_get(img, "names"), j, name) {
			struct sched_image_state *st = &ni->images[ni->n_images];

			if (!json_is_string(name))
				continue;
			st->name = sched_normalized_image_name(json_string_value(name));
			if (st->name == NULL)
				return KC_ERR_NOMEM;
			st->size = size;
			st->num_nodes = 1;
			ni->n_images++;
		}
	}
	return 0;
}

int
sched_node_info_set_node(struct sched_node_info *ni, json_t *node)
{
	json_incref(node);
	json_decref(ni->node);
	ni->node = node;
	ni->name = kc_meta_name(node);
	ni->taints = kc_json_get(node, "spec", "taints", NULL);
	ni->unschedulable = json_is_true(kc_json_get(node, "spec", "unschedulable", NULL));
	sched_resource_release(&ni->allocatable);
	node_info_clear_images(ni);
	ni->generation++;
	if (sched_resource_from_list(&ni->allocatable, kc_json_get(node, "status", "allocatable", NULL)) < 0)
		return KC_ERR_NOMEM;
	return node_info_set_images(ni, kc_json_get(node, "status", "images", NULL));
}

const json_t *
sched_node_info_labels(const struct sched_node_info *ni)
{
	return ni != NULL ? kc_meta_labels(ni->node) : NULL;
}

static int
pod_has_affinity(const json_t *pod)
{
	const json_t *aff = kc_json_get(pod, "spec", "affinity", NULL);

	return json_object_get(aff, "podAffinity") != NULL ||
	       json_object_get(aff, "podAntiAffinity") != NULL;
}

static int
pod_has_required_anti_affinity(const json_t *pod)
{
	return json_array_size(kc_json_get(pod, "spec", "affinity", "podAntiAffinity",
					   "requiredDuringSchedulingIgnoredDuringExecution", NULL)) > 0;
}

/* Calls fn for each host port the pod's containers ask for (HostPortInfo defaults applied). */
static int
pod_foreach_host_port(const json_t *pod, int (*fn)(struct sched_node_info *, const struct sched_host_port *),
		      struct sched_node_info *ni)
{
	size_t i, j;
	json_t *c, *p;
	int r;

	json_array_foreach(kc_json_get(pod, "spec", "containers", NULL), i, c) {
		json_array_foreach(json_object_get(c, "ports"), j, p) {
			struct sched_host_port hp = { .port = (int32_t)kc_json_get_int64(p, "hostPort", 0) };
			const char *ip = kc_json_get_string(p, "hostIP", "");
			const char *proto = kc_json_get_string(p, "protocol", "");

			if (hp.port <= 0)
				continue;
			snprintf(hp.ip, sizeof(hp.ip), "%s", *ip != '\0' ? ip : "0.0.0.0");
			snprintf(hp.protocol, sizeof(hp.protocol), "%s", *proto != '\0' ? proto : "TCP");
			if ((r = fn(ni, &hp)) < 0)
				return r;
		}
	}
	return 0;
}

static int
node_info_add_port(struct sched_node_info *ni, const struct sched_host_port *hp)
{
	if (ni->n_used_ports == ni->cap_used_ports) {
		size_t cap = ni->cap_used_ports ? 2 * ni->cap_used_ports : 4;
		struct sched_host_port *grown = realloc(ni->used_ports, cap * sizeof(*grown));

		if (grown == NULL)
			return KC_ERR_NOMEM;
		ni->used_ports = grown;
		ni->cap_used_ports = cap;
	}
	ni->used_ports[ni->n_used_ports++] = *hp;
	return 0;
}

static int
node_info_remove_port(struct sched_node_info *ni, const struct sched_host_port *hp)
{
	size_t i;

	for (i = 0; i < ni->n_used_ports; i++) {
		const struct sched_host_port *u = &ni->used_ports[i];

		if (u->port == hp->port && strcmp(u->ip, hp->ip) == 0 &&
		    strcmp(u->protocol, hp->protocol) == 0) {
			ni->used_ports[i] = ni->used_ports[--ni->n_used_ports];
			return 0;
		}
	}
	return 0;
}

int
sched_node_info_add_pod(struct sched_node_info *ni, struct sched_pod_info *pi)
{
	if (ni->n_pods == ni->cap_pods) {
		size_t cap = ni->cap_pods ? 2 * ni->cap_pods : 8;
		struct sched_pod_info **grown = realloc(ni->pods, cap * sizeof(*grown));

		if (grown == NULL)
			return KC_ERR_NOMEM;
		ni->pods = grown;
		ni->cap_pods = cap;
	}
	if (sched_resource_add(&ni->requested, &pi->requests) < 0 ||
	    sched_resource_add(&ni->non_zero_requested, &pi->non_zero_requests) < 0 ||
	    pod_foreach_host_port(pi->pod, node_info_add_port, ni) < 0)
		return KC_ERR_NOMEM;
	ni->pods[ni->n_pods++] = sched_pod_info_ref(pi);
	if (pod_has_affinity(pi->pod))
		ni->n_pods_with_affinity++;
	if (pod_has_required_anti_affinity(pi->pod))
		ni->n_pods_with_required_anti_affinity++;
	ni->generation++;
	return 0;
}

int
sched_node_info_remove_pod(struct sched_node_info *ni, const char *uid)
{
	struct sched_pod_info *pi;
	size_t i;

	for (i = 0; i < ni->n_pods; i++)
		if (strcmp(ni->pods[i]->uid, uid) == 0)
			break;
	if (i == ni->n_pods)
		return KC_ERR_NOT_FOUND;
	pi = ni->pods[i];
	/* Keep the order: upstream swaps with the last, but a stable order keeps scoring stable. */
	memmove(&ni->pods[i], &ni->pods[i + 1], (ni->n_pods - i - 1) * sizeof(*ni->pods));
	ni->n_pods--;
	if (pod_has_affinity(pi->pod))
		ni->n_pods_with_affinity--;
	if (pod_has_required_anti_affinity(pi->pod))
		ni->n_pods_with_required_anti_affinity--;
	/* Subtracting never allocates a new scalar: the pod's were added before. */
	sched_resource_sub(&ni->requested, &pi->requests);
	sched_resource_sub(&ni->non_zero_requested, &pi->non_zero_requests);
	pod_foreach_host_port(pi->pod, node_info_remove_port, ni);
	sched_pod_info_unref(pi);
	ni->generation++;
	return 0;
}

struct sched_node_info *
sched_node_info_clone(const struct sched_node_info *ni)
{
	struct sched_node_info *c = sched_node_info_new();
	size_t i;

	if (c == NULL)
		return NULL;
	c->node = json_incref(ni->node);
	c->name = ni->name;
	c->taints = ni->taints;
	c->unschedulable = ni->unschedulable;
	c->generation = ni->generation;
	c->n_pods_with_affinity = ni->n_pods_with_affinity;
	c->n_pods_with_required_anti_affinity = ni->n_pods_with_required_anti_affinity;
	if (ni->n_pods > 0) {
		c->pods = malloc(ni->n_pods * sizeof(*c->pods));
		if (c->pods == NULL)
			return sched_node_info_free(c);
		c->cap_pods = ni->n_pods;
		for (i = 0; i < ni->n_pods; i++)
			c->pods[c->n_pods++] = sched_pod_info_ref(ni->pods[i]);
	}
	if (ni->n_used_ports > 0) {
		c->used_ports = malloc(ni->n_used_ports * sizeof(*c->used_ports));
		if (c->used_ports == NULL)
			return sched_node_info_free(c);
		memcpy(c->used_ports, ni->used_ports, ni->n_used_ports * sizeof(*c->used_ports));
		c->n_used_ports = c->cap_used_ports = ni->n_used_ports;
	}
	if (sched_resource_copy(&c->requested, &ni->requested) < 0 ||
	    sched_resource_copy(&c->non_zero_requested, &ni->non_zero_requested) < 0 ||
	    sched_resource_copy(&c->allocatable, &ni->allocatable) < 0)
		return sched_node_info_free(c);
	if (ni->n_images > 0) {
		c->images = calloc(ni->n_images, sizeof(*c->images));
		if (c->images == NULL)
			return sched_node_info_free(c);
		for (i = 0; i < ni->n_images; i++) {
			c->images[i] = ni->images[i];
			c->images[i].name = strdup(ni->images[i].name);
			c->n_images++;
			if (c->images[i].name == NULL)
				return sched_node_info_free(c);
		}
	}
	return c;
}

/* HostPortInfo.CheckConflict: 0.0.0.0 on either side conflicts with every address. */
int
sched_node_info_port_conflict(const struct sched_node_info *ni, const struct sched_host_port *want)
{
	const char *ip = want->ip[0] != '\0' ? want->ip : "0.0.0.0";
	const char *proto = want->protocol[0] != '\0' ? want->protocol : "TCP";
	size_t i;

	if (want->port <= 0)
		return 0;
	for (i = 0; i < ni->n_used_ports; i++) {
		const struct sched_host_port *u = &ni->used_ports[i];

		if (u->port != want->port || strcmp(u->protocol, proto) != 0)
			continue;
		if (strcmp(ip, "0.0.0.0") == 0 || strcmp(u->ip, "0.0.0.0") == 0 || strcmp(u->ip, ip) == 0)
			return 1;
	}
	return 0;
}

struct sched_node_info *
sched_snapshot_get(const struct sched_snapshot *s, const char *node_name)
{
	if (s == NULL || s->by_name == NULL || node_name == NULL)
		return NULL;
	return kc_strmap_get(s->by_name, node_name);
}
