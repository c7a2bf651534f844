/*
 * nodeip.c - kube-proxy's node IP and pod CIDR from its Node object (upstream:
 * cmd/kube-proxy/app/server.go detectNodeIPs(), server_linux.go waitForPodCIDR(),
 * pkg/util/node/node.go GetNodeHostIPs(), pkg/proxy/node.go NodePodCIDRHandler).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "kube-proxy/nodeip.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"
#include "libkcommon/strbuf.h"

/* 4 or 6 for an IP address, 0 for anything else. */
static int
ip_family(const char *s)
{
	unsigned char b[16];

	if (!s)
		return 0;
	if (inet_pton(AF_INET, s, b) == 1)
		return 4;
	if (inet_pton(AF_INET6, s, b) == 1)
		return 6;
	return 0;
}

/* Appends the parseable addresses of one type to all. */
static int
collect_type(const json_t *addrs, const char *type, struct kc_strv *all)
{
	const json_t *a;
	size_t i;

	json_array_foreach(addrs, i, a) {
		const char *t = kc_json_get_string(a, "type", "");
		const char *ip = kc_json_get_string(a, "address", NULL);

		if (strcmp(t, type) == 0 && ip_family(ip) && kc_strv_push(all, ip) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

/* Go's %v of []NodeAddress: "[{InternalIP 10.0.0.1} {Hostname node-1}]". */
static void
format_addresses(const json_t *addrs, char *err, size_t errlen)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	const json_t *a;
	size_t i;

	json_array_foreach(addrs, i, a)
		kc_strbuf_addf(&sb, "%s{%s %s}", i ? " " : "", kc_json_get_string(a, "type", ""),
			       kc_json_get_string(a, "address", ""));
	kc_err_printf(err, errlen, "host IP unknown; known addresses: [%s]", sb.buf ? sb.buf : "");
	kc_strbuf_release(&sb);
}

int
kp_node_host_ips(const json_t *node, struct kc_strv *ret, char *err, size_t errlen)
{
	const json_t *addrs = json_object_get(json_object_get(node, "status"), "addresses");
	struct kc_strv all = KC_STRV_INIT;
	size_t i;
	int r = collect_type(addrs, "InternalIP", &all);

	if (r >= 0)
		r = collect_type(addrs, "ExternalIP", &all);
	if (r >= 0 && all.n == 0) {
		format_addresses(addrs, err, errlen);
		r = KC_ERR_NOT_FOUND;
	}
	if (r >= 0)
		r = kc_strv_push(ret, all.v[0]);
	for (i = 1; r >= 0 && i < all.n; i++)
		if (ip_family(all.v[i]) != ip_family(all.v[0])) {
			r = kc_strv_push(ret, all.v[i]);
			break;
		}
	kc_strv_release(&all);
	return r < 0 ? r : 0;
}

enum kp_node_ip_source
kp_detect_node_ip(const struct kc_strv *node_ips, const char *bind_address,
		  const char *host_primary, char *buf, size_t size)
{
	size_t i;

	/* An unspecified --bind-address (0.0.0.0, ::) is no override, as upstream. */
	if (ip_family(bind_address) == 4 && strcmp(bind_address, "0.0.0.0") != 0) {
		snprintf(buf, size, "%s", bind_address);
		return KP_NODE_IP_BIND;
	}
	for (i = 0; node_ips && i < node_ips->n; i++)
		if (ip_family(node_ips->v[i]) == 4) {
			snprintf(buf, size, "%s", node_ips->v[i]);
			return KP_NODE_IP_NODE;
		}
	if (ip_family(host_primary) == 4) {
		snprintf(buf, size, "%s", host_primary);
		return KP_NODE_IP_HOST;
	}
	snprintf(buf, size, "127.0.0.1");
	return KP_NODE_IP_LOOPBACK;
}

int
kp_node_has_pod_cidr(const json_t *node)
{
	const json_t *cidrs = json_object_get(json_object_get(node, "spec"), "podCIDRs");

	return node && !kc_meta_is_being_deleted(node) &&
	       *kc_json_get_string(node, "spec.podCIDR", "") && json_array_size(cidrs) > 0;
}

int
kp_node_pod_cidrs(const json_t *node, char *buf, size_t size, char *cidr4, size_t size4)
{
	const json_t *cidrs = json_object_get(json_object_get(node, "spec"), "podCIDRs");
	const char *single = kc_json_get_string(node, "spec.podCIDR", "");
	size_t i, n = json_array_size(cidrs), used = 0;

	buf[0] = cidr4[0] = '\0';
	for (i = 0; i < (n ? n : (*single ? 1 : 0)); i++) {
		const char *c = n ? json_string_value(json_array_get(cidrs, i)) : single;
		char ip[64];
		int w;

		if (!c)
			continue;
		w = snprintf(buf + used, size - used, "%s%s", used ? "," : "", c);
		if (w < 0 || (size_t)w >= size - used)
			return KC_ERR_INVALID;
		used += (size_t)w;
		snprintf(ip, sizeof(ip), "%.*s", (int)strcspn(c, "/"), c);
		if (!cidr4[0] && ip_family(ip) == 4) {
			if (strlen(c) >= size4)
				return KC_ERR_INVALID;
			snprintf(cidr4, size4, "%s", c);
		}
	}
	return 0;
}
