/*
 * check_curlev.c - libcurl multi on the libevent loop: completion, starts and cancels from inside
 * callbacks, refused connections, many concurrent transfers, freeing with transfers running.
 * The server side is libevent's evhttp (test code only).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "libkcommon/curlev.h"
#include "test/unit/testutil/testutil.h"

struct fixture {
	struct event_base *base;
	struct evhttp *http;
	int port;
	struct evconnlistener *stream_listener; /* never-ending chunked responses */
	int stream_port;
	struct bufferevent *streams[8];
	struct kc_curl *m;
};

static struct fixture fx;

static void
handle_hello(struct evhttp_request *req, void *arg)
{
	struct evbuffer *b = evbuffer_new();

	evbuffer_add_printf(b, "hello %s", evhttp_request_get_uri(req));
	evhttp_send_reply(req, 200, "OK", b);
	evbuffer_free(b);
}

static void
on_stream_event(struct bufferevent *bev, short what, void *arg)
{
	struct bufferevent **slot = arg;

	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		bufferevent_free(bev);
		*slot = NULL;
	}
}

/* Answers any request with one chunk and never finishes: a stream the client must cancel.
 * (Raw, because evhttp leaks a request whose chunked reply never ends.) */
static void
on_stream_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
		 void *arg)
{
	static const char head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
				   "b\r\nfirst-chunk\r\n";
	size_t i = 0;

	while (i < 8 && fx.streams[i] != NULL)
		i++;
	ck_assert_int_lt(i, 8);
	fx.streams[i] = bufferevent_socket_new(fx.base, fd, BEV_OPT_CLOSE_ON_FREE);
	bufferevent_setcb(fx.streams[i], NULL, NULL, on_stream_event, &fx.streams[i]);
	bufferevent_enable(fx.streams[i], EV_READ);
	bufferevent_write(fx.streams[i], head, sizeof(head) - 1);
}

static int
bound_port(evutil_socket_t fd)
{
	struct sockaddr_storage ss;
	ev_socklen_t len = sizeof(ss);

	getsockname(fd, (struct sockaddr *)&ss, &len);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void
setup(void)
{
	struct evhttp_bound_socket *s;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };

	memset(&fx, 0, sizeof(fx));
	fx.base = event_base_new();
	fx.http = evhttp_new(fx.base);
	evhttp_set_gencb(fx.http, handle_hello, NULL);
	s = evhttp_bind_socket_with_handle(fx.http, "127.0.0.1", 0);
	ck_assert_ptr_nonnull(s);
	fx.port = bound_port(evhttp_bound_socket_get_fd(s));
	fx.stream_listener = evconnlistener_new_bind(fx.base, on_stream_accept, NULL,
						     LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, -1,
						     (struct sockaddr *)&sin, sizeof(sin));
	ck_assert_ptr_nonnull(fx.stream_listener);
	fx.stream_port = bound_port(evconnlistener_get_fd(fx.stream_listener));
	fx.m = kc_curl_new(fx.base);
	ck_assert_ptr_nonnull(fx.m);
}

static void
teardown(void)
{
	fx.m = kc_curl_free(fx.m);
	for (int i = 0; i < 8; i++)
		if (fx.streams[i] != NULL)
			bufferevent_free(fx.streams[i]);
	evconnlistener_free(fx.stream_listener);
	evhttp_free(fx.http);
	event_base_free(fx.base);
}

struct result {
	char body[256];
	size_t len;
	int done;
	CURLcode rc;
	long status;
	int chain_left;		  /* start another request from on_done while > 0 */
	int cancel_in_body;	  /* cancel from inside on_body */
	struct kc_curl_xfer *x;
	int *all_done;		  /* shared counter */
	int expect;
};

static int
on_body(void *arg, const char *data, size_t len)
{
	struct result *r = arg;

	if (r->len + len < sizeof(r->body)) {
		memcpy(r->body + r->len, data, len);
		r->len += len;
	}
	if (r->cancel_in_body) {
		kc_curl_cancel(r->x);
		event_base_loopexit(fx.base, &(struct timeval){ 0, 200000 });
	}
	return 0;
}

static struct kc_curl_xfer *start(const char *path, struct result *r);

static void
on_done(void *arg, CURLcode rc, long status)
{
	struct result *r = arg;

	r->done++;
	r->rc = rc;
	r->status = status;
	if (r->chain_left > 0) {
		r->chain_left--;
		r->len = 0;
		r->x = start("/again", r);
		return;
	}
	if (r->all_done != NULL) {
		if (++*r->all_done == r->expect)
			event_base_loopbreak(fx.base);
		return;
	}
	event_base_loopbreak(fx.base);
}

static const struct kc_curl_ops ops = { .on_body = on_body, .on_done = on_done };

static struct kc_curl_xfer *
start_url(const char *url, struct result *r)
{
	CURL *easy = curl_easy_init();

	curl_easy_setopt(easy, CURLOPT_URL, url);
	return kc_curl_start(fx.m, easy, NULL, &ops, r);
}

static struct kc_curl_xfer *
start(const char *path, struct result *r)
{
	char url[128];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s",
		 strcmp(path, "/stream") == 0 ? fx.stream_port : fx.port, path);
	return start_url(url, r);
}

static void
run_loop(void)
{
	event_base_loopexit(fx.base, &(struct timeval){ 3, 0 }); /* a hang fails, not blocks */
	event_base_dispatch(fx.base);
}

START_TEST(test_get_completes_once)
{
	struct result r = { 0 };

	r.x = start("/one", &r);
	ck_assert_ptr_nonnull(r.x);
	ck_assert_int_eq(kc_curl_active(fx.m), 1);
	run_loop();
	ck_assert_int_eq(r.done, 1);
	ck_assert_int_eq(r.rc, CURLE_OK);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "hello /one");
	ck_assert_int_eq(kc_curl_active(fx.m), 0);
}
END_TEST

START_TEST(test_start_from_on_done)
{
	struct result r = { .chain_left = 3 };

	r.x = start("/first", &r);
	run_loop();
	ck_assert_int_eq(r.done, 4);
	ck_assert_str_eq(r.body, "hello /again");
}
END_TEST

START_TEST(test_cancel_inside_body)
{
	struct result r = { .cancel_in_body = 1 };

	r.x = start("/stream", &r);
	run_loop();
	ck_assert_int_eq(r.done, 0); /* no on_done after cancel */
	ck_assert_str_eq(r.body, "first-chunk");
	ck_assert_int_eq(kc_curl_active(fx.m), 0);
}
END_TEST

START_TEST(test_cancel_before_start)
{
	struct result r = { 0 };

	r.x = start("/never", &r);
	kc_curl_cancel(r.x);
	ck_assert_int_eq(kc_curl_active(fx.m), 0);
	event_base_loopexit(fx.base, &(struct timeval){ 0, 200000 });
	event_base_dispatch(fx.base);
	ck_assert_int_eq(r.done, 0);
	ck_assert_int_eq(r.len, 0);
}
END_TEST

START_TEST(test_connection_refused)
{
	struct result r = { 0 };

	/* port 1 on loopback: nothing listens there */
	r.x = start_url("http://127.0.0.1:1/", &r);
	run_loop();
	ck_assert_int_eq(r.done, 1);
	ck_assert_int_eq(r.rc, CURLE_COULDNT_CONNECT);
	ck_assert_int_eq(r.status, 0);
}
END_TEST

START_TEST(test_many_concurrent)
{
	enum { N = 64 };
	struct result *rs = calloc(N, sizeof(*rs));
	int all = 0;

	for (int i = 0; i < N; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/r%d", i);
		rs[i].all_done = &all;
		rs[i].expect = N;
		rs[i].x = start(path, &rs[i]);
	}
	run_loop();
	ck_assert_int_eq(all, N);
	for (int i = 0; i < N; i++) {
		char want[32];

		snprintf(want, sizeof(want), "hello /r%d", i);
		ck_assert_str_eq(rs[i].body, want);
		ck_assert_int_eq(rs[i].done, 1);
	}
	free(rs);
}
END_TEST

START_TEST(test_free_with_running_stream)
{
	struct result r = { 0 };

	r.x = start("/stream", &r);
	event_base_loopexit(fx.base, &(struct timeval){ 0, 300000 });
	event_base_dispatch(fx.base);
	ck_assert_str_eq(r.body, "first-chunk");
	ck_assert_int_eq(kc_curl_active(fx.m), 1);
	fx.m = kc_curl_free(fx.m); /* LeakSanitizer/valgrind check the running transfer is freed */
	ck_assert_int_eq(r.done, 0);
}
END_TEST

static Suite *
curlev_suite(void)
{
	Suite *s = suite_create("curlev");
	TCase *tc = tcase_create("curlev");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_get_completes_once);
	tcase_add_test(tc, test_start_from_on_done);
	tcase_add_test(tc, test_cancel_inside_body);
	tcase_add_test(tc, test_cancel_before_start);
	tcase_add_test(tc, test_connection_refused);
	tcase_add_test(tc, test_many_concurrent);
	tcase_add_test(tc, test_free_with_running_stream);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(curlev_suite)
