/*
 * store_internal.h - what store.c and store_delete.c share: the structures behind struct store,
 * struct store_set and struct store_op, and the operation plumbing.  Not for other files.
 */
#ifndef KUBE_APISERVER_REGISTRY_STORE_INTERNAL_H
#define KUBE_APISERVER_REGISTRY_STORE_INTERNAL_H

#include <stdint.h>

#include <jansson.h>

#include "kube-apiserver/registry/store.h"

struct event;
struct event_base;
struct kc_etcd3_kv;
struct kc_etcd3_req;
struct kc_etcd3_result;

struct store_set {
	struct kc_etcd3 *etcd;
	struct event_base *base;
	struct store **stores;
	size_t n;
	struct store_op *ops; /* pending operations, doubly linked */
	int64_t event_ttl;
	long fresh_wait_ms;
	long bookmark_interval_ms;
	int closing;
};

struct store {
	struct store_set *set;
	const struct api_resource *res; /* the first row stored under this prefix */
	char *prefix;                   /* "/pods" */
	struct kc_watch_cache *cache;
	int is_events; /* written with a lease of --event-ttl */
};

enum op_kind {
	OP_GET,
	OP_LIST,
	OP_CREATE,
	OP_UPDATE,
	OP_DELETE,
};

/* The delete steps of store_delete.c. */
enum del_phase {
	DEL_READ,   /* reading the current object */
	DEL_UPDATE, /* setting deletionTimestamp / finalizers (a child update) */
	DEL_REMOVE, /* deleting the key */
};

struct store_op {
	struct store_op *prev, *next;
	struct store *s;
	const struct api_resource *res;
	enum op_kind kind;
	store_cb cb;
	store_list_cb list_cb;
	void *arg;
	unsigned flags;

	struct kc_watch_cache_req *cache_req;
	struct kc_etcd3_req *etcd_req;
	struct event *defer;
	void (*defer_fn)(struct store_op *op);
	struct store_op *child;  /* an operation this one waits for */
	struct store_op *parent; /* the operation waiting for this one */

	char *name;
	char *ns;
	char *key;      /* "ns/name" */
	char *etcd_key; /* "/pods/ns/name" */
	int attempts;
	int64_t lease;

	/* create */
	json_t *obj;
	char *bytes; /* what create_write() sent; then the reply's bytes (resourceVersion set) */
	size_t bytes_len;

	/* update */
	store_update_fn fn;
	void *fn_arg;
	json_t *current; /* resourceVersion set; NULL when absent */
	int64_t current_rv;
	int current_fresh;
	json_t *result; /* what is being written */
	int deleting;   /* the update turned into a delete */

	/* get */
	struct kc_watch_cache_object *cached;

	/* delete */
	struct {
		char *uid;
		char *rv;
		char *propagation;
		int64_t grace;
		int orphan;
		enum del_phase phase;
		int pending_finalizers;
		int64_t last_grace;
		int delete_now; /* the update function asked for an immediate delete */
		int already;    /* graceful deletion already pending */
	} del;
	json_t *deleted; /* delete: the state being deleted */
};

/* store.c */
int store_new(struct store_set *set, const struct api_resource *res);
void store_free(struct store *s);
struct store_op *op_new(struct store *s, const struct api_resource *res, enum op_kind kind,
			void *arg);
struct store_op *op_start(struct store_op *op, int r);
int op_defer(struct store_op *op, void (*fn)(struct store_op *));
void op_finish(struct store_op *op, const struct store_result *res);
void op_finish_status(struct store_op *op, json_t *status);
void op_fail(struct store_op *op, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void op_fail_etcd(struct store_op *op, int err, const struct kc_etcd3_result *res);
char *store_encode(const json_t *obj);
json_t *store_decode_kv(const struct kc_etcd3_kv *kv, char *err, size_t errlen);
/* store_decode_kv of the current value read for op; NULL after failing op (500) when bad. */
json_t *op_decode_kv(struct store_op *op, const struct kc_etcd3_kv *kv);

/* store_fields.c: the value of a field selector field of a stored object (watch cache getter);
 * borrowed from obj or from a static buffer valid until the next call; NULL when none. */
const char *store_field_value(const json_t *obj, const char *field);

#endif
