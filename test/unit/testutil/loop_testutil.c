/*
 * loop_testutil.c - run-until-or-timeout on a libevent loop, and the loop + fake apiserver +
 * client fixture of the informer, leader election and event recorder tests.
 */
#include <string.h>

#include <check.h>
#include <event2/event.h>

#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "test/unit/testutil/fake_apiserver.h"
#include "test/unit/testutil/loop_testutil.h"

const struct kc_resource kc_test_events_resource = {
	.group = "",
	.version = "v1",
	.resource = "events",
	.kind = "Event",
	.namespaced = 1,
};

int64_t
kc_test_mono_ms(void)
{
	return kc_clock_mono_ns() / KC_NSEC_PER_MSEC;
}

double
kc_test_mono_s(void)
{
	return (double)kc_clock_mono_ns() / (double)KC_NSEC_PER_SEC;
}

static void
on_deadline(evutil_socket_t fd, short what, void *arg)
{
	*(int *)arg = 1;
}

int
kc_test_run_until(struct event_base *base, int (*cond)(void *arg), void *arg, int timeout_ms)
{
	int expired = 0;
	struct event *deadline = evtimer_new(base, on_deadline, &expired);
	struct timeval tv = kc_clock_timeval((int64_t)timeout_ms * KC_NSEC_PER_MSEC);

	ck_assert_ptr_nonnull(deadline);
	evtimer_add(deadline, &tv);
	/* EVLOOP_ONCE returns after each batch of callbacks, the deadline's included. */
	while (!(cond != NULL && cond(arg)) && !expired)
		event_base_loop(base, EVLOOP_ONCE);
	event_free(deadline);
	return cond != NULL ? cond(arg) : 0;
}

void
kc_test_run_for(struct event_base *base, int ms)
{
	(void)kc_test_run_until(base, NULL, NULL, ms);
}

int
kc_test_flag_set(void *arg)
{
	return *(const int *)arg != 0;
}

struct poll {
	struct event_base *base;
	const int *counter;
	int want;
	int64_t deadline_ms;
};

static void
on_poll_tick(evutil_socket_t fd, short what, void *arg)
{
	const struct poll *p = arg;

	if ((p->counter != NULL && *p->counter >= p->want) || kc_test_mono_ms() > p->deadline_ms)
		event_base_loopbreak(p->base);
}

int
kc_test_poll_until(struct event_base *base, const int *counter, int want, int timeout_ms)
{
	struct poll p = { base, counter, want, kc_test_mono_ms() + timeout_ms };
	struct timeval tick = { 0, 2000 };
	struct event *ev = event_new(base, -1, EV_PERSIST, on_poll_tick, &p);

	ck_assert_ptr_nonnull(ev);
	event_add(ev, &tick);
	event_base_dispatch(base);
	event_free(ev);
	return counter != NULL && *counter >= want;
}

void
kc_test_base_free(struct event_base *base)
{
	if (base == NULL)
		return;
	event_base_loop(base, EVLOOP_NONBLOCK);
	event_base_free(base);
}

void
kc_test_loop_init(struct kc_test_loop *t, const struct kc_resource *const *resources)
{
	struct kc_rest_config cfg = { 0 };

	memset(t, 0, sizeof(*t));
	t->base = event_base_new();
	ck_assert_ptr_nonnull(t->base);
	t->fake = kc_fake_apiserver_new(t->base, NULL);
	ck_assert_ptr_nonnull(t->fake);
	for (size_t i = 0; resources[i] != NULL; i++)
		ck_assert_int_eq(kc_fake_apiserver_add_resource(t->fake, resources[i], 0), 0);
	cfg.server = (char *)kc_fake_apiserver_url(t->fake);
	cfg.qps = -1;
	t->client = kc_client_new(t->base, &cfg);
	ck_assert_ptr_nonnull(t->client);
}

void
kc_test_loop_release(struct kc_test_loop *t)
{
	kc_client_free(t->client);
	kc_fake_apiserver_free(t->fake);
	kc_test_base_free(t->base);
	memset(t, 0, sizeof(*t));
}
