/*
 * proxier.h - the nftables proxier's rule computation and incremental sync, free of any
 * netlink code (upstream: pkg/proxy/nftables/proxier.go syncProxyRules(), setupNFTables(),
 * writeServiceToEndpointRules(), CleanupLeftovers()).
 *
 * The proxier turns Services and EndpointSlices (two kc_stores, the informers' or a test's)
 * into a transaction: a list of operations on the table `<family> kube-proxy` in knftables'
 * terms (add/flush/delete of tables, chains, rules as nft text, sets, maps and elements).  It
 * remembers what each service programmed, so a sync for a few changed services emits only
 * their differences: rewritten chains, added and deleted map elements.  A full sync (the first,
 * every syncPeriod, after a failure) rewrites every chain and reconciles map elements, chains
 * and affinity sets with what the kernel holds (through the backend's list calls), so a restart
 * never empties the table: one atomic transaction replaces the old state.
 *
 * Chain names are upstream's: "service-<HASH>-<ns>/<name>/<proto>/<port name>",
 * "external-...", "local-...", "firewall-...", "endpoint-<HASH>-<ns>/<name>/<proto>/<port
 * name>__<ip>/<port>", affinity sets "affinity-<HASH>-...", HASH being the first 8 characters of
 * base32(sha256(name)).  Chains of removed services are flushed at once and deleted by a later
 * sync at least one second on (kernels before 6.2 keep a chain referenced for a moment after its
 * map element goes).
 */
#ifndef KUBE_PROXY_PROXIER_H
#define KUBE_PROXY_PROXIER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "libkcommon/strv.h"

struct kc_store;
struct kc_strmap;

/* ---- transactions ---- */

enum kp_verb {
	KP_ADD,
	KP_FLUSH,
	KP_DELETE
};
enum kp_kind {
	KP_TABLE,
	KP_CHAIN,
	KP_RULE,
	KP_SET,
	KP_MAP,
	KP_ELEMENT
};

#define KP_SET_FLAG_DYNAMIC 0x1
#define KP_SET_FLAG_TIMEOUT 0x2

/* One operation (knftables' tx.Add/Flush/Delete of one object). */
struct kp_op {
	enum kp_verb verb;
	enum kp_kind kind;
	char *name;     /* chain, set or map; a rule's chain; an element's set or map */
	char *text;     /* rule text; element key ("10.96.0.1 . tcp . 80"); set/map type */
	char *value;    /* element value ("goto service-..."); base chain "type hook priority" */
	char *comment;  /* table, chain, set, map or element comment; NULL for none */
	unsigned flags; /* sets: KP_SET_FLAG_* */
	int64_t timeout_s;
};

struct kp_tx {
	struct kp_op *ops;
	size_t n, cap;
};

void kp_tx_release(struct kp_tx *tx);
/* Appends the transaction as `nft -f` input for table `<family> kube-proxy`; KC_ERR_NOMEM. */
struct kc_strbuf;
int kp_tx_render(const struct kp_tx *tx, const char *family, struct kc_strbuf *out);
/* How many ops of (verb, kind) the transaction holds; for tests and metrics. */
size_t kp_tx_count(const struct kp_tx *tx, enum kp_verb verb, enum kp_kind kind);
/* The index of the first op matching (verb, kind, name, text) (text NULL = any), or -1. */
long kp_tx_find(const struct kp_tx *tx, enum kp_verb verb, enum kp_kind kind, const char *name,
		const char *text);

/* What the proxier needs from the kernel side (nftables.c implements it over netlink). */
struct kp_backend {
	/* Names of our table's "chains" or "sets" (maps count as sets); KC_ERR_NOT_FOUND when the
	 * table does not exist. */
	int (*list)(void *arg, const char *what, struct kc_strv *ret);
	/* Keys and values (parallel) of one map's elements, formatted as kp_op keys/values;
	 * KC_ERR_NOT_FOUND without the table, KC_ERR_UNSUPPORTED (then maps are flushed and
	 * refilled on full syncs instead). */
	int (*list_elements)(void *arg, const char *map, struct kc_strv *keys,
			     struct kc_strv *values);
	/* Applies tx atomically (one netlink batch); < 0 on failure, nothing applied. */
	int (*run)(void *arg, const struct kp_tx *tx, char *err, size_t errlen);
	void *arg;
};

/* ---- the proxier ---- */

struct kp_proxier_config {
	int family;           /* 4 or 6 */
	const char *hostname; /* the node name (endpoint locality) */
	const char *node_ip;  /* primary node address; may be NULL */
	int masquerade_all;
	int masquerade_bit; /* 0..31, default 14 */
	/* Local traffic detection (upstream LocalTrafficDetector): "ClusterCIDR" with
	 * local_cidr, "BridgeInterface" / "InterfaceNamePrefix" with local_iface; NULL = none. */
	const char *detect_local_mode;
	const char *local_cidr;
	const char *local_iface;
	/* NodePort addresses: NULL/empty = every local address (fib daddr type local). */
	const struct kc_strv *nodeport_ips;
};

/* A UDP conntrack clean-up the caller should perform after a successful sync. */
struct kp_conntrack_flush {
	char *orig_dst;  /* service IP, or NULL for a node port */
	int orig_port;   /* service port or node port */
	char *reply_src; /* endpoint IP, or NULL for "every entry to orig_dst:orig_port" */
};

/* A healthCheckNodePort and its service's local ready endpoints (upstream healthcheck). */
struct kp_health_port {
	int port;
	char *service; /* "ns/name" */
	int local_endpoints;
};

struct kp_sync_result {
	int full;
	size_t services_synced;
	struct kp_conntrack_flush *flushes;
	size_t n_flushes;
	struct kp_health_port *health; /* every healthCheckNodePort after the sync */
	size_t n_health;
	size_t no_local_internal, no_local_external;
};

void kp_sync_result_release(struct kp_sync_result *r);

struct kp_proxier;

/* NULL on bad config or out of memory.  cfg's strings are copied. */
struct kp_proxier *kp_proxier_new(const struct kp_proxier_config *cfg);
struct kp_proxier *kp_proxier_free(struct kp_proxier *p);

/* The services and slices stores (borrowed).  slices must carry the index KP_SLICE_INDEX
 * (kp_slice_index_fn). */
#define KP_SLICE_INDEX "service"
int kp_slice_index_fn(void *arg, const json_t *obj, struct kc_strv *ret_values);
void kp_proxier_set_stores(struct kp_proxier *p, struct kc_store *services,
			   struct kc_store *slices);

/* The change tracker the event handlers feed (borrowed from the proxier). */
struct kp_tracker *kp_proxier_tracker(struct kp_proxier *p);
/* Asks the next sync to be full. */
void kp_proxier_need_full_sync(struct kp_proxier *p);
int kp_proxier_needs_full_sync(const struct kp_proxier *p);
/* Whether there is anything to sync: pending changes, a full sync due, stale chains. */
int kp_proxier_has_work(const struct kp_proxier *p, int64_t now_ns);
/* The earliest time stale chains can be deleted (0 = none pending). */
int64_t kp_proxier_stale_due(const struct kp_proxier *p);

/*
 * Builds the sync transaction (full when one is due) into tx, without applying it.  now_ns
 * stamps chains that become stale.  KC_ERR_NOMEM, or the backend's list error.
 */
int kp_proxier_build(struct kp_proxier *p, const struct kp_backend *be, int64_t now_ns,
		     struct kp_tx *tx);
/*
 * One whole sync: builds, runs the transaction through be, and on success commits the new state
 * and fills res (may be NULL).  On failure nothing is committed and the next sync is full.
 */
int kp_proxier_sync(struct kp_proxier *p, const struct kp_backend *be, int64_t now_ns,
		    struct kp_sync_result *res, char *err, size_t errlen);

/* What is programmed now (for metrics): chains, rules and map elements of our services. */
void kp_proxier_counts(const struct kp_proxier *p, size_t *chains, size_t *rules, size_t *elements);

/* A transaction deleting the whole table (upstream CleanupLeftovers). */
int kp_cleanup_tx(struct kp_tx *tx);

/* upstream hashAndTruncate(): "<8 base32 chars of sha256(name)>-<name>" cut to 240 bytes. */
char *kp_hash_and_truncate(const char *name);

#endif
