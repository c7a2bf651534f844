/*
 * field_errors.h - field.ErrorList for kube-apiserver validation, and the 422 Invalid Status it
 * becomes (upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go and
 * NewInvalid in staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go).
 *
 * A list collects every error a validator finds, in order, each as {type, field path, body},
 * where the body is upstream's ErrorBody() ("Required value", "Invalid value: \"X\": detail")
 * and the full message is "<field>: <body>".  The text comes from libkcommon/validation.h's
 * builders, so messages are written in one place.
 *
 * Adders never fail visibly: on allocation failure the list remembers it (nomem) and
 * field_errors_to_status() reports an InternalError instead, so validators need no error
 * paths.  Paths are dotted strings as field.Path prints them ("spec.containers[0].image",
 * "metadata.labels[app]"); the fpath_*() helpers build them into caller buffers.
 */
#ifndef KUBE_APISERVER_FIELD_ERRORS_H
#define KUBE_APISERVER_FIELD_ERRORS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* field.ErrorType; the cause "reason" is field_error_reason(). */
enum field_error_type {
	FIELD_ERR_NOT_FOUND,     /* FieldValueNotFound */
	FIELD_ERR_REQUIRED,      /* FieldValueRequired */
	FIELD_ERR_DUPLICATE,     /* FieldValueDuplicate */
	FIELD_ERR_INVALID,       /* FieldValueInvalid */
	FIELD_ERR_NOT_SUPPORTED, /* FieldValueNotSupported */
	FIELD_ERR_FORBIDDEN,     /* FieldValueForbidden */
	FIELD_ERR_TOO_LONG,      /* FieldValueTooLong */
	FIELD_ERR_TOO_MANY,      /* FieldValueTooMany */
	FIELD_ERR_INTERNAL,      /* InternalError */
};

struct field_error {
	enum field_error_type type;
	char *field; /* "spec.containers[0].image" */
	char *body;  /* ErrorBody(): "Required value", "Invalid value: \"X\": ..." */
};

struct field_errors {
	struct field_error *v;
	size_t n;
	size_t alloc;
	int nomem; /* an add failed for lack of memory */
};

#define FIELD_ERRORS_INIT     \
	{                     \
		NULL, 0, 0, 0 \
	}

void field_errors_release(struct field_errors *errs);

/* "FieldValueRequired", ... (metav1.CauseType). */
const char *field_error_reason(enum field_error_type type);

/* "<field>: <body>" (field.Error.Error()), malloc()ed; NULL when out of memory. */
char *field_error_message(const struct field_error *e);

/* field.Required(path, detail): detail may be "" or NULL. */
void field_errors_required(struct field_errors *errs, const char *path, const char *detail);
/* field.Invalid with a string value (printed as Go's %q). */
void field_errors_invalid(struct field_errors *errs, const char *path, const char *value,
			  const char *detail);
/* field.Invalid with an integer value (int32/int64 print bare). */
void field_errors_invalid_int(struct field_errors *errs, const char *path, int64_t value,
			      const char *detail);
/* field.Invalid with a bool value. */
void field_errors_invalid_bool(struct field_errors *errs, const char *path, int value,
			       const char *detail);
/*
 * field.Invalid with a value already rendered as Go prints it (e.g. `map[string]string{"a":"b"}`,
 * `[]string{"x"}`, `v1.LabelSelector{...}`, `null`); see strategy_go_*() for renderers.
 */
void field_errors_invalid_raw(struct field_errors *errs, const char *path, const char *raw,
			      const char *detail);
void field_errors_forbidden(struct field_errors *errs, const char *path, const char *detail);
void field_errors_duplicate(struct field_errors *errs, const char *path, const char *value);
/* field.Duplicate with a value rendered as Go prints it. */
void field_errors_duplicate_raw(struct field_errors *errs, const char *path, const char *raw,
				const char *detail);
void field_errors_not_found(struct field_errors *errs, const char *path, const char *value,
			    const char *detail);
/* field.NotSupported(path, value, valid): valid is NULL-terminated (may be NULL). */
void field_errors_not_supported(struct field_errors *errs, const char *path, const char *value,
				const char *const *valid);
/* field.NotSupported with a value rendered as Go prints it. */
void field_errors_not_supported_raw(struct field_errors *errs, const char *path, const char *raw,
				    const char *const *valid);
void field_errors_too_long(struct field_errors *errs, const char *path, int64_t max);
void field_errors_too_many(struct field_errors *errs, const char *path, int64_t actual,
			   int64_t max);
void field_errors_internal(struct field_errors *errs, const char *path, const char *detail);

/*
 * Adds an error already written as "<path>: <body>" (libkcommon/validation.h checks that
 * return whole field errors); the type is read from the body ("Required value", ...).
 */
void field_errors_add_message(struct field_errors *errs, const char *path, const char *message);
/* Appends every error of src to dst (copies). */
void field_errors_append(struct field_errors *dst, const struct field_errors *src);

/* Index of the first error whose field is path (and type, unless type < 0), or -1. */
int field_errors_find(const struct field_errors *errs, const char *path, int type);

/*
 * NewInvalid(qualifiedKind, name, errs) as a metav1.Status (new reference):
 *   {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
 *    "message":"Deployment.apps \"web\" is invalid: [a, b]","reason":"Invalid",
 *    "details":{"name","group","kind","causes":[{"reason","message","field"}]},"code":422}
 * One error: no brackets; none: "... is invalid".  Duplicate messages appear once in the
 * message, every error appears in causes.  group "" is the core group (omitted, as omitempty).
 * A list that ran out of memory gives a 500 InternalError Status.  NULL when out of memory.
 */
json_t *field_errors_to_status(const struct field_errors *errs, const char *group, const char *kind,
			       const char *name);

/* The aggregated message alone ("[a, b]", "a", ""); malloc()ed, NULL when out of memory. */
char *field_errors_aggregate(const struct field_errors *errs);

/* ---- paths --------------------------------------------------------------------------------- */

#define FPATH_MAX 512

/* parent.child ("child" alone when parent is "" or NULL); returns buf, which may be parent
 * itself.  buf holds FPATH_MAX bytes; longer paths are cut. */
char *fpath_child(char *buf, const char *parent, const char *child);
/* parent[i] */
char *fpath_index(char *buf, const char *parent, size_t i);
/* parent[key] (field.Path.Key) */
char *fpath_key(char *buf, const char *parent, const char *key);
/* parent.child[i] */
char *fpath_child_index(char *buf, const char *parent, const char *child, size_t i);

#endif
