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

finish apiserver_validation
