#!/usr/bin/env bash
# Runs every libFuzzer binary in DIR for SECONDS each, seeded from test/fuzz/corpus/<target>/
# (read-only; new inputs go to a temporary corpus), and prints executions per second.
#   test/fuzz/run.sh DIR SECONDS
set -u
dir=$1 secs=${2:-60}
fail=0 n=0
for f in "$dir"/fuzz_*; do
	[ -x "$f" ] || continue
	n=$((n + 1))
	name=$(basename "$f")
	work=$(mktemp -d)
	seeds=test/fuzz/corpus/${name#fuzz_}
	[ -d "$seeds" ] || seeds=
	log=$work/log
	"$f" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/" "$work" $seeds >"$log" 2>&1
	rc=$?
	execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
	rate=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
	if [ $rc -ne 0 ]; then
		fail=$((fail + 1))
		echo "FAIL $name (exit $rc)"
		grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -n 10
		ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null | while read -r a; do
			cp "$a" . && echo "  artifact: ./$(basename "$a")"
		done
	else
		echo "ok   $name: ${execs:-?} executions in ${secs}s, ${rate:-?} exec/s"
	fi
	rm -rf "$work"
done
echo "Fuzz: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ] && [ $n -gt 0 ]
