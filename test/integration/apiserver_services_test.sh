#!/usr/bin/env bash
# Service ClusterIP and NodePort allocation against a real etcd and the real kubectl: values in
# the ranges (random, upper band first), explicit values honoured or refused with upstream's
# messages, 50 concurrent creates get 50 distinct IPs, releases on delete / type change / a
# failed create, dry runs allocate nothing, the bitmaps in etcd (/registry/ranges/*) survive a
# restart and are repaired from the Services, an exhausted range says "range is full", an IPv6
# range is refused at start; and the default/kubernetes Service, Endpoints, EndpointSlice and
# master lease (API-COMPAT 3.18).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/apiserver_env.sh"
FLAGS=(--advertise-address=10.20.30.40 --service-cluster-ip-range=10.96.0.0/24
	--service-node-port-range=30000-30100)
apiserver_env_start "${FLAGS[@]}"

jp() { k get "$@" 2>&1; }
ip_num() { python3 -c 'import sys,ipaddress; print(int(ipaddress.ip_address(sys.argv[1])))' "$1"; }
# The offsets set in a stored RangeAllocation (the big.Int bytes of its data).
bits_of() {
	etcd_ctl get "$1" --print-value-only | python3 -c 'import json,sys,base64
d=json.load(sys.stdin); n=int.from_bytes(base64.b64decode(d["data"]),"big")
print(d["range"], " ".join(str(i) for i in range(n.bit_length()) if n>>i&1))'
}
mod_rev() {
	etcd_ctl get "$1" -w json | python3 -c 'import json,sys; print(json.load(sys.stdin)["kvs"][0]["mod_revision"])'
}

# --- default/kubernetes ------------------------------------------------------------------------
wait_for "k get endpointslice kubernetes" 15
check_eq "kubernetes Service: first IP, https 443 -> --secure-port" \
	"10.96.0.1 ClusterIP https 443 TCP $API_PORT apiserver" \
	"$(jp svc kubernetes -o jsonpath='{.spec.clusterIP} {.spec.type} {.spec.ports[0].name} {.spec.ports[0].port} {.spec.ports[0].protocol} {.spec.ports[0].targetPort} {.metadata.labels.component}')"
check_eq "kubernetes Endpoints: the advertise address, skip-mirror" \
	"10.20.30.40 https $API_PORT true" \
	"$(jp endpoints kubernetes -o jsonpath='{.subsets[0].addresses[0].ip} {.subsets[0].ports[0].name} {.subsets[0].ports[0].port} {.metadata.labels.endpointslice\.kubernetes\.io/skip-mirror}')"
check_eq "kubernetes EndpointSlice: IPv4, service-name label, ready" \
	"IPv4 kubernetes 10.20.30.40 true https $API_PORT" \
	"$(jp endpointslice kubernetes -o jsonpath='{.addressType} {.metadata.labels.kubernetes\.io/service-name} {.endpoints[0].addresses[0]} {.endpoints[0].conditions.ready} {.ports[0].name} {.ports[0].port}')"
check_eq "kubectl get endpointslice -n default lists it" "kubernetes" \
	"$(k get endpointslice -n default -o name | sed 's|.*/||')"
check "the master lease carries a TTL lease" bash -c \
	"ETCDCTL_API=3 etcdctl --endpoints=$ETCD_URL get /registry/masterleases/10.20.30.40 -w json | grep -q '\"lease\":[1-9]'"
check_eq "the kubernetes IP is allocated in the bitmap" "10.96.0.0/24 0" \
	"$(bits_of /registry/ranges/serviceips)"
rv=$(jp endpoints kubernetes -o jsonpath='{.metadata.resourceVersion}')
sleep 11
check_eq "reconciling again writes nothing (lease renewed, Endpoints unchanged)" "$rv" \
	"$(jp endpoints kubernetes -o jsonpath='{.metadata.resourceVersion}')"

# --- allocation -----------------------------------------------------------------------------
ip=$(k create service clusterip a --tcp=80 -o jsonpath='{.spec.clusterIP}')
n=$(ip_num "$ip")
check "clusterip: an IP of the upper band (offset 16 of a /24)" \
	test "$n" -ge "$(ip_num 10.96.0.17)" -a "$n" -le "$(ip_num 10.96.0.254)"
check_eq "clusterIPs and ipFamilies" "$ip IPv4 SingleStack" \
	"$(jp svc a -o jsonpath='{.spec.clusterIPs[0]} {.spec.ipFamilies[0]} {.spec.ipFamilyPolicy}')"
np=$(k create service nodeport b --tcp=80 -o jsonpath='{.spec.ports[0].nodePort}')
check "nodeport: a port of the upper band of 30000-30100" test "$np" -ge 30016 -a "$np" -le 30100
check_eq "explicit clusterIP honoured" "10.96.0.5" \
	"$(k create service clusterip c --tcp=80 --clusterip=10.96.0.5 -o jsonpath='{.spec.clusterIP}')"
check_eq "duplicate clusterIP refused (422)" \
	'error: failed to create ClusterIP service: Service "d" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated' \
	"$(k create service clusterip d --tcp=80 --clusterip=10.96.0.5 2>&1)"
check_eq "clusterIP outside the range refused" \
	'error: failed to create ClusterIP service: Service "d" is invalid: spec.clusterIPs: Invalid value: []string{"10.97.0.5"}: failed to allocate IP 10.97.0.5: the provided IP (10.97.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/24' \
	"$(k create service clusterip d --tcp=80 --clusterip=10.97.0.5 2>&1)"
check_eq "explicit nodePort honoured" "30005" \
	"$(k create service nodeport e --tcp=80 --node-port=30005 -o jsonpath='{.spec.ports[0].nodePort}')"
check_eq "duplicate nodePort refused (422)" \
	'error: failed to create NodePort service: Service "f" is invalid: spec.ports[0].nodePort: Invalid value: 30005: provided port is already allocated' \
	"$(k create service nodeport f --tcp=80 --node-port=30005 2>&1)"
check_eq "nodePort outside the range refused" \
	'error: failed to create NodePort service: Service "f" is invalid: spec.ports[0].nodePort: Invalid value: 30200: provided port is not in the valid range. The range of valid ports is 30000-30100' \
	"$(k create service nodeport f --tcp=80 --node-port=30200 2>&1)"
k create -f - >/dev/null <<EOF
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: x}
  ports: [{port: 80}]
EOF
hc=$(jp svc lb -o jsonpath='{.spec.healthCheckNodePort}')
lbp=$(jp svc lb -o jsonpath='{.spec.ports[0].nodePort}')
check "LoadBalancer/Local: healthCheckNodePort and nodePort in range, distinct" \
	test "$hc" -ge 30000 -a "$hc" -le 30100 -a "$lbp" -ge 30000 -a "$lbp" -le 30100 -a "$hc" != "$lbp"
check_eq "headless: no IP" "None" \
	"$(k create service clusterip hl --clusterip=None -o jsonpath='{.spec.clusterIP}')"

# --- concurrency ----------------------------------------------------------------------------
pids=()
for i in $(seq 1 50); do
	k create service clusterip "p$i" --tcp=80 -o jsonpath='{.spec.clusterIP}{"\n"}' >"$TMP/p$i" 2>&1 &
	pids+=($!)
done
wait "${pids[@]}" # not a bare wait: etcd and the apiserver are jobs of this shell too
check_eq "50 concurrent creates: 50 distinct IPs" "50" "$(cat "$TMP"/p* | grep -c '^10\.96\.0\.')"
check_eq "... all different" "50" "$(cat "$TMP"/p* | sort -u | grep -c '^10\.96\.0\.')"
check_eq "every Service IP is distinct" \
	"$(k get svc -A -o jsonpath='{range .items[*]}{.spec.clusterIP}{"\n"}{end}' | grep -v None | wc -l)" \
	"$(k get svc -A -o jsonpath='{range .items[*]}{.spec.clusterIP}{"\n"}{end}' | grep -v None | sort -u | wc -l)"
check_eq "the bitmap holds every Service IP" \
	"$(k get svc -A -o jsonpath='{range .items[*]}{.spec.clusterIP}{"\n"}{end}' | grep -vc None)" \
	"$(bits_of /registry/ranges/serviceips | wc -w | awk '{print $1-1}')"

# --- releases ----------------------------------------------------------------------------------
k delete svc c >/dev/null
check_eq "delete frees the IP" "10.96.0.5" \
	"$(k create service clusterip c2 --tcp=80 --clusterip=10.96.0.5 -o jsonpath='{.spec.clusterIP}')"
k delete svc e >/dev/null
check_eq "delete frees the node port" "30005" \
	"$(k create service nodeport e2 --tcp=80 --node-port=30005 -o jsonpath='{.spec.ports[0].nodePort}')"
k patch svc e2 -p '{"spec":{"type":"ClusterIP","ports":[{"port":80,"targetPort":80,"nodePort":null,"name":"80-80","protocol":"TCP"}]}}' >/dev/null
check_eq "NodePort -> ClusterIP drops the node port" "" "$(jp svc e2 -o jsonpath='{.spec.ports[0].nodePort}')"
check_eq "... and releases it" "30005" \
	"$(k create service nodeport e3 --tcp=80 --node-port=30005 -o jsonpath='{.spec.ports[0].nodePort}')"
k patch svc a -p '{"spec":{"type":"NodePort"}}' >/dev/null
anp=$(jp svc a -o jsonpath='{.spec.ports[0].nodePort}')
check "ClusterIP -> NodePort allocates a node port" test "$anp" -ge 30000 -a "$anp" -le 30100
k patch svc c2 -p '{"spec":{"type":"ExternalName","externalName":"example.com","clusterIP":"","clusterIPs":null}}' >/dev/null
check_eq "ClusterIP -> ExternalName drops the IP" "ExternalName " \
	"$(jp svc c2 -o jsonpath='{.spec.type} {.spec.clusterIP}')"
check_eq "... and releases it" "10.96.0.5" \
	"$(k create service clusterip c3 --tcp=80 --clusterip=10.96.0.5 -o jsonpath='{.spec.clusterIP}')"
k patch svc c2 -p '{"spec":{"type":"ClusterIP","externalName":null}}' >/dev/null
c2ip=$(jp svc c2 -o jsonpath='{.spec.clusterIP}')
check "ExternalName -> ClusterIP allocates an IP" test -n "$c2ip" -a "$c2ip" != 10.96.0.5
check_eq "a failed create (AlreadyExists) does not keep its IP" \
	'error: failed to create ClusterIP service: services "c3" already exists' \
	"$(k create service clusterip c3 --tcp=80 --clusterip=10.96.0.9 2>&1)"
check_eq "... 10.96.0.9 is free" "10.96.0.9" \
	"$(k create service clusterip c4 --tcp=80 --clusterip=10.96.0.9 -o jsonpath='{.spec.clusterIP}')"
rev=$(mod_rev /registry/ranges/serviceips)
check_eq "dryRun: the network address (as upstream), nothing allocated" "10.96.0.0" \
	"$(k create service clusterip dr --tcp=80 --dry-run=server -o jsonpath='{.spec.clusterIP}')"
k create service clusterip dr2 --tcp=80 --clusterip=10.96.0.10 --dry-run=server >/dev/null
check_eq "... the bitmap is not written" "$rev" "$(mod_rev /registry/ranges/serviceips)"

# --- restart and repair ----------------------------------------------------------------------
before=$(bits_of /registry/ranges/serviceips)
kill "$API_PID"; wait "$API_PID" 2>/dev/null
check_eq "SIGTERM deletes the master lease (RemoveEndpoints)" "" \
	"$(etcd_ctl get --prefix /registry/masterleases/ --keys-only)"
apiserver_start "${FLAGS[@]}"
check_eq "restart: the bitmap in etcd is kept" "$before" "$(bits_of /registry/ranges/serviceips)"
ip=$(k create service clusterip after --tcp=80 -o jsonpath='{.spec.clusterIP}')
check_eq "restart: no double allocation" "1" \
	"$(k get svc -A -o jsonpath='{range .items[*]}{.spec.clusterIP}{"\n"}{end}' | grep -cx "$ip")"
kill "$API_PID"; wait "$API_PID" 2>/dev/null
etcd_ctl put /registry/ranges/serviceips \
	'{"kind":"RangeAllocation","apiVersion":"v1","metadata":{"creationTimestamp":null},"range":"10.96.0.0/24","data":""}' >/dev/null
apiserver_start "${FLAGS[@]}"
wait_for "grep -q 'was not allocated; repairing' $TMP/apiserver.log" 10
check_eq "repair at start: the bitmap rebuilt from the Services" \
	"$(k get svc -A -o jsonpath='{range .items[*]}{.spec.clusterIP}{"\n"}{end}' | grep -vc None)" \
	"$(bits_of /registry/ranges/serviceips | wc -w | awk '{print $1-1}')"
check "repair logs what it fixed" grep -q 'the ClusterIP 10.96.0.5 for Service default/c3 was not allocated; repairing' "$TMP/apiserver.log"
check_eq "after the repair a taken IP is refused" \
	'error: failed to create ClusterIP service: Service "r" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated' \
	"$(k create service clusterip r --tcp=80 --clusterip=10.96.0.5 2>&1)"

# --- exhaustion, IPv6 --------------------------------------------------------------------------
kill "$API_PID"; wait "$API_PID" 2>/dev/null
apiserver_start --etcd-prefix=/small --advertise-address=10.20.30.40 --service-cluster-ip-range=10.99.0.0/29
wait_for "k get svc kubernetes" 10
for i in 1 2 3 4 5; do k create service clusterip "s$i" --tcp=80 >/dev/null 2>&1; done
check_eq "a /29: 6 IPs (kubernetes + 5)" "6" "$(k get svc -o name | wc -l)"
check_eq "exhausted: range is full (500)" \
	'error: failed to create ClusterIP service: Internal error occurred: failed to allocate a serviceIP: range is full' \
	"$(k create service clusterip s6 --tcp=80 2>&1)"
k delete svc s3 >/dev/null
check "after a delete the range has room again" k create service clusterip s6 --tcp=80
kill "$API_PID"; wait "$API_PID" 2>/dev/null
API_PID=
out=$("$BIN/kube-apiserver" --etcd-servers="$ETCD_URL" --bind-address=127.0.0.1 \
	--secure-port="$API_PORT" --cert-dir="$TMP/certs" \
	--service-account-issuer=https://kubernetes.default.svc.cluster.local \
	--service-account-key-file="$TMP/sa.pub" --service-account-signing-key-file="$TMP/sa.key" \
	--service-cluster-ip-range=fd00::/112 2>&1 | grep -c 'IPv6 service cluster IP ranges are not supported')
check_eq "an IPv6 range is refused at start with one line" "1" "$out"

finish apiserver_services
