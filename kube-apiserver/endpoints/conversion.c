/*
 * conversion.c - what the request's API version changes about stored objects and selectors
 * (upstream: the scope's Convertor in staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * rest.go: ConvertFieldLabel per kind, and the codec's conversion between the storage version
 * and the requested one).
 *
 * Only events differ between their two APIs (events.k8s.io/v1 is stored as core/v1); field
 * labels and their conversion come from the resource strategies (registry/strategy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube-apiserver/endpoints/handlers.h"
#include "kube-apiserver/endpoints/strategic_merge_patch.h"
#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/rest.h"
#include "kube-apiserver/registry/strategy.h"
#include "libkcommon/errors.h"
#include "libkcommon/fields.h"
#include "libkcommon/json.h"

int
api_field_selector_convert(const struct api_resource *res, struct kc_field_selector *sel,
			   char **ret_err)
{
	return strategy_field_selector_convert(res, sel, ret_err);
}

int
api_needs_conversion(const struct api_resource *res)
{
	return rest_converts(res);
}

json_t *
api_from_storage(const struct api_resource *res, const json_t *obj)
{
	return rest_from_storage(res, obj);
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
