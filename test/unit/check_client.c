/*
 * check_client.c - the REST client against the fake apiserver: paths, every verb, Status errors,
 * retries, rate limiting, timeouts, cancellation, watches, TLS (upstream tests:
 * client-go rest/request_test.go, rest/with_retry_test.go, rest/url_utils_test.go).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/restconfig.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/watch.h"
#include "test/unit/testutil/fake_apiserver.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

static const struct kc_resource res_pods = { "", "v1", "pods", "Pod", 1 };
static const struct kc_resource res_cms = { "", "v1", "configmaps", "ConfigMap", 1 };
static const struct kc_resource res_nodes = { "", "v1", "nodes", "Node", 0 };
static const struct kc_resource res_deploy = { "apps", "v1", "deployments", "Deployment", 1 };
static const struct kc_resource res_crb = { "rbac.authorization.k8s.io", "v1",
					    "clusterrolebindings", "ClusterRoleBinding", 0 };

/* --- fixture: a loop, a fake apiserver, a client -------------------------------------------- */

struct fx {
	struct event_base *base;
	struct kc_fake_apiserver *f;
	struct kc_client *c;
	struct kc_rest_config cfg;
	char server[128];
};

static void
fx_init_server(struct fx *x, const struct kc_fake_apiserver_opts *opts)
{
	memset(x, 0, sizeof(*x));
	x->base = event_base_new();
	ck_assert_ptr_nonnull(x->base);
	x->f = kc_fake_apiserver_new(x->base, opts);
	ck_assert_ptr_nonnull(x->f);
	ck_assert_int_eq(kc_fake_apiserver_add_resource(x->f, &res_pods, KC_FAKE_STATUS), 0);
	ck_assert_int_eq(kc_fake_apiserver_add_resource(x->f, &res_cms, 0), 0);
	ck_assert_int_eq(kc_fake_apiserver_add_resource(x->f, &res_nodes, KC_FAKE_STATUS), 0);
	ck_assert_int_eq(kc_fake_apiserver_add_resource(x->f, &res_deploy, KC_FAKE_STATUS), 0);
	ck_assert_int_eq(kc_fake_apiserver_add_resource(x->f, &res_crb, 0), 0);
	snprintf(x->server, sizeof(x->server), "%s", kc_fake_apiserver_url(x->f));
	x->cfg.server = x->server;
	x->cfg.qps = -1; /* most tests do not want the rate limiter in their way */
}

static void
fx_init(struct fx *x)
{
	fx_init_server(x, NULL);
	x->c = kc_client_new(x->base, &x->cfg);
	ck_assert_ptr_nonnull(x->c);
}

static void
fx_release(struct fx *x)
{
	x->c = kc_client_free(x->c);
	x->f = kc_fake_apiserver_free(x->f);
	event_base_free(x->base);
}

/* Runs the loop until *flag is set or `seconds` pass; returns *flag. */
static int
run_until(struct fx *x, const int *flag, double seconds)
{
	return kc_test_run_until(x->base, kc_test_flag_set, (void *)flag, (int)(seconds * 1000));
}

/* Runs the loop for `seconds`, whatever happens. */
static void KC_UNUSED
run_for(struct fx *x, double seconds)
{
	kc_test_run_for(x->base, (int)(seconds * 1000));
}

/* --- response capture ----------------------------------------------------------------------- */

struct result {
	int done;
	int calls;
	int r;
	int http_status;
	json_t *body;
	char *message;
	char *raw;
	double t;
};

static void
on_response(void *arg, const struct kc_response *resp)
{
	struct result *res = arg;

	res->calls++;
	res->done = 1;
	res->r = resp->r;
	res->http_status = resp->http_status;
	json_decref(res->body);
	res->body = json_incref(resp->body);
	free(res->message);
	res->message = strdup(resp->message);
	free(res->raw);
	res->raw = strndup(resp->raw, resp->raw_len);
	res->t = kc_test_mono_s();
}

static void
result_release(struct result *res)
{
	json_decref(res->body);
	free(res->message);
	free(res->raw);
	memset(res, 0, sizeof(*res));
}

static void
wait_result(struct fx *x, struct result *res)
{
	ck_assert_msg(run_until(x, &res->done, 10), "no response within 10 s");
}

static const char *
jstr(const json_t *obj, const char *path)
{
	return kc_json_get_string(obj, path, NULL);
}

static json_t *
configmap(const char *ns, const char *name, const char *key, const char *value)
{
	return json_pack("{s:s, s:s, s:{s:s, s:s, s:{s:s}}, s:{s:s}}", "apiVersion", "v1", "kind",
			 "ConfigMap", "metadata", "name", name, "namespace", ns, "labels", "app",
			 "web", "data", key, value);
}

/* Creates a configmap through the client; returns its resourceVersion (new string). */
static char *
create_cm(struct fx *x, const char *ns, const char *name)
{
	json_auto_t *cm = configmap(ns, name, "k", "v");
	struct result res = { 0 };
	char *rv;

	ck_assert_ptr_nonnull(kc_client_create(x->c, &res_cms, ns, cm, on_response, &res));
	wait_result(x, &res);
	ck_assert_int_eq(res.r, 0);
	rv = strdup(jstr(res.body, "metadata.resourceVersion"));
	result_release(&res);
	return rv;
}

/* --- paths ---------------------------------------------------------------------------------- */

static const struct {
	const struct kc_resource *res;
	const char *ns, *name, *sub;
	struct kc_list_options opts;
	const char *want; /* NULL: must be refused */
} path_cases[] = {
	{ &res_pods, "default", NULL, NULL, { 0 }, "/api/v1/namespaces/default/pods" },
	{ &res_pods, NULL, NULL, NULL, { 0 }, "/api/v1/pods" },
	{ &res_pods, "", NULL, NULL, { 0 }, "/api/v1/pods" },
	{ &res_pods,
	  "kube-system",
	  "p1",
	  "status",
	  { 0 },
	  "/api/v1/namespaces/kube-system/pods/p1/status" },
	{ &res_nodes, "ignored", "node-1", NULL, { 0 }, "/api/v1/nodes/node-1" },
	{ &res_deploy,
	  "kube-system",
	  "coredns",
	  "scale",
	  { 0 },
	  "/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale" },
	{ &res_crb,
	  NULL,
	  "system:node",
	  NULL,
	  { 0 },
	  "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:node" },
	{ &res_pods,
	  "default",
	  "a b\xc3\xa9",
	  NULL,
	  { 0 },
	  "/api/v1/namespaces/default/pods/a%20b%C3%A9" },
	{ &res_pods,
	  NULL,
	  NULL,
	  NULL,
	  { .label_selector = "a=b,c!=d" },
	  "/api/v1/pods?labelSelector=a%3Db%2Cc%21%3Dd" },
	{ &res_pods,
	  "ns",
	  NULL,
	  NULL,
	  { .label_selector = "app in (x, y)",
	    .field_selector = "spec.nodeName=node-1",
	    .resource_version = "0",
	    .resource_version_match = "NotOlderThan",
	    .continue_token = "eyJ2Ijo+/",
	    .limit = 500,
	    .timeout_seconds = 300,
	    .allow_watch_bookmarks = 1 },
	  "/api/v1/namespaces/ns/pods?allowWatchBookmarks=true&continue=eyJ2Ijo%2B%2F&"
	  "fieldSelector=spec.nodeName%3Dnode-1&labelSelector=app+in+%28x%2C+y%29&limit=500&"
	  "resourceVersion=0&resourceVersionMatch=NotOlderThan&timeoutSeconds=300" },
	{ &res_pods,
	  NULL,
	  NULL,
	  NULL,
	  { .limit = -1, .timeout_seconds = 0, .label_selector = "" },
	  "/api/v1/pods" },
	{ &res_pods, "default", "..", NULL, { 0 }, NULL },
	{ &res_pods, "default", ".", NULL, { 0 }, NULL },
	{ &res_pods, "default", "a/b", NULL, { 0 }, NULL },
	{ &res_pods, "x%2f", "a", NULL, { 0 }, NULL },
	{ &res_pods, "default", "a", "..", { 0 }, NULL },
};

START_TEST(test_path)
{
	KC_AUTOFREE char *p =
		kc_client_path(path_cases[_i].res, path_cases[_i].ns, path_cases[_i].name,
			       path_cases[_i].sub, &path_cases[_i].opts);

	ck_assert_pstr_eq(p, path_cases[_i].want);
}
END_TEST

/* --- verbs ---------------------------------------------------------------------------------- */

START_TEST(test_headers_and_user_agent)
{
	struct fx x;
	struct result res = { 0 };
	const struct kc_fake_request *r;
	char ua[128];

	fx_init_server(&x, NULL);
	x.cfg.token = (char *)"tok-123";
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, "default", NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(res.http_status, 200);
	ck_assert_str_eq(jstr(res.body, "kind"), "PodList");
	r = kc_fake_apiserver_request(x.f, 0);
	ck_assert_str_eq(r->method, "GET");
	ck_assert_str_eq(r->uri, "/api/v1/namespaces/default/pods");
	snprintf(ua, sizeof(ua), "%s/v1.32.0 (linux/amd64) kubernetes/ckube",
		 program_invocation_short_name);
	ck_assert_str_eq(r->user_agent, ua);
	ck_assert_str_eq(r->accept, "application/json");
	ck_assert_str_eq(r->authorization, "Bearer tok-123");
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_create_and_already_exists)
{
	struct fx x;
	struct result res = { 0 };
	json_auto_t *cm = configmap("default", "cm1", "a", "1");
	const struct kc_fake_request *r;

	fx_init(&x);
	ck_assert_ptr_nonnull(kc_client_create(x.c, &res_cms, NULL, cm, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(res.http_status, 201);
	ck_assert_ptr_nonnull(jstr(res.body, "metadata.uid"));
	ck_assert_ptr_nonnull(jstr(res.body, "metadata.resourceVersion"));
	ck_assert_str_eq(res.message, "");
	r = kc_fake_apiserver_request(x.f, 0);
	ck_assert_str_eq(r->method, "POST");
	ck_assert_str_eq(r->uri, "/api/v1/namespaces/default/configmaps");
	ck_assert_str_eq(r->content_type, "application/json");
	ck_assert_ptr_nonnull(strstr(r->body, "\"cm1\""));
	result_release(&res);

	ck_assert_ptr_nonnull(kc_client_create(x.c, &res_cms, "default", cm, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_ALREADY_EXISTS);
	ck_assert_int_eq(res.http_status, 409);
	ck_assert_str_eq(res.message, "configmaps \"cm1\" already exists");
	ck_assert_str_eq(jstr(res.body, "reason"), "AlreadyExists");
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_get_and_not_found)
{
	struct fx x;
	struct result res = { 0 };
	KC_AUTOFREE char *rv = NULL;

	fx_init(&x);
	rv = create_cm(&x, "default", "cm1");
	ck_assert_ptr_nonnull(kc_client_get(x.c, &res_cms, "default", "cm1", on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_str_eq(jstr(res.body, "data.k"), "v");
	ck_assert_str_eq(jstr(res.body, "metadata.resourceVersion"), rv);
	result_release(&res);

	ck_assert_ptr_nonnull(kc_client_get(x.c, &res_cms, "default", "nope", on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_NOT_FOUND);
	ck_assert_int_eq(res.http_status, 404);
	ck_assert_str_eq(res.message, "configmaps \"nope\" not found");
	ck_assert_str_eq(jstr(res.body, "details.name"), "nope");
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_list_selector_and_paging)
{
	struct fx x;
	struct result res = { 0 };
	struct kc_list_options opts = { .limit = 2 };
	KC_AUTOFREE char *token = NULL;
	char name[16];

	fx_init(&x);
	for (int i = 0; i < 5; i++) {
		json_auto_t *cm = configmap("default", "x", "k", "v");

		snprintf(name, sizeof(name), "cm%d", i);
		json_object_set_new(json_object_get(cm, "metadata"), "name", json_string(name));
		if (i == 4)
			json_object_set_new(
				json_object_get(json_object_get(cm, "metadata"), "labels"), "app",
				json_string("db"));
		ck_assert_int_gt(kc_fake_apiserver_put(x.f, "configmaps", cm), 0);
	}
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, "default", &opts, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(json_array_size(json_object_get(res.body, "items")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(res.body, "metadata"),
							    "remainingItemCount")),
			 3);
	token = strdup(jstr(res.body, "metadata.continue"));
	result_release(&res);

	opts.continue_token = token;
	opts.limit = 10;
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, "default", &opts, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(json_array_size(json_object_get(res.body, "items")), 3);
	ck_assert_str_eq(
		jstr(json_array_get(json_object_get(res.body, "items"), 0), "metadata.name"),
		"cm2");
	ck_assert_ptr_null(jstr(res.body, "metadata.continue"));
	result_release(&res);

	memset(&opts, 0, sizeof(opts));
	opts.label_selector = "app!=web";
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, NULL, &opts, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(json_array_size(json_object_get(res.body, "items")), 1);
	ck_assert_str_eq(
		jstr(json_array_get(json_object_get(res.body, "items"), 0), "metadata.name"),
		"cm4");
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_update_and_conflict)
{
	struct fx x;
	struct result res = { 0 };
	KC_AUTOFREE char *rv = NULL;
	json_auto_t *cm = configmap("default", "cm1", "k", "v2");

	fx_init(&x);
	rv = create_cm(&x, "default", "cm1");
	json_object_set_new(json_object_get(cm, "metadata"), "resourceVersion", json_string(rv));
	ck_assert_ptr_nonnull(kc_client_update(x.c, &res_cms, NULL, cm, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_str_eq(jstr(res.body, "data.k"), "v2");
	ck_assert_str_ne(jstr(res.body, "metadata.resourceVersion"), rv);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 1)->method, "PUT");
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 1)->uri,
			 "/api/v1/namespaces/default/configmaps/cm1");
	result_release(&res);

	/* The same stale resourceVersion again: 409 Conflict (not AlreadyExists). */
	ck_assert_ptr_nonnull(kc_client_update(x.c, &res_cms, NULL, cm, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_CONFLICT);
	ck_assert_int_eq(res.http_status, 409);
	ck_assert_str_eq(res.message,
			 "Operation cannot be fulfilled on configmaps \"cm1\": the object has been "
			 "modified; please apply your changes to the latest version and try again");
	result_release(&res);

	json_object_del(json_object_get(cm, "metadata"), "name");
	ck_assert_ptr_null(kc_client_update(x.c, &res_cms, NULL, cm, NULL, on_response, &res));
	fx_release(&x);
}
END_TEST

START_TEST(test_update_status_subresource)
{
	struct fx x;
	struct result res = { 0 };
	json_auto_t *pod =
		json_pack("{s:{s:s, s:s}, s:{s:s}, s:{s:s}}", "metadata", "name", "p1", "namespace",
			  "default", "spec", "nodeName", "n1", "status", "phase", "Pending");

	fx_init(&x);
	ck_assert_int_gt(kc_fake_apiserver_put(x.f, "pods", pod), 0);
	json_object_set_new(json_object_get(pod, "status"), "phase", json_string("Running"));
	json_object_set_new(json_object_get(pod, "spec"), "nodeName", json_string("n2"));
	ck_assert_ptr_nonnull(
		kc_client_update(x.c, &res_pods, NULL, pod, "status", on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 0)->uri,
			 "/api/v1/namespaces/default/pods/p1/status");
	ck_assert_str_eq(jstr(res.body, "status.phase"), "Running");
	ck_assert_str_eq(jstr(res.body, "spec.nodeName"), "n1");
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_patch)
{
	struct fx x;
	struct result res = { 0 };
	KC_AUTOFREE char *rv = NULL;
	json_auto_t *patch = json_pack("{s:{s:s, s:n}}", "data", "extra", "1", "k");
	const struct kc_fake_request *r;

	fx_init(&x);
	rv = create_cm(&x, "default", "cm1");
	ck_assert_ptr_nonnull(kc_client_patch(x.c, &res_cms, "default", "cm1", NULL,
					      "application/merge-patch+json", patch, on_response,
					      &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_str_eq(jstr(res.body, "data.extra"), "1");
	ck_assert_ptr_null(jstr(res.body, "data.k"));
	r = kc_fake_apiserver_request(x.f, 1);
	ck_assert_str_eq(r->method, "PATCH");
	ck_assert_str_eq(r->content_type, "application/merge-patch+json");
	result_release(&res);

	ck_assert_ptr_nonnull(kc_client_patch(x.c, &res_cms, "default", "cm1", NULL,
					      "application/json-patch+json", patch, on_response,
					      &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_UNSUPPORTED_MEDIA);
	ck_assert_int_eq(res.http_status, 415);
	result_release(&res);

	ck_assert_ptr_nonnull(kc_client_patch(x.c, &res_cms, "default", "gone", NULL, NULL, patch,
					      on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_NOT_FOUND);
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_delete)
{
	struct fx x;
	struct result res = { 0 };
	KC_AUTOFREE char *rv = NULL;
	json_auto_t *opts = json_pack("{s:{s:s}}", "preconditions", "uid", "not-the-uid");

	fx_init(&x);
	rv = create_cm(&x, "default", "cm1");
	ck_assert_ptr_nonnull(
		kc_client_delete(x.c, &res_cms, "default", "cm1", opts, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_CONFLICT);
	ck_assert_ptr_nonnull(strstr(res.message, "Precondition failed: UID in precondition"));
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 1)->method, "DELETE");
	ck_assert_ptr_nonnull(strstr(kc_fake_apiserver_request(x.f, 1)->body, "not-the-uid"));
	result_release(&res);

	ck_assert_ptr_nonnull(
		kc_client_delete(x.c, &res_cms, "default", "cm1", NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(res.http_status, 200);
	ck_assert_str_eq(jstr(res.body, "status"), "Success");
	ck_assert_int_eq(kc_fake_apiserver_count(x.f, "configmaps"), 0);
	result_release(&res);

	ck_assert_ptr_nonnull(
		kc_client_delete(x.c, &res_cms, "default", "cm1", NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_NOT_FOUND);
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_invalid_keeps_causes)
{
	struct fx x;
	struct result res = { 0 };
	json_auto_t *cm = configmap("default", "Bad_Name", "k", "v");
	json_t *cause;

	fx_init(&x);
	ck_assert_ptr_nonnull(kc_client_create(x.c, &res_cms, NULL, cm, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_INVALID);
	ck_assert_int_eq(res.http_status, 422);
	ck_assert_ptr_nonnull(strstr(res.message, "ConfigMap \"Bad_Name\" is invalid: "
						  "metadata.name: Invalid value"));
	cause = json_array_get(json_object_get(json_object_get(res.body, "details"), "causes"), 0);
	ck_assert_str_eq(jstr(cause, "field"), "metadata.name");
	ck_assert_str_eq(jstr(cause, "reason"), "FieldValueInvalid");
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* A raw request on a path nothing serves: 404 Status from the server, generic route message. */
START_TEST(test_raw_request_unknown_path)
{
	struct fx x;
	struct result res = { 0 };

	fx_init(&x);
	ck_assert_ptr_nonnull(kc_client_request(x.c, "GET", "/apis/nope/v1/things", NULL, NULL,
						on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_NOT_FOUND);
	ck_assert_str_eq(res.message, "the server could not find the requested resource");
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* --- watches -------------------------------------------------------------------------------- */

struct wres {
	int events;
	int done;
	int done_calls;
	int r;
	struct kc_strbuf log; /* "TYPE:name TYPE:name ..." */
	int cancel_after;     /* cancel the watch from inside the n-th event callback */
	struct kc_watch *w;
	int64_t last_rv;
};

static void
on_watch_event(void *arg, enum kc_watch_event_type type, json_t *object)
{
	struct wres *wr = arg;
	const char *name = jstr(object, "metadata.name");
	const char *rv = jstr(object, "metadata.resourceVersion");

	if (type == KC_WATCH_ERROR)
		name = jstr(object, "reason");
	kc_strbuf_addf(&wr->log, "%s%s:%s", wr->events > 0 ? " " : "",
		       kc_watch_event_type_name(type), name != NULL ? name : "-");
	wr->events++;
	if (rv != NULL)
		wr->last_rv = atoll(rv);
	if (wr->cancel_after > 0 && wr->events == wr->cancel_after) {
		kc_watch_cancel(wr->w);
		kc_watch_cancel(wr->w); /* twice: still harmless */
	}
}

static void
on_watch_done(void *arg, int r)
{
	struct wres *wr = arg;

	wr->done = 1;
	wr->done_calls++;
	wr->r = r;
}

static void
wres_release(struct wres *wr)
{
	kc_strbuf_release(&wr->log);
}

struct events_wanted {
	const struct wres *wr;
	int n;
};

static int
events_or_end(void *arg)
{
	const struct events_wanted *w = arg;

	return w->wr->events >= w->n || w->wr->done;
}

/* Runs the loop until the watch delivered n events (1) or ended before that (0), 10 s at most. */
static int
wait_events(struct fx *x, struct wres *wr, int n)
{
	struct events_wanted w = { wr, n };

	kc_test_run_until(x->base, events_or_end, &w, 10000);
	return wr->events >= n;
}

static int
fake_has_watch(void *arg)
{
	return kc_fake_apiserver_watch_count(arg) > 0;
}

/* Runs the loop until the fake apiserver holds a watch stream (10 s at most). */
static void
wait_watching(struct fx *x)
{
	ck_assert_msg(kc_test_run_until(x->base, fake_has_watch, x->f, 10000),
		      "no watch reached the server within 10 s");
}

/* Ends the server's watch streams: the watch must end cleanly, once, and leave nothing active. */
static void
end_watches_cleanly(struct fx *x, struct wres *wr)
{
	kc_fake_apiserver_end_watches(x->f);
	ck_assert(run_until(x, &wr->done, 10));
	ck_assert_int_eq(wr->r, 0);
	ck_assert_int_eq(wr->done_calls, 1);
	ck_assert_int_eq(kc_client_active(x->c), 0);
}

static json_t *
pod(const char *ns, const char *name, const char *node)
{
	return json_pack("{s:{s:s, s:s, s:{s:s}}, s:{s:s}}", "metadata", "name", name, "namespace",
			 ns, "labels", "app", "web", "spec", "nodeName", node);
}

/* Events arrive as their bytes do, while the stream stays open. */
START_TEST(test_watch_incremental)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	char rv[32];
	struct kc_list_options opts = { .resource_version = rv, .allow_watch_bookmarks = 1 };
	json_auto_t *p1 = pod("default", "p1", "n1");

	fx_init(&x);
	snprintf(rv, sizeof(rv), "%lld", (long long)kc_fake_apiserver_resource_version(x.f));
	wr.w = kc_client_watch(x.c, &res_pods, "default", &opts, on_watch_event, on_watch_done,
			       &wr);
	ck_assert_ptr_nonnull(wr.w);
	wait_watching(&x);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 0)->uri,
			 "/api/v1/namespaces/default/pods?allowWatchBookmarks=true&"
			 "resourceVersion=1&watch=true");

	ck_assert_int_gt(kc_fake_apiserver_put(x.f, "pods", p1), 0);
	ck_assert(wait_events(&x, &wr, 1));
	ck_assert_int_eq(wr.done, 0); /* delivered before the stream ended */
	ck_assert_str_eq(wr.log.buf, "ADDED:p1");
	ck_assert_int_eq(wr.last_rv, kc_fake_apiserver_resource_version(x.f));

	json_object_set_new(json_object_get(p1, "spec"), "nodeName", json_string("n2"));
	ck_assert_int_gt(kc_fake_apiserver_put(x.f, "pods", p1), 0);
	ck_assert(wait_events(&x, &wr, 2));
	kc_fake_apiserver_send_bookmarks(x.f);
	ck_assert(wait_events(&x, &wr, 3));
	ck_assert_int_eq(kc_fake_apiserver_remove(x.f, "pods", "default", "p1"), 0);
	ck_assert(wait_events(&x, &wr, 4));
	ck_assert_str_eq(wr.log.buf, "ADDED:p1 MODIFIED:p1 BOOKMARK:- DELETED:p1");
	ck_assert_int_eq(wr.done, 0);
	ck_assert_int_eq(kc_client_active(x.c), 1);

	end_watches_cleanly(&x, &wr);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

START_TEST(test_watch_initial_events_and_selector)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	struct kc_list_options opts = { .field_selector = "spec.nodeName=n1" };
	json_auto_t *a = pod("default", "a", "n1");
	json_auto_t *b = pod("other", "b", "n2");
	json_auto_t *c = pod("other", "c", "n1");

	fx_init(&x);
	kc_fake_apiserver_put(x.f, "pods", a);
	kc_fake_apiserver_put(x.f, "pods", b);
	kc_fake_apiserver_put(x.f, "pods", c);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, &opts, on_watch_event, on_watch_done, &wr);
	ck_assert(wait_events(&x, &wr, 2));
	ck_assert_str_eq(wr.log.buf, "ADDED:a ADDED:c");
	/* c leaves the selection: upstream turns that into DELETED. */
	json_object_set_new(json_object_get(c, "spec"), "nodeName", json_string("n3"));
	kc_fake_apiserver_put(x.f, "pods", c);
	ck_assert(wait_events(&x, &wr, 3));
	ck_assert_str_eq(wr.log.buf, "ADDED:a ADDED:c DELETED:c");
	kc_watch_cancel(wr.w);
	ck_assert_int_eq(kc_client_active(x.c), 0);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

/* History compacted: 200 + ERROR event with a 410 Expired Status, then done(KC_ERR_EXPIRED). */
START_TEST(test_watch_410_error_event)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	struct kc_list_options opts = { .resource_version = "1" };
	json_auto_t *a = pod("default", "a", "n1");

	fx_init(&x);
	kc_fake_apiserver_put(x.f, "pods", a);
	kc_fake_apiserver_compact(x.f);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, &opts, on_watch_event, on_watch_done, &wr);
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_str_eq(wr.log.buf, "ERROR:Expired");
	ck_assert_int_eq(wr.r, KC_ERR_EXPIRED);
	ck_assert_int_eq(wr.done_calls, 1);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

START_TEST(test_watch_410_http)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	struct kc_fake_apiserver_opts o = { .watch_410_as_http = 1 };
	struct kc_list_options opts = { .resource_version = "1" };
	json_auto_t *a = pod("default", "a", "n1");

	fx_init_server(&x, &o);
	x.c = kc_client_new(x.base, &x.cfg);
	kc_fake_apiserver_put(x.f, "pods", a);
	kc_fake_apiserver_compact(x.f);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, &opts, on_watch_event, on_watch_done, &wr);
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_int_eq(wr.events, 0);
	ck_assert_int_eq(wr.r, KC_ERR_EXPIRED);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

START_TEST(test_watch_dropped)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	json_auto_t *a = pod("default", "a", "n1");

	fx_init(&x);
	kc_fake_apiserver_put(x.f, "pods", a);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	ck_assert(wait_events(&x, &wr, 1));
	kc_fake_apiserver_drop_watches(x.f);
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_int_eq(wr.r, KC_ERR_IO);
	ck_assert_int_eq(wr.done_calls, 1);
	ck_assert_int_eq(kc_client_active(x.c), 0);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

/* --- hooks: responses the fake would never give ---------------------------------------------- */

enum hook_mode {
	HOOK_TEXT_500,        /* 500 text/plain "boom" */
	HOOK_HTML_404,        /* 404 text/html page */
	HOOK_PLAIN_409,       /* 409 without a Status body */
	HOOK_BAD_JSON_200,    /* 200 application/json "{bad" */
	HOOK_EMPTY_200,       /* 200, no body */
	HOOK_TEXT_200,        /* 200 text/plain "ok" */
	HOOK_RESET_FIRST,     /* close the first connection without a reply, then serve */
	HOOK_WATCH_SLOW,      /* a watch: one event now, another 300 ms later, then the end */
	HOOK_WATCH_BOGUS,     /* a watch sending an unknown event type */
	HOOK_WATCH_TRUNCATED, /* a watch ending in the middle of an event */
	HOOK_WATCH_FORBIDDEN, /* a watch refused with 403 */
	HOOK_WATCH_SPLIT,     /* one event in two chunks 100 ms apart, cut inside a string */
};

struct hook {
	enum hook_mode mode;
	struct fx *x;
	int calls;
	struct evhttp_request *req;
	struct event *timer;
	int step;
	double second_sent_at;
};

static void
send_chunk(struct evhttp_request *req, const char *text)
{
	struct evbuffer *b = evbuffer_new();

	evbuffer_add(b, text, strlen(text));
	evhttp_send_reply_chunk(req, b);
	evbuffer_free(b);
}

static void
reply_text(struct evhttp_request *req, int code, const char *ctype, const char *text)
{
	struct evbuffer *b = evbuffer_new();

	if (ctype != NULL)
		evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", ctype);
	evbuffer_add(b, text, strlen(text));
	evhttp_send_reply(req, code, "X", b);
	evbuffer_free(b);
}

static void
on_hook_timer(evutil_socket_t fd, short what, void *arg)
{
	struct hook *h = arg;
	struct timeval tv = { 0, 100000 };

	if (h->mode == HOOK_RESET_FIRST) {
		evhttp_connection_free(evhttp_request_get_connection(h->req));
		return;
	}
	if (h->mode == HOOK_WATCH_SPLIT) {
		send_chunk(h->req, "e\"}}}\n");
		evhttp_send_reply_end(h->req);
		return;
	}
	if (h->step++ == 0) {
		h->second_sent_at = kc_test_mono_s();
		send_chunk(
			h->req,
			"{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"second\"}}}\n");
		evtimer_add(h->timer, &tv);
	} else {
		evhttp_send_reply_end(h->req);
	}
}

static void
start_stream(struct evhttp_request *req)
{
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  "application/json");
	evhttp_send_reply_start(req, 200, "OK");
}

static int
test_hook(void *arg, struct evhttp_request *req)
{
	struct hook *h = arg;
	struct timeval slow = { 0, 300000 }, now = { 0, 0 }, split = { 0, 100000 };

	h->calls++;
	switch (h->mode) {
	case HOOK_TEXT_500:
		reply_text(req, 500, "text/plain", "boom\n");
		return 1;
	case HOOK_HTML_404:
		reply_text(req, 404, "text/html", "<html>nope</html>");
		return 1;
	case HOOK_PLAIN_409:
		reply_text(req, 409, NULL, "conflict");
		return 1;
	case HOOK_BAD_JSON_200:
		reply_text(req, 200, "application/json", "{bad");
		return 1;
	case HOOK_EMPTY_200:
		reply_text(req, 200, "application/json", "");
		return 1;
	case HOOK_TEXT_200:
		reply_text(req, 200, "text/plain; charset=utf-8", "ok");
		return 1;
	case HOOK_RESET_FIRST:
		if (h->calls > 1)
			return 0;
		/* Not from inside evhttp's own callback: close the connection a moment later. */
		h->req = req;
		h->timer = evtimer_new(h->x->base, on_hook_timer, h);
		evtimer_add(h->timer, &now);
		return 1;
	case HOOK_WATCH_SLOW:
		h->req = req;
		start_stream(req);
		send_chunk(req,
			   "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"first\"}}}\n");
		h->timer = evtimer_new(h->x->base, on_hook_timer, h);
		evtimer_add(h->timer, &slow);
		return 1;
	case HOOK_WATCH_BOGUS:
		start_stream(req);
		send_chunk(req, "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"ok\"}}}\n"
				"{\"type\":\"BOGUS\",\"object\":{}}\n");
		return 1;
	case HOOK_WATCH_TRUNCATED:
		start_stream(req);
		send_chunk(req, "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"ok\"}}}\n"
				"{\"type\":\"ADDED\",\"object\":{\"meta");
		evhttp_send_reply_end(req);
		return 1;
	case HOOK_WATCH_FORBIDDEN:
		kc_fake_apiserver_reply_status(
			req, 403,
			"pods is forbidden: User \"x\" cannot watch resource "
			"\"pods\" in API group \"\" at the cluster scope");
		return 1;
	case HOOK_WATCH_SPLIT:
		h->req = req;
		start_stream(req);
		send_chunk(req, "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"on");
		h->timer = evtimer_new(h->x->base, on_hook_timer, h);
		evtimer_add(h->timer, &split);
		return 1;
	}
	return 0;
}

static void
hook_release(struct hook *h)
{
	if (h->timer != NULL)
		event_free(h->timer);
}

static const struct {
	enum hook_mode mode;
	const char *method;
	int r;
	int http_status;
	const char *message;
	const char *raw;
} unstructured_cases[] = {
	{ HOOK_TEXT_500, "GET", KC_ERR_INTERNAL, 500,
	  "an error on the server (\"boom\") has prevented the request from succeeding", "boom\n" },
	{ HOOK_HTML_404, "GET", KC_ERR_NOT_FOUND, 404,
	  "the server could not find the requested resource", "<html>nope</html>" },
	{ HOOK_PLAIN_409, "POST", KC_ERR_ALREADY_EXISTS, 409, "the server reported a conflict",
	  "conflict" },
	{ HOOK_PLAIN_409, "PUT", KC_ERR_CONFLICT, 409, "the server reported a conflict",
	  "conflict" },
	{ HOOK_BAD_JSON_200, "GET", KC_ERR_PARSE, 200, NULL, "{bad" },
	{ HOOK_EMPTY_200, "DELETE", 0, 200, "", "" },
	{ HOOK_TEXT_200, "GET", 0, 200, "", "ok" },
};

/* Bodies that are not a Status: upstream's generic messages, the raw body kept. */
START_TEST(test_unstructured_responses)
{
	struct fx x;
	struct result res = { 0 };
	struct hook h = { .mode = unstructured_cases[_i].mode };
	json_auto_t *body = json_object();

	fx_init(&x);
	h.x = &x;
	kc_fake_apiserver_set_hook(x.f, test_hook, &h);
	ck_assert_ptr_nonnull(kc_client_request(
		x.c, unstructured_cases[_i].method, "/api/v1/namespaces/default/configmaps/x", NULL,
		strcmp(unstructured_cases[_i].method, "GET") != 0 ? body : NULL, on_response,
		&res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, unstructured_cases[_i].r);
	ck_assert_int_eq(res.http_status, unstructured_cases[_i].http_status);
	if (unstructured_cases[_i].message != NULL)
		ck_assert_str_eq(res.message, unstructured_cases[_i].message);
	else
		ck_assert_ptr_nonnull(strstr(res.message, "unable to decode the response body"));
	ck_assert_str_eq(res.raw, unstructured_cases[_i].raw);
	if (unstructured_cases[_i].r != 0 || unstructured_cases[_i].mode == HOOK_TEXT_200)
		ck_assert_ptr_null(res.body);
	ck_assert_int_eq(h.calls, 1); /* none of these is retried */
	result_release(&res);
	hook_release(&h);
	fx_release(&x);
}
END_TEST

/* --- retries -------------------------------------------------------------------------------- */

START_TEST(test_retry_429_retry_after)
{
	struct fx x;
	struct result res = { 0 };

	fx_init(&x);
	kc_fake_apiserver_fail_next(x.f, 2, 429, 0);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(res.calls, 1);
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 3);
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* A 500 with Retry-After: 1 waits that second, then succeeds. */
START_TEST(test_retry_500_waits)
{
	struct fx x;
	struct result res = { 0 };
	double t0;

	fx_init(&x);
	kc_fake_apiserver_fail_next(x.f, 1, 500, 1);
	t0 = kc_test_mono_s();
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 2);
	ck_assert_double_ge(
		kc_fake_apiserver_request(x.f, 1)->t - kc_fake_apiserver_request(x.f, 0)->t, 0.95);
	ck_assert_double_lt(res.t - t0, 3.0);
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_no_retry_without_retry_after)
{
	struct fx x;
	struct result res = { 0 };

	fx_init(&x);
	kc_fake_apiserver_fail_next(x.f, 1, 500, -1);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_INTERNAL);
	ck_assert_int_eq(res.http_status, 500);
	ck_assert_str_eq(res.message, "injected failure (HTTP 500)");
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 1);
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* Ten retries, then the last error: eleven attempts in all, as client-go's maxRetries. */
START_TEST(test_retry_gives_up)
{
	struct fx x;
	struct result res = { 0 };

	fx_init(&x);
	kc_fake_apiserver_fail_next(x.f, 100, 503, 0);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_UNAVAILABLE);
	ck_assert_int_eq(res.http_status, 503);
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 11);
	ck_assert_int_eq(res.calls, 1);
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* Retry-After makes every verb retry, the body sent again. */
START_TEST(test_retry_post_resends_body)
{
	struct fx x;
	struct result res = { 0 };
	json_auto_t *cm = configmap("default", "cm1", "k", "v");

	fx_init(&x);
	kc_fake_apiserver_fail_next(x.f, 1, 429, 0);
	ck_assert_ptr_nonnull(kc_client_create(x.c, &res_cms, NULL, cm, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(res.http_status, 201);
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 2);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 0)->body,
			 kc_fake_apiserver_request(x.f, 1)->body);
	ck_assert_ptr_nonnull(strstr(kc_fake_apiserver_request(x.f, 1)->body, "cm1"));
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* A connection closed without a reply: GET retries after 1 s, POST does not. */
START_TEST(test_retry_connection_reset_get_only)
{
	struct fx x;
	struct result res = { 0 };
	struct hook h = { .mode = HOOK_RESET_FIRST };
	json_auto_t *cm = configmap("default", "cm1", "k", "v");

	fx_init(&x);
	h.x = &x;
	kc_fake_apiserver_set_hook(x.f, test_hook, &h);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(h.calls, 2);
	ck_assert_double_ge(
		kc_fake_apiserver_request(x.f, 1)->t - kc_fake_apiserver_request(x.f, 0)->t, 0.95);
	result_release(&res);
	hook_release(&h);

	/*
	 * A fresh client, so the POST goes on a new connection: on a reused one libcurl itself
	 * retries once on a fresh connection when the old one turns out dead before any reply.
	 */
	x.c = kc_client_free(x.c);
	x.c = kc_client_new(x.base, &x.cfg);
	memset(&h, 0, sizeof(h));
	h.mode = HOOK_RESET_FIRST;
	h.x = &x;
	ck_assert_ptr_nonnull(kc_client_create(x.c, &res_cms, NULL, cm, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_UNAVAILABLE);
	ck_assert_int_eq(res.http_status, 0);
	ck_assert_ptr_nonnull(strstr(res.message, "Post \"http://127.0.0.1:"));
	ck_assert_int_eq(h.calls, 1);
	result_release(&res);
	hook_release(&h);
	fx_release(&x);
}
END_TEST

START_TEST(test_connection_refused)
{
	struct fx x;
	struct result res = { 0 };
	char expect[128];
	double t0;
	int port;

	fx_init_server(&x, NULL);
	port = kc_fake_apiserver_port(x.f);
	x.f = kc_fake_apiserver_free(x.f); /* nothing listens there any more */
	x.c = kc_client_new(x.base, &x.cfg);
	t0 = kc_test_mono_s();
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_UNAVAILABLE);
	ck_assert_int_eq(res.http_status, 0);
	snprintf(expect, sizeof(expect), "Get \"http://127.0.0.1:%d/api/v1/pods\": ", port);
	ck_assert_msg(strncmp(res.message, expect, strlen(expect)) == 0, "message: %s",
		      res.message);
	ck_assert_ptr_nonnull(strstr(res.message, "onnect"));
	ck_assert_double_lt(res.t - t0, 0.9); /* not retried */
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* --- rate limiting -------------------------------------------------------------------------- */

/*
 * One request to warm the connection up (libcurl's first transfer is slow under valgrind), then
 * a pause that fills the bucket again, so the timings below measure the limiter alone.
 */
static void
warm_up(struct fx *x)
{
	struct result res = { 0 };

	ck_assert_ptr_nonnull(kc_client_list(x->c, &res_nodes, NULL, NULL, on_response, &res));
	wait_result(x, &res);
	result_release(&res);
	run_for(x, 0.5);
	kc_fake_apiserver_reset_log(x->f);
}

/* Issues n pod lists at once and waits for every answer; returns when they were issued. */
static double
list_pods_at_once(struct fx *x, struct result *res, int n)
{
	double t0 = kc_test_mono_s();

	for (int i = 0; i < n; i++)
		ck_assert_ptr_nonnull(
			kc_client_list(x->c, &res_pods, NULL, NULL, on_response, &res[i]));
	for (int i = 0; i < n; i++)
		wait_result(x, &res[i]);
	return t0;
}

/*
 * qps 5, burst 3: three requests at once, then one every 200 ms.  Times are taken against the
 * moment the requests were issued, with margins that hold under valgrind too.
 */
START_TEST(test_rate_limit_burst_then_spaced)
{
	struct fx x;
	struct result res[6];
	double t0;

	memset(res, 0, sizeof(res));
	fx_init_server(&x, NULL);
	x.cfg.qps = 5;
	x.cfg.burst = 3;
	x.c = kc_client_new(x.base, &x.cfg);
	warm_up(&x);
	t0 = list_pods_at_once(&x, res, 6);
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 6);
	ck_assert_double_lt(kc_fake_apiserver_request(x.f, 2)->t - t0, 0.190);
	ck_assert_double_ge(kc_fake_apiserver_request(x.f, 3)->t - t0, 0.195);
	ck_assert_double_ge(kc_fake_apiserver_request(x.f, 4)->t - t0, 0.395);
	ck_assert_double_ge(kc_fake_apiserver_request(x.f, 5)->t - t0, 0.595);
	ck_assert_double_lt(kc_fake_apiserver_request(x.f, 5)->t - t0, 1.500);
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(res[i].r, 0);
		result_release(&res[i]);
	}
	fx_release(&x);
}
END_TEST

/* qps 0 means client-go's default 5/10: ten at once, the eleventh 200 ms later. */
START_TEST(test_rate_limit_default)
{
	struct fx x;
	struct result res[11];
	double t0;

	memset(res, 0, sizeof(res));
	fx_init_server(&x, NULL);
	x.cfg.qps = 0;
	x.cfg.burst = 0;
	x.c = kc_client_new(x.base, &x.cfg);
	warm_up(&x);
	t0 = list_pods_at_once(&x, res, 11);
	/* Without the burst the tenth would come 1.8 s late. */
	ck_assert_double_lt(kc_fake_apiserver_request(x.f, 9)->t - t0, 0.190);
	ck_assert_double_ge(kc_fake_apiserver_request(x.f, 10)->t - t0, 0.195);
	for (int i = 0; i < 11; i++)
		result_release(&res[i]);
	fx_release(&x);
}
END_TEST

/* A request canceled while it waits for a token never reaches the server. */
START_TEST(test_cancel_throttled)
{
	struct fx x;
	struct result a = { 0 }, b = { 0 };
	struct kc_request *rb;

	fx_init_server(&x, NULL);
	x.cfg.qps = 2;
	x.cfg.burst = 1;
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &a));
	rb = kc_client_list(x.c, &res_cms, NULL, NULL, on_response, &b);
	ck_assert_ptr_nonnull(rb);
	ck_assert_int_eq(kc_client_active(x.c), 2);
	kc_request_cancel(rb);
	ck_assert_int_eq(kc_client_active(x.c), 1);
	wait_result(&x, &a);
	run_for(&x, 0.8);
	ck_assert_int_eq(b.calls, 0);
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 1);
	ck_assert_int_eq(kc_client_active(x.c), 0);
	result_release(&a);
	fx_release(&x);
}
END_TEST

/* --- timeouts and cancellation -------------------------------------------------------------- */

START_TEST(test_request_timeout)
{
	struct fx x;
	struct result res = { 0 };
	double t0;

	fx_init_server(&x, NULL);
	x.cfg.timeout_ms = 300;
	x.c = kc_client_new(x.base, &x.cfg);
	kc_fake_apiserver_set_delay(x.f, 3000);
	t0 = kc_test_mono_s();
	ck_assert_ptr_nonnull(kc_client_get(x.c, &res_pods, "default", "p", on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_TIMEOUT);
	ck_assert_double_ge(res.t - t0, 0.25);
	ck_assert_double_lt(res.t - t0, 2.0);
	ck_assert_ptr_nonnull(strstr(res.message, "imed out"));
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* cfg->timeout_ms does not apply to watches. */
START_TEST(test_watch_outlives_timeout)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	struct kc_list_options opts = { .resource_version = "1" };
	json_auto_t *a = pod("default", "a", "n1");

	fx_init_server(&x, NULL);
	x.cfg.timeout_ms = 200;
	x.c = kc_client_new(x.base, &x.cfg);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, &opts, on_watch_event, on_watch_done, &wr);
	run_for(&x, 0.6);
	ck_assert_int_eq(wr.done, 0);
	kc_fake_apiserver_put(x.f, "pods", a);
	ck_assert(wait_events(&x, &wr, 1));
	ck_assert_int_eq(wr.done, 0);
	kc_watch_cancel(wr.w);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

struct cancel_ctx {
	struct result res;
	struct kc_watch *victim;
	struct kc_request *self;
};

static void
on_response_cancel(void *arg, const struct kc_response *resp)
{
	struct cancel_ctx *cc = arg;

	kc_watch_cancel(cc->victim);
	kc_request_cancel(cc->self); /* its own handle, inside its callback: harmless */
	on_response(&cc->res, resp);
}

/* A callback cancels another request (a watch) and itself: no callback of either follows. */
START_TEST(test_cancel_inside_callback)
{
	struct fx x;
	struct cancel_ctx cc = { .victim = NULL };
	struct wres wr = { .log = KC_STRBUF_INIT };

	fx_init(&x);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	cc.victim = wr.w;
	wait_watching(&x);
	cc.self = kc_client_list(x.c, &res_cms, NULL, NULL, on_response_cancel, &cc);
	wait_result(&x, &cc.res);
	ck_assert_int_eq(kc_client_active(x.c), 0);
	kc_fake_apiserver_end_watches(x.f);
	run_for(&x, 0.3);
	ck_assert_int_eq(cc.res.calls, 1);
	ck_assert_int_eq(wr.done_calls, 0);
	result_release(&cc.res);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

/* Canceled from inside its first event: the other events of the same chunk are not delivered. */
START_TEST(test_watch_cancel_inside_event)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT, .cancel_after = 1 };
	json_auto_t *a = pod("default", "a", "n1");
	json_auto_t *b = pod("default", "b", "n1");
	json_auto_t *c = pod("default", "c", "n1");

	fx_init(&x);
	kc_fake_apiserver_put(x.f, "pods", a);
	kc_fake_apiserver_put(x.f, "pods", b);
	kc_fake_apiserver_put(x.f, "pods", c);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	ck_assert(wait_events(&x, &wr, 1));
	run_for(&x, 0.3);
	ck_assert_int_eq(wr.events, 1);
	ck_assert_int_eq(wr.done_calls, 0);
	ck_assert_int_eq(kc_client_active(x.c), 0);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

static void
on_done_cancel_self(void *arg, int r)
{
	struct wres *wr = arg;

	kc_watch_cancel(wr->w); /* inside done: a no-op */
	on_watch_done(arg, r);
}

START_TEST(test_watch_cancel_inside_done)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };

	fx_init(&x);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_done_cancel_self,
			       &wr);
	wait_watching(&x);
	end_watches_cleanly(&x, &wr);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

START_TEST(test_cancel_in_flight)
{
	struct fx x;
	struct result res = { 0 };
	struct kc_request *req;

	fx_init(&x);
	kc_fake_apiserver_set_delay(x.f, 300);
	req = kc_client_get(x.c, &res_pods, "default", "p", on_response, &res);
	run_for(&x, 0.1);
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 1);
	kc_request_cancel(req);
	run_for(&x, 0.5);
	ck_assert_int_eq(res.calls, 0);
	ck_assert_int_eq(kc_client_active(x.c), 0);
	fx_release(&x);
}
END_TEST

/* kc_client_free with requests, a backoff wait and a watch outstanding: no callbacks, no leaks. */
START_TEST(test_free_with_outstanding)
{
	struct fx x;
	struct result a = { 0 }, b = { 0 };
	struct wres wr = { .log = KC_STRBUF_INIT };

	fx_init(&x);
	kc_fake_apiserver_fail_next(x.f, 1, 429, 5);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &a));
	run_for(&x, 0.2); /* a is now waiting 5 s for its retry */
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, NULL, NULL, on_response, &b));
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	ck_assert_int_eq(kc_client_active(x.c), 3);
	x.c = kc_client_free(x.c);
	run_for(&x, 0.3);
	ck_assert_int_eq(a.calls + b.calls + wr.done_calls, 0);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

/* --- more watch endings ----------------------------------------------------------------------- */

/* The first event is delivered while the server still holds the second one back. */
START_TEST(test_watch_first_event_before_stream_ends)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	struct hook h = { .mode = HOOK_WATCH_SLOW };
	double first_at;

	fx_init(&x);
	h.x = &x;
	kc_fake_apiserver_set_hook(x.f, test_hook, &h);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	ck_assert(wait_events(&x, &wr, 1));
	first_at = kc_test_mono_s();
	ck_assert_double_eq(h.second_sent_at, 0); /* the second was not even sent yet */
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_double_lt(first_at, h.second_sent_at);
	ck_assert_str_eq(wr.log.buf, "ADDED:first ADDED:second");
	ck_assert_int_eq(wr.r, 0);
	wres_release(&wr);
	hook_release(&h);
	fx_release(&x);
}
END_TEST

static const struct {
	enum hook_mode mode;
	const char *events;
	int r;
} watch_end_cases[] = {
	{ HOOK_WATCH_BOGUS, "ADDED:ok", KC_ERR_PARSE },
	{ HOOK_WATCH_TRUNCATED, "ADDED:ok", KC_ERR_IO },
	{ HOOK_WATCH_FORBIDDEN, "", KC_ERR_FORBIDDEN },
	{ HOOK_WATCH_SPLIT, "MODIFIED:one", 0 },
};

START_TEST(test_watch_endings)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	struct hook h = { .mode = watch_end_cases[_i].mode };

	fx_init(&x);
	h.x = &x;
	kc_fake_apiserver_set_hook(x.f, test_hook, &h);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_str_eq(wr.log.buf, watch_end_cases[_i].events);
	ck_assert_int_eq(wr.r, watch_end_cases[_i].r);
	ck_assert_int_eq(wr.done_calls, 1);
	ck_assert_int_eq(h.calls, 1);
	wres_release(&wr);
	hook_release(&h);
	fx_release(&x);
}
END_TEST

START_TEST(test_watch_retried_on_429)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	json_auto_t *a = pod("default", "a", "n1");

	fx_init(&x);
	kc_fake_apiserver_put(x.f, "pods", a);
	kc_fake_apiserver_fail_next(x.f, 2, 429, 0);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	ck_assert(wait_events(&x, &wr, 1));
	ck_assert_str_eq(wr.log.buf, "ADDED:a");
	ck_assert_int_eq(kc_fake_apiserver_request_count(x.f), 3);
	kc_watch_cancel(wr.w);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

START_TEST(test_watch_unknown_resource)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	static const struct kc_resource nope = { "example.com", "v1", "widgets", "Widget", 1 };

	fx_init(&x);
	wr.w = kc_client_watch(x.c, &nope, "default", NULL, on_watch_event, on_watch_done, &wr);
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_int_eq(wr.r, KC_ERR_NOT_FOUND);
	ck_assert_int_eq(wr.events, 0);
	ck_assert_ptr_null(
		kc_client_watch(x.c, &res_pods, "..", NULL, on_watch_event, on_watch_done, &wr));
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

/* --- configuration and credentials ---------------------------------------------------------- */

START_TEST(test_token_file)
{
	struct fx x;
	struct result res = { 0 };
	KC_AUTOFREE char *path = kc_test_write_file(kc_test_tmpdir(), "token", "  file-token\n");

	fx_init_server(&x, NULL);
	x.cfg.token = (char *)"cfg-token";
	x.cfg.token_file = path;
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 0)->authorization, "Bearer file-token");
	result_release(&res);
	x.c = kc_client_free(x.c);

	x.cfg.token_file = (char *)"/nonexistent/token";
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 1)->authorization, "Bearer cfg-token");
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_basic_auth_and_user_agent)
{
	struct fx x;
	struct result res = { 0 };

	fx_init_server(&x, NULL);
	x.cfg.username = (char *)"admin";
	x.cfg.password = (char *)"secret";
	x.cfg.user_agent = (char *)"kubectl/v1.32.0 (linux/amd64) kubernetes/abc";
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 0)->authorization,
			 "Basic YWRtaW46c2VjcmV0");
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 0)->user_agent,
			 "kubectl/v1.32.0 (linux/amd64) kubernetes/abc");
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* Forms of cfg->server: bare host:port (http without TLS settings), a path prefix. */
START_TEST(test_server_forms)
{
	struct fx x;
	struct result res = { 0 };
	char server[160];

	fx_init_server(&x, NULL);
	snprintf(server, sizeof(server), "127.0.0.1:%d", kc_fake_apiserver_port(x.f));
	x.cfg.server = server;
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	result_release(&res);
	x.c = kc_client_free(x.c);

	snprintf(server, sizeof(server), "%s/prefix/", kc_fake_apiserver_url(x.f));
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 1)->uri, "/prefix/api/v1/pods");
	ck_assert_int_eq(res.r, KC_ERR_NOT_FOUND);
	result_release(&res);
	fx_release(&x);
}
END_TEST

static const struct {
	const char *server;
	const char *ca, *cert, *key, *token, *user;
	int insecure;
} bad_configs[] = {
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "ftp://127.0.0.1:1", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "http://127.0.0.1:1/?x=1", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "http://[::1", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "https://127.0.0.1:1", NULL, "CERT", NULL, NULL, NULL, 0 },
	{ "https://127.0.0.1:1", NULL, NULL, "KEY", NULL, NULL, 0 },
	{ "https://127.0.0.1:1", "CA", NULL, NULL, NULL, NULL, 1 },
	{ "https://127.0.0.1:1", NULL, NULL, NULL, "tok", "admin", 0 },
};

START_TEST(test_bad_config)
{
	struct event_base *base = event_base_new();
	struct kc_rest_config cfg = {
		.server = (char *)bad_configs[_i].server,
		.ca_pem = (char *)bad_configs[_i].ca,
		.cert_pem = (char *)bad_configs[_i].cert,
		.key_pem = (char *)bad_configs[_i].key,
		.token = (char *)bad_configs[_i].token,
		.username = (char *)bad_configs[_i].user,
		.insecure_skip_tls_verify = bad_configs[_i].insecure,
	};

	ck_assert_ptr_null(kc_client_new(base, &cfg));
	ck_assert_ptr_null(kc_client_new(base, NULL));
	ck_assert_ptr_null(kc_client_free(NULL));
	event_base_free(base);
}
END_TEST

/* Many requests at once (no rate limit): all complete, each exactly once. */
START_TEST(test_many_parallel)
{
	struct fx x;
	struct result res[40];

	memset(res, 0, sizeof(res));
	fx_init(&x);
	for (int i = 0; i < 40; i++)
		ck_assert_ptr_nonnull(
			kc_client_get(x.c, &res_pods, "default", "p", on_response, &res[i]));
	for (int i = 0; i < 40; i++) {
		wait_result(&x, &res[i]);
		ck_assert_int_eq(res[i].r, KC_ERR_NOT_FOUND);
		ck_assert_int_eq(res[i].calls, 1);
		result_release(&res[i]);
	}
	ck_assert_int_eq(kc_client_active(x.c), 0);
	fx_release(&x);
}
END_TEST

/* A list far bigger than one read: 3000 objects. */
START_TEST(test_big_list)
{
	struct fx x;
	struct result res = { 0 };
	char name[32];

	fx_init(&x);
	for (int i = 0; i < 3000; i++) {
		json_auto_t *cm =
			configmap("default", "x", "payload", "0123456789abcdef0123456789");

		snprintf(name, sizeof(name), "cm-%05d", i);
		json_object_set_new(json_object_get(cm, "metadata"), "name", json_string(name));
		kc_fake_apiserver_put(x.f, "configmaps", cm);
	}
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, "default", NULL, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(json_array_size(json_object_get(res.body, "items")), 3000);
	ck_assert_str_eq(
		jstr(json_array_get(json_object_get(res.body, "items"), 2999), "metadata.name"),
		"cm-02999");
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* --- TLS ------------------------------------------------------------------------------------ */

/* PEM text made once by make_certs() before the tests fork. */
static char *pem_ca, *pem_other_ca, *pem_srv_cert, *pem_srv_key, *pem_cli_cert, *pem_cli_key;

static char *
read_pem(const char *dir, const char *name)
{
	char path[600];
	FILE *f;
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char buf[4096];
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		kc_strbuf_add(&sb, buf, n);
	fclose(f);
	return kc_strbuf_detach(&sb, NULL);
}

/* A test CA, another CA, a server cert for 127.0.0.1/localhost/kubernetes, a client cert. */
static void
make_certs(void)
{
	const char *dir = kc_test_tmpdir();
	static const char script[] =
		"(set -e; cd \"$KC_CERT_DIR\"; EC='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';"
		"openssl req -x509 $EC -days 2 -subj /CN=test-ca -keyout ca.key -out ca.crt;"
		"openssl req -x509 $EC -days 2 -subj /CN=other-ca -keyout other.key -out other.crt;"
		"openssl req -new $EC -subj /CN=kube-apiserver -addext "
		"subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes -keyout srv.key -out srv.csr;"
		"openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
		"-copy_extensions copy -out srv.crt;"
		"openssl req -new $EC -subj '/O=system:masters/CN=test-user' -keyout cli.key -out cli.csr;"
		"openssl x509 -req -in cli.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
		"-out cli.crt) >/dev/null 2>&1";

	setenv("KC_CERT_DIR", dir, 1);
	if (system(script) != 0)
		fprintf(stderr, "make_certs: openssl failed, TLS tests will fail\n");
	pem_ca = read_pem(dir, "ca.crt");
	pem_other_ca = read_pem(dir, "other.crt");
	pem_srv_cert = read_pem(dir, "srv.crt");
	pem_srv_key = read_pem(dir, "srv.key");
	pem_cli_cert = read_pem(dir, "cli.crt");
	pem_cli_key = read_pem(dir, "cli.key");
}

static const struct {
	const char *name;
	int ca; /* 0 none (system store), 1 the test CA, 2 the other CA */
	int insecure;
	int client_cert;
	int require_client_cert;
	const char *server_name;
	int ok;
	const char *err_part; /* in the message when !ok */
} tls_cases[] = {
	{ "ca verifies", 1, 0, 0, 0, NULL, 1, NULL },
	{ "wrong ca", 2, 0, 0, 0, NULL, 0, "certificate" },
	{ "system store", 0, 0, 0, 0, NULL, 0, "certificate" },
	{ "insecure", 0, 1, 0, 0, NULL, 1, NULL },
	{ "client cert missing", 1, 0, 0, 1, NULL, 0, "" },
	{ "client cert", 1, 0, 1, 1, NULL, 1, NULL },
	{ "client cert, insecure", 0, 1, 1, 1, NULL, 1, NULL },
	{ "tls-server-name in SAN", 1, 0, 0, 0, "kubernetes", 1, NULL },
	{ "tls-server-name not in SAN", 1, 0, 0, 0, "wrong.example", 0, "wrong.example" },
};

START_TEST(test_tls)
{
	struct kc_fake_apiserver_opts o = { .tls_cert_pem = pem_srv_cert,
					    .tls_key_pem = pem_srv_key };
	struct fx x;
	struct result res = { 0 };
	const struct kc_fake_request *r;
	char host[64];

	ck_assert_msg(pem_ca != NULL && pem_srv_cert != NULL && pem_cli_key != NULL,
		      "test certificates missing (openssl CLI)");
	if (tls_cases[_i].require_client_cert)
		o.client_ca_pem = pem_ca;
	fx_init_server(&x, &o);
	ck_assert_str_eq(kc_fake_apiserver_url(x.f), x.server);
	ck_assert_int_eq(strncmp(x.server, "https://", 8), 0);
	x.cfg.ca_pem = tls_cases[_i].ca == 1 ? pem_ca : tls_cases[_i].ca == 2 ? pem_other_ca : NULL;
	x.cfg.insecure_skip_tls_verify = tls_cases[_i].insecure;
	if (tls_cases[_i].client_cert) {
		x.cfg.cert_pem = pem_cli_cert;
		x.cfg.key_pem = pem_cli_key;
	}
	x.cfg.tls_server_name = (char *)tls_cases[_i].server_name;
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(x.c);
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_pods, NULL, NULL, on_response, &res));
	wait_result(&x, &res);
	if (tls_cases[_i].ok) {
		ck_assert_msg(res.r == 0, "%s: %s", tls_cases[_i].name, res.message);
		r = kc_fake_apiserver_request(x.f, 0);
		ck_assert_str_eq(r->client_cn, tls_cases[_i].client_cert ? "test-user" : "");
		snprintf(host, sizeof(host), "127.0.0.1:%d", kc_fake_apiserver_port(x.f));
		ck_assert_str_eq(r->host, host);
	} else {
		ck_assert_int_eq(res.r, KC_ERR_UNAVAILABLE);
		ck_assert_int_eq(res.http_status, 0);
		ck_assert_msg(strstr(res.message, tls_cases[_i].err_part) != NULL, "%s: %s",
			      tls_cases[_i].name, res.message);
	}
	result_release(&res);
	fx_release(&x);
}
END_TEST

START_TEST(test_tls_watch)
{
	struct kc_fake_apiserver_opts o = { .tls_cert_pem = pem_srv_cert,
					    .tls_key_pem = pem_srv_key,
					    .client_ca_pem = pem_ca };
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	json_auto_t *a = pod("default", "a", "n1");
	json_auto_t *b = pod("default", "b", "n1");

	ck_assert_ptr_nonnull(pem_srv_cert);
	fx_init_server(&x, &o);
	x.cfg.ca_pem = pem_ca;
	x.cfg.cert_pem = pem_cli_cert;
	x.cfg.key_pem = pem_cli_key;
	x.c = kc_client_new(x.base, &x.cfg);
	kc_fake_apiserver_put(x.f, "pods", a);
	wr.w = kc_client_watch(x.c, &res_pods, "default", NULL, on_watch_event, on_watch_done, &wr);
	ck_assert(wait_events(&x, &wr, 1));
	kc_fake_apiserver_put(x.f, "pods", b);
	ck_assert(wait_events(&x, &wr, 2));
	ck_assert_str_eq(wr.log.buf, "ADDED:a ADDED:b");
	kc_fake_apiserver_end_watches(x.f);
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_int_eq(wr.r, 0);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

/* The client goes away mid-watch: the fake notices (at once or at its next write) and forgets it. */
START_TEST(test_fake_forgets_gone_watchers)
{
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	json_auto_t *a = pod("default", "a", "n1");
	double end;

	fx_init(&x);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, NULL, on_watch_event, on_watch_done, &wr);
	wait_watching(&x);
	kc_watch_cancel(wr.w);
	run_for(&x, 0.2);
	end = kc_test_mono_s() + 5;
	while (kc_fake_apiserver_watch_count(x.f) > 0 && kc_test_mono_s() < end) {
		kc_fake_apiserver_put(x.f, "pods", a);
		run_for(&x, 0.05);
	}
	ck_assert_int_eq(kc_fake_apiserver_watch_count(x.f), 0);
	ck_assert_int_eq(wr.events + wr.done_calls, 0);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

/* --- HTTP/2 (against Debian's nghttpd, when it is installed) ---------------------------------- */

#define NGHTTPD "/usr/sbin/nghttpd"

static int
free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static int
port_open(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((uint16_t)port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	ok = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
	close(fd);
	return ok;
}

static void
write_doc(const char *root, const char *rel, const char *text)
{
	char path[700], cmd[800];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s/%s')\"", root, rel);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Distinct nghttpd connection ids ("[id=N]") that received request HEADERS. */
static int
header_connections(const char *trace)
{
	int ids[64], n = 0;

	for (const char *p = trace; (p = strstr(p, "recv HEADERS frame")) != NULL; p++) {
		const char *line = p;
		int id, seen = 0;

		while (line > trace && line[-1] != '\n')
			line--;
		if (sscanf(line, "[id=%d]", &id) != 1)
			continue;
		for (int i = 0; i < n; i++)
			seen |= ids[i] == id;
		if (!seen && n < 64)
			ids[n++] = id;
	}
	return n;
}

/*
 * nghttpd serves files over TLS with ALPN h2.  One request first (the client learns the server
 * speaks HTTP/2), then six at once: all must share the first connection as HTTP/2 streams
 * (nghttpd --verbose names each connection [id=N] and each stream stream_id=N), and a watch
 * must decode its events from DATA frames.
 */
START_TEST(test_http2_multiplexed)
{
	char dir[600], port_s[16], log[700], key[700], crt[700];
	struct fx x = { 0 };
	struct result first = { 0 }, res[6];
	struct wres wr = { .log = KC_STRBUF_INIT };
	KC_AUTOFREE char *trace = NULL;
	int port = free_port();
	pid_t pid;

	memset(res, 0, sizeof(res));
	snprintf(dir, sizeof(dir), "%s/h2", kc_test_tmpdir());
	snprintf(log, sizeof(log), "%s/nghttpd.log", kc_test_tmpdir());
	snprintf(key, sizeof(key), "%s/srv.key", kc_test_tmpdir());
	snprintf(crt, sizeof(crt), "%s/srv.crt", kc_test_tmpdir());
	snprintf(port_s, sizeof(port_s), "%d", port);
	write_doc(dir, "api/v1/namespaces/default/configmaps/cm1",
		  "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm1\"}}");
	write_doc(dir, "api/v1/namespaces/default/pods",
		  "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n"
		  "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n");
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fd, 1);
		dup2(fd, 2);
		execl(NGHTTPD, "nghttpd", "--verbose", "-a", "127.0.0.1", "-d", dir, port_s, key,
		      crt, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !port_open(port); i++)
		usleep(20000);

	x.base = event_base_new();
	snprintf(x.server, sizeof(x.server), "https://127.0.0.1:%d", port);
	x.cfg.server = x.server;
	x.cfg.qps = -1;
	x.cfg.ca_pem = pem_ca;
	x.c = kc_client_new(x.base, &x.cfg);
	ck_assert_ptr_nonnull(kc_client_get(x.c, &res_cms, "default", "cm1", on_response, &first));
	wait_result(&x, &first);
	ck_assert_msg(first.r == 0, "%s", first.message);
	ck_assert_str_eq(jstr(first.body, "metadata.name"), "cm1");
	for (int i = 0; i < 6; i++)
		ck_assert_ptr_nonnull(kc_client_get(x.c, &res_cms, "default",
						    i == 5 ? "nope" : "cm1", on_response, &res[i]));
	wr.w = kc_client_watch(x.c, &res_pods, "default", NULL, on_watch_event, on_watch_done, &wr);
	for (int i = 0; i < 6; i++)
		wait_result(&x, &res[i]);
	ck_assert(run_until(&x, &wr.done, 10));
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(res[i].r, 0);
	ck_assert_int_eq(res[5].r, KC_ERR_NOT_FOUND);
	ck_assert_str_eq(wr.log.buf, "ADDED:a DELETED:a");
	ck_assert_int_eq(wr.r, 0);

	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	trace = read_pem(kc_test_tmpdir(), "nghttpd.log");
	if (getenv("KC_SHOW_H2"))
		fputs(trace, stderr);
	ck_assert_ptr_nonnull(trace);
	ck_assert_ptr_nonnull(strstr(trace, "stream_id=13")); /* 7 streams on one connection */
	ck_assert_int_eq(header_connections(trace), 1);
	for (int i = 0; i < 6; i++)
		result_release(&res[i]);
	result_release(&first);
	wres_release(&wr);
	x.c = kc_client_free(x.c);
	event_base_free(x.base);
}
END_TEST

/* --- the fake apiserver's own promises (the informer's tests lean on them) -------------------- */

START_TEST(test_fake_history_window)
{
	struct kc_fake_apiserver_opts o = { .history_window = 3 };
	struct fx x;
	struct wres ok = { .log = KC_STRBUF_INIT }, old = { .log = KC_STRBUF_INIT };
	char rv_ok[32], rv_old[32];
	struct kc_list_options o_ok = { .resource_version = rv_ok };
	struct kc_list_options o_old = { .resource_version = rv_old };
	char name[8];

	fx_init_server(&x, &o);
	x.c = kc_client_new(x.base, &x.cfg);
	for (int i = 0; i < 6; i++) {
		json_auto_t *p = pod("default", "x", "n1");

		snprintf(name, sizeof(name), "p%d", i);
		json_object_set_new(json_object_get(p, "metadata"), "name", json_string(name));
		kc_fake_apiserver_put(x.f, "pods", p);
	}
	/* RVs 2..7 written, the last three events (5, 6, 7) kept: from 4 is fine, from 3 is not. */
	snprintf(rv_ok, sizeof(rv_ok), "%lld",
		 (long long)kc_fake_apiserver_resource_version(x.f) - 3);
	snprintf(rv_old, sizeof(rv_old), "%lld",
		 (long long)kc_fake_apiserver_resource_version(x.f) - 4);
	ok.w = kc_client_watch(x.c, &res_pods, NULL, &o_ok, on_watch_event, on_watch_done, &ok);
	old.w = kc_client_watch(x.c, &res_pods, NULL, &o_old, on_watch_event, on_watch_done, &old);
	ck_assert(wait_events(&x, &ok, 3));
	ck_assert_str_eq(ok.log.buf, "ADDED:p3 ADDED:p4 ADDED:p5");
	ck_assert(run_until(&x, &old.done, 10));
	ck_assert_int_eq(old.r, KC_ERR_EXPIRED);
	kc_watch_cancel(ok.w);
	wres_release(&ok);
	wres_release(&old);
	fx_release(&x);
}
END_TEST

START_TEST(test_fake_continue_expires)
{
	struct fx x;
	struct result res = { 0 };
	struct kc_list_options opts = { .limit = 1 };
	KC_AUTOFREE char *token = NULL;
	KC_AUTOFREE char *rv1 = NULL;
	KC_AUTOFREE char *rv2 = NULL;

	fx_init(&x);
	rv1 = create_cm(&x, "default", "a");
	rv2 = create_cm(&x, "default", "b");
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, NULL, &opts, on_response, &res));
	wait_result(&x, &res);
	token = strdup(jstr(res.body, "metadata.continue"));
	result_release(&res);
	/* Compacting at a later revision than the token's makes it too old (etcd: compact(R)). */
	free(create_cm(&x, "default", "c"));
	kc_fake_apiserver_compact(x.f);
	opts.continue_token = token;
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, NULL, &opts, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_EXPIRED);
	ck_assert_int_eq(res.http_status, 410);
	result_release(&res);

	opts.continue_token = "not-a-token";
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, NULL, &opts, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_BAD_REQUEST);
	result_release(&res);
	fx_release(&x);
}
END_TEST

/* sendInitialEvents: ADDED for what exists, then a BOOKMARK annotated initial-events-end. */
static void
on_event_keep_annotation(void *arg, enum kc_watch_event_type type, json_t *object)
{
	struct wres *wr = arg;

	on_watch_event(arg, type, object);
	if (type == KC_WATCH_BOOKMARK) {
		const char *v = json_string_value(json_object_get(
			json_object_get(json_object_get(object, "metadata"), "annotations"),
			"k8s.io/initial-events-end"));

		kc_strbuf_addf(&wr->log, "(%s)", v != NULL ? v : "none");
	}
}

START_TEST(test_fake_initial_events_and_periodic_bookmarks)
{
	struct kc_fake_apiserver_opts o = { .bookmark_interval_ms = 100 };
	struct fx x;
	struct wres wr = { .log = KC_STRBUF_INIT };
	json_auto_t *a = pod("default", "a", "n1");
	struct kc_list_options opts = { .allow_watch_bookmarks = 1 };
	struct result res = { 0 };

	fx_init_server(&x, &o);
	x.c = kc_client_new(x.base, &x.cfg);
	kc_fake_apiserver_put(x.f, "pods", a);
	wr.w = kc_client_watch(x.c, &res_pods, NULL, &opts, on_event_keep_annotation, on_watch_done,
			       &wr);
	ck_assert(wait_events(&x, &wr, 3)); /* ADDED, then periodic bookmarks */
	ck_assert_int_eq(strncmp(wr.log.buf, "ADDED:a BOOKMARK:-(none) BOOKMARK:-(none)", 41), 0);
	kc_watch_cancel(wr.w);

	/*
	 * kc_list_options has no sendInitialEvents: a raw path, as a WatchList client sends it.
	 * Read as a plain request, the stream is not one JSON value (KC_ERR_PARSE); raw has it all.
	 */
	ck_assert_ptr_nonnull(
		kc_client_request(x.c, "GET",
				  "/api/v1/pods?allowWatchBookmarks=true&sendInitialEvents=true&"
				  "resourceVersionMatch=NotOlderThan&timeoutSeconds=1&watch=true",
				  NULL, NULL, on_response, &res));
	wait_result(&x, &res); /* timeoutSeconds=1 ends it cleanly */
	ck_assert_int_eq(res.http_status, 200);
	ck_assert_int_eq(res.r, KC_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(res.raw, "\"k8s.io/initial-events-end\":\"true\""));
	ck_assert_ptr_nonnull(strstr(res.raw, "{\"type\":\"ADDED\""));
	result_release(&res);
	wres_release(&wr);
	fx_release(&x);
}
END_TEST

START_TEST(test_fake_generate_name)
{
	struct fx x;
	struct result res = { 0 };
	json_auto_t *cm = json_pack("{s:{s:s}}", "metadata", "generateName", "web-");
	const char *name;

	fx_init(&x);
	ck_assert_ptr_nonnull(kc_client_create(x.c, &res_cms, "default", cm, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	name = jstr(res.body, "metadata.name");
	ck_assert_int_eq(strlen(name), 9);
	ck_assert_int_eq(strncmp(name, "web-", 4), 0);
	ck_assert_str_eq(jstr(res.body, "metadata.namespace"), "default");
	ck_assert_str_eq(jstr(res.body, "kind"), "ConfigMap");
	result_release(&res);
	fx_release(&x);
}
END_TEST

static Suite *
client_suite(void)
{
	Suite *s = suite_create("client");
	TCase *tc = tcase_create("path");

	make_certs();
	/* Hermetic: libcurl would honour a proxy from the environment, even for 127.0.0.1. */
	unsetenv("http_proxy");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");

	tcase_add_loop_test(tc, test_path, 0, (int)KC_ARRAY_SIZE(path_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("verbs");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_headers_and_user_agent);
	tcase_add_test(tc, test_create_and_already_exists);
	tcase_add_test(tc, test_get_and_not_found);
	tcase_add_test(tc, test_list_selector_and_paging);
	tcase_add_test(tc, test_update_and_conflict);
	tcase_add_test(tc, test_update_status_subresource);
	tcase_add_test(tc, test_patch);
	tcase_add_test(tc, test_delete);
	tcase_add_test(tc, test_invalid_keeps_causes);
	tcase_add_test(tc, test_raw_request_unknown_path);
	suite_add_tcase(s, tc);

	tc = tcase_create("watch");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_watch_incremental);
	tcase_add_test(tc, test_watch_initial_events_and_selector);
	tcase_add_test(tc, test_watch_410_error_event);
	tcase_add_test(tc, test_watch_410_http);
	tcase_add_test(tc, test_watch_dropped);
	tcase_add_test(tc, test_watch_first_event_before_stream_ends);
	tcase_add_loop_test(tc, test_watch_endings, 0, (int)KC_ARRAY_SIZE(watch_end_cases));
	tcase_add_test(tc, test_watch_retried_on_429);
	tcase_add_test(tc, test_watch_unknown_resource);
	tcase_add_test(tc, test_watch_outlives_timeout);
	tcase_add_test(tc, test_fake_forgets_gone_watchers);
	tcase_add_test(tc, test_fake_history_window);
	tcase_add_test(tc, test_fake_continue_expires);
	tcase_add_test(tc, test_fake_initial_events_and_periodic_bookmarks);
	tcase_add_test(tc, test_fake_generate_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_set_timeout(tc, 20);
	tcase_add_loop_test(tc, test_unstructured_responses, 0,
			    (int)KC_ARRAY_SIZE(unstructured_cases));
	tcase_add_test(tc, test_connection_refused);
	tcase_add_test(tc, test_request_timeout);
	suite_add_tcase(s, tc);

	tc = tcase_create("retry");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_retry_429_retry_after);
	tcase_add_test(tc, test_retry_500_waits);
	tcase_add_test(tc, test_no_retry_without_retry_after);
	tcase_add_test(tc, test_retry_gives_up);
	tcase_add_test(tc, test_retry_post_resends_body);
	tcase_add_test(tc, test_retry_connection_reset_get_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("ratelimit");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_rate_limit_burst_then_spaced);
	tcase_add_test(tc, test_rate_limit_default);
	tcase_add_test(tc, test_cancel_throttled);
	suite_add_tcase(s, tc);

	tc = tcase_create("cancel");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_cancel_inside_callback);
	tcase_add_test(tc, test_watch_cancel_inside_event);
	tcase_add_test(tc, test_watch_cancel_inside_done);
	tcase_add_test(tc, test_cancel_in_flight);
	tcase_add_test(tc, test_free_with_outstanding);
	suite_add_tcase(s, tc);

	tc = tcase_create("config");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_token_file);
	tcase_add_test(tc, test_basic_auth_and_user_agent);
	tcase_add_test(tc, test_server_forms);
	tcase_add_loop_test(tc, test_bad_config, 0, (int)KC_ARRAY_SIZE(bad_configs));
	tcase_add_test(tc, test_many_parallel);
	tcase_add_test(tc, test_big_list);
	suite_add_tcase(s, tc);

	tc = tcase_create("tls");
	tcase_set_timeout(tc, 20);
	tcase_add_loop_test(tc, test_tls, 0, (int)KC_ARRAY_SIZE(tls_cases));
	tcase_add_test(tc, test_tls_watch);
	/* Only where Debian's nghttp2-server is installed: otherwise it could not fail. */
	if (access(NGHTTPD, X_OK) == 0)
		tcase_add_test(tc, test_http2_multiplexed);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(client_suite)
