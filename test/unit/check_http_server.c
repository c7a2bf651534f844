/*
 * check_http_server.c - kc_http_server on 127.0.0.1:0 in the test process, driven by libcurl and
 * raw sockets from a thread: requests, keep-alive, pipelining, chunked bodies, limits (413, 431,
 * 400), timeouts, streaming, shared-buffer fan-out, disconnect notification, the router.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/strbuf.h"
#include "test/unit/testutil/http_testutil.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

static struct event_base *base;
static struct kc_http_server *srv;
static int port;

/* What the handlers saw (written on the loop thread, read after http_test_run). */
static struct {
	int n;
	char method[16], path[256], raw[512], query[512];
	char q_watch[64], q_label[128], q_x[64], q_b[16];
	int has_watch, has_flag, has_a;
	char hdr[128], hdr_nth_name[64];
	size_t nheaders;
	char body[8192];
	size_t body_len;
	char peer[4][64];
	int closed_notified;
	int http_minor;
	int header_add_crlf;
	size_t pending;
} seen;

struct raw_job {
	const char *send;
	size_t send_len; /* 0: strlen */
	int nresp;
	struct http_test_resp resp[4];
	int rc[4];
	int wait_eof_ms;
	int eof;
	int head;
};

/* State of the multi-step clients below (reset by the fixture). */
static struct http_test_conn cc[3];
static struct http_test_resp rr[3];
static int rcs[4];
static struct raw_job endjob = { .send = "GET /stream-end HTTP/1.1\r\nHost: x\r\n\r\n",
				 .nresp = 1 };
static struct raw_job bcjob = { .send = "GET /broadcast HTTP/1.1\r\nHost: x\r\n\r\n", .nresp = 1 };

static struct kc_http_request *stream_req;
static struct kc_http_request *watchers[8];
static struct kc_http_request **watchers_ptr = watchers;
static int watchers_cap = 8;
static int nwatchers;
static struct kc_http_shared_buf *fanout_buf;

static void
copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void
h_echo(struct kc_http_request *req, void *arg)
{
	const char *name, *value;
	char out[9000];
	int n;

	if (seen.n < 4)
		copy(seen.peer[seen.n], sizeof(seen.peer[0]), kc_http_request_peer(req));
	seen.n++;
	copy(seen.method, sizeof(seen.method), req->method);
	copy(seen.path, sizeof(seen.path), req->path);
	copy(seen.raw, sizeof(seen.raw), req->raw_path);
	copy(seen.query, sizeof(seen.query), req->query);
	seen.has_watch = kc_http_query_has(req, "watch");
	copy(seen.q_watch, sizeof(seen.q_watch), kc_http_query_get(req, "watch"));
	copy(seen.q_label, sizeof(seen.q_label), kc_http_query_get(req, "labelSelector"));
	copy(seen.q_x, sizeof(seen.q_x), kc_http_query_get(req, "x"));
	copy(seen.q_b, sizeof(seen.q_b), kc_http_query_get(req, "b"));
	seen.has_flag = kc_http_query_has(req, "flag");
	seen.has_a = kc_http_query_has(req, "a");
	copy(seen.hdr, sizeof(seen.hdr), kc_http_header_get(req, "x-test"));
	for (seen.nheaders = 0; kc_http_header_nth(req, seen.nheaders, &name, &value) == 0;)
		seen.nheaders++;
	if (kc_http_header_nth(req, 0, &name, &value) == 0)
		copy(seen.hdr_nth_name, sizeof(seen.hdr_nth_name), name);
	seen.body_len = req->body_len;
	memcpy(seen.body, req->body, req->body_len < sizeof(seen.body) ? req->body_len : 0);
	seen.http_minor = req->http_minor;
	n = snprintf(out, sizeof(out), "%s %s %.*s", req->method, req->path,
		     (int)(req->body_len < 8000 ? req->body_len : 8000), req->body);
	kc_http_reply(req, 200, "text/plain", out, (size_t)n);
}

struct delayed {
	struct event *ev;
	struct kc_http_request *req;
};

static void
delayed_reply(evutil_socket_t fd, short what, void *arg)
{
	struct delayed *d = arg;

	kc_http_reply(d->req, 200, "text/plain", "slow", 4);
	event_free(d->ev);
	free(d);
}

static void
h_slow(struct kc_http_request *req, void *arg)
{
	struct delayed *d = calloc(1, sizeof(*d));
	struct timeval tv = { 0, 80000 };

	d->req = req;
	d->ev = evtimer_new(base, delayed_reply, d);
	evtimer_add(d->ev, &tv);
}

static void
on_hold_close(struct kc_http_request *req, void *arg)
{
	seen.closed_notified++;
	if (req == stream_req)
		stream_req = NULL;
	ck_assert_int_eq(kc_http_request_closed(req), 1);
	ck_assert_int_eq(kc_http_reply_chunk(req, "x", 1), KC_ERR_IO);
	kc_http_reply_end(req);
}

static void
h_stream(struct kc_http_request *req, void *arg)
{
	kc_http_reply_start(req, 200, "application/json");
	kc_http_reply_chunk(req, "first\n", 6);
	kc_http_reply_chunk(req, "", 0); /* skipped: an empty chunk would end the stream */
	kc_http_request_on_close(req, on_hold_close, NULL);
	stream_req = req;
}

static void
h_stream_end(struct kc_http_request *req, void *arg)
{
	if (stream_req != NULL) {
		kc_http_reply_chunk(stream_req, "second\n", 7);
		kc_http_reply_end(stream_req);
		stream_req = NULL;
	}
	kc_http_reply(req, 200, "text/plain", "ended", 5);
}

static void
on_watcher_close(struct kc_http_request *req, void *arg)
{
	int i;

	for (i = 0; i < nwatchers; i++)
		if (watchers_ptr[i] == req)
			watchers_ptr[i] = watchers_ptr[--nwatchers];
	seen.closed_notified++;
	kc_http_reply_end(req);
}

static void
h_watch(struct kc_http_request *req, void *arg)
{
	kc_http_reply_start(req, 200, "application/json");
	kc_http_request_on_close(req, on_watcher_close, NULL);
	if (nwatchers < watchers_cap)
		watchers_ptr[nwatchers++] = req;
	else
		kc_http_reply_end(req);
}

static void
h_broadcast(struct kc_http_request *req, void *arg)
{
	char out[16];
	int i, n = nwatchers;

	fanout_buf = kc_http_shared_buf_new("{\"type\":\"ADDED\"}\n", 17);
	for (i = 0; i < nwatchers; i++)
		kc_http_reply_chunk_ref(watchers_ptr[i], fanout_buf);
	seen.pending = kc_http_shared_buf_refs(fanout_buf); /* 1 + one per queued connection */
	for (i = 0; i < nwatchers; i++)
		kc_http_reply_end(watchers_ptr[i]);
	nwatchers = 0;
	snprintf(out, sizeof(out), "%d", n);
	kc_http_reply(req, 200, "text/plain", out, strlen(out));
}

static void
h_nocontent(struct kc_http_request *req, void *arg)
{
	kc_http_reply(req, 204, NULL, "ignored", 7);
}

static void
h_big(struct kc_http_request *req, void *arg)
{
	size_t len = 1024 * 1024;
	char *b = malloc(len);

	memset(b, 'a', len);
	kc_http_reply(req, 200, "application/octet-stream", b, len);
	free(b);
}

static void
h_headers(struct kc_http_request *req, void *arg)
{
	seen.header_add_crlf = kc_http_reply_header_add(req, "X-Bad", "a\r\nInjected: 1");
	kc_http_reply_header_add(req, "X-Custom", "yes");
	kc_http_reply_header_add(req, "Audit-Id", "1234");
	seen.pending = kc_http_request_output_pending(req);
	kc_http_reply(req, 200, "text/plain", "h", 1);
}

static void
h_error(struct kc_http_request *req, void *arg)
{
	kc_http_reply_error(req, 409, "pods \"web\" already exists");
}

static void
h_api(struct kc_http_request *req, void *arg)
{
	kc_http_reply(req, 200, "text/plain", arg, strlen(arg));
}

static char api_exact[] = "exact", api_tree[] = "subtree", api_deeper[] = "deeper";

static const struct kc_http_route routes[] = {
	{ "/echo", h_echo, NULL },           { "/slow", h_slow, NULL },
	{ "/stream", h_stream, NULL },       { "/stream-end", h_stream_end, NULL },
	{ "/watch", h_watch, NULL },         { "/broadcast", h_broadcast, NULL },
	{ "/nocontent", h_nocontent, NULL }, { "/big", h_big, NULL },
	{ "/headers", h_headers, NULL },     { "/error", h_error, NULL },
	{ "/api", h_api, api_exact },        { "/api/", h_api, api_tree },
	{ "/api/v1/", h_api, api_deeper },   { NULL },
};

static void
start_server(const struct kc_http_server_opts *extra)
{
	struct kc_http_server_opts opts = { 0 };
	int idx;

	if (srv != NULL) { /* a test replacing the fixture's server */
		srv = kc_http_server_free(srv);
		event_base_free(base);
	}
	if (extra != NULL)
		opts = *extra;
	opts.handler = kc_http_router_handler;
	opts.handler_arg = (void *)routes;
	memset(&seen, 0, sizeof(seen));
	for (idx = 0; idx < 3; idx++) {
		http_test_resp_init(&rr[idx]);
		cc[idx].fd = -1;
	}
	memset(rcs, -1, sizeof(rcs));
	stream_req = NULL;
	nwatchers = 0;
	fanout_buf = NULL;
	base = event_base_new();
	srv = kc_http_server_new(base, &opts);
	port = http_test_listen(srv);
}

static void
setup(void)
{
	start_server(NULL);
}

static void raw_release(struct raw_job *j);

static void
teardown(void)
{
	int i;

	srv = kc_http_server_free(srv);
	kc_http_shared_buf_unref(fanout_buf);
	event_base_free(base);
	for (i = 0; i < 3; i++)
		http_test_resp_release(&rr[i]);
	raw_release(&endjob);
	raw_release(&bcjob);
}

/* --- generic clients ------------------------------------------------------------------- */

struct curl_job {
	const char *method, *path, *body;
	size_t body_len;
	const char *const *headers;
	struct http_test_result res;
};

static void
curl_client(void *arg)
{
	struct curl_job *j = arg;
	char url[512];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, j->path);
	http_test_curl(j->method, url, j->body, j->body ? j->body_len : 0, j->headers, NULL, NULL,
		       &j->res);
}

static void
run_curl(struct curl_job *j)
{
	ck_assert_int_eq(http_test_run(base, curl_client, j, 8000), 0);
}

static void
raw_client(void *arg)
{
	struct raw_job *j = arg;
	struct http_test_conn c;
	int i;

	for (i = 0; i < 4; i++) {
		http_test_resp_init(&j->resp[i]);
		j->resp[i].head = j->head;
		j->rc[i] = -2;
	}
	if (http_test_connect(&c, port) < 0)
		return;
	http_test_send(&c, j->send, j->send_len ? j->send_len : strlen(j->send));
	for (i = 0; i < j->nresp; i++)
		j->rc[i] = http_test_read_response(&c, &j->resp[i], NULL);
	if (j->wait_eof_ms > 0)
		j->eof = http_test_wait_eof(&c, j->wait_eof_ms);
	http_test_close(&c);
}

static void
run_raw(struct raw_job *j)
{
	ck_assert_int_eq(http_test_run(base, raw_client, j, 8000), 0);
}

static void
raw_release(struct raw_job *j)
{
	int i;

	for (i = 0; i < 4; i++)
		http_test_resp_release(&j->resp[i]);
}

/* Checks a metav1 Status body. */
static void
assert_status_json(const char *body, int code, const char *reason, const char *message_part)
{
	json_error_t jerr;
	json_t *o = json_loads(body, 0, &jerr);

	ck_assert_msg(o != NULL, "not JSON: %s", body);
	ck_assert_str_eq(json_string_value(json_object_get(o, "kind")), "Status");
	ck_assert_str_eq(json_string_value(json_object_get(o, "apiVersion")), "v1");
	ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "Failure");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "code")), code);
	if (reason != NULL)
		ck_assert_str_eq(json_string_value(json_object_get(o, "reason")), reason);
	if (message_part != NULL)
		ck_assert_ptr_nonnull(
			strstr(json_string_value(json_object_get(o, "message")), message_part));
	json_decref(o);
}

/* --- requests -------------------------------------------------------------------------- */

START_TEST(test_get)
{
	struct curl_job j = { .method = "GET", .path = "/echo" };

	run_curl(&j);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_str_eq(j.res.body.buf, "GET /echo ");
	ck_assert_str_eq(seen.method, "GET");
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "Content-Length: 10\r\n"));
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "Content-Type: text/plain\r\n"));
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "Date: "));
	ck_assert_ptr_nonnull(strstr(seen.peer[0], "127.0.0.1:"));
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_post_body)
{
	static const char body[] = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"}}";
	struct curl_job j = {
		.method = "POST", .path = "/echo", .body = body, .body_len = sizeof(body) - 1
	};

	run_curl(&j);
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_str_eq(seen.method, "POST");
	ck_assert_uint_eq(seen.body_len, sizeof(body) - 1);
	ck_assert_str_eq(seen.body, body);
	ck_assert_str_eq(j.res.body.buf,
			 "POST /echo {\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"}}");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_query)
{
	struct curl_job j = {
		.method = "GET",
		.path = "/echo?watch=1&labelSelector=app%3Dweb%2Ctier+in+(a)&x=a+b&flag&b=%zz&b=2",
	};

	run_curl(&j);
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_int_eq(seen.has_watch, 1);
	ck_assert_str_eq(seen.q_watch, "1");
	ck_assert_str_eq(seen.q_label, "app=web,tier in (a)");
	ck_assert_str_eq(seen.q_x, "a b");
	ck_assert_int_eq(seen.has_flag, 1);
	ck_assert_int_eq(seen.has_a, 0);
	ck_assert_str_eq(seen.q_b, "2"); /* "b=%zz" is skipped as Go does */
	ck_assert_str_eq(seen.path, "/echo");
	ck_assert_str_eq(seen.query,
			 "watch=1&labelSelector=app%3Dweb%2Ctier+in+(a)&x=a+b&flag&b=%zz&b=2");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_path_decoding)
{
	struct curl_job j = { .method = "GET", .path = "/api/v1/namespaces/a%20b/pods%2Fx?q=1" };

	run_curl(&j);
	ck_assert_str_eq(j.res.body.buf, "deeper");
	http_test_result_release(&j.res);
	j = (struct curl_job){ .method = "GET", .path = "/ech%6F" };
	run_curl(&j);
	ck_assert_str_eq(seen.path, "/echo");
	ck_assert_str_eq(seen.raw, "/ech%6F");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_bad_path_escape)
{
	struct raw_job j = { .send = "GET /echo%zz HTTP/1.1\r\nHost: x\r\n\r\n", .nresp = 1 };

	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_int_eq(j.resp[0].status, 400);
	assert_status_json(j.resp[0].body.buf, 400, "BadRequest", NULL);
	ck_assert_int_eq(seen.n, 0);
	raw_release(&j);
}
END_TEST

START_TEST(test_nul_in_path)
{
	struct raw_job j = { .send = "GET /echo%00/x HTTP/1.1\r\nHost: x\r\n\r\n", .nresp = 1 };

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 400);
	ck_assert_int_eq(seen.n, 0);
	raw_release(&j);
}
END_TEST

START_TEST(test_headers)
{
	static const char *const hdrs[] = { "X-Test: Value 1", NULL };
	struct curl_job j = { .method = "GET", .path = "/echo", .headers = hdrs };

	run_curl(&j);
	ck_assert_str_eq(seen.hdr, "Value 1");
	ck_assert_uint_ge(seen.nheaders, 3); /* Host, Accept, X-Test */
	ck_assert_str_eq(seen.hdr_nth_name, "Host");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_reply_headers)
{
	struct curl_job j = { .method = "GET", .path = "/headers" };

	run_curl(&j);
	ck_assert_int_eq(seen.header_add_crlf, KC_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "X-Custom: yes\r\n"));
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "Audit-Id: 1234\r\n"));
	ck_assert_ptr_null(strstr(j.res.headers.buf, "Injected"));
	ck_assert_uint_eq(seen.pending, 0);
	http_test_result_release(&j.res);
}
END_TEST

static void
keep_alive_client(void *arg)
{
	if (http_test_connect(&cc[0], port) < 0)
		return;
	http_test_sends(&cc[0], "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
	rcs[0] = http_test_read_response(&cc[0], &rr[0], NULL);
	http_test_sends(&cc[0], "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
	rcs[1] = http_test_read_response(&cc[0], &rr[1], NULL);
	http_test_close(&cc[0]);
}

START_TEST(test_keep_alive)
{
	/* two requests, one connection: the server sees the same peer twice */
	ck_assert_int_eq(http_test_run(base, keep_alive_client, NULL, 8000), 0);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_int_eq(rr[0].status, 200);
	ck_assert_int_eq(rr[1].status, 200);
	ck_assert_str_eq(rr[1].body.buf, "POST /echo abc");
	ck_assert_int_eq(seen.n, 2);
	ck_assert_str_eq(seen.peer[0], seen.peer[1]);
	ck_assert_ptr_null(http_test_resp_header(&rr[0], "connection"));
}
END_TEST

START_TEST(test_pipelining)
{
	/* the slow first request is answered later, still first */
	struct raw_job j = {
		.send = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
			"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
			"GET /echo?z HTTP/1.1\r\nHost: x\r\n\r\n",
		.nresp = 3,
	};

	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_int_eq(j.rc[1], 0);
	ck_assert_int_eq(j.rc[2], 0);
	ck_assert_str_eq(j.resp[0].body.buf, "slow");
	ck_assert_str_eq(j.resp[1].body.buf, "POST /echo hi");
	ck_assert_str_eq(j.resp[2].body.buf, "GET /echo ");
	raw_release(&j);
}
END_TEST

START_TEST(test_chunked_request)
{
	struct raw_job j = {
		.send = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
			"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
		.nresp = 1,
	};

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 200);
	ck_assert_str_eq(j.resp[0].body.buf, "POST /echo hello world");
	ck_assert_uint_eq(seen.body_len, 11);
	raw_release(&j);
}
END_TEST

START_TEST(test_head)
{
	struct raw_job j = { .send = "HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n",
			     .nresp = 1,
			     .head = 1 };

	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_int_eq(j.resp[0].status, 200);
	ck_assert_str_eq(http_test_resp_header(&j.resp[0], "content-length"), "11");
	ck_assert_uint_eq(j.resp[0].body.len, 0);
	raw_release(&j);
}
END_TEST

START_TEST(test_no_content)
{
	struct raw_job j = { .send = "GET /nocontent HTTP/1.1\r\nHost: x\r\n\r\n"
				     "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n",
			     .nresp = 2 };

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 204);
	ck_assert_ptr_null(http_test_resp_header(&j.resp[0], "content-length"));
	ck_assert_uint_eq(j.resp[0].body.len, 0);
	ck_assert_int_eq(j.resp[1].status, 200); /* framing intact after the 204 */
	raw_release(&j);
}
END_TEST

START_TEST(test_big_response)
{
	struct curl_job j = { .method = "GET", .path = "/big" };

	run_curl(&j);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	ck_assert_uint_eq(j.res.body.len, 1024 * 1024);
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_absolute_form)
{
	struct raw_job j = { .send = "GET http://example.test/ech%6F?watch=true HTTP/1.1\r\n"
				     "Host: example.test\r\n\r\n",
			     .nresp = 1 };

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 200);
	ck_assert_str_eq(seen.path, "/echo");
	ck_assert_str_eq(seen.q_watch, "true");
	raw_release(&j);
}
END_TEST

/* --- connection handling -------------------------------------------------------------- */

START_TEST(test_connection_close)
{
	struct raw_job j = { .send = "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
			     .nresp = 1,
			     .wait_eof_ms = 2000 };

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 200);
	ck_assert_str_eq(http_test_resp_header(&j.resp[0], "connection"), "close");
	ck_assert_int_eq(j.eof, 1);
	raw_release(&j);
}
END_TEST

static void
half_close_client(void *arg)
{
	if (http_test_connect(&cc[0], port) < 0)
		return;
	http_test_sends(&cc[0], "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"
				"GET /echo?2 HTTP/1.1\r\nHost: x\r\n\r\n");
	shutdown(cc[0].fd, SHUT_WR); /* as `nc -N` does */
	rcs[0] = http_test_read_response(&cc[0], &rr[0], NULL);
	rcs[1] = http_test_read_response(&cc[0], &rr[1], NULL);
	rcs[2] = http_test_wait_eof(&cc[0], 2000);
	http_test_close(&cc[0]);
}

START_TEST(test_half_close)
{
	ck_assert_int_eq(http_test_run(base, half_close_client, NULL, 8000), 0);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(rr[0].status, 200);
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_int_eq(rr[1].status, 200);
	ck_assert_int_eq(rcs[2], 1);
}
END_TEST

static void
half_close_slow_client(void *arg)
{
	if (http_test_connect(&cc[0], port) < 0)
		return;
	http_test_sends(&cc[0], "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
	shutdown(cc[0].fd, SHUT_WR); /* arrives while the handler works */
	rcs[0] = http_test_read_response(&cc[0], &rr[0], NULL);
	rcs[1] = http_test_wait_eof(&cc[0], 2000);
	http_test_close(&cc[0]);
}

START_TEST(test_half_close_dispatched)
{
	ck_assert_int_eq(http_test_run(base, half_close_slow_client, NULL, 8000), 0);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(rr[0].status, 200);
	ck_assert_str_eq(rr[0].body.buf, "slow");
	ck_assert_str_eq(http_test_resp_header(&rr[0], "connection"), "close");
	ck_assert_int_eq(rcs[1], 1);
}
END_TEST

START_TEST(test_http10)
{
	struct raw_job j = { .send = "GET /echo HTTP/1.0\r\n\r\n",
			     .nresp = 1,
			     .wait_eof_ms = 2000 };

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 200);
	ck_assert_int_eq(seen.http_minor, 0);
	ck_assert_int_eq(j.eof, 1);
	ck_assert_str_eq(j.resp[0].body.buf, "GET /echo ");
	raw_release(&j);
}
END_TEST

START_TEST(test_http10_keep_alive)
{
	struct raw_job j = { .send = "GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
				     "GET /echo?2 HTTP/1.0\r\n\r\n",
			     .nresp = 2,
			     .wait_eof_ms = 2000 };

	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_str_eq(http_test_resp_header(&j.resp[0], "connection"), "keep-alive");
	ck_assert_int_eq(j.rc[1], 0);
	ck_assert_int_eq(seen.n, 2);
	ck_assert_int_eq(j.eof, 1); /* the second had no keep-alive */
	raw_release(&j);
}
END_TEST

static void
http10_stream_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /stream HTTP/1.0\r\n\r\n");
	http_test_read_response(&cc[0], &rr[0], "first\n");
	raw_client(&endjob);
	rcs[0] = http_test_read_response(&cc[0], &rr[0], NULL); /* ends at EOF: close-delimited */
	http_test_close(&cc[0]);
}

START_TEST(test_http10_stream)
{
	ck_assert_int_eq(http_test_run(base, http10_stream_client, NULL, 8000), 0);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_ptr_null(http_test_resp_header(&rr[0], "transfer-encoding"));
	ck_assert_str_eq(rr[0].body.buf, "first\nsecond\n");
}
END_TEST

static void
expect_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
				"Expect: 100-continue\r\n\r\n");
	rcs[0] = http_test_read_response(&cc[0], &rr[0], NULL);
	http_test_sends(&cc[0], "body");
	rcs[1] = http_test_read_response(&cc[0], &rr[1], NULL);
	http_test_close(&cc[0]);
}

START_TEST(test_expect_continue)
{
	ck_assert_int_eq(http_test_run(base, expect_client, NULL, 8000), 0);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(rr[0].status, 100);
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_int_eq(rr[1].status, 200);
	ck_assert_str_eq(rr[1].body.buf, "PUT /echo body");
}
END_TEST

START_TEST(test_expect_unknown)
{
	struct raw_job j = { .send = "PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
				     "Expect: something\r\n\r\nbody",
			     .nresp = 1 };

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 417);
	ck_assert_int_eq(seen.n, 0);
	raw_release(&j);
}
END_TEST

/* --- limits and errors ---------------------------------------------------------------- */

static void
small_limits(void)
{
	struct kc_http_server_opts o = { .max_body_bytes = 1024, .max_header_bytes = 1024 };

	start_server(&o);
}

/* --- graceful shutdown ------------------------------------------------------------------- */

static struct {
	size_t in_flight, streams; /* seen by the drain timer */
	size_t after_streams;
	int drained;
} drain_seen;

/* Polls until the watch streams and /slow is in flight, then drains. */
static void
drain_now(evutil_socket_t fd, short what, void *arg)
{
	struct event *self = arg;
	struct timeval tv = { 0, 5000 };

	(void)fd;
	(void)what;
	drain_seen.in_flight = kc_http_server_in_flight(srv, &drain_seen.streams);
	if (drain_seen.in_flight == 0 || drain_seen.streams == 0) {
		evtimer_add(self, &tv);
		return;
	}
	kc_http_server_close_listeners(srv);
	kc_http_server_drain(srv, 1);
	kc_http_server_in_flight(srv, &drain_seen.after_streams);
	drain_seen.drained = 1;
}

static struct {
	int watch_rc, watch_status, slow_rc, slow_status, idle_eof, slow_eof, refused;
	char slow_conn[32], watch_body[64];
} drain_out;

static void
drain_client(void *arg)
{
	struct http_test_conn w, idle, slow, late;
	struct http_test_resp wr, ir, sr;

	(void)arg;
	http_test_resp_init(&wr);
	http_test_resp_init(&ir);
	http_test_resp_init(&sr);
	http_test_connect(&w, port);
	http_test_sends(&w, "GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
	http_test_connect(&idle, port);
	http_test_sends(&idle, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
	http_test_read_response(&idle, &ir, NULL);
	http_test_connect(&slow, port); /* answered 80 ms later: the drain begins meanwhile */
	http_test_sends(&slow, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
	drain_out.slow_rc = http_test_read_response(&slow, &sr, NULL);
	drain_out.slow_status = sr.status;
	copy(drain_out.slow_conn, sizeof(drain_out.slow_conn),
	     http_test_resp_header(&sr, "connection"));
	drain_out.slow_eof = http_test_wait_eof(&slow, 2000);
	drain_out.idle_eof = http_test_wait_eof(&idle, 2000);
	drain_out.watch_rc = http_test_read_response(&w, &wr, NULL);
	drain_out.watch_status = wr.status;
	drain_out.refused = http_test_connect(&late, port) < 0;
	if (!drain_out.refused)
		http_test_close(&late);
	http_test_close(&w);
	http_test_close(&idle);
	http_test_close(&slow);
	http_test_resp_release(&wr);
	http_test_resp_release(&ir);
	http_test_resp_release(&sr);
}

/*
 * A drain closes the listeners, ends streams cleanly (a complete chunked body), lets the
 * request in flight finish with Connection: close, and closes idle keep-alive connections.
 */
START_TEST(test_drain)
{
	struct event *t = evtimer_new(base, drain_now, event_self_cbarg());
	struct timeval tv = { 0, 5000 };

	memset(&drain_seen, 0, sizeof(drain_seen));
	memset(&drain_out, 0, sizeof(drain_out));
	evtimer_add(t, &tv);
	ck_assert_int_eq(http_test_run(base, drain_client, NULL, 8000), 0);
	event_free(t);
	ck_assert_int_eq(drain_seen.drained, 1);
	ck_assert_uint_eq(drain_seen.in_flight, 1); /* /slow */
	ck_assert_uint_eq(drain_seen.streams, 1);   /* /watch */
	ck_assert_uint_eq(drain_seen.after_streams, 0);
	ck_assert_int_eq(drain_out.slow_rc, 0);
	ck_assert_int_eq(drain_out.slow_status, 200);
	ck_assert_str_eq(drain_out.slow_conn, "close");
	ck_assert_int_eq(drain_out.slow_eof, 1);
	ck_assert_int_eq(drain_out.idle_eof, 1);
	ck_assert_int_eq(drain_out.watch_rc, 0); /* the chunked body ended properly */
	ck_assert_int_eq(drain_out.watch_status, 200);
	ck_assert_int_eq(drain_out.refused, 1);
	ck_assert_uint_eq(kc_http_server_in_flight(srv, NULL), 0);
	ck_assert_int_eq(kc_http_server_port(srv, 0), 0);
}
END_TEST

START_TEST(test_413_content_length)
{
	/* headers only: the 413 comes before any body byte is sent */
	struct raw_job j = { .send = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n"
				     "Content-Type: application/json\r\n\r\n",
			     .nresp = 1,
			     .wait_eof_ms = 3000 };

	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_int_eq(j.resp[0].status, 413);
	ck_assert_str_eq(http_test_resp_header(&j.resp[0], "content-type"), "application/json");
	ck_assert_str_eq(http_test_resp_header(&j.resp[0], "connection"), "close");
	assert_status_json(j.resp[0].body.buf, 413, "RequestEntityTooLarge",
			   "Request entity too large: limit is 1024");
	ck_assert_int_eq(j.eof, 1);
	ck_assert_int_eq(seen.n, 0);
	raw_release(&j);
}
END_TEST

START_TEST(test_413_chunked)
{
	char req[4096];
	struct raw_job j = { .send = req, .nresp = 1 };
	int n, i;

	n = snprintf(req, sizeof(req),
		     "POST /echo HTTP/1.1\r\nHost: x\r\n"
		     "Transfer-Encoding: chunked\r\n\r\n");
	for (i = 0; i < 5; i++) /* 5 x 300 > 1024 */
		n += snprintf(req + n, sizeof(req) - (size_t)n, "12c\r\n%0300d\r\n", 0);
	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 413);
	assert_status_json(j.resp[0].body.buf, 413, "RequestEntityTooLarge", "limit is 1024");
	ck_assert_int_eq(seen.n, 0);
	raw_release(&j);
}
END_TEST

/*
 * A client that writes a whole body far over the limit (and past what a plain linger
 * discards) before it reads still gets the 413 and a clean end, not a reset: the server drains
 * the declared body before closing.
 */
START_TEST(test_413_body_drained)
{
	const size_t body_len = 4 * 1024 * 1024;
	char head[160];
	int hn = snprintf(head, sizeof(head),
			  "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %zu\r\n\r\n", body_len);
	char *req = malloc((size_t)hn + body_len);
	struct raw_job j = { .send = req, .send_len = (size_t)hn + body_len, .nresp = 1,
			     .wait_eof_ms = 3000 };

	ck_assert_ptr_nonnull(req);
	memcpy(req, head, (size_t)hn);
	memset(req + hn, 'z', body_len);
	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_int_eq(j.resp[0].status, 413);
	assert_status_json(j.resp[0].body.buf, 413, "RequestEntityTooLarge",
			   "Request entity too large: limit is 1024");
	ck_assert_int_eq(j.eof, 1);
	ck_assert_int_eq(seen.n, 0);
	raw_release(&j);
	free(req);
}
END_TEST

START_TEST(test_413_curl)
{
	static char body[4000];
	struct curl_job j = {
		.method = "POST", .path = "/echo", .body = body, .body_len = sizeof(body)
	};

	memset(body, 'x', sizeof(body));
	run_curl(&j);
	ck_assert_int_eq(j.res.rc, CURLE_OK);
	ck_assert_int_eq(j.res.status, 413);
	assert_status_json(j.res.body.buf, 413, "RequestEntityTooLarge", NULL);
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_body_at_limit)
{
	static char body[1024];
	struct curl_job j = {
		.method = "POST", .path = "/echo", .body = body, .body_len = sizeof(body)
	};

	memset(body, 'y', sizeof(body));
	run_curl(&j);
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_uint_eq(seen.body_len, 1024);
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_431)
{
	char req[4096];
	struct raw_job j = { .send = req, .nresp = 1 };

	snprintf(req, sizeof(req), "GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: %02000d\r\n\r\n", 0);
	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_int_eq(j.resp[0].status, 431);
	assert_status_json(j.resp[0].body.buf, 431, NULL, "Request Header Fields Too Large");
	ck_assert_int_eq(seen.n, 0);
	raw_release(&j);
}
END_TEST

static const char *const garbage[] = {
	"HELLO\r\n\r\n",
	"GET / HTTP/9.x\r\n\r\n",
	"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
	"POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
	"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
	"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
};

START_TEST(test_400_garbage)
{
	struct raw_job j = { .send = garbage[_i], .nresp = 1, .wait_eof_ms = 2000 };

	run_raw(&j);
	ck_assert_int_eq(j.rc[0], 0);
	ck_assert_int_eq(j.resp[0].status, 400);
	assert_status_json(j.resp[0].body.buf, 400, "BadRequest", "malformed HTTP request");
	ck_assert_int_eq(j.eof, 1);
	raw_release(&j);
}
END_TEST

static const char *
custom_format(void *arg, int status, const char *message, struct kc_strbuf *out)
{
	kc_strbuf_addf(out, "custom %d: %s", status, message);
	return "text/plain";
}

START_TEST(test_custom_formatter)
{
	struct kc_http_server_opts o = { .max_body_bytes = 10, .format_error = custom_format };
	struct raw_job j = { .send = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n",
			     .nresp = 1 };
	struct curl_job e = { .method = "GET", .path = "/error" };

	start_server(&o);
	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 413);
	ck_assert_str_eq(j.resp[0].body.buf, "custom 413: Request entity too large: limit is 10");
	ck_assert_str_eq(http_test_resp_header(&j.resp[0], "content-type"), "text/plain");
	run_curl(&e);
	ck_assert_int_eq(e.res.status, 409);
	ck_assert_str_eq(e.res.body.buf, "custom 409: pods \"web\" already exists");
	raw_release(&j);
	http_test_result_release(&e.res);
}
END_TEST

START_TEST(test_reply_error_default)
{
	struct curl_job e = { .method = "GET", .path = "/error" };

	run_curl(&e);
	ck_assert_int_eq(e.res.status, 409);
	ck_assert_str_eq(e.res.body.buf,
			 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
			 "\"status\":\"Failure\",\"message\":\"pods \\\"web\\\" already exists\","
			 "\"reason\":\"Conflict\",\"code\":409}\n");
	http_test_result_release(&e.res);
}
END_TEST

/* --- timeouts ------------------------------------------------------------------------- */

static void
short_timeouts(void)
{
	struct kc_http_server_opts o = { .idle_timeout_ms = 200, .read_timeout_ms = 300 };

	start_server(&o);
}

START_TEST(test_idle_timeout)
{
	struct raw_job j = { .send = "", .nresp = 0, .wait_eof_ms = 2000 };

	run_raw(&j);
	ck_assert_int_eq(j.eof, 1);
	ck_assert_uint_eq(kc_http_server_connections(srv), 0);
}
END_TEST

START_TEST(test_idle_after_request)
{
	struct raw_job j = { .send = "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n",
			     .nresp = 1,
			     .wait_eof_ms = 2000 };

	run_raw(&j);
	ck_assert_int_eq(j.resp[0].status, 200);
	ck_assert_int_eq(j.eof, 1);
	raw_release(&j);
}
END_TEST

START_TEST(test_read_timeout)
{
	/* a request that never finishes its headers */
	struct raw_job j = { .send = "GET /echo HTTP/1.1\r\nHost: x\r\n",
			     .nresp = 0,
			     .wait_eof_ms = 2000 };

	run_raw(&j);
	ck_assert_int_eq(j.eof, 1);
	ck_assert_int_eq(seen.n, 0);
}
END_TEST

static void
stream_slow_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
	http_test_read_response(&cc[0], &rr[0], "first\n");
	usleep(500000);
	raw_client(&endjob);
	rcs[0] = http_test_read_response(&cc[0], &rr[0], NULL);
	http_test_close(&cc[0]);
}

START_TEST(test_stream_not_idle)
{
	/* a stream outlives the idle timeout: only the handler ends it */
	ck_assert_int_eq(http_test_run(base, stream_slow_client, NULL, 8000), 0);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_str_eq(rr[0].body.buf, "first\nsecond\n");
}
END_TEST

/* --- streaming ------------------------------------------------------------------------ */

static int complete_at_first;
static char first_body[64];

static void
stream_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
	/* the first chunk arrives while the stream is still open */
	rcs[0] = http_test_read_response(&cc[0], &rr[0], "first\n");
	complete_at_first = rr[0].complete;
	snprintf(first_body, sizeof(first_body), "%s", rr[0].body.buf);
	raw_client(&endjob);
	rcs[1] = http_test_read_response(&cc[0], &rr[0], NULL);
	http_test_close(&cc[0]);
}

START_TEST(test_stream_incremental)
{
	ck_assert_int_eq(http_test_run(base, stream_client, NULL, 8000), 0);
	ck_assert_int_eq(rcs[0], 0);
	ck_assert_int_eq(complete_at_first, 0);
	ck_assert_str_eq(first_body, "first\n");
	ck_assert_str_eq(http_test_resp_header(&rr[0], "transfer-encoding"), "chunked");
	ck_assert_str_eq(http_test_resp_header(&rr[0], "content-type"), "application/json");
	ck_assert_int_eq(rcs[1], 0);
	ck_assert_int_eq(rr[0].complete, 1);
	ck_assert_str_eq(rr[0].body.buf, "first\nsecond\n");
	ck_assert_str_eq(endjob.resp[0].body.buf, "ended");
}
END_TEST

static void
read_headers(struct http_test_conn *c, struct http_test_resp *r)
{
	while (!r->headers_done && http_test_fill(c) > 0)
		http_test_read_response(c, r, "");
}

static void
fanout_client(void *arg)
{
	int k;

	for (k = 0; k < 3; k++) {
		http_test_connect(&cc[k], port);
		http_test_sends(&cc[k], "GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
	}
	for (k = 0; k < 3; k++) /* headers arrive at once: every watcher is registered */
		read_headers(&cc[k], &rr[k]);
	raw_client(&bcjob);
	for (k = 0; k < 3; k++) {
		rcs[k] = http_test_read_response(&cc[k], &rr[k], NULL);
		http_test_close(&cc[k]);
	}
}

START_TEST(test_fanout)
{
	int i;

	ck_assert_int_eq(http_test_run(base, fanout_client, NULL, 8000), 0);
	ck_assert_str_eq(bcjob.resp[0].body.buf, "3");
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(rcs[i], 0);
		ck_assert_str_eq(rr[i].body.buf, "{\"type\":\"ADDED\"}\n");
	}
	ck_assert_uint_eq(seen.pending, 4); /* ours + one per connection, no copies */
	kc_test_run_for(base, 100);
	ck_assert_uint_eq(kc_http_shared_buf_refs(fanout_buf), 1); /* every connection let go */
	ck_assert_int_eq(seen.closed_notified, 0);
}
END_TEST

static void
watch_then_drop_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
	read_headers(&cc[0], &rr[0]);
	http_test_close(&cc[0]);
	usleep(200000);
}

START_TEST(test_fanout_refs_freed_on_close)
{
	ck_assert_int_eq(http_test_run(base, watch_then_drop_client, NULL, 8000), 0);
	ck_assert_int_eq(seen.closed_notified, 1);
	ck_assert_int_eq(nwatchers, 0);
}
END_TEST

static void
h_queue_on_dead(struct kc_http_request *req, void *arg)
{
	kc_http_reply_start(req, 200, "application/json");
	/* a big buffer the client never reads, then the client goes away */
	kc_http_reply_chunk_ref(req, arg);
	seen.pending = kc_http_request_output_pending(req); /* what a slow client holds up */
	kc_http_request_on_close(req, on_watcher_close, NULL);
	watchers_ptr[nwatchers++] = req;
}

static void
dead_reader_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /dead HTTP/1.1\r\nHost: x\r\n\r\n");
	usleep(100000);
	http_test_close(&cc[0]);
	usleep(200000);
}

START_TEST(test_shared_buf_released_by_dead_connection)
{
	/* a connection that dies with the buffer still queued drops its reference */
	size_t len = 8 * 1024 * 1024;
	char *big = calloc(1, len);
	struct kc_http_shared_buf *sb = kc_http_shared_buf_new_take(big, len);
	struct kc_http_route rt[] = { { "/dead", h_queue_on_dead, sb }, { NULL } };
	struct kc_http_server_opts o = { .handler = kc_http_router_handler, .handler_arg = rt };
	struct kc_http_server *s2 = kc_http_server_new(base, &o);
	int idx = kc_http_server_listen(s2, "127.0.0.1:0", NULL), saved = port;

	port = kc_http_server_port(s2, idx);
	ck_assert_int_eq(http_test_run(base, dead_reader_client, NULL, 8000), 0);
	port = saved;
	ck_assert_int_eq(seen.closed_notified, 1);
	ck_assert_uint_gt(seen.pending, len);
	ck_assert_uint_eq(kc_http_shared_buf_refs(sb), 1);
	kc_http_shared_buf_unref(sb);
	kc_http_server_free(s2);
}
END_TEST

static int write_timeout_eof;

static void
stalled_reader_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /dead HTTP/1.1\r\nHost: x\r\n\r\n");
	usleep(1000000); /* read nothing while the server's write timeout runs out */
	/* the server gave up: what the kernel holds drains, then EOF (a live stream never ends) */
	write_timeout_eof = http_test_wait_eof(&cc[0], 3000);
	http_test_close(&cc[0]);
}

START_TEST(test_write_timeout)
{
	size_t len = 16 * 1024 * 1024;
	struct kc_http_shared_buf *sb = kc_http_shared_buf_new_take(calloc(1, len), len);
	struct kc_http_route rt[] = { { "/dead", h_queue_on_dead, sb }, { NULL } };
	struct kc_http_server_opts o = { .handler = kc_http_router_handler,
					 .handler_arg = rt,
					 .write_timeout_ms = 200 };
	struct kc_http_server *s2 = kc_http_server_new(base, &o);
	int idx = kc_http_server_listen(s2, "127.0.0.1:0", NULL), saved = port;

	port = kc_http_server_port(s2, idx);
	ck_assert_int_eq(http_test_run(base, stalled_reader_client, NULL, 10000), 0);
	port = saved;
	ck_assert_int_eq(write_timeout_eof, 1);
	ck_assert_int_eq(seen.closed_notified, 1); /* the handler dropped its watcher */
	ck_assert_int_eq(nwatchers, 0);
	ck_assert_uint_eq(kc_http_shared_buf_refs(sb), 1);
	kc_http_shared_buf_unref(sb);
	kc_http_server_free(s2);
}
END_TEST

#define MANY 200
static struct http_test_conn many_c[MANY];
static int many_ok;

static void
many_watchers_client(void *arg)
{
	static struct http_test_resp r[MANY];
	int k;

	for (k = 0; k < MANY; k++) {
		http_test_resp_init(&r[k]);
		http_test_connect(&many_c[k], port);
		http_test_sends(&many_c[k], "GET /watch HTTP/1.1\r\nHost: x\r\n\r\n");
	}
	for (k = 0; k < MANY; k++)
		read_headers(&many_c[k], &r[k]);
	raw_client(&bcjob);
	for (k = 0; k < MANY; k++) {
		if (http_test_read_response(&many_c[k], &r[k], NULL) == 0 &&
		    strcmp(r[k].body.buf, "{\"type\":\"ADDED\"}\n") == 0)
			many_ok++;
		http_test_resp_release(&r[k]);
		http_test_close(&many_c[k]);
	}
}

START_TEST(test_fanout_many)
{
	static struct kc_http_request *many[MANY];
	char want[16];

	/* watchers[] holds 8 in the other tests; give the handlers room here */
	ck_assert_ptr_eq(watchers_ptr, watchers);
	watchers_ptr = many;
	watchers_cap = MANY;
	ck_assert_int_eq(http_test_run(base, many_watchers_client, NULL, 20000), 0);
	snprintf(want, sizeof(want), "%d", MANY);
	ck_assert_str_eq(bcjob.resp[0].body.buf, want);
	ck_assert_int_eq(many_ok, MANY);
	ck_assert_uint_eq(seen.pending, MANY + 1);
}
END_TEST

static struct raw_job limit_jobs[3];

static void
max_conns_client(void *arg)
{
	struct http_test_conn a, b, c;
	struct http_test_resp r;

	/* two held open, the third refused at once */
	http_test_connect(&a, port);
	http_test_connect(&b, port);
	http_test_sends(&a, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
	http_test_resp_init(&r);
	http_test_read_response(&a, &r, NULL);
	http_test_resp_release(&r);
	http_test_connect(&c, port);
	limit_jobs[0].eof = http_test_wait_eof(&c, 2000);
	http_test_close(&a);
	http_test_close(&b);
	http_test_close(&c);
}

START_TEST(test_max_connections)
{
	struct kc_http_server_opts o = { .max_connections = 2 };

	start_server(&o);
	ck_assert_int_eq(http_test_run(base, max_conns_client, NULL, 8000), 0);
	ck_assert_int_eq(limit_jobs[0].eof, 1);
	ck_assert_int_eq(seen.n, 1);
}
END_TEST

static void
stream_then_drop_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
	http_test_read_response(&cc[0], &rr[0], "first\n");
	http_test_close(&cc[0]);
	usleep(200000);
}

START_TEST(test_disconnect_notifies)
{
	ck_assert_int_eq(http_test_run(base, stream_then_drop_client, NULL, 8000), 0);
	ck_assert_int_eq(seen.closed_notified, 1);
	ck_assert_ptr_null(stream_req);
	ck_assert_uint_eq(kc_http_server_connections(srv), 0);
}
END_TEST

static void
stream_open_client(void *arg)
{
	http_test_connect(&cc[0], port);
	http_test_sends(&cc[0], "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
	http_test_read_response(&cc[0], &rr[0], "first\n");
}

START_TEST(test_server_free_notifies)
{
	ck_assert_int_eq(http_test_run(base, stream_open_client, NULL, 8000), 0);
	ck_assert_ptr_nonnull(stream_req);
	srv = kc_http_server_free(srv);
	ck_assert_int_eq(seen.closed_notified, 1);
	ck_assert_ptr_null(stream_req);
	http_test_close(&cc[0]);
}
END_TEST

/* --- router, listeners, helpers --------------------------------------------------------- */

static const char *const route_paths[] = { "/api", "/api/", "/api/v1", "/api/v1/pods", "/apis" };
static const char *const route_want[] = { "exact", "subtree", "subtree", "deeper", NULL };

START_TEST(test_router_match)
{
	const struct kc_http_route *rt = kc_http_route_match(routes, route_paths[_i]);

	if (route_want[_i] == NULL)
		ck_assert_ptr_null(rt);
	else
		ck_assert_str_eq(rt->arg, route_want[_i]);
}
END_TEST

START_TEST(test_router_404)
{
	struct curl_job j = { .method = "GET", .path = "/nope" };

	run_curl(&j);
	ck_assert_int_eq(j.res.status, 404);
	assert_status_json(j.res.body.buf, 404, "NotFound",
			   "the server could not find the requested resource");
	http_test_result_release(&j.res);
}
END_TEST

static void
unix_setup(CURL *e, void *arg)
{
	curl_easy_setopt(e, CURLOPT_UNIX_SOCKET_PATH, (const char *)arg);
}

static char unix_path[512];
static struct http_test_result unix_res;

static void
unix_client(void *arg)
{
	http_test_curl("GET", "http://localhost/echo", NULL, 0, NULL, unix_setup, unix_path,
		       &unix_res);
}

START_TEST(test_unix_socket)
{
	char addr[600];

	snprintf(unix_path, sizeof(unix_path), "%s/api.sock", kc_test_tmpdir());
	snprintf(addr, sizeof(addr), "unix:%s", unix_path);
	ck_assert_int_eq(kc_http_server_listen(srv, addr, NULL), 1);
	ck_assert_int_eq(kc_http_server_port(srv, 1), 0);
	ck_assert_int_eq(http_test_run(base, unix_client, NULL, 8000), 0);
	ck_assert_int_eq(unix_res.status, 200);
	ck_assert_str_eq(unix_res.body.buf, "GET /echo ");
	ck_assert_str_eq(seen.peer[0], "@");
	http_test_result_release(&unix_res);
	srv = kc_http_server_free(srv);
	ck_assert_int_ne(access(unix_path, F_OK), 0); /* removed at free */
}
END_TEST

static struct http_test_result v6_res;
static int v6_port;

static void
v6_client(void *arg)
{
	char url[128];

	snprintf(url, sizeof(url), "http://[::1]:%d/echo", v6_port);
	http_test_curl("GET", url, NULL, 0, NULL, NULL, NULL, &v6_res);
}

START_TEST(test_ipv6)
{
	int idx = kc_http_server_listen(srv, "[::1]:0", NULL);

	if (idx < 0) /* no IPv6 loopback in this sandbox */
		return;
	v6_port = kc_http_server_port(srv, idx);
	ck_assert_int_eq(http_test_run(base, v6_client, NULL, 8000), 0);
	ck_assert_int_eq(v6_res.status, 200);
	ck_assert_int_eq(strncmp(seen.peer[0], "[::1]:", 6), 0);
	http_test_result_release(&v6_res);
}
END_TEST

static struct http_test_result any_res;
static int any_port;

static void
any_client(void *arg)
{
	char url[128];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/echo", any_port);
	http_test_curl("GET", url, NULL, 0, NULL, NULL, NULL, &any_res);
}

START_TEST(test_listen_all_addresses)
{
	/* ":port" is every address, IPv4 included, as Go's ":6443" */
	int idx = kc_http_server_listen(srv, ":0", NULL);

	ck_assert_int_ge(idx, 0);
	any_port = kc_http_server_port(srv, idx);
	ck_assert_int_gt(any_port, 0);
	ck_assert_int_eq(http_test_run(base, any_client, NULL, 8000), 0);
	ck_assert_int_eq(any_res.status, 200);
	http_test_result_release(&any_res);
}
END_TEST

static const char *const bad_addrs[] = { "127.0.0.1", "1.2.3.4:99999", "[::1:80",
					 "a:b:c",     "127.0.0.1:x",   "unix:" };

START_TEST(test_listen_bad_address)
{
	ck_assert_int_eq(kc_http_server_listen(srv, bad_addrs[_i], NULL), KC_ERR_INVALID);
}
END_TEST

START_TEST(test_listen_in_use)
{
	char addr[64];

	snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
	ck_assert_int_eq(kc_http_server_listen(srv, addr, NULL), KC_ERR_SYSTEM);
}
END_TEST

START_TEST(test_server_new_requires_handler)
{
	struct kc_http_server_opts o = { 0 };

	ck_assert_ptr_null(kc_http_server_new(base, &o));
	ck_assert_ptr_null(kc_http_server_new(base, NULL));
	ck_assert_ptr_null(kc_http_server_free(NULL));
}
END_TEST

static const struct {
	const char *in;
	int plus;
	const char *out; /* NULL: refused */
} unescapes[] = {
	{ "a%20b", 0, "a b" }, { "a+b", 0, "a+b" },
	{ "a+b", 1, "a b" },   { "%41%42c", 0, "ABc" },
	{ "%zz", 0, NULL },    { "%4", 0, NULL },
	{ "abc%", 0, NULL },   { "%e2%9c%93", 0, "\xe2\x9c\x93" },
	{ "", 0, "" },
};

START_TEST(test_unescape)
{
	char *s = kc_http_unescape(unescapes[_i].in, strlen(unescapes[_i].in), unescapes[_i].plus);

	ck_assert_pstr_eq(s, unescapes[_i].out);
	free(s);
}
END_TEST

START_TEST(test_status_text)
{
	ck_assert_str_eq(kc_http_status_text(200), "OK");
	ck_assert_str_eq(kc_http_status_text(413), "Payload Too Large");
	ck_assert_str_eq(kc_http_status_text(431), "Request Header Fields Too Large");
	ck_assert_str_eq(kc_http_status_text(799), "Unknown");
}
END_TEST

START_TEST(test_format_status)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	ck_assert_str_eq(
		kc_http_format_status(NULL, 413, "Request entity too large: limit is 5", &sb),
		"application/json");
	ck_assert_str_eq(sb.buf,
			 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
			 "\"status\":\"Failure\",\"message\":\"Request entity too large: "
			 "limit is 5\",\"reason\":\"RequestEntityTooLarge\",\"code\":413}\n");
	kc_strbuf_reset(&sb);
	kc_http_format_status(NULL, 431, "x", &sb);
	ck_assert_ptr_null(strstr(sb.buf, "reason"));
	kc_strbuf_release(&sb);
}
END_TEST

START_TEST(test_shared_buf)
{
	char *data = strdup("abc");
	struct kc_http_shared_buf *a = kc_http_shared_buf_new_take(data, 3);
	struct kc_http_shared_buf *b = kc_http_shared_buf_new("xyz", 3);

	ck_assert_uint_eq(kc_http_shared_buf_len(a), 3);
	ck_assert_ptr_eq(kc_http_shared_buf_data(a), data);
	ck_assert_ptr_eq(kc_http_shared_buf_ref(a), a);
	ck_assert_uint_eq(kc_http_shared_buf_refs(a), 2);
	ck_assert_ptr_null(kc_http_shared_buf_unref(a));
	ck_assert_uint_eq(kc_http_shared_buf_refs(a), 1);
	kc_http_shared_buf_unref(a);
	ck_assert_int_eq(memcmp(kc_http_shared_buf_data(b), "xyz", 4), 0);
	kc_http_shared_buf_unref(b);
	ck_assert_ptr_null(kc_http_shared_buf_unref(NULL));
}
END_TEST

static Suite *
http_server_suite(void)
{
	Suite *s = suite_create("http_server");
	TCase *tc = tcase_create("requests");
	TCase *lim = tcase_create("limits");
	TCase *tmo = tcase_create("timeouts");
	TCase *unit = tcase_create("helpers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_get);
	tcase_add_test(tc, test_post_body);
	tcase_add_test(tc, test_query);
	tcase_add_test(tc, test_path_decoding);
	tcase_add_test(tc, test_bad_path_escape);
	tcase_add_test(tc, test_nul_in_path);
	tcase_add_test(tc, test_headers);
	tcase_add_test(tc, test_reply_headers);
	tcase_add_test(tc, test_keep_alive);
	tcase_add_test(tc, test_pipelining);
	tcase_add_test(tc, test_chunked_request);
	tcase_add_test(tc, test_head);
	tcase_add_test(tc, test_no_content);
	tcase_add_test(tc, test_big_response);
	tcase_add_test(tc, test_absolute_form);
	tcase_add_test(tc, test_connection_close);
	tcase_add_test(tc, test_half_close);
	tcase_add_test(tc, test_half_close_dispatched);
	tcase_add_test(tc, test_http10);
	tcase_add_test(tc, test_http10_keep_alive);
	tcase_add_test(tc, test_http10_stream);
	tcase_add_test(tc, test_expect_continue);
	tcase_add_test(tc, test_expect_unknown);
	tcase_add_loop_test(tc, test_400_garbage, 0, (int)(sizeof(garbage) / sizeof(garbage[0])));
	tcase_add_test(tc, test_custom_formatter);
	tcase_add_test(tc, test_reply_error_default);
	tcase_add_test(tc, test_stream_incremental);
	tcase_add_test(tc, test_fanout);
	tcase_add_test(tc, test_fanout_refs_freed_on_close);
	tcase_add_test(tc, test_shared_buf_released_by_dead_connection);
	tcase_add_test(tc, test_write_timeout);
	tcase_add_test(tc, test_fanout_many);
	tcase_add_test(tc, test_max_connections);
	tcase_add_test(tc, test_disconnect_notifies);
	tcase_add_test(tc, test_server_free_notifies);
	tcase_add_test(tc, test_router_404);
	tcase_add_test(tc, test_unix_socket);
	tcase_add_test(tc, test_ipv6);
	tcase_add_test(tc, test_listen_all_addresses);
	tcase_add_loop_test(tc, test_listen_bad_address, 0,
			    (int)(sizeof(bad_addrs) / sizeof(bad_addrs[0])));
	tcase_add_test(tc, test_listen_in_use);
	tcase_add_test(tc, test_server_new_requires_handler);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(lim, small_limits, teardown);
	tcase_set_timeout(lim, 20);
	tcase_add_test(lim, test_413_content_length);
	tcase_add_test(lim, test_413_chunked);
	tcase_add_test(lim, test_413_curl);
	tcase_add_test(lim, test_413_body_drained);
	tcase_add_test(lim, test_drain);
	tcase_add_test(lim, test_body_at_limit);
	tcase_add_test(lim, test_431);
	suite_add_tcase(s, lim);

	tcase_add_checked_fixture(tmo, short_timeouts, teardown);
	tcase_set_timeout(tmo, 20);
	tcase_add_test(tmo, test_idle_timeout);
	tcase_add_test(tmo, test_idle_after_request);
	tcase_add_test(tmo, test_read_timeout);
	tcase_add_test(tmo, test_stream_not_idle);
	suite_add_tcase(s, tmo);

	tcase_add_loop_test(unit, test_router_match, 0,
			    (int)(sizeof(route_paths) / sizeof(route_paths[0])));
	tcase_add_loop_test(unit, test_unescape, 0,
			    (int)(sizeof(unescapes) / sizeof(unescapes[0])));
	tcase_add_test(unit, test_status_text);
	tcase_add_test(unit, test_format_status);
	tcase_add_test(unit, test_shared_buf);
	suite_add_tcase(s, unit);
	return s;
}

KC_TEST_MAIN(http_server_suite)
