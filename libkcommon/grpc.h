/*
 * grpc.h - a gRPC client over HTTP/2 with protobuf-c messages, on the libevent loop (upstream:
 * google.golang.org/grpc as the kubelet uses it for CRI and the apiserver for etcd v3:
 * clientconn.go, rpc_util.go, internal/transport/http2_client.go, codes/codes.go).
 *
 * A channel is one target: "unix:///run/containerd/containerd.sock" (a bare absolute path works
 * too, as kubelet's --container-runtime-endpoint accepts), "http://127.0.0.1:2379" (h2c, prior
 * knowledge) or "https://127.0.0.1:2379" (TLS, ALPN h2, optional client certificate).  All calls
 * of a channel are streams on one HTTP/2 connection (libnghttp2 on a libevent bufferevent),
 * opened on the first call and again after a failure.
 *
 * Calls are unary (one request, one response) or server-streaming (one request, responses until
 * the server ends the call or the caller cancels).  The request is sent whole and the request
 * stream half-closed; etcd's Watch keeps answering after that, which is what we use it for.
 *
 * Every call ends in exactly one status callback, always from the event loop (never from inside
 * the function that started the call), unless the call is canceled first: after
 * kc_grpc_call_cancel() returns, no callback of that call runs.  Status codes follow grpc-go:
 * grpc-status/grpc-message from the trailers or from a trailers-only header block, HTTP errors
 * mapped as grpc-go's HTTPStatusConvTab, stream resets as its http2ErrConvTab, transport failures
 * UNAVAILABLE, deadline DEADLINE_EXCEEDED, responses over the size limit RESOURCE_EXHAUSTED.  A
 * request the server refused unprocessed (REFUSED_STREAM, GOAWAY) is sent again once.
 *
 * Not supported: compression (responses with the compressed flag fail with INTERNAL, as grpc-go
 * does when no grpc-encoding was negotiated), client streaming, custom metadata.  Callbacks must
 * not free the channel.
 */
#ifndef KC_GRPC_H
#define KC_GRPC_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

struct event_base;
struct kc_strbuf;
struct kc_grpc_channel;
struct kc_grpc_call;

/* Status codes (upstream: google.golang.org/grpc/codes). */
enum kc_grpc_code {
	KC_GRPC_OK = 0,
	KC_GRPC_CANCELED = 1,
	KC_GRPC_UNKNOWN = 2,
	KC_GRPC_INVALID_ARGUMENT = 3,
	KC_GRPC_DEADLINE_EXCEEDED = 4,
	KC_GRPC_NOT_FOUND = 5,
	KC_GRPC_ALREADY_EXISTS = 6,
	KC_GRPC_PERMISSION_DENIED = 7,
	KC_GRPC_RESOURCE_EXHAUSTED = 8,
	KC_GRPC_FAILED_PRECONDITION = 9,
	KC_GRPC_ABORTED = 10,
	KC_GRPC_OUT_OF_RANGE = 11,
	KC_GRPC_UNIMPLEMENTED = 12,
	KC_GRPC_INTERNAL = 13,
	KC_GRPC_UNAVAILABLE = 14,
	KC_GRPC_DATA_LOSS = 15,
	KC_GRPC_UNAUTHENTICATED = 16,
};

/* grpc-go's default is 4 MiB; the kubelet raises it to 16 MiB for CRI (remote_runtime.go). */
#define KC_GRPC_DEFAULT_MAX_RECV_MSG_SIZE (16u << 20)

/* How a call ended; handed to callbacks, borrowed for the duration of the callback. */
struct kc_grpc_status {
	int code;	     /* enum kc_grpc_code; servers may send codes above 16 */
	int err;	     /* kc_grpc_code_to_err(code): 0 for OK, else a negative KC_ERR_* */
	const char *message; /* decoded grpc-message or our own description; never NULL */
};

/* grpc-go's name for a code ("OK", "NotFound", "Unavailable", ...; "Code(N)" when unknown, in a
 * thread-local buffer valid until the next call). Never NULL. */
const char *kc_grpc_code_name(int code);

/*
 * The KC_ERR_* a gRPC code means to the rest of ckube: NOT_FOUND -> KC_ERR_NOT_FOUND,
 * ALREADY_EXISTS -> KC_ERR_ALREADY_EXISTS, INVALID_ARGUMENT -> KC_ERR_INVALID,
 * DEADLINE_EXCEEDED -> KC_ERR_TIMEOUT, UNAVAILABLE -> KC_ERR_UNAVAILABLE, UNIMPLEMENTED ->
 * KC_ERR_UNSUPPORTED, CANCELED -> KC_ERR_CANCELED, PERMISSION_DENIED -> KC_ERR_FORBIDDEN,
 * UNAUTHENTICATED -> KC_ERR_UNAUTHORIZED, RESOURCE_EXHAUSTED -> KC_ERR_TOO_MANY_REQUESTS,
 * FAILED_PRECONDITION and ABORTED -> KC_ERR_CONFLICT, OUT_OF_RANGE -> KC_ERR_RANGE, others
 * KC_ERR_INTERNAL.  0 for OK.
 */
int kc_grpc_code_to_err(int code);

/* Channel options; every pointer may be NULL; kc_grpc_channel_new() loads or copies what it
 * needs, so the options may go away after it returns. */
struct kc_grpc_channel_options {
	/* TLS (used by https:// targets, ignored by the others).  Each item comes from a file or
	 * from a PEM string; with neither CA the system store is trusted. */
	const char *ca_file;	/* trust these CAs instead of the system store */
	const char *ca_pem;
	const char *cert_file;	/* client certificate (etcd --client-cert-auth) */
	const char *cert_pem;
	const char *key_file;	/* its private key */
	const char *key_pem;
	int insecure_skip_verify; /* do not verify the server certificate (tests only) */

	size_t max_recv_msg_size; /* largest response message; 0: KC_GRPC_DEFAULT_MAX_RECV_MSG_SIZE */
	const char *user_agent;	  /* NULL: "ckube/<version> grpc-c" */

	/*
	 * Keepalive (grpc-go keepalive.ClientParameters, without PermitWithoutStream): with calls
	 * running and nothing read for keepalive_time_ms, an HTTP/2 PING goes out; nothing read
	 * within keepalive_timeout_ms after it fails the connection (its calls: UNAVAILABLE).  The
	 * apiserver's etcd client uses 30 s and 10 s.  0: no pings; timeout 0: 20 s.  Servers
	 * reject pings more often than their policy allows (etcd: every 5 s).
	 */
	long keepalive_time_ms;
	long keepalive_timeout_ms;
};

/*
 * Opens a channel on `base` for `target` (see the top of this file).  No connection is made
 * until the first call.  Returns 0 and sets *ret_channel, or KC_ERR_INVALID for a target that is
 * not a unix socket (absolute path, at most 107 bytes), http://host[:port] or
 * https://host[:port] (no path, query or user; port 80/443 by default), or for TLS files or PEM
 * strings that do not load (or a key that is not the certificate's), KC_ERR_NOMEM.
 */
int kc_grpc_channel_new(struct event_base *base, const char *target,
			const struct kc_grpc_channel_options *opts,
			struct kc_grpc_channel **ret_channel);

/* Cancels every call still running (no callbacks) and frees the channel.  Not from inside a
 * callback of one of its calls.  libevent finishes releasing a connection (socket, buffers) on
 * the loop's next turn: run the loop once more before event_base_free().  NULL-safe; returns
 * NULL. */
struct kc_grpc_channel *kc_grpc_channel_free(struct kc_grpc_channel *ch);

/* Calls started and not yet finished or canceled. */
size_t kc_grpc_channel_active(const struct kc_grpc_channel *ch);

/* Connections opened so far: all calls share one; a new one comes only after the last failed
 * or the server sent GOAWAY. */
long kc_grpc_channel_connects(const struct kc_grpc_channel *ch);

/*
 * The unary callback.  `response` is the decoded message when st->code is KC_GRPC_OK, else NULL;
 * the callback owns it and frees it with protobuf_c_message_free_unpacked(response, NULL).
 */
typedef void (*kc_grpc_unary_cb)(void *arg, const struct kc_grpc_status *st,
				 ProtobufCMessage *response);

/*
 * Starts a unary call of `method` ("/runtime.v1.RuntimeService/Version") with `request` (packed
 * before this returns; the caller keeps it) expecting a `response_desc` message.  timeout_ms > 0
 * sets the deadline (sent as grpc-timeout too), 0 means none.  Returns the call, valid until its
 * callback returns or kc_grpc_call_cancel(); NULL (and no callback) when out of memory or when
 * `method` is not of the form "/service/method".
 */
struct kc_grpc_call *kc_grpc_unary(struct kc_grpc_channel *ch, const char *method,
				   const ProtobufCMessage *request,
				   const ProtobufCMessageDescriptor *response_desc, long timeout_ms,
				   kc_grpc_unary_cb cb, void *arg);

/* One message of a server stream; the callback owns `msg` (protobuf_c_message_free_unpacked). */
typedef void (*kc_grpc_message_cb)(void *arg, ProtobufCMessage *msg);
/* The end of a server stream (after its last message), unless it was canceled. */
typedef void (*kc_grpc_status_cb)(void *arg, const struct kc_grpc_status *st);

/*
 * Starts a server-streaming call: `request` is sent once, then each response message is decoded
 * as soon as its last byte arrives and handed to on_message, in order; on_status ends the call.
 * Arguments and return as kc_grpc_unary(); timeout_ms 0 lets the stream run until the server
 * ends it or the caller cancels (etcd Watch).  on_message may cancel the call (or any other).
 */
struct kc_grpc_call *kc_grpc_server_stream(struct kc_grpc_channel *ch, const char *method,
					   const ProtobufCMessage *request,
					   const ProtobufCMessageDescriptor *response_desc,
					   long timeout_ms, kc_grpc_message_cb on_message,
					   kc_grpc_status_cb on_status, void *arg);

/*
 * Stops a call: the stream is reset and no callback of it runs after this returns.  Safe from
 * anywhere, including the call's own message callback; a no-op from the call's own status
 * callback (the call is ending anyway).  NULL-safe.  `call` is invalid afterwards.
 */
void kc_grpc_call_cancel(struct kc_grpc_call *call);

/*
 * Length-prefixed message framing (gRPC over HTTP/2: 1-byte compressed flag, 4-byte big-endian
 * length, message), exposed for tests and for callers that frame by hand.
 */

/* A malloc()ed frame holding `msg` (flag 0); NULL when out of memory or over 4 GiB. */
uint8_t *kc_grpc_frame_pack(const ProtobufCMessage *msg, size_t *ret_len);

/* Called once per complete message; returns 0 to go on, anything else stops the reader's feed,
 * which returns that value.  `data` is only valid during the call (non-NULL even when len is 0). */
typedef int (*kc_grpc_frame_cb)(void *arg, const uint8_t *data, size_t len);

/* Incremental frame decoder: feed bytes as they come, in chunks of any size. */
struct kc_grpc_reader {
	size_t max;	       /* largest message length accepted */
	uint8_t hdr[5];	       /* the frame header being read */
	size_t hdr_len;	       /* bytes of hdr read so far */
	uint8_t *msg;	       /* message being assembled (malloc()ed, exactly its length) */
	size_t msg_len;	       /* its length (from the header) */
	size_t msg_have;       /* bytes of it read so far */
	int failed;	       /* a KC_ERR_* once a frame was rejected: the reader stays failed */
	int code;	       /* the gRPC code for that failure */
	char error[128];       /* and grpc-go's message for it */
};

void kc_grpc_reader_init(struct kc_grpc_reader *rd, size_t max);
void kc_grpc_reader_release(struct kc_grpc_reader *rd);

/*
 * Decodes `len` bytes: calls cb for every message they complete (several per chunk, or one
 * spread over many chunks).  Returns 0, the callback's non-zero value, or a negative KC_ERR_*
 * with rd->code and rd->error set: KC_ERR_TOO_LARGE (RESOURCE_EXHAUSTED, "grpc: received message
 * larger than max (N vs. M)"), KC_ERR_UNSUPPORTED (INTERNAL, a compressed message),
 * KC_ERR_PARSE (INTERNAL, a flag other than 0 or 1), KC_ERR_NOMEM.  Complete messages before a
 * bad frame are delivered first.
 */
int kc_grpc_reader_feed(struct kc_grpc_reader *rd, const void *data, size_t len,
			kc_grpc_frame_cb cb, void *arg);

/* Whether a frame is half read (at the end of a stream: a truncated message). */
int kc_grpc_reader_partial(const struct kc_grpc_reader *rd);

/*
 * Helpers exposed for tests.
 */

/* grpc-timeout value for a deadline in milliseconds ("5000m"; "100S" past 8 digits of
 * milliseconds, and so on up to hours), into buf; returns buf. */
char *kc_grpc_timeout_encode(long timeout_ms, char *buf, size_t len);

/*
 * The status a finished response carries, by grpc-go's rules (operateHeaders, handleData):
 * http_status (0 when none came), the header block's content-type and the grpc-status and
 * grpc-message values (NULL when absent; grpc-message still percent-encoded, from the trailers
 * or a trailers-only header block) and whether a trailer block came.  A non-200 status maps
 * through HTTPStatusConvTab (503 -> UNAVAILABLE, 404 -> UNIMPLEMENTED, other -> UNKNOWN), a
 * non-gRPC content-type is UNKNOWN, no grpc-status INTERNAL ("server closed the stream without
 * sending trailers"; UNKNOWN after an empty trailer block).  Returns the code; appends the
 * message to msg.
 */
int kc_grpc_status_from_response(long http_status, const char *content_type,
				 const char *grpc_status, const char *grpc_message,
				 int trailers_seen, struct kc_strbuf *msg);

/* Decodes a percent-encoded grpc-message (invalid escapes stay as they are, as in grpc-go's
 * decodeGrpcMessage).  Returns a malloc()ed string or NULL when out of memory. */
char *kc_grpc_message_decode(const char *s, size_t len);

#endif
