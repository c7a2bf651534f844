/*
 * bootstrap.c - system namespaces and priority classes created at start (upstream:
 * pkg/controlplane/controller/systemnamespaces/system_namespaces_controller.go,
 * pkg/registry/scheduling/rest/storage_scheduling.go AddSystemPriorityClasses and
 * pkg/apis/scheduling SystemPriorityClasses).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <jansson.h>

#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/bootstrap.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
#include "kube-apiserver/registry/store.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"

struct bootstrap_item {
	const char *group;
	const char *resource;
	const char *name;
	const char *json;
};

static const struct bootstrap_item items[] = {
	{ "", "namespaces", "default",
	  "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}" },
	{ "", "namespaces", "kube-system",
	  "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"kube-system\"}}" },
	{ "", "namespaces", "kube-public",
	  "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"kube-public\"}}" },
	{ "", "namespaces", "kube-node-lease",
	  "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"kube-node-lease\"}}" },
	{ "scheduling.k8s.io", "priorityclasses", "system-node-critical",
	  "{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\","
	  "\"metadata\":{\"name\":\"system-node-critical\"},\"value\":2000001000,"
	  "\"description\":\"Used for system critical pods that must not be moved from their "
	  "current node.\",\"preemptionPolicy\":\"PreemptLowerPriority\"}" },
	{ "scheduling.k8s.io", "priorityclasses", "system-cluster-critical",
	  "{\"apiVersion\":\"scheduling.k8s.io/v1\",\"kind\":\"PriorityClass\","
	  "\"metadata\":{\"name\":\"system-cluster-critical\"},\"value\":2000000000,"
	  "\"description\":\"Used for system critical pods that must run in the cluster, but can "
	  "be moved to another node if necessary.\",\"preemptionPolicy\":\"PreemptLowerPriority\"}" },
};

#define N_ITEMS (sizeof(items) / sizeof(items[0]))

struct bootstrap {
	struct event_base *base;
	struct store_set *stores;
	struct event *timer;
	long retry_ms;
	int exists[N_ITEMS];
	struct store_op *op;
	size_t cur;
	int failed_round;
	void (*done)(void *arg);
	void *arg;
	int finished;
};

json_t *
bootstrap_objects(void)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < N_ITEMS; i++)
		json_array_append_new(arr, json_loads(items[i].json, 0, NULL));
	return arr;
}

static void step(struct bootstrap *b);

static void
arm(struct bootstrap *b, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	event_add(b->timer, &tv);
}

static const struct api_resource *
item_resource(size_t i)
{
	return registry_lookup(items[i].group, "v1", items[i].resource);
}

static void
on_created(void *arg, json_t *status, const struct store_result *res)
{
	struct bootstrap *b = arg;
	const struct api_resource *r = item_resource(b->cur);

	b->op = NULL;
	if (status == NULL || status_code(status) == 409) {
		b->exists[b->cur] = 1;
		if (status == NULL)
			kc_info("created %s %s", r->kind, kc_meta_name(res->obj));
	} else {
		kc_warning("cannot create %s: %s (retrying)", r->kind,
			   json_string_value(json_object_get(status, "message")));
		b->failed_round = 1;
	}
	json_decref(status);
	b->cur++;
	step(b);
}

static void
create_item(struct bootstrap *b)
{
	const struct api_resource *r = item_resource(b->cur);
	struct store *s = store_set_get(b->stores, r);
	json_t *obj = json_loads(items[b->cur].json, 0, NULL), *status = NULL;
	unsigned flags = 0;

	if (obj == NULL || s == NULL || rest_before_create(r, obj, &flags, NULL, &status) < 0) {
		json_decref(obj);
		json_decref(status);
		b->failed_round = 1;
		b->cur++;
		step(b);
		return;
	}
	b->op = store_create(s, r, obj, 0, on_created, b);
	if (b->op == NULL) {
		b->failed_round = 1;
		arm(b, b->retry_ms);
	}
}

static void
on_get(void *arg, json_t *status, const struct store_result *res)
{
	struct bootstrap *b = arg;

	(void)res;
	b->op = NULL;
	if (status == NULL) {
		b->exists[b->cur++] = 1;
		step(b);
	} else if (status_code(status) == 404) {
		json_decref(status);
		create_item(b);
		return;
	} else {
		b->failed_round = 1;
		b->cur++;
		step(b);
	}
	json_decref(status);
}

static void
step(struct bootstrap *b)
{
	const struct api_resource *r;
	struct store *s;

	while (b->cur < N_ITEMS && b->exists[b->cur])
		b->cur++;
	if (b->cur >= N_ITEMS) {
		if (!b->failed_round) {
			if (!b->finished) {
				b->finished = 1;
				if (b->done != NULL)
					b->done(b->arg);
			}
			return;
		}
		arm(b, b->retry_ms);
		return;
	}
	r = item_resource(b->cur);
	s = store_set_get(b->stores, r);
	if (s == NULL) {
		b->exists[b->cur++] = 1;
		step(b);
		return;
	}
	b->op = store_get(s, r, NULL, items[b->cur].name, NULL, on_get, b);
	if (b->op == NULL)
		arm(b, b->retry_ms);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct bootstrap *b = arg;

	(void)fd;
	(void)what;
	b->cur = 0;
	b->failed_round = 0;
	step(b);
}

struct bootstrap *
bootstrap_start(struct event_base *base, struct store_set *stores, long retry_ms,
		void (*done)(void *arg), void *arg)
{
	struct bootstrap *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->base = base;
	b->stores = stores;
	b->retry_ms = retry_ms > 0 ? retry_ms : 5000;
	b->done = done;
	b->arg = arg;
	b->timer = event_new(base, -1, 0, on_timer, b);
	if (b->timer == NULL) {
		free(b);
		return NULL;
	}
	arm(b, 0);
	return b;
}

int
bootstrap_done(const struct bootstrap *b)
{
	return b->finished;
}

struct bootstrap *
bootstrap_free(struct bootstrap *b)
{
	if (b == NULL)
		return NULL;
	store_op_cancel(b->op);
	event_free(b->timer);
	free(b);
	return NULL;
}
