/*
 * grpc.c - gRPC client calls as libcurl HTTP/2 transfers on the libevent loop (upstream:
 * google.golang.org/grpc internal/transport/http2_client.go for the status rules, rpc_util.go
 * for framing and size limits, internal/transport/http_util.go for grpc-timeout, grpc-message
 * and HTTPStatusConvTab).
 *
 * One call is one POST: the framed request goes out as the whole body (libcurl half-closes the
 * stream after it), response bytes run through a kc_grpc_reader as they arrive, and the header
 * callback collects content-type, grpc-status and grpc-message from the header block (a
 * trailers-only answer) and from the trailers.  The status is worked out once, when the transfer
 * ends, in call_status().
 *
 * Connections.  TLS targets negotiate h2 by ALPN and libcurl multiplexes every call of a
 * channel on one connection (CURLOPT_PIPEWAIT).  Plain targets (h2c, unix sockets) need HTTP/2
 * "prior knowledge", and libcurl before 8.0 (Debian 12 ships 7.88.1) cannot share such a
 * connection: a second transfer stacks another HTTP/2 layer on it and dies with "Error in the
 * HTTP2 framing layer" (curl issue #10634, fixed in 8.0), and a second stream that rides it
 * without prior knowledge stalls once its response outgrows one 16 KiB buffer (seen here with
 * 1 MB etcd values).  So with such a libcurl each call on a plain target gets a connection of
 * its own (cheap on loopback and unix sockets).  With libcurl 8.0 or later plain targets
 * multiplex like TLS ones.
 *
 * Either way at most KC_GRPC_MAX_CONCURRENT_UNARY unary calls run at once per channel, the
 * others waiting their turn: libcurl puts at most 100 streams on a connection and gives every
 * transfer past that a connection of its own, and without multiplexing a burst could use up
 * the process's file descriptors.  Streams (watches) are never held back.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <sys/un.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/curlev.h"
#include "libkcommon/errors.h"
#include "libkcommon/grpc.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/version.h"

#define FRAME_HEADER_LEN 5
/* grpc-go's minimum connect timeout (internal/backoff: MinConnectTimeout). */
#define CONNECT_TIMEOUT_MS 20000L

enum target_kind {
	TARGET_UNIX,
	TARGET_H2C,
	TARGET_TLS,
};

TAILQ_HEAD(call_list, kc_grpc_call);

struct kc_grpc_channel {
	struct event_base *base;
	struct kc_curl *curl;
	struct event *deferred; /* finishes calls that could not be started (ch->failed) */
	enum target_kind kind;
	char *base_url;	   /* "http://localhost" for unix sockets, else the target */
	char *socket_path; /* unix only */
	char *ca_file, *ca_pem;
	char *cert_file, *cert_pem;
	char *key_file, *key_pem;
	int insecure_skip_verify;
	size_t max_recv;
	char *user_agent;
	struct call_list calls; /* every call not finished nor canceled */
	size_t active;		/* its length */
	long connects;

	int solo;		  /* a connection per call (see the top of this file) */
	int inflight;		  /* unary calls running */
	struct call_list waiting; /* unary calls waiting for their turn */
	size_t nwaiting;
	struct call_list failed;  /* calls that could not be started, to finish */
};

enum call_queue {
	QUEUE_NONE, /* running (or being set up) */
	QUEUE_WAITING,
	QUEUE_FAILED,
};

struct kc_grpc_call {
	TAILQ_ENTRY(kc_grpc_call) link;	 /* in ch->calls */
	TAILQ_ENTRY(kc_grpc_call) qlink; /* in ch->waiting or ch->failed */
	enum call_queue queue;
	struct kc_grpc_channel *ch;
	struct kc_curl_xfer *xfer; /* NULL while queued */
	int counted;		   /* a unary call in ch->inflight */

	/* The request, kept until the call starts. */
	char *url;
	uint8_t *frame;
	size_t frame_len;
	long deadline; /* monotonic ms, 0 for none */

	const ProtobufCMessageDescriptor *desc;
	int streaming;
	kc_grpc_unary_cb unary_cb;
	kc_grpc_message_cb message_cb;
	kc_grpc_status_cb status_cb;
	void *arg;

	/* What came back. */
	struct kc_grpc_reader reader;
	ProtobufCMessage *response; /* unary: the one response, until handed over */
	char *content_type;
	char *grpc_status;  /* raw value */
	char *grpc_message; /* raw (percent-encoded) value */
	int headers_done;   /* the header block ended: later fields are trailers */
	int trailers_seen;
	/* A failure found while reading (bad frame, cardinality): wins over the transport's. */
	int fail_code;
	char fail_message[160];
	char errbuf[CURL_ERROR_SIZE];

	int busy;     /* inside on_body: a cancel from user code defers the free */
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

static int
reader_fail(struct kc_grpc_reader *rd, int r, int code, const char *fmt, ...)
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
kc_grpc_reader_feed(struct kc_grpc_reader *rd, const void *data, size_t len,
		    kc_grpc_frame_cb cb, void *arg)
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
		{ 400, "Bad Request" },	   { 401, "Unauthorized" },
		{ 403, "Forbidden" },	   { 404, "Not Found" },
		{ 405, "Method Not Allowed" }, { 408, "Request Timeout" },
		{ 413, "Request Entity Too Large" }, { 415, "Unsupported Media Type" },
		{ 429, "Too Many Requests" }, { 431, "Request Header Fields Too Large" },
		{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
		{ 502, "Bad Gateway" },	   { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" }, { 505, "HTTP Version Not Supported" },
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

/* --- channel ------------------------------------------------------------------------------ */

static int
dup_opt(char **dst, const char *src)
{
	if (src == NULL)
		return 0;
	*dst = strdup(src);
	return *dst == NULL ? KC_ERR_NOMEM : 0;
}

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

static int
parse_target(struct kc_grpc_channel *ch, const char *target)
{
	const char *path = NULL;

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
		ch->base_url = strdup("http://localhost");
	} else if (strncmp(target, "http://", 7) == 0 && valid_authority(target + 7)) {
		ch->kind = TARGET_H2C;
		ch->base_url = strndup(target, strcspn(target + 7, "/") + 7);
	} else if (strncmp(target, "https://", 8) == 0 && valid_authority(target + 8)) {
		ch->kind = TARGET_TLS;
		ch->base_url = strndup(target, strcspn(target + 8, "/") + 8);
	} else {
		return KC_ERR_INVALID;
	}
	if (ch->base_url == NULL || (ch->kind == TARGET_UNIX && ch->socket_path == NULL))
		return KC_ERR_NOMEM;
	return 0;
}

static void on_deferred(evutil_socket_t fd, short what, void *arg);

/* libcurl 8.0 fixed prior-knowledge connection sharing (curl #10634). */
static int
curl_shares_prior_knowledge(void)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);

	return v != NULL && v->version_num >= 0x080000;
}

int
kc_grpc_channel_new(struct event_base *base, const char *target,
		    const struct kc_grpc_channel_options *opts,
		    struct kc_grpc_channel **ret_channel)
{
	static const struct kc_grpc_channel_options no_opts;
	struct kc_grpc_channel *ch;
	int r;

	if (target == NULL)
		return KC_ERR_INVALID;
	if (opts == NULL)
		opts = &no_opts;
	ch = calloc(1, sizeof(*ch));
	if (ch == NULL)
		return KC_ERR_NOMEM;
	TAILQ_INIT(&ch->calls);
	TAILQ_INIT(&ch->waiting);
	TAILQ_INIT(&ch->failed);
	ch->base = base;
	ch->insecure_skip_verify = opts->insecure_skip_verify;
	ch->max_recv = opts->max_recv_msg_size ? opts->max_recv_msg_size
					       : KC_GRPC_DEFAULT_MAX_RECV_MSG_SIZE;
	if ((r = parse_target(ch, target)) < 0 || (r = dup_opt(&ch->ca_file, opts->ca_file)) < 0 ||
	    (r = dup_opt(&ch->ca_pem, opts->ca_pem)) < 0 ||
	    (r = dup_opt(&ch->cert_file, opts->cert_file)) < 0 ||
	    (r = dup_opt(&ch->cert_pem, opts->cert_pem)) < 0 ||
	    (r = dup_opt(&ch->key_file, opts->key_file)) < 0 ||
	    (r = dup_opt(&ch->key_pem, opts->key_pem)) < 0)
		goto out;
	if (opts->user_agent != NULL)
		ch->user_agent = strdup(opts->user_agent);
	else
		ch->user_agent = strdup("ckube/" KC_GIT_VERSION " grpc-c");
	ch->solo = ch->kind != TARGET_TLS && !curl_shares_prior_knowledge();
	ch->curl = kc_curl_new(base);
	ch->deferred = event_new(base, -1, 0, on_deferred, ch);
	if (ch->user_agent == NULL || ch->curl == NULL || ch->deferred == NULL) {
		r = KC_ERR_NOMEM;
		goto out;
	}
	*ret_channel = kc_take_ptr(ch);
	r = 0;
out:
	kc_grpc_channel_free(ch);
	return r;
}

static void call_free(struct kc_grpc_call *call);

struct kc_grpc_channel *
kc_grpc_channel_free(struct kc_grpc_channel *ch)
{
	struct kc_grpc_call *call;

	if (ch == NULL)
		return NULL;
	/* Transfers first (no callbacks, and curl is done with the calls' error buffers), then
	 * the calls, which are ours. */
	kc_curl_free(ch->curl);
	while ((call = TAILQ_FIRST(&ch->calls)) != NULL) {
		TAILQ_REMOVE(&ch->calls, call, link);
		call->canceled = 1;
		call_free(call);
	}
	if (ch->deferred != NULL)
		event_free(ch->deferred);
	free(ch->base_url);
	free(ch->socket_path);
	free(ch->ca_file);
	free(ch->ca_pem);
	free(ch->cert_file);
	free(ch->cert_pem);
	free(ch->key_file);
	free(ch->key_pem);
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

int
kc_grpc_channel_multiplexed(const struct kc_grpc_channel *ch)
{
	return !ch->solo;
}

size_t
kc_grpc_channel_waiting(const struct kc_grpc_channel *ch)
{
	return ch->nwaiting;
}

/* --- calls -------------------------------------------------------------------------------- */

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
call_free(struct kc_grpc_call *call)
{
	kc_grpc_reader_release(&call->reader);
	if (call->response != NULL)
		protobuf_c_message_free_unpacked(call->response, NULL);
	free(call->content_type);
	free(call->grpc_status);
	free(call->grpc_message);
	free(call->url);
	free(call->frame);
	free(call);
}

/* The call no longer runs: it gives its turn back. */
static void
call_uncount(struct kc_grpc_call *call)
{
	if (call->counted) {
		call->counted = 0;
		call->ch->inflight--;
	}
}

/* Takes the call out of every channel list. */
static void
call_unlink(struct kc_grpc_call *call)
{
	struct kc_grpc_channel *ch = call->ch;

	TAILQ_REMOVE(&ch->calls, call, link);
	ch->active--;
	if (call->queue == QUEUE_WAITING) {
		TAILQ_REMOVE(&ch->waiting, call, qlink);
		ch->nwaiting--;
	}
	else if (call->queue == QUEUE_FAILED)
		TAILQ_REMOVE(&ch->failed, call, qlink);
	call->queue = QUEUE_NONE;
	call_uncount(call);
}

/* Delivers the final status and frees the call. */
static void
call_finish(struct kc_grpc_call *call, int code, const char *message)
{
	struct kc_grpc_status st = {
		.code = code,
		.err = kc_grpc_code_to_err(code),
		.message = message,
	};
	ProtobufCMessage *response = NULL;

	call->done = 1;
	call_unlink(call);
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

/* One decoded frame: unpack it and deliver it (stream) or keep it (unary). */
static int
on_frame(void *arg, const uint8_t *data, size_t len)
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
on_body(void *arg, const char *data, size_t len)
{
	struct kc_grpc_call *call = arg;
	int r;

	call->busy++;
	r = kc_grpc_reader_feed(&call->reader, data, len, on_frame, call);
	call->busy--;
	if (call->canceled) {
		/* Canceled from a message callback: the transfer is already dropped. */
		if (call->busy == 0)
			call_free(call);
		return -1;
	}
	if (r < 0 && call->reader.failed)
		call_set_failure(call, call->reader.code, call->reader.error);
	return r < 0 ? -1 : 0;
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && strchr(" \t\r\n", (*s)[*len - 1]) != NULL)
		(*len)--;
}

static void
keep_value(char **dst, const char *v, size_t len)
{
	free(*dst);
	*dst = strndup(v, len); /* NULL when out of memory: read as "missing" */
}

static void
on_header(void *arg, const char *line, size_t len)
{
	struct kc_grpc_call *call = arg;
	const char *colon, *value;
	size_t name_len, value_len;

	trim(&line, &len);
	if (len == 0) {
		call->headers_done = 1;
		return;
	}
	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* A new response (after a 1xx): forget what the previous block said. */
		call->headers_done = 0;
		free(call->content_type);
		call->content_type = NULL;
		return;
	}
	if (call->headers_done)
		call->trailers_seen = 1;
	colon = memchr(line, ':', len);
	if (colon == NULL)
		return;
	name_len = (size_t)(colon - line);
	value = colon + 1;
	value_len = len - name_len - 1;
	trim(&value, &value_len);
	if (name_len == 12 && strncasecmp(line, "content-type", 12) == 0 && !call->headers_done)
		keep_value(&call->content_type, value, value_len);
	else if (name_len == 11 && strncasecmp(line, "grpc-status", 11) == 0)
		keep_value(&call->grpc_status, value, value_len);
	else if (name_len == 12 && strncasecmp(line, "grpc-message", 12) == 0)
		keep_value(&call->grpc_message, value, value_len);
}

/* curl results that mean we built a bad request, not that the peer is away. */
static int
curl_is_local_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_FAILED_INIT:
	case CURLE_OUT_OF_MEMORY:
	case CURLE_URL_MALFORMAT:
	case CURLE_NOT_BUILT_IN:
	case CURLE_UNKNOWN_OPTION:
	case CURLE_BAD_FUNCTION_ARGUMENT:
		return 1;
	default:
		return 0;
	}
}

/*
 * A curl timeout is the call's deadline, unless the call has none (or a later one) and the
 * connect timeout fired: that is a transport failure (UNAVAILABLE), as in grpc-go.  curl's
 * timer may fire a hair before our clock agrees, hence the slack.
 */
static int
call_deadline_passed(const struct kc_grpc_call *call)
{
	return call->deadline != 0 && now_ms() + 50 >= call->deadline;
}

int
kc_grpc_status_from_response(long http_status, const char *content_type,
			     const char *grpc_status, const char *grpc_message, int trailers_seen,
			     struct kc_strbuf *msg)
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
			kc_strbuf_addf(msg, "unexpected HTTP status code received from server: %ld (%s)",
				       http_status, http_status_text(http_status));
		if (!grpc_ct) {
			if (msg->len > 0)
				kc_strbuf_adds(msg, "; ");
			if (content_type == NULL)
				kc_strbuf_adds(msg, "malformed header: missing HTTP content-type");
			else
				kc_strbuf_addf(msg, "transport: received unexpected content-type \"%s\"",
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

/*
 * How the call ended, in grpc-go's order: our own read failures, then the transport, then what
 * the response said (kc_grpc_status_from_response), then the response cardinality.  Returns the
 * code and fills `msg`.
 */
static int
call_status(struct kc_grpc_call *call, CURLcode rc, long http_status, struct kc_strbuf *msg)
{
	int code;

	if (call->fail_code != KC_GRPC_OK) {
		kc_strbuf_adds(msg, call->fail_message);
		return call->fail_code;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT && call_deadline_passed(call)) {
		kc_strbuf_adds(msg, "context deadline exceeded");
		return KC_GRPC_DEADLINE_EXCEEDED;
	}
	if (rc != CURLE_OK) {
		kc_strbuf_addf(msg, "connection error: desc = \"transport: %s\"",
			       call->errbuf[0] != '\0' ? call->errbuf : curl_easy_strerror(rc));
		return curl_is_local_error(rc) ? KC_GRPC_INTERNAL : KC_GRPC_UNAVAILABLE;
	}
	code = kc_grpc_status_from_response(http_status, call->content_type, call->grpc_status,
					    call->grpc_message, call->trailers_seen, msg);
	if (code != KC_GRPC_OK)
		return code;
	if (kc_grpc_reader_partial(&call->reader)) {
		kc_strbuf_adds(msg, "unexpected EOF");
		return KC_GRPC_INTERNAL;
	}
	if (!call->streaming && call->response == NULL) {
		kc_strbuf_adds(msg, "cardinality violation: received no response message from "
				    "non-server-streaming RPC");
		return KC_GRPC_INTERNAL;
	}
	return KC_GRPC_OK;
}

static void channel_pump(struct kc_grpc_channel *ch);

static void
on_done(void *arg, CURLcode rc, long http_status)
{
	struct kc_grpc_call *call = arg;
	struct kc_grpc_channel *ch = call->ch;
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf msg = KC_STRBUF_INIT;
	long connects = 0;
	int code;

	if (curl_easy_getinfo(kc_curl_easy(call->xfer), CURLINFO_NUM_CONNECTS, &connects) ==
	    CURLE_OK)
		ch->connects += connects;
	call->xfer = NULL; /* curlev frees it when we return */
	code = call_status(call, rc, http_status, &msg);
	call_finish(call, code, msg.buf);
	channel_pump(ch);
}

static const struct kc_curl_ops call_ops = {
	.on_header = on_header,
	.on_body = on_body,
	.on_done = on_done,
};

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

static int
set_tls(const struct kc_grpc_channel *ch, CURL *easy)
{
	struct curl_blob blob = { .flags = CURL_BLOB_COPY };
	CURLcode rc = CURLE_OK;

	if (ch->ca_file != NULL)
		rc |= curl_easy_setopt(easy, CURLOPT_CAINFO, ch->ca_file);
	if (ch->ca_pem != NULL) {
		blob.data = ch->ca_pem;
		blob.len = strlen(ch->ca_pem);
		rc |= curl_easy_setopt(easy, CURLOPT_CAINFO_BLOB, &blob);
	}
	if (ch->cert_file != NULL)
		rc |= curl_easy_setopt(easy, CURLOPT_SSLCERT, ch->cert_file);
	if (ch->cert_pem != NULL) {
		blob.data = ch->cert_pem;
		blob.len = strlen(ch->cert_pem);
		rc |= curl_easy_setopt(easy, CURLOPT_SSLCERT_BLOB, &blob);
		rc |= curl_easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM");
	}
	if (ch->key_file != NULL)
		rc |= curl_easy_setopt(easy, CURLOPT_SSLKEY, ch->key_file);
	if (ch->key_pem != NULL) {
		blob.data = ch->key_pem;
		blob.len = strlen(ch->key_pem);
		rc |= curl_easy_setopt(easy, CURLOPT_SSLKEY_BLOB, &blob);
		rc |= curl_easy_setopt(easy, CURLOPT_SSLKEYTYPE, "PEM");
	}
	if (ch->insecure_skip_verify) {
		rc |= curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
		rc |= curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	return rc == CURLE_OK ? 0 : KC_ERR_NOMEM;
}

/* A configured easy handle for the call, or NULL (out of memory). */
static CURL *
call_easy(struct kc_grpc_call *call, long timeout_ms)
{
	struct kc_grpc_channel *ch = call->ch;
	CURL *easy = curl_easy_init();
	CURLcode rc = CURLE_OK;

	if (easy == NULL)
		return NULL;
	rc |= curl_easy_setopt(easy, CURLOPT_URL, call->url);
	if (ch->kind == TARGET_UNIX)
		rc |= curl_easy_setopt(easy, CURLOPT_UNIX_SOCKET_PATH, ch->socket_path);
	rc |= curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
			       ch->kind == TARGET_TLS ? (long)CURL_HTTP_VERSION_2TLS
						      : (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
	if (ch->solo) {
		rc |= curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
		rc |= curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
	} else {
		/* wait for the channel's connection instead of opening one per call */
		rc |= curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
	}
	rc |= curl_easy_setopt(easy, CURLOPT_POST, 1L);
	rc |= curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)call->frame_len);
	/* Copied: a canceled transfer may outlive the call in curlev's graveyard. */
	rc |= curl_easy_setopt(easy, CURLOPT_COPYPOSTFIELDS, call->frame);
	rc |= curl_easy_setopt(easy, CURLOPT_USERAGENT, ch->user_agent);
	rc |= curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	if (timeout_ms > 0)
		rc |= curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
	if (ch->kind != TARGET_UNIX)
		rc |= curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
	rc |= curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, call->errbuf);
	if (getenv("KC_GRPC_CURL_VERBOSE") != NULL)
		rc |= curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
	if (rc != CURLE_OK || (ch->kind == TARGET_TLS && set_tls(ch, easy) < 0)) {
		curl_easy_cleanup(easy);
		return NULL;
	}
	return easy;
}

static struct curl_slist *
call_headers(long timeout_ms)
{
	static const char *const fixed[] = {
		"content-type: application/grpc",
		"te: trailers",
		"Accept:", /* drop curl's default */
		"Expect:",
	};
	struct curl_slist *list = NULL, *tmp;
	char line[64], value[32];
	size_t i;

	for (i = 0; i < KC_ARRAY_SIZE(fixed); i++) {
		tmp = curl_slist_append(list, fixed[i]);
		if (tmp == NULL)
			goto fail;
		list = tmp;
	}
	if (timeout_ms > 0) {
		snprintf(line, sizeof(line), "grpc-timeout: %s",
			 kc_grpc_timeout_encode(timeout_ms, value, sizeof(value)));
		tmp = curl_slist_append(list, line);
		if (tmp == NULL)
			goto fail;
		list = tmp;
	}
	return list;
fail:
	curl_slist_free_all(list);
	return NULL;
}

/* Starts the call as a transfer; KC_ERR_NOMEM when it cannot. */
static int
call_launch(struct kc_grpc_call *call)
{
	struct kc_grpc_channel *ch = call->ch;
	struct curl_slist *headers;
	long timeout_ms = 0;
	CURL *easy;

	if (call->deadline != 0) {
		timeout_ms = call->deadline - now_ms();
		if (timeout_ms < 1)
			timeout_ms = 1; /* expired while waiting: curl times it out at once */
	}
	easy = call_easy(call, timeout_ms);
	if (easy == NULL)
		return KC_ERR_NOMEM;
	headers = call_headers(timeout_ms);
	if (headers == NULL) {
		curl_easy_cleanup(easy);
		return KC_ERR_NOMEM;
	}
	/* kc_curl_start() owns easy and headers from here, even when it fails. */
	call->xfer = kc_curl_start(ch->curl, easy, headers, &call_ops, call);
	if (call->xfer == NULL)
		return KC_ERR_NOMEM;
	free(call->frame); /* libcurl has its copy */
	call->frame = NULL;
	if (!call->streaming) {
		call->counted = 1;
		ch->inflight++;
	}
	return 0;
}

/* A call that could not be (re)started gets its status from the loop, not from here. */
static void
call_fail_later(struct kc_grpc_call *call)
{
	call->queue = QUEUE_FAILED;
	TAILQ_INSERT_TAIL(&call->ch->failed, call, qlink);
	event_active(call->ch->deferred, 0, 0);
}

static void
on_deferred(evutil_socket_t fd, short what, void *arg)
{
	struct kc_grpc_channel *ch = arg;
	struct kc_grpc_call *call;

	while ((call = TAILQ_FIRST(&ch->failed)) != NULL)
		call_finish(call, KC_GRPC_INTERNAL, "grpc: cannot start the call: out of memory");
	channel_pump(ch);
}

/* Starts waiting unary calls while fewer than KC_GRPC_MAX_CONCURRENT_UNARY run. */
static void
channel_pump(struct kc_grpc_channel *ch)
{
	struct kc_grpc_call *call;

	while (ch->inflight < KC_GRPC_MAX_CONCURRENT_UNARY && (call = TAILQ_FIRST(&ch->waiting)) != NULL) {
		TAILQ_REMOVE(&ch->waiting, call, qlink);
		ch->nwaiting--;
		call->queue = QUEUE_NONE;
		if (call_launch(call) < 0)
			call_fail_later(call);
	}
}

/* A new call, not yet started; NULL for a bad method or when out of memory. */
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
	call->deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
	call->frame = kc_grpc_frame_pack(request, &call->frame_len);
	if (call->frame == NULL || asprintf(&call->url, "%s%s", ch->base_url, method) < 0) {
		call->url = NULL;
		call_free(call);
		return NULL;
	}
	return call;
}

/* Starts a new call, or queues it for its turn; frees it and returns NULL on failure. */
static struct kc_grpc_call *
call_submit(struct kc_grpc_call *call)
{
	struct kc_grpc_channel *ch = call->ch;

	if (!call->streaming &&
	    (ch->inflight >= KC_GRPC_MAX_CONCURRENT_UNARY || !TAILQ_EMPTY(&ch->waiting))) {
		call->queue = QUEUE_WAITING;
		TAILQ_INSERT_TAIL(&ch->waiting, call, qlink);
		ch->nwaiting++;
	} else if (call_launch(call) < 0) {
		call_free(call);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&ch->calls, call, link);
	ch->active++;
	return call;
}

struct kc_grpc_call *
kc_grpc_unary(struct kc_grpc_channel *ch, const char *method, const ProtobufCMessage *request,
	      const ProtobufCMessageDescriptor *response_desc, long timeout_ms,
	      kc_grpc_unary_cb cb, void *arg)
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
	if (call->xfer != NULL) {
		/* curl keeps the handle until curlev's next turn: no writes into freed memory */
		curl_easy_setopt(kc_curl_easy(call->xfer), CURLOPT_ERRORBUFFER, NULL);
		kc_curl_cancel(call->xfer);
		call->xfer = NULL;
	}
	call_unlink(call);
	if (call->busy == 0)
		call_free(call);
	channel_pump(ch); /* a unary call may have freed a turn */
}
