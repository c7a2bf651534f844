/*
 * pod.c - the Pod strategy: defaults, create/update/status resets, validation, QoS class,
 * warnings and field selectors (upstream: pkg/registry/core/pod/strategy.go,
 * pkg/apis/core/v1/defaults.go SetDefaults_Pod, pkg/apis/core/helper/qos/qos.go
 * ComputePodQOS, pkg/apis/core/validation/validation.go ValidatePodCreate, ValidatePodUpdate,
 * ValidatePodStatusUpdate).
 *
 * As in v1.32, pods carry no metadata.generation.  The /status subresource keeps the old
 * spec and ownerReferences but takes new labels, annotations and finalizers (the kubelet
 * relies on it); qosClass is set once at create and is immutable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/quantity.h"
#include "libkcommon/strbuf.h"
#include "libkcommon/strv.h"
#include "libkcommon/validation.h"

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/strategy.h"
#include "kube-apiserver/registry/strategy_util.h"

#define MAX_INT32 2147483647

/* ---- QoS ------------------------------------------------------------------------------------ */

struct qos_sums {
	struct kc_quantity cpu, memory;
	int has_cpu, has_memory;
};

static void
qos_add(struct qos_sums *s, const char *name, const struct kc_quantity *q)
{
	if (strcmp(name, "cpu") == 0) {
		if (!s->has_cpu)
			s->cpu = *q;
		else
			(void)kc_quantity_add(&s->cpu, q);
		s->has_cpu = 1;
	} else {
		if (!s->has_memory)
			s->memory = *q;
		else
			(void)kc_quantity_add(&s->memory, q);
		s->has_memory = 1;
	}
}

/* Adds the positive cpu/memory quantities of list; returns which were found (1 cpu, 2 mem). */
static int
qos_sum_list(struct qos_sums *s, const json_t *list)
{
	static const char *const names[] = { "cpu", "memory" };
	int found = 0;

	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(list, names[i]);
		struct kc_quantity q;

		if ((!json_is_string(v) && !json_is_number(v)) ||
		    kc_quantity_from_json(v, &q, NULL) < 0 || kc_quantity_sign(&q) <= 0)
			continue;
		qos_add(s, names[i], &q);
		found |= 1 << i;
	}
	return found;
}

const char *
pod_qos_class(const json_t *pod)
{
	const json_t *spec = jobj(pod, "spec");
	static const char *const lists[] = { "containers", "initContainers" };
	struct qos_sums req = { 0 }, lim = { 0 };
	int guaranteed = 1;

	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *c;

		json_array_foreach(jarr(spec, lists[l]), i, c) {
			const json_t *res = jobj(c, "resources");

			qos_sum_list(&req, jobj(res, "requests"));
			if (qos_sum_list(&lim, jobj(res, "limits")) != 3)
				guaranteed = 0;
		}
	}
	if (!req.has_cpu && !req.has_memory && !lim.has_cpu && !lim.has_memory)
		return "BestEffort";
	if (guaranteed) {
		if (req.has_cpu && (!lim.has_cpu || kc_quantity_cmp(&lim.cpu, &req.cpu) != 0))
			guaranteed = 0;
		if (req.has_memory &&
		    (!lim.has_memory || kc_quantity_cmp(&lim.memory, &req.memory) != 0))
			guaranteed = 0;
	}
	if (guaranteed && req.has_cpu == lim.has_cpu && req.has_memory == lim.has_memory)
		return "Guaranteed";
	return "Burstable";
}

/* ---- defaults and resets ---------------------------------------------------------------------- */

/*
 * v1 keeps podIP/hostIP beside podIPs/hostIPs: the single field wins when they differ or the
 * list is empty, and the way back writes the list's first element (Convert_v1_PodStatus_To_
 * core_PodStatus and back).
 */
static int
status_ip_mirror(json_t *status, const char *single, const char *list)
{
	const char *ip = jstr0(status, single);
	json_t *ips = jarr(status, list);

	if (ip[0] != '\0' &&
	    (json_array_size(ips) == 0 || !streq(jstr0(json_array_get(ips, 0), "ip"), ip))) {
		if (json_object_set_new(status, list, json_pack("[{s:s}]", "ip", ip)) < 0)
			return KC_ERR_NOMEM;
		return 0;
	}
	if (json_array_size(ips) > 0 && jstr0(json_array_get(ips, 0), "ip")[0] != '\0')
		return strategy_set_str(status, single, jstr0(json_array_get(ips, 0), "ip"));
	return 0;
}

static int
pod_defaults(json_t *pod)
{
	json_t *spec = jobj(pod, "spec"), *status = jobj(pod, "status");
	int r;

	if (status != NULL && ((r = status_ip_mirror(status, "podIP", "podIPs")) < 0 ||
			       (r = status_ip_mirror(status, "hostIP", "hostIPs")) < 0))
		return r;
	if (spec == NULL)
		return 0;
	if ((r = podspec_pod_only_defaults(spec)) < 0)
		return r;
	return podspec_defaults(spec);
}

static int
pod_prepare_for_create(json_t *pod)
{
	json_t *status =
		json_pack("{s:s, s:s}", "phase", "Pending", "qosClass", pod_qos_class(pod));

	if (status == NULL || json_object_set_new(pod, "status", status) < 0)
		return KC_ERR_NOMEM;
	/* applySchedulingGatedCondition */
	if (jlen(jobj(pod, "spec"), "schedulingGates") > 0) {
		json_t *conds = json_pack(
			"[{s:s, s:s, s:n, s:n, s:s, s:s}]", "type", "PodScheduled", "status",
			"False", "lastProbeTime", "lastTransitionTime", "reason", "SchedulingGated",
			"message", "Scheduling is blocked due to non-empty scheduling gates");

		if (conds == NULL || json_object_set_new(status, "conditions", conds) < 0)
			return KC_ERR_NOMEM;
	}
	return 0;
}

static int
pod_prepare_for_status_update(json_t *pod, const json_t *old)
{
	json_t *meta = strategy_ensure_object(pod, "metadata");
	json_t *status;

	if (meta == NULL || strategy_copy_key(pod, old, "spec") < 0)
		return KC_ERR_NOMEM;
	json_object_del(meta, "deletionTimestamp");
	if (strategy_copy_key(meta, jobj(old, "metadata"), "ownerReferences") < 0)
		return KC_ERR_NOMEM;
	status = jobj(pod, "status");
	if (status != NULL && jstr0(status, "qosClass")[0] == '\0' &&
	    jhas(jobj(old, "status"), "qosClass") &&
	    strategy_copy_key(status, jobj(old, "status"), "qosClass") < 0)
		return KC_ERR_NOMEM;
	return 0;
}

/* ---- validation ----------------------------------------------------------------------------------- */

static int
has_outer_space(const char *s)
{
	size_t len = strlen(s);

	return len > 0 &&
	       (strchr(" \t\n\r\v\f", s[0]) != NULL || strchr(" \t\n\r\v\f", s[len - 1]));
}

static void
validate_images_for_pod(const json_t *containers, const char *path, struct field_errors *errs)
{
	char cp[FPATH_MAX], p[FPATH_MAX];
	size_t i;
	json_t *c;

	json_array_foreach((json_t *)containers, i, c)
		if (has_outer_space(jstr0(c, "image")))
			field_errors_invalid(
				errs, fpath_child(p, fpath_index(cp, path, i), "image"),
				jstr0(c, "image"), "must not have leading or trailing whitespace");
}

/* validatePodMetadataAndSpec */
static void
validate_pod_metadata_and_spec(const json_t *pod, struct field_errors *errs)
{
	const json_t *meta = jobj(pod, "metadata"), *spec = jobj(pod, "spec");
	struct pod_validation_opts o = { .resource_is_pod = 1, .pod_meta = meta };
	char p[FPATH_MAX], q[FPATH_MAX];
	size_t i, j;
	json_t *vol, *src;

	strategy_validate_object_meta(pod, 1, NAME_DNS1123_SUBDOMAIN, errs);
	pod_validate_specific_annotations(jobj(meta, "annotations"), spec, "metadata.annotations",
					  errs);
	podspec_validate(spec, "spec", &o, errs);
	if (jstr0(spec, "serviceAccountName")[0] == '\0')
		json_array_foreach(jarr(spec, "volumes"), i, vol)
			json_array_foreach(jarr(jobj(vol, "projected"), "sources"), j, src)
				if (jhas(src, "serviceAccountToken")) {
					snprintf(q, sizeof(q),
						 "spec.volumes[%zu].projected.sources[%zu]", i, j);
					field_errors_forbidden(
						errs, fpath_child(p, q, "serviceAccountToken"),
						"must not be specified when serviceAccountName is not set");
				}
	validate_images_for_pod(jarr(spec, "containers"), "spec.containers", errs);
	validate_images_for_pod(jarr(spec, "initContainers"), "spec.initContainers", errs);
}

static void
pod_validate(const struct api_resource *res, const json_t *pod, struct field_errors *errs)
{
	const json_t *spec = jobj(pod, "spec");

	validate_pod_metadata_and_spec(pod, errs);
	if (jlen(spec, "ephemeralContainers") > 0)
		field_errors_forbidden(errs, "spec.ephemeralContainers", "cannot be set on create");
	if (jstr0(spec, "nodeName")[0] != '\0' && jlen(spec, "schedulingGates") != 0)
		field_errors_forbidden(errs, "spec.nodeName",
				       "cannot be set until all schedulingGates have been cleared");
}

/* ValidatePodSpecificAnnotationUpdates */
static void
validate_annotation_updates(const json_t *pod, const json_t *old, struct field_errors *errs)
{
	static const char apparmor[] = "container.apparmor.security.beta.kubernetes.io/";
	const json_t *na = jobj(jobj(pod, "metadata"), "annotations");
	const json_t *oa = jobj(jobj(old, "metadata"), "annotations");
	char p[FPATH_MAX];
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)oa, key, v) {
		json_t *nv = json_object_get(na, key);

		if (nv != NULL && kc_json_equal(nv, v))
			continue;
		fpath_key(p, "metadata.annotations", key);
		if (strncmp(key, apparmor, sizeof(apparmor) - 1) == 0)
			field_errors_forbidden(errs, p,
					       "may not remove or update AppArmor annotations");
		if (strcmp(key, "kubernetes.io/config.mirror") == 0)
			field_errors_forbidden(errs, p,
					       "may not remove or update mirror pod annotation");
	}
	json_object_foreach((json_t *)na, key, v) {
		if (json_object_get(oa, key) != NULL)
			continue;
		fpath_key(p, "metadata.annotations", key);
		if (strncmp(key, apparmor, sizeof(apparmor) - 1) == 0)
			field_errors_forbidden(errs, p, "may not add AppArmor annotations");
		if (strcmp(key, "kubernetes.io/config.mirror") == 0)
			field_errors_forbidden(errs, p, "may not add mirror pod annotation");
	}
	pod_validate_specific_annotations(na, jobj(pod, "spec"), "metadata.annotations", errs);
}

/* ValidateContainerUpdates: 1 when the counts differ (stop). */
static int
validate_container_updates(const json_t *nc, const json_t *oc, const char *path,
			   struct field_errors *errs)
{
	char cp[FPATH_MAX], p[FPATH_MAX];
	size_t i;
	json_t *c;

	if (json_array_size(nc) != json_array_size(oc)) {
		field_errors_forbidden(errs, path, "pod updates may not add or remove containers");
		return 1;
	}
	json_array_foreach((json_t *)nc, i, c) {
		fpath_index(cp, path, i);
		if (jstr0(c, "image")[0] == '\0')
			field_errors_required(errs, fpath_child(p, cp, "image"), "");
		if (has_outer_space(jstr0(c, "image")))
			field_errors_invalid(errs, fpath_child(p, cp, "image"), jstr0(c, "image"),
					     "must not have leading or trailing whitespace");
	}
	return 0;
}

/* validateOnlyAddedTolerations: each old toleration must remain (tolerationSeconds aside). */
static void
validate_only_added_tolerations(const json_t *nt, const json_t *ot, struct field_errors *errs)
{
	size_t i, j;
	json_t *o, *n;

	json_array_foreach((json_t *)ot, i, o) {
		int found = 0;

		json_array_foreach((json_t *)nt, j, n) {
			json_t *a = json_deep_copy(o);

			if (a == NULL) {
				errs->nomem = 1;
				return;
			}
			strategy_copy_key(a, n, "tolerationSeconds");
			found = strategy_semantic_equal(a, n);
			json_decref(a);
			if (found)
				break;
		}
		if (!found) {
			field_errors_forbidden(
				errs, "spec.tolerations",
				"existing toleration can not be modified except its tolerationSeconds");
			return;
		}
	}
	pod_validate_tolerations(nt, "spec.tolerations", errs);
}

static void
validate_only_deleted_gates(const json_t *ng, const json_t *og, struct field_errors *errs)
{
	size_t i, j;
	json_t *g, *o;

	json_array_foreach((json_t *)ng, i, g) {
		int found = 0;
		char p[FPATH_MAX], detail[FPATH_MAX];

		json_array_foreach((json_t *)og, j, o)
			found |= streq(jstr0(o, "name"), jstr0(g, "name"));
		if (found)
			continue;
		snprintf(p, sizeof(p), "spec.schedulingGates[%zu].name", i);
		snprintf(detail, sizeof(detail),
			 "only deletion is allowed, but found new scheduling gate '%s'",
			 jstr0(g, "name"));
		field_errors_forbidden(errs, p, detail);
	}
}

/* A readable stand-in for cmp.Diff (whose format upstream itself keeps unstable). */
static char *
spec_diff(const json_t *old, const json_t *new)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	const char *key;
	json_t *v;
	int r = kc_strbuf_adds(&sb, "  core.PodSpec{\n");

	json_object_foreach((json_t *)new, key, v) {
		json_t *o = json_object_get(old, key);
		KC_AUTOFREE char *os = NULL, *ns = NULL;

		if (strategy_semantic_equal(o, v))
			continue;
		os = o != NULL ? kc_json_dumps(o) : strdup("null");
		ns = kc_json_dumps(v);
		if (r >= 0)
			r = kc_strbuf_addf(&sb, "- \t%s: %s,\n+ \t%s: %s,\n", key, os ? os : "",
					   key, ns ? ns : "");
	}
	json_object_foreach((json_t *)old, key, v) {
		KC_AUTOFREE char *os = NULL;

		if (json_object_get(new, key) != NULL || strategy_is_zero(v))
			continue;
		os = kc_json_dumps(v);
		if (r >= 0)
			r = kc_strbuf_addf(&sb, "- \t%s: %s,\n", key, os ? os : "");
	}
	if (r >= 0)
		r = kc_strbuf_adds(&sb, "  }\n");
	return go_render_finish(&sb, r);
}

/* The munged copy of new spec that must equal old spec (ValidatePodUpdate). */
static json_t *
munge_spec(const json_t *ns, const json_t *os)
{
	static const char *const lists[] = { "containers", "initContainers" };
	json_t *m = json_deep_copy(ns);
	int64_t og = jint(os, "terminationGracePeriodSeconds", 0);

	if (m == NULL)
		return NULL;
	for (int l = 0; l < 2; l++) {
		size_t i;
		json_t *c;

		json_array_foreach(jarr(m, lists[l]), i, c)
			if (strategy_copy_key(c, json_array_get(jarr(os, lists[l]), i), "image") <
			    0)
				goto fail;
	}
	if (strategy_copy_key(m, os, "activeDeadlineSeconds") < 0 ||
	    strategy_copy_key(m, os, "schedulingGates") < 0 ||
	    strategy_copy_key(m, os, "tolerations") < 0)
		goto fail;
	if (jhas(os, "terminationGracePeriodSeconds") && og < 0 &&
	    jint(m, "terminationGracePeriodSeconds", 0) == 1 &&
	    strategy_copy_key(m, os, "terminationGracePeriodSeconds") < 0)
		goto fail;
	/* gated pods may gain nodeSelector entries */
	if (jlen(os, "schedulingGates") > 0 && jhas(m, "nodeSelector")) {
		const json_t *on = jobj(os, "nodeSelector");
		const char *key;
		json_t *v;
		int only_added = 1;

		json_object_foreach((json_t *)on, key, v)
			only_added &=
				kc_json_equal(v, json_object_get(jobj(m, "nodeSelector"), key));
		if (only_added && strategy_copy_key(m, os, "nodeSelector") < 0)
			goto fail;
	}
	return m;
fail:
	json_decref(m);
	return NULL;
}

static void
pod_validate_update(const struct api_resource *res, const json_t *pod, const json_t *old,
		    struct field_errors *errs)
{
	const json_t *ns = jobj(pod, "spec"), *os = jobj(old, "spec");
	json_t *munged;

	strategy_validate_object_meta_update(pod, old, errs);
	validate_pod_metadata_and_spec(pod, errs);
	validate_annotation_updates(pod, old, errs);
	if (validate_container_updates(jarr(ns, "containers"), jarr(os, "containers"),
				       "spec.containers", errs) ||
	    validate_container_updates(jarr(ns, "initContainers"), jarr(os, "initContainers"),
				       "spec.initContainers", errs))
		return;
	if (jhas(ns, "activeDeadlineSeconds")) {
		int64_t nv = jint(ns, "activeDeadlineSeconds", 0);

		if (nv < 0 || nv > MAX_INT32) {
			KC_AUTOFREE char *range = kc_validation_inclusive_range_error(0, MAX_INT32);

			field_errors_invalid_int(errs, "spec.activeDeadlineSeconds", nv,
						 range != NULL ? range : "");
			return;
		}
		if (jhas(os, "activeDeadlineSeconds") &&
		    jint(os, "activeDeadlineSeconds", 0) < nv) {
			field_errors_invalid_int(errs, "spec.activeDeadlineSeconds", nv,
						 "must be less than or equal to previous value");
			return;
		}
	} else if (jhas(os, "activeDeadlineSeconds")) {
		field_errors_invalid_raw(errs, "spec.activeDeadlineSeconds", "null",
					 "must not update from a positive integer to nil value");
	}
	validate_only_added_tolerations(jarr(ns, "tolerations"), jarr(os, "tolerations"), errs);
	validate_only_deleted_gates(jarr(ns, "schedulingGates"), jarr(os, "schedulingGates"), errs);
	if (strategy_semantic_equal(ns, os))
		return;
	munged = munge_spec(ns, os);
	if (munged == NULL) {
		errs->nomem = 1;
		return;
	}
	if (!strategy_semantic_equal(munged, os)) {
		KC_AUTOFREE char *diff = spec_diff(os, munged), *detail = NULL;

		if (asprintf(
			    &detail,
			    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n%s",
			    diff != NULL ? diff : "") < 0)
			errs->nomem = 1;
		else
			field_errors_forbidden(errs, "spec", detail);
	}
	json_decref(munged);
}

/* ValidateContainerStateTransition */
static void
validate_state_transitions(const json_t *ns, const json_t *os, const char *path,
			   const char *restart, const json_t *init_specs, struct field_errors *errs)
{
	char p[FPATH_MAX];
	size_t i, j;
	json_t *o, *n;

	if (streq(restart, "Always"))
		return;
	json_array_foreach((json_t *)os, i, o) {
		const json_t *term = jobj(jobj(o, "state"), "terminated");
		int restartable = 0;
		size_t k;
		json_t *c;

		if (term == NULL)
			continue;
		if (jint(term, "exitCode", 0) != 0 && streq(restart, "OnFailure"))
			continue;
		json_array_foreach((json_t *)init_specs, k, c)
			if (streq(jstr0(c, "name"), jstr0(o, "name")))
				restartable = streq(jstr0(c, "restartPolicy"), "Always");
		if (restartable)
			continue;
		json_array_foreach((json_t *)ns, j, n)
			if (streq(jstr0(o, "name"), jstr0(n, "name")) &&
			    !jhas(jobj(n, "state"), "terminated"))
				field_errors_forbidden(
					errs, fpath_child(p, fpath_index(p, path, i), "state"),
					"may not be transitioned to non-terminated state");
	}
}

/* []core.PodIP{core.PodIP{IP:"a"}, ...} (what = "PodIP" or "HostIP"), or one element. */
static char *
go_ips(const json_t *v, const char *what, int list)
{
	struct kc_strbuf sb = KC_STRBUF_INIT;
	size_t n = list ? json_array_size(v) : 1;
	int r = list ? kc_strbuf_addf(&sb, "[]core.%s{", what) : 0;

	for (size_t i = 0; r >= 0 && i < n; i++) {
		const char *ip = jstr0(list ? json_array_get(v, i) : v, "ip");

		r = kc_strbuf_addf(&sb, "%score.%s{IP:", i ? ", " : "", what);
		if (r >= 0)
			r = kc_validation_quote(&sb, ip, strlen(ip));
		if (r >= 0)
			r = kc_strbuf_addch(&sb, '}');
	}
	if (r >= 0 && list)
		r = kc_strbuf_addch(&sb, '}');
	return go_render_finish(&sb, r);
}

static int
ip_family(const char *ip)
{
	unsigned char b[16];

	return kc_validation_parse_ip(ip, b);
}

/* validatePodIPs / validateHostIPs */
static void
validate_status_ips(const json_t *status, const char *key, const char *single,
		    struct field_errors *errs)
{
	const json_t *ips = jarr(status, key);
	char path[FPATH_MAX], p[FPATH_MAX];
	size_t i, j;
	json_t *ip;
	int v4 = 0, v6 = 0;
	const char *what = single != NULL ? "HostIP" : "PodIP";

	fpath_child(path, "status", key);
	if (single != NULL && json_array_size(ips) > 0 &&
	    !streq(jstr0(status, single), jstr0(json_array_get(ips, 0), "ip")))
		field_errors_invalid(errs, fpath_child(p, fpath_index(p, path, 0), "ip"),
				     jstr0(json_array_get(ips, 0), "ip"),
				     "must be equal to `hostIP`");
	json_array_foreach((json_t *)ips, i, ip) {
		int fam = ip_family(jstr0(ip, "ip"));

		strategy_validate_ip(errs, fpath_index(p, path, i), jstr0(ip, "ip"));
		v4 += fam == 4;
		v6 += fam == 6;
	}
	if (json_array_size(ips) <= 1)
		return;
	if (!(v4 == 1 && v6 == 1) || json_array_size(ips) > 2) {
		KC_AUTOFREE char *raw = go_ips(ips, what, 1);

		field_errors_invalid_raw(errs, path, raw,
					 "may specify no more than one IP for each IP family");
	}
	json_array_foreach((json_t *)ips, i, ip)
		for (j = 0; j < i; j++)
			if (streq(jstr0(ip, "ip"), jstr0(json_array_get(ips, j), "ip"))) {
				KC_AUTOFREE char *raw = go_ips(ip, what, 0);

				field_errors_duplicate_raw(errs, fpath_index(p, path, i), raw,
							   NULL);
				break;
			}
}

static void
pod_validate_status_update(const struct api_resource *res, const json_t *pod, const json_t *old,
			   struct field_errors *errs)
{
	const json_t *st = jobj(pod, "status"), *ost = jobj(old, "status");
	const json_t *ospec = jobj(old, "spec");
	char p[FPATH_MAX];
	size_t i;
	json_t *c;

	strategy_validate_object_meta_update(pod, old, errs);
	validate_annotation_updates(pod, old, errs);
	json_array_foreach(jarr(st, "conditions"), i, c) {
		const char *type = jstr0(c, "type");

		if (streq(type, "PodScheduled") || streq(type, "Ready") ||
		    streq(type, "Initialized"))
			continue;
		snprintf(p, sizeof(p), "metadata.conditions[%zu].Type", i);
		strategy_validate_qualified_name(errs, p, type);
	}
	if (!streq(jstr0(jobj(pod, "spec"), "nodeName"), jstr0(ospec, "nodeName")))
		field_errors_forbidden(errs, "status.nodeName", "may not be changed directly");
	if (!streq(jstr0(st, "nominatedNodeName"), jstr0(ost, "nominatedNodeName")) &&
	    jstr0(st, "nominatedNodeName")[0] != '\0')
		strategy_validate_name_rule(errs, "status.nominatedNodeName",
					    NAME_DNS1123_SUBDOMAIN, jstr0(st, "nominatedNodeName"));
	strategy_validate_immutable(errs, "status.qosClass", st, ost, "qosClass", NULL);
	validate_state_transitions(jarr(st, "containerStatuses"), jarr(ost, "containerStatuses"),
				   "status.containerStatuses", jstr0(ospec, "restartPolicy"), NULL,
				   errs);
	validate_state_transitions(jarr(st, "initContainerStatuses"),
				   jarr(ost, "initContainerStatuses"),
				   "status.initContainerStatuses", jstr0(ospec, "restartPolicy"),
				   jarr(ospec, "initContainers"), errs);
	validate_state_transitions(jarr(st, "ephemeralContainerStatuses"),
				   jarr(ost, "ephemeralContainerStatuses"),
				   "status.ephemeralContainerStatuses", "Never", NULL, errs);
	validate_status_ips(st, "podIPs", NULL, errs);
	validate_status_ips(st, "hostIPs", "hostIP", errs);
}

static void
pod_warnings_on_create(const json_t *pod, struct kc_strv *warnings)
{
	struct kc_strv msgs = KC_STRV_INIT;
	const char *name = jstr0(jobj(pod, "metadata"), "name");

	if (kc_validation_is_dns1123_label(name, &msgs) > 0) {
		KC_AUTOFREE char *joined = kc_strv_join(&msgs, " ");

		kc_strv_pushf(
			warnings,
			"metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [%s]",
			joined != NULL ? joined : "");
	}
	kc_strv_release(&msgs);
	pod_template_warnings(pod, NULL, warnings);
}

/* ---- subresources ------------------------------------------------------------------------- */

void
pod_validate_binding(const json_t *binding, struct field_errors *errs)
{
	static const char *const kinds[] = { "Node", "<empty>", NULL };
	const json_t *target = jobj(binding, "target");
	const char *kind = jstr0(target, "kind");

	if (kind[0] != '\0' && !streq(kind, "Node"))
		field_errors_not_supported(errs, "target.kind", kind, kinds);
	if (jstr0(target, "name")[0] == '\0')
		field_errors_required(errs, "target.name", "");
}

int
pod_prepare_for_ephemeral_containers_update(json_t *pod, const json_t *old)
{
	static const char *const reset[] = { "deletionTimestamp", "generation", "labels",
					     "annotations",       "finalizers", "ownerReferences" };
	json_t *spec = json_deep_copy(jobj(old, "spec")),
	       *meta = strategy_ensure_object(pod, "metadata");
	json_t *ec = json_object_get(jobj(pod, "spec"), "ephemeralContainers");

	if (spec == NULL || meta == NULL)
		goto fail;
	if (ec == NULL)
		json_object_del(spec, "ephemeralContainers");
	else if (json_object_set(spec, "ephemeralContainers", ec) < 0)
		goto fail;
	if (json_object_set_new(pod, "spec", spec) < 0)
		return KC_ERR_NOMEM;
	spec = NULL;
	if (strategy_copy_key(pod, old, "status") < 0)
		return KC_ERR_NOMEM;
	/* ResetObjectMetaForStatus */
	for (size_t i = 0; i < KC_ARRAY_SIZE(reset); i++)
		if (strategy_copy_key(meta, jobj(old, "metadata"), reset[i]) < 0)
			return KC_ERR_NOMEM;
	return strategy_restore_system_meta(pod, old);
fail:
	json_decref(spec);
	return KC_ERR_NOMEM;
}

void
pod_validate_ephemeral_containers_update(const json_t *pod, const json_t *old,
					 struct field_errors *errs)
{
	const json_t *oc = jarr(jobj(old, "spec"), "ephemeralContainers");
	const json_t *nc = jarr(jobj(pod, "spec"), "ephemeralContainers");
	size_t i, j;
	json_t *o, *n;

	strategy_validate_object_meta_update(pod, old, errs);
	validate_pod_metadata_and_spec(pod, errs);
	validate_annotation_updates(pod, old, errs);
	if (jstr(jobj(jobj(old, "metadata"), "annotations"), "kubernetes.io/config.mirror") !=
	    NULL) {
		field_errors_release(errs);
		field_errors_forbidden(errs, "", "static pods do not support ephemeral containers");
		return;
	}
	json_array_foreach((json_t *)oc, i, o) {
		const json_t *match = NULL;
		char detail[512];

		json_array_foreach((json_t *)nc, j, n)
			if (streq(jstr0(n, "name"), jstr0(o, "name")))
				match = n;
		if (match == NULL) {
			snprintf(detail, sizeof(detail),
				 "existing ephemeral containers \"%s\" may not be removed\n",
				 jstr0(o, "name"));
			field_errors_forbidden(errs, "spec.ephemeralContainers", detail);
		} else if (!strategy_semantic_equal(o, match)) {
			snprintf(detail, sizeof(detail),
				 "existing ephemeral containers \"%s\" may not be changed\n",
				 jstr0(o, "name"));
			field_errors_forbidden(errs, "spec.ephemeralContainers", detail);
		}
	}
}

/* ---- field selectors --------------------------------------------------------------------------- */

static const char *
pod_field_value(const json_t *pod, const char *field, char *buf, size_t size)
{
	if (strcmp(field, "status.podIP") == 0) {
		const json_t *ips = jarr(jobj(pod, "status"), "podIPs");

		/* ToSelectableFields: the first of status.podIPs */
		return jstr0(json_array_get(ips, 0), "ip");
	}
	return NULL;
}

static const struct strategy_field pod_fields[] = {
	{ "spec.nodeName", NULL, "spec.nodeName", 's' },
	{ "spec.host", "spec.nodeName", "spec.nodeName", 's' },
	{ "spec.restartPolicy", NULL, "spec.restartPolicy", 's' },
	{ "spec.schedulerName", NULL, "spec.schedulerName", 's' },
	{ "spec.serviceAccountName", NULL, "spec.serviceAccountName", 's' },
	{ "spec.hostNetwork", NULL, "spec.hostNetwork", 'b' },
	{ "status.phase", NULL, "status.phase", 's' },
	{ "status.podIP", NULL, NULL, 's' },
	{ "status.podIPs", NULL, NULL, 's' },
	{ "status.nominatedNodeName", NULL, "status.nominatedNodeName", 's' },
	{ NULL, NULL, NULL, 0 },
};

const struct api_strategy strategy_pods = {
	.kind = "Pod",
	.flags = STRATEGY_STATUS,
	.defaults = pod_defaults,
	.prepare_for_create = pod_prepare_for_create,
	.prepare_for_status_update = pod_prepare_for_status_update,
	.validate = pod_validate,
	.validate_update = pod_validate_update,
	.validate_status_update = pod_validate_status_update,
	.warnings_on_create = pod_warnings_on_create,
	.fields = pod_fields,
	.field_value = pod_field_value,
};
