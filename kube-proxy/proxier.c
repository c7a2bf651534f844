/*
 * proxier.c - the nftables proxier's rules and incremental syncs (upstream:
 * pkg/proxy/nftables/proxier.go: setupNFTables(), syncProxyRules(),
 * writeServiceToEndpointRules(), hashAndTruncate(), CleanupLeftovers()).
 *
 * Each service key ("ns/name") maps to the state it programmed: its chains (name and rule
 * text) and map elements.  A sync recomputes the pending services only and emits the
 * difference; see proxier.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/sha.h>

#include "kube-proxy/proxier.h"
#include "kube-proxy/proxy.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"
#include "libkcommon/json.h"
#include "libkcommon/log.h"
#include "libkcommon/meta.h"
#include "libkcommon/store.h"
#include "libkcommon/strbuf.h"

/* Table objects (upstream's constants). */
#define SERVICES_CHAIN        "services"
#define SERVICE_IPS_MAP       "service-ips"
#define SERVICE_NODEPORTS_MAP "service-nodeports"
#define NODEPORT_IPS_SET      "nodeport-ips"
#define CLUSTER_IPS_SET       "cluster-ips"
#define SERVICE_EP_CHECK      "service-endpoints-check"
#define NODEPORT_EP_CHECK     "nodeport-endpoints-check"
#define CLUSTER_IPS_CHECK     "cluster-ips-check"
#define NO_ENDPOINT_SERVICES  "no-endpoint-services"
#define NO_ENDPOINT_NODEPORTS "no-endpoint-nodeports"
#define REJECT_CHAIN          "reject-chain"
#define FIREWALL_IPS_MAP      "firewall-ips"
#define FIREWALL_CHECK_CHAIN  "firewall-check"
#define MARK_MASQ_CHAIN       "mark-for-masquerade"
#define MASQUERADING_CHAIN    "masquerading"

#define CHAIN_NAME_BASE_MAX  (256 - 16)
#define STALE_CHAIN_DELAY_NS 1000000000LL

enum {
	MAP_SERVICE_IPS,
	MAP_SERVICE_NODEPORTS,
	MAP_NO_EP_SERVICES,
	MAP_NO_EP_NODEPORTS,
	MAP_FIREWALL_IPS,
	MAP_CLUSTER_IPS, /* a set: its elements have no value */
	N_MAPS
};
static const char *const map_names[N_MAPS] = { SERVICE_IPS_MAP,       SERVICE_NODEPORTS_MAP,
					       NO_ENDPOINT_SERVICES,  NO_ENDPOINT_NODEPORTS,
					       FIREWALL_IPS_MAP,      CLUSTER_IPS_SET };

/* ---- per-service state ---- */

/*
 * A chain: its rules as text (one per line) only while a sync writes it; the programmed state
 * keeps a hash of them, which is all a later diff needs (10,000 services x 6 chains of text
 * would be most of kube-proxy's memory).
 */
struct chain_state {
	char *name;
	char *rules;
	uint64_t hash;
	size_t n_rules;
};

struct elem_state {
	int map;
	char *key;
	char *value;
	char *comment;
};

struct set_state {
	char *name;
	int64_t timeout_s;
};

/* What one UDP service port needs for conntrack clean-up, and health checks. */
struct port_info {
	char *service_ips; /* cluster, external and LB IPs, space separated */
	int port;
	int node_port;
	int udp;
	struct kc_strv endpoint_ips; /* reachable endpoints' IPs */
	int hc_port;
	int local_endpoints;
};

struct svc_state {
	struct chain_state *chains;
	size_t n_chains, cap_chains;
	struct elem_state *elems;
	size_t n_elems, cap_elems;
	struct set_state *sets;
	size_t n_sets, cap_sets;
	struct port_info *ports;
	size_t n_ports;
	int no_local_internal, no_local_external;
};

struct kp_proxier {
	struct kp_proxier_config cfg;
	char *hostname, *node_ip, *detect_local_mode, *local_cidr, *local_iface;
	struct kc_strv nodeport_ips;
	const char *ipx;       /* "ip" / "ip6" */
	const char *addr_type; /* "ipv4_addr" / "ipv6_addr" */
	char masq_mark[16];
	struct kc_store *services, *slices;
	struct kp_tracker tracker;
	struct kc_strmap *state;        /* "ns/name" -> struct svc_state */
	struct kc_strmap *stale_chains; /* chain -> (int64_t *) time it became stale */
	int need_full;
	int recreated_base_chains; /* upstream's "flushed": base chains re-made once */
	/* Built by kp_proxier_build(), committed by kp_proxier_sync(). */
	struct kc_strmap *next_state; /* key -> new svc_state (NULL value: service gone) */
	struct kc_strv deleted_stale; /* stale chains the built tx deletes */
	struct kc_strv new_stale;     /* chains the built tx flushes as stale */
	struct kc_strv revived;       /* stale chains the built tx writes again */
	int built_full;
};

static void
svc_state_free(void *v)
{
	struct svc_state *s = v;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_chains; i++) {
		free(s->chains[i].name);
		free(s->chains[i].rules);
	}
	for (i = 0; i < s->n_elems; i++) {
		free(s->elems[i].key);
		free(s->elems[i].value);
		free(s->elems[i].comment);
	}
	for (i = 0; i < s->n_sets; i++)
		free(s->sets[i].name);
	for (i = 0; i < s->n_ports; i++) {
		free(s->ports[i].service_ips);
		kc_strv_release(&s->ports[i].endpoint_ips);
	}
	free(s->chains);
	free(s->elems);
	free(s->sets);
	free(s->ports);
	free(s);
}

/* Grows an array of `size`-byte items to hold one more; KC_ERR_NOMEM. */
static int
grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return KC_ERR_NOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* FNV-1a, 64 bits: equal rule texts, equal hashes; a collision needs 2^32 chains. */
static uint64_t
hash_text(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/* The programmed form of a state: rule texts dropped, hashes kept. */
static void
svc_state_shrink(struct svc_state *s)
{
	void *v;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n_chains; i++) {
		free(s->chains[i].rules);
		s->chains[i].rules = NULL;
	}
	/* arrays trimmed to their length (a failed realloc keeps the larger block) */
	if (s->n_chains && s->n_chains < s->cap_chains &&
	    (v = realloc(s->chains, s->n_chains * sizeof(*s->chains)))) {
		s->chains = v;
		s->cap_chains = s->n_chains;
	}
	if (s->n_elems && s->n_elems < s->cap_elems &&
	    (v = realloc(s->elems, s->n_elems * sizeof(*s->elems)))) {
		s->elems = v;
		s->cap_elems = s->n_elems;
	}
}

/* ---- transactions ---- */

void
kp_tx_release(struct kp_tx *tx)
{
	size_t i;

	for (i = 0; i < tx->n; i++) {
		free(tx->ops[i].name);
		free(tx->ops[i].text);
		free(tx->ops[i].value);
		free(tx->ops[i].comment);
	}
	free(tx->ops);
	memset(tx, 0, sizeof(*tx));
}

static char *
dup_or_null(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

static int
tx_push(struct kp_tx *tx, enum kp_verb verb, enum kp_kind kind, const char *name, const char *text,
	const char *value, const char *comment)
{
	struct kp_op *op;
	int failed = 0;

	if (grow((void **)&tx->ops, &tx->cap, tx->n, sizeof(*tx->ops)) < 0)
		return KC_ERR_NOMEM;
	op = &tx->ops[tx->n];
	memset(op, 0, sizeof(*op));
	op->verb = verb;
	op->kind = kind;
	op->name = dup_or_null(name, &failed);
	op->text = dup_or_null(text, &failed);
	op->value = dup_or_null(value, &failed);
	op->comment = dup_or_null(comment, &failed);
	if (failed) {
		free(op->name);
		free(op->text);
		free(op->value);
		free(op->comment);
		return KC_ERR_NOMEM;
	}
	tx->n++;
	return 0;
}

size_t
kp_tx_count(const struct kp_tx *tx, enum kp_verb verb, enum kp_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < tx->n; i++)
		n += tx->ops[i].verb == verb && tx->ops[i].kind == kind;
	return n;
}

long
kp_tx_find(const struct kp_tx *tx, enum kp_verb verb, enum kp_kind kind, const char *name,
	   const char *text)
{
	size_t i;

	for (i = 0; i < tx->n; i++) {
		const struct kp_op *op = &tx->ops[i];

		if (op->verb == verb && op->kind == kind && op->name &&
		    strcmp(op->name, name) == 0 &&
		    (!text || (op->text && strcmp(op->text, text) == 0)))
			return (long)i;
	}
	return -1;
}

static const char *const verb_names[] = { "add", "flush", "delete" };

static int
render_object(const struct kp_op *op, const char *fam, struct kc_strbuf *out)
{
	const char *v = verb_names[op->verb];

	switch (op->kind) {
	case KP_TABLE:
		if (op->verb == KP_ADD && op->comment)
			return kc_strbuf_addf(out, "add table %s kube-proxy { comment \"%s\" ; }\n",
					      fam, op->comment);
		return kc_strbuf_addf(out, "%s table %s kube-proxy\n", v, fam);
	case KP_CHAIN:
		if (op->verb == KP_ADD && op->value)
			return kc_strbuf_addf(out, "add chain %s kube-proxy %s { type %s ; }\n",
					      fam, op->name, op->value);
		if (op->verb == KP_ADD && op->comment)
			return kc_strbuf_addf(out,
					      "add chain %s kube-proxy %s { comment \"%s\" ; }\n",
					      fam, op->name, op->comment);
		return kc_strbuf_addf(out, "%s chain %s kube-proxy %s\n", v, fam, op->name);
	case KP_RULE:
		return kc_strbuf_addf(out, "add rule %s kube-proxy %s %s\n", fam, op->name,
				      op->text);
	case KP_SET:
	case KP_MAP: {
		const char *k = op->kind == KP_SET ? "set" : "map";
		int r;

		if (op->verb != KP_ADD)
			return kc_strbuf_addf(out, "%s %s %s kube-proxy %s\n", v, k, fam, op->name);
		r = kc_strbuf_addf(out, "add %s %s kube-proxy %s { type %s ;", k, fam, op->name,
				   op->text);
		if (r >= 0 && op->flags)
			r = kc_strbuf_addf(
				out, " flags %s%s%s ;",
				op->flags & KP_SET_FLAG_DYNAMIC ? "dynamic" : "",
				op->flags == (KP_SET_FLAG_DYNAMIC | KP_SET_FLAG_TIMEOUT) ? "," : "",
				op->flags & KP_SET_FLAG_TIMEOUT ? "timeout" : "");
		if (r >= 0 && op->timeout_s)
			r = kc_strbuf_addf(out, " timeout %llds ;", (long long)op->timeout_s);
		if (r >= 0 && op->comment)
			r = kc_strbuf_addf(out, " comment \"%s\" ;", op->comment);
		return r < 0 ? r : kc_strbuf_adds(out, " }\n");
	}
	case KP_ELEMENT:
		if (op->verb == KP_DELETE)
			return kc_strbuf_addf(out, "delete element %s kube-proxy %s { %s }\n", fam,
					      op->name, op->text);
		if (op->value && op->comment)
			return kc_strbuf_addf(
				out, "add element %s kube-proxy %s { %s comment \"%s\" : %s }\n",
				fam, op->name, op->text, op->comment, op->value);
		if (op->value)
			return kc_strbuf_addf(out, "add element %s kube-proxy %s { %s : %s }\n",
					      fam, op->name, op->text, op->value);
		return kc_strbuf_addf(out, "add element %s kube-proxy %s { %s }\n", fam, op->name,
				      op->text);
	}
	return KC_ERR_INVALID;
}

int
kp_tx_render(const struct kp_tx *tx, const char *family, struct kc_strbuf *out)
{
	size_t i;

	for (i = 0; i < tx->n; i++)
		if (render_object(&tx->ops[i], family, out) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

int
kp_cleanup_tx(struct kp_tx *tx)
{
	return tx_push(tx, KP_DELETE, KP_TABLE, NULL, NULL, NULL, NULL);
}

/* ---- names ---- */

char *
kp_hash_and_truncate(const char *name)
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char hash[SHA256_DIGEST_LENGTH];
	uint64_t bits = 0;
	char prefix[9], *out;
	int i;

	SHA256((const unsigned char *)name, strlen(name), hash);
	/* The first 8 base32 characters are the first 40 bits. */
	for (i = 0; i < 5; i++)
		bits = bits << 8 | hash[i];
	for (i = 0; i < 8; i++)
		prefix[i] = b32[(bits >> (35 - 5 * i)) & 31];
	prefix[8] = '\0';
	out = kc_strfmt("%s-%s", prefix, name);
	if (out && strlen(out) > CHAIN_NAME_BASE_MAX)
		strcpy(out + CHAIN_NAME_BASE_MAX - 3, "...");
	return out;
}

static char *
port_chain_base(const struct kp_service_port *sp)
{
	KC_AUTOFREE char *name =
		kc_strfmt("%s/%s/%s/%s", sp->namespace, sp->name, sp->protocol, sp->port_name);

	return name ? kp_hash_and_truncate(name) : NULL;
}

static char *
endpoint_chain_base(const struct kp_service_port *sp, const struct kp_endpoint *ep)
{
	char ip[48];
	size_t i;
	KC_AUTOFREE char *name = NULL;

	/* IPv6 colons are not allowed in chain names. */
	for (i = 0; ep->ip[i] && i < sizeof(ip) - 1; i++)
		ip[i] = ep->ip[i] == ':' ? '.' : ep->ip[i];
	ip[i] = '\0';
	name = kc_strfmt("%s/%s/%s/%s__%s/%d", sp->namespace, sp->name, sp->protocol, sp->port_name,
			 ip, ep->port);
	return name ? kp_hash_and_truncate(name) : NULL;
}

/* Whether a chain name is one of a service's (they all hold '/'): isServiceChainName(). */
static int
is_service_chain(const char *name)
{
	return strchr(name, '/') != NULL;
}

/* ---- building one service's state ---- */

/* A chain under construction inside a svc_state. */
static struct chain_state *
state_chain(struct svc_state *s, const char *name)
{
	struct chain_state *c;
	size_t i;

	for (i = 0; i < s->n_chains; i++)
		if (strcmp(s->chains[i].name, name) == 0)
			return &s->chains[i];
	if (grow((void **)&s->chains, &s->cap_chains, s->n_chains, sizeof(*s->chains)) < 0)
		return NULL;
	c = &s->chains[s->n_chains];
	memset(c, 0, sizeof(*c));
	c->name = strdup(name);
	c->rules = strdup("");
	if (!c->name || !c->rules) {
		free(c->name);
		free(c->rules);
		return NULL;
	}
	s->n_chains++;
	return c;
}

static int state_rule(struct svc_state *s, const char *chain, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
state_rule(struct svc_state *s, const char *chain, const char *fmt, ...)
{
	struct chain_state *c = state_chain(s, chain);
	KC_AUTOFREE char *rule = NULL;
	char *joined;
	va_list ap;

	if (!c)
		return KC_ERR_NOMEM;
	va_start(ap, fmt);
	rule = kc_vstrfmt(fmt, ap);
	va_end(ap);
	if (!rule)
		return KC_ERR_NOMEM;
	joined = kc_strfmt("%s%s\n", c->rules, rule);
	if (!joined)
		return KC_ERR_NOMEM;
	free(c->rules);
	c->rules = joined;
	c->n_rules++;
	return 0;
}

static int
state_elem(struct svc_state *s, int map, const char *key, const char *value, const char *comment)
{
	struct elem_state *e;
	size_t i;

	for (i = 0; i < s->n_elems; i++)
		if (s->elems[i].map == map && strcmp(s->elems[i].key, key) == 0)
			return 0; /* the same IP:port twice (an external IP equal to another) */
	if (grow((void **)&s->elems, &s->cap_elems, s->n_elems, sizeof(*s->elems)) < 0)
		return KC_ERR_NOMEM;
	e = &s->elems[s->n_elems];
	e->map = map;
	e->key = strdup(key);
	e->value = strdup(value);
	e->comment = comment ? strdup(comment) : NULL;
	if (!e->key || !e->value || (comment && !e->comment)) {
		free(e->key);
		free(e->value);
		free(e->comment);
		return KC_ERR_NOMEM;
	}
	s->n_elems++;
	return 0;
}

static int
state_set(struct svc_state *s, const char *name, int64_t timeout_s)
{
	if (grow((void **)&s->sets, &s->cap_sets, s->n_sets, sizeof(*s->sets)) < 0)
		return KC_ERR_NOMEM;
	s->sets[s->n_sets].name = strdup(name);
	if (!s->sets[s->n_sets].name)
		return KC_ERR_NOMEM;
	s->sets[s->n_sets++].timeout_s = timeout_s;
	return 0;
}

/* Everything one service port needs while its rules are written. */
struct port_ctx {
	struct kp_proxier *p;
	struct svc_state *s;
	const struct kp_service_port *sp;
	const struct kp_endpoints *eps;
	char *spn; /* ServicePortName string, for comments */
	char *cluster_chain, *local_chain, *external_chain, *firewall_chain;
	char **ep_chains;   /* per endpoint (index into eps), NULL when unused */
	char **ep_affinity; /* per endpoint */
};

static void
port_ctx_release(struct port_ctx *c)
{
	size_t i;

	for (i = 0; c->eps && i < c->eps->n; i++) {
		if (c->ep_chains)
			free(c->ep_chains[i]);
		if (c->ep_affinity)
			free(c->ep_affinity[i]);
	}
	free(c->ep_chains);
	free(c->ep_affinity);
	free(c->spn);
	free(c->cluster_chain);
	free(c->local_chain);
	free(c->external_chain);
	free(c->firewall_chain);
}

static int
port_ctx_init(struct port_ctx *c)
{
	KC_AUTOFREE char *base = port_chain_base(c->sp);
	size_t i;

	c->spn = kp_service_port_name(c->sp);
	if (!base || !c->spn)
		return KC_ERR_NOMEM;
	c->cluster_chain = kc_strfmt("service-%s", base);
	c->local_chain = kc_strfmt("local-%s", base);
	c->external_chain = kc_strfmt("external-%s", base);
	c->firewall_chain = kc_strfmt("firewall-%s", base);
	c->ep_chains = calloc(c->eps->n + 1, sizeof(char *));
	c->ep_affinity = calloc(c->eps->n + 1, sizeof(char *));
	if (!c->cluster_chain || !c->local_chain || !c->external_chain || !c->firewall_chain ||
	    !c->ep_chains || !c->ep_affinity)
		return KC_ERR_NOMEM;
	for (i = 0; i < c->eps->n; i++) {
		KC_AUTOFREE char *eb = endpoint_chain_base(c->sp, &c->eps->v[i]);

		if (!eb)
			return KC_ERR_NOMEM;
		c->ep_chains[i] = kc_strfmt("endpoint-%s", eb);
		c->ep_affinity[i] = kc_strfmt("affinity-%s", eb);
		if (!c->ep_chains[i] || !c->ep_affinity[i])
			return KC_ERR_NOMEM;
	}
	return 0;
}

/* upstream localDetector.IfLocalNFT() / IfNotLocalNFT(); NULL when not implemented. */
static char *
local_match(const struct kp_proxier *p, int negate)
{
	const char *mode = p->detect_local_mode;

	if (!mode)
		return NULL;
	if ((strcmp(mode, "ClusterCIDR") == 0 || strcmp(mode, "NodeCIDR") == 0) && p->local_cidr &&
	    *p->local_cidr)
		return kc_strfmt("%s saddr %s%s", p->ipx, negate ? "!= " : "", p->local_cidr);
	if (strcmp(mode, "BridgeInterface") == 0 && p->local_iface)
		return kc_strfmt("iifname %s%s", negate ? "!= " : "", p->local_iface);
	if (strcmp(mode, "InterfaceNamePrefix") == 0 && p->local_iface)
		return kc_strfmt("iifname %s\"%s*\"", negate ? "!= " : "", p->local_iface);
	return NULL;
}

/* writeServiceToEndpointRules(): affinity rules, then `numgen random mod N vmap`. */
static int
write_service_to_endpoints(struct port_ctx *c, const char *chain, const size_t *idx, size_t n)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	size_t i;
	int r = 0;

	if (c->sp->sticky_seconds > 0)
		for (i = 0; r >= 0 && i < n; i++)
			r = state_rule(c->s, chain, "%s saddr @%s goto %s", c->p->ipx,
				       c->ep_affinity[idx[i]], c->ep_chains[idx[i]]);
	for (i = 0; r >= 0 && i < n; i++)
		r = kc_strbuf_addf(&sb, "%s%zu : goto %s", i ? " , " : "", i, c->ep_chains[idx[i]]);
	if (r >= 0)
		r = state_rule(c->s, chain, "numgen random mod %zu vmap { %s }", n, sb.buf);
	kc_strbuf_release(&sb);
	return r;
}

static int
write_endpoint_chain(struct port_ctx *c, size_t i)
{
	const struct kp_endpoint *ep = &c->eps->v[i];
	const char *chain = c->ep_chains[i];
	char eps[64];
	int r;

	/* Hairpin: a pod reaching itself through the service is masqueraded. */
	r = state_rule(c->s, chain, "%s saddr %s jump %s", c->p->ipx, ep->ip, MARK_MASQ_CHAIN);
	if (r >= 0 && c->sp->sticky_seconds > 0)
		r = state_rule(c->s, chain, "update @%s { %s saddr }", c->ep_affinity[i],
			       c->p->ipx);
	if (r >= 0)
		r = state_rule(c->s, chain, "meta l4proto %s dnat to %s", c->sp->protocol,
			       kp_endpoint_string(ep, eps, sizeof(eps)));
	return r;
}

struct verdicts {
	int has_any, has_internal, has_external;
	const char *internal_filter, *external_filter;
	const char *internal_chain, *external_policy_chain;
};

/* The map elements of one service port (clusterIP, externalIPs, LB IPs, nodePort). */
static int
write_port_elements(struct port_ctx *c, const struct verdicts *v, int uses_fw)
{
	const struct kp_service_port *sp = c->sp;
	char key[128];
	KC_AUTOFREE char *go_int = kc_strfmt("goto %s", v->internal_chain);
	KC_AUTOFREE char *go_ext = kc_strfmt("goto %s", c->external_chain);
	KC_AUTOFREE char *go_fw = kc_strfmt("goto %s", c->firewall_chain);
	size_t i;
	int r = 0;

	if (!go_int || !go_ext || !go_fw)
		return KC_ERR_NOMEM;
	/* Every port of the service adds it; state_elem() keeps one. */
	r = state_elem(c->s, MAP_CLUSTER_IPS, sp->cluster_ip, "", NULL);
	snprintf(key, sizeof(key), "%s . %s . %d", sp->cluster_ip, sp->protocol, sp->port);
	if (r < 0)
		return r;
	if (v->has_internal)
		r = state_elem(c->s, MAP_SERVICE_IPS, key, go_int, NULL);
	else
		r = state_elem(c->s, MAP_NO_EP_SERVICES, key, v->internal_filter, c->spn);
	for (i = 0; r >= 0 && i < sp->external_ips.n + sp->lb_ips.n; i++) {
		int lb = i >= sp->external_ips.n;
		const char *ip = lb ? sp->lb_ips.v[i - sp->external_ips.n] : sp->external_ips.v[i];

		snprintf(key, sizeof(key), "%s . %s . %d", ip, sp->protocol, sp->port);
		if (v->has_any)
			r = state_elem(c->s, MAP_SERVICE_IPS, key, go_ext, NULL);
		if (r >= 0 && lb && uses_fw)
			r = state_elem(c->s, MAP_FIREWALL_IPS, key, go_fw, c->spn);
		if (r >= 0 && !v->has_external)
			r = state_elem(c->s, MAP_NO_EP_SERVICES, key, v->external_filter, c->spn);
	}
	if (r >= 0 && sp->node_port) {
		snprintf(key, sizeof(key), "%s . %d", sp->protocol, sp->node_port);
		if (v->has_any)
			r = state_elem(c->s, MAP_SERVICE_NODEPORTS, key, go_ext, NULL);
		if (r >= 0 && !v->has_external)
			r = state_elem(c->s, MAP_NO_EP_NODEPORTS, key, v->external_filter, c->spn);
	}
	return r;
}

static int
write_firewall_chain(struct port_ctx *c)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	size_t i;
	int r = 0;

	for (i = 0; r >= 0 && i < c->sp->lb_source_ranges.n; i++)
		r = kc_strbuf_addf(&sb, "%s%s", i ? ", " : "", c->sp->lb_source_ranges.v[i]);
	if (r >= 0)
		r = state_rule(c->s, c->firewall_chain, "%s saddr != { %s } drop", c->p->ipx,
			       sb.buf);
	kc_strbuf_release(&sb);
	return r;
}

/* The external chain: masquerade or short-circuit rules, then the policy chain. */
static int
write_external_chain(struct port_ctx *c, const struct verdicts *v)
{
	const char *ext = c->external_chain;
	int r = 0;

	if (!c->sp->external_policy_local)
		return state_rule(c->s, ext, "jump %s", MARK_MASQ_CHAIN) < 0
			       ? KC_ERR_NOMEM
			       : (v->has_external ? state_rule(c->s, ext, "goto %s",
							       v->external_policy_chain)
						  : 0);
	{
		KC_AUTOFREE char *is_local = local_match(c->p, 0);

		if (is_local)
			r = state_rule(c->s, ext,
				       "%s goto %s comment \"short-circuit pod traffic\"",
				       is_local, c->cluster_chain);
	}
	if (r >= 0)
		r = state_rule(c->s, ext,
			       "fib saddr type local jump %s comment \"masquerade local traffic\"",
			       MARK_MASQ_CHAIN);
	if (r >= 0)
		r = state_rule(c->s, ext,
			       "fib saddr type local goto %s comment \"short-circuit local traffic\"",
			       c->cluster_chain);
	if (r >= 0 && v->has_external)
		r = state_rule(c->s, ext, "goto %s", v->external_policy_chain);
	return r;
}

static int
write_internal_masquerade(struct port_ctx *c, const struct verdicts *v)
{
	KC_AUTOFREE char *not_local = NULL;

	if (c->p->cfg.masquerade_all)
		return state_rule(c->s, v->internal_chain, "%s daddr %s %s dport %d jump %s",
				  c->p->ipx, c->sp->cluster_ip, c->sp->protocol, c->sp->port,
				  MARK_MASQ_CHAIN);
	not_local = local_match(c->p, 1);
	if (!not_local)
		return 0;
	return state_rule(c->s, v->internal_chain, "%s daddr %s %s dport %d %s jump %s", c->p->ipx,
			  c->sp->cluster_ip, c->sp->protocol, c->sp->port, not_local,
			  MARK_MASQ_CHAIN);
}

static int
fill_port_info(struct port_ctx *c, const size_t *reach, size_t n_reach, size_t n_local)
{
	struct port_info *pi = &c->s->ports[c->s->n_ports];
	struct kc_strbuf sb = KC_STRBUF_INIT;
	size_t i;
	int r;

	memset(pi, 0, sizeof(*pi));
	c->s->n_ports++;
	pi->port = c->sp->port;
	pi->node_port = c->sp->node_port;
	pi->udp = strcmp(c->sp->protocol, "udp") == 0;
	pi->hc_port = c->sp->health_check_node_port;
	pi->local_endpoints = (int)n_local;
	if (!pi->udp)
		return 0; /* the addresses only serve UDP conntrack clean-up */
	r = kc_strbuf_adds(&sb, c->sp->cluster_ip);
	for (i = 0; r >= 0 && i < c->sp->external_ips.n; i++)
		r = kc_strbuf_addf(&sb, " %s", c->sp->external_ips.v[i]);
	for (i = 0; r >= 0 && i < c->sp->lb_ips.n; i++)
		r = kc_strbuf_addf(&sb, " %s", c->sp->lb_ips.v[i]);
	pi->service_ips = r < 0 ? NULL : kc_strbuf_detach(&sb, NULL);
	kc_strbuf_release(&sb);
	if (!pi->service_ips)
		return KC_ERR_NOMEM;
	for (i = 0; i < n_reach; i++)
		if (kc_strv_push(&pi->endpoint_ips, c->eps->v[reach[i]].ip) < 0)
			return KC_ERR_NOMEM;
	return 0;
}

/* The body of the per-port loop of syncProxyRules(). */
static int
write_port(struct port_ctx *c)
{
	const struct kp_service_port *sp = c->sp;
	size_t n = c->eps->n ? c->eps->n : 1;
	KC_AUTOFREE size_t *cl = calloc(n, sizeof(size_t));
	KC_AUTOFREE size_t *lo = calloc(n, sizeof(size_t));
	KC_AUTOFREE size_t *re = calloc(n, sizeof(size_t));
	size_t ncl, nlo, nre, i;
	struct verdicts v = { 0 };
	int uses_cluster, uses_local, uses_ext, uses_fw, r = 0;

	if (!cl || !lo || !re)
		return KC_ERR_NOMEM;
	v.has_any = kp_categorize_endpoints(c->eps, sp, cl, &ncl, lo, &nlo, re, &nre);
	uses_cluster = ncl > 0 && kp_service_port_uses_cluster_endpoints(sp);
	uses_local = nlo > 0 && kp_service_port_uses_local_endpoints(sp);
	v.internal_chain = sp->internal_policy_local ? c->local_chain : c->cluster_chain;
	v.has_internal = v.has_any && (!sp->internal_policy_local || nlo > 0);
	v.external_policy_chain = sp->external_policy_local ? c->local_chain : c->cluster_chain;
	v.has_external = v.has_any && (!sp->external_policy_local || nlo > 0);
	uses_ext = v.has_any && kp_service_port_externally_accessible(sp);
	if (!v.has_any) {
		v.internal_filter = "goto " REJECT_CHAIN;
		v.external_filter = "goto " REJECT_CHAIN;
	} else {
		v.internal_filter = "drop";
		v.external_filter = "drop";
		c->s->no_local_internal += !v.has_internal;
		c->s->no_local_external += !v.has_external;
	}
	uses_fw = sp->lb_ips.n > 0 && sp->lb_source_ranges.n > 0;
	/* Chains first, in upstream's order, so their names are known. */
	for (i = 0; r >= 0 && i < nre; i++)
		r = state_chain(c->s, c->ep_chains[re[i]]) ? 0 : KC_ERR_NOMEM;
	if (r >= 0 && uses_cluster)
		r = state_chain(c->s, c->cluster_chain) ? 0 : KC_ERR_NOMEM;
	if (r >= 0 && uses_local)
		r = state_chain(c->s, c->local_chain) ? 0 : KC_ERR_NOMEM;
	if (r >= 0 && uses_ext)
		r = state_chain(c->s, c->external_chain) ? 0 : KC_ERR_NOMEM;
	if (r >= 0)
		r = write_port_elements(c, &v, uses_fw);
	if (r >= 0 && uses_fw)
		r = write_firewall_chain(c);
	if (r >= 0 && v.has_internal)
		r = write_internal_masquerade(c, &v);
	if (r >= 0 && uses_ext)
		r = write_external_chain(c, &v);
	for (i = 0; r >= 0 && sp->sticky_seconds > 0 && i < nre; i++)
		r = state_set(c->s, c->ep_affinity[re[i]], sp->sticky_seconds);
	if (r >= 0 && uses_cluster)
		r = write_service_to_endpoints(c, c->cluster_chain, cl, ncl);
	if (r >= 0 && uses_local)
		r = write_service_to_endpoints(c, c->local_chain, lo, nlo);
	for (i = 0; r >= 0 && i < nre; i++)
		r = write_endpoint_chain(c, re[i]);
	if (r >= 0)
		r = fill_port_info(c, re, nre, sp->external_policy_local ? nlo : 0);
	return r;
}

struct slice_collect {
	json_t *arr;
};

static int
collect_slice(void *arg, const char *key, const json_t *obj)
{
	struct slice_collect *sc = arg;

	(void)key;
	return json_array_append(sc->arr, (json_t *)obj) < 0 ? KC_ERR_NOMEM : 0;
}

/* The new state of service `key` (NULL in *ret when it programs nothing). */
static int
compute_service(struct kp_proxier *p, const char *key, struct svc_state **ret)
{
	const json_t *svc = p->services ? kc_store_get(p->services, key) : NULL;
	struct kp_service ks;
	struct svc_state *s;
	struct slice_collect sc = { NULL };
	size_t i;
	int r = 0;

	*ret = NULL;
	if (kp_service_parse(svc, p->cfg.family, &ks) < 0)
		return KC_ERR_NOMEM;
	if (ks.n == 0)
		return 0;
	s = calloc(1, sizeof(*s));
	s->ports = calloc(ks.n, sizeof(*s->ports));
	sc.arr = json_array();
	if (!s || !s->ports || !sc.arr)
		r = KC_ERR_NOMEM;
	if (r >= 0 && p->slices)
		r = kc_store_by_index(p->slices, KP_SLICE_INDEX, key, collect_slice, &sc);
	for (i = 0; r >= 0 && i < ks.n; i++) {
		struct kp_endpoints eps;
		struct port_ctx c = { .p = p, .s = s, .sp = ks.ports[i], .eps = &eps };

		r = kp_endpoints_collect(sc.arr, ks.ports[i], p->cfg.family, p->hostname, &eps);
		if (r < 0)
			break;
		r = port_ctx_init(&c);
		if (r >= 0)
			r = write_port(&c);
		port_ctx_release(&c);
		kp_endpoints_release(&eps);
	}
	json_decref(sc.arr);
	kp_service_release(&ks);
	if (r < 0) {
		svc_state_free(s);
		return r == KC_ERR_NOT_FOUND ? KC_ERR_INVALID : r;
	}
	for (i = 0; i < s->n_chains; i++)
		s->chains[i].hash = hash_text(s->chains[i].rules);
	*ret = s;
	return 0;
}

/* ---- the proxier object ---- */

int
kp_slice_index_fn(void *arg, const json_t *obj, struct kc_strv *ret_values)
{
	char *key = kp_slice_service_key(obj);

	(void)arg;
	if (!key)
		return 0;
	return kc_strv_push_steal(ret_values, key);
}

struct kp_proxier *
kp_proxier_new(const struct kp_proxier_config *cfg)
{
	struct kp_proxier *p;
	size_t i;

	if (cfg->family != 4 && cfg->family != 6)
		return NULL;
	if (cfg->masquerade_bit < 0 || cfg->masquerade_bit > 31)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->cfg = *cfg;
	p->hostname = cfg->hostname ? strdup(cfg->hostname) : NULL;
	p->node_ip = cfg->node_ip ? strdup(cfg->node_ip) : NULL;
	p->detect_local_mode = cfg->detect_local_mode ? strdup(cfg->detect_local_mode) : NULL;
	p->local_cidr = cfg->local_cidr ? strdup(cfg->local_cidr) : NULL;
	p->local_iface = cfg->local_iface ? strdup(cfg->local_iface) : NULL;
	p->ipx = cfg->family == 6 ? "ip6" : "ip";
	p->addr_type = cfg->family == 6 ? "ipv6_addr" : "ipv4_addr";
	snprintf(p->masq_mark, sizeof(p->masq_mark), "%#08x", 1u << cfg->masquerade_bit);
	p->state = kc_strmap_new();
	p->stale_chains = kc_strmap_new();
	p->need_full = 1;
	for (i = 0; cfg->nodeport_ips && i < cfg->nodeport_ips->n; i++)
		if (kc_strv_push(&p->nodeport_ips, cfg->nodeport_ips->v[i]) < 0)
			return kp_proxier_free(p);
	p->cfg.nodeport_ips = &p->nodeport_ips;
	if (!p->state || !p->stale_chains || kp_tracker_init(&p->tracker, cfg->family) < 0)
		return kp_proxier_free(p);
	return p;
}

static void
free_next_state(struct kp_proxier *p)
{
	p->next_state = kc_strmap_free(p->next_state, svc_state_free);
	kc_strv_release(&p->deleted_stale);
	kc_strv_release(&p->new_stale);
	kc_strv_release(&p->revived);
}

struct kp_proxier *
kp_proxier_free(struct kp_proxier *p)
{
	if (!p)
		return NULL;
	free_next_state(p);
	kc_strmap_free(p->state, svc_state_free);
	kc_strmap_free(p->stale_chains, free);
	kp_tracker_release(&p->tracker);
	kc_strv_release(&p->nodeport_ips);
	free(p->hostname);
	free(p->node_ip);
	free(p->detect_local_mode);
	free(p->local_cidr);
	free(p->local_iface);
	free(p);
	return NULL;
}

void
kp_proxier_set_stores(struct kp_proxier *p, struct kc_store *services, struct kc_store *slices)
{
	p->services = services;
	p->slices = slices;
}

struct kp_tracker *
kp_proxier_tracker(struct kp_proxier *p)
{
	return &p->tracker;
}

void
kp_proxier_need_full_sync(struct kp_proxier *p)
{
	p->need_full = 1;
}

int
kp_proxier_needs_full_sync(const struct kp_proxier *p)
{
	return p->need_full;
}

int64_t
kp_proxier_stale_due(const struct kp_proxier *p)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;
	int64_t due = 0;

	while (kc_strmap_next(p->stale_chains, &it, &k, &v)) {
		int64_t t = *(int64_t *)v + STALE_CHAIN_DELAY_NS;

		if (!due || t < due)
			due = t;
	}
	return due;
}

int
kp_proxier_has_work(const struct kp_proxier *p, int64_t now_ns)
{
	int64_t due = kp_proxier_stale_due(p);

	return p->need_full || kp_tracker_pending(&p->tracker) > 0 || (due && due <= now_ns);
}

void
kp_proxier_counts(const struct kp_proxier *p, size_t *chains, size_t *rules, size_t *elements)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;

	*chains = *rules = *elements = 0;
	while (kc_strmap_next(p->state, &it, &k, &v)) {
		struct svc_state *s = v;
		size_t i;

		*chains += s->n_chains;
		*elements += s->n_elems;
		for (i = 0; i < s->n_chains; i++)
			*rules += s->chains[i].n_rules;
	}
}

/* ---- emitting ---- */

/* setupNFTables()'s base chains, "${type}-${hook}", filter ones around DNAT. */
static const struct {
	const char *name, *spec;
} base_chains[] = {
	{ "filter-prerouting", "filter hook prerouting priority -110" },
	{ "filter-input", "filter hook input priority -110" },
	{ "filter-forward", "filter hook forward priority -110" },
	{ "filter-output", "filter hook output priority -110" },
	{ "filter-output-post-dnat", "filter hook output priority -90" },
	{ "nat-prerouting", "nat hook prerouting priority -100" },
	{ "nat-output", "nat hook output priority -100" },
	{ "nat-postrouting", "nat hook postrouting priority 100" },
};

/* Adds and flushes a regular chain once per transaction (upstream's ensureChain()). */
static int
ensure_top_chain(struct kp_tx *tx, const char *name)
{
	int r;

	if (kp_tx_find(tx, KP_ADD, KP_CHAIN, name, NULL) >= 0)
		return 0;
	r = tx_push(tx, KP_ADD, KP_CHAIN, name, NULL, NULL, NULL);
	return r < 0 ? r : tx_push(tx, KP_FLUSH, KP_CHAIN, name, NULL, NULL, NULL);
}

/*
 * The base chains, each added and flushed.  The first sync of a process first adds and deletes
 * each one so that one left by an older kube-proxy with other properties (priority) is made
 * again rather than failing the transaction.
 */
static int
emit_base_chains(struct kp_proxier *p, struct kp_tx *tx)
{
	size_t i;
	int r = 0;

	for (i = 0; r >= 0 && !p->recreated_base_chains && i < KC_ARRAY_SIZE(base_chains); i++) {
		r = tx_push(tx, KP_ADD, KP_CHAIN, base_chains[i].name, NULL, NULL, NULL);
		if (r >= 0)
			r = tx_push(tx, KP_DELETE, KP_CHAIN, base_chains[i].name, NULL, NULL, NULL);
	}
	for (i = 0; r >= 0 && i < KC_ARRAY_SIZE(base_chains); i++) {
		r = tx_push(tx, KP_ADD, KP_CHAIN, base_chains[i].name, NULL, base_chains[i].spec,
			    NULL);
		if (r >= 0)
			r = tx_push(tx, KP_FLUSH, KP_CHAIN, base_chains[i].name, NULL, NULL, NULL);
	}
	return r;
}

/* The top-level chains jumped to from base chains (upstream's nftablesJumpChains). */
static int
emit_jump_chains(struct kp_tx *tx)
{
	static const struct {
		const char *dst, *src, *extra;
	} jumps[] = {
		/* reject is only valid in input/forward/output hooks before kernel 5.9 */
		{ NODEPORT_EP_CHECK, "filter-input", "ct state new " },
		{ SERVICE_EP_CHECK, "filter-input", "ct state new " },
		{ SERVICE_EP_CHECK, "filter-forward", "ct state new " },
		{ SERVICE_EP_CHECK, "filter-output", "ct state new " },
		{ FIREWALL_CHECK_CHAIN, "filter-prerouting", "ct state new " },
		{ FIREWALL_CHECK_CHAIN, "filter-output", "ct state new " },
		{ SERVICES_CHAIN, "nat-output", "" },
		{ SERVICES_CHAIN, "nat-prerouting", "" },
		{ MASQUERADING_CHAIN, "nat-postrouting", "" },
		{ CLUSTER_IPS_CHECK, "filter-forward", "ct state new " },
		{ CLUSTER_IPS_CHECK, "filter-output-post-dnat", "ct state new " },
	};
	static const char *const others[] = { SERVICES_CHAIN, CLUSTER_IPS_CHECK,
					      MASQUERADING_CHAIN, MARK_MASQ_CHAIN };
	char rule[256];
	size_t i;
	int r = 0;

	for (i = 0; r >= 0 && i < KC_ARRAY_SIZE(jumps); i++) {
		r = ensure_top_chain(tx, jumps[i].dst);
		snprintf(rule, sizeof(rule), "%sjump %s", jumps[i].extra, jumps[i].dst);
		if (r >= 0)
			r = tx_push(tx, KP_ADD, KP_RULE, jumps[i].src, rule, NULL, NULL);
	}
	for (i = 0; r >= 0 && i < KC_ARRAY_SIZE(others); i++)
		r = ensure_top_chain(tx, others[i]);
	return r;
}

/* mark-for-masquerade, masquerading, and cluster-ips with its check chain. */
static int
emit_masquerade_and_cluster_ips(struct kp_proxier *p, struct kp_tx *tx)
{
	char rule[256];
	int r;

	snprintf(rule, sizeof(rule), "mark set mark or %s", p->masq_mark);
	r = tx_push(tx, KP_ADD, KP_RULE, MARK_MASQ_CHAIN, rule, NULL, NULL);
	snprintf(rule, sizeof(rule), "mark and %s == 0 return", p->masq_mark);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, MASQUERADING_CHAIN, rule, NULL, NULL);
	snprintf(rule, sizeof(rule), "mark set mark xor %s", p->masq_mark);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, MASQUERADING_CHAIN, rule, NULL, NULL);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, MASQUERADING_CHAIN, "masquerade fully-random",
			    NULL, NULL);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_SET, CLUSTER_IPS_SET, p->addr_type, NULL,
			    "Active ClusterIPs");
	/*
	 * Upstream also drops traffic to unallocated ClusterIPs of the ServiceCIDRs (fed by the
	 * ServiceCIDR informer of MultiCIDRServiceAllocator, off by default in v1.32); ckube
	 * does not watch ServiceCIDRs, as upstream with the gate off.
	 */
	snprintf(rule, sizeof(rule),
		 "%s daddr @%s reject comment \"Reject traffic to invalid ports of ClusterIPs\"",
		 p->ipx, CLUSTER_IPS_SET);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, CLUSTER_IPS_CHECK, rule, NULL, NULL);
	return r;
}

/* nodeport-ips: "add + delete" when unused, so the delete never fails. */
static int
emit_nodeport_ips(struct kp_proxier *p, struct kp_tx *tx)
{
	int match_all = p->nodeport_ips.n == 0;
	size_t i;
	int r;

	r = tx_push(tx, KP_ADD, KP_SET, NODEPORT_IPS_SET, p->addr_type, NULL,
		    "IPs that accept NodePort traffic");
	if (r >= 0)
		r = tx_push(tx, match_all ? KP_DELETE : KP_FLUSH, KP_SET, NODEPORT_IPS_SET, NULL,
			    NULL, NULL);
	for (i = 0; r >= 0 && !match_all && i < p->nodeport_ips.n; i++)
		r = tx_push(tx, KP_ADD, KP_ELEMENT, NODEPORT_IPS_SET, p->nodeport_ips.v[i], NULL,
			    NULL);
	return r;
}

/* The "no endpoints" drop/reject maps, reject-chain and the two endpoints-check chains. */
static int
emit_no_endpoints(struct kp_proxier *p, struct kp_tx *tx, const char *type)
{
	const char *no_localhost =
		p->cfg.family == 6 ? "ip6 daddr != ::1" : "ip daddr != 127.0.0.0/8";
	char rule[256];
	int r;

	r = tx_push(tx, KP_ADD, KP_MAP, NO_ENDPOINT_SERVICES, type, NULL,
		    "vmap to drop or reject packets to services with no endpoints");
	if (r >= 0)
		r = tx_push(
			tx, KP_ADD, KP_MAP, NO_ENDPOINT_NODEPORTS,
			"inet_proto . inet_service : verdict", NULL,
			"vmap to drop or reject packets to service nodeports with no endpoints");
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_CHAIN, REJECT_CHAIN, NULL, NULL,
			    "helper for @no-endpoint-services / @no-endpoint-nodeports");
	if (r >= 0)
		r = tx_push(tx, KP_FLUSH, KP_CHAIN, REJECT_CHAIN, NULL, NULL, NULL);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, REJECT_CHAIN, "reject", NULL, NULL);
	snprintf(rule, sizeof(rule), "%s daddr . meta l4proto . th dport vmap @%s", p->ipx,
		 NO_ENDPOINT_SERVICES);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, SERVICE_EP_CHECK, rule, NULL, NULL);
	/* Jumped to from filter-input only: no "fib daddr type local" needed. */
	if (p->nodeport_ips.n == 0)
		snprintf(rule, sizeof(rule), "%s meta l4proto . th dport vmap @%s", no_localhost,
			 NO_ENDPOINT_NODEPORTS);
	else
		snprintf(rule, sizeof(rule), "%s daddr @%s meta l4proto . th dport vmap @%s",
			 p->ipx, NODEPORT_IPS_SET, NO_ENDPOINT_NODEPORTS);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, NODEPORT_EP_CHECK, rule, NULL, NULL);
	return r;
}

/* LoadBalancerSourceRanges firewalling and service dispatch. */
static int
emit_firewall_and_dispatch(struct kp_proxier *p, struct kp_tx *tx, const char *type)
{
	char rule[256];
	int r;

	r = tx_push(tx, KP_ADD, KP_MAP, FIREWALL_IPS_MAP, type, NULL,
		    "destinations that are subject to LoadBalancerSourceRanges");
	snprintf(rule, sizeof(rule), "%s daddr . meta l4proto . th dport vmap @%s", p->ipx,
		 FIREWALL_IPS_MAP);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, FIREWALL_CHECK_CHAIN, rule, NULL, NULL);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_MAP, SERVICE_IPS_MAP, type, NULL,
			    "ClusterIP, ExternalIP and LoadBalancer IP traffic");
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_MAP, SERVICE_NODEPORTS_MAP,
			    "inet_proto . inet_service : verdict", NULL, "NodePort traffic");
	snprintf(rule, sizeof(rule), "%s daddr . meta l4proto . th dport vmap @%s", p->ipx,
		 SERVICE_IPS_MAP);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, SERVICES_CHAIN, rule, NULL, NULL);
	if (p->nodeport_ips.n == 0)
		snprintf(rule, sizeof(rule),
			 "fib daddr type local %s meta l4proto . th dport vmap @%s",
			 p->cfg.family == 6 ? "ip6 daddr != ::1" : "ip daddr != 127.0.0.0/8",
			 SERVICE_NODEPORTS_MAP);
	else
		snprintf(rule, sizeof(rule), "%s daddr @%s meta l4proto . th dport vmap @%s",
			 p->ipx, NODEPORT_IPS_SET, SERVICE_NODEPORTS_MAP);
	if (r >= 0)
		r = tx_push(tx, KP_ADD, KP_RULE, SERVICES_CHAIN, rule, NULL, NULL);
	return r;
}

/*
 * setupNFTables() as of v1.32: the table, base chains, top-level chains and their fixed
 * rules, in upstream's order.
 */
static int
emit_setup(struct kp_proxier *p, struct kp_tx *tx)
{
	char type[64];
	int r;

	snprintf(type, sizeof(type), "%s . inet_proto . inet_service : verdict", p->addr_type);
	r = tx_push(tx, KP_ADD, KP_TABLE, NULL, NULL, NULL, "rules for kube-proxy");
	if (r >= 0)
		r = emit_base_chains(p, tx);
	if (r >= 0)
		r = emit_jump_chains(tx);
	if (r >= 0)
		r = emit_masquerade_and_cluster_ips(p, tx);
	if (r >= 0)
		r = emit_nodeport_ips(p, tx);
	if (r >= 0)
		r = emit_no_endpoints(p, tx, type);
	if (r >= 0)
		r = emit_firewall_and_dispatch(p, tx, type);
	return r;
}

/* Writes a chain from scratch: add, flush, its rules. */
static int
emit_chain(struct kp_proxier *p, struct kp_tx *tx, const struct chain_state *c, int add)
{
	const char *line = c->rules;
	int r = 0;

	if (kc_strmap_contains(p->stale_chains, c->name) && kc_strv_push(&p->revived, c->name) < 0)
		return KC_ERR_NOMEM;

	if (add)
		r = tx_push(tx, KP_ADD, KP_CHAIN, c->name, NULL, NULL, NULL);
	if (r >= 0)
		r = tx_push(tx, KP_FLUSH, KP_CHAIN, c->name, NULL, NULL, NULL);
	while (r >= 0 && *line) {
		const char *nl = strchr(line, '\n');
		KC_AUTOFREE char *rule = strndup(line, (size_t)(nl - line));

		if (!rule)
			return KC_ERR_NOMEM;
		r = tx_push(tx, KP_ADD, KP_RULE, c->name, rule, NULL, NULL);
		line = nl + 1;
	}
	return r;
}

static int
emit_set(struct kp_proxier *p, struct kp_tx *tx, const struct set_state *s)
{
	int r = tx_push(tx, KP_ADD, KP_SET, s->name, p->addr_type, NULL, NULL);

	if (r >= 0) {
		tx->ops[tx->n - 1].flags = KP_SET_FLAG_DYNAMIC | KP_SET_FLAG_TIMEOUT;
		tx->ops[tx->n - 1].timeout_s = s->timeout_s;
	}
	return r;
}

static const struct chain_state *
find_chain(const struct svc_state *s, const char *name)
{
	size_t i;

	for (i = 0; s && i < s->n_chains; i++)
		if (strcmp(s->chains[i].name, name) == 0)
			return &s->chains[i];
	return NULL;
}

static const struct elem_state *
find_elem(const struct svc_state *s, int map, const char *key)
{
	size_t i;

	for (i = 0; s && i < s->n_elems; i++)
		if (s->elems[i].map == map && strcmp(s->elems[i].key, key) == 0)
			return &s->elems[i];
	return NULL;
}

static int
has_set(const struct svc_state *s, const char *name)
{
	size_t i;

	for (i = 0; s && i < s->n_sets; i++)
		if (strcmp(s->sets[i].name, name) == 0)
			return 1;
	return 0;
}

static int
emit_elem_add(struct kp_tx *tx, const struct elem_state *e)
{
	/* A set's element (cluster-ips) has no value: kept as "" to compare with the kernel's. */
	return tx_push(tx, KP_ADD, KP_ELEMENT, map_names[e->map], e->key,
		       *e->value ? e->value : NULL, e->comment);
}

static int
emit_elem_delete(struct kp_tx *tx, int map, const char *key)
{
	return tx_push(tx, KP_DELETE, KP_ELEMENT, map_names[map], key, NULL, NULL);
}

/* A chain that no service uses any more: flushed now, deleted a second later. */
static int
retire_chain(struct kp_proxier *p, struct kp_tx *tx, const char *name)
{
	if (kc_strv_push(&p->new_stale, name) < 0)
		return KC_ERR_NOMEM;
	return tx_push(tx, KP_FLUSH, KP_CHAIN, name, NULL, NULL, NULL);
}

/*
 * The difference between one service's old and new state.  Chains are written before map
 * elements refer to them; retired chains are flushed after the elements pointing to them are
 * gone; affinity sets are deleted last.  Element adds go to `adds` (after every service's
 * deletes) and `late` collects what must follow all element changes (flushes, set deletes).
 */
static int
emit_service_diff(struct kp_proxier *p, struct kp_tx *tx, struct kp_tx *adds, struct kp_tx *late,
		  const struct svc_state *old, const struct svc_state *cur)
{
	size_t i;
	int r = 0;

	for (i = 0; r >= 0 && cur && i < cur->n_sets; i++)
		if (!has_set(old, cur->sets[i].name))
			r = emit_set(p, tx, &cur->sets[i]);
	for (i = 0; r >= 0 && cur && i < cur->n_chains; i++) {
		const struct chain_state *oc = find_chain(old, cur->chains[i].name);

		if (!oc || oc->hash != cur->chains[i].hash)
			r = emit_chain(p, tx, &cur->chains[i], !oc);
	}
	for (i = 0; r >= 0 && old && i < old->n_elems; i++) {
		const struct elem_state *ne = find_elem(cur, old->elems[i].map, old->elems[i].key);

		if (!ne || strcmp(ne->value, old->elems[i].value) != 0)
			r = emit_elem_delete(tx, old->elems[i].map, old->elems[i].key);
	}
	for (i = 0; r >= 0 && cur && i < cur->n_elems; i++) {
		const struct elem_state *oe = find_elem(old, cur->elems[i].map, cur->elems[i].key);

		if (!oe || strcmp(oe->value, cur->elems[i].value) != 0)
			r = emit_elem_add(adds, &cur->elems[i]);
	}
	for (i = 0; r >= 0 && old && i < old->n_chains; i++)
		if (!find_chain(cur, old->chains[i].name))
			r = retire_chain(p, late, old->chains[i].name);
	for (i = 0; r >= 0 && old && i < old->n_sets; i++)
		if (!has_set(cur, old->sets[i].name))
			r = tx_push(late, KP_DELETE, KP_SET, old->sets[i].name, NULL, NULL, NULL);
	return r;
}

/* Moves every op of src to the end of dst. */
static int
tx_append(struct kp_tx *dst, struct kp_tx *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		if (grow((void **)&dst->ops, &dst->cap, dst->n, sizeof(*dst->ops)) < 0)
			return KC_ERR_NOMEM;
		dst->ops[dst->n++] = src->ops[i];
	}
	free(src->ops);
	memset(src, 0, sizeof(*src));
	return 0;
}

/* Stale chains due for deletion (flushed at least a second ago and still unused). */
static int
emit_stale_deletes(struct kp_proxier *p, struct kp_tx *tx, int64_t now_ns)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;
	int r = 0;

	while (r >= 0 && kc_strmap_next(p->stale_chains, &it, &k, &v))
		if (*(int64_t *)v + STALE_CHAIN_DELAY_NS <= now_ns) {
			r = tx_push(tx, KP_DELETE, KP_CHAIN, k, NULL, NULL, NULL);
			if (r >= 0)
				r = kc_strv_push(&p->deleted_stale, k);
		}
	return r;
}

/* Every key the services store holds, plus the keys programmed now (deleted services). */
static int
all_service_keys(struct kp_proxier *p, struct kc_strmap *keys)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	struct kc_strv sv = KC_STRV_INIT;
	const char *k;
	void *v;
	size_t i;
	int r = p->services ? kc_store_list_keys(p->services, &sv) : 0;

	for (i = 0; r >= 0 && i < sv.n; i++)
		r = kc_strmap_put(keys, sv.v[i], NULL, NULL);
	while (r >= 0 && kc_strmap_next(p->state, &it, &k, &v))
		r = kc_strmap_put(keys, k, NULL, NULL);
	kc_strv_release(&sv);
	return r < 0 ? KC_ERR_NOMEM : 0;
}

/*
 * The full-sync reconciliation of one map: delete what the kernel holds and nobody wants, and
 * add what is missing or different.  desired: "key" -> value (borrowed elem_state).
 */
static int
reconcile_map(const struct kp_backend *be, struct kp_tx *tx, int map, struct kc_strmap *desired)
{
	struct kc_strv keys = KC_STRV_INIT, values = KC_STRV_INIT;
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	struct kc_strmap *have = NULL;
	const char *k;
	void *v;
	size_t i;
	int r = be && be->list_elements ? be->list_elements(be->arg, map_names[map], &keys, &values)
					: KC_ERR_UNSUPPORTED;

	if (r == KC_ERR_NOT_FOUND)
		r = 0; /* a new table: nothing to reconcile */
	if (r == KC_ERR_UNSUPPORTED) {
		/* The backend cannot list: refill (still one atomic transaction). */
		r = tx_push(tx, KP_FLUSH, map == MAP_CLUSTER_IPS ? KP_SET : KP_MAP,
			    map_names[map], NULL, NULL, NULL);
		while (r >= 0 && kc_strmap_next(desired, &it, &k, &v))
			r = emit_elem_add(tx, v);
		return r;
	}
	if (r < 0 || !(have = kc_strmap_new()))
		goto out;
	for (i = 0; r >= 0 && i < keys.n && i < values.n; i++) {
		const struct elem_state *e = kc_strmap_get(desired, keys.v[i]);

		r = kc_strmap_put(have, keys.v[i], values.v[i], NULL);
		if (r >= 0 && (!e || strcmp(e->value, values.v[i]) != 0))
			r = emit_elem_delete(tx, map, keys.v[i]);
	}
	while (r >= 0 && kc_strmap_next(desired, &it, &k, &v)) {
		const char *hv = kc_strmap_get(have, k);
		const struct elem_state *e = v;

		if (!hv || strcmp(hv, e->value) != 0)
			r = emit_elem_add(tx, e);
	}
out:
	kc_strmap_free(have, NULL);
	kc_strv_release(&keys);
	kc_strv_release(&values);
	return r < 0 ? r : 0;
}

/* Full sync: every chain rewritten, maps, stale chains and affinity sets reconciled. */
static int
build_full(struct kp_proxier *p, const struct kp_backend *be, struct kp_tx *tx, struct kp_tx *late)
{
	struct kc_strmap *desired[N_MAPS] = { NULL }, *chains = kc_strmap_new();
	struct kc_strmap *sets = kc_strmap_new();
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	struct kc_strv listed = KC_STRV_INIT;
	const char *k;
	void *v;
	size_t i;
	int m, r = chains && sets ? emit_setup(p, tx) : KC_ERR_NOMEM;

	for (m = 0; r >= 0 && m < N_MAPS; m++)
		if (!(desired[m] = kc_strmap_new()))
			r = KC_ERR_NOMEM;
	while (r >= 0 && kc_strmap_next(p->next_state, &it, &k, &v)) {
		struct svc_state *s = v;

		for (i = 0; r >= 0 && s && i < s->n_sets; i++) {
			r = emit_set(p, tx, &s->sets[i]);
			if (r >= 0)
				r = kc_strmap_put(sets, s->sets[i].name, NULL, NULL);
		}
		for (i = 0; r >= 0 && s && i < s->n_chains; i++) {
			r = emit_chain(p, tx, &s->chains[i], 1);
			if (r >= 0)
				r = kc_strmap_put(chains, s->chains[i].name, NULL, NULL);
		}
		for (i = 0; r >= 0 && s && i < s->n_elems; i++)
			r = kc_strmap_put(desired[s->elems[i].map], s->elems[i].key, &s->elems[i],
					  NULL);
	}
	for (m = 0; r >= 0 && m < N_MAPS; m++)
		r = reconcile_map(be, tx, m, desired[m]);
	/* Chains in the kernel that no service wants: flush now, delete later. */
	if (r >= 0 && be && be->list) {
		int lr = be->list(be->arg, "chains", &listed);

		for (i = 0; lr >= 0 && r >= 0 && i < listed.n; i++)
			if (is_service_chain(listed.v[i]) &&
			    !kc_strmap_contains(chains, listed.v[i]) &&
			    !kc_strv_contains(&p->deleted_stale, listed.v[i]))
				r = retire_chain(p, late, listed.v[i]);
		kc_strv_release(&listed);
		lr = be->list(be->arg, "sets", &listed);
		for (i = 0; lr >= 0 && r >= 0 && i < listed.n; i++)
			if (strncmp(listed.v[i], "affinity-", 9) == 0 &&
			    !kc_strmap_contains(sets, listed.v[i]))
				r = tx_push(late, KP_DELETE, KP_SET, listed.v[i], NULL, NULL, NULL);
		kc_strv_release(&listed);
	}
	for (m = 0; m < N_MAPS; m++)
		kc_strmap_free(desired[m], NULL);
	kc_strmap_free(chains, NULL);
	kc_strmap_free(sets, NULL);
	return r < 0 ? r : 0;
}

static int
build_partial(struct kp_proxier *p, struct kp_tx *tx, struct kp_tx *late)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;
	int r = 0;

	struct kp_tx adds = { 0 };

	/*
	 * Every element delete goes before every element add: when one service's IP:port passes to
	 * another in the same sync, the key is free again before it is added.
	 */
	while (r >= 0 && kc_strmap_next(p->next_state, &it, &k, &v))
		r = emit_service_diff(p, tx, &adds, late, kc_strmap_get(p->state, k), v);
	if (r >= 0)
		r = tx_append(tx, &adds);
	kp_tx_release(&adds);
	return r;
}

int
kp_proxier_build(struct kp_proxier *p, const struct kp_backend *be, int64_t now_ns,
		 struct kp_tx *tx)
{
	struct kc_strmap *keys = kc_strmap_new();
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	struct kp_tx late = { 0 };
	const char *k;
	void *v;
	int r;

	free_next_state(p);
	p->built_full = p->need_full;
	p->next_state = kc_strmap_new();
	if (!keys || !p->next_state) {
		kc_strmap_free(keys, NULL);
		return KC_ERR_NOMEM;
	}
	if (p->built_full)
		r = all_service_keys(p, keys);
	else
		for (r = 0; r >= 0 && kc_strmap_next(p->tracker.pending, &it, &k, &v);)
			r = kc_strmap_put(keys, k, NULL, NULL) < 0 ? KC_ERR_NOMEM : 0;
	it = (struct kc_strmap_iter)KC_STRMAP_ITER_INIT;
	while (r >= 0 && kc_strmap_next(keys, &it, &k, &v)) {
		struct svc_state *s = NULL;

		r = compute_service(p, k, &s);
		if (r >= 0 && kc_strmap_put(p->next_state, k, s, NULL) < 0) {
			svc_state_free(s);
			r = KC_ERR_NOMEM;
		}
	}
	kc_strmap_free(keys, NULL);
	if (r >= 0)
		r = emit_stale_deletes(p, tx, now_ns);
	if (r >= 0)
		r = p->built_full ? build_full(p, be, tx, &late) : build_partial(p, tx, &late);
	if (r >= 0)
		r = tx_append(tx, &late);
	kp_tx_release(&late);
	return r;
}

/* ---- committing ---- */

void
kp_sync_result_release(struct kp_sync_result *res)
{
	size_t i;

	for (i = 0; i < res->n_flushes; i++) {
		free(res->flushes[i].orig_dst);
		free(res->flushes[i].reply_src);
	}
	for (i = 0; i < res->n_health; i++)
		free(res->health[i].service);
	free(res->flushes);
	free(res->health);
	memset(res, 0, sizeof(*res));
}

static int
add_flush(struct kp_sync_result *res, size_t *cap, const char *dst, int port, const char *src)
{
	struct kp_conntrack_flush *f;

	if (grow((void **)&res->flushes, cap, res->n_flushes, sizeof(*res->flushes)) < 0)
		return KC_ERR_NOMEM;
	f = &res->flushes[res->n_flushes];
	f->orig_dst = dst ? strdup(dst) : NULL;
	f->orig_port = port;
	f->reply_src = src ? strdup(src) : NULL;
	if ((dst && !f->orig_dst) || (src && !f->reply_src)) {
		free(f->orig_dst);
		free(f->reply_src);
		return KC_ERR_NOMEM;
	}
	res->n_flushes++;
	return 0;
}

/*
 * conntrack.CleanStaleEntries() for one UDP port: entries towards endpoints that are gone, and
 * every entry of a service that had no endpoint before (they hold the REJECT's state).
 */
static int
port_flushes(struct kp_sync_result *res, size_t *cap, const struct port_info *o,
	     const struct port_info *n)
{
	struct kc_strv ips = KC_STRV_INIT;
	size_t i, j;
	int r = kc_strv_split(&ips, n->service_ips, ' ');

	for (i = 0; r >= 0 && o && i < o->endpoint_ips.n; i++) {
		if (kc_strv_contains(&n->endpoint_ips, o->endpoint_ips.v[i]))
			continue;
		for (j = 0; r >= 0 && j < ips.n; j++)
			r = add_flush(res, cap, ips.v[j], n->port, o->endpoint_ips.v[i]);
		if (r >= 0 && n->node_port)
			r = add_flush(res, cap, NULL, n->node_port, o->endpoint_ips.v[i]);
	}
	if (r >= 0 && (!o || o->endpoint_ips.n == 0) && n->endpoint_ips.n > 0) {
		for (j = 0; r >= 0 && j < ips.n; j++)
			r = add_flush(res, cap, ips.v[j], n->port, NULL);
		if (r >= 0 && n->node_port)
			r = add_flush(res, cap, NULL, n->node_port, NULL);
	}
	kc_strv_release(&ips);
	return r;
}

static int
service_flushes(struct kp_sync_result *res, size_t *cap, const struct svc_state *old,
		const struct svc_state *cur)
{
	size_t i, j;
	int r = 0;

	for (i = 0; r >= 0 && cur && i < cur->n_ports; i++) {
		const struct port_info *n = &cur->ports[i], *o = NULL;

		if (!n->udp)
			continue;
		for (j = 0; old && j < old->n_ports; j++)
			if (old->ports[j].udp && old->ports[j].port == n->port &&
			    strcmp(old->ports[j].service_ips, n->service_ips) == 0)
				o = &old->ports[j];
		r = port_flushes(res, cap, o, n);
	}
	return r;
}

static int
collect_health(struct kp_proxier *p, struct kp_sync_result *res)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;
	size_t cap = 0, i;

	while (kc_strmap_next(p->state, &it, &k, &v)) {
		struct svc_state *s = v;

		res->no_local_internal += (size_t)s->no_local_internal;
		res->no_local_external += (size_t)s->no_local_external;
		for (i = 0; i < s->n_ports; i++) {
			struct kp_health_port *h;

			if (!s->ports[i].hc_port)
				continue;
			if (grow((void **)&res->health, &cap, res->n_health, sizeof(*h)) < 0)
				return KC_ERR_NOMEM;
			h = &res->health[res->n_health];
			h->port = s->ports[i].hc_port;
			h->local_endpoints = s->ports[i].local_endpoints;
			if (!(h->service = strdup(k)))
				return KC_ERR_NOMEM;
			res->n_health++;
		}
	}
	return 0;
}

/* Makes next_state the programmed state; fills res.  Only allocation for res can fail. */
static int
commit(struct kp_proxier *p, int64_t now_ns, struct kp_sync_result *res)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;
	size_t i, cap = 0;
	int r = 0;

	while (kc_strmap_next(p->next_state, &it, &k, &v)) {
		void *old = NULL;

		if (res && r >= 0)
			r = service_flushes(res, &cap, kc_strmap_get(p->state, k), v);
		svc_state_shrink(v);
		if (v)
			r = kc_strmap_put(p->state, k, v, &old) < 0 ? KC_ERR_NOMEM : r;
		else
			kc_strmap_remove(p->state, k, &old);
		svc_state_free(old);
		kc_strmap_remove(p->next_state, k, NULL);
		if (res)
			res->services_synced++;
	}
	for (i = 0; i < p->deleted_stale.n; i++) {
		void *t = NULL;

		kc_strmap_remove(p->stale_chains, p->deleted_stale.v[i], &t);
		free(t);
	}
	for (i = 0; i < p->new_stale.n; i++) {
		int64_t *t = malloc(sizeof(*t));
		void *old = NULL;

		if (!t)
			return KC_ERR_NOMEM;
		*t = now_ns;
		if (kc_strmap_put(p->stale_chains, p->new_stale.v[i], t, &old) < 0)
			free(t);
		free(old);
	}
	/* A chain that came back into use is no longer stale. */
	for (i = 0; i < p->revived.n; i++) {
		void *t = NULL;

		kc_strmap_remove(p->stale_chains, p->revived.v[i], &t);
		free(t);
	}
	if (res && r >= 0)
		r = collect_health(p, res);
	return r;
}

static void
clear_pending(struct kp_proxier *p)
{
	struct kc_strmap_iter it = KC_STRMAP_ITER_INIT;
	const char *k;
	void *v;

	while (kc_strmap_next(p->tracker.pending, &it, &k, &v))
		kc_strmap_remove(p->tracker.pending, k, NULL);
}

int
kp_proxier_sync(struct kp_proxier *p, const struct kp_backend *be, int64_t now_ns,
		struct kp_sync_result *res, char *err, size_t errlen)
{
	struct kp_tx tx = { 0 };
	int r;

	if (res)
		memset(res, 0, sizeof(*res));
	r = kp_proxier_build(p, be, now_ns, &tx);
	if (r < 0) {
		kc_err_printf(err, errlen, "building the nftables transaction: %s", kc_strerror(r));
	} else if (tx.n > 0) {
		r = be->run(be->arg, &tx, err, errlen);
	}
	kp_tx_release(&tx);
	if (r < 0) {
		free_next_state(p);
		p->need_full = 1; /* the kernel may differ from what we think: start over */
		return r;
	}
	if (res)
		res->full = p->built_full;
	if (p->built_full)
		p->recreated_base_chains = 1;
	clear_pending(p);
	p->need_full = 0;
	r = commit(p, now_ns, res);
	free_next_state(p);
	return r;
}
