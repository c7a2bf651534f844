/*
 * http_testutil.c - threaded clients (raw sockets parsed with http-parser, and libcurl) for the
 * in-process HTTP server tests.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <check.h>
#include <event2/event.h>

#include "libkcommon/http_server.h"
#include "test/unit/testutil/http_testutil.h"

struct run_ctx {
	void (*client)(void *);
	void *arg;
	int pipe_w;
};

static void *
client_thread(void *p)
{
	struct run_ctx *ctx = p;

	ctx->client(ctx->arg);
	(void)!write(ctx->pipe_w, "x", 1);
	return NULL;
}

static void
on_done(evutil_socket_t fd, short what, void *arg)
{
	event_base_loopbreak(arg);
}

int
http_test_run(struct event_base *base, void (*client)(void *arg), void *arg, int timeout_ms)
{
	struct run_ctx ctx = { client, arg, -1 };
	struct timeval tv = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 };
	struct event *done, *timeout;
	pthread_t t;
	int fds[2], r = 0;
	char c;

	if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	ctx.pipe_w = fds[1];
	done = event_new(base, fds[0], EV_READ, on_done, base);
	timeout = evtimer_new(base, on_done, base);
	event_add(done, NULL);
	event_add(timeout, &tv);
	pthread_create(&t, NULL, client_thread, &ctx);
	event_base_dispatch(base);
	if (read(fds[0], &c, 1) != 1) /* nonblocking check: the loop broke on the timeout */
		r = -1;
	pthread_join(t, NULL);
	event_free(done);
	event_free(timeout);
	close(fds[0]);
	close(fds[1]);
	return r;
}

int
http_test_listen(struct kc_http_server *srv)
{
	int idx, port;

	ck_assert_ptr_nonnull(srv);
	idx = kc_http_server_listen(srv, "127.0.0.1:0", NULL);
	ck_assert_int_ge(idx, 0);
	port = kc_http_server_port(srv, idx);
	ck_assert_int_gt(port, 0);
	return port;
}

/* --- raw sockets --------------------------------------------------------------------- */

static void
set_timeouts(int fd)
{
	struct timeval tv = { 3, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int
http_test_connect(struct http_test_conn *c, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	memset(c, 0, sizeof(*c));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->fd < 0)
		return -1;
	set_timeouts(c->fd);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

int
http_test_connect_unix(struct http_test_conn *c, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	memset(c, 0, sizeof(*c));
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c->fd < 0)
		return -1;
	set_timeouts(c->fd);
	if (connect(c->fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

void
http_test_close(struct http_test_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

int
http_test_send(struct http_test_conn *c, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = send(c->fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
http_test_sends(struct http_test_conn *c, const char *s)
{
	return http_test_send(c, s, strlen(s));
}

int
http_test_fill(struct http_test_conn *c)
{
	ssize_t n;

	if (c->len == sizeof(c->buf))
		return -1;
	n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);
	if (n == 0)
		c->eof = 1;
	if (n > 0)
		c->len += (size_t)n;
	return (int)n;
}

int
http_test_wait_eof(struct http_test_conn *c, int timeout_ms)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	int waited = 0;

	while (!c->eof && waited < timeout_ms) {
		if (poll(&pfd, 1, 50) > 0) {
			c->len = 0; /* discard data */
			if (http_test_fill(c) < 0 && errno != EAGAIN)
				return 1; /* reset counts as closed */
		}
		waited += 50;
	}
	return c->eof;
}

/* --- response parsing ---------------------------------------------------------------- */

static int
r_begin(http_parser *p)
{
	struct http_test_resp *r = p->data;

	r->started = 1;
	return 0;
}

static int
r_header_field(http_parser *p, const char *at, size_t len)
{
	struct http_test_resp *r = p->data;
	size_t i;

	if (r->hdr_phase == 2)
		kc_strbuf_addch(&r->headers, '\n');
	r->hdr_phase = 1;
	for (i = 0; i < len; i++)
		kc_strbuf_addch(&r->headers, (char)tolower((unsigned char)at[i]));
	return 0;
}

static int
r_header_value(http_parser *p, const char *at, size_t len)
{
	struct http_test_resp *r = p->data;

	if (r->hdr_phase == 1)
		kc_strbuf_add(&r->headers, ": ", 2);
	r->hdr_phase = 2;
	kc_strbuf_add(&r->headers, at, len);
	return 0;
}

static int
r_headers_complete(http_parser *p)
{
	struct http_test_resp *r = p->data;

	if (r->hdr_phase == 2)
		kc_strbuf_addch(&r->headers, '\n');
	r->status = p->status_code;
	r->headers_done = 1;
	if (r->status == 100) /* interim: http-parser treats it as a whole message */
		return 1;
	return r->head ? 1 : 0;
}

static int
r_body(http_parser *p, const char *at, size_t len)
{
	struct http_test_resp *r = p->data;

	kc_strbuf_add(&r->body, at, len);
	return 0;
}

static int
r_complete(http_parser *p)
{
	struct http_test_resp *r = p->data;

	r->complete = 1;
	http_parser_pause(p, 1);
	return 0;
}

static const http_parser_settings resp_settings = {
	.on_message_begin = r_begin,
	.on_header_field = r_header_field,
	.on_header_value = r_header_value,
	.on_headers_complete = r_headers_complete,
	.on_body = r_body,
	.on_message_complete = r_complete,
};

void
http_test_resp_init(struct http_test_resp *r)
{
	memset(r, 0, sizeof(*r));
	http_parser_init(&r->parser, HTTP_RESPONSE);
	r->parser.data = r;
	kc_strbuf_init(&r->headers);
	kc_strbuf_init(&r->body);
}

void
http_test_resp_release(struct http_test_resp *r)
{
	kc_strbuf_release(&r->headers);
	kc_strbuf_release(&r->body);
}

static int
done(const struct http_test_resp *r, const char *until)
{
	return r->complete || (until != NULL && strstr(r->body.buf, until) != NULL);
}

int
http_test_read_response(struct http_test_conn *c, struct http_test_resp *r, const char *until)
{
	for (;;) {
		size_t n;

		if (c->len > 0 && !r->complete) {
			n = http_parser_execute(&r->parser, &resp_settings, c->buf, c->len);
			memmove(c->buf, c->buf + n, c->len - n);
			c->len -= n;
			if (HTTP_PARSER_ERRNO(&r->parser) == HPE_PAUSED)
				http_parser_pause(&r->parser, 0);
			else if (HTTP_PARSER_ERRNO(&r->parser) != HPE_OK)
				return -1;
		}
		if (done(r, until))
			return 0;
		if (c->eof) {
			/* a close-delimited body ends here */
			http_parser_execute(&r->parser, &resp_settings, NULL, 0);
			return done(r, until) ? 0 : -1;
		}
		if (http_test_fill(c) < 0)
			return -1;
	}
}

const char *
http_test_resp_header(const struct http_test_resp *r, const char *name)
{
	static __thread char value[1024];
	const char *p = r->headers.buf;
	size_t nlen = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, name, nlen) == 0 && p[nlen] == ':') {
			const char *v = p + nlen + 2, *e = strchr(v, '\n');

			snprintf(value, sizeof(value), "%.*s", (int)(e ? e - v : (long)strlen(v)),
				 v);
			return value;
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* --- curl --------------------------------------------------------------------------- */

static size_t
curl_body(char *data, size_t size, size_t n, void *arg)
{
	kc_strbuf_add(arg, data, size * n);
	return size * n;
}

void
http_test_curl(const char *method, const char *url, const char *body, size_t body_len,
	       const char *const *headers, void (*setup)(CURL *, void *), void *arg,
	       struct http_test_result *res)
{
	CURL *e = curl_easy_init();
	struct curl_slist *list = NULL;

	memset(res, 0, sizeof(*res));
	kc_strbuf_init(&res->body);
	kc_strbuf_init(&res->headers);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 5L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, curl_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &res->body);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, curl_body);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, &res->headers);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	if (body != NULL) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	for (; headers != NULL && *headers != NULL; headers++)
		list = curl_slist_append(list, *headers);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
	if (setup != NULL)
		setup(e, arg);
	res->rc = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &res->status);
	curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &res->http_version);
	curl_slist_free_all(list);
	curl_easy_cleanup(e);
}

void
http_test_result_release(struct http_test_result *res)
{
	kc_strbuf_release(&res->body);
	kc_strbuf_release(&res->headers);
}
