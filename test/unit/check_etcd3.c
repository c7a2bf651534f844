/*
 * check_etcd3.c - kube-apiserver's etcd v3 client against a real etcd (one per test case,
 * temp dir, loopback): CRUD with revision preconditions, paging at one revision, exact reads,
 * compaction, watches with prev_kv, leases, the compactor, failover between endpoints, etcd
 * crashing and coming back (calls fail UNAVAILABLE, then work; a watch resumes losing nothing),
 * and TLS with client certificates.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "test/unit/testutil/etcd_server.h"
#include "test/unit/testutil/loop_testutil.h"
#include "test/unit/testutil/testutil.h"

/* --- the loop ------------------------------------------------------------------------------ */

static struct event_base *base;

static void
loop_setup(void)
{
	base = event_base_new();
	ck_assert_ptr_nonnull(base);
}

static void
loop_teardown(void)
{
	kc_test_base_free(base);
	base = NULL;
}

/* --- etcd fixtures ------------------------------------------------------------------------- */

#define REQUIRE_ETCD() ck_assert_msg(etcd_test != NULL, "%s", etcd_server_missing())

/* A client on the given endpoints (NULL-terminated) with prefix (NULL: default). */
static struct kc_etcd3 *
client_on(const char *const *servers, const char *prefix)
{
	struct kc_etcd3_options opts = { 0 };
	struct kc_etcd3 *e = NULL;
	char err[256] = "";
	size_t n = 0;

	while (servers[n] != NULL)
		n++;
	opts.servers = servers;
	opts.n_servers = n;
	opts.prefix = prefix;
	opts.request_timeout_ms = 5000;
	opts.watch_retry_max_ms = 200;
	ck_assert_msg(kc_etcd3_new(base, &opts, &e, err, sizeof(err)) == 0, "%s", err);
	return e;
}

static struct kc_etcd3 *
client(void)
{
	const char *servers[] = { etcd_test->client_url, NULL };

	REQUIRE_ETCD();
	return client_on(servers, NULL);
}

/* --- one call's outcome -------------------------------------------------------------------- */

struct out {
	int done;
	int calls;
	int err;
	int64_t revision;
	size_t n_kvs;
	char keys[64][128];
	char value[4096];     /* the first kv's value */
	int64_t mod_revision; /* the first kv's */
	int64_t create_revision;
	int64_t lease;
	int more;
	int64_t count;
	int64_t changed;
	int has_prev;
	char prev_value[256];
	int64_t lease_id;
	int64_t ttl;
	char message[512];
};

static void
on_result(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct out *o = arg;

	memset(o->keys, 0, sizeof(o->keys));
	o->done = 1;
	o->calls++;
	o->err = err;
	o->revision = res->revision;
	o->n_kvs = res->n_kvs;
	for (size_t i = 0; i < res->n_kvs && i < 64; i++)
		snprintf(o->keys[i], sizeof(o->keys[i]), "%s", res->kvs[i].key);
	o->value[0] = '\0';
	if (res->n_kvs > 0) {
		snprintf(o->value, sizeof(o->value), "%.*s", (int)res->kvs[0].value_len,
			 res->kvs[0].value != NULL ? res->kvs[0].value : "");
		o->mod_revision = res->kvs[0].mod_revision;
		o->create_revision = res->kvs[0].create_revision;
		o->lease = res->kvs[0].lease;
	}
	o->more = res->more;
	o->count = res->count;
	o->changed = res->changed;
	o->has_prev = res->prev_kv != NULL;
	if (res->prev_kv != NULL)
		snprintf(o->prev_value, sizeof(o->prev_value), "%.*s", (int)res->prev_kv->value_len,
			 res->prev_kv->value);
	o->lease_id = res->lease_id;
	o->ttl = res->ttl;
	snprintf(o->message, sizeof(o->message), "%s", res->message);
}

static void
wait_out(struct out *o, struct kc_etcd3_req *r)
{
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(o->done, 0); /* never from inside the starting call */
	kc_test_poll_until(base, &o->done, 1, 10000);
	ck_assert_msg(o->done, "no answer in 10 s");
	ck_assert_int_eq(o->calls, 1);
}

static int64_t
do_create(struct kc_etcd3 *e, const char *key, const char *value, struct out *o)
{
	memset(o, 0, sizeof(*o));
	wait_out(o, kc_etcd3_create(e, key, value, strlen(value), 0, on_result, o));
	return o->revision;
}

static void
must_create(struct kc_etcd3 *e, const char *key, const char *value, int64_t *ret_rev)
{
	struct out o;
	int64_t rev = do_create(e, key, value, &o);

	ck_assert_msg(o.err == 0, "create %s: %s %s", key, kc_strerror(o.err), o.message);
	if (ret_rev != NULL)
		*ret_rev = rev;
}

static void
do_get(struct kc_etcd3 *e, const char *key, struct out *o)
{
	memset(o, 0, sizeof(*o));
	wait_out(o, kc_etcd3_get(e, key, on_result, o));
}

static void
do_update(struct kc_etcd3 *e, const char *key, const char *value, int64_t expected, struct out *o)
{
	memset(o, 0, sizeof(*o));
	wait_out(o, kc_etcd3_update(e, key, value, strlen(value), expected, 0, on_result, o));
}

static void
do_delete(struct kc_etcd3 *e, const char *key, int64_t expected, struct out *o)
{
	memset(o, 0, sizeof(*o));
	wait_out(o, kc_etcd3_delete(e, key, expected, on_result, o));
}

static void
do_range(struct kc_etcd3 *e, const struct kc_etcd3_range_opts *ro, struct out *o)
{
	memset(o, 0, sizeof(*o));
	wait_out(o, kc_etcd3_range(e, ro, on_result, o));
}

/* --- CRUD ---------------------------------------------------------------------------------- */

START_TEST(test_create_get)
{
	struct kc_etcd3 *e = client();
	struct out o;
	int64_t rev;

	rev = do_create(e, "/pods/default/web", "{\"kind\":\"Pod\"}", &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_gt(rev, 1);
	do_get(e, "/pods/default/web", &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_eq(o.n_kvs, 1);
	ck_assert_str_eq(o.keys[0], "/pods/default/web"); /* relative to the prefix */
	ck_assert_str_eq(o.value, "{\"kind\":\"Pod\"}");
	ck_assert_int_eq(o.mod_revision, rev);
	ck_assert_int_eq(o.create_revision, rev);
	ck_assert_int_ge(o.revision, rev);

	do_get(e, "/pods/default/absent", &o);
	ck_assert_int_eq(o.err, KC_ERR_NOT_FOUND);
	ck_assert_int_eq(o.n_kvs, 0);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_create_exists)
{
	struct kc_etcd3 *e = client();
	struct out o;
	int64_t rev;

	must_create(e, "/configmaps/ns/a", "first", &rev);
	do_create(e, "/configmaps/ns/a", "second", &o);
	ck_assert_int_eq(o.err, KC_ERR_ALREADY_EXISTS);
	ck_assert_int_eq(o.n_kvs, 1); /* the current kv comes back */
	ck_assert_str_eq(o.value, "first");
	ck_assert_int_eq(o.mod_revision, rev);
	do_get(e, "/configmaps/ns/a", &o);
	ck_assert_str_eq(o.value, "first"); /* nothing half-written */
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_update_preconditions)
{
	struct kc_etcd3 *e = client();
	struct out o;
	int64_t rev, rev2;

	must_create(e, "/configmaps/ns/u", "v1", &rev);
	do_update(e, "/configmaps/ns/u", "v2", rev, &o);
	ck_assert_int_eq(o.err, 0);
	rev2 = o.revision;
	ck_assert_int_gt(rev2, rev);

	/* the stale revision again: Conflict, with the current kv to retry from */
	do_update(e, "/configmaps/ns/u", "v3", rev, &o);
	ck_assert_int_eq(o.err, KC_ERR_CONFLICT);
	ck_assert_int_eq(o.n_kvs, 1);
	ck_assert_str_eq(o.value, "v2");
	ck_assert_int_eq(o.mod_revision, rev2);
	/* GuaranteedUpdate-style retry with what came back */
	do_update(e, "/configmaps/ns/u", "v3", o.mod_revision, &o);
	ck_assert_int_eq(o.err, 0);

	do_update(e, "/configmaps/ns/u", "v4", KC_ETCD3_ANY_REVISION, &o);
	ck_assert_int_eq(o.err, 0);
	do_get(e, "/configmaps/ns/u", &o);
	ck_assert_str_eq(o.value, "v4");
	ck_assert_int_eq(o.create_revision, rev);

	/* an update never creates */
	do_update(e, "/configmaps/ns/absent", "x", KC_ETCD3_ANY_REVISION, &o);
	ck_assert_int_eq(o.err, KC_ERR_NOT_FOUND);
	do_update(e, "/configmaps/ns/absent", "x", 5, &o);
	ck_assert_int_eq(o.err, KC_ERR_NOT_FOUND);
	do_get(e, "/configmaps/ns/absent", &o);
	ck_assert_int_eq(o.err, KC_ERR_NOT_FOUND);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_delete_preconditions)
{
	struct kc_etcd3 *e = client();
	struct out o;
	int64_t rev;

	must_create(e, "/secrets/ns/d", "secret", &rev);
	do_delete(e, "/secrets/ns/d", rev + 100, &o);
	ck_assert_int_eq(o.err, KC_ERR_CONFLICT);
	ck_assert_str_eq(o.value, "secret");
	ck_assert_int_eq(o.mod_revision, rev);

	do_delete(e, "/secrets/ns/d", rev, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert(o.has_prev);
	ck_assert_str_eq(o.prev_value, "secret");
	ck_assert_int_gt(o.revision, rev);
	do_get(e, "/secrets/ns/d", &o);
	ck_assert_int_eq(o.err, KC_ERR_NOT_FOUND);

	do_delete(e, "/secrets/ns/d", rev, &o);
	ck_assert_int_eq(o.err, KC_ERR_NOT_FOUND);
	do_delete(e, "/secrets/ns/d", KC_ETCD3_ANY_REVISION, &o);
	ck_assert_int_eq(o.err, KC_ERR_NOT_FOUND);

	must_create(e, "/secrets/ns/d", "again", NULL);
	do_delete(e, "/secrets/ns/d", KC_ETCD3_ANY_REVISION, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_str_eq(o.prev_value, "again");
	kc_etcd3_free(e);
}
END_TEST

/* --- ranges -------------------------------------------------------------------------------- */

START_TEST(test_range_paging)
{
	struct kc_etcd3 *e = client();
	struct kc_etcd3_range_opts ro = { .prefix = "/paging/", .limit = 10 };
	struct out o;
	char key[64], start[80];
	int64_t snapshot;
	int seen = 0, pages = 0;

	for (int i = 0; i < 25; i++) {
		snprintf(key, sizeof(key), "/paging/ns/k%02d", i);
		must_create(e, key, "v", NULL);
	}
	must_create(e, "/pagingx/other", "outside the prefix", NULL);
	do_range(e, &ro, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_eq(o.n_kvs, 10);
	ck_assert_int_eq(o.more, 1);
	ck_assert_int_eq(o.count, 25);
	ck_assert_str_eq(o.keys[0], "/paging/ns/k00");
	snapshot = o.revision;

	/* a write between pages is not seen: the next pages read the same revision */
	must_create(e, "/paging/ns/k05a", "late", NULL);
	for (;;) {
		seen += (int)o.n_kvs;
		pages++;
		if (!o.more)
			break;
		snprintf(start, sizeof(start), "%s", o.keys[o.n_kvs - 1]);
		strcat(start, "\x01"); /* just after the last key (the apiserver uses "\0") */
		ro.start_key = start;
		ro.revision = snapshot;
		do_range(e, &ro, &o);
		ck_assert_int_eq(o.err, 0);
		ck_assert_int_eq(o.revision, snapshot);
	}
	ck_assert_int_eq(seen, 25);
	ck_assert_int_eq(pages, 3);

	/* the latest read sees the late key; keys_only and count_only */
	ro = (struct kc_etcd3_range_opts){ .prefix = "/paging/", .count_only = 1 };
	do_range(e, &ro, &o);
	ck_assert_int_eq(o.count, 26);
	ck_assert_int_eq(o.n_kvs, 0);
	ro = (struct kc_etcd3_range_opts){ .prefix = "/paging/", .keys_only = 1, .limit = 7 };
	do_range(e, &ro, &o);
	ck_assert_int_eq(o.n_kvs, 7);
	ck_assert_str_eq(o.value, "");
	ck_assert_str_eq(o.keys[6], "/paging/ns/k05a");

	/* a start key outside the prefix is refused */
	ro = (struct kc_etcd3_range_opts){ .prefix = "/paging/", .start_key = "/a" };
	ck_assert_ptr_null(kc_etcd3_range(e, &ro, on_result, &o));
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_exact_and_compacted)
{
	struct kc_etcd3 *e = client();
	struct kc_etcd3_range_opts ro = { .prefix = "/exact/" };
	struct out o;
	int64_t rev1, rev2;

	must_create(e, "/exact/a", "one", &rev1);
	do_update(e, "/exact/a", "two", rev1, &o);
	ck_assert_int_eq(o.err, 0);
	rev2 = o.revision;

	ro.revision = rev1;
	do_range(e, &ro, &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_str_eq(o.value, "one");
	ck_assert_int_eq(o.revision, rev1); /* a past read answers at that revision... */
	ro.revision = 0;
	do_range(e, &ro, &o);
	ck_assert_str_eq(o.value, "two");

	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_compact(e, rev2, on_result, &o));
	ck_assert_msg(o.err == 0, "%s", o.message);
	ro.revision = rev1;
	do_range(e, &ro, &o);
	ck_assert_int_eq(o.err, KC_ERR_EXPIRED);
	ck_assert_msg(strstr(o.message, "compacted") != NULL, "%s", o.message);
	ro.revision = rev2;
	do_range(e, &ro, &o);
	ck_assert_int_eq(o.err, 0); /* the compaction revision itself stays readable */
	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_compact(e, rev1, on_result, &o));
	ck_assert_int_eq(o.err, KC_ERR_EXPIRED);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_current_revision_and_stat)
{
	struct kc_etcd3 *e = client();
	struct out o;
	int64_t rev, since;

	must_create(e, "/stat/a", "1", NULL);
	must_create(e, "/stat/b", "1", &rev);
	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_current_revision(e, on_result, &o));
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_ge(o.revision, rev);
	since = o.revision;

	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_prefix_stat(e, "/stat/", since, on_result, &o));
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_eq(o.count, 2);
	ck_assert_int_eq(o.changed, 0);

	do_update(e, "/stat/a", "2", KC_ETCD3_ANY_REVISION, &o);
	do_delete(e, "/stat/b", KC_ETCD3_ANY_REVISION, &o);
	must_create(e, "/other/x", "1", NULL); /* elsewhere: moves the revision only */
	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_prefix_stat(e, "/stat/", since, on_result, &o));
	ck_assert_int_eq(o.count, 1);
	ck_assert_int_eq(o.changed, 1); /* "at least one" */
	ck_assert_int_eq(o.revision, since + 3);
	kc_etcd3_free(e);
}
END_TEST

/* --- leases -------------------------------------------------------------------------------- */

START_TEST(test_leases)
{
	struct kc_etcd3 *e = client();
	struct out o, o2;
	int64_t id;

	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_lease_grant(e, 60, on_result, &o));
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_ne(o.lease_id, 0);
	ck_assert_int_eq(o.ttl, 60);
	id = o.lease_id;
	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_create(e, "/events/ns/ev1", "e", 1, id, on_result, &o));
	ck_assert_int_eq(o.err, 0);
	do_get(e, "/events/ns/ev1", &o);
	ck_assert_int_eq(o.lease, id);

	/* the lease manager: 3600 s objects share a lease granted for 3600 + 60 s */
	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_lease_for_ttl(e, 3600, on_result, &o));
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_eq(o.ttl, 3660);
	memset(&o2, 0, sizeof(o2));
	wait_out(&o2, kc_etcd3_lease_for_ttl(e, 3600, on_result, &o2));
	ck_assert_int_eq(o2.err, 0);
	ck_assert_int_eq(o2.lease_id, o.lease_id);
	/* a much shorter ttl cannot ride on it */
	memset(&o2, 0, sizeof(o2));
	wait_out(&o2, kc_etcd3_lease_for_ttl(e, 10, on_result, &o2));
	ck_assert_int_ne(o2.lease_id, o.lease_id);
	ck_assert_int_eq(o2.ttl, 10);
	ck_assert_ptr_null(kc_etcd3_lease_for_ttl(e, 0, on_result, &o2));
	kc_etcd3_free(e);
}
END_TEST

/* Counts answers of several lease_for_ttl requests. */
struct lease_outs {
	int done;
	int64_t ids[8];
	int errs[8];
};

struct lease_slot {
	struct lease_outs *outs;
	int i;
};

static void
on_lease(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct lease_slot *s = arg;

	s->outs->ids[s->i] = res->lease_id;
	s->outs->errs[s->i] = err;
	s->outs->done++;
}

/* Writes that arrive before the first LeaseGrant answers wait for it and share its lease. */
START_TEST(test_lease_concurrent_share_one_grant)
{
	struct kc_etcd3 *e = client();
	struct lease_outs outs = { 0 };
	struct lease_slot slots[4];

	for (int i = 0; i < 4; i++) {
		slots[i] = (struct lease_slot){ &outs, i };
		ck_assert_ptr_nonnull(kc_etcd3_lease_for_ttl(e, 3600, on_lease, &slots[i]));
	}
	ck_assert_int_eq(outs.done, 0);
	kc_test_poll_until(base, &outs.done, 4, 10000);
	ck_assert_int_eq(outs.done, 4);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(outs.errs[i], 0);
		ck_assert_int_ne(outs.ids[i], 0);
		ck_assert_int_eq(outs.ids[i], outs.ids[0]);
	}
	kc_etcd3_free(e);
}
END_TEST

/* The observer sees each keyed request once, with store.go's operation name and its key. */
struct observed {
	int n;
	char ops[8][32];
	char keys[8][64];
	int errs[8];
	double seconds[8];
};

static void
on_observe(void *arg, const char *operation, const char *key, double seconds, int err)
{
	struct observed *ob = arg;

	if (ob->n < 8) {
		snprintf(ob->ops[ob->n], sizeof(ob->ops[0]), "%s", operation);
		snprintf(ob->keys[ob->n], sizeof(ob->keys[0]), "%s", key);
		ob->errs[ob->n] = err;
		ob->seconds[ob->n] = seconds;
	}
	ob->n++;
}

START_TEST(test_observer)
{
	struct kc_etcd3 *e = client();
	struct observed ob = { 0 };
	struct out o;

	kc_etcd3_set_observer(e, on_observe, &ob);
	do_create(e, "/pods/ns/observed", "v", &o);
	do_get(e, "/pods/ns/observed", &o);
	do_create(e, "/pods/ns/observed", "v", &o); /* exists: an error */
	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_lease_grant(e, 60, on_result, &o)); /* not keyed: not observed */
	ck_assert_int_eq(ob.n, 3);
	ck_assert_str_eq(ob.ops[0], "create");
	ck_assert_str_eq(ob.keys[0], "/pods/ns/observed");
	ck_assert_int_eq(ob.errs[0], 0);
	ck_assert_str_eq(ob.ops[1], "get");
	ck_assert_str_eq(ob.ops[2], "create");
	ck_assert_int_eq(ob.errs[2], KC_ERR_ALREADY_EXISTS);
	ck_assert(ob.seconds[0] >= 0 && ob.seconds[0] < 10);
	kc_etcd3_set_observer(e, NULL, NULL);
	do_get(e, "/pods/ns/observed", &o);
	ck_assert_int_eq(ob.n, 3);
	kc_etcd3_free(e);
}
END_TEST

/* A waiter whose ttl the pending grant cannot serve gets its own grant after it. */
START_TEST(test_lease_waiter_with_other_ttl)
{
	struct kc_etcd3 *e = client();
	struct lease_outs outs = { 0 };
	struct lease_slot slots[3];
	const int64_t ttls[3] = { 3600, 100, 102 }; /* 102 fits the 105 s lease of 100 */

	for (int i = 0; i < 3; i++) {
		slots[i] = (struct lease_slot){ &outs, i };
		ck_assert_ptr_nonnull(kc_etcd3_lease_for_ttl(e, ttls[i], on_lease, &slots[i]));
	}
	kc_test_poll_until(base, &outs.done, 3, 10000);
	ck_assert_int_eq(outs.done, 3);
	ck_assert_int_ne(outs.ids[1], outs.ids[0]);
	ck_assert_int_eq(outs.ids[2], outs.ids[1]); /* the second grant is shared in turn */
	kc_etcd3_free(e);
}
END_TEST

/* Canceling the pending grant or a waiter: the others are still answered, the canceled not. */
START_TEST(test_lease_cancel_pending)
{
	struct kc_etcd3 *e = client();
	struct lease_outs outs = { 0 };
	struct lease_slot slots[4];
	struct kc_etcd3_req *reqs[4];

	for (int i = 0; i < 4; i++) {
		slots[i] = (struct lease_slot){ &outs, i };
		reqs[i] = kc_etcd3_lease_for_ttl(e, 3600, on_lease, &slots[i]);
		ck_assert_ptr_nonnull(reqs[i]);
	}
	kc_etcd3_req_cancel(reqs[0]); /* the grant in flight */
	kc_etcd3_req_cancel(reqs[2]); /* a waiter */
	kc_test_poll_until(base, &outs.done, 2, 10000);
	kc_test_poll_until(base, NULL, 0, 100);
	ck_assert_int_eq(outs.done, 2);
	ck_assert_int_eq(outs.ids[0], 0);
	ck_assert_int_eq(outs.ids[2], 0);
	ck_assert_int_ne(outs.ids[1], 0);
	ck_assert_int_eq(outs.ids[3], outs.ids[1]);
	/* freeing with waiters queued answers nobody and leaks nothing */
	memset(&outs, 0, sizeof(outs));
	for (int i = 0; i < 3; i++)
		ck_assert_ptr_nonnull(kc_etcd3_lease_for_ttl(e, 7200, on_lease, &slots[i]));
	kc_etcd3_free(e);
	ck_assert_int_eq(outs.done, 0);
}
END_TEST

/* --- prefix and bad input ------------------------------------------------------------------- */

START_TEST(test_custom_prefix)
{
	const char *servers[] = { NULL, NULL };
	struct kc_etcd3 *e, *root;
	struct out o;

	REQUIRE_ETCD();
	servers[0] = etcd_test->client_url;
	e = client_on(servers, "custom/"); /* made absolute, trailing '/' dropped */
	ck_assert_str_eq(kc_etcd3_prefix(e), "/custom");
	root = client_on(servers, "/");
	ck_assert_str_eq(kc_etcd3_prefix(root), "");
	must_create(e, "/minions/node-1", "{}", NULL);
	do_get(root, "/custom/minions/node-1", &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_str_eq(o.keys[0], "/custom/minions/node-1");
	do_get(e, "/minions/node-1", &o);
	ck_assert_str_eq(o.keys[0], "/minions/node-1");
	kc_etcd3_free(e);
	kc_etcd3_free(root);
}
END_TEST

START_TEST(test_bad_input)
{
	const char *bad_url[] = { "127.0.0.1:2379" };
	const char *bad_tls[] = { "https://127.0.0.1:1" };
	struct kc_etcd3_options opts = { 0 };
	struct kc_etcd3 *e = NULL;
	struct out o;
	char err[256];

	ck_assert_int_eq(kc_etcd3_new(base, &opts, &e, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_str_eq(err, "--etcd-servers must be specified");
	opts.servers = bad_url;
	opts.n_servers = 1;
	ck_assert_int_eq(kc_etcd3_new(base, &opts, &e, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "not an http:// or https:// URL"));
	opts.servers = bad_tls;
	opts.ca_file = "/nonexistent/ca.crt";
	ck_assert_int_eq(kc_etcd3_new(base, &opts, &e, NULL, 0), KC_ERR_INVALID);
	ck_assert_ptr_null(e);

	e = client();
	ck_assert_ptr_null(kc_etcd3_get(e, "no-slash", on_result, &o));
	ck_assert_ptr_null(kc_etcd3_get(e, NULL, on_result, &o));
	ck_assert_ptr_null(kc_etcd3_create(e, "", "v", 1, 0, on_result, &o));
	ck_assert_ptr_null(kc_etcd3_update(e, "/a", "v", 1, -1, 0, on_result, &o));
	ck_assert_ptr_null(kc_etcd3_delete(e, "/a", -2, on_result, &o));
	kc_etcd3_free(e);
	ck_assert_ptr_null(kc_etcd3_free(NULL));
}
END_TEST

static const struct {
	const char *prefix;
	size_t len;
	const char *end;
	size_t end_len;
} prefix_ends[] = {
	{ "/registry/pods/", 15, "/registry/pods0", 15 },
	{ "a", 1, "b", 1 },
	{ "a\xff", 2, "b", 1 },
	{ "\xff\xff", 2, "", 1 },
	{ "", 0, "", 1 },
};

START_TEST(test_prefix_end)
{
	size_t len = 99;
	char *end = kc_etcd3_prefix_end(prefix_ends[_i].prefix, prefix_ends[_i].len, &len);

	ck_assert_ptr_nonnull(end);
	ck_assert_uint_eq(len, prefix_ends[_i].end_len);
	ck_assert(memcmp(end, prefix_ends[_i].end, len) == 0);
	free(end);
}
END_TEST

START_TEST(test_cancel)
{
	struct kc_etcd3 *e = client();
	struct out o = { 0 };
	struct kc_etcd3_req *r;

	r = kc_etcd3_create(e, "/cancel/a", "v", 1, 0, on_result, &o);
	ck_assert_ptr_nonnull(r);
	kc_etcd3_req_cancel(r);
	r = kc_etcd3_get(e, "/cancel/a", on_result, &o);
	ck_assert_ptr_nonnull(r);
	/* free with a request in flight: no callback, no leak */
	kc_etcd3_free(e);
	kc_test_poll_until(base, NULL, 0, 100);
	ck_assert_int_eq(o.calls, 0);
}
END_TEST

/* --- watch --------------------------------------------------------------------------------- */

struct wstate {
	int events;
	int progress;
	int ended;
	int end_err;
	int64_t compact_revision;
	int64_t last_rev;
	char types[64]; /* 'P' or 'D' per event */
	char keys[64][64];
	char values[64][64];
	char prevs[64][64]; /* "" when no prev_kv */
	int64_t revs[64];
	int cancel_after; /* cancel from the callback after this many events (0: never) */
	struct kc_etcd3_watch *w;
};

static void
on_wevents(void *arg, int64_t revision, const struct kc_etcd3_event *ev, size_t n)
{
	struct wstate *s = arg;

	s->last_rev = revision;
	if (n == 0)
		s->progress++;
	for (size_t i = 0; i < n && s->events < 64; i++) {
		int k = s->events++;

		s->types[k] = ev[i].type == KC_ETCD3_PUT ? 'P' : 'D';
		snprintf(s->keys[k], sizeof(s->keys[k]), "%s", ev[i].kv.key);
		snprintf(s->values[k], sizeof(s->values[k]), "%.*s", (int)ev[i].kv.value_len,
			 ev[i].kv.value != NULL ? ev[i].kv.value : "");
		s->prevs[k][0] = '\0';
		if (ev[i].prev_kv != NULL)
			snprintf(s->prevs[k], sizeof(s->prevs[k]), "%.*s",
				 (int)ev[i].prev_kv->value_len, ev[i].prev_kv->value);
		s->revs[k] = ev[i].kv.mod_revision;
	}
	if (s->cancel_after > 0 && s->events >= s->cancel_after && s->w != NULL) {
		kc_etcd3_watch_cancel(s->w);
		s->w = NULL;
	}
}

static void
on_wend(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct wstate *s = arg;

	s->ended++;
	s->end_err = err;
	s->compact_revision = res->compact_revision;
	s->w = NULL;
}

static struct kc_etcd3_watch *
start_watch(struct kc_etcd3 *e, const char *prefix, int64_t from, int prev_kv, struct wstate *s)
{
	struct kc_etcd3_watch_opts wo = { .prefix = prefix,
					  .start_revision = from,
					  .prev_kv = prev_kv };

	s->w = kc_etcd3_watch(e, &wo, on_wevents, on_wend, s);
	ck_assert_ptr_nonnull(s->w);
	return s->w;
}

START_TEST(test_watch_from_revision)
{
	struct kc_etcd3 *e = client();
	struct wstate s = { 0 };
	struct out o;
	int64_t rev1, rev2;

	must_create(e, "/w/ns/a", "a1", &rev1);
	do_update(e, "/w/ns/a", "a2", rev1, &o);
	rev2 = o.revision;
	must_create(e, "/wx/outside", "x", NULL);
	do_delete(e, "/w/ns/a", KC_ETCD3_ANY_REVISION, &o);
	/* history from rev1 on: PUT, PUT with prev, DELETE with prev; not the other prefix */
	start_watch(e, "/w/", rev1, 1, &s);
	kc_test_poll_until(base, &s.events, 3, 5000);
	ck_assert_int_eq(s.events, 3);
	ck_assert_str_eq(s.keys[0], "/w/ns/a");
	ck_assert_int_eq(s.types[0], 'P');
	ck_assert_str_eq(s.values[0], "a1");
	ck_assert_str_eq(s.prevs[0], "");
	ck_assert_int_eq(s.revs[0], rev1);
	ck_assert_int_eq(s.types[1], 'P');
	ck_assert_str_eq(s.values[1], "a2");
	ck_assert_str_eq(s.prevs[1], "a1");
	ck_assert_int_eq(s.revs[1], rev2);
	ck_assert_int_eq(s.types[2], 'D');
	ck_assert_str_eq(s.prevs[2], "a2");
	ck_assert_int_eq(s.revs[2], o.revision); /* a delete carries the delete's revision */
	ck_assert_int_eq(kc_etcd3_watch_revision(s.w), o.revision);

	/* then live events */
	must_create(e, "/w/ns/b", "b1", NULL);
	kc_test_poll_until(base, &s.events, 4, 5000);
	ck_assert_int_eq(s.events, 4);
	ck_assert_str_eq(s.keys[3], "/w/ns/b");
	kc_etcd3_watch_cancel(s.w);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_watch_from_now_and_cancel_in_callback)
{
	struct kc_etcd3 *e = client();
	struct wstate s = { .cancel_after = 1 };
	struct out o;

	must_create(e, "/now/before", "old", NULL);
	start_watch(e, "/now/", 0, 0, &s);
	kc_test_poll_until(base, NULL, 0, 300); /* let the watch be created */
	must_create(e, "/now/after", "new", NULL);
	must_create(e, "/now/after2", "new", NULL);
	kc_test_poll_until(base, &s.events, 1, 5000);
	kc_test_poll_until(base, NULL, 0, 200);
	ck_assert_int_eq(s.events, 1); /* canceled from its callback: nothing more */
	ck_assert_str_eq(s.keys[0], "/now/after");
	ck_assert_int_eq(s.ended, 0);
	do_get(e, "/now/after2", &o);
	ck_assert_int_eq(o.err, 0);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_watch_compacted)
{
	struct kc_etcd3 *e = client();
	struct wstate s = { 0 };
	struct out o;
	int64_t rev1, rev2;

	must_create(e, "/wc/a", "1", &rev1);
	must_create(e, "/wc/b", "1", &rev2);
	memset(&o, 0, sizeof(o));
	wait_out(&o, kc_etcd3_compact(e, rev2, on_result, &o));
	ck_assert_int_eq(o.err, 0);
	start_watch(e, "/wc/", rev1, 0, &s);
	kc_test_poll_until(base, &s.ended, 1, 5000);
	ck_assert_int_eq(s.ended, 1);
	ck_assert_int_eq(s.end_err, KC_ERR_EXPIRED);
	ck_assert_int_eq(s.compact_revision, rev2);
	ck_assert_int_eq(s.events, 0);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_compactor)
{
	struct kc_etcd3 *e = client();
	struct kc_etcd3_range_opts ro = { .prefix = "/cmp/" };
	struct out o;
	int64_t rev1;

	must_create(e, "/cmp/a", "1", &rev1);
	do_update(e, "/cmp/a", "2", rev1, &o);
	ck_assert_int_eq(kc_etcd3_compactor_start(e, 300), 0);
	/* tick 0 records the revision, tick 1 compacts to it */
	kc_test_poll_until(base, NULL, 0, 1000);
	ro.revision = rev1;
	do_range(e, &ro, &o);
	ck_assert_int_eq(o.err, KC_ERR_EXPIRED);
	ck_assert_int_eq(kc_etcd3_compactor_start(e, 0), 0);
	kc_etcd3_free(e);
}
END_TEST

/* --- failover and outages ------------------------------------------------------------------ */

START_TEST(test_failover)
{
	char dead[64];
	const char *servers[] = { dead, NULL, NULL };
	struct kc_etcd3 *e;
	struct wstate s = { 0 };
	struct out o;
	int64_t rev;

	REQUIRE_ETCD();
	snprintf(dead, sizeof(dead), "http://127.0.0.1:%d", etcd_server_free_port());
	servers[1] = etcd_test->client_url;
	e = client_on(servers, NULL);
	ck_assert_uint_eq(kc_etcd3_endpoints(e), 2);
	ck_assert_str_eq(kc_etcd3_active_endpoint(e), dead);
	/* a write that never reached the dead endpoint is safe to send to the next */
	must_create(e, "/fo/a", "1", &rev);
	ck_assert_str_eq(kc_etcd3_active_endpoint(e), etcd_test->client_url);
	ck_assert_int_eq(kc_etcd3_failovers(e), 1);
	do_get(e, "/fo/a", &o);
	ck_assert_int_eq(o.err, 0);
	ck_assert_int_eq(kc_etcd3_failovers(e), 1);
	kc_etcd3_free(e);

	/* a watch opened on the dead endpoint moves over too */
	e = client_on(servers, NULL);
	start_watch(e, "/fo/", rev, 0, &s);
	kc_test_poll_until(base, &s.events, 1, 5000);
	ck_assert_int_eq(s.events, 1);
	ck_assert_str_eq(s.keys[0], "/fo/a");
	ck_assert_int_ge(kc_etcd3_watch_reconnects(s.w), 1);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_all_endpoints_down)
{
	char dead1[64], dead2[64];
	const char *servers[] = { dead1, dead2, NULL };
	struct kc_etcd3 *e;
	struct out o;

	snprintf(dead1, sizeof(dead1), "http://127.0.0.1:%d", etcd_server_free_port());
	snprintf(dead2, sizeof(dead2), "http://127.0.0.1:%d", etcd_server_free_port());
	e = client_on(servers, NULL);
	do_get(e, "/x", &o);
	ck_assert_int_eq(o.err, KC_ERR_UNAVAILABLE);
	ck_assert_msg(strstr(o.message, "connection refused") != NULL, "%s", o.message);
	do_create(e, "/x", "v", &o);
	ck_assert_int_eq(o.err, KC_ERR_UNAVAILABLE);
	kc_etcd3_free(e);
}
END_TEST

START_TEST(test_etcd_restart)
{
	const char *servers[] = { NULL, NULL };
	struct etcd_server *own;
	struct kc_etcd3 *e;
	struct wstate s = { 0 };
	struct out o;
	int64_t rev;

	own = etcd_server_start_in_tmpdir("etcd-restart", 0);
	ck_assert_msg(own != NULL, "%s", etcd_server_missing());
	servers[0] = own->client_url;
	e = client_on(servers, NULL);
	must_create(e, "/rs/a", "1", &rev);
	start_watch(e, "/rs/", rev, 1, &s);
	kc_test_poll_until(base, &s.events, 1, 5000);
	ck_assert_int_eq(s.events, 1);

	etcd_server_crash(own);
	do_get(e, "/rs/a", &o);
	ck_assert_int_eq(o.err, KC_ERR_UNAVAILABLE);
	do_create(e, "/rs/b", "1", &o);
	ck_assert_int_eq(o.err, KC_ERR_UNAVAILABLE);
	kc_test_poll_until(base, NULL, 0, 300); /* the watch keeps retrying meanwhile */
	ck_assert_int_eq(s.ended, 0);

	ck_assert_int_eq(etcd_server_restart(own), 0);
	/* service resumes by itself; writes made before the watch is back are not lost */
	must_create(e, "/rs/b", "2", NULL);
	do_update(e, "/rs/a", "3", KC_ETCD3_ANY_REVISION, &o);
	ck_assert_int_eq(o.err, 0);
	do_delete(e, "/rs/b", KC_ETCD3_ANY_REVISION, &o);
	kc_test_poll_until(base, &s.events, 4, 10000);
	ck_assert_int_eq(s.events, 4);
	ck_assert_str_eq(s.keys[1], "/rs/b");
	ck_assert_int_eq(s.types[1], 'P');
	ck_assert_str_eq(s.keys[2], "/rs/a");
	ck_assert_str_eq(s.prevs[2], "1");
	ck_assert_int_eq(s.types[3], 'D');
	for (int i = 1; i < 4; i++)
		ck_assert_int_gt(s.revs[i], s.revs[i - 1]); /* in order, none repeated */
	ck_assert_int_ge(kc_etcd3_watch_reconnects(s.w), 1);
	ck_assert_int_eq(s.ended, 0);
	kc_etcd3_free(e);
	etcd_server_stop(own);
}
END_TEST

/* --- TLS ------------------------------------------------------------------------------------ */

START_TEST(test_tls_client_certs)
{
	char ca[4200], cert[4200], key[4200];
	const char *servers[] = { NULL, NULL };
	struct kc_etcd3_options opts = { 0 };
	struct kc_etcd3 *e = NULL;
	struct out o;
	char err[256];

	ck_assert_msg(etcd_test_tls != NULL, "%s", etcd_server_missing());
	snprintf(ca, sizeof(ca), "%s/ca.crt", etcd_test_tls->pki);
	snprintf(cert, sizeof(cert), "%s/client.crt", etcd_test_tls->pki);
	snprintf(key, sizeof(key), "%s/client.key", etcd_test_tls->pki);
	servers[0] = etcd_test_tls->client_url;
	opts.servers = servers;
	opts.n_servers = 1;
	opts.ca_file = ca;
	opts.cert_file = cert;
	opts.key_file = key;
	ck_assert_int_eq(kc_etcd3_new(base, &opts, &e, err, sizeof(err)), 0);
	must_create(e, "/tls/a", "secure", NULL);
	do_get(e, "/tls/a", &o);
	ck_assert_str_eq(o.value, "secure");
	kc_etcd3_free(e);

	/* without the client certificate etcd refuses: an error, not a crash */
	opts.cert_file = opts.key_file = NULL;
	ck_assert_int_eq(kc_etcd3_new(base, &opts, &e, err, sizeof(err)), 0);
	do_get(e, "/tls/a", &o);
	ck_assert_int_lt(o.err, 0);
	kc_etcd3_free(e);
}
END_TEST

static Suite *
etcd3_suite(void)
{
	Suite *s = suite_create("etcd3");
	TCase *tc;

	tc = tcase_create("pure");
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_loop_test(tc, test_prefix_end, 0, (int)KC_ARRAY_SIZE(prefix_ends));
	tcase_add_test(tc, test_all_endpoints_down);
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_setup, etcd_test_teardown);
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_test(tc, test_create_get);
	tcase_add_test(tc, test_create_exists);
	tcase_add_test(tc, test_update_preconditions);
	tcase_add_test(tc, test_delete_preconditions);
	tcase_add_test(tc, test_range_paging);
	tcase_add_test(tc, test_exact_and_compacted);
	tcase_add_test(tc, test_current_revision_and_stat);
	tcase_add_test(tc, test_leases);
	tcase_add_test(tc, test_lease_concurrent_share_one_grant);
	tcase_add_test(tc, test_lease_waiter_with_other_ttl);
	tcase_add_test(tc, test_lease_cancel_pending);
	tcase_add_test(tc, test_observer);
	tcase_add_test(tc, test_custom_prefix);
	tcase_add_test(tc, test_bad_input);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_watch_from_revision);
	tcase_add_test(tc, test_watch_from_now_and_cancel_in_callback);
	tcase_add_test(tc, test_watch_compacted);
	tcase_add_test(tc, test_compactor);
	tcase_add_test(tc, test_failover);
	tcase_add_test(tc, test_etcd_restart);
	suite_add_tcase(s, tc);

	tc = tcase_create("etcd-tls");
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, etcd_test_tls_setup, etcd_test_tls_teardown);
	tcase_add_checked_fixture(tc, loop_setup, loop_teardown);
	tcase_add_test(tc, test_tls_client_certs);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(etcd3_suite)
