/*
 * pod_storage.c - binding and eviction of pods (upstream: pkg/registry/core/pod/storage/
 * storage.go BindingREST, eviction.go EvictionREST; pkg/api/v1/pod UpdatePodCondition).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/status.h"
#include "kube-apiserver/registry/pod_storage.h"
#include "libkcommon/errors.h"
#include "libkcommon/json.h"
#include "libkcommon/meta.h"

int
pod_binding_check(const json_t *binding, const char *url_name, json_t **ret_status)
{
	const char *name = kc_meta_name(binding);
	const char *kind = kc_json_get_string(binding, "target.kind", "");
	const char *target = kc_json_get_string(binding, "target.name", "");
	char msg[512];

	if (name == NULL || strcmp(name, url_name) != 0) {
		*ret_status = status_new(KC_ERR_BAD_REQUEST,
					 "name in URL does not match name in Binding object");
		return KC_ERR_BAD_REQUEST;
	}
	if (kind[0] != '\0' && strcmp(kind, "Node") != 0) {
		snprintf(msg, sizeof(msg),
			 "Internal error occurred: target.kind: Unsupported value: \"%.200s\": "
			 "supported values: \"Node\"",
			 kind);
		*ret_status = status_new(KC_ERR_INTERNAL, msg);
		return KC_ERR_INTERNAL;
	}
	if (target[0] == '\0') {
		*ret_status = status_new(KC_ERR_INTERNAL,
					 "Internal error occurred: target.name: Required value");
		return KC_ERR_INTERNAL;
	}
	return 0;
}

/* UpdatePodCondition(PodScheduled=True): lastTransitionTime changes with the status only. */
static int
set_scheduled(json_t *pod, int64_t now_ns)
{
	json_t *conds = kc_json_get_array(pod, "status.conditions"), *c;
	size_t i;

	if (conds == NULL) {
		conds = json_array();
		if (conds == NULL || kc_json_set_path_steal(pod, "status.conditions", conds) < 0)
			return KC_ERR_NOMEM;
	}
	json_array_foreach(conds, i, c) {
		if (strcmp(kc_json_get_string(c, "type", ""), "PodScheduled") != 0)
			continue;
		if (strcmp(kc_json_get_string(c, "status", ""), "True") != 0) {
			json_object_set_new(c, "status", json_string("True"));
			json_object_set_new(c, "lastTransitionTime", kc_meta_time_json(now_ns));
		}
		json_object_del(c, "reason");
		json_object_del(c, "message");
		return 0;
	}
	c = json_pack("{s:s, s:s, s:n, s:o}", "type", "PodScheduled", "status", "True",
		      "lastProbeTime", "lastTransitionTime", kc_meta_time_json(now_ns));
	return c == NULL || json_array_append_new(conds, c) < 0 ? KC_ERR_NOMEM : 0;
}

int
pod_binding_assign(const json_t *pod, const json_t *binding, int64_t now_ns, json_t **ret_pod,
		   char **ret_err)
{
	const char *name = kc_meta_name(pod), *node = kc_json_get_string(pod, "spec.nodeName", "");
	const json_t *gates = kc_json_get(pod, "spec", "schedulingGates", NULL);
	const json_t *ann = kc_json_get(binding, "metadata", "annotations", NULL);
	json_t *out, *pa, *v;
	const char *k;
	int r;

	if (name == NULL)
		name = "";
	if (kc_meta_is_being_deleted(pod)) {
		r = asprintf(ret_err, "pod %s is being deleted, cannot be assigned to a host",
			     name);
		return r < 0 ? KC_ERR_NOMEM : KC_ERR_CONFLICT;
	}
	if (node[0] != '\0') {
		r = asprintf(ret_err, "pod %s is already assigned to node \"%s\"", name, node);
		return r < 0 ? KC_ERR_NOMEM : KC_ERR_CONFLICT;
	}
	if (json_is_array(gates) && json_array_size(gates) > 0) {
		r = asprintf(ret_err, "pod %s has non-empty .spec.schedulingGates", name);
		return r < 0 ? KC_ERR_NOMEM : KC_ERR_CONFLICT;
	}
	out = json_deep_copy(pod);
	if (out == NULL)
		return KC_ERR_NOMEM;
	if (kc_json_set_path_steal(out, "spec.nodeName",
				   json_string(kc_json_get_string(binding, "target.name", ""))) < 0)
		goto nomem;
	if (json_is_object(ann) && json_object_size(ann) > 0) {
		pa = kc_json_get_object(out, "metadata.annotations");
		if (pa == NULL) {
			pa = json_object();
			if (pa == NULL ||
			    kc_json_set_path_steal(out, "metadata.annotations", pa) < 0)
				goto nomem;
		}
		json_object_foreach((json_t *)ann, k, v)
			json_object_set(pa, k, v);
	}
	if (set_scheduled(out, now_ns) < 0)
		goto nomem;
	*ret_pod = out;
	return 0;
nomem:
	json_decref(out);
	return KC_ERR_NOMEM;
}

int
pod_eviction_check(const json_t *eviction, const char *url_name, json_t **ret_status)
{
	const char *name = kc_meta_name(eviction);

	if (name == NULL || strcmp(name, url_name) != 0) {
		*ret_status = status_new(KC_ERR_BAD_REQUEST,
					 "name in URL does not match name in Eviction object");
		return KC_ERR_BAD_REQUEST;
	}
	return 0;
}

int
pod_eviction_ignores_pdb(const json_t *pod)
{
	const char *phase = kc_json_get_string(pod, "status.phase", "");

	return kc_meta_is_being_deleted(pod) || strcmp(phase, "Succeeded") == 0 ||
	       strcmp(phase, "Failed") == 0 || strcmp(phase, "Pending") == 0;
}
