/*
 * request_info.c - method + path → verb, group, version, namespace, resource, name, subresource
 * (upstream: staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go NewRequestInfo).
 */
#include <stdlib.h>
#include <string.h>

#include "libkcommon/errors.h"
#include "kube-apiserver/endpoints/request_info.h"

/* Splits path on '/' into info->parts, skipping empty leading/trailing segments as Go's
 * strings.Split(strings.Trim(path, "/"), "/") does.  Returns the number of segments, or -1 if
 * there are too many. */
static int
split_path(struct request_info *info, const char **segs, size_t max)
{
	char *p = info->storage_;
	size_t n = 0;

	while (*p == '/')
		p++;
	{
		size_t len = strlen(p);

		while (len > 0 && p[len - 1] == '/')
			p[--len] = '\0';
	}
	if (*p == '\0')
		return 0;
	for (;;) {
		char *slash = strchr(p, '/');

		if (n == max)
			return -1;
		segs[n++] = p;
		if (slash == NULL)
			break;
		*slash = '\0';
		p = slash + 1;
	}
	return (int)n;
}

static const char *
lower_method(const char *method)
{
	static const char *const methods[][2] = {
		{ "GET", "get" },     { "POST", "post" },     { "PUT", "put" },
		{ "PATCH", "patch" }, { "DELETE", "delete" }, { "HEAD", "head" },
		{ "OPTIONS", "options" },
	};

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(method, methods[i][0]) == 0)
			return methods[i][1];
	return "";
}

static const char *
resource_verb(const char *method)
{
	if (strcmp(method, "POST") == 0)
		return "create";
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		return "get";
	if (strcmp(method, "PUT") == 0)
		return "update";
	if (strcmp(method, "PATCH") == 0)
		return "patch";
	if (strcmp(method, "DELETE") == 0)
		return "delete";
	return "";
}

static void
set_non_resource(struct request_info *info, const char *method)
{
	info->is_resource_request = 0;
	info->verb = lower_method(method);
	info->api_prefix = NULL;
	info->nparts = 0;
}

int
request_info_parse(struct request_info *info, const char *method, const char *path,
		   int watch_param)
{
	const char *segs[REQUEST_INFO_MAX_PARTS + 8];
	const char **cur;
	int n;

	memset(info, 0, sizeof(*info));
	info->path = path;
	info->api_group = info->api_version = info->namespace_ = "";
	info->resource = info->subresource = info->name = "";
	info->storage_ = strdup(path);
	if (info->storage_ == NULL)
		return KC_ERR_NOMEM;
	n = split_path(info, segs, sizeof(segs) / sizeof(segs[0]));
	/* /api/<version>/... or /apis/<group>/<version>/... with at least a resource after it */
	if (n < 1 || (strcmp(segs[0], "api") != 0 && strcmp(segs[0], "apis") != 0)) {
		set_non_resource(info, method);
		return 0;
	}
	info->api_prefix = segs[0];
	cur = segs + 1;
	n--;
	if (strcmp(info->api_prefix, "apis") == 0) {
		if (n < 3) { /* /apis, /apis/<g>, /apis/<g>/<v>: discovery */
			set_non_resource(info, method);
			return 0;
		}
		info->api_group = *cur++;
		n--;
	} else if (n < 2) { /* /api, /api/v1 */
		set_non_resource(info, method);
		return 0;
	}
	info->api_version = *cur++;
	n--;
	info->is_resource_request = 1;
	info->verb = resource_verb(method);
	/* the legacy /watch/ prefix */
	if (n > 0 && strcmp(cur[0], "watch") == 0) {
		info->verb = "watch";
		cur++;
		n--;
	}
	if (n > 0 && strcmp(cur[0], "namespaces") == 0) {
		if (n > 1) {
			info->namespace_ = cur[1];
			/* namespaces/<ns>/<x>: <x> is a resource unless it is the namespace's own
			 * subresource */
			if (n > 2 && strcmp(cur[2], "status") != 0 && strcmp(cur[2], "finalize") != 0) {
				cur += 2;
				n -= 2;
			}
		}
	}
	if (n > REQUEST_INFO_MAX_PARTS) {
		set_non_resource(info, method);
		return 0;
	}
	for (int i = 0; i < n; i++)
		info->parts[i] = cur[i];
	info->nparts = (size_t)n;
	if (n >= 3 && strcmp(info->verb, "watch") != 0)
		info->subresource = cur[2];
	if (n >= 2)
		info->name = cur[1];
	if (n >= 1)
		info->resource = cur[0];
	if (*info->name == '\0' && strcmp(info->verb, "get") == 0)
		info->verb = watch_param ? "watch" : "list";
	if (*info->name == '\0' && strcmp(info->verb, "delete") == 0)
		info->verb = "deletecollection";
	return 0;
}

void
request_info_release(struct request_info *info)
{
	free(info->storage_);
	info->storage_ = NULL;
}
