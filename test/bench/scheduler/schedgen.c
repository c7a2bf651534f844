/*
 * schedgen.c - load generator for the scheduler benchmark (test/bench/scheduler/run.sh), one
 * client on the event loop with a window of requests in flight (upstream's analogue:
 * test/integration/scheduler_perf's node and pod creation).
 *
 *   schedgen KUBECONFIG nodes COUNT            COUNT Nodes "bench-node-<i>" with 4 CPU / 16 GiB
 *                                              allocatable (create, then the status subresource)
 *   schedgen KUBECONFIG pods COUNT NS SCHED    COUNT pods in NS (100m / 256Mi each) for schedulerName SCHED
 *   schedgen KUBECONFIG bind NS NODES          the ceiling: POST pods/binding for every pod of NS,
 *                                              round-robin over NODES nodes
 *   schedgen KUBECONFIG bind-event NS NODES    the same, each binding followed by the Event the
 *                                              scheduler writes for it (reason Scheduled): the
 *                                              API calls a scheduler makes per pod
 *
 * Each mode prints one line "<mode> count=N seconds=S rate=R/s errors=E".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <jansson.h>

#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/kubeconfig.h"
#include "libkcommon/log.h"

#define WINDOW 64

static const struct kc_resource pods_res = { "", "v1", "pods", "Pod", 1 };
static const struct kc_resource nodes_res = { "", "v1", "nodes", "Node", 0 };
static const struct kc_resource events_res = { "", "v1", "events", "Event", 1 };

struct gen {
	struct event_base *base;
	struct kc_client *client;
	const char *mode, *ns, *sched;
	long count, next, done, errors, n_nodes;
	int phase; /* nodes: 0 create, 1 status */
	json_t *names; /* bind: pod names */
	kc_response_cb cb; /* bind_request's callback when not on_done (bind-event) */
	void *cb_arg;
	int64_t start_ns;
};

static void issue(struct gen *g);

static void
on_done(void *arg, const struct kc_response *resp)
{
	struct gen *g = arg;

	if (resp->r < 0) {
		if (g->errors++ < 5)
			fprintf(stderr, "schedgen: %s\n", resp->message);
	}
	g->done++;
	if (g->done == g->count) {
		if (strcmp(g->mode, "nodes") == 0 && g->phase == 0) {
			g->phase = 1;
			g->next = g->done = 0;
			issue(g);
			return;
		}
		event_base_loopbreak(g->base);
		return;
	}
	issue(g);
}

static json_t *
node_object(long i)
{
	char name[64];

	snprintf(name, sizeof(name), "bench-node-%ld", i);
	return json_pack("{s:s, s:s, s:{s:s, s:{s:s, s:s}}}", "apiVersion", "v1", "kind", "Node", "metadata", "name",
			 name, "labels", "kubernetes.io/hostname", name, "topology.kubernetes.io/zone",
			 (i % 3 == 0) ? "zone-a" : (i % 3 == 1) ? "zone-b" : "zone-c");
}

static struct kc_request *
node_request(struct gen *g, long i)
{
	char name[64];
	json_t *body;
	struct kc_request *req;

	if (g->phase == 0) {
		body = node_object(i);
		req = kc_client_create(g->client, &nodes_res, NULL, body, on_done, g);
	} else {
		snprintf(name, sizeof(name), "bench-node-%ld", i);
		body = json_pack("{s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:[{s:s, s:s, s:s}]}}", "status", "capacity",
				 "cpu", "4", "memory", "16Gi", "pods", "110", "allocatable", "cpu", "4", "memory", "16Gi",
				 "pods", "110", "conditions", "type", "Ready", "status", "True", "reason", "KubeletReady");
		req = kc_client_patch(g->client, &nodes_res, NULL, name, "status", "application/merge-patch+json", body,
				      on_done, g);
	}
	json_decref(body);
	return req;
}

static struct kc_request *
pod_request(struct gen *g, long i)
{
	char name[64];
	json_t *body;
	struct kc_request *req;

	snprintf(name, sizeof(name), "pod-%ld", i);
	body = json_pack("{s:s, s:s, s:{s:s, s:{s:s}}, s:{s:s, s:[{s:s, s:s, s:{s:{s:s, s:s}}}]}}", "apiVersion", "v1",
			 "kind", "Pod", "metadata", "name", name, "labels", "app", "bench", "spec", "schedulerName",
			 g->sched, "containers", "name", "c", "image", "registry.k8s.io/pause:3.10", "resources",
			 "requests", "cpu", "100m", "memory", "256Mi");
	req = kc_client_create(g->client, &pods_res, g->ns, body, on_done, g);
	json_decref(body);
	return req;
}

static struct kc_request *
bind_request(struct gen *g, long i)
{
	const char *name = json_string_value(json_array_get(g->names, (size_t)i));
	char node[64];
	char *path;
	json_t *body;
	struct kc_request *req;

	snprintf(node, sizeof(node), "bench-node-%ld", i % g->n_nodes);
	body = json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s, s:s}}", "apiVersion", "v1", "kind", "Binding",
			 "metadata", "name", name, "namespace", g->ns, "target", "apiVersion", "v1", "kind", "Node",
			 "name", node);
	path = kc_client_path(&pods_res, g->ns, name, "binding", NULL);
	req = kc_client_request(g->client, "POST", path, "application/json", body,
				g->cb != NULL ? g->cb : on_done, g->cb != NULL ? g->cb_arg : g);
	free(path);
	json_decref(body);
	return req;
}

/* bind-event: one pod's binding answered, its Scheduled event goes next. */
struct bind_event {
	struct gen *g;
	long i;
};

static json_t *
scheduled_event(struct gen *g, const char *pod, const char *node)
{
	char name[96], msg[160], now[32];
	int64_t ns = kc_clock_real_ns();
	time_t secs = (time_t)(ns / 1000000000);
	struct tm tm;

	gmtime_r(&secs, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(name, sizeof(name), "%s.%llx", pod, (unsigned long long)ns);
	snprintf(msg, sizeof(msg), "Successfully assigned %s/%s to %s", g->ns, pod, node);
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s}, s:s, s:s, s:s, s:{s:s},"
			 " s:s, s:s, s:i}",
			 "apiVersion", "v1", "kind", "Event", "metadata", "name", name, "namespace",
			 g->ns, "involvedObject", "kind", "Pod", "namespace", g->ns, "name", pod,
			 "apiVersion", "v1", "reason", "Scheduled", "message", msg, "type", "Normal",
			 "source", "component", "default-scheduler", "firstTimestamp", now,
			 "lastTimestamp", now, "count", 1);
}

static void
on_bound(void *arg, const struct kc_response *resp)
{
	struct bind_event *be = arg;
	struct gen *g = be->g;
	long i = be->i;
	const char *pod = json_string_value(json_array_get(g->names, (size_t)i));
	char node[64];
	json_t *ev;
	struct kc_request *req = NULL;

	free(be);
	if (resp->r < 0) {
		on_done(g, resp);
		return;
	}
	snprintf(node, sizeof(node), "bench-node-%ld", i % g->n_nodes);
	ev = scheduled_event(g, pod, node);
	if (ev != NULL)
		req = kc_client_create(g->client, &events_res, g->ns, ev, on_done, g);
	json_decref(ev);
	if (req == NULL) {
		g->errors++;
		g->done++;
	}
}

static struct kc_request *
bind_request(struct gen *g, long i);

static struct kc_request *
bind_event_request(struct gen *g, long i)
{
	struct bind_event *be = calloc(1, sizeof(*be));
	struct kc_request *req;

	if (be == NULL)
		return NULL;
	be->g = g;
	be->i = i;
	g->cb = on_bound;
	g->cb_arg = be;
	req = bind_request(g, i);
	g->cb = NULL;
	g->cb_arg = NULL;
	if (req == NULL)
		free(be);
	return req;
}

static void
issue(struct gen *g)
{
	while (g->next < g->count && g->next - g->done < WINDOW) {
		long i = g->next++;
		struct kc_request *req;

		if (strcmp(g->mode, "nodes") == 0)
			req = node_request(g, i);
		else if (strcmp(g->mode, "pods") == 0)
			req = pod_request(g, i);
		else if (strcmp(g->mode, "bind-event") == 0)
			req = bind_event_request(g, i);
		else
			req = bind_request(g, i);
		if (!req) {
			g->errors++;
			g->done++;
		}
	}
}

static void
listed(void *arg, const struct kc_response *resp)
{
	struct gen *g = arg;
	json_t *items = json_object_get(resp->body, "items"), *item;
	size_t i;

	g->names = json_array();
	json_array_foreach(items, i, item)
		json_array_append_new(g->names, json_string(json_string_value(json_object_get(json_object_get(item, "metadata"), "name"))));
	g->count = (long)json_array_size(g->names);
	event_base_loopbreak(g->base);
}

int
main(int argc, char **argv)
{
	struct gen g = { 0 };
	struct kc_rest_config rc = { 0 };
	char err[512];
	double secs;

	if (argc < 4) {
		fprintf(stderr, "usage: schedgen KUBECONFIG nodes|pods|bind|bind-event ARGS...\n");
		return 2;
	}
	if (kc_kubeconfig_build_config(NULL, argv[1], &rc, err, sizeof(err)) < 0) {
		fprintf(stderr, "schedgen: %s\n", err);
		return 1;
	}
	rc.qps = -1; /* no client-side limit: measure the server */
	g.base = event_base_new();
	g.client = kc_client_new(g.base, &rc);
	g.mode = argv[2];
	if (strcmp(g.mode, "nodes") == 0) {
		g.count = atol(argv[3]);
	} else if (strcmp(g.mode, "pods") == 0 && argc >= 6) {
		g.count = atol(argv[3]);
		g.ns = argv[4];
		g.sched = argv[5];
	} else if ((strcmp(g.mode, "bind") == 0 || strcmp(g.mode, "bind-event") == 0) && argc >= 5) {
		struct kc_list_options lo = { 0 };

		g.ns = argv[3];
		g.n_nodes = atol(argv[4]);
		kc_client_list(g.client, &pods_res, g.ns, &lo, listed, &g);
		event_base_dispatch(g.base);
	} else {
		fprintf(stderr, "schedgen: bad arguments\n");
		return 2;
	}
	g.start_ns = kc_clock_mono_ns();
	if (g.count > 0) {
		issue(&g);
		event_base_dispatch(g.base);
	}
	secs = (double)(kc_clock_mono_ns() - g.start_ns) / 1e9;
	printf("%s count=%ld seconds=%.3f rate=%.1f/s errors=%ld\n", g.mode, g.count, secs,
	       secs > 0 ? (double)g.count / secs : 0.0, g.errors);
	json_decref(g.names);
	kc_client_free(g.client);
	event_base_free(g.base);
	kc_rest_config_release(&rc);
	return g.errors ? 1 : 0;
}
