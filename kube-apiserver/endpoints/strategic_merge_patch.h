/*
 * strategic_merge_patch.h - applying an application/strategic-merge-patch+json body to a stored
 * object (upstream: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
 * StrategicMergeMapPatch, mergeMap, mergeSlice, mergePatchIntoOriginal; the per-field list
 * semantics come from the patchStrategy/patchMergeKey struct tags of k8s.io/api, which
 * patch_meta.c tabulates; errors as apiserver/pkg/endpoints/handlers/patch.go
 * interpretStrategicMergePatchError answers them).
 *
 * What a patch does, as upstream (server side: MergeParallelList and IgnoreUnmatchedNulls):
 *   - maps merge recursively; a null value deletes the key; values added whole lose their null
 *     members and any sub-map or list element that carries "$patch";
 *   - a list whose field has strategy "merge" and a merge key merges element by element on that
 *     key (new elements appended), a "merge" list of primitives is unioned, any other list is
 *     atomic (the patch's list replaces it as sent);
 *   - "$patch": "replace" on a map replaces it by the rest of the patch map, "delete" empties it,
 *     anything else (also "merge") is an error; as a list element {"$patch": "replace"} replaces
 *     the list by the patch's other elements and {"<key>": v, "$patch": "delete"} removes every
 *     element with that key ("merge" there is an error);
 *   - "$setElementOrder/<list>" fixes the final order of the patch's elements; elements only the
 *     server has keep their relative order and are interleaved by their original positions
 *     (mergeSortedSlice, including upstream's Go slice aliasing when an element was deleted and
 *     one added in the same list);
 *   - "$deleteFromPrimitiveList/<list>" removes values from a list (a null one deletes the list);
 *   - "$retainKeys": [..] drops the original's keys that are not listed; a patch key outside the
 *     list is an error.
 * The final order of a merged list mirrors upstream exactly (its stable sort, with its
 * comparison, is reproduced), so a kubelet status patch or a kubectl apply patch gives the
 * bytes upstream stores.
 *
 * Where we differ on purpose: upstream fails with "unable to find api field" when original and
 * patch both hold a map or list under a name the Go struct lacks; we merge such maps and treat
 * such lists as atomic (the table below only lists what carries tags).  Where upstream's Go
 * code panics (a list starting with null, comparing two maps as merge-key values, a map in
 * $retainKeys, ...), we return KC_ERR_INTERNAL with the Go runtime message instead of crashing.
 * Like upstream, new list elements and maps replaced whole keep any directive keys nested in
 * them; upstream's typed decoding drops those (or rejects them under fieldValidation=Strict),
 * so the handler must prune unknown fields of the result as it does for any body.
 *
 * Errors (the caller's objects are never modified; *ret is set only on success; err gets
 * upstream's message, Go %v formatting included, e.g.
 * "map: map[image:nginx] does not contain declared merge key: name"):
 *   KC_ERR_BAD_REQUEST  400: a malformed directive ("invalid patch format of primitive list",
 *                       "... of retainKeys", "... of setElementOrder list"), a body that is not
 *                       an object ("json: cannot unmarshal array into Go value of type
 *                       map[string]interface {}"), an original that is not an object
 *                       ("invalid JSON document");
 *   KC_ERR_INVALID      422: "lists of lists are not supported";
 *   KC_ERR_INTERNAL     500 (upstream passes these errors through unclassified, so clients see
 *                       "Error from server: <message>"): a missing merge key, an unknown $patch
 *                       value, an order that contradicts $setElementOrder, mixed element types;
 *   KC_ERR_NOMEM.
 */
#ifndef KUBE_APISERVER_ENDPOINTS_STRATEGIC_MERGE_PATCH_H
#define KUBE_APISERVER_ENDPOINTS_STRATEGIC_MERGE_PATCH_H

#include <stddef.h>

#include <jansson.h>

struct patch_meta_type;

/*
 * One field of a Go struct that matters to a strategic merge patch: it carries tags, or a
 * tagged field sits somewhere below it.  Fields not listed have no tags and nothing tagged
 * below them.
 */
struct patch_meta_field {
	const char *name;      /* JSON name: "containers" */
	const char *strategy;  /* patchStrategy tag: "merge", "merge,retainKeys", "retainKeys",
				* "replace", or NULL */
	const char *merge_key; /* patchMergeKey tag, or NULL */
	const char *elem_kind; /* Go kind of a primitive list's elements ("string", "int"), for
				* messages; NULL means "struct" */
	const struct patch_meta_type *type; /* the field's struct (a list's element struct), or
					     * NULL when nothing below it is tagged */
};

/* A Go struct type, reduced to the fields that matter (see above). */
struct patch_meta_type {
	const char *name;                      /* Go type name, for reading */
	const struct patch_meta_field *fields; /* ends with a NULL name; NULL for none */
};

/*
 * The patch metadata of a built-in kind: group "" for core, "apps", ...; versions do not
 * matter (every served version has the same tags).  NULL for kinds that are not built in
 * (custom resources, aggregated APIs).  Kinds without tagged fields below metadata get a type
 * holding only metadata (ownerReferences, finalizers).
 */
const struct patch_meta_type *patch_meta_lookup(const char *group, const char *kind);

/*
 * Whether PATCH with application/strategic-merge-patch+json is accepted for the kind: true for
 * every built-in kind, false otherwise.  Upstream answers 415 UnsupportedMediaType for custom
 * resources ("the body of the request was in an unknown format - accepted media types include:
 * application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml").
 */
int patch_meta_supports_smp(const char *group, const char *kind);

/*
 * The field called name (name_len bytes) of type, or NULL when type is NULL or lacks it.
 */
const struct patch_meta_field *patch_meta_field(const struct patch_meta_type *type,
						const char *name, size_t name_len);

/*
 * Applies patch (borrowed; a JSON object, or null for no change) to original (borrowed; a JSON
 * object, or NULL/null for {}) under schema (NULL: no list merges, every map merges), and
 * stores the new object in *ret (a new reference).  err/errlen may be NULL/0.
 */
int strategic_merge_patch_apply(const json_t *original, const json_t *patch,
				const struct patch_meta_type *schema, json_t **ret, char *err,
				size_t errlen);

/*
 * The same for a kind: its table entry when patch_meta_supports_smp(), else an RFC 7386 JSON
 * merge patch (kc_json_merge_patch_apply), for callers that already decided the media type is
 * acceptable.
 */
int strategic_merge_patch_apply_kind(const char *group, const char *kind, const json_t *original,
				     const json_t *patch, json_t **ret, char *err, size_t errlen);

#endif
