/*
 * status.h - metav1.Status objects as upstream's apierrors constructors build them
 * (upstream: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go NewNotFound,
 * NewAlreadyExists, NewConflict, NewBadRequest, ..., and handlers/responsewriters/status.go).
 *
 * Every non-2xx JSON answer of the apiserver is one of these, so kubectl prints upstream's
 * familiar "Error from server (NotFound): pods "x" not found".  All constructors return a new
 * reference (NULL only when out of memory).
 */
#ifndef KUBE_APISERVER_STATUS_H
#define KUBE_APISERVER_STATUS_H

#include <jansson.h>

struct api_resource;

/* "pods" for core, "deployments.apps" otherwise (schema.GroupResource.String()). */
char *status_qualified_resource(const struct api_resource *res);

/* A Failure Status for r (reason and code from libkcommon/errors.c) with message. */
json_t *status_new(int r, const char *message);

/* `<resource> "<name>" not found`, details {name, group, kind: <resource>}. */
json_t *status_not_found(const struct api_resource *res, const char *name);
/* `<resource> "<name>" already exists`. */
json_t *status_already_exists(const struct api_resource *res, const char *name);
/* `Operation cannot be fulfilled on <resource> "<name>": <detail>`. */
json_t *status_conflict(const struct api_resource *res, const char *name, const char *detail);
/* The optimistic-lock detail of a stale resourceVersion (upstream OptimisticLockErrorMsg). */
extern const char status_optimistic_lock_message[];

/* {"kind":"Status",...,"status":"Success","code":code} with optional details. */
json_t *status_success(int code, const struct api_resource *res, const char *name,
		       const char *uid);

/* The HTTP code a Status carries (its "code"), 500 when absent. */
int status_code(const json_t *status);

#endif
