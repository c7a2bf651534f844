/*
 * check_websocket.c - the WebSocket upgrade on kc_http_server against an independent client
 * written here (RFC 6455 framing by hand, masked as a client must): handshake and subprotocol
 * negotiation as upstream's wsstream, echo, ping/pong, both close handshakes, fragments, limits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/websocket.h"
#include "test/unit/testutil/http_testutil.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

static struct event_base *base;
static struct kc_http_server *srv;
static int port;
static struct {
	int opened, closed, close_code, messages;
	char protocol[64];
	int send_after_close;
} seen;

/* --- server side ---------------------------------------------------------------------- */

static void
on_message(struct kc_ws *ws, void *arg, enum kc_ws_opcode op, const uint8_t *data, size_t len)
{
	seen.messages++;
	if (op == KC_WS_TEXT && len == 3 && memcmp(data, "bye", 3) == 0)
		kc_ws_close(ws, KC_WS_CLOSE_NORMAL, "done");
	else if (op == KC_WS_TEXT && len == 7 && memcmp(data, "ping-me", 7) == 0)
		kc_ws_ping(ws, "srv", 3);
	else if (op == KC_WS_TEXT && len == 4 && memcmp(data, "chan", 4) == 0)
		kc_ws_send_channel(ws, 1, "out", 3);
	else
		kc_ws_send(ws, op, data, len);
}

static void
on_close(struct kc_ws *ws, void *arg, int code)
{
	seen.closed++;
	seen.close_code = code;
	seen.send_after_close = kc_ws_send(ws, KC_WS_TEXT, "x", 1);
}

static const struct kc_ws_ops ops = { on_message, on_close };
static const char *const protocols[] = { KC_WS_PROTO_V5_CHANNEL, KC_WS_PROTO_V4_CHANNEL, NULL };

static void
h_ws(struct kc_http_request *req, void *arg)
{
	const struct kc_ws_opts *o = arg;
	struct kc_ws *ws = kc_http_upgrade_websocket(req, o, &ops, NULL);

	if (ws != NULL) {
		seen.opened++;
		snprintf(seen.protocol, sizeof(seen.protocol), "%s", kc_ws_protocol(ws));
	}
}

static const struct kc_ws_opts opts_channels = { .protocols = protocols };
static const struct kc_ws_opts opts_none = { 0 };
static const struct kc_ws_opts opts_small = { .protocols = protocols, .max_message_bytes = 16 };

static const struct kc_http_route routes[] = {
	{ "/ws", h_ws, (void *)&opts_channels },
	{ "/ws-noproto", h_ws, (void *)&opts_none },
	{ "/ws-small", h_ws, (void *)&opts_small },
	{ NULL },
};

static void
setup(void)
{
	struct kc_http_server_opts o = { .handler = kc_http_router_handler,
					 .handler_arg = (void *)routes };

	memset(&seen, 0, sizeof(seen));
	base = event_base_new();
	srv = kc_http_server_new(base, &o);
	port = http_test_listen(srv);
}

static void
teardown(void)
{
	srv = kc_http_server_free(srv);
	event_base_free(base);
}

/* --- a small client ------------------------------------------------------------------- */

struct frame {
	int fin, opcode;
	unsigned char data[1024];
	size_t len;
};

static int
ws_send_frame(struct http_test_conn *c, int fin, int opcode, const void *data, size_t len,
	      int masked)
{
	unsigned char buf[1100], mask[4] = { 0x11, 0x22, 0x33, 0x44 };
	size_t n = 0, i;

	buf[n++] = (unsigned char)((fin ? 0x80 : 0) | opcode);
	if (len < 126) {
		buf[n++] = (unsigned char)((masked ? 0x80 : 0) | len);
	} else {
		buf[n++] = (unsigned char)((masked ? 0x80 : 0) | 126);
		buf[n++] = (unsigned char)(len >> 8);
		buf[n++] = (unsigned char)len;
	}
	if (masked) {
		memcpy(buf + n, mask, 4);
		n += 4;
	}
	for (i = 0; i < len; i++)
		buf[n + i] = ((const unsigned char *)data)[i] ^ (masked ? mask[i % 4] : 0);
	return http_test_send(c, buf, n + len);
}

static int
ws_send(struct http_test_conn *c, int opcode, const char *s)
{
	return ws_send_frame(c, 1, opcode, s, strlen(s), 1);
}

static int
ws_send_close(struct http_test_conn *c, int code)
{
	unsigned char b[2] = { (unsigned char)(code >> 8), (unsigned char)code };

	return ws_send_frame(c, 1, 0x8, b, 2, 1);
}

static int
need(struct http_test_conn *c, size_t n)
{
	while (c->len < n)
		if (http_test_fill(c) <= 0)
			return -1;
	return 0;
}

/* Reads one (unmasked, server) frame. */
static int
ws_recv(struct http_test_conn *c, struct frame *f)
{
	size_t len, hdr = 2;

	if (need(c, 2) < 0)
		return -1;
	f->fin = (c->buf[0] & 0x80) != 0;
	f->opcode = c->buf[0] & 0x0f;
	len = (unsigned char)c->buf[1] & 0x7f;
	if (len == 126) {
		if (need(c, 4) < 0)
			return -1;
		len = ((size_t)(unsigned char)c->buf[2] << 8) | (unsigned char)c->buf[3];
		hdr = 4;
	}
	if (len > sizeof(f->data) || need(c, hdr + len) < 0)
		return -1;
	memcpy(f->data, c->buf + hdr, len);
	f->len = len;
	memmove(c->buf, c->buf + hdr + len, c->len - hdr - len);
	c->len -= hdr + len;
	return 0;
}

static int
close_code(const struct frame *f)
{
	return f->len >= 2 ? (f->data[0] << 8) | f->data[1] : -1;
}

struct ws_job {
	const char *path;
	const char *extra; /* extra request headers */
	const char *after; /* bytes sent right behind the request */
	struct http_test_conn c;
	struct http_test_resp resp;
	int rc;
	struct frame f[4];
	int nf;
	int frc[4];
};

static void
ws_open(struct ws_job *j)
{
	char req[1024];

	http_test_resp_init(&j->resp);
	snprintf(req, sizeof(req),
		 "GET %s HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
		 "%s\r\n",
		 j->path ? j->path : "/ws", j->extra ? j->extra : "");
	j->rc = -1;
	if (http_test_connect(&j->c, port) < 0)
		return;
	http_test_sends(&j->c, req);
	if (j->after != NULL)
		http_test_send(&j->c, j->after, strlen(j->after));
	j->rc = http_test_read_response(&j->c, &j->resp, NULL);
}

static void
handshake_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	http_test_close(&j->c);
}

static void
release(struct ws_job *j)
{
	http_test_resp_release(&j->resp);
}

/* --- tests ---------------------------------------------------------------------------- */

START_TEST(test_accept_key)
{
	char out[29];

	kc_ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==", out); /* RFC 6455 section 1.3 */
	ck_assert_str_eq(out, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}
END_TEST

START_TEST(test_upgrade_negotiates)
{
	/* upstream walks the client's list in order: the first one we support wins */
	struct ws_job j = { .extra = "Sec-WebSocket-Protocol: base64.channel.k8s.io, "
				     "v4.channel.k8s.io, v5.channel.k8s.io\r\n" };

	ck_assert_int_eq(http_test_run(base, handshake_client, &j, 8000), 0);
	ck_assert_int_eq(j.rc, 0);
	ck_assert_int_eq(j.resp.status, 101);
	ck_assert_str_eq(http_test_resp_header(&j.resp, "upgrade"), "websocket");
	ck_assert_str_eq(http_test_resp_header(&j.resp, "connection"), "Upgrade");
	ck_assert_str_eq(http_test_resp_header(&j.resp, "sec-websocket-accept"),
			 "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	ck_assert_str_eq(http_test_resp_header(&j.resp, "sec-websocket-protocol"),
			 "v4.channel.k8s.io");
	ck_assert_str_eq(seen.protocol, "v4.channel.k8s.io");
	kc_test_run_for(base, 100);
	ck_assert_int_eq(seen.closed, 1);
	ck_assert_int_eq(seen.close_code, KC_WS_CLOSE_ABNORMAL);
	ck_assert_int_eq(seen.send_after_close, KC_ERR_IO);
	release(&j);
}
END_TEST

START_TEST(test_upgrade_v5)
{
	struct ws_job j = { .extra = "Sec-WebSocket-Protocol: v5.channel.k8s.io\r\n" };

	ck_assert_int_eq(http_test_run(base, handshake_client, &j, 8000), 0);
	ck_assert_int_eq(j.resp.status, 101);
	ck_assert_str_eq(http_test_resp_header(&j.resp, "sec-websocket-protocol"),
			 "v5.channel.k8s.io");
	release(&j);
}
END_TEST

START_TEST(test_upgrade_no_common_protocol)
{
	struct ws_job j = { .extra = "Sec-WebSocket-Protocol: SPDY/3.1+portforward.k8s.io\r\n" };

	ck_assert_int_eq(http_test_run(base, handshake_client, &j, 8000), 0);
	ck_assert_int_eq(j.resp.status, 403);
	ck_assert_ptr_nonnull(strstr(j.resp.body.buf, "requested protocol(s) are not supported"));
	ck_assert_int_eq(seen.opened, 0);
	release(&j);
}
END_TEST

START_TEST(test_upgrade_client_offers_none)
{
	struct ws_job j = { 0 };

	ck_assert_int_eq(http_test_run(base, handshake_client, &j, 8000), 0);
	ck_assert_int_eq(j.resp.status, 403); /* "" is not among ours */
	release(&j);
	j = (struct ws_job){ .path = "/ws-noproto" };
	ck_assert_int_eq(http_test_run(base, handshake_client, &j, 8000), 0);
	ck_assert_int_eq(j.resp.status, 101);
	ck_assert_ptr_null(http_test_resp_header(&j.resp, "sec-websocket-protocol"));
	ck_assert_str_eq(seen.protocol, "");
	release(&j);
}
END_TEST

static const struct {
	const char *request;
	int status;
} bad_handshakes[] = {
	{ "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	  "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n",
	  400 },
	{ "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	  "Sec-WebSocket-Key: a2V5\r\nSec-WebSocket-Version: 8\r\n\r\n",
	  400 },
	{ "POST /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
	  "Sec-WebSocket-Key: a2V5\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n",
	  405 },
	{ "GET /ws HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Key: a2V5\r\n"
	  "Sec-WebSocket-Version: 13\r\n\r\n",
	  400 },
	{ "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: keep-alive, Upgrade\r\n"
	  "Sec-WebSocket-Key: a2V5\r\nSec-WebSocket-Version: 13\r\n\r\n",
	  400 },
};

static struct http_test_resp bad_resp;
static int bad_rc;

static void
bad_client(void *arg)
{
	struct http_test_conn c;

	http_test_resp_init(&bad_resp);
	http_test_connect(&c, port);
	http_test_sends(&c, arg);
	bad_rc = http_test_read_response(&c, &bad_resp, NULL);
	http_test_close(&c);
}

START_TEST(test_bad_handshake)
{
	ck_assert_int_eq(http_test_run(base, bad_client, (void *)bad_handshakes[_i].request, 8000),
			 0);
	ck_assert_int_eq(bad_rc, 0);
	ck_assert_int_eq(bad_resp.status, bad_handshakes[_i].status);
	if (bad_handshakes[_i].status == 400)
		ck_assert_str_eq(http_test_resp_header(&bad_resp, "sec-websocket-version"), "13");
	ck_assert_int_eq(seen.opened, 0);
	http_test_resp_release(&bad_resp);
}
END_TEST

#define V4 "Sec-WebSocket-Protocol: v4.channel.k8s.io\r\n"

static void
echo_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send(&j->c, 0x1, "hello");
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
	ws_send_frame(&j->c, 1, 0x2, "\x00\x01\x02", 3, 1);
	j->frc[1] = ws_recv(&j->c, &j->f[1]);
	ws_send_close(&j->c, 1000);
	j->frc[2] = ws_recv(&j->c, &j->f[2]);
	j->frc[3] = http_test_wait_eof(&j->c, 2000);
	http_test_close(&j->c);
}

START_TEST(test_echo_and_client_close)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, echo_client, &j, 8000), 0);
	ck_assert_int_eq(j.resp.status, 101);
	ck_assert_int_eq(j.frc[0], 0);
	ck_assert_int_eq(j.f[0].opcode, 0x1);
	ck_assert_int_eq(j.f[0].fin, 1);
	ck_assert_uint_eq(j.f[0].len, 5);
	ck_assert_int_eq(memcmp(j.f[0].data, "hello", 5), 0);
	ck_assert_int_eq(j.frc[1], 0);
	ck_assert_int_eq(j.f[1].opcode, 0x2);
	ck_assert_uint_eq(j.f[1].len, 3);
	ck_assert_int_eq(memcmp(j.f[1].data, "\x00\x01\x02", 3), 0);
	ck_assert_int_eq(j.frc[2], 0);
	ck_assert_int_eq(j.f[2].opcode, 0x8); /* the close reply */
	ck_assert_int_eq(close_code(&j.f[2]), 1000);
	ck_assert_int_eq(j.frc[3], 1); /* then the server closes the connection */
	kc_test_run_for(base, 50);
	ck_assert_int_eq(seen.closed, 1);
	ck_assert_int_eq(seen.close_code, 1000);
	ck_assert_int_eq(seen.messages, 2);
	ck_assert_uint_eq(kc_http_server_connections(srv), 0);
	release(&j);
}
END_TEST

static void
close_and_drop_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send(&j->c, 0x1, "x");
	ws_send_close(&j->c, 4000);
	http_test_close(&j->c); /* gone before the server's close reply */
	usleep(100000);
}

START_TEST(test_client_close_and_drop)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, close_and_drop_client, &j, 8000), 0);
	kc_test_run_for(base, 50);
	ck_assert_int_eq(seen.closed, 1);
	ck_assert_int_eq(seen.close_code, 4000);
	ck_assert_uint_eq(kc_http_server_connections(srv), 0);
	release(&j);
}
END_TEST

static void
server_close_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send(&j->c, 0x1, "bye");
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
	ws_send_close(&j->c, close_code(&j->f[0]));
	j->frc[1] = http_test_wait_eof(&j->c, 2000);
	http_test_close(&j->c);
}

START_TEST(test_server_close)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, server_close_client, &j, 8000), 0);
	ck_assert_int_eq(j.frc[0], 0);
	ck_assert_int_eq(j.f[0].opcode, 0x8);
	ck_assert_int_eq(close_code(&j.f[0]), 1000);
	ck_assert_uint_eq(j.f[0].len, 6);
	ck_assert_int_eq(memcmp(j.f[0].data + 2, "done", 4), 0);
	ck_assert_int_eq(j.frc[1], 1);
	kc_test_run_for(base, 50);
	ck_assert_int_eq(seen.closed, 1);
	ck_assert_int_eq(seen.close_code, 1000);
	release(&j);
}
END_TEST

static void
ping_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send_frame(&j->c, 1, 0x9, "abc", 3, 1);
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
	ws_send(&j->c, 0x1, "ping-me");
	j->frc[1] = ws_recv(&j->c, &j->f[1]);
	ws_send(&j->c, 0x1, "chan");
	j->frc[2] = ws_recv(&j->c, &j->f[2]);
	http_test_close(&j->c);
}

START_TEST(test_ping_pong_channel)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, ping_client, &j, 8000), 0);
	ck_assert_int_eq(j.frc[0], 0);
	ck_assert_int_eq(j.f[0].opcode, 0xA); /* pong with our payload */
	ck_assert_uint_eq(j.f[0].len, 3);
	ck_assert_int_eq(memcmp(j.f[0].data, "abc", 3), 0);
	ck_assert_int_eq(j.frc[1], 0);
	ck_assert_int_eq(j.f[1].opcode, 0x9); /* the server's ping */
	ck_assert_int_eq(memcmp(j.f[1].data, "srv", 3), 0);
	ck_assert_int_eq(j.frc[2], 0);
	ck_assert_int_eq(j.f[2].opcode, 0x2);
	ck_assert_uint_eq(j.f[2].len, 4);
	ck_assert_int_eq(memcmp(j.f[2].data, "\x01out", 4), 0);
	release(&j);
}
END_TEST

static void
eager_client(void *arg)
{
	struct ws_job *j = arg;
	static const char frame[] = { (char)0x81, (char)0x82, 1, 1, 1, 1, 'i', 'h', 0 };

	j->after = frame; /* a masked "hi" in the same write as the request */
	ws_open(j);
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
	http_test_close(&j->c);
}

START_TEST(test_frames_behind_handshake)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, eager_client, &j, 8000), 0);
	ck_assert_int_eq(j.resp.status, 101);
	ck_assert_int_eq(j.frc[0], 0);
	ck_assert_uint_eq(j.f[0].len, 2);
	ck_assert_int_eq(memcmp(j.f[0].data, "hi", 2), 0);
	release(&j);
}
END_TEST

static void
fragments_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send_frame(&j->c, 0, 0x1, "hel", 3, 1);
	ws_send_frame(&j->c, 1, 0x9, "p", 1, 1); /* a control frame between fragments */
	ws_send_frame(&j->c, 1, 0x0, "lo", 2, 1);
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
	j->frc[1] = ws_recv(&j->c, &j->f[1]);
	http_test_close(&j->c);
}

START_TEST(test_fragments_joined)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, fragments_client, &j, 8000), 0);
	ck_assert_int_eq(j.f[0].opcode, 0xA);
	ck_assert_int_eq(j.frc[1], 0);
	ck_assert_int_eq(j.f[1].opcode, 0x1);
	ck_assert_uint_eq(j.f[1].len, 5);
	ck_assert_int_eq(memcmp(j.f[1].data, "hello", 5), 0);
	ck_assert_int_eq(seen.messages, 1);
	release(&j);
}
END_TEST

static void
too_big_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send(&j->c, 0x1, "this message is longer than sixteen bytes");
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
	ws_send_close(&j->c, 1000);
	j->frc[1] = http_test_wait_eof(&j->c, 2000);
	http_test_close(&j->c);
}

/*
 * The server answered the client's first frame with a Close frame carrying code and never handed
 * a message to the handler, which then saw the connection close.
 */
static void
assert_refused(const struct ws_job *j, int code)
{
	ck_assert_int_eq(j->frc[0], 0);
	ck_assert_int_eq(j->f[0].opcode, 0x8);
	ck_assert_int_eq(close_code(&j->f[0]), code);
	ck_assert_int_eq(seen.messages, 0);
	kc_test_run_for(base, 50);
	ck_assert_int_eq(seen.closed, 1);
}

START_TEST(test_message_too_big)
{
	struct ws_job j = { .path = "/ws-small", .extra = V4 };

	ck_assert_int_eq(http_test_run(base, too_big_client, &j, 8000), 0);
	assert_refused(&j, 1009);
	release(&j);
}
END_TEST

static void
unmasked_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send_frame(&j->c, 1, 0x1, "raw", 3, 0); /* clients must mask */
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
	j->frc[1] = http_test_wait_eof(&j->c, 6000);
	http_test_close(&j->c);
}

START_TEST(test_unmasked_frame)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, unmasked_client, &j, 10000), 0);
	assert_refused(&j, 1002);
	release(&j);
}
END_TEST

static void
open_only_client(void *arg)
{
	struct ws_job *j = arg;

	ws_open(j);
	ws_send(&j->c, 0x1, "x");
	j->frc[0] = ws_recv(&j->c, &j->f[0]);
}

START_TEST(test_server_shutdown)
{
	struct ws_job j = { .extra = V4 };

	ck_assert_int_eq(http_test_run(base, open_only_client, &j, 8000), 0);
	ck_assert_int_eq(j.frc[0], 0);
	ck_assert_int_eq(seen.opened, 1);
	ck_assert_uint_eq(kc_http_server_connections(srv), 1);
	srv = kc_http_server_free(srv);
	ck_assert_int_eq(seen.closed, 1);
	ck_assert_int_eq(seen.close_code, KC_WS_CLOSE_GOING_AWAY);
	kc_test_run_for(base, 20); /* libevent finalizes freed bufferevents on the loop */
	ck_assert_int_eq(http_test_wait_eof(&j.c, 2000), 1);
	http_test_close(&j.c);
	release(&j);
}
END_TEST

static Suite *
websocket_suite(void)
{
	Suite *s = suite_create("websocket");
	TCase *tc = tcase_create("websocket");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_accept_key);
	tcase_add_test(tc, test_upgrade_negotiates);
	tcase_add_test(tc, test_upgrade_v5);
	tcase_add_test(tc, test_upgrade_no_common_protocol);
	tcase_add_test(tc, test_upgrade_client_offers_none);
	tcase_add_loop_test(tc, test_bad_handshake, 0,
			    (int)(sizeof(bad_handshakes) / sizeof(bad_handshakes[0])));
	tcase_add_test(tc, test_echo_and_client_close);
	tcase_add_test(tc, test_server_close);
	tcase_add_test(tc, test_client_close_and_drop);
	tcase_add_test(tc, test_ping_pong_channel);
	tcase_add_test(tc, test_frames_behind_handshake);
	tcase_add_test(tc, test_fragments_joined);
	tcase_add_test(tc, test_message_too_big);
	tcase_add_test(tc, test_unmasked_frame);
	tcase_add_test(tc, test_server_shutdown);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(websocket_suite)
