#!/usr/bin/env python3
"""protobuf_capture.py - a throwaway HTTPS apiserver stand-in that records kubectl's request bodies.

It serves just enough for kubectl 1.32 to reach its POST: /version ("minor":"32"), legacy discovery
(/api, /apis, /api/v1, /apis/<g>/<v>) listing the resources the `kubectl create <generator>`,
`auth can-i`, `auth whoami` and `create token` paths need, and an /openapi/v3 root with no paths.
Every POST and PUT body is written to OUTDIR/<seq>.bin with its request line and headers in
OUTDIR/<seq>.txt; the answer is 201 with a small JSON object of the posted kind (name taken from the
protobuf or JSON body), enough for kubectl to print its "created" line, "yes", a whoami table or a
token.  Used by test/tools/protobuf_capture.sh to (re)make test/unit/fixtures/protobuf/.

    protobuf_capture.py PORT CERT KEY OUTDIR
"""
import json
import os
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALL8 = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

# group/version -> [(resource, kind, namespaced, verbs)]
RESOURCES = {
    "v1": [
        ("namespaces", "Namespace", False, ALL8),
        ("configmaps", "ConfigMap", True, ALL8),
        ("secrets", "Secret", True, ALL8),
        ("serviceaccounts", "ServiceAccount", True, ALL8),
        ("serviceaccounts/token", "TokenRequest", True, ["create"]),
        ("services", "Service", True, ALL8),
        ("resourcequotas", "ResourceQuota", True, ALL8),
        ("pods", "Pod", True, ALL8),
        ("pods/log", "Pod", True, ["get"]),
        ("nodes", "Node", False, ALL8),
    ],
    "apps/v1": [("deployments", "Deployment", True, ALL8),
                ("deployments/scale", "Scale", True, ["get", "patch", "update"])],
    "batch/v1": [("jobs", "Job", True, ALL8), ("cronjobs", "CronJob", True, ALL8)],
    "rbac.authorization.k8s.io/v1": [
        ("roles", "Role", True, ALL8),
        ("rolebindings", "RoleBinding", True, ALL8),
        ("clusterroles", "ClusterRole", False, ALL8),
        ("clusterrolebindings", "ClusterRoleBinding", False, ALL8),
    ],
    "scheduling.k8s.io/v1": [("priorityclasses", "PriorityClass", False, ALL8)],
    "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True, ALL8)],
    "networking.k8s.io/v1": [("ingresses", "Ingress", True, ALL8)],
    "authorization.k8s.io/v1": [
        ("selfsubjectaccessreviews", "SelfSubjectAccessReview", False, ["create"]),
        ("selfsubjectrulesreviews", "SelfSubjectRulesReview", False, ["create"]),
        ("subjectaccessreviews", "SubjectAccessReview", False, ["create"]),
    ],
    "authentication.k8s.io/v1": [
        ("selfsubjectreviews", "SelfSubjectReview", False, ["create"]),
        ("tokenreviews", "TokenReview", False, ["create"]),
    ],
    "autoscaling/v1": [("horizontalpodautoscalers", "HorizontalPodAutoscaler", True, ALL8)],
    "certificates.k8s.io/v1": [
        ("certificatesigningrequests", "CertificateSigningRequest", False, ALL8)],
}


def varint(buf, i):
    v, shift = 0, 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, i


def fields(buf):
    """Yields (number, wiretype, value) of one protobuf message; value is bytes or int."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = varint(buf, i)
        elif wt == 2:
            n, i = varint(buf, i)
            v, i = buf[i:i + n], i + n
        elif wt == 1:
            v, i = buf[i:i + 8], i + 8
        elif wt == 5:
            v, i = buf[i:i + 4], i + 4
        else:
            return
        yield num, wt, v


def field(buf, num):
    for n, _, v in fields(buf):
        if n == num:
            return v
    return None


def body_name(body):
    """metadata.name of a protobuf (k8s\\0 + Unknown) or JSON body, or None."""
    try:
        if body.startswith(b"k8s\0"):
            raw = field(body[4:], 2) or b""
            meta = field(raw, 1) or b""
            name = field(meta, 1)
            return name.decode() if name else None
        return json.loads(body).get("metadata", {}).get("name")
    except Exception:  # a capture tool: a body we cannot read just gets no name
        return None


# Objects kubectl reads before it writes (autoscale reads its target, certificate approve the CSR).
OBJECTS = {
    "/apis/apps/v1/namespaces/default/deployments/web": {
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": {"name": "web", "namespace": "default", "uid": "3f0c6a52-2d1b-4c36-9f43-0d4c1c2d9e11",
                     "resourceVersion": "100", "creationTimestamp": "2025-01-01T00:00:00Z",
                     "labels": {"app": "web"}},
        "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}},
        "status": {}},
    "/apis/certificates.k8s.io/v1/certificatesigningrequests/csr1": {
        "kind": "CertificateSigningRequest", "apiVersion": "certificates.k8s.io/v1",
        "metadata": {"name": "csr1", "uid": "5b6f8f0e-8d43-4a55-9a0c-2b9e7f0a1c22",
                     "resourceVersion": "101", "creationTimestamp": "2025-01-01T00:00:00Z"},
        "spec": {"request": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K",
                 "signerName": "kubernetes.io/kube-apiserver-client",
                 "expirationSeconds": 86400, "usages": ["client auth"],
                 "username": "alice", "groups": ["system:authenticated"]},
        "status": {}},
}


def discovery(path):
    if path == "/version":
        return {"major": "1", "minor": "32", "gitVersion": "v1.32.4", "gitCommit": "capture",
                "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z",
                "goVersion": "go1.23.6", "compiler": "gc", "platform": "linux/amd64"}
    if path == "/api":
        return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}
    if path == "/apis":
        groups = []
        for gv in RESOURCES:
            if "/" not in gv:
                continue
            g, v = gv.split("/")
            ver = {"groupVersion": gv, "version": v}
            groups.append({"name": g, "versions": [ver], "preferredVersion": ver})
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}
    if path in OBJECTS:
        return OBJECTS[path]
    if path == "/openapi/v3":
        return {"paths": {}}
    gv = path[len("/api/"):] if path.startswith("/api/") else path[len("/apis/"):]
    if gv in RESOURCES:
        res = []
        for name, kind, namespaced, verbs in RESOURCES[gv]:
            res.append({"name": name, "singularName": "" if "/" in name else kind.lower(),
                        "namespaced": namespaced, "kind": kind, "verbs": verbs})
            if name == "serviceaccounts/token":
                res[-1].update({"group": "authentication.k8s.io", "version": "v1"})
            elif name.endswith("/scale"):
                res[-1].update({"group": "autoscaling", "version": "v1"})
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv,
                "resources": res}
    return None


def answer(path, body):
    """The 201 body for a POST to path."""
    parts = path.split("?")[0].strip("/").split("/")
    name = body_name(body) or "x"
    if parts[-1] == "token":
        return {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
                "metadata": {"name": parts[-2]},
                "spec": {"audiences": ["https://kubernetes.default.svc"]},
                "status": {"token": "captured.token.value",
                           "expirationTimestamp": "2030-01-01T00:00:00Z"}}
    for gv, rows in RESOURCES.items():
        for res, kind, _, _ in rows:
            if parts[-1] == res:
                obj = {"kind": kind, "apiVersion": gv, "metadata": {"name": name}}
                if kind == "SelfSubjectAccessReview":
                    obj["status"] = {"allowed": True}
                elif kind == "SelfSubjectRulesReview":
                    obj["status"] = {"resourceRules": [{"verbs": ["get"], "resources": ["pods"]}],
                                     "nonResourceRules": [], "incomplete": False}
                elif kind == "SelfSubjectReview":
                    obj["status"] = {"userInfo": {"username": "captured-user",
                                                  "groups": ["system:authenticated"]}}
                return obj
    return {"kind": "Status", "apiVersion": "v1", "status": "Success"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    outdir = "."
    seq = 0

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        obj = discovery(self.path.split("?")[0])
        if obj is None:
            self.reply(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                             "reason": "NotFound", "code": 404, "message": "not found"})
        else:
            self.reply(200, obj)

    def do_PUT(self):
        self.do_POST()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Handler.seq += 1
        stem = os.path.join(self.outdir, "%03d" % Handler.seq)
        with open(stem + ".bin", "wb") as f:
            f.write(body)
        with open(stem + ".txt", "w") as f:
            f.write("%s %s\n%s" % (self.command, self.path, self.headers))
        path = self.path.split("?")[0]
        if self.command == "PUT" and path.rsplit("/", 1)[0] in OBJECTS:
            self.reply(200, OBJECTS[path.rsplit("/", 1)[0]])
        else:
            self.reply(201, answer(self.path, body))

    def log_message(self, fmt, *args):
        sys.stderr.write("capture: " + (fmt % args) + "\n")


def main():
    port, cert, key, outdir = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    Handler.outdir = outdir
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
