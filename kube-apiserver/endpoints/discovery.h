/*
 * discovery.h - the discovery documents built from the resource table (upstream:
 * staging/src/k8s.io/apiserver/pkg/endpoints/discovery/{legacy.go,group.go,version.go,
 * root.go,aggregated/handler.go}).
 *
 * They never change while the server runs, so they are built once; each returns a new
 * reference (NULL when out of memory).
 */
#ifndef KUBE_APISERVER_DISCOVERY_H
#define KUBE_APISERVER_DISCOVERY_H

#include <jansson.h>

/* /api: {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[...]}. */
json_t *discovery_api_versions(const char *server_address);
/* /apis: APIGroupList of every group but the core one. */
json_t *discovery_group_list(void);
/* /apis/<group>: APIGroup, or NULL when the group is not served. */
json_t *discovery_group(const char *group);
/* /api/v1, /apis/<g>/<v>: APIResourceList with subresource rows, or NULL when not served. */
json_t *discovery_resource_list(const char *group, const char *version);
/*
 * Aggregated discovery (APIGroupDiscoveryList) for /api (core only: core = 1) or /apis
 * (every other group: core = 0), as apidiscovery.k8s.io/<api_version> ("v2" or "v2beta1").
 */
json_t *discovery_aggregated(int core, const char *api_version);

#endif
