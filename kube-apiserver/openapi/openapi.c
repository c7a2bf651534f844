/*
 * openapi.c - the /openapi/v3 root and per-group-version documents (upstream: the routes that
 * apiserver/pkg/endpoints/installer.go registers and their operation ids, descriptions and
 * parameters as kube-openapi/pkg/builder3 writes them, and kube-openapi/pkg/handler3 for the
 * root, the hash and the ETag).
 *
 * Differences from upstream, on purpose: PATCH request bodies list json-patch, merge-patch and
 * apply-patch+yaml but not strategic-merge-patch (kubectl then computes client-side apply
 * patches from its compiled-in types, see docs API-COMPAT §3.7 PA6); responses list only the
 * media types this server produces (JSON, YAML, JSON watch streams); descriptions are cut to
 * their first sentence; no "default" values.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "kube-apiserver/openapi/openapi.h"
#include "kube-apiserver/openapi/schema.h"
#include "kube-apiserver/registry/registry.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "libkcommon/log.h"

struct doc_slot {
	struct openapi_doc doc;
	char *path;
	char *bytes;
	char *etag;
	char *url;
	char *hash;
};

static struct {
	int built;
	struct doc_slot root;
	struct doc_slot *docs; /* sorted by path */
	size_t ndocs;
	struct openapi_schemas *schemas;
} store;

/* --- query parameters -------------------------------------------------------------------- */

enum param_id {
	P_ALLOW_WATCH_BOOKMARKS,
	P_COMMAND,
	P_CONTAINER_ATTACH,
	P_CONTAINER_EXEC,
	P_CONTAINER_LOG,
	P_CONTINUE,
	P_DRY_RUN,
	P_FIELD_MANAGER,
	P_FIELD_MANAGER_PATCH,
	P_FIELD_SELECTOR,
	P_FIELD_VALIDATION,
	P_FOLLOW,
	P_FORCE,
	P_GRACE_PERIOD_SECONDS,
	P_INSECURE_SKIP_TLS_VERIFY_BACKEND,
	P_LABEL_SELECTOR,
	P_LIMIT,
	P_LIMIT_BYTES,
	P_ORPHAN_DEPENDENTS,
	P_PATH_QUERY,
	P_PORTS,
	P_PREVIOUS,
	P_PROPAGATION_POLICY,
	P_RESOURCE_VERSION,
	P_RESOURCE_VERSION_MATCH,
	P_SEND_INITIAL_EVENTS,
	P_SINCE_SECONDS,
	P_STDERR,
	P_STDIN,
	P_STDOUT,
	P_TAIL_LINES,
	P_TIMEOUT_SECONDS,
	P_TIMESTAMPS,
	P_TTY,
	P_WATCH,
};

#define PBIT(p) (UINT64_C(1) << (p))

/* clang-format off */
static const struct param_def {
	const char *name;
	const char *type;
	const char *desc;
} param_defs[] = {
	[P_ALLOW_WATCH_BOOKMARKS] = { "allowWatchBookmarks", "boolean",
		"allowWatchBookmarks requests watch events with type \"BOOKMARK\"." },
	[P_COMMAND] = { "command", "string", "Command is the remote command to execute." },
	[P_CONTAINER_ATTACH] = { "container", "string",
		"The container in which to execute the command." },
	[P_CONTAINER_EXEC] = { "container", "string",
		"Container in which to execute the command." },
	[P_CONTAINER_LOG] = { "container", "string",
		"The container for which to stream logs." },
	[P_CONTINUE] = { "continue", "string",
		"The continue option should be set when retrieving more results from the server." },
	[P_DRY_RUN] = { "dryRun", "string",
		"When present, indicates that modifications should not be persisted." },
	[P_FIELD_MANAGER] = { "fieldManager", "string",
		"fieldManager is a name associated with the actor or entity that is making these "
		"changes." },
	[P_FIELD_MANAGER_PATCH] = { "fieldManager", "string",
		"fieldManager is a name associated with the actor or entity that is making these "
		"changes; it is required for apply requests (application/apply-patch)." },
	[P_FIELD_SELECTOR] = { "fieldSelector", "string",
		"A selector to restrict the list of returned objects by their fields." },
	[P_FIELD_VALIDATION] = { "fieldValidation", "string",
		"fieldValidation instructs the server on how to handle objects in the request "
		"(POST/PUT/PATCH) containing unknown or duplicate fields." },
	[P_FOLLOW] = { "follow", "boolean", "Follow the log stream of the pod." },
	[P_FORCE] = { "force", "boolean", "Force is going to \"force\" Apply requests." },
	[P_GRACE_PERIOD_SECONDS] = { "gracePeriodSeconds", "integer",
		"The duration in seconds before the object should be deleted." },
	[P_INSECURE_SKIP_TLS_VERIFY_BACKEND] = { "insecureSkipTLSVerifyBackend", "boolean",
		"insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the "
		"validity of the serving certificate of the backend it is connecting to." },
	[P_LABEL_SELECTOR] = { "labelSelector", "string",
		"A selector to restrict the list of returned objects by their labels." },
	[P_LIMIT] = { "limit", "integer",
		"limit is a maximum number of responses to return for a list call." },
	[P_LIMIT_BYTES] = { "limitBytes", "integer",
		"If set, the number of bytes to read from the server before terminating the log "
		"output." },
	[P_ORPHAN_DEPENDENTS] = { "orphanDependents", "boolean",
		"Deprecated: please use the PropagationPolicy, this field will be deprecated in "
		"1.7." },
	[P_PATH_QUERY] = { "path", "string",
		"Path is the URL path to use for the current proxy request." },
	[P_PORTS] = { "ports", "integer", "List of ports to forward." },
	[P_PREVIOUS] = { "previous", "boolean", "Return previous terminated container logs." },
	[P_PROPAGATION_POLICY] = { "propagationPolicy", "string",
		"Whether and how garbage collection will be performed." },
	[P_RESOURCE_VERSION] = { "resourceVersion", "string",
		"resourceVersion sets a constraint on what resource versions a request may be "
		"served from." },
	[P_RESOURCE_VERSION_MATCH] = { "resourceVersionMatch", "string",
		"resourceVersionMatch determines how resourceVersion is applied to list calls." },
	[P_SEND_INITIAL_EVENTS] = { "sendInitialEvents", "boolean",
		"`sendInitialEvents=true` may be set together with `watch=true`." },
	[P_SINCE_SECONDS] = { "sinceSeconds", "integer",
		"A relative time in seconds before the current time from which to show logs." },
	[P_STDERR] = { "stderr", "boolean",
		"Redirect the standard error stream of the pod for this call." },
	[P_STDIN] = { "stdin", "boolean",
		"Redirect the standard input stream of the pod for this call." },
	[P_STDOUT] = { "stdout", "boolean",
		"Redirect the standard output stream of the pod for this call." },
	[P_TAIL_LINES] = { "tailLines", "integer",
		"If set, the number of lines from the end of the logs to show." },
	[P_TIMEOUT_SECONDS] = { "timeoutSeconds", "integer", "Timeout for the list/watch call." },
	[P_TIMESTAMPS] = { "timestamps", "boolean",
		"If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of "
		"log output." },
	[P_TTY] = { "tty", "boolean",
		"TTY if true indicates that a tty will be allocated for the call." },
	[P_WATCH] = { "watch", "boolean",
		"Watch for changes to the described resources and return them as a stream of add, "
		"update, and remove notifications." },
};
/* clang-format on */

#define PARAMS_LIST                                                                               \
	(PBIT(P_ALLOW_WATCH_BOOKMARKS) | PBIT(P_CONTINUE) | PBIT(P_FIELD_SELECTOR) |              \
	 PBIT(P_LABEL_SELECTOR) | PBIT(P_LIMIT) | PBIT(P_RESOURCE_VERSION) |                      \
	 PBIT(P_RESOURCE_VERSION_MATCH) | PBIT(P_SEND_INITIAL_EVENTS) | PBIT(P_TIMEOUT_SECONDS) | \
	 PBIT(P_WATCH))
#define PARAMS_WRITE (PBIT(P_DRY_RUN) | PBIT(P_FIELD_MANAGER) | PBIT(P_FIELD_VALIDATION))
#define PARAMS_PATCH \
	(PBIT(P_DRY_RUN) | PBIT(P_FIELD_MANAGER_PATCH) | PBIT(P_FIELD_VALIDATION) | PBIT(P_FORCE))
#define PARAMS_DELETE                                                                 \
	(PBIT(P_DRY_RUN) | PBIT(P_GRACE_PERIOD_SECONDS) | PBIT(P_ORPHAN_DEPENDENTS) | \
	 PBIT(P_PROPAGATION_POLICY))
#define PARAMS_DELETECOLLECTION                                                               \
	(PARAMS_DELETE | PBIT(P_CONTINUE) | PBIT(P_FIELD_SELECTOR) | PBIT(P_LABEL_SELECTOR) | \
	 PBIT(P_LIMIT) | PBIT(P_RESOURCE_VERSION) | PBIT(P_RESOURCE_VERSION_MATCH) |          \
	 PBIT(P_SEND_INITIAL_EVENTS) | PBIT(P_TIMEOUT_SECONDS))
#define PARAMS_LOG                                                                             \
	(PBIT(P_CONTAINER_LOG) | PBIT(P_FOLLOW) | PBIT(P_INSECURE_SKIP_TLS_VERIFY_BACKEND) |   \
	 PBIT(P_LIMIT_BYTES) | PBIT(P_PREVIOUS) | PBIT(P_SINCE_SECONDS) | PBIT(P_TAIL_LINES) | \
	 PBIT(P_TIMESTAMPS))
#define PARAMS_EXEC                                                                  \
	(PBIT(P_COMMAND) | PBIT(P_CONTAINER_EXEC) | PBIT(P_STDERR) | PBIT(P_STDIN) | \
	 PBIT(P_STDOUT) | PBIT(P_TTY))
#define PARAMS_ATTACH \
	(PBIT(P_CONTAINER_ATTACH) | PBIT(P_STDERR) | PBIT(P_STDIN) | PBIT(P_STDOUT) | PBIT(P_TTY))

static json_t *
param_json(const char *name, const char *in, const char *type, const char *desc, int required)
{
	json_t *p = json_pack("{s:s, s:s, s:s, s:{s:s, s:b}}", "description", desc, "in", in,
			      "name", name, "schema", "type", type, "uniqueItems", 1);

	if (p != NULL && required)
		json_object_set_new(p, "required", json_true());
	return p;
}

/* --- one group-version document --------------------------------------------------------- */

struct gv_builder {
	const struct openapi_schemas *schemas;
	const char *group;
	const char *version;
	char prefix[128]; /* "/apis/apps/v1", "/api/v1" */
	char opgv[160];   /* "AppsV1", "CoreV1", "RbacAuthorizationV1" */
	char tag[160];    /* "apps_v1", "core_v1", "rbacAuthorization_v1" */
	json_t *paths;
	unsigned char *marks;
	int err; /* the first failure; later steps do nothing */
};

static int
set_err(struct gv_builder *b, int r)
{
	if (b->err == 0)
		b->err = r;
	return b->err;
}

/* "rbac.authorization.k8s.io" -> "RbacAuthorization" (upper = 1) or "rbacAuthorization". */
static void
group_words(const char *group, int upper, char *buf, size_t size)
{
	size_t n = 0, glen = strlen(group);
	int start = 1;

	if (glen >= 7 && strcmp(group + glen - 7, ".k8s.io") == 0)
		glen -= 7;
	if (glen == 0) {
		snprintf(buf, size, "%s", upper ? "Core" : "core");
		return;
	}
	for (size_t i = 0; i < glen && n + 1 < size; i++) {
		char c = group[i];

		if (c == '.' || c == '-') {
			start = 1;
			continue;
		}
		if (start && (upper || n > 0) && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf[n++] = c;
		start = 0;
	}
	buf[n] = '\0';
}

/* installer.go's getArticleForNoun: " a ", " an ", or " " before a plural. */
static const char *
article(const char *noun)
{
	size_t n = strlen(noun);

	if (n >= 1 && noun[n - 1] == 's' && !(n >= 2 && noun[n - 2] == 's'))
		return " ";
	return strchr("AEIOUaeiou", noun[0]) != NULL && noun[0] != '\0' ? " an " : " a ";
}

static void
mark(struct gv_builder *b, long idx)
{
	if (idx >= 0)
		openapi_schemas_mark(b->schemas, (size_t)idx, b->marks);
}

/* A schema index that must exist (the kind of a served resource). */
static long
must_schema(struct gv_builder *b, const char *group, const char *version, const char *kind)
{
	long idx = openapi_schemas_for_gvk(b->schemas, group, version, kind);

	if (idx < 0) {
		kc_error("openapi: no schema for %s%s%s/%s", group, *group ? "/" : "", version,
			 kind);
		set_err(b, KC_ERR_INTERNAL);
	}
	return idx;
}

static json_t *
ref_json(struct gv_builder *b, long idx)
{
	char ref[320];

	mark(b, idx);
	snprintf(ref, sizeof(ref), OPENAPI_SCHEMA_REF_PREFIX "%s",
		 openapi_schemas_name(b->schemas, (size_t)idx));
	return json_pack("{s:s}", "$ref", ref);
}

/* {"<type>":{"schema":...},...} for each media type in the NULL-terminated list. */
static json_t *
content_json(json_t *schema, const char *const *types)
{
	json_t *c = json_object();

	for (size_t i = 0; c != NULL && schema != NULL && types[i] != NULL; i++)
		json_object_set_new(c, types[i], json_pack("{s:O}", "schema", schema));
	json_decref(schema);
	return c;
}

static const char *const media_json[] = { "application/json", NULL };
static const char *const media_object[] = { "application/json", "application/yaml", NULL };
static const char *const media_list[] = { "application/json", "application/yaml",
					  "application/json;stream=watch", NULL };
static const char *const media_watch[] = { "application/json", "application/json;stream=watch",
					   NULL };
static const char *const media_any[] = { "*/*", NULL };
static const char *const media_patch[] = { "application/apply-patch+yaml",
					   "application/json-patch+json",
					   "application/merge-patch+json", NULL };
static const char *const media_log[] = { "application/json", "application/yaml", "text/plain",
					 NULL };

/* Adds responses[code] = {description, content: schema idx in types} (idx < 0: no content). */
static void
add_response(struct gv_builder *b, json_t *op, const char *code, long idx, const char *const *types)
{
	static const struct {
		const char *code, *desc;
	} descs[] = { { "200", "OK" },
		      { "201", "Created" },
		      { "202", "Accepted" },
		      { "401", "Unauthorized" } };
	json_t *responses = json_object_get(op, "responses"), *r;
	const char *desc = "OK";

	for (size_t i = 0; i < KC_ARRAY_SIZE(descs); i++)
		if (strcmp(descs[i].code, code) == 0)
			desc = descs[i].desc;
	r = json_pack("{s:s}", "description", desc);
	if (r != NULL && idx >= 0)
		json_object_set_new(r, "content", content_json(ref_json(b, idx), types));
	if (r == NULL || json_object_set_new(responses, code, r) < 0)
		set_err(b, KC_ERR_NOMEM);
}

/* A plain string answer (connect, log). */
static void
add_string_response(struct gv_builder *b, json_t *op, const char *const *types)
{
	json_t *r = json_pack("{s:s, s:o}", "description", "OK", "content",
			      content_json(json_pack("{s:s}", "type", "string"), types));

	if (r == NULL || json_object_set_new(json_object_get(op, "responses"), "200", r) < 0)
		set_err(b, KC_ERR_NOMEM);
}

static void
add_params(struct gv_builder *b, json_t *op, uint64_t mask)
{
	json_t *params;

	if (mask == 0)
		return;
	params = json_array();
	for (size_t i = 0; params != NULL && i < KC_ARRAY_SIZE(param_defs); i++)
		if (mask & PBIT(i))
			json_array_append_new(params, param_json(param_defs[i].name, "query",
								 param_defs[i].type,
								 param_defs[i].desc, 0));
	if (params == NULL || json_object_set_new(op, "parameters", params) < 0)
		set_err(b, KC_ERR_NOMEM);
}

static void
add_body(struct gv_builder *b, json_t *op, long idx, const char *const *types, int required)
{
	json_t *body = json_pack("{s:o}", "content", content_json(ref_json(b, idx), types));

	if (body != NULL && required)
		json_object_set_new(body, "required", json_true());
	if (body == NULL || json_object_set_new(op, "requestBody", body) < 0)
		set_err(b, KC_ERR_NOMEM);
}

/* The path item at path, made with its path-level parameters when new. */
static json_t *
path_item(struct gv_builder *b, const char *path, const char *name_of, int namespaced,
	  int with_path, int pretty)
{
	json_t *item = json_object_get(b->paths, path), *params;
	char desc[160];

	if (item != NULL)
		return item;
	params = json_array();
	if (name_of != NULL) {
		snprintf(desc, sizeof(desc), "name of the %s", name_of);
		json_array_append_new(params, param_json("name", "path", "string", desc, 1));
	}
	if (namespaced)
		json_array_append_new(params, param_json("namespace", "path", "string",
							 "object name and auth scope, such as "
							 "for teams and projects",
							 1));
	if (with_path)
		json_array_append_new(
			params, param_json("path", "path", "string", "path to the resource", 1));
	if (pretty)
		json_array_append_new(params, param_json("pretty", "query", "string",
							 "If 'true', then the output is pretty "
							 "printed.",
							 0));
	item = json_pack("{s:o}", "parameters", params);
	if (item == NULL || json_object_set_new(b->paths, path, item) < 0) {
		set_err(b, KC_ERR_NOMEM);
		return NULL;
	}
	return item;
}

/*
 * A new operation `method` on item, with upstream's common keys; gvk_* NULL for none.  The
 * returned object is borrowed from item (NULL on failure).
 */
static json_t *
operation(struct gv_builder *b, json_t *item, const char *method, const char *action,
	  const char *id, const char *desc, const char *gvk_group, const char *gvk_version,
	  const char *gvk_kind)
{
	json_t *op;

	if (item == NULL)
		return NULL;
	op = json_pack("{s:s, s:s, s:{}, s:[s]}", "description", desc, "operationId", id,
		       "responses", "tags", b->tag);
	if (op != NULL && action != NULL)
		json_object_set_new(op, "x-kubernetes-action", json_string(action));
	if (op != NULL && gvk_kind != NULL)
		json_object_set_new(op, "x-kubernetes-group-version-kind",
				    json_pack("{s:s, s:s, s:s}", "group", gvk_group, "kind",
					      gvk_kind, "version", gvk_version));
	if (op == NULL || json_object_set_new(item, method, op) < 0) {
		set_err(b, KC_ERR_NOMEM);
		return NULL;
	}
	return op;
}

/* The resources whose DELETE answers the deleted object (genericregistry ReturnDeletedObject). */
static int
delete_returns_object(const struct api_resource *r)
{
	static const char *const names[] = { "pods", "services", "serviceaccounts",
					     "persistentvolumes", "persistentvolumeclaims" };

	if (*r->group != '\0')
		return 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++)
		if (strcmp(names[i], r->resource) == 0)
			return 1;
	return 0;
}

/* Naming of one resource's operations: "Namespaced" and the kind. */
struct res_names {
	const struct api_resource *r;
	const char *ns_word; /* "Namespaced" or "" */
	char coll[256];      /* collection path */
	char item[300];      /* item path */
	long kind_idx;
	long list_idx;
	long status_idx; /* meta/v1 Status */
	long delete_options_idx;
};

static void
add_collection_ops(struct gv_builder *b, struct res_names *n)
{
	const struct api_resource *r = n->r;
	json_t *item, *op;
	char id[256], desc[256];

	if (!(r->verbs & (VERB_LIST | VERB_CREATE | VERB_DELETECOLLECTION)))
		return;
	item = path_item(b, n->coll, NULL, r->namespaced, 0, 1);
	if (r->verbs & VERB_LIST) {
		snprintf(id, sizeof(id), "list%s%s%s", b->opgv, n->ns_word, r->kind);
		snprintf(desc, sizeof(desc), "list%s objects of kind %s",
			 (r->verbs & VERB_WATCH) ? " or watch" : "", r->kind);
		op = operation(b, item, "get", "list", id, desc, r->group, r->version, r->kind);
		add_params(b, op, PARAMS_LIST);
		add_response(b, op, "200", n->list_idx, media_list);
		add_response(b, op, "401", -1, NULL);
	}
	if (r->verbs & VERB_CREATE) {
		snprintf(id, sizeof(id), "create%s%s%s", b->opgv, n->ns_word, r->kind);
		snprintf(desc, sizeof(desc), "create%s%s", article(r->kind), r->kind);
		op = operation(b, item, "post", "post", id, desc, r->group, r->version, r->kind);
		add_params(b, op, PARAMS_WRITE);
		add_body(b, op, n->kind_idx, media_any, 1);
		add_response(b, op, "200", n->kind_idx, media_object);
		add_response(b, op, "201", n->kind_idx, media_object);
		add_response(b, op, "202", n->kind_idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
	if (r->verbs & VERB_DELETECOLLECTION) {
		snprintf(id, sizeof(id), "delete%sCollection%s%s", b->opgv, n->ns_word, r->kind);
		snprintf(desc, sizeof(desc), "delete collection of %s", r->kind);
		op = operation(b, item, "delete", "deletecollection", id, desc, r->group,
			       r->version, r->kind);
		add_params(b, op, PARAMS_DELETECOLLECTION);
		add_body(b, op, n->delete_options_idx, media_any, 0);
		add_response(b, op, "200", n->status_idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
}

static void
add_item_ops(struct gv_builder *b, struct res_names *n)
{
	const struct api_resource *r = n->r;
	json_t *item, *op;
	char id[256], desc[256];
	long deleted;

	if (!(r->verbs & (VERB_GET | VERB_UPDATE | VERB_PATCH | VERB_DELETE)))
		return;
	item = path_item(b, n->item, r->kind, r->namespaced, 0, 1);
	if (r->verbs & VERB_GET) {
		snprintf(id, sizeof(id), "read%s%s%s", b->opgv, n->ns_word, r->kind);
		snprintf(desc, sizeof(desc), "read the specified %s", r->kind);
		op = operation(b, item, "get", "get", id, desc, r->group, r->version, r->kind);
		add_response(b, op, "200", n->kind_idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
	if (r->verbs & VERB_UPDATE) {
		snprintf(id, sizeof(id), "replace%s%s%s", b->opgv, n->ns_word, r->kind);
		snprintf(desc, sizeof(desc), "replace the specified %s", r->kind);
		op = operation(b, item, "put", "put", id, desc, r->group, r->version, r->kind);
		add_params(b, op, PARAMS_WRITE);
		add_body(b, op, n->kind_idx, media_any, 1);
		add_response(b, op, "200", n->kind_idx, media_object);
		add_response(b, op, "201", n->kind_idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
	if (r->verbs & VERB_PATCH) {
		snprintf(id, sizeof(id), "patch%s%s%s", b->opgv, n->ns_word, r->kind);
		snprintf(desc, sizeof(desc), "partially update the specified %s", r->kind);
		op = operation(b, item, "patch", "patch", id, desc, r->group, r->version, r->kind);
		add_params(b, op, PARAMS_PATCH);
		add_body(b, op,
			 openapi_schemas_find(b->schemas,
					      "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"),
			 media_patch, 1);
		add_response(b, op, "200", n->kind_idx, media_object);
		add_response(b, op, "201", n->kind_idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
	if (r->verbs & VERB_DELETE) {
		snprintf(id, sizeof(id), "delete%s%s%s", b->opgv, n->ns_word, r->kind);
		snprintf(desc, sizeof(desc), "delete%s%s", article(r->kind), r->kind);
		op = operation(b, item, "delete", "delete", id, desc, r->group, r->version,
			       r->kind);
		deleted = delete_returns_object(r) ? n->kind_idx : n->status_idx;
		add_params(b, op, PARAMS_DELETE);
		add_body(b, op, n->delete_options_idx, media_any, 0);
		add_response(b, op, "200", deleted, media_object);
		add_response(b, op, "202", deleted, media_object);
		add_response(b, op, "401", -1, NULL);
	}
}

/* The all-namespaces list and the deprecated /watch/ paths. */
static void
add_list_and_watch_paths(struct gv_builder *b, struct res_names *n)
{
	const struct api_resource *r = n->r;
	long watch_event =
		openapi_schemas_find(b->schemas, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent");
	char path[320], id[256], desc[320];
	json_t *item, *op;

	if (r->namespaced && (r->verbs & VERB_LIST)) {
		snprintf(path, sizeof(path), "%s/%s", b->prefix, r->resource);
		item = path_item(b, path, NULL, 0, 0, 1);
		snprintf(id, sizeof(id), "list%s%sForAllNamespaces", b->opgv, r->kind);
		snprintf(desc, sizeof(desc), "list%s objects of kind %s",
			 (r->verbs & VERB_WATCH) ? " or watch" : "", r->kind);
		op = operation(b, item, "get", "list", id, desc, r->group, r->version, r->kind);
		add_params(b, op, PARAMS_LIST);
		add_response(b, op, "200", n->list_idx, media_list);
		add_response(b, op, "401", -1, NULL);
	}
	if (!(r->verbs & VERB_WATCH))
		return;
	for (int which = 0; which < 3; which++) {
		const char *action = which == 1 ? "watch" : "watchlist";

		if (which == 2 && !r->namespaced)
			break;
		if (which < 2)
			snprintf(path, sizeof(path), "%s/watch%s%s/%s%s", b->prefix,
				 r->namespaced ? "/namespaces/{namespace}" : "", "", r->resource,
				 which == 1 ? "/{name}" : "");
		else
			snprintf(path, sizeof(path), "%s/watch/%s", b->prefix, r->resource);
		item = path_item(b, path, which == 1 ? r->kind : NULL, which < 2 && r->namespaced,
				 0, 1);
		snprintf(id, sizeof(id), "watch%s%s%s%s", b->opgv, which < 2 ? n->ns_word : "",
			 r->kind,
			 which == 0   ? "List"
			 : which == 2 ? "ListForAllNamespaces"
				      : "");
		if (which == 1)
			snprintf(desc, sizeof(desc),
				 "watch changes to an object of kind %s. deprecated: use the "
				 "'watch' parameter with a list operation instead, filtered to a "
				 "single item with the 'fieldSelector' parameter.",
				 r->kind);
		else
			snprintf(desc, sizeof(desc),
				 "watch individual changes to a list of %s. deprecated: use the "
				 "'watch' parameter with a list operation instead.",
				 r->kind);
		op = operation(b, item, "get", action, id, desc, r->group, r->version, r->kind);
		add_params(b, op, PARAMS_LIST);
		add_response(b, op, "200", watch_event, media_watch);
		add_response(b, op, "401", -1, NULL);
	}
}

static int
is_connect(const struct api_subresource *s)
{
	size_t n = s->kind != NULL ? strlen(s->kind) : 0;

	return n > 7 && strcmp(s->kind + n - 7, "Options") == 0;
}

/* connect<GV><Method>[Namespaced]<Kind><Sub>[WithPath] for each method the verbs allow. */
static void
add_connect_ops(struct gv_builder *b, struct res_names *n, const struct api_subresource *s,
		const char *title)
{
	static const struct {
		unsigned int verb;
		const char *method, *word, *upper;
	} methods[] = {
		{ VERB_DELETE, "delete", "Delete", "DELETE" },
		{ VERB_GET, "get", "Get", "GET" },
		{ VERB_PATCH, "patch", "Patch", "PATCH" },
		{ VERB_CREATE, "post", "Post", "POST" },
		{ VERB_UPDATE, "put", "Put", "PUT" },
	};
	const struct api_resource *r = n->r;
	int proxy = strcmp(s->name, "proxy") == 0;
	uint64_t params = strcmp(s->name, "exec") == 0          ? PARAMS_EXEC
			  : strcmp(s->name, "attach") == 0      ? PARAMS_ATTACH
			  : strcmp(s->name, "portforward") == 0 ? PBIT(P_PORTS)
			  : proxy                               ? PBIT(P_PATH_QUERY)
								: 0;
	char path[400], id[256], desc[256];

	for (int with_path = 0; with_path <= proxy; with_path++) {
		json_t *item;

		snprintf(path, sizeof(path), "%s/%s%s", n->item, s->name,
			 with_path ? "/{path}" : "");
		item = path_item(b, path, s->kind, r->namespaced, with_path, 0);
		for (size_t i = 0; i < KC_ARRAY_SIZE(methods); i++) {
			json_t *op;

			if (!(s->verbs & methods[i].verb))
				continue;
			snprintf(id, sizeof(id), "connect%s%s%s%s%s%s", b->opgv, methods[i].word,
				 n->ns_word, r->kind, title, with_path ? "WithPath" : "");
			snprintf(desc, sizeof(desc), "connect %s requests to %s of %s",
				 methods[i].upper, s->name, r->kind);
			op = operation(b, item, methods[i].method, "connect", id, desc,
				       s->group != NULL ? s->group : r->group,
				       s->version != NULL ? s->version : r->version, s->kind);
			add_params(b, op, with_path ? 0 : params);
			if (op != NULL)
				add_string_response(b, op, media_any);
			add_response(b, op, "401", -1, NULL);
		}
	}
}

/* status, scale, eviction, binding, token, finalize, approval, ephemeralcontainers, log. */
static void
add_object_subresource_ops(struct gv_builder *b, struct res_names *n,
			   const struct api_subresource *s, const char *title)
{
	const struct api_resource *r = n->r;
	const char *g = s->group != NULL ? s->group : r->group;
	const char *v = s->version != NULL ? s->version : r->version;
	const char *k = s->kind != NULL ? s->kind : r->kind;
	int is_log = strcmp(s->name, "log") == 0;
	long idx = is_log ? -1 : must_schema(b, g, v, k);
	char path[400], id[256], desc[256];
	json_t *item, *op;

	snprintf(path, sizeof(path), "%s/%s", n->item, s->name);
	item = path_item(b, path, k, r->namespaced, 0, 1);
	if (s->verbs & VERB_GET) {
		snprintf(id, sizeof(id), "read%s%s%s%s", b->opgv, n->ns_word, r->kind, title);
		snprintf(desc, sizeof(desc), "read %s of the specified %s", s->name, r->kind);
		op = operation(b, item, "get", "get", id, desc, g, v, k);
		if (is_log) {
			add_params(b, op, PARAMS_LOG);
			if (op != NULL)
				add_string_response(b, op, media_log);
		} else {
			add_response(b, op, "200", idx, media_object);
		}
		add_response(b, op, "401", -1, NULL);
	}
	if (s->verbs & VERB_CREATE) {
		snprintf(id, sizeof(id), "create%s%s%s%s", b->opgv, n->ns_word, r->kind, title);
		snprintf(desc, sizeof(desc), "create %s of%s%s", s->name, article(r->kind),
			 r->kind);
		op = operation(b, item, "post", "post", id, desc, g, v, k);
		add_params(b, op, PARAMS_WRITE);
		add_body(b, op, idx, media_any, 1);
		add_response(b, op, "200", idx, media_object);
		add_response(b, op, "201", idx, media_object);
		add_response(b, op, "202", idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
	if (s->verbs & VERB_UPDATE) {
		snprintf(id, sizeof(id), "replace%s%s%s%s", b->opgv, n->ns_word, r->kind, title);
		snprintf(desc, sizeof(desc), "replace %s of the specified %s", s->name, r->kind);
		op = operation(b, item, "put", "put", id, desc, g, v, k);
		add_params(b, op, PARAMS_WRITE);
		add_body(b, op, idx, media_any, 1);
		add_response(b, op, "200", idx, media_object);
		add_response(b, op, "201", idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
	if (s->verbs & VERB_PATCH) {
		snprintf(id, sizeof(id), "patch%s%s%s%s", b->opgv, n->ns_word, r->kind, title);
		snprintf(desc, sizeof(desc), "partially update %s of the specified %s", s->name,
			 r->kind);
		op = operation(b, item, "patch", "patch", id, desc, g, v, k);
		add_params(b, op, PARAMS_PATCH);
		add_body(b, op,
			 openapi_schemas_find(b->schemas,
					      "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"),
			 media_patch, 1);
		add_response(b, op, "200", idx, media_object);
		add_response(b, op, "201", idx, media_object);
		add_response(b, op, "401", -1, NULL);
	}
}

static void
add_subresource_ops(struct gv_builder *b, struct res_names *n)
{
	const struct api_resource *r = n->r;

	for (int i = 0; i < API_MAX_SUBRESOURCES && r->subresources[i].name != NULL; i++) {
		const struct api_subresource *s = &r->subresources[i];
		char title[64];

		/* "ephemeralcontainers" -> "Ephemeralcontainers", as installer.go names them */
		snprintf(title, sizeof(title), "%s", s->name);
		if (title[0] >= 'a' && title[0] <= 'z')
			title[0] = (char)(title[0] - 'a' + 'A');
		if (is_connect(s))
			add_connect_ops(b, n, s, title);
		else
			add_object_subresource_ops(b, n, s, title);
	}
}

static void
add_resource(struct gv_builder *b, const struct api_resource *r)
{
	struct res_names n = { .r = r, .ns_word = r->namespaced ? "Namespaced" : "" };
	char list_kind[128];

	n.kind_idx = must_schema(b, r->group, r->version, r->kind);
	snprintf(list_kind, sizeof(list_kind), "%sList", r->kind);
	n.list_idx = (r->verbs & VERB_LIST) ? must_schema(b, r->group, r->version, list_kind) : -1;
	n.status_idx = must_schema(b, "", "v1", "Status");
	n.delete_options_idx = openapi_schemas_find(
		b->schemas, "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");
	if (b->err != 0 || n.delete_options_idx < 0)
		return (void)set_err(b, KC_ERR_INTERNAL);
	snprintf(n.coll, sizeof(n.coll), "%s%s/%s", b->prefix,
		 r->namespaced ? "/namespaces/{namespace}" : "", r->resource);
	snprintf(n.item, sizeof(n.item), "%s/{name}", n.coll);
	add_collection_ops(b, &n);
	add_item_ops(b, &n);
	add_list_and_watch_paths(b, &n);
	add_subresource_ops(b, &n);
}

/* "/apis/apps/v1/": getAppsV1APIResources. */
static void
add_resources_path(struct gv_builder *b)
{
	char path[160], id[200];
	json_t *item, *op;

	snprintf(path, sizeof(path), "%s/", b->prefix);
	snprintf(id, sizeof(id), "get%sAPIResources", b->opgv);
	item = json_object();
	if (item == NULL || json_object_set_new(b->paths, path, item) < 0) {
		set_err(b, KC_ERR_NOMEM);
		return;
	}
	op = operation(b, item, "get", NULL, id, "get available resources", NULL, NULL, NULL);
	add_response(b, op, "200", must_schema(b, "", "v1", "APIResourceList"), media_object);
	add_response(b, op, "401", -1, NULL);
}

/* {"openapi":"3.0.0","info":...,"paths":paths,"components":{"schemas":marked,...}}. */
static json_t *
document_json(const struct openapi_schemas *schemas, json_t *paths, const unsigned char *marks)
{
	json_t *components, *doc, *defs = json_object();

	for (size_t i = 0; defs != NULL && i < openapi_schemas_count(schemas); i++)
		if (marks[i] && json_object_set(defs, openapi_schemas_name(schemas, i),
						openapi_schemas_json(schemas, i)) < 0) {
			json_decref(defs);
			defs = NULL;
		}
	if (defs == NULL) {
		json_decref(paths);
		return NULL;
	}
	components =
		json_pack("{s:o, s:{s:{s:s, s:s, s:s, s:s}}}", "schemas", defs, "securitySchemes",
			  "BearerToken", "description", "Bearer Token authentication", "in",
			  "header", "name", "authorization", "type", "apiKey");
	doc = json_pack("{s:s, s:{s:s, s:s}, s:o, s:o, s:[{s:[]}]}", "openapi", "3.0.0", "info",
			"title", "Kubernetes", "version", "v1.32.0", "paths", paths, "components",
			components, "security", "BearerToken");
	return doc;
}

static void
builder_init(struct gv_builder *b, const struct openapi_schemas *schemas, const char *group,
	     const char *version)
{
	char words[96];

	memset(b, 0, sizeof(*b));
	b->schemas = schemas;
	b->group = group;
	b->version = version;
	if (*group == '\0')
		snprintf(b->prefix, sizeof(b->prefix), "/api/%s", version);
	else
		snprintf(b->prefix, sizeof(b->prefix), "/apis/%s/%s", group, version);
	group_words(group, 1, words, sizeof(words));
	snprintf(b->opgv, sizeof(b->opgv), "%s%c%s", words,
		 version[0] >= 'a' && version[0] <= 'z' ? version[0] - 'a' + 'A' : version[0],
		 version + 1);
	group_words(group, 0, words, sizeof(words));
	snprintf(b->tag, sizeof(b->tag), "%s_%s", words, version);
	b->paths = json_object();
	b->marks = calloc(openapi_schemas_count(schemas) + 1, 1);
	if (b->paths == NULL || b->marks == NULL)
		b->err = KC_ERR_NOMEM;
}

static void
builder_release(struct gv_builder *b)
{
	json_decref(b->paths);
	free(b->marks);
}

/* The document of one served group-version; *ret NULL on failure. */
static int
build_gv(const struct openapi_schemas *schemas, const char *group, const char *version,
	 json_t **ret)
{
	struct gv_builder b;

	*ret = NULL;
	builder_init(&b, schemas, group, version);
	if (b.err == 0)
		add_resources_path(&b);
	for (const struct api_resource *r = api_resources; b.err == 0 && r->resource != NULL; r++)
		if (strcmp(r->group, group) == 0 && strcmp(r->version, version) == 0)
			add_resource(&b, r);
	if (b.err == 0) {
		*ret = document_json(schemas, kc_take_ptr(b.paths), b.marks);
		if (*ret == NULL)
			b.err = KC_ERR_NOMEM;
	}
	builder_release(&b);
	return b.err;
}

/*
 * The small documents upstream also lists: "api" (/api/), "apis" (/apis/), "apis/<group>"
 * (/apis/<group>/) and "version" (/version/).  group is only read for "apis/<group>".
 */
static int
build_misc(const struct openapi_schemas *schemas, const char *which, const char *group,
	   json_t **ret)
{
	struct gv_builder b;
	char path[160], id[200], words[96];
	const char *desc = "get available API versions", *tag = which;
	long idx;
	json_t *item, *op;

	*ret = NULL;
	builder_init(&b, schemas, "", "v1");
	if (strcmp(which, "api") == 0) {
		snprintf(path, sizeof(path), "/api/");
		snprintf(id, sizeof(id), "getCoreAPIVersions");
		tag = "core";
		idx = must_schema(&b, "", "v1", "APIVersions");
	} else if (strcmp(which, "apis") == 0) {
		snprintf(path, sizeof(path), "/apis/");
		snprintf(id, sizeof(id), "getAPIVersions");
		idx = must_schema(&b, "", "v1", "APIGroupList");
	} else if (strcmp(which, "version") == 0) {
		snprintf(path, sizeof(path), "/version/");
		snprintf(id, sizeof(id), "getCodeVersion");
		desc = "get the version information for this server";
		idx = openapi_schemas_find(schemas, "io.k8s.apimachinery.pkg.version.Info");
	} else {
		snprintf(path, sizeof(path), "/apis/%s/", group);
		group_words(group, 1, words, sizeof(words));
		snprintf(id, sizeof(id), "get%sAPIGroup", words);
		group_words(group, 0, words, sizeof(words));
		tag = words;
		desc = "get information of a group";
		idx = must_schema(&b, "", "v1", "APIGroup");
	}
	snprintf(b.tag, sizeof(b.tag), "%s", tag);
	if (idx < 0)
		set_err(&b, KC_ERR_INTERNAL);
	item = json_object();
	if (b.err == 0 && (item == NULL || json_object_set_new(b.paths, path, item) < 0))
		set_err(&b, KC_ERR_NOMEM);
	if (b.err == 0) {
		op = operation(&b, item, "get", NULL, id, desc, NULL, NULL, NULL);
		add_response(&b, op, "200", idx,
			     strcmp(which, "version") == 0 ? media_json : media_object);
		add_response(&b, op, "401", -1, NULL);
	}
	if (b.err == 0) {
		*ret = document_json(schemas, kc_take_ptr(b.paths), b.marks);
		if (*ret == NULL)
			b.err = KC_ERR_NOMEM;
	}
	builder_release(&b);
	return b.err;
}

/* --- serialized documents ---------------------------------------------------------------- */

int
openapi_hash(const void *data, size_t len, char hash[129])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	hash[0] = '\0';
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha512(), NULL) != 1 || mdlen != 64)
		return KC_ERR_INTERNAL;
	for (unsigned int i = 0; i < mdlen; i++) {
		hash[2 * i] = "0123456789ABCDEF"[md[i] >> 4];
		hash[2 * i + 1] = "0123456789ABCDEF"[md[i] & 15];
	}
	hash[2 * mdlen] = '\0';
	return 0;
}

static void
slot_release(struct doc_slot *s)
{
	free(s->path);
	free(s->bytes);
	free(s->etag);
	free(s->url);
	free(s->hash);
	memset(s, 0, sizeof(*s));
}

/* Serializes doc (consumed) into s; url_path NULL for the root. */
static int
slot_fill(struct doc_slot *s, const char *path, json_t *doc, int sort_keys)
{
	int r;

	memset(s, 0, sizeof(*s));
	if (doc == NULL)
		return KC_ERR_NOMEM;
	s->bytes = json_dumps(doc, JSON_COMPACT | (sort_keys ? JSON_SORT_KEYS : 0));
	json_decref(doc);
	s->path = strdup(path);
	s->hash = malloc(129);
	if (s->bytes == NULL || s->path == NULL || s->hash == NULL)
		return KC_ERR_NOMEM;
	r = openapi_hash(s->bytes, strlen(s->bytes), s->hash);
	if (r < 0)
		return r;
	if (asprintf(&s->etag, "\"%s\"", s->hash) < 0) {
		s->etag = NULL;
		return KC_ERR_NOMEM;
	}
	if ((*path ? asprintf(&s->url, OPENAPI_V3_PREFIX "/%s?hash=%s", path, s->hash)
		   : asprintf(&s->url, OPENAPI_V3_PREFIX)) < 0) {
		s->url = NULL;
		return KC_ERR_NOMEM;
	}
	s->doc = (struct openapi_doc){ .path = s->path,
				       .bytes = s->bytes,
				       .len = strlen(s->bytes),
				       .hash = s->hash,
				       .etag = s->etag,
				       .url = s->url };
	return 0;
}

static int
cmp_slot_path(const void *a, const void *b)
{
	return strcmp(((const struct doc_slot *)a)->path, ((const struct doc_slot *)b)->path);
}

/* The distinct served group-versions (table order, core first) as a {group, version} array. */
static json_t *
served_group_versions(void)
{
	json_t *gvs = json_array();

	for (const struct api_resource *r = api_resources; gvs != NULL && r->resource != NULL;
	     r++) {
		size_t i;
		json_t *gv;
		int seen = 0;

		json_array_foreach(gvs, i, gv)
			seen |= strcmp(json_string_value(json_object_get(gv, "group")), r->group) ==
					0 &&
				strcmp(json_string_value(json_object_get(gv, "version")),
				       r->version) == 0;
		if (!seen)
			json_array_append_new(gvs, json_pack("{s:s, s:s}", "group", r->group,
							     "version", r->version));
	}
	return gvs;
}

static int
add_slot(const char *path, json_t *doc, int r)
{
	struct doc_slot *s;

	if (r < 0) {
		json_decref(doc);
		return r;
	}
	s = &store.docs[store.ndocs];
	r = slot_fill(s, path, doc, 0);
	if (r < 0) {
		slot_release(s);
		return r;
	}
	store.ndocs++;
	return 0;
}

/* Every document: one per served group-version, one per group, and api, apis, version. */
static int
build_documents(json_t *gvs)
{
	const char *groups[64];
	size_t ngroups = registry_groups(groups, KC_ARRAY_SIZE(groups));
	size_t i;
	json_t *gv, *doc;
	int r = 0;

	store.docs = calloc(json_array_size(gvs) + ngroups + 3, sizeof(*store.docs));
	if (store.docs == NULL)
		return KC_ERR_NOMEM;
	json_array_foreach(gvs, i, gv) {
		const char *g = json_string_value(json_object_get(gv, "group"));
		const char *v = json_string_value(json_object_get(gv, "version"));
		char path[160];

		snprintf(path, sizeof(path), *g ? "apis/%s/%s" : "api/%s%s", *g ? g : v,
			 *g ? v : "");
		r = build_gv(store.schemas, g, v, &doc);
		if ((r = add_slot(path, doc, r)) < 0)
			return r;
	}
	for (i = 0; i < ngroups; i++) {
		char path[160];

		if (*groups[i] == '\0')
			continue;
		snprintf(path, sizeof(path), "apis/%s", groups[i]);
		r = build_misc(store.schemas, "group", groups[i], &doc);
		if ((r = add_slot(path, doc, r)) < 0)
			return r;
	}
	for (i = 0; i < 3; i++) {
		static const char *const misc[] = { "api", "apis", "version" };

		r = build_misc(store.schemas, misc[i], NULL, &doc);
		if ((r = add_slot(misc[i], doc, r)) < 0)
			return r;
	}
	qsort(store.docs, store.ndocs, sizeof(*store.docs), cmp_slot_path);
	return 0;
}

static int
build_root(void)
{
	json_t *paths = json_object(), *root;

	for (size_t i = 0; paths != NULL && i < store.ndocs; i++)
		if (json_object_set_new(
			    paths, store.docs[i].path,
			    json_pack("{s:s}", "serverRelativeURL", store.docs[i].url)) < 0) {
			json_decref(paths);
			paths = NULL;
		}
	root = paths != NULL ? json_pack("{s:o}", "paths", paths) : NULL;
	return slot_fill(&store.root, "", root, 1);
}

int
openapi_build(void)
{
	char err[512];
	json_t *gvs;
	int r;

	if (store.built)
		return 0;
	gvs = served_group_versions();
	if (gvs == NULL)
		return KC_ERR_NOMEM;
	r = openapi_schemas_load(&store.schemas, NULL, gvs, err, sizeof(err));
	if (r < 0)
		kc_error("openapi: schema tables: %s", err);
	if (r == 0)
		r = build_documents(gvs);
	if (r == 0)
		r = build_root();
	json_decref(gvs);
	if (r < 0) {
		openapi_release();
		return r;
	}
	store.built = 1;
	return 0;
}

void
openapi_release(void)
{
	for (size_t i = 0; i < store.ndocs; i++)
		slot_release(&store.docs[i]);
	free(store.docs);
	slot_release(&store.root);
	store.schemas = openapi_schemas_free(store.schemas);
	store.docs = NULL;
	store.ndocs = 0;
	store.built = 0;
}

const struct openapi_doc *
openapi_root(void)
{
	return store.built ? &store.root.doc : NULL;
}

const struct openapi_doc *
openapi_lookup(const char *path)
{
	size_t lo = 0, hi = store.ndocs, len;
	char key[256];

	if (!store.built || path == NULL)
		return NULL;
	if (strncmp(path, OPENAPI_V3_PREFIX "/", sizeof(OPENAPI_V3_PREFIX)) == 0)
		path += sizeof(OPENAPI_V3_PREFIX);
	len = strlen(path);
	if (len > 0 && path[len - 1] == '/')
		len--;
	if (len == 0 || len >= sizeof(key))
		return NULL;
	memcpy(key, path, len);
	key[len] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, store.docs[mid].path);

		if (c == 0)
			return &store.docs[mid].doc;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

size_t
openapi_count(void)
{
	return store.built ? store.ndocs : 0;
}

const struct openapi_doc *
openapi_doc_at(size_t i)
{
	return store.built && i < store.ndocs ? &store.docs[i].doc : NULL;
}

json_t *
openapi_schema(const char *name)
{
	long idx;

	if (!store.built || name == NULL)
		return NULL;
	idx = openapi_schemas_find(store.schemas, name);
	return idx < 0 ? NULL : openapi_schemas_json(store.schemas, (size_t)idx);
}

const char *
openapi_schema_name_for_kind(const char *group, const char *version, const char *kind)
{
	long idx;

	if (!store.built)
		return NULL;
	idx = openapi_schemas_for_gvk(store.schemas, group, version, kind);
	return idx < 0 ? NULL : openapi_schemas_name(store.schemas, (size_t)idx);
}
