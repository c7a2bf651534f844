#!/usr/bin/env bash
# make cluster-down: stop what `make cluster` started (by PID) and remove its state.
set -uo pipefail
cd "$(dirname "$0")/.."
STATE=${STATE:-$PWD/_output/cluster}
[ -d "$STATE/pids" ] || { echo "cluster: nothing to stop"; exit 0; }
for p in "$STATE"/pids/*; do
	[ -f "$p" ] || continue
	pid=$(cat "$p")
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$pid" 2>/dev/null
		echo "cluster: stopped $(basename "$p") (pid $pid)"
	fi
done
# kube-proxy's nftables table and the routes cluster-up.sh added (root only).
if [ "$(id -u)" -eq 0 ] && [ -f "$STATE/kube-proxy.yaml" ]; then
	BIN=$(cd "${1:-_output/release/bin}" 2>/dev/null && pwd)
	[ -x "$BIN/kube-proxy" ] && "$BIN/kube-proxy" --cleanup && echo "cluster: removed table ip kube-proxy"
	ip route del 10.96.0.0/12 dev lo 2>/dev/null
	ip route del 10.244.0.0/16 dev lo 2>/dev/null
fi
rm -rf "$STATE"
