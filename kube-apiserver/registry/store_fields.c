/*
 * store_fields.c - field selector values of stored objects for the watch cache (upstream: each
 * resource's GetAttrs / SelectableFields in pkg/registry/<group>/<resource>/strategy.go).
 *
 * The watch cache asks by canonical field name (selectors were converted by the handler) for
 * objects in their stored shape, so the registry row of the stored shape answers, found from
 * the object's apiVersion and kind.  metadata.name and metadata.namespace never get here.
 */
#include <string.h>

#include "kube-apiserver/registry/registry.h"
#include "kube-apiserver/registry/store_internal.h"
#include "kube-apiserver/registry/strategy.h"
#include "libkcommon/json.h"

/* The row whose group/version/kind the object has; the last answer is kept, as objects of one
 * store come in a row. */
static const struct api_resource *
row_of(const json_t *obj)
{
	static const struct api_resource *last;
	const char *gv = kc_json_get_string(obj, "apiVersion", "");
	const char *kind = kc_json_get_string(obj, "kind", "");
	const char *slash = strchr(gv, '/');
	size_t glen = slash != NULL ? (size_t)(slash - gv) : 0;
	const char *version = slash != NULL ? slash + 1 : gv;

	if (last != NULL && strcmp(last->kind, kind) == 0 && strcmp(last->version, version) == 0 &&
	    strlen(last->group) == glen && strncmp(last->group, gv, glen) == 0)
		return last;
	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		if (r->etcd_prefix == NULL || strcmp(r->kind, kind) != 0 ||
		    strcmp(r->version, version) != 0 || strlen(r->group) != glen ||
		    strncmp(r->group, gv, glen) != 0)
			continue;
		last = r;
		return r;
	}
	return NULL;
}

const char *
store_field_value(const json_t *obj, const char *field)
{
	static char buf[128];
	const struct api_resource *res = row_of(obj);

	if (res == NULL)
		return NULL;
	return strategy_field_value(res, obj, field, buf, sizeof(buf));
}
