/*
 * repair.c - the repair of the ClusterIP and NodePort ranges from the Services in etcd
 * (upstream: pkg/registry/core/service/ipallocator/controller/repair.go,
 * portallocator/controller/repair.go).  See repair.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "kube-apiserver/controlplane/repair.h"
#include "kube-apiserver/registry/range_store.h"
#include "kube-apiserver/registry/service_alloc.h"
#include "kube-apiserver/storage/etcd3.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"

/* Where Services live under the etcd prefix (the store's "/services/specs"). */
#define SERVICES_PREFIX "/services/specs/"
/* A round whose write lost a race starts over this soon. */
#define RETRY_MS 1000

void
repair_leaks_release(struct repair_leaks *l)
{
	free(l->values);
	free(l->rounds);
	memset(l, 0, sizeof(*l));
}

static int
leak_index(const struct repair_leaks *l, uint32_t v)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->values[i] == v)
			return (int)i;
	return -1;
}

/* The leaks of this round replace the last round's: a value no longer leaked starts over. */
static int
count_leak(struct repair_leaks *next, const struct repair_leaks *prev, uint32_t v)
{
	int i = leak_index(prev, v), rounds = (i >= 0 ? prev->rounds[i] : 0) + 1;
	uint32_t *nv = realloc(next->values, (next->n + 1) * sizeof(*nv));
	int *nr;

	if (nv == NULL)
		return KC_ERR_NOMEM;
	next->values = nv;
	nr = realloc(next->rounds, (next->n + 1) * sizeof(*nr));
	if (nr == NULL)
		return KC_ERR_NOMEM;
	next->rounds = nr;
	next->values[next->n] = v;
	next->rounds[next->n++] = rounds;
	return rounds;
}

int
repair_rebuild(const struct svc_range *range, const struct range_bitmap *stored,
	       const uint32_t *in_use, size_t n, struct repair_leaks *l, struct range_bitmap *ret)
{
	struct repair_leaks next = { 0 };
	char buf[32];
	int changes = 0, off;

	range_bitmap_restore(ret, NULL, 0);
	for (size_t i = 0; i < n; i++) {
		off = svc_range_offset(range, in_use[i]);
		if (off < 0)
			continue;
		if (range_bitmap_allocate(ret, off) == 1 && !range_bitmap_has(stored, off))
			changes++;
	}
	for (off = 0; off < stored->max; off++) {
		int rounds;

		if (!range_bitmap_has(stored, off) || range_bitmap_has(ret, off))
			continue;
		rounds = count_leak(&next, l, svc_range_value(range, off));
		if (rounds < 0) {
			repair_leaks_release(&next);
			return KC_ERR_NOMEM;
		}
		svc_range_format(range, svc_range_value(range, off), buf, sizeof(buf));
		if (rounds <= SERVICE_REPAIR_LEAK_ROUNDS) {
			/* a create may still be on its way: keep it a few rounds */
			kc_info("\"the %s %s may have leaked: flagging for later clean up\"",
				range->kind == RANGE_IP ? "ClusterIP" : "node port", buf);
			range_bitmap_allocate(ret, off);
		} else {
			kc_warning("\"the %s %s appears to have leaked: cleaning up\"",
				   range->kind == RANGE_IP ? "ClusterIP" : "node port", buf);
			changes++;
		}
	}
	repair_leaks_release(l);
	*l = next;
	return changes;
}

/* --- the loop --------------------------------------------------------------------------------- */

struct service_repair {
	struct event *timer;
	struct kc_etcd3 *etcd;
	struct service_alloc *sa;
	long interval_ms;
	int which; /* 0 IPs, 1 node ports */
	struct range_bitmap stored;
	int64_t mod_rev;
	struct range_req *rreq;
	struct kc_etcd3_req *ereq;
	struct repair_leaks leaks[2];
	long rounds;
};

static struct range_store *
current_store(struct service_repair *rp)
{
	return rp->which == 0 ? service_alloc_ips(rp->sa) : service_alloc_ports(rp->sa);
}

static void
arm(struct service_repair *rp, long ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	event_add(rp->timer, &tv);
}

static void
range_done(struct service_repair *rp, int ok)
{
	range_bitmap_release_all(&rp->stored);
	if (!ok) {
		arm(rp, RETRY_MS);
		return;
	}
	if (rp->which == 0) {
		rp->which = 1;
		arm(rp, 0);
		return;
	}
	rp->which = 0;
	rp->rounds++;
	arm(rp, rp->interval_ms);
}

static void
on_replaced(void *arg, int err, const struct range_item *items, size_t n)
{
	struct service_repair *rp = arg;

	(void)items;
	(void)n;
	rp->rreq = NULL;
	if (err < 0)
		kc_warning("\"unable to refresh the service %s allocation\" err=\"%s\"",
			   rp->which == 0 ? "IP" : "port", kc_strerror(err));
	range_done(rp, err >= 0);
}

/* The values of one Service for the range, with a report of those not in the stored state. */
static int
collect(struct service_repair *rp, const json_t *svc, uint32_t **v, size_t *n, size_t *cap)
{
	const struct svc_range *range = range_store_range(current_store(rp));
	struct service_values sv;
	uint32_t one[KC_ARRAY_SIZE(sv.ports) + 1];
	size_t k = 0;
	char buf[32];

	service_alloc_values_of(svc, &sv);
	if (rp->which == 0 && sv.ip != 0)
		one[k++] = sv.ip;
	for (size_t i = 0; rp->which == 1 && i < sv.n_ports; i++)
		one[k++] = sv.ports[i];
	for (size_t i = 0; i < k; i++) {
		int off = svc_range_offset(range, one[i]);

		svc_range_format(range, one[i], buf, sizeof(buf));
		if (off < 0)
			kc_warning("\"the %s %s for Service %s/%s is not within the %s %s; please "
				   "recreate\"",
				   rp->which == 0 ? "ClusterIP" : "node port", buf,
				   kc_meta_namespace(svc) ?: "", kc_meta_name(svc) ?: "",
				   rp->which == 0 ? "service CIDR" : "port range", range->spec);
		else if (!range_bitmap_has(&rp->stored, off))
			kc_warning("\"the %s %s for Service %s/%s was not allocated; repairing\"",
				   rp->which == 0 ? "ClusterIP" : "node port", buf,
				   kc_meta_namespace(svc) ?: "", kc_meta_name(svc) ?: "");
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 64;
			uint32_t *nv = realloc(*v, nc * sizeof(*nv));

			if (nv == NULL)
				return KC_ERR_NOMEM;
			*v = nv;
			*cap = nc;
		}
		(*v)[(*n)++] = one[i];
	}
	return 0;
}

static void
on_services(void *arg, int err, const struct kc_etcd3_result *res)
{
	struct service_repair *rp = arg;
	const struct svc_range *range = range_store_range(current_store(rp));
	struct range_bitmap rebuilt;
	uint32_t *values = NULL;
	size_t n = 0, cap = 0;
	int changes = -1;

	rp->ereq = NULL;
	if (err < 0) {
		kc_warning("\"unable to refresh the service allocations\" err=\"%s\"",
			   kc_strerror(err));
		range_done(rp, 0);
		return;
	}
	for (size_t i = 0; i < res->n_kvs; i++) {
		json_t *svc = json_loadb(res->kvs[i].value, res->kvs[i].value_len, 0, NULL);
		int r = svc != NULL ? collect(rp, svc, &values, &n, &cap) : 0;

		json_decref(svc);
		if (r < 0)
			goto out;
	}
	if (range_bitmap_init(&rebuilt, range->bm.max, range->bm.offset) < 0)
		goto out;
	changes = repair_rebuild(range, &rp->stored, values, n, &rp->leaks[rp->which], &rebuilt);
	if (changes > 0 || (changes == 0 && rp->mod_rev == 0))
		rp->rreq = range_store_replace(current_store(rp), &rebuilt, rp->mod_rev,
					       on_replaced, rp);
	range_bitmap_release_all(&rebuilt);
out:
	free(values);
	if (changes < 0)
		range_done(rp, 0);
	else if (rp->rreq == NULL)
		range_done(rp, changes == 0 && rp->mod_rev != 0);
}

static void
on_read(void *arg, int err, const struct range_bitmap *state, int64_t mod_rev)
{
	struct service_repair *rp = arg;
	struct kc_etcd3_range_opts ro = { .prefix = SERVICES_PREFIX };

	rp->rreq = NULL;
	if (err < 0 || range_bitmap_copy(&rp->stored, state) < 0) {
		kc_warning("\"unable to refresh the service %s allocation\" err=\"%s\"",
			   rp->which == 0 ? "IP" : "port", kc_strerror(err < 0 ? err : KC_ERR_NOMEM));
		range_done(rp, 0);
		return;
	}
	rp->mod_rev = mod_rev;
	/* after the snapshot: an allocation made since changes its revision (the write fails) */
	rp->ereq = kc_etcd3_range(rp->etcd, &ro, on_services, rp);
	if (rp->ereq == NULL)
		range_done(rp, 0);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct service_repair *rp = arg;

	(void)fd;
	(void)what;
	rp->rreq = range_store_read(current_store(rp), on_read, rp);
	if (rp->rreq == NULL)
		arm(rp, RETRY_MS);
}

struct service_repair *
service_repair_start(struct event_base *base, struct kc_etcd3 *etcd, struct service_alloc *sa,
		     long interval_ms)
{
	struct service_repair *rp = calloc(1, sizeof(*rp));

	if (rp == NULL)
		return NULL;
	rp->etcd = etcd;
	rp->sa = sa;
	rp->interval_ms = interval_ms > 0 ? interval_ms : SERVICE_REPAIR_INTERVAL_MS;
	rp->timer = event_new(base, -1, 0, on_timer, rp);
	if (rp->timer == NULL) {
		free(rp);
		return NULL;
	}
	arm(rp, 0);
	return rp;
}

long
service_repair_rounds(const struct service_repair *rp)
{
	return rp->rounds;
}

struct service_repair *
service_repair_free(struct service_repair *rp)
{
	if (rp == NULL)
		return NULL;
	event_free(rp->timer);
	range_req_cancel(rp->rreq);
	kc_etcd3_req_cancel(rp->ereq);
	range_bitmap_release_all(&rp->stored);
	repair_leaks_release(&rp->leaks[0]);
	repair_leaks_release(&rp->leaks[1]);
	free(rp);
	return NULL;
}
