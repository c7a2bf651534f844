/*
 * knftables.c - the transaction model and its `nft -f` rendering (upstream: sigs.k8s.io/knftables
 * transaction.go and objects.go writeOperation()).
 *
 * A transaction is an array of struct knft_op whose strings live in an arena of 64 KiB blocks:
 * a full kube-proxy sync is 100k+ operations, and one malloc per string would dominate.
 * Rendering follows knftables' text byte for byte (verbs, "{ ... ; }" bodies, Go %q comments,
 * base-chain priorities as numbers).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter.h>

#include "kube-proxy/nftables/knft_internal.h"
#include "libkcommon/errors.h"

#define KNFT_ARENA_BLOCK (64 * 1024)

struct knft_arena_block {
	struct knft_arena_block *next;
	size_t used;
	size_t size;
	char data[];
};

static const char *const verb_names[] = {
	[KNFT_ADD] = "add", [KNFT_CREATE] = "create", [KNFT_FLUSH] = "flush",
	[KNFT_DELETE] = "delete", [KNFT_INSERT] = "insert", [KNFT_REPLACE] = "replace",
};

const char *
knft_family_name(enum knft_family family)
{
	return family == KNFT_IP6 ? "ip6" : "ip";
}

static char *
arena_strdup(struct knft_tx *tx, const char *s)
{
	size_t len;
	struct knft_arena_block *b = tx->arena;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	if (!b || b->size - b->used < len) {
		size_t size = len > KNFT_ARENA_BLOCK ? len : KNFT_ARENA_BLOCK;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->next = tx->arena;
		b->used = 0;
		b->size = size;
		tx->arena = b;
	}
	memcpy(b->data + b->used, s, len);
	b->used += len;
	return b->data + b->used - len;
}

struct knft_tx *
knft_tx_new(enum knft_family family, const char *table)
{
	struct knft_tx *tx;

	if (!table)
		return NULL;
	tx = calloc(1, sizeof(*tx));
	if (!tx)
		return NULL;
	tx->family = family;
	tx->table = strdup(table);
	if (!tx->table) {
		free(tx);
		return NULL;
	}
	return tx;
}

struct knft_tx *
knft_tx_free(struct knft_tx *tx)
{
	struct knft_arena_block *b, *next;

	if (!tx)
		return NULL;
	for (b = tx->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	free(tx->ops);
	free(tx->table);
	free(tx->error);
	free(tx);
	return NULL;
}

size_t
knft_tx_len(const struct knft_tx *tx)
{
	return tx ? tx->n_ops : 0;
}

const char *
knft_tx_error(const struct knft_tx *tx)
{
	return tx ? tx->error : NULL;
}

static int __attribute__((format(printf, 3, 4)))
tx_fail(struct knft_tx *tx, int r, const char *fmt, ...)
{
	va_list ap;

	if (!tx->error) {
		va_start(ap, fmt);
		if (vasprintf(&tx->error, fmt, ap) < 0)
			tx->error = NULL;
		va_end(ap);
	}
	return r;
}

/* Appends op with its strings copied into the arena. */
static int
tx_append(struct knft_tx *tx, const struct knft_op *op)
{
	struct knft_op *o;

	if (tx->n_ops == tx->alloc_ops) {
		size_t n = tx->alloc_ops ? tx->alloc_ops * 2 : 256;
		struct knft_op *v = realloc(tx->ops, n * sizeof(*v));

		if (!v)
			return tx_fail(tx, KC_ERR_NOMEM, "out of memory");
		tx->ops = v;
		tx->alloc_ops = n;
	}
	o = &tx->ops[tx->n_ops];
	*o = *op;
#define COPY(f)                                                     \
	do {                                                        \
		if (op->f && !(o->f = arena_strdup(tx, op->f)))     \
			return tx_fail(tx, KC_ERR_NOMEM, "out of memory"); \
	} while (0)
	COPY(name);
	COPY(type);
	COPY(hook);
	COPY(priority);
	COPY(value_type);
	COPY(text);
	COPY(value);
	COPY(comment);
#undef COPY
	tx->n_ops++;
	return 0;
}

static int
verb_valid(struct knft_tx *tx, enum knft_verb verb, int rules_only_verbs, const char *what)
{
	if ((unsigned)verb > KNFT_REPLACE)
		return tx_fail(tx, KC_ERR_INVALID, "%s: unknown verb %d", what, (int)verb);
	if ((verb == KNFT_INSERT || verb == KNFT_REPLACE) && !rules_only_verbs)
		return tx_fail(tx, KC_ERR_INVALID, "%s: %s is only valid for rules", what,
			       verb_names[verb]);
	return 0;
}

int
knft_tx_table(struct knft_tx *tx, enum knft_verb verb, const char *comment)
{
	struct knft_op op = { .verb = verb, .obj = KNFT_OBJ_TABLE };

	if (!tx)
		return KC_ERR_INVALID;
	if (verb_valid(tx, verb, 0, "table") < 0)
		return KC_ERR_INVALID;
	if (verb == KNFT_ADD || verb == KNFT_CREATE)
		op.comment = comment;
	return tx_append(tx, &op);
}

/* nft's and the kernel's limit on object names (NFT_NAME_MAXLEN - 1). */
static int
name_valid(struct knft_tx *tx, const char *name, const char *what, int allow_null)
{
	if (!name || !*name) {
		if (allow_null)
			return 0;
		return tx_fail(tx, KC_ERR_INVALID, "%s: name is required", what);
	}
	if (strlen(name) > 255)
		return tx_fail(tx, KC_ERR_INVALID, "%s %s: name longer than 255 characters",
			       what, name);
	return 0;
}

int
knft_hook_parse(const char *hook)
{
	static const char *const hooks[] = {
		[NF_INET_PRE_ROUTING] = "prerouting", [NF_INET_LOCAL_IN] = "input",
		[NF_INET_FORWARD] = "forward", [NF_INET_LOCAL_OUT] = "output",
		[NF_INET_POST_ROUTING] = "postrouting",
	};

	for (size_t i = 0; hook && i < sizeof(hooks) / sizeof(hooks[0]); i++)
		if (strcmp(hooks[i], hook) == 0)
			return (int)i;
	return -1;
}

int
knft_priority_parse(enum knft_family family, const char *prio, int32_t *ret)
{
	static const struct {
		const char *name;
		int32_t value;
	} named[] = {
		{ "raw", -300 }, { "mangle", -150 }, { "dstnat", -100 },
		{ "filter", 0 }, { "security", 50 }, { "srcnat", 100 },
	};
	const char *p = prio;
	long base = 0, off;
	char *end;
	size_t i;

	(void)family; /* the ip and ip6 families share the standard priorities */
	if (!p)
		return KC_ERR_INVALID;
	while (*p == ' ')
		p++;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		size_t n = strlen(named[i].name);

		if (strncmp(p, named[i].name, n) == 0 &&
		    (p[n] == '\0' || p[n] == ' ' || p[n] == '+' || p[n] == '-')) {
			base = named[i].value;
			p += n;
			break;
		}
	}
	if (i == sizeof(named) / sizeof(named[0])) {
		errno = 0;
		base = strtol(p, &end, 10);
		if (end == p || errno)
			return KC_ERR_INVALID;
		p = end;
	}
	while (*p == ' ')
		p++;
	if (*p == '+' || *p == '-') {
		int neg = *p == '-';

		p++;
		while (*p == ' ')
			p++;
		errno = 0;
		off = strtol(p, &end, 10);
		if (end == p || errno || off < 0)
			return KC_ERR_INVALID;
		base += neg ? -off : off;
		p = end;
	}
	while (*p == ' ')
		p++;
	if (*p || base < INT32_MIN || base > INT32_MAX)
		return KC_ERR_INVALID;
	*ret = (int32_t)base;
	return 0;
}

int
knft_tx_chain(struct knft_tx *tx, enum knft_verb verb, const struct knft_chain *c)
{
	struct knft_op op = { .verb = verb, .obj = KNFT_OBJ_CHAIN };
	int32_t prio;

	if (!tx || !c)
		return KC_ERR_INVALID;
	if (verb_valid(tx, verb, 0, "chain") < 0 ||
	    name_valid(tx, c->name, "chain", verb == KNFT_DELETE && c->handle) < 0)
		return KC_ERR_INVALID;
	op.name = c->name;
	op.handle = c->handle;
	if (verb == KNFT_ADD || verb == KNFT_CREATE) {
		int n = !!c->type + !!c->hook + !!c->priority;

		if (n != 0 && n != 3)
			return tx_fail(tx, KC_ERR_INVALID,
				       "chain %s: a base chain needs type, hook and priority",
				       c->name);
		if (c->type && strcmp(c->type, "nat") != 0 && strcmp(c->type, "filter") != 0 &&
		    strcmp(c->type, "route") != 0)
			return tx_fail(tx, KC_ERR_INVALID, "chain %s: unknown type \"%s\"",
				       c->name, c->type);
		if (c->hook && knft_hook_parse(c->hook) < 0)
			return tx_fail(tx, KC_ERR_INVALID, "chain %s: unknown hook \"%s\"",
				       c->name, c->hook);
		if (c->priority && knft_priority_parse(tx->family, c->priority, &prio) < 0)
			return tx_fail(tx, KC_ERR_INVALID, "chain %s: bad priority \"%s\"",
				       c->name, c->priority);
		op.type = c->type;
		op.hook = c->hook;
		op.priority = c->priority;
		op.comment = c->comment;
	}
	return tx_append(tx, &op);
}

static int
tx_set_or_map(struct knft_tx *tx, enum knft_verb verb, const struct knft_set *s, int is_map)
{
	const char *what = is_map ? "map" : "set";
	struct knft_op op = { .verb = verb, .obj = is_map ? KNFT_OBJ_MAP : KNFT_OBJ_SET };
	struct knft_type t;
	char err[256];

	if (!tx || !s)
		return KC_ERR_INVALID;
	if (verb_valid(tx, verb, 0, what) < 0 ||
	    name_valid(tx, s->name, what, verb == KNFT_DELETE && s->handle) < 0)
		return KC_ERR_INVALID;
	op.name = s->name;
	op.handle = s->handle;
	if (verb == KNFT_ADD || verb == KNFT_CREATE) {
		if (!s->type)
			return tx_fail(tx, KC_ERR_INVALID, "%s %s: type is required", what, s->name);
		if (knft_type_parse(s->type, &t, err, sizeof(err)) < 0)
			return tx_fail(tx, KC_ERR_INVALID, "%s %s: %s", what, s->name, err);
		if (is_map && !s->value_type)
			return tx_fail(tx, KC_ERR_INVALID, "map %s: value type is required",
				       s->name);
		if (!is_map && s->value_type)
			return tx_fail(tx, KC_ERR_INVALID, "set %s: a set has no value type",
				       s->name);
		if (is_map && strcmp(s->value_type, "verdict") != 0 &&
		    knft_type_parse(s->value_type, &t, err, sizeof(err)) < 0)
			return tx_fail(tx, KC_ERR_INVALID, "map %s: %s", s->name, err);
		op.type = s->type;
		op.value_type = s->value_type;
		op.flags = s->flags;
		op.timeout_sec = s->timeout_sec;
		op.comment = s->comment;
	}
	return tx_append(tx, &op);
}

int
knft_tx_set(struct knft_tx *tx, enum knft_verb verb, const struct knft_set *set)
{
	return tx_set_or_map(tx, verb, set, 0);
}

int
knft_tx_map(struct knft_tx *tx, enum knft_verb verb, const struct knft_set *map)
{
	return tx_set_or_map(tx, verb, map, 1);
}

int
knft_tx_rule(struct knft_tx *tx, enum knft_verb verb, const struct knft_rule *r)
{
	struct knft_op op = { .verb = verb, .obj = KNFT_OBJ_RULE };

	if (!tx || !r)
		return KC_ERR_INVALID;
	if (verb_valid(tx, verb, 1, "rule") < 0 || name_valid(tx, r->chain, "rule", 0) < 0)
		return KC_ERR_INVALID;
	if (verb == KNFT_FLUSH)
		return tx_fail(tx, KC_ERR_INVALID, "rule in chain %s: rules cannot be flushed",
			       r->chain);
	if ((verb == KNFT_DELETE || verb == KNFT_REPLACE) && !r->handle)
		return tx_fail(tx, KC_ERR_INVALID, "rule in chain %s: %s needs a handle",
			       r->chain, verb_names[verb]);
	if (verb != KNFT_DELETE && (!r->text || !*r->text))
		return tx_fail(tx, KC_ERR_INVALID, "rule in chain %s: empty rule text", r->chain);
	op.name = r->chain;
	op.handle = r->handle;
	if (verb != KNFT_DELETE) {
		op.text = r->text;
		op.comment = r->comment;
	}
	return tx_append(tx, &op);
}

int
knft_tx_element(struct knft_tx *tx, enum knft_verb verb, const struct knft_element *e)
{
	struct knft_op op = { .verb = verb, .obj = KNFT_OBJ_ELEMENT };

	if (!tx || !e)
		return KC_ERR_INVALID;
	if (verb_valid(tx, verb, 0, "element") < 0 || name_valid(tx, e->set, "element", 0) < 0)
		return KC_ERR_INVALID;
	if (verb == KNFT_FLUSH)
		return tx_fail(tx, KC_ERR_INVALID,
			       "element of %s: flush the set or map instead", e->set);
	if (!e->key || !*e->key)
		return tx_fail(tx, KC_ERR_INVALID, "element of %s: key is required", e->set);
	op.name = e->set;
	op.text = e->key;
	/* as knftables: a deleted element is named by its key alone */
	if (verb == KNFT_ADD || verb == KNFT_CREATE) {
		op.value = e->value;
		op.comment = e->comment;
	}
	return tx_append(tx, &op);
}

int
knft_tx_add_rulef(struct knft_tx *tx, const char *chain, const char *fmt, ...)
{
	struct knft_rule r = { .chain = chain };
	va_list ap;
	char *text;
	int ret;

	if (!tx)
		return KC_ERR_INVALID;
	va_start(ap, fmt);
	ret = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (ret < 0)
		return tx_fail(tx, KC_ERR_NOMEM, "out of memory");
	r.text = text;
	ret = knft_tx_rule(tx, KNFT_ADD, &r);
	free(text);
	return ret;
}

int
knft_tx_add_chain(struct knft_tx *tx, const char *name)
{
	struct knft_chain c = { .name = name };

	return knft_tx_chain(tx, KNFT_ADD, &c);
}

int
knft_tx_flush_chain(struct knft_tx *tx, const char *name)
{
	struct knft_chain c = { .name = name };

	return knft_tx_chain(tx, KNFT_FLUSH, &c);
}

/* Go's %q for the ASCII strings comments are. */
static int
add_quoted(struct kc_strbuf *out, const char *s)
{
	int r = kc_strbuf_addch(out, '"');

	for (; r >= 0 && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			r = kc_strbuf_addf(out, "\\%c", c);
		else if (c == '\n')
			r = kc_strbuf_adds(out, "\\n");
		else if (c == '\t')
			r = kc_strbuf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			r = kc_strbuf_addf(out, "\\x%02x", c);
		else
			r = kc_strbuf_addch(out, (char)c);
	}
	return r < 0 ? r : kc_strbuf_addch(out, '"');
}

/* ` comment "<text>"<end>` when the op has a comment; nothing otherwise. */
static int
render_comment(const struct knft_op *op, const char *end, struct kc_strbuf *out)
{
	int r;

	if (!op->comment)
		return 0;
	r = kc_strbuf_adds(out, " comment ");
	if (r >= 0)
		r = add_quoted(out, op->comment);
	return r < 0 || !end[0] ? r : kc_strbuf_adds(out, end);
}

static int
render_chain_body(const struct knft_tx *tx, const struct knft_op *op, struct kc_strbuf *out)
{
	int r = 0;
	int32_t prio;

	if (!op->type && !op->comment)
		return 0;
	r = kc_strbuf_adds(out, " {");
	if (r >= 0 && op->type) {
		/* as knftables: the number, which every nft version accepts in every hook
		 * (nft 1.0.6 refuses "dstnat" in an output chain) */
		r = kc_strbuf_addf(out, " type %s hook %s", op->type, op->hook);
		if (r >= 0 && knft_priority_parse(tx->family, op->priority, &prio) >= 0)
			r = kc_strbuf_addf(out, " priority %d ;", (int)prio);
		else if (r >= 0)
			r = kc_strbuf_addf(out, " priority %s ;", op->priority);
	}
	if (r >= 0)
		r = render_comment(op, " ;", out);
	return r < 0 ? r : kc_strbuf_adds(out, " }");
}

static int
render_set_body(const struct knft_op *op, struct kc_strbuf *out)
{
	/* upstream's affinity sets list "dynamic,timeout": that order first */
	static const struct {
		unsigned int flag;
		const char *name;
	} flag_names[] = { { KNFT_SET_CONSTANT, "constant" }, { KNFT_SET_DYNAMIC, "dynamic" },
			   { KNFT_SET_INTERVAL, "interval" }, { KNFT_SET_TIMEOUT, "timeout" } };
	int r, first = 1;

	r = kc_strbuf_addf(out, " { type %s", op->type);
	if (r >= 0 && op->value_type)
		r = kc_strbuf_addf(out, " : %s", op->value_type);
	if (r >= 0)
		r = kc_strbuf_adds(out, " ;");
	if (r >= 0 && op->flags) {
		r = kc_strbuf_adds(out, " flags ");
		for (unsigned int i = 0; r >= 0 && i < 4; i++) {
			if (!(op->flags & flag_names[i].flag))
				continue;
			r = kc_strbuf_addf(out, "%s%s", first ? "" : ",", flag_names[i].name);
			first = 0;
		}
		if (r >= 0)
			r = kc_strbuf_adds(out, " ;");
	}
	if (r >= 0 && op->timeout_sec)
		r = kc_strbuf_addf(out, " timeout %us ;", (unsigned)op->timeout_sec);
	if (r >= 0)
		r = render_comment(op, " ;", out);
	return r < 0 ? r : kc_strbuf_adds(out, " }");
}

static int
render_rule(const struct knft_tx *tx, const struct knft_op *op, struct kc_strbuf *out)
{
	const char *fam = knft_family_name(tx->family);
	int r;

	r = kc_strbuf_addf(out, "%s rule %s %s %s", verb_names[op->verb], fam, tx->table,
			   op->name);
	if (r >= 0 && op->handle)
		r = kc_strbuf_addf(out, " handle %llu", (unsigned long long)op->handle);
	if (r >= 0 && op->verb != KNFT_DELETE) {
		r = kc_strbuf_addf(out, " %s", op->text);
		if (r >= 0)
			r = render_comment(op, "", out);
	}
	return r;
}

static int
render_element(const struct knft_tx *tx, const struct knft_op *op, struct kc_strbuf *out)
{
	int r;

	r = kc_strbuf_addf(out, "%s element %s %s %s { %s", verb_names[op->verb],
			   knft_family_name(tx->family), tx->table, op->name, op->text);
	if (r >= 0)
		r = render_comment(op, "", out);
	if (r >= 0 && op->value)
		r = kc_strbuf_addf(out, " : %s", op->value);
	return r < 0 ? r : kc_strbuf_adds(out, " }");
}

int
knft_op_render(const struct knft_tx *tx, const struct knft_op *op, struct kc_strbuf *out)
{
	const char *fam = knft_family_name(tx->family);
	const char *verb = verb_names[op->verb];
	const char *kind = op->obj == KNFT_OBJ_MAP ? "map" : "set";
	int r = 0;

	switch (op->obj) {
	case KNFT_OBJ_TABLE:
		r = kc_strbuf_addf(out, "%s table %s %s", verb, fam, tx->table);
		if (r >= 0 && op->comment) {
			r = kc_strbuf_adds(out, " { comment ");
			if (r >= 0)
				r = add_quoted(out, op->comment);
			if (r >= 0)
				r = kc_strbuf_adds(out, " ; }");
		}
		break;
	case KNFT_OBJ_CHAIN:
		if (op->verb == KNFT_DELETE && op->handle) {
			r = kc_strbuf_addf(out, "delete chain %s %s handle %llu", fam, tx->table,
					   (unsigned long long)op->handle);
			break;
		}
		r = kc_strbuf_addf(out, "%s chain %s %s %s", verb, fam, tx->table, op->name);
		if (r >= 0 && (op->verb == KNFT_ADD || op->verb == KNFT_CREATE))
			r = render_chain_body(tx, op, out);
		break;
	case KNFT_OBJ_SET:
	case KNFT_OBJ_MAP:
		if (op->verb == KNFT_DELETE && op->handle) {
			r = kc_strbuf_addf(out, "delete %s %s %s handle %llu", kind, fam, tx->table,
					   (unsigned long long)op->handle);
			break;
		}
		r = kc_strbuf_addf(out, "%s %s %s %s %s", verb, kind, fam, tx->table, op->name);
		if (r >= 0 && (op->verb == KNFT_ADD || op->verb == KNFT_CREATE))
			r = render_set_body(op, out);
		break;
	case KNFT_OBJ_RULE:
		r = render_rule(tx, op, out);
		break;
	case KNFT_OBJ_ELEMENT:
		r = render_element(tx, op, out);
		break;
	}
	return r < 0 ? r : kc_strbuf_addch(out, '\n');
}

int
knft_tx_render(const struct knft_tx *tx, struct kc_strbuf *out)
{
	int r = 0;

	if (!tx || !out)
		return KC_ERR_INVALID;
	for (size_t i = 0; r >= 0 && i < tx->n_ops; i++)
		r = knft_op_render(tx, &tx->ops[i], out);
	return r;
}
