#!/usr/bin/env bash
# make bench: every test/bench/<component>/run.sh (or only BENCH=<component>'s) against the
# daemons in BIN_DIR; each run.sh finds its compiled load generators in $BENCH_DIR/<component>/.
set -u
bin=$(cd "$1" && pwd)
export BENCH_DIR=$(cd "${BENCH_DIR:-$1/../bench}" 2>/dev/null && pwd)
cd "$(dirname "$0")/../.."
n=0
for b in test/bench/${BENCH:-*}/run.sh; do
	[ -f "$b" ] || continue
	n=$((n + 1))
	echo "== $b"
	BIN="$bin" bash "$b" || exit 1
done
[ $n -eq 0 ] && echo "bench: no benchmarks yet: each daemon's issue brings its own under test/bench/<daemon>/"
exit 0
