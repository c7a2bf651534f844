/*
 * check_events.c - the Event recorder against the fake apiserver: the Event's shape and name,
 * duplicates as count++ PATCHes, aggregation of similar events, the spam filter, bad input,
 * server rejections, retries on transport errors, the queue bound.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/events.h"
#include "test/unit/testutil/fake_apiserver.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

#define MS 1000000LL

static struct kc_test_loop fx;
static struct kc_events *ev;

static void
setup(void)
{
	static const struct kc_resource *const resources[] = { &kc_test_events_resource, NULL };

	kc_test_loop_init(&fx, resources);
}

static void
teardown(void)
{
	ev = kc_events_free(ev);
	kc_test_loop_release(&fx);
}

static int
idle(void *arg)
{
	struct kc_events_stats st;

	kc_events_stats(ev, &st);
	return st.queued == 0;
}

static struct kc_events *
recorder_new(const struct kc_events_config *override)
{
	struct kc_events_config cfg = { .component = "deployment-controller" };

	if (override != NULL)
		cfg = *override;
	ev = kc_events_new(fx.base, fx.client, &cfg);
	ck_assert_ptr_nonnull(ev);
	return ev;
}

static json_t *
deployment(const char *ns, const char *name)
{
	return json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "apiVersion", "apps/v1", "kind",
			 "Deployment", "metadata", "name", name, "namespace", ns, "uid",
			 "5f1e7c1a-0000-4000-8000-000000000001", "resourceVersion", "42");
}

/* The only Event stored in ns (the test makes sure there is one). */
static const json_t *
only_event(const char *ns, size_t *ret_n)
{
	const struct kc_fake_request *r;
	const json_t *found = NULL;
	size_t n = 0;

	/* Names are not known in advance: find them from the POSTs in the log. */
	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++) {
		json_auto_t *body = NULL;
		const char *name;
		const json_t *e;

		r = kc_fake_apiserver_request(fx.fake, i);
		if (strcmp(r->method, "POST") != 0)
			continue;
		body = json_loads(r->body, 0, NULL);
		name = json_string_value(
			json_object_get(json_object_get(body, "metadata"), "name"));
		e = name != NULL ? kc_fake_apiserver_get(fx.fake, "events", ns, name) : NULL;
		if (e != NULL && e != found) {
			found = e;
			n++;
		}
	}
	if (ret_n != NULL)
		*ret_n = n;
	return found;
}

static size_t
count_method(const char *method)
{
	size_t n = 0;

	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++)
		if (strcmp(kc_fake_apiserver_request(fx.fake, i)->method, method) == 0)
			n++;
	return n;
}

static const char *
str(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);

	return json_string_value(b != NULL ? json_object_get(v, b) : v);
}

START_TEST(test_event_shape)
{
	json_auto_t *d = deployment("prod", "web");
	const json_t *e;
	struct kc_events_stats st;
	regex_t re;

	recorder_new(NULL);
	kc_events_eventf(ev, d, "Normal", "ScalingReplicaSet", "Scaled up replica set %s to %d",
			 "web-7d9f", 3);
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.created, 1);
	e = only_event("prod", NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(regcomp(&re, "^web\\.[0-9a-f]{16}$", REG_EXTENDED | REG_NOSUB), 0);
	ck_assert_int_eq(regexec(&re, str(e, "metadata", "name"), 0, NULL, 0), 0);
	regfree(&re);
	ck_assert_str_eq(str(e, "metadata", "namespace"), "prod");
	ck_assert_str_eq(str(e, "involvedObject", "kind"), "Deployment");
	ck_assert_str_eq(str(e, "involvedObject", "apiVersion"), "apps/v1");
	ck_assert_str_eq(str(e, "involvedObject", "name"), "web");
	ck_assert_str_eq(str(e, "involvedObject", "namespace"), "prod");
	ck_assert_str_eq(str(e, "involvedObject", "uid"), "5f1e7c1a-0000-4000-8000-000000000001");
	ck_assert_str_eq(str(e, "involvedObject", "resourceVersion"), "42");
	ck_assert_str_eq(str(e, "reason", NULL), "ScalingReplicaSet");
	ck_assert_str_eq(str(e, "message", NULL), "Scaled up replica set web-7d9f to 3");
	ck_assert_str_eq(str(e, "type", NULL), "Normal");
	ck_assert_str_eq(str(e, "source", "component"), "deployment-controller");
	ck_assert_ptr_null(json_object_get(json_object_get(e, "source"), "host"));
	ck_assert_str_eq(str(e, "reportingComponent", NULL), "deployment-controller");
	ck_assert_int_eq(json_integer_value(json_object_get(e, "count")), 1);
	ck_assert_int_eq(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
				 REG_EXTENDED | REG_NOSUB),
			 0);
	ck_assert_int_eq(regexec(&re, str(e, "firstTimestamp", NULL), 0, NULL, 0), 0);
	regfree(&re);
	ck_assert_str_eq(str(e, "firstTimestamp", NULL), str(e, "lastTimestamp", NULL));
}
END_TEST

START_TEST(test_cluster_scoped_goes_to_default)
{
	json_auto_t *node = json_pack("{s:s, s:s, s:{s:s, s:s}}", "apiVersion", "v1", "kind",
				      "Node", "metadata", "name", "node-1", "uid", "u1");
	struct kc_events_config cfg = { .component = "kubelet", .host = "node-1" };
	const json_t *e;

	recorder_new(&cfg);
	kc_events_event(ev, node, "Warning", "NodeNotReady",
			"Node node-1 status is now: NodeNotReady");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	e = only_event("default", NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_null(json_object_get(json_object_get(e, "involvedObject"), "namespace"));
	ck_assert_str_eq(str(e, "source", "host"), "node-1");
	ck_assert_str_eq(str(e, "reportingInstance", NULL), "node-1");
	ck_assert_str_eq(str(e, "type", NULL), "Warning");
}
END_TEST

START_TEST(test_object_reference_input)
{
	json_auto_t *ref =
		json_pack("{s:s, s:s, s:s, s:s, s:s}", "apiVersion", "v1", "kind", "Pod", "name",
			  "web-1", "namespace", "default", "fieldPath", "spec.containers{nginx}");
	const json_t *e;

	recorder_new(NULL);
	kc_events_event(ev, ref, "Normal", "Pulled", "Container image already present");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	e = only_event("default", NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(str(e, "involvedObject", "fieldPath"), "spec.containers{nginx}");
	ck_assert_str_eq(str(e, "involvedObject", "name"), "web-1");
}
END_TEST

START_TEST(test_duplicates_patch_count)
{
	json_auto_t *d = deployment("prod", "web");
	const json_t *e;
	size_t n;
	struct kc_events_stats st;
	const struct kc_fake_request *patch = NULL;

	recorder_new(NULL);
	for (int i = 0; i < 3; i++)
		kc_events_event(ev, d, "Warning", "FailedCreate", "quota exceeded");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	e = only_event("prod", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(json_integer_value(json_object_get(e, "count")), 3);
	ck_assert_uint_eq(count_method("POST"), 1);
	ck_assert_uint_eq(count_method("PATCH"), 2);
	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++)
		if (strcmp(kc_fake_apiserver_request(fx.fake, i)->method, "PATCH") == 0)
			patch = kc_fake_apiserver_request(fx.fake, i);
	ck_assert_str_eq(patch->content_type, "application/strategic-merge-patch+json");
	{
		json_auto_t *body = json_loads(patch->body, 0, NULL);

		ck_assert_int_eq(json_integer_value(json_object_get(body, "count")), 3);
		ck_assert_ptr_nonnull(json_object_get(body, "lastTimestamp"));
		ck_assert_str_eq(str(body, "message", NULL), "quota exceeded");
	}
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.created, 1);
	ck_assert_uint_eq(st.patched, 2);
}
END_TEST

START_TEST(test_different_message_new_event)
{
	json_auto_t *d = deployment("prod", "web");

	recorder_new(NULL);
	kc_events_event(ev, d, "Warning", "FailedCreate", "quota exceeded");
	kc_events_event(ev, d, "Warning", "FailedCreate", "admission webhook denied");
	kc_events_event(ev, d, "Normal", "FailedCreate", "quota exceeded");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	ck_assert_uint_eq(count_method("POST"), 3);
	ck_assert_uint_eq(count_method("PATCH"), 0);
	ck_assert_uint_eq(kc_fake_apiserver_count(fx.fake, "events"), 3);
}
END_TEST

START_TEST(test_patch_of_gone_event_creates)
{
	json_auto_t *d = deployment("prod", "web");
	const json_t *e;
	KC_AUTOFREE char *name = NULL;

	recorder_new(NULL);
	kc_events_event(ev, d, "Warning", "BackOff", "restarting");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	e = only_event("prod", NULL);
	name = strdup(str(e, "metadata", "name"));
	ck_assert_int_eq(kc_fake_apiserver_remove(fx.fake, "events", "prod", name), 0);
	kc_events_event(ev, d, "Warning", "BackOff", "restarting");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	e = kc_fake_apiserver_get(fx.fake, "events", "prod", name);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(json_integer_value(json_object_get(e, "count")), 2);
	ck_assert_uint_eq(count_method("POST"), 2);
}
END_TEST

START_TEST(test_aggregation)
{
	json_auto_t *d = deployment("prod", "web");
	char msg[64];
	size_t combined = 0;
	struct kc_events_stats st;

	recorder_new(NULL);
	for (int i = 0; i < 12; i++) {
		snprintf(msg, sizeof(msg), "Error creating: pods \"web-%d\" is forbidden", i);
		kc_events_event(ev, d, "Warning", "FailedCreate", msg);
	}
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	/* Nine single events, then one combined event whose count grows. */
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.created, 10);
	ck_assert_uint_eq(st.patched, 2);
	ck_assert_uint_eq(kc_fake_apiserver_count(fx.fake, "events"), 10);
	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++) {
		const struct kc_fake_request *r = kc_fake_apiserver_request(fx.fake, i);
		json_auto_t *body = json_loads(r->body, 0, NULL);
		const char *m = str(body, "message", NULL);

		if (m != NULL && strncmp(m, "(combined from similar events): ", 32) == 0)
			combined++;
	}
	ck_assert_uint_eq(combined, 3);
}
END_TEST

START_TEST(test_spam_filter)
{
	json_auto_t *d = deployment("prod", "web");
	json_auto_t *other = deployment("prod", "db");
	char reason[32];
	struct kc_events_stats st;

	recorder_new(NULL);
	for (int i = 0; i < 30; i++) {
		snprintf(reason, sizeof(reason), "Reason%d", i);
		kc_events_event(ev, d, "Normal", reason, "m");
	}
	kc_events_event(ev, other, "Normal", "Other", "a different object has its own bucket");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 5000));
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.created, 26);
	ck_assert_uint_eq(st.skipped, 5);
}
END_TEST

START_TEST(test_bad_input_dropped)
{
	json_auto_t *d = deployment("prod", "web");
	json_auto_t *nokind = json_pack("{s:{s:s}}", "metadata", "name", "x");
	json_auto_t *noname = json_pack("{s:s, s:{}}", "kind", "Pod", "metadata");
	struct kc_events_stats st;

	recorder_new(NULL);
	kc_events_event(ev, d, "Info", "R", "m");
	kc_events_event(ev, d, NULL, "R", "m");
	kc_events_event(ev, nokind, "Normal", "R", "m");
	kc_events_event(ev, noname, "Normal", "R", "m");
	kc_events_event(ev, NULL, "Normal", "R", "m");
	kc_events_event(NULL, d, "Normal", "R", "m");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 200));
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.dropped, 5);
	ck_assert_uint_eq(kc_fake_apiserver_request_count(fx.fake), 0);
	ck_assert_ptr_null(kc_events_new(fx.base, fx.client, &(struct kc_events_config){ 0 }));
	ck_assert_ptr_null(kc_events_free(NULL));
}
END_TEST

START_TEST(test_server_rejection_not_retried)
{
	json_auto_t *d = deployment("prod", "web");
	struct kc_events_stats st;

	recorder_new(NULL);
	kc_fake_apiserver_fail_next(fx.fake, 1, 403, -1);
	kc_events_event(ev, d, "Normal", "A", "first");
	kc_events_event(ev, d, "Normal", "B", "second");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 3000));
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.failed, 1);
	ck_assert_uint_eq(st.retries, 0);
	ck_assert_uint_eq(st.created, 1);
	ck_assert_uint_eq(count_method("POST"), 2);
}
END_TEST

START_TEST(test_transport_errors_retried)
{
	struct kc_rest_config cfg = { 0 };
	struct kc_events_config ecfg = {
		.component = "c",
		.retry_sleep_ns = 5 * MS,
		.max_tries = 3,
	};
	json_auto_t *d = deployment("prod", "web");
	struct kc_events_stats st;
	struct kc_client *dead;

	/* Nothing listens on the fake's port once it is gone. */
	cfg.server = strdup(kc_fake_apiserver_url(fx.fake));
	cfg.qps = -1;
	fx.client = kc_client_free(fx.client);
	fx.fake = kc_fake_apiserver_free(fx.fake);
	dead = kc_client_new(fx.base, &cfg);
	free(cfg.server);
	ck_assert_ptr_nonnull(dead);
	ev = kc_events_new(fx.base, dead, &ecfg);
	kc_events_event(ev, d, "Normal", "R", "m");
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 5000));
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.retries, 2);
	ck_assert_uint_eq(st.failed, 1);
	ev = kc_events_free(ev);
	kc_client_free(dead);
}
END_TEST

START_TEST(test_queue_bound_and_free)
{
	struct kc_events_config cfg = { .component = "c", .max_queued = 5 };
	json_auto_t *d = deployment("prod", "web");
	char reason[32];
	struct kc_events_stats st;

	kc_fake_apiserver_set_delay(fx.fake, 200);
	recorder_new(&cfg);
	for (int i = 0; i < 10; i++) {
		snprintf(reason, sizeof(reason), "R%d", i);
		kc_events_event(ev, d, "Normal", reason, "m");
	}
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.dropped, 5);
	ck_assert_uint_eq(st.queued, 5);
	kc_test_run_until(fx.base, NULL, NULL, 50);
	ev = kc_events_free(ev); /* one in flight, four waiting: nothing leaks */
}
END_TEST

/* A Deployment named name with a uid of its own. */
static json_t *
deployment_n(int i)
{
	char name[32], uid[64];

	snprintf(name, sizeof(name), "web-%d", i);
	snprintf(uid, sizeof(uid), "5f1e7c1a-0000-4000-8000-%012d", i);
	return json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "apiVersion", "apps/v1", "kind",
			 "Deployment", "metadata", "name", name, "namespace", "prod", "uid", uid);
}

static size_t
in_flight(void)
{
	struct kc_events_stats st;

	kc_events_stats(ev, &st);
	return st.in_flight;
}

START_TEST(test_in_flight_different_objects_at_once)
{
	/* tools/events (the scheduler's recorder upstream) writes each event from a goroutine */
	struct kc_events_config cfg = { .component = "default-scheduler", .max_in_flight = 8 };
	struct kc_events_stats st;

	kc_fake_apiserver_set_delay(fx.fake, 300);
	recorder_new(&cfg);
	for (int i = 0; i < 12; i++) {
		json_auto_t *d = deployment_n(i);

		kc_events_event(ev, d, "Normal", "Scheduled", "Successfully assigned");
	}
	kc_test_run_until(fx.base, NULL, NULL, 100);
	ck_assert_uint_eq(in_flight(), 8); /* the bound, not one, not twelve */
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 5000));
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.created, 12);
	ck_assert_uint_eq(st.dropped + st.failed, 0);
	ck_assert_uint_eq(kc_fake_apiserver_count(fx.fake, "events"), 12);
}
END_TEST

START_TEST(test_in_flight_one_object_in_order)
{
	/* the second and third repeat the first: PATCHes of its count, only once it exists */
	struct kc_events_config cfg = { .component = "default-scheduler", .max_in_flight = 8 };
	json_auto_t *d = deployment_n(1), *other = deployment_n(2);
	struct kc_events_stats st;
	size_t n;

	kc_fake_apiserver_set_delay(fx.fake, 200);
	recorder_new(&cfg);
	for (int i = 0; i < 3; i++)
		kc_events_event(ev, d, "Warning", "FailedScheduling", "0/3 nodes are available");
	kc_events_event(ev, other, "Normal", "Scheduled", "Successfully assigned");
	kc_test_run_until(fx.base, NULL, NULL, 60);
	/* the repeats wait for the first; the event queued behind them waits too (FIFO) */
	ck_assert_uint_eq(in_flight(), 1);
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 5000));
	kc_events_stats(ev, &st);
	ck_assert_uint_eq(st.created, 2);
	ck_assert_uint_eq(st.patched, 2);
	ck_assert_uint_eq(count_method("POST"), 2);
	ck_assert_uint_eq(count_method("PATCH"), 2);
	only_event("prod", &n);
	ck_assert_uint_eq(n, 2); /* one Event per object, the first counted to 3 */
}
END_TEST

START_TEST(test_default_writes_one_at_a_time)
{
	struct kc_events_config cfg = { .component = "kubelet" };

	kc_fake_apiserver_set_delay(fx.fake, 200);
	recorder_new(&cfg);
	for (int i = 0; i < 3; i++) {
		json_auto_t *d = deployment_n(i);

		kc_events_event(ev, d, "Normal", "Pulled", "image pulled");
	}
	kc_test_run_until(fx.base, NULL, NULL, 60);
	ck_assert_uint_eq(in_flight(), 1); /* tools/record: one recordToSink loop */
	ck_assert(kc_test_run_until(fx.base, idle, NULL, 5000));
	ck_assert_uint_eq(kc_fake_apiserver_count(fx.fake, "events"), 3);
}
END_TEST

static Suite *
events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_event_shape);
	tcase_add_test(tc, test_cluster_scoped_goes_to_default);
	tcase_add_test(tc, test_object_reference_input);
	tcase_add_test(tc, test_duplicates_patch_count);
	tcase_add_test(tc, test_different_message_new_event);
	tcase_add_test(tc, test_patch_of_gone_event_creates);
	tcase_add_test(tc, test_aggregation);
	tcase_add_test(tc, test_spam_filter);
	tcase_add_test(tc, test_bad_input_dropped);
	tcase_add_test(tc, test_server_rejection_not_retried);
	tcase_add_test(tc, test_transport_errors_retried);
	tcase_add_test(tc, test_queue_bound_and_free);
	tcase_add_test(tc, test_in_flight_different_objects_at_once);
	tcase_add_test(tc, test_in_flight_one_object_in_order);
	tcase_add_test(tc, test_default_writes_one_at_a_time);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(events_suite)
