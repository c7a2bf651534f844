#!/usr/bin/env bash
# knftables benchmark (issue #5): a full kube-proxy nftables sync of 10,000 services x 5
# endpoints through netlink (knft_run) versus `nft -f` of the same rendered text, and one
# incremental change.  Needs root (it creates its own network namespace).
set -u
if [ "$(id -u)" != 0 ]; then
	echo "knftables bench: skipped (needs root for a network namespace)"
	exit 0
fi
"$BENCH_DIR/knftables/knft_sync" "${KNFT_SERVICES:-10000}" "${KNFT_ENDPOINTS:-5}"
