/*
 * conntrack.c - deleting stale UDP conntrack entries over ctnetlink (upstream:
 * pkg/proxy/conntrack/cleanup.go CleanStaleEntries() and conntrack.go, which use
 * vishvananda/netlink's ConntrackDeleteFilters).
 *
 * One dump of the family's conntrack table (IPCTNL_MSG_CT_GET with NLM_F_DUMP) is filtered in
 * user space against every request; each matching entry is then deleted by its original
 * tuple (IPCTNL_MSG_CT_DELETE).  An entry already gone (ENOENT) is not an error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "kube-proxy/conntrack.h"
#include "kube-proxy/proxier.h"
#include "libkcommon/errors.h"

/* MNL_SOCKET_BUFFER_SIZE is a sysconf() call; a fixed size avoids a VLA. */
#define CT_BUF_SIZE 16384

/* One entry's original tuple, and its reply source. */
struct ct_tuple {
	unsigned char src[16], dst[16], reply_src[16];
	uint16_t sport, dport; /* network order */
	uint8_t proto;
};

struct dump_ctx {
	int family;
	const struct kp_conntrack_flush *req;
	size_t n_req;
	struct ct_tuple *hits;
	size_t n_hits, cap_hits;
	int nomem;
};

static size_t
addr_len(int family)
{
	return family == 6 ? 16 : 4;
}

static int
parse_ip(const struct nlattr *nest, int family, unsigned char *src, unsigned char *dst)
{
	const struct nlattr *a;
	int want_src = family == 6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC;
	int want_dst = family == 6 ? CTA_IP_V6_DST : CTA_IP_V4_DST;

	mnl_attr_for_each_nested(a, nest)
	{
		int t = mnl_attr_get_type(a);

		if (mnl_attr_get_payload_len(a) < addr_len(family))
			continue;
		if (t == want_src && src)
			memcpy(src, mnl_attr_get_payload(a), addr_len(family));
		else if (t == want_dst && dst)
			memcpy(dst, mnl_attr_get_payload(a), addr_len(family));
	}
	return 0;
}

static void
parse_proto(const struct nlattr *nest, struct ct_tuple *t)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
	{
		switch (mnl_attr_get_type(a)) {
		case CTA_PROTO_NUM:
			t->proto = mnl_attr_get_u8(a);
			break;
		case CTA_PROTO_SRC_PORT:
			t->sport = mnl_attr_get_u16(a);
			break;
		case CTA_PROTO_DST_PORT:
			t->dport = mnl_attr_get_u16(a);
			break;
		}
	}
}

static void
parse_tuple(const struct nlattr *nest, int family, struct ct_tuple *t, int reply)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
	{
		if (mnl_attr_get_type(a) == CTA_TUPLE_IP)
			parse_ip(a, family, reply ? t->reply_src : t->src, reply ? NULL : t->dst);
		else if (mnl_attr_get_type(a) == CTA_TUPLE_PROTO && !reply)
			parse_proto(a, t);
	}
}

static int
matches(const struct dump_ctx *c, const struct ct_tuple *t, const struct kp_conntrack_flush *f)
{
	unsigned char ip[16];
	size_t len = addr_len(c->family);

	if (t->proto != IPPROTO_UDP || ntohs(t->dport) != f->orig_port)
		return 0;
	if (f->orig_dst && (inet_pton(c->family == 6 ? AF_INET6 : AF_INET, f->orig_dst, ip) != 1 ||
			    memcmp(ip, t->dst, len) != 0))
		return 0;
	if (f->reply_src &&
	    (inet_pton(c->family == 6 ? AF_INET6 : AF_INET, f->reply_src, ip) != 1 ||
	     memcmp(ip, t->reply_src, len) != 0))
		return 0;
	return 1;
}

static int
dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	struct ct_tuple t;
	const struct nlattr *a;
	size_t i;

	memset(&t, 0, sizeof(t));
	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
	{
		if (mnl_attr_get_type(a) == CTA_TUPLE_ORIG)
			parse_tuple(a, c->family, &t, 0);
		else if (mnl_attr_get_type(a) == CTA_TUPLE_REPLY)
			parse_tuple(a, c->family, &t, 1);
	}
	for (i = 0; i < c->n_req; i++) {
		if (!matches(c, &t, &c->req[i]))
			continue;
		if (c->n_hits == c->cap_hits) {
			size_t cap = c->cap_hits ? c->cap_hits * 2 : 16;
			struct ct_tuple *v = realloc(c->hits, cap * sizeof(*v));

			if (!v) {
				c->nomem = 1;
				return MNL_CB_STOP;
			}
			c->hits = v;
			c->cap_hits = cap;
		}
		c->hits[c->n_hits++] = t;
		break;
	}
	return MNL_CB_OK;
}

static struct nlmsghdr *
ct_header(char *buf, int type, int flags, int family, unsigned seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family == 6 ? AF_INET6 : AF_INET;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	return nlh;
}

/* Sends nlh and reads the replies through cb until done; 0 or -errno. */
static int
talk(struct mnl_socket *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[CT_BUF_SIZE];
	unsigned portid = mnl_socket_get_portid(nl);
	ssize_t n;
	int r;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		r = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, cb, data);
	} while (r > 0);
	return r < 0 ? -errno : 0;
}

static int
delete_entry(struct mnl_socket *nl, int family, const struct ct_tuple *t, unsigned seq)
{
	char buf[CT_BUF_SIZE] = { 0 }; /* attribute padding is sent as is */
	struct nlmsghdr *nlh = ct_header(buf, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, family, seq);
	struct nlattr *tuple, *ip, *proto;

	tuple = mnl_attr_nest_start(nlh, CTA_TUPLE_ORIG);
	ip = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
	mnl_attr_put(nlh, family == 6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC, addr_len(family), t->src);
	mnl_attr_put(nlh, family == 6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, addr_len(family), t->dst);
	mnl_attr_nest_end(nlh, ip);
	proto = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, t->proto);
	mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, t->sport);
	mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, t->dport);
	mnl_attr_nest_end(nlh, proto);
	mnl_attr_nest_end(nlh, tuple);
	return talk(nl, nlh, NULL, NULL);
}

int
kp_conntrack_flush(const struct kp_conntrack_flush *req, size_t n, int family, char *err,
		   size_t errlen)
{
	char buf[CT_BUF_SIZE] = { 0 }; /* attribute padding is sent as is */
	struct dump_ctx c = { .family = family, .req = req, .n_req = n };
	struct mnl_socket *nl;
	unsigned seq = (unsigned)time(NULL);
	size_t i;
	int r, deleted = 0;

	if (n == 0)
		return 0;
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		if (nl)
			mnl_socket_close(nl);
		return kc_err_fail(KC_ERR_SYSTEM, err, errlen, "conntrack netlink socket: %s",
				   strerror(-r));
	}
	r = talk(nl, ct_header(buf, IPCTNL_MSG_CT_GET, NLM_F_DUMP, family, seq), dump_cb, &c);
	if (r < 0 || c.nomem) {
		kc_err_printf(err, errlen, "listing conntrack entries: %s",
			      c.nomem ? "out of memory" : strerror(-r));
		r = c.nomem ? KC_ERR_NOMEM : KC_ERR_SYSTEM;
	}
	for (i = 0; r >= 0 && i < c.n_hits; i++) {
		int dr = delete_entry(nl, family, &c.hits[i], ++seq);

		if (dr == 0)
			deleted++;
		else if (dr != -ENOENT)
			r = kc_err_fail(KC_ERR_SYSTEM, err, errlen,
					"deleting a conntrack entry: %s", strerror(-dr));
	}
	free(c.hits);
	mnl_socket_close(nl);
	return r < 0 ? r : deleted;
}
