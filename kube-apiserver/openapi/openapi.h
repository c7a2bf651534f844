/*
 * openapi.h - the /openapi/v3 documents: the root that lists one URL per document, and one
 * OpenAPI 3.0 document per served group-version (plus /api, /apis, /apis/<group> and /version),
 * built once at startup from the resource table and the schema rows (upstream:
 * apiserver/pkg/endpoints/openapi, apiserver/pkg/server/routes/openapi.go and
 * kube-openapi/pkg/handler3/handler.go).
 *
 * Serving (what handler3 does with these; openapi_respond() decides it for a handler):
 *   GET /openapi/v3                 root->bytes, Content-Type application/json, ETag root->etag
 *   GET /openapi/v3/<path>?hash=H   doc->bytes with ETag doc->etag; when H equals doc->hash also
 *                                   Cache-Control "public, immutable" and Expires one year on;
 *                                   a different H answers 301 to doc->url (kubectl caches by URL)
 *   If-None-Match equal to the ETag answers 304.  No document: 404.
 *
 * Every string here is owned by the module and lives until openapi_release().
 */
#ifndef KUBE_APISERVER_OPENAPI_H
#define KUBE_APISERVER_OPENAPI_H

#include <stddef.h>

#include <jansson.h>

/* Where the documents are served. */
#define OPENAPI_V3_PREFIX "/openapi/v3"

struct openapi_doc {
	const char *path;  /* "apis/apps/v1", "api/v1", "version"; "" for the root */
	const char *bytes; /* the compact JSON, NUL-terminated */
	size_t len;        /* strlen(bytes) */
	const char *hash;  /* upper-case hex SHA-512 of bytes (128 digits), as handler3's ETag */
	const char *etag;  /* the hash in double quotes, the ETag header's value */
	const char *url;   /* "/openapi/v3/<path>?hash=<hash>" ("/openapi/v3" for the root) */
};

/*
 * Builds every document once (a second call does nothing and returns 0); call it at startup,
 * before any thread reads: the documents are read-only afterwards.  Returns 0, or
 * KC_ERR_NOMEM, or KC_ERR_PARSE/KC_ERR_INTERNAL when the schema rows or the resource table
 * are inconsistent (a kind without a schema): a build bug, logged with its cause.
 */
int openapi_build(void);

/* Frees everything openapi_build() made (for tests and leak checkers). */
void openapi_release(void);

/* The root document {"paths":{"api/v1":{"serverRelativeURL":...},...}}; NULL before a build. */
const struct openapi_doc *openapi_root(void);

/*
 * The document of path ("apis/apps/v1", "/openapi/v3/apis/apps/v1", a trailing '/' allowed;
 * no query string), or NULL when there is none (or before a build).
 */
const struct openapi_doc *openapi_lookup(const char *path);

/* The documents, root excluded, in the root's (sorted) order: i < openapi_count(). */
size_t openapi_count(void);
const struct openapi_doc *openapi_doc_at(size_t i);

/*
 * The schema called name ("io.k8s.api.apps.v1.Deployment"), borrowed and read-only, or NULL:
 * the same object the documents serve, for callers that check fields (strict decoding).
 */
json_t *openapi_schema(const char *name);

/* The schema name of group/version/kind ("" group for core), borrowed, or NULL. */
const char *openapi_schema_name_for_kind(const char *group, const char *version, const char *kind);

/* What to answer to one GET under /openapi/v3 (handler3's HandleDiscovery/HandleGroupVersion). */
struct openapi_response {
	int status;                /* 200, 301, 304, 404 or 406 */
	const char *content_type;  /* "application/json" for 200 and 304; else NULL */
	const char *etag;          /* ETag header value, or NULL */
	const char *cache_control; /* "public, immutable" when ?hash= matched, else NULL */
	const char *vary;          /* "Accept" for group-version documents, else NULL */
	const char *location;      /* 301: the document's current URL */
	const char *body;          /* 200: the document (borrowed); else NULL */
	size_t len;
	char expires[40]; /* with cache_control: RFC 1123 date a year on; else "" */
};

/*
 * Fills *out for GET url_path (starting with /openapi/v3; no query string) with hash the value
 * of ?hash= (NULL or "" when absent), if_none_match the If-None-Match header and accept the
 * Accept header (NULL for none).  Like upstream: a stale hash answers 301 to the current URL,
 * a matching one makes the answer cacheable for good, an If-None-Match equal to the ETag
 * answers 304, an Accept without JSON (protobuf only) 406, and an unknown document 404.
 * Returns out->status.
 */
int openapi_respond(const char *url_path, const char *hash, const char *if_none_match,
		    const char *accept, struct openapi_response *out);

/*
 * Upper-case hex SHA-512 of data into hash (129 bytes with the NUL): the value of ?hash= and
 * of the ETag.  Returns 0 or KC_ERR_INTERNAL.
 */
int openapi_hash(const void *data, size_t len, char hash[129]);

#endif
