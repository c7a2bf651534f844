/*
 * knftables.h - an nftables transaction API programmed over netlink (upstream: the Go module
 * sigs.k8s.io/knftables, used by pkg/proxy/nftables/proxier.go).
 *
 * The model is knftables': a transaction (struct knft_tx) is an ordered list of operations
 * (add, create, flush, delete, insert, replace) on objects of ONE table (table, chain, set, map,
 * rule, element).  Rules are nft-syntax text ("ip daddr . meta l4proto . th dport vmap
 * @service-ips").  Unlike knftables, which runs `nft -f`, knft_run() compiles every rule into
 * libnftnl expressions and sends the whole transaction as one netlink batch
 * (NFNL_MSG_BATCH_BEGIN .. END): the kernel applies all of it or nothing.  knft_tx_render()
 * writes the same transaction as the `nft -f` script knftables would have fed nft, for tests,
 * debugging (--v=9 dumps) and the benchmark against `nft -f`.
 *
 * Ownership: every string passed to knft_tx_*() is copied; the caller keeps its own.  The
 * transaction owns its operations until knft_tx_free().  Structs passed in (struct knft_chain,
 * ...) are only read during the call.
 *
 * Errors: functions return >= 0 on success and a negative KC_ERR_* on failure (libkcommon
 * errors.h).  Building a transaction only checks the arguments' shape (a missing name, a map
 * without a value type); rule text is compiled by knft_run() and knft_check(), whose message
 * names the failing operation and the offending token, e.g.
 *	add rule ip kube-proxy services ip daddr frob: unknown token "frob"
 * Kernel refusals come back with the failing object and the errno text, e.g.
 *	add chain ip kube-proxy foo: No such file or directory
 * and map to KC_ERR_NOT_FOUND (ENOENT, knftables.IsNotFound), KC_ERR_ALREADY_EXISTS (EEXIST,
 * knftables.IsAlreadyExists), KC_ERR_INVALID (rule syntax, EINVAL, EOPNOTSUPP) or KC_ERR_SYSTEM
 * (errno set).  The first failure of a knft_tx_*() builder call is also remembered in the
 * transaction: knft_run() refuses such a transaction with that message, so a caller may build a
 * long transaction and check once.
 */
#ifndef KUBE_PROXY_NFTABLES_KNFTABLES_H
#define KUBE_PROXY_NFTABLES_KNFTABLES_H

#include <stddef.h>
#include <stdint.h>

#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"

enum knft_family {
	KNFT_IP = 0, /* "ip" (NFPROTO_IPV4) */
	KNFT_IP6,    /* "ip6" (NFPROTO_IPV6) */
};

/* "ip" or "ip6". */
const char *knft_family_name(enum knft_family family);

enum knft_verb {
	KNFT_ADD = 0, /* create, or no-op when it exists (sets/maps/chains keep their content) */
	KNFT_CREATE,  /* create; EEXIST (KC_ERR_ALREADY_EXISTS) when it exists */
	KNFT_FLUSH,   /* table/chain: remove all rules; set/map: remove all elements */
	KNFT_DELETE,  /* delete (chains, sets, maps by name or handle; rules by handle) */
	KNFT_INSERT,  /* rules only: prepend to the chain, or before rule `handle` when set */
	KNFT_REPLACE, /* rules only: replace rule `handle` */
};

/* Named base-chain priorities (knftables.DNATPriority...): pass the string in struct knft_chain
 * priority, optionally with an offset ("dstnat + 10"), or a number ("-110"). */
#define KNFT_PRIO_RAW "raw"           /* -300 */
#define KNFT_PRIO_MANGLE "mangle"     /* -150 */
#define KNFT_PRIO_DSTNAT "dstnat"     /* -100 */
#define KNFT_PRIO_FILTER "filter"     /* 0 */
#define KNFT_PRIO_SECURITY "security" /* 50 */
#define KNFT_PRIO_SRCNAT "srcnat"     /* 100 */

/*
 * A chain.  Base chains have type ("nat", "filter" or "route"), hook ("prerouting", "input",
 * "forward", "output", "postrouting") and priority all set; regular chains have none of them.
 * handle (> 0) is only used by KNFT_DELETE, instead of the name.
 */
struct knft_chain {
	const char *name;
	const char *type;
	const char *hook;
	const char *priority;
	const char *comment; /* NULL for none */
	uint64_t handle;
};

enum knft_set_flags {
	KNFT_SET_CONSTANT = 1 << 0,
	KNFT_SET_INTERVAL = 1 << 1,
	KNFT_SET_TIMEOUT = 1 << 2,
	KNFT_SET_DYNAMIC = 1 << 3,
};

/*
 * A set or a map.  type is the key type, a concatenation of nft type names
 * ("ipv4_addr . inet_proto . inet_service"; also ipv6_addr, ether_addr, ifname, mark, integer,
 * verdict).  value_type is the data type of a map ("verdict", "ipv4_addr . inet_service") and
 * must be NULL for a set.  timeout_sec > 0 gives elements a default timeout (session-affinity
 * sets: flags KNFT_SET_DYNAMIC | KNFT_SET_TIMEOUT, timeout 10800).  handle: as in knft_chain.
 */
struct knft_set {
	const char *name;
	const char *type;
	const char *value_type;
	unsigned int flags; /* enum knft_set_flags */
	uint32_t timeout_sec;
	const char *comment;
	uint64_t handle;
};

/*
 * A rule in `chain`: text is nft rule syntax without the "add rule <family> <table> <chain>"
 * prefix.  handle names the rule for KNFT_DELETE / KNFT_REPLACE, and the position for
 * KNFT_INSERT (insert before it) and KNFT_ADD (add after it); 0 means none.
 */
struct knft_rule {
	const char *chain;
	const char *text;
	const char *comment;
	uint64_t handle;
};

/*
 * An element of set (or map) `set`.  key is the element's key in nft syntax, concatenations
 * joined with " . " ("10.96.0.10 . tcp . 80"); value is the map value ("goto service-x",
 * "10.0.0.5 . 8080") and NULL for sets.  An interval set takes "10.0.0.0/8" keys.
 */
struct knft_element {
	const char *set;
	const char *key;
	const char *value;
	const char *comment;
};

struct knft_tx;

/* A new empty transaction for table `table` of `family` (strings copied); NULL when out of
 * memory.  knft_tx_free() frees it and returns NULL; NULL is accepted. */
struct knft_tx *knft_tx_new(enum knft_family family, const char *table);
struct knft_tx *knft_tx_free(struct knft_tx *tx);

/* Operations, appended in order.  Return 0, KC_ERR_INVALID (bad arguments: verb not valid for
 * the object, missing name/type) or KC_ERR_NOMEM; the first failure is also kept in the
 * transaction (knft_tx_error()).  For the table, comment is used by add/create only. */
int knft_tx_table(struct knft_tx *tx, enum knft_verb verb, const char *comment);
int knft_tx_chain(struct knft_tx *tx, enum knft_verb verb, const struct knft_chain *chain);
int knft_tx_set(struct knft_tx *tx, enum knft_verb verb, const struct knft_set *set);
int knft_tx_map(struct knft_tx *tx, enum knft_verb verb, const struct knft_set *map);
int knft_tx_rule(struct knft_tx *tx, enum knft_verb verb, const struct knft_rule *rule);
int knft_tx_element(struct knft_tx *tx, enum knft_verb verb, const struct knft_element *elem);

/* Shorthands: add a rule whose text is printf-formatted (knftables.Concat's role), and add a
 * regular chain / flush a chain by name. */
int knft_tx_add_rulef(struct knft_tx *tx, const char *chain, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int knft_tx_add_chain(struct knft_tx *tx, const char *name);
int knft_tx_flush_chain(struct knft_tx *tx, const char *name);

/* Number of operations so far (each element counts once). */
size_t knft_tx_len(const struct knft_tx *tx);

/* The first builder failure's message, or NULL when there was none (borrowed). */
const char *knft_tx_error(const struct knft_tx *tx);

/*
 * Appends the `nft -f` script of tx to out, one line per operation, as knftables writes it:
 *	add table ip kube-proxy { comment "rules for kube-proxy" ; }
 *	add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
 *	add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
 *	add element ip kube-proxy service-ips { 10.96.0.10 . tcp . 80 : goto service-x }
 * Priorities are written as numbers, as knftables does (nft 1.0.x refuses "dstnat" in an output
 * chain); set flags in the order constant, dynamic, interval, timeout.  Returns 0 or
 * KC_ERR_NOMEM.
 */
int knft_tx_render(const struct knft_tx *tx, struct kc_strbuf *out);

/*
 * A NETLINK_NETFILTER socket with a cache of compiled rules.  knft_open() returns NULL with
 * errno set and a message in err on failure (EPERM without CAP_NET_ADMIN).  knft_close() closes
 * and frees it, returns NULL; NULL is accepted.  One struct knft is used by one thread.
 */
struct knft;
struct knft *knft_open(char *err, size_t errlen);
struct knft *knft_close(struct knft *nft);

/*
 * Compiles tx and sends it as one batch; waits for the kernel's verdict.  On any failure
 * nothing of tx is applied (the kernel aborts the batch), and err holds the first failure as
 * "<rendered operation>: <reason>".  Returns 0 or a negative KC_ERR_* (see the top comment).
 * An empty transaction succeeds without talking to the kernel.
 */
int knft_run(struct knft *nft, const struct knft_tx *tx, char *err, size_t errlen);

/* As knft_run(), but the batch is sent without its END message, so the kernel validates every
 * operation and then discards them all (`nft --check`). */
int knft_check(struct knft *nft, const struct knft_tx *tx, char *err, size_t errlen);

/* Deletes the whole table (kube-proxy --cleanup).  KC_ERR_NOT_FOUND when it does not exist. */
int knft_delete_table(struct knft *nft, enum knft_family family, const char *table,
		      char *err, size_t errlen);

enum knft_kind {
	KNFT_KIND_CHAIN = 0,
	KNFT_KIND_SET,
	KNFT_KIND_MAP,
};

/* Appends the names of the table's chains, sets or maps to names (knftables' List("chains")),
 * in kernel order.  KC_ERR_NOT_FOUND when the table does not exist. */
int knft_list(struct knft *nft, enum knft_family family, const char *table,
	      enum knft_kind kind, struct kc_strv *names, char *err, size_t errlen);

/*
 * The elements of set or map `set` (knftables' ListElements), keys and values rendered in nft
 * syntax as in struct knft_element ("10.96.0.10 . tcp . 80", "goto service-x").
 * *ret_elems is a malloc()ed array of *ret_n elements that knft_elements_free() frees
 * (with all their strings); it is NULL when the set is empty.
 */
int knft_list_elements(struct knft *nft, enum knft_family family, const char *table,
		       const char *set, struct knft_element **ret_elems, size_t *ret_n,
		       char *err, size_t errlen);
struct knft_element *knft_elements_free(struct knft_element *elems, size_t n);

/*
 * Compiles one rule's text to libnftnl expressions without sending it, and appends a dump of
 * them to out (one expression per line, libnftnl's nftnl_expr_snprintf format), for tests and
 * debugging.  Returns 0, KC_ERR_INVALID with a message naming the token, or KC_ERR_NOMEM.
 */
int knft_rule_dump(enum knft_family family, const char *table, const char *text,
		   struct kc_strbuf *out, char *err, size_t errlen);

#endif
