/*
 * knft_compile.c - nft rule text to libnftnl expressions (upstream: nftables src/parser_bison.y,
 * src/evaluate.c and src/netlink_linearize.c, for the subset of the grammar that
 * pkg/proxy/nftables/proxier.go writes through knftables).
 *
 * The grammar handled here is a sequence of statements:
 *	match:    EXPR [. EXPR ...] [and|& MASK] [==|!=|<|>|<=|>=] (VALUE | @set | { VALUE, ... })
 *	vmap:     EXPR [. EXPR ...] vmap (@map | { KEY : VERDICT, ... })
 *	verdicts: accept drop return continue jump CHAIN goto CHAIN
 *	actions:  counter; masquerade [fully-random|random|persistent]; dnat|snat [ip|ip6] to
 *	          ADDR[:PORT]; reject [with icmp|icmpv6|icmpx TYPE | with tcp reset];
 *	          update|add @set { EXPR [. EXPR] }; [meta] mark set (VALUE | mark or|xor|and|'|'|^|& V);
 *	          ct mark set ...; comment "TEXT"
 * where EXPR is ip/ip6 saddr|daddr|protocol|nexthdr, th|tcp|udp|sctp sport|dport,
 * [meta] l4proto|mark|iifname|oifname|nfproto, ct state|status|mark, fib saddr|daddr type,
 * numgen random|inc mod N [offset M].  Registers follow nft's choices (reg 1 for a value,
 * consecutive 32-bit registers for a concatenation, reg 1/2 for NAT address/port) so that
 * `nft list` prints the rule back as written.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>

#include "kube-proxy/nftables/knft_internal.h"
#include "libkcommon/errors.h"

/* Pseudo datatypes for right-hand sides that are names of bits or numbers. */
enum {
	DT_CT_STATE = 26,
	DT_CT_STATUS = 28,
	DT_FIB_ADDR = 38,
	DT_NFPROTO = 2,
};

#define MAX_TOKENS 512

struct tok {
	const char *s;
	size_t len;
};

struct cc {
	struct knft_compile_ctx *ctx;
	struct nftnl_rule *r;
	const char *text;
	struct tok t[MAX_TOKENS];
	size_t n, i;
	struct nftnl_expr *last_load; /* the load of a single (non-concatenated) value */
	char *err;
	size_t errlen;
};

/* A value source: what EXPR loads and how its right-hand side parses. */
struct lhs {
	enum { L_PAYLOAD, L_META, L_CT, L_FIB, L_NUMGEN } kind;
	uint32_t base, offset;
	uint32_t key;
	uint32_t flags, result;
	uint32_t mod, ng_type, ng_offset;
	uint32_t dtype;
	uint32_t len;
	uint32_t dep_proto; /* tcp/udp/sctp header fields need "meta l4proto X" first */
	int bitmask;        /* ct state/status: a bare value tests bits */
	char name[32];      /* for messages */
};

static int
tokenize(struct cc *c)
{
	const char *p = c->text;

	c->n = 0;
	while (*p) {
		const char *start;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (c->n == MAX_TOKENS)
			return kc_err_fail(KC_ERR_INVALID, c->err, c->errlen,
					   "rule has more than %d tokens", MAX_TOKENS);
		start = p;
		if (*p == '{' || *p == '}' || *p == ',' || *p == ';') {
			p++;
		} else if (*p == '"') {
			p++;
			while (*p && *p != '"')
				p += (*p == '\\' && p[1]) ? 2 : 1;
			if (*p != '"')
				return kc_err_fail(KC_ERR_INVALID, c->err, c->errlen,
						   "unterminated string");
			p++;
		} else {
			while (*p && !isspace((unsigned char)*p) && *p != '{' && *p != '}' &&
			       *p != ',' && *p != ';')
				p++;
		}
		c->t[c->n].s = start;
		c->t[c->n].len = (size_t)(p - start);
		c->n++;
	}
	return 0;
}

static int
is(const struct tok *t, const char *word)
{
	return t && t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

static struct tok *
peek(struct cc *c)
{
	return c->i < c->n ? &c->t[c->i] : NULL;
}

static struct tok *
next(struct cc *c)
{
	return c->i < c->n ? &c->t[c->i++] : NULL;
}

static int
accept_word(struct cc *c, const char *word)
{
	if (is(peek(c), word)) {
		c->i++;
		return 1;
	}
	return 0;
}

static int
fail_tok(struct cc *c, const struct tok *t, const char *what)
{
	if (!t)
		return kc_err_fail(KC_ERR_INVALID, c->err, c->errlen, "%s at end of rule", what);
	return kc_err_fail(KC_ERR_INVALID, c->err, c->errlen, "%s \"%.*s\"", what, (int)t->len,
			   t->s);
}

static int
expect(struct cc *c, const char *word)
{
	struct tok *t = next(c);

	if (!is(t, word)) {
		char what[64];

		snprintf(what, sizeof(what), "expected \"%s\", got", word);
		return fail_tok(c, t, what);
	}
	return 0;
}

static int
add_expr(struct cc *c, struct nftnl_expr *e)
{
	if (!e)
		return kc_err_fail(KC_ERR_NOMEM, c->err, c->errlen, "out of memory");
	nftnl_rule_add_expr(c->r, e);
	return 0;
}

/* --- left-hand sides ----------------------------------------------------------------- */

static int
parse_payload(struct cc *c, struct tok *proto, struct lhs *l)
{
	struct tok *f = next(c);
	int v6 = is(proto, "ip6");

	l->kind = L_PAYLOAD;
	if (is(proto, "ip") || v6) {
		l->base = NFT_PAYLOAD_NETWORK_HEADER;
		if (c->ctx->family != (v6 ? KNFT_IP6 : KNFT_IP))
			return fail_tok(c, proto, "address family does not match the table:");
		if (is(f, "saddr") || is(f, "daddr")) {
			l->dtype = v6 ? KNFT_TYPE_IP6ADDR : KNFT_TYPE_IPADDR;
			l->len = v6 ? 16 : 4;
			l->offset = v6 ? (is(f, "saddr") ? 8 : 24) : (is(f, "saddr") ? 12 : 16);
		} else if ((!v6 && is(f, "protocol")) || (v6 && is(f, "nexthdr"))) {
			l->dtype = KNFT_TYPE_INET_PROTOCOL;
			l->len = 1;
			l->offset = v6 ? 6 : 9;
		} else {
			return fail_tok(c, f, "unknown header field");
		}
	} else {
		l->base = NFT_PAYLOAD_TRANSPORT_HEADER;
		if (!is(proto, "th"))
			knft_proto_parse(proto->s, proto->len, &l->dep_proto);
		if (is(f, "sport") || is(f, "dport")) {
			l->dtype = KNFT_TYPE_INET_SERVICE;
			l->len = 2;
			l->offset = is(f, "sport") ? 0 : 2;
		} else {
			return fail_tok(c, f, "unknown header field");
		}
	}
	snprintf(l->name, sizeof(l->name), "%.*s %.*s", (int)proto->len, proto->s,
		 f ? (int)f->len : 0, f ? f->s : "");
	return 0;
}

static int
meta_key(const struct tok *t, struct lhs *l)
{
	static const struct {
		const char *name;
		uint32_t key, dtype, len;
	} keys[] = {
		{ "l4proto", NFT_META_L4PROTO, KNFT_TYPE_INET_PROTOCOL, 1 },
		{ "mark", NFT_META_MARK, KNFT_TYPE_MARK, 4 },
		{ "iifname", NFT_META_IIFNAME, KNFT_TYPE_IFNAME, 16 },
		{ "oifname", NFT_META_OIFNAME, KNFT_TYPE_IFNAME, 16 },
		{ "nfproto", NFT_META_NFPROTO, DT_NFPROTO, 1 },
	};

	for (size_t i = 0; t && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (is(t, keys[i].name)) {
			l->kind = L_META;
			l->key = keys[i].key;
			l->dtype = keys[i].dtype;
			l->len = keys[i].len;
			snprintf(l->name, sizeof(l->name), "meta %s", keys[i].name);
			return 0;
		}
	return -1;
}

static int
parse_ct(struct cc *c, struct lhs *l)
{
	struct tok *f = next(c);

	l->kind = L_CT;
	l->len = 4;
	if (is(f, "state")) {
		l->key = NFT_CT_STATE;
		l->dtype = DT_CT_STATE;
		l->bitmask = 1;
	} else if (is(f, "status")) {
		l->key = NFT_CT_STATUS;
		l->dtype = DT_CT_STATUS;
		l->bitmask = 1;
	} else if (is(f, "mark")) {
		l->key = NFT_CT_MARK;
		l->dtype = KNFT_TYPE_MARK;
	} else {
		return fail_tok(c, f, "unknown ct key");
	}
	snprintf(l->name, sizeof(l->name), "ct %.*s", (int)f->len, f->s);
	return 0;
}

static int
parse_fib(struct cc *c, struct lhs *l)
{
	struct tok *f = next(c);

	l->kind = L_FIB;
	if (is(f, "saddr"))
		l->flags = NFTA_FIB_F_SADDR;
	else if (is(f, "daddr"))
		l->flags = NFTA_FIB_F_DADDR;
	else
		return fail_tok(c, f, "expected saddr or daddr after fib, got");
	if (accept_word(c, ".")) {
		if (accept_word(c, "iif"))
			l->flags |= NFTA_FIB_F_IIF;
		else if (accept_word(c, "oif"))
			l->flags |= NFTA_FIB_F_OIF;
		else
			return fail_tok(c, peek(c), "unknown fib modifier");
	}
	if (expect(c, "type") < 0)
		return KC_ERR_INVALID;
	l->result = NFT_FIB_RESULT_ADDRTYPE;
	l->dtype = DT_FIB_ADDR;
	l->len = 4;
	snprintf(l->name, sizeof(l->name), "fib %.*s type", (int)f->len, f->s);
	return 0;
}

static int
parse_u32_tok(const struct tok *t, uint32_t *ret)
{
	char buf[24], *end;
	unsigned long v;

	if (!t || t->len == 0 || t->len >= sizeof(buf) || t->s[0] == '-')
		return -1;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	v = strtoul(buf, &end, 0);
	if (*end || v > UINT32_MAX)
		return -1;
	*ret = (uint32_t)v;
	return 0;
}

static int
parse_numgen(struct cc *c, struct lhs *l)
{
	struct tok *t = next(c);

	l->kind = L_NUMGEN;
	if (is(t, "random"))
		l->ng_type = NFT_NG_RANDOM;
	else if (is(t, "inc"))
		l->ng_type = NFT_NG_INCREMENTAL;
	else
		return fail_tok(c, t, "expected random or inc after numgen, got");
	if (expect(c, "mod") < 0)
		return KC_ERR_INVALID;
	t = next(c);
	if (parse_u32_tok(t, &l->mod) < 0 || l->mod == 0)
		return fail_tok(c, t, "bad numgen modulus");
	if (accept_word(c, "offset")) {
		t = next(c);
		if (parse_u32_tok(t, &l->ng_offset) < 0)
			return fail_tok(c, t, "bad numgen offset");
	}
	l->dtype = KNFT_TYPE_INTEGER;
	l->len = 4;
	snprintf(l->name, sizeof(l->name), "numgen");
	return 0;
}

/* Parses one EXPR; returns 1 when the current token does not start one. */
static int
parse_lhs(struct cc *c, struct lhs *l)
{
	struct tok *t = peek(c);

	memset(l, 0, sizeof(*l));
	if (!t)
		return 1;
	if (is(t, "ip") || is(t, "ip6") || is(t, "th") || is(t, "tcp") || is(t, "udp") ||
	    is(t, "sctp")) {
		c->i++;
		return parse_payload(c, t, l);
	}
	if (is(t, "meta")) {
		c->i++;
		if (meta_key(peek(c), l) < 0)
			return fail_tok(c, peek(c), "unknown meta key");
		c->i++;
		return 0;
	}
	if (meta_key(t, l) == 0) {
		c->i++;
		return 0;
	}
	if (is(t, "ct")) {
		c->i++;
		return parse_ct(c, l);
	}
	if (is(t, "fib")) {
		c->i++;
		return parse_fib(c, l);
	}
	if (is(t, "numgen")) {
		c->i++;
		return parse_numgen(c, l);
	}
	return 1;
}

static int
emit_load(struct cc *c, const struct lhs *l, uint32_t reg)
{
	struct nftnl_expr *e = NULL;

	c->last_load = NULL;
	switch (l->kind) {
	case L_PAYLOAD:
		if ((c->last_load = e = nftnl_expr_alloc("payload"))) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, l->base);
			nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, l->offset);
			nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, l->len);
			nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, reg);
		}
		break;
	case L_META:
		if ((e = nftnl_expr_alloc("meta"))) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, l->key);
			nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, reg);
		}
		break;
	case L_CT:
		if ((e = nftnl_expr_alloc("ct"))) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, l->key);
			nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, reg);
		}
		break;
	case L_FIB:
		if ((e = nftnl_expr_alloc("fib"))) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_RESULT, l->result);
			nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_FLAGS, l->flags);
			nftnl_expr_set_u32(e, NFTNL_EXPR_FIB_DREG, reg);
		}
		break;
	case L_NUMGEN:
		if ((e = nftnl_expr_alloc("numgen"))) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_NG_DREG, reg);
			nftnl_expr_set_u32(e, NFTNL_EXPR_NG_MODULUS, l->mod);
			nftnl_expr_set_u32(e, NFTNL_EXPR_NG_TYPE, l->ng_type);
			nftnl_expr_set_u32(e, NFTNL_EXPR_NG_OFFSET, l->ng_offset);
		}
		break;
	}
	return add_expr(c, e);
}

static int
emit_cmp(struct cc *c, uint32_t reg, uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, reg);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
		nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	}
	return add_expr(c, e);
}

static int
emit_bitwise(struct cc *c, uint32_t reg, const void *mask, const void *xor, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("bitwise");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, len);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, len);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, xor, len);
	}
	return add_expr(c, e);
}

static int
emit_immediate_data(struct cc *c, uint32_t reg, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, reg);
		nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
	}
	return add_expr(c, e);
}

/* "meta l4proto tcp" before a tcp/udp/sctp header field, as nft's dependency. */
static int
emit_dependency(struct cc *c, const struct lhs *l)
{
	struct lhs m = { .kind = L_META, .key = NFT_META_L4PROTO, .len = 1 };
	uint8_t proto = (uint8_t)l->dep_proto;

	if (!l->dep_proto)
		return 0;
	if (emit_load(c, &m, NFT_REG_1) < 0)
		return KC_ERR_NOMEM;
	return emit_cmp(c, NFT_REG_1, NFT_CMP_EQ, &proto, 1);
}

/* --- right-hand side values ---------------------------------------------------------- */

static int
name_value(const struct tok *t, const char *const *names, const uint32_t *values, size_t n,
	   uint32_t *ret)
{
	for (size_t i = 0; i < n; i++)
		if (is(t, names[i])) {
			*ret = values[i];
			return 0;
		}
	return parse_u32_tok(t, ret);
}

/* A bits/enum value in host order (ct state, ct status, fib type, nfproto). */
static int
parse_symbolic(const struct lhs *l, const struct tok *t, uint32_t *ret)
{
	static const char *const st_names[] = { "invalid", "established", "related", "new",
						"untracked" };
	static const uint32_t st_values[] = { 1, 2, 4, 8, 64 };
	static const char *const ss_names[] = { "expected", "seen-reply", "assured",
						"confirmed", "snat", "dnat", "dying" };
	static const uint32_t ss_values[] = { 1, 2, 4, 8, 16, 32, 512 };
	static const char *const fib_names[] = { "unspec", "unicast", "local", "broadcast",
						 "anycast", "multicast", "blackhole",
						 "unreachable", "prohibit" };
	static const uint32_t fib_values[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const char *const nfp_names[] = { "ipv4", "ipv6" };
	static const uint32_t nfp_values[] = { NFPROTO_IPV4, NFPROTO_IPV6 };

	switch (l->dtype) {
	case DT_CT_STATE:
		return name_value(t, st_names, st_values, 5, ret);
	case DT_CT_STATUS:
		return name_value(t, ss_names, ss_values, 7, ret);
	case DT_FIB_ADDR:
		return name_value(t, fib_names, fib_values, 9, ret);
	case DT_NFPROTO:
		return name_value(t, nfp_names, nfp_values, 2, ret);
	}
	return -1;
}

/*
 * One value of the left-hand side's type into data (l->len bytes; registers are filled
 * in nft's byte order).  A prefix or range also fills end and sets *is_range; *plen gets the
 * prefix length or -1.
 */
static int
parse_value(struct cc *c, const struct lhs *l, const struct tok *t, uint8_t *data,
	    uint8_t *end, int *is_range, int *plen)
{
	struct knft_type ty = { .n = 1, .len = l->len };
	uint32_t v;
	char buf[128];
	const char *slash;

	*plen = -1;
	*is_range = 0;
	memset(data, 0, 16);
	memset(end, 0, 16);
	if (!t)
		return fail_tok(c, t, "expected a value");
	if (l->dtype == DT_CT_STATE || l->dtype == DT_CT_STATUS || l->dtype == DT_FIB_ADDR ||
	    l->dtype == DT_NFPROTO) {
		if (parse_symbolic(l, t, &v) < 0) {
			snprintf(buf, sizeof(buf), "unknown %s value", l->name);
			return fail_tok(c, t, buf);
		}
		if (l->len == 1)
			data[0] = (uint8_t)v;
		else
			memcpy(data, &v, 4);
		memcpy(end, data, 4);
		return 0;
	}
	ty.part_id[0] = l->dtype;
	ty.part_len[0] = l->len;
	ty.id = l->dtype;
	if (t->len >= sizeof(buf))
		return fail_tok(c, t, "value too long:");
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	if (knft_data_parse(c->ctx->family, &ty, buf, data, end, is_range, c->err,
			    c->errlen) < 0) {
		snprintf(buf, sizeof(buf), "bad value for %s:", l->name);
		return fail_tok(c, t, buf);
	}
	slash = memchr(t->s, '/', t->len);
	if (*is_range && slash)
		*plen = atoi(slash + 1);
	return 0;
}

/* --- anonymous sets ------------------------------------------------------------------ */

struct anon_elem {
	uint8_t key[64];
	uint8_t end[64];
	uint32_t verdict;
	char chain[256];
};

static int
anon_push(struct cc *c, struct nftnl_set *s)
{
	struct knft_compile_ctx *x = c->ctx;

	if (x->n_anon == x->alloc_anon) {
		size_t n = x->alloc_anon ? x->alloc_anon * 2 : 8;
		struct nftnl_set **v = realloc(x->anon_sets, n * sizeof(*v));

		if (!v) {
			knft_nftnl_set_free(s);
			return kc_err_fail(KC_ERR_NOMEM, c->err, c->errlen, "out of memory");
		}
		x->anon_sets = v;
		x->alloc_anon = n;
	}
	x->anon_sets[x->n_anon++] = s;
	return 0;
}

static int
set_add_elem(struct nftnl_set *s, const void *key, uint32_t klen, uint32_t flags,
	     const struct anon_elem *ae)
{
	struct nftnl_set_elem *e = nftnl_set_elem_alloc();

	if (!e)
		return KC_ERR_NOMEM;
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, klen);
	if (flags)
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS, flags);
	if (ae) {
		nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_VERDICT, ae->verdict);
		if (ae->chain[0])
			nftnl_set_elem_set_str(e, NFTNL_SET_ELEM_CHAIN, ae->chain);
	}
	nftnl_set_elem_add(s, e);
	return 0;
}

static int
cmp_key(const void *a, const void *b, size_t len)
{
	return memcmp(a, b, len);
}

static uint32_t key_len_for_sort;

static int
cmp_elem(const void *a, const void *b)
{
	return cmp_key(((const struct anon_elem *)a)->key, ((const struct anon_elem *)b)->key,
		       key_len_for_sort);
}

/* Adds 1 to a big-endian number; returns 1 on overflow. */
static int
be_increment(uint8_t *v, uint32_t len)
{
	for (uint32_t i = len; i-- > 0;)
		if (++v[i] != 0)
			return 0;
	return 1;
}

/*
 * Interval elements as nft sends them to the rbtree backend: ranges sorted and merged, each
 * [start, end] as "start" plus "end + 1" flagged INTERVAL_END, and a leading zero END element
 * when the first range does not start at zero.
 */
static int
add_interval_elems(struct nftnl_set *s, struct anon_elem *v, size_t n, uint32_t len)
{
	uint8_t zero[64] = { 0 };
	size_t out = 0;

	key_len_for_sort = len;
	qsort(v, n, sizeof(*v), cmp_elem);
	for (size_t i = 0; i < n; i++) {
		if (out && memcmp(v[i].key, v[out - 1].end, len) <= 0) {
			if (memcmp(v[i].end, v[out - 1].end, len) > 0)
				memcpy(v[out - 1].end, v[i].end, len);
			continue;
		}
		if (out) {
			uint8_t adj[64];

			memcpy(adj, v[out - 1].end, len);
			if (!be_increment(adj, len) && memcmp(adj, v[i].key, len) == 0) {
				memcpy(v[out - 1].end, v[i].end, len);
				continue;
			}
		}
		v[out++] = v[i];
	}
	if (out && memcmp(v[0].key, zero, len) != 0 &&
	    set_add_elem(s, zero, len, NFT_SET_ELEM_INTERVAL_END, NULL) < 0)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < out; i++) {
		uint8_t after[64];

		if (set_add_elem(s, v[i].key, len, 0, NULL) < 0)
			return KC_ERR_NOMEM;
		memcpy(after, v[i].end, len);
		if (!be_increment(after, len) &&
		    set_add_elem(s, after, len, NFT_SET_ELEM_INTERVAL_END, NULL) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

/* The key byte order nft records for listing (1 host: numgen, marks; 2 big endian). */
static int
anon_set_udata(struct nftnl_set *s, const struct lhs *l)
{
	struct nftnl_udata_buf *ud = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	int host = l->dtype == KNFT_TYPE_INTEGER || l->dtype == KNFT_TYPE_MARK;

	if (!ud)
		return KC_ERR_NOMEM;
	nftnl_udata_put_u32(ud, 0 /* NFTNL_UDATA_SET_KEYBYTEORDER */, host ? 1 : 2);
	nftnl_set_set_data(s, NFTNL_SET_USERDATA, nftnl_udata_buf_data(ud),
			   nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	return 0;
}

static int parse_verdict(struct cc *c, uint32_t *code, char *chain, size_t chainlen);

/*
 * "{ v1, v2 }" or, for a vmap, "{ k1 : verdict, k2 : verdict }" after the "{": builds the
 * anonymous set, queues it in the context and returns its name and id for the lookup.
 */
static int
parse_anon_set(struct cc *c, const struct lhs *l, int is_vmap, char *name, size_t namelen,
	       uint32_t *ret_id)
{
	struct anon_elem *v = NULL;
	size_t n = 0, alloc = 0;
	int interval = 0, r = KC_ERR_INVALID;
	struct nftnl_set *s;
	uint32_t id = ++c->ctx->next_set_id;

	for (;;) {
		struct tok *t = next(c);
		int is_range, plen;

		if (is(t, "}") && n > 0)
			break;
		if (n == alloc) {
			struct anon_elem *nv;

			alloc = alloc ? alloc * 2 : 8;
			nv = realloc(v, alloc * sizeof(*v));
			if (!nv) {
				r = kc_err_fail(KC_ERR_NOMEM, c->err, c->errlen, "out of memory");
				goto out;
			}
			v = nv;
		}
		memset(&v[n], 0, sizeof(v[n]));
		if (t && t->len && t->s[t->len - 1] == ':' && is_vmap) {
			struct tok k = { t->s, t->len - 1 };

			if (parse_value(c, l, &k, v[n].key, v[n].end, &is_range, &plen) < 0)
				goto out;
		} else {
			if (parse_value(c, l, t, v[n].key, v[n].end, &is_range, &plen) < 0)
				goto out;
			if (is_vmap && expect(c, ":") < 0)
				goto out;
		}
		interval |= is_range;
		if (is_vmap && parse_verdict(c, &v[n].verdict, v[n].chain,
					     sizeof(v[n].chain)) < 0)
			goto out;
		n++;
		t = next(c);
		if (is(t, "}"))
			break;
		if (!is(t, ",")) {
			fail_tok(c, t, "expected \",\" or \"}\" in set, got");
			goto out;
		}
	}
	s = nftnl_set_alloc();
	if (!s) {
		r = kc_err_fail(KC_ERR_NOMEM, c->err, c->errlen, "out of memory");
		goto out;
	}
	snprintf(name, namelen, is_vmap ? "__map%%d" : "__set%%d");
	nftnl_set_set_str(s, NFTNL_SET_TABLE, c->ctx->table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY,
			  c->ctx->family == KNFT_IP6 ? NFPROTO_IPV6 : NFPROTO_IPV4);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, l->dtype);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, l->len);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS,
			  NFT_SET_ANONYMOUS | NFT_SET_CONSTANT |
				  (is_vmap ? NFT_SET_MAP : 0) | (interval ? NFT_SET_INTERVAL : 0));
	if (is_vmap)
		nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, NFT_DATA_VERDICT);
	if (anon_set_udata(s, l) < 0) {
		knft_nftnl_set_free(s);
		r = kc_err_fail(KC_ERR_NOMEM, c->err, c->errlen, "out of memory");
		goto out;
	}
	if (interval && is_vmap) {
		knft_nftnl_set_free(s);
		r = kc_err_fail(KC_ERR_UNSUPPORTED, c->err, c->errlen,
				"ranges in an anonymous vmap are not supported");
		goto out;
	}
	r = 0;
	if (interval)
		r = add_interval_elems(s, v, n, l->len);
	for (size_t i = 0; !interval && r >= 0 && i < n; i++)
		r = set_add_elem(s, v[i].key, l->len, 0, is_vmap ? &v[i] : NULL);
	if (r < 0) {
		knft_nftnl_set_free(s);
		r = kc_err_fail(KC_ERR_NOMEM, c->err, c->errlen, "out of memory");
		goto out;
	}
	r = anon_push(c, s);
	*ret_id = id;
out:
	free(v);
	return r;
}

static int
emit_lookup(struct cc *c, uint32_t sreg, const char *set, uint32_t set_id, int dreg_verdict,
	    int invert)
{
	struct nftnl_expr *e = nftnl_expr_alloc("lookup");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
		nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
		if (set_id)
			nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, set_id);
		if (dreg_verdict)
			nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_VERDICT);
		if (invert)
			nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, NFT_LOOKUP_F_INV);
	}
	return add_expr(c, e);
}

/* "@name" → name (without the @). */
static int
set_ref(struct cc *c, const struct tok *t, char *name, size_t namelen)
{
	if (!t || t->len < 2 || t->s[0] != '@' || t->len - 1 >= namelen)
		return fail_tok(c, t, "expected @set, got");
	memcpy(name, t->s + 1, t->len - 1);
	name[t->len - 1] = '\0';
	return 0;
}

/* --- statements ---------------------------------------------------------------------- */

static int
parse_verdict(struct cc *c, uint32_t *code, char *chain, size_t chainlen)
{
	struct tok *t = next(c);

	chain[0] = '\0';
	if (is(t, "accept"))
		*code = NF_ACCEPT;
	else if (is(t, "drop"))
		*code = NF_DROP;
	else if (is(t, "return"))
		*code = (uint32_t)NFT_RETURN;
	else if (is(t, "continue"))
		*code = (uint32_t)NFT_CONTINUE;
	else if (is(t, "jump") || is(t, "goto")) {
		struct tok *ch = next(c);

		*code = (uint32_t)(is(t, "jump") ? NFT_JUMP : NFT_GOTO);
		if (!ch || ch->len >= chainlen || is(ch, ",") || is(ch, "}"))
			return fail_tok(c, ch, "expected a chain name, got");
		memcpy(chain, ch->s, ch->len);
		chain[ch->len] = '\0';
	} else {
		return fail_tok(c, t, "expected a verdict, got");
	}
	return 0;
}

static int
is_verdict_word(const struct tok *t)
{
	return is(t, "accept") || is(t, "drop") || is(t, "return") || is(t, "continue") ||
	       is(t, "jump") || is(t, "goto");
}

static int
stmt_verdict(struct cc *c)
{
	char chain[256];
	uint32_t code;
	struct nftnl_expr *e;

	if (parse_verdict(c, &code, chain, sizeof(chain)) < 0)
		return KC_ERR_INVALID;
	e = nftnl_expr_alloc("immediate");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, code);
		if (chain[0])
			nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN, chain);
	}
	return add_expr(c, e);
}

static int
stmt_counter(struct cc *c)
{
	uint32_t v;

	/* `nft list` output carries "packets N bytes M": accept and start from zero */
	while (is(peek(c), "packets") || is(peek(c), "bytes")) {
		c->i++;
		if (parse_u32_tok(next(c), &v) < 0)
			return fail_tok(c, &c->t[c->i - 1], "bad counter value");
	}
	return add_expr(c, nftnl_expr_alloc("counter"));
}

static int
stmt_masquerade(struct cc *c)
{
	struct nftnl_expr *e;
	uint32_t flags = 0;

	for (;;) {
		if (accept_word(c, "fully-random"))
			flags |= NF_NAT_RANGE_PROTO_RANDOM_FULLY;
		else if (accept_word(c, "random"))
			flags |= NF_NAT_RANGE_PROTO_RANDOM;
		else if (accept_word(c, "persistent"))
			flags |= NF_NAT_RANGE_PERSISTENT;
		else if (!accept_word(c, ","))
			break;
	}
	e = nftnl_expr_alloc("masq");
	if (e && flags)
		nftnl_expr_set_u32(e, NFTNL_EXPR_MASQ_FLAGS, flags);
	return add_expr(c, e);
}

/* "10.0.0.5", "10.0.0.5:8080", "[fd00::5]:8080", "fd00::5". */
static int
parse_nat_target(struct cc *c, const struct tok *t, uint8_t *addr, int *has_port,
		 uint16_t *port)
{
	char buf[INET6_ADDRSTRLEN + 16], *colon = NULL, *addr_s = buf;
	int af = c->ctx->family == KNFT_IP6 ? AF_INET6 : AF_INET;
	uint32_t p;

	*has_port = 0;
	if (!t || t->len >= sizeof(buf))
		return fail_tok(c, t, "bad NAT address");
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	if (buf[0] == '[') {
		char *close = strchr(buf, ']');

		if (!close || (close[1] && close[1] != ':'))
			return fail_tok(c, t, "bad NAT address");
		*close = '\0';
		addr_s = buf + 1;
		if (close[1] == ':')
			colon = close + 1;
	} else if (af == AF_INET) {
		colon = strchr(buf, ':');
	}
	if (colon) {
		struct tok pt = { colon + 1, strlen(colon + 1) };

		*colon = '\0';
		if (parse_u32_tok(&pt, &p) < 0 || p > 65535)
			return fail_tok(c, t, "bad NAT port in");
		*port = htons((uint16_t)p);
		*has_port = 1;
	}
	if (inet_pton(af, addr_s, addr) != 1)
		return fail_tok(c, t, "bad NAT address");
	return 0;
}

static int
stmt_nat(struct cc *c, int snat)
{
	uint8_t addr[16];
	uint16_t port = 0;
	int has_port;
	int v6 = c->ctx->family == KNFT_IP6;
	struct nftnl_expr *e;

	accept_word(c, v6 ? "ip6" : "ip"); /* "dnat ip to ..." as nft lists inet rules */
	if (expect(c, "to") < 0)
		return KC_ERR_INVALID;
	if (parse_nat_target(c, next(c), addr, &has_port, &port) < 0)
		return KC_ERR_INVALID;
	if (emit_immediate_data(c, NFT_REG_1, addr, v6 ? 16 : 4) < 0)
		return KC_ERR_NOMEM;
	if (has_port && emit_immediate_data(c, NFT_REG_2, &port, 2) < 0)
		return KC_ERR_NOMEM;
	e = nftnl_expr_alloc("nat");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, snat ? NFT_NAT_SNAT : NFT_NAT_DNAT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, v6 ? NFPROTO_IPV6 : NFPROTO_IPV4);
		nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
		if (has_port) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_PROTO_MIN, NFT_REG_2);
			nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FLAGS, NF_NAT_RANGE_PROTO_SPECIFIED);
		}
	}
	return add_expr(c, e);
}

static int
stmt_reject(struct cc *c)
{
	int v6 = c->ctx->family == KNFT_IP6;
	uint32_t type = NFT_REJECT_ICMP_UNREACH, code = v6 ? 4 : 3;
	struct nftnl_expr *e;

	if (accept_word(c, "with")) {
		struct tok *kind = next(c), *what = next(c);
		static const char *const icmp[] = { "net-unreachable", "host-unreachable",
						    "prot-unreachable", "port-unreachable",
						    "net-prohibited", "host-prohibited",
						    "admin-prohibited" };
		static const uint32_t icmp_codes[] = { 0, 1, 2, 3, 9, 10, 13 };
		static const char *const icmp6[] = { "no-route", "admin-prohibited",
						     "addr-unreachable", "port-unreachable" };
		static const uint32_t icmp6_codes[] = { 0, 1, 3, 4 };
		static const char *const icmpx[] = { "no-route", "port-unreachable",
						     "host-unreachable", "admin-prohibited" };
		static const uint32_t icmpx_codes[] = { 0, 1, 2, 3 };

		if (is(kind, "tcp") && is(what, "reset")) {
			struct lhs dep = { .dep_proto = IPPROTO_TCP };

			type = NFT_REJECT_TCP_RST;
			code = 0;
			if (emit_dependency(c, &dep) < 0)
				return KC_ERR_NOMEM;
		} else if (is(kind, "icmp") && !v6) {
			if (name_value(what, icmp, icmp_codes, 7, &code) < 0)
				return fail_tok(c, what, "unknown icmp reject type");
		} else if (is(kind, "icmpv6") && v6) {
			if (name_value(what, icmp6, icmp6_codes, 4, &code) < 0)
				return fail_tok(c, what, "unknown icmpv6 reject type");
		} else if (is(kind, "icmpx")) {
			type = NFT_REJECT_ICMPX_UNREACH;
			if (name_value(what, icmpx, icmpx_codes, 4, &code) < 0)
				return fail_tok(c, what, "unknown icmpx reject type");
		} else {
			return fail_tok(c, kind, "unknown reject kind");
		}
		if (is(kind, "icmp") || is(kind, "icmpv6") || is(kind, "icmpx"))
			accept_word(c, "type"); /* "with icmp type port-unreachable" */
	}
	e = nftnl_expr_alloc("reject");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, type);
		nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE, (uint8_t)code);
	}
	return add_expr(c, e);
}

/* Loads "a . b . c" into consecutive registers; *ret_len gets the padded total. */
static int
load_concat(struct cc *c, struct lhs *first, uint32_t *ret_len, int *ret_parts)
{
	struct lhs l = *first;
	uint32_t words = 0;
	int parts = 0;

	for (;;) {
		/* nft names a 16-byte aligned register by its 128-bit number */
		uint32_t reg = words % 4 == 0 ? NFT_REG_1 + words / 4 : NFT_REG32_00 + words;

		if (emit_dependency(c, &l) < 0 ||
		    (words && l.dep_proto &&
		     kc_err_fail(KC_ERR_UNSUPPORTED, c->err, c->errlen,
				 "use th instead of %s in a concatenation", l.name)))
			return KC_ERR_INVALID;
		if (emit_load(c, &l, reg) < 0)
			return KC_ERR_NOMEM;
		words += (l.len + 3) / 4;
		parts++;
		if (!accept_word(c, "."))
			break;
		if (parse_lhs(c, &l) != 0)
			return fail_tok(c, peek(c), "expected an expression after \".\", got");
	}
	*ret_len = parts == 1 ? first->len : words * 4;
	*ret_parts = parts;
	return 0;
}

static int
stmt_dynset(struct cc *c, int update)
{
	char set[256];
	struct lhs l;
	uint32_t len;
	int parts;
	struct nftnl_expr *e;

	if (set_ref(c, next(c), set, sizeof(set)) < 0 || expect(c, "{") < 0)
		return KC_ERR_INVALID;
	if (parse_lhs(c, &l) != 0)
		return fail_tok(c, peek(c), "expected an expression in the dynamic set key, got");
	if (load_concat(c, &l, &len, &parts) < 0 || expect(c, "}") < 0)
		return KC_ERR_INVALID;
	e = nftnl_expr_alloc("dynset");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_SREG_KEY, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_OP,
				   update ? NFT_DYNSET_OP_UPDATE : NFT_DYNSET_OP_ADD);
		nftnl_expr_set_str(e, NFTNL_EXPR_DYNSET_SET_NAME, set);
	}
	return add_expr(c, e);
}

/*
 * "<meta|ct> KEY set VALUE" or "... set <meta|ct> KEY OP VALUE" (OP or|xor|and, |, ^, &):
 * the value is built in reg 1 and stored.
 */
static int
stmt_set(struct cc *c, const struct lhs *target)
{
	struct lhs src;
	struct nftnl_expr *e;
	uint32_t v, mask, xor;
	struct tok *t;

	if (target->kind != L_META && target->kind != L_CT)
		return kc_err_fail(KC_ERR_INVALID, c->err, c->errlen, "%s cannot be set",
				   target->name);
	if (target->dtype != KNFT_TYPE_MARK)
		return kc_err_fail(KC_ERR_UNSUPPORTED, c->err, c->errlen,
				   "setting %s is not supported", target->name);
	if (parse_lhs(c, &src) == 0) {
		if (src.dtype != KNFT_TYPE_MARK)
			return kc_err_fail(KC_ERR_INVALID, c->err, c->errlen,
					   "%s is not a mark", src.name);
		if (emit_load(c, &src, NFT_REG_1) < 0)
			return KC_ERR_NOMEM;
		t = next(c);
		if (parse_u32_tok(peek(c), &v) < 0)
			return fail_tok(c, peek(c), "expected a number, got");
		c->i++;
		if (is(t, "or") || is(t, "|")) {
			mask = ~v;
			xor = v;
		} else if (is(t, "xor") || is(t, "^")) {
			mask = UINT32_MAX;
			xor = v;
		} else if (is(t, "and") || is(t, "&")) {
			mask = v;
			xor = 0;
		} else {
			return fail_tok(c, t, "expected or, xor or and, got");
		}
		if (emit_bitwise(c, NFT_REG_1, &mask, &xor, 4) < 0)
			return KC_ERR_NOMEM;
	} else {
		if (parse_u32_tok(peek(c), &v) < 0)
			return fail_tok(c, peek(c), "expected a mark value, got");
		c->i++;
		if (emit_immediate_data(c, NFT_REG_1, &v, 4) < 0)
			return KC_ERR_NOMEM;
	}
	if (target->kind == L_META) {
		e = nftnl_expr_alloc("meta");
		if (e) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, target->key);
			nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, NFT_REG_1);
		}
	} else {
		e = nftnl_expr_alloc("ct");
		if (e) {
			nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, target->key);
			nftnl_expr_set_u32(e, NFTNL_EXPR_CT_SREG, NFT_REG_1);
		}
	}
	return add_expr(c, e);
}

static int
relational_op(struct cc *c, uint32_t *op, int *explicit_op)
{
	static const struct {
		const char *word;
		uint32_t op;
	} ops[] = {
		{ "==", NFT_CMP_EQ }, { "eq", NFT_CMP_EQ }, { "!=", NFT_CMP_NEQ },
		{ "ne", NFT_CMP_NEQ }, { "<", NFT_CMP_LT }, { "lt", NFT_CMP_LT },
		{ ">", NFT_CMP_GT }, { "gt", NFT_CMP_GT }, { "<=", NFT_CMP_LTE },
		{ "le", NFT_CMP_LTE }, { ">=", NFT_CMP_GTE }, { "ge", NFT_CMP_GTE },
	};

	*op = NFT_CMP_EQ;
	*explicit_op = 0;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (accept_word(c, ops[i].word)) {
			*op = ops[i].op;
			*explicit_op = 1;
			return 0;
		}
	return 0;
}

/* A bits test: "ct state new,established" / "ct status dnat" / "mark and 0x4000 == 0". */
static int
match_bits(struct cc *c, const struct lhs *l, uint32_t op)
{
	uint32_t bits = 0, zero = 0, v;
	int is_range, plen;
	uint8_t d[16], e[16];

	do {
		if (parse_value(c, l, next(c), d, e, &is_range, &plen) < 0)
			return KC_ERR_INVALID;
		memcpy(&v, d, 4);
		bits |= v;
	} while (accept_word(c, ","));
	if (emit_bitwise(c, NFT_REG_1, &bits, &zero, 4) < 0)
		return KC_ERR_NOMEM;
	return emit_cmp(c, NFT_REG_1, op == NFT_CMP_NEQ ? NFT_CMP_EQ : NFT_CMP_NEQ, &zero, 4);
}

/* "eth0" compares all 16 bytes (NUL padded); "veth*" compares the prefix only, as nft. */
static int
match_ifname(struct cc *c, const struct tok *t, uint32_t op)
{
	char name[16] = { 0 };
	const char *s = t ? t->s : NULL;
	size_t len = t ? t->len : 0;

	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= sizeof(name) || memchr(s, '"', len))
		return fail_tok(c, t, "bad interface name");
	memcpy(name, s, len);
	if (name[len - 1] == '*' && len > 1)
		return emit_cmp(c, NFT_REG_1, op, name, (uint32_t)len - 1);
	return emit_cmp(c, NFT_REG_1, op, name, sizeof(name));
}

static int
match_value(struct cc *c, const struct lhs *l, uint32_t op)
{
	uint8_t d[16], e[16], mask[16] = { 0 }, zero[16] = { 0 };
	int is_range, plen;
	struct tok *t = next(c);
	struct nftnl_expr *x;

	if (l->dtype == KNFT_TYPE_IFNAME)
		return match_ifname(c, t, op);
	if (parse_value(c, l, t, d, e, &is_range, &plen) < 0)
		return KC_ERR_INVALID;
	if (!is_range)
		return emit_cmp(c, NFT_REG_1, op, d, l->len);
	if (op != NFT_CMP_EQ && op != NFT_CMP_NEQ)
		return fail_tok(c, t, "a range or prefix needs == or !=:");
	if (plen >= 0) {
		/* as nft: load only the prefix's bytes, mask only a partial last byte */
		uint32_t bytes = (uint32_t)plen / 8;

		if (c->last_load && plen % 8 == 0 && bytes > 0 && bytes < l->len)
			nftnl_expr_set_u32(c->last_load, NFTNL_EXPR_PAYLOAD_LEN, bytes);
		else
			bytes = l->len;
		for (int i = 0; i < plen; i++)
			mask[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		if (plen % 8 && emit_bitwise(c, NFT_REG_1, mask, zero, bytes) < 0)
			return KC_ERR_NOMEM;
		if (plen == 0)
			return 0; /* 0.0.0.0/0 matches everything */
		return emit_cmp(c, NFT_REG_1, op, d, bytes);
	}
	if (op == NFT_CMP_EQ) {
		if (emit_cmp(c, NFT_REG_1, NFT_CMP_GTE, d, l->len) < 0)
			return KC_ERR_NOMEM;
		return emit_cmp(c, NFT_REG_1, NFT_CMP_LTE, e, l->len);
	}
	x = nftnl_expr_alloc("range");
	if (x) {
		nftnl_expr_set_u32(x, NFTNL_EXPR_RANGE_SREG, NFT_REG_1);
		nftnl_expr_set_u32(x, NFTNL_EXPR_RANGE_OP,
				   op == NFT_CMP_EQ ? NFT_RANGE_EQ : NFT_RANGE_NEQ);
		nftnl_expr_set(x, NFTNL_EXPR_RANGE_FROM_DATA, d, l->len);
		nftnl_expr_set(x, NFTNL_EXPR_RANGE_TO_DATA, e, l->len);
	}
	return add_expr(c, x);
}

/* EXPR [. EXPR ...] followed by vmap, a mask, a relation, or a value. */
static int
stmt_match(struct cc *c, struct lhs *l)
{
	uint32_t len, op, id = 0;
	int parts, explicit_op;
	char set[256];
	struct tok *t;

	if (is(peek(c), "set"))
		return c->i++, stmt_set(c, l);
	if (load_concat(c, l, &len, &parts) < 0)
		return KC_ERR_INVALID;
	if (accept_word(c, "vmap")) {
		t = peek(c);
		if (is(t, "{")) {
			c->i++;
			if (parts > 1)
				return fail_tok(c, t, "anonymous vmaps of concatenations are not "
						      "supported:");
			if (parse_anon_set(c, l, 1, set, sizeof(set), &id) < 0)
				return KC_ERR_INVALID;
		} else if (set_ref(c, next(c), set, sizeof(set)) < 0) {
			return KC_ERR_INVALID;
		}
		return emit_lookup(c, NFT_REG_1, set, id, 1, 0);
	}
	if (parts == 1 && (accept_word(c, "and") || accept_word(c, "&"))) {
		uint32_t mask, zero = 0;

		t = next(c);
		if (l->len != 4 || parse_u32_tok(t, &mask) < 0)
			return fail_tok(c, t, "bad mask");
		if (emit_bitwise(c, NFT_REG_1, &mask, &zero, 4) < 0)
			return KC_ERR_NOMEM;
		l->dtype = KNFT_TYPE_MARK; /* the masked value compares as a number */
		l->bitmask = 0;
	}
	relational_op(c, &op, &explicit_op);
	t = peek(c);
	if (t && t->s[0] == '@') {
		if (set_ref(c, next(c), set, sizeof(set)) < 0)
			return KC_ERR_INVALID;
		return emit_lookup(c, NFT_REG_1, set, 0, 0, op == NFT_CMP_NEQ);
	}
	if (is(t, "{") && c->i + 2 < c->n && is(&c->t[c->i + 2], "}") && parts == 1 &&
	    !(l->bitmask && !explicit_op)) {
		/* "{ x }" is "x", as nft simplifies a one-element set */
		c->i++;
		if (match_value(c, l, op) < 0)
			return KC_ERR_INVALID;
		return expect(c, "}");
	}
	if (is(t, "{")) {
		c->i++;
		if (parts > 1)
			return fail_tok(c, t, "anonymous sets of concatenations are not supported:");
		if (parse_anon_set(c, l, 0, set, sizeof(set), &id) < 0)
			return KC_ERR_INVALID;
		return emit_lookup(c, NFT_REG_1, set, id, 0, op == NFT_CMP_NEQ);
	}
	if (parts > 1)
		return fail_tok(c, t, "a concatenation needs a set or map, got");
	if (l->bitmask && (!explicit_op || op == NFT_CMP_NEQ))
		return match_bits(c, l, op);
	return match_value(c, l, op);
}

static int
stmt_comment(struct cc *c)
{
	struct tok *t = next(c);
	struct nftnl_udata_buf *ud;
	char buf[256];

	if (!t || t->len < 2 || t->s[0] != '"' || t->len - 2 >= sizeof(buf))
		return fail_tok(c, t, "expected a quoted comment, got");
	memcpy(buf, t->s + 1, t->len - 2);
	buf[t->len - 2] = '\0';
	ud = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	if (!ud)
		return kc_err_fail(KC_ERR_NOMEM, c->err, c->errlen, "out of memory");
	nftnl_udata_put_strz(ud, 0 /* NFTNL_UDATA_RULE_COMMENT */, buf);
	nftnl_rule_set_data(c->r, NFTNL_RULE_USERDATA, nftnl_udata_buf_data(ud),
			    nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	return 0;
}

static int
statement(struct cc *c)
{
	struct tok *t = peek(c);
	struct lhs l;
	int r;

	if (is_verdict_word(t))
		return stmt_verdict(c);
	if (accept_word(c, "counter"))
		return stmt_counter(c);
	if (accept_word(c, "masquerade"))
		return stmt_masquerade(c);
	if (accept_word(c, "dnat"))
		return stmt_nat(c, 0);
	if (accept_word(c, "snat"))
		return stmt_nat(c, 1);
	if (accept_word(c, "reject"))
		return stmt_reject(c);
	if (accept_word(c, "update"))
		return stmt_dynset(c, 1);
	if (is(t, "add") && c->i + 1 < c->n && c->t[c->i + 1].s[0] == '@')
		return c->i++, stmt_dynset(c, 0);
	if (accept_word(c, "comment"))
		return stmt_comment(c);
	r = parse_lhs(c, &l);
	if (r == 1)
		return fail_tok(c, t, "unknown token");
	if (r < 0)
		return r;
	return stmt_match(c, &l);
}

int
knft_compile_rule(struct knft_compile_ctx *ctx, struct nftnl_rule *r, const char *text,
		  char *err, size_t errlen)
{
	struct cc *c;
	int ret = 0;

	c = malloc(sizeof(*c));
	if (!c)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	c->ctx = ctx;
	c->r = r;
	c->text = text ? text : "";
	c->err = err;
	c->errlen = errlen;
	c->i = 0;
	ret = tokenize(c);
	if (ret >= 0 && c->n == 0)
		ret = kc_err_fail(KC_ERR_INVALID, err, errlen, "empty rule");
	while (ret >= 0 && c->i < c->n) {
		if (accept_word(c, ";"))
			continue;
		ret = statement(c);
	}
	free(c);
	return ret < 0 ? (ret == KC_ERR_NOMEM ? ret : KC_ERR_INVALID) : 0;
}

void
knft_compile_ctx_release(struct knft_compile_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_anon; i++)
		knft_nftnl_set_free(ctx->anon_sets[i]);
	free(ctx->anon_sets);
	ctx->anon_sets = NULL;
	ctx->n_anon = ctx->alloc_anon = 0;
}

int
knft_rule_dump(enum knft_family family, const char *table, const char *text,
	       struct kc_strbuf *out, char *err, size_t errlen)
{
	struct knft_compile_ctx ctx = { .family = family, .table = table };
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nftnl_expr_iter *it;
	struct nftnl_expr *e;
	char buf[1024];
	int ret;

	if (!r)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	ret = knft_compile_rule(&ctx, r, text, err, errlen);
	it = ret >= 0 ? nftnl_expr_iter_create(r) : NULL;
	if (ret >= 0 && !it)
		ret = KC_ERR_NOMEM;
	while (it && ret >= 0 && (e = nftnl_expr_iter_next(it))) {
		nftnl_expr_snprintf(buf, sizeof(buf), e, NFTNL_OUTPUT_DEFAULT, 0);
		ret = kc_strbuf_addf(out, "[ %s %s]\n", nftnl_expr_get_str(e, NFTNL_EXPR_NAME),
				     buf);
	}
	nftnl_expr_iter_destroy(it);
	knft_compile_ctx_release(&ctx);
	knft_nftnl_rule_free(r);
	return ret;
}
