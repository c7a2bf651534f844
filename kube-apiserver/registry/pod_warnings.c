/*
 * pod_warnings.c - WarningsOnCreate texts for pods and pod templates (upstream:
 * pkg/api/pod/warnings.go warningsForPodSpecAndMeta, pkg/api/node/util.go deprecated node
 * labels, pkg/api/persistentvolumeclaim/util.go GetWarningsForPersistentVolumeClaimSpec) and the
 * name warning of the workloads whose names end up in pod hostnames.
 *
 * Warnings are computed on the defaulted object, as upstream computes them after decoding.
 * Node-affinity match values are not checked as label values (the checkLabelValue variant of
 * GetWarningsForNodeSelectorTerm is left out).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/json.h"
#include "libkcommon/quantity.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/field_errors.h"
#include "kube-apiserver/registry/strategy_util.h"

/* GetNodeLabelDeprecatedMessage (pkg/api/node/util.go) */
static const struct {
	const char *label, *msg;
} deprecated_node_labels[] = {
	{ "beta.kubernetes.io/arch", "deprecated since v1.14; use \"kubernetes.io/arch\" instead" },
	{ "beta.kubernetes.io/os", "deprecated since v1.14; use \"kubernetes.io/os\" instead" },
	{ "failure-domain.beta.kubernetes.io/region",
	  "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead" },
	{ "failure-domain.beta.kubernetes.io/zone",
	  "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead" },
	{ "beta.kubernetes.io/instance-type",
	  "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead" },
	{ "app.kubernetes.io/created-by", "deprecated since v1.9" },
	{ "scheduler.alpha.kubernetes.io/preferAvoidPods",
	  "deprecated since v1.22; use Taints and Tolerations instead" },
	{ "node-role.kubernetes.io/master",
	  "use \"node-role.kubernetes.io/control-plane\" instead" },
};

static const char *
node_label_deprecated(const char *key)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(deprecated_node_labels); i++)
		if (strcmp(key, deprecated_node_labels[i].label) == 0)
			return deprecated_node_labels[i].msg;
	return NULL;
}

/* deprecatedAnnotations (pkg/api/pod/warnings.go) */
static const struct {
	const char *key, *msg;
} deprecated_pod_annotations[] = {
	{ "scheduler.alpha.kubernetes.io/critical-pod",
	  "non-functional in v1.16+; use the \"priorityClassName\" field instead" },
	{ "security.alpha.kubernetes.io/sysctls",
	  "non-functional in v1.11+; use the \"sysctls\" field instead" },
	{ "security.alpha.kubernetes.io/unsafe-sysctls",
	  "non-functional in v1.11+; use the \"sysctls\" field instead" },
};

/* Deprecated and removed volume plugins, in upstream's order. */
static const struct {
	const char *source, *msg;
} deprecated_volumes[] = {
	{ "photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+" },
	{ "gitRepo", "deprecated in v1.11" },
	{ "scaleIO", "deprecated in v1.16, non-functional in v1.22+" },
	{ "flocker", "deprecated in v1.22, non-functional in v1.25+" },
	{ "storageos", "deprecated in v1.22, non-functional in v1.25+" },
	{ "quobyte", "deprecated in v1.22, non-functional in v1.25+" },
	{ "glusterfs", "deprecated in v1.25, non-functional in v1.26+" },
	{ "cephfs", "deprecated in v1.28, non-functional in v1.31+" },
	{ "rbd", "deprecated in v1.28, non-functional in v1.31+" },
};

/* Upstream's field names where they differ from the v1 JSON keys. */
static const char *
volume_field_name(const char *source)
{
	return strcmp(source, "storageos") == 0 ? "storageOS" : source;
}

struct warn_ctx {
	struct kc_strv *w;
	const char *base; /* "" for a Pod, "spec.template." for a template */
};

static void
warn_node_selector_term(struct warn_ctx *c, const json_t *term, const char *path)
{
	size_t i;
	json_t *e;

	json_array_foreach(jarr(term, "matchExpressions"), i, e) {
		const char *msg = node_label_deprecated(jstr0(e, "key"));

		if (msg != NULL)
			kc_strv_pushf(c->w, "%s.matchExpressions[%zu].key: %s is %s", path, i,
				      jstr0(e, "key"), msg);
	}
}

static void
warn_affinity_terms(struct warn_ctx *c, const json_t *aff, const char *kind)
{
	size_t i;
	json_t *t;

	json_array_foreach(jarr(aff, "requiredDuringSchedulingIgnoredDuringExecution"), i, t)
		if (!json_is_object(jobj(t, "labelSelector")))
			kc_strv_pushf(
				c->w,
				"%sspec.affinity.%s.requiredDuringSchedulingIgnoredDuringExecution[%zu].labelSelector: a null labelSelector results in matching no pod",
				c->base, kind, i);
	json_array_foreach(jarr(aff, "preferredDuringSchedulingIgnoredDuringExecution"), i, t)
		if (!json_is_object(jobj(jobj(t, "podAffinityTerm"), "labelSelector")))
			kc_strv_pushf(
				c->w,
				"%sspec.affinity.%s.preferredDuringSchedulingIgnoredDuringExecution[%zu].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod",
				c->base, kind, i);
}

/* MilliValue() % 1000 != 0 for memory and ephemeral-storage */
static void
warn_fractional(struct warn_ctx *c, const json_t *list, const char *path)
{
	static const char *const names[] = { "memory", "ephemeral-storage" };

	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++) {
		const json_t *v = json_object_get(list, names[i]);
		struct kc_quantity q;
		char buf[64];

		if (v == NULL || kc_quantity_from_json(v, &q, NULL) < 0 ||
		    kc_quantity_milli_value(&q) % 1000 == 0)
			continue;
		kc_strv_pushf(c->w,
			      "%s[%s]: fractional byte value \"%s\" is invalid, must be an integer",
			      path, names[i], kc_quantity_format(&q, buf, sizeof(buf)));
	}
}

static void
warn_container(struct warn_ctx *c, const json_t *ctr, const char *path, const json_t *annotations,
	       int has_pod_apparmor)
{
	const json_t *sc = jobj(ctr, "securityContext");
	const json_t *env = jarr(ctr, "env"), *e;
	char key[FPATH_MAX], sub[FPATH_MAX];
	size_t i;

	snprintf(key, sizeof(key), "container.seccomp.security.alpha.kubernetes.io/%s",
		 jstr0(ctr, "name"));
	if (!json_is_object(jobj(sc, "seccompProfile")) && json_object_get(annotations, key))
		kc_strv_pushf(
			c->w,
			"%smetadata.annotations[%s]: non-functional in v1.27+; use the \"seccompProfile\" field instead",
			c->base, key);
	/* Pods get theirs from the AppArmor version-skew handling instead. */
	snprintf(key, sizeof(key), "container.apparmor.security.beta.kubernetes.io/%s",
		 jstr0(ctr, "name"));
	if (c->base[0] != '\0' && !has_pod_apparmor &&
	    !json_is_object(jobj(sc, "appArmorProfile")) && json_object_get(annotations, key))
		kc_strv_pushf(
			c->w,
			"%smetadata.annotations[%s]: deprecated since v1.30; use the \"appArmorProfile\" field instead",
			c->base, key);
	warn_fractional(c, jobj(jobj(ctr, "resources"), "limits"),
			fpath_child(sub, path, "resources.limits"));
	warn_fractional(c, jobj(jobj(ctr, "resources"), "requests"),
			fpath_child(sub, path, "resources.requests"));
	json_array_foreach(env, i, e) {
		const char *name = jstr0(e, "name"), *value = jstr0(e, "value");
		KC_AUTOFREE char *ref = NULL;
		const json_t *prev;
		size_t j;
		int seen = 0;

		json_array_foreach(env, j, prev) {
			if (j >= i)
				break;
			if (strcmp(jstr0(prev, "name"), name) == 0) {
				seen = 1;
				break;
			}
		}
		if (!seen)
			continue;
		if (asprintf(&ref, "$(%s)", name) < 0) {
			ref = NULL;
			continue;
		}
		if (jhas(e, "valueFrom") || strcmp(value, ref) == 0 || strstr(value, ref) == NULL)
			kc_strv_pushf(
				c->w,
				"%s.env[%zu]: hides previous definition of \"%s\", which may be dropped when using apply",
				path, i, name);
	}
}

struct port_block {
	char field[FPATH_MAX];
	const json_t *port;
};

static int
visit_containers(const json_t *spec, const char *base,
		 void (*fn)(void *, const json_t *, const char *), void *arg)
{
	static const char *const lists[] = { "initContainers", "containers",
					     "ephemeralContainers" };
	char path[FPATH_MAX];
	size_t i;
	json_t *ctr;

	for (size_t l = 0; l < KC_ARRAY_SIZE(lists); l++)
		json_array_foreach(jarr(spec, lists[l]), i, ctr) {
			snprintf(path, sizeof(path), "%sspec.%s[%zu]", base, lists[l], i);
			fn(arg, ctr, path);
		}
	return 0;
}

struct port_walk {
	struct warn_ctx *c;
	struct port_block *blocks;
	size_t n, cap;
};

/* %+v of an internal api.ContainerPort */
static void
port_go_string(const json_t *p, char *buf, size_t size)
{
	snprintf(buf, size,
		 "{Name:%s HostPort:%" PRId64 " ContainerPort:%" PRId64 " Protocol:%s HostIP:%s}",
		 jstr0(p, "name"), jint(p, "hostPort", 0), jint(p, "containerPort", 0),
		 jstr0(p, "protocol"), jstr0(p, "hostIP"));
}

static void
warn_ports(void *arg, const json_t *ctr, const char *path)
{
	struct port_walk *pw = arg;
	size_t i;
	json_t *p;

	json_array_foreach(jarr(ctr, "ports"), i, p) {
		const char *hip = jstr0(p, "hostIP"), *proto = jstr0(p, "protocol");
		int64_t hport = jint(p, "hostPort", 0), cport = jint(p, "containerPort", 0);
		char field[FPATH_MAX];

		fpath_child_index(field, path, "ports", i);
		if (hip[0] != '\0' && hport == 0) {
			char gs[FPATH_MAX];

			port_go_string(p, gs, sizeof(gs));
			kc_strv_pushf(pw->c->w, "%s: hostIP set without hostPort: %s", field, gs);
		}
		for (size_t k = 0; k < pw->n; k++) {
			const json_t *o = pw->blocks[k].port;
			const char *ohip = jstr0(o, "hostIP");
			int64_t ohport = jint(o, "hostPort", 0);
			int a = hip[0] == '\0', b = ohip[0] == '\0';

			if (jint(o, "containerPort", 0) != cport ||
			    strcmp(jstr0(o, "protocol"), proto) != 0)
				continue;
			if (strcmp(hip, ohip) == 0 && hport == ohport)
				kc_strv_pushf(pw->c->w, "%s: duplicate port definition with %s",
					      field, pw->blocks[k].field);
			else if (hport == 0 || ohport == 0)
				kc_strv_pushf(pw->c->w, "%s: overlapping port definition with %s",
					      field, pw->blocks[k].field);
			else if (hport == ohport && (a || b) && !(a && b))
				kc_strv_pushf(pw->c->w,
					      "%s: dangerously ambiguous port definition with %s",
					      field, pw->blocks[k].field);
		}
		if (pw->n == pw->cap) {
			size_t cap = pw->cap != 0 ? pw->cap * 2 : 8;
			struct port_block *nb = realloc(pw->blocks, cap * sizeof(*nb));

			if (nb == NULL)
				continue;
			pw->blocks = nb;
			pw->cap = cap;
		}
		snprintf(pw->blocks[pw->n].field, FPATH_MAX, "%s", field);
		pw->blocks[pw->n++].port = p;
	}
}

struct container_walk {
	struct warn_ctx *c;
	const json_t *annotations;
	int has_pod_apparmor;
};

static void
warn_container_cb(void *arg, const json_t *ctr, const char *path)
{
	struct container_walk *cw = arg;

	warn_container(cw->c, ctr, path, cw->annotations, cw->has_pod_apparmor);
}

/* Paths of the projected serviceAccountToken items the other sources must not reuse. */
static int
sa_token_path(const json_t *volumes, const char *path)
{
	size_t i, j;
	json_t *v, *src;

	json_array_foreach(volumes, i, v)
		json_array_foreach(jarr(jobj(v, "projected"), "sources"), j, src) {
			const json_t *t = jobj(src, "serviceAccountToken");

			if (t != NULL && strcmp(jstr0(t, "path"), path) == 0)
				return 1;
		}
	return 0;
}

static void
warn_projected(struct warn_ctx *c, const json_t *volumes)
{
	size_t i, j, k;
	json_t *v, *src, *item;
	int any = 0;

	json_array_foreach(volumes, i, v)
		json_array_foreach(jarr(jobj(v, "projected"), "sources"), j, src)
			if (json_is_object(jobj(src, "serviceAccountToken")))
				any = 1;
	if (!any)
		return;
	json_array_foreach(volumes, i, v)
		json_array_foreach(jarr(jobj(v, "projected"), "sources"), j, src) {
			json_array_foreach(jarr(jobj(src, "configMap"), "items"), k, item)
				if (sa_token_path(volumes, jstr0(item, "path")))
					kc_strv_pushf(
						c->w,
						"%sspec.volumes[%zu].projected.sources.configMap[%zu]: has duplicated path with ServiceAccountToken \"%s\"",
						c->base, i, k, jstr0(item, "path"));
			json_array_foreach(jarr(jobj(src, "secret"), "items"), k, item)
				if (sa_token_path(volumes, jstr0(item, "path")))
					kc_strv_pushf(
						c->w,
						"%sspec.volumes[%zu].projected.sources.secrets[%zu]: has duplicated path with ServiceAccountToken \"%s\"",
						c->base, i, k, jstr0(item, "path"));
			json_array_foreach(jarr(jobj(src, "downwardAPI"), "items"), k, item)
				if (sa_token_path(volumes, jstr0(item, "path")))
					kc_strv_pushf(
						c->w,
						"%sspec.volumes[%zu].projected.sources.downwardAPI[%zu]: has duplicated path with ServiceAccountToken \"%s\"",
						c->base, i, k, jstr0(item, "path"));
			if (jhas(src, "clusterTrustBundle") &&
			    sa_token_path(volumes, jstr0(jobj(src, "clusterTrustBundle"), "path")))
				kc_strv_pushf(
					c->w,
					"%sspec.volumes[%zu].projected.sources.ClusterTrustBundle: has duplicated path with ServiceAccountToken \"%s\"",
					c->base, i, jstr0(jobj(src, "clusterTrustBundle"), "path"));
		}
}

/* A value seen at an earlier index of list (by member key). */
static int
seen_before(const json_t *list, size_t i, const char *key)
{
	const char *v = jstr0(json_array_get(list, i), key);

	for (size_t j = 0; j < i; j++)
		if (strcmp(jstr0(json_array_get(list, j), key), v) == 0)
			return 1;
	return 0;
}

void
pod_template_warnings(const json_t *holder, const char *base, struct kc_strv *warnings)
{
	const json_t *spec = jobj(holder, "spec"), *meta = jobj(holder, "metadata");
	const json_t *annotations = jobj(meta, "annotations"), *na, *list;
	struct warn_ctx c = { warnings, base != NULL ? base : "" };
	char path[FPATH_MAX];
	const char *key, *msg;
	json_t *v;
	size_t i;

	if (!json_is_object(spec))
		return;
	json_object_foreach(jobj(spec, "nodeSelector"), key, v)
		if ((msg = node_label_deprecated(key)) != NULL)
			kc_strv_pushf(warnings, "%sspec.nodeSelector[%s]: %s", c.base, key, msg);
	na = jobj(jobj(spec, "affinity"), "nodeAffinity");
	json_array_foreach(jarr(jobj(na, "requiredDuringSchedulingIgnoredDuringExecution"),
				"nodeSelectorTerms"),
			   i, v) {
		snprintf(
			path, sizeof(path),
			"%sspec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[%zu]",
			c.base, i);
		warn_node_selector_term(&c, v, path);
	}
	json_array_foreach(jarr(na, "preferredDuringSchedulingIgnoredDuringExecution"), i, v) {
		snprintf(
			path, sizeof(path),
			"%sspec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[%zu].preference",
			c.base, i);
		warn_node_selector_term(&c, jobj(v, "preference"), path);
	}
	json_array_foreach(jarr(spec, "topologySpreadConstraints"), i, v) {
		if ((msg = node_label_deprecated(jstr0(v, "topologyKey"))) != NULL)
			kc_strv_pushf(warnings,
				      "%sspec.topologySpreadConstraints[%zu].topologyKey: %s is %s",
				      c.base, i, jstr0(v, "topologyKey"), msg);
		if (!json_is_object(jobj(v, "labelSelector")))
			kc_strv_pushf(
				warnings,
				"%sspec.topologySpreadConstraints[%zu].labelSelector: a null labelSelector results in matching no pod",
				c.base, i);
	}
	for (i = 0; i < KC_ARRAY_SIZE(deprecated_pod_annotations); i++)
		if (json_object_get(annotations, deprecated_pod_annotations[i].key) != NULL)
			kc_strv_pushf(warnings, "%smetadata.annotations[%s]: %s", c.base,
				      deprecated_pod_annotations[i].key,
				      deprecated_pod_annotations[i].msg);
	json_array_foreach(jarr(spec, "volumes"), i, v) {
		for (size_t k = 0; k < KC_ARRAY_SIZE(deprecated_volumes); k++) {
			/* the ephemeral claim's warnings come between glusterfs and cephfs */
			if (strcmp(deprecated_volumes[k].source, "cephfs") == 0 &&
			    json_is_object(jobj(jobj(v, "ephemeral"), "volumeClaimTemplate"))) {
				snprintf(path, sizeof(path),
					 "%sspec.volumes[%zu].ephemeral.volumeClaimTemplate.spec",
					 c.base, i);
				pvc_spec_warnings(
					jobj(jobj(jobj(v, "ephemeral"), "volumeClaimTemplate"),
					     "spec"),
					path, warnings);
			}
			if (json_is_object(jobj(v, deprecated_volumes[k].source)))
				kc_strv_pushf(warnings, "%sspec.volumes[%zu].%s: %s", c.base, i,
					      volume_field_name(deprecated_volumes[k].source),
					      deprecated_volumes[k].msg);
		}
	}
	warn_projected(&c, jarr(spec, "volumes"));
	list = jarr(spec, "hostAliases");
	for (i = 1; i < json_array_size(list); i++)
		if (seen_before(list, i, "ip"))
			kc_strv_pushf(warnings, "%sspec.hostAliases[%zu].ip: duplicate ip \"%s\"",
				      c.base, i, jstr0(json_array_get(list, i), "ip"));
	list = jarr(spec, "imagePullSecrets");
	for (i = 1; i < json_array_size(list); i++)
		if (seen_before(list, i, "name"))
			kc_strv_pushf(warnings,
				      "%sspec.imagePullSecrets[%zu].name: duplicate name \"%s\"",
				      c.base, i, jstr0(json_array_get(list, i), "name"));
	json_array_foreach(list, i, v)
		if (jstr0(v, "name")[0] == '\0')
			kc_strv_pushf(warnings,
				      "%sspec.imagePullSecrets[%zu].name: invalid empty name \"\"",
				      c.base, i);
	snprintf(path, sizeof(path), "%sspec.overhead", c.base);
	warn_fractional(&c, jobj(spec, "overhead"), path);
	if (!json_is_object(jobj(jobj(spec, "securityContext"), "seccompProfile")) &&
	    json_object_get(annotations, "seccomp.security.alpha.kubernetes.io/pod") != NULL)
		kc_strv_pushf(
			warnings,
			"%smetadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the \"seccompProfile\" field instead",
			c.base);
	{
		struct container_walk cw = { &c, annotations,
					     json_is_object(jobj(jobj(spec, "securityContext"),
								 "appArmorProfile")) };
		struct port_walk pw = { &c, NULL, 0, 0 };

		visit_containers(spec, c.base, warn_container_cb, &cw);
		visit_containers(spec, c.base, warn_ports, &pw);
		free(pw.blocks);
	}
	if (jhas(spec, "terminationGracePeriodSeconds") &&
	    jint(spec, "terminationGracePeriodSeconds", 0) < 0)
		kc_strv_pushf(
			warnings,
			"%sspec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
			c.base);
	warn_affinity_terms(&c, jobj(jobj(spec, "affinity"), "podAffinity"), "podAffinity");
	warn_affinity_terms(&c, jobj(jobj(spec, "affinity"), "podAntiAffinity"), "podAntiAffinity");
}

void
pvc_spec_warnings(const json_t *spec, const char *path, struct kc_strv *warnings)
{
	static const char *const lists[] = { "requests", "limits" };

	for (size_t i = 0; i < KC_ARRAY_SIZE(lists); i++) {
		const json_t *v =
			json_object_get(jobj(jobj(spec, "resources"), lists[i]), "storage");
		struct kc_quantity q;
		char buf[64];

		if (v == NULL || kc_quantity_from_json(v, &q, NULL) < 0 ||
		    kc_quantity_milli_value(&q) % 1000 == 0)
			continue;
		kc_strv_pushf(
			warnings,
			"%s.resources.%s[storage]: fractional byte value \"%s\" is invalid, must be an integer",
			path, lists[i], kc_quantity_format(&q, buf, sizeof(buf)));
	}
}

void
workload_name_warning(const json_t *obj, struct kc_strv *warnings)
{
	const char *name = jstr0(jobj(obj, "metadata"), "name");
	struct kc_strv msgs = KC_STRV_INIT;

	if (kc_validation_is_dns1123_label(name, &msgs) > 0) {
		KC_AUTOFREE char *joined = kc_strv_join(&msgs, " ");

		kc_strv_pushf(
			warnings,
			"metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [%s]",
			joined != NULL ? joined : "");
	}
	kc_strv_release(&msgs);
}

void
workload_template_warnings(const json_t *obj, const char *template_path, struct kc_strv *warnings)
{
	char base[FPATH_MAX];

	snprintf(base, sizeof(base), "%s.", template_path);
	pod_template_warnings(kc_json_get_path(obj, template_path), base, warnings);
}

void
workload_warnings(const json_t *obj, const char *template_path, struct kc_strv *warnings)
{
	workload_name_warning(obj, warnings);
	workload_template_warnings(obj, template_path, warnings);
}

void
workload_warnings_on_create(const json_t *obj, struct kc_strv *warnings)
{
	workload_warnings(obj, "spec.template", warnings);
}
