/*
 * pod_subresources.c - POST pods/<p>/binding (and the bindings resource), POST
 * pods/<p>/eviction (upstream: pkg/registry/core/pod/storage/storage.go BindingREST.Create,
 * assignPod; eviction.go EvictionREST.Create, checkAndDecrement, getPodDisruptionBudgets).
 *
 * A binding is a GuaranteedUpdate of the pod without the pod strategy, as upstream's
 * setPodNodeAndMetadata writes storage directly.  An eviction checks the pod's
 * PodDisruptionBudget (one at most), takes one disruption from it (status.disruptionsAllowed,
 * status.disruptedPods), then deletes the pod gracefully with the Eviction's deleteOptions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/pod_storage.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/storage/watch_cache.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/labels.h"
#include "libkcommon/meta.h"

struct pod_sub_state {
	json_t *body; /* the Binding or the Eviction */
	const struct api_resource *pods;
	struct store *pod_store;
	const char *pod_name;
	/* eviction */
	struct store_delete_opts opts;
	json_t *pdb; /* the budget to take a disruption from */
	json_t *pod;
};

static void
pod_sub_state_free(void *p)
{
	struct pod_sub_state *st = p;

	json_decref(st->body);
	json_decref(st->pdb);
	json_decref(st->pod);
	free(st);
}

/* {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201} */
static void
reply_created_success(struct api_request *r)
{
	json_t *s = json_pack("{s:s, s:s, s:{}, s:s, s:i}", "kind", "Status", "apiVersion", "v1",
			      "metadata", "status", "Success", "code", 201);

	api_reply_status(r, s);
}

static struct pod_sub_state *
pod_sub_start(struct api_request *r, const char *gv, const char *kind)
{
	struct pod_sub_state *st = calloc(1, sizeof(*st));

	if (st == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	r->state = st;
	r->state_free = pod_sub_state_free;
	st->pods = registry_lookup("", "v1", "pods");
	st->pod_store = store_set_get(r->env->stores, st->pods);
	if (st->pod_store == NULL) {
		api_reply_error(r, KC_ERR_INTERNAL, "pods are not stored");
		return NULL;
	}
	if (api_parse_dry_run(r) < 0 || api_negotiate(r, 0, 1) < 0 ||
	    api_decode_body(r, gv, kind, &st->body) < 0)
		return NULL;
	if (api_ensure_namespace(r, st->body) < 0)
		return NULL;
	return st;
}

/* --- binding ----------------------------------------------------------------------------------- */

static int
binding_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct api_request *r = arg;
	struct pod_sub_state *st = r->state;
	const char *uid = kc_meta_uid(st->body);
	KC_AUTOFREE char *err = NULL, *detail = NULL;
	struct api_resource binding_res = *st->pods;
	int rc;

	if (uid != NULL && uid[0] != '\0' && strcmp(uid, kc_meta_uid(current) ?: "") != 0) {
		if (!fresh)
			return KC_ERR_CONFLICT;
		if (asprintf(&detail,
			     "StorageError: invalid object, Code: 4, Key: %s/%s/%s, "
			     "ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in "
			     "precondition: %s, UID in object meta: %s",
			     store_prefix(st->pod_store), r->info.namespace_, st->pod_name, uid,
			     kc_meta_uid(current) ?: "") < 0)
			return KC_ERR_NOMEM;
		*ret_status = status_conflict(st->pods, st->pod_name, detail);
		return KC_ERR_CONFLICT;
	}
	rc = pod_binding_assign(current, st->body, r->now_ns, ret_obj, &err);
	if (rc == KC_ERR_CONFLICT) {
		binding_res.resource = "pods/binding";
		*ret_status = status_conflict(&binding_res, st->pod_name, err);
	}
	return rc;
}

/* A binding or an eviction stored: 201 with a Success Status. */
static void
on_created_success(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;

	(void)res;
	if (api_reply_if_failed(r, status))
		return;
	reply_created_success(r);
}

void
handle_pod_binding(struct api_request *r)
{
	struct pod_sub_state *st = pod_sub_start(r, "v1", "Binding");
	json_t *status = NULL;

	if (st == NULL)
		return;
	/* POST .../bindings names the pod in the body; .../pods/<p>/binding in the URL */
	st->pod_name = r->sub != NULL ? r->info.name : kc_meta_name(st->body) ?: "";
	if (pod_binding_check(st->body, st->pod_name, &status) < 0) {
		api_reply_status(r, status);
		return;
	}
	r->op = store_update(st->pod_store, st->pods, r->info.namespace_, st->pod_name, binding_fn,
			     r, r->flags, on_created_success, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

/* --- eviction ---------------------------------------------------------------------------------- */

static void
evict_delete(struct api_request *r)
{
	struct pod_sub_state *st = r->state;

	r->op = store_delete(st->pod_store, st->pods, r->info.namespace_, r->info.name, &st->opts,
			     on_created_success, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

/* NewTooManyRequests with the DisruptionBudget cause. */
static json_t *
too_many_requests(const char *cause, int retry_after)
{
	json_t *s = status_new(KC_ERR_TOO_MANY_REQUESTS,
			       "Cannot evict pod as it would violate the pod's disruption budget.");
	json_t *d = json_object();

	if (s == NULL || d == NULL) {
		json_decref(s);
		json_decref(d);
		return NULL;
	}
	if (cause != NULL)
		json_object_set_new(
			d, "causes",
			json_pack("[{s:s, s:s}]", "reason", "DisruptionBudget", "message", cause));
	if (retry_after > 0)
		json_object_set_new(d, "retryAfterSeconds", json_integer(retry_after));
	json_object_del(s, "code");
	json_object_set_new(s, "details", d);
	json_object_set_new(s, "code", json_integer(429));
	return s;
}

/* checkAndDecrement on the current budget. */
static int
pdb_decrement_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct api_request *r = arg;
	char cause[512];
	json_int_t allowed = kc_json_get_int64(current, "status.disruptionsAllowed", 0);
	json_t *pdb, *disrupted;

	(void)fresh;
	if (kc_json_get_int64(current, "status.observedGeneration", 0) <
	    kc_meta_generation(current)) {
		*ret_status = too_many_requests(NULL, 10);
		return KC_ERR_TOO_MANY_REQUESTS;
	}
	if (allowed < 0) {
		*ret_status =
			status_new(KC_ERR_FORBIDDEN,
				   "poddisruptionbudgets.policy is forbidden: pdb disruptions "
				   "allowed is negative");
		return KC_ERR_FORBIDDEN;
	}
	if (allowed == 0) {
		snprintf(cause, sizeof(cause),
			 "The disruption budget %s needs %lld healthy pods and has %lld currently",
			 kc_meta_name(current) ?: "",
			 (long long)kc_json_get_int64(current, "status.desiredHealthy", 0),
			 (long long)kc_json_get_int64(current, "status.currentHealthy", 0));
		*ret_status = too_many_requests(cause, 0);
		return KC_ERR_TOO_MANY_REQUESTS;
	}
	pdb = json_deep_copy(current);
	if (pdb == NULL ||
	    kc_json_set_path_steal(pdb, "status.disruptionsAllowed", json_integer(allowed - 1)) < 0)
		goto nomem;
	disrupted = kc_json_get_object(pdb, "status.disruptedPods");
	if (disrupted == NULL) {
		disrupted = json_object();
		if (disrupted == NULL ||
		    kc_json_set_path_steal(pdb, "status.disruptedPods", disrupted) < 0)
			goto nomem;
	}
	json_object_set_new(disrupted, r->info.name, kc_meta_time_json(r->now_ns));
	*ret_obj = pdb;
	return 0;
nomem:
	json_decref(pdb);
	return KC_ERR_NOMEM;
}

static void
on_pdb_updated(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;

	(void)res;
	if (api_reply_if_failed(r, status))
		return;
	evict_delete(r);
}

static void
on_pdbs(void *arg, json_t *status, const struct kc_watch_cache_list_result *list)
{
	struct api_request *r = arg;
	struct pod_sub_state *st = r->state;
	const json_t *labels = kc_json_get(st->pod, "metadata", "labels", NULL);
	const json_t *match = NULL;
	const struct api_resource *pdbres;
	size_t n = 0;

	if (api_reply_if_failed(r, status))
		return;
	for (size_t i = 0; i < list->n; i++) {
		const json_t *pdb = kc_watch_cache_object_json(list->items[i]);
		struct kc_label_selector *sel = NULL;
		const json_t *ls = kc_json_get(pdb, "spec", "selector", NULL);

		/* policy/v1: a nil selector selects nothing, an empty one everything */
		if (ls == NULL || kc_labels_from_label_selector(ls, &sel, NULL) < 0)
			continue;
		if (kc_label_selector_matches(sel, labels)) {
			match = pdb;
			n++;
		}
		kc_label_selector_free(sel);
	}
	if (n == 0) {
		evict_delete(r);
		return;
	}
	if (n > 1) {
		api_reply_error(
			r, KC_ERR_INTERNAL,
			"This pod has more than one PodDisruptionBudget, which the eviction "
			"subresource does not support.");
		return;
	}
	pdbres = registry_lookup("policy", "v1", "poddisruptionbudgets");
	st->pdb = json_incref((json_t *)match);
	r->op = store_update(store_set_get(r->env->stores, pdbres), pdbres, r->info.namespace_,
			     kc_meta_name(match) ?: "", pdb_decrement_fn, r, r->flags,
			     on_pdb_updated, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

static void
on_pod(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;
	struct pod_sub_state *st = r->state;
	const struct api_resource *pdbres = registry_lookup("policy", "v1", "poddisruptionbudgets");
	struct store *pdbs = store_set_get(r->env->stores, pdbres);
	struct kc_watch_cache_list_opts lo = { 0 };

	if (api_reply_if_failed(r, status))
		return;
	st->pod = json_incref((json_t *)res->obj);
	if (pod_eviction_ignores_pdb(res->obj) || pdbs == NULL) {
		evict_delete(r);
		return;
	}
	lo.namespace = r->info.namespace_;
	lo.resource_version = "0";
	r->op = store_list(pdbs, pdbres, &lo, on_pdbs, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

void
handle_pod_eviction(struct api_request *r)
{
	struct pod_sub_state *st;
	json_t *status = NULL;
	const json_t *opts, *v;

	st = pod_sub_start(r, "policy/v1", "Eviction");
	if (st == NULL)
		return;
	if (pod_eviction_check(st->body, r->info.name, &status) < 0) {
		api_reply_status(r, status);
		return;
	}
	opts = json_object_get(st->body, "deleteOptions");
	st->opts.grace_period_seconds = -1;
	st->opts.orphan_dependents = -1;
	v = json_object_get(opts, "gracePeriodSeconds");
	if (json_is_integer(v))
		st->opts.grace_period_seconds = json_integer_value(v);
	st->opts.propagation_policy = kc_json_get_string(opts, "propagationPolicy", NULL);
	st->opts.precondition_uid = kc_json_get_string(opts, "preconditions.uid", NULL);
	st->opts.precondition_resource_version =
		kc_json_get_string(opts, "preconditions.resourceVersion", NULL);
	if (json_array_size(json_object_get(opts, "dryRun")) > 0)
		r->flags |= STORE_DRY_RUN;
	st->opts.flags = r->flags;
	r->op = store_get(st->pod_store, st->pods, r->info.namespace_, r->info.name, NULL, on_pod,
			  r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}
