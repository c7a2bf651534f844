/*
 * check_knftables.c - kube-proxy/nftables: the knftables-style transaction API over netlink.
 *
 * Unprivileged tests: rendering (`nft -f` text as knftables writes it), the rule compiler (every
 * rule form upstream's pkg/proxy/nftables/proxier.go writes, compared with the expressions
 * nft 1.0.6 itself generates for the same text, as printed by `nft --debug=netlink`), compile
 * errors, builder validation, priorities and datatypes.  Root tests (skipped with a message
 * otherwise) run each in a fresh network namespace: program a table, compare `nft list` with
 * what `nft -f` of the rendered text gives, list chains/sets/elements, atomic failure, check
 * mode, delete, a 30k-message batch, and a DNAT'ed TCP connection.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kube-proxy/nftables/knft_internal.h"
#include "kube-proxy/nftables/knftables.h"
#include "libkcommon/errors.h"
#include "test/unit/testutil/testutil.h"

/* --- the compiler ------------------------------------------------------------------------ */

struct compile_case {
	const char *rule;
	const char *dump;
};

/* Expected expressions: nft 1.0.6's own linearization of each rule (nft --debug=netlink). */
static const struct compile_case compile4[] = {
	{ "jump services",
	  "[ immediate reg 0 jump -> services ]\n"
	},
	{ "ct state new jump service-endpoints-check",
	  "[ ct load state => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0x00000008 ) ^ 0x00000000 ]\n"
	  "[ cmp neq reg 1 0x00000000 ]\n"
	  "[ immediate reg 0 jump -> service-endpoints-check ]\n"
	},
	{ "mark set mark or 0x4000",
	  "[ meta load mark => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0xffffbfff ) ^ 0x00004000 ]\n"
	  "[ meta set mark with reg 1 ]\n"
	},
	{ "mark and 0x4000 == 0 return",
	  "[ meta load mark => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0x00004000 ) ^ 0x00000000 ]\n"
	  "[ cmp eq reg 1 0x00000000 ]\n"
	  "[ immediate reg 0 return ]\n"
	},
	{ "mark set mark xor 0x4000",
	  "[ meta load mark => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0xffffffff ) ^ 0x00004000 ]\n"
	  "[ meta set mark with reg 1 ]\n"
	},
	{ "masquerade fully-random",
	  "[ masq flags 0x10 ]\n"
	},
	{ "reject",
	  "[ reject type 0 code 3 ]\n"
	},
	{ "ip daddr . meta l4proto . th dport vmap @no-endpoint-services",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ meta load l4proto => reg 9 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 10 ]\n"
	  "[ lookup reg 1 set no-endpoint-services dreg 0 ]\n"
	},
	{ "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @no-endpoint-nodeports",
	  "[ fib daddr type => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000002 ]\n"
	  "[ payload load 1b @ network header + 16 => reg 1 ]\n"
	  "[ cmp neq reg 1 0x0000007f ]\n"
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 9 ]\n"
	  "[ lookup reg 1 set no-endpoint-nodeports dreg 0 ]\n"
	},
	{ "ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ lookup reg 1 set nodeport-ips ]\n"
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 9 ]\n"
	  "[ lookup reg 1 set no-endpoint-nodeports dreg 0 ]\n"
	},
	{ "ip saddr != { 10.0.0.0/8 , 192.168.0.0/16 } drop",
	  "[ payload load 4b @ network header + 12 => reg 1 ]\n"
	  "[ lookup reg 1 set __set%d 0x1 ]\n"
	  "[ immediate reg 0 drop ]\n"
	},
	{ "ip daddr 172.30.0.41 tcp dport 80 jump mark-for-masquerade",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x29001eac ]\n"
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000006 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00005000 ]\n"
	  "[ immediate reg 0 jump -> mark-for-masquerade ]\n"
	},
	{ "ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x29001eac ]\n"
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000006 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00005000 ]\n"
	  "[ payload load 1b @ network header + 12 => reg 1 ]\n"
	  "[ cmp neq reg 1 0x0000000a ]\n"
	  "[ immediate reg 0 jump -> mark-for-masquerade ]\n"
	},
	{ "iifname != \"cbr0\" jump mark-for-masquerade",
	  "[ meta load iifname => reg 1 ]\n"
	  "[ cmp neq reg 1 0x30726263 0x00000000 0x00000000 0x00000000 ]\n"
	  "[ immediate reg 0 jump -> mark-for-masquerade ]\n"
	},
	{ "iifname \"veth*\" goto service-X",
	  "[ meta load iifname => reg 1 ]\n"
	  "[ cmp eq reg 1 0x68746576 ]\n"
	  "[ immediate reg 0 goto -> service-X ]\n"
	},
	{ "fib saddr type local jump mark-for-masquerade",
	  "[ fib saddr type => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000002 ]\n"
	  "[ immediate reg 0 jump -> mark-for-masquerade ]\n"
	},
	{ "fib saddr type local goto service-X",
	  "[ fib saddr type => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000002 ]\n"
	  "[ immediate reg 0 goto -> service-X ]\n"
	},
	{ "ip saddr 10.180.0.1 jump mark-for-masquerade",
	  "[ payload load 4b @ network header + 12 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x0100b40a ]\n"
	  "[ immediate reg 0 jump -> mark-for-masquerade ]\n"
	},
	{ "update @affinity-x { ip saddr }",
	  "[ payload load 4b @ network header + 12 => reg 1 ]\n"
	  "[ dynset update reg_key 1 set affinity-x ]\n"
	},
	{ "meta l4proto tcp dnat to 10.180.0.1:8080",
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000006 ]\n"
	  "[ immediate reg 1 0x0100b40a ]\n"
	  "[ immediate reg 2 0x0000901f ]\n"
	  "[ nat dnat ip addr_min reg 1 proto_min reg 2 flags 0x2 ]\n"
	},
	{ "ip saddr @affinity-x goto endpoint-y",
	  "[ payload load 4b @ network header + 12 => reg 1 ]\n"
	  "[ lookup reg 1 set affinity-x ]\n"
	  "[ immediate reg 0 goto -> endpoint-y ]\n"
	},
	{ "numgen random mod 3 vmap { 0 : goto a , 1 : goto b , 2 : goto c }",
	  "[ numgen reg 1 = random mod 3 ]\n"
	  "[ lookup reg 1 set __map%d dreg 0 ]\n"
	},
	{ "ct state invalid drop",
	  "[ ct load state => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0x00000001 ) ^ 0x00000000 ]\n"
	  "[ cmp neq reg 1 0x00000000 ]\n"
	  "[ immediate reg 0 drop ]\n"
	},
	{ "ct status dnat masquerade",
	  "[ ct load status => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0x00000020 ) ^ 0x00000000 ]\n"
	  "[ cmp neq reg 1 0x00000000 ]\n"
	  "[ masq ]\n"
	},
	{ "ip daddr 10.96.0.10 meta l4proto tcp th dport 80 reject",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x0a00600a ]\n"
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000006 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00005000 ]\n"
	  "[ reject type 0 code 3 ]\n"
	},
	{ "meta l4proto udp counter dnat to 10.0.0.5:53",
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000011 ]\n"
	  "[ counter pkts 0 bytes 0 ]\n"
	  "[ immediate reg 1 0x0500000a ]\n"
	  "[ immediate reg 2 0x00003500 ]\n"
	  "[ nat dnat ip addr_min reg 1 proto_min reg 2 flags 0x2 ]\n"
	},
	{ "ct state established,related accept",
	  "[ ct load state => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0x00000006 ) ^ 0x00000000 ]\n"
	  "[ cmp neq reg 1 0x00000000 ]\n"
	  "[ immediate reg 0 accept ]\n"
	},
	{ "meta mark set meta mark | 0x4000",
	  "[ meta load mark => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0xffffbfff ) ^ 0x00004000 ]\n"
	  "[ meta set mark with reg 1 ]\n"
	},
	{ "th dport 30000-32767 accept",
	  "[ payload load 2b @ transport header + 2 => reg 1 ]\n"
	  "[ cmp gte reg 1 0x00003075 ]\n"
	  "[ cmp lte reg 1 0x0000ff7f ]\n"
	  "[ immediate reg 0 accept ]\n"
	},
	{ "ip daddr 10.0.0.1-10.0.0.9 drop",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ cmp gte reg 1 0x0100000a ]\n"
	  "[ cmp lte reg 1 0x0900000a ]\n"
	  "[ immediate reg 0 drop ]\n"
	},
	{ "reject with icmp host-unreachable",
	  "[ reject type 0 code 1 ]\n"
	},
	{ "reject with tcp reset",
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000006 ]\n"
	  "[ reject type 1 code 0 ]\n"
	},
	{ "snat to 192.168.1.1",
	  "[ immediate reg 1 0x0101a8c0 ]\n"
	  "[ nat snat ip addr_min reg 1 ]\n"
	},
	{ "ip daddr { 172.30.0.0/16 } drop",
	  "[ payload load 2b @ network header + 16 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00001eac ]\n"
	  "[ immediate reg 0 drop ]\n"
	},
	{ "ip daddr @nodeport-ips reject",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ lookup reg 1 set nodeport-ips ]\n"
	  "[ reject type 0 code 3 ]\n"
	},
	{ "ip saddr 10.0.0.0/8 goto service-X",
	  "[ payload load 1b @ network header + 12 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x0000000a ]\n"
	  "[ immediate reg 0 goto -> service-X ]\n"
	},
	{ "ip saddr != { 203.0.113.0/25 } drop",
	  "[ payload load 4b @ network header + 12 => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0x80ffffff ) ^ 0x00000000 ]\n"
	  "[ cmp neq reg 1 0x007100cb ]\n"
	  "[ immediate reg 0 drop ]\n"
	},
	{ "ip daddr { 10.0.0.1 , 10.0.0.2 } accept",
	  "[ payload load 4b @ network header + 16 => reg 1 ]\n"
	  "[ lookup reg 1 set __set%d ]\n"
	  "[ immediate reg 0 accept ]\n"
	},
	{ "ip saddr 10.1.0.0/12 drop",
	  "[ payload load 4b @ network header + 12 => reg 1 ]\n"
	  "[ bitwise reg 1 = ( reg 1 & 0x0000f0ff ) ^ 0x00000000 ]\n"
	  "[ cmp eq reg 1 0x0000000a ]\n"
	  "[ immediate reg 0 drop ]\n"
	},
};

static const struct compile_case compile6[] = {
	{ "ip6 daddr . meta l4proto . th dport vmap @m",
	  "[ payload load 16b @ network header + 24 => reg 1 ]\n"
	  "[ meta load l4proto => reg 2 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 13 ]\n"
	  "[ lookup reg 1 set m dreg 0 ]\n"
	},
	{ "fib daddr type local ip6 daddr != ::1 meta l4proto . th dport vmap @np",
	  "[ fib daddr type => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000002 ]\n"
	  "[ payload load 16b @ network header + 24 => reg 1 ]\n"
	  "[ cmp neq reg 1 0x00000000 0x00000000 0x00000000 0x01000000 ]\n"
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ payload load 2b @ transport header + 2 => reg 9 ]\n"
	  "[ lookup reg 1 set np dreg 0 ]\n"
	},
	{ "meta l4proto tcp dnat to [fd00::5]:8080",
	  "[ meta load l4proto => reg 1 ]\n"
	  "[ cmp eq reg 1 0x00000006 ]\n"
	  "[ immediate reg 1 0x000000fd 0x00000000 0x00000000 0x05000000 ]\n"
	  "[ immediate reg 2 0x0000901f ]\n"
	  "[ nat dnat ip6 addr_min reg 1 proto_min reg 2 flags 0x2 ]\n"
	},
	{ "ip6 saddr fd00::1 jump a",
	  "[ payload load 16b @ network header + 8 => reg 1 ]\n"
	  "[ cmp eq reg 1 0x000000fd 0x00000000 0x00000000 0x01000000 ]\n"
	  "[ immediate reg 0 jump -> a ]\n"
	},
	{ "reject",
	  "[ reject type 0 code 4 ]\n"
	},
	{ "update @aff { ip6 saddr }",
	  "[ payload load 16b @ network header + 8 => reg 1 ]\n"
	  "[ dynset update reg_key 1 set aff ]\n"
	},
	{ "ip6 saddr != { fd00::/64 , fd01::/48 } drop",
	  "[ payload load 16b @ network header + 8 => reg 1 ]\n"
	  "[ lookup reg 1 set __set%d 0x1 ]\n"
	  "[ immediate reg 0 drop ]\n"
	},
	{ "ip6 saddr != fd00:10::/64 jump a",
	  "[ payload load 8b @ network header + 8 => reg 1 ]\n"
	  "[ cmp neq reg 1 0x100000fd 0x00000000 ]\n"
	  "[ immediate reg 0 jump -> a ]\n"
	},
};

static void
check_compile(enum knft_family family, const struct compile_case *cc)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char err[256] = "";
	int r = knft_rule_dump(family, "t", cc->rule, &sb, err, sizeof(err));

	ck_assert_msg(r == 0, "%s: %s", cc->rule, err);
	ck_assert_str_eq(sb.buf, cc->dump);
	kc_strbuf_release(&sb);
}

START_TEST(test_compile_ipv4)
{
	check_compile(KNFT_IP, &compile4[_i]);
}
END_TEST

START_TEST(test_compile_ipv6)
{
	check_compile(KNFT_IP6, &compile6[_i]);
}
END_TEST

static const struct {
	const char *rule;
	const char *error; /* a substring of the message */
} bad_rules[] = {
	{ "frobnicate", "unknown token \"frobnicate\"" },
	{ "ip daddr frob", "\"frob\"" },
	{ "ip daddr 10.0.0.1 frob", "unknown token \"frob\"" },
	{ "jump", "expected a chain name, got at end of rule" },
	{ "meta foo", "unknown meta key \"foo\"" },
	{ "ip frob 1.2.3.4", "unknown header field \"frob\"" },
	{ "ip daddr . meta l4proto", "a concatenation needs a set or map" },
	{ "numgen random mod 0 vmap { 0 : goto a }", "bad numgen modulus \"0\"" },
	{ "numgen random mod 2 vmap { 0 : goto a , 1 : frob b }", "expected a verdict, got \"frob\"" },
	{ "ip saddr { 10.0.0.1", "at end of rule" },
	{ "ct state bogus drop", "unknown ct state value \"bogus\"" },
	{ "meta l4proto tcp dnat to 10.0.0.1:99999", "bad NAT port" },
	{ "meta l4proto tcp dnat to 10.0.0.300", "bad NAT address" },
	{ "ip6 saddr ::1 drop", "address family does not match" },
	{ "reject with icmp bogus", "unknown icmp reject type \"bogus\"" },
	{ "update @x { }", "expected an expression in the dynamic set key" },
	{ "update x { ip saddr }", "expected @set, got \"x\"" },
	{ "iifname \"\" drop", "bad interface name" },
	{ "comment unquoted", "expected a quoted comment" },
	{ "tcp dport 70000 accept", "\"70000\"" },
	{ "ip saddr \"unterminated", "unterminated string" },
	{ "", "empty rule" },
	{ "mark set frob", "expected a mark value, got \"frob\"" },
	{ "ip saddr set 1", "cannot be set" },
	{ "fib daddr type bogus", "unknown fib daddr type value \"bogus\"" },
	{ "ip saddr < 10.0.0.0/8", "needs == or !=" },
};

START_TEST(test_compile_errors)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char err[256] = "";
	int r = knft_rule_dump(KNFT_IP, "t", bad_rules[_i].rule, &sb, err, sizeof(err));

	ck_assert_msg(r == KC_ERR_INVALID || r == KC_ERR_UNSUPPORTED, "%s: r=%d",
		      bad_rules[_i].rule, r);
	ck_assert_msg(strstr(err, bad_rules[_i].error), "%s: \"%s\" lacks \"%s\"",
		      bad_rules[_i].rule, err, bad_rules[_i].error);
	kc_strbuf_release(&sb);
}
END_TEST

/* --- rendering --------------------------------------------------------------------------- */

static void
op_table(struct knft_tx *tx)
{
	knft_tx_table(tx, KNFT_ADD, "rules for kube-proxy");
}

static void
op_delete_table(struct knft_tx *tx)
{
	knft_tx_table(tx, KNFT_DELETE, "ignored");
}

static void
op_flush_table(struct knft_tx *tx)
{
	knft_tx_table(tx, KNFT_FLUSH, NULL);
}

static void
op_base_chain(struct knft_tx *tx)
{
	struct knft_chain c = { "nat-prerouting", "nat", "prerouting", "dstnat", NULL, 0 };

	knft_tx_chain(tx, KNFT_ADD, &c);
}

static void
op_output_chain(struct knft_tx *tx)
{
	struct knft_chain c = { "nat-output", "nat", "output", "dstnat", NULL, 0 };

	knft_tx_chain(tx, KNFT_ADD, &c);
}

static void
op_filter_chain(struct knft_tx *tx)
{
	struct knft_chain c = { "filter-output", "filter", "output", "dstnat - 10", NULL, 0 };

	knft_tx_chain(tx, KNFT_CREATE, &c);
}

static void
op_commented_chain(struct knft_tx *tx)
{
	struct knft_chain c = { .name = "reject-chain",
				.comment = "helper for @no-endpoint-services / @no-endpoint-nodeports" };

	knft_tx_chain(tx, KNFT_ADD, &c);
}

static void
op_regular_chain(struct knft_tx *tx)
{
	knft_tx_add_chain(tx, "service-ULMVA6XW-ns1/svc1/tcp/p80");
}

static void
op_flush_chain(struct knft_tx *tx)
{
	knft_tx_flush_chain(tx, "services");
}

static void
op_delete_chain_handle(struct knft_tx *tx)
{
	struct knft_chain c = { .handle = 42 };

	knft_tx_chain(tx, KNFT_DELETE, &c);
}

static void
op_map(struct knft_tx *tx)
{
	struct knft_set m = { .name = "service-ips",
			      .type = "ipv4_addr . inet_proto . inet_service",
			      .value_type = "verdict",
			      .comment = "ClusterIP, ExternalIP and LoadBalancer IP traffic" };

	knft_tx_map(tx, KNFT_ADD, &m);
}

static void
op_affinity_set(struct knft_tx *tx)
{
	struct knft_set s = { .name = "affinity-X", .type = "ipv4_addr",
			      .flags = KNFT_SET_DYNAMIC | KNFT_SET_TIMEOUT, .timeout_sec = 10800 };

	knft_tx_set(tx, KNFT_ADD, &s);
}

static void
op_flush_map(struct knft_tx *tx)
{
	struct knft_set m = { .name = "service-ips" };

	knft_tx_map(tx, KNFT_FLUSH, &m);
}

static void
op_delete_set(struct knft_tx *tx)
{
	struct knft_set s = { .name = "nodeport-ips" };

	knft_tx_set(tx, KNFT_DELETE, &s);
}

static void
op_rule(struct knft_tx *tx)
{
	knft_tx_add_rulef(tx, "services", "ip daddr . meta l4proto . th dport vmap @%s",
			  "service-ips");
}

static void
op_rule_comment(struct knft_tx *tx)
{
	struct knft_rule r = { "external-X", "fib saddr type local jump mark-for-masquerade",
			       "masquerade local traffic", 0 };

	knft_tx_rule(tx, KNFT_ADD, &r);
}

static void
op_delete_rule(struct knft_tx *tx)
{
	struct knft_rule r = { .chain = "services", .handle = 7 };

	knft_tx_rule(tx, KNFT_DELETE, &r);
}

static void
op_replace_rule(struct knft_tx *tx)
{
	struct knft_rule r = { "services", "jump x", NULL, 7 };

	knft_tx_rule(tx, KNFT_REPLACE, &r);
}

static void
op_element(struct knft_tx *tx)
{
	struct knft_element e = { "service-ips", "10.96.0.10 . tcp . 80", "goto service-X", NULL };

	knft_tx_element(tx, KNFT_ADD, &e);
}

static void
op_element_comment(struct knft_tx *tx)
{
	struct knft_element e = { "no-endpoint-services", "10.96.0.11 . udp . 53",
				  "goto reject-chain", "ns/svc:dns" };

	knft_tx_element(tx, KNFT_ADD, &e);
}

static void
op_map_element_delete(struct knft_tx *tx)
{
	struct knft_element e = { "service-ips", "10.96.0.10 . tcp . 80", "goto service-X", "c" };

	knft_tx_element(tx, KNFT_DELETE, &e);
}

static void
op_set_element_delete(struct knft_tx *tx)
{
	struct knft_element e = { .set = "nodeport-ips", .key = "192.168.0.1" };

	knft_tx_element(tx, KNFT_DELETE, &e);
}

static void
op_quoted_comment(struct knft_tx *tx)
{
	knft_tx_table(tx, KNFT_CREATE, "a \"quoted\" \\ comment");
}

static const struct {
	void (*build)(struct knft_tx *tx);
	const char *text;
} renders[] = {
	{ op_table, "add table ip kube-proxy { comment \"rules for kube-proxy\" ; }\n" },
	{ op_delete_table, "delete table ip kube-proxy\n" },
	{ op_flush_table, "flush table ip kube-proxy\n" },
	{ op_base_chain,
	  "add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }\n" },
	/* as knftables, numbers: nft 1.0.6 refuses "dstnat" in an output chain */
	{ op_output_chain,
	  "add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }\n" },
	{ op_filter_chain,
	  "create chain ip kube-proxy filter-output { type filter hook output priority -110 ; }\n" },
	{ op_commented_chain,
	  "add chain ip kube-proxy reject-chain { comment \"helper for @no-endpoint-services / "
	  "@no-endpoint-nodeports\" ; }\n" },
	{ op_regular_chain, "add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80\n" },
	{ op_flush_chain, "flush chain ip kube-proxy services\n" },
	{ op_delete_chain_handle, "delete chain ip kube-proxy handle 42\n" },
	{ op_map,
	  "add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : "
	  "verdict ; comment \"ClusterIP, ExternalIP and LoadBalancer IP traffic\" ; }\n" },
	{ op_affinity_set,
	  "add set ip kube-proxy affinity-X { type ipv4_addr ; flags dynamic,timeout ; timeout "
	  "10800s ; }\n" },
	{ op_flush_map, "flush map ip kube-proxy service-ips\n" },
	{ op_delete_set, "delete set ip kube-proxy nodeport-ips\n" },
	{ op_rule,
	  "add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips\n" },
	{ op_rule_comment,
	  "add rule ip kube-proxy external-X fib saddr type local jump mark-for-masquerade "
	  "comment \"masquerade local traffic\"\n" },
	{ op_delete_rule, "delete rule ip kube-proxy services handle 7\n" },
	{ op_replace_rule, "replace rule ip kube-proxy services handle 7 jump x\n" },
	{ op_element,
	  "add element ip kube-proxy service-ips { 10.96.0.10 . tcp . 80 : goto service-X }\n" },
	{ op_element_comment,
	  "add element ip kube-proxy no-endpoint-services { 10.96.0.11 . udp . 53 comment "
	  "\"ns/svc:dns\" : goto reject-chain }\n" },
	{ op_set_element_delete, "delete element ip kube-proxy nodeport-ips { 192.168.0.1 }\n" },
	{ op_map_element_delete,
	  "delete element ip kube-proxy service-ips { 10.96.0.10 . tcp . 80 }\n" },
	{ op_quoted_comment,
	  "create table ip kube-proxy { comment \"a \\\"quoted\\\" \\\\ comment\" ; }\n" },
};

START_TEST(test_render)
{
	struct knft_tx *tx = knft_tx_new(KNFT_IP, "kube-proxy");
	struct kc_strbuf sb = KC_STRBUF_INIT;

	renders[_i].build(tx);
	ck_assert_msg(knft_tx_error(tx) == NULL, "%s", knft_tx_error(tx));
	ck_assert_int_eq(knft_tx_len(tx), 1);
	ck_assert_int_eq(knft_tx_render(tx, &sb), 0);
	ck_assert_str_eq(sb.buf, renders[_i].text);
	kc_strbuf_release(&sb);
	knft_tx_free(tx);
}
END_TEST

START_TEST(test_render_ip6_and_order)
{
	struct knft_tx *tx = knft_tx_new(KNFT_IP6, "kube-proxy");
	struct kc_strbuf sb = KC_STRBUF_INIT;

	knft_tx_add_chain(tx, "a");
	knft_tx_flush_chain(tx, "a");
	knft_tx_add_rulef(tx, "a", "ip6 daddr %s drop", "fd00::1");
	ck_assert_int_eq(knft_tx_render(tx, &sb), 0);
	ck_assert_str_eq(sb.buf, "add chain ip6 kube-proxy a\nflush chain ip6 kube-proxy a\n"
				 "add rule ip6 kube-proxy a ip6 daddr fd00::1 drop\n");
	ck_assert_ptr_null(knft_tx_free(tx));
	ck_assert_ptr_null(knft_tx_free(NULL));
	kc_strbuf_release(&sb);
}
END_TEST

/* --- builder validation ------------------------------------------------------------------ */

static int
bad_map_without_value(struct knft_tx *tx)
{
	struct knft_set m = { .name = "m", .type = "ipv4_addr" };

	return knft_tx_map(tx, KNFT_ADD, &m);
}

static int
bad_set_with_value(struct knft_tx *tx)
{
	struct knft_set s = { .name = "s", .type = "ipv4_addr", .value_type = "verdict" };

	return knft_tx_set(tx, KNFT_ADD, &s);
}

static int
bad_set_type(struct knft_tx *tx)
{
	struct knft_set s = { .name = "s", .type = "ipv9_addr" };

	return knft_tx_set(tx, KNFT_ADD, &s);
}

static int
bad_half_base_chain(struct knft_tx *tx)
{
	struct knft_chain c = { .name = "c", .type = "nat", .hook = "prerouting" };

	return knft_tx_chain(tx, KNFT_ADD, &c);
}

static int
bad_hook(struct knft_tx *tx)
{
	struct knft_chain c = { "c", "nat", "ingress", "0", NULL, 0 };

	return knft_tx_chain(tx, KNFT_ADD, &c);
}

static int
bad_priority(struct knft_tx *tx)
{
	struct knft_chain c = { "c", "nat", "output", "dstnatt", NULL, 0 };

	return knft_tx_chain(tx, KNFT_ADD, &c);
}

static int
bad_chain_type(struct knft_tx *tx)
{
	struct knft_chain c = { "c", "bogus", "output", "0", NULL, 0 };

	return knft_tx_chain(tx, KNFT_ADD, &c);
}

static int
bad_insert_chain(struct knft_tx *tx)
{
	return knft_tx_chain(tx, KNFT_INSERT, &(struct knft_chain){ .name = "c" });
}

static int
bad_delete_rule_without_handle(struct knft_tx *tx)
{
	return knft_tx_rule(tx, KNFT_DELETE, &(struct knft_rule){ .chain = "c" });
}

static int
bad_empty_rule(struct knft_tx *tx)
{
	return knft_tx_rule(tx, KNFT_ADD, &(struct knft_rule){ .chain = "c", .text = "" });
}

static int
bad_element_without_key(struct knft_tx *tx)
{
	return knft_tx_element(tx, KNFT_ADD, &(struct knft_element){ .set = "s" });
}

static int
bad_flush_element(struct knft_tx *tx)
{
	return knft_tx_element(tx, KNFT_FLUSH, &(struct knft_element){ .set = "s", .key = "1" });
}

static int
bad_chain_without_name(struct knft_tx *tx)
{
	return knft_tx_add_chain(tx, NULL);
}

static int
bad_long_name(struct knft_tx *tx)
{
	char name[300];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	return knft_tx_add_chain(tx, name);
}

static const struct {
	int (*build)(struct knft_tx *tx);
	const char *error;
} bad_ops[] = {
	{ bad_map_without_value, "map m: value type is required" },
	{ bad_set_with_value, "set s: a set has no value type" },
	{ bad_set_type, "unknown type \"ipv9_addr\"" },
	{ bad_half_base_chain, "needs type, hook and priority" },
	{ bad_hook, "unknown hook \"ingress\"" },
	{ bad_priority, "bad priority \"dstnatt\"" },
	{ bad_chain_type, "unknown type \"bogus\"" },
	{ bad_insert_chain, "insert is only valid for rules" },
	{ bad_delete_rule_without_handle, "delete needs a handle" },
	{ bad_empty_rule, "empty rule text" },
	{ bad_element_without_key, "key is required" },
	{ bad_flush_element, "flush the set or map instead" },
	{ bad_chain_without_name, "name is required" },
	{ bad_long_name, "longer than 255" },
};

START_TEST(test_builder_errors)
{
	struct knft_tx *tx = knft_tx_new(KNFT_IP, "kube-proxy");
	char err[1024] = "";

	ck_assert_int_eq(bad_ops[_i].build(tx), KC_ERR_INVALID);
	ck_assert_int_eq(knft_tx_len(tx), 0);
	ck_assert_ptr_nonnull(knft_tx_error(tx));
	ck_assert_msg(strstr(knft_tx_error(tx), bad_ops[_i].error), "\"%s\" lacks \"%s\"",
		      knft_tx_error(tx), bad_ops[_i].error);
	/* the first failure sticks, and knft_run() refuses the transaction with it */
	knft_tx_add_chain(tx, NULL);
	ck_assert(strstr(knft_tx_error(tx), bad_ops[_i].error));
	ck_assert_int_eq(knft_run(NULL, tx, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert(strstr(err, bad_ops[_i].error));
	knft_tx_free(tx);
}
END_TEST

START_TEST(test_run_empty_and_null)
{
	struct knft_tx *tx = knft_tx_new(KNFT_IP, "kube-proxy");
	char err[128] = "";

	ck_assert_int_eq(knft_tx_add_chain(NULL, "x"), KC_ERR_INVALID);
	ck_assert_int_eq(knft_run(NULL, tx, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_ptr_null(knft_tx_new(KNFT_IP, NULL));
	ck_assert_ptr_null(knft_close(NULL));
	ck_assert_ptr_null(knft_elements_free(NULL, 0));
	ck_assert_str_eq(knft_family_name(KNFT_IP6), "ip6");
	knft_tx_free(tx);
}
END_TEST

/* --- priorities and datatypes ------------------------------------------------------------ */

static const struct {
	const char *text;
	int ok;
	int32_t value;
} priorities[] = {
	{ "dstnat", 1, -100 }, { "dstnat - 10", 1, -110 }, { "dstnat-10", 1, -110 },
	{ "srcnat", 1, 100 },  { "filter + 5", 1, 5 },     { "-110", 1, -110 },
	{ "raw", 1, -300 },    { "mangle", 1, -150 },      { "security", 1, 50 },
	{ "0", 1, 0 },         { "bogus", 0, 0 },          { "dstnat +", 0, 0 },
	{ "dstnat - x", 0, 0 }, { "", 0, 0 },              { "10 20", 0, 0 },
};

START_TEST(test_priority)
{
	int32_t v = 12345;
	int r = knft_priority_parse(KNFT_IP, priorities[_i].text, &v);

	if (priorities[_i].ok) {
		ck_assert_int_eq(r, 0);
		ck_assert_int_eq(v, priorities[_i].value);
	} else {
		ck_assert_int_eq(r, KC_ERR_INVALID);
	}
}
END_TEST

static const struct {
	const char *type;
	uint32_t id;
	uint32_t len;
	const char *value;    /* parsed and formatted back */
	const char *expected; /* the formatting (NULL: same as value) */
} datatypes[] = {
	{ "ipv4_addr . inet_proto . inet_service", (7u << 12) | (12u << 6) | 13u, 12,
	  "10.96.0.10 . tcp . 80", NULL },
	{ "inet_proto . inet_service", (12u << 6) | 13u, 8, "udp . 30053", NULL },
	{ "ipv4_addr", 7, 4, "192.168.1.1", NULL },
	{ "ipv6_addr", 8, 16, "fd00::10", NULL },
	{ "ipv6_addr . inet_proto . inet_service", (8u << 12) | (12u << 6) | 13u, 24,
	  "fd00::a . sctp . 9", NULL },
	{ "mark", 19, 4, "0x4000", "0x00004000" },
	{ "ipv4_addr . inet_service", (7u << 6) | 13u, 8, "10.0.0.5 . 8080", NULL },
	{ "inet_proto", 12, 1, "6", "tcp" },
};

START_TEST(test_datatypes)
{
	struct knft_type t, back;
	uint8_t data[64], end[64];
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char err[128];

	ck_assert_int_eq(knft_type_parse(datatypes[_i].type, &t, err, sizeof(err)), 0);
	ck_assert_uint_eq(t.id, datatypes[_i].id);
	ck_assert_uint_eq(t.len, datatypes[_i].len);
	ck_assert_int_eq(knft_type_from_id(t.id, t.len, &back), 0);
	ck_assert_uint_eq(back.len, t.len);
	ck_assert_uint_eq(back.n, t.n);
	ck_assert_int_eq(knft_data_parse(KNFT_IP, &t, datatypes[_i].value, data, end, NULL, err,
					 sizeof(err)),
			 0);
	ck_assert_int_eq(knft_data_format(&back, data, t.len, &sb), 0);
	ck_assert_str_eq(sb.buf, datatypes[_i].expected ? datatypes[_i].expected
							: datatypes[_i].value);
	kc_strbuf_release(&sb);
}
END_TEST

START_TEST(test_datatype_errors)
{
	struct knft_type t;
	uint8_t data[64], end[64];
	char err[128];
	int range;

	ck_assert_int_eq(knft_type_parse("ipv9_addr", &t, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_int_eq(knft_type_parse("", &t, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_int_eq(knft_type_parse("ipv4_addr .", &t, err, sizeof(err)), 0);
	ck_assert_int_eq(knft_type_parse("ipv4_addr . inet_proto . inet_service", &t, err,
					 sizeof(err)),
			 0);
	ck_assert_int_eq(knft_data_parse(KNFT_IP, &t, "10.0.0.1 . tcp", data, end, NULL, err,
					 sizeof(err)),
			 KC_ERR_INVALID);
	ck_assert(strstr(err, "expected 3 concatenated values"));
	ck_assert_int_eq(knft_data_parse(KNFT_IP, &t, "10.0.0.1 . tcp . 80 . 1", data, end, NULL,
					 err, sizeof(err)),
			 KC_ERR_INVALID);
	ck_assert_int_eq(knft_data_parse(KNFT_IP, &t, "10.0.0.1 . bogus . 80", data, end, NULL,
					 err, sizeof(err)),
			 KC_ERR_INVALID);
	ck_assert(strstr(err, "\"bogus\" is not a valid inet_proto"));
	ck_assert_int_eq(knft_type_parse("ipv4_addr", &t, err, sizeof(err)), 0);
	ck_assert_int_eq(knft_data_parse(KNFT_IP, &t, "10.0.0.0/8", data, end, NULL, err,
					 sizeof(err)),
			 KC_ERR_INVALID);
	ck_assert(strstr(err, "needs an interval set"));
	ck_assert_int_eq(knft_data_parse(KNFT_IP, &t, "10.1.2.3/8", data, end, &range, err,
					 sizeof(err)),
			 0);
	ck_assert_int_eq(range, 1);
	ck_assert_int_eq(data[0], 10);
	ck_assert_int_eq(data[1], 0);
	ck_assert_int_eq(end[3], 255);
}
END_TEST

/* --- root: a fresh network namespace per test -------------------------------------------- */

/* Moves this (forked) test into a new network namespace; 0 (and a message) when not root. */
static int
enter_netns(void)
{
	if (geteuid() != 0) {
		fprintf(stderr, "check_knftables: netlink test skipped: needs root\n");
		return 0;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "check_knftables: netlink test skipped: unshare(CLONE_NEWNET): %s\n",
			strerror(errno));
		return 0;
	}
	return 1;
}

/* The output of a shell command (malloc()ed); the test fails when it does. */
static char *
sh(const char *cmd)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *p = popen(cmd, "r");

	ck_assert_ptr_nonnull(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		kc_strbuf_add(&sb, buf, n);
	ck_assert_msg(pclose(p) == 0, "%s failed: %s", cmd, sb.buf);
	return kc_strbuf_detach(&sb, NULL);
}

#define SVC "service-ULMVA6XW-ns1/svc1/tcp/p80"
#define EP1 "endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80"
#define EP2 "endpoint-GZDF4T7L-ns1/svc1/tcp/p80__10.180.0.2/80"

/* A small ruleset in upstream's layout, with every object kind and most rule forms. */
static struct knft_tx *
sample_tx(void)
{
	struct knft_tx *tx = knft_tx_new(KNFT_IP, "kube-proxy");
	struct knft_chain chains[] = {
		{ "filter-input", "filter", "input", "dstnat - 10", NULL, 0 },
		{ "filter-output", "filter", "output", "dstnat - 10", NULL, 0 },
		{ "nat-prerouting", "nat", "prerouting", "dstnat", NULL, 0 },
		{ "nat-output", "nat", "output", "dstnat", NULL, 0 },
		{ "nat-postrouting", "nat", "postrouting", "srcnat", NULL, 0 },
		{ .name = "reject-chain", .comment = "helper for @no-endpoint-services" },
	};
	struct knft_set maps[] = {
		{ .name = "service-ips", .type = "ipv4_addr . inet_proto . inet_service",
		  .value_type = "verdict", .comment = "ClusterIP, ExternalIP and LoadBalancer IP "
						      "traffic" },
		{ .name = "no-endpoint-services", .type = "ipv4_addr . inet_proto . inet_service",
		  .value_type = "verdict" },
		{ .name = "service-nodeports", .type = "inet_proto . inet_service",
		  .value_type = "verdict", .comment = "NodePort traffic" },
	};
	struct knft_set affinity = { .name = "affinity-X", .type = "ipv4_addr",
				     .flags = KNFT_SET_DYNAMIC | KNFT_SET_TIMEOUT,
				     .timeout_sec = 10800 };
	struct knft_set nodeport_ips = { .name = "nodeport-ips", .type = "ipv4_addr",
					 .comment = "IPs that accept NodePort traffic" };
	struct knft_element elems[] = {
		{ "service-ips", "172.30.0.41 . tcp . 80", "goto " SVC, NULL },
		{ "service-ips", "172.30.0.42 . udp . 53", "goto " SVC, NULL },
		{ "no-endpoint-services", "172.30.0.43 . tcp . 80", "goto reject-chain",
		  "ns2/svc2:p80" },
		{ "service-nodeports", "tcp . 30080", "goto " SVC, NULL },
		{ "nodeport-ips", "192.168.0.10", NULL, NULL },
	};
	struct knft_rule commented = { SVC, "fib saddr type local jump mark-for-masquerade",
				       "masquerade local traffic", 0 };

	knft_tx_table(tx, KNFT_ADD, "rules for kube-proxy");
	for (size_t i = 0; i < sizeof(chains) / sizeof(chains[0]); i++) {
		knft_tx_chain(tx, KNFT_ADD, &chains[i]);
		knft_tx_chain(tx, KNFT_FLUSH, &chains[i]);
	}
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		knft_tx_map(tx, KNFT_ADD, &maps[i]);
	knft_tx_set(tx, KNFT_ADD, &affinity);
	knft_tx_set(tx, KNFT_ADD, &nodeport_ips);
	const char *regular[] = { "services", "service-endpoints-check", "mark-for-masquerade",
				  "masquerading", SVC, EP1, EP2 };
	for (size_t i = 0; i < sizeof(regular) / sizeof(regular[0]); i++) {
		knft_tx_add_chain(tx, regular[i]);
		knft_tx_flush_chain(tx, regular[i]);
	}
	knft_tx_add_rulef(tx, "filter-input", "ct state new jump service-endpoints-check");
	knft_tx_add_rulef(tx, "filter-output", "ct state new jump service-endpoints-check");
	knft_tx_add_rulef(tx, "nat-prerouting", "jump services");
	knft_tx_add_rulef(tx, "nat-output", "jump services");
	knft_tx_add_rulef(tx, "nat-postrouting", "jump masquerading");
	knft_tx_add_rulef(tx, "reject-chain", "reject");
	knft_tx_add_rulef(tx, "mark-for-masquerade", "mark set mark or 0x4000");
	knft_tx_add_rulef(tx, "masquerading", "mark and 0x4000 == 0 return");
	knft_tx_add_rulef(tx, "masquerading", "mark set mark xor 0x4000");
	knft_tx_add_rulef(tx, "masquerading", "masquerade fully-random");
	knft_tx_add_rulef(tx, "service-endpoints-check",
			  "ip daddr . meta l4proto . th dport vmap @no-endpoint-services");
	knft_tx_add_rulef(tx, "services", "ip daddr . meta l4proto . th dport vmap @service-ips");
	knft_tx_add_rulef(tx, "services", "ip daddr @nodeport-ips meta l4proto . th dport vmap "
					  "@service-nodeports");
	knft_tx_add_rulef(tx, SVC, "ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 "
				   "jump mark-for-masquerade");
	knft_tx_rule(tx, KNFT_ADD, &commented);
	knft_tx_add_rulef(tx, SVC, "ip saddr @affinity-X goto " EP1);
	knft_tx_add_rulef(tx, SVC, "numgen random mod 2 vmap { 0 : goto " EP1 " , 1 : goto " EP2
				   " }");
	knft_tx_add_rulef(tx, EP1, "ip saddr 10.180.0.1 jump mark-for-masquerade");
	knft_tx_add_rulef(tx, EP1, "update @affinity-X { ip saddr }");
	knft_tx_add_rulef(tx, EP1, "meta l4proto tcp dnat to 10.180.0.1:80");
	knft_tx_add_rulef(tx, EP2, "ip saddr 10.180.0.2 jump mark-for-masquerade");
	knft_tx_add_rulef(tx, EP2, "meta l4proto tcp dnat to 10.180.0.2:80");
	for (size_t i = 0; i < sizeof(elems) / sizeof(elems[0]); i++)
		knft_tx_element(tx, KNFT_ADD, &elems[i]);
	ck_assert_msg(knft_tx_error(tx) == NULL, "%s", knft_tx_error(tx));
	return tx;
}

static struct knft *
open_or_fail(void)
{
	char err[256] = "";
	struct knft *nft = knft_open(err, sizeof(err));

	ck_assert_msg(nft != NULL, "knft_open: %s", err);
	return nft;
}

static void
run_ok(struct knft *nft, const struct knft_tx *tx)
{
	char err[1024] = "";
	int r = knft_run(nft, tx, err, sizeof(err));

	ck_assert_msg(r == 0, "knft_run: %d %s", r, err);
}

/* What we program lists exactly as what `nft -f` of the rendered transaction gives. */
START_TEST(test_netns_same_as_nft)
{
	struct knft *nft;
	struct knft_tx *tx;
	struct kc_strbuf text = KC_STRBUF_INIT;
	char *ours, *theirs, *path, cmd[512], err[256];

	if (!enter_netns())
		return;
	nft = open_or_fail();
	tx = sample_tx();
	run_ok(nft, tx);
	ours = sh("nft list table ip kube-proxy");
	ck_assert(strstr(ours, "numgen random mod 2 vmap { 0 : goto " EP1 ", 1 : goto " EP2 " }"));
	ck_assert(strstr(ours, "elements = { 172.30.0.43 . tcp . 80 comment \"ns2/svc2:p80\" : "
			       "goto reject-chain }"));
	ck_assert(strstr(ours, "fib saddr type local jump mark-for-masquerade comment "
			       "\"masquerade local traffic\""));
	ck_assert_int_eq(knft_delete_table(nft, KNFT_IP, "kube-proxy", err, sizeof(err)), 0);
	ck_assert_int_eq(knft_tx_render(tx, &text), 0);
	path = kc_test_write_file(kc_test_tmpdir(), "sample.nft", text.buf);
	snprintf(cmd, sizeof(cmd), "nft -f %s && nft list table ip kube-proxy", path);
	theirs = sh(cmd);
	ck_assert_str_eq(ours, theirs);
	/* and a second run over the existing table (a resync) changes nothing */
	snprintf(cmd, sizeof(cmd), "nft list table ip kube-proxy");
	run_ok(nft, tx);
	free(ours);
	ours = sh(cmd);
	ck_assert_str_eq(ours, theirs);
	free(ours);
	free(theirs);
	free(path);
	kc_strbuf_release(&text);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

static int
strv_has(const struct kc_strv *v, const char *s)
{
	return kc_strv_contains(v, s);
}

START_TEST(test_netns_list)
{
	struct knft *nft;
	struct knft_tx *tx;
	struct kc_strv chains = KC_STRV_INIT, sets = KC_STRV_INIT, maps = KC_STRV_INIT;
	struct knft_element *el = NULL;
	size_t n = 0;
	char err[256] = "";

	if (!enter_netns())
		return;
	nft = open_or_fail();
	ck_assert_int_eq(knft_list(nft, KNFT_IP, "kube-proxy", KNFT_KIND_CHAIN, &chains, err,
				   sizeof(err)),
			 KC_ERR_NOT_FOUND);
	ck_assert(strstr(err, "No such file or directory"));
	tx = sample_tx();
	run_ok(nft, tx);
	ck_assert_int_eq(knft_list(nft, KNFT_IP, "kube-proxy", KNFT_KIND_CHAIN, &chains, err,
				   sizeof(err)),
			 0);
	ck_assert_uint_eq(chains.n, 13);
	ck_assert(strv_has(&chains, SVC) && strv_has(&chains, EP2) &&
		  strv_has(&chains, "nat-prerouting"));
	ck_assert_int_eq(knft_list(nft, KNFT_IP, "kube-proxy", KNFT_KIND_SET, &sets, err,
				   sizeof(err)),
			 0);
	/* the anonymous sets of rules are not listed */
	ck_assert_uint_eq(sets.n, 2);
	ck_assert(strv_has(&sets, "affinity-X") && strv_has(&sets, "nodeport-ips"));
	ck_assert_int_eq(knft_list(nft, KNFT_IP, "kube-proxy", KNFT_KIND_MAP, &maps, err,
				   sizeof(err)),
			 0);
	ck_assert_uint_eq(maps.n, 3);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", "service-ips", &el, &n,
					    err, sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 2);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(el[i].value, "goto " SVC);
		ck_assert(strcmp(el[i].key, "172.30.0.41 . tcp . 80") == 0 ||
			  strcmp(el[i].key, "172.30.0.42 . udp . 53") == 0);
	}
	el = knft_elements_free(el, n);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", "no-endpoint-services",
					    &el, &n, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(el[0].comment, "ns2/svc2:p80");
	ck_assert_str_eq(el[0].value, "goto reject-chain");
	el = knft_elements_free(el, n);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", "nodeport-ips", &el, &n,
					    err, sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(el[0].key, "192.168.0.10");
	ck_assert_ptr_null(el[0].value);
	el = knft_elements_free(el, n);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", "affinity-X", &el, &n,
					    err, sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", "nope", &el, &n, err,
					    sizeof(err)),
			 KC_ERR_NOT_FOUND);
	kc_strv_release(&chains);
	kc_strv_release(&sets);
	kc_strv_release(&maps);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

static int
chain_exists(struct knft *nft, const char *name)
{
	struct kc_strv chains = KC_STRV_INIT;
	char err[256];
	int found;

	ck_assert_int_eq(knft_list(nft, KNFT_IP, "kube-proxy", KNFT_KIND_CHAIN, &chains, err,
				   sizeof(err)),
			 0);
	found = kc_strv_contains(&chains, name);
	kc_strv_release(&chains);
	return found;
}

/* A failing operation late in a transaction leaves nothing of it applied. */
START_TEST(test_netns_atomic)
{
	struct knft *nft;
	struct knft_tx *tx, *bad;
	struct knft_element e = { "service-ips", "172.30.9.9 . tcp . 80", "goto " SVC, NULL };
	struct knft_element *el = NULL;
	size_t n = 0;
	char err[1024] = "", *before, *after;

	if (!enter_netns())
		return;
	nft = open_or_fail();
	tx = sample_tx();
	run_ok(nft, tx);
	before = sh("nft list table ip kube-proxy");

	/* the kernel refuses the last operation: a jump to a chain that does not exist */
	bad = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_add_chain(bad, "new-chain");
	knft_tx_flush_chain(bad, SVC);
	knft_tx_element(bad, KNFT_ADD, &e);
	knft_tx_add_rulef(bad, "new-chain", "jump does-not-exist");
	ck_assert_int_eq(knft_run(nft, bad, err, sizeof(err)), KC_ERR_NOT_FOUND);
	ck_assert_str_eq(err, "add rule ip kube-proxy new-chain jump does-not-exist: No such file "
			      "or directory");
	ck_assert(!chain_exists(nft, "new-chain"));
	after = sh("nft list table ip kube-proxy");
	ck_assert_str_eq(before, after);
	free(after);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", "service-ips", &el, &n,
					    err, sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 2);
	el = knft_elements_free(el, n);
	bad = knft_tx_free(bad);

	/* a rule that does not compile: nothing is sent */
	bad = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_add_chain(bad, "new-chain");
	knft_tx_add_rulef(bad, "new-chain", "ip daddr 10.0.0.1 frob drop");
	ck_assert_int_eq(knft_run(nft, bad, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert_str_eq(err, "add rule ip kube-proxy new-chain ip daddr 10.0.0.1 frob drop: "
			      "unknown token \"frob\"");
	ck_assert(!chain_exists(nft, "new-chain"));
	bad = knft_tx_free(bad);

	/* an element whose key does not fit the map's type */
	bad = knft_tx_new(KNFT_IP, "kube-proxy");
	e.key = "172.30.9.9 . tcp";
	knft_tx_add_chain(bad, "new-chain");
	knft_tx_element(bad, KNFT_ADD, &e);
	ck_assert_int_eq(knft_run(nft, bad, err, sizeof(err)), KC_ERR_INVALID);
	ck_assert(strstr(err, "add element ip kube-proxy service-ips { 172.30.9.9 . tcp : goto"));
	ck_assert(strstr(err, "expected 3 concatenated values"));
	ck_assert(!chain_exists(nft, "new-chain"));
	after = sh("nft list table ip kube-proxy");
	ck_assert_str_eq(before, after);
	free(after);
	free(before);
	knft_tx_free(bad);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

static size_t
count_elements(struct knft *nft, const char *set)
{
	struct knft_element *el = NULL;
	size_t n = 0;
	char err[256];

	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", set, &el, &n, err,
					    sizeof(err)),
			 0);
	knft_elements_free(el, n);
	return n;
}

/* Upstream's incremental pattern: rewrite a service chain, drop an endpoint, delete it later. */
START_TEST(test_netns_update)
{
	struct knft *nft;
	struct knft_tx *tx;
	char err[512] = "";

	if (!enter_netns())
		return;
	nft = open_or_fail();
	tx = sample_tx();
	run_ok(nft, tx);
	knft_tx_free(tx);

	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_flush_chain(tx, SVC);
	knft_tx_add_rulef(tx, SVC, "numgen random mod 1 vmap { 0 : goto " EP1 " }");
	knft_tx_flush_chain(tx, EP2);
	knft_tx_element(tx, KNFT_DELETE,
			&(struct knft_element){ .set = "service-ips", .key = "172.30.0.42 . udp . 53",
						.value = "goto " SVC });
	knft_tx_map(tx, KNFT_FLUSH, &(struct knft_set){ .name = "no-endpoint-services" });
	run_ok(nft, tx);
	knft_tx_free(tx);
	ck_assert_uint_eq(count_elements(nft, "service-ips"), 1);
	ck_assert_uint_eq(count_elements(nft, "no-endpoint-services"), 0);

	/* the stale endpoint chain goes once nothing refers to it */
	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_chain(tx, KNFT_DELETE, &(struct knft_chain){ .name = EP2 });
	run_ok(nft, tx);
	ck_assert(!chain_exists(nft, EP2));
	/* deleting it again: not found */
	ck_assert_int_eq(knft_run(nft, tx, err, sizeof(err)), KC_ERR_NOT_FOUND);
	ck_assert_str_eq(err, "delete chain ip kube-proxy " EP2 ": No such file or directory");
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

START_TEST(test_netns_create_and_check)
{
	struct knft *nft;
	struct knft_tx *tx;
	struct kc_strv names = KC_STRV_INIT;
	char err[512] = "";

	if (!enter_netns())
		return;
	nft = open_or_fail();
	tx = sample_tx();
	/* check mode validates everything and applies nothing */
	ck_assert_int_eq(knft_check(nft, tx, err, sizeof(err)), 0);
	ck_assert_int_eq(knft_list(nft, KNFT_IP, "kube-proxy", KNFT_KIND_CHAIN, &names, err,
				   sizeof(err)),
			 KC_ERR_NOT_FOUND);
	run_ok(nft, tx);
	knft_tx_free(tx);

	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_chain(tx, KNFT_CREATE, &(struct knft_chain){ .name = "services" });
	ck_assert_int_eq(knft_check(nft, tx, err, sizeof(err)), KC_ERR_ALREADY_EXISTS);
	ck_assert_int_eq(knft_run(nft, tx, err, sizeof(err)), KC_ERR_ALREADY_EXISTS);
	ck_assert_str_eq(err, "create chain ip kube-proxy services: File exists");
	knft_tx_free(tx);

	/* deleting a set that a rule uses fails (EBUSY) */
	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_set(tx, KNFT_DELETE, &(struct knft_set){ .name = "affinity-X" });
	ck_assert_int_eq(knft_run(nft, tx, err, sizeof(err)), KC_ERR_SYSTEM);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert(strstr(err, "delete set ip kube-proxy affinity-X: "));
	knft_tx_free(tx);

	/* an empty transaction is a no-op */
	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	ck_assert_int_eq(knft_run(nft, tx, err, sizeof(err)), 0);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

START_TEST(test_netns_delete_table)
{
	struct knft *nft;
	struct knft_tx *tx;
	char err[256] = "";

	if (!enter_netns())
		return;
	nft = open_or_fail();
	ck_assert_int_eq(knft_delete_table(nft, KNFT_IP, "kube-proxy", err, sizeof(err)),
			 KC_ERR_NOT_FOUND);
	ck_assert_str_eq(err, "delete table ip kube-proxy: No such file or directory");
	tx = sample_tx();
	run_ok(nft, tx);
	ck_assert_int_eq(knft_delete_table(nft, KNFT_IP6, "kube-proxy", err, sizeof(err)),
			 KC_ERR_NOT_FOUND);
	ck_assert_int_eq(knft_delete_table(nft, KNFT_IP, "kube-proxy", err, sizeof(err)), 0);
	ck_assert_int_eq(knft_delete_table(nft, KNFT_IP, "kube-proxy", err, sizeof(err)),
			 KC_ERR_NOT_FOUND);
	/* programming again after a cleanup works */
	run_ok(nft, tx);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

/* The handle of the rule of `chain` whose text contains `needle` (nft -a). */
static uint64_t
rule_handle(const char *chain, const char *needle)
{
	char cmd[256], *out, *line, *save = NULL;
	uint64_t h = 0;

	snprintf(cmd, sizeof(cmd), "nft -a list chain ip kube-proxy %s", chain);
	out = sh(cmd);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *hs = strstr(line, "# handle ");

		if (hs && strstr(line, needle))
			h = strtoull(hs + 9, NULL, 10);
	}
	free(out);
	return h;
}

START_TEST(test_netns_rule_handles)
{
	struct knft *nft;
	struct knft_tx *tx;
	char *out;
	uint64_t h;

	if (!enter_netns())
		return;
	nft = open_or_fail();
	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_table(tx, KNFT_ADD, NULL);
	knft_tx_add_chain(tx, "a");
	knft_tx_add_chain(tx, "b");
	knft_tx_add_chain(tx, "c");
	knft_tx_add_rulef(tx, "c", "jump a");
	knft_tx_add_rulef(tx, "c", "ip daddr 10.0.0.1 drop");
	run_ok(nft, tx);
	knft_tx_free(tx);
	h = rule_handle("c", "jump a");
	ck_assert_uint_ne(h, 0);

	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_rule(tx, KNFT_REPLACE, &(struct knft_rule){ "c", "jump b", NULL, h });
	knft_tx_rule(tx, KNFT_INSERT, &(struct knft_rule){ "c", "ip daddr 10.0.0.2 accept", NULL, h });
	knft_tx_rule(tx, KNFT_INSERT, &(struct knft_rule){ .chain = "c", .text = "counter" });
	run_ok(nft, tx);
	knft_tx_free(tx);
	out = sh("nft list chain ip kube-proxy c | grep -v '^table\\|^}\\|chain c\\|^\\s*}'");
	ck_assert_str_eq(out, "\t\tcounter packets 0 bytes 0\n"
			      "\t\tip daddr 10.0.0.2 accept\n"
			      "\t\tjump b\n"
			      "\t\tip daddr 10.0.0.1 drop\n");
	free(out);
	h = rule_handle("c", "10.0.0.1");
	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_rule(tx, KNFT_DELETE, &(struct knft_rule){ .chain = "c", .handle = h });
	run_ok(nft, tx);
	knft_tx_free(tx);
	ck_assert_uint_eq(rule_handle("c", "10.0.0.1"), 0);
	knft_close(nft);
}
END_TEST

/* One batch of 40k+ messages (5k chains, 10k rules, 25k elements in ~900 messages). */
START_TEST(test_netns_large_batch)
{
	struct knft *nft;
	struct knft_tx *tx;
	struct knft_set m = { .name = "big", .type = "ipv4_addr . inet_proto . inet_service",
			      .value_type = "verdict" };
	struct knft_element *el = NULL;
	size_t n = 0;
	char name[64], key[64], val[80], err[256];

	if (!enter_netns())
		return;
	nft = open_or_fail();
	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_table(tx, KNFT_ADD, NULL);
	knft_tx_map(tx, KNFT_ADD, &m);
	knft_tx_add_chain(tx, "b");
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "endpoint-%d/tcp/p80__10.%d.%d.1/80", i, i / 200,
			 i % 200);
		knft_tx_add_chain(tx, name);
		knft_tx_flush_chain(tx, name);
		knft_tx_add_rulef(tx, name, "ip saddr 10.%d.%d.1 jump b", i / 200, i % 200);
		knft_tx_add_rulef(tx, name, "meta l4proto tcp dnat to 10.%d.%d.1:80", i / 200,
				  i % 200);
	}
	for (int i = 0; i < 25000; i++) {
		snprintf(key, sizeof(key), "172.%d.%d.%d . tcp . 80", 16 + i / 65536,
			 (i / 256) % 256, i % 256);
		snprintf(val, sizeof(val), "goto endpoint-%d/tcp/p80__10.%d.%d.1/80", i % 5000,
			 (i % 5000) / 200, (i % 5000) % 200);
		knft_tx_element(tx, KNFT_ADD, &(struct knft_element){ "big", key, val, NULL });
	}
	run_ok(nft, tx);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP, "kube-proxy", "big", &el, &n, err,
					    sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 25000);
	knft_elements_free(el, n);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

/* A real TCP connection to a ClusterIP is DNAT'ed by the rules (nat-output hook). */
START_TEST(test_netns_dnat_connection)
{
	struct knft *nft;
	struct knft_tx *tx;
	struct knft_set m = { .name = "service-ips", .type = "ipv4_addr . inet_proto . inet_service",
			      .value_type = "verdict" };
	struct sockaddr_in backend = { .sin_family = AF_INET, .sin_port = htons(8080) };
	struct sockaddr_in vip = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct pollfd pfd;
	int lfd, cfd, afd, one = 1;
	char buf[8] = "";
	char *out;

	if (!enter_netns())
		return;
	out = sh("ip link set lo up && ip link add v0 type veth peer name v1 && ip addr add "
		 "10.99.0.1/24 dev v0 && ip link set v0 up && ip link set v1 up && ip route add "
		 "10.96.0.0/16 dev v0 2>&1");
	free(out);
	nft = open_or_fail();
	tx = knft_tx_new(KNFT_IP, "kube-proxy");
	knft_tx_table(tx, KNFT_ADD, NULL);
	knft_tx_chain(tx, KNFT_ADD, &(struct knft_chain){ "nat-output", "nat", "output", "dstnat",
							  NULL, 0 });
	knft_tx_map(tx, KNFT_ADD, &m);
	knft_tx_add_chain(tx, "services");
	knft_tx_add_chain(tx, "svc");
	knft_tx_add_chain(tx, "ep");
	knft_tx_add_rulef(tx, "nat-output", "jump services");
	knft_tx_add_rulef(tx, "services", "ip daddr . meta l4proto . th dport vmap @service-ips");
	knft_tx_add_rulef(tx, "svc", "numgen random mod 1 vmap { 0 : goto ep }");
	knft_tx_add_rulef(tx, "ep", "meta l4proto tcp dnat to 10.99.0.1:8080");
	knft_tx_element(tx, KNFT_ADD,
			&(struct knft_element){ "service-ips", "10.96.0.10 . tcp . 80", "goto svc",
						NULL });
	run_ok(nft, tx);

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, "10.99.0.1", &backend.sin_addr);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&backend, sizeof(backend)), 0);
	ck_assert_int_eq(listen(lfd, 1), 0);
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	inet_pton(AF_INET, "10.96.0.10", &vip.sin_addr);
	ck_assert_msg(connect(cfd, (struct sockaddr *)&vip, sizeof(vip)) == 0, "connect: %s",
		      strerror(errno));
	pfd = (struct pollfd){ .fd = lfd, .events = POLLIN };
	ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
	afd = accept(lfd, NULL, NULL);
	ck_assert_int_ge(afd, 0);
	ck_assert_int_eq(write(cfd, "ping", 4), 4);
	ck_assert_int_eq(read(afd, buf, 4), 4);
	ck_assert_str_eq(buf, "ping");
	close(afd);
	close(cfd);
	close(lfd);

	/* after deleting the table the VIP is not served any more */
	ck_assert_int_eq(knft_delete_table(nft, KNFT_IP, "kube-proxy", buf, sizeof(buf)), 0);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

START_TEST(test_netns_ipv6)
{
	struct knft *nft;
	struct knft_tx *tx;
	struct knft_set m = { .name = "service-ips", .type = "ipv6_addr . inet_proto . inet_service",
			      .value_type = "verdict" };
	struct knft_element *el = NULL;
	size_t n = 0;
	char err[256], *out;

	if (!enter_netns())
		return;
	nft = open_or_fail();
	tx = knft_tx_new(KNFT_IP6, "kube-proxy");
	knft_tx_table(tx, KNFT_ADD, "rules for kube-proxy");
	knft_tx_map(tx, KNFT_ADD, &m);
	knft_tx_add_chain(tx, "ep");
	knft_tx_add_chain(tx, "ep2");
	knft_tx_add_rulef(tx, "ep", "ip6 saddr fd00::5 jump ep2");
	knft_tx_add_rulef(tx, "ep", "meta l4proto tcp dnat to [fd00::5]:8080");
	knft_tx_element(tx, KNFT_ADD, &(struct knft_element){ "service-ips", "fd00:96::10 . tcp . 80",
							      "goto ep", NULL });
	run_ok(nft, tx);
	out = sh("nft list table ip6 kube-proxy");
	ck_assert(strstr(out, "meta l4proto tcp dnat to [fd00::5]:8080"));
	ck_assert(strstr(out, "elements = { fd00:96::10 . tcp . 80 : goto ep }"));
	free(out);
	ck_assert_int_eq(knft_list_elements(nft, KNFT_IP6, "kube-proxy", "service-ips", &el, &n,
					    err, sizeof(err)),
			 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(el[0].key, "fd00:96::10 . tcp . 80");
	knft_elements_free(el, n);
	knft_tx_free(tx);
	knft_close(nft);
}
END_TEST

static Suite *
knftables_suite(void)
{
	Suite *s = suite_create("knftables");
	TCase *tc;

	tc = tcase_create("compile");
	tcase_add_loop_test(tc, test_compile_ipv4, 0, (int)(sizeof(compile4) / sizeof(compile4[0])));
	tcase_add_loop_test(tc, test_compile_ipv6, 0, (int)(sizeof(compile6) / sizeof(compile6[0])));
	tcase_add_loop_test(tc, test_compile_errors, 0,
			    (int)(sizeof(bad_rules) / sizeof(bad_rules[0])));
	suite_add_tcase(s, tc);

	tc = tcase_create("transaction");
	tcase_add_loop_test(tc, test_render, 0, (int)(sizeof(renders) / sizeof(renders[0])));
	tcase_add_test(tc, test_render_ip6_and_order);
	tcase_add_loop_test(tc, test_builder_errors, 0, (int)(sizeof(bad_ops) / sizeof(bad_ops[0])));
	tcase_add_test(tc, test_run_empty_and_null);
	tcase_add_loop_test(tc, test_priority, 0, (int)(sizeof(priorities) / sizeof(priorities[0])));
	tcase_add_loop_test(tc, test_datatypes, 0, (int)(sizeof(datatypes) / sizeof(datatypes[0])));
	tcase_add_test(tc, test_datatype_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("netlink");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_netns_same_as_nft);
	tcase_add_test(tc, test_netns_list);
	tcase_add_test(tc, test_netns_atomic);
	tcase_add_test(tc, test_netns_update);
	tcase_add_test(tc, test_netns_create_and_check);
	tcase_add_test(tc, test_netns_delete_table);
	tcase_add_test(tc, test_netns_rule_handles);
	tcase_add_test(tc, test_netns_large_batch);
	tcase_add_test(tc, test_netns_dnat_connection);
	tcase_add_test(tc, test_netns_ipv6);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(knftables_suite)
