/*
 * strategy.h - per-resource create/update strategies of kube-apiserver: defaulting, the
 * server-owned field resets, validation with upstream's field errors, warnings, field
 * selectors and version conversion (upstream: pkg/registry/<group>/<resource>/strategy.go,
 * pkg/apis/<group>/v1/defaults.go, pkg/apis/<group>/validation, and the generic rules of
 * staging/src/k8s.io/apiserver/pkg/registry/rest/{create,update}.go BeforeCreate/BeforeUpdate).
 *
 * Everything here is a pure function on jansson objects: no I/O and no randomness; the one clock
 * read is a PersistentVolume's status.lastPhaseTransitionTime on a phase change.  The handler
 * owns the rest and calls, in upstream's order:
 *
 *   create:  decode body -> strategy_to_storage() (events.k8s.io shapes) -> strategy_defaults()
 *            -> set uid, creationTimestamp, name from generateName ("Init metadata as early as
 *            possible", store.go) -> strategy_prepare_for_create() -> admission (mutating) ->
 *            strategy_validate_create() -> 422 from field_errors_to_status() if any error ->
 *            [service: allocate ClusterIPs/NodePorts] -> write.
 *   update:  read old -> apply body/patch -> strategy_to_storage() -> strategy_defaults() ->
 *            for an unconditional update copy old's resourceVersion into the new object ->
 *            strategy_prepare_for_update() (or _status_update() for /status) ->
 *            strategy_validate_update() (or _status_update()) -> write unless equal to old.
 *   read:    strategy_from_storage() gives the shape of the requested API (events).
 *   patch:   for a resource with conversions, the patch applies to
 *            strategy_from_storage(old) and the result goes through strategy_to_storage();
 *            `old` given to the steps below is always the stored shape.
 *
 * Objects passed as `obj` are changed in place; `old` is never changed.  Validators append to
 * a struct field_errors (see field_errors.h) and report every error, not only the first.
 * Functions returning int give 0 or a negative KC_ERR_*; allocation failures inside defaults
 * or prepare steps are reported as KC_ERR_NOMEM and leave obj partly changed (the caller then
 * answers 500 and discards obj).
 *
 * Admission-time defaults are not here (they are admission plugins upstream): ServiceAccount
 * (spec.serviceAccountName "default", token volume), Priority (spec.priority from the
 * PriorityClass, preemptionPolicy), DefaultTolerationSeconds (not-ready/unreachable
 * tolerations), LimitRanger (resource defaults), DefaultStorageClass.
 */
#ifndef KUBE_APISERVER_STRATEGY_H
#define KUBE_APISERVER_STRATEGY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-apiserver/registry/field_errors.h"

struct api_resource;
struct kc_field_selector;
struct kc_strv;

/* How metadata.name (and generateName, as a prefix) is checked: ValidateNameFunc. */
enum strategy_name_rule {
	NAME_DNS1123_SUBDOMAIN = 0, /* NameIsDNSSubdomain: most kinds */
	NAME_DNS1123_LABEL,         /* NameIsDNSLabel: namespaces, statefulsets */
	NAME_DNS1035_LABEL,         /* NameIsDNS1035Label: services */
	NAME_PATH_SEGMENT,          /* path.ValidatePathSegmentName: RBAC, events */
	NAME_NONE,                  /* the kind's validator checks the name itself */
};

/* Flags of struct api_strategy. */
enum {
	/* metadata.generation is 1 on create and +1 on updates that change the object's spec
	 * (strategy_spec_changed() unless the kind has its own prepare_for_update). */
	STRATEGY_GENERATION = 1 << 0,
	/* A status subresource: create resets .status, main-resource updates keep old .status,
	 * /status updates keep old .spec. */
	STRATEGY_STATUS = 1 << 1,
};

/* A field-selector label a kind supports (beyond metadata.name and metadata.namespace). */
struct strategy_field {
	const char *label;    /* as clients write it: "spec.nodeName", "regarding.kind" */
	const char *internal; /* the field-set key it selects on; NULL: label itself */
	const char *path;     /* dotted path of its value in the stored object; NULL: computed */
	char type;            /* 's' string (absent ""), 'i' integer (absent "0"), 'b' bool */
};

/*
 * One resource's strategy.  Every hook may be NULL, meaning "nothing more than the generic
 * rule" described at each strategy_*() wrapper below.  Hooks receive the registry row of the
 * request so one strategy can serve two API versions (core/v1 and events.k8s.io/v1 events).
 */
struct api_strategy {
	const char *kind; /* for messages and the table test */
	unsigned int flags;
	enum strategy_name_rule name_rule;

	/* SetDefaults_<Kind> and the defaults of everything nested in it. */
	int (*defaults)(json_t *obj);
	int (*prepare_for_create)(json_t *obj);
	int (*prepare_for_update)(json_t *obj, const json_t *old);
	int (*prepare_for_status_update)(json_t *obj, const json_t *old);

	void (*validate)(const struct api_resource *res, const json_t *obj,
			 struct field_errors *errs);
	void (*validate_update)(const struct api_resource *res, const json_t *obj,
				const json_t *old, struct field_errors *errs);
	void (*validate_status_update)(const struct api_resource *res, const json_t *obj,
				       const json_t *old, struct field_errors *errs);
	/* WarningsOnCreate: pushes "Warning: 299" texts. */
	void (*warnings_on_create)(const json_t *obj, struct kc_strv *warnings);

	/* Field selectors: the labels (NULL-terminated by a NULL label) and, for computed
	 * values, a getter writing into buf (returns the value, or NULL to use .path). */
	const struct strategy_field *fields;
	const char *(*field_value)(const json_t *obj, const char *internal, char *buf, size_t size);

	/* Conversion between the request's API shape and the stored shape (events.k8s.io/v1
	 * events are stored as core/v1 events).  New references; NULL when out of memory. */
	json_t *(*to_storage)(const struct api_resource *res, const json_t *obj);
	json_t *(*from_storage)(const struct api_resource *res, const json_t *obj);
};

/* ---- the table (strategies.c) ------------------------------------------------------------ */

/*
 * The strategy of group/resource (any version), or the generic one (name rule DNS-1123
 * subdomain, no generation, no status) for stored resources not listed; NULL for resources
 * that are never stored (reviews, bindings).
 */
const struct api_strategy *strategy_lookup(const char *group, const char *resource);
/* strategy_lookup() for a registry row. */
const struct api_strategy *strategy_for(const struct api_resource *res);
/* Whether group/resource has its own table row (tests). */
int strategy_has_row(const char *group, const char *resource);

/* ---- the steps (strategy.c) ------------------------------------------------------------- */

/*
 * Defaults: the kind's SetDefaults_* plus metadata normalisation shared by all kinds (empty
 * labels, annotations, finalizers and ownerReferences maps/lists are dropped: omitempty).
 * Idempotent.
 */
int strategy_defaults(const struct api_resource *res, json_t *obj);

/*
 * BeforeCreate's resets: deletionTimestamp, deletionGracePeriodSeconds and managedFields
 * cleared; .status reset for STRATEGY_STATUS kinds; generation 1 for STRATEGY_GENERATION
 * kinds; then the kind's PrepareForCreate (pods: phase Pending and qosClass; namespaces:
 * finalizer and phase; jobs: selector from metadata.uid, so uid must be set before).
 */
int strategy_prepare_for_create(const struct api_resource *res, json_t *obj);

/*
 * BeforeUpdate's resets: generation starts from old's (clients cannot set it), old .status is
 * kept for STRATEGY_STATUS kinds, then the kind's PrepareForUpdate (generation bump, ...);
 * finally uid (when empty), creationTimestamp, deletionTimestamp and
 * deletionGracePeriodSeconds (when absent) come from old.
 */
int strategy_prepare_for_update(const struct api_resource *res, json_t *obj, const json_t *old);

/*
 * The status subresource: as strategy_prepare_for_update() with the kind's status strategy
 * (default: old .spec kept; deployments also keep old labels; pods keep old spec and
 * ownerReferences but take new labels/annotations, nodes take all new metadata).
 */
int strategy_prepare_for_status_update(const struct api_resource *res, json_t *obj,
				       const json_t *old);

/*
 * Create validation as BeforeCreate: the kind's Validate (default: ValidateObjectMeta with the
 * kind's name rule); only when that passes, the generic ObjectMeta check (path segment names,
 * namespace presence per scope).
 */
void strategy_validate_create(const struct api_resource *res, const json_t *obj,
			      struct field_errors *errs);

/*
 * Update validation as BeforeUpdate: the common metadata checks (ValidateObjectMetaAccessor +
 * ValidateObjectMetaAccessorUpdate) then the kind's ValidateUpdate (default: metadata update
 * rules plus the kind's Validate on the new object).
 */
void strategy_validate_update(const struct api_resource *res, const json_t *obj, const json_t *old,
			      struct field_errors *errs);
void strategy_validate_status_update(const struct api_resource *res, const json_t *obj,
				     const json_t *old, struct field_errors *errs);

/* WarningsOnCreate texts pushed to warnings. */
void strategy_warnings_on_create(const struct api_resource *res, const json_t *obj,
				 struct kc_strv *warnings);

/*
 * The 422 Status for errs about obj, with res's kind and group (NewInvalid).  New reference,
 * NULL when out of memory.
 */
json_t *strategy_invalid_status(const struct api_resource *res, const json_t *obj,
				const struct field_errors *errs);

/* Conversions: new references (a copy when the resource needs none); NULL on ENOMEM. */
json_t *strategy_to_storage(const struct api_resource *res, const json_t *obj);
json_t *strategy_from_storage(const struct api_resource *res, const json_t *obj);

/* ---- generation ---------------------------------------------------------------------------- */

/*
 * Whether anything outside metadata, status, kind and apiVersion differs between obj and old
 * (what upstream's DeepEqual(new.Spec, old.Spec) means for kinds whose content is .spec).
 */
int strategy_spec_changed(const json_t *obj, const json_t *old);
/* BeforeDelete's bump when deletionTimestamp is first set: generation+1 when it is > 0. */
int strategy_bump_generation_for_delete(json_t *obj);

/* ---- field selectors ---------------------------------------------------------------------- */

/*
 * Whether label is a field label of res (metadata.name and metadata.namespace always are);
 * *ret_internal (may be NULL) gets the canonical name it selects on, borrowed.
 */
int strategy_field_label_supported(const struct api_resource *res, const char *label,
				   const char **ret_internal);
/*
 * Rewrites every requirement of sel to its canonical label (ConvertFieldLabel), or fails with
 * KC_ERR_BAD_REQUEST and *ret_err = "field label not supported: <label>" (malloc()ed).
 */
int strategy_field_selector_convert(const struct api_resource *res, struct kc_field_selector *sel,
				    char **ret_err);
/*
 * The value of a canonical field of stored obj ("" for absent strings, "0" for absent
 * numbers, "false" for absent bools), written to buf (size >= 64) or borrowed from obj.
 * Never NULL; unknown fields give "".
 */
const char *strategy_field_value(const struct api_resource *res, const json_t *obj,
				 const char *internal, char *buf, size_t size);
/* Whether stored obj matches sel (already converted): 1 or 0. */
int strategy_field_selector_matches(const struct api_resource *res,
				    const struct kc_field_selector *sel, const json_t *obj);
/* The supported labels of res, pushed to out (metadata ones first); 0 or KC_ERR_NOMEM. */
int strategy_field_labels(const struct api_resource *res, struct kc_strv *out);

/* ---- hooks for other registry code ------------------------------------------------------- */

/* pods/binding: ValidatePodBinding (target.kind Node or empty, target.name required). */
void pod_validate_binding(const json_t *binding, struct field_errors *errs);
/*
 * pods/ephemeralcontainers: only spec.ephemeralContainers changes (old spec, status and
 * ResetObjectMetaForStatus otherwise); existing ephemeral containers may be neither removed
 * nor changed, static pods have none (ValidatePodEphemeralContainersUpdate).
 */
int pod_prepare_for_ephemeral_containers_update(json_t *pod, const json_t *old);
void pod_validate_ephemeral_containers_update(const json_t *pod, const json_t *old,
					      struct field_errors *errs);

/* Pod QoS class (GetPodQOS): "Guaranteed", "Burstable" or "BestEffort". */
const char *pod_qos_class(const json_t *pod);

/*
 * Services: the allocator owns ClusterIP/NodePort allocation.  These are the pure parts it
 * builds on: which families/policy a new service gets on a single-stack cluster of family
 * primary ("IPv4"/"IPv6"), and, on update, the allocated values a client may omit, copied
 * from old (patchAllocatedValues).
 */
int service_init_ip_families(json_t *svc, const char *primary_family);
int service_patch_allocated_values(json_t *svc, const json_t *old);
/* Whether the service needs ClusterIPs / NodePorts / a healthCheckNodePort allocated. */
int service_needs_cluster_ip(const json_t *svc);
int service_needs_node_ports(const json_t *svc);
int service_needs_health_check_node_port(const json_t *svc);

/*
 * The namespaces/finalize subresource: only spec.finalizers changes (status and generation
 * come from old), validated by ValidateNamespaceFinalizeUpdate.
 */
int namespace_prepare_for_finalize(json_t *ns, const json_t *old);
void namespace_validate_finalize(const json_t *ns, const json_t *old, struct field_errors *errs);

/* The certificatesigningrequests/approval subresource: old spec, status and certificate,
 * new Approved/Denied conditions (validated as a status update). */
int csr_prepare_for_approval(json_t *csr, const json_t *old);

/* cron.ParseStandard(spec) for CronJob schedules: 0, or -1 with robfig/cron's message in err
 * (size >= 512); KC_ERR_NOMEM. */
int cronjob_parse_schedule(const char *spec, char *err, size_t size);

/* --allow-privileged (upstream default false): whether privileged containers validate. */
void podspec_set_allow_privileged(int allow);

/* events.k8s.io/v1 <-> core/v1 Event (new references, NULL when out of memory). */
json_t *event_core_from_events_v1(const json_t *ev);
json_t *event_events_v1_from_core(const json_t *ev);

#endif
