/*
 * backend.c - the proxier's transactions sent through knftables (kube-proxy/nftables/), the C
 * counterpart of upstream's knftables.Interface use in pkg/proxy/nftables/proxier.go (Run,
 * List("chains"/"sets"), ListElements) and CleanupLeftovers().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-proxy/backend.h"
#include "kube-proxy/nftables/knftables.h"
#include "kube-proxy/proxier.h"
#include "libkcommon/errors.h"
#include "libkcommon/strbuf.h"

#define TABLE      "kube-proxy"

struct kp_nft {
	struct knft *nft;
	enum knft_family family;
};

static enum knft_verb
knft_verb_of(enum kp_verb v)
{
	return v == KP_ADD ? KNFT_ADD : v == KP_FLUSH ? KNFT_FLUSH : KNFT_DELETE;
}

/* A base chain's "filter hook prerouting priority -110" split into its parts. */
static int
add_chain(struct knft_tx *tx, enum knft_verb verb, const struct kp_op *op)
{
	struct knft_chain c = { .name = op->name, .comment = op->comment };
	char type[16], hook[16], prio[16];

	if (op->value && sscanf(op->value, "%15s hook %15s priority %15s", type, hook, prio) == 3) {
		c.type = type;
		c.hook = hook;
		c.priority = prio;
	}
	return knft_tx_chain(tx, verb, &c);
}

/* A set's or map's type; a map's "<key> : <value>" split in two. */
static int
add_set_or_map(struct knft_tx *tx, enum knft_verb verb, const struct kp_op *op)
{
	struct knft_set s = { .name = op->name, .comment = op->comment };
	char *key = NULL;
	const char *colon = op->text ? strstr(op->text, " : ") : NULL;
	int r;

	if (colon) {
		key = strndup(op->text, (size_t)(colon - op->text));
		if (!key)
			return KC_ERR_NOMEM;
		s.type = key;
		s.value_type = colon + 3;
	} else {
		s.type = op->text;
	}
	if (op->flags & KP_SET_FLAG_DYNAMIC)
		s.flags |= KNFT_SET_DYNAMIC;
	if (op->flags & KP_SET_FLAG_TIMEOUT)
		s.flags |= KNFT_SET_TIMEOUT;
	s.timeout_sec = (uint32_t)op->timeout_s;
	r = op->kind == KP_MAP ? knft_tx_map(tx, verb, &s) : knft_tx_set(tx, verb, &s);
	free(key);
	return r;
}

static int
add_op(struct knft_tx *tx, const struct kp_op *op)
{
	enum knft_verb verb = knft_verb_of(op->verb);

	switch (op->kind) {
	case KP_TABLE:
		return knft_tx_table(tx, verb, op->comment);
	case KP_CHAIN:
		return add_chain(tx, verb, op);
	case KP_RULE: {
		struct knft_rule r = { .chain = op->name, .text = op->text };

		return knft_tx_rule(tx, verb, &r);
	}
	case KP_SET:
	case KP_MAP:
		return add_set_or_map(tx, verb, op);
	case KP_ELEMENT: {
		struct knft_element e = {
			.set = op->name, .key = op->text, .value = op->value, .comment = op->comment
		};

		return knft_tx_element(tx, verb, &e);
	}
	}
	return KC_ERR_INVALID;
}

struct knft_tx *
kp_backend_knft_tx(const struct kp_tx *tx, int family)
{
	struct knft_tx *kt = knft_tx_new(family == 6 ? KNFT_IP6 : KNFT_IP, TABLE);
	size_t i;

	if (!kt)
		return NULL;
	for (i = 0; i < tx->n; i++)
		if (add_op(kt, &tx->ops[i]) == KC_ERR_NOMEM)
			return knft_tx_free(kt);
	return kt;
}

static int
be_run(void *arg, const struct kp_tx *tx, char *err, size_t errlen)
{
	struct kp_nft *b = arg;
	struct knft_tx *kt = kp_backend_knft_tx(tx, b->family == KNFT_IP6 ? 6 : 4);
	int r;

	if (!kt)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	r = knft_run(b->nft, kt, err, errlen);
	knft_tx_free(kt);
	return r;
}

static int
be_list(void *arg, const char *what, struct kc_strv *ret)
{
	struct kp_nft *b = arg;
	char err[256];
	int r;

	if (strcmp(what, "chains") == 0)
		return knft_list(b->nft, b->family, TABLE, KNFT_KIND_CHAIN, ret, err, sizeof(err));
	r = knft_list(b->nft, b->family, TABLE, KNFT_KIND_SET, ret, err, sizeof(err));
	if (r >= 0)
		r = knft_list(b->nft, b->family, TABLE, KNFT_KIND_MAP, ret, err, sizeof(err));
	return r;
}

static int
be_list_elements(void *arg, const char *map, struct kc_strv *keys, struct kc_strv *values)
{
	struct kp_nft *b = arg;
	struct knft_element *el = NULL;
	size_t n = 0, i;
	char err[256];
	int r = knft_list_elements(b->nft, b->family, TABLE, map, &el, &n, err, sizeof(err));

	for (i = 0; r >= 0 && i < n; i++) {
		r = kc_strv_push(keys, el[i].key);
		if (r >= 0)
			r = kc_strv_push(values, el[i].value ? el[i].value : "");
	}
	knft_elements_free(el, n);
	return r < 0 ? r : 0;
}

struct kp_nft *
kp_nft_open(int family, struct kp_backend *ret, char *err, size_t errlen)
{
	struct kp_nft *b = calloc(1, sizeof(*b));

	if (!b) {
		kc_err_printf(err, errlen, "out of memory");
		return NULL;
	}
	b->family = family == 6 ? KNFT_IP6 : KNFT_IP;
	b->nft = knft_open(err, errlen);
	if (!b->nft) {
		free(b);
		return NULL;
	}
	ret->list = be_list;
	ret->list_elements = be_list_elements;
	ret->run = be_run;
	ret->arg = b;
	return b;
}

struct kp_nft *
kp_nft_close(struct kp_nft *b)
{
	if (!b)
		return NULL;
	knft_close(b->nft);
	free(b);
	return NULL;
}

int
kp_nft_cleanup(char *err, size_t errlen)
{
	static const enum knft_family fams[] = { KNFT_IP, KNFT_IP6 };
	struct knft *nft = knft_open(err, errlen);
	size_t i;
	int r = 0;

	if (!nft)
		return KC_ERR_SYSTEM;
	for (i = 0; i < 2; i++) {
		int dr = knft_delete_table(nft, fams[i], TABLE, err, errlen);

		if (dr < 0 && dr != KC_ERR_NOT_FOUND)
			r = dr;
	}
	knft_close(nft);
	return r;
}

int
kp_tx_render_knft(const struct kp_tx *tx, int family, struct kc_strbuf *out)
{
	struct knft_tx *kt = kp_backend_knft_tx(tx, family);
	int r;

	if (!kt)
		return KC_ERR_NOMEM;
	r = knft_tx_render(kt, out);
	knft_tx_free(kt);
	return r;
}
