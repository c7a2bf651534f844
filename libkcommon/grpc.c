/*
 * grpc.c - gRPC client calls as HTTP/2 streams (libnghttp2) on the libevent loop (upstream:
 * google.golang.org/grpc internal/transport/http2_client.go for the connection and the status
 * rules, rpc_util.go for framing and size limits, internal/transport/http_util.go for
 * grpc-timeout, grpc-message and HTTPStatusConvTab, codes/codes.go).
 *
 * A channel owns at most one open connection at a time (struct grpc_conn: a bufferevent, TLS
 * through bufferevent_openssl, and an nghttp2 client session); every call is one stream on it.
 * The framed request is the stream's whole body (HEADERS and DATA go out together, END_STREAM on
 * the DATA); response DATA runs through a kc_grpc_reader as it arrives; the header blocks give
 * :status, content-type, grpc-status and grpc-message, from the trailers or from a trailers-only
 * answer.  The status is worked out once, when the stream closes, in call_end().  nghttp2 queues
 * requests past the server's SETTINGS_MAX_CONCURRENT_STREAMS itself.
 *
 * Why not libcurl (libkcommon/curlev.h)?  The libcurl 7.88 that Debian 12 ships cannot carry
 * gRPC reliably: a second stream on a prior-knowledge (h2c, unix socket) connection breaks the
 * connection (curl issue #10634, fixed in 8.0), a stream riding such a connection without prior
 * knowledge stalls once its response outgrows 16 KiB, and when containerd answers an unknown
 * method (trailers-only) before reading the request body and resets the stream, libcurl fails
 * the transfer and drops the answer, so UNIMPLEMENTED came back as UNAVAILABLE about half the
 * time; the kubelet depends on UNIMPLEMENTED (RuntimeConfig on containerd 1.6, for one).
 *
 * Reentrancy: user callbacks run inside nghttp2 callbacks (data and stream-close) and may start
 * or cancel calls; nghttp2 allows submitting frames from its callbacks but not sending, so
 * conn_flush() defers itself while a session call is running (in_h2).  A connection that fails
 * is torn down from a deferred event (conn->fail_ev), never from inside the code that noticed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>
#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/grpc.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/version.h"

#define FRAME_HEADER_LEN 5
/* grpc-go's minimum connect timeout (internal/backoff: MinConnectTimeout). */
#define CONNECT_TIMEOUT_MS 20000L
/* Flow-control windows we grant the server: per stream and for the whole connection. */
#define STREAM_WINDOW     (4 << 20)
#define CONNECTION_WINDOW (16 << 20)

enum target_kind {
	TARGET_UNIX,
	TARGET_H2C,
	TARGET_TLS,
};

TAILQ_HEAD(call_list, kc_grpc_call);
TAILQ_HEAD(conn_list, grpc_conn);

struct kc_grpc_channel {
	struct event_base *base;
	enum target_kind kind;
	char *authority; /* :authority ("localhost" for unix sockets) */
	char *host;      /* TCP targets: host (no brackets) and port */
	int port;
	char *socket_path;      /* unix only */
	SSL_CTX *ssl_ctx;       /* TLS only */
	struct evdns_base *dns; /* made on first use, for host names */
	size_t max_recv;
	char *user_agent;
	long keepalive_time;    /* ms, 0 for none */
	long keepalive_timeout; /* ms */
	struct grpc_conn *conn; /* the connection new calls go to, or NULL */
	struct conn_list conns; /* every live connection: conn and ones draining after GOAWAY */
	struct call_list calls; /* every call not finished nor canceled */
	size_t active;          /* its length */
	long connects;
};

struct grpc_conn {
	TAILQ_ENTRY(grpc_conn) link; /* in ch->conns */
	struct kc_grpc_channel *ch;
	struct bufferevent *bev;
	nghttp2_session *h2;
	struct call_list calls; /* calls with a stream here */
	struct event *fail_ev;  /* tears the connection down from the loop */
	int fail_code;
	char *fail_message;
	/* Dialing: the addresses a name resolved to, tried in turn. */
	struct evdns_getaddrinfo_request *dns_req;
	struct evutil_addrinfo *addrs;
	struct evutil_addrinfo *next_addr;
	int connected; /* the socket (and TLS) is up: the session may write */
	/* Keepalive: the last time anything was read, and when the unanswered PING went out. */
	struct event *keepalive_ev;
	long last_read;
	long ping_sent; /* 0: none outstanding */
	int draining;   /* GOAWAY came: no new streams */
	int dead;       /* failing: fail_ev is on its way */
	int in_h2;      /* inside nghttp2_session_mem_recv/mem_send */
	int flush_pending;
};

enum header_block {
	BLOCK_NONE,
	BLOCK_PENDING,  /* a HEADERS frame began: response or trailers, :status tells */
	BLOCK_INFO,     /* a 1xx response: ignored */
	BLOCK_RESPONSE, /* the response header block (or a trailers-only answer) */
	BLOCK_TRAILERS,
};

struct kc_grpc_call {
	TAILQ_ENTRY(kc_grpc_call) link;  /* in ch->calls */
	TAILQ_ENTRY(kc_grpc_call) clink; /* in conn->calls */
	struct kc_grpc_channel *ch;
	struct grpc_conn *conn; /* the connection carrying its stream, or NULL */
	int32_t stream_id;
	struct event *timer; /* the deadline, or NULL */
	long deadline;       /* monotonic ms, 0 for none */
	int retried;         /* sent again after the server refused it unprocessed */

	/* The request: path and frame, kept for a retry until the call ends. */
	char *path;
	uint8_t *frame;
	size_t frame_len;
	size_t frame_sent;

	const ProtobufCMessageDescriptor *desc;
	int streaming;
	kc_grpc_unary_cb unary_cb;
	kc_grpc_message_cb message_cb;
	kc_grpc_status_cb status_cb;
	void *arg;

	/* What came back. */
	struct kc_grpc_reader reader;
	ProtobufCMessage *response; /* unary: the one response, until handed over */
	long http_status;
	char *content_type;
	char *grpc_status;  /* raw value */
	char *grpc_message; /* raw (percent-encoded) value */
	enum header_block block;
	int trailers_seen;
	int end_stream; /* the server ended its side of the stream */
	/* A failure found while reading (bad frame, cardinality): wins over the rest. */
	int fail_code;
	char fail_message[160];

	int busy;     /* inside on_data_chunk: a cancel from user code defers the free */
	int canceled; /* kc_grpc_call_cancel() ran */
	int done;     /* the status callback is running or ran */
};

static const char *const code_names[] = {
	[KC_GRPC_OK] = "OK",
	[KC_GRPC_CANCELED] = "Canceled",
	[KC_GRPC_UNKNOWN] = "Unknown",
	[KC_GRPC_INVALID_ARGUMENT] = "InvalidArgument",
	[KC_GRPC_DEADLINE_EXCEEDED] = "DeadlineExceeded",
	[KC_GRPC_NOT_FOUND] = "NotFound",
	[KC_GRPC_ALREADY_EXISTS] = "AlreadyExists",
	[KC_GRPC_PERMISSION_DENIED] = "PermissionDenied",
	[KC_GRPC_RESOURCE_EXHAUSTED] = "ResourceExhausted",
	[KC_GRPC_FAILED_PRECONDITION] = "FailedPrecondition",
	[KC_GRPC_ABORTED] = "Aborted",
	[KC_GRPC_OUT_OF_RANGE] = "OutOfRange",
	[KC_GRPC_UNIMPLEMENTED] = "Unimplemented",
	[KC_GRPC_INTERNAL] = "Internal",
	[KC_GRPC_UNAVAILABLE] = "Unavailable",
	[KC_GRPC_DATA_LOSS] = "DataLoss",
	[KC_GRPC_UNAUTHENTICATED] = "Unauthenticated",
};

static const int code_errs[] = {
	[KC_GRPC_OK] = 0,
	[KC_GRPC_CANCELED] = KC_ERR_CANCELED,
	[KC_GRPC_UNKNOWN] = KC_ERR_INTERNAL,
	[KC_GRPC_INVALID_ARGUMENT] = KC_ERR_INVALID,
	[KC_GRPC_DEADLINE_EXCEEDED] = KC_ERR_TIMEOUT,
	[KC_GRPC_NOT_FOUND] = KC_ERR_NOT_FOUND,
	[KC_GRPC_ALREADY_EXISTS] = KC_ERR_ALREADY_EXISTS,
	[KC_GRPC_PERMISSION_DENIED] = KC_ERR_FORBIDDEN,
	[KC_GRPC_RESOURCE_EXHAUSTED] = KC_ERR_TOO_MANY_REQUESTS,
	[KC_GRPC_FAILED_PRECONDITION] = KC_ERR_CONFLICT,
	[KC_GRPC_ABORTED] = KC_ERR_CONFLICT,
	[KC_GRPC_OUT_OF_RANGE] = KC_ERR_RANGE,
	[KC_GRPC_UNIMPLEMENTED] = KC_ERR_UNSUPPORTED,
	[KC_GRPC_INTERNAL] = KC_ERR_INTERNAL,
	[KC_GRPC_UNAVAILABLE] = KC_ERR_UNAVAILABLE,
	[KC_GRPC_DATA_LOSS] = KC_ERR_INTERNAL,
	[KC_GRPC_UNAUTHENTICATED] = KC_ERR_UNAUTHORIZED,
};

const char *
kc_grpc_code_name(int code)
{
	static __thread char buf[24];

	if (code >= 0 && (size_t)code < KC_ARRAY_SIZE(code_names))
		return code_names[code];
	snprintf(buf, sizeof(buf), "Code(%d)", code);
	return buf;
}

int
kc_grpc_code_to_err(int code)
{
	if (code >= 0 && (size_t)code < KC_ARRAY_SIZE(code_errs))
		return code_errs[code];
	return KC_ERR_INTERNAL;
}

/* --- framing ------------------------------------------------------------------------------ */

uint8_t *
kc_grpc_frame_pack(const ProtobufCMessage *msg, size_t *ret_len)
{
	size_t len = protobuf_c_message_get_packed_size(msg);
	uint8_t *frame;

	if (len > UINT32_MAX || len > SIZE_MAX - FRAME_HEADER_LEN)
		return NULL;
	frame = malloc(FRAME_HEADER_LEN + len);
	if (frame == NULL)
		return NULL;
	frame[0] = 0; /* not compressed */
	frame[1] = (uint8_t)(len >> 24);
	frame[2] = (uint8_t)(len >> 16);
	frame[3] = (uint8_t)(len >> 8);
	frame[4] = (uint8_t)len;
	protobuf_c_message_pack(msg, frame + FRAME_HEADER_LEN);
	*ret_len = FRAME_HEADER_LEN + len;
	return frame;
}

void
kc_grpc_reader_init(struct kc_grpc_reader *rd, size_t max)
{
	memset(rd, 0, sizeof(*rd));
	rd->max = max;
}

void
kc_grpc_reader_release(struct kc_grpc_reader *rd)
{
	free(rd->msg);
	rd->msg = NULL;
	rd->hdr_len = 0;
	rd->msg_len = 0;
	rd->msg_have = 0;
}

int
kc_grpc_reader_partial(const struct kc_grpc_reader *rd)
{
	return rd->hdr_len > 0;
}

static int reader_fail(struct kc_grpc_reader *rd, int r, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
reader_fail(struct kc_grpc_reader *rd, int r, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rd->error, sizeof(rd->error), fmt, ap);
	va_end(ap);
	rd->failed = r;
	rd->code = code;
	kc_grpc_reader_release(rd);
	return r;
}

/* The header is complete: check it (grpc-go rpc_util.go recvMsg/checkRecvPayload). */
static int
reader_check_header(struct kc_grpc_reader *rd)
{
	uint32_t len = (uint32_t)rd->hdr[1] << 24 | (uint32_t)rd->hdr[2] << 16 |
		       (uint32_t)rd->hdr[3] << 8 | (uint32_t)rd->hdr[4];

	if (rd->hdr[0] == 1)
		return reader_fail(rd, KC_ERR_UNSUPPORTED, KC_GRPC_INTERNAL,
				   "grpc: compressed flag set with identity or empty encoding");
	if (rd->hdr[0] != 0)
		return reader_fail(rd, KC_ERR_PARSE, KC_GRPC_INTERNAL,
				   "grpc: received unexpected payload format %u", rd->hdr[0]);
	if (len > rd->max)
		return reader_fail(rd, KC_ERR_TOO_LARGE, KC_GRPC_RESOURCE_EXHAUSTED,
				   "grpc: received message larger than max (%lu vs. %zu)",
				   (unsigned long)len, rd->max);
	rd->msg_len = len;
	rd->msg_have = 0;
	return 0;
}

/* A whole message is at hand: hand it out and get ready for the next header. */
static int
reader_emit(struct kc_grpc_reader *rd, const uint8_t *data, size_t len, kc_grpc_frame_cb cb,
	    void *arg)
{
	static const uint8_t empty[1];

	rd->hdr_len = 0;
	rd->msg_len = 0;
	rd->msg_have = 0;
	return cb(arg, len > 0 ? data : empty, len);
}

int
kc_grpc_reader_feed(struct kc_grpc_reader *rd, const void *data, size_t len, kc_grpc_frame_cb cb,
		    void *arg)
{
	const uint8_t *p = data;
	const uint8_t *end = p + len;
	int r;

	if (rd->failed)
		return rd->failed;
	while (p < end) {
		size_t avail = (size_t)(end - p);

		if (rd->hdr_len < FRAME_HEADER_LEN) {
			size_t n = FRAME_HEADER_LEN - rd->hdr_len;

			if (n > avail)
				n = avail;
			memcpy(rd->hdr + rd->hdr_len, p, n);
			rd->hdr_len += n;
			p += n;
			if (rd->hdr_len < FRAME_HEADER_LEN)
				break;
			if ((r = reader_check_header(rd)) < 0)
				return r;
			avail = (size_t)(end - p);
		}
		/* The common case: the whole message is in this chunk, no copy. */
		if (rd->msg == NULL && avail >= rd->msg_len) {
			size_t n = rd->msg_len;

			p += n;
			if ((r = reader_emit(rd, p - n, n, cb, arg)) != 0)
				return r;
			continue;
		}
		if (rd->msg == NULL) {
			/* Bounded by rd->max, checked in reader_check_header(). */
			rd->msg = malloc(rd->msg_len);
			if (rd->msg == NULL)
				return reader_fail(rd, KC_ERR_NOMEM, KC_GRPC_RESOURCE_EXHAUSTED,
						   "grpc: cannot allocate %zu bytes for a message",
						   rd->msg_len);
		}
		{
			size_t n = rd->msg_len - rd->msg_have;
			uint8_t *msg;

			if (n > avail)
				n = avail;
			memcpy(rd->msg + rd->msg_have, p, n);
			rd->msg_have += n;
			p += n;
			if (rd->msg_have < rd->msg_len)
				break;
			msg = kc_take_ptr(rd->msg);
			r = reader_emit(rd, msg, rd->msg_len, cb, arg);
			free(msg);
			if (r != 0)
				return r;
		}
	}
	return 0;
}

/* --- small helpers ------------------------------------------------------------------------ */

char *
kc_grpc_timeout_encode(long timeout_ms, char *buf, size_t len)
{
	/* grpc-go encodeTimeout: at most 8 digits, rounding up, the finest unit that fits. */
	static const struct {
		long ms;
		char unit;
	} units[] = { { 1, 'm' }, { 1000, 'S' }, { 60000, 'M' }, { 3600000, 'H' } };
	const long max = 99999999;
	size_t i;

	if (timeout_ms <= 0) {
		snprintf(buf, len, "0n");
		return buf;
	}
	for (i = 0; i < KC_ARRAY_SIZE(units); i++) {
		long v = timeout_ms / units[i].ms + (timeout_ms % units[i].ms != 0);

		if (v <= max || i + 1 == KC_ARRAY_SIZE(units)) {
			snprintf(buf, len, "%ld%c", v > max ? max : v, units[i].unit);
			return buf;
		}
	}
	return buf;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
kc_grpc_message_decode(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t i, o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len) {
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);

			if (hi >= 0 && lo >= 0) {
				out[o++] = (char)(hi << 4 | lo);
				i += 2;
				continue;
			}
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* Go's http.StatusText for the statuses a gRPC peer or proxy sends. */
static const char *
http_status_text(long status)
{
	static const struct {
		long status;
		const char *text;
	} texts[] = {
		{ 400, "Bad Request" },
		{ 401, "Unauthorized" },
		{ 403, "Forbidden" },
		{ 404, "Not Found" },
		{ 405, "Method Not Allowed" },
		{ 408, "Request Timeout" },
		{ 413, "Request Entity Too Large" },
		{ 415, "Unsupported Media Type" },
		{ 429, "Too Many Requests" },
		{ 431, "Request Header Fields Too Large" },
		{ 500, "Internal Server Error" },
		{ 501, "Not Implemented" },
		{ 502, "Bad Gateway" },
		{ 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
		{ 505, "HTTP Version Not Supported" },
	};
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(texts); i++)
		if (texts[i].status == status)
			return texts[i].text;
	return "";
}

/* grpc-go internal/transport/http_util.go HTTPStatusConvTab; others are Unknown. */
static int
http_status_code(long status)
{
	switch (status) {
	case 400:
		return KC_GRPC_INTERNAL;
	case 401:
		return KC_GRPC_UNAUTHENTICATED;
	case 403:
		return KC_GRPC_PERMISSION_DENIED;
	case 404:
		return KC_GRPC_UNIMPLEMENTED;
	case 429:
	case 502:
	case 503:
	case 504:
		return KC_GRPC_UNAVAILABLE;
	default:
		return KC_GRPC_UNKNOWN;
	}
}

/* grpcutil.ContentSubtype: "application/grpc" alone or followed by '+' or ';'. */
static int
is_grpc_content_type(const char *ct)
{
	static const char base[] = "application/grpc";
	size_t n = sizeof(base) - 1;

	if (strncmp(ct, base, n) != 0)
		return 0;
	return ct[n] == '\0' || ct[n] == '+' || ct[n] == ';';
}

int
kc_grpc_status_from_response(long http_status, const char *content_type, const char *grpc_status,
			     const char *grpc_message, int trailers_seen, struct kc_strbuf *msg)
{
	int grpc_ct = content_type != NULL && is_grpc_content_type(content_type);
	char *end;
	long code;

	/* operateHeaders: a non-200 or non-gRPC header block decides, whatever grpc-status says. */
	if (http_status != 200 || !grpc_ct) {
		int c = http_status == 0 ? KC_GRPC_INTERNAL : http_status_code(http_status);

		if (http_status == 0)
			kc_strbuf_adds(msg, "malformed header: missing HTTP status");
		else if (http_status != 200)
			kc_strbuf_addf(msg,
				       "unexpected HTTP status code received from server: %ld (%s)",
				       http_status, http_status_text(http_status));
		if (!grpc_ct) {
			if (msg->len > 0)
				kc_strbuf_adds(msg, "; ");
			if (content_type == NULL)
				kc_strbuf_adds(msg, "malformed header: missing HTTP content-type");
			else
				kc_strbuf_addf(msg,
					       "transport: received unexpected content-type \"%s\"",
					       content_type);
		}
		return c;
	}
	if (grpc_status == NULL) {
		/* handleData ends a stream that had no trailers; an empty trailer block is Unknown */
		if (trailers_seen)
			return KC_GRPC_UNKNOWN;
		kc_strbuf_adds(msg, "server closed the stream without sending trailers");
		return KC_GRPC_INTERNAL;
	}
	errno = 0;
	code = strtol(grpc_status, &end, 10);
	if (errno != 0 || end == grpc_status || *end != '\0' || code < INT32_MIN ||
	    code > INT32_MAX) {
		kc_strbuf_addf(msg, "transport: malformed grpc-status: \"%s\"", grpc_status);
		return KC_GRPC_INTERNAL;
	}
	if (grpc_message != NULL) {
		KC_AUTOFREE char *m = kc_grpc_message_decode(grpc_message, strlen(grpc_message));

		kc_strbuf_adds(msg, m != NULL ? m : grpc_message);
	}
	return (int)code;
}

/* --- TLS ---------------------------------------------------------------------------------- */

/* Adds every certificate of a PEM string to the store; -1 when there is none or on error. */
static int
add_pem_cas(X509_STORE *store, const char *pem)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *x;
	int n = 0, r = 0;

	if (bio == NULL)
		return -1;
	while (r == 0 && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (X509_STORE_add_cert(store, x) != 1)
			r = -1;
		X509_free(x);
		n++;
	}
	ERR_clear_error(); /* the loop ends on "no start line" */
	BIO_free(bio);
	return r == 0 && n > 0 ? 0 : -1;
}

/* The first certificate of a PEM string as ours, the others as its chain. */
static int
use_pem_cert_chain(SSL_CTX *ctx, const char *pem)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *x = bio != NULL ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	X509 *ca;
	int r = -1;

	if (x != NULL && SSL_CTX_use_certificate(ctx, x) == 1) {
		r = 0;
		while (r == 0 && (ca = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
			if (SSL_CTX_add0_chain_cert(ctx, ca) != 1) { /* takes ca on success */
				X509_free(ca);
				r = -1;
			}
		}
	}
	X509_free(x);
	ERR_clear_error();
	BIO_free(bio);
	return r;
}

static int
use_pem_key(SSL_CTX *ctx, const char *pem)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *key = bio != NULL ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
	int r = key != NULL && SSL_CTX_use_PrivateKey(ctx, key) == 1 ? 0 : -1;

	EVP_PKEY_free(key);
	BIO_free(bio);
	return r;
}

/* An OpenSSL client context for the options, offering only h2 by ALPN; NULL when a CA,
 * certificate or key does not load (or they do not match). */
static SSL_CTX *
tls_context_new(const struct kc_grpc_channel_options *o)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	int ok;

	if (ctx == NULL)
		return NULL;
	ok = SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1;
	if (o->ca_file == NULL && o->ca_pem == NULL)
		ok = ok && SSL_CTX_set_default_verify_paths(ctx) == 1;
	if (o->ca_file != NULL)
		ok = ok && SSL_CTX_load_verify_locations(ctx, o->ca_file, NULL) == 1;
	if (o->ca_pem != NULL)
		ok = ok && add_pem_cas(SSL_CTX_get_cert_store(ctx), o->ca_pem) == 0;
	if (o->cert_file != NULL)
		ok = ok && SSL_CTX_use_certificate_chain_file(ctx, o->cert_file) == 1;
	if (o->cert_pem != NULL)
		ok = ok && use_pem_cert_chain(ctx, o->cert_pem) == 0;
	if (o->key_file != NULL)
		ok = ok && SSL_CTX_use_PrivateKey_file(ctx, o->key_file, SSL_FILETYPE_PEM) == 1;
	if (o->key_pem != NULL)
		ok = ok && use_pem_key(ctx, o->key_pem) == 0;
	if (o->cert_file != NULL || o->cert_pem != NULL || o->key_file != NULL ||
	    o->key_pem != NULL)
		ok = ok && SSL_CTX_check_private_key(ctx) == 1;
	/* SSL_CTX_set_alpn_protos() returns 0 on success */
	ok = ok && SSL_CTX_set_alpn_protos(ctx, (const unsigned char *)"\x02h2", 3) == 0;
	SSL_CTX_set_verify(ctx, o->insecure_skip_verify ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, NULL);
	ERR_clear_error();
	if (!ok) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* --- channel ------------------------------------------------------------------------------ */

/* "host[:port]" with an optional trailing '/': no path, query, fragment or user info. */
static int
valid_authority(const char *s)
{
	size_t n = strlen(s);

	if (n > 0 && s[n - 1] == '/')
		n--;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || strchr("/?#@\\", c) != NULL)
			return 0;
	}
	return 1;
}

/* Splits "host[:port]" or "[v6]:port" (authority without a trailing '/'). */
static int
split_host_port(struct kc_grpc_channel *ch, const char *authority, int default_port)
{
	const char *colon;
	char *end;
	long port = default_port;

	if (authority[0] == '[') {
		const char *close = strchr(authority, ']');

		if (close == NULL || close == authority + 1 ||
		    (close[1] != '\0' && close[1] != ':'))
			return KC_ERR_INVALID;
		ch->host = strndup(authority + 1, (size_t)(close - authority - 1));
		colon = close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = strchr(authority, ':');
		if (colon != NULL && strchr(colon + 1, ':') != NULL)
			return KC_ERR_INVALID; /* a bare IPv6 address needs brackets */
		ch->host = colon != NULL ? strndup(authority, (size_t)(colon - authority))
					 : strdup(authority);
	}
	if (ch->host == NULL)
		return KC_ERR_NOMEM;
	if (ch->host[0] == '\0')
		return KC_ERR_INVALID;
	if (colon != NULL) {
		errno = 0;
		port = strtol(colon + 1, &end, 10);
		if (colon[1] == '\0' || *end != '\0' || errno != 0 || port < 1 || port > 65535)
			return KC_ERR_INVALID;
	}
	ch->port = (int)port;
	return 0;
}

static int
parse_target(struct kc_grpc_channel *ch, const char *target)
{
	const char *path = NULL, *authority;
	size_t len;

	if (strncmp(target, "unix://", 7) == 0)
		path = target + 7;
	else if (strncmp(target, "unix:", 5) == 0)
		path = target + 5;
	else if (target[0] == '/')
		path = target; /* kubelet still accepts a bare path (deprecated) */
	if (path != NULL) {
		if (path[0] != '/' || strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
			return KC_ERR_INVALID;
		ch->kind = TARGET_UNIX;
		ch->socket_path = strdup(path);
		ch->authority = strdup("localhost");
		return ch->socket_path != NULL && ch->authority != NULL ? 0 : KC_ERR_NOMEM;
	}
	if (strncmp(target, "http://", 7) == 0) {
		ch->kind = TARGET_H2C;
		authority = target + 7;
	} else if (strncmp(target, "https://", 8) == 0) {
		ch->kind = TARGET_TLS;
		authority = target + 8;
	} else {
		return KC_ERR_INVALID;
	}
	if (!valid_authority(authority))
		return KC_ERR_INVALID;
	len = strcspn(authority, "/");
	ch->authority = strndup(authority, len);
	if (ch->authority == NULL)
		return KC_ERR_NOMEM;
	return split_host_port(ch, ch->authority, ch->kind == TARGET_TLS ? 443 : 80);
}

int
kc_grpc_channel_new(struct event_base *base, const char *target,
		    const struct kc_grpc_channel_options *opts,
		    struct kc_grpc_channel **ret_channel)
{
	static const struct kc_grpc_channel_options no_opts;
	struct kc_grpc_channel *ch;
	int r;

	if (base == NULL || target == NULL)
		return KC_ERR_INVALID;
	if (opts == NULL)
		opts = &no_opts;
	ch = calloc(1, sizeof(*ch));
	if (ch == NULL)
		return KC_ERR_NOMEM;
	ch->base = base;
	TAILQ_INIT(&ch->conns);
	TAILQ_INIT(&ch->calls);
	ch->max_recv = opts->max_recv_msg_size ? opts->max_recv_msg_size
					       : KC_GRPC_DEFAULT_MAX_RECV_MSG_SIZE;
	ch->keepalive_time = opts->keepalive_time_ms > 0 ? opts->keepalive_time_ms : 0;
	ch->keepalive_timeout = opts->keepalive_timeout_ms > 0 ? opts->keepalive_timeout_ms : 20000;
	if ((r = parse_target(ch, target)) < 0)
		goto out;
	ch->user_agent = strdup(opts->user_agent != NULL ? opts->user_agent
							 : "ckube/" KC_GIT_VERSION " grpc-c");
	if (ch->user_agent == NULL) {
		r = KC_ERR_NOMEM;
		goto out;
	}
	if (ch->kind == TARGET_TLS && (ch->ssl_ctx = tls_context_new(opts)) == NULL) {
		r = KC_ERR_INVALID;
		goto out;
	}
	*ret_channel = kc_take_ptr(ch);
	r = 0;
out:
	kc_grpc_channel_free(ch);
	return r;
}

/* --- calls: bookkeeping ------------------------------------------------------------------- */

/* The monotonic clock in the unit of deadlines and keepalive idle times: milliseconds. */
static long
now_ms(void)
{
	return (long)(kc_clock_mono_ns() / KC_NSEC_PER_MSEC);
}

/* Forgets the response of an attempt, for a fresh one. */
static void
call_reset_response(struct kc_grpc_call *call)
{
	kc_grpc_reader_release(&call->reader);
	kc_grpc_reader_init(&call->reader, call->ch->max_recv);
	if (call->response != NULL)
		protobuf_c_message_free_unpacked(call->response, NULL);
	call->response = NULL;
	free(call->content_type);
	free(call->grpc_status);
	free(call->grpc_message);
	call->content_type = call->grpc_status = call->grpc_message = NULL;
	call->http_status = 0;
	call->block = BLOCK_NONE;
	call->trailers_seen = 0;
	call->end_stream = 0;
	call->fail_code = KC_GRPC_OK;
	call->fail_message[0] = '\0';
	call->frame_sent = 0;
}

static void
call_free(struct kc_grpc_call *call)
{
	if (call->timer != NULL)
		event_free(call->timer);
	kc_grpc_reader_release(&call->reader);
	if (call->response != NULL)
		protobuf_c_message_free_unpacked(call->response, NULL);
	free(call->content_type);
	free(call->grpc_status);
	free(call->grpc_message);
	free(call->path);
	free(call->frame);
	free(call);
}

/* The call leaves its connection (its stream is closed or being reset). */
static void
call_detach(struct kc_grpc_call *call)
{
	if (call->conn == NULL)
		return;
	TAILQ_REMOVE(&call->conn->calls, call, clink);
	call->conn = NULL;
	call->stream_id = 0;
}

static void conn_flush(struct grpc_conn *c);

/* Resets the call's stream (if it has one) and detaches it: nothing more arrives for it. */
static void
call_reset_stream(struct kc_grpc_call *call, uint32_t error_code)
{
	struct grpc_conn *c = call->conn;

	if (c == NULL)
		return;
	if (!c->dead) {
		nghttp2_submit_rst_stream(c->h2, NGHTTP2_FLAG_NONE, call->stream_id, error_code);
		nghttp2_session_set_stream_user_data(c->h2, call->stream_id, NULL);
	}
	call_detach(call);
	conn_flush(c); /* deferred when inside the session */
}

/* Delivers the final status and frees the call. */
static void
call_finish(struct kc_grpc_call *call, int code, const char *message)
{
	struct kc_grpc_channel *ch = call->ch;
	struct kc_grpc_status st = {
		.code = code,
		.err = kc_grpc_code_to_err(code),
		.message = message,
	};
	ProtobufCMessage *response = NULL;

	call->done = 1;
	call_detach(call);
	TAILQ_REMOVE(&ch->calls, call, link);
	ch->active--;
	if (code == KC_GRPC_OK)
		response = kc_take_ptr(call->response);
	if (call->streaming)
		call->status_cb(call->arg, &st);
	else
		call->unary_cb(call->arg, &st, response);
	call_free(call);
}

static void
call_set_failure(struct kc_grpc_call *call, int code, const char *msg)
{
	if (call->fail_code != KC_GRPC_OK)
		return; /* the first failure is the one to report */
	call->fail_code = code;
	snprintf(call->fail_message, sizeof(call->fail_message), "%s", msg);
}

/* --- calls: the end of a stream ----------------------------------------------------------- */

/* grpc-go internal/transport/http_util.go http2ErrConvTab, with Go's names for the codes. */
static const struct {
	const char *name;
	int code;
} rst_codes[] = {
	[NGHTTP2_NO_ERROR] = { "NO_ERROR", KC_GRPC_INTERNAL },
	[NGHTTP2_PROTOCOL_ERROR] = { "PROTOCOL_ERROR", KC_GRPC_INTERNAL },
	[NGHTTP2_INTERNAL_ERROR] = { "INTERNAL_ERROR", KC_GRPC_INTERNAL },
	[NGHTTP2_FLOW_CONTROL_ERROR] = { "FLOW_CONTROL_ERROR", KC_GRPC_RESOURCE_EXHAUSTED },
	[NGHTTP2_SETTINGS_TIMEOUT] = { "SETTINGS_TIMEOUT", KC_GRPC_INTERNAL },
	[NGHTTP2_STREAM_CLOSED] = { "STREAM_CLOSED", KC_GRPC_INTERNAL },
	[NGHTTP2_FRAME_SIZE_ERROR] = { "FRAME_SIZE_ERROR", KC_GRPC_INTERNAL },
	[NGHTTP2_REFUSED_STREAM] = { "REFUSED_STREAM", KC_GRPC_UNAVAILABLE },
	[NGHTTP2_CANCEL] = { "CANCEL", KC_GRPC_CANCELED },
	[NGHTTP2_COMPRESSION_ERROR] = { "COMPRESSION_ERROR", KC_GRPC_INTERNAL },
	[NGHTTP2_CONNECT_ERROR] = { "CONNECT_ERROR", KC_GRPC_INTERNAL },
	[NGHTTP2_ENHANCE_YOUR_CALM] = { "ENHANCE_YOUR_CALM", KC_GRPC_RESOURCE_EXHAUSTED },
	[NGHTTP2_INADEQUATE_SECURITY] = { "INADEQUATE_SECURITY", KC_GRPC_PERMISSION_DENIED },
	[NGHTTP2_HTTP_1_1_REQUIRED] = { "HTTP_1_1_REQUIRED", KC_GRPC_INTERNAL },
};

/* A header block that is not a gRPC answer decides the status (grpc-go operateHeaders). */
static int
headers_not_grpc(const struct kc_grpc_call *call)
{
	return call->block != BLOCK_NONE && call->http_status != 0 &&
	       (call->http_status != 200 || call->content_type == NULL ||
		!is_grpc_content_type(call->content_type));
}

/*
 * The stream closed with `error_code`: work out the status, grpc-go's way, and finish.  A
 * status the server sent counts even when a reset follows it (a server answering before it read
 * the request resets the stream with NO_ERROR).  Without one, a reset is reported as such.
 */
static void
call_end(struct kc_grpc_call *call, uint32_t error_code)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf msg = KC_STRBUF_INIT;
	int code;

	if (call->grpc_status == NULL && !call->end_stream && !headers_not_grpc(call)) {
		if (error_code < KC_ARRAY_SIZE(rst_codes) && rst_codes[error_code].name != NULL) {
			code = rst_codes[error_code].code;
			kc_strbuf_addf(&msg, "stream terminated by RST_STREAM with error code: %s",
				       rst_codes[error_code].name);
		} else {
			code = KC_GRPC_UNKNOWN;
			kc_strbuf_addf(&msg, "stream terminated by RST_STREAM with error code: %u",
				       error_code);
		}
		call_finish(call, code, msg.buf);
		return;
	}
	code = kc_grpc_status_from_response(call->http_status, call->content_type,
					    call->grpc_status, call->grpc_message,
					    call->trailers_seen, &msg);
	if (code == KC_GRPC_OK && kc_grpc_reader_partial(&call->reader)) {
		code = KC_GRPC_INTERNAL;
		kc_strbuf_adds(&msg, "unexpected EOF");
	} else if (code == KC_GRPC_OK && !call->streaming && call->response == NULL) {
		code = KC_GRPC_INTERNAL;
		kc_strbuf_adds(&msg, "cardinality violation: received no response message from "
				     "non-server-streaming RPC");
	}
	call_finish(call, code, msg.buf);
}

/* Our side gives up on the stream (bad frame, deadline): reset it and finish. */
static void
call_abort(struct kc_grpc_call *call, int code, const char *message)
{
	call_reset_stream(call, NGHTTP2_CANCEL);
	call_finish(call, code, message);
}

static int call_start(struct kc_grpc_call *call);

/* The server refused the stream before processing it (REFUSED_STREAM, GOAWAY): send it again,
 * once, as grpc-go's transparent retry does. */
static void
call_retry(struct kc_grpc_call *call, uint32_t error_code)
{
	if (call->retried || call->canceled) {
		call_end(call, error_code);
		return;
	}
	call->retried = 1;
	call_reset_response(call);
	if (call_start(call) < 0)
		call_finish(call, KC_GRPC_UNAVAILABLE,
			    "connection error: desc = \"transport: out of memory\"");
}

/* --- nghttp2 session callbacks ------------------------------------------------------------ */

static struct kc_grpc_call *
stream_call(nghttp2_session *s, int32_t stream_id)
{
	return nghttp2_session_get_stream_user_data(s, stream_id);
}

static int
on_begin_headers(nghttp2_session *s, const nghttp2_frame *f, void *arg)
{
	struct kc_grpc_call *call = stream_call(s, f->hd.stream_id);

	if (call != NULL)
		call->block = BLOCK_PENDING;
	return 0;
}

static void
keep_value(char **dst, const uint8_t *v, size_t len)
{
	free(*dst);
	*dst = strndup((const char *)v, len); /* NULL when out of memory: read as "missing" */
}

static int
on_header(nghttp2_session *s, const nghttp2_frame *f, const uint8_t *name, size_t namelen,
	  const uint8_t *value, size_t valuelen, uint8_t flags, void *arg)
{
	struct kc_grpc_call *call = stream_call(s, f->hd.stream_id);

	if (call == NULL)
		return 0;
	if (namelen == 7 && memcmp(name, ":status", 7) == 0) {
		long status = valuelen == 3 ? strtol((const char *)value, NULL, 10) : 0;

		if (status >= 100 && status < 200) {
			call->block = BLOCK_INFO; /* 100 Continue and the like: not the answer */
			return 0;
		}
		call->block = BLOCK_RESPONSE;
		call->http_status = status;
		free(call->content_type);
		call->content_type = NULL;
		return 0;
	}
	if (call->block == BLOCK_INFO)
		return 0;
	if (call->block == BLOCK_PENDING) {
		call->block = BLOCK_TRAILERS; /* no :status: trailers */
		call->trailers_seen = 1;
	}
	if (namelen == 12 && memcmp(name, "content-type", 12) == 0) {
		if (call->block == BLOCK_RESPONSE)
			keep_value(&call->content_type, value, valuelen);
	} else if (namelen == 11 && memcmp(name, "grpc-status", 11) == 0) {
		keep_value(&call->grpc_status, value, valuelen);
	} else if (namelen == 12 && memcmp(name, "grpc-message", 12) == 0) {
		keep_value(&call->grpc_message, value, valuelen);
	}
	return 0;
}

static void conn_drain(struct grpc_conn *c);

static int
on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *arg)
{
	struct kc_grpc_call *call;

	if (f->hd.type == NGHTTP2_GOAWAY) {
		conn_drain(arg); /* streams it did not process close with REFUSED_STREAM */
		return 0;
	}
	if (f->hd.type != NGHTTP2_DATA && f->hd.type != NGHTTP2_HEADERS)
		return 0;
	call = stream_call(s, f->hd.stream_id);
	if (call == NULL)
		return 0;
	if (f->hd.type == NGHTTP2_HEADERS && call->block == BLOCK_PENDING) {
		call->block = BLOCK_TRAILERS; /* an empty trailer block */
		call->trailers_seen = 1;
	}
	if (f->hd.flags & NGHTTP2_FLAG_END_STREAM)
		call->end_stream = 1;
	return 0;
}

/* One decoded message: unpack it and deliver it (stream) or keep it (unary). */
static int
on_response_message(void *arg, const uint8_t *data, size_t len)
{
	struct kc_grpc_call *call = arg;
	ProtobufCMessage *msg;

	if (!call->streaming && call->response != NULL) {
		call_set_failure(call, KC_GRPC_INTERNAL,
				 "cardinality violation: expected <EOF> for non server-streaming "
				 "RPCs, but received another message");
		return -1;
	}
	msg = protobuf_c_message_unpack(call->desc, NULL, len, data);
	if (msg == NULL) {
		call_set_failure(call, KC_GRPC_INTERNAL,
				 "grpc: failed to unmarshal the received message");
		return -1;
	}
	if (!call->streaming) {
		call->response = msg;
		return 0;
	}
	call->message_cb(call->arg, msg);
	return call->canceled ? 1 : 0;
}

static int
on_data_chunk(nghttp2_session *s, uint8_t flags, int32_t stream_id, const uint8_t *data, size_t len,
	      void *arg)
{
	struct kc_grpc_call *call = stream_call(s, stream_id);
	int r;

	if (call == NULL)
		return 0;
	call->busy++;
	r = kc_grpc_reader_feed(&call->reader, data, len, on_response_message, call);
	call->busy--;
	if (call->canceled) {
		/* Canceled from a message callback: its stream is already reset. */
		if (call->busy == 0)
			call_free(call);
		return 0;
	}
	if (r < 0) {
		if (call->reader.failed)
			call_set_failure(call, call->reader.code, call->reader.error);
		call_abort(call, call->fail_code, call->fail_message);
	}
	return 0;
}

static int
on_stream_close(nghttp2_session *s, int32_t stream_id, uint32_t error_code, void *arg)
{
	struct kc_grpc_call *call = stream_call(s, stream_id);

	if (call == NULL)
		return 0;
	call_detach(call);
	if (error_code == NGHTTP2_REFUSED_STREAM && call->block == BLOCK_NONE)
		call_retry(call, error_code);
	else
		call_end(call, error_code);
	return 0;
}

/* A request that never went out (the connection is going away): try it elsewhere. */
static int
on_frame_not_send(nghttp2_session *s, const nghttp2_frame *f, int lib_error, void *arg)
{
	struct grpc_conn *c = arg;
	struct kc_grpc_call *call;

	if (f->hd.type != NGHTTP2_HEADERS)
		return 0;
	/* The stream was never created, so its user data is not reachable: look it up. */
	TAILQ_FOREACH(call, &c->calls, clink)
		if (call->stream_id == f->hd.stream_id)
			break;
	if (call != NULL) {
		call_detach(call);
		call_retry(call, NGHTTP2_REFUSED_STREAM);
	}
	return 0;
}

/* The request body: the frame, then END_STREAM. */
static ssize_t
read_request(nghttp2_session *s, int32_t stream_id, uint8_t *buf, size_t len, uint32_t *flags,
	     nghttp2_data_source *source, void *arg)
{
	struct kc_grpc_call *call = stream_call(s, stream_id);
	size_t n;

	if (call == NULL)
		return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; /* canceled meanwhile */
	n = call->frame_len - call->frame_sent;
	if (n > len)
		n = len;
	memcpy(buf, call->frame + call->frame_sent, n);
	call->frame_sent += n;
	if (call->frame_sent == call->frame_len)
		*flags |= NGHTTP2_DATA_FLAG_EOF;
	return (ssize_t)n;
}

/* --- connections -------------------------------------------------------------------------- */

static void conn_fail_later(struct grpc_conn *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void conn_connect_next(struct grpc_conn *c);

static void
conn_free(struct grpc_conn *c)
{
	struct kc_grpc_channel *ch = c->ch;

	TAILQ_REMOVE(&ch->conns, c, link);
	if (ch->conn == c)
		ch->conn = NULL;
	if (c->dns_req != NULL) {
		struct evdns_getaddrinfo_request *req = kc_take_ptr(c->dns_req);

		evdns_getaddrinfo_cancel(req); /* calls on_resolved(EVUTIL_EAI_CANCEL) */
	}
	if (c->addrs != NULL)
		evutil_freeaddrinfo(c->addrs);
	if (c->h2 != NULL)
		nghttp2_session_del(c->h2);
	if (c->bev != NULL)
		bufferevent_free(c->bev);
	if (c->fail_ev != NULL)
		event_free(c->fail_ev);
	if (c->keepalive_ev != NULL)
		event_free(c->keepalive_ev);
	free(c->fail_message);
	free(c);
}

/* No new calls go to a connection the server is closing. */
static void
conn_drain(struct grpc_conn *c)
{
	c->draining = 1;
	if (c->ch->conn == c)
		c->ch->conn = NULL;
}

/* Closes a connection with nothing more to do on it: draining and idle, or session over. */
static void
conn_check_idle(struct grpc_conn *c)
{
	if (c->dead || c->in_h2)
		return;
	if (c->draining && TAILQ_EMPTY(&c->calls))
		conn_fail_later(c, KC_GRPC_UNAVAILABLE, "transport: the connection is closing");
	else if (!nghttp2_session_want_read(c->h2) && !nghttp2_session_want_write(c->h2))
		conn_fail_later(
			c, KC_GRPC_UNAVAILABLE,
			"connection error: desc = \"transport: the connection is closing\"");
}

/* Sends what the session has to send; deferred while inside it. */
static void
conn_flush(struct grpc_conn *c)
{
	if (c->dead || !c->connected)
		return; /* frames stay queued in the session until the connection is up */
	if (c->in_h2) {
		c->flush_pending = 1;
		return;
	}
	c->in_h2++;
	do {
		c->flush_pending = 0;
		for (;;) {
			const uint8_t *data;
			ssize_t n = nghttp2_session_mem_send(c->h2, &data);

			if (n < 0) {
				conn_fail_later(c, KC_GRPC_INTERNAL,
						"connection error: desc = \"transport: %s\"",
						nghttp2_strerror((int)n));
				break;
			}
			if (n == 0)
				break;
			if (bufferevent_write(c->bev, data, (size_t)n) < 0) {
				conn_fail_later(
					c, KC_GRPC_UNAVAILABLE,
					"connection error: desc = \"transport: out of memory\"");
				break;
			}
		}
	} while (c->flush_pending && !c->dead);
	c->in_h2--;
	conn_check_idle(c);
}

/* Fails every call still on the connection and frees it: run from the loop. */
static void
on_conn_fail(evutil_socket_t fd, short what, void *arg)
{
	struct grpc_conn *c = arg;
	struct kc_grpc_call *call;

	while ((call = TAILQ_FIRST(&c->calls)) != NULL) {
		call_detach(call);
		/* user code may start calls (they go to a new connection) or cancel these */
		call_finish(call, c->fail_code,
			    c->fail_message != NULL
				    ? c->fail_message
				    : "connection error: desc = \"transport: failed\"");
	}
	conn_free(c);
}

static void
conn_fail_later(struct grpc_conn *c, int code, const char *fmt, ...)
{
	va_list ap;

	if (c->dead)
		return;
	c->dead = 1;
	c->fail_code = code;
	va_start(ap, fmt);
	c->fail_message = kc_vstrfmt(fmt, ap);
	va_end(ap);
	conn_drain(c);
	if (c->bev != NULL)
		bufferevent_disable(c->bev, EV_READ | EV_WRITE);
	event_active(c->fail_ev, 0, 0);
}

static void
on_conn_read(struct bufferevent *bev, void *arg)
{
	struct grpc_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	size_t len;

	c->last_read = now_ms();
	c->in_h2++;
	while (!c->dead && (len = evbuffer_get_contiguous_space(in)) > 0) {
		ssize_t n = nghttp2_session_mem_recv(c->h2, evbuffer_pullup(in, (ssize_t)len), len);

		if (n < 0)
			conn_fail_later(c, KC_GRPC_UNAVAILABLE,
					"connection error: desc = \"transport: %s\"",
					nghttp2_strerror((int)n));
		evbuffer_drain(in, len);
	}
	if (c->dead)
		evbuffer_drain(in, evbuffer_get_length(in));
	c->in_h2--;
	conn_flush(c);
}

static void
keepalive_arm(struct grpc_conn *c, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (c->keepalive_ev != NULL && ms > 0)
		evtimer_add(c->keepalive_ev, &tv);
}

/*
 * The keepalive timer (grpc-go http2_client.go keepalive()): a PING after keepalive_time of
 * silence while calls run; reading anything answers it; silence for keepalive_timeout after it
 * means the peer or the path is gone.
 */
static void
on_keepalive(evutil_socket_t fd, short what, void *arg)
{
	struct grpc_conn *c = arg;
	struct kc_grpc_channel *ch = c->ch;
	long now = now_ms(), idle = now - c->last_read;

	if (c->dead)
		return;
	if (c->ping_sent != 0 && c->last_read < c->ping_sent) {
		if (now - c->ping_sent >= ch->keepalive_timeout) {
			conn_fail_later(
				c, KC_GRPC_UNAVAILABLE,
				"connection error: desc = \"keepalive ping failed to receive "
				"ACK within timeout\"");
			return;
		}
		keepalive_arm(c, ch->keepalive_timeout - (now - c->ping_sent));
		return;
	}
	c->ping_sent = 0;
	if (idle < ch->keepalive_time) {
		keepalive_arm(c, ch->keepalive_time - idle);
		return;
	}
	if (TAILQ_EMPTY(&c->calls)) { /* no PermitWithoutStream */
		keepalive_arm(c, ch->keepalive_time);
		return;
	}
	if (nghttp2_submit_ping(c->h2, NGHTTP2_FLAG_NONE, NULL) != 0) {
		conn_fail_later(c, KC_GRPC_UNAVAILABLE,
				"connection error: desc = \"transport: out of memory\"");
		return;
	}
	c->ping_sent = now;
	conn_flush(c);
	keepalive_arm(c, ch->keepalive_timeout);
}

/* errno as Go prints it ("connection refused"): glibc's text with a lower-case start. */
static const char *
errno_text(int err, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(err));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* "dial unix /run/x.sock" or "dial tcp 127.0.0.1:2379", as grpc-go names a dial. */
static void
dial_name(const struct grpc_conn *c, char *buf, size_t len)
{
	if (c->ch->kind == TARGET_UNIX)
		snprintf(buf, len, "dial unix %s", c->ch->socket_path);
	else
		snprintf(buf, len, "dial tcp %s", c->ch->authority);
}

/* Why a TLS connection failed, from OpenSSL's error queue and the verification result. */
static void
tls_error(const struct grpc_conn *c, char *buf, size_t len)
{
	SSL *ssl = bufferevent_openssl_get_ssl(c->bev);
	unsigned long e = bufferevent_get_openssl_error(c->bev);
	long verify = ssl != NULL ? SSL_get_verify_result(ssl) : X509_V_OK;
	char reason[256];

	ERR_error_string_n(e, reason, sizeof(reason));
	if (verify != X509_V_OK)
		snprintf(buf, len, "tls: certificate verify failed: %s",
			 X509_verify_cert_error_string(verify));
	else if (e != 0)
		snprintf(buf, len, "tls: %s",
			 ERR_reason_error_string(e) != NULL ? ERR_reason_error_string(e) : reason);
	else
		buf[0] = '\0';
	ERR_clear_error();
}

static void
on_conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct grpc_conn *c = arg;
	char dial[160], why[320], text[128];
	int err = EVUTIL_SOCKET_ERROR();

	if (c->dead)
		return;
	if (what & BEV_EVENT_CONNECTED) {
		if (c->ch->kind == TARGET_TLS) {
			const unsigned char *proto = NULL;
			unsigned int n = 0;

			SSL_get0_alpn_selected(bufferevent_openssl_get_ssl(bev), &proto, &n);
			if (n != 2 || memcmp(proto, "h2", 2) != 0) {
				conn_fail_later(
					c, KC_GRPC_UNAVAILABLE,
					"connection error: desc = \"transport: authentication "
					"handshake failed: the server did not negotiate HTTP/2 "
					"(ALPN h2)\"");
				return;
			}
		}
		if (c->ch->kind != TARGET_UNIX) {
			int one = 1;

			(void)setsockopt(bufferevent_getfd(bev), SOL_SOCKET, SO_KEEPALIVE, &one,
					 sizeof(one));
			/* Go's dialer sets TCP_NODELAY: without it a frame written while a small
			 * one (a WINDOW_UPDATE) is unacknowledged waits for the peer's delayed
			 * ACK, 40 ms on Linux */
			(void)setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY, &one,
					 sizeof(one));
		}
		c->connected = 1;
		bufferevent_set_timeouts(bev, NULL, NULL);
		c->last_read = now_ms();
		keepalive_arm(c, c->ch->keepalive_time);
		conn_flush(c);
		return;
	}
	dial_name(c, dial, sizeof(dial));
	why[0] = '\0';
	if (c->ch->kind == TARGET_TLS && (what & BEV_EVENT_ERROR))
		tls_error(c, why, sizeof(why));
	if (!c->connected && c->next_addr != NULL) {
		conn_connect_next(c); /* the name has more addresses: try the next */
		return;
	}
	if (why[0] != '\0' && !c->connected)
		conn_fail_later(c, KC_GRPC_UNAVAILABLE,
				"connection error: desc = \"transport: authentication handshake "
				"failed: %s\"",
				why);
	else if (why[0] != '\0')
		conn_fail_later(c, KC_GRPC_UNAVAILABLE, "error reading from server: %s", why);
	else if ((what & BEV_EVENT_ERROR) && bufferevent_socket_get_dns_error(bev) != 0)
		conn_fail_later(c, KC_GRPC_UNAVAILABLE,
				"connection error: desc = \"transport: Error while dialing: %s: "
				"lookup %s: %s\"",
				dial, c->ch->host,
				evutil_gai_strerror(bufferevent_socket_get_dns_error(bev)));
	else if (what & BEV_EVENT_TIMEOUT)
		conn_fail_later(c, KC_GRPC_UNAVAILABLE,
				"connection error: desc = \"transport: Error while dialing: %s: "
				"i/o timeout\"",
				dial);
	else if (!c->connected)
		conn_fail_later(c, KC_GRPC_UNAVAILABLE,
				"connection error: desc = \"transport: Error while dialing: %s: "
				"connect: %s\"",
				dial,
				(what & BEV_EVENT_EOF) ? "connection closed"
						       : errno_text(err, text, sizeof(text)));
	else if (what & BEV_EVENT_EOF)
		conn_fail_later(c, KC_GRPC_UNAVAILABLE, "error reading from server: EOF");
	else
		conn_fail_later(c, KC_GRPC_UNAVAILABLE, "error reading from server: %s",
				errno_text(err, text, sizeof(text)));
}

static nghttp2_session *
session_new(struct grpc_conn *c)
{
	static const nghttp2_settings_entry settings[] = {
		{ NGHTTP2_SETTINGS_ENABLE_PUSH, 0 },
		{ NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, STREAM_WINDOW },
	};
	nghttp2_session_callbacks *cbs;
	nghttp2_session *h2 = NULL;

	if (nghttp2_session_callbacks_new(&cbs) != 0)
		return NULL;
	nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, on_begin_headers);
	nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
	nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data_chunk);
	nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_stream_close);
	nghttp2_session_callbacks_set_on_frame_not_send_callback(cbs, on_frame_not_send);
	if (nghttp2_session_client_new(&h2, cbs, c) != 0)
		h2 = NULL;
	nghttp2_session_callbacks_del(cbs);
	if (h2 == NULL)
		return NULL;
	if (nghttp2_submit_settings(h2, NGHTTP2_FLAG_NONE, settings, KC_ARRAY_SIZE(settings)) ||
	    nghttp2_session_set_local_window_size(h2, NGHTTP2_FLAG_NONE, 0, CONNECTION_WINDOW)) {
		nghttp2_session_del(h2);
		return NULL;
	}
	return h2;
}

static struct bufferevent *
conn_bufferevent(struct grpc_conn *c)
{
	struct kc_grpc_channel *ch = c->ch;
	int opts = BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS;
	struct in6_addr a6;
	struct in_addr a4;
	struct bufferevent *bev;
	SSL *ssl;

	if (ch->kind != TARGET_TLS)
		return bufferevent_socket_new(ch->base, -1, opts);
	ssl = SSL_new(ch->ssl_ctx);
	if (ssl == NULL)
		return NULL;
	/* Verify the name we dialed; send it as SNI unless it is an address. */
	if (inet_pton(AF_INET, ch->host, &a4) == 1 || inet_pton(AF_INET6, ch->host, &a6) == 1) {
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), ch->host);
	} else {
		SSL_set_tlsext_host_name(ssl, ch->host);
		SSL_set1_host(ssl, ch->host);
	}
	bev = bufferevent_openssl_socket_new(ch->base, -1, ssl, BUFFEREVENT_SSL_CONNECTING, opts);
	if (bev == NULL) {
		SSL_free(ssl);
		return NULL;
	}
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

/* A fresh bufferevent for the next dial (the previous one, if any, is dropped). */
static int
conn_open_bufferevent(struct grpc_conn *c)
{
	struct timeval dial_timeout = { CONNECT_TIMEOUT_MS / 1000, 0 };

	if (c->bev != NULL)
		bufferevent_free(c->bev);
	c->bev = conn_bufferevent(c);
	if (c->bev == NULL)
		return KC_ERR_NOMEM;
	bufferevent_setcb(c->bev, on_conn_read, NULL, on_conn_event, c);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	bufferevent_set_timeouts(c->bev, &dial_timeout, &dial_timeout); /* until connected */
	return 0;
}

static void
conn_dial_failed(struct grpc_conn *c, const char *why)
{
	char dial[160];

	dial_name(c, dial, sizeof(dial));
	conn_fail_later(c, KC_GRPC_UNAVAILABLE,
			"connection error: desc = \"transport: Error while dialing: %s: %s\"", dial,
			why);
}

/* Dials the next resolved address (grpc-go tries them in order too). */
static void
conn_connect_next(struct grpc_conn *c)
{
	struct evutil_addrinfo *ai;
	char why[160] = "no address", text[128];

	while ((ai = c->next_addr) != NULL) {
		c->next_addr = ai->ai_next;
		if (conn_open_bufferevent(c) < 0) {
			conn_dial_failed(c, "out of memory");
			return;
		}
		if (bufferevent_socket_connect(c->bev, ai->ai_addr, (int)ai->ai_addrlen) == 0)
			return; /* the outcome comes to on_conn_event */
		snprintf(why, sizeof(why), "connect: %s", errno_text(errno, text, sizeof(text)));
	}
	conn_dial_failed(c, why);
}

static void
on_resolved(int result, struct evutil_addrinfo *res, void *arg)
{
	struct grpc_conn *c = arg;
	char why[200];

	if (result == EVUTIL_EAI_CANCEL)
		return; /* conn_free() is dropping the lookup */
	c->dns_req = NULL;
	if (result != 0) {
		snprintf(why, sizeof(why), "lookup %s: %s", c->ch->host,
			 evutil_gai_strerror(result));
		conn_dial_failed(c, why);
		return;
	}
	c->addrs = c->next_addr = res;
	conn_connect_next(c);
}

/* Starts dialing; failures are reported from the loop like any later one. */
static void
conn_dial(struct grpc_conn *c)
{
	struct kc_grpc_channel *ch = c->ch;
	struct evutil_addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_protocol = IPPROTO_TCP,
		.ai_flags = EVUTIL_AI_NUMERICHOST,
	};
	struct evdns_getaddrinfo_request *req;
	char port[16], why[160], text[128];

	if (ch->kind == TARGET_UNIX) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };

		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ch->socket_path);
		if (conn_open_bufferevent(c) < 0) {
			conn_dial_failed(c, "out of memory");
		} else if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&sun,
						      sizeof(sun)) < 0) {
			snprintf(why, sizeof(why), "connect: %s",
				 errno_text(errno, text, sizeof(text)));
			conn_dial_failed(c, why);
		}
		return;
	}
	snprintf(port, sizeof(port), "%d", ch->port);
	if (evutil_getaddrinfo(ch->host, port, &hints, &c->addrs) == 0) {
		c->next_addr = c->addrs; /* an address: no lookup */
		conn_connect_next(c);
		return;
	}
	hints.ai_flags = EVUTIL_AI_ADDRCONFIG; /* a name: only families this host can reach */
	if (ch->dns == NULL)
		ch->dns = evdns_base_new(ch->base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
	if (ch->dns == NULL) {
		conn_dial_failed(c, "cannot set up name resolution");
		return;
	}
	/* May answer at once (hosts file): on_resolved() then runs before this returns. */
	req = evdns_getaddrinfo(ch->dns, ch->host, port, &hints, on_resolved, c);
	if (c->addrs == NULL && !c->dead)
		c->dns_req = req;
}

/* A new connection, now the channel's; NULL when out of memory. */
static struct grpc_conn *
conn_new(struct kc_grpc_channel *ch)
{
	struct grpc_conn *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->ch = ch;
	TAILQ_INIT(&c->calls);
	TAILQ_INSERT_TAIL(&ch->conns, c, link);
	c->fail_ev = event_new(ch->base, -1, 0, on_conn_fail, c);
	if (ch->keepalive_time > 0)
		c->keepalive_ev = evtimer_new(ch->base, on_keepalive, c);
	c->h2 = session_new(c);
	if (c->fail_ev == NULL || c->h2 == NULL ||
	    (ch->keepalive_time > 0 && c->keepalive_ev == NULL)) {
		conn_free(c);
		return NULL;
	}
	ch->conn = c;
	ch->connects++;
	conn_dial(c);
	return c;
}

static int
valid_method(const char *method)
{
	const char *slash;

	/* "/package.Service/Method": two non-empty parts, no spaces or query. */
	if (method == NULL || method[0] != '/')
		return 0;
	slash = strchr(method + 1, '/');
	if (slash == NULL || slash == method + 1 || slash[1] == '\0' || strchr(slash + 1, '/'))
		return 0;
	for (const char *p = method; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == '?' || *p == '#')
			return 0;
	return 1;
}

/* --- calls: starting ---------------------------------------------------------------------- */

#define NV(n, v)                                                                                   \
	((nghttp2_nv){ (uint8_t *)(uintptr_t)(n), (uint8_t *)(uintptr_t)(v), strlen(n), strlen(v), \
		       NGHTTP2_NV_FLAG_NONE })

/* Opens the call's stream on c (the request goes out with the next flush). */
static int
call_attach(struct kc_grpc_call *call, struct grpc_conn *c)
{
	struct kc_grpc_channel *ch = call->ch;
	nghttp2_data_provider body = { .source.ptr = NULL, .read_callback = read_request };
	nghttp2_nv nva[8];
	size_t n = 0;
	char timeout[32];
	int32_t id;

	nva[n++] = NV(":method", "POST");
	nva[n++] = NV(":scheme", ch->kind == TARGET_TLS ? "https" : "http");
	nva[n++] = NV(":path", call->path);
	nva[n++] = NV(":authority", ch->authority);
	nva[n++] = NV("content-type", "application/grpc");
	nva[n++] = NV("te", "trailers");
	nva[n++] = NV("user-agent", ch->user_agent);
	if (call->deadline != 0) {
		long left = call->deadline - now_ms();

		kc_grpc_timeout_encode(left > 0 ? left : 1, timeout, sizeof(timeout));
		nva[n++] = NV("grpc-timeout", timeout);
	}
	id = nghttp2_submit_request(c->h2, NULL, nva, n, &body, call);
	if (id < 0)
		return id;
	call->stream_id = id;
	call->conn = c;
	TAILQ_INSERT_TAIL(&c->calls, call, clink);
	return 0;
}

/* Puts the call on the channel's connection (opening one if needed) and sends it. */
static int
call_start(struct kc_grpc_call *call)
{
	struct kc_grpc_channel *ch = call->ch;
	struct grpc_conn *c = ch->conn;
	int r;

	if (c == NULL && (c = conn_new(ch)) == NULL)
		return KC_ERR_NOMEM;
	r = call_attach(call, c);
	if (r == NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE) {
		/* 2^30 streams later: a fresh connection */
		conn_drain(c);
		conn_check_idle(c);
		if ((c = conn_new(ch)) == NULL)
			return KC_ERR_NOMEM;
		r = call_attach(call, c);
	}
	if (r < 0)
		return KC_ERR_NOMEM;
	conn_flush(c);
	return 0;
}

static void
on_deadline(evutil_socket_t fd, short what, void *arg)
{
	call_abort(arg, KC_GRPC_DEADLINE_EXCEEDED, "context deadline exceeded");
}

/* A new call, not yet started; NULL for bad arguments or when out of memory. */
static struct kc_grpc_call *
call_new(struct kc_grpc_channel *ch, const char *method, const ProtobufCMessage *request,
	 const ProtobufCMessageDescriptor *response_desc, long timeout_ms)
{
	struct kc_grpc_call *call;

	if (ch == NULL || !valid_method(method) || request == NULL || response_desc == NULL)
		return NULL;
	call = calloc(1, sizeof(*call));
	if (call == NULL)
		return NULL;
	call->ch = ch;
	call->desc = response_desc;
	kc_grpc_reader_init(&call->reader, ch->max_recv);
	call->frame = kc_grpc_frame_pack(request, &call->frame_len);
	call->path = strdup(method);
	if (call->frame == NULL || call->path == NULL)
		goto fail;
	if (timeout_ms > 0) {
		struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };

		call->deadline = now_ms() + timeout_ms;
		call->timer = evtimer_new(ch->base, on_deadline, call);
		if (call->timer == NULL || evtimer_add(call->timer, &tv) < 0)
			goto fail;
	}
	return call;
fail:
	call_free(call);
	return NULL;
}

/* Starts a new call; frees it and returns NULL when it cannot. */
static struct kc_grpc_call *
call_submit(struct kc_grpc_call *call)
{
	struct kc_grpc_channel *ch = call->ch;

	TAILQ_INSERT_TAIL(&ch->calls, call, link);
	ch->active++;
	if (call_start(call) < 0) {
		call_detach(call);
		TAILQ_REMOVE(&ch->calls, call, link);
		ch->active--;
		call_free(call);
		return NULL;
	}
	return call;
}

struct kc_grpc_call *
kc_grpc_unary(struct kc_grpc_channel *ch, const char *method, const ProtobufCMessage *request,
	      const ProtobufCMessageDescriptor *response_desc, long timeout_ms, kc_grpc_unary_cb cb,
	      void *arg)
{
	struct kc_grpc_call *call;

	if (cb == NULL)
		return NULL;
	call = call_new(ch, method, request, response_desc, timeout_ms);
	if (call == NULL)
		return NULL;
	call->unary_cb = cb;
	call->arg = arg;
	return call_submit(call);
}

struct kc_grpc_call *
kc_grpc_server_stream(struct kc_grpc_channel *ch, const char *method,
		      const ProtobufCMessage *request,
		      const ProtobufCMessageDescriptor *response_desc, long timeout_ms,
		      kc_grpc_message_cb on_message, kc_grpc_status_cb on_status, void *arg)
{
	struct kc_grpc_call *call;

	if (on_message == NULL || on_status == NULL)
		return NULL;
	call = call_new(ch, method, request, response_desc, timeout_ms);
	if (call == NULL)
		return NULL;
	call->streaming = 1;
	call->message_cb = on_message;
	call->status_cb = on_status;
	call->arg = arg;
	return call_submit(call);
}

void
kc_grpc_call_cancel(struct kc_grpc_call *call)
{
	struct kc_grpc_channel *ch;

	if (call == NULL || call->done || call->canceled)
		return;
	ch = call->ch;
	call->canceled = 1;
	call_reset_stream(call, NGHTTP2_CANCEL);
	TAILQ_REMOVE(&ch->calls, call, link);
	ch->active--;
	if (call->busy == 0)
		call_free(call);
}

/* --- channel teardown and figures --------------------------------------------------------- */

struct kc_grpc_channel *
kc_grpc_channel_free(struct kc_grpc_channel *ch)
{
	struct grpc_conn *c;
	struct kc_grpc_call *call;

	if (ch == NULL)
		return NULL;
	/* No callbacks: calls leave their connections, connections go, then the calls. */
	while ((c = TAILQ_FIRST(&ch->conns)) != NULL) {
		while ((call = TAILQ_FIRST(&c->calls)) != NULL)
			call_detach(call);
		conn_free(c);
	}
	while ((call = TAILQ_FIRST(&ch->calls)) != NULL) {
		TAILQ_REMOVE(&ch->calls, call, link);
		call_free(call);
	}
	if (ch->dns != NULL)
		evdns_base_free(ch->dns, 0);
	if (ch->ssl_ctx != NULL)
		SSL_CTX_free(ch->ssl_ctx);
	free(ch->authority);
	free(ch->host);
	free(ch->socket_path);
	free(ch->user_agent);
	free(ch);
	return NULL;
}

size_t
kc_grpc_channel_active(const struct kc_grpc_channel *ch)
{
	return ch->active;
}

long
kc_grpc_channel_connects(const struct kc_grpc_channel *ch)
{
	return ch->connects;
}
