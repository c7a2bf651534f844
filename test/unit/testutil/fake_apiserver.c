/*
 * fake_apiserver.c - an in-process apiserver for unit tests on libevent's evhttp (upstream
 * behaviour mirrored from apiserver/pkg/registry/generic/registry/store.go, storage/cacher and
 * apimachinery/pkg/api/errors); see fake_apiserver.h for what it serves.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/validation.h"
#include "libkcommon/watch.h"
#include "test/unit/testutil/fake_apiserver.h"
#include "test/unit/testutil/loop_testutil.h"

#ifndef TAILQ_FOREACH_SAFE /* glibc's sys/queue.h lacks it */
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)                                         \
	for ((var) = TAILQ_FIRST((head)); (var) && ((tvar) = TAILQ_NEXT((var), field), 1); \
	     (var) = (tvar))
#endif

struct fres {
	char *group, *version, *resource, *kind;
	char *api_version; /* "v1", "apps/v1" */
	int namespaced;
	unsigned flags;
	json_t *objects; /* "ns/name" (or "name") -> object; stored objects are never mutated */
};

struct hist_event {
	int64_t rv;
	struct fres *res;
	enum kc_watch_event_type type;
	json_t *obj;  /* the new state; for DELETED the last state at the deletion's RV */
	json_t *prev; /* the state before; NULL for ADDED */
};

enum sel_op {
	SEL_EQ,
	SEL_NE,
	SEL_EXISTS,
	SEL_NOT_EXISTS,
	SEL_IN,
	SEL_NOTIN
};

struct sel_term {
	char *key;
	enum sel_op op;
	char **values;
	size_t nvalues;
};

struct selector {
	struct sel_term *terms;
	size_t n;
	int fields; /* field selector: keys are dotted paths into the object */
};

struct fwatch {
	TAILQ_ENTRY(fwatch) link;
	struct kc_fake_apiserver *f;
	struct evhttp_request *req;
	struct evhttp_connection *conn;
	struct fres *res;
	char *ns; /* NULL = all namespaces */
	struct selector labels, fields;
	int bookmarks;
	struct event *timeout;
};

struct pending {
	TAILQ_ENTRY(pending) link;
	struct kc_fake_apiserver *f;
	struct evhttp_request *req;
	struct evhttp_connection *conn;
	struct event *timer;
};

struct kc_fake_apiserver {
	struct event_base *base;
	struct evhttp *http;
	SSL_CTX *ssl;
	char url[64];
	int port;

	struct fres **res;
	size_t nres;

	int64_t rv;
	int64_t compacted_rv; /* watches need every event after their RV: too old below this */
	struct hist_event *hist;
	size_t hist_start, hist_len, hist_cap;
	size_t history_window;
	int watch_410_as_http;

	TAILQ_HEAD(, fwatch) watches;
	TAILQ_HEAD(, pending) pendings;
	struct event *bookmark_timer;
	int bookmark_interval_ms;

	int fail_n, fail_status, fail_retry_after;
	int delay_ms;
	kc_fake_apiserver_hook_fn hook;
	void *hook_arg;

	struct kc_fake_request *log;
	size_t nlog, log_cap;
};

/* --- small helpers ------------------------------------------------------------------------ */

static char *
xstrdup(const char *s)
{
	char *p = strdup(s != NULL ? s : "");

	if (p == NULL)
		abort(); /* test code: out of memory is fatal */
	return p;
}

static const char *
meta_str(const json_t *obj, const char *field)
{
	return json_string_value(json_object_get(json_object_get(obj, "metadata"), field));
}

static json_t *
meta_of(json_t *obj)
{
	json_t *m = json_object_get(obj, "metadata");

	if (!json_is_object(m)) {
		m = json_object();
		json_object_set_new(obj, "metadata", m);
	}
	return m;
}

static void
set_rv(json_t *obj, int64_t rv)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)rv);
	json_object_set_new(meta_of(obj), "resourceVersion", json_string(buf));
}

static char *
make_key(const struct fres *res, const char *ns, const char *name)
{
	char *key;

	if (res->namespaced) {
		if (asprintf(&key, "%s/%s", ns != NULL ? ns : "", name) < 0)
			abort();
	} else {
		key = xstrdup(name);
	}
	return key;
}

static const char *
reason_phrase(int code)
{
	switch (code) {
	case 200:
		return "OK";
	case 201:
		return "Created";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Entity";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	default:
		return "Status";
	}
}

/* "pods", "deployments.apps": upstream's GroupResource.String(). */
static void
group_resource(const struct fres *res, char *buf, size_t len)
{
	if (res->group[0] != '\0')
		snprintf(buf, len, "%s.%s", res->resource, res->group);
	else
		snprintf(buf, len, "%s", res->resource);
}

/* --- replies ------------------------------------------------------------------------------ */

void
kc_fake_apiserver_reply_json(struct evhttp_request *req, int code, const json_t *body)
{
	struct evbuffer *buf = evbuffer_new();
	char *s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);

	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  "application/json");
	if (s != NULL) {
		evbuffer_add(buf, s, strlen(s));
		evbuffer_add(buf, "\n", 1);
	}
	evhttp_send_reply(req, code, reason_phrase(code), buf);
	evbuffer_free(buf);
	free(s);
}

/* A metav1.Status; details (stolen) may be NULL. */
static json_t *
status_new(int code, const char *reason, const char *message, json_t *details)
{
	json_t *st = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status",
			       "apiVersion", "v1", "metadata", "status", "Failure", "message",
			       message, "reason", reason, "code", code);

	if (details != NULL)
		json_object_set_new(st, "details", details);
	return st;
}

static const char *
reason_for_code(int code)
{
	int r = kc_err_from_http_status(code);

	return r < 0 ? kc_err_reason(r) : "Unknown";
}

void
kc_fake_apiserver_reply_status(struct evhttp_request *req, int code, const char *message)
{
	json_auto_t *st = status_new(code, reason_for_code(code), message, NULL);

	kc_fake_apiserver_reply_json(req, code, st);
}

static json_t *
details_new(const struct fres *res, const char *name)
{
	json_t *d = json_object();

	if (name != NULL)
		json_object_set_new(d, "name", json_string(name));
	if (res != NULL && res->group[0] != '\0')
		json_object_set_new(d, "group", json_string(res->group));
	if (res != NULL)
		json_object_set_new(d, "kind", json_string(res->resource));
	return d;
}

static void
reply_error(struct evhttp_request *req, int code, const char *reason, const char *message,
	    json_t *details)
{
	json_auto_t *st = status_new(code, reason, message, details);

	kc_fake_apiserver_reply_json(req, code, st);
}

static void
reply_not_found(struct evhttp_request *req, const struct fres *res, const char *name)
{
	char gr[256], msg[600];

	group_resource(res, gr, sizeof(gr));
	snprintf(msg, sizeof(msg), "%s \"%s\" not found", gr, name);
	reply_error(req, 404, "NotFound", msg, details_new(res, name));
}

static void
reply_conflict(struct evhttp_request *req, const struct fres *res, const char *name,
	       const char *why)
{
	char gr[256], msg[1024];

	group_resource(res, gr, sizeof(gr));
	snprintf(msg, sizeof(msg), "Operation cannot be fulfilled on %s \"%s\": %s", gr, name, why);
	reply_error(req, 409, "Conflict", msg, details_new(res, name));
}

static void
reply_bad_request(struct evhttp_request *req, const char *message)
{
	reply_error(req, 400, "BadRequest", message, NULL);
}

/* 422 Invalid with one cause, as upstream's errors.NewInvalid(). */
static void
reply_invalid(struct evhttp_request *req, const struct fres *res, const char *name,
	      const char *cause_reason, const char *field, const char *detail)
{
	char msg[1024];
	json_t *details =
		json_pack("{s:s, s:s, s:[{s:s, s:s, s:s}]}", "name", name, "kind", res->kind,
			  "causes", "reason", cause_reason, "message", detail, "field", field);

	if (res->group[0] != '\0')
		json_object_set_new(details, "group", json_string(res->group));
	snprintf(msg, sizeof(msg), "%s \"%s\" is invalid: %s: %s", res->kind, name, field, detail);
	reply_error(req, 422, "Invalid", msg, details);
}

/* --- selectors ---------------------------------------------------------------------------- */

static void
selector_release(struct selector *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->terms[i].key);
		for (size_t j = 0; j < s->terms[i].nvalues; j++)
			free(s->terms[i].values[j]);
		free(s->terms[i].values);
	}
	free(s->terms);
	s->terms = NULL;
	s->n = 0;
}

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static char *
take_token(const char **pp, const char *stops)
{
	const char *p = *pp, *start = p;
	size_t n;
	char *tok;

	while (*p != '\0' && strchr(stops, *p) == NULL)
		p++;
	n = (size_t)(p - start);
	while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
		n--;
	tok = strndup(start, n);
	if (tok == NULL)
		abort();
	*pp = p;
	return tok;
}

static void
term_add_value(struct sel_term *t, char *v)
{
	t->values = realloc(t->values, (t->nvalues + 1) * sizeof(*t->values));
	if (t->values == NULL)
		abort();
	t->values[t->nvalues++] = v;
}

/* "(a, b)" after in/notin. */
static int
parse_set(const char **pp, struct sel_term *t)
{
	const char *p = skip_ws(*pp);

	if (*p != '(')
		return -1;
	p++;
	for (;;) {
		p = skip_ws(p);
		term_add_value(t, take_token(&p, ",) \t"));
		p = skip_ws(p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != ')')
			return -1;
		*pp = p + 1;
		return 0;
	}
}

static int
parse_term(const char **pp, struct sel_term *t, int fields)
{
	const char *p = skip_ws(*pp);

	if (!fields && *p == '!') {
		p = skip_ws(p + 1);
		t->op = SEL_NOT_EXISTS;
		t->key = take_token(&p, ", \t");
		*pp = p;
		return t->key[0] == '\0' ? -1 : 0;
	}
	t->key = take_token(&p, fields ? "=!," : "=!, \t(");
	if (t->key[0] == '\0')
		return -1;
	p = skip_ws(p);
	if (strncmp(p, "==", 2) == 0 || strncmp(p, "!=", 2) == 0 || *p == '=') {
		t->op = *p == '!' ? SEL_NE : SEL_EQ;
		p += (*p == '=' && p[1] != '=') ? 1 : 2;
		term_add_value(t, take_token(&p, ","));
		*pp = p;
		return 0;
	}
	if (!fields && strncmp(p, "notin", 5) == 0 && (p[5] == ' ' || p[5] == '(')) {
		t->op = SEL_NOTIN;
		p += 5;
		*pp = p;
		return parse_set(pp, t);
	}
	if (!fields && strncmp(p, "in", 2) == 0 && (p[2] == ' ' || p[2] == '(')) {
		t->op = SEL_IN;
		p += 2;
		*pp = p;
		return parse_set(pp, t);
	}
	if (fields)
		return -1;
	t->op = SEL_EXISTS;
	*pp = p;
	return 0;
}

static int
selector_parse(const char *s, int fields, struct selector *out)
{
	const char *p = s != NULL ? s : "";

	memset(out, 0, sizeof(*out));
	out->fields = fields;
	for (p = skip_ws(p); *p != '\0'; p = skip_ws(p)) {
		struct sel_term *t;

		out->terms = realloc(out->terms, (out->n + 1) * sizeof(*out->terms));
		if (out->terms == NULL)
			abort();
		t = &out->terms[out->n++];
		memset(t, 0, sizeof(*t));
		if (parse_term(&p, t, fields) < 0)
			return -1;
		p = skip_ws(p);
		if (*p == ',')
			p++;
		else if (*p != '\0')
			return -1;
	}
	return 0;
}

/* A field's value as text: strings as they are, numbers and booleans formatted. */
static const char *
field_value(const json_t *obj, const char *path, char *buf, size_t len)
{
	const json_t *v = kc_json_get_path(obj, path);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

static int
term_matches(const struct sel_term *t, const json_t *obj, int fields)
{
	char buf[64];
	const char *v;
	int in = 0;

	if (fields)
		v = field_value(obj, t->key, buf, sizeof(buf));
	else
		v = json_string_value(json_object_get(
			json_object_get(json_object_get(obj, "metadata"), "labels"), t->key));
	if (fields && v == NULL)
		v = "";
	switch (t->op) {
	case SEL_EQ:
		return v != NULL && strcmp(v, t->values[0]) == 0;
	case SEL_NE:
		return v == NULL || strcmp(v, t->values[0]) != 0;
	case SEL_EXISTS:
		return v != NULL;
	case SEL_NOT_EXISTS:
		return v == NULL;
	case SEL_IN:
	case SEL_NOTIN:
		for (size_t i = 0; v != NULL && i < t->nvalues; i++)
			in |= strcmp(v, t->values[i]) == 0;
		return t->op == SEL_IN ? in : !in;
	}
	return 0;
}

static int
selector_matches(const struct selector *s, const json_t *obj)
{
	for (size_t i = 0; i < s->n; i++)
		if (!term_matches(&s->terms[i], obj, s->fields))
			return 0;
	return 1;
}

/* --- history and watchers ------------------------------------------------------------------- */

static void
hist_event_release(struct hist_event *e)
{
	json_decref(e->obj);
	json_decref(e->prev);
}

static void
hist_drop_oldest(struct kc_fake_apiserver *f)
{
	struct hist_event *e = &f->hist[f->hist_start];

	f->compacted_rv = e->rv;
	hist_event_release(e);
	f->hist_start++;
	f->hist_len--;
}

static void
hist_append(struct kc_fake_apiserver *f, const struct hist_event *e)
{
	if (f->hist_start + f->hist_len == f->hist_cap) {
		if (f->hist_start > 0) {
			memmove(f->hist, f->hist + f->hist_start, f->hist_len * sizeof(*f->hist));
			f->hist_start = 0;
		}
		if (f->hist_len == f->hist_cap) {
			f->hist_cap = f->hist_cap ? f->hist_cap * 2 : 64;
			f->hist = realloc(f->hist, f->hist_cap * sizeof(*f->hist));
			if (f->hist == NULL)
				abort();
		}
	}
	f->hist[f->hist_start + f->hist_len++] = *e;
	while (f->history_window > 0 && f->hist_len > f->history_window)
		hist_drop_oldest(f);
}

static int
watch_sees(const struct fwatch *w, const json_t *obj)
{
	if (obj == NULL)
		return 0;
	if (w->ns != NULL) {
		const char *ns = meta_str(obj, "namespace");

		if (ns == NULL || strcmp(ns, w->ns) != 0)
			return 0;
	}
	return selector_matches(&w->labels, obj) && selector_matches(&w->fields, obj);
}

static void
watch_send(struct fwatch *w, const char *type, const json_t *obj)
{
	json_auto_t *ev = json_pack("{s:s, s:O}", "type", type, "object", obj);
	KC_AUTOFREE char *s = json_dumps(ev, JSON_COMPACT);
	struct evbuffer *buf = evbuffer_new();

	evbuffer_add(buf, s, strlen(s));
	evbuffer_add(buf, "\n", 1);
	evhttp_send_reply_chunk(w->req, buf);
	evbuffer_free(buf);
}

/* Upstream's transitions: objects entering the selection are ADDED, leaving it DELETED. */
static void
watch_dispatch(struct fwatch *w, const struct hist_event *e)
{
	int now = watch_sees(w, e->obj);
	int before = e->type != KC_WATCH_ADDED && watch_sees(w, e->prev);

	if (w->res != e->res)
		return;
	switch (e->type) {
	case KC_WATCH_ADDED:
		if (now)
			watch_send(w, "ADDED", e->obj);
		break;
	case KC_WATCH_MODIFIED:
		if (now && before)
			watch_send(w, "MODIFIED", e->obj);
		else if (now)
			watch_send(w, "ADDED", e->obj);
		else if (before)
			watch_send(w, "DELETED", e->obj);
		break;
	case KC_WATCH_DELETED:
		if (now)
			watch_send(w, "DELETED", e->obj);
		break;
	default:
		break;
	}
}

static void
watch_free(struct fwatch *w)
{
	if (w->timeout != NULL)
		event_free(w->timeout);
	selector_release(&w->labels);
	selector_release(&w->fields);
	free(w->ns);
	free(w);
}

static void
bookmark_send(struct fwatch *w, int initial_end)
{
	json_auto_t *obj = json_pack("{s:s, s:s, s:{s:n}}", "kind", w->res->kind, "apiVersion",
				     w->res->api_version, "metadata", "creationTimestamp");

	set_rv(obj, w->f->rv);
	if (initial_end)
		json_object_set_new(meta_of(obj), "annotations",
				    json_pack("{s:s}", "k8s.io/initial-events-end", "true"));
	watch_send(w, "BOOKMARK", obj);
}

/* --- the store ------------------------------------------------------------------------------ */

static struct fres *
find_res(struct kc_fake_apiserver *f, const char *group, const char *version, const char *resource)
{
	for (size_t i = 0; i < f->nres; i++) {
		struct fres *r = f->res[i];

		if ((group == NULL || strcmp(r->group, group) == 0) &&
		    (version == NULL || strcmp(r->version, version) == 0) &&
		    strcmp(r->resource, resource) == 0)
			return r;
	}
	return NULL;
}

/* Writes obj (a new reference, stolen) under key, or deletes key; emits the event. */
static int64_t
store_write(struct kc_fake_apiserver *f, struct fres *res, const char *key, json_t *obj,
	    enum kc_watch_event_type type)
{
	struct hist_event e = { .res = res, .type = type, .obj = obj };
	struct fwatch *w, *tmp;

	e.rv = ++f->rv;
	set_rv(obj, e.rv);
	e.prev = json_incref(json_object_get(res->objects, key));
	if (type == KC_WATCH_DELETED)
		json_object_del(res->objects, key);
	else
		json_object_set(res->objects, key, obj);
	TAILQ_FOREACH_SAFE(w, &f->watches, link, tmp)
		watch_dispatch(w, &e);
	hist_append(f, &e);
	return e.rv;
}

static int
cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted keys of the objects of res (caller frees the array, not the strings). */
static const char **
sorted_keys(struct fres *res, size_t *ret_n)
{
	size_t n = json_object_size(res->objects), i = 0;
	const char **keys = calloc(n + 1, sizeof(*keys));
	const char *k;
	json_t *v;

	if (keys == NULL)
		abort();
	json_object_foreach(res->objects, k, v)
		keys[i++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str_ptr);
	*ret_n = n;
	return keys;
}

/* Fields the server owns on creation: kind, apiVersion, uid, creationTimestamp, generation. */
static void
fill_create_fields(const struct fres *res, json_t *obj)
{
	json_t *meta = meta_of(obj);
	char buf[64];

	if (json_string_value(json_object_get(obj, "kind")) == NULL)
		json_object_set_new(obj, "kind", json_string(res->kind));
	if (json_string_value(json_object_get(obj, "apiVersion")) == NULL)
		json_object_set_new(obj, "apiVersion", json_string(res->api_version));
	if (kc_meta_new_uid(buf, sizeof(buf)) < 0)
		abort();
	json_object_set_new(meta, "uid", json_string(buf));
	json_object_set_new(meta, "creationTimestamp", kc_meta_time_json(kc_clock_real_ns()));
	json_object_set_new(meta, "generation", json_integer(1));
	json_object_del(meta, "resourceVersion");
}

/* --- request routing ------------------------------------------------------------------------ */

struct route {
	struct fres *res;
	char *ns, *name, *sub;
	struct evkeyvalq query;
};

static void
route_release(struct route *rt)
{
	free(rt->ns);
	free(rt->name);
	free(rt->sub);
	evhttp_clear_headers(&rt->query);
}

static const char *
query(const struct route *rt, const char *key)
{
	return evhttp_find_header(&rt->query, key);
}

static int
query_true(const struct route *rt, const char *key)
{
	const char *v = query(rt, key);

	return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

#define MAX_SEGS 10

static size_t
split_path(const char *path, char **segs)
{
	size_t n = 0;
	const char *p = path;

	while (*p != '\0' && n < MAX_SEGS) {
		const char *end;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		{
			KC_AUTOFREE char *raw = strndup(p, (size_t)(end - p));

			segs[n++] = evhttp_uridecode(raw, 0, NULL);
		}
		p = end;
	}
	return *p == '\0' || *p == '/' ? n : MAX_SEGS + 1;
}

/* Fills rt; -1 when the path names nothing served (404). */
static int
route_parse(struct kc_fake_apiserver *f, struct evhttp_request *req, struct route *rt)
{
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = evhttp_uri_get_path(uri), *q = evhttp_uri_get_query(uri);
	char *segs[MAX_SEGS + 1] = { NULL };
	size_t n = split_path(path != NULL ? path : "", segs), i = 0;
	const char *group = NULL, *version = NULL;
	int r = -1;

	memset(rt, 0, sizeof(*rt));
	TAILQ_INIT(&rt->query);
	if (q != NULL && evhttp_parse_query_str(q, &rt->query) < 0)
		goto out;
	if (n > MAX_SEGS)
		goto out;
	if (n >= 2 && strcmp(segs[0], "api") == 0) {
		group = "";
		version = segs[1];
		i = 2;
	} else if (n >= 3 && strcmp(segs[0], "apis") == 0) {
		group = segs[1];
		version = segs[2];
		i = 3;
	} else {
		goto out;
	}
	if (n - i >= 3 && strcmp(segs[i], "namespaces") == 0) {
		struct fres *nsres = find_res(f, group, version, segs[i + 2]);

		if (nsres != NULL && nsres->namespaced) {
			rt->ns = xstrdup(segs[i + 1]);
			i += 2;
		}
	}
	if (i >= n || n - i > 3)
		goto out;
	rt->res = find_res(f, group, version, segs[i]);
	if (rt->res == NULL)
		goto out;
	if (n - i >= 2)
		rt->name = xstrdup(segs[i + 1]);
	if (n - i == 3)
		rt->sub = xstrdup(segs[i + 2]);
	r = 0;
out:
	for (size_t j = 0; j < MAX_SEGS + 1; j++)
		free(segs[j]);
	return r;
}

static void
reply_no_route(struct evhttp_request *req)
{
	reply_error(req, 404, "NotFound", "the server could not find the requested resource",
		    json_object());
}

static void
reply_method_not_allowed(struct evhttp_request *req)
{
	reply_error(req, 405, "MethodNotAllowed",
		    "the server does not allow this method on the requested resource",
		    json_object());
}

/* The request body as a JSON value, or NULL after replying 400. */
static json_t *
read_body(struct evhttp_request *req)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	const char *data = (const char *)evbuffer_pullup(in, (ev_ssize_t)len);
	json_error_t jerr;
	json_t *body = json_loadb(data != NULL ? data : "", len, JSON_DECODE_ANY, &jerr);
	char msg[512];

	if (body == NULL) {
		snprintf(msg, sizeof(msg), "couldn't get version/kind; json parse error: %s",
			 jerr.text);
		reply_bad_request(req, msg);
	}
	return body;
}

static json_t *
read_object(struct evhttp_request *req)
{
	json_t *body = read_body(req);

	if (body != NULL && !json_is_object(body)) {
		json_decref(body);
		reply_bad_request(req,
				  "couldn't get version/kind; json parse error: not an object");
		return NULL;
	}
	return body;
}

/* --- GET: one object, a list, a watch ------------------------------------------------------- */

static int
b64url_encode(const char *in, char *out, size_t outlen)
{
	size_t n = strlen(in);
	int len;

	if (outlen < 4 * ((n + 2) / 3) + 1)
		return -1;
	len = EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)in, (int)n);
	while (len > 0 && out[len - 1] == '=')
		len--;
	out[len] = '\0';
	for (int i = 0; i < len; i++)
		out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
	return 0;
}

static char *
b64url_decode(const char *in)
{
	size_t n = strlen(in), padded = (n + 3) / 4 * 4;
	KC_AUTOFREE char *std = calloc(1, padded + 1);
	unsigned char *out = calloc(1, padded + 1);
	int len;

	if (std == NULL || out == NULL)
		abort();
	for (size_t i = 0; i < padded; i++)
		std[i] = i >= n ? '=' : in[i] == '-' ? '+' : in[i] == '_' ? '/' : in[i];
	len = EVP_DecodeBlock(out, (unsigned char *)std, (int)padded);
	if (len < 0) {
		free(out);
		return NULL;
	}
	len -= (int)(padded - n); /* EVP_DecodeBlock counts padding as zero bytes */
	out[len > 0 ? len : 0] = '\0';
	return (char *)out;
}

/* upstream's continue token: base64url({"v":"meta.k8s.io/v1","rv":N,"start":"<key>"}). */
static char *
continue_encode(int64_t rv, const char *start)
{
	json_auto_t *tok = json_pack("{s:s, s:I, s:s}", "v", "meta.k8s.io/v1", "rv", (json_int_t)rv,
				     "start", start);
	KC_AUTOFREE char *s = json_dumps(tok, JSON_COMPACT);
	char *out = malloc(4 * strlen(s) / 3 + 8);

	if (out == NULL || b64url_encode(s, out, 4 * strlen(s) / 3 + 8) < 0)
		abort();
	return out;
}

static int
continue_decode(const char *token, int64_t *ret_rv, char **ret_start)
{
	KC_AUTOFREE char *raw = b64url_decode(token);
	json_auto_t *tok = raw != NULL ? json_loads(raw, 0, NULL) : NULL;
	const char *start = json_string_value(json_object_get(tok, "start"));
	json_t *rv = json_object_get(tok, "rv");

	if (start == NULL || !json_is_integer(rv) ||
	    strcmp(json_string_value(json_object_get(tok, "v")) ?: "", "meta.k8s.io/v1") != 0)
		return -1;
	*ret_rv = json_integer_value(rv);
	*ret_start = xstrdup(start);
	return 0;
}

static int
parse_selectors(struct evhttp_request *req, const struct route *rt, struct selector *labels,
		struct selector *fields)
{
	char msg[600];

	if (selector_parse(query(rt, "labelSelector"), 0, labels) < 0) {
		snprintf(msg, sizeof(msg), "unable to parse requirement: \"%.400s\"",
			 query(rt, "labelSelector"));
		reply_bad_request(req, msg);
		return -1;
	}
	if (selector_parse(query(rt, "fieldSelector"), 1, fields) < 0) {
		snprintf(msg, sizeof(msg), "invalid selector: '%.250s'; can't understand '%.250s'",
			 query(rt, "fieldSelector"), query(rt, "fieldSelector"));
		reply_bad_request(req, msg);
		return -1;
	}
	return 0;
}

static int
in_namespace(const struct route *rt, const json_t *obj)
{
	const char *ns = meta_str(obj, "namespace");

	return rt->ns == NULL || (ns != NULL && strcmp(ns, rt->ns) == 0);
}

/* List items carry no kind/apiVersion, as upstream's typed lists. */
static json_t *
list_item(const json_t *obj)
{
	json_t *item = json_copy((json_t *)obj);

	json_object_del(item, "kind");
	json_object_del(item, "apiVersion");
	return item;
}

static void
handle_list(struct kc_fake_apiserver *f, struct evhttp_request *req, const struct route *rt)
{
	struct selector labels = { 0 }, fields = { 0 };
	const char *limit_s = query(rt, "limit"), *cont = query(rt, "continue");
	long long limit = limit_s != NULL ? atoll(limit_s) : 0;
	KC_AUTOFREE char *start = NULL;
	KC_AUTOFREE const char **keys = NULL;
	int64_t list_rv = f->rv;
	json_auto_t *list = NULL;
	json_t *items, *meta;
	size_t n, i, matched = 0, remaining = 0;
	const char *next = NULL;
	char kind[256], rvbuf[32];

	if (parse_selectors(req, rt, &labels, &fields) < 0)
		goto out;
	if (cont != NULL && *cont != '\0') {
		if (continue_decode(cont, &list_rv, &start) < 0) {
			reply_bad_request(req, "continue key is not valid: incorrect encoded start "
					       "resourceVersion (version meta.k8s.io/v1)");
			goto out;
		}
		if (list_rv < f->compacted_rv) {
			reply_error(
				req, 410, "Expired",
				"The provided continue parameter is too old to display a "
				"consistent list result. You can start a new list without the "
				"continue parameter, or use the continue token in this response "
				"to retrieve the remainder of the results. Continuing with the "
				"provided token results in an inconsistent list - objects that "
				"were created, modified, or deleted between the time the first "
				"chunk was returned and now may show up in the list.",
				NULL);
			goto out;
		}
	}
	snprintf(kind, sizeof(kind), "%sList", rt->res->kind);
	snprintf(rvbuf, sizeof(rvbuf), "%lld", (long long)list_rv);
	list = json_pack("{s:s, s:s, s:{s:s}, s:[]}", "kind", kind, "apiVersion",
			 rt->res->api_version, "metadata", "resourceVersion", rvbuf, "items");
	items = json_object_get(list, "items");
	meta = json_object_get(list, "metadata");
	keys = sorted_keys(rt->res, &n);
	for (i = 0; i < n; i++) {
		json_t *obj = json_object_get(rt->res->objects, keys[i]);

		if ((start != NULL && strcmp(keys[i], start) < 0) || !in_namespace(rt, obj) ||
		    !selector_matches(&labels, obj) || !selector_matches(&fields, obj))
			continue;
		if (limit > 0 && (long long)matched == limit) {
			if (next == NULL)
				next = keys[i];
			remaining++;
			continue;
		}
		json_array_append_new(items, list_item(obj));
		matched++;
	}
	if (next != NULL) {
		KC_AUTOFREE char *token = continue_encode(list_rv, next);

		json_object_set_new(meta, "continue", json_string(token));
		if (labels.n == 0 && fields.n == 0)
			json_object_set_new(meta, "remainingItemCount",
					    json_integer((json_int_t)remaining));
	}
	kc_fake_apiserver_reply_json(req, 200, list);
out:
	selector_release(&labels);
	selector_release(&fields);
}

static void
handle_get(struct kc_fake_apiserver *f, struct evhttp_request *req, const struct route *rt)
{
	KC_AUTOFREE char *key = make_key(rt->res, rt->ns, rt->name);
	json_t *obj = json_object_get(rt->res->objects, key);

	if (obj == NULL || (rt->sub != NULL && strcmp(rt->sub, "status") != 0)) {
		reply_not_found(req, rt->res, rt->name);
		return;
	}
	kc_fake_apiserver_reply_json(req, 200, obj);
}

static void on_conn_close(struct evhttp_connection *conn, void *arg);

static void
on_watch_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct fwatch *w = arg;

	TAILQ_REMOVE(&w->f->watches, w, link);
	evhttp_send_reply_end(w->req);
	watch_free(w);
}

static void
watch_send_too_old(struct kc_fake_apiserver *f, struct evhttp_request *req, long long rv)
{
	char msg[128];
	json_auto_t *st = NULL;
	json_auto_t *ev = NULL;
	KC_AUTOFREE char *s = NULL;
	struct evbuffer *buf;

	snprintf(msg, sizeof(msg), "too old resource version: %lld (%lld)", rv,
		 (long long)f->compacted_rv);
	if (f->watch_410_as_http) {
		reply_error(req, 410, "Expired", msg, NULL);
		return;
	}
	st = status_new(410, "Expired", msg, NULL);
	ev = json_pack("{s:s, s:O}", "type", "ERROR", "object", st);
	s = json_dumps(ev, JSON_COMPACT);
	buf = evbuffer_new();
	evbuffer_add_printf(buf, "%s\n", s);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  "application/json");
	evhttp_send_reply_start(req, 200, "OK");
	evhttp_send_reply_chunk(req, buf);
	evhttp_send_reply_end(req);
	evbuffer_free(buf);
}

static void
handle_watch(struct kc_fake_apiserver *f, struct evhttp_request *req, const struct route *rt)
{
	const char *rv_s = query(rt, "resourceVersion"), *timeout_s = query(rt, "timeoutSeconds");
	int initial = rv_s == NULL || *rv_s == '\0' || strcmp(rv_s, "0") == 0 ||
		      query_true(rt, "sendInitialEvents");
	long long from = 0;
	struct fwatch *w;

	if (!initial) {
		char *end;

		from = strtoll(rv_s, &end, 10);
		if (*end != '\0' || from < 0) {
			char msg[300];

			snprintf(msg, sizeof(msg), "resourceVersion: Invalid value: \"%.200s\"",
				 rv_s);
			reply_bad_request(req, msg);
			return;
		}
		if (from < f->compacted_rv) {
			watch_send_too_old(f, req, from);
			return;
		}
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		abort();
	w->f = f;
	w->req = req;
	w->conn = evhttp_request_get_connection(req);
	w->res = rt->res;
	w->ns = rt->ns != NULL ? xstrdup(rt->ns) : NULL;
	w->bookmarks = query_true(rt, "allowWatchBookmarks");
	if (parse_selectors(req, rt, &w->labels, &w->fields) < 0) {
		watch_free(w);
		return;
	}
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
			  "application/json");
	evhttp_send_reply_start(req, 200, "OK");
	if (initial) {
		size_t n;
		KC_AUTOFREE const char **keys = sorted_keys(rt->res, &n);

		for (size_t i = 0; i < n; i++) {
			json_t *obj = json_object_get(rt->res->objects, keys[i]);

			if (watch_sees(w, obj))
				watch_send(w, "ADDED", obj);
		}
		if (query_true(rt, "sendInitialEvents") && w->bookmarks)
			bookmark_send(w, 1);
	} else {
		for (size_t i = 0; i < f->hist_len; i++) {
			const struct hist_event *e = &f->hist[f->hist_start + i];

			if (e->rv > from)
				watch_dispatch(w, e);
		}
	}
	evhttp_connection_set_closecb(w->conn, on_conn_close, f);
	TAILQ_INSERT_TAIL(&f->watches, w, link);
	if (timeout_s != NULL && atoi(timeout_s) > 0) {
		struct timeval tv = { .tv_sec = atoi(timeout_s) };

		w->timeout = evtimer_new(f->base, on_watch_timeout, w);
		evtimer_add(w->timeout, &tv);
	}
}

/* --- writes --------------------------------------------------------------------------------- */

/* Copies what the server owns from old into obj; bumps generation when .spec changed. */
static void
keep_server_fields(const struct fres *res, const json_t *old, json_t *obj)
{
	json_t *meta = meta_of(obj);
	const json_t *old_meta = json_object_get(old, "metadata");
	static const char *const owned[] = { "uid", "creationTimestamp", "name", "namespace",
					     "resourceVersion" };
	json_int_t gen = json_integer_value(json_object_get(old_meta, "generation"));

	for (size_t i = 0; i < KC_ARRAY_SIZE(owned); i++) {
		json_t *v = json_object_get(old_meta, owned[i]);

		if (v != NULL)
			json_object_set(meta, owned[i], v);
		else
			json_object_del(meta, owned[i]);
	}
	json_object_set_new(obj, "kind", json_string(res->kind));
	json_object_set_new(obj, "apiVersion", json_string(res->api_version));
	if (!json_equal(json_object_get(obj, "spec"), json_object_get((json_t *)old, "spec")))
		gen++;
	json_object_set_new(meta, "generation", json_integer(gen));
}

/* The object an update/patch leads to: status-only for "status", status kept otherwise. */
static json_t *
updated_object(const struct fres *res, const json_t *old, const json_t *candidate, const char *sub)
{
	json_t *obj, *status;

	if (sub != NULL) {
		obj = json_deep_copy(old);
		status = json_object_get(candidate, "status");
	} else {
		obj = json_deep_copy(candidate);
		status = (res->flags & KC_FAKE_STATUS) ? json_object_get(old, "status")
						       : json_object_get(candidate, "status");
	}
	if (status != NULL)
		json_object_set_new(obj, "status", json_deep_copy(status));
	else
		json_object_del(obj, "status");
	keep_server_fields(res, old, obj);
	return obj;
}

/* Stores obj (stolen) unless it equals old; replies 200 with what is stored. */
static void
commit_update(struct kc_fake_apiserver *f, struct evhttp_request *req, struct fres *res,
	      const char *key, const json_t *old, json_t *obj)
{
	if (!json_equal(obj, (json_t *)old))
		store_write(f, res, key, obj, KC_WATCH_MODIFIED);
	else
		json_decref(obj);
	kc_fake_apiserver_reply_json(req, 200, json_object_get(res->objects, key));
}

static int
check_namespace(struct evhttp_request *req, const struct route *rt, json_t *obj)
{
	const char *ns = meta_str(obj, "namespace");

	if (!rt->res->namespaced) {
		json_object_del(meta_of(obj), "namespace");
		return 0;
	}
	if (rt->ns == NULL) {
		reply_no_route(req);
		return -1;
	}
	if (ns != NULL && *ns != '\0' && strcmp(ns, rt->ns) != 0) {
		reply_bad_request(req, "the namespace of the provided object does not match the "
				       "namespace sent on the request");
		return -1;
	}
	json_object_set_new(meta_of(obj), "namespace", json_string(rt->ns));
	return 0;
}

static int
validate_name(struct evhttp_request *req, const struct fres *res, const char *name)
{
	char detail[600];

	if (name == NULL || *name == '\0') {
		reply_invalid(req, res, "", "FieldValueRequired", "metadata.name",
			      "Required value: name or generateName is required");
		return -1;
	}
	/* RBAC names may hold ':' ("system:controller:..."): only path-segment rules there. */
	if (strcmp(res->group, "rbac.authorization.k8s.io") == 0
		    ? (strchr(name, '/') != NULL || strchr(name, '%') != NULL)
		    : kc_validation_is_dns1123_subdomain(name, NULL) != 0) {
		snprintf(
			detail, sizeof(detail),
			"Invalid value: \"%.200s\": a lowercase RFC 1123 subdomain must consist of "
			"lower case alphanumeric characters, '-' or '.', and must start and end "
			"with an alphanumeric character (e.g. 'example.com', regex used for "
			"validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9]"
			")?)*')",
			name);
		reply_invalid(req, res, name, "FieldValueInvalid", "metadata.name", detail);
		return -1;
	}
	return 0;
}

static void
generate_name(json_t *obj)
{
	const char *prefix = meta_str(obj, "generateName");
	KC_AUTOFREE char *name = NULL;

	if (prefix == NULL || *prefix == '\0' ||
	    (name = kc_meta_generate_name_from(prefix)) == NULL)
		return;
	json_object_set_new(meta_of(obj), "name", json_string(name));
}

static void
handle_create(struct kc_fake_apiserver *f, struct evhttp_request *req, const struct route *rt)
{
	json_auto_t *obj = read_object(req);
	const char *name;
	KC_AUTOFREE char *key = NULL;
	char gr[256], msg[600];

	if (obj == NULL || check_namespace(req, rt, obj) < 0)
		return;
	if (meta_str(obj, "name") == NULL || *meta_str(obj, "name") == '\0')
		generate_name(obj);
	name = meta_str(obj, "name");
	if (validate_name(req, rt->res, name) < 0)
		return;
	key = make_key(rt->res, rt->ns, name);
	if (json_object_get(rt->res->objects, key) != NULL) {
		group_resource(rt->res, gr, sizeof(gr));
		snprintf(msg, sizeof(msg), "%s \"%s\" already exists", gr, name);
		reply_error(req, 409, "AlreadyExists", msg, details_new(rt->res, name));
		return;
	}
	fill_create_fields(rt->res, obj);
	store_write(f, rt->res, key, json_incref(obj), KC_WATCH_ADDED);
	kc_fake_apiserver_reply_json(req, 201, obj);
}

static void
handle_update(struct kc_fake_apiserver *f, struct evhttp_request *req, const struct route *rt)
{
	json_auto_t *body = read_object(req);
	KC_AUTOFREE char *key = make_key(rt->res, rt->ns, rt->name);
	const char *name, *rv;
	json_t *old;
	char msg[600];

	if (body == NULL || check_namespace(req, rt, body) < 0)
		return;
	name = meta_str(body, "name");
	if (name == NULL || strcmp(name, rt->name) != 0) {
		snprintf(
			msg, sizeof(msg),
			"the name of the object (%.200s) does not match the name on the URL (%.200s)",
			name != NULL ? name : "", rt->name);
		reply_bad_request(req, msg);
		return;
	}
	old = json_object_get(rt->res->objects, key);
	if (old == NULL) {
		reply_not_found(req, rt->res, rt->name);
		return;
	}
	rv = meta_str(body, "resourceVersion");
	if (rv != NULL && *rv != '\0' && strcmp(rv, meta_str(old, "resourceVersion")) != 0) {
		reply_conflict(req, rt->res, rt->name,
			       "the object has been modified; please apply your changes to the "
			       "latest version and try again");
		return;
	}
	commit_update(f, req, rt->res, key, old, updated_object(rt->res, old, body, rt->sub));
}

/* RFC 7386 JSON merge patch; returns a new reference. */
static json_t *
merge_patch(const json_t *target, const json_t *patch)
{
	json_t *out;
	const char *k;
	json_t *v;

	if (!json_is_object(patch))
		return json_deep_copy(patch);
	out = json_is_object(target) ? json_deep_copy(target) : json_object();
	json_object_foreach((json_t *)patch, k, v) {
		if (json_is_null(v))
			json_object_del(out, k);
		else
			json_object_set_new(out, k, merge_patch(json_object_get(out, k), v));
	}
	return out;
}

static void
handle_patch(struct kc_fake_apiserver *f, struct evhttp_request *req, const struct route *rt)
{
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req), "Content-Type");
	KC_AUTOFREE char *key = make_key(rt->res, rt->ns, rt->name);
	json_auto_t *patch = NULL;
	json_auto_t *merged = NULL;
	const char *rv;
	json_t *old;
	char msg[300];

	if (ct == NULL || (strncmp(ct, "application/merge-patch+json", 28) != 0 &&
			   strncmp(ct, "application/strategic-merge-patch+json", 38) != 0)) {
		snprintf(msg, sizeof(msg),
			 "the body of the request was in an unknown format - "
			 "accepted media types include: application/merge-patch+json, "
			 "application/strategic-merge-patch+json");
		reply_error(req, 415, "UnsupportedMediaType", msg, NULL);
		return;
	}
	patch = read_object(req);
	if (patch == NULL)
		return;
	old = json_object_get(rt->res->objects, key);
	if (old == NULL) {
		reply_not_found(req, rt->res, rt->name);
		return;
	}
	rv = meta_str(patch, "resourceVersion");
	if (rv != NULL && *rv != '\0' && strcmp(rv, meta_str(old, "resourceVersion")) != 0) {
		reply_conflict(req, rt->res, rt->name,
			       "the object has been modified; please apply your changes to the "
			       "latest version and try again");
		return;
	}
	merged = merge_patch(old, patch);
	commit_update(f, req, rt->res, key, old, updated_object(rt->res, old, merged, rt->sub));
}

static int
check_precondition(struct evhttp_request *req, const struct route *rt, const json_t *opts,
		   const json_t *old, const char *field, const char *label)
{
	const char *want =
		json_string_value(json_object_get(json_object_get(opts, "preconditions"), field));
	const char *have = meta_str(old, field);
	char why[400];

	if (want == NULL || (have != NULL && strcmp(want, have) == 0))
		return 0;
	snprintf(why, sizeof(why),
		 "Precondition failed: %s in precondition: %.100s, %s in object meta: %.100s",
		 label, want, label, have != NULL ? have : "");
	reply_conflict(req, rt->res, rt->name, why);
	return -1;
}

static void
handle_delete(struct kc_fake_apiserver *f, struct evhttp_request *req, const struct route *rt)
{
	KC_AUTOFREE char *key = make_key(rt->res, rt->ns, rt->name);
	json_t *old = json_object_get(rt->res->objects, key);
	json_auto_t *opts = NULL;
	json_auto_t *st = NULL;
	json_t *details;

	if (evbuffer_get_length(evhttp_request_get_input_buffer(req)) > 0) {
		opts = read_object(req);
		if (opts == NULL)
			return;
	}
	if (old == NULL) {
		reply_not_found(req, rt->res, rt->name);
		return;
	}
	if (check_precondition(req, rt, opts, old, "uid", "UID") < 0 ||
	    check_precondition(req, rt, opts, old, "resourceVersion", "ResourceVersion") < 0)
		return;
	details = details_new(rt->res, rt->name);
	json_object_set(details, "uid", json_object_get(json_object_get(old, "metadata"), "uid"));
	st = json_pack("{s:s, s:s, s:{}, s:s, s:o}", "kind", "Status", "apiVersion", "v1",
		       "metadata", "status", "Success", "details", details);
	store_write(f, rt->res, key, json_deep_copy(old), KC_WATCH_DELETED);
	kc_fake_apiserver_reply_json(req, 200, st);
}

static void
serve(struct kc_fake_apiserver *f, struct evhttp_request *req)
{
	struct route rt;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);

	if (route_parse(f, req, &rt) < 0) {
		reply_no_route(req);
		route_release(&rt);
		return;
	}
	if (rt.sub != NULL && strcmp(rt.sub, "status") != 0) {
		reply_no_route(req);
	} else if (cmd == EVHTTP_REQ_GET && rt.name != NULL) {
		handle_get(f, req, &rt);
	} else if (cmd == EVHTTP_REQ_GET && query_true(&rt, "watch")) {
		handle_watch(f, req, &rt);
	} else if (cmd == EVHTTP_REQ_GET) {
		handle_list(f, req, &rt);
	} else if (cmd == EVHTTP_REQ_POST && rt.name == NULL) {
		handle_create(f, req, &rt);
	} else if (cmd == EVHTTP_REQ_PUT && rt.name != NULL) {
		handle_update(f, req, &rt);
	} else if (cmd == EVHTTP_REQ_PATCH && rt.name != NULL) {
		handle_patch(f, req, &rt);
	} else if (cmd == EVHTTP_REQ_DELETE && rt.name != NULL) {
		handle_delete(f, req, &rt);
	} else {
		reply_method_not_allowed(req);
	}
	route_release(&rt);
}

/* --- connections, delays, injected failures ------------------------------------------------- */

/*
 * evhttp keeps a request whose reply is unfinished alive when its connection breaks (EOF or
 * write error) but detaches it; we own it then and must free it.  A connection freed on purpose
 * (evhttp_connection_free, evhttp_free) frees its attached requests itself.
 */
static void
release_req_on_close(struct evhttp_request *req)
{
	if (evhttp_request_get_connection(req) == NULL)
		evhttp_request_free(req);
}

static void
on_conn_close(struct evhttp_connection *conn, void *arg)
{
	struct kc_fake_apiserver *f = arg;
	struct fwatch *w, *wtmp;
	struct pending *p, *ptmp;

	TAILQ_FOREACH_SAFE(w, &f->watches, link, wtmp) {
		if (w->conn != conn)
			continue;
		TAILQ_REMOVE(&f->watches, w, link);
		release_req_on_close(w->req);
		watch_free(w);
	}
	TAILQ_FOREACH_SAFE(p, &f->pendings, link, ptmp) {
		if (p->conn != conn)
			continue;
		TAILQ_REMOVE(&f->pendings, p, link);
		release_req_on_close(p->req);
		event_free(p->timer);
		free(p);
	}
}

static void
on_delay_done(evutil_socket_t fd, short what, void *arg)
{
	struct pending *p = arg;
	struct kc_fake_apiserver *f = p->f;
	struct evhttp_request *req = p->req;

	TAILQ_REMOVE(&f->pendings, p, link);
	event_free(p->timer);
	free(p);
	serve(f, req);
}

static void
delay_request(struct kc_fake_apiserver *f, struct evhttp_request *req)
{
	struct pending *p = calloc(1, sizeof(*p));
	struct timeval tv = { .tv_sec = f->delay_ms / 1000,
			      .tv_usec = (f->delay_ms % 1000) * 1000 };

	if (p == NULL)
		abort();
	p->f = f;
	p->req = req;
	p->conn = evhttp_request_get_connection(req);
	p->timer = evtimer_new(f->base, on_delay_done, p);
	evhttp_connection_set_closecb(p->conn, on_conn_close, f);
	TAILQ_INSERT_TAIL(&f->pendings, p, link);
	evtimer_add(p->timer, &tv);
}

static void
reply_injected(struct kc_fake_apiserver *f, struct evhttp_request *req)
{
	int code = f->fail_status;
	json_t *details = json_object();
	json_auto_t *st = NULL;
	char msg[128], ra[16];

	if (f->fail_retry_after >= 0) {
		snprintf(ra, sizeof(ra), "%d", f->fail_retry_after);
		evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", ra);
		json_object_set_new(details, "retryAfterSeconds",
				    json_integer(f->fail_retry_after));
	}
	if (code == 429)
		snprintf(msg, sizeof(msg),
			 "the server has received too many requests and has asked "
			 "us to try again later");
	else
		snprintf(msg, sizeof(msg), "injected failure (HTTP %d)", code);
	st = status_new(code, reason_for_code(code), msg, details);
	kc_fake_apiserver_reply_json(req, code, st);
}

static char *
peer_cn(struct evhttp_request *req)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(req);
	struct bufferevent *bev = conn != NULL ? evhttp_connection_get_bufferevent(conn) : NULL;
	SSL *ssl = bev != NULL ? bufferevent_openssl_get_ssl(bev) : NULL;
	X509 *peer = ssl != NULL ? SSL_get1_peer_certificate(ssl) : NULL;
	char cn[256] = "";

	if (peer != NULL) {
		X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn,
					  sizeof(cn));
		X509_free(peer);
	}
	return xstrdup(cn);
}

static void
log_request(struct kc_fake_apiserver *f, struct evhttp_request *req)
{
	struct evkeyvalq *h = evhttp_request_get_input_headers(req);
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	struct kc_fake_request *r;
	static const char *const methods[] = { "GET",     "POST",  "HEAD",    "PUT",  "DELETE",
					       "OPTIONS", "TRACE", "CONNECT", "PATCH" };
	unsigned cmd = (unsigned)evhttp_request_get_command(req);
	const char *method = "?";

	for (unsigned i = 0; i < KC_ARRAY_SIZE(methods); i++)
		if (cmd == 1u << i)
			method = methods[i];
	if (f->nlog == f->log_cap) {
		f->log_cap = f->log_cap ? f->log_cap * 2 : 32;
		f->log = realloc(f->log, f->log_cap * sizeof(*f->log));
		if (f->log == NULL)
			abort();
	}
	r = &f->log[f->nlog++];
	r->method = xstrdup(method);
	r->uri = xstrdup(evhttp_request_get_uri(req));
	r->user_agent = xstrdup(evhttp_find_header(h, "User-Agent"));
	r->authorization = xstrdup(evhttp_find_header(h, "Authorization"));
	r->content_type = xstrdup(evhttp_find_header(h, "Content-Type"));
	r->accept = xstrdup(evhttp_find_header(h, "Accept"));
	r->host = xstrdup(evhttp_find_header(h, "Host"));
	r->client_cn = peer_cn(req);
	r->body = strndup((const char *)evbuffer_pullup(in, (ev_ssize_t)len) ?: "", len);
	if (r->body == NULL)
		abort();
	r->t = kc_test_mono_s();
}

static void
on_request(struct evhttp_request *req, void *arg)
{
	struct kc_fake_apiserver *f = arg;

	log_request(f, req);
	if (f->hook != NULL && f->hook(f->hook_arg, req))
		return;
	if (f->fail_n > 0) {
		f->fail_n--;
		reply_injected(f, req);
		return;
	}
	if (f->delay_ms > 0) {
		delay_request(f, req);
		return;
	}
	serve(f, req);
}

/* --- TLS ------------------------------------------------------------------------------------ */

static struct bufferevent *
make_tls_bev(struct event_base *base, void *arg)
{
	struct kc_fake_apiserver *f = arg;
	SSL *ssl = SSL_new(f->ssl);
	struct bufferevent *bev;

	if (ssl == NULL)
		return NULL;
	bev = bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING,
					     BEV_OPT_CLOSE_ON_FREE);
	if (bev != NULL)
		bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

static SSL_CTX *
tls_ctx_new(const struct kc_fake_apiserver_opts *o)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	BIO *bio = BIO_new_mem_buf(o->tls_cert_pem, -1);
	X509 *cert = bio != NULL ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	EVP_PKEY *key = NULL;
	int ok = ctx != NULL && cert != NULL && SSL_CTX_use_certificate(ctx, cert) == 1;

	X509_free(cert);
	while (ok && (cert = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
		SSL_CTX_add_extra_chain_cert(ctx, cert);
	BIO_free(bio);
	bio = BIO_new_mem_buf(o->tls_key_pem, -1);
	key = bio != NULL ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
	ok = ok && key != NULL && SSL_CTX_use_PrivateKey(ctx, key) == 1 &&
	     SSL_CTX_check_private_key(ctx) == 1;
	EVP_PKEY_free(key);
	BIO_free(bio);
	if (ok && o->client_ca_pem != NULL) {
		X509_STORE *store = SSL_CTX_get_cert_store(ctx);

		bio = BIO_new_mem_buf(o->client_ca_pem, -1);
		while ((cert = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
			X509_STORE_add_cert(store, cert);
			X509_free(cert);
		}
		BIO_free(bio);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	ERR_clear_error();
	if (!ok) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* --- lifecycle and the public calls --------------------------------------------------------- */

static void
on_bookmark_timer(evutil_socket_t fd, short what, void *arg)
{
	kc_fake_apiserver_send_bookmarks(arg);
}

struct kc_fake_apiserver *
kc_fake_apiserver_new(struct event_base *base, const struct kc_fake_apiserver_opts *opts)
{
	static const struct kc_fake_apiserver_opts none;
	const struct kc_fake_apiserver_opts *o = opts != NULL ? opts : &none;
	struct kc_fake_apiserver *f = calloc(1, sizeof(*f));
	struct evhttp_bound_socket *sock;
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);

	if (f == NULL)
		return NULL;
	f->base = base;
	f->rv = 1;
	f->history_window = o->history_window;
	f->watch_410_as_http = o->watch_410_as_http;
	f->bookmark_interval_ms = o->bookmark_interval_ms;
	f->fail_retry_after = -1;
	TAILQ_INIT(&f->watches);
	TAILQ_INIT(&f->pendings);
	f->http = evhttp_new(base);
	if (f->http == NULL)
		return kc_fake_apiserver_free(f);
	evhttp_set_allowed_methods(f->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
						    EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE |
						    EVHTTP_REQ_HEAD | EVHTTP_REQ_OPTIONS);
	evhttp_set_gencb(f->http, on_request, f);
	if (o->tls_cert_pem != NULL) {
		f->ssl = tls_ctx_new(o);
		if (f->ssl == NULL)
			return kc_fake_apiserver_free(f);
		evhttp_set_bevcb(f->http, make_tls_bev, f);
	}
	sock = evhttp_bind_socket_with_handle(f->http, "127.0.0.1", 0);
	if (sock == NULL ||
	    getsockname(evhttp_bound_socket_get_fd(sock), (struct sockaddr *)&sin, &slen) < 0)
		return kc_fake_apiserver_free(f);
	f->port = ntohs(sin.sin_port);
	snprintf(f->url, sizeof(f->url), "%s://127.0.0.1:%d", f->ssl != NULL ? "https" : "http",
		 f->port);
	if (f->bookmark_interval_ms > 0) {
		struct timeval tv = { .tv_sec = f->bookmark_interval_ms / 1000,
				      .tv_usec = (f->bookmark_interval_ms % 1000) * 1000 };

		f->bookmark_timer = event_new(base, -1, EV_PERSIST, on_bookmark_timer, f);
		event_add(f->bookmark_timer, &tv);
	}
	return f;
}

static void
request_release(struct kc_fake_request *r)
{
	free(r->method);
	free(r->uri);
	free(r->user_agent);
	free(r->authorization);
	free(r->content_type);
	free(r->accept);
	free(r->host);
	free(r->client_cn);
	free(r->body);
}

struct kc_fake_apiserver *
kc_fake_apiserver_free(struct kc_fake_apiserver *f)
{
	struct fwatch *w;
	struct pending *p;

	if (f == NULL)
		return NULL;
	/* Forget watches and delayed requests first: evhttp_free() frees their requests. */
	while ((w = TAILQ_FIRST(&f->watches)) != NULL) {
		TAILQ_REMOVE(&f->watches, w, link);
		watch_free(w);
	}
	while ((p = TAILQ_FIRST(&f->pendings)) != NULL) {
		TAILQ_REMOVE(&f->pendings, p, link);
		event_free(p->timer);
		free(p);
	}
	if (f->http != NULL)
		evhttp_free(f->http);
	if (f->bookmark_timer != NULL)
		event_free(f->bookmark_timer);
	if (f->ssl != NULL)
		SSL_CTX_free(f->ssl);
	for (size_t i = 0; i < f->hist_len; i++)
		hist_event_release(&f->hist[f->hist_start + i]);
	free(f->hist);
	for (size_t i = 0; i < f->nres; i++) {
		struct fres *r = f->res[i];

		free(r->group);
		free(r->version);
		free(r->resource);
		free(r->kind);
		free(r->api_version);
		json_decref(r->objects);
		free(r);
	}
	free(f->res);
	kc_fake_apiserver_reset_log(f);
	free(f->log);
	free(f);
	return NULL;
}

const char *
kc_fake_apiserver_url(const struct kc_fake_apiserver *f)
{
	return f->url;
}

int
kc_fake_apiserver_port(const struct kc_fake_apiserver *f)
{
	return f->port;
}

int
kc_fake_apiserver_add_resource(struct kc_fake_apiserver *f, const struct kc_resource *res,
			       unsigned flags)
{
	const char *group = res->group != NULL ? res->group : "";
	struct fres *r;

	if (find_res(f, group, res->version, res->resource) != NULL)
		return KC_ERR_ALREADY_EXISTS;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return KC_ERR_NOMEM;
	r->group = xstrdup(group);
	r->version = xstrdup(res->version);
	r->resource = xstrdup(res->resource);
	r->kind = xstrdup(res->kind);
	if (*group != '\0') {
		if (asprintf(&r->api_version, "%s/%s", group, res->version) < 0)
			abort();
	} else {
		r->api_version = xstrdup(res->version);
	}
	r->namespaced = res->namespaced;
	r->flags = flags;
	r->objects = json_object();
	f->res = realloc(f->res, (f->nres + 1) * sizeof(*f->res));
	if (f->res == NULL)
		abort();
	f->res[f->nres++] = r;
	return 0;
}

int64_t
kc_fake_apiserver_resource_version(const struct kc_fake_apiserver *f)
{
	return f->rv;
}

json_t *
kc_fake_apiserver_get(struct kc_fake_apiserver *f, const char *resource, const char *ns,
		      const char *name)
{
	struct fres *res = find_res(f, NULL, NULL, resource);
	KC_AUTOFREE char *key = NULL;

	if (res == NULL || name == NULL)
		return NULL;
	key = make_key(res, ns, name);
	return json_object_get(res->objects, key);
}

int64_t
kc_fake_apiserver_put(struct kc_fake_apiserver *f, const char *resource, const json_t *obj)
{
	struct fres *res = find_res(f, NULL, NULL, resource);
	const char *name = meta_str(obj, "name"), *ns = meta_str(obj, "namespace");
	KC_AUTOFREE char *key = NULL;
	json_t *copy, *old;

	if (res == NULL)
		return KC_ERR_NOT_FOUND;
	if (name == NULL || (res->namespaced && ns == NULL))
		return KC_ERR_INVALID;
	key = make_key(res, ns, name);
	copy = json_deep_copy(obj);
	old = json_object_get(res->objects, key);
	if (old == NULL) {
		fill_create_fields(res, copy);
		return store_write(f, res, key, copy, KC_WATCH_ADDED);
	}
	keep_server_fields(res, old, copy);
	return store_write(f, res, key, copy, KC_WATCH_MODIFIED);
}

int
kc_fake_apiserver_remove(struct kc_fake_apiserver *f, const char *resource, const char *ns,
			 const char *name)
{
	struct fres *res = find_res(f, NULL, NULL, resource);
	KC_AUTOFREE char *key = NULL;
	json_t *old;

	if (res == NULL || name == NULL)
		return KC_ERR_NOT_FOUND;
	key = make_key(res, ns, name);
	old = json_object_get(res->objects, key);
	if (old == NULL)
		return KC_ERR_NOT_FOUND;
	store_write(f, res, key, json_deep_copy(old), KC_WATCH_DELETED);
	return 0;
}

size_t
kc_fake_apiserver_count(struct kc_fake_apiserver *f, const char *resource)
{
	struct fres *res = find_res(f, NULL, NULL, resource);

	return res != NULL ? json_object_size(res->objects) : 0;
}

void
kc_fake_apiserver_fail_next(struct kc_fake_apiserver *f, int n, int status, int retry_after_s)
{
	f->fail_n = n;
	f->fail_status = status;
	f->fail_retry_after = retry_after_s;
}

void
kc_fake_apiserver_set_delay(struct kc_fake_apiserver *f, int delay_ms)
{
	f->delay_ms = delay_ms;
}

void
kc_fake_apiserver_drop_watches(struct kc_fake_apiserver *f)
{
	struct fwatch *w;

	while ((w = TAILQ_FIRST(&f->watches)) != NULL) {
		struct evhttp_connection *conn = w->conn;

		TAILQ_REMOVE(&f->watches, w, link);
		watch_free(w);
		evhttp_connection_free(
			conn); /* frees the request; our close callback finds nothing */
	}
}

void
kc_fake_apiserver_end_watches(struct kc_fake_apiserver *f)
{
	struct fwatch *w;

	while ((w = TAILQ_FIRST(&f->watches)) != NULL) {
		TAILQ_REMOVE(&f->watches, w, link);
		evhttp_send_reply_end(w->req);
		watch_free(w);
	}
}

void
kc_fake_apiserver_compact(struct kc_fake_apiserver *f)
{
	while (f->hist_len > 0)
		hist_drop_oldest(f);
	f->compacted_rv = f->rv;
}

void
kc_fake_apiserver_send_bookmarks(struct kc_fake_apiserver *f)
{
	struct fwatch *w;

	TAILQ_FOREACH(w, &f->watches, link)
		if (w->bookmarks)
			bookmark_send(w, 0);
}

void
kc_fake_apiserver_set_hook(struct kc_fake_apiserver *f, kc_fake_apiserver_hook_fn fn, void *arg)
{
	f->hook = fn;
	f->hook_arg = arg;
}

size_t
kc_fake_apiserver_watch_count(const struct kc_fake_apiserver *f)
{
	const struct fwatch *w;
	size_t n = 0;

	TAILQ_FOREACH(w, &f->watches, link)
		n++;
	return n;
}

size_t
kc_fake_apiserver_request_count(const struct kc_fake_apiserver *f)
{
	return f->nlog;
}

const struct kc_fake_request *
kc_fake_apiserver_request(const struct kc_fake_apiserver *f, size_t i)
{
	return i < f->nlog ? &f->log[i] : NULL;
}

void
kc_fake_apiserver_reset_log(struct kc_fake_apiserver *f)
{
	for (size_t i = 0; i < f->nlog; i++)
		request_release(&f->log[i]);
	f->nlog = 0;
}
