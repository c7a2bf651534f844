/*
 * status.c - metav1.Status constructors (upstream: apimachinery/pkg/api/errors/errors.go).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"

const char status_optimistic_lock_message[] =
	"the object has been modified; please apply your changes to the latest version and try again";

char *
status_qualified_resource(const struct api_resource *res)
{
	char *s;

	if (*res->group == '\0')
		s = strdup(res->resource);
	else if (asprintf(&s, "%s.%s", res->resource, res->group) < 0)
		s = NULL;
	return s;
}

/* kind, apiVersion, metadata, status: the fields before upstream's message/reason/details. */
static json_t *
status_base(const char *status)
{
	return json_pack("{s:s, s:s, s:{}, s:s}", "kind", "Status", "apiVersion", "v1", "metadata",
			 "status", status);
}

/* "code" goes last, as upstream's Status serializes. */
static json_t *
status_finish(json_t *s, int code)
{
	if (s != NULL && json_object_set_new(s, "code", json_integer(code)) < 0) {
		json_decref(s);
		return NULL;
	}
	return s;
}

/* details {name, group, kind}; group omitted when empty (omitempty), as upstream. */
static json_t *
details_new(const struct api_resource *res, const char *name)
{
	json_t *d = json_pack("{s:s}", "name", name);

	if (d != NULL && *res->group != '\0')
		json_object_set_new(d, "group", json_string(res->group));
	if (d != NULL)
		json_object_set_new(d, "kind", json_string(res->resource));
	return d;
}

/* A Failure Status without its code yet (details may still follow). */
static json_t *
status_failure(int r, const char *message)
{
	json_t *s = status_base("Failure");

	if (s == NULL)
		return NULL;
	json_object_set_new(s, "message", json_string(message != NULL ? message : ""));
	json_object_set_new(s, "reason", json_string(kc_err_reason(r)));
	return s;
}

json_t *
status_new(int r, const char *message)
{
	return status_finish(status_failure(r, message), kc_err_http_status(r));
}

/* A failure about one named object: details {name, group, kind} with kind the plural resource,
 * as upstream's NewNotFound/NewAlreadyExists/NewConflict fill it. */
static json_t *
status_about(int r, const struct api_resource *res, const char *name, const char *message)
{
	json_t *s = status_failure(r, message);
	json_t *details = details_new(res, name);

	if (s == NULL || details == NULL) {
		json_decref(s);
		json_decref(details);
		return NULL;
	}
	json_object_set_new(s, "details", details);
	return status_finish(s, kc_err_http_status(r));
}

/* "<prefix><resource> \"<name>\"<suffix>" */
static json_t *
status_aboutf(int r, const struct api_resource *res, const char *name, const char *prefix,
	      const char *suffix)
{
	char *qr = status_qualified_resource(res);
	char *msg = NULL;
	json_t *s = NULL;

	if (qr != NULL && asprintf(&msg, "%s%s \"%s\"%s", prefix, qr, name, suffix) >= 0)
		s = status_about(r, res, name, msg);
	free(qr);
	free(msg);
	return s;
}

json_t *
status_not_found(const struct api_resource *res, const char *name)
{
	return status_aboutf(KC_ERR_NOT_FOUND, res, name, "", " not found");
}

json_t *
status_already_exists(const struct api_resource *res, const char *name)
{
	return status_aboutf(KC_ERR_ALREADY_EXISTS, res, name, "", " already exists");
}

json_t *
status_conflict(const struct api_resource *res, const char *name, const char *detail)
{
	char *suffix = NULL;
	json_t *s = NULL;

	if (asprintf(&suffix, ": %s", detail) >= 0)
		s = status_aboutf(KC_ERR_CONFLICT, res, name, "Operation cannot be fulfilled on ",
				  suffix);
	free(suffix);
	return s;
}

json_t *
status_success(int code, const struct api_resource *res, const char *name, const char *uid)
{
	json_t *s = status_base("Success");
	json_t *details;

	if (s == NULL || res == NULL)
		return status_finish(s, code);
	details = details_new(res, name);
	if (details != NULL && uid != NULL)
		json_object_set_new(details, "uid", json_string(uid));
	json_object_set_new(s, "details", details != NULL ? details : json_object());
	return status_finish(s, code);
}

int
status_code(const json_t *status)
{
	json_int_t code = json_integer_value(json_object_get(status, "code"));

	return code >= 100 && code < 600 ? (int)code : 500;
}
