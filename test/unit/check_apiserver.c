/*
 * check_apiserver.c - kube-apiserver's non-resource routes over real HTTP: /version as the
 * kubectl dispatcher reads it, discovery negotiated as kubectl 1.32 and 1.28 ask for it, 404 and
 * 406 as upstream's Status, health endpoints.
 */
#include <stdio.h>
#include <string.h>

#include <event2/event.h>
#include <jansson.h>

#include "kube-apiserver/server.h"
#include "test/unit/testutil/http_testutil.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

static struct event_base *base;
static struct apiserver *srv;
static int port;

static void
setup(void)
{
	struct apiserver_config cfg = { .advertise_address = "10.0.0.1", .secure_port = 6443 };

	base = event_base_new();
	srv = apiserver_new(base, &cfg);
	ck_assert_ptr_nonnull(srv);
	ck_assert_int_eq(apiserver_listen(srv, "127.0.0.1:0", NULL), 0);
	port = apiserver_port(srv, 0);
	ck_assert_int_gt(port, 0);
}

static void
teardown(void)
{
	srv = apiserver_free(srv);
	kc_test_run_for(base, 10);
	event_base_free(base);
}

struct get {
	const char *path;
	const char *accept;
	struct http_test_result res;
};

static void
get_client(void *arg)
{
	struct get *g = arg;
	char url[256], accept[512];
	const char *headers[] = { accept, NULL };

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, g->path);
	snprintf(accept, sizeof(accept), "Accept: %s",
		 g->accept ? g->accept : "application/json, */*");
	http_test_curl("GET", url, NULL, 0, headers, NULL, NULL, &g->res);
}

/* GETs path and returns the parsed body (NULL if not JSON); status in *ret_status. */
static json_t *
get_json(const char *path, const char *accept, long *ret_status, char *ctype, size_t ctlen)
{
	struct get g = { .path = path, .accept = accept };
	json_t *v;
	const char *h;

	ck_assert_int_eq(http_test_run(base, get_client, &g, 8000), 0);
	ck_assert_int_eq(g.res.rc, CURLE_OK);
	*ret_status = g.res.status;
	v = json_loads(g.res.body.buf, 0, NULL);
	if (ctype != NULL) {
		h = strcasestr(g.res.headers.buf, "content-type: ");
		snprintf(ctype, ctlen, "%.*s", h ? (int)strcspn(h + 14, "\r\n") : 0,
			 h ? h + 14 : "");
	}
	http_test_result_release(&g.res);
	return v;
}

static const char *
s(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "<absent>";
}

START_TEST(test_version)
{
	long st;
	json_t *v = get_json("/version?timeout=5s", NULL, &st, NULL, 0);

	ck_assert_int_eq(st, 200);
	/* the kubectl dispatcher picks kubectl.1.<minor>: digits only */
	ck_assert_str_eq(s(v, "major"), "1");
	ck_assert_str_eq(s(v, "minor"), "32");
	ck_assert_str_eq(s(v, "gitVersion"), "v1.32.0");
	ck_assert_str_eq(s(v, "platform"), "linux/amd64");
	json_decref(v);
}
END_TEST

START_TEST(test_api_aggregated_v2)
{
	long st;
	char ct[256];
	json_t *v = get_json(
		"/api",
		"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
		&st, ct, sizeof(ct));

	ck_assert_int_eq(st, 200);
	ck_assert_str_eq(ct,
			 "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
	ck_assert_str_eq(s(v, "kind"), "APIGroupDiscoveryList");
	ck_assert_int_eq(json_array_size(json_object_get(v, "items")), 1);
	json_decref(v);
}
END_TEST

START_TEST(test_apis_v2beta1_for_old_kubectl)
{
	long st;
	char ct[256];
	json_t *v = get_json(
		"/apis",
		"application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
		&st, ct, sizeof(ct));

	ck_assert_int_eq(st, 200);
	ck_assert_ptr_nonnull(strstr(ct, "v=v2beta1"));
	ck_assert_str_eq(s(v, "apiVersion"), "apidiscovery.k8s.io/v2beta1");
	json_decref(v);
}
END_TEST

START_TEST(test_legacy_discovery)
{
	long st;
	json_t *v = get_json("/api", NULL, &st, NULL, 0);

	ck_assert_int_eq(st, 200);
	ck_assert_str_eq(s(v, "kind"), "APIVersions");
	ck_assert_str_eq(s(json_array_get(json_object_get(v, "serverAddressByClientCIDRs"), 0),
			   "serverAddress"),
			 "10.0.0.1:6443");
	json_decref(v);
	v = get_json("/apis", NULL, &st, NULL, 0);
	ck_assert_str_eq(s(v, "kind"), "APIGroupList");
	json_decref(v);
	v = get_json("/api/v1", NULL, &st, NULL, 0);
	ck_assert_int_eq(st, 200);
	ck_assert_str_eq(s(v, "groupVersion"), "v1");
	json_decref(v);
	v = get_json("/apis/apps/v1", NULL, &st, NULL, 0);
	ck_assert_str_eq(s(v, "groupVersion"), "apps/v1");
	json_decref(v);
	v = get_json("/apis/apps", NULL, &st, NULL, 0);
	ck_assert_str_eq(s(v, "kind"), "APIGroup");
	json_decref(v);
}
END_TEST

START_TEST(test_not_found_status)
{
	long st;
	json_t *v = get_json("/apis/nosuch.io/v1", NULL, &st, NULL, 0);

	ck_assert_int_eq(st, 404);
	ck_assert_str_eq(s(v, "kind"), "Status");
	ck_assert_str_eq(s(v, "reason"), "NotFound");
	ck_assert_str_eq(s(v, "message"), "the server could not find the requested resource");
	json_decref(v);
	v = get_json("/no/such/path", NULL, &st, NULL, 0);
	ck_assert_int_eq(st, 404);
	json_decref(v);
	v = get_json("/api/v2", NULL, &st, NULL, 0);
	ck_assert_int_eq(st, 404);
	json_decref(v);
}
END_TEST

START_TEST(test_discovery_not_acceptable)
{
	long st;
	json_t *v = get_json("/api", "application/vnd.kubernetes.protobuf", &st, NULL, 0);

	ck_assert_int_eq(st, 406);
	ck_assert_str_eq(s(v, "reason"), "NotAcceptable");
	json_decref(v);
}
END_TEST

START_TEST(test_health)
{
	static const char *const paths[] = { "/healthz", "/livez", "/readyz", "/readyz?verbose" };

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct get g = { .path = paths[i], .accept = "*/*" };

		ck_assert_int_eq(http_test_run(base, get_client, &g, 8000), 0);
		ck_assert_int_eq(g.res.status, 200);
		ck_assert_msg(strstr(g.res.body.buf, "ok") != NULL, "%s: %s", paths[i],
			      g.res.body.buf);
		http_test_result_release(&g.res);
	}
}
END_TEST

START_TEST(test_openapi_v3)
{
	long st;
	char ct[128], path[512];
	json_t *root = get_json("/openapi/v3", NULL, &st, ct, sizeof(ct));
	json_t *apps = json_object_get(json_object_get(root, "paths"), "apis/apps/v1");
	const char *url = s(apps, "serverRelativeURL");
	json_t *doc;

	ck_assert_int_eq(st, 200);
	ck_assert_str_eq(ct, "application/json");
	ck_assert_ptr_nonnull(strstr(url, "/openapi/v3/apis/apps/v1?hash="));
	snprintf(path, sizeof(path), "%s", url);
	doc = get_json(path, NULL, &st, NULL, 0);
	ck_assert_int_eq(st, 200);
	ck_assert_str_eq(s(doc, "openapi"), "3.0.0");
	ck_assert_ptr_nonnull(json_object_get(json_object_get(json_object_get(doc, "components"), "schemas"),
					      "io.k8s.api.apps.v1.Deployment"));
	json_decref(doc);
	json_decref(root);
	/* a stale hash is redirected to the current document */
	doc = get_json("/openapi/v3/apis/apps/v1?hash=STALE", NULL, &st, NULL, 0);
	ck_assert_int_eq(st, 301);
	json_decref(doc);
	doc = get_json("/openapi/v3/apis/nosuch.io/v1", NULL, &st, NULL, 0);
	ck_assert_int_eq(st, 404);
	json_decref(doc);
}
END_TEST

static Suite *
apiserver_suite(void)
{
	Suite *su = suite_create("apiserver");
	TCase *tc = tcase_create("routes");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_api_aggregated_v2);
	tcase_add_test(tc, test_apis_v2beta1_for_old_kubectl);
	tcase_add_test(tc, test_legacy_discovery);
	tcase_add_test(tc, test_not_found_status);
	tcase_add_test(tc, test_discovery_not_acceptable);
	tcase_add_test(tc, test_health);
	tcase_add_test(tc, test_openapi_v3);
	suite_add_tcase(su, tc);
	return su;
}

KC_TEST_MAIN(apiserver_suite)
