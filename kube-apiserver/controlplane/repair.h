/*
 * repair.h - the repair of the ClusterIP and NodePort ranges from the Services in etcd
 * (upstream: pkg/registry/core/service/ipallocator/controller/repair.go and
 * portallocator/controller/repair.go, run by pkg/controlplane/controller/defaultservicecidr
 * ... RunUntil at start and every 3 minutes).
 *
 * A round, for each range: read the stored RangeAllocation (its mod_revision), list every
 * Service from etcd, rebuild the bitmap from their ClusterIPs (node ports and health check
 * node ports), and write it with a compare on that mod_revision, so an allocation made in
 * between makes the round start over.  Values a Service holds but the bitmap lacks are set
 * ("... was not allocated; repairing"); values outside the range are reported.  Values set in
 * the bitmap with no Service are leaks, kept for 3 rounds (numRepairsBeforeLeakCleanup: a
 * create may be between its allocation and its write) and released at the fourth.
 */
#ifndef KUBE_APISERVER_CONTROLPLANE_REPAIR_H
#define KUBE_APISERVER_CONTROLPLANE_REPAIR_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "kube-apiserver/registry/range_allocator.h"

struct event_base;
struct kc_etcd3;
struct range_store;
struct service_alloc;
struct service_repair;

#define SERVICE_REPAIR_INTERVAL_MS    (3 * 60 * 1000)
#define SERVICE_REPAIR_LEAK_ROUNDS    3

/* interval_ms 0: 3 min.  The first round runs at once.  NULL when out of memory. */
struct service_repair *service_repair_start(struct event_base *base, struct kc_etcd3 *etcd,
					    struct service_alloc *sa, long interval_ms);
/* NULL-safe; pending reads and writes are abandoned (their callbacks free nothing). */
struct service_repair *service_repair_free(struct service_repair *rp);
/* Rounds that finished for both ranges (tests). */
long service_repair_rounds(const struct service_repair *rp);

/* --- the pure part (tests) ------------------------------------------------------------------ */

/* Leak counts across rounds: value -> rounds seen leaked. */
struct repair_leaks {
	uint32_t *values;
	int *rounds;
	size_t n;
};
void repair_leaks_release(struct repair_leaks *l);

/*
 * Rebuilds a range's bitmap: `in_use` values (n of them) from the Services, `stored` the
 * bitmap read; leaks counted in l (values leaked for more than SERVICE_REPAIR_LEAK_ROUNDS
 * rounds are dropped, the others kept).  *ret (initialised by the caller to the range's
 * size and offset) gets the result.  Returns the number of changes made to stored (values
 * repaired + leaks dropped), or KC_ERR_NOMEM.
 */
int repair_rebuild(const struct svc_range *range, const struct range_bitmap *stored,
		   const uint32_t *in_use, size_t n, struct repair_leaks *l,
		   struct range_bitmap *ret);

#endif
