#!/usr/bin/env bash
# kubeconfigs.sh - the kubeconfig files of a hand-made cluster, written with kubectl as a person
# would write them, certificates embedded.
#
#   systemd/kubeconfigs.sh PKI_DIR OUT_DIR [NODE ...]
#
# PKI_DIR is what systemd/pki.sh made.  Writes into OUT_DIR (kubeadm's names):
#
#   admin.conf               kubernetes-admin (system:masters)     server: $APISERVER
#   controller-manager.conf  system:kube-controller-manager        server: $LOCAL_APISERVER
#   scheduler.conf           system:kube-scheduler                 server: $LOCAL_APISERVER
#   kube-proxy.conf          system:kube-proxy                     server: $APISERVER
#   kubelet.conf             system:node:NODE for this host        server: $APISERVER
#   kubelet-NODE.conf        the same for every other NODE given   server: $APISERVER
#
# APISERVER defaults to https://<this host's first address>:6443 and LOCAL_APISERVER (the
# control-plane daemons on the apiserver's own machine) to https://127.0.0.1:6443.  NODE
# defaults to this host (HOST_NAME, default `hostname`); the first NODE is this host and gets
# kubelet.conf.  Existing files are kept; delete one to have it written anew.
set -euo pipefail

usage() {
	echo "usage: $0 PKI_DIR OUT_DIR [NODE ...]" >&2
	exit 2
}

[ $# -ge 2 ] || usage
pki=$1 out=$2
shift 2
command -v kubectl >/dev/null || { echo "$0: kubectl not found" >&2; exit 1; }
[ -s "$pki/ca.crt" ] || { echo "$0: $pki/ca.crt missing: run systemd/pki.sh first" >&2; exit 1; }

host_name=${HOST_NAME:-$(hostname)}
host_ip=${HOST_IP:-$(hostname -I 2>/dev/null | awk '{print $1}')}
apiserver=${APISERVER:-https://${host_ip:-127.0.0.1}:6443}
local_apiserver=${LOCAL_APISERVER:-https://127.0.0.1:6443}
cluster=${CLUSTER_NAME:-kubernetes}

mkdir -p "$out"
written=0

# kubeconfig FILE USER CERT_NAME SERVER: one cluster, one user, one context, in use.
kubeconfig() {
	local file=$out/$1 user=$2 name=$3 server=$4
	[ -s "$file" ] && return 0
	for f in "$pki/$name.crt" "$pki/$name.key"; do
		[ -s "$f" ] || { echo "$0: $f missing: run systemd/pki.sh first" >&2; exit 1; }
	done
	(
		umask 077
		kubectl config set-cluster "$cluster" --certificate-authority="$pki/ca.crt" \
			--embed-certs=true --server="$server" --kubeconfig="$file.tmp" >/dev/null
		kubectl config set-credentials "$user" --client-certificate="$pki/$name.crt" \
			--client-key="$pki/$name.key" --embed-certs=true --kubeconfig="$file.tmp" >/dev/null
		kubectl config set-context "$user@$cluster" --cluster="$cluster" --user="$user" \
			--kubeconfig="$file.tmp" >/dev/null
		kubectl config use-context "$user@$cluster" --kubeconfig="$file.tmp" >/dev/null
	)
	mv "$file.tmp" "$file"
	written=$((written + 1))
}

kubeconfig admin.conf kubernetes-admin admin "$apiserver"
kubeconfig controller-manager.conf system:kube-controller-manager kube-controller-manager \
	"$local_apiserver"
kubeconfig scheduler.conf system:kube-scheduler kube-scheduler "$local_apiserver"
kubeconfig kube-proxy.conf system:kube-proxy kube-proxy "$apiserver"

[ $# -gt 0 ] || set -- "$host_name"
first=1
for node in "$@"; do
	node=${node%%=*} # accept pki.sh's NODE=IP form too
	if [ $first = 1 ]; then
		kubeconfig kubelet.conf "system:node:$node" "kubelet-$node" "$apiserver"
		first=0
	else
		kubeconfig "kubelet-$node.conf" "system:node:$node" "kubelet-$node" "$apiserver"
	fi
done

echo "kubeconfigs.sh: $written file(s) written in $out"
