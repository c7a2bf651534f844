/*
 * rest.c - BeforeCreate and BeforeUpdate around the resource strategies (upstream:
 * staging/src/k8s.io/apiserver/pkg/registry/rest/create.go BeforeCreate,
 * FillObjectMetaSystemFields; update.go BeforeUpdate; genericregistry.Store.Create's name
 * generation; pkg/registry/core/namespace/storage FinalizeREST).
 *
 * The order is the one registry/strategy.h documents: defaults, system fields (uid,
 * creationTimestamp, the name from generateName), PrepareForCreate, Validate; on update
 * defaults, the prepare step of the strategy that applies (main resource, status or
 * finalize), then its validation.  Field errors become one 422 Invalid with every cause.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/field_errors.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
#include "kube-apiserver/registry/strategy.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strv.h"

static json_t *
meta_of(json_t *obj)
{
	json_t *m = json_object_get(obj, "metadata");

	if (!json_is_object(m)) {
		m = json_object();
		if (m == NULL || json_object_set_new(obj, "metadata", m) < 0)
			return NULL;
	}
	return m;
}

static int
nomem(json_t **ret_status)
{
	*ret_status = status_new(KC_ERR_INTERNAL, "out of memory");
	return KC_ERR_NOMEM;
}

/* Turns collected field errors into the 422 Status; 0 when there are none. */
static int
invalid(const struct api_resource *res, const json_t *obj, struct field_errors *errs,
	json_t **ret_status)
{
	int r = 0;

	if (errs->n > 0 || errs->nomem) {
		*ret_status = strategy_invalid_status(res, obj, errs);
		r = errs->nomem ? KC_ERR_NOMEM : KC_ERR_INVALID;
	}
	field_errors_release(errs);
	return r;
}

/* FillObjectMetaSystemFields and the name from generateName (Store.Create). */
static int
fill_system_fields(json_t *meta, unsigned *ret_flags, json_t **ret_status)
{
	const char *name = json_string_value(json_object_get(meta, "name"));
	const char *gen = json_string_value(json_object_get(meta, "generateName"));
	char uid[KC_META_UID_BUFSZ];

	if (kc_meta_new_uid(uid, sizeof(uid)) < 0) {
		*ret_status = status_new(KC_ERR_INTERNAL, "cannot read random bytes for a UID");
		return KC_ERR_INTERNAL;
	}
	if (json_object_set_new(meta, "uid", json_string(uid)) < 0 ||
	    json_object_set_new(meta, "creationTimestamp", kc_meta_time_now_json()) < 0)
		return nomem(ret_status);
	json_object_del(meta, "selfLink");
	json_object_del(meta, "resourceVersion");
	if ((name == NULL || name[0] == '\0') && gen != NULL && gen[0] != '\0') {
		char *g = kc_meta_generate_name_from(gen);

		if (g == NULL || json_object_set_new(meta, "name", json_string(g)) < 0) {
			free(g);
			return nomem(ret_status);
		}
		free(g);
		*ret_flags |= REST_NAME_GENERATED;
	}
	return 0;
}

int
rest_before_create(const struct api_resource *res, json_t *obj, unsigned *ret_flags,
		   struct kc_strv *warnings, json_t **ret_status)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	json_t *meta;
	int r;

	*ret_flags = 0;
	if (strategy_defaults(res, obj) < 0 || (meta = meta_of(obj)) == NULL)
		return nomem(ret_status);
	r = fill_system_fields(meta, ret_flags, ret_status);
	if (r < 0)
		return r;
	if (strategy_prepare_for_create(res, obj) < 0)
		return nomem(ret_status);
	strategy_validate_create(res, obj, &errs);
	r = invalid(res, obj, &errs, ret_status);
	if (r == 0 && warnings != NULL)
		strategy_warnings_on_create(res, obj, warnings);
	return r;
}

int
rest_before_update(const struct api_resource *res, enum rest_update_kind kind, json_t *obj,
		   const json_t *old, json_t **ret_status)
{
	struct field_errors errs = FIELD_ERRORS_INIT;
	int r;

	if (strategy_defaults(res, obj) < 0)
		return nomem(ret_status);
	switch (kind) {
	case REST_UPDATE_STATUS:
		r = strategy_prepare_for_status_update(res, obj, old);
		break;
	case REST_UPDATE_FINALIZE:
		r = namespace_prepare_for_finalize(obj, old);
		break;
	case REST_UPDATE_EPHEMERAL:
		r = pod_prepare_for_ephemeral_containers_update(obj, old);
		break;
	case REST_UPDATE_APPROVAL:
		r = csr_prepare_for_approval(obj, old);
		break;
	default:
		r = strategy_prepare_for_update(res, obj, old);
		break;
	}
	if (r < 0)
		return nomem(ret_status);
	switch (kind) {
	case REST_UPDATE_STATUS:
	case REST_UPDATE_APPROVAL:
		strategy_validate_status_update(res, obj, old, &errs);
		break;
	case REST_UPDATE_FINALIZE:
		namespace_validate_finalize(obj, old, &errs);
		break;
	case REST_UPDATE_EPHEMERAL:
		pod_validate_ephemeral_containers_update(obj, old, &errs);
		break;
	default:
		strategy_validate_update(res, obj, old, &errs);
		break;
	}
	return invalid(res, obj, &errs, ret_status);
}

/* The first registry row stored under res's prefix: the shape objects are stored in. */
static const struct api_resource *
storage_row(const struct api_resource *res)
{
	if (res->etcd_prefix == NULL)
		return res;
	for (const struct api_resource *r = api_resources; r->resource != NULL; r++)
		if (r->etcd_prefix != NULL && strcmp(r->etcd_prefix, res->etcd_prefix) == 0)
			return r;
	return res;
}

int
rest_converts(const struct api_resource *res)
{
	return storage_row(res) != res;
}

json_t *
rest_to_storage(const struct api_resource *res, const json_t *obj)
{
	if (!rest_converts(res))
		return json_incref((json_t *)obj);
	return strategy_to_storage(res, obj);
}

json_t *
rest_from_storage(const struct api_resource *res, const json_t *obj)
{
	if (!rest_converts(res))
		return json_incref((json_t *)obj);
	return strategy_from_storage(res, obj);
}
