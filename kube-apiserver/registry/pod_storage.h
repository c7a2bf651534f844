/*
 * pod_storage.h - the pod subresources that are not plain updates: binding (the scheduler's
 * POST .../pods/<p>/binding, or .../bindings) and eviction (drain's POST .../pods/<p>/eviction)
 * (upstream: pkg/registry/core/pod/storage/storage.go BindingREST.Create, setPodNodeAndMetadata,
 * eviction.go EvictionREST.Create, canIgnorePDB; pkg/apis/core/validation ValidatePodBinding).
 *
 * Pure functions on jansson objects; the handler (endpoints/pod_subresources.c) runs them
 * inside the pod's GuaranteedUpdate or before its delete.
 */
#ifndef KUBE_APISERVER_REGISTRY_POD_STORAGE_H
#define KUBE_APISERVER_REGISTRY_POD_STORAGE_H

#include <jansson.h>

/*
 * The checks of BindingREST.Create before the update: the Binding's name must be url_name
 * (400 "name in URL does not match name in Binding object"), target.kind empty or "Node" and
 * target.name set (ValidatePodBinding; upstream returns them as a 500 InternalError).  0, or
 * < 0 with a Status in *ret_status.
 */
int pod_binding_check(const json_t *binding, const char *url_name, json_t **ret_status);

/*
 * setPodNodeAndMetadata on a copy of pod: spec.nodeName from the Binding's target, its
 * annotations merged into the pod's, condition PodScheduled=True.  0 with *ret_pod, or
 * KC_ERR_CONFLICT with *ret_err (malloc()ed) "pod x is being deleted, cannot be assigned to a
 * host", "pod x is already assigned to node \"n\"", "pod x has non-empty
 * .spec.schedulingGates"; KC_ERR_NOMEM.
 */
int pod_binding_assign(const json_t *pod, const json_t *binding, int64_t now_ns, json_t **ret_pod,
		       char **ret_err);

/* EvictionREST.Create's name check: 0, or 400 "name in URL does not match name in Eviction
 * object" in *ret_status. */
int pod_eviction_check(const json_t *eviction, const char *url_name, json_t **ret_status);

/* canIgnorePDB: terminal, pending or already deleting pods are evicted without a budget check. */
int pod_eviction_ignores_pdb(const json_t *pod);

#endif
