/*
 * shutdown.c - graceful shutdown (upstream: staging/src/k8s.io/apiserver/pkg/server/
 * genericapiserver.go RunWithContext's shutdown sequence, lifecycle_signals.go and
 * filters/with_retry_after.go).  A timer walks the phases of shutdown.h on the loop.
 */
#include <stdlib.h>

#include <event2/event.h>

#include "kube-apiserver/server.h"
#include "kube-apiserver/shutdown.h"
#include "libkcommon/clock.h"
#include "libkcommon/http_server.h"
#include "libkcommon/log.h"

#define DRAIN_POLL_MS 50

enum phase {
	PHASE_DELAY,    /* readyz fails, serving goes on */
	PHASE_DRAIN,    /* waiting for the requests in flight */
	PHASE_WATCHES,  /* waiting (at most the grace period) for watches to end */
	PHASE_DONE,
};

struct apiserver_shutdown {
	struct apiserver *s;
	struct apiserver_shutdown_options o;
	struct event *timer;
	enum phase phase;
	int64_t drain_start_ns;
	int64_t watches_start_ns;
};

static void
arm(struct apiserver_shutdown *sd, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(sd->timer, &tv);
}

static int64_t
elapsed_ms(int64_t since_ns)
{
	return (kc_clock_mono_ns() - since_ns) / 1000000;
}

static void
finish(struct apiserver_shutdown *sd, const char *why)
{
	sd->phase = PHASE_DONE;
	kc_info("Shutdown: %s; stopping", why);
	sd->o.done(sd->o.arg);
}

/* AfterShutdownDelayDuration: stop taking connections (or reject), close idle ones. */
static void
begin_drain(struct apiserver_shutdown *sd, struct kc_http_server *http)
{
	sd->phase = PHASE_DRAIN;
	sd->drain_start_ns = kc_clock_mono_ns();
	if (sd->o.send_retry_after)
		apiserver_reject_new_requests(sd->s);
	else
		kc_http_server_close_listeners(http);
	kc_info("Shutdown: delay elapsed, draining requests in flight");
}

/* One turn of the drain; returns 1 when the sequence is over. */
static int
drain_step(struct apiserver_shutdown *sd, struct kc_http_server *http)
{
	int end_watches = sd->o.watch_grace_ns <= 0 ||
			  (sd->phase == PHASE_WATCHES &&
			   elapsed_ms(sd->watches_start_ns) >= sd->o.watch_grace_ns / 1000000);
	size_t streams, in_flight;

	kc_http_server_drain(http, end_watches);
	in_flight = kc_http_server_in_flight(http, &streams);
	if (sd->phase == PHASE_DRAIN && in_flight == 0) {
		/* InFlightRequestsDrained: now nothing may come in any more */
		kc_http_server_close_listeners(http);
		sd->phase = PHASE_WATCHES;
		sd->watches_start_ns = kc_clock_mono_ns();
		return drain_step(sd, http);
	}
	if (sd->phase == PHASE_WATCHES && streams == 0) {
		finish(sd, "requests and watches drained");
		return 1;
	}
	if (elapsed_ms(sd->drain_start_ns) >= sd->o.timeout_ms) {
		kc_warning("Shutdown: %zu requests and %zu watches still running after %ld ms",
			   in_flight, streams, sd->o.timeout_ms);
		finish(sd, "timed out");
		return 1;
	}
	return 0;
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct apiserver_shutdown *sd = arg;
	struct kc_http_server *http = apiserver_http_server(sd->s);

	(void)fd;
	(void)what;
	if (sd->phase == PHASE_DONE)
		return;
	if (http == NULL) {
		finish(sd, "server already stopped");
		return;
	}
	if (sd->phase == PHASE_DELAY)
		begin_drain(sd, http);
	if (!drain_step(sd, http))
		arm(sd, DRAIN_POLL_MS);
}

struct apiserver_shutdown *
apiserver_shutdown_start(struct event_base *base, struct apiserver *s,
			 const struct apiserver_shutdown_options *o)
{
	struct apiserver_shutdown *sd = calloc(1, sizeof(*sd));

	if (sd == NULL)
		return NULL;
	sd->s = s;
	sd->o = *o;
	if (sd->o.timeout_ms <= 0)
		sd->o.timeout_ms = SHUTDOWN_TIMEOUT_MS;
	sd->timer = evtimer_new(base, on_timer, sd);
	if (sd->timer == NULL) {
		free(sd);
		return NULL;
	}
	apiserver_shutdown_initiated(s);
	kc_info("Shutdown initiated: /readyz fails; draining in %lld ms",
		(long long)(o->delay_ns / 1000000));
	arm(sd, (long)(o->delay_ns > 0 ? o->delay_ns / 1000000 : 0));
	return sd;
}

struct apiserver_shutdown *
apiserver_shutdown_free(struct apiserver_shutdown *sd)
{
	if (sd == NULL)
		return NULL;
	event_free(sd->timer);
	free(sd);
	return NULL;
}
