#!/usr/bin/env bash
# make e2e: every test/e2e/*_test.sh (root: network namespaces, nftables, containerd) against the
# binaries in BIN_DIR.  Each script prints a closing "<name>: N passed, N failed" line.
set -u
bin=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."
total_pass=0 total_fail=0 bad=0 n=0
for t in test/e2e/*_test.sh; do
	[ -f "$t" ] || continue
	n=$((n + 1))
	echo "== $t"
	out=$(BIN="$bin" bash "$t" 2>&1)
	rc=$?
	echo "$out"
	line=$(grep -E ': [0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
	p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0}))
	if [ $rc -ne 0 ] || [ -z "$line" ]; then bad=$((bad + 1)); fi
done
[ $n -eq 0 ] && echo "e2e: no end-to-end tests yet: they come with kube-proxy (issue #5) and the kubelet"
echo "E2E: $total_pass passed, $total_fail failed"
[ $bad -eq 0 ] && [ $total_fail -eq 0 ]
