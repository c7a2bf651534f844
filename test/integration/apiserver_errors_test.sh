#!/usr/bin/env bash
# Bad input gets upstream's Status (code, reason, message) and leaves nothing in etcd:
# 400 namespace mismatch / wrong kind / malformed JSON / bad selectors, 404 unknown resources
# and missing namespaces, 405, 406, 409 AlreadyExists and Conflict, 410 too old, 413 body too
# large, 415, 422 Invalid with causes, 422 sendInitialEvents (API-COMPAT W6).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/apiserver_env.sh"
apiserver_env_start

CM=$API/api/v1/namespaces/default/configmaps
JSON='Content-Type: application/json'

# Prints "<code> <reason> <message>" of a Status answer.
status_of() {
	python3 -c 'import json,sys
s=json.load(sys.stdin)
print(s.get("code"), s.get("reason"), s.get("message"))'
}

post() { # url content-type body
	api_curl -X POST -H "Content-Type: $2" "$1" --data-binary "$3" | status_of
}

check_eq "400 namespace mismatch" \
	"400 BadRequest the namespace of the provided object does not match the namespace sent on the request" \
	"$(post "$CM" application/json '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"kube-system"}}')"
check_eq "400 wrong kind for the URL" \
	'400 BadRequest Pod in version "v1" cannot be handled as a ConfigMap: converting (v1.Pod) to (core.ConfigMap): unknown conversion' \
	"$(post "$CM" application/json '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}')"
check_eq "400 wrong apiVersion for the URL" \
	"400 BadRequest the API version in the data (apps/v1) does not match the expected API version (v1)" \
	"$(post "$CM" application/json '{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"a"}}')"
check "400 malformed JSON" bash -c "$(declare -f api_curl status_of); TMP=$TMP; api_curl -X POST -H '$JSON' '$CM' -d '{\"apiVersion\":' | status_of | grep -q '^400 BadRequest the object provided is unrecognized (must be of type ConfigMap): couldn.t get version/kind; json parse error'"
check "400 malformed YAML" bash -c "$(declare -f api_curl status_of); TMP=$TMP; api_curl -X POST -H 'Content-Type: application/yaml' '$CM' --data-binary \$'a: [b\n' | status_of | grep -q '^400 BadRequest .*error converting YAML to JSON'"
check_eq "400 bad label selector" \
	"400 BadRequest unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt" \
	"$(api_curl "$CM?labelSelector=a%20b%3Dc" | status_of)"
check_eq "400 bad label value" \
	"400 BadRequest unable to parse requirement: values[0][x]: Invalid value: \"a_\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')" \
	"$(api_curl "$CM?labelSelector=x%3Da_" | status_of)"
check_eq "400 field label not supported" "400 BadRequest field label not supported: spec.nodeName" \
	"$(api_curl "$CM?fieldSelector=spec.nodeName%3Dx" | status_of)"
check_eq "pods support spec.nodeName" "PodList" \
	"$(api_curl "$API/api/v1/pods?fieldSelector=spec.nodeName%3Dx" | python3 -c 'import json,sys; print(json.load(sys.stdin)["kind"])')"
check_eq "400 bad resourceVersion" \
	'400 BadRequest resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax' \
	"$(api_curl "$CM?resourceVersion=abc" | status_of)"
check_eq "400 bad limit" '400 BadRequest strconv.ParseInt: parsing "x": invalid syntax' \
	"$(api_curl "$CM?limit=x" | status_of)"
check_eq "404 unknown resource" "404 NotFound the server could not find the requested resource" \
	"$(api_curl "$API/api/v1/foos" | status_of)"
check_eq "404 missing namespace on create" '404 NotFound namespaces "nope" not found' \
	"$(post "$API/api/v1/namespaces/nope/configmaps" application/json '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}')"
check_eq "405 verb the resource does not have" \
	"405 MethodNotAllowed the server does not allow this method on the requested resource" \
	"$(api_curl -X DELETE "$API/api/v1/namespaces" | status_of)"
check_eq "406 protobuf only" \
	"406 NotAcceptable only the following media types are accepted: application/json, application/yaml" \
	"$(api_curl -H 'Accept: application/vnd.kubernetes.protobuf' "$CM" | status_of)"
check_eq "415 unknown body type" \
	"415 UnsupportedMediaType the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf" \
	"$(post "$CM" text/plain 'hello')"
check "415 server-side apply (not served yet)" bash -c "$(declare -f api_curl status_of); TMP=$TMP; api_curl -X PATCH -H 'Content-Type: application/apply-patch+yaml' '$CM/x?fieldManager=me' -d '{}' | status_of | grep -q '^415 UnsupportedMediaType server-side apply'"
head -c 3200000 /dev/zero | tr '\0' a >"$TMP/big"
check_eq "413 body over 3 MiB" "413 RequestEntityTooLarge Request entity too large: limit is 3145728" \
	"$(api_curl -X POST -H "$JSON" "$CM" --data-binary @"$TMP/big" | status_of)"
check_eq "413 with a chunked body" "413 RequestEntityTooLarge Request entity too large: limit is 3145728" \
	"$(api_curl -X POST -H "$JSON" -H 'Transfer-Encoding: chunked' "$CM" --data-binary @"$TMP/big" | status_of)"

k create cm taken >/dev/null
check_eq "409 AlreadyExists" '409 AlreadyExists configmaps "taken" already exists' \
	"$(post "$CM" application/json '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"taken"}}')"
check_eq "409 Conflict on a stale resourceVersion" \
	'409 Conflict Operation cannot be fulfilled on configmaps "taken": the object has been modified; please apply your changes to the latest version and try again' \
	"$(api_curl -X PUT -H "$JSON" "$CM/taken" -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"taken","resourceVersion":"1"}}' | status_of)"
check_eq "409 Conflict on a resourceVersion inside a patch" \
	'409 Conflict Operation cannot be fulfilled on configmaps "taken": the object has been modified; please apply your changes to the latest version and try again' \
	"$(api_curl -X PATCH -H 'Content-Type: application/merge-patch+json' "$CM/taken" -d '{"metadata":{"resourceVersion":"1"},"data":{"a":"b"}}' | status_of)"
uid=$(k get cm taken -o jsonpath='{.metadata.uid}')
check "409 delete precondition (uid)" bash -c "$(declare -f api_curl status_of); TMP=$TMP; api_curl -X DELETE -H '$JSON' '$CM/taken' -d '{\"preconditions\":{\"uid\":\"other\"}}' | status_of | grep -q '^409 Conflict Operation cannot be fulfilled on ConfigMap \"taken\": the UID in the precondition (other) does not match the UID in record ($uid)'"
check_eq "400 name in body differs from the URL" \
	"400 BadRequest the name of the object (other) does not match the name on the URL (taken)" \
	"$(api_curl -X PUT -H "$JSON" "$CM/taken" -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}' | status_of)"
check_eq "404 update of a missing object" '404 NotFound configmaps "gone" not found' \
	"$(api_curl -X PUT -H "$JSON" "$CM/gone" -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"gone"}}' | status_of)"
check_eq "404 patch of a missing object" '404 NotFound configmaps "gone" not found' \
	"$(api_curl -X PATCH -H 'Content-Type: application/merge-patch+json' "$CM/gone" -d '{}' | status_of)"
check_eq "422 name required" \
	'422 Invalid ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required' \
	"$(post "$CM" application/json '{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}')"
check_eq "422 Invalid with causes (kubectl)" 'The Deployment "bad" is invalid: 
* spec.selector: Required value
* spec.template.metadata.labels: Invalid value: map[string]string{"a":"b"}: `selector` does not match template `labels`
* spec.template.spec.containers[0].image: Required value' \
	"$(printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c}]\n' | k create -f - 2>&1)"
check_eq "422 causes carry the field" "spec.selector" \
	"$(api_curl -X POST -H 'Content-Type: application/yaml' "$API/apis/apps/v1/namespaces/default/deployments" --data-binary $'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad}\nspec:\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: x}]\n' | python3 -c 'import json,sys; print(json.load(sys.stdin)["details"]["causes"][0]["field"])')"
check_eq "422 JSON patch that does not apply" \
	'422 Invalid replace operation does not apply: doc is missing path: /data/nope' \
	"$(api_curl -X PATCH -H 'Content-Type: application/json-patch+json' "$CM/taken" -d '[{"op":"replace","path":"/data/nope","value":"x"}]' | status_of | sed 's/: missing value$//')"
check_eq "422 sendInitialEvents (WatchList is off)" \
	'422 Invalid ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled' \
	"$(api_curl "$CM?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true" | status_of)"
check_eq "422 dryRun value" \
	'422 Invalid CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: "Some": supported values: "All"' \
	"$(post "$CM?dryRun=Some" application/json '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"}}')"
# A watch cache's window starts at the revision it listed at: a cache that listed at revision 1
# (a fresh etcd) still holds every event since, as upstream's does.  Restart the apiserver so
# its caches list above the revision the watch asks for, which compaction then removes.
kill "$API_PID" && wait "$API_PID" 2>/dev/null
apiserver_start
check_eq "410 watch from a compacted resourceVersion" "ERROR 410 Expired" \
	"$(etcd_ctl compact "$(etcd_ctl endpoint status -w json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Status"]["header"]["revision"])')" >/dev/null 2>&1
	   api_curl -m 5 "$CM?watch=1&resourceVersion=1" | python3 -c 'import json,sys
e=json.loads(sys.stdin.readline()); print(e["type"], e["object"]["code"], e["object"]["reason"])')"
check_eq "nothing half-written in etcd" "/registry/configmaps/default/taken" \
	"$(etcd_ctl get /registry/configmaps/ --prefix --keys-only | grep . | xargs)"

finish apiserver_errors
