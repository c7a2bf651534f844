/*
 * watch_cache.c - the per-resource watch cache (upstream: staging/src/k8s.io/apiserver/pkg/
 * storage/cacher/cacher.go, watch_cache.go, cache_watcher.go; the etcd reads it falls back to
 * mirror storage/etcd3/store.go GetList).  See watch_cache.h for the contract.
 *
 * Layout:
 *   objects  - struct kc_watch_cache_object: key, JSON bytes, parsed json, revision, refcount;
 *              an AVL node too while it is in the store (key order serves paging).
 *   window   - ring of events (PUT/DELETE, revision, object, previous object), each numbered by
 *              a sequence so a replay can resume where it stopped.
 *   watchers - a filter, a phase (initial snapshot or window replay, then live), a queue of
 *              live items (type, object, shared wire buffer) and a flush event that moves items
 *              to the sink while the sink's backlog allows.  Sinks are only ever called from the
 *              watcher's own flush event, never from inside the dispatch of an etcd event.
 *   reads    - a request record stepping through: serve now, ask etcd whether the cache is
 *              current (prefix_stat), wait for the watch, or read etcd itself.
 */
#include "kube-apiserver/storage/watch_cache.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/event.h>

#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "libkcommon/http_server.h"
#include "libkcommon/json.h"
#include "libkcommon/labels.h"
#include "libkcommon/log.h"
#include "libkcommon/strbuf.h"

#define DEFAULT_WINDOW_MIN       1000
#define DEFAULT_WINDOW_MAX       102400
#define DEFAULT_WINDOW_MS        (5 * 60 * 1000L)
#define DEFAULT_FRESH_WAIT_MS    3000
#define DEFAULT_BOOKMARK_MS      60000
#define DEFAULT_QUEUE_MAX        1000
#define DEFAULT_BACKLOG_MAX      (1u << 20)
#define DEFAULT_PAGE_SIZE        500
#define STAT_RETRY_MS            100
#define SINK_RETRY_MS            20
#define INIT_RETRY_MIN_MS        250
#define INIT_RETRY_MAX_MS        5000
#define BOOKMARK_BEFORE_DEADLINE 2000

#define EXPIRED_LIST_MSG  "The resourceVersion for the provided list is too old."
#define EXPIRED_WATCH_MSG "The resourceVersion for the provided watch is too old."
#define EXPIRED_CONTINUE_MSG                                                                    \
	"The provided continue parameter is too old to display a consistent list result. You "  \
	"can start a new list without the continue parameter, or use the continue token in "    \
	"this response to retrieve the remainder of the results. Continuing with the provided " \
	"token results in an inconsistent list - objects that were created, modified, or "      \
	"deleted between the time the first chunk was returned and now may show up in the list."

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
set_timeval(struct timeval *tv, long ms)
{
	if (ms < 0)
		ms = 0;
	tv->tv_sec = ms / 1000;
	tv->tv_usec = (ms % 1000) * 1000;
}

/* ======================================================================================== */
/* objects                                                                                   */
/* ======================================================================================== */

struct kc_watch_cache_object {
	unsigned refs;
	char *key;    /* under the resource prefix: "ns/name" */
	json_t *json; /* parsed from bytes on first use (obj_json()); immutable once built */
	char *bytes;  /* the object's JSON, metadata.resourceVersion set, NUL-terminated */
	size_t len;
	int64_t rv;
	/* AVL node, valid while in the store */
	struct kc_watch_cache_object *left, *right;
	int height;
};

typedef struct kc_watch_cache_object obj_t;

obj_t *
kc_watch_cache_object_ref(obj_t *o)
{
	if (o != NULL)
		o->refs++;
	return o;
}

obj_t *
kc_watch_cache_object_unref(obj_t *o)
{
	if (o == NULL || --o->refs > 0)
		return NULL;
	json_decref(o->json);
	free(o->bytes);
	free(o->key);
	free(o);
	return NULL;
}

const char *
kc_watch_cache_object_bytes(const obj_t *o, size_t *ret_len)
{
	if (ret_len != NULL)
		*ret_len = o->len;
	return o->bytes;
}

/*
 * The parsed object, built on first use and kept: most cached objects are only ever served as
 * bytes (lists, watches without selectors), and a parsed tree costs about ten times its JSON
 * (10,000 pods: 110 MiB of jansson nodes).  NULL only when out of memory or when the bytes do
 * not parse (they passed stamp_bytes()'s scan, so that is jansson's stricter number or
 * Unicode rules).
 */
static json_t *
obj_json(const obj_t *co)
{
	obj_t *o = (obj_t *)co; /* the parse is a cache: the object does not change */
	char err[160];

	if (o->json == NULL && kc_json_loads(o->bytes, o->len, &o->json, err, sizeof(err)) < 0) {
		kc_error("watch cache: cannot parse the cached object %s: %s", o->key, err);
		o->json = NULL;
	}
	return o->json;
}

const json_t *
kc_watch_cache_object_json(const obj_t *o)
{
	return obj_json(o);
}

int64_t
kc_watch_cache_object_revision(const obj_t *o)
{
	return o->rv;
}

const char *
kc_watch_cache_object_key(const obj_t *o)
{
	return o->key;
}

/* Keys of ObjectMeta that upstream serializes after resourceVersion (types.go field order). */
static const char *const meta_after_rv[] = {
	"generation",    "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
	"labels",        "annotations",       "ownerReferences",   "finalizers",
	"managedFields",
};

static int
after_rv(const char *key)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(meta_after_rv); i++)
		if (strcmp(key, meta_after_rv[i]) == 0)
			return 1;
	return 0;
}

int
kc_watch_cache_stamp_resource_version(json_t *top, const json_t *meta_in, int64_t rv)
{
	json_t *meta = json_object(), *rvs;
	const char *k;
	json_t *v;
	char buf[24];
	int placed = 0;

	snprintf(buf, sizeof(buf), "%" PRId64, rv);
	rvs = json_string(buf);
	if (meta == NULL || rvs == NULL)
		goto nomem;
	if (json_is_object(meta_in)) {
		json_object_foreach((json_t *)meta_in, k, v) {
			if (strcmp(k, "resourceVersion") == 0)
				continue;
			if (!placed && after_rv(k)) {
				if (json_object_set(meta, "resourceVersion", rvs) < 0)
					goto nomem;
				placed = 1;
			}
			if (json_object_set(meta, k, v) < 0)
				goto nomem;
		}
	}
	if (!placed && json_object_set(meta, "resourceVersion", rvs) < 0)
		goto nomem;
	json_decref(rvs);
	return json_object_set_new(top, "metadata", meta) < 0 ? KC_ERR_NOMEM : 0;
nomem:
	json_decref(meta);
	json_decref(rvs);
	return KC_ERR_NOMEM;
}

/* A new object owning json (stolen) serialized once. */
static obj_t *
obj_from_json(const char *key, size_t key_len, json_t *json, int64_t rv)
{
	obj_t *o = calloc(1, sizeof(*o));

	if (o == NULL) {
		json_decref(json);
		return NULL;
	}
	o->refs = 1;
	o->json = json;
	o->rv = rv;
	o->key = strndup(key, key_len);
	o->bytes = kc_json_dumps(json);
	if (o->key == NULL || o->bytes == NULL)
		return kc_watch_cache_object_unref(o);
	o->len = strlen(o->bytes);
	return o;
}

/*
 * Stamping without a parse.  The values the apiserver writes are kc_json_dumps() output:
 * compact JSON, metadata without resourceVersion.  stamp_bytes() scans such a value once
 * (checking its grammar: strings with their escapes, control characters and UTF-8, integers,
 * literals, nesting) and copies it with "resourceVersion":"<rv>" inserted where
 * kc_watch_cache_stamp_resource_version() puts it: byte for byte what parse, stamp and dump
 * made of it, at a tenth of the cost.  Whatever the dumper would write differently
 * (whitespace, \u escapes, "\/", raw '<' '>' '&', reals, "-0"), a resourceVersion already
 * there, no metadata object, long integers or deep nesting make it return NULL, and the caller
 * takes the parse road, which also reports what is wrong.
 */
struct scan {
	const char *p, *end;
};

#define SCAN_MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH */

static int scan_value(struct scan *s, int depth);

/* One UTF-8 sequence starting at a byte >= 0x80 (RFC 3629: no overlongs, no surrogates). */
static int
scan_utf8(struct scan *s)
{
	const unsigned char *u = (const unsigned char *)s->p;
	size_t left = (size_t)(s->end - s->p), n, i;
	uint32_t cp;

	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2, cp = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3, cp = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4, cp = u[0] & 0x07;
	else
		return -1;
	if (left < n)
		return -1;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return -1;
	s->p += n;
	return 0;
}

/* A string, from its opening quote to just past its closing one. */
static int
scan_string(struct scan *s)
{
	if (s->p >= s->end || *s->p != '"')
		return -1;
	for (s->p++; s->p < s->end;) {
		unsigned char c;

		/* what kc_json_dumps() writes as it is */
		while (s->p < s->end && kc_json_go_plain[(unsigned char)*s->p])
			s->p++;
		if (s->p >= s->end)
			break;
		c = (unsigned char)*s->p;

		if (c == '"') {
			s->p++;
			return 0;
		}
		/* what kc_json_dumps() writes otherwise (\u003c for '<', ...) goes the parse
		 * road, and so do \u escapes (jansson's surrogate rules) */
		if (c < 0x20 || c == '<' || c == '>' || c == '&')
			return -1;
		if (c >= 0x80) {
			if (c == 0xe2 && s->end - s->p >= 3 && (unsigned char)s->p[1] == 0x80 &&
			    ((unsigned char)s->p[2] == 0xa8 || (unsigned char)s->p[2] == 0xa9))
				return -1; /* U+2028, U+2029: escaped by the dumper */
			if (scan_utf8(s) < 0)
				return -1;
			continue;
		}
		if (c == '\\') {
			if (s->end - s->p < 2 || !strchr("\"\\bfnrt", s->p[1]))
				return -1;
			s->p += 2;
			continue;
		}
		s->p++;
	}
	return -1;
}

/* An integer as kc_json_dumps() writes it: no "-0", at most 18 digits (jansson rejects what
 * does not fit int64).  Reals go to the parse road: the dumper rewrites 1e3 as 1000. */
static int
scan_number(struct scan *s)
{
	const char *start = s->p;
	int digits = 0;

	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (s->p >= s->end || *s->p < '0' || *s->p > '9')
		return -1;
	if (*s->p == '0' &&
	    (s->p > start || (s->p + 1 < s->end && s->p[1] >= '0' && s->p[1] <= '9')))
		return -1;
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++, digits++;
	if (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E'))
		return -1;
	return digits <= 18 ? 0 : -1;
}

static int
scan_literal(struct scan *s, const char *lit, size_t len)
{
	if ((size_t)(s->end - s->p) < len || memcmp(s->p, lit, len) != 0)
		return -1;
	s->p += len;
	return 0;
}

/* The members or elements of the object or array at s->p. */
static int
scan_container(struct scan *s, int depth, char close)
{
	if (depth > SCAN_MAX_DEPTH)
		return -1;
	s->p++;
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return 0;
	}
	for (;;) {
		if (close == '}' && (scan_string(s) < 0 || s->p >= s->end || *s->p++ != ':'))
			return -1;
		if (scan_value(s, depth + 1) < 0 || s->p >= s->end)
			return -1;
		if (*s->p == close) {
			s->p++;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
	}
}

static int
scan_value(struct scan *s, int depth)
{
	if (s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '"':
		return scan_string(s);
	case '{':
		return scan_container(s, depth, '}');
	case '[':
		return scan_container(s, depth, ']');
	case 't':
		return scan_literal(s, "true", 4);
	case 'f':
		return scan_literal(s, "false", 5);
	case 'n':
		return scan_literal(s, "null", 4);
	default:
		return scan_number(s);
	}
}

/* Where, in the metadata object at s->p, resourceVersion goes: *ret_at, and whether a comma
 * goes after it (a key follows) or before it (it ends the object). */
static int
scan_metadata(struct scan *s, const char **ret_at, int *ret_before_key)
{
	char name[32];

	if (s->p >= s->end || *s->p != '{')
		return -1;
	s->p++;
	*ret_at = NULL;
	if (s->p < s->end && *s->p == '}') {
		*ret_at = s->p++;
		*ret_before_key = -1; /* alone */
		return 0;
	}
	for (;;) {
		const char *k = s->p;
		size_t klen;

		if (scan_string(s) < 0 || s->p >= s->end || *s->p++ != ':')
			return -1;
		klen = (size_t)(s->p - 1 - k) - 2;
		if (klen == 15 && memcmp(k + 1, "resourceVersion", 15) == 0)
			return -1;
		if (*ret_at == NULL && klen < sizeof(name)) {
			memcpy(name, k + 1, klen);
			name[klen] = '\0';
			if (after_rv(name)) {
				*ret_at = k;
				*ret_before_key = 1;
			}
		}
		if (scan_value(s, 2) < 0 || s->p >= s->end)
			return -1;
		if (*s->p == '}') {
			if (*ret_at == NULL) {
				*ret_at = s->p;
				*ret_before_key = 0;
			}
			s->p++;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
	}
}

/* value (len bytes) with metadata.resourceVersion = rv, malloc()ed, its length in *ret_len;
 * NULL when value is not in the form described above (or out of memory). */
static char *
stamp_bytes(const char *value, size_t len, int64_t rv, size_t *ret_len)
{
	struct scan s = { value, value + len };
	const char *at = NULL;
	int before_key = 0;
	char rvs[48], *out;
	int n;

	if (len < 2 || *s.p != '{' || s.p[1] == '}')
		return NULL;
	s.p++;
	for (;;) {
		const char *k = s.p;

		if (scan_string(&s) < 0 || s.p >= s.end || *s.p++ != ':')
			return NULL;
		if (s.p - k == 11 && memcmp(k, "\"metadata\"", 10) == 0) {
			if (at != NULL || scan_metadata(&s, &at, &before_key) < 0)
				return NULL;
		} else if (scan_value(&s, 1) < 0) {
			return NULL;
		}
		if (s.p >= s.end)
			return NULL;
		if (*s.p == '}' && s.p + 1 == s.end)
			break;
		if (*s.p++ != ',')
			return NULL;
	}
	if (at == NULL)
		return NULL;
	n = snprintf(rvs, sizeof(rvs), "%s\"resourceVersion\":\"%" PRId64 "\"%s",
		     before_key == 0 ? "," : "", rv, before_key == 1 ? "," : "");
	out = malloc(len + (size_t)n + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, value, (size_t)(at - value));
	memcpy(out + (at - value), rvs, (size_t)n);
	memcpy(out + (at - value) + n, at, len - (size_t)(at - value));
	out[len + (size_t)n] = '\0';
	*ret_len = len + (size_t)n;
	return out;
}

char *
kc_watch_cache_stamp_bytes(const char *value, size_t len, int64_t rv, size_t *ret_len)
{
	return value != NULL ? stamp_bytes(value, len, rv, ret_len) : NULL;
}

/* Parses an etcd value into an object stamped with rv; NULL (message in err) when the value is
 * not a JSON object or out of memory.  Values in the apiserver's own form are stamped as bytes
 * and parsed only when someone needs the tree (obj_json()). */
static obj_t *
obj_parse(const char *key, const char *value, size_t len, int64_t rv, char *err, size_t errlen)
{
	json_t *json = NULL;
	size_t blen = 0;
	char *bytes = kc_watch_cache_stamp_bytes(value, len, rv, &blen);
	obj_t *o;

	if (bytes != NULL) {
		o = calloc(1, sizeof(*o));
		if (o == NULL || (o->key = strdup(key)) == NULL) {
			free(o);
			free(bytes);
			snprintf(err, errlen, "out of memory");
			return NULL;
		}
		o->refs = 1;
		o->rv = rv;
		o->bytes = bytes;
		o->len = blen;
		return o;
	}

	if (kc_json_loads(value != NULL ? value : "", len, &json, err, errlen) < 0)
		return NULL;
	if (!json_is_object(json)) {
		snprintf(err, errlen, "the stored value is not a JSON object");
		json_decref(json);
		return NULL;
	}
	if (kc_watch_cache_stamp_resource_version(json, json_object_get(json, "metadata"), rv) < 0) {
		snprintf(err, errlen, "out of memory");
		json_decref(json);
		return NULL;
	}
	return obj_from_json(key, strlen(key), json, rv);
}

/* The same object as of revision rv (a DELETED event's object): shares all but the top level
 * and metadata with o. */
static obj_t *
obj_restamp(const obj_t *o, int64_t rv)
{
	json_t *json = obj_json(o);
	json_t *top = json_copy(json);

	if (top == NULL)
		return NULL;
	if (kc_watch_cache_stamp_resource_version(top, json_object_get(json, "metadata"), rv) < 0) {
		json_decref(top);
		return NULL;
	}
	return obj_from_json(o->key, strlen(o->key), top, rv);
}

/* ======================================================================================== */
/* the store: an AVL tree of objects by key                                                  */
/* ======================================================================================== */

/* Compares (a, alen) with the C string b bytewise, as etcd orders keys. */
static int
key_cmp(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int
height(const obj_t *n)
{
	return n != NULL ? n->height : 0;
}

static void
fix_height(obj_t *n)
{
	int l = height(n->left), r = height(n->right);

	n->height = (l > r ? l : r) + 1;
}

static obj_t *
rotate_right(obj_t *n)
{
	obj_t *l = n->left;

	n->left = l->right;
	l->right = n;
	fix_height(n);
	fix_height(l);
	return l;
}

static obj_t *
rotate_left(obj_t *n)
{
	obj_t *r = n->right;

	n->right = r->left;
	r->left = n;
	fix_height(n);
	fix_height(r);
	return r;
}

static obj_t *
rebalance(obj_t *n)
{
	int bal;

	fix_height(n);
	bal = height(n->left) - height(n->right);
	if (bal > 1) {
		if (height(n->left->left) < height(n->left->right))
			n->left = rotate_left(n->left);
		return rotate_right(n);
	}
	if (bal < -1) {
		if (height(n->right->right) < height(n->right->left))
			n->right = rotate_right(n->right);
		return rotate_left(n);
	}
	return n;
}

/* Inserts o (its key not present). */
static obj_t *
tree_insert(obj_t *root, obj_t *o)
{
	if (root == NULL) {
		o->left = o->right = NULL;
		o->height = 1;
		return o;
	}
	if (strcmp(o->key, root->key) < 0)
		root->left = tree_insert(root->left, o);
	else
		root->right = tree_insert(root->right, o);
	return rebalance(root);
}

static obj_t *
tree_remove_min(obj_t *n, obj_t **ret_min)
{
	if (n->left == NULL) {
		*ret_min = n;
		return n->right;
	}
	n->left = tree_remove_min(n->left, ret_min);
	return rebalance(n);
}

/* Removes the node with key; *ret is it (NULL when absent). */
static obj_t *
tree_remove(obj_t *root, const char *key, obj_t **ret)
{
	int c;

	if (root == NULL)
		return NULL;
	c = strcmp(key, root->key);
	if (c < 0) {
		root->left = tree_remove(root->left, key, ret);
	} else if (c > 0) {
		root->right = tree_remove(root->right, key, ret);
	} else {
		obj_t *l = root->left, *r = root->right, *min;

		*ret = root;
		root->left = root->right = NULL;
		if (r == NULL)
			return l;
		r = tree_remove_min(r, &min);
		min->left = l;
		min->right = r;
		return rebalance(min);
	}
	return rebalance(root);
}

static obj_t *
tree_find(obj_t *n, const char *key)
{
	while (n != NULL) {
		int c = strcmp(key, n->key);

		if (c == 0)
			return n;
		n = c < 0 ? n->left : n->right;
	}
	return NULL;
}

/* The first object whose key is >= (key, len), or NULL. */
static obj_t *
tree_ceil(obj_t *n, const char *key, size_t len)
{
	obj_t *best = NULL;

	while (n != NULL) {
		if (key_cmp(key, len, n->key) <= 0) {
			best = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

/* The first object whose key is > key. */
static obj_t *
tree_next(obj_t *n, const char *key)
{
	obj_t *best = NULL;

	while (n != NULL) {
		if (strcmp(key, n->key) < 0) {
			best = n;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

static void
tree_free(obj_t *n)
{
	if (n == NULL)
		return;
	tree_free(n->left);
	tree_free(n->right);
	n->left = n->right = NULL;
	kc_watch_cache_object_unref(n);
}

/* ======================================================================================== */
/* the cache                                                                                 */
/* ======================================================================================== */

enum ev_kind {
	EV_PUT,
	EV_DELETE
};

struct wc_event {
	enum ev_kind kind;
	int64_t rv;
	int64_t seq;
	int64_t time_ms;
	obj_t *obj;        /* PUT: the new object; DELETE: the last state stamped with rv */
	obj_t *prev;       /* the object before, with its own revision; NULL for a create */
	obj_t *prev_at_rv; /* prev stamped with rv (selector DELETED), made on demand */
	struct kc_http_shared_buf *bufs[3]; /* ADDED, MODIFIED, DELETED, during one dispatch */
};

struct wc_item {
	enum kc_watch_event_type type;
	obj_t *obj;
	int64_t rv;
	struct kc_http_shared_buf *buf;
};

enum watcher_phase {
	PHASE_INITIAL,
	PHASE_REPLAY,
	PHASE_LIVE
};

struct kc_watch_cache_watcher {
	struct kc_watch_cache *wc;
	TAILQ_ENTRY(kc_watch_cache_watcher) link;
	char *ns;
	struct kc_label_selector *labels;
	struct kc_field_selector *fields;
	int64_t start_rv; /* live events at or below it are not for us */
	int64_t last_rv;  /* of the last item queued (bookmarks never go below it) */
	int allow_bookmarks;
	struct kc_watch_sink sink;
	enum watcher_phase phase;
	obj_t **initial; /* PHASE_INITIAL: the snapshot still to send */
	size_t n_initial, next_initial;
	int64_t replay_seq; /* PHASE_REPLAY: next window event to consider */
	int64_t replay_end; /* and the last one */
	struct wc_item *q;  /* ring of live items */
	size_t q_head, q_len, q_cap;
	struct event *flush_ev;
	struct event *deadline_ev;
	int64_t deadline_ms;
	int64_t next_bookmark_ms;
	int end_err;                        /* pending termination (1: none) */
	struct kc_http_shared_buf *end_buf; /* ERROR event sent before ending */
	int in_flush;
	int stopped;
};

TAILQ_HEAD(watcher_list, kc_watch_cache_watcher);
TAILQ_HEAD(req_list, kc_watch_cache_req);

struct kc_watch_cache {
	struct event_base *base;
	struct kc_etcd3 *etcd;
	char *resource;
	char *prefix; /* "/pods/" */
	size_t prefix_len;
	char *api_version;
	char *kind;
	kc_watch_cache_field_fn get_field;
	size_t window_min, window_max, queue_max, backlog_max;
	long window_ms, fresh_wait_ms, bookmark_ms;
	int64_t page_size;

	int ready;
	long relists;
	obj_t *root;
	size_t size;
	int64_t rv;            /* the revision the store reflects */
	int64_t applied;       /* events applied so far */
	int64_t fresh_rv;      /* the store equals etcd at this revision ... */
	int64_t fresh_applied; /* ... as long as applied is still this */

	struct wc_event **win; /* ring */
	size_t win_cap, win_head, win_len;
	int64_t next_seq;
	int64_t floor_rv; /* every event after this revision is in the window */

	struct kc_etcd3_watch *watch;
	/* the (re)list in progress */
	struct kc_etcd3_req *init_req;
	obj_t *init_root;
	size_t init_size;
	int64_t init_rv;
	char *init_next; /* next page's start key */
	struct event *init_timer;
	long init_backoff_ms;

	struct event *bookmark_timer;
	struct watcher_list watchers;
	size_t n_watchers;
	struct req_list reqs;
};

int
kc_watch_cache_ready(const struct kc_watch_cache *wc)
{
	return wc->ready;
}

int64_t
kc_watch_cache_revision(const struct kc_watch_cache *wc)
{
	return wc->rv;
}

size_t
kc_watch_cache_size(const struct kc_watch_cache *wc)
{
	return wc->size;
}

size_t
kc_watch_cache_window_size(const struct kc_watch_cache *wc)
{
	return wc->win_len;
}

size_t
kc_watch_cache_watchers(const struct kc_watch_cache *wc)
{
	return wc->n_watchers;
}

long
kc_watch_cache_relists(const struct kc_watch_cache *wc)
{
	return wc->relists;
}


/* ======================================================================================== */
/* wire buffers                                                                              */
/* ======================================================================================== */

/* {"type":"<T>","object":<bytes>}\n as one shared buffer. */
static struct kc_http_shared_buf *
wire_event(enum kc_watch_event_type type, const char *bytes, size_t len)
{
	const char *name = kc_watch_event_type_name(type);
	size_t nlen = strlen(name), total = 9 + nlen + 11 + len + 2;
	char *b = malloc(total), *p = b;

	if (b == NULL)
		return NULL;
	memcpy(p, "{\"type\":\"", 9);
	p += 9;
	memcpy(p, name, nlen);
	p += nlen;
	memcpy(p, "\",\"object\":", 11);
	p += 11;
	memcpy(p, bytes, len);
	p += len;
	memcpy(p, "}\n", 2);
	return kc_http_shared_buf_new_take(b, total);
}

struct kc_http_shared_buf *
kc_watch_cache_error_event(int code, const char *reason, const char *message)
{
	json_auto_t *status = json_pack("{s:s,s:s,s:{},s:s,s:s,s:s,s:i}", "kind", "Status",
					"apiVersion", "v1", "metadata", "status", "Failure",
					"message", message, "reason", reason, "code", code);
	KC_AUTOFREE char *bytes = NULL;

	if (status == NULL)
		return NULL;
	bytes = kc_json_dumps(status);
	if (bytes == NULL)
		return NULL;
	return wire_event(KC_WATCH_ERROR, bytes, strlen(bytes));
}

static struct kc_http_shared_buf *
bookmark_event(const struct kc_watch_cache *wc, int64_t rv)
{
	char obj[512];
	int n;

	/* only kind, apiVersion and the revision mean anything (API-COMPAT W4) */
	n = snprintf(obj, sizeof(obj),
		     "{\"kind\":\"%s\",\"apiVersion\":\"%s\",\"metadata\":{\"resourceVersion\":"
		     "\"%" PRId64 "\"}}",
		     wc->kind, wc->api_version, rv);
	if (n < 0 || (size_t)n >= sizeof(obj))
		return NULL;
	return wire_event(KC_WATCH_BOOKMARK, obj, (size_t)n);
}

/* ======================================================================================== */
/* continue tokens (storage/continue.go)                                                     */
/* ======================================================================================== */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *
base64url_encode(const unsigned char *in, size_t len)
{
	char *out = malloc((len + 2) / 3 * 4 + 1), *p = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t left = len - i;

		if (left > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		*p++ = b64url[(v >> 18) & 63];
		*p++ = b64url[(v >> 12) & 63];
		if (left > 1)
			*p++ = b64url[(v >> 6) & 63];
		if (left > 2)
			*p++ = b64url[v & 63];
	}
	*p = '\0';
	return out;
}

/* RawURLEncoding: no padding; -1 at the first bad byte. */
static ssize_t
base64url_decode(const char *in, unsigned char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;

	for (const char *p = in; *p != '\0'; p++) {
		const char *pos = strchr(b64url, *p);

		if (pos == NULL)
			return -1 - (p - in);
		acc = (acc << 6) | (uint32_t)(pos - b64url);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0)
		return -1 - (ssize_t)strlen(in);
	return (ssize_t)n;
}

char *
kc_watch_cache_encode_continue(const char *start, size_t start_len, int64_t rv)
{
	json_auto_t *tok = NULL;
	json_t *s = kc_json_string_sanitized(start, start_len);
	KC_AUTOFREE char *text = NULL;

	if (s == NULL)
		return NULL;
	tok = json_pack("{s:s,s:I,s:o}", "v", "meta.k8s.io/v1", "rv", (json_int_t)rv, "start", s);
	if (tok == NULL)
		return NULL;
	text = kc_json_dumps(tok);
	if (text == NULL)
		return NULL;
	return base64url_encode((const unsigned char *)text, strlen(text));
}

static int continue_error(char **ret_err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
continue_error(char **ret_err, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	if (ret_err != NULL) {
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = NULL;
		va_end(ap);
		*ret_err = msg;
	}
	return KC_ERR_BAD_REQUEST;
}

/* path.Clean("/" + key) == "/" + key: no "//", "." or ".." segments, no trailing '/'. */
static int
clean_key(const char *key, size_t len)
{
	size_t seg = 0;

	if (len > 0 && key[len - 1] == '/')
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || key[i] == '/') {
			size_t sl = i - seg;

			if (sl == 0 && !(i == 0 && len == 0))
				return 0;
			if ((sl == 1 && key[seg] == '.') ||
			    (sl == 2 && key[seg] == '.' && key[seg + 1] == '.'))
				return 0;
			seg = i + 1;
		}
	}
	return 1;
}

int
kc_watch_cache_decode_continue(const char *token, char **ret_start, size_t *ret_len,
			       int64_t *ret_rv, char **ret_err)
{
	KC_AUTOFREE unsigned char *data = malloc(strlen(token) + 1);
	json_auto_t *tok = NULL;
	const char *v, *start;
	json_t *rv, *js;
	json_error_t jerr;
	ssize_t n;
	size_t slen;

	if (data == NULL)
		return KC_ERR_NOMEM;
	n = base64url_decode(token, data);
	if (n < 0)
		return continue_error(
			ret_err,
			"continue key is not valid: incorrect encoded start "
			"resourceVersion (version meta.k8s.io/v1): illegal base64 data "
			"at input byte %zd",
			-1 - n);
	/* the start key ends in "\u0000" (the key just after the last one returned) */
	tok = json_loadb((const char *)data, (size_t)n, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
	if (tok == NULL || !json_is_object(tok))
		return continue_error(ret_err, "continue key is not valid: %s",
				      tok == NULL ? jerr.text : "not a JSON object");
	v = kc_json_get_string(tok, "v", "");
	if (strcmp(v, "meta.k8s.io/v1") != 0)
		return continue_error(ret_err,
				      "continue key is not valid: server does not "
				      "recognize this encoded version %s",
				      v);
	rv = json_object_get(tok, "rv");
	if (!json_is_integer(rv) || json_integer_value(rv) <= 0)
		return continue_error(ret_err, "continue key is not valid: incorrect encoded "
					       "start resourceVersion (version meta.k8s.io/v1)");
	js = json_object_get(tok, "start");
	if (!json_is_string(js) || json_string_length(js) == 0)
		return continue_error(ret_err, "continue key is not valid: encoded start key "
					       "empty (version meta.k8s.io/v1)");
	start = json_string_value(js);
	slen = json_string_length(js);
	/* defend against path traversal: the key must stay below the resource prefix */
	while (slen > 0 && start[0] == '/') {
		start++;
		slen--;
	}
	if (!clean_key(start, slen))
		return continue_error(ret_err, "continue key is not valid: %s",
				      json_string_value(js));
	*ret_start = malloc(slen + 1);
	if (*ret_start == NULL)
		return KC_ERR_NOMEM;
	memcpy(*ret_start, start, slen);
	(*ret_start)[slen] = '\0';
	*ret_len = slen;
	*ret_rv = json_integer_value(rv);
	return 0;
}

/* ======================================================================================== */
/* filters                                                                                   */
/* ======================================================================================== */

struct filter {
	char *ns;
	struct kc_label_selector *labels;
	struct kc_field_selector *fields;
};

struct field_ctx {
	const struct kc_watch_cache *wc;
	const json_t *obj;
};

static const char *
get_field(void *arg, const char *field)
{
	struct field_ctx *c = arg;

	if (strcmp(field, "metadata.name") == 0)
		return kc_json_get_string(c->obj, "metadata.name", NULL);
	if (strcmp(field, "metadata.namespace") == 0)
		return kc_json_get_string(c->obj, "metadata.namespace", NULL);
	return c->wc->get_field != NULL ? c->wc->get_field(c->obj, field) : NULL;
}

/* Whether a namespaced key ("<ns>/<name>", as etcd holds it) is in namespace ns: the same
 * answer as the object's metadata.namespace without a walk through its JSON for every
 * watcher of every event. */
static int
key_in_namespace(const char *key, const char *ns)
{
	size_t len = strlen(ns);

	return strncmp(key, ns, len) == 0 && key[len] == '/';
}

static int
filter_matches(const struct kc_watch_cache *wc, const char *ns,
	       const struct kc_label_selector *labels, const struct kc_field_selector *fields,
	       const obj_t *o)
{
	struct field_ctx ctx = { wc, NULL };

	if (ns != NULL && !key_in_namespace(o->key, ns))
		return 0;
	if (labels != NULL && !kc_label_selector_matches(
				      labels, kc_json_get(obj_json(o), "metadata", "labels", NULL)))
		return 0;
	ctx.obj = fields != NULL ? obj_json(o) : NULL;
	if (fields != NULL && !kc_field_selector_matches(fields, get_field, &ctx))
		return 0;
	return 1;
}

static void
filter_release(struct filter *f)
{
	free(f->ns);
	kc_label_selector_free(f->labels);
	kc_field_selector_free(f->fields);
	memset(f, 0, sizeof(*f));
}

/* Parses selectors; empty ones become NULL (match everything, cheaply). */
static int
filter_init(struct filter *f, const char *ns, const char *label_sel, const char *field_sel,
	    char **ret_err)
{
	char *err = NULL;
	int r;

	memset(f, 0, sizeof(*f));
	if (ns != NULL && ns[0] != '\0' && (f->ns = strdup(ns)) == NULL)
		return KC_ERR_NOMEM;
	if (label_sel != NULL && label_sel[0] != '\0') {
		r = kc_labels_parse(label_sel, &f->labels, &err);
		if (r < 0)
			goto fail;
		if (kc_label_selector_is_empty(f->labels))
			f->labels = kc_label_selector_free(f->labels);
	}
	if (field_sel != NULL && field_sel[0] != '\0') {
		r = kc_fields_parse(field_sel, &f->fields, &err);
		if (r < 0)
			goto fail;
		if (kc_field_selector_is_empty(f->fields))
			f->fields = kc_field_selector_free(f->fields);
	}
	return 0;
fail:
	filter_release(f);
	if (r == KC_ERR_INVALID)
		r = KC_ERR_BAD_REQUEST;
	if (ret_err != NULL)
		*ret_err = err;
	else
		free(err);
	return r;
}

/* resourceVersion text: 0 with *ret (0 for unset/"0"), or KC_ERR_BAD_REQUEST. */
static int
parse_rv(const char *s, int64_t *ret, char **ret_err)
{
	char *end;
	unsigned long long v;

	*ret = 0;
	if (s == NULL || s[0] == '\0')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v > INT64_MAX) {
		if (ret_err != NULL &&
		    asprintf(ret_err,
			     "resourceVersion: Invalid value: \"%s\": strconv.ParseUint: "
			     "parsing \"%s\": invalid syntax",
			     s, s) < 0)
			*ret_err = NULL;
		return KC_ERR_BAD_REQUEST;
	}
	*ret = (int64_t)v;
	return 0;
}

/* ======================================================================================== */
/* watchers                                                                                  */
/* ======================================================================================== */

static void
item_release(struct wc_item *it)
{
	kc_watch_cache_object_unref(it->obj);
	kc_http_shared_buf_unref(it->buf);
	it->obj = NULL;
	it->buf = NULL;
}

static void
watcher_schedule(struct kc_watch_cache_watcher *w, long ms)
{
	struct timeval tv;

	if (ms <= 0) {
		event_active(w->flush_ev, 0, 0);
		return;
	}
	set_timeval(&tv, ms);
	event_add(w->flush_ev, &tv);
}

static void
watcher_free(struct kc_watch_cache_watcher *w)
{
	struct kc_watch_cache *wc = w->wc;

	TAILQ_REMOVE(&wc->watchers, w, link);
	wc->n_watchers--;
	for (size_t i = 0; i < w->q_len; i++)
		item_release(&w->q[(w->q_head + i) % w->q_cap]);
	free(w->q);
	for (size_t i = w->next_initial; i < w->n_initial; i++)
		kc_watch_cache_object_unref(w->initial[i]);
	free(w->initial);
	if (w->flush_ev != NULL)
		event_free(w->flush_ev);
	if (w->deadline_ev != NULL)
		event_free(w->deadline_ev);
	kc_http_shared_buf_unref(w->end_buf);
	free(w->ns);
	kc_label_selector_free(w->labels);
	kc_field_selector_free(w->fields);
	free(w);
}

void
kc_watch_cache_watcher_stop(struct kc_watch_cache_watcher *w)
{
	if (w == NULL || w->stopped)
		return;
	w->stopped = 1;
	if (!w->in_flush)
		watcher_free(w);
}

size_t
kc_watch_cache_watcher_queued(const struct kc_watch_cache_watcher *w)
{
	return w->q_len;
}

/* Ends the watcher from its flush event (after an optional ERROR event). */
static void
watcher_terminate(struct kc_watch_cache_watcher *w, int err, struct kc_http_shared_buf *buf)
{
	if (w->end_err != 1)
		return; /* already ending */
	w->end_err = err;
	w->end_buf = buf;
	watcher_schedule(w, 0);
}

static int
queue_push(struct kc_watch_cache_watcher *w, const struct wc_item *it)
{
	if (w->q_len == w->q_cap) {
		size_t cap = w->q_cap != 0 ? w->q_cap * 2 : 16;
		struct wc_item *q = malloc(cap * sizeof(*q));

		if (q == NULL)
			return KC_ERR_NOMEM;
		for (size_t i = 0; i < w->q_len; i++)
			q[i] = w->q[(w->q_head + i) % w->q_cap];
		free(w->q);
		w->q = q;
		w->q_cap = cap;
		w->q_head = 0;
	}
	w->q[(w->q_head + w->q_len) % w->q_cap] = *it;
	w->q_len++;
	return 0;
}

/*
 * What a watcher sees of an event (cache_watcher.go convertToWatchEvent): ADDED when the object
 * starts matching, MODIFIED while it matches, DELETED (previous state, event revision) when it
 * stops; nothing when neither state matches.  Returns 0 for nothing, 1 with *type and *obj.
 */
static int
classify(struct kc_watch_cache *wc, const struct kc_watch_cache_watcher *w, struct wc_event *ev,
	 enum kc_watch_event_type *type, obj_t **obj)
{
	int cur, old = 0;

	if (ev->kind == EV_DELETE) {
		if (!filter_matches(wc, w->ns, w->labels, w->fields, ev->obj))
			return 0;
		*type = KC_WATCH_DELETED;
		*obj = ev->obj;
		return 1;
	}
	cur = filter_matches(wc, w->ns, w->labels, w->fields, ev->obj);
	if (ev->prev != NULL)
		old = filter_matches(wc, w->ns, w->labels, w->fields, ev->prev);
	if (cur) {
		*type = old ? KC_WATCH_MODIFIED : KC_WATCH_ADDED;
		*obj = ev->obj;
		return 1;
	}
	if (!old)
		return 0;
	if (ev->prev_at_rv == NULL)
		ev->prev_at_rv = obj_restamp(ev->prev, ev->rv);
	if (ev->prev_at_rv == NULL)
		return KC_ERR_NOMEM;
	*type = KC_WATCH_DELETED;
	*obj = ev->prev_at_rv;
	return 1;
}

/* The item for w (buffer shared through ev->bufs); 0 none, 1 made, <0 out of memory. */
static int
event_item(struct kc_watch_cache *wc, const struct kc_watch_cache_watcher *w, struct wc_event *ev,
	   struct wc_item *it)
{
	enum kc_watch_event_type type;
	obj_t *obj;
	int r = classify(wc, w, ev, &type, &obj);

	if (r <= 0)
		return r;
	if (ev->bufs[type] == NULL) {
		ev->bufs[type] = wire_event(type, obj->bytes, obj->len);
		if (ev->bufs[type] == NULL)
			return KC_ERR_NOMEM;
	}
	it->type = type;
	it->obj = kc_watch_cache_object_ref(obj);
	it->rv = ev->rv;
	it->buf = kc_http_shared_buf_ref(ev->bufs[type]);
	return 1;
}

static void
event_drop_bufs(struct wc_event *ev)
{
	for (int i = 0; i < 3; i++)
		ev->bufs[i] = kc_http_shared_buf_unref(ev->bufs[i]);
}

static struct wc_event *
window_at_seq(struct kc_watch_cache *wc, int64_t seq)
{
	int64_t first;

	if (wc->win_len == 0)
		return NULL;
	first = wc->win[wc->win_head]->seq;
	if (seq < first || seq >= first + (int64_t)wc->win_len)
		return NULL;
	return wc->win[(wc->win_head + (size_t)(seq - first)) % wc->win_cap];
}

/* Hands one event to the sink; <0 when the sink refused (client gone). */
static int
sink_send(struct kc_watch_cache_watcher *w, struct kc_http_shared_buf *buf,
	  enum kc_watch_event_type type, obj_t *obj, int64_t rv)
{
	struct kc_watch_cache_event ev = { type, obj, rv };

	return w->sink.send(w->sink.arg, buf, &ev);
}

/* The next event of the initial or replay phase into *it; 0 when the phase is over. */
static int
next_catchup_item(struct kc_watch_cache_watcher *w, struct wc_item *it)
{
	struct kc_watch_cache *wc = w->wc;

	while (w->phase == PHASE_INITIAL && w->next_initial < w->n_initial) {
		obj_t *o = w->initial[w->next_initial];

		w->initial[w->next_initial++] = NULL;
		it->type = KC_WATCH_ADDED;
		it->obj = o; /* the snapshot's reference moves to the item */
		it->rv = o->rv;
		it->buf = wire_event(KC_WATCH_ADDED, o->bytes, o->len);
		if (it->buf == NULL) {
			item_release(it);
			return KC_ERR_NOMEM;
		}
		return 1;
	}
	while (w->phase == PHASE_REPLAY && w->replay_seq <= w->replay_end) {
		struct wc_event *ev = window_at_seq(wc, w->replay_seq);
		int r;

		if (ev == NULL)
			return KC_ERR_EXPIRED; /* evicted before we got to it */
		w->replay_seq++;
		r = event_item(wc, w, ev, it);
		if (r > 0) {
			/* a replay's buffers are its own: do not keep them on the event */
			event_drop_bufs(ev);
			return 1;
		}
		if (r < 0)
			return r;
	}
	w->phase = PHASE_LIVE;
	return 0;
}

static void
watcher_end(struct kc_watch_cache_watcher *w, int err)
{
	struct kc_watch_sink sink = w->sink;

	w->stopped = 1;
	sink.end(sink.arg, err);
	watcher_free(w);
}

static void
on_watcher_flush(evutil_socket_t fd, short what, void *arg)
{
	struct kc_watch_cache_watcher *w = arg;
	struct kc_watch_cache *wc = w->wc;
	int err = 1;

	if (w->stopped)
		return;
	w->in_flush = 1;
	if (w->end_err != 1) {
		err = w->end_err;
		if (w->end_buf != NULL &&
		    sink_send(w, w->end_buf, KC_WATCH_ERROR, NULL, wc->rv) < 0)
			err = KC_ERR_IO;
		goto out;
	}
	while (!w->stopped) {
		struct wc_item it = { 0 };
		int r = 0;

		if (w->sink.backlog != NULL && w->sink.backlog(w->sink.arg) >= wc->backlog_max) {
			watcher_schedule(w, SINK_RETRY_MS);
			break;
		}
		if (w->phase != PHASE_LIVE)
			r = next_catchup_item(w, &it);
		if (r < 0) {
			err = r == KC_ERR_EXPIRED ? KC_ERR_TOO_MANY_REQUESTS : r;
			break;
		}
		if (r == 0) {
			if (w->q_len == 0)
				break;
			it = w->q[w->q_head];
			w->q_head = (w->q_head + 1) % w->q_cap;
			w->q_len--;
		}
		r = sink_send(w, it.buf, it.type, it.obj, it.rv);
		item_release(&it);
		if (r < 0) {
			err = KC_ERR_IO;
			break;
		}
	}
out:
	w->in_flush = 0;
	if (w->stopped)
		watcher_free(w);
	else if (err != 1)
		watcher_end(w, err);
}

static void
on_watcher_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct kc_watch_cache_watcher *w = arg;

	watcher_end(w, 0);
}

/* Queues a live item; ends a watcher that fell too far behind. */
static void
watcher_push(struct kc_watch_cache *wc, struct kc_watch_cache_watcher *w, struct wc_item *it)
{
	if (w->end_err != 1 || w->q_len >= wc->queue_max || queue_push(w, it) < 0) {
		item_release(it);
		if (w->end_err == 1) {
			kc_v(2,
			     "Forcing %s watcher close due to unresponsiveness: %zu events queued",
			     wc->resource, w->q_len);
			watcher_terminate(w, KC_ERR_TOO_MANY_REQUESTS, NULL);
		}
		return;
	}
	w->last_rv = it->rv;
	watcher_schedule(w, 0);
}

static void
dispatch(struct kc_watch_cache *wc, struct wc_event *ev)
{
	struct kc_watch_cache_watcher *w;

	TAILQ_FOREACH(w, &wc->watchers, link) {
		struct wc_item it = { 0 };
		int r;

		if (w->stopped || ev->rv <= w->start_rv)
			continue;
		if (w->phase == PHASE_REPLAY && ev->seq <= w->replay_end)
			continue;
		r = event_item(wc, w, ev, &it);
		if (r < 0)
			watcher_terminate(w, r, NULL);
		else if (r > 0)
			watcher_push(wc, w, &it);
	}
	event_drop_bufs(ev);
}

/* Every watcher gets an ERROR 410 and ends (the cache relists). */
static void
terminate_all_watchers(struct kc_watch_cache *wc)
{
	struct kc_watch_cache_watcher *w;

	TAILQ_FOREACH(w, &wc->watchers, link) {
		struct kc_http_shared_buf *buf =
			kc_watch_cache_error_event(410, "Expired", EXPIRED_WATCH_MSG);

		watcher_terminate(w, KC_ERR_EXPIRED, buf);
	}
}

/* ======================================================================================== */
/* bookmarks                                                                                 */
/* ======================================================================================== */

static int64_t
next_bookmark(const struct kc_watch_cache *wc, const struct kc_watch_cache_watcher *w, int64_t now)
{
	int64_t t = now + wc->bookmark_ms;

	if (w->deadline_ms > 0 && w->deadline_ms - BOOKMARK_BEFORE_DEADLINE < t)
		t = w->deadline_ms - BOOKMARK_BEFORE_DEADLINE;
	return t > now ? t : 0; /* 0: no more bookmarks */
}

static void
on_bookmark_tick(evutil_socket_t fd, short what, void *arg)
{
	struct kc_watch_cache *wc = arg;
	struct kc_watch_cache_watcher *w;
	struct kc_http_shared_buf *buf = NULL;
	int64_t now = mono_ms(), buf_rv = -1;

	TAILQ_FOREACH(w, &wc->watchers, link) {
		int64_t rv = wc->rv > w->last_rv ? wc->rv : w->last_rv;
		struct wc_item it = { KC_WATCH_BOOKMARK, NULL, 0, NULL };

		if (!w->allow_bookmarks || w->stopped || w->end_err != 1 ||
		    w->phase != PHASE_LIVE || w->next_bookmark_ms == 0 || now < w->next_bookmark_ms)
			continue;
		w->next_bookmark_ms = next_bookmark(wc, w, now);
		if (buf_rv != rv) {
			/* one buffer for every watcher at the same revision */
			kc_http_shared_buf_unref(buf);
			buf = bookmark_event(wc, rv);
			buf_rv = rv;
		}
		if (buf == NULL)
			continue;
		it.rv = rv;
		it.buf = kc_http_shared_buf_ref(buf);
		watcher_push(wc, w, &it);
	}
	kc_http_shared_buf_unref(buf);
}

/* ======================================================================================== */
/* the window                                                                                */
/* ======================================================================================== */

static void
wc_event_free(struct wc_event *ev)
{
	event_drop_bufs(ev);
	kc_watch_cache_object_unref(ev->obj);
	kc_watch_cache_object_unref(ev->prev);
	kc_watch_cache_object_unref(ev->prev_at_rv);
	free(ev);
}

static void
window_evict_one(struct kc_watch_cache *wc)
{
	struct wc_event *ev = wc->win[wc->win_head];

	wc->floor_rv = ev->rv;
	wc->win_head = (wc->win_head + 1) % wc->win_cap;
	wc->win_len--;
	wc_event_free(ev);
}

/* Drops events past the window's bounds: keep window_min, keep younger than window_ms, never
 * more than window_max. */
static void
window_trim(struct kc_watch_cache *wc, int64_t now)
{
	while (wc->win_len > wc->window_min) {
		struct wc_event *oldest = wc->win[wc->win_head];

		if (wc->win_len < wc->window_max && oldest->time_ms >= now - wc->window_ms)
			break;
		window_evict_one(wc);
	}
}

static int
window_push(struct kc_watch_cache *wc, struct wc_event *ev)
{
	window_trim(wc, ev->time_ms);
	if (wc->win_len == wc->win_cap) {
		size_t cap = wc->win_cap != 0 ? wc->win_cap * 2 : 64;
		struct wc_event **win;

		if (cap > wc->window_max)
			cap = wc->window_max;
		if (cap <= wc->win_len) {
			window_evict_one(wc); /* full at window_max */
		} else {
			win = malloc(cap * sizeof(*win));
			if (win == NULL)
				return KC_ERR_NOMEM;
			for (size_t i = 0; i < wc->win_len; i++)
				win[i] = wc->win[(wc->win_head + i) % wc->win_cap];
			free(wc->win);
			wc->win = win;
			wc->win_cap = cap;
			wc->win_head = 0;
		}
	}
	ev->seq = wc->next_seq++;
	wc->win[(wc->win_head + wc->win_len) % wc->win_cap] = ev;
	wc->win_len++;
	return 0;
}

static void
window_clear(struct kc_watch_cache *wc)
{
	while (wc->win_len > 0)
		window_evict_one(wc);
}

/* ======================================================================================== */
/* applying etcd events                                                                      */
/* ======================================================================================== */

static void wake_waiters(struct kc_watch_cache *wc);
static void start_relist(struct kc_watch_cache *wc);

/* The key under the resource prefix, or NULL when kv's key is outside it. */
static const char *
cache_key(const struct kc_watch_cache *wc, const char *etcd_key)
{
	if (strncmp(etcd_key, wc->prefix, wc->prefix_len) != 0)
		return NULL;
	return etcd_key + wc->prefix_len;
}

static void
apply_event(struct kc_watch_cache *wc, const struct kc_etcd3_event *e)
{
	const char *key = cache_key(wc, e->kv.key);
	struct wc_event *ev;
	obj_t *prev = NULL;
	char err[256];

	if (key == NULL || key[0] == '\0')
		return;
	ev = calloc(1, sizeof(*ev));
	if (ev == NULL)
		goto nomem;
	ev->rv = e->kv.mod_revision;
	ev->time_ms = mono_ms();
	if (e->type == KC_ETCD3_PUT) {
		ev->kind = EV_PUT;
		ev->obj = obj_parse(key, e->kv.value, e->kv.value_len, ev->rv, err, sizeof(err));
		if (ev->obj == NULL) {
			/* upstream logs undecodable objects and goes on */
			kc_warning("watch cache %s: skipping %s at revision %" PRId64 ": %s",
				   wc->resource, e->kv.key, ev->rv, err);
			free(ev);
			return;
		}
		wc->root = tree_remove(wc->root, key, &prev);
		wc->root = tree_insert(wc->root, kc_watch_cache_object_ref(ev->obj));
		if (prev == NULL)
			wc->size++;
	} else {
		ev->kind = EV_DELETE;
		wc->root = tree_remove(wc->root, key, &prev);
		if (prev == NULL) {
			free(ev);
			return; /* not ours to know: nothing to tell */
		}
		wc->size--;
		ev->obj = obj_restamp(prev, ev->rv);
		if (ev->obj == NULL) {
			kc_watch_cache_object_unref(prev);
			free(ev);
			goto nomem;
		}
	}
	ev->prev = prev; /* the store's reference moves to the event */
	wc->applied++;
	if (window_push(wc, ev) < 0) {
		wc_event_free(ev);
		goto nomem;
	}
	dispatch(wc, ev);
	return;
nomem:
	/* an event we could not keep: watchers cannot be served consistently any more */
	kc_error("watch cache %s: out of memory applying an event; relisting", wc->resource);
	start_relist(wc);
}

static void
on_etcd_events(void *arg, int64_t revision, const struct kc_etcd3_event *events, size_t n)
{
	struct kc_watch_cache *wc = arg;

	for (size_t i = 0; i < n && wc->watch != NULL; i++) {
		apply_event(wc, &events[i]);
		if (events[i].kv.mod_revision > wc->rv)
			wc->rv = events[i].kv.mod_revision;
	}
	if (wc->watch == NULL)
		return; /* a relist started */
	if (revision > wc->rv)
		wc->rv = revision; /* progress notification */
	wake_waiters(wc);
}

static void
on_etcd_watch_end(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kc_watch_cache *wc = arg;

	wc->watch = NULL;
	kc_warning("watch cache %s: etcd watch ended (%s: %s); relisting", wc->resource,
		   kc_strerror(err), res->message);
	start_relist(wc);
}

static int
start_watch(struct kc_watch_cache *wc)
{
	struct kc_etcd3_watch_opts wo = { 0 };

	wo.prefix = wc->prefix;
	wo.start_revision = wc->rv + 1;
	wo.progress_notify = 1;
	wc->watch = kc_etcd3_watch(wc->etcd, &wo, on_etcd_events, on_etcd_watch_end, wc);
	return wc->watch != NULL ? 0 : KC_ERR_NOMEM;
}

/* ======================================================================================== */
/* initial list and relist                                                                   */
/* ======================================================================================== */

static void init_step(struct kc_watch_cache *wc);

static void
init_reset(struct kc_watch_cache *wc)
{
	tree_free(wc->init_root);
	wc->init_root = NULL;
	wc->init_size = 0;
	wc->init_rv = 0;
	free(wc->init_next);
	wc->init_next = NULL;
}

static void
init_retry(struct kc_watch_cache *wc, const char *why)
{
	struct timeval tv;

	init_reset(wc);
	wc->init_backoff_ms =
		wc->init_backoff_ms == 0 ? INIT_RETRY_MIN_MS : wc->init_backoff_ms * 2;
	if (wc->init_backoff_ms > INIT_RETRY_MAX_MS)
		wc->init_backoff_ms = INIT_RETRY_MAX_MS;
	kc_v(2, "watch cache %s: list failed (%s); retrying in %ld ms", wc->resource, why,
	     wc->init_backoff_ms);
	set_timeval(&tv, wc->init_backoff_ms);
	event_add(wc->init_timer, &tv);
}

/* The list is complete at init_rv: swap the store, start the watch. */
static void
init_done(struct kc_watch_cache *wc)
{
	tree_free(wc->root);
	wc->root = wc->init_root;
	wc->size = wc->init_size;
	wc->init_root = NULL;
	wc->rv = wc->init_rv;
	wc->applied++;
	window_clear(wc);
	wc->floor_rv = wc->rv;
	init_reset(wc);
	wc->init_backoff_ms = 0;
	if (start_watch(wc) < 0) {
		init_retry(wc, "out of memory");
		return;
	}
	wc->ready = 1;
	kc_v(4, "watch cache %s: %zu objects at revision %" PRId64, wc->resource, wc->size, wc->rv);
	wake_waiters(wc);
}

static void
on_init_page(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kc_watch_cache *wc = arg;
	char perr[256];

	wc->init_req = NULL;
	if (err < 0) {
		init_retry(wc, res->message);
		return;
	}
	if (wc->init_rv == 0)
		wc->init_rv = res->revision;
	for (size_t i = 0; i < res->n_kvs; i++) {
		const struct kc_etcd3_kv *kv = &res->kvs[i];
		const char *key = cache_key(wc, kv->key);
		obj_t *o;

		if (key == NULL || key[0] == '\0')
			continue;
		o = obj_parse(key, kv->value, kv->value_len, kv->mod_revision, perr, sizeof(perr));
		if (o == NULL) {
			kc_warning("watch cache %s: skipping %s: %s", wc->resource, kv->key, perr);
			continue;
		}
		wc->init_root = tree_insert(wc->init_root, o);
		wc->init_size++;
	}
	if (res->more && res->n_kvs > 0) {
		free(wc->init_next);
		wc->init_next = strdup(res->kvs[res->n_kvs - 1].key);
		if (wc->init_next == NULL) {
			init_retry(wc, "out of memory");
			return;
		}
		init_step(wc);
		return;
	}
	init_done(wc);
}

static void
init_step(struct kc_watch_cache *wc)
{
	struct kc_etcd3_range_opts ro = { 0 };

	ro.prefix = wc->prefix;
	ro.limit = wc->page_size;
	ro.revision = wc->init_rv;
	ro.start_key = wc->init_next; /* just after the previous page's last key */
	ro.start_after = 1;
	wc->init_req = kc_etcd3_range(wc->etcd, &ro, on_init_page, wc);
	if (wc->init_req == NULL)
		init_retry(wc, "out of memory");
}

static void
on_init_timer(evutil_socket_t fd, short what, void *arg)
{
	init_step(arg);
}

static void
start_relist(struct kc_watch_cache *wc)
{
	kc_etcd3_watch_cancel(wc->watch);
	wc->watch = NULL;
	wc->ready = 0;
	wc->relists++;
	terminate_all_watchers(wc);
	kc_etcd3_req_cancel(wc->init_req);
	wc->init_req = NULL;
	init_reset(wc);
	init_step(wc);
}

/* ======================================================================================== */
/* reads                                                                                     */
/* ======================================================================================== */

enum req_kind {
	RK_LIST,
	RK_GET
};

enum req_state {
	RS_START, /* decide */
	RS_STAT,  /* asked etcd whether the cache is current */
	RS_WAIT,  /* waiting for the watch to catch up */
	RS_ETCD,  /* reading from etcd */
};

struct kc_watch_cache_req {
	struct kc_watch_cache *wc;
	TAILQ_ENTRY(kc_watch_cache_req) link;
	enum req_kind kind;
	enum req_state state;
	struct filter f;
	char *key; /* get */
	char *rv_text;
	int64_t rv; /* parsed resource_version */
	int rv_set;
	enum kc_rv_match match;
	int64_t limit;
	char *cont;  /* the continue token as sent */
	char *start; /* decoded continue start key (under the resource prefix) */
	size_t start_len;
	int64_t cont_rv;
	int consistent; /* RV unset: fall back to etcd when the wait ends */
	int64_t target; /* serve once the cache reached this revision */
	int64_t deadline_ms;
	int64_t stat_applied; /* wc->applied when the stat went out */
	struct kc_etcd3_req *etcd_req;
	struct event *timer;
	/* etcd reads */
	int64_t etcd_rv;
	char *etcd_next;     /* next page start (under the etcd prefix) */
	int etcd_next_after; /* ... just after that key */
	int start_used;      /* the continue token's start was applied */
	obj_t **items;
	size_t n_items, cap_items;
	char *next_token;
	int err;
	char *message;
	kc_watch_cache_list_cb list_cb;
	kc_watch_cache_get_cb get_cb;
	void *arg;
};

static void req_step(struct kc_watch_cache_req *q);

static void
req_free(struct kc_watch_cache_req *q)
{
	TAILQ_REMOVE(&q->wc->reqs, q, link);
	kc_etcd3_req_cancel(q->etcd_req);
	if (q->timer != NULL)
		event_free(q->timer);
	filter_release(&q->f);
	for (size_t i = 0; i < q->n_items; i++)
		kc_watch_cache_object_unref(q->items[i]);
	free(q->items);
	free(q->key);
	free(q->rv_text);
	free(q->cont);
	free(q->start);
	free(q->etcd_next);
	free(q->next_token);
	free(q->message);
	free(q);
}

void
kc_watch_cache_req_cancel(struct kc_watch_cache_req *q)
{
	if (q != NULL)
		req_free(q);
}

static void req_fail(struct kc_watch_cache_req *q, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
req_fail(struct kc_watch_cache_req *q, int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (q->kind == RK_LIST)
		q->list_cb(q->arg, err, msg, NULL);
	else
		q->get_cb(q->arg, err, msg, NULL);
	req_free(q);
}

static int
items_push(struct kc_watch_cache_req *q, obj_t *o)
{
	if (q->n_items == q->cap_items) {
		size_t cap = q->cap_items != 0 ? q->cap_items * 2 : 64;
		obj_t **items = realloc(q->items, cap * sizeof(*items));

		if (items == NULL)
			return KC_ERR_NOMEM;
		q->items = items;
		q->cap_items = cap;
	}
	q->items[q->n_items++] = o;
	return 0;
}

static void
req_reply_list(struct kc_watch_cache_req *q, int64_t rv, int64_t remaining)
{
	struct kc_watch_cache_list_result res = { 0 };

	res.items = q->items;
	res.n = q->n_items;
	res.revision = rv;
	res.continue_token = q->next_token;
	res.remaining = remaining;
	q->list_cb(q->arg, 0, "", &res);
	req_free(q);
}

/* The first store key a list considers: the later of its namespace scope and its start. */
static obj_t *
list_first(struct kc_watch_cache *wc, struct kc_watch_cache_req *q, const char *scope,
	   size_t scope_len)
{
	if (q->start != NULL && key_cmp(q->start, q->start_len, scope) > 0)
		return tree_ceil(wc->root, q->start, q->start_len);
	return tree_ceil(wc->root, scope, scope_len);
}

/* Serves a list from the store, which equals etcd at revision rv. */
static void
serve_list_from_cache(struct kc_watch_cache_req *q, int64_t rv)
{
	struct kc_watch_cache *wc = q->wc;
	char scope[512] = "";
	size_t scope_len = 0;
	int64_t remaining = 0;
	int counting = 0, selectors = q->f.labels != NULL || q->f.fields != NULL;
	obj_t *o;

	if (q->f.ns != NULL) {
		snprintf(scope, sizeof(scope), "%s/", q->f.ns);
		scope_len = strlen(scope);
	}
	for (o = list_first(wc, q, scope, scope_len); o != NULL; o = tree_next(wc->root, o->key)) {
		if (strncmp(o->key, scope, scope_len) != 0)
			break;
		if (!filter_matches(wc, q->f.ns, q->f.labels, q->f.fields, o))
			continue;
		if (q->limit > 0 && (int64_t)q->n_items == q->limit) {
			/* a page is full: count what is left (upstream's remainingItemCount is
			 * only known without selectors; with them, one more is enough) */
			counting = 1;
			remaining++;
			if (selectors)
				break;
			continue;
		}
		if (items_push(q, kc_watch_cache_object_ref(o)) < 0) {
			kc_watch_cache_object_unref(o);
			req_fail(q, KC_ERR_NOMEM, "out of memory");
			return;
		}
	}
	if (counting) {
		const char *last = q->items[q->n_items - 1]->key;

		/* the next key: the last one with a NUL byte appended, as upstream */
		q->next_token = kc_watch_cache_encode_continue(last, strlen(last) + 1, rv);
		if (q->next_token == NULL) {
			req_fail(q, KC_ERR_NOMEM, "out of memory");
			return;
		}
	}
	req_reply_list(q, rv, !counting ? 0 : selectors ? -1 : remaining);
}

static void
serve_get_from_cache(struct kc_watch_cache_req *q)
{
	obj_t *o = tree_find(q->wc->root, q->key);

	if (o == NULL) {
		req_fail(q, KC_ERR_NOT_FOUND, "not found");
		return;
	}
	q->get_cb(q->arg, 0, "", o);
	req_free(q);
}

static void
serve_from_cache(struct kc_watch_cache_req *q, int64_t rv)
{
	if (q->kind == RK_LIST)
		serve_list_from_cache(q, rv);
	else
		serve_get_from_cache(q);
}

/* --- reads from etcd --------------------------------------------------------------------- */

static void etcd_read_step(struct kc_watch_cache_req *q);

static void
on_etcd_get(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kc_watch_cache_req *q = arg;
	char perr[256];
	obj_t *o;

	q->etcd_req = NULL;
	if (err < 0) {
		req_fail(q, err, "%s", err == KC_ERR_NOT_FOUND ? "not found" : res->message);
		return;
	}
	o = obj_parse(q->key, res->kvs[0].value, res->kvs[0].value_len, res->kvs[0].mod_revision,
		      perr, sizeof(perr));
	if (o == NULL) {
		req_fail(q, KC_ERR_INTERNAL, "%s", perr);
		return;
	}
	q->get_cb(q->arg, 0, "", o);
	kc_watch_cache_object_unref(o);
	req_free(q);
}

/* Appends what an etcd page matched; sets the continue token once the limit is reached. */
static int
etcd_take_page(struct kc_watch_cache_req *q, const struct kc_etcd3_result *res, int *full)
{
	struct kc_watch_cache *wc = q->wc;
	char perr[256];

	for (size_t i = 0; i < res->n_kvs; i++) {
		const char *key = cache_key(wc, res->kvs[i].key);
		obj_t *o;

		if (key == NULL)
			continue;
		if (q->limit > 0 && (int64_t)q->n_items == q->limit) {
			const char *last = q->items[q->n_items - 1]->key;

			*full = 1;
			q->next_token =
				kc_watch_cache_encode_continue(last, strlen(last) + 1, q->etcd_rv);
			return q->next_token != NULL ? 0 : KC_ERR_NOMEM;
		}
		o = obj_parse(key, res->kvs[i].value, res->kvs[i].value_len,
			      res->kvs[i].mod_revision, perr, sizeof(perr));
		if (o == NULL) {
			kc_warning("%s: skipping %s: %s", wc->resource, res->kvs[i].key, perr);
			continue;
		}
		if (!filter_matches(wc, q->f.ns, q->f.labels, q->f.fields, o)) {
			kc_watch_cache_object_unref(o);
			continue;
		}
		if (items_push(q, o) < 0) {
			kc_watch_cache_object_unref(o);
			return KC_ERR_NOMEM;
		}
	}
	return 0;
}

static void
on_etcd_page(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kc_watch_cache_req *q = arg;
	int full = 0;

	q->etcd_req = NULL;
	if (err < 0) {
		if (err == KC_ERR_EXPIRED)
			req_fail(q, err, "%s",
				 q->start != NULL ? EXPIRED_CONTINUE_MSG : EXPIRED_LIST_MSG);
		else
			req_fail(q, err, "%s", res->message);
		return;
	}
	if (q->etcd_rv == 0)
		q->etcd_rv = res->revision;
	if (etcd_take_page(q, res, &full) < 0) {
		req_fail(q, KC_ERR_NOMEM, "out of memory");
		return;
	}
	if (!full && res->more && res->n_kvs > 0) {
		free(q->etcd_next);
		q->etcd_next = strdup(res->kvs[res->n_kvs - 1].key);
		q->etcd_next_after = 1;
		if (q->etcd_next == NULL) {
			req_fail(q, KC_ERR_NOMEM, "out of memory");
			return;
		}
		etcd_read_step(q);
		return;
	}
	if (!full && q->limit > 0 && (int64_t)q->n_items == q->limit && res->more) {
		const char *last = q->items[q->n_items - 1]->key;

		q->next_token = kc_watch_cache_encode_continue(last, strlen(last) + 1, q->etcd_rv);
	}
	req_reply_list(q, q->etcd_rv, -1);
}

/* Sets the first page's start from the continue token: "ns/name\0" means after "ns/name".
 * Returns 1 when the start lies past the scope (nothing to list), 0, or KC_ERR_NOMEM. */
static int
etcd_start_from_token(struct kc_watch_cache_req *q, const char *scope)
{
	struct kc_watch_cache *wc = q->wc;
	size_t len = q->start_len, slen = strlen(scope);
	char *k;
	int c;

	q->etcd_next_after = len > 0 && q->start[len - 1] == '\0';
	if (q->etcd_next_after)
		len--;
	k = malloc(wc->prefix_len + len + 1);
	if (k == NULL)
		return KC_ERR_NOMEM;
	memcpy(k, wc->prefix, wc->prefix_len);
	memcpy(k + wc->prefix_len, q->start, len);
	k[wc->prefix_len + len] = '\0';
	c = strncmp(k, scope, slen);
	if (c < 0) {
		free(k); /* before the namespace scope: from the scope's first key */
		return 0;
	}
	if (c > 0) {
		free(k);
		return 1;
	}
	q->etcd_next = k;
	return 0;
}

/* One page from etcd (or the object, for a get). */
static void
etcd_read_step(struct kc_watch_cache_req *q)
{
	struct kc_watch_cache *wc = q->wc;
	struct kc_etcd3_range_opts ro = { 0 };
	char prefix[1024];
	int r;

	q->state = RS_ETCD;
	if (q->kind == RK_GET) {
		char key[1024];

		snprintf(key, sizeof(key), "%s%s", wc->prefix, q->key);
		q->etcd_req = kc_etcd3_get(wc->etcd, key, on_etcd_get, q);
		if (q->etcd_req == NULL)
			req_fail(q, KC_ERR_NOMEM, "out of memory");
		return;
	}
	snprintf(prefix, sizeof(prefix), "%s%s%s", wc->prefix, q->f.ns != NULL ? q->f.ns : "",
		 q->f.ns != NULL ? "/" : "");
	if (q->etcd_next == NULL && q->start != NULL && !q->start_used) {
		q->start_used = 1;
		r = etcd_start_from_token(q, prefix);
		if (r < 0) {
			req_fail(q, r, "out of memory");
			return;
		}
		if (r > 0) {
			req_reply_list(q, q->etcd_rv, -1);
			return;
		}
	}
	ro.prefix = prefix;
	ro.revision = q->etcd_rv;
	ro.limit = q->limit > 0 ? q->limit - (int64_t)q->n_items + 1 : 0;
	ro.start_key = q->etcd_next;
	ro.start_after = q->etcd_next_after;
	q->etcd_req = kc_etcd3_range(wc->etcd, &ro, on_etcd_page, q);
	if (q->etcd_req == NULL)
		req_fail(q, KC_ERR_NOMEM, "out of memory");
}

/* --- waiting for the cache --------------------------------------------------------------- */

static void
req_arm_timer(struct kc_watch_cache_req *q, long ms)
{
	struct timeval tv;

	set_timeval(&tv, ms);
	event_add(q->timer, &tv);
}

static void
too_large(struct kc_watch_cache_req *q)
{
	req_fail(q, KC_ERR_TIMEOUT, "Too large resource version: %" PRId64 ", current: %" PRId64,
		 q->target, q->wc->rv);
}

static void
on_stat(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct kc_watch_cache_req *q = arg;
	struct kc_watch_cache *wc = q->wc;

	q->etcd_req = NULL;
	if (err < 0) {
		if (q->consistent) {
			req_fail(q, err, "%s", res->message);
			return;
		}
		q->state = RS_WAIT;
		req_arm_timer(q, STAT_RETRY_MS);
		return;
	}
	if (q->consistent && q->target == 0)
		q->target = res->revision;
	if (wc->ready && wc->rv >= q->target) {
		serve_from_cache(q, wc->rv);
		return;
	}
	/* unchanged since the stat went out, nothing changed in etcd after our revision, and
	 * nothing deleted either: the store is etcd's prefix at res->revision */
	if (wc->ready && wc->applied == q->stat_applied && res->changed == 0 &&
	    res->count == (int64_t)wc->size && res->revision >= q->target) {
		wc->fresh_rv = res->revision;
		wc->fresh_applied = wc->applied;
		serve_from_cache(q, res->revision);
		return;
	}
	q->state = RS_WAIT;
	req_arm_timer(q, STAT_RETRY_MS);
}

static void
req_stat(struct kc_watch_cache_req *q)
{
	struct kc_watch_cache *wc = q->wc;

	q->state = RS_STAT;
	q->stat_applied = wc->applied;
	q->etcd_req = kc_etcd3_prefix_stat(wc->etcd, wc->prefix, wc->rv, on_stat, q);
	if (q->etcd_req == NULL)
		req_fail(q, KC_ERR_NOMEM, "out of memory");
}

/* The cache is at least at `target`, or known to equal etcd at a revision >= target. */
static int64_t
fresh_enough(const struct kc_watch_cache *wc, int64_t target)
{
	if (!wc->ready)
		return 0;
	if (wc->rv >= target)
		return wc->rv;
	if (wc->fresh_applied == wc->applied && wc->fresh_rv >= target)
		return wc->fresh_rv;
	return 0;
}

static void
on_req_timer(evutil_socket_t fd, short what, void *arg)
{
	struct kc_watch_cache_req *q = arg;
	int64_t rv;

	if (q->state == RS_START) {
		req_step(q);
		return;
	}
	if (q->state != RS_WAIT)
		return;
	rv = q->target > 0 ? fresh_enough(q->wc, q->target) : 0;
	if (rv > 0) {
		serve_from_cache(q, rv);
		return;
	}
	if (mono_ms() >= q->deadline_ms) {
		if (q->consistent) {
			etcd_read_step(q); /* upstream's fallback: read etcd itself */
			return;
		}
		too_large(q);
		return;
	}
	req_stat(q);
}

static void
wake_waiters(struct kc_watch_cache *wc)
{
	struct kc_watch_cache_req *q;
	int served;

	/* from the top after each answer: a callback may cancel other reads */
	do {
		served = 0;
		TAILQ_FOREACH(q, &wc->reqs, link) {
			int64_t rv;

			if (q->state != RS_WAIT || q->target == 0)
				continue;
			rv = fresh_enough(wc, q->target);
			if (rv > 0) {
				serve_from_cache(q, rv);
				served = 1;
				break;
			}
			/* events came but not up to the target: ask etcd again now rather than at
			 * the next retry (the target may lie past this prefix's last change) */
			event_del(q->timer);
			event_active(q->timer, 0, 0);
		}
	} while (served);
}

/* --- deciding how to serve a read -------------------------------------------------------- */

static void
req_wait_fresh(struct kc_watch_cache_req *q, int consistent, int64_t target)
{
	struct kc_watch_cache *wc = q->wc;

	q->consistent = consistent;
	q->target = target;
	q->deadline_ms = mono_ms() + wc->fresh_wait_ms;
	if (!wc->ready && consistent) {
		etcd_read_step(q);
		return;
	}
	req_stat(q);
}

static void
req_step_list(struct kc_watch_cache_req *q)
{
	struct kc_watch_cache *wc = q->wc;
	int64_t rv;

	if (q->cont != NULL) {
		/* the page after a previous one: the same snapshot, from the cache if it still
		 * holds exactly that revision */
		if (wc->ready && (wc->rv == q->cont_rv || (wc->fresh_applied == wc->applied &&
							   wc->fresh_rv == q->cont_rv))) {
			serve_from_cache(q, q->cont_rv);
			return;
		}
		q->etcd_rv = q->cont_rv;
		etcd_read_step(q);
		return;
	}
	if (q->match == KC_RV_MATCH_EXACT) {
		q->etcd_rv = q->rv;
		etcd_read_step(q);
		return;
	}
	if (!q->rv_set) {
		req_wait_fresh(q, 1, 0);
		return;
	}
	if (q->rv == 0) {
		if (wc->ready)
			serve_from_cache(q, wc->rv);
		else
			etcd_read_step(q); /* still (re)listing: etcd answers instead */
		return;
	}
	rv = fresh_enough(wc, q->rv);
	if (rv > 0)
		serve_from_cache(q, rv);
	else
		req_wait_fresh(q, 0, q->rv);
}

static void
req_step_get(struct kc_watch_cache_req *q)
{
	struct kc_watch_cache *wc = q->wc;

	if (!q->rv_set || (!wc->ready && q->rv == 0)) {
		etcd_read_step(q); /* upstream's Get with RV "" always reads etcd */
		return;
	}
	if (q->rv == 0 || fresh_enough(wc, q->rv) > 0) {
		serve_get_from_cache(q);
		return;
	}
	req_wait_fresh(q, 0, q->rv);
}

static void
req_step(struct kc_watch_cache_req *q)
{
	if (q->kind == RK_LIST)
		req_step_list(q);
	else
		req_step_get(q);
}

static struct kc_watch_cache_req *
req_new(struct kc_watch_cache *wc, enum req_kind kind, void *arg)
{
	struct kc_watch_cache_req *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	q->wc = wc;
	q->kind = kind;
	q->arg = arg;
	TAILQ_INSERT_TAIL(&wc->reqs, q, link);
	q->timer = event_new(wc->base, -1, 0, on_req_timer, q);
	if (q->timer == NULL) {
		req_free(q);
		return NULL;
	}
	return q;
}

/* Records a validation failure to report from the loop. */
static void
req_set_error(struct kc_watch_cache_req *q, int err, char *message)
{
	q->err = err;
	free(q->message);
	q->message = message;
}

static void
on_req_error(evutil_socket_t fd, short what, void *arg)
{
	struct kc_watch_cache_req *q = arg;

	req_fail(q, q->err, "%s", q->message != NULL ? q->message : kc_strerror(q->err));
}

/* Runs the first step from the loop (callbacks never run inside the starting call). */
static struct kc_watch_cache_req *
req_launch(struct kc_watch_cache_req *q)
{
	if (q->err < 0) {
		event_free(q->timer);
		q->timer = event_new(q->wc->base, -1, 0, on_req_error, q);
		if (q->timer == NULL) {
			req_free(q);
			return NULL;
		}
	}
	q->state = RS_START;
	event_active(q->timer, 0, 0);
	return q;
}

static void
list_validate(struct kc_watch_cache_req *q, const struct kc_watch_cache_list_opts *opts)
{
	char *err = NULL;
	int r;

	r = filter_init(&q->f, opts->namespace, opts->label_selector, opts->field_selector, &err);
	if (r < 0) {
		req_set_error(q, r, err);
		return;
	}
	r = parse_rv(opts->resource_version, &q->rv, &err);
	if (r < 0) {
		req_set_error(q, r, err);
		return;
	}
	q->rv_set = opts->resource_version != NULL && opts->resource_version[0] != '\0';
	q->match = opts->match;
	q->limit = opts->limit > 0 ? opts->limit : 0;
	if (q->match != KC_RV_MATCH_UNSET && !q->rv_set) {
		req_set_error(q, KC_ERR_INVALID,
			      strdup("resourceVersionMatch: Forbidden: resourceVersionMatch is "
				     "forbidden unless resourceVersion is provided"));
		return;
	}
	if (q->match == KC_RV_MATCH_EXACT && q->rv == 0) {
		req_set_error(
			q, KC_ERR_INVALID,
			strdup("resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" "
			       "is forbidden for resourceVersion \"0\""));
		return;
	}
	if (opts->continue_token != NULL && opts->continue_token[0] != '\0') {
		if (q->rv_set && q->rv != 0) {
			req_set_error(
				q, KC_ERR_BAD_REQUEST,
				strdup("specifying resource version is not allowed when using "
				       "continue"));
			return;
		}
		q->cont = strdup(opts->continue_token);
		if (q->cont == NULL) {
			req_set_error(q, KC_ERR_NOMEM, NULL);
			return;
		}
		r = kc_watch_cache_decode_continue(q->cont, &q->start, &q->start_len, &q->cont_rv,
						   &err);
		if (r < 0)
			req_set_error(q, r, err);
	}
}

struct kc_watch_cache_req *
kc_watch_cache_list(struct kc_watch_cache *wc, const struct kc_watch_cache_list_opts *opts,
		    kc_watch_cache_list_cb cb, void *arg)
{
	struct kc_watch_cache_req *q = req_new(wc, RK_LIST, arg);

	if (q == NULL)
		return NULL;
	q->list_cb = cb;
	list_validate(q, opts);
	return req_launch(q);
}

struct kc_watch_cache_req *
kc_watch_cache_get(struct kc_watch_cache *wc, const char *key, const char *resource_version,
		   kc_watch_cache_get_cb cb, void *arg)
{
	struct kc_watch_cache_req *q = req_new(wc, RK_GET, arg);
	char *err = NULL;
	int r;

	if (q == NULL)
		return NULL;
	q->get_cb = cb;
	q->key = strdup(key != NULL ? key : "");
	if (q->key == NULL) {
		req_free(q);
		return NULL;
	}
	r = parse_rv(resource_version, &q->rv, &err);
	if (r < 0)
		req_set_error(q, r, err);
	q->rv_set = resource_version != NULL && resource_version[0] != '\0';
	return req_launch(q);
}

/* ======================================================================================== */
/* starting a watch                                                                          */
/* ======================================================================================== */

static int watch_fail(char **ret_message, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
watch_fail(char **ret_message, int err, const char *fmt, ...)
{
	va_list ap;

	if (ret_message != NULL) {
		va_start(ap, fmt);
		if (vasprintf(ret_message, fmt, ap) < 0)
			*ret_message = NULL;
		va_end(ap);
	}
	return err;
}

/* RV 0/unset: the current objects that match, in key order, as the initial ADDED events.  A
 * namespaced watch walks only its namespace's keys ("<ns>/..."), not the whole store: 500
 * watchers of an empty namespace must not scan 100,000 objects each. */
static int
watcher_snapshot(struct kc_watch_cache_watcher *w)
{
	struct kc_watch_cache *wc = w->wc;
	char scope[512] = "";
	size_t scope_len = 0, n = 0, cap = 0;
	obj_t **all = NULL, **grown, *o;

	if (w->ns != NULL) {
		snprintf(scope, sizeof(scope), "%s/", w->ns);
		scope_len = strlen(scope);
	}
	for (o = tree_ceil(wc->root, scope, scope_len); o != NULL;
	     o = tree_next(wc->root, o->key)) {
		if (strncmp(o->key, scope, scope_len) != 0)
			break;
		/* the key prefix already is the namespace filter */
		if (!filter_matches(wc, NULL, w->labels, w->fields, o))
			continue;
		if (n == cap) {
			cap = cap > 0 ? 2 * cap : 64;
			grown = realloc(all, cap * sizeof(*all));
			if (grown == NULL) {
				while (n > 0)
					kc_watch_cache_object_unref(all[--n]);
				free(all);
				return KC_ERR_NOMEM;
			}
			all = grown;
		}
		all[n++] = kc_watch_cache_object_ref(o);
	}
	w->initial = all;
	w->n_initial = n;
	w->phase = PHASE_INITIAL;
	w->start_rv = wc->rv;
	return 0;
}

/* N: the window's events after N are replayed, then live ones. */
static int
watcher_replay_from(struct kc_watch_cache_watcher *w, int64_t rv, char **ret_message)
{
	struct kc_watch_cache *wc = w->wc;

	if (rv < wc->floor_rv)
		return watch_fail(ret_message, KC_ERR_EXPIRED,
				  "too old resource version: %" PRId64 " (%" PRId64 ")", rv,
				  wc->floor_rv);
	w->start_rv = rv;
	w->phase = PHASE_LIVE;
	if (wc->win_len == 0 || rv >= wc->rv)
		return 0;
	/* the first event after rv (the window is in revision order) */
	{
		size_t lo = 0, hi = wc->win_len;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (wc->win[(wc->win_head + mid) % wc->win_cap]->rv <= rv)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < wc->win_len) {
			w->phase = PHASE_REPLAY;
			w->replay_seq = wc->win[(wc->win_head + lo) % wc->win_cap]->seq;
			w->replay_end = wc->next_seq - 1;
		}
	}
	return 0;
}

int
kc_watch_cache_watch(struct kc_watch_cache *wc, const struct kc_watch_cache_watch_opts *opts,
		     struct kc_watch_cache_watcher **ret, char **ret_message)
{
	struct kc_watch_cache_watcher *w;
	struct filter f;
	int64_t rv;
	int r;

	if (ret_message != NULL)
		*ret_message = NULL;
	if (opts->sink.send == NULL || opts->sink.end == NULL)
		return watch_fail(ret_message, KC_ERR_INVALID, "a watch needs a sink");
	r = parse_rv(opts->resource_version, &rv, ret_message);
	if (r < 0)
		return r;
	if (!wc->ready)
		return watch_fail(ret_message, KC_ERR_TOO_MANY_REQUESTS,
				  "storage is (re)initializing");
	r = filter_init(&f, opts->namespace, opts->label_selector, opts->field_selector,
			ret_message);
	if (r < 0)
		return r;
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		filter_release(&f);
		return watch_fail(ret_message, KC_ERR_NOMEM, "out of memory");
	}
	w->wc = wc;
	TAILQ_INSERT_TAIL(&wc->watchers, w, link);
	wc->n_watchers++;
	w->ns = f.ns;
	w->labels = f.labels;
	w->fields = f.fields;
	w->sink = opts->sink;
	w->allow_bookmarks = opts->allow_bookmarks;
	w->end_err = 1;
	w->flush_ev = event_new(wc->base, -1, 0, on_watcher_flush, w);
	w->deadline_ev = event_new(wc->base, -1, 0, on_watcher_deadline, w);
	if (w->flush_ev == NULL || w->deadline_ev == NULL) {
		r = watch_fail(ret_message, KC_ERR_NOMEM, "out of memory");
		goto fail;
	}
	r = rv == 0 ? watcher_snapshot(w) : watcher_replay_from(w, rv, ret_message);
	if (r < 0) {
		if (r == KC_ERR_NOMEM)
			watch_fail(ret_message, r, "out of memory");
		goto fail;
	}
	w->last_rv = w->start_rv;
	if (opts->timeout_ms > 0) {
		struct timeval tv;

		w->deadline_ms = mono_ms() + opts->timeout_ms;
		set_timeval(&tv, opts->timeout_ms);
		event_add(w->deadline_ev, &tv);
	}
	w->next_bookmark_ms = next_bookmark(wc, w, mono_ms());
	watcher_schedule(w, 0);
	*ret = w;
	return 0;
fail:
	watcher_free(w);
	return r;
}

/* ======================================================================================== */
/* the cache's life                                                                          */
/* ======================================================================================== */

int
kc_watch_cache_new(const struct kc_watch_cache_options *opts, struct kc_watch_cache **ret)
{
	struct kc_watch_cache *wc;
	struct timeval tv;
	long tick;

	if (opts == NULL || opts->etcd == NULL || opts->key_prefix == NULL ||
	    opts->key_prefix[0] != '/')
		return KC_ERR_INVALID;
	wc = calloc(1, sizeof(*wc));
	if (wc == NULL)
		return KC_ERR_NOMEM;
	TAILQ_INIT(&wc->watchers);
	TAILQ_INIT(&wc->reqs);
	wc->etcd = opts->etcd;
	wc->base = NULL;
	wc->get_field = opts->get_field;
	wc->window_min = opts->window_min > 0 ? opts->window_min : DEFAULT_WINDOW_MIN;
	wc->window_max = opts->window_max > 0 ? opts->window_max : DEFAULT_WINDOW_MAX;
	if (wc->window_max < wc->window_min)
		wc->window_max = wc->window_min;
	if (wc->window_max < 1)
		wc->window_max = 1;
	wc->window_ms = opts->window_ms > 0 ? opts->window_ms : DEFAULT_WINDOW_MS;
	wc->fresh_wait_ms = opts->fresh_wait_ms > 0 ? opts->fresh_wait_ms : DEFAULT_FRESH_WAIT_MS;
	wc->bookmark_ms =
		opts->bookmark_interval_ms > 0 ? opts->bookmark_interval_ms : DEFAULT_BOOKMARK_MS;
	wc->queue_max = opts->watcher_queue_max > 0 ? opts->watcher_queue_max : DEFAULT_QUEUE_MAX;
	wc->backlog_max = opts->sink_backlog_max > 0 ? opts->sink_backlog_max : DEFAULT_BACKLOG_MAX;
	wc->page_size = opts->list_page_size > 0 ? opts->list_page_size : DEFAULT_PAGE_SIZE;
	wc->next_seq = 1;
	wc->resource = strdup(opts->resource != NULL ? opts->resource : opts->key_prefix + 1);
	wc->api_version = strdup(opts->api_version != NULL ? opts->api_version : "v1");
	wc->kind = strdup(opts->kind != NULL ? opts->kind : "");
	if (asprintf(&wc->prefix, "%s/", opts->key_prefix) < 0)
		wc->prefix = NULL;
	if (wc->resource == NULL || wc->api_version == NULL || wc->kind == NULL ||
	    wc->prefix == NULL)
		goto nomem;
	wc->prefix_len = strlen(wc->prefix);
	wc->base = kc_etcd3_event_base(wc->etcd);
	wc->init_timer = event_new(wc->base, -1, 0, on_init_timer, wc);
	wc->bookmark_timer = event_new(wc->base, -1, EV_PERSIST, on_bookmark_tick, wc);
	if (wc->init_timer == NULL || wc->bookmark_timer == NULL)
		goto nomem;
	tick = wc->bookmark_ms < 1000 ? wc->bookmark_ms / 2 : 1000;
	set_timeval(&tv, tick > 10 ? tick : 10);
	event_add(wc->bookmark_timer, &tv);
	init_step(wc);
	*ret = wc;
	return 0;
nomem:
	kc_watch_cache_free(wc);
	return KC_ERR_NOMEM;
}

struct kc_watch_cache *
kc_watch_cache_free(struct kc_watch_cache *wc)
{
	if (wc == NULL)
		return NULL;
	while (!TAILQ_EMPTY(&wc->reqs))
		req_free(TAILQ_FIRST(&wc->reqs));
	while (!TAILQ_EMPTY(&wc->watchers))
		watcher_free(TAILQ_FIRST(&wc->watchers));
	kc_etcd3_watch_cancel(wc->watch);
	kc_etcd3_req_cancel(wc->init_req);
	init_reset(wc);
	window_clear(wc);
	free(wc->win);
	tree_free(wc->root);
	if (wc->init_timer != NULL)
		event_free(wc->init_timer);
	if (wc->bookmark_timer != NULL)
		event_free(wc->bookmark_timer);
	free(wc->resource);
	free(wc->prefix);
	free(wc->api_version);
	free(wc->kind);
	free(wc);
	return NULL;
}
