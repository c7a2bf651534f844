# test/integration/apiserver_env.sh - a real etcd and our kube-apiserver for the apiserver_*
# tests, on free loopback ports in a temp dir that is removed at exit.  Source it after
# test/lib.sh, then call apiserver_env_start [extra kube-apiserver flags...].
#
# After it: $TMP, $ETCD_URL, $API (https://127.0.0.1:PORT), $KUBECONFIG (CA-verified TLS,
# a token kubectl sends and the server ignores until authentication is built), k (kubectl
# with its own --cache-dir), api_curl (curl with the CA), etcd_ctl (etcdctl on our etcd),
# etcd_stop / etcd_start (crash and restart etcd on the same port and data).

set -u
: "${BIN:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/_output/release/bin}"

ETCD_PID=
API_PID=

apiserver_env_cleanup() {
	[ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
	[ -n "$ETCD_PID" ] && kill "$ETCD_PID" 2>/dev/null && wait "$ETCD_PID" 2>/dev/null
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
}

etcd_start() {
	etcd --name it --data-dir "$TMP/etcd" \
		--listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
		--listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
		--initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
		--initial-cluster "it=http://127.0.0.1:$ETCD_PEER_PORT" >>"$TMP/etcd.log" 2>&1 &
	ETCD_PID=$!
	wait_for "etcdctl --endpoints=$ETCD_URL endpoint health" 20
}

# Kills etcd at once, as a crash would.
etcd_stop() {
	kill -9 "$ETCD_PID" 2>/dev/null
	wait "$ETCD_PID" 2>/dev/null
	ETCD_PID=
}

etcd_ctl() {
	ETCDCTL_API=3 etcdctl --endpoints="$ETCD_URL" "$@"
}

k() {
	kubectl --cache-dir="$TMP/kubecache" "$@"
}

api_curl() {
	curl -sS --cacert "$TMP/ca.crt" "$@"
}

apiserver_start() {
	"$BIN/kube-apiserver" --etcd-servers="$ETCD_URL" --bind-address=127.0.0.1 \
		--secure-port="$API_PORT" --cert-dir="$TMP/certs" \
		--service-account-issuer=https://kubernetes.default.svc.cluster.local \
		--service-account-key-file="$TMP/sa.pub" \
		--service-account-signing-key-file="$TMP/sa.key" \
		--authorization-mode=AlwaysAllow --anonymous-auth=true "$@" \
		>>"$TMP/apiserver.log" 2>&1 &
	API_PID=$!
	wait_for "curl -sf -k https://127.0.0.1:$API_PORT/readyz" 20
}

apiserver_env_start() {
	TMP=$(mktemp -d /tmp/ckube-apiserver-it.XXXXXX)
	trap apiserver_env_cleanup EXIT
	ETCD_PORT=$(free_port)
	ETCD_PEER_PORT=$(free_port)
	API_PORT=$(free_port)
	ETCD_URL=http://127.0.0.1:$ETCD_PORT
	API=https://127.0.0.1:$API_PORT
	openssl genrsa -out "$TMP/sa.key" 2048 2>/dev/null
	openssl rsa -in "$TMP/sa.key" -pubout -out "$TMP/sa.pub" 2>/dev/null
	if ! etcd_start; then
		echo "etcd did not start:"
		tail -n 20 "$TMP/etcd.log"
		exit 1
	fi
	if ! apiserver_start "$@"; then
		echo "kube-apiserver did not become ready:"
		tail -n 30 "$TMP/apiserver.log"
		exit 1
	fi
	# the self-signed pair: serving certificate, then the CA that signed it
	awk 'n>=1{print} /END CERTIFICATE/{n++}' "$TMP/certs/apiserver.crt" >"$TMP/ca.crt"
	export KUBECONFIG=$TMP/kubeconfig
	cat >"$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: it
  cluster:
    server: $API
    certificate-authority: $TMP/ca.crt
contexts:
- name: it
  context: {cluster: it, user: it, namespace: default}
current-context: it
users:
- name: it
  user:
    token: ckube-integration
EOF
}
