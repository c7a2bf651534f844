/*
 * check_openapi.c - the /openapi/v3 documents (API-COMPAT.md §3.12 OA1-OA3, §3.7 PA6): one
 * document per served group-version, schemas with array GVKs for every kind, PATCH operations
 * with a single-object GVK and an inline fieldValidation parameter, no strategic-merge-patch,
 * $refs that resolve, upstream operation ids, and a content hash that moves with the bytes.
 * Also the schema row loader, on good and bad tables.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "kube-apiserver/openapi/openapi.h"
#include "kube-apiserver/openapi/schema.h"
#include "kube-apiserver/openapi/schema_rows.h"
#include "kube-apiserver/registry/registry.h"
#include "libkcommon/cleanup.h"
#include "libkcommon/errors.h"
#include "test/unit/testutil/testutil.h"

/*
 * Parsed documents by openapi_doc_at() index, parsed when a test first asks: with Check's
 * fork per test, children parse only what they read (LeakSanitizer then has a small heap to
 * walk at each child's exit).
 */
static json_t *parsed_cache[64];

static void
setup(void)
{
	ck_assert_int_eq(openapi_build(), 0);
	ck_assert_uint_le(openapi_count(), KC_ARRAY_SIZE(parsed_cache));
}

static void
teardown(void)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(parsed_cache); i++) {
		json_decref(parsed_cache[i]);
		parsed_cache[i] = NULL;
	}
	openapi_release();
}

static json_t *
parsed(size_t i)
{
	json_error_t e;

	if (parsed_cache[i] == NULL) {
		parsed_cache[i] =
			json_loadb(openapi_doc_at(i)->bytes, openapi_doc_at(i)->len, 0, &e);
		ck_assert_msg(parsed_cache[i] != NULL, "%s: %s", openapi_doc_at(i)->path, e.text);
	}
	return parsed_cache[i];
}

/* The parsed document at path ("apis/apps/v1"), failing the test when absent. */
static json_t *
doc(const char *path)
{
	for (size_t i = 0; i < openapi_count(); i++)
		if (strcmp(openapi_doc_at(i)->path, path) == 0)
			return parsed(i);
	ck_abort_msg("no document %s", path);
	return NULL;
}

static void
gv_path(const char *group, const char *version, char *buf, size_t size)
{
	if (*group == '\0')
		snprintf(buf, size, "api/%s", version);
	else
		snprintf(buf, size, "apis/%s/%s", group, version);
}

static json_t *
schemas_of(json_t *d)
{
	return json_object_get(json_object_get(d, "components"), "schemas");
}

/* Follows $ref and single-element allOf to the schema object. */
static json_t *
deref(json_t *d, json_t *s)
{
	for (int depth = 0; s != NULL && depth < 8; depth++) {
		const char *ref = json_string_value(json_object_get(s, "$ref"));
		json_t *all = json_object_get(s, "allOf");

		if (ref != NULL) {
			ck_assert(strncmp(ref, OPENAPI_SCHEMA_REF_PREFIX,
					  strlen(OPENAPI_SCHEMA_REF_PREFIX)) == 0);
			s = json_object_get(schemas_of(d), ref + strlen(OPENAPI_SCHEMA_REF_PREFIX));
		} else if (all != NULL) {
			s = json_array_get(all, 0);
		} else {
			return s;
		}
	}
	return s;
}

/* Walks "spec.template.spec.containers[].resources" from schema name in document d. */
static json_t *
walk(json_t *d, const char *name, const char *fields)
{
	json_t *s = json_object_get(schemas_of(d), name);
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", fields);
	for (char *f = strtok_r(buf, ".", &save); s != NULL && f != NULL;
	     f = strtok_r(NULL, ".", &save)) {
		size_t n = strlen(f);
		int array = n > 2 && strcmp(f + n - 2, "[]") == 0;

		if (array)
			f[n - 2] = '\0';
		s = deref(d, json_object_get(json_object_get(s, "properties"), f));
		if (array)
			s = deref(d, json_object_get(s, "items"));
	}
	return s;
}

static int
array_has_string(json_t *a, const char *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), v) == 0)
			return 1;
	return 0;
}

static int
gvk_is(json_t *o, const char *g, const char *v, const char *k)
{
	return json_is_object(o) && json_is_string(json_object_get(o, "group")) &&
	       strcmp(json_string_value(json_object_get(o, "group")), g) == 0 &&
	       strcmp(json_string_value(json_object_get(o, "version")), v) == 0 &&
	       strcmp(json_string_value(json_object_get(o, "kind")), k) == 0;
}

static json_t *
find_param(json_t *op, const char *name)
{
	size_t i;
	json_t *p;

	json_array_foreach(json_object_get(op, "parameters"), i, p)
		if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
			return p;
	return NULL;
}

/* The served group-versions, distinct, in table order. */
static size_t
served_gvs(const struct api_resource **out, size_t max)
{
	size_t n = 0;

	for (const struct api_resource *r = api_resources; r->resource != NULL; r++) {
		size_t i;

		for (i = 0; i < n; i++)
			if (strcmp(out[i]->group, r->group) == 0 &&
			    strcmp(out[i]->version, r->version) == 0)
				break;
		if (i == n && n < max)
			out[n++] = r;
	}
	return n;
}

static size_t
resource_count(void)
{
	size_t n = 0;

	while (api_resources[n].resource != NULL)
		n++;
	return n;
}

#define MAX_GVS 32

/* --- documents --------------------------------------------------------------------------- */

START_TEST(test_every_gv_has_a_document)
{
	const struct api_resource *gvs[MAX_GVS];
	size_t n = served_gvs(gvs, MAX_GVS);
	char path[128];
	const struct openapi_doc *d;
	json_t *j;

	ck_assert_uint_lt((size_t)_i, n);
	gv_path(gvs[_i]->group, gvs[_i]->version, path, sizeof(path));
	d = openapi_lookup(path);
	ck_assert_msg(d != NULL, "%s", path);
	ck_assert_str_eq(d->path, path);
	j = doc(path);
	ck_assert_str_eq(json_string_value(json_object_get(j, "openapi")), "3.0.0");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "info"), "title")),
			 "Kubernetes");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "info"), "version")),
			 "v1.32.0");
	ck_assert_int_gt(json_object_size(json_object_get(j, "paths")), 1);
	ck_assert_int_gt(json_object_size(schemas_of(j)), 3);
}
END_TEST

START_TEST(test_root_lists_every_document)
{
	const struct openapi_doc *root = openapi_root();
	json_t *j = json_loadb(root->bytes, root->len, 0, NULL), *paths, *v;
	const char *key, *prev = "";
	const struct api_resource *gvs[MAX_GVS];
	size_t n = served_gvs(gvs, MAX_GVS);

	ck_assert_ptr_nonnull(j);
	paths = json_object_get(j, "paths");
	ck_assert_uint_eq(json_object_size(paths), openapi_count());
	json_object_foreach(paths, key, v) {
		const struct openapi_doc *d = openapi_lookup(key);

		ck_assert_msg(d != NULL, "%s", key);
		ck_assert_str_eq(json_string_value(json_object_get(v, "serverRelativeURL")),
				 d->url);
		ck_assert_msg(strcmp(prev, key) < 0, "root keys sorted: %s after %s", key, prev);
		prev = key;
	}
	for (size_t i = 0; i < n; i++) {
		char path[128];

		gv_path(gvs[i]->group, gvs[i]->version, path, sizeof(path));
		ck_assert_msg(json_object_get(paths, path) != NULL, "%s", path);
	}
	ck_assert_ptr_nonnull(json_object_get(paths, "version"));
	ck_assert_ptr_nonnull(json_object_get(paths, "apis/apps"));
	ck_assert_str_eq(root->url, "/openapi/v3");
	ck_assert_str_eq(root->path, "");
	json_decref(j);
}
END_TEST

START_TEST(test_hash_etag_and_url)
{
	for (size_t i = 0; i < openapi_count(); i++) {
		const struct openapi_doc *d = openapi_doc_at(i);
		char want[512];

		ck_assert_uint_eq(strlen(d->hash), 128);
		for (const char *p = d->hash; *p; p++)
			ck_assert_msg(isdigit((unsigned char)*p) || (*p >= 'A' && *p <= 'F'),
				      "upper-case hex: %s", d->hash);
		snprintf(want, sizeof(want), "\"%s\"", d->hash);
		ck_assert_str_eq(d->etag, want);
		snprintf(want, sizeof(want), "/openapi/v3/%s?hash=%s", d->path, d->hash);
		ck_assert_str_eq(d->url, want);
		ck_assert_uint_eq(strlen(d->bytes), d->len);
	}
}
END_TEST

/* The hash is SHA-512 of the bytes, as kube-openapi's computeETag (checked with OpenSSL). */
START_TEST(test_hash_is_sha512_of_bytes)
{
	const struct openapi_doc *d = openapi_lookup("apis/apps/v1");
	unsigned char md[64];
	unsigned int n = 0;
	char hex[129], h[129];

	ck_assert_int_eq(EVP_Digest(d->bytes, d->len, md, &n, EVP_sha512(), NULL), 1);
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02X", md[i]);
	ck_assert_str_eq(d->hash, hex);
	/* FIPS 180-2 test vector */
	ck_assert_int_eq(openapi_hash("abc", 3, h), 0);
	ck_assert_str_eq(h, "DDAF35A193617ABACC417349AE20413112E6FA4E89A97EA20A9EEEE64B55D39A"
			    "2192992A274FC1A836BA3C23A3FEEBBD454D4423643CE80E2A9AC94FA54CA49F");
}
END_TEST

START_TEST(test_hash_moves_with_the_bytes)
{
	const struct openapi_doc *d = openapi_lookup("api/v1");
	KC_AUTOFREE char *copy = strndup(d->bytes, d->len);
	char h1[129], h2[129];

	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(openapi_hash(copy, d->len, h1), 0);
	ck_assert_str_eq(h1, d->hash);
	/* one changed description byte, far into the document */
	copy[d->len / 2] = copy[d->len / 2] == 'x' ? 'y' : 'x';
	ck_assert_int_eq(openapi_hash(copy, d->len, h2), 0);
	ck_assert_str_ne(h1, h2);
	ck_assert_int_eq(openapi_hash(copy, d->len - 1, h1), 0);
	ck_assert_str_ne(h1, h2);
}
END_TEST

/* Built again, every document and hash is identical: kubectl's URL-keyed cache stays warm. */
START_TEST(test_hash_is_stable_across_builds)
{
	size_t n = openapi_count();
	char *hashes[64], root[129];

	for (size_t i = 0; i < n; i++)
		hashes[i] = strdup(openapi_doc_at(i)->hash);
	snprintf(root, sizeof(root), "%s", openapi_root()->hash);
	openapi_release();
	ck_assert_ptr_null(openapi_root());
	ck_assert_ptr_null(openapi_lookup("api/v1"));
	ck_assert_uint_eq(openapi_count(), 0);
	ck_assert_int_eq(openapi_build(), 0);
	ck_assert_int_eq(openapi_build(), 0); /* once */
	ck_assert_uint_eq(openapi_count(), n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(openapi_doc_at(i)->hash, hashes[i]);
		free(hashes[i]);
	}
	ck_assert_str_eq(openapi_root()->hash, root);
}
END_TEST

START_TEST(test_lookup_forms)
{
	const struct openapi_doc *d = openapi_lookup("apis/apps/v1");

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_eq(openapi_lookup("/openapi/v3/apis/apps/v1"), d);
	ck_assert_ptr_eq(openapi_lookup("apis/apps/v1/"), d);
	ck_assert_ptr_nonnull(openapi_lookup("api/v1"));
	ck_assert_ptr_nonnull(openapi_lookup("/openapi/v3/version"));
	ck_assert_ptr_null(openapi_lookup("apis/apps/v2"));
	ck_assert_ptr_null(openapi_lookup("apis/apps/v1?hash=1"));
	ck_assert_ptr_null(openapi_lookup("apis/extensions/v1beta1"));
	ck_assert_ptr_null(openapi_lookup(""));
	ck_assert_ptr_null(openapi_lookup("/openapi/v3/"));
	ck_assert_ptr_null(openapi_lookup(NULL));
	ck_assert_ptr_null(openapi_doc_at(openapi_count()));
}
END_TEST

/*
 * kubectl takes the first PATCH with the GVK it meets in a map walk (random order), so every
 * PATCH, status and scale included, carries its GVK object and an inline fieldValidation
 * (a $ref parameter has no name for kubectl's check).
 */
START_TEST(test_all_patch_operations_have_field_validation)
{
	size_t patches = 0;

	for (size_t i = 0; i < openapi_count(); i++) {
		const char *path;
		json_t *item;

		json_object_foreach(json_object_get(parsed(i), "paths"), path, item) {
			json_t *op = json_object_get(item, "patch"), *p;

			/* proxy's PATCH is a connect operation of NodeProxyOptions & co. */
			if (op == NULL ||
			    strcmp(json_string_value(json_object_get(op, "x-kubernetes-action")),
				   "connect") == 0)
				continue;
			patches++;
			ck_assert_msg(json_is_object(json_object_get(
					      op, "x-kubernetes-group-version-kind")),
				      "%s", path);
			p = find_param(op, "fieldValidation");
			ck_assert_msg(p != NULL && json_object_get(p, "$ref") == NULL, "%s", path);
			ck_assert_ptr_null(find_param(item, "fieldValidation"));
		}
	}
	ck_assert_uint_ge(patches, 60);
}
END_TEST

/* No PATCH (nor anything else) offers strategic merge patch (API-COMPAT §3.7 PA6). */
START_TEST(test_no_strategic_merge_patch)
{
	for (size_t i = 0; i < openapi_count(); i++)
		ck_assert_msg(strstr(openapi_doc_at(i)->bytes, "strategic-merge-patch") == NULL,
			      "%s", openapi_doc_at(i)->path);
}
END_TEST

static void
check_refs(json_t *d, json_t *node, const char *where, size_t *count)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_array(node)) {
		json_array_foreach(node, i, v)
			check_refs(d, v, where, count);
		return;
	}
	if (!json_is_object(node))
		return;
	json_object_foreach(node, key, v) {
		if (strcmp(key, "$ref") == 0) {
			const char *ref = json_string_value(v);

			ck_assert_msg(ref != NULL &&
					      strncmp(ref, OPENAPI_SCHEMA_REF_PREFIX,
						      strlen(OPENAPI_SCHEMA_REF_PREFIX)) == 0,
				      "%s: bad $ref", where);
			ck_assert_msg(json_object_get(schemas_of(d),
						      ref + strlen(OPENAPI_SCHEMA_REF_PREFIX)) !=
					      NULL,
				      "%s: dangling %s", where, ref);
			(*count)++;
		} else {
			check_refs(d, v, where, count);
		}
	}
}

START_TEST(test_refs_resolve)
{
	for (size_t i = 0; i < openapi_count(); i++) {
		size_t refs = 0;

		check_refs(parsed(i), parsed(i), openapi_doc_at(i)->path, &refs);
		ck_assert_msg(refs > 0, "%s has no $ref", openapi_doc_at(i)->path);
	}
}
END_TEST

/* Each document carries only the schemas its paths reach (builder3 prunes the same way). */
START_TEST(test_documents_carry_only_reachable_schemas)
{
	json_t *apps = schemas_of(doc("apis/apps/v1")), *core = schemas_of(doc("api/v1"));

	ck_assert_ptr_nonnull(json_object_get(apps, "io.k8s.api.core.v1.PodSpec"));
	ck_assert_ptr_nonnull(json_object_get(apps, "io.k8s.api.autoscaling.v1.Scale"));
	ck_assert_ptr_null(json_object_get(apps, "io.k8s.api.rbac.v1.ClusterRole"));
	ck_assert_ptr_null(json_object_get(apps, "io.k8s.api.core.v1.Node"));
	ck_assert_ptr_null(json_object_get(core, "io.k8s.api.apps.v1.Deployment"));
	ck_assert_ptr_nonnull(json_object_get(core, "io.k8s.api.policy.v1.Eviction"));
	ck_assert_ptr_nonnull(json_object_get(core, "io.k8s.api.authentication.v1.TokenRequest"));
	ck_assert_ptr_nonnull(json_object_get(core, "io.k8s.api.autoscaling.v1.Scale"));
}
END_TEST

/* --- per resource ---------------------------------------------------------------------- */

/* Every kind has a schema with the x-kubernetes-group-version-kind ARRAY (OA2, explain). */
static void
check_kind_has_a_schema(const struct api_resource *r)
{
	char path[128], list_kind[128];
	const char *name = openapi_schema_name_for_kind(r->group, r->version, r->kind);
	json_t *d, *s, *gvk;

	gv_path(r->group, r->version, path, sizeof(path));
	d = doc(path);
	ck_assert_msg(name != NULL, "%s", r->kind);
	s = json_object_get(schemas_of(d), name);
	ck_assert_msg(s != NULL, "%s not in %s", name, path);
	gvk = json_object_get(s, "x-kubernetes-group-version-kind");
	ck_assert(json_is_array(gvk));
	ck_assert(gvk_is(json_array_get(gvk, 0), r->group, r->version, r->kind));
	ck_assert_str_eq(json_string_value(json_object_get(s, "type")), "object");
	ck_assert(json_string_length(json_object_get(s, "description")) > 10);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(s, "properties"), "apiVersion"));
	ck_assert_ptr_nonnull(json_object_get(json_object_get(s, "properties"), "kind"));
	ck_assert_ptr_eq(openapi_schema(name), openapi_schema(name));
	if (r->verbs & VERB_LIST) {
		snprintf(list_kind, sizeof(list_kind), "%sList", r->kind);
		name = openapi_schema_name_for_kind(r->group, r->version, list_kind);
		ck_assert_msg(name != NULL && json_object_get(schemas_of(d), name) != NULL, "%s",
			      list_kind);
	}
}

static void
item_path(const struct api_resource *r, char *buf, size_t size)
{
	char gv[128];

	gv_path(r->group, r->version, gv, sizeof(gv));
	snprintf(buf, size, "/%s%s/%s/{name}", gv, r->namespaced ? "/namespaces/{namespace}" : "",
		 r->resource);
}

/*
 * The item path's PATCH has the SINGLE-OBJECT GVK and an inline fieldValidation query
 * parameter (OA1: kubectl then sends fieldValidation=Strict); its body offers the three
 * patch types we take.
 */
static void
check_patch(const struct api_resource *r)
{
	char gv[128], path[300];
	json_t *op, *p, *content;

	if (!(r->verbs & VERB_PATCH))
		return;
	gv_path(r->group, r->version, gv, sizeof(gv));
	item_path(r, path, sizeof(path));
	op = json_object_get(json_object_get(json_object_get(doc(gv), "paths"), path), "patch");
	ck_assert_msg(op != NULL, "%s", path);
	ck_assert(gvk_is(json_object_get(op, "x-kubernetes-group-version-kind"), r->group,
			 r->version, r->kind));
	ck_assert_str_eq(json_string_value(json_object_get(op, "x-kubernetes-action")), "patch");
	p = find_param(op, "fieldValidation");
	ck_assert_msg(p != NULL, "%s", path);
	ck_assert_str_eq(json_string_value(json_object_get(p, "in")), "query");
	ck_assert_ptr_nonnull(find_param(op, "fieldManager"));
	ck_assert_ptr_nonnull(find_param(op, "force"));
	ck_assert_ptr_nonnull(find_param(op, "dryRun"));
	content = json_object_get(json_object_get(op, "requestBody"), "content");
	ck_assert_uint_eq(json_object_size(content), 3);
	ck_assert_ptr_nonnull(json_object_get(content, "application/json-patch+json"));
	ck_assert_ptr_nonnull(json_object_get(content, "application/merge-patch+json"));
	ck_assert_ptr_nonnull(json_object_get(content, "application/apply-patch+yaml"));
}

/* Every verb of every resource has its operation, under the path installer.go gives it. */
static void
check_verbs(const struct api_resource *r)
{
	static const struct {
		unsigned int verb;
		int item;
		const char *method;
	} verbs[] = {
		{ VERB_LIST, 0, "get" },
		{ VERB_CREATE, 0, "post" },
		{ VERB_DELETECOLLECTION, 0, "delete" },
		{ VERB_GET, 1, "get" },
		{ VERB_UPDATE, 1, "put" },
		{ VERB_PATCH, 1, "patch" },
		{ VERB_DELETE, 1, "delete" },
	};
	char gv[128], item[300], coll[300];
	json_t *paths;

	gv_path(r->group, r->version, gv, sizeof(gv));
	paths = json_object_get(doc(gv), "paths");
	item_path(r, item, sizeof(item));
	snprintf(coll, sizeof(coll), "%.*s", (int)(strlen(item) - strlen("/{name}")), item);
	for (size_t i = 0; i < KC_ARRAY_SIZE(verbs); i++) {
		json_t *op = json_object_get(json_object_get(paths, verbs[i].item ? item : coll),
					     verbs[i].method);

		ck_assert_msg((op != NULL) == ((r->verbs & verbs[i].verb) != 0), "%s %s %s",
			      r->resource, verbs[i].method, verbs[i].item ? "item" : "collection");
		if (op != NULL)
			ck_assert(gvk_is(json_object_get(op, "x-kubernetes-group-version-kind"),
					 r->group, r->version, r->kind));
	}
	/* namespaced paths take the namespace path parameter, cluster ones do not */
	ck_assert((find_param(json_object_get(paths, (r->verbs & VERB_GET) ? item : coll),
			      "namespace") != NULL) == (r->namespaced != 0));
}

/* Every subresource has its path (status, scale, eviction, exec, log, proxy, ...). */
static void
check_subresources(const struct api_resource *r)
{
	char gv[128], item[300], path[400];

	gv_path(r->group, r->version, gv, sizeof(gv));
	item_path(r, item, sizeof(item));
	for (int i = 0; i < API_MAX_SUBRESOURCES && r->subresources[i].name != NULL; i++) {
		json_t *p;

		snprintf(path, sizeof(path), "%s/%s", item, r->subresources[i].name);
		p = json_object_get(json_object_get(doc(gv), "paths"), path);
		ck_assert_msg(p != NULL, "%s", path);
		ck_assert_msg(json_object_size(p) >= 2, "%s has an operation", path);
	}
}

/* Per resource: its schema, its PATCH, an operation per verb, a path per subresource. */
START_TEST(test_every_resource)
{
	const struct api_resource *r = &api_resources[_i];

	check_kind_has_a_schema(r);
	check_patch(r);
	check_verbs(r);
	check_subresources(r);
}
END_TEST

/* --- operations named as upstream --------------------------------------------------------- */

static const struct op_case {
	const char *doc, *path, *method, *id, *action, *g, *v, *k;
} op_cases[] = {
	{ "apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch",
	  "patchAppsV1NamespacedDeployment", "patch", "apps", "v1", "Deployment" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods", "get", "listCoreV1NamespacedPod", "list",
	  "", "v1", "Pod" },
	{ "api/v1", "/api/v1/pods", "get", "listCoreV1PodForAllNamespaces", "list", "", "v1",
	  "Pod" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods", "delete",
	  "deleteCoreV1CollectionNamespacedPod", "deletecollection", "", "v1", "Pod" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}", "get", "readCoreV1NamespacedPod",
	  "get", "", "v1", "Pod" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}", "put",
	  "replaceCoreV1NamespacedPod", "put", "", "v1", "Pod" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods", "post", "createCoreV1NamespacedPod",
	  "post", "", "v1", "Pod" },
	{ "apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale", "get",
	  "readAppsV1NamespacedDeploymentScale", "get", "autoscaling", "v1", "Scale" },
	{ "apis/apps/v1", "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status", "patch",
	  "patchAppsV1NamespacedDeploymentStatus", "patch", "apps", "v1", "Deployment" },
	{ "api/v1", "/api/v1/namespaces/{name}/finalize", "put", "replaceCoreV1NamespaceFinalize",
	  "put", "", "v1", "Namespace" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/eviction", "post",
	  "createCoreV1NamespacedPodEviction", "post", "policy", "v1", "Eviction" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/binding", "post",
	  "createCoreV1NamespacedPodBinding", "post", "", "v1", "Binding" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token", "post",
	  "createCoreV1NamespacedServiceAccountToken", "post", "authentication.k8s.io", "v1",
	  "TokenRequest" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/exec", "get",
	  "connectCoreV1GetNamespacedPodExec", "connect", "", "v1", "PodExecOptions" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/portforward", "post",
	  "connectCoreV1PostNamespacedPodPortforward", "connect", "", "v1",
	  "PodPortForwardOptions" },
	{ "api/v1", "/api/v1/nodes/{name}/proxy/{path}", "get", "connectCoreV1GetNodeProxyWithPath",
	  "connect", "", "v1", "NodeProxyOptions" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/log", "get",
	  "readCoreV1NamespacedPodLog", "get", "", "v1", "Pod" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers", "patch",
	  "patchCoreV1NamespacedPodEphemeralcontainers", "patch", "", "v1", "Pod" },
	{ "api/v1", "/api/v1/nodes/{name}", "patch", "patchCoreV1Node", "patch", "", "v1", "Node" },
	{ "api/v1", "/api/v1/namespaces/{namespace}/bindings", "post",
	  "createCoreV1NamespacedBinding", "post", "", "v1", "Binding" },
	{ "apis/authorization.k8s.io/v1", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
	  "post", "createAuthorizationV1SelfSubjectAccessReview", "post", "authorization.k8s.io",
	  "v1", "SelfSubjectAccessReview" },
	{ "apis/authorization.k8s.io/v1",
	  "/apis/authorization.k8s.io/v1/namespaces/{namespace}/localsubjectaccessreviews", "post",
	  "createAuthorizationV1NamespacedLocalSubjectAccessReview", "post", "authorization.k8s.io",
	  "v1", "LocalSubjectAccessReview" },
	{ "apis/rbac.authorization.k8s.io/v1",
	  "/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}", "patch",
	  "patchRbacAuthorizationV1ClusterRole", "patch", "rbac.authorization.k8s.io", "v1",
	  "ClusterRole" },
	{ "apis/certificates.k8s.io/v1",
	  "/apis/certificates.k8s.io/v1/certificatesigningrequests/{name}/approval", "put",
	  "replaceCertificatesV1CertificateSigningRequestApproval", "put", "certificates.k8s.io",
	  "v1", "CertificateSigningRequest" },
	{ "apis/apps/v1", "/apis/apps/v1/watch/namespaces/{namespace}/deployments", "get",
	  "watchAppsV1NamespacedDeploymentList", "watchlist", "apps", "v1", "Deployment" },
	{ "apis/apps/v1", "/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}", "get",
	  "watchAppsV1NamespacedDeployment", "watch", "apps", "v1", "Deployment" },
	{ "apis/apps/v1", "/apis/apps/v1/watch/deployments", "get",
	  "watchAppsV1DeploymentListForAllNamespaces", "watchlist", "apps", "v1", "Deployment" },
	{ "api/v1", "/api/v1/watch/nodes", "get", "watchCoreV1NodeList", "watchlist", "", "v1",
	  "Node" },
	{ "apis/storage.k8s.io/v1", "/apis/storage.k8s.io/v1/csinodes/{name}", "delete",
	  "deleteStorageV1CSINode", "delete", "storage.k8s.io", "v1", "CSINode" },
	{ "apis/apps/v1", "/apis/apps/v1/", "get", "getAppsV1APIResources", NULL, NULL, NULL,
	  NULL },
	{ "apis/apps", "/apis/apps/", "get", "getAppsAPIGroup", NULL, NULL, NULL, NULL },
	{ "apis/rbac.authorization.k8s.io", "/apis/rbac.authorization.k8s.io/", "get",
	  "getRbacAuthorizationAPIGroup", NULL, NULL, NULL, NULL },
	{ "version", "/version/", "get", "getCodeVersion", NULL, NULL, NULL, NULL },
	{ "api", "/api/", "get", "getCoreAPIVersions", NULL, NULL, NULL, NULL },
	{ "apis", "/apis/", "get", "getAPIVersions", NULL, NULL, NULL, NULL },
};

START_TEST(test_operation_ids)
{
	const struct op_case *c = &op_cases[_i];
	json_t *op = json_object_get(
		json_object_get(json_object_get(doc(c->doc), "paths"), c->path), c->method);
	json_t *gvk;

	ck_assert_msg(op != NULL, "%s %s", c->method, c->path);
	ck_assert_str_eq(json_string_value(json_object_get(op, "operationId")), c->id);
	ck_assert_ptr_nonnull(json_object_get(op, "description"));
	ck_assert_ptr_nonnull(json_object_get(json_object_get(op, "responses"), "401"));
	gvk = json_object_get(op, "x-kubernetes-group-version-kind");
	if (c->action == NULL) {
		ck_assert_ptr_null(json_object_get(op, "x-kubernetes-action"));
		ck_assert_ptr_null(gvk);
		return;
	}
	ck_assert_str_eq(json_string_value(json_object_get(op, "x-kubernetes-action")), c->action);
	ck_assert_msg(gvk_is(gvk, c->g, c->v, c->k), "%s", c->id);
}
END_TEST

START_TEST(test_operation_details)
{
	json_t *paths = json_object_get(doc("api/v1"), "paths"), *op, *c;

	/* create: body of the kind, required, answers 200/201/202 */
	op = json_object_get(json_object_get(paths, "/api/v1/namespaces/{namespace}/configmaps"),
			     "post");
	ck_assert_str_eq(json_string_value(json_object_get(op, "description")),
			 "create a ConfigMap");
	ck_assert(json_is_true(json_object_get(json_object_get(op, "requestBody"), "required")));
	c = json_object_get(json_object_get(op, "requestBody"), "content");
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(json_object_get(c, "*/*"), "schema"), "$ref")),
			 "#/components/schemas/io.k8s.api.core.v1.ConfigMap");
	ck_assert_ptr_nonnull(json_object_get(json_object_get(op, "responses"), "202"));
	ck_assert_ptr_nonnull(find_param(op, "fieldValidation"));
	/* plural-looking kinds have no article, vowels take "an" (installer.go) */
	op = json_object_get(json_object_get(paths, "/api/v1/namespaces/{namespace}/endpoints"),
			     "post");
	ck_assert_str_eq(json_string_value(json_object_get(op, "description")), "create Endpoints");
	op = json_object_get(json_object_get(paths, "/api/v1/namespaces/{namespace}/events"),
			     "post");
	ck_assert_str_eq(json_string_value(json_object_get(op, "description")), "create an Event");
	/* list: the list kind, the list/watch parameters, watch streams */
	op = json_object_get(json_object_get(paths, "/api/v1/namespaces/{namespace}/pods"), "get");
	c = json_object_get(json_object_get(json_object_get(op, "responses"), "200"), "content");
	ck_assert_ptr_nonnull(json_object_get(c, "application/json;stream=watch"));
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(json_object_get(c, "application/json"), "schema"), "$ref")),
		"#/components/schemas/io.k8s.api.core.v1.PodList");
	ck_assert_ptr_nonnull(find_param(op, "labelSelector"));
	ck_assert_ptr_nonnull(find_param(op, "resourceVersionMatch"));
	ck_assert_ptr_nonnull(find_param(op, "sendInitialEvents"));
	ck_assert_ptr_null(find_param(op, "fieldValidation"));
	/* delete of a pod answers the pod, of a configmap a Status */
	op = json_object_get(json_object_get(paths, "/api/v1/namespaces/{namespace}/pods/{name}"),
			     "delete");
	c = json_object_get(json_object_get(json_object_get(op, "responses"), "200"), "content");
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(json_object_get(c, "application/json"), "schema"), "$ref")),
		"#/components/schemas/io.k8s.api.core.v1.Pod");
	ck_assert_ptr_nonnull(find_param(op, "propagationPolicy"));
	op = json_object_get(
		json_object_get(paths, "/api/v1/namespaces/{namespace}/configmaps/{name}"),
		"delete");
	c = json_object_get(json_object_get(json_object_get(op, "responses"), "200"), "content");
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(json_object_get(c, "application/json"), "schema"), "$ref")),
		"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status");
	/* exec takes its stream parameters and answers a string; log answers text */
	op = json_object_get(
		json_object_get(paths, "/api/v1/namespaces/{namespace}/pods/{name}/exec"), "post");
	ck_assert_ptr_nonnull(find_param(op, "command"));
	ck_assert_ptr_nonnull(find_param(op, "tty"));
	op = json_object_get(
		json_object_get(paths, "/api/v1/namespaces/{namespace}/pods/{name}/log"), "get");
	ck_assert_ptr_nonnull(find_param(op, "tailLines"));
	ck_assert_ptr_nonnull(find_param(op, "follow"));
	c = json_object_get(json_object_get(json_object_get(op, "responses"), "200"), "content");
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(json_object_get(c, "text/plain"), "schema"), "type")),
		"string");
	/* path-level parameters: name (of the subresource's kind), namespace, pretty */
	c = json_object_get(paths, "/api/v1/namespaces/{namespace}/pods/{name}/eviction");
	ck_assert_str_eq(json_string_value(json_object_get(find_param(c, "name"), "description")),
			 "name of the Eviction");
	ck_assert(json_is_true(json_object_get(find_param(c, "namespace"), "required")));
	ck_assert_ptr_nonnull(find_param(c, "pretty"));
}
END_TEST

/* --- schema content ----------------------------------------------------------------------- */

/* kubectl explain deployment.spec.template.spec.containers.resources walks this far. */
START_TEST(test_schemas_are_deep)
{
	json_t *d = doc("apis/apps/v1"), *s;

	s = walk(d, "io.k8s.api.apps.v1.Deployment", "spec.template.spec.containers[].resources");
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(json_object_get(json_object_get(s, "properties"), "limits"));
	s = walk(d, "io.k8s.api.apps.v1.Deployment",
		 "spec.template.spec.containers[].resources.limits");
	ck_assert_str_eq(json_string_value(json_object_get(s, "type")), "object");
	ck_assert_ptr_nonnull(json_object_get(s, "additionalProperties"));
	s = walk(d, "io.k8s.api.apps.v1.Deployment",
		 "spec.template.spec.volumes[].configMap.items[].key");
	ck_assert_str_eq(json_string_value(json_object_get(s, "type")), "string");
	s = walk(d, "io.k8s.api.apps.v1.Deployment", "spec.strategy.rollingUpdate.maxSurge");
	ck_assert_str_eq(json_string_value(json_object_get(s, "format")), "int-or-string");
	s = walk(d, "io.k8s.api.apps.v1.Deployment", "metadata.creationTimestamp");
	ck_assert_str_eq(json_string_value(json_object_get(s, "format")), "date-time");
	s = walk(d, "io.k8s.api.apps.v1.Deployment", "spec.replicas");
	ck_assert_str_eq(json_string_value(json_object_get(s, "format")), "int32");
	s = walk(doc("api/v1"), "io.k8s.api.core.v1.Pod",
		 "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
		 "nodeSelectorTerms[].matchExpressions[].operator");
	ck_assert(array_has_string(json_object_get(s, "enum"), "In"));
	s = walk(doc("api/v1"), "io.k8s.api.core.v1.Node", "status.capacity");
	ck_assert_ptr_nonnull(json_object_get(json_object_get(s, "additionalProperties"), "$ref"));
	s = walk(doc("api/v1"), "io.k8s.api.core.v1.Secret", "data");
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_object_get(s, "additionalProperties"), "format")),
			 "byte");
}
END_TEST

/* The list/patch extensions as upstream writes them (server-side apply, explain). */
START_TEST(test_list_extensions)
{
	json_t *d = doc("api/v1");
	json_t *spec = json_object_get(json_object_get(schemas_of(d), "io.k8s.api.core.v1.PodSpec"),
				       "properties");
	json_t *containers = json_object_get(spec, "containers"), *ports, *fin;

	ck_assert_str_eq(json_string_value(json_object_get(containers, "x-kubernetes-list-type")),
			 "map");
	ck_assert(array_has_string(json_object_get(containers, "x-kubernetes-list-map-keys"),
				   "name"));
	ck_assert_str_eq(
		json_string_value(json_object_get(containers, "x-kubernetes-patch-merge-key")),
		"name");
	ck_assert_str_eq(
		json_string_value(json_object_get(containers, "x-kubernetes-patch-strategy")),
		"merge");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(spec, "volumes"),
							   "x-kubernetes-patch-strategy")),
			 "merge,retainKeys");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(spec, "tolerations"),
							   "x-kubernetes-list-type")),
			 "atomic");
	ports = json_object_get(
		json_object_get(json_object_get(schemas_of(d), "io.k8s.api.core.v1.Container"),
				"properties"),
		"ports");
	ck_assert_uint_eq(json_array_size(json_object_get(ports, "x-kubernetes-list-map-keys")), 2);
	ck_assert(
		array_has_string(json_object_get(ports, "x-kubernetes-list-map-keys"), "protocol"));
	fin = walk(d, "io.k8s.api.core.v1.Pod", "metadata");
	fin = json_object_get(json_object_get(fin, "properties"), "finalizers");
	ck_assert_str_eq(json_string_value(json_object_get(fin, "x-kubernetes-list-type")), "set");
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(schemas_of(d), "io.k8s.api.core.v1.ObjectReference"),
			"x-kubernetes-map-type")),
		"atomic");
}
END_TEST

START_TEST(test_enums_and_required)
{
	json_t *core = schemas_of(doc("api/v1")), *s, *e;

	s = json_object_get(core, "io.k8s.api.core.v1.Container");
	e = json_object_get(json_object_get(json_object_get(s, "properties"), "imagePullPolicy"),
			    "enum");
	ck_assert_uint_eq(json_array_size(e), 3);
	ck_assert(array_has_string(e, "IfNotPresent"));
	ck_assert(array_has_string(json_object_get(s, "required"), "name"));
	/* "" is an enum value (HostPathUnset) */
	s = json_object_get(core, "io.k8s.api.core.v1.HostPathVolumeSource");
	e = json_object_get(json_object_get(json_object_get(s, "properties"), "type"), "enum");
	ck_assert(array_has_string(e, ""));
	ck_assert(array_has_string(e, "DirectoryOrCreate"));
	/* enum values with spaces, on array items */
	s = json_object_get(schemas_of(doc("apis/certificates.k8s.io/v1")),
			    "io.k8s.api.certificates.v1.CertificateSigningRequestSpec");
	e = json_object_get(
		json_object_get(json_object_get(json_object_get(s, "properties"), "usages"),
				"items"),
		"enum");
	ck_assert(array_has_string(e, "client auth"));
	ck_assert(array_has_string(e, "digital signature"));
	s = json_object_get(schemas_of(doc("apis/apps/v1")), "io.k8s.api.apps.v1.DeploymentSpec");
	ck_assert(array_has_string(json_object_get(s, "required"), "selector"));
	ck_assert(array_has_string(json_object_get(s, "required"), "template"));
	ck_assert(!array_has_string(json_object_get(s, "required"), "replicas"));
}
END_TEST

/* DeleteOptions and WatchEvent are registered in every group-version, as upstream's are. */
START_TEST(test_meta_kinds_list_every_group_version)
{
	const struct api_resource *gvs[MAX_GVS];
	size_t n = served_gvs(gvs, MAX_GVS);
	json_t *d = doc("apis/batch/v1"), *gvk;

	gvk = json_object_get(json_object_get(schemas_of(d),
					      "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"),
			      "x-kubernetes-group-version-kind");
	ck_assert_uint_eq(json_array_size(gvk), n);
	for (size_t i = 0; i < n; i++)
		ck_assert(gvk_is(json_array_get(gvk, i), gvs[i]->group, gvs[i]->version,
				 "DeleteOptions"));
	gvk = json_object_get(
		json_object_get(schemas_of(d), "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent"),
		"x-kubernetes-group-version-kind");
	ck_assert(gvk_is(json_array_get(gvk, 0), "", "v1", "WatchEvent"));
	gvk = json_object_get(
		json_object_get(schemas_of(d), "io.k8s.apimachinery.pkg.apis.meta.v1.Status"),
		"x-kubernetes-group-version-kind");
	ck_assert(gvk_is(json_array_get(gvk, 0), "", "v1", "Status"));
}
END_TEST

START_TEST(test_schema_lookup)
{
	ck_assert_str_eq(openapi_schema_name_for_kind("apps", "v1", "Deployment"),
			 "io.k8s.api.apps.v1.Deployment");
	ck_assert_str_eq(openapi_schema_name_for_kind("", "v1", "Event"),
			 "io.k8s.api.core.v1.Event");
	ck_assert_str_eq(openapi_schema_name_for_kind("events.k8s.io", "v1", "Event"),
			 "io.k8s.api.events.v1.Event");
	ck_assert_str_eq(openapi_schema_name_for_kind("autoscaling", "v1", "Scale"),
			 "io.k8s.api.autoscaling.v1.Scale");
	ck_assert_ptr_null(openapi_schema_name_for_kind("apps", "v1beta1", "Deployment"));
	ck_assert_ptr_null(openapi_schema_name_for_kind("", "v1", "PodSpec"));
	ck_assert_ptr_nonnull(openapi_schema("io.k8s.api.core.v1.PodSpec"));
	ck_assert_ptr_nonnull(openapi_schema("io.k8s.apimachinery.pkg.api.resource.Quantity"));
	ck_assert_ptr_null(openapi_schema("io.k8s.api.core.v1.NoSuch"));
	ck_assert_ptr_null(openapi_schema(NULL));
}
END_TEST

/* --- what the handler answers ---------------------------------------------------------- */

enum {
	H_NONE,
	H_GOOD,
	H_BAD
};
enum {
	I_NONE,
	I_ETAG,
	I_WEAK,
	I_OTHER,
	I_STAR
};

static const struct respond_case {
	const char *path;
	int hash, inm;
	const char *accept;
	int status;
	int cacheable;
} respond_cases[] = {
	{ "/openapi/v3", H_NONE, I_NONE, "application/json, */*", 200, 0 },
	{ "/openapi/v3", H_NONE, I_ETAG, NULL, 304, 0 },
	{ "/openapi/v3/apis/apps/v1", H_GOOD, I_NONE, "application/json", 200, 1 },
	{ "/openapi/v3/apis/apps/v1", H_BAD, I_NONE, "application/json", 301, 0 },
	{ "/openapi/v3/apis/apps/v1", H_NONE, I_NONE, NULL, 200, 0 },
	{ "/openapi/v3/api/v1", H_GOOD, I_ETAG, "application/json", 304, 1 },
	{ "/openapi/v3/api/v1", H_NONE, I_WEAK, NULL, 304, 0 },
	{ "/openapi/v3/api/v1", H_NONE, I_OTHER, NULL, 200, 0 },
	{ "/openapi/v3/api/v1", H_NONE, I_STAR, NULL, 304, 0 },
	{ "/openapi/v3/apis/apps/v1beta1", H_NONE, I_NONE, NULL, 404, 0 },
	{ "/openapi/v2", H_NONE, I_NONE, NULL, 404, 0 },
	{ "/api/v1", H_NONE, I_NONE, NULL, 404, 0 },
	{ "/openapi/v3/api/v1", H_NONE, I_NONE,
	  "application/com.github.proto-openapi.spec.v3.v1.0+protobuf", 406, 0 },
	{ "/openapi/v3/version", H_GOOD, I_NONE, "*/*", 200, 1 },
};

START_TEST(test_respond)
{
	const struct respond_case *c = &respond_cases[_i];
	const struct openapi_doc *d =
		strcmp(c->path, "/openapi/v3") == 0 ? openapi_root() : openapi_lookup(c->path);
	struct openapi_response out;
	char inm[200];
	const char *hash = NULL;

	if (c->hash == H_GOOD)
		hash = d->hash;
	else if (c->hash == H_BAD)
		hash = "0123ABCD";
	if (c->inm == I_ETAG)
		snprintf(inm, sizeof(inm), "%s", d->etag);
	else if (c->inm == I_WEAK)
		snprintf(inm, sizeof(inm), "\"x\", W/%s", d->etag);
	else if (c->inm == I_OTHER)
		snprintf(inm, sizeof(inm), "\"0123\"");
	else
		snprintf(inm, sizeof(inm), "*");
	ck_assert_int_eq(
		openapi_respond(c->path, hash, c->inm == I_NONE ? NULL : inm, c->accept, &out),
		c->status);
	ck_assert_int_eq(out.status, c->status);
	ck_assert((out.cache_control != NULL) == c->cacheable);
	ck_assert((out.expires[0] != '\0') == c->cacheable);
	if (c->cacheable)
		ck_assert_str_eq(out.cache_control, "public, immutable");
	ck_assert((out.body != NULL) == (c->status == 200));
	if (c->status == 200) {
		ck_assert_ptr_eq(out.body, d->bytes);
		ck_assert_uint_eq(out.len, d->len);
		ck_assert_str_eq(out.content_type, "application/json");
	}
	if (c->status == 200 || c->status == 304)
		ck_assert_str_eq(out.etag, d->etag);
	if (c->status == 301)
		ck_assert_str_eq(out.location, d->url);
	else
		ck_assert_ptr_null(out.location);
}
END_TEST

/* --- the row loader ------------------------------------------------------------------------ */

static const struct openapi_row good_rows[] = {
	NS("io.example.v1"),
	T("Thing", "object gvk=example.io/v1/Thing", "Thing is a test type."),
	R("name", "string", "The name."),
	F("child", "Child", "The child."),
	F("bare", "Child", ""),
	F("kids", "[]Child list=map keys=id,zone pmk=id ps=merge", "Kids."),
	F("grid", "[][]int64", "A grid."),
	F("labels", "map[string]string map=atomic", "Labels."),
	F("mode", "string enum=|Fast|Slow path", "Mode."),
	F("when", "io.example.meta.Time", "When."),
	T("Child", "object map=atomic", "Child points back."),
	F("parent", "Thing", "The parent: a cycle."),
	T("Options", "object gvk=*", "Options of every group-version."),
	NS("io.example.meta"),
	T("Time", "string format=date-time", "Time."),
	T("Count", "int-or-string", "Count."),
	T("Size", "quantity", "Size."),
	ROWS_END,
};

START_TEST(test_loader_renders_rows)
{
	const struct openapi_row *const tables[] = { good_rows, NULL };
	json_t *gvs = json_pack("[{s:s, s:s}, {s:s, s:s}]", "group", "", "version", "v1", "group",
				"example.io", "version", "v1");
	struct openapi_schemas *s = NULL;
	char err[256];
	json_t *t, *p;
	long i;

	ck_assert_int_eq(openapi_schemas_load(&s, tables, gvs, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(openapi_schemas_count(s), 6);
	i = openapi_schemas_for_gvk(s, "example.io", "v1", "Thing");
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(openapi_schemas_name(s, (size_t)i), "io.example.v1.Thing");
	t = openapi_schemas_json(s, (size_t)i);
	p = json_object_get(t, "properties");
	/* a described reference is wrapped in allOf, a bare one is not */
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_array_get(json_object_get(json_object_get(p, "child"), "allOf"), 0),
			"$ref")),
		"#/components/schemas/io.example.v1.Child");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(p, "bare"), "$ref")),
			 "#/components/schemas/io.example.v1.Child");
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(json_object_get(json_object_get(p, "grid"), "items"),
					"items"),
			"format")),
		"int64");
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(p, "kids"),
							  "x-kubernetes-list-map-keys")),
			  2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(p, "labels"),
							   "x-kubernetes-map-type")),
			 "atomic");
	/* enum=: empty values kept, the rest of the spec taken (spaces allowed) */
	ck_assert_uint_eq(json_array_size(json_object_get(json_object_get(p, "mode"), "enum")), 3);
	ck_assert(
		array_has_string(json_object_get(json_object_get(p, "mode"), "enum"), "Slow path"));
	ck_assert(array_has_string(json_object_get(t, "required"), "name"));
	/* gvk=* lists every group-version with the type's own name as kind */
	t = openapi_schemas_json(s, (size_t)openapi_schemas_find(s, "io.example.v1.Options"));
	ck_assert(gvk_is(json_array_get(json_object_get(t, "x-kubernetes-group-version-kind"), 1),
			 "example.io", "v1", "Options"));
	ck_assert_int_lt(openapi_schemas_for_gvk(s, "", "v1", "Options"), 0);
	t = openapi_schemas_json(s, (size_t)openapi_schemas_find(s, "io.example.meta.Count"));
	ck_assert_uint_eq(json_array_size(json_object_get(t, "oneOf")), 2);
	t = openapi_schemas_json(s, (size_t)openapi_schemas_find(s, "io.example.meta.Size"));
	ck_assert_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(t, "oneOf"), 1), "type")),
			 "number");
	ck_assert_int_eq(openapi_schemas_find(s, "io.example.v1.Nope"), -1);
	ck_assert_ptr_null(openapi_schemas_name(s, 99));
	ck_assert_ptr_null(openapi_schemas_json(s, 99));
	json_decref(gvs);
	ck_assert_ptr_null(openapi_schemas_free(s));
	ck_assert_ptr_null(openapi_schemas_free(NULL));
}
END_TEST

/* marks follow references through cycles and stop. */
START_TEST(test_loader_marks_closure)
{
	const struct openapi_row *const tables[] = { good_rows, NULL };
	struct openapi_schemas *s = NULL;
	unsigned char marks[8] = { 0 };
	size_t n = 0;

	ck_assert_int_eq(openapi_schemas_load(&s, tables, NULL, NULL, 0), 0);
	openapi_schemas_mark(s, (size_t)openapi_schemas_find(s, "io.example.v1.Child"), marks);
	for (size_t i = 0; i < openapi_schemas_count(s); i++)
		n += marks[i];
	/* Child -> Thing -> Child (cycle), Thing -> Time */
	ck_assert_uint_eq(n, 3);
	ck_assert(marks[openapi_schemas_find(s, "io.example.meta.Time")]);
	ck_assert(!marks[openapi_schemas_find(s, "io.example.meta.Size")]);
	openapi_schemas_mark(s, 99, marks); /* out of range: nothing */
	openapi_schemas_free(s);
}
END_TEST

static const struct openapi_row bad_unknown_type[] = {
	NS("io.x"),
	T("A", "object", "A."),
	F("b", "[]Nope", "B."),
	ROWS_END,
};
static const struct openapi_row bad_attr[] = {
	NS("io.x"),
	T("A", "object", "A."),
	F("b", "string colour=red", "B."),
	ROWS_END,
};
static const struct openapi_row bad_dup_type[] = {
	NS("io.x"),
	T("A", "object", "A."),
	T("A", "object", "Again."),
	ROWS_END,
};
static const struct openapi_row bad_no_ns[] = {
	T("A", "object", "A."),
	ROWS_END,
};
static const struct openapi_row bad_gvk[] = {
	NS("io.x"),
	T("A", "object gvk=apps/Deployment", "A."),
	ROWS_END,
};
static const struct openapi_row bad_dup_field[] = {
	NS("io.x"), T("A", "object", "A."), F("b", "string", "B."), R("b", "int32", "B."), ROWS_END,
};
static const struct openapi_row bad_enum_on_ref[] = {
	NS("io.x"),
	T("A", "object", "A."),
	F("b", "A enum=x|y", "B."),
	ROWS_END,
};
static const struct openapi_row bad_empty_spec[] = {
	NS("io.x"),
	T("A", "object", "A."),
	F("b", "", "B."),
	ROWS_END,
};
static const struct openapi_row bad_type_spec[] = {
	NS("io.x"),
	T("A", "array", "A."),
	ROWS_END,
};
static const struct openapi_row bad_type_attr[] = {
	NS("io.x"),
	T("A", "object list=map", "A."),
	ROWS_END,
};

static const struct bad_case {
	const struct openapi_row *rows;
	const char *err;
} bad_cases[] = {
	{ bad_unknown_type, "io.x.A.b: unknown type \"Nope\"" },
	{ bad_attr, "io.x.A.b: unknown attribute \"colour=red\"" },
	{ bad_dup_type, "type io.x.A defined twice" },
	{ bad_no_ns, "type A before any NS row" },
	{ bad_gvk, "io.x.A: bad gvk \"apps/Deployment\"" },
	{ bad_dup_field, "io.x.A.b: field listed twice" },
	{ bad_enum_on_ref, "io.x.A.b: enum/format on a reference" },
	{ bad_empty_spec, "io.x.A.b: empty type" },
	{ bad_type_spec, "io.x.A: unknown type spec \"array\"" },
	{ bad_type_attr, "io.x.A: unknown attribute \"list=map\"" },
};

START_TEST(test_loader_rejects_bad_rows)
{
	const struct openapi_row *const tables[] = { bad_cases[_i].rows, NULL };
	struct openapi_schemas *s = (struct openapi_schemas *)1;
	char err[256];

	ck_assert_int_eq(openapi_schemas_load(&s, tables, NULL, err, sizeof(err)), KC_ERR_PARSE);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(err, bad_cases[_i].err);
}
END_TEST

/* The built-in tables load on their own, with every type used by some document. */
START_TEST(test_builtin_tables_all_used)
{
	struct openapi_schemas *s = NULL;
	unsigned char *used;
	size_t n;

	ck_assert_int_eq(openapi_schemas_load(&s, NULL, NULL, NULL, 0), 0);
	n = openapi_schemas_count(s);
	ck_assert_uint_gt(n, 300);
	used = calloc(n, 1);
	for (size_t i = 0; i < openapi_count(); i++)
		for (size_t k = 0; k < n; k++)
			if (json_object_get(schemas_of(parsed(i)), openapi_schemas_name(s, k)))
				used[k] = 1;
	for (size_t k = 0; k < n; k++)
		ck_assert_msg(used[k], "%s is in no document", openapi_schemas_name(s, k));
	free(used);
	openapi_schemas_free(s);
}
END_TEST

static Suite *
openapi_suite(void)
{
	Suite *s = suite_create("openapi");
	TCase *docs = tcase_create("documents");
	TCase *res = tcase_create("resources");
	TCase *loader = tcase_create("loader");
	const struct api_resource *gvs[MAX_GVS];

	/* Building and parsing every document takes a while under valgrind and ASan. */
	tcase_add_unchecked_fixture(docs, setup, teardown);
	tcase_set_timeout(docs, 60);
	tcase_add_loop_test(docs, test_every_gv_has_a_document, 0, (int)served_gvs(gvs, MAX_GVS));
	tcase_add_test(docs, test_root_lists_every_document);
	tcase_add_test(docs, test_hash_etag_and_url);
	tcase_add_test(docs, test_hash_is_sha512_of_bytes);
	tcase_add_test(docs, test_hash_moves_with_the_bytes);
	tcase_add_test(docs, test_lookup_forms);
	tcase_add_test(docs, test_no_strategic_merge_patch);
	tcase_add_test(docs, test_all_patch_operations_have_field_validation);
	tcase_add_test(docs, test_refs_resolve);
	tcase_add_test(docs, test_documents_carry_only_reachable_schemas);
	tcase_add_loop_test(docs, test_operation_ids, 0, (int)KC_ARRAY_SIZE(op_cases));
	tcase_add_test(docs, test_operation_details);
	tcase_add_test(docs, test_schemas_are_deep);
	tcase_add_test(docs, test_list_extensions);
	tcase_add_test(docs, test_enums_and_required);
	tcase_add_test(docs, test_meta_kinds_list_every_group_version);
	tcase_add_test(docs, test_schema_lookup);
	tcase_add_test(docs, test_builtin_tables_all_used);
	tcase_add_loop_test(docs, test_respond, 0, (int)KC_ARRAY_SIZE(respond_cases));
	/* last: it rebuilds the documents */
	tcase_add_test(docs, test_hash_is_stable_across_builds);
	suite_add_tcase(s, docs);

	tcase_add_unchecked_fixture(res, setup, teardown);
	tcase_set_timeout(res, 60);
	tcase_add_loop_test(res, test_every_resource, 0, (int)resource_count());
	suite_add_tcase(s, res);

	tcase_add_test(loader, test_loader_renders_rows);
	tcase_add_test(loader, test_loader_marks_closure);
	tcase_add_loop_test(loader, test_loader_rejects_bad_rows, 0, (int)KC_ARRAY_SIZE(bad_cases));
	suite_add_tcase(s, loader);
	return s;
}

KC_TEST_MAIN(openapi_suite)
