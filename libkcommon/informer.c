/*
 * informer.c - list + watch + relist into a store, with shared event handlers and resync
 * (upstream: client-go tools/cache/reflector.go ListAndWatch/list/watch/handleAnyWatch,
 * shared_informer.go processDeltas/distribute/AddEventHandler, tools/pager/pager.go).
 *
 * Upstream runs a reflector goroutine feeding a DeltaFIFO that another goroutine pops into the
 * indexer and the listeners.  On one loop there is nothing to decouple: each list result or
 * watch event is applied to the store and handed to the handlers at once, in the order the
 * DeltaFIFO would have produced.  The reflector's blocking loop becomes a small state machine:
 *
 *	start -> LIST (pages) -> WATCH -> (clean end) WATCH ...
 *	          ^                 | 410 / error / very short watch
 *	          +---- backoff ----+            429 / connection error: backoff -> WATCH
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <event2/event.h>
#include <jansson.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/client.h"
#include "libkcommon/clock.h"
#include "libkcommon/duration.h"
#include "libkcommon/errors.h"
#include "libkcommon/informer.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"

#define DEFAULT_BACKOFF_INITIAL   (800 * KC_NSEC_PER_MSEC)
#define DEFAULT_BACKOFF_MAX       (30 * KC_NSEC_PER_SEC)
#define DEFAULT_BACKOFF_RESET     (120 * KC_NSEC_PER_SEC)
#define DEFAULT_MIN_WATCH_TIMEOUT (300 * KC_NSEC_PER_SEC)
#define DEFAULT_PAGE_SIZE         500             /* pager.defaultPageSize */
#define MIN_RESYNC_PERIOD         KC_NSEC_PER_SEC /* shared_informer.go minimumResyncPeriod */

struct kc_informer_handle {
	TAILQ_ENTRY(kc_informer_handle) link;
	struct kc_informer_handler h;
	void *arg;
	int64_t resync_ns; /* 0 = none */
	int64_t next_resync_ns;
	int syncing; /* due at the last resync check: gets same-RV updates */
	int removed;
};
TAILQ_HEAD(handle_list, kc_informer_handle);

struct synced_waiter {
	void (*fn)(void *arg);
	void *arg;
	struct synced_waiter *next;
};

enum list_phase {
	LIST_PAGES, /* following continue tokens */
	LIST_FULL,  /* pager fallback: one unpaginated list after an expired continue */
};

struct kc_informer {
	struct event_base *base;
	struct kc_client *client;
	const struct kc_resource *res;
	char *name, *ns, *label_selector, *field_selector, *api_version;
	kc_informer_transform_fn transform;
	void *transform_arg;
	int64_t default_resync_ns, page_size;
	int64_t backoff_initial_ns, backoff_max_ns, backoff_reset_ns, min_watch_timeout_ns;

	struct kc_store *store;
	struct handle_list handles;
	int dispatching; /* depth of handler calls; removed handles are freed at 0 */
	int64_t resync_check_ns;

	int started, synced;
	struct synced_waiter *waiters;

	/* reflector state (reflector.go) */
	char *last_rv;
	int rv_unavailable; /* isLastSyncResourceVersionUnavailable */
	int paginated_result;

	/* the list in progress */
	struct kc_request *list_req;
	json_t *list_items;
	char *list_rv;      /* resourceVersion of the first page */
	char *list_opts_rv; /* what this list asked for */
	char *continue_token;
	int64_t list_limit;
	enum list_phase list_phase;
	int list_paginated;
	int list_retried; /* already relisted with "" after a 410 */

	/* the watch in progress */
	struct kc_watch *watch;
	int64_t watch_start_ns;
	uint64_t watch_events;
	char *watch_error; /* message of an ERROR event, until done_cb */

	/* backoff manager (wait.NewExponentialBackoffManager(800ms, 30s, 2m, 2.0, 1.0)) */
	int64_t backoff_next_ns;
	int64_t last_backoff_start_ns;
	int backoff_used;

	struct event *timer; /* backoff, then relist or rewatch */
	int timer_relists;
	struct event *resync_ev;
	struct event *synced_ev;
	struct kc_informer_stats st;
};

static void list_begin(struct kc_informer *inf);
static void watch_begin(struct kc_informer *inf);

static int
set_str(char **dst, const char *src)
{
	char *c = strdup(src != NULL ? src : "");

	if (c == NULL)
		return KC_ERR_NOMEM;
	free(*dst);
	*dst = c;
	return 0;
}

/* ---- handlers ---- */

static void
reap_handles(struct kc_informer *inf)
{
	struct kc_informer_handle *h, *next;

	if (inf->dispatching > 0)
		return;
	for (h = TAILQ_FIRST(&inf->handles); h != NULL; h = next) {
		next = TAILQ_NEXT(h, link);
		if (h->removed) {
			TAILQ_REMOVE(&inf->handles, h, link);
			free(h);
		}
	}
}

static void
deliver_add(struct kc_informer *inf, const json_t *obj, int initial)
{
	struct kc_informer_handle *h;

	inf->dispatching++;
	TAILQ_FOREACH(h, &inf->handles, link)
		if (!h->removed && h->h.on_add != NULL)
			h->h.on_add(h->arg, obj, initial);
	inf->dispatching--;
	reap_handles(inf);
}

/* Same-resourceVersion updates are resyncs: only syncing handlers get them (distribute()). */
static void
deliver_update(struct kc_informer *inf, const json_t *old, const json_t *cur)
{
	const char *orv = kc_meta_resource_version(old), *nrv = kc_meta_resource_version(cur);
	int is_sync = orv != NULL && nrv != NULL && strcmp(orv, nrv) == 0;
	struct kc_informer_handle *h;

	inf->dispatching++;
	TAILQ_FOREACH(h, &inf->handles, link)
		if (!h->removed && h->h.on_update != NULL && (!is_sync || h->syncing))
			h->h.on_update(h->arg, old, cur);
	inf->dispatching--;
	reap_handles(inf);
}

static void
deliver_delete(struct kc_informer *inf, const json_t *obj, int unknown)
{
	struct kc_informer_handle *h;

	inf->dispatching++;
	TAILQ_FOREACH(h, &inf->handles, link)
		if (!h->removed && h->h.on_delete != NULL)
			h->h.on_delete(h->arg, obj, unknown);
	inf->dispatching--;
	reap_handles(inf);
}

/* ---- resync (reflector startResync + sharedProcessor.shouldResync) ---- */

static int
resync_one(void *arg, const char *key, const json_t *obj)
{
	struct kc_informer *inf = arg;
	struct kc_informer_handle *h;

	TAILQ_FOREACH(h, &inf->handles, link)
		if (!h->removed && h->syncing && h->h.on_update != NULL)
			h->h.on_update(h->arg, obj, obj);
	return 0;
}

static void
arm_resync(struct kc_informer *inf)
{
	struct timeval tv;

	if (inf->resync_check_ns <= 0 || !inf->started)
		return;
	tv = kc_clock_timeval(inf->resync_check_ns);
	evtimer_add(inf->resync_ev, &tv);
}

static void
resync_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_informer *inf = arg;
	struct kc_informer_handle *h;
	int64_t now = kc_clock_mono_ns();
	int any = 0;

	TAILQ_FOREACH(h, &inf->handles, link) {
		h->syncing = !h->removed && h->resync_ns > 0 && now >= h->next_resync_ns;
		if (h->syncing) {
			any = 1;
			h->next_resync_ns = now + h->resync_ns;
		}
	}
	/* The reflector resyncs only while it watches: never a half-listed store. */
	if (any && inf->synced && inf->list_req == NULL) {
		kc_v(4, "%s: forcing resync", inf->name);
		inf->dispatching++;
		(void)kc_store_foreach(inf->store, resync_one, inf);
		inf->dispatching--;
		reap_handles(inf);
	}
	arm_resync(inf);
}

/* ---- synced waiters ---- */

static void
synced_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_informer *inf = arg;
	struct synced_waiter *w;

	while (inf->synced && (w = inf->waiters) != NULL) {
		inf->waiters = w->next;
		w->fn(w->arg);
		free(w);
	}
}

static void
kick_waiters(struct kc_informer *inf)
{
	static const struct timeval zero = { 0, 0 };

	if (inf->waiters != NULL && inf->synced)
		evtimer_add(inf->synced_ev, &zero);
}

/* ---- backoff (apimachinery wait.Backoff with DelayWithReset) ---- */

static int64_t
backoff_step(struct kc_informer *inf)
{
	int64_t now = kc_clock_mono_ns(), d;

	if (!inf->backoff_used || now - inf->last_backoff_start_ns > inf->backoff_reset_ns)
		inf->backoff_next_ns = inf->backoff_initial_ns;
	inf->backoff_used = 1;
	inf->last_backoff_start_ns = now;
	d = inf->backoff_next_ns;
	inf->backoff_next_ns = d * 2 > inf->backoff_max_ns ? inf->backoff_max_ns : d * 2;
	return kc_clock_jitter(d, 1.0);
}

static void
timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_informer *inf = arg;

	if (inf->timer_relists)
		list_begin(inf);
	else
		watch_begin(inf);
}

/* Waits a backoff step, then lists again (relist = 1) or reopens the watch. */
static void
backoff_then(struct kc_informer *inf, int relist)
{
	int64_t d = backoff_step(inf);
	struct timeval tv = kc_clock_timeval(d);

	inf->st.backoffs++;
	inf->st.last_backoff_ns = d;
	inf->timer_relists = relist;
	evtimer_add(inf->timer, &tv);
}

/* ---- list (reflector.list + pager.list) ---- */

static const char *
relist_resource_version(const struct kc_informer *inf)
{
	if (inf->rv_unavailable)
		return "";
	if (inf->last_rv == NULL || *inf->last_rv == '\0')
		return "0";
	return inf->last_rv;
}

static void list_cb(void *arg, const struct kc_response *resp);

static void
list_failed(struct kc_informer *inf, const char *msg)
{
	json_decref(inf->list_items);
	inf->list_items = NULL;
	kc_warning("%s: failed to list %s: %s", inf->name, inf->res->resource, msg);
	backoff_then(inf, 1);
}

static void
send_page(struct kc_informer *inf)
{
	struct kc_list_options o = {
		.label_selector = inf->label_selector,
		.field_selector = inf->field_selector,
		.limit = inf->list_limit,
	};

	if (inf->continue_token != NULL)
		o.continue_token = inf->continue_token;
	else if (inf->list_opts_rv != NULL && *inf->list_opts_rv != '\0')
		o.resource_version = inf->list_opts_rv;
	inf->st.lists++;
	inf->list_req = kc_client_list(inf->client, inf->res, inf->ns, &o, list_cb, inf);
	if (inf->list_req == NULL)
		list_failed(inf, "cannot start the request");
}

/* Starts a list with relistResourceVersion() and client-go's page size rules. */
static void
list_start_with(struct kc_informer *inf, const char *rv)
{
	if (set_str(&inf->list_opts_rv, rv) < 0) {
		list_failed(inf, kc_strerror(KC_ERR_NOMEM));
		return;
	}
	json_decref(inf->list_items);
	inf->list_items = json_array();
	free(inf->list_rv);
	inf->list_rv = NULL;
	free(inf->continue_token);
	inf->continue_token = NULL;
	inf->list_paginated = 0;
	inf->list_phase = LIST_PAGES;
	if (inf->list_items == NULL) {
		list_failed(inf, kc_strerror(KC_ERR_NOMEM));
		return;
	}
	send_page(inf);
}

static void
list_begin(struct kc_informer *inf)
{
	const char *rv = relist_resource_version(inf);

	kc_v(3, "%s: listing and watching %s", inf->name, inf->res->resource);
	/* reflector.list(): pagination unless an exact-ish RV lets the watch cache answer. */
	if (inf->page_size > 0)
		inf->list_limit = inf->page_size;
	else if (inf->paginated_result)
		inf->list_limit = DEFAULT_PAGE_SIZE;
	else if (*rv != '\0' && strcmp(rv, "0") != 0)
		inf->list_limit = 0;
	else
		inf->list_limit = DEFAULT_PAGE_SIZE;
	inf->list_retried = 0;
	list_start_with(inf, rv);
}

/* isTooLargeResourceVersionError(): a Status cause or a Timeout saying so. */
static int
too_large_rv(const struct kc_response *resp)
{
	const json_t *causes = json_object_get(json_object_get(resp->body, "details"), "causes");
	const json_t *c;
	size_t i;

	json_array_foreach(causes, i, c) {
		const char *reason = json_string_value(json_object_get(c, "reason"));
		const char *msg = json_string_value(json_object_get(c, "message"));

		if (reason != NULL && strcmp(reason, "ResourceVersionTooLarge") == 0)
			return 1;
		if (resp->r == KC_ERR_TIMEOUT && msg != NULL &&
		    strcmp(msg, "Too large resource version") == 0)
			return 1;
	}
	return resp->r == KC_ERR_TIMEOUT && resp->message != NULL &&
	       strstr(resp->message, "Too large resource version") != NULL;
}

static int
is_expired(int r)
{
	return r == KC_ERR_EXPIRED || r == KC_ERR_GONE;
}

/* Gives a list item the apiVersion/kind the apiserver leaves out of lists; then transforms. */
static json_t *
prepare_object(struct kc_informer *inf, json_t *obj, int from_list)
{
	json_t *t;

	if (from_list && json_is_object(obj)) {
		if (json_object_get(obj, "kind") == NULL && inf->res->kind != NULL)
			(void)json_object_set_new(obj, "kind", json_string(inf->res->kind));
		if (json_object_get(obj, "apiVersion") == NULL)
			(void)json_object_set_new(obj, "apiVersion", json_string(inf->api_version));
	}
	if (inf->transform != NULL && (t = inf->transform(inf->transform_arg, obj)) != NULL)
		return t;
	return json_incref(obj);
}

static int
collect_items(struct kc_informer *inf, json_t *items)
{
	size_t i;
	json_t *item;

	json_array_foreach(items, i, item)
		if (json_array_append_new(inf->list_items, prepare_object(inf, item, 1)) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

static void list_done(struct kc_informer *inf);

/* The request failed: the pager and reflector fallbacks, or backoff and relist. */
static void
list_error(struct kc_informer *inf, const struct kc_response *resp)
{
	if (resp->r == KC_ERR_EXPIRED && inf->continue_token != NULL) {
		/* pager FullListIfExpired: the continue token expired, list everything at once. */
		free(inf->continue_token);
		inf->continue_token = NULL;
		json_array_clear(inf->list_items);
		inf->list_limit = 0;
		inf->list_phase = LIST_FULL;
		send_page(inf);
		return;
	}
	if ((is_expired(resp->r) || too_large_rv(resp)) && !inf->list_retried) {
		kc_v(4, "%s: list of %s at resourceVersion \"%s\" failed: %s, listing again",
		     inf->name, inf->res->resource, inf->list_opts_rv, resp->message);
		inf->rv_unavailable = 1;
		inf->list_retried = 1;
		list_start_with(inf, relist_resource_version(inf));
		return;
	}
	list_failed(inf, resp->message);
}

static void
list_cb(void *arg, const struct kc_response *resp)
{
	struct kc_informer *inf = arg;
	const json_t *meta;
	const char *cont;

	inf->list_req = NULL;
	if (resp->r < 0) {
		list_error(inf, resp);
		return;
	}
	if (!json_is_object(resp->body) || (json_object_get(resp->body, "items") != NULL &&
					    !json_is_array(json_object_get(resp->body, "items")))) {
		list_failed(inf, "unable to understand list result");
		return;
	}
	meta = json_object_get(resp->body, "metadata");
	if (inf->list_rv == NULL &&
	    set_str(&inf->list_rv, json_string_value(json_object_get(meta, "resourceVersion"))) <
		    0) {
		list_failed(inf, kc_strerror(KC_ERR_NOMEM));
		return;
	}
	if (collect_items(inf, json_object_get(resp->body, "items")) < 0) {
		list_failed(inf, kc_strerror(KC_ERR_NOMEM));
		return;
	}
	cont = json_string_value(json_object_get(meta, "continue"));
	if (inf->list_phase == LIST_PAGES && cont != NULL && *cont != '\0') {
		if (set_str(&inf->continue_token, cont) < 0) {
			list_failed(inf, kc_strerror(KC_ERR_NOMEM));
			return;
		}
		inf->list_paginated = 1;
		send_page(inf);
		return;
	}
	list_done(inf);
}

static void
replace_delta(void *arg, enum kc_store_delta type, const char *key, const json_t *old,
	      const json_t *cur)
{
	struct kc_informer *inf = arg;

	switch (type) {
	case KC_STORE_DELTA_ADD:
		deliver_add(inf, cur, !inf->synced);
		break;
	case KC_STORE_DELTA_UPDATE:
		deliver_update(inf, old, cur);
		break;
	case KC_STORE_DELTA_DELETE:
		deliver_delete(inf, old, 1);
		break;
	}
}

static void
list_done(struct kc_informer *inf)
{
	json_t *items = inf->list_items;
	int r;

	inf->list_items = NULL;
	if (strcmp(inf->list_opts_rv, "0") == 0 && inf->list_paginated)
		inf->paginated_result = 1;
	inf->rv_unavailable = 0;
	r = kc_store_replace(inf->store, items, replace_delta, inf);
	json_decref(items);
	if (r < 0) {
		list_failed(inf, "unable to sync list result: out of memory");
		return;
	}
	free(inf->last_rv);
	inf->last_rv = kc_take_ptr(inf->list_rv);
	if (inf->synced)
		inf->st.relists++;
	inf->synced = 1;
	kick_waiters(inf);
	kc_v(2, "%s: caches populated for %s", inf->name, inf->res->resource);
	watch_begin(inf);
}

/* ---- watch (reflector.watch + handleAnyWatch) ---- */

static void watch_event_cb(void *arg, enum kc_watch_event_type type, json_t *object);
static void watch_done_cb(void *arg, int r);

static void
watch_begin(struct kc_informer *inf)
{
	/* minWatchTimeout.Seconds() * (rand.Float64() + 1.0) */
	int64_t timeout_s = kc_clock_jitter(inf->min_watch_timeout_ns, 1.0) / KC_NSEC_PER_SEC;
	struct kc_list_options o = {
		.label_selector = inf->label_selector,
		.field_selector = inf->field_selector,
		.resource_version = inf->last_rv,
		.timeout_seconds = timeout_s,
		.allow_watch_bookmarks = 1,
	};

	inf->st.watches++;
	inf->watch_start_ns = kc_clock_mono_ns();
	inf->watch_events = 0;
	inf->watch = kc_client_watch(inf->client, inf->res, inf->ns, &o, watch_event_cb,
				     watch_done_cb, inf);
	if (inf->watch == NULL) {
		kc_warning("%s: failed to watch %s: cannot start the request", inf->name,
			   inf->res->resource);
		backoff_then(inf, 1);
	}
}

/*
 * reflector.watch(): a clean end (or a stream broken mid-way, which upstream's decoder also ends
 * quietly) watches again at once unless it was a "very short watch"; connection failures and
 * 429s back off and watch again (isWatchErrorRetriable); anything else, 410 included, relists.
 */
static void
watch_ended(struct kc_informer *inf, int r, const char *msg)
{
	int64_t lasted = kc_clock_mono_ns() - inf->watch_start_ns;
	int very_short = lasted < KC_NSEC_PER_SEC && inf->watch_events == 0;

	if (r == 0 || r == KC_ERR_IO) {
		if (!very_short) {
			kc_v(4, "%s: watch close - %s total %llu items received", inf->name,
			     inf->res->resource, (unsigned long long)inf->watch_events);
			watch_begin(inf);
			return;
		}
		kc_warning(
			"%s: watch of %s ended with: very short watch: unexpected watch close - watch lasted less than a second and no items received",
			inf->name, inf->res->resource);
		backoff_then(inf, 1);
	} else if (is_expired(r)) {
		kc_v(4, "%s: watch of %s closed with: %s", inf->name, inf->res->resource, msg);
		backoff_then(inf, 1);
	} else if (r == KC_ERR_TOO_MANY_REQUESTS ||
		   (r == KC_ERR_UNAVAILABLE && inf->watch_events == 0)) {
		kc_v(2, "%s: watch of %s returned %s - backing off", inf->name, inf->res->resource,
		     msg);
		backoff_then(inf, 0);
	} else {
		kc_warning("%s: watch of %s ended with: %s", inf->name, inf->res->resource, msg);
		backoff_then(inf, 1);
	}
}

static void
watch_done_cb(void *arg, int r)
{
	struct kc_informer *inf = arg;
	KC_AUTOFREE char *msg = kc_take_ptr(inf->watch_error);

	inf->watch = NULL;
	watch_ended(inf, r, msg != NULL ? msg : kc_strerror(r));
}

static void
apply_upsert(struct kc_informer *inf, json_t *obj)
{
	json_t *cur = prepare_object(inf, obj, 0), *old = NULL;
	int r = kc_store_add(inf->store, cur, &old);

	if (r < 0) {
		kc_v(2, "%s: unable to add watch event object to store: %s", inf->name,
		     kc_strerror(r));
	} else if (old != NULL) {
		deliver_update(inf, old, cur);
	} else {
		deliver_add(inf, cur, 0);
	}
	json_decref(old);
	json_decref(cur);
}

static void
apply_delete(struct kc_informer *inf, json_t *obj)
{
	json_t *cur = prepare_object(inf, obj, 0);
	const char *name = kc_meta_name(cur);
	KC_AUTOFREE char *key = NULL;

	if (name == NULL || *name == '\0') {
		kc_v(2, "%s: unable to delete watch event object without a name", inf->name);
	} else if ((key = kc_meta_key(cur)) == NULL) {
		kc_v(2, "%s: unable to delete watch event object: %s", inf->name,
		     kc_strerror(KC_ERR_NOMEM));
	} else {
		(void)kc_store_delete(inf->store, key, NULL);
		deliver_delete(inf, cur, 0);
	}
	json_decref(cur);
}

static void
watch_event_cb(void *arg, enum kc_watch_event_type type, json_t *object)
{
	struct kc_informer *inf = arg;
	const char *rv;

	inf->watch_events++;
	inf->st.watch_events++;
	if (type == KC_WATCH_ERROR) {
		/* The client ends the watch after an ERROR; done_cb gets the Status's code. */
		const char *msg = json_string_value(json_object_get(object, "message"));

		free(inf->watch_error);
		inf->watch_error = msg != NULL ? strdup(msg) : NULL;
		return;
	}
	if (!json_is_object(json_object_get(object, "metadata"))) {
		kc_v(2, "%s: unable to understand watch event object", inf->name);
		return;
	}
	rv = kc_meta_resource_version(object);
	switch (type) {
	case KC_WATCH_ADDED:
	case KC_WATCH_MODIFIED:
		apply_upsert(inf, object);
		break;
	case KC_WATCH_DELETED:
		apply_delete(inf, object);
		break;
	default: /* BOOKMARK: only the resourceVersion */
		break;
	}
	if (rv != NULL && *rv != '\0' && set_str(&inf->last_rv, rv) < 0)
		kc_v(2, "%s: cannot record resourceVersion: out of memory", inf->name);
}

/* ---- public ---- */

json_t *
kc_informer_strip_managed_fields(void *arg, const json_t *obj)
{
	json_t *meta = json_object_get(obj, "metadata"), *copy, *mcopy;

	if (json_object_get(meta, "managedFields") == NULL)
		return NULL;
	/* Shallow copies: the children stay shared, only the two changed objects are new. */
	copy = json_copy((json_t *)obj);
	mcopy = json_copy(meta);
	if (copy == NULL || mcopy == NULL) {
		json_decref(copy);
		json_decref(mcopy);
		return NULL;
	}
	json_object_del(mcopy, "managedFields");
	if (json_object_set_new(copy, "metadata", mcopy) < 0) {
		json_decref(copy);
		return NULL;
	}
	return copy;
}

struct kc_informer *
kc_informer_free(struct kc_informer *inf)
{
	struct kc_informer_handle *h;
	struct synced_waiter *w;

	if (inf == NULL)
		return NULL;
	if (inf->list_req != NULL)
		kc_request_cancel(inf->list_req);
	if (inf->watch != NULL)
		kc_watch_cancel(inf->watch);
	if (inf->timer != NULL)
		event_free(inf->timer);
	if (inf->resync_ev != NULL)
		event_free(inf->resync_ev);
	if (inf->synced_ev != NULL)
		event_free(inf->synced_ev);
	while ((h = TAILQ_FIRST(&inf->handles)) != NULL) {
		TAILQ_REMOVE(&inf->handles, h, link);
		free(h);
	}
	while ((w = inf->waiters) != NULL) {
		inf->waiters = w->next;
		free(w);
	}
	json_decref(inf->list_items);
	kc_store_free(inf->store);
	free(inf->name);
	free(inf->ns);
	free(inf->label_selector);
	free(inf->field_selector);
	free(inf->api_version);
	free(inf->last_rv);
	free(inf->list_rv);
	free(inf->list_opts_rv);
	free(inf->continue_token);
	free(inf->watch_error);
	free(inf);
	return NULL;
}

static char *
strdup_or_null(const char *s, int *failed)
{
	char *c;

	if (s == NULL || *s == '\0')
		return NULL;
	c = strdup(s);
	if (c == NULL)
		*failed = 1;
	return c;
}

static int64_t
or_default(int64_t v, int64_t def)
{
	return v > 0 ? v : def;
}

struct kc_informer *
kc_informer_new(struct event_base *base, struct kc_client *client,
		const struct kc_informer_config *cfg)
{
	struct kc_informer *inf;
	const struct kc_resource *res;
	int failed = 0, r;

	if (base == NULL || client == NULL || cfg == NULL || cfg->resource == NULL ||
	    cfg->resource->resource == NULL || cfg->resource->version == NULL)
		return NULL;
	res = cfg->resource;
	inf = calloc(1, sizeof(*inf));
	if (inf == NULL)
		return NULL;
	TAILQ_INIT(&inf->handles);
	inf->base = base;
	inf->client = client;
	inf->res = res;
	inf->name = strdup(cfg->name != NULL ? cfg->name : res->resource);
	inf->ns = strdup_or_null(cfg->namespace, &failed);
	inf->label_selector = strdup_or_null(cfg->label_selector, &failed);
	inf->field_selector = strdup_or_null(cfg->field_selector, &failed);
	if (res->group != NULL && *res->group != '\0')
		r = asprintf(&inf->api_version, "%s/%s", res->group, res->version);
	else
		r = asprintf(&inf->api_version, "%s", res->version);
	if (r < 0)
		inf->api_version = NULL;
	inf->transform = cfg->transform;
	inf->transform_arg = cfg->transform_arg;
	inf->default_resync_ns = cfg->resync_period_ns > 0 ? cfg->resync_period_ns : 0;
	inf->page_size = cfg->page_size > 0 ? cfg->page_size : 0;
	inf->backoff_initial_ns = or_default(cfg->backoff_initial_ns, DEFAULT_BACKOFF_INITIAL);
	inf->backoff_max_ns = or_default(cfg->backoff_max_ns, DEFAULT_BACKOFF_MAX);
	inf->backoff_reset_ns = or_default(cfg->backoff_reset_ns, DEFAULT_BACKOFF_RESET);
	inf->min_watch_timeout_ns =
		or_default(cfg->min_watch_timeout_ns, DEFAULT_MIN_WATCH_TIMEOUT);
	if (inf->min_watch_timeout_ns < KC_NSEC_PER_SEC)
		inf->min_watch_timeout_ns = KC_NSEC_PER_SEC;
	inf->store = kc_store_new();
	inf->timer = evtimer_new(base, timer_cb, inf);
	inf->resync_ev = evtimer_new(base, resync_cb, inf);
	inf->synced_ev = evtimer_new(base, synced_cb, inf);
	if (failed || inf->name == NULL || inf->api_version == NULL || inf->store == NULL ||
	    inf->timer == NULL || inf->resync_ev == NULL || inf->synced_ev == NULL)
		return kc_informer_free(inf);
	return inf;
}

int
kc_informer_add_index(struct kc_informer *inf, const char *name, kc_store_index_fn fn, void *arg)
{
	return kc_store_add_index(inf->store, name, fn, arg);
}

/* shared_informer.go AddEventHandlerWithResyncPeriod: clamp and maybe lower the check period. */
static int64_t
handler_resync_period(struct kc_informer *inf, int64_t want)
{
	if (want < 0)
		want = inf->default_resync_ns;
	if (want <= 0)
		return 0;
	if (want < MIN_RESYNC_PERIOD) {
		kc_v(4, "%s: resync period too small, using the minimum of 1s", inf->name);
		want = MIN_RESYNC_PERIOD;
	}
	if (inf->resync_check_ns <= 0 || want < inf->resync_check_ns) {
		if (inf->started && inf->resync_check_ns > 0) {
			kc_v(4,
			     "%s: resync period is smaller than the resync check period of the running informer, using the check period",
			     inf->name);
			return inf->resync_check_ns;
		}
		inf->resync_check_ns = want;
		if (inf->started) {
			evtimer_del(inf->resync_ev);
			arm_resync(inf);
		}
	}
	return want;
}

static int
replay_one(void *arg, const char *key, const json_t *obj)
{
	struct kc_informer_handle *h = arg;

	if (!h->removed && h->h.on_add != NULL)
		h->h.on_add(h->arg, obj, 1);
	return 0;
}

struct kc_informer_handle *
kc_informer_add_handler(struct kc_informer *inf, const struct kc_informer_handler *handler,
			void *arg, int64_t resync_period_ns)
{
	struct kc_informer_handle *h;

	if (handler == NULL)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return NULL;
	h->h = *handler;
	h->arg = arg;
	h->resync_ns = handler_resync_period(inf, resync_period_ns);
	h->next_resync_ns = kc_clock_mono_ns() + h->resync_ns;
	TAILQ_INSERT_TAIL(&inf->handles, h, link);
	if (inf->started) {
		inf->dispatching++;
		(void)kc_store_foreach(inf->store, replay_one, h);
		inf->dispatching--;
		reap_handles(inf);
	}
	return h;
}

void
kc_informer_remove_handler(struct kc_informer *inf, struct kc_informer_handle *handle)
{
	if (handle == NULL)
		return;
	handle->removed = 1;
	reap_handles(inf);
}

int
kc_informer_start(struct kc_informer *inf)
{
	if (inf->started)
		return 0;
	inf->started = 1;
	kc_v(3, "%s: starting reflector %s", inf->name, inf->res->resource);
	arm_resync(inf);
	list_begin(inf);
	return 0;
}

int
kc_informer_has_synced(const struct kc_informer *inf)
{
	return inf->synced;
}

int
kc_informer_on_synced(struct kc_informer *inf, void (*fn)(void *arg), void *arg)
{
	struct synced_waiter *w, **pp;

	if (fn == NULL)
		return KC_ERR_INVALID;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return KC_ERR_NOMEM;
	w->fn = fn;
	w->arg = arg;
	for (pp = &inf->waiters; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = w;
	kick_waiters(inf);
	return 0;
}

struct kc_store *
kc_informer_store(const struct kc_informer *inf)
{
	return inf->store;
}

const json_t *
kc_informer_get(const struct kc_informer *inf, const char *key)
{
	return kc_store_get(inf->store, key);
}

const char *
kc_informer_last_sync_resource_version(const struct kc_informer *inf)
{
	return inf->last_rv != NULL ? inf->last_rv : "";
}

void
kc_informer_stats(const struct kc_informer *inf, struct kc_informer_stats *ret)
{
	*ret = inf->st;
}
