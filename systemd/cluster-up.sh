#!/usr/bin/env bash
# make cluster: start a single-node ckube cluster on this machine, without systemd (PID 1 is not
# always systemd here): each daemon is started in the background with its PID and log under
# $STATE (default _output/cluster).  `make cluster-down` stops everything and removes $STATE.
#
# It grows with the issues: today it starts etcd (the store every other piece needs) and reports
# the daemons that are not built yet; kube-apiserver (issue #3), kube-scheduler (#4), kube-proxy
# (#5), then the controller-manager and the kubelet join as they land.
set -euo pipefail
BIN=$(cd "${1:-_output/release/bin}" && pwd)
cd "$(dirname "$0")/.."
STATE=${STATE:-$PWD/_output/cluster}
mkdir -p "$STATE"/{logs,pids}

started() { [ -f "$STATE/pids/$1" ] && kill -0 "$(cat "$STATE/pids/$1")" 2>/dev/null; }

start() { # name command...
	local name=$1
	shift
	if started "$name"; then
		echo "cluster: $name already running (pid $(cat "$STATE/pids/$name"))"
		return 0
	fi
	nohup "$@" >"$STATE/logs/$name.log" 2>&1 &
	echo $! >"$STATE/pids/$name"
	echo "cluster: started $name (pid $!), log $STATE/logs/$name.log"
}

wait_for() { # seconds command...
	local secs=$1 i=0
	shift
	while [ $i -lt $((secs * 10)) ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# --- etcd -----------------------------------------------------------------------------------
start etcd etcd --name ckube --data-dir "$STATE/etcd" \
	--listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
	--listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
	--initial-cluster ckube=http://127.0.0.1:2380 --initial-cluster-state new
if ! wait_for 20 etcdctl --endpoints=http://127.0.0.1:2379 endpoint health; then
	echo "cluster: etcd did not become healthy; see $STATE/logs/etcd.log" >&2
	exit 1
fi
echo "cluster: etcd is healthy on http://127.0.0.1:2379"

# --- the daemons ----------------------------------------------------------------------------
not_built=()
for d in kube-apiserver kube-scheduler kube-controller-manager kubelet kube-proxy; do
	not_built+=("$d")
done
cat <<MSG

cluster: etcd runs; these ckube daemons are not built yet, so there is no API to point kubectl at:
  ${not_built[*]}
  (kube-apiserver arrives with issue #3, kube-scheduler #4, kube-proxy #5, then the
  controller-manager and the kubelet; 'make cluster' starts each as it lands.)

Look at the store that is running:
  etcdctl --endpoints=http://127.0.0.1:2379 endpoint status -w table
Stop everything:
  make cluster-down
MSG
