/*
 * handler.c - what GET /openapi/v3[/<path>] answers, apart from the HTTP plumbing (upstream:
 * kube-openapi/pkg/handler3/handler.go HandleDiscovery and HandleGroupVersion, with
 * net/http's ServeContent for If-None-Match).
 */
#include <string.h>
#include <time.h>

#include "kube-apiserver/openapi/openapi.h"

/* Whether an If-None-Match list ("a", W/"b", *) names etag. */
static int
etag_matches(const char *if_none_match, const char *etag)
{
	const char *p = if_none_match;
	size_t n = strlen(etag);

	if (p == NULL)
		return 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (strncmp(p, "W/", 2) == 0)
			p += 2; /* weak comparison, as ServeContent does for If-None-Match */
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

/* handler3 serves application/json (and protobuf, which we do not); an empty Accept is any. */
static int
accepts_json(const char *accept)
{
	if (accept == NULL || *accept == '\0')
		return 1;
	return strstr(accept, "application/json") != NULL || strstr(accept, "*/*") != NULL ||
	       strstr(accept, "application/*") != NULL;
}

static void
one_year_on(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_year++;
	if (strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 0)
		buf[0] = '\0';
}

int
openapi_respond(const char *url_path, const char *hash, const char *if_none_match,
		const char *accept, struct openapi_response *out)
{
	const struct openapi_doc *d;
	int root;

	memset(out, 0, sizeof(*out));
	out->status = 404;
	if (url_path == NULL ||
	    strncmp(url_path, OPENAPI_V3_PREFIX, strlen(OPENAPI_V3_PREFIX)) != 0)
		return out->status;
	root = strcmp(url_path, OPENAPI_V3_PREFIX) == 0 ||
	       strcmp(url_path, OPENAPI_V3_PREFIX "/") == 0;
	d = root ? openapi_root() : openapi_lookup(url_path);
	if (d == NULL)
		return out->status;
	if (!root) {
		out->vary = "Accept";
		if (!accepts_json(accept))
			return out->status = 406;
	}
	out->content_type = "application/json";
	out->etag = d->etag;
	if (!root && hash != NULL && *hash != '\0') {
		if (strcmp(hash, d->hash) != 0) {
			out->content_type = NULL;
			out->location = d->url;
			return out->status = 301;
		}
		out->cache_control = "public, immutable";
		one_year_on(out->expires, sizeof(out->expires));
	}
	if (etag_matches(if_none_match, d->etag))
		return out->status = 304;
	out->body = d->bytes;
	out->len = d->len;
	return out->status = 200;
}
