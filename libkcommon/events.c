/*
 * events.c - core/v1 Event recorder with the EventCorrelator (upstream: client-go
 * tools/record/event.go makeEvent/recordToSink/recordEvent, events_cache.go EventAggregator,
 * eventLogger and EventSourceObjectSpamFilter).  Upstream's broadcaster goroutine becomes a FIFO
 * drained on the loop: one request at a time, as tools/record writes, or up to max_in_flight
 * at once for the daemons whose upstream records through tools/events, which writes every
 * event from its own goroutine (kube-scheduler, kube-proxy); events of one involved object stay
 * in order.  Its three LRU caches are hash maps with a recency list.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
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
#include "libkcommon/events.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

static const struct kc_resource event_resource = {
	.group = "",
	.version = "v1",
	.resource = "events",
	.kind = "Event",
	.namespaced = 1,
};

/* ---- a small LRU cache (k8s.io/utils/lru) ---- */

struct lru_node {
	TAILQ_ENTRY(lru_node) link;
	char *key;
	void *value;
};
TAILQ_HEAD(lru_list, lru_node);

struct lru {
	struct kc_strmap *map; /* key -> struct lru_node * */
	struct lru_list order; /* most recent first */
	size_t cap;
	void (*free_value)(void *value);
};

static int
lru_init(struct lru *l, size_t cap, void (*free_value)(void *))
{
	l->map = kc_strmap_new();
	TAILQ_INIT(&l->order);
	l->cap = cap;
	l->free_value = free_value;
	return l->map != NULL ? 0 : KC_ERR_NOMEM;
}

static void
lru_node_free(struct lru *l, struct lru_node *n)
{
	l->free_value(n->value);
	free(n->key);
	free(n);
}

static void
lru_release(struct lru *l)
{
	struct lru_node *n;

	while ((n = TAILQ_FIRST(&l->order)) != NULL) {
		TAILQ_REMOVE(&l->order, n, link);
		lru_node_free(l, n);
	}
	l->map = kc_strmap_free(l->map, NULL);
}

static void *
lru_get(struct lru *l, const char *key)
{
	struct lru_node *n = kc_strmap_get(l->map, key);

	if (n == NULL)
		return NULL;
	TAILQ_REMOVE(&l->order, n, link);
	TAILQ_INSERT_HEAD(&l->order, n, link);
	return n->value;
}

/* Takes value (freed on failure); replaces and frees an old value under key. */
static int
lru_add(struct lru *l, const char *key, void *value)
{
	struct lru_node *n = kc_strmap_get(l->map, key);

	if (n != NULL) {
		if (n->value != value)
			l->free_value(n->value);
		n->value = value;
		TAILQ_REMOVE(&l->order, n, link);
		TAILQ_INSERT_HEAD(&l->order, n, link);
		return 0;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL || (n->key = strdup(key)) == NULL ||
	    kc_strmap_put(l->map, key, n, NULL) < 0) {
		if (n != NULL)
			free(n->key);
		free(n);
		l->free_value(value);
		return KC_ERR_NOMEM;
	}
	n->value = value;
	TAILQ_INSERT_HEAD(&l->order, n, link);
	if (kc_strmap_size(l->map) > l->cap) {
		struct lru_node *old = TAILQ_LAST(&l->order, lru_list);

		TAILQ_REMOVE(&l->order, old, link);
		kc_strmap_remove(l->map, old->key, NULL);
		lru_node_free(l, old);
	}
	return 0;
}

/* ---- cache values ---- */

struct aggregate_record {
	struct kc_strmap *local_keys; /* messages seen */
	int64_t last_ns;
};

struct event_log {
	int64_t count;
	char *first_timestamp;
	char *name;
	char *resource_version;
};

struct spam_record {
	double tokens;
	int64_t last_ns;
};

static void
aggregate_record_free(void *p)
{
	struct aggregate_record *a = p;

	if (a != NULL)
		kc_strmap_free(a->local_keys, NULL);
	free(a);
}

static void
event_log_free(void *p)
{
	struct event_log *e = p;

	if (e != NULL) {
		free(e->first_timestamp);
		free(e->name);
		free(e->resource_version);
	}
	free(e);
}

/* ---- the recorder ---- */

struct pending {
	STAILQ_ENTRY(pending) link;
	json_t *event; /* as made by makeEvent */
};
STAILQ_HEAD(pending_list, pending);

/* One event being written (recordToSink's loop for one event). */
struct write {
	TAILQ_ENTRY(write) link;
	struct kc_events *ev;
	json_t *event;      /* correlated event */
	json_t *patch;      /* NULL: create */
	char *object_key;   /* the involved object: its events are written one at a time */
	int tries;
	int patching;
	struct kc_request *req;
	struct event *retry_ev;
};
TAILQ_HEAD(write_list, write);

struct kc_events {
	struct event_base *base;
	struct kc_client *client;
	char *component, *host;
	double spam_qps;
	int spam_burst;
	int aggregate_max_events;
	int64_t aggregate_interval_ns, retry_sleep_ns;
	int max_tries, max_queued;

	struct lru aggregator, logger, spam;
	struct pending_list queue;
	size_t nqueued;

	/* the events being written: at most max_in_flight, one per involved object */
	struct write_list writes;
	size_t n_writes, max_in_flight;
	struct kc_strmap *busy_objects; /* object key -> the struct write */
	struct event *kick_ev;
	struct kc_events_stats st;
};

/*
 * A new Event's name, "<object name>.<now as UnixNano in hex>" as makeEvent() and the aggregator
 * build it, with that same now as metav1.Time in time_buf.  malloc()ed; NULL when out of memory.
 */
static char *
new_event_name(const char *object_name, char time_buf[KC_META_TIME_BUFSZ])
{
	int64_t now = kc_clock_real_ns();
	char *name;

	kc_meta_time_format(now, time_buf, KC_META_TIME_BUFSZ);
	if (asprintf(&name, "%s.%llx", object_name, (unsigned long long)now) < 0)
		return NULL;
	return name;
}

static const char *
str_at(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);

	if (b != NULL)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : "";
}

/* ref.GetReference(): an ObjectReference for a full object, or the reference itself. */
static json_t *
make_reference(const json_t *obj)
{
	const json_t *meta = json_object_get(obj, "metadata");
	const json_t *src = json_is_object(meta) ? meta : obj;
	json_auto_t *ref = json_object();
	static const char *const fields[] = { "namespace", "name", "uid", "resourceVersion" };

	if (ref == NULL || *str_at(obj, "kind", NULL) == '\0' || *str_at(src, "name", NULL) == '\0')
		return NULL;
	if (json_object_set_new(ref, "kind", json_string(str_at(obj, "kind", NULL))) < 0)
		return NULL;
	for (size_t i = 0; i < KC_ARRAY_SIZE(fields); i++)
		if (*str_at(src, fields[i], NULL) != '\0' &&
		    json_object_set_new(ref, fields[i], json_string(str_at(src, fields[i], NULL))) <
			    0)
			return NULL;
	if (*str_at(obj, "apiVersion", NULL) != '\0' &&
	    json_object_set_new(ref, "apiVersion", json_string(str_at(obj, "apiVersion", NULL))) <
		    0)
		return NULL;
	if (!json_is_object(meta) && *str_at(obj, "fieldPath", NULL) != '\0' &&
	    json_object_set_new(ref, "fieldPath", json_string(str_at(obj, "fieldPath", NULL))) < 0)
		return NULL;
	return kc_take_ptr(ref);
}

/* makeEvent() + the source fields generateEvent() sets. */
static json_t *
make_event(struct kc_events *ev, json_t *ref, const char *type, const char *reason,
	   const char *message)
{
	char now[KC_META_TIME_BUFSZ];
	const char *ns = str_at(ref, "namespace", NULL);
	KC_AUTOFREE char *name = new_event_name(str_at(ref, "name", NULL), now);
	json_t *e;

	if (name == NULL)
		return NULL;
	e = json_pack("{s:s, s:s, s:{s:s, s:s}, s:O, s:s, s:s, s:s, s:s, s:I, s:s, s:{s:s, s:s},"
		      " s:s, s:s}",
		      "apiVersion", "v1", "kind", "Event", "metadata", "name", name, "namespace",
		      *ns != '\0' ? ns : "default", "involvedObject", ref, "reason", reason,
		      "message", message, "firstTimestamp", now, "lastTimestamp", now, "count",
		      (json_int_t)1, "type", type, "source", "component", ev->component, "host",
		      ev->host, "reportingComponent", ev->component, "reportingInstance", ev->host);
	if (e != NULL && *ev->host == '\0') /* source.host is omitempty */
		json_object_del(json_object_get(e, "source"), "host");
	return e;
}

/* ---- EventCorrelator ---- */

static char *
event_key(const json_t *e, int with_reason_message)
{
	const json_t *io = json_object_get(e, "involvedObject");
	struct kc_strbuf sb = KC_STRBUF_INIT;

	(void)kc_strbuf_addf(&sb, "%s%s%s%s%s%s%s%s%s", str_at(e, "source", "component"),
			     str_at(e, "source", "host"), str_at(io, "kind", NULL),
			     str_at(io, "namespace", NULL), str_at(io, "name", NULL),
			     with_reason_message ? str_at(io, "fieldPath", NULL) : "",
			     str_at(io, "uid", NULL), str_at(io, "apiVersion", NULL),
			     str_at(e, "type", NULL));
	if (with_reason_message)
		(void)kc_strbuf_addf(&sb, "%s%s", str_at(e, "reason", NULL),
				     str_at(e, "message", NULL));
	return kc_strbuf_detach(&sb, NULL);
}

/* getEventKey: every field that makes two events the same. */
static char *
get_event_key(const json_t *e)
{
	return event_key(e, 1);
}

/* getSpamKey: source and object, not reason or message. */
static char *
get_spam_key(const json_t *e)
{
	return event_key(e, 0);
}

/* EventAggregatorByReasonFunc's aggregate key. */
static char *
aggregate_key(const json_t *e)
{
	const json_t *io = json_object_get(e, "involvedObject");
	struct kc_strbuf sb = KC_STRBUF_INIT;

	(void)kc_strbuf_addf(
		&sb, "%s%s%s%s%s%s%s%s%s%s%s", str_at(e, "source", "component"),
		str_at(e, "source", "host"), str_at(io, "kind", NULL),
		str_at(io, "namespace", NULL), str_at(io, "name", NULL), str_at(io, "uid", NULL),
		str_at(io, "apiVersion", NULL), str_at(e, "type", NULL), str_at(e, "reason", NULL),
		str_at(e, "reportingComponent", NULL), str_at(e, "reportingInstance", NULL));
	return kc_strbuf_detach(&sb, NULL);
}

/*
 * EventAggregate(): returns the event to record (a new reference: e itself or the combined one)
 * and the cache key to observe it under.
 */
static json_t *
aggregate(struct kc_events *ev, json_t *e, char **ret_key)
{
	KC_AUTOFREE char *akey = aggregate_key(e);
	struct aggregate_record *rec;
	const char *message = str_at(e, "message", NULL);
	int64_t now = kc_clock_mono_ns();
	char nowstr[KC_META_TIME_BUFSZ];
	KC_AUTOFREE char *name = NULL, *msg = NULL;
	json_t *combined;

	if (akey == NULL)
		return NULL;
	rec = lru_get(&ev->aggregator, akey);
	if (rec == NULL || now - rec->last_ns > ev->aggregate_interval_ns) {
		rec = calloc(1, sizeof(*rec));
		if (rec == NULL || (rec->local_keys = kc_strmap_new()) == NULL) {
			free(rec);
			return NULL;
		}
		if (lru_add(&ev->aggregator, akey, rec) < 0)
			return NULL;
	}
	(void)kc_strmap_put(rec->local_keys, message, NULL, NULL);
	rec->last_ns = now;
	if (kc_strmap_size(rec->local_keys) < (size_t)ev->aggregate_max_events) {
		*ret_key = get_event_key(e);
		return *ret_key != NULL ? json_incref(e) : NULL;
	}
	{
		struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
		const char *k;

		if (kc_strmap_next(rec->local_keys, &it, &k, NULL)) /* PopAny */
			kc_strmap_remove(rec->local_keys, k, NULL);
	}
	name = new_event_name(str_at(json_object_get(e, "involvedObject"), "name", NULL), nowstr);
	if (name == NULL || asprintf(&msg, "(combined from similar events): %s", message) < 0)
		return NULL;
	combined = json_pack("{s:s, s:s, s:{s:s, s:s}, s:I, s:s, s:O, s:s, s:s, s:s, s:s, s:O}",
			     "apiVersion", "v1", "kind", "Event", "metadata", "name", name,
			     "namespace", str_at(e, "metadata", "namespace"), "count",
			     (json_int_t)1, "firstTimestamp", nowstr, "involvedObject",
			     json_object_get(e, "involvedObject"), "lastTimestamp", nowstr,
			     "message", msg, "type", str_at(e, "type", NULL), "reason",
			     str_at(e, "reason", NULL), "source", json_object_get(e, "source"));
	if (combined != NULL)
		*ret_key = kc_take_ptr(akey);
	return combined;
}

/*
 * eventObserve(): a repeat of a known event keeps its name, resourceVersion and
 * firstTimestamp, raises count, and is sent as a patch of count, lastTimestamp and message.
 * Returns a new reference; *ret_patch is a new reference or NULL.
 */
static json_t *
observe(struct kc_events *ev, json_t *e, const char *key, json_t **ret_patch)
{
	struct event_log *last = lru_get(&ev->logger, key), *log;
	json_auto_t *copy = json_deep_copy(e);
	json_t *meta;

	*ret_patch = NULL;
	if (copy == NULL)
		return NULL;
	meta = json_object_get(copy, "metadata");
	if (last != NULL && last->count > 0) {
		(void)json_object_set_new(meta, "name", json_string(last->name));
		if (last->resource_version != NULL)
			(void)json_object_set_new(meta, "resourceVersion",
						  json_string(last->resource_version));
		(void)json_object_set_new(copy, "firstTimestamp",
					  json_string(last->first_timestamp));
		(void)json_object_set_new(copy, "count", json_integer(last->count + 1));
		*ret_patch = json_pack("{s:I, s:O, s:O}", "count", (json_int_t)(last->count + 1),
				       "lastTimestamp", json_object_get(copy, "lastTimestamp"),
				       "message", json_object_get(copy, "message"));
	}
	log = calloc(1, sizeof(*log));
	if (log != NULL) {
		log->count = json_integer_value(json_object_get(copy, "count"));
		log->first_timestamp = strdup(str_at(copy, "firstTimestamp", NULL));
		log->name = strdup(str_at(copy, "metadata", "name"));
		log->resource_version = strdup(str_at(copy, "metadata", "resourceVersion"));
		(void)lru_add(&ev->logger, key, log);
	}
	return kc_take_ptr(copy);
}

/* EventSourceObjectSpamFilter.Filter(): 1 when the event must be dropped. */
static int
spam_filtered(struct kc_events *ev, const json_t *e)
{
	KC_AUTOFREE char *key = get_spam_key(e);
	struct spam_record *rec;
	int64_t now = kc_clock_mono_ns();

	if (key == NULL)
		return 0;
	rec = lru_get(&ev->spam, key);
	if (rec == NULL) {
		rec = calloc(1, sizeof(*rec));
		if (rec == NULL)
			return 0;
		rec->tokens = ev->spam_burst;
		rec->last_ns = now;
		if (lru_add(&ev->spam, key, rec) < 0)
			return 0;
	}
	rec->tokens += (double)(now - rec->last_ns) / 1e9 * ev->spam_qps;
	if (rec->tokens > ev->spam_burst)
		rec->tokens = ev->spam_burst;
	rec->last_ns = now;
	if (rec->tokens < 1)
		return 1;
	rec->tokens -= 1;
	return 0;
}

/* UpdateState(): remember what the server now holds. */
static void
update_state(struct kc_events *ev, const json_t *e)
{
	KC_AUTOFREE char *key = get_event_key(e);
	struct event_log *log;

	if (key == NULL || (log = calloc(1, sizeof(*log))) == NULL)
		return;
	log->count = json_integer_value(json_object_get(e, "count"));
	log->first_timestamp = strdup(str_at(e, "firstTimestamp", NULL));
	log->name = strdup(str_at(e, "metadata", "name"));
	log->resource_version = strdup(str_at(e, "metadata", "resourceVersion"));
	(void)lru_add(&ev->logger, key, log);
}

/* ---- writing ---- */

static void kick(struct kc_events *ev, int64_t delay_ns);
static void response_cb(void *arg, const struct kc_response *resp);

/*
 * The involved object of an event: events of one object are correlated (aggregated, counted,
 * spam-filtered) against each other, so they are written in order, one at a time.
 */
static char *
object_key(const json_t *e)
{
	const json_t *o = json_object_get(e, "involvedObject");
	const char *uid = str_at(o, "uid", NULL);

	if (*uid != '\0')
		return strdup(uid);
	return kc_strfmt("%s/%s/%s", str_at(o, "kind", NULL), str_at(o, "namespace", NULL),
			 str_at(o, "name", NULL));
}

static void
write_free(struct write *w)
{
	if (w->req != NULL)
		kc_request_cancel(w->req);
	if (w->retry_ev != NULL)
		event_free(w->retry_ev);
	json_decref(w->event);
	json_decref(w->patch);
	free(w->object_key);
	free(w);
}

static void
write_done(struct write *w)
{
	struct kc_events *ev = w->ev;

	w->req = NULL;
	kc_strmap_remove(ev->busy_objects, w->object_key, NULL);
	TAILQ_REMOVE(&ev->writes, w, link);
	ev->n_writes--;
	ev->nqueued--;
	write_free(w);
	kick(ev, 0);
}

/* recordEvent(): PATCH a repeat (falling back to create when gone), else create. */
static void
write_send(struct write *w)
{
	struct kc_events *ev = w->ev;
	const char *ns = str_at(w->event, "metadata", "namespace");

	w->patching = w->patch != NULL && json_integer_value(json_object_get(w->event, "count")) > 1;
	if (w->patching) {
		w->req = kc_client_patch(ev->client, &event_resource, ns,
					 str_at(w->event, "metadata", "name"), NULL,
					 "application/strategic-merge-patch+json", w->patch,
					 response_cb, w);
	} else {
		json_object_del(json_object_get(w->event, "metadata"), "resourceVersion");
		w->req = kc_client_create(ev->client, &event_resource, ns, w->event, response_cb,
					  w);
	}
	if (w->req == NULL) {
		kc_error("Unable to write event (will not retry!): out of memory");
		ev->st.failed++;
		write_done(w);
	}
}

static void
retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	write_send(arg);
}

/* After a failed attempt: sleeps and retries, up to max_tries. */
static void
write_retry_later(struct write *w)
{
	struct kc_events *ev = w->ev;
	struct timeval tv;
	int64_t delay;

	if (++w->tries >= ev->max_tries) {
		kc_error("Unable to write event '%s' (retry limit exceeded!)",
			 str_at(w->event, "metadata", "name"));
		ev->st.failed++;
		write_done(w);
		return;
	}
	ev->st.retries++;
	delay = ev->retry_sleep_ns;
	if (w->tries == 1) /* so that clients do not all retry in step */
		delay = (int64_t)((double)delay * kc_clock_rand_unit());
	tv = kc_clock_timeval(delay);
	if (w->retry_ev == NULL)
		w->retry_ev = evtimer_new(ev->base, retry_cb, w);
	if (w->retry_ev == NULL || evtimer_add(w->retry_ev, &tv) < 0) {
		kc_error("Unable to write event (will not retry!): out of memory");
		ev->st.failed++;
		write_done(w);
	}
}

static void
response_cb(void *arg, const struct kc_response *resp)
{
	struct write *w = arg;
	struct kc_events *ev = w->ev;

	w->req = NULL;
	if (resp->r >= 0) {
		if (w->patching)
			ev->st.patched++;
		else
			ev->st.created++;
		update_state(ev, json_is_object(resp->body) ? resp->body : w->event);
		write_done(w);
		return;
	}
	if (w->patching && resp->r == KC_ERR_NOT_FOUND) {
		json_decref(w->patch);
		w->patch = NULL;
		write_send(w);
		return;
	}
	if (resp->http_status != 0) {
		/* A Status from the server: retrying would not help. */
		if (resp->r == KC_ERR_ALREADY_EXISTS)
			kc_v(5, "Server rejected event (will not retry!): %s", resp->message);
		else
			kc_error("Server rejected event '%s' (will not retry!): %s",
				 str_at(w->event, "metadata", "name"), resp->message);
		ev->st.failed++;
		write_done(w);
		return;
	}
	kc_error("Unable to write event '%s' (may retry after sleeping): %s",
		 str_at(w->event, "metadata", "name"), resp->message);
	write_retry_later(w);
}

/* recordToSink(): correlate queued event p and write it; takes p. */
static void
write_start(struct kc_events *ev, struct pending *p, char *key)
{
	struct write *w = calloc(1, sizeof(*w));
	KC_AUTOFREE char *agg_key = NULL;
	json_auto_t *agg = NULL;

	agg = aggregate(ev, p->event, &agg_key);
	json_decref(p->event);
	free(p);
	if (w != NULL && agg != NULL)
		w->event = observe(ev, agg, agg_key, &w->patch);
	if (w == NULL || w->event == NULL ||
	    kc_strmap_put(ev->busy_objects, key, w, NULL) < 0) {
		kc_error("Unable to correlate event (will not retry!): out of memory");
		ev->st.dropped++;
		ev->nqueued--;
		if (w != NULL) {
			json_decref(w->event);
			json_decref(w->patch);
		}
		free(w);
		free(key);
		return;
	}
	w->ev = ev;
	w->object_key = key;
	TAILQ_INSERT_TAIL(&ev->writes, w, link);
	ev->n_writes++;
	if (spam_filtered(ev, w->event)) {
		ev->st.skipped++;
		write_done(w);
		return;
	}
	write_send(w);
}

/*
 * Starts writing queued events, in order, while fewer than max_in_flight are being written and
 * the next one's object has no event being written (that one waits for it: the correlator
 * must see the first before it counts the second).
 */
static void
kick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct kc_events *ev = arg;

	(void)fd;
	(void)what;
	while (ev->n_writes < ev->max_in_flight && !STAILQ_EMPTY(&ev->queue)) {
		struct pending *p = STAILQ_FIRST(&ev->queue);
		char *key = object_key(p->event);

		if (key == NULL || kc_strmap_contains(ev->busy_objects, key)) {
			free(key);
			if (key == NULL)
				kick(ev, KC_NSEC_PER_SEC); /* out of memory: try again later */
			return;
		}
		STAILQ_REMOVE_HEAD(&ev->queue, link);
		write_start(ev, p, key);
	}
}

static void
kick(struct kc_events *ev, int64_t delay_ns)
{
	struct timeval tv = kc_clock_timeval(delay_ns);

	if (!evtimer_pending(ev->kick_ev, NULL) || delay_ns > 0)
		evtimer_add(ev->kick_ev, &tv);
}

/* ---- public ---- */

void
kc_events_event(struct kc_events *ev, const json_t *obj, const char *type, const char *reason,
		const char *message)
{
	json_auto_t *ref = NULL;
	struct pending *p;

	if (ev == NULL)
		return;
	if (type == NULL || (strcmp(type, "Normal") != 0 && strcmp(type, "Warning") != 0)) {
		kc_error("Unsupported event type: '%s'", type != NULL ? type : "");
		ev->st.dropped++;
		return;
	}
	ref = make_reference(obj);
	if (ref == NULL) {
		kc_error(
			"Could not construct reference, will not report event: type '%s' reason '%s' message '%s'",
			type, reason != NULL ? reason : "", message != NULL ? message : "");
		ev->st.dropped++;
		return;
	}
	if (ev->nqueued >= (size_t)ev->max_queued) {
		kc_error("Unable to record event: too many queued events, dropped event");
		ev->st.dropped++;
		return;
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL || (p->event = make_event(ev, ref, type, reason != NULL ? reason : "",
						message != NULL ? message : "")) == NULL) {
		free(p);
		ev->st.dropped++;
		return;
	}
	STAILQ_INSERT_TAIL(&ev->queue, p, link);
	ev->nqueued++;
	if (ev->n_writes < ev->max_in_flight)
		kick(ev, 0);
}

void
kc_events_eventf(struct kc_events *ev, const json_t *obj, const char *type, const char *reason,
		 const char *fmt, ...)
{
	KC_AUTOFREE char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = kc_vstrfmt(fmt, ap);
	va_end(ap);
	if (msg == NULL) {
		if (ev != NULL)
			ev->st.dropped++;
		return;
	}
	kc_events_event(ev, obj, type, reason, msg);
}

void
kc_events_stats(const struct kc_events *ev, struct kc_events_stats *ret)
{
	*ret = ev->st;
	ret->queued = ev->nqueued;
	ret->in_flight = ev->n_writes;
}

struct kc_events *
kc_events_free(struct kc_events *ev)
{
	struct pending *p;
	struct write *w;

	if (ev == NULL)
		return NULL;
	while ((w = TAILQ_FIRST(&ev->writes)) != NULL) {
		TAILQ_REMOVE(&ev->writes, w, link);
		write_free(w);
	}
	kc_strmap_free(ev->busy_objects, NULL);
	if (ev->kick_ev != NULL)
		event_free(ev->kick_ev);
	while ((p = STAILQ_FIRST(&ev->queue)) != NULL) {
		STAILQ_REMOVE_HEAD(&ev->queue, link);
		json_decref(p->event);
		free(p);
	}
	if (ev->aggregator.map != NULL)
		lru_release(&ev->aggregator);
	if (ev->logger.map != NULL)
		lru_release(&ev->logger);
	if (ev->spam.map != NULL)
		lru_release(&ev->spam);
	free(ev->component);
	free(ev->host);
	free(ev);
	return NULL;
}

struct kc_events *
kc_events_new(struct event_base *base, struct kc_client *client, const struct kc_events_config *cfg)
{
	struct kc_events *ev;
	size_t cache;

	if (base == NULL || client == NULL || cfg == NULL || cfg->component == NULL)
		return NULL;
	ev = calloc(1, sizeof(*ev));
	if (ev == NULL)
		return NULL;
	STAILQ_INIT(&ev->queue);
	TAILQ_INIT(&ev->writes);
	ev->base = base;
	ev->client = client;
	ev->component = strdup(cfg->component);
	ev->host = strdup(cfg->host != NULL ? cfg->host : "");
	ev->spam_qps = cfg->spam_qps > 0 ? cfg->spam_qps : 1.0 / 300.0;
	ev->spam_burst = cfg->spam_burst > 0 ? cfg->spam_burst : 25;
	ev->aggregate_max_events = cfg->aggregate_max_events > 0 ? cfg->aggregate_max_events : 10;
	ev->aggregate_interval_ns =
		cfg->aggregate_interval_ns > 0 ? cfg->aggregate_interval_ns : 600 * KC_NSEC_PER_SEC;
	ev->retry_sleep_ns = cfg->retry_sleep_ns > 0 ? cfg->retry_sleep_ns : 10 * KC_NSEC_PER_SEC;
	ev->max_tries = cfg->max_tries > 0 ? cfg->max_tries : 12;
	ev->max_queued = cfg->max_queued > 0 ? cfg->max_queued : 1000;
	ev->max_in_flight = cfg->max_in_flight > 0 ? (size_t)cfg->max_in_flight : 1;
	ev->busy_objects = kc_strmap_new();
	cache = cfg->cache_size > 0 ? (size_t)cfg->cache_size : 4096;
	ev->kick_ev = evtimer_new(base, kick_cb, ev);
	if (ev->component == NULL || ev->host == NULL || ev->kick_ev == NULL ||
	    ev->busy_objects == NULL ||
	    lru_init(&ev->aggregator, cache, aggregate_record_free) < 0 ||
	    lru_init(&ev->logger, cache, event_log_free) < 0 ||
	    lru_init(&ev->spam, cache, free) < 0)
		return kc_events_free(ev);
	return ev;
}
