/*
 * client.c - the REST client on curlev (upstream: client-go rest/request.go, rest/with_retry.go,
 * rest/config.go, rest/url_utils.go, util/flowcontrol/throttle.go, transport/token_source.go and
 * apimachinery/pkg/api/errors NewGenericServerResponse).
 *
 * A request goes: rate limiter (FIFO queue on a timer) -> curl transfer -> response decoding,
 * with a detour through a backoff timer and the rate limiter again when client-go would retry.
 * Watches are requests whose 200 body feeds the watch decoder as bytes arrive.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>
#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/curlev.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/version.h"
#include "libkcommon/watch.h"

#define DEFAULT_QPS           5.0    /* rest.DefaultQPS */
#define DEFAULT_BURST         10     /* rest.DefaultBurst */
#define MAX_RETRIES           10     /* rest.Request maxRetries */
#define CONN_RETRY_WAIT_S     1      /* with_retry.go retryAfterResponse(): "Retry-After: 1" */
#define TOKEN_FILE_PERIOD_S   60.0   /* transport.NewCachedFileTokenSource: time.Minute */
#define CONNECT_TIMEOUT_MS    30000L /* net.Dialer Timeout in client-go's transport */
#define MAX_UNSTRUCTURED_TEXT 2048   /* maxUnstructuredResponseTextBytes */

#if defined(__x86_64__)
#define GOARCH "amd64"
#elif defined(__aarch64__)
#define GOARCH "arm64"
#elif defined(__arm__)
#define GOARCH "arm"
#elif defined(__i386__)
#define GOARCH "386"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define GOARCH "ppc64le"
#elif defined(__s390x__)
#define GOARCH "s390x"
#elif defined(__riscv) && __riscv_xlen == 64
#define GOARCH "riscv64"
#else
#define GOARCH "unknown"
#endif

enum req_state {
	REQ_NEW,       /* built, not yet submitted */
	REQ_THROTTLED, /* waiting in the rate limiter's queue */
	REQ_RUNNING,   /* a curl transfer is under way */
	REQ_BACKOFF,   /* waiting for a retry */
};

struct kc_request {
	TAILQ_ENTRY(kc_request) link;  /* in c->all */
	TAILQ_ENTRY(kc_request) qlink; /* in c->throttled while REQ_THROTTLED */
	struct kc_client *c;
	enum req_state state;
	char *method;
	char *url;
	char *content_type;
	char *body; /* serialized request body, NULL for none */
	size_t body_len;
	int retries;
	struct event *retry_timer;
	struct kc_curl_xfer *xfer;
	char errbuf[CURL_ERROR_SIZE];
	long os_errno; /* CURLINFO_OS_ERRNO of the last attempt */

	/* The current attempt's response. */
	long status;
	int retry_after; /* seconds; -1 when absent or not an integer */
	int json_body;   /* Content-Type is JSON (or absent) */
	int text_body;   /* Content-Type is text/... (or absent): quoted in generic errors */
	struct kc_strbuf resp;

	int busy;     /* one of our callbacks is running: free after it returns */
	int canceled; /* kc_*_cancel() ran while busy */

	kc_response_cb cb;
	void *arg;

	/* Watches only. */
	int is_watch;
	struct kc_watch_decoder *decoder;
	kc_watch_event_cb event_cb;
	kc_watch_done_cb done_cb;
	int finishing; /* an ERROR event or a decode error ended the stream */
	int finish_r;
};

struct kc_watch {
	struct kc_request req;
};

TAILQ_HEAD(request_list, kc_request);

struct kc_client {
	struct event_base *base;
	struct kc_curl *curl;

	char *base_url;                /* scheme://host[:port][/prefix], no trailing '/' */
	struct curl_slist *connect_to; /* tls_server_name: connect to the real host instead */
	char *host_header;             /* the real host[:port], for "Host:" with connect_to */
	char *ca_pem, *cert_pem, *key_pem;
	char *token, *token_file, *username, *password, *proxy_url, *user_agent;
	int insecure;
	long timeout_ms;
	char *file_token; /* last good token_file content */
	double file_token_at;

	double qps; /* <= 0: unlimited */
	int burst;
	double tokens;
	double tokens_at;
	struct event *throttle_timer;
	struct request_list throttled;

	struct request_list all;
	size_t active;
	int h2_seen; /* some response came over HTTP/2 */
};

static const struct kc_curl_ops request_ops;

/* The monotonic clock in the rate limiter's and the token file's unit: seconds. */
static double
now_s(void)
{
	return (double)kc_clock_mono_ns() / 1e9;
}

static int
strdup_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	*dst = strdup(src);
	return *dst == NULL ? KC_ERR_NOMEM : 0;
}

/* --- paths ---------------------------------------------------------------------------------- */

/* Go's shouldEscape(c, encodePath): unreserved plus $&+,/:;=@ stay (no '/' in our segments). */
static int
path_keeps(unsigned char c)
{
	return isalnum(c) || strchr("-._~$&+,:;=@", c) != NULL;
}

static int
add_escaped(struct kc_strbuf *sb, const char *s, int query)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		int r;

		if (query ? (isalnum(*p) || strchr("-._~", *p) != NULL) : path_keeps(*p))
			r = kc_strbuf_addch(sb, (char)*p);
		else if (query && *p == ' ')
			r = kc_strbuf_addch(sb, '+');
		else
			r = kc_strbuf_addf(sb, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
		if (r < 0)
			return r;
	}
	return 0;
}

/* upstream: apimachinery/pkg/api/validation/path IsValidPathSegmentName. */
static int
valid_segment(const char *s)
{
	return s == NULL || (strcmp(s, ".") != 0 && strcmp(s, "..") != 0 &&
			     strchr(s, '/') == NULL && strchr(s, '%') == NULL);
}

static int
add_segment(struct kc_strbuf *sb, const char *s)
{
	if (kc_strbuf_addch(sb, '/') < 0)
		return KC_ERR_NOMEM;
	return add_escaped(sb, s, 0);
}

static int
add_param(struct kc_strbuf *sb, int *first, const char *key, const char *value)
{
	if (value == NULL || *value == '\0')
		return 0;
	if (kc_strbuf_addf(sb, "%c%s=", *first ? '?' : '&', key) < 0)
		return KC_ERR_NOMEM;
	*first = 0;
	return add_escaped(sb, value, 1);
}

static int
add_int_param(struct kc_strbuf *sb, int *first, const char *key, int64_t v)
{
	char buf[32];

	if (v <= 0)
		return 0;
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	return add_param(sb, first, key, buf);
}

/* In url.Values.Encode() order: sorted by key. */
static int
add_list_options(struct kc_strbuf *sb, const struct kc_list_options *o, int watch)
{
	int first = 1;

	if (o != NULL &&
	    (add_param(sb, &first, "allowWatchBookmarks",
		       o->allow_watch_bookmarks ? "true" : NULL) < 0 ||
	     add_param(sb, &first, "continue", o->continue_token) < 0 ||
	     add_param(sb, &first, "fieldSelector", o->field_selector) < 0 ||
	     add_param(sb, &first, "labelSelector", o->label_selector) < 0 ||
	     add_int_param(sb, &first, "limit", o->limit) < 0 ||
	     add_param(sb, &first, "resourceVersion", o->resource_version) < 0 ||
	     add_param(sb, &first, "resourceVersionMatch", o->resource_version_match) < 0 ||
	     add_int_param(sb, &first, "timeoutSeconds", o->timeout_seconds) < 0))
		return KC_ERR_NOMEM;
	return add_param(sb, &first, "watch", watch ? "true" : NULL);
}

static char *
build_path(const struct kc_resource *res, const char *ns, const char *name, const char *sub,
	   const struct kc_list_options *opts, int watch)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf sb = KC_STRBUF_INIT;
	int r;

	if (res == NULL || res->version == NULL || res->resource == NULL || !valid_segment(ns) ||
	    !valid_segment(name) || !valid_segment(sub) || !valid_segment(res->resource))
		return NULL;
	if (res->group == NULL || *res->group == '\0')
		r = kc_strbuf_adds(&sb, "/api");
	else
		r = kc_strbuf_adds(&sb, "/apis") < 0 ? KC_ERR_NOMEM : add_segment(&sb, res->group);
	if (r < 0 || add_segment(&sb, res->version) < 0)
		return NULL;
	if (res->namespaced && ns != NULL && *ns != '\0' &&
	    (add_segment(&sb, "namespaces") < 0 || add_segment(&sb, ns) < 0))
		return NULL;
	if (add_segment(&sb, res->resource) < 0)
		return NULL;
	if (name != NULL && *name != '\0' && add_segment(&sb, name) < 0)
		return NULL;
	if (sub != NULL && *sub != '\0' && add_segment(&sb, sub) < 0)
		return NULL;
	if (add_list_options(&sb, opts, watch) < 0)
		return NULL;
	return kc_strbuf_detach(&sb, NULL);
}

char *
kc_client_path(const struct kc_resource *res, const char *ns, const char *name,
	       const char *subresource, const struct kc_list_options *opts)
{
	return build_path(res, ns, name, subresource, opts, 0);
}

/* --- the rate limiter (flowcontrol.NewTokenBucketRateLimiter) -------------------------------- */

static int request_start(struct kc_request *req);
static void request_fail(struct kc_request *req);

static void
throttle_refill(struct kc_client *c)
{
	double now = now_s();

	c->tokens += (now - c->tokens_at) * c->qps;
	if (c->tokens > c->burst)
		c->tokens = c->burst;
	c->tokens_at = now;
}

static void
throttle_arm(struct kc_client *c)
{
	double wait = (1.0 - c->tokens) / c->qps;
	struct timeval tv;

	if (wait < 0)
		wait = 0;
	tv.tv_sec = (time_t)wait;
	tv.tv_usec = (suseconds_t)((wait - (double)tv.tv_sec) * 1e6) + 1; /* not a hair early */
	if (tv.tv_usec >= 1000000) {
		tv.tv_sec++;
		tv.tv_usec -= 1000000;
	}
	evtimer_add(c->throttle_timer, &tv);
}

static void
on_throttle_timer(evutil_socket_t fd, short what, void *arg)
{
	struct kc_client *c = arg;
	struct kc_request *req;

	throttle_refill(c);
	while ((req = TAILQ_FIRST(&c->throttled)) != NULL && c->tokens >= 1.0) {
		TAILQ_REMOVE(&c->throttled, req, qlink);
		c->tokens -= 1.0;
		if (request_start(req) < 0)
			request_fail(req);
	}
	if (!TAILQ_EMPTY(&c->throttled))
		throttle_arm(c);
}

/*
 * Starts req now when a token is free and nobody waits before it, else queues it.  A start that
 * fails returns KC_ERR_NOMEM with no callback run: the caller decides.
 */
static int
request_submit(struct kc_request *req)
{
	struct kc_client *c = req->c;

	if (c->qps > 0) {
		throttle_refill(c);
		if (!TAILQ_EMPTY(&c->throttled) || c->tokens < 1.0) {
			req->state = REQ_THROTTLED;
			TAILQ_INSERT_TAIL(&c->throttled, req, qlink);
			if (!evtimer_pending(c->throttle_timer, NULL))
				throttle_arm(c);
			return 0;
		}
		c->tokens -= 1.0;
	}
	return request_start(req);
}

/* --- request lifecycle ---------------------------------------------------------------------- */

/*
 * Gives up the running transfer.  curl may still write its error text while it winds the
 * transfer down (e.g. "Failure writing output" right after our write callback refused data), so
 * it must stop pointing into this request first.
 */
static void
xfer_abandon(struct kc_request *req)
{
	if (req->xfer == NULL)
		return;
	curl_easy_setopt(kc_curl_easy(req->xfer), CURLOPT_ERRORBUFFER, NULL);
	kc_curl_cancel(req->xfer);
	req->xfer = NULL;
}

static void
request_free(struct kc_request *req)
{
	struct kc_client *c = req->c;

	if (req->state == REQ_THROTTLED)
		TAILQ_REMOVE(&c->throttled, req, qlink);
	if (req->retry_timer != NULL)
		event_free(req->retry_timer);
	xfer_abandon(req);
	TAILQ_REMOVE(&c->all, req, link);
	c->active--;
	kc_watch_decoder_free(req->decoder);
	kc_strbuf_release(&req->resp);
	free(req->method);
	free(req->url);
	free(req->content_type);
	free(req->body);
	free(req);
}

static void
request_cancel(struct kc_request *req)
{
	if (req == NULL)
		return;
	if (!req->busy) {
		request_free(req);
		return;
	}
	/* Inside this request's own callback: stop everything, free when the callback returns. */
	req->canceled = 1;
	xfer_abandon(req);
}

void
kc_request_cancel(struct kc_request *req)
{
	request_cancel(req);
}

void
kc_watch_cancel(struct kc_watch *w)
{
	request_cancel(w != NULL ? &w->req : NULL);
}

size_t
kc_client_active(const struct kc_client *c)
{
	return c->active;
}

/* "Get", "Post", ...: the Op of Go's url.Error. */
static void
go_method(const char *method, char *buf, size_t len)
{
	snprintf(buf, len, "%s", method);
	for (size_t i = 1; buf[i] != '\0'; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
}

static const char *
transport_message(struct kc_request *req, CURLcode result, struct kc_strbuf *msg)
{
	char op[16];

	go_method(req->method, op, sizeof(op));
	kc_strbuf_addf(msg, "%s \"%s\": %s", op, req->url,
		       req->errbuf[0] != '\0' ? req->errbuf : curl_easy_strerror(result));
	return msg->buf;
}

static int
transport_err(CURLcode result)
{
	if (result == CURLE_OUT_OF_MEMORY)
		return KC_ERR_NOMEM;
	return result == CURLE_OPERATION_TIMEDOUT ? KC_ERR_TIMEOUT : KC_ERR_UNAVAILABLE;
}

/*
 * net.IsConnectionReset / IsProbableEOF / IsHTTP2ConnectionLost, in curl's words.  A receive or
 * send error counts only when the socket was reset or closed under us: a TLS alert (a rejected
 * client certificate) is a receive error too, and Go does not retry that.
 */
static int
is_probable_eof(const struct kc_request *req, CURLcode result)
{
	switch (result) {
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		return req->os_errno == ECONNRESET || req->os_errno == EPIPE ||
		       req->os_errno == ECONNABORTED || strcasestr(req->errbuf, "eof") != NULL;
	default:
		return 0;
	}
}

/*
 * with_retry.go IsNextRetry(): a retryable transport error acts as "500 + Retry-After: 1";
 * then 429 and 5xx with an integer Retry-After are retried.  Returns the wait in seconds or -1.
 */
static int
retry_wait(const struct kc_request *req, CURLcode result)
{
	if (req->retries >= MAX_RETRIES)
		return -1;
	if (result != CURLE_OK) {
		if (req->is_watch)
			return is_probable_eof(req, result) || result == CURLE_OPERATION_TIMEDOUT
				       ? CONN_RETRY_WAIT_S
				       : -1;
		return strcmp(req->method, "GET") == 0 && is_probable_eof(req, result)
			       ? CONN_RETRY_WAIT_S
			       : -1;
	}
	if ((req->status == 429 || req->status >= 500) && req->retry_after >= 0)
		return req->retry_after;
	return -1;
}

static void
on_retry_timer(evutil_socket_t fd, short what, void *arg)
{
	struct kc_request *req = arg;

	if (request_submit(req) < 0)
		request_fail(req);
}

static int
schedule_retry(struct kc_request *req, int wait_s)
{
	struct timeval tv = { .tv_sec = wait_s };

	if (req->retry_timer == NULL) {
		req->retry_timer = evtimer_new(req->c->base, on_retry_timer, req);
		if (req->retry_timer == NULL)
			return KC_ERR_NOMEM;
	}
	req->retries++;
	req->state = REQ_BACKOFF;
	kc_v(4, "retrying %s %s in %ds (retries: %d)", req->method, req->url, wait_s, req->retries);
	return evtimer_add(req->retry_timer, &tv) < 0 ? KC_ERR_NOMEM : 0;
}

/* --- responses ------------------------------------------------------------------------------ */

/* NewGenericServerResponse()'s message for a status without a Status body. */
static void
generic_message(struct kc_strbuf *msg, long status, const char *server_message)
{
	switch (status) {
	case 409:
		kc_strbuf_adds(msg, "the server reported a conflict");
		return;
	case 404:
		kc_strbuf_adds(msg, "the server could not find the requested resource");
		return;
	case 400:
		kc_strbuf_adds(msg, "the server rejected our request for an unknown reason");
		return;
	case 401:
		kc_strbuf_adds(msg, "the server has asked for the client to provide credentials");
		return;
	case 403:
	case 415:
		kc_strbuf_adds(msg, server_message);
		return;
	case 406:
		kc_strbuf_adds(msg,
			       strcmp(server_message, "unknown") == 0
				       ? "the server was unable to respond with a content type "
					 "that the client supports"
				       : server_message);
		return;
	case 405:
		kc_strbuf_adds(msg,
			       "the server does not allow this method on the requested resource");
		return;
	case 422:
		kc_strbuf_adds(msg,
			       "the server rejected our request due to an error in our request");
		return;
	case 503:
		kc_strbuf_adds(msg, "the server is currently unable to handle the request");
		return;
	case 504:
		kc_strbuf_adds(msg,
			       "the server was unable to return a response in the time allotted, "
			       "but may still be processing the request");
		return;
	case 429:
		kc_strbuf_adds(msg, "the server has received too many requests and has asked us to "
				    "try again later");
		return;
	default:
		if (status >= 500)
			kc_strbuf_addf(msg,
				       "an error on the server (\"%s\") has prevented the "
				       "request from succeeding",
				       server_message);
		else
			kc_strbuf_addf(msg,
				       "the server responded with the status code %ld but did "
				       "not return more information",
				       status);
	}
}

static int
generic_err(const struct kc_request *req, long status)
{
	int r;

	if (status == 409)
		return strcmp(req->method, "POST") == 0 ? KC_ERR_ALREADY_EXISTS : KC_ERR_CONFLICT;
	r = kc_err_from_http_status((int)status);
	return r < 0 ? r : KC_ERR_INTERNAL;
}

/* Result.Error(): a Status body with status Failure wins over the HTTP status. */
static int
error_from_body(const struct kc_request *req, const json_t *body, struct kc_strbuf *msg)
{
	const char *kind = json_string_value(json_object_get(body, "kind"));
	const char *st = json_string_value(json_object_get(body, "status"));
	const char *text;
	char server_message[MAX_UNSTRUCTURED_TEXT + 1];
	size_t n;

	if (kind != NULL && strcmp(kind, "Status") == 0 && st != NULL &&
	    strcmp(st, "Failure") == 0) {
		const char *m = json_string_value(json_object_get(body, "message"));
		int r = kc_watch_status_err(body, (int)req->status);

		if (m != NULL && *m != '\0')
			kc_strbuf_adds(msg, m);
		else
			generic_message(msg, req->status, "unknown");
		return r < 0 ? r : generic_err(req, req->status);
	}
	/* newUnstructuredResponseError(): quote a text body (capped), else "unknown". */
	text = "unknown";
	if (req->text_body) {
		n = req->resp.len < MAX_UNSTRUCTURED_TEXT ? req->resp.len : MAX_UNSTRUCTURED_TEXT;
		while (n > 0 && isspace((unsigned char)req->resp.buf[n - 1]))
			n--;
		text = req->resp.buf;
		while (n > 0 && isspace((unsigned char)*text)) {
			text++;
			n--;
		}
		memcpy(server_message, text, n);
		server_message[n] = '\0';
		text = server_message;
	}
	generic_message(msg, req->status, text);
	return generic_err(req, req->status);
}

/* Decodes the finished attempt into resp; body_out gets the JSON (new reference) if any. */
static void
decode_response(struct kc_request *req, struct kc_response *resp, json_t **body_out,
		struct kc_strbuf *msg)
{
	json_t *body = NULL;
	json_error_t jerr;
	int ok = req->status >= 200 && req->status < 300;

	if (req->resp.len > 0 && req->json_body)
		body = kc_json_loadb(req->resp.buf, req->resp.len, JSON_DECODE_ANY | JSON_ALLOW_NUL,
				     &jerr);
	resp->body = body;
	*body_out = body;
	if (ok && req->resp.len > 0 && req->json_body && body == NULL) {
		resp->r = KC_ERR_PARSE;
		kc_strbuf_addf(msg, "unable to decode the response body of %s %s: %s", req->method,
			       req->url, jerr.text);
	} else if (!ok) {
		resp->r = error_from_body(req, body, msg);
	}
}

static void
request_complete(struct kc_request *req, CURLcode result)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf msg = KC_STRBUF_INIT;
	json_auto_t *body = NULL;
	struct kc_response resp = { .http_status = (int)req->status };

	if (result != CURLE_OK) {
		resp.r = transport_err(result);
		transport_message(req, result, &msg);
	} else {
		decode_response(req, &resp, &body, &msg);
	}
	resp.message = msg.buf;
	resp.raw = req->resp.buf;
	resp.raw_len = req->resp.len;
	req->busy = 1;
	if (req->cb != NULL)
		req->cb(req->arg, &resp);
	req->busy = 0;
	request_free(req);
}

/* The end of a watch: done_cb once (unless canceled meanwhile), then free. */
static void
watch_finish(struct kc_request *req, int r)
{
	xfer_abandon(req);
	req->busy = 1;
	if (!req->canceled && req->done_cb != NULL)
		req->done_cb(req->arg, r);
	req->busy = 0;
	request_free(req);
}

static int
watch_request_failed(struct kc_request *req, CURLcode result)
{
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf msg = KC_STRBUF_INIT;
	struct kc_response resp = { .http_status = (int)req->status };
	json_auto_t *body = NULL;

	if (result != CURLE_OK) {
		kc_v(4, "watch %s", transport_message(req, result, &msg));
		return transport_err(result);
	}
	decode_response(req, &resp, &body, &msg);
	if (resp.r == 0) /* a 2xx other than 200 (client-go: "got status: N") */
		resp.r = KC_ERR_INTERNAL;
	kc_v(4, "watch %s failed: %s", req->url, msg.buf);
	return resp.r;
}

static void
on_done(void *arg, CURLcode result, long http_status)
{
	struct kc_request *req = arg;
	int wait;

	curl_easy_getinfo(kc_curl_easy(req->xfer), CURLINFO_OS_ERRNO, &req->os_errno);
	req->xfer = NULL; /* curlev frees it when we return */
	if (req->status == 0)
		req->status = http_status;
	if (req->is_watch && req->status == 200) {
		int r = result == CURLE_OK ? kc_watch_decoder_finish(req->decoder) : KC_ERR_IO;

		if (result != CURLE_OK)
			kc_v(4, "watch %s ended: %s", req->url,
			     req->errbuf[0] ? req->errbuf : curl_easy_strerror(result));
		watch_finish(req, r == KC_ERR_PARSE ? KC_ERR_IO : r);
		return;
	}
	wait = retry_wait(req, result);
	if (wait >= 0 && schedule_retry(req, wait) == 0)
		return;
	if (req->is_watch)
		watch_finish(req, watch_request_failed(req, result));
	else
		request_complete(req, result);
}

static int
on_watch_event(void *arg, enum kc_watch_event_type type, json_t *object)
{
	struct kc_request *req = arg;

	if (req->event_cb != NULL)
		req->event_cb(req->arg, type, object);
	if (req->canceled)
		return KC_ERR_CANCELED;
	if (type == KC_WATCH_ERROR) {
		int r = kc_watch_status_err(object, 0);

		req->finishing = 1;
		req->finish_r = r < 0 ? r : KC_ERR_INTERNAL;
		return KC_ERR_CANCELED;
	}
	return 0;
}

static int
on_watch_body(struct kc_request *req, const char *data, size_t len)
{
	int r;

	req->busy = 1;
	r = kc_watch_decoder_feed(req->decoder, data, len, on_watch_event, req);
	req->busy = 0;
	if (req->canceled) {
		request_free(req);
		return -1;
	}
	if (r < 0 && !req->finishing) {
		kc_v(4, "watch %s: %s", req->url, kc_watch_decoder_error(req->decoder));
		req->finishing = 1;
		req->finish_r = r;
	}
	if (req->finishing) {
		watch_finish(req, req->finish_r);
		return -1;
	}
	return 0;
}

static int
on_body(void *arg, const char *data, size_t len)
{
	struct kc_request *req = arg;

	if (req->is_watch && req->status == 200)
		return on_watch_body(req, data, len);
	return kc_strbuf_add(&req->resp, data, len) < 0 ? -1 : 0;
}

/* A header value: the text after "Name:", trimmed; NULL when the line is another header. */
static const char *
header_value(const char *line, size_t len, const char *name, char *buf, size_t buflen)
{
	size_t n = strlen(name), i, j;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	for (i = n + 1; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	for (j = len; j > i && isspace((unsigned char)line[j - 1]); j--)
		;
	if (j - i >= buflen)
		j = i + buflen - 1;
	memcpy(buf, line + i, j - i);
	buf[j - i] = '\0';
	return buf;
}

/* strconv.Atoi: an optional sign and decimal digits, nothing else. */
static int
parse_retry_after(const char *v)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || isspace((unsigned char)*v))
		return -1;
	return n < 0 ? 0 : n > 3600 ? 3600 : (int)n;
}

static void
on_header(void *arg, const char *line, size_t len)
{
	struct kc_request *req = arg;
	char buf[256];
	const char *v;

	if (len > 5 && strncmp(line, "HTTP/", 5) == 0) {
		const char *sp = memchr(line, ' ', len);

		/* A new response (after 1xx, or a retry): forget the previous one. */
		req->status = sp != NULL ? strtol(sp + 1, NULL, 10) : 0;
		if (strncmp(line, "HTTP/2", 6) == 0)
			req->c->h2_seen = 1;
		req->retry_after = -1;
		req->json_body = 1;
		req->text_body = 1;
		kc_strbuf_reset(&req->resp);
		return;
	}
	if ((v = header_value(line, len, "Retry-After", buf, sizeof(buf))) != NULL) {
		req->retry_after = parse_retry_after(v);
	} else if ((v = header_value(line, len, "Content-Type", buf, sizeof(buf))) != NULL) {
		size_t n = strcspn(v, "; ");

		req->json_body = (n == 16 && strncasecmp(v, "application/json", 16) == 0) ||
				 (n > 5 && strncasecmp(v + n - 5, "+json", 5) == 0);
		req->text_body = strncasecmp(v, "text/", 5) == 0;
	}
}

static const struct kc_curl_ops request_ops = {
	.on_header = on_header,
	.on_body = on_body,
	.on_done = on_done,
};

/* --- building transfers --------------------------------------------------------------------- */

static char *
read_token_file(const char *path)
{
	FILE *f = fopen(path, "re");
	KC_CLEANUP(kc_strbuf_release) struct kc_strbuf sb = KC_STRBUF_INIT;
	char buf[4096];
	size_t n, start = 0;

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < (1u << 20))
		kc_strbuf_add(&sb, buf, n);
	fclose(f);
	while (sb.len > 0 && isspace((unsigned char)sb.buf[sb.len - 1]))
		sb.buf[--sb.len] = '\0';
	while (start < sb.len && isspace((unsigned char)sb.buf[start]))
		start++;
	if (start == sb.len)
		return NULL;
	kc_strbuf_consume(&sb, start);
	return kc_strbuf_detach(&sb, NULL);
}

/* The bearer token for the next request: the file's (re-read every minute), else cfg's. */
static const char *
bearer_token(struct kc_client *c)
{
	double now;

	if (c->token_file == NULL)
		return c->token;
	now = now_s();
	if (c->file_token == NULL || now - c->file_token_at >= TOKEN_FILE_PERIOD_S) {
		char *t = read_token_file(c->token_file);

		if (t != NULL) {
			free(c->file_token);
			c->file_token = t;
			c->file_token_at = now;
		} else {
			kc_v(4, "cannot read token file '%s', using the previous token",
			     c->token_file);
		}
	}
	return c->file_token != NULL ? c->file_token : c->token;
}

/* Appends "name: value" (or "name:" alone for a NULL value, which removes curl's default). */
static int
append_header(struct curl_slist **list, const char *name, const char *value)
{
	KC_AUTOFREE char *line = NULL;
	struct curl_slist *l;

	if (asprintf(&line, "%s:%s%s", name, value != NULL ? " " : "", value != NULL ? value : "") <
	    0)
		return KC_ERR_NOMEM;
	l = curl_slist_append(*list, line);
	if (l == NULL)
		return KC_ERR_NOMEM;
	*list = l;
	return 0;
}

static int
append_bearer(struct curl_slist **list, const char *token)
{
	KC_AUTOFREE char *value = NULL;

	if (asprintf(&value, "Bearer %s", token) < 0)
		return KC_ERR_NOMEM;
	return append_header(list, "Authorization", value);
}

static struct curl_slist *
build_headers(struct kc_request *req)
{
	struct kc_client *c = req->c;
	struct curl_slist *h = NULL;
	const char *token = bearer_token(c);
	int r = append_header(&h, "Accept", "application/json");

	/* No "Expect: 100-continue" round trip: Go's client does not do it either. */
	if (r == 0)
		r = append_header(&h, "Expect", NULL);
	if (r == 0 && req->body != NULL)
		r = append_header(&h, "Content-Type", req->content_type);
	if (r == 0 && token != NULL && *token != '\0')
		r = append_bearer(&h, token);
	if (r == 0 && c->host_header != NULL)
		r = append_header(&h, "Host", c->host_header);
	if (r < 0) {
		curl_slist_free_all(h);
		return NULL;
	}
	return h;
}

static void
set_blob(CURL *e, CURLoption opt, const char *pem)
{
	struct curl_blob blob = { .data = (void *)pem,
				  .len = strlen(pem),
				  .flags = CURL_BLOB_NOCOPY };

	curl_easy_setopt(e, opt, &blob);
}

static void
setup_tls(struct kc_client *c, CURL *e)
{
	curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (c->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	} else {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	}
	if (c->ca_pem != NULL) {
		/* client-go's RootCAs: the configured CA only, not the system's as well. */
		set_blob(e, CURLOPT_CAINFO_BLOB, c->ca_pem);
		curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	}
	if (c->cert_pem != NULL) {
		set_blob(e, CURLOPT_SSLCERT_BLOB, c->cert_pem);
		curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
		set_blob(e, CURLOPT_SSLKEY_BLOB, c->key_pem);
		curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
	}
	if (c->connect_to != NULL)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);
}

static void
setup_method(struct kc_request *req, CURL *e)
{
	if (strcmp(req->method, "GET") == 0)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (strcmp(req->method, "HEAD") == 0)
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	else if (strcmp(req->method, "POST") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
	if (req->body != NULL || strcmp(req->method, "POST") == 0) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body != NULL ? req->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
}

static CURL *
build_easy(struct kc_request *req)
{
	struct kc_client *c = req->c;
	CURL *e = curl_easy_init();

	if (e == NULL)
		return NULL;
	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	setup_method(req, e);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/*
	 * Share one HTTP/2 connection as Go does, but only once the server has spoken HTTP/2:
	 * behind an HTTP/1.1 watch, PIPEWAIT would make curl wait for that connection forever.
	 */
	if (c->h2_seen)
		curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip");
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, req->errbuf);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 30L);
	if (!req->is_watch && c->timeout_ms > 0)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	if (c->proxy_url != NULL)
		curl_easy_setopt(e, CURLOPT_PROXY, c->proxy_url);
	if (c->username != NULL) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, c->username);
		curl_easy_setopt(e, CURLOPT_PASSWORD, c->password != NULL ? c->password : "");
	}
	setup_tls(c, e);
	/* --v=10: curl's own trace on stderr (client-go logs round trips at 6-10). */
	if (kc_log_v_enabled(10, __FILE__))
		curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	return e;
}

/* Starts one attempt: 0, or KC_ERR_NOMEM with nothing started and no callback run. */
static int
request_start(struct kc_request *req)
{
	CURL *e = build_easy(req);
	struct curl_slist *headers = e != NULL ? build_headers(req) : NULL;

	req->state = REQ_RUNNING;
	req->status = 0;
	req->retry_after = -1;
	req->errbuf[0] = '\0';
	kc_strbuf_reset(&req->resp);
	if (e == NULL || headers == NULL) {
		if (e != NULL)
			curl_easy_cleanup(e);
		return KC_ERR_NOMEM;
	}
	req->xfer = kc_curl_start(req->c->curl, e, headers, &request_ops, req);
	return req->xfer != NULL ? 0 : KC_ERR_NOMEM;
}

/* An attempt could not start (out of memory) from a loop callback: end the request. */
static void
request_fail(struct kc_request *req)
{
	if (req->is_watch)
		watch_finish(req, KC_ERR_NOMEM);
	else
		request_complete(req, CURLE_OUT_OF_MEMORY);
}

static struct kc_request *
request_new(struct kc_client *c, size_t size, const char *method, const char *path,
	    const char *content_type, const json_t *body)
{
	struct kc_request *req = calloc(1, size);

	if (req == NULL)
		return NULL;
	req->c = c;
	req->state = REQ_NEW;
	kc_strbuf_init(&req->resp);
	TAILQ_INSERT_TAIL(&c->all, req, link);
	c->active++;
	req->method = strdup(method);
	req->content_type = strdup(content_type != NULL ? content_type : "application/json");
	if (asprintf(&req->url, "%s%s%s", c->base_url, *path == '/' ? "" : "/", path) < 0)
		req->url = NULL;
	if (body != NULL) {
		/* as client-go's encoder writes it (Go's escaping and numbers), and 3-4x faster
		 * than json_dumps() */
		req->body = kc_json_dumps(body);
		req->body_len = req->body != NULL ? strlen(req->body) : 0;
	}
	if (req->method == NULL || req->content_type == NULL || req->url == NULL ||
	    (body != NULL && req->body == NULL)) {
		request_free(req);
		return NULL;
	}
	return req;
}

/* Submits a new request; NULL (and nothing left behind, no callback) when it cannot start. */
static struct kc_request *
request_go(struct kc_request *req)
{
	if (request_submit(req) < 0) {
		request_free(req);
		return NULL;
	}
	return req;
}

struct kc_request *
kc_client_request(struct kc_client *c, const char *method, const char *path,
		  const char *content_type, const json_t *body, kc_response_cb cb, void *arg)
{
	struct kc_request *req;

	if (c == NULL || method == NULL || path == NULL)
		return NULL;
	req = request_new(c, sizeof(*req), method, path, content_type, body);
	if (req == NULL)
		return NULL;
	req->cb = cb;
	req->arg = arg;
	return request_go(req);
}

/* --- typed verbs ---------------------------------------------------------------------------- */

static struct kc_request *
request_path(struct kc_client *c, const char *method, char *path, const char *content_type,
	     const json_t *body, kc_response_cb cb, void *arg)
{
	struct kc_request *req;

	if (path == NULL)
		return NULL;
	req = kc_client_request(c, method, path, content_type, body, cb, arg);
	free(path);
	return req;
}

struct kc_request *
kc_client_get(struct kc_client *c, const struct kc_resource *res, const char *ns, const char *name,
	      kc_response_cb cb, void *arg)
{
	if (name == NULL || *name == '\0')
		return NULL;
	return request_path(c, "GET", kc_client_path(res, ns, name, NULL, NULL), NULL, NULL, cb,
			    arg);
}

struct kc_request *
kc_client_list(struct kc_client *c, const struct kc_resource *res, const char *ns,
	       const struct kc_list_options *opts, kc_response_cb cb, void *arg)
{
	return request_path(c, "GET", kc_client_path(res, ns, NULL, NULL, opts), NULL, NULL, cb,
			    arg);
}

struct kc_request *
kc_client_create(struct kc_client *c, const struct kc_resource *res, const char *ns,
		 const json_t *obj, kc_response_cb cb, void *arg)
{
	if (obj == NULL)
		return NULL;
	if (ns == NULL)
		ns = kc_meta_namespace(obj);
	return request_path(c, "POST", kc_client_path(res, ns, NULL, NULL, NULL), NULL, obj, cb,
			    arg);
}

struct kc_request *
kc_client_update(struct kc_client *c, const struct kc_resource *res, const char *ns,
		 const json_t *obj, const char *subresource, kc_response_cb cb, void *arg)
{
	const char *name = kc_meta_name(obj);

	if (name == NULL || *name == '\0')
		return NULL;
	if (ns == NULL)
		ns = kc_meta_namespace(obj);
	return request_path(c, "PUT", kc_client_path(res, ns, name, subresource, NULL), NULL, obj,
			    cb, arg);
}

struct kc_request *
kc_client_patch(struct kc_client *c, const struct kc_resource *res, const char *ns,
		const char *name, const char *subresource, const char *patch_type,
		const json_t *patch, kc_response_cb cb, void *arg)
{
	if (name == NULL || *name == '\0' || patch == NULL)
		return NULL;
	return request_path(c, "PATCH", kc_client_path(res, ns, name, subresource, NULL),
			    patch_type != NULL ? patch_type : "application/merge-patch+json", patch,
			    cb, arg);
}

struct kc_request *
kc_client_delete(struct kc_client *c, const struct kc_resource *res, const char *ns,
		 const char *name, const json_t *options, kc_response_cb cb, void *arg)
{
	if (name == NULL || *name == '\0')
		return NULL;
	return request_path(c, "DELETE", kc_client_path(res, ns, name, NULL, NULL), NULL, options,
			    cb, arg);
}

struct kc_watch *
kc_client_watch(struct kc_client *c, const struct kc_resource *res, const char *ns,
		const struct kc_list_options *opts, kc_watch_event_cb event_cb,
		kc_watch_done_cb done_cb, void *arg)
{
	KC_AUTOFREE char *path = NULL;
	struct kc_request *req;

	if (c == NULL)
		return NULL;
	path = build_path(res, ns, NULL, NULL, opts, 1);
	if (path == NULL)
		return NULL;
	req = request_new(c, sizeof(struct kc_watch), "GET", path, NULL, NULL);
	if (req == NULL)
		return NULL;
	req->is_watch = 1;
	req->event_cb = event_cb;
	req->done_cb = done_cb;
	req->arg = arg;
	req->decoder = kc_watch_decoder_new(0);
	if (req->decoder == NULL) {
		request_free(req);
		return NULL;
	}
	req = request_go(req);
	return req != NULL ? (struct kc_watch *)req : NULL;
}

/* --- the client ----------------------------------------------------------------------------- */

/* client-go's DefaultKubernetesUserAgent(): "<command>/<version> (<os>/<arch>) kubernetes/<commit>". */
static char *
default_user_agent(void)
{
	const char *cmd = program_invocation_short_name;
	char *ua;

	if (cmd == NULL || *cmd == '\0')
		cmd = "unknown";
	if (asprintf(&ua, "%s/%s (linux/%s) kubernetes/%.7s", cmd, KC_GIT_VERSION, GOARCH,
		     KC_GIT_COMMIT) < 0)
		return NULL;
	return ua;
}

/* rest.DefaultServerURL: a bare host:port gets https:// when TLS is configured, else http://. */
static char *
server_with_scheme(const struct kc_rest_config *cfg)
{
	int tls = cfg->ca_pem != NULL || cfg->cert_pem != NULL || cfg->insecure_skip_tls_verify;
	char *s;

	if (strstr(cfg->server, "://") != NULL)
		return strdup(cfg->server);
	if (asprintf(&s, "%s://%s", tls ? "https" : "http", cfg->server) < 0)
		return NULL;
	return s;
}

/* Splits cfg->server; sets base_url and, with tls_server_name, the connect-to trick. */
static int
setup_server(struct kc_client *c, const struct kc_rest_config *cfg)
{
	KC_AUTOFREE char *server = server_with_scheme(cfg);
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL;
	CURLU *u = curl_url();
	int r = KC_ERR_INVALID;
	size_t plen;

	if (u == NULL || server == NULL) {
		r = KC_ERR_NOMEM;
		goto out;
	}
	if (curl_url_set(u, CURLUPART_URL, server, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK ||
	    (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0))
		goto out;
	(void)curl_url_get(u, CURLUPART_PORT, &port, 0); /* absent: the scheme's default */
	plen = strlen(path);
	while (plen > 0 && path[plen - 1] == '/')
		path[--plen] = '\0';
	if (cfg->tls_server_name != NULL && *cfg->tls_server_name != '\0' &&
	    strcmp(scheme, "https") == 0 && strcmp(cfg->tls_server_name, host) != 0) {
		const char *p = port;
		char *line = NULL;

		if (p == NULL)
			p = "443";
		/* Name the TLS server in the URL (SNI, verification) but connect to the real host. */
		if (asprintf(&c->base_url, "%s://%s:%s%s", scheme, cfg->tls_server_name, p, path) <
			    0 ||
		    asprintf(&line, "%s:%s:%s:%s", cfg->tls_server_name, p, host, p) < 0 ||
		    asprintf(&c->host_header, "%s%s%s", host, port != NULL ? ":" : "",
			     port != NULL ? port : "") < 0) {
			free(line);
			r = KC_ERR_NOMEM;
			goto out;
		}
		c->connect_to = curl_slist_append(NULL, line);
		free(line);
		r = c->connect_to != NULL ? 0 : KC_ERR_NOMEM;
		goto out;
	}
	r = asprintf(&c->base_url, "%s://%s%s%s%s", scheme, host, port != NULL ? ":" : "",
		     port != NULL ? port : "", path) < 0
		    ? KC_ERR_NOMEM
		    : 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	if (u != NULL)
		curl_url_cleanup(u);
	return r;
}

/* The combinations client-go's transport refuses (transport/transport.go, round_trippers.go). */
static int
check_config(const struct kc_rest_config *cfg)
{
	if (cfg == NULL || cfg->server == NULL || *cfg->server == '\0')
		return KC_ERR_INVALID;
	if ((cfg->cert_pem != NULL) != (cfg->key_pem != NULL))
		return KC_ERR_INVALID; /* "client-cert-data and client-key-data must both be specified" */
	if (cfg->insecure_skip_tls_verify && cfg->ca_pem != NULL)
		return KC_ERR_INVALID; /* "specifying a root certificates file with the insecure flag is not allowed" */
	if ((cfg->token != NULL || cfg->token_file != NULL) && cfg->username != NULL)
		return KC_ERR_INVALID; /* "username/password or bearer token may be set, but not both" */
	return 0;
}

static int
copy_config(struct kc_client *c, const struct kc_rest_config *cfg)
{
	if (strdup_opt(&c->ca_pem, cfg->ca_pem) < 0 ||
	    strdup_opt(&c->cert_pem, cfg->cert_pem) < 0 ||
	    strdup_opt(&c->key_pem, cfg->key_pem) < 0 || strdup_opt(&c->token, cfg->token) < 0 ||
	    strdup_opt(&c->token_file, cfg->token_file) < 0 ||
	    strdup_opt(&c->username, cfg->username) < 0 ||
	    strdup_opt(&c->password, cfg->password) < 0 ||
	    strdup_opt(&c->proxy_url, cfg->proxy_url) < 0)
		return KC_ERR_NOMEM;
	if (cfg->user_agent != NULL && *cfg->user_agent != '\0')
		c->user_agent = strdup(cfg->user_agent);
	else
		c->user_agent = default_user_agent();
	if (c->user_agent == NULL)
		return KC_ERR_NOMEM;
	c->insecure = cfg->insecure_skip_tls_verify;
	c->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 0;
	/* rest.RESTClientFor: 0 means the default; a negative qps turns the limiter off. */
	c->qps = cfg->qps == 0 ? DEFAULT_QPS : cfg->qps;
	c->burst = cfg->burst > 0 ? cfg->burst : DEFAULT_BURST;
	c->tokens = c->burst;
	c->tokens_at = now_s();
	return 0;
}

struct kc_client *
kc_client_new(struct event_base *base, const struct kc_rest_config *cfg)
{
	struct kc_client *c;

	if (base == NULL || check_config(cfg) < 0)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->base = base;
	TAILQ_INIT(&c->all);
	TAILQ_INIT(&c->throttled);
	c->curl = kc_curl_new(base);
	c->throttle_timer = evtimer_new(base, on_throttle_timer, c);
	if (c->curl == NULL || c->throttle_timer == NULL || setup_server(c, cfg) < 0 ||
	    copy_config(c, cfg) < 0)
		return kc_client_free(c);
	return c;
}

struct kc_client *
kc_client_free(struct kc_client *c)
{
	struct kc_request *req;

	if (c == NULL)
		return NULL;
	while ((req = TAILQ_FIRST(&c->all)) != NULL)
		request_free(req);
	c->curl = kc_curl_free(c->curl); /* before the strings its handles point at */
	if (c->throttle_timer != NULL)
		event_free(c->throttle_timer);
	curl_slist_free_all(c->connect_to);
	free(c->base_url);
	free(c->host_header);
	free(c->ca_pem);
	free(c->cert_pem);
	free(c->key_pem);
	free(c->token);
	free(c->token_file);
	free(c->username);
	free(c->password);
	free(c->proxy_url);
	free(c->user_agent);
	free(c->file_token);
	free(c);
	return NULL;
}
