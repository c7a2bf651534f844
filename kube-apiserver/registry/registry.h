/*
 * registry.h - THE resource table of kube-apiserver: every group/version/resource we serve, with
 * its kind, scope, verbs, short names, categories, subresources and etcd key prefix
 * (upstream: pkg/registry/<group>/rest/storage_<group>.go, one `storage["x"] = ...` per row,
 * and the etcd prefixes of test/integration/etcd/data.go).
 *
 * Discovery, routing and storage all read this one table, so "what is served" is listed once.
 */
#ifndef KUBE_APISERVER_REGISTRY_H
#define KUBE_APISERVER_REGISTRY_H

#include <stddef.h>

enum api_verb {
	VERB_CREATE = 1 << 0,
	VERB_DELETE = 1 << 1,
	VERB_DELETECOLLECTION = 1 << 2,
	VERB_GET = 1 << 3,
	VERB_LIST = 1 << 4,
	VERB_PATCH = 1 << 5,
	VERB_UPDATE = 1 << 6,
	VERB_WATCH = 1 << 7,
};

#define VERBS_ALL8                                                                         \
	(VERB_CREATE | VERB_DELETE | VERB_DELETECOLLECTION | VERB_GET | VERB_LIST | VERB_PATCH | \
	 VERB_UPDATE | VERB_WATCH)
#define VERBS_NO_DELETECOLLECTION (VERBS_ALL8 & ~VERB_DELETECOLLECTION)

/* A subresource; group/version/kind of what it answers with (NULL group = the parent's). */
struct api_subresource {
	const char *name; /* "status", "scale", ... */
	const char *group;
	const char *version;
	const char *kind;
	unsigned int verbs;
};

#define API_MAX_SUBRESOURCES 10
#define API_MAX_SHORTNAMES   3

struct api_resource {
	const char *group;   /* "" for core */
	const char *version; /* "v1" */
	const char *resource;
	const char *singular;
	const char *kind;
	int namespaced;
	unsigned int verbs;
	const char *short_names[API_MAX_SHORTNAMES + 1];
	int category_all; /* listed in the "all" category */
	/* etcd key prefix under --etcd-prefix: "pods", "services/specs", "minions"; shared storage
	 * (events.k8s.io events) names the same prefix as its core twin. */
	const char *etcd_prefix;
	struct api_subresource subresources[API_MAX_SUBRESOURCES];
};

/* The table, ending with a row whose resource is NULL. */
extern const struct api_resource api_resources[];

/* The row for group/version/resource, or NULL. */
const struct api_resource *registry_lookup(const char *group, const char *version,
					   const char *resource);

/* The subresource row called name of res, or NULL. */
const struct api_subresource *registry_subresource(const struct api_resource *res,
						   const char *name);

/* "apps/v1" or "v1" into buf. */
const char *registry_group_version(const struct api_resource *res, char *buf, size_t size);

/* Distinct group names in table order ("" first); n written into *ret_n. Borrowed strings. */
size_t registry_groups(const char **groups, size_t max);

#endif
