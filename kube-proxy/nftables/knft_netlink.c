/*
 * knft_netlink.c - sending a transaction as one nf_tables netlink batch, and reading tables back
 * (upstream: sigs.k8s.io/knftables nftables.go Run/Check/List/ListElements, which run `nft`; the
 * batch protocol is nftables' src/mnl.c mnl_batch_talk()).
 *
 * The batch is built in one growable buffer (NFNL_MSG_BATCH_BEGIN, one message per operation,
 * consecutive elements of one set packed into one NEWSETELEM/DELSETELEM message, END) and sent
 * with a single sendmsg(): the socket's send buffer is raised to the batch size
 * (SO_SNDBUFFORCE, as nft does).  Only the last message asks for an ACK; the kernel reports
 * every failing message anyway, so a successful sync reads one ack instead of 100k.  The
 * kernel processes the batch atomically: one error aborts all of it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include "kube-proxy/nftables/knft_internal.h"
#include "libkcommon/errors.h"
#include "libkcommon/hashmap.h"

/* Userdata TLV types nft uses for comments and key byte order (libnftnl udata.h). */
enum {
	UDATA_TABLE_COMMENT = 0,
	UDATA_CHAIN_COMMENT = 0,
	UDATA_SET_KEYBYTEORDER = 0,
	UDATA_SET_DATABYTEORDER = 1,
	UDATA_SET_COMMENT = 7,
	UDATA_SET_ELEM_COMMENT = 0,
	UDATA_RULE_COMMENT = 0,
};

/* Bytes reserved before building one message; big enough for any rule or element group. */
#define MSG_RESERVE (128 * 1024)
/* Elements packed per message: the nested element list has a 16-bit length. */
#define ELEM_GROUP_BYTES (32 * 1024)
#define ACK_TIMEOUT_MS 60000
#define REQ_BUF 8192
#define RBUF_SIZE (256 * 1024)

struct knft {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint32_t ack_seq; /* the message of the batch that asks for the ACK */
	int sndbuf;
	char *buf;
	size_t len, cap;
	uint32_t *msg_op; /* operation index of each message (by seq - first seq) */
	size_t n_msgs, alloc_msgs;
	char *rbuf;
};

struct knft *
knft_open(char *err, size_t errlen)
{
	struct knft *nft = calloc(1, sizeof(*nft));
	int one = 1, rcvbuf = 16 * 1024 * 1024;

	if (!nft || !(nft->rbuf = malloc(RBUF_SIZE))) {
		free(nft);
		errno = ENOMEM;
		kc_err_printf(err, errlen, "out of memory");
		return NULL;
	}
	nft->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nft->nl || mnl_socket_bind(nft->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int saved = errno;

		kc_err_printf(err, errlen, "netlink socket: %s", strerror(saved));
		knft_close(nft);
		errno = saved;
		return NULL;
	}
	nft->portid = mnl_socket_get_portid(nft->nl);
	nft->seq = (uint32_t)time(NULL);
	/* errors carry only the header of the failing message, and extended acks */
	mnl_socket_setsockopt(nft->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nft->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (setsockopt(mnl_socket_get_fd(nft->nl), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(nft->nl), SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			   sizeof(rcvbuf));
	return nft;
}

struct knft *
knft_close(struct knft *nft)
{
	if (!nft)
		return NULL;
	if (nft->nl)
		mnl_socket_close(nft->nl);
	free(nft->buf);
	free(nft->msg_op);
	free(nft->rbuf);
	free(nft);
	return NULL;
}

/* --- the batch buffer ------------------------------------------------------------------ */

static int
batch_reserve(struct knft *nft, size_t extra)
{
	if (nft->cap - nft->len >= extra)
		return 0;
	size_t cap = nft->cap ? nft->cap : 1024 * 1024;
	while (cap - nft->len < extra)
		cap *= 2;
	char *b = realloc(nft->buf, cap);
	if (!b)
		return KC_ERR_NOMEM;
	/* libmnl leaves some attribute padding unwritten: never send stale heap bytes */
	memset(b + nft->cap, 0, cap - nft->cap);
	nft->buf = b;
	nft->cap = cap;
	return 0;
}

/* Starts a message at the end of the batch for operation op; NULL when out of memory. */
static struct nlmsghdr *
msg_begin(struct knft *nft, uint16_t type, uint16_t family, uint16_t flags, uint32_t op)
{
	struct nlmsghdr *nlh;

	if (batch_reserve(nft, MSG_RESERVE) < 0)
		return NULL;
	if (nft->n_msgs == nft->alloc_msgs) {
		size_t n = nft->alloc_msgs ? nft->alloc_msgs * 2 : 4096;
		uint32_t *v = realloc(nft->msg_op, n * sizeof(*v));

		if (!v)
			return NULL;
		nft->msg_op = v;
		nft->alloc_msgs = n;
	}
	nft->msg_op[nft->n_msgs] = op;
	nlh = nftnl_nlmsg_build_hdr(nft->buf + nft->len, type, family, flags,
				    nft->seq + (uint32_t)nft->n_msgs);
	nft->n_msgs++;
	return nlh;
}

static void
msg_end(struct knft *nft, struct nlmsghdr *nlh)
{
	nft->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

static void
batch_reset(struct knft *nft)
{
	nft->len = 0;
	nft->n_msgs = 0;
	nft->seq += 1u << 20; /* far from the previous batch's sequence numbers */
}

static int
batch_marker(struct knft *nft, uint16_t type)
{
	struct nlmsghdr *nlh = msg_begin(nft, type, NFNL_SUBSYS_NFTABLES, 0, UINT32_MAX);
	struct nfgenmsg *nfg;

	if (!nlh)
		return KC_ERR_NOMEM;
	/* nftnl_nlmsg_build_hdr() wrote a nf_tables type: a batch marker has none */
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nfg = mnl_nlmsg_get_payload(nlh);
	nfg->nfgen_family = AF_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(NFNL_SUBSYS_NFTABLES);
	msg_end(nft, nlh);
	return 0;
}

/* --- operations to messages ------------------------------------------------------------ */

struct build {
	struct knft *nft;
	const struct knft_tx *tx;
	uint16_t family;
	struct knft_compile_ctx cc;
	struct kc_strmap *set_types; /* set name -> struct set_info */
	char *err;
	size_t errlen;
};

struct set_info {
	struct knft_type key;
	struct knft_type data;
	int verdict_map;
	int is_map;
	int interval;
};

static uint16_t
create_flags(enum knft_verb verb)
{
	return NLM_F_CREATE | (verb == KNFT_CREATE ? NLM_F_EXCL : 0);
}

static int
put_comment(void *obj, void (*setter)(void *, uint16_t, const void *, uint32_t),
	    uint16_t attr, uint8_t type, const char *comment)
{
	struct nftnl_udata_buf *ud;

	if (!comment)
		return 0;
	ud = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	if (!ud)
		return KC_ERR_NOMEM;
	if (!nftnl_udata_put_strz(ud, type, comment)) {
		nftnl_udata_buf_free(ud);
		return KC_ERR_INVALID;
	}
	setter(obj, attr, nftnl_udata_buf_data(ud), nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	return 0;
}

static void
table_setter(void *o, uint16_t a, const void *d, uint32_t l)
{
	nftnl_table_set_data(o, a, d, l);
}

static void
chain_setter(void *o, uint16_t a, const void *d, uint32_t l)
{
	nftnl_chain_set_data(o, a, d, l);
}

static void
rule_setter(void *o, uint16_t a, const void *d, uint32_t l)
{
	nftnl_rule_set_data(o, a, d, l);
}

static void
elem_setter(void *o, uint16_t a, const void *d, uint32_t l)
{
	nftnl_set_elem_set(o, a, d, l);
}

static int
build_table(struct build *b, const struct knft_op *op, uint32_t idx)
{
	static const uint16_t types[] = {
		[KNFT_ADD] = NFT_MSG_NEWTABLE, [KNFT_CREATE] = NFT_MSG_NEWTABLE,
		[KNFT_FLUSH] = NFT_MSG_DELRULE, [KNFT_DELETE] = NFT_MSG_DELTABLE,
	};
	struct nftnl_table *t = nftnl_table_alloc();
	uint16_t flags = op->verb <= KNFT_CREATE ? create_flags(op->verb) : 0;
	struct nlmsghdr *nlh;
	int r = 0;

	if (!t)
		return KC_ERR_NOMEM;
	if (op->verb == KNFT_FLUSH) {
		/* "flush table": delete every rule of the table */
		struct nftnl_rule *rule = nftnl_rule_alloc();

		knft_nftnl_table_free(t);
		if (!rule || !(nlh = msg_begin(b->nft, NFT_MSG_DELRULE, b->family, 0, idx))) {
			knft_nftnl_rule_free(rule);
			return KC_ERR_NOMEM;
		}
		nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, b->tx->table);
		nftnl_rule_nlmsg_build_payload(nlh, rule);
		knft_nftnl_rule_free(rule);
		msg_end(b->nft, nlh);
		return 0;
	}
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, b->tx->table);
	r = put_comment(t, table_setter, NFTNL_TABLE_USERDATA, UDATA_TABLE_COMMENT, op->comment);
	nlh = r < 0 ? NULL : msg_begin(b->nft, types[op->verb], b->family, flags, idx);
	if (nlh) {
		nftnl_table_nlmsg_build_payload(nlh, t);
		msg_end(b->nft, nlh);
	}
	knft_nftnl_table_free(t);
	return nlh ? 0 : KC_ERR_NOMEM;
}

static int
build_chain(struct build *b, const struct knft_op *op, uint32_t idx)
{
	struct nftnl_chain *ch = nftnl_chain_alloc();
	struct nlmsghdr *nlh;
	int32_t prio;
	uint16_t type;
	int r = 0;

	if (!ch)
		return KC_ERR_NOMEM;
	if (op->verb == KNFT_FLUSH) {
		struct nftnl_rule *rule = nftnl_rule_alloc();

		knft_nftnl_chain_free(ch);
		if (!rule || !(nlh = msg_begin(b->nft, NFT_MSG_DELRULE, b->family, 0, idx))) {
			knft_nftnl_rule_free(rule);
			return KC_ERR_NOMEM;
		}
		nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, b->tx->table);
		nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, op->name);
		nftnl_rule_nlmsg_build_payload(nlh, rule);
		knft_nftnl_rule_free(rule);
		msg_end(b->nft, nlh);
		return 0;
	}
	nftnl_chain_set_str(ch, NFTNL_CHAIN_TABLE, b->tx->table);
	if (op->verb == KNFT_DELETE && op->handle)
		nftnl_chain_set_u64(ch, NFTNL_CHAIN_HANDLE, op->handle);
	else
		nftnl_chain_set_str(ch, NFTNL_CHAIN_NAME, op->name);
	if (op->type) {
		nftnl_chain_set_str(ch, NFTNL_CHAIN_TYPE, op->type);
		nftnl_chain_set_u32(ch, NFTNL_CHAIN_HOOKNUM, (uint32_t)knft_hook_parse(op->hook));
		knft_priority_parse(b->tx->family, op->priority, &prio);
		nftnl_chain_set_s32(ch, NFTNL_CHAIN_PRIO, prio);
	}
	r = put_comment(ch, chain_setter, NFTNL_CHAIN_USERDATA, UDATA_CHAIN_COMMENT, op->comment);
	type = op->verb == KNFT_DELETE ? NFT_MSG_DELCHAIN : NFT_MSG_NEWCHAIN;
	nlh = r < 0 ? NULL
		    : msg_begin(b->nft, type, b->family,
				op->verb == KNFT_DELETE ? 0 : create_flags(op->verb), idx);
	if (nlh) {
		nftnl_chain_nlmsg_build_payload(nlh, ch);
		msg_end(b->nft, nlh);
	}
	knft_nftnl_chain_free(ch);
	return nlh ? 0 : KC_ERR_NOMEM;
}

static int
set_udata(struct nftnl_set *s, const struct knft_op *op, const struct set_info *si)
{
	struct nftnl_udata_buf *ud = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	/* nft's byte orders: 1 host, 2 big endian; integers and marks are host order */
	uint32_t key_bo = (si->key.n == 1 && (si->key.id == KNFT_TYPE_MARK ||
					      si->key.id == KNFT_TYPE_INTEGER)) ? 1 : 2;

	if (!ud)
		return KC_ERR_NOMEM;
	nftnl_udata_put_u32(ud, UDATA_SET_KEYBYTEORDER, key_bo);
	if (si->is_map && !si->verdict_map)
		nftnl_udata_put_u32(ud, UDATA_SET_DATABYTEORDER, 2);
	if (op->comment && !nftnl_udata_put_strz(ud, UDATA_SET_COMMENT, op->comment)) {
		nftnl_udata_buf_free(ud);
		return KC_ERR_INVALID;
	}
	nftnl_set_set_data(s, NFTNL_SET_USERDATA, nftnl_udata_buf_data(ud),
			   nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	return 0;
}

static int
set_info_from_op(const struct knft_op *op, struct set_info *si)
{
	memset(si, 0, sizeof(*si));
	si->is_map = op->obj == KNFT_OBJ_MAP;
	si->interval = !!(op->flags & KNFT_SET_INTERVAL);
	if (knft_type_parse(op->type, &si->key, NULL, 0) < 0)
		return KC_ERR_INVALID;
	if (si->is_map && strcmp(op->value_type, "verdict") == 0)
		si->verdict_map = 1;
	else if (si->is_map && knft_type_parse(op->value_type, &si->data, NULL, 0) < 0)
		return KC_ERR_INVALID;
	return 0;
}

static int
build_set(struct build *b, const struct knft_op *op, uint32_t idx)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;
	struct set_info si;
	uint16_t type, flags = 0;
	int r = 0;

	if (!s)
		return KC_ERR_NOMEM;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, b->tx->table);
	if (op->verb == KNFT_DELETE && op->handle)
		nftnl_set_set_u64(s, NFTNL_SET_HANDLE, op->handle);
	else
		nftnl_set_set_str(s, NFTNL_SET_NAME, op->name);
	if (op->verb == KNFT_FLUSH) {
		type = NFT_MSG_DELSETELEM;
	} else if (op->verb == KNFT_DELETE) {
		type = NFT_MSG_DELSET;
	} else {
		uint32_t f = 0;

		type = NFT_MSG_NEWSET;
		flags = create_flags(op->verb);
		set_info_from_op(op, &si);
		if (si.is_map)
			f |= NFT_SET_MAP;
		if (op->flags & KNFT_SET_CONSTANT)
			f |= NFT_SET_CONSTANT;
		if (op->flags & KNFT_SET_INTERVAL)
			f |= NFT_SET_INTERVAL;
		if (op->flags & KNFT_SET_TIMEOUT)
			f |= NFT_SET_TIMEOUT;
		if (op->flags & KNFT_SET_DYNAMIC)
			f |= NFT_SET_EVAL;
		nftnl_set_set_u32(s, NFTNL_SET_FLAGS, f);
		/* the kernel requires a batch-unique id on every new set */
		nftnl_set_set_u32(s, NFTNL_SET_ID, ++b->cc.next_set_id);
		nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, si.key.id);
		nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, si.key.len);
		if (si.verdict_map) {
			nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, NFT_DATA_VERDICT);
		} else if (si.is_map) {
			nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, si.data.id);
			nftnl_set_set_u32(s, NFTNL_SET_DATA_LEN, si.data.len);
		}
		if (op->timeout_sec)
			nftnl_set_set_u64(s, NFTNL_SET_TIMEOUT, (uint64_t)op->timeout_sec * 1000);
		if ((op->flags & KNFT_SET_INTERVAL) && si.key.n > 1) {
			/* pipapo needs the length of each concatenated field */
			uint8_t field_len[KNFT_MAX_CONCAT + 1] = { 0 };

			for (unsigned int i = 0; i < si.key.n; i++)
				field_len[i] = (uint8_t)si.key.part_len[i];
			nftnl_set_set_data(s, NFTNL_SET_DESC_CONCAT, field_len, si.key.n + 1);
		}
		r = set_udata(s, op, &si);
	}
	nlh = r < 0 ? NULL : msg_begin(b->nft, type, b->family, flags, idx);
	if (nlh) {
		if (type == NFT_MSG_DELSETELEM)
			nftnl_set_elems_nlmsg_build_payload(nlh, s);
		else
			nftnl_set_nlmsg_build_payload(nlh, s);
		msg_end(b->nft, nlh);
	}
	knft_nftnl_set_free(s);
	return nlh ? 0 : (r < 0 ? r : KC_ERR_NOMEM);
}

static int
fail_op(struct build *b, const struct knft_op *op, int r, const char *msg)
{
	struct kc_strbuf line = KC_STRBUF_INIT;

	knft_op_render(b->tx, op, &line);
	if (line.len && line.buf[line.len - 1] == '\n')
		line.buf[--line.len] = '\0';
	kc_err_printf(b->err, b->errlen, "%s: %s", line.buf, msg);
	kc_strbuf_release(&line);
	return r;
}

static int
build_anon_sets(struct build *b, uint32_t idx)
{
	for (size_t i = 0; i < b->cc.n_anon; i++) {
		struct nftnl_set *s = b->cc.anon_sets[i];
		struct nlmsghdr *nlh;

		nlh = msg_begin(b->nft, NFT_MSG_NEWSET, b->family, NLM_F_CREATE, idx);
		if (!nlh)
			return KC_ERR_NOMEM;
		nftnl_set_nlmsg_build_payload(nlh, s);
		msg_end(b->nft, nlh);
		nlh = msg_begin(b->nft, NFT_MSG_NEWSETELEM, b->family, NLM_F_CREATE, idx);
		if (!nlh)
			return KC_ERR_NOMEM;
		nftnl_set_elems_nlmsg_build_payload(nlh, s);
		msg_end(b->nft, nlh);
	}
	knft_compile_ctx_release(&b->cc);
	return 0;
}

static int
build_rule(struct build *b, const struct knft_op *op, uint32_t idx)
{
	struct nftnl_rule *rule = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	uint16_t type = NFT_MSG_NEWRULE, flags = NLM_F_CREATE;
	char msg[512];
	int r = 0;

	if (!rule)
		return KC_ERR_NOMEM;
	nftnl_rule_set_str(rule, NFTNL_RULE_TABLE, b->tx->table);
	nftnl_rule_set_str(rule, NFTNL_RULE_CHAIN, op->name);
	switch (op->verb) {
	case KNFT_ADD:
	case KNFT_CREATE:
		flags |= NLM_F_APPEND;
		if (op->handle)
			nftnl_rule_set_u64(rule, NFTNL_RULE_POSITION, op->handle);
		break;
	case KNFT_INSERT:
		if (op->handle)
			nftnl_rule_set_u64(rule, NFTNL_RULE_POSITION, op->handle);
		break;
	case KNFT_REPLACE:
		flags = NLM_F_REPLACE;
		nftnl_rule_set_u64(rule, NFTNL_RULE_HANDLE, op->handle);
		break;
	case KNFT_DELETE:
		type = NFT_MSG_DELRULE;
		flags = 0;
		nftnl_rule_set_u64(rule, NFTNL_RULE_HANDLE, op->handle);
		break;
	}
	if (op->verb != KNFT_DELETE) {
		r = knft_compile_rule(&b->cc, rule, op->text, msg, sizeof(msg));
		if (r < 0) {
			knft_compile_ctx_release(&b->cc);
			knft_nftnl_rule_free(rule);
			return fail_op(b, op, r, msg);
		}
		if (op->comment)
			r = put_comment(rule, rule_setter, NFTNL_RULE_USERDATA, UDATA_RULE_COMMENT,
					op->comment);
		if (r >= 0)
			r = build_anon_sets(b, idx);
	}
	nlh = r < 0 ? NULL : msg_begin(b->nft, type, b->family, flags, idx);
	if (nlh) {
		nftnl_rule_nlmsg_build_payload(nlh, rule);
		msg_end(b->nft, nlh);
	}
	knft_nftnl_rule_free(rule);
	return nlh ? 0 : (r < 0 ? r : KC_ERR_NOMEM);
}

/* --- elements -------------------------------------------------------------------------- */

static int fetch_set_info(struct knft *nft, uint16_t family, const char *table,
			  const char *set, struct set_info *si);

static const struct set_info *
element_set_info(struct build *b, const char *set, int *ret)
{
	struct set_info *si = kc_strmap_get(b->set_types, set);

	*ret = 0;
	if (si)
		return si;
	si = calloc(1, sizeof(*si));
	if (!si) {
		*ret = KC_ERR_NOMEM;
		return NULL;
	}
	/* not created by this transaction: ask the kernel */
	*ret = fetch_set_info(b->nft, b->family, b->tx->table, set, si);
	if (*ret < 0 || kc_strmap_put(b->set_types, set, si, NULL) < 0) {
		free(si);
		if (*ret >= 0)
			*ret = KC_ERR_NOMEM;
		return NULL;
	}
	return si;
}

static int
parse_elem_value(struct build *b, const struct set_info *si, const struct knft_op *op,
		 struct nftnl_set_elem *e, char *msg, size_t msglen)
{
	uint8_t data[64], end[64];
	int is_range;

	if (!si->is_map) {
		if (op->value)
			return kc_err_fail(KC_ERR_INVALID, msg, msglen,
					   "set %s has no values", op->name);
		return 0;
	}
	if (!op->value)
		return op->verb == KNFT_DELETE
			       ? 0
			       : kc_err_fail(KC_ERR_INVALID, msg, msglen, "map element needs a value");
	if (si->verdict_map) {
		static const struct {
			const char *word;
			int code;
		} verdicts[] = { { "accept", NF_ACCEPT }, { "drop", NF_DROP },
				 { "return", NFT_RETURN }, { "continue", NFT_CONTINUE },
				 { "jump ", NFT_JUMP }, { "goto ", NFT_GOTO } };

		for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
			size_t n = strlen(verdicts[i].word);

			if (strncmp(op->value, verdicts[i].word, n) != 0 ||
			    (verdicts[i].word[n - 1] != ' ' && op->value[n]))
				continue;
			nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_VERDICT, (uint32_t)verdicts[i].code);
			if (verdicts[i].word[n - 1] == ' ') {
				const char *chain = op->value + n;

				while (*chain == ' ')
					chain++;
				if (!*chain || strchr(chain, ' '))
					break;
				nftnl_set_elem_set_str(e, NFTNL_SET_ELEM_CHAIN, chain);
			}
			return 0;
		}
		return kc_err_fail(KC_ERR_INVALID, msg, msglen, "\"%s\" is not a verdict",
				   op->value);
	}
	if (knft_data_parse(b->tx->family, &si->data, op->value, data, end, &is_range, msg,
			    msglen) < 0)
		return KC_ERR_INVALID;
	if (is_range)
		return kc_err_fail(KC_ERR_INVALID, msg, msglen, "a map value cannot be a range");
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_DATA, data, si->data.len);
	return 0;
}

/* Adds op's element (two for a range in an interval set) to s. */
static int
add_element(struct build *b, const struct set_info *si, const struct knft_op *op,
	    struct nftnl_set *s, char *msg, size_t msglen)
{
	uint8_t key[64], end[64];
	int is_range;
	struct nftnl_set_elem *e;

	if (knft_data_parse(b->tx->family, &si->key, op->text, key, end,
			    si->interval ? &is_range : NULL, msg, msglen) < 0)
		return KC_ERR_INVALID;
	e = nftnl_set_elem_alloc();
	if (!e)
		return KC_ERR_NOMEM;
	nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, si->key.len);
	if (parse_elem_value(b, si, op, e, msg, msglen) < 0 ||
	    put_comment(e, elem_setter, NFTNL_SET_ELEM_USERDATA, UDATA_SET_ELEM_COMMENT,
			op->comment) < 0) {
		knft_nftnl_set_elem_free(e);
		return KC_ERR_INVALID;
	}
	nftnl_set_elem_add(s, e);
	if (si->interval && si->key.n == 1) {
		/* rbtree intervals: the element after the range closes it */
		uint32_t i = si->key.len;

		while (i-- > 0 && ++end[i] == 0)
			;
		if (i != UINT32_MAX) {
			e = nftnl_set_elem_alloc();
			if (!e)
				return KC_ERR_NOMEM;
			nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, end, si->key.len);
			nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS, NFT_SET_ELEM_INTERVAL_END);
			nftnl_set_elem_add(s, e);
		}
	} else if (si->interval) {
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY_END, end, si->key.len);
	}
	return 0;
}

static size_t
element_size(const struct knft_op *op)
{
	return 64 + strlen(op->text) + (op->value ? strlen(op->value) : 0) +
	       (op->comment ? strlen(op->comment) : 0);
}

/* Packs ops[idx..] that add/delete elements of the same set into one message; returns how
 * many operations it consumed. */
static int
build_elements(struct build *b, uint32_t idx, size_t *consumed)
{
	const struct knft_op *first = &b->tx->ops[idx];
	const struct set_info *si;
	struct nftnl_set *s;
	struct nlmsghdr *nlh;
	size_t bytes = 0, n = 0;
	char msg[512];
	int r;
	uint16_t type = first->verb == KNFT_DELETE ? NFT_MSG_DELSETELEM : NFT_MSG_NEWSETELEM;

	si = element_set_info(b, first->name, &r);
	if (!si)
		return fail_op(b, first, r,
			       r == KC_ERR_NOT_FOUND ? "No such file or directory" : "cannot read the set");
	s = nftnl_set_alloc();
	if (!s)
		return KC_ERR_NOMEM;
	nftnl_set_set_str(s, NFTNL_SET_TABLE, b->tx->table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, first->name);
	for (size_t i = idx; i < b->tx->n_ops && bytes < ELEM_GROUP_BYTES; i++, n++) {
		const struct knft_op *op = &b->tx->ops[i];

		if (op->obj != KNFT_OBJ_ELEMENT || op->verb != first->verb ||
		    strcmp(op->name, first->name) != 0)
			break;
		r = add_element(b, si, op, s, msg, sizeof(msg));
		if (r < 0) {
			knft_nftnl_set_free(s);
			return fail_op(b, op, r, msg);
		}
		bytes += element_size(op);
	}
	nlh = msg_begin(b->nft, type, b->family,
			type == NFT_MSG_NEWSETELEM ? create_flags(first->verb) : 0, idx);
	if (nlh) {
		nftnl_set_elems_nlmsg_build_payload(nlh, s);
		msg_end(b->nft, nlh);
	}
	knft_nftnl_set_free(s);
	*consumed = n;
	return nlh ? 0 : KC_ERR_NOMEM;
}

static int
build_batch(struct build *b, int commit)
{
	const struct knft_tx *tx = b->tx;
	int r = 0;

	batch_reset(b->nft);
	b->cc.family = tx->family;
	b->cc.table = tx->table;
	if (batch_marker(b->nft, NFNL_MSG_BATCH_BEGIN) < 0)
		return KC_ERR_NOMEM;
	for (size_t i = 0; i < tx->n_ops; i++) {
		const struct knft_op *op = &tx->ops[i];
		struct set_info *si;

		if ((op->obj == KNFT_OBJ_SET || op->obj == KNFT_OBJ_MAP) &&
		    op->verb <= KNFT_CREATE && !kc_strmap_contains(b->set_types, op->name)) {
			si = malloc(sizeof(*si));
			if (!si || set_info_from_op(op, si) < 0 ||
			    kc_strmap_put(b->set_types, op->name, si, NULL) < 0) {
				free(si);
				return KC_ERR_NOMEM;
			}
		}
	}
	for (size_t i = 0; r >= 0 && i < tx->n_ops;) {
		const struct knft_op *op = &tx->ops[i];
		size_t consumed = 1;

		switch (op->obj) {
		case KNFT_OBJ_TABLE:
			r = build_table(b, op, (uint32_t)i);
			break;
		case KNFT_OBJ_CHAIN:
			r = build_chain(b, op, (uint32_t)i);
			break;
		case KNFT_OBJ_SET:
		case KNFT_OBJ_MAP:
			r = build_set(b, op, (uint32_t)i);
			break;
		case KNFT_OBJ_RULE:
			r = build_rule(b, op, (uint32_t)i);
			break;
		case KNFT_OBJ_ELEMENT:
			r = build_elements(b, (uint32_t)i, &consumed);
			break;
		}
		i += consumed;
	}
	if (r == KC_ERR_NOMEM)
		kc_err_printf(b->err, b->errlen, "out of memory");
	if (r >= 0 && b->nft->n_msgs > 1) {
		/* the last operation's message asks for the one ACK we wait for */
		struct nlmsghdr *last = (struct nlmsghdr *)b->nft->buf;

		for (size_t off = 0; off < b->nft->len; off += NLMSG_ALIGN(last->nlmsg_len))
			last = (struct nlmsghdr *)(b->nft->buf + off);
		last->nlmsg_flags |= NLM_F_ACK;
		b->nft->ack_seq = last->nlmsg_seq;
	}
	if (r >= 0 && commit && batch_marker(b->nft, NFNL_MSG_BATCH_END) < 0)
		r = KC_ERR_NOMEM;
	return r;
}

/* --- talking to the kernel ------------------------------------------------------------- */

static int
errno_to_kc(int e)
{
	switch (e) {
	case ENOENT:
		return KC_ERR_NOT_FOUND;
	case EEXIST:
		return KC_ERR_ALREADY_EXISTS;
	case EINVAL:
	case EOPNOTSUPP:
	case ERANGE:
	case ENAMETOOLONG:
	case ELOOP:
		return KC_ERR_INVALID;
	case ENOMEM:
	case ENOBUFS:
		return KC_ERR_NOMEM;
	}
	errno = e;
	return KC_ERR_SYSTEM;
}

static int
send_batch(struct knft *nft)
{
	int fd = mnl_socket_get_fd(nft->nl);
	int want = (int)(nft->len + 65536);
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK };
	struct iovec iov = { nft->buf, nft->len };
	struct msghdr mh = { .msg_name = &snl, .msg_namelen = sizeof(snl), .msg_iov = &iov,
			     .msg_iovlen = 1 };

	if (want > nft->sndbuf) {
		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &want, sizeof(want)) < 0)
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &want, sizeof(want));
		nft->sndbuf = want;
	}
	if (sendmsg(fd, &mh, 0) < 0)
		return KC_ERR_SYSTEM;
	return 0;
}

/*
 * Reads errors and the final ack.  The kernel reports each failing message (in order) and
 * then acks the last message; a failed commit is reported against the BEGIN message before
 * that.  *ret_errno and *ret_seq get the first failure.
 */
static int
read_acks(struct knft *nft, uint32_t last_seq, int *ret_errno, uint32_t *ret_seq)
{
	int fd = mnl_socket_get_fd(nft->nl);
	size_t rlen = RBUF_SIZE;

	*ret_errno = 0;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int pr = poll(&pfd, 1, ACK_TIMEOUT_MS);

		if (pr == 0) {
			errno = ETIMEDOUT;
			return KC_ERR_TIMEOUT;
		}
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			return KC_ERR_SYSTEM;
		}
		n = recv(fd, nft->rbuf, rlen, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS && *ret_errno)
				return 0; /* too many errors to read: the first one is enough */
			return KC_ERR_SYSTEM;
		}
		for (struct nlmsghdr *nlh = (struct nlmsghdr *)nft->rbuf;
		     mnl_nlmsg_ok(nlh, (int)n); nlh = mnl_nlmsg_next(nlh, (int *)&n)) {
			const struct nlmsgerr *e;

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			e = mnl_nlmsg_get_payload(nlh);
			if (e->error && !*ret_errno) {
				*ret_errno = -e->error;
				*ret_seq = nlh->nlmsg_seq;
			}
			if (nlh->nlmsg_seq == last_seq)
				return 0;
		}
	}
}

static int
talk(struct build *b, const struct knft_tx *tx)
{
	struct knft *nft = b->nft;
	uint32_t last_seq = nft->ack_seq, seq = 0;
	int e, r;

	if (send_batch(nft) < 0) {
		e = errno;
		kc_err_printf(b->err, b->errlen, "sending the nftables batch (%zu bytes): %s",
			      nft->len, strerror(e));
		return errno_to_kc(e);
	}
	r = read_acks(nft, last_seq, &e, &seq);
	if (r < 0) {
		e = errno;
		kc_err_printf(b->err, b->errlen, "reading the nftables reply: %s", strerror(e));
		return r;
	}
	if (!e)
		return 0;
	if (seq - nft->seq < nft->n_msgs && nft->msg_op[seq - nft->seq] != UINT32_MAX) {
		const struct knft_op *op = &tx->ops[nft->msg_op[seq - nft->seq]];

		fail_op(b, op, 0, strerror(e));
	} else {
		kc_err_printf(b->err, b->errlen, "nftables transaction: %s", strerror(e));
	}
	return errno_to_kc(e);
}

static void
free_set_info(void *p)
{
	free(p);
}

static int
run(struct knft *nft, const struct knft_tx *tx, int commit, char *err, size_t errlen)
{
	struct build b = { .nft = nft, .tx = tx, .err = err, .errlen = errlen };
	int r;

	if (tx && tx->error)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "%s", tx->error);
	if (!nft || !tx)
		return kc_err_fail(KC_ERR_INVALID, err, errlen, "no nftables handle or transaction");
	if (tx->n_ops == 0)
		return 0;
	b.family = tx->family == KNFT_IP6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	b.set_types = kc_strmap_new();
	if (!b.set_types)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	r = build_batch(&b, commit);
	knft_compile_ctx_release(&b.cc);
	if (r >= 0)
		r = talk(&b, tx);
	kc_strmap_free(b.set_types, free_set_info);
	/*
	 * A full sync of 10,000 services needs tens of MiB; incremental syncs need KiB.  Keep a
	 * buffer that serves the incremental ones and give a full sync's back at once, so the
	 * daemon's RSS between syncs is what its state needs.
	 */
	if (nft->cap > 4 * 1024 * 1024) {
		free(nft->buf);
		nft->buf = NULL;
		nft->cap = 0;
	}
	return r;
}

int
knft_run(struct knft *nft, const struct knft_tx *tx, char *err, size_t errlen)
{
	return run(nft, tx, 1, err, errlen);
}

int
knft_check(struct knft *nft, const struct knft_tx *tx, char *err, size_t errlen)
{
	return run(nft, tx, 0, err, errlen);
}

int
knft_delete_table(struct knft *nft, enum knft_family family, const char *table, char *err,
		  size_t errlen)
{
	struct knft_tx *tx = knft_tx_new(family, table);
	int r;

	if (!tx)
		return kc_err_fail(KC_ERR_NOMEM, err, errlen, "out of memory");
	r = knft_tx_table(tx, KNFT_DELETE, NULL);
	if (r >= 0)
		r = knft_run(nft, tx, err, errlen);
	knft_tx_free(tx);
	return r;
}

/* --- reading ---------------------------------------------------------------------------- */

struct dump {
	struct kc_strbuf raw; /* the replies, concatenated */
	int error;
};

/* Sends one request (a GET, maybe a dump) and collects every reply message. */
static int
request(struct knft *nft, struct nlmsghdr *req, struct dump *d)
{
	int fd = mnl_socket_get_fd(nft->nl);
	uint32_t seq = req->nlmsg_seq;

	d->error = 0;
	if (mnl_socket_sendto(nft->nl, req, req->nlmsg_len) < 0)
		return KC_ERR_SYSTEM;
	for (;;) {
		ssize_t n = recv(fd, nft->rbuf, RBUF_SIZE, 0);
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return KC_ERR_SYSTEM;
		}
		len = (int)n;
		for (struct nlmsghdr *nlh = (struct nlmsghdr *)nft->rbuf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != nft->portid)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

				d->error = -e->error;
				return e->error ? errno_to_kc(-e->error) : 0;
			}
			if (kc_strbuf_add(&d->raw, nlh, nlh->nlmsg_len) < 0)
				return KC_ERR_NOMEM;
			if (!(req->nlmsg_flags & NLM_F_DUMP))
				return 0;
		}
	}
}

#define FOR_EACH_REPLY(d, nlh)                                                          \
	for (struct nlmsghdr *nlh = (struct nlmsghdr *)(d)->raw.buf;                    \
	     (char *)nlh < (d)->raw.buf + (d)->raw.len;                                 \
	     nlh = (struct nlmsghdr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len)))

static int
fetch_set_info(struct knft *nft, uint16_t family, const char *table, const char *set,
	       struct set_info *si)
{
	char buf[REQ_BUF] = { 0 }; /* attribute padding goes out as is */
	struct dump d = { KC_STRBUF_INIT, 0 };
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;
	int r;

	if (!s)
		return KC_ERR_NOMEM;
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSET, family, NLM_F_ACK, ++nft->seq);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, set);
	nftnl_set_nlmsg_build_payload(nlh, s);
	knft_nftnl_set_free(s);
	s = NULL;
	r = request(nft, nlh, &d);
	if (r >= 0 && d.raw.len == 0)
		r = KC_ERR_NOT_FOUND;
	if (r >= 0) {
		s = nftnl_set_alloc();
		if (!s || nftnl_set_nlmsg_parse((struct nlmsghdr *)d.raw.buf, s) < 0)
			r = KC_ERR_PARSE;
	}
	if (r >= 0) {
		uint32_t flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);

		memset(si, 0, sizeof(*si));
		si->is_map = !!(flags & NFT_SET_MAP);
		si->interval = !!(flags & NFT_SET_INTERVAL);
		r = knft_type_from_id(nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE),
				      nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN), &si->key);
		if (r >= 0 && si->is_map) {
			uint32_t dt = nftnl_set_get_u32(s, NFTNL_SET_DATA_TYPE);

			if (dt == NFT_DATA_VERDICT)
				si->verdict_map = 1;
			else
				r = knft_type_from_id(dt, nftnl_set_get_u32(s, NFTNL_SET_DATA_LEN),
						      &si->data);
		}
	}
	knft_nftnl_set_free(s);
	kc_strbuf_release(&d.raw);
	return r;
}

static int
list_fail(int r, const struct dump *d, char *err, size_t errlen, const char *what,
	  const char *table)
{
	int e = d->error ? d->error : errno;

	if (r == KC_ERR_NOT_FOUND)
		return kc_err_fail(r, err, errlen, "%s: table %s: No such file or directory", what,
				   table);
	return kc_err_fail(r, err, errlen, "%s in table %s: %s", what, table,
			   r == KC_ERR_NOMEM ? "out of memory" : strerror(e));
}

/* The table must exist for List to succeed, as with `nft list chains` on a missing table. */
static int
check_table(struct knft *nft, uint16_t family, const char *table, struct dump *d)
{
	char buf[REQ_BUF] = { 0 }; /* attribute padding goes out as is */
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *nlh;
	int r;

	if (!t)
		return KC_ERR_NOMEM;
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, family, NLM_F_ACK, ++nft->seq);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, table);
	nftnl_table_nlmsg_build_payload(nlh, t);
	knft_nftnl_table_free(t);
	r = request(nft, nlh, d);
	kc_strbuf_reset(&d->raw);
	return r;
}

int
knft_list(struct knft *nft, enum knft_family family, const char *table, enum knft_kind kind,
	  struct kc_strv *names, char *err, size_t errlen)
{
	char buf[REQ_BUF] = { 0 }; /* attribute padding goes out as is */
	uint16_t fam = family == KNFT_IP6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	struct dump d = { KC_STRBUF_INIT, 0 };
	struct nlmsghdr *nlh;
	const char *what = kind == KNFT_KIND_CHAIN ? "listing chains" : "listing sets";
	int r;

	if (!nft || !table || !names)
		return KC_ERR_INVALID;
	r = check_table(nft, fam, table, &d);
	if (r < 0)
		goto out;
	if (kind == KNFT_KIND_CHAIN) {
		struct nftnl_chain *c = nftnl_chain_alloc();

		if (!c) {
			r = KC_ERR_NOMEM;
			goto out;
		}
		nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, fam, NLM_F_DUMP, ++nft->seq);
		nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table);
		nftnl_chain_nlmsg_build_payload(nlh, c);
		knft_nftnl_chain_free(c);
	} else {
		struct nftnl_set *s = nftnl_set_alloc();

		if (!s) {
			r = KC_ERR_NOMEM;
			goto out;
		}
		nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSET, fam, NLM_F_DUMP, ++nft->seq);
		nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
		nftnl_set_nlmsg_build_payload(nlh, s);
		knft_nftnl_set_free(s);
	}
	r = request(nft, nlh, &d);
	FOR_EACH_REPLY(&d, reply)
	{
		if (r < 0)
			break;
		if (kind == KNFT_KIND_CHAIN) {
			struct nftnl_chain *c = nftnl_chain_alloc();

			if (!c || nftnl_chain_nlmsg_parse(reply, c) < 0) {
				knft_nftnl_chain_free(c);
				r = KC_ERR_PARSE;
				break;
			}
			if (strcmp(nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE), table) == 0)
				r = kc_strv_push(names, nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
			knft_nftnl_chain_free(c);
		} else {
			struct nftnl_set *s = nftnl_set_alloc();
			uint32_t flags;

			if (!s || nftnl_set_nlmsg_parse(reply, s) < 0) {
				knft_nftnl_set_free(s);
				r = KC_ERR_PARSE;
				break;
			}
			flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);
			if (strcmp(nftnl_set_get_str(s, NFTNL_SET_TABLE), table) == 0 &&
			    !(flags & NFT_SET_ANONYMOUS) &&
			    !!(flags & NFT_SET_MAP) == (kind == KNFT_KIND_MAP))
				r = kc_strv_push(names, nftnl_set_get_str(s, NFTNL_SET_NAME));
			knft_nftnl_set_free(s);
		}
	}
out:
	if (r < 0)
		list_fail(r, &d, err, errlen, what, table);
	kc_strbuf_release(&d.raw);
	return r < 0 ? r : 0;
}

struct knft_element *
knft_elements_free(struct knft_element *elems, size_t n)
{
	for (size_t i = 0; elems && i < n; i++) {
		free((char *)elems[i].set);
		free((char *)elems[i].key);
		free((char *)elems[i].value);
		free((char *)elems[i].comment);
	}
	free(elems);
	return NULL;
}

/* libnftnl's nftnl_set_elem_get_u32() crashes on an absent attribute. */
static uint32_t
elem_u32(struct nftnl_set_elem *e, uint16_t attr)
{
	return nftnl_set_elem_is_set(e, attr) ? nftnl_set_elem_get_u32(e, attr) : 0;
}

static char *
elem_comment(struct nftnl_set_elem *e)
{
	uint32_t len;
	const char *ud = nftnl_set_elem_get(e, NFTNL_SET_ELEM_USERDATA, &len);
	const struct nftnl_udata *attr;

	if (!ud)
		return NULL;
	nftnl_udata_for_each_data(ud, len, attr)
	{
		if (nftnl_udata_type(attr) == UDATA_SET_ELEM_COMMENT)
			return strndup(nftnl_udata_get(attr), nftnl_udata_len(attr));
	}
	return NULL;
}

static char *
elem_value(struct nftnl_set_elem *e, const struct set_info *si)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	uint32_t len;

	if (!si->is_map)
		return NULL;
	if (si->verdict_map) {
		int32_t v = (int32_t)elem_u32(e, NFTNL_SET_ELEM_VERDICT);
		const char *chain = nftnl_set_elem_get_str(e, NFTNL_SET_ELEM_CHAIN);

		switch (v) {
		case NFT_JUMP:
			return kc_strfmt("jump %s", chain ? chain : "");
		case NFT_GOTO:
			return kc_strfmt("goto %s", chain ? chain : "");
		case NF_ACCEPT:
			return strdup("accept");
		case NF_DROP:
			return strdup("drop");
		case NFT_RETURN:
			return strdup("return");
		default:
			return strdup("continue");
		}
	}
	const void *d = nftnl_set_elem_get(e, NFTNL_SET_ELEM_DATA, &len);
	if (!d || knft_data_format(&si->data, d, len, &sb) < 0) {
		kc_strbuf_release(&sb);
		return strdup("?");
	}
	return kc_strbuf_detach(&sb, NULL);
}

static int
collect_elements(struct nftnl_set *s, const struct set_info *si, const char *set,
		 struct knft_element **v, size_t *n, size_t *alloc)
{
	struct nftnl_set_elems_iter *it = nftnl_set_elems_iter_create(s);
	struct nftnl_set_elem *e;
	int r = 0;

	if (!it)
		return KC_ERR_NOMEM;
	while (r >= 0 && (e = nftnl_set_elems_iter_next(it))) {
		struct kc_strbuf key = KC_STRBUF_INIT;
		uint32_t klen;
		const void *k = nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &klen);

		if (elem_u32(e, NFTNL_SET_ELEM_FLAGS) & NFT_SET_ELEM_INTERVAL_END)
			continue;
		if (*n == *alloc) {
			size_t na = *alloc ? *alloc * 2 : 64;
			struct knft_element *nv = realloc(*v, na * sizeof(*nv));

			if (!nv) {
				r = KC_ERR_NOMEM;
				break;
			}
			*v = nv;
			*alloc = na;
		}
		if (!k || knft_data_format(&si->key, k, klen, &key) < 0)
			kc_strbuf_adds(&key, "?");
		(*v)[*n] = (struct knft_element){
			.set = strdup(set),
			.key = kc_strbuf_detach(&key, NULL),
			.value = elem_value(e, si),
			.comment = elem_comment(e),
		};
		(*n)++;
	}
	nftnl_set_elems_iter_destroy(it);
	return r;
}

int
knft_list_elements(struct knft *nft, enum knft_family family, const char *table,
		   const char *set, struct knft_element **ret_elems, size_t *ret_n, char *err,
		   size_t errlen)
{
	char buf[REQ_BUF] = { 0 }; /* attribute padding goes out as is */
	uint16_t fam = family == KNFT_IP6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	struct dump d = { KC_STRBUF_INIT, 0 };
	struct knft_element *v = NULL;
	size_t n = 0, alloc = 0;
	struct set_info si;
	struct nftnl_set *s;
	struct nlmsghdr *nlh;
	int r;

	if (!nft || !table || !set || !ret_elems || !ret_n)
		return KC_ERR_INVALID;
	*ret_elems = NULL;
	*ret_n = 0;
	r = fetch_set_info(nft, fam, table, set, &si);
	if (r < 0) {
		if (r == KC_ERR_NOT_FOUND)
			return kc_err_fail(r, err, errlen, "set %s in table %s: No such file or "
							   "directory", set, table);
		return kc_err_fail(r, err, errlen, "set %s in table %s: %s", set, table,
				   r == KC_ERR_UNSUPPORTED ? "unsupported key type"
							   : strerror(errno));
	}
	s = nftnl_set_alloc();
	if (!s)
		return KC_ERR_NOMEM;
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETSETELEM, fam, NLM_F_DUMP, ++nft->seq);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, set);
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	knft_nftnl_set_free(s);
	r = request(nft, nlh, &d);
	FOR_EACH_REPLY(&d, reply)
	{
		if (r < 0)
			break;
		s = nftnl_set_alloc();
		if (!s || nftnl_set_elems_nlmsg_parse(reply, s) < 0)
			r = KC_ERR_PARSE;
		else
			r = collect_elements(s, &si, set, &v, &n, &alloc);
		knft_nftnl_set_free(s);
	}
	kc_strbuf_release(&d.raw);
	if (r < 0) {
		knft_elements_free(v, n);
		return kc_err_fail(r, err, errlen, "listing elements of %s: %s", set,
				   kc_strerror(r));
	}
	*ret_elems = v;
	*ret_n = n;
	return 0;
}
