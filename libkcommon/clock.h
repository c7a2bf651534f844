/*
 * clock.h - the clocks, timer intervals and jitter every loop-driven module shares (upstream:
 * k8s.io/utils/clock RealClock, apimachinery/pkg/util/wait/backoff.go Jitter).
 *
 * Durations and deadlines are int64 nanoseconds (the units of KC_NSEC_PER_* in duration.h).
 * Deadlines and elapsed times use the monotonic clock, which never jumps with the wall clock;
 * timestamps that leave the process (metav1.Time, Event names) use the real one.
 *
 * The random numbers are for spreading retries, not for secrets: they come from getrandom(2),
 * with a clock-derived fallback when the kernel has no entropy to give.  Every function here is
 * safe to call from any thread.
 */
#ifndef KC_CLOCK_H
#define KC_CLOCK_H

#include <stdint.h>
#include <sys/time.h>

/* CLOCK_MONOTONIC now, in nanoseconds: for deadlines and elapsed time. */
int64_t kc_clock_mono_ns(void);
/* CLOCK_REALTIME now, in nanoseconds since the Unix epoch: for timestamps. */
int64_t kc_clock_real_ns(void);

/* A uniform double in [0, 1) (Go's rand.Float64()). */
double kc_clock_rand_unit(void);
/*
 * wait.Jitter: d plus a random part of up to max_factor * d, i.e. a duration in
 * [d, d + max_factor * d).  A max_factor <= 0 means 1.0, as upstream.
 */
int64_t kc_clock_jitter(int64_t d_ns, double max_factor);

/*
 * A delay for evtimer_add(): ns rounded up to a whole microsecond, so a timer never fires
 * before the deadline it was armed for; a negative ns is 0 (fire on the next loop turn).
 */
struct timeval kc_clock_timeval(int64_t ns);

#endif
