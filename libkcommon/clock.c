/*
 * clock.c - monotonic and wall clocks, timer intervals and wait.Jitter (upstream:
 * k8s.io/utils/clock/clock.go RealClock, apimachinery/pkg/util/wait/backoff.go Jitter).
 */
#include <stdint.h>
#include <sys/random.h>
#include <sys/time.h>
#include <time.h>

#include "libkcommon/clock.h"
#include "libkcommon/duration.h"

static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * KC_NSEC_PER_SEC + ts.tv_nsec;
}

int64_t
kc_clock_mono_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

int64_t
kc_clock_real_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

/* splitmix64 over the clock and a counter: distinct values even when called in a burst. */
static uint64_t
fallback_bits(void)
{
	static _Atomic uint64_t counter;
	uint64_t z = (uint64_t)kc_clock_mono_ns() + (counter++ + 1) * 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double
kc_clock_rand_unit(void)
{
	uint64_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != (ssize_t)sizeof(v))
		v = fallback_bits();
	/* The top 53 bits: every double in [0, 1) with that spacing is equally likely. */
	return (double)(v >> 11) / (double)(1ULL << 53);
}

int64_t
kc_clock_jitter(int64_t d_ns, double max_factor)
{
	if (max_factor <= 0.0)
		max_factor = 1.0;
	return d_ns + (int64_t)(kc_clock_rand_unit() * max_factor * (double)d_ns);
}

struct timeval
kc_clock_timeval(int64_t ns)
{
	struct timeval tv;

	if (ns < 0)
		ns = 0;
	tv.tv_sec = (time_t)(ns / KC_NSEC_PER_SEC);
	tv.tv_usec =
		(suseconds_t)((ns % KC_NSEC_PER_SEC + KC_NSEC_PER_USEC - 1) / KC_NSEC_PER_USEC);
	if (tv.tv_usec == 1000000) {
		tv.tv_sec++;
		tv.tv_usec = 0;
	}
	return tv;
}
