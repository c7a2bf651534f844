/*
 * http_testutil.h - clients for testing kc_http_server in-process: the server runs on the test's
 * libevent loop, the client on a thread (libcurl easy API or raw blocking sockets), and
 * http_test_run() turns the loop until the client is done.
 */
#ifndef KC_HTTP_TESTUTIL_H
#define KC_HTTP_TESTUTIL_H

#include <stddef.h>

#include <curl/curl.h>
#include <http_parser.h>

#include "libkcommon/strbuf.h"

struct event_base;
struct kc_http_server;

/* Makes srv listen on 127.0.0.1:<a free port> and returns that port; fails the test if it cannot. */
int http_test_listen(struct kc_http_server *srv);

/* Runs base until client(arg), started on a thread, returns; 0, or -1 after timeout_ms. */
int http_test_run(struct event_base *base, void (*client)(void *arg), void *arg, int timeout_ms);

/* --- raw sockets (blocking, 3 s receive timeout) --- */

struct http_test_conn {
	int fd;
	char buf[65536]; /* received, not yet parsed */
	size_t len;
	int eof;
};

int http_test_connect(struct http_test_conn *c, int port); /* 0 or -1 */
int http_test_connect_unix(struct http_test_conn *c, const char *path);
void http_test_close(struct http_test_conn *c);
int http_test_send(struct http_test_conn *c, const void *data, size_t len);
int http_test_sends(struct http_test_conn *c, const char *s);
/* Reads more into c->buf; bytes read, 0 at EOF, -1 on error/timeout. */
int http_test_fill(struct http_test_conn *c);
/* Whether the peer closed: reads until EOF or the timeout; 1 when EOF seen. */
int http_test_wait_eof(struct http_test_conn *c, int timeout_ms);

struct http_test_resp {
	http_parser parser;
	int started;
	int status;
	int headers_done;
	int complete;
	int head;                 /* the request was HEAD: no body */
	struct kc_strbuf headers; /* "name: value\n" lines, names lower-cased */
	struct kc_strbuf body;
	int hdr_phase;
};

void http_test_resp_init(struct http_test_resp *r);
void http_test_resp_release(struct http_test_resp *r);
/*
 * Parses one response from c (keeping bytes past it for the next), returning 0 when complete,
 * or, when `until` is non-NULL, as soon as the body contains it (complete may still be 0).
 * -1 on error, timeout or EOF before that.
 */
int http_test_read_response(struct http_test_conn *c, struct http_test_resp *r, const char *until);
/* A header's value (lower-case name), or NULL; points into a static buffer. */
const char *http_test_resp_header(const struct http_test_resp *r, const char *name);

/* --- libcurl --- */

struct http_test_result {
	CURLcode rc;
	long status;
	long http_version;
	struct kc_strbuf body;
	struct kc_strbuf headers;
};

/*
 * One request with the easy API.  body may be NULL; headers a NULL-terminated list or NULL;
 * setup(easy, arg) may add options (TLS, unix socket).  The result must be released.
 */
void http_test_curl(const char *method, const char *url, const char *body, size_t body_len,
		    const char *const *headers, void (*setup)(CURL *, void *), void *arg,
		    struct http_test_result *res);
void http_test_result_release(struct http_test_result *res);

#endif
