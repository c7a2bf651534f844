/*
 * table.h - the transformed responses of kube-apiserver: meta.k8s.io Table (kubectl get) and
 * PartialObjectMetadata / PartialObjectMetadataList (the metadata client of the garbage
 * collector and namespace controller) built from stored objects (upstream:
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go asTable,
 * asPartialObjectMetadata, asPartialObjectMetadataList, watchEmbeddedEncoder;
 * pkg/printers/tablegenerator.go GenerateTable; apimachinery meta/v1 validation
 * ValidateTableOptions).
 *
 * The results share structure with their input: a row's "object" and a PartialObjectMetadata's
 * "metadata" hold references to the objects passed in (json_incref, no copy), which is safe
 * because stored objects are immutable.  Neither the inputs nor the shared parts of a result
 * may be modified afterwards; json_deep_copy() the result first if it must be changed.
 *
 * Errors map to upstream's Status: KC_ERR_BAD_REQUEST (400) for a bad includeObject,
 * KC_ERR_INTERNAL (500) for an object the printer cannot print, KC_ERR_INVALID for input that
 * is not a JSON object (a caller bug), KC_ERR_NOMEM.
 */
#ifndef KUBE_APISERVER_REGISTRY_TABLE_H
#define KUBE_APISERVER_REGISTRY_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct api_resource;

/* metav1.IncludeObjectPolicy: what each row's "object" holds. */
enum table_include {
	TABLE_INCLUDE_METADATA = 0, /* a PartialObjectMetadata (the default) */
	TABLE_INCLUDE_NONE,         /* null */
	TABLE_INCLUDE_OBJECT,       /* the whole object */
};

/*
 * The includeObject query parameter: NULL or "" is Metadata; "None", "Metadata", "Object".
 * Anything else is KC_ERR_BAD_REQUEST with *ret_err (malloc()ed, may be NULL) set to upstream's
 * message: `Unable to convert to Table as requested: includeObject: Invalid value: "x": must be
 * 'Metadata', 'Object', 'None', or empty`.
 */
int table_include_parse(const char *s, enum table_include *ret, char **ret_err);

struct table_options {
	enum table_include include_object;
	/* TableOptions.NoHeaders: "columnDefinitions": null.  Upstream sets it for every watch
	 * event after the first, so a watch sends the columns once. */
	int no_headers;
	/* meta.k8s.io/v1beta1 instead of v1 for the Table and PartialObjectMetadata kinds. */
	int v1beta1;
	int64_t now_ns; /* "now" for AGE columns: kc_meta_now(), fixed in tests */
};

/* The ListMeta of a list response (all optional). */
struct table_list_meta {
	const char *resource_version;
	const char *continue_token;
	int64_t remaining_item_count; /* written when has_remaining_item_count */
	int has_remaining_item_count;
};

/*
 * The Table of a list: one row per object (borrowed, printed with printers_for(res)),
 * metadata from lm (may be NULL).  *ret_table is a new reference; nothing on failure.
 */
int table_list_new(const struct api_resource *res, json_t *const *objs, size_t n,
		   const struct table_list_meta *lm, const struct table_options *opts,
		   json_t **ret_table);

/*
 * The Table of one object (a GET, or one watch event): one row, metadata.resourceVersion
 * from the object.
 */
int table_object_new(const struct api_resource *res, const json_t *obj,
		     const struct table_options *opts, json_t **ret_table);

/*
 * meta.AsPartialObjectMetadata: {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1",
 * "metadata":<obj's metadata, shared>}; an object without metadata gets {}.  A new reference,
 * NULL when out of memory.
 */
json_t *table_partial_object_metadata_new(const json_t *obj, int v1beta1);

/*
 * PartialObjectMetadataList of objs with lm's ListMeta; "items" is [] when n is 0 (upstream
 * writes null there; clients accept both).  A new reference, NULL when out of memory.
 */
json_t *table_partial_object_metadata_list_new(json_t *const *objs, size_t n,
					       const struct table_list_meta *lm, int v1beta1);

#endif
