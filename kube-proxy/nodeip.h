/*
 * nodeip.h - kube-proxy's node IP and pod CIDR from its Node object (upstream:
 * cmd/kube-proxy/app/server.go getNodeIPs() / detectNodeIPs(), server_linux.go
 * waitForPodCIDR(), pkg/util/node GetNodeHostIPs(), pkg/proxy/node.go NodePodCIDRHandler).
 */
#ifndef KUBE_PROXY_NODEIP_H
#define KUBE_PROXY_NODEIP_H

#include <stddef.h>

#include <jansson.h>

#include "libkcommon/strv.h"

/*
 * GetNodeHostIPs(): the node's status.addresses, InternalIPs first and then ExternalIPs; the
 * first of them, then the first one of the other family (dual-stack), appended to *ret.
 * Returns 0, KC_ERR_NOT_FOUND (none: "host IP unknown; known addresses: [...]" in err) or
 * KC_ERR_NOMEM.
 */
int kp_node_host_ips(const json_t *node, struct kc_strv *ret, char *err, size_t errlen);

/* Where kp_detect_node_ip() found the address. */
enum kp_node_ip_source {
	KP_NODE_IP_BIND,     /* --bind-address, a specific address */
	KP_NODE_IP_NODE,     /* the Node object's addresses */
	KP_NODE_IP_HOST,     /* ckube: the host's primary address */
	KP_NODE_IP_LOOPBACK, /* upstream's last resort, 127.0.0.1 */
};

/*
 * detectNodeIPs() for the IPv4 proxier: --bind-address when it is a specific IPv4 address,
 * else the IPv4 one of node_ips (kp_node_host_ips(), may be NULL), else host_primary (the
 * host's primary address, NULL or "" when unknown; upstream has no such step and assumes
 * loopback), else 127.0.0.1.  Writes the address to buf and returns where it came from.
 */
enum kp_node_ip_source kp_detect_node_ip(const struct kc_strv *node_ips, const char *bind_address,
					 const char *host_primary, char *buf, size_t size);

/*
 * waitForPodCIDR()'s condition: the Node is not being deleted and has spec.podCIDR and
 * spec.podCIDRs.  Returns 1 or 0.
 */
int kp_node_has_pod_cidr(const json_t *node);

/*
 * The node's pod CIDRs (spec.podCIDRs, else spec.podCIDR) comma-joined into buf ("" when
 * none), to compare as NodePodCIDRHandler does; and the first IPv4 one into cidr4 ("" when
 * none).  Returns 0 or KC_ERR_INVALID (a buffer too small).
 */
int kp_node_pod_cidrs(const json_t *node, char *buf, size_t size, char *cidr4, size_t size4);

#endif
