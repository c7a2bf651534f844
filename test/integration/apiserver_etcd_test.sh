#!/usr/bin/env bash
# The etcd side of kube-apiserver: upstream's key layout and JSON values with resourceVersion
# cleared, resourceVersion = mod_revision, events with a lease, health endpoints, an etcd
# crash answered with 503 Status (never a crash of ours), and service and watches resuming
# when etcd comes back; SIGTERM stops the server cleanly.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/apiserver_env.sh"
apiserver_env_start

k create ns apps >/dev/null
k create cm cfg -n apps --from-literal=a=b >/dev/null
k create deployment web -n apps --image=nginx >/dev/null
k create priorityclass high --value=1000 >/dev/null
printf 'apiVersion: v1\nkind: Event\nmetadata: {name: ev1, namespace: apps}\ninvolvedObject: {kind: Pod, name: p, namespace: apps}\nreason: Test\nmessage: hello\n' |
	k create -f - --validate=false >/dev/null

keys=$(etcd_ctl get /registry --prefix --keys-only | grep .)
for key in /registry/namespaces/apps /registry/namespaces/default /registry/namespaces/kube-node-lease \
	/registry/configmaps/apps/cfg /registry/deployments/apps/web /registry/priorityclasses/high \
	/registry/priorityclasses/system-node-critical /registry/events/apps/ev1; do
	check_eq "etcd key $key" "$key" "$(grep -x "$key" <<<"$keys")"
done
check_eq "nothing outside upstream's prefixes" "" \
	"$(grep -vE '^/registry/(namespaces|configmaps|deployments|priorityclasses|events|services/specs|services/endpoints|endpointslices|ranges|masterleases)/' <<<"$keys")"
value=$(etcd_ctl get /registry/configmaps/apps/cfg --print-value-only)
check_eq "values are the object's JSON" "b" "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["data"]["a"])' "$value")"
check_eq "resourceVersion is not stored" "None" \
	"$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["metadata"].get("resourceVersion"))' "$value")"
check_eq "resourceVersion is the mod_revision" \
	"$(etcd_ctl get /registry/configmaps/apps/cfg -w json | python3 -c 'import json,sys; print(json.load(sys.stdin)["kvs"][0]["mod_revision"])')" \
	"$(k get cm cfg -n apps -o jsonpath='{.metadata.resourceVersion}')"
check "events are written with a lease (--event-ttl)" bash -c \
	"ETCDCTL_API=3 etcdctl --endpoints=$ETCD_URL get /registry/events/apps/ev1 -w json | grep -q '\"lease\":[1-9]'"
check_eq "events.k8s.io/v1 reads the same event" "hello" \
	"$(k get events.v1.events.k8s.io ev1 -n apps -o jsonpath='{.note}')"
check_eq "readyz" "ok" "$(api_curl "$API/readyz")"
check "readyz?verbose lists etcd" bash -c "curl -sS --cacert $TMP/ca.crt '$API/readyz?verbose' | grep -qx '\[+\]etcd ok'"

# a watch that lives through an etcd crash
k get cm -n apps -o json >/dev/null
rv=$(k get cm -n apps -o jsonpath='{.metadata.resourceVersion}')
api_curl -N -m 25 "$API/api/v1/namespaces/apps/configmaps?watch=1&resourceVersion=$rv" >"$TMP/watch.out" 2>/dev/null &
watch_pid=$!
sleep 0.5
etcd_stop
check "etcd away: list answers 503 ServiceUnavailable" bash -c \
	"curl -sS --cacert $TMP/ca.crt '$API/api/v1/namespaces/apps/configmaps' | grep -q '\"code\":503'"
check "etcd away: create answers 503" bash -c \
	"curl -sS --cacert $TMP/ca.crt -X POST -H 'Content-Type: application/json' '$API/api/v1/namespaces/apps/configmaps' -d '{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}' | grep -q '\"reason\":\"ServiceUnavailable\"'"
check "etcd away: kubectl says ServiceUnavailable" bash -c \
	"kubectl --cache-dir=$TMP/kubecache get cm cfg -n apps 2>&1 | grep -q 'ServiceUnavailable'"
check_eq "etcd away: resourceVersion=0 reads are served from the cache" "cfg" \
	"$(api_curl "$API/api/v1/namespaces/apps/configmaps?resourceVersion=0" | python3 -c 'import json,sys; print(" ".join(i["metadata"]["name"] for i in json.load(sys.stdin)["items"]))')"
check "etcd away: readyz fails" wait_for "! curl -sf --cacert $TMP/ca.crt $API/readyz" 5
check "the apiserver is still running" kill -0 "$API_PID"
etcd_start
check "etcd back: readyz recovers" wait_for "curl -sf --cacert $TMP/ca.crt $API/readyz" 15
check "etcd back: writes work again" wait_for "kubectl --cache-dir=$TMP/kubecache create cm after -n apps" 15
check "the open watch saw the write made after the restart" wait_for "grep -q '\"name\":\"after\"' $TMP/watch.out" 10
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null

kill -TERM "$API_PID"
check "SIGTERM: exits 0" wait "$API_PID"
API_PID=
check "SIGTERM: logged" grep -q "Received signal 15, shutting down" "$TMP/apiserver.log"

finish apiserver_etcd
