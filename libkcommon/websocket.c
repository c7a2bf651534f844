/*
 * websocket.c - WebSocket handshake and wslay framing on an upgraded HTTP connection (upstream:
 * k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go and golang.org/x/net/websocket's
 * hybi server handshake).
 *
 * wslay reads from the bufferevent's input and writes to its output through two callbacks that
 * never block; the bufferevent does the socket (or TLS) work.  The WebSocket ends when both
 * directions are done (close frames exchanged), the peer drops, or the close timer fires; then
 * on_close runs once and everything is freed, deferred when we are inside a wslay callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <wslay/wslay.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/websocket.h"

#define WS_GUID                   "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
#define DEFAULT_MAX_MESSAGE_BYTES (32u * 1024 * 1024)
#define DEFAULT_CLOSE_TIMEOUT_MS  5000

struct kc_ws {
	struct kc_http_upgraded *up;
	struct bufferevent *bev;
	wslay_event_context_ptr ctx;
	const struct kc_ws_ops *ops;
	void *arg;
	char *protocol;
	struct event *timer; /* close handshake timeout */
	struct event *kick;  /* deferred processing */
	int close_timeout_ms;
	int end_code; /* set when finishing */
	unsigned in_cb : 1, finishing : 1, finished : 1;
};

void
kc_ws_accept_key(const char *key, char out[29])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	out[0] = '\0';
	if (c == NULL)
		return;
	if (EVP_DigestInit_ex(c, EVP_sha1(), NULL) == 1 &&
	    EVP_DigestUpdate(c, key, strlen(key)) == 1 &&
	    EVP_DigestUpdate(c, WS_GUID, sizeof(WS_GUID) - 1) == 1 &&
	    EVP_DigestFinal_ex(c, md, &mdlen) == 1 && mdlen == 20)
		EVP_EncodeBlock((unsigned char *)out, md, 20);
	EVP_MD_CTX_free(c);
}

/* Whether a comma-separated header value lists token (case-insensitive). */
static int
header_has_token(const char *value, const char *token)
{
	size_t tlen = strlen(token);
	const char *p = value;

	while (p != NULL && *p != '\0') {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, ",");
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == tlen && strncasecmp(p, token, tlen) == 0)
			return 1;
		p = strchr(p, ',');
	}
	return 0;
}

/*
 * Upstream's handshake: walk the client's protocols in its order, take the first one we offer.
 * No client protocol counts as "".  Returns 0 and *ret (borrowed from `offered` or ""), or -1.
 */
static int
choose_protocol(const char *client, const char *const *offered, const char **ret)
{
	char buf[1024];
	char *save = NULL, *tok;
	size_t i;

	*ret = "";
	if (offered == NULL)
		return 0;
	if (client == NULL || client[strspn(client, " \t,")] == '\0') {
		for (i = 0; offered[i] != NULL; i++)
			if (offered[i][0] == '\0')
				return 0;
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", client);
	for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		size_t len;

		tok += strspn(tok, " \t");
		len = strlen(tok);
		while (len > 0 && (tok[len - 1] == ' ' || tok[len - 1] == '\t'))
			tok[--len] = '\0';
		for (i = 0; offered[i] != NULL; i++) {
			if (strcmp(offered[i], tok) == 0) {
				*ret = offered[i];
				return 0;
			}
		}
	}
	return -1;
}

static void
refuse(struct kc_http_request *req, int status, const char *message)
{
	if (status == 400)
		kc_http_reply_header_add(req, "Sec-WebSocket-Version", "13");
	kc_http_reply_error(req, status, message);
}

/* --- running ---------------------------------------------------------------------- */

static int ws_process(struct kc_ws *ws);

static void
ws_free(struct kc_ws *ws)
{
	wslay_event_context_free(ws->ctx);
	if (ws->timer != NULL)
		event_free(ws->timer);
	if (ws->kick != NULL)
		event_free(ws->kick);
	kc_http_upgraded_close(ws->up);
	free(ws->protocol);
	free(ws);
}

/*
 * Ends the WebSocket: on_close once, then free.  Deferred while inside a wslay callback.
 * Returns 1 when ws is gone (the caller must not touch it), 0 when deferred.
 */
static int
ws_finish(struct kc_ws *ws, int code)
{
	if (!ws->finishing) {
		ws->finishing = 1;
		ws->end_code = code;
	}
	if (ws->in_cb) {
		event_active(ws->kick, EV_TIMEOUT, 1);
		return 0;
	}
	ws->finished = 1;
	bufferevent_disable(ws->bev, EV_READ | EV_WRITE);
	if (ws->ops->on_close != NULL)
		ws->ops->on_close(ws, ws->arg, ws->end_code);
	ws_free(ws);
	return 1;
}

static int
received_code(struct kc_ws *ws)
{
	uint16_t code;

	if (!wslay_event_get_close_received(ws->ctx))
		return KC_WS_CLOSE_ABNORMAL;
	code = wslay_event_get_status_code_received(ws->ctx);
	return code == 0 ? KC_WS_CLOSE_NO_STATUS : code;
}

static ssize_t
recv_cb(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, int flags, void *user)
{
	struct kc_ws *ws = user;
	int n = evbuffer_remove(bufferevent_get_input(ws->bev), buf, len);

	if (n <= 0) {
		wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
		return -1;
	}
	return n;
}

static ssize_t
send_cb(wslay_event_context_ptr ctx, const uint8_t *data, size_t len, int flags, void *user)
{
	struct kc_ws *ws = user;

	if (evbuffer_add(bufferevent_get_output(ws->bev), data, len) < 0) {
		wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
		return -1;
	}
	return (ssize_t)len;
}

static int
genmask_cb(wslay_event_context_ptr ctx, uint8_t *buf, size_t len, void *user)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -1;
}

static void
on_msg_cb(wslay_event_context_ptr ctx, const struct wslay_event_on_msg_recv_arg *m, void *user)
{
	struct kc_ws *ws = user;

	if ((m->opcode == WSLAY_TEXT_FRAME || m->opcode == WSLAY_BINARY_FRAME) &&
	    ws->ops->on_message != NULL && !ws->finishing)
		ws->ops->on_message(ws, ws->arg,
				    m->opcode == WSLAY_TEXT_FRAME ? KC_WS_TEXT : KC_WS_BINARY,
				    m->msg, m->msg_length);
	else if (m->opcode == WSLAY_CONNECTION_CLOSE && ws->timer != NULL)
		event_add(ws->timer, &(struct timeval){ ws->close_timeout_ms / 1000,
							(ws->close_timeout_ms % 1000) * 1000 });
}

/*
 * Runs wslay over what is buffered, flushes what it queued, and ends when both sides are done.
 * Returns 1 when ws is gone.
 */
static int
ws_process(struct kc_ws *ws)
{
	int rc;

	if (ws->finishing)
		return ws_finish(ws, ws->end_code);
	ws->in_cb = 1;
	rc = wslay_event_recv(ws->ctx);
	if (rc == 0)
		rc = wslay_event_send(ws->ctx);
	ws->in_cb = 0;
	if (rc != 0) {
		kc_v(4, "websocket: wslay error %d", rc);
		return ws_finish(ws, rc == WSLAY_ERR_PROTO ? KC_WS_CLOSE_PROTOCOL
							   : KC_WS_CLOSE_ABNORMAL);
	}
	if (ws->finishing)
		return ws_finish(ws, ws->end_code);
	if (!wslay_event_want_read(ws->ctx) && !wslay_event_want_write(ws->ctx) &&
	    evbuffer_get_length(bufferevent_get_output(ws->bev)) == 0)
		return ws_finish(ws, received_code(ws));
	return 0;
}

static void
ws_read_cb(struct bufferevent *bev, void *arg)
{
	ws_process(arg);
}

static void
ws_write_cb(struct bufferevent *bev, void *arg)
{
	ws_process(arg); /* output drained: maybe the close handshake is complete */
}

static void
ws_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct kc_ws *ws = arg;

	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)))
		return;
	/* a close frame may sit in the input still */
	if ((what & BEV_EVENT_EOF) && ws_process(ws))
		return;
	ws_finish(ws, ws->finishing ? ws->end_code : received_code(ws));
}

static void
ws_kick_cb(evutil_socket_t fd, short what, void *arg)
{
	ws_process(arg);
}

static void
ws_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_ws *ws = arg;

	ws_finish(ws, received_code(ws));
}

static void
ws_on_shutdown(void *arg)
{
	struct kc_ws *ws = arg;

	ws->in_cb = 0;
	ws->finishing = 0;
	ws_finish(ws, KC_WS_CLOSE_GOING_AWAY);
}

static void
ws_kick(struct kc_ws *ws)
{
	if (ws->in_cb)
		return; /* ws_process flushes after the callback */
	event_active(ws->kick, EV_TIMEOUT, 1);
}

static struct kc_ws *
ws_new(const struct kc_ws_opts *opts, const struct kc_ws_ops *ops, void *arg, const char *protocol)
{
	static const struct wslay_event_callbacks cbs = {
		.recv_callback = recv_cb,
		.send_callback = send_cb,
		.genmask_callback = genmask_cb,
		.on_msg_recv_callback = on_msg_cb,
	};
	struct kc_ws *ws = calloc(1, sizeof(*ws));

	if (ws == NULL)
		return NULL;
	ws->ops = ops;
	ws->arg = arg;
	ws->close_timeout_ms =
		opts->close_timeout_ms > 0 ? opts->close_timeout_ms : DEFAULT_CLOSE_TIMEOUT_MS;
	ws->protocol = strdup(protocol);
	if (ws->protocol == NULL || wslay_event_context_server_init(&ws->ctx, &cbs, ws) != 0) {
		free(ws->protocol);
		free(ws);
		return NULL;
	}
	wslay_event_config_set_max_recv_msg_length(ws->ctx, opts->max_message_bytes
								    ? opts->max_message_bytes
								    : DEFAULT_MAX_MESSAGE_BYTES);
	return ws;
}

/* Validates the handshake; 0 with the chosen protocol, or the status to refuse with. */
static int
check_handshake(struct kc_http_request *req, const struct kc_ws_opts *opts, const char **proto,
		char *msg, size_t msglen)
{
	const char *upgrade = kc_http_header_get(req, "Upgrade");
	const char *conn = kc_http_header_get(req, "Connection");
	const char *key = kc_http_header_get(req, "Sec-WebSocket-Key");
	const char *version = kc_http_header_get(req, "Sec-WebSocket-Version");
	const char *offered = kc_http_header_get(req, "Sec-WebSocket-Protocol");

	if (strcmp(req->method, "GET") != 0) {
		snprintf(msg, msglen, "websocket: method %s not allowed", req->method);
		return 405;
	}
	if (upgrade == NULL || !header_has_token(upgrade, "websocket") || conn == NULL ||
	    !header_has_token(conn, "upgrade")) {
		snprintf(msg, msglen,
			 "websocket: missing Upgrade: websocket / Connection: upgrade");
		return 400;
	}
	if (version == NULL || strcmp(version, "13") != 0) {
		snprintf(msg, msglen, "websocket: unsupported Sec-WebSocket-Version");
		return 400;
	}
	if (key == NULL || key[0] == '\0') {
		snprintf(msg, msglen, "websocket: missing Sec-WebSocket-Key");
		return 400;
	}
	if (choose_protocol(offered, opts->protocols, proto) < 0) {
		struct kc_strbuf s = KC_STRBUF_INIT;
		size_t i;

		for (i = 0; opts->protocols[i] != NULL; i++)
			kc_strbuf_addf(&s, "%s%s", i ? " " : "", opts->protocols[i]);
		snprintf(msg, msglen,
			 "requested protocol(s) are not supported: [%s]; supports [%s]",
			 offered ? offered : "", s.buf);
		kc_strbuf_release(&s);
		return 403;
	}
	return 0;
}

struct kc_ws *
kc_http_upgrade_websocket(struct kc_http_request *req, const struct kc_ws_opts *opts,
			  const struct kc_ws_ops *ops, void *arg)
{
	static const struct kc_ws_opts no_opts;
	const char *proto = "";
	char msg[512], accept[29];
	struct kc_ws *ws;
	int status;

	if (opts == NULL)
		opts = &no_opts;
	status = check_handshake(req, opts, &proto, msg, sizeof(msg));
	if (status != 0) {
		refuse(req, status, msg);
		return NULL;
	}
	ws = ws_new(opts, ops, arg, proto);
	if (ws == NULL) {
		kc_http_reply_error(req, 500, "websocket: out of memory");
		return NULL;
	}
	kc_ws_accept_key(kc_http_header_get(req, "Sec-WebSocket-Key"), accept);
	kc_http_reply_header_add(req, "Sec-WebSocket-Accept", accept);
	if (proto[0] != '\0')
		kc_http_reply_header_add(req, "Sec-WebSocket-Protocol", proto);
	ws->up = kc_http_upgrade(req, "websocket", ws_on_shutdown, ws);
	if (ws->up == NULL) {
		wslay_event_context_free(ws->ctx);
		free(ws->protocol);
		free(ws);
		return NULL;
	}
	ws->bev = kc_http_upgraded_bev(ws->up);
	ws->timer = evtimer_new(bufferevent_get_base(ws->bev), ws_timer_cb, ws);
	ws->kick = event_new(bufferevent_get_base(ws->bev), -1, 0, ws_kick_cb, ws);
	bufferevent_setcb(ws->bev, ws_read_cb, ws_write_cb, ws_event_cb, ws);
	bufferevent_enable(ws->bev, EV_READ | EV_WRITE);
	if (ws->timer == NULL || ws->kick == NULL) {
		ws_free(ws);
		return NULL;
	}
	/* frames the client sent right behind its request are in the input already */
	if (evbuffer_get_length(bufferevent_get_input(ws->bev)) > 0)
		event_active(ws->kick, EV_TIMEOUT, 1);
	return ws;
}

const char *
kc_ws_protocol(const struct kc_ws *ws)
{
	return ws->protocol;
}

static int
queue(struct kc_ws *ws, uint8_t opcode, const void *data, size_t len)
{
	struct wslay_event_msg m = { .opcode = opcode, .msg = data, .msg_length = len };
	int rc;

	if (ws->finishing || !wslay_event_get_write_enabled(ws->ctx) ||
	    wslay_event_get_close_sent(ws->ctx))
		return KC_ERR_IO;
	rc = wslay_event_queue_msg(ws->ctx, &m);
	if (rc == WSLAY_ERR_NOMEM)
		return KC_ERR_NOMEM;
	if (rc != 0)
		return KC_ERR_INVALID;
	ws_kick(ws);
	return 0;
}

int
kc_ws_send(struct kc_ws *ws, enum kc_ws_opcode opcode, const void *data, size_t len)
{
	if (opcode != KC_WS_TEXT && opcode != KC_WS_BINARY)
		return KC_ERR_INVALID;
	return queue(ws, opcode == KC_WS_TEXT ? WSLAY_TEXT_FRAME : WSLAY_BINARY_FRAME, data, len);
}

int
kc_ws_send_channel(struct kc_ws *ws, uint8_t channel, const void *data, size_t len)
{
	KC_AUTOFREE uint8_t *buf = malloc(len + 1);

	if (buf == NULL)
		return KC_ERR_NOMEM;
	buf[0] = channel;
	if (len > 0)
		memcpy(buf + 1, data, len);
	return queue(ws, WSLAY_BINARY_FRAME, buf, len + 1);
}

int
kc_ws_ping(struct kc_ws *ws, const void *data, size_t len)
{
	if (len > 125)
		return KC_ERR_INVALID;
	return queue(ws, WSLAY_PING, data, len);
}

int
kc_ws_close(struct kc_ws *ws, int code, const char *reason)
{
	size_t rlen = reason ? strlen(reason) : 0;
	int rc;

	if (ws->finishing || wslay_event_get_close_sent(ws->ctx))
		return 0;
	if (rlen > 123)
		rlen = 123;
	rc = wslay_event_queue_close(ws->ctx, (uint16_t)code, (const uint8_t *)reason, rlen);
	if (rc != 0)
		return rc == WSLAY_ERR_NOMEM ? KC_ERR_NOMEM : KC_ERR_INVALID;
	event_add(ws->timer, &(struct timeval){ ws->close_timeout_ms / 1000,
						(ws->close_timeout_ms % 1000) * 1000 });
	ws_kick(ws);
	return 0;
}

size_t
kc_ws_output_pending(const struct kc_ws *ws)
{
	return evbuffer_get_length(bufferevent_get_output(ws->bev)) +
	       wslay_event_get_queued_msg_length(ws->ctx);
}
