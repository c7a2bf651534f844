/*
 * schema_rows.h - the compact form the OpenAPI schemas are written in (upstream: the Go types
 * of k8s.io/api and k8s.io/apimachinery, which kube-openapi's generator turns into the
 * components.schemas of /openapi/v3; see pkg/generated/openapi/zz_generated.openapi.go).
 *
 * Each schemas_*.c file is one table of rows, ended by ROWS_END:
 *
 *	NS("io.k8s.api.apps.v1"),			names below are relative to this prefix
 *	T("Deployment", "object gvk=apps/v1/Deployment", "Deployment enables ..."),
 *	F("spec", "DeploymentSpec", "Specification of the desired behavior ..."),
 *	R("selector", "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "Label selector ..."),
 *
 * T starts a type; the F (optional) and R (required) rows after it are its properties, in the
 * Go declaration order.  A spec is a type followed by space-separated key=value attributes.
 *
 * Field types: string boolean int32 int64 float double byte, []T (array), map[string]T
 * (additionalProperties), or a schema name (with a dot: absolute; without: in NS).
 * Field attributes: list=atomic|set|map, keys=a,b (x-kubernetes-list-map-keys),
 * map=atomic|granular (x-kubernetes-map-type), pmk=key (x-kubernetes-patch-merge-key),
 * ps=merge[,retainKeys] (x-kubernetes-patch-strategy), format=f, and last enum=A|B|C (on the
 * innermost scalar; it takes the rest of the spec, so values may hold spaces).
 *
 * Type specs: "object" (properties), "string format=date-time", "quantity" (string or number),
 * "int-or-string".  Type attributes: gvk=group/version/Kind (repeatable; the group is empty
 * for core), gvk=* (every served group-version, as DeleteOptions and WatchEvent are registered
 * in each), map=atomic|granular.
 */
#ifndef KUBE_APISERVER_OPENAPI_SCHEMA_ROWS_H
#define KUBE_APISERVER_OPENAPI_SCHEMA_ROWS_H

#include <stddef.h>

enum openapi_row_kind {
	OPENAPI_ROW_END,
	OPENAPI_ROW_NS,
	OPENAPI_ROW_TYPE,
	OPENAPI_ROW_FIELD,
	OPENAPI_ROW_REQUIRED,
};

struct openapi_row {
	enum openapi_row_kind kind;
	const char *name;
	const char *spec;
	const char *desc;
};

#define NS(prefix)                                 \
	{                                          \
		OPENAPI_ROW_NS, prefix, NULL, NULL \
	}
#define T(name, spec, desc)                        \
	{                                          \
		OPENAPI_ROW_TYPE, name, spec, desc \
	}
#define F(name, spec, desc)                         \
	{                                           \
		OPENAPI_ROW_FIELD, name, spec, desc \
	}
#define R(name, spec, desc)                            \
	{                                              \
		OPENAPI_ROW_REQUIRED, name, spec, desc \
	}
#define ROWS_END                                  \
	{                                         \
		OPENAPI_ROW_END, NULL, NULL, NULL \
	}

/* The tables, one per file; schema.c lists them. */
extern const struct openapi_row openapi_schemas_meta[];
extern const struct openapi_row openapi_schemas_core_v1[];
extern const struct openapi_row openapi_schemas_apps_v1[];
extern const struct openapi_row openapi_schemas_batch_v1[];
extern const struct openapi_row openapi_schemas_groups[];

#endif
