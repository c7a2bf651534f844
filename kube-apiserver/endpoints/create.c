/*
 * create.c - POST of a new object, and the create-only pod subresources binding and eviction
 * (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go createHandler,
 * genericregistry.Store.Create, plugin/pkg/admission/namespace/lifecycle (the namespace checks
 * of API-COMPAT M3), pkg/registry/core/pod/storage/storage.go BindingREST and eviction.go).
 *
 * The order is upstream's: decode, namespace of the body, namespace lifecycle admission (the
 * namespace must exist and not be terminating), BeforeCreate (defaults, system fields,
 * validation), then the etcd create.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/pod_storage.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/registry/store.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strv.h"

struct create_state {
	json_t *obj;
	int live_lookup; /* the namespace was not in the cache: asked etcd */
};

static void
create_state_free(void *p)
{
	struct create_state *st = p;

	json_decref(st->obj);
	free(st);
}

static void
on_created(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;

	if (api_reply_if_failed(r, status))
		return;
	api_reply_object(r, 201, res->obj, res->bytes, res->len);
}

static void
create_write(struct api_request *r)
{
	struct create_state *st = r->state;
	json_t *status = NULL, *stored;
	struct kc_strv warnings = KC_STRV_INIT;
	unsigned rflags = 0;

	/* the strategy works on the stored shape (events.k8s.io/v1 events are core/v1) */
	stored = rest_to_storage(r->res, st->obj);
	if (stored == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	if (rest_before_create(r->res, stored, &rflags, &warnings, &status) < 0) {
		json_decref(stored);
		kc_strv_release(&warnings);
		api_reply_status(r, status);
		return;
	}
	api_add_warnings(r, &warnings);
	kc_strv_release(&warnings);
	if (r->env->services != NULL && service_alloc_handles(r->res)) {
		/* BeginCreate: ClusterIPs and NodePorts, released again when the write fails */
		if (service_alloc_create(r->env->services, r->store, r->res, stored,
					 r->flags | ((rflags & REST_NAME_GENERATED)
							     ? STORE_NAME_GENERATED
							     : 0),
					 on_created, r) < 0)
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	r->op = store_create(r->store, r->res, stored,
			     r->flags | ((rflags & REST_NAME_GENERATED) ? STORE_NAME_GENERATED : 0),
			     on_created, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

/* NewForbidden(resource, name, "unable to create new content in namespace ..."). */
static json_t *
terminating_status(struct api_request *r)
{
	KC_AUTOFREE char *qr = status_qualified_resource(r->res);
	const char *name = kc_meta_name(((struct create_state *)r->state)->obj);
	char *msg = NULL;
	json_t *s;

	if (name == NULL)
		name = "";
	if (asprintf(&msg,
		     "%s%s%s%s is forbidden: unable to create new content in namespace %s because "
		     "it is being terminated",
		     qr != NULL ? qr : r->res->resource, name[0] != '\0' ? " \"" : "", name,
		     name[0] != '\0' ? "\"" : "", r->info.namespace_) < 0)
		return NULL;
	s = status_new(KC_ERR_FORBIDDEN, msg);
	free(msg);
	if (s != NULL) {
		json_object_del(s, "code");
		json_object_set_new(s, "details",
				    json_pack("{s:s, s:s, s:s}", "name", name, "group",
					      r->res->group, "kind", r->res->resource));
		if (r->res->group[0] == '\0')
			json_object_del(json_object_get(s, "details"), "group");
		json_object_set_new(s, "code", json_integer(403));
	}
	return s;
}

static const struct api_resource *
namespaces_resource(void)
{
	return registry_lookup("", "v1", "namespaces");
}

static void namespace_lookup(struct api_request *r, const char *rv);

static void
on_namespace(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;
	struct create_state *st = r->state;

	r->op = NULL;
	if (status != NULL) {
		if (status_code(status) == 404 && !st->live_lookup) {
			/* the cache may not have seen a namespace created just now */
			json_decref(status);
			st->live_lookup = 1;
			namespace_lookup(r, NULL);
			return;
		}
		api_reply_status(r, status);
		return;
	}
	if (strcmp(kc_json_get_string(res->obj, "status.phase", ""), "Terminating") == 0) {
		api_reply_status(r, terminating_status(r));
		return;
	}
	create_write(r);
}

static void
namespace_lookup(struct api_request *r, const char *rv)
{
	const struct api_resource *nsres = namespaces_resource();
	struct store *s = store_set_get(r->env->stores, nsres);

	if (s == NULL) {
		create_write(r);
		return;
	}
	r->op = store_get(s, nsres, NULL, r->info.namespace_, rv, on_namespace, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

void
handle_create(struct api_request *r)
{
	struct create_state *st;
	char gv[128];

	if (r->sub != NULL && strcmp(r->sub->name, "binding") == 0) {
		handle_pod_binding(r);
		return;
	}
	if (r->sub != NULL && strcmp(r->sub->name, "eviction") == 0) {
		handle_pod_eviction(r);
		return;
	}
	if (r->res->group[0] == '\0' && strcmp(r->res->resource, "bindings") == 0) {
		handle_pod_binding(r);
		return;
	}
	if (r->store == NULL) {
		handle_review(r);
		return;
	}
	if (r->sub != NULL) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return;
	}
	if (api_parse_dry_run(r) < 0 ||
	    api_negotiate(r, TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL), 1) < 0)
		return;
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	r->state = st;
	r->state_free = create_state_free;
	if (api_decode_body(r, api_group_version(r->res, gv, sizeof(gv)), r->res->kind, &st->obj) <
		    0 ||
	    api_ensure_namespace(r, st->obj) < 0)
		return;
	if (r->res->namespaced)
		namespace_lookup(r, "0");
	else
		create_write(r);
}
