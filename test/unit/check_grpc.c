/*
 * check_grpc.c - the gRPC client: frame codec, status rules (grpc-go's), and calls against a
 * real etcd (h2c and TLS with client certificates) and a real containerd (CRI over its unix
 * socket), each started once per test case in a temp dir.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "kube-apiserver/storage/etcd.pb-c.h"
#include "kubelet/cri/api.pb-c.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/grpc.h"
#include "libkcommon/strbuf.h"
#include "test/unit/testutil/containerd_server.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

#define KV_PUT           "/etcdserverpb.KV/Put"
#define KV_RANGE         "/etcdserverpb.KV/Range"
#define KV_TXN           "/etcdserverpb.KV/Txn"
#define KV_DELETE        "/etcdserverpb.KV/DeleteRange"
#define KV_COMPACT       "/etcdserverpb.KV/Compact"
#define WATCH            "/etcdserverpb.Watch/Watch"
#define LEASE_GRANT      "/etcdserverpb.Lease/LeaseGrant"
#define CRI_VERSION      "/runtime.v1.RuntimeService/Version"
#define CRI_STATUS       "/runtime.v1.RuntimeService/Status"
#define CRI_LIST_IMAGES  "/runtime.v1.ImageService/ListImages"
#define CRI_IMAGE_STATUS "/runtime.v1.ImageService/ImageStatus"

/* --- the event loop of one test ----------------------------------------------------------- */

static struct event_base *base;

static void
loop_setup(void)
{
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
}

static void
loop_teardown(void)
{
	/* libevent releases freed bufferevents from the loop: let it turn once more */
	kc_test_base_free(base);
	base = NULL;
}

/* One unary call's outcome. */
struct result {
	int done;
	int calls; /* how many times the callback ran: must be 1 */
	int code;
	int err;
	char *message;
	ProtobufCMessage *resp;
};

static void
on_unary(void *arg, const struct kc_grpc_status *st, ProtobufCMessage *resp)
{
	struct result *r = arg;

	r->done = 1;
	r->calls++;
	r->code = st->code;
	r->err = st->err;
	free(r->message);
	r->message = strdup(st->message);
	r->resp = resp;
}

static void
result_release(struct result *r)
{
	free(r->message);
	if (r->resp != NULL)
		protobuf_c_message_free_unpacked(r->resp, NULL);
	memset(r, 0, sizeof(*r));
}

/* A unary call run to its end; ck_asserts that the callback ran exactly once. */
static void
call(struct kc_grpc_channel *ch, const char *method, const void *req,
     const ProtobufCMessageDescriptor *desc, long timeout_ms, struct result *r)
{
	memset(r, 0, sizeof(*r));
	ck_assert_ptr_nonnull(kc_grpc_unary(ch, method, req, desc, timeout_ms, on_unary, r));
	ck_assert_int_eq(r->done, 0); /* never from inside kc_grpc_unary() */
	kc_test_poll_until(base, &r->done, 1, 20000);
	ck_assert_msg(r->done, "%s: no answer in 20 s", method);
	ck_assert_int_eq(r->calls, 1);
}

static ProtobufCBinaryData
bytes(const char *s)
{
	return (ProtobufCBinaryData){ strlen(s), (uint8_t *)(uintptr_t)s };
}

static int
bytes_eq(ProtobufCBinaryData b, const char *s)
{
	return b.len == strlen(s) && memcmp(b.data, s, b.len) == 0;
}

/* --- servers: one per test case, started by unchecked fixtures in the runner process ------ */

static struct containerd_server *containerd;
static const char *containerd_skip;

/* containerd's CRI plugin finishes starting after containerd says it booted; until then it
 * answers "server is not initialized yet".  Returns whether it answered Version within 10 s. */
static int
cri_wait_ready(const char *endpoint)
{
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	struct kc_grpc_channel *ch = NULL;
	long deadline = kc_test_mono_ms() + 10000;
	int ready = 0;

	base = event_base_new();
	if (base == NULL || kc_grpc_channel_new(base, endpoint, NULL, &ch) < 0)
		abort();
	while (!ready && kc_test_mono_ms() < deadline) {
		struct result r = { 0 };

		if (kc_grpc_unary(ch, CRI_VERSION, &req.base,
				  &runtime__v1__version_response__descriptor, 2000, on_unary,
				  &r) == NULL)
			abort();
		kc_test_poll_until(base, &r.done, 1, 3000);
		ready = r.code == KC_GRPC_OK;
		result_release(&r);
		if (!ready)
			usleep(50000);
	}
	kc_grpc_channel_free(ch);
	loop_teardown();
	return ready;
}

static void
containerd_setup(void)
{
	char dir[4096];

	containerd_skip = containerd_server_skip_reason();
	if (containerd_skip != NULL)
		return;
	snprintf(dir, sizeof(dir), "%s/containerd", kc_test_tmpdir());
	containerd = containerd_server_start(dir);
	if (containerd != NULL && !cri_wait_ready(containerd->endpoint)) {
		fprintf(stderr, "containerd's CRI did not answer Version in 10 s\n");
		containerd = containerd_server_stop(containerd);
	}
}

static void
containerd_teardown(void)
{
	containerd = containerd_server_stop(containerd);
}

#define REQUIRE_ETCD()     ck_assert_msg(etcd_test != NULL, "%s", etcd_server_missing())
#define REQUIRE_ETCD_TLS() ck_assert_msg(etcd_test_tls != NULL, "%s", etcd_server_missing())
/* containerd needs root: without it these tests pass empty, saying so (CI runs as root). */
#define REQUIRE_CONTAINERD()                                                               \
	do {                                                                               \
		if (containerd_skip != NULL) {                                             \
			printf("SKIP %.*s: %s\n", (int)strlen(__func__) - 3, __func__,     \
			       containerd_skip);                                           \
			return;                                                            \
		}                                                                          \
		ck_assert_msg(containerd != NULL, "containerd did not start (see above)"); \
	} while (0)

static struct kc_grpc_channel *
channel(const char *target, const struct kc_grpc_channel_options *opts)
{
	struct kc_grpc_channel *ch = NULL;

	ck_assert_int_eq(kc_grpc_channel_new(base, target, opts, &ch), 0);
	ck_assert_ptr_nonnull(ch);
	return ch;
}

/* etcd Put of key=value; returns the revision it made. */
static int64_t
etcd_put(struct kc_grpc_channel *ch, const char *key, const char *value)
{
	Etcdserverpb__PutRequest req = ETCDSERVERPB__PUT_REQUEST__INIT;
	Etcdserverpb__PutResponse *resp;
	struct result r;
	int64_t rev;

	req.key = bytes(key);
	req.value = bytes(value);
	call(ch, KV_PUT, &req, &etcdserverpb__put_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "put %s: %d %s", key, r.code, r.message);
	resp = (Etcdserverpb__PutResponse *)r.resp;
	ck_assert_ptr_nonnull(resp->header);
	rev = resp->header->revision;
	result_release(&r);
	return rev;
}

/* --- codec: framing ----------------------------------------------------------------------- */

struct frames {
	int n;
	size_t len[8];
	uint8_t data[8][512];
	int stop_after; /* return 7 after this many messages (0: never) */
};

static int
collect(void *arg, const uint8_t *data, size_t len)
{
	struct frames *f = arg;

	ck_assert_ptr_nonnull(data);
	ck_assert_int_lt(f->n, 8);
	ck_assert_uint_le(len, sizeof(f->data[0]));
	f->len[f->n] = len;
	memcpy(f->data[f->n], data, len);
	f->n++;
	return f->stop_after != 0 && f->n == f->stop_after ? 7 : 0;
}

/* Three frames back to back: empty, "hello", and 300 bytes of a pattern. */
static size_t
three_frames(uint8_t *buf)
{
	size_t n = 0, i;

	memcpy(buf + n, "\0\0\0\0\0", 5);
	n += 5;
	memcpy(buf + n, "\0\0\0\0\5hello", 10);
	n += 10;
	memcpy(buf + n, "\0\0\0\x01\x2c", 5);
	n += 5;
	for (i = 0; i < 300; i++)
		buf[n++] = (uint8_t)(i * 7);
	return n;
}

static void
check_three(const struct frames *f)
{
	ck_assert_int_eq(f->n, 3);
	ck_assert_uint_eq(f->len[0], 0);
	ck_assert_uint_eq(f->len[1], 5);
	ck_assert_mem_eq(f->data[1], "hello", 5);
	ck_assert_uint_eq(f->len[2], 300);
	for (size_t i = 0; i < 300; i++)
		ck_assert_uint_eq(f->data[2][i], (uint8_t)(i * 7));
}

START_TEST(test_frame_pack)
{
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__RangeRequest *back;
	uint8_t *frame;
	size_t len;

	/* RUNTIME.md §1: RangeRequest{key="/registry/foo"} is 0a 0d "/registry/foo" */
	req.key = bytes("/registry/foo");
	frame = kc_grpc_frame_pack(&req.base, &len);
	ck_assert_ptr_nonnull(frame);
	ck_assert_uint_eq(len, 5 + 15);
	ck_assert_mem_eq(frame, "\0\0\0\0\x0f\x0a\x0d/registry/foo", 20);
	back = etcdserverpb__range_request__unpack(NULL, len - 5, frame + 5);
	ck_assert_ptr_nonnull(back);
	ck_assert(bytes_eq(back->key, "/registry/foo"));
	etcdserverpb__range_request__free_unpacked(back, NULL);
	free(frame);

	/* an empty message is a bare header */
	{
		Runtime__V1__VersionRequest v = RUNTIME__V1__VERSION_REQUEST__INIT;

		frame = kc_grpc_frame_pack(&v.base, &len);
		ck_assert_uint_eq(len, 5);
		ck_assert_mem_eq(frame, "\0\0\0\0\0", 5);
		free(frame);
	}
}
END_TEST

/* Every split of three frames into two chunks decodes the same three messages. */
START_TEST(test_reader_every_split)
{
	uint8_t buf[512];
	size_t total = three_frames(buf);

	for (size_t split = 0; split <= total; split++) {
		struct kc_grpc_reader rd;
		struct frames f = { 0 };

		kc_grpc_reader_init(&rd, 1024);
		ck_assert_int_eq(kc_grpc_reader_feed(&rd, buf, split, collect, &f), 0);
		ck_assert_int_eq(kc_grpc_reader_feed(&rd, buf + split, total - split, collect, &f),
				 0);
		check_three(&f);
		ck_assert(!kc_grpc_reader_partial(&rd));
		kc_grpc_reader_release(&rd);
	}
}
END_TEST

static const size_t chunk_sizes[] = { 1, 2, 3, 4, 5, 6, 7, 11, 64, 319, 320 };

/* Fed in chunks of N bytes (1 = byte by byte): same messages, partial state in between. */
START_TEST(test_reader_chunks)
{
	uint8_t buf[512];
	size_t total = three_frames(buf), chunk = chunk_sizes[_i];
	struct kc_grpc_reader rd;
	struct frames f = { 0 };

	kc_grpc_reader_init(&rd, 1024);
	for (size_t off = 0; off < total; off += chunk) {
		size_t n = total - off < chunk ? total - off : chunk;

		ck_assert_int_eq(kc_grpc_reader_feed(&rd, buf + off, n, collect, &f), 0);
		if (off + n < total && f.n < 3 && off + n > 20)
			ck_assert(kc_grpc_reader_partial(&rd)); /* inside the 300-byte message */
	}
	check_three(&f);
	kc_grpc_reader_release(&rd);
}
END_TEST

START_TEST(test_reader_oversize)
{
	struct kc_grpc_reader rd;
	struct frames f = { 0 };
	uint8_t buf[64];

	/* "hello" fits and is delivered; the next frame announces 1 MiB + 1 against a 1 MiB max */
	memcpy(buf, "\0\0\0\0\5hello\0\0\x10\0\x01xyz", 18);
	kc_grpc_reader_init(&rd, 1 << 20);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, buf, 18, collect, &f), KC_ERR_TOO_LARGE);
	ck_assert_int_eq(f.n, 1);
	ck_assert_int_eq(rd.code, KC_GRPC_RESOURCE_EXHAUSTED);
	ck_assert_str_eq(rd.error, "grpc: received message larger than max (1048577 vs. 1048576)");
	ck_assert_ptr_null(rd.msg); /* rejected from the header: nothing allocated */
	/* the reader stays failed */
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\0\0\0\0\0", 5, collect, &f), KC_ERR_TOO_LARGE);
	ck_assert_int_eq(f.n, 1);
	kc_grpc_reader_release(&rd);

	/* exactly max is fine, max + 1 is not, even when the length is split across chunks */
	kc_grpc_reader_init(&rd, 5);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\0\0\0\0\5hello", 10, collect, &f), 0);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\0\0\0", 3, collect, &f), 0);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\0\6", 2, collect, &f), KC_ERR_TOO_LARGE);
	ck_assert_int_eq(f.n, 2);
	kc_grpc_reader_release(&rd);

	/* a 4 GiB - 1 announcement against the default max */
	kc_grpc_reader_init(&rd, KC_GRPC_DEFAULT_MAX_RECV_MSG_SIZE);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\0\xff\xff\xff\xff", 5, collect, &f),
			 KC_ERR_TOO_LARGE);
	ck_assert_str_eq(rd.error,
			 "grpc: received message larger than max (4294967295 vs. 16777216)");
	kc_grpc_reader_release(&rd);
}
END_TEST

START_TEST(test_reader_bad_flags)
{
	struct kc_grpc_reader rd;
	struct frames f = { 0 };

	kc_grpc_reader_init(&rd, 1024);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\1\0\0\0\2xx", 7, collect, &f),
			 KC_ERR_UNSUPPORTED);
	ck_assert_int_eq(rd.code, KC_GRPC_INTERNAL);
	ck_assert_str_eq(rd.error, "grpc: compressed flag set with identity or empty encoding");
	kc_grpc_reader_release(&rd);

	kc_grpc_reader_init(&rd, 1024);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\2\0\0\0\0", 5, collect, &f), KC_ERR_PARSE);
	ck_assert_int_eq(rd.code, KC_GRPC_INTERNAL);
	ck_assert_str_eq(rd.error, "grpc: received unexpected payload format 2");
	ck_assert_int_eq(f.n, 0);
	kc_grpc_reader_release(&rd);
}
END_TEST

START_TEST(test_reader_stop_and_partial)
{
	uint8_t buf[512];
	size_t total = three_frames(buf);
	struct kc_grpc_reader rd;
	struct frames f = { .stop_after = 2 };

	/* the callback's non-zero value stops the feed and comes back */
	kc_grpc_reader_init(&rd, 1024);
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, buf, total, collect, &f), 7);
	ck_assert_int_eq(f.n, 2);
	kc_grpc_reader_release(&rd);

	/* a truncated frame is "partial" (the end of a stream then means a cut message) */
	kc_grpc_reader_init(&rd, 1024);
	ck_assert(!kc_grpc_reader_partial(&rd));
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\0\0\0", 3, collect, &f), 0);
	ck_assert(kc_grpc_reader_partial(&rd));
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "\0\3ab", 4, collect, &f), 0);
	ck_assert(kc_grpc_reader_partial(&rd));
	ck_assert_int_eq(kc_grpc_reader_feed(&rd, "c", 1, collect, &f), 0);
	ck_assert(!kc_grpc_reader_partial(&rd));
	ck_assert_int_eq(f.n, 3);
	ck_assert_mem_eq(f.data[2], "abc", 3);
	kc_grpc_reader_release(&rd);
}
END_TEST

/* --- codec: headers and status rules ------------------------------------------------------ */

static const struct {
	long ms;
	const char *want;
} timeouts[] = {
	{ 1, "1m" },
	{ 5000, "5000m" },
	{ 99999999, "99999999m" },
	{ 100000000, "100000S" },
	{ 100000001, "100001S" }, /* rounds up, as grpc-go's div() */
	{ 0, "0n" },
	{ 99999999L * 1000 + 1, "1666667M" },
};

START_TEST(test_timeout_encode)
{
	char buf[32];

	ck_assert_str_eq(kc_grpc_timeout_encode(timeouts[_i].ms, buf, sizeof(buf)),
			 timeouts[_i].want);
}
END_TEST

static const struct {
	const char *in;
	const char *want;
} messages[] = {
	{ "unknown%20method%20NoSuch", "unknown method NoSuch" },
	{ "plain", "plain" },
	{ "100%25", "100%" },
	{ "bad %zz escape", "bad %zz escape" },
	{ "cut %4", "cut %4" },                /* too short to decode */
	{ "end %41", "end A" },                /* the last possible escape */
	{ "%E2%9C%93 ok", "\xe2\x9c\x93 ok" }, /* UTF-8 */
	{ "", "" },
};

START_TEST(test_message_decode)
{
	char *out = kc_grpc_message_decode(messages[_i].in, strlen(messages[_i].in));

	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(out, messages[_i].want);
	free(out);
}
END_TEST

static const struct {
	long http;
	const char *ct;
	const char *status;
	const char *message;
	int trailers;
	int want;
	const char *want_message;
} responses[] = {
	{ 200, "application/grpc", "0", NULL, 1, KC_GRPC_OK, "" },
	{ 200, "application/grpc+proto", "0", "", 1, KC_GRPC_OK, "" },
	{ 200, "application/grpc;charset=utf-8", "5", "not%20found", 1, KC_GRPC_NOT_FOUND,
	  "not found" },
	/* trailers-only: grpc-status in the header block, no trailer block */
	{ 200, "application/grpc", "12",
	  "unknown method NoSuch for service runtime.v1.RuntimeService", 0, KC_GRPC_UNIMPLEMENTED,
	  "unknown method NoSuch for service runtime.v1.RuntimeService" },
	{ 503, "text/plain", NULL, NULL, 0, KC_GRPC_UNAVAILABLE,
	  "unexpected HTTP status code received from server: 503 (Service Unavailable); "
	  "transport: received unexpected content-type \"text/plain\"" },
	{ 503, "application/grpc", "0", NULL, 0, KC_GRPC_UNAVAILABLE,
	  "unexpected HTTP status code received from server: 503 (Service Unavailable)" },
	{ 502, NULL, NULL, NULL, 0, KC_GRPC_UNAVAILABLE,
	  "unexpected HTTP status code received from server: 502 (Bad Gateway); "
	  "malformed header: missing HTTP content-type" },
	{ 404, "application/grpc", NULL, NULL, 0, KC_GRPC_UNIMPLEMENTED,
	  "unexpected HTTP status code received from server: 404 (Not Found)" },
	{ 401, "application/grpc", NULL, NULL, 0, KC_GRPC_UNAUTHENTICATED,
	  "unexpected HTTP status code received from server: 401 (Unauthorized)" },
	{ 403, "application/grpc", NULL, NULL, 0, KC_GRPC_PERMISSION_DENIED,
	  "unexpected HTTP status code received from server: 403 (Forbidden)" },
	{ 400, "application/grpc", NULL, NULL, 0, KC_GRPC_INTERNAL,
	  "unexpected HTTP status code received from server: 400 (Bad Request)" },
	{ 429, "application/grpc", NULL, NULL, 0, KC_GRPC_UNAVAILABLE,
	  "unexpected HTTP status code received from server: 429 (Too Many Requests)" },
	{ 500, "application/grpc", "13", NULL, 0, KC_GRPC_UNKNOWN,
	  "unexpected HTTP status code received from server: 500 (Internal Server Error)" },
	{ 200, "text/html", "0", NULL, 0, KC_GRPC_UNKNOWN,
	  "transport: received unexpected content-type \"text/html\"" },
	{ 200, "application/grpcfoo", "0", NULL, 0, KC_GRPC_UNKNOWN,
	  "transport: received unexpected content-type \"application/grpcfoo\"" },
	{ 200, "application/grpc", NULL, NULL, 0, KC_GRPC_INTERNAL,
	  "server closed the stream without sending trailers" },
	{ 200, "application/grpc", NULL, "x", 1, KC_GRPC_UNKNOWN, "" },
	{ 200, "application/grpc", "abc", NULL, 1, KC_GRPC_INTERNAL,
	  "transport: malformed grpc-status: \"abc\"" },
	{ 200, "application/grpc", "99999999999", NULL, 1, KC_GRPC_INTERNAL,
	  "transport: malformed grpc-status: \"99999999999\"" },
	{ 200, "application/grpc", "17", "new code", 1, 17, "new code" },
	{ 0, NULL, NULL, NULL, 0, KC_GRPC_INTERNAL,
	  "malformed header: missing HTTP status; malformed header: missing HTTP content-type" },
};

START_TEST(test_status_from_response)
{
	struct kc_strbuf msg = KC_STRBUF_INIT;
	int code = kc_grpc_status_from_response(responses[_i].http, responses[_i].ct,
						responses[_i].status, responses[_i].message,
						responses[_i].trailers, &msg);

	ck_assert_int_eq(code, responses[_i].want);
	ck_assert_str_eq(msg.buf, responses[_i].want_message);
	kc_strbuf_release(&msg);
}
END_TEST

START_TEST(test_code_table)
{
	static const struct {
		int code;
		const char *name;
		int err;
	} codes[] = {
		{ KC_GRPC_OK, "OK", 0 },
		{ KC_GRPC_CANCELED, "Canceled", KC_ERR_CANCELED },
		{ KC_GRPC_UNKNOWN, "Unknown", KC_ERR_INTERNAL },
		{ KC_GRPC_INVALID_ARGUMENT, "InvalidArgument", KC_ERR_INVALID },
		{ KC_GRPC_DEADLINE_EXCEEDED, "DeadlineExceeded", KC_ERR_TIMEOUT },
		{ KC_GRPC_NOT_FOUND, "NotFound", KC_ERR_NOT_FOUND },
		{ KC_GRPC_ALREADY_EXISTS, "AlreadyExists", KC_ERR_ALREADY_EXISTS },
		{ KC_GRPC_PERMISSION_DENIED, "PermissionDenied", KC_ERR_FORBIDDEN },
		{ KC_GRPC_RESOURCE_EXHAUSTED, "ResourceExhausted", KC_ERR_TOO_MANY_REQUESTS },
		{ KC_GRPC_FAILED_PRECONDITION, "FailedPrecondition", KC_ERR_CONFLICT },
		{ KC_GRPC_ABORTED, "Aborted", KC_ERR_CONFLICT },
		{ KC_GRPC_OUT_OF_RANGE, "OutOfRange", KC_ERR_RANGE },
		{ KC_GRPC_UNIMPLEMENTED, "Unimplemented", KC_ERR_UNSUPPORTED },
		{ KC_GRPC_INTERNAL, "Internal", KC_ERR_INTERNAL },
		{ KC_GRPC_UNAVAILABLE, "Unavailable", KC_ERR_UNAVAILABLE },
		{ KC_GRPC_DATA_LOSS, "DataLoss", KC_ERR_INTERNAL },
		{ KC_GRPC_UNAUTHENTICATED, "Unauthenticated", KC_ERR_UNAUTHORIZED },
		{ 17, "Code(17)", KC_ERR_INTERNAL },
		{ -1, "Code(-1)", KC_ERR_INTERNAL },
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		ck_assert_str_eq(kc_grpc_code_name(codes[i].code), codes[i].name);
		ck_assert_int_eq(kc_grpc_code_to_err(codes[i].code), codes[i].err);
	}
}
END_TEST

static const struct {
	const char *target;
	int want;
} targets[] = {
	{ "unix:///run/containerd/containerd.sock", 0 },
	{ "unix:/run/containerd/containerd.sock", 0 },
	{ "/run/containerd/containerd.sock", 0 }, /* kubelet's deprecated bare path */
	{ "http://127.0.0.1:2379", 0 },
	{ "https://127.0.0.1:2379/", 0 },
	{ "http://[::1]:2379", 0 },
	{ "unix://relative.sock", KC_ERR_INVALID },
	{ "unix:", KC_ERR_INVALID },
	{ "unix:///a/very/long/path/that/does/not/fit/into/sun_path/because/it/is/longer/than/"
	  "one/hundred/and/eight/bytes.sock",
	  KC_ERR_INVALID },
	{ "http://", KC_ERR_INVALID },
	{ "http://127.0.0.1:2379/v3", KC_ERR_INVALID },
	{ "http://user@127.0.0.1:2379", KC_ERR_INVALID },
	{ "http://127.0.0.1:2379?x=1", KC_ERR_INVALID },
	{ "ftp://127.0.0.1", KC_ERR_INVALID },
	{ "127.0.0.1:2379", KC_ERR_INVALID },
	{ "", KC_ERR_INVALID },
};

START_TEST(test_channel_targets)
{
	struct kc_grpc_channel *ch = NULL;
	int r = kc_grpc_channel_new(base, targets[_i].target, NULL, &ch);

	ck_assert_msg(r == targets[_i].want, "%s: %d", targets[_i].target, r);
	ck_assert(r == 0 ? ch != NULL : ch == NULL);
	kc_grpc_channel_free(ch);
}
END_TEST

START_TEST(test_bad_calls)
{
	struct kc_grpc_channel *ch = channel("http://127.0.0.1:1", NULL);
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	const ProtobufCMessageDescriptor *d = &runtime__v1__version_response__descriptor;
	struct result r = { 0 };
	static const char *const bad[] = {
		"runtime.v1.RuntimeService/Version",
		"/Version",
		"//Version",
		"/svc/",
		"/svc/a/b",
		"/svc/Ver sion",
		"/svc/a?b",
		"",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_ptr_null(kc_grpc_unary(ch, bad[i], &req.base, d, 0, on_unary, &r));
	ck_assert_ptr_null(kc_grpc_unary(ch, NULL, &req.base, d, 0, on_unary, &r));
	ck_assert_ptr_null(kc_grpc_unary(ch, CRI_VERSION, NULL, d, 0, on_unary, &r));
	ck_assert_ptr_null(kc_grpc_unary(ch, CRI_VERSION, &req.base, NULL, 0, on_unary, &r));
	ck_assert_ptr_null(kc_grpc_unary(ch, CRI_VERSION, &req.base, d, 0, NULL, &r));
	ck_assert_ptr_null(kc_grpc_server_stream(ch, WATCH, &req.base, d, 0, NULL, NULL, &r));
	ck_assert_uint_eq(kc_grpc_channel_active(ch), 0);
	kc_test_poll_until(base, NULL, 0, 50);
	ck_assert_int_eq(r.calls, 0); /* no callback for a call that never started */
	kc_grpc_channel_free(ch);
	ck_assert_ptr_null(kc_grpc_channel_free(NULL));
	kc_grpc_call_cancel(NULL);
}
END_TEST

/* --- transport failures (no server needed) ------------------------------------------------ */

START_TEST(test_missing_socket)
{
	char target[4200];
	struct kc_grpc_channel *ch;
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	struct result r;

	snprintf(target, sizeof(target), "unix://%s/no-such.sock", kc_test_tmpdir());
	ch = channel(target, NULL);
	call(ch, CRI_VERSION, &req, &runtime__v1__version_response__descriptor, 2000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_UNAVAILABLE);
	ck_assert_int_eq(r.err, KC_ERR_UNAVAILABLE);
	ck_assert_ptr_null(r.resp);
	ck_assert_msg(strstr(r.message, "connection error") != NULL, "%s", r.message);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

START_TEST(test_connection_refused)
{
	char target[64];
	struct kc_grpc_channel *ch;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;

	snprintf(target, sizeof(target), "http://127.0.0.1:%d", etcd_server_free_port());
	ch = channel(target, NULL);
	req.key = bytes("/x");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 2000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_UNAVAILABLE);
	ck_assert_msg(strstr(r.message, "onnect") != NULL, "%s", r.message);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* --- containerd: CRI over the unix socket ------------------------------------------------- */

START_TEST(test_cri_version)
{
	struct kc_grpc_channel *ch;
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	Runtime__V1__VersionResponse *v;
	struct result r;

	REQUIRE_CONTAINERD();
	ch = channel(containerd->endpoint, NULL);
	req.version = (char *)"v1";
	call(ch, CRI_VERSION, &req, &runtime__v1__version_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	ck_assert_int_eq(r.err, 0);
	ck_assert_str_eq(r.message, "");
	v = (Runtime__V1__VersionResponse *)r.resp;
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->runtime_name, "containerd");
	ck_assert_str_eq(v->runtime_api_version, "v1");
	ck_assert_str_eq(v->version, "0.1.0");
	ck_assert_str_ne(v->runtime_version, "");
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* An unknown method is a trailers-only answer: grpc-status 12 in the header block. */
START_TEST(test_cri_unimplemented)
{
	struct kc_grpc_channel *ch;
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	struct result r;

	REQUIRE_CONTAINERD();
	ch = channel(containerd->endpoint, NULL);
	call(ch, "/runtime.v1.RuntimeService/NoSuch", &req,
	     &runtime__v1__version_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_UNIMPLEMENTED, "%d %s", r.code, r.message);
	ck_assert_int_eq(r.err, KC_ERR_UNSUPPORTED);
	ck_assert_str_eq(r.message, "unknown method NoSuch for service runtime.v1.RuntimeService");
	ck_assert_ptr_null(r.resp);
	result_release(&r);

	call(ch, "/runtime.v1.NoService/Version", &req, &runtime__v1__version_response__descriptor,
	     5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_UNIMPLEMENTED);
	ck_assert_str_eq(r.message, "unknown service runtime.v1.NoService");
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

START_TEST(test_cri_status_and_images)
{
	struct kc_grpc_channel *ch;
	Runtime__V1__StatusRequest sreq = RUNTIME__V1__STATUS_REQUEST__INIT;
	Runtime__V1__ListImagesRequest lreq = RUNTIME__V1__LIST_IMAGES_REQUEST__INIT;
	Runtime__V1__ImageStatusRequest ireq = RUNTIME__V1__IMAGE_STATUS_REQUEST__INIT;
	Runtime__V1__ImageSpec spec = RUNTIME__V1__IMAGE_SPEC__INIT;
	Runtime__V1__StatusResponse *st;
	struct result r;
	int runtime_ready = -1, network_ready = -1;

	REQUIRE_CONTAINERD();
	ch = channel(containerd->endpoint, NULL);
	call(ch, CRI_STATUS, &sreq, &runtime__v1__status_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	st = (Runtime__V1__StatusResponse *)r.resp;
	ck_assert_ptr_nonnull(st->status);
	for (size_t i = 0; i < st->status->n_conditions; i++) {
		if (strcmp(st->status->conditions[i]->type, "RuntimeReady") == 0)
			runtime_ready = st->status->conditions[i]->status;
		if (strcmp(st->status->conditions[i]->type, "NetworkReady") == 0)
			network_ready = st->status->conditions[i]->status;
	}
	ck_assert_int_eq(runtime_ready, 1);
	ck_assert_int_eq(network_ready, 0); /* no CNI config in the private conf_dir */
	result_release(&r);

	/* a fresh root has no images; a missing image is an empty answer, not an error */
	call(ch, CRI_LIST_IMAGES, &lreq, &runtime__v1__list_images_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	ck_assert_uint_eq(((Runtime__V1__ListImagesResponse *)r.resp)->n_images, 0);
	result_release(&r);
	spec.image = (char *)"docker.io/library/busybox:latest";
	ireq.image = &spec;
	call(ch, CRI_IMAGE_STATUS, &ireq, &runtime__v1__image_status_response__descriptor, 5000,
	     &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	ck_assert_ptr_null(((Runtime__V1__ImageStatusResponse *)r.resp)->image);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* A response over the channel's limit fails with RESOURCE_EXHAUSTED. */
START_TEST(test_cri_max_recv)
{
	struct kc_grpc_channel_options opts = { .max_recv_msg_size = 8 };
	struct kc_grpc_channel *ch;
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	struct result r;

	REQUIRE_CONTAINERD();
	ch = channel(containerd->endpoint, &opts);
	call(ch, CRI_VERSION, &req, &runtime__v1__version_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_RESOURCE_EXHAUSTED);
	ck_assert_ptr_null(r.resp);
	ck_assert_msg(strstr(r.message, "grpc: received message larger than max (") == r.message,
		      "%s", r.message);
	ck_assert_msg(strstr(r.message, " vs. 8)") != NULL, "%s", r.message);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* A response of another type fails to decode: INTERNAL, not a crash. */
START_TEST(test_cri_wrong_response_type)
{
	struct kc_grpc_channel *ch;
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	struct result r;

	REQUIRE_CONTAINERD();
	ch = channel(containerd->endpoint, NULL);
	/* VersionResponse's field 1 ("0.1.0") read as ImageStatusResponse's Image is garbage */
	call(ch, CRI_VERSION, &req, &runtime__v1__image_status_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_INTERNAL);
	ck_assert_str_eq(r.message, "grpc: failed to unmarshal the received message");
	ck_assert_ptr_null(r.resp);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

START_TEST(test_cri_cancel)
{
	struct kc_grpc_channel *ch;
	Runtime__V1__VersionRequest req = RUNTIME__V1__VERSION_REQUEST__INIT;
	struct result r1 = { 0 }, r2 = { 0 };
	struct kc_grpc_call *c1;

	REQUIRE_CONTAINERD();
	ch = channel(containerd->endpoint, NULL);
	c1 = kc_grpc_unary(ch, CRI_VERSION, &req.base, &runtime__v1__version_response__descriptor,
			   5000, on_unary, &r1);
	ck_assert_ptr_nonnull(c1);
	ck_assert_ptr_nonnull(kc_grpc_unary(ch, CRI_VERSION, &req.base,
					    &runtime__v1__version_response__descriptor, 5000,
					    on_unary, &r2));
	ck_assert_uint_eq(kc_grpc_channel_active(ch), 2);
	kc_grpc_call_cancel(c1);
	ck_assert_uint_eq(kc_grpc_channel_active(ch), 1);
	kc_test_poll_until(base, &r2.done, 1, 5000);
	kc_test_poll_until(base, NULL, 0, 100);
	ck_assert_int_eq(r1.calls, 0);
	ck_assert_int_eq(r2.calls, 1);
	ck_assert_int_eq(r2.code, KC_GRPC_OK);
	ck_assert_uint_eq(kc_grpc_channel_active(ch), 0);
	result_release(&r2);
	kc_grpc_channel_free(ch);
}
END_TEST

/* --- etcd over h2c ------------------------------------------------------------------------ */

START_TEST(test_etcd_put_range)
{
	struct kc_grpc_channel *ch;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__RangeResponse *rr;
	struct result r;
	int64_t rev;

	REQUIRE_ETCD();
	ch = channel(etcd_test->client_url, NULL);
	rev = etcd_put(ch, "/registry/foo", "bar");
	ck_assert_int_gt(rev, 1);

	req.key = bytes("/registry/foo");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	rr = (Etcdserverpb__RangeResponse *)r.resp;
	ck_assert_int_eq(rr->count, 1);
	ck_assert_uint_eq(rr->n_kvs, 1);
	ck_assert(bytes_eq(rr->kvs[0]->key, "/registry/foo"));
	ck_assert(bytes_eq(rr->kvs[0]->value, "bar"));
	ck_assert_int_eq(rr->kvs[0]->mod_revision, rev);
	ck_assert_int_eq(rr->header->revision, rev);
	ck_assert_uint_ne(rr->header->cluster_id, 0);
	result_release(&r);

	/* a missing key: OK and empty */
	req.key = bytes("/registry/none");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_OK);
	ck_assert_uint_eq(((Etcdserverpb__RangeResponse *)r.resp)->n_kvs, 0);
	result_release(&r);
	ck_assert_int_eq(kc_grpc_channel_connects(ch), 1); /* the calls shared it */
	kc_grpc_channel_free(ch);
}
END_TEST

/* etcd's own errors arrive as trailers-only statuses, mapped to KC_ERR_*. */
START_TEST(test_etcd_errors)
{
	struct kc_grpc_channel *ch;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__CompactionRequest comp = ETCDSERVERPB__COMPACTION_REQUEST__INIT;
	Etcdserverpb__LeaseGrantRequest lease = ETCDSERVERPB__LEASE_GRANT_REQUEST__INIT;
	struct result r;
	int64_t rev1, rev2;

	REQUIRE_ETCD();
	ch = channel(etcd_test->client_url, NULL);
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_INVALID_ARGUMENT);
	ck_assert_int_eq(r.err, KC_ERR_INVALID);
	ck_assert_str_eq(r.message, "etcdserver: key is not provided");
	result_release(&r);

	/* a read at a compacted revision: OUT_OF_RANGE (the apiserver's 410 Gone) */
	rev1 = etcd_put(ch, "/compact/a", "1");
	rev2 = etcd_put(ch, "/compact/a", "2");
	comp.revision = rev2;
	call(ch, KV_COMPACT, &comp, &etcdserverpb__compaction_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	result_release(&r);
	req.key = bytes("/compact/a");
	req.revision = rev1;
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_OUT_OF_RANGE);
	ck_assert_int_eq(r.err, KC_ERR_RANGE);
	ck_assert_str_eq(r.message, "etcdserver: mvcc: required revision has been compacted");
	result_release(&r);

	/* a lease TTL etcd accepts, on another service of the same channel */
	lease.ttl = 30;
	call(ch, LEASE_GRANT, &lease, &etcdserverpb__lease_grant_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	ck_assert_int_ne(((Etcdserverpb__LeaseGrantResponse *)r.resp)->id, 0);
	ck_assert_int_eq(((Etcdserverpb__LeaseGrantResponse *)r.resp)->ttl, 30);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* One create-if-absent transaction, as the apiserver's Create: succeeds, then fails. */
static void
txn_create(struct kc_grpc_channel *ch, const char *key, const char *value, struct result *r)
{
	Etcdserverpb__TxnRequest txn = ETCDSERVERPB__TXN_REQUEST__INIT;
	Etcdserverpb__Compare cmp = ETCDSERVERPB__COMPARE__INIT;
	Etcdserverpb__RequestOp put_op = ETCDSERVERPB__REQUEST_OP__INIT;
	Etcdserverpb__RequestOp get_op = ETCDSERVERPB__REQUEST_OP__INIT;
	Etcdserverpb__PutRequest put = ETCDSERVERPB__PUT_REQUEST__INIT;
	Etcdserverpb__RangeRequest get = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__Compare *cmps[] = { &cmp };
	Etcdserverpb__RequestOp *success[] = { &put_op }, *failure[] = { &get_op };

	cmp.key = bytes(key);
	cmp.result = ETCDSERVERPB__COMPARE__COMPARE_RESULT__EQUAL;
	cmp.target = ETCDSERVERPB__COMPARE__COMPARE_TARGET__CREATE;
	cmp.target_union_case = ETCDSERVERPB__COMPARE__TARGET_UNION_CREATE_REVISION;
	cmp.create_revision = 0;
	put.key = bytes(key);
	put.value = bytes(value);
	put_op.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_PUT;
	put_op.request_put = &put;
	get.key = bytes(key);
	get_op.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_RANGE;
	get_op.request_range = &get;
	txn.n_compare = 1;
	txn.compare = cmps;
	txn.n_success = 1;
	txn.success = success;
	txn.n_failure = 1;
	txn.failure = failure;
	call(ch, KV_TXN, &txn, &etcdserverpb__txn_response__descriptor, 5000, r);
}

START_TEST(test_etcd_txn_create)
{
	struct kc_grpc_channel *ch;
	Etcdserverpb__TxnResponse *t;
	Etcdserverpb__RangeResponse *got;
	struct result r;
	int64_t rev;

	REQUIRE_ETCD();
	ch = channel(etcd_test->client_url, NULL);
	txn_create(ch, "/registry/pods/default/p1", "first", &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	t = (Etcdserverpb__TxnResponse *)r.resp;
	ck_assert(t->succeeded);
	ck_assert_uint_eq(t->n_responses, 1);
	ck_assert_int_eq(t->responses[0]->response_case,
			 ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_PUT);
	rev = t->header->revision;
	result_release(&r);

	txn_create(ch, "/registry/pods/default/p1", "second", &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	t = (Etcdserverpb__TxnResponse *)r.resp;
	ck_assert(!t->succeeded);
	ck_assert_int_eq(t->responses[0]->response_case,
			 ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_RANGE);
	got = t->responses[0]->response_range;
	ck_assert_uint_eq(got->n_kvs, 1);
	ck_assert(bytes_eq(got->kvs[0]->value, "first"));
	ck_assert_int_eq(got->kvs[0]->create_revision, rev);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* A value bigger than any HTTP/2 frame: the response arrives in many chunks. */
START_TEST(test_etcd_large_value)
{
	struct kc_grpc_channel_options small = { .max_recv_msg_size = 64 * 1024 };
	struct kc_grpc_channel *ch, *ch_small;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__RangeResponse *rr;
	size_t len = 1000 * 1000;
	char *value = malloc(len + 1);
	struct result r;

	REQUIRE_ETCD();
	ck_assert_ptr_nonnull(value);
	for (size_t i = 0; i < len; i++)
		value[i] = (char)('a' + i % 26);
	value[len] = '\0';
	ch = channel(etcd_test->client_url, NULL);
	etcd_put(ch, "/big", value);
	req.key = bytes("/big");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 10000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	rr = (Etcdserverpb__RangeResponse *)r.resp;
	ck_assert_uint_eq(rr->n_kvs, 1);
	ck_assert(bytes_eq(rr->kvs[0]->value, value));
	result_release(&r);

	ch_small = channel(etcd_test->client_url, &small);
	call(ch_small, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 10000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_RESOURCE_EXHAUSTED);
	ck_assert_msg(strstr(r.message, " vs. 65536)") != NULL, "%s", r.message);
	result_release(&r);
	kc_grpc_channel_free(ch_small);
	kc_grpc_channel_free(ch);
	free(value);
}
END_TEST

/* The watch test: created, then a PUT and a DELETE we make from its callbacks, then cancel. */
struct watch_state {
	struct kc_grpc_channel *ch;
	struct kc_grpc_call *call;
	int no_writes; /* do not start the PUT on creation */
	int messages;
	int created;
	int puts, deletes;
	int64_t put_rev;
	int status_calls;
	int status_code;
	char status_message[256];
	int finished;
	struct result put_result, del_result;
};

static void
watch_put_done(void *arg, const struct kc_grpc_status *st, ProtobufCMessage *resp)
{
	struct watch_state *w = arg;
	Etcdserverpb__DeleteRangeRequest del = ETCDSERVERPB__DELETE_RANGE_REQUEST__INIT;

	on_unary(&w->put_result, st, resp);
	/* the DELETE only after the PUT is applied, so the events come in this order */
	del.key = bytes("/watched/a");
	ck_assert_ptr_nonnull(kc_grpc_unary(w->ch, KV_DELETE, &del.base,
					    &etcdserverpb__delete_range_response__descriptor, 5000,
					    on_unary, &w->del_result));
}

static void
watch_message(void *arg, ProtobufCMessage *msg)
{
	struct watch_state *w = arg;
	Etcdserverpb__WatchResponse *wr = (Etcdserverpb__WatchResponse *)msg;

	w->messages++;
	w->created += wr->created;
	if (wr->created && !w->no_writes) {
		Etcdserverpb__PutRequest put = ETCDSERVERPB__PUT_REQUEST__INIT;

		put.key = bytes("/watched/a");
		put.value = bytes("v1");
		ck_assert_ptr_nonnull(kc_grpc_unary(w->ch, KV_PUT, &put.base,
						    &etcdserverpb__put_response__descriptor, 5000,
						    watch_put_done, w));
	}
	for (size_t i = 0; i < wr->n_events; i++) {
		Etcdserverpb__Event *ev = wr->events[i];

		if (w->no_writes)
			continue;
		ck_assert(bytes_eq(ev->kv->key, "/watched/a"));
		if (ev->type == ETCDSERVERPB__EVENT__EVENT_TYPE__PUT) {
			ck_assert(bytes_eq(ev->kv->value, "v1"));
			w->put_rev = ev->kv->mod_revision;
			w->puts++;
		} else {
			ck_assert_int_eq(ev->type, ETCDSERVERPB__EVENT__EVENT_TYPE__DELETE);
			ck_assert_int_gt(ev->kv->mod_revision, w->put_rev);
			ck_assert_int_eq(w->puts, 1);
			w->deletes++;
		}
	}
	protobuf_c_message_free_unpacked(msg, NULL);
	if (w->deletes > 0) {
		kc_grpc_call_cancel(w->call); /* from inside its own message callback */
		w->call = NULL;
		w->finished = 1;
	}
}

static void
watch_status(void *arg, const struct kc_grpc_status *st)
{
	struct watch_state *w = arg;

	w->status_calls++;
	w->status_code = st->code;
	snprintf(w->status_message, sizeof(w->status_message), "%s", st->message);
	w->finished = 1;
}

static struct kc_grpc_call *
start_watch(struct kc_grpc_channel *ch, const char *prefix, const char *end, long timeout_ms,
	    struct watch_state *w)
{
	Etcdserverpb__WatchRequest req = ETCDSERVERPB__WATCH_REQUEST__INIT;
	Etcdserverpb__WatchCreateRequest create = ETCDSERVERPB__WATCH_CREATE_REQUEST__INIT;

	create.key = bytes(prefix);
	create.range_end = bytes(end);
	req.request_union_case = ETCDSERVERPB__WATCH_REQUEST__REQUEST_UNION_CREATE_REQUEST;
	req.create_request = &create;
	return kc_grpc_server_stream(ch, WATCH, &req.base,
				     &etcdserverpb__watch_response__descriptor, timeout_ms,
				     watch_message, watch_status, w);
}

START_TEST(test_etcd_watch)
{
	struct watch_state w = { 0 };

	REQUIRE_ETCD();
	w.ch = channel(etcd_test->client_url, NULL);
	w.call = start_watch(w.ch, "/watched/", "/watched0", 0, &w);
	ck_assert_ptr_nonnull(w.call);
	kc_test_poll_until(base, &w.finished, 1, 15000);
	ck_assert_msg(w.finished, "watch saw created=%d puts=%d deletes=%d", w.created, w.puts,
		      w.deletes);
	ck_assert_int_eq(w.created, 1);
	ck_assert_int_eq(w.puts, 1);
	ck_assert_int_eq(w.deletes, 1);
	ck_assert_int_eq(w.status_calls, 0); /* canceled: no status callback, now or later */
	kc_test_poll_until(base, &w.del_result.done, 1, 5000);
	ck_assert_int_eq(w.put_result.code, KC_GRPC_OK);
	ck_assert_int_eq(w.del_result.code, KC_GRPC_OK);
	ck_assert_int_eq(((Etcdserverpb__DeleteRangeResponse *)w.del_result.resp)->deleted, 1);
	kc_test_poll_until(base, NULL, 0, 200);
	ck_assert_int_eq(w.status_calls, 0);
	ck_assert_uint_eq(kc_grpc_channel_active(w.ch), 0);
	result_release(&w.put_result);
	result_release(&w.del_result);
	kc_grpc_channel_free(w.ch);
}
END_TEST

/* A watch with a deadline and no events ends DEADLINE_EXCEEDED after that time. */
START_TEST(test_etcd_deadline)
{
	struct watch_state w = { .no_writes = 1 };
	long start = kc_test_mono_ms(), elapsed;

	REQUIRE_ETCD();
	w.ch = channel(etcd_test->client_url, NULL);
	w.call = start_watch(w.ch, "/quiet/", "/quiet0", 400, &w);
	ck_assert_ptr_nonnull(w.call);
	kc_test_poll_until(base, &w.finished, 1, 10000);
	elapsed = kc_test_mono_ms() - start;
	ck_assert_int_eq(w.status_calls, 1);
	ck_assert_int_eq(w.status_code, KC_GRPC_DEADLINE_EXCEEDED);
	ck_assert_str_eq(w.status_message, "context deadline exceeded");
	ck_assert_int_eq(kc_grpc_code_to_err(w.status_code), KC_ERR_TIMEOUT);
	ck_assert_int_eq(w.created, 1); /* the stream was open and answering */
	ck_assert_msg(elapsed >= 350 && elapsed < 5000, "elapsed %ld ms", elapsed);
	kc_grpc_channel_free(w.ch);
}
END_TEST

/* Freeing a channel with a running stream: no callbacks, nothing leaks. */
START_TEST(test_etcd_free_with_stream)
{
	struct watch_state w = { .no_writes = 1 };
	struct kc_grpc_channel *ch;

	REQUIRE_ETCD();
	ch = channel(etcd_test->client_url, NULL);
	w.call = start_watch(ch, "/free/", "/free0", 0, &w);
	ck_assert_ptr_nonnull(w.call);
	kc_test_poll_until(base, &w.created, 1, 10000);
	ck_assert_int_eq(w.created, 1);
	ck_assert_uint_eq(kc_grpc_channel_active(ch), 1);
	w.ch = channel(etcd_test->client_url, NULL);
	etcd_put(w.ch, "/free/a", "x"); /* an event is on its way to the doomed stream */
	kc_grpc_channel_free(ch);
	kc_test_poll_until(base, NULL, 0, 200);
	ck_assert_int_eq(w.status_calls, 0);
	ck_assert_int_le(w.messages, 2);
	kc_grpc_channel_free(w.ch);
}
END_TEST

/* A name, not an address: looked up (hosts file) and dialed. */
START_TEST(test_etcd_hostname)
{
	char url[64];
	struct kc_grpc_channel *ch;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;

	REQUIRE_ETCD();
	snprintf(url, sizeof(url), "http://localhost:%d", etcd_test->client_port);
	ch = channel(url, NULL);
	etcd_put(ch, "/by-name", "yes");
	req.key = bytes("/by-name");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	ck_assert(bytes_eq(((Etcdserverpb__RangeResponse *)r.resp)->kvs[0]->value, "yes"));
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* A watch message over the size limit ends the stream with RESOURCE_EXHAUSTED. */
START_TEST(test_etcd_watch_oversize)
{
	struct kc_grpc_channel_options small = { .max_recv_msg_size = 512 };
	struct watch_state w = { .no_writes = 1 };
	struct kc_grpc_channel *writer;
	char value[2048];

	REQUIRE_ETCD();
	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	w.ch = channel(etcd_test->client_url, &small);
	writer = channel(etcd_test->client_url, NULL);
	w.call = start_watch(w.ch, "/oversize/", "/oversize0", 0, &w);
	ck_assert_ptr_nonnull(w.call);
	kc_test_poll_until(base, &w.created, 1, 10000);
	ck_assert_int_eq(w.created, 1);
	etcd_put(writer, "/oversize/a", value);
	kc_test_poll_until(base, &w.finished, 1, 10000);
	ck_assert_int_eq(w.status_calls, 1);
	ck_assert_int_eq(w.status_code, KC_GRPC_RESOURCE_EXHAUSTED);
	ck_assert_msg(strstr(w.status_message, "grpc: received message larger than max (") ==
			      w.status_message,
		      "%s", w.status_message);
	ck_assert_int_eq(w.messages, 1); /* only "created" got through */
	etcd_put(writer, "/oversize/b", "small");
	kc_test_poll_until(base, NULL, 0, 100);
	ck_assert_int_eq(w.messages, 1);
	ck_assert_int_eq(w.status_calls, 1);
	kc_grpc_channel_free(writer);
	kc_grpc_channel_free(w.ch);
}
END_TEST

/* etcd crashes under a watch: UNAVAILABLE; it comes back: the same channel reconnects. */
START_TEST(test_etcd_crash_reconnect)
{
	struct etcd_server *own;
	struct watch_state w = { .no_writes = 1 };
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;

	own = etcd_server_start_in_tmpdir("etcd-crash", 0);
	ck_assert_msg(own != NULL, "%s", etcd_server_missing());
	w.ch = channel(own->client_url, NULL);
	etcd_put(w.ch, "/crash/a", "kept");
	w.call = start_watch(w.ch, "/crash/", "/crash0", 0, &w);
	kc_test_poll_until(base, &w.created, 1, 10000);
	ck_assert_int_eq(w.created, 1);

	etcd_server_crash(own);
	kc_test_poll_until(base, &w.finished, 1, 10000);
	ck_assert_int_eq(w.status_calls, 1);
	ck_assert_int_eq(w.status_code, KC_GRPC_UNAVAILABLE);
	req.key = bytes("/crash/a");
	call(w.ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_UNAVAILABLE); /* refused: nobody listens */
	ck_assert_msg(strstr(r.message, "connection refused") != NULL, "%s", r.message);
	result_release(&r);

	ck_assert_int_eq(etcd_server_restart(own), 0);
	call(w.ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	ck_assert(bytes_eq(((Etcdserverpb__RangeResponse *)r.resp)->kvs[0]->value, "kept"));
	result_release(&r);
	ck_assert_int_eq(kc_grpc_channel_connects(w.ch), 3);
	kc_grpc_channel_free(w.ch);
	etcd_server_stop(own);
}
END_TEST

/* kill(SIGSTOP) returns before the target is stopped: wait until /proc says it is ('T'). */
static void
freeze(pid_t pid)
{
	char path[64], buf[512], *p;
	long deadline = kc_test_mono_ms() + 2000;

	kill(pid, SIGSTOP);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	while (kc_test_mono_ms() < deadline) {
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

		if (f)
			fclose(f);
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && (p[2] == 'T' || p[2] == 't'))
			return;
		usleep(1000);
	}
}

/* A peer that stops answering (etcd frozen with SIGSTOP) is found out by keepalive pings. */
START_TEST(test_etcd_keepalive)
{
	struct etcd_server *own;
	struct kc_grpc_channel_options opts = {
		.keepalive_time_ms = 200,
		.keepalive_timeout_ms = 300,
	};
	struct watch_state w = { .no_writes = 1, .status_code = -1 };
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;
	long start;

	own = etcd_server_start_in_tmpdir("etcd-keepalive", 0);
	ck_assert_msg(own != NULL, "%s", etcd_server_missing());
	w.ch = channel(own->client_url, &opts);
	w.call = start_watch(w.ch, "/ka/", "/ka0", 0, &w);
	kc_test_poll_until(base, &w.created, 1, 10000);
	ck_assert_int_eq(w.created, 1);
	freeze(own->pid);
	start = kc_test_mono_ms();
	/* meanwhile a unary call with a deadline gets no answer: DEADLINE_EXCEEDED on time */
	req.key = bytes("/ka/a");
	call(w.ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 150, &r);
	ck_assert_int_eq(r.code, KC_GRPC_DEADLINE_EXCEEDED);
	ck_assert_int_eq(r.err, KC_ERR_TIMEOUT);
	ck_assert_str_eq(r.message, "context deadline exceeded");
	/* on time: not before its 150 ms deadline; the upper bound leaves room for a loaded
	 * machine (the keepalive failure, the other way this call could end, is UNAVAILABLE) */
	ck_assert_msg(kc_test_mono_ms() - start >= 140 && kc_test_mono_ms() - start < 1500,
		      "after %ld ms", kc_test_mono_ms() - start);
	result_release(&r);
	kc_test_poll_until(base, &w.finished, 1, 5000);
	kill(own->pid, SIGCONT);
	ck_assert_int_eq(w.status_calls, 1);
	ck_assert_int_eq(w.status_code, KC_GRPC_UNAVAILABLE);
	ck_assert_str_eq(w.status_message, "connection error: desc = \"keepalive ping failed to "
					   "receive ACK within timeout\"");
	ck_assert_msg(kc_test_mono_ms() - start >= 450, "failed after %ld ms",
		      kc_test_mono_ms() - start);
	kc_grpc_channel_free(w.ch);
	etcd_server_stop(own);
}
END_TEST

/* Many calls at once share one connection and all get their answer. */
struct many {
	int all;
	int want;
	int answered;
	int ok;
	int64_t revs[200];
};

struct many_slot {
	struct many *m;
	struct kc_grpc_call *call;
	int i;
};

static void
many_done(void *arg, const struct kc_grpc_status *st, ProtobufCMessage *resp)
{
	struct many_slot *s = arg;

	s->m->all = ++s->m->answered == s->m->want;
	if (st->code == KC_GRPC_OK) {
		s->m->revs[s->m->ok++] = ((Etcdserverpb__PutResponse *)resp)->header->revision;
		protobuf_c_message_free_unpacked(resp, NULL);
	}
}

static int
cmp_rev(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* 200 Puts at once, the last `cancel` of them canceled before they run; returns answers. */
static void
many_puts(struct kc_grpc_channel *ch, const char *prefix, int cancel, struct many *m)
{
	static struct many_slot slots[200];

	m->want = 200 - cancel;
	for (int i = 0; i < 200; i++) {
		Etcdserverpb__PutRequest put = ETCDSERVERPB__PUT_REQUEST__INIT;
		char key[64];

		snprintf(key, sizeof(key), "%s%03d", prefix, i);
		put.key = bytes(key);
		put.value = bytes("x");
		slots[i] = (struct many_slot){ .m = m, .i = i };
		slots[i].call = kc_grpc_unary(ch, KV_PUT, &put.base,
					      &etcdserverpb__put_response__descriptor, 20000,
					      many_done, &slots[i]);
		ck_assert_ptr_nonnull(slots[i].call);
	}
	ck_assert_uint_eq(kc_grpc_channel_active(ch), 200);
	for (int i = 200 - cancel; i < 200; i++)
		kc_grpc_call_cancel(slots[i].call);
	ck_assert_uint_eq(kc_grpc_channel_active(ch), (size_t)(200 - cancel));
	kc_test_poll_until(base, &m->all, 1, 30000);
	kc_test_poll_until(base, NULL, 0, 50);
	ck_assert_int_eq(m->answered, 200 - cancel);
	ck_assert_int_eq(m->ok, 200 - cancel);
	ck_assert_uint_eq(kc_grpc_channel_active(ch), 0);
	/* each Put made its own revision */
	qsort(m->revs, (size_t)m->ok, sizeof(m->revs[0]), cmp_rev);
	for (int i = 1; i < m->ok; i++)
		ck_assert_int_eq(m->revs[i], m->revs[i - 1] + 1);
}

START_TEST(test_etcd_many_concurrent)
{
	struct kc_grpc_channel *ch;
	struct many m = { 0 };
	Etcdserverpb__RangeRequest count = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;

	REQUIRE_ETCD();
	ch = channel(etcd_test->client_url, NULL);
	many_puts(ch, "/many/", 20, &m);
	ck_assert_int_eq(kc_grpc_channel_connects(ch), 1); /* all multiplexed */

	count.key = bytes("/many/");
	count.range_end = bytes("/many0");
	count.count_only = 1;
	call(ch, KV_RANGE, &count, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_int_eq(((Etcdserverpb__RangeResponse *)r.resp)->count, 180);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

/* --- etcd over TLS with client certificates ------------------------------------------------ */

static void
tls_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", etcd_test_tls->pki, name);
}

struct tls_files {
	char ca[4200], cert[4200], key[4200];
};

/* Client TLS for the TLS etcd: the CA file ca_name, client.crt and client.key of its PKI. */
static void
tls_client_options(struct tls_files *f, const char *ca_name, struct kc_grpc_channel_options *opts)
{
	tls_path(f->ca, sizeof(f->ca), ca_name);
	tls_path(f->cert, sizeof(f->cert), "client.crt");
	tls_path(f->key, sizeof(f->key), "client.key");
	opts->ca_file = f->ca;
	opts->cert_file = f->cert;
	opts->key_file = f->key;
}

START_TEST(test_etcd_tls_files)
{
	struct tls_files files;
	struct kc_grpc_channel_options opts = { 0 };
	struct kc_grpc_channel *ch;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;

	REQUIRE_ETCD_TLS();
	tls_client_options(&files, "ca.crt", &opts);
	ch = channel(etcd_test_tls->client_url, &opts);
	etcd_put(ch, "/registry/tls", "ok");
	req.key = bytes("/registry/tls");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_msg(r.code == KC_GRPC_OK, "%d %s", r.code, r.message);
	ck_assert(bytes_eq(((Etcdserverpb__RangeResponse *)r.resp)->kvs[0]->value, "ok"));
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

START_TEST(test_etcd_tls_pem)
{
	char path[4200];
	char *ca, *cert, *key;
	struct kc_grpc_channel_options opts = { 0 };
	struct kc_grpc_channel *ch;
	struct watch_state w = { 0 };

	REQUIRE_ETCD_TLS();
	tls_path(path, sizeof(path), "ca.crt");
	ca = etcd_server_read_file(path);
	tls_path(path, sizeof(path), "client.crt");
	cert = etcd_server_read_file(path);
	tls_path(path, sizeof(path), "client.key");
	key = etcd_server_read_file(path);
	ck_assert(ca != NULL && cert != NULL && key != NULL);
	opts.ca_pem = ca;
	opts.cert_pem = cert;
	opts.key_pem = key;
	ch = channel(etcd_test_tls->client_url, &opts);
	free(ca); /* the channel keeps its own copies */
	free(cert);
	free(key);
	/* a server stream over TLS, with unary calls from its callbacks on the same connection */
	w.ch = ch;
	w.call = start_watch(ch, "/watched/", "/watched0", 0, &w);
	kc_test_poll_until(base, &w.finished, 1, 15000);
	ck_assert_int_eq(w.puts, 1);
	ck_assert_int_eq(w.deletes, 1);
	ck_assert_int_eq(w.status_calls, 0);
	kc_test_poll_until(base, &w.del_result.done, 1, 5000);
	result_release(&w.put_result);
	result_release(&w.del_result);
	kc_grpc_channel_free(ch);
}
END_TEST

/* The same over TLS (ALPN h2). */
START_TEST(test_etcd_tls_many_multiplexed)
{
	struct tls_files files;
	struct kc_grpc_channel_options opts = { 0 };
	struct kc_grpc_channel *ch;
	struct many m = { 0 };

	REQUIRE_ETCD_TLS();
	tls_client_options(&files, "ca.crt", &opts);
	ch = channel(etcd_test_tls->client_url, &opts);
	many_puts(ch, "/tls-many/", 0, &m);
	ck_assert_int_eq(kc_grpc_channel_connects(ch), 1);
	kc_grpc_channel_free(ch);
}
END_TEST

/* By name: SNI and verification of the DNS name in the server certificate. */
START_TEST(test_etcd_tls_hostname)
{
	char url[64];
	struct tls_files files;
	struct kc_grpc_channel_options opts = { 0 };
	struct kc_grpc_channel *ch;

	REQUIRE_ETCD_TLS();
	tls_client_options(&files, "ca.crt", &opts);
	snprintf(url, sizeof(url), "https://localhost:%d", etcd_test_tls->client_port);
	ch = channel(url, &opts);
	ck_assert_int_gt(etcd_put(ch, "/tls-by-name", "x"), 0);
	kc_grpc_channel_free(ch);
}
END_TEST

/* Files that do not load, or a key that is not the certificate's: the channel is refused. */
START_TEST(test_tls_bad_options)
{
	char path[4200], other[4200];
	struct kc_grpc_channel_options opts = { 0 };
	struct kc_grpc_channel *ch = NULL;

	REQUIRE_ETCD_TLS();
	tls_path(path, sizeof(path), "no-such.crt");
	opts.ca_file = path;
	ck_assert_int_eq(kc_grpc_channel_new(base, "https://127.0.0.1:1", &opts, &ch),
			 KC_ERR_INVALID);
	ck_assert_ptr_null(ch);
	opts.ca_file = NULL;
	opts.ca_pem = "not a certificate";
	ck_assert_int_eq(kc_grpc_channel_new(base, "https://127.0.0.1:1", &opts, &ch),
			 KC_ERR_INVALID);
	opts.ca_pem = NULL;
	tls_path(path, sizeof(path), "client.crt");
	tls_path(other, sizeof(other), "server.key");
	opts.cert_file = path;
	opts.key_file = other; /* not client.crt's key */
	ck_assert_int_eq(kc_grpc_channel_new(base, "https://127.0.0.1:1", &opts, &ch),
			 KC_ERR_INVALID);
	ck_assert_ptr_null(ch);
	/* TLS options do not matter to a plain target */
	ck_assert_int_eq(kc_grpc_channel_new(base, "http://127.0.0.1:1", &opts, &ch), 0);
	kc_grpc_channel_free(ch);
}
END_TEST

START_TEST(test_etcd_tls_no_client_cert)
{
	char ca[4200];
	struct kc_grpc_channel_options opts = { 0 };
	struct kc_grpc_channel *ch;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;

	REQUIRE_ETCD_TLS();
	tls_path(ca, sizeof(ca), "ca.crt");
	opts.ca_file = ca;
	ch = channel(etcd_test_tls->client_url, &opts);
	req.key = bytes("/registry/tls");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_UNAVAILABLE);
	ck_assert_int_eq(r.err, KC_ERR_UNAVAILABLE);
	ck_assert_ptr_null(r.resp);
	result_release(&r);
	kc_grpc_channel_free(ch);
}
END_TEST

START_TEST(test_etcd_tls_wrong_ca)
{
	struct tls_files files;
	struct kc_grpc_channel_options opts = { 0 };
	struct kc_grpc_channel *ch;
	Etcdserverpb__RangeRequest req = ETCDSERVERPB__RANGE_REQUEST__INIT;
	struct result r;

	REQUIRE_ETCD_TLS();
	tls_client_options(&files, "other-ca.crt", &opts);
	ch = channel(etcd_test_tls->client_url, &opts);
	req.key = bytes("/registry/tls");
	call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
	ck_assert_int_eq(r.code, KC_GRPC_UNAVAILABLE);
	ck_assert_msg(strstr(r.message, "certificate") != NULL, "%s", r.message);
	result_release(&r);

	/* plain h2c to the TLS port is no gRPC either */
	kc_grpc_channel_free(ch);
	{
		char url[64];

		snprintf(url, sizeof(url), "http://127.0.0.1:%d", etcd_test_tls->client_port);
		ch = channel(url, NULL);
		call(ch, KV_RANGE, &req, &etcdserverpb__range_response__descriptor, 5000, &r);
		ck_assert_int_ne(r.code, KC_GRPC_OK);
		ck_assert_ptr_null(r.resp);
		result_release(&r);
		kc_grpc_channel_free(ch);
	}
}
END_TEST

static Suite *
grpc_suite(void)
{
	Suite *s = suite_create("grpc");
	TCase *tc;

	tc = tcase_create("codec");
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_test(tc, test_frame_pack);
	tcase_add_test(tc, test_reader_every_split);
	tcase_add_loop_test(tc, test_reader_chunks, 0, KC_ARRAY_SIZE(chunk_sizes));
	tcase_add_test(tc, test_reader_oversize);
	tcase_add_test(tc, test_reader_bad_flags);
	tcase_add_test(tc, test_reader_stop_and_partial);
	tcase_add_loop_test(tc, test_timeout_encode, 0, KC_ARRAY_SIZE(timeouts));
	tcase_add_loop_test(tc, test_message_decode, 0, KC_ARRAY_SIZE(messages));
	tcase_add_loop_test(tc, test_status_from_response, 0, KC_ARRAY_SIZE(responses));
	tcase_add_test(tc, test_code_table);
	tcase_add_loop_test(tc, test_channel_targets, 0, KC_ARRAY_SIZE(targets));
	tcase_add_test(tc, test_bad_calls);
	tcase_add_test(tc, test_missing_socket);
	tcase_add_test(tc, test_connection_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("containerd");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, containerd_setup, containerd_teardown);
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_test(tc, test_cri_version);
	tcase_add_test(tc, test_cri_unimplemented);
	tcase_add_test(tc, test_cri_status_and_images);
	tcase_add_test(tc, test_cri_max_recv);
	tcase_add_test(tc, test_cri_wrong_response_type);
	tcase_add_test(tc, test_cri_cancel);
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_test(tc, test_etcd_put_range);
	tcase_add_test(tc, test_etcd_errors);
	tcase_add_test(tc, test_etcd_txn_create);
	tcase_add_test(tc, test_etcd_large_value);
	tcase_add_test(tc, test_etcd_watch);
	tcase_add_test(tc, test_etcd_deadline);
	tcase_add_test(tc, test_etcd_free_with_stream);
	tcase_add_test(tc, test_etcd_many_concurrent);
	tcase_add_test(tc, test_etcd_hostname);
	tcase_add_test(tc, test_etcd_watch_oversize);
	tcase_add_test(tc, test_etcd_crash_reconnect);
	tcase_add_test(tc, test_etcd_keepalive);
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd-tls");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_tls_setup, etcd_test_tls_teardown);
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_test(tc, test_etcd_tls_files);
	tcase_add_test(tc, test_etcd_tls_pem);
	tcase_add_test(tc, test_etcd_tls_many_multiplexed);
	tcase_add_test(tc, test_etcd_tls_hostname);
	tcase_add_test(tc, test_tls_bad_options);
	tcase_add_test(tc, test_etcd_tls_no_client_cert);
	tcase_add_test(tc, test_etcd_tls_wrong_ca);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(grpc_suite)
