/*
 * check_workqueue.c - client-go workqueue semantics on one loop: dedup, dirty while processing,
 * workers, delays in order, rate limiter values, retries and drops, forget, shutdown and drain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/workqueue.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

#define MS 1000000LL

struct rec {
	struct kc_workqueue *q;
	char keys[2048][24];
	int n;
	int done_at_once; /* call done(key, result) inside sync */
	int result;
	int drained;
};

static struct event_base *base;
static struct rec rec;

static void
record_sync(void *arg, const char *key)
{
	struct rec *r = arg;

	ck_assert_int_lt(r->n, 2048);
	snprintf(r->keys[r->n++], sizeof(r->keys[0]), "%s", key);
	if (r->done_at_once)
		kc_workqueue_done(r->q, key, r->result);
}

static void
setup(void)
{
	base = event_base_new();
	memset(&rec, 0, sizeof(rec));
}

static void
teardown(void)
{
	rec.q = kc_workqueue_free(rec.q);
	event_base_free(base);
}

static struct kc_workqueue *
new_queue(int workers, int max_retries, struct kc_rate_limiter *rl)
{
	struct kc_workqueue_config cfg = {
		.name = "test",
		.sync = record_sync,
		.arg = &rec,
		.workers = workers,
		.max_retries = max_retries,
		.rate_limiter = rl,
	};

	rec.q = kc_workqueue_new(base, &cfg);
	ck_assert_ptr_nonnull(rec.q);
	return rec.q;
}

static int
synced_at_least(void *arg)
{
	return rec.n >= *(const int *)arg;
}

/* Runs the loop until sync has seen n keys (rec.n >= n) or timeout_ms passed. */
static void
run_until(int n, int timeout_ms)
{
	kc_test_run_until(base, synced_at_least, &n, timeout_ms);
}

/* One turn of the loop without blocking. */
static void
turn(void)
{
	event_base_loop(base, EVLOOP_ONCE | EVLOOP_NONBLOCK);
}

START_TEST(test_dedup_fifo)
{
	struct kc_workqueue *q = new_queue(1, 0, NULL);

	rec.done_at_once = 1;
	ck_assert_int_eq(kc_workqueue_add(q, "a"), 1);
	ck_assert_int_eq(kc_workqueue_add(q, "b"), 1);
	ck_assert_int_eq(kc_workqueue_add(q, "a"), 0);
	ck_assert_uint_eq(kc_workqueue_len(q), 2);
	run_until(2, 1000);
	run_until(3, 30); /* nothing more comes */
	ck_assert_int_eq(rec.n, 2);
	ck_assert_str_eq(rec.keys[0], "a");
	ck_assert_str_eq(rec.keys[1], "b");
	ck_assert_uint_eq(kc_workqueue_len(q), 0);
}
END_TEST

START_TEST(test_dirty_while_processing)
{
	struct kc_workqueue *q = new_queue(4, 0, NULL);
	struct kc_workqueue_stats st;

	kc_workqueue_add(q, "a");
	run_until(1, 1000);
	ck_assert_int_eq(rec.n, 1);
	/* a is in flight: adding marks it dirty but does not hand it out again. */
	ck_assert_int_eq(kc_workqueue_add(q, "a"), 0);
	ck_assert_int_eq(kc_workqueue_add(q, "a"), 0);
	ck_assert_uint_eq(kc_workqueue_len(q), 0);
	run_until(2, 50);
	ck_assert_int_eq(rec.n, 1);
	kc_workqueue_done(q, "a", 0);
	ck_assert_uint_eq(kc_workqueue_len(q), 1);
	run_until(2, 1000);
	ck_assert_int_eq(rec.n, 2);
	ck_assert_str_eq(rec.keys[1], "a");
	kc_workqueue_stats(q, &st);
	ck_assert_uint_eq(st.in_flight, 1);
	ck_assert_uint_eq(st.adds, 2);
	kc_workqueue_done(q, "a", 0);
	run_until(3, 30);
	ck_assert_int_eq(rec.n, 2);
}
END_TEST

START_TEST(test_done_without_readd_not_requeued)
{
	struct kc_workqueue *q = new_queue(1, 0, NULL);

	kc_workqueue_add(q, "a");
	run_until(1, 1000);
	kc_workqueue_done(q, "a", 0);
	kc_workqueue_done(q, "a", 0);    /* not in flight: ignored */
	kc_workqueue_done(q, "zzz", -5); /* never seen: ignored */
	run_until(2, 30);
	ck_assert_int_eq(rec.n, 1);
	ck_assert_uint_eq(kc_workqueue_len(q), 0);
}
END_TEST

START_TEST(test_workers_bound_in_flight)
{
	struct kc_workqueue *q = new_queue(2, 0, NULL);
	struct kc_workqueue_stats st;
	char key[8];

	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		kc_workqueue_add(q, key);
	}
	run_until(5, 50);
	ck_assert_int_eq(rec.n, 2);
	kc_workqueue_stats(q, &st);
	ck_assert_uint_eq(st.in_flight, 2);
	ck_assert_uint_eq(st.depth, 3);
	kc_workqueue_done(q, "k0", 0);
	run_until(5, 50);
	ck_assert_int_eq(rec.n, 3);
	ck_assert_str_eq(rec.keys[2], "k2");
}
END_TEST

START_TEST(test_bounded_keys_per_turn)
{
	struct kc_workqueue *q = new_queue(2, 0, NULL);
	char key[8];

	rec.done_at_once = 1;
	for (int i = 0; i < 7; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		kc_workqueue_add(q, key);
	}
	turn();
	ck_assert_int_eq(rec.n, 2);
	turn();
	ck_assert_int_eq(rec.n, 4);
	run_until(7, 1000);
	ck_assert_int_eq(rec.n, 7);
	ck_assert_str_eq(rec.keys[6], "k6");
}
END_TEST

START_TEST(test_add_after_order)
{
	struct kc_workqueue *q = new_queue(8, 0, NULL);
	int64_t t0 = kc_test_mono_ms();

	rec.done_at_once = 1;
	kc_workqueue_add_after(q, "c", 60 * MS);
	kc_workqueue_add_after(q, "a", 20 * MS);
	kc_workqueue_add_after(q, "b", 40 * MS);
	kc_workqueue_add_after(q, "now", 0);
	ck_assert_uint_eq(kc_workqueue_len(q), 1);
	run_until(4, 2000);
	ck_assert_int_eq(rec.n, 4);
	ck_assert_str_eq(rec.keys[0], "now");
	ck_assert_str_eq(rec.keys[1], "a");
	ck_assert_str_eq(rec.keys[2], "b");
	ck_assert_str_eq(rec.keys[3], "c");
	ck_assert_int_ge(kc_test_mono_ms() - t0, 60);
}
END_TEST

START_TEST(test_add_after_earlier_wins)
{
	struct kc_workqueue *q = new_queue(8, 0, NULL);
	struct kc_workqueue_stats st;
	int64_t t0 = kc_test_mono_ms();

	rec.done_at_once = 1;
	kc_workqueue_add_after(q, "x", 400 * MS);
	kc_workqueue_add_after(q, "x", 20 * MS);  /* earlier: moves it */
	kc_workqueue_add_after(q, "x", 900 * MS); /* later: ignored */
	kc_workqueue_stats(q, &st);
	ck_assert_uint_eq(st.waiting, 1);
	run_until(1, 2000);
	ck_assert_int_eq(rec.n, 1);
	ck_assert_int_lt(kc_test_mono_ms() - t0, 300);
	run_until(2, 100);
	ck_assert_int_eq(rec.n, 1);
}
END_TEST

START_TEST(test_many_delays_sorted)
{
	struct kc_workqueue *q = new_queue(2000, 0, NULL);
	static int64_t lo[1000], hi[1000];
	char key[16];

	rec.done_at_once = 1;
	/* 1000 delays in a scrambled order, 0.05 ms apart. */
	for (int i = 0; i < 1000; i++) {
		int slot = (i * 379) % 1000;
		int64_t d = 1 * MS + (int64_t)slot * 50000;

		snprintf(key, sizeof(key), "%04d", slot);
		lo[slot] = kc_clock_mono_ns() + d;
		kc_workqueue_add_after(q, key, d);
		hi[slot] = kc_clock_mono_ns() + d;
	}
	run_until(1000, 5000);
	ck_assert_int_eq(rec.n, 1000);
	/* Each key is handed out no earlier than any key due before it could have been due. */
	for (int i = 1; i < 1000; i++)
		ck_assert_int_le(lo[atoi(rec.keys[i - 1])], hi[atoi(rec.keys[i])]);
}
END_TEST

START_TEST(test_exponential_values)
{
	struct kc_rate_limiter *rl = kc_rate_limiter_exponential_new(5 * MS, 1000 * 1000 * MS);
	static const int64_t want[] = { 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560 };

	for (size_t i = 0; i < KC_ARRAY_SIZE(want); i++)
		ck_assert_int_eq(kc_rate_limiter_when(rl, "one", 0), want[i] * MS);
	ck_assert_int_eq(kc_rate_limiter_num_requeues(rl, "one"), 10);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "two", 0), 5 * MS);
	/* Past 2^17 * 5 ms the cap (1000 s) holds, and huge exponents never overflow. */
	for (int i = 0; i < 200; i++)
		(void)kc_rate_limiter_when(rl, "one", 0);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "one", 0), 1000 * 1000 * MS);
	kc_rate_limiter_forget(rl, "one");
	ck_assert_int_eq(kc_rate_limiter_num_requeues(rl, "one"), 0);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "one", 0), 5 * MS);
	kc_rate_limiter_free(rl);
}
END_TEST

START_TEST(test_bucket_values)
{
	struct kc_rate_limiter *rl = kc_rate_limiter_bucket_new(10, 100);
	int64_t t = 1000 * MS;

	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(kc_rate_limiter_when(rl, "k", t), 0);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", t), 100 * MS);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", t), 200 * MS);
	/* 100 ms later one token came back: two are owed again after taking one. */
	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", t + 100 * MS), 200 * MS);
	/* Two seconds later the bucket refilled (capped at the burst). */
	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", t + 2100 * MS), 0);
	ck_assert_int_eq(kc_rate_limiter_num_requeues(rl, "k"), 0);
	kc_rate_limiter_free(rl);
}
END_TEST

START_TEST(test_default_limiter_is_max)
{
	struct kc_rate_limiter *rl = kc_rate_limiter_default_new();
	int64_t d;

	ck_assert_int_eq(kc_rate_limiter_when(rl, "a", 0), 5 * MS);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "a", 0), 10 * MS);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "a", 0), 20 * MS);
	ck_assert_int_eq(kc_rate_limiter_num_requeues(rl, "a"), 3);
	/* Burst of 100 used up (3 so far): the bucket dominates a fresh key's 5 ms. */
	for (int i = 0; i < 97; i++)
		(void)kc_rate_limiter_when(rl, "b", 0);
	kc_rate_limiter_forget(rl, "c");
	d = kc_rate_limiter_when(rl, "c", 0);
	ck_assert_int_eq(d, 100 * MS);
	kc_rate_limiter_forget(rl, "a");
	ck_assert_int_eq(kc_rate_limiter_num_requeues(rl, "a"), 0);
	kc_rate_limiter_free(rl);
}
END_TEST

START_TEST(test_fast_slow_values)
{
	struct kc_rate_limiter *rl = kc_rate_limiter_fast_slow_new(5 * MS, 10000 * MS, 3);

	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", 0), 5 * MS);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", 0), 5 * MS);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", 0), 5 * MS);
	ck_assert_int_eq(kc_rate_limiter_when(rl, "k", 0), 10000 * MS);
	ck_assert_int_eq(kc_rate_limiter_num_requeues(rl, "k"), 4);
	kc_rate_limiter_free(rl);
}
END_TEST

START_TEST(test_max_of_with_failed_member)
{
	struct kc_rate_limiter *subs[2] = { kc_rate_limiter_bucket_new(1, 1), NULL };

	ck_assert_ptr_null(kc_rate_limiter_max_of_new(subs, 2)); /* and subs[0] is freed */
	ck_assert_ptr_null(kc_rate_limiter_free(NULL));
}
END_TEST

START_TEST(test_failure_requeues_with_backoff_then_drops)
{
	struct kc_workqueue *q =
		new_queue(1, 3, kc_rate_limiter_exponential_new(10 * MS, 1000 * MS));
	struct kc_workqueue_stats st;
	int64_t t0 = kc_test_mono_ms();

	rec.done_at_once = 1;
	rec.result = KC_ERR_CONFLICT;
	kc_workqueue_add(q, "bad");
	/* First try, then three retries after 10, 20 and 40 ms, then dropped. */
	run_until(4, 3000);
	ck_assert_int_eq(rec.n, 4);
	ck_assert_int_ge(kc_test_mono_ms() - t0, 70);
	run_until(5, 200);
	ck_assert_int_eq(rec.n, 4);
	kc_workqueue_stats(q, &st);
	ck_assert_uint_eq(st.failures, 4);
	ck_assert_uint_eq(st.drops, 1);
	ck_assert_uint_eq(st.retries, 3);
	ck_assert_int_eq(kc_workqueue_num_requeues(q, "bad"), 0); /* forgotten when dropped */
}
END_TEST

START_TEST(test_success_forgets)
{
	struct kc_workqueue *q =
		new_queue(1, 0, kc_rate_limiter_exponential_new(1 * MS, 1000 * MS));

	kc_workqueue_add(q, "k");
	run_until(1, 1000);
	kc_workqueue_done(q, "k", KC_ERR_UNAVAILABLE);
	ck_assert_int_eq(kc_workqueue_num_requeues(q, "k"), 1);
	run_until(2, 1000);
	ck_assert_int_eq(rec.n, 2);
	kc_workqueue_done(q, "k", KC_ERR_UNAVAILABLE);
	ck_assert_int_eq(kc_workqueue_num_requeues(q, "k"), 2);
	run_until(3, 1000);
	kc_workqueue_done(q, "k", 0);
	ck_assert_int_eq(kc_workqueue_num_requeues(q, "k"), 0);
	kc_workqueue_add_rate_limited(q, "k");
	kc_workqueue_forget(q, "k");
	ck_assert_int_eq(kc_workqueue_num_requeues(q, "k"), 0);
}
END_TEST

START_TEST(test_retry_forever)
{
	struct kc_workqueue *q = new_queue(1, -1, kc_rate_limiter_exponential_new(1 * MS, 2 * MS));
	struct kc_workqueue_stats st;

	rec.done_at_once = 1;
	rec.result = KC_ERR_INTERNAL;
	kc_workqueue_add(q, "k");
	run_until(25, 3000);
	ck_assert_int_ge(rec.n, 25);
	kc_workqueue_stats(q, &st);
	ck_assert_uint_eq(st.drops, 0);
}
END_TEST

START_TEST(test_shutdown)
{
	struct kc_workqueue *q = new_queue(1, 0, NULL);

	kc_workqueue_add(q, "a");
	kc_workqueue_add(q, "b");
	kc_workqueue_add_after(q, "later", 10 * MS);
	run_until(1, 1000); /* a in flight, b queued */
	kc_workqueue_shutdown(q);
	ck_assert_int_eq(kc_workqueue_shutting_down(q), 1);
	ck_assert_int_eq(kc_workqueue_add(q, "c"), 0);
	ck_assert_int_eq(kc_workqueue_add_after(q, "d", 0), 0);
	ck_assert_int_eq(kc_workqueue_add_rate_limited(q, "e"), 0);
	/* Queued b is still handed out once a is done, as Get() drains after ShutDown. */
	kc_workqueue_done(q, "a", 0);
	run_until(2, 1000);
	ck_assert_int_eq(rec.n, 2);
	ck_assert_str_eq(rec.keys[1], "b");
	/* A failure after shutdown is not requeued; "later" never comes. */
	kc_workqueue_done(q, "b", KC_ERR_INTERNAL);
	run_until(3, 60);
	ck_assert_int_eq(rec.n, 2);
}
END_TEST

static void
on_drained(void *arg)
{
	rec.drained++;
}

START_TEST(test_shutdown_with_drain)
{
	struct kc_workqueue *q = new_queue(2, 0, NULL);

	kc_workqueue_add(q, "a");
	kc_workqueue_add(q, "b");
	run_until(2, 1000);
	kc_workqueue_shutdown_with_drain(q, on_drained, NULL);
	run_until(3, 30);
	ck_assert_int_eq(rec.drained, 0);
	kc_workqueue_done(q, "a", 0);
	run_until(3, 30);
	ck_assert_int_eq(rec.drained, 0);
	kc_workqueue_done(q, "b", 0);
	run_until(3, 30);
	ck_assert_int_eq(rec.drained, 1);
}
END_TEST

START_TEST(test_drain_when_idle)
{
	struct kc_workqueue *q = new_queue(1, 0, NULL);

	kc_workqueue_shutdown_with_drain(q, on_drained, NULL);
	run_until(1, 30);
	ck_assert_int_eq(rec.drained, 1);
}
END_TEST

START_TEST(test_free_with_work_pending)
{
	struct kc_workqueue *q = new_queue(1, 0, NULL);

	kc_workqueue_add(q, "a");
	kc_workqueue_add(q, "b");
	kc_workqueue_add_after(q, "c", 1000 * MS);
	run_until(1, 1000);
	rec.q = kc_workqueue_free(q); /* a in flight, b queued, c waiting: nothing leaks */
	ck_assert_ptr_null(rec.q);
}
END_TEST

START_TEST(test_bad_config)
{
	struct kc_workqueue_config cfg = { .name = "x" };

	ck_assert_ptr_null(kc_workqueue_new(base, &cfg));
	cfg.sync = record_sync;
	cfg.rate_limiter = kc_rate_limiter_default_new(); /* taken over even on failure */
	ck_assert_ptr_null(kc_workqueue_new(NULL, &cfg));
	ck_assert_ptr_null(kc_workqueue_new(base, NULL));
	ck_assert_ptr_null(kc_workqueue_free(NULL));
}
END_TEST

static Suite *
workqueue_suite(void)
{
	Suite *s = suite_create("workqueue");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dedup_fifo);
	tcase_add_test(tc, test_dirty_while_processing);
	tcase_add_test(tc, test_done_without_readd_not_requeued);
	tcase_add_test(tc, test_workers_bound_in_flight);
	tcase_add_test(tc, test_bounded_keys_per_turn);
	tcase_add_test(tc, test_add_after_order);
	tcase_add_test(tc, test_add_after_earlier_wins);
	tcase_add_test(tc, test_many_delays_sorted);
	tcase_add_test(tc, test_exponential_values);
	tcase_add_test(tc, test_bucket_values);
	tcase_add_test(tc, test_default_limiter_is_max);
	tcase_add_test(tc, test_fast_slow_values);
	tcase_add_test(tc, test_max_of_with_failed_member);
	tcase_add_test(tc, test_failure_requeues_with_backoff_then_drops);
	tcase_add_test(tc, test_success_forgets);
	tcase_add_test(tc, test_retry_forever);
	tcase_add_test(tc, test_shutdown);
	tcase_add_test(tc, test_shutdown_with_drain);
	tcase_add_test(tc, test_drain_when_idle);
	tcase_add_test(tc, test_free_with_work_pending);
	tcase_add_test(tc, test_bad_config);
	tcase_set_timeout(tc, 20);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(workqueue_suite)
