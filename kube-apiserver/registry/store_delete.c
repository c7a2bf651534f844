/*
 * store_delete.c - deletion as genericregistry.Store.Delete does it: preconditions, graceful
 * deletion, finalizers for garbage collection, the update that marks an object as deleting,
 * then the removal (upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/
 * store.go Delete, updateForGracefulDeletionAndFinalizers, markAsDeleting,
 * deletionFinalizersForGarbageCollection, finalizeDelete; pkg/registry/rest/delete.go
 * BeforeDelete; pkg/registry/core/pod/strategy.go CheckGracefulDelete;
 * pkg/registry/core/namespace/storage/storage.go Delete).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store.h"
#include "kube-apiserver/registry/store_internal.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"

#define FINALIZER_ORPHAN     "orphan"
#define FINALIZER_FOREGROUND "foregroundDeletion"

static int
is_core(const struct api_resource *res, const char *resource)
{
	return res->group[0] == '\0' && strcmp(res->resource, resource) == 0;
}

int
store_returns_deleted_object(const struct api_resource *res)
{
	static const char *const core[] = {
		"pods",       "services",          "serviceaccounts",
		"namespaces", "persistentvolumes", "persistentvolumeclaims"
	};

	for (size_t i = 0; i < KC_ARRAY_SIZE(core); i++)
		if (is_core(res, core[i]))
			return 1;
	return strcmp(res->group, "storage.k8s.io") == 0 &&
	       strcmp(res->resource, "storageclasses") == 0;
}

/* Events opt out of garbage collection (DefaultGarbageCollectionPolicy Unsupported). */
static int
gc_unsupported(const struct api_resource *res)
{
	return strcmp(res->resource, "events") == 0;
}

int
store_check_preconditions(const json_t *obj, const char *uid, const char *resource_version,
			  char **ret_msg)
{
	const char *have;

	if (uid != NULL) {
		have = kc_meta_uid(obj);
		if (strcmp(uid, have != NULL ? have : "") != 0) {
			if (asprintf(ret_msg,
				     "Precondition failed: UID in precondition: %s, UID in object "
				     "meta: %s",
				     uid, have != NULL ? have : "") < 0)
				*ret_msg = NULL;
			return KC_ERR_CONFLICT;
		}
	}
	if (resource_version != NULL) {
		have = kc_meta_resource_version(obj);
		if (strcmp(resource_version, have != NULL ? have : "") != 0) {
			if (asprintf(ret_msg,
				     "Precondition failed: ResourceVersion in precondition: %s, "
				     "ResourceVersion in object meta: %s",
				     resource_version, have != NULL ? have : "") < 0)
				*ret_msg = NULL;
			return KC_ERR_CONFLICT;
		}
	}
	return 0;
}

int64_t
store_pod_grace_period(const json_t *pod, int64_t requested)
{
	int64_t period = requested;
	const char *phase = kc_json_get_string(pod, "status.phase", "");

	if (period < 0 && requested == -1)
		period = kc_json_get_int64(pod, "spec.terminationGracePeriodSeconds", 0);
	if (kc_json_get_string(pod, "spec.nodeName", "")[0] == '\0')
		period = 0;
	if (strcmp(phase, "Failed") == 0 || strcmp(phase, "Succeeded") == 0)
		period = 0;
	if (period < 0)
		period = 1;
	return period;
}

static int
list_is_empty(const json_t *v)
{
	return !json_is_array(v) || json_array_size(v) == 0;
}

/* A Conflict Status about op's object. */
static json_t *
conflict(struct store_op *op, const char *detail)
{
	return status_conflict(op->res, op->name, detail != NULL ? detail : "conflict");
}

/*
 * BeforeDelete's early precondition check: upstream words it differently from the storage
 * check, and names the Kind where a resource would be.
 */
static json_t *
early_precondition_status(struct store_op *op, const json_t *obj)
{
	struct api_resource kind_res = *op->res;
	const char *uid = kc_meta_uid(obj), *rv = kc_meta_resource_version(obj);
	char *msg = NULL;
	json_t *s = NULL;

	kind_res.resource = op->res->kind;
	if (op->del.uid != NULL && strcmp(op->del.uid, uid != NULL ? uid : "") != 0) {
		if (asprintf(&msg,
			     "the UID in the precondition (%s) does not match the UID in record "
			     "(%s). The object might have been deleted and then recreated",
			     op->del.uid, uid != NULL ? uid : "") < 0)
			return NULL;
	} else if (op->del.rv != NULL && strcmp(op->del.rv, rv != NULL ? rv : "") != 0) {
		if (asprintf(&msg,
			     "the ResourceVersion in the precondition (%s) does not match the "
			     "ResourceVersion in record (%s). The object might have been modified",
			     op->del.rv, rv != NULL ? rv : "") < 0)
			return NULL;
	} else {
		return NULL;
	}
	s = status_conflict(&kind_res, op->name, msg);
	free(msg);
	return s;
}

static int
set_meta(json_t *obj, const char *key, json_t *value)
{
	json_t *meta = json_object_get(obj, "metadata");

	if (!json_is_object(meta)) {
		meta = json_object();
		if (meta == NULL || json_object_set_new(obj, "metadata", meta) < 0) {
			json_decref(value);
			return KC_ERR_NOMEM;
		}
	}
	return json_object_set_new(meta, key, value) < 0 ? KC_ERR_NOMEM : 0;
}

static int64_t
deletion_timestamp_ns(const json_t *obj)
{
	int64_t ns = 0;

	if (kc_meta_time_parse(kc_json_get_string(obj, "metadata.deletionTimestamp", ""), &ns) < 0)
		return 0;
	return ns;
}

static int
bump_generation(json_t *obj)
{
	int64_t g = kc_meta_generation(obj);

	return g > 0 ? set_meta(obj, "generation", json_integer(g + 1)) : 0;
}

/*
 * rest.BeforeDelete on obj (changed in place): *graceful when a graceful deletion starts or
 * shortens now, *pending when one is already under way.  Only pods delete gracefully.
 */
static int
before_delete(struct store_op *op, json_t *obj, int *graceful, int *pending)
{
	const json_t *dgps = kc_json_get(obj, "metadata", "deletionGracePeriodSeconds", NULL);
	int64_t old_grace, ts, period;

	*graceful = *pending = 0;
	if (op->del.grace < -1)
		op->del.grace = 1; /* negative values count as 1s on the delete path */
	if (json_is_integer(dgps) && json_integer_value(dgps) < 0 &&
	    set_meta(obj, "deletionGracePeriodSeconds", json_integer(1)) < 0)
		return KC_ERR_NOMEM;
	if (!is_core(op->res, "pods"))
		return 0;
	if (kc_meta_is_being_deleted(obj)) {
		old_grace = json_integer_value(
			kc_json_get(obj, "metadata", "deletionGracePeriodSeconds", NULL));
		if (old_grace == 0)
			return 0; /* a zero grace period left behind: delete at once */
		if (op->del.grace < 0) {
			*pending = 1;
			return 0;
		}
		if (op->del.grace >= old_grace) {
			*pending = 1;
			return 0;
		}
		/* only a shorter grace period may be given */
		ts = deletion_timestamp_ns(obj) - old_grace * 1000000000LL +
		     op->del.grace * 1000000000LL;
		if (set_meta(obj, "deletionTimestamp", kc_meta_time_json(ts)) < 0 ||
		    set_meta(obj, "deletionGracePeriodSeconds", json_integer(op->del.grace)) < 0)
			return KC_ERR_NOMEM;
		*graceful = 1;
		return 0;
	}
	period = store_pod_grace_period(obj, op->del.grace);
	op->del.grace = period; /* the options follow the pod, as CheckGracefulDelete does */
	ts = kc_meta_now() + period * 1000000000LL;
	if (set_meta(obj, "deletionTimestamp", kc_meta_time_json(ts)) < 0 ||
	    set_meta(obj, "deletionGracePeriodSeconds", json_integer(period)) < 0 ||
	    bump_generation(obj) < 0)
		return KC_ERR_NOMEM;
	*graceful = 1;
	return 0;
}

static int
has_string(const json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

/*
 * The propagation a delete asks for, as shouldOrphanDependents and shouldDeleteDependents
 * read it: options.propagationPolicy when it is a known one, else the first of the orphan and
 * foreground finalizers obj carries, else "Background" (every served version's default).
 */
static const char *
requested_propagation(const struct store_op *op, const json_t *finalizers)
{
	const char *p = op->del.propagation;

	if (p != NULL && (strcmp(p, "Orphan") == 0 || strcmp(p, "Background") == 0 ||
			  strcmp(p, "Foreground") == 0))
		return p;
	for (size_t i = 0; i < json_array_size(finalizers); i++) {
		const char *f = json_string_value(json_array_get(finalizers, i));

		if (f != NULL && strcmp(f, FINALIZER_ORPHAN) == 0)
			return "Orphan";
		if (f != NULL && strcmp(f, FINALIZER_FOREGROUND) == 0)
			return "Foreground";
	}
	return "Background";
}

static int
finalizer_policy_orphan(struct store_op *op, const json_t *finalizers)
{
	if (gc_unsupported(op->res))
		return 0;
	if (op->del.orphan >= 0)
		return op->del.orphan;
	return strcmp(requested_propagation(op, finalizers), "Orphan") == 0;
}

static int
finalizer_policy_foreground(struct store_op *op, const json_t *finalizers)
{
	if (gc_unsupported(op->res) || op->del.orphan >= 0)
		return 0;
	return strcmp(requested_propagation(op, finalizers), "Foreground") == 0;
}

/*
 * deletionFinalizersForGarbageCollection: the finalizers obj should have for the requested
 * propagation.  Returns 1 with *ret_new (a new array) when they differ from obj's, 0 when not,
 * KC_ERR_NOMEM.
 */
static int
gc_finalizers(struct store_op *op, const json_t *obj, json_t **ret_new)
{
	const json_t *cur = kc_json_get(obj, "metadata", "finalizers", NULL);
	json_t *nf = json_array(), *v;
	size_t i;
	int changed;

	if (nf == NULL)
		return KC_ERR_NOMEM;
	if (!json_is_array(cur))
		cur = NULL;
	json_array_foreach(cur, i, v) {
		const char *f = json_string_value(v);

		if (f != NULL &&
		    (strcmp(f, FINALIZER_ORPHAN) == 0 || strcmp(f, FINALIZER_FOREGROUND) == 0))
			continue;
		json_array_append(nf, v);
	}
	if (finalizer_policy_orphan(op, cur))
		json_array_append_new(nf, json_string(FINALIZER_ORPHAN));
	if (finalizer_policy_foreground(op, cur))
		json_array_append_new(nf, json_string(FINALIZER_FOREGROUND));
	/* compared as sets */
	changed = 0;
	json_array_foreach(nf, i, v)
		if (!has_string(cur, json_string_value(v)))
			changed = 1;
	json_array_foreach(cur, i, v)
		if (json_is_string(v) && !has_string(nf, json_string_value(v)))
			changed = 1;
	if (!changed) {
		json_decref(nf);
		return 0;
	}
	*ret_new = nf;
	return 1;
}

/* markAsDeleting: deletionTimestamp now (or earlier), no grace period left. */
static int
mark_as_deleting(json_t *obj)
{
	int64_t now = kc_meta_now();
	int64_t ts = deletion_timestamp_ns(obj);

	if (!kc_meta_is_being_deleted(obj) && bump_generation(obj) < 0)
		return KC_ERR_NOMEM;
	if ((!kc_meta_is_being_deleted(obj) || ts > now) &&
	    set_meta(obj, "deletionTimestamp", kc_meta_time_json(now)) < 0)
		return KC_ERR_NOMEM;
	return set_meta(obj, "deletionGracePeriodSeconds", json_integer(0));
}

/* ---- the steps -------------------------------------------------------------------------- */

static void del_remove(struct store_op *op);

/* finalizeDelete: the deleted object, or a Success Status with its details. */
static void
del_finish(struct store_op *op, const json_t *obj, int deleted, int graceful)
{
	struct store_result res = { .obj = obj, .deleted = deleted, .graceful = graceful };

	op_finish(op, &res);
}

/* The storage-level precondition check (storage.Preconditions.Check): a Conflict. */
static json_t *
storage_precondition_status(struct store_op *op, const json_t *obj)
{
	KC_AUTOFREE char *msg = NULL;

	if (store_check_preconditions(obj, op->del.uid, op->del.rv, &msg) == 0)
		return NULL;
	return conflict(op, msg);
}

static int
del_update_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	struct store_op *op = arg;
	json_t *obj, *nf = NULL, *status;
	int graceful, pending, r;

	status = storage_precondition_status(op, current);
	if (status != NULL) {
		if (!fresh) {
			json_decref(status);
			return KC_ERR_CONFLICT; /* check again on a fresh read */
		}
		*ret_status = status;
		return KC_ERR_CONFLICT;
	}
	obj = json_deep_copy(current);
	if (obj == NULL)
		return KC_ERR_NOMEM;
	r = before_delete(op, obj, &graceful, &pending);
	if (r < 0)
		goto fail;
	if (pending) {
		op->del.already = 1;
		r = KC_ERR_CANCELED;
		goto fail;
	}
	r = gc_finalizers(op, obj, &nf);
	if (r < 0)
		goto fail;
	if (r > 0 && set_meta(obj, "finalizers", nf) < 0) {
		r = KC_ERR_NOMEM;
		goto fail;
	}
	op->del.pending_finalizers =
		!list_is_empty(kc_json_get(obj, "metadata", "finalizers", NULL));
	if (!graceful) {
		if (!op->del.pending_finalizers) {
			op->del.delete_now = 1;
			r = KC_ERR_CANCELED;
			goto fail;
		}
		r = mark_as_deleting(obj);
		if (r < 0)
			goto fail;
	} else {
		op->del.last_grace = op->del.grace;
	}
	*ret_obj = obj;
	return 0;
fail:
	json_decref(obj);
	return r;
}

static void
on_del_updated(void *arg, json_t *status, const struct store_result *res)
{
	struct store_op *op = arg;

	op->child = NULL;
	if (op->del.already) {
		json_decref(status);
		del_finish(op, op->deleted, 0, 1);
		return;
	}
	if (op->del.delete_now) {
		json_decref(status);
		op->del.phase = DEL_REMOVE;
		del_remove(op);
		return;
	}
	if (status != NULL) {
		op_finish_status(op, status);
		return;
	}
	if (res->deleted || op->del.pending_finalizers || op->del.last_grace > 0 ||
	    (op->flags & STORE_DRY_RUN)) {
		/* kept until the finalizers are gone or the kubelet confirms; a dry run ends
		 * here too, with what the update would have written */
		del_finish(op, res->obj, res->deleted, !res->deleted);
		return;
	}
	/* a graceful strategy deleting with no grace period: remove it now, tolerating a race
	 * that already removed it */
	json_decref(op->deleted);
	op->deleted = json_incref((json_t *)res->obj);
	if (op->del.rv != NULL) {
		free(op->del.rv);
		op->del.rv = strdup(kc_meta_resource_version(res->obj) ?: "");
	}
	op->del.phase = DEL_REMOVE;
	del_remove(op);
}

static void
del_start_update(struct store_op *op, store_update_fn fn)
{
	op->del.phase = DEL_UPDATE;
	op->child = store_update(op->s, op->res, op->ns, op->name, fn, op,
				 op->flags & STORE_DRY_RUN, on_del_updated, op);
	if (op->child == NULL) {
		op_fail(op, KC_ERR_NOMEM, "out of memory");
		return;
	}
	op->child->parent = op;
}

static void
on_del_removed(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;
	json_t *cur, *status;

	op->etcd_req = NULL;
	if (err == KC_ERR_CONFLICT && res != NULL && res->n_kvs == 1) {
		cur = op_decode_kv(op, &res->kvs[0]);
		if (cur == NULL)
			return;
		json_decref(op->current);
		op->current = cur;
		op->current_rv = res->kvs[0].mod_revision;
		status = storage_precondition_status(op, cur);
		if (status != NULL) {
			op_finish_status(op, status);
			return;
		}
		del_remove(op);
		return;
	}
	if (err < 0) {
		op_fail_etcd(op, err, res);
		return;
	}
	del_finish(op, op->current, 1, 0);
}

static void on_del_read(void *arg, int err, const struct kc_etcd3_result *res);

/* Deletes op->current's key on "mod_revision unchanged" after checking the preconditions. */
static void
del_remove(struct store_op *op)
{
	json_t *status;

	if (op->current == NULL || op->deleted != NULL) {
		/* after an update: read what is there now */
		json_decref(op->current);
		op->current = NULL;
		op->etcd_req = kc_etcd3_get(op->s->set->etcd, op->etcd_key, on_del_read, op);
		if (op->etcd_req == NULL)
			op_fail(op, KC_ERR_NOMEM, "out of memory");
		return;
	}
	status = storage_precondition_status(op, op->current);
	if (status != NULL) {
		op_finish_status(op, status);
		return;
	}
	if (op->flags & STORE_DRY_RUN) {
		del_finish(op, op->current, 1, 0);
		return;
	}
	op->etcd_req =
		kc_etcd3_delete(op->s->set->etcd, op->etcd_key, op->current_rv, on_del_removed, op);
	if (op->etcd_req == NULL)
		op_fail(op, KC_ERR_NOMEM, "out of memory");
}

/* ---- namespaces: Terminating first ------------------------------------------------------ */

static int
should_have(struct store_op *op, const char *finalizer, int have)
{
	int orphan = strcmp(finalizer, FINALIZER_ORPHAN) == 0;

	if (op->del.orphan >= 0)
		return orphan ? op->del.orphan : !op->del.orphan;
	if (op->del.propagation != NULL)
		return strcmp(op->del.propagation, orphan ? "Orphan" : "Foreground") == 0;
	return have;
}

static int
ns_delete_fn(void *arg, const json_t *current, int fresh, json_t **ret_obj, json_t **ret_status)
{
	static const char *const gc[] = { FINALIZER_ORPHAN, FINALIZER_FOREGROUND };
	struct store_op *op = arg;
	json_t *obj, *status, *fin, *nf;
	size_t i;
	json_t *v;

	status = storage_precondition_status(op, current);
	if (status != NULL) {
		if (!fresh) {
			json_decref(status);
			return KC_ERR_CONFLICT;
		}
		*ret_status = status;
		return KC_ERR_CONFLICT;
	}
	obj = json_deep_copy(current);
	if (obj == NULL)
		return KC_ERR_NOMEM;
	if (!kc_meta_is_being_deleted(obj) &&
	    set_meta(obj, "deletionTimestamp", kc_meta_time_now_json()) < 0)
		goto nomem;
	if (kc_json_set_path_steal(obj, "status.phase", json_string("Terminating")) < 0)
		goto nomem;
	fin = kc_json_get(obj, "metadata", "finalizers", NULL);
	nf = json_array();
	if (nf == NULL)
		goto nomem;
	json_array_foreach(json_is_array(fin) ? fin : NULL, i, v)
		if (!json_is_string(v) || (strcmp(json_string_value(v), gc[0]) != 0 &&
					   strcmp(json_string_value(v), gc[1]) != 0))
			json_array_append(nf, v);
	for (i = 0; i < KC_ARRAY_SIZE(gc); i++)
		if (should_have(op, gc[i], has_string(fin, gc[i])))
			json_array_append_new(nf, json_string(gc[i]));
	if (json_array_size(nf) != json_array_size(json_is_array(fin) ? fin : NULL) ||
	    !kc_json_equal(nf, fin)) {
		if (json_array_size(nf) == 0 && fin == NULL)
			json_decref(nf);
		else if (set_meta(obj, "finalizers", nf) < 0)
			goto nomem;
	} else {
		json_decref(nf);
	}
	*ret_obj = obj;
	return 0;
nomem:
	json_decref(obj);
	return KC_ERR_NOMEM;
}

static void
on_ns_marked(void *arg, json_t *status, const struct store_result *res)
{
	struct store_op *op = arg;

	op->child = NULL;
	if (status != NULL) {
		op_finish_status(op, status);
		return;
	}
	del_finish(op, res->obj, res->deleted, !res->deleted);
}

static void
ns_delete(struct store_op *op)
{
	if (!kc_meta_is_being_deleted(op->current)) {
		op->del.phase = DEL_UPDATE;
		op->child = store_update(op->s, op->res, NULL, op->name, ns_delete_fn, op,
					 op->flags & STORE_DRY_RUN, on_ns_marked, op);
		if (op->child == NULL) {
			op_fail(op, KC_ERR_NOMEM, "out of memory");
			return;
		}
		op->child->parent = op;
		return;
	}
	/* terminating: removed once the namespace controller emptied spec.finalizers */
	if (!list_is_empty(kc_json_get(op->current, "spec", "finalizers", NULL))) {
		del_finish(op, op->current, 0, 1);
		return;
	}
	op->del.phase = DEL_REMOVE;
	if (!list_is_empty(kc_json_get(op->current, "metadata", "finalizers", NULL))) {
		json_decref(op->deleted);
		op->deleted = json_incref(op->current);
		del_start_update(op, del_update_fn);
		return;
	}
	del_remove(op);
}

/* ---- the start ---------------------------------------------------------------------------- */

static void
on_del_read(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct store_op *op = arg;
	json_t *cur, *copy = NULL, *nf = NULL, *status;
	int graceful = 0, pending = 0, r;

	op->etcd_req = NULL;
	if (err == KC_ERR_NOT_FOUND && op->del.phase == DEL_REMOVE && op->deleted != NULL) {
		/* removed by someone else after our update: done all the same */
		del_finish(op, op->deleted, 1, 0);
		return;
	}
	if (err < 0) {
		op_fail_etcd(op, err, res);
		return;
	}
	cur = op_decode_kv(op, &res->kvs[0]);
	if (cur == NULL)
		return;
	json_decref(op->current);
	op->current = cur;
	op->current_rv = res->kvs[0].mod_revision;
	if (op->del.phase == DEL_REMOVE) {
		json_decref(op->deleted);
		op->deleted = NULL;
		del_remove(op);
		return;
	}
	if (is_core(op->res, "namespaces")) {
		ns_delete(op);
		return;
	}
	status = early_precondition_status(op, cur);
	if (status != NULL) {
		op_finish_status(op, status);
		return;
	}
	copy = json_deep_copy(cur);
	r = copy != NULL ? before_delete(op, copy, &graceful, &pending) : KC_ERR_NOMEM;
	json_decref(copy);
	if (r < 0) {
		op_fail(op, r, "out of memory");
		return;
	}
	if (pending) {
		del_finish(op, cur, 0, 1);
		return;
	}
	r = gc_finalizers(op, cur, &nf);
	json_decref(nf);
	if (r < 0) {
		op_fail(op, r, "out of memory");
		return;
	}
	op->deleted = json_incref(cur);
	if (graceful || r > 0 || !list_is_empty(kc_json_get(cur, "metadata", "finalizers", NULL))) {
		del_start_update(op, del_update_fn);
		return;
	}
	json_decref(op->deleted);
	op->deleted = NULL;
	op->del.phase = DEL_REMOVE;
	del_remove(op);
}

struct store_op *
store_delete(struct store *s, const struct api_resource *res, const char *ns, const char *name,
	     const struct store_delete_opts *opts, store_cb cb, void *arg)
{
	struct store_op *op = op_new(s, res, OP_DELETE, arg);

	if (op == NULL)
		return NULL;
	op->cb = cb;
	op->flags = opts->flags;
	op->del.grace = opts->grace_period_seconds;
	op->del.orphan = opts->orphan_dependents;
	op->del.phase = DEL_READ;
	op->name = strdup(name);
	op->ns = res->namespaced ? strdup(ns != NULL ? ns : "") : NULL;
	op->key = store_key(res, ns, name);
	if (op->name == NULL || op->key == NULL || (res->namespaced && op->ns == NULL) ||
	    (opts->precondition_uid != NULL &&
	     (op->del.uid = strdup(opts->precondition_uid)) == NULL) ||
	    (opts->precondition_resource_version != NULL &&
	     (op->del.rv = strdup(opts->precondition_resource_version)) == NULL) ||
	    (opts->propagation_policy != NULL &&
	     (op->del.propagation = strdup(opts->propagation_policy)) == NULL) ||
	    asprintf(&op->etcd_key, "%s/%s", s->prefix, op->key) < 0) {
		op->etcd_key = NULL;
		return op_start(op, KC_ERR_NOMEM);
	}
	op->etcd_req = kc_etcd3_get(s->set->etcd, op->etcd_key, on_del_read, op);
	return op_start(op, op->etcd_req != NULL ? 0 : KC_ERR_NOMEM);
}
