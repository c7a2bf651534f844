/*
 * scale.h - the scale subresource of deployments, replicasets, statefulsets and
 * replicationcontrollers (upstream: pkg/registry/apps/deployment/storage/storage.go ScaleREST,
 * scaleFromDeployment, scaleUpdatedObjectInfo; the same for replicasets, statefulsets and
 * core/replicationcontroller/storage; apis/autoscaling/validation ValidateScale).
 *
 * A Scale is a view of its parent: {"kind":"Scale","apiVersion":"autoscaling/v1",
 * "metadata":{name,namespace,uid,resourceVersion,creationTimestamp},"spec":{"replicas":N},
 * "status":{"replicas":M,"selector":"app=web"}}, the selector as label selector text.  Writes to
 * it become writes of the parent's spec.replicas, with the Scale's resourceVersion as the
 * parent's precondition.
 */
#ifndef KUBE_APISERVER_REGISTRY_SCALE_H
#define KUBE_APISERVER_REGISTRY_SCALE_H

#include <jansson.h>

struct api_resource;

/* Whether res has a scale subresource served by this file. */
int scale_supported(const struct api_resource *res);

/* The Scale of parent (borrowed); a new reference, NULL when out of memory. */
json_t *scale_from_object(const struct api_resource *res, const json_t *parent);

/*
 * The parent updated from scale (scaleUpdatedObjectInfo.UpdatedObject): a deep copy of parent
 * with spec.replicas and metadata.resourceVersion from the Scale.  Returns 0 with *ret_obj, or
 * < 0 with a Status in *ret_status: 422 Invalid (Scale "x" is invalid: spec.replicas: ... must
 * be greater than or equal to 0), 400 (not a Scale, another name).
 */
int scale_apply(const struct api_resource *res, const json_t *parent, const json_t *scale,
		json_t **ret_obj, json_t **ret_status);

#endif
