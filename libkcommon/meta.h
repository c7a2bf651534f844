/*
 * meta.h - metav1 helpers on jansson objects: ObjectMeta accessors, namespace keys, owner
 * references, metav1.Time / MicroTime text, status conditions, UIDs and generated names
 * (upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/{meta.go,controller_ref.go,
 * time.go,micro_time.go}, pkg/api/meta/conditions.go, client-go/tools/cache
 * MetaNamespaceKeyFunc/SplitMetaNamespaceKey, apiserver/pkg/storage/names/generate.go).
 *
 * Getters borrow from the object: the result lives as long as the object is not changed.
 * They return NULL (or 0) when the field is absent or of the wrong JSON type.  Times are
 * int64 nanoseconds since the Unix epoch, UTC; that covers the years 1678 to 2262, and texts
 * outside that range are rejected with KC_ERR_RANGE (upstream covers years 0 to 9999).
 */
#ifndef KC_META_H
#define KC_META_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* A buffer this large holds any kc_meta_*time_format() text and its NUL. */
#define KC_META_TIME_BUFSZ 40
/* A UID text "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" and its NUL. */
#define KC_META_UID_BUFSZ 37

/* ---- ObjectMeta ------------------------------------------------------------------------- */

const json_t *kc_meta_metadata(const json_t *obj);
const char *kc_meta_name(const json_t *obj);
/* metadata.namespace; NULL for cluster-scoped objects (or an absent namespace). */
const char *kc_meta_namespace(const json_t *obj);
const char *kc_meta_uid(const json_t *obj);
const char *kc_meta_resource_version(const json_t *obj);
const char *kc_meta_generate_name(const json_t *obj);
/* metadata.generation, 0 when absent. */
int64_t kc_meta_generation(const json_t *obj);
/* metadata.labels / annotations objects, or NULL. */
const json_t *kc_meta_labels(const json_t *obj);
const json_t *kc_meta_annotations(const json_t *obj);
const char *kc_meta_label(const json_t *obj, const char *key);
const char *kc_meta_annotation(const json_t *obj, const char *key);
/* metadata.deletionTimestamp is set (not absent and not null). */
int kc_meta_is_being_deleted(const json_t *obj);
/* metadata.finalizers contains name. */
int kc_meta_has_finalizer(const json_t *obj, const char *name);

/*
 * MetaNamespaceKeyFunc: "<namespace>/<name>", or "<name>" without a namespace; malloc()ed.
 * NULL when obj has no metadata object or out of memory.
 */
char *kc_meta_key(const json_t *obj);
/*
 * SplitMetaNamespaceKey: "ns/name" or "name".  Sets *ret_namespace ("" when none) and
 * *ret_name, both malloc()ed; KC_ERR_INVALID for more than one '/', KC_ERR_NOMEM.
 */
int kc_meta_split_key(const char *key, char **ret_namespace, char **ret_name);

/* ---- owner references ------------------------------------------------------------------- */

const json_t *kc_meta_owner_references(const json_t *obj);
/* GetControllerOf: the owner reference with "controller": true, or NULL (borrowed). */
const json_t *kc_meta_controller_of(const json_t *obj);
/* IsControlledBy: obj's controller reference has owner's UID. */
int kc_meta_is_controlled_by(const json_t *obj, const json_t *owner);
/*
 * NewControllerRef: {"apiVersion", "kind", "name", "uid", "blockOwnerDeletion": true,
 * "controller": true} for owner; a new reference, NULL when out of memory.
 */
json_t *kc_meta_new_controller_ref(const json_t *owner, const char *api_version, const char *kind);

/* ---- time -------------------------------------------------------------------------------- */

/* CLOCK_REALTIME now, in nanoseconds. */
int64_t kc_meta_now(void);
/* metav1.Time: "2006-01-02T15:04:05Z" (UTC, truncated to the second); returns buf. */
const char *kc_meta_time_format(int64_t ns, char *buf, size_t size);
/* metav1.MicroTime: "2006-01-02T15:04:05.000000Z" (truncated to the microsecond). */
const char *kc_meta_micro_time_format(int64_t ns, char *buf, size_t size);
/*
 * time.Parse(time.RFC3339, s): a fraction of a second and a "+07:00" offset are accepted.
 * 0, KC_ERR_INVALID, KC_ERR_RANGE (outside 1678..2262).
 */
int kc_meta_time_parse(const char *s, int64_t *ret_ns);
/* time.Parse(RFC3339Micro, s): exactly six fraction digits. */
int kc_meta_micro_time_parse(const char *s, int64_t *ret_ns);
/* New JSON string of kc_meta_time_format(ns) / of now; NULL when out of memory. */
json_t *kc_meta_time_json(int64_t ns);
json_t *kc_meta_time_now_json(void);

/* ---- conditions (metav1.Condition in status.conditions) --------------------------------- */

/* status.conditions of obj, or NULL. */
json_t *kc_meta_status_conditions(const json_t *obj);
/* FindStatusCondition: the element of conditions with that "type" (borrowed), or NULL. */
json_t *kc_meta_find_condition(const json_t *conditions, const char *type);
/*
 * SetStatusCondition: adds cond (copied) or updates the existing condition of its type.
 * lastTransitionTime changes only when status changes: to cond's own when it has one, else to
 * now_ns.  reason, message and observedGeneration are copied when they differ.  Returns 1 when
 * conditions changed, 0 when not, KC_ERR_INVALID (cond has no string "type", or conditions is
 * not an array), KC_ERR_NOMEM.
 */
int kc_meta_set_condition(json_t *conditions, const json_t *cond, int64_t now_ns);
/* RemoveStatusCondition: 1 when removed, 0 when there was none. */
int kc_meta_remove_condition(json_t *conditions, const char *type);
/* IsStatusConditionTrue / IsStatusConditionFalse / IsStatusConditionPresentAndEqual. */
int kc_meta_is_condition_true(const json_t *conditions, const char *type);
int kc_meta_is_condition_false(const json_t *conditions, const char *type);
int kc_meta_is_condition_status(const json_t *conditions, const char *type, const char *status);

/* ---- identity ---------------------------------------------------------------------------- */

/* A random (version 4) UUID for metadata.uid into buf (>= KC_META_UID_BUFSZ); 0 or
 * KC_ERR_SYSTEM when no randomness could be read. */
int kc_meta_new_uid(char *buf, size_t size);
/*
 * SimpleNameGenerator.GenerateName: base (cut to 58 bytes) followed by 5 random characters of
 * "bcdfghjklmnpqrstvwxz2456789"; malloc()ed, NULL on failure.
 */
char *kc_meta_generate_name_from(const char *base);

#endif
