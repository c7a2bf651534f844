/*
 * conntrack.h - UDP conntrack clean-up after a sync (upstream: pkg/proxy/conntrack/cleanup.go).
 */
#ifndef KUBE_PROXY_CONNTRACK_H
#define KUBE_PROXY_CONNTRACK_H

#include <stddef.h>

struct kp_conntrack_flush;

/*
 * Deletes the UDP conntrack entries of `family` (4 or 6) matching any request: original
 * destination port orig_port, original destination orig_dst (NULL: any, for node ports) and
 * reply source reply_src (NULL: any).  Returns how many entries were deleted, or a negative
 * KC_ERR_* with err set (KC_ERR_SYSTEM: the netlink socket failed, errno kept in the text).
 */
int kp_conntrack_flush(const struct kp_conntrack_flush *req, size_t n, int family, char *err,
		       size_t errlen);

#endif
