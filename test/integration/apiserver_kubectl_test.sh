#!/usr/bin/env bash
# The real kubectl against our kube-apiserver (real etcd, TLS with a self-signed CA):
# discovery, the bootstrap namespaces, create -f with OpenAPI validation, the generators that
# send protobuf, get in every output, watch, label/annotate/patch/replace/scale, dry-run,
# deletion with finalizers and graceful pods, namespaces going Terminating.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/apiserver_env.sh"
apiserver_env_start

check_eq "kubectl version reports v1.32" "Server Version: v1.32.0" \
	"$(k version 2>/dev/null | grep '^Server Version')"
check "api-resources lists deployments.apps" bash -c \
	"kubectl --cache-dir=$TMP/kubecache api-resources | grep -qE '^deployments +deploy +apps/v1 +true +Deployment'"
check "api-versions lists apps/v1" bash -c "kubectl --cache-dir=$TMP/kubecache api-versions | grep -qx apps/v1"
check_eq "get ns: the bootstrap namespaces" "default kube-node-lease kube-public kube-system" \
	"$(k get ns -o jsonpath='{.items[*].metadata.name}')"
check_eq "get ns: Active" "Active Active Active Active" \
	"$(k get ns -o jsonpath='{.items[*].status.phase}')"
check_eq "system priority classes" "system-cluster-critical system-node-critical" \
	"$(k get priorityclasses -o jsonpath='{.items[*].metadata.name}')"

cat >"$TMP/cm.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels: {app: web}
data:
  key: value
EOF
cat >"$TMP/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80}]
EOF
cat >"$TMP/pod.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels: {app: web}
spec:
  nodeName: node-1
  terminationGracePeriodSeconds: 30
  containers:
  - name: nginx
    image: nginx:1.25
EOF

# create -f validates against /openapi/v3 by default
check_eq "create -f configmap" "configmap/cfg created" "$(k create -f "$TMP/cm.yaml" 2>&1)"
check_eq "create -f deployment" "deployment.apps/web created" "$(k create -f "$TMP/deploy.yaml" 2>&1)"
check_eq "create -f pod" "pod/nginx created" "$(k create -f "$TMP/pod.yaml" 2>&1)"
check_eq "create -f again: AlreadyExists" \
	'Error from server (AlreadyExists): error when creating "'"$TMP"'/cm.yaml": configmaps "cfg" already exists' \
	"$(k create -f "$TMP/cm.yaml" 2>&1)"

# generators send protobuf bodies
check_eq "create namespace (protobuf)" "namespace/team created" "$(k create namespace team 2>&1)"
check_eq "create configmap (protobuf)" "configmap/gen created" \
	"$(k create configmap gen --from-literal=a=1 -n team 2>&1)"
check_eq "create deployment (protobuf)" "deployment.apps/api created" \
	"$(k create deployment api --image=nginx -n team 2>&1)"
check_eq "protobuf configmap data" "1" "$(k get cm gen -n team -o jsonpath='{.data.a}')"
check_eq "namespace label" "team" \
	"$(k get ns team -o jsonpath='{.metadata.labels.kubernetes\.io/metadata\.name}')"

# reads
check "get -o wide shows the pod's node" bash -c \
	"kubectl --cache-dir=$TMP/kubecache get pods -o wide | grep -E '^nginx .* node-1 '"
check "get deploy prints READY UP-TO-DATE AVAILABLE" bash -c \
	"kubectl --cache-dir=$TMP/kubecache get deploy | head -1 | grep -q 'NAME   READY   UP-TO-DATE   AVAILABLE   AGE'"
check_eq "get -o yaml" "value" "$(k get cm cfg -o yaml | sed -n 's/^  key: //p')"
check_eq "get -o json kind" "ConfigMap" "$(k get cm cfg -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["kind"])')"
check_eq "get -A finds both configmaps" "default/cfg team/gen" \
	"$(k get cm -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name} {end}' | xargs)"
check_eq "label selector" "cfg" "$(k get cm -l app=web -o jsonpath='{.items[*].metadata.name}')"
check_eq "field selector" "cfg" \
	"$(k get cm --field-selector metadata.name=cfg -o jsonpath='{.items[*].metadata.name}')"
check_eq "chunked list (--chunk-size=1)" "cfg gen" \
	"$(k get cm -A --chunk-size=1 -o jsonpath='{.items[*].metadata.name}')"
check "--show-labels" bash -c "kubectl --cache-dir=$TMP/kubecache get cm cfg --show-labels | grep -q 'app=web'"
check_eq "get a missing object: 404" 'Error from server (NotFound): configmaps "nope" not found' \
	"$(k get cm nope 2>&1)"

# watch sees a change
(timeout 6 kubectl --cache-dir="$TMP/kubecache" get cm cfg -w -o jsonpath='{.metadata.labels.step}{"\n"}' >"$TMP/watch.out" 2>&1 &)
sleep 1.5
k label cm cfg step=two >/dev/null
sleep 1.5
check_eq "get -w sees the label change" "two" "$(grep -x two "$TMP/watch.out" | head -1)"

# writes
check_eq "label" "configmap/cfg labeled" "$(k label cm cfg tier=front 2>&1)"
check_eq "annotate" "configmap/cfg annotated" "$(k annotate cm cfg note=hi 2>&1)"
rv=$(k get cm cfg -o jsonpath='{.metadata.resourceVersion}')
check_eq "label again: no change" "configmap/cfg not labeled" "$(k label cm cfg tier=front 2>&1)"
check_eq "patch without change keeps resourceVersion (M5)" "deployment.apps/web patched (no change)" \
	"$(k patch deploy web -p '{"spec":{"replicas":2}}' 2>&1)"
check_eq "no-op writes keep the resourceVersion" "$rv" "$(k get cm cfg -o jsonpath='{.metadata.resourceVersion}')"
check_eq "patch --type=json" "deployment.apps/web patched" \
	"$(k patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":3}]' 2>&1)"
check_eq "patch (strategic) adds a container" "deployment.apps/web patched" \
	"$(k patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}' 2>&1)"
check_eq "strategic merge kept the first container" "2" \
	"$(k get deploy web -o jsonpath='{.spec.template.spec.containers[*].name}' | wc -w)"
check_eq "scale" "deployment.apps/web scaled" "$(k scale deploy web --replicas=4 2>&1)"
check_eq "scale subresource" "4" "$(k get --raw /apis/apps/v1/namespaces/default/deployments/web/scale | python3 -c 'import json,sys; print(json.load(sys.stdin)["spec"]["replicas"])')"
check_eq "replace" "configmap/cfg replaced" "$(k replace -f "$TMP/cm.yaml" 2>&1)"
check_eq "replace dropped the labels added" "" "$(k get cm cfg -o jsonpath='{.metadata.labels.tier}')"
check "patch --dry-run=server" bash -c \
	"kubectl --cache-dir=$TMP/kubecache patch cm cfg -p '{\"data\":{\"key\":\"dry\"}}' --dry-run=server 2>&1 | grep -q '^configmap/cfg patched'"
check_eq "dry run wrote nothing" "value" "$(k get cm cfg -o jsonpath='{.data.key}')"
check_eq "create --dry-run=server" "configmap/dry created (server dry run)" \
	"$(k create cm dry --dry-run=server 2>&1)"
check_eq "dry-run create left nothing" 'Error from server (NotFound): configmaps "dry" not found' \
	"$(k get cm dry 2>&1)"
check "diff against the server is empty" k diff -f "$TMP/cm.yaml"

# deletion
check_eq "delete configmap" 'configmap "cfg" deleted' "$(k delete cm cfg 2>&1)"
k create cm held >/dev/null
k patch cm held -p '{"metadata":{"finalizers":["example.com/hold"]}}' >/dev/null
(timeout 20 kubectl --cache-dir="$TMP/kubecache" delete cm held >"$TMP/delete.out" 2>&1; echo "rc=$?" >>"$TMP/delete.out") &
delete_pid=$!
sleep 1.5
check "an object with finalizers gets deletionTimestamp" bash -c \
	"kubectl --cache-dir=$TMP/kubecache get cm held -o jsonpath='{.metadata.deletionTimestamp}' | grep -q T"
check_eq "kubectl delete waits for the finalizer" "" "$(grep -c rc= "$TMP/delete.out" | grep -v 0)"
k patch cm held --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]' >/dev/null
wait "$delete_pid"
check_eq "removing the finalizer deletes it and kubectl returns" 'configmap "held" deleted
rc=0' "$(cat "$TMP/delete.out")"
check_eq "the pod is deleted gracefully (kept with a grace period)" 'pod "nginx" deleted' \
	"$(k delete pod nginx --wait=false 2>&1)"
check_eq "graceful pod: deletionGracePeriodSeconds" "30" \
	"$(k get pod nginx -o jsonpath='{.metadata.deletionGracePeriodSeconds}')"
check_eq "force delete" 'pod "nginx" force deleted' \
	"$(k delete pod nginx --grace-period=0 --force 2>/dev/null)"
check_eq "delete namespace" 'namespace "team" deleted' "$(k delete ns team --wait=false 2>&1)"
check_eq "namespace Terminating" "Terminating" "$(k get ns team -o jsonpath='{.status.phase}')"
check_eq "creating in a terminating namespace: 403" \
	'error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated' \
	"$(k create cm late -n team 2>&1)"
check_eq "default may not be deleted" \
	'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted' \
	"$(k delete ns default 2>&1)"
check_eq "delete deployment" 'deployment.apps "web" deleted' "$(k delete deploy web 2>&1)"
check_eq "auth can-i (AlwaysAllow)" "yes" "$(k auth can-i create pods 2>&1)"

finish apiserver_kubectl
