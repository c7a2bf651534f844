#!/usr/bin/env bash
# Re-makes test/unit/fixtures/protobuf/ from the real kubectl on this machine.
#
# For each case below, kubectl 1.32 (/usr/bin/kubectl, which runs its 1.32 code because our stand-in
# answers /version with minor 32) runs against test/tools/protobuf_capture.py and the body it
# sends (application/vnd.kubernetes.protobuf) is kept as <case>.pb.  The expected JSON, <case>.json,
# comes from kubectl itself:
#   dry   `kubectl <args> --dry-run=client -o json` (1.32): the object the generator built;
#   v131  the JSON body that kubectl 1.31 (kubectl.1.31, the last minor whose typed clients send
#         JSON) POSTs or PUTs for the same command, for commands without --dry-run.
# <case>.txt keeps the 1.32 request line and headers.
#
#   test/tools/protobuf_capture.sh [OUTDIR]     (default test/unit/fixtures/protobuf)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "${1:-$here/../unit/fixtures/protobuf}")
k132=/usr/bin/kubectl
k131=$(dirname "$(readlink -f /usr/bin/kubectl)")/kubectl.1.31
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out" "$work/bodies" "$work/home"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 \
	-subj /CN=localhost 2>/dev/null
# A fixed certificate and key for `create secret tls` (any PEM pair; kubectl checks they match).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/tls.key" \
	-out "$work/tls.crt" -days 1 -subj /CN=tls.example.com 2>/dev/null
printf 'binary\000\377\376data\n' >"$work/blob.bin"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: capture
  cluster: {server: "https://127.0.0.1:$port", insecure-skip-tls-verify: true}
users:
- name: capture
  user: {token: capture-token}
contexts:
- name: capture
  context: {cluster: capture, user: capture, namespace: default}
current-context: capture
EOF
python3 "$here/protobuf_capture.py" "$port" "$work/cert.pem" "$work/key.pem" "$work/bodies" \
	2>"$work/server.log" &
server_pid=$!
for _ in $(seq 50); do
	curl -sk "https://127.0.0.1:$port/version" >/dev/null 2>&1 && break
	sleep 0.1
done

kc() {
	local bin=$1
	shift
	HOME=$work/home "$bin" --kubeconfig "$work/kubeconfig" "$@"
}

# The newest body the stand-in recorded.
last_body() {
	ls "$work/bodies"/*.bin | sort | tail -n 1
}

# capture NAME dry|v131 ARGS...
capture() {
	local name=$1 source=$2 body
	shift 2
	kc "$k132" "$@" >/dev/null
	body=$(last_body)
	cp "$body" "$out/$name.pb"
	cp "${body%.bin}.txt" "$out/$name.txt"
	case $source in
	dry)
		# the flags go before a "--" that starts the container's command
		local args=() a seen=0
		for a in "$@"; do
			if [ "$a" = "--" ] && [ $seen = 0 ]; then
				args+=(--dry-run=client -o json)
				seen=1
			fi
			args+=("$a")
		done
		[ $seen = 1 ] || args+=(--dry-run=client -o json)
		kc "$k132" "${args[@]}" >"$out/$name.json"
		;;
	v131)
		kc "$k131" "$@" >/dev/null
		python3 -m json.tool --indent 4 "$(last_body)" >"$out/$name.json"
		;;
	esac
	echo "captured $name ($source)"
}

capture deployment dry create deployment web --image=nginx:1.25 --replicas=3 --port=80
capture deployment_multi dry create deployment multi --image=nginx:1.25 --image=busybox:1.36
capture deployment_command dry create deployment cmd --image=busybox -- sleep 3600
capture namespace dry create namespace x
capture configmap dry create configmap c --from-literal=a=b --from-literal=c=d
capture configmap_unicode dry create configmap u "--from-literal=greeting=héllo \"q\" <t> & ☃" \
	--from-file=blob="$work/blob.bin"
capture secret_generic dry create secret generic s --from-literal=k=v
capture secret_generic_file dry create secret generic sf --type=example.com/blob \
	--from-file=blob="$work/blob.bin" --from-literal=empty=
capture secret_tls dry create secret tls t --cert="$work/tls.crt" --key="$work/tls.key"
capture secret_docker_registry dry create secret docker-registry d --docker-server=r.example.com \
	--docker-username=u --docker-password=p --docker-email=e@example.com
capture serviceaccount dry create serviceaccount sa
capture job dry create job j --image=busybox -- echo hi
capture cronjob dry create cronjob cj --image=busybox "--schedule=*/5 * * * *" -- date
capture cronjob_restart dry create cronjob cj2 --image=busybox "--schedule=@hourly" \
	--restart=Never -- sh -c "exit 0"
capture service_clusterip dry create service clusterip svc --tcp=80:8080
capture service_clusterip_headless dry create service clusterip hl --clusterip=None
capture service_nodeport dry create service nodeport np --tcp=80:8080 --node-port=30080
capture service_loadbalancer dry create service loadbalancer lb --tcp=443:8443 --tcp=80
capture service_externalname dry create service externalname en --external-name=db.example.com
capture role dry create role r --verb=get --resource=pods
capture role_names dry create role r2 --verb=get,list,watch --resource=pods,deployments.apps,pods/log \
	--resource-name=a --resource-name=b
capture rolebinding dry create rolebinding rb --role=r --user=bob
capture rolebinding_sa dry create rolebinding rbsa --clusterrole=view --serviceaccount=default:sa \
	--group=devs
capture clusterrole dry create clusterrole cr --verb=get --resource=nodes
capture clusterrole_nonresource dry create clusterrole nr --verb=get --non-resource-url=/logs/*
capture clusterrole_aggregation dry create clusterrole agg \
	--aggregation-rule=rbac.example.com/aggregate-to-agg=true
capture clusterrolebinding dry create clusterrolebinding crb --clusterrole=cr --group=g
capture quota dry create quota q --hard=pods=10,cpu=2
capture quota_scopes dry create quota q2 --hard=requests.memory=1Gi,limits.cpu=500m \
	--scopes=BestEffort,NotTerminating
capture priorityclass dry create priorityclass pc --value=1000 --description=d
capture priorityclass_never dry create priorityclass pcn --value=-5 --global-default \
	--preemption-policy=Never
capture pdb dry create pdb p --selector=app=web --min-available=1
capture pdb_percent dry create pdb pp --selector=app=web,tier=fe --max-unavailable=50%
capture ingress dry create ingress ing --rule=a.com/p=svc:80
capture ingress_tls dry create ingress ing2 --class=nginx "--rule=foo.com/*=svc:https,tls=secret1" \
	--default-backend=def:80 --annotation=a=b
capture autoscale dry autoscale deployment web --min=2 --max=5 --cpu-percent=80
capture can_i v131 auth can-i get pods
capture can_i_subresource v131 auth can-i create pods/log -n kube-system
capture can_i_name v131 auth can-i delete deployments.apps/web
capture can_i_nonresource v131 auth can-i get /logs
capture can_i_list v131 auth can-i --list
capture can_i_list_namespace v131 auth can-i --list -n kube-system
capture whoami v131 auth whoami
capture token v131 create token sa
capture token_audience v131 create token sa --audience=api --audience=vault --duration=2h
capture token_bound v131 create token sa --bound-object-kind=Pod --bound-object-name=p \
	--bound-object-uid=0f4b1a8e-6c1d-4b57-8f0e-3a2b1c4d5e6f --duration=10m
capture certificate_approve v131 certificate approve csr1
capture certificate_deny v131 certificate deny csr1
echo "fixtures in $out"
