#!/usr/bin/env python3
"""protobuf_tables.py - writes kube-apiserver/endpoints/protobuf_types.c, the message tables of the
protobuf request-body transcoder, from the upstream API sources.

Field numbers and wire types come from each group's generated.proto; JSON names, omitempty, pointer
and inline (embedded struct) from the Go struct tags in the matching types.go, which is what
encoding/json looks at when kubectl prints or sends an object as JSON.  The two are cross-checked:
every proto field must have the Go field with the same protobuf tag number.

    protobuf_tables.py API_DIR APIMACHINERY_DIR > kube-apiserver/endpoints/protobuf_types.c

API_DIR is a k8s.io/api tree (kubernetes/api at the v0.32 tag, or staging/src/k8s.io/api of
kubernetes/kubernetes v1.32), APIMACHINERY_DIR a k8s.io/apimachinery tree of the same release.
Only the messages reachable from the KINDS below are written.
"""
import os
import re
import sys

# (apiVersion, kind) served; the proto package is derived from the apiVersion.  DeleteOptions is
# registered in every group version upstream (metav1.AddToGroupVersion), so it matches any.
KINDS = [
    ("v1", ["Binding", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node",
            "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate",
            "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount"]),
    ("apps/v1", ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"]),
    ("batch/v1", ["CronJob", "Job"]),
    ("rbac.authorization.k8s.io/v1", ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]),
    ("scheduling.k8s.io/v1", ["PriorityClass"]),
    ("policy/v1", ["Eviction", "PodDisruptionBudget"]),
    ("networking.k8s.io/v1", ["Ingress", "IngressClass", "NetworkPolicy"]),
    ("authorization.k8s.io/v1", ["LocalSubjectAccessReview", "SelfSubjectAccessReview",
                                 "SelfSubjectRulesReview", "SubjectAccessReview"]),
    ("authentication.k8s.io/v1", ["SelfSubjectReview", "TokenRequest", "TokenReview"]),
    ("autoscaling/v1", ["HorizontalPodAutoscaler", "Scale"]),
    ("certificates.k8s.io/v1", ["CertificateSigningRequest"]),
    ("*", ["DeleteOptions"]),
]

META = "k8s.io.apimachinery.pkg.apis.meta.v1"
# Messages with their own JSON form (MarshalJSON upstream): the decoder handles them itself.
SPECIAL = {
    META + ".Time": "PB_TIME",
    META + ".MicroTime": "PB_MICROTIME",
    META + ".Duration": "PB_DURATION",
    META + ".FieldsV1": "PB_RAWJSON",
    "k8s.io.apimachinery.pkg.runtime.RawExtension": "PB_RAWJSON",
    "k8s.io.apimachinery.pkg.api.resource.Quantity": "PB_QUANTITY",
    "k8s.io.apimachinery.pkg.util.intstr.IntOrString": "PB_INTORSTRING",
}
SCALARS = {"string": "PB_STRING", "bytes": "PB_BYTES", "bool": "PB_BOOL", "int32": "PB_INT32",
           "int64": "PB_INT64"}


def package_of(api_version):
    if api_version == "*":
        return META
    group, _, version = api_version.rpartition("/")
    group = group or "core"
    return "k8s.io.api.%s.%s" % (group.split(".")[0], version)


def proto_dirs(api_dir, am_dir):
    dirs = []
    for root, _, files in os.walk(api_dir):
        if "generated.proto" in files:
            dirs.append(root)
    for sub in ("pkg/apis/meta/v1", "pkg/runtime", "pkg/api/resource", "pkg/util/intstr"):
        dirs.append(os.path.join(am_dir, sub))
    return dirs


FIELD_RE = re.compile(r"^\s*(optional|repeated|required)?\s*(map<\s*(\S+)\s*,\s*(\S+)\s*>|[\w.]+)"
                      r"\s+(\w+)\s*=\s*(\d+)\s*;")


def parse_proto(path, messages, nullable):
    """Adds {full name: [(label, type, name, number, map key, map value)]} from one file."""
    pkg, stack, comments = None, [], []
    for line in open(path):
        s = line.strip()
        if s.startswith("//"):
            comments.append(s)
            continue
        m = re.match(r"package\s+([\w.]+);", s)
        if m:
            pkg = m.group(1)
        m = re.match(r"message\s+(\w+)\s*{", s)
        if m:
            full = pkg + "." + m.group(1)
            stack.append(full)
            messages[full] = []
            if any("+protobuf.nullable=true" in c for c in comments):
                nullable.add(full)
        elif s == "}" and stack:
            stack.pop()
        elif stack:
            m = FIELD_RE.match(s)
            if m:
                label, typ, mk, mv, name, num = m.groups()
                messages[stack[-1]].append((label or "optional", typ if not mk else "map", name,
                                            int(num), mk, mv))
        if s and not s.startswith("//"):
            comments = []
    return pkg


def parse_go(paths):
    """{struct name: [(go name, go type, json tag, protobuf tag)]} in declaration order.

    A field line is "Name Type `tags`", or "Type `tags`" for an embedded struct (name None)."""
    structs, cur = {}, None
    for path in paths:
        for line in open(path):
            if cur is None:
                m = re.match(r"^type (\w+) struct {", line)
                if m:
                    cur = m.group(1)
                    structs[cur] = []
                continue
            if line.startswith("}"):
                cur = None
                continue
            code = line.strip()
            if code.startswith("//") or "`" not in code:
                continue
            head, _, tags = code.partition("`")
            words = head.split()
            if len(words) not in (1, 2):
                continue
            name, typ = (None, words[0]) if len(words) == 1 else words
            tag = dict(re.findall(r'(\w+):"([^"]*)"', tags))
            structs[cur].append((name, typ, tag.get("json"), tag.get("protobuf")))
    return structs


def go_sources(dirs):
    files = []
    for d in dirs:
        for f in sorted(os.listdir(d)):
            if f.endswith(".go") and not f.endswith("_test.go") and "generated" not in f \
                    and "zz_" not in f:
                files.append(os.path.join(d, f))
    return files


def c_ident(full):
    parts = full.split(".")
    if full.startswith("k8s.io.api."):
        return "%s_%s_%s" % (parts[3], parts[4], parts[5])
    if full.startswith(META + "."):
        return "meta_v1_" + parts[-1]
    return "%s_%s" % (parts[-2], parts[-1])


def main():
    api_dir, am_dir = sys.argv[1], sys.argv[2]
    messages, nullable, go_by_pkg = {}, set(), {}
    for d in proto_dirs(api_dir, am_dir):
        pkg = parse_proto(os.path.join(d, "generated.proto"), messages, nullable)
        go_by_pkg[pkg] = parse_go(go_sources([d]))

    def resolve(pkg, typ):
        if typ.startswith("."):
            return typ[1:]
        return pkg + "." + typ

    # Reachable messages, in a stable order.
    roots = []
    for api_version, kinds in KINDS:
        for k in kinds:
            roots.append((api_version, k, package_of(api_version) + "." + k))
    order, seen, active = [], set(), set()

    def visit(full):
        if full in active:
            sys.exit("recursive message %s: the decoder's depth bound would be the only limit" % full)
        if full in seen or full in SPECIAL:
            return
        if full not in messages:
            sys.exit("unknown message %s" % full)
        seen.add(full)
        active.add(full)
        pkg = full.rsplit(".", 1)[0]
        for label, typ, name, num, mk, mv in messages[full]:
            t = mv if typ == "map" else typ
            if t not in SCALARS:
                visit(resolve(pkg, t))
        active.discard(full)
        order.append(full)

    for _, _, full in roots:
        visit(full)

    out = []
    w = out.append
    emitted = []
    for full in order:
        pkg, short = full.rsplit(".", 1)
        if full in nullable:
            # A named slice (type ExtraValue []string): JSON is the items themselves.
            continue
        go = go_by_pkg[pkg].get(short)
        if go is None:
            sys.exit("no Go struct for %s" % full)
        by_num = {}
        for gname, gtype, jtag, ptag in go:
            if ptag:
                by_num[int(ptag.split(",")[1])] = (gname, gtype, jtag, ptag)
        rows = []
        proto_nums = {f[3] for f in messages[full]}
        for n in by_num:
            if n not in proto_nums:
                sys.exit("%s: Go field %d is not in generated.proto" % (full, n))
        for label, typ, name, num, mk, mv in messages[full]:
            if num not in by_num:
                sys.exit("%s.%s (%d): no Go field" % (full, name, num))
            gname, gtype, jtag, ptag = by_num[num]
            jname, _, opts = (jtag or "").partition(",")
            flags = []
            inline = gname is None and jname == ""
            if jname == "-":
                sys.exit("%s.%s is json:\"-\"" % (full, name))
            if not inline and jname != name:
                sys.stderr.write("note: %s field %d: proto %s, json %s\n" % (full, num, name, jname))
            if "omitempty" in opts.split(","):
                flags.append("PB_OMITEMPTY")
            if gtype.startswith("*"):
                flags.append("PB_POINTER")
            if inline:
                flags.append("PB_INLINE")
            ref = "NULL"
            if typ == "map":
                if mk != "string":
                    sys.exit("%s.%s: map key %s" % (full, name, mk))
                flags.append("PB_MAP")
                t = mv
            else:
                t = typ
                if label == "repeated":
                    flags.append("PB_REPEATED")
            if t in SCALARS:
                kind = SCALARS[t]
            else:
                target = resolve(pkg, t)
                if target in SPECIAL:
                    kind = SPECIAL[target]
                elif target in nullable:
                    inner = messages[target]
                    if len(inner) != 1 or inner[0][1] != "string" or inner[0][0] != "repeated":
                        sys.exit("%s: nullable wrapper of something other than strings" % target)
                    kind = "PB_STRINGLIST"
                else:
                    kind = "PB_MESSAGE"
                    ref = "&m_" + c_ident(target)
            if os.environ.get("PB_TYPES_REPORT"):
                sys.stderr.write("type %s %s %s\n" % (kind, gtype, " ".join(flags)))
            rows.append((gname, jname if not inline else None, num, kind, flags, ref))
        # Go declaration order is JSON order.
        decl = [int(g[3].split(",")[1]) for g in go if g[3]]
        pos = {n: i for i, n in enumerate(decl)}
        rows.sort(key=lambda r: pos[r[2]])
        if len(rows) > 255:
            sys.exit("%s: more fields than a uint8_t index holds" % full)
        emitted.append((full, rows))

    # encoding/json promotes an embedded struct's fields; a clash would hide the inner one.
    by_name = dict(emitted)

    def json_names(full):
        names = []
        for _, jname, _, _, _, ref in by_name[full]:
            names += json_names(_message_of(ref)) if jname is None else [jname]
        return names

    def _message_of(ref):
        ident = ref[len("&m_"):]
        return next(f for f in by_name if c_ident(f) == ident)

    for full in by_name:
        names = json_names(full)
        if len(names) != len(set(names)):
            sys.exit("%s: an inline message repeats a JSON name: %s" % (full, names))

    w("/*")
    w(" * protobuf_types.c - the message tables of the protobuf request-body transcoder: for each")
    w(" * message reachable from the kinds at the end, its fields in Go declaration (JSON) order with")
    w(" * their field numbers (upstream: k8s.io/api/<group>/<version>/generated.proto and types.go,")
    w(" * apimachinery pkg/apis/meta/v1, pkg/runtime, pkg/api/resource, pkg/util/intstr, v1.32).")
    w(" *")
    w(" * Written by test/tools/protobuf_tables.py from those sources; edit the generator and re-run it")
    w(" * rather than this file.  protobuf.h describes the row format.")
    w(" */")
    w('#include <stddef.h>')
    w('')
    w('#include "kube-apiserver/endpoints/protobuf.h"')
    w('')
    w("/* clang-format off */")
    for full, _ in emitted:
        w("static const struct protobuf_message m_%s;" % c_ident(full))
    w("")
    for full, rows in emitted:
        ident = c_ident(full)
        w("static const struct protobuf_field f_%s[] = {" % ident)
        for gname, jname, num, kind, flags, ref in rows:
            j = '"%s"' % jname if jname is not None else "NULL"
            fl = " | ".join(flags) if flags else "0"
            w("\t{ %s, %s, %d, %s, %s }," % (j, ref, num, kind, fl))
        w("};")
        idx = sorted(range(len(rows)), key=lambda i: rows[i][2])
        w("static const uint8_t n_%s[] = { %s };" % (ident, ", ".join(str(i) for i in idx)))
        w("static const struct protobuf_message m_%s = {" % ident)
        w('\t"%s", f_%s, n_%s, %d,' % (full, ident, ident, len(rows)))
        w("};")
        w("")
    w("const struct protobuf_kind protobuf_kinds[] = {")
    for api_version, kind, full in roots:
        av = "NULL" if api_version == "*" else '"%s"' % api_version
        w('\t{ %s, "%s", &m_%s },' % (av, kind, c_ident(full)))
    w("\t{ NULL, NULL, NULL },")
    w("};")
    w("/* clang-format on */")
    print("\n".join(out))


if __name__ == "__main__":
    main()
