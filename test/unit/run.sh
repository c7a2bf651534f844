#!/usr/bin/env bash
# Runs every Check binary in a directory and sums Check's "Checks: N" lines into one closing line.
#   test/unit/run.sh [--valgrind] DIR
# With --valgrind each binary runs once under valgrind --leak-check=full with CK_FORK=no, and a
# "definitely lost" block fails the run.
set -u
valgrind=0
if [ "${1:-}" = "--valgrind" ]; then valgrind=1; shift; fi
dir=$1
total=0 failed=0 bins=0 bad=0
for t in "$dir"/check_*; do
	[ -x "$t" ] || continue
	bins=$((bins + 1))
	name=$(basename "$t")
	log=$(mktemp)
	if [ $valgrind = 1 ]; then
		CK_FORK=no valgrind --leak-check=full --errors-for-leak-kinds=definite \
			--error-exitcode=99 --quiet "$t" >"$log" 2>&1
	else
		"$t" >"$log" 2>&1
	fi
	rc=$?
	line=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$log" | tail -n 1)
	n=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$line")
	f=$(sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1+\2/' <<<"$line")
	n=${n:-0}
	f=$(( ${f:-0} ))
	total=$((total + n))
	failed=$((failed + f))
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		bad=$((bad + 1))
		echo "FAIL $name (exit $rc)"
		grep -vE '^[0-9]+%: Checks' "$log" | grep -E ':[EF]:|ERROR|definitely lost|Sanitizer|runtime error' | head -n 40
		[ -z "$line" ] && tail -n 20 "$log"
	else
		echo "ok   $name: $line"
	fi
	rm -f "$log"
done
echo "unit: $bins binaries, $total checks, $failed failed, $bad binaries failed"
echo "Unit: $((total - failed)) passed, $failed failed"
[ $bad -eq 0 ] && [ $failed -eq 0 ] && [ $bins -gt 0 ]
