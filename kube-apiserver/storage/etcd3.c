/*
 * etcd3.c - kube-apiserver's etcd v3 client (upstream: staging/src/k8s.io/apiserver/pkg/storage/
 * etcd3/store.go for the Txn shapes of create/update/delete, compact.go for the compactor,
 * lease_manager.go for lease reuse, and go.etcd.io/etcd/client/v3 retry_interceptor.go and
 * watch.go for failover and watch resumption).  See etcd3.h for the contract.
 *
 * Every operation is a small request record holding its parameters; each attempt builds its
 * protobuf message on the stack from them, so a retry on the next endpoint sends exactly the same
 * request again.  Results are converted from the decoded response into kc_etcd3_result (keys
 * copied with the prefix stripped, values borrowed from the response) for the callback.
 */
#include "kube-apiserver/storage/etcd3.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/event.h>

#include "kube-apiserver/storage/etcd.pb-c.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/grpc.h"
#include "libkcommon/log.h"

#define M_RANGE       "/etcdserverpb.KV/Range"
#define M_TXN         "/etcdserverpb.KV/Txn"
#define M_DELETE      "/etcdserverpb.KV/DeleteRange"
#define M_COMPACT     "/etcdserverpb.KV/Compact"
#define M_WATCH       "/etcdserverpb.Watch/Watch"
#define M_LEASE_GRANT "/etcdserverpb.Lease/LeaseGrant"

/* lease_manager.go defaults */
#define LEASE_REUSE_MAX_SECONDS 60
#define LEASE_REUSE_PERCENT     5
#define LEASE_MAX_OBJECT_COUNT  1000

#define WATCH_RETRY_MIN_MS 100

enum req_kind {
	REQ_GET,
	REQ_RANGE,
	REQ_CREATE,
	REQ_UPDATE,
	REQ_DELETE,
	REQ_CURRENT_REV,
	REQ_PREFIX_STAT,
	REQ_COMPACT,
	REQ_LEASE_GRANT,
	REQ_LEASE_FOR_TTL, /* a lease_grant on behalf of the lease manager */
	REQ_COMPACTOR,     /* the compactor's Txn on compact_rev_key */
};

struct kc_etcd3_req {
	struct kc_etcd3 *e;
	enum req_kind kind;
	TAILQ_ENTRY(kc_etcd3_req) link;
	/* parameters, owned */
	char *key; /* full key (prefix included), or NULL */
	size_t key_len;
	char *range_end; /* full range end, or NULL */
	size_t range_end_len;
	char *start; /* range: full start key, or NULL */
	size_t start_len;
	void *value;
	size_t value_len;
	int64_t num;  /* revision, expected revision, ttl, since revision, ... */
	int64_t num2; /* lease, limit */
	int flags;    /* range: 1 keys_only, 2 count_only */
	int64_t ttl;  /* lease_for_ttl: the object's ttl */
	int lease_waiting; /* lease_for_ttl: queued behind the pending grant */
	TAILQ_ENTRY(kc_etcd3_req) wait_link;
	/* the attempt in flight */
	struct kc_grpc_call *call;
	int endpoint;
	int attempts;
	struct event *defer; /* for answers not from etcd (lease reuse) */
	int64_t start_ns;    /* for the observer */
	kc_etcd3_cb cb;
	void *arg;
};

TAILQ_HEAD(req_list, kc_etcd3_req);
LIST_HEAD(watch_list, kc_etcd3_watch);

struct kc_etcd3_watch {
	struct kc_etcd3 *e;
	LIST_ENTRY(kc_etcd3_watch) link;
	char *key;
	size_t key_len;
	char *range_end;
	size_t range_end_len;
	int prev_kv;
	int progress_notify;
	int64_t next_rev; /* start revision of the next stream; 0: now */
	int64_t last_rev;
	struct kc_grpc_call *call;
	int endpoint;
	struct event *retry;
	long backoff_ms;
	long reconnects;
	int in_callback;
	int canceled;
	kc_etcd3_watch_events_cb on_events;
	kc_etcd3_watch_end_cb on_end;
	void *arg;
};

struct kc_etcd3 {
	struct event_base *base;
	char **urls;
	struct kc_grpc_channel **channels;
	size_t n;
	size_t active;
	long failovers;
	char *prefix; /* without trailing '/' */
	size_t prefix_len;
	long timeout_ms;
	long watch_retry_max_ms;
	struct req_list reqs;
	struct watch_list watches;
	/* lease manager */
	int64_t lease_id;
	int64_t lease_expires_ms;
	int64_t lease_objects;
	/*
	 * The grant in flight and the lease_for_ttl requests that arrived meanwhile: they wait
	 * for it as upstream's callers wait on the leaseManager's mutex, so a burst of writes
	 * shares one grant instead of each asking etcd for its own lease.
	 */
	struct kc_etcd3_req *lease_pending;
	struct req_list lease_waiters;
	int freeing;
	kc_etcd3_observe_fn observe;
	void *observe_arg;
	/* compactor */
	struct event *compact_timer;
	long compact_interval_ms;
	int64_t compact_time; /* version of compact_rev_key we last saw */
	int64_t compact_rev;  /* revision seen at the previous tick */
	struct kc_etcd3_req *compact_req;
};

static int64_t
mono_ms(void)
{
	return kc_clock_mono_ns() / KC_NSEC_PER_MSEC;
}

/* --- keys ------------------------------------------------------------------------------- */

char *
kc_etcd3_prefix_end(const char *prefix, size_t len, size_t *ret_len)
{
	char *end = malloc(len + 1);

	if (end == NULL)
		return NULL;
	memcpy(end, prefix, len);
	for (size_t i = len; i > 0; i--) {
		if ((unsigned char)end[i - 1] < 0xff) {
			end[i - 1]++;
			end[i] = '\0';
			*ret_len = i;
			return end;
		}
	}
	/* every byte is 0xff (or no prefix): the range is all keys from the prefix on */
	end[0] = '\0';
	*ret_len = 1;
	return end;
}

/* prefix + key, malloc()ed; NULL when key does not start with '/' or out of memory. */
static char *
full_key(const struct kc_etcd3 *e, const char *key, size_t *ret_len)
{
	size_t klen;
	char *s;

	if (key == NULL || key[0] != '/')
		return NULL;
	klen = strlen(key);
	s = malloc(e->prefix_len + klen + 1);
	if (s == NULL)
		return NULL;
	memcpy(s, e->prefix, e->prefix_len);
	memcpy(s + e->prefix_len, key, klen + 1);
	*ret_len = e->prefix_len + klen;
	return s;
}

/* The key relative to the prefix, as a new string (the whole key when outside the prefix). */
static char *
relative_key(const struct kc_etcd3 *e, const ProtobufCBinaryData *k)
{
	const char *p = (const char *)k->data;
	size_t len = k->len;

	if (len > e->prefix_len && memcmp(p, e->prefix, e->prefix_len) == 0 &&
	    p[e->prefix_len] == '/') {
		p += e->prefix_len;
		len -= e->prefix_len;
	}
	return strndup(len > 0 ? p : "", len);
}

/* --- results ---------------------------------------------------------------------------- */

/* Owns the key strings of the kvs it hands to a callback. */
struct result_buf {
	struct kc_etcd3_result res;
	struct kc_etcd3_kv *kvs;
	size_t n;
	struct kc_etcd3_kv prev;
	char *prev_key;
};

static void
result_buf_release(struct result_buf *rb)
{
	for (size_t i = 0; i < rb->n; i++)
		free((char *)rb->kvs[i].key);
	free(rb->kvs);
	free(rb->prev_key);
	memset(rb, 0, sizeof(*rb));
}

static int
kv_convert(const struct kc_etcd3 *e, const Etcdserverpb__KeyValue *in, struct kc_etcd3_kv *out)
{
	out->key = relative_key(e, &in->key);
	if (out->key == NULL)
		return KC_ERR_NOMEM;
	out->value = (const char *)in->value.data;
	out->value_len = in->value.len;
	out->create_revision = in->create_revision;
	out->mod_revision = in->mod_revision;
	out->version = in->version;
	out->lease = in->lease;
	return 0;
}

static int
result_set_kvs(const struct kc_etcd3 *e, struct result_buf *rb, Etcdserverpb__KeyValue **kvs,
	       size_t n)
{
	if (n == 0)
		return 0;
	rb->kvs = calloc(n, sizeof(*rb->kvs));
	if (rb->kvs == NULL)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (kv_convert(e, kvs[i], &rb->kvs[i]) < 0)
			return KC_ERR_NOMEM;
		rb->n++;
	}
	rb->res.kvs = rb->kvs;
	rb->res.n_kvs = rb->n;
	return 0;
}

static int
result_set_prev(const struct kc_etcd3 *e, struct result_buf *rb, const Etcdserverpb__KeyValue *kv)
{
	if (kv == NULL)
		return 0;
	if (kv_convert(e, kv, &rb->prev) < 0)
		return KC_ERR_NOMEM;
	rb->prev_key = (char *)rb->prev.key;
	rb->res.prev_kv = &rb->prev;
	return 0;
}

static int64_t
header_revision(const Etcdserverpb__ResponseHeader *h)
{
	return h != NULL ? h->revision : 0;
}

/* --- requests: building ------------------------------------------------------------------- */

static ProtobufCBinaryData
bin(const void *p, size_t len)
{
	ProtobufCBinaryData b = { len, (uint8_t *)p };

	return b;
}

static void on_unary(void *arg, const struct kc_grpc_status *st, ProtobufCMessage *resp);

static struct kc_grpc_call *
start_range(struct kc_etcd3_req *r, struct kc_grpc_channel *ch)
{
	Etcdserverpb__RangeRequest rr = ETCDSERVERPB__RANGE_REQUEST__INIT;

	rr.key = r->start != NULL ? bin(r->start, r->start_len) : bin(r->key, r->key_len);
	if (r->range_end != NULL)
		rr.range_end = bin(r->range_end, r->range_end_len);
	if (r->kind == REQ_RANGE) {
		rr.revision = r->num;
		rr.limit = r->num2;
		rr.keys_only = (r->flags & 1) != 0;
		rr.count_only = (r->flags & 2) != 0;
	} else if (r->kind == REQ_CURRENT_REV) {
		rr.count_only = 1;
		rr.limit = 1;
	}
	return kc_grpc_unary(ch, M_RANGE, &rr.base, &etcdserverpb__range_response__descriptor,
			     r->e->timeout_ms, on_unary, r);
}

/* A Txn of one compare, one success op and one failure op (a Range of the key). */
static struct kc_grpc_call *
start_txn(struct kc_etcd3_req *r, struct kc_grpc_channel *ch, Etcdserverpb__Compare *cmp,
	  Etcdserverpb__RequestOp *then_op)
{
	Etcdserverpb__TxnRequest txn = ETCDSERVERPB__TXN_REQUEST__INIT;
	Etcdserverpb__RangeRequest get = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__RequestOp else_op = ETCDSERVERPB__REQUEST_OP__INIT;
	Etcdserverpb__Compare *cmps[1] = { cmp };
	Etcdserverpb__RequestOp *thens[1] = { then_op };
	Etcdserverpb__RequestOp *elses[1] = { &else_op };

	get.key = bin(r->key, r->key_len);
	else_op.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_RANGE;
	else_op.request_range = &get;
	txn.n_compare = cmp != NULL ? 1 : 0;
	txn.compare = cmps;
	txn.n_success = 1;
	txn.success = thens;
	txn.n_failure = 1;
	txn.failure = elses;
	return kc_grpc_unary(ch, M_TXN, &txn.base, &etcdserverpb__txn_response__descriptor,
			     r->e->timeout_ms, on_unary, r);
}

static struct kc_grpc_call *
start_put_txn(struct kc_etcd3_req *r, struct kc_grpc_channel *ch)
{
	Etcdserverpb__Compare cmp = ETCDSERVERPB__COMPARE__INIT;
	Etcdserverpb__PutRequest put = ETCDSERVERPB__PUT_REQUEST__INIT;
	Etcdserverpb__RequestOp op = ETCDSERVERPB__REQUEST_OP__INIT;

	cmp.key = bin(r->key, r->key_len);
	if (r->kind == REQ_CREATE) {
		cmp.result = ETCDSERVERPB__COMPARE__COMPARE_RESULT__EQUAL;
		cmp.target = ETCDSERVERPB__COMPARE__COMPARE_TARGET__CREATE;
		cmp.target_union_case = ETCDSERVERPB__COMPARE__TARGET_UNION_CREATE_REVISION;
		cmp.create_revision = 0;
	} else if (r->num == KC_ETCD3_ANY_REVISION) {
		/* the key must exist */
		cmp.result = ETCDSERVERPB__COMPARE__COMPARE_RESULT__GREATER;
		cmp.target = ETCDSERVERPB__COMPARE__COMPARE_TARGET__CREATE;
		cmp.target_union_case = ETCDSERVERPB__COMPARE__TARGET_UNION_CREATE_REVISION;
		cmp.create_revision = 0;
	} else {
		cmp.result = ETCDSERVERPB__COMPARE__COMPARE_RESULT__EQUAL;
		cmp.target = ETCDSERVERPB__COMPARE__COMPARE_TARGET__MOD;
		cmp.target_union_case = ETCDSERVERPB__COMPARE__TARGET_UNION_MOD_REVISION;
		cmp.mod_revision = r->num;
	}
	put.key = bin(r->key, r->key_len);
	put.value = bin(r->value, r->value_len);
	put.lease = r->num2;
	op.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_PUT;
	op.request_put = &put;
	return start_txn(r, ch, &cmp, &op);
}

static struct kc_grpc_call *
start_delete(struct kc_etcd3_req *r, struct kc_grpc_channel *ch)
{
	Etcdserverpb__Compare cmp = ETCDSERVERPB__COMPARE__INIT;
	Etcdserverpb__DeleteRangeRequest del = ETCDSERVERPB__DELETE_RANGE_REQUEST__INIT;
	Etcdserverpb__RequestOp op = ETCDSERVERPB__REQUEST_OP__INIT;

	del.key = bin(r->key, r->key_len);
	del.prev_kv = 1;
	op.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_DELETE_RANGE;
	op.request_delete_range = &del;
	if (r->num == KC_ETCD3_ANY_REVISION)
		return start_txn(r, ch, NULL, &op);
	cmp.key = bin(r->key, r->key_len);
	cmp.result = ETCDSERVERPB__COMPARE__COMPARE_RESULT__EQUAL;
	cmp.target = ETCDSERVERPB__COMPARE__COMPARE_TARGET__MOD;
	cmp.target_union_case = ETCDSERVERPB__COMPARE__TARGET_UNION_MOD_REVISION;
	cmp.mod_revision = r->num;
	return start_txn(r, ch, &cmp, &op);
}

/* Two count-only ranges of the prefix in one Txn, so both see the same revision. */
static struct kc_grpc_call *
start_prefix_stat(struct kc_etcd3_req *r, struct kc_grpc_channel *ch)
{
	Etcdserverpb__TxnRequest txn = ETCDSERVERPB__TXN_REQUEST__INIT;
	Etcdserverpb__RangeRequest all = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__RangeRequest changed = ETCDSERVERPB__RANGE_REQUEST__INIT;
	Etcdserverpb__RequestOp ops[2] = { ETCDSERVERPB__REQUEST_OP__INIT,
					   ETCDSERVERPB__REQUEST_OP__INIT };
	Etcdserverpb__RequestOp *opp[2] = { &ops[0], &ops[1] };

	all.key = bin(r->key, r->key_len);
	all.range_end = bin(r->range_end, r->range_end_len);
	all.count_only = 1;
	/* etcd's count ignores the revision filters, so ask for one key that passes them */
	changed.key = all.key;
	changed.range_end = all.range_end;
	changed.keys_only = 1;
	changed.limit = 1;
	changed.min_mod_revision = r->num + 1;
	ops[0].request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_RANGE;
	ops[0].request_range = &all;
	ops[1].request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_RANGE;
	ops[1].request_range = &changed;
	txn.n_success = 2;
	txn.success = opp;
	return kc_grpc_unary(ch, M_TXN, &txn.base, &etcdserverpb__txn_response__descriptor,
			     r->e->timeout_ms, on_unary, r);
}

/* compact.go: If(Version(compact_rev_key) == t) Then Put(compact_rev_key, rev) Else Get. */
static struct kc_grpc_call *
start_compactor_txn(struct kc_etcd3_req *r, struct kc_grpc_channel *ch)
{
	Etcdserverpb__Compare cmp = ETCDSERVERPB__COMPARE__INIT;
	Etcdserverpb__PutRequest put = ETCDSERVERPB__PUT_REQUEST__INIT;
	Etcdserverpb__RequestOp op = ETCDSERVERPB__REQUEST_OP__INIT;

	cmp.key = bin(r->key, r->key_len);
	cmp.result = ETCDSERVERPB__COMPARE__COMPARE_RESULT__EQUAL;
	cmp.target = ETCDSERVERPB__COMPARE__COMPARE_TARGET__VERSION;
	cmp.target_union_case = ETCDSERVERPB__COMPARE__TARGET_UNION_VERSION;
	cmp.version = r->num;
	put.key = bin(r->key, r->key_len);
	put.value = bin(r->value, r->value_len);
	op.request_case = ETCDSERVERPB__REQUEST_OP__REQUEST_REQUEST_PUT;
	op.request_put = &put;
	return start_txn(r, ch, &cmp, &op);
}

static struct kc_grpc_call *
start_attempt(struct kc_etcd3_req *r)
{
	struct kc_etcd3 *e = r->e;
	struct kc_grpc_channel *ch;

	r->endpoint = (int)e->active;
	r->attempts++;
	ch = e->channels[e->active];
	switch (r->kind) {
	case REQ_GET:
	case REQ_RANGE:
	case REQ_CURRENT_REV:
		return start_range(r, ch);
	case REQ_CREATE:
	case REQ_UPDATE:
		return start_put_txn(r, ch);
	case REQ_DELETE:
		return start_delete(r, ch);
	case REQ_PREFIX_STAT:
		return start_prefix_stat(r, ch);
	case REQ_COMPACTOR:
		return start_compactor_txn(r, ch);
	case REQ_COMPACT: {
		Etcdserverpb__CompactionRequest c = ETCDSERVERPB__COMPACTION_REQUEST__INIT;

		c.revision = r->num;
		return kc_grpc_unary(ch, M_COMPACT, &c.base,
				     &etcdserverpb__compaction_response__descriptor, e->timeout_ms,
				     on_unary, r);
	}
	case REQ_LEASE_GRANT:
	case REQ_LEASE_FOR_TTL: {
		Etcdserverpb__LeaseGrantRequest l = ETCDSERVERPB__LEASE_GRANT_REQUEST__INIT;

		l.ttl = r->num;
		return kc_grpc_unary(ch, M_LEASE_GRANT, &l.base,
				     &etcdserverpb__lease_grant_response__descriptor, e->timeout_ms,
				     on_unary, r);
	}
	}
	return NULL;
}

/* --- requests: lifecycle ------------------------------------------------------------------ */

static void
req_free(struct kc_etcd3_req *r)
{
	TAILQ_REMOVE(&r->e->reqs, r, link);
	if (r->lease_waiting)
		TAILQ_REMOVE(&r->e->lease_waiters, r, wait_link);
	if (r->e->lease_pending == r)
		r->e->lease_pending = NULL;
	if (r->defer != NULL)
		event_free(r->defer);
	free(r->key);
	free(r->range_end);
	free(r->start);
	free(r->value);
	free(r);
}

static void lease_waiters_wake(struct kc_etcd3 *e);

void
kc_etcd3_req_cancel(struct kc_etcd3_req *r)
{
	struct kc_etcd3 *e;
	int was_pending;

	if (r == NULL)
		return;
	e = r->e;
	was_pending = e->lease_pending == r;
	kc_grpc_call_cancel(r->call);
	if (e->compact_req == r)
		e->compact_req = NULL;
	req_free(r);
	/* the requests that waited for a canceled grant go on without it */
	if (was_pending && !e->freeing)
		lease_waiters_wake(e);
}

/* store.go's operation name of a keyed request for the metrics, or NULL. */
static const char *
operation_name(enum req_kind kind)
{
	switch (kind) {
	case REQ_GET:
		return "get";
	case REQ_RANGE:
		return "list";
	case REQ_PREFIX_STAT:
		return "listWithCount";
	case REQ_CREATE:
		return "create";
	case REQ_UPDATE:
		return "update";
	case REQ_DELETE:
		return "delete";
	default:
		return NULL;
	}
}

static void
observe(struct kc_etcd3_req *r, int err)
{
	struct kc_etcd3 *e = r->e;
	const char *op = operation_name(r->kind);

	if (e->observe == NULL || op == NULL || r->key == NULL || r->key_len < e->prefix_len)
		return;
	e->observe(e->observe_arg, op, r->key + e->prefix_len,
		   (double)(kc_clock_mono_ns() - r->start_ns) / 1e9, err);
}

void
kc_etcd3_set_observer(struct kc_etcd3 *e, kc_etcd3_observe_fn fn, void *arg)
{
	e->observe = fn;
	e->observe_arg = arg;
}

static void
finish(struct kc_etcd3_req *r, int err, struct result_buf *rb, const char *message)
{
	observe(r, err);
	rb->res.message = message != NULL ? message : "";
	r->call = NULL;
	if (r->cb != NULL)
		r->cb(r->arg, err, &rb->res);
	result_buf_release(rb);
	req_free(r);
}

static void finish_error(struct kc_etcd3_req *r, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
finish_error(struct kc_etcd3_req *r, int err, const char *fmt, ...)
{
	struct result_buf rb = { 0 };
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	finish(r, err, &rb, msg);
}

static struct kc_etcd3_req *
req_new(struct kc_etcd3 *e, enum req_kind kind, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r = calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->e = e;
	r->kind = kind;
	r->start_ns = kc_clock_mono_ns();
	r->cb = cb;
	r->arg = arg;
	TAILQ_INSERT_TAIL(&e->reqs, r, link);
	return r;
}

/* Starts the first attempt; frees r and returns NULL when that fails (out of memory). */
static struct kc_etcd3_req *
req_start(struct kc_etcd3_req *r)
{
	r->call = start_attempt(r);
	if (r->call == NULL) {
		req_free(r);
		return NULL;
	}
	return r;
}

static int
is_mutation(enum req_kind kind)
{
	return kind == REQ_CREATE || kind == REQ_UPDATE || kind == REQ_DELETE ||
	       kind == REQ_COMPACTOR;
}

/* Whether the request surely never reached the server (grpc.c's dial and handshake errors). */
static int
never_sent(const char *message)
{
	return strstr(message, "Error while dialing") != NULL ||
	       strstr(message, "authentication handshake failed") != NULL;
}

/* An endpoint failed a call: the next one becomes active (clientv3's balancer moves on). */
static void
endpoint_failed(struct kc_etcd3 *e, int endpoint, const char *why)
{
	if (e->n < 2 || (size_t)endpoint != e->active)
		return;
	e->active = (e->active + 1) % e->n;
	e->failovers++;
	kc_v(2, "etcd endpoint %s failed (%s); switching to %s", e->urls[endpoint], why,
	     e->urls[e->active]);
}

/* --- requests: answers -------------------------------------------------------------------- */

static int
etcd_error(const struct kc_grpc_status *st)
{
	/* "etcdserver: mvcc: required revision has been compacted" (OUT_OF_RANGE) */
	if (strstr(st->message, "required revision has been compacted") != NULL)
		return KC_ERR_EXPIRED;
	if (st->code == KC_GRPC_UNAVAILABLE)
		return KC_ERR_UNAVAILABLE;
	if (st->code == KC_GRPC_DEADLINE_EXCEEDED)
		return KC_ERR_TIMEOUT;
	return st->err;
}

static Etcdserverpb__RangeResponse *
txn_range(const Etcdserverpb__TxnResponse *t, size_t i)
{
	if (i >= t->n_responses ||
	    t->responses[i]->response_case != ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_RANGE)
		return NULL;
	return t->responses[i]->response_range;
}

static void
answer_range(struct kc_etcd3_req *r, Etcdserverpb__RangeResponse *rr)
{
	struct result_buf rb = { 0 };

	rb.res.revision = header_revision(rr->header);
	/* a read at a past revision answers at that revision (store.go's withRev) */
	if (r->kind == REQ_RANGE && r->num > 0)
		rb.res.revision = r->num;
	rb.res.more = rr->more;
	rb.res.count = rr->count;
	if (result_set_kvs(r->e, &rb, rr->kvs, rr->n_kvs) < 0) {
		result_buf_release(&rb);
		finish_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	if (r->kind == REQ_GET && rr->n_kvs == 0) {
		finish(r, KC_ERR_NOT_FOUND, &rb, "key not found");
		return;
	}
	finish(r, 0, &rb, NULL);
}

/* The Else branch of a conditional write: the key's current kv, or none. */
static void
answer_txn_failed(struct kc_etcd3_req *r, Etcdserverpb__TxnResponse *t, struct result_buf *rb)
{
	Etcdserverpb__RangeResponse *cur = txn_range(t, 0);
	size_t n = cur != NULL ? cur->n_kvs : 0;

	if (n > 0 && result_set_kvs(r->e, rb, cur->kvs, n) < 0) {
		result_buf_release(rb);
		finish_error(r, KC_ERR_NOMEM, "out of memory");
		return;
	}
	if (r->kind == REQ_CREATE)
		finish(r, KC_ERR_ALREADY_EXISTS, rb, "key already exists");
	else if (n == 0)
		finish(r, KC_ERR_NOT_FOUND, rb, "key not found");
	else
		finish(r, KC_ERR_CONFLICT, rb, "the object has been modified");
}

static void compactor_answer(struct kc_etcd3 *e, int err, Etcdserverpb__TxnResponse *t,
			     const char *message);
static void lease_manager_answer(struct kc_etcd3_req *r, int err, int64_t id, int64_t ttl,
				 const char *message);

static void
answer_txn(struct kc_etcd3_req *r, Etcdserverpb__TxnResponse *t)
{
	struct result_buf rb = { 0 };

	rb.res.revision = header_revision(t->header);
	if (r->kind == REQ_PREFIX_STAT) {
		Etcdserverpb__RangeResponse *all = txn_range(t, 0), *changed = txn_range(t, 1);

		if (all == NULL || changed == NULL) {
			finish_error(r, KC_ERR_INTERNAL, "etcd answered the Txn without ranges");
			return;
		}
		rb.res.count = all->count;
		rb.res.changed = (int64_t)changed->n_kvs;
		finish(r, 0, &rb, NULL);
		return;
	}
	if (!t->succeeded) {
		answer_txn_failed(r, t, &rb);
		return;
	}
	if (r->kind == REQ_DELETE && t->n_responses == 1 &&
	    t->responses[0]->response_case ==
		    ETCDSERVERPB__RESPONSE_OP__RESPONSE_RESPONSE_DELETE_RANGE) {
		Etcdserverpb__DeleteRangeResponse *d = t->responses[0]->response_delete_range;

		if (d->deleted == 0) {
			finish(r, KC_ERR_NOT_FOUND, &rb, "key not found");
			return;
		}
		if (d->n_prev_kvs > 0 && result_set_prev(r->e, &rb, d->prev_kvs[0]) < 0) {
			result_buf_release(&rb);
			finish_error(r, KC_ERR_NOMEM, "out of memory");
			return;
		}
	}
	finish(r, 0, &rb, NULL);
}

static void
answer(struct kc_etcd3_req *r, ProtobufCMessage *resp)
{
	struct result_buf rb = { 0 };

	switch (r->kind) {
	case REQ_GET:
	case REQ_RANGE:
	case REQ_CURRENT_REV:
		answer_range(r, (Etcdserverpb__RangeResponse *)resp);
		break;
	case REQ_CREATE:
	case REQ_UPDATE:
	case REQ_DELETE:
	case REQ_PREFIX_STAT:
		answer_txn(r, (Etcdserverpb__TxnResponse *)resp);
		break;
	case REQ_COMPACTOR:
		r->e->compact_req = NULL;
		compactor_answer(r->e, 0, (Etcdserverpb__TxnResponse *)resp, "");
		req_free(r);
		break;
	case REQ_COMPACT:
		rb.res.revision =
			header_revision(((Etcdserverpb__CompactionResponse *)resp)->header);
		finish(r, 0, &rb, NULL);
		break;
	case REQ_LEASE_GRANT:
	case REQ_LEASE_FOR_TTL: {
		Etcdserverpb__LeaseGrantResponse *l = (Etcdserverpb__LeaseGrantResponse *)resp;

		if (l->error != NULL && l->error[0] != '\0') {
			finish_error(r, KC_ERR_INTERNAL, "%s", l->error);
			break;
		}
		if (r->kind == REQ_LEASE_FOR_TTL) {
			lease_manager_answer(r, 0, l->id, l->ttl, NULL);
			break;
		}
		rb.res.revision = header_revision(l->header);
		rb.res.lease_id = l->id;
		rb.res.ttl = l->ttl;
		finish(r, 0, &rb, NULL);
		break;
	}
	}
}

static void
fail(struct kc_etcd3_req *r, int err, const char *message)
{
	if (r->kind == REQ_COMPACTOR) {
		r->e->compact_req = NULL;
		compactor_answer(r->e, err, NULL, message);
		req_free(r);
	} else if (r->kind == REQ_LEASE_FOR_TTL) {
		lease_manager_answer(r, err, 0, 0, message);
	} else {
		finish_error(r, err, "%s", message);
	}
}

static void
on_unary(void *arg, const struct kc_grpc_status *st, ProtobufCMessage *resp)
{
	struct kc_etcd3_req *r = arg;
	struct kc_etcd3 *e = r->e;

	r->call = NULL;
	if (st->code == KC_GRPC_OK) {
		answer(r, resp);
		protobuf_c_message_free_unpacked(resp, NULL);
		return;
	}
	if (st->code == KC_GRPC_UNAVAILABLE) {
		endpoint_failed(e, r->endpoint, st->message);
		if ((size_t)r->attempts < e->n &&
		    (!is_mutation(r->kind) || never_sent(st->message))) {
			r->call = start_attempt(r);
			if (r->call != NULL)
				return;
		}
	}
	fail(r, etcd_error(st), st->message);
}

/* --- operations --------------------------------------------------------------------------- */

static struct kc_etcd3_req *
req_with_key(struct kc_etcd3 *e, enum req_kind kind, const char *key, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r;
	char *k;
	size_t len;

	k = full_key(e, key, &len);
	if (k == NULL)
		return NULL;
	r = req_new(e, kind, cb, arg);
	if (r == NULL) {
		free(k);
		return NULL;
	}
	r->key = k;
	r->key_len = len;
	return r;
}

/* Sets r's range to everything below key (r->key is the full prefix). */
static int
req_prefix_range(struct kc_etcd3_req *r)
{
	r->range_end = kc_etcd3_prefix_end(r->key, r->key_len, &r->range_end_len);
	return r->range_end != NULL ? 0 : KC_ERR_NOMEM;
}

struct kc_etcd3_req *
kc_etcd3_get(struct kc_etcd3 *e, const char *key, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r = req_with_key(e, REQ_GET, key, cb, arg);

	return r != NULL ? req_start(r) : NULL;
}

struct kc_etcd3_req *
kc_etcd3_range(struct kc_etcd3 *e, const struct kc_etcd3_range_opts *opts, kc_etcd3_cb cb,
	       void *arg)
{
	struct kc_etcd3_req *r = req_with_key(e, REQ_RANGE, opts->prefix, cb, arg);

	if (r == NULL)
		return NULL;
	if (req_prefix_range(r) < 0)
		goto fail;
	if (opts->start_key != NULL) {
		r->start = full_key(e, opts->start_key, &r->start_len);
		if (r->start == NULL)
			goto fail;
		if (opts->start_after)
			r->start_len++; /* full_key's NUL terminator becomes part of the key */
		/* a start key before the prefix would read other resources' keys */
		if (r->start_len < r->key_len || memcmp(r->start, r->key, r->key_len) != 0)
			goto fail;
	}
	r->num = opts->revision;
	r->num2 = opts->limit;
	r->flags = (opts->keys_only ? 1 : 0) | (opts->count_only ? 2 : 0);
	return req_start(r);
fail:
	req_free(r);
	return NULL;
}

static struct kc_etcd3_req *
put_req(struct kc_etcd3 *e, enum req_kind kind, const char *key, const void *value, size_t len,
	int64_t expected, int64_t lease, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r = req_with_key(e, kind, key, cb, arg);

	if (r == NULL)
		return NULL;
	r->value = malloc(len > 0 ? len : 1);
	if (r->value == NULL) {
		req_free(r);
		return NULL;
	}
	if (len > 0)
		memcpy(r->value, value, len);
	r->value_len = len;
	r->num = expected;
	r->num2 = lease;
	return req_start(r);
}

struct kc_etcd3_req *
kc_etcd3_create(struct kc_etcd3 *e, const char *key, const void *value, size_t len, int64_t lease,
		kc_etcd3_cb cb, void *arg)
{
	return put_req(e, REQ_CREATE, key, value, len, 0, lease, cb, arg);
}

struct kc_etcd3_req *
kc_etcd3_update(struct kc_etcd3 *e, const char *key, const void *value, size_t len,
		int64_t expected_mod_revision, int64_t lease, kc_etcd3_cb cb, void *arg)
{
	if (expected_mod_revision < 0)
		return NULL;
	return put_req(e, REQ_UPDATE, key, value, len, expected_mod_revision, lease, cb, arg);
}

struct kc_etcd3_req *
kc_etcd3_delete(struct kc_etcd3 *e, const char *key, int64_t expected_mod_revision, kc_etcd3_cb cb,
		void *arg)
{
	struct kc_etcd3_req *r;

	if (expected_mod_revision < 0)
		return NULL;
	r = req_with_key(e, REQ_DELETE, key, cb, arg);
	if (r == NULL)
		return NULL;
	r->num = expected_mod_revision;
	return req_start(r);
}

struct kc_etcd3_req *
kc_etcd3_current_revision(struct kc_etcd3 *e, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r = req_with_key(e, REQ_CURRENT_REV, "/", cb, arg);

	if (r == NULL)
		return NULL;
	if (req_prefix_range(r) < 0) {
		req_free(r);
		return NULL;
	}
	return req_start(r);
}

struct kc_etcd3_req *
kc_etcd3_prefix_stat(struct kc_etcd3 *e, const char *prefix, int64_t since_revision, kc_etcd3_cb cb,
		     void *arg)
{
	struct kc_etcd3_req *r = req_with_key(e, REQ_PREFIX_STAT, prefix, cb, arg);

	if (r == NULL)
		return NULL;
	if (req_prefix_range(r) < 0) {
		req_free(r);
		return NULL;
	}
	r->num = since_revision;
	return req_start(r);
}

struct kc_etcd3_req *
kc_etcd3_compact(struct kc_etcd3 *e, int64_t revision, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r = req_new(e, REQ_COMPACT, cb, arg);

	if (r == NULL)
		return NULL;
	r->num = revision;
	return req_start(r);
}

struct kc_etcd3_req *
kc_etcd3_lease_grant(struct kc_etcd3 *e, int64_t ttl_seconds, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r = req_new(e, REQ_LEASE_GRANT, cb, arg);

	if (r == NULL)
		return NULL;
	r->num = ttl_seconds;
	return req_start(r);
}

/* --- lease manager (lease_manager.go) ----------------------------------------------------- */

static int64_t
lease_reuse_seconds(int64_t ttl)
{
	int64_t reuse = ttl * LEASE_REUSE_PERCENT / 100;

	return reuse > LEASE_REUSE_MAX_SECONDS ? LEASE_REUSE_MAX_SECONDS : reuse;
}

/* Whether a new object of ttl_seconds may ride on the cached lease (lease_manager.go). */
static int
lease_reusable(const struct kc_etcd3 *e, int64_t ttl_seconds, int64_t now)
{
	int64_t reuse = lease_reuse_seconds(ttl_seconds);
	int valid = now + ttl_seconds * 1000 < e->lease_expires_ms;
	/* >=, not upstream's strict After(): our clock counts milliseconds, and a grant answered
	 * within the millisecond it was asked in must still be reusable */
	int sufficient = now + (ttl_seconds + reuse) * 1000 >= e->lease_expires_ms;

	return e->lease_id != 0 && valid && sufficient && e->lease_objects < LEASE_MAX_OBJECT_COUNT;
}

static void
on_lease_reused(evutil_socket_t fd, short what, void *arg)
{
	struct kc_etcd3_req *r = arg;
	struct result_buf rb = { 0 };

	(void)fd;
	(void)what;
	rb.res.lease_id = r->num;
	rb.res.ttl = r->num2;
	finish(r, 0, &rb, NULL);
}

/*
 * Serves r (a lease_for_ttl request whose object ttl is r->ttl): queues it behind the grant in
 * flight, answers it with the cached lease from the loop, or starts a grant that becomes the
 * pending one.  0, or KC_ERR_NOMEM with r untouched (the caller frees or fails it).
 */
static int
lease_for_ttl_dispatch(struct kc_etcd3_req *r)
{
	struct kc_etcd3 *e = r->e;
	int64_t now = mono_ms();

	if (e->lease_pending != NULL) {
		TAILQ_INSERT_TAIL(&e->lease_waiters, r, wait_link);
		r->lease_waiting = 1;
		return 0;
	}
	if (lease_reusable(e, r->ttl, now)) {
		if (r->defer == NULL)
			r->defer = event_new(e->base, -1, 0, on_lease_reused, r);
		if (r->defer == NULL)
			return KC_ERR_NOMEM;
		e->lease_objects++;
		r->num = e->lease_id;
		r->num2 = (e->lease_expires_ms - now) / 1000;
		event_active(r->defer, 0, 0);
		return 0;
	}
	r->num = r->ttl + lease_reuse_seconds(r->ttl); /* a little extra ttl from etcd */
	r->num2 = now;
	r->call = start_attempt(r);
	if (r->call == NULL)
		return KC_ERR_NOMEM;
	e->lease_pending = r;
	return 0;
}

/*
 * The pending grant is over: the waiters, in order, reuse its lease or (when it failed or
 * does not fit them) start the next grant, behind which the rest wait again.
 */
static void
lease_waiters_wake(struct kc_etcd3 *e)
{
	struct kc_etcd3_req *r;

	while (e->lease_pending == NULL && (r = TAILQ_FIRST(&e->lease_waiters)) != NULL) {
		TAILQ_REMOVE(&e->lease_waiters, r, wait_link);
		r->lease_waiting = 0;
		if (lease_for_ttl_dispatch(r) < 0)
			finish_error(r, KC_ERR_NOMEM, "out of memory");
	}
}

static void
lease_manager_answer(struct kc_etcd3_req *r, int err, int64_t id, int64_t ttl, const char *message)
{
	struct kc_etcd3 *e = r->e;
	struct result_buf rb = { 0 };

	e->lease_pending = NULL;
	if (err < 0) {
		lease_waiters_wake(e);
		finish_error(r, err, "%s", message);
		return;
	}
	/* cache the new lease: its expiry counts from when it was asked for */
	e->lease_id = id;
	e->lease_expires_ms = r->num2 + r->num * 1000;
	e->lease_objects = 1;
	/* before r's callback, which may free e */
	lease_waiters_wake(e);
	rb.res.lease_id = id;
	rb.res.ttl = ttl;
	finish(r, 0, &rb, NULL);
}

struct kc_etcd3_req *
kc_etcd3_lease_for_ttl(struct kc_etcd3 *e, int64_t ttl_seconds, kc_etcd3_cb cb, void *arg)
{
	struct kc_etcd3_req *r;

	if (ttl_seconds <= 0)
		return NULL;
	r = req_new(e, REQ_LEASE_FOR_TTL, cb, arg);
	if (r == NULL)
		return NULL;
	r->ttl = ttl_seconds;
	if (lease_for_ttl_dispatch(r) < 0) {
		req_free(r);
		return NULL;
	}
	return r;
}

/* --- compactor (compact.go) --------------------------------------------------------------- */

static void
compactor_answer(struct kc_etcd3 *e, int err, Etcdserverpb__TxnResponse *t, const char *message)
{
	int64_t cur_rev, rev = e->compact_rev;

	if (err < 0) {
		kc_v(2, "etcd: compactor failed: %s", message);
		return;
	}
	cur_rev = header_revision(t->header);
	if (!t->succeeded) {
		/* another apiserver compacted: take its count and wait for the next interval */
		Etcdserverpb__RangeResponse *cur = txn_range(t, 0);

		e->compact_time = cur != NULL && cur->n_kvs > 0 ? cur->kvs[0]->version : 0;
		e->compact_rev = cur_rev;
		return;
	}
	e->compact_time++;
	e->compact_rev = cur_rev;
	if (rev == 0)
		return; /* we don't compact on bootstrap */
	if (kc_etcd3_compact(e, rev, NULL, NULL) == NULL)
		kc_v(2, "etcd: compact of revision %" PRId64 " not started: out of memory", rev);
	else
		kc_v(4, "etcd: compacting revision %" PRId64, rev);
}

static void
on_compact_tick(evutil_socket_t fd, short what, void *arg)
{
	struct kc_etcd3 *e = arg;
	struct kc_etcd3_req *r;
	char value[32];

	if (e->compact_req != NULL)
		return;
	r = req_new(e, REQ_COMPACTOR, NULL, NULL);
	if (r == NULL)
		return;
	snprintf(value, sizeof(value), "%" PRId64, e->compact_rev);
	r->key = strdup(KC_ETCD3_COMPACT_REV_KEY);
	r->value = strdup(value);
	if (r->key == NULL || r->value == NULL) {
		req_free(r);
		return;
	}
	r->key_len = strlen(r->key);
	r->value_len = strlen(value);
	r->num = e->compact_time;
	e->compact_req = req_start(r);
}

int
kc_etcd3_compactor_start(struct kc_etcd3 *e, long interval_ms)
{
	struct timeval tv;

	if (e->compact_timer != NULL) {
		event_free(e->compact_timer);
		e->compact_timer = NULL;
	}
	e->compact_interval_ms = interval_ms;
	if (interval_ms <= 0)
		return 0;
	e->compact_timer = event_new(e->base, -1, EV_PERSIST, on_compact_tick, e);
	if (e->compact_timer == NULL)
		return KC_ERR_NOMEM;
	tv.tv_sec = interval_ms / 1000;
	tv.tv_usec = (interval_ms % 1000) * 1000;
	event_add(e->compact_timer, &tv);
	/* the first tick records the revision the next one compacts to */
	on_compact_tick(-1, 0, e);
	return 0;
}

/* --- watch -------------------------------------------------------------------------------- */

static void watch_on_message(void *arg, ProtobufCMessage *msg);
static void watch_on_status(void *arg, const struct kc_grpc_status *st);

static int
watch_open(struct kc_etcd3_watch *w)
{
	struct kc_etcd3 *e = w->e;
	Etcdserverpb__WatchRequest req = ETCDSERVERPB__WATCH_REQUEST__INIT;
	Etcdserverpb__WatchCreateRequest cr = ETCDSERVERPB__WATCH_CREATE_REQUEST__INIT;

	cr.key = bin(w->key, w->key_len);
	cr.range_end = bin(w->range_end, w->range_end_len);
	cr.start_revision = w->next_rev;
	cr.prev_kv = w->prev_kv;
	cr.progress_notify = w->progress_notify;
	req.request_union_case = ETCDSERVERPB__WATCH_REQUEST__REQUEST_UNION_CREATE_REQUEST;
	req.create_request = &cr;
	w->endpoint = (int)e->active;
	w->call = kc_grpc_server_stream(e->channels[e->active], M_WATCH, &req.base,
					&etcdserverpb__watch_response__descriptor, 0,
					watch_on_message, watch_on_status, w);
	return w->call != NULL ? 0 : KC_ERR_NOMEM;
}

static void
watch_free(struct kc_etcd3_watch *w)
{
	LIST_REMOVE(w, link);
	if (w->retry != NULL)
		event_free(w->retry);
	free(w->key);
	free(w->range_end);
	free(w);
}

void
kc_etcd3_watch_cancel(struct kc_etcd3_watch *w)
{
	if (w == NULL || w->canceled)
		return;
	w->canceled = 1;
	kc_grpc_call_cancel(w->call);
	w->call = NULL;
	if (w->retry != NULL)
		event_del(w->retry);
	if (!w->in_callback)
		watch_free(w);
}

int64_t
kc_etcd3_watch_revision(const struct kc_etcd3_watch *w)
{
	return w->last_rev;
}

long
kc_etcd3_watch_reconnects(const struct kc_etcd3_watch *w)
{
	return w->reconnects;
}

/* Ends the watch for good from inside its stream's callbacks. */
static void
watch_end(struct kc_etcd3_watch *w, int err, const struct kc_etcd3_result *res)
{
	kc_grpc_call_cancel(w->call); /* a no-op from the status callback */
	w->call = NULL;
	w->in_callback++;
	w->on_end(w->arg, err, res);
	w->in_callback--;
	w->canceled = 1;
	watch_free(w);
}

static void
watch_deliver(struct kc_etcd3_watch *w, Etcdserverpb__WatchResponse *wr)
{
	struct kc_etcd3_event *ev;
	struct kc_etcd3_kv *prevs;
	int64_t rev = w->last_rev;
	size_t n = wr->n_events, i;

	ev = calloc(n, sizeof(*ev));
	prevs = calloc(n, sizeof(*prevs));
	if (ev == NULL || prevs == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		const Etcdserverpb__Event *in = wr->events[i];

		if (in->kv == NULL)
			break;
		ev[i].type = in->type == ETCDSERVERPB__EVENT__EVENT_TYPE__DELETE ? KC_ETCD3_DELETE
										 : KC_ETCD3_PUT;
		if (kv_convert(w->e, in->kv, &ev[i].kv) < 0)
			break;
		if (in->prev_kv != NULL) {
			if (kv_convert(w->e, in->prev_kv, &prevs[i]) < 0) {
				free((char *)ev[i].kv.key);
				break;
			}
			ev[i].prev_kv = &prevs[i];
		}
		if (in->kv->mod_revision > rev)
			rev = in->kv->mod_revision;
	}
	if (i < n) {
		/* out of memory: drop the stream; it reopens from the last delivered revision */
		n = i;
		kc_grpc_call_cancel(w->call);
		w->call = NULL;
		if (w->retry != NULL)
			event_active(w->retry, 0, 0);
	}
	if (n > 0) {
		w->last_rev = rev;
		w->next_rev = rev + 1;
		w->on_events(w->arg, rev, ev, n);
	}
	for (i = 0; i < n; i++) {
		free((char *)ev[i].kv.key);
		free((char *)prevs[i].key);
	}
out:
	free(ev);
	free(prevs);
}

static void
watch_on_message(void *arg, ProtobufCMessage *msg)
{
	struct kc_etcd3_watch *w = arg;
	Etcdserverpb__WatchResponse *wr = (Etcdserverpb__WatchResponse *)msg;
	int64_t hrev = header_revision(wr->header);

	w->in_callback++;
	if (wr->canceled) {
		struct kc_etcd3_result res = { 0 };
		int err = wr->compact_revision != 0 ? KC_ERR_EXPIRED : KC_ERR_INTERNAL;

		res.revision = hrev;
		res.compact_revision = wr->compact_revision;
		res.message = wr->compact_revision != 0
				      ? "etcdserver: mvcc: required revision has been compacted"
			      : wr->cancel_reason != NULL && wr->cancel_reason[0] != '\0'
				      ? wr->cancel_reason
				      : "etcd canceled the watch";
		w->in_callback--;
		if (!w->canceled)
			watch_end(w, err, &res);
		else if (w->in_callback == 0)
			watch_free(w);
		protobuf_c_message_free_unpacked(msg, NULL);
		return;
	}
	if (wr->created) {
		w->backoff_ms = 0;
		if (w->next_rev == 0 && hrev > 0) {
			/* "now" means after the revision the watch was created at */
			w->last_rev = hrev;
			w->next_rev = hrev + 1;
		}
	}
	if (wr->n_events > 0) {
		watch_deliver(w, wr);
	} else if (!wr->created && hrev > 0 && hrev >= w->next_rev - 1) {
		/* a progress notification */
		w->last_rev = hrev;
		w->next_rev = hrev + 1;
		w->on_events(w->arg, hrev, NULL, 0);
	}
	w->in_callback--;
	protobuf_c_message_free_unpacked(msg, NULL);
	if (w->canceled && w->in_callback == 0)
		watch_free(w);
}

static int
watch_retryable(int code)
{
	switch (code) {
	case KC_GRPC_INVALID_ARGUMENT:
	case KC_GRPC_PERMISSION_DENIED:
	case KC_GRPC_UNAUTHENTICATED:
	case KC_GRPC_UNIMPLEMENTED:
	case KC_GRPC_OUT_OF_RANGE:
		return 0;
	default:
		return 1;
	}
}

static void
watch_schedule_retry(struct kc_etcd3_watch *w)
{
	struct timeval tv;

	w->backoff_ms = w->backoff_ms == 0 ? WATCH_RETRY_MIN_MS : w->backoff_ms * 2;
	if (w->backoff_ms > w->e->watch_retry_max_ms)
		w->backoff_ms = w->e->watch_retry_max_ms;
	tv.tv_sec = w->backoff_ms / 1000;
	tv.tv_usec = (w->backoff_ms % 1000) * 1000;
	event_add(w->retry, &tv);
}

static void
watch_on_status(void *arg, const struct kc_grpc_status *st)
{
	struct kc_etcd3_watch *w = arg;

	w->call = NULL;
	if (w->canceled)
		return;
	if (!watch_retryable(st->code)) {
		struct kc_etcd3_result res = { 0 };

		res.message = st->message;
		watch_end(w, etcd_error(st), &res);
		return;
	}
	if (st->code == KC_GRPC_UNAVAILABLE)
		endpoint_failed(w->e, w->endpoint, st->message);
	kc_v(4, "etcd watch on %s broke (%s); reopening from revision %" PRId64, w->key,
	     st->message, w->next_rev);
	watch_schedule_retry(w);
}

static void
on_watch_retry(evutil_socket_t fd, short what, void *arg)
{
	struct kc_etcd3_watch *w = arg;

	if (w->canceled || w->call != NULL)
		return;
	w->reconnects++;
	if (watch_open(w) < 0)
		watch_schedule_retry(w);
}

struct kc_etcd3_watch *
kc_etcd3_watch(struct kc_etcd3 *e, const struct kc_etcd3_watch_opts *opts,
	       kc_etcd3_watch_events_cb on_events, kc_etcd3_watch_end_cb on_end, void *arg)
{
	struct kc_etcd3_watch *w;

	if (opts == NULL || on_events == NULL || on_end == NULL || opts->start_revision < 0)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return NULL;
	w->e = e;
	LIST_INSERT_HEAD(&e->watches, w, link);
	w->key = full_key(e, opts->prefix, &w->key_len);
	if (w->key == NULL)
		goto fail;
	w->range_end = kc_etcd3_prefix_end(w->key, w->key_len, &w->range_end_len);
	w->retry = event_new(e->base, -1, 0, on_watch_retry, w);
	if (w->range_end == NULL || w->retry == NULL)
		goto fail;
	w->prev_kv = opts->prev_kv;
	w->progress_notify = opts->progress_notify;
	w->next_rev = opts->start_revision;
	w->last_rev = opts->start_revision > 0 ? opts->start_revision - 1 : 0;
	w->on_events = on_events;
	w->on_end = on_end;
	w->arg = arg;
	if (watch_open(w) < 0)
		goto fail;
	return w;
fail:
	watch_free(w);
	return NULL;
}

/* --- the client ----------------------------------------------------------------------------- */

struct event_base *
kc_etcd3_event_base(const struct kc_etcd3 *e)
{
	return e->base;
}

const char *
kc_etcd3_prefix(const struct kc_etcd3 *e)
{
	return e->prefix;
}

const char *
kc_etcd3_active_endpoint(const struct kc_etcd3 *e)
{
	return e->urls[e->active];
}

size_t
kc_etcd3_endpoints(const struct kc_etcd3 *e)
{
	return e->n;
}

long
kc_etcd3_failovers(const struct kc_etcd3 *e)
{
	return e->failovers;
}

struct kc_etcd3 *
kc_etcd3_free(struct kc_etcd3 *e)
{
	if (e == NULL)
		return NULL;
	e->freeing = 1;
	while (!TAILQ_EMPTY(&e->reqs))
		kc_etcd3_req_cancel(TAILQ_FIRST(&e->reqs));
	while (!LIST_EMPTY(&e->watches)) {
		struct kc_etcd3_watch *w = LIST_FIRST(&e->watches);

		w->in_callback = 0;
		w->canceled = 0;
		kc_etcd3_watch_cancel(w);
	}
	if (e->compact_timer != NULL)
		event_free(e->compact_timer);
	for (size_t i = 0; i < e->n; i++) {
		kc_grpc_channel_free(e->channels[i]);
		free(e->urls[i]);
	}
	free(e->channels);
	free(e->urls);
	free(e->prefix);
	free(e);
	return NULL;
}

static int
set_prefix(struct kc_etcd3 *e, const char *prefix)
{
	size_t len;

	if (prefix == NULL)
		prefix = KC_ETCD3_DEFAULT_PREFIX;
	len = strlen(prefix);
	while (len > 0 && prefix[len - 1] == '/')
		len--;
	/* upstream joins "/" + prefix when it lacks the leading slash (path.Join) */
	if (len > 0 && prefix[0] != '/') {
		e->prefix = malloc(len + 2);
		if (e->prefix == NULL)
			return KC_ERR_NOMEM;
		e->prefix[0] = '/';
		memcpy(e->prefix + 1, prefix, len);
		e->prefix[len + 1] = '\0';
		len++;
	} else {
		e->prefix = strndup(prefix, len);
		if (e->prefix == NULL)
			return KC_ERR_NOMEM;
	}
	e->prefix_len = len;
	return 0;
}

int
kc_etcd3_new(struct event_base *base, const struct kc_etcd3_options *opts, struct kc_etcd3 **ret,
	     char *err, size_t errlen)
{
	struct kc_grpc_channel_options gopts = { 0 };
	struct kc_etcd3 *e;
	int r;

	if (err == NULL)
		errlen = 0;
	if (opts == NULL || opts->n_servers == 0 || opts->servers == NULL) {
		snprintf(err, errlen, "--etcd-servers must be specified");
		return KC_ERR_INVALID;
	}
	e = calloc(1, sizeof(*e));
	if (e == NULL)
		return KC_ERR_NOMEM;
	e->base = base;
	TAILQ_INIT(&e->reqs);
	TAILQ_INIT(&e->lease_waiters);
	LIST_INIT(&e->watches);
	e->timeout_ms = opts->request_timeout_ms > 0 ? opts->request_timeout_ms
						     : KC_ETCD3_DEFAULT_REQUEST_TIMEOUT_MS;
	e->watch_retry_max_ms = opts->watch_retry_max_ms > 0 ? opts->watch_retry_max_ms : 2000;
	if (e->watch_retry_max_ms < WATCH_RETRY_MIN_MS)
		e->watch_retry_max_ms = WATCH_RETRY_MIN_MS;
	e->channels = calloc(opts->n_servers, sizeof(*e->channels));
	e->urls = calloc(opts->n_servers, sizeof(*e->urls));
	if (e->channels == NULL || e->urls == NULL || set_prefix(e, opts->prefix) < 0) {
		kc_etcd3_free(e);
		return KC_ERR_NOMEM;
	}
	gopts.ca_file = opts->ca_file;
	gopts.cert_file = opts->cert_file;
	gopts.key_file = opts->key_file;
	gopts.keepalive_time_ms = opts->keepalive_time_ms < 0    ? 0
				  : opts->keepalive_time_ms == 0 ? KC_ETCD3_KEEPALIVE_TIME_MS
								 : opts->keepalive_time_ms;
	gopts.keepalive_timeout_ms = opts->keepalive_timeout_ms > 0 ? opts->keepalive_timeout_ms
								    : KC_ETCD3_KEEPALIVE_TIMEOUT_MS;
	gopts.user_agent = "kube-apiserver etcd3 client (ckube)";
	for (size_t i = 0; i < opts->n_servers; i++) {
		const char *url = opts->servers[i];

		if (url == NULL ||
		    (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)) {
			snprintf(err, errlen, "--etcd-servers: %s: not an http:// or https:// URL",
				 url != NULL ? url : "(null)");
			kc_etcd3_free(e);
			return KC_ERR_INVALID;
		}
		e->urls[i] = strdup(url);
		if (e->urls[i] == NULL) {
			kc_etcd3_free(e);
			return KC_ERR_NOMEM;
		}
		e->n++;
		r = kc_grpc_channel_new(base, url, &gopts, &e->channels[i]);
		if (r < 0) {
			snprintf(err, errlen, "--etcd-servers: %s: %s", url,
				 r == KC_ERR_INVALID ? "invalid URL or TLS files" : kc_strerror(r));
			kc_etcd3_free(e);
			return r;
		}
	}
	*ret = e;
	return 0;
}
