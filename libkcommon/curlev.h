/*
 * curlev.h - libcurl's multi-socket interface on a libevent loop (upstream idea: curl's
 * docs/examples/hiperfifo.c).  Every HTTP and gRPC client call in ckube goes through this, so no
 * daemon ever blocks on the network.
 *
 * A transfer is a CURL easy handle the caller configured (URL, method, body, TLS, headers), then
 * handed over with kc_curl_start(): from then on kc_curl owns it, installs its own write/header
 * callbacks, forwards data to `ops`, calls ops->on_done exactly once, and cleans the handle up.
 *
 * libcurl forbids multi calls from inside its callbacks, and callers start and cancel requests
 * from inside watch-event callbacks all the time.  So starts and cancels are queued and applied
 * from a deferred event on the loop: both are safe anywhere, including inside ops callbacks.
 * After kc_curl_cancel() returns, no callback of that transfer runs again; but libcurl may still
 * write into a CURLOPT_ERRORBUFFER while it winds the transfer down, so detach such a buffer
 * (or keep it alive) before cancelling.
 */
#ifndef KC_CURLEV_H
#define KC_CURLEV_H

#include <stddef.h>

#include <curl/curl.h>

struct event_base;
struct curl_slist;
struct kc_curl;
struct kc_curl_xfer;

struct kc_curl_ops {
	/* One header line as received, CRLF included (trailers too); may be NULL. */
	void (*on_header)(void *arg, const char *line, size_t len);
	/* Body bytes; return 0 to continue, < 0 to abort (on_done then gets CURLE_WRITE_ERROR). */
	int (*on_body)(void *arg, const char *data, size_t len);
	/* The end: result and HTTP status (0 when no response came); called once, not after cancel. */
	void (*on_done)(void *arg, CURLcode result, long http_status);
};

struct kc_curl *kc_curl_new(struct event_base *base);
/* Cancels what is still running (no callbacks). Not from inside a transfer callback. */
struct kc_curl *kc_curl_free(struct kc_curl *m);

/*
 * Takes ownership of `easy` and of `headers` (freed with the transfer; may be NULL) even on
 * failure.  Returns NULL when out of memory (then on_done is not called).
 */
struct kc_curl_xfer *kc_curl_start(struct kc_curl *m, CURL *easy, struct curl_slist *headers,
				   const struct kc_curl_ops *ops, void *arg);
void kc_curl_cancel(struct kc_curl_xfer *x);

/* The easy handle (e.g. for curl_easy_getinfo inside callbacks). */
CURL *kc_curl_easy(struct kc_curl_xfer *x);

/* Number of transfers started and not yet finished or canceled (for tests and metrics). */
size_t kc_curl_active(const struct kc_curl *m);

#endif
