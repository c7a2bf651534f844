/*
 * rest.h - the generic steps around a resource's strategy on create and update (upstream:
 * staging/src/k8s.io/apiserver/pkg/registry/rest/create.go BeforeCreate,
 * FillObjectMetaSystemFields, update.go BeforeUpdate, and genericregistry.Store.Create's name
 * generation).
 *
 * The handlers call these on decoded, namespace-checked objects; they call the per-kind
 * strategy (defaults, prepare, validation; registry/strategy.h) in upstream's order and turn
 * field errors into the 422 Invalid Status.  Pure functions but for the clock, the UID source
 * and the name generator.
 */
#ifndef KUBE_APISERVER_REGISTRY_REST_H
#define KUBE_APISERVER_REGISTRY_REST_H

#include <jansson.h>

struct api_resource;
struct kc_strv;

/* Which update strategy applies. */
enum rest_update_kind {
	REST_UPDATE,           /* the resource itself */
	REST_UPDATE_STATUS,    /* the status subresource */
	REST_UPDATE_FINALIZE,  /* namespaces/finalize */
	REST_UPDATE_EPHEMERAL, /* pods/ephemeralcontainers */
	REST_UPDATE_APPROVAL,  /* certificatesigningrequests/approval */
};

/* Flags returned by rest_before_create(). */
enum {
	REST_NAME_GENERATED = 1 << 0, /* metadata.name came from generateName */
};

/*
 * Create: defaults, uid, creationTimestamp and the name from generateName (FillObjectMetaSystemFields
 * and Store.Create), PrepareForCreate, Validate.  obj is changed in place.  Returns 0 (flags in
 * *ret_flags, warnings pushed to warnings when not NULL), or < 0 with a Status in *ret_status
 * (422 Invalid with every field error; 500).
 */
int rest_before_create(const struct api_resource *res, json_t *obj, unsigned *ret_flags,
		       struct kc_strv *warnings, json_t **ret_status);

/*
 * Update of old (borrowed) into obj (changed in place): defaults, PrepareForUpdate (or the
 * status/finalize variant), ValidateUpdate.  Returns 0 or < 0 with a Status in *ret_status.
 */
int rest_before_update(const struct api_resource *res, enum rest_update_kind kind, json_t *obj,
		       const json_t *old, json_t **ret_status);

/*
 * The shape stored for an object of res's API (events.k8s.io/v1 events are stored as
 * core/v1 ones): a new reference (obj itself, referenced, when nothing changes), NULL when out
 * of memory.
 */
json_t *rest_to_storage(const struct api_resource *res, const json_t *obj);
/* The reverse, for answers. */
json_t *rest_from_storage(const struct api_resource *res, const json_t *obj);
/* Whether res's API shape differs from what is stored. */
int rest_converts(const struct api_resource *res);

#endif
