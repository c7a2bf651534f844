/*
 * shutdown.h - graceful shutdown on SIGTERM, the steps of upstream's genericapiserver
 * (staging/src/k8s.io/apiserver/pkg/server/genericapiserver.go RunWithContext and
 * lifecycle_signals.go, filters/with_retry_after.go):
 *
 *   ShutdownInitiated            /readyz fails ("[-]shutdown failed"); everything else serves
 *   --shutdown-delay-duration    ... for this long, so load balancers notice
 *   AfterShutdownDelayDuration   the listeners close and every connection closes after its
 *                                current request; with --shutdown-send-retry-after the
 *                                listeners stay open and new requests get 429 + Retry-After
 *                                until the requests in flight are done
 *   InFlightRequestsDrained      requests in flight (not watches) have been answered
 *   watches                      end cleanly (the chunked body ends, so clients relist
 *                                elsewhere): at once, or after at most
 *                                --shutdown-watch-termination-grace-period when it is set
 *   then done() is called: the daemon stops its loop and exits 0.
 *
 * Everything is bounded by SHUTDOWN_TIMEOUT_MS after the delay (upstream's ShutdownTimeout,
 * 60 s): requests still running then are cut.
 */
#ifndef KUBE_APISERVER_SHUTDOWN_H
#define KUBE_APISERVER_SHUTDOWN_H

#include <stdint.h>

struct apiserver;
struct event_base;

#define SHUTDOWN_TIMEOUT_MS 60000

struct apiserver_shutdown_options {
	int64_t delay_ns;             /* --shutdown-delay-duration */
	int send_retry_after;         /* --shutdown-send-retry-after */
	int64_t watch_grace_ns;       /* --shutdown-watch-termination-grace-period */
	long timeout_ms;              /* 0: SHUTDOWN_TIMEOUT_MS */
	void (*done)(void *arg);      /* called once, on the loop, when the server may stop */
	void *arg;
};

struct apiserver_shutdown;

/* Starts the sequence now (call it from the SIGTERM handler); NULL when out of memory. */
struct apiserver_shutdown *apiserver_shutdown_start(struct event_base *base, struct apiserver *s,
						    const struct apiserver_shutdown_options *o);
/* Cancels what is pending and frees; NULL-safe, returns NULL. */
struct apiserver_shutdown *apiserver_shutdown_free(struct apiserver_shutdown *sd);

#endif
