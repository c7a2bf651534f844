#!/usr/bin/env bash
# make integration: every test/integration/*_test.sh against the binaries in BIN_DIR.
# Each script prints "ok"/"FAIL" lines and a closing "<name>: N passed, N failed" line.
set -u
bin=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."
total_pass=0 total_fail=0 bad=0
for t in test/integration/*_test.sh; do
	[ -f "$t" ] || continue
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
echo "Integration: $total_pass passed, $total_fail failed"
[ $bad -eq 0 ] && [ $total_fail -eq 0 ]
