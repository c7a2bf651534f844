/*
 * protobuf.h - application/vnd.kubernetes.protobuf request bodies to JSON (upstream:
 * apimachinery/pkg/runtime/serializer/protobuf/protobuf.go Serializer.Decode, the gogo-generated
 * Unmarshal methods of k8s.io/api, and encoding/json on the typed object that results).
 *
 * kubectl 1.32 sends protobuf for every typed-client write (`create <generator>`, `auth can-i`,
 * `auth whoami`, `create token`, `autoscale`, `certificate approve`).  The body is the 4-byte magic
 * "k8s\0" and a runtime.Unknown {1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding,
 * 4: contentType}; raw is the object's generated message.  protobuf_decode() turns it into the JSON
 * object kubectl would have sent as application/json for the same Go value, so the handlers only
 * ever see JSON.
 *
 * The transcoder is table-driven: protobuf_types.c lists, for every message reachable from the
 * kinds in protobuf_kinds[], its fields in Go declaration order (the order encoding/json writes)
 * with number, JSON name, value type and the flags below.  JSON rules, as encoding/json applies
 * them to the Go struct after the gogo decoder filled it:
 *   - a field present on the wire is written, unless it is a non-pointer scalar, bytes, list or
 *     map with `omitempty` and its value is the zero value ("" 0 false, empty);
 *   - an absent field is written as Go's zero value unless omitempty applies: "" 0 false for
 *     scalars, null for pointers, lists, maps and bytes, the (recursively filled) empty object
 *     for a non-pointer message, and the special types' zero JSON (null time, "0" quantity,
 *     0 int-or-string, "0s" duration, null raw extension);
 *   - map keys are sorted, as Go sorts them.
 * The gogo encoder always writes non-pointer fields, so for what kubectl sends "absent" only
 * happens for pointers and empty lists/maps; the zero-filling matters for other encoders.
 *
 * Hostile input: every read is bounds-checked, nesting is limited to PROTOBUF_MAX_DEPTH, skipped
 * groups are walked without recursion, and the number of JSON values made is bounded by the input
 * size (PROTOBUF_NODES_BASE + one per input byte), so a body cannot expand into unbounded memory.
 */
#ifndef KUBE_APISERVER_ENDPOINTS_PROTOBUF_H
#define KUBE_APISERVER_ENDPOINTS_PROTOBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define PROTOBUF_CONTENT_TYPE "application/vnd.kubernetes.protobuf"
/* The envelope's prefix: 'k' '8' 's' 0. */
#define PROTOBUF_MAGIC     "k8s"
#define PROTOBUF_MAGIC_LEN 4

/* Deepest message nesting accepted (the v1.32 kinds need about 12). */
#define PROTOBUF_MAX_DEPTH 64
/* JSON values one decode may make: this many plus one per input byte. */
#define PROTOBUF_NODES_BASE 65536

/*
 * Value types.  PB_STRING also carries enums (Kubernetes enums are strings on the wire).  The
 * special ones are messages with their own JSON form upstream (MarshalJSON):
 *   PB_TIME        metav1.Time {1: seconds, 2: nanos}: "2006-01-02T15:04:05Z", null when zero
 *   PB_MICROTIME   metav1.MicroTime: "2006-01-02T15:04:05.000000Z", null when zero
 *   PB_DURATION    metav1.Duration {1: int64 ns}: Go's Duration.String() ("1h0m0s")
 *   PB_QUANTITY    resource.Quantity {1: string}: the string as upstream re-serializes it
 *   PB_INTORSTRING intstr.IntOrString {1: type, 2: intVal, 3: strVal}: a number or a string
 *   PB_RAWJSON     runtime.RawExtension, metav1.FieldsV1 {1: raw}: the raw JSON embedded (or a
 *                  nested "k8s\0" envelope, decoded)
 *   PB_STRINGLIST  a named []string (authentication/v1 ExtraValue) {1: repeated string}: an array
 */
enum protobuf_type {
	PB_STRING = 1,
	PB_BYTES, /* base64 (standard alphabet, padded), as encoding/json writes []byte */
	PB_BOOL,
	PB_INT32,
	PB_INT64,
	PB_MESSAGE,
	PB_TIME,
	PB_MICROTIME,
	PB_DURATION,
	PB_QUANTITY,
	PB_INTORSTRING,
	PB_RAWJSON,
	PB_STRINGLIST,
	PB_TYPE_LAST_,
};

/* Field flags, from the Go field's type and json tag. */
enum protobuf_field_flag {
	PB_OMITEMPTY = 1 << 0, /* json:",omitempty" */
	PB_POINTER = 1 << 1,   /* *T: absent means nil */
	PB_REPEATED = 1 << 2,  /* []T: one wire field per element (packed accepted for numbers) */
	PB_MAP = 1 << 3,       /* map[string]T: entries {1: key, 2: value} */
	PB_INLINE = 1 << 4,    /* embedded struct (json:",inline"): its fields join the parent's */
};

struct protobuf_message;

struct protobuf_field {
	const char *json;                       /* JSON name; NULL for PB_INLINE */
	const struct protobuf_message *message; /* the PB_MESSAGE type, else NULL */
	uint32_t number;
	uint8_t type;  /* enum protobuf_type; for PB_MAP the value's type */
	uint8_t flags; /* enum protobuf_field_flag */
};

struct protobuf_message {
	const char *name;                    /* "k8s.io.api.apps.v1.Deployment" */
	const struct protobuf_field *fields; /* Go declaration (JSON) order */
	const uint8_t *by_number;            /* indexes into fields, by ascending number */
	uint8_t n_fields;
};

/* A kind we decode; api_version NULL matches every apiVersion (DeleteOptions). */
struct protobuf_kind {
	const char *api_version;
	const char *kind;
	const struct protobuf_message *message;
};

/* The kinds, ending with a row whose kind is NULL (protobuf_types.c). */
extern const struct protobuf_kind protobuf_kinds[];

/* Whether data starts with the envelope's magic (upstream: RecognizesData). */
bool protobuf_is_envelope(const void *data, size_t len);

/* The message for (apiVersion, kind), or NULL when we do not decode that kind. */
const struct protobuf_message *protobuf_find_kind(const char *api_version, const char *kind);

/* The field of m with that number (binary search of by_number), or NULL. */
const struct protobuf_field *protobuf_find_field(const struct protobuf_message *m, uint32_t number);

/*
 * protobuf_decode() - the JSON object for a "k8s\0" + runtime.Unknown body.
 *
 * default_api_version and default_kind (each may be NULL) stand in for an empty apiVersion or
 * kind in the envelope, as upstream fills them from the endpoint (copyKindDefaults).  The result
 * carries "kind" and "apiVersion" from the envelope, then the object's fields.  contentEncoding
 * and contentType are ignored, as upstream ignores them.
 *
 * Returns 0 and a new reference in *ret_obj, or:
 *   KC_ERR_BAD_REQUEST        not an envelope, malformed protobuf, a missing kind or apiVersion,
 *                             a bad value (quantity, time, IntOrString type, embedded JSON);
 *   KC_ERR_UNSUPPORTED_MEDIA  a kind that is not in protobuf_kinds[] (the message names the
 *                             apiVersion and kind; the caller answers 415);
 *   KC_ERR_TOO_LARGE          the object would need more than the node budget;
 *   KC_ERR_NOMEM.
 * On failure *ret_err (when ret_err is not NULL) gets a malloc()ed message (NULL on KC_ERR_NOMEM)
 * in upstream's words where there are some ("proto: wrong wireType = 0 for field name", "unexpected
 * EOF").  The output parameters are set only as described; data is never modified.
 */
int protobuf_decode(const void *data, size_t len, const char *default_api_version,
		    const char *default_kind, json_t **ret_obj, char **ret_err);

/*
 * protobuf_decode_message() - the JSON of one bare message of type m (no envelope, no kind or
 * apiVersion added).  Returns and errors as protobuf_decode() (never KC_ERR_UNSUPPORTED_MEDIA).
 */
int protobuf_decode_message(const struct protobuf_message *m, const void *data, size_t len,
			    json_t **ret_obj, char **ret_err);

#endif
