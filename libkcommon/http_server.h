/*
 * http_server.h - the HTTP/1.1 server every ckube daemon serves from: kube-apiserver's API,
 * the kubelet's :10250, and the /healthz and /metrics ports of the others (upstream: Go's
 * net/http server as configured by staging/src/k8s.io/apiserver/pkg/server/secure_serving.go).
 *
 * One server lives on one libevent loop and is single-threaded: every function here is called on
 * the loop thread.  Connections are bufferevents (plain or OpenSSL); requests are parsed with
 * http-parser, one at a time per connection, so pipelined requests are answered in order.
 *
 * Request lifecycle.  The server calls the handler once per complete request (headers and the
 * whole body, up to max_body_bytes).  The handler must finish the request exactly once, now or
 * later from another event, with one of:
 *	kc_http_reply()			a whole response with Content-Length
 *	kc_http_reply_error()		the same, body from the server's error formatter
 *	kc_http_reply_end()		closes a stream begun with kc_http_reply_start()
 *	kc_http_upgrade() / kc_http_upgrade_websocket()
 * Until then the request stays valid, even if the client goes away: the close callback (set with
 * kc_http_request_on_close()) tells the handler, later stream chunks are discarded and return
 * KC_ERR_IO, and the request is freed when the handler finishes it.  A client that only shut
 * its sending side (half-close) counts as gone too, but, as with Go's server, a whole reply still
 * reaches it before the connection closes.  A request must not be used after it is finished.
 *
 * Errors the handler never sees: a malformed request (400), headers over max_header_bytes (431),
 * a body over max_body_bytes (413, answered before the body is read when Content-Length says so,
 * or as soon as a chunked body passes the limit).  Their bodies come from opts.format_error; the
 * default writes a metav1 Status JSON.  After them the connection is closed.
 */
#ifndef KC_HTTP_SERVER_H
#define KC_HTTP_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <openssl/ssl.h>

struct event_base;
struct bufferevent;
struct kc_strbuf;
struct kc_http_server;

/* The public, read-only part of a request; the server owns every string. */
struct kc_http_request {
	const char *method;   /* "GET", "POST", ... */
	const char *raw_path; /* the request target as sent ("/api/v1/pods?watch=1") */
	const char *path;     /* percent-decoded path without the query ("/api/v1/pods") */
	const char *query;    /* raw query without '?', "" when none */
	const char *body;     /* NUL-terminated (the NUL is not counted); "" when none */
	size_t body_len;
	int http_major;
	int http_minor;
	struct kc_http_server *server;
	int64_t headers_ns; /* kc_clock_mono_ns() when its headers were read (Go's handler start) */
};

/* Called on the loop for each request; must finish it (now or later). */
typedef void (*kc_http_handler_fn)(struct kc_http_request *req, void *arg);

/*
 * Writes an error body for `status` with a human message into `out` (empty on entry), and
 * returns its content type.  Returns NULL to fall back to the default formatter.
 */
typedef const char *(*kc_http_error_formatter_fn)(void *arg, int status, const char *message,
						  struct kc_strbuf *out);

#define KC_HTTP_NO_LIMIT (-1) /* a timeout or limit field set to this disables it */

/*
 * Server options.  Zero in a limit or timeout selects the default below (upstream
 * kube-apiserver's values where it has one); KC_HTTP_NO_LIMIT disables it.
 */
struct kc_http_server_opts {
	kc_http_handler_fn handler; /* required */
	void *handler_arg;
	kc_http_error_formatter_fn format_error; /* NULL: metav1 Status JSON */
	void *format_error_arg;
	int64_t max_body_bytes;   /* default 3 MiB (apiserver MaxRequestBodyBytes) */
	int64_t max_header_bytes; /* default 1 MiB (secure_serving MaxHeaderBytes) */
	int idle_timeout_ms;      /* keep-alive wait for the next request; default 90 s */
	int read_timeout_ms;      /* first byte of a request to its last; default 32 s */
	int write_timeout_ms;     /* queued output making no progress; default 60 s */
	int max_connections;      /* accepted at once; default 10000 */
};

/* Defaults of struct kc_http_server_opts, for documentation and tests. */
#define KC_HTTP_DEFAULT_MAX_BODY_BYTES   (3LL * 1024 * 1024)
#define KC_HTTP_DEFAULT_MAX_HEADER_BYTES (1LL << 20)
#define KC_HTTP_DEFAULT_IDLE_TIMEOUT_MS  90000
#define KC_HTTP_DEFAULT_READ_TIMEOUT_MS  32000
#define KC_HTTP_DEFAULT_WRITE_TIMEOUT_MS 60000
#define KC_HTTP_DEFAULT_MAX_CONNECTIONS  10000

/* A new server without listeners (add them with kc_http_server_listen); NULL on bad opts or
 * out of memory. */
struct kc_http_server *kc_http_server_new(struct event_base *base,
					  const struct kc_http_server_opts *opts);

/*
 * Stops listening, closes every connection (WebSockets and other upgraded connections get their
 * shutdown callback) and frees the server.  Requests still unfinished get their close callback;
 * the handler must still finish them (that then only frees them).  libevent closes the sockets
 * at its next loop turn or in event_base_free().  Not from inside one of this server's
 * callbacks.  NULL-safe; returns NULL.
 */
struct kc_http_server *kc_http_server_free(struct kc_http_server *srv);

/*
 * Listens on `addr`: "host:port", "[v6]:port", ":port" (all addresses, dual-stack as Go's
 * ":6443"), or "unix:/path" (an existing socket file is replaced).  Port 0 picks a free port
 * (see kc_http_server_port).  With `tls` non-NULL (a server context from tls.h; the server
 * takes a reference) connections speak TLS.  Returns the listener index (>= 0) or
 * KC_ERR_INVALID (bad address) / KC_ERR_SYSTEM (errno: bind, listen).
 */
int kc_http_server_listen(struct kc_http_server *srv, const char *addr, SSL_CTX *tls);

/* The port a TCP listener is bound to (0 for unix sockets or a bad index). */
int kc_http_server_port(const struct kc_http_server *srv, int listener);

/* Connections open now (upgraded ones included). */
size_t kc_http_server_connections(const struct kc_http_server *srv);

/*
 * Graceful shutdown, in the steps upstream's genericapiserver takes with Go's
 * http.Server.Shutdown:
 *
 * kc_http_server_close_listeners() stops accepting connections (the listening sockets close;
 * kc_http_server_port() then answers 0).  Idempotent.
 *
 * kc_http_server_drain() makes every connection close after its current request: idle
 * keep-alive ones now, busy ones once answered (with "Connection: close"), and requests parsed
 * later on them are answered the same way.  With end_streams, every stream (a reply begun with
 * kc_http_reply_start(): watches) is told to end through its close callback; a handler that then
 * calls kc_http_reply_end() gives its client a clean end of the body.  Call it again to catch
 * streams begun since.  Not from inside one of this server's callbacks.
 *
 * kc_http_server_in_flight() counts requests being read or dispatched and not answered yet,
 * streams apart (in *ret_streams when non-NULL): what a drain waits for.
 */
void kc_http_server_close_listeners(struct kc_http_server *srv);
void kc_http_server_drain(struct kc_http_server *srv, int end_streams);
size_t kc_http_server_in_flight(const struct kc_http_server *srv, size_t *ret_streams);

/* --- the request ---------------------------------------------------------------------- */

/* First value of query parameter `name` (decoded: %XX and '+'), "" for "?watch", NULL when
 * absent.  Borrowed. */
const char *kc_http_query_get(const struct kc_http_request *req, const char *name);
/* Whether `name` appears in the query at all. */
int kc_http_query_has(const struct kc_http_request *req, const char *name);
/* The i-th query parameter in order: 0 with the name and value set, or KC_ERR_RANGE past the
 * end. */
int kc_http_query_nth(const struct kc_http_request *req, size_t i, const char **ret_name,
		      const char **ret_value);

/* First header `name` (case-insensitive), NULL when absent.  Borrowed. */
const char *kc_http_header_get(const struct kc_http_request *req, const char *name);
/* The i-th header as received; KC_ERR_RANGE past the end. */
int kc_http_header_nth(const struct kc_http_request *req, size_t i, const char **ret_name,
		       const char **ret_value);

/* Peer address ("127.0.0.1:40412", "[::1]:40412", "@" for unix sockets), and sockaddr form. */
const char *kc_http_request_peer(const struct kc_http_request *req);
const struct sockaddr *kc_http_request_peer_addr(const struct kc_http_request *req,
						 socklen_t *ret_len);

/* Whether the connection is TLS. */
int kc_http_request_is_tls(const struct kc_http_request *req);

/* The certificate the TLS client presented, verified or not (borrowed); NULL when none. */
X509 *kc_http_request_peer_cert(const struct kc_http_request *req);

/*
 * The client's certificate chain verified against the listener's client CA (leaf first,
 * borrowed, computed once per connection), or NULL: no TLS, no certificate, no client CA, or a
 * certificate that does not verify (then kc_http_request_peer_cert is non-NULL: answer 401).
 */
STACK_OF(X509) * kc_http_request_peer_chain(const struct kc_http_request *req);

/* Whether the client is gone (closed, or half-closed its side). */
int kc_http_request_closed(const struct kc_http_request *req);

/* Bytes of output queued on the connection and not yet sent (slow-client detection). */
size_t kc_http_request_output_pending(const struct kc_http_request *req);

/*
 * Calls fn(req, arg) once if the client goes away before the request is finished (connection
 * closed or half-closed during a stream, write timeout, server shut down): the apiserver drops
 * its watcher there.  The handler must still finish the request, from inside fn or later.  fn
 * may be NULL to clear.
 */
void kc_http_request_on_close(struct kc_http_request *req,
			      void (*fn)(struct kc_http_request *req, void *arg), void *arg);

/* The handler's own pointer, kept with the request. */
void kc_http_request_set_data(struct kc_http_request *req, void *data);
void *kc_http_request_get_data(const struct kc_http_request *req);

/* --- replies ------------------------------------------------------------------------- */

/*
 * Adds a response header for the reply to come ("Cache-Control", "no-cache").  Names and values
 * with CR or LF are refused (KC_ERR_INVALID).  Content-Length, Transfer-Encoding, Connection and
 * Date are the server's.
 */
int kc_http_reply_header_add(struct kc_http_request *req, const char *name, const char *value);

/*
 * Sends a whole response (status line, headers, Content-Length, body) and finishes req.
 * content_type may be NULL (no Content-Type header).  HEAD gets the headers only; 1xx, 204 and
 * 304 no body.  Returns 0, or KC_ERR_IO when the client was gone (req is finished all the
 * same), or KC_ERR_INVALID after kc_http_reply_start() (nothing done: end the stream instead).
 */
int kc_http_reply(struct kc_http_request *req, int status, const char *content_type,
		  const void *body, size_t len);

/* kc_http_reply() with a body from the server's error formatter (status >= 400). */
int kc_http_reply_error(struct kc_http_request *req, int status, const char *message);

/*
 * Streaming replies (watch, log follow).  kc_http_reply_start() sends the status line and headers
 * at once with Transfer-Encoding: chunked (HTTP/1.1; an HTTP/1.0 client gets the raw bytes and
 * a close at the end); each chunk goes out as soon as the socket takes it; kc_http_reply_end()
 * sends the last chunk and finishes req.  Empty chunks are skipped (an empty chunk would end
 * the stream).  Each returns 0, or KC_ERR_IO when the client is gone (end still finishes req).
 */
int kc_http_reply_start(struct kc_http_request *req, int status, const char *content_type);
int kc_http_reply_chunk(struct kc_http_request *req, const void *data, size_t len);
int kc_http_reply_end(struct kc_http_request *req);

/*
 * A refcounted, immutable buffer for fan-out: one serialized watch event queued on hundreds of
 * connections without copying (evbuffer_add_reference).  The creator holds one reference; each
 * connection that queued it holds one until the bytes are sent or the connection is freed.
 */
struct kc_http_shared_buf;

/* Copies data; NULL when out of memory. */
struct kc_http_shared_buf *kc_http_shared_buf_new(const void *data, size_t len);
/* Takes a malloc()ed buffer (freed with free() at the end, or now on failure). */
struct kc_http_shared_buf *kc_http_shared_buf_new_take(void *data, size_t len);
struct kc_http_shared_buf *kc_http_shared_buf_ref(struct kc_http_shared_buf *sb);
/* Drops one reference; NULL-safe; returns NULL. */
struct kc_http_shared_buf *kc_http_shared_buf_unref(struct kc_http_shared_buf *sb);
const void *kc_http_shared_buf_data(const struct kc_http_shared_buf *sb);
size_t kc_http_shared_buf_len(const struct kc_http_shared_buf *sb);
/* References held right now (for tests). */
unsigned kc_http_shared_buf_refs(const struct kc_http_shared_buf *sb);

/* Like kc_http_reply_chunk() with the bytes of sb, referenced rather than copied. */
int kc_http_reply_chunk_ref(struct kc_http_request *req, struct kc_http_shared_buf *sb);

/*
 * Protocol switch, for WebSocket (websocket.h) or SPDY later.  Sends "101 Switching Protocols"
 * with `upgrade` as the Upgrade header, "Connection: Upgrade" and the headers added with
 * kc_http_reply_header_add(), finishes req, and hands the connection to the caller: its
 * bufferevent (with any bytes the client already sent after the request still in its input),
 * which the caller drives from then on with its own callbacks.  The server still tracks the
 * connection: at kc_http_server_free() it calls on_shutdown(arg), which must call
 * kc_http_upgraded_close().  Returns NULL (req finished, nothing sent) when the client is gone.
 */
struct kc_http_upgraded;
struct kc_http_upgraded *kc_http_upgrade(struct kc_http_request *req, const char *upgrade,
					 void (*on_shutdown)(void *arg), void *arg);
struct bufferevent *kc_http_upgraded_bev(struct kc_http_upgraded *up);
/* Frees the connection (and its bufferevent).  NULL-safe; returns NULL. */
struct kc_http_upgraded *kc_http_upgraded_close(struct kc_http_upgraded *up);

/* --- a tiny router ------------------------------------------------------------------- */

/*
 * Routes by path as Go's ServeMux: a pattern ending in '/' matches every path below it, other
 * patterns match exactly; the longest match wins.  Routing beyond that (verbs, API groups) is the
 * daemon's business.
 */
struct kc_http_route {
	const char *pattern;
	kc_http_handler_fn handler;
	void *arg;
};

/* The route for req->path in a table ended by { NULL }, or NULL. */
const struct kc_http_route *kc_http_route_match(const struct kc_http_route *routes,
						const char *path);

/*
 * A kc_http_handler_fn: pass the route table as arg.  Dispatches, or answers 404 with the error
 * formatter ("the server could not find the requested resource", as upstream's NotFound).
 */
void kc_http_router_handler(struct kc_http_request *req, void *routes);

/* --- helpers ------------------------------------------------------------------------- */

/* Percent-decodes src[0..len) into a malloc()ed string; '+' becomes ' ' when plus_is_space.
 * NULL on a bad escape or out of memory (errno EINVAL / ENOMEM). */
char *kc_http_unescape(const char *src, size_t len, int plus_is_space);

/* The reason phrase of an HTTP status ("Not Found"); "Unknown" when unknown. */
const char *kc_http_status_text(int status);

/*
 * The default error body: a metav1 Status JSON ({"kind":"Status","apiVersion":"v1",...,"code":N}
 * and a newline) appended to out; reason from the status (omitted when metav1 has none).
 * Returns the content type "application/json".
 */
const char *kc_http_format_status(void *arg, int status, const char *message,
				  struct kc_strbuf *out);

#endif
