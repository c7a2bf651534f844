/*
 * request_info.h - what an API request is about, read from its method, path and query
 * (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
 *
 * The first stage of the request path (request info → authn → authz → admission → storage):
 * authorization decides on exactly these fields, so they follow upstream's parser, quirks
 * included (namespaces/<ns>/status is the namespace's subresource, a GET without a name is a list
 * or a watch, a DELETE without a name is a deletecollection).
 */
#ifndef KUBE_APISERVER_REQUEST_INFO_H
#define KUBE_APISERVER_REQUEST_INFO_H

#include <stddef.h>

#define REQUEST_INFO_MAX_PARTS 16

struct request_info {
	int is_resource_request;
	const char *path;	 /* the decoded path (borrowed from the request) */
	const char *verb;	 /* get list watch create update patch delete deletecollection, or
				  * for non-resource requests the lower-cased HTTP method */
	const char *api_prefix;	 /* "api" or "apis"; NULL for non-resource requests */
	const char *api_group;	 /* "" for core */
	const char *api_version;
	const char *namespace_;	 /* "" when cluster-wide */
	const char *resource;
	const char *subresource; /* "" when none */
	const char *name;	 /* "" when none */
	const char *parts[REQUEST_INFO_MAX_PARTS]; /* resource-relative segments */
	size_t nparts;
	char *storage_; /* owns the segment strings */
};

/*
 * Fills info from method, decoded path and the raw query (for watch=...).  Returns 0, or
 * KC_ERR_NOMEM.  A malformed resource path (too many segments) is a non-resource request, as
 * upstream's parser falls back to.  Release with request_info_release().
 */
int request_info_parse(struct request_info *info, const char *method, const char *path,
		       int watch_param);

void request_info_release(struct request_info *info);

#endif
