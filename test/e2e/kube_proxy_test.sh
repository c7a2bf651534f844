#!/usr/bin/env bash
# test/e2e/kube_proxy_test.sh - kube-proxy programming real nftables in network namespaces.
#
#   hpx-cl 10.99.3.2 --veth-- hpx-node 10.99.3.1 | 10.99.1.1 --veth-- hpx-be1 10.99.1.2:8080 (busybox httpd)
#                                               | 10.99.2.1 --veth-- hpx-be2 10.99.2.2:8080
#
# etcd, our kube-apiserver and kube-proxy all run inside hpx-node (the apiserver on its
# loopback, as apiserver_env.sh sets it up on the host's); Services and EndpointSlices are
# created with kubectl.  The service CIDR is routed to lo inside the node (DESIGN.md §6), so a
# VIP without rules dies there.  Needs root; skips otherwise.
set -u
cd "$(dirname "$0")/../.."
. test/lib.sh
. test/integration/apiserver_env.sh

NAME=kube_proxy_e2e
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: kube-proxy e2e needs root (network namespaces, nftables)"
	finish "$NAME"
	exit 0
fi
for tool in ip nft busybox curl etcd kubectl; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool not installed"
		finish "$NAME"
		exit 0
	fi
done

P=hpx$$
NODE=$P-node CL=$P-cl BE1=$P-be1 BE2=$P-be2
KP_PID=
LOOP_PID=

in_node() { ip netns exec "$NODE" "$@"; }
in_cl() { ip netns exec "$CL" "$@"; }

# Run the apiserver environment inside the node namespace: the shared helpers, wrapped.
etcd_start() {
	ip netns exec "$NODE" etcd --name it --data-dir "$TMP/etcd" \
		--listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
		--listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
		--initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
		--initial-cluster "it=http://127.0.0.1:$ETCD_PEER_PORT" >>"$TMP/etcd.log" 2>&1 &
	ETCD_PID=$!
	wait_for "ip netns exec $NODE etcdctl --endpoints=$ETCD_URL endpoint health" 20
}
apiserver_start() {
	ip netns exec "$NODE" "$BIN/kube-apiserver" --etcd-servers="$ETCD_URL" --bind-address=127.0.0.1 \
		--secure-port="$API_PORT" --cert-dir="$TMP/certs" \
		--service-account-issuer=https://kubernetes.default.svc.cluster.local \
		--service-account-key-file="$TMP/sa.pub" \
		--service-account-signing-key-file="$TMP/sa.key" \
		--service-cluster-ip-range=10.96.0.0/16 \
		--authorization-mode=AlwaysAllow --anonymous-auth=true "$@" \
		>>"$TMP/apiserver.log" 2>&1 &
	API_PID=$!
	wait_for "ip netns exec $NODE curl -sf -k https://127.0.0.1:$API_PORT/readyz" 20
}
k() { in_node kubectl --cache-dir="$TMP/kubecache" "$@"; }

cleanup_all() {
	[ -n "$LOOP_PID" ] && kill "$LOOP_PID" 2>/dev/null
	[ -n "$KP_PID" ] && kill "$KP_PID" 2>/dev/null && wait "$KP_PID" 2>/dev/null
	for ns in "$BE1" "$BE2"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	apiserver_env_cleanup
	for ns in "$NODE" "$CL" "$BE1" "$BE2"; do ip netns del "$ns" 2>/dev/null; done
}

setup_net() {
	local ns i=1
	for ns in "$NODE" "$CL" "$BE1" "$BE2"; do ip netns add "$ns" || return 1; done
	ip netns exec "$NODE" ip link set lo up
	ip netns exec "$NODE" sysctl -qw net.ipv4.ip_forward=1
	for ns in "$BE1" "$BE2" "$CL"; do
		local subnet=$i
		[ "$ns" = "$CL" ] && subnet=3
		ip link add "$P-n$subnet" netns "$NODE" type veth peer name eth0 netns "$ns" || return 1
		in_node ip addr add "10.99.$subnet.1/24" dev "$P-n$subnet"
		in_node ip link set "$P-n$subnet" up
		ip netns exec "$ns" ip addr add "10.99.$subnet.2/24" dev eth0
		ip netns exec "$ns" ip link set eth0 up
		ip netns exec "$ns" ip link set lo up
		ip netns exec "$ns" ip route add default via "10.99.$subnet.1"
		i=$((i + 1))
	done
	# DESIGN.md §6: the service CIDR goes to lo on the node.
	in_node ip route replace 10.96.0.0/16 dev lo
}

start_backends() {
	local n
	for n in 1 2; do
		mkdir -p "$TMP/www$n"
		echo "backend-$n" >"$TMP/www$n/index.html"
		ip netns exec "$P-be$n" busybox httpd -f -p 8080 -h "$TMP/www$n" &
	done
}

start_proxy() {
	# KP_WRAPPER (e.g. "valgrind --leak-check=full --log-file=/tmp/kp.%p") runs it under a tool
	ip netns exec "$NODE" ${KP_WRAPPER:-} "$BIN/kube-proxy" --kubeconfig="$KUBECONFIG" --hostname-override=node-1 \
		--proxy-mode=nftables --v=2 "$@" >>"$TMP/kube-proxy.log" 2>&1 &
	KP_PID=$!
}

stop_proxy() {
	kill "$KP_PID" 2>/dev/null
	wait "$KP_PID" 2>/dev/null
	KP_PID=
}

fetch() { in_cl curl -sS --max-time 2 "http://$1/" 2>&1; }

apply_slice() { # name service endpoints...
	local name=$1 svc=$2
	shift 2
	local eps="" ip
	for ip in "$@"; do
		eps="$eps
- addresses: [\"$ip\"]
  conditions: {ready: true}
  nodeName: node-1"
	done
	[ -z "$eps" ] && eps=" []"
	k apply -f - >/dev/null <<EOF
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: $name
  namespace: default
  labels: {kubernetes.io/service-name: $svc}
addressType: IPv4
ports:
- name: ""
  port: 8080
  protocol: TCP
endpoints:$eps
EOF
}

apply_services() {
	k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.10
  ports: [{port: 80, targetPort: 8080, nodePort: 30080, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: sticky, namespace: default}
spec:
  clusterIP: 10.96.0.11
  sessionAffinity: ClientIP
  ports: [{port: 80, targetPort: 8080, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: empty, namespace: default}
spec:
  clusterIP: 10.96.0.12
  ports: [{port: 80, targetPort: 8080, protocol: TCP}]
EOF
}

# Distinct backends answering n requests to a VIP.
backends_seen() {
	local vip=$1 n=$2 i
	for i in $(seq "$n"); do fetch "$vip"; done | sort | uniq | tr '\n' ' '
}

trap cleanup_all EXIT
if ! setup_net; then
	echo "SKIP: cannot create network namespaces / veth pairs here"
	finish "$NAME"
	exit 0
fi
apiserver_env_start
trap cleanup_all EXIT # apiserver_env_start installed its own
start_backends
apply_services
apply_slice web-1 web 10.99.1.2 10.99.2.2
apply_slice sticky-1 sticky 10.99.1.2 10.99.2.2
start_proxy

check "node routes the service CIDR to lo (no gateway)" \
	bash -c "ip netns exec $NODE ip route get 10.96.0.10 | grep -v via | grep -q 'dev lo'"
# No Node object yet: kube-proxy waits for it as upstream (about 31 s), then falls back.
check "kube-proxy programs table ip kube-proxy" \
	wait_for "ip netns exec $NODE nft list map ip kube-proxy service-ips | grep -q 10.96.0.10" 50
check "without a Node object the node IP is the host's primary address" \
	grep -q "using the host's primary address" "$TMP/kube-proxy.log"
check "v1.32 layout: cluster-ips holds the ClusterIP, cluster-ips-check rejects its other ports" \
	bash -c "ip netns exec $NODE nft list set ip kube-proxy cluster-ips | grep -q 10.96.0.10 &&
		ip netns exec $NODE nft list chain ip kube-proxy cluster-ips-check | grep -q 'ip daddr @cluster-ips reject'"
in_cl python3 -c '
import socket, errno
s = socket.socket(); s.settimeout(3)
try:
    s.connect(("10.96.0.10", 81)); print("connected")
except OSError as e:
    print(errno.errorcode.get(e.errno, e))' >"$TMP/badport.out" 2>&1
check "a ClusterIP's undefined port is refused (cluster-ips-check)" \
	bash -c "cat $TMP/badport.out; grep -q ECONNREFUSED $TMP/badport.out"
check "ClusterIP reachable from the client netns" \
	bash -c "ip netns exec $CL curl -s --max-time 3 http://10.96.0.10/ | grep -q backend-"
seen=$(backends_seen 10.96.0.10 30)
check_eq "traffic spreads over both backends" "backend-1 backend-2 " "$seen"
check "NodePort reachable on the node address" \
	bash -c "ip netns exec $CL curl -s --max-time 3 http://10.99.3.1:30080/ | grep -q backend-"
seen=$(backends_seen 10.96.0.11 15)
check "sessionAffinity ClientIP sticks to one backend" \
	bash -c "[ \$(echo '$seen' | wc -w) -eq 1 ]"
start=$(date +%s%N)
in_cl python3 -c '
import socket, errno
s = socket.socket(); s.settimeout(5)
try:
    s.connect(("10.96.0.12", 80)); print("connected")
except OSError as e:
    print(errno.errorcode.get(e.errno, e))' >"$TMP/reject.out" 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "a service without endpoints is rejected (refused in ${ms}ms, not a timeout)" \
	bash -c "cat $TMP/reject.out; grep -q ECONNREFUSED $TMP/reject.out && [ $ms -lt 2000 ]"
check "/healthz answers 200 on :10256" \
	bash -c "ip netns exec $NODE curl -sf http://127.0.0.1:10256/healthz | grep -q lastUpdated"
check "/metrics exposes the sync duration histogram" \
	bash -c "ip netns exec $NODE curl -sf http://127.0.0.1:10249/metrics | grep -q kubeproxy_sync_proxy_rules_duration_seconds_count"

apply_slice web-1 web 10.99.1.2
check "a removed endpoint stops receiving new connections" \
	wait_for "[ \"\$(for i in 1 2 3 4 5 6 7 8 9 10; do ip netns exec $CL curl -s --max-time 2 http://10.96.0.10/; done | sort -u)\" = backend-1 ]" 10
check "the endpoint change was an incremental sync (chains of web only)" \
	bash -c "grep -q 'partial' $TMP/kube-proxy.log"

# UDP: a conntrack entry towards an endpoint that goes away is deleted (ctnetlink).
if command -v conntrack >/dev/null; then
	k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Service
metadata: {name: udp, namespace: default}
spec:
  clusterIP: 10.96.0.13
  ports: [{name: dns, port: 53, targetPort: 5353, protocol: UDP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: udp-1, namespace: default, labels: {kubernetes.io/service-name: udp}}
addressType: IPv4
ports: [{name: dns, port: 5353, protocol: UDP}]
endpoints: [{addresses: ["10.99.2.2"], conditions: {ready: true}}]
EOF
	wait_for "ip netns exec $NODE nft list map ip kube-proxy service-ips | grep -q '10.96.0.13 . udp . 53'" 10
	in_cl python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("", 40053)); s.sendto(b"x", ("10.96.0.13", 53))'
	check "a UDP flow to the VIP is tracked towards its endpoint" \
		bash -c "ip netns exec $NODE conntrack -L -p udp --orig-dst 10.96.0.13 2>/dev/null | grep -q 'src=10.99.2.2'"
	k patch endpointslice udp-1 --type=merge -p '{"endpoints":[{"addresses":["10.99.1.2"],"conditions":{"ready":true}}]}' >/dev/null
	check "removing the UDP endpoint deletes its conntrack entry" \
		wait_for "! ip netns exec $NODE conntrack -L -p udp --orig-dst 10.96.0.13 2>/dev/null | grep -q 'src=10.99.2.2'" 10
	check "kube-proxy counted the deleted conntrack entry" \
		bash -c "ip netns exec $NODE curl -sf http://127.0.0.1:10249/metrics | grep -Eq '^kubeproxy_conntrack_reconciler_deleted_entries_total [1-9]'"
fi

# A client loop keeps connecting while kube-proxy restarts.
(
	fails=0
	for i in $(seq 60); do
		ip netns exec "$CL" curl -s --max-time 2 http://10.96.0.10/ >/dev/null 2>&1 || fails=$((fails + 1))
		sleep 0.05
	done
	echo "$fails" >"$TMP/loop.fails"
) &
LOOP_PID=$!
sleep 0.5
stop_proxy
# This time the Node exists: its InternalIP is the node IP.
k apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata: {name: node-1}
status:
  addresses:
  - {type: Hostname, address: node-1}
  - {type: ExternalIP, address: 10.99.2.1}
  - {type: InternalIP, address: 10.99.3.1}
EOF
start_proxy
wait "$LOOP_PID"
LOOP_PID=
check_eq "kube-proxy restart: the client loop sees no failure" "0" "$(cat "$TMP/loop.fails" 2>/dev/null)"
check "with a Node object kube-proxy uses its InternalIP" \
	bash -c "grep -q 'Successfully retrieved node IP(s) IPs=\[10.99.3.1\]' $TMP/kube-proxy.log &&
		grep -q 'Using node IP 10.99.3.1 ' $TMP/kube-proxy.log"
check "after the restart rules still serve" \
	bash -c "sleep 1; ip netns exec $CL curl -s --max-time 3 http://10.96.0.10/ | grep -q backend-1"
check "after the restart no stale chain of the removed endpoint remains" \
	wait_for "! ip netns exec $NODE nft list chains ip kube-proxy | grep -q '10.99.2.2/8080'" 10

stop_proxy
check "kube-proxy --cleanup exits 0" in_node "$BIN/kube-proxy" --cleanup
check "kube-proxy --cleanup leaves no table" \
	bash -c "! ip netns exec $NODE nft list table ip kube-proxy >/dev/null 2>&1"
if [ "$failed" -gt 0 ]; then
	echo "--- kube-proxy.log (tail)"
	tail -n 30 "$TMP/kube-proxy.log"
fi
finish "$NAME"
