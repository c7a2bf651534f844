/*
 * yaml.h - YAML to JSON (jansson values) the way sigs.k8s.io/yaml turns YAML into JSON on top of
 * go-yaml v2, so config files and manifests mean here what they mean to kubectl and the Go
 * daemons; and JSON back to block-style YAML (upstream: sigs.k8s.io/yaml yaml.go YAMLToJSON and
 * JSONToYAML, goyaml.v2 resolve.go, decode.go, encode.go).
 *
 * What a document turns into:
 *  - plain scalars resolve as YAML 1.1 (go-yaml v2): ~, null, Null, NULL and the empty scalar are
 *    null; y Y yes Yes YES on On ON true True TRUE are true, n N no No NO off Off OFF false False
 *    FALSE are false; integers in decimal, 0x hex, 0o or leading-0 octal, 0b binary, with signs
 *    and '_' separators; floats (1.5, 1e3, .5, .inf, -.Inf, .nan); anything else is a string.
 *    Quoted and block scalars are always strings.  Tags !!str !!int !!float !!bool !!null are
 *    honoured ("cannot decode !!str `abc` as a !!int" otherwise), !!binary is base64-decoded,
 *    other tags are ignored;
 *  - a float with an integral value below 2^63 becomes a JSON integer (Go writes 1e3 as 1000);
 *    integers beyond int64 become reals; NaN and infinities are errors (JSON has none);
 *  - mapping keys become strings: ints in decimal, floats as Go's float32 'g' form, booleans as
 *    "true"/"false"; null, sequence or mapping keys are errors.  A repeated key replaces the
 *    earlier value (YAMLToJSON) unless KC_YAML_STRICT is given (YAMLToJSONStrict: an error);
 *  - anchors and aliases are expanded (deep copies, so a document can be edited safely); merge
 *    keys (<<) merge a mapping or a sequence of mappings; an alias inside its own anchor is an
 *    error, and so is alias expansion that dwarfs the document (go-yaml's "document contains
 *    excessive aliasing" bound: billion laughs fails fast, small documents with a few aliases
 *    are fine).  Nesting deeper than KC_YAML_MAX_DEPTH is an error;
 *  - JSON is YAML: a JSON document parses to the same values.
 *
 * Errors are KC_ERR_PARSE (KC_ERR_NOMEM, KC_ERR_SYSTEM for files) with one line in err:
 *	yaml: line 3, column 5: mapping values are not allowed in this context
 * (1-based line and column; go-yaml prints only the line).
 */
#ifndef KC_YAML_H
#define KC_YAML_H

#include <stddef.h>

#include <jansson.h>

struct kc_strbuf;

enum kc_yaml_flags {
	KC_YAML_STRICT = 1 << 0, /* a key twice in one mapping is an error (merged keys excepted) */
};

/*
 * Nesting limit (go-yaml v3 says 10000): 2048 is jansson's own parser limit, so whatever this
 * module produces jansson can read back, and the recursive conversion stays far inside a stack.
 */
#define KC_YAML_MAX_DEPTH 2048

/*
 * The first document of data (as YAMLToJSON; later documents are not read).  Empty input, or
 * input with no document, gives JSON null.  *ret is a new reference, set only on success.
 */
int kc_yaml_load(const char *data, size_t len, unsigned flags, json_t **ret, char *err,
		 size_t errlen);

/* kc_yaml_load() on a file's content; a file that cannot be read is KC_ERR_SYSTEM with
 * "open <path>: no such file or directory" (Go's wording). */
int kc_yaml_load_file(const char *path, unsigned flags, json_t **ret, char *err, size_t errlen);

/*
 * Every document of a `---` separated stream, in order, skipping empty ones (a document that is
 * null, empty or only comments), as kubectl's stream reader does.  Returns a new array.
 */
int kc_yaml_load_all(const char *data, size_t len, unsigned flags, json_t **ret, char *err,
		     size_t errlen);

/*
 * Streaming form: cb runs for each non-empty document with a borrowed value (json_incref() to
 * keep it) and its index among the non-empty documents.  A negative return from cb stops the
 * stream and is returned.  A later document's syntax error comes after the callbacks for the
 * earlier ones.
 */
typedef int (*kc_yaml_doc_cb)(void *arg, json_t *doc, size_t index);
int kc_yaml_load_stream(const char *data, size_t len, unsigned flags, kc_yaml_doc_cb cb, void *arg,
			char *err, size_t errlen);

/*
 * Block-style YAML for any JSON value, as go-yaml v2 marshals it: 2-space indent, sequences in a
 * mapping not indented, keys in insertion order, strings plain when they read back as the same
 * string and quoted otherwise ("true", "123", "", "null", "a: b", leading spaces...), multi-line
 * strings as literal blocks, {} and [] for empty containers.  Parsing the text with
 * kc_yaml_load() gives back an equal value (up to reals with integral values, which come back as
 * integers).  Returns a malloc()ed string, NULL on out of memory or a value libyaml refuses.
 */
char *kc_yaml_emit(const json_t *v);
/* The same appended to sb; KC_ERR_NOMEM / KC_ERR_INVALID, sb keeps what it had on failure. */
int kc_yaml_emit_strbuf(struct kc_strbuf *sb, const json_t *v);

#endif
