/*
 * kubernetes_service.c - the default/kubernetes Service, its Endpoints and EndpointSlice
 * (upstream: pkg/controlplane/controller/kubernetesservice/controller.go,
 * pkg/controlplane/reconcilers/{lease.go,none.go,instancecount.go,endpointsadapter.go}).
 * See kubernetes_service.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-apiserver/controlplane/kubernetes_service.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/strv.h"

#define NAME      "kubernetes"
#define NAMESPACE "default"

struct kubernetes_service {
	struct event_base *base;
	struct event *timer;
	struct kubernetes_service_options o;
	char *public_ip, *reconciler;
	char cluster_ip[32];
	struct store_op *op;
	struct kc_etcd3_req *req;
	int alloc_pending; /* a service_alloc operation is in flight: it frees a dying ks */
	int dying;
	int stopping;     /* kubernetes_service_stop() ran */
	int lease_gone;   /* its lease delete answered (or none was needed) */
	int64_t lease_id;
	struct kc_strv ips; /* the apiservers of this round */
	long rounds;
};

static void round_done(struct kubernetes_service *ks);
static void reconcile_endpoints(struct kubernetes_service *ks);

/* --- objects ------------------------------------------------------------------------------- */

static json_t *
service_ports(int secure_port, int node_port)
{
	json_t *port = json_pack("{s:s, s:s, s:i, s:i}", "name", "https", "protocol", "TCP", "port",
				 443, "targetPort", secure_port);

	if (port != NULL && node_port > 0)
		json_object_set_new(port, "nodePort", json_integer(node_port));
	return port != NULL ? json_pack("[o]", port) : NULL;
}

json_t *
kubernetes_service_object(const char *cluster_ip, int secure_port, int node_port)
{
	return json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s, s:s}}, s:{s:o*, s:s, s:s, s:s}}",
			 "apiVersion", "v1", "kind", "Service", "metadata", "name", NAME,
			 "namespace", NAMESPACE, "labels", "component", "apiserver", "provider",
			 "kubernetes", "spec", "ports", service_ports(secure_port, node_port),
			 "clusterIP", cluster_ip, "sessionAffinity", "None", "type",
			 node_port > 0 ? "NodePort" : "ClusterIP");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The IPs sorted and without duplicates, as a JSON array of strings. */
static json_t *
sorted_ips(const char *const *ips, size_t n)
{
	KC_AUTOFREE const char **v = calloc(n + 1, sizeof(*v));
	json_t *arr = json_array();

	if (v == NULL || arr == NULL) {
		json_decref(arr);
		return NULL;
	}
	if (n > 0) {
		memcpy(v, ips, n * sizeof(*v));
		qsort(v, n, sizeof(*v), cmp_str);
	}
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || strcmp(v[i], v[i - 1]) != 0) &&
		    json_array_append_new(arr, json_string(v[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

json_t *
kubernetes_endpoints_object(const char *const *ips, size_t n, int secure_port)
{
	json_t *sorted = sorted_ips(ips, n), *addrs = json_array(), *ip;
	json_t *obj = NULL;
	size_t i;

	if (sorted == NULL || addrs == NULL)
		goto out;
	json_array_foreach(sorted, i, ip)
		json_array_append_new(addrs, json_pack("{s:O}", "ip", ip));
	obj = json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:[{s:O, s:[{s:s, s:i, s:s}]}]}",
			"kind", "Endpoints", "apiVersion", "v1", "metadata", "name", NAME,
			"namespace", NAMESPACE, "labels", "endpointslice.kubernetes.io/skip-mirror",
			"true", "subsets", "addresses", addrs, "ports", "name", "https", "port",
			secure_port, "protocol", "TCP");
	if (obj != NULL && n == 0)
		json_object_set_new(obj, "subsets", json_array());
out:
	json_decref(sorted);
	json_decref(addrs);
	return obj;
}

json_t *
kubernetes_endpointslice_object(const char *const *ips, size_t n, int secure_port)
{
	json_t *sorted = sorted_ips(ips, n), *eps = json_array(), *ip, *obj = NULL;
	size_t i;

	if (sorted == NULL || eps == NULL)
		goto out;
	json_array_foreach(sorted, i, ip)
		json_array_append_new(eps, json_pack("{s:[O], s:{s:b}}", "addresses", ip,
						     "conditions", "ready", 1));
	obj = json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:s, s:O, s:[{s:s, s:s, s:i}]}", "kind",
			"EndpointSlice", "apiVersion", "discovery.k8s.io/v1", "metadata", "name",
			NAME, "namespace", NAMESPACE, "labels", "kubernetes.io/service-name", NAME,
			"addressType", "IPv4", "endpoints", eps, "ports", "name", "https",
			"protocol", "TCP", "port", secure_port);
	if (obj != NULL && n == 0) {
		json_object_del(obj, "ports");
		json_object_set_new(obj, "endpoints", json_array());
	}
out:
	json_decref(sorted);
	json_decref(eps);
	return obj;
}

/* --- helpers -------------------------------------------------------------------------------- */

static const char *
status_message(const json_t *status)
{
	const char *m = json_string_value(json_object_get(status, "message"));

	return m != NULL ? m : "unknown error";
}

/*
 * The update of an object the controller owns: the stored object with the desired fields
 * (keys of `desired` besides metadata) and labels laid over it (the labels replaced with
 * replace_labels: the EndpointsAdapter writes the slice whole), or the desired object when
 * absent, through BeforeCreate/BeforeUpdate.
 */
static int
apply_desired(const struct api_resource *res, const json_t *desired, const json_t *current,
	      int replace_labels, json_t **ret_obj, json_t **ret_status)
{
	json_auto_t *obj = NULL;
	const char *key;
	json_t *v, *labels;
	unsigned flags = 0;

	if (current == NULL) {
		obj = json_deep_copy(desired);
		if (obj == NULL)
			return KC_ERR_NOMEM;
		if (rest_before_create(res, obj, &flags, NULL, ret_status) < 0)
			return KC_ERR_INVALID;
		*ret_obj = json_incref(obj);
		return 0;
	}
	obj = json_deep_copy(current);
	if (obj == NULL)
		return KC_ERR_NOMEM;
	json_object_foreach((json_t *)desired, key, v)
		if (strcmp(key, "metadata") != 0)
			json_object_set_new(obj, key, json_deep_copy(v));
	labels = kc_json_get_object(obj, "metadata.labels");
	if (replace_labels && labels != NULL)
		json_object_clear(labels);
	if (labels == NULL) {
		json_object_set_new(json_object_get(obj, "metadata"), "labels", json_object());
		labels = kc_json_get_object(obj, "metadata.labels");
	}
	json_object_update(labels, (json_t *)kc_json_get_object(desired, "metadata.labels"));
	if (rest_before_update(res, REST_UPDATE, obj, current, ret_status) < 0)
		return KC_ERR_INVALID;
	*ret_obj = json_incref(obj);
	return 0;
}

static void
arm(struct kubernetes_service *ks, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (ks->timer != NULL) /* NULL once stopped */
		event_add(ks->timer, &tv);
}

static void
round_done(struct kubernetes_service *ks)
{
	ks->rounds++;
	arm(ks, ks->o.interval_ms);
}

/* --- the EndpointSlice and the Endpoints ------------------------------------------------ */

static int
slice_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct kubernetes_service *ks = arg;
	json_auto_t *want = kubernetes_endpointslice_object((const char *const *)ks->ips.v,
							     ks->ips.n, ks->o.secure_port);

	(void)fresh;
	if (want == NULL)
		return KC_ERR_NOMEM;
	if (current != NULL && !json_equal(json_object_get(current, "addressType"),
					   json_object_get(want, "addressType")))
		json_object_del(want, "addressType"); /* immutable: kept (never differs: IPv4) */
	if (current != NULL && json_object_get(want, "ports") == NULL)
		json_object_set_new(want, "ports", json_null());
	return apply_desired(registry_lookup("discovery.k8s.io", "v1", "endpointslices"), want,
			     current, 1, ret_obj, ret_status);
}

static void
on_slice(void *arg, json_t *status, const struct store_result *res)
{
	struct kubernetes_service *ks = arg;

	ks->op = NULL;
	if (status != NULL)
		kc_warning("\"unable to reconcile the kubernetes EndpointSlice\" err=\"%s\"",
			   status_message(status));
	else if (res->created)
		kc_info("created EndpointSlice default/kubernetes");
	json_decref(status);
	round_done(ks);
}

static int
endpoints_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct kubernetes_service *ks = arg;
	json_auto_t *want = kubernetes_endpoints_object((const char *const *)ks->ips.v, ks->ips.n,
							ks->o.secure_port);

	(void)fresh;
	if (want == NULL)
		return KC_ERR_NOMEM;
	return apply_desired(registry_lookup("", "v1", "endpoints"), want, current, 0, ret_obj,
			     ret_status);
}

static void
on_endpoints(void *arg, json_t *status, const struct store_result *res)
{
	struct kubernetes_service *ks = arg;
	const struct api_resource *r = registry_lookup("discovery.k8s.io", "v1", "endpointslices");
	struct store *s = store_set_get(ks->o.stores, r);

	ks->op = NULL;
	if (status != NULL) {
		kc_warning("\"unable to reconcile the kubernetes Endpoints\" err=\"%s\"",
			   status_message(status));
		json_decref(status);
		round_done(ks);
		return;
	}
	if (res->created)
		kc_info("created Endpoints default/kubernetes");
	/* EndpointsAdapter: the slice follows the Endpoints */
	ks->op = s != NULL ? store_update(s, r, NAMESPACE, NAME, slice_fn, ks, STORE_ALLOW_CREATE,
					  on_slice, ks)
			   : NULL;
	if (ks->op == NULL)
		round_done(ks);
}

static void
reconcile_endpoints(struct kubernetes_service *ks)
{
	const struct api_resource *r = registry_lookup("", "v1", "endpoints");
	struct store *s = store_set_get(ks->o.stores, r);

	ks->op = s != NULL ? store_update(s, r, NAMESPACE, NAME, endpoints_fn, ks,
					  STORE_ALLOW_CREATE, on_endpoints, ks)
			   : NULL;
	if (ks->op == NULL)
		round_done(ks);
}

/* --- the lease reconciler ------------------------------------------------------------------ */

static void
on_leases(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kubernetes_service *ks = arg;

	ks->req = NULL;
	if (err < 0) {
		kc_warning("\"unable to list the apiserver leases\" err=\"%s\"", kc_strerror(err));
		round_done(ks);
		return;
	}
	kc_strv_release(&ks->ips);
	for (size_t i = 0; i < res->n_kvs; i++) {
		json_auto_t *ep = json_loadb(res->kvs[i].value, res->kvs[i].value_len, 0, NULL);
		const json_t *subset = json_array_get(kc_json_get_array(ep, "subsets"), 0);
		/* subsets[0].addresses[0].ip, as ListLeases reads it */
		const char *ip = kc_json_get_string(
			json_array_get(kc_json_get_array(subset, "addresses"), 0), "ip", NULL);

		if (ip != NULL && kc_strv_push(&ks->ips, ip) < 0)
			break;
	}
	reconcile_endpoints(ks);
}

static void
list_leases(struct kubernetes_service *ks)
{
	struct kc_etcd3_range_opts ro = { .prefix = KUBERNETES_SERVICE_LEASE_PREFIX };

	ks->req = kc_etcd3_range(ks->o.etcd, &ro, on_leases, ks);
	if (ks->req == NULL)
		round_done(ks);
}

static char *
lease_value(const struct kubernetes_service *ks)
{
	json_auto_t *ep = json_pack("{s:s, s:s, s:{s:s, s:n}, s:[{s:[{s:s}]}]}", "kind",
				    "Endpoints", "apiVersion", "v1", "metadata", "name",
				    ks->public_ip, "creationTimestamp", "subsets", "addresses", "ip",
				    ks->public_ip);

	return ep != NULL ? json_dumps(ep, JSON_COMPACT) : NULL;
}

static void
lease_key(const struct kubernetes_service *ks, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", KUBERNETES_SERVICE_LEASE_PREFIX, ks->public_ip);
}

static void
on_lease_written(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kubernetes_service *ks = arg;

	(void)res;
	ks->req = NULL;
	if (err == KC_ERR_NOT_FOUND) {
		KC_AUTOFREE char *v = lease_value(ks);
		char key[128];

		lease_key(ks, key, sizeof(key));
		ks->req = v != NULL ? kc_etcd3_create(ks->o.etcd, key, v, strlen(v), ks->lease_id,
						      on_lease_written, ks)
				    : NULL;
		if (ks->req == NULL)
			round_done(ks);
		return;
	}
	if (err < 0) {
		/* as ReconcileEndpoints: no Endpoints write on a state we could not refresh */
		kc_warning("\"unable to renew the apiserver lease\" ip=\"%s\" err=\"%s\"",
			   ks->public_ip, kc_strerror(err));
		round_done(ks);
		return;
	}
	list_leases(ks);
}

static void
on_lease_granted(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kubernetes_service *ks = arg;
	KC_AUTOFREE char *v = NULL;
	char key[128];

	ks->req = NULL;
	if (err < 0) {
		kc_warning("\"unable to grant the apiserver lease\" err=\"%s\"", kc_strerror(err));
		round_done(ks);
		return;
	}
	ks->lease_id = res->lease_id;
	v = lease_value(ks);
	lease_key(ks, key, sizeof(key));
	ks->req = v != NULL ? kc_etcd3_update(ks->o.etcd, key, v, strlen(v), KC_ETCD3_ANY_REVISION,
					      ks->lease_id, on_lease_written, ks)
			    : NULL;
	if (ks->req == NULL)
		round_done(ks);
}

static void
reconcile_apiservers(struct kubernetes_service *ks)
{
	if (strcmp(ks->reconciler, "none") == 0) {
		round_done(ks);
		return;
	}
	if (strcmp(ks->reconciler, "lease") != 0) {
		/* master-count: this apiserver is the endpoint */
		kc_strv_release(&ks->ips);
		if (kc_strv_push(&ks->ips, ks->public_ip) < 0) {
			round_done(ks);
			return;
		}
		reconcile_endpoints(ks);
		return;
	}
	ks->req = kc_etcd3_lease_grant(ks->o.etcd, ks->o.lease_ttl_s, on_lease_granted, ks);
	if (ks->req == NULL)
		round_done(ks);
}

/* --- the Service --------------------------------------------------------------------------- */

/* checkServiceFormat: type, and each port's name, port, protocol, targetPort (and nodePort
 * when one is wanted). */
static int
service_format_correct(const struct kubernetes_service *ks, const json_t *svc)
{
	const json_t *spec = json_object_get(svc, "spec");
	const json_t *ports = json_object_get(spec, "ports"), *p = json_array_get(ports, 0);

	if (strcmp(kc_json_get_string(svc, "spec.type", ""),
		   ks->o.node_port > 0 ? "NodePort" : "ClusterIP") != 0)
		return 0;
	if (json_array_size(ports) != 1 || strcmp(kc_json_get_string(p, "name", ""), "https") != 0 ||
	    kc_json_get_int64(p, "port", 0) != 443 ||
	    strcmp(kc_json_get_string(p, "protocol", ""), "TCP") != 0 ||
	    kc_json_get_int64(p, "targetPort", 0) != ks->o.secure_port)
		return 0;
	return ks->o.node_port <= 0 || kc_json_get_int64(p, "nodePort", 0) == ks->o.node_port;
}

static void
on_service_written(void *arg, json_t *status, const struct store_result *res)
{
	struct kubernetes_service *ks = arg;

	ks->alloc_pending = 0;
	if (ks->dying) {
		json_decref(status);
		kubernetes_service_free(ks);
		return;
	}
	if (ks->stopping) {
		json_decref(status);
		return;
	}
	if (status != NULL && status_code(status) != 409)
		kc_warning("\"unable to create or update the kubernetes Service\" err=\"%s\"",
			   status_message(status));
	else if (status == NULL && res->created)
		kc_info("created Service default/kubernetes clusterIP=%s", ks->cluster_ip);
	json_decref(status);
	reconcile_apiservers(ks);
}

static int
service_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct kubernetes_service *ks = arg;
	json_auto_t *want = NULL, *spec = NULL;

	(void)fresh;
	if (current == NULL)
		return KC_ERR_NOT_FOUND;
	want = json_pack("{s:{s:o*, s:s}}", "spec", "ports",
			 service_ports(ks->o.secure_port, ks->o.node_port), "type",
			 ks->o.node_port > 0 ? "NodePort" : "ClusterIP");
	if (want == NULL)
		return KC_ERR_NOMEM;
	/* only ports and type change: the rest of the spec stays */
	spec = json_deep_copy(json_object_get(current, "spec"));
	if (spec == NULL)
		return KC_ERR_NOMEM;
	json_object_update(spec, json_object_get(want, "spec"));
	json_object_set(want, "spec", spec);
	return apply_desired(registry_lookup("", "v1", "services"), want, current, 0, ret_obj,
			     ret_status);
}

static void
on_service(void *arg, json_t *status, const struct store_result *res)
{
	struct kubernetes_service *ks = arg;
	const struct api_resource *r = registry_lookup("", "v1", "services");
	struct store *s = store_set_get(ks->o.stores, r);
	json_t *obj, *st = NULL;
	unsigned flags = 0;
	int rc;

	ks->op = NULL;
	if (status != NULL && status_code(status) != 404) {
		kc_warning("\"unable to read the kubernetes Service\" err=\"%s\"",
			   status_message(status));
		json_decref(status);
		round_done(ks);
		return;
	}
	if (status == NULL && service_format_correct(ks, res->obj)) {
		reconcile_apiservers(ks);
		return;
	}
	if (status == NULL) {
		rc = service_alloc_update(ks->o.services, s, r, NAMESPACE, NAME, service_fn, ks, 0,
					  on_service_written, ks);
	} else {
		json_decref(status);
		obj = kubernetes_service_object(ks->cluster_ip, ks->o.secure_port, ks->o.node_port);
		if (obj == NULL || rest_before_create(r, obj, &flags, NULL, &st) < 0) {
			kc_warning("\"unable to create the kubernetes Service\" err=\"%s\"",
				   st != NULL ? status_message(st) : "out of memory");
			json_decref(obj);
			json_decref(st);
			round_done(ks);
			return;
		}
		rc = service_alloc_create(ks->o.services, s, r, obj, 0, on_service_written, ks);
	}
	if (rc < 0) {
		round_done(ks);
		return;
	}
	ks->alloc_pending = 1;
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct kubernetes_service *ks = arg;
	const struct api_resource *r = registry_lookup("", "v1", "services");
	struct store *s = store_set_get(ks->o.stores, r);

	(void)fd;
	(void)what;
	ks->op = s != NULL ? store_get(s, r, NAMESPACE, NAME, NULL, on_service, ks) : NULL;
	if (ks->op == NULL)
		round_done(ks);
}

struct kubernetes_service *
kubernetes_service_start(struct event_base *base, const struct kubernetes_service_options *opts)
{
	struct kubernetes_service *ks = calloc(1, sizeof(*ks));

	if (ks == NULL)
		return NULL;
	ks->base = base;
	ks->o = *opts;
	if (ks->o.interval_ms <= 0)
		ks->o.interval_ms = 10000;
	if (ks->o.lease_ttl_s <= 0)
		ks->o.lease_ttl_s = 15;
	ks->public_ip = strdup(opts->public_ip != NULL ? opts->public_ip : "");
	ks->reconciler = strdup(opts->reconciler != NULL ? opts->reconciler : "lease");
	ks->timer = event_new(base, -1, 0, on_timer, ks);
	if (ks->public_ip == NULL || ks->reconciler == NULL || ks->timer == NULL) {
		kubernetes_service_free(ks);
		return NULL;
	}
	service_alloc_first_ip(opts->services, ks->cluster_ip, sizeof(ks->cluster_ip));
	arm(ks, 0);
	return ks;
}

long
kubernetes_service_rounds(const struct kubernetes_service *ks)
{
	return ks->rounds;
}

static void
on_lease_deleted(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kubernetes_service *ks = arg;

	(void)err;
	(void)res;
	ks->req = NULL;
	ks->lease_gone = 1;
}

/* Stops the rounds: the timer and whatever storage call is in flight. */
static void
halt(struct kubernetes_service *ks)
{
	if (ks->timer != NULL) {
		event_free(ks->timer);
		ks->timer = NULL;
	}
	store_op_cancel(ks->op);
	ks->op = NULL;
	kc_etcd3_req_cancel(ks->req);
	ks->req = NULL;
}

static int
holds_lease(const struct kubernetes_service *ks)
{
	return ks->reconciler != NULL && strcmp(ks->reconciler, "lease") == 0 &&
	       ks->public_ip != NULL && ks->o.etcd != NULL;
}

void
kubernetes_service_stop(struct kubernetes_service *ks)
{
	char key[128];

	if (ks == NULL || ks->stopping)
		return;
	ks->stopping = 1;
	halt(ks);
	ks->lease_gone = 1;
	if (!holds_lease(ks))
		return;
	lease_key(ks, key, sizeof(key));
	ks->req = kc_etcd3_delete(ks->o.etcd, key, KC_ETCD3_ANY_REVISION, on_lease_deleted, ks);
	ks->lease_gone = ks->req == NULL;
}

int
kubernetes_service_stopped(const struct kubernetes_service *ks)
{
	return ks == NULL || (ks->stopping && ks->lease_gone);
}

struct kubernetes_service *
kubernetes_service_free(struct kubernetes_service *ks)
{
	if (ks == NULL)
		return NULL;
	if (!ks->stopping && !ks->dying && holds_lease(ks)) {
		char key[128];

		/* RemoveEndpoints without waiting for the answer */
		lease_key(ks, key, sizeof(key));
		kc_etcd3_delete(ks->o.etcd, key, KC_ETCD3_ANY_REVISION, NULL, NULL);
	}
	ks->stopping = 1;
	halt(ks);
	if (ks->alloc_pending) {
		ks->dying = 1; /* the allocator's callback frees it */
		return NULL;
	}
	kc_strv_release(&ks->ips);
	free(ks->public_ip);
	free(ks->reconciler);
	free(ks);
	return NULL;
}
