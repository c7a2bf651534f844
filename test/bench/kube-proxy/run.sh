#!/usr/bin/env bash
# test/bench/kube-proxy/run.sh - kube-proxy at scale: SERVICES (10,000) Services x ENDPOINTS (5)
# fed to the proxier as a recorded watch ($BENCH_DIR/kube-proxy/kpsync), synced into the kernel
# of a fresh network namespace through netlink; then CHANGES (100) single-service endpoint
# changes timed from the event to the kernel's ACK.  In the same run the same first full
# transaction, rendered as an `nft -f` script (knftables' render), is loaded by nft into another
# fresh namespace.  Targets (issue #5): full sync <= 1.5 x nft -f, a change < 50 ms (p99 and
# p50 reported), RSS < 80 MiB.  Root only (network namespaces); prints a skip otherwise.
set -u
cd "$(dirname "$0")/../../.."
SERVICES=${SERVICES:-10000}
ENDPOINTS=${ENDPOINTS:-5}
CHANGES=${CHANGES:-100}
KPSYNC=${BENCH_DIR:-_output/release/bench}/kube-proxy/kpsync
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: the kube-proxy benchmark needs root (network namespaces, nftables)"
	exit 0
fi
if [ ! -x "$KPSYNC" ]; then
	echo "kpsync not built: make bench-bins"
	exit 1
fi
NS1=hpxbench$$-a NS2=hpxbench$$-b
TMP=$(mktemp -d /tmp/kube-proxy-bench.XXXXXX)
cleanup() {
	ip netns del "$NS1" 2>/dev/null
	ip netns del "$NS2" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
ip netns add "$NS1" && ip netns add "$NS2" || exit 1

echo "kube-proxy: $SERVICES services x $ENDPOINTS endpoints, $CHANGES endpoint changes"
if ! ip netns exec "$NS1" "$KPSYNC" --services "$SERVICES" --endpoints "$ENDPOINTS" \
	--changes "$CHANGES" --render "$TMP/ruleset.nft" >"$TMP/kpsync.out"; then
	echo "kpsync failed"
	exit 1
fi
sed 's/^/  /' "$TMP/kpsync.out"
start=$(date +%s%N)
ip netns exec "$NS2" nft -f "$TMP/ruleset.nft" || { echo "nft -f failed"; exit 1; }
nft_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "  nft_f_ms $nft_ms ($(wc -l <"$TMP/ruleset.nft") lines)"

get() { awk -v k="$1" '$1 == k {print $2}' "$TMP/kpsync.out"; }
full=$(get full_sync_ms)
p50=$(get change_p50_ms)
p99=$(get change_p99_ms)
rss=$(get rss_kib)
hwm=$(get rss_hwm_kib)
verdict() { if [ "$2" = 1 ]; then echo "  PASS $1"; else echo "  MISS $1"; fi; }
verdict "full sync ${full} ms vs nft -f ${nft_ms} ms (ratio $(awk -v a="$full" -v b="$nft_ms" 'BEGIN{printf "%.2f", a/b}'), target <= 1.5)" \
	"$(awk -v a="$full" -v b="$nft_ms" 'BEGIN{print (a <= 1.5 * b) ? 1 : 0}')"
verdict "single change p50 ${p50} ms, p99 ${p99} ms (target < 50 ms)" \
	"$(awk -v a="$p99" 'BEGIN{print (a < 50) ? 1 : 0}')"
verdict "RSS after syncs $((rss / 1024)) MiB, peak $((hwm / 1024)) MiB (target < 80 MiB)" \
	"$(awk -v a="$rss" 'BEGIN{print (a < 80 * 1024) ? 1 : 0}')"
exit 0
