#!/usr/bin/env bash
# Scheduler benchmark: real etcd + our kube-apiserver, N Node objects (4 CPU / 16 GiB, no
# kubelets), PODS pods (100m / 256Mi) created through the API, then our kube-scheduler.
#
# For each node count (NODE_COUNTS, default "1000 5000"):
#  1. the ceiling: PODS pods for a scheduler that does not exist, then one client POSTs their
#     pods/binding as fast as the apiserver accepts them (64 in flight): binds/s; and a second
#     one, the calls a scheduler makes per pod: the binding, then its Scheduled Event;
#  2. the scheduler: PODS pods created while no scheduler runs, then kube-scheduler starts and
#     binds them all; throughput = pods / (last bind - first bind), from its --v=2 log lines;
#     per-pod latency from the same lines: "attempt" (pop from the queue to the bind call's
#     answer) and "latency" (first enqueue to bound, i.e. including the wait in the queue);
#  3. the scheduler's peak RSS (VmHWM) once all pods are bound.
# The scheduler runs with --kube-api-qps/burst raised (upstream's default QPS 50 would make the
# client, not the scheduler, the bottleneck; scheduler_perf raises it too).
set -u
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
: "${BIN:=$ROOT/_output/release/bin}"
: "${BENCH_DIR:=$ROOT/_output/release/bench}"
. "$ROOT/test/lib.sh"
. "$ROOT/test/integration/apiserver_env.sh"
GEN=$BENCH_DIR/scheduler/schedgen
PODS=${PODS:-10000}
NODE_COUNTS=${NODE_COUNTS:-"1000 5000"}
SCHED_PID=

[ -x "$GEN" ] || { echo "no $GEN: run make bench-bins"; exit 1; }

stats() { # log file -> "rate p50_attempt p99_attempt p50_latency p99_latency"
	python3 - "$1" <<'EOF'
import re, sys
ts, att, lat = [], [], []
for line in open(sys.argv[1]):
    if 'Successfully bound pod' not in line:
        continue
    m = re.match(r'I\d{4} (\d+):(\d+):(\d+\.\d+)', line)
    ts.append(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)))
    att.append(float(re.search(r'attempt="([0-9.]+)s"', line).group(1)))
    lat.append(float(re.search(r'latency="([0-9.]+)s"', line).group(1)))
def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))] if v else 0
span = (ts[-1] - ts[0]) if len(ts) > 1 else 0
rate = (len(ts) - 1) / span if span > 0 else 0
print("%.1f %.2f %.2f %.2f %.2f %d" % (rate, pct(att, .5) * 1e3, pct(att, .99) * 1e3,
                                         pct(lat, .5) * 1e3, pct(lat, .99) * 1e3, len(ts)))
EOF
}

run_scale() {
	local nodes=$1 out sport rate a50 a99 l50 l99 n ceiling ratio rss ceiling_ev ratio_ev
	apiserver_env_start >/dev/null
	echo "--- $nodes nodes, $PODS pods"
	"$GEN" "$KUBECONFIG" nodes "$nodes" || return 1
	k create ns ceiling >/dev/null
	k create ns bench >/dev/null
	"$GEN" "$KUBECONFIG" pods "$PODS" ceiling no-such-scheduler | sed 's/^/create: /'
	out=$("$GEN" "$KUBECONFIG" bind ceiling "$nodes")
	echo "ceiling (one client, pods/binding): $out"
	ceiling=$(sed -E 's/.*rate=([0-9.]+).*/\1/' <<<"$out")
	k create ns ceiling-ev >/dev/null
	"$GEN" "$KUBECONFIG" pods "$PODS" ceiling-ev no-such-scheduler | sed 's/^/create: /'
	out=$("$GEN" "$KUBECONFIG" bind-event ceiling-ev "$nodes")
	echo "ceiling with events (one client, pods/binding + its Event): $out"
	ceiling_ev=$(sed -E 's/.*rate=([0-9.]+).*/\1/' <<<"$out")
	# the ceiling's pods go before the scheduler starts (they would count in its memory)
	api_curl -X DELETE "$API/api/v1/namespaces/ceiling/pods?gracePeriodSeconds=0" -o /dev/null
	api_curl -X DELETE "$API/api/v1/namespaces/ceiling-ev/pods?gracePeriodSeconds=0" -o /dev/null
	"$GEN" "$KUBECONFIG" pods "$PODS" bench default-scheduler | sed 's/^/create: /'
	sport=$(free_port)
	${SCHED_WRAPPER:-} "$BIN/kube-scheduler" --kubeconfig="$KUBECONFIG" --leader-elect=false --secure-port="$sport" \
		--bind-address=127.0.0.1 --kube-api-qps=100000 --kube-api-burst=100000 --v=2 \
		>"$TMP/scheduler.log" 2>&1 &
	SCHED_PID=$!
	if ! wait_for "[ \$(grep -c 'Successfully bound pod' $TMP/scheduler.log) -ge $PODS ]" 900; then
		echo "scheduler did not bind every pod: $(grep -c 'Successfully bound pod' "$TMP/scheduler.log") bound"
		grep -v '^I' "$TMP/scheduler.log" | tail -5
	fi
	rss=$(awk '/VmHWM/{print int($2/1024)}' "/proc/$SCHED_PID/status")
	rss_now=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$SCHED_PID/status")
	read -r rate a50 a99 l50 l99 n <<<"$(stats "$TMP/scheduler.log")"
	ratio=$(python3 -c "print(round(100 * $rate / $ceiling, 1) if $ceiling > 0 else 0)")
	ratio_ev=$(python3 -c "print(round(100 * $rate / $ceiling_ev, 1) if $ceiling_ev > 0 else 0)")
	echo "scheduler: $n pods bound, $rate pods/s ($ratio% of the ceiling $ceiling binds/s, $ratio_ev% of the ceiling with events $ceiling_ev/s)"
	echo "per-pod attempt (pop -> bind answered): p50 ${a50} ms, p99 ${a99} ms"
	echo "per-pod latency (first enqueue -> bound, pods preloaded): p50 ${l50} ms, p99 ${l99} ms"
	echo "scheduler peak RSS: ${rss} MiB (now ${rss_now} MiB)"
	# upstream's broadcaster too keeps at most 1000 queued events and drops the rest
	echo "Scheduled events dropped (queue full): $(grep -c 'too many queued events' "$TMP/scheduler.log")"
	echo "RESULT nodes=$nodes pods=$n rate=$rate ceiling=$ceiling ratio=$ratio ceiling_ev=$ceiling_ev ratio_ev=$ratio_ev attempt_p50_ms=$a50 attempt_p99_ms=$a99 latency_p50_ms=$l50 latency_p99_ms=$l99 rss_mib=$rss rss_now_mib=$rss_now"
	kill "$SCHED_PID" 2>/dev/null
	wait "$SCHED_PID" 2>/dev/null
	SCHED_PID=
	apiserver_env_cleanup
	API_PID= ETCD_PID= TMP=
	trap - EXIT
}

trap '[ -n "$SCHED_PID" ] && kill "$SCHED_PID" 2>/dev/null; apiserver_env_cleanup' EXIT
for n in $NODE_COUNTS; do
	run_scale "$n" || exit 1
done
