/*
 * discovery.c - legacy and aggregated discovery documents from the resource table
 * (upstream: apiserver/pkg/endpoints/discovery/{legacy,group,version}.go, the aggregated handler, and
 * apimachinery/pkg/apis/meta/v1 APIResource / apidiscovery/v2 types).
 */
#include <stdio.h>
#include <string.h>

#include "kube-apiserver/endpoints/discovery.h"
#include "kube-apiserver/registry/registry.h"

static const char *const verb_names[] = {
	"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch",
};

/* Verbs in upstream's (alphabetical) order. */
static json_t *
verbs_json(unsigned int verbs)
{
	json_t *a = json_array();

	for (size_t i = 0; i < sizeof(verb_names) / sizeof(verb_names[0]); i++)
		if (verbs & (1u << i))
			json_array_append_new(a, json_string(verb_names[i]));
	return a;
}

static void
add_short_names_and_categories(json_t *o, const struct api_resource *r)
{
	if (r->short_names[0] != NULL) {
		json_t *a = json_array();

		for (int i = 0; i < API_MAX_SHORTNAMES && r->short_names[i] != NULL; i++)
			json_array_append_new(a, json_string(r->short_names[i]));
		json_object_set_new(o, "shortNames", a);
	}
	if (r->category_all)
		json_object_set_new(o, "categories", json_pack("[s]", "all"));
}

/* The group/version/kind a subresource answers with, the parent's when not set. */
static void
subresource_gvk(const struct api_resource *r, const struct api_subresource *s,
		const char **g, const char **v, const char **k)
{
	*g = s->group != NULL ? s->group : r->group;
	*v = s->version != NULL ? s->version : r->version;
	*k = s->kind != NULL ? s->kind : r->kind;
}

json_t *
discovery_api_versions(const char *server_address)
{
	return json_pack("{s:s, s:[s], s:[{s:s, s:s}]}", "kind", "APIVersions", "versions", "v1",
			 "serverAddressByClientCIDRs", "clientCIDR", "0.0.0.0/0", "serverAddress",
			 server_address);
}

static json_t *
group_json(const char *group)
{
	char gv[128];
	json_t *versions = json_array();
	const char *preferred = NULL;

	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		int seen = 0;
		size_t i;
		json_t *v;

		if (strcmp(r->group, group) != 0)
			continue;
		json_array_foreach(versions, i, v)
			seen |= strcmp(json_string_value(json_object_get(v, "version")), r->version) == 0;
		if (seen)
			continue;
		snprintf(gv, sizeof(gv), "%s/%s", group, r->version);
		json_array_append_new(versions, json_pack("{s:s, s:s}", "groupVersion", gv,
							  "version", r->version));
		if (preferred == NULL)
			preferred = r->version;
	}
	if (preferred == NULL) {
		json_decref(versions);
		return NULL;
	}
	snprintf(gv, sizeof(gv), "%s/%s", group, preferred);
	return json_pack("{s:s, s:o, s:{s:s, s:s}}", "name", group, "versions", versions,
			 "preferredVersion", "groupVersion", gv, "version", preferred);
}

json_t *
discovery_group_list(void)
{
	const char *groups[64];
	size_t n = registry_groups(groups, 64);
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		if (*groups[i] != '\0')
			json_array_append_new(list, group_json(groups[i]));
	return json_pack("{s:s, s:s, s:o}", "kind", "APIGroupList", "apiVersion", "v1", "groups",
			 list);
}

json_t *
discovery_group(const char *group)
{
	json_t *g;

	if (*group == '\0' || (g = group_json(group)) == NULL)
		return NULL;
	json_object_set_new(g, "kind", json_string("APIGroup"));
	json_object_set_new(g, "apiVersion", json_string("v1"));
	return g;
}

static json_t *
legacy_resource(const struct api_resource *r)
{
	json_t *o = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", r->resource, "singularName",
			      r->singular, "namespaced", r->namespaced, "kind", r->kind, "verbs",
			      verbs_json(r->verbs));

	add_short_names_and_categories(o, r);
	return o;
}

static json_t *
legacy_subresource(const struct api_resource *r, const struct api_subresource *s)
{
	char name[128];
	const char *g, *v, *k;
	json_t *o;

	subresource_gvk(r, s, &g, &v, &k);
	snprintf(name, sizeof(name), "%s/%s", r->resource, s->name);
	o = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", name, "singularName", "", "namespaced",
		      r->namespaced, "kind", k, "verbs", verbs_json(s->verbs));
	/* group/version only when the subresource answers with another group's kind */
	if (strcmp(g, r->group) != 0 || strcmp(v, r->version) != 0) {
		json_object_set_new(o, "group", json_string(g));
		json_object_set_new(o, "version", json_string(v));
	}
	return o;
}

json_t *
discovery_resource_list(const char *group, const char *version)
{
	char gv[128];
	json_t *resources = json_array();
	int found = 0;

	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		if (strcmp(r->group, group) != 0 || strcmp(r->version, version) != 0)
			continue;
		found = 1;
		json_array_append_new(resources, legacy_resource(r));
		for (int i = 0; i < API_MAX_SUBRESOURCES && r->subresources[i].name != NULL; i++)
			json_array_append_new(resources, legacy_subresource(r, &r->subresources[i]));
	}
	if (!found) {
		json_decref(resources);
		return NULL;
	}
	registry_group_version(&(struct api_resource){ .group = group, .version = version }, gv,
			       sizeof(gv));
	return json_pack("{s:s, s:s, s:s, s:o}", "kind", "APIResourceList", "apiVersion", "v1",
			 "groupVersion", gv, "resources", resources);
}

static json_t *
aggregated_resource(const struct api_resource *r)
{
	json_t *o = json_pack("{s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:o}", "resource", r->resource,
			      "responseKind", "group", r->group, "version", r->version, "kind",
			      r->kind, "scope", r->namespaced ? "Namespaced" : "Cluster",
			      "singularResource", r->singular, "verbs", verbs_json(r->verbs));
	json_t *subs = json_array();

	add_short_names_and_categories(o, r);
	for (int i = 0; i < API_MAX_SUBRESOURCES && r->subresources[i].name != NULL; i++) {
		const struct api_subresource *s = &r->subresources[i];
		const char *g, *v, *k;

		subresource_gvk(r, s, &g, &v, &k);
		json_array_append_new(subs, json_pack("{s:s, s:{s:s, s:s, s:s}, s:o}", "subresource",
						      s->name, "responseKind", "group", g, "version",
						      v, "kind", k, "verbs", verbs_json(s->verbs)));
	}
	if (json_array_size(subs) > 0)
		json_object_set_new(o, "subresources", subs);
	else
		json_decref(subs);
	return o;
}

static json_t *
aggregated_group(const char *group)
{
	json_t *versions = json_array();

	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		json_t *version = NULL, *v;
		size_t i;

		if (strcmp(r->group, group) != 0)
			continue;
		json_array_foreach(versions, i, v)
			if (strcmp(json_string_value(json_object_get(v, "version")), r->version) == 0)
				version = v;
		if (version == NULL) {
			version = json_pack("{s:s, s:[], s:s}", "version", r->version, "resources",
					    "freshness", "Current");
			json_array_append_new(versions, version);
		}
		json_array_append_new(json_object_get(version, "resources"), aggregated_resource(r));
	}
	return json_pack("{s:{s:s, s:n}, s:o}", "metadata", "name", group, "creationTimestamp",
			 "versions", versions);
}

json_t *
discovery_aggregated(int core, const char *api_version)
{
	const char *groups[64];
	size_t n = registry_groups(groups, 64);
	json_t *items = json_array();
	char av[64];

	for (size_t i = 0; i < n; i++)
		if ((*groups[i] == '\0') == (core != 0))
			json_array_append_new(items, aggregated_group(groups[i]));
	snprintf(av, sizeof(av), "apidiscovery.k8s.io/%s", api_version);
	return json_pack("{s:s, s:s, s:{}, s:o}", "kind", "APIGroupDiscoveryList", "apiVersion", av,
			 "metadata", "items", items);
}
