/*
 * check_kube_proxy_nodeip.c - kube-proxy's node IP and pod CIDR choice from its Node object
 * (upstream: cmd/kube-proxy/app/server_test.go Test_detectNodeIPs / Test_getNodeIPs,
 * pkg/util/node/node_test.go TestGetNodeHostIPs, server_linux_test.go waitForPodCIDR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "kube-proxy/nodeip.h"
#include "libkcommon/errors.h"
#include "libkcommon/strv.h"
#include "test/unit/testutil/testutil.h"

/* GetNodeHostIPs(): status.addresses in, the chosen IPs ("" when an error) out. */
static const struct {
	const char *addresses; /* JSON array */
	const char *want;      /* space separated, or "!" + the error */
} host_ips[] = {
	{ "[]", "!host IP unknown; known addresses: []" },
	{ "[{\"type\":\"Hostname\",\"address\":\"node-1\"}]",
	  "!host IP unknown; known addresses: [{Hostname node-1}]" },
	{ "[{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"}]", "10.0.0.1" },
	{ "[{\"type\":\"ExternalIP\",\"address\":\"1.2.3.4\"},"
	  "{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"}]",
	  "10.0.0.1" },
	{ "[{\"type\":\"ExternalIP\",\"address\":\"1.2.3.4\"}]", "1.2.3.4" },
	{ "[{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"},"
	  "{\"type\":\"InternalIP\",\"address\":\"10.0.0.2\"}]",
	  "10.0.0.1" },
	/* dual-stack: the first, then the first of the other family */
	{ "[{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"},"
	  "{\"type\":\"InternalIP\",\"address\":\"10.0.0.2\"},"
	  "{\"type\":\"InternalIP\",\"address\":\"fd00::1\"},"
	  "{\"type\":\"ExternalIP\",\"address\":\"2001:db8::1\"}]",
	  "10.0.0.1 fd00::1" },
	{ "[{\"type\":\"InternalIP\",\"address\":\"fd00::1\"},"
	  "{\"type\":\"ExternalIP\",\"address\":\"1.2.3.4\"}]",
	  "fd00::1 1.2.3.4" },
	/* unparseable addresses are skipped */
	{ "[{\"type\":\"InternalIP\",\"address\":\"not-an-ip\"},"
	  "{\"type\":\"ExternalIP\",\"address\":\"1.2.3.4\"}]",
	  "1.2.3.4" },
	{ "[{\"type\":\"InternalIP\"},{\"type\":\"InternalIP\",\"address\":\"10.0.0.9\"}]",
	  "10.0.0.9" },
};

START_TEST(test_node_host_ips)
{
	char text[1024], err[256] = "";
	struct kc_strv ips = KC_STRV_INIT;
	json_t *node;
	char *got;
	int r;

	snprintf(text, sizeof(text),
		 "{\"metadata\":{\"name\":\"node-1\"},\"status\":{\"addresses\":%s}}",
		 host_ips[_i].addresses);
	node = kc_test_json(text);
	r = kp_node_host_ips(node, &ips, err, sizeof(err));
	if (host_ips[_i].want[0] == '!') {
		ck_assert_int_eq(r, KC_ERR_NOT_FOUND);
		ck_assert_str_eq(err, host_ips[_i].want + 1);
		ck_assert_uint_eq(ips.n, 0);
	} else {
		ck_assert_int_eq(r, 0);
		got = kc_strv_join(&ips, " ");
		ck_assert_str_eq(got, host_ips[_i].want);
		free(got);
	}
	kc_strv_release(&ips);
	json_decref(node);
}
END_TEST

START_TEST(test_node_host_ips_no_status)
{
	struct kc_strv ips = KC_STRV_INIT;
	json_t *node = kc_test_json("{\"metadata\":{\"name\":\"node-1\"}}");
	char err[128];

	ck_assert_int_eq(kp_node_host_ips(node, &ips, err, sizeof(err)), KC_ERR_NOT_FOUND);
	ck_assert_int_eq(kp_node_host_ips(NULL, &ips, err, sizeof(err)), KC_ERR_NOT_FOUND);
	ck_assert_uint_eq(ips.n, 0);
	json_decref(node);
}
END_TEST

/* detectNodeIPs() for the IPv4 proxier. */
static const struct {
	const char *node_ips; /* space separated, NULL: no Node */
	const char *bind, *host, *want;
	enum kp_node_ip_source src;
} detect[] = {
	{ "10.0.0.1", "0.0.0.0", "192.168.1.5", "10.0.0.1", KP_NODE_IP_NODE },
	{ "10.0.0.1", "", "192.168.1.5", "10.0.0.1", KP_NODE_IP_NODE },
	{ "10.0.0.1", NULL, NULL, "10.0.0.1", KP_NODE_IP_NODE },
	/* a specific --bind-address wins over the Node */
	{ "10.0.0.1", "10.0.0.7", "192.168.1.5", "10.0.0.7", KP_NODE_IP_BIND },
	{ NULL, "10.0.0.7", NULL, "10.0.0.7", KP_NODE_IP_BIND },
	/* "::" is unspecified; an IPv6 bind address is the IPv6 proxier's */
	{ "10.0.0.1", "::", NULL, "10.0.0.1", KP_NODE_IP_NODE },
	{ "10.0.0.1", "fd00::7", NULL, "10.0.0.1", KP_NODE_IP_NODE },
	/* dual-stack Node, IPv6 first: the IPv4 one */
	{ "fd00::1 10.0.0.1", "0.0.0.0", NULL, "10.0.0.1", KP_NODE_IP_NODE },
	/* no Node (or no IPv4 address on it): the host's primary address */
	{ NULL, "0.0.0.0", "192.168.1.5", "192.168.1.5", KP_NODE_IP_HOST },
	{ "fd00::1", "0.0.0.0", "192.168.1.5", "192.168.1.5", KP_NODE_IP_HOST },
	/* nothing at all: upstream's loopback */
	{ NULL, "0.0.0.0", "", "127.0.0.1", KP_NODE_IP_LOOPBACK },
	{ NULL, NULL, NULL, "127.0.0.1", KP_NODE_IP_LOOPBACK },
	{ NULL, "not-an-ip", "bogus", "127.0.0.1", KP_NODE_IP_LOOPBACK },
};

START_TEST(test_detect_node_ip)
{
	struct kc_strv ips = KC_STRV_INIT;
	char buf[64];

	if (detect[_i].node_ips)
		ck_assert_int_ge(kc_strv_split(&ips, detect[_i].node_ips, ' '), 0);
	ck_assert_int_eq(kp_detect_node_ip(detect[_i].node_ips ? &ips : NULL, detect[_i].bind,
					   detect[_i].host, buf, sizeof(buf)),
			 detect[_i].src);
	ck_assert_str_eq(buf, detect[_i].want);
	kc_strv_release(&ips);
}
END_TEST

/* waitForPodCIDR()'s condition and the CIDRs NodeCIDR mode uses. */
static const struct {
	const char *node;
	int has;
	const char *cidrs, *cidr4;
} pod_cidrs[] = {
	{ "{\"metadata\":{\"name\":\"n\"},\"spec\":{}}", 0, "", "" },
	{ "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"podCIDR\":\"10.244.1.0/24\","
	  "\"podCIDRs\":[\"10.244.1.0/24\"]}}",
	  1, "10.244.1.0/24", "10.244.1.0/24" },
	/* podCIDR without podCIDRs: not yet (upstream needs both) */
	{ "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"podCIDR\":\"10.244.1.0/24\"}}", 0,
	  "10.244.1.0/24", "10.244.1.0/24" },
	{ "{\"metadata\":{\"name\":\"n\",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\"},"
	  "\"spec\":{\"podCIDR\":\"10.244.1.0/24\",\"podCIDRs\":[\"10.244.1.0/24\"]}}",
	  0, "10.244.1.0/24", "10.244.1.0/24" },
	{ "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"podCIDR\":\"fd00:10::/64\","
	  "\"podCIDRs\":[\"fd00:10::/64\",\"10.244.2.0/24\"]}}",
	  1, "fd00:10::/64,10.244.2.0/24", "10.244.2.0/24" },
	{ "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"podCIDR\":\"fd00:10::/64\","
	  "\"podCIDRs\":[\"fd00:10::/64\"]}}",
	  1, "fd00:10::/64", "" },
};

START_TEST(test_pod_cidrs)
{
	json_t *node = kc_test_json(pod_cidrs[_i].node);
	char cidrs[128], cidr4[64];

	ck_assert_int_eq(kp_node_has_pod_cidr(node), pod_cidrs[_i].has);
	ck_assert_int_eq(kp_node_pod_cidrs(node, cidrs, sizeof(cidrs), cidr4, sizeof(cidr4)), 0);
	ck_assert_str_eq(cidrs, pod_cidrs[_i].cidrs);
	ck_assert_str_eq(cidr4, pod_cidrs[_i].cidr4);
	json_decref(node);
}
END_TEST

START_TEST(test_pod_cidrs_edge)
{
	json_t *node = kc_test_json("{\"metadata\":{\"name\":\"n\"},\"spec\":{\"podCIDR\":"
				    "\"10.244.1.0/24\",\"podCIDRs\":[\"10.244.1.0/24\",\"fd00::/64\"]}}");
	char small[8], cidr4[64];

	ck_assert_int_eq(kp_node_has_pod_cidr(NULL), 0);
	ck_assert_int_eq(kp_node_pod_cidrs(node, small, sizeof(small), cidr4, sizeof(cidr4)),
			 KC_ERR_INVALID);
	ck_assert_int_eq(kp_node_pod_cidrs(NULL, cidr4, sizeof(cidr4), small, sizeof(small)), 0);
	ck_assert_str_eq(cidr4, "");
	json_decref(node);
}
END_TEST

static Suite *
nodeip_suite(void)
{
	Suite *s = suite_create("kube_proxy_nodeip");
	TCase *tc = tcase_create("nodeip");

	tcase_add_loop_test(tc, test_node_host_ips, 0, (int)(sizeof(host_ips) / sizeof(host_ips[0])));
	tcase_add_test(tc, test_node_host_ips_no_status);
	tcase_add_loop_test(tc, test_detect_node_ip, 0, (int)(sizeof(detect) / sizeof(detect[0])));
	tcase_add_loop_test(tc, test_pod_cidrs, 0, (int)(sizeof(pod_cidrs) / sizeof(pod_cidrs[0])));
	tcase_add_test(tc, test_pod_cidrs_edge);
	suite_add_tcase(s, tc);
	return s;
}

KC_TEST_MAIN(nodeip_suite)
