/*
 * check_informer.c - the reflector and shared informer against the fake apiserver: paginated
 * initial list, watch events to handlers, bookmarks, re-watch without relist, 410 -> relist with
 * deletions as final-state-unknown deletes, backoff, has_synced, resync, indexers, scoping,
 * transform, several handlers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>
#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/informer.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"
#include "libkcommon/strv.h"
#include "libkcommon/workqueue.h"
#include "test/unit/testutil/fake_apiserver.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

#define MS 1000000LL

static const struct kc_resource pods = {
	.group = "",
	.version = "v1",
	.resource = "pods",
	.kind = "Pod",
	.namespaced = 1,
};
static const struct kc_resource configmaps = {
	.group = "",
	.version = "v1",
	.resource = "configmaps",
	.kind = "ConfigMap",
	.namespaced = 1,
};

static struct kc_test_loop fx;
static struct kc_informer *inf;

/* What the handlers saw, one line per call. */
struct seen {
	struct kc_strv lines;
	int adds, updates, deletes, initial_adds, unknown_deletes, syncs;
};
static struct seen seen, seen2;

static void
on_add(void *arg, const json_t *obj, int initial)
{
	struct seen *s = arg;
	KC_AUTOFREE char *key = kc_meta_key(obj);
	char line[256];

	s->adds++;
	s->initial_adds += initial;
	snprintf(line, sizeof(line), "add %s%s", key, initial ? " initial" : "");
	kc_strv_push(&s->lines, line);
}

static const char *
rv_of(const json_t *o)
{
	return json_string_value(
		json_object_get(json_object_get(o, "metadata"), "resourceVersion"));
}

static void
on_update(void *arg, const json_t *old, const json_t *cur)
{
	struct seen *s = arg;
	KC_AUTOFREE char *key = kc_meta_key(cur);
	char line[256];

	s->updates++;
	if (old == cur)
		s->syncs++;
	snprintf(line, sizeof(line), "update %s %s->%s", key, rv_of(old), rv_of(cur));
	kc_strv_push(&s->lines, line);
}

static void
on_delete(void *arg, const json_t *obj, int unknown)
{
	struct seen *s = arg;
	KC_AUTOFREE char *key = kc_meta_key(obj);
	char line[256];

	s->deletes++;
	s->unknown_deletes += unknown;
	snprintf(line, sizeof(line), "delete %s%s", key, unknown ? " unknown" : "");
	kc_strv_push(&s->lines, line);
}

static const struct kc_informer_handler recorder = {
	.on_add = on_add,
	.on_update = on_update,
	.on_delete = on_delete,
};

static int
saw(const struct seen *s, const char *line)
{
	return s->lines.n > 0 && kc_strv_contains(&s->lines, line);
}

static void
setup(void)
{
	static const struct kc_resource *const resources[] = { &pods, &configmaps, NULL };

	kc_test_loop_init(&fx, resources);
	memset(&seen, 0, sizeof(seen));
	memset(&seen2, 0, sizeof(seen2));
}

static void
teardown(void)
{
	inf = kc_informer_free(inf);
	kc_test_loop_release(&fx);
	kc_strv_release(&seen.lines);
	kc_strv_release(&seen2.lines);
}

static int
synced(void *arg)
{
	return kc_informer_has_synced(inf);
}

static int64_t
put_pod(const char *ns, const char *name, const char *node, const char *labels_json)
{
	json_auto_t *p = json_pack("{s:s, s:s, s:{s:s, s:s}, s:{s:s}}", "apiVersion", "v1", "kind",
				   "Pod", "metadata", "name", name, "namespace", ns, "spec",
				   "nodeName", node != NULL ? node : "");
	int64_t rv;

	if (labels_json != NULL)
		json_object_set_new(json_object_get(p, "metadata"), "labels",
				    json_loads(labels_json, 0, NULL));
	rv = kc_fake_apiserver_put(fx.fake, "pods", p);
	ck_assert_int_gt(rv, 0);
	return rv;
}

static struct kc_informer *
start_informer(const struct kc_informer_config *override)
{
	struct kc_informer_config cfg = {
		.resource = &pods,
		.backoff_initial_ns = 10 * MS,
		.backoff_max_ns = 200 * MS,
	};

	if (override != NULL)
		cfg = *override;
	inf = kc_informer_new(fx.base, fx.client, &cfg);
	ck_assert_ptr_nonnull(inf);
	ck_assert_ptr_nonnull(kc_informer_add_handler(inf, &recorder, &seen, 0));
	ck_assert_int_eq(kc_informer_start(inf), 0);
	return inf;
}

/* Requests whose URI is a list (not a watch) of pods. */
static size_t
count_requests(const char *needle, int watches)
{
	size_t n = 0;

	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++) {
		const struct kc_fake_request *r = kc_fake_apiserver_request(fx.fake, i);
		int is_watch =
			strstr(r->uri, "watch=true") != NULL || strstr(r->uri, "watch=1") != NULL;

		if (strstr(r->uri, needle) != NULL && is_watch == watches)
			n++;
	}
	return n;
}

static const struct kc_fake_request *
last_request(const char *needle, int watches)
{
	const struct kc_fake_request *found = NULL;

	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++) {
		const struct kc_fake_request *r = kc_fake_apiserver_request(fx.fake, i);
		int is_watch =
			strstr(r->uri, "watch=true") != NULL || strstr(r->uri, "watch=1") != NULL;

		if (strstr(r->uri, needle) != NULL && is_watch == watches)
			found = r;
	}
	return found;
}

static const struct kc_fake_request *
nth_request(const char *needle, int watches, size_t nth)
{
	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++) {
		const struct kc_fake_request *r = kc_fake_apiserver_request(fx.fake, i);
		int is_watch =
			strstr(r->uri, "watch=true") != NULL || strstr(r->uri, "watch=1") != NULL;

		if (strstr(r->uri, needle) != NULL && is_watch == watches && nth-- == 0)
			return r;
	}
	return NULL;
}

static int
watching(void *arg)
{
	return kc_fake_apiserver_watch_count(fx.fake) >= 1;
}

static int
sync_and_watch(void *arg)
{
	return synced(NULL) && watching(NULL);
}

/* ---- tests ---- */

START_TEST(test_initial_list_paginated)
{
	char name[32];
	const struct kc_fake_request *r;
	long timeout;
	const char *p;
	KC_AUTOFREE char *want_rv = NULL;

	for (int i = 0; i < 1100; i++) {
		snprintf(name, sizeof(name), "pod-%04d", i);
		put_pod("default", name, "node-1", NULL);
	}
	ck_assert_int_ge(asprintf(&want_rv, "resourceVersion=%lld",
				  (long long)kc_fake_apiserver_resource_version(fx.fake)),
			 0);
	start_informer(NULL);
	ck_assert_int_eq(kc_informer_has_synced(inf), 0);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 5000));
	ck_assert_uint_eq(kc_store_size(kc_informer_store(inf)), 1100);
	ck_assert_int_eq(seen.adds, 1100);
	ck_assert_int_eq(seen.initial_adds, 1100);
	ck_assert(saw(&seen, "add default/pod-1099 initial"));
	/* Three pages of at most 500, the first at resourceVersion 0, then continue tokens. */
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 3);
	r = nth_request("/api/v1/pods", 0, 0);
	ck_assert_ptr_nonnull(strstr(r->uri, "limit=500"));
	ck_assert_ptr_nonnull(strstr(r->uri, "resourceVersion=0"));
	r = nth_request("/api/v1/pods", 0, 1);
	ck_assert_ptr_nonnull(strstr(r->uri, "continue="));
	ck_assert_ptr_null(strstr(r->uri, "resourceVersion="));
	/* The watch starts at the list's resourceVersion, with bookmarks and a 300..599 s timeout. */
	r = last_request("/api/v1/pods", 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r->uri, want_rv));
	ck_assert_ptr_nonnull(strstr(r->uri, "allowWatchBookmarks=true"));
	p = strstr(r->uri, "timeoutSeconds=");
	ck_assert_ptr_nonnull(p);
	timeout = strtol(p + strlen("timeoutSeconds="), NULL, 10);
	ck_assert_int_ge(timeout, 300);
	ck_assert_int_lt(timeout, 600);
	ck_assert_str_eq(kc_informer_last_sync_resource_version(inf),
			 want_rv + strlen("resourceVersion="));
}
END_TEST

START_TEST(test_page_size_option)
{
	struct kc_informer_config cfg = { .resource = &pods, .page_size = 2 };

	put_pod("a", "p1", NULL, NULL);
	put_pod("a", "p2", NULL, NULL);
	put_pod("b", "p3", NULL, NULL);
	put_pod("b", "p4", NULL, NULL);
	put_pod("b", "p5", NULL, NULL);
	start_informer(&cfg);
	ck_assert(kc_test_run_until(fx.base, synced, NULL, 3000));
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 3);
	ck_assert_ptr_nonnull(strstr(nth_request("/api/v1/pods", 0, 0)->uri, "limit=2"));
	ck_assert_uint_eq(kc_store_size(kc_informer_store(inf)), 5);
}
END_TEST

static int
have_lines(void *arg)
{
	return seen.lines.n >= *(const size_t *)arg;
}

/* Runs the loop until the first handler has logged n lines. */
static int
wait_lines(size_t n, int timeout_ms)
{
	return kc_test_run_until(fx.base, have_lines, &n, timeout_ms);
}

static int
three_lines(void *arg)
{
	return seen.lines.n >= 3;
}

START_TEST(test_watch_events_reach_handlers)
{
	json_auto_t *mod = NULL;
	KC_AUTOFREE char *want = NULL;
	int64_t rv1, rv2;

	put_pod("default", "old", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	kc_strv_release(&seen.lines);
	rv1 = put_pod("default", "web", NULL, NULL);
	mod = json_deep_copy(kc_fake_apiserver_get(fx.fake, "pods", "default", "web"));
	json_object_set_new(json_object_get(mod, "spec"), "nodeName", json_string("node-9"));
	rv2 = kc_fake_apiserver_put(fx.fake, "pods", mod);
	ck_assert_int_eq(kc_fake_apiserver_remove(fx.fake, "pods", "default", "old"), 0);
	ck_assert(kc_test_run_until(fx.base, three_lines, NULL, 3000));
	ck_assert_str_eq(seen.lines.v[0], "add default/web");
	ck_assert_int_ge(
		asprintf(&want, "update default/web %lld->%lld", (long long)rv1, (long long)rv2),
		0);
	ck_assert_str_eq(seen.lines.v[1], want);
	ck_assert_str_eq(seen.lines.v[2], "delete default/old");
	ck_assert_ptr_null(kc_informer_get(inf, "default/old"));
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(kc_informer_get(inf, "default/web"), "spec"), "nodeName")),
		"node-9");
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 1);
}
END_TEST

static int64_t want_rv;

static int
rv_reached(void *arg)
{
	return strtoll(kc_informer_last_sync_resource_version(inf), NULL, 10) >= want_rv;
}

START_TEST(test_bookmark_advances_rv)
{
	json_auto_t *cm = json_pack("{s:{s:s, s:s}}", "metadata", "name", "c", "namespace", "x");

	put_pod("default", "a", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	/* Writes to another resource move the global revision, unseen by a pod watch... */
	for (int i = 0; i < 3; i++)
		want_rv = kc_fake_apiserver_put(fx.fake, "configmaps", cm);
	kc_test_run_for(fx.base, 50);
	ck_assert(!rv_reached(NULL));
	/* ...until a BOOKMARK carries it, without any handler call. */
	kc_strv_release(&seen.lines);
	kc_fake_apiserver_send_bookmarks(fx.fake);
	ck_assert(kc_test_run_until(fx.base, rv_reached, NULL, 3000));
	ck_assert_uint_eq(seen.lines.n, 0);
	/* A re-watch then starts from the bookmark's resourceVersion. */
	kc_fake_apiserver_reset_log(fx.fake);
	kc_fake_apiserver_end_watches(fx.fake);
	ck_assert(kc_test_run_until(fx.base, watching, NULL, 3000));
	{
		KC_AUTOFREE char *needle = NULL;

		ck_assert_int_ge(asprintf(&needle, "resourceVersion=%lld", (long long)want_rv), 0);
		ck_assert_ptr_nonnull(strstr(last_request("/api/v1/pods", 1)->uri, needle));
	}
}
END_TEST

static int
two_watches_requested(void *arg)
{
	return count_requests("/api/v1/pods", 1) >= 2 && watching(NULL);
}

static void
rewatch_without_relist(int abrupt)
{
	KC_AUTOFREE char *needle = NULL;
	struct kc_informer_stats st;
	int64_t rv;

	put_pod("default", "a", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	rv = put_pod("default", "b", NULL, NULL);
	ck_assert(wait_lines(2, 3000));
	ck_assert(saw(&seen, "add default/b"));
	if (abrupt)
		kc_fake_apiserver_drop_watches(fx.fake);
	else
		kc_fake_apiserver_end_watches(fx.fake);
	ck_assert(kc_test_run_until(fx.base, two_watches_requested, NULL, 3000));
	ck_assert_int_ge(asprintf(&needle, "resourceVersion=%lld", (long long)rv), 0);
	ck_assert_ptr_nonnull(strstr(last_request("/api/v1/pods", 1)->uri, needle));
	put_pod("default", "c", NULL, NULL);
	ck_assert(kc_test_run_until(fx.base, three_lines, NULL, 3000));
	ck_assert_str_eq(seen.lines.v[2], "add default/c");
	/* One list only: the watch was reopened from the last resourceVersion. */
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 1);
	kc_informer_stats(inf, &st);
	ck_assert_uint_eq(st.relists, 0);
	ck_assert_uint_eq(st.backoffs, 0);
}

START_TEST(test_clean_watch_end_rewatches)
{
	rewatch_without_relist(0);
}
END_TEST

START_TEST(test_dropped_watch_rewatches)
{
	rewatch_without_relist(1);
}
END_TEST

static int
b_deleted(void *arg)
{
	return saw(&seen, "delete default/b unknown");
}

static void
gone_relists(int as_http)
{
	struct kc_fake_apiserver_opts opts = { .watch_410_as_http = as_http };
	struct kc_rest_config cfg = { 0 };
	struct kc_informer_stats st;

	if (as_http) {
		fx.client = kc_client_free(fx.client);
		fx.fake = kc_fake_apiserver_free(fx.fake);
		fx.fake = kc_fake_apiserver_new(fx.base, &opts);
		ck_assert_int_eq(kc_fake_apiserver_add_resource(fx.fake, &pods, 0), 0);
		cfg.server = (char *)kc_fake_apiserver_url(fx.fake);
		cfg.qps = -1;
		fx.client = kc_client_new(fx.base, &cfg);
	}
	put_pod("default", "a", NULL, NULL);
	put_pod("default", "b", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	put_pod("default", "c", NULL, NULL); /* the watch has seen events: not a "very short" one */
	ck_assert(kc_test_run_until(fx.base, three_lines, NULL, 3000));
	/* No watch while b is deleted, and the history is gone: the re-watch gets 410. */
	kc_fake_apiserver_drop_watches(fx.fake);
	ck_assert_int_eq(kc_fake_apiserver_remove(fx.fake, "pods", "default", "b"), 0);
	put_pod("default", "d", NULL, NULL);
	kc_fake_apiserver_compact(fx.fake);
	ck_assert(kc_test_run_until(fx.base, b_deleted, NULL, 5000));
	ck_assert(saw(&seen, "add default/d"));
	ck_assert_ptr_null(kc_informer_get(inf, "default/b"));
	ck_assert_ptr_nonnull(kc_informer_get(inf, "default/d"));
	ck_assert_int_eq(seen.unknown_deletes, 1);
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 2);
	kc_informer_stats(inf, &st);
	ck_assert_uint_eq(st.relists, 1);
	ck_assert_uint_ge(st.backoffs, 1);
	/* The relist asks for the last resourceVersion without a limit (watch cache semantics). */
	ck_assert_ptr_null(strstr(last_request("/api/v1/pods", 0)->uri, "limit="));
	ck_assert(kc_test_run_until(fx.base, watching, NULL, 3000));
}

START_TEST(test_410_event_relists)
{
	gone_relists(0);
}
END_TEST

START_TEST(test_410_http_relists)
{
	gone_relists(1);
}
END_TEST

START_TEST(test_relist_unchanged_not_delivered)
{
	json_auto_t *mod = NULL;

	put_pod("default", "same", NULL, NULL);
	put_pod("default", "changed", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	put_pod("default", "x", NULL, NULL);
	ck_assert(kc_test_run_until(fx.base, three_lines, NULL, 3000));
	kc_fake_apiserver_drop_watches(fx.fake);
	mod = json_deep_copy(kc_fake_apiserver_get(fx.fake, "pods", "default", "changed"));
	json_object_set_new(json_object_get(mod, "spec"), "nodeName", json_string("n"));
	kc_fake_apiserver_put(fx.fake, "pods", mod);
	kc_fake_apiserver_compact(fx.fake);
	kc_strv_release(&seen.lines);
	seen.updates = 0;
	ck_assert(kc_test_run_until(fx.base, watching, NULL, 5000));
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 2);
	/* Only the object whose resourceVersion moved is an update; same-RV ones are resyncs. */
	ck_assert_int_eq(seen.updates, 1);
	ck_assert_uint_eq(seen.lines.n, 1);
	ck_assert_ptr_nonnull(strstr(seen.lines.v[0], "update default/changed"));
}
END_TEST

START_TEST(test_very_short_watch_relists)
{
	struct kc_informer_stats st;

	put_pod("default", "a", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	/* A watch closed within a second without any event is an error: relist after backoff. */
	kc_fake_apiserver_end_watches(fx.fake);
	kc_test_run_for(fx.base, 300);
	ck_assert(kc_test_run_until(fx.base, watching, NULL, 3000));
	kc_informer_stats(inf, &st);
	ck_assert_uint_ge(st.relists, 1);
	ck_assert_uint_ge(count_requests("/api/v1/pods", 0), 2);
}
END_TEST

START_TEST(test_backoff_when_server_fails)
{
	struct kc_informer_stats st;
	int64_t t0 = kc_test_mono_ms();

	put_pod("default", "a", NULL, NULL);
	kc_fake_apiserver_fail_next(fx.fake, 3, 500, -1);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, synced, NULL, 5000));
	kc_informer_stats(inf, &st);
	ck_assert_uint_eq(st.backoffs, 3);
	/* 10, 20 and 40 ms steps, each plus up to 100% jitter. */
	ck_assert_int_ge(st.last_backoff_ns, 40 * MS);
	ck_assert_int_lt(st.last_backoff_ns, 80 * MS);
	ck_assert_int_ge(kc_test_mono_ms() - t0, 70);
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 4);
	ck_assert_int_eq(seen.adds, 1);
}
END_TEST

START_TEST(test_backoff_capped)
{
	struct kc_informer_config cfg = {
		.resource = &pods,
		.backoff_initial_ns = 5 * MS,
		.backoff_max_ns = 20 * MS,
	};
	struct kc_informer_stats st;

	kc_fake_apiserver_fail_next(fx.fake, 6, 503, -1);
	start_informer(&cfg);
	ck_assert(kc_test_run_until(fx.base, synced, NULL, 5000));
	kc_informer_stats(inf, &st);
	ck_assert_uint_eq(st.backoffs, 6);
	ck_assert_int_ge(st.last_backoff_ns, 20 * MS);
	ck_assert_int_lt(st.last_backoff_ns, 40 * MS);
}
END_TEST

static int
rewatched(void *arg)
{
	return count_requests("/api/v1/pods", 1) >= 3 && watching(NULL);
}

START_TEST(test_429_on_watch_backs_off_and_rewatches)
{
	struct kc_informer_stats st;

	put_pod("default", "a", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	put_pod("default", "b", NULL, NULL);
	kc_test_run_for(fx.base, 50);
	kc_fake_apiserver_fail_next(fx.fake, 1, 429, -1);
	kc_fake_apiserver_drop_watches(fx.fake);
	ck_assert(kc_test_run_until(fx.base, rewatched, NULL, 3000));
	kc_informer_stats(inf, &st);
	ck_assert_uint_eq(st.backoffs, 1);
	ck_assert_uint_eq(st.relists, 0);
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 1);
}
END_TEST

/* Hook: an Expired Status for list requests (not watches) whose URI holds `needle`, once. */
struct expire_hook {
	const char *needle;
	int fired;
};

static int
expire_lists(void *arg, struct evhttp_request *req)
{
	struct expire_hook *h = arg;
	const char *uri = evhttp_request_get_uri(req);
	json_auto_t *status = NULL;

	if (h->fired || strstr(uri, "/pods") == NULL || strstr(uri, "watch=") != NULL ||
	    strstr(uri, h->needle) == NULL)
		return 0;
	h->fired = 1;
	status = json_pack(
		"{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status", "apiVersion", "v1",
		"metadata", "status", "Failure", "message",
		"The provided continue parameter is too old to display a consistent list result.",
		"reason", "Expired", "code", 410);
	kc_fake_apiserver_reply_json(req, 410, status);
	return 1;
}

static int
relisted(void *arg)
{
	struct kc_informer_stats st;

	kc_informer_stats(inf, &st);
	return st.relists >= 1 && watching(NULL);
}

START_TEST(test_list_410_relists_from_scratch)
{
	struct expire_hook hook = { .needle = "resourceVersion=" };
	const struct kc_fake_request *r;
	size_t lists;

	put_pod("default", "a", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	put_pod("default", "b", NULL, NULL);
	ck_assert(wait_lines(2, 3000));
	/* Force a relist; the list at the last resourceVersion answers 410 as well. */
	kc_fake_apiserver_set_hook(fx.fake, expire_lists, &hook);
	kc_fake_apiserver_drop_watches(fx.fake);
	put_pod("default", "c", NULL, NULL);
	kc_fake_apiserver_compact(fx.fake);
	ck_assert(kc_test_run_until(fx.base, relisted, NULL, 5000));
	ck_assert_int_eq(hook.fired, 1);
	lists = count_requests("/api/v1/pods", 0);
	ck_assert_uint_eq(lists, 3);
	r = nth_request("/api/v1/pods", 0, 1);
	ck_assert_ptr_nonnull(strstr(r->uri, "resourceVersion="));
	ck_assert_ptr_null(strstr(r->uri, "resourceVersion=0"));
	/* Then a consistent read: no resourceVersion at all. */
	r = nth_request("/api/v1/pods", 0, 2);
	ck_assert_ptr_null(strstr(r->uri, "resourceVersion="));
	ck_assert_uint_eq(kc_store_size(kc_informer_store(inf)), 3);
	ck_assert(saw(&seen, "add default/c"));
	kc_fake_apiserver_set_hook(fx.fake, NULL, NULL);
}
END_TEST

START_TEST(test_expired_continue_full_list)
{
	struct kc_informer_config cfg = { .resource = &pods, .page_size = 2 };
	struct expire_hook hook = { .needle = "continue=" };
	const struct kc_fake_request *r;
	char name[16];

	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		put_pod("default", name, NULL, NULL);
	}
	kc_fake_apiserver_set_hook(fx.fake, expire_lists, &hook);
	start_informer(&cfg);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	/* Page 1, the expired page 2, then one unpaginated list at the same resourceVersion. */
	ck_assert_uint_eq(count_requests("/api/v1/pods", 0), 3);
	r = nth_request("/api/v1/pods", 0, 2);
	ck_assert_ptr_null(strstr(r->uri, "limit="));
	ck_assert_ptr_null(strstr(r->uri, "continue="));
	ck_assert_ptr_nonnull(strstr(r->uri, "resourceVersion=0"));
	ck_assert_uint_eq(kc_store_size(kc_informer_store(inf)), 5);
	ck_assert_int_eq(seen.adds, 5);
	kc_fake_apiserver_set_hook(fx.fake, NULL, NULL);
}
END_TEST

static int synced_calls;

static void
on_synced(void *arg)
{
	synced_calls++;
	ck_assert_int_eq(kc_informer_has_synced(inf), 1);
}

static int
two_synced_calls(void *arg)
{
	return synced_calls >= 2;
}

START_TEST(test_has_synced_and_on_synced)
{
	synced_calls = 0;
	put_pod("default", "a", NULL, NULL);
	start_informer(NULL);
	ck_assert_int_eq(kc_informer_on_synced(inf, on_synced, NULL), 0);
	ck_assert_int_eq(kc_informer_has_synced(inf), 0);
	ck_assert_int_eq(synced_calls, 0);
	ck_assert(kc_test_run_until(fx.base, synced, NULL, 3000));
	kc_test_run_for(fx.base, 20);
	ck_assert_int_eq(synced_calls, 1);
	/* Already synced: still called from the loop, not from inside the call. */
	ck_assert_int_eq(kc_informer_on_synced(inf, on_synced, NULL), 0);
	ck_assert_int_eq(synced_calls, 1);
	ck_assert(kc_test_run_until(fx.base, two_synced_calls, NULL, 1000));
	ck_assert_int_eq(kc_informer_on_synced(inf, NULL, NULL), KC_ERR_INVALID);
}
END_TEST

static int
resynced_twice(void *arg)
{
	return seen.syncs >= 4;
}

START_TEST(test_resync)
{
	put_pod("default", "a", NULL, NULL);
	put_pod("default", "b", NULL, NULL);
	inf = kc_informer_new(
		fx.base, fx.client,
		&(struct kc_informer_config){ .resource = &pods, .resync_period_ns = 1000 * MS });
	ck_assert_ptr_nonnull(
		kc_informer_add_handler(inf, &recorder, &seen, -1)); /* default: 1 s */
	ck_assert_ptr_nonnull(kc_informer_add_handler(inf, &recorder, &seen2, 0)); /* none */
	ck_assert_int_eq(kc_informer_start(inf), 0);
	ck_assert(kc_test_run_until(fx.base, resynced_twice, NULL, 4000));
	/* update(obj, obj) for each object on each period; the other handler gets none. */
	ck_assert_int_eq(seen.syncs % 2, 0);
	ck_assert_int_eq(seen2.updates, 0);
	ck_assert_int_eq(seen2.adds, 2);
}
END_TEST

START_TEST(test_indexers)
{
	char path[] = "spec.nodeName";
	json_auto_t *mod = NULL;
	KC_CLEANUP(kc_strv_release) struct kc_strv keys = KC_STRV_INIT;

	put_pod("default", "a", "n1", NULL);
	put_pod("default", "b", "n1", NULL);
	put_pod("other", "c", "n2", NULL);
	start_informer(NULL);
	ck_assert_int_eq(kc_informer_add_index(inf, "nodeName", kc_store_index_field, path), 0);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	ck_assert_uint_eq(kc_store_index_count(kc_informer_store(inf), "nodeName", "n1"), 2);
	ck_assert_uint_eq(kc_store_index_count(kc_informer_store(inf), "namespace", "other"), 1);
	mod = json_deep_copy(kc_fake_apiserver_get(fx.fake, "pods", "default", "b"));
	json_object_set_new(json_object_get(mod, "spec"), "nodeName", json_string("n2"));
	kc_fake_apiserver_put(fx.fake, "pods", mod);
	ck_assert(wait_lines(4, 3000));
	ck_assert_int_eq(kc_store_index_keys(kc_informer_store(inf), "nodeName", "n2", &keys), 0);
	ck_assert_uint_eq(keys.n, 2);
	ck_assert(kc_strv_contains(&keys, "default/b") && kc_strv_contains(&keys, "other/c"));
}
END_TEST

START_TEST(test_scoping_and_selectors)
{
	struct kc_informer_config cfg = {
		.resource = &pods,
		.namespace = "a",
		.label_selector = "app=web",
		.field_selector = "spec.nodeName=n1",
	};
	const struct kc_fake_request *r;

	put_pod("a", "match", "n1", "{\"app\":\"web\"}");
	put_pod("a", "wrong-label", "n1", "{\"app\":\"db\"}");
	put_pod("a", "wrong-node", "n2", "{\"app\":\"web\"}");
	put_pod("b", "wrong-ns", "n1", "{\"app\":\"web\"}");
	start_informer(&cfg);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	ck_assert_uint_eq(kc_store_size(kc_informer_store(inf)), 1);
	ck_assert_ptr_nonnull(kc_informer_get(inf, "a/match"));
	r = last_request("/api/v1/namespaces/a/pods", 0);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r->uri, "labelSelector=app%3Dweb"));
	ck_assert_ptr_nonnull(strstr(r->uri, "fieldSelector=spec.nodeName%3Dn1"));
	r = last_request("/api/v1/namespaces/a/pods", 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_nonnull(strstr(r->uri, "labelSelector=app%3Dweb"));
	put_pod("a", "later", "n1", "{\"app\":\"web\"}");
	put_pod("b", "later", "n1", "{\"app\":\"web\"}");
	ck_assert(wait_lines(2, 3000));
	kc_test_run_for(fx.base, 50);
	ck_assert_uint_eq(kc_store_size(kc_informer_store(inf)), 2);
	ck_assert_ptr_nonnull(kc_informer_get(inf, "a/later"));
}
END_TEST

START_TEST(test_transform_and_kind)
{
	struct kc_informer_config cfg = {
		.resource = &pods,
		.transform = kc_informer_strip_managed_fields,
	};
	json_auto_t *p =
		json_pack("{s:{s:s, s:s, s:[{s:s}]}, s:{}}", "metadata", "name", "mf", "namespace",
			  "default", "managedFields", "manager", "kubectl", "spec");
	const json_t *got;

	ck_assert_int_gt(kc_fake_apiserver_put(fx.fake, "pods", p), 0);
	start_informer(&cfg);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	got = kc_informer_get(inf, "default/mf");
	ck_assert_ptr_nonnull(got);
	ck_assert_ptr_null(json_object_get(json_object_get(got, "metadata"), "managedFields"));
	ck_assert_str_eq(json_string_value(json_object_get(got, "kind")), "Pod");
	ck_assert_str_eq(json_string_value(json_object_get(got, "apiVersion")), "v1");
	/* Watch events go through the transform too. */
	json_object_set_new(json_object_get(p, "metadata"), "name", json_string("mf2"));
	ck_assert_int_gt(kc_fake_apiserver_put(fx.fake, "pods", p), 0);
	ck_assert(wait_lines(2, 3000));
	got = kc_informer_get(inf, "default/mf2");
	ck_assert_ptr_nonnull(got);
	ck_assert_ptr_null(json_object_get(json_object_get(got, "metadata"), "managedFields"));
}
END_TEST

START_TEST(test_handler_added_after_start_replays)
{
	put_pod("default", "a", NULL, NULL);
	put_pod("default", "b", NULL, NULL);
	start_informer(NULL);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	ck_assert_ptr_nonnull(kc_informer_add_handler(inf, &recorder, &seen2, 0));
	ck_assert_int_eq(seen2.adds, 2);
	ck_assert_int_eq(seen2.initial_adds, 2);
	put_pod("default", "c", NULL, NULL);
	ck_assert(kc_test_run_until(fx.base, three_lines, NULL, 3000));
	ck_assert(saw(&seen2, "add default/c"));
}
END_TEST

static struct kc_informer_handle *self_handle;

static void
remove_self_on_add(void *arg, const json_t *obj, int initial)
{
	int *calls = arg;

	(*calls)++;
	kc_informer_remove_handler(inf, self_handle);
}

START_TEST(test_remove_handler_inside_callback)
{
	static const struct kc_informer_handler once = { .on_add = remove_self_on_add };
	int calls = 0;

	put_pod("default", "a", NULL, NULL);
	put_pod("default", "b", NULL, NULL);
	inf = kc_informer_new(fx.base, fx.client,
			      &(struct kc_informer_config){ .resource = &pods });
	self_handle = kc_informer_add_handler(inf, &once, &calls, 0);
	ck_assert_ptr_nonnull(kc_informer_add_handler(inf, &recorder, &seen, 0));
	ck_assert_int_eq(kc_informer_start(inf), 0);
	ck_assert(kc_test_run_until(fx.base, synced, NULL, 3000));
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(seen.adds, 2);
}
END_TEST

START_TEST(test_free_while_listing)
{
	kc_fake_apiserver_set_delay(fx.fake, 100);
	put_pod("default", "a", NULL, NULL);
	start_informer(NULL);
	kc_test_run_for(fx.base, 20);
	inf = kc_informer_free(inf); /* the list is in flight: canceled, nothing leaks */
	kc_test_run_for(fx.base, 150);
	ck_assert_int_eq(seen.adds, 0);
}
END_TEST

START_TEST(test_bad_config)
{
	struct kc_informer_config cfg = { .name = "x" };

	ck_assert_ptr_null(kc_informer_new(fx.base, fx.client, &cfg));
	ck_assert_ptr_null(kc_informer_new(fx.base, fx.client, NULL));
	cfg.resource = &pods;
	ck_assert_ptr_null(kc_informer_new(NULL, fx.client, &cfg));
	ck_assert_ptr_null(kc_informer_new(fx.base, NULL, &cfg));
	ck_assert_ptr_null(kc_informer_free(NULL));
}
END_TEST

START_TEST(test_strip_managed_fields)
{
	json_auto_t *with = json_pack("{s:{s:s, s:[{}]}, s:{s:i}}", "metadata", "name", "x",
				      "managedFields", "spec", "replicas", 3);
	json_auto_t *without = json_pack("{s:{s:s}}", "metadata", "name", "y");
	json_auto_t *stripped = kc_informer_strip_managed_fields(NULL, with);

	ck_assert_ptr_nonnull(stripped);
	ck_assert_ptr_null(json_object_get(json_object_get(stripped, "metadata"), "managedFields"));
	/* The input is untouched and the unchanged parts are shared, not copied. */
	ck_assert_ptr_nonnull(json_object_get(json_object_get(with, "metadata"), "managedFields"));
	ck_assert_ptr_eq(json_object_get(stripped, "spec"), json_object_get(with, "spec"));
	ck_assert_ptr_null(kc_informer_strip_managed_fields(NULL, without));
}
END_TEST

/* STYLE 3.10: handlers only enqueue keys; sync(key) reads the cache and ends with done(). */
struct controller {
	struct kc_workqueue *queue;
	struct kc_strv synced; /* "key present" / "key gone" */
};

static void
ctl_enqueue(struct controller *c, const json_t *obj)
{
	KC_AUTOFREE char *key = kc_meta_key(obj);

	if (key != NULL)
		kc_workqueue_add(c->queue, key);
}

static void
ctl_add(void *arg, const json_t *obj, int initial)
{
	ctl_enqueue(arg, obj);
}

static void
ctl_update(void *arg, const json_t *old, const json_t *cur)
{
	ctl_enqueue(arg, cur);
}

static void
ctl_delete(void *arg, const json_t *obj, int unknown)
{
	ctl_enqueue(arg, obj);
}

static void
ctl_sync(void *arg, const char *key)
{
	struct controller *c = arg;
	char line[128];

	snprintf(line, sizeof(line), "%s %s", key,
		 kc_informer_get(inf, key) != NULL ? "present" : "gone");
	kc_strv_push(&c->synced, line);
	kc_workqueue_done(c->queue, key, 0);
}

static struct controller ctl;

static int
ctl_saw_gone(void *arg)
{
	return ctl.synced.n > 0 && kc_strv_contains(&ctl.synced, "default/a gone");
}

START_TEST(test_controller_shape)
{
	static const struct kc_informer_handler h = {
		.on_add = ctl_add,
		.on_update = ctl_update,
		.on_delete = ctl_delete,
	};
	struct kc_workqueue_config qcfg = { .name = "test", .sync = ctl_sync, .arg = &ctl };

	memset(&ctl, 0, sizeof(ctl));
	ctl.queue = kc_workqueue_new(fx.base, &qcfg);
	put_pod("default", "a", NULL, NULL);
	put_pod("default", "b", NULL, NULL);
	inf = kc_informer_new(fx.base, fx.client,
			      &(struct kc_informer_config){ .resource = &pods });
	kc_informer_add_handler(inf, &h, &ctl, 0);
	kc_informer_start(inf);
	ck_assert(kc_test_run_until(fx.base, sync_and_watch, NULL, 3000));
	kc_test_run_for(fx.base, 20);
	ck_assert(kc_strv_contains(&ctl.synced, "default/a present"));
	ck_assert(kc_strv_contains(&ctl.synced, "default/b present"));
	ck_assert_int_eq(kc_fake_apiserver_remove(fx.fake, "pods", "default", "a"), 0);
	ck_assert(kc_test_run_until(fx.base, ctl_saw_gone, NULL, 3000));
	ck_assert_uint_eq(ctl.synced.n, 3);
	ctl.queue = kc_workqueue_free(ctl.queue);
	kc_strv_release(&ctl.synced);
}
END_TEST

static Suite *
informer_suite(void)
{
	Suite *s = suite_create("informer");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_initial_list_paginated);
	tcase_add_test(tc, test_page_size_option);
	tcase_add_test(tc, test_watch_events_reach_handlers);
	tcase_add_test(tc, test_bookmark_advances_rv);
	tcase_add_test(tc, test_clean_watch_end_rewatches);
	tcase_add_test(tc, test_dropped_watch_rewatches);
	tcase_add_test(tc, test_410_event_relists);
	tcase_add_test(tc, test_410_http_relists);
	tcase_add_test(tc, test_relist_unchanged_not_delivered);
	tcase_add_test(tc, test_list_410_relists_from_scratch);
	tcase_add_test(tc, test_expired_continue_full_list);
	tcase_add_test(tc, test_very_short_watch_relists);
	tcase_add_test(tc, test_backoff_when_server_fails);
	tcase_add_test(tc, test_backoff_capped);
	tcase_add_test(tc, test_429_on_watch_backs_off_and_rewatches);
	tcase_add_test(tc, test_has_synced_and_on_synced);
	tcase_add_test(tc, test_resync);
	tcase_add_test(tc, test_indexers);
	tcase_add_test(tc, test_scoping_and_selectors);
	tcase_add_test(tc, test_transform_and_kind);
	tcase_add_test(tc, test_handler_added_after_start_replays);
	tcase_add_test(tc, test_remove_handler_inside_callback);
	tcase_add_test(tc, test_free_while_listing);
	tcase_add_test(tc, test_bad_config);
	tcase_add_test(tc, test_strip_managed_fields);
	tcase_add_test(tc, test_controller_shape);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(informer_suite)
