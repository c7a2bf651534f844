/*
 * check_request_info.c - kube-apiserver's request info parser against upstream's
 * requestinfo_test.go cases.
 */
#include <string.h>

#include "kube-apiserver/endpoints/request_info.h"
#include "test/unit/testutil/testutil.h"

static const struct {
	const char *method, *path;
	int watch;
	const char *verb, *prefix, *group, *version, *ns, *resource, *name, *sub;
} cases[] = {
	/* upstream TestGetAPIRequestInfo */
	{ "GET", "/api/v1/namespaces", 0, "list", "api", "", "v1", "", "namespaces", "", "" },
	{ "GET", "/api/v1/namespaces/other", 0, "get", "api", "", "v1", "other", "namespaces", "other", "" },
	{ "GET", "/api/v1/namespaces/other/pods", 0, "list", "api", "", "v1", "other", "pods", "", "" },
	{ "GET", "/api/v1/namespaces/other/pods/foo", 0, "get", "api", "", "v1", "other", "pods", "foo", "" },
	{ "HEAD", "/api/v1/namespaces/other/pods/foo", 0, "get", "api", "", "v1", "other", "pods", "foo", "" },
	{ "GET", "/api/v1/pods", 0, "list", "api", "", "v1", "", "pods", "", "" },
	{ "GET", "/api/v1/pods", 1, "watch", "api", "", "v1", "", "pods", "", "" },
	{ "GET", "/api/v1/namespaces/other/pods/foo", 1, "get", "api", "", "v1", "other", "pods", "foo", "" },
	{ "GET", "/api/v1/watch/pods", 0, "watch", "api", "", "v1", "", "pods", "", "" },
	{ "GET", "/api/v1/watch/namespaces/other/pods", 0, "watch", "api", "", "v1", "other", "pods", "", "" },
	/* subresources */
	{ "GET", "/api/v1/namespaces/other/pods/foo/status", 0, "get", "api", "", "v1", "other", "pods", "foo", "status" },
	{ "PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", 0, "patch", "apis", "apps", "v1", "default", "deployments", "web", "scale" },
	{ "POST", "/api/v1/namespaces/default/pods/p/binding", 0, "create", "api", "", "v1", "default", "pods", "p", "binding" },
	{ "GET", "/api/v1/namespaces/default/pods/p/log", 0, "get", "api", "", "v1", "default", "pods", "p", "log" },
	/* the namespace's own subresources */
	{ "PUT", "/api/v1/namespaces/other/finalize", 0, "update", "api", "", "v1", "other", "namespaces", "other", "finalize" },
	{ "PUT", "/api/v1/namespaces/other/status", 0, "update", "api", "", "v1", "other", "namespaces", "other", "status" },
	/* verbs */
	{ "POST", "/api/v1/namespaces/other/pods", 0, "create", "api", "", "v1", "other", "pods", "", "" },
	{ "PUT", "/api/v1/namespaces/other/pods/foo", 0, "update", "api", "", "v1", "other", "pods", "foo", "" },
	{ "DELETE", "/api/v1/namespaces/other/pods/foo", 0, "delete", "api", "", "v1", "other", "pods", "foo", "" },
	{ "DELETE", "/api/v1/namespaces/other/pods", 0, "deletecollection", "api", "", "v1", "other", "pods", "", "" },
	/* groups and cluster scope */
	{ "GET", "/apis/extensions/v1beta1/namespaces/other/extensions", 0, "list", "apis", "extensions", "v1beta1", "other", "extensions", "", "" },
	{ "GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin", 0, "get", "apis", "rbac.authorization.k8s.io", "v1", "", "clusterroles", "admin", "" },
	{ "GET", "/api/v1/nodes/n1/proxy/some/path", 0, "get", "api", "", "v1", "", "nodes", "n1", "proxy" },
	/* trailing and doubled slashes as Go's strings.Trim/Split see them */
	{ "GET", "/api/v1/namespaces/other/pods/", 0, "list", "api", "", "v1", "other", "pods", "", "" },
};

START_TEST(test_resource_requests)
{
	struct request_info ri;

	ck_assert_int_eq(request_info_parse(&ri, cases[_i].method, cases[_i].path, cases[_i].watch), 0);
	ck_assert_msg(ri.is_resource_request, "%s not a resource request", cases[_i].path);
	ck_assert_str_eq(ri.verb, cases[_i].verb);
	ck_assert_str_eq(ri.api_prefix, cases[_i].prefix);
	ck_assert_str_eq(ri.api_group, cases[_i].group);
	ck_assert_str_eq(ri.api_version, cases[_i].version);
	ck_assert_str_eq(ri.namespace_, cases[_i].ns);
	ck_assert_str_eq(ri.resource, cases[_i].resource);
	ck_assert_str_eq(ri.name, cases[_i].name);
	ck_assert_str_eq(ri.subresource, cases[_i].sub);
	request_info_release(&ri);
}
END_TEST

static const struct {
	const char *method, *path, *verb;
} non_resource[] = {
	{ "GET", "/", "get" },
	{ "GET", "/healthz", "get" },
	{ "GET", "/api", "get" },
	{ "GET", "/api/v1", "get" },
	{ "GET", "/apis", "get" },
	{ "GET", "/apis/apps", "get" },
	{ "GET", "/apis/apps/v1", "get" },
	{ "POST", "/version", "post" },
	{ "PUT", "/openapi/v3", "put" },
	{ "GET", "/api/v1/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t", "get" },
};

START_TEST(test_non_resource_requests)
{
	struct request_info ri;

	ck_assert_int_eq(request_info_parse(&ri, non_resource[_i].method, non_resource[_i].path, 0), 0);
	ck_assert_msg(!ri.is_resource_request, "%s is a resource request", non_resource[_i].path);
	ck_assert_str_eq(ri.verb, non_resource[_i].verb);
	ck_assert_ptr_null(ri.api_prefix);
	request_info_release(&ri);
}
END_TEST

START_TEST(test_parts_kept)
{
	struct request_info ri;

	ck_assert_int_eq(request_info_parse(&ri, "GET", "/api/v1/namespaces/ns/pods/p/proxy/a/b", 0), 0);
	ck_assert_int_eq(ri.nparts, 5);
	ck_assert_str_eq(ri.parts[3], "a");
	ck_assert_str_eq(ri.parts[4], "b");
	request_info_release(&ri);
}
END_TEST

static Suite *
request_info_suite(void)
{
	Suite *s = suite_create("request_info");
	TCase *tc = tcase_create("request_info");

	tcase_add_loop_test(tc, test_resource_requests, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_non_resource_requests, 0,
			    (int)(sizeof(non_resource) / sizeof(non_resource[0])));
	tcase_add_test(tc, test_parts_kept);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(request_info_suite)
