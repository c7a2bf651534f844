/*
 * store_metrics.c - etcd request and stored-object metrics of the store set (upstream:
 * staging/src/k8s.io/apiserver/pkg/storage/etcd3/metrics/metrics.go, v1.32 labels, and
 * store.go's RecordEtcdRequest calls).  See store_metrics.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/registry/store_metrics.h"
#include "kube-apiserver/storage/etcd3.h"
#include "kube-apiserver/storage/watch_cache.h"
#include "libkcommon/errors.h"
#include "libkcommon/metrics.h"

/* One store: its key prefix and group resource. */
struct metered_store {
	struct store *store; /* for the counts; the prefix is copied: etcd may outlive it */
	char prefix[128];
	size_t prefix_len;
	char type[160]; /* "pods", "deployments.apps" */
};

struct store_metrics {
	struct store_set *set;
	struct kc_etcd3 *etcd;
	struct kc_metric *latency, *requests, *errors, *objects;
	struct metered_store *stores;
	size_t n;
};

/* etcd3/metrics: keep consistent with apiserver_request_duration_seconds' SLO buckets */
static const double etcd_latency_buckets[] = { 0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8,
					       1.0,   1.25,  1.5,  2,   3,   4,   5,   6,
					       8,     10,    15,   20,  30,  45,  60 };

const char *
store_metrics_type_of(const struct store_metrics *m, const char *key)
{
	const struct metered_store *best = NULL;

	for (size_t i = 0; i < m->n; i++) {
		const struct metered_store *ms = &m->stores[i];

		if (strncmp(key, ms->prefix, ms->prefix_len) != 0 ||
		    (key[ms->prefix_len] != '/' && key[ms->prefix_len] != '\0'))
			continue;
		if (best == NULL || ms->prefix_len > best->prefix_len)
			best = ms;
	}
	return best != NULL ? best->type : NULL;
}

static void
on_etcd_request(void *arg, const char *operation, const char *key, double seconds, int err)
{
	struct store_metrics *m = arg;
	const char *type = store_metrics_type_of(m, key);

	if (type == NULL)
		return;
	kc_metric_observe(kc_metric_with(m->latency, operation, type), seconds);
	kc_metric_inc(kc_metric_with(m->requests, operation, type));
	/* upstream records the etcd call's error: a key that exists, is missing or moved on is
	 * the store's verdict on a successful call, not an etcd error */
	if (err < 0 && err != KC_ERR_ALREADY_EXISTS && err != KC_ERR_NOT_FOUND &&
	    err != KC_ERR_CONFLICT)
		kc_metric_inc(kc_metric_with(m->errors, operation, type));
}

static int
register_families(struct store_metrics *m, struct kc_metrics_registry *reg)
{
	static const char *const op_type[] = { "operation", "type", NULL };
	static const char *const resource[] = { "resource", NULL };

	m->latency = kc_metrics_histogram(
		reg, "etcd_request_duration_seconds",
		"[ALPHA] Etcd request latency in seconds for each operation and object type.",
		op_type, etcd_latency_buckets,
		sizeof(etcd_latency_buckets) / sizeof(etcd_latency_buckets[0]));
	m->requests = kc_metrics_counter(
		reg, "etcd_requests_total",
		"[ALPHA] Etcd request counts for each operation and object type.", op_type);
	m->errors = kc_metrics_counter(
		reg, "etcd_request_errors_total",
		"[ALPHA] Etcd failed request counts for each operation and object type.", op_type);
	m->objects = kc_metrics_gauge(reg, "apiserver_storage_objects",
				      "[STABLE] Number of stored objects at the time of last check "
				      "split by kind. In case of a fetching error, the value will "
				      "be -1.",
				      resource);
	return m->latency != NULL && m->requests != NULL && m->errors != NULL &&
			       m->objects != NULL
		       ? 0
		       : -1;
}

struct store_metrics *
store_metrics_new(struct store_set *set, struct kc_metrics_registry *reg)
{
	struct store_metrics *m = calloc(1, sizeof(*m));
	size_t n = store_set_size(set);

	if (m == NULL)
		return NULL;
	m->set = set;
	m->etcd = store_set_etcd(set);
	m->stores = calloc(n > 0 ? n : 1, sizeof(*m->stores));
	if (m->stores == NULL || register_families(m, reg) < 0)
		return store_metrics_free(m);
	for (size_t i = 0; i < n; i++) {
		struct metered_store *ms = &m->stores[m->n];
		const struct api_resource *res;

		ms->store = store_set_nth(set, i);
		res = store_resource(ms->store);
		if (res == NULL)
			continue;
		snprintf(ms->prefix, sizeof(ms->prefix), "%s", store_prefix(ms->store));
		ms->prefix_len = strlen(ms->prefix);
		snprintf(ms->type, sizeof(ms->type), "%s%s%s", res->resource,
			 res->group[0] != '\0' ? "." : "", res->group);
		m->n++;
	}
	kc_etcd3_set_observer(m->etcd, on_etcd_request, m);
	return m;
}

void
store_metrics_collect(struct store_metrics *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		struct kc_watch_cache *wc = store_cache(m->stores[i].store);
		double count = -1;

		if (wc != NULL && kc_watch_cache_ready(wc))
			count = (double)kc_watch_cache_size(wc);
		kc_metric_set(kc_metric_with(m->objects, m->stores[i].type), count);
	}
}

struct store_metrics *
store_metrics_free(struct store_metrics *m)
{
	if (m == NULL)
		return NULL;
	if (m->etcd != NULL)
		kc_etcd3_set_observer(m->etcd, NULL, NULL);
	free(m->stores);
	free(m);
	return NULL;
}
