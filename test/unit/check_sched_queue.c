/*
 * check_sched_queue.c - the scheduling queue (kube-scheduler/internal/scheduling_queue.c):
 * activeQ order, backoff, unschedulable pods and queueing hints, the flushes, PreEnqueue
 * gating, the nominator, in-flight deletes (upstream: internal/queue/scheduling_queue_test.go).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "kube-scheduler/internal/scheduling_queue.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "test/unit/testutil/testutil.h"

#define SEC 1000000000LL

static int64_t fake_now;
static int wakeups;
static enum sched_hint hint_answer;
static int hint_calls;

static int64_t
now_fn(void)
{
	return fake_now;
}

/* PrioritySort: higher spec.priority first, then earlier timestamp. */
static int
test_less(void *arg, const struct sched_queued_pod *a, const struct sched_queued_pod *b)
{
	int64_t pa = kc_json_get_int64(a->pi->pod, "spec.priority", 0);
	int64_t pb = kc_json_get_int64(b->pi->pod, "spec.priority", 0);

	return pa > pb || (pa == pb && a->timestamp_ns < b->timestamp_ns);
}

/* SchedulingGates: a pod with spec.schedulingGates stays out. */
static enum sched_code
test_pre_enqueue(void *arg, const struct sched_queued_pod *qp, struct sched_status *st)
{
	if (json_array_size(kc_json_get_array(qp->pi->pod, "spec.schedulingGates")) == 0)
		return SCHED_SUCCESS;
	st->plugin = "SchedulingGates";
	st->code = SCHED_PENDING;
	return SCHED_PENDING;
}

static enum sched_hint
test_hint(void *arg, const struct sched_queued_pod *qp, const struct sched_cluster_event *ev,
	  const json_t *old_obj, const json_t *new_obj)
{
	hint_calls++;
	return hint_answer;
}

static void
wakeup(void *arg)
{
	wakeups++;
}

static struct scheduling_queue *
new_queue(void)
{
	struct sched_queue_config cfg = { .now_ns = now_fn };
	struct sched_queue_ops ops = { test_less, test_pre_enqueue, test_hint, NULL };
	struct scheduling_queue *q;

	fake_now = 1000 * SEC;
	wakeups = 0;
	hint_answer = SCHED_QUEUE;
	hint_calls = 0;
	q = scheduling_queue_new(NULL, &cfg, &ops);
	ck_assert_ptr_nonnull(q);
	scheduling_queue_set_wakeup(q, wakeup, NULL);
	return q;
}

static json_t *
make_pod(const char *name, int priority)
{
	char buf[512];

	snprintf(buf, sizeof(buf),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"default\","
		 "\"uid\":\"uid-%s\",\"labels\":{\"app\":\"x\"}},\"spec\":{\"priority\":%d,\"containers\":[{\"name\":\"c\","
		 "\"image\":\"i\"}]}}",
		 name, name, priority);
	return kc_test_json(buf);
}

static void
add_pod(struct scheduling_queue *q, const char *name, int priority)
{
	json_t *pod = make_pod(name, priority);

	ck_assert_int_eq(scheduling_queue_add(q, pod), 0);
	json_decref(pod);
}

static const char *
pop_name(struct scheduling_queue *q, uint64_t cycle, struct sched_queued_pod **ret)
{
	*ret = scheduling_queue_pop(q, cycle);
	return *ret ? (*ret)->pi->name : NULL;
}

START_TEST(test_priority_order)
{
	struct scheduling_queue *q = new_queue();
	struct sched_queued_pod *qp;

	add_pod(q, "low", 1);
	fake_now += 1;
	add_pod(q, "high", 100);
	fake_now += 1;
	add_pod(q, "mid", 50);
	ck_assert_str_eq(pop_name(q, 1, &qp), "high");
	scheduling_queue_done(q, qp);
	ck_assert_str_eq(pop_name(q, 2, &qp), "mid");
	scheduling_queue_done(q, qp);
	ck_assert_str_eq(pop_name(q, 3, &qp), "low");
	scheduling_queue_done(q, qp);
	ck_assert_ptr_null(scheduling_queue_pop(q, 4));
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_fifo_same_priority)
{
	struct scheduling_queue *q = new_queue();
	struct sched_queued_pod *qp;
	char name[16];

	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "p%02d", i);
		add_pod(q, name, 7);
		fake_now += 1;
	}
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "p%02d", i);
		ck_assert_str_eq(pop_name(q, (uint64_t)i + 1, &qp), name);
		scheduling_queue_done(q, qp);
	}
	scheduling_queue_free(q);
}
END_TEST

static const struct {
	int attempts;
	int64_t want_ns;
} backoff_table[] = {
	{ 1, 1 * SEC }, { 2, 2 * SEC }, { 3, 4 * SEC }, { 4, 8 * SEC }, { 5, 10 * SEC }, { 6, 10 * SEC }, { 60, 10 * SEC },
};

START_TEST(test_backoff_duration)
{
	struct scheduling_queue *q = new_queue();

	ck_assert_int_eq(scheduling_queue_backoff_ns(q, backoff_table[_i].attempts), backoff_table[_i].want_ns);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_error_goes_to_backoff_then_active)
{
	struct scheduling_queue *q = new_queue();
	struct sched_queued_pod *qp;
	struct scheduling_queue_counts c;

	add_pod(q, "a", 0);
	qp = scheduling_queue_pop(q, 1);
	qp->last_error = 1;
	scheduling_queue_add_unschedulable(q, qp);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_BACKOFF);
	ck_assert_int_eq(scheduling_queue_flush_backoff(q), 0);
	fake_now += SEC - 1;
	ck_assert_int_eq(scheduling_queue_flush_backoff(q), 0);
	fake_now += 1;
	ck_assert_int_eq(scheduling_queue_flush_backoff(q), 1);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_ACTIVE);
	scheduling_queue_counts(q, &c);
	ck_assert_uint_eq(c.active, 1);
	ck_assert_uint_eq(c.backoff, 0);
	/* Second failure: 2 s backoff. */
	qp = scheduling_queue_pop(q, 2);
	ck_assert_int_eq(qp->attempts, 2);
	qp->last_error = 1;
	scheduling_queue_add_unschedulable(q, qp);
	fake_now += 2 * SEC - 1;
	ck_assert_int_eq(scheduling_queue_flush_backoff(q), 0);
	fake_now += 1;
	ck_assert_int_eq(scheduling_queue_flush_backoff(q), 1);
	scheduling_queue_free(q);
}
END_TEST

static struct sched_queued_pod *
fail_unschedulable(struct scheduling_queue *q, const char *name, uint64_t cycle, const char *plugin)
{
	struct sched_queued_pod *qp = NULL;

	add_pod(q, name, 0);
	ck_assert_str_eq(pop_name(q, cycle, &qp), name);
	if (plugin)
		kc_strv_push(&qp->unschedulable_plugins, plugin);
	scheduling_queue_add_unschedulable(q, qp);
	return qp;
}

START_TEST(test_unschedulable_waits_for_event)
{
	struct scheduling_queue *q = new_queue();
	struct sched_cluster_event ev = { SCHED_EV_NODE, SCHED_ACT_ADD };

	fail_unschedulable(q, "a", 1, "NodeResourcesFit");
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_UNSCHEDULABLE);
	/* No timer moves it within 5 minutes. */
	fake_now += 60 * SEC;
	ck_assert_int_eq(scheduling_queue_flush_backoff(q), 0);
	ck_assert_int_eq(scheduling_queue_flush_unschedulable(q), 0);
	hint_answer = SCHED_QUEUE_SKIP;
	ck_assert_int_eq(scheduling_queue_move_all(q, &ev, NULL, NULL), 0);
	ck_assert_int_eq(hint_calls, 1);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_UNSCHEDULABLE);
	hint_answer = SCHED_QUEUE;
	ck_assert_int_eq(scheduling_queue_move_all(q, &ev, NULL, NULL), 1);
	/* Backoff (1 s) long over: straight to activeQ. */
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_ACTIVE);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_event_during_backoff_goes_to_backoffq)
{
	struct scheduling_queue *q = new_queue();
	struct sched_cluster_event ev = { SCHED_EV_NODE, SCHED_ACT_ADD };

	fail_unschedulable(q, "a", 1, "TaintToleration");
	fake_now += SEC / 2;
	ck_assert_int_eq(scheduling_queue_move_all(q, &ev, NULL, NULL), 1);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_BACKOFF);
	fake_now += SEC / 2;
	ck_assert_int_eq(scheduling_queue_flush_backoff(q), 1);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_ACTIVE);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_move_request_during_cycle)
{
	struct scheduling_queue *q = new_queue();
	struct sched_cluster_event ev = { SCHED_EV_NODE, SCHED_ACT_ADD };
	struct sched_queued_pod *qp;

	add_pod(q, "a", 0);
	qp = scheduling_queue_pop(q, 1);
	/* A node arrives while the pod is being scheduled: it must not wait in unschedulablePods. */
	scheduling_queue_move_all(q, &ev, NULL, NULL);
	kc_strv_push(&qp->unschedulable_plugins, "NodeResourcesFit");
	scheduling_queue_add_unschedulable(q, qp);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_BACKOFF);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_no_rejector_goes_to_backoff)
{
	struct scheduling_queue *q = new_queue();

	fail_unschedulable(q, "a", 1, NULL);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_BACKOFF);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_unschedulable_flush_after_5_minutes)
{
	struct scheduling_queue *q = new_queue();

	fail_unschedulable(q, "a", 1, "NodeAffinity");
	fake_now += 5 * 60 * SEC;
	ck_assert_int_eq(scheduling_queue_flush_unschedulable(q), 0);
	fake_now += 1;
	ck_assert_int_eq(scheduling_queue_flush_unschedulable(q), 1);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_ACTIVE);
	/* The flush bypasses the hints. */
	ck_assert_int_eq(hint_calls, 0);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_scheduling_gates)
{
	struct scheduling_queue *q = new_queue();
	json_t *gated = kc_test_json("{\"metadata\":{\"name\":\"g\",\"namespace\":\"default\",\"uid\":\"uid-g\"},"
				     "\"spec\":{\"schedulingGates\":[{\"name\":\"example.com/gate\"}],\"containers\":[]}}");
	json_t *open_pod = kc_test_json("{\"metadata\":{\"name\":\"g\",\"namespace\":\"default\",\"uid\":\"uid-g\"},"
					"\"spec\":{\"containers\":[]}}");
	struct scheduling_queue_counts c;

	ck_assert_int_eq(scheduling_queue_add(q, gated), 0);
	scheduling_queue_counts(q, &c);
	ck_assert_uint_eq(c.gated, 1);
	ck_assert_uint_eq(c.active, 0);
	ck_assert_uint_eq(c.unschedulable, 0);
	ck_assert_int_eq(wakeups, 0);
	/* Gated pods never leave on the clock. */
	fake_now += 10 * 60 * SEC;
	ck_assert_int_eq(scheduling_queue_flush_unschedulable(q), 0);
	ck_assert_int_eq(scheduling_queue_update(q, gated, open_pod), 0);
	scheduling_queue_counts(q, &c);
	ck_assert_uint_eq(c.gated, 0);
	ck_assert_uint_eq(c.active, 1);
	ck_assert_int_eq(wakeups, 1);
	json_decref(gated);
	json_decref(open_pod);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_update_unschedulable_requeues_on_spec_change)
{
	struct scheduling_queue *q = new_queue();
	json_t *old_pod = make_pod("a", 0), *status_only, *relabeled;

	fail_unschedulable(q, "a", 1, "NodeAffinity");
	status_only = json_deep_copy(old_pod);
	json_object_set_new(status_only, "status", json_pack("{s:s}", "phase", "Pending"));
	ck_assert_int_eq(scheduling_queue_update(q, old_pod, status_only), 0);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_UNSCHEDULABLE);
	relabeled = json_deep_copy(old_pod);
	kc_json_set_path_steal(relabeled, "metadata.labels.app", json_string("y"));
	fake_now += 2 * SEC;
	ck_assert_int_eq(scheduling_queue_update(q, status_only, relabeled), 0);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_ACTIVE);
	json_decref(old_pod);
	json_decref(status_only);
	json_decref(relabeled);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_delete_while_in_flight)
{
	struct scheduling_queue *q = new_queue();
	struct sched_queued_pod *qp;
	struct scheduling_queue_counts c;

	add_pod(q, "a", 0);
	qp = scheduling_queue_pop(q, 1);
	scheduling_queue_counts(q, &c);
	ck_assert_uint_eq(c.in_flight, 1);
	scheduling_queue_delete(q, "uid-a");
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_NONE);
	scheduling_queue_add_unschedulable(q, qp); /* frees it */
	scheduling_queue_counts(q, &c);
	ck_assert_uint_eq(c.in_flight + c.active + c.backoff + c.unschedulable, 0);
	/* A re-add after the delete is a new pod. */
	add_pod(q, "a", 0);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_ACTIVE);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_update_in_flight_leaves_shared_info)
{
	struct scheduling_queue *q = new_queue();
	json_t *pod = make_pod("a", 1), *changed = make_pod("a", 99);
	struct sched_queued_pod *qp;

	ck_assert_int_eq(scheduling_queue_add(q, pod), 0);
	qp = scheduling_queue_pop(q, 1);
	ck_assert_int_eq(scheduling_queue_update(q, pod, changed), 0);
	/* The pod info may be the cache's assumed pod: untouched while in flight. */
	ck_assert_ptr_eq(qp->pi->pod, pod);
	ck_assert_int_eq(scheduling_queue_where(q, "uid-a"), SCHED_Q_IN_FLIGHT);
	scheduling_queue_done(q, qp);
	json_decref(pod);
	json_decref(changed);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_delete_in_each_queue)
{
	struct scheduling_queue *q = new_queue();
	struct sched_queued_pod *qp;
	struct scheduling_queue_counts c;

	fail_unschedulable(q, "unsched", 1, "X");
	add_pod(q, "active", 0);
	add_pod(q, "backoff", -1);
	qp = scheduling_queue_pop(q, 2);
	ck_assert_str_eq(qp->pi->name, "active");
	scheduling_queue_done(q, qp);
	add_pod(q, "active2", 5);
	qp = scheduling_queue_pop(q, 3);
	qp->last_error = 1;
	scheduling_queue_add_unschedulable(q, qp);
	scheduling_queue_counts(q, &c);
	ck_assert_uint_eq(c.active, 1);
	ck_assert_uint_eq(c.backoff, 1);
	ck_assert_uint_eq(c.unschedulable, 1);
	scheduling_queue_delete(q, "uid-backoff");
	scheduling_queue_delete(q, "uid-unsched");
	scheduling_queue_delete(q, "uid-active2");
	scheduling_queue_delete(q, "uid-nope");
	scheduling_queue_counts(q, &c);
	ck_assert_uint_eq(c.active + c.backoff + c.unschedulable, 0);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_duplicate_and_bad_add)
{
	struct scheduling_queue *q = new_queue();
	json_t *pod = make_pod("a", 0), *no_uid = kc_test_json("{\"metadata\":{\"name\":\"x\"}}");

	ck_assert_int_eq(scheduling_queue_add(q, pod), 0);
	ck_assert_int_eq(scheduling_queue_add(q, pod), KC_ERR_ALREADY_EXISTS);
	ck_assert_int_eq(scheduling_queue_add(q, no_uid), KC_ERR_INVALID);
	ck_assert_int_eq(wakeups, 1);
	json_decref(pod);
	json_decref(no_uid);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_nominator)
{
	struct scheduling_queue *q = new_queue();
	json_t *pod = make_pod("a", 0);
	struct sched_pod_info *const *pods;
	struct sched_pod_info *pi;

	kc_json_set_path_steal(pod, "status.nominatedNodeName", json_string("node-1"));
	ck_assert_int_eq(scheduling_queue_add(q, pod), 0);
	ck_assert_uint_eq(scheduling_queue_nominated_pods(q, "node-1", &pods), 1);
	ck_assert_str_eq(pods[0]->name, "a");
	pi = pods[0];
	ck_assert_uint_eq(scheduling_queue_nominated_pods(q, "node-2", &pods), 0);
	ck_assert_int_eq(scheduling_queue_nominate(q, pi, "node-2"), 0);
	ck_assert_uint_eq(scheduling_queue_nominated_pods(q, "node-1", &pods), 0);
	ck_assert_uint_eq(scheduling_queue_nominated_pods(q, "node-2", &pods), 1);
	scheduling_queue_delete(q, "uid-a");
	ck_assert_uint_eq(scheduling_queue_nominated_pods(q, "node-2", &pods), 0);
	json_decref(pod);
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_many_pods_heap)
{
	struct scheduling_queue *q = new_queue();
	struct sched_queued_pod *qp;
	char name[16];
	int64_t last = 1 << 30;

	for (int i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		add_pod(q, name, (i * 7919) % 1000);
	}
	for (int i = 0; i < 2000; i++) {
		int64_t prio;

		qp = scheduling_queue_pop(q, (uint64_t)i + 1);
		ck_assert_ptr_nonnull(qp);
		prio = kc_json_get_int64(qp->pi->pod, "spec.priority", 0);
		ck_assert_int_le(prio, last);
		last = prio;
		scheduling_queue_done(q, qp);
	}
	scheduling_queue_free(q);
}
END_TEST

START_TEST(test_free_with_pods_everywhere)
{
	struct scheduling_queue *q = new_queue();
	struct sched_queued_pod *qp;

	fail_unschedulable(q, "u", 1, "X");
	add_pod(q, "b", 0);
	qp = scheduling_queue_pop(q, 2);
	qp->last_error = 1;
	scheduling_queue_add_unschedulable(q, qp);
	add_pod(q, "a", 0);
	scheduling_queue_free(q); /* no leak: checked under valgrind/ASan */
}
END_TEST

static Suite *
sched_queue_suite(void)
{
	Suite *s = suite_create("sched_queue");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_priority_order);
	tcase_add_test(tc, test_fifo_same_priority);
	tcase_add_loop_test(tc, test_backoff_duration, 0, sizeof(backoff_table) / sizeof(backoff_table[0]));
	tcase_add_test(tc, test_error_goes_to_backoff_then_active);
	tcase_add_test(tc, test_unschedulable_waits_for_event);
	tcase_add_test(tc, test_event_during_backoff_goes_to_backoffq);
	tcase_add_test(tc, test_move_request_during_cycle);
	tcase_add_test(tc, test_no_rejector_goes_to_backoff);
	tcase_add_test(tc, test_unschedulable_flush_after_5_minutes);
	tcase_add_test(tc, test_scheduling_gates);
	tcase_add_test(tc, test_update_unschedulable_requeues_on_spec_change);
	tcase_add_test(tc, test_delete_while_in_flight);
	tcase_add_test(tc, test_update_in_flight_leaves_shared_info);
	tcase_add_test(tc, test_delete_in_each_queue);
	tcase_add_test(tc, test_duplicate_and_bad_add);
	tcase_add_test(tc, test_nominator);
	tcase_add_test(tc, test_many_pods_heap);
	tcase_add_test(tc, test_free_with_pods_everywhere);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(sched_queue_suite)
