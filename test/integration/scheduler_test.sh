#!/usr/bin/env bash
# Our kube-scheduler against real etcd + our kube-apiserver, with Node objects made by kubectl
# (capacity/allocatable through the status subresource, no kubelets): placement by resources,
# taints/tolerations, node affinity, topology spread, the PodScheduled=False message and the
# FailedScheduling event, requeue on a cluster event, preemption (nominatedNodeName, then the
# bind), pods of another schedulerName left alone, /healthz and /metrics on the secure port, and
# two schedulers with --leader-elect: kill the leader, the other takes over within the lease.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/apiserver_env.sh"
apiserver_env_start
[ -n "${KEEP_LOG:-}" ] && KEEP_LOG_DIR=$KEEP_LOG

SCHED_PIDS=()
sched_cleanup() {
	for p in "${SCHED_PIDS[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	[ -n "${KEEP_LOG_DIR:-}" ] && cp "$TMP"/*.log "$KEEP_LOG_DIR"/ 2>/dev/null
	apiserver_env_cleanup
}
trap sched_cleanup EXIT

# make_node NAME CPU MEMORY LABELS(json) TAINTS(json)
make_node() {
	k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Node","metadata":{"name":"$1","labels":$4},"spec":{"taints":$5}}
EOF
	k patch node "$1" --subresource=status --type=merge -p \
		"{\"status\":{\"capacity\":{\"cpu\":\"$2\",\"memory\":\"$3\",\"pods\":\"110\"},\"allocatable\":{\"cpu\":\"$2\",\"memory\":\"$3\",\"pods\":\"110\"},\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\",\"message\":\"ok\"}]}}" >/dev/null
}

# make_pod NAME CPU [extra spec json fields, leading comma] [priorityClassName]
make_pod() {
	local extra=${3:-} pc=""
	[ -n "${4:-}" ] && pc=",\"priorityClassName\":\"$4\""
	k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"$1","labels":{"app":"$1"}},"spec":{"containers":[{"name":"c","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":"$2","memory":"64Mi"}}}]$extra$pc}}
EOF
}

node_of() { k get pod "$1" -o jsonpath='{.spec.nodeName}' 2>/dev/null; }
wait_bound() { wait_for "[ -n \"\$(kubectl --cache-dir=$TMP/kubecache get pod $1 -o jsonpath='{.spec.nodeName}')\" ]" "${2:-15}"; }

start_scheduler() { # name, extra flags...
	local name=$1
	shift
	"$BIN/kube-scheduler" --kubeconfig="$KUBECONFIG" --bind-address=127.0.0.1 "$@" --v=2 \
		>>"$TMP/$name.log" 2>&1 &
	SCHED_PIDS+=($!)
}

make_node n1 2 4Gi '{"zone":"a","kubernetes.io/hostname":"n1"}' '[]'
make_node n2 4 8Gi '{"zone":"b","kubernetes.io/hostname":"n2"}' '[]'
make_node n3 4 8Gi '{"zone":"b","kubernetes.io/hostname":"n3"}' '[{"key":"role","value":"infra","effect":"NoSchedule"}]'
check_eq "nodes have allocatable cpu" "2 4 4" "$(k get nodes -o jsonpath='{.items[*].status.allocatable.cpu}')"

SPORT=$(free_port)
start_scheduler sched1 --leader-elect=false --secure-port="$SPORT"
check "scheduler serves /healthz on the secure port" wait_for "curl -sfk https://127.0.0.1:$SPORT/healthz | grep -qx ok" 20
check "scheduler /readyz after the informers synced" wait_for "curl -sfk https://127.0.0.1:$SPORT/readyz" 20

# --- resources -----------------------------------------------------------------------------
make_pod big 3
check "a 3-CPU pod is bound" wait_bound big
check_eq "it lands on the untainted node with room (n2)" "n2" "$(node_of big)"
check "Scheduled event" wait_for "kubectl --cache-dir=$TMP/kubecache get events --field-selector involvedObject.name=big,reason=Scheduled -o jsonpath='{.items[*].message}' | grep -q 'Successfully assigned default/big to n2'" 10

# --- taints and tolerations -----------------------------------------------------------------
make_pod tolerant 3 ',"tolerations":[{"key":"role","operator":"Equal","value":"infra","effect":"NoSchedule"}]'
check "a pod tolerating the taint is bound" wait_bound tolerant
check_eq "it lands on the tainted node (n3)" "n3" "$(node_of tolerant)"

# --- unschedulable: condition message, event ---------------------------------------------------
make_pod huge 3
check "PodScheduled=False for a pod that fits nowhere" wait_for \
	"[ \"\$(kubectl --cache-dir=$TMP/kubecache get pod huge -o jsonpath='{.status.conditions[?(@.type==\"PodScheduled\")].reason}')\" = Unschedulable ]" 15
msg=$(k get pod huge -o jsonpath='{.status.conditions[?(@.type=="PodScheduled")].message}')
check_eq "the message has upstream's shape" \
	"0/3 nodes are available: 1 node(s) had untolerated taint {role: infra}, 2 Insufficient cpu." \
	"$(sed -E 's/^(0\/3 nodes are available: [^.]*\.).*/\1/' <<<"$msg")"
check "the message reports what preemption found" grep -q "preemption: " <<<"$msg"
check "FailedScheduling Warning event" wait_for "kubectl --cache-dir=$TMP/kubecache get events --field-selector involvedObject.name=huge,reason=FailedScheduling -o jsonpath='{.items[*].type}' | grep -q Warning" 10
check_eq "the unschedulable pod has no node" "" "$(node_of huge)"
k delete pod big --grace-period=0 --force >/dev/null 2>&1
check "deleting a bound pod requeues the unschedulable one (cluster event)" wait_bound huge 20
check_eq "it takes the freed node" "n2" "$(node_of huge)"

# --- node affinity ------------------------------------------------------------------------------
make_pod selector 100m ',"nodeSelector":{"zone":"a"}'
check "a nodeSelector pod is bound" wait_bound selector
check_eq "nodeSelector zone=a -> n1" "n1" "$(node_of selector)"
make_pod nowhere 100m ',"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"zone","operator":"In","values":["c"]}]}]}}}'
check "required node affinity to a missing zone is unschedulable" wait_for \
	"kubectl --cache-dir=$TMP/kubecache get pod nowhere -o jsonpath='{.status.conditions[*].message}' | grep -q \"node(s) didn't match Pod's node affinity/selector\"" 15

# --- topology spread -------------------------------------------------------------------------------
for i in 1 2 3 4; do
	k create -f - >/dev/null <<EOF
{"apiVersion":"v1","kind":"Pod","metadata":{"name":"spread-$i","labels":{"app":"spread"}},"spec":{"containers":[{"name":"c","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":"10m"}}}],"topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"zone","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"app":"spread"}}}]}}
EOF
	wait_bound "spread-$i" >/dev/null
done
zones=$(for i in 1 2 3 4; do k get node "$(node_of spread-$i)" -o jsonpath='{.metadata.labels.zone}'; echo; done | sort | uniq -c | awk '{print $1}' | tr '\n' ' ')
check_eq "4 spread pods: 2 per zone (maxSkew 1)" "2 2 " "$zones"

# --- other schedulerName -------------------------------------------------------------------------
make_pod foreign 10m ',"schedulerName":"other-scheduler"'
sleep 2
check_eq "a pod for another scheduler is left alone" "" "$(node_of foreign)"
check_eq "no event for it" "" "$(k get events --field-selector involvedObject.name=foreign -o jsonpath='{.items[*].reason}')"

# --- preemption -----------------------------------------------------------------------------------
k create -f - >/dev/null <<EOF
{"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},"value":1000}
EOF
make_pod victim 1500m ',"nodeSelector":{"zone":"a"}'
check "the low-priority pod is bound to n1" wait_bound victim
# (ckube's apiserver has no Priority admission: the pod states the class's value itself)
make_pod preemptor 1500m ',"nodeSelector":{"zone":"a"},"priority":1000' high
check "the high-priority pod gets nominatedNodeName n1" wait_for \
	"[ \"\$(kubectl --cache-dir=$TMP/kubecache get pod preemptor -o jsonpath='{.status.nominatedNodeName}{.spec.nodeName}')\" != '' ]" 20
check "the victim is evicted" wait_for "[ -n \"\$(kubectl --cache-dir=$TMP/kubecache get pod victim -o jsonpath='{.metadata.deletionTimestamp}' 2>/dev/null)\" ] || ! kubectl --cache-dir=$TMP/kubecache get pod victim" 30
[ -n "${KEEP_LOG:-}" ] && k get events -o custom-columns=OBJ:.involvedObject.name,REASON:.reason,MSG:.message >"$KEEP_LOG/events.txt" && k get pod victim -o yaml >"$KEEP_LOG/victim.yaml"
# no kubelet here: finish the graceful deletion as the kubelet would
k delete pod victim --grace-period=0 --force >/dev/null 2>&1
check "the preemptor then binds" wait_bound preemptor 30
check_eq "to n1" "n1" "$(node_of preemptor)"
check_eq "nominatedNodeName was n1" "n1" "$(k get pod preemptor -o jsonpath='{.status.nominatedNodeName}')"

# --- metrics --------------------------------------------------------------------------------------
metrics=$(curl -sk "https://127.0.0.1:$SPORT/metrics")
check "metrics: scheduled attempts" grep -q 'scheduler_schedule_attempts_total{profile="default-scheduler",result="scheduled"}\|scheduler_schedule_attempts_total{result="scheduled",profile="default-scheduler"}' <<<"$metrics"
check "metrics: unschedulable attempts" grep -q 'result="unschedulable"' <<<"$metrics"
check "metrics: pending pods gauge" grep -q 'scheduler_pending_pods{queue="unschedulable"}' <<<"$metrics"
check "metrics: SLI histogram" grep -q 'scheduler_pod_scheduling_sli_duration_seconds_bucket' <<<"$metrics"

# --- leader election -------------------------------------------------------------------------------
kill "${SCHED_PIDS[0]}"
wait "${SCHED_PIDS[0]}" 2>/dev/null
check_eq "SIGTERM: graceful exit" "0" "$?"
SCHED_PIDS=()
LE="--leader-elect=true --leader-elect-lease-duration=4s --leader-elect-renew-deadline=3s --leader-elect-retry-period=1s"
start_scheduler le1 $LE --secure-port="$(free_port)"
start_scheduler le2 $LE --secure-port="$(free_port)"
holder() { k -n kube-system get lease kube-scheduler -o jsonpath='{.spec.holderIdentity}' 2>/dev/null; }
check "one scheduler holds kube-system/kube-scheduler" wait_for "[ -n \"\$(kubectl --cache-dir=$TMP/kubecache -n kube-system get lease kube-scheduler -o jsonpath='{.spec.holderIdentity}')\" ]" 20
first=$(holder)
make_pod le-a 10m
check "the leader schedules" wait_bound le-a 15
if grep -q "Starting scheduling" "$TMP/le1.log"; then leader=0; else leader=1; fi
check_eq "exactly one of them is scheduling" "1" "$(cat "$TMP/le1.log" "$TMP/le2.log" | grep -c 'Starting scheduling')"
kill -9 "${SCHED_PIDS[$leader]}"
t0=$(date +%s.%N)
check "the other one takes over" wait_for "[ \"\$(kubectl --cache-dir=$TMP/kubecache -n kube-system get lease kube-scheduler -o jsonpath='{.spec.holderIdentity}')\" != '$first' ]" 15
t1=$(date +%s.%N)
took=$(python3 -c "print(round($t1 - $t0, 1))")
echo "     takeover after ${took}s (lease duration 4s, retry period 1s)"
# The lease expires leaseDuration after the candidate last saw it renewed (<= one retry period
# before the kill); the candidate notices on its next jittered retry (<= 1.2 retry periods).
check "within the lease duration plus two retry periods" python3 -c "import sys; sys.exit(0 if $took <= 6.4 else 1)"
make_pod le-b 10m
check "the new leader schedules" wait_bound le-b 15

finish scheduler
