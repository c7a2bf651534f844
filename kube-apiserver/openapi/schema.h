/*
 * schema.h - the schema index: the rows of schemas_*.c turned into named OpenAPI 3.0 schema
 * objects, each knowing which others it references (upstream: the OpenAPIDefinitions that
 * kube-openapi generates, and the builder3 step that keeps only the referenced definitions in
 * each group-version document).
 *
 * Built once at startup and read-only afterwards, so any thread may read it.
 */
#ifndef KUBE_APISERVER_OPENAPI_SCHEMA_H
#define KUBE_APISERVER_OPENAPI_SCHEMA_H

#include <stddef.h>

#include <jansson.h>

struct openapi_row;
struct openapi_schemas;

/* The component path every $ref starts with. */
#define OPENAPI_SCHEMA_REF_PREFIX "#/components/schemas/"

/*
 * Indexes and renders the row tables (a NULL-terminated array; NULL means the built-in
 * schemas_*.c tables).  gvk_all (borrowed; NULL for none) is the array of {group, version}
 * objects that a type marked gvk=* lists in its x-kubernetes-group-version-kind, with its own
 * name as the kind.  On failure returns KC_ERR_PARSE (bad spec, unknown type, duplicate
 * name) or KC_ERR_NOMEM, leaves *ret NULL and writes what was wrong into err (when non-NULL).
 */
int openapi_schemas_load(struct openapi_schemas **ret, const struct openapi_row *const *tables,
			 json_t *gvk_all, char *err, size_t errlen);

/* Frees s (NULL is fine); returns NULL. */
struct openapi_schemas *openapi_schemas_free(struct openapi_schemas *s);

/* Number of schemas; they are indexed 0..n-1 in name order. */
size_t openapi_schemas_count(const struct openapi_schemas *s);

/* Index of the schema called name, or -1. */
long openapi_schemas_find(const struct openapi_schemas *s, const char *name);

/* Name (borrowed) and schema object (borrowed; never modify it) of index i. */
const char *openapi_schemas_name(const struct openapi_schemas *s, size_t i);
json_t *openapi_schemas_json(const struct openapi_schemas *s, size_t i);

/* Index of the schema whose x-kubernetes-group-version-kind lists group/version/kind, or -1. */
long openapi_schemas_for_gvk(const struct openapi_schemas *s, const char *group,
			     const char *version, const char *kind);

/*
 * Sets marks[i] and the mark of every schema i references, directly or not (marks has
 * openapi_schemas_count() bytes).  Already marked schemas are not walked again.
 */
void openapi_schemas_mark(const struct openapi_schemas *s, size_t i, unsigned char *marks);

#endif
