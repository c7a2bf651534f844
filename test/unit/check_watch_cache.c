/*
 * check_watch_cache.c - the per-resource watch cache against a real etcd: initial list, live
 * updates, lists with namespaces, selectors, paging and every resourceVersion mode, gets, watches
 * from "0" (synthetic ADDED), from N (window replay) and from too old (410), selector
 * transitions, bookmarks, one wire buffer shared by 100 watchers, slow watchers ended, etcd
 * crashing under the cache without lost events, and a compacted cache watch (through a TCP proxy
 * the test cuts) making watchers get 410.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netinet/in.h>

#include "kube-apiserver/storage/etcd3.h"
#include "kube-apiserver/storage/watch_cache.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

/* --- loop ---------------------------------------------------------------------------------- */

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
	kc_test_base_free(base);
	base = NULL;
}

/* --- etcd ---------------------------------------------------------------------------------- */

static struct kc_etcd3 *
client_for(const char *url)
{
	const char *servers[] = { url };
	struct kc_etcd3_options opts = { .servers = servers,
					 .n_servers = 1,
					 .request_timeout_ms = 3000,
					 .watch_retry_max_ms = 200 };
	struct kc_etcd3 *e = NULL;
	char err[256] = "";

	ck_assert_msg(kc_etcd3_new(base, &opts, &e, err, sizeof(err)) == 0, "%s", err);
	return e;
}

static struct kc_etcd3 *
client(void)
{
	ck_assert_msg(etcd_test != NULL, "%s", etcd_server_missing());
	return client_for(etcd_test->client_url);
}

struct out {
	int done;
	int err;
	int64_t revision;
	char message[256];
};

static void
on_out(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct out *o = arg;

	o->done = 1;
	o->err = err;
	o->revision = res->revision;
	snprintf(o->message, sizeof(o->message), "%s", res->message);
}

/* A pod's JSON as the apiserver stores it (no resourceVersion). */
static char *
pod_json(const char *ns, const char *name, const char *node, const char *app)
{
	char *s;

	if (asprintf(&s,
		     "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"%s\","
		     "\"namespace\":\"%s\",\"uid\":\"uid-%s\",\"creationTimestamp\":"
		     "\"2024-01-01T00:00:00Z\",\"labels\":{\"app\":\"%s\"}},\"spec\":{\"nodeName\":"
		     "\"%s\"},\"status\":{\"phase\":\"Pending\"}}",
		     name, ns, name, app, node) < 0)
		abort();
	return s;
}

/* Writes (create, or update when it exists) a pod under prefix; returns the revision. */
static int64_t
put_pod(struct kc_etcd3 *e, const char *prefix, const char *ns, const char *name, const char *node,
	const char *app)
{
	KC_AUTOFREE char *json = pod_json(ns, name, node, app);
	char key[256];
	struct out o = { 0 };

	snprintf(key, sizeof(key), "%s/%s/%s", prefix, ns, name);
	ck_assert_ptr_nonnull(kc_etcd3_create(e, key, json, strlen(json), 0, on_out, &o));
	kc_test_poll_until(base, &o.done, 1, 5000);
	if (o.err == KC_ERR_ALREADY_EXISTS) {
		memset(&o, 0, sizeof(o));
		ck_assert_ptr_nonnull(kc_etcd3_update(e, key, json, strlen(json),
						      KC_ETCD3_ANY_REVISION, 0, on_out, &o));
		kc_test_poll_until(base, &o.done, 1, 5000);
	}
	ck_assert_msg(o.done && o.err == 0, "put %s: %s", key, o.message);
	return o.revision;
}

static int64_t
del_pod(struct kc_etcd3 *e, const char *prefix, const char *ns, const char *name)
{
	char key[256];
	struct out o = { 0 };

	snprintf(key, sizeof(key), "%s/%s/%s", prefix, ns, name);
	ck_assert_ptr_nonnull(kc_etcd3_delete(e, key, KC_ETCD3_ANY_REVISION, on_out, &o));
	kc_test_poll_until(base, &o.done, 1, 5000);
	ck_assert_int_eq(o.err, 0);
	return o.revision;
}

static void
compact(struct kc_etcd3 *e, int64_t rev)
{
	struct out o = { 0 };

	ck_assert_ptr_nonnull(kc_etcd3_compact(e, rev, on_out, &o));
	kc_test_poll_until(base, &o.done, 1, 5000);
	ck_assert_msg(o.err == 0, "%s", o.message);
}

/* --- the cache ----------------------------------------------------------------------------- */

static const char *
pod_field(const json_t *obj, const char *field)
{
	if (strcmp(field, "spec.nodeName") == 0)
		return kc_json_get_string(obj, "spec.nodeName", NULL);
	if (strcmp(field, "status.phase") == 0)
		return kc_json_get_string(obj, "status.phase", NULL);
	return NULL;
}

static struct kc_watch_cache *
cache_with(struct kc_etcd3 *e, const char *prefix, struct kc_watch_cache_options *opts)
{
	struct kc_watch_cache *wc = NULL;
	long deadline = kc_test_mono_ms() + 10000;

	opts->etcd = e;
	opts->key_prefix = prefix;
	opts->resource = "pods";
	opts->api_version = "v1";
	opts->kind = "Pod";
	opts->get_field = pod_field;
	if (opts->fresh_wait_ms == 0)
		opts->fresh_wait_ms = 1000;
	ck_assert_int_eq(kc_watch_cache_new(opts, &wc), 0);
	while (!kc_watch_cache_ready(wc) && kc_test_mono_ms() < deadline)
		kc_test_poll_until(base, NULL, 0, 10);
	ck_assert_msg(kc_watch_cache_ready(wc), "cache not ready in 10 s");
	return wc;
}

static struct kc_watch_cache *
cache(struct kc_etcd3 *e, const char *prefix)
{
	struct kc_watch_cache_options opts = { 0 };

	return cache_with(e, prefix, &opts);
}

/* Runs the loop until the cache has applied revision rev. */
static void
catch_up(struct kc_watch_cache *wc, int64_t rev)
{
	long deadline = kc_test_mono_ms() + 5000;

	while (kc_watch_cache_revision(wc) < rev && kc_test_mono_ms() < deadline)
		kc_test_poll_until(base, NULL, 0, 5);
	ck_assert_int_ge(kc_watch_cache_revision(wc), rev);
}

struct list_out {
	int done;
	int calls;
	int err;
	char message[1024];
	size_t n;
	char names[64][64];
	int64_t revision;
	char cont[512];
	int64_t remaining;
	struct kc_watch_cache_object *first; /* a reference */
};

static void
on_list(void *arg, int err, const char *message, const struct kc_watch_cache_list_result *res)
{
	struct list_out *o = arg;

	o->done = 1;
	o->calls++;
	o->err = err;
	snprintf(o->message, sizeof(o->message), "%s", message);
	if (res == NULL)
		return;
	o->n = res->n;
	for (size_t i = 0; i < res->n && i < 64; i++)
		snprintf(o->names[i], sizeof(o->names[i]), "%s",
			 kc_json_get_string(kc_watch_cache_object_json(res->items[i]),
					    "metadata.name", "?"));
	o->revision = res->revision;
	snprintf(o->cont, sizeof(o->cont), "%s", res->continue_token ? res->continue_token : "");
	o->remaining = res->remaining;
	if (res->n > 0)
		o->first = kc_watch_cache_object_ref(res->items[0]);
}

static void
do_list(struct kc_watch_cache *wc, const struct kc_watch_cache_list_opts *lo, struct list_out *o)
{
	kc_watch_cache_object_unref(o->first);
	memset(o, 0, sizeof(*o));
	ck_assert_ptr_nonnull(kc_watch_cache_list(wc, lo, on_list, o));
	ck_assert_int_eq(o->done, 0);
	kc_test_poll_until(base, &o->done, 1, 10000);
	ck_assert_msg(o->done, "no list answer");
	ck_assert_int_eq(o->calls, 1);
}

static void
list_release(struct list_out *o)
{
	o->first = kc_watch_cache_object_unref(o->first);
}

/* --- a recording sink ---------------------------------------------------------------------- */

struct rec {
	int n;
	int ended;
	int end_err;
	int refuse;     /* send fails */
	size_t backlog; /* what backlog() reports */
	enum kc_watch_event_type types[256];
	char names[256][64];
	int64_t rvs[256];
	char obj_rv[256][24];                    /* metadata.resourceVersion in the bytes */
	struct kc_http_shared_buf *bufs[256];    /* references */
	struct kc_watch_cache_object *objs[256]; /* borrowed pointers (for identity checks) */
	struct kc_watch_cache_watcher *w;
};

static int
rec_send(void *arg, struct kc_http_shared_buf *buf, const struct kc_watch_cache_event *ev)
{
	struct rec *r = arg;
	json_t *wire = NULL;
	int k;

	if (r->refuse)
		return -1;
	if (r->n >= 256)
		return 0;
	k = r->n++;
	r->types[k] = ev->type;
	r->rvs[k] = ev->revision;
	r->objs[k] = ev->object;
	r->bufs[k] = kc_http_shared_buf_ref(buf);
	/* the buffer is one wire event: {"type":...,"object":...}\n */
	ck_assert_int_eq(
		((const char *)kc_http_shared_buf_data(buf))[kc_http_shared_buf_len(buf) - 1],
		'\n');
	ck_assert_int_eq(kc_json_loads(kc_http_shared_buf_data(buf), kc_http_shared_buf_len(buf),
				       &wire, NULL, 0),
			 0);
	ck_assert_str_eq(kc_json_get_string(wire, "type", ""), kc_watch_event_type_name(ev->type));
	snprintf(r->names[k], sizeof(r->names[k]), "%s",
		 kc_json_get_string(wire, "object.metadata.name", ""));
	snprintf(r->obj_rv[k], sizeof(r->obj_rv[k]), "%s",
		 kc_json_get_string(wire, "object.metadata.resourceVersion", ""));
	json_decref(wire);
	return 0;
}

static size_t
rec_backlog(void *arg)
{
	return ((struct rec *)arg)->backlog;
}

static void
rec_end(void *arg, int err)
{
	struct rec *r = arg;

	r->ended++;
	r->end_err = err;
	r->w = NULL;
}

static void
rec_release(struct rec *r)
{
	for (int i = 0; i < r->n; i++)
		r->bufs[i] = kc_http_shared_buf_unref(r->bufs[i]);
	kc_watch_cache_watcher_stop(r->w);
	r->w = NULL;
}

static int
start_watch(struct kc_watch_cache *wc, struct kc_watch_cache_watch_opts *wo, struct rec *r,
	    char **msg)
{
	wo->sink.send = rec_send;
	wo->sink.backlog = rec_backlog;
	wo->sink.end = rec_end;
	wo->sink.arg = r;
	return kc_watch_cache_watch(wc, wo, &r->w, msg);
}

static void
must_watch(struct kc_watch_cache *wc, struct kc_watch_cache_watch_opts *wo, struct rec *r)
{
	char *msg = NULL;
	int err = start_watch(wc, wo, r, &msg);

	ck_assert_msg(err == 0, "watch: %s %s", kc_strerror(err), msg ? msg : "");
	free(msg);
}

static char *
rv_text(int64_t rv, char *buf, size_t size)
{
	snprintf(buf, size, "%" PRId64, rv);
	return buf;
}

/* --- tests: lists -------------------------------------------------------------------------- */

START_TEST(test_initial_list_and_bytes)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc;
	struct kc_watch_cache_list_opts lo = { .resource_version = "0" };
	struct list_out o = { 0 };
	int64_t rev;
	const char *bytes;
	size_t len;
	char want[64];

	put_pod(e, "/init", "b", "p2", "", "web");
	rev = put_pod(e, "/init", "a", "p1", "n1", "web");
	put_pod(e, "/init", "a", "p3", "", "db");
	put_pod(e, "/initx", "a", "other", "", "db"); /* a neighbour prefix stays out */
	wc = cache(e, "/init");
	ck_assert_uint_eq(kc_watch_cache_size(wc), 3);
	ck_assert_int_ge(kc_watch_cache_revision(wc), rev);
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_uint_eq(o.n, 3);
	ck_assert_str_eq(o.names[0], "p1"); /* key order: a/p1, a/p3, b/p2 */
	ck_assert_str_eq(o.names[1], "p3");
	ck_assert_str_eq(o.names[2], "p2");
	ck_assert_int_eq(o.revision, kc_watch_cache_revision(wc));
	ck_assert_str_eq(o.cont, "");
	/* the bytes carry resourceVersion = mod_revision where upstream writes it */
	bytes = kc_watch_cache_object_bytes(o.first, &len);
	snprintf(want, sizeof(want), "\"uid\":\"uid-p1\",\"resourceVersion\":\"%" PRId64 "\",",
		 rev);
	ck_assert_msg(strstr(bytes, want) != NULL, "%s", bytes);
	ck_assert_uint_eq(len, strlen(bytes));
	ck_assert_int_eq(kc_watch_cache_object_revision(o.first), rev);
	ck_assert_str_eq(kc_watch_cache_object_key(o.first), "a/p1");
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

/*
 * Values stamped as bytes (the apiserver's compact form) and values that take the parse road
 * (anything else) must come out exactly as parse + stamp + dump makes them.
 */
static const char *const stamp_values[] = {
	/* resourceVersion goes before the first key upstream writes after it */
	"{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\",\"uid\":\"u\","
	"\"creationTimestamp\":\"2024-01-01T00:00:00Z\",\"labels\":{\"x\":\"y\"}},\"spec\":{}}",
	/* at the end of metadata, and alone in an empty one */
	"{\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\"},\"data\":{\"k\":\"v\"}}",
	"{\"apiVersion\":\"v1\",\"metadata\":{},\"n\":[1,-25,0,true,false,null,[],{}]}",
	"{\"metadata\":{\"name\":\"a\"},\"n\":[-2.5e3,1.0]}",
	/* labels first: before them */
	"{\"metadata\":{\"labels\":{\"generation\":\"1\"},\"name\":\"a\"}}",
	/* escapes, UTF-8, nesting */
	"{\"metadata\":{\"name\":\"a\",\"annotations\":{\"q\":\"say \\\"hi\\\"\\n\\\\ \\t\"}},"
	"\"s\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",\"d\":[[[{\"a\":[1]}]]]}",
	/* the parse road: whitespace, \u escapes and "\/", a resourceVersion already there,
	 * long integers and "-0", raw '<' and U+2028, reals; metadata last (bytes again),
	 * null or missing */
	"{ \"metadata\": {\"name\": \"a\"}, \"spec\": {} }",
	"{\"metadata\":{\"name\":\"a\"},\"s\":\"\\u00e9\\u003c \\/\"}",
	"{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"7\",\"generation\":2}}",
	"{\"metadata\":{\"name\":\"a\"},\"big\":1234567890123456789,\"z\":-0}",
	"{\"metadata\":{\"name\":\"a\"},\"s\":\"<b>&amp;\xe2\x80\xa8\",\"r\":1.50}",
	"{\"spec\":{\"replicas\":3},\"metadata\":{\"name\":\"a\",\"finalizers\":[\"f\"]}}",
	"{\"metadata\":null,\"kind\":\"X\"}",
	"{\"kind\":\"X\"}",
};

/* kc_watch_cache_stamp_bytes() alone: where it puts resourceVersion, and what it leaves to the
 * parse road (NULL). */
static const struct {
	const char *in, *want;
} stamp_rows[] = {
	{ "{\"metadata\":{}}", "{\"metadata\":{\"resourceVersion\":\"42\"}}" },
	{ "{\"metadata\":{\"name\":\"a\"}}",
	  "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"42\"}}" },
	{ "{\"kind\":\"X\",\"metadata\":{\"uid\":\"u\",\"generation\":1},\"spec\":{\"metadata\":{}}}",
	  "{\"kind\":\"X\",\"metadata\":{\"uid\":\"u\",\"resourceVersion\":\"42\",\"generation\":1},"
	  "\"spec\":{\"metadata\":{}}}" },
	{ "{\"metadata\":{\"managedFields\":[{\"a\":\"b\"}]}}",
	  "{\"metadata\":{\"resourceVersion\":\"42\",\"managedFields\":[{\"a\":\"b\"}]}}" },
	{ "{\"metadata\":{\"name\":\"a\"}", NULL },             /* truncated */
	{ "{\"metadata\":{\"name\":\"a\"}}x", NULL },           /* trailing bytes */
	{ "{\"metadata\":{\"name\":\"a\"},}", NULL },           /* trailing comma */
	{ "{\"metadata\":{\"name\":a}}", NULL },                /* bare word */
	{ "{\"metadata\":{\"name\":\"a\x01\"}}", NULL },        /* control character */
	{ "{\"metadata\":{\"name\":\"\xc3\"}}", NULL },         /* cut UTF-8 */
	{ "{\"metadata\":{\"name\":\"\xc0\xaf\"}}", NULL },     /* overlong */
	{ "{\"metadata\":{\"name\":\"\xed\xa0\x80\"}}", NULL }, /* surrogate */
	{ "{\"metadata\":{\"n\":01}}", NULL },
	{ "{\"metadata\":{\"n\":-}}", NULL },
	{ "{\"metadata\":{\"n\":tru}}", NULL },
	{ "{\"metadata\":{},\"metadata\":{}}", NULL }, /* twice */
	{ "[]", NULL },
	{ "{}", NULL },
	{ "", NULL },
};

START_TEST(test_stamp_bytes_table)
{
	const char *in = stamp_rows[_i].in, *want = stamp_rows[_i].want;
	size_t len = 0;
	KC_AUTOFREE char *got = kc_watch_cache_stamp_bytes(in, strlen(in), 42, &len);

	if (want == NULL) {
		ck_assert_msg(got == NULL, "%s -> %s", in, got);
		return;
	}
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(len, strlen(want));
}
END_TEST

START_TEST(test_stamp_bytes_like_parse)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache_list_opts lo = { .resource_version = "0" };
	struct list_out o = { 0 };
	const char *value = stamp_values[_i];
	char prefix[32], key[64];
	struct out w = { 0 };
	struct kc_watch_cache *wc;
	json_t *want;
	KC_AUTOFREE char *want_bytes = NULL;
	const char *bytes;
	size_t len;

	snprintf(prefix, sizeof(prefix), "/stamp%d", _i);
	snprintf(key, sizeof(key), "%s/ns/a", prefix);
	ck_assert_ptr_nonnull(kc_etcd3_create(e, key, value, strlen(value), 0, on_out, &w));
	kc_test_poll_until(base, &w.done, 1, 5000);
	ck_assert_int_eq(w.err, 0);
	want = json_loads(value, 0, NULL);
	ck_assert_ptr_nonnull(want);
	ck_assert_int_eq(kc_watch_cache_stamp_resource_version(
				 want, json_object_get(want, "metadata"), w.revision),
			 0);
	want_bytes = kc_json_dumps(want);

	wc = cache(e, prefix);
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_uint_eq(o.n, 1);
	bytes = kc_watch_cache_object_bytes(o.first, &len);
	ck_assert_str_eq(bytes, want_bytes);
	ck_assert_uint_eq(len, strlen(want_bytes));
	ck_assert(json_equal((json_t *)kc_watch_cache_object_json(o.first), want));
	json_decref(want);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_live_updates)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc = cache(e, "/live");
	struct kc_watch_cache_list_opts lo = { .resource_version = "0" };
	struct list_out o = { 0 };
	int64_t rev;

	ck_assert_uint_eq(kc_watch_cache_size(wc), 0);
	put_pod(e, "/live", "ns", "a", "", "web");
	rev = put_pod(e, "/live", "ns", "b", "", "web");
	catch_up(wc, rev);
	ck_assert_uint_eq(kc_watch_cache_size(wc), 2);
	put_pod(e, "/live", "ns", "a", "node-1", "web");
	rev = del_pod(e, "/live", "ns", "b");
	catch_up(wc, rev);
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_str_eq(o.names[0], "a");
	ck_assert_str_eq(
		kc_json_get_string(kc_watch_cache_object_json(o.first), "spec.nodeName", ""),
		"node-1");
	ck_assert_uint_eq(kc_watch_cache_window_size(wc), 4);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_list_filters)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc;
	struct kc_watch_cache_list_opts lo = { .resource_version = "0" };
	struct list_out o = { 0 };

	put_pod(e, "/filt", "a", "web-1", "node-1", "web");
	put_pod(e, "/filt", "a", "db-1", "node-2", "db");
	put_pod(e, "/filt", "b", "web-2", "node-1", "web");
	put_pod(e, "/filt", "ab", "web-3", "", "web"); /* "a/" must not match namespace "ab" */
	wc = cache(e, "/filt");

	lo.namespace = "a";
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 2);
	lo.namespace = NULL;
	lo.label_selector = "app=web";
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 3);
	lo.field_selector = "spec.nodeName=node-1";
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_str_eq(o.names[0], "web-1");
	ck_assert_str_eq(o.names[1], "web-2");
	lo.label_selector = NULL;
	lo.field_selector = "spec.nodeName=,metadata.namespace=ab";
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_str_eq(o.names[0], "web-3");
	lo.field_selector = "metadata.name!=db-1,status.phase=Pending";
	lo.label_selector = "app in (web,db),!missing";
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 3);

	/* bad selectors: 400 with upstream's words */
	lo.label_selector = "app in (web";
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_BAD_REQUEST);
	ck_assert_msg(o.message[0] != '\0', "no message");
	lo.label_selector = NULL;
	lo.field_selector = "spec.nodeName";
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_BAD_REQUEST);
	ck_assert_msg(strstr(o.message, "invalid selector") != NULL, "%s", o.message);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

/* Pages through everything with limit, returns the number of pages. */
static int
page_all(struct kc_watch_cache *wc, struct kc_watch_cache_list_opts *lo, char names[][64], int *n,
	 int64_t *ret_rv)
{
	struct list_out o = { 0 };
	char cont[512] = "";
	int pages = 0;

	*n = 0;
	do {
		lo->continue_token = cont[0] != '\0' ? cont : NULL;
		if (cont[0] != '\0')
			lo->resource_version = NULL;
		do_list(wc, lo, &o);
		ck_assert_msg(o.err == 0, "%s", o.message);
		if (pages == 0)
			*ret_rv = o.revision;
		else
			ck_assert_int_eq(o.revision, *ret_rv); /* one snapshot */
		for (size_t i = 0; i < o.n; i++)
			snprintf(names[(*n)++], 64, "%s", o.names[i]);
		snprintf(cont, sizeof(cont), "%s", o.cont);
		pages++;
		if (cont[0] != '\0' && lo->label_selector == NULL)
			ck_assert_int_eq(o.remaining, 25 - *n);
	} while (cont[0] != '\0' && pages < 20);
	list_release(&o);
	return pages;
}

START_TEST(test_list_paging)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc;
	struct kc_watch_cache_list_opts lo = { .limit = 10 };
	char names[64][64], cont[512];
	struct list_out o = { 0 };
	char name[32];
	int n, pages;
	int64_t rv;

	for (int i = 0; i < 25; i++) {
		snprintf(name, sizeof(name), "p%02d", i);
		put_pod(e, "/page", "ns", name, "", i % 2 ? "odd" : "even");
	}
	wc = cache(e, "/page");
	/* from the cache (consistent read first) */
	pages = page_all(wc, &lo, names, &n, &rv);
	ck_assert_int_eq(pages, 3);
	ck_assert_int_eq(n, 25);
	for (int i = 0; i < 25; i++) {
		snprintf(name, sizeof(name), "p%02d", i);
		ck_assert_str_eq(names[i], name);
	}
	/* with a selector the pages hold only matches */
	lo.label_selector = "app=odd";
	lo.limit = 5;
	pages = page_all(wc, &lo, names, &n, &rv);
	ck_assert_int_eq(n, 12);
	ck_assert_str_eq(names[0], "p01");

	/* a write between pages: the continuation reads the first page's snapshot from etcd */
	lo = (struct kc_watch_cache_list_opts){ .limit = 10 };
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 10);
	rv = put_pod(e, "/page", "ns", "p15a", "", "x");
	del_pod(e, "/page", "ns", "p20");
	catch_up(wc, rv + 1);
	snprintf(cont, sizeof(cont), "%s", o.cont); /* do_list clears o */
	lo.continue_token = cont;
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_uint_eq(o.n, 10);
	ck_assert_str_eq(o.names[0], "p10");
	ck_assert_str_eq(o.names[6], "p16"); /* no p15a */
	snprintf(cont, sizeof(cont), "%s", o.cont);
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 5);
	ck_assert_str_eq(o.names[0], "p20"); /* still there at that revision */
	ck_assert_str_eq(o.cont, "");
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_consistent_read)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc = cache(e, "/cons");
	struct kc_watch_cache_list_opts lo = { 0 };
	struct list_out o = { 0 };
	int64_t rev;

	/* a write then at once a consistent list: it is seen */
	rev = put_pod(e, "/cons", "ns", "a", "", "web");
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_ge(o.revision, rev);

	/* writes elsewhere move etcd's revision, not the cache's: the cache is proven current
	 * and answers at etcd's revision */
	catch_up(wc, rev);
	put_pod(e, "/consx", "ns", "x", "", "web");
	rev = put_pod(e, "/consx", "ns", "y", "", "web");
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.revision, rev);
	ck_assert_int_lt(kc_watch_cache_revision(wc), rev);
	/* and a watch from that revision is not too old */
	{
		struct rec r = { 0 };
		char rvb[24];
		struct kc_watch_cache_watch_opts wo = { .resource_version = rv_text(rev, rvb, 24) };

		must_watch(wc, &wo, &r);
		rev = del_pod(e, "/cons", "ns", "a");
		kc_test_poll_until(base, &r.n, 1, 5000);
		ck_assert_int_eq(r.n, 1);
		ck_assert_int_eq(r.types[0], KC_WATCH_DELETED);
		ck_assert_int_eq(r.rvs[0], rev);
		rec_release(&r);
	}
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_not_older_than_and_exact)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache_options opts = { .fresh_wait_ms = 300 };
	struct kc_watch_cache *wc = cache_with(e, "/rvs", &opts);
	struct kc_watch_cache_list_opts lo = { 0 };
	struct list_out o = { 0 };
	int64_t rev1, rev2;
	char rvb[24];

	rev1 = put_pod(e, "/rvs", "ns", "a", "", "one");
	rev2 = put_pod(e, "/rvs", "ns", "a", "", "two");
	catch_up(wc, rev2);

	lo.resource_version = rv_text(rev2, rvb, sizeof(rvb));
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_ge(o.revision, rev2);
	lo.match = KC_RV_MATCH_NOT_OLDER_THAN;
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);

	/* far in the future: 504 after the wait, upstream's words */
	lo.resource_version = rv_text(rev2 + 1000, rvb, sizeof(rvb));
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_TIMEOUT);
	ck_assert_msg(strncmp(o.message, "Too large resource version: ", 28) == 0, "%s", o.message);

	/* exact: the snapshot at that revision, from etcd */
	lo.match = KC_RV_MATCH_EXACT;
	lo.resource_version = rv_text(rev1, rvb, sizeof(rvb));
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_eq(o.revision, rev1);
	ck_assert_str_eq(
		kc_json_get_string(kc_watch_cache_object_json(o.first), "metadata.labels.app", ""),
		"one");
	compact(e, rev2);
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_EXPIRED);
	ck_assert_str_eq(o.message, "The resourceVersion for the provided list is too old.");

	/* bad combinations */
	lo.resource_version = NULL;
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_INVALID);
	lo.resource_version = "0";
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_INVALID);
	lo.match = KC_RV_MATCH_UNSET;
	lo.resource_version = "abc";
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_BAD_REQUEST);
	ck_assert_msg(strstr(o.message, "resourceVersion: Invalid value: \"abc\"") != NULL, "%s",
		      o.message);
	lo.resource_version = "5";
	lo.continue_token = "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NSwic3RhcnQiOiJhIn0";
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_BAD_REQUEST);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

struct get_out {
	int done;
	int err;
	char name[64];
	int64_t rv;
};

static void
on_get(void *arg, int err, const char *message, struct kc_watch_cache_object *obj)
{
	struct get_out *g = arg;

	g->done = 1;
	g->err = err;
	if (obj != NULL) {
		snprintf(g->name, sizeof(g->name), "%s",
			 kc_json_get_string(kc_watch_cache_object_json(obj), "metadata.name", ""));
		g->rv = kc_watch_cache_object_revision(obj);
	}
}

static void
do_get(struct kc_watch_cache *wc, const char *key, const char *rv, struct get_out *g)
{
	memset(g, 0, sizeof(*g));
	ck_assert_ptr_nonnull(kc_watch_cache_get(wc, key, rv, on_get, g));
	kc_test_poll_until(base, &g->done, 1, 5000);
	ck_assert(g->done);
}

START_TEST(test_get)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache_options opts = { .fresh_wait_ms = 300 };
	struct kc_watch_cache *wc = cache_with(e, "/get", &opts);
	struct get_out g;
	int64_t rev;
	char rvb[24];

	rev = put_pod(e, "/get", "ns", "a", "", "web");
	do_get(wc, "ns/a", NULL, &g); /* from etcd */
	ck_assert_int_eq(g.err, 0);
	ck_assert_str_eq(g.name, "a");
	ck_assert_int_eq(g.rv, rev);
	do_get(wc, "ns/a", rv_text(rev, rvb, sizeof(rvb)), &g); /* waits for the cache */
	ck_assert_int_eq(g.err, 0);
	ck_assert_int_eq(g.rv, rev);
	do_get(wc, "ns/a", "0", &g);
	ck_assert_int_eq(g.err, 0);
	do_get(wc, "ns/b", "0", &g);
	ck_assert_int_eq(g.err, KC_ERR_NOT_FOUND);
	do_get(wc, "ns/b", NULL, &g);
	ck_assert_int_eq(g.err, KC_ERR_NOT_FOUND);
	do_get(wc, "ns/a", rv_text(rev + 500, rvb, sizeof(rvb)), &g);
	ck_assert_int_eq(g.err, KC_ERR_TIMEOUT);
	do_get(wc, "ns/a", "-1", &g);
	ck_assert_int_eq(g.err, KC_ERR_BAD_REQUEST);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

/* --- tests: watches ------------------------------------------------------------------------ */

START_TEST(test_watch_from_zero)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc;
	struct kc_watch_cache_watch_opts wo = { .resource_version = "0" };
	struct kc_watch_cache_list_opts lo = { .resource_version = "0" };
	struct list_out o = { 0 };
	struct rec r = { 0 }, r2 = { 0 };
	int64_t rev;

	put_pod(e, "/wz", "ns", "a", "", "web");
	put_pod(e, "/wz", "ns", "b", "", "web");
	wc = cache(e, "/wz");
	must_watch(wc, &wo, &r);
	ck_assert_int_eq(r.n, 0); /* nothing from inside the call */
	kc_test_poll_until(base, &r.n, 2, 5000);
	ck_assert_int_eq(r.n, 2);
	ck_assert_int_eq(r.types[0], KC_WATCH_ADDED);
	ck_assert_str_eq(r.names[0], "a");
	ck_assert_int_eq(r.types[1], KC_WATCH_ADDED);
	ck_assert_str_eq(r.names[1], "b");
	/* the synthetic events carry the cached objects themselves: bytes kept once */
	do_list(wc, &lo, &o);
	ck_assert_ptr_eq(r.objs[0], o.first);

	rev = put_pod(e, "/wz", "ns", "a", "node-1", "web");
	kc_test_poll_until(base, &r.n, 3, 5000);
	ck_assert_int_eq(r.types[2], KC_WATCH_MODIFIED);
	ck_assert_int_eq(r.rvs[2], rev);
	ck_assert_int_eq(strtoll(r.obj_rv[2], NULL, 10), rev);
	rev = put_pod(e, "/wz", "ns", "c", "", "web");
	kc_test_poll_until(base, &r.n, 4, 5000);
	ck_assert_int_eq(r.types[3], KC_WATCH_ADDED);

	/* RV unset behaves as "0" */
	wo.resource_version = NULL;
	must_watch(wc, &wo, &r2);
	kc_test_poll_until(base, &r2.n, 3, 5000);
	ck_assert_int_eq(r2.n, 3);
	rec_release(&r);
	rec_release(&r2);
	ck_assert_uint_eq(kc_watch_cache_watchers(wc), 0);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_watch_replay_and_too_old)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache_options opts = { .window_min = 3, .window_max = 3 };
	struct kc_watch_cache *wc = cache_with(e, "/wr", &opts);
	struct kc_watch_cache_watch_opts wo = { 0 };
	struct rec r = { 0 };
	int64_t revs[6];
	char rvb[24], *msg = NULL;

	for (int i = 0; i < 6; i++) {
		char name[8];

		snprintf(name, sizeof(name), "p%d", i);
		revs[i] = put_pod(e, "/wr", "ns", name, "", "web");
	}
	catch_up(wc, revs[5]);
	ck_assert_uint_eq(kc_watch_cache_window_size(wc), 3);
	/* from N: the window's events after N, then live */
	wo.resource_version = rv_text(revs[3], rvb, sizeof(rvb));
	must_watch(wc, &wo, &r);
	kc_test_poll_until(base, &r.n, 2, 5000);
	ck_assert_int_eq(r.n, 2);
	ck_assert_str_eq(r.names[0], "p4");
	ck_assert_int_eq(r.types[0], KC_WATCH_ADDED);
	ck_assert_str_eq(r.names[1], "p5");
	del_pod(e, "/wr", "ns", "p0");
	kc_test_poll_until(base, &r.n, 3, 5000);
	ck_assert_int_eq(r.types[2], KC_WATCH_DELETED);
	ck_assert_str_eq(r.names[2], "p0");
	rec_release(&r);

	/* older than the window: 410 with upstream's message */
	memset(&r, 0, sizeof(r));
	wo.resource_version = rv_text(revs[1], rvb, sizeof(rvb));
	ck_assert_int_eq(start_watch(wc, &wo, &r, &msg), KC_ERR_EXPIRED);
	ck_assert_ptr_nonnull(msg);
	ck_assert_msg(strncmp(msg, "too old resource version: ", 26) == 0, "%s", msg);
	free(msg);
	ck_assert_ptr_null(r.w);
	/* a bad resourceVersion */
	wo.resource_version = "x1";
	ck_assert_int_eq(start_watch(wc, &wo, &r, NULL), KC_ERR_BAD_REQUEST);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_watch_selector_transitions)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc = cache(e, "/wsel");
	struct kc_watch_cache_watch_opts wo = { .field_selector = "spec.nodeName=node-1",
						.label_selector = "app=web" };
	struct rec r = { 0 };
	int64_t rev;

	put_pod(e, "/wsel", "ns", "a", "", "web");
	must_watch(wc, &wo, &r);
	kc_test_poll_until(base, NULL, 0, 50);
	ck_assert_int_eq(r.n, 0); /* unscheduled: does not match */
	/* bound to node-1: starts matching -> ADDED (the kubelet's pod watch) */
	rev = put_pod(e, "/wsel", "ns", "a", "node-1", "web");
	kc_test_poll_until(base, &r.n, 1, 5000);
	ck_assert_int_eq(r.types[0], KC_WATCH_ADDED);
	ck_assert_int_eq(r.rvs[0], rev);
	rev = put_pod(e, "/wsel", "ns", "a", "node-1", "web"); /* a change that keeps matching */
	kc_test_poll_until(base, &r.n, 2, 5000);
	ck_assert_int_eq(r.types[1], KC_WATCH_MODIFIED);
	/* the label changes: stops matching -> DELETED, old state at the event's revision */
	rev = put_pod(e, "/wsel", "ns", "a", "node-1", "db");
	kc_test_poll_until(base, &r.n, 3, 5000);
	ck_assert_int_eq(r.types[2], KC_WATCH_DELETED);
	ck_assert_int_eq(r.rvs[2], rev);
	ck_assert_int_eq(strtoll(r.obj_rv[2], NULL, 10), rev);
	/* an object that never matched stays silent, even deleted */
	put_pod(e, "/wsel", "ns", "b", "node-2", "web");
	del_pod(e, "/wsel", "ns", "b");
	put_pod(e, "/wsel", "ns", "a", "node-1", "web");
	rev = del_pod(e, "/wsel", "ns", "a");
	kc_test_poll_until(base, &r.n, 5, 5000);
	ck_assert_int_eq(r.n, 5);
	ck_assert_int_eq(r.types[3], KC_WATCH_ADDED);
	ck_assert_int_eq(r.types[4], KC_WATCH_DELETED);
	ck_assert_int_eq(strtoll(r.obj_rv[4], NULL, 10), rev);
	rec_release(&r);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_watch_bookmarks)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache_options opts = { .bookmark_interval_ms = 200 };
	struct kc_watch_cache *wc = cache_with(e, "/bm", &opts);
	struct kc_watch_cache_watch_opts wo = { .resource_version = "0", .allow_bookmarks = 1 };
	struct kc_watch_cache_watch_opts plain = { .resource_version = "0" };
	struct rec r = { 0 }, none = { 0 };
	int64_t rev;

	rev = put_pod(e, "/bm", "ns", "a", "", "web");
	catch_up(wc, rev);
	must_watch(wc, &wo, &r);
	must_watch(wc, &plain, &none);
	kc_test_poll_until(base, &r.n, 2, 3000);
	ck_assert_int_ge(r.n, 2);
	ck_assert_int_eq(r.types[0], KC_WATCH_ADDED);
	ck_assert_int_eq(r.types[1], KC_WATCH_BOOKMARK);
	ck_assert_int_ge(r.rvs[1], rev);
	ck_assert_int_eq(strtoll(r.obj_rv[1], NULL, 10), r.rvs[1]);
	ck_assert_int_eq(none.n, 1); /* never unless asked */
	rec_release(&r);
	rec_release(&none);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_watch_timeout_bookmark)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc = cache(e, "/bmt"); /* bookmarks every minute */
	struct kc_watch_cache_watch_opts wo = { .resource_version = "0",
						.allow_bookmarks = 1,
						.timeout_ms = 2400 };
	struct rec r = { 0 };
	long start = kc_test_mono_ms();

	must_watch(wc, &wo, &r);
	kc_test_poll_until(base, &r.n, 1, 2000);
	ck_assert_int_eq(r.n, 1);
	ck_assert_int_eq(r.types[0], KC_WATCH_BOOKMARK); /* 2 s before the timeout */
	kc_test_poll_until(base, &r.ended, 1, 3000);
	ck_assert_int_eq(r.ended, 1);
	ck_assert_int_eq(r.end_err, 0);
	ck_assert_int_ge(kc_test_mono_ms() - start, 2300);
	ck_assert_uint_eq(kc_watch_cache_watchers(wc), 0);
	rec_release(&r);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_shared_buffer_fanout)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache *wc = cache(e, "/fan");
	static struct rec recs[100];
	struct kc_watch_cache_watch_opts wo = { 0 };
	struct kc_watch_cache_list_opts lo = { .resource_version = "0" };
	struct list_out o = { 0 };
	char rvb[24], *expect;
	const char *bytes;
	size_t len;
	int64_t rev;
	int total = 0;

	rev = put_pod(e, "/fan", "ns", "a", "", "web");
	catch_up(wc, rev);
	memset(recs, 0, sizeof(recs));
	wo.resource_version = rv_text(rev, rvb, sizeof(rvb));
	for (int i = 0; i < 100; i++)
		must_watch(wc, &wo, &recs[i]);
	rev = put_pod(e, "/fan", "ns", "a", "node-1", "web");
	for (long deadline = kc_test_mono_ms() + 5000;
	     total < 100 && kc_test_mono_ms() < deadline;) {
		kc_test_poll_until(base, NULL, 0, 5);
		total = 0;
		for (int i = 0; i < 100; i++)
			total += recs[i].n;
	}
	ck_assert_int_eq(total, 100);
	/* one buffer, the very same pointer, held once by each of the 100 sinks */
	for (int i = 1; i < 100; i++)
		ck_assert_ptr_eq(recs[i].bufs[0], recs[0].bufs[0]);
	ck_assert_uint_eq(kc_http_shared_buf_refs(recs[0].bufs[0]), 100);
	/* shaped exactly as the wire event around the cached bytes */
	do_list(wc, &lo, &o);
	bytes = kc_watch_cache_object_bytes(o.first, &len);
	ck_assert_ptr_eq(recs[0].objs[0], o.first);
	ck_assert(asprintf(&expect, "{\"type\":\"MODIFIED\",\"object\":%s}\n", bytes) > 0);
	ck_assert_uint_eq(kc_http_shared_buf_len(recs[0].bufs[0]), strlen(expect));
	ck_assert(memcmp(kc_http_shared_buf_data(recs[0].bufs[0]), expect, strlen(expect)) == 0);
	free(expect);
	for (int i = 0; i < 100; i++)
		rec_release(&recs[i]);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_slow_watcher_ended)
{
	struct kc_etcd3 *e = client();
	struct kc_watch_cache_options opts = { .watcher_queue_max = 5, .sink_backlog_max = 1000 };
	struct kc_watch_cache *wc = cache_with(e, "/slow", &opts);
	struct kc_watch_cache_watch_opts wo = { 0 };
	struct rec slow = { .backlog = 1u << 30 }, fast = { 0 }, gone = { 0 };
	char rvb[24];
	int64_t rev = kc_watch_cache_revision(wc);

	wo.resource_version = rv_text(rev > 0 ? rev : 1, rvb, sizeof(rvb));
	must_watch(wc, &wo, &slow);
	must_watch(wc, &wo, &fast);
	must_watch(wc, &wo, &gone);
	gone.refuse = 1; /* its client went away */
	for (int i = 0; i < 10; i++) {
		char name[8];

		snprintf(name, sizeof(name), "p%d", i);
		rev = put_pod(e, "/slow", "ns", name, "", "web");
	}
	kc_test_poll_until(base, &fast.n, 10, 5000);
	kc_test_poll_until(base, &slow.ended, 1, 2000);
	ck_assert_int_eq(fast.n, 10); /* the others lose nothing */
	ck_assert_int_eq(fast.ended, 0);
	ck_assert_int_eq(slow.ended, 1);
	ck_assert_int_eq(slow.end_err, KC_ERR_TOO_MANY_REQUESTS);
	ck_assert_int_eq(slow.n, 0);
	ck_assert_int_eq(gone.ended, 1);
	ck_assert_int_eq(gone.end_err, KC_ERR_IO);
	ck_assert_uint_eq(kc_watch_cache_watchers(wc), 1);
	rec_release(&slow);
	rec_release(&fast);
	rec_release(&gone);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
}
END_TEST

/* --- tests: outages ----------------------------------------------------------------------- */

START_TEST(test_etcd_restart_no_lost_events)
{
	struct etcd_server *own;
	struct kc_etcd3 *e;
	struct kc_watch_cache *wc;
	struct kc_watch_cache_watch_opts wo = { .resource_version = "0" };
	struct kc_watch_cache_list_opts lo = { 0 };
	struct list_out o = { 0 };
	struct rec r = { 0 };
	int64_t rev;

	own = etcd_server_start_in_tmpdir("etcd-restart", 0);
	ck_assert_msg(own != NULL, "%s", etcd_server_missing());
	e = client_for(own->client_url);
	put_pod(e, "/rst", "ns", "a", "", "web");
	wc = cache(e, "/rst");
	must_watch(wc, &wo, &r);
	kc_test_poll_until(base, &r.n, 1, 5000);
	ck_assert_int_eq(r.n, 1);

	etcd_server_crash(own);
	/* RV "0" is still served; a consistent read is not */
	lo.resource_version = "0";
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_uint_eq(o.n, 1);
	lo.resource_version = NULL;
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, KC_ERR_UNAVAILABLE);

	ck_assert_int_eq(etcd_server_restart(own), 0);
	put_pod(e, "/rst", "ns", "b", "", "web");
	put_pod(e, "/rst", "ns", "a", "node-1", "web");
	rev = del_pod(e, "/rst", "ns", "b");
	kc_test_poll_until(base, &r.n, 4, 10000);
	ck_assert_int_eq(r.n, 4);
	ck_assert_int_eq(r.types[1], KC_WATCH_ADDED);
	ck_assert_int_eq(r.types[2], KC_WATCH_MODIFIED);
	ck_assert_int_eq(r.types[3], KC_WATCH_DELETED);
	ck_assert_int_eq(r.rvs[3], rev);
	ck_assert_int_eq(r.ended, 0);
	ck_assert_int_eq(kc_watch_cache_relists(wc), 0);
	do_list(wc, &lo, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_uint_eq(o.n, 1);
	rec_release(&r);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
	etcd_server_stop(own);
}
END_TEST

/* A TCP proxy on the loop between the cache's client and etcd, which the test can cut. */
struct proxy {
	struct evconnlistener *listener;
	int port;
	int target_port;
	int refuse;
	struct bufferevent *pairs[32][2];
	int n;
};

static void
proxy_close_pair(struct proxy *p, int i)
{
	for (int k = 0; k < 2; k++) {
		if (p->pairs[i][k] != NULL)
			bufferevent_free(p->pairs[i][k]);
		p->pairs[i][k] = NULL;
	}
}

static void
proxy_read(struct bufferevent *bev, void *arg)
{
	struct proxy *p = arg;

	for (int i = 0; i < p->n; i++)
		for (int k = 0; k < 2; k++)
			if (p->pairs[i][k] == bev && p->pairs[i][!k] != NULL)
				bufferevent_write_buffer(p->pairs[i][!k],
							 bufferevent_get_input(bev));
}

static void
proxy_event(struct bufferevent *bev, short what, void *arg)
{
	struct proxy *p = arg;

	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)))
		return;
	for (int i = 0; i < p->n; i++)
		if (p->pairs[i][0] == bev || p->pairs[i][1] == bev)
			proxy_close_pair(p, i);
}

static void
proxy_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len, void *arg)
{
	struct proxy *p = arg;
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct bufferevent *a, *b;

	if (p->refuse || p->n >= 32) {
		evutil_closesocket(fd);
		return;
	}
	a = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	b = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	to.sin_port = htons((uint16_t)p->target_port);
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bufferevent_socket_connect(b, (struct sockaddr *)&to, sizeof(to));
	p->pairs[p->n][0] = a;
	p->pairs[p->n][1] = b;
	p->n++;
	bufferevent_setcb(a, proxy_read, NULL, proxy_event, p);
	bufferevent_setcb(b, proxy_read, NULL, proxy_event, p);
	bufferevent_enable(a, EV_READ | EV_WRITE);
	bufferevent_enable(b, EV_READ | EV_WRITE);
}

static void
proxy_start(struct proxy *p, int target_port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sin);

	memset(p, 0, sizeof(*p));
	p->target_port = target_port;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	p->listener = evconnlistener_new_bind(base, proxy_accept, p,
					      LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, -1,
					      (struct sockaddr *)&sin, sizeof(sin));
	ck_assert_ptr_nonnull(p->listener);
	getsockname(evconnlistener_get_fd(p->listener), (struct sockaddr *)&sin, &sl);
	p->port = ntohs(sin.sin_port);
}

static void
proxy_cut(struct proxy *p)
{
	for (int i = 0; i < p->n; i++)
		proxy_close_pair(p, i);
}

static void
proxy_stop(struct proxy *p)
{
	proxy_cut(p);
	evconnlistener_free(p->listener);
}

START_TEST(test_compacted_watch_relists)
{
	struct kc_etcd3 *direct = client();
	struct kc_etcd3 *e;
	struct kc_watch_cache *wc;
	struct kc_watch_cache_watch_opts wo = { .resource_version = "0" };
	struct kc_watch_cache_list_opts lo = { .resource_version = "0" };
	struct list_out o = { 0 };
	struct proxy p;
	struct rec r = { 0 };
	char url[64];
	int64_t rev;
	long deadline;

	proxy_start(&p, etcd_test->client_port);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d", p.port);
	e = client_for(url);
	put_pod(direct, "/cmp", "ns", "a", "", "web");
	wc = cache(e, "/cmp");
	must_watch(wc, &wo, &r);
	kc_test_poll_until(base, &r.n, 1, 5000);
	ck_assert_int_eq(r.n, 1);

	/* the cache loses etcd; meanwhile history moves on and is compacted */
	p.refuse = 1;
	proxy_cut(&p);
	put_pod(direct, "/cmp", "ns", "b", "", "web");
	rev = put_pod(direct, "/cmp", "ns", "c", "", "web");
	compact(direct, rev);
	p.refuse = 0;
	/* its watch comes back compacted: relist, watchers told 410 so clients relist */
	kc_test_poll_until(base, &r.ended, 1, 10000);
	ck_assert_int_eq(r.ended, 1);
	ck_assert_int_eq(r.end_err, KC_ERR_EXPIRED);
	ck_assert_int_eq(r.types[r.n - 1], KC_WATCH_ERROR);
	ck_assert_int_eq(kc_http_shared_buf_len(r.bufs[r.n - 1]) > 0, 1);
	ck_assert(strstr(kc_http_shared_buf_data(r.bufs[r.n - 1]), "\"code\":410") != NULL);
	ck_assert(strstr(kc_http_shared_buf_data(r.bufs[r.n - 1]), "\"reason\":\"Expired\"") !=
		  NULL);
	deadline = kc_test_mono_ms() + 5000;
	while (!kc_watch_cache_ready(wc) && kc_test_mono_ms() < deadline)
		kc_test_poll_until(base, NULL, 0, 10);
	ck_assert(kc_watch_cache_ready(wc));
	ck_assert_int_eq(kc_watch_cache_relists(wc), 1);
	do_list(wc, &lo, &o);
	ck_assert_uint_eq(o.n, 3);
	ck_assert_int_ge(o.revision, rev);
	rec_release(&r);
	list_release(&o);
	kc_watch_cache_free(wc);
	kc_etcd3_free(e);
	kc_etcd3_free(direct);
	kc_test_poll_until(base, NULL, 0, 10);
	proxy_stop(&p);
}
END_TEST

/* --- continue tokens and helpers ----------------------------------------------------------- */

START_TEST(test_continue_roundtrip)
{
	char *tok = kc_watch_cache_encode_continue("default/web\0", 12, 42), *start = NULL;
	size_t len = 0;
	int64_t rv = 0;

	ck_assert_ptr_nonnull(tok);
	/* upstream's exact token for this key and revision */
	ck_assert_str_eq(tok, "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDIsInN0YXJ0IjoiZGVmYXVsdC93ZWJc"
			      "dTAwMDAifQ");
	ck_assert_int_eq(kc_watch_cache_decode_continue(tok, &start, &len, &rv, NULL), 0);
	ck_assert_uint_eq(len, 12);
	ck_assert(memcmp(start, "default/web\0", 12) == 0);
	ck_assert_int_eq(rv, 42);
	free(start);
	free(tok);
}
END_TEST

static const struct {
	const char *json; /* encoded as the token, or a raw token when it starts with '!' */
	const char *msg;
} bad_tokens[] = {
	{ "!***", "continue key is not valid: incorrect encoded start resourceVersion" },
	{ "[]", "continue key is not valid: not a JSON object" },
	{ "{\"v\":\"v2\",\"rv\":1,\"start\":\"a\"}", "continue key is not valid: server does not "
						     "recognize this encoded version v2" },
	{ "{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"a\"}",
	  "continue key is not valid: incorrect encoded start resourceVersion (version "
	  "meta.k8s.io/v1)" },
	{ "{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"\"}",
	  "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)" },
	{ "{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"../secrets/x\"}",
	  "continue key is not valid: ../secrets/x" },
	{ "{\"v\":\"meta.k8s.io/v1\",\"rv\":3,\"start\":\"a//b\"}",
	  "continue key is not valid: a//b" },
};

START_TEST(test_continue_bad)
{
	char *start = NULL, *err = NULL, *tok;
	size_t len;
	int64_t rv;

	if (bad_tokens[_i].json[0] == '!') {
		tok = strdup(bad_tokens[_i].json + 1);
	} else {
		/* base64url of the JSON by hand: reuse the encoder's alphabet through a token */
		static const char a[] =
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		const unsigned char *in = (const unsigned char *)bad_tokens[_i].json;
		size_t n = strlen(bad_tokens[_i].json), k = 0;

		tok = malloc(n * 2 + 4);
		for (size_t i = 0; i < n; i += 3) {
			uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0) |
				     (i + 2 < n ? in[i + 2] : 0);

			tok[k++] = a[(v >> 18) & 63];
			tok[k++] = a[(v >> 12) & 63];
			if (i + 1 < n)
				tok[k++] = a[(v >> 6) & 63];
			if (i + 2 < n)
				tok[k++] = a[v & 63];
		}
		tok[k] = '\0';
	}
	ck_assert_int_eq(kc_watch_cache_decode_continue(tok, &start, &len, &rv, &err),
			 KC_ERR_BAD_REQUEST);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strncmp(err, bad_tokens[_i].msg, strlen(bad_tokens[_i].msg)) == 0, "%s", err);
	ck_assert_ptr_null(start);
	free(err);
	free(tok);
}
END_TEST

START_TEST(test_error_event)
{
	struct kc_http_shared_buf *b =
		kc_watch_cache_error_event(410, "Expired", "too old resource version: 1 (5)");
	const char *want =
		"{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
		"\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource "
		"version: 1 (5)\",\"reason\":\"Expired\",\"code\":410}}\n";

	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(kc_http_shared_buf_len(b), strlen(want));
	ck_assert(memcmp(kc_http_shared_buf_data(b), want, strlen(want)) == 0);
	kc_http_shared_buf_unref(b);
	ck_assert_str_eq(kc_watch_event_type_name(KC_WATCH_BOOKMARK), "BOOKMARK");
}
END_TEST

START_TEST(test_bad_options)
{
	struct kc_watch_cache_options opts = { 0 };
	struct kc_watch_cache *wc = NULL;

	ck_assert_int_eq(kc_watch_cache_new(&opts, &wc), KC_ERR_INVALID);
	ck_assert_int_eq(kc_watch_cache_new(NULL, &wc), KC_ERR_INVALID);
	ck_assert_ptr_null(wc);
	ck_assert_ptr_null(kc_watch_cache_free(NULL));
}
END_TEST

static Suite *
watch_cache_suite(void)
{
	Suite *s = suite_create("watch_cache");
	TCase *tc;

	tc = tcase_create("pure");
	tcase_add_test(tc, test_continue_roundtrip);
	tcase_add_loop_test(tc, test_continue_bad, 0, (int)KC_ARRAY_SIZE(bad_tokens));
	tcase_add_test(tc, test_error_event);
	tcase_add_loop_test(tc, test_stamp_bytes_table, 0, (int)KC_ARRAY_SIZE(stamp_rows));
	tcase_add_test(tc, test_bad_options);
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_test(tc, test_initial_list_and_bytes);
	tcase_add_loop_test(tc, test_stamp_bytes_like_parse, 0, (int)KC_ARRAY_SIZE(stamp_values));
	tcase_add_test(tc, test_live_updates);
	tcase_add_test(tc, test_list_filters);
	tcase_add_test(tc, test_list_paging);
	tcase_add_test(tc, test_consistent_read);
	tcase_add_test(tc, test_not_older_than_and_exact);
	tcase_add_test(tc, test_get);
	tcase_add_test(tc, test_watch_from_zero);
	tcase_add_test(tc, test_watch_replay_and_too_old);
	tcase_add_test(tc, test_watch_selector_transitions);
	tcase_add_test(tc, test_watch_bookmarks);
	tcase_add_test(tc, test_watch_timeout_bookmark);
	tcase_add_test(tc, test_shared_buffer_fanout);
	tcase_add_test(tc, test_slow_watcher_ended);
	tcase_add_test(tc, test_compacted_watch_relists);
	tcase_add_test(tc, test_etcd_restart_no_lost_events);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(watch_cache_suite)
