#!/usr/bin/env bash
# Strict decoding and request limits as kubectl 1.32 meets them: fieldValidation
# (Strict/Warn/Ignore; kubectl's --validate), unknown fields never stored, duplicate fields,
# 413 for bodies over 3 MiB that kubectl reads as a Status, the /metrics series of etcd and
# storage, and a graceful SIGTERM (readyz fails first, in-flight requests finish, watches end,
# exit 0).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/apiserver_env.sh"
apiserver_env_start --shutdown-delay-duration=2s

CM=$API/api/v1/namespaces/default/configmaps
DEPLOY=$API/apis/apps/v1/namespaces/default/deployments

status_of() {
	python3 -c 'import json,sys
s=json.load(sys.stdin)
print(s.get("code"), s.get("reason"), s.get("message"))'
}

cat >"$TMP/typo.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicaz: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: c
        image: nginx
        imagePullPolice: Always
EOF

# --- fieldValidation through kubectl -----------------------------------------------------------
out=$(k create -f "$TMP/typo.yaml" 2>&1)
check_eq "kubectl create (Strict): unknown fields are a 400" \
	"Error from server (BadRequest): error when creating \"$TMP/typo.yaml\": Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replicaz\", unknown field \"spec.template.spec.containers[0].imagePullPolice\"" \
	"$out"
check_eq "nothing created under Strict" 'Error from server (NotFound): deployments.apps "web" not found' \
	"$(k get deploy web 2>&1)"

out=$(k create -f "$TMP/typo.yaml" --validate=warn 2>&1)
check_eq "kubectl create --validate=warn prints the warnings and creates" \
	"Warning: unknown field \"spec.replicaz\"
Warning: unknown field \"spec.template.spec.containers[0].imagePullPolice\"
deployment.apps/web created" "$out"
check_eq "Warn: the unknown fields were pruned before storing" "0" \
	"$(etcd_ctl get /registry/deployments/default/web --print-value-only | grep -c -e replicaz -e imagePullPolice)"
k delete deploy web >/dev/null 2>&1

check_eq "kubectl create --validate=false succeeds silently" "deployment.apps/web created" \
	"$(k create -f "$TMP/typo.yaml" --validate=false 2>&1)"
check_eq "Ignore: the unknown fields are not stored" "0" \
	"$(etcd_ctl get /registry/deployments/default/web --print-value-only | grep -c -e replicaz -e imagePullPolice)"
check_eq "Ignore: nor served" "" \
	"$(k get deploy web -o json | grep -e replicaz -e imagePullPolice)"
check_eq "known fields are kept" "nginx 1" \
	"$(k get deploy web -o jsonpath='{.spec.template.spec.containers[0].image} {.spec.replicas}')"

out=$(k apply -f "$TMP/typo.yaml" 2>&1)
check "kubectl apply (Strict patch) of an unknown field is refused" \
	grep -q 'The request is invalid: patch: Invalid value: "map\[.*": strict decoding error: .*unknown field "spec.replicaz"' <<<"$out"
sed -e '/replicaz/d' -e '/imagePullPolice/d' "$TMP/typo.yaml" >"$TMP/good.yaml"
check "kubectl apply of the fixed manifest works" k apply -f "$TMP/good.yaml"

# --- fieldValidation over plain HTTP ---------------------------------------------------------
post() { # query body
	api_curl -X POST -H 'Content-Type: application/json' "$CM?$1" --data-binary "$2" | status_of
}
check_eq "Strict: duplicate and unknown fields in document order" \
	'400 BadRequest ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "metadata.name", duplicate field "metadata.labels.x", unknown field "dataa"' \
	"$(post fieldValidation=Strict '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},"dataa":{}}')"
check_eq "a bad fieldValidation is a 422 CreateOptions error" \
	'422 Invalid CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Foo": supported values: "", "Ignore", "Strict", "Warn"' \
	"$(post fieldValidation=Foo '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}')"
check_eq "Warn is the default: Warning headers, the object is created" \
	'Warning: 299 - "unknown field \"dataa\""|Warning: 299 - "duplicate field \"data\""' \
	"$(api_curl -D - -o /dev/null -X POST -H 'Content-Type: application/json' "$CM" \
		-d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"warned"},"dataa":{},"data":{"a":"1"},"data":{"b":"2"}}' |
		tr -d '\r' | grep -i '^warning:' | paste -sd'|')"
check_eq "Warn: the last duplicate wins, the unknown field is gone" '{"b":"2"} false' \
	"$(api_curl "$CM/warned" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(json.dumps(o["data"],separators=(",",":")), str("dataa" in o).lower())')"
check_eq "YAML bodies are checked too" \
	'400 BadRequest ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.nmae"' \
	"$(api_curl -X POST -H 'Content-Type: application/yaml' "$CM?fieldValidation=Strict" \
		--data-binary $'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  nmae: z\n' | status_of)"
check_eq "PUT Strict" \
	'400 BadRequest ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"' \
	"$(api_curl -X PUT -H 'Content-Type: application/json' "$CM/warned?fieldValidation=Strict" \
		-d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"warned"},"spec":{}}' | status_of)"
check_eq "merge patch Strict: 422 with the patched object" \
	'422 Invalid' \
	"$(api_curl -X PATCH -H 'Content-Type: application/merge-patch+json' "$CM/warned?fieldValidation=Strict" \
		-d '{"foo":1}' | status_of | cut -d' ' -f1-2)"
check_eq "strategic merge patch Strict: duplicates of the patch, then unknown fields" \
	'422 Invalid  "" is invalid: patch: Invalid value: "map[spec:map[foo:2]]": strict decoding error: duplicate field "spec.foo", unknown field "spec.foo"' \
	"$(api_curl -X PATCH -H 'Content-Type: application/strategic-merge-patch+json' "$DEPLOY/web?fieldValidation=Strict" \
		-d '{"spec":{"foo":1,"foo":2}}' | status_of)"
check_eq "patch Ignore drops the field silently" '200 none' \
	"$(api_curl -o /dev/null -w '%{http_code} ' -X PATCH -H 'Content-Type: application/merge-patch+json' "$CM/warned?fieldValidation=Ignore" -d '{"foo":1}')$(etcd_ctl get /registry/configmaps/default/warned --print-value-only | grep -q foo && echo stored || echo none)"

# --- 413 ---------------------------------------------------------------------------------------
python3 -c '
import json
print(json.dumps({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"a":"x"*(4*1024*1024)}}))' >"$TMP/big.json"
for v in true false; do
	check_eq "kubectl create of a 4 MiB ConfigMap (--validate=$v) reads the 413 Status" \
		"Error from server (RequestEntityTooLarge): error when creating \"$TMP/big.json\": Request entity too large: limit is 3145728" \
		"$(k create -f "$TMP/big.json" --validate=$v 2>&1)"
done
check_eq "curl reads the 413 too" "413 RequestEntityTooLarge Request entity too large: limit is 3145728" \
	"$(api_curl -X POST -H 'Content-Type: application/json' "$CM" --data-binary @"$TMP/big.json" | status_of)"
check "the server still answers" k get cm warned

# --- /metrics: etcd requests and stored objects -------------------------------------------------
metrics=$(api_curl "$API/metrics")
check "etcd_request_duration_seconds{operation,type} for configmap creates" \
	grep -q '^etcd_request_duration_seconds_bucket{operation="create",type="configmaps",le="0.005"} ' <<<"$metrics"
check "etcd_requests_total counts deployment updates" \
	grep -q '^etcd_requests_total{operation="update",type="deployments.apps"} ' <<<"$metrics"
cms=$(etcd_ctl get /registry/configmaps/ --prefix --keys-only | grep -c .)
check_eq "apiserver_storage_objects{resource=configmaps} matches etcd" \
	"apiserver_storage_objects{resource=\"configmaps\"} $cms" \
	"$(grep '^apiserver_storage_objects{resource="configmaps"}' <<<"$metrics")"
check "apiserver_storage_objects for a group resource" \
	grep -q '^apiserver_storage_objects{resource="deployments.apps"} 1$' <<<"$metrics"
check "apiserver_registered_watchers is served" grep -q '^apiserver_registered_watchers ' <<<"$metrics"

# --- graceful shutdown -------------------------------------------------------------------------
# a ConfigMap of ~900 KiB uploaded at 200 KiB/s is in flight for ~4.5 s
python3 -c '
import json
print(json.dumps({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME"},"data":{"a":"x"*(900*1024)}}))' >"$TMP/slow.json"
slow_upload() { # name outfile
	sed "s/NAME/$1/" "$TMP/slow.json" >"$TMP/$1.json"
	api_curl -s --limit-rate 200K -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		"$CM" --data-binary @"$TMP/$1.json" >"$2"
}
{ api_curl -sN "$CM?watch=1&resourceVersion=0" -o "$TMP/watch.out"; echo $? >"$TMP/watch.rc"; } &
WATCH_PID=$!
slow_upload slow1 "$TMP/slow1.code" &
SLOW_PID=$!
sleep 1
t0=$(date +%s)
kill -TERM "$API_PID"
sleep 0.5
check_eq "SIGTERM: /readyz fails at once with the shutdown check" \
	"[-]shutdown failed: reason withheld" \
	"$(api_curl -s "$API/readyz?verbose" | grep shutdown)"
check_eq "during --shutdown-delay-duration other requests are served" "200" \
	"$(api_curl -s -o /dev/null -w '%{http_code}' "$CM")"
wait "$SLOW_PID"
check_eq "the request in flight at SIGTERM completes" "201" "$(cat "$TMP/slow1.code")"
wait "$WATCH_PID"
check_eq "the watch stream ends cleanly (curl exit 0)" "0" "$(cat "$TMP/watch.rc")"
wait "$API_PID"
rc=$?
API_PID=
check_eq "kube-apiserver exits 0" "0" "$rc"
check "... within 15 s" test $(($(date +%s) - t0)) -le 15
check "the slow object was stored" sh -c "ETCDCTL_API=3 etcdctl --endpoints=$ETCD_URL get /registry/configmaps/default/slow1 --keys-only | grep -q slow1"

# --shutdown-send-retry-after: after the delay new requests get 429 until the drain ends
apiserver_start --shutdown-delay-duration=1s --shutdown-send-retry-after=true
slow_upload slow2 "$TMP/slow2.code" &
SLOW_PID=$!
sleep 0.5
kill -TERM "$API_PID"
sleep 1.5
code=$(api_curl -s -D "$TMP/h429" -o "$TMP/b429" -w '%{http_code}' "$CM")
check_eq "send-retry-after: a new request is refused with 429 and Retry-After" \
	"429|Retry-After: 5|The apiserver is shutting down, please try again later." \
	"$code|$(tr -d '\r' <"$TMP/h429" | grep -i '^retry-after:')|$(cat "$TMP/b429")"
check_eq "send-retry-after: /readyz is exempt" "500" \
	"$(api_curl -s -o /dev/null -w '%{http_code}' "$API/readyz")"
wait "$SLOW_PID"
check_eq "send-retry-after: the request in flight completes" "201" "$(cat "$TMP/slow2.code")"
wait "$API_PID"
rc=$?
API_PID=
check_eq "kube-apiserver exits 0 again" "0" "$rc"

finish apiserver_validation
