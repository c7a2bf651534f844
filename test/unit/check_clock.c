/*
 * check_clock.c - the shared clocks, timer intervals and wait.Jitter: monotonic never goes back,
 * the wall clock agrees with time(2), random units stay in [0, 1) and spread, jitter bounds and
 * the max_factor <= 0 default, timevals rounded up and normalized.
 */
#include <stdint.h>
#include <time.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "test/unit/testutil/testutil.h"

START_TEST(test_mono_never_goes_back)
{
	int64_t prev = kc_clock_mono_ns(), cur;
	struct timespec nap = { 0, 2 * KC_NSEC_PER_MSEC };

	ck_assert_int_gt(prev, 0);
	for (int i = 0; i < 10000; i++) {
		cur = kc_clock_mono_ns();
		ck_assert_int_ge(cur, prev);
		prev = cur;
	}
	nanosleep(&nap, NULL);
	ck_assert_int_ge(kc_clock_mono_ns() - prev, 2 * KC_NSEC_PER_MSEC);
}
END_TEST

START_TEST(test_real_is_epoch_time)
{
	time_t before = time(NULL);
	int64_t now = kc_clock_real_ns();
	time_t after = time(NULL);

	ck_assert_int_ge(now / KC_NSEC_PER_SEC, (int64_t)before);
	ck_assert_int_le(now / KC_NSEC_PER_SEC, (int64_t)after);
}
END_TEST

START_TEST(test_rand_unit_range_and_spread)
{
	int buckets[10] = { 0 };
	double sum = 0;
	const int n = 20000;

	for (int i = 0; i < n; i++) {
		double u = kc_clock_rand_unit();

		ck_assert(u >= 0.0 && u < 1.0);
		buckets[(int)(u * 10)]++;
		sum += u;
	}
	/* 2000 expected per tenth; 1700 is more than six standard deviations away. */
	for (size_t b = 0; b < KC_ARRAY_SIZE(buckets); b++)
		ck_assert_int_gt(buckets[b], 1700);
	ck_assert(sum / n > 0.48 && sum / n < 0.52);
}
END_TEST

/* wait.Jitter(d, f) is in [d, d + f*d); f <= 0 means 1.0. */
static const struct {
	int64_t d;
	double factor, max_factor;
} jitter_table[] = {
	{ 800 * KC_NSEC_PER_MSEC, 1.0, 1.0 }, /* the reflector's backoff */
	{ 2 * KC_NSEC_PER_SEC, 1.2, 1.2 },    /* leader election's retry period */
	{ 30 * KC_NSEC_PER_SEC, 0.1, 0.1 },   /* a small factor */
	{ 5 * KC_NSEC_PER_SEC, 0.0, 1.0 },    /* no factor: 1.0 */
	{ 5 * KC_NSEC_PER_SEC, -3.0, 1.0 },   /* negative: 1.0 */
	{ 0, 1.0, 1.0 },                      /* nothing to jitter */
};

START_TEST(test_jitter_bounds)
{
	int64_t d = jitter_table[_i].d, hi = d + (int64_t)(jitter_table[_i].max_factor * (double)d);
	int64_t lo_seen = INT64_MAX, hi_seen = INT64_MIN;

	for (int i = 0; i < 2000; i++) {
		int64_t j = kc_clock_jitter(d, jitter_table[_i].factor);

		ck_assert_int_ge(j, d);
		if (d > 0)
			ck_assert_int_lt(j, hi);
		else
			ck_assert_int_eq(j, 0);
		lo_seen = j < lo_seen ? j : lo_seen;
		hi_seen = j > hi_seen ? j : hi_seen;
	}
	/* The spread uses the whole range, not one end of it. */
	if (d > 0) {
		ck_assert_int_lt(lo_seen - d, (hi - d) / 10);
		ck_assert_int_gt(hi_seen - d, (hi - d) / 10 * 9);
	}
}
END_TEST

static const struct {
	int64_t ns;
	long sec, usec;
} timeval_table[] = {
	{ 0, 0, 0 },
	{ -5 * KC_NSEC_PER_SEC, 0, 0 }, /* past deadlines fire at once */
	{ 1, 0, 1 },                    /* never early: rounded up */
	{ 999, 0, 1 },
	{ 1000, 0, 1 },
	{ 1001, 0, 2 },
	{ 1500 * KC_NSEC_PER_MSEC, 1, 500000 },
	{ KC_NSEC_PER_SEC - 1, 1, 0 }, /* rounds into the next second: normalized */
	{ 3 * KC_NSEC_PER_SEC + 999999001, 4, 0 },
	{ 86400 * KC_NSEC_PER_SEC + 7, 86400, 1 },
};

START_TEST(test_timeval)
{
	struct timeval tv = kc_clock_timeval(timeval_table[_i].ns);

	ck_assert_int_eq(tv.tv_sec, timeval_table[_i].sec);
	ck_assert_int_eq(tv.tv_usec, timeval_table[_i].usec);
}
END_TEST

static Suite *
clock_suite(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_mono_never_goes_back);
	tcase_add_test(tc, test_real_is_epoch_time);
	tcase_add_test(tc, test_rand_unit_range_and_spread);
	tcase_add_loop_test(tc, test_jitter_bounds, 0, (int)KC_ARRAY_SIZE(jitter_table));
	tcase_add_loop_test(tc, test_timeval, 0, (int)KC_ARRAY_SIZE(timeval_table));
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(clock_suite)
