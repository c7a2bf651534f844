/*
 * strategy_util.h - helpers for the strategy files of kube-apiserver/registry: small JSON
 * accessors with Go's zero-value semantics, the validators every kind shares (ObjectMeta,
 * labels, selectors, immutable fields; upstream: apimachinery pkg/api/validation/objectmeta.go,
 * pkg/apis/meta/v1/validation, pkg/apis/core/validation ValidateObjectMeta*) and renderers
 * that print values the way Go's %#v does inside field errors.  Not for use outside registry/.
 */
#ifndef KUBE_APISERVER_STRATEGY_UTIL_H
#define KUBE_APISERVER_STRATEGY_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "kube-apiserver/registry/field_errors.h"
#include "kube-apiserver/registry/strategy.h"

struct kc_strbuf;
struct kc_strv;

/* ---- JSON with Go zero values -------------------------------------------------------------- */

/* o[key] when it is a string, else NULL. */
static inline const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* o[key] when it is a string, else "" (a Go string field). */
static inline const char *
jstr0(const json_t *o, const char *key)
{
	const char *s = jstr(o, key);

	return s != NULL ? s : "";
}

/* o[key] is present and not null (a Go pointer or map that is set). */
static inline int
jhas(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return v != NULL && !json_is_null(v);
}

/* o[key] when it is an integer, else def. */
static inline int64_t
jint(const json_t *o, const char *key, int64_t def)
{
	json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

static inline int
jbool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

/* o[key] when it is an object/array, else NULL. */
static inline json_t *
jobj(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_object(v) ? v : NULL;
}

static inline json_t *
jarr(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_array(v) ? v : NULL;
}

/* len() of a Go slice or map field: array or object size, 0 otherwise. */
static inline size_t
jlen(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (json_is_array(v))
		return json_array_size(v);
	if (json_is_object(v))
		return json_object_size(v);
	if (json_is_string(v))
		return strlen(json_string_value(v));
	return 0;
}

static inline int
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/*
 * o[key] as an object, created ({}) when absent or null.  NULL when out of memory or when
 * o[key] holds another type (left alone).
 */
json_t *strategy_ensure_object(json_t *o, const char *key);
/* Go `if x == ""` defaults: sets o[key] when absent, null or "".  0 or KC_ERR_NOMEM. */
int strategy_default_str(json_t *o, const char *key, const char *value);
/* Go `if x == nil` defaults: sets o[key] only when absent or null. */
int strategy_default_ptr_str(json_t *o, const char *key, const char *value);
int strategy_default_int(json_t *o, const char *key, int64_t value);
int strategy_default_bool(json_t *o, const char *key, int value);
/* Sets o[key] (replacing); 0 or KC_ERR_NOMEM. */
int strategy_set_str(json_t *o, const char *key, const char *value);
int strategy_set_int(json_t *o, const char *key, int64_t value);
/* Replaces o[key] with a copy of src[key] (or removes it when src has none). */
int strategy_copy_key(json_t *o, const json_t *src, const char *key);
/* Whether a[key] and b[key] are equal (both absent/null counts as equal). */
int strategy_key_equal(const json_t *a, const json_t *b, const char *key);
/* Go's zero value: absent, null, false, "", [] or {} (numbers are never zero here). */
int strategy_is_zero(const json_t *v);
/* JSON equality treating absent and null as the same, recursively inside objects. */
int strategy_semantic_equal(const json_t *a, const json_t *b);

/* The decoded length of standard base64 text (what a []byte field holds). */
size_t strategy_base64_decoded_len(const char *s);

/* BeforeUpdate's bookkeeping for subresource strategies: generation from old, and uid,
 * creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds restored from old. */
int strategy_keep_old_generation(json_t *obj, const json_t *old);
int strategy_restore_system_meta(json_t *obj, const json_t *old);

/* ---- names ----------------------------------------------------------------------------------- */

/*
 * ValidateNameFunc(name, prefix): upstream's messages for name under rule, pushed to msgs;
 * with prefix (generateName) trailing dashes are allowed (maskTrailingDash).  Returns the
 * count or KC_ERR_NOMEM.
 */
int strategy_name_messages(enum strategy_name_rule rule, const char *name, int prefix,
			   struct kc_strv *msgs);

/* One field.Invalid(path, value, msg) per message of check(value). */
void strategy_check_messages(struct field_errors *errs, const char *path, const char *value,
			     int (*check)(const char *, struct kc_strv *));
void strategy_validate_dns1123_label(struct field_errors *errs, const char *path,
				     const char *value);
void strategy_validate_dns1123_subdomain(struct field_errors *errs, const char *path,
					 const char *value);
void strategy_validate_qualified_name(struct field_errors *errs, const char *path,
				      const char *value);
/* Messages of a name rule as field.Invalid errors (ValidateXName(value, false)). */
void strategy_validate_name_rule(struct field_errors *errs, const char *path,
				 enum strategy_name_rule rule, const char *value);
/* validation.IsValidIP(path, value) as field errors. */
void strategy_validate_ip(struct field_errors *errs, const char *path, const char *value);
void strategy_validate_cidr(struct field_errors *errs, const char *path, const char *value);
/* ValidateNonSpecialIP. */
void strategy_validate_non_special_ip(struct field_errors *errs, const char *path,
				      const char *value);

/* ---- metadata ---------------------------------------------------------------------------------- */

/*
 * core ValidateObjectMeta(meta, requiresNamespace, nameFn, "metadata"): generateName, name,
 * namespace, generation, labels, annotations, ownerReferences, finalizers (with the kube
 * finalizer name rule), managedFields.
 */
void strategy_validate_object_meta(const json_t *obj, int namespaced, enum strategy_name_rule rule,
				   struct field_errors *errs);
/* The same on a template's metadata at path (labels and annotations only, as upstream). */
/* core ValidateObjectMetaUpdate(new, old, "metadata"). */
void strategy_validate_object_meta_update(const json_t *obj, const json_t *old,
					  struct field_errors *errs);
/* ValidateLabels(labels, path): keys and values. */
void strategy_validate_labels(const json_t *labels, const char *path, struct field_errors *errs);
/* ValidateAnnotations(annotations, path): keys and the 256 KiB total. */
void strategy_validate_annotations(const json_t *annotations, const char *path,
				   struct field_errors *errs);
/* ValidateLabelSelector(selector, opts, path). */
void strategy_validate_label_selector(const json_t *selector, int allow_invalid_values,
				      const char *path, struct field_errors *errs);
/* ValidateNonnegativeField. */
void strategy_validate_nonnegative(struct field_errors *errs, const char *path, int64_t value);
/* validateFinalizerName (qualified name + standard-or-qualified). */
void strategy_validate_finalizer_name(struct field_errors *errs, const char *path,
				      const char *value);

/*
 * LabelSelectorAsSelector(selector).Matches(labels): 1, 0, or KC_ERR_INVALID when the selector
 * is invalid.  A NULL/null selector matches nothing; {} matches everything.
 */
int strategy_selector_matches(const json_t *selector, const json_t *labels);
/* Whether a label selector JSON is empty ({} or no requirements). */
int strategy_selector_is_empty(const json_t *selector);

/*
 * field.Invalid(path, newVal, "field is immutable") when new[key] and old[key] differ, with the
 * value rendered by render (NULL: Go %q for strings, numbers bare, else compact JSON).
 */
void strategy_validate_immutable(struct field_errors *errs, const char *path, const json_t *obj,
				 const json_t *old, const char *key,
				 char *(*render)(const json_t *v));

/* ---- Go %#v renderers (malloc()ed, NULL when out of memory) -------------------------------- */

char *go_string_map(const json_t *m);       /* map[string]string{"a":"b"} or (nil) */
char *go_string_slice(const json_t *a);     /* []string{"a", "b"} or (nil) */
char *go_label_selector(const json_t *sel); /* v1.LabelSelector{MatchLabels:..., ...} */
char *go_int_or_string(const json_t *v);    /* intstr.IntOrString{Type:1, ...} */
char *go_value(const json_t *v);            /* %q string, bare number/bool, null, JSON */
/* The end of every renderer: sb's text (new) when r >= 0, else sb released and NULL. */
char *go_render_finish(struct kc_strbuf *sb, int r);
/* field.Invalid with a rendered value; frees nothing of the caller's. */
void strategy_invalid_rendered(struct field_errors *errs, const char *path, const json_t *v,
			       char *(*render)(const json_t *v), const char *detail);

/* ---- shared pod-template machinery (podtemplate.c) ----------------------------------------- */

/* SetDefaults for a PodTemplateSpec (metadata + PodSpec); the one function every workload
 * uses (API-COMPAT DF2). */
int podtemplate_defaults(json_t *template);
/* SetDefaults_PodSpec and everything nested (containers, volumes, probes, ...). */
int podspec_defaults(json_t *spec);
/* SetDefaults_Pod's extra rules (requests from limits, enableServiceLinks, hostNetwork ports). */
int podspec_pod_only_defaults(json_t *spec);

/* Options of pod validation (PodValidationOptions). */
struct pod_validation_opts {
	int resource_is_pod; /* hostNetwork hostPort rule, ... */
	const json_t *pod_meta;
};

/* ValidatePodSpec(spec, podMeta, path, opts). */
void podspec_validate(const json_t *spec, const char *path, const struct pod_validation_opts *o,
		      struct field_errors *errs);
/* ValidatePodTemplateSpec(template, path, opts) (template may be NULL: Required). */
void podtemplate_validate(const json_t *template, const char *path, struct field_errors *errs);
/* ValidatePodSpecificAnnotations(annotations, spec, path). */
void pod_validate_specific_annotations(const json_t *annotations, const json_t *spec,
				       const char *path, struct field_errors *errs);
/* ValidateTolerations(tolerations, path). */
void pod_validate_tolerations(const json_t *tolerations, const char *path,
			      struct field_errors *errs);
/* validateTaintEffect. */
void pod_validate_taint_effect(const char *effect, int allow_empty, const char *path,
			       struct field_errors *errs);
/* ValidateResourceQuantityValue for one resource, and resource-name checks. */
void strategy_validate_resource_quantity(struct field_errors *errs, const char *path,
					 const char *resource, const json_t *value);
void strategy_validate_resource_name(struct field_errors *errs, const char *path, const char *name);
/* ValidatePortNumOrName for an IntOrString JSON (integer or string). */
void strategy_validate_port_num_or_name(struct field_errors *errs, const char *path,
					const json_t *port);
/*
 * ValidatePodTemplateSpecForReplicaSet (also for Deployments): selector match (skipped when
 * selector is NULL; JSON null is a nil selector that matches nothing), template validation,
 * restartPolicy Always, no activeDeadlineSeconds.  what: "ReplicaSet",
 * "ReplicationController".
 */
void workload_validate_template(const json_t *template, const json_t *selector, const char *path,
				const char *what, struct field_errors *errs);
/* spec.selector, or JSON null (a nil selector) when absent; borrowed. */
const json_t *selector_or_nil(const json_t *spec);
/*
 * The spec.selector checks of ValidateReplicaSetSpec/ValidateDeploymentSpec ("empty selector
 * is invalid for <what>"); returns 1 when the selector converts (so the template may be
 * checked against it), 0 when it is invalid.
 */
int workload_validate_selector(const json_t *spec, const char *what, struct field_errors *errs);
/* status.<field> <= status.replicas for each of fields, and availableReplicas <= readyReplicas. */
void workload_validate_replica_counts(const json_t *status, const char *const *fields,
				      struct field_errors *errs);
/* status.<field> >= 0 for each of fields (NULL-terminated). */
void workload_validate_nonnegative_status(const json_t *status, const char *const *fields,
					  struct field_errors *errs);
/* status.collisionCount may not be decremented nor dropped (DaemonSet, Deployment, StatefulSet). */
void workload_validate_collision_count_update(const json_t *status, const json_t *old_status,
					      struct field_errors *errs);
/* ValidateReplicaSetStatusUpdate / ValidateReplicationControllerStatusUpdate: the same checks. */
void workload_validate_replica_status_update(const struct api_resource *res, const json_t *obj,
					     const json_t *old, struct field_errors *errs);
/* The fields (status.replicas) of ReplicaSets and ReplicationControllers. */
extern const struct strategy_field workload_replica_fields[];
/* ValidatePositiveIntOrPercent and IsNotMoreThan100Percent for an IntOrString JSON value. */
void workload_validate_int_or_percent(const json_t *v, const char *path, struct field_errors *errs);
void workload_validate_not_more_than_100(const json_t *v, const char *path,
					 struct field_errors *errs);
/* validateJobSpec (all but the selector) of a JobSpec at path (Jobs and CronJob templates). */
void job_validate_spec_common(const json_t *spec, const char *path, struct field_errors *errs);
/*
 * The defaults of the volume sources held by vol (a pod Volume, or a PersistentVolume spec):
 * secret/configMap/downwardAPI/projected modes, hostPath type, iSCSI, RBD, Azure, ScaleIO;
 * with pod_volume, a volume without any source becomes an emptyDir (SetDefaults_Volume).
 */
int volume_source_defaults(json_t *vol, int pod_volume);
/*
 * GetWarningsForPod / GetWarningsForPodTemplate (pkg/api/pod/warnings.go) over holder's metadata
 * and spec: deprecated node labels, annotations and volume plugins, duplicate host aliases,
 * pull secrets, env and ports, fractional byte quantities, null affinity selectors.  base
 * prefixes every path: NULL for a Pod, "spec.template." for a workload's template.
 */
void pod_template_warnings(const json_t *holder, const char *base, struct kc_strv *warnings);
/* The accessModes list of a PV or PVC spec: known modes, ReadWriteOncePod alone. */
void pv_validate_access_modes(const json_t *spec, const char *path, struct field_errors *errs);
/* storageClassName (DNS subdomain) and volumeMode (Block, Filesystem) of a PV or PVC spec. */
void pv_validate_class_and_volume_mode(const json_t *spec, struct field_errors *errs);
/* GetWarningsForPersistentVolumeClaimSpec: fractional storage requests and limits. */
void pvc_spec_warnings(const json_t *spec, const char *path, struct kc_strv *warnings);
/* The warning of Deployments, ReplicaSets, RCs, Jobs and CronJobs whose name is no DNS label. */
void workload_name_warning(const json_t *obj, struct kc_strv *warnings);
/* pod_template_warnings over the template at template_path ("spec.template"). */
void workload_template_warnings(const json_t *obj, const char *template_path,
				struct kc_strv *warnings);
/* Both: WarningsOnCreate of Deployments, ReplicaSets and ReplicationControllers. */
void workload_warnings(const json_t *obj, const char *template_path, struct kc_strv *warnings);
/* workload_warnings over "spec.template": the warnings_on_create of those three. */
void workload_warnings_on_create(const json_t *obj, struct kc_strv *warnings);
/* WarningsForJobSpec (pkg/api/job/warnings.go) for the JobSpec at path. */
void job_spec_warnings(const json_t *spec, const char *path, struct kc_strv *warnings);
/* SetDefaults_PodFailurePolicyOnPodConditionsPattern over spec.podFailurePolicy. */
int job_pod_failure_policy_defaults(json_t *spec);
/* metadata.creationTimestamp: null on an embedded ObjectMeta at holder.metadata. */
int template_meta_defaults(json_t *holder);
/* PersistentVolumeClaim defaults for an embedded claim (statefulset templates). */
int pvc_defaults_object(json_t *pvc);

#endif
