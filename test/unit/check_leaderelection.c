/*
 * check_leaderelection.c - Lease leader election against the fake apiserver: config validation,
 * identity, MicroTime times on the Lease, acquire by create, two candidates, release and
 * takeover, expiry judged on the local clock, renew deadline, conflicts, stop.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/errors.h"
#include "libkcommon/events.h"
#include "libkcommon/leaderelection.h"
#include "test/unit/testutil/fake_apiserver.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

#define MS 1000000LL

static const struct kc_resource leases = {
	.group = "coordination.k8s.io",
	.version = "v1",
	.resource = "leases",
	.kind = "Lease",
	.namespaced = 1,
};

struct candidate {
	const char *id;
	struct kc_leaderelection *le;
	int started, stopped;
	char leaders[16][64];
	int nleaders;
	int64_t started_ms, stopped_ms;
};

static struct kc_test_loop fx;
static struct candidate ca, cb;

static void
started(void *arg)
{
	struct candidate *c = arg;

	c->started++;
	c->started_ms = kc_test_mono_ms();
}

static void
stopped(void *arg)
{
	struct candidate *c = arg;

	c->stopped++;
	c->stopped_ms = kc_test_mono_ms();
}

static void
new_leader(void *arg, const char *id)
{
	struct candidate *c = arg;

	if (c->nleaders < 16)
		snprintf(c->leaders[c->nleaders++], sizeof(c->leaders[0]), "%s", id);
}

static void
setup(void)
{
	static const struct kc_resource *const resources[] = { &leases, &kc_test_events_resource,
							       NULL };

	kc_test_loop_init(&fx, resources);
	memset(&ca, 0, sizeof(ca));
	memset(&cb, 0, sizeof(cb));
	ca.id = "node-a_1111";
	cb.id = "node-b_2222";
}

static void
teardown(void)
{
	ca.le = kc_leaderelection_free(ca.le);
	cb.le = kc_leaderelection_free(cb.le);
	kc_test_loop_release(&fx);
}

/* Short timings: lease 1 s, renew deadline 500 ms, retry 200 ms (1.2 * 200 < 500). */
static struct kc_leaderelection *
candidate_new(struct candidate *c, int release_on_cancel)
{
	struct kc_leaderelection_config cfg = {
		.lease_namespace = "kube-system",
		.lease_name = "kube-scheduler",
		.identity = c->id,
		.lease_duration_ns = 1000 * MS,
		.renew_deadline_ns = 500 * MS,
		.retry_period_ns = 200 * MS,
		.release_on_cancel = release_on_cancel,
		.on_started_leading = started,
		.on_stopped_leading = stopped,
		.on_new_leader = new_leader,
		.arg = c,
	};

	c->le = kc_leaderelection_new(fx.base, fx.client, &cfg);
	ck_assert_ptr_nonnull(c->le);
	return c->le;
}

static const json_t *
lease_spec(void)
{
	return json_object_get(
		kc_fake_apiserver_get(fx.fake, "leases", "kube-system", "kube-scheduler"), "spec");
}

static const char *
lease_holder(void)
{
	return json_string_value(json_object_get(lease_spec(), "holderIdentity"));
}

static json_int_t
lease_transitions(void)
{
	return json_integer_value(json_object_get(lease_spec(), "leaseTransitions"));
}

/* Conditions on the candidate arg points at. */
static int
leads_once(void *arg)
{
	return ((const struct candidate *)arg)->started == 1;
}

static int
leads_twice(void *arg)
{
	return ((const struct candidate *)arg)->started == 2;
}

static int
stopped_once(void *arg)
{
	return ((const struct candidate *)arg)->stopped == 1;
}

static int
one_leads(void *arg)
{
	return ca.started + cb.started >= 1;
}

/* ---- pure parts ---- */

static const struct {
	int64_t lease, renew, retry;
	int have_callbacks;
	const char *ns, *name;
	const char *msg;
} bad_configs[] = {
	{ 10 * 1000 * MS, 10 * 1000 * MS, 2000 * MS, 1, "kube-system", "x",
	  "leaseDuration must be greater than renewDeadline" },
	{ 15 * 1000 * MS, 2400 * MS, 2000 * MS, 1, "kube-system", "x",
	  "renewDeadline must be greater than retryPeriod*JitterFactor" },
	{ -1, 0, 0, 1, "kube-system", "x", "leaseDuration must be greater than zero" },
	{ 0, -5, 0, 1, "kube-system", "x", "renewDeadline must be greater than zero" },
	{ 0, 0, -5, 1, "kube-system", "x", "retryPeriod must be greater than zero" },
	{ 0, 0, 0, 0, "kube-system", "x", "OnStartedLeading callback must not be nil" },
	{ 0, 0, 0, 1, NULL, "x", "Lock must not be nil." },
	{ 0, 0, 0, 1, "kube-system", "", "Lock must not be nil." },
	{ 900 * MS, 500 * MS, 100 * MS, 1, "kube-system", "x",
	  "leaseDuration must be at least 1s" },
};

START_TEST(test_validate)
{
	struct kc_leaderelection_config cfg = {
		.lease_namespace = bad_configs[_i].ns,
		.lease_name = bad_configs[_i].name,
		.lease_duration_ns = bad_configs[_i].lease,
		.renew_deadline_ns = bad_configs[_i].renew,
		.retry_period_ns = bad_configs[_i].retry,
		.on_started_leading = bad_configs[_i].have_callbacks ? started : NULL,
		.on_stopped_leading = stopped,
	};
	const char *msg = NULL;

	ck_assert_int_eq(kc_leaderelection_validate(&cfg, &msg), KC_ERR_INVALID);
	ck_assert_str_eq(msg, bad_configs[_i].msg);
	ck_assert_ptr_null(kc_leaderelection_new(fx.base, fx.client, &cfg));
}
END_TEST

START_TEST(test_validate_defaults_ok)
{
	struct kc_leaderelection_config cfg = {
		.lease_namespace = "kube-system",
		.lease_name = "kube-controller-manager",
		.on_started_leading = started,
		.on_stopped_leading = stopped,
	};
	const char *msg = NULL;

	ck_assert_int_eq(kc_leaderelection_validate(&cfg, &msg), 0);
	ck_assert_ptr_null(msg);
	ca.le = kc_leaderelection_new(fx.base, fx.client, &cfg);
	ck_assert_ptr_nonnull(ca.le);
	/* No identity given: "<hostname>_<uuid>". */
	ck_assert_ptr_nonnull(strchr(kc_leaderelection_identity(ca.le), '_'));
	ck_assert_int_eq(kc_leaderelection_is_leader(ca.le), 0);
	ck_assert_str_eq(kc_leaderelection_leader(ca.le), "");
}
END_TEST

START_TEST(test_default_identity)
{
	KC_AUTOFREE char *id = kc_leaderelection_default_identity();
	KC_AUTOFREE char *id2 = kc_leaderelection_default_identity();
	char host[256];
	regex_t re;

	ck_assert_ptr_nonnull(id);
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	ck_assert_int_eq(strncmp(id, host, strlen(host)), 0);
	ck_assert_int_eq(
		regcomp(&re,
			"_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
			REG_EXTENDED | REG_NOSUB),
		0);
	ck_assert_int_eq(regexec(&re, id, 0, NULL, 0), 0);
	regfree(&re);
	ck_assert_str_ne(id, id2);
}
END_TEST

/* ---- against the fake apiserver ---- */

START_TEST(test_acquire_creates_lease)
{
	const json_t *spec;
	regex_t re;

	candidate_new(&ca, 0);
	ck_assert_int_eq(kc_leaderelection_run(ca.le), 0);
	ck_assert_int_eq(kc_leaderelection_run(ca.le), KC_ERR_INVALID);
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 3000));
	ck_assert_int_eq(kc_leaderelection_is_leader(ca.le), 1);
	ck_assert_str_eq(kc_leaderelection_leader(ca.le), ca.id);
	spec = lease_spec();
	ck_assert_ptr_nonnull(spec);
	ck_assert_str_eq(lease_holder(), ca.id);
	ck_assert_int_eq(json_integer_value(json_object_get(spec, "leaseDurationSeconds")), 1);
	ck_assert_int_eq(lease_transitions(), 0);
	ck_assert_int_eq(
		regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$",
			REG_EXTENDED | REG_NOSUB),
		0);
	ck_assert_int_eq(
		regexec(&re, json_string_value(json_object_get(spec, "acquireTime")), 0, NULL, 0),
		0);
	ck_assert_int_eq(
		regexec(&re, json_string_value(json_object_get(spec, "renewTime")), 0, NULL, 0), 0);
	regfree(&re);
	ck_assert_int_ge(ca.nleaders, 1);
	ck_assert_str_eq(ca.leaders[ca.nleaders - 1], ca.id);
	ck_assert_int_eq(kc_leaderelection_check(ca.le, 0), 0);
}
END_TEST

START_TEST(test_leader_renews)
{
	const char *first;
	KC_AUTOFREE char *renew1 = NULL;

	candidate_new(&ca, 0);
	kc_leaderelection_run(ca.le);
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 3000));
	first = json_string_value(json_object_get(lease_spec(), "renewTime"));
	renew1 = strdup(first);
	kc_test_run_for(fx.base, 700);
	/* Renewed every retry period; acquireTime and transitions unchanged. */
	ck_assert_str_ne(json_string_value(json_object_get(lease_spec(), "renewTime")), renew1);
	ck_assert_str_eq(lease_holder(), ca.id);
	ck_assert_int_eq(lease_transitions(), 0);
	ck_assert_int_eq(ca.stopped, 0);
	ck_assert_int_eq(kc_leaderelection_check(ca.le, 0), 0);
}
END_TEST

START_TEST(test_two_candidates_one_leader)
{
	candidate_new(&ca, 1);
	candidate_new(&cb, 1);
	kc_leaderelection_run(ca.le);
	kc_leaderelection_run(cb.le);
	ck_assert(kc_test_run_until(fx.base, one_leads, NULL, 3000));
	kc_test_run_for(fx.base, 1500); /* longer than the lease: the leader keeps it by renewing */
	ck_assert_int_eq(ca.started + cb.started, 1);
	ck_assert_int_eq(kc_leaderelection_is_leader(ca.le) + kc_leaderelection_is_leader(cb.le),
			 1);
	ck_assert_str_eq(kc_leaderelection_leader(ca.le), lease_holder());
	ck_assert_str_eq(kc_leaderelection_leader(cb.le), lease_holder());
	ck_assert_int_eq(ca.stopped + cb.stopped, 0);
}
END_TEST

/* a takes the lease; then b runs as a second candidate for ms. */
static void
a_leads_then_b_runs(int ms)
{
	candidate_new(&ca, 1);
	candidate_new(&cb, 1);
	kc_leaderelection_run(ca.le);
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 3000));
	kc_leaderelection_run(cb.le);
	kc_test_run_for(fx.base, ms);
}

START_TEST(test_release_lets_other_take_over)
{
	int64_t t0;

	a_leads_then_b_runs(400);
	ck_assert_int_eq(cb.started, 0);
	ck_assert_str_eq(cb.leaders[cb.nleaders - 1], ca.id);
	t0 = kc_test_mono_ms();
	kc_leaderelection_stop(ca.le);
	ck_assert(kc_test_run_until(fx.base, stopped_once, &ca, 3000));
	ck_assert_int_eq(kc_leaderelection_is_leader(ca.le), 0);
	ck_assert(kc_test_run_until(fx.base, leads_once, &cb, 3000));
	/* Released: no need to wait for the 1 s lease to expire. */
	ck_assert_int_lt(cb.started_ms - t0, 900);
	ck_assert_str_eq(lease_holder(), cb.id);
	ck_assert_int_eq(lease_transitions(), 1);
	ck_assert_int_eq(ca.started, 1);
	ck_assert_int_eq(ca.stopped, 1);
}
END_TEST

static int
holder_empty(void)
{
	return lease_holder() != NULL && *lease_holder() == '\0';
}

START_TEST(test_release_clears_holder)
{
	candidate_new(&ca, 1);
	kc_leaderelection_run(ca.le);
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 3000));
	kc_leaderelection_stop(ca.le);
	ck_assert(kc_test_run_until(fx.base, stopped_once, &ca, 3000));
	ck_assert(holder_empty());
	ck_assert_int_eq(json_integer_value(json_object_get(lease_spec(), "leaseDurationSeconds")),
			 1);
	ck_assert_str_eq(ca.leaders[ca.nleaders - 1], "");
	/* Runs again after a stop, and takes the released lease at once. */
	ck_assert_int_eq(kc_leaderelection_run(ca.le), 0);
	ck_assert(kc_test_run_until(fx.base, leads_twice, &ca, 1000));
}
END_TEST

START_TEST(test_crashed_leader_expires)
{
	int64_t t0;

	a_leads_then_b_runs(300);
	/* a vanishes without releasing: b waits a lease duration from its last observation. */
	ca.le = kc_leaderelection_free(ca.le);
	t0 = kc_test_mono_ms();
	ck_assert(kc_test_run_until(fx.base, leads_once, &cb, 4000));
	ck_assert_int_ge(cb.started_ms - t0, 500);
	ck_assert_str_eq(lease_holder(), cb.id);
	ck_assert_int_eq(lease_transitions(), 1);
}
END_TEST

START_TEST(test_expiry_on_local_clock)
{
	/* An old renewTime does not make a lease expired: only the local observation counts. */
	json_auto_t *lease = json_pack(
		"{s:s, s:s, s:{s:s, s:s}, s:{s:s, s:i, s:s, s:s, s:i}}", "apiVersion",
		"coordination.k8s.io/v1", "kind", "Lease", "metadata", "name", "kube-scheduler",
		"namespace", "kube-system", "spec", "holderIdentity", "someone-else",
		"leaseDurationSeconds", 1, "acquireTime", "2000-01-01T00:00:00.000000Z",
		"renewTime", "2000-01-01T00:00:00.000000Z", "leaseTransitions", 5);
	int64_t t0;

	ck_assert_int_gt(kc_fake_apiserver_put(fx.fake, "leases", lease), 0);
	candidate_new(&ca, 0);
	t0 = kc_test_mono_ms();
	kc_leaderelection_run(ca.le);
	kc_test_run_for(fx.base, 300);
	ck_assert_int_eq(ca.started, 0);
	ck_assert_str_eq(kc_leaderelection_leader(ca.le), "someone-else");
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 4000));
	ck_assert_int_ge(ca.started_ms - t0, 1000);
	ck_assert_int_eq(lease_transitions(), 6);
	ck_assert_str_eq(lease_holder(), ca.id);
}
END_TEST

START_TEST(test_renew_failures_step_down)
{
	int64_t t0;

	candidate_new(&ca, 0);
	kc_leaderelection_run(ca.le);
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 3000));
	/* Every request fails from now on. */
	kc_fake_apiserver_fail_next(fx.fake, 1000000, 500, -1);
	t0 = kc_test_mono_ms();
	ck_assert(kc_test_run_until(fx.base, stopped_once, &ca, 3000));
	/* Gave up after the 500 ms renew deadline (plus up to a retry period to notice). */
	ck_assert_int_ge(ca.stopped_ms - t0, 450);
	ck_assert_int_lt(ca.stopped_ms - t0, 1500);
	ck_assert_int_eq(ca.stopped, 1);
}
END_TEST

START_TEST(test_conflict_rereads_and_loses)
{
	json_t *cur;
	json_auto_t *stolen = NULL;

	candidate_new(&ca, 0);
	kc_leaderelection_run(ca.le);
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 3000));
	/* Someone else writes the Lease: a's cached copy is stale (409), the re-read shows b. */
	cur = kc_fake_apiserver_get(fx.fake, "leases", "kube-system", "kube-scheduler");
	stolen = json_deep_copy(cur);
	json_object_set_new(json_object_get(stolen, "spec"), "holderIdentity",
			    json_string("intruder"));
	json_object_set_new(json_object_get(stolen, "spec"), "leaseDurationSeconds",
			    json_integer(30));
	ck_assert_int_gt(kc_fake_apiserver_put(fx.fake, "leases", stolen), 0);
	ck_assert(kc_test_run_until(fx.base, stopped_once, &ca, 3000));
	ck_assert_str_eq(kc_leaderelection_leader(ca.le), "intruder");
	ck_assert_str_eq(ca.leaders[ca.nleaders - 1], "intruder");
	ck_assert_str_eq(lease_holder(), "intruder");
}
END_TEST

START_TEST(test_stop_while_acquiring)
{
	json_auto_t *lease = json_pack("{s:{s:s, s:s}, s:{s:s, s:i}}", "metadata", "name",
				       "kube-scheduler", "namespace", "kube-system", "spec",
				       "holderIdentity", "other", "leaseDurationSeconds", 30);

	ck_assert_int_gt(kc_fake_apiserver_put(fx.fake, "leases", lease), 0);
	candidate_new(&ca, 1);
	kc_leaderelection_run(ca.le);
	kc_test_run_for(fx.base, 300);
	kc_leaderelection_stop(ca.le);
	ck_assert_int_eq(ca.stopped, 0); /* from the loop, not inside stop() */
	ck_assert(kc_test_run_until(fx.base, stopped_once, &ca, 1000));
	ck_assert_int_eq(ca.started, 0);
	ck_assert_str_eq(lease_holder(), "other"); /* nothing to release */
}
END_TEST

static int
two_events(void *arg)
{
	return kc_fake_apiserver_count(fx.fake, "events") >= 2;
}

START_TEST(test_leader_events)
{
	struct kc_events *events = kc_events_new(
		fx.base, fx.client, &(struct kc_events_config){ .component = "kube-scheduler" });
	struct kc_leaderelection_config cfg = {
		.lease_namespace = "kube-system",
		.lease_name = "kube-scheduler",
		.identity = ca.id,
		.lease_duration_ns = 1000 * MS,
		.renew_deadline_ns = 500 * MS,
		.retry_period_ns = 200 * MS,
		.release_on_cancel = 1,
		.on_started_leading = started,
		.on_stopped_leading = stopped,
		.arg = &ca,
		.events = events,
	};
	int became = 0, stopped_leading = 0;

	ca.le = kc_leaderelection_new(fx.base, fx.client, &cfg);
	kc_leaderelection_run(ca.le);
	ck_assert(kc_test_run_until(fx.base, leads_once, &ca, 3000));
	kc_leaderelection_stop(ca.le);
	ck_assert(kc_test_run_until(fx.base, stopped_once, &ca, 3000));
	ck_assert(kc_test_run_until(fx.base, two_events, NULL, 3000));
	/* "<identity> became leader" and "<identity> stopped leading" on the Lease. */
	for (size_t i = 0; i < kc_fake_apiserver_request_count(fx.fake); i++) {
		const struct kc_fake_request *r = kc_fake_apiserver_request(fx.fake, i);
		json_auto_t *body = NULL;
		const char *msg;

		if (strcmp(r->method, "POST") != 0 || strstr(r->uri, "/events") == NULL)
			continue;
		body = json_loads(r->body, 0, NULL);
		msg = json_string_value(json_object_get(body, "message"));
		ck_assert_str_eq(json_string_value(json_object_get(body, "reason")),
				 "LeaderElection");
		ck_assert_str_eq(json_string_value(json_object_get(
					 json_object_get(body, "involvedObject"), "kind")),
				 "Lease");
		became += strcmp(msg, "node-a_1111 became leader") == 0;
		stopped_leading += strcmp(msg, "node-a_1111 stopped leading") == 0;
	}
	ck_assert_int_eq(became, 1);
	ck_assert_int_eq(stopped_leading, 1);
	ca.le = kc_leaderelection_free(ca.le);
	kc_events_free(events);
}
END_TEST

static Suite *
leaderelection_suite(void)
{
	Suite *s = suite_create("leaderelection");
	TCase *pure = tcase_create("pure");
	TCase *tc = tcase_create("lease");

	tcase_add_checked_fixture(pure, setup, teardown);
	tcase_add_loop_test(pure, test_validate, 0, (int)KC_ARRAY_SIZE(bad_configs));
	tcase_add_test(pure, test_validate_defaults_ok);
	tcase_add_test(pure, test_default_identity);
	suite_add_tcase(s, pure);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_acquire_creates_lease);
	tcase_add_test(tc, test_leader_renews);
	tcase_add_test(tc, test_two_candidates_one_leader);
	tcase_add_test(tc, test_release_lets_other_take_over);
	tcase_add_test(tc, test_release_clears_holder);
	tcase_add_test(tc, test_crashed_leader_expires);
	tcase_add_test(tc, test_expiry_on_local_clock);
	tcase_add_test(tc, test_renew_failures_step_down);
	tcase_add_test(tc, test_conflict_rereads_and_loses);
	tcase_add_test(tc, test_stop_while_acquiring);
	tcase_add_test(tc, test_leader_events);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(leaderelection_suite)
