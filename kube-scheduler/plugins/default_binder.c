/*
 * default_binder.c - the DefaultBinder Bind plugin (upstream:
 * pkg/scheduler/framework/plugins/defaultbinder/default_binder.go): POST
 * /api/v1/namespaces/<ns>/pods/<name>/binding with a v1.Binding to the node, asynchronously
 * on the handle's client; done() reports the outcome on the loop.
 */
#include <stdlib.h>

#include "kube-scheduler/framework/interface.h"
#include "kube-scheduler/plugins/helper.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"

static const struct kc_resource pods_resource = { "", "v1", "pods", "Pod", 1 };

struct bind_request {
	void (*done)(void *ctx, enum sched_code code, const struct sched_status *st);
	void *ctx;
};

static void *
default_binder_new(const json_t *args, struct sched_handle *h, char **ret_err)
{
	(void)args;
	(void)ret_err;
	return h;
}

static void
bind_response(void *arg, const struct kc_response *resp)
{
	struct bind_request *br = arg;
	struct sched_status st = { 0 };

	if (resp->r < 0)
		sched_status_set(&st, SCHED_ERROR, "%s", resp->message);
	br->done(br->ctx, st.code, &st);
	sched_status_reset(&st);
	free(br);
}

json_t *
sched_default_binder_binding(const struct sched_pod_info *pod, const char *node_name)
{
	return json_pack("{sssss{ssssss}s{ssss}}", "apiVersion", "v1", "kind", "Binding", "metadata",
			 "namespace", pod->ns, "name", pod->name, "uid", pod->uid, "target", "kind", "Node",
			 "name", node_name);
}

static enum sched_code
default_binder_bind(void *self, struct sched_cycle_state *cs, const struct sched_pod_info *pod,
		    const char *node_name, void (*done)(void *ctx, enum sched_code code, const struct sched_status *st),
		    void *ctx, struct sched_status *st)
{
	struct sched_handle *h = self;
	json_auto_t *binding = sched_default_binder_binding(pod, node_name);
	struct bind_request *br;
	char *path;

	(void)cs;
	if (h == NULL || h->client == NULL)
		return sched_status_set(st, SCHED_ERROR, "no API client to bind with");
	path = kc_client_path(&pods_resource, pod->ns, pod->name, "binding", NULL);
	br = calloc(1, sizeof(*br));
	if (binding == NULL || path == NULL || br == NULL) {
		free(path);
		free(br);
		return sched_status_set(st, SCHED_ERROR, "out of memory");
	}
	br->done = done;
	br->ctx = ctx;
	if (kc_client_request(h->client, "POST", path, "application/json", binding, bind_response, br) == NULL) {
		free(path);
		free(br);
		return sched_status_set(st, SCHED_ERROR, "binding request could not start");
	}
	free(path);
	return SCHED_SUCCESS;
}

const struct sched_plugin_ops sched_plugin_default_binder = {
	.name = "DefaultBinder",
	.new_plugin = default_binder_new,
	.bind = default_binder_bind,
};
