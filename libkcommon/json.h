/*
 * json.h - jansson helpers every daemon uses: path getters, typed getters with defaults, path
 * setters, RFC 7386 JSON merge patch, RFC 6902 JSON patch, and a compact serializer that writes
 * what Go's encoding/json writes (upstream: apimachinery unstructured helpers and
 * gopkg.in/evanphx/json-patch.v4, which kube-apiserver uses for both patch kinds).
 *
 * Ownership follows jansson: getters return borrowed references (never json_decref() them);
 * functions with a `json_t **ret` hand out a new reference on success only.  Functions that take
 * `char *err, size_t errlen` write a one-line message there on failure (err may be NULL).
 *
 * Paths.  The varargs getter takes one key per step: kc_json_get(obj, "metadata", "labels",
 * "app.kubernetes.io/name", NULL).  The string forms take a dotted path,
 * "spec.template.spec.containers[0].image": '.' separates keys, "[n]" indexes an array (so does
 * a ".n" step that lands on an array), and "\." or "\[" or "\\" put those characters in a key:
 * "metadata.annotations.deployment\.kubernetes\.io/revision".
 */
#ifndef KC_JSON_H
#define KC_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct kc_strbuf;

/*
 * Borrowed value at root.key1.key2...; the list ends with NULL.  A key of decimal digits indexes
 * an array.  NULL when root is NULL or any step is missing or of the wrong type.
 */
json_t *kc_json_get(const json_t *root, ...) __attribute__((sentinel));

/* Borrowed value at a dotted path (see above); "" is root itself.  NULL when missing. */
json_t *kc_json_get_path(const json_t *root, const char *path);

/*
 * Typed getters on a dotted path.  Each returns `def` when the path is missing or holds another
 * type (int64 accepts only JSON integers; number accepts integers and reals).  Strings are
 * borrowed from root.
 */
const char *kc_json_get_string(const json_t *root, const char *path, const char *def);
int64_t kc_json_get_int64(const json_t *root, const char *path, int64_t def);
double kc_json_get_number(const json_t *root, const char *path, double def);
int kc_json_get_bool(const json_t *root, const char *path, int def);
/* Borrowed object/array at path, NULL when missing or of another type. */
json_t *kc_json_get_object(const json_t *root, const char *path);
json_t *kc_json_get_array(const json_t *root, const char *path);

/*
 * Sets the value at a dotted path, creating missing (or null) intermediate objects.  An
 * intermediate that exists but is neither an object nor an array, or an array index out of
 * range, is KC_ERR_INVALID and root is left unchanged.  The final step may replace an existing
 * array element, or append when the index equals the array's size.
 * kc_json_set_path() takes its own reference to value; the _steal form takes the caller's
 * (released on failure too).
 */
int kc_json_set_path(json_t *root, const char *path, json_t *value);
int kc_json_set_path_steal(json_t *root, const char *path, json_t *value);

/* Removes the value at a dotted path; KC_ERR_NOT_FOUND when it is not there. */
int kc_json_remove_path(json_t *root, const char *path);

/*
 * RFC 6901 JSON Pointer ("/spec/containers/0/name", "~1" is '/', "~0" is '~').  "" is root.
 * Borrowed; NULL when missing or malformed.
 */
json_t *kc_json_pointer_get(const json_t *root, const char *pointer);

/*
 * v's JSON type as encoding/json names it in an UnmarshalTypeError ("json: cannot unmarshal
 * <kind> into Go value of type ..."): "object", "array", "string", "number", "bool", "null".
 */
const char *kc_json_go_kind(const json_t *v);

/* Deep copy (new reference), NULL for NULL or out of memory. */
json_t *kc_json_copy(const json_t *v);

/*
 * Structural equality as json_equal(), but object keys holding a NUL byte compare correctly; two
 * NULLs are equal.  Integer 1 and real 1.0 differ.
 */
int kc_json_equal(const json_t *a, const json_t *b);

/*
 * RFC 7386 merge patch, as evanphx/json-patch MergePatch: keys in patch replace keys in doc,
 * null deletes, nested objects merge, anything else (arrays too) replaces.  Null members are
 * pruned from values that are added whole.  A non-object doc is replaced by the (pruned) patch;
 * an array patch replaces the document.  Errors (doc untouched): a null doc is KC_ERR_BAD_REQUEST
 * "Invalid JSON Document"; a null or scalar patch is KC_ERR_BAD_REQUEST "Invalid JSON Patch".
 */
int kc_json_merge_patch_apply(const json_t *doc, const json_t *patch, json_t **ret, char *err,
			      size_t errlen);

/*
 * The merge patch that turns original into modified (evanphx CreateMergePatch): changed and
 * added keys, null for removed ones, recursing into objects; arrays that differ are replaced
 * whole; numbers compare by value.  Two arrays of equal length give an array of per-element
 * object patches.  Mismatched kinds are KC_ERR_BAD_REQUEST "Mismatched JSON Documents".
 */
int kc_json_merge_patch_create(const json_t *original, const json_t *modified, json_t **ret,
			       char *err, size_t errlen);

/*
 * RFC 6902 JSON patch (evanphx/json-patch v4 Patch.Apply): add, remove, replace, move, copy,
 * test, in order, on a copy of doc.  Pointers use ~0/~1 escapes, "-" appends to an array, and,
 * as upstream, a negative index counts from the end.  Upstream quirks kept: "replace" of a
 * missing object key adds it; "replace" with path "" swaps the whole document; "add" or
 * "remove" with path "" fails; "test" of a missing key against null passes.
 * A patch that is not an array of objects is KC_ERR_BAD_REQUEST; an operation that does not
 * apply is KC_ERR_INVALID (the apiserver answers 422) with evanphx's message, e.g.
 * "add operation does not apply: doc is missing path: \"/a/b\": missing value".
 * doc is never modified; *ret is set only on success.
 */
int kc_json_patch_apply(const json_t *doc, const json_t *patch, json_t **ret, char *err,
			size_t errlen);

/*
 * Compact JSON text as Go's encoding/json writes it: no spaces, object keys in insertion order,
 * reals in shortest round-trip form (1.5, 1e+21, 1e-7; an integral real prints as "3"),
 * '<', '>', '&', U+2028 and U+2029 escaped as \u003c..., invalid UTF-8 replaced by U+FFFD.
 * Any value may be at the top.  Returns a malloc()ed string, NULL for a NULL value or out of
 * memory.
 */
char *kc_json_dumps(const json_t *v);
/* The same appended to sb; KC_ERR_NOMEM or KC_ERR_INVALID (NULL value); sb keeps what it had. */
int kc_json_dump_strbuf(struct kc_strbuf *sb, const json_t *v);

/*
 * 1 for the bytes Go's encoder writes into a string as they are: printable ASCII but for '"',
 * '\\' and (escapeHTML) '<' '>' '&'.  kc_json_dumps() escapes every other byte.
 */
extern const unsigned char kc_json_go_plain[256];

/*
 * Parses one JSON value (any type at the top, trailing whitespace allowed).  On failure returns
 * KC_ERR_PARSE with "json: line L, column C: <problem>" in err.
 */
int kc_json_loads(const char *buf, size_t len, json_t **ret, char *err, size_t errlen);
/*
 * The same; *ret_has_duplicates is 0 when no object in the text repeats a key, 1 when one does
 * (the value keeps the key's first position and its last value, as json_loadb() does) or when
 * the text went to json_loadb(), which does not count them.
 */
int kc_json_loads_dups(const char *buf, size_t len, json_t **ret, int *ret_has_duplicates,
		       char *err, size_t errlen);

/*
 * json_parse.c: the fast parser behind kc_json_loads().  Parses len bytes of buf into *ret
 * (a new reference) with jansson's semantics for flags JSON_DECODE_ANY and JSON_ALLOW_NUL;
 * *ret_duplicates (may be NULL) counts keys that repeat within an object.  0, KC_ERR_NOMEM, or
 * KC_ERR_PARSE for a text it refuses (no message: ask json_loadb() for it): every text
 * json_loadb() refuses, and the few it takes that json_parse.c's header names.
 */
int kc_json_parse(const char *buf, size_t len, unsigned flags, json_t **ret,
		  size_t *ret_duplicates);
/*
 * A drop-in json_loadb(): the fast parser, and json_loadb() itself for what it refuses (so
 * errors carry jansson's message) or for flags other than JSON_DECODE_ANY, JSON_ALLOW_NUL and
 * JSON_REJECT_DUPLICATES.
 */
json_t *kc_json_loadb(const char *buf, size_t len, size_t flags, json_error_t *error);

/* A JSON string of len bytes with invalid UTF-8 replaced by U+FFFD (as Go does); NULL on OOM. */
json_t *kc_json_string_sanitized(const char *s, size_t len);

/*
 * Go's strconv.FormatFloat(v, fmt, -1, bits): the shortest digits that read back as the same
 * float64 (bits 64) or float32 (bits 32), in fmt 'e' ("1e+06"), 'f' ("1000000") or 'g' (%e below
 * 1e-4 and from 1e+06 on).  v must be finite; buf should hold 40 bytes.
 */
void kc_json_format_float(double v, char fmt, int bits, char *buf, size_t size);

/*
 * Decodes base64 as encoding/json does for a []byte field (base64.StdEncoding: padding required,
 * '\r' and '\n' skipped).  On success *ret is a malloc()ed buffer of *ret_len bytes plus a NUL
 * (so PEM text can be used as a C string).  KC_ERR_INVALID with *ret_bad set to the offset Go
 * reports ("illegal base64 data at input byte N"); KC_ERR_NOMEM.
 */
int kc_json_base64_decode(const char *s, size_t len, char **ret, size_t *ret_len, size_t *ret_bad);

#endif
