/*
 * websocket.h - server-side WebSocket (RFC 6455) on an HTTP server connection, for kubectl exec,
 * attach and port-forward (upstream: k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go,
 * golang.org/x/net/websocket's server handshake).  Framing is wslay's; the k8s channel protocols
 * (one leading byte per message naming the stream) are the caller's, helped by
 * kc_ws_send_channel().
 *
 * Everything runs on the server's loop thread.  A kc_ws lives from a successful
 * kc_http_upgrade_websocket() until its on_close callback returns; it is freed right after, so
 * the caller must forget it there.  Sends and closes are safe inside on_message.
 */
#ifndef KC_WEBSOCKET_H
#define KC_WEBSOCKET_H

#include <stddef.h>
#include <stdint.h>

struct kc_http_request;
struct kc_ws;

/* Subprotocols kubectl offers (exec/attach: v5..v1; port-forward: portforward.k8s.io). */
#define KC_WS_PROTO_V5_CHANNEL     "v5.channel.k8s.io"
#define KC_WS_PROTO_V4_CHANNEL     "v4.channel.k8s.io"
#define KC_WS_PROTO_V4_BASE64      "v4.base64.channel.k8s.io"
#define KC_WS_PROTO_CHANNEL        "channel.k8s.io"
#define KC_WS_PROTO_BASE64_CHANNEL "base64.channel.k8s.io"
#define KC_WS_PROTO_PORTFORWARD    "portforward.k8s.io"
#define KC_WS_PROTO_V2_PORTFORWARD "v2.portforward.k8s.io"

enum kc_ws_opcode {
	KC_WS_TEXT = 1,
	KC_WS_BINARY = 2,
};

/* Close codes (RFC 6455 section 7.4.1) used here. */
#define KC_WS_CLOSE_NORMAL       1000
#define KC_WS_CLOSE_GOING_AWAY   1001
#define KC_WS_CLOSE_PROTOCOL     1002
#define KC_WS_CLOSE_NO_STATUS    1005
#define KC_WS_CLOSE_ABNORMAL     1006
#define KC_WS_CLOSE_TOO_BIG      1009
#define KC_WS_CLOSE_INTERNAL_ERR 1011

struct kc_ws_ops {
	/* A whole message (text or binary; fragments are joined). */
	void (*on_message)(struct kc_ws *ws, void *arg, enum kc_ws_opcode opcode,
			   const uint8_t *data, size_t len);
	/*
	 * Once, at the end: the peer's close code (KC_WS_CLOSE_NO_STATUS when its close frame had
	 * none), KC_WS_CLOSE_ABNORMAL when the connection dropped without a close frame, or
	 * KC_WS_CLOSE_GOING_AWAY when the server shut down.  ws is freed when this returns.
	 */
	void (*on_close)(struct kc_ws *ws, void *arg, int code);
};

struct kc_ws_opts {
	const char *const *protocols; /* offered by us, NULL-terminated; NULL: no subprotocol */
	size_t max_message_bytes;     /* larger incoming messages close with 1009; 0: 32 MiB */
	int close_timeout_ms;         /* wait for the peer's close reply; 0: 5 s */
};

/*
 * Answers the WebSocket handshake on req: checks GET (405), "Upgrade: websocket",
 * "Connection: upgrade", a Sec-WebSocket-Key and Sec-WebSocket-Version 13 (400), picks the first
 * protocol the client listed that we offer (403 when none, as upstream's wsstream; a client
 * offering none is accepted only when opts->protocols is NULL or lists ""), and sends 101 with
 * Sec-WebSocket-Accept and Sec-WebSocket-Protocol.  req is finished either way.  Returns the
 * WebSocket, or NULL when the handshake was refused (the error went out) or the client is gone.
 */
struct kc_ws *kc_http_upgrade_websocket(struct kc_http_request *req, const struct kc_ws_opts *opts,
					const struct kc_ws_ops *ops, void *arg);

/* The subprotocol chosen ("" when none).  Borrowed. */
const char *kc_ws_protocol(const struct kc_ws *ws);

/* Queues a message; 0, KC_ERR_IO once closing, KC_ERR_NOMEM. */
int kc_ws_send(struct kc_ws *ws, enum kc_ws_opcode opcode, const void *data, size_t len);
/* A binary message of `channel` then data (the k8s channel protocols). */
int kc_ws_send_channel(struct kc_ws *ws, uint8_t channel, const void *data, size_t len);
int kc_ws_ping(struct kc_ws *ws, const void *data, size_t len);

/* Starts the close handshake; on_close follows when the peer answers (or after the timeout). */
int kc_ws_close(struct kc_ws *ws, int code, const char *reason);

/* Bytes queued for the peer and not yet sent. */
size_t kc_ws_output_pending(const struct kc_ws *ws);

/* Computes Sec-WebSocket-Accept for a key into out (>= 29 bytes). */
void kc_ws_accept_key(const char *key, char out[29]);

#endif
