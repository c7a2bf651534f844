/*
 * check_client.c - the REST client against the fake apiserver: paths, every verb, Status errors,
 * retries, rate limiting, timeouts, cancellation, watches, TLS (upstream tests:
 * client-go rest/request_test.go, rest/with_retry_test.go, rest/url_utils_test.go).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/restconfig.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/watch.h"
#include "test/unit/testutil/fake_apiserver.h"
#include "test/unit/testutil/testutil.h"

static const struct kc_resource res_pods = { "", "v1", "pods", "Pod", 1 };
static const struct kc_resource res_cms = { "", "v1", "configmaps", "ConfigMap", 1 };
static const struct kc_resource res_nodes = { "", "v1", "nodes", "Node", 0 };
static const struct kc_resource res_deploy = { "apps", "v1", "deployments", "Deployment", 1 };
static const struct kc_resource res_crb = { "rbac.authorization.k8s.io", "v1",
					    "clusterrolebindings", "ClusterRoleBinding", 0 };

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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

static void
on_deadline(evutil_socket_t fd, short what, void *arg)
{
	*(int *)arg = 1;
}

/* Runs the loop until *flag is set or `seconds` pass; returns *flag. */
static int
run_until(struct fx *x, const int *flag, double seconds)
{
	int expired = 0;
	struct timeval tv = { .tv_sec = (time_t)seconds,
			      .tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6) };
	struct event *t = evtimer_new(x->base, on_deadline, &expired);

	evtimer_add(t, &tv);
	while (!*flag && !expired)
		event_base_loop(x->base, EVLOOP_ONCE);
	event_free(t);
	return *flag;
}

/* Runs the loop for `seconds`, whatever happens. */
static void KC_UNUSED
run_for(struct fx *x, double seconds)
{
	int never = 0;

	run_until(x, &never, seconds);
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
	res->t = now_s();
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
	KC_AUTOFREE char *copy = strdup(path);
	const json_t *v = obj;
	char *save = NULL;

	for (char *tok = strtok_r(copy, ".", &save); tok != NULL && v != NULL;
	     tok = strtok_r(NULL, ".", &save))
		v = json_object_get(v, tok);
	return json_string_value(v);
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
	{ &res_pods, "kube-system", "p1", "status", { 0 },
	  "/api/v1/namespaces/kube-system/pods/p1/status" },
	{ &res_nodes, "ignored", "node-1", NULL, { 0 }, "/api/v1/nodes/node-1" },
	{ &res_deploy, "kube-system", "coredns", "scale", { 0 },
	  "/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale" },
	{ &res_crb, NULL, "system:node", NULL, { 0 },
	  "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:node" },
	{ &res_pods, "default", "a b\xc3\xa9", NULL, { 0 },
	  "/api/v1/namespaces/default/pods/a%20b%C3%A9" },
	{ &res_pods, NULL, NULL, NULL, { .label_selector = "a=b,c!=d" },
	  "/api/v1/pods?labelSelector=a%3Db%2Cc%21%3Dd" },
	{ &res_pods, "ns", NULL, NULL,
	  { .label_selector = "app in (x, y)", .field_selector = "spec.nodeName=node-1",
	    .resource_version = "0", .resource_version_match = "NotOlderThan",
	    .continue_token = "eyJ2Ijo+/", .limit = 500, .timeout_seconds = 300,
	    .allow_watch_bookmarks = 1 },
	  "/api/v1/namespaces/ns/pods?allowWatchBookmarks=true&continue=eyJ2Ijo%2B%2F&"
	  "fieldSelector=spec.nodeName%3Dnode-1&labelSelector=app+in+%28x%2C+y%29&limit=500&"
	  "resourceVersion=0&resourceVersionMatch=NotOlderThan&timeoutSeconds=300" },
	{ &res_pods, NULL, NULL, NULL, { .limit = -1, .timeout_seconds = 0, .label_selector = "" },
	  "/api/v1/pods" },
	{ &res_pods, "default", "..", NULL, { 0 }, NULL },
	{ &res_pods, "default", ".", NULL, { 0 }, NULL },
	{ &res_pods, "default", "a/b", NULL, { 0 }, NULL },
	{ &res_pods, "x%2f", "a", NULL, { 0 }, NULL },
	{ &res_pods, "default", "a", "..", { 0 }, NULL },
};

START_TEST(test_path)
{
	KC_AUTOFREE char *p = kc_client_path(path_cases[_i].res, path_cases[_i].ns,
					     path_cases[_i].name, path_cases[_i].sub,
					     &path_cases[_i].opts);

	if (path_cases[_i].want == NULL)
		ck_assert_ptr_null(p);
	else
		ck_assert_str_eq(p, path_cases[_i].want);
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
			json_object_set_new(json_object_get(json_object_get(cm, "metadata"),
							    "labels"),
					    "app", json_string("db"));
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
	ck_assert_str_eq(jstr(json_array_get(json_object_get(res.body, "items"), 0),
			      "metadata.name"),
			 "cm2");
	ck_assert_ptr_null(jstr(res.body, "metadata.continue"));
	result_release(&res);

	memset(&opts, 0, sizeof(opts));
	opts.label_selector = "app!=web";
	ck_assert_ptr_nonnull(kc_client_list(x.c, &res_cms, NULL, &opts, on_response, &res));
	wait_result(&x, &res);
	ck_assert_int_eq(json_array_size(json_object_get(res.body, "items")), 1);
	ck_assert_str_eq(jstr(json_array_get(json_object_get(res.body, "items"), 0),
			      "metadata.name"),
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
	json_auto_t *pod = json_pack("{s:{s:s, s:s}, s:{s:s}, s:{s:s}}", "metadata", "name", "p1",
				     "namespace", "default", "spec", "nodeName", "n1", "status",
				     "phase", "Pending");

	fx_init(&x);
	ck_assert_int_gt(kc_fake_apiserver_put(x.f, "pods", pod), 0);
	json_object_set_new(json_object_get(pod, "status"), "phase", json_string("Running"));
	json_object_set_new(json_object_get(pod, "spec"), "nodeName", json_string("n2"));
	ck_assert_ptr_nonnull(kc_client_update(x.c, &res_pods, NULL, pod, "status", on_response,
					       &res));
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
	ck_assert_ptr_nonnull(kc_client_delete(x.c, &res_cms, "default", "cm1", opts, on_response,
					       &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, KC_ERR_CONFLICT);
	ck_assert_ptr_nonnull(strstr(res.message, "Precondition failed: UID in precondition"));
	ck_assert_str_eq(kc_fake_apiserver_request(x.f, 1)->method, "DELETE");
	ck_assert_ptr_nonnull(strstr(kc_fake_apiserver_request(x.f, 1)->body, "not-the-uid"));
	result_release(&res);

	ck_assert_ptr_nonnull(kc_client_delete(x.c, &res_cms, "default", "cm1", NULL, on_response,
					       &res));
	wait_result(&x, &res);
	ck_assert_int_eq(res.r, 0);
	ck_assert_int_eq(res.http_status, 200);
	ck_assert_str_eq(jstr(res.body, "status"), "Success");
	ck_assert_int_eq(kc_fake_apiserver_count(x.f, "configmaps"), 0);
	result_release(&res);

	ck_assert_ptr_nonnull(kc_client_delete(x.c, &res_cms, "default", "cm1", NULL, on_response,
					       &res));
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

static int
wait_events(struct fx *x, struct wres *wr, int n)
{
	double end = now_s() + 10;

	while (wr->events < n && !wr->done && now_s() < end)
		event_base_loop(x->base, EVLOOP_ONCE);
	return wr->events >= n;
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
	while (kc_fake_apiserver_watch_count(x.f) == 0)
		event_base_loop(x.base, EVLOOP_ONCE);
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

	kc_fake_apiserver_end_watches(x.f);
	ck_assert(run_until(&x, &wr.done, 10));
	ck_assert_int_eq(wr.r, 0);
	ck_assert_int_eq(wr.done_calls, 1);
	ck_assert_int_eq(kc_client_active(x.c), 0);
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

static Suite *
client_suite(void)
{
	Suite *s = suite_create("client");
	TCase *tc = tcase_create("path");

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
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(client_suite)
