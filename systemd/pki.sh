#!/usr/bin/env bash
# pki.sh - the certificates and keys of a hand-made cluster, with the openssl CLI only.
#
#   systemd/pki.sh DIR [NODE[=IP] ...]
#
# Writes into DIR the files kubeadm would put in /etc/kubernetes/pki, with the same names and
# subjects, plus one client certificate per component and per node:
#
#   ca.crt ca.key                         cluster CA (CN=kubernetes)
#   apiserver.crt/.key                    serving cert; SANs: kubernetes, kubernetes.default,
#                                         kubernetes.default.svc, kubernetes.default.svc.<domain>,
#                                         the first service IP, 127.0.0.1, this host's name and IP
#   apiserver-kubelet-client.crt/.key     kube-apiserver -> kubelet (O=system:masters)
#   apiserver-etcd-client.crt/.key        kube-apiserver -> etcd (signed by the etcd CA)
#   etcd/ca.crt etcd/ca.key               etcd CA
#   etcd/server.crt/.key                  etcd serving and peer cert (localhost, this host)
#   front-proxy-ca.crt/.key               aggregation-layer CA
#   front-proxy-client.crt/.key           CN=front-proxy-client
#   sa.key sa.pub                         service-account token signing key pair
#   admin.crt/.key                        CN=kubernetes-admin, O=system:masters
#   kube-controller-manager.crt/.key      CN=system:kube-controller-manager
#   kube-scheduler.crt/.key               CN=system:kube-scheduler
#   kube-proxy.crt/.key                   CN=system:kube-proxy, O=system:node-proxier
#   kubelet-NODE.crt/.key                 CN=system:node:NODE, O=system:nodes; client and
#                                         serving cert for that node (SANs: NODE and its IP)
#
# NODE defaults to this host; NODE=IP gives the node's IP for its SANs (default: this host's IP
# for this host, none for others).  Existing files are kept, so running it again only adds what
# is missing (a new node, a deleted cert); delete a file to have it made anew.
#
# Environment: HOST_NAME, HOST_IP (default: hostname and its first address), SERVICE_IP
# (10.96.0.1, the first IP of --service-cluster-ip-range), CLUSTER_DOMAIN (cluster.local),
# DAYS (certificate lifetime, 365; CAs get 10 years), KEY_BITS (RSA size, 2048).
set -euo pipefail

usage() {
	echo "usage: $0 DIR [NODE[=IP] ...]" >&2
	exit 2
}

[ $# -ge 1 ] || usage
case $1 in -h | --help) usage ;; esac
dir=$1
shift

command -v openssl >/dev/null || { echo "$0: openssl not found" >&2; exit 1; }

host_name=${HOST_NAME:-$(hostname)}
host_ip=${HOST_IP:-$(hostname -I 2>/dev/null | awk '{print $1}')}
host_ip=${host_ip:-127.0.0.1}
service_ip=${SERVICE_IP:-10.96.0.1}
domain=${CLUSTER_DOMAIN:-cluster.local}
days=${DAYS:-365}
ca_days=${CA_DAYS:-3650}
bits=${KEY_BITS:-2048}

mkdir -p "$dir/etcd"
chmod 0755 "$dir" "$dir/etcd"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

created=0

# key PATH: an RSA private key, readable by root only.
key() {
	[ -s "$1" ] && return 0
	(umask 077 && openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" -out "$1" 2>/dev/null)
	created=$((created + 1))
}

# ca NAME CN: a self-signed CA NAME.crt/NAME.key.
ca() {
	local name=$1 cn=$2
	key "$dir/$name.key"
	[ -s "$dir/$name.crt" ] && return 0
	openssl req -x509 -new -key "$dir/$name.key" -subj "/CN=$cn" -days "$ca_days" -sha256 \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
		-out "$dir/$name.crt"
	created=$((created + 1))
}

# cert CA NAME SUBJECT EKU [SANS]: NAME.crt/NAME.key signed by CA (a path prefix under DIR).
#   EKU is clientAuth, serverAuth or "serverAuth, clientAuth"; SANS "DNS:a,IP:1.2.3.4".
cert() {
	local ca=$1 name=$2 subj=$3 eku=$4 sans=${5:-}
	key "$dir/$name.key"
	[ -s "$dir/$name.crt" ] && return 0
	{
		echo "[ext]"
		echo "basicConstraints = critical, CA:FALSE"
		echo "keyUsage = critical, digitalSignature, keyEncipherment"
		echo "extendedKeyUsage = $eku"
		echo "authorityKeyIdentifier = keyid"
		[ -z "$sans" ] || echo "subjectAltName = $sans"
	} >"$tmp/cert.ext"
	openssl req -new -key "$dir/$name.key" -subj "$subj" -out "$tmp/cert.csr"
	openssl x509 -req -in "$tmp/cert.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" \
		-CAcreateserial -CAserial "$tmp/serial" -days "$days" -sha256 \
		-extfile "$tmp/cert.ext" -extensions ext -out "$dir/$name.crt" 2>/dev/null
	created=$((created + 1))
}

# san_of VALUE: "IP:v" when v is an address, "DNS:v" otherwise.
san_of() {
	case $1 in
	*[!0-9.]* | '') case $1 in *:*) echo "IP:$1" ;; *) echo "DNS:$1" ;; esac ;;
	*) echo "IP:$1" ;;
	esac
}

# --- certificate authorities ---
ca ca kubernetes
ca etcd/ca etcd-ca
ca front-proxy-ca front-proxy-ca

# --- kube-apiserver ---
apiserver_sans="DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
apiserver_sans+=",DNS:kubernetes.default.svc.$domain,IP:$service_ip,IP:127.0.0.1"
apiserver_sans+=",DNS:localhost,$(san_of "$host_name"),IP:$host_ip"
cert ca apiserver "/CN=kube-apiserver" serverAuth "$apiserver_sans"
cert ca apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
cert etcd/ca apiserver-etcd-client "/CN=kube-apiserver-etcd-client" clientAuth

# --- etcd (one cert serves clients and peers) ---
cert etcd/ca etcd/server "/CN=$host_name" "serverAuth, clientAuth" \
	"DNS:localhost,IP:127.0.0.1,IP:::1,$(san_of "$host_name"),IP:$host_ip"

# --- aggregation layer ---
cert front-proxy-ca front-proxy-client "/CN=front-proxy-client" clientAuth

# --- service accounts ---
key "$dir/sa.key"
if [ ! -s "$dir/sa.pub" ]; then
	openssl pkey -in "$dir/sa.key" -pubout -out "$dir/sa.pub"
	created=$((created + 1))
fi

# --- component and user clients ---
cert ca admin "/O=system:masters/CN=kubernetes-admin" clientAuth
cert ca kube-controller-manager "/CN=system:kube-controller-manager" clientAuth
cert ca kube-scheduler "/CN=system:kube-scheduler" clientAuth
cert ca kube-proxy "/O=system:node-proxier/CN=system:kube-proxy" clientAuth

# --- kubelets: client identity for the Node authorizer, and their serving cert ---
[ $# -gt 0 ] || set -- "$host_name=$host_ip"
for spec in "$@"; do
	node=${spec%%=*}
	ip=
	[ "$spec" = "$node" ] || ip=${spec#*=}
	[ -n "$ip" ] || [ "$node" != "$host_name" ] || ip=$host_ip
	case $node in
	'' | *[!a-z0-9.-]*) echo "$0: bad node name '$node' (DNS-1123 lower case)" >&2; exit 2 ;;
	esac
	sans="DNS:$node"
	[ -z "$ip" ] || sans+=",$(san_of "$ip")"
	cert ca "kubelet-$node" "/O=system:nodes/CN=system:node:$node" "serverAuth, clientAuth" "$sans"
done

chmod 0644 "$dir"/*.crt "$dir"/etcd/*.crt "$dir/sa.pub"
echo "pki.sh: $created file(s) created in $dir"
