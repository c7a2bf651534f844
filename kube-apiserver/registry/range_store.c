/*
 * range_store.c - a Service IP or NodePort range persisted in etcd as a v1 RangeAllocation
 * (upstream: pkg/registry/core/service/allocator/storage/storage.go).  See range_store.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-apiserver/registry/range_store.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/clock.h"
#include "libkcommon/errors.h"
#include "libkcommon/log.h"

/* Conflicts a request retries before giving up (upstream's GuaranteedUpdate loops forever). */
#define RANGE_MAX_ATTEMPTS 32

enum req_kind {
	REQ_APPLY,
	REQ_READ,
	REQ_REPLACE,
};

struct range_req {
	struct range_store *rs;
	struct range_req *next;
	enum req_kind kind;
	struct range_item *items;
	size_t n;
	unsigned flags;
	struct range_bitmap work; /* the state being written */
	int64_t expect_rev;       /* replace */
	int attempts;
	range_store_cb cb;
	range_store_read_cb read_cb;
	void *arg;
};

struct range_store {
	struct kc_etcd3 *etcd;
	struct event *kick;
	char *key;
	struct svc_range range; /* its bitmap: the state at mod_rev */
	int64_t mod_rev;        /* 0: the key is absent; -1: unknown (read before writing) */
	range_rand_fn rnd;
	struct range_req *head, *tail; /* queued; head runs */
	struct kc_etcd3_req *etcd_req;
};

static void run_head(struct range_store *rs);

static void
req_free(struct range_req *req)
{
	range_bitmap_release_all(&req->work);
	free(req->items);
	free(req);
}

/* Ends the running request and starts the next one. */
static void
finish(struct range_store *rs, int err)
{
	struct range_req *req = rs->head;

	rs->head = req->next;
	if (rs->head == NULL)
		rs->tail = NULL;
	if (req->kind == REQ_READ) {
		if (req->read_cb != NULL)
			req->read_cb(req->arg, err, &rs->range.bm, rs->mod_rev);
	} else if (req->cb != NULL) {
		req->cb(req->arg, err, req->items, req->n);
	}
	req_free(req);
	if (rs->head != NULL)
		event_active(rs->kick, 0, 0);
}

/* Loads a stored value into the local state: an unreadable or other-range value is an empty
 * bitmap at that revision (the next write, or the repair, replaces it). */
static void
load_kv(struct range_store *rs, const struct kc_etcd3_kv *kv)
{
	int r = svc_range_decode(&rs->range, kv->value, kv->value_len);

	if (r == KC_ERR_CONFLICT)
		kc_warning("\"the provided range does not match the current range\" key=\"%s\" "
			   "range=\"%s\"",
			   rs->key, rs->range.spec);
	else if (r < 0)
		kc_warning("\"cannot decode the stored RangeAllocation\" key=\"%s\"", rs->key);
	rs->mod_rev = kv->mod_revision;
}

static void
load_absent(struct range_store *rs)
{
	range_bitmap_restore(&rs->range.bm, NULL, 0);
	rs->mod_rev = 0;
}

/* Runs the items on a copy of the state: 0, or KC_ERR_INVALID with the failed item's result. */
static int
apply_items(struct range_store *rs, struct range_req *req)
{
	const struct svc_range *rg = &rs->range;
	size_t i;

	for (i = 0; i < req->n; i++) {
		struct range_item *it = &req->items[i];
		int off;

		it->result = RANGE_OK;
		switch (it->op) {
		case RANGE_ALLOCATE:
			off = svc_range_offset(rg, it->value);
			if (off < 0)
				it->result = RANGE_NOT_IN_RANGE;
			else if (!(req->flags & RANGE_DRY_RUN) &&
				 range_bitmap_allocate(&req->work, off) == 0)
				it->result = RANGE_ALLOCATED;
			break;
		case RANGE_ALLOCATE_NEXT:
			if (req->flags & RANGE_DRY_RUN) {
				it->value = rg->network;
				break;
			}
			off = range_bitmap_allocate_next(&req->work, rs->rnd);
			if (off < 0)
				it->result = RANGE_FULL;
			else
				it->value = svc_range_value(rg, off);
			break;
		case RANGE_RELEASE:
			off = svc_range_offset(rg, it->value);
			if (off >= 0 && !(req->flags & RANGE_DRY_RUN))
				range_bitmap_release(&req->work, off);
			break;
		}
		if (it->result != RANGE_OK)
			return KC_ERR_INVALID;
	}
	return 0;
}

static void on_written(void *arg, int err, const struct kc_etcd3_result *res);

static void
write_work(struct range_store *rs, struct range_req *req, int64_t expect)
{
	struct svc_range view = rs->range;
	json_t *obj;
	char *text;

	view.bm = req->work;
	obj = svc_range_encode(&view);
	text = obj != NULL ? json_dumps(obj, JSON_COMPACT) : NULL;
	json_decref(obj);
	if (text == NULL) {
		finish(rs, KC_ERR_NOMEM);
		return;
	}
	if (expect == 0)
		rs->etcd_req = kc_etcd3_create(rs->etcd, rs->key, text, strlen(text), 0, on_written,
					       rs);
	else
		rs->etcd_req = kc_etcd3_update(rs->etcd, rs->key, text, strlen(text), expect, 0,
					       on_written, rs);
	free(text);
	if (rs->etcd_req == NULL)
		finish(rs, KC_ERR_NOMEM);
}

/* Applies the running request on the local state and writes it. */
static void
apply_and_write(struct range_store *rs)
{
	struct range_req *req = rs->head;
	int r;

	if (req->kind == REQ_REPLACE) {
		write_work(rs, req, req->expect_rev);
		return;
	}
	if ((r = range_bitmap_copy(&req->work, &rs->range.bm)) < 0) {
		finish(rs, r);
		return;
	}
	if ((r = apply_items(rs, req)) < 0) {
		finish(rs, r);
		return;
	}
	if ((req->flags & RANGE_DRY_RUN) ||
	    (req->work.count == rs->range.bm.count &&
	     memcmp(req->work.bits, rs->range.bm.bits, (size_t)req->work.max / 8 + 1) == 0)) {
		finish(rs, 0); /* nothing changes: no write */
		return;
	}
	write_work(rs, req, rs->mod_rev);
}

static void
on_written(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct range_store *rs = arg;
	struct range_req *req = rs->head;

	rs->etcd_req = NULL;
	if (err >= 0) {
		struct range_bitmap tmp = rs->range.bm;

		rs->range.bm = req->work;
		req->work = tmp;
		rs->mod_rev = res->revision;
		finish(rs, 0);
		return;
	}
	if ((err == KC_ERR_CONFLICT || err == KC_ERR_ALREADY_EXISTS) && res != NULL &&
	    res->n_kvs > 0)
		load_kv(rs, &res->kvs[0]);
	else if (err == KC_ERR_NOT_FOUND)
		load_absent(rs);
	else
		rs->mod_rev = -1;
	if (req->kind == REQ_REPLACE &&
	    (err == KC_ERR_CONFLICT || err == KC_ERR_ALREADY_EXISTS || err == KC_ERR_NOT_FOUND)) {
		finish(rs, KC_ERR_CONFLICT);
		return;
	}
	if ((err == KC_ERR_CONFLICT || err == KC_ERR_ALREADY_EXISTS || err == KC_ERR_NOT_FOUND) &&
	    ++req->attempts < RANGE_MAX_ATTEMPTS) {
		apply_and_write(rs); /* someone else wrote: run again on what is stored now */
		return;
	}
	kc_warning("\"cannot update the range allocation\" key=\"%s\" err=\"%s\"", rs->key,
		   res != NULL && res->message != NULL && res->message[0] ? res->message
									  : kc_strerror(err));
	finish(rs, err == KC_ERR_CONFLICT ? KC_ERR_UNAVAILABLE : err);
}

static void
on_read(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct range_store *rs = arg;

	rs->etcd_req = NULL;
	if (err == KC_ERR_NOT_FOUND) {
		load_absent(rs);
	} else if (err < 0) {
		rs->mod_rev = -1;
		finish(rs, err);
		return;
	} else {
		load_kv(rs, &res->kvs[0]);
	}
	if (rs->head->kind == REQ_READ)
		finish(rs, 0);
	else
		apply_and_write(rs);
}

static void
run_head(struct range_store *rs)
{
	struct range_req *req = rs->head;

	if (req == NULL || rs->etcd_req != NULL)
		return;
	if (req->kind == REQ_APPLY && (req->flags & RANGE_DRY_RUN)) {
		apply_and_write(rs);
		return;
	}
	if (req->kind == REQ_REPLACE) {
		apply_and_write(rs);
		return;
	}
	if (req->kind == REQ_READ || rs->mod_rev < 0) {
		rs->etcd_req = kc_etcd3_get(rs->etcd, rs->key, on_read, rs);
		if (rs->etcd_req == NULL)
			finish(rs, KC_ERR_NOMEM);
		return;
	}
	apply_and_write(rs);
}

static void
on_kick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	run_head(arg);
}

struct range_store *
range_store_new(struct kc_etcd3 *etcd, const char *key, struct svc_range *range,
		range_rand_fn rnd)
{
	struct range_store *rs = calloc(1, sizeof(*rs));

	if (rs == NULL || (rs->key = strdup(key)) == NULL ||
	    (rs->kick = event_new(kc_etcd3_event_base(etcd), -1, 0, on_kick, rs)) == NULL) {
		if (rs != NULL)
			free(rs->key);
		free(rs);
		svc_range_release(range);
		return NULL;
	}
	rs->etcd = etcd;
	rs->range = *range;
	memset(range, 0, sizeof(*range));
	rs->mod_rev = -1;
	rs->rnd = rnd != NULL ? rnd : kc_clock_rand_unit;
	return rs;
}

struct range_store *
range_store_free(struct range_store *rs)
{
	if (rs == NULL)
		return NULL;
	kc_etcd3_req_cancel(rs->etcd_req);
	rs->etcd_req = NULL;
	while (rs->head != NULL) {
		rs->head->flags |= RANGE_DRY_RUN; /* nothing more is written */
		finish(rs, KC_ERR_UNAVAILABLE);
	}
	event_free(rs->kick);
	svc_range_release(&rs->range);
	free(rs->key);
	free(rs);
	return NULL;
}

const struct svc_range *
range_store_range(const struct range_store *rs)
{
	return &rs->range;
}

static struct range_req *
enqueue(struct range_store *rs, struct range_req *req)
{
	req->rs = rs;
	if (rs->tail != NULL)
		rs->tail->next = req;
	else
		rs->head = req;
	rs->tail = req;
	if (rs->head == req)
		event_active(rs->kick, 0, 0);
	return req;
}

struct range_req *
range_store_apply(struct range_store *rs, const struct range_item *items, size_t n,
		  unsigned flags, range_store_cb cb, void *arg)
{
	struct range_req *req = calloc(1, sizeof(*req));

	if (req == NULL || (n > 0 && (req->items = calloc(n, sizeof(*items))) == NULL)) {
		free(req);
		return NULL;
	}
	if (n > 0)
		memcpy(req->items, items, n * sizeof(*items));
	req->n = n;
	req->kind = REQ_APPLY;
	req->flags = flags;
	req->cb = cb;
	req->arg = arg;
	return enqueue(rs, req);
}

struct range_req *
range_store_read(struct range_store *rs, range_store_read_cb cb, void *arg)
{
	struct range_req *req = calloc(1, sizeof(*req));

	if (req == NULL)
		return NULL;
	req->kind = REQ_READ;
	req->read_cb = cb;
	req->arg = arg;
	return enqueue(rs, req);
}

struct range_req *
range_store_replace(struct range_store *rs, const struct range_bitmap *state, int64_t mod_revision,
		    range_store_cb cb, void *arg)
{
	struct range_req *req = calloc(1, sizeof(*req));

	if (req == NULL || range_bitmap_copy(&req->work, state) < 0) {
		free(req);
		return NULL;
	}
	req->kind = REQ_REPLACE;
	req->expect_rev = mod_revision;
	req->cb = cb;
	req->arg = arg;
	return enqueue(rs, req);
}

void
range_req_cancel(struct range_req *req)
{
	if (req == NULL)
		return;
	req->cb = NULL;
	req->read_cb = NULL;
}

const char *
range_item_error(const struct range_store *rs, const struct range_item *item, char *buf,
		 size_t size)
{
	const struct svc_range *rg = &rs->range;
	int ip = rg->kind == RANGE_IP;
	char v[32];

	switch (item->result) {
	case RANGE_ALLOCATED:
		snprintf(buf, size, "provided %s is already allocated", ip ? "IP" : "port");
		break;
	case RANGE_NOT_IN_RANGE:
		if (ip)
			snprintf(buf, size,
				 "the provided IP (%s) is not in the valid range. The range of "
				 "valid IPs is %s",
				 svc_range_format(rg, item->value, v, sizeof(v)), rg->spec);
		else
			snprintf(buf, size,
				 "provided port is not in the valid range. The range of valid "
				 "ports is %s",
				 rg->spec);
		break;
	case RANGE_FULL:
		snprintf(buf, size, "range is full");
		break;
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}
