/*
 * update.c - PUT of an object or of its status, scale and finalize subresources, and the
 * update pipeline that PATCH shares (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/
 * handlers/update.go UpdateResource, genericregistry.Store.Update with its UpdatedObjectInfo,
 * rest.DefaultUpdatedObjectInfo.Preconditions; the ScaleREST and FinalizeREST of
 * pkg/registry/apps/deployment/storage and core/namespace/storage).
 *
 * Inside the GuaranteedUpdate loop, for each state of the object read: the client's object is
 * made from it (the PUT body, the patched object, the parent of a Scale), the UID precondition
 * and the resourceVersion are checked (an empty resourceVersion is an unconditional update,
 * a stale one 409 Conflict), then BeforeUpdate (defaults, the kind's prepare and validation)
 * runs.  The store writes the result unless it equals what is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
#include "kube-apiserver/registry/scale.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/registry/store.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"

struct update_state {
	struct api_update u;
	json_t *body; /* PUT: the decoded body; PATCH: the patch document */
	char *precondition_uid;
	json_t *answer_cache;
};

static void
update_state_free(void *p)
{
	struct update_state *st = p;

	json_decref(st->body);
	free(st->precondition_uid);
	free(st);
}

const json_t *
api_update_body(const struct api_request *r)
{
	return ((const struct update_state *)r->state)->body;
}

/* The storage precondition error: "StorageError: invalid object, Code: 4, ..." as a Conflict. */
static json_t *
uid_precondition_status(struct api_request *r, const json_t *current, const char *uid)
{
	KC_AUTOFREE char *detail = NULL, *key = NULL;
	const char *have = kc_meta_uid(current);

	key = store_key(r->res, r->info.namespace_, r->info.name);
	if (asprintf(&detail,
		     "StorageError: invalid object, Code: 4, Key: %s/%s, ResourceVersion: 0, "
		     "AdditionalErrorMsg: Precondition failed: UID in precondition: %s, UID in "
		     "object meta: %s",
		     store_prefix(r->store), key != NULL ? key : "", uid,
		     have != NULL ? have : "") < 0)
		return NULL;
	return status_conflict(r->res, r->info.name, detail);
}

static int
update_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct api_request *r = arg;
	struct update_state *st = r->state;
	json_auto_t *view = NULL, *obj = NULL, *stored = NULL;
	const char *want_rv, *have_rv = kc_meta_resource_version(current);
	int rc;

	view = api_from_storage(r->res, current);
	if (view == NULL)
		return KC_ERR_NOMEM;
	if (st->u.scale) {
		json_auto_t *scale = scale_from_object(r->res, view), *wanted = NULL;

		if (scale == NULL)
			return KC_ERR_NOMEM;
		rc = st->u.make(r, scale, &wanted, ret_status);
		if (rc < 0)
			return rc;
		rc = scale_apply(r->res, view, wanted, &obj, ret_status);
	} else {
		rc = st->u.make(r, view, &obj, ret_status);
	}
	if (rc < 0)
		return rc;
	if (st->precondition_uid != NULL &&
	    strcmp(st->precondition_uid, kc_meta_uid(current) ?: "") != 0) {
		if (!fresh)
			return KC_ERR_CONFLICT;
		*ret_status = uid_precondition_status(r, current, st->precondition_uid);
		return KC_ERR_CONFLICT;
	}
	want_rv = kc_meta_resource_version(obj);
	if (want_rv == NULL || want_rv[0] == '\0') {
		/* AllowUnconditionalUpdate: the stored version is the precondition */
		if (kc_json_set_path_steal(obj, "metadata.resourceVersion",
					   json_string(have_rv ?: "")) < 0)
			return KC_ERR_NOMEM;
	} else if (strcmp(want_rv, have_rv ?: "") != 0) {
		if (!fresh)
			return KC_ERR_CONFLICT;
		*ret_status = status_conflict(r->res, r->info.name, status_optimistic_lock_message);
		return KC_ERR_CONFLICT;
	}
	stored = rest_to_storage(r->res, obj);
	if (stored == NULL)
		return KC_ERR_NOMEM;
	rc = rest_before_update(r->res, st->u.kind, stored, current, ret_status);
	if (rc < 0)
		return rc;
	*ret_obj = json_incref(stored);
	return 0;
}

static void
on_updated(void *arg, json_t *status, const struct store_result *res)
{
	struct api_request *r = arg;
	struct update_state *st = r->state;

	if (api_reply_if_failed(r, status))
		return;
	if (st->u.scale) {
		api_reply_scale(r, res->obj);
		return;
	}
	api_reply_object(r, res->created ? 201 : 200, res->obj, NULL, 0);
}

int
api_update_prepare(struct api_request *r, const struct api_update *u)
{
	struct update_state *st = calloc(1, sizeof(*st));

	if (st == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return KC_ERR_NOMEM;
	}
	st->u = *u;
	r->state = st;
	r->state_free = update_state_free;
	return 0;
}

void
api_update_set_body(struct api_request *r, json_t *body)
{
	struct update_state *st = r->state;

	json_decref(st->body);
	st->body = body;
}

void
api_update_run(struct api_request *r)
{
	if (r->env->services != NULL && service_alloc_handles(r->res) &&
	    ((struct update_state *)r->state)->u.kind == REST_UPDATE) {
		/* BeginUpdate: values the new object needs, releases once written */
		if (service_alloc_update(r->env->services, r->store, r->res, r->info.namespace_,
					 r->info.name, update_fn, r, r->flags, on_updated, r) < 0)
			api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	r->op = store_update(r->store, r->res, r->info.namespace_, r->info.name, update_fn, r,
			     r->flags, on_updated, r);
	if (r->op == NULL)
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
}

/* --- PUT --------------------------------------------------------------------------------------- */

static int
make_from_body(struct api_request *r, const json_t *current, json_t **ret, json_t **ret_status)
{
	(void)current;
	(void)ret_status;
	*ret = json_deep_copy(api_update_body(r));
	return *ret != NULL ? 0 : KC_ERR_NOMEM;
}

/* The group/version and kind a subresource's body has. */
static void
body_type(const struct api_request *r, char *gv, size_t size, const char **kind)
{
	if (r->sub != NULL && r->sub->kind != NULL && r->sub->group != NULL) {
		if (r->sub->group[0] == '\0')
			snprintf(gv, size, "%s", r->sub->version);
		else
			snprintf(gv, size, "%s/%s", r->sub->group, r->sub->version);
		*kind = r->sub->kind;
		return;
	}
	api_group_version(r->res, gv, size);
	*kind = r->res->kind;
}

/* Fills u's kind and scale flag from the subresource; replies and returns < 0 when the
 * subresource cannot be written. */
int
api_update_kind(struct api_request *r, struct api_update *u)
{
	u->kind = REST_UPDATE;
	if (r->sub == NULL)
		return 0;
	if (strcmp(r->sub->name, "status") == 0) {
		u->kind = REST_UPDATE_STATUS;
		return 0;
	}
	if (strcmp(r->sub->name, "finalize") == 0) {
		u->kind = REST_UPDATE_FINALIZE;
		return 0;
	}
	if (strcmp(r->sub->name, "approval") == 0) {
		u->kind = REST_UPDATE_APPROVAL;
		return 0;
	}
	if (strcmp(r->sub->name, "ephemeralcontainers") == 0) {
		u->kind = REST_UPDATE_EPHEMERAL;
		return 0;
	}
	if (strcmp(r->sub->name, "scale") == 0 && scale_supported(r->res)) {
		u->scale = 1;
		return 0;
	}
	api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
			"the server does not allow this method on the requested resource");
	return KC_ERR_METHOD_NOT_ALLOWED;
}

void
handle_update(struct api_request *r)
{
	struct api_update u = { .make = make_from_body };
	struct update_state *st;
	json_t *body = NULL;
	const char *kind, *uid;
	char gv[128];

	if (r->store == NULL) {
		api_reply_error(r, KC_ERR_METHOD_NOT_ALLOWED,
				"the server does not allow this method on the requested resource");
		return;
	}
	if (api_update_kind(r, &u) < 0 || api_parse_dry_run(r) < 0 ||
	    api_negotiate(r, u.scale ? 0 : TARGETS(TARGET_TABLE) | TARGETS(TARGET_PARTIAL), 1) <
		    0 ||
	    api_update_prepare(r, &u) < 0)
		return;
	body_type(r, gv, sizeof(gv), &kind);
	if (api_decode_body(r, gv, kind, &body) < 0)
		return;
	api_update_set_body(r, body);
	if (api_check_name(r, body) < 0 || (!u.scale && api_ensure_namespace(r, body) < 0))
		return;
	st = r->state;
	uid = kc_meta_uid(body);
	if (uid != NULL && uid[0] != '\0' && (st->precondition_uid = strdup(uid)) == NULL) {
		api_reply_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	api_update_run(r);
}
