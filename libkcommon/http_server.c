/*
 * http_server.c - HTTP/1.1 over libevent bufferevents (plain or OpenSSL), requests parsed by
 * http-parser, one request in flight per connection (upstream: Go net/http's conn.serve as used
 * by staging/src/k8s.io/apiserver/pkg/server/secure_serving.go).
 *
 * A connection alternates between READING (feeding http-parser, which pauses at the end of each
 * message) and DISPATCHED (the handler owns the request).  Finishing the request returns it to
 * READING (keep-alive) or to a graceful close.  Errors found while reading (400/413/417/431)
 * are answered with the error formatter and end the connection with a lingering close, so the
 * client reads the answer before our socket is gone.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <http_parser.h>
#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/tls.h"

#define READ_HIGH_WATER   (256 * 1024)  /* unparsed input kept while a request is dispatched */
#define OUTPUT_HIGH_WATER (1024 * 1024) /* stop parsing pipelined requests above this */
#define LINGER_MS         2000          /* how long a closing connection discards input */
#define LINGER_MAX_BYTES  (256 * 1024)
/*
 * A body refused with 413 is read and discarded (up to its Content-Length, at most this much,
 * for at most that long) before the connection closes: a client still writing it would
 * otherwise get a reset instead of our Status (upstream reads the body up to the limit before
 * answering, and Go's server then lingers).
 */
#define REFUSED_BODY_MAX_BYTES (64LL * 1024 * 1024)
#define REFUSED_BODY_MS        10000

enum conn_state {
	CONN_READING,    /* parsing the next request */
	CONN_DISPATCHED, /* the handler owns the request */
	CONN_CLOSING,    /* flushing output, then a graceful close */
	CONN_LINGER,     /* write side shut, discarding input until EOF or timeout */
	CONN_UPGRADED,   /* handed over by kc_http_upgrade() */
};

enum req_state {
	REQ_PARSING,
	REQ_HANDLER,   /* dispatched, no reply yet */
	REQ_STREAMING, /* kc_http_reply_start() done */
};

struct hdr {
	size_t name, value; /* offsets into the arena */
};

struct http_conn;

struct http_req {
	struct kc_http_request pub; /* first: kc_http_request pointers convert to http_req */
	struct http_conn *conn;     /* NULL once the connection is gone */
	enum req_state state;
	struct kc_strbuf arena; /* URL '\0' then name '\0' value '\0' ... */
	struct hdr *hdrs;
	size_t nhdrs, hdrs_alloc;
	struct kc_strbuf qarena; /* decoded query: name '\0' value '\0' ... */
	size_t *qoffs;           /* name offsets; the value follows its name's NUL */
	size_t nquery;
	char *path_decoded;
	struct kc_strbuf body;
	struct kc_strbuf resp_headers; /* "Name: value\r\n" added by the handler */
	int parse_phase;               /* 0 url, 1 header field, 2 header value */
	int64_t header_bytes;
	unsigned keep_alive : 1, head : 1, chunked_reply : 1, close_notified : 1;
	void (*on_close)(struct kc_http_request *, void *);
	void *on_close_arg;
	void *data;
};

struct http_conn {
	TAILQ_ENTRY(http_conn) link;
	struct kc_http_server *srv;
	struct bufferevent *bev;
	SSL *ssl; /* owned by bev; NULL for plain connections */
	http_parser parser;
	enum conn_state state;
	struct http_req *req; /* being parsed or dispatched */
	struct event *timer;  /* idle, read, or linger timeout */
	struct event *resume; /* deferred parsing of the next request */
	struct sockaddr_storage peer;
	socklen_t peer_len;
	char peer_str[INET6_ADDRSTRLEN + 10];
	STACK_OF(X509) * chain;
	int error_status; /* set by parser callbacks that stop the parser */
	size_t lingered;
	int64_t linger_max_bytes; /* what a closing connection discards at most */
	long linger_ms;
	unsigned in_process : 1, free_pending : 1, chain_done : 1;
	unsigned read_eof : 1;       /* the client half-closed while a request was dispatched */
	unsigned served : 1;         /* answered a request: idle between requests when READING */
	void (*on_shutdown)(void *); /* upgraded connections */
	void *shutdown_arg;
};

TAILQ_HEAD(conn_list, http_conn);

struct listener {
	struct evconnlistener *evl;
	SSL_CTX *tls;
	int port;
	char *unix_path;
};

struct kc_http_server {
	struct event_base *base;
	struct kc_http_server_opts opts;
	struct listener *listeners;
	size_t nlisteners;
	struct conn_list conns;
	size_t nconns;
	time_t date_sec;
	char date[64]; /* "Date: Mon, 02 Jan 2006 15:04:05 GMT\r\n" */
	int draining;  /* kc_http_server_drain(): no more keep-alive */
};

struct kc_http_shared_buf {
	unsigned refs;
	size_t len;
	char *data;
	int owned; /* data is a separate malloc() (new_take) */
	char inline_data[];
};

static const http_parser_settings parser_settings;

static inline struct http_req *
to_req(const struct kc_http_request *pub)
{
	return (struct http_req *)pub;
}

/* --- small helpers ------------------------------------------------------------------ */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends the decoded src and a NUL to sb; KC_ERR_INVALID on a bad escape (sb unchanged). */
static int
unescape_into(struct kc_strbuf *sb, const char *src, size_t len, int plus_is_space)
{
	size_t start = sb->len, i;
	int r = kc_strbuf_grow(sb, len + 1);

	if (r < 0)
		return r;
	for (i = 0; i < len; i++) {
		char c = src[i];

		if (c == '%') {
			int hi = i + 2 < len ? hexval(src[i + 1]) : -1;
			int lo = i + 2 < len ? hexval(src[i + 2]) : -1;

			if (hi < 0 || lo < 0) {
				sb->len = start;
				sb->buf[start] = '\0';
				return KC_ERR_INVALID;
			}
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		sb->buf[sb->len++] = c;
	}
	sb->buf[sb->len++] = '\0';
	sb->buf[sb->len] = '\0';
	return 0;
}

char *
kc_http_unescape(const char *src, size_t len, int plus_is_space)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	int r = unescape_into(&sb, src, len, plus_is_space);

	if (r < 0) {
		kc_strbuf_release(&sb);
		errno = r == KC_ERR_NOMEM ? ENOMEM : EINVAL;
		return NULL;
	}
	return kc_strbuf_detach(&sb, NULL);
}

const char *
kc_http_status_text(int status)
{
	const char *s = http_status_str((enum http_status)status);

	return strcmp(s, "<unknown>") == 0 ? "Unknown" : s;
}


const char *
kc_http_format_status(void *arg, int status, const char *message, struct kc_strbuf *out)
{
	json_t *o = json_object();
	int code = kc_err_from_http_status(status);
	/* statuses without a metav1 reason (408, 417, 431, ...) get none, as upstream */
	const char *reason = code >= 0 || (code == KC_ERR_INTERNAL && status != 500) ? NULL
										   : kc_err_reason(code);
	char *text;
	if (o == NULL)
		return "application/json";
	json_object_set_new(o, "kind", json_string("Status"));
	json_object_set_new(o, "apiVersion", json_string("v1"));
	json_object_set_new(o, "metadata", json_object());
	json_object_set_new(o, "status",
			    json_string(status >= 200 && status < 300 ? "Success" : "Failure"));
	if (message != NULL && message[0] != '\0')
		json_object_set_new(o, "message", json_string(message));
	if (reason != NULL)
		json_object_set_new(o, "reason", json_string(reason));
	json_object_set_new(o, "code", json_integer(status));
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (text != NULL) {
		kc_strbuf_adds(out, text);
		kc_strbuf_addch(out, '\n');
		free(text);
	}
	return "application/json";
}

/* --- shared buffers ---------------------------------------------------------------- */

struct kc_http_shared_buf *
kc_http_shared_buf_new(const void *data, size_t len)
{
	struct kc_http_shared_buf *sb = malloc(sizeof(*sb) + len + 1);

	if (sb == NULL)
		return NULL;
	sb->refs = 1;
	sb->len = len;
	sb->owned = 0;
	sb->data = sb->inline_data;
	if (len > 0)
		memcpy(sb->data, data, len);
	sb->data[len] = '\0';
	return sb;
}

struct kc_http_shared_buf *
kc_http_shared_buf_new_take(void *data, size_t len)
{
	struct kc_http_shared_buf *sb = malloc(sizeof(*sb));

	if (sb == NULL) {
		free(data);
		return NULL;
	}
	sb->refs = 1;
	sb->len = len;
	sb->owned = 1;
	sb->data = data;
	return sb;
}

struct kc_http_shared_buf *
kc_http_shared_buf_ref(struct kc_http_shared_buf *sb)
{
	if (sb != NULL)
		sb->refs++;
	return sb;
}

struct kc_http_shared_buf *
kc_http_shared_buf_unref(struct kc_http_shared_buf *sb)
{
	if (sb == NULL || --sb->refs > 0)
		return NULL;
	if (sb->owned)
		free(sb->data);
	free(sb);
	return NULL;
}

const void *
kc_http_shared_buf_data(const struct kc_http_shared_buf *sb)
{
	return sb->data;
}

size_t
kc_http_shared_buf_len(const struct kc_http_shared_buf *sb)
{
	return sb->len;
}

unsigned
kc_http_shared_buf_refs(const struct kc_http_shared_buf *sb)
{
	return sb->refs;
}

static void
shared_buf_cleanup(const void *data, size_t len, void *extra)
{
	kc_http_shared_buf_unref(extra);
}

/* --- requests ----------------------------------------------------------------------- */

static struct http_req *
req_new(struct http_conn *c)
{
	struct http_req *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->conn = c;
	r->state = REQ_PARSING;
	kc_strbuf_init(&r->arena);
	/* one allocation holds a typical request line and headers */
	if (kc_strbuf_grow(&r->arena, 1024) < 0) {
		free(r);
		return NULL;
	}
	kc_strbuf_init(&r->qarena);
	kc_strbuf_init(&r->body);
	kc_strbuf_init(&r->resp_headers);
	r->pub.server = c->srv;
	r->pub.method = "";
	r->pub.raw_path = r->pub.path = r->pub.query = r->pub.body = "";
	return r;
}

static void
req_free(struct http_req *r)
{
	kc_strbuf_release(&r->arena);
	kc_strbuf_release(&r->qarena);
	kc_strbuf_release(&r->body);
	kc_strbuf_release(&r->resp_headers);
	free(r->hdrs);
	free(r->qoffs);
	free(r->path_decoded);
	free(r);
}

const char *
kc_http_header_get(const struct kc_http_request *pub, const char *name)
{
	const struct http_req *r = to_req(pub);
	size_t i;

	for (i = 0; i < r->nhdrs; i++)
		if (strcasecmp(r->arena.buf + r->hdrs[i].name, name) == 0)
			return r->arena.buf + r->hdrs[i].value;
	return NULL;
}

int
kc_http_header_nth(const struct kc_http_request *pub, size_t i, const char **ret_name,
		   const char **ret_value)
{
	const struct http_req *r = to_req(pub);

	if (i >= r->nhdrs)
		return KC_ERR_RANGE;
	*ret_name = r->arena.buf + r->hdrs[i].name;
	*ret_value = r->arena.buf + r->hdrs[i].value;
	return 0;
}

int
kc_http_query_nth(const struct kc_http_request *pub, size_t i, const char **ret_name,
		  const char **ret_value)
{
	const struct http_req *r = to_req(pub);
	const char *name;

	if (i >= r->nquery)
		return KC_ERR_RANGE;
	name = r->qarena.buf + r->qoffs[i];
	*ret_name = name;
	*ret_value = name + strlen(name) + 1;
	return 0;
}

const char *
kc_http_query_get(const struct kc_http_request *pub, const char *name)
{
	const char *n, *v;
	size_t i;

	for (i = 0; kc_http_query_nth(pub, i, &n, &v) == 0; i++)
		if (strcmp(n, name) == 0)
			return v;
	return NULL;
}

int
kc_http_query_has(const struct kc_http_request *pub, const char *name)
{
	return kc_http_query_get(pub, name) != NULL;
}

/*
 * Splits the raw query as Go's url.ParseQuery: '&'-separated, "k=v" or "k", '+' is a space;
 * pairs with a bad escape or a ';' are skipped, as Go does.
 */
static int
parse_query(struct http_req *r, const char *q)
{
	size_t cap = 0;
	const char *p;

	for (p = q; *p != '\0';) {
		size_t len = strcspn(p, "&"), klen, start;
		const char *eq = memchr(p, '=', len);

		klen = eq ? (size_t)(eq - p) : len;
		if (len > 0 && memchr(p, ';', len) == NULL) {
			start = r->qarena.len;
			if (unescape_into(&r->qarena, p, klen, 1) == 0 &&
			    unescape_into(&r->qarena, eq ? eq + 1 : p + len,
					  eq ? len - klen - 1 : 0, 1) == 0) {
				if (r->nquery == cap) {
					size_t *n;

					cap = cap ? cap * 2 : 8;
					n = realloc(r->qoffs, cap * sizeof(*n));
					if (n == NULL)
						return KC_ERR_NOMEM;
					r->qoffs = n;
				}
				r->qoffs[r->nquery++] = start;
			} else {
				r->qarena.len = start;
				r->qarena.buf[start] = '\0';
			}
		}
		p += len;
		if (*p == '&')
			p++;
	}
	return 0;
}

/* Fills the public fields once the headers are in; 400 on a bad URL. */
static int
req_finish_headers(struct http_req *r, const http_parser *p)
{
	const char *url = r->arena.buf;
	size_t plen, qoff = 0;
	struct http_parser_url u;

	r->pub.method = http_method_str((enum http_method)p->method);
	r->pub.raw_path = url;
	r->pub.http_major = p->http_major;
	r->pub.http_minor = p->http_minor;
	r->head = p->method == HTTP_HEAD;
	if (url[0] == '/' || strcmp(url, "*") == 0) {
		plen = strcspn(url, "?#");
		if (url[plen] == '?')
			qoff = plen + 1;
	} else {
		/* absolute-form ("http://host/path?q") */
		http_parser_url_init(&u);
		if (http_parser_parse_url(url, strlen(url), 0, &u) != 0)
			return KC_ERR_BAD_REQUEST;
		url += u.field_set & (1 << UF_PATH) ? u.field_data[UF_PATH].off : strlen(url);
		plen = u.field_set & (1 << UF_PATH) ? u.field_data[UF_PATH].len : 0;
		if (u.field_set & (1 << UF_QUERY))
			qoff = u.field_data[UF_QUERY].off - (size_t)(url - r->arena.buf);
	}
	{
		struct kc_strbuf sb = KC_STRBUF_INIT;
		int rc = unescape_into(&sb, url, plen, 0);

		/* a decoded NUL would cut the path short in C: refuse it */
		if (rc == 0 && strlen(sb.buf) + 1 != sb.len)
			rc = KC_ERR_BAD_REQUEST;
		if (rc < 0) {
			kc_strbuf_release(&sb);
			return rc == KC_ERR_NOMEM ? rc : KC_ERR_BAD_REQUEST;
		}
		r->path_decoded = kc_strbuf_detach(&sb, NULL);
		if (r->path_decoded == NULL)
			return KC_ERR_NOMEM;
	}
	r->pub.path = r->path_decoded[0] != '\0' ? r->path_decoded : "/";
	if (qoff > 0) {
		size_t qlen = strcspn(url + qoff, "#");

		/* the query is kept NUL-terminated in the arena's copy */
		r->pub.query = url + qoff;
		if (url[qoff + qlen] == '#')
			((char *)url)[qoff + qlen] = '\0';
		if (parse_query(r, r->pub.query) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

/* --- output ------------------------------------------------------------------------ */

/* Replies up to this size go out with their head in one buffer (one TLS record: 16 KiB). */
#define REPLY_COALESCE_MAX (16 * 1024)
/* Room for the status line and our own headers (Content-Type, Date, Content-Length...). */
#define REPLY_HEAD_ESTIMATE 512

static const char *
date_header(struct kc_http_server *srv)
{
	struct timeval tv;
	struct tm tm;

	event_base_gettimeofday_cached(srv->base, &tv);
	if (tv.tv_sec != srv->date_sec) {
		srv->date_sec = tv.tv_sec;
		gmtime_r(&srv->date_sec, &tm);
		strftime(srv->date, sizeof(srv->date), "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
	}
	return srv->date;
}

static struct evbuffer *
conn_output(struct http_conn *c)
{
	return bufferevent_get_output(c->bev);
}

static int
status_has_body(int status)
{
	return !(status < 200 || status == 204 || status == 304);
}

/* Status line and headers; `length` < 0 means chunked (or close-delimited for HTTP/1.0). */
static void
write_head(struct http_req *r, int status, const char *content_type, int64_t length)
{
	struct http_conn *c = r->conn;
	struct evbuffer *out = conn_output(c);
	int http10 = r->pub.http_major == 1 && r->pub.http_minor == 0;
	const char *date;

	if (length < 0 && http10)
		r->keep_alive = 0; /* the end of the body is the end of the connection */
	evbuffer_add_printf(out, "HTTP/1.1 %d %s\r\n", status, kc_http_status_text(status));
	if (content_type != NULL)
		evbuffer_add_printf(out, "Content-Type: %s\r\n", content_type);
	date = date_header(c->srv);
	evbuffer_add(out, date, strlen(date));
	if (length >= 0 && status_has_body(status))
		evbuffer_add_printf(out, "Content-Length: %" PRId64 "\r\n", length);
	else if (length < 0 && !http10) {
		evbuffer_add(out, "Transfer-Encoding: chunked\r\n", 28);
		r->chunked_reply = 1;
	}
	if (!r->keep_alive)
		evbuffer_add(out, "Connection: close\r\n", 19);
	else if (http10)
		evbuffer_add(out, "Connection: keep-alive\r\n", 24);
	evbuffer_add(out, r->resp_headers.buf, r->resp_headers.len);
	evbuffer_add(out, "\r\n", 2);
}

int
kc_http_reply_header_add(struct kc_http_request *pub, const char *name, const char *value)
{
	struct http_req *r = to_req(pub);

	if (name[0] == '\0' || strpbrk(name, "\r\n: ") != NULL || strpbrk(value, "\r\n") != NULL)
		return KC_ERR_INVALID;
	return kc_strbuf_addf(&r->resp_headers, "%s: %s\r\n", name, value);
}

/* --- connection lifecycle -------------------------------------------------------- */

static void conn_process(struct http_conn *c);
static void conn_start_close(struct http_conn *c);

static void
timer_set(struct http_conn *c, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	if (ms <= 0)
		event_del(c->timer);
	else
		event_add(c->timer, &tv);
}

static void
conn_notify_close(struct http_req *r)
{
	if (r->on_close != NULL && !r->close_notified) {
		r->close_notified = 1;
		r->on_close(&r->pub, r->on_close_arg);
	}
}

/* Frees the connection; a dispatched request is detached and its handler told. */
static void
conn_free(struct http_conn *c)
{
	struct kc_http_server *srv = c->srv;
	struct http_req *r = c->req;

	if (c->in_process) {
		c->free_pending = 1;
		return;
	}
	TAILQ_REMOVE(&srv->conns, c, link);
	srv->nconns--;
	c->req = NULL;
	if (r != NULL && r->state == REQ_PARSING) {
		req_free(r);
	} else if (r != NULL) {
		r->conn = NULL;
		conn_notify_close(r);
	}
	if (c->chain != NULL)
		sk_X509_pop_free(c->chain, X509_free);
	event_free(c->timer);
	event_free(c->resume);
	bufferevent_free(c->bev);
	free(c);
}

static void
conn_read_cb(struct bufferevent *bev, void *arg)
{
	struct http_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);

	if (c->state == CONN_READING) {
		conn_process(c);
	} else if (c->state == CONN_LINGER || c->state == CONN_CLOSING) {
		c->lingered += evbuffer_get_length(in);
		evbuffer_drain(in, evbuffer_get_length(in));
		if ((int64_t)c->lingered > c->linger_max_bytes)
			conn_free(c);
	}
}

/* Goes on with what the connection was doing: pipelined requests, or a close. */
static void
conn_continue(struct http_conn *c)
{
	if (c->state == CONN_READING)
		conn_process(c);
	else if (c->state == CONN_CLOSING)
		conn_start_close(c);
}

/* Output drained: finish a close, or go on with pipelined requests. */
static void
conn_write_cb(struct bufferevent *bev, void *arg)
{
	conn_continue(arg);
}

/*
 * The client shut its write side (or closed; we learn which when a write fails).  As Go's
 * server: answers already queued still go out; a dispatched request is told its client is gone
 * (Go cancels its context) but may still send a whole reply, after which the connection closes.
 * Returns 1 when the connection lives on for that.
 */
static int
conn_half_closed(struct http_conn *c)
{
	bufferevent_disable(c->bev, EV_READ);
	switch (c->state) {
	case CONN_CLOSING:
		return 1;
	case CONN_READING:
		if (c->req != NULL || evbuffer_get_length(conn_output(c)) == 0)
			return 0;
		conn_start_close(c);
		return 1;
	case CONN_DISPATCHED:
		c->read_eof = 1;
		c->req->keep_alive = 0;    /* the reply says Connection: close */
		conn_notify_close(c->req); /* may finish the request, even free c */
		return 1;
	default:
		return 0;
	}
}

static void
conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct http_conn *c = arg;

	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)))
		return;
	if (what == (BEV_EVENT_EOF | BEV_EVENT_READING) && conn_half_closed(c))
		return;
	kc_v(6, "http: connection from %s closed (events 0x%x)", c->peer_str, what);
	conn_free(c);
}

static void
conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_conn *c = arg;

	kc_v(6, "http: connection from %s timed out", c->peer_str);
	conn_free(c);
}

static void
conn_resume_cb(evutil_socket_t fd, short what, void *arg)
{
	conn_continue(arg);
}

/*
 * Closes once the output is flushed.  Plain sockets then shut their write side and discard
 * input for a while (Go's closeWriteAndWait), so a client still sending a body we refused reads
 * our answer instead of a reset.
 */
static void
conn_start_close(struct http_conn *c)
{
	int fd = bufferevent_getfd(c->bev);

	c->state = CONN_CLOSING;
	event_del(c->timer);
	if (evbuffer_get_length(conn_output(c)) > 0) {
		bufferevent_enable(c->bev, EV_READ | EV_WRITE);
		return; /* conn_write_cb comes back here */
	}
	if (fd < 0 || c->in_process) {
		if (c->in_process) {
			c->free_pending = 1;
			return;
		}
		conn_free(c);
		return;
	}
	/* TLS cannot half-close; the client closes once it has read our answer */
	if (c->ssl == NULL)
		shutdown(fd, SHUT_WR);
	c->state = CONN_LINGER;
	bufferevent_setwatermark(c->bev, EV_READ, 0, 0);
	bufferevent_enable(c->bev, EV_READ);
	timer_set(c, c->linger_ms);
	conn_read_cb(c->bev, c);
}

/* An error reply's body into body: the server's format_error, else a metav1.Status; its type. */
static const char *
error_body(struct kc_http_server *srv, int status, const char *message, struct kc_strbuf *body)
{
	const char *ctype = NULL;

	if (srv->opts.format_error != NULL)
		ctype = srv->opts.format_error(srv->opts.format_error_arg, status, message, body);
	if (ctype == NULL) {
		kc_strbuf_reset(body);
		ctype = kc_http_format_status(NULL, status, message, body);
	}
	return ctype;
}

/* Answers an error found while reading a request, then closes. */
static void
conn_fail(struct http_conn *c, int status, const char *message)
{
	struct http_req *r = c->req;
	struct kc_strbuf body = KC_STRBUF_INIT;
	const char *ctype = error_body(c->srv, status, message, &body);

	kc_v(4, "http: %s: %d %s", c->peer_str, status, message);
	if (r == NULL)
		r = c->req = req_new(c);
	if (r != NULL) {
		r->keep_alive = 0;
		r->head = 0;
		kc_strbuf_reset(&r->resp_headers);
		if (r->pub.http_major == 0)
			r->pub.http_major = 1, r->pub.http_minor = 1;
		write_head(r, status, ctype, (int64_t)body.len);
		evbuffer_add(conn_output(c), body.buf, body.len);
		c->req = NULL;
		req_free(r);
	}
	kc_strbuf_release(&body);
	conn_start_close(c);
}

static void
dispatch(struct http_conn *c)
{
	struct http_req *r = c->req;

	c->state = CONN_DISPATCHED;
	r->state = REQ_HANDLER;
	if (c->srv->draining)
		r->keep_alive = 0;
	event_del(c->timer);
	c->srv->opts.handler(&r->pub, c->srv->opts.handler_arg);
}

static int
parse_error_status(struct http_conn *c, enum http_errno e, const char **ret_msg)
{
	if (c->error_status == 413) {
		*ret_msg = NULL; /* set by the caller from the limit */
		return 413;
	}
	if (c->error_status != 0) {
		*ret_msg = c->error_status == 431   ? "Request Header Fields Too Large"
			   : c->error_status == 417 ? "Expectation Failed"
						    : "malformed HTTP request";
		return c->error_status;
	}
	if (e == HPE_HEADER_OVERFLOW) {
		*ret_msg = "Request Header Fields Too Large";
		return 431;
	}
	*ret_msg = http_errno_description(e);
	return 400;
}

static void
fail_from_parser(struct http_conn *c, enum http_errno e)
{
	char msg[160];
	const char *m;
	int status = parse_error_status(c, e, &m);

	if (status == 413) {
		snprintf(msg, sizeof(msg), "Request entity too large: limit is %" PRId64,
			 c->srv->opts.max_body_bytes);
		m = msg;
	} else if (status == 400) {
		snprintf(msg, sizeof(msg), "malformed HTTP request: %s", m);
		m = msg;
	}
	conn_fail(c, status, m);
}

/* Feeds buffered input to the parser until a request is complete, the input ends, or the
 * connection leaves READING. */
static void
conn_process(struct http_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);

	if (c->in_process)
		return;
	c->in_process = 1;
	while (c->state == CONN_READING) {
		struct evbuffer_iovec v;
		enum http_errno e;
		size_t n;

		if (evbuffer_get_length(conn_output(c)) > OUTPUT_HIGH_WATER)
			break; /* conn_write_cb resumes */
		if (evbuffer_peek(in, -1, NULL, &v, 1) < 1 || v.iov_len == 0)
			break;
		if (c->req == NULL) {
			c->req = req_new(c);
			if (c->req == NULL) {
				c->in_process = 0;
				conn_free(c);
				return;
			}
			timer_set(c, c->srv->opts.read_timeout_ms);
		}
		n = http_parser_execute(&c->parser, &parser_settings, v.iov_base, v.iov_len);
		evbuffer_drain(in, n);
		e = HTTP_PARSER_ERRNO(&c->parser);
		if (e == HPE_PAUSED) {
			http_parser_pause(&c->parser, 0);
			dispatch(c);
		} else if (e != HPE_OK) {
			fail_from_parser(c, e);
		}
	}
	c->in_process = 0;
	if (c->free_pending)
		conn_free(c);
}

/* The request is finished: back to READING, or close. */
static void
conn_request_done(struct http_conn *c, struct http_req *r)
{
	int keep = r->keep_alive;

	c->req = NULL;
	c->served = 1;
	req_free(r);
	if (!keep) {
		bufferevent_disable(c->bev, EV_READ);
		if (c->in_process)
			c->state = CONN_CLOSING, event_active(c->resume, EV_TIMEOUT, 1);
		else
			conn_start_close(c);
		return;
	}
	c->state = CONN_READING;
	timer_set(c, c->srv->opts.idle_timeout_ms);
	if (!c->in_process && evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
		event_active(c->resume, EV_TIMEOUT, 1);
}

static void
req_finish(struct http_req *r)
{
	if (r->conn == NULL)
		req_free(r);
	else
		conn_request_done(r->conn, r);
}

/* The client is gone or half-closed: stream data has nobody to go to. */
static int
req_gone(const struct http_req *r)
{
	return r->conn == NULL || r->conn->read_eof;
}

int
kc_http_reply(struct kc_http_request *pub, int status, const char *content_type, const void *body,
	      size_t len)
{
	struct http_req *r = to_req(pub);

	if (r->conn == NULL) {
		req_free(r);
		return KC_ERR_IO;
	}
	if (r->state == REQ_STREAMING)
		return KC_ERR_INVALID; /* headers went out: finish with kc_http_reply_end() */
	if (!status_has_body(status))
		len = 0;
	/*
	 * Head and a small body in one contiguous chain: over TLS that is one SSL_write, so one
	 * record and one write(2) for the whole reply instead of two.
	 */
	if (!r->head && len > 0 && len <= REPLY_COALESCE_MAX)
		evbuffer_expand(conn_output(r->conn), REPLY_HEAD_ESTIMATE + r->resp_headers.len + len);
	write_head(r, status, content_type, (int64_t)len);
	if (!r->head && len > 0)
		evbuffer_add(conn_output(r->conn), body, len);
	req_finish(r);
	return 0;
}

int
kc_http_reply_error(struct kc_http_request *pub, int status, const char *message)
{
	struct kc_strbuf body = KC_STRBUF_INIT;
	const char *ctype = error_body(pub->server, status, message, &body);
	int r;

	r = kc_http_reply(pub, status, ctype, body.buf, body.len);
	kc_strbuf_release(&body);
	return r;
}

int
kc_http_reply_start(struct kc_http_request *pub, int status, const char *content_type)
{
	struct http_req *r = to_req(pub);

	if (req_gone(r))
		return KC_ERR_IO;
	if (r->state != REQ_HANDLER)
		return KC_ERR_INVALID;
	r->state = REQ_STREAMING;
	write_head(r, status, content_type, -1);
	return 0;
}

static int
chunk_head(struct http_req *r, size_t len)
{
	char hdr[24];
	int n;

	if (req_gone(r))
		return KC_ERR_IO;
	if (r->state != REQ_STREAMING)
		return KC_ERR_INVALID;
	if (len == 0 || r->head)
		return 1;
	if (r->chunked_reply) {
		n = snprintf(hdr, sizeof(hdr), "%zx\r\n", len);
		evbuffer_add(conn_output(r->conn), hdr, (size_t)n);
	}
	return 0;
}

int
kc_http_reply_chunk(struct kc_http_request *pub, const void *data, size_t len)
{
	struct http_req *r = to_req(pub);
	struct evbuffer *out;
	int rc = chunk_head(r, len);

	if (rc != 0)
		return rc < 0 ? rc : 0;
	out = conn_output(r->conn);
	evbuffer_add(out, data, len);
	if (r->chunked_reply)
		evbuffer_add(out, "\r\n", 2);
	return 0;
}

int
kc_http_reply_chunk_ref(struct kc_http_request *pub, struct kc_http_shared_buf *sb)
{
	struct http_req *r = to_req(pub);
	struct evbuffer *out;
	int rc = chunk_head(r, sb->len);

	if (rc != 0)
		return rc < 0 ? rc : 0;
	out = conn_output(r->conn);
	kc_http_shared_buf_ref(sb);
	if (evbuffer_add_reference(out, sb->data, sb->len, shared_buf_cleanup, sb) < 0) {
		kc_http_shared_buf_unref(sb);
		return KC_ERR_NOMEM;
	}
	if (r->chunked_reply)
		evbuffer_add(out, "\r\n", 2);
	return 0;
}

int
kc_http_reply_end(struct kc_http_request *pub)
{
	struct http_req *r = to_req(pub);

	if (r->conn == NULL) {
		req_free(r);
		return KC_ERR_IO;
	}
	if (r->state == REQ_HANDLER) /* never started: an empty 200 stream */
		kc_http_reply_start(pub, 200, NULL);
	if (r->chunked_reply && !r->head)
		evbuffer_add(conn_output(r->conn), "0\r\n\r\n", 5);
	req_finish(r);
	return 0;
}

/* --- request accessors ---------------------------------------------------------- */

const char *
kc_http_request_peer(const struct kc_http_request *pub)
{
	const struct http_req *r = to_req(pub);

	return r->conn != NULL ? r->conn->peer_str : "";
}

const struct sockaddr *
kc_http_request_peer_addr(const struct kc_http_request *pub, socklen_t *ret_len)
{
	const struct http_req *r = to_req(pub);

	if (r->conn == NULL)
		return NULL;
	if (ret_len != NULL)
		*ret_len = r->conn->peer_len;
	return (const struct sockaddr *)&r->conn->peer;
}

int
kc_http_request_is_tls(const struct kc_http_request *pub)
{
	const struct http_req *r = to_req(pub);

	return r->conn != NULL && r->conn->ssl != NULL;
}

X509 *
kc_http_request_peer_cert(const struct kc_http_request *pub)
{
	const struct http_req *r = to_req(pub);

	if (r->conn == NULL || r->conn->ssl == NULL)
		return NULL;
	return SSL_get0_peer_certificate(r->conn->ssl);
}

STACK_OF(X509) * kc_http_request_peer_chain(const struct kc_http_request *pub)
{
	struct http_conn *c = to_req(pub)->conn;
	char err[256];

	if (c == NULL || c->ssl == NULL)
		return NULL;
	if (!c->chain_done) {
		c->chain_done = 1;
		if (kc_tls_verify_peer(c->ssl, &c->chain, err, sizeof(err)) < 0)
			kc_v(4, "http: %s: client certificate: %s", c->peer_str, err);
	}
	return c->chain;
}

int
kc_http_request_closed(const struct kc_http_request *pub)
{
	return req_gone(to_req(pub));
}

size_t
kc_http_request_output_pending(const struct kc_http_request *pub)
{
	const struct http_req *r = to_req(pub);

	return r->conn != NULL ? evbuffer_get_length(conn_output(r->conn)) : 0;
}

void
kc_http_request_on_close(struct kc_http_request *pub,
			 void (*fn)(struct kc_http_request *req, void *arg), void *arg)
{
	struct http_req *r = to_req(pub);

	r->on_close = fn;
	r->on_close_arg = arg;
}

void
kc_http_request_set_data(struct kc_http_request *pub, void *data)
{
	to_req(pub)->data = data;
}

void *
kc_http_request_get_data(const struct kc_http_request *pub)
{
	return to_req(pub)->data;
}

/* --- upgrade --------------------------------------------------------------------- */

struct kc_http_upgraded *
kc_http_upgrade(struct kc_http_request *pub, const char *upgrade, void (*on_shutdown)(void *arg),
		void *arg)
{
	struct http_req *r = to_req(pub);
	struct http_conn *c = r->conn;
	struct evbuffer *out;

	if (c == NULL) {
		req_free(r);
		return NULL;
	}
	out = conn_output(c);
	evbuffer_add_printf(out,
			    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: %s\r\n"
			    "Connection: Upgrade\r\n",
			    upgrade);
	evbuffer_add(out, r->resp_headers.buf, r->resp_headers.len);
	evbuffer_add(out, "\r\n", 2);
	c->req = NULL;
	req_free(r);
	c->state = CONN_UPGRADED;
	c->on_shutdown = on_shutdown;
	c->shutdown_arg = arg;
	event_del(c->timer);
	bufferevent_setcb(c->bev, NULL, NULL, NULL, NULL);
	bufferevent_setwatermark(c->bev, EV_READ, 0, 0);
	return (struct kc_http_upgraded *)c;
}

struct bufferevent *
kc_http_upgraded_bev(struct kc_http_upgraded *up)
{
	return ((struct http_conn *)up)->bev;
}

struct kc_http_upgraded *
kc_http_upgraded_close(struct kc_http_upgraded *up)
{
	if (up != NULL)
		conn_free((struct http_conn *)up);
	return NULL;
}

/* --- router ---------------------------------------------------------------------- */

const struct kc_http_route *
kc_http_route_match(const struct kc_http_route *routes, const char *path)
{
	const struct kc_http_route *best = NULL;
	size_t best_len = 0;

	for (; routes->pattern != NULL; routes++) {
		size_t len = strlen(routes->pattern);
		int subtree = len > 0 && routes->pattern[len - 1] == '/';
		int match = subtree ? strncmp(path, routes->pattern, len) == 0
				    : strcmp(path, routes->pattern) == 0;

		if (match && (best == NULL || len > best_len)) {
			best = routes;
			best_len = len;
		}
	}
	return best;
}

void
kc_http_router_handler(struct kc_http_request *req, void *routes)
{
	const struct kc_http_route *rt = kc_http_route_match(routes, req->path);

	if (rt == NULL) {
		kc_http_reply_error(req, 404, "the server could not find the requested resource");
		return;
	}
	rt->handler(req, rt->arg);
}

/* --- http-parser callbacks --------------------------------------------------------- */

static int
count_header_bytes(struct http_conn *c, struct http_req *r, size_t len)
{
	r->header_bytes += (int64_t)len;
	if (c->srv->opts.max_header_bytes > 0 && r->header_bytes > c->srv->opts.max_header_bytes) {
		c->error_status = 431;
		return -1;
	}
	return 0;
}

static int
on_message_begin(http_parser *p)
{
	return 0;
}

static int
on_url(http_parser *p, const char *at, size_t len)
{
	struct http_conn *c = p->data;
	struct http_req *r = c->req;

	if (count_header_bytes(c, r, len) < 0)
		return -1;
	return kc_strbuf_add(&r->arena, at, len) < 0 ? -1 : 0;
}

static int
header_start(struct http_req *r)
{
	struct hdr *n;

	if (kc_strbuf_addch(&r->arena, '\0') < 0) /* ends the URL or the previous value */
		return -1;
	if (r->nhdrs == r->hdrs_alloc) {
		size_t cap = r->hdrs_alloc ? r->hdrs_alloc * 2 : 16;

		n = realloc(r->hdrs, cap * sizeof(*n));
		if (n == NULL)
			return -1;
		r->hdrs = n;
		r->hdrs_alloc = cap;
	}
	r->hdrs[r->nhdrs].name = r->arena.len;
	r->hdrs[r->nhdrs].value = r->arena.len;
	r->nhdrs++;
	return 0;
}

static int
on_header_field(http_parser *p, const char *at, size_t len)
{
	struct http_conn *c = p->data;
	struct http_req *r = c->req;

	if (count_header_bytes(c, r, len + 4) < 0)
		return -1;
	if (r->parse_phase != 1 && header_start(r) < 0)
		return -1;
	r->parse_phase = 1;
	return kc_strbuf_add(&r->arena, at, len) < 0 ? -1 : 0;
}

static int
on_header_value(http_parser *p, const char *at, size_t len)
{
	struct http_conn *c = p->data;
	struct http_req *r = c->req;

	if (count_header_bytes(c, r, len) < 0)
		return -1;
	if (r->parse_phase != 2) {
		if (kc_strbuf_addch(&r->arena, '\0') < 0)
			return -1;
		r->hdrs[r->nhdrs - 1].value = r->arena.len;
		r->parse_phase = 2;
	}
	return kc_strbuf_add(&r->arena, at, len) < 0 ? -1 : 0;
}

/*
 * The body is over the limit: 413, and the connection will discard up to remaining more bytes
 * (the unread rest of the body) before it closes.
 */
static void
refuse_body(struct http_conn *c, uint64_t remaining)
{
	c->error_status = 413;
	if (remaining > (uint64_t)REFUSED_BODY_MAX_BYTES)
		remaining = (uint64_t)REFUSED_BODY_MAX_BYTES;
	c->linger_max_bytes = (int64_t)remaining + LINGER_MAX_BYTES;
	c->linger_ms = REFUSED_BODY_MS;
}

static int
check_expect(struct http_conn *c, struct http_req *r, const http_parser *p)
{
	const char *expect = kc_http_header_get(&r->pub, "Expect");

	if (expect == NULL)
		return 0;
	if (strcasecmp(expect, "100-continue") != 0) {
		c->error_status = 417;
		return -1;
	}
	if (p->http_major == 1 && p->http_minor >= 1)
		evbuffer_add(conn_output(c), "HTTP/1.1 100 Continue\r\n\r\n", 25);
	return 0;
}

static int
on_headers_complete(http_parser *p)
{
	struct http_conn *c = p->data;
	struct http_req *r = c->req;
	int64_t max = c->srv->opts.max_body_bytes;
	int rc;

	/* ends the last value (or the URL) and makes sure a header value slot exists */
	if (kc_strbuf_addch(&r->arena, '\0') < 0)
		return -1;
	r->parse_phase = 3;
	rc = req_finish_headers(r, p);
	if (rc < 0) {
		c->error_status = rc == KC_ERR_NOMEM ? 500 : 400;
		return -1;
	}
	r->keep_alive = http_should_keep_alive(p) && !p->upgrade;
	r->pub.headers_ns = kc_clock_mono_ns();
	if (max > 0 && !(p->flags & F_CHUNKED) && (p->flags & F_CONTENTLENGTH) &&
	    p->content_length > (uint64_t)max) {
		refuse_body(c, p->content_length);
		return -1;
	}
	if (check_expect(c, r, p) < 0)
		return -1;
	return 0;
}

static int
on_body(http_parser *p, const char *at, size_t len)
{
	struct http_conn *c = p->data;
	struct http_req *r = c->req;
	int64_t max = c->srv->opts.max_body_bytes;

	if (max > 0 && (int64_t)(r->body.len + len) > max) {
		/* what is left of this chunk, or of the declared length */
		refuse_body(c, (p->flags & F_CHUNKED) ? (uint64_t)REFUSED_BODY_MAX_BYTES
						      : p->content_length);
		return -1;
	}
	return kc_strbuf_add(&r->body, at, len) < 0 ? -1 : 0;
}

static int
on_message_complete(http_parser *p)
{
	struct http_conn *c = p->data;
	struct http_req *r = c->req;

	r->pub.body = r->body.buf;
	r->pub.body_len = r->body.len;
	http_parser_pause(p, 1);
	return 0;
}

static const http_parser_settings parser_settings = {
	.on_message_begin = on_message_begin,
	.on_url = on_url,
	.on_header_field = on_header_field,
	.on_header_value = on_header_value,
	.on_headers_complete = on_headers_complete,
	.on_body = on_body,
	.on_message_complete = on_message_complete,
};

/* --- accepting ------------------------------------------------------------------- */

static void
format_peer(struct http_conn *c)
{
	char host[INET6_ADDRSTRLEN];
	const struct sockaddr *sa = (const struct sockaddr *)&c->peer;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(c->peer_str, sizeof(c->peer_str), "%s:%u", host, ntohs(in->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(c->peer_str, sizeof(c->peer_str), "[%s]:%u", host, ntohs(in6->sin6_port));
	} else {
		snprintf(c->peer_str, sizeof(c->peer_str), "@");
	}
}

static struct bufferevent *
make_bev(struct kc_http_server *srv, evutil_socket_t fd, SSL_CTX *tls, SSL **ret_ssl)
{
	SSL *ssl;

	*ret_ssl = NULL;
	if (tls == NULL)
		return bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	ssl = SSL_new(tls);
	if (ssl == NULL)
		return NULL;
	*ret_ssl = ssl;
	/* on failure libevent frees neither ssl nor fd; on success both belong to the bev */
	return bufferevent_openssl_socket_new(srv->base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
					      BEV_OPT_CLOSE_ON_FREE);
}

static void
accept_cb(struct evconnlistener *evl, evutil_socket_t fd, struct sockaddr *sa, int salen, void *arg)
{
	struct listener *l = NULL;
	struct kc_http_server *srv = arg;
	struct http_conn *c;
	struct timeval wtv;
	size_t i;
	int one = 1;

	for (i = 0; i < srv->nlisteners; i++)
		if (srv->listeners[i].evl == evl)
			l = &srv->listeners[i];
	if (l == NULL || (int)srv->nconns >= srv->opts.max_connections) {
		kc_v(4, "http: refusing connection: %zu open", srv->nconns);
		close(fd);
		return;
	}
	if (sa->sa_family != AF_UNIX)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		return;
	}
	c->srv = srv;
	c->linger_max_bytes = LINGER_MAX_BYTES;
	c->linger_ms = LINGER_MS;
	c->bev = make_bev(srv, fd, l->tls, &c->ssl);
	c->timer = evtimer_new(srv->base, conn_timer_cb, c);
	c->resume = event_new(srv->base, -1, 0, conn_resume_cb, c);
	if (c->bev == NULL || c->timer == NULL || c->resume == NULL) {
		if (c->bev != NULL)
			bufferevent_free(c->bev);
		else {
			SSL_free(c->ssl);
			close(fd);
		}
		if (c->timer != NULL)
			event_free(c->timer);
		if (c->resume != NULL)
			event_free(c->resume);
		free(c);
		return;
	}
	memcpy(&c->peer, sa, (size_t)salen < sizeof(c->peer) ? (size_t)salen : sizeof(c->peer));
	c->peer_len = (socklen_t)salen;
	format_peer(c);
	http_parser_init(&c->parser, HTTP_REQUEST);
	c->parser.data = c;
	c->state = CONN_READING;
	TAILQ_INSERT_TAIL(&srv->conns, c, link);
	srv->nconns++;
	bufferevent_setcb(c->bev, conn_read_cb, conn_write_cb, conn_event_cb, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, READ_HIGH_WATER);
	if (srv->opts.write_timeout_ms > 0) {
		wtv.tv_sec = srv->opts.write_timeout_ms / 1000;
		wtv.tv_usec = (srv->opts.write_timeout_ms % 1000) * 1000;
		bufferevent_set_timeouts(c->bev, NULL, &wtv);
	}
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	timer_set(c, srv->opts.idle_timeout_ms);
}

/* --- listeners ------------------------------------------------------------------- */

static int
resolve_tcp(const char *addr, struct sockaddr_storage *ss, socklen_t *len)
{
	KC_AUTOFREE char *host = NULL;
	const char *colon, *port;
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE | AI_NUMERICSERV };
	struct addrinfo *res;

	if (addr[0] == '[') {
		const char *end = strchr(addr, ']');

		if (end == NULL || end[1] != ':')
			return KC_ERR_INVALID;
		host = strndup(addr + 1, (size_t)(end - addr - 1));
		port = end + 2;
		hints.ai_family = AF_INET6;
	} else {
		colon = strrchr(addr, ':');
		if (colon == NULL || memchr(addr, ':', (size_t)(colon - addr)) != NULL)
			return KC_ERR_INVALID;
		host = strndup(addr, (size_t)(colon - addr));
		port = colon + 1;
	}
	if (host == NULL)
		return KC_ERR_NOMEM;
	if (port[0] == '\0' || strspn(port, "0123456789") != strlen(port) || atoi(port) > 65535)
		return KC_ERR_INVALID;
	if (host[0] == '\0') { /* ":port": every address, IPv6 and IPv4 */
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

		memset(ss, 0, sizeof(*ss));
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_any;
		in6->sin6_port = htons((uint16_t)atoi(port));
		*len = sizeof(*in6);
		return 0;
	}
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return KC_ERR_INVALID;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* fd bound to sa; else KC_ERR_SYSTEM with fd closed and errno kept for %m. */
static int
bind_or_close(int fd, const struct sockaddr *sa, socklen_t len)
{
	if (bind(fd, sa, len) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return KC_ERR_SYSTEM;
	}
	return fd;
}

static int
open_tcp(const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, zero = 0, r;

	r = resolve_tcp(addr, &ss, &len);
	if (r < 0)
		return r;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 && ss.ss_family == AF_INET6 && addr[0] == ':') {
		/* no IPv6 on this host: ":port" means every IPv4 address */
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		uint16_t port = ((struct sockaddr_in6 *)&ss)->sin6_port;

		memset(&ss, 0, sizeof(ss));
		in->sin_family = AF_INET;
		in->sin_port = port;
		len = sizeof(*in);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	}
	if (fd < 0)
		return KC_ERR_SYSTEM;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, addr[0] == ':' ? &zero : &one,
			   sizeof(int));
	return bind_or_close(fd, (struct sockaddr *)&ss, len);
}

static int
open_unix(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	int fd;

	if (path[0] == '\0' || strlen(path) >= sizeof(sun.sun_path))
		return KC_ERR_INVALID;
	strcpy(sun.sun_path, path);
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return KC_ERR_SYSTEM;
	return bind_or_close(fd, (struct sockaddr *)&sun, sizeof(sun));
}

static int
bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return 0;
}

int
kc_http_server_listen(struct kc_http_server *srv, const char *addr, SSL_CTX *tls)
{
	struct listener *ls, *l;
	int is_unix = strncmp(addr, "unix:", 5) == 0;
	int fd;

	ls = realloc(srv->listeners, (srv->nlisteners + 1) * sizeof(*ls));
	if (ls == NULL)
		return KC_ERR_NOMEM;
	srv->listeners = ls;
	fd = is_unix ? open_unix(addr + 5) : open_tcp(addr);
	if (fd < 0)
		return fd;
	l = &srv->listeners[srv->nlisteners];
	memset(l, 0, sizeof(*l));
	l->port = is_unix ? 0 : bound_port(fd);
	if (is_unix && (l->unix_path = strdup(addr + 5)) == NULL) {
		close(fd);
		return KC_ERR_NOMEM;
	}
	l->evl = evconnlistener_new(srv->base, accept_cb, srv,
				    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, 1024, fd);
	if (l->evl == NULL) {
		int e = errno;

		close(fd);
		free(l->unix_path);
		errno = e;
		return KC_ERR_SYSTEM;
	}
	if (tls != NULL) {
		SSL_CTX_up_ref(tls);
		l->tls = tls;
	}
	kc_v(2, "http: serving on %s%s (port %d)", addr, tls ? " with TLS" : "", l->port);
	return (int)srv->nlisteners++;
}

int
kc_http_server_port(const struct kc_http_server *srv, int listener)
{
	if (listener < 0 || (size_t)listener >= srv->nlisteners)
		return 0;
	return srv->listeners[listener].port;
}

size_t
kc_http_server_connections(const struct kc_http_server *srv)
{
	return srv->nconns;
}

static int
pick(int v, int def)
{
	return v == 0 ? def : v < 0 ? 0 : v;
}

static int64_t
pick64(int64_t v, int64_t def)
{
	return v == 0 ? def : v < 0 ? 0 : v;
}

struct kc_http_server *
kc_http_server_new(struct event_base *base, const struct kc_http_server_opts *opts)
{
	static uint32_t parser_max_header;
	struct kc_http_server *srv;

	if (base == NULL || opts == NULL || opts->handler == NULL)
		return NULL;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return NULL;
	srv->base = base;
	srv->opts = *opts;
	srv->opts.max_body_bytes = pick64(opts->max_body_bytes, KC_HTTP_DEFAULT_MAX_BODY_BYTES);
	srv->opts.max_header_bytes =
		pick64(opts->max_header_bytes, KC_HTTP_DEFAULT_MAX_HEADER_BYTES);
	srv->opts.idle_timeout_ms = pick(opts->idle_timeout_ms, KC_HTTP_DEFAULT_IDLE_TIMEOUT_MS);
	srv->opts.read_timeout_ms = pick(opts->read_timeout_ms, KC_HTTP_DEFAULT_READ_TIMEOUT_MS);
	srv->opts.write_timeout_ms = pick(opts->write_timeout_ms, KC_HTTP_DEFAULT_WRITE_TIMEOUT_MS);
	srv->opts.max_connections = pick(opts->max_connections, KC_HTTP_DEFAULT_MAX_CONNECTIONS);
	if (srv->opts.max_connections == 0)
		srv->opts.max_connections = INT32_MAX;
	TAILQ_INIT(&srv->conns);
	/*
	 * http-parser's own header limit is process-wide (80 KiB by default); raise it to the
	 * largest server limit so that ours, per server, decides.
	 */
	if (srv->opts.max_header_bytes == 0 || srv->opts.max_header_bytes + 1024 > UINT32_MAX / 2)
		parser_max_header = UINT32_MAX / 2;
	else if ((uint32_t)srv->opts.max_header_bytes + 1024 > parser_max_header)
		parser_max_header = (uint32_t)srv->opts.max_header_bytes + 1024;
	http_parser_set_max_header_size(parser_max_header);
	return srv;
}

void
kc_http_server_close_listeners(struct kc_http_server *srv)
{
	for (size_t i = 0; i < srv->nlisteners; i++) {
		if (srv->listeners[i].evl != NULL)
			evconnlistener_free(srv->listeners[i].evl);
		srv->listeners[i].evl = NULL;
		srv->listeners[i].port = 0;
	}
}

/* One connection of a drain; may free c. */
static void
conn_drain(struct http_conn *c, int end_streams)
{
	struct http_req *r = c->req;

	switch (c->state) {
	case CONN_READING:
		/* idle between requests; a new connection gets to send its first (Go closes
		 * StateNew ones only after 5 s, and the server may still be answering 429) */
		if (r == NULL && c->served)
			conn_start_close(c);
		break;
	case CONN_DISPATCHED:
		r->keep_alive = 0;
		if (end_streams && r->state == REQ_STREAMING)
			conn_notify_close(r); /* the handler ends its stream */
		break;
	default:
		break;
	}
}

void
kc_http_server_drain(struct kc_http_server *srv, int end_streams)
{
	struct http_conn *c, *next;

	srv->draining = 1;
	for (c = TAILQ_FIRST(&srv->conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		conn_drain(c, end_streams);
	}
}

size_t
kc_http_server_in_flight(const struct kc_http_server *srv, size_t *ret_streams)
{
	const struct http_conn *c;
	size_t n = 0, streams = 0;

	TAILQ_FOREACH (c, &srv->conns, link) {
		/* a request being read counts too (Go's StateActive): its body may be on the way */
		if ((c->state != CONN_DISPATCHED && c->state != CONN_READING) || c->req == NULL)
			continue;
		if (c->req->state == REQ_STREAMING)
			streams++;
		else
			n++;
	}
	if (ret_streams != NULL)
		*ret_streams = streams;
	return n;
}

struct kc_http_server *
kc_http_server_free(struct kc_http_server *srv)
{
	struct http_conn *c;
	size_t i;

	if (srv == NULL)
		return NULL;
	for (i = 0; i < srv->nlisteners; i++) {
		if (srv->listeners[i].evl != NULL)
			evconnlistener_free(srv->listeners[i].evl);
		SSL_CTX_free(srv->listeners[i].tls);
		if (srv->listeners[i].unix_path != NULL) {
			unlink(srv->listeners[i].unix_path);
			free(srv->listeners[i].unix_path);
		}
	}
	free(srv->listeners);
	while ((c = TAILQ_FIRST(&srv->conns)) != NULL) {
		if (c->state == CONN_UPGRADED && c->on_shutdown != NULL) {
			void (*fn)(void *) = c->on_shutdown;

			c->on_shutdown = NULL;
			fn(c->shutdown_arg);
			if (TAILQ_FIRST(&srv->conns) != c)
				continue;
		}
		c->in_process = 0;
		conn_free(c);
	}
	free(srv);
	return NULL;
}
