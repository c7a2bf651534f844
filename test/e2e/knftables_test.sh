#!/usr/bin/env bash
# knftables end to end (issue #5, root): the netlink tests of check_knftables (each in its own
# network namespace: programmed rules list as `nft -f` would make them, atomic failure, a
# DNAT'ed TCP connection) and the sync benchmark at 1,000 services x 5 endpoints, which must be
# within 1.5x of `nft -f` and change one service in under 50 ms.
set -u
out_dir=$(cd "$BIN/.." && pwd)
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

if [ "$(id -u)" != 0 ]; then
	echo "knftables: skipped (needs root for network namespaces)"
	echo "knftables: 0 passed, 0 failed"
	exit 0
fi
command -v nft >/dev/null || { echo "knftables: nft is needed to verify"; echo "knftables: 0 passed, 1 failed"; exit 1; }

if CK_RUN_CASE=netlink "$out_dir/test/check_knftables"; then
	ok "check_knftables netlink tests"
else
	bad "check_knftables netlink tests"
fi

if [ -x "$out_dir/bench/knftables/knft_sync" ]; then
	res=$("$out_dir/bench/knftables/knft_sync" 1000 5 2>&1)
	echo "$res"
	ratio() { sed -nE "s/^$1.*\\(ratio ([0-9.]+)\\)/\\1/p" <<<"$res"; }
	for what in "initial full sync" "full resync"; do
		r=$(ratio "$what")
		if [ -n "$r" ] && awk -v r="$r" 'BEGIN { exit !(r <= 1.5) }'; then
			ok "$what within 1.5x of nft -f (ratio $r)"
		else
			bad "$what within 1.5x of nft -f (ratio ${r:-?})"
		fi
	done
	inc=$(sed -nE 's/^incremental change.*median ([0-9.]+) ms.*/\1/p' <<<"$res")
	if [ -n "$inc" ] && awk -v t="$inc" 'BEGIN { exit !(t < 50) }'; then
		ok "incremental change in ${inc} ms"
	else
		bad "incremental change under 50 ms (${inc:-?} ms)"
	fi
else
	bad "knft_sync not built (make bench-bins)"
fi
echo "knftables: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
