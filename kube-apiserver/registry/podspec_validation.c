/*
 * podspec_validation.c - validation of PodSpec and PodTemplateSpec, shared by pods and every
 * workload template (upstream: pkg/apis/core/validation/validation.go ValidatePodSpec,
 * validateContainers, validateInitContainers, ValidateVolumes, ValidateEnv, ValidateEnvFrom,
 * ValidateVolumeMounts, validateProbe, validateHandler, validateContainerPorts,
 * validateResourceRequirements, validatePodSpecSecurityContext, ValidateSecurityContext,
 * validateAffinity, ValidateTolerations, validatePodDNSConfig, validateTopologySpreadConstraints,
 * ValidatePodTemplateSpec).  Paths and messages are upstream's; values that upstream prints
 * with Go's %#v of internal structs are printed as JSON.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/quantity.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define FILE_MODE_MSG    "must be a number between 0 and 0777 (octal), both inclusive"
#define NOT_POSITIVE_MSG "must be greater than zero"
#define MAX_INT32        2147483647

/* --allow-privileged: upstream's default is false; kubeadm sets it true. */
static int allow_privileged;

void
podspec_set_allow_privileged(int allow)
{
	allow_privileged = allow;
}

static int
in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* Required when "", NotSupported when not one of valid. */
static void
validate_enum(struct field_errors *errs, const char *path, const char *value,
	      const char *const *valid)
{
	if (value == NULL || value[0] == '\0')
		field_errors_required(errs, path, "");
	else if (!in_list(value, valid))
		field_errors_not_supported(errs, path, value, valid);
}

static void
validate_file_mode(struct field_errors *errs, const char *path, const json_t *holder,
		   const char *key)
{
	int64_t mode = jint(holder, key, 0);

	if (jhas(holder, key) && (mode > 0777 || mode < 0))
		field_errors_invalid_int(errs, path, mode, FILE_MODE_MSG);
}

/* ---- paths on disk ------------------------------------------------------------------------- */

static void
validate_no_backsteps(struct field_errors *errs, const char *path, const char *target)
{
	const char *p = target;

	while (p != NULL) {
		const char *slash = strpbrk(p, "/\\");
		size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (len == 2 && p[0] == '.' && p[1] == '.') {
			field_errors_invalid(errs, path, target, "must not contain '..'");
			return;
		}
		p = slash != NULL ? slash + 1 : NULL;
	}
}

static void
validate_local_descending_path(struct field_errors *errs, const char *path, const char *target)
{
	if (target[0] == '/')
		field_errors_invalid(errs, path, target, "must be a relative path");
	validate_no_backsteps(errs, path, target);
}

static void
validate_local_non_reserved_path(struct field_errors *errs, const char *path, const char *target)
{
	validate_local_descending_path(errs, path, target);
	if (strncmp(target, "..", 2) == 0 && strncmp(target, "../", 3) != 0)
		field_errors_invalid(errs, path, target, "must not start with '..'");
}

/* ---- resources ------------------------------------------------------------------------------ */

static int
is_hugepages(const char *name)
{
	return strncmp(name, "hugepages-", 10) == 0;
}

static int
is_native_resource(const char *name)
{
	return strchr(name, '/') == NULL || strstr(name, "kubernetes.io/") != NULL;
}

static int
is_standard_container_resource(const char *name)
{
	return streq(name, "cpu") || streq(name, "memory") || streq(name, "ephemeral-storage") ||
	       is_hugepages(name);
}

static int
is_standard_resource(const char *name)
{
	static const char *const std[] = {
		"cpu",
		"memory",
		"ephemeral-storage",
		"requests.cpu",
		"requests.memory",
		"requests.ephemeral-storage",
		"limits.cpu",
		"limits.memory",
		"limits.ephemeral-storage",
		"pods",
		"services",
		"replicationcontrollers",
		"resourcequotas",
		"secrets",
		"persistentvolumeclaims",
		"configmaps",
		"services.nodeports",
		"services.loadbalancers",
		"storage",
		"requests.storage",
		NULL,
	};

	return in_list(name, std) || is_hugepages(name) ||
	       strncmp(name, "requests.hugepages-", 19) == 0 ||
	       strncmp(name, "limits.hugepages-", 17) == 0;
}

static int
is_extended_resource(const char *name)
{
	KC_AUTOFREE char *req = NULL;

	if (is_native_resource(name) || strncmp(name, "requests.", 9) == 0)
		return 0;
	if (asprintf(&req, "requests.%s", name) < 0)
		return 0;
	return kc_validation_is_qualified_name(req, NULL) == 0;
}

static int
is_integer_resource(const char *name)
{
	static const char *const ints[] = {
		"pods",
		"services",
		"replicationcontrollers",
		"resourcequotas",
		"secrets",
		"configmaps",
		"persistentvolumeclaims",
		"services.nodeports",
		"services.loadbalancers",
		NULL,
	};

	return in_list(name, ints) || strncmp(name, "count/", 6) == 0 || is_extended_resource(name);
}

static int
is_overcommit_allowed(const char *name)
{
	return is_native_resource(name) && !is_hugepages(name);
}

/* validateResourceName */
void
strategy_validate_resource_name(struct field_errors *errs, const char *path, const char *name)
{
	size_t before = errs->n;

	strategy_validate_qualified_name(errs, path, name);
	if (errs->n != before)
		return;
	if (strchr(name, '/') == NULL && !is_standard_resource(name))
		field_errors_invalid(errs, path, name,
				     "must be a standard resource type or fully qualified");
}

/* validateContainerResourceName */
static void
validate_container_resource_name(struct field_errors *errs, const char *path, const char *name)
{
	size_t before = errs->n;

	strategy_validate_resource_name(errs, path, name);
	if (strchr(name, '/') == NULL) {
		if (!is_standard_container_resource(name))
			field_errors_invalid(errs, path, name,
					     "must be a standard resource for containers");
	} else if (!is_native_resource(name) && !is_extended_resource(name)) {
		field_errors_invalid(errs, path, name,
				     "doesn't follow extended resource name standard");
	}
	(void)before;
}

static int
parse_quantity(const json_t *v, struct kc_quantity *q)
{
	return json_is_string(v) || json_is_number(v) ? kc_quantity_from_json(v, q, NULL) : -1;
}

void
strategy_validate_resource_quantity(struct field_errors *errs, const char *path,
				    const char *resource, const json_t *value)
{
	struct kc_quantity q;
	char buf[KC_QUANTITY_BUFSZ];

	if (parse_quantity(value, &q) < 0)
		return; /* decoding rejects what is not a quantity */
	kc_quantity_format(&q, buf, sizeof(buf));
	if (kc_quantity_sign(&q) < 0)
		field_errors_invalid(errs, path, buf, "must be greater than or equal to 0");
	if (is_integer_resource(resource) && kc_quantity_milli_value(&q) % 1000 != 0)
		field_errors_invalid(errs, path, buf, "must be an integer");
}

/* validateResourceRequirements with validateContainerResourceName */
static void
validate_resource_requirements(const json_t *res, const char *path, struct field_errors *errs)
{
	const json_t *limits = jobj(res, "limits"), *requests = jobj(res, "requests");
	char lim_path[FPATH_MAX], req_path[FPATH_MAX], p[FPATH_MAX];
	int lim_cpu_mem = 0, req_cpu_mem = 0, huge = 0;
	const char *key;
	json_t *v;

	fpath_child(lim_path, path, "limits");
	fpath_child(req_path, path, "requests");
	json_object_foreach((json_t *)limits, key, v) {
		fpath_key(p, lim_path, key);
		validate_container_resource_name(errs, p, key);
		strategy_validate_resource_quantity(errs, p, key, v);
		huge |= is_hugepages(key);
		lim_cpu_mem |= streq(key, "cpu") || streq(key, "memory");
	}
	json_object_foreach((json_t *)requests, key, v) {
		json_t *limit = json_object_get(limits, key);
		struct kc_quantity q, l;
		char qs[KC_QUANTITY_BUFSZ], ls[KC_QUANTITY_BUFSZ], detail[256];

		fpath_key(p, req_path, key);
		validate_container_resource_name(errs, p, key);
		strategy_validate_resource_quantity(errs, p, key, v);
		if (limit != NULL && parse_quantity(v, &q) == 0 && parse_quantity(limit, &l) == 0) {
			kc_quantity_format(&q, qs, sizeof(qs));
			kc_quantity_format(&l, ls, sizeof(ls));
			if (kc_quantity_cmp(&q, &l) != 0 && !is_overcommit_allowed(key)) {
				snprintf(detail, sizeof(detail), "must be equal to %s limit of %s",
					 key, ls);
				field_errors_invalid(errs, req_path, qs, detail);
			} else if (kc_quantity_cmp(&q, &l) > 0) {
				snprintf(detail, sizeof(detail),
					 "must be less than or equal to %s limit of %s", key, ls);
				field_errors_invalid(errs, req_path, qs, detail);
			}
		} else if (limit == NULL && !is_overcommit_allowed(key)) {
			field_errors_required(errs, lim_path,
					      "Limit must be set for non overcommitable resources");
		}
		huge |= is_hugepages(key);
		req_cpu_mem |= streq(key, "cpu") || streq(key, "memory");
	}
	if (!lim_cpu_mem && !req_cpu_mem && huge)
		field_errors_forbidden(errs, path, "HugePages require cpu or memory");
}

/* ---- env ------------------------------------------------------------------------------------- */

static const char *const env_field_paths[] = {
	"metadata.name",
	"metadata.namespace",
	"metadata.uid",
	"spec.nodeName",
	"spec.serviceAccountName",
	"status.hostIP",
	"status.hostIPs",
	"status.podIP",
	"status.podIPs",
	NULL,
};
static const char *const volume_field_paths[] = {
	"metadata.annotations", "metadata.labels", "metadata.name",
	"metadata.namespace",   "metadata.uid",    NULL,
};
static const char *const convertible_field_labels[] = {
	"metadata.annotations", "metadata.labels", "metadata.name",      "metadata.namespace",
	"metadata.uid",         "spec.nodeName",   "spec.restartPolicy", "spec.serviceAccountName",
	"spec.schedulerName",   "status.phase",    "status.hostIP",      "status.hostIPs",
	"status.podIP",         "status.podIPs",   "spec.host",          NULL,
};
static const char *const resource_field_paths[] = {
	"limits.cpu",   "limits.ephemeral-storage",   "limits.memory",
	"requests.cpu", "requests.ephemeral-storage", "requests.memory",
	NULL,
};

/* fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['x']" -> path and subscript. */
static int
split_subscript(const char *fp, char *path, char *sub, size_t size)
{
	const char *open = strstr(fp, "['");
	size_t len = strlen(fp);

	if (open == NULL || len < 4 || strcmp(fp + len - 2, "']") != 0)
		return 0;
	snprintf(path, size, "%.*s", (int)(open - fp), fp);
	snprintf(sub, size, "%.*s", (int)(len - 2 - (size_t)(open - fp) - 2), open + 2);
	return 1;
}

static void
validate_object_field_selector(const json_t *fs, const char *const *valid, const char *path,
			       struct field_errors *errs)
{
	const char *fp = jstr0(fs, "fieldPath");
	char p[FPATH_MAX], sp[256], sub[256], detail[512];

	if (jstr0(fs, "apiVersion")[0] == '\0') {
		field_errors_required(errs, fpath_child(p, path, "apiVersion"), "");
		return;
	}
	if (fp[0] == '\0') {
		field_errors_required(errs, fpath_child(p, path, "fieldPath"), "");
		return;
	}
	if (!streq(jstr0(fs, "apiVersion"), "v1")) {
		snprintf(detail, sizeof(detail),
			 "error converting fieldPath: unsupported pod version: %s",
			 jstr0(fs, "apiVersion"));
		field_errors_invalid(errs, fpath_child(p, path, "fieldPath"), fp, detail);
		return;
	}
	if (split_subscript(fp, sp, sub, sizeof(sp))) {
		if (streq(sp, "metadata.annotations") || streq(sp, "metadata.labels")) {
			KC_AUTOFREE char *lower = strdup(sub);

			for (char *c = lower; c != NULL && *c; c++)
				if (*c >= 'A' && *c <= 'Z' && streq(sp, "metadata.annotations"))
					*c = (char)(*c - 'A' + 'a');
			strategy_validate_qualified_name(errs, path, lower != NULL ? lower : sub);
		} else {
			snprintf(
				detail, sizeof(detail),
				"error converting fieldPath: field label does not support subscript: %s",
				fp);
			field_errors_invalid(errs, fpath_child(p, path, "fieldPath"), fp, detail);
		}
		return;
	}
	if (!in_list(fp, convertible_field_labels)) {
		snprintf(detail, sizeof(detail),
			 "error converting fieldPath: field label not supported: %s", fp);
		field_errors_invalid(errs, fpath_child(p, path, "fieldPath"), fp, detail);
		return;
	}
	if (streq(fp, "spec.host"))
		fp = "spec.nodeName";
	if (!in_list(fp, valid))
		field_errors_not_supported(errs, fpath_child(p, path, "fieldPath"), fp, valid);
}

static void
validate_resource_field_selector(const json_t *fs, int volume, const char *path,
				 struct field_errors *errs)
{
	const char *res = jstr0(fs, "resource");
	char p[FPATH_MAX];

	if (volume && jstr0(fs, "containerName")[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "containerName"), "");
	else if (res[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "resource"), "");
	else if (!in_list(res, resource_field_paths) && strncmp(res, "requests.hugepages-", 19) &&
		 strncmp(res, "limits.hugepages-", 17))
		field_errors_not_supported(errs, fpath_child(p, path, "resource"), res,
					   resource_field_paths);
}

static void
validate_key_selector(const json_t *s, const char *path, struct field_errors *errs)
{
	char p[FPATH_MAX];
	const char *key = jstr0(s, "key");

	strategy_validate_name_rule(errs, fpath_child(p, path, "name"), NAME_DNS1123_SUBDOMAIN,
				    jstr0(s, "name"));
	if (key[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "key"), "");
	else
		strategy_check_messages(errs, fpath_child(p, path, "key"), key,
					kc_validation_is_config_map_key);
}

static void
validate_env_value_from(const json_t *ev, const char *path, struct field_errors *errs)
{
	const json_t *from = jobj(ev, "valueFrom");
	char p[FPATH_MAX];
	int n = 0;

	if (from == NULL)
		return;
	if (jhas(from, "fieldRef")) {
		n++;
		validate_object_field_selector(jobj(from, "fieldRef"), env_field_paths,
					       fpath_child(p, path, "fieldRef"), errs);
	}
	if (jhas(from, "resourceFieldRef")) {
		n++;
		validate_resource_field_selector(jobj(from, "resourceFieldRef"), 0,
						 fpath_child(p, path, "resourceFieldRef"), errs);
	}
	if (jhas(from, "configMapKeyRef")) {
		n++;
		validate_key_selector(jobj(from, "configMapKeyRef"),
				      fpath_child(p, path, "configMapKeyRef"), errs);
	}
	if (jhas(from, "secretKeyRef")) {
		n++;
		validate_key_selector(jobj(from, "secretKeyRef"),
				      fpath_child(p, path, "secretKeyRef"), errs);
	}
	if (n == 0)
		field_errors_invalid(
			errs, path, "",
			"must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
	else if (jstr0(ev, "value")[0] != '\0')
		field_errors_invalid(errs, path, "",
				     "may not be specified when `value` is not empty");
	else if (n > 1)
		field_errors_invalid(errs, path, "",
				     "may not have more than one field specified at a time");
}

static void
validate_env(const json_t *env, const char *path, struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX];
	size_t i;
	json_t *ev;

	json_array_foreach((json_t *)env, i, ev) {
		const char *name = jstr0(ev, "name");

		fpath_index(ip, path, i);
		if (name[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "name"), "");
		else
			strategy_check_messages(errs, fpath_child(p, ip, "name"), name,
						kc_validation_is_relaxed_env_var_name);
		validate_env_value_from(ev, fpath_child(p, ip, "valueFrom"), errs);
	}
}

static void
validate_env_from(const json_t *list, const char *path, struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX], q[FPATH_MAX];
	size_t i;
	json_t *ev;

	json_array_foreach((json_t *)list, i, ev) {
		const char *prefix = jstr0(ev, "prefix");
		int n = 0;

		fpath_index(ip, path, i);
		if (prefix[0] != '\0')
			strategy_check_messages(errs, fpath_child(p, ip, "prefix"), prefix,
						kc_validation_is_relaxed_env_var_name);
		static const char *const refs[] = { "configMapRef", "secretRef" };

		for (size_t k = 0; k < 2; k++) {
			const json_t *ref = jobj(ev, refs[k]);

			if (!jhas(ev, refs[k]))
				continue;
			n++;
			fpath_child(q, ip, refs[k]);
			if (jstr0(ref, "name")[0] == '\0') {
				field_errors_required(errs, fpath_child(p, q, "name"), "");
			} else {
				struct kc_strv msgs = KC_STRV_INIT;

				if (strategy_name_messages(NAME_DNS1123_SUBDOMAIN,
							   jstr0(ref, "name"), 1, &msgs) < 0)
					errs->nomem = 1;
				for (size_t m = 0; m < msgs.n; m++)
					field_errors_invalid(errs, fpath_child(p, q, "name"),
							     jstr0(ref, "name"), msgs.v[m]);
				kc_strv_release(&msgs);
			}
		}
		if (n == 0)
			field_errors_invalid(errs, path, "",
					     "must specify one of: `configMapRef` or `secretRef`");
		else if (n > 1)
			field_errors_invalid(
				errs, path, "",
				"may not have more than one field specified at a time");
	}
}

/* ---- volumes ---------------------------------------------------------------------------------- */

static const char *const host_path_types[] = {
	"",     "BlockDevice",  "CharDevice", "Directory", "DirectoryOrCreate",
	"File", "FileOrCreate", "Socket",     NULL,
};

static void
validate_key_to_paths(const json_t *items, const char *path, struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX];
	size_t i;
	json_t *kp;

	json_array_foreach((json_t *)items, i, kp) {
		fpath_index(ip, path, i);
		if (jstr0(kp, "key")[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "key"), "");
		if (jstr0(kp, "path")[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "path"), "");
		validate_local_non_reserved_path(errs, fpath_child(p, ip, "path"),
						 jstr0(kp, "path"));
		validate_file_mode(errs, fpath_child(p, ip, "mode"), kp, "mode");
	}
}

static void
validate_downward_items(const json_t *items, const char *path, struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX];
	size_t i;
	json_t *it;

	json_array_foreach((json_t *)items, i, it) {
		int n = 0;

		fpath_index(ip, path, i);
		if (jstr0(it, "path")[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "path"), "");
		validate_local_non_reserved_path(errs, fpath_child(p, ip, "path"),
						 jstr0(it, "path"));
		validate_file_mode(errs, fpath_child(p, ip, "mode"), it, "mode");
		if (jhas(it, "fieldRef")) {
			n++;
			validate_object_field_selector(jobj(it, "fieldRef"), volume_field_paths,
						       fpath_child(p, ip, "fieldRef"), errs);
		}
		if (jhas(it, "resourceFieldRef")) {
			n++;
			validate_resource_field_selector(jobj(it, "resourceFieldRef"), 1,
							 fpath_child(p, ip, "resourceFieldRef"),
							 errs);
		}
		if (n > 1)
			field_errors_invalid(
				errs, ip, "",
				"fieldRef and resourceFieldRef can not be specified simultaneously");
	}
}

static void
validate_projected(const json_t *proj, const char *path, struct field_errors *errs)
{
	char sp[FPATH_MAX], p[FPATH_MAX], q[FPATH_MAX];
	size_t i;
	json_t *src;

	validate_file_mode(errs, fpath_child(p, path, "defaultMode"), proj, "defaultMode");
	json_array_foreach(jarr(proj, "sources"), i, src) {
		static const char *const kinds[] = { "secret", "downwardAPI", "configMap",
						     "serviceAccountToken", "clusterTrustBundle" };
		int n = 0;

		fpath_child_index(sp, path, "sources", i);
		for (size_t k = 0; k < KC_ARRAY_SIZE(kinds); k++) {
			const json_t *s = jobj(src, kinds[k]);

			if (!jhas(src, kinds[k]))
				continue;
			fpath_child(q, sp, kinds[k]);
			if (n++ > 0) {
				field_errors_forbidden(
					errs, q,
					"may not specify more than 1 volume type per source");
				continue;
			}
			if (k == 0 || k == 2) {
				if (jstr0(s, "name")[0] == '\0')
					field_errors_required(errs, fpath_child(p, q, "name"), "");
				validate_key_to_paths(jarr(s, "items"), fpath_child(p, q, "items"),
						      errs);
			} else if (k == 1) {
				validate_downward_items(jarr(s, "items"),
							fpath_child(p, q, "items"), errs);
			} else if (k == 3) {
				int64_t exp = jint(s, "expirationSeconds", 0);

				if (jhas(s, "expirationSeconds") && exp < 600)
					field_errors_invalid_int(
						errs, fpath_child(p, q, "expirationSeconds"), exp,
						"may not specify a duration less than 10 minutes");
				else if (exp > 4294967296LL)
					field_errors_invalid_int(
						errs, fpath_child(p, q, "expirationSeconds"), exp,
						"may not specify a duration larger than 2^32 seconds");
				if (jstr0(s, "path")[0] == '\0')
					field_errors_required(errs, fpath_child(p, q, "path"), "");
			}
		}
		if (n == 0)
			field_errors_required(errs, sp,
					      "must specify exactly 1 volume type per source");
	}
}

/* validateVolumeSource: exactly one source, each checked. */
static void
validate_volume_source(const json_t *vol, const char *path, struct field_errors *errs)
{
	static const char *const sources[] = {
		"emptyDir",
		"hostPath",
		"gitRepo",
		"gcePersistentDisk",
		"awsElasticBlockStore",
		"secret",
		"nfs",
		"iscsi",
		"glusterfs",
		"flocker",
		"persistentVolumeClaim",
		"rbd",
		"cinder",
		"cephfs",
		"quobyte",
		"downwardAPI",
		"fc",
		"flexVolume",
		"configMap",
		"azureFile",
		"vsphereVolume",
		"photonPersistentDisk",
		"portworxVolume",
		"azureDisk",
		"storageos",
		"projected",
		"scaleIO",
		"csi",
		"ephemeral",
		"image",
	};
	char sp[FPATH_MAX], p[FPATH_MAX];
	int n = 0;

	for (size_t k = 0; k < KC_ARRAY_SIZE(sources); k++) {
		const char *name = sources[k];
		const json_t *s = jobj(vol, name);

		if (!jhas(vol, name))
			continue;
		/* upstream's typo, kept: the second source's path for downwardAPI */
		fpath_child(sp, path, streq(name, "downwardAPI") && n > 0 ? "downwarAPI" : name);
		if (n++ > 0) {
			field_errors_forbidden(errs, sp, "may not specify more than 1 volume type");
			continue;
		}
		if (streq(name, "emptyDir")) {
			struct kc_quantity q;

			if (jhas(s, "sizeLimit") &&
			    parse_quantity(json_object_get(s, "sizeLimit"), &q) == 0 &&
			    kc_quantity_sign(&q) < 0)
				field_errors_forbidden(
					errs, fpath_child(p, sp, "sizeLimit"),
					"SizeLimit field must be a valid resource quantity");
		} else if (streq(name, "hostPath")) {
			if (jstr0(s, "path")[0] == '\0') {
				field_errors_required(errs, fpath_child(p, sp, "path"), "");
			} else {
				validate_no_backsteps(errs, fpath_child(p, sp, "path"),
						      jstr0(s, "path"));
				if (jstr(s, "type") != NULL &&
				    !in_list(jstr(s, "type"), host_path_types))
					field_errors_not_supported(errs, fpath_child(p, sp, "type"),
								   jstr(s, "type"),
								   host_path_types);
			}
		} else if (streq(name, "secret")) {
			if (jstr0(s, "secretName")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "secretName"), "");
			validate_file_mode(errs, fpath_child(p, sp, "defaultMode"), s,
					   "defaultMode");
			validate_key_to_paths(jarr(s, "items"), fpath_child(p, sp, "items"), errs);
		} else if (streq(name, "configMap")) {
			if (jstr0(s, "name")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "name"), "");
			validate_file_mode(errs, fpath_child(p, sp, "defaultMode"), s,
					   "defaultMode");
			validate_key_to_paths(jarr(s, "items"), fpath_child(p, sp, "items"), errs);
		} else if (streq(name, "persistentVolumeClaim")) {
			if (jstr0(s, "claimName")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "claimName"), "");
		} else if (streq(name, "nfs")) {
			if (jstr0(s, "server")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "server"), "");
			if (jstr0(s, "path")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "path"), "");
			else if (jstr0(s, "path")[0] != '/')
				field_errors_invalid(errs, fpath_child(p, sp, "path"),
						     jstr0(s, "path"), "must be an absolute path");
		} else if (streq(name, "downwardAPI")) {
			validate_file_mode(errs, fpath_child(p, sp, "defaultMode"), s,
					   "defaultMode");
			validate_downward_items(jarr(s, "items"), sp, errs);
		} else if (streq(name, "projected")) {
			validate_projected(s, sp, errs);
		} else if (streq(name, "csi")) {
			if (jstr0(s, "driver")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "driver"), "");
		} else if (streq(name, "ephemeral")) {
			if (!jhas(s, "volumeClaimTemplate"))
				field_errors_required(
					errs, fpath_child(p, sp, "volumeClaimTemplate"), "");
		} else if (streq(name, "gitRepo")) {
			if (jstr0(s, "repository")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "repository"), "");
			validate_local_descending_path(errs, fpath_child(p, sp, "directory"),
						       jstr0(s, "directory"));
		} else if (streq(name, "image")) {
			if (jstr0(s, "reference")[0] == '\0')
				field_errors_required(errs, fpath_child(p, sp, "reference"), "");
		}
	}
	if (n == 0)
		field_errors_required(errs, path, "must specify a volume type");
}

/* ValidateVolumes: returns the object name -> volume of the volumes that validated. */
static json_t *
validate_volumes(const json_t *volumes, const char *path, struct field_errors *errs)
{
	json_t *valid = json_object(), *vol;
	char ip[FPATH_MAX], np[FPATH_MAX];
	size_t i;

	if (valid == NULL) {
		errs->nomem = 1;
		return NULL;
	}
	json_array_foreach((json_t *)volumes, i, vol) {
		struct field_errors el = FIELD_ERRORS_INIT;
		const char *name = jstr0(vol, "name");

		fpath_index(ip, path, i);
		fpath_child(np, ip, "name");
		validate_volume_source(vol, ip, &el);
		if (name[0] == '\0')
			field_errors_required(&el, np, "");
		else
			strategy_validate_dns1123_label(&el, np, name);
		if (json_object_get(valid, name) != NULL)
			field_errors_duplicate(&el, np, name);
		if (el.n == 0 && !el.nomem)
			json_object_set(valid, name, vol);
		field_errors_append(errs, &el);
		field_errors_release(&el);
	}
	return valid;
}

static void
validate_volume_mounts(const json_t *c, const json_t *volumes, const char *path,
		       struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX];
	const json_t *devices = jarr(c, "volumeDevices");
	json_t *seen = json_object(), *m;
	size_t i;

	json_array_foreach(jarr(c, "volumeMounts"), i, m) {
		const char *name = jstr0(m, "name"), *mp = jstr0(m, "mountPath");
		size_t j;
		json_t *d;

		fpath_index(ip, path, i);
		if (name[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "name"), "");
		if (json_object_get(volumes, name) == NULL)
			field_errors_not_found(errs, fpath_child(p, ip, "name"), name, NULL);
		if (mp[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "mountPath"), "");
		if (json_object_get(seen, mp) != NULL)
			field_errors_invalid(errs, fpath_child(p, ip, "mountPath"), mp,
					     "must be unique");
		json_object_set_new(seen, mp, json_true());
		json_array_foreach((json_t *)devices, j, d) {
			if (streq(jstr0(d, "name"), name))
				field_errors_invalid(errs, fpath_child(p, ip, "name"), name,
						     "must not already exist in volumeDevices");
			if (streq(jstr0(d, "devicePath"), mp))
				field_errors_invalid(
					errs, fpath_child(p, ip, "mountPath"), mp,
					"must not already exist as a path in volumeDevices");
		}
		if (jstr0(m, "subPath")[0] != '\0')
			validate_local_descending_path(errs, fpath_child(p, path, "subPath"),
						       jstr0(m, "subPath"));
		if (jstr0(m, "subPathExpr")[0] != '\0') {
			if (jstr0(m, "subPath")[0] != '\0')
				field_errors_invalid(
					errs, fpath_child(p, ip, "subPathExpr"),
					jstr0(m, "subPathExpr"),
					"subPathExpr and subPath are mutually exclusive");
			validate_local_descending_path(errs, fpath_child(p, path, "subPathExpr"),
						       jstr0(m, "subPathExpr"));
		}
	}
	json_decref(seen);
}

static void
validate_volume_devices(const json_t *c, const json_t *volumes, const char *path,
			struct field_errors *errs)
{
	char ip[FPATH_MAX], p[FPATH_MAX];
	json_t *names = json_object(), *paths = json_object(), *d;
	size_t i;

	json_array_foreach(jarr(c, "volumeDevices"), i, d) {
		const char *name = jstr0(d, "name"), *dp = jstr0(d, "devicePath");
		json_t *vol = json_object_get(volumes, name);

		fpath_index(ip, path, i);
		if (name[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "name"), "");
		if (json_object_get(names, name) != NULL)
			field_errors_invalid(errs, fpath_child(p, ip, "name"), name,
					     "must be unique");
		if (vol != NULL && !jhas(vol, "persistentVolumeClaim") && !jhas(vol, "ephemeral"))
			field_errors_invalid(
				errs, fpath_child(p, ip, "name"), name,
				"can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode");
		if (vol == NULL)
			field_errors_not_found(errs, fpath_child(p, ip, "name"), name, NULL);
		if (dp[0] == '\0')
			field_errors_required(errs, fpath_child(p, ip, "devicePath"), "");
		if (json_object_get(paths, dp) != NULL)
			field_errors_invalid(errs, fpath_child(p, ip, "devicePath"), dp,
					     "must be unique");
		json_object_set_new(paths, dp, json_true());
		if (name[0] != '\0')
			json_object_set_new(names, name, json_true());
	}
	json_decref(names);
	json_decref(paths);
}

/* ---- probes and handlers ------------------------------------------------------------------------ */

void
strategy_validate_port_num_or_name(struct field_errors *errs, const char *path, const json_t *port)
{
	if (json_is_integer(port)) {
		int64_t n = json_integer_value(port);
		struct kc_strv msgs = KC_STRV_INIT;

		if (kc_validation_is_valid_port_num(n, &msgs) < 0)
			errs->nomem = 1;
		for (size_t i = 0; i < msgs.n; i++)
			field_errors_invalid_int(errs, path, n, msgs.v[i]);
		kc_strv_release(&msgs);
	} else if (json_is_string(port)) {
		strategy_check_messages(errs, path, json_string_value(port),
					kc_validation_is_valid_port_name);
	} else {
		/* an absent IntOrString is the integer 0 */
		field_errors_invalid_int(errs, path, 0, "must be between 1 and 65535, inclusive");
	}
}

static void
validate_handler(const json_t *h, int is_probe, const json_t *grace, const char *path,
		 struct field_errors *errs)
{
	static const char *const schemes[] = { "HTTP", "HTTPS", NULL };
	const char *kinds[] = { "exec", "httpGet", "tcpSocket", is_probe ? "grpc" : "sleep" };
	char hp[FPATH_MAX], p[FPATH_MAX];
	int n = 0;

	for (size_t k = 0; k < KC_ARRAY_SIZE(kinds); k++) {
		const json_t *a = jobj(h, kinds[k]);
		size_t i;
		json_t *hdr;

		if (!jhas(h, kinds[k]))
			continue;
		fpath_child(hp, path, kinds[k]);
		if (n++ > 0) {
			field_errors_forbidden(errs, hp,
					       "may not specify more than 1 handler type");
			continue;
		}
		switch (k) {
		case 0:
			if (jlen(a, "command") == 0)
				field_errors_required(errs, fpath_child(p, hp, "command"), "");
			break;
		case 1:
			if (jstr0(a, "path")[0] == '\0')
				field_errors_required(errs, fpath_child(p, hp, "path"), "");
			strategy_validate_port_num_or_name(errs, fpath_child(p, hp, "port"),
							   json_object_get(a, "port"));
			if (!in_list(jstr0(a, "scheme"), schemes))
				field_errors_not_supported(errs, fpath_child(p, hp, "scheme"),
							   jstr0(a, "scheme"), schemes);
			json_array_foreach(jarr(a, "httpHeaders"), i, hdr)
				strategy_check_messages(errs, fpath_child(p, hp, "httpHeaders"),
							jstr0(hdr, "name"),
							kc_validation_is_http_header_name);
			break;
		case 2:
			strategy_validate_port_num_or_name(errs, fpath_child(p, hp, "port"),
							   json_object_get(a, "port"));
			break;
		default:
			if (is_probe) {
				json_t *port = json_object_get(a, "port");

				strategy_validate_port_num_or_name(errs, fpath_child(p, hp, "port"),
								   json_is_integer(port) ? port
											 : NULL);
			} else if (json_is_integer(grace)) {
				int64_t s = jint(a, "seconds", 0), g = json_integer_value(grace);
				char detail[160];

				if (s <= 0 || s > g) {
					snprintf(
						detail, sizeof(detail),
						"must be greater than 0 and less than terminationGracePeriodSeconds (%" PRId64
						"). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.",
						g);
					field_errors_invalid_int(errs, hp, s, detail);
				}
			}
		}
	}
	if (n == 0)
		field_errors_required(errs, path, "must specify a handler type");
}

/* validateProbe + the liveness/readiness/startup extras. */
static void
validate_probe(const json_t *c, const char *which, const json_t *grace, const char *cpath,
	       struct field_errors *errs)
{
	static const char *const ints[] = { "initialDelaySeconds", "timeoutSeconds",
					    "periodSeconds", "successThreshold",
					    "failureThreshold" };
	const json_t *probe = jobj(c, which);
	char path[FPATH_MAX], p[FPATH_MAX];

	if (probe == NULL)
		return;
	fpath_child(path, cpath, which);
	validate_handler(probe, 1, grace, path, errs);
	for (size_t i = 0; i < KC_ARRAY_SIZE(ints); i++)
		strategy_validate_nonnegative(errs, fpath_child(p, path, ints[i]),
					      jint(probe, ints[i], 0));
	if (jhas(probe, "terminationGracePeriodSeconds") &&
	    jint(probe, "terminationGracePeriodSeconds", 0) <= 0)
		field_errors_invalid_int(
			errs, fpath_child(p, path, "terminationGracePeriodSeconds"),
			jint(probe, "terminationGracePeriodSeconds", 0), "must be greater than 0");
	if (streq(which, "readinessProbe")) {
		if (jhas(probe, "terminationGracePeriodSeconds"))
			field_errors_invalid_int(
				errs, fpath_child(p, path, "terminationGracePeriodSeconds"),
				jint(probe, "terminationGracePeriodSeconds", 0),
				"must not be set for readinessProbes");
	} else if (jint(probe, "successThreshold", 0) != 1) {
		field_errors_invalid_int(errs, fpath_child(p, path, "successThreshold"),
					 jint(probe, "successThreshold", 0), "must be 1");
	}
}

static void
validate_lifecycle(const json_t *c, const json_t *grace, const char *cpath,
		   struct field_errors *errs)
{
	const json_t *lc = jobj(c, "lifecycle");
	char path[FPATH_MAX], p[FPATH_MAX];

	if (lc == NULL)
		return;
	fpath_child(path, cpath, "lifecycle");
	if (jhas(lc, "postStart"))
		validate_handler(jobj(lc, "postStart"), 0, grace, fpath_child(p, path, "postStart"),
				 errs);
	if (jhas(lc, "preStop"))
		validate_handler(jobj(lc, "preStop"), 0, grace, fpath_child(p, path, "preStop"),
				 errs);
}

/* ---- containers ------------------------------------------------------------------------------- */

static void
validate_container_ports(const json_t *ports, const char *path, struct field_errors *errs)
{
	static const char *const protocols[] = { "SCTP", "TCP", "UDP", NULL };
	char ip[FPATH_MAX], p[FPATH_MAX];
	json_t *names = json_object(), *port;
	size_t i;

	json_array_foreach((json_t *)ports, i, port) {
		const char *name = jstr0(port, "name");
		int64_t cp = jint(port, "containerPort", 0), hp = jint(port, "hostPort", 0);
		struct kc_strv msgs = KC_STRV_INIT;

		fpath_index(ip, path, i);
		if (name[0] != '\0') {
			if (kc_validation_is_valid_port_name(name, &msgs) > 0) {
				for (size_t m = 0; m < msgs.n; m++)
					field_errors_invalid(errs, fpath_child(p, ip, "name"), name,
							     msgs.v[m]);
			} else if (json_object_get(names, name) != NULL) {
				field_errors_duplicate(errs, fpath_child(p, ip, "name"), name);
			} else {
				json_object_set_new(names, name, json_true());
			}
			kc_strv_release(&msgs);
		}
		if (cp == 0) {
			field_errors_required(errs, fpath_child(p, ip, "containerPort"), "");
		} else if (kc_validation_is_valid_port_num(cp, &msgs) > 0) {
			for (size_t m = 0; m < msgs.n; m++)
				field_errors_invalid_int(errs, fpath_child(p, ip, "containerPort"),
							 cp, msgs.v[m]);
		}
		kc_strv_release(&msgs);
		if (hp != 0 && kc_validation_is_valid_port_num(hp, &msgs) > 0)
			for (size_t m = 0; m < msgs.n; m++)
				field_errors_invalid_int(errs, fpath_child(p, ip, "hostPort"), hp,
							 msgs.v[m]);
		kc_strv_release(&msgs);
		validate_enum(errs, fpath_child(p, ip, "protocol"), jstr0(port, "protocol"),
			      protocols);
	}
	json_decref(names);
}

static void
validate_id(struct field_errors *errs, const char *path, const json_t *holder, const char *key,
	    int (*check)(int64_t, struct kc_strv *))
{
	struct kc_strv msgs = KC_STRV_INIT;
	int64_t id = jint(holder, key, 0);

	if (!jhas(holder, key))
		return;
	if (check(id, &msgs) < 0)
		errs->nomem = 1;
	for (size_t i = 0; i < msgs.n; i++)
		field_errors_invalid_int(errs, path, id, msgs.v[i]);
	kc_strv_release(&msgs);
}

static void
validate_seccomp_profile(const json_t *sp, const char *path, struct field_errors *errs)
{
	static const char *const types[] = { "Localhost", "RuntimeDefault", "Unconfined", NULL };
	const char *type = jstr0(sp, "type");
	char p[FPATH_MAX];

	if (sp == NULL)
		return;
	if (!in_list(type, types)) {
		field_errors_not_supported(errs, fpath_child(p, path, "type"), type, types);
		return;
	}
	if (streq(type, "Localhost")) {
		if (jstr0(sp, "localhostProfile")[0] == '\0')
			field_errors_required(errs, fpath_child(p, path, "localhostProfile"),
					      "must be set when seccomp type is Localhost");
	} else if (jhas(sp, "localhostProfile")) {
		strategy_invalid_rendered(errs, fpath_child(p, path, "localhostProfile"),
					  json_object_get(sp, "localhostProfile"), NULL,
					  "can only be set when seccomp type is Localhost");
	}
}

static void
validate_apparmor_profile(const json_t *ap, const char *path, struct field_errors *errs)
{
	static const char *const types[] = { "Localhost", "RuntimeDefault", "Unconfined", NULL };
	const char *type = jstr0(ap, "type");
	char p[FPATH_MAX];

	if (ap == NULL)
		return;
	if (!in_list(type, types)) {
		field_errors_not_supported(errs, fpath_child(p, path, "type"), type, types);
		return;
	}
	if (streq(type, "Localhost") && jstr0(ap, "localhostProfile")[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "localhostProfile"),
				      "must be set when AppArmor type is Localhost");
	else if (!streq(type, "Localhost") && jhas(ap, "localhostProfile"))
		strategy_invalid_rendered(errs, fpath_child(p, path, "localhostProfile"),
					  json_object_get(ap, "localhostProfile"), NULL,
					  "can only be set when AppArmor type is Localhost");
}

/* ValidateSecurityContext */
static void
validate_container_security_context(const json_t *sc, int host_users, const char *path,
				    struct field_errors *errs)
{
	static const char *const proc_mounts[] = { "Default", "Unmasked", NULL };
	char p[FPATH_MAX];
	size_t i;
	json_t *cap;

	if (sc == NULL)
		return;
	if (jbool(sc, "privileged") && !allow_privileged)
		field_errors_forbidden(errs, fpath_child(p, path, "privileged"),
				       "disallowed by cluster policy");
	validate_id(errs, fpath_child(p, path, "runAsUser"), sc, "runAsUser",
		    kc_validation_is_valid_user_id);
	validate_id(errs, fpath_child(p, path, "runAsGroup"), sc, "runAsGroup",
		    kc_validation_is_valid_group_id);
	if (jhas(sc, "procMount")) {
		const char *pm = jstr0(sc, "procMount");

		if (!in_list(pm, proc_mounts))
			field_errors_not_supported(errs, fpath_child(p, path, "procMount"), pm,
						   proc_mounts);
		if (host_users && streq(pm, "Unmasked"))
			field_errors_invalid(errs, fpath_child(p, path, "procMount"), pm,
					     "`hostUsers` must be false to use `Unmasked`");
	}
	validate_seccomp_profile(jobj(sc, "seccompProfile"), fpath_child(p, path, "seccompProfile"),
				 errs);
	if (json_is_false(json_object_get(sc, "allowPrivilegeEscalation"))) {
		if (jbool(sc, "privileged"))
			strategy_invalid_rendered(
				errs, path, sc, NULL,
				"cannot set `allowPrivilegeEscalation` to false and `privileged` to true");
		json_array_foreach(jarr(jobj(sc, "capabilities"), "add"), i, cap)
			if (streq(json_string_value(cap), "CAP_SYS_ADMIN"))
				strategy_invalid_rendered(
					errs, path, sc, NULL,
					"cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN");
	}
	validate_apparmor_profile(jobj(sc, "appArmorProfile"),
				  fpath_child(p, path, "appArmorProfile"), errs);
}

/* validateContainerCommon */
static void
validate_container_common(const json_t *c, const json_t *volumes, int host_users, const char *path,
			  struct field_errors *errs)
{
	static const char *const tmp[] = { "File", "FallbackToLogsOnError", NULL };
	static const char *const pull[] = { "Always", "IfNotPresent", "Never", NULL };
	const char *name = jstr0(c, "name");
	char p[FPATH_MAX];

	if (name[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "name"), "");
	else
		strategy_validate_dns1123_label(errs, fpath_child(p, path, "name"), name);
	if (jstr0(c, "image")[0] == '\0')
		field_errors_required(errs, fpath_child(p, path, "image"), "");
	validate_enum(errs, fpath_child(p, path, "terminationMessagePolicy"),
		      jstr0(c, "terminationMessagePolicy"), tmp);
	validate_container_ports(jarr(c, "ports"), fpath_child(p, path, "ports"), errs);
	validate_env(jarr(c, "env"), fpath_child(p, path, "env"), errs);
	validate_env_from(jarr(c, "envFrom"), fpath_child(p, path, "envFrom"), errs);
	validate_volume_mounts(c, volumes, fpath_child(p, path, "volumeMounts"), errs);
	validate_volume_devices(c, volumes, fpath_child(p, path, "volumeDevices"), errs);
	validate_enum(errs, fpath_child(p, path, "imagePullPolicy"), jstr0(c, "imagePullPolicy"),
		      pull);
	validate_resource_requirements(jobj(c, "resources"), fpath_child(p, path, "resources"),
				       errs);
	validate_container_security_context(jobj(c, "securityContext"), host_users,
					    fpath_child(p, path, "securityContext"), errs);
}

/* AccumulateUniqueHostPorts over containers (protocol/hostIP/hostPort). */
static void
check_host_port_conflicts(const json_t *containers, size_t only, const char *path,
			  struct field_errors *errs)
{
	char cp[FPATH_MAX], p[FPATH_MAX];
	json_t *seen = json_object(), *c, *port;
	size_t i, j;

	json_array_foreach((json_t *)containers, i, c) {
		if (only != (size_t)-1 && i != only)
			continue;
		fpath_index(cp, path, i);
		json_array_foreach(jarr(c, "ports"), j, port) {
			char key[512], pp[FPATH_MAX];
			int64_t hp = jint(port, "hostPort", 0);

			if (hp == 0)
				continue;
			snprintf(key, sizeof(key), "%s/%s/%" PRId64, jstr0(port, "protocol"),
				 jstr0(port, "hostIP"), hp);
			fpath_child_index(pp, cp, "ports", j);
			if (json_object_get(seen, key) != NULL)
				field_errors_duplicate(errs, fpath_child(p, pp, "hostPort"), key);
			else
				json_object_set_new(seen, key, json_true());
		}
	}
	json_decref(seen);
}

static void
validate_containers(const json_t *spec, const json_t *volumes, int host_users, const char *path,
		    struct field_errors *errs)
{
	const json_t *containers = jarr(spec, "containers");
	const json_t *grace = json_object_get(spec, "terminationGracePeriodSeconds");
	char cp[FPATH_MAX], p[FPATH_MAX];
	json_t *names, *c;
	size_t i;

	if (json_array_size(containers) == 0) {
		field_errors_required(errs, path, "");
		return;
	}
	names = json_object();
	json_array_foreach((json_t *)containers, i, c) {
		fpath_index(cp, path, i);
		validate_container_common(c, volumes, host_users, cp, errs);
		if (json_object_get(names, jstr0(c, "name")) != NULL)
			field_errors_duplicate(errs, fpath_child(p, cp, "name"), jstr0(c, "name"));
		else
			json_object_set_new(names, jstr0(c, "name"), json_true());
		validate_lifecycle(c, grace, cp, errs);
		validate_probe(c, "livenessProbe", grace, cp, errs);
		validate_probe(c, "readinessProbe", grace, cp, errs);
		validate_probe(c, "startupProbe", grace, cp, errs);
		if (jhas(c, "restartPolicy"))
			field_errors_forbidden(errs, fpath_child(p, cp, "restartPolicy"),
					       "may not be set for non-init containers");
	}
	json_decref(names);
	check_host_port_conflicts(containers, (size_t)-1, path, errs);
}

static void
validate_init_containers(const json_t *spec, const json_t *volumes, int host_users,
			 const char *path, struct field_errors *errs)
{
	static const char *const always[] = { "Always", NULL };
	static const char *const forbidden_fields[] = { "lifecycle", "livenessProbe",
							"readinessProbe", "startupProbe" };
	const json_t *grace = json_object_get(spec, "terminationGracePeriodSeconds");
	char cp[FPATH_MAX], p[FPATH_MAX];
	json_t *names = json_object(), *c;
	size_t i;

	json_array_foreach(jarr(spec, "containers"), i, c)
		json_object_set_new(names, jstr0(c, "name"), json_true());
	json_array_foreach(jarr(spec, "initContainers"), i, c) {
		int restart_always = 0;

		fpath_index(cp, path, i);
		validate_container_common(c, volumes, host_users, cp, errs);
		if (jhas(c, "restartPolicy")) {
			if (!streq(jstr0(c, "restartPolicy"), "Always"))
				field_errors_not_supported(errs,
							   fpath_child(p, cp, "restartPolicy"),
							   jstr0(c, "restartPolicy"), always);
			restart_always = streq(jstr0(c, "restartPolicy"), "Always");
		}
		if (json_object_get(names, jstr0(c, "name")) != NULL)
			field_errors_duplicate(errs, fpath_child(p, cp, "name"), jstr0(c, "name"));
		else if (jstr0(c, "name")[0] != '\0')
			json_object_set_new(names, jstr0(c, "name"), json_true());
		check_host_port_conflicts(jarr(spec, "initContainers"), i, path, errs);
		if (restart_always) {
			validate_lifecycle(c, grace, cp, errs);
			validate_probe(c, "livenessProbe", grace, cp, errs);
			validate_probe(c, "readinessProbe", grace, cp, errs);
			validate_probe(c, "startupProbe", grace, cp, errs);
			continue;
		}
		for (size_t k = 0; k < KC_ARRAY_SIZE(forbidden_fields); k++)
			if (jhas(c, forbidden_fields[k]))
				field_errors_forbidden(
					errs, fpath_child(p, cp, forbidden_fields[k]),
					"may not be set for init containers without restartPolicy=Always");
	}
	json_decref(names);
}

static void
validate_ephemeral_containers(const json_t *spec, const json_t *volumes, int host_users,
			      const char *path, struct field_errors *errs)
{
	static const char *const disallowed[] = { "ports",          "resources",    "livenessProbe",
						  "readinessProbe", "startupProbe", "lifecycle",
						  "resizePolicy",   "restartPolicy" };
	char cp[FPATH_MAX], p[FPATH_MAX], q[FPATH_MAX];
	json_t *all = json_object(), *other = json_object(), *c, *m;
	size_t i, j;

	json_array_foreach(jarr(spec, "containers"), i, c) {
		json_object_set_new(all, jstr0(c, "name"), json_true());
		json_object_set_new(other, jstr0(c, "name"), json_true());
	}
	json_array_foreach(jarr(spec, "initContainers"), i, c) {
		json_object_set_new(all, jstr0(c, "name"), json_true());
		json_object_set_new(other, jstr0(c, "name"), json_true());
	}
	json_array_foreach(jarr(spec, "ephemeralContainers"), i, c) {
		const char *target = jstr0(c, "targetContainerName");

		fpath_index(cp, path, i);
		validate_container_common(c, volumes, host_users, cp, errs);
		if (strlen(jstr0(c, "image")) > 0 &&
		    (jstr0(c, "image")[0] == ' ' ||
		     jstr0(c, "image")[strlen(jstr0(c, "image")) - 1] == ' '))
			field_errors_invalid(errs, fpath_child(p, cp, "image"), jstr0(c, "image"),
					     "must not have leading or trailing whitespace");
		if (json_object_get(all, jstr0(c, "name")) != NULL)
			field_errors_duplicate(errs, fpath_child(p, cp, "name"), jstr0(c, "name"));
		else
			json_object_set_new(all, jstr0(c, "name"), json_true());
		if (target[0] != '\0' && json_object_get(other, target) == NULL)
			field_errors_not_found(errs, fpath_child(p, cp, "targetContainerName"),
					       target, NULL);
		for (size_t k = 0; k < KC_ARRAY_SIZE(disallowed); k++)
			if (jhas(c, disallowed[k]) &&
			    !strategy_is_zero(json_object_get(c, disallowed[k])))
				field_errors_forbidden(errs, fpath_child(p, cp, disallowed[k]),
						       "cannot be set for an Ephemeral Container");
		json_array_foreach(jarr(c, "volumeMounts"), j, m) {
			fpath_child_index(q, cp, "volumeMounts", j);
			if (jstr0(m, "subPath")[0] != '\0')
				field_errors_forbidden(errs, fpath_child(p, q, "subPath"),
						       "cannot be set for an Ephemeral Container");
			if (jstr0(m, "subPathExpr")[0] != '\0')
				field_errors_forbidden(errs, fpath_child(p, q, "subPathExpr"),
						       "cannot be set for an Ephemeral Container");
		}
	}
	json_decref(all);
	json_decref(other);
}

/* ---- pod-level fields ---------------------------------------------------------------------------- */

static void
validate_pod_security_context(const json_t *spec, const char *spec_path, struct field_errors *errs)
{
	static const char *const fs_policies[] = { "Always", "OnRootMismatch", NULL };
	static const char *const sg_policies[] = { "Merge", "Strict", NULL };
	static const char *const selinux[] = { "MountOption", "Recursive", NULL };
	const json_t *sc = jobj(spec, "securityContext");
	char path[FPATH_MAX], p[FPATH_MAX];
	size_t i;
	json_t *g, *sysctl;

	if (sc == NULL)
		return;
	fpath_child(path, spec_path, "securityContext");
	validate_id(errs, fpath_child(p, path, "fsGroup"), sc, "fsGroup",
		    kc_validation_is_valid_group_id);
	validate_id(errs, fpath_child(p, path, "runAsUser"), sc, "runAsUser",
		    kc_validation_is_valid_user_id);
	validate_id(errs, fpath_child(p, path, "runAsGroup"), sc, "runAsGroup",
		    kc_validation_is_valid_group_id);
	json_array_foreach(jarr(sc, "supplementalGroups"), i, g) {
		struct kc_strv msgs = KC_STRV_INIT;
		int64_t gid = json_integer_value(g);

		if (kc_validation_is_valid_group_id(gid, &msgs) < 0)
			errs->nomem = 1;
		for (size_t m = 0; m < msgs.n; m++)
			field_errors_invalid_int(
				errs, fpath_child_index(p, path, "supplementalGroups", i), gid,
				msgs.v[m]);
		kc_strv_release(&msgs);
	}
	if (jbool(spec, "shareProcessNamespace") && jbool(spec, "hostPID"))
		field_errors_invalid_bool(
			errs, fpath_child(p, path, "shareProcessNamespace"), 1,
			"ShareProcessNamespace and HostPID cannot both be enabled");
	json_array_foreach(jarr(sc, "sysctls"), i, sysctl) {
		char sp[FPATH_MAX];

		fpath_child_index(sp, path, "sysctls", i);
		if (jstr0(sysctl, "name")[0] == '\0')
			field_errors_required(errs, fpath_child(p, sp, "name"), "");
	}
	if (jhas(sc, "fsGroupChangePolicy") &&
	    !in_list(jstr0(sc, "fsGroupChangePolicy"), fs_policies))
		field_errors_not_supported(errs, fpath_child(p, path, "fsGroupChangePolicy"),
					   jstr0(sc, "fsGroupChangePolicy"), fs_policies);
	validate_seccomp_profile(jobj(sc, "seccompProfile"), fpath_child(p, path, "seccompProfile"),
				 errs);
	validate_apparmor_profile(jobj(sc, "appArmorProfile"),
				  fpath_child(p, path, "appArmorProfile"), errs);
	if (jhas(sc, "supplementalGroupsPolicy") &&
	    !in_list(jstr0(sc, "supplementalGroupsPolicy"), sg_policies))
		field_errors_not_supported(errs, fpath_child(p, path, "supplementalGroupsPolicy"),
					   jstr0(sc, "supplementalGroupsPolicy"), sg_policies);
	if (jhas(sc, "seLinuxChangePolicy") && !in_list(jstr0(sc, "seLinuxChangePolicy"), selinux))
		field_errors_not_supported(errs, fpath_child(p, path, "seLinuxChangePolicy"),
					   jstr0(sc, "seLinuxChangePolicy"), selinux);
}

static void
validate_node_selector_requirement(const json_t *rq, const char *path, struct field_errors *errs)
{
	const char *op = jstr0(rq, "operator");
	size_t n = jlen(rq, "values");
	char p[FPATH_MAX];

	if (streq(op, "In") || streq(op, "NotIn")) {
		if (n == 0)
			field_errors_required(
				errs, fpath_child(p, path, "values"),
				"must be specified when `operator` is 'In' or 'NotIn'");
	} else if (streq(op, "Exists") || streq(op, "DoesNotExist")) {
		if (n > 0)
			field_errors_forbidden(
				errs, fpath_child(p, path, "values"),
				"may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
	} else if (streq(op, "Gt") || streq(op, "Lt")) {
		if (n != 1)
			field_errors_required(
				errs, fpath_child(p, path, "values"),
				"must be specified single value when `operator` is 'Lt' or 'Gt'");
	} else {
		field_errors_invalid(errs, fpath_child(p, path, "operator"), op,
				     "not a valid selector operator");
	}
	strategy_validate_qualified_name(errs, fpath_child(p, path, "key"), jstr0(rq, "key"));
}

static void
validate_node_selector_term(const json_t *term, const char *path, struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i;
	json_t *rq;

	json_array_foreach(jarr(term, "matchExpressions"), i, rq)
		validate_node_selector_requirement(
			rq, fpath_child_index(p, path, "matchExpressions", i), errs);
	json_array_foreach(jarr(term, "matchFields"), i, rq) {
		char fp[FPATH_MAX];

		fpath_child_index(fp, path, "matchFields", i);
		if (!streq(jstr0(rq, "key"), "metadata.name"))
			field_errors_invalid(errs, fpath_child(p, fp, "key"), jstr0(rq, "key"),
					     "not a valid field selector key");
		else if ((!streq(jstr0(rq, "operator"), "In") &&
			  !streq(jstr0(rq, "operator"), "NotIn")) ||
			 jlen(rq, "values") != 1)
			validate_node_selector_requirement(rq, fp, errs);
	}
}

static void
validate_pod_affinity_terms(const json_t *terms, int weighted, const char *path,
			    struct field_errors *errs)
{
	char tp[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *t, *ns;

	json_array_foreach((json_t *)terms, i, t) {
		const json_t *term = t;

		fpath_index(tp, path, i);
		if (weighted) {
			int64_t w = jint(t, "weight", 0);

			if (w <= 0 || w > 100)
				field_errors_invalid_int(errs, fpath_child(p, tp, "weight"), w,
							 "must be in the range 1-100");
			term = jobj(t, "podAffinityTerm");
			fpath_child(p, tp, "podAffinityTerm");
			snprintf(tp, sizeof(tp), "%s", p);
		}
		strategy_validate_label_selector(jobj(term, "labelSelector"), 0,
						 fpath_child(p, tp, "labelSelector"), errs);
		strategy_validate_label_selector(jobj(term, "namespaceSelector"), 0,
						 fpath_child(p, tp, "namespaceSelector"), errs);
		json_array_foreach(jarr(term, "namespaces"), j, ns)
			strategy_validate_name_rule(
				errs, fpath_child(p, tp, "namespace"), NAME_DNS1123_LABEL,
				json_string_value(ns) ? json_string_value(ns) : "");
		if (jstr0(term, "topologyKey")[0] == '\0')
			field_errors_required(errs, fpath_child(p, tp, "topologyKey"),
					      "can not be empty");
		strategy_validate_qualified_name(errs, fpath_child(p, tp, "topologyKey"),
						 jstr0(term, "topologyKey"));
	}
}

static void
validate_affinity(const json_t *spec, const char *spec_path, struct field_errors *errs)
{
	const json_t *aff = jobj(spec, "affinity"), *na, *req;
	char path[FPATH_MAX], ap[FPATH_MAX], p[FPATH_MAX], q[FPATH_MAX];
	size_t i;
	json_t *t;

	if (aff == NULL)
		return;
	fpath_child(path, spec_path, "affinity");
	if ((na = jobj(aff, "nodeAffinity")) != NULL) {
		fpath_child(ap, path, "nodeAffinity");
		if ((req = jobj(na, "requiredDuringSchedulingIgnoredDuringExecution")) != NULL) {
			fpath_child(q, ap, "requiredDuringSchedulingIgnoredDuringExecution");
			if (jlen(req, "nodeSelectorTerms") == 0)
				field_errors_required(errs, fpath_child(p, q, "nodeSelectorTerms"),
						      "must have at least one node selector term");
			json_array_foreach(jarr(req, "nodeSelectorTerms"), i, t)
				validate_node_selector_term(
					t, fpath_child_index(p, q, "nodeSelectorTerms", i), errs);
		}
		fpath_child(q, ap, "preferredDuringSchedulingIgnoredDuringExecution");
		json_array_foreach(jarr(na, "preferredDuringSchedulingIgnoredDuringExecution"), i,
				   t) {
			char tp[FPATH_MAX];
			int64_t w = jint(t, "weight", 0);

			fpath_index(tp, q, i);
			if (w <= 0 || w > 100)
				field_errors_invalid_int(errs, fpath_child(p, tp, "weight"), w,
							 "must be in the range 1-100");
			validate_node_selector_term(jobj(t, "preference"),
						    fpath_child(p, tp, "preference"), errs);
		}
	}
	static const char *const kinds[] = { "podAffinity", "podAntiAffinity" };

	for (size_t k = 0; k < 2; k++) {
		const json_t *pa = jobj(aff, kinds[k]);

		if (pa == NULL)
			continue;
		fpath_child(ap, path, kinds[k]);
		validate_pod_affinity_terms(
			jarr(pa, "requiredDuringSchedulingIgnoredDuringExecution"), 0,
			fpath_child(p, ap, "requiredDuringSchedulingIgnoredDuringExecution"), errs);
		validate_pod_affinity_terms(
			jarr(pa, "preferredDuringSchedulingIgnoredDuringExecution"), 1,
			fpath_child(p, ap, "preferredDuringSchedulingIgnoredDuringExecution"),
			errs);
	}
}

void
pod_validate_taint_effect(const char *effect, int allow_empty, const char *path,
			  struct field_errors *errs)
{
	static const char *const effects[] = { "NoSchedule", "PreferNoSchedule", "NoExecute",
					       NULL };

	if (!allow_empty && effect[0] == '\0') {
		field_errors_required(errs, path, "");
		return;
	}
	if (!in_list(effect, effects))
		field_errors_not_supported(errs, path, effect, effects);
}

void
pod_validate_tolerations(const json_t *tolerations, const char *path, struct field_errors *errs)
{
	static const char *const ops[] = { "Equal", "Exists", NULL };
	char ip[FPATH_MAX], p[FPATH_MAX];
	size_t i;
	json_t *t;

	json_array_foreach((json_t *)tolerations, i, t) {
		const char *key = jstr0(t, "key"), *op = jstr0(t, "operator");
		const char *value = jstr0(t, "value"), *effect = jstr0(t, "effect");

		fpath_index(ip, path, i);
		if (key[0] != '\0')
			strategy_validate_qualified_name(errs, fpath_child(p, ip, "key"), key);
		if (key[0] == '\0' && !streq(op, "Exists"))
			field_errors_invalid(
				errs, fpath_child(p, ip, "operator"), op,
				"operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
		if (jhas(t, "tolerationSeconds") && !streq(effect, "NoExecute"))
			field_errors_invalid(
				errs, fpath_child(p, ip, "effect"), effect,
				"effect must be 'NoExecute' when `tolerationSeconds` is set");
		if (op[0] == '\0' || streq(op, "Equal")) {
			struct kc_strv msgs = KC_STRV_INIT;

			if (kc_validation_is_valid_label_value(value, &msgs) > 0) {
				KC_AUTOFREE char *joined = kc_strv_join(&msgs, ";");

				field_errors_invalid(errs, fpath_child(p, ip, "operator"), value,
						     joined != NULL ? joined : "");
			}
			kc_strv_release(&msgs);
		} else if (streq(op, "Exists")) {
			if (value[0] != '\0')
				field_errors_invalid(
					errs, fpath_child(p, ip, "operator"), value,
					"value must be empty when `operator` is 'Exists'");
		} else {
			field_errors_not_supported(errs, fpath_child(p, ip, "operator"), op, ops);
		}
		if (effect[0] != '\0')
			pod_validate_taint_effect(effect, 1, fpath_child(p, ip, "effect"), errs);
	}
}

static void
validate_dns_config(const json_t *spec, const char *spec_path, struct field_errors *errs)
{
	const json_t *cfg = jobj(spec, "dnsConfig");
	char path[FPATH_MAX], p[FPATH_MAX];
	size_t i, total = 0;
	json_t *v;

	fpath_child(path, spec_path, "dnsConfig");
	if (streq(jstr0(spec, "dnsPolicy"), "None")) {
		if (cfg == NULL) {
			field_errors_required(errs, path,
					      "must provide `dnsConfig` when `dnsPolicy` is None");
			return;
		}
		if (jlen(cfg, "nameservers") == 0) {
			field_errors_required(
				errs, fpath_child(p, path, "nameservers"),
				"must provide at least one DNS nameserver when `dnsPolicy` is None");
			return;
		}
	}
	if (cfg == NULL)
		return;
	if (jlen(cfg, "nameservers") > 3)
		strategy_invalid_rendered(errs, fpath_child(p, path, "nameservers"),
					  json_object_get(cfg, "nameservers"), go_string_slice,
					  "must not have more than 3 nameservers");
	json_array_foreach(jarr(cfg, "nameservers"), i, v)
		strategy_validate_ip(errs, fpath_child_index(p, path, "nameservers", i),
				     json_string_value(v) ? json_string_value(v) : "");
	if (jlen(cfg, "searches") > 32)
		strategy_invalid_rendered(errs, fpath_child(p, path, "searches"),
					  json_object_get(cfg, "searches"), go_string_slice,
					  "must not have more than 32 search paths");
	json_array_foreach(jarr(cfg, "searches"), i, v)
		total += json_string_length(v) + (i > 0);
	if (total > 2048)
		strategy_invalid_rendered(
			errs, fpath_child(p, path, "searches"), json_object_get(cfg, "searches"),
			go_string_slice,
			"must not have more than 2048 characters (including spaces) in the search list");
	json_array_foreach(jarr(cfg, "searches"), i, v) {
		const char *s = json_string_value(v) ? json_string_value(v) : "";
		KC_AUTOFREE char *trimmed = strdup(s);
		size_t len = strlen(s);

		if (trimmed == NULL || streq(s, "."))
			continue;
		if (len > 0 && trimmed[len - 1] == '.')
			trimmed[len - 1] = '\0';
		strategy_validate_dns1123_subdomain(errs, fpath_child_index(p, path, "searches", i),
						    trimmed);
	}
	json_array_foreach(jarr(cfg, "options"), i, v)
		if (jstr0(v, "name")[0] == '\0')
			field_errors_required(errs, fpath_child_index(p, path, "options", i),
					      "must not be empty");
}

static void
validate_topology_spread(const json_t *spec, const char *spec_path, struct field_errors *errs)
{
	static const char *const actions[] = { "DoNotSchedule", "ScheduleAnyway", NULL };
	const json_t *list = jarr(spec, "topologySpreadConstraints");
	char path[FPATH_MAX], cp[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *c;

	fpath_child(path, spec_path, "topologySpreadConstraints");
	json_array_foreach((json_t *)list, i, c) {
		int64_t skew = jint(c, "maxSkew", 0);
		const char *when = jstr0(c, "whenUnsatisfiable");

		fpath_index(cp, path, i);
		if (skew <= 0)
			field_errors_invalid_int(errs, fpath_child(p, cp, "maxSkew"), skew,
						 NOT_POSITIVE_MSG);
		if (jstr0(c, "topologyKey")[0] == '\0')
			field_errors_required(errs, fpath_child(p, cp, "topologyKey"),
					      "can not be empty");
		if (!in_list(when, actions))
			field_errors_not_supported(errs, fpath_child(p, cp, "whenUnsatisfiable"),
						   when, actions);
		for (j = i + 1; j < json_array_size(list); j++) {
			json_t *o = json_array_get(list, j);
			char pair[FPATH_MAX + 8];

			if (streq(jstr0(o, "topologyKey"), jstr0(c, "topologyKey")) &&
			    streq(jstr0(o, "whenUnsatisfiable"), when)) {
				snprintf(pair, sizeof(pair), "{%s, %s}", jstr0(c, "topologyKey"),
					 when);
				field_errors_duplicate(
					errs,
					fpath_child(p, cp, "{topologyKey, whenUnsatisfiable}"),
					pair);
				break;
			}
		}
		if (jhas(c, "minDomains")) {
			int64_t md = jint(c, "minDomains", 0);

			if (md <= 0)
				field_errors_invalid_int(errs, fpath_child(p, cp, "minDomains"), md,
							 NOT_POSITIVE_MSG);
			if (!streq(when, "DoNotSchedule")) {
				char detail[128];

				snprintf(
					detail, sizeof(detail),
					"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not %s",
					when);
				field_errors_invalid_int(errs, fpath_child(p, cp, "minDomains"), md,
							 detail);
			}
		}
		strategy_validate_label_selector(jobj(c, "labelSelector"), 0,
						 fpath_child(p, cp, "labelSelector"), errs);
	}
}

static void
validate_host_network_deps(const json_t *spec, const char *spec_path, int is_pod,
			   struct field_errors *errs)
{
	char cp[FPATH_MAX], pp[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *c, *port;

	if (!jbool(spec, "hostNetwork"))
		return;
	json_array_foreach(jarr(spec, "containers"), i, c) {
		fpath_child_index(cp, spec_path, "containers", i);
		json_array_foreach(jarr(c, "ports"), j, port) {
			int64_t hp = jint(port, "hostPort", 0),
				cport = jint(port, "containerPort", 0);

			fpath_child_index(pp, cp, "ports", j);
			if ((is_pod || hp != 0) && hp != cport)
				field_errors_invalid_int(
					errs, fpath_child(p, pp, "hostPort"), hp,
					"must match `containerPort` when `hostNetwork` is true");
		}
	}
}

static void
validate_host_users(const json_t *spec, const char *spec_path, struct field_errors *errs)
{
	char p[FPATH_MAX];
	const json_t *hu = json_object_get(spec, "hostUsers");

	if (!json_is_false(hu))
		return;
	if (jbool(spec, "hostNetwork"))
		field_errors_forbidden(errs, fpath_child(p, spec_path, "hostNetwork"),
				       "when `pod.Spec.HostUsers` is false");
	if (jbool(spec, "hostPID"))
		field_errors_forbidden(errs, fpath_child(p, spec_path, "HostPID"),
				       "when `pod.Spec.HostUsers` is false");
	if (jbool(spec, "hostIPC"))
		field_errors_forbidden(errs, fpath_child(p, spec_path, "HostIPC"),
				       "when `pod.Spec.HostUsers` is false");
}

void
podspec_validate(const json_t *spec, const char *path, const struct pod_validation_opts *o,
		 struct field_errors *errs)
{
	static const char *const restart[] = { "Always", "OnFailure", "Never", NULL };
	static const char *const dns[] = { "ClusterFirstWithHostNet", "ClusterFirst", "Default",
					   "None", NULL };
	static const char *const preempt[] = { "PreemptLowerPriority", "Never", NULL };
	static const char *const oses[] = { "linux", "windows", NULL };
	int host_users = !json_is_false(json_object_get(spec, "hostUsers"));
	char p[FPATH_MAX];
	json_t *volumes, *v;
	size_t i;

	if (!jhas(spec, "terminationGracePeriodSeconds"))
		field_errors_required(errs, fpath_child(p, path, "terminationGracePeriodSeconds"),
				      "");
	volumes = validate_volumes(jarr(spec, "volumes"), fpath_child(p, path, "volumes"), errs);
	validate_containers(spec, volumes, host_users, fpath_child(p, path, "containers"), errs);
	validate_init_containers(spec, volumes, host_users, fpath_child(p, path, "initContainers"),
				 errs);
	validate_ephemeral_containers(spec, volumes, host_users,
				      fpath_child(p, path, "ephemeralContainers"), errs);
	json_decref(volumes);
	validate_host_network_deps(spec, path, o != NULL && o->resource_is_pod, errs);
	validate_enum(errs, fpath_child(p, path, "restartPolicy"), jstr0(spec, "restartPolicy"),
		      restart);
	validate_enum(errs, fpath_child(p, path, "dnsPolicy"), jstr0(spec, "dnsPolicy"), dns);
	strategy_validate_labels(jobj(spec, "nodeSelector"), fpath_child(p, path, "nodeSelector"),
				 errs);
	validate_pod_security_context(spec, path, errs);
	json_array_foreach(jarr(spec, "imagePullSecrets"), i, v)
		if (json_object_size(v) > (jhas(v, "name") ? 1 : 0))
			strategy_invalid_rendered(errs,
						  fpath_child_index(p, path, "imagePullSecrets", i),
						  v, NULL, "only name may be set");
	validate_affinity(spec, path, errs);
	validate_dns_config(spec, path, errs);
	json_array_foreach(jarr(spec, "readinessGates"), i, v) {
		char rp[FPATH_MAX];

		fpath_child_index(rp, path, "readinessGates", i);
		strategy_validate_qualified_name(errs, fpath_child(p, rp, "conditionType"),
						 jstr0(v, "conditionType"));
	}
	{
		json_t *seen = json_object();

		json_array_foreach(jarr(spec, "schedulingGates"), i, v) {
			const char *name = jstr0(v, "name");

			fpath_child_index(p, path, "schedulingGates", i);
			strategy_validate_qualified_name(errs, p, name);
			if (json_object_get(seen, name) != NULL)
				field_errors_duplicate(errs, p, name);
			json_object_set_new(seen, name, json_true());
		}
		json_decref(seen);
	}
	validate_topology_spread(spec, path, errs);
	validate_host_users(spec, path, errs);
	if (jstr0(spec, "serviceAccountName")[0] != '\0')
		strategy_validate_name_rule(errs, fpath_child(p, path, "serviceAccountName"),
					    NAME_DNS1123_SUBDOMAIN,
					    jstr0(spec, "serviceAccountName"));
	if (jstr0(spec, "nodeName")[0] != '\0')
		strategy_validate_name_rule(errs, fpath_child(p, path, "nodeName"),
					    NAME_DNS1123_SUBDOMAIN, jstr0(spec, "nodeName"));
	if (jhas(spec, "activeDeadlineSeconds")) {
		int64_t ads = jint(spec, "activeDeadlineSeconds", 0);
		KC_AUTOFREE char *range = kc_validation_inclusive_range_error(1, MAX_INT32);

		if (ads < 1 || ads > MAX_INT32)
			field_errors_invalid_int(errs,
						 fpath_child(p, path, "activeDeadlineSeconds"), ads,
						 range != NULL ? range : "");
	}
	if (jstr0(spec, "hostname")[0] != '\0')
		strategy_validate_dns1123_label(errs, fpath_child(p, path, "hostname"),
						jstr0(spec, "hostname"));
	if (jstr0(spec, "subdomain")[0] != '\0')
		strategy_validate_dns1123_label(errs, fpath_child(p, path, "subdomain"),
						jstr0(spec, "subdomain"));
	pod_validate_tolerations(jarr(spec, "tolerations"), fpath_child(p, path, "tolerations"),
				 errs);
	json_array_foreach(jarr(spec, "hostAliases"), i, v) {
		char hp[FPATH_MAX];
		size_t j;
		json_t *h;

		fpath_child_index(hp, path, "hostAliases", i);
		strategy_validate_ip(errs, fpath_child(p, hp, "ip"), jstr0(v, "ip"));
		json_array_foreach(jarr(v, "hostnames"), j, h) {
			char hn[FPATH_MAX];

			fpath_child(hn, hp, "hostnames");
			strategy_validate_dns1123_subdomain(
				errs, fpath_index(p, hn, j),
				json_string_value(h) ? json_string_value(h) : "");
		}
	}
	if (jstr0(spec, "priorityClassName")[0] != '\0')
		strategy_validate_name_rule(errs, fpath_child(p, path, "priorityClassName"),
					    NAME_DNS1123_SUBDOMAIN,
					    jstr0(spec, "priorityClassName"));
	if (jhas(spec, "runtimeClassName"))
		strategy_validate_name_rule(errs, fpath_child(p, path, "runtimeClassName"),
					    NAME_DNS1123_SUBDOMAIN,
					    jstr0(spec, "runtimeClassName"));
	if (jhas(spec, "preemptionPolicy"))
		validate_enum(errs, fpath_child(p, path, "preemptionPolicy"),
			      jstr0(spec, "preemptionPolicy"), preempt);
	if (jhas(spec, "overhead")) {
		json_t *res = json_pack("{s:O}", "limits", json_object_get(spec, "overhead"));

		validate_resource_requirements(res, fpath_child(p, path, "overhead"), errs);
		json_decref(res);
	}
	if (jhas(spec, "os")) {
		const char *os = jstr0(jobj(spec, "os"), "name");
		char op[FPATH_MAX];

		fpath_child(op, path, "os");
		if (os[0] == '\0')
			field_errors_required(errs, fpath_child(p, op, "name"), "");
		else if (!in_list(os, oses))
			field_errors_not_supported(errs, fpath_child(p, op, "name"), os, oses);
	}
}

/* ---- pod-specific annotations and templates -------------------------------------------------------- */

void
pod_validate_specific_annotations(const json_t *annotations, const json_t *spec, const char *path,
				  struct field_errors *errs)
{
	const char *mirror = jstr(annotations, "kubernetes.io/config.mirror");
	const char *cost = jstr(annotations, "controller.kubernetes.io/pod-deletion-cost");
	char p[FPATH_MAX];

	if (mirror != NULL && jstr0(spec, "nodeName")[0] == '\0')
		field_errors_invalid(errs, fpath_key(p, path, "kubernetes.io/config.mirror"),
				     mirror,
				     "must set spec.nodeName if mirror pod annotation is set");
	if (cost != NULL) {
		char *end;
		long long v = strtoll(cost, &end, 10);

		if (cost[0] == '\0' || *end != '\0' || v < -2147483648LL || v > MAX_INT32 ||
		    cost[0] == ' ' || cost[0] == '+')
			field_errors_invalid(
				errs,
				fpath_key(p, path, "controller.kubernetes.io/pod-deletion-cost"),
				cost, "must be a 32bit integer");
	}
}

void
podtemplate_validate(const json_t *template, const char *path, struct field_errors *errs)
{
	const json_t *meta = jobj(template, "metadata"), *spec = jobj(template, "spec");
	struct pod_validation_opts o = { 0 };
	char p[FPATH_MAX];

	/* upstream validates a template's labels at <path>.labels (not .metadata.labels) */
	strategy_validate_labels(jobj(meta, "labels"), fpath_child(p, path, "labels"), errs);
	strategy_validate_annotations(jobj(meta, "annotations"),
				      fpath_child(p, path, "annotations"), errs);
	pod_validate_specific_annotations(jobj(meta, "annotations"), spec,
					  fpath_child(p, path, "annotations"), errs);
	podspec_validate(spec, fpath_child(p, path, "spec"), &o, errs);
	if (jlen(spec, "ephemeralContainers") > 0) {
		char sp[FPATH_MAX];

		fpath_child(sp, path, "spec");
		field_errors_forbidden(errs, fpath_child(p, sp, "ephemeralContainers"),
				       "ephemeral containers not allowed in pod template");
	}
}
