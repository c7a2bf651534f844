/*
 * check_metrics.c - the metrics registry and its Prometheus text exposition (compared byte for
 * byte with what client_golang writes), and the healthz/livez/readyz and /metrics handlers
 * served through kc_http_server.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "libkcommon/errors.h"
#include "libkcommon/healthz.h"
#include "libkcommon/http_server.h"
#include "libkcommon/metrics.h"
#include "libkcommon/strbuf.h"
#include "test/unit/testutil/http_testutil.h"
#include "test/unit/testutil/testutil.h"

static struct kc_metrics_registry *reg;

static void
reg_setup(void)
{
	reg = kc_metrics_registry_new();
}

static void
reg_teardown(void)
{
	reg = kc_metrics_registry_free(reg);
}

static char *
expose(void)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;

	ck_assert_int_eq(kc_metrics_write(reg, &sb), 0);
	return kc_strbuf_detach(&sb, NULL);
}

START_TEST(test_counter)
{
	struct kc_metric *m = kc_metrics_counter(reg, "apiserver_request_total",
						 "[STABLE] Counter of apiserver requests.",
						 (const char *const[]){ "verb", "code", NULL });
	struct kc_metric_series *get200 = kc_metric_with(m, "GET", "200");
	char *out;

	kc_metric_inc(get200);
	kc_metric_inc(get200);
	kc_metric_add(kc_metric_with(m, "LIST", "200"), 3);
	kc_metric_inc(kc_metric_with(m, "GET", "404"));
	kc_metric_add(get200, -5); /* ignored: counters only go up */
	ck_assert_ptr_eq(kc_metric_with(m, "GET", "200"), get200);
	out = expose();
	ck_assert_str_eq(out,
			 "# HELP apiserver_request_total [STABLE] Counter of apiserver requests.\n"
			 "# TYPE apiserver_request_total counter\n"
			 "apiserver_request_total{verb=\"GET\",code=\"200\"} 2\n"
			 "apiserver_request_total{verb=\"GET\",code=\"404\"} 1\n"
			 "apiserver_request_total{verb=\"LIST\",code=\"200\"} 3\n");
	free(out);
}
END_TEST

START_TEST(test_unlabelled_and_sorting)
{
	struct kc_metric *b = kc_metrics_gauge(reg, "b_gauge", "B.", NULL);
	struct kc_metric *a = kc_metrics_counter(reg, "a_total", "A.", NULL);
	char *out;

	kc_metric_set(kc_metric_with(b), 2.5);
	kc_metric_inc(kc_metric_with(b));
	kc_metric_dec(kc_metric_with(b));
	kc_metric_dec(kc_metric_with(b));
	(void)a;
	out = expose();
	ck_assert_str_eq(out, "# HELP a_total A.\n# TYPE a_total counter\na_total 0\n"
			      "# HELP b_gauge B.\n# TYPE b_gauge gauge\nb_gauge 1.5\n");
	free(out);
	ck_assert(kc_metric_value(kc_metric_with(b)) == 1.5);
}
END_TEST

START_TEST(test_histogram)
{
	static const double buckets[] = { 0.1, 0.5, 1 };
	struct kc_metric *m =
		kc_metrics_histogram(reg, "apiserver_request_duration_seconds", "Latency.",
				     (const char *const[]){ "verb", NULL }, buckets, 3);
	struct kc_metric_series *s = kc_metric_with(m, "GET");
	char *out;

	kc_metric_observe(s, 0.05);
	kc_metric_observe(s, 0.1); /* le is inclusive */
	kc_metric_observe(s, 0.7);
	kc_metric_observe(s, 3);
	ck_assert_uint_eq(kc_metric_count(s), 4);
	out = expose();
	ck_assert_str_eq(out,
			 "# HELP apiserver_request_duration_seconds Latency.\n"
			 "# TYPE apiserver_request_duration_seconds histogram\n"
			 "apiserver_request_duration_seconds_bucket{verb=\"GET\",le=\"0.1\"} 2\n"
			 "apiserver_request_duration_seconds_bucket{verb=\"GET\",le=\"0.5\"} 2\n"
			 "apiserver_request_duration_seconds_bucket{verb=\"GET\",le=\"1\"} 3\n"
			 "apiserver_request_duration_seconds_bucket{verb=\"GET\",le=\"+Inf\"} 4\n"
			 "apiserver_request_duration_seconds_sum{verb=\"GET\"} 3.85\n"
			 "apiserver_request_duration_seconds_count{verb=\"GET\"} 4\n");
	free(out);
}
END_TEST

START_TEST(test_histogram_default_buckets)
{
	struct kc_metric *m = kc_metrics_histogram(reg, "h", "H.", NULL, NULL, 0);
	char *out;

	kc_metric_observe(kc_metric_with(m), 0.2);
	out = expose();
	ck_assert_ptr_nonnull(strstr(out, "h_bucket{le=\"0.005\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(out, "h_bucket{le=\"0.25\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(out, "h_bucket{le=\"10\"} 1\nh_bucket{le=\"+Inf\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(out, "h_sum 0.2\nh_count 1\n"));
	free(out);
}
END_TEST

START_TEST(test_escaping)
{
	struct kc_metric *m = kc_metrics_gauge(reg, "esc", "Help with \\ and\nnewline \"q\".",
					       (const char *const[]){ "path", NULL });
	char *out;

	kc_metric_set(kc_metric_with(m, "a\"b\\c\nd"), 1);
	out = expose();
	ck_assert_str_eq(out, "# HELP esc Help with \\\\ and\\nnewline \"q\".\n"
			      "# TYPE esc gauge\n"
			      "esc{path=\"a\\\"b\\\\c\\nd\"} 1\n");
	free(out);
}
END_TEST

START_TEST(test_empty_family_omitted)
{
	char *out;

	kc_metrics_counter(reg, "never_used_total", "N.", (const char *const[]){ "x", NULL });
	out = expose();
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

static const struct {
	double v;
	const char *s;
} floats[] = {
	{ 0, "0" },
	{ 1, "1" },
	{ -2.5, "-2.5" },
	{ 0.005, "0.005" },
	{ 0.1, "0.1" },
	{ 123456, "123456" },
	{ 1234567, "1.234567e+06" },
	{ 1e-05, "1e-05" },
	{ 0.0001, "0.0001" },
	{ 1e21, "1e+21" },
	{ 1.0 / 3, "0.3333333333333333" },
	{ 1700000000.5, "1.7000000005e+09" },
};

START_TEST(test_format_float)
{
	char buf[40];

	ck_assert_str_eq(kc_metrics_format_float(floats[_i].v, buf, sizeof(buf)), floats[_i].s);
}
END_TEST

START_TEST(test_format_special)
{
	char buf[40];

	ck_assert_str_eq(kc_metrics_format_float(INFINITY, buf, sizeof(buf)), "+Inf");
	ck_assert_str_eq(kc_metrics_format_float(-INFINITY, buf, sizeof(buf)), "-Inf");
	ck_assert_str_eq(kc_metrics_format_float(NAN, buf, sizeof(buf)), "NaN");
}
END_TEST

static const char *const bad_names[] = { "", "1abc", "a-b", "a b", "é" };

START_TEST(test_bad_names)
{
	ck_assert_ptr_null(kc_metrics_counter(reg, bad_names[_i], "x", NULL));
	if (bad_names[_i][0] != '\0')
		ck_assert_ptr_null(kc_metrics_counter(
			reg, "ok_total", "x", (const char *const[]){ bad_names[_i], NULL }));
}
END_TEST

START_TEST(test_registration_rules)
{
	struct kc_metric *m =
		kc_metrics_counter(reg, "x_total", "X.", (const char *const[]){ "a", NULL });
	static const double unsorted[] = { 1, 0.5 };

	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_eq(
		kc_metrics_counter(reg, "x_total", "X.", (const char *const[]){ "a", NULL }), m);
	ck_assert_ptr_null(
		kc_metrics_gauge(reg, "x_total", "X.", (const char *const[]){ "a", NULL }));
	ck_assert_ptr_null(kc_metrics_counter(reg, "x_total", "X.", NULL));
	ck_assert_ptr_null(kc_metrics_counter(reg, "y_total", "Y.",
					      (const char *const[]){ "__reserved", NULL }));
	ck_assert_ptr_null(
		kc_metrics_counter(reg, "y_total", "Y.", (const char *const[]){ "a", "a", NULL }));
	ck_assert_ptr_null(
		kc_metrics_histogram(reg, "h", "H.", (const char *const[]){ "le", NULL }, NULL, 0));
	ck_assert_ptr_null(kc_metrics_histogram(reg, "h2", "H.", NULL, unsorted, 2));
	ck_assert_ptr_nonnull(kc_metrics_counter(reg, "ns:sub_total", "colons are fine", NULL));
}
END_TEST

START_TEST(test_wrong_series)
{
	struct kc_metric *m =
		kc_metrics_counter(reg, "x_total", "X.", (const char *const[]){ "a", "b", NULL });

	ck_assert_ptr_null(kc_metric_withv(m, (const char *const[]){ "only", NULL }));
	ck_assert_ptr_null(kc_metric_with(NULL));
	kc_metric_inc(NULL); /* a failed lookup never crashes a hot path */
	kc_metric_observe(NULL, 1);
	kc_metric_set(NULL, 1);
	/* the wrong kind of update does nothing */
	kc_metric_observe(kc_metric_with(m, "1", "2"), 5);
	kc_metric_set(kc_metric_with(m, "1", "2"), 5);
	ck_assert(kc_metric_value(kc_metric_with(m, "1", "2")) == 0);
}
END_TEST

START_TEST(test_many_series)
{
	struct kc_metric *m = kc_metrics_counter(reg, "watch_events_total", "W.",
						 (const char *const[]){ "resource", NULL });
	char name[32];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "r%d", i);
		kc_metric_add(kc_metric_with(m, name), i);
	}
	for (i = 0; i < 2000; i += 97) {
		snprintf(name, sizeof(name), "r%d", i);
		ck_assert(kc_metric_value(kc_metric_with(m, name)) == i);
	}
	/* ("a","bc") and ("ab","c") are different label sets */
	m = kc_metrics_counter(reg, "pair_total", "P.", (const char *const[]){ "x", "y", NULL });
	ck_assert_ptr_ne(kc_metric_with(m, "a", "bc"), kc_metric_with(m, "ab", "c"));
}
END_TEST

static double
gauge_fn(void *arg)
{
	return *(int *)arg;
}

START_TEST(test_gauge_func)
{
	static int watchers = 42;
	char *out;

	ck_assert_ptr_nonnull(kc_metrics_gauge_func(reg, "apiserver_registered_watchers", "W.",
						    gauge_fn, &watchers));
	out = expose();
	ck_assert_ptr_nonnull(strstr(out, "apiserver_registered_watchers 42\n"));
	free(out);
	watchers = 7;
	out = expose();
	ck_assert_ptr_nonnull(strstr(out, "apiserver_registered_watchers 7\n"));
	free(out);
}
END_TEST

START_TEST(test_buckets_helpers)
{
	double b[4];

	kc_metrics_exponential_buckets(b, 0.001, 2, 4);
	ck_assert(b[0] == 0.001 && b[3] == 0.008);
	kc_metrics_linear_buckets(b, 1, 0.5, 4);
	ck_assert(b[0] == 1 && b[1] == 1.5 && b[3] == 2.5);
}
END_TEST

static struct kc_metric_series *shared_counter;
static struct kc_metric_series *shared_hist;

static void *
bump(void *arg)
{
	int i;

	for (i = 0; i < 100000; i++) {
		kc_metric_inc(shared_counter);
		kc_metric_observe(shared_hist, 0.25);
	}
	return NULL;
}

START_TEST(test_threads)
{
	pthread_t t[4];
	int i;

	shared_counter = kc_metric_with(kc_metrics_counter(reg, "c_total", "C.", NULL));
	shared_hist = kc_metric_with(kc_metrics_histogram(reg, "h_seconds", "H.", NULL, NULL, 0));
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, bump, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ck_assert(kc_metric_value(shared_counter) == 400000);
	ck_assert_uint_eq(kc_metric_count(shared_hist), 400000);
	ck_assert(kc_metric_value(shared_hist) == 100000);
}
END_TEST

/* --- healthz and /metrics over HTTP --------------------------------------------------------- */

static struct event_base *base;
static struct kc_http_server *srv;
static struct kc_healthz *healthz, *readyz, *livez;
static int port;
static int etcd_ok = 1, healthy_calls;
static struct kc_http_route routes[8];

static int
check_etcd(void *arg, struct kc_strbuf *reason)
{
	if (etcd_ok)
		return 0;
	kc_strbuf_adds(reason, "etcd client connection not yet established");
	return KC_ERR_UNAVAILABLE;
}

static int
check_log(void *arg, struct kc_strbuf *reason)
{
	return 0;
}

static void
first_healthy(void *arg)
{
	healthy_calls++;
}

static void
http_setup(void)
{
	struct kc_http_server_opts o = { .handler = kc_http_router_handler, .handler_arg = routes };
	struct kc_metric *m;

	reg = kc_metrics_registry_new();
	m = kc_metrics_counter(reg, "ckube_test_total", "[ALPHA] Test.", NULL);
	kc_metric_add(kc_metric_with(m), 5);
	healthz = kc_healthz_new("/healthz");
	livez = kc_healthz_new("/livez");
	readyz = kc_healthz_new("/readyz");
	ck_assert_int_eq(kc_healthz_add(healthz, "ping", kc_healthz_ping, NULL), 0);
	ck_assert_int_eq(kc_healthz_add(healthz, "log", check_log, NULL), 0);
	ck_assert_int_eq(kc_healthz_add(healthz, "etcd", check_etcd, NULL), 0);
	ck_assert_int_eq(kc_healthz_add(healthz, "etcd", check_etcd, NULL), KC_ERR_ALREADY_EXISTS);
	ck_assert_int_eq(kc_healthz_add(healthz, "", check_etcd, NULL), KC_ERR_INVALID);
	kc_healthz_on_first_healthy(readyz, first_healthy, NULL);
	kc_healthz_routes(healthz, &routes[0]);
	kc_healthz_routes(livez, &routes[2]);
	kc_healthz_routes(readyz, &routes[4]);
	routes[6] = (struct kc_http_route){ "/metrics", kc_metrics_handler, reg };
	routes[7] = (struct kc_http_route){ NULL };
	etcd_ok = 1;
	healthy_calls = 0;
	base = event_base_new();
	srv = kc_http_server_new(base, &o);
	port = http_test_listen(srv);
}

static void
http_teardown(void)
{
	srv = kc_http_server_free(srv);
	event_base_free(base);
	healthz = kc_healthz_free(healthz);
	livez = kc_healthz_free(livez);
	readyz = kc_healthz_free(readyz);
	reg = kc_metrics_registry_free(reg);
}

struct get_job {
	const char *path;
	struct http_test_result res;
};

static void
get_client(void *arg)
{
	struct get_job *j = arg;
	char url[256];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, j->path);
	http_test_curl("GET", url, NULL, 0, NULL, NULL, NULL, &j->res);
}

static void
get(struct get_job *j, const char *path)
{
	j->path = path;
	ck_assert_int_eq(http_test_run(base, get_client, j, 8000), 0);
	ck_assert_int_eq(j->res.rc, CURLE_OK);
}

START_TEST(test_healthz_ok)
{
	struct get_job j;

	get(&j, "/healthz");
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_str_eq(j.res.body.buf, "ok");
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "Content-Type: text/plain; charset=utf-8"));
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf, "X-Content-Type-Options: nosniff"));
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_healthz_verbose)
{
	struct get_job j;

	get(&j, "/healthz?verbose");
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_str_eq(j.res.body.buf,
			 "[+]ping ok\n[+]log ok\n[+]etcd ok\nhealthz check passed\n");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_healthz_failing)
{
	struct get_job j;

	etcd_ok = 0;
	get(&j, "/healthz");
	ck_assert_int_eq(j.res.status, 500);
	ck_assert_str_eq(j.res.body.buf, "[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n"
					 "healthz check failed\n");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_healthz_one_check)
{
	struct get_job j;

	get(&j, "/healthz/etcd");
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_str_eq(j.res.body.buf, "ok");
	http_test_result_release(&j.res);
	etcd_ok = 0;
	get(&j, "/healthz/etcd");
	ck_assert_int_eq(j.res.status, 500);
	ck_assert_str_eq(j.res.body.buf,
			 "internal server error: etcd client connection not yet established\n");
	http_test_result_release(&j.res);
	get(&j, "/healthz/nope");
	ck_assert_int_eq(j.res.status, 404);
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_healthz_exclude)
{
	struct get_job j;

	etcd_ok = 0;
	get(&j, "/healthz?verbose&exclude=etcd&exclude=zzz&exclude=aaa");
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_str_eq(
		j.res.body.buf,
		"[+]ping ok\n[+]log ok\n[+]etcd excluded: ok\n"
		"warn: some health checks cannot be excluded: no matches for \"aaa\",\"zzz\"\n"
		"healthz check passed\n");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_livez_default_ping)
{
	struct get_job j;

	get(&j, "/livez?verbose=1");
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_str_eq(j.res.body.buf, "[+]ping ok\nlivez check passed\n");
	http_test_result_release(&j.res);
	get(&j, "/livez/ping");
	ck_assert_str_eq(j.res.body.buf, "ok");
	http_test_result_release(&j.res);
}
END_TEST

START_TEST(test_readyz_first_healthy)
{
	struct get_job j;

	get(&j, "/readyz");
	http_test_result_release(&j.res);
	get(&j, "/readyz");
	http_test_result_release(&j.res);
	ck_assert_int_eq(healthy_calls, 1);
}
END_TEST

START_TEST(test_metrics_handler)
{
	struct get_job j;

	get(&j, "/metrics");
	ck_assert_int_eq(j.res.status, 200);
	ck_assert_ptr_nonnull(strstr(j.res.headers.buf,
				     "Content-Type: text/plain; version=0.0.4; charset=utf-8"));
	ck_assert_str_eq(j.res.body.buf, "# HELP ckube_test_total [ALPHA] Test.\n"
					 "# TYPE ckube_test_total counter\nckube_test_total 5\n");
	http_test_result_release(&j.res);
}
END_TEST

static Suite *
metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("registry");
	TCase *http = tcase_create("healthz");

	tcase_add_checked_fixture(tc, reg_setup, reg_teardown);
	tcase_add_test(tc, test_counter);
	tcase_add_test(tc, test_unlabelled_and_sorting);
	tcase_add_test(tc, test_histogram);
	tcase_add_test(tc, test_histogram_default_buckets);
	tcase_add_test(tc, test_escaping);
	tcase_add_test(tc, test_empty_family_omitted);
	tcase_add_loop_test(tc, test_format_float, 0, (int)(sizeof(floats) / sizeof(floats[0])));
	tcase_add_test(tc, test_format_special);
	tcase_add_loop_test(tc, test_bad_names, 0, (int)(sizeof(bad_names) / sizeof(bad_names[0])));
	tcase_add_test(tc, test_registration_rules);
	tcase_add_test(tc, test_wrong_series);
	tcase_add_test(tc, test_many_series);
	tcase_add_test(tc, test_gauge_func);
	tcase_add_test(tc, test_buckets_helpers);
	tcase_add_test(tc, test_threads);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(http, http_setup, http_teardown);
	tcase_set_timeout(http, 20);
	tcase_add_test(http, test_healthz_ok);
	tcase_add_test(http, test_healthz_verbose);
	tcase_add_test(http, test_healthz_failing);
	tcase_add_test(http, test_healthz_one_check);
	tcase_add_test(http, test_healthz_exclude);
	tcase_add_test(http, test_livez_default_ping);
	tcase_add_test(http, test_readyz_first_healthy);
	tcase_add_test(http, test_metrics_handler);
	suite_add_tcase(s, http);
	return s;
}

KC_TEST_MAIN(metrics_suite)
