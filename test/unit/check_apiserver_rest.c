/*
 * check_apiserver_rest.c - the REST handlers over real HTTP against a real etcd: lists built
 * from cached bytes, Table / PartialObjectMetadata(List) / YAML negotiation, watches (plain,
 * Table with its conversions shared between watchers, bookmarks, timeouts), create (201,
 * generateName, dry run, namespace checks), update (conflicts, unconditional), the three patch
 * types with no-op detection, delete answers, deletecollection, the status, scale, binding
 * and eviction subresources, reviews, and the upstream Status of bad requests.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <jansson.h>

#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/server.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/http_testutil.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

static struct event_base *base;
static struct kc_etcd3 *e3;
static struct store_set *stores;
static struct apiserver *srv;
static int port;

static void ensure_default_namespace(void);

static void
setup(void)
{
	struct store_set_options so = { .cache_fresh_wait_ms = 500, .bookmark_interval_ms = 300 };
	struct apiserver_config cfg = { .advertise_address = "127.0.0.1", .secure_port = 6443 };

	base = event_base_new();
	e3 = etcd_test_client_at(base, etcd_test, 3000, NULL);
	so.etcd = e3;
	ck_assert_int_eq(store_set_new(&so, &stores), 0);
	cfg.stores = stores;
	srv = apiserver_new(base, &cfg);
	ck_assert_ptr_nonnull(srv);
	ck_assert_int_ge(apiserver_listen(srv, "127.0.0.1:0", NULL), 0);
	port = apiserver_port(srv, 0);
	for (int i = 0; i < 500 && !store_set_ready(stores); i++)
		kc_test_run_for(base, 10);
	ck_assert(store_set_ready(stores));
	ensure_default_namespace();
}

static void
teardown(void)
{
	apiserver_stop(srv);
	stores = store_set_free(stores);
	srv = apiserver_free(srv);
	e3 = kc_etcd3_free(e3);
	kc_test_run_for(base, 20);
	event_base_free(base);
}

/* ---- requests ----------------------------------------------------------------------------- */

struct call {
	const char *method;
	const char *path;
	const char *ctype;
	const char *accept;
	const char *body;
	struct http_test_result res;
};

static void
do_call(struct call *c)
{
	char url[1024], ct[256], acc[512];
	const char *headers[3] = { NULL };
	size_t n = 0;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, c->path);
	if (c->ctype != NULL) {
		snprintf(ct, sizeof(ct), "Content-Type: %s", c->ctype);
		headers[n++] = ct;
	}
	if (c->accept != NULL) {
		snprintf(acc, sizeof(acc), "Accept: %s", c->accept);
		headers[n++] = acc;
	}
	http_test_curl(c->method, url, c->body, c->body ? strlen(c->body) : 0, headers, NULL, NULL,
		       &c->res);
}

static void
call_client(void *arg)
{
	do_call(arg);
}

/* One request; returns the status and the body parsed (NULL when not JSON) in *ret. */
static long
req(const char *method, const char *path, const char *ctype, const char *body, const char *accept,
    json_t **ret)
{
	struct call c = { method, path, ctype, accept, body, { 0 } };
	long st;

	ck_assert_int_eq(http_test_run(base, call_client, &c, 8000), 0);
	ck_assert_int_eq(c.res.rc, CURLE_OK);
	st = c.res.status;
	if (ret != NULL)
		*ret = json_loads(c.res.body.buf, JSON_DISABLE_EOF_CHECK, NULL);
	http_test_result_release(&c.res);
	return st;
}

static const char *
str(const json_t *v, const char *path)
{
	return kc_json_get_string(v, path, "<absent>");
}

#define JSON_CT "application/json"
#define CMS     "/api/v1/namespaces/default/configmaps"

static void
make_cm(const char *ns, const char *name, const char *label)
{
	char path[256], body[512];

	snprintf(path, sizeof(path), "/api/v1/namespaces/%s/configmaps", ns);
	snprintf(body, sizeof(body),
		 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\","
		 "\"labels\":{\"app\":\"%s\"}},\"data\":{\"k\":\"v\"}}",
		 name, label);
	ck_assert_int_eq(req("POST", path, JSON_CT, body, NULL, NULL), 201);
}

static void
make_ns(const char *name)
{
	char body[256];

	snprintf(body, sizeof(body),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}",
		 name);
	ck_assert_int_eq(req("POST", "/api/v1/namespaces", JSON_CT, body, NULL, NULL), 201);
}

/* The tests share one etcd: "default" is made once (no bootstrap runs here). */
static void
ensure_default_namespace(void)
{
	long st = req("POST", "/api/v1/namespaces", JSON_CT,
		      "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":"
		      "\"default\"}}",
		      NULL, NULL);

	ck_assert(st == 201 || st == 409);
}

/* ---- reads ------------------------------------------------------------------------------- */

START_TEST(test_list_from_cached_bytes)
{
	json_auto_t *l = NULL, *o = NULL;

	make_ns("r1");
	make_cm("r1", "a", "x");
	make_cm("r1", "b", "y");
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/r1/configmaps", NULL, NULL, NULL, &l), 200);
	ck_assert_str_eq(str(l, "kind"), "ConfigMapList");
	ck_assert_str_eq(str(l, "apiVersion"), "v1");
	ck_assert_int_eq(json_array_size(json_object_get(l, "items")), 2);
	ck_assert_str_eq(str(l, "items.0.metadata.name"), "a");
	ck_assert_str_ne(str(l, "metadata.resourceVersion"), "<absent>");
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/r1/configmaps?labelSelector=app%3Dy", NULL,
			     NULL, NULL, &o),
			 200);
	ck_assert_int_eq(json_array_size(json_object_get(o, "items")), 1);
	ck_assert_str_eq(str(o, "items.0.metadata.name"), "b");
}
END_TEST

START_TEST(test_list_paging)
{
	json_auto_t *p1 = NULL, *p2 = NULL;
	char path[1024];

	make_ns("r2");
	make_cm("r2", "a", "x");
	make_cm("r2", "b", "x");
	make_cm("r2", "c", "x");
	ck_assert_int_eq(
		req("GET", "/api/v1/namespaces/r2/configmaps?limit=2", NULL, NULL, NULL, &p1), 200);
	ck_assert_int_eq(json_array_size(json_object_get(p1, "items")), 2);
	ck_assert_int_eq(kc_json_get_int64(p1, "metadata.remainingItemCount", 0), 1);
	snprintf(path, sizeof(path), "/api/v1/namespaces/r2/configmaps?limit=2&continue=%s",
		 str(p1, "metadata.continue"));
	ck_assert_int_eq(req("GET", path, NULL, NULL, NULL, &p2), 200);
	ck_assert_int_eq(json_array_size(json_object_get(p2, "items")), 1);
	ck_assert_str_eq(str(p2, "items.0.metadata.name"), "c");
	ck_assert_str_eq(str(p2, "metadata.resourceVersion"), str(p1, "metadata.resourceVersion"));
}
END_TEST

START_TEST(test_table_and_partial)
{
	json_auto_t *t = NULL, *one = NULL, *pl = NULL, *p = NULL;

	make_ns("r3");
	make_cm("r3", "a", "x");
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/r3/configmaps", NULL, NULL,
			     "application/json;as=Table;v=v1;g=meta.k8s.io,application/json", &t),
			 200);
	ck_assert_str_eq(str(t, "kind"), "Table");
	ck_assert_str_eq(str(t, "columnDefinitions.0.name"), "Name");
	ck_assert_str_eq(str(t, "columnDefinitions.1.name"), "Data");
	ck_assert_str_eq(str(t, "rows.0.cells.0"), "a");
	ck_assert_str_eq(str(t, "rows.0.object.kind"), "PartialObjectMetadata");
	ck_assert_str_eq(str(t, "rows.0.object.metadata.namespace"), "r3");
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/r3/configmaps/a?includeObject=None", NULL,
			     NULL, "application/json;as=Table;v=v1beta1;g=meta.k8s.io", &one),
			 200);
	ck_assert_str_eq(str(one, "apiVersion"), "meta.k8s.io/v1beta1");
	ck_assert(json_is_null(kc_json_get(one, "rows", "0", "object", NULL)));
	ck_assert_int_eq(
		req("GET", "/api/v1/namespaces/r3/configmaps", NULL, NULL,
		    "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
		    &pl),
		200);
	ck_assert_str_eq(str(pl, "kind"), "PartialObjectMetadataList");
	ck_assert_str_eq(str(pl, "items.0.kind"), "PartialObjectMetadata");
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/r3/configmaps/a", NULL, NULL,
			     "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1", &p),
			 200);
	ck_assert_str_eq(str(p, "metadata.name"), "a");
	ck_assert_ptr_null(kc_json_get(p, "data", NULL));
}
END_TEST

START_TEST(test_yaml_and_not_acceptable)
{
	struct call c = {
		"GET", "/api/v1/namespaces/default", NULL, "application/yaml", NULL, { 0 }
	};
	json_auto_t *s = NULL;

	ck_assert_int_eq(http_test_run(base, call_client, &c, 8000), 0);
	ck_assert_int_eq(c.res.status, 200);
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "kind: Namespace\n"));
	ck_assert_ptr_nonnull(strcasestr(c.res.headers.buf, "content-type: application/yaml"));
	http_test_result_release(&c.res);
	ck_assert_int_eq(req("GET", CMS, NULL, NULL, "application/vnd.kubernetes.protobuf", &s),
			 406);
	ck_assert_str_eq(str(s, "reason"), "NotAcceptable");
}
END_TEST

/* ---- watch -------------------------------------------------------------------------------- */

struct watcher {
	const char *path;
	const char *accept;
	struct http_test_result res;
};

static void *
watch_thread(void *arg)
{
	struct watcher *w = arg;
	char url[1024], acc[512];
	const char *headers[] = { acc, NULL };

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, w->path);
	snprintf(acc, sizeof(acc), "Accept: %s", w->accept ? w->accept : "application/json");
	http_test_curl("GET", url, NULL, 0, headers, NULL, NULL, &w->res);
	return NULL;
}

struct watch_scenario {
	struct watcher *w;
	size_t n;
	const char *create_ns; /* a configmap created there while they watch */
	const char *create_name;
};

static void
watch_client(void *arg)
{
	struct watch_scenario *sc = arg;
	pthread_t t[4];
	char path[256], body[256];
	struct call c = { "POST", path, JSON_CT, NULL, body, { 0 } };

	for (size_t i = 0; i < sc->n; i++)
		pthread_create(&t[i], NULL, watch_thread, &sc->w[i]);
	usleep(400000);
	if (sc->create_name != NULL) {
		snprintf(path, sizeof(path), "/api/v1/namespaces/%s/configmaps", sc->create_ns);
		snprintf(body, sizeof(body),
			 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
			 "\"%s\"}}",
			 sc->create_name);
		do_call(&c);
		http_test_result_release(&c.res);
	}
	for (size_t i = 0; i < sc->n; i++)
		pthread_join(t[i], NULL);
}

/* The events of a watch body, one JSON object per line. */
static json_t *
events_of(const char *body)
{
	json_t *arr = json_array();
	const char *p = body;

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		json_t *e = json_loadb(p, n, 0, NULL);

		if (e != NULL)
			json_array_append_new(arr, e);
		p += n + (p[n] == '\n');
	}
	return arr;
}

START_TEST(test_watch_json)
{
	struct watcher w = { "/api/v1/namespaces/w1/configmaps?watch=1&timeoutSeconds=2",
			     NULL,
			     { 0 } };
	struct watch_scenario sc = { &w, 1, "w1", "new" };
	json_auto_t *ev = NULL;

	make_ns("w1");
	make_cm("w1", "old", "x");
	ck_assert_int_eq(http_test_run(base, watch_client, &sc, 8000), 0);
	ck_assert_int_eq(w.res.status, 200);
	ck_assert_ptr_nonnull(strcasestr(w.res.headers.buf, "transfer-encoding: chunked"));
	ev = events_of(w.res.body.buf);
	ck_assert_int_eq(json_array_size(ev), 2);
	ck_assert_str_eq(str(ev, "0.type"), "ADDED"); /* synthetic, RV unset */
	ck_assert_str_eq(str(ev, "0.object.metadata.name"), "old");
	ck_assert_str_eq(str(ev, "1.type"), "ADDED");
	ck_assert_str_eq(str(ev, "1.object.metadata.name"), "new");
	http_test_result_release(&w.res);
}
END_TEST

START_TEST(test_watch_table_shared_conversion)
{
	struct watcher w[2] = {
		{ "/api/v1/namespaces/w2/configmaps?watch=1&timeoutSeconds=2",
		  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
		  { 0 } },
		{ "/api/v1/namespaces/w2/configmaps?watch=1&timeoutSeconds=2",
		  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
		  { 0 } },
	};
	struct watch_scenario sc = { w, 2, "w2", "new" };
	unsigned long hits, misses;

	make_ns("w2");
	make_cm("w2", "old", "x");
	ck_assert_int_eq(http_test_run(base, watch_client, &sc, 8000), 0);
	for (int i = 0; i < 2; i++) {
		json_auto_t *ev = events_of(w[i].res.body.buf);

		ck_assert_int_eq(json_array_size(ev), 2);
		ck_assert_str_eq(str(ev, "0.object.kind"), "Table");
		/* the columns come with the first event only */
		ck_assert(json_is_array(kc_json_get(ev, "0", "object", "columnDefinitions", NULL)));
		ck_assert(json_is_null(kc_json_get(ev, "1", "object", "columnDefinitions", NULL)));
		ck_assert_str_eq(str(ev, "1.object.rows.0.cells.0"), "new");
		http_test_result_release(&w[i].res);
	}
	/* the live event was converted once for both watchers */
	apiserver_watch_convert_stats(srv, &hits, &misses);
	ck_assert_int_eq(misses, 1);
	ck_assert_int_eq(hits, 1);
}
END_TEST

START_TEST(test_watch_partial_and_bookmarks)
{
	struct watcher w = {
		"/api/v1/namespaces/w3/configmaps?watch=1&timeoutSeconds=3&allowWatchBookmarks=true",
		"application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1",
		{ 0 }
	};
	struct watch_scenario sc = { &w, 1, "w3", "new" };
	json_auto_t *ev = NULL;
	size_t i, bookmarks = 0;
	json_t *e;

	make_ns("w3");
	ck_assert_int_eq(http_test_run(base, watch_client, &sc, 8000), 0);
	size_t added = 0;

	ev = events_of(w.res.body.buf);
	json_array_foreach(ev, i, e) {
		if (strcmp(str(e, "type"), "ADDED") == 0) {
			added++;
			ck_assert_str_eq(str(e, "object.kind"), "PartialObjectMetadata");
			ck_assert_str_eq(str(e, "object.metadata.name"), "new");
			ck_assert_ptr_null(kc_json_get(e, "object", "data", NULL));
		}
		if (strcmp(str(e, "type"), "BOOKMARK") != 0)
			continue;
		bookmarks++;
		ck_assert_str_eq(str(e, "object.kind"), "PartialObjectMetadata");
		ck_assert_str_ne(str(e, "object.metadata.resourceVersion"), "<absent>");
	}
	ck_assert_uint_gt(bookmarks, 0);
	ck_assert_uint_eq(added, 1);
	http_test_result_release(&w.res);
}
END_TEST

START_TEST(test_watch_errors)
{
	json_auto_t *s = NULL, *f = NULL;

	ck_assert_int_eq(req("GET",
			     CMS
			     "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan",
			     NULL, NULL, NULL, &s),
			 422);
	ck_assert_str_eq(str(s, "message"),
			 "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: "
			 "sendInitialEvents is forbidden for watch unless the WatchList feature "
			 "gate is enabled");
	ck_assert_int_eq(req("GET", CMS "?watch=1&fieldSelector=spec.x%3Dy", NULL, NULL, NULL, &f),
			 400);
	ck_assert_str_eq(str(f, "message"), "field label not supported: spec.x");
}
END_TEST

/* ---- writes ------------------------------------------------------------------------------- */

START_TEST(test_create_defaults_and_generate_name)
{
	json_auto_t *p = NULL, *g = NULL, *d = NULL, *missing = NULL;

	ck_assert_int_eq(
		req("POST", "/api/v1/namespaces/default/pods", JSON_CT,
		    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p1\"},"
		    "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}",
		    NULL, &p),
		201);
	ck_assert_str_eq(str(p, "metadata.namespace"), "default");
	ck_assert_str_ne(str(p, "metadata.uid"), "<absent>");
	ck_assert_str_eq(str(p, "spec.schedulerName"), "default-scheduler");
	ck_assert_str_eq(str(p, "status.phase"), "Pending");
	ck_assert_int_eq(req("POST", CMS, JSON_CT,
			     "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{"
			     "\"generateName\":\"gen-\"}}",
			     NULL, &g),
			 201);
	ck_assert_int_eq(strncmp(str(g, "metadata.name"), "gen-", 4), 0);
	ck_assert_uint_eq(strlen(str(g, "metadata.name")), 9);
	ck_assert_int_eq(req("POST", CMS "?dryRun=All", JSON_CT,
			     "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
			     "\"dry\"}}",
			     NULL, &d),
			 201);
	ck_assert_str_eq(str(d, "metadata.resourceVersion"), "<absent>");
	ck_assert_int_eq(req("GET", CMS "/dry", NULL, NULL, NULL, &missing), 404);
}
END_TEST

START_TEST(test_update_conflict_and_unconditional)
{
	json_auto_t *c = NULL, *u = NULL, *stale = NULL, *now = NULL;
	char body[512];

	make_cm("default", "upd", "x");
	ck_assert_int_eq(req("GET", CMS "/upd", NULL, NULL, NULL, &c), 200);
	snprintf(body, sizeof(body),
		 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"upd\","
		 "\"resourceVersion\":\"%s\"},\"data\":{\"k\":\"2\"}}",
		 str(c, "metadata.resourceVersion"));
	ck_assert_int_eq(req("PUT", CMS "/upd", JSON_CT, body, NULL, &u), 200);
	ck_assert_int_eq(req("PUT", CMS "/upd", JSON_CT, body, NULL, &stale), 409);
	ck_assert_str_eq(str(stale, "reason"), "Conflict");
	ck_assert_int_eq(req("PUT", CMS "/upd", JSON_CT,
			     "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
			     "\"upd\"},\"data\":{\"k\":\"3\"}}",
			     NULL, &now),
			 200);
	ck_assert_str_eq(str(now, "data.k"), "3");
	ck_assert_str_eq(str(now, "metadata.uid"), str(c, "metadata.uid"));
}
END_TEST

START_TEST(test_patch_types_and_noop)
{
	json_auto_t *m = NULL, *j = NULL, *s = NULL, *again = NULL, *bad = NULL;

	ck_assert_int_eq(
		req("POST", "/apis/apps/v1/namespaces/default/deployments", JSON_CT,
		    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":"
		    "\"web\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":"
		    "{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":"
		    "\"c\",\"image\":\"nginx\"}]}}}}",
		    NULL, NULL),
		201);
	ck_assert_int_eq(req("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
			     "application/merge-patch+json", "{\"spec\":{\"replicas\":3}}", NULL,
			     &m),
			 200);
	ck_assert_int_eq(kc_json_get_int64(m, "spec.replicas", 0), 3);
	ck_assert_int_eq(kc_json_get_int64(m, "metadata.generation", 0), 2);
	ck_assert_int_eq(req("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
			     "application/json-patch+json",
			     "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":4}]", NULL,
			     &j),
			 200);
	ck_assert_int_eq(kc_json_get_int64(j, "spec.replicas", 0), 4);
	ck_assert_int_eq(
		req("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
		    "application/strategic-merge-patch+json",
		    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"image\":"
		    "\"busybox\"}]}}}}",
		    NULL, &s),
		200);
	ck_assert_int_eq(
		json_array_size(kc_json_get(s, "spec", "template", "spec", "containers", NULL)), 2);
	ck_assert_int_eq(req("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
			     "application/merge-patch+json", "{\"spec\":{\"replicas\":4}}", NULL,
			     &again),
			 200);
	ck_assert_str_eq(str(again, "metadata.resourceVersion"),
			 str(s, "metadata.resourceVersion"));
	ck_assert_int_eq(req("PATCH", "/apis/apps/v1/namespaces/default/deployments/web",
			     "text/plain", "{}", NULL, &bad),
			 415);
}
END_TEST

START_TEST(test_delete_answers)
{
	json_auto_t *cm = NULL, *pod = NULL, *coll = NULL, *left = NULL;

	make_ns("d1");
	make_cm("d1", "a", "gone");
	make_cm("d1", "b", "gone");
	make_cm("d1", "c", "keep");
	ck_assert_int_eq(req("DELETE", "/api/v1/namespaces/d1/configmaps/a", JSON_CT,
			     "{\"propagationPolicy\":\"Background\"}", NULL, &cm),
			 200);
	ck_assert_str_eq(str(cm, "kind"), "Status");
	ck_assert_str_eq(str(cm, "status"), "Success");
	ck_assert_str_eq(str(cm, "details.kind"), "configmaps");
	ck_assert_str_ne(str(cm, "details.uid"), "<absent>");
	ck_assert_int_eq(req("DELETE", "/api/v1/namespaces/d1/configmaps?labelSelector=app%3Dgone",
			     NULL, NULL, NULL, &coll),
			 200);
	ck_assert_str_eq(str(coll, "kind"), "ConfigMapList");
	ck_assert_int_eq(json_array_size(json_object_get(coll, "items")), 1);
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/d1/configmaps", NULL, NULL, NULL, &left),
			 200);
	ck_assert_int_eq(json_array_size(json_object_get(left, "items")), 1);
	ck_assert_int_eq(
		req("POST", "/api/v1/namespaces/d1/pods", JSON_CT,
		    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
		    "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}",
		    NULL, NULL),
		201);
	ck_assert_int_eq(req("DELETE", "/api/v1/namespaces/d1/pods/p", NULL, NULL, NULL, &pod),
			 200);
	ck_assert_str_eq(str(pod, "kind"), "Pod"); /* pods answer with the deleted object */
}
END_TEST

START_TEST(test_status_scale_subresources)
{
	json_auto_t *st = NULL, *sc = NULL, *put = NULL, *dep = NULL, *neg = NULL;

	ck_assert_int_eq(
		req("POST", "/apis/apps/v1/namespaces/default/replicasets", JSON_CT,
		    "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":"
		    "\"rs\"},\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
		    "\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":"
		    "[{\"name\":\"c\",\"image\":\"nginx\"}]}}},\"status\":{\"replicas\":9}}",
		    NULL, NULL),
		201);
	/* the status subresource changes status only */
	ck_assert_int_eq(req("PATCH", "/apis/apps/v1/namespaces/default/replicasets/rs/status",
			     "application/merge-patch+json",
			     "{\"spec\":{\"replicas\":5},\"status\":{\"replicas\":2}}", NULL, &st),
			 200);
	ck_assert_int_eq(kc_json_get_int64(st, "spec.replicas", 0), 1);
	ck_assert_int_eq(kc_json_get_int64(st, "status.replicas", 0), 2);
	ck_assert_int_eq(req("GET", "/apis/apps/v1/namespaces/default/replicasets/rs/scale", NULL,
			     NULL, NULL, &sc),
			 200);
	ck_assert_str_eq(str(sc, "kind"), "Scale");
	ck_assert_str_eq(str(sc, "apiVersion"), "autoscaling/v1");
	ck_assert_str_eq(str(sc, "status.selector"), "a=b");
	ck_assert_int_eq(kc_json_get_int64(sc, "status.replicas", 0), 2);
	ck_assert_int_eq(req("PUT", "/apis/apps/v1/namespaces/default/replicasets/rs/scale",
			     JSON_CT,
			     "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{"
			     "\"name\":\"rs\"},\"spec\":{\"replicas\":7}}",
			     NULL, &put),
			 200);
	ck_assert_int_eq(kc_json_get_int64(put, "spec.replicas", 0), 7);
	ck_assert_int_eq(req("GET", "/apis/apps/v1/namespaces/default/replicasets/rs", NULL, NULL,
			     NULL, &dep),
			 200);
	ck_assert_int_eq(kc_json_get_int64(dep, "spec.replicas", 0), 7);
	ck_assert_int_eq(req("PATCH", "/apis/apps/v1/namespaces/default/replicasets/rs/scale",
			     "application/merge-patch+json", "{\"spec\":{\"replicas\":-1}}", NULL,
			     &neg),
			 422);
	ck_assert_str_eq(str(neg, "details.kind"), "Scale");
}
END_TEST

START_TEST(test_binding_and_eviction)
{
	json_auto_t *b = NULL, *again = NULL, *pod = NULL, *ev = NULL, *gone = NULL;
	const char *pod_body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":"
			       "\"bp\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":"
			       "\"nginx\"}]}}";
	const char *binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":"
			      "\"bp\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}";

	make_ns("b1");
	ck_assert_int_eq(req("POST", "/api/v1/namespaces/b1/pods", JSON_CT, pod_body, NULL, NULL),
			 201);
	ck_assert_int_eq(
		req("POST", "/api/v1/namespaces/b1/pods/bp/binding", JSON_CT, binding, NULL, &b),
		201);
	ck_assert_str_eq(str(b, "status"), "Success");
	ck_assert_int_eq(req("POST", "/api/v1/namespaces/b1/pods/bp/binding", JSON_CT, binding,
			     NULL, &again),
			 409);
	ck_assert_str_eq(str(again, "message"),
			 "Operation cannot be fulfilled on pods/binding \"bp\": pod bp is already "
			 "assigned to node \"node-1\"");
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/b1/pods/bp", NULL, NULL, NULL, &pod), 200);
	ck_assert_str_eq(str(pod, "spec.nodeName"), "node-1");
	ck_assert_str_eq(str(pod, "status.conditions.0.type"), "PodScheduled");
	/* a Pending pod is evicted without a budget check: deleted at once (grace from
	 * deleteOptions) */
	ck_assert_int_eq(req("POST", "/api/v1/namespaces/b1/pods/bp/eviction", JSON_CT,
			     "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{"
			     "\"name\":\"bp\"},\"deleteOptions\":{\"gracePeriodSeconds\":0}}",
			     NULL, &ev),
			 201);
	ck_assert_int_eq(req("GET", "/api/v1/namespaces/b1/pods/bp", NULL, NULL, NULL, &gone), 404);
}
END_TEST

START_TEST(test_eviction_budget)
{
	json_auto_t *ev = NULL, *ev2 = NULL;

	make_ns("b2");
	ck_assert_int_eq(
		req("POST", "/api/v1/namespaces/b2/pods", JSON_CT,
		    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"run\","
		    "\"labels\":{\"app\":\"db\"}},\"spec\":{\"nodeName\":\"n\",\"containers\":[{"
		    "\"name\":\"c\",\"image\":\"nginx\"}]}}",
		    NULL, NULL),
		201);
	ck_assert_int_eq(req("PATCH", "/api/v1/namespaces/b2/pods/run/status",
			     "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\"}}",
			     NULL, NULL),
			 200);
	ck_assert_int_eq(
		req("POST", "/apis/policy/v1/namespaces/b2/poddisruptionbudgets", JSON_CT,
		    "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":{"
		    "\"name\":\"pdb\"},\"spec\":{\"minAvailable\":1,\"selector\":{\"matchLabels\":{"
		    "\"app\":\"db\"}}}}",
		    NULL, NULL),
		201);
	ck_assert_int_eq(req("POST", "/api/v1/namespaces/b2/pods/run/eviction", JSON_CT,
			     "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{"
			     "\"name\":\"run\"}}",
			     NULL, &ev),
			 429);
	/* the budget's controller has not observed it yet: retry later */
	ck_assert_str_eq(str(ev, "message"),
			 "Cannot evict pod as it would violate the pod's disruption budget.");
	ck_assert_int_eq(kc_json_get_int64(ev, "details.retryAfterSeconds", 0), 10);
	ck_assert_int_eq(req("PATCH",
			     "/apis/policy/v1/namespaces/b2/poddisruptionbudgets/pdb/status",
			     "application/merge-patch+json",
			     "{\"status\":{\"observedGeneration\":1,\"disruptionsAllowed\":0,"
			     "\"desiredHealthy\":1,\"currentHealthy\":1,\"expectedPods\":1}}",
			     NULL, NULL),
			 200);
	kc_test_run_for(base, 50);
	ck_assert_int_eq(req("POST", "/api/v1/namespaces/b2/pods/run/eviction", JSON_CT,
			     "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{"
			     "\"name\":\"run\"}}",
			     NULL, &ev2),
			 429);
	ck_assert_str_eq(str(ev2, "details.causes.0.reason"), "DisruptionBudget");
	ck_assert_str_eq(str(ev2, "details.causes.0.message"),
			 "The disruption budget pdb needs 1 healthy pods and has 1 currently");
}
END_TEST

START_TEST(test_namespace_lifecycle)
{
	json_auto_t *missing = NULL, *del = NULL, *late = NULL, *def = NULL;

	ck_assert_int_eq(req("POST", "/api/v1/namespaces/nowhere/configmaps", JSON_CT,
			     "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
			     "\"x\"}}",
			     NULL, &missing),
			 404);
	ck_assert_str_eq(str(missing, "message"), "namespaces \"nowhere\" not found");
	make_ns("dying");
	ck_assert_int_eq(req("DELETE", "/api/v1/namespaces/dying", NULL, NULL, NULL, &del), 200);
	ck_assert_str_eq(str(del, "status.phase"), "Terminating");
	kc_test_run_for(base, 100);
	ck_assert_int_eq(req("POST", "/api/v1/namespaces/dying/configmaps", JSON_CT,
			     "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
			     "\"x\"}}",
			     NULL, &late),
			 403);
	ck_assert_str_eq(str(late, "message"),
			 "configmaps \"x\" is forbidden: unable to create new content in namespace "
			 "dying because it is being terminated");
	ck_assert_int_eq(req("DELETE", "/api/v1/namespaces/kube-system", NULL, NULL, NULL, &def),
			 403);
}
END_TEST

START_TEST(test_reviews)
{
	json_auto_t *r = NULL, *w = NULL;

	ck_assert_int_eq(
		req("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", JSON_CT,
		    "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":"
		    "\"SelfSubjectAccessReview\",\"spec\":{\"resourceAttributes\":{\"verb\":"
		    "\"create\",\"resource\":\"pods\"}}}",
		    NULL, &r),
		201);
	ck_assert(json_is_true(kc_json_get(r, "status", "allowed", NULL)));
	ck_assert_int_eq(req("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", JSON_CT,
			     "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":"
			     "\"SelfSubjectReview\"}",
			     NULL, &w),
			 201);
	ck_assert_str_eq(str(w, "status.userInfo.username"), "system:anonymous");
}
END_TEST

static const struct {
	const char *method;
	const char *path;
	const char *ctype;
	const char *body;
	long code;
	const char *message;
} bad_cases[] = {
	{ "GET", "/api/v1/nothings", NULL, NULL, 404,
	  "the server could not find the requested resource" },
	{ "GET", "/api/v1/namespaces/default/configmaps/none", NULL, NULL, 404,
	  "configmaps \"none\" not found" },
	{ "DELETE", "/api/v1/namespaces", NULL, NULL, 405,
	  "the server does not allow this method on the requested resource" },
	{ "GET", "/api/v1/namespaces/default/pods/x/log", NULL, NULL, 405,
	  "pods/log is not served by ckube's kube-apiserver yet (see docs/compat.md)" },
	{ "POST", CMS, "application/json",
	  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","
	  "\"namespace\":\"other\"}}",
	  400,
	  "the namespace of the provided object does not match the namespace sent on the request" },
	{ "POST", CMS, "text/plain", "x", 415,
	  "the body of the request was in an unknown format - accepted media types include: "
	  "application/json, application/yaml, application/vnd.kubernetes.protobuf" },
	{ "POST", CMS, "application/json", "[1]", 400,
	  "the object provided is unrecognized (must be of type ConfigMap): couldn't get "
	  "version/kind; json parse error: json: cannot unmarshal into Go value of type struct { "
	  "APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
	  "\"json:\\\"kind,omitempty\\\"\" } (5b315d)" },
	{ "POST", CMS, "application/json", "{\"kind\":\"Secret\",\"apiVersion\":\"v1\"}", 400,
	  "Secret in version \"v1\" cannot be handled as a ConfigMap: converting (v1.Secret) to "
	  "(core.ConfigMap): unknown conversion" },
	{ "GET", CMS "?resourceVersionMatch=Exact", NULL, NULL, 422,
	  "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
	  "resourceVersionMatch is forbidden unless resourceVersion is provided" },
	{ "GET", CMS "?sendInitialEvents=true", NULL, NULL, 422,
	  "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: "
	  "sendInitialEvents is forbidden for list" },
	{ "DELETE", CMS "/x", "application/json", "{\"propagationPolicy\":\"Sideways\"}", 422,
	  "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: "
	  "\"Sideways\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"" },
	{ "POST", CMS "?dryRun=Later", "application/json",
	  "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}", 422,
	  "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: \"Later\": "
	  "supported values: \"All\"" },
	{ "PATCH", CMS "/x", "application/apply-patch+yaml", "{}", 415, NULL },
};

START_TEST(test_bad_requests)
{
	json_auto_t *s = NULL;

	ck_assert_int_eq(req(bad_cases[_i].method, bad_cases[_i].path, bad_cases[_i].ctype,
			     bad_cases[_i].body, NULL, &s),
			 bad_cases[_i].code);
	ck_assert_str_eq(str(s, "kind"), "Status");
	ck_assert_int_eq(kc_json_get_int64(s, "code", 0), bad_cases[_i].code);
	if (bad_cases[_i].message != NULL)
		ck_assert_str_eq(str(s, "message"), bad_cases[_i].message);
}
END_TEST

START_TEST(test_health)
{
	struct call c = { "GET", "/readyz?verbose", NULL, NULL, NULL, { 0 } };

	for (int i = 0; i < 100 && !apiserver_ready(srv); i++)
		kc_test_run_for(base, 20);
	ck_assert(apiserver_ready(srv));
	ck_assert_int_eq(http_test_run(base, call_client, &c, 8000), 0);
	ck_assert_int_eq(c.res.status, 200);
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "[+]etcd ok"));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "[+]informer-sync ok"));
	http_test_result_release(&c.res);
}
END_TEST

START_TEST(test_metrics)
{
	struct call c = { "GET", "/metrics", NULL, NULL, NULL, { 0 } };

	ck_assert_int_eq(req("GET", CMS, NULL, NULL, NULL, NULL), 200);
	ck_assert_int_eq(req("GET", CMS "/none", NULL, NULL, NULL, NULL), 404);
	ck_assert_int_eq(http_test_run(base, call_client, &c, 8000), 0);
	ck_assert_int_eq(c.res.status, 200);
	ck_assert_ptr_nonnull(strstr(
		c.res.body.buf,
		"apiserver_request_total{verb=\"LIST\",dry_run=\"\",group=\"\",version=\"v1\","
		"resource=\"configmaps\",subresource=\"\",scope=\"namespace\",component="
		"\"apiserver\",code=\"200\"} 1"));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "scope=\"resource\",component=\"apiserver\","
						     "code=\"404\"} 1"));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "apiserver_request_duration_seconds_bucket{"));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "apiserver_registered_watchers 0"));
	http_test_result_release(&c.res);
}
END_TEST

/* etcd requests by operation and resource, and the stored objects of each cache. */
START_TEST(test_metrics_storage)
{
	struct call c = { "GET", "/metrics", NULL, NULL, NULL, { 0 } };

	ck_assert_int_eq(req("POST", CMS, JSON_CT,
			     "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
			     "\"metadata\":{\"name\":\"counted\"}}",
			     NULL, NULL),
			 201);
	ck_assert_int_eq(http_test_run(base, call_client, &c, 8000), 0);
	ck_assert_int_eq(c.res.status, 200);
	ck_assert_ptr_nonnull(strstr(c.res.body.buf,
				     "etcd_request_duration_seconds_bucket{operation=\"create\","
				     "type=\"configmaps\",le=\"60\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf,
				     "etcd_requests_total{operation=\"create\",type=\"configmaps\"} 1\n"));
	/* the caches listed every prefix once */
	ck_assert_ptr_nonnull(strstr(c.res.body.buf,
				     "etcd_requests_total{operation=\"list\",type=\"deployments.apps\"}"));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "apiserver_storage_objects{resource=\"configmaps\"} "));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "# TYPE apiserver_storage_objects gauge\n"));
	http_test_result_release(&c.res);
}
END_TEST

/* The shutdown states of shutdown.c: readyz fails first; then 429 with Retry-After. */
START_TEST(test_shutdown_states)
{
	struct call c = { "GET", "/readyz?verbose", NULL, NULL, NULL, { 0 } };
	struct call r429 = { "GET", CMS, NULL, NULL, NULL, { 0 } };

	ck_assert_int_eq(req("GET", CMS, NULL, NULL, NULL, NULL), 200);
	apiserver_shutdown_initiated(srv);
	ck_assert_int_eq(http_test_run(base, call_client, &c, 8000), 0);
	ck_assert_int_eq(c.res.status, 500);
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "[-]shutdown failed: reason withheld"));
	ck_assert_ptr_nonnull(strstr(c.res.body.buf, "[+]etcd ok"));
	http_test_result_release(&c.res);
	ck_assert_int_eq(req("GET", CMS, NULL, NULL, NULL, NULL), 200); /* still served */
	apiserver_reject_new_requests(srv);
	ck_assert_int_eq(http_test_run(base, call_client, &r429, 8000), 0);
	ck_assert_int_eq(r429.res.status, 429);
	ck_assert_str_eq(r429.res.body.buf,
			 "The apiserver is shutting down, please try again later.\n");
	ck_assert_ptr_nonnull(strcasestr(r429.res.headers.buf, "retry-after: 5\r\n"));
	http_test_result_release(&r429.res);
	ck_assert_int_eq(req("GET", "/readyz", NULL, NULL, NULL, NULL), 500); /* exempt */
	ck_assert_int_eq(req("GET", "/metrics", NULL, NULL, NULL, NULL), 200);
	ck_assert_int_eq(req("GET", "/livez", NULL, NULL, NULL, NULL), 200);
}
END_TEST

static Suite *
apiserver_rest_suite(void)
{
	Suite *s = suite_create("apiserver_rest");
	TCase *tc = tcase_create("rest");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_list_from_cached_bytes);
	tcase_add_test(tc, test_list_paging);
	tcase_add_test(tc, test_table_and_partial);
	tcase_add_test(tc, test_yaml_and_not_acceptable);
	tcase_add_test(tc, test_watch_json);
	tcase_add_test(tc, test_watch_table_shared_conversion);
	tcase_add_test(tc, test_watch_partial_and_bookmarks);
	tcase_add_test(tc, test_watch_errors);
	tcase_add_test(tc, test_create_defaults_and_generate_name);
	tcase_add_test(tc, test_update_conflict_and_unconditional);
	tcase_add_test(tc, test_patch_types_and_noop);
	tcase_add_test(tc, test_delete_answers);
	tcase_add_test(tc, test_status_scale_subresources);
	tcase_add_test(tc, test_binding_and_eviction);
	tcase_add_test(tc, test_eviction_budget);
	tcase_add_test(tc, test_namespace_lifecycle);
	tcase_add_test(tc, test_reviews);
	tcase_add_loop_test(tc, test_bad_requests, 0, (int)KC_ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, test_health);
	tcase_add_test(tc, test_metrics);
	tcase_add_test(tc, test_metrics_storage);
	tcase_add_test(tc, test_shutdown_states);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(apiserver_rest_suite)
