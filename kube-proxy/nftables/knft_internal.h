/*
 * knft_internal.h - what knftables.c (the transaction model and its `nft -f` rendering),
 * knft_compile.c (rule text to libnftnl expressions) and knft_netlink.c (batches, listing)
 * share.  Not part of the public API: kube-proxy code includes knftables.h only.
 */
#ifndef KUBE_PROXY_NFTABLES_KNFT_INTERNAL_H
#define KUBE_PROXY_NFTABLES_KNFT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "kube-proxy/nftables/knftables.h"

#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

/* libnftnl's *_free() do not accept NULL: these do. */
#define KNFT_NULL_SAFE_FREE(kind)                                          \
	static inline void knft_nftnl_##kind##_free(struct nftnl_##kind *o) \
	{                                                                   \
		if (o)                                                      \
			nftnl_##kind##_free(o);                             \
	}
KNFT_NULL_SAFE_FREE(set)
KNFT_NULL_SAFE_FREE(rule)
KNFT_NULL_SAFE_FREE(chain)
KNFT_NULL_SAFE_FREE(table)
KNFT_NULL_SAFE_FREE(set_elem)

enum knft_obj {
	KNFT_OBJ_TABLE = 0,
	KNFT_OBJ_CHAIN,
	KNFT_OBJ_SET,
	KNFT_OBJ_MAP,
	KNFT_OBJ_RULE,
	KNFT_OBJ_ELEMENT,
};

/*
 * One operation.  Strings point into the transaction's arena.  Field use by object:
 * chain: name, type, hook, priority, comment, handle; set/map: name, type, value_type, flags,
 * timeout_sec, comment, handle; rule: name (chain), text, comment, handle; element: name (set),
 * key, value (NULL for sets), comment; table: comment.
 */
struct knft_op {
	uint8_t verb; /* enum knft_verb */
	uint8_t obj;  /* enum knft_obj */
	unsigned int flags;
	uint32_t timeout_sec;
	uint64_t handle;
	const char *name;
	const char *type;
	const char *hook;
	const char *priority;
	const char *value_type;
	const char *text; /* rule text, or element key */
	const char *value;
	const char *comment;
};

struct knft_arena_block;

struct knft_tx {
	enum knft_family family;
	char *table;
	struct knft_op *ops;
	size_t n_ops;
	size_t alloc_ops;
	struct knft_arena_block *arena;
	char *error; /* first builder failure */
};

/* Writes one operation as its `nft -f` line (with the trailing newline). */
int knft_op_render(const struct knft_tx *tx, const struct knft_op *op, struct kc_strbuf *out);

/* The kernel's value of a chain priority string ("dstnat", "dstnat - 10", "-110") for family;
 * KC_ERR_INVALID when it does not parse. */
int knft_priority_parse(enum knft_family family, const char *prio, int32_t *ret);

/* Hook name → NF_INET_* number, or -1. */
int knft_hook_parse(const char *hook);

/*
 * The compiler.  A context numbers the anonymous sets a batch needs (their NFTA_SET_ID must be
 * unique in the batch) and collects them: knft_compile_rule() appends the expressions of text
 * to r and, for every anonymous set/map the rule uses, adds a complete struct nftnl_set (with
 * its elements) to ctx->anon_sets for the caller to send before the rule.
 */
struct knft_compile_ctx {
	enum knft_family family;
	const char *table;
	uint32_t next_set_id;
	struct nftnl_set **anon_sets;
	size_t n_anon;
	size_t alloc_anon;
};

int knft_compile_rule(struct knft_compile_ctx *ctx, struct nftnl_rule *r, const char *text,
		      char *err, size_t errlen);
void knft_compile_ctx_release(struct knft_compile_ctx *ctx);

/*
 * Set key / map value types.  A type string ("ipv4_addr . inet_proto . inet_service") becomes
 * the kernel's concatenated datatype id, the total register length (each part padded to 4
 * bytes) and the parts' lengths (for interval concatenations).
 */
#define KNFT_MAX_CONCAT 8
struct knft_type {
	uint32_t id;
	uint32_t len;
	unsigned int n;
	uint32_t part_id[KNFT_MAX_CONCAT];
	uint32_t part_len[KNFT_MAX_CONCAT]; /* unpadded */
};
int knft_type_parse(const char *type, struct knft_type *ret, char *err, size_t errlen);

/* Parses a key or value "a . b . c" of type t into data (t->len bytes).  For interval sets a
 * single-part key may be a prefix ("10.0.0.0/8") or range; then *ret_end holds the inclusive
 * end (same length) and *ret_is_range is set. */
int knft_data_parse(enum knft_family family, const struct knft_type *t, const char *text,
		    uint8_t *data, uint8_t *end, int *ret_is_range, char *err, size_t errlen);

/* Renders data of type t as nft text ("10.96.0.10 . tcp . 80"). */
int knft_data_format(const struct knft_type *t, const uint8_t *data, size_t len,
		     struct kc_strbuf *out);

/* The type of a set the kernel describes by its concatenated id and key length. */
int knft_type_from_id(uint32_t id, uint32_t len, struct knft_type *ret);

/* "tcp", "udp", "sctp", ... or a number (0-255). */
int knft_proto_parse(const char *s, size_t len, uint32_t *ret);

/* Datatype ids (nftables' enum datatypes). */
enum {
	KNFT_TYPE_VERDICT = 1,
	KNFT_TYPE_INTEGER = 4,
	KNFT_TYPE_STRING = 5,
	KNFT_TYPE_IPADDR = 7,
	KNFT_TYPE_IP6ADDR = 8,
	KNFT_TYPE_ETHERADDR = 9,
	KNFT_TYPE_INET_PROTOCOL = 12,
	KNFT_TYPE_INET_SERVICE = 13,
	KNFT_TYPE_MARK = 19,
	KNFT_TYPE_IFNAME = 41,
	KNFT_TYPE_BITS = 6,
};

#endif
