#!/usr/bin/env bash
# make bench: every test/bench/<component>/run.sh against the binaries in BIN_DIR.
set -u
bin=$(cd "$1" && pwd)
cd "$(dirname "$0")/../.."
n=0
for b in test/bench/*/run.sh; do
	[ -f "$b" ] || continue
	n=$((n + 1))
	echo "== $b"
	BIN="$bin" bash "$b" || exit 1
done
[ $n -eq 0 ] && echo "bench: no benchmarks yet: each daemon's issue brings its own under test/bench/<daemon>/"
exit 0
