/*
 * loop_testutil.h - what the loop-driven unit tests share: turning a libevent loop until a
 * condition holds or a timeout passes, a millisecond clock for timing assertions, and the usual
 * fixture of a loop, a fake apiserver serving a test's resources and a REST client for it.
 *
 * Everything runs on the test's thread.  The fixture's setup fails the running Check test (it
 * asserts) rather than returning errors.
 */
#ifndef KC_LOOP_TESTUTIL_H
#define KC_LOOP_TESTUTIL_H

#include <stdint.h>

struct event_base;
struct kc_client;
struct kc_fake_apiserver;
struct kc_resource;

/* CLOCK_MONOTONIC now, in milliseconds / in seconds. */
int64_t kc_test_mono_ms(void);
double kc_test_mono_s(void);

/*
 * Turns base until cond(arg) holds or timeout_ms passed, checking cond after every turn;
 * returns cond(arg) at the end.  With cond NULL it turns base for timeout_ms and returns 0.
 */
int kc_test_run_until(struct event_base *base, int (*cond)(void *arg), void *arg, int timeout_ms);
/* Turns base for ms milliseconds, whatever happens. */
void kc_test_run_for(struct event_base *base, int ms);
/* A condition for kc_test_run_until(): the int arg points at is non-zero (a "done" flag). */
int kc_test_flag_set(void *arg);
/*
 * Lets base run freely and looks every 2 ms whether *counter >= want or timeout_ms passed;
 * returns whether it got there.  With counter NULL it runs base for timeout_ms and returns 0.
 * Unlike kc_test_run_until(), what the loop does right after the counter moves (up to the next
 * look) still happens before it returns: the etcd and gRPC tests were written against that
 * (e.g. a client tearing down a failed connection from a deferred event).
 */
int kc_test_poll_until(struct event_base *base, const int *counter, int want, int timeout_ms);
/* Turns base once more without blocking (libevent finalizes freed bufferevents there), frees it. */
void kc_test_base_free(struct event_base *base);

/*
 * core/v1 events as the apiserver serves them: what the event recorder writes to, so that every
 * test recording Events serves the same resource (independently of events.c's own descriptor).
 */
extern const struct kc_resource kc_test_events_resource;

/* A loop, a fake apiserver on it and a client of that apiserver. */
struct kc_test_loop {
	struct event_base *base;
	struct kc_fake_apiserver *fake;
	struct kc_client *client;
};

/*
 * Sets up t: a new base, a fake apiserver serving each resource of the NULL-terminated array
 * (no flags), and a client for its URL with the rate limiter off (qps -1), so that tests see
 * requests go out at once.
 */
void kc_test_loop_init(struct kc_test_loop *t, const struct kc_resource *const *resources);
/* Frees the client, the fake apiserver and the base, and clears t; fine on a cleared t. */
void kc_test_loop_release(struct kc_test_loop *t);

#endif
