/*
 * backend.h - the proxier's kernel side over kube-proxy/nftables (knftables over netlink)
 * (upstream: the knftables.Interface pkg/proxy/nftables/proxier.go holds).
 */
#ifndef KUBE_PROXY_BACKEND_H
#define KUBE_PROXY_BACKEND_H

#include <stddef.h>

struct kc_strbuf;
struct kp_backend;
struct kp_tx;
struct knft_tx;
struct kp_nft;

/*
 * Opens a netfilter netlink socket for table `<family> kube-proxy` and fills ret with the
 * proxier's backend calls (ret->arg is the returned handle).  NULL with err set on failure
 * (EPERM without CAP_NET_ADMIN).
 */
struct kp_nft *kp_nft_open(int family, struct kp_backend *ret, char *err, size_t errlen);
struct kp_nft *kp_nft_close(struct kp_nft *b);

/* upstream CleanupLeftovers(): deletes `ip kube-proxy` and `ip6 kube-proxy`; a missing table
 * is fine.  0 or a negative KC_ERR_* with err set. */
int kp_nft_cleanup(char *err, size_t errlen);

/* The proxier transaction as a knftables one (new; knft_tx_free() it), NULL on ENOMEM. */
struct knft_tx *kp_backend_knft_tx(const struct kp_tx *tx, int family);
/* knft_tx_render() of the transaction: the `nft -f` script. */
int kp_tx_render_knft(const struct kp_tx *tx, int family, struct kc_strbuf *out);

#endif
