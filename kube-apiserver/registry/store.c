/*
 * store.c - the generic registry store: key layout, reads through the watch cache, create and
 * GuaranteedUpdate against etcd (upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/
 * registry/store.go Create/Update, dryrun.go, storage/etcd3/store.go GuaranteedUpdate).
 * store_delete.c has Delete and the graceful-deletion rules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/registry/store_internal.h"
#include "kube-apiserver/storage/etcd3.h"
#include "kube-apiserver/storage/watch_cache.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"

/* Upstream retries a create with a generated name this many times in all (RetryGenerateName). */
#define GENERATE_NAME_ATTEMPTS 8
/* A GuaranteedUpdate that keeps conflicting gives up after this many attempts (upstream loops
 * forever; a bound keeps a hot key from pinning a request). */
#define UPDATE_ATTEMPTS 64

#define DEFAULT_EVENT_TTL_S 3600

/* ======================================================================================= */
/* the set                                                                                  */
/* ======================================================================================= */

int
store_set_new(const struct store_set_options *opts, struct store_set **ret)
{
	struct store_set *set;
	int r;

	if (opts == NULL || opts->etcd == NULL)
		return KC_ERR_INVALID;
	set = calloc(1, sizeof(*set));
	if (set == NULL)
		return KC_ERR_NOMEM;
	set->etcd = opts->etcd;
	set->base = kc_etcd3_event_base(opts->etcd);
	set->event_ttl =
		opts->event_ttl_seconds > 0 ? opts->event_ttl_seconds : DEFAULT_EVENT_TTL_S;
	set->fresh_wait_ms = opts->cache_fresh_wait_ms;
	set->bookmark_interval_ms = opts->bookmark_interval_ms;
	for (const struct api_resource *res = api_resources; res->resource != NULL; res++) {
		if (res->etcd_prefix == NULL || store_set_get(set, res) != NULL)
			continue;
		r = store_new(set, res);
		if (r < 0) {
			store_set_free(set);
			return r;
		}
	}
	*ret = set;
	return 0;
}

struct store_set *
store_set_free(struct store_set *set)
{
	if (set == NULL)
		return NULL;
	set->closing = 1;
	/* Fail what is pending first, so handlers finish their requests; a failing op may start
	 * nothing new (closing). */
	while (set->ops != NULL)
		op_fail(set->ops, KC_ERR_UNAVAILABLE, "the apiserver is shutting down");
	for (size_t i = 0; i < set->n; i++)
		store_free(set->stores[i]);
	free(set->stores);
	free(set);
	return NULL;
}

struct store *
store_set_get(struct store_set *set, const struct api_resource *res)
{
	if (set == NULL || res == NULL || res->etcd_prefix == NULL)
		return NULL;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->stores[i]->prefix + 1, res->etcd_prefix) == 0)
			return set->stores[i];
	return NULL;
}

int
store_set_ready(const struct store_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (!kc_watch_cache_ready(set->stores[i]->cache))
			return 0;
	return 1;
}

size_t
store_set_size(const struct store_set *set)
{
	return set->n;
}

struct store *
store_set_nth(struct store_set *set, size_t i)
{
	return i < set->n ? set->stores[i] : NULL;
}

struct kc_etcd3 *
store_set_etcd(struct store_set *set)
{
	return set->etcd;
}

/* ======================================================================================= */
/* one store                                                                                 */
/* ======================================================================================= */

/*
 * The watch cache asks for field values by name.  Stored objects carry their kind and
 * apiVersion, so one getter serves every store: the registry row of the stored shape answers.
 */
static const char *
store_field(const json_t *obj, const char *field)
{
	return store_field_value(obj, field);
}

int
store_new(struct store_set *set, const struct api_resource *res)
{
	struct store *s = calloc(1, sizeof(*s));
	struct store **v;
	char gv[128];
	struct kc_watch_cache_options co = { 0 };
	int r;

	if (s == NULL)
		return KC_ERR_NOMEM;
	s->set = set;
	s->res = res;
	s->is_events = strcmp(res->etcd_prefix, "events") == 0;
	if (asprintf(&s->prefix, "/%s", res->etcd_prefix) < 0) {
		free(s);
		return KC_ERR_NOMEM;
	}
	co.etcd = set->etcd;
	co.resource = res->resource;
	co.key_prefix = s->prefix;
	co.api_version = registry_group_version(res, gv, sizeof(gv));
	co.kind = res->kind;
	co.get_field = store_field;
	co.fresh_wait_ms = set->fresh_wait_ms;
	co.bookmark_interval_ms = set->bookmark_interval_ms;
	r = kc_watch_cache_new(&co, &s->cache);
	if (r < 0)
		goto fail;
	v = realloc(set->stores, (set->n + 1) * sizeof(*v));
	if (v == NULL) {
		r = KC_ERR_NOMEM;
		goto fail;
	}
	set->stores = v;
	set->stores[set->n++] = s;
	return 0;
fail:
	kc_watch_cache_free(s->cache);
	free(s->prefix);
	free(s);
	return r;
}

void
store_free(struct store *s)
{
	kc_watch_cache_free(s->cache);
	free(s->prefix);
	free(s);
}

struct kc_watch_cache *
store_cache(struct store *s)
{
	return s->cache;
}

const char *
store_prefix(const struct store *s)
{
	return s->prefix;
}

const struct api_resource *
store_resource(const struct store *s)
{
	return s->res;
}

char *
store_key(const struct api_resource *res, const char *ns, const char *name)
{
	char *k;

	if (res->namespaced) {
		if (asprintf(&k, "%s/%s", ns != NULL ? ns : "", name) < 0)
			return NULL;
		return k;
	}
	return strdup(name);
}

/* ======================================================================================= */
/* objects                                                                                   */
/* ======================================================================================= */

int
store_set_resource_version(json_t *obj, int64_t rv)
{
	return kc_watch_cache_stamp_resource_version(obj, json_object_get(obj, "metadata"), rv);
}

/* The bytes written to etcd: obj without metadata.resourceVersion (upstream clears it).  obj
 * is not changed: its metadata may be shared with cached objects. */
char *
store_encode(const json_t *obj)
{
	json_t *meta = json_object_get(obj, "metadata");
	json_t *top, *m;
	char *s;

	if (json_object_get(meta, "resourceVersion") == NULL)
		return kc_json_dumps(obj);
	top = json_copy((json_t *)obj);
	m = json_copy(meta);
	if (top == NULL || m == NULL) {
		json_decref(top);
		json_decref(m);
		return NULL;
	}
	json_object_del(m, "resourceVersion");
	json_object_set_new(top, "metadata", m);
	s = kc_json_dumps(top);
	json_decref(top);
	return s;
}

/* An etcd kv as an object with its resourceVersion; NULL (message in err) when not JSON. */
json_t *
store_decode_kv(const struct kc_etcd3_kv *kv, char *err, size_t errlen)
{
	json_t *obj = NULL;

	if (kc_json_loads(kv->value != NULL ? kv->value : "", kv->value_len, &obj, err, errlen) < 0)
		return NULL;
	if (!json_is_object(obj)) {
		snprintf(err, errlen, "the stored value at %s is not a JSON object", kv->key);
		json_decref(obj);
		return NULL;
	}
	if (store_set_resource_version(obj, kv->mod_revision) < 0) {
		snprintf(err, errlen, "out of memory");
		json_decref(obj);
		return NULL;
	}
	return obj;
}

json_t *
op_decode_kv(struct store_op *op, const struct kc_etcd3_kv *kv)
{
	char perr[256];
	json_t *obj = store_decode_kv(kv, perr, sizeof(perr));

	if (obj == NULL)
		op_fail(op, KC_ERR_INTERNAL, "%s", perr);
	return obj;
}

/* A copy of obj's metadata without the keys two writes may differ in without changing. */
static json_t *
comparable(const json_t *obj)
{
	json_t *c = json_copy((json_t *)obj), *meta, *mf, *e;
	size_t i;

	if (c == NULL)
		return NULL;
	meta = json_object_get(c, "metadata");
	if (!json_is_object(meta))
		return c;
	meta = json_copy(meta);
	if (meta == NULL || json_object_set_new(c, "metadata", meta) < 0) {
		json_decref(c);
		return NULL;
	}
	json_object_del(meta, "resourceVersion");
	mf = json_object_get(meta, "managedFields");
	if (json_is_array(mf)) {
		mf = json_deep_copy(mf);
		json_object_set_new(meta, "managedFields", mf);
		json_array_foreach(mf, i, e)
			if (json_is_object(e))
				json_object_del(e, "time");
	}
	return c;
}

int
store_objects_equal(const json_t *a, const json_t *b)
{
	json_t *ca, *cb;
	int eq;

	if (a == NULL || b == NULL)
		return a == b;
	ca = comparable(a);
	cb = comparable(b);
	eq = ca != NULL && cb != NULL && kc_json_equal(ca, cb);
	json_decref(ca);
	json_decref(cb);
	return eq;
}

static int
list_empty(const json_t *v)
{
	return !json_is_array(v) || json_array_size(v) == 0;
}

int
store_should_delete_during_update(const struct api_resource *res, const json_t *obj,
				  const json_t *old)
{
	const json_t *grace;

	if (obj == NULL || old == NULL)
		return 0;
	if (!list_empty(kc_json_get(obj, "metadata", "finalizers", NULL)))
		return 0;
	if (!kc_meta_is_being_deleted(old))
		return 0;
	grace = kc_json_get(old, "metadata", "deletionGracePeriodSeconds", NULL);
	if (grace != NULL && !json_is_null(grace) && json_integer_value(grace) != 0)
		return 0;
	if (strcmp(res->group, "") == 0 && strcmp(res->resource, "namespaces") == 0 &&
	    !list_empty(kc_json_get(obj, "spec", "finalizers", NULL)))
		return 0;
	return 1;
}

/* ======================================================================================= */
/* operations                                                                                */
/* ======================================================================================= */

struct store_op *
op_new(struct store *s, const struct api_resource *res, enum op_kind kind, void *arg)
{
	struct store_op *op;

	if (s->set->closing)
		return NULL;
	op = calloc(1, sizeof(*op));
	if (op == NULL)
		return NULL;
	op->s = s;
	op->res = res;
	op->kind = kind;
	op->arg = arg;
	op->next = s->set->ops;
	if (op->next != NULL)
		op->next->prev = op;
	s->set->ops = op;
	return op;
}

static void
op_unlink(struct store_op *op)
{
	struct store_set *set = op->s->set;

	if (op->prev != NULL)
		op->prev->next = op->next;
	else if (set->ops == op)
		set->ops = op->next;
	if (op->next != NULL)
		op->next->prev = op->prev;
	op->prev = op->next = NULL;
}

static void
op_free(struct store_op *op)
{
	op_unlink(op);
	kc_watch_cache_req_cancel(op->cache_req);
	kc_etcd3_req_cancel(op->etcd_req);
	if (op->defer != NULL)
		event_free(op->defer);
	store_op_cancel(op->child);
	json_decref(op->obj);
	free(op->bytes);
	json_decref(op->current);
	json_decref(op->result);
	json_decref(op->deleted);
	kc_watch_cache_object_unref(op->cached);
	free(op->key);
	free(op->etcd_key);
	free(op->name);
	free(op->ns);
	free(op->del.uid);
	free(op->del.rv);
	free(op->del.propagation);
	free(op);
}

void
store_op_cancel(struct store_op *op)
{
	if (op == NULL)
		return;
	if (op->parent != NULL)
		op->parent->child = NULL;
	op_free(op);
}

/* Calls back with a Status (taken) and frees op. */
void
op_finish_status(struct store_op *op, json_t *status)
{
	if (status == NULL)
		status = status_new(KC_ERR_INTERNAL, "out of memory");
	if (op->list_cb != NULL)
		op->list_cb(op->arg, status, NULL);
	else
		op->cb(op->arg, status, NULL);
	op_free(op);
}

void
op_fail(struct store_op *op, int err, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	json_t *status = NULL;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (err == KC_ERR_NOT_FOUND && op->name != NULL)
		status = status_not_found(op->res, op->name);
	else
		status = status_new(err, msg != NULL ? msg : kc_strerror(err));
	free(msg);
	op_finish_status(op, status);
}

/* Calls back with a result and frees op. */
void
op_finish(struct store_op *op, const struct store_result *res)
{
	op->cb(op->arg, NULL, res);
	op_free(op);
}

/* Fails an etcd error the way upstream's storeerr interprets it for this resource. */
void
op_fail_etcd(struct store_op *op, int err, const struct kc_etcd3_result *res)
{
	const char *msg = res != NULL && res->message != NULL && res->message[0] != '\0'
				  ? res->message
				  : kc_strerror(err);

	switch (err) {
	case KC_ERR_NOT_FOUND:
		op_finish_status(op, status_not_found(op->res, op->name));
		break;
	case KC_ERR_ALREADY_EXISTS:
		op_finish_status(op, status_already_exists(op->res, op->name));
		break;
	case KC_ERR_CONFLICT:
		op_finish_status(
			op, status_conflict(op->res, op->name, status_optimistic_lock_message));
		break;
	case KC_ERR_UNAVAILABLE:
	case KC_ERR_TIMEOUT:
		op_fail(op, KC_ERR_UNAVAILABLE, "etcd is unavailable: %s", msg);
		break;
	default:
		op_fail(op, KC_ERR_INTERNAL, "%s", msg);
	}
}

static void
on_defer(evutil_socket_t fd, short what, void *arg)
{
	struct store_op *op = arg;
	void (*fn)(struct store_op *) = op->defer_fn;

	op->defer_fn = NULL;
	fn(op);
}

/* Runs fn(op) from the loop, soon (callbacks never run inside the starting call). */
int
op_defer(struct store_op *op, void (*fn)(struct store_op *))
{
	struct timeval tv = { 0, 0 };

	if (op->defer == NULL) {
		op->defer = event_new(op->s->set->base, -1, 0, on_defer, op);
		if (op->defer == NULL)
			return KC_ERR_NOMEM;
	}
	op->defer_fn = fn;
	return event_add(op->defer, &tv) < 0 ? KC_ERR_NOMEM : 0;
}

static void
deferred_fail_nomem(struct store_op *op)
{
	op_fail(op, KC_ERR_NOMEM, "out of memory");
}

/* Starts op's first step now or, when setting up failed, fails it from the loop.  Returns op,
 * or NULL (op freed) when not even that is possible. */
struct store_op *
op_start(struct store_op *op, int r)
{
	if (r >= 0)
		return op;
	if (op_defer(op, deferred_fail_nomem) < 0) {
		op_free(op);
		return NULL;
	}
	return op;
}

/* ======================================================================================= */
/* reads                                                                                     */
/* ======================================================================================= */

static void
on_get(void *arg, int err, const char *message, struct kc_watch_cache_object *obj)
{
	struct store_op *op = arg;
	struct store_result res = { 0 };

	op->cache_req = NULL;
	if (err < 0) {
		if (err == KC_ERR_NOT_FOUND)
			op_finish_status(op, status_not_found(op->res, op->name));
		else
			op_fail(op, err, "%s", message);
		return;
	}
	res.obj = kc_watch_cache_object_json(obj);
	res.cached = obj;
	op_finish(op, &res);
}

struct store_op *
store_get(struct store *s, const struct api_resource *res, const char *ns, const char *name,
	  const char *resource_version, store_cb cb, void *arg)
{
	struct store_op *op = op_new(s, res, OP_GET, arg);

	if (op == NULL)
		return NULL;
	op->cb = cb;
	op->name = strdup(name);
	op->key = store_key(res, ns, name);
	if (op->name == NULL || op->key == NULL)
		return op_start(op, KC_ERR_NOMEM);
	op->cache_req = kc_watch_cache_get(s->cache, op->key, resource_version, on_get, op);
	return op_start(op, op->cache_req != NULL ? 0 : KC_ERR_NOMEM);
}

static void
on_list(void *arg, int err, const char *message, const struct kc_watch_cache_list_result *list)
{
	struct store_op *op = arg;

	op->cache_req = NULL;
	if (err < 0) {
		op_fail(op, err, "%s", message);
		return;
	}
	op->list_cb(op->arg, NULL, list);
	op_free(op);
}

struct store_op *
store_list(struct store *s, const struct api_resource *res,
	   const struct kc_watch_cache_list_opts *opts, store_list_cb cb, void *arg)
{
	struct store_op *op = op_new(s, res, OP_LIST, arg);

	if (op == NULL)
		return NULL;
	op->list_cb = cb;
	op->cache_req = kc_watch_cache_list(s->cache, opts, on_list, op);
	return op_start(op, op->cache_req != NULL ? 0 : KC_ERR_NOMEM);
}

/* ======================================================================================= */
/* create                                                                                    */
/* ======================================================================================= */

static void create_write(struct store_op *op);

/* Sets op's name and keys from op->obj. */
static int
op_keys_from_obj(struct store_op *op)
{
	const char *name = kc_meta_name(op->obj);
	const char *ns = kc_meta_namespace(op->obj);

	free(op->name);
	free(op->key);
	free(op->etcd_key);
	op->key = op->etcd_key = NULL;
	op->name = strdup(name != NULL ? name : "");
	if (op->name == NULL)
		return KC_ERR_NOMEM;
	op->key = store_key(op->res, ns, op->name);
	if (op->key == NULL || asprintf(&op->etcd_key, "%s/%s", op->s->prefix, op->key) < 0) {
		op->etcd_key = NULL;
		return KC_ERR_NOMEM;
	}
	return 0;
}

static void
create_done(struct store_op *op, int64_t rv)
{
	struct store_result res = { .created = 1 };
	char *stamped = NULL;

	if (rv > 0 && store_set_resource_version(op->obj, rv) < 0) {
		op_fail(op, KC_ERR_NOMEM, "out of memory");
		return;
	}
	/* the reply is what was written plus the resourceVersion: no second dump */
	if (rv > 0 && op->bytes != NULL)
		stamped = kc_watch_cache_stamp_bytes(op->bytes, op->bytes_len, rv, &res.len);
	free(op->bytes);
	op->bytes = stamped;
	res.bytes = stamped;
	res.obj = op->obj;
	op_finish(op, &res);
}

/* Another name from generateName after a collision: 0, or < 0 when none may be tried. */
static int
regenerate_name(struct store_op *op)
{
	const char *base = kc_meta_generate_name(op->obj);
	char *name;

	if (!(op->flags & STORE_NAME_GENERATED) || base == NULL ||
	    ++op->attempts >= GENERATE_NAME_ATTEMPTS)
		return -1;
	name = kc_meta_generate_name_from(base);
	if (name == NULL ||
	    json_object_set_new(json_object_get(op->obj, "metadata"), "name", json_string(name)) <
		    0 ||
	    op_keys_from_obj(op) < 0) {
		free(name);
		return KC_ERR_NOMEM;
	}
	free(name);
	return 0;
}

static void
on_create(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;

	op->etcd_req = NULL;
	if (err == KC_ERR_ALREADY_EXISTS) {
		int r = regenerate_name(op);

		if (r == 0) {
			create_write(op);
			return;
		}
		if (r == KC_ERR_NOMEM) {
			op_fail(op, r, "out of memory");
			return;
		}
	}
	if (err < 0) {
		op_fail_etcd(op, err, res);
		return;
	}
	create_done(op, res->revision);
}

static void
on_create_dry_run(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;

	op->etcd_req = NULL;
	if (err == 0) {
		if (regenerate_name(op) == 0) {
			create_write(op);
			return;
		}
		op_fail_etcd(op, KC_ERR_ALREADY_EXISTS, res);
		return;
	}
	if (err != KC_ERR_NOT_FOUND) {
		op_fail_etcd(op, err, res);
		return;
	}
	create_done(op, 0);
}

/*
 * An event's TTL lease came back: keeps its id and returns 1 so the write goes on, or fails
 * op and returns 0.
 */
static int
lease_granted(struct store_op *op, int err, const struct kc_etcd3_result *res)
{
	op->etcd_req = NULL;
	if (err < 0) {
		op_fail_etcd(op, err, res);
		return 0;
	}
	op->lease = res->lease_id;
	return 1;
}

static void
on_create_lease(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;

	if (lease_granted(op, err, res))
		create_write(op);
}

static void
create_write(struct store_op *op)
{
	char *bytes = NULL;

	free(op->bytes);
	op->bytes = NULL;
	if (op->flags & STORE_DRY_RUN) {
		op->etcd_req = kc_etcd3_get(op->s->set->etcd, op->etcd_key, on_create_dry_run, op);
	} else if (op->s->is_events && op->lease == 0) {
		op->etcd_req = kc_etcd3_lease_for_ttl(op->s->set->etcd, op->s->set->event_ttl,
						      on_create_lease, op);
	} else {
		bytes = store_encode(op->obj);
		if (bytes != NULL) {
			op->bytes = bytes;
			op->bytes_len = strlen(bytes);
			op->etcd_req = kc_etcd3_create(op->s->set->etcd, op->etcd_key, bytes,
						       op->bytes_len, op->lease, on_create, op);
		}
	}
	if (op->etcd_req == NULL)
		op_defer(op, deferred_fail_nomem);
}

struct store_op *
store_create(struct store *s, const struct api_resource *res, json_t *obj, unsigned flags,
	     store_cb cb, void *arg)
{
	struct store_op *op = op_new(s, res, OP_CREATE, arg);

	if (op == NULL) {
		json_decref(obj);
		return NULL;
	}
	op->cb = cb;
	op->obj = obj;
	op->flags = flags;
	json_object_del(json_object_get(obj, "metadata"), "resourceVersion");
	if (op_keys_from_obj(op) < 0)
		return op_start(op, KC_ERR_NOMEM);
	create_write(op);
	return op;
}

/* ======================================================================================= */
/* GuaranteedUpdate                                                                          */
/* ======================================================================================= */

static void update_attempt(struct store_op *op);
static void update_read_fresh(struct store_op *op);

static void
update_set_current(struct store_op *op, json_t *current, int64_t rv, int fresh)
{
	json_decref(op->current);
	op->current = current;
	op->current_rv = rv;
	op->current_fresh = fresh;
}

static void
on_update_etcd_get(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;
	json_t *cur;

	op->etcd_req = NULL;
	if (err == KC_ERR_NOT_FOUND) {
		update_set_current(op, NULL, 0, 1);
		update_attempt(op);
		return;
	}
	if (err < 0) {
		op_fail_etcd(op, err, res);
		return;
	}
	cur = op_decode_kv(op, &res->kvs[0]);
	if (cur == NULL)
		return;
	update_set_current(op, cur, res->kvs[0].mod_revision, 1);
	update_attempt(op);
}

static void
update_read_fresh(struct store_op *op)
{
	op->etcd_req = kc_etcd3_get(op->s->set->etcd, op->etcd_key, on_update_etcd_get, op);
	if (op->etcd_req == NULL)
		op_defer(op, deferred_fail_nomem);
}

static void
on_update_cache_get(void *arg, int err, const char *message, struct kc_watch_cache_object *obj)
{
	struct store_op *op = arg;
	json_t *cur;

	op->cache_req = NULL;
	if (err < 0) {
		/* absent from the cache (or the cache failed): etcd decides */
		update_read_fresh(op);
		return;
	}
	cur = json_incref((json_t *)kc_watch_cache_object_json(obj));
	update_set_current(op, cur, kc_watch_cache_object_revision(obj), 0);
	update_attempt(op);
}

static void update_write(struct store_op *op);

static void
on_update_write(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;
	struct store_result out = { 0 };
	json_t *cur;

	op->etcd_req = NULL;
	if (err == KC_ERR_CONFLICT && res != NULL && res->n_kvs == 1) {
		/* someone wrote in between: retry from what is there now */
		cur = op_decode_kv(op, &res->kvs[0]);
		if (cur == NULL)
			return;
		update_set_current(op, cur, res->kvs[0].mod_revision, 1);
		update_attempt(op);
		return;
	}
	if (err == KC_ERR_NOT_FOUND && op->deleting) {
		/* gone already: deletion is racy, upstream ignores it */
		out.obj = op->result;
		out.deleted = 1;
		op_finish(op, &out);
		return;
	}
	if (err == KC_ERR_NOT_FOUND || err == KC_ERR_CONFLICT) {
		/* deleted in between (or a conflict without the current kv): read again */
		update_read_fresh(op);
		return;
	}
	if (err < 0) {
		op_fail_etcd(op, err, res);
		return;
	}
	if (op->deleting) {
		out.obj = op->result;
		out.deleted = 1;
	} else {
		if (store_set_resource_version(op->result, res->revision) < 0) {
			op_fail(op, KC_ERR_NOMEM, "out of memory");
			return;
		}
		out.obj = op->result;
		out.created = op->current == NULL;
	}
	op_finish(op, &out);
}

static void
on_update_lease(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;

	if (lease_granted(op, err, res))
		update_write(op);
}

static void
update_write(struct store_op *op)
{
	struct kc_etcd3 *e = op->s->set->etcd;
	KC_AUTOFREE char *bytes = NULL;

	if (op->deleting) {
		op->etcd_req =
			kc_etcd3_delete(e, op->etcd_key, op->current_rv, on_update_write, op);
	} else if (op->s->is_events && op->lease == 0) {
		op->etcd_req =
			kc_etcd3_lease_for_ttl(e, op->s->set->event_ttl, on_update_lease, op);
	} else {
		bytes = store_encode(op->result);
		if (bytes == NULL)
			op->etcd_req = NULL;
		else if (op->current == NULL)
			op->etcd_req = kc_etcd3_create(e, op->etcd_key, bytes, strlen(bytes),
						       op->lease, on_update_write, op);
		else
			op->etcd_req =
				kc_etcd3_update(e, op->etcd_key, bytes, strlen(bytes),
						op->current_rv, op->lease, on_update_write, op);
	}
	if (op->etcd_req == NULL)
		op_defer(op, deferred_fail_nomem);
}

static void
update_attempt(struct store_op *op)
{
	struct store_result out = { 0 };
	json_t *next = NULL, *status = NULL;
	int r;

	if (++op->attempts > UPDATE_ATTEMPTS) {
		op_finish_status(
			op, status_conflict(op->res, op->name, status_optimistic_lock_message));
		return;
	}
	if (op->current == NULL && !(op->flags & STORE_ALLOW_CREATE)) {
		if (!op->current_fresh) {
			update_read_fresh(op);
			return;
		}
		op_finish_status(op, status_not_found(op->res, op->name));
		return;
	}
	r = op->fn(op->fn_arg, op->current, op->current_fresh, &next, &status);
	if (r < 0) {
		if (status == NULL && r == KC_ERR_CONFLICT && !op->current_fresh) {
			update_read_fresh(op);
			return;
		}
		if (status == NULL)
			status = status_new(r, kc_strerror(r));
		op_finish_status(op, status);
		return;
	}
	json_decref(op->result);
	op->result = next;
	op->deleting = 0;
	if (op->current != NULL && store_objects_equal(next, op->current)) {
		if (!op->current_fresh) {
			/* a cached state may be stale: no-ops are only trusted on a fresh one */
			update_read_fresh(op);
			return;
		}
		out.obj = op->current;
		out.unchanged = 1;
		op_finish(op, &out);
		return;
	}
	if (op->current != NULL && store_should_delete_during_update(op->res, next, op->current))
		op->deleting = 1;
	if (op->flags & STORE_DRY_RUN) {
		if (!op->current_fresh) {
			update_read_fresh(op);
			return;
		}
		/* dryrun.go: the result of the update function, nothing written, no new RV */
		if (op->current != NULL &&
		    store_set_resource_version(op->result, op->current_rv) < 0) {
			op_fail(op, KC_ERR_NOMEM, "out of memory");
			return;
		}
		out.obj = op->result;
		out.deleted = op->deleting;
		out.created = op->current == NULL;
		op_finish(op, &out);
		return;
	}
	update_write(op);
}

struct store_op *
store_update(struct store *s, const struct api_resource *res, const char *ns, const char *name,
	     store_update_fn fn, void *fn_arg, unsigned flags, store_cb cb, void *arg)
{
	struct store_op *op = op_new(s, res, OP_UPDATE, arg);

	if (op == NULL)
		return NULL;
	op->cb = cb;
	op->fn = fn;
	op->fn_arg = fn_arg;
	op->flags = flags;
	op->name = strdup(name);
	op->key = store_key(res, ns, name);
	if (op->name == NULL || op->key == NULL ||
	    asprintf(&op->etcd_key, "%s/%s", s->prefix, op->key) < 0) {
		op->etcd_key = NULL;
		return op_start(op, KC_ERR_NOMEM);
	}
	op->cache_req = kc_watch_cache_get(s->cache, op->key, "0", on_update_cache_get, op);
	return op_start(op, op->cache_req != NULL ? 0 : KC_ERR_NOMEM);
}
