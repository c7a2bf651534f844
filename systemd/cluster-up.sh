#!/usr/bin/env bash
# make cluster: start a single-node ckube cluster on this machine, without systemd (PID 1 is not
# always systemd here): each daemon is started in the background with its PID and log under
# $STATE (default _output/cluster).  `make cluster-down` stops everything and removes $STATE.
#
# It grows with the issues: today it makes the PKI and kubeconfigs (systemd/pki.sh and
# kubeconfigs.sh, kubeadm's file names under $STATE/pki and $STATE), starts etcd (loopback, TLS
# with client certificates) and kube-apiserver, and prints the kubectl command line once the
# apiserver is ready, then kube-proxy (#5, as root: it programs this host's nftables, with the
# service and pod CIDRs routed to lo first); kube-scheduler (#4), the controller-manager and the
# kubelet join as they land.
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

# --- certificates and kubeconfigs (kubeadm's layout, under $STATE) ---------------------------
PKI=$STATE/pki
HOST_IP=${HOST_IP:-127.0.0.1} systemd/pki.sh "$PKI" >"$STATE/logs/pki.log" 2>&1 ||
	{ echo "cluster: pki.sh failed; see $STATE/logs/pki.log" >&2; exit 1; }
APISERVER=https://127.0.0.1:6443 HOST_IP=${HOST_IP:-127.0.0.1} \
	systemd/kubeconfigs.sh "$PKI" "$STATE" >"$STATE/logs/kubeconfigs.log" 2>&1 ||
	{ echo "cluster: kubeconfigs.sh failed; see $STATE/logs/kubeconfigs.log" >&2; exit 1; }

# --- etcd: loopback, TLS with client certificates -----------------------------------------
ETCDCTL="etcdctl --endpoints=https://127.0.0.1:2379 --cacert=$PKI/etcd/ca.crt \
--cert=$PKI/etcd/server.crt --key=$PKI/etcd/server.key"
start etcd etcd --name ckube --data-dir "$STATE/etcd" \
	--listen-client-urls https://127.0.0.1:2379 --advertise-client-urls https://127.0.0.1:2379 \
	--listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
	--initial-cluster ckube=http://127.0.0.1:2380 --initial-cluster-state new \
	--client-cert-auth --trusted-ca-file "$PKI/etcd/ca.crt" \
	--cert-file "$PKI/etcd/server.crt" --key-file "$PKI/etcd/server.key"
if ! wait_for 20 $ETCDCTL endpoint health; then
	echo "cluster: etcd did not become healthy; see $STATE/logs/etcd.log" >&2
	exit 1
fi
echo "cluster: etcd is healthy on https://127.0.0.1:2379"

# --- kube-apiserver ---------------------------------------------------------------------------
# Authentication and authorization come with the security issue: until then every request is
# anonymous and allowed (docs/compat.md), so the apiserver listens on loopback only; and since
# Endpoints may not hold a loopback address (upstream validation), the default/kubernetes
# Service gets no Endpoints until then (--endpoint-reconciler-type=none).
start kube-apiserver "$BIN/kube-apiserver" \
	--advertise-address=127.0.0.1 --bind-address=127.0.0.1 --secure-port=6443 \
	--endpoint-reconciler-type=none \
	--etcd-servers=https://127.0.0.1:2379 --etcd-cafile="$PKI/etcd/ca.crt" \
	--etcd-certfile="$PKI/apiserver-etcd-client.crt" \
	--etcd-keyfile="$PKI/apiserver-etcd-client.key" \
	--tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
	--service-account-issuer=https://kubernetes.default.svc.cluster.local \
	--service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
	--service-cluster-ip-range=10.96.0.0/12 --service-node-port-range=30000-32767 \
	--authorization-mode=AlwaysAllow --anonymous-auth=true --v=2
if ! wait_for 30 curl -sf --cacert "$PKI/ca.crt" https://127.0.0.1:6443/readyz; then
	echo "cluster: kube-apiserver did not become ready; see $STATE/logs/kube-apiserver.log" >&2
	exit 1
fi
echo "cluster: kube-apiserver is ready on https://127.0.0.1:6443"

# --- kube-scheduler ---------------------------------------------------------------------------
# kubeadm's flags: scheduler.conf for the API, authn/authz delegation, leader election.
start kube-scheduler "$BIN/kube-scheduler" \
	--kubeconfig="$STATE/scheduler.conf" \
	--authentication-kubeconfig="$STATE/scheduler.conf" \
	--authorization-kubeconfig="$STATE/scheduler.conf" \
	--bind-address=127.0.0.1 --leader-elect=true --v=2
if ! wait_for 30 curl -sfk https://127.0.0.1:10259/healthz; then
	echo "cluster: kube-scheduler is not healthy; see $STATE/logs/kube-scheduler.log" >&2
	exit 1
fi
echo "cluster: kube-scheduler is healthy on https://127.0.0.1:10259"

# --- kube-proxy (issue #5): nftables, on this host --------------------------------------------
# DESIGN.md §6: the service CIDR and the pod CIDR are routed to lo before any rule exists, so a
# virtual IP that no rule rewrites dies on this machine instead of following the default route.
# kube-proxy needs root (CAP_NET_ADMIN); without it the cluster runs without a proxy.
if [ "$(id -u)" -eq 0 ]; then
	ip route replace 10.96.0.0/12 dev lo
	ip route replace 10.244.0.0/16 dev lo
	cat >"$STATE/kube-proxy.yaml" <<CONF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: nftables
clusterCIDR: 10.244.0.0/16
clientConnection:
  kubeconfig: $STATE/kube-proxy.conf
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
CONF
	start kube-proxy "$BIN/kube-proxy" --config="$STATE/kube-proxy.yaml" \
		--hostname-override="$(hostname | tr '[:upper:]' '[:lower:]')" --v=2
	# Without a Node object (no kubelet yet) kube-proxy first waits ~31 s for one, as upstream.
	if wait_for 60 curl -sf http://127.0.0.1:10256/healthz; then
		echo "cluster: kube-proxy is healthy (nft list table ip kube-proxy)"
	else
		echo "cluster: kube-proxy is not healthy yet; see $STATE/logs/kube-proxy.log" >&2
	fi
else
	echo "cluster: not root: kube-proxy (nftables) is not started"
fi

# --- the daemons still to come --------------------------------------------------------------
not_built=(kube-controller-manager kubelet)
cat <<MSG

cluster: etcd, kube-apiserver, kube-scheduler and (as root) kube-proxy run.  Use the cluster with:
  KUBECONFIG=$STATE/admin.conf kubectl get ns

The store, as etcdctl shows it:
  $ETCDCTL get /registry --prefix --keys-only

Not built yet (they join 'make cluster' as they land): ${not_built[*]}
Stop everything:
  make cluster-down
MSG
