/*
 * field_validation.h - the fieldValidation query parameter and strict decoding against the
 * OpenAPI schemas: unknown and duplicate fields of a request body, reported as upstream's
 * strict decoder does and always pruned before the object is stored (upstream:
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go fieldValidation,
 * create.go/update.go/patch.go strict decoding and addStrictDecodingWarnings,
 * apimachinery/pkg/runtime/error.go strictDecodingError, sigs.k8s.io/json UnmarshalStrict,
 * apimachinery/pkg/apis/meta/v1/validation ValidateFieldValidation).
 *
 * The schemas are the ones /openapi/v3 serves (openapi.h), so the documents kubectl reads and
 * what the server accepts have one source.  A kind without a schema is not checked.
 *
 * Error texts are sigs.k8s.io/json's: `unknown field "spec.foo"`, `duplicate field
 * "metadata.name"`; paths join fields with '.', map keys with '.', list items as "[i]".
 */
#ifndef KUBE_APISERVER_ENDPOINTS_FIELD_VALIDATION_H
#define KUBE_APISERVER_ENDPOINTS_FIELD_VALIDATION_H

#include <stddef.h>

#include <jansson.h>

struct kc_strv;

/* metav1.FieldValidation{Ignore,Warn,Strict}; Warn is the server's default. */
enum field_validation {
	FIELD_VALIDATION_WARN = 0,
	FIELD_VALIDATION_IGNORE,
	FIELD_VALIDATION_STRICT,
};

/*
 * The directive of a fieldValidation value ("" or NULL: Warn).  0, or KC_ERR_INVALID for any
 * other value (upstream answers 422 `fieldValidation: Unsupported value: ...`).
 */
int field_validation_parse(const char *value, enum field_validation *ret);

/* The values upstream lists as supported, sorted, NULL-terminated: "", Ignore, Strict, Warn. */
extern const char *const field_validation_values[];

/*
 * The schema (borrowed, read-only) of objects of group/version/kind ("" group for core), or
 * NULL when the kind has none (nothing is checked then).  Needs openapi_build().
 */
const json_t *field_validation_schema(const char *group, const char *version, const char *kind);
/* The same from an object's apiVersion and kind. */
const json_t *field_validation_schema_of(const json_t *obj);

/*
 * The strict errors of the JSON text (which must parse) in document order: unknown fields per
 * schema (NULL: none are unknown) and duplicate fields, appended to errs.  0, or KC_ERR_NOMEM
 * or KC_ERR_PARSE (text not JSON).
 */
int field_validation_scan_json(const char *text, size_t len, const json_t *schema,
			       struct kc_strv *errs);

/*
 * Removes the fields of obj that schema does not know, at every depth; with errs non-NULL
 * appends an `unknown field` error for each, in obj's key order.  0 or KC_ERR_NOMEM.
 */
int field_validation_prune(json_t *obj, const json_t *schema, struct kc_strv *errs);

/* "strict decoding error: <e1>, <e2>" (runtime.NewStrictDecodingError); NULL when out of
 * memory.  malloc()ed. */
char *field_validation_message(const struct kc_strv *errs);

/*
 * A JSON value as Go's fmt %+v prints the map[string]interface{} it decodes into
 * ("map[a:1 b:[x y]]", keys sorted), as upstream's SMP errors quote the patch.  malloc()ed;
 * NULL when out of memory.
 */
char *field_validation_go_value(const json_t *v);

#endif
