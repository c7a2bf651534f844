/*
 * podtemplate.c - defaulting of PodSpec and PodTemplateSpec, the one function every workload
 * (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController,
 * PodTemplate) and Pod itself use, so a template defaults the same wherever it appears
 * (upstream: pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Container,
 * SetDefaults_Probe, SetDefaults_Volume and friends, zz_generated.defaults.go for what nests
 * where, pkg/kubelet/util/parsers ParseImageName for imagePullPolicy), plus the PodTemplate
 * resource's strategy (pkg/registry/core/podtemplate/strategy.go).
 *
 * Defaulting also writes what Go's typed round trip always prints for non-pointer structs
 * (container "resources": {}, a template's "metadata": {"creationTimestamp": null}, a
 * resourceFieldRef "divisor": "0"), and resource quantities in canonical form rounded up to
 * milli scale (SetDefaults_ResourceList), so stored objects look like upstream's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/quantity.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define CHECK(x)                   \
	do {                       \
		int r_ = (x);      \
		if (r_ < 0)        \
			return r_; \
	} while (0)

/* ---- image references (distribution/reference, as ParseImageName uses it) --------------- */

static int
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A path component: [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)* */
static int
valid_path_component(const char *s, size_t len)
{
	size_t i = 0;

	if (len == 0 || !is_lower_alnum(s[0]))
		return 0;
	while (i < len) {
		while (i < len && is_lower_alnum(s[i]))
			i++;
		if (i == len)
			return 1;
		if (s[i] == '.' || s[i] == '_') {
			if (s[i] == '_' && i + 1 < len && s[i + 1] == '_')
				i++;
			i++;
		} else if (s[i] == '-') {
			while (i < len && s[i] == '-')
				i++;
		} else {
			return 0;
		}
		if (i == len || !is_lower_alnum(s[i]))
			return 0;
	}
	return 1;
}

/* A registry host: the first component when it has '.', ':' or is "localhost" (or has
 * upper-case letters, which a path component cannot). */
static int
looks_like_domain(const char *s, size_t len)
{
	if (len == 9 && strncmp(s, "localhost", 9) == 0)
		return 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '.' || s[i] == ':' || (s[i] >= 'A' && s[i] <= 'Z'))
			return 1;
	return 0;
}

static int
valid_domain(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return 0;
	}
	return len > 0;
}

static int
valid_tag(const char *s, size_t len)
{
	if (len == 0 || len > 128)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '_';

		if (!word && (i == 0 || (c != '.' && c != '-')))
			return 0;
	}
	return 1;
}

/*
 * ParseImageName's tag: "latest" when neither tag nor digest is given, the tag when given, ""
 * with only a digest or when the reference does not parse (then upstream defaults to
 * IfNotPresent too).
 */
static int
image_tag(const char *image, char *tag, size_t size)
{
	const char *at = strchr(image, '@');
	size_t len = at != NULL ? (size_t)(at - image) : strlen(image);
	const char *slash, *colon, *name = image;
	size_t name_len;

	tag[0] = '\0';
	if (len == 0 || (at != NULL && strchr(at + 1, ':') == NULL))
		return -1;
	slash = memchr(image, '/', len);
	colon = NULL;
	for (size_t i = len; i > 0; i--) {
		if (image[i - 1] == '/')
			break;
		if (image[i - 1] == ':') {
			colon = image + i - 1;
			break;
		}
	}
	name_len = colon != NULL ? (size_t)(colon - image) : len;
	if (slash != NULL && looks_like_domain(image, (size_t)(slash - image))) {
		if (!valid_domain(image, (size_t)(slash - image)))
			return -1;
		name = slash + 1;
		name_len -= (size_t)(name - image);
	}
	for (size_t i = 0, start = 0; i <= name_len; i++)
		if (i == name_len || name[i] == '/') {
			if (!valid_path_component(name + start, i - start))
				return -1;
			start = i + 1;
		}
	if (colon != NULL) {
		size_t tlen = len - (size_t)(colon - image) - 1;

		if (!valid_tag(colon + 1, tlen) || tlen >= size)
			return -1;
		memcpy(tag, colon + 1, tlen);
		tag[tlen] = '\0';
	} else if (at == NULL) {
		snprintf(tag, size, "latest");
	}
	return 0;
}

/* ---- quantities ------------------------------------------------------------------------- */

/* SetDefaults_ResourceList: each value rounded up to milli scale, in canonical form. */
static int
resource_list_defaults(json_t *list)
{
	const char *key;
	json_t *v;

	json_object_foreach(list, key, v) {
		struct kc_quantity q;
		char buf[KC_QUANTITY_BUFSZ];

		if (!json_is_string(v) && !json_is_number(v))
			continue;
		if (kc_quantity_from_json(v, &q, NULL) < 0)
			continue; /* not a quantity: decoding rejects it */
		if (!kc_quantity_round_up(&q, KC_QUANTITY_MILLI) || !json_is_string(v))
			kc_quantity_format(&q, buf, sizeof(buf));
		else if (kc_quantity_normalize(json_string_value(v), buf, sizeof(buf), NULL) < 0)
			continue;
		if (json_is_string(v) && strcmp(buf, json_string_value(v)) == 0)
			continue;
		if (json_object_set_new(list, key, json_string(buf)) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static int
resources_defaults(json_t *resources)
{
	json_t *l;

	if ((l = jobj(resources, "limits")) != NULL)
		CHECK(resource_list_defaults(l));
	if ((l = jobj(resources, "requests")) != NULL)
		CHECK(resource_list_defaults(l));
	return 0;
}

/* ---- containers ----------------------------------------------------------------------------- */

/* SetDefaults_HTTPGetAction */
static int
http_get_defaults(json_t *http)
{
	if (http == NULL)
		return 0;
	CHECK(strategy_default_str(http, "path", "/"));
	return strategy_default_str(http, "scheme", "HTTP");
}

/* The +default="" of GRPCAction.service. */
static int
grpc_defaults(json_t *grpc)
{
	return grpc == NULL ? 0 : strategy_default_ptr_str(grpc, "service", "");
}

/* SetDefaults_Probe */
static int
probe_defaults(json_t *probe)
{
	if (probe == NULL)
		return 0;
	if (jint(probe, "timeoutSeconds", 0) == 0)
		CHECK(strategy_set_int(probe, "timeoutSeconds", 1));
	if (jint(probe, "periodSeconds", 0) == 0)
		CHECK(strategy_set_int(probe, "periodSeconds", 10));
	if (jint(probe, "successThreshold", 0) == 0)
		CHECK(strategy_set_int(probe, "successThreshold", 1));
	if (jint(probe, "failureThreshold", 0) == 0)
		CHECK(strategy_set_int(probe, "failureThreshold", 3));
	CHECK(http_get_defaults(jobj(probe, "httpGet")));
	return grpc_defaults(jobj(probe, "grpc"));
}

static int
lifecycle_defaults(json_t *lifecycle)
{
	CHECK(http_get_defaults(jobj(jobj(lifecycle, "postStart"), "httpGet")));
	return http_get_defaults(jobj(jobj(lifecycle, "preStop"), "httpGet"));
}

/* SetDefaults_ObjectFieldSelector, and the "0" a zero Quantity divisor prints as. */
static int
field_refs_defaults(json_t *holder)
{
	json_t *ref;

	if ((ref = jobj(holder, "fieldRef")) != NULL)
		CHECK(strategy_default_str(ref, "apiVersion", "v1"));
	if ((ref = jobj(holder, "resourceFieldRef")) != NULL && !jhas(ref, "divisor"))
		CHECK(strategy_set_str(ref, "divisor", "0"));
	return 0;
}

/* SetDefaults_Container (+ ContainerPort, probes, lifecycle, env). */
static int
container_defaults(json_t *c)
{
	size_t i;
	json_t *v;

	if (!json_is_object(c))
		return 0;
	if (jstr0(c, "imagePullPolicy")[0] == '\0') {
		char tag[160];

		image_tag(jstr0(c, "image"), tag, sizeof(tag));
		CHECK(strategy_set_str(c, "imagePullPolicy",
				       strcmp(tag, "latest") == 0 ? "Always" : "IfNotPresent"));
	}
	CHECK(strategy_default_str(c, "terminationMessagePath", "/dev/termination-log"));
	CHECK(strategy_default_str(c, "terminationMessagePolicy", "File"));
	json_array_foreach(jarr(c, "ports"), i, v)
		if (json_is_object(v))
			CHECK(strategy_default_str(v, "protocol", "TCP"));
	json_array_foreach(jarr(c, "env"), i, v)
		CHECK(field_refs_defaults(jobj(v, "valueFrom")));
	CHECK(probe_defaults(jobj(c, "livenessProbe")));
	CHECK(probe_defaults(jobj(c, "readinessProbe")));
	CHECK(probe_defaults(jobj(c, "startupProbe")));
	CHECK(lifecycle_defaults(jobj(c, "lifecycle")));
	v = strategy_ensure_object(c, "resources");
	if (v == NULL)
		return jhas(c, "resources") ? 0 : KC_ERR_NOMEM;
	return resources_defaults(v);
}

static int
containers_defaults(json_t *list)
{
	size_t i;
	json_t *c;

	json_array_foreach(list, i, c)
		CHECK(container_defaults(c));
	return 0;
}

/* ---- volumes ------------------------------------------------------------------------------- */

static const char *const volume_sources[] = {
	"hostPath",
	"emptyDir",
	"gcePersistentDisk",
	"awsElasticBlockStore",
	"gitRepo",
	"secret",
	"nfs",
	"iscsi",
	"glusterfs",
	"persistentVolumeClaim",
	"rbd",
	"flexVolume",
	"cinder",
	"cephfs",
	"flocker",
	"downwardAPI",
	"fc",
	"azureFile",
	"configMap",
	"vsphereVolume",
	"quobyte",
	"azureDisk",
	"photonPersistentDisk",
	"projected",
	"portworxVolume",
	"scaleIO",
	"storageos",
	"csi",
	"ephemeral",
	"image",
	NULL,
};

static int
downward_items_defaults(json_t *items)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it)
		CHECK(field_refs_defaults(it));
	return 0;
}

static int
projected_defaults(json_t *p)
{
	size_t i;
	json_t *src;

	CHECK(strategy_default_int(p, "defaultMode", 0644));
	json_array_foreach(jarr(p, "sources"), i, src) {
		json_t *tok = jobj(src, "serviceAccountToken");

		CHECK(downward_items_defaults(jarr(jobj(src, "downwardAPI"), "items")));
		if (tok != NULL)
			CHECK(strategy_default_int(tok, "expirationSeconds", 3600));
	}
	return 0;
}

/* SetDefaults_PersistentVolumeClaimSpec */
static int
pvc_spec_defaults(json_t *spec)
{
	if (spec == NULL)
		return 0;
	CHECK(strategy_default_ptr_str(spec, "volumeMode", "Filesystem"));
	return resources_defaults(jobj(spec, "resources"));
}

int
pvc_defaults_object(json_t *pvc)
{
	json_t *status = strategy_ensure_object(pvc, "status");

	if (status != NULL)
		CHECK(strategy_default_str(status, "phase", "Pending"));
	return pvc_spec_defaults(jobj(pvc, "spec"));
}

/* An embedded ObjectMeta prints creationTimestamp: null (metav1.Time is a struct). */
int
template_meta_defaults(json_t *holder)
{
	json_t *meta = strategy_ensure_object(holder, "metadata");

	if (meta == NULL)
		return jhas(holder, "metadata") ? 0 : KC_ERR_NOMEM;
	if (json_object_get(meta, "creationTimestamp") == NULL &&
	    json_object_set_new(meta, "creationTimestamp", json_null()) < 0)
		return KC_ERR_NOMEM;
	return 0;
}

int
volume_source_defaults(json_t *vol, int pod_volume)
{
	json_t *src;
	int any = 0;

	if (!json_is_object(vol))
		return 0;
	for (size_t i = 0; volume_sources[i] != NULL; i++)
		any |= jhas(vol, volume_sources[i]);
	/* SetDefaults_Volume: a pod volume without a source is an emptyDir */
	if (pod_volume && !any && json_object_set_new(vol, "emptyDir", json_object()) < 0)
		return KC_ERR_NOMEM;
	if ((src = jobj(vol, "secret")) != NULL)
		CHECK(strategy_default_int(src, "defaultMode", 0644));
	if ((src = jobj(vol, "configMap")) != NULL)
		CHECK(strategy_default_int(src, "defaultMode", 0644));
	if ((src = jobj(vol, "downwardAPI")) != NULL) {
		CHECK(strategy_default_int(src, "defaultMode", 0644));
		CHECK(downward_items_defaults(jarr(src, "items")));
	}
	if ((src = jobj(vol, "projected")) != NULL)
		CHECK(projected_defaults(src));
	if ((src = jobj(vol, "hostPath")) != NULL)
		CHECK(strategy_default_ptr_str(src, "type", ""));
	if ((src = jobj(vol, "iscsi")) != NULL)
		CHECK(strategy_default_str(src, "iscsiInterface", "default"));
	if ((src = jobj(vol, "rbd")) != NULL) {
		CHECK(strategy_default_str(src, "pool", "rbd"));
		CHECK(strategy_default_str(src, "user", "admin"));
		CHECK(strategy_default_str(src, "keyring", "/etc/ceph/keyring"));
	}
	if ((src = jobj(vol, "azureDisk")) != NULL) {
		CHECK(strategy_default_ptr_str(src, "cachingMode", "ReadWrite"));
		CHECK(strategy_default_ptr_str(src, "fsType", "ext4"));
		CHECK(strategy_default_bool(src, "readOnly", 0));
		CHECK(strategy_default_ptr_str(src, "kind", "Shared"));
	}
	if ((src = jobj(vol, "scaleIO")) != NULL) {
		CHECK(strategy_default_str(src, "storageMode", "ThinProvisioned"));
		CHECK(strategy_default_str(src, "fsType", "xfs"));
	}
	if ((src = jobj(jobj(vol, "ephemeral"), "volumeClaimTemplate")) != NULL) {
		CHECK(template_meta_defaults(src));
		CHECK(pvc_spec_defaults(jobj(src, "spec")));
	}
	return 0;
}

/*
 * v1's deprecated serviceAccount mirrors serviceAccountName (Convert_v1_PodSpec_To_core_PodSpec
 * takes it when serviceAccountName is empty; the way back always writes it).
 */
static int
service_account_mirror(json_t *spec)
{
	const char *dep = jstr0(spec, "serviceAccount");

	if (jstr0(spec, "serviceAccountName")[0] == '\0' && dep[0] != '\0')
		CHECK(strategy_set_str(spec, "serviceAccountName", dep));
	if (jstr0(spec, "serviceAccountName")[0] == '\0') {
		json_object_del(spec, "serviceAccount");
		return 0;
	}
	return strategy_set_str(spec, "serviceAccount", jstr0(spec, "serviceAccountName"));
}

/* ---- PodSpec / PodTemplateSpec -------------------------------------------------------------- */

int
podspec_defaults(json_t *spec)
{
	size_t i;
	json_t *v;

	if (!json_is_object(spec))
		return 0;
	CHECK(strategy_default_str(spec, "dnsPolicy", "ClusterFirst"));
	CHECK(strategy_default_str(spec, "restartPolicy", "Always"));
	if (!jhas(spec, "securityContext") &&
	    json_object_set_new(spec, "securityContext", json_object()) < 0)
		return KC_ERR_NOMEM;
	CHECK(strategy_default_int(spec, "terminationGracePeriodSeconds", 30));
	CHECK(strategy_default_str(spec, "schedulerName", "default-scheduler"));
	CHECK(service_account_mirror(spec));
	CHECK(containers_defaults(jarr(spec, "initContainers")));
	CHECK(containers_defaults(jarr(spec, "containers")));
	CHECK(containers_defaults(jarr(spec, "ephemeralContainers")));
	json_array_foreach(jarr(spec, "volumes"), i, v)
		CHECK(volume_source_defaults(v, 1));
	if ((v = jobj(spec, "overhead")) != NULL)
		CHECK(resource_list_defaults(v));
	return 0;
}

/* Requests default to limits on pods only (not templates). */
static int
requests_from_limits(json_t *containers)
{
	size_t i;
	json_t *c;

	json_array_foreach(containers, i, c) {
		json_t *res = jobj(c, "resources"), *limits = jobj(res, "limits"), *requests, *q;
		const char *key;

		if (limits == NULL)
			continue;
		requests = strategy_ensure_object(res, "requests");
		if (requests == NULL)
			return KC_ERR_NOMEM;
		json_object_foreach(limits, key, q)
			if (json_object_get(requests, key) == NULL &&
			    json_object_set_new(requests, key, json_deep_copy(q)) < 0)
				return KC_ERR_NOMEM;
	}
	return 0;
}

/* defaultHostNetworkPorts: hostPort = containerPort where unset. */
static int
host_network_ports(json_t *containers)
{
	size_t i, j;
	json_t *c, *p;

	json_array_foreach(containers, i, c)
		json_array_foreach(jarr(c, "ports"), j, p)
			if (json_is_object(p) && jint(p, "hostPort", 0) == 0)
				CHECK(strategy_set_int(p, "hostPort", jint(p, "containerPort", 0)));
	return 0;
}

int
podspec_pod_only_defaults(json_t *spec)
{
	if (!json_is_object(spec))
		return 0;
	CHECK(requests_from_limits(jarr(spec, "containers")));
	CHECK(requests_from_limits(jarr(spec, "initContainers")));
	CHECK(strategy_default_bool(spec, "enableServiceLinks", 1));
	if (jbool(spec, "hostNetwork")) {
		CHECK(host_network_ports(jarr(spec, "containers")));
		CHECK(host_network_ports(jarr(spec, "initContainers")));
	}
	return 0;
}

int
podtemplate_defaults(json_t *template)
{
	json_t *spec;

	if (!json_is_object(template))
		return 0;
	CHECK(template_meta_defaults(template));
	spec = strategy_ensure_object(template, "spec");
	if (spec == NULL)
		return jhas(template, "spec") ? 0 : KC_ERR_NOMEM;
	return podspec_defaults(spec);
}

/* ---- the PodTemplate resource ----------------------------------------------------------- */

static int
podtemplate_resource_defaults(json_t *obj)
{
	json_t *t = strategy_ensure_object(obj, "template");

	if (t == NULL)
		return jhas(obj, "template") ? 0 : KC_ERR_NOMEM;
	return podtemplate_defaults(t);
}

static int
podtemplate_prepare_for_update(json_t *obj, const json_t *old)
{
	if (strategy_key_equal(obj, old, "template"))
		return 0;
	return strategy_set_int(jobj(obj, "metadata"), "generation",
				jint(jobj(old, "metadata"), "generation", 0) + 1);
}

static void
podtemplate_validate_resource(const struct api_resource *res, const json_t *obj,
			      struct field_errors *errs)
{
	strategy_validate_object_meta(obj, 1, NAME_DNS1123_SUBDOMAIN, errs);
	podtemplate_validate(jobj(obj, "template"), "template", errs);
}

static void
podtemplate_validate_update(const struct api_resource *res, const json_t *obj, const json_t *old,
			    struct field_errors *errs)
{
	strategy_validate_object_meta_update(obj, old, errs);
	podtemplate_validate(jobj(obj, "template"), "template", errs);
}

static void
podtemplate_warnings_on_create(const json_t *obj, struct kc_strv *warnings)
{
	pod_template_warnings(jobj(obj, "template"), "template.", warnings);
}

const struct api_strategy strategy_podtemplates = {
	.kind = "PodTemplate",
	.flags = STRATEGY_GENERATION,
	.defaults = podtemplate_resource_defaults,
	.prepare_for_update = podtemplate_prepare_for_update,
	.validate = podtemplate_validate_resource,
	.warnings_on_create = podtemplate_warnings_on_create,
	.validate_update = podtemplate_validate_update,
};
